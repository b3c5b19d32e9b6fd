"""The SQL of a campaign review: the store's and SKUs' days from the figures the imports keep (sales_daily,
sku_daily, buyer_first: daily_sales.py), and two queries over the campaign's own orders, filtered on a time
range first (zone maps), so a review reads the weeks it needs, not the order history.

    daily_rows(conn, ...)    one row per (kind, day): kind 'store' = the store's day (order level, postage
                             included, refunds by the sales rule); 'part' = the day of the participating
                             SKUs (participating = true) or the rest
    sku_totals(conn, ...)    one row per SKU: campaign-day GMV and units, fit-day GMV over the store's shape
    order_rows(conn, ...)    per phase and per window ('pre' | 'campaign'): GMV, orders, buyers, units,
                             new buyers, the fewest days between payment and the latest export
    presale_rows(conn, ...)  per day: deposits by deposit date, balances by final-payment date

Money comes back as DECIMAL(18, 2) yuan. Refund rule (metrics/sales.py): per order the 退款成功 lines when
any line of the order has a refund status, else the order-level 退款金额; a line-level scope (SKU-level
campaign) takes its 退款成功 lines.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import duckdb
import pandas as pd

from metrics._query import query_frame

# $cid: the campaign; $sku_scope: true when it names SKUs (lines of those SKUs are the campaign's sales).
# Store and SKU days come from the figures the imports keep (daily_sales.py: sales_daily, sku_daily), so a
# review reads a few thousand rows instead of joining the order lines. Only a SKU-level campaign's distinct
# orders and buyers per day need its participating lines, read for the window's paid orders.
_DAILY_SQL = """
WITH skus AS MATERIALIZED (
    SELECT s.day, s.sku, s.units, s.gmv, s.refunds,
        NOT $sku_scope OR s.sku IN (SELECT sku FROM campaign_skus WHERE campaign_id = $cid) AS participating
    FROM sku_daily AS s
    WHERE $sku_scope AND s.store = $store AND s.day BETWEEN $start_day AND $end_day
),
paid AS MATERIALIZED (
    SELECT order_id, buyer, CAST(paid_at AS DATE) AS day
    FROM orders
    WHERE $sku_scope AND store = $store AND paid_at >= $start AND paid_at < $end
),
part_counts AS (
    SELECT p.day, count(DISTINCT p.order_id) AS orders, count(DISTINCT p.buyer) AS buyers
    FROM order_lines AS l JOIN paid AS p ON p.order_id = l.order_id
    WHERE l.store = $store AND l.sku IN (SELECT sku FROM campaign_skus WHERE campaign_id = $cid)
    GROUP BY p.day
)
SELECT 'store' AS kind, day, NULL AS sku, NULL AS participating, paid_gmv AS gmv, paid_orders AS orders,
    paid_buyers AS buyers, coalesce(units, 0) AS units, refunds
FROM sales_daily
WHERE store = $store AND day BETWEEN $start_day AND $end_day
UNION ALL
SELECT 'part', k.day, NULL, k.participating, CAST(sum(k.gmv) AS DECIMAL(18, 2)),
    CASE WHEN k.participating THEN coalesce(any_value(c.orders), 0) END,
    CASE WHEN k.participating THEN coalesce(any_value(c.buyers), 0) END,
    sum(k.units), CAST(sum(k.refunds) AS DECIMAL(18, 2))
FROM skus AS k LEFT JOIN part_counts AS c ON c.day = k.day AND k.participating
WHERE $sku_scope
GROUP BY k.day, k.participating
"""

# Campaign-scope sales with a phase (by timestamp: phases are inclusive and never overlap), a window (by
# date) and whether the buyer is new: first paid in the store on or after the first campaign day
# (buyer_first, whose rows come roughly in first-payment order, so that range is cheap). Store scope: orders; SKU scope: the lines of the participating SKUs.
# One row per SKU sold on the campaign or fit days: campaign-day GMV and units, and the fit days' GMV each
# divided by the store's baseline shape of its day ($shape_days/$shapes; empty without a baseline).
_SKU_TOTALS_SQL = """
WITH shapes AS (SELECT unnest($shape_days) AS day, unnest($shapes) AS shape)
SELECT s.sku,
    CAST(coalesce(sum(s.gmv) FILTER (WHERE s.day IN (SELECT unnest($campaign_days))), 0) AS DECIMAL(18, 2))
        AS actual_gmv,
    coalesce(sum(s.units) FILTER (WHERE s.day IN (SELECT unnest($campaign_days))), 0) AS actual_units,
    sum(CAST(s.gmv AS DOUBLE) / h.shape) FILTER (WHERE s.day IN (SELECT unnest($fit_days))) AS fit_scaled
FROM sku_daily AS s
LEFT JOIN shapes AS h USING (day)
WHERE s.store = $store AND s.day BETWEEN $start_day AND $end_day
  AND (s.day IN (SELECT unnest($campaign_days)) OR s.day IN (SELECT unnest($fit_days)))
GROUP BY s.sku
"""

_SCOPE_STORE = """
    SELECT o.order_id, o.buyer, o.paid_at, o.export_ts, coalesce(o.paid_amount, 0) AS amount,
        coalesce(o.quantity, 0) AS units
    FROM orders AS o
    WHERE o.store = $store AND o.paid_at >= $start AND o.paid_at < $end
"""
_SCOPE_SKUS = """
    WITH o AS MATERIALIZED (
        SELECT order_id, buyer, paid_at FROM orders
        WHERE store = $store AND paid_at >= $start AND paid_at < $end
    )
    SELECT o.order_id, o.buyer, o.paid_at, l.export_ts, coalesce(l.paid_amount, 0) AS amount,
        coalesce(l.quantity, 0) AS units
    FROM order_lines AS l JOIN o ON o.order_id = l.order_id
    WHERE l.store = $store AND l.sku IN (SELECT sku FROM campaign_skus WHERE campaign_id = $cid)
"""
_ORDERS_SQL = """
WITH scope AS MATERIALIZED ({scope}),
tagged AS MATERIALIZED (
    SELECT s.*, CASE WHEN s.paid_at >= $first_day THEN 'campaign' ELSE 'pre' END AS win,
        (SELECT p.phase FROM campaign_phases AS p
         WHERE p.campaign_id = $cid AND s.paid_at BETWEEN p.starts_at AND p.ends_at) AS phase,
        n.buyer IS NOT NULL AS new_buyer
    FROM scope AS s
    LEFT JOIN (
        SELECT buyer FROM buyer_first WHERE store = $store AND first_paid_at >= $first_day
    ) AS n ON n.buyer = s.buyer
)
SELECT phase, NULL AS win, 0 AS by_window,
    CAST(sum(amount) AS DECIMAL(18, 2)) AS gmv, {orders} AS orders,
    count(DISTINCT buyer) AS buyers, sum(units) AS units,
    count(DISTINCT buyer) FILTER (WHERE new_buyer) AS new_buyers,
    min(date_diff('day', paid_at, export_ts)) AS observed_days
FROM tagged
GROUP BY phase
UNION ALL
SELECT NULL, win, 1,
    CAST(sum(amount) AS DECIMAL(18, 2)), {orders}, count(DISTINCT buyer), sum(units),
    count(DISTINCT buyer) FILTER (WHERE new_buyer), min(date_diff('day', paid_at, export_ts))
FROM tagged
GROUP BY win
"""

# Presale orders of the campaign (created from 30 days before its first phase to its end: a range zone maps
# prune on, since a deposit or balance inside the campaign belongs to an order created then). Deposit paid: the staged info's deposit time, else (balance unpaid) the
# order's payment time, else the creation time; amount: the staged info's deposit, else (balance unpaid)
# what the buyer paid. Forfeited: deposit paid, balance never paid, and the order closed or the last sale
# phase over by $as_of_end. SKU scope: orders with a participating line.
_PRESALE_SQL = """
WITH p AS MATERIALIZED (
    SELECT o.order_id, o.paid_at, o.paid_amount,
        coalesce(o.deposit_paid_at, CASE WHEN o.paid_at IS NULL THEN o.pay_time END, o.created_at) AS deposit_at,
        coalesce(o.deposit_amount, CASE WHEN o.paid_at IS NULL THEN o.paid_amount END) AS deposit,
        o.paid_at IS NULL AND (o.status = '交易关闭' OR $as_of_end > $ends_at) AS forfeited
    FROM orders AS o
    WHERE o.store = $store AND o.is_presale
      AND o.created_at >= $starts_at - INTERVAL 30 DAY AND o.created_at <= $ends_at
      AND (o.deposit_paid_at IS NOT NULL OR o.paid_at IS NOT NULL OR o.pay_time IS NOT NULL)
),
c AS MATERIALIZED (
    SELECT * FROM p
    WHERE ((deposit_at >= $starts_at AND deposit_at <= $ends_at) OR (paid_at >= $first_at AND paid_at <= $ends_at))
      AND (NOT $sku_scope OR order_id IN (
            SELECT l.order_id FROM order_lines AS l SEMI JOIN p ON p.order_id = l.order_id
            WHERE l.store = $store AND l.sku IN (SELECT sku FROM campaign_skus WHERE campaign_id = $cid)))
)
SELECT CAST(deposit_at AS DATE) AS day, 'deposit' AS kind, count(*) AS orders,
    CAST(coalesce(sum(deposit), 0) AS DECIMAL(18, 2)) AS amount,
    count(*) FILTER (WHERE paid_at IS NOT NULL) AS completed, count(*) FILTER (WHERE forfeited) AS forfeited,
    CAST(coalesce(sum(deposit) FILTER (WHERE forfeited), 0) AS DECIMAL(18, 2)) AS forfeited_amount,
    count(*) FILTER (WHERE deposit IS NULL) AS amount_unknown
FROM c GROUP BY 1
UNION ALL
SELECT CAST(paid_at AS DATE), 'balance', count(*), CAST(sum(coalesce(paid_amount, 0)) AS DECIMAL(18, 2)),
    count(*), 0, CAST(0 AS DECIMAL(18, 2)), 0
FROM c WHERE paid_at IS NOT NULL GROUP BY 1
ORDER BY 1, 2
"""


def _day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def daily_rows(
    conn: duckdb.DuckDBPyConnection,
    *,
    store: str,
    campaign_id: int,
    sku_scope: bool,
    start: date,
    end: date,
) -> pd.DataFrame:
    """Store figures per day over [start, end], with participating/rest figures per day for a SKU-level
    campaign (see the module doc)."""
    params = {
        "store": store,
        "cid": campaign_id,
        "sku_scope": sku_scope,
        "start_day": start,
        "end_day": end,
        "start": _day_start(start),
        "end": _day_start(end + timedelta(days=1)),
    }
    return query_frame(conn, _DAILY_SQL, params)


def sku_totals(
    conn: duckdb.DuckDBPyConnection,
    *,
    store: str,
    campaign_days: list[date],
    fit_days: list[date],
    shapes: dict[date, float],
) -> pd.DataFrame:
    """Per SKU: sku, actual_gmv (Decimal), actual_units over the campaign days, and fit_scaled (the fit days'
    GMV over the store's shape of each day; NULL without fit days)."""
    days = [*campaign_days, *fit_days]
    if not days:
        return pd.DataFrame(columns=["sku", "actual_gmv", "actual_units", "fit_scaled"])
    params = {
        "store": store,
        "campaign_days": campaign_days,
        "fit_days": fit_days,
        "shape_days": list(shapes),
        "shapes": list(shapes.values()),
        "start_day": min(days),
        "end_day": max(days),
    }
    return query_frame(conn, _SKU_TOTALS_SQL, params)


def order_rows(
    conn: duckdb.DuckDBPyConnection,
    *,
    store: str,
    campaign_id: int,
    sku_scope: bool,
    pre_start: date,
    first_day: date,
    last_day: date,
) -> pd.DataFrame:
    """Campaign-scope figures per phase (by_window 0) and per window 'pre' / 'campaign' (by_window 1)."""
    # Store scope has one row per order, so counting rows counts orders (a DISTINCT costs ~40% of the query).
    sql = _ORDERS_SQL.format(
        scope=_SCOPE_SKUS if sku_scope else _SCOPE_STORE,
        orders="count(DISTINCT order_id)" if sku_scope else "count(*)",
    )
    params: dict[str, Any] = {
        "store": store,
        "cid": campaign_id,
        "start": _day_start(pre_start),
        "end": _day_start(last_day + timedelta(days=1)),
        "first_day": _day_start(first_day),
    }
    return query_frame(conn, sql, params)


def presale_rows(
    conn: duckdb.DuckDBPyConnection,
    *,
    store: str,
    campaign_id: int,
    sku_scope: bool,
    starts_at: datetime,
    first_at: datetime,
    ends_at: datetime,
    as_of: date,
) -> pd.DataFrame:
    """Deposits by deposit date (kind 'deposit') and final payments by payment date (kind 'balance')."""
    params = {
        "store": store,
        "cid": campaign_id,
        "sku_scope": sku_scope,
        "starts_at": starts_at,
        "first_at": first_at,
        "ends_at": ends_at,
        "as_of_end": _day_start(as_of + timedelta(days=1)),
    }
    return query_frame(conn, _PRESALE_SQL, params)


_LAST_PAID_SQL = """
SELECT max(day) FROM sales_daily WHERE store = $store AND day >= $since
"""


def last_paid_day(conn: duckdb.DuckDBPyConnection, store: str, since: date) -> date | None:
    """The store's latest payment date on or after `since` (None when none): the end of its data."""
    return conn.execute(_LAST_PAID_SQL, {"store": store, "since": since}).fetchall()[0][0]
