"""Stock on a date from the ERP snapshots: one row per store and SKU, taken from each store's latest
snapshot on or before `as_of` (the latest overall when None). Columns: store, sku, name, style_code,
snapshot_date (date), on_hand, available, in_transit, order_locked, locked, allocate_in_transit,
inbound_stock, defective, warehouses (units, Int64; NULL = not in the export), source_format.

A snapshot replaces the store's stock picture whole (schema.sql), so a SKU missing from the store's latest
snapshot is not shown with stale numbers from an older one.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from metrics._query import query_frame

INVENTORY_COLUMNS = [
    "store",
    "sku",
    "name",
    "style_code",
    "snapshot_date",
    "on_hand",
    "available",
    "in_transit",
    "order_locked",
    "locked",
    "allocate_in_transit",
    "inbound_stock",
    "defective",
    "warehouses",
    "source_format",
]

_INVENTORY_SQL = """
WITH latest AS (
    SELECT store, max(snapshot_date) AS snapshot_date
    FROM inventory_snapshots
    WHERE ($store IS NULL OR store = $store)
      AND ($as_of IS NULL OR snapshot_date <= CAST($as_of AS DATE))
    GROUP BY store
)
SELECT
    s.store, s.sku, s.name, s.style_code, s.snapshot_date,
    s.on_hand, s.available, s.in_transit, s.order_locked, s.locked, s.allocate_in_transit,
    s.inbound_stock, s.defective, s.warehouses, s.source_format
FROM inventory_snapshots AS s
JOIN latest AS l ON l.store = s.store AND l.snapshot_date = s.snapshot_date
ORDER BY s.store, s.sku
"""

_SNAPSHOT_DATES_SQL = """
SELECT DISTINCT snapshot_date FROM inventory_snapshots
WHERE ($store IS NULL OR store = $store)
ORDER BY snapshot_date
"""


def inventory_snapshot(
    conn: duckdb.DuckDBPyConnection, *, as_of: date | None = None, store: str | None = None
) -> pd.DataFrame:
    """Each store's latest stock snapshot on or before `as_of`, one row per store and SKU (see module doc)."""
    return query_frame(conn, _INVENTORY_SQL, {"as_of": as_of, "store": store})[INVENTORY_COLUMNS]


def snapshot_dates(conn: duckdb.DuckDBPyConnection, store: str | None = None) -> list[date]:
    """The dates that have a stock snapshot (for a date picker), oldest first."""
    return [row[0] for row in conn.sql(_SNAPSHOT_DATES_SQL, params={"store": store}).fetchall()]
