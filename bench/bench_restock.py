"""Benchmark the restock table (metrics.restock.restock) for one store against the same computation with
the SKU-day aggregation done in pandas on in-memory DataFrames, in the same run.

Target (issue 5): at 20 million order lines and 5,000 SKUs, the restock table computes in a median under
1 s warm. The database comes from bench/bench_overview.py's generator (20M lines over ~3 years, 5 stores,
the first holding 70%) with 5,000 SKUs per store instead of 3,000, plus what restock reads: weekly 聚水潭-
style stock snapshots of every SKU for 12 weeks, per-SKU settings for a third of the SKUs, store
defaults, a past and a planned store-wide 店铺活动 in the calendar. Rows go straight into the real schema
with SQL `range()`, not through the connectors (this is a query benchmark).

The DuckDB side times restock() warm (one untimed run, then --repeat runs). The pandas side loads the
store's paid orders and their lines once (untimed), then times: filter by paid time, join, aggregate units
and GMV per SKU and day, and the same restock_from_sales() the DuckDB side runs after its aggregation.
The two tables are compared before the summary.

    .venv/bin/python bench/bench_restock.py --lines 2000000 --out /tmp/bench_restock_small   # quick
    .venv/bin/python bench/bench_restock.py --out /tmp/bench_restock          # 20M lines, ~5 GB disk

A database already in --out is reused (--rebuild makes a new one).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_overview as overview  # noqa: E402

AS_OF = overview.AS_OF
TARGET_MEDIAN_MS = 1000.0
SNAPSHOT_WEEKS = 12

# Weekly stock snapshots of every SKU of every store (available can go negative, some SKUs out of stock).
SNAPSHOTS_SQL = """
INSERT INTO inventory_snapshots
SELECT s.store, CAST(DATE '{as_of}' - INTERVAL (7 * w) DAY AS DATE), 'SKU' || s.idx || '-' || lpad(CAST(k AS VARCHAR), 5, '0'),
    '商品 ' || k, 'ST' || (k // 10), greatest(h % 400 - 20, 0), h % 400 - 30, CASE WHEN h % 5 = 0 THEN 50 ELSE 0 END,
    h % 7, 0, 0, 0, 0, 1, 'jst', 3, hash(s.idx, k, w)
FROM bench_stores AS s, range({weeks}) t(w), range({skus}) u(k), (SELECT 1) x,
     LATERAL (SELECT CAST(hash(s.idx, k, w, 'stock') % 100000 AS BIGINT) AS h)
"""
SETTINGS_SQL = """
INSERT INTO sku_settings
SELECT s.store, 'SKU' || s.idx || '-' || lpad(CAST(k AS VARCHAR), 5, '0'), '供应商' || (k % 20), 10 + k % 30, 7,
    CASE WHEN k % 4 = 0 THEN 100 ELSE 1 END, [1, 6, 12, 24][1 + k % 4], 0.9 + (k % 9) / 100.0,
    CAST(5 + k % 200 AS DECIMAL(18, 2)), k % 97 <> 0, 'file', NULL, 'bench', TIMESTAMP '2025-10-01 09:00:00'
FROM bench_stores AS s, range(0, {skus}, 3) u(k)
"""
CAMPAIGNS = (
    ("秋季上新", "2025-09-10 00:00:00", "2025-09-12 23:59:59"),
    ("年终大促", "2025-12-01 00:00:00", "2025-12-03 23:59:59"),
)


def build(path: Path, lines: int, stores: int, skus: int, memory_limit: str) -> None:
    """bench_overview's database with `skus` SKUs per store, plus stock, settings and campaigns."""
    import db

    # bench_overview formats its line generator with 3,000 SKUs; give it ours (its only SKU parameter).
    overview.LINES_SQL = overview.LINES_SQL.replace("{skus}", str(skus))
    print(overview.build(str(path), lines, stores, memory_limit)["timings"], flush=True)
    con = db.connect(path)
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(
        "CREATE TEMP TABLE bench_stores AS SELECT store, CAST(substr(shop_id, 6) AS INTEGER) AS idx FROM stores"
    )
    t0 = time.perf_counter()
    con.execute(SNAPSHOTS_SQL.format(as_of=AS_OF, weeks=SNAPSHOT_WEEKS, skus=skus))
    con.execute(SETTINGS_SQL.format(skus=skus))
    for (store,) in con.execute("SELECT store FROM stores").fetchall():
        for key, value in (("lead_time_days", "20"), ("review_period_days", "7"), ("service_level", "0.95")):
            con.execute(
                "INSERT INTO store_settings VALUES (?, ?, ?, 'bench', TIMESTAMP '2025-10-01 09:00:00')",
                [store, key, value],
            )
        for name, start, end in CAMPAIGNS:
            con.execute(
                "INSERT INTO campaigns (campaign_id, store, name, campaign_type, source, updated_at) "
                "VALUES (nextval('campaign_id_seq'), ?, ?, '店铺活动', 'editor', TIMESTAMP '2025-08-01 09:00:00')",
                [store, name],
            )
            con.execute(
                "INSERT INTO campaign_phases SELECT campaign_id, '活动', ?, ? FROM campaigns WHERE store = ? AND name = ?",
                [start, end, store, name],
            )
    con.execute("CHECKPOINT")
    con.close()
    print(f"    stock, settings, campaigns: {time.perf_counter() - t0:.1f}s", flush=True)


def timed(fn, repeat: int) -> tuple[list[float], object]:
    """One untimed warm-up call, then `repeat` timed calls; (milliseconds, last result)."""
    result = fn()
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times, result


def pandas_sales(orders, lines, start: date, end: date):
    """The SKU-day units and gross GMV of metrics.demand.sku_day_sales, in pandas."""
    import pandas as pd

    paid = orders[
        (orders["paid_at"] >= pd.Timestamp(start))
        & (orders["paid_at"] < pd.Timestamp(end + timedelta(days=1)))
    ]
    joined = lines.merge(paid, on=["store", "order_id"], how="inner")
    joined = joined[joined["sku"].notna() & (joined["sku"] != "")]
    joined["day_index"] = (joined["paid_at"].dt.normalize() - pd.Timestamp(start)).dt.days.astype("int32")
    joined["units"] = joined["quantity"].where(joined["refund_status"] != "退款成功", 0)
    out = joined.groupby(["store", "sku", "day_index"], as_index=False).agg(
        units=("units", "sum"), gmv=("paid_amount", "sum")
    )
    out["units"] = out["units"].astype("int64")
    return out[["store", "sku", "day_index", "units", "gmv"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=20_000_000)
    parser.add_argument("--stores", type=int, default=5)
    parser.add_argument("--skus", type=int, default=5000, help="SKUs per store (default 5000)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench_restock"))
    parser.add_argument("--rebuild", action="store_true", help="build even when --out holds a database")
    parser.add_argument("--skip-build", action="store_true", help="never build: reuse the database in --out")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--build-memory", default="6GB")
    args = parser.parse_args()

    import db
    from metrics.restock import lookback_start_for, restock, restock_from_sales

    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "bench_restock.duckdb"
    if not args.skip_build and (args.rebuild or not path.exists()):
        path.unlink(missing_ok=True)
        t0 = time.perf_counter()
        build(path, args.lines, args.stores, args.skus, args.build_memory)
        print(f"build: {time.perf_counter() - t0:.0f}s", flush=True)
    con = db.connect(path, read_only=True)
    store = con.execute("SELECT store FROM orders GROUP BY store ORDER BY count(*) DESC LIMIT 1").fetchall()[
        0
    ][0]
    n_lines = con.execute("SELECT count(*) FROM order_lines").fetchall()[0][0]
    n_skus = con.execute("SELECT count(DISTINCT sku) FROM order_lines WHERE store = ?", [store]).fetchall()[
        0
    ][0]
    print(f"database: {n_lines:,} order lines; store {store}: {n_skus:,} SKUs sold", flush=True)

    duck_ms, duck = timed(lambda: restock(con, as_of=AS_OF, store=store), args.repeat)

    start = lookback_start_for(AS_OF)
    orders = con.sql(
        "SELECT store, order_id, paid_at FROM orders WHERE paid_at IS NOT NULL AND store = $s",
        params={"s": store},
    ).df()
    lines = con.sql(
        "SELECT store, order_id, sku, quantity, refund_status, CAST(paid_amount AS DOUBLE) AS paid_amount "
        "FROM order_lines WHERE store = $s",
        params={"s": store},
    ).df()
    print(f"pandas frames loaded (untimed): {len(orders):,} orders, {len(lines):,} lines", flush=True)

    def pandas_side():
        sales = pandas_sales(orders, lines, start, AS_OF)
        return restock_from_sales(con, sales, as_of=AS_OF, lookback_start=start, store=store)

    pandas_ms, pand = timed(pandas_side, max(3, args.repeat // 3))
    same = duck.drop(columns=["explanation", "explanation_en"]).equals(
        pand.drop(columns=["explanation", "explanation_en"])
    )
    duck_median, pandas_median = statistics.median(duck_ms), statistics.median(pandas_ms)
    print(f"rows: {len(duck):,} (statuses: {duck['status'].value_counts().to_dict()})")
    print(
        f"duckdb restock():  median {duck_median:8.1f} ms  (min {min(duck_ms):.1f}, max {max(duck_ms):.1f}, n={len(duck_ms)})"
    )
    print(
        f"pandas equivalent: median {pandas_median:8.1f} ms  (min {min(pandas_ms):.1f}, max {max(pandas_ms):.1f}, n={len(pandas_ms)})"
    )
    print(f"ratio pandas/duckdb: {pandas_median / duck_median:.1f}x; same table: {same}")
    verdict = "PASS" if duck_median < TARGET_MEDIAN_MS else "FAIL"
    print(f"{verdict}: target median < {TARGET_MEDIAN_MS:.0f} ms")


if __name__ == "__main__":
    main()
