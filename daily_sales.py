"""Sales facts kept at import: per store and payment day (`sales_daily`), per store, day and SKU
(`sku_daily`), per detail line of a paid order (`paid_lines`) and each buyer's first payment per store
(`buyer_first`). This module is the one definition of those figures; the order and detail connectors (files
and HTTP) keep them up to date for the days and buyers an import touches.

Why tables: pacing reads a store's days over 13 months on every page view, a campaign review a SKU's days
around a campaign and its buyers' first orders; reading those few rows instead of joining millions of
order lines keeps every page fast at 20 million lines. `paid_lines` lets a SKU-level campaign (聚划算) count
its distinct orders and buyers from its weeks' rows instead of every line of the store. The per-day tables
are written in day order, so DuckDB's zone maps skip all but the weeks a query asks for.

Rules (the same as metrics.sales documents): a sale counts on the local date of `orders.paid_at` (a
presale on its final payment); refunds of an order are its 退款成功 lines when any line of the order has a
refund status, else the order-level 退款金额, and count on the order's payment day. A SKU's day is its
detail lines on that day's paid orders.

An import marks days and buyers (`mark_days`) before and after it writes, so a day an order left is
recomputed as well as the day it joined; `refresh` then recomputes exactly those. Metrics and connectors
both import this module; it imports neither.
"""

from __future__ import annotations

import duckdb

# Bumped when a definition changes: a database built by an older definition is rebuilt on open.
VERSION = "5"
META_KEY = "sales_daily_version"
DAYS_TABLE = "_sd_days"
BUYERS_TABLE = "_sd_buyers"
_PAID = "_sd_paid"
_LINES = "_sd_lines"
_DAY_TABLES = ("sales_daily", "sku_daily", "paid_lines")  # keyed by store and payment day

# The paid orders of the touched days ({days}: empty = every day, or DAYS_FILTER; $store NULL = all stores)
# and their detail lines: both tables below are computed from these two.
_PAID_SQL = """
CREATE OR REPLACE TEMP TABLE _sd_paid AS
SELECT o.store, o.order_id, o.buyer, o.paid_amount, o.refund_amount AS order_refund, o.quantity,
       o.paid_at, CAST(o.paid_at AS DATE) AS day
FROM orders AS o
WHERE o.paid_at IS NOT NULL
  AND ($store IS NULL OR o.store = $store)
  {days}
"""
_LINES_SQL = """
CREATE OR REPLACE TEMP TABLE _sd_lines AS
SELECT p.store, p.day, p.paid_at, p.buyer, l.order_id, coalesce(l.sku, '') AS sku, l.quantity,
       coalesce(l.paid_amount, l.unit_price * l.quantity) AS paid_amount, l.refund_status, l.refund_amount, l.title,
       l.export_ts
FROM order_lines AS l
JOIN _sd_paid AS p ON p.store = l.store AND p.order_id = l.order_id
"""

# A store's day. Refunds per order: its 退款成功 lines when any line has a refund status, else the
# order-level 退款金额; units: the order's 宝贝总数量.
_SALES_DAILY_SQL = """
INSERT INTO sales_daily BY NAME
WITH order_sums AS (
    SELECT store, day, sum(coalesce(paid_amount, 0)) AS paid_gmv, count(*) AS paid_orders,
           count(DISTINCT buyer) AS paid_buyers, sum(coalesce(quantity, 0)) AS units
    FROM _sd_paid
    GROUP BY store, day
),
line_sums AS (
    SELECT store, day,
           sum(refund_amount) FILTER (WHERE refund_status = '退款成功') AS line_refunds,
           count(DISTINCT sku) FILTER (WHERE sku <> '') AS unique_skus
    FROM _sd_lines
    GROUP BY store, day
),
order_level_refunds AS (
    SELECT p.store, p.day, sum(p.order_refund) AS order_refunds
    FROM _sd_paid AS p
    ANTI JOIN (SELECT DISTINCT store, order_id FROM _sd_lines WHERE refund_status <> '') AS s
        ON s.store = p.store AND s.order_id = p.order_id
    GROUP BY p.store, p.day
)
SELECT
    o.store,
    o.day,
    CAST(o.paid_gmv AS DECIMAL(18, 2)) AS paid_gmv,
    CAST(coalesce(l.line_refunds, 0) + coalesce(r.order_refunds, 0) AS DECIMAL(18, 2)) AS refunds,
    o.paid_orders,
    o.paid_buyers,
    coalesce(l.unique_skus, 0) AS unique_skus,
    o.units
FROM order_sums AS o
LEFT JOIN line_sums AS l USING (store, day)
LEFT JOIN order_level_refunds AS r USING (store, day)
"""

# A SKU's day: its lines on the day's paid orders (a line's own 退款成功 amount is its refund; its GMV is
# 买家实付金额, else 价格 × 数量 in a layout without the paid amount).
_SKU_DAILY_SQL = """
INSERT INTO sku_daily BY NAME
SELECT store, day, sku,
       sum(coalesce(quantity, 0)) AS units,
       CAST(sum(coalesce(paid_amount, 0)) AS DECIMAL(18, 2)) AS gmv,
       coalesce(sum(quantity) FILTER (WHERE refund_status = '退款成功'), 0) AS refunded_units,
       CAST(coalesce(sum(refund_amount) FILTER (WHERE refund_status = '退款成功'), 0) AS DECIMAL(18, 2))
           AS refunds,
       count(DISTINCT order_id) AS orders,
       max(title) AS title
FROM _sd_lines
GROUP BY store, day, sku
ORDER BY day
"""

# A paid order's detail lines with the order's day, buyer and payment time; units and GMV as in sku_daily.
_PAID_LINES_SQL = """
INSERT INTO paid_lines BY NAME
SELECT store, day, sku, order_id, buyer, paid_at, coalesce(quantity, 0) AS units,
       CAST(coalesce(paid_amount, 0) AS DECIMAL(18, 2)) AS gmv, export_ts
FROM _sd_lines
ORDER BY day
"""

# The touched days, with a range on paid_at first so DuckDB's zone maps skip the rest of the table.
DAYS_FILTER = f"""
  AND o.paid_at >= (SELECT min(day) FROM {DAYS_TABLE})
  AND o.paid_at < (SELECT max(day) FROM {DAYS_TABLE}) + INTERVAL 1 DAY
  AND CAST(o.paid_at AS DATE) IN (SELECT day FROM {DAYS_TABLE})
"""

# A buyer's first payment in the store ($store NULL = all stores; {buyers}: empty or BUYERS_FILTER). Rows go
# in first-payment order (and later imports append the newest), so zone maps prune "first paid since D".
_BUYER_FIRST_SQL = """
INSERT INTO buyer_first BY NAME
SELECT store, buyer, min(paid_at) AS first_paid_at
FROM orders
WHERE paid_at IS NOT NULL AND buyer IS NOT NULL AND ($store IS NULL OR store = $store) {buyers}
GROUP BY store, buyer
ORDER BY first_paid_at
"""
BUYERS_FILTER = f"AND buyer IN (SELECT buyer FROM {BUYERS_TABLE})"

# Which orders' payment days to mark: constants the connectors pick from (never user input).
ORDERS_IN_STAGING = "order_id IN (SELECT order_id FROM _co_stg)"
ORDERS_OF_LOAD = "load_id = $load_id"
ORDERS_WITH_REPLACED_LINES = "order_id IN (SELECT order_id FROM _co_order_act WHERE action = 'replace')"
_SELECTORS = (ORDERS_IN_STAGING, ORDERS_OF_LOAD, ORDERS_WITH_REPLACED_LINES)
# Order rows (not lines) can change a buyer's first payment.
_BUYER_SELECTORS = (ORDERS_IN_STAGING, ORDERS_OF_LOAD)


def start_marking(conn: duckdb.DuckDBPyConnection) -> None:
    """Begin empty sets of touched days and buyers (inside the import's transaction)."""
    conn.execute(f"CREATE OR REPLACE TEMP TABLE {DAYS_TABLE} (day DATE)")
    conn.execute(f"CREATE OR REPLACE TEMP TABLE {BUYERS_TABLE} (buyer VARCHAR)")


def mark_days(conn: duckdb.DuckDBPyConnection, store: str, selector: str, params: dict | None = None) -> None:
    """Add the payment days of the store's paid orders chosen by `selector` (one of this module's
    ORDERS_* constants) to the touched set, and for order rows their buyers too."""
    if selector not in _SELECTORS:
        raise ValueError(f"unknown order selector: {selector!r}")
    values = {"store": store, **{k: v for k, v in (params or {}).items() if f"${k}" in selector}}
    conn.execute(
        f"INSERT INTO {DAYS_TABLE} SELECT DISTINCT CAST(paid_at AS DATE) FROM orders "
        f"WHERE store = $store AND paid_at IS NOT NULL AND {selector} "
        f"EXCEPT SELECT day FROM {DAYS_TABLE}",
        values,
    )
    if selector in _BUYER_SELECTORS:
        conn.execute(
            f"INSERT INTO {BUYERS_TABLE} SELECT DISTINCT buyer FROM orders "
            f"WHERE store = $store AND buyer IS NOT NULL AND {selector} "
            f"EXCEPT SELECT buyer FROM {BUYERS_TABLE}",
            values,
        )


def refresh(conn: duckdb.DuckDBPyConnection, store: str) -> int:
    """Recompute the store's touched days (a day with no paid order left is removed) and touched buyers'
    first payments; return the number of days."""
    touched, first, last = conn.execute(f"SELECT count(*), min(day), max(day) FROM {DAYS_TABLE}").fetchall()[
        0
    ]
    params = {"store": store}
    if touched:
        for table in _DAY_TABLES:  # the range first: zone maps skip the row groups of other days
            conn.execute(
                f"DELETE FROM {table} WHERE store = $store AND day BETWEEN $first AND $last "
                f"AND day IN (SELECT day FROM {DAYS_TABLE})",
                params | {"first": first, "last": last},
            )
        _compute_days(conn, DAYS_FILTER, store)
    if conn.execute(f"SELECT count(*) FROM {BUYERS_TABLE}").fetchall()[0][0]:
        conn.execute(
            f"DELETE FROM buyer_first WHERE store = $store AND buyer IN (SELECT buyer FROM {BUYERS_TABLE})",
            params,
        )
        conn.execute(_BUYER_FIRST_SQL.format(buyers=BUYERS_FILTER), params)
    for temp in (DAYS_TABLE, BUYERS_TABLE):
        conn.execute(f"DROP TABLE IF EXISTS {temp}")
    return touched


def _compute_days(conn: duckdb.DuckDBPyConnection, days: str, store: str | None) -> None:
    conn.execute(_PAID_SQL.format(days=days), {"store": store})
    conn.execute(_LINES_SQL)
    conn.execute(_SALES_DAILY_SQL)
    conn.execute(_SKU_DAILY_SQL)
    conn.execute(_PAID_LINES_SQL)
    for temp in (_PAID, _LINES):
        conn.execute(f"DROP TABLE IF EXISTS {temp}")


def rebuild(conn: duckdb.DuckDBPyConnection) -> None:
    """Recompute every store, day, SKU and buyer from the orders and lines, and record the version."""
    for table in (*_DAY_TABLES, "buyer_first"):
        conn.execute(f"DELETE FROM {table}")
    _compute_days(conn, "", None)
    conn.execute(_BUYER_FIRST_SQL.format(buyers=""), {"store": None})
    conn.execute(
        "INSERT INTO meta VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        {"key": META_KEY, "value": VERSION},
    )


def is_current(conn: duckdb.DuckDBPyConnection) -> bool:
    """Whether the tables exist and were built by this definition (False for a database from before)."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = $key", {"key": META_KEY}).fetchall()
    except duckdb.CatalogException:
        return False
    return bool(row) and row[0][0] == VERSION


_KEPT_TABLES = {
    "sales_daily": "store, day, paid_gmv, refunds, paid_orders, paid_buyers, unique_skus, units",
    "sku_daily": "store, day, sku, units, gmv, refunded_units, refunds, orders, title",
    "paid_lines": "store, day, sku, order_id, buyer, paid_at, units, gmv, export_ts",
    "buyer_first": "store, buyer, first_paid_at",
}


def kept_rows(conn: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    """The rows of one kept table, sorted (for checks and tests)."""
    columns = _KEPT_TABLES[table]
    return conn.execute(f"SELECT {columns} FROM {table} ORDER BY {columns}").fetchall()


def recompute(conn: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every kept table freshly computed from orders and lines, without touching the stored ones: rebuild
    inside a transaction that is rolled back (for checks and tests; call outside a transaction)."""
    conn.execute("BEGIN TRANSACTION")
    try:
        rebuild(conn)
        return {table: kept_rows(conn, table) for table in _KEPT_TABLES}
    finally:
        conn.execute("ROLLBACK")
