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
"""

from metrics.attainment import ATTAINMENT_COLUMNS, attainment
from metrics.definitions import METRIC_DEFINITIONS, definition, label
from metrics.drivers import DRIVER_COLUMNS, SPLIT_STATUS, drivers, lmdi_effects
from metrics.inventory import INVENTORY_COLUMNS, inventory_snapshot, snapshot_dates
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
    "daily_targets",
    "daily_weights",
    "date_range",
    "definition",
    "draft_plan",
    "drivers",
    "inventory_snapshot",
    "label",
    "lmdi_effects",
    "sales_by_period",
    "sales_summary",
    "snapshot_dates",
    "traffic_by_period",
]
