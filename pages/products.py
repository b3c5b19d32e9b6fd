"""商品结构: which SKUs carry the store. The sidebar picks the period (the last 90 days up to yesterday by default,
this month, or any dates), the store, the A/B lines and the new-SKU days; the page shows cards (SKUs selling,
A class, new SKUs, stopped), the Pareto chart with the A/B/C bands, new against old GMV by month, the SKU
table (class, share, growth, status, new) to download, and the SKUs that stopped selling. Figures come from
metrics.products through ui.cached."""

from __future__ import annotations

import streamlit as st

from metrics.products import stopped_rows
from ui import cached, pacing, products_charts, shell
from ui import format as fmt
from ui import restock_view as view
from ui.feedback import guard
from ui.filters import localized_selectbox, selected_store
from ui.i18n import current_lang, t

IMPORT_PAGE = shell.IMPORT_PAGE
PERIODS = ["last90", "this_month", "custom"]
RANGE_KEY = "products_range"
CHART_CONFIG = {"displayModeBar": False}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

shell.page_frame()
lang = current_lang()
st.title(t("pd_title"))
st.caption(t("pd_intro"))

names = shell.store_names("pd_no_stores")

# ---- sidebar: store, period, thresholds ----
store = selected_store()
if store is None:  # all stores in the sidebar: classes are per store, pick it here
    store = localized_selectbox(st.sidebar, t("pd_store"), names, str, "products_store", names[0])
yesterday = pacing.default_as_of()
period = localized_selectbox(
    st.sidebar, t("pd_period"), PERIODS, lambda p: t(f"pd_period_{p}", lang), "products_period", "last90"
)
if period == "custom":
    st.session_state.setdefault(RANGE_KEY, view.period_bounds("last90", yesterday))
    picked = st.sidebar.date_input(t("pd_range"), key=RANGE_KEY, max_value=pacing.beijing_today())
    start, end = (picked[0], picked[-1]) if picked else view.period_bounds("last90", yesterday)
else:
    start, end = view.period_bounds(period, yesterday)
a_pct = st.sidebar.number_input(
    t("pd_a_share"), min_value=1.0, max_value=100.0, value=70.0, step=5.0, key="products_a_pct",
    help=t("pd_share_help"),
)  # fmt: skip
b_pct = st.sidebar.number_input(
    t("pd_b_share"), min_value=1.0, max_value=100.0, value=90.0, step=5.0, key="products_b_pct",
    help=t("pd_share_help"),
)  # fmt: skip
new_days = st.sidebar.number_input(
    t("pd_new_days"), min_value=1, max_value=730, value=90, step=10, key="products_new_days",
    help=t("pd_new_days_help"),
)  # fmt: skip
stop_days = st.sidebar.number_input(
    t("pd_stop_days"), min_value=1, max_value=365, value=30, step=5, key="products_stop_days",
    help=t("pd_stop_days_help"),
)  # fmt: skip
a_share, b_share = a_pct / 100, b_pct / 100
if b_share < a_share:
    st.warning(t("pd_bad_shares", a=fmt.percent(a_share, 0)), icon=":material/warning:")
    b_share = a_share

first_sale, _ = cached.sales_dates(store)
if first_sale is None:
    st.info(t("pd_no_orders", store=store), icon=":material/inbox:")
    st.page_link(IMPORT_PAGE, label=t("open_import"), icon=":material/upload_file:")
    st.stop()

prev_start, prev_end = view.previous_period(start, end)
st.caption(
    t(
        "pd_scope",
        start=start.isoformat(),
        end=end.isoformat(),
        days=(end - start).days + 1,
        prev_start=prev_start.isoformat(),
        prev_end=prev_end.isoformat(),
    )
)
structure = cached.product_structure(
    start, end, store, a_share=a_share, b_share=b_share, new_days=int(new_days), stop_days=int(stop_days)
)
if structure.empty or not view.structure_summary(structure)["skus"]:
    st.info(t("pd_empty", start=start.isoformat(), end=end.isoformat()), icon=":material/inbox:")
    st.page_link(IMPORT_PAGE, label=t("open_import"), icon=":material/upload_file:")
    st.stop()


def column_config(columns: list[str]) -> dict:
    """Labels as they are; number formats and each column's 口径 as its tooltip."""
    config = {}
    for label, (number_format, definition) in view.table_formats(columns, lang, "products").items():
        if number_format == "text":
            config[label] = st.column_config.Column(label, help=definition or None)
        else:
            config[label] = st.column_config.NumberColumn(
                label, format=number_format, help=definition or None
            )
    sku = view.column_label("sku", lang, "products")
    config[sku] = st.column_config.Column(sku, help=view.column_definition("sku", lang), pinned=True)
    return config


def cards() -> None:
    summary = view.structure_summary(structure)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(
        t("pd_card_skus"),
        fmt.count(summary["skus"]),
        delta=t("pd_card_gmv", gmv=fmt.money(summary["gmv"], lang)),
        delta_color="off",
        delta_arrow="off",
        help=view.help_text("gmv", lang=lang, kind="products"),
        border=True,
    )
    c2.metric(
        t("pd_card_a"),
        fmt.count(summary["a_skus"]),
        delta=t("pd_card_share", share=fmt.percent(summary["a_share"], 1)),
        delta_color="off",
        delta_arrow="off",
        help=view.help_text("abc_class", "share", lang=lang, kind="products"),
        border=True,
    )
    c3.metric(
        t("pd_card_new"),
        fmt.count(summary["new_skus"]),
        delta=t("pd_card_share", share=fmt.percent(summary["new_share"], 1)),
        delta_color="off",
        delta_arrow="off",
        help=view.help_text("is_new", "share", lang=lang, kind="products"),
        border=True,
    )
    c4.metric(
        t("pd_card_stopped"),
        fmt.count(summary["stopped"]),
        help=t("pd_card_stopped_help"),
        border=True,
    )


def charts() -> None:
    st.plotly_chart(
        products_charts.pareto_figure(structure, a_share, b_share, lang),
        key="products_pareto",
        config=CHART_CONFIG,
    )
    st.caption(t("pd_pareto_note", a=fmt.percent(a_share, 0), b=fmt.percent(b_share, 0)))
    trend_from = view.trend_start(start, end)
    monthly = cached.new_old_by_month(trend_from, end, store, int(new_days))
    st.plotly_chart(
        products_charts.new_old_figure(monthly, lang),
        key="products_new_old",
        config=CHART_CONFIG,
    )
    st.caption(
        t("pd_newold_note", days=int(new_days)) + f" {trend_from.isoformat()} – {end.isoformat()}",
        help=view.help_text("new_gmv", "old_gmv", "new_share", lang=lang, kind="products"),
    )


def table() -> None:
    st.subheader(t("pd_table_title"))
    st.dataframe(
        view.product_table(structure, lang),
        hide_index=True,
        placeholder=fmt.MISSING,
        key="products_table",
        column_config=column_config(view.PRODUCT_TABLE_COLUMNS),
    )
    st.caption(t("pd_table_caption", n=fmt.count(len(structure))))
    stem = view.file_stem(t("pd_file", store=store, start=f"{start:%Y%m%d}", end=f"{end:%Y%m%d}"))
    buttons = st.container(horizontal=True)
    buttons.download_button(
        t("pd_download_xlsx"),
        view.product_xlsx_bytes(structure),
        file_name=f"{stem}.xlsx",
        mime=XLSX,
        key="products_xlsx",
        icon=":material/download:",
    )
    buttons.download_button(
        t("pd_download_csv"),
        view.product_csv_bytes(structure),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key="products_csv",
        icon=":material/download:",
    )


def stopped() -> None:
    st.subheader(t("pd_stopped_title"))
    frame = stopped_rows(structure)
    if frame.empty:
        st.caption(t("pd_stopped_none"))
        return
    st.caption(t("pd_stopped_caption", days=int(stop_days)))
    st.dataframe(
        view.product_table(frame, lang, view.STOPPED_COLUMNS),
        hide_index=True,
        placeholder=fmt.MISSING,
        key="products_stopped",
        column_config=column_config(view.STOPPED_COLUMNS),
    )


for section in (cards, charts, table, stopped):
    with guard(t("pd_title")):
        section()
