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

# $grain: 'day' | 'month' | 'all' (one row for the whole range). Paid = paid_at IS NOT NULL; the sale's
# date is the naive Beijing date of paid_at. Refunds per order: the 退款成功 lines when any line of the
# order has a refund status, else the order-level 退款金额 (the order export carries no refund status).
# Written as two period-level sums, not a per-order CASE: (a) the 退款成功 lines of paid orders (an order
# with such a line has a status, so this is exactly the "has status" branch) plus (b) the order-level
# amount of paid orders that have no line with a status (anti join). The lines are joined to the paid
# orders once (paid_lines) and both sums read that, so the query reads only the lines of the period's
# orders instead of every line of the table.
_SALES_SQL = """
WITH paid AS (
    SELECT
        o.store,
        o.order_id,
        o.buyer,
        o.paid_amount,
        o.refund_amount AS order_refund,
        CASE $grain
            WHEN 'day' THEN strftime(CAST(o.paid_at AS DATE), '%Y-%m-%d')
            WHEN 'month' THEN strftime(CAST(o.paid_at AS DATE), '%Y-%m')
            ELSE 'all'
        END AS period
    FROM orders AS o
    WHERE o.paid_at IS NOT NULL
      AND ($store IS NULL OR o.store = $store)
      AND ($start IS NULL OR o.paid_at >= CAST($start AS DATE))
      AND ($end IS NULL OR o.paid_at < CAST($end AS DATE) + INTERVAL 1 DAY)
),
order_sums AS (
    SELECT
        period,
        sum(coalesce(paid_amount, 0)) AS paid_gmv,
        count(*) AS paid_orders,
        count(DISTINCT buyer) AS paid_buyers
    FROM paid
    GROUP BY period
),
paid_lines AS (
    SELECT p.period, l.store, l.order_id, l.sku, l.refund_status, l.refund_amount
    FROM order_lines AS l
    JOIN paid AS p ON p.store = l.store AND p.order_id = l.order_id
),
line_sums AS (
    SELECT
        period,
        sum(refund_amount) FILTER (WHERE refund_status = '退款成功') AS line_refunds,
        count(DISTINCT sku) FILTER (WHERE sku <> '') AS unique_skus
    FROM paid_lines
    GROUP BY period
),
orders_with_refund_status AS (
    SELECT DISTINCT store, order_id FROM paid_lines WHERE refund_status <> ''
),
order_level_refunds AS (
    SELECT p.period, sum(p.order_refund) AS order_refunds
    FROM paid AS p
    ANTI JOIN orders_with_refund_status AS s ON s.store = p.store AND s.order_id = p.order_id
    GROUP BY p.period
),
totals AS (
    SELECT
        o.period,
        CAST(o.paid_gmv AS DECIMAL(18, 2)) AS paid_gmv,
        CAST(coalesce(l.line_refunds, 0) + coalesce(r.order_refunds, 0) AS DECIMAL(18, 2)) AS refunds,
        o.paid_orders,
        o.paid_buyers,
        coalesce(l.unique_skus, 0) AS unique_skus
    FROM order_sums AS o
    LEFT JOIN line_sums AS l ON l.period = o.period
    LEFT JOIN order_level_refunds AS r ON r.period = o.period
)
SELECT
    period,
    paid_gmv,
    refunds,
    CAST(paid_gmv - refunds AS DECIMAL(18, 2)) AS net_sales,
    paid_orders,
    paid_buyers,
    unique_skus,
    CAST(refunds AS DOUBLE) / nullif(CAST(paid_gmv AS DOUBLE), 0) AS refund_rate,
    CAST(round(paid_gmv / nullif(paid_buyers, 0), 2) AS DECIMAL(18, 2)) AS avg_order_value
FROM totals
ORDER BY period
"""

_DATE_RANGE_SQL = """
SELECT CAST(min(paid_at) AS DATE) AS first_paid, CAST(max(paid_at) AS DATE) AS last_paid
FROM orders
WHERE paid_at IS NOT NULL AND ($store IS NULL OR store = $store)
"""


def _sales(
    conn: duckdb.DuckDBPyConnection, grain: str, start: date | None, end: date | None, store: str | None
) -> pd.DataFrame:
    check_range(start, end)
    params: dict[str, Any] = {"grain": grain, "start": start, "end": end, "store": store}
    return query_frame(conn, _SALES_SQL, params)[SALES_COLUMNS]


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


def date_range(conn: duckdb.DuckDBPyConnection, store: str | None = None) -> tuple[date | None, date | None]:
    """(first, last) local payment date of any paid order; (None, None) when there is none."""
    first, last = conn.sql(_DATE_RANGE_SQL, params={"store": store}).fetchall()[0]
    return first, last
