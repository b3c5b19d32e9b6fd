"""Metrics: plain functions (connection, explicit parameters) -> DataFrame over the canonical tables.

Never imports streamlit, plotly or connectors. Money is Decimal, counts Int64, ratios fractions.
Definitions (口径) of every column: metrics.definitions.METRIC_DEFINITIONS. CLI: `python -m metrics --help`.

    sales_by_period(conn, *, by="day", start=None, end=None, store=None) -> DataFrame
    sales_summary(conn, *, start, end, store=None) -> dict
    date_range(conn, store=None) -> (first_paid_date, last_paid_date)
    traffic_by_period(conn, *, by="day", start=None, end=None, store=None) -> DataFrame
    inventory_snapshot(conn, *, as_of=None, store=None) -> DataFrame
    snapshot_dates(conn, store=None) -> list[date]
    daily_weights(conn, *, store, month, as_of) -> DataFrame
    daily_targets(conn, *, store, month, as_of) -> DataFrame
    draft_plan(conn, *, store, year, annual_target) -> DataFrame
    attainment(conn, *, month, as_of, store=None) -> DataFrame
    drivers(conn, *, month, as_of, store=None, against="target") -> DataFrame
    campaign_calendar(conn, *, store=None) -> DataFrame                  (metrics.calendar)
    campaign_review(conn, *, campaign, as_of=None, ...) -> CampaignReview (metrics.campaign_review)
    campaign_comparison(conn, campaign, ...) -> DataFrame
    campaign_candidates(conn, *, store=None, start=None, end=None, ...) -> DataFrame
    restock(conn, *, as_of, store=None, ...) -> DataFrame               (metrics.restock)
    projected_stock(conn, *, store, sku, as_of, days=60) -> DataFrame
    product_structure(conn, *, start, end, store=None, ...) -> DataFrame (metrics.products)
    new_old_by_month(conn, *, start, end, store=None, new_days=90) -> DataFrame
"""

from metrics.attainment import ATTAINMENT_COLUMNS, attainment
from metrics.calendar import campaign_calendar
from metrics.campaign_candidates import CANDIDATE_COLUMNS, campaign_candidates
from metrics.campaign_review import campaign_comparison, campaign_review
from metrics.definitions import METRIC_DEFINITIONS, definition, label
from metrics.drivers import DRIVER_COLUMNS, SPLIT_STATUS, drivers, lmdi_effects
from metrics.inventory import INVENTORY_COLUMNS, inventory_snapshot, snapshot_dates
from metrics.products import new_old_by_month, product_structure
from metrics.restock import projected_stock, restock
from metrics.sales import SALES_COLUMNS, date_range, sales_by_period, sales_summary
from metrics.targets import (
    CAMPAIGN_WINDOWS,
    DAILY_TARGET_COLUMNS,
    DRAFT_PLAN_COLUMNS,
    WEIGHT_COLUMNS,
    daily_targets,
    daily_weights,
    draft_plan,
)
from metrics.traffic import TRAFFIC_COLUMNS, traffic_by_period

__all__ = [
    "ATTAINMENT_COLUMNS",
    "CAMPAIGN_WINDOWS",
    "CANDIDATE_COLUMNS",
    "DAILY_TARGET_COLUMNS",
    "DRAFT_PLAN_COLUMNS",
    "DRIVER_COLUMNS",
    "INVENTORY_COLUMNS",
    "METRIC_DEFINITIONS",
    "SALES_COLUMNS",
    "SPLIT_STATUS",
    "TRAFFIC_COLUMNS",
    "WEIGHT_COLUMNS",
    "attainment",
    "campaign_calendar",
    "campaign_candidates",
    "campaign_comparison",
    "campaign_review",
    "daily_targets",
    "daily_weights",
    "date_range",
    "definition",
    "draft_plan",
    "drivers",
    "inventory_snapshot",
    "label",
    "lmdi_effects",
    "new_old_by_month",
    "product_structure",
    "projected_stock",
    "restock",
    "sales_by_period",
    "sales_summary",
    "snapshot_dates",
    "traffic_by_period",
]
