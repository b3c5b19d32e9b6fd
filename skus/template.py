"""The restock settings template (补货参数模板): one row per SKU of a store with its settings in force,
Chinese headers, as .xlsx or CSV in UTF-8 with BOM, formula-safe.

The same headers are what the settings file connector recognises, so a filled-in template imports as it is.
"""

from __future__ import annotations

import pandas as pd

from connectors.safe_export import frame_to_csv_bytes, frame_to_xlsx_bytes
from skus.fields import FIELD_HEADERS

TEMPLATE_FIELDS = (
    "store",
    "sku",
    "name",
    "supplier",
    "lead_time_days",
    "review_period_days",
    "moq",
    "case_pack",
    "service_level",
    "unit_cost",
    "active",
)
TEMPLATE_HEADERS = [FIELD_HEADERS[f] for f in TEMPLATE_FIELDS]
TEMPLATE_SHEET = "补货参数"

_TEMPLATE_SQL = """
WITH known AS (
    SELECT sku FROM order_lines WHERE store = $store AND sku IS NOT NULL AND sku <> ''
    UNION SELECT sku FROM inventory_snapshots WHERE store = $store
    UNION SELECT sku FROM sku_settings WHERE store = $store
),
names AS (
    SELECT sku, arg_max(name, snapshot_date) AS name FROM inventory_snapshots
    WHERE store = $store AND name IS NOT NULL GROUP BY sku
)
SELECT $store AS store, k.sku, n.name, s.supplier, s.lead_time_days, s.review_period_days, s.moq, s.case_pack,
       s.service_level, CAST(s.unit_cost AS VARCHAR) AS unit_cost,
       CASE WHEN s.active IS NULL THEN NULL WHEN s.active THEN '在售' ELSE '停售' END AS active
FROM known k LEFT JOIN names n USING (sku) LEFT JOIN sku_settings s ON s.store = $store AND s.sku = k.sku
ORDER BY k.sku
"""


def template_frame(conn, store: str) -> pd.DataFrame:
    """One row per SKU known for `store` (detail lines, stock snapshots, settings) under Chinese headers,
    filled with the per-SKU settings in force (empty = the store's default applies)."""
    frame = conn.execute(_TEMPLATE_SQL, {"store": store}).df()
    frame.columns = TEMPLATE_HEADERS
    frame = frame.astype(object)
    return frame.where(frame.notna(), None)


def template_xlsx_bytes(frame: pd.DataFrame) -> bytes:
    """The template as .xlsx; 商品编码 is a text column so Excel keeps codes such as 00123 as typed."""
    return frame_to_xlsx_bytes(frame, sheet_name=TEMPLATE_SHEET, text_columns=("商品编码",))


def template_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The template as CSV in UTF-8 with BOM."""
    return frame_to_csv_bytes(frame)
