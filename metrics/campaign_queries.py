"""The SQL of a campaign review: the store's and SKUs' days from the figures the imports keep (sales_daily,
sku_daily, paid_lines, buyer_first: daily_sales.py), and two queries over the campaign's own orders (or,
for a SKU-level campaign, its paid lines), filtered on a time range first (zone maps), so a review reads the
weeks it needs, not the order history.

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

# $skus: the participating SKUs (empty for a store-wide campaign). Everything comes from the figures the
# imports keep (daily_sales.py): the store's days from sales_daily, the SKUs' days from sku_daily and a
# SKU-level campaign's distinct orders and buyers per day from paid_lines, so a review reads a few thousand
# rows of its weeks instead of joining the order lines.
_DAILY_SQL = """
WITH skus AS MATERIALIZED (
    SELECT s.day, s.sku, s.units, s.gmv, s.refunds, list_contains(CAST($skus AS VARCHAR[]), s.sku) AS participating
    FROM sku_daily AS s
    WHERE len(CAST($skus AS VARCHAR[])) > 0 AND s.store = $store AND s.day BETWEEN $start_day AND $end_day
),
part_counts AS (
    SELECT day, count(DISTINCT order_id) AS orders, count(DISTINCT buyer) AS buyers
    FROM paid_lines
    WHERE store = $store AND day BETWEEN $start_day AND $end_day AND list_contains(CAST($skus AS VARCHAR[]), sku)
    GROUP BY day
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
GROUP BY k.day, k.participating
"""

# One row per SKU sold on the campaign or fit days: campaign-day GMV and units, and the fit days' GMV each
# divided by the store's baseline shape of its day ($shape_days/$shapes; empty without a baseline).
_SKU_TOTALS_SQL = """
WITH shapes AS (SELECT unnest($shape_days) AS day, unnest($shapes) AS shape),
days AS (
    SELECT s.sku, s.day, s.gmv, s.units, list_contains(CAST($campaign_days AS DATE[]), s.day) AS in_campaign
    FROM sku_daily AS s
    WHERE s.store = $store AND s.day BETWEEN $start_day AND $end_day
      AND (list_contains(CAST($campaign_days AS DATE[]), s.day) OR list_contains(CAST($fit_days AS DATE[]), s.day))
)
SELECT d.sku,
    CAST(coalesce(sum(d.gmv) FILTER (WHERE d.in_campaign), 0) AS DECIMAL(18, 2)) AS actual_gmv,
    coalesce(sum(d.units) FILTER (WHERE d.in_campaign), 0) AS actual_units,
    sum(CAST(d.gmv AS DOUBLE) / h.shape) FILTER (WHERE NOT d.in_campaign) AS fit_scaled
FROM days AS d
LEFT JOIN shapes AS h USING (day)
GROUP BY d.sku
"""

# Campaign-scope sales with a phase (by timestamp: phases are inclusive and never overlap), a window (by
# date) and whether the buyer is new: first paid in the store on or after the first campaign day and before
# the window's end (buyer_first's rows come roughly in first-payment order, so that range is cheap). Store
# scope: orders; SKU scope: the lines of the participating SKUs. Each buyer's rows are summed once per phase
# and once per window, so a buyer count is a row count (no DISTINCT over the raw rows).
_SCOPE_STORE = """
    SELECT o.order_id, o.buyer, o.paid_at, o.export_ts, coalesce(o.paid_amount, 0) AS amount,
        coalesce(o.quantity, 0) AS units
    FROM orders AS o
    WHERE o.store = $store AND o.paid_at >= $start AND o.paid_at < $end
"""
_SCOPE_SKUS = """
    SELECT order_id, buyer, paid_at, export_ts, gmv AS amount, units
    FROM paid_lines
    WHERE store = $store AND paid_at >= $start AND paid_at < $end AND list_contains(CAST($skus AS VARCHAR[]), sku)
"""
_ORDERS_SQL = """
WITH tagged AS (
    SELECT s.order_id, s.buyer, s.amount, s.units, p.phase,
        CASE WHEN s.paid_at >= $first_day THEN 'campaign' ELSE 'pre' END AS win,
        date_diff('day', s.paid_at, s.export_ts) AS observed_days
    FROM ({scope}) AS s
    LEFT JOIN campaign_phases AS p
        ON p.campaign_id = $cid AND s.paid_at BETWEEN p.starts_at AND p.ends_at
),
new_buyers AS (
    SELECT buyer FROM buyer_first
    WHERE store = $store AND first_paid_at >= $first_day AND first_paid_at < $end
),
by_phase AS (
    SELECT phase, buyer, sum(amount) AS amount, {orders} AS orders, sum(units) AS units,
        min(observed_days) AS observed_days
    FROM tagged GROUP BY phase, buyer
),
by_window AS (
    SELECT win, buyer, sum(amount) AS amount, {orders} AS orders, sum(units) AS units,
        min(observed_days) AS observed_days
    FROM tagged GROUP BY win, buyer
)
SELECT phase, NULL AS win, 0 AS by_window, CAST(sum(amount) AS DECIMAL(18, 2)) AS gmv, sum(orders) AS orders,
    count(*) AS buyers, sum(units) AS units, count(n.buyer) AS new_buyers, min(observed_days) AS observed_days
FROM by_phase LEFT JOIN new_buyers AS n USING (buyer)
GROUP BY phase
UNION ALL
SELECT NULL, win, 1, CAST(sum(amount) AS DECIMAL(18, 2)), sum(orders), count(*), sum(units), count(n.buyer),
    min(observed_days)
FROM by_window LEFT JOIN new_buyers AS n USING (buyer)
GROUP BY win
"""

# Presale orders of the campaign (created from 30 days before its first phase to its end: a range zone maps
# prune on, since a deposit or balance inside the campaign belongs to an order created then). Deposit paid:
# the staged info's deposit time, else (balance unpaid) the order's payment time, else the creation time;
# amount: the staged info's deposit, else (balance unpaid) what the buyer paid. Forfeited: deposit paid,
# balance never paid, and the order closed or the last sale phase over by $as_of_end.
_PRESALE_ORDERS = """
p AS MATERIALIZED (
    SELECT o.order_id, o.paid_at, o.paid_amount,
        coalesce(o.deposit_paid_at, CASE WHEN o.paid_at IS NULL THEN o.pay_time END, o.created_at) AS deposit_at,
        coalesce(o.deposit_amount, CASE WHEN o.paid_at IS NULL THEN o.paid_amount END) AS deposit,
        o.paid_at IS NULL AND (o.status = '交易关闭' OR $as_of_end > $ends_at) AS forfeited
    FROM orders AS o
    WHERE o.store = $store AND o.is_presale
      AND o.created_at >= $starts_at - INTERVAL 30 DAY AND o.created_at <= $ends_at
      AND (o.deposit_paid_at IS NOT NULL OR o.paid_at IS NOT NULL OR o.pay_time IS NOT NULL)
),
window_orders AS MATERIALIZED (
    SELECT * FROM p
    WHERE (deposit_at >= $starts_at AND deposit_at <= $ends_at) OR (paid_at >= $first_at AND paid_at <= $ends_at)
)"""
# SKU scope: the orders with a participating line. Unpaid deposits have no paid_lines row, so this reads the
# SKUs' lines; presale_rows runs it only when the window has presale orders at all.
_WITH_SKU_LINE = """order_id IN (
    SELECT order_id FROM order_lines WHERE store = $store AND list_contains(CAST($skus AS VARCHAR[]), sku))"""
_PRESALE_SQL = """
WITH {orders},
c AS MATERIALIZED (SELECT * FROM window_orders WHERE {scope})
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
    skus: list[str],
    start: date,
    end: date,
) -> pd.DataFrame:
    """Store figures per day over [start, end], with participating/rest figures per day for a SKU-level
    campaign (`skus` its SKUs; empty for a store-wide one) (see the module doc)."""
    params = {
        "store": store,
        "skus": list(skus),
        "start_day": start,
        "end_day": end,
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
    skus: list[str],
    pre_start: date,
    first_day: date,
    last_day: date,
) -> pd.DataFrame:
    """Campaign-scope figures per phase (by_window 0) and per window 'pre' / 'campaign' (by_window 1); the
    scope is the lines of `skus`, or the store's orders when it is empty."""
    # Store scope has one row per order, so counting rows counts orders (a DISTINCT costs ~40% of the query).
    sql = _ORDERS_SQL.format(
        scope=_SCOPE_SKUS if skus else _SCOPE_STORE,
        orders="count(DISTINCT order_id)" if skus else "count(*)",
    )
    params: dict[str, Any] = {
        "store": store,
        "cid": campaign_id,
        "start": _day_start(pre_start),
        "end": _day_start(last_day + timedelta(days=1)),
        "first_day": _day_start(first_day),
    }
    if skus:
        params["skus"] = list(skus)
    return query_frame(conn, sql, params)


def presale_rows(
    conn: duckdb.DuckDBPyConnection,
    *,
    store: str,
    skus: list[str],
    starts_at: datetime,
    first_at: datetime,
    ends_at: datetime,
    as_of: date,
) -> pd.DataFrame:
    """Deposits by deposit date (kind 'deposit') and final payments by payment date (kind 'balance'), of the
    orders with a line of `skus` when it is not empty."""
    params: dict[str, Any] = {
        "store": store,
        "starts_at": starts_at,
        "first_at": first_at,
        "ends_at": ends_at,
        "as_of_end": _day_start(as_of + timedelta(days=1)),
    }
    scope = "true"
    if (
        skus
        and conn.execute(f"WITH {_PRESALE_ORDERS} SELECT count(*) FROM window_orders", params).fetchall()[0][
            0
        ]
    ):
        scope, params["skus"] = _WITH_SKU_LINE, list(skus)
    return query_frame(conn, _PRESALE_SQL.format(orders=_PRESALE_ORDERS, scope=scope), params)


_LAST_PAID_SQL = """
SELECT max(day) FROM sales_daily WHERE store = $store AND day >= $since
"""


def last_paid_day(conn: duckdb.DuckDBPyConnection, store: str, since: date) -> date | None:
    """The store's latest payment date on or after `since` (None when none): the end of its data."""
    return conn.execute(_LAST_PAID_SQL, {"store": store, "since": since}).fetchall()[0][0]
