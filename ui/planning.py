"""月度计划 helpers: the month table the editor shows, the rows a save sends, the history and rejection tables
(pure, tested in test_ui_pacing_plan.py), and the plan writes, each through the one write funnel
(ui.cached.write_cursor, under db.WRITE_LOCK). plans/ validates, versions and bumps the data version, so
every cached figure refreshes after a write.
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Sequence

import pandas as pd

from plans.fields import PLAN_FIELDS
from ui import cached
from ui.i18n import t
from ui.pacing import number

NUMBER_FIELDS = PLAN_FIELDS[:-1]
# The editor shows conversion as a percentage (3.2 for 3.2%); it is stored as a fraction (0.032).
CONVERSION_PCT = "conversion_pct"
EDITOR_COLUMNS = [
    "month",
    "gmv_target",
    "net_sales_target",
    "visitors_target",
    CONVERSION_PCT,
    "aov_target",
    "owner",
    "version",
]


def year_months(year: int) -> list[str]:
    """'YYYY-01' … 'YYYY-12'."""
    return [f"{int(year):04d}-{m:02d}" for m in range(1, 13)]


def editor_frame(in_force: pd.DataFrame, year: int, draft: pd.DataFrame | None = None) -> pd.DataFrame:
    """Twelve rows (one per month of `year`) with the targets in force, ready for st.data_editor. With a
    `draft` (month, gmv_target), its sales targets replace those in force (the rest stays)."""
    frame = pd.DataFrame({"month": year_months(year)})
    source = in_force if in_force is not None else pd.DataFrame()
    if not source.empty:
        keep = [c for c in ("month", *PLAN_FIELDS, "version") if c in source.columns]
        frame = frame.merge(source[keep], on="month", how="left")
    for column in (*PLAN_FIELDS, "version"):
        if column not in frame.columns:
            frame[column] = None
    for column in NUMBER_FIELDS:
        frame[column] = pd.to_numeric(frame[column].map(number), errors="coerce").astype("float64")
    if draft is not None and not draft.empty:
        drafted = draft.assign(month=draft["month"].astype(str)).set_index("month")["gmv_target"]
        amounts = pd.to_numeric(frame["month"].map(drafted).map(number), errors="coerce")
        frame["gmv_target"] = amounts.where(amounts.notna(), frame["gmv_target"])
    frame[CONVERSION_PCT] = (frame["conversion_target"] * 100).round(4)
    frame["owner"] = frame["owner"].astype("string")
    frame["version"] = pd.to_numeric(frame["version"], errors="coerce").astype("Int64")
    return frame[EDITOR_COLUMNS].reset_index(drop=True)


def _field_values(row: pd.Series) -> dict[str, object]:
    """A row of the editor as plan field values (conversion back to a fraction; empty is None)."""
    values: dict[str, object] = {}
    for name in PLAN_FIELDS:
        if name == "conversion_target":
            pct = number(row.get(CONVERSION_PCT))
            values[name] = None if pct is None else round(pct / 100, 6)
        elif name == "owner":
            text = row.get("owner")
            values[name] = (
                None if text is None or pd.isna(text) or not str(text).strip() else str(text).strip()
            )
        else:
            values[name] = number(row.get(name))
    return values


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    x, y = number(a), number(b)
    if x is not None and y is not None:
        return abs(x - y) < 1e-9
    return str(a) == str(b)


def rows_to_save(edited: pd.DataFrame, in_force: pd.DataFrame, *, store: str, year: int) -> list[dict]:
    """The rows of the edited table that differ from the plan in force, as plans.save_month_targets rows
    (store, month, every plan field, and `line` = the month's row number for rejections)."""
    base = editor_frame(in_force, year)
    rows = []
    for line, (month, (_, new), (_, old)) in enumerate(
        zip(base["month"], edited.iterrows(), base.iterrows(), strict=True), start=1
    ):
        after, before = _field_values(new), _field_values(old)
        if all(_same(after[f], before[f]) for f in PLAN_FIELDS):
            continue
        rows.append({"store": store, "month": month, "line": line, **after})
    return rows


def months_sum(edited: pd.DataFrame) -> float | None:
    """Σ of the edited monthly sales targets (None when no month has one)."""
    values = pd.to_numeric(edited["gmv_target"].map(number), errors="coerce")
    return None if values.isna().all() else float(values.sum())


def rejections_table(rejected: Sequence, year: int, lang: str | None = None) -> pd.DataFrame:
    """plans' rejected rows with the month each line stands for: month, column, reason, value."""
    months = year_months(year)
    rows = [
        {
            t("col_month", lang): months[r.line - 1] if r.line and 1 <= r.line <= 12 else r.line,
            t("col_column", lang): r.column,
            t("col_reason", lang): r.reason,
            t("col_value", lang): r.value,
        }
        for r in rejected
    ]
    columns = [t(k, lang) for k in ("col_month", "col_column", "col_reason", "col_value")]
    return pd.DataFrame(rows, columns=columns)


HISTORY_COLUMNS = [
    "changed_at",
    "changed_by",
    "period",
    "field",
    "old_value",
    "new_value",
    "version",
    "in_force",
    "source",
]


def history_table(history: pd.DataFrame, year: int | None = None, lang: str | None = None) -> pd.DataFrame:
    """plans.plan_history for display: the year's periods only (months, the year, its days), fields and
    sources in words, and `in_force` on the rows of each period's latest version (the one in force)."""
    from plans.fields import FIELD_HEADERS

    if history is None or history.empty:
        return pd.DataFrame(columns=[t(f"hist_{c}", lang) for c in HISTORY_COLUMNS])
    frame = history.copy()
    frame["period"] = frame["period"].astype(str)
    if year is not None:
        frame = frame[frame["period"].str.startswith(f"{int(year):04d}")]
    latest = frame.groupby(["store", "period"])["version"].transform("max")
    frame["in_force"] = frame["version"] == latest
    labels = dict(FIELD_HEADERS) | {"annual_target": t("plan_annual_field", lang)}
    frame["field"] = [
        t("plan_day_field", lang) if len(p) == 10 else labels.get(f, f)
        for f, p in zip(frame["field"], frame["period"], strict=True)
    ]
    frame["source"] = [t(f"source_{s}", lang) for s in frame["source"]]
    for column in ("old_value", "new_value"):  # a value that was not set (or was removed) shows as —
        frame[column] = frame[column].astype(object).where(frame[column].notna(), "—")
    frame = frame.sort_values(["changed_at", "change_id"] if "change_id" in frame else ["changed_at"])
    frame = frame.iloc[::-1].reindex(columns=HISTORY_COLUMNS)
    return frame.rename(columns={c: t(f"hist_{c}", lang) for c in HISTORY_COLUMNS}).reset_index(drop=True)


def default_author() -> str:
    """Who is editing: the logged-in user's name or e-mail when the app has a login, else the OS user."""
    try:
        import streamlit as st

        if getattr(st.user, "is_logged_in", False):
            return str(st.user.get("name") or st.user.get("email") or "")
    except Exception:  # no session, or no auth configured
        pass
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment
        return ""


# ---- writes: one funnel, the write cursor ----


def save_months(rows: list[dict], *, author: str, source: str = "editor"):
    """plans.save_month_targets through the write funnel; returns its SaveResult."""
    import plans

    with cached.write_cursor() as cur:
        return plans.save_month_targets(cur, rows, author=author or None, source=source)


def set_annual(store: str, year: int, amount: float | None, *, author: str):
    """plans.set_annual_target through the write funnel (None removes it); returns the version or None."""
    import plans

    with cached.write_cursor() as cur:
        return plans.set_annual_target(cur, store, int(year), amount, author=author or None)


def set_day(store: str, day: dt.date, amount: float | None, *, author: str):
    """plans.set_day_override through the write funnel (None restores the computed target)."""
    import plans

    with cached.write_cursor() as cur:
        return plans.set_day_override(cur, store, day, amount, author=author or None)
