"""Campaign review (活动复盘): what one campaign of the calendar really added, net of presale timing, the
dips before and after, cannibalisation and refunds.

    campaign_review(conn, *, campaign, as_of=None, post_days=14, baseline_days=28, store=None, pre_days=7)
        -> CampaignReview(summary: dict, phases, timeline, presale, skus: DataFrame)
    campaign_comparison(conn, campaign, *, as_of=None, store=None, ...) -> DataFrame (one row per edition)
    review_frame(review) -> DataFrame       the summary as one row (the CLI's `campaign` command)

Grain and units. Money is Decimal yuan (2 places; model figures rounded to the cent), counts int, ratios
float fractions, None where a figure cannot be computed (no baseline, no cost, no target). Days are local
(Beijing) dates of paid_at; windows: metrics.campaign_windows; baseline model: metrics.campaign_baseline.

Scope. A store-wide campaign (no campaign_skus) is the store's paid orders (paid_amount, postage included);
a SKU-level campaign is the order lines of its SKUs (line paid_amount, else price x quantity, as in
sku_daily), and the rest of the store is reviewed for cannibalisation (negative) or halo (positive): the
other SKUs' line GMV minus their own baseline over the campaign days.

Summary (CampaignReview.summary; every key is a column of review_frame, 口径 in
metrics.definitions.CAMPAIGN_DEFINITIONS):
    campaign_id, store, name, campaign_type, scope ('store' | 'skus'), sku_count, first_day, last_day,
    pre_start, post_end, as_of
    gmv, orders, buyers, units             campaign days (dates of the sale phases' span), the scope
    presale_deposit_orders, presale_deposit_amount, presale_balance_paid_orders, presale_balance_gmv,
    presale_pending_orders, presale_forfeited_orders, presale_forfeited_deposits, balance_payment_rate
    baseline, baseline_low, baseline_high  expected scope GMV over the campaign days without the campaign
    incremental, incremental_low, incremental_high  = gmv - baseline (band: gmv - baseline_high/low)
    lift, lift_low, lift_high              = incremental / baseline (denominator: the campaign days' baseline)
    pre_dip, post_dip                      actual - baseline over the pre / post window (negative = a dip);
                                           days of other campaigns are left out of both
    net_incremental, net_incremental_low, net_incremental_high  = incremental + pre_dip + post_dip
    cannibalisation, cannibalisation_low, cannibalisation_high  SKU-level only: rest actual - rest baseline
    refunds, refund_rate                   completed refunds of the campaign days' scope sales / gmv
    baseline_refund_rate                   the same over the baseline fit days
    refund_rate_7d, refund_rate_15d, refund_rate_30d   always None: see "Refund timing" below
    refund_observed_days                   fewest days between a campaign sale's payment and its latest export
    net_incremental_after_refunds (+ _low/_high)  net incremental in net-sales terms (below)
    new_buyers, new_buyer_share            campaign buyers whose first paid order in the data is on or after
                                           the first campaign day (store-wide history, any SKU) / buyers
    target, attainment                     the campaign's 目标GMV; gmv / target
    slot_fee, commission, ad_spend, coupon_cost, costs   costs = slot fee + commission rate x gmv + ad spend
                                           + coupon cost (missing parts 0); None when all are missing or 0
    margin_rate, margin_source             campaign 毛利率, else per-SKU overrides (GMV-weighted), else the
                                           store's 'margin_rate' setting, else DEFAULT_MARGIN_RATE ('default')
    roi, roi_low, roi_high                 (net incremental net sales x margin - costs) / costs
    baseline_status                        'ok' | 'too_little_history'
    baseline_fit_days, baseline_trend      fit days used; the fitted daily growth (fraction) or 0
    notes                                  sentences (en) on anything cut, estimated or missing

Net incremental after refunds: (gmv - refunds) - baseline x (1 - baseline_refund_rate) over the campaign
days, plus (pre_dip + post_dip) x (1 - baseline_refund_rate). For SKU-level campaigns ROI's incremental adds
cannibalisation x (1 - baseline_refund_rate): sales taken from the other SKUs are not a gain.

Refund timing: the exports carry no refund time (退款状态 and 退款金额 are as of the latest export), so the
refunds within 7/15/30 days of payment cannot be told apart; the review gives the refund rate as known at
the latest export, and `refund_observed_days` says how long the campaign sales had to be refunded
(baseline orders are older, so their rate is at least as complete).

Frames:
    phases    phase, starts_at, ends_at, is_sale_phase (bool), gmv (yuan), orders, buyers, units: scope sales
              paid inside the phase's timestamps (inclusive)
    timeline  one row per day of the fit, pre, campaign and post windows: date, weekday (1 = Monday),
              window ('baseline' | 'pre' | 'campaign' | 'post'), phase (the phase covering the day, else None),
              other_campaign (name or None), actual_gmv, orders, buyers, units, baseline_gmv, baseline_low,
              baseline_high, incremental_gmv (None on baseline and other-campaign days), store_gmv,
              rest_gmv, rest_baseline (SKU-level campaigns, else None). Money in yuan.
    presale   one row per day: deposit_orders, deposit_amount, deposits_completed, forfeited_orders,
              forfeited_deposits (by deposit date), balance_paid_orders, balance_paid_gmv (by final-payment
              date). Completion rate and totals are in the summary.
    skus      one row per SKU sold in the fit or campaign days: sku, participating (bool), actual_gmv,
              actual_units, baseline_gmv, incremental_gmv, lift; participants first, then by actual_gmv.
              A SKU's baseline is its own level over the fit days times the store's weekday-and-trend shape
              (a single SKU's days are too few for its own weekday factors).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from metrics.campaign_baseline import Baseline, fit_baseline
from metrics.campaign_frames import (
    PHASE_COLUMNS,
    PRESALE_COLUMNS,
    SKU_COLUMNS,
    TIMELINE_COLUMNS,
    ZERO,
    money,
    phases_frame,
    presale_frame,
    series,
    skus_frame,
    timeline_frame,
)
from metrics.campaign_queries import daily_rows, last_paid_day, order_rows, presale_rows, sku_totals
from metrics.campaign_windows import (
    Campaign,
    Windows,
    load_campaign,
    other_campaign_days,
    review_windows,
    window_bounds,
)
from metrics.targets import same_day_last_year

__all__ = [
    "BASELINE_STATUS",
    "DEFAULT_MARGIN_RATE",
    "PHASE_COLUMNS",
    "PRESALE_COLUMNS",
    "SKU_COLUMNS",
    "TIMELINE_COLUMNS",
    "CampaignReview",
    "campaign_comparison",
    "campaign_review",
    "review_frame",
]

DEFAULT_MARGIN_RATE = 0.30
BASELINE_STATUS = ("ok", "too_little_history")


@dataclass
class CampaignReview:
    """The review of one campaign: `summary` (scalars) and four frames; `frames()` for a review pack."""

    summary: dict[str, Any]
    phases: pd.DataFrame
    timeline: pd.DataFrame
    presale: pd.DataFrame
    skus: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def frames(self) -> dict[str, pd.DataFrame]:
        return {
            "summary": review_frame(self),
            "phases": self.phases,
            "timeline": self.timeline,
            "presale": self.presale,
            "skus": self.skus,
        }


def _ratio(numerator: Any, denominator: Any) -> float | None:
    if numerator is None or denominator is None or float(denominator) == 0:
        return None
    return float(numerator) / float(denominator)


# --------------------------------------------------------------------------------------------- the review


def campaign_review(
    conn: duckdb.DuckDBPyConnection,
    *,
    campaign: str | int,
    as_of: date | None = None,
    post_days: int = 14,
    baseline_days: int = 28,
    store: str | None = None,
    pre_days: int = 7,
) -> CampaignReview:
    """Review one campaign (name or id) as of `as_of`; see the module doc.

    `as_of` None, or later than the store's last payment date, becomes that date: days without imported
    orders must not read as a dip.
    """
    if min(post_days, baseline_days, pre_days) < 0:
        raise ValueError("post_days, baseline_days and pre_days must be >= 0")
    camp = load_campaign(conn, campaign, store)
    notes: list[str] = []
    lookback, post_end = window_bounds(
        camp, pre_days=pre_days, post_days=post_days, baseline_days=baseline_days
    )
    data_end = last_paid_day(conn, camp.store, lookback)
    if as_of is None or (data_end is not None and as_of > data_end):
        if as_of is not None and data_end is not None and data_end < post_end:
            notes.append(f"as_of {as_of} is after the store's last sale {data_end}: figures end there")
        as_of = data_end or camp.last_day
    other = other_campaign_days(conn, camp, lookback, post_end)
    win = review_windows(
        camp, other, as_of=as_of, pre_days=pre_days, post_days=post_days, baseline_days=baseline_days
    )
    if as_of < camp.last_day:
        notes.append(f"as_of {as_of} is before the campaign's last day {camp.last_day}: partial figures")
    elif as_of < win.post_end:
        notes.append(f"post window cut at as_of {as_of} ({len(win.post)} of {post_days} days)")
    daily = daily_rows(
        conn,
        store=camp.store,
        skus=list(camp.skus),
        start=win.fetch_start,
        end=max(win.fetch_end, win.fetch_start),
    )
    store_days = daily[daily["kind"] == "store"]
    part = daily[daily["kind"] == "part"]
    scope_days = part[part["participating"].astype(bool)] if camp.sku_level else store_days
    rest_days = part[~part["participating"].astype(bool)] if camp.sku_level else part.iloc[0:0]
    fit_days = _fit_days(win, store_days, notes, baseline_days)
    scope_fit = fit_baseline(series(scope_days), fit_days)
    store_fit = fit_baseline(series(store_days), fit_days)
    rest_fit = fit_baseline(series(rest_days), fit_days) if camp.sku_level else None
    if scope_fit is None:
        notes.append(
            f"too little history for a baseline: {len(fit_days)} clean days before the campaign "
            f"(at least 14 needed); actuals only, no baseline, lift or ROI"
        )
    per = order_rows(
        conn,
        store=camp.store,
        campaign_id=camp.campaign_id,
        skus=list(camp.skus),
        pre_start=win.pre_start,
        first_day=camp.first_day,
        last_day=min(camp.last_day, as_of),
    )
    presale = presale_rows(
        conn,
        store=camp.store,
        skus=list(camp.skus),
        starts_at=camp.starts_at,
        first_at=min(p.starts_at for p in camp.sale_phases),
        ends_at=camp.ends_at,
        as_of=as_of,
    )
    summary = _summary_head(camp, win, as_of)
    summary.update(_actuals(per, scope_days, win.campaign, notes))
    summary.update(_presale_summary(presale, notes))
    summary.update(_effects(win, scope_days, scope_fit, rest_days, rest_fit, fit_days, notes))
    shapes = {d: store_fit.shape(d) for d in [*fit_days, *win.campaign]} if store_fit and fit_days else {}
    totals = sku_totals(
        conn, store=camp.store, campaign_days=win.campaign, fit_days=fit_days if shapes else [], shapes=shapes
    )
    skus = skus_frame(camp, totals, shapes, len(fit_days), win.campaign)
    summary.update(_money_figures(conn, camp, summary, scope_days, fit_days, skus, notes))
    summary["notes"] = list(notes)
    return CampaignReview(
        summary=summary,
        phases=phases_frame(camp, per),
        timeline=timeline_frame(camp, win, fit_days, scope_days, store_days, rest_days, scope_fit, rest_fit),
        presale=presale_frame(presale),
        skus=skus,
        notes=notes,
    )


def _fit_days(win: Windows, store_days: pd.DataFrame, notes: list[str], baseline_days: int) -> list[date]:
    """The window's fit days from the store's first day with a sale (earlier days: the store was not selling)."""
    sold = sorted(d for d, g in zip(store_days["day"], store_days["gmv"], strict=True) if g and g > 0)
    first_sale = sold[0] if sold else None
    days = [d for d in win.fit if first_sale is not None and d >= first_sale]
    if len(days) < baseline_days:
        notes.append(f"baseline fitted on {len(days)} clean days (asked {baseline_days})")
    return days


def _summary_head(camp: Campaign, win: Windows, as_of: date) -> dict[str, Any]:
    return {
        "campaign_id": camp.campaign_id,
        "store": camp.store,
        "name": camp.name,
        "campaign_type": camp.campaign_type,
        "scope": "skus" if camp.sku_level else "store",
        "sku_count": len(camp.skus),
        "first_day": camp.first_day,
        "last_day": camp.last_day,
        "pre_start": win.pre_start,
        "post_end": win.post_end,
        "as_of": as_of,
    }


def _actuals(
    per: pd.DataFrame, scope_days: pd.DataFrame, days: list[date], notes: list[str]
) -> dict[str, Any]:
    """Campaign-day actuals (distinct over the window) and refunds (the daily refund sums of those days)."""
    row = per[(per["by_window"] == 1) & (per["win"] == "campaign")]
    if row.empty:
        notes.append("no sales on the campaign days")
        return {
            "gmv": ZERO,
            "orders": 0,
            "buyers": 0,
            "units": 0,
            "refunds": ZERO,
            "new_buyers": 0,
            "new_buyer_share": None,
            "refund_observed_days": None,
        }
    r = row.iloc[0]
    buyers = int(r["buyers"])
    return {
        "gmv": r["gmv"],
        "orders": int(r["orders"]),
        "buyers": buyers,
        "units": int(r["units"]),
        "refunds": sum(scope_days.loc[scope_days["day"].isin(days), "refunds"], ZERO),
        "new_buyers": int(r["new_buyers"]),
        "new_buyer_share": _ratio(r["new_buyers"], buyers),
        "refund_observed_days": None if pd.isna(r["observed_days"]) else int(r["observed_days"]),
    }


def _presale_summary(presale: pd.DataFrame, notes: list[str]) -> dict[str, Any]:
    dep = presale[presale["kind"] == "deposit"]
    bal = presale[presale["kind"] == "balance"]
    deposits = int(dep["orders"].sum())
    completed = int(dep["completed"].sum())
    forfeited = int(dep["forfeited"].sum())
    unknown = int(dep["amount_unknown"].sum())
    if unknown:
        notes.append(f"{unknown} presale orders show no deposit amount (no staged-payment info)")
    return {
        "presale_deposit_orders": deposits,
        "presale_deposit_amount": sum(dep["amount"], ZERO),
        "presale_balance_paid_orders": completed,
        "presale_balance_gmv": sum(bal["amount"], ZERO),
        "presale_pending_orders": deposits - completed - forfeited,
        "presale_forfeited_orders": forfeited,
        "presale_forfeited_deposits": sum(dep["forfeited_amount"], ZERO),
        "balance_payment_rate": _ratio(completed, deposits),
    }


def _effects(
    win: Windows,
    scope_days: pd.DataFrame,
    fit: Baseline | None,
    rest_days: pd.DataFrame,
    rest_fit: Baseline | None,
    fit_days: list[date],
    notes: list[str],
) -> dict[str, Any]:
    """Baseline, incremental, lift, dips and cannibalisation with their bands (None without a baseline)."""
    keys = ["baseline", "incremental", "net_incremental", "cannibalisation"]
    out: dict[str, Any] = {f"{k}{s}": None for k in keys for s in ("", "_low", "_high")}
    out.update(lift=None, lift_low=None, lift_high=None, pre_dip=None, post_dip=None)
    out.update(baseline_status="too_little_history" if fit is None else "ok", baseline_fit_days=len(fit_days))
    out["baseline_trend"] = float(np.expm1(fit.slope)) if fit is not None else None
    out["_net_half"] = None
    if fit is None:
        return out
    actual = series(scope_days)
    pre = [d for d in win.pre if d not in win.other]
    post = [d for d in win.post if d not in win.other]
    base, half = fit.band(win.campaign)
    gmv = _total(actual, win.campaign)
    out.update(
        baseline=money(base),
        baseline_low=money(max(base - half, 0.0)),
        baseline_high=money(base + half),
        incremental=money(gmv - base),
        incremental_low=money(gmv - base - half),
        incremental_high=money(gmv - base + half),
        lift=_ratio(gmv - base, base),
        lift_low=_ratio(gmv - base - half, base + half),
        lift_high=_ratio(gmv - base + half, base - half) if base - half > 0 else None,
        pre_dip=money(_total(actual, pre) - fit.band(pre)[0]),
        post_dip=money(_total(actual, post) - fit.band(post)[0]),
    )
    all_days = [*win.campaign, *pre, *post]
    net_base, net_half = fit.band(all_days)
    net = _total(actual, all_days) - net_base
    out.update(
        net_incremental=money(net),
        net_incremental_low=money(net - net_half),
        net_incremental_high=money(net + net_half),
    )
    out["_net_half"] = net_half
    if rest_fit is not None:
        rest_base, rest_half = rest_fit.band(win.campaign)
        cannibal = _total(series(rest_days), win.campaign) - rest_base
        out.update(
            cannibalisation=money(cannibal),
            cannibalisation_low=money(cannibal - rest_half),
            cannibalisation_high=money(cannibal + rest_half),
        )
        out["_net_half"] = float(np.hypot(net_half, rest_half))
    if win.other and any(d in win.other for d in [*win.pre, *win.post]):
        notes.append("days of other campaigns in the pre/post windows are left out of the dips")
    return out


def _total(values: dict[date, float], days: list[date]) -> float:
    """Sum of a daily series over `days` (missing days are 0)."""
    return float(np.sum([values.get(d, 0.0) for d in days])) if days else 0.0


def _money_figures(
    conn: duckdb.DuckDBPyConnection,
    camp: Campaign,
    s: dict[str, Any],
    scope_days: pd.DataFrame,
    fit_days: list[date],
    skus: pd.DataFrame,
    notes: list[str],
) -> dict[str, Any]:
    """Refund rates, net incremental after refunds, target attainment, costs, margin and ROI."""
    fit = scope_days[scope_days["day"].isin(fit_days)]
    base_rate = _ratio(sum(fit["refunds"], ZERO), sum(fit["gmv"], ZERO))
    out: dict[str, Any] = {
        "refund_rate": _ratio(s["refunds"], s["gmv"]),
        "baseline_refund_rate": base_rate,
        "refund_rate_7d": None,
        "refund_rate_15d": None,
        "refund_rate_30d": None,
        "target": camp.gmv_target,
        "attainment": _ratio(s["gmv"], camp.gmv_target),
    }
    notes.append(
        "refunds within 7/15/30 days: not available, the exports carry no refund time (rate as known now)"
    )
    net_half = s.pop("_net_half")
    after = after_low = after_high = None
    if s["net_incremental"] is not None and base_rate is not None:
        keep = 1 - base_rate
        dips = float(s["pre_dip"] + s["post_dip"])
        after = float(s["gmv"] - s["refunds"]) - float(s["baseline"]) * keep + dips * keep
        after_low, after_high = after - net_half * keep, after + net_half * keep
    out.update(
        net_incremental_after_refunds=money(after),
        net_incremental_after_refunds_low=money(after_low),
        net_incremental_after_refunds_high=money(after_high),
    )
    commission = money(float(s["gmv"]) * camp.commission_rate) if camp.commission_rate is not None else None
    parts = [camp.slot_fee, commission, camp.ad_spend, camp.coupon_cost]
    costs = sum((p for p in parts if p is not None), ZERO) if any(p is not None for p in parts) else None
    margin, source = _margin(conn, camp, skus)
    if source == "default":
        notes.append(f"no margin rate set: ROI uses the default {DEFAULT_MARGIN_RATE:.0%}")
    out.update(
        slot_fee=camp.slot_fee,
        commission=commission,
        ad_spend=camp.ad_spend,
        coupon_cost=camp.coupon_cost,
        costs=costs,
        margin_rate=margin,
        margin_source=source,
    )
    roi = roi_low = roi_high = None
    if after is not None and costs is not None and costs > 0:
        cannibal = float(s["cannibalisation"] or 0) * (1 - base_rate)

        def roi_of(x: float) -> float:
            return ((x + cannibal) * margin - float(costs)) / float(costs)

        roi, roi_low, roi_high = roi_of(after), roi_of(after_low), roi_of(after_high)
    elif costs is None or costs == 0:
        notes.append("no campaign costs recorded: no ROI")
    out.update(roi=roi, roi_low=roi_low, roi_high=roi_high)
    return out


_MARGIN_SQL = "SELECT value FROM store_settings WHERE store = $store AND key = 'margin_rate'"


def _margin(conn: duckdb.DuckDBPyConnection, camp: Campaign, skus: pd.DataFrame) -> tuple[float, str]:
    """(margin rate, source): the campaign's; else per-SKU overrides weighted by the SKUs' campaign GMV (SKUs
    without one take the store's rate); else the store setting; else DEFAULT_MARGIN_RATE."""
    if camp.margin_rate is not None:
        return camp.margin_rate, "campaign"
    rows = conn.sql(_MARGIN_SQL, params={"store": camp.store}).fetchall()
    try:
        store_rate = float(rows[0][0]) if rows else None
    except ValueError:
        store_rate = None
    fallback, source = (store_rate, "store") if store_rate is not None else (DEFAULT_MARGIN_RATE, "default")
    if any(m is not None for m in camp.skus.values()):
        gmv = {s: float(g) for s, g in zip(skus["sku"], skus["actual_gmv"], strict=True)}
        weights = [gmv.get(s, 0.0) for s in camp.skus]
        rates = [fallback if m is None else m for m in camp.skus.values()]
        total = sum(weights)
        if total > 0:
            return sum(w * r for w, r in zip(weights, rates, strict=True)) / total, "skus"
        return float(np.mean(rates)), "skus"
    return fallback, source


# --------------------------------------------------------------------------------------------- CLI and comparison


def review_frame(review: CampaignReview) -> pd.DataFrame:
    """The summary as a one-row frame (notes joined with '; ')."""
    row = dict(review.summary)
    row["notes"] = "; ".join(row.get("notes") or [])
    return pd.DataFrame([row])


_EDITIONS_SQL = """
SELECT c.campaign_id, min(p.starts_at) FILTER (WHERE p.phase NOT IN ('预热', '定金')) AS sale_start,
    min(p.starts_at) AS any_start
FROM campaigns AS c JOIN campaign_phases AS p USING (campaign_id)
WHERE c.store = $store AND c.campaign_type = $type
GROUP BY c.campaign_id
"""


def campaign_comparison(
    conn: duckdb.DuckDBPyConnection,
    campaign: str | int,
    *,
    as_of: date | None = None,
    store: str | None = None,
    post_days: int = 14,
    baseline_days: int = 28,
) -> pd.DataFrame:
    """This campaign beside last year's edition and the previous campaign of its type (same store).

    One row per edition found: `edition` ('this' | 'last_year' | 'previous') and the summary columns.
    Last year's edition: the campaign of the same type whose first sale day falls in the previous calendar
    year, the closest to one year before; previous: the latest of the type starting before this one.
    """
    this = load_campaign(conn, campaign, store)
    rows = conn.sql(_EDITIONS_SQL, params={"store": this.store, "type": this.campaign_type}).fetchall()
    starts = {cid: (sale or any_).date() for cid, sale, any_ in rows}
    first = this.first_day
    earlier = {cid: d for cid, d in starts.items() if cid != this.campaign_id and d < first}
    last_year = [cid for cid, d in earlier.items() if d.year == first.year - 1]
    editions = [("this", this.campaign_id)]
    if last_year:
        target = same_day_last_year(first)
        editions.append(("last_year", min(last_year, key=lambda c: abs((earlier[c] - target).days))))
    if earlier:
        editions.append(("previous", max(earlier, key=lambda c: earlier[c])))
    frames = []
    for edition, cid in editions:
        review = campaign_review(
            conn,
            campaign=cid,
            as_of=as_of,
            post_days=post_days,
            baseline_days=baseline_days,
            store=this.store,
        )
        frames.append(review_frame(review).assign(edition=edition))
    frame = pd.concat(frames, ignore_index=True)
    return frame[["edition", *[c for c in frame.columns if c != "edition"]]]
