"""The demand model behind the restock table: units sold per SKU and local paid day, the days left out of
the baseline, and the baseline daily demand with its spread.

    sku_day_sales(conn, *, start, end, store=None)  one row per store, SKU and paid day with a sale:
        store, sku, day_index (Int: days since `start`), units (units of lines not 退款成功), gmv (float yuan,
        gross: every line's paid_amount, refunds not netted, as metrics.sales' paid_gmv)
    sku_days(sales, start, days)  those rows as SkuDays: units per SKU (row) and day (column) as matrices
    excluded_days(conn, *, store, start, end)  (store-wide campaign days, {sku: its own campaign days})
    baseline_demand(...)  one row per SKU: daily_demand, demand_sd (units per day), baseline_days
    baseline_arrays(x, skus, ...)  the same figures as arrays, from a SKU × day matrix of units sold

Rules (the 口径 of 日均需求):
- Units are the detail lines (order_lines.quantity) of paid orders, on the local date of orders.paid_at
  (a presale on its final payment). A line whose refund_status is 退款成功 is a return and adds no demand;
  pending, refused or closed refunds still count. Lines without a SKU code are left out.
- The baseline looks at the DEMAND_WINDOW_DAYS days ending on as_of, and leaves out campaign days: the
  default windows (metrics.targets.campaign_days: 双11 and 618 sales days), the sales phases of the store's
  store-wide calendar campaigns, and for a SKU also the sales phases of calendar campaigns listing it.
- A SKU is observed from the first day it was seen (first stock snapshot holding it, or first sale in the
  lookback), but over at least MIN_OBSERVED_DAYS days; days before that are not zeros of demand.
- Single-day spikes are capped (winsorised): over the SKU's observed non-campaign days with a sale,
  cap = max(median + SPIKE_MAD_K × 1.4826 × MAD, SPIKE_MEDIAN_MULTIPLE × median).
- daily_demand = the mean of the capped daily units (days without a sale are 0) weighted by
  0.5 ** (age in days / HALF_LIFE_DAYS), so the last two weeks weigh as much as everything before;
  demand_sd = the standard deviation of the capped daily units with the same weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from metrics.calendar import SALES_PHASES, campaign_day_names
from metrics.targets import campaign_days

DEMAND_WINDOW_DAYS = 56
HALF_LIFE_DAYS = 14.0
MIN_OBSERVED_DAYS = 7
SPIKE_MAD_K = 3.0
SPIKE_MEDIAN_MULTIPLE = 3.0
MAD_SCALE = 1.4826  # makes the MAD estimate the standard deviation of normal data
DEMAND_DIGITS = 4  # daily demand and sd are rounded so that float noise never moves a date

SALES_COLUMNS = ["store", "sku", "day_index", "units", "gmv"]

# From the SKU days the imports keep (daily_sales.py): units net of the 退款成功 lines' units (returns),
# GMV of all lines.
_SKU_DAY_SQL = """
SELECT store, sku, CAST(day - CAST($start AS DATE) AS INTEGER) AS day_index,
       CAST(units - refunded_units AS BIGINT) AS units, CAST(gmv AS DOUBLE) AS gmv
FROM sku_daily
WHERE day BETWEEN $start AND $end AND ($store IS NULL OR store = $store) AND sku <> ''
"""

_SKU_CAMPAIGN_SQL = """
SELECT s.sku, p.starts_at, p.ends_at
FROM campaigns AS c
JOIN campaign_phases AS p USING (campaign_id)
JOIN campaign_skus AS s USING (campaign_id)
WHERE c.store = $store AND list_contains($phases, p.phase)
  AND CAST(p.starts_at AS DATE) <= $end AND CAST(p.ends_at AS DATE) >= $start
"""


def sku_day_sales(conn, *, start: date, end: date, store: str | None = None) -> pd.DataFrame:
    """Units and gross GMV per store, SKU and local paid day in [start, end] (days without a sale absent)."""
    params = {"start": start, "end": end, "store": store}
    return conn.sql(_SKU_DAY_SQL, params=params).to_arrow_table().to_pandas()[SALES_COLUMNS]


def excluded_days(conn, *, store: str, start: date, end: date) -> tuple[set[date], dict[str, set[date]]]:
    """The days [start, end] the baseline leaves out: store-wide campaign days, and per SKU its own."""
    store_days = set(campaign_days(start, end)) | set(campaign_day_names(conn, store, start, end))
    per_sku: dict[str, set[date]] = {}
    rows = conn.execute(
        _SKU_CAMPAIGN_SQL, {"store": store, "phases": list(SALES_PHASES), "start": start, "end": end}
    ).fetchall()
    for sku, starts_at, ends_at in rows:
        day = max(starts_at.date(), start)
        while day <= min(ends_at.date(), end):
            per_sku.setdefault(sku, set()).add(day)
            day += timedelta(days=1)
    return store_days, per_sku


@dataclass
class SkuDays:
    """SKU-day sales as matrices: a row per SKU code (`skus`, sorted), a column per day from `start`."""

    start: date
    skus: list[str]
    row: np.ndarray  # per sales row: its row in the matrices (-1: no SKU code, or a day outside)
    units: np.ndarray  # net units (int64)
    selling: np.ndarray  # units of the sales rows with units > 0 (float)

    def rows_of(self, skus: list[str]) -> np.ndarray:
        """The matrix row of each of `skus` (-1 for a SKU without sales)."""
        position = {sku: i for i, sku in enumerate(self.skus)}
        return np.array([position.get(sku, -1) for sku in skus], dtype=np.int64)


def sku_days(sales: pd.DataFrame, start: date, days: int) -> SkuDays:
    """`sales` (SALES_COLUMNS of one store, day_index counted from `start`) over `days` days as SkuDays."""
    codes, uniques = pd.factorize(sales["sku"])
    names = uniques.tolist()
    skus = sorted(names)
    position = {sku: i for i, sku in enumerate(skus)}
    remap = np.array([*(position[name] for name in names), -1], dtype=np.int64)  # code -1 (no SKU) → -1
    day = sales["day_index"].to_numpy(dtype=np.int64)
    row = np.where((day >= 0) & (day < days), remap[codes], -1)
    keep = row >= 0
    cell = row[keep] * days + day[keep]
    units = sales["units"].to_numpy(dtype=np.int64)[keep]
    size = len(skus) * days
    net = np.bincount(cell, weights=units, minlength=size).astype(np.int64)  # whole units: sums exact
    positive = units > 0
    selling = np.bincount(cell[positive], weights=units[positive], minlength=size)
    shape = (len(skus), days)
    return SkuDays(start, skus, row, net.reshape(shape), selling.reshape(shape))


def _nanmedian_rows(values: np.ndarray) -> np.ndarray:
    """np.nanmedian(values, axis=1) (the same figures, NaN for a row without numbers), by one sort."""
    ordered = np.sort(values, axis=1)  # NaN last
    count = (~np.isnan(values)).sum(axis=1)
    high = np.minimum(count // 2, values.shape[1] - 1)
    low = np.maximum(np.where(count % 2 == 1, high, count // 2 - 1), 0)
    rows = np.arange(len(values))
    return np.where(count > 0, (ordered[rows, low] + ordered[rows, high]) / 2, np.nan)


def baseline_demand(
    units: pd.DataFrame,
    skus: list[str],
    *,
    as_of: date,
    first_seen: dict[str, date] | None = None,
    store_excluded: set[date] = frozenset(),
    sku_excluded: dict[str, set[date]] | None = None,
    window_days: int = DEMAND_WINDOW_DAYS,
    half_life_days: float = HALF_LIFE_DAYS,
) -> pd.DataFrame:
    """Baseline daily demand and spread of `skus` (module rules) from `units` (columns sku, age_days =
    days before as_of (0 = as_of), units).

    Returns one row per SKU in the order given: sku, daily_demand, demand_sd (units/day, floats),
    baseline_days (the observed non-campaign days used).
    """
    n, width = len(skus), window_days
    x = np.zeros((n, width))
    if len(units):
        col = width - 1 - units["age_days"].to_numpy(dtype=np.int64)
        row = pd.Index(skus, dtype=object).get_indexer(units["sku"].to_numpy(dtype=object))
        keep = (col >= 0) & (col < width) & (row >= 0)
        np.add.at(x, (row[keep], col[keep]), units["units"].to_numpy(dtype=float)[keep])
    seen = [(first_seen or {}).get(sku) for sku in skus]
    mean, sd, days = baseline_arrays(
        x,
        skus,
        as_of=as_of,
        seen_age=np.array([np.nan if d is None else (as_of - d).days for d in seen], dtype=float),
        store_excluded=store_excluded,
        sku_excluded=sku_excluded,
        half_life_days=half_life_days,
    )
    return pd.DataFrame(
        {"sku": pd.Series(skus, dtype=object), "daily_demand": mean, "demand_sd": sd, "baseline_days": days}
    )


def baseline_arrays(
    x: np.ndarray,
    skus: list[str],
    *,
    as_of: date,
    seen_age: np.ndarray,
    store_excluded: set[date] = frozenset(),
    sku_excluded: dict[str, set[date]] | None = None,
    half_life_days: float = HALF_LIFE_DAYS,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """baseline_demand's (daily_demand, demand_sd, baseline_days) from `x`, the units sold per SKU (rows, in
    the order of `skus`) and day of the window (columns, the last one as_of), and `seen_age`, the days
    before as_of each SKU was first seen (NaN: not known)."""
    width = x.shape[1]
    first_day = as_of - timedelta(days=width - 1)
    position = {sku: i for i, sku in enumerate(skus)}
    days = [first_day + timedelta(days=j) for j in range(width)]
    observed_from = np.clip(width - 1 - np.nan_to_num(seen_age, nan=width - 1), 0, width - MIN_OBSERVED_DAYS)
    observed = np.arange(width)[None, :] >= observed_from[:, None]
    included = observed & ~np.array([d in store_excluded for d in days])[None, :]
    for sku, excluded in (sku_excluded or {}).items():
        i = position.get(sku)
        if i is not None:
            included[i] &= ~np.array([d in excluded for d in days])
    # A SKU whose observed days are all campaign days falls back to its observed days.
    empty = ~included.any(axis=1)
    included[empty] = observed[empty]
    selling = np.where(included & (x > 0), x, np.nan)
    median = _nanmedian_rows(selling)
    mad = _nanmedian_rows(np.abs(selling - median[:, None]))
    cap = np.maximum(median + SPIKE_MAD_K * MAD_SCALE * mad, SPIKE_MEDIAN_MULTIPLE * median)
    capped = np.where(np.isnan(cap)[:, None], x, np.minimum(x, np.nan_to_num(cap, nan=np.inf)[:, None]))
    age = np.arange(width - 1, -1, -1, dtype=float)
    weights = np.power(0.5, age / half_life_days)[None, :] * included
    total = weights.sum(axis=1)
    mean = (weights * capped).sum(axis=1) / total
    sd = np.sqrt((weights * (capped - mean[:, None]) ** 2).sum(axis=1) / total)
    return np.round(mean, DEMAND_DIGITS), np.round(sd, DEMAND_DIGITS), included.sum(axis=1).astype(np.int64)
