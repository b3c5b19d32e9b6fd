"""A campaign from the calendar tables and the day windows its review reads: one campaign of one store.

    load_campaign(conn, campaign, store=None) -> Campaign   campaign = name or id (campaigns.campaign_id)
    review_windows(campaign, other_days, *, as_of, pre_days, post_days, baseline_days) -> Windows

Windows are local (Beijing) dates; an order belongs to the date of its paid_at, so an order at 11-11
00:00:30 belongs to 11-11 (and, by timestamp, to a phase starting 11-11 00:00:00: phases are inclusive).

- Campaign days: from the date of the first SALE phase's start to the date of the last sale phase's end,
  gap days between phases included (the store is still in campaign mode). Sale phases are every phase
  except 预热 (warm-up) and 定金 (deposit): a presale counts on its final-payment day, so deposit days are
  not sales days. A campaign with only 预热/定金 phases uses all its phases.
- Pre window: the `pre_days` days before the first campaign day, widened back to the start of a 预热 or
  定金 phase that begins earlier: buyers wait there (the dip before), so it is kept out of the baseline fit.
- Post window: the `post_days` days after the last campaign day (the dip after: buyers stocked up).
- Baseline fit days: walking back from the day before the pre window, the first `baseline_days` days that
  are not a day of another campaign (any phase of another calendar campaign of the store, and the fixed
  Double 11 / 618 windows of metrics.targets), looking back at most BASELINE_LOOKBACK_FACTOR x baseline_days.
- Days after as_of have no data yet: they are dropped from every window (the review says so in a note).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

import duckdb

from metrics.targets import campaign_days, days_between

PRE_PHASES = ("预热", "定金")
BASELINE_LOOKBACK_FACTOR = 3

_CAMPAIGN_SQL = """
SELECT campaign_id, store, name, campaign_type, gmv_target, slot_fee, commission_rate, ad_spend,
    coupon_cost, margin_rate
FROM campaigns
WHERE ($id IS NOT NULL AND campaign_id = $id OR name = $name) AND ($store IS NULL OR store = $store)
ORDER BY campaign_id
"""
_PHASES_SQL = """
SELECT phase, starts_at, ends_at FROM campaign_phases WHERE campaign_id = $id ORDER BY starts_at
"""
_SKUS_SQL = "SELECT sku, margin_rate FROM campaign_skus WHERE campaign_id = $id ORDER BY sku"
# Every phase of the store's other campaigns (for the days a baseline must not learn from).
_OTHER_PHASES_SQL = """
SELECT c.name, p.starts_at, p.ends_at
FROM campaign_phases AS p JOIN campaigns AS c USING (campaign_id)
WHERE c.store = $store AND c.campaign_id <> $id
"""


@dataclass(frozen=True)
class Phase:
    phase: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Campaign:
    """One calendar row with its phases (ordered by start) and participating SKUs (sku -> margin override)."""

    campaign_id: int
    store: str
    name: str
    campaign_type: str
    gmv_target: Decimal | None
    slot_fee: Decimal | None
    commission_rate: float | None
    ad_spend: Decimal | None
    coupon_cost: Decimal | None
    margin_rate: float | None
    phases: tuple[Phase, ...]
    skus: dict[str, float | None] = field(default_factory=dict)

    @property
    def sku_level(self) -> bool:
        return bool(self.skus)

    @property
    def sale_phases(self) -> tuple[Phase, ...]:
        sale = tuple(p for p in self.phases if p.phase not in PRE_PHASES)
        return sale or self.phases

    @property
    def first_day(self) -> date:
        return min(p.starts_at for p in self.sale_phases).date()

    @property
    def last_day(self) -> date:
        return max(p.ends_at for p in self.sale_phases).date()

    @property
    def starts_at(self) -> datetime:
        return min(p.starts_at for p in self.phases)

    @property
    def ends_at(self) -> datetime:
        return max(p.ends_at for p in self.sale_phases)


def load_campaign(conn: duckdb.DuckDBPyConnection, campaign: str | int, store: str | None = None) -> Campaign:
    """The campaign named `campaign` (else with that id); ValueError when none, or several stores share the name."""
    text = str(campaign).strip()
    params = {"id": int(text) if text.isdigit() else None, "name": text, "store": store}
    rows = conn.sql(_CAMPAIGN_SQL, params=params).fetchall()
    by_name = [r for r in rows if r[2] == text]  # a name wins over an id ('618' may be either)
    rows = by_name or rows
    if not rows:
        where = f" in store {store}" if store else ""
        raise ValueError(f"没有活动 {text}{where} / no campaign named {text!r}{where}")
    if len(rows) > 1:
        stores = ", ".join(sorted(r[1] for r in rows))
        raise ValueError(
            f"活动 {text} 在多个店铺中存在，请指定店铺 / campaign {text!r} exists in {stores}: give --store"
        )
    row = rows[0]
    phases = tuple(Phase(*p) for p in conn.sql(_PHASES_SQL, params={"id": row[0]}).fetchall())
    if not phases:
        raise ValueError(f"活动 {row[2]} 没有阶段时间 / campaign {row[2]!r} has no phases")
    skus = dict(conn.sql(_SKUS_SQL, params={"id": row[0]}).fetchall())
    return Campaign(*row, phases=phases, skus=skus)


def other_campaign_days(
    conn: duckdb.DuckDBPyConnection, campaign: Campaign, start: date, end: date
) -> dict[date, str]:
    """Days in [start, end] of the store's other calendar campaigns (every phase) and of the fixed Double 11 /
    618 windows, minus this campaign's own pre and campaign days -> the other campaign's name."""
    found = campaign_days(start, end)
    rows = conn.sql(
        _OTHER_PHASES_SQL, params={"store": campaign.store, "id": campaign.campaign_id}
    ).fetchall()
    for name, starts_at, ends_at in rows:
        for day in days_between(max(starts_at.date(), start), min(ends_at.date(), end)):
            found[day] = name
    own_start = min(campaign.starts_at.date(), campaign.first_day)
    return {d: n for d, n in found.items() if not own_start <= d <= campaign.last_day}


@dataclass(frozen=True)
class Windows:
    """The review's days (ascending), each list already cut at as_of; `other` maps days of other campaigns."""

    fit: list[date]
    pre: list[date]
    campaign: list[date]
    post: list[date]
    other: dict[date, str]
    pre_start: date
    post_end: date
    fit_short: bool  # fewer than baseline_days clean days were found in the lookback

    @property
    def fetch_start(self) -> date:
        return min([*self.fit, self.pre_start])

    @property
    def fetch_end(self) -> date:
        return max([*self.pre, *self.campaign, *self.post, *self.fit], default=self.pre_start)


def window_bounds(
    campaign: Campaign, *, pre_days: int, post_days: int, baseline_days: int
) -> tuple[date, date]:
    """(first, last) day any window of the review can touch: the lookback start and the post window's end."""
    pre_start = _pre_start(campaign, pre_days)
    lookback = pre_start - timedelta(days=BASELINE_LOOKBACK_FACTOR * baseline_days)
    return lookback, campaign.last_day + timedelta(days=post_days)


def _pre_start(campaign: Campaign, pre_days: int) -> date:
    early = [p.starts_at.date() for p in campaign.phases if p.phase in PRE_PHASES]
    return min([campaign.first_day - timedelta(days=pre_days), *early])


def review_windows(
    campaign: Campaign,
    other: dict[date, str],
    *,
    as_of: date,
    pre_days: int,
    post_days: int,
    baseline_days: int,
) -> Windows:
    """The fit, pre, campaign and post days of a review (see the module doc)."""
    pre_start = _pre_start(campaign, pre_days)
    post_end = campaign.last_day + timedelta(days=post_days)
    fit: list[date] = []
    day = pre_start - timedelta(days=1)
    lookback_end = pre_start - timedelta(days=BASELINE_LOOKBACK_FACTOR * baseline_days)
    while len(fit) < baseline_days and day >= lookback_end:
        if day not in other and day <= as_of:
            fit.append(day)
        day -= timedelta(days=1)

    def upto(days: list[date]) -> list[date]:
        return [d for d in days if d <= as_of]

    return Windows(
        fit=sorted(fit),
        pre=upto(days_between(pre_start, campaign.first_day - timedelta(days=1))),
        campaign=upto(days_between(campaign.first_day, campaign.last_day)),
        post=upto(days_between(campaign.last_day + timedelta(days=1), post_end)),
        other=other,
        pre_start=pre_start,
        post_end=post_end,
        fit_short=len(fit) < baseline_days,
    )
