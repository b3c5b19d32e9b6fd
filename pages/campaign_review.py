"""活动复盘: what a campaign really added. The sidebar picks a campaign of the chosen store; the 复盘 tab shows
its cards (GMV, incremental, lift over the baseline, net incremental, refunds, ROI, attainment), the actual vs
baseline timeline, the presale ledger, phases, SKUs and the comparison with earlier editions, and the review
pack to download; the 活动日历 tab shows the year's calendar, the campaign editor, templates, the calendar
file and the candidate days found in the data. Figures come from metrics/ (through ui.cached); writes go
through ui.campaign_editor."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import cached, campaign_charts, campaign_editor, shell
from ui import campaign_review as review_ui
from ui import format as fmt
from ui.feedback import guard, message_for
from ui.filters import localized_selectbox, selected_store
from ui.i18n import current_lang, t
from ui.pacing import beijing_today

IMPORT_PAGE = shell.IMPORT_PAGE
CAMPAIGN_KEY = "campaign_pick"
FORM_KEY = "campaign_form"
ROUND_KEY = "campaign_round"  # bumped when the editor must start again from its form (save, template, pick)
FLASH_KEY = "campaign_flash"
REJECTED_KEY = "campaign_rejected"
CARDS_PER_ROW = 4
FORMATS = {"yuan": "accounting", "fraction": "percent", "count": "localized", "ratio": "%.2f"}
CHART_CONFIG = {"displayModeBar": False}

shell.page_frame()
lang = current_lang()
st.title(t("cr_title"))
st.caption(t("cr_intro"))

names = shell.store_names("cr_no_stores")
state = shell.EditorState(FLASH_KEY, ROUND_KEY)


def number_formats(shown: pd.DataFrame, columns: list[str]) -> dict:
    """column_config for a review_ui.table: number formats by unit, each column's 口径 as its tooltip."""
    units = review_ui.column_units(shown, columns, lang)
    helps = review_ui.column_help(shown, columns, lang)
    config = {}
    for column in shown.columns:
        unit = units.get(column, "text")
        if unit in FORMATS:
            config[column] = st.column_config.NumberColumn(
                column, format=FORMATS[unit], help=helps.get(column)
            )
        elif column in helps:
            config[column] = st.column_config.Column(column, help=helps[column])
    return config


def show_table(frame: pd.DataFrame | None, columns: list[str], key: str, **options) -> None:
    shown = review_ui.table(frame, columns, lang, **options)
    st.dataframe(shown, hide_index=True, key=key, column_config=number_formats(shown, columns))


# ---- which store, which campaign ----
store = selected_store()
if store is None:  # all stores in the sidebar: the calendar belongs to one store, pick it here
    store = localized_selectbox(st.sidebar, t("cr_store"), names, str, "campaign_store", names[0])
calendar = cached.campaign_calendar(store)
options = review_ui.campaign_options(calendar)
labels = review_ui.campaign_labels(calendar)
campaign_id = (
    localized_selectbox(st.sidebar, t("cr_campaign"), options, labels.get, CAMPAIGN_KEY, options[0])
    if options
    else None
)
post_days = st.sidebar.number_input(
    t("cr_post_days"),
    min_value=0,
    max_value=60,
    value=14,
    step=1,
    key="campaign_post_days",
    help=t("cr_post_days_help"),
)
baseline_days = st.sidebar.number_input(
    t("cr_baseline_days"),
    min_value=14,
    max_value=120,
    value=28,
    step=7,
    key="campaign_baseline_days",
    help=t("cr_baseline_days_help"),
)

first_sale, last_sale = cached.sales_dates(store)
if first_sale is None:
    st.info(t("cr_store_no_orders", store=store), icon=":material/inbox:")
    st.page_link(IMPORT_PAGE, label=t("open_import"), icon=":material/upload_file:")
state.show_flash()

review_tab, calendar_tab = st.tabs(
    [t("tab_review"), t("tab_calendar")], key=f"campaign_tab__{lang}", on_change="rerun"
)


# ---- 复盘 ----


def review_section(campaign_id: int) -> None:
    review = cached.campaign_review(
        campaign_id, post_days=post_days, baseline_days=baseline_days, store=store
    )
    summary = review.summary
    st.subheader(summary.get("name") or "")
    st.caption(review_ui.headline(summary, lang))
    baseline_ok = review_ui.has_baseline(summary)
    if not baseline_ok:
        st.warning(
            t("cr_too_little_history", days=fmt.count(summary.get("baseline_fit_days"))),
            icon=":material/history:",
        )
    cards = review_ui.review_cards(summary, lang)
    for start in range(0, len(cards), CARDS_PER_ROW):
        columns = st.columns(CARDS_PER_ROW)
        for column, card in zip(columns, cards[start : start + CARDS_PER_ROW], strict=False):
            column.metric(
                card.label,
                card.value,
                delta=card.delta,
                delta_color=card.delta_color,
                delta_arrow="off",
                help=card.help,
                border=True,
            )
    caption = review_ui.cards_caption(summary, lang)
    if caption:
        st.caption(caption)

    st.plotly_chart(
        campaign_charts.timeline_figure(review.timeline, lang, phases=review.phases),
        key="campaign_timeline",
        config=CHART_CONFIG,
    )
    st.caption(t("cr_timeline_note") if baseline_ok else t("cr_timeline_note_actuals"))

    st.markdown(f"**{t('cr_phases_title')}**")
    show_table(review.phases, review_ui.PHASE_COLUMNS, "campaign_phases")

    st.markdown(f"**{t('cr_presale_title')}**")
    if review_ui.presale_figures(summary):
        p1, p2, p3, p4 = st.columns(4)
        p1.metric(
            t("cr_presale_deposits"),
            fmt.count(summary.get("presale_deposit_orders")),
            delta=fmt.money(summary.get("presale_deposit_amount"), lang),
            delta_color="off",
            delta_arrow="off",
            help=review_ui.help_text("presale_deposit_orders", "presale_deposit_amount", lang=lang),
            border=True,
        )
        p2.metric(
            t("cr_presale_balances"),
            fmt.count(summary.get("presale_balance_paid_orders")),
            delta=fmt.money(summary.get("presale_balance_gmv"), lang),
            delta_color="off",
            delta_arrow="off",
            help=review_ui.help_text("presale_balance_paid_orders", "presale_balance_gmv", lang=lang),
            border=True,
        )
        p3.metric(
            t("cr_presale_rate"),
            fmt.percent(summary.get("balance_payment_rate"), 1),
            delta=t("cr_presale_pending", n=fmt.count(summary.get("presale_pending_orders"))),
            delta_color="off",
            delta_arrow="off",
            help=review_ui.help_text("balance_payment_rate", "presale_pending_orders", lang=lang),
            border=True,
        )
        p4.metric(
            t("cr_presale_forfeited"),
            fmt.money(summary.get("presale_forfeited_deposits"), lang),
            delta=t("cr_presale_forfeited_delta", n=fmt.count(summary.get("presale_forfeited_orders"))),
            delta_color="off",
            delta_arrow="off",
            help=review_ui.help_text("presale_forfeited_orders", "presale_forfeited_deposits", lang=lang),
            border=True,
        )
        left, right = st.columns([3, 2])
        with left:
            show_table(review.presale, review_ui.PRESALE_COLUMNS, "campaign_presale")
        right.plotly_chart(
            campaign_charts.presale_figure(review.presale, lang),
            key="campaign_presale_chart",
            config=CHART_CONFIG,
        )
    else:
        st.caption(t("cr_presale_none"))

    st.markdown(f"**{t('cr_skus_title')}**")
    participants, rest = review_ui.skus_split(review.skus)
    if summary.get("scope") == "skus":
        st.caption(t("cr_skus_note_skus"))
        show_table(participants, review_ui.SKU_COLUMNS, "campaign_skus")
        st.markdown(f"**{t('cr_skus_rest_title')}**")
        show_table(rest, review_ui.SKU_COLUMNS, "campaign_skus_rest")
    else:
        st.caption(t("cr_skus_note_store"))
        show_table(review.skus, review_ui.SKU_COLUMNS, "campaign_skus")

    st.markdown(f"**{t('cr_compare_title')}**")
    comparison = cached.campaign_comparison(
        campaign_id, post_days=post_days, baseline_days=baseline_days, store=store
    )
    compared = review_ui.comparison_table(comparison, lang)
    if compared.empty:
        st.caption(t("cr_compare_none"))
    else:
        st.dataframe(compared, hide_index=True, key="campaign_comparison")

    with st.expander(t("cr_daily_title")):
        show_table(
            review.timeline,
            review_ui.DAILY_COLUMNS,
            "campaign_daily",
            drop_empty=("rest_gmv", "rest_baseline"),
        )
    notes = review_ui.notes(summary, lang)
    if notes:
        with st.expander(t("cr_notes_title"), expanded=not baseline_ok):
            st.markdown("\n".join(f"- {n}" for n in notes))

    st.download_button(
        t("cr_download"),
        review_ui.review_pack_bytes(review, comparison),
        file_name=review_ui.pack_file_name(summary),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="campaign_pack",
        icon=":material/download:",
        type="primary",
    )


if review_tab.open is not False:
    with review_tab:
        if campaign_id is None:
            st.info(t("cr_no_campaigns", store=store), icon=":material/campaign:")
        else:
            with guard(t("cr_title")):
                review_section(campaign_id)


# ---- 活动日历 ----


def load_form(form: dict) -> None:
    """Put a form in the editor (and start its widgets afresh)."""
    st.session_state[FORM_KEY] = form | {"store": store}
    st.session_state.pop(REJECTED_KEY, None)
    state.next_round()


def calendar_view() -> None:
    years = sorted(
        {pd.Timestamp(s).year for s in calendar["starts_at"].dropna()} | {beijing_today().year}, reverse=True
    )
    chosen = calendar.loc[calendar["campaign_id"] == campaign_id, "starts_at"].dropna()
    default_year = pd.Timestamp(chosen.iloc[0]).year if not chosen.empty else years[0]
    year = localized_selectbox(st, t("cal_year"), years, str, "campaign_calendar_year", default_year)
    st.plotly_chart(
        campaign_charts.calendar_figure(calendar, year, lang), key="campaign_calendar", config=CHART_CONFIG
    )
    if calendar.empty:
        st.info(t("cr_no_campaigns", store=store), icon=":material/campaign:")
    else:
        shown = campaign_editor.calendar_table(calendar, lang)
        st.dataframe(
            shown,
            hide_index=True,
            key="campaign_calendar_table",
            column_config=number_formats(shown, campaign_editor.CALENDAR_COLUMNS),
        )


def editor() -> None:
    st.subheader(t("cal_editor_title"))
    st.session_state.setdefault("campaign_author", campaign_editor.default_author())
    round_ = st.session_state.get(ROUND_KEY, 0)
    form = st.session_state.get(FORM_KEY)
    if not form or form.get("store") != store:  # a form belongs to the store it was started for
        form = campaign_editor.blank_form()
        form["store"] = store

    # start from: a stored campaign, a template, or a blank one
    c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
    picks = [None, *options]
    pick = c1.selectbox(
        t("cal_edit_pick"),
        picks,
        index=picks.index(form.get("campaign_id")) if form.get("campaign_id") in picks else 0,
        format_func=lambda c: t("cal_new") if c is None else labels.get(c, str(c)),
        key=f"campaign_edit_pick_{round_}",
    )
    if pick != form.get("campaign_id"):
        found = campaign_editor.detail(pick) if pick is not None else None
        load_form(campaign_editor.form_from_detail(found) if found else campaign_editor.blank_form())
        st.rerun()
    this_year = beijing_today().year
    template_year = c2.selectbox(
        t("cal_template_year"),
        list(range(this_year - 1, this_year + 3)),
        index=1,
        key="campaign_template_year",
    )
    b1, b2 = st.columns(2)
    for column, kind in zip((b1, b2), campaign_editor.TEMPLATES, strict=True):
        if column.button(
            t(f"cal_template_{kind}"), key=f"campaign_template_{kind}", icon=":material/content_copy:"
        ):
            load_form(campaign_editor.template_form(kind, template_year))
            state.flash(
                "info", t("cal_template_loaded", year=template_year, kind=t(f"cal_template_name_{kind}"))
            )
            st.rerun()

    # the campaign
    f1, f2 = st.columns([3, 2])
    form["name"] = f1.text_input(t("cal_name"), value=form.get("name") or "", key=f"campaign_name_{round_}")
    types = list(campaign_editor.CAMPAIGN_TYPES)
    form["campaign_type"] = f2.selectbox(
        t("cal_type"),
        types,
        index=types.index(form["campaign_type"]) if form.get("campaign_type") in types else len(types) - 1,
        key=f"campaign_type_{round_}",
    )
    st.caption(t("cal_phases_help"))
    phases = st.data_editor(
        form["phases"],
        key=f"campaign_phases_{round_}",
        hide_index=True,
        num_rows="dynamic",
        column_config={
            "phase": st.column_config.SelectboxColumn(
                t("cal_phase"), options=list(campaign_editor.PHASES), required=True
            ),
            "starts_at": st.column_config.TextColumn(
                t("cal_starts_at"), help=t("cal_time_help"), max_chars=19
            ),
            "ends_at": st.column_config.TextColumn(t("cal_ends_at"), help=t("cal_time_help"), max_chars=19),
        },
    )
    form["skus"] = st.text_input(
        t("cal_skus"), value=form.get("skus") or "", help=t("cal_skus_help"), key=f"campaign_skus_{round_}"
    )
    m1, m2, m3 = st.columns(3)
    m4, m5, m6 = st.columns(3)
    for column, field, key in (
        (m1, "gmv_target", "cal_target"),
        (m2, "slot_fee", "cal_slot_fee"),
        (m4, "ad_spend", "cal_ad_spend"),
        (m5, "coupon_cost", "cal_coupon_cost"),
    ):
        form[field] = column.number_input(
            t(key),
            value=form.get(field),
            min_value=0.0,
            step=1000.0,
            format="%.2f",
            key=f"campaign_{field}_{round_}",
        )
    form["commission_pct"] = m3.number_input(
        t("cal_commission_pct"),
        value=form.get("commission_pct"),
        min_value=0.0,
        max_value=100.0,
        step=0.5,
        format="%.2f",
        key=f"campaign_commission_{round_}",
    )
    form["margin_pct"] = m6.number_input(
        t("cal_margin_pct"),
        value=form.get("margin_pct"),
        min_value=0.0,
        max_value=100.0,
        step=1.0,
        format="%.2f",
        help=t("cal_margin_help"),
        key=f"campaign_margin_{round_}",
    )
    author = st.text_input(t("cal_author"), key="campaign_author", help=t("cal_author_help")).strip()
    st.session_state[FORM_KEY] = form

    s1, s2 = st.columns([1, 1], vertical_alignment="bottom")
    if s1.button(t("cal_save"), type="primary", key="campaign_save", icon=":material/save:"):
        try:
            result = campaign_editor.save(store, form, phases, author=author)
        except Exception as exc:
            st.error(message_for(exc))
        else:
            if result.rejected:
                st.session_state[REJECTED_KEY] = result.rejected
            else:
                saved_id = result.campaign_ids.get((store, form["name"].strip()))
                st.session_state.pop(REJECTED_KEY, None)
                if saved_id is not None:
                    st.session_state[CAMPAIGN_KEY] = int(saved_id)
                    found = campaign_editor.detail(saved_id)
                    load_form(
                        campaign_editor.form_from_detail(found) if found else campaign_editor.blank_form()
                    )
                state.flash("success", t("cal_saved", name=form["name"].strip()))
                st.rerun()
    rejected = st.session_state.get(REJECTED_KEY)
    if rejected:
        st.error(t("cal_rejected", n=len(rejected)), icon=":material/error:")
        st.dataframe(
            campaign_editor.rejections_table(rejected, lang), hide_index=True, key="campaign_rejections"
        )
    if form.get("campaign_id") is not None:
        confirm = s2.checkbox(
            t("cal_delete_confirm", name=form.get("name")), key=f"campaign_delete_ok_{round_}"
        )
        if s2.button(t("cal_delete"), key="campaign_delete", icon=":material/delete:", disabled=not confirm):
            try:
                deleted = campaign_editor.delete(form["campaign_id"])
            except Exception as exc:
                st.error(message_for(exc))
            else:
                load_form(campaign_editor.blank_form())
                st.session_state.pop(CAMPAIGN_KEY, None)
                state.flash(
                    "success" if deleted else "info", t("cal_deleted" if deleted else "cal_delete_missing")
                )
                st.rerun()

    with st.expander(t("cal_store_margin_title"), icon=":material/percent:"):
        g1, g2 = st.columns([3, 1], vertical_alignment="bottom")
        margin = g1.number_input(
            t("cal_store_margin", store=store),
            value=campaign_editor.store_margin_pct(store),
            min_value=0.0,
            max_value=100.0,
            step=1.0,
            format="%.2f",
            help=t("cal_store_margin_help"),
            key=f"campaign_store_margin_{store}",
        )
        if g2.button(t("cal_store_margin_save"), key="campaign_store_margin_save"):
            try:
                campaign_editor.set_store_margin(store, margin, author=author)
            except Exception as exc:
                st.error(message_for(exc))
            else:
                state.flash("success", t("cal_store_margin_saved", rate=fmt.percent((margin or 0) / 100, 1)))
                st.rerun()


def calendar_file() -> None:
    with st.expander(t("cal_file_title"), icon=":material/upload_file:"):
        st.caption(t("cal_file_intro"))
        template = campaign_editor.calendar_template(store, beijing_today().year)
        d1, d2 = st.columns(2)
        d1.download_button(
            t("plan_template_xlsx"),
            campaign_editor.template_xlsx(template),
            file_name=t("cal_template_file") + ".xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="campaign_template_xlsx",
            icon=":material/download:",
        )
        d2.download_button(
            t("plan_template_csv"),
            campaign_editor.template_csv(template),
            file_name=t("cal_template_file") + ".csv",
            mime="text/csv",
            key="campaign_template_csv",
            icon=":material/download:",
        )
        st.page_link(IMPORT_PAGE, label=t("cal_open_import"), icon=":material/upload_file:")


def candidates_section() -> None:
    st.subheader(t("cand_title"))
    st.caption(t("cand_intro"))
    if first_sale is None:
        st.caption(t("cand_no_orders"))
        return
    open_rows, more, confirmed = campaign_editor.open_candidates(cached.campaign_candidates(store))
    if confirmed:
        st.caption(t("cand_confirmed", n=confirmed))
    if open_rows.empty:
        st.caption(t("cand_none"))
        return
    shown = campaign_editor.candidates_table(open_rows, lang)
    st.dataframe(
        shown,
        hide_index=True,
        key="campaign_candidates",
        column_config=number_formats(shown, campaign_editor.CANDIDATE_COLUMNS),
    )
    author = st.session_state.get("campaign_author") or campaign_editor.default_author()
    for row in open_rows.to_dict("records"):
        day = pd.Timestamp(row["date"]).date()
        skus = list(row["skus"] or [])
        with st.container(border=True):
            st.markdown(
                t("cand_row", day=day.isoformat(), skus="、".join(skus) if skus else t("cand_store_wide"))
            )
            n1, n2 = st.columns([3, 1], vertical_alignment="bottom")
            name = n1.text_input(
                t("cand_name"),
                value=campaign_editor.candidate_name(day),
                key=f"candidate_name_{day.isoformat()}",
            )
            if n2.button(
                t("cand_confirm"), key=f"candidate_confirm_{day.isoformat()}", icon=":material/check:"
            ):
                try:
                    result = campaign_editor.confirm_candidate(store, day, skus, name, author=author)
                except Exception as exc:
                    st.error(message_for(exc))
                else:
                    if result.rejected:
                        st.error(t("cal_rejected", n=len(result.rejected)), icon=":material/error:")
                        st.dataframe(
                            campaign_editor.rejections_table(result.rejected, lang),
                            hide_index=True,
                            key=f"candidate_rejections_{day.isoformat()}",
                        )
                    else:
                        saved_id = result.campaign_ids.get(
                            (store, name.strip() or campaign_editor.candidate_name(day))
                        )
                        if saved_id is not None:
                            st.session_state[CAMPAIGN_KEY] = int(saved_id)
                        state.flash(
                            "success",
                            t("cand_saved", name=name.strip() or campaign_editor.candidate_name(day)),
                        )
                        st.rerun()
    if more:
        st.caption(t("cand_more", n=more))


if calendar_tab.open is not False:
    with calendar_tab:
        for section in (calendar_view, editor, calendar_file, candidates_section):
            with guard():
                section()
