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
    camp: Campaign, totals: pd.DataFrame, shapes: dict[date, float], fit_count: int, campaign: list[date]
) -> pd.DataFrame:
    """Per SKU: campaign-day actuals, and (with a store baseline: `shapes` of the fit and campaign days) its
    level over the fit days (GMV / the store's shape, averaged) times the store's shape of the campaign days."""
    if totals.empty:
        return rows_frame([], SKU_COLUMNS, ints=("actual_units",), floats=("lift",), bools=("participating",))
    out = pd.DataFrame({"sku": totals["sku"].astype(object)})
    out["participating"] = [camp.sku_level is False or s in camp.skus for s in out["sku"]]
    out["actual_gmv"] = totals["actual_gmv"].to_numpy(dtype=object)
    out["actual_units"] = pd.array(totals["actual_units"].fillna(0).astype(int), dtype="Int64")
    if shapes and fit_count:
        campaign_shape = float(np.sum([shapes[d] for d in campaign]))
        base = totals["fit_scaled"].astype(float).fillna(0.0).to_numpy() / fit_count * campaign_shape
        act = out["actual_gmv"].astype(float).to_numpy()
        out["baseline_gmv"] = [money(b) for b in base.tolist()]  # Python floats: numpy's str() is slow
        out["incremental_gmv"] = [money(a - b) for a, b in zip(act.tolist(), base.tolist(), strict=True)]
        out["lift"] = np.where(base > 0, (act - base) / np.where(base > 0, base, 1), np.nan)
    else:
        out["baseline_gmv"] = None
        out["incremental_gmv"] = None
        out["lift"] = np.nan
    out = out.sort_values(
        ["participating", "actual_gmv", "sku"], ascending=[False, False, True], key=_sort_key
    )
    return out.reset_index(drop=True)[SKU_COLUMNS]


def _sort_key(column: pd.Series) -> pd.Series:
    return column.astype(float) if column.name == "actual_gmv" else column
