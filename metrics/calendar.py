"""The campaign calendar (活动日历) as metrics read it, straight from the campaign tables.

campaign_calendar: one row per campaign (CALENDAR_COLUMNS): campaign_id (Int64), store, name,
    campaign_type (str), starts_at / ends_at (first phase start, last phase end; naive Beijing timestamps),
    phases (str, '定金 10-24 20:00–10-31 23:59; 尾款 …' in time order), skus (list of str; empty = the whole
    store takes part), gmv_target, slot_fee, ad_spend, coupon_cost (Decimal yuan, None when not set),
    commission_rate, margin_rate (float fractions, NaN when not set; margin NaN = the store's default),
    source, updated_by (str), updated_at (timestamp).
campaign_day_names: local date -> campaign name for the sales days of a store's store-wide campaigns.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from metrics._query import check_range, query_frame

CALENDAR_COLUMNS = [
    "campaign_id",
    "store",
    "name",
    "campaign_type",
    "starts_at",
    "ends_at",
    "phases",
    "skus",
    "gmv_target",
    "slot_fee",
    "commission_rate",
    "ad_spend",
    "coupon_cost",
    "margin_rate",
    "source",
    "updated_by",
    "updated_at",
]
# Phases whose days are sales days: deposits (定金) count as sales only on the final payment, and a
# warm-up (预热) sells at ordinary prices, so neither marks a campaign day.
SALES_PHASES = ("尾款", "爆发", "返场", "活动")

_CALENDAR_SQL = """
WITH phases AS (
    SELECT campaign_id, min(starts_at) AS starts_at, max(ends_at) AS ends_at,
           string_agg(phase || ' ' || strftime(starts_at, '%m-%d %H:%M') || '–'
                      || strftime(ends_at, '%m-%d %H:%M'), '; ' ORDER BY starts_at) AS phases
    FROM campaign_phases GROUP BY campaign_id
),
skus AS (SELECT campaign_id, list(sku ORDER BY sku) AS skus FROM campaign_skus GROUP BY campaign_id)
SELECT c.campaign_id, c.store, c.name, c.campaign_type, p.starts_at, p.ends_at, p.phases,
       coalesce(s.skus, CAST([] AS VARCHAR[])) AS skus,
       c.gmv_target, c.slot_fee, c.commission_rate, c.ad_spend, c.coupon_cost, c.margin_rate,
       c.source, c.updated_by, c.updated_at
FROM campaigns c LEFT JOIN phases p USING (campaign_id) LEFT JOIN skus s USING (campaign_id)
WHERE $store IS NULL OR c.store = $store
ORDER BY c.store, p.starts_at, c.name
"""


def campaign_calendar(conn, *, store: str | None = None) -> pd.DataFrame:
    """One row per campaign of `store` (all stores when None), earliest first; see the module docstring."""
    frame = query_frame(conn, _CALENDAR_SQL, {"store": store})
    frame["skus"] = pd.Series(
        [[str(s) for s in skus] for skus in frame["skus"]], index=frame.index, dtype=object
    )
    return frame[CALENDAR_COLUMNS]


def campaign_day_names(
    conn, store: str, start: dt.date, end: dt.date, *, phases: tuple[str, ...] = SALES_PHASES
) -> dict[dt.date, str]:
    """For each local date in [start, end] touched by a sales phase of a store-wide campaign (one without
    SKUs), the campaign's name; a date two campaigns touch goes to the one whose phase starts later (the
    shorter event inside a longer one). Dates without a campaign are absent."""
    check_range(start, end)
    rows = conn.execute(
        """
        SELECT c.name, p.starts_at, p.ends_at
        FROM campaigns c JOIN campaign_phases p USING (campaign_id)
        WHERE c.store = $store AND list_contains($phases, p.phase)
          AND CAST(p.starts_at AS DATE) <= $end AND CAST(p.ends_at AS DATE) >= $start
          AND NOT EXISTS (SELECT 1 FROM campaign_skus s WHERE s.campaign_id = c.campaign_id)
        ORDER BY p.starts_at, c.name
        """,
        {"store": store, "phases": list(phases), "start": start, "end": end},
    ).fetchall()
    days: dict[dt.date, str] = {}
    for name, starts_at, ends_at in rows:
        day = max(starts_at.date(), start)
        while day <= min(ends_at.date(), end):
            days[day] = name
            day += dt.timedelta(days=1)
    return dict(sorted(days.items()))
