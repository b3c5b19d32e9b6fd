"""月度计划: a store's annual target, its monthly targets in an editor (or a draft split from the annual target),
plan file upload and template, the version history, and the daily target curve with single-day overrides.
Every write goes through ui.planning (the write funnel); plans/ validates and versions it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import plans
from ui import cached, imports, pacing, pacing_charts, planning, shell
from ui import format as fmt
from ui.feedback import message_for
from ui.filters import localized_selectbox, selected_store
from ui.i18n import current_lang, t

ROUND_KEY = "plan_round"  # bumped after a save or a new draft, so the editor starts from the stored plan
DRAFT_KEY = "plan_draft"
FLASH_KEY = "plan_flash"
UPLOAD_KEY = "plan_upload_results"

shell.page_frame()
lang = current_lang()
st.title(t("plan_title"))
st.caption(t("plan_intro"))

names = shell.store_names("plan_no_stores")
state = shell.EditorState(FLASH_KEY, ROUND_KEY)


# ---- which store, which year, who ----
this_year = pacing.default_as_of().year
top = st.columns([2, 1, 2])
store = selected_store()
if store is None:
    store = localized_selectbox(top[0], t("plan_store"), names, str, "plan_store", names[0])
else:
    top[0].text_input(t("plan_store"), value=store, disabled=True)  # chosen in the sidebar
year = localized_selectbox(
    top[1], t("plan_year"), list(range(this_year - 2, this_year + 3)), str, "plan_year", this_year
)
st.session_state.setdefault("plan_author", planning.default_author())
author = top[2].text_input(t("plan_author"), key="plan_author", help=t("plan_author_help")).strip()
state.show_flash()

# ---- annual target, and a draft split from it ----
st.subheader(t("plan_annual_title"))
annual_rows = cached.annual_targets(year, store)
annual_row = annual_rows.iloc[0].to_dict() if not annual_rows.empty else {}
annual_set = bool(annual_row.get("annual_is_set"))
stored_annual = pacing.number(annual_row.get("annual_target")) if annual_set else None
amount = st.number_input(
    t("plan_annual_input"),
    value=stored_annual,
    min_value=0.0,
    step=10000.0,
    format="%.2f",
    key=f"plan_annual_{store}_{year}",
    help=t("plan_annual_help"),
)
b1, b2 = st.columns(2)
if b1.button(t("plan_annual_save"), key="plan_annual_save", icon=":material/save:"):
    try:
        version = planning.set_annual(store, year, amount, author=author)
    except Exception as exc:
        st.error(message_for(exc))
    else:
        state.flash("success", t("plan_annual_saved", version=version) if version else t("plan_unchanged"))
        st.rerun()
if b2.button(t("plan_draft_button"), key="plan_draft_button", icon=":material/auto_fix_high:"):
    if not amount:
        st.warning(t("plan_draft_need_amount"))
    else:
        draft = cached.draft_plan(store, year, amount)
        st.session_state[DRAFT_KEY] = {"store": store, "year": year, "frame": draft}
        state.next_round()
        st.rerun()

# ---- the month table ----
st.subheader(t("plan_months_title"))
in_force = cached.plan_in_force(store, year)
draft_state = st.session_state.get(DRAFT_KEY)
draft = (
    draft_state["frame"]
    if draft_state and (draft_state["store"], draft_state["year"]) == (store, year)
    else None
)
if draft is not None:
    basis = draft["basis"].iloc[0] if "basis" in draft.columns and not draft.empty else ""
    st.info(
        t("plan_draft_active", basis=t(f"draft_basis_{basis}") if basis else ""), icon=":material/edit_note:"
    )
    if st.button(t("plan_draft_discard"), key="plan_draft_discard"):
        st.session_state.pop(DRAFT_KEY, None)
        state.next_round()
        st.rerun()
base = planning.editor_frame(in_force, year, draft)
money_format = "accounting"
edited = st.data_editor(
    base,
    key=f"plan_editor_{store}_{year}_{st.session_state.get(ROUND_KEY, 0)}",
    hide_index=True,
    num_rows="fixed",
    disabled=["month", "version"],
    column_config={
        "month": st.column_config.TextColumn(t("col_month"), pinned=True),
        "gmv_target": st.column_config.NumberColumn(
            plans.FIELD_HEADERS["gmv_target"], min_value=0.0, format=money_format, help=t("plan_help_gmv")
        ),
        "net_sales_target": st.column_config.NumberColumn(
            plans.FIELD_HEADERS["net_sales_target"], min_value=0.0, format=money_format
        ),
        "visitors_target": st.column_config.NumberColumn(
            plans.FIELD_HEADERS["visitors_target"], min_value=0, step=1, format="localized"
        ),
        planning.CONVERSION_PCT: st.column_config.NumberColumn(
            t("plan_conversion_pct"), min_value=0.0, max_value=100.0, format="%.2f%%", help=t("plan_help_pct")
        ),
        "aov_target": st.column_config.NumberColumn(
            plans.FIELD_HEADERS["aov_target"], min_value=0.0, format=money_format
        ),
        "owner": st.column_config.TextColumn(plans.FIELD_HEADERS["owner"], max_chars=100),
        "version": st.column_config.NumberColumn(t("plan_version"), help=t("plan_help_version")),
    },
)

months_total = planning.months_sum(edited)
annual_for_sum = pacing.number(amount) if amount else stored_annual
m1, m2, m3 = st.columns(3)
m1.metric(
    t("plan_annual_short"),
    fmt.money(annual_for_sum, lang) if annual_for_sum is not None else t("plan_annual_unset"),
    help=t("plan_annual_help"),
    border=True,
)
m2.metric(t("plan_months_sum"), fmt.money(months_total, lang), border=True)
difference = None if annual_for_sum is None or months_total is None else annual_for_sum - months_total
m3.metric(
    t("plan_difference"),
    fmt.money(difference, lang),
    help=t("plan_difference_help"),
    border=True,
)
if difference is not None and abs(difference) >= 0.005:
    key = "plan_months_short" if difference > 0 else "plan_months_over"
    st.warning(t(key, amount=fmt.money_exact(abs(difference))), icon=":material/warning:")

if st.button(t("plan_save"), type="primary", key="plan_save", icon=":material/save:"):
    rows = planning.rows_to_save(edited, in_force, store=store, year=year)
    if not rows:
        st.info(t("plan_nothing_changed"))
    else:
        try:
            result = planning.save_months(
                rows, author=author, source="draft" if draft is not None else "editor"
            )
        except Exception as exc:
            st.error(message_for(exc))
        else:
            if result.rejected:
                st.error(t("plan_rejected", n=len(result.rejected)), icon=":material/error:")
                st.dataframe(
                    planning.rejections_table(result.rejected, year, lang),
                    hide_index=True,
                    key="plan_rejections",
                )
            else:
                st.session_state.pop(DRAFT_KEY, None)
                state.next_round()
                state.flash(
                    "success",
                    t(
                        "plan_saved",
                        inserted=result.inserted,
                        updated=result.updated,
                        unchanged=result.unchanged,
                    ),
                )
                st.rerun()

# ---- plan file: upload and template ----
with st.expander(t("plan_file_title"), icon=":material/upload_file:"):
    st.caption(t("plan_file_intro"))
    template = plans.template_frame([store], year)
    d1, d2 = st.columns(2)
    d1.download_button(
        t("plan_template_xlsx"),
        plans.template_xlsx_bytes(template),
        file_name=t("plan_template_name", year=year) + ".xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="plan_template_xlsx",
        icon=":material/download:",
    )
    d2.download_button(
        t("plan_template_csv"),
        plans.template_csv_bytes(template),
        file_name=t("plan_template_name", year=year) + ".csv",
        mime="text/csv",
        key="plan_template_csv",
        icon=":material/download:",
    )
    upload = st.file_uploader(
        t("plan_file_uploader"),
        type=imports.UPLOAD_TYPES,
        key=f"plan_upload_{st.session_state.get(ROUND_KEY, 0)}",
    )
    if st.button(t("plan_file_import"), key="plan_file_import"):
        if upload is None:
            st.warning(t("import_no_files"))
        else:
            st.session_state[UPLOAD_KEY] = imports.import_uploads([upload], None, author=author or None)
            state.next_round()
            st.rerun()
    results = st.session_state.get(UPLOAD_KEY)
    if results:
        st.table(imports.results_frame(results, lang), hide_index=True)
        rejected = imports.rejections_frame(results, lang)
        if not rejected.empty:
            st.dataframe(rejected, hide_index=True, key="plan_file_rejections")

# ---- version history ----
st.subheader(t("plan_history_title"))
history = planning.history_table(cached.plan_history(store, str(year)), year, lang)
if history.empty:
    st.caption(t("plan_history_empty"))
else:
    st.caption(t("plan_history_intro"))
    st.dataframe(
        history,
        hide_index=True,
        key="plan_history",
        column_config={t("hist_in_force", lang): st.column_config.CheckboxColumn(t("hist_in_force", lang))},
    )

# ---- the daily target curve and single-day overrides ----
st.subheader(t("plan_curve_title"))
months = planning.year_months(year)
as_of = pacing.default_as_of()
default_month = pacing.month_key(as_of) if as_of.year == year else months[0]
month = localized_selectbox(st, t("col_month"), months, str, "plan_curve_month", default_month)
daily = cached.daily_targets(store, month, as_of)
st.plotly_chart(
    pacing_charts.daily_target_figure(daily, lang=lang), key="plan_curve", config={"displayModeBar": False}
)
if daily.empty or not pacing_charts.has_target(pacing_charts.month_frame(daily)):
    st.caption(t("plan_curve_no_target", month=month))
st.caption(t("plan_curve_rule"))

first_day, last_day = pacing.month_bounds(month)
o1, o2, o3 = st.columns([2, 2, 1], vertical_alignment="bottom")
day = o1.date_input(
    t("plan_override_day"), value=first_day, min_value=first_day, max_value=last_day, key=f"plan_day_{month}"
)
day_amount = o2.number_input(
    t("plan_override_amount"), value=None, min_value=0.0, step=1000.0, format="%.2f", key="plan_day_amount"
)
if o3.button(t("plan_override_set"), key="plan_override_set"):
    if day_amount is None:
        st.warning(t("plan_override_need_amount"))
    else:
        try:
            planning.set_day(store, day, day_amount, author=author)
        except Exception as exc:
            st.error(message_for(exc))
        else:
            state.flash(
                "success", t("plan_override_saved", day=day.isoformat(), amount=fmt.money_exact(day_amount))
            )
            st.rerun()

overrides = cached.day_overrides(store, month)
if not overrides.empty:
    shown = pd.DataFrame(
        {
            t("plan_override_day"): [pd.Timestamp(d).date().isoformat() for d in overrides["date"]],
            t("plan_override_amount"): pd.to_numeric(overrides["gmv_target"].map(pacing.number)),
            t("hist_changed_by"): overrides["updated_by"],
        }
    )
    st.dataframe(shown, hide_index=True, key="plan_overrides")
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    days = [pd.Timestamp(d).date() for d in overrides["date"]]
    clear_day = c1.selectbox(
        t("plan_override_clear_pick"), days, format_func=lambda d: d.isoformat(), key="plan_clear_day"
    )
    if c2.button(t("plan_override_clear"), key="plan_override_clear"):
        try:
            planning.set_day(store, clear_day, None, author=author)
        except Exception as exc:
            st.error(message_for(exc))
        else:
            state.flash("success", t("plan_override_cleared", day=clear_day.isoformat()))
            st.rerun()
