"""Tables written for people to open in Excel (.xlsx, or CSV in UTF-8 with BOM), safe against formula injection.

A text cell starting with =, +, -, @, a tab or a carriage return would run as a formula when the file is
opened; `safe_cell` gives it a leading apostrophe so it shows as text. Real numbers stay numbers (a
negative amount stays -5, not the text '-5).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from decimal import Decimal

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as it may go into a downloaded file: formula-like text neutralised, numbers untouched."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, bool | int | float | Decimal | dt.date | dt.datetime | dt.time):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return safe_cell(value.item())
    return safe_cell(str(value))


def _safe_frame(df: pd.DataFrame) -> tuple[list, list[list]]:
    """(safe header cells, rows of safe cells) of a frame."""
    headers = [safe_cell(str(c)) for c in df.columns]
    rows = [[safe_cell(v) for v in row] for row in df.itertuples(index=False, name=None)]
    return headers, rows


def frame_to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The frame as CSV in UTF-8 with BOM (what Excel on a Chinese Windows opens correctly), cells made safe."""
    headers, rows = _safe_frame(df)
    safe = pd.DataFrame(rows, columns=headers, dtype=object)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def frame_to_xlsx_bytes(df: pd.DataFrame, *, sheet_name: str = "Sheet1", text_columns: tuple = ()) -> bytes:
    """The frame as a one-sheet .xlsx: header row, then values with numbers as numbers, cells made safe.

    `text_columns` names columns whose cells are formatted as text (@), so that Excel keeps e.g. 2026-01
    as typed instead of turning it into a date.
    """
    import openpyxl
    from openpyxl.utils import get_column_letter

    headers, rows = _safe_frame(df)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_name[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append([v.replace(tzinfo=None) if isinstance(v, dt.datetime) else v for v in row])
    text_at = [i for i, c in enumerate(df.columns, start=1) if c in text_columns]
    for col in text_at:
        for (cell,) in sheet.iter_rows(min_row=2, max_row=max(sheet.max_row, 400), min_col=col, max_col=col):
            cell.number_format = "@"
    for i, header in enumerate(headers, start=1):
        width = max([len(str(header)) * 2] + [len(str(r[i - 1])) for r in rows[:200] if r[i - 1] is not None])
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 40)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
