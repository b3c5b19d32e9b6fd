"""Benchmark the overview (今日目标) queries for one store and month against the same computation in pandas.

Target (issue 3): at 20 million order lines, the overview's queries for one store and month take a median
under 150 ms warm, and at least 10x less than the same computation in pandas on an in-memory DataFrame,
measured in the same run.

This is a QUERY benchmark, not an import one: the synthetic canonical rows go straight into the real
schema (`db.connect`, which applies schema.sql) with INSERT ... SELECT FROM range(...), not through the
connectors. About 3 years of orders (about 2 lines each) for `--stores` stores, one big store holding
most rows; payment times follow a weekday rhythm, growth, a 618 and a Double 11 peak; about 5% of paid
lines are refunded (退款成功), a few more have refunds that never completed (退款关闭); buyers come from
a shared pool. Rows are stored in payment-time order with the stores interleaved, as daily exports of
several stores would leave them. traffic_daily has a row per store and day; plan_months a target per
store and month (plan_years the sums).

Each measured step runs in its own subprocess (so its peak RSS is its own): build, the DuckDB side
(the real metric functions the landing page calls, on a `db.connect` connection with the app's memory
limit, one untimed warm-up run, then --repeat timed runs) and the pandas side (orders, order lines and
traffic of ALL stores loaded once into DataFrames, untimed, then the same figures computed --repeat
times). The two sides' figures are compared before the summary is printed.

    .venv/bin/python bench/bench_overview.py --lines 2000000      # quick
    .venv/bin/python bench/bench_overview.py                      # 20M lines: ~5 GB disk, ~9 GB RAM
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST_DAY = date(2023, 1, 1)
AS_OF = date(2025, 11, 15)  # mid-month, after Double 11; the data ends on this day
MONTH = "2025-11"
PLAN_LAST_MONTH = date(2025, 12, 1)
STORE_NAMES = ["云杉家居旗舰店", "云杉家居专营店", "云杉母婴店", "云杉户外店", "云杉宠物店", "云杉厨具店"]
BIG_SHARE = 0.70  # the big store's share of the orders; the rest split over the others, decreasing
LINES_PER_ORDER = 2  # k = 1 + hash % 3 lines per order, so 2 on average
TARGET_MEDIAN_MS = 150.0
TARGET_RATIO = 10.0


def store_names(n: int) -> list[str]:
    return [STORE_NAMES[i] if i < len(STORE_NAMES) else f"云杉小店{i + 1}" for i in range(n)]


def store_shares(n: int) -> list[float]:
    """The big store BIG_SHARE, the others the rest in proportion 1/2, 1/3, ... (all 1.0 for one store)."""
    if n == 1:
        return [1.0]
    rest = [1 / (i + 1) for i in range(1, n)]
    return [BIG_SHARE] + [(1 - BIG_SHARE) * r / sum(rest) for r in rest]


# ---------------------------------------------------------------- build (pure SQL)

# Per (store, day) weight: store share x weekday rhythm x growth x campaign (618, Double 11) x noise.
DAYS_SQL = """
CREATE TEMP TABLE days AS
WITH d AS (
    SELECT CAST(r AS DATE) AS day FROM range(DATE '{first}', DATE '{plan_end}', INTERVAL 1 DAY) t(r)
), w AS (
    SELECT d.day, s.idx AS store_idx, s.store,
        s.share
        * [0.93, 0.95, 0.97, 1.0, 1.06, 1.14, 1.10][isodow(d.day)]
        * (1 + 0.25 * (d.day - DATE '{first}') / 365.0)
        * CASE
            WHEN month(d.day) = 11 AND day(d.day) = 11 THEN 9.0
            WHEN month(d.day) = 11 AND day(d.day) BETWEEN 1 AND 10 THEN 1.6
            WHEN month(d.day) = 11 AND day(d.day) BETWEEN 12 AND 13 THEN 1.4
            WHEN month(d.day) = 10 AND day(d.day) >= 24 THEN 1.3
            WHEN month(d.day) = 6 AND day(d.day) = 18 THEN 4.0
            WHEN month(d.day) = 6 AND day(d.day) BETWEEN 1 AND 17 THEN 1.3
            ELSE 1.0 END
        * (0.9 + (hash(d.day, s.idx) % 1000) / 5000.0) AS w
    FROM d CROSS JOIN bench_stores AS s
)
SELECT *, day <= DATE '{as_of}' AS in_data,
    (sum(w) FILTER (WHERE day <= DATE '{as_of}') OVER (ORDER BY day, store_idx ROWS UNBOUNDED PRECEDING) - w)
        / sum(w) FILTER (WHERE day <= DATE '{as_of}') OVER () AS u_start
FROM w
"""

# Order slots i in [0, N): u = (i + 0.5) / N picks its (day, store) by the cumulative weight (ASOF join),
# the time of day leans to the evening; n numbers the orders in payment-time order (ids grow with time).
GEN_SQL = """
CREATE TEMP TABLE gen AS
WITH slots AS (
    SELECT i, (i + 0.5) / {n}::DOUBLE AS u, CAST(hash(i) % 1000000007 AS BIGINT) AS h,
        CAST(hash(i, 'b') % 1000000007 AS BIGINT) AS h2
    FROM range({n}) t(i)
), placed AS (
    SELECT s.i, s.h, s.h2, d.store_idx, d.store, d.day,
        CAST(floor(86399 * sqrt((s.h % 100000) / 100000.0)) AS INTEGER) AS sec
    FROM slots AS s ASOF JOIN (SELECT * FROM days WHERE in_data) AS d ON s.u >= d.u_start
)
SELECT row_number() OVER (ORDER BY day, sec, i) - 1 AS n, store_idx, store, day, sec, h, h2,
    1 + CAST(h2 % 3 AS INTEGER) AS k,
    (h % 100) >= 3 AS paid
FROM placed
ORDER BY n
"""

# A line's paid amount (cents-exact DECIMAL) and its refund: 5% 退款成功 (the whole line), 1% 退款关闭.
MACROS = """
CREATE OR REPLACE TEMP MACRO line_price(n, j) AS
    CAST((990 + hash(n, j) % 30000) / 100.0 AS DECIMAL(18, 2));
CREATE OR REPLACE TEMP MACRO line_qty(n, j) AS 1 + CAST(hash(n, j, 'q') % 7 = 0 AS INTEGER);
CREATE OR REPLACE TEMP MACRO line_paid(n, j) AS
    CAST(round(line_price(n, j) * line_qty(n, j) * 0.95, 2) AS DECIMAL(18, 2));
CREATE OR REPLACE TEMP MACRO line_rf(n, j) AS hash(n, j, 'r') % 100;
CREATE OR REPLACE TEMP MACRO line_refund_ok(n, j) AS
    CASE WHEN line_rf(n, j) < 5 THEN line_paid(n, j) ELSE CAST(0 AS DECIMAL(18, 2)) END;
CREATE OR REPLACE TEMP MACRO order_id_of(n, h) AS CAST(3500000000000000000 + n * 1000 + h % 1000 AS VARCHAR);
"""

ORDERS_SQL = """
INSERT INTO orders
WITH g AS (
    SELECT *, day + to_seconds(sec) AS paid_ts,
        line_paid(n, 0) + CASE WHEN k > 1 THEN line_paid(n, 1) ELSE 0 END
            + CASE WHEN k > 2 THEN line_paid(n, 2) ELSE 0 END AS goods,
        line_refund_ok(n, 0) + CASE WHEN k > 1 THEN line_refund_ok(n, 1) ELSE 0 END
            + CASE WHEN k > 2 THEN line_refund_ok(n, 2) ELSE 0 END AS refunded,
        CASE WHEN h2 % 5 = 0 THEN 10.00 ELSE 0.00 END AS post
    FROM gen
)
SELECT
    store, order_id_of(n, h), 'tb' || (h2 % {buyers}),
    CASE WHEN NOT paid THEN (CASE WHEN h % 2 = 0 THEN '交易关闭' ELSE '等待买家付款' END)
         WHEN paid_ts < TIMESTAMP '{as_of}' - INTERVAL 12 DAY THEN '交易成功'
         ELSE '卖家已发货，等待买家确认' END,
    CASE WHEN NOT paid AND h % 2 = 0 THEN '买家未付款' ELSE '订单未关闭' END,
    paid_ts - to_seconds(CAST(h % 900 AS BIGINT)),
    CASE WHEN paid THEN paid_ts END, CASE WHEN paid THEN paid_ts END,
    goods, post, goods + post, CASE WHEN paid THEN goods + post ELSE 0 END,
    CASE WHEN paid THEN refunded ELSE 0 END,
    CASE WHEN paid AND paid_ts < TIMESTAMP '{as_of}' - INTERVAL 12 DAY THEN goods + post - refunded ELSE 0 END,
    k, k + CAST(h % 4 = 0 AS INTEGER),
    ['实木餐桌', '记忆棉枕头', '不粘锅炒锅', '婴儿湿巾', '登山杖', '猫砂', '保温杯', '收纳箱'][1 + h % 8]
        || CASE WHEN k > 1 THEN '，加厚浴巾' ELSE '' END,
    h % 3 <> 0, false, '', NULL, NULL, NULL,
    '57300' || store_idx, store,
    CASE WHEN paid THEN paid_ts + INTERVAL 20 HOUR END,
    CASE WHEN paid AND paid_ts < TIMESTAMP '{as_of}' - INTERVAL 12 DAY THEN paid_ts + INTERVAL 9 DAY END,
    TIMESTAMP '{as_of} 23:59:59', 1, hash(n, 'row')
FROM g
ORDER BY n
"""

LINES_SQL = """
INSERT INTO order_lines
WITH l AS (
    SELECT g.*, j, day + to_seconds(sec) AS paid_ts, line_rf(n, j) AS rf
    FROM gen AS g CROSS JOIN LATERAL (SELECT unnest(range(g.k)) AS j)
)
SELECT
    store, CAST(4100000000000000000 + n * 1000 + j * 100 + h % 100 AS VARCHAR), order_id_of(n, h),
    ['实木餐桌', '记忆棉枕头', '不粘锅炒锅', '婴儿湿巾', '登山杖', '猫砂', '保温杯', '收纳箱'][1 + CAST(hash(n, j) % 8 AS INTEGER)]
        || ' 款' || (hash(n, j) % 40),
    line_price(n, j), line_qty(n, j),
    'SKU' || store_idx || '-' || lpad(CAST(hash(n, j, 's') % {skus} AS VARCHAR), 5, '0'), '',
    '颜色分类:' || ['米白', '深灰', '雾蓝', '墨绿'][1 + CAST(hash(n, j) % 4 AS INTEGER)], '',
    CASE WHEN NOT paid THEN '交易关闭'
         WHEN rf < 5 THEN '交易关闭'
         WHEN paid_ts < TIMESTAMP '{as_of}' - INTERVAL 12 DAY THEN '交易成功'
         ELSE '卖家已发货，等待买家确认' END,
    line_price(n, j) * line_qty(n, j),
    CASE WHEN paid THEN line_paid(n, j) ELSE 0 END,
    CASE WHEN NOT paid THEN '没有申请退款' WHEN rf < 5 THEN '退款成功' WHEN rf = 5 THEN '退款关闭'
         ELSE '没有申请退款' END,
    CASE WHEN NOT paid THEN 0 WHEN rf <= 5 THEN line_paid(n, j) ELSE 0 END,
    paid_ts - to_seconds(CAST(h % 900 AS BIGINT)), CASE WHEN paid THEN paid_ts END,
    CAST(600000000000 + store_idx * 10000000 + hash(n, j, 's') % {skus} AS VARCHAR),
    CASE WHEN paid THEN paid_ts + INTERVAL 20 HOUR END,
    TIMESTAMP '{as_of} 23:59:59', 2, hash(n, j, 'row')
FROM l
ORDER BY n, j
"""

# 生意参谋 daily figures from the day's paid orders: visitors = paying buyers / a conversion of 3-6%
# (higher on campaign days); one row per store and day.
TRAFFIC_SQL = """
INSERT INTO traffic_daily
WITH o AS (
    SELECT store, CAST(paid_at AS DATE) AS date, count(DISTINCT buyer) AS buyers, count(*) AS orders,
        sum(paid_amount) AS amount, sum(refund_amount) AS refunds, sum(quantity) AS units
    FROM orders WHERE paid_at IS NOT NULL GROUP BY ALL
), c AS (
    SELECT *, (0.03 + (hash(store, date) % 300) / 10000.0)
        * CASE WHEN month(date) = 11 AND day(date) = 11 THEN 1.8 ELSE 1.0 END AS conv
    FROM o
), v AS (SELECT *, CAST(round(buyers / conv) AS BIGINT) AS visitors FROM c)
SELECT store, date, visitors, CAST(visitors * 3.1 AS BIGINT), CAST(visitors * 0.8 AS BIGINT), 42.5, 0.62,
    CAST(visitors * 0.05 AS BIGINT), CAST(visitors * 0.09 AS BIGINT), CAST(visitors * 0.14 AS BIGINT),
    CAST(amount * 1.12 AS DECIMAL(18, 2)), CAST(buyers * 1.1 AS BIGINT),
    amount, buyers, orders, units, buyers / visitors,
    CAST(round(amount / buyers, 2) AS DECIMAL(18, 2)), CAST(round(amount / visitors, 2) AS DECIMAL(18, 2)),
    CAST(visitors * 0.7 AS BIGINT), visitors - CAST(visitors * 0.7 AS BIGINT), refunds,
    CAST(amount * 0.06 AS DECIMAL(18, 2)), CAST(amount * 0.02 AS DECIMAL(18, 2)), 3, hash(store, date)
FROM v
ORDER BY date, store
"""

# Targets per store and month, 2023-01 .. 2025-12: the month's expected GMV (its share of the day
# weights x the store's order value) x 0.95-1.15; driver targets consistent with it.
PLAN_SQL = """
INSERT INTO plan_months
WITH tot AS (SELECT sum(w) AS w FROM days WHERE in_data),
aov AS (
    SELECT store, sum(paid_amount) / count(*) AS per_order FROM orders WHERE paid_at IS NOT NULL GROUP BY store
), m AS (
    SELECT d.store, strftime(d.day, '%Y-%m') AS month, sum(d.w) / any_value(tot.w) * {n} * 0.97 AS orders
    FROM days AS d, tot GROUP BY ALL
)
SELECT m.store, m.month,
    CAST(round(m.orders * a.per_order * (0.95 + (hash(m.store, m.month) % 21) / 100.0), -2) AS DECIMAL(18, 2)),
    CAST(round(m.orders * a.per_order * 0.92, -2) AS DECIMAL(18, 2)),
    CAST(round(m.orders * 1.05 / 0.045) AS BIGINT), 0.045,
    CAST(round(a.per_order * 1.02, 2) AS DECIMAL(18, 2)),
    ['张伟', '王芳', '李娜', '刘洋'][1 + CAST(hash(m.store) % 4 AS INTEGER)],
    1, 'draft', NULL, 'bench', TIMESTAMP '2022-12-20 10:00:00'
FROM m JOIN aov AS a USING (store)
ORDER BY m.store, m.month
"""

PLAN_YEARS_SQL = """
INSERT INTO plan_years
SELECT store, CAST(left(month, 4) AS INTEGER), sum(gmv_target), 1, 'bench', TIMESTAMP '2022-12-20 10:00:00'
FROM plan_months GROUP BY ALL ORDER BY ALL
"""


def build(path: str, lines: int, stores: int, memory_limit: str) -> dict:
    """Create the database at `path` with the synthetic rows; return row counts and timings."""
    import daily_sales
    import db

    n = max(1, lines // LINES_PER_ORDER)
    con = db.connect(path)
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET enable_progress_bar = false")
    names, shares = store_names(stores), store_shares(stores)
    con.execute("CREATE TEMP TABLE bench_stores (idx INTEGER, store VARCHAR, share DOUBLE)")
    con.executemany(
        "INSERT INTO bench_stores VALUES (?, ?, ?)", list(zip(range(stores), names, shares, strict=True))
    )
    con.executemany(
        "INSERT INTO stores (store, platform, shop_id, shop_name) VALUES (?, 'tmall', ?, ?)",
        [(name, f"57300{i}", name) for i, name in enumerate(names)],
    )
    fmt = {
        "first": FIRST_DAY,
        "plan_end": date(2026, 1, 1),
        "as_of": AS_OF,
        "n": n,
        "buyers": max(1000, n // 3),
        "skus": 3000,
    }
    timings = {}
    for label, sql in (
        ("days", DAYS_SQL),
        ("macros", MACROS),
        ("gen", GEN_SQL),
        ("orders", ORDERS_SQL),
        ("order_lines", LINES_SQL),
        ("traffic_daily", TRAFFIC_SQL),
        ("plan_months", PLAN_SQL),
        ("plan_years", PLAN_YEARS_SQL),
    ):
        t0 = time.perf_counter()
        con.execute(sql.format(**fmt))
        timings[label] = round(time.perf_counter() - t0, 2)
        print(f"    {label}: {timings[label]:.1f}s", flush=True)
    # The rows above bypass the connectors, so build what imports keep: the per-day sales figures.
    t0 = time.perf_counter()
    daily_sales.rebuild(con)
    timings["sales_daily"] = round(time.perf_counter() - t0, 2)
    print(f"    sales_daily: {timings['sales_daily']:.1f}s", flush=True)
    t0 = time.perf_counter()
    con.execute("DROP TABLE gen")
    con.execute("CHECKPOINT")
    timings["checkpoint"] = round(time.perf_counter() - t0, 2)
    counts = {
        table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        for table in ("orders", "order_lines", "traffic_daily", "plan_months", "plan_years")
    }
    per_store = con.execute(
        "SELECT store, count(*) FROM orders GROUP BY store ORDER BY count(*) DESC"
    ).fetchall()
    refunds = con.execute(
        "SELECT count(*) FILTER (WHERE refund_status = '退款成功') / count(*) FROM order_lines"
    ).fetchone()[0]
    span = con.execute("SELECT min(paid_at)::DATE, max(paid_at)::DATE FROM orders").fetchone()
    con.close()
    return {
        "counts": counts,
        "per_store": per_store,
        "refund_line_share": refunds,
        "span": [str(d) for d in span],
        "timings": timings,
    }


# ---------------------------------------------------------------- shared helpers


def month_bounds(month: str) -> tuple[date, date]:
    """(first day, last day) of a 'YYYY-MM' month."""
    first = date.fromisoformat(month + "-01")
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def timed(fn, repeat: int) -> dict:
    """One untimed warm-up call, then `repeat` timed calls: median, p90, min, max in ms and the result."""
    result = fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p90 = times[min(len(times) - 1, int(round(0.9 * (len(times) - 1))))]
    return {
        "median_ms": statistics.median(times),
        "p90_ms": p90,
        "min_ms": times[0],
        "max_ms": times[-1],
        "result": result,
    }


def num(value) -> float | None:
    """A figure as float (Decimal, numpy, pandas NA -> None) for the JSON hand-over and the comparison."""
    if value is None:
        return None
    try:
        import pandas as pd

        if value is pd.NA or (isinstance(value, float) and value != value):
            return None
    except ImportError:
        pass
    if isinstance(value, Decimal):
        return None if value.is_nan() else float(value)
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if out != out else out


def peak_rss_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) / 1024


# ---------------------------------------------------------------- DuckDB side: the real metric functions


def overview_calls(con, store: str, month: str, as_of: date) -> tuple[dict, dict]:
    """The landing page's metric calls for one store and month: {name: zero-arg callable} and
    {name: why it is not available}."""
    start, _ = month_bounds(month)
    calls, missing = {}, {}

    def load(module: str, name: str):
        try:
            mod = __import__(module, fromlist=[name])
            return getattr(mod, name)
        except Exception as exc:  # the module is being written by someone else right now
            missing[name] = f"{type(exc).__name__}: {exc}"[:160]
            return None

    fn = load("metrics.attainment", "attainment")
    if fn:
        calls["attainment"] = lambda: fn(con, month=month, as_of=as_of, store=store)
    fn2 = load("metrics.targets", "daily_targets")
    if fn2:
        calls["daily_targets"] = lambda: fn2(con, store=store, month=month, as_of=as_of)
    fn3 = load("metrics.drivers", "drivers")
    if fn3:
        calls["drivers"] = lambda: fn3(con, month=month, as_of=as_of, store=store)
    from metrics.sales import sales_by_period

    calls["sales_by_period"] = lambda: sales_by_period(con, by="day", start=start, end=as_of, store=store)
    return calls, missing


def duck_figures(name: str, result) -> dict:
    """The checked figures out of a metric's result (whatever columns it has that pandas also computes)."""
    import pandas as pd

    out: dict[str, float | None] = {}
    if not isinstance(result, pd.DataFrame) or result.empty:
        return out
    if name == "sales_by_period":
        for row in result.itertuples(index=False):
            day = str(row.period)
            for col in ("paid_gmv", "refunds", "paid_orders", "paid_buyers", "unique_skus"):
                out[f"sales.{col}[{day}]"] = num(getattr(row, col))
        out["sales.mtd_paid_gmv"] = sum(num(v) or 0 for v in result["paid_gmv"])
        out["sales.mtd_refunds"] = sum(num(v) or 0 for v in result["refunds"])
    elif name == "daily_targets":
        frame = result.copy()
        for row in frame.to_dict("records"):
            day = str(row.get("date"))[:10]
            for col in ("weight", "gmv_target", "actual_gmv"):
                if col in row:
                    out[f"targets.{col}[{day}]"] = num(row[col])
    elif name in ("attainment", "drivers"):
        row = result.iloc[0].to_dict()
        for col, value in row.items():
            if num(value) is not None or value is None:
                out[f"{name}.{col}"] = num(value)
    return out


class Recorder:
    """A connection stand-in that records every SQL text and its parameters, for --profile."""

    def __init__(self, con):
        self._con = con
        self.log: list[tuple[str, object]] = []

    def sql(self, query, *args, **kwargs):
        self.log.append((query, kwargs.get("params", args[0] if args else None)))
        return self._con.sql(query, *args, **kwargs)

    def execute(self, query, *args, **kwargs):
        self.log.append((query, kwargs.get("parameters", args[0] if args else None)))
        return self._con.execute(query, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._con, name)


def profile_queries(con, store: str, month: str, as_of: date, out_dir: Path) -> list[dict]:
    """Run each metric call once on a recorder, then time every SQL it issued (median of 3) and write
    EXPLAIN ANALYZE of each to out_dir."""
    rec = Recorder(con)
    calls, _ = overview_calls(rec, store, month, as_of)
    rows = []
    for name, fn in calls.items():
        rec.log.clear()
        try:
            fn()
        except Exception as exc:
            rows.append({"call": name, "query": f"failed: {exc}", "ms": None})
            continue
        for k, (query, params) in enumerate(list(rec.log)):
            first = " ".join(str(query).split())[:90]
            times = []
            try:
                for _ in range(3):
                    t0 = time.perf_counter()
                    con.execute(query, params).fetchall()
                    times.append((time.perf_counter() - t0) * 1000)
                plan = con.execute("EXPLAIN ANALYZE " + query, params).fetchall()
                path = out_dir / f"explain_{name}_{k}.txt"
                path.write_text(str(query) + "\n\n" + "\n".join(str(r[-1]) for r in plan), encoding="utf-8")
            except Exception as exc:
                rows.append({"call": name, "query": first, "ms": None, "error": str(exc)[:120]})
                continue
            rows.append({"call": name, "query": first, "ms": statistics.median(times), "plan": str(path)})
    return rows


def duck_step(args: dict) -> dict:
    import db

    con = db.connect(args["db"])  # the app's connection: schema check, 500MB memory limit unless configured
    store, month, as_of = args["store"], args["month"], date.fromisoformat(args["as_of"])
    calls, missing = overview_calls(con, store, month, as_of)
    results: dict[str, dict] = {}
    figures: dict[str, float | None] = {}
    for name, fn in calls.items():
        try:
            res = timed(fn, args["repeat"])
        except Exception as exc:
            missing[name] = f"{type(exc).__name__}: {exc}"[:200]
            continue
        figures.update(duck_figures(name, res.pop("result")))
        results[name] = res
    ok = [calls[name] for name in results]
    if ok:
        total = timed(lambda: [fn() for fn in ok], args["repeat"])
        total.pop("result")
        results["overview (all of the above)"] = total
    out = {
        "results": results,
        "missing": missing,
        "figures": figures,
        "upkeep": upkeep(con, store, month, as_of),
    }
    if args.get("profile"):
        out["profile"] = profile_queries(con, store, month, as_of, Path(args["out"]))
    con.close()
    return out


def upkeep(con, store: str, month: str, as_of: date) -> dict:
    """What an import pays to keep sales_daily: recomputing one day (a daily export) and the month so far
    (a monthly export), each in a transaction rolled back so the database stays as built."""
    import daily_sales

    first, _ = month_bounds(month)
    out = {}
    for label, days in (
        ("1 day", [as_of]),
        ("month to date", [first + timedelta(days=i) for i in range(as_of.day)]),
    ):

        def refresh(days=days):
            con.execute("BEGIN TRANSACTION")
            daily_sales.start_marking(con)
            con.executemany(f"INSERT INTO {daily_sales.DAYS_TABLE} VALUES (?)", [(d,) for d in days])
            daily_sales.refresh(con, store)
            con.execute("ROLLBACK")

        res = timed(refresh, 5)
        res.pop("result")
        out[label] = res
    return out


# ---------------------------------------------------------------- pandas side: the same figures

# Orders, lines and traffic of ALL stores, loaded once (untimed) as a naive app would: one SELECT per table
# into a DataFrame, money as float64 (what .df() gives for DECIMAL; the load goes through Arrow with
# self_destruct only to keep the loading peak down at 20M lines). Only the columns the overview needs are
# loaded, which is generous to pandas (narrower frames).
PANDAS_LOAD = {
    "orders": "SELECT store, order_id, buyer, paid_at, CAST(paid_amount AS DOUBLE) AS paid_amount, "
    "CAST(refund_amount AS DOUBLE) AS refund_amount FROM orders",
    "lines": "SELECT store, order_id, refund_status, CAST(refund_amount AS DOUBLE) AS refund_amount, sku "
    "FROM order_lines",
    "traffic": "SELECT store, date, visitors, pay_buyers, CAST(pay_amount AS DOUBLE) AS pay_amount "
    "FROM traffic_daily",
    "plan": "SELECT * EXCLUDE (gmv_target, net_sales_target, aov_target), CAST(gmv_target AS DOUBLE) AS "
    "gmv_target, CAST(net_sales_target AS DOUBLE) AS net_sales_target, CAST(aov_target AS DOUBLE) AS aov_target "
    "FROM plan_months",
    "plan_years": "SELECT store, year, CAST(annual_target AS DOUBLE) AS annual_target FROM plan_years",
    "overrides": "SELECT store, date, CAST(gmv_target AS DOUBLE) AS gmv_target FROM plan_day_overrides",
}


def load_frame(con, sql: str):
    table = con.sql(sql).to_arrow_table()
    return table.to_pandas(self_destruct=True, split_blocks=True)


def pd_paid(frames: dict, store: str, start: date, end: date):
    """Paid orders of `store` with payment date in [start, end] (inclusive), with a `day` column."""
    import pandas as pd

    o = frames["orders"]
    mask = (
        (o["store"] == store)
        & (o["paid_at"] >= pd.Timestamp(start))
        & (o["paid_at"] < pd.Timestamp(end + timedelta(days=1)))
    )
    paid = o.loc[mask]
    return paid.assign(day=paid["paid_at"].dt.normalize())


def pd_gmv(frames: dict, store: str, start: date, end: date) -> float:
    return float(pd_paid(frames, store, start, end)["paid_amount"].sum())


def pd_sales(frames: dict, store: str, month: str, as_of: date):
    """= sales_by_period(by='day') for [month start, as_of]."""
    return pd_sales_range(frames, store, month_bounds(month)[0], as_of)


def pd_sales_range(frames: dict, store: str, start: date, end: date):
    """Per day: GMV, refunds (退款成功 lines, else the order-level amount when no line of the order has a
    status), orders, buyers, SKUs of the store's orders paid in [start, end]."""
    paid = pd_paid(frames, store, start, end)
    lines = frames["lines"]
    lines = lines.loc[lines["store"] == store]
    joined = lines.merge(paid[["order_id", "day"]], on="order_id")
    days = paid.groupby("day").agg(
        paid_gmv=("paid_amount", "sum"), paid_orders=("order_id", "size"), paid_buyers=("buyer", "nunique")
    )
    ok = joined.loc[joined["refund_status"] == "退款成功"]
    with_status = joined.loc[joined["refund_status"] != "", "order_id"].unique()
    order_level = paid.loc[~paid["order_id"].isin(with_status)].groupby("day")["refund_amount"].sum()
    days["refunds"] = ok.groupby("day")["refund_amount"].sum().add(order_level, fill_value=0)
    days["refunds"] = days["refunds"].fillna(0.0)
    days["unique_skus"] = joined.loc[joined["sku"] != ""].groupby("day")["sku"].nunique()
    days["unique_skus"] = days["unique_skus"].fillna(0)
    return days


def pd_history(frames: dict, store: str, start: date, end: date):
    """A metrics.targets.History filled from the DataFrame (paid GMV per day, cents exact) whose
    sold_by() also reads the DataFrame: the daily-weight arithmetic is then the metric's own code, so
    the two sides differ only in how they read the rows."""
    import pandas as pd

    from metrics.targets import History

    class PandasHistory(History):
        def sold_by(self, day):
            if day not in self._sold_by:
                o = frames["orders"]
                self._sold_by[day] = bool(
                    (o["store"] == store).mul(o["paid_at"] < pd.Timestamp(day) + pd.Timedelta(days=1)).any()
                )
            return self._sold_by[day]

    gmv = {}
    if start <= end:
        daily = pd_paid(frames, store, start, end).groupby("day")["paid_amount"].sum()
        gmv = {day.date(): Decimal(f"{value:.2f}") for day, value in daily.items()}
    return PandasHistory(None, store, start, end, gmv)


def pd_plan(frames: dict, store: str, first: str, last: str) -> dict:
    plan = frames["plan"]
    rows = plan.loc[(plan["store"] == store) & (plan["month"] >= first) & (plan["month"] <= last)]
    money = ("gmv_target", "net_sales_target", "aov_target")
    return {
        r["month"]: {k: (Decimal(f"{r[k]:.2f}") if k in money and r[k] == r[k] else r[k]) for k in r}
        for r in rows.to_dict("records")
    }


def pd_overrides(frames: dict, store: str, start: date, end: date) -> dict:
    o = frames["overrides"]
    rows = o.loc[(o["store"] == store)]
    return {
        d.date() if hasattr(d, "date") else d: Decimal(f"{v:.2f}")
        for d, v in zip(rows["date"], rows["gmv_target"], strict=True)
        if start <= (d.date() if hasattr(d, "date") else d) <= end
    }


def pd_month_state(frames: dict, store: str, month: str, as_of: date):
    from metrics.targets import history_start, month_state

    start, end = month_bounds(month)
    history = pd_history(frames, store, history_start(month, as_of), min(as_of, end))
    plan = pd_plan(frames, store, month, month).get(month, {})
    overrides = pd_overrides(frames, store, start, end)
    return history, month_state(history, month, as_of, plan.get("gmv_target"), overrides)


def pd_daily_targets(frames: dict, store: str, month: str, as_of: date):
    """= daily_targets: the history and plan read from the DataFrames, the weights by metrics.targets."""
    from metrics.targets import daily_frame

    _, state = pd_month_state(frames, store, month, as_of)
    return daily_frame(state)


def pd_attainment(frames: dict, store: str, month: str, as_of: date) -> dict:
    """= attainment for one store: the same reads (daily GMV history, plan, overrides, annual target, the
    month's net sales with the refund rule) from the DataFrames; the arithmetic of metrics.attainment."""
    from metrics.attainment import _first_days, _week_target
    from metrics.targets import history_start, month_state, shift_month

    start, end = month_bounds(month)
    year = start.year
    previous_month = shift_month(month, -1)
    history = pd_history(frames, store, history_start(month, as_of), min(as_of, end))
    plans = pd_plan(frames, store, min(previous_month, f"{year}-01"), f"{year}-12")
    plan = plans.get(month, {})
    overrides = pd_overrides(frames, store, month_bounds(previous_month)[0], end)
    state = month_state(history, month, as_of, plan.get("gmv_target"), overrides)
    target, actual, cut, elapsed = state.target, state.mtd_actual(), state.cut, state.elapsed
    out = {"target": target, "actual": actual, "time_progress": elapsed / state.days_in_month}
    out["weighted_time_progress"] = state.weighted_progress()
    if elapsed > 0:
        out["day_actual"] = history.day(cut)
        out["day_target"] = state.daily[cut.day - 1]
        week_start = cut - timedelta(days=cut.isoweekday() - 1)
        out["wtd_actual"] = history.total(week_start, cut)
        previous = None
        if week_start < start:
            prev_target = plans.get(previous_month, {}).get("gmv_target")
            previous = month_state(history, previous_month, as_of, prev_target, overrides)
        out["wtd_target"] = _week_target(state, week_start, previous)
    years = frames["plan_years"]
    annual = years.loc[(years["store"] == store) & (years["year"] == year), "annual_target"]
    out["ytd_target"] = float(annual.iloc[0]) if len(annual) else None
    out["ytd_actual"] = history.total(date(year, 1, 1), cut)
    out["last_month_same_period"] = _first_days(previous_month, elapsed, history)
    out["last_year_same_period"] = _first_days(shift_month(month, -12), elapsed, history)
    sales = pd_sales_range(frames, store, start, cut)
    out["net_sales"] = float(sales["paid_gmv"].sum() - sales["refunds"].sum())
    out["forecast"] = state.forecast(state.ratio)
    out["forecast_low"], out["forecast_high"] = (
        state.forecast(state.ratio_low),
        state.forecast(state.ratio_high),
    )
    days_left = state.days_in_month - elapsed
    if target is not None and days_left > 0:
        out["required_daily"] = (max(Decimal(0), target - actual) / days_left).quantize(
            Decimal("0.01"), ROUND_CEILING
        )
    out["attainment"] = float(actual / target) if target else None
    return out


def pd_drivers(frames: dict, store: str, month: str, as_of: date) -> dict:
    """= drivers(against='target') for one store: GMV and the sum of each day's distinct buyers, the sum
    of 生意参谋 daily visitors, the weighted time progress (daily targets) and the plan's driver targets
    read from the DataFrames; the LMDI arithmetic of metrics.drivers."""
    import pandas as pd

    from metrics.drivers import _money, _target_base, lmdi_effects

    start, end = month_bounds(month)
    cut = min(as_of, end)
    paid = pd_paid(frames, store, start, cut)
    gmv = Decimal(f"{paid['paid_amount'].sum():.2f}")
    buyers = int(paid.groupby("day")["buyer"].nunique().sum())
    t = frames["traffic"]
    tm = t.loc[(t["store"] == store) & (t["date"] >= pd.Timestamp(start)) & (t["date"] <= pd.Timestamp(cut))]
    visitors = int(tm["visitors"].sum())
    out = {"gmv": gmv, "buyers": buyers, "visitors": visitors, "traffic_days": int(tm["visitors"].count())}
    out["conversion"] = buyers / visitors
    out["aov"] = (gmv / buyers).quantize(Decimal("0.01"), ROUND_HALF_UP)
    _, state = pd_month_state(frames, store, month, as_of)
    share = state.weighted_progress()
    out["elapsed_share"] = share
    base = _target_base(pd_plan(frames, store, month, month).get(month, {}), share)
    if base is not None:
        v0, c0, a0 = base
        out.update(visitors_base=v0, conversion_base=c0, aov_base=_money(a0), gmv_base=_money(v0 * c0 * a0))
        out["gmv_gap"] = gmv - out["gmv_base"]
        effects = [
            _money(e) for e in lmdi_effects((float(visitors), buyers / visitors, float(gmv / buyers)), base)
        ]
        largest = max(range(3), key=lambda i: abs(effects[i]))
        effects[largest] += out["gmv_gap"] - sum(effects, Decimal(0))
        out.update(gap_visitors=effects[0], gap_conversion=effects[1], gap_aov=effects[2])
    return out


def pandas_figures(name: str, result) -> dict:
    out: dict[str, float | None] = {}
    if name == "sales_by_period":
        for day, row in result.iterrows():
            key = day.strftime("%Y-%m-%d")
            for col in ("paid_gmv", "refunds", "paid_orders", "paid_buyers", "unique_skus"):
                out[f"sales.{col}[{key}]"] = num(row[col])
        out["sales.mtd_paid_gmv"] = float(result["paid_gmv"].sum())
        out["sales.mtd_refunds"] = float(result["refunds"].sum())
    elif name == "daily_targets":
        for row in result.to_dict("records"):
            key = str(row["date"])[:10]
            for col in ("weight", "gmv_target", "actual_gmv"):
                out[f"targets.{col}[{key}]"] = num(row[col])
    else:
        out = {f"{name}.{k}": num(v) for k, v in result.items()}
    return out


PANDAS_CALLS = {
    "attainment": pd_attainment,
    "daily_targets": pd_daily_targets,
    "drivers": pd_drivers,
    "sales_by_period": pd_sales,
}


def pandas_step(args: dict) -> dict:
    import db

    con = db.connect(args["db"], read_only=True)
    t0 = time.perf_counter()
    frames = {name: load_frame(con, sql) for name, sql in PANDAS_LOAD.items()}
    con.close()
    load_s = time.perf_counter() - t0
    for name in ("traffic", "overrides"):
        frames[name]["date"] = frames[name]["date"].astype("datetime64[us]")
    store, month, as_of = args["store"], args["month"], date.fromisoformat(args["as_of"])
    rss_loaded = peak_rss_mb()
    results, figures, missing = {}, {}, {}
    calls = {name: PANDAS_CALLS[name] for name in args["calls"] if name in PANDAS_CALLS}
    for name, fn in calls.items():
        try:  # the pandas twins reuse the metrics' pure arithmetic, which is still being written
            res = timed(lambda fn=fn: fn(frames, store, month, as_of), args["repeat"])
        except Exception as exc:
            missing[name] = f"{type(exc).__name__}: {exc}"[:160]
            print(f"  pandas {name}: not available: {missing[name]}", flush=True)
            continue
        figures.update(pandas_figures(name, res.pop("result")))
        results[name] = res
    if results:  # the parts run back to back: their sum (a pandas overview run takes minutes at 20M lines)
        results["overview (all of the above)"] = {
            "median_ms": sum(r["median_ms"] for r in results.values()),
            "p90_ms": sum(r["p90_ms"] for r in results.values()),
            "summed": True,
        }
    return {
        "results": results,
        "figures": figures,
        "missing": missing,
        "load_s": load_s,
        "rss_after_load_mb": rss_loaded,
        "rows": {name: len(frame) for name, frame in frames.items()},
    }


# ---------------------------------------------------------------- the parent

# Figures whose definition is unambiguous, so DuckDB and pandas must agree; any other figure both sides
# report is printed for information (a weight or forecast method may differ in detail).
ASSERTED = (
    "sales.",
    "targets.",
    "attainment.",
    "drivers.",
)


def child_main(step: str, payload: str) -> None:
    args = json.loads(payload)
    out = {"build": lambda a: build(a["db"], a["lines"], a["stores"], a["memory_limit"]),
           "duckdb": duck_step, "pandas": pandas_step}[step](args)  # fmt: skip
    out["rss_mb"] = peak_rss_mb()
    print("RESULT " + json.dumps(out, default=str, ensure_ascii=False), flush=True)


def run_child(label: str, step: str, args: dict) -> dict:
    """Run a step in a subprocess (its output passes through); return its RESULT figures and wall time."""
    print(f"\n[{label}]", flush=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", step, json.dumps(args)], stdout=subprocess.PIPE, text=True
    )
    result = None
    for line in proc.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
        else:
            print(line, end="", flush=True)
    proc.wait()
    if proc.returncode != 0 or result is None:
        raise SystemExit(f"{label} failed (exit {proc.returncode})")
    result["wall_s"] = time.perf_counter() - t0
    load = os.getloadavg()
    print(f"  ({label.split(':')[0]} took {result['wall_s']:.0f}s; load average now {load[0]:.1f} {load[1]:.1f} "
          f"{load[2]:.1f} on {os.cpu_count()} cores)", flush=True)  # fmt: skip
    return result


def compare(duck: dict, pand: dict) -> tuple[int, list[str]]:
    """Print the figures both sides computed; return (how many asserted figures agree, the mismatches)."""
    agreed, bad, info = 0, [], []
    for key in sorted(set(duck) & set(pand)):
        a, b = duck[key], pand[key]
        # money and counts to the cent; fractions (ratios, weights) to 1e-9
        tol = 0.006 if a is not None and abs(a) > 1 else 1e-9
        same = (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= tol)
        if key.startswith(ASSERTED):
            if same:
                agreed += 1
            else:
                bad.append(f"{key}: duckdb {a} != pandas {b}")
        else:
            info.append((key, a, b, same))
    shown = [k for k in sorted(set(duck) & set(pand)) if k.startswith(ASSERTED) and "[" not in k]
    for key in shown:
        print(f"  {key:<42} duckdb {duck[key]!s:>22}  pandas {pand[key]!s:>22}")
    per_day = [k for k in set(duck) & set(pand) if k.startswith(ASSERTED) and "[" in k]
    if per_day:
        print(f"  (+ {len(per_day)} per-day figures: sales by day and targets.actual_gmv)")
    differ = [x for x in info if not x[3]]
    if info:
        print(
            f"  information only (method may differ): {len(info) - len(differ)} of {len(info)} equal", end=""
        )
        print(", differing: " + ", ".join(f"{k} {a} vs {b}" for k, a, b, _ in differ[:6]) if differ else "")
    return agreed, bad


def fmt_ms(value) -> str:
    return f"{value:,.1f}" if isinstance(value, (int, float)) else "n/a"


def summary(duck: dict, pand: dict, order: list[str]) -> list[str]:
    """Print the table; return the failed targets."""
    print()
    head = f"{'query (store, month, as_of)':<30}{'median ms':>11}{'p90 ms':>9}{'pandas med':>12}{'pandas p90':>12}"
    print(head + f"{'ratio':>8}  verdict (median < {TARGET_MEDIAN_MS:.0f} ms; >= {TARGET_RATIO:.0f}x)")
    print("-" * 110)
    failed = []
    for name in order:
        if name in duck["missing"]:
            print(f"{name:<30}{'not available: ' + duck['missing'][name]}"[:140])
            continue
        d, p = duck["results"].get(name), pand["results"].get(name)
        if d is None:
            continue
        ratio = p["median_ms"] / d["median_ms"] if p else None
        fast = d["median_ms"] < TARGET_MEDIAN_MS
        enough = ratio is not None and ratio >= TARGET_RATIO
        verdict = ("ok" if fast else "SLOW") + " / " + ("ok" if enough else "RATIO LOW" if p else "no pandas")
        if not fast or (p and not enough):
            failed.append(name)
        print(
            f"{name:<30}{fmt_ms(d['median_ms']):>11}{fmt_ms(d['p90_ms']):>9}"
            f"{fmt_ms(p and p['median_ms']):>12}{fmt_ms(p and p['p90_ms']):>12}"
            f"{(f'{ratio:.1f}x' if ratio else 'n/a'):>8}  {verdict}"
        )
    return failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=20_000_000, help="order lines (orders: half as many)")
    parser.add_argument("--stores", type=int, default=5, help="stores; the first holds 70%% of the rows")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out_overview")
    parser.add_argument("--keep", action="store_true", help="keep the database (reused by --skip-build)")
    parser.add_argument(
        "--skip-build", action="store_true", help="reuse the database of an earlier --keep run"
    )
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per query after one warm-up")
    parser.add_argument(
        "--pandas-repeat",
        type=int,
        default=5,
        help="timed pandas runs per figure (each takes seconds at 20M lines)",
    )
    parser.add_argument("--month", default=MONTH, help=f"month of the overview (default {MONTH}, Double 11)")
    parser.add_argument(
        "--as-of", default=AS_OF.isoformat(), help="as-of date (default mid-month, the data's last day)"
    )
    parser.add_argument("--build-memory", default="6GB", help="DuckDB memory_limit while building")
    parser.add_argument(
        "--profile", action="store_true", help="time every SQL the metrics issue; EXPLAIN ANALYZE to --out"
    )
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas side")
    opts = parser.parse_args()

    out: Path = opts.out
    out.mkdir(parents=True, exist_ok=True)
    path = out / "overview.duckdb"
    free = shutil.disk_usage(out).free
    need = opts.lines * 250  # about 130 bytes per line on disk, plus room for DuckDB's temp files
    print(f"free disk at {out}: {free / 1e9:.1f} GB (this run needs about {need / 1e9:.1f} GB)")
    if free < need and not opts.skip_build:
        raise SystemExit("not enough free disk space")
    store = store_names(opts.stores)[0]

    if not (opts.skip_build and path.exists()):
        for p in (path, path.with_name(path.name + ".wal")):
            p.unlink(missing_ok=True)
        print("Rows go straight into the canonical tables with INSERT ... SELECT FROM range(...): this is a "
              "query benchmark, the import has its own (make bench).")  # fmt: skip
        built = run_child(
            f"build {opts.lines:,} order lines, {opts.stores} stores",
            "build",
            {"db": str(path), "lines": opts.lines, "stores": opts.stores, "memory_limit": opts.build_memory},
        )
        print(
            f"  built in {built['wall_s']:.1f}s, peak RSS {built['rss_mb']:,.0f} MB; rows: {built['counts']}"
        )
        print(f"  orders per store: {built['per_store']}")
        print(
            f"  paid dates {built['span'][0]} .. {built['span'][1]}; 退款成功 lines {built['refund_line_share']:.1%}"
        )
    db_size = path.stat().st_size

    common = {
        "db": str(path),
        "store": store,
        "month": opts.month,
        "as_of": opts.as_of,
        "repeat": opts.repeat,
    }
    duck = run_child(
        f"DuckDB: the metric functions, {store}, {opts.month}, as of {opts.as_of}, 1 warm-up + {opts.repeat} runs",
        "duckdb",
        {**common, "profile": opts.profile, "out": str(out)},
    )
    for name, why in duck["missing"].items():
        print(f"  {name}: not available: {why}")
    for name, res in duck["results"].items():
        print(
            f"  {name}: median {res['median_ms']:.1f} ms, p90 {res['p90_ms']:.1f} ms (min {res['min_ms']:.1f})"
        )
    for label, res in duck["upkeep"].items():
        print(f"  upkeep: recomputing sales_daily for {label} of {store}: median {res['median_ms']:.1f} ms")
    for row in duck.get("profile", []):
        print(
            f"  profile {row['call']:<16} {fmt_ms(row['ms']):>9} ms  {row['query']}  {row.get('error', '')}"
        )
    available = [name for name in duck["results"] if name in PANDAS_CALLS]
    pand = {"results": {}, "figures": {}, "rss_mb": 0.0}
    if not opts.no_pandas:
        pand = run_child(
            f"pandas: the same figures on in-memory DataFrames of all stores, 1 warm-up + {opts.pandas_repeat} runs",
            "pandas",
            {**common, "calls": available, "repeat": opts.pandas_repeat},
        )
        print(
            f"  loaded {pand['rows']} in {pand['load_s']:.1f}s (untimed), RSS {pand['rss_after_load_mb']:,.0f} MB"
        )
        for name, res in pand["results"].items():
            if not res.get("summed"):
                print(f"  {name}: median {res['median_ms']:.1f} ms, p90 {res['p90_ms']:.1f} ms")

    print("\n[checks: DuckDB and pandas figures]")
    agreed, bad = compare(duck["figures"], pand["figures"])
    print(f"  {agreed} checked figures equal" + (f"; {len(bad)} DIFFER:" if bad else ""))
    for line in bad[:20]:
        print("   ", line)

    order = ["attainment", "daily_targets", "drivers", "sales_by_period", "overview (all of the above)"]
    failed = summary(duck, pand, order)
    print("(the DuckDB overview row is timed as one run of all four; the pandas one is the sum of its parts)")
    print(
        f"\npeak RSS: DuckDB side {duck['rss_mb']:,.0f} MB, pandas side {pand['rss_mb']:,.0f} MB; "
        f"database {db_size / 1e9:.2f} GB ({path.name})"
    )
    missing = ", ".join(duck["missing"]) or "none"
    print(f"not available: {missing}")
    print("verdict: " + ("all targets met" if not failed and not bad else
                         f"targets missed by: {', '.join(failed) or '-'}; figure mismatches: {len(bad)}"))  # fmt: skip
    if not opts.keep:
        shutil.rmtree(out)
        print(f"removed {out}")
    if bad:
        raise SystemExit(1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child_main(sys.argv[2], sys.argv[3])
    else:
        main()
