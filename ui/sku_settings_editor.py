"""补货参数 editor logic: the per-SKU settings table st.data_editor shows (from skus.template_frame), the rows
a save sends to skus.save_sku_settings (only the cells that changed, each row named by its line in the
table), the rejections as a table naming row, SKU and column, and the store-wide defaults form; the writes go
through the one write funnel (ui.cached.write_cursor). skus/ validates the whole save and bumps the data
version, so the restock table refreshes after a write.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal

import pandas as pd

from ui import cached
from ui.i18n import t
from ui.pacing import number
from ui.planning import default_author  # noqa: F401  (the editor records who saved, like the plan page)

# The editor's columns: the fields of skus.fields.SETTING_FIELDS plus the SKU and its name (read only).
EDITOR_COLUMNS = [
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
]
SETTING_COLUMNS = EDITOR_COLUMNS[2:]
WHOLE_COLUMNS = ("lead_time_days", "review_period_days", "moq", "case_pack")
ACTIVE_OPTIONS = ("在售", "停售")
# Store-wide defaults in the order the form shows them, with the kind of number each takes.
DEFAULT_FIELDS = (
    "lead_time_days",
    "review_period_days",
    "service_level",
    "moq",
    "case_pack",
    "overstock_days",
    "dead_stock_days",
    "new_sku_days",
    "stale_snapshot_days",
)


def _blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, Decimal):
        return value.is_nan()
    return isinstance(value, str) and not value.strip()


def editor_frame(template: pd.DataFrame | None) -> pd.DataFrame:
    """One row per SKU (skus.template_frame, Chinese headers) as the editor's typed table: text for SKU,
    name, supplier and status (在售/停售), numbers (NaN = not set: the store default applies) for the rest."""
    from skus import FIELD_HEADERS

    source = template if template is not None else pd.DataFrame()
    data = {}
    for column in EDITOR_COLUMNS:
        header = FIELD_HEADERS[column]
        values = list(source[header]) if header in source.columns else [None] * len(source)
        if column in ("sku", "name", "supplier", "active"):
            data[column] = pd.array([None if _blank(v) else str(v) for v in values], dtype="string")
        else:
            data[column] = pd.to_numeric(pd.Series(values, dtype=object).map(number), errors="coerce").astype(
                "float64"
            )
    return pd.DataFrame(data, columns=EDITOR_COLUMNS).reset_index(drop=True)


def _clean(column: str, value: object) -> object:
    """An edited cell as the writer takes it: None when empty, whole numbers as int, text trimmed. Bad
    values (negative days, text in a number cell) go through as typed so the writer names them."""
    if _blank(value):
        return None
    if column in ("supplier", "active"):
        return str(value).strip()
    if isinstance(value, str):
        return value.strip()
    amount = number(value)
    if amount is None:
        return value
    if column in WHOLE_COLUMNS and float(amount).is_integer():
        return int(amount)
    return amount


def _same(column: str, old: object, new: object) -> bool:
    a, b = _clean(column, old), _clean(column, new)
    if a is None or b is None:
        return a is None and b is None
    x, y = number(a), number(b)
    if x is not None and y is not None and not isinstance(a, str) and not isinstance(b, str):
        return abs(x - y) < 1e-9
    return str(a) == str(b)


def rows_to_save(edited: pd.DataFrame, base: pd.DataFrame) -> list[dict]:
    """The edited rows that differ from `base` (the editor_frame shown), as skus.save_sku_settings rows:
    sku, `line` = the row's number in the table (1-based), and only the fields that changed (an emptied
    cell is None: the store default applies again)."""
    rows = []
    for line, ((_, new), (_, old)) in enumerate(
        zip(edited.iterrows(), base.iterrows(), strict=True), start=1
    ):
        changed = {c: _clean(c, new.get(c)) for c in SETTING_COLUMNS if not _same(c, old.get(c), new.get(c))}
        if changed:
            rows.append({"line": line, "sku": str(old["sku"]), **changed})
    return rows


def rejections_table(rejected: Sequence, rows: Sequence[Mapping], lang: str | None = None) -> pd.DataFrame:
    """The writer's rejected rows: the table row (第 N 行 with its SKU), the column, the reason, the value."""
    skus = {int(r["line"]): r.get("sku") for r in rows if r.get("line") is not None}
    table = [
        {
            t("rs_col_row", lang): t("rs_row", lang, n=r.line, sku=skus.get(r.line, "")) if r.line else "—",
            t("col_column", lang): r.column,
            t("col_reason", lang): r.reason,
            t("col_value", lang): r.value,
        }
        for r in rejected
    ]
    columns = [t(k, lang) for k in ("rs_col_row", "col_column", "col_reason", "col_value")]
    return pd.DataFrame(table, columns=columns)


def default_values(stored: Mapping[str, object]) -> dict[str, float | int | None]:
    """The store-wide defaults that are set (skus.store_defaults), as form values (None when not set)."""
    out: dict[str, float | int | None] = {}
    for key in DEFAULT_FIELDS:
        value = number(stored.get(key))
        out[key] = None if value is None else (value if key == "service_level" else int(value))
    return out


def code_defaults() -> dict[str, float | int]:
    """The code's own defaults (metrics.restock.DEFAULTS): what applies when neither SKU nor store has one."""
    from metrics.restock import DEFAULTS

    return dict(DEFAULTS)


def settings_in_force(stored: Mapping[str, object]) -> dict[str, float | int]:
    """The store-wide values in force: the store's defaults where set, else the code's."""
    return code_defaults() | {k: v for k, v in default_values(stored).items() if v is not None}


def column_labels(lang: str = "zh") -> dict[str, str]:
    """The editor's column labels: the metric definitions' label in `lang`, else the settings file header."""
    from skus import FIELD_HEADERS
    from ui.restock_view import column_label

    labels = {}
    for column in EDITOR_COLUMNS:
        label = column_label(column, lang)
        labels[column] = FIELD_HEADERS[column] if label == column else label
    return labels


def template_files(template: pd.DataFrame) -> tuple[bytes, bytes]:
    """The settings template (skus.template_frame) as (.xlsx bytes, CSV bytes in UTF-8 with BOM)."""
    from skus import template_csv_bytes, template_xlsx_bytes

    return template_xlsx_bytes(template), template_csv_bytes(template)


def changed_defaults(form: Mapping[str, object], stored: Mapping[str, object]) -> dict[str, object]:
    """The defaults the form changed (None = removed), as skus.set_store_defaults takes them."""
    before = default_values(stored)
    out = {}
    for key in DEFAULT_FIELDS:
        new = form.get(key)
        new = None if _blank(new) else new
        old = before.get(key)
        if (old is None) != (new is None) or (old is not None and abs(float(old) - float(new)) > 1e-9):
            out[key] = new
    return out


# ---- writes: one funnel, the write cursor ----


def save_rows(store: str, rows: list[dict], *, author: str):
    """skus.save_sku_settings through the write funnel; returns its SaveResult (rejected rows, or counts)."""
    from skus import save_sku_settings

    with cached.write_cursor() as cur:
        return save_sku_settings(cur, store, rows, author=author or None, source="editor")


def save_defaults(store: str, values: Mapping[str, object], *, author: str) -> dict[str, object]:
    """skus.set_store_defaults through the write funnel (raises skus.SkuValueError naming bad keys)."""
    from skus import set_store_defaults

    with cached.write_cursor() as cur:
        return set_store_defaults(cur, store, dict(values), author or None)
