"""Sales drivers (销售额 = 访客数 × 转化率 × 客单价): one row per store for a month as of a date, the month to
date against the plan's driver targets or against the same period last year, and an LMDI split of the GMV
gap into a visitor, a conversion and an order-value effect that adds up exactly to the gap.

Columns: store, month ('YYYY-MM'), as_of (date), against ('target' | 'last_year'), days_elapsed (Int64),
elapsed_share (fraction of the month's daily targets elapsed; the pro-rating factor, NULL for last_year),
traffic_days (Int64, elapsed days with 生意参谋 visitors), gmv, gmv_base, gmv_gap (yuan), visitors (Int64),
visitors_base (float), buyers (Int64), buyers_base (float), conversion, conversion_base (fractions),
aov, aov_base (yuan), gap_visitors, gap_conversion, gap_aov (yuan), split_status (a SPLIT_STATUS key).

One grain for all three factors, so that GMV = visitors × conversion × aov holds exactly:
- gmv: paid GMV of the elapsed days (the paid_gmv 口径 of metrics/sales.py);
- visitors: the SUM of 生意参谋 daily visitors over the elapsed days (daily UV is not deduplicated across
  days, so this is visitor-days, not a deduplicated monthly count);
- buyers: the SUM over the elapsed days of each day's distinct paying buyers from the order export (buyer-
  days), the same daily grain as the visitors, so conversion = buyers / visitors matches 生意参谋's daily
  支付转化率 and aov = gmv / buyers its daily 客单价 (not sales.avg_order_value, which counts a buyer once
  per period).
Base 'target': plan_months visitors_target pro-rated by elapsed_share (the weighted time progress), and
conversion_target and aov_target as they are; when exactly one of the three is missing it is derived from
gmv_target × elapsed_share. gmv_base is the product of the three (the plan's own GMV target when derived).
Base 'last_year': the same figures over the first days_elapsed days of the month a year earlier.
LMDI (additive, log-mean Divisia): with L(a, b) = (a − b) / (ln a − ln b) (L(a, a) = a), each effect is
L(gmv, gmv_base) × ln(factor / factor_base); the three add up to gmv − gmv_base. Effects are rounded to the
cent and the rounding remainder goes to the largest one, so they sum to gmv_gap exactly. Logs need
positive figures: with a zero or missing factor on either side there is no split (gap_* NULL) and
split_status says why.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import duckdb
import pandas as pd

from metrics._query import rows_frame
from metrics.targets import (
    CENT,
    ZERO,
    load_plan,
    month_bounds,
    shift_month,
    store_month_state,
    stores_for_month,
)

AGAINST = ("target", "last_year")

DRIVER_COLUMNS = [
    "store",
    "month",
    "as_of",
    "against",
    "days_elapsed",
    "elapsed_share",
    "traffic_days",
    "gmv",
    "gmv_base",
    "gmv_gap",
    "visitors",
    "visitors_base",
    "buyers",
    "buyers_base",
    "conversion",
    "conversion_base",
    "aov",
    "aov_base",
    "gap_visitors",
    "gap_conversion",
    "gap_aov",
    "split_status",
]

SPLIT_STATUS: dict[str, dict[str, str]] = {
    "ok": {"zh": "已拆分", "en": "split"},
    "no_elapsed_days": {"zh": "本月尚未开始，无可拆分的差额", "en": "no day of the month has elapsed yet"},
    "no_visitors": {
        "zh": "本期没有生意参谋访客数，请导入生意参谋店铺整体日报",
        "en": "no 生意参谋 visitors for the period: import the 生意参谋 shop daily export",
    },
    "no_sales": {
        "zh": "本期没有支付金额或支付买家，无法按对数拆分",
        "en": "no paid GMV or paying buyers in the period: a log split is undefined",
    },
    "no_target": {
        "zh": "计划缺少访客数、转化率、客单价目标（至少需要其中两项加销售目标）",
        "en": "the plan lacks visitor, conversion and order-value targets (two of them plus the GMV target are needed)",
    },
    "no_base_visitors": {
        "zh": "去年同期没有生意参谋访客数",
        "en": "no 生意参谋 visitors for the same period last year",
    },
    "no_base_sales": {
        "zh": "去年同期没有支付金额或支付买家",
        "en": "no paid GMV or paying buyers in the same period last year",
    },
}

_ORDERS_SQL = """
SELECT CAST(coalesce(sum(paid_gmv), 0) AS DECIMAL(18, 2)), CAST(coalesce(sum(paid_buyers), 0) AS BIGINT)
FROM sales_daily
WHERE store = $store AND day BETWEEN $start AND $end
"""

_TRAFFIC_SQL = """
SELECT count(visitors), CAST(sum(visitors) AS BIGINT)
FROM traffic_daily
WHERE store = $store AND date BETWEEN $start AND $end
"""


def log_mean(a: float, b: float) -> float:
    """L(a, b) = (a − b) / (ln a − ln b), and a when a == b (its limit); a, b > 0."""
    if a == b:
        return a
    return (a - b) / (math.log(a) - math.log(b))


def lmdi_effects(actual: tuple[float, ...], base: tuple[float, ...]) -> list[float]:
    """Additive LMDI effects of each factor on the change of their product from `base` to `actual`.

    effect_i = L(prod actual, prod base) × ln(actual_i / base_i); they sum to prod(actual) − prod(base).
    Every factor must be positive (ValueError otherwise).
    """
    if any(x is None or not x > 0 for x in (*actual, *base)):
        raise ValueError("LMDI needs positive factors on both sides")
    weight = log_mean(math.prod(actual), math.prod(base))
    return [weight * math.log(a / b) for a, b in zip(actual, base, strict=True)]


def _period(conn: duckdb.DuckDBPyConnection, store: str, start: date, end: date) -> dict[str, Any]:
    params = {"store": store, "start": start, "end": end}
    gmv, buyers = conn.sql(_ORDERS_SQL, params=params).fetchall()[0]
    traffic_days, visitors = conn.sql(_TRAFFIC_SQL, params=params).fetchall()[0]
    return {"gmv": gmv, "buyers": int(buyers), "visitors": visitors, "traffic_days": int(traffic_days)}


def _target_base(plan: dict[str, Any], share: float) -> tuple[float, float, float] | None:
    """(visitors, conversion, aov) targets for the elapsed share of the month, deriving one missing factor
    from the GMV target; None when the plan cannot give all three."""
    gmv = float(plan["gmv_target"]) * share if plan.get("gmv_target") is not None else None
    visitors = float(plan["visitors_target"]) * share if plan.get("visitors_target") is not None else None
    conversion = plan.get("conversion_target")
    aov = float(plan["aov_target"]) if plan.get("aov_target") is not None else None
    factors = [visitors, conversion, aov]
    missing = [i for i, f in enumerate(factors) if f is None]
    if len(missing) == 1 and gmv is not None:
        others = [f for f in factors if f is not None]
        if all(f > 0 for f in others):
            factors[missing[0]] = gmv / math.prod(others)
    if any(f is None or not f > 0 for f in factors):
        return None
    return factors[0], factors[1], factors[2]


def _money(value: float) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def store_drivers(
    conn: duckdb.DuckDBPyConnection, store: str, month: str, as_of: date, against: str
) -> dict[str, Any]:
    """The drivers row of one store (see the module doc)."""
    start, end = month_bounds(month)
    cut = min(as_of, end)
    elapsed = max(0, (cut - start).days + 1)
    row: dict[str, Any] = dict.fromkeys(DRIVER_COLUMNS)
    row.update(store=store, month=month, as_of=as_of, against=against, days_elapsed=elapsed)
    if elapsed == 0:
        row.update(traffic_days=0, split_status="no_elapsed_days")
        return row
    actual = _period(conn, store, start, cut)
    gmv, buyers, visitors = actual["gmv"], actual["buyers"], actual["visitors"]
    row.update(gmv=gmv, buyers=buyers, visitors=visitors, traffic_days=actual["traffic_days"])
    if visitors:
        row["conversion"] = buyers / visitors
    if buyers:
        row["aov"] = (gmv / buyers).quantize(CENT, ROUND_HALF_UP)
    actual_factors = (
        float(visitors or 0),
        buyers / visitors if visitors else 0.0,
        float(gmv / buyers) if buyers else 0.0,
    )

    base_factors: tuple[float, float, float] | None
    if against == "target":
        state = store_month_state(conn, store, month, as_of)
        share = state.weighted_progress()
        row["elapsed_share"] = share
        base_factors = _target_base(load_plan(conn, store, month, month).get(month, {}), share)
        if base_factors is not None:
            v0, c0, a0 = base_factors
            row.update(
                visitors_base=v0,
                conversion_base=c0,
                aov_base=_money(a0),
                buyers_base=v0 * c0,
                gmv_base=_money(v0 * c0 * a0),
            )
        missing_base = "no_target"
    else:
        ly_start, ly_end = month_bounds(shift_month(month, -12))
        ly_end = min(ly_end, ly_start + timedelta(days=elapsed - 1))
        base = _period(conn, store, ly_start, ly_end)
        v0, b0, g0 = base["visitors"], base["buyers"], base["gmv"]
        row.update(visitors_base=v0, buyers_base=b0, gmv_base=g0)
        if v0:
            row["conversion_base"] = b0 / v0
        if b0:
            row["aov_base"] = (g0 / b0).quantize(CENT, ROUND_HALF_UP)
        base_factors = (float(v0), b0 / v0, float(g0 / b0)) if v0 and b0 and g0 > 0 else None
        missing_base = "no_base_visitors" if not v0 else "no_base_sales"

    if row["gmv_base"] is not None:
        row["gmv_gap"] = gmv - row["gmv_base"]
    if not visitors:
        row["split_status"] = "no_visitors"
    elif not buyers or gmv <= 0:
        row["split_status"] = "no_sales"
    elif base_factors is None:
        row["split_status"] = missing_base
    else:
        effects = [_money(e) for e in lmdi_effects(actual_factors, base_factors)]
        largest = max(range(3), key=lambda i: abs(effects[i]))
        effects[largest] += row["gmv_gap"] - sum(effects, ZERO)
        row.update(gap_visitors=effects[0], gap_conversion=effects[1], gap_aov=effects[2], split_status="ok")
    return row


def drivers(
    conn: duckdb.DuckDBPyConnection,
    *,
    month: str,
    as_of: date,
    store: str | None = None,
    against: str = "target",
) -> pd.DataFrame:
    """Visitors, conversion and order value against target or last year, with the LMDI split of the gap."""
    if against not in AGAINST:
        raise ValueError(f"against must be one of {', '.join(AGAINST)}; got {against!r}")
    month_bounds(month)
    stores = [store] if store is not None else stores_for_month(conn, month, as_of)
    rows = [store_drivers(conn, s, month, as_of, against) for s in stores]
    return rows_frame(
        rows,
        DRIVER_COLUMNS,
        ints=("days_elapsed", "traffic_days", "visitors", "buyers"),
        floats=("elapsed_share", "visitors_base", "buyers_base", "conversion", "conversion_base"),
    )
