"""补货建议 and 商品结构 helpers without Streamlit: labels and 口径 of every column, the status colours and
order, the status counts for the cards, the filters, the tables the pages show, and the downloads (采购建议单
and the product table: .xlsx with Chinese headers and CSV in UTF-8 with BOM, formula-safe through
connectors.safe_export). Pure functions of their arguments (tested in tests/test_ui_restock.py).

Inputs are what metrics return: metrics.restock.restock (one row per store and SKU, most urgent first) and
metrics.products.product_structure. Labels and one-line definitions come from metrics.definitions:
RESTOCK_DEFINITIONS / PRODUCT_DEFINITIONS first (their page's meaning of a column), then METRIC_DEFINITIONS.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from decimal import Decimal

import pandas as pd

from connectors.safe_export import frame_to_csv_bytes, frame_to_xlsx_bytes
from ui.i18n import t
from ui.pacing import number

# ---- statuses: one place for their order, colours and names ----

OVERSOLD, DISCONTINUED, NEW, DEAD, URGENT, WATCH, OVERSTOCK, NORMAL = (
    "超卖", "已停售", "新品", "滞销", "紧急", "关注", "积压", "正常",
)  # fmt: skip
STATUS_ORDER = (
    OVERSOLD,
    URGENT,
    WATCH,
    NEW,
    NORMAL,
    OVERSTOCK,
    DEAD,
    DISCONTINUED,
)  # as metrics.restock ranks
CARD_STATUSES = (
    URGENT,
    WATCH,
    OVERSOLD,
    OVERSTOCK,
    DEAD,
    DISCONTINUED,
    NEW,
)  # the page's cards, in this order
STATUS_KEYS = {
    OVERSOLD: "oversold",
    URGENT: "urgent",
    WATCH: "watch",
    NEW: "new",
    NORMAL: "normal",
    OVERSTOCK: "overstock",
    DEAD: "dead",
    DISCONTINUED: "discontinued",
}
STATUS_COLORS = {  # st.metric delta colours / markdown colours
    OVERSOLD: "red",
    URGENT: "red",
    WATCH: "orange",
    NEW: "blue",
    NORMAL: "green",
    OVERSTOCK: "violet",
    DEAD: "gray",
    DISCONTINUED: "gray",
}
STATUS_HEX = {  # the same in charts
    OVERSOLD: "#b71c1c",
    URGENT: "#c62828",
    WATCH: "#ef8f00",
    NEW: "#1565c0",
    NORMAL: "#2e7d32",
    OVERSTOCK: "#6a1b9a",
    DEAD: "#757575",
    DISCONTINUED: "#9e9e9e",
}
CLASSES = ("A", "B", "C")
NO_SUPPLIER = "__no_supplier__"  # the supplier filter's option for SKUs without one


def status_label(status: object, lang: str = "zh") -> str:
    """A status in the interface language (the metric's Chinese word in zh)."""
    key = STATUS_KEYS.get(status)  # type: ignore[arg-type]
    return t(f"rs_status_{key}", lang) if key else ("" if status is None else str(status))


def status_help(status: str, lang: str = "zh") -> str:
    """What a status means and what to do, for its card."""
    key = STATUS_KEYS.get(status)
    return t(f"rs_status_help_{key}", lang) if key else ""


def ordered_statuses(values: Iterable) -> list[str]:
    """The statuses present, in the metric's urgency order."""
    present = set(values)
    return [s for s in STATUS_ORDER if s in present]


def status_counts(frame: pd.DataFrame | None) -> dict[str, int]:
    """How many SKUs are in each card status (0 when none), in CARD_STATUSES order."""
    counts = frame["status"].value_counts() if frame is not None and not frame.empty else pd.Series(dtype=int)
    return {s: int(counts.get(s, 0)) for s in CARD_STATUSES}


# ---- labels and definitions (口径) ----


def _tables(kind: str) -> list[dict]:
    from metrics import definitions

    first = "PRODUCT_DEFINITIONS" if kind == "products" else "RESTOCK_DEFINITIONS"
    names = (first, "METRIC_DEFINITIONS")
    return [table for name in names if isinstance(table := getattr(definitions, name, None), dict)]


def _entry(column: str, kind: str) -> dict | None:
    for table in _tables(kind):
        if column in table:
            return table[column]
    return None


def column_label(column: str, lang: str = "zh", kind: str = "restock") -> str:
    """The short label of a column (the column name when no definition has it)."""
    if column == "explanation_en":
        column = "explanation"  # the explanation in the reader's language is one column, "计算说明"
    entry = _entry(column, kind)
    if not entry:
        return column
    return entry.get(f"label_{lang}") or entry.get("label_zh") or column


def column_definition(column: str, lang: str = "zh", kind: str = "restock") -> str:
    """The one-line definition (口径) of a column ('' when none)."""
    entry = _entry(column, kind)
    return (entry.get(lang) or entry.get("zh") or "") if entry else ""


def column_unit(column: str, kind: str = "restock") -> str:
    """'yuan', 'fraction', 'count', 'date', 'text', … ('text' when unknown)."""
    return (_entry(column, kind) or {}).get("unit", "text")


def help_text(*columns: str, lang: str = "zh", kind: str = "restock", extra: str = "") -> str | None:
    """The 口径 of the figures something shows, one paragraph each."""
    sep = "：" if lang == "zh" else ": "
    lines = [f"**{column_label(c, lang, kind)}**{sep}{d}" for c in columns
             if (d := column_definition(c, lang, kind))]  # fmt: skip
    if extra:
        lines.append(extra)
    return "\n\n".join(lines) or None


# ---- cells ----


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, Decimal):
        return value.is_nan()
    return isinstance(value, float) and math.isnan(value)


def date_text(value: object) -> str | None:
    if _missing(value):
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _text(value: object) -> str | None:
    return None if _missing(value) else str(value)


def _float(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values.map(number), errors="coerce").astype("float64")


def _date(value: object) -> dt.date | None:
    """A python date for a download cell (Excel shows it as a date), None when missing."""
    if _missing(value):
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        return pd.Timestamp(value).date()
    return value if isinstance(value, dt.date) else None


# ---- the restock table ----

RESTOCK_TABLE_COLUMNS = [  # what an operator reads first comes first (a phone shows the first few)
    "sku",
    "status",
    "suggested_qty",
    "order_by",
    "name",
    "abc_class",
    "supplier",
    "available",
    "in_transit",
    "daily_demand",
    "days_of_cover",
    "reorder_point",
    "safety_stock",
    "suggested_value",
    "stockout_date",
    "lead_time_days",
    "campaign",
    "explanation",
    "urgency_rank",
]
INT_COLUMNS = {"urgency_rank", "available", "in_transit", "reorder_point", "safety_stock", "suggested_qty",
               "lead_time_days", "on_hand", "moq", "case_pack", "review_period_days"}  # fmt: skip
NUMBER_FORMATS = {"yuan": "accounting", "fraction": "percent", "count": "localized"}


def explanation(row: dict, lang: str = "zh") -> str:
    """The suggestion's explanation in the reader's language."""
    text = row.get("explanation_en") if lang == "en" else row.get("explanation")
    return _text(text) or _text(row.get("explanation")) or ""


def filter_restock(
    frame: pd.DataFrame,
    statuses: Iterable[str] | None = None,
    classes: Iterable[str] | None = None,
    suppliers: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The rows whose status, ABC class and supplier are among those chosen (an empty choice keeps all);
    NO_SUPPLIER stands for the SKUs without one. The urgency order is kept."""
    keep = pd.Series(True, index=frame.index)
    if statuses:
        keep &= frame["status"].isin(list(statuses))
    if classes:
        keep &= frame["abc_class"].isin(list(classes))
    if suppliers:
        chosen = list(suppliers)
        named = frame["supplier"].isin([s for s in chosen if s != NO_SUPPLIER])
        unnamed = frame["supplier"].map(_missing) if NO_SUPPLIER in chosen else False
        keep &= named | unnamed
    return frame[keep].reset_index(drop=True)


def supplier_options(frame: pd.DataFrame) -> list[str]:
    """The suppliers present, sorted, with NO_SUPPLIER (no supplier set) last when some SKU has none."""
    named = sorted({str(s) for s in frame["supplier"] if not _missing(s)})
    return named + ([NO_SUPPLIER] if frame["supplier"].map(_missing).any() else [])


def class_options(frame: pd.DataFrame) -> list[str]:
    """The ABC classes present, in A, B, C order."""
    present = set(frame["abc_class"].dropna())
    return [c for c in CLASSES if c in present]


def restock_table(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The restock table for display: RESTOCK_TABLE_COLUMNS with labels in `lang`, counts as integers,
    figures as floats (missing stays missing), dates as text, the status and explanation in `lang`."""
    out = pd.DataFrame(index=frame.index)
    for column in RESTOCK_TABLE_COLUMNS:
        values = (
            frame[column] if column in frame.columns else pd.Series(None, index=frame.index, dtype=object)
        )
        if column == "status":
            out[column] = pd.array([status_label(s, lang) for s in values], dtype="string")
        elif column == "explanation":
            out[column] = pd.array([explanation(r, lang) for r in frame.to_dict("records")], dtype="string")
        elif column in ("order_by", "stockout_date"):
            out[column] = pd.array([date_text(v) for v in values], dtype="string")
        elif column in INT_COLUMNS:
            out[column] = _float(values).round().astype("Int64")
        elif column_unit(column) in ("yuan", "fraction", "count"):
            out[column] = _float(values)
        else:
            out[column] = pd.array([_text(v) for v in values], dtype="string")  # missing shows empty
    out = out.reset_index(drop=True)
    return out.rename(columns={c: column_label(c, lang) for c in RESTOCK_TABLE_COLUMNS})


def table_formats(columns: list[str], lang: str = "zh", kind: str = "restock") -> dict[str, tuple[str, str]]:
    """For each labelled column: (its number format for st.column_config or 'text', its 口径)."""
    out = {}
    for column in columns:
        unit = column_unit(column, kind)
        fmt = NUMBER_FORMATS.get(unit, "text")
        if column in INT_COLUMNS or column == "units":
            fmt = "localized"
        out[column_label(column, lang, kind)] = (fmt, column_definition(column, lang, kind))
    return out


def sku_choice_label(row: dict, lang: str = "zh") -> str:
    """'SKU-A · 商品 A · 紧急' for the SKU picker."""
    name = _text(row.get("name"))
    parts = [str(row.get("sku")), *([name] if name else []), status_label(row.get("status"), lang)]
    return " · ".join(parts)


def snapshot_state(frame: pd.DataFrame | None) -> dict:
    """The snapshot the rows were computed from: snapshot_date (None when there was none on or before
    as-of), age_days, stale (any row flagged stale by the metric)."""
    if frame is None or frame.empty:
        return {"snapshot_date": None, "age_days": None, "stale": False}
    dates = [d for d in frame["snapshot_date"] if not _missing(d)]
    ages = [int(a) for a in frame["snapshot_age_days"] if not _missing(a)]
    return {
        "snapshot_date": max(dates) if dates else None,
        "age_days": min(ages) if ages else None,
        "stale": bool(frame["stale_snapshot"].any()),
    }


# ---- 采购建议单 ----

PURCHASE_COLUMNS = [
    "store",
    "sku",
    "name",
    "supplier",
    "suggested_qty",
    "unit_cost",
    "suggested_value",
    "order_by",
    "stockout_date",
    "status",
    "abc_class",
    "available",
    "in_transit",
    "daily_demand",
    "lead_time_days",
    "case_pack",
    "moq",
    "campaign",
    "explanation",
]
PURCHASE_SHEET = "采购建议单"


def purchase_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with something to order (suggested_qty > 0), most urgent first."""
    if frame is None or frame.empty:
        return pd.DataFrame(columns=list(frame.columns) if frame is not None else PURCHASE_COLUMNS)
    qty = _float(frame["suggested_qty"]).fillna(0)
    return frame[qty > 0].reset_index(drop=True)


def purchase_frame(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """采购建议单: one row per SKU to order, headers in `lang` (downloads use zh), raw values: whole units
    as int, yuan as Decimal, dates as dates, the explanation in `lang`."""
    rows = purchase_rows(frame)
    out: dict[str, list] = {}
    for column in PURCHASE_COLUMNS:
        values = list(rows[column]) if column in rows.columns else [None] * len(rows)
        if column == "status":
            cells = [status_label(s, lang) for s in values]
        elif column == "explanation":
            cells = [explanation(r, lang) for r in rows.to_dict("records")]
        elif column in ("order_by", "stockout_date"):
            cells = [_date(v) for v in values]
        elif column in INT_COLUMNS:
            cells = [None if _missing(v) else int(v) for v in values]
        elif column in ("unit_cost", "suggested_value"):
            cells = [None if _missing(v) else Decimal(str(v)) for v in values]
        elif column == "daily_demand":
            cells = [None if _missing(v) else round(float(v), 2) for v in values]
        else:
            cells = [_text(v) for v in values]
        out[column_label(column, lang)] = cells
    return pd.DataFrame(out, columns=[column_label(c, lang) for c in PURCHASE_COLUMNS])


def purchase_totals(frame: pd.DataFrame) -> dict:
    """SKUs to order, units, and the suggested value of those with a unit cost (None when none has one)."""
    rows = purchase_rows(frame)
    values = [number(v) for v in rows["suggested_value"]] if not rows.empty else []
    known = [v for v in values if v is not None]
    return {
        "skus": len(rows),
        "units": int(_float(rows["suggested_qty"]).fillna(0).sum()) if not rows.empty else 0,
        "value": sum(known) if known else None,
    }


def purchase_xlsx_bytes(frame: pd.DataFrame) -> bytes:
    """采购建议单 (purchase_frame in Chinese) as .xlsx; 商品编码 kept as text."""
    sheet = purchase_frame(frame, "zh")
    return frame_to_xlsx_bytes(sheet, sheet_name=PURCHASE_SHEET, text_columns=(column_label("sku"),))


def purchase_csv_bytes(frame: pd.DataFrame) -> bytes:
    """采购建议单 as CSV in UTF-8 with BOM."""
    return frame_to_csv_bytes(purchase_frame(frame, "zh"))


def file_stem(text: str) -> str:
    """A file name stem without characters a file name cannot hold."""
    import re

    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_") or "export"


# ---- 商品结构 ----

PRODUCT_TABLE_COLUMNS = [
    "sku",
    "title",
    "abc_class",
    "gmv",
    "units",
    "share",
    "cum_share",
    "previous_gmv",
    "growth",
    "status",
    "is_new",
    "first_sale",
    "last_sale",
]
STOPPED_COLUMNS = ["sku", "title", "abc_class", "gmv", "previous_gmv", "first_sale", "last_sale"]
PRODUCT_SHEET = "商品结构"


def _product_status(value: object, lang: str) -> str | None:
    if _missing(value):
        return None
    return t(f"pd_status_{'stopped' if value == '停售' else 'selling'}", lang) if lang != "zh" else str(value)


def product_table(
    frame: pd.DataFrame | None, lang: str = "zh", columns: list[str] | None = None, *, raw: bool = False
) -> pd.DataFrame:
    """The product-structure table for display (raw=False: money as floats, dates as text) or download
    (raw=True: money as Decimal, dates as dates); headers in `lang`."""
    columns = columns or PRODUCT_TABLE_COLUMNS
    frame = frame if frame is not None else pd.DataFrame(columns=columns)
    out: dict[str, list] = {}
    for column in columns:
        values = list(frame[column]) if column in frame.columns else [None] * len(frame)
        if column == "status":
            cells = [_product_status(v, lang) for v in values]
        elif column == "is_new":
            cells = [None if _missing(v) else bool(v) for v in values]
        elif column in ("first_sale", "last_sale"):
            cells = [_date(v) for v in values] if raw else [date_text(v) for v in values]
        elif column in ("gmv", "previous_gmv"):
            cells = [None if _missing(v) else (Decimal(str(v)) if raw else float(v)) for v in values]
        elif column == "units":
            cells = [None if _missing(v) else int(v) for v in values]
        elif column in ("share", "cum_share", "growth"):
            cells = [None if _missing(v) else float(v) for v in values]
        else:
            cells = [_text(v) for v in values]
        out[column_label(column, lang, "products")] = cells
    shown = pd.DataFrame(out, columns=[column_label(c, lang, "products") for c in columns])
    if not raw:
        for column in ("gmv", "previous_gmv", "share", "cum_share", "growth"):
            label = column_label(column, lang, "products")
            if label in shown.columns:
                shown[label] = pd.to_numeric(shown[label], errors="coerce").astype("float64")
        if column_label("units", lang, "products") in shown.columns:
            label = column_label("units", lang, "products")
            shown[label] = pd.to_numeric(shown[label], errors="coerce").astype("Int64")
        for column in ("sku", "title", "abc_class", "status", "first_sale", "last_sale"):
            label = column_label(column, lang, "products")
            if label in shown.columns:
                shown[label] = shown[label].astype("string")  # missing shows empty
        if column_label("is_new", lang, "products") in shown.columns:
            label = column_label("is_new", lang, "products")
            shown[label] = shown[label].astype("boolean")
    return shown


def product_xlsx_bytes(frame: pd.DataFrame) -> bytes:
    """The product table (Chinese headers, raw values) as .xlsx; 商品编码 kept as text."""
    sheet = product_table(frame, "zh", raw=True)
    return frame_to_xlsx_bytes(sheet, sheet_name=PRODUCT_SHEET, text_columns=(column_label("sku", "zh"),))


def product_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The product table as CSV in UTF-8 with BOM."""
    return frame_to_csv_bytes(product_table(frame, "zh", raw=True))


def structure_summary(frame: pd.DataFrame | None) -> dict:
    """Cards of 商品结构: skus, gmv (float), a_skus and a_share, new_skus and new_share (of period GMV),
    stopped."""
    if frame is None or frame.empty:
        return {"skus": 0, "gmv": None, "a_skus": 0, "a_share": None, "new_skus": 0, "new_share": None,
                "stopped": 0}  # fmt: skip
    gmv = _float(frame["gmv"]).fillna(0)
    selling = gmv > 0
    total = float(gmv.sum())
    a = (frame["abc_class"] == "A") & selling
    new = frame["is_new"].astype(bool) & selling
    return {
        "skus": int(selling.sum()),
        "gmv": total,
        "a_skus": int(a.sum()),
        "a_share": float(gmv[a].sum()) / total if total > 0 else None,
        "new_skus": int(new.sum()),
        "new_share": float(gmv[new].sum()) / total if total > 0 else None,
        "stopped": int((frame["status"] == "停售").sum()),
    }


def period_bounds(period: str, yesterday: dt.date) -> tuple[dt.date, dt.date]:
    """The 商品结构 period: 'last90' = the 90 days up to yesterday, 'this_month' = yesterday's month up to
    yesterday."""
    if period == "this_month":
        return yesterday.replace(day=1), yesterday
    return yesterday - dt.timedelta(days=89), yesterday


def trend_start(start: dt.date, end: dt.date, months: int = 12) -> dt.date:
    """The first day of the new/old trend: the period's start, or earlier so the trend shows `months` months."""
    index = end.year * 12 + end.month - 1 - (months - 1)
    first = dt.date(index // 12, index % 12 + 1, 1)
    return min(start, first)


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The same-length period just before (what growth compares against, as metrics.products does)."""
    length = (end - start).days + 1
    return start - dt.timedelta(days=length), start - dt.timedelta(days=1)
