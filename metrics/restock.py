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

from metrics.demand import DEMAND_WINDOW_DAYS, HALF_LIFE_DAYS, baseline_demand, excluded_days, sku_day_sales
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


def _signed(value: float) -> str:
    return f"({_num(value)})" if value < 0 else _num(value)


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
    campaign_names: list[list[str | None]]  # rows × days: the campaign raising that day, if any


def _settings_frame(conn, store: str, skus: list[str], store_values: dict, overrides: dict) -> pd.DataFrame:
    """Per-SKU settings in force (override > sku_settings > store default > code default)."""
    settings = conn.execute(_SETTINGS_SQL, {"store": store}).df().set_index("sku")
    out = pd.DataFrame(index=pd.Index(skus, name="sku"))
    for key in SKU_KEYS:
        column = settings[key].reindex(out.index) if key in settings else pd.Series(np.nan, index=out.index)
        column = column.astype(float).fillna(float(store_values[key]))
        if overrides.get(key) is not None:
            column[:] = float(overrides[key])
        out[key] = column if key == "service_level" else column.round().astype(np.int64)
    out["supplier"] = [None if pd.isna(v) else str(v) for v in settings["supplier"].reindex(out.index)]
    cost = settings["unit_cost"].reindex(out.index).astype(object)
    out["unit_cost"] = [None if pd.isna(c) else Decimal(str(c)) for c in cost]
    active = settings["active"].reindex(out.index).astype(object)
    out["active"] = [a is None or pd.isna(a) or bool(a) for a in active]
    return out


def _campaign_matrix(
    skus: list[str], campaigns: list[PlannedCampaign], as_of: date, width: int
) -> tuple[np.ndarray, list[list[str | None]]]:
    """Per SKU and day 1..width: the campaign lift (1.0 on ordinary days) and the campaign's name."""
    lift = np.ones((len(skus), width))
    names: list[list[str | None]] = [[None] * width for _ in skus]
    for campaign in campaigns:
        cols = [(d - as_of).days - 1 for d in campaign.days if 1 <= (d - as_of).days <= width]
        if not cols:
            continue
        for i, sku in enumerate(skus):
            value = campaign.lift_for(sku)
            if value is None:
                continue
            for c in cols:
                if value >= lift[i, c]:
                    lift[i, c] = value
                    names[i][c] = campaign.name
    return lift, names


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


def _status(r: dict, as_of: date, values: dict, store_first: date | None) -> str:
    stocked = (r["on_hand"] or 0) > 0 or r["available"] > 0
    if r["available"] < 0:
        return OVERSOLD
    if not r["active"]:
        return DISCONTINUED
    last, first = r["last_sale_date"], r["first_stock_date"]
    if (
        stocked
        and last is None
        and first is not None
        and store_first is not None
        and first > store_first
        and (as_of - first).days < values["new_sku_days"]
    ):
        return NEW
    if stocked and (last is None or (as_of - last).days >= values["dead_stock_days"]):
        return DEAD
    order_by = r["order_by"]
    if r["suggested_qty"] > 0 and (
        (order_by is not None and order_by <= as_of) or r["available"] + r["in_transit"] <= r["reorder_point"]
    ):
        return URGENT
    if r["suggested_qty"] > 0 or (
        order_by is not None and order_by <= as_of + timedelta(days=int(r["review_period_days"]))
    ):
        return WATCH
    if not math.isnan(r["days_of_cover"]) and r["days_of_cover"] > values["overstock_days"]:
        return OVERSTOCK
    return NORMAL


def _explain(r: dict, as_of: date, lookback_days: int) -> tuple[str, str]:
    """The suggestion in words: Chinese, English."""
    status = r["status"]
    if status == DISCONTINUED:
        stock = f"可用 {_num(r['available'])}，在途 {_num(r['in_transit'])}"
        return f"已停售：不建议补货（{stock}）", (
            f"Discontinued: no order suggested (available {_num(r['available'])}, in transit {_num(r['in_transit'])})"
        )
    if status == NEW:
        first = r["first_stock_date"].isoformat()
        return (
            f"新品：{first} 首次入库，尚无销售，暂不建议补货",
            f"New: first stocked {first}, no sales yet; no order suggested",
        )
    if status == DEAD:
        last = r["last_sale_date"]
        if last is None:
            return (
                f"滞销：有库存（可用 {_num(r['available'])}），近 {lookback_days} 天无销售，不建议补货",
                f"Dead stock: available {_num(r['available'])}, no sale in {lookback_days} days; no order suggested",
            )
        days = (as_of - last).days
        return (
            f"滞销：有库存（可用 {_num(r['available'])}），最近一次销售在 {last.isoformat()}（{days} 天前），不建议补货",
            f"Dead stock: available {_num(r['available'])}, last sale {last.isoformat()} ({days} days ago); "
            "no order suggested",
        )
    daily, pf, lead, review = (
        r["daily_demand"],
        r["plan_factor"],
        r["lead_time_days"],
        r["review_period_days"],
    )
    base = daily * pf * (lead + review)
    zh = f"日均 {_num(daily)} 件 × (交期 {lead} + 周期 {review}) 天"
    en = f"{_num(daily)}/day × (lead {lead} + review {review}) days"
    if abs(pf - 1) > EPS:
        zh += f" × 计划系数 {pf:.2f}"
        en += f" × plan factor {pf:.2f}"
    extra = r["horizon_demand"] - base
    if r["campaign"] and extra > 0.05:
        zh += f" + 大促“{r['campaign']}”增量 {_num(extra)}"
        en += f" + campaign {r['campaign']} extra {_num(extra)}"
    need = r["horizon_demand"] + r["safety_stock"] - r["available"] - r["in_transit"]
    zh += f" + 安全库存 {r['safety_stock']} − 可用 {_signed(r['available'])} − 在途 {_num(r['in_transit'])} = {_num(need)}"
    en += (
        f" + safety stock {r['safety_stock']} − available {_signed(r['available'])} − in transit "
        f"{_num(r['in_transit'])} = {_num(need)}"
    )
    qty, case, moq = r["suggested_qty"], r["case_pack"], r["moq"]
    if qty <= 0:
        return zh + "，无需补货", en + ", no order needed"
    cased = math.ceil((need - EPS) / case) * case
    if case > 1:
        zh += f"，取整到箱规 {case} → {cased}"
        en += f", rounded up to case pack {case} → {cased}"
    else:
        zh += f"，取整 → {cased}"
        en += f", rounded up → {cased}"
    if qty > cased:
        zh += f"，低于起订量 {moq} → {qty}"
        en += f", below the MOQ {moq} → {qty}"
    return zh, en


def _store_restock(
    conn, store: str, sales: pd.DataFrame, as_of: date, overrides: dict, half_life_days: float,
    lookback_start: date, only_sku: str | None = None, min_width: int = 0,
) -> _StoreFrame:  # fmt: skip
    """The restock rows of one store from its SKU-day sales over [lookback_start, as_of]."""
    values = _store_values(conn, store, overrides)
    snapshot = inventory_snapshot(conn, as_of=as_of, store=store).set_index("sku")
    firsts = conn.execute(_FIRST_STOCK_SQL, {"store": store, "as_of": as_of}).fetchall()
    first_stock = {sku: first for sku, first, _ in firsts}
    store_first = firsts[0][2] if firsts else None
    window_start = as_of - timedelta(days=DEMAND_WINDOW_DAYS - 1)
    offset = (as_of - lookback_start).days
    sales = sales.assign(
        age_days=offset - sales["day_index"].to_numpy(), sku=sales["sku"].to_numpy(dtype=object)
    )
    selling = sales[sales["units"] > 0]
    if only_sku is not None:
        skus = [only_sku]
    else:
        stocked = snapshot[
            (snapshot["on_hand"].fillna(0) > 0)
            | (snapshot["available"].fillna(0) != 0)
            | (snapshot["in_transit"].fillna(0) > 0)
        ].index
        recent = selling.loc[selling["age_days"] < DEMAND_WINDOW_DAYS, "sku"]
        skus = sorted(set(stocked) | set(recent.unique()))
    settings = _settings_frame(conn, store, skus, values, overrides)
    last_age = selling.groupby("sku")["age_days"].min().to_dict()
    first_age = selling.groupby("sku")["age_days"].max().to_dict()
    first_seen = {}
    for sku in skus:
        seen = [as_of - timedelta(days=int(first_age[sku]))] if sku in first_age else []
        if first_stock.get(sku) is not None:
            seen.append(first_stock[sku])
        first_seen[sku] = min(seen) if seen else None
    store_days, sku_days = excluded_days(conn, store=store, start=window_start, end=as_of)
    demand = baseline_demand(
        selling[selling["age_days"] < DEMAND_WINDOW_DAYS],
        skus,
        as_of=as_of,
        first_seen=first_seen,
        store_excluded=store_days,
        sku_excluded=sku_days,
        half_life_days=half_life_days,
    ).set_index("sku")
    lead = settings["lead_time_days"].to_numpy()
    horizon = lead + settings["review_period_days"].to_numpy()
    width = int(max([PROJECTION_DAYS, min_width, *horizon]))
    factors = plan_factors(conn, store, as_of, sorted({int(h) for h in horizon}), store_days)
    pf = np.array([factors[h] for h in horizon], dtype=float)
    campaigns = planned_campaigns(conn, store=store, as_of=as_of, last_day=as_of + timedelta(days=width))
    lift, names = _campaign_matrix(skus, campaigns, as_of, width)
    daily = demand["daily_demand"].reindex(skus).to_numpy()
    rate = daily * pf
    expected = rate[:, None] * lift
    cum = np.concatenate([np.zeros((len(skus), 1)), np.cumsum(expected, axis=1)], axis=1)
    rows_idx = np.arange(len(skus))
    horizon_demand = np.round(cum[rows_idx, horizon], 2)
    lead_demand = cum[rows_idx, lead]
    z = np.array([NormalDist().inv_cdf(s) for s in settings["service_level"]])
    sd = demand["demand_sd"].reindex(skus).to_numpy()
    safety = np.ceil(np.maximum(z * sd * np.sqrt(lead), 0) - EPS).astype(np.int64)
    reorder = np.ceil(lead_demand + safety - EPS).astype(np.int64)

    def stock(column: str) -> np.ndarray:
        if column not in snapshot:
            return np.zeros(len(skus), dtype=np.int64)
        return snapshot[column].reindex(skus).fillna(0).astype(np.int64).to_numpy()

    available, in_transit = stock("available"), stock("in_transit")
    on_hand = (
        snapshot["on_hand"].reindex(skus).astype("Int64").to_numpy() if len(snapshot) else [pd.NA] * len(skus)
    )
    snapshot_date = snapshot["snapshot_date"].iloc[0] if len(snapshot) else None
    abc = {}
    if only_sku is None:
        recent_gmv = sales[sales["age_days"] < ABC_DAYS].groupby("sku")["gmv"].sum()
        recent_gmv = recent_gmv[recent_gmv > 0].sort_values(ascending=False, kind="stable")
        abc = dict(zip(recent_gmv.index, abc_classes(list(recent_gmv.round(2)), 0.7, 0.9), strict=True))
    names_col = snapshot["name"].reindex(skus).tolist() if len(snapshot) else [None] * len(skus)
    cols = {c: settings[c].tolist() for c in settings.columns}
    days_to_zero = _days_to_zero(cum, available, rate, width)
    records = []
    for i, sku in enumerate(skus):
        a, t = int(available[i]), int(in_transit[i])
        need = horizon_demand[i] + safety[i] - a - t
        case, moq, active, cost = (
            cols["case_pack"][i],
            cols["moq"][i],
            cols["active"][i],
            cols["unit_cost"][i],
        )
        qty = 0
        if active and need > EPS:
            qty = math.ceil((need - EPS) / case) * case
            if qty < moq:
                qty = math.ceil(moq / case) * case
        cover = max(a, 0) / rate[i] if rate[i] > 0 else math.nan
        stockout = None if days_to_zero[i] < 0 else as_of + timedelta(days=int(days_to_zero[i]))
        h = int(horizon[i])
        in_horizon = [n for n in names[i][:h] if n]
        last = as_of - timedelta(days=int(last_age[sku])) if sku in last_age else None
        name = names_col[i]
        records.append(
            {
                "store": store,
                "sku": sku,
                "name": None if pd.isna(name) else name,
                "supplier": cols["supplier"][i],
                "active": bool(active),
                "on_hand": on_hand[i],
                "available": a,
                "in_transit": t,
                "daily_demand": float(daily[i]),
                "demand_sd": float(sd[i]),
                "lead_time_days": int(lead[i]),
                "review_period_days": int(horizon[i] - lead[i]),
                "service_level": float(cols["service_level"][i]),
                "moq": moq,
                "case_pack": case,
                "unit_cost": cost,
                "plan_factor": float(pf[i]),
                "campaign": "、".join(dict.fromkeys(in_horizon)) or None,
                "campaign_lift": float(lift[i, :h].max()) if in_horizon else math.nan,
                "horizon_demand": float(horizon_demand[i]),
                "safety_stock": int(safety[i]),
                "reorder_point": int(reorder[i]),
                "suggested_qty": qty,
                "suggested_value": None if cost is None else cost * qty,
                "days_of_cover": round(cover, 2) if not math.isnan(cover) else math.nan,
                "stockout_date": stockout,
                "order_by": None if stockout is None else stockout - timedelta(days=int(lead[i])),
                "last_sale_date": last,
                "first_stock_date": first_stock.get(sku),
                "abc_class": abc.get(sku, "C" if only_sku is None else None),
                "snapshot_date": snapshot_date,
                "snapshot_age_days": None if snapshot_date is None else (as_of - snapshot_date).days,
                "stale_snapshot": snapshot_date is None
                or (as_of - snapshot_date).days > values["stale_snapshot_days"],
            }
        )
    for r in records:
        r["status"] = _status(r, as_of, values, store_first)
        r["explanation"], r["explanation_en"] = _explain(r, as_of, (as_of - lookback_start).days + 1)
    return _StoreFrame(_typed(records), expected, names)


FLOAT_COLUMNS = ("daily_demand", "demand_sd", "service_level", "plan_factor", "campaign_lift", "horizon_demand",
                 "days_of_cover")  # fmt: skip


def _typed(records: list[dict]) -> pd.DataFrame:
    """The rows as a frame with RESTOCK_COLUMNS typed like metrics._query's frames: Int64 counts, float
    figures (NaN when missing), bool flags, and objects (str, date, Decimal or None) for the rest."""
    data = {}
    for column in (*RESTOCK_COLUMNS, "active"):
        values = [r.get(column) for r in records]
        if column in INT_COLUMNS:
            data[column] = pd.array(values, dtype="Int64")
        elif column in FLOAT_COLUMNS:
            data[column] = np.array(values, dtype=float)
        elif column in ("stale_snapshot", "active"):
            data[column] = np.array(values, dtype=bool)
        else:
            data[column] = np.array([*values, None], dtype=object)[:-1]  # never split into 2-D
    return pd.DataFrame(data)


def _rank(frame: pd.DataFrame) -> pd.DataFrame:
    """Most urgent first (STATUS_ORDER, then order_by, then suggested value); urgency_rank 1..n."""
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    keys = pd.DataFrame(
        {
            "status": frame["status"].map(order),
            "order_by": [d if d is not None else date.max for d in frame["order_by"]],
            "value": [-(float(v) if v is not None else 0.0) for v in frame["suggested_value"]],
            "store": frame["store"],
            "sku": frame["sku"],
        }
    )
    ordered = frame.loc[keys.sort_values(list(keys.columns), kind="stable").index].reset_index(drop=True)
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
        part = sales[sales["store"] == name]
        frames.append(
            _store_restock(conn, name, part, as_of, overrides, half_life_days, lookback_start).frame
        )
    frames = [f for f in frames if len(f)]
    if not frames:
        return _typed([])[RESTOCK_COLUMNS]
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
            "campaign": pd.Series([None, *result.campaign_names[0][:days]], dtype=object),
        }
    )[PROJECTION_COLUMNS]
