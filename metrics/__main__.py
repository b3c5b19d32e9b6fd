"""Command line over the metrics: `python -m metrics COMMAND [--db PATH] [--store NAME] [--json] [options]`.

A contract scripts depend on. Every command opens the database read-only (default: $STORE_OPS_DB, else
data/store.duckdb) and prints one row per line of its metric: with --json a JSON list of objects whose keys
are the metric's column names (Decimal -> number, date -> 'YYYY-MM-DD', missing -> null), else a table.
Exit codes: 0 ok, 2 usage error / missing or locked database, 1 unexpected database error.
Commands taking --as-of default it to yesterday in Beijing time (exports arrive the next morning); that is
the only place "today" is read: the metrics themselves take as_of explicitly.
To add a command, `register(Command(...))` below; the parser and --help pick it up.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

import db
from metrics._query import PERIOD_GRAINS
from metrics.attainment import attainment
from metrics.calendar import campaign_calendar
from metrics.campaign_candidates import campaign_candidates
from metrics.campaign_review import campaign_review, review_frame
from metrics.definitions import METRIC_DEFINITIONS
from metrics.drivers import AGAINST, drivers
from metrics.inventory import inventory_snapshot
from metrics.products import product_structure
from metrics.restock import restock
from metrics.sales import sales_by_period
from metrics.targets import daily_targets, draft_plan, month_bounds
from metrics.traffic import traffic_by_period

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")  # China keeps no daylight saving time


def iso_date(text: str) -> date:
    """argparse type: a YYYY-MM-DD calendar date."""
    try:
        if not _DATE_RE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def iso_month(text: str) -> str:
    """argparse type: a YYYY-MM month."""
    try:
        month_bounds(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a month (YYYY-MM): {text!r}") from None
    return text


def amount(text: str) -> Decimal:
    """argparse type: a non-negative amount in yuan."""
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"not a non-negative amount: {text!r}")
    return value


def beijing_yesterday(now: datetime | None = None) -> date:
    """Yesterday's date in Beijing time: the CLI's default --as-of."""
    return ((now or datetime.now(BEIJING)).astimezone(BEIJING) - timedelta(days=1)).date()


@dataclass(frozen=True)
class Option:
    """One argparse option of a command: the flags and the add_argument keywords."""

    flags: tuple[str, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Command:
    """A subcommand: `run(conn, args)` returns the metric's DataFrame; the CLI prints it."""

    name: str
    help: str
    run: Callable[[duckdb.DuckDBPyConnection, argparse.Namespace], pd.DataFrame]
    options: tuple[Option, ...] = ()
    store_required: bool = False


COMMANDS: dict[str, Command] = {}


def register(command: Command) -> Command:
    """Add a subcommand to the CLI."""
    COMMANDS[command.name] = command
    return command


BY = Option(
    ("--by",),
    {
        "choices": PERIOD_GRAINS,
        "default": "day",
        "help": "period: day (YYYY-MM-DD) or month (YYYY-MM); default day",
    },
)
FROM = Option(
    ("--from",),
    {"dest": "start", "type": iso_date, "metavar": "YYYY-MM-DD", "help": "first date, inclusive"},
)
TO = Option(
    ("--to",), {"dest": "end", "type": iso_date, "metavar": "YYYY-MM-DD", "help": "last date, inclusive"}
)

register(
    Command(
        name="sales",
        help="销售：每日/每月支付金额、退款、净销售额、订单数、买家数、动销SKU / paid GMV, refunds, net sales per period",
        run=lambda conn, a: sales_by_period(conn, by=a.by, start=a.start, end=a.end, store=a.store),
        options=(BY, FROM, TO),
    )
)
register(
    Command(
        name="traffic",
        help="流量：生意参谋访客、支付金额、转化率（由合计重算）/ 生意参谋 visitors, pay amount, conversion per period",
        run=lambda conn, a: traffic_by_period(conn, by=a.by, start=a.start, end=a.end, store=a.store),
        options=(BY, FROM, TO),
    )
)
register(
    Command(
        name="inventory",
        help="库存：每个店铺与SKU在某日或之前的最新库存快照 / latest stock snapshot per store and SKU",
        run=lambda conn, a: inventory_snapshot(conn, as_of=a.as_of, store=a.store),
        options=(
            Option(
                ("--as-of",),
                {
                    "dest": "as_of",
                    "type": iso_date,
                    "metavar": "YYYY-MM-DD",
                    "help": "latest snapshot on or before this date; default the latest",
                },
            ),
        ),
    )
)
MONTH = Option(
    ("--month",), {"type": iso_month, "required": True, "metavar": "YYYY-MM", "help": "the plan month"}
)
AS_OF = Option(
    ("--as-of",),
    {
        "dest": "as_of",
        "type": iso_date,
        "metavar": "YYYY-MM-DD",
        "help": "figures up to and including this day; default yesterday in Beijing time",
    },
)
# The driver columns the attainment command adds, renamed from drivers()' neutral *_base names.
ATTAINMENT_DRIVER_FIELDS = {
    "visitors": "visitors",
    "visitors_base": "visitors_target",
    "conversion": "conversion",
    "conversion_base": "conversion_target",
    "aov": "aov",
    "aov_base": "aov_target",
    "gmv_gap": "gmv_gap",
    "gap_visitors": "gap_visitors",
    "gap_conversion": "gap_conversion",
    "gap_aov": "gap_aov",
    "split_status": "split_status",
}


def _as_of(args: argparse.Namespace) -> date:
    return args.as_of or beijing_yesterday()


def _attainment_with_drivers(conn: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> pd.DataFrame:
    as_of = _as_of(args)
    frame = attainment(conn, month=args.month, as_of=as_of, store=args.store)
    parts = drivers(conn, month=args.month, as_of=as_of, store=args.store, against="target")
    parts = parts[["store", *ATTAINMENT_DRIVER_FIELDS]].rename(columns=ATTAINMENT_DRIVER_FIELDS)
    return frame.merge(parts, on="store", how="left")


register(
    Command(
        name="attainment",
        help="目标达成：月度完成进度、时间进度、预计月末、还需日均、访客/转化/客单价拆分 / monthly pacing vs plan",
        run=_attainment_with_drivers,
        options=(MONTH, AS_OF),
    )
)
register(
    Command(
        name="drivers",
        help="驱动拆分：访客数×转化率×客单价 对比目标或去年同期，LMDI 拆分差额 / GMV drivers and LMDI split",
        run=lambda conn, a: drivers(conn, month=a.month, as_of=_as_of(a), store=a.store, against=a.against),
        options=(
            MONTH,
            AS_OF,
            Option(
                ("--against",),
                {"choices": AGAINST, "default": "target", "help": "baseline: target (default) or last_year"},
            ),
        ),
    )
)
register(
    Command(
        name="daily-targets",
        help="日目标：月度目标按星期规律和大促占比分摊到每日，含实际与预测路径 / daily targets, actuals, forecast path",
        run=lambda conn, a: daily_targets(conn, store=a.store, month=a.month, as_of=_as_of(a)),
        options=(MONTH, AS_OF),
        store_required=True,
    )
)
register(
    Command(
        name="draft-plan",
        help="草拟计划：按去年各月占比拆分年度目标（无历史时平均）/ split an annual target over months",
        run=lambda conn, a: draft_plan(conn, store=a.store, year=a.year, annual_target=a.annual_target),
        options=(
            Option(("--year",), {"type": int, "required": True, "metavar": "YYYY", "help": "the plan year"}),
            Option(
                ("--annual-target",),
                {"dest": "annual_target", "type": amount, "required": True, "metavar": "N", "help": "yuan"},
            ),
        ),
        store_required=True,
    )
)
register(
    Command(
        name="campaigns",
        help="活动日历：每个活动的类型、阶段时间、参与商品、目标与费用 / the campaign calendar, one row per campaign",
        run=lambda conn, a: campaign_calendar(conn, store=a.store),
    )
)
register(
    Command(
        name="campaign-candidates",
        help="活动候选：销量远超基线且成交价明显下降的SKU日（疑似聚划算）、全店突增日、生意参谋聚划算支付金额 / "
        "candidate campaign days and SKUs found in the data",
        run=lambda conn, a: campaign_candidates(conn, store=a.store, start=a.start, end=a.end),
        options=(FROM, TO),
    )
)
register(
    Command(
        name="campaign",
        help="活动复盘：GMV、预售定金/尾款、基线与增量、提升率、活动前后回落、退款、新客占比、ROI / "
        "campaign review: actuals, presale, baseline, incremental, dips, refunds, new buyers, ROI",
        run=lambda conn, a: review_frame(
            campaign_review(conn, campaign=a.campaign, as_of=_as_of(a), store=a.store)
        ),
        options=(
            Option(
                ("--campaign",),
                {"required": True, "metavar": "NAME", "help": "活动名称 (or campaign_id) in the calendar"},
            ),
            AS_OF,
        ),
    )
)

register(
    Command(
        name="restock",
        help="补货建议：日均需求、安全库存、再订货点、建议补货量、可售天数、断货日、最晚下单日、状态 / "
        "restock: demand, safety stock, reorder point, suggested order, cover, stock-out and order-by dates",
        run=lambda conn, a: restock(conn, as_of=_as_of(a), store=a.store),
        options=(AS_OF,),
    )
)
register(
    Command(
        name="products",
        help="商品结构：ABC 分类、GMV 占比与累计占比、新品/老品、环比增长、停售 / "
        "product structure: ABC class, GMV share, new vs old, growth against the previous period, stopped SKUs",
        run=lambda conn, a: product_structure(conn, start=a.start, end=a.end, store=a.store),
        options=(
            Option(("--from",), {**FROM.kwargs, "required": True}),
            Option(("--to",), {**TO.kwargs, "required": True}),
        ),
    )
)


def build_parser() -> argparse.ArgumentParser:
    """The parser: one subparser per registered command, each with --db, --store and --json."""
    parser = argparse.ArgumentParser(
        prog="python -m metrics",
        description="店铺运营驾驶舱指标 / Store Ops Cockpit metrics, read from the DuckDB file (read-only).",
        epilog=(
            "examples:\n"
            "  python -m metrics sales --by month --json\n"
            "  python -m metrics traffic --from 2026-11-01 --to 2026-11-30 --store 旗舰店\n"
            "  python -m metrics inventory --as-of 2026-11-02\n"
            "  python -m metrics attainment --month 2026-11 --as-of 2026-11-11 --json\n"
            "  python -m metrics daily-targets --month 2026-11 --store 旗舰店 --json\n"
            "  python -m metrics draft-plan --store 旗舰店 --year 2027 --annual-target 12000000 --json\n"
            "  python -m metrics campaigns --store 旗舰店 --json\n"
            "  python -m metrics campaign-candidates --store 旗舰店 --from 2026-08-01 --json\n"
            "  python -m metrics campaign --campaign 2026双11 --store 旗舰店 --as-of 2026-11-30 --json\n"
            "  python -m metrics restock --store 旗舰店 --as-of 2026-10-20 --json\n"
            "  python -m metrics products --from 2026-07-01 --to 2026-09-30 --json\n"
            "口径 of every column: metrics/definitions.py. COMMAND --help shows a command's options."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        help=f"DuckDB file (default: ${db.DB_ENV_VAR}, else data/store.duckdb)",
    )
    common.add_argument("--store", metavar="NAME", help="only this store (default: all stores summed)")
    common.add_argument("--json", action="store_true", help="print a JSON list, one object per row")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for command in COMMANDS.values():
        cmd_parser = sub.add_parser(
            command.name, help=command.help, description=command.help, parents=[common]
        )
        for option in command.options:
            cmd_parser.add_argument(*option.flags, **option.kwargs)
    return parser


def _json_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, Decimal):
        return None if value.is_nan() else float(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, (list, tuple)) or getattr(value, "ndim", 0):  # list columns (numpy arrays too)
        return [_json_value(v) for v in value]
    if hasattr(value, "item"):  # numpy scalars
        return _json_value(value.item())
    return value


def frame_to_json(frame: pd.DataFrame) -> str:
    """The --json output: a list of objects keyed by column name."""
    rows = [
        {column: _json_value(value) for column, value in zip(frame.columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]
    return json.dumps(rows, ensure_ascii=False, indent=1)


def _cell(column: str, value: Any) -> str:
    value = _json_value(value)
    if value is None:
        return "-"
    unit = METRIC_DEFINITIONS.get(column, {}).get("unit")
    if unit == "fraction":
        return f"{value:.2%}"
    if unit == "yuan":
        return f"{value:,.2f}"
    if unit == "count":
        return f"{value:,}"
    return str(value)


def frame_to_table(frame: pd.DataFrame) -> str:
    """The readable output: aligned columns, money with 2 decimals, ratios as percentages, '-' for missing."""
    cells = [
        [_cell(column, value) for column, value in zip(frame.columns, row, strict=True)]
        for row in frame.itertuples(index=False, name=None)
    ]
    with pd.option_context("display.unicode.east_asian_width", True):
        return pd.DataFrame(cells, columns=frame.columns).to_string(index=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    if COMMANDS[args.command].store_required and not args.store:
        parser.error(f"{args.command} needs --store NAME")
    start, end = getattr(args, "start", None), getattr(args, "end", None)
    if start is not None and end is not None and start > end:
        parser.error(f"--from {start} is after --to {end}")
    path = Path(args.db) if args.db else db.default_db_path()
    if not path.is_file():
        print(
            f"数据库文件不存在：{path}。请先导入数据（python -m connectors import 文件…，或在看板的数据导入页），"
            f"或用 --db / {db.DB_ENV_VAR} 指向已有的数据库。\n"
            f"Database file not found: {path}. Import data first (python -m connectors import FILE…), or point --db / {db.DB_ENV_VAR} at an existing database.",
            file=sys.stderr,
        )
        return 2
    try:
        conn = db.connect(path, read_only=True)
    except db.DatabaseLocked as exc:
        print(exc, file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"无法打开数据库 {path} / cannot open the database {path}: {exc}", file=sys.stderr)
        return 2
    try:
        frame = COMMANDS[args.command].run(conn, args)
        known_stores = db.list_stores(conn) if args.store and frame.empty else None
    except duckdb.CatalogException as exc:
        print(
            f"数据库 {path} 缺少指标所需的表，请先导入数据 / the database {path} lacks a table the metric needs; "
            f"import data first: {exc}",
            file=sys.stderr,
        )
        return 2
    except duckdb.Error as exc:
        print(f"查询失败 / query failed on {path}: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"参数错误 / bad argument: {exc}", file=sys.stderr)
        return 2
    finally:
        conn.close()
    if known_stores is not None and args.store not in known_stores:
        print(
            f"没有名为 {args.store} 的店铺 / no store named {args.store!r}; stores: {', '.join(known_stores) or '(none)'}",
            file=sys.stderr,
        )
    if args.json:
        text = frame_to_json(frame)
    elif frame.empty:
        text = "（无数据）no rows for this selection: nothing imported for this store and range yet."
    else:
        text = frame_to_table(frame)
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `python -m metrics … | head`: the reader left, which is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
