"""补货建议: what to reorder, how much and by when. The sidebar picks the as-of day (yesterday by default) and the
store; the page warns when the stock snapshot is stale, counts the SKUs per status in cards, shows the restock
table most urgent first (filter by status, ABC class, supplier; every column's 口径 in its tooltip), one SKU's
explanation and its projected stock over the next 60 days, the 采购建议单 to download, and the restock
settings (store defaults, the per-SKU editor, the settings template). Figures come from metrics/ through
ui.cached; writes go through ui.sku_settings_editor."""

from __future__ import annotations

import streamlit as st

from ui import cached, pacing, restock_charts, shell
from ui import format as fmt
from ui import restock_view as view
from ui import sku_settings_editor as editor
from ui.feedback import guard, message_for
from ui.filters import localized_selectbox, selected_store
from ui.i18n import current_lang, t

IMPORT_PAGE = shell.IMPORT_PAGE
AS_OF_KEY = "restock_as_of"
ROUND_KEY = "restock_round"  # bumped after a save, so the editors start again from what is stored
FLASH_KEY = "restock_flash"
REJECTED_KEY = "restock_rejected"
PROJECTION_DAYS = 60
CARD_WIDTH = 150  # px: seven cards in one row on a laptop, two a row on a phone
CHART_CONFIG = {"displayModeBar": False}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

shell.page_frame()
lang = current_lang()
st.title(t("rs_title"))
st.caption(t("rs_intro"))

names = shell.store_names("rs_no_stores")
state = shell.EditorState(FLASH_KEY, ROUND_KEY)


# ---- sidebar: which store, as of which day ----
store = selected_store()
if store is None:  # all stores in the sidebar: restock is planned per store, pick it here
    store = localized_selectbox(st.sidebar, t("rs_store"), names, str, "restock_store", names[0])
st.session_state.setdefault(AS_OF_KEY, pacing.default_as_of())
as_of = st.sidebar.date_input(
    t("rs_as_of"), key=AS_OF_KEY, max_value=pacing.beijing_today(), help=t("rs_as_of_help")
)
round_ = st.session_state.get(ROUND_KEY, 0)
state.show_flash()


def column_config(columns: list[str]) -> dict:
    """Chinese (or English) labels as they are; number formats and each column's 口径 as its tooltip."""
    config = {}
    for label, (number_format, definition) in view.table_formats(columns, lang).items():
        if number_format == "text":
            config[label] = st.column_config.Column(label, help=definition or None)
        else:
            config[label] = st.column_config.NumberColumn(
                label, format=number_format, help=definition or None
            )
    sku = view.column_label("sku", lang)
    if sku in config:
        config[sku] = st.column_config.Column(sku, help=view.column_definition("sku", lang), pinned=True)
    return config


def status_cards(frame) -> None:
    """One small card per status; they sit in a row that wraps (two a row on a phone)."""
    counts = view.status_counts(frame)
    row = st.container(horizontal=True, wrap=True, gap="small", key="restock_cards")
    for status in view.CARD_STATUSES:
        row.metric(
            view.status_label(status, lang),
            fmt.count(counts[status]),
            help=view.status_help(status, lang) + "\n\n" + t("rs_card_help_tail"),
            border=True,
            width=CARD_WIDTH,
        )
    totals = view.purchase_totals(frame)
    if totals["skus"]:
        n, qty = fmt.count(totals["skus"]), fmt.count(totals["units"])
        if totals["value"] is None:
            st.caption(t("rs_purchase_summary_no_cost", n=n, qty=qty))
        else:
            st.caption(t("rs_purchase_summary", n=n, qty=qty, value=fmt.money(totals["value"], lang)))


def sku_section(rows) -> None:
    """One SKU: its explanation, four figures, and the projected stock chart."""
    st.subheader(t("rs_sku_title", days=PROJECTION_DAYS))
    records = {r["sku"]: r for r in rows.to_dict("records")}
    options = list(records)
    sku = localized_selectbox(
        st,
        t("rs_sku_pick"),
        options,
        lambda s: view.sku_choice_label(records[s], lang),
        "restock_sku",
        options[0],
    )
    row = records[sku]
    st.info(view.explanation(row, lang), icon=":material/calculate:")
    figures = (
        ("suggested_qty", fmt.count(row.get("suggested_qty"))),
        ("order_by", view.date_text(row.get("order_by")) or fmt.MISSING),
        ("days_of_cover", fmt.MISSING if pacing.number(row.get("days_of_cover")) is None
         else f"{pacing.number(row.get('days_of_cover')):,.1f}"),
        ("reorder_point", fmt.count(row.get("reorder_point"))),
    )  # fmt: skip
    columns = st.columns(len(figures))
    for column, (name, value) in zip(columns, figures, strict=True):
        column.metric(view.column_label(name, lang), value, help=view.help_text(name, lang=lang), border=True)
    projection = cached.projected_stock(store, sku, as_of, PROJECTION_DAYS)
    st.plotly_chart(
        restock_charts.projected_stock_figure(
            projection, lang, title=t("rs_chart_title", sku=sku, days=PROJECTION_DAYS)
        ),
        key="restock_projection",
        config=CHART_CONFIG,
    )
    st.caption(
        t("rs_chart_note"),
        help=view.help_text(
            "projected_available", "projected_with_order", "reorder_point", "safety_stock", lang=lang
        ),
    )


def purchase_section(frame) -> None:
    st.subheader(t("rs_purchase_title"))
    if not view.purchase_totals(frame)["skus"]:
        st.caption(t("rs_purchase_none", as_of=as_of.isoformat()))
        return
    st.caption(t("rs_purchase_caption"))
    stem = view.file_stem(t("rs_purchase_file", store=store, as_of=f"{as_of:%Y%m%d}"))
    buttons = st.container(horizontal=True)
    buttons.download_button(
        t("rs_download_xlsx"),
        view.purchase_xlsx_bytes(frame),
        file_name=f"{stem}.xlsx",
        mime=XLSX,
        key="restock_purchase_xlsx",
        icon=":material/download:",
        type="primary",
    )
    buttons.download_button(
        t("rs_download_csv"),
        view.purchase_csv_bytes(frame),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key="restock_purchase_csv",
        icon=":material/download:",
    )


def restock_section() -> None:
    dates = cached.snapshot_dates(store)
    if not dates:
        st.info(t("rs_no_inventory", store=store), icon=":material/inventory_2:")
        st.page_link(IMPORT_PAGE, label=t("rs_open_import_stock"), icon=":material/upload_file:")
        return
    if dates[0] > as_of:
        st.warning(t("rs_before_first_snapshot", as_of=as_of.isoformat(), first=dates[0].isoformat()))
        return
    frame = cached.restock(as_of, store)
    if frame.empty:
        st.info(t("rs_empty", as_of=as_of.isoformat()), icon=":material/inbox:")
        return
    snapshot = view.snapshot_state(frame)
    if snapshot["stale"] and snapshot["snapshot_date"] is not None:
        limit = editor.settings_in_force(cached.store_defaults(store))["stale_snapshot_days"]
        st.warning(
            t(
                "rs_stale",
                days=snapshot["age_days"],
                snapshot=snapshot["snapshot_date"].isoformat(),
                as_of=as_of.isoformat(),
                limit=limit,
            ),
            icon=":material/history:",
        )
    elif snapshot["snapshot_date"] is not None:
        st.caption(
            t(
                "rs_snapshot_caption",
                snapshot=snapshot["snapshot_date"].isoformat(),
                as_of=as_of.isoformat(),
                days=snapshot["age_days"],
            )
        )
    status_cards(frame)

    st.subheader(t("rs_table_title"))
    f1, f2, f3 = st.columns(3)
    statuses = f1.multiselect(
        t("rs_filter_status"),
        view.ordered_statuses(frame["status"]),
        format_func=lambda s: view.status_label(s, lang),
        key=f"restock_filter_status__{lang}",
        placeholder=t("rs_filter_all"),
    )
    classes = f2.multiselect(
        t("rs_filter_class"),
        view.class_options(frame),
        key="restock_filter_class",
        placeholder=t("rs_filter_all"),
    )
    suppliers = f3.multiselect(
        t("rs_filter_supplier"),
        view.supplier_options(frame),
        format_func=lambda s: t("rs_no_supplier") if s == view.NO_SUPPLIER else s,
        key=f"restock_filter_supplier__{lang}",
        placeholder=t("rs_filter_all"),
    )
    rows = view.filter_restock(frame, statuses, classes, suppliers)
    if rows.empty:
        st.caption(t("rs_filtered_empty"))
    else:
        st.dataframe(
            view.restock_table(rows, lang),
            hide_index=True,
            placeholder=fmt.MISSING,
            key="restock_table",
            column_config=column_config(view.RESTOCK_TABLE_COLUMNS),
        )
        st.caption(t("rs_table_caption", shown=len(rows), total=len(frame)))
        sku_section(rows)
    purchase_section(frame)


def defaults_form(author: str) -> None:
    st.markdown(f"**{t('rs_defaults_title')}**")
    st.caption(t("rs_defaults_intro"))
    stored = cached.store_defaults(store)
    values = editor.default_values(stored)
    system = editor.code_defaults()
    form = {}
    fields = list(editor.DEFAULT_FIELDS)
    for start in range(0, len(fields), 3):
        columns = st.columns(3)
        for column, key in zip(columns, fields[start : start + 3], strict=False):
            level = key == "service_level"
            help_text = (
                t(f"rs_default_help_{key}")
                if key in ("overstock_days", "dead_stock_days", "new_sku_days", "stale_snapshot_days")
                else view.column_definition(key, lang)
            )
            form[key] = column.number_input(
                t(f"rs_default_{key}"),
                value=values[key],
                min_value=0.0 if level else 0,
                max_value=1.0 if level else None,
                step=0.01 if level else 1,
                format="%.2f" if level else "%d",
                placeholder=t("rs_default_placeholder", value=system[key]),
                help=help_text or None,
                key=f"restock_default_{key}_{store}_{round_}",
            )
    if st.button(t("rs_defaults_save"), key="restock_defaults_save", icon=":material/save:"):
        changed = editor.changed_defaults(form, stored)
        if not changed:
            st.info(t("rs_nothing_changed"))
            return
        try:
            editor.save_defaults(store, changed, author=author)
        except Exception as exc:
            st.error(message_for(exc), icon=":material/error:")
        else:
            state.next_round()
            state.flash("success", t("rs_defaults_saved"))
            st.rerun()


def sku_editor(author: str) -> None:
    st.markdown(f"**{t('rs_editor_title')}**")
    st.caption(t("rs_editor_intro"))
    template = cached.sku_settings_template(store)
    base = editor.editor_frame(template)
    if base.empty:
        st.caption(t("rs_editor_empty"))
        return
    labels = editor.column_labels(lang)
    edited = st.data_editor(
        base,
        key=f"restock_settings_{store}_{round_}",
        hide_index=True,
        placeholder=t("rs_editor_default"),
        num_rows="fixed",
        disabled=["sku", "name"],
        column_config={
            "sku": st.column_config.TextColumn(labels["sku"], pinned=True),
            "name": st.column_config.TextColumn(labels["name"]),
            "supplier": st.column_config.TextColumn(labels["supplier"], max_chars=200),
            **{
                c: st.column_config.NumberColumn(
                    labels[c], min_value=0, step=1, format="%d", help=view.column_definition(c, lang)
                )
                for c in editor.WHOLE_COLUMNS
            },
            "service_level": st.column_config.NumberColumn(
                labels["service_level"],
                min_value=0.0,
                max_value=1.0,
                step=0.01,
                format="%.2f",
                help=t("rs_service_help"),
            ),  # fmt: skip
            "unit_cost": st.column_config.NumberColumn(
                labels["unit_cost"],
                min_value=0.0,
                format="%.2f",
                help=view.column_definition("unit_cost", lang),
            ),
            "active": st.column_config.SelectboxColumn(
                labels["active"], options=list(editor.ACTIVE_OPTIONS), help=t("rs_active_help")
            ),
        },
    )
    if st.button(t("rs_editor_save"), type="primary", key="restock_settings_save", icon=":material/save:"):
        rows = editor.rows_to_save(edited, base)
        if not rows:
            st.session_state.pop(REJECTED_KEY, None)
            st.info(t("rs_nothing_changed"))
        else:
            try:
                result = editor.save_rows(store, rows, author=author)
            except Exception as exc:
                st.error(message_for(exc), icon=":material/error:")
            else:
                if result.rejected:
                    st.session_state[REJECTED_KEY] = (store, result.rejected, rows)
                else:
                    st.session_state.pop(REJECTED_KEY, None)
                    state.next_round()
                    state.flash(
                        "success", t("rs_editor_saved", inserted=result.inserted, updated=result.updated)
                    )
                    st.rerun()
    rejected = st.session_state.get(REJECTED_KEY)
    if rejected and rejected[0] == store:
        st.error(t("rs_editor_rejected", n=len(rejected[1])), icon=":material/error:")
        st.dataframe(
            editor.rejections_table(rejected[1], rejected[2], lang), hide_index=True, key="restock_rejections"
        )


def settings_section() -> None:
    with st.expander(
        t("rs_settings_title"), icon=":material/tune:", expanded=bool(st.session_state.get(REJECTED_KEY))
    ):
        st.session_state.setdefault("restock_author", editor.default_author())
        author = st.text_input(t("rs_author"), key="restock_author", help=t("rs_author_help")).strip()
        defaults_form(author)
        st.divider()
        sku_editor(author)
        st.divider()
        st.caption(t("rs_template_intro"))
        xlsx, csv = editor.template_files(cached.sku_settings_template(store))
        stem = view.file_stem(t("rs_template_file", store=store))
        buttons = st.container(horizontal=True)
        buttons.download_button(
            t("rs_template_xlsx"), xlsx, file_name=f"{stem}.xlsx", mime=XLSX, key="restock_template_xlsx",
            icon=":material/download:",
        )  # fmt: skip
        buttons.download_button(
            t("rs_template_csv"), csv, file_name=f"{stem}.csv", mime="text/csv", key="restock_template_csv",
            icon=":material/download:",
        )  # fmt: skip
        st.page_link(IMPORT_PAGE, label=t("rs_open_import_settings"), icon=":material/upload_file:")


with guard(t("rs_title")):
    restock_section()
with guard(t("rs_settings_title")):
    settings_section()
