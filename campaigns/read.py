"""Reading the campaign calendar for the editor: the campaigns of a store, one campaign's phases and SKUs,
and the store's gross-margin rate.

Frames keep exact types like plans.read: money as `decimal.Decimal` yuan (None when missing), counts and
ids as nullable Int64, rates as float fractions, times as naive Beijing timestamps.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from metrics.campaign_review import DEFAULT_MARGIN_RATE  # one default for the editor and ROI

# When a store has set no 毛利率 (store_settings 'margin_rate'), the campaign review's DEFAULT_MARGIN_RATE
# stands in, so the editor shows the rate ROI uses.

_VALUES = "campaign_type, gmv_target, slot_fee, commission_rate, ad_spend, coupon_cost, margin_rate"


def _frame(conn, sql: str, params: dict) -> pd.DataFrame:
    """Rows of `sql` with DECIMAL kept exact and integers as Int64 (a calendar is a few hundred rows)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)
        table = conn.execute(sql, params).to_arrow_table()
    return table.to_pandas(types_mapper=lambda t: pd.Int64Dtype() if pa.types.is_integer(t) else None)


@dataclass
class CampaignDetail:
    """One campaign: its row (a dict of the campaigns columns), its phases and its SKUs (empty = store-wide)."""

    campaign: dict
    phases: pd.DataFrame  # phase, starts_at, ends_at, in time order
    skus: pd.DataFrame  # sku, margin_rate (the per-SKU override, NaN when none)


def list_campaigns(conn, store: str | None = None) -> pd.DataFrame:
    """One row per campaign, earliest first: campaign_id, store, name, the campaign values, starts_at and
    ends_at (first phase start, last phase end), phase_count, sku_count, source, updated_by, updated_at."""
    return _frame(
        conn,
        f"""
        SELECT c.campaign_id, c.store, c.name, {_VALUES},
               p.starts_at, p.ends_at, coalesce(p.phase_count, 0) AS phase_count,
               (SELECT count(*) FROM campaign_skus s WHERE s.campaign_id = c.campaign_id) AS sku_count,
               c.source, c.updated_by, c.updated_at
        FROM campaigns c
        LEFT JOIN (
            SELECT campaign_id, min(starts_at) AS starts_at, max(ends_at) AS ends_at, count(*) AS phase_count
            FROM campaign_phases GROUP BY campaign_id
        ) p USING (campaign_id)
        WHERE $store IS NULL OR c.store = $store
        ORDER BY c.store, p.starts_at, c.name
        """,
        {"store": store},
    )


def campaign_detail(conn, campaign: int | tuple[str, str]) -> CampaignDetail | None:
    """The campaign with this id, or with this (store, name); None when there is none."""
    if isinstance(campaign, tuple):
        store, name = campaign
        where, params = "store = $store AND name = $name", {"store": store, "name": name}
    else:
        where, params = "campaign_id = $id", {"id": int(campaign)}
    head = _frame(
        conn,
        f"SELECT campaign_id, store, name, {_VALUES}, source, load_id, updated_by, updated_at "
        f"FROM campaigns WHERE {where}",
        params,
    )
    if head.empty:
        return None
    row = {k: (None if pd.isna(v) else v) for k, v in head.iloc[0].to_dict().items()}
    cid = {"id": int(row["campaign_id"])}
    phases = _frame(
        conn,
        "SELECT phase, starts_at, ends_at FROM campaign_phases WHERE campaign_id = $id ORDER BY starts_at",
        cid,
    )
    skus = _frame(
        conn, "SELECT sku, margin_rate FROM campaign_skus WHERE campaign_id = $id ORDER BY sku", cid
    )
    return CampaignDetail(row, phases, skus)


def store_margin_rate(conn, store: str) -> float:
    """The store's gross-margin rate (store_settings 'margin_rate'), else DEFAULT_MARGIN_RATE."""
    row = conn.execute(
        "SELECT value FROM store_settings WHERE store = $store AND key = 'margin_rate'", {"store": store}
    ).fetchall()
    return float(row[0][0]) if row else DEFAULT_MARGIN_RATE
