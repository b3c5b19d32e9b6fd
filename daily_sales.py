"""Sales per store and payment day (`sales_daily`): the one definition of a day's paid GMV, refunds, paid
orders, buyers and SKUs, kept up to date by the order and detail connectors for the days an import touches.

Why a table: month pacing reads a store's days over 13 months on every page view; summing ~30 rows per
month instead of joining millions of order lines keeps the overview fast at 20 million lines.

Rules (the same as metrics.sales documents): a sale counts on the local date of `orders.paid_at` (a
presale on its final payment); refunds of an order are its 退款成功 lines when any line of the order has a
refund status, else the order-level 退款金额, and count on the order's payment day.

An import marks days (`mark_days`) before and after it writes, so a day an order left is recomputed as well
as the day it joined; `refresh` then recomputes exactly those days. Metrics and connectors both import this
module; it imports neither.
"""

from __future__ import annotations

import duckdb

# Bumped when the definition changes: a database built by an older definition is rebuilt on open.
VERSION = "1"
META_KEY = "sales_daily_version"
DAYS_TABLE = "_sd_days"

# $store NULL = every store. {days} is empty (every day) or DAYS_FILTER; both are constants of this module.
_DAY_FIGURES_SQL = """
WITH paid AS (
    SELECT o.store, o.order_id, o.buyer, o.paid_amount, o.refund_amount AS order_refund,
           CAST(o.paid_at AS DATE) AS day
    FROM orders AS o
    WHERE o.paid_at IS NOT NULL
      AND ($store IS NULL OR o.store = $store)
      {days}
),
order_sums AS (
    SELECT store, day, sum(coalesce(paid_amount, 0)) AS paid_gmv, count(*) AS paid_orders,
           count(DISTINCT buyer) AS paid_buyers
    FROM paid
    GROUP BY store, day
),
paid_lines AS (
    SELECT p.store, p.day, l.order_id, l.sku, l.refund_status, l.refund_amount
    FROM order_lines AS l
    JOIN paid AS p ON p.store = l.store AND p.order_id = l.order_id
),
line_sums AS (
    SELECT store, day,
           sum(refund_amount) FILTER (WHERE refund_status = '退款成功') AS line_refunds,
           count(DISTINCT sku) FILTER (WHERE sku <> '') AS unique_skus
    FROM paid_lines
    GROUP BY store, day
),
orders_with_refund_status AS (
    SELECT DISTINCT store, order_id FROM paid_lines WHERE refund_status <> ''
),
order_level_refunds AS (
    SELECT p.store, p.day, sum(p.order_refund) AS order_refunds
    FROM paid AS p
    ANTI JOIN orders_with_refund_status AS s ON s.store = p.store AND s.order_id = p.order_id
    GROUP BY p.store, p.day
)
SELECT
    o.store,
    o.day,
    CAST(o.paid_gmv AS DECIMAL(18, 2)) AS paid_gmv,
    CAST(coalesce(l.line_refunds, 0) + coalesce(r.order_refunds, 0) AS DECIMAL(18, 2)) AS refunds,
    o.paid_orders,
    o.paid_buyers,
    coalesce(l.unique_skus, 0) AS unique_skus
FROM order_sums AS o
LEFT JOIN line_sums AS l USING (store, day)
LEFT JOIN order_level_refunds AS r USING (store, day)
"""

# The touched days, with a range on paid_at first so DuckDB's zone maps skip the rest of the table.
DAYS_FILTER = f"""
      AND o.paid_at >= (SELECT min(day) FROM {DAYS_TABLE})
      AND o.paid_at < (SELECT max(day) FROM {DAYS_TABLE}) + INTERVAL 1 DAY
      AND CAST(o.paid_at AS DATE) IN (SELECT day FROM {DAYS_TABLE})
"""

# Which orders' payment days to mark: constants the connectors pick from (never user input).
ORDERS_IN_STAGING = "order_id IN (SELECT order_id FROM _co_stg)"
ORDERS_OF_LOAD = "load_id = $load_id"
ORDERS_WITH_REPLACED_LINES = "order_id IN (SELECT order_id FROM _co_order_act WHERE action = 'replace')"
_SELECTORS = (ORDERS_IN_STAGING, ORDERS_OF_LOAD, ORDERS_WITH_REPLACED_LINES)


def start_marking(conn: duckdb.DuckDBPyConnection) -> None:
    """Begin an empty set of touched days (inside the import's transaction)."""
    conn.execute(f"CREATE OR REPLACE TEMP TABLE {DAYS_TABLE} (day DATE)")


def mark_days(conn: duckdb.DuckDBPyConnection, store: str, selector: str, params: dict | None = None) -> None:
    """Add the payment days of the store's paid orders chosen by `selector` (one of this module's
    ORDERS_* constants) to the touched set."""
    if selector not in _SELECTORS:
        raise ValueError(f"unknown order selector: {selector!r}")
    values = {"store": store, **{k: v for k, v in (params or {}).items() if f"${k}" in selector}}
    conn.execute(
        f"INSERT INTO {DAYS_TABLE} SELECT DISTINCT CAST(paid_at AS DATE) FROM orders "
        f"WHERE store = $store AND paid_at IS NOT NULL AND {selector} "
        f"EXCEPT SELECT day FROM {DAYS_TABLE}",
        values,
    )


def refresh(conn: duckdb.DuckDBPyConnection, store: str) -> int:
    """Recompute the store's touched days (a day with no paid order left is removed); return their number."""
    touched = conn.execute(f"SELECT count(*) FROM {DAYS_TABLE}").fetchall()[0][0]
    if touched:
        conn.execute(
            f"DELETE FROM sales_daily WHERE store = $store AND day IN (SELECT day FROM {DAYS_TABLE})",
            {"store": store},
        )
        conn.execute(
            "INSERT INTO sales_daily BY NAME " + _DAY_FIGURES_SQL.format(days=DAYS_FILTER), {"store": store}
        )
    conn.execute(f"DROP TABLE IF EXISTS {DAYS_TABLE}")
    return touched


def rebuild(conn: duckdb.DuckDBPyConnection) -> None:
    """Recompute every store and day from the orders and lines, and record the definition's version."""
    conn.execute("DELETE FROM sales_daily")
    conn.execute("INSERT INTO sales_daily BY NAME " + _DAY_FIGURES_SQL.format(days=""), {"store": None})
    conn.execute(
        "INSERT INTO meta VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        {"key": META_KEY, "value": VERSION},
    )


def is_current(conn: duckdb.DuckDBPyConnection) -> bool:
    """Whether the table exists and was built by this definition (False for a database from before it)."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = $key", {"key": META_KEY}).fetchall()
    except duckdb.CatalogException:
        return False
    return bool(row) and row[0][0] == VERSION


def recompute(conn: duckdb.DuckDBPyConnection, store: str | None = None):
    """The figures freshly computed from orders and lines (store, day, ...), for checks and tests."""
    return conn.execute(_DAY_FIGURES_SQL.format(days=""), {"store": store}).fetchall()
