"""Shop traffic from 生意参谋 daily figures: one row per period (day 'YYYY-MM-DD' or month 'YYYY-MM'), all
stores summed unless one is given. Columns: period, days (Int64), visitors, page_views (Int64), pay_amount
(yuan, Decimal), pay_buyers (Int64), pay_conversion (fraction), avg_order_value, uv_value (yuan, Decimal),
add_cart_buyers (Int64), refund_amount, ad_spend (yuan, Decimal). Definitions: metrics.definitions.

Additive columns are summed; the ratios are recomputed from the sums (pay_buyers / visitors,
pay_amount / pay_buyers, pay_amount / visitors), never averaged. Monthly visitors and buyers are the sum
of the daily figures: 生意参谋's daily UV is not deduplicated across days (nor across stores). A ratio
falls back to the exported figure only when the period is a single store-day whose sums cannot give it.
A sum is NULL when every day lacks that column (NULL means "not exported", never 0). Days without a
生意参谋 row are omitted.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from metrics._query import check_grain, check_range, query_frame

TRAFFIC_COLUMNS = [
    "period",
    "days",
    "visitors",
    "page_views",
    "pay_amount",
    "pay_buyers",
    "pay_conversion",
    "avg_order_value",
    "uv_value",
    "add_cart_buyers",
    "refund_amount",
    "ad_spend",
]

_TRAFFIC_SQL = """
WITH days AS (
    SELECT
        t.*,
        CASE $grain
            WHEN 'month' THEN strftime(t.date, '%Y-%m')
            ELSE strftime(t.date, '%Y-%m-%d')
        END AS period
    FROM traffic_daily AS t
    WHERE ($store IS NULL OR t.store = $store)
      AND ($start IS NULL OR t.date >= CAST($start AS DATE))
      AND ($end IS NULL OR t.date <= CAST($end AS DATE))
),
sums AS (
    SELECT
        period,
        count(DISTINCT date) AS days,
        count(*) AS store_days,
        CAST(sum(visitors) AS BIGINT) AS visitors,
        CAST(sum(page_views) AS BIGINT) AS page_views,
        CAST(sum(pay_amount) AS DECIMAL(18, 2)) AS pay_amount,
        CAST(sum(pay_buyers) AS BIGINT) AS pay_buyers,
        CAST(sum(add_cart_buyers) AS BIGINT) AS add_cart_buyers,
        CAST(sum(refund_amount) AS DECIMAL(18, 2)) AS refund_amount,
        CAST(sum(ad_spend) AS DECIMAL(18, 2)) AS ad_spend,
        any_value(pay_conversion) AS exported_conversion,
        any_value(avg_order_value) AS exported_aov,
        any_value(uv_value) AS exported_uv_value
    FROM days
    GROUP BY period
)
SELECT
    period,
    days,
    visitors,
    page_views,
    pay_amount,
    pay_buyers,
    coalesce(
        CAST(pay_buyers AS DOUBLE) / nullif(visitors, 0),
        CASE WHEN store_days = 1 THEN exported_conversion END
    ) AS pay_conversion,
    coalesce(
        CAST(round(pay_amount / nullif(pay_buyers, 0), 2) AS DECIMAL(18, 2)),
        CASE WHEN store_days = 1 THEN exported_aov END
    ) AS avg_order_value,
    coalesce(
        CAST(round(pay_amount / nullif(visitors, 0), 2) AS DECIMAL(18, 2)),
        CASE WHEN store_days = 1 THEN exported_uv_value END
    ) AS uv_value,
    add_cart_buyers,
    refund_amount,
    ad_spend
FROM sums
ORDER BY period
"""


def traffic_by_period(
    conn: duckdb.DuckDBPyConnection,
    *,
    by: str = "day",
    start: date | None = None,
    end: date | None = None,
    store: str | None = None,
) -> pd.DataFrame:
    """生意参谋 visitors, pay amount, buyers and recomputed ratios per day or month (see module doc)."""
    check_range(start, end)
    params = {"grain": check_grain(by), "start": start, "end": end, "store": store}
    return query_frame(conn, _TRAFFIC_SQL, params)[TRAFFIC_COLUMNS]
