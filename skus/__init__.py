"""Restock settings (补货参数): per-SKU lead time, review period, MOQ, case pack, service level, unit
cost and status, store-wide defaults, and the settings file template.

This package is the only writer of sku_settings and of the restock keys of store_settings; metrics read
those tables with SQL (metrics/restock.py holds the code's defaults and the precedence).
"""

from skus.fields import DEFAULT_KEYS, FIELD_HEADERS, SETTING_FIELDS, BadValue
from skus.template import TEMPLATE_HEADERS, template_csv_bytes, template_frame, template_xlsx_bytes
from skus.write import (
    SaveResult,
    SkuValueError,
    SkuWriteFailed,
    save_sku_settings,
    set_store_defaults,
    store_defaults,
)

__all__ = [
    "DEFAULT_KEYS",
    "FIELD_HEADERS",
    "SETTING_FIELDS",
    "TEMPLATE_HEADERS",
    "BadValue",
    "SaveResult",
    "SkuValueError",
    "SkuWriteFailed",
    "save_sku_settings",
    "set_store_defaults",
    "store_defaults",
    "template_csv_bytes",
    "template_frame",
    "template_xlsx_bytes",
]
