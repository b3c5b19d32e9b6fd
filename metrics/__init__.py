"""Metrics: plain functions (connection, explicit parameters) -> DataFrame over the canonical tables.

Never imports streamlit, plotly or connectors. Money is Decimal, counts Int64, ratios fractions.
Definitions (口径) of every column: metrics.definitions.METRIC_DEFINITIONS. CLI: `python -m metrics --help`.

    sales_by_period(conn, *, by="day", start=None, end=None, store=None) -> DataFrame
    sales_summary(conn, *, start, end, store=None) -> dict
    date_range(conn, store=None) -> (first_paid_date, last_paid_date)
    traffic_by_period(conn, *, by="day", start=None, end=None, store=None) -> DataFrame
    inventory_snapshot(conn, *, as_of=None, store=None) -> DataFrame
    snapshot_dates(conn, store=None) -> list[date]
"""

from metrics.definitions import METRIC_DEFINITIONS, definition, label
from metrics.inventory import INVENTORY_COLUMNS, inventory_snapshot, snapshot_dates
from metrics.sales import SALES_COLUMNS, date_range, sales_by_period, sales_summary
from metrics.traffic import TRAFFIC_COLUMNS, traffic_by_period

__all__ = [
    "INVENTORY_COLUMNS",
    "METRIC_DEFINITIONS",
    "SALES_COLUMNS",
    "TRAFFIC_COLUMNS",
    "date_range",
    "definition",
    "inventory_snapshot",
    "label",
    "sales_by_period",
    "sales_summary",
    "snapshot_dates",
    "traffic_by_period",
]
