"""The plan file template: one row per store and month of a year, Chinese headers, targets left empty.

The same headers are what the plan file connector recognises, so a filled-in template imports as it is.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from connectors.safe_export import frame_to_csv_bytes, frame_to_xlsx_bytes

TEMPLATE_HEADERS = [
    "店铺",
    "月份",
    "销售目标",
    "净销售目标",
    "访客数目标",
    "转化率目标",
    "客单价目标",
    "负责人",
]
TEMPLATE_SHEET = "销售计划"


def template_frame(stores: Iterable[str], year: int) -> pd.DataFrame:
    """One row per store and month of `year` ('YYYY-MM'), every target and the owner empty."""
    rows = [
        {"店铺": store, "月份": f"{int(year):04d}-{month:02d}"} for store in stores for month in range(1, 13)
    ]
    frame = pd.DataFrame(rows, columns=TEMPLATE_HEADERS)
    return frame.astype(object).where(frame.notna(), None)


def template_xlsx_bytes(frame: pd.DataFrame) -> bytes:
    """The template (or a filled plan) as .xlsx; 月份 is a text column so Excel keeps 2026-01 as typed."""
    return frame_to_xlsx_bytes(frame, sheet_name=TEMPLATE_SHEET, text_columns=("月份",))


def template_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The template (or a filled plan) as CSV in UTF-8 with BOM."""
    return frame_to_csv_bytes(frame)
