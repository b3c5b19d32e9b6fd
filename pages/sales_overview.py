"""销售概览: KPI cards for a date range, the daily paid GMV / net sales chart, and a month-by-month table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from metrics.definitions import definition, label
from ui import cached, charts, shell
from ui import format as fmt
from ui.filters import selected_store
from ui.i18n import current_lang, t

IMPORT_PAGE = "pages/import_data.py"
MONTHLY_COLUMNS = ["period", "paid_gmv", "refunds", "net_sales", "paid_orders", "paid_buyers", "unique_skus"]
MONEY = {"paid_gmv", "refunds", "net_sales"}

shell.page_frame()
lang = current_lang()
store = selected_store()

st.title(t("overview_title"))
st.caption(t("overview_scope_store", store=store) if store else t("overview_scope_all"))

first, last = cached.sales_dates(store)
if first is None:
    st.info(t("overview_empty"), icon=":material/inbox:")
    st.page_link(IMPORT_PAGE, label=t("open_import"), icon=":material/upload_file:")
    st.stop()

# ---- date range: the last 30 days of data by default ----
default_start = max(first, last - dt.timedelta(days=29))
picked = st.date_input(
    t("overview_range"),
    value=(default_start, last),
    min_value=first,
    max_value=last,
    key="overview_range",
    help=t("overview_range_hint", start=first, end=last),
)
if not isinstance(picked, tuple | list) or len(picked) != 2:
    st.info(t("overview_pick_end"))
    st.stop()
start, end = picked

# ---- KPI cards ----
summary = cached.sales_summary(start, end, store)
traffic = cached.traffic_summary(start, end, store)


def card(column, name: str, value: str) -> None:
    """One KPI card with its definition (口径) as help text."""
    column.metric(t(f"kpi_{name}"), value, help=definition(name, lang) or None, border=True)


row1 = st.columns(4)
card(row1[0], "paid_gmv", fmt.money(summary.get("paid_gmv"), lang))
card(row1[1], "refunds", fmt.money(summary.get("refunds"), lang))
card(row1[2], "net_sales", fmt.money(summary.get("net_sales"), lang))
card(row1[3], "paid_orders", fmt.count(summary.get("paid_orders")))
row2 = st.columns(4)
card(row2[0], "paid_buyers", fmt.count(summary.get("paid_buyers")))
card(row2[1], "visitors", fmt.count(traffic.get("visitors")))
row2[2].metric(
    t("kpi_conversion"),
    fmt.percent(traffic.get("pay_conversion")),
    help=definition("pay_conversion", lang) or None,
    border=True,
)
card(row2[3], "avg_order_value", fmt.money(summary.get("avg_order_value"), lang))
if traffic.get("visitors") is None:
    st.caption(t("kpi_no_traffic"))

# ---- daily chart ----
daily = cached.sales("day", start, end, store)
st.plotly_chart(charts.daily_sales_figure(daily, lang, start, end), key="daily_sales_chart")

# ---- monthly table (all data) ----
st.subheader(t("monthly_title"))
monthly = cached.sales("month", None, None, store)[MONTHLY_COLUMNS].copy()
for column in MONTHLY_COLUMNS[1:]:
    monthly[column] = pd.to_numeric(monthly[column], errors="coerce")
config = {
    column: st.column_config.NumberColumn(
        label(column, lang) + ("（元）" if lang == "zh" else " (¥)")
        if column in MONEY
        else label(column, lang),
        help=definition(column, lang) or None,
        format="accounting" if column in MONEY else "localized",
    )
    for column in MONTHLY_COLUMNS[1:]
}
config["period"] = st.column_config.TextColumn(t("col_period"), help=definition("period", lang) or None)
st.dataframe(monthly.sort_values("period", ascending=False), hide_index=True, column_config=config)
