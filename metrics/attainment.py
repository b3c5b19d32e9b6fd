"""Month pacing (目标达成): one row per store for a month as of a date -- the month's paid GMV against its
plan, both time progresses, the day, week and year to date, the same period last month and last year, the
month-end forecast with its range and the required daily amount. Definitions: metrics.definitions.

Columns (money in yuan as Decimal, ratios as fractions, counts Int64; NULL = not defined, e.g. no target):
    store, month ('YYYY-MM'), as_of (date), owner (负责人, text), days_in_month, days_elapsed, days_left,
    target, actual, attainment, net_sales_target, net_sales, time_progress, weighted_time_progress, gap,
    day (date), day_target, day_actual, wtd_target, wtd_actual, ytd_target, ytd_actual, ytd_attainment,
    last_month_same_period, last_year_same_period, mom_growth, yoy_growth,
    forecast, forecast_low, forecast_high, forecast_attainment, required_daily

Rules:
- Elapsed days are the month's days up to and including as_of (as_of before the month: 0; after: all).
  `day` is the last elapsed day (NULL when none); the week runs Monday..day, across the month start if
  need be (its target then includes the previous month's daily targets; NULL when a day has none).
- Same period last month / last year: the first `days_elapsed` days of that month (cut at its end).
- ytd_target is the year's annual target (plan_years), else the sum of the year's month targets;
  ytd_actual runs from 1 January to `day` (or as_of when the month has not started).
- forecast = actual + (the remaining daily targets) x r, r = actual / the elapsed daily targets. Its range
  uses r ± one standard error of the daily ratios actual/target (sample sd / sqrt(n) over the elapsed days,
  n >= 2; the low end floored at 0): NULL with fewer than 2 elapsed days, equal to actual once the month is
  over, NULL with no elapsed days. A month without a target is forecast from the daily weights alone
  (r = actual / weighted time progress in yuan), so a forecast exists with no target too.
- required_daily = (target - actual) / days_left rounded up to the cent, 0 once the target is made, NULL
  with no target or no day left.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from typing import Any

import duckdb
import pandas as pd

from metrics._query import rows_frame
from metrics.sales import paid_and_net
from metrics.targets import (
    CENT,
    ZERO,
    History,
    MonthState,
    history_start,
    load_overrides,
    load_plan,
    month_bounds,
    month_state,
    shift_month,
    stores_for_month,
)

ATTAINMENT_COLUMNS = [
    "store",
    "month",
    "as_of",
    "owner",
    "days_in_month",
    "days_elapsed",
    "days_left",
    "target",
    "actual",
    "attainment",
    "net_sales_target",
    "net_sales",
    "time_progress",
    "weighted_time_progress",
    "gap",
    "day",
    "day_target",
    "day_actual",
    "wtd_target",
    "wtd_actual",
    "ytd_target",
    "ytd_actual",
    "ytd_attainment",
    "last_month_same_period",
    "last_year_same_period",
    "mom_growth",
    "yoy_growth",
    "forecast",
    "forecast_low",
    "forecast_high",
    "forecast_attainment",
    "required_daily",
]
_INTS = ("days_in_month", "days_elapsed", "days_left")
_FLOATS = (
    "attainment",
    "time_progress",
    "weighted_time_progress",
    "gap",
    "ytd_attainment",
    "mom_growth",
    "yoy_growth",
    "forecast_attainment",
)

_ANNUAL_SQL = "SELECT annual_target FROM plan_years WHERE store = $store AND year = $year"


def _ratio(numerator: Decimal | None, denominator: Decimal | None) -> float | None:
    """numerator / denominator as a fraction; None when either is missing or the denominator is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return float(numerator / denominator)


def _growth(current: Decimal, base: Decimal) -> float | None:
    return None if base == 0 else float(current / base) - 1.0


def _first_days(month: str, count: int, history: History) -> Decimal:
    """Paid GMV of the first `count` days of `month` (cut at the month's end)."""
    start, end = month_bounds(month)
    if count <= 0:
        return ZERO
    return history.total(start, min(end, start + timedelta(days=count - 1)))


def _week_target(state: MonthState, week_start: date, previous: MonthState | None) -> Decimal | None:
    total = ZERO
    for s in (state, previous):
        if s is None:
            continue
        for w, t in zip(s.weights, s.daily, strict=True):
            if week_start <= w.day <= state.cut:
                if t is None:
                    return None
                total += t
    return total


def store_attainment(conn: duckdb.DuckDBPyConnection, store: str, month: str, as_of: date) -> dict[str, Any]:
    """The attainment row of one store (see the module doc)."""
    start, end = month_bounds(month)
    year = start.year
    previous_month = shift_month(month, -1)
    history = History.load(conn, store, history_start(month, as_of), min(as_of, end))
    plans = load_plan(conn, store, min(previous_month, f"{year}-01"), f"{year}-12")
    plan = plans.get(month, {})
    overrides = load_overrides(conn, store, month_bounds(previous_month)[0], end)
    state = month_state(history, month, as_of, plan.get("gmv_target"), overrides)
    target = state.target
    elapsed, days = state.elapsed, state.days_in_month
    actual = state.mtd_actual()
    cut = state.cut

    day = day_target = day_actual = wtd_target = wtd_actual = None
    if elapsed > 0:
        day = cut
        day_actual = history.day(cut)
        day_target = state.daily[cut.day - 1]
        week_start = cut - timedelta(days=cut.isoweekday() - 1)
        wtd_actual = history.total(week_start, cut)
        previous = None
        if week_start < start:
            prev_plan = plans.get(previous_month, {})
            previous = month_state(history, previous_month, as_of, prev_plan.get("gmv_target"), overrides)
        wtd_target = _week_target(state, week_start, previous)

    annual_rows = conn.sql(_ANNUAL_SQL, params={"store": store, "year": year}).fetchall()
    annual = annual_rows[0] if annual_rows else None
    month_targets = [p["gmv_target"] for m, p in plans.items() if m.startswith(f"{year}-")]
    if annual is not None and annual[0] is not None:
        ytd_target = annual[0]
    elif any(t is not None for t in month_targets):
        ytd_target = sum((t for t in month_targets if t is not None), ZERO)
    else:
        ytd_target = None
    ytd_actual = history.total(date(year, 1, 1), cut)

    last_month = _first_days(previous_month, elapsed, history)
    last_year = _first_days(shift_month(month, -12), elapsed, history)
    net_sales = paid_and_net(conn, store=store, start=start, end=cut)[1] if elapsed else ZERO

    forecast = state.forecast(state.ratio)
    if elapsed == days:
        low = high = forecast
    else:
        low, high = state.forecast(state.ratio_low), state.forecast(state.ratio_high)
    days_left = days - elapsed
    required = None
    if target is not None and days_left > 0:
        required = (max(ZERO, target - actual) / days_left).quantize(CENT, ROUND_CEILING)
    attainment_ratio = _ratio(actual, target)
    weighted = state.weighted_progress()
    return {
        "store": store,
        "month": month,
        "as_of": as_of,
        "owner": plan.get("owner"),
        "days_in_month": days,
        "days_elapsed": elapsed,
        "days_left": days_left,
        "target": target,
        "actual": actual,
        "attainment": attainment_ratio,
        "net_sales_target": plan.get("net_sales_target"),
        "net_sales": net_sales,
        "time_progress": elapsed / days,
        "weighted_time_progress": weighted,
        "gap": None if attainment_ratio is None else attainment_ratio - weighted,
        "day": day,
        "day_target": day_target,
        "day_actual": day_actual,
        "wtd_target": wtd_target,
        "wtd_actual": wtd_actual,
        "ytd_target": ytd_target,
        "ytd_actual": ytd_actual,
        "ytd_attainment": _ratio(ytd_actual, ytd_target),
        "last_month_same_period": last_month,
        "last_year_same_period": last_year,
        "mom_growth": _growth(actual, last_month),
        "yoy_growth": _growth(actual, last_year),
        "forecast": forecast,
        "forecast_low": low,
        "forecast_high": high,
        "forecast_attainment": _ratio(forecast, target),
        "required_daily": required,
    }


def attainment(
    conn: duckdb.DuckDBPyConnection, *, month: str, as_of: date, store: str | None = None
) -> pd.DataFrame:
    """One row per store (the given one, else every store with a plan or sales in the month up to as_of)."""
    month_bounds(month)
    stores = [store] if store is not None else stores_for_month(conn, month, as_of)
    rows = [store_attainment(conn, s, month, as_of) for s in stores]
    return rows_frame(rows, ATTAINMENT_COLUMNS, ints=_INTS, floats=_FLOATS)


def same_period_last_year(month: str, days_elapsed: int) -> tuple[date, date] | None:
    """[first, last] day of last year's same period: the first `days_elapsed` days of the month a year
    earlier (None when no day has elapsed)."""
    if days_elapsed <= 0:
        return None
    start, end = month_bounds(shift_month(month, -12))
    return start, min(end, start + timedelta(days=days_elapsed - 1))
