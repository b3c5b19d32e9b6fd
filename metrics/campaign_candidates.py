"""Campaign candidates (活动候选): days, and the SKUs on them, that look like a campaign the exports do not
mark (聚划算 above all), proposed for the user to confirm, name and save in the campaign calendar.

    campaign_candidates(conn, *, store=None, start=None, end=None, <thresholds>) -> DataFrame

Grain: one row per store and candidate day (the Beijing date of orders.paid_at) in [start, end], ordered by
store and date. Columns (口径: metrics/definitions.py):
    store (str), date (date)
    kind (str): 'sku'   the row names SKUs: SKU-days flagged by the thresholds below, and/or the SKUs of
                        items with 生意参谋 聚划算支付金额 that day;
                'store' a store-wide spike without specific SKUs;
                'item'  生意参谋 shows 聚划算支付金额 but its items map to no SKU (detail exports without 商品ID)
    skus (list[str], most-lifted first: units / baseline units, descending; [] when none), sku_count (Int64)
    sku_units (Int64): the listed SKUs' units that day; sku_baseline_units (float): the sum of their baselines
    volume_ratio (float): sku_units / sku_baseline_units (over the SKUs that have a baseline; NULL without)
    sku_avg_price, sku_baseline_price (yuan): the listed SKUs' quantity-weighted average paid unit price
        that day, and their baseline prices weighted by the same day's units
    price_drop (fraction): 1 - sku_avg_price / sku_baseline_price (0.18 = 18% cheaper)
    sku_gmv (yuan): the listed SKUs' paid amount that day
    store_gmv, store_baseline_gmv (yuan), store_gmv_ratio (float), store_spike (bool): the store's paid GMV
        of the day (sales_daily, the paid_gmv 口径), its weekday baseline, their ratio, and whether it spiked
    jhs_pay_amount (yuan): 生意参谋 聚划算支付金额 of the store's items that day (NULL when none)
    jhs_items (list[str]): the 商品ID with 聚划算支付金额 > 0 that day ([] when none)
    in_calendar (str): the names of calendar campaigns (tables campaigns/campaign_phases) whose sale phases
        cover the day (every phase but 预热 and 定金, as metrics/calendar.py counts campaign days; all phases
        of a campaign that has only those), joined with '、'; None when none. Such days are NOT dropped, so
        the page can show a candidate as already saved; filter on `in_calendar IS NULL` for the new ones.
    evidence (str): what was seen, Chinese first, then ' / ' and English.

Method (all heavy work in one DuckDB statement; pandas only touches the few candidate rows):
1. SKU-day: units = sum(quantity) and paid amount = sum(line paid_amount, else unit_price x quantity) of
   the order lines of paid orders (sale day = local date of orders.paid_at), lines with a SKU (商家编码)
   only: the SKU days the imports keep (sku_daily, daily_sales.py). Only SKUs that reach `min_units`
   on some day of the range (or belong to an item with 聚划算支付金额) are kept; each is made dense from
   its first sale day (days without a sale count 0 units).
2. Baseline per SKU and day: the median daily units, and the median daily average paid unit price (days with
   sales only), over the previous `baseline_days` calendar days, leaving out "known campaign days": the
   fixed Double 11 / 618 windows (metrics.targets.CAMPAIGN_WINDOWS), days covered by the campaign calendar,
   and the item's own 聚划算 days. A baseline needs `min_history_days` such days. Medians keep an earlier
   spike from raising the baseline of the next one.
3. A SKU-day is flagged when units >= min_units AND units >= min_volume_ratio x max(baseline units, 1) AND
   1 - price / baseline price >= min_price_drop, outside the fixed windows. Flagged SKUs group by day.
4. 生意参谋 evidence: product_daily rows with jhs_pay_amount > 0 map to SKUs through order_lines.item_id
   (商品ID, in the G4 detail layout). The day's SKUs of such an item are listed when their price dropped by
   min_price_drop (all its SKUs sold that day when none did); the day is a candidate even inside a fixed
   window, since the evidence is direct.
5. Store-wide spike: the day's paid GMV >= min_store_ratio x the median GMV of the same weekday in the
   previous `store_baseline_weeks` weeks (known campaign days and 聚划算 days left out; at least
   `min_store_weeks` such weeks), outside the fixed windows.
`start`/`end` default to the first/last day with paid sales; history before `start` feeds the baselines.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import duckdb
import pandas as pd

from metrics._query import check_range, query_frame, rows_frame
from metrics.targets import campaign_days

# Default thresholds (see the module docstring for what each one gates).
BASELINE_DAYS = 28
MIN_HISTORY_DAYS = 14
MIN_VOLUME_RATIO = 3.0
MIN_PRICE_DROP = 0.15  # above the 10% store-wide discounts of 双12-style days, below a 聚划算 cut
MIN_UNITS = 10
MIN_STORE_RATIO = 1.8
STORE_BASELINE_WEEKS = 8
MIN_STORE_WEEKS = 4

CANDIDATE_COLUMNS = [
    "store",
    "date",
    "kind",
    "skus",
    "sku_count",
    "sku_units",
    "sku_baseline_units",
    "volume_ratio",
    "sku_avg_price",
    "sku_baseline_price",
    "price_drop",
    "sku_gmv",
    "store_gmv",
    "store_baseline_gmv",
    "store_gmv_ratio",
    "store_spike",
    "jhs_pay_amount",
    "jhs_items",
    "in_calendar",
    "evidence",
]
_INTS = ("sku_count", "sku_units")
_FLOATS = ("sku_baseline_units", "volume_ratio", "price_drop", "store_gmv_ratio")

# SKU-day units and paid amount (CTE line_days: store, sku, date, units, revenue) over [$history_start, $end_d].
# The sale day is the date of orders.paid_at. Joining every line to its order costs seconds at 20 million
# lines (a hash join of millions of string keys under the app's 500 MB memory cap), so a line is dated by its
# own 订单付款时间 (order_lines.pay_time, the same instant as orders.paid_at for an ordinary order: both
# exports carry the order's payment time), and only the lines of presale orders (sale = the 尾款 payment,
# orders.paid_at; no sale while unpaid) and of orders with a line without a payment time (the old 10-column
# detail layout) are dated through the join, against that small set of orders. Difference from a full join:
# lines whose order export was never imported still count here. Lines are read from 62 days before the span
# (a presale line may carry its deposit time). Bound parameters only; tables and columns are constants.
SKU_DAY_SQL = """
WITH
line_days AS MATERIALIZED (
    SELECT store, sku, day AS date, CAST(units AS BIGINT) AS units, CAST(gmv AS DECIMAL(18, 2)) AS revenue
    FROM sku_daily
    WHERE ($store IS NULL OR store = $store) AND sku <> '' AND units > 0
      AND day BETWEEN CAST($history_start AS DATE) AND CAST($end_d AS DATE)
)
"""

_CANDIDATES_SQL = (
    SKU_DAY_SQL
    + """,
fixed_days AS (
    SELECT DISTINCT CAST(unnest(CAST($fixed_days AS DATE[])) AS DATE) AS date
),
calendar_days AS (
    SELECT store, date, string_agg(DISTINCT name, '、' ORDER BY name) AS in_calendar
    FROM (
        SELECT c.store, c.name,
               CAST(unnest(generate_series(CAST(p.starts_at AS DATE), CAST(p.ends_at AS DATE),
                                           INTERVAL 1 DAY)) AS DATE) AS date
        FROM campaigns AS c
        JOIN campaign_phases AS p ON p.campaign_id = c.campaign_id
        WHERE ($store IS NULL OR c.store = $store)
          AND (p.phase NOT IN ('预热', '定金')
               OR NOT EXISTS (SELECT 1 FROM campaign_phases AS q
                              WHERE q.campaign_id = p.campaign_id AND q.phase NOT IN ('预热', '定金')))
          AND p.ends_at >= CAST($history_start AS DATE)
          AND p.starts_at < CAST($end_d AS DATE) + INTERVAL 1 DAY
    )
    GROUP BY ALL
),
jhs_items AS (
    SELECT store, date, item_id, jhs_pay_amount
    FROM product_daily
    WHERE jhs_pay_amount > 0
      AND ($store IS NULL OR store = $store)
      AND date BETWEEN CAST($history_start AS DATE) AND CAST($end_d AS DATE)
),
jhs_days AS (
    SELECT store, date, sum(jhs_pay_amount) AS jhs_pay_amount, list(DISTINCT item_id ORDER BY item_id) AS jhs_items
    FROM jhs_items
    WHERE date >= CAST($start_d AS DATE)
    GROUP BY ALL
),
jhs_item_skus AS (
    SELECT DISTINCT j.store, j.date, j.item_id, l.sku
    FROM jhs_items AS j
    JOIN order_lines AS l ON l.store = j.store AND l.item_id = j.item_id
    WHERE l.sku <> ''
),
jhs_sku_days AS (
    SELECT DISTINCT store, date, sku FROM jhs_item_skus
),
sku_set AS (
    SELECT s.store, s.sku, s.first_d
    FROM (
        SELECT store, sku, min(date) AS first_d,
               max(units) FILTER (WHERE date >= CAST($start_d AS DATE)) AS peak
        FROM line_days
        GROUP BY ALL
    ) AS s
    WHERE s.peak >= $min_units
       OR EXISTS (SELECT 1 FROM jhs_item_skus AS j WHERE j.store = s.store AND j.sku = s.sku)
),
sku_series AS (
    SELECT x.store, x.sku, x.date,
           coalesce(d.units, 0) AS units,
           d.revenue,
           CAST(d.revenue AS DOUBLE) / nullif(d.units, 0) AS price,
           f.date IS NOT NULL AS fixed_day,
           f.date IS NOT NULL OR c.date IS NOT NULL OR j.sku IS NOT NULL AS known_day
    FROM (
        SELECT store, sku,
               CAST(unnest(generate_series(first_d, CAST($end_d AS DATE), INTERVAL 1 DAY)) AS DATE) AS date
        FROM sku_set
    ) AS x
    LEFT JOIN line_days AS d ON d.store = x.store AND d.sku = x.sku AND d.date = x.date
    LEFT JOIN fixed_days AS f ON f.date = x.date
    LEFT JOIN calendar_days AS c ON c.store = x.store AND c.date = x.date
    LEFT JOIN jhs_sku_days AS j ON j.store = x.store AND j.sku = x.sku AND j.date = x.date
),
sku_baseline AS (
    SELECT *,
           median(CASE WHEN NOT known_day THEN units END) OVER w AS base_units,
           median(CASE WHEN NOT known_day THEN price END) OVER w AS base_price,
           count(CASE WHEN NOT known_day THEN 1 END) OVER w AS base_days
    FROM sku_series
    WINDOW w AS (
        PARTITION BY store, sku ORDER BY date
        ROWS BETWEEN CAST($baseline_days AS INTEGER) PRECEDING AND 1 PRECEDING
    )
),
sku_scored AS (
    SELECT *,
           CASE WHEN base_days >= $min_history_days THEN base_units END AS baseline_units,
           CASE WHEN base_days >= $min_history_days THEN base_price END AS baseline_price,
           units / greatest(coalesce(base_units, 0), 1) AS lift,
           1 - price / nullif(base_price, 0) AS drop,
           units > 0
               AND NOT fixed_day
               AND base_days >= $min_history_days
               AND units >= $min_units
               AND units >= $min_volume_ratio * greatest(base_units, 1)
               AND 1 - price / nullif(base_price, 0) >= $min_price_drop AS flagged
    FROM sku_baseline
    WHERE date >= CAST($start_d AS DATE)
),
jhs_picks AS (
    SELECT j.store, j.date, j.sku
    FROM jhs_item_skus AS j
    JOIN sku_scored AS s ON s.store = j.store AND s.sku = j.sku AND s.date = j.date
    WHERE s.units > 0
    QUALIFY coalesce(s.drop >= $min_price_drop, false)
         OR NOT coalesce(bool_or(s.drop >= $min_price_drop) OVER (PARTITION BY j.store, j.date, j.item_id), false)
),
sku_candidates AS (
    SELECT s.store, s.date,
           list(s.sku ORDER BY s.lift DESC, s.sku) AS skus,
           count(*) AS sku_count,
           sum(s.units) AS sku_units,
           sum(s.baseline_units) AS sku_baseline_units,
           CAST(sum(s.units) FILTER (WHERE s.baseline_units IS NOT NULL) AS DOUBLE)
               / nullif(sum(s.baseline_units), 0) AS volume_ratio,
           sum(s.revenue) AS sku_gmv,
           sum(s.revenue) / sum(s.units) AS avg_price,
           sum(s.units * s.baseline_price) / nullif(sum(s.units) FILTER (WHERE s.baseline_price IS NOT NULL), 0)
               AS baseline_price,
           1 - CAST(sum(s.revenue) FILTER (WHERE s.baseline_price IS NOT NULL) AS DOUBLE)
               / nullif(sum(s.units * s.baseline_price), 0) AS price_drop
    FROM sku_scored AS s
    WHERE s.flagged
       OR EXISTS (SELECT 1 FROM jhs_picks AS p WHERE p.store = s.store AND p.date = s.date AND p.sku = s.sku)
    GROUP BY ALL
),
store_set AS (
    SELECT store, min(day) AS first_d
    FROM sales_daily
    WHERE ($store IS NULL OR store = $store)
      AND day BETWEEN CAST($history_start AS DATE) AND CAST($end_d AS DATE)
    GROUP BY ALL
),
store_series AS (
    SELECT x.store, x.date,
           coalesce(s.paid_gmv, 0) AS gmv,
           f.date IS NOT NULL AS fixed_day,
           f.date IS NOT NULL OR c.date IS NOT NULL OR j.date IS NOT NULL AS known_day
    FROM (
        SELECT store,
               CAST(unnest(generate_series(first_d, CAST($end_d AS DATE), INTERVAL 1 DAY)) AS DATE) AS date
        FROM store_set
    ) AS x
    LEFT JOIN sales_daily AS s ON s.store = x.store AND s.day = x.date
    LEFT JOIN fixed_days AS f ON f.date = x.date
    LEFT JOIN calendar_days AS c ON c.store = x.store AND c.date = x.date
    LEFT JOIN (SELECT DISTINCT store, date FROM jhs_items) AS j ON j.store = x.store AND j.date = x.date
),
store_scored AS (
    SELECT *,
           CASE WHEN base_weeks >= $min_store_weeks THEN base_gmv END AS baseline_gmv,
           NOT fixed_day
               AND base_weeks >= $min_store_weeks
               AND base_gmv > 0
               AND gmv >= $min_store_ratio * base_gmv AS spike
    FROM (
        SELECT *,
               median(CASE WHEN NOT known_day THEN gmv END) OVER w AS base_gmv,
               count(CASE WHEN NOT known_day THEN 1 END) OVER w AS base_weeks
        FROM store_series
        WINDOW w AS (
            PARTITION BY store, isodow(date) ORDER BY date
            ROWS BETWEEN CAST($store_baseline_weeks AS INTEGER) PRECEDING AND 1 PRECEDING
        )
    )
    WHERE date >= CAST($start_d AS DATE)
),
keys AS (
    SELECT store, date FROM sku_candidates
    UNION
    SELECT store, date FROM store_scored WHERE spike
    UNION
    SELECT store, date FROM jhs_days
)
SELECT
    k.store,
    k.date,
    CASE WHEN c.skus IS NOT NULL THEN 'sku' WHEN coalesce(s.spike, false) THEN 'store' ELSE 'item' END AS kind,
    coalesce(c.skus, []::VARCHAR[]) AS skus,
    CAST(coalesce(c.sku_count, 0) AS BIGINT) AS sku_count,
    CAST(c.sku_units AS BIGINT) AS sku_units,
    c.sku_baseline_units,
    c.volume_ratio,
    CAST(round(c.avg_price, 2) AS DECIMAL(18, 2)) AS sku_avg_price,
    CAST(round(c.baseline_price, 2) AS DECIMAL(18, 2)) AS sku_baseline_price,
    c.price_drop,
    CAST(c.sku_gmv AS DECIMAL(18, 2)) AS sku_gmv,
    CAST(s.gmv AS DECIMAL(18, 2)) AS store_gmv,
    CAST(round(s.baseline_gmv, 2) AS DECIMAL(18, 2)) AS store_baseline_gmv,
    CAST(s.gmv AS DOUBLE) / nullif(CAST(s.baseline_gmv AS DOUBLE), 0) AS store_gmv_ratio,
    coalesce(s.spike, false) AS store_spike,
    CAST(j.jhs_pay_amount AS DECIMAL(18, 2)) AS jhs_pay_amount,
    coalesce(j.jhs_items, []::VARCHAR[]) AS jhs_items,
    cal.in_calendar
FROM keys AS k
LEFT JOIN sku_candidates AS c ON c.store = k.store AND c.date = k.date
LEFT JOIN store_scored AS s ON s.store = k.store AND s.date = k.date
LEFT JOIN jhs_days AS j ON j.store = k.store AND j.date = k.date
LEFT JOIN calendar_days AS cal ON cal.store = k.store AND cal.date = k.date
ORDER BY k.store, k.date
"""
)

_RANGE_SQL = """
SELECT min(day), max(day) FROM sales_daily WHERE ($store IS NULL OR store = $store)
"""


def _check_positive(name: str, value: float) -> None:
    if value is None or not value > 0:
        raise ValueError(f"{name} must be > 0; got {value!r}")


def campaign_candidates(
    conn: duckdb.DuckDBPyConnection,
    *,
    store: str | None = None,
    start: date | None = None,
    end: date | None = None,
    baseline_days: int = BASELINE_DAYS,
    min_history_days: int = MIN_HISTORY_DAYS,
    min_volume_ratio: float = MIN_VOLUME_RATIO,
    min_price_drop: float = MIN_PRICE_DROP,
    min_units: int = MIN_UNITS,
    min_store_ratio: float = MIN_STORE_RATIO,
    store_baseline_weeks: int = STORE_BASELINE_WEEKS,
    min_store_weeks: int = MIN_STORE_WEEKS,
    exclude_fixed_windows: bool = True,
) -> pd.DataFrame:
    """Candidate campaign days (and SKUs) of one store or every store, one row per store and day in
    [start, end]; columns and method in the module docstring.

    baseline_days: the SKU baseline window (calendar days before the day); min_history_days: the known-
    campaign-free days it needs. min_volume_ratio, min_price_drop (fraction), min_units: a SKU-day is flagged
    when all three hold. min_store_ratio: a store day's GMV against its weekday baseline (median of the same
    weekday over store_baseline_weeks weeks, needing min_store_weeks). exclude_fixed_windows: leave the
    Double 11 / 618 windows (CAMPAIGN_WINDOWS) out of baselines and never flag them.
    """
    check_range(start, end)
    for name, value in (
        ("baseline_days", baseline_days),
        ("min_history_days", min_history_days),
        ("min_volume_ratio", min_volume_ratio),
        ("min_units", min_units),
        ("min_store_ratio", min_store_ratio),
        ("store_baseline_weeks", store_baseline_weeks),
        ("min_store_weeks", min_store_weeks),
    ):
        _check_positive(name, value)
    if not 0 < min_price_drop < 1:
        raise ValueError(f"min_price_drop must be a fraction between 0 and 1; got {min_price_drop!r}")
    if min_history_days > baseline_days:
        raise ValueError(f"min_history_days ({min_history_days}) exceeds baseline_days ({baseline_days})")
    if min_store_weeks > store_baseline_weeks:
        raise ValueError(
            f"min_store_weeks ({min_store_weeks}) exceeds store_baseline_weeks ({store_baseline_weeks})"
        )
    first, last = conn.execute(_RANGE_SQL, {"store": store}).fetchall()[0]
    start_d = start or first
    end_d = end or last
    if start_d is None or end_d is None or start_d > end_d:
        return rows_frame([], CANDIDATE_COLUMNS, ints=_INTS, floats=_FLOATS, bools=("store_spike",))
    history_start = start_d - timedelta(days=max(int(baseline_days), 7 * int(store_baseline_weeks)))
    fixed = sorted(campaign_days(history_start, end_d)) if exclude_fixed_windows else []
    frame = query_frame(
        conn,
        _CANDIDATES_SQL,
        {
            "store": store,
            "start_d": start_d,
            "end_d": end_d,
            "history_start": history_start,
            "fixed_days": fixed,
            "baseline_days": int(baseline_days),
            "min_history_days": int(min_history_days),
            "min_volume_ratio": float(min_volume_ratio),
            "min_price_drop": float(min_price_drop),
            "min_units": int(min_units),
            "min_store_ratio": float(min_store_ratio),
            "store_baseline_weeks": int(store_baseline_weeks),
            "min_store_weeks": int(min_store_weeks),
        },
    )
    for column in ("skus", "jhs_items"):
        frame[column] = pd.Series([[str(v) for v in values] for values in frame[column]], dtype=object)
    frame["in_calendar"] = pd.Series(
        [v if isinstance(v, str) and v else None for v in frame["in_calendar"]], dtype=object
    )
    frame["evidence"] = [_evidence(row) for row in frame.to_dict("records")]
    return frame[CANDIDATE_COLUMNS]


def _yuan(value: Decimal | None) -> str:
    return f"¥{value:,.0f}"


def _evidence(row: dict[str, Any]) -> str:
    """What was seen on the day, Chinese first, then English (a sentence per signal)."""
    zh: list[str] = []
    en: list[str] = []
    count = row["sku_count"]
    ratio, drop = row["volume_ratio"], row["price_drop"]
    if count:
        has_ratio = ratio is not None and not pd.isna(ratio)
        has_drop = drop is not None and not pd.isna(drop)
        if has_ratio and has_drop:
            zh.append(f"{count} 个SKU销量为基线 {ratio:.1f} 倍且成交价降 {drop:.0%}")
            en.append(
                f"{count} SKU{'s' if count > 1 else ''} at {ratio:.1f}x baseline units with price −{drop:.0%}"
            )
        else:
            zh.append(f"{count} 个SKU（历史不足，无基线）")
            en.append(f"{count} SKU{'s' if count > 1 else ''} (too little history for a baseline)")
    if row["store_spike"]:
        gmv, gmv_ratio = row["store_gmv"], row["store_gmv_ratio"]
        zh.append(f"全店支付金额 {_yuan(gmv)}，为同星期基线 {gmv_ratio:.1f} 倍")
        en.append(f"store paid GMV {_yuan(gmv)}, {gmv_ratio:.1f}x its weekday baseline")
    if row["jhs_pay_amount"] is not None:
        amount = _yuan(row["jhs_pay_amount"])
        items = "、".join(row["jhs_items"])
        zh.append(f"生意参谋聚划算支付金额 {amount}（商品ID {items}）")
        en.append(f"生意参谋 JHS pay amount {amount} (item {', '.join(row['jhs_items'])})")
    if row["in_calendar"]:
        zh.append(f"已在活动日历：{row['in_calendar']}")
        en.append(f"already in the calendar: {row['in_calendar']}")
    return "；".join(zh) + " / " + "; ".join(en)
