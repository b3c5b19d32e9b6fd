"""Restock planning (补货建议): what to reorder, how much and by when, one row per store and SKU that has
stock (on hand, available or in transit) or a sale in the demand window, with the next campaign in view.

    restock(conn, *, as_of, store=None, <setting overrides>) -> RESTOCK_COLUMNS, most urgent first
    projected_stock(conn, *, store, sku, as_of, days=60) -> PROJECTION_COLUMNS, one row per day 0..days

Settings per SKU: an override passed to the function (a what-if for every SKU), else sku_settings, else the
store's store_settings key of the same name, else DEFAULTS: lead_time_days 15, review_period_days 7,
service_level 0.95, moq 1, case_pack 1, overstock_days 90, dead_stock_days 60, new_sku_days 30,
stale_snapshot_days 3. Stock is the store's latest snapshot on or before as_of (metrics.inventory); a SKU
absent from it has 0. Figures (units; dates local):
- daily_demand, demand_sd: the baseline of metrics.demand (recent non-campaign days, weighted to the
  recent, spikes capped); 退款成功 lines are returns and add no demand.
- plan_factor = the plan's daily GMV target over the horizon days (plan_months gmv_target / days of the
  month, days of months without a target left out) / the store's mean daily paid GMV over the baseline's
  non-campaign days; clipped to PLAN_FACTOR_RANGE; 1.0 without a plan or sales.
- expected demand of a day = daily_demand × plan_factor, × the campaign lift on the sales days of a planned
  campaign the SKU takes part in (metrics.restock_campaigns).
- horizon = lead_time_days + review_period_days; horizon_demand = expected demand over days 1..horizon.
- safety_stock = ⌈z(service_level) × demand_sd × √lead_time_days⌉, z = NormalDist().inv_cdf.
- reorder_point = ⌈expected demand over days 1..lead_time_days + safety_stock⌉ (a campaign inside the lead
  time raises it).
- suggested_qty = 0 when need = horizon_demand + safety_stock − available − in_transit ≤ 0 or the SKU is
  discontinued; else need rounded up to whole case packs, and when below the MOQ the MOQ rounded up to whole
  case packs. suggested_value = suggested_qty × unit_cost (yuan; None without a cost).
- days_of_cover = max(available, 0) / (daily_demand × plan_factor); NaN when that is 0.
- stockout_date = the first day whose cumulative expected demand reaches max(available, 0) (as_of +
  ⌈days_of_cover⌉ without a campaign; as_of when available ≤ 0); None without demand.
- order_by = stockout_date − lead_time_days: the last day an order placed arrives before the stock-out.
- status, the first that applies: 超卖 available < 0; 已停售 discontinued; 新品 in stock, no sale in the
  lookback, first stocked within new_sku_days and after the store's first snapshot; 滞销 in stock and no
  sale in the last dead_stock_days days; 紧急 suggested_qty > 0 and (order_by ≤ as_of or available +
  in_transit ≤ reorder_point); 关注 suggested_qty > 0 or order_by ≤ as_of + review_period_days; 积压
  days_of_cover > overstock_days; else 正常.
- urgency_rank: 1 = most urgent: by STATUS_ORDER, then order_by (earliest first), then suggested_value.
- abc_class: metrics.products' ABC on the gross GMV of the last ABC_DAYS days.
"""

from __future__ import annotations

import math
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from statistics import NormalDist

import duckdb
import numpy as np
import pandas as pd

from metrics.demand import (
    DEMAND_WINDOW_DAYS,
    HALF_LIFE_DAYS,
    SkuDays,
    baseline_arrays,
    excluded_days,
    sku_day_sales,
    sku_days,
)
from metrics.inventory import inventory_snapshot
from metrics.products import abc_classes
from metrics.restock_campaigns import PlannedCampaign, planned_campaigns

DEFAULTS: dict[str, float | int] = {
    "lead_time_days": 15,
    "review_period_days": 7,
    "service_level": 0.95,
    "moq": 1,
    "case_pack": 1,
    "overstock_days": 90,
    "dead_stock_days": 60,
    "new_sku_days": 30,
    "stale_snapshot_days": 3,
}
SKU_KEYS = ("lead_time_days", "review_period_days", "service_level", "moq", "case_pack")
STORE_KEYS = ("overstock_days", "dead_stock_days", "new_sku_days", "stale_snapshot_days")
LOOKBACK_DAYS = 120  # sales read for last-sale dates and ABC; at least the demand window
ABC_DAYS = 90
PLAN_FACTOR_RANGE = (0.5, 2.0)
PROJECTION_DAYS = 120  # days the expected demand is walked day by day (beyond: the plain daily rate)
EPS = 1e-6

OVERSOLD, DISCONTINUED, NEW, DEAD, URGENT, WATCH, OVERSTOCK, NORMAL = (
    "超卖", "已停售", "新品", "滞销", "紧急", "关注", "积压", "正常",
)  # fmt: skip
STATUS_ORDER = (OVERSOLD, URGENT, WATCH, NEW, NORMAL, OVERSTOCK, DEAD, DISCONTINUED)
STATUS_EN = {
    OVERSOLD: "oversold",
    DISCONTINUED: "discontinued",
    NEW: "new",
    DEAD: "dead stock",
    URGENT: "urgent",
    WATCH: "watch",
    OVERSTOCK: "overstock",
    NORMAL: "normal",
}

RESTOCK_COLUMNS = [
    "store",
    "sku",
    "name",
    "supplier",
    "status",
    "urgency_rank",
    "abc_class",
    "on_hand",
    "available",
    "in_transit",
    "daily_demand",
    "demand_sd",
    "lead_time_days",
    "review_period_days",
    "service_level",
    "moq",
    "case_pack",
    "unit_cost",
    "plan_factor",
    "campaign",
    "campaign_lift",
    "horizon_demand",
    "safety_stock",
    "reorder_point",
    "suggested_qty",
    "suggested_value",
    "days_of_cover",
    "stockout_date",
    "order_by",
    "last_sale_date",
    "first_stock_date",
    "snapshot_date",
    "snapshot_age_days",
    "stale_snapshot",
    "explanation",
    "explanation_en",
]
INT_COLUMNS = ("on_hand", "available", "in_transit", "lead_time_days", "review_period_days", "moq", "case_pack",
               "safety_stock", "reorder_point", "suggested_qty", "snapshot_age_days", "urgency_rank")  # fmt: skip
PROJECTION_COLUMNS = [
    "date",
    "day",
    "expected_demand",
    "projected_available",
    "projected_with_order",
    "order_arrives",
    "reorder_point",
    "safety_stock",
    "campaign",
]

_SETTINGS_SQL = """
SELECT sku, supplier, lead_time_days, review_period_days, moq, case_pack, service_level, unit_cost, active
FROM sku_settings WHERE store = $store
"""
_STORE_SETTINGS_SQL = (
    "SELECT key, value FROM store_settings WHERE store = $store AND list_contains($keys, key)"
)
_FIRST_STOCK_SQL = """
SELECT sku, min(snapshot_date) FILTER (WHERE on_hand > 0 OR available > 0) AS first_stock,
       min(min(snapshot_date)) OVER () AS store_first
FROM inventory_snapshots WHERE store = $store AND snapshot_date <= $as_of GROUP BY sku
"""
_PLAN_SQL = "SELECT month, CAST(gmv_target AS DOUBLE) FROM plan_months WHERE store = $store AND gmv_target IS NOT NULL"
_GMV_SQL = "SELECT day, CAST(paid_gmv AS DOUBLE) FROM sales_daily WHERE store = $store AND day BETWEEN $start AND $end"


def _stores(conn, store: str | None) -> list[str]:
    if store is not None:
        return [store]
    return [r[0] for r in conn.execute("SELECT store FROM stores ORDER BY store").fetchall()]


def _store_values(conn, store: str, overrides: dict) -> dict:
    """The store-level value of every DEFAULTS key: override, else store_settings, else DEFAULTS."""
    stored = dict(conn.execute(_STORE_SETTINGS_SQL, {"store": store, "keys": list(DEFAULTS)}).fetchall())
    values = {}
    for key, default in DEFAULTS.items():
        raw = stored.get(key)
        values[key] = type(default)(float(raw)) if raw is not None else default
    return values | {k: v for k, v in overrides.items() if v is not None}


def _num(value: float) -> str:
    """A figure in an explanation: whole numbers without decimals, else one decimal."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    text = f"{float(value):.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text.replace("-", "−")


def plan_factors(
    conn, store: str, as_of: date, horizons: list[int], store_excluded: set[date]
) -> dict[int, float]:
    """For each horizon h: the plan's daily GMV target over [as_of + 1, as_of + h] / the recent daily GMV
    (module doc)."""
    targets = dict(conn.execute(_PLAN_SQL, {"store": store}).fetchall())
    start = as_of - timedelta(days=DEMAND_WINDOW_DAYS - 1)
    gmv = dict(conn.execute(_GMV_SQL, {"store": store, "start": start, "end": as_of}).fetchall())
    days = [start + timedelta(days=j) for j in range(DEMAND_WINDOW_DAYS)]
    plain = [gmv.get(d, 0.0) for d in days if d not in store_excluded]
    recent = sum(plain) / len(plain) if plain else 0.0
    low, high = PLAN_FACTOR_RANGE
    factors = {}
    for horizon in horizons:
        planned = []
        for k in range(1, max(horizon, 1) + 1):
            day = as_of + timedelta(days=k)
            target = targets.get(f"{day.year:04d}-{day.month:02d}")
            if target is not None:
                planned.append(target / monthrange(day.year, day.month)[1])
        ratio = sum(planned) / len(planned) / recent if planned and recent > 0 else 1.0
        factors[horizon] = round(min(max(ratio, low), high), 4) if planned and recent > 0 else 1.0
    return factors


@dataclass
class _StoreFrame:
    """One store's restock rows plus the day-by-day expected demand behind them (for projected_stock)."""

    frame: pd.DataFrame
    expected: np.ndarray  # rows × days: expected demand on days 1..width
    campaign: np.ndarray  # rows × days: index in campaign_names of the campaign raising that day (−1: none)
    campaign_names: list[str]


def _settings(
    conn, store: str, skus: list[str], store_values: dict, overrides: dict
) -> dict[str, np.ndarray]:
    """Per-SKU settings in force (override > sku_settings > store default > code default), in skus' order."""
    settings = conn.execute(_SETTINGS_SQL, {"store": store}).df()
    at = pd.Index(settings["sku"]).get_indexer(skus)  # −1 (the appended last item below) without a row
    out = {}
    for key in SKU_KEYS:
        column = np.append(settings[key].astype(float).to_numpy(), np.nan)[at]
        column = np.where(np.isnan(column), float(store_values[key]), column)
        if overrides.get(key) is not None:
            column = np.full(len(skus), float(overrides[key]))
        out[key] = column if key == "service_level" else np.round(column).astype(np.int64)
    supplier = [None if pd.isna(v) else str(v) for v in settings["supplier"].tolist()]
    cost = [None if pd.isna(c) else Decimal(str(c)) for c in settings["unit_cost"].astype(object).tolist()]
    active = [a is None or pd.isna(a) or bool(a) for a in settings["active"].astype(object).tolist()]
    out["supplier"] = _objects([*supplier, None])[at]
    out["unit_cost"] = _objects([*cost, None])[at]
    out["active"] = np.array([*active, True], dtype=bool)[at]
    return out


def _objects(values) -> np.ndarray:
    """A 1-D object array of `values` (never split into 2-D)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _dates(as_of: date, days: np.ndarray, known: np.ndarray) -> np.ndarray:
    """as_of + days per row as datetime.date objects, None where not `known`."""
    stamps = np.datetime64(as_of, "D") + np.where(known, days, 0).astype("timedelta64[D]")
    return _objects(np.where(known, stamps.astype(object), None))


def _age(as_of: date, dates: list[date | None]) -> np.ndarray:
    """Days from each date to as_of (NaN for None)."""
    stamps = np.array(dates, dtype="datetime64[D]")
    return np.where(np.isnat(stamps), np.nan, (np.datetime64(as_of, "D") - stamps).astype(float))


def _campaign_matrix(
    skus: list[str], campaigns: list[PlannedCampaign], as_of: date, width: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per SKU and day 1..width: the campaign lift (1.0 on ordinary days) and the index in `campaigns` of
    the campaign giving it (−1: none; the later campaign when two give the same lift)."""
    lift = np.ones((len(skus), width))
    which = np.full((len(skus), width), -1)
    for k, campaign in enumerate(campaigns):
        cols = [(d - as_of).days - 1 for d in campaign.days if 1 <= (d - as_of).days <= width]
        if not cols:
            continue
        value = np.array([campaign.lift_for(sku) for sku in skus], dtype=float)  # None (not taking part): NaN
        takes_part = ~np.isnan(value)
        for c in cols:
            raised = takes_part & (np.nan_to_num(value) >= lift[:, c])
            lift[raised, c] = value[raised]
            which[raised, c] = k
    return lift, which


def _horizon_campaigns(which: np.ndarray, horizon: np.ndarray, names: list[str]) -> np.ndarray:
    """Per row: the names of the campaigns raising days 1..horizon, in day order, joined by 、 (None: none)."""
    inside = np.where(np.arange(which.shape[1])[None, :] < horizon[:, None], which, -1)
    firsts = [
        np.where((inside == k).any(axis=1), np.argmax(inside == k, axis=1), -1) for k in range(len(names))
    ]
    out = np.full(len(which), None, dtype=object)
    joined: dict[tuple, str | None] = {}
    for i, first in enumerate(zip(*(f.tolist() for f in firsts), strict=True)):
        if first not in joined:
            ordered = sorted((day, k) for k, day in enumerate(first) if day >= 0)
            joined[first] = "、".join(dict.fromkeys(names[k] for _, k in ordered)) or None
        out[i] = joined[first]
    return out


def _days_to_zero(cum: np.ndarray, available: np.ndarray, rate: np.ndarray, width: int) -> np.ndarray:
    """Days from as_of to the stock-out per row (module doc); −1 without demand."""
    target = np.maximum(available, 0)[:, None] - EPS
    reached = cum[:, 1:] >= target
    first = np.argmax(reached, axis=1) + 1
    with np.errstate(divide="ignore", invalid="ignore"):
        beyond = width + np.ceil((available - cum[:, -1]) / rate - EPS)
    days = np.where(reached.any(axis=1), first, beyond)
    days = np.where(available <= 0, 0, days)
    return np.where(rate > 0, days, -1).astype(np.int64)


def _suggested_qty(need: np.ndarray, case: np.ndarray, moq: np.ndarray, active: np.ndarray) -> np.ndarray:
    """need rounded up to whole case packs, at least the MOQ in case packs; 0 without a need or when
    discontinued (module doc)."""
    cased = np.ceil((need - EPS) / case) * case
    qty = np.where(cased < moq, np.ceil(moq / case) * case, cased)
    return np.where(active & (need > EPS), qty, 0).astype(np.int64)


def _status(c: dict, as_of: date, values: dict, store_first: date | None) -> np.ndarray:
    """The status of every row: the first in the module doc's order that applies."""
    available, qty = c["available"], c["suggested_qty"]
    order_by = c["order_by_days"]  # days after as_of; inf without a stock-out
    stocked = (np.nan_to_num(c["on_hand"]) > 0) | (available > 0)
    last_sale, first_stock = c["last_sale_age"], c["first_stock_age"]  # days before as_of; NaN: none
    new = np.zeros(len(available), dtype=bool)
    if store_first is not None:
        first_stocked_later = first_stock < (as_of - store_first).days
        new = stocked & np.isnan(last_sale) & first_stocked_later & (first_stock < values["new_sku_days"])
    dead = stocked & (np.isnan(last_sale) | (last_sale >= values["dead_stock_days"]))
    urgent = (qty > 0) & ((order_by <= 0) | (available + c["in_transit"] <= c["reorder_point"]))
    watch = (qty > 0) | (order_by <= c["review_period_days"])
    overstock = c["days_of_cover"] > values["overstock_days"]
    conditions = [available < 0, ~c["active"], new, dead, urgent, watch, overstock]
    statuses = (OVERSOLD, DISCONTINUED, NEW, DEAD, URGENT, WATCH, OVERSTOCK, NORMAL)
    return _objects(list(statuses))[np.select(conditions, range(len(conditions)), len(conditions))]


def _nums(values: np.ndarray) -> np.ndarray:
    """_num of every value (an object array of str), formatting each distinct value once."""
    distinct, index = np.unique(np.asarray(values, dtype=float), return_inverse=True)
    return _objects([_num(v) for v in distinct.tolist()])[index]


def _explain(c: dict, as_of: date, lookback_days: int) -> tuple[np.ndarray, np.ndarray]:
    """The suggestion of every row in words (Chinese, English): the order formula, or why there is none."""
    zh, en = _formula(c)
    for i in np.flatnonzero(np.isin(c["status"], (DISCONTINUED, NEW, DEAD))):
        zh[i], en[i] = _no_order(c, i, as_of, lookback_days)
    return zh, en


def _formula(c: dict) -> tuple[np.ndarray, np.ndarray]:
    """need = horizon demand + safety stock − available − in transit, and how it becomes suggested_qty."""
    pf, case_pack = c["plan_factor"], c["case_pack"]
    needs = c["horizon_demand"] + c["safety_stock"] - c["available"] - c["in_transit"]
    base = c["daily_demand"] * pf * (c["lead_time_days"] + c["review_period_days"])
    lifted = c["campaign"].astype(bool) & (c["horizon_demand"] - base > 0.05)
    availables = _nums(c["available"])
    columns = (
        _nums(c["daily_demand"]),
        c["lead_time_days"],
        c["review_period_days"],
        _objects([f"{p:.2f}" if abs(p - 1) > EPS else None for p in pf.tolist()]),
        np.where(lifted, c["campaign"], None),
        _nums(np.where(lifted, c["horizon_demand"] - base, 0.0)),
        c["safety_stock"],
        np.where(c["available"] < 0, "(" + availables + ")", availables),
        _nums(c["in_transit"]),
        _nums(needs),
        c["suggested_qty"],
        case_pack,
        c["moq"],
        np.ceil((needs - EPS) / case_pack).astype(np.int64) * case_pack,
    )
    zh, en = [], []
    for (
        daily,
        lead,
        review,
        factor,
        campaign,
        extra,
        safety,
        available,
        transit,
        need,
        qty,
        case,
        moq,
        cased,
    ) in zip(*(column.tolist() for column in columns), strict=True):
        z = f"日均 {daily} 件 × (交期 {lead} + 周期 {review}) 天"
        e = f"{daily}/day × (lead {lead} + review {review}) days"
        if factor is not None:
            z += f" × 计划系数 {factor}"
            e += f" × plan factor {factor}"
        if campaign is not None:
            z += f" + 大促“{campaign}”增量 {extra}"
            e += f" + campaign {campaign} extra {extra}"
        z += f" + 安全库存 {safety} − 可用 {available} − 在途 {transit} = {need}"
        e += f" + safety stock {safety} − available {available} − in transit {transit} = {need}"
        if qty <= 0:
            z += "，无需补货"
            e += ", no order needed"
        else:
            if case > 1:
                z += f"，取整到箱规 {case} → {cased}"
                e += f", rounded up to case pack {case} → {cased}"
            else:
                z += f"，取整 → {cased}"
                e += f", rounded up → {cased}"
            if qty > cased:
                z += f"，低于起订量 {moq} → {qty}"
                e += f", below the MOQ {moq} → {qty}"
        zh.append(z)
        en.append(e)
    return _objects(zh), _objects(en)


def _no_order(c: dict, i: int, as_of: date, lookback_days: int) -> tuple[str, str]:
    """Row i's reason for no order: discontinued, new or dead stock (Chinese, English)."""
    status, available = c["status"][i], _num(c["available"][i])
    if status == DISCONTINUED:
        transit = _num(c["in_transit"][i])
        return f"已停售：不建议补货（可用 {available}，在途 {transit}）", (
            f"Discontinued: no order suggested (available {available}, in transit {transit})"
        )
    if status == NEW:
        first = c["first_stock_date"][i].isoformat()
        return (
            f"新品：{first} 首次入库，尚无销售，暂不建议补货",
            f"New: first stocked {first}, no sales yet; no order suggested",
        )
    last = c["last_sale_date"][i]
    if last is None:
        return (
            f"滞销：有库存（可用 {available}），近 {lookback_days} 天无销售，不建议补货",
            f"Dead stock: available {available}, no sale in {lookback_days} days; no order suggested",
        )
    days = (as_of - last).days
    return (
        f"滞销：有库存（可用 {available}），最近一次销售在 {last.isoformat()}（{days} 天前），不建议补货",
        f"Dead stock: available {available}, last sale {last.isoformat()} ({days} days ago); "
        "no order suggested",
    )


def _snapshot_columns(snapshot: pd.DataFrame, skus: list[str]) -> dict[str, np.ndarray]:
    """The snapshot's name, on_hand (NaN when unknown), available and in_transit (0 when unknown) per SKU."""
    at = pd.Index(snapshot["sku"]).get_indexer(skus)  # −1: absent (the appended last item below)
    out = {"name": _objects([*(None if pd.isna(n) else n for n in snapshot["name"].tolist()), None])[at]}
    out["on_hand"] = np.append(snapshot["on_hand"].to_numpy(dtype=float, na_value=np.nan), np.nan)[at]
    for column in ("available", "in_transit"):
        out[column] = np.append(snapshot[column].fillna(0).to_numpy(dtype=np.int64), 0)[at]
    return out


def _abc(sales: pd.DataFrame, matrix: SkuDays) -> dict[str, str]:
    """The ABC class of every SKU with gross GMV over the last ABC_DAYS days of `matrix`."""
    days = matrix.units.shape[1]
    recent = (matrix.row >= 0) & (sales["day_index"].to_numpy() > days - 1 - ABC_DAYS)
    rows = pd.Categorical.from_codes(matrix.row[recent], categories=range(len(matrix.skus)))
    gmv = pd.Series(sales["gmv"].to_numpy(dtype=float)[recent]).groupby(rows, observed=False).sum()
    gmv = pd.Series(gmv.to_numpy(), index=matrix.skus)
    gmv = gmv[gmv > 0].sort_values(ascending=False, kind="stable")
    return dict(zip(gmv.index, abc_classes(list(gmv.round(2)), 0.7, 0.9), strict=True))


def _store_restock(
    conn, store: str, sales: pd.DataFrame, as_of: date, overrides: dict, half_life_days: float,
    lookback_start: date, only_sku: str | None = None, min_width: int = 0,
) -> _StoreFrame:  # fmt: skip
    """The restock rows of one store from its SKU-day sales over [lookback_start, as_of]."""
    values = _store_values(conn, store, overrides)
    snapshot = inventory_snapshot(conn, as_of=as_of, store=store)
    firsts = conn.execute(_FIRST_STOCK_SQL, {"store": store, "as_of": as_of}).fetchall()
    first_stock = {sku: first for sku, first, _ in firsts}
    store_first = firsts[0][2] if firsts else None
    window_start = as_of - timedelta(days=DEMAND_WINDOW_DAYS - 1)
    days = (as_of - lookback_start).days + 1
    matrix = sku_days(sales, lookback_start, days)
    window = min(days, DEMAND_WINDOW_DAYS)  # the demand window's days inside the lookback
    if only_sku is not None:
        skus = [only_sku]
    else:
        stocked = (
            (snapshot["on_hand"].fillna(0) > 0)
            | (snapshot["available"].fillna(0) != 0)
            | (snapshot["in_transit"].fillna(0) > 0)
        )
        recent = (matrix.selling[:, days - window :] > 0).any(axis=1)
        skus = sorted(
            set(snapshot["sku"][stocked].tolist()) | set(np.array(matrix.skus, dtype=object)[recent])
        )
    rows = matrix.rows_of(skus)
    selling = np.zeros((len(skus), days))
    selling[rows >= 0] = matrix.selling[rows[rows >= 0]]
    sold = selling > 0
    ever_sold = sold.any(axis=1)
    last_age = np.argmax(sold[:, ::-1], axis=1)
    first_sale_age = np.where(ever_sold, days - 1 - np.argmax(sold, axis=1), np.nan)
    first_stocks = [first_stock.get(sku) for sku in skus]
    first_stock_age = _age(as_of, first_stocks)
    store_days, sku_excluded = excluded_days(conn, store=store, start=window_start, end=as_of)
    x = np.zeros((len(skus), DEMAND_WINDOW_DAYS))
    x[:, DEMAND_WINDOW_DAYS - window :] = selling[:, days - window :]
    daily, sd, _ = baseline_arrays(
        x,
        skus,
        as_of=as_of,
        seen_age=np.fmax(first_sale_age, first_stock_age),
        store_excluded=store_days,
        sku_excluded=sku_excluded,
        half_life_days=half_life_days,
    )
    c = _settings(conn, store, skus, values, overrides) | _snapshot_columns(snapshot, skus)
    lead = c["lead_time_days"]
    horizon = lead + c["review_period_days"]
    width = int(max(PROJECTION_DAYS, min_width, horizon.max(initial=0)))
    horizons, horizon_index = np.unique(horizon, return_inverse=True)
    factors = plan_factors(conn, store, as_of, [int(h) for h in horizons], store_days)
    pf = np.array([factors[int(h)] for h in horizons], dtype=float)[horizon_index]
    campaigns = planned_campaigns(
        conn, store=store, as_of=as_of, last_day=as_of + timedelta(days=width), sales=matrix
    )
    lift, which = _campaign_matrix(skus, campaigns, as_of, width)
    rate = daily * pf
    expected = rate[:, None] * lift
    cum = np.concatenate([np.zeros((len(skus), 1)), np.cumsum(expected, axis=1)], axis=1)
    rows_idx = np.arange(len(skus))
    horizon_demand = np.round(cum[rows_idx, horizon], 2)
    levels, level_index = np.unique(c["service_level"], return_inverse=True)
    z = np.array([NormalDist().inv_cdf(s) for s in levels.tolist()])[level_index]
    safety = np.ceil(np.maximum(z * sd * np.sqrt(lead), 0) - EPS).astype(np.int64)
    reorder = np.ceil(cum[rows_idx, lead] + safety - EPS).astype(np.int64)
    available = c["available"]
    need = horizon_demand + safety - available - c["in_transit"]
    qty = _suggested_qty(need, c["case_pack"], c["moq"], c["active"])
    with np.errstate(divide="ignore", invalid="ignore"):
        cover = np.round(np.where(rate > 0, np.maximum(available, 0) / rate, np.nan), 2)
    to_zero = _days_to_zero(cum, available, rate, width)
    in_horizon = (np.arange(width)[None, :] < horizon[:, None]) & (which >= 0)
    snapshot_date = snapshot["snapshot_date"].iloc[0] if len(snapshot) else None
    abc = _abc(sales, matrix) if only_sku is None else {}
    n = len(skus)
    c |= {
        "store": _objects([store] * n),
        "sku": _objects(skus),
        "daily_demand": daily,
        "demand_sd": sd,
        "plan_factor": pf,
        "campaign": _horizon_campaigns(which, horizon, [k.name for k in campaigns]),
        "campaign_lift": np.where(
            in_horizon.any(axis=1), np.where(in_horizon, lift, 1.0).max(axis=1), np.nan
        ),
        "horizon_demand": horizon_demand,
        "safety_stock": safety,
        "reorder_point": reorder,
        "suggested_qty": qty,
        "suggested_value": _objects(
            [None if v is None else v * q for v, q in zip(c["unit_cost"], qty.tolist(), strict=True)]
        ),
        "days_of_cover": cover,
        "stockout_date": _dates(as_of, to_zero, to_zero >= 0),
        "order_by": _dates(as_of, to_zero - lead, to_zero >= 0),
        "order_by_days": np.where(to_zero >= 0, to_zero - lead, np.inf),
        "last_sale_date": _dates(as_of, -last_age, ever_sold),
        "last_sale_age": np.where(ever_sold, last_age, np.nan),
        "first_stock_date": _objects(first_stocks),
        "first_stock_age": first_stock_age,
        "abc_class": _objects([abc.get(sku, "C" if only_sku is None else None) for sku in skus]),
        "snapshot_date": _objects([snapshot_date] * n),
        "snapshot_age_days": np.full(n, np.nan if snapshot_date is None else (as_of - snapshot_date).days),
        "stale_snapshot": np.full(
            n, snapshot_date is None or (as_of - snapshot_date).days > values["stale_snapshot_days"]
        ),
    }
    c["status"] = _status(c, as_of, values, store_first)
    c["explanation"], c["explanation_en"] = _explain(c, as_of, days)
    return _StoreFrame(_typed(c, n), expected, which, [k.name for k in campaigns])


FLOAT_COLUMNS = ("daily_demand", "demand_sd", "service_level", "plan_factor", "campaign_lift", "horizon_demand",
                 "days_of_cover")  # fmt: skip


def _typed(columns: dict, n: int) -> pd.DataFrame:
    """RESTOCK_COLUMNS of n rows as a frame typed like metrics._query's frames: Int64 counts, float figures
    (NaN when missing), bool flags, and objects (str, date, Decimal or None) for the rest; a column not in
    `columns` is missing on every row."""
    data = {}
    for column in RESTOCK_COLUMNS:
        values = columns.get(column, np.full(n, None))
        if column in INT_COLUMNS:
            data[column] = pd.array(np.asarray(values, dtype=float), dtype="Int64")
        elif column in FLOAT_COLUMNS:
            data[column] = np.asarray(values, dtype=float)
        elif column == "stale_snapshot":
            data[column] = np.asarray(values, dtype=bool)
        else:
            data[column] = _objects(values)
    return pd.DataFrame(data)


def _rank(frame: pd.DataFrame) -> pd.DataFrame:
    """Most urgent first (STATUS_ORDER, then order_by, then suggested value); urgency_rank 1..n."""
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    keys = (
        pd.factorize(frame["sku"], sort=True)[0],
        pd.factorize(frame["store"], sort=True)[0],
        [-(float(v) if v is not None else 0.0) for v in frame["suggested_value"]],
        [(d if d is not None else date.max).toordinal() for d in frame["order_by"]],
        frame["status"].map(order).to_numpy(),
    )
    ordered = frame.take(np.lexsort(keys)).reset_index(drop=True)
    ordered["urgency_rank"] = pd.array(range(1, len(ordered) + 1), dtype="Int64")
    return ordered


def _overrides(**values) -> dict:
    return {k: v for k, v in values.items() if v is not None}


def restock_from_sales(
    conn: duckdb.DuckDBPyConnection,
    sales: pd.DataFrame,
    *,
    as_of: date,
    lookback_start: date,
    store: str | None = None,
    half_life_days: float = HALF_LIFE_DAYS,
    **overrides,
) -> pd.DataFrame:
    """restock() with the SKU-day sales given (metrics.demand.SALES_COLUMNS with day_index counted from
    lookback_start): the part after the one large aggregation, shared with the benchmark's pandas side."""
    frames = []
    for name in _stores(conn, store):
        mine = (sales["store"] == name).to_numpy()
        part = sales if mine.all() else sales[mine]
        frames.append(
            _store_restock(conn, name, part, as_of, overrides, half_life_days, lookback_start).frame
        )
    frames = [f for f in frames if len(f)]
    if not frames:
        return _typed({}, 0)
    return _rank(pd.concat(frames, ignore_index=True))[RESTOCK_COLUMNS]


def lookback_start_for(
    as_of: date, dead_stock_days: int | None = None, new_sku_days: int | None = None
) -> date:
    """The first day of sales restock() reads: LOOKBACK_DAYS back, longer when a setting needs more."""
    days = max(LOOKBACK_DAYS, dead_stock_days or 0, new_sku_days or 0, ABC_DAYS, DEMAND_WINDOW_DAYS)
    return as_of - timedelta(days=days - 1)


def restock(
    conn: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    store: str | None = None,
    lead_time_days: int | None = None,
    review_period_days: int | None = None,
    service_level: float | None = None,
    moq: int | None = None,
    case_pack: int | None = None,
    overstock_days: int | None = None,
    dead_stock_days: int | None = None,
    new_sku_days: int | None = None,
    stale_snapshot_days: int | None = None,
    half_life_days: float = HALF_LIFE_DAYS,
) -> pd.DataFrame:
    """The restock table as of `as_of` (module doc); an override given here applies to every SKU."""
    if service_level is not None and not 0 < service_level < 1:
        raise ValueError(f"service_level must be strictly between 0 and 1; got {service_level}")
    overrides = _overrides(
        lead_time_days=lead_time_days,
        review_period_days=review_period_days,
        service_level=service_level,
        moq=moq,
        case_pack=case_pack,
        overstock_days=overstock_days,
        dead_stock_days=dead_stock_days,
        new_sku_days=new_sku_days,
        stale_snapshot_days=stale_snapshot_days,
    )
    start = lookback_start_for(as_of, dead_stock_days, new_sku_days)
    sales = sku_day_sales(conn, start=start, end=as_of, store=store)
    return restock_from_sales(
        conn,
        sales,
        as_of=as_of,
        lookback_start=start,
        store=store,
        half_life_days=half_life_days,
        **overrides,
    )


def projected_stock(
    conn: duckdb.DuckDBPyConnection,
    *,
    store: str,
    sku: str,
    as_of: date,
    days: int = 60,
    half_life_days: float = HALF_LIFE_DAYS,
    **overrides,
) -> pd.DataFrame:
    """Day 0 (as_of) .. `days` of one SKU's stock for the chart (PROJECTION_COLUMNS): expected_demand of the
    day; projected_available = available − cumulative expected demand without a new order (in-transit stock
    is left out: its arrival date is not known; negative = demand not met); projected_with_order = the same
    with suggested_qty arriving on as_of + lead_time_days (order_arrives marks that day); reorder_point and
    safety_stock as in restock(); campaign = the campaign raising that day's demand, if any."""
    start = lookback_start_for(as_of, overrides.get("dead_stock_days"), overrides.get("new_sku_days"))
    sales = sku_day_sales(conn, start=start, end=as_of, store=store)
    sales = sales[sales["sku"] == sku]
    result = _store_restock(
        conn,
        store,
        sales,
        as_of,
        _overrides(**overrides),
        half_life_days,
        start,
        only_sku=sku,
        min_width=days,
    )
    row = result.frame.iloc[0]
    names = result.campaign_names
    expected = np.concatenate([[0.0], result.expected[0, :days]])
    projected = int(row["available"]) - np.cumsum(expected)
    lead = int(row["lead_time_days"])
    arrives = np.arange(days + 1) == lead
    with_order = projected + np.where(np.arange(days + 1) >= lead, int(row["suggested_qty"]), 0)
    return pd.DataFrame(
        {
            "date": [as_of + timedelta(days=k) for k in range(days + 1)],
            "day": pd.array(range(days + 1), dtype="Int64"),
            "expected_demand": np.round(expected, 2),
            "projected_available": np.round(projected, 2),
            "projected_with_order": np.round(with_order, 2),
            "order_arrives": arrives,
            "reorder_point": pd.array([int(row["reorder_point"])] * (days + 1), dtype="Int64"),
            "safety_stock": pd.array([int(row["safety_stock"])] * (days + 1), dtype="Int64"),
            "campaign": pd.Series(
                [None, *(names[k] if k >= 0 else None for k in result.campaign[0, :days])], dtype=object
            ),
        }
    )[PROJECTION_COLUMNS]
