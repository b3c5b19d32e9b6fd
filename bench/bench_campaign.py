"""Benchmark the campaign review (metrics.campaign_review) against the same computation in pandas.

Target (issue 4): at 20 million order lines, a campaign review with a 28-day baseline and SKU-level
figures takes a median under 500 ms warm; the pandas equivalent is measured in the same run.

The database is bench_overview's synthetic one (`build()`: canonical rows straight into the real schema,
about 3 years, 5 stores, the big one holding 70%), cached at --db and reused when present. Two calendar
campaigns of the big store are (re)inserted with SQL: a store-wide Double 11 2024 with presale phases
(定金 10-24 20:00 .. 10-31, 尾款 11-01 .. 11-03, 爆发 11-10 .. 11-12) and a SKU-level 聚划算 on 2025-09-17
with three SKUs. The DuckDB side calls campaign_review on a read-only `db.connect` connection (the app's
memory limit): one untimed warm-up, then --repeat timed runs. The pandas side loads orders and lines of ALL
stores into DataFrames once (untimed), then computes the same aggregates (daily store and SKU figures with
the refund rule, campaign-window actuals and new buyers, the presale ledger) and fits the same baseline
model (metrics.campaign_baseline, shared: the comparison is about the data work); its figures are checked
against DuckDB's.

    .venv/bin/python bench/bench_campaign.py --lines 2000000 --db /tmp/bench_campaign/small.duckdb  # quick
    .venv/bin/python bench/bench_campaign.py          # 20M lines: builds /tmp/bench_campaign/campaign.duckdb
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_MEDIAN_MS = 500.0
AS_OF = date(2025, 11, 15)
CAMPAIGNS = [
    # (id, name, type, phases, skus)
    (
        9001,
        "双11 2024 (bench)",
        "双十一",
        [
            ("定金", datetime(2024, 10, 24, 20), datetime(2024, 10, 31, 23, 59, 59)),
            ("尾款", datetime(2024, 11, 1), datetime(2024, 11, 3, 23, 59, 59)),
            ("爆发", datetime(2024, 11, 10), datetime(2024, 11, 12, 23, 59, 59)),
        ],
        [],
    ),
    (
        9002,
        "聚划算 2025-09-17 (bench)",
        "聚划算",
        [("活动", datetime(2025, 9, 17, 10), datetime(2025, 9, 17, 23, 59, 59))],
        ["SKU0-00001", "SKU0-00002", "SKU0-00003"],
    ),
]


def timed(fn, repeat: int) -> tuple[float, float, object]:
    """(median ms, min ms, result) of `repeat` timed calls after one untimed warm-up."""
    result = fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times), result


def insert_calendar(path: Path, store: str) -> None:
    import db

    con = db.connect(path)
    try:
        for cid, name, kind, phases, skus in CAMPAIGNS:
            for table in ("campaign_skus", "campaign_phases", "campaigns"):
                con.execute(f"DELETE FROM {table} WHERE campaign_id = ?", [cid])  # noqa: S608 (constant names)
            con.execute(
                "INSERT INTO campaigns (campaign_id, store, name, campaign_type, gmv_target, slot_fee, "
                "commission_rate, ad_spend, coupon_cost, margin_rate, source, updated_at) "
                "VALUES (?, ?, ?, ?, 50000000, 20000, 0.05, 300000, 50000, 0.35, 'editor', now()::TIMESTAMP)",
                [cid, store, name, kind],
            )
            con.executemany("INSERT INTO campaign_phases VALUES (?, ?, ?, ?)", [(cid, *p) for p in phases])
            for sku in skus:
                con.execute("INSERT INTO campaign_skus VALUES (?, ?, NULL)", [cid, sku])
    finally:
        con.close()


# ---------------------------------------------------------------- pandas side


def load_frames(con):
    """Orders and lines of ALL stores, as a naive app would hold them (money as float64)."""

    def frame(sql):
        return con.sql(sql).to_arrow_table().to_pandas(self_destruct=True, split_blocks=True)

    orders = frame(
        "SELECT store, order_id, buyer, paid_at, pay_time, created_at, export_ts, is_presale, status, "
        "deposit_paid_at, CAST(deposit_amount AS DOUBLE) AS deposit_amount, "
        "CAST(paid_amount AS DOUBLE) AS paid_amount, CAST(refund_amount AS DOUBLE) AS refund_amount, quantity "
        "FROM orders"
    )
    lines = frame(
        "SELECT store, order_id, sku, quantity, CAST(paid_amount AS DOUBLE) AS paid_amount, refund_status, "
        "CAST(refund_amount AS DOUBLE) AS refund_amount FROM order_lines"
    )
    return {"orders": orders, "lines": lines}


def pandas_review(frames: dict, camp, win, fit_days: list[date], as_of: date) -> dict:
    """The review's data work in pandas: returns gmv, orders, buyers, new_buyers, baseline, incremental."""
    import pandas as pd

    from metrics.campaign_baseline import fit_baseline

    o, lines = frames["orders"], frames["lines"]
    store_orders = o[o["store"] == camp.store]
    start, end = pd.Timestamp(win.fetch_start), pd.Timestamp(win.fetch_end + timedelta(days=1))
    paid = store_orders[(store_orders["paid_at"] >= start) & (store_orders["paid_at"] < end)]
    paid = paid.assign(day=paid["paid_at"].dt.date)
    joined = lines[lines["store"] == camp.store].merge(paid[["order_id", "day", "buyer"]], on="order_id")
    # daily store figures with the refund rule
    with_status = set(joined.loc[joined["refund_status"].fillna("") != "", "order_id"])
    line_ref = joined[joined["refund_status"] == "退款成功"].groupby("day")["refund_amount"].sum()
    order_ref = paid[~paid["order_id"].isin(with_status)].groupby("day")["refund_amount"].sum()
    store_days = paid.groupby("day").agg(gmv=("paid_amount", "sum"), buyers=("buyer", "nunique"))
    store_days["refunds"] = line_ref.reindex(store_days.index, fill_value=0) + order_ref.reindex(
        store_days.index, fill_value=0
    )
    # SKU-day figures and the participating / rest split
    joined["participating"] = joined["sku"].isin(camp.skus) if camp.sku_level else True
    sku_days = joined.groupby(["day", "sku"]).agg(
        gmv=("paid_amount", "sum"), units=("quantity", "sum"), orders=("order_id", "nunique")
    )
    part = joined.groupby(["day", "participating"]).agg(
        gmv=("paid_amount", "sum"), orders=("order_id", "nunique"), buyers=("buyer", "nunique")
    )
    if camp.sku_level:
        scope_series = part.xs(True, level="participating")["gmv"].to_dict()
    else:
        scope_series = store_days["gmv"].to_dict()
    # campaign-window actuals and new buyers
    first, last = camp.first_day, min(camp.last_day, as_of)
    in_days = (paid["day"] >= first) & (paid["day"] <= last)
    if camp.sku_level:
        scope = joined[joined["participating"] & (joined["day"] >= first) & (joined["day"] <= last)]
        gmv, orders, buyers = scope["paid_amount"].sum(), scope["order_id"].nunique(), scope["buyer"].unique()
    else:
        scope = paid[in_days]
        gmv, orders, buyers = scope["paid_amount"].sum(), len(scope), scope["buyer"].unique()
    earlier = store_orders[store_orders["paid_at"] < pd.Timestamp(first)]
    returning = earlier.loc[earlier["buyer"].isin(buyers), "buyer"].nunique()
    # presale ledger
    pre = store_orders[store_orders["is_presale"]]
    balances = pre.groupby(pre["paid_at"].dt.date).size()
    fit = fit_baseline(scope_series, fit_days)
    base = fit.band(win.campaign)[0] if fit else None
    return {
        "gmv": float(gmv),
        "orders": int(orders),
        "buyers": len(buyers),
        "new_buyers": len(buyers) - int(returning),
        "baseline": base,
        "incremental": float(gmv) - base if base is not None else None,
        "sku_day_rows": len(sku_days),
        "presale_balance_days": len(balances),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=20_000_000, help="order lines when building")
    parser.add_argument("--stores", type=int, default=5)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench_campaign/campaign.duckdb"))
    parser.add_argument("--rebuild", action="store_true", help="build even when --db exists")
    parser.add_argument("--repeat", type=int, default=15, help="timed DuckDB runs after one warm-up")
    parser.add_argument("--pandas-repeat", type=int, default=3, help="timed pandas runs after one warm-up")
    parser.add_argument("--no-pandas", action="store_true")
    opts = parser.parse_args()

    import bench_overview

    import db
    from metrics.campaign_review import campaign_review
    from metrics.campaign_windows import load_campaign, other_campaign_days, review_windows, window_bounds

    store = bench_overview.store_names(opts.stores)[0]
    if opts.rebuild or not opts.db.exists():
        opts.db.parent.mkdir(parents=True, exist_ok=True)
        for p in (opts.db, opts.db.with_name(opts.db.name + ".wal")):
            p.unlink(missing_ok=True)
        t0 = time.perf_counter()
        built = bench_overview.build(str(opts.db), opts.lines, opts.stores, "6GB")
        print(f"built {built['counts']} in {time.perf_counter() - t0:.0f}s")
    insert_calendar(opts.db, store)
    con = db.connect(opts.db, read_only=True)
    counts = con.sql("SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM order_lines)").fetchall()[0]
    print(f"database {opts.db}: {counts[0]:,} orders, {counts[1]:,} order lines; store {store}")

    results = {}
    for cid, name, *_ in CAMPAIGNS:
        median, fastest, review = timed(
            lambda cid=cid: campaign_review(con, campaign=cid, as_of=AS_OF), opts.repeat
        )
        results[name] = {"duck_ms": median, "duck_min": fastest, "review": review}
        s = review.summary
        print(
            f"  DuckDB {name}: median {median:.0f} ms (min {fastest:.0f}); gmv {s['gmv']}, baseline "
            f"{s['baseline']}, lift {s['lift'] if s['lift'] is None else round(s['lift'], 3)}, "
            f"{len(review.skus)} SKU rows, {len(review.timeline)} timeline days"
        )

    if not opts.no_pandas:
        t0 = time.perf_counter()
        frames = load_frames(con)
        print(
            f"pandas: loaded {len(frames['orders']):,} orders, {len(frames['lines']):,} lines in {time.perf_counter() - t0:.0f}s (untimed)"
        )
        for cid, name, *_ in CAMPAIGNS:
            camp = load_campaign(con, cid)
            lookback, post_end = window_bounds(camp, pre_days=7, post_days=14, baseline_days=28)
            other = other_campaign_days(con, camp, lookback, post_end)
            win = review_windows(camp, other, as_of=AS_OF, pre_days=7, post_days=14, baseline_days=28)
            summary = results[name]["review"].summary
            fit_days = list(win.fit)
            median, fastest, figures = timed(
                lambda c=camp, w=win, f=fit_days: pandas_review(frames, c, w, f, AS_OF), opts.pandas_repeat
            )
            results[name].update(pd_ms=median, figures=figures)
            diffs = [
                f"{k}: duckdb {summary[k]} pandas {v}"
                for k, v in figures.items()
                if k in summary
                and (
                    (summary[k] is None) != (v is None)
                    or (v is not None and abs(float(summary[k]) - v) > 0.05)
                )
            ]
            print(
                f"  pandas {name}: median {median:.0f} ms; figures "
                + ("agree" if not diffs else "DIFFER: " + "; ".join(diffs))
            )
    con.close()

    print(
        f"\n{'campaign':<28}{'rows (lines)':>14}{'DuckDB ms':>11}{'pandas ms':>11}{'ratio':>8}  target < {TARGET_MEDIAN_MS:.0f} ms"
    )
    for name, r in results.items():
        ratio = r.get("pd_ms", 0) / r["duck_ms"] if r.get("pd_ms") else None
        verdict = "ok" if r["duck_ms"] < TARGET_MEDIAN_MS else "SLOW"
        pd_text = f"{r['pd_ms']:.0f}" if r.get("pd_ms") else "n/a"
        ratio_text = f"{ratio:.1f}x" if ratio else "n/a"
        print(f"{name:<28}{counts[1]:>14,}{r['duck_ms']:>11.0f}{pd_text:>11}{ratio_text:>8}  {verdict}")


if __name__ == "__main__":
    main()
