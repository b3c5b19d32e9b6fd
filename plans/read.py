"""Reading the plan: the months in force, annual targets against their months, overrides and the history.

Plain functions of a connection and explicit filters returning DataFrames with exact types, as metrics/
returns them: money as `decimal.Decimal` yuan (None when missing, never 0), counts and versions as nullable
Int64, conversion as a float fraction, dates as `datetime.date`.
"""

from __future__ import annotations

import datetime as dt
import warnings

import pandas as pd
import pyarrow as pa

from plans.fields import PLAN_FIELDS


def _frame(conn, sql: str, params: dict) -> pd.DataFrame:
    """Rows of `sql` with DECIMAL kept exact (`.df()` would turn money into float).

    Runs through execute() rather than sql(): a plan is a few hundred rows, and execute() does not fail
    when the caller left a result unfinished on the connection (e.g. after a fetchone()).
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)
        table = conn.execute(sql, params).to_arrow_table()
    return table.to_pandas(types_mapper=lambda t: pd.Int64Dtype() if pa.types.is_integer(t) else None)


def plan_in_force(conn, *, store: str | None = None, year: int | None = None) -> pd.DataFrame:
    """One row per store and month: store, month, every PLAN_FIELD, version, source, updated_by, updated_at."""
    cols = ", ".join(("store", "month", *PLAN_FIELDS, "version", "source", "updated_by", "updated_at"))
    return _frame(
        conn,
        f"SELECT {cols} FROM plan_months "
        "WHERE ($store IS NULL OR store = $store) AND ($year IS NULL OR left(month, 4) = $year) "
        "ORDER BY store, month",
        {"store": store, "year": None if year is None else f"{int(year):04d}"},
    )


def annual_targets(conn, *, year: int, store: str | None = None) -> pd.DataFrame:
    """One row per store with a plan for `year` (or the store asked for): store, year, annual_target,
    months_sum, difference, annual_is_set, months_with_target.

    annual_target is the set annual target, else the sum of the monthly targets standing in for it;
    difference = annual_target − months_sum (what the months still have to cover; 0 when not set).
    """
    return _frame(
        conn,
        """
        WITH months AS (
            SELECT store, sum(gmv_target) AS months_sum, count(gmv_target) AS months_with_target
            FROM plan_months WHERE left(month, 4) = $year_text GROUP BY store
        ),
        years AS (SELECT store, annual_target FROM plan_years WHERE year = $year),
        wanted AS (
            SELECT store FROM months UNION SELECT store FROM years
            UNION SELECT store FROM stores WHERE store = $store
        )
        SELECT w.store, CAST($year AS INTEGER) AS year,
               CAST(coalesce(y.annual_target, m.months_sum) AS DECIMAL(18, 2)) AS annual_target,
               CAST(m.months_sum AS DECIMAL(18, 2)) AS months_sum,
               CAST(coalesce(y.annual_target, m.months_sum) - m.months_sum AS DECIMAL(18, 2)) AS difference,
               y.annual_target IS NOT NULL AS annual_is_set,
               coalesce(m.months_with_target, 0) AS months_with_target
        FROM wanted w LEFT JOIN months m USING (store) LEFT JOIN years y USING (store)
        WHERE $store IS NULL OR w.store = $store
        ORDER BY w.store
        """,
        {"year": int(year), "year_text": f"{int(year):04d}", "store": store},
    )


def plan_history(
    conn, *, store: str | None = None, period: str | None = None, limit: int = 500
) -> pd.DataFrame:
    """Changes, newest first: change_id, store, period, field, old_value, new_value, version, source,
    load_id, changed_by, changed_at. `period` '2026' also matches its months and days, '2026-11' its days."""
    return _frame(
        conn,
        "SELECT change_id, store, period, field, old_value, new_value, version, source, load_id, "
        "changed_by, changed_at FROM plan_history "
        "WHERE ($store IS NULL OR store = $store) "
        "AND ($period IS NULL OR period = $period OR starts_with(period, $period || '-')) "
        "ORDER BY change_id DESC LIMIT $limit",
        {"store": store, "period": period, "limit": int(limit)},
    )


def day_overrides(conn, *, store: str, month: str) -> pd.DataFrame:
    """The overridden days of one store and month ('YYYY-MM'): date, gmv_target, updated_by, updated_at."""
    first = dt.date.fromisoformat(f"{month}-01")
    after = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return _frame(
        conn,
        "SELECT date, gmv_target, updated_by, updated_at FROM plan_day_overrides "
        "WHERE store = $store AND date >= $first AND date < $after ORDER BY date",
        {"store": store, "first": first, "after": after},
    )
