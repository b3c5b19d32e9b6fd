"""今日目标 (landing page): per store, are we on plan? Yesterday against its daily target, the month's attainment
against time progress (red/amber/green), the month-end forecast, what is needed per remaining day, the
cumulative and daily charts, the driver table; the attainment table to download."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from connectors.safe_export import frame_to_csv_bytes, frame_to_xlsx_bytes
from metrics.definitions import definition
from ui import cached, pacing, pacing_charts, shell
from ui import format as fmt
from ui.filters import localized_selectbox, selected_store
from ui.i18n import current_lang, t

IMPORT_PAGE = "pages/import_data.py"
PLAN_PAGE = "pages/plan.py"
EXPAND_ABOVE = 3  # more stores than this: one expander per store, the first one open

shell.page_frame()
lang = current_lang()
store = selected_store()

st.title(t("today_title"))
names = [store] if store else list(cached.stores()["store"])
if not names:
    st.info(t("today_empty"), icon=":material/inbox:")
    st.page_link(IMPORT_PAGE, label=t("open_import"), icon=":material/upload_file:")
    st.stop()

# ---- sidebar: as-of day and month ----
first, last = cached.sales_dates(store)
yesterday = pacing.default_as_of()
choice = localized_selectbox(
    st.sidebar,
    t("today_as_of"),
    pacing.as_of_choices(yesterday, last),
    lambda c: t(f"as_of_{c}", lang),
    "today_as_of_mode",
    "yesterday",
)
if choice == "today":
    chosen = pacing.beijing_today()
elif choice == "pick":
    st.session_state.setdefault("today_pick_day", yesterday)
    chosen = st.sidebar.date_input(
        t("today_pick_day"), max_value=pacing.beijing_today(), key="today_pick_day"
    )
else:
    chosen = yesterday
st.sidebar.caption(t("today_as_of_help"))
if st.session_state.get("today_month_for") != pacing.month_key(chosen):  # a new as-of month: follow it
    st.session_state["today_month_for"] = pacing.month_key(chosen)
    st.session_state["today_month"] = pacing.month_key(chosen)
month = localized_selectbox(
    st.sidebar,
    t("today_month"),
    pacing.month_options(chosen, first),
    str,
    "today_month",
    pacing.month_key(chosen),
)
against = localized_selectbox(
    st.sidebar,
    t("drivers_against"),
    ["target", "last_year"],
    lambda a: t(f"against_{a}", lang),
    "today_against",
    "target",
)
as_of = pacing.as_of_for_month(month, chosen)
month_start, _ = pacing.month_bounds(month)

st.caption(t("today_scope", month=month, as_of=as_of.isoformat()))
if as_of < month_start:
    st.caption(t("today_future", month=month))
elif last is not None and last < as_of:
    st.caption(t("today_data_until", last=last.isoformat(), as_of=as_of.isoformat()))

attainment = cached.attainment(month, as_of, store)
drivers = cached.drivers(month, as_of, store, against)


def help_text(*columns: str, extra: str = "") -> str | None:
    """The 口径 of the figures a card shows, one line each."""
    lines = [definition(c, lang) for c in columns if definition(c, lang)]
    if extra:
        lines.append(extra)
    return "\n\n".join(lines) or None


def row_of(frame: pd.DataFrame, name: str) -> dict:
    """The metric row of one store ({} when the metric returned none)."""
    if frame is None or frame.empty or "store" not in frame.columns:
        return {}
    rows = frame[frame["store"] == name]
    return rows.iloc[0].to_dict() if not rows.empty else {}


def cards(row: dict) -> None:
    """Four short cards: the as-of day, the month's attainment, the forecast, the daily rate still needed."""
    target = pacing.number(row.get("target"))
    day_target = pacing.number(row.get("day_target"))
    day_actual = row.get("day_actual")
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(
        t("card_day", day=as_of.strftime("%m-%d")),
        fmt.money(day_actual, lang),
        delta=t("card_day_target", target=fmt.money(day_target, lang))
        if day_target is not None
        else t("card_day_no_target"),
        delta_color=pacing.day_color(day_actual, day_target),
        delta_arrow="off",
        help=help_text("day_actual", "day_target"),
        border=True,
    )
    if target is None:
        c2.metric(
            t("card_mtd_no_target"),
            fmt.money(row.get("actual"), lang),
            help=help_text("actual"),
            border=True,
        )
        return
    gap = row.get("gap")
    status = pacing.pace_status(gap)
    c2.metric(
        t("card_mtd"),
        fmt.percent(row.get("attainment"), 1),
        delta=f"{pacing.points(gap)} {t(f'pace_{status}')}" if status else None,
        delta_color=pacing.pace_color(gap),
        help=help_text(
            "attainment",
            "weighted_time_progress",
            "gap",
            extra=t("pace_rule", amber=f"{-pacing.AMBER_FROM * 100:g}"),
        ),
        border=True,
    )
    delta, color = pacing.forecast_vs_target(row, lang)
    c3.metric(
        t("card_forecast"),
        fmt.money(row.get("forecast"), lang),
        delta=delta,
        delta_color=color,
        help=help_text("forecast", "forecast_low", "forecast_high"),
        border=True,
    )
    required = pacing.number(row.get("required_daily"))
    days_left = pacing.number(row.get("days_left"))
    c4.metric(
        t("card_required", days=fmt.count(days_left)) if days_left else t("card_required_done"),
        fmt.money(required, lang) if required else (t("card_required_met") if required == 0 else fmt.MISSING),
        help=help_text("required_daily", "days_left"),
        border=True,
    )
    st.caption(pacing.cards_caption(row, lang))


def driver_section(name: str) -> None:
    """The driver table: visitors, conversion and order value against target (or last year), and the part
    of the paid GMV gap each explains."""
    table, note = pacing.driver_table(drivers, name, lang)
    st.markdown(f"**{t('drivers_title')}**", help=help_text("gap_visitors", "gap_conversion", "gap_aov"))
    if table is not None:
        st.dataframe(
            table,
            hide_index=True,
            key=f"drivers_{name}",
            column_config={t("col_driver_share"): st.column_config.NumberColumn(format="percent")},
        )
    st.caption(note)


def store_section(name: str) -> None:
    s_first, _ = cached.sales_dates(name)
    if s_first is None:
        st.info(t("today_store_empty", store=name), icon=":material/inbox:")
        st.page_link(IMPORT_PAGE, label=t("open_import"), icon=":material/upload_file:")
        return
    row = row_of(attainment, name)
    if pacing.number(row.get("target")) is None:
        st.info(t("today_no_target"), icon=":material/flag:")
        st.page_link(PLAN_PAGE, label=t("open_plan"), icon=":material/edit_calendar:")
    started = as_of >= month_start
    if started:  # a month that has not begun has no day, no month to date and no forecast yet
        cards(row)
    daily = cached.daily_targets(name, month, as_of)
    left, right = st.columns(2)
    left.plotly_chart(
        pacing_charts.cumulative_figure(daily, as_of=as_of, lang=lang),
        key=f"cum_{name}",
        config={"displayModeBar": False},
    )
    right.plotly_chart(
        pacing_charts.daily_bars_figure(daily, as_of=as_of, lang=lang),
        key=f"daily_{name}",
        config={"displayModeBar": False},
    )
    if started:
        driver_section(name)
        with st.expander(t("more_title")):
            st.dataframe(pacing.comparison_rows(row, lang), hide_index=True, key=f"more_{name}")


many = len(names) > EXPAND_ABOVE
for index, name in enumerate(names):
    if many:
        with st.expander(name, expanded=index == 0):
            store_section(name)
    else:
        if len(names) > 1 or store is None:
            st.subheader(name)
        store_section(name)

# ---- the attainment table, to look at and to download ----
if attainment is not None and not attainment.empty:
    st.subheader(t("table_title"))
    shown = pacing.attainment_table(attainment, lang)
    formats = {"yuan": "accounting", "fraction": "percent", "count": "localized"}
    st.dataframe(
        shown,
        hide_index=True,
        key="attainment_table",
        column_config={
            column: st.column_config.NumberColumn(format=formats[unit])
            for column, unit in pacing.column_units(shown, lang).items()
            if unit in formats
        },
    )
    download = pacing.attainment_table(attainment, "zh")  # downloads: Chinese headers, raw numbers
    stem = t("download_file", month=month, as_of=as_of.strftime("%Y%m%d"))
    buttons = st.container(horizontal=True)
    buttons.download_button(
        t("download_xlsx"),
        frame_to_xlsx_bytes(download, sheet_name=month, text_columns=(t("col_month", "zh"),)),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="download_xlsx",
        icon=":material/download:",
    )
    buttons.download_button(
        t("download_csv"),
        frame_to_csv_bytes(download),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key="download_csv",
        icon=":material/download:",
    )
