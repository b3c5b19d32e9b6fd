"""The frames of a campaign review (metrics.campaign_review): per phase, per day, presale ledger, per SKU.

Columns and units are documented in metrics.campaign_review's module doc; money is Decimal yuan, counts
Int64, ratios float fractions.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from metrics._query import rows_frame
from metrics.campaign_baseline import Baseline
from metrics.campaign_windows import Campaign, Windows

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

PHASE_COLUMNS = ["phase", "starts_at", "ends_at", "is_sale_phase", "gmv", "orders", "buyers", "units"]
TIMELINE_COLUMNS = [
    "date",
    "weekday",
    "window",
    "phase",
    "other_campaign",
    "actual_gmv",
    "orders",
    "buyers",
    "units",
    "baseline_gmv",
    "baseline_low",
    "baseline_high",
    "incremental_gmv",
    "store_gmv",
    "rest_gmv",
    "rest_baseline",
]
PRESALE_COLUMNS = [
    "date",
    "deposit_orders",
    "deposit_amount",
    "deposits_completed",
    "forfeited_orders",
    "forfeited_deposits",
    "balance_paid_orders",
    "balance_paid_gmv",
]
SKU_COLUMNS = [
    "sku",
    "participating",
    "actual_gmv",
    "actual_units",
    "baseline_gmv",
    "incremental_gmv",
    "lift",
]


def money(value: float | Decimal | None) -> Decimal | None:
    """A model figure (float) or an amount as Decimal yuan rounded to the cent; None stays None."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(CENT) if isinstance(value, float) else Decimal(value).quantize(CENT)


def series(frame: pd.DataFrame, column: str = "gmv") -> dict[date, float]:
    """A daily frame's column as {day: float}."""
    return {d: float(v) for d, v in zip(frame["day"], frame[column], strict=True)}


def phases_frame(camp: Campaign, per: pd.DataFrame) -> pd.DataFrame:
    by_phase = per[per["by_window"] == 0].set_index("phase")
    sale = {p.phase for p in camp.sale_phases}
    rows = []
    for p in camp.phases:
        r = by_phase.loc[p.phase] if p.phase in by_phase.index else None
        rows.append(
            {
                "phase": p.phase,
                "starts_at": p.starts_at,
                "ends_at": p.ends_at,
                "is_sale_phase": p.phase in sale,
                "gmv": r["gmv"] if r is not None else ZERO,
                "orders": int(r["orders"]) if r is not None else 0,
                "buyers": int(r["buyers"]) if r is not None else 0,
                "units": int(r["units"]) if r is not None else 0,
            }
        )
    return rows_frame(rows, PHASE_COLUMNS, ints=("orders", "buyers", "units"), bools=("is_sale_phase",))


def _phase_of_day(camp: Campaign, day: date) -> str | None:
    start, end = datetime(day.year, day.month, day.day), datetime(day.year, day.month, day.day, 23, 59, 59)
    sale = [p for p in camp.phases if p.starts_at <= end and p.ends_at >= start]
    preferred = [p for p in sale if p in camp.sale_phases]
    chosen = preferred or sale
    return chosen[0].phase if chosen else None


def timeline_frame(
    camp: Campaign,
    win: Windows,
    fit_days: list[date],
    scope_days: pd.DataFrame,
    store_days: pd.DataFrame,
    rest_days: pd.DataFrame,
    fit: Baseline | None,
    rest_fit: Baseline | None,
) -> pd.DataFrame:
    scope = scope_days.set_index("day")
    store = series(store_days)
    rest = series(rest_days)
    labelled = [(d, "baseline") for d in fit_days]
    labelled += [(d, "pre") for d in win.pre] + [(d, "campaign") for d in win.campaign]
    labelled += [(d, "post") for d in win.post]
    rows = []
    for day, window in labelled:
        r = scope.loc[day] if day in scope.index else None
        actual = r["gmv"] if r is not None else ZERO
        row: dict[str, Any] = {
            "date": day,
            "weekday": day.isoweekday(),
            "window": window,
            "phase": _phase_of_day(camp, day) if window != "baseline" else None,
            "other_campaign": win.other.get(day),
            "actual_gmv": actual,
            "orders": int(r["orders"]) if r is not None else 0,
            "buyers": int(r["buyers"]) if r is not None else 0,
            "units": int(r["units"]) if r is not None else 0,
            "store_gmv": money(store.get(day, 0.0)),
        }
        if fit is not None:
            pred, half = fit.band([day])
            row.update(
                baseline_gmv=money(pred),
                baseline_low=money(max(pred - half, 0.0)),
                baseline_high=money(pred + half),
            )
            if window != "baseline" and day not in win.other:
                row["incremental_gmv"] = money(float(actual) - pred)
        if rest_fit is not None:
            row.update(rest_gmv=money(rest.get(day, 0.0)), rest_baseline=money(rest_fit.predict(day)))
        rows.append(row)
    return rows_frame(rows, TIMELINE_COLUMNS, ints=("weekday", "orders", "buyers", "units"))


def presale_frame(presale: pd.DataFrame) -> pd.DataFrame:
    days: dict[date, dict[str, Any]] = {}
    for r in presale.itertuples(index=False):
        row = days.setdefault(
            r.day,
            {
                "date": r.day,
                "deposit_orders": 0,
                "deposit_amount": ZERO,
                "deposits_completed": 0,
                "forfeited_orders": 0,
                "forfeited_deposits": ZERO,
                "balance_paid_orders": 0,
                "balance_paid_gmv": ZERO,
            },
        )
        if r.kind == "deposit":
            row.update(
                deposit_orders=int(r.orders),
                deposit_amount=r.amount,
                deposits_completed=int(r.completed),
                forfeited_orders=int(r.forfeited),
                forfeited_deposits=r.forfeited_amount,
            )
        else:
            row.update(balance_paid_orders=int(r.orders), balance_paid_gmv=r.amount)
    counts = ("deposit_orders", "deposits_completed", "forfeited_orders", "balance_paid_orders")
    return rows_frame([days[d] for d in sorted(days)], PRESALE_COLUMNS, ints=counts)


def skus_frame(
    camp: Campaign,
    sku_days: pd.DataFrame,
    store_fit: Baseline | None,
    fit_days: list[date],
    campaign: list[date],
) -> pd.DataFrame:
    """Per SKU: campaign-day actuals, and (with a store baseline) level over the fit days x the store shape."""
    frame = sku_days[sku_days["day"].isin([*fit_days, *campaign])]
    if frame.empty:
        return rows_frame([], SKU_COLUMNS, ints=("actual_units",), floats=("lift",), bools=("participating",))
    in_campaign = frame["day"].isin(campaign)
    gmv = frame["gmv"].astype(float)
    actual = frame[in_campaign].groupby("sku")["gmv"].sum()
    units = frame[in_campaign].groupby("sku")["units"].sum()
    skus = sorted(set(frame["sku"]))
    out = pd.DataFrame({"sku": skus}).set_index("sku", drop=False)
    out["participating"] = [camp.sku_level is False or s in camp.skus for s in skus]
    out["actual_gmv"] = [actual.get(s, ZERO) for s in skus]
    out["actual_units"] = pd.array([int(units.get(s, 0)) for s in skus], dtype="Int64")
    if store_fit is not None and fit_days:
        shape = {d: store_fit.shape(d) for d in [*fit_days, *campaign]}
        on_fit = ~in_campaign
        scaled = gmv[on_fit] / frame.loc[on_fit, "day"].map(shape).astype(float)
        level = scaled.groupby(frame.loc[on_fit, "sku"]).sum() / len(fit_days)
        campaign_shape = float(np.sum([shape[d] for d in campaign]))
        base = np.array([float(level.get(s, 0.0)) * campaign_shape for s in skus])
        act = np.array([float(a) for a in out["actual_gmv"]])
        out["baseline_gmv"] = [money(b) for b in base]
        out["incremental_gmv"] = [money(a - b) for a, b in zip(act, base, strict=True)]
        out["lift"] = np.where(base > 0, (act - base) / np.where(base > 0, base, 1), np.nan)
    else:
        out["baseline_gmv"] = None
        out["incremental_gmv"] = None
        out["lift"] = np.nan
    out = out.sort_values(["participating", "actual_gmv"], ascending=[False, False], key=_sort_key)
    return out.reset_index(drop=True)[SKU_COLUMNS]


def _sort_key(column: pd.Series) -> pd.Series:
    return column.astype(float) if column.name == "actual_gmv" else column
