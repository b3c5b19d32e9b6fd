"""Sales from the order exports: one row per period (day 'YYYY-MM-DD' or month 'YYYY-MM'), all stores summed
unless one is given. Columns: period, paid_gmv, refunds, net_sales (yuan, Decimal), paid_orders, paid_buyers,
unique_skus (Int64), refund_rate (fraction), avg_order_value (yuan, Decimal). Definitions: metrics.definitions.

Periods without a paid order are omitted (no zero rows): reindex in the page when a chart needs every day.
[start, end] are inclusive local dates and filter on the payment date, so a month cut by the range covers
only its days inside the range.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import duckdb
import pandas as pd

from metrics._query import check_grain, check_range, query_frame

SALES_COLUMNS = [
    "period",
    "paid_gmv",
    "refunds",
    "net_sales",
    "paid_orders",
    "paid_buyers",
    "unique_skus",
    "refund_rate",
    "avg_order_value",
]

# Money and order counts are sums of sales_daily (daily_sales.py holds the one definition of a day's
# figures, refunds included). Distinct buyers and SKUs do not add up across days or stores: they come from
# sales_daily only for one store's single days, else from the paid orders of the range. $grain: 'day' |
# 'month' | 'all' (one row for the whole range).
_PERIOD = """CASE $grain
            WHEN 'day' THEN strftime({day}, '%Y-%m-%d')
            WHEN 'month' THEN strftime({day}, '%Y-%m')
            ELSE 'all'
        END"""

_DISTINCT_FROM_DAYS = """
distincts AS (
    SELECT period, sum(paid_buyers) AS paid_buyers, sum(unique_skus) AS unique_skus FROM days GROUP BY period
)"""

_DISTINCT_FROM_ORDERS = f"""
paid AS (
    SELECT o.store, o.order_id, o.buyer, {_PERIOD.format(day="CAST(o.paid_at AS DATE)")} AS period
    FROM orders AS o
    WHERE o.paid_at IS NOT NULL
      AND ($store IS NULL OR o.store = $store)
      AND ($start IS NULL OR o.paid_at >= CAST($start AS DATE))
      AND ($end IS NULL OR o.paid_at < CAST($end AS DATE) + INTERVAL 1 DAY)
),
buyers AS (SELECT period, count(DISTINCT buyer) AS paid_buyers FROM paid GROUP BY period),
skus AS (
    SELECT p.period, count(DISTINCT l.sku) FILTER (WHERE l.sku <> '') AS unique_skus
    FROM order_lines AS l
    JOIN paid AS p ON p.store = l.store AND p.order_id = l.order_id
    GROUP BY p.period
),
distincts AS (
    SELECT b.period, b.paid_buyers, coalesce(s.unique_skus, 0) AS unique_skus
    FROM buyers AS b LEFT JOIN skus AS s USING (period)
)"""

_SALES_SQL = f"""
WITH days AS (
    SELECT {_PERIOD.format(day="day")} AS period, paid_gmv, refunds, paid_orders, paid_buyers, unique_skus
    FROM sales_daily
    WHERE ($store IS NULL OR store = $store)
      AND ($start IS NULL OR day >= $start)
      AND ($end IS NULL OR day <= $end)
),
money AS (
    SELECT period, CAST(sum(paid_gmv) AS DECIMAL(18, 2)) AS paid_gmv,
           CAST(sum(refunds) AS DECIMAL(18, 2)) AS refunds, CAST(sum(paid_orders) AS BIGINT) AS paid_orders
    FROM days
    GROUP BY period
),
{{distincts}}
SELECT
    m.period,
    m.paid_gmv,
    m.refunds,
    CAST(m.paid_gmv - m.refunds AS DECIMAL(18, 2)) AS net_sales,
    m.paid_orders,
    CAST(d.paid_buyers AS BIGINT) AS paid_buyers,
    CAST(coalesce(d.unique_skus, 0) AS BIGINT) AS unique_skus,
    CAST(m.refunds AS DOUBLE) / nullif(CAST(m.paid_gmv AS DOUBLE), 0) AS refund_rate,
    CAST(round(m.paid_gmv / nullif(d.paid_buyers, 0), 2) AS DECIMAL(18, 2)) AS avg_order_value
FROM money AS m
LEFT JOIN distincts AS d USING (period)
ORDER BY m.period
"""

_DATE_RANGE_SQL = """
SELECT min(day) AS first_paid, max(day) AS last_paid
FROM sales_daily
WHERE $store IS NULL OR store = $store
"""

_TOTALS_SQL = """
SELECT CAST(coalesce(sum(paid_gmv), 0) AS DECIMAL(18, 2)), CAST(coalesce(sum(refunds), 0) AS DECIMAL(18, 2))
FROM sales_daily
WHERE store = $store AND day BETWEEN $start AND $end
"""


def _sales(
    conn: duckdb.DuckDBPyConnection, grain: str, start: date | None, end: date | None, store: str | None
) -> pd.DataFrame:
    check_range(start, end)
    params: dict[str, Any] = {"grain": grain, "start": start, "end": end, "store": store}
    one_store_days = grain == "day" and store is not None
    sql = _SALES_SQL.format(distincts=_DISTINCT_FROM_DAYS if one_store_days else _DISTINCT_FROM_ORDERS)
    return query_frame(conn, sql, params)[SALES_COLUMNS]


def sales_by_period(
    conn: duckdb.DuckDBPyConnection,
    *,
    by: str = "day",
    start: date | None = None,
    end: date | None = None,
    store: str | None = None,
) -> pd.DataFrame:
    """Paid GMV, refunds, net sales, paid orders, buyers and SKUs per day or month (see module doc)."""
    return _sales(conn, check_grain(by), start, end, store)


def sales_summary(
    conn: duckdb.DuckDBPyConnection,
    *,
    start: date | None,
    end: date | None,
    store: str | None = None,
) -> dict[str, Any]:
    """Totals over [start, end] (inclusive; None = open end): the sales columns except `period`.

    Buyers and SKUs are distinct over the whole range. Money is Decimal, counts int, ratios float or None.
    With no paid order in the range: money 0.00, counts 0, ratios None.
    """
    frame = _sales(conn, "all", start, end, store)
    if frame.empty:
        return dict(_EMPTY_SUMMARY)
    row = frame.iloc[0]
    summary: dict[str, Any] = {}
    for column in SALES_COLUMNS[1:]:
        value = row[column]
        if pd.isna(value):
            summary[column] = None
        elif column in _COUNT_COLUMNS:
            summary[column] = int(value)
        elif column == "refund_rate":
            summary[column] = float(value)
        else:
            summary[column] = value
    return summary


_COUNT_COLUMNS = ("paid_orders", "paid_buyers", "unique_skus")
_EMPTY_SUMMARY: dict[str, Any] = {
    "paid_gmv": Decimal("0.00"),
    "refunds": Decimal("0.00"),
    "net_sales": Decimal("0.00"),
    "paid_orders": 0,
    "paid_buyers": 0,
    "unique_skus": 0,
    "refund_rate": None,
    "avg_order_value": None,
}


def paid_and_net(
    conn: duckdb.DuckDBPyConnection, *, store: str, start: date, end: date
) -> tuple[Decimal, Decimal]:
    """(paid GMV, net sales) of one store over [start, end] from the daily figures: the cheap total for
    pacing, which needs no distinct buyers."""
    paid, refunds = conn.execute(_TOTALS_SQL, {"store": store, "start": start, "end": end}).fetchall()[0]
    return paid, paid - refunds


def date_range(conn: duckdb.DuckDBPyConnection, store: str | None = None) -> tuple[date | None, date | None]:
    """(first, last) local payment date of any paid order; (None, None) when there is none."""
    first, last = conn.execute(_DATE_RANGE_SQL, {"store": store}).fetchall()[0]
    return first, last
