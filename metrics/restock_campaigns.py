"""Planned campaigns inside a restock horizon, and the lift each is expected to bring, measured on the
store's last comparable campaign.

A planned campaign is a calendar campaign of the store with a sales phase (尾款/爆发/返场/活动; deposits and
warm-ups are not sales days) on a day in [as_of + 1, last_day]; only those days count. It raises the
demand of the SKUs taking part (all SKUs when it lists none) on its sales days by its lift:
- the last comparable campaign is the store's latest other campaign of the same campaign_type whose last
  sales phase ended on or before as_of;
- SKU lift = the SKU's units on that campaign's sales days / (its mean daily units over the
  PRE_CAMPAIGN_DAYS days before the campaign's first phase × the number of sales days), when the SKU
  took part and sold in those days before;
- else the store's lift, the same ratio on paid GMV (sales_daily);
- else, with no earlier campaign of the type or no sales before it, DEFAULT_LIFT by type (双十一 and 618:
  3.0), DEFAULT_LIFT_OTHER for other types;
- every lift is clipped to [LIFT_MIN, LIFT_MAX] (a campaign never lowers the forecast).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from metrics.calendar import SALES_PHASES
from metrics.demand import SkuDays, sku_day_sales, sku_days

PRE_CAMPAIGN_DAYS = 28
LIFT_MIN, LIFT_MAX = 1.0, 10.0
DEFAULT_LIFT = {"双十一": 3.0, "618": 3.0}
DEFAULT_LIFT_OTHER = 1.5

_PHASES_SQL = """
SELECT c.campaign_id, c.name, c.campaign_type, p.phase, p.starts_at, p.ends_at,
       (SELECT list(s.sku ORDER BY s.sku) FROM campaign_skus AS s WHERE s.campaign_id = c.campaign_id) AS skus
FROM campaigns AS c JOIN campaign_phases AS p USING (campaign_id)
WHERE c.store = $store AND CAST(p.starts_at AS DATE) <= $last AND CAST(p.ends_at AS DATE) >= $first
ORDER BY p.starts_at, c.name
"""

_PREVIOUS_SQL = """
SELECT c.campaign_id
FROM campaigns AS c JOIN campaign_phases AS p USING (campaign_id)
WHERE c.store = $store AND c.campaign_type = $type AND c.campaign_id <> $id AND list_contains($phases, p.phase)
GROUP BY c.campaign_id
HAVING CAST(max(p.ends_at) AS DATE) <= $as_of
ORDER BY max(p.ends_at) DESC, c.campaign_id DESC
LIMIT 1
"""

_STORE_GMV_SQL = """
SELECT day, CAST(paid_gmv AS DOUBLE) FROM sales_daily WHERE store = $store AND day BETWEEN $start AND $end
ORDER BY day
"""  # in day order: the float sums below come out the same on every run


@dataclass
class Campaign:
    """A campaign's sales days within a window, and who takes part (None = the whole store)."""

    campaign_id: int
    name: str
    campaign_type: str
    days: list[date]
    skus: frozenset[str] | None
    first_start: date  # the first day of its first phase of any kind (warm-up and deposit included)


@dataclass
class PlannedCampaign(Campaign):
    """A campaign ahead, with the lift expected on its sales days."""

    store_lift: float = 1.0
    lift_source: str = "default"  # 'measured' (store GMV lift of the last comparable campaign) | 'default'
    sku_lift: dict[str, float] = field(default_factory=dict)

    def lift_for(self, sku: str) -> float | None:
        """The lift for `sku` (None when it does not take part)."""
        if self.skus is not None and sku not in self.skus:
            return None
        return self.sku_lift.get(sku, self.store_lift)


def _days(starts_at, ends_at, first: date, last: date) -> list[date]:
    day, end = max(starts_at.date(), first), min(ends_at.date(), last)
    return [day + timedelta(days=i) for i in range((end - day).days + 1)]


def _campaigns(conn, store: str, first: date, last: date) -> list[Campaign]:
    """Campaigns with a sales-phase day in [first, last] (days clipped to it), earliest first."""
    found: dict[int, Campaign] = {}
    rows = conn.execute(_PHASES_SQL, {"store": store, "first": first, "last": last}).fetchall()
    for campaign_id, name, ctype, phase, starts_at, ends_at, skus in rows:
        item = found.get(campaign_id)
        if item is None:
            item = found[campaign_id] = Campaign(
                campaign_id, name, ctype, [], frozenset(skus) if skus else None, starts_at.date()
            )
        item.first_start = min(item.first_start, starts_at.date())
        if phase in SALES_PHASES:
            item.days.extend(_days(starts_at, ends_at, first, last))
    for item in found.values():
        item.days = sorted(set(item.days))
    return [c for c in found.values() if c.days]


def _one_campaign(conn, store: str, campaign_id: int) -> Campaign:
    """A whole campaign (every sales day), with the first day of its first phase."""
    rows = conn.execute(
        "SELECT min(p.starts_at), max(p.ends_at) FROM campaign_phases AS p WHERE p.campaign_id = $id",
        {"id": campaign_id},
    ).fetchall()[0]
    found = _campaigns(conn, store, rows[0].date(), rows[1].date())
    return next(c for c in found if c.campaign_id == campaign_id)


def _clip(lift: float) -> float:
    return min(max(lift, LIFT_MIN), LIFT_MAX)


def measure_lift(
    conn, store: str, past: Campaign, sales: SkuDays | None = None
) -> tuple[float | None, dict[str, float]]:
    """(store GMV lift or None, {sku: units lift}) of a past campaign, clipped (module rules). `sales`: the
    store's SKU-day sales already read, used when they cover the campaign and the days before it."""
    pre_start = past.first_start - timedelta(days=PRE_CAMPAIGN_DAYS)
    pre_end = past.first_start - timedelta(days=1)
    last = past.days[-1]
    span = (last - pre_start).days + 1
    if sales is None or pre_start < sales.start or (last - sales.start).days >= sales.units.shape[1]:
        sales = sku_days(sku_day_sales(conn, start=pre_start, end=last, store=store), pre_start, span)
    offset = (pre_start - sales.start).days
    pre_units = sales.units[:, offset : offset + PRE_CAMPAIGN_DAYS].sum(axis=1)
    campaign_units = sales.units[:, [(d - sales.start).days for d in past.days]].sum(axis=1)
    n_days = len(past.days)
    with np.errstate(divide="ignore", invalid="ignore"):
        lifts = campaign_units / (pre_units / PRE_CAMPAIGN_DAYS * n_days)
    sku_lift = {}
    for sku, before, lift in zip(sales.skus, pre_units.tolist(), lifts.tolist(), strict=True):
        if before > 0 and (past.skus is None or sku in past.skus):
            sku_lift[sku] = _clip(lift)
    gmv = dict(conn.execute(_STORE_GMV_SQL, {"store": store, "start": pre_start, "end": last}).fetchall())
    before = sum(v for d, v in gmv.items() if d <= pre_end)
    during = sum(gmv.get(d, 0.0) for d in past.days)
    store_lift = _clip(during / (before / PRE_CAMPAIGN_DAYS * n_days)) if before > 0 else None
    return store_lift, sku_lift


def planned_campaigns(
    conn, *, store: str, as_of: date, last_day: date, sales: SkuDays | None = None
) -> list[PlannedCampaign]:
    """Campaigns with sales days in [as_of + 1, last_day], each with its expected lift (module rules);
    `sales` as in measure_lift."""
    planned = []
    for item in _campaigns(conn, store, as_of + timedelta(days=1), last_day):
        previous = conn.execute(
            _PREVIOUS_SQL,
            {
                "store": store,
                "type": item.campaign_type,
                "id": item.campaign_id,
                "phases": list(SALES_PHASES),
                "as_of": as_of,
            },
        ).fetchall()
        previous = previous[0] if previous else None
        store_lift, sku_lift = (None, {})
        if previous is not None:
            store_lift, sku_lift = measure_lift(conn, store, _one_campaign(conn, store, previous[0]), sales)
        source = "measured" if store_lift is not None else "default"
        if store_lift is None:
            store_lift = DEFAULT_LIFT.get(item.campaign_type, DEFAULT_LIFT_OTHER)
        planned.append(
            PlannedCampaign(**vars(item), store_lift=store_lift, lift_source=source, sku_lift=sku_lift)
        )
    return planned
