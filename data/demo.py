"""Demo store generator: the export files of a fictional Tmall home-goods store, and loading them.

示例家居旗舰店 (shop id DEMO_SHOP_ID) sells ~40 SKUs of 17 items (mugs, plates, jars, bedding, pillows,
towels, blankets, candles, storage, tumblers, coffee sets, rugs, a bean bag and a new aroma diffuser),
19–399 yuan, for about 15 months up to `end_date`. Demand has a weekend lift, a mild upward trend, a
winter season for bedding and blankets, noise, and campaigns: Double 11 (presale deposits from 10-24
20:00 to 10-31, balances on 11-01..11-03 or 11-11, the 11-11 peak with a dip before and after), 618,
12-12 and two 聚划算 days on 2–4 SKUs each. NS-6001-*, NS-4001-PK and NS-1001-YL are new (first sale in
the last 90 days); NS-3002-* and NS-2003-PK are discontinued but still in stock; three best sellers run
short before the last Double 11 (oversold, negative 公有可用数). Refunds run at ~5% (~13% after Double 11).

Files, in import order (all names as the platforms write them):
  ExportOrderList{yyyyMMddHHmm}.csv / ExportOrderDetailList{same}.csv
      one pair per full month, exported on the 2nd or 3rd of the next month; the first months in the
      G2+ 54-column order header (GB18030, six header cells with a trailing space), later ones in the
      71-column G3 header; details in the G3 18-column layout, except the first month (G1/G2 10
      columns, trailing comma on data rows). One month is UTF-8 with BOM; the last full month is .xlsx
      (G3 orders, G4 details).
      Plus a re-export of each Double 11 presale week (10-24..10-31) on 11-13, and an overlapping
      export of the last 30 days on end_date + 1 morning, in which orders have moved on.
  【生意参谋平台】店铺整体_{from}_{to}.csv|.xlsx   shop daily, one per month (GB18030 CSV, then .xlsx)
  【生意参谋平台】商品_全部_{from}_{to}.xlsx        product daily for the last three months
  聚水潭库存_{Monday}.csv                           weekly stock for the last 12 weeks (GB18030)
  旺店通库存_{end_date + 1}.xlsx                    stock per SKU and warehouse
  销售计划_{end year}.xlsx                          the sales plan, one row per month through December
                                                   (see data/demo_plan.py; the current month is a little behind)
  活动日历_{end year}.xlsx                          the Double 11 campaigns with their presale phases, target
                                                   and costs (see data/demo_calendar.py; no 聚划算 days)

Presale orders carry 分阶段订单信息 as `定金:30.00元,付款时间:…;尾款:170.00元,付款时间:…` (or
`尾款:170.00元,未付款`), the format this project defines; 订单付款时间 is the final payment when made.
Run `python -m data.demo --out DIR [--end-date YYYY-MM-DD]` to write the files.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from data.demo_calendar import write_calendar
from data.demo_catalog import DEMO_SHOP_ID, DEMO_STORE
from data.demo_model import no_gc, simulate
from data.demo_orders import write_order_exports
from data.demo_plan import write_plan
from data.demo_reports import sales_by_day, write_inventory, write_product_daily, write_shop_daily

__all__ = [
    "DEMO_SHOP_ID",
    "DEMO_STORE",
    "DEFAULT_SEED",
    "database_is_empty",
    "default_end_date",
    "generate_demo_exports",
    "load_demo",
    "remove_demo",
]

DEFAULT_SEED = 20261111
DEMO_FILE_PREFIXES = (
    "ExportOrderList",
    "ExportOrderDetailList",
    "【生意参谋平台】",
    "聚水潭库存_",
    "旺店通库存_",
    "销售计划_",
    "活动日历_",
)

DEMO_AUTHOR = "示例数据"  # who "changed" the demo plan, in its history

Progress = Callable[[float, str], None]


@dataclass
class DemoSummary:
    """What one generation wrote: files in import order, and volumes."""

    paths: list[Path] = field(default_factory=list)
    orders: int = 0
    lines: int = 0
    exported_order_rows: int = 0
    exported_line_rows: int = 0
    seconds: float = 0.0


def default_end_date() -> date:
    """Yesterday in Beijing time: the last complete day a real store could have exported."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date() - timedelta(days=1)


def _generate(out_dir: Path, end_date: date | None, seed: int) -> DemoSummary:
    started = time.perf_counter()
    end = end_date or default_end_date()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with no_gc():
        store = simulate(end, seed)
        files_rng = random.Random(f"{seed}:files")
        summary = DemoSummary(orders=len(store.orders), lines=sum(len(o.lines) for o in store.orders))
        for _, order_path, detail_path, orders, lines in write_order_exports(store, out_dir, files_rng):
            summary.paths += [order_path, detail_path]
            summary.exported_order_rows += orders
            summary.exported_line_rows += lines
        shop, item = sales_by_day(store)
        visitors: dict[date, int] = {}
        summary.paths += write_shop_daily(store, shop, out_dir, files_rng, visitors)
        summary.paths += write_product_daily(store, item, out_dir, files_rng)
        summary.paths += write_inventory(store, out_dir, files_rng)
        summary.paths.append(write_plan(store, shop, visitors, out_dir, DEMO_STORE))
        summary.paths.append(write_calendar(store, shop, out_dir, DEMO_STORE))
    summary.seconds = time.perf_counter() - started
    return summary


def generate_demo_exports(
    out_dir: Path, *, end_date: date | None = None, seed: int = DEFAULT_SEED
) -> list[Path]:
    """Write the demo store's export files into `out_dir`; returns their paths in import order."""
    return _generate(out_dir, end_date, seed).paths


def _clear(work_dir: Path) -> None:
    """Remove earlier demo files (only names the generator writes) so a new run starts clean."""
    work_dir.mkdir(parents=True, exist_ok=True)
    for path in work_dir.iterdir():
        if path.is_file() and path.name.startswith(DEMO_FILE_PREFIXES):
            path.unlink()


def load_demo(
    conn, work_dir: Path, *, progress: Progress | None = None, end_date: date | None = None
) -> list:
    """Generate the demo files into `work_dir` and import them through the connectors as a demo store
    (the sales plan and the campaign calendar last: their rows name the store the order files created)."""
    from connectors import import_file
    from db import WRITE_LOCK, bump_data_version

    work_dir = Path(work_dir)
    if progress is not None:
        progress(0.0, "正在生成示例店铺的导出文件…")
    _clear(work_dir)
    paths = generate_demo_exports(work_dir, end_date=end_date)
    results = []
    span = 0.9 / max(len(paths), 1)
    for index, path in enumerate(paths):
        base = 0.1 + span * index
        step = None
        if progress is not None:
            progress(base, f"导入 {path.name}（{index + 1}/{len(paths)}）")

            def step(fraction: float, text: str, _base: float = base) -> None:
                progress(_base + span * min(max(fraction, 0.0), 1.0), text)

        results.append(
            import_file(conn, path, store=DEMO_STORE, source="demo", progress=step, author=DEMO_AUTHOR)
        )
    with WRITE_LOCK:
        conn.execute("BEGIN TRANSACTION")
        try:
            conn.execute(
                "INSERT INTO stores (store, platform, shop_id, shop_name, is_demo) VALUES (?, 'tmall', ?, ?, true) "
                "ON CONFLICT (store) DO UPDATE SET is_demo = true, platform = 'tmall'",
                [DEMO_STORE, DEMO_SHOP_ID, DEMO_STORE],
            )
            bump_data_version(conn)
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
    if progress is not None:
        progress(1.0, "示例店铺已导入")
    return results


_DEMO_STORES = "SELECT store FROM stores WHERE is_demo"
_DEMO_LOADS = f"SELECT load_id FROM loads WHERE store IN ({_DEMO_STORES}) OR source = 'demo'"
_DEMO_CAMPAIGNS = f"SELECT campaign_id FROM campaigns WHERE store IN ({_DEMO_STORES})"
_REMOVE_STATEMENTS = (
    f"DELETE FROM rejected_rows WHERE load_id IN ({_DEMO_LOADS})",
    f"DELETE FROM orders WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM order_lines WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM traffic_daily WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM product_daily WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM inventory_snapshots WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM plan_months WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM plan_years WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM plan_day_overrides WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM plan_history WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM sales_daily WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM sku_daily WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM paid_lines WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM buyer_first WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM store_settings WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM sku_settings WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM order_marks WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM campaign_phases WHERE campaign_id IN ({_DEMO_CAMPAIGNS})",
    f"DELETE FROM campaign_skus WHERE campaign_id IN ({_DEMO_CAMPAIGNS})",
    f"DELETE FROM campaigns WHERE store IN ({_DEMO_STORES})",
    f"DELETE FROM loads WHERE load_id IN ({_DEMO_LOADS})",
    "DELETE FROM stores WHERE is_demo",
)


def remove_demo(conn) -> None:
    """Delete every row of every demo store (and its loads and rejected rows) in one transaction."""
    from db import WRITE_LOCK, bump_data_version

    with WRITE_LOCK:
        conn.execute("BEGIN TRANSACTION")
        try:
            for statement in _REMOVE_STATEMENTS:
                conn.execute(statement)
            bump_data_version(conn)
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
    left = conn.execute("SELECT count(*) FROM stores WHERE is_demo").fetchone()[0]
    if left:
        raise RuntimeError(
            f"示例店铺未能删除：仍有 {left} 个示例店铺 / demo stores still present after delete"
        )


def database_is_empty(conn) -> bool:
    """True when no store and no load exist yet (the moment to offer the demo store)."""
    row = conn.execute("SELECT (SELECT count(*) FROM stores) + (SELECT count(*) FROM loads)").fetchone()
    return row[0] == 0


def main(argv: list[str] | None = None) -> int:
    """CLI: write the demo files and print what was written."""
    parser = argparse.ArgumentParser(
        prog="python -m data.demo", description="Write the demo store's export files."
    )
    parser.add_argument(
        "--out", required=True, type=Path, help="directory to write into (created if missing)"
    )
    parser.add_argument(
        "--end-date", type=date.fromisoformat, default=None, help="last day of data, YYYY-MM-DD"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    summary = _generate(args.out, args.end_date, args.seed)
    for path in summary.paths:
        print(f"{path.stat().st_size:>10,}  {path.name}")
    print(
        f"{len(summary.paths)} files in {args.out}: {summary.orders:,} orders, {summary.lines:,} order lines "
        f"({summary.exported_order_rows:,} order rows and {summary.exported_line_rows:,} line rows exported, "
        f"overlaps included) in {summary.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
