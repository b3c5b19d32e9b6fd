"""数据导入: upload exports (several at once), see what each became, the load history and the data rules."""

from __future__ import annotations

import streamlit as st

from ui import cached, imports, shell, sync
from ui.filters import localized_selectbox, selected_store
from ui.i18n import current_lang, t

AUTO = "__auto__"
NEW = "__new__"
RESULTS_KEY = "import_results"
ROUND_KEY = "upload_round"  # bumped after an import so the uploader starts empty
REJECTIONS_SHOWN = 1000

shell.page_frame()
lang = current_lang()
st.title(t("import_title"))
st.write(t("import_intro"))

# ---- target store ----
store_names = list(cached.stores()["store"])
choice = localized_selectbox(
    st,
    t("import_target_store"),
    [AUTO, *store_names, NEW],
    lambda o: {AUTO: t("import_store_auto", lang), NEW: t("import_store_new", lang)}.get(o, o),
    "import_store",
    selected_store() or AUTO,
)
st.caption(t("import_store_help"))
new_store = st.text_input(t("import_new_store_name"), key="import_new_store").strip() if choice == NEW else ""

# ---- files ----
upload_round = st.session_state.setdefault(ROUND_KEY, 0)
uploads = st.file_uploader(
    t("import_uploader"),
    type=imports.UPLOAD_TYPES,
    accept_multiple_files=True,
    key=f"uploads_{upload_round}",
)
if st.button(t("import_button"), type="primary", key="import_button"):
    if not uploads:
        st.warning(t("import_no_files"))
    elif choice == NEW and not new_store:
        st.warning(t("import_new_store_missing"))
    else:
        target = new_store if choice == NEW else (None if choice == AUTO else choice)
        st.session_state[RESULTS_KEY] = imports.import_uploads(uploads, target)
        st.session_state[ROUND_KEY] = upload_round + 1
        st.rerun()  # refresh the store list everywhere and empty the uploader

# ---- results of the last import in this session ----
results = st.session_state.get(RESULTS_KEY)
if results:
    st.subheader(t("import_results"))
    counts = imports.summary_counts(results)
    show = st.success if counts["rejected"] == 0 else st.warning
    show(t("import_summary", **counts))
    st.table(imports.results_frame(results, lang), hide_index=True)
    rejected = imports.rejections_frame(results, lang)
    if not rejected.empty:
        with st.expander(t("import_rejected_rows", n=len(rejected)), expanded=True):
            if len(rejected) > REJECTIONS_SHOWN:
                st.caption(t("import_rejected_more", shown=REJECTIONS_SHOWN, n=len(rejected)))
            st.dataframe(rejected.head(REJECTIONS_SHOWN), hide_index=True)

# ---- 同步: HTTP sources (sources.toml beside the database) ----
sync.render(lang)

# ---- load history ----
st.subheader(t("history_title"))
history = cached.load_history(200)
if history.empty:
    st.caption(t("history_empty"))
else:
    st.dataframe(imports.history_frame(history, lang), hide_index=True, key="load_history")
    with_rejections = history[history["rejected"].fillna(0) > 0]
    if not with_rejections.empty:
        with st.expander(t("history_rejections")):
            names = dict(zip(with_rejections["load_id"], with_rejections["file_name"], strict=True))
            load_id = st.selectbox(
                t("history_pick_load"),
                list(names),
                format_func=lambda i: f"#{i} {names[i]}",
                key="history_load",
            )
            rows = cached.load_rejections(int(load_id))
            if rows.empty:
                st.caption(t("history_no_rejections"))
            else:
                st.dataframe(imports.stored_rejections_frame(rows, lang), hide_index=True)

# ---- data rules ----
with st.expander(t("rules_title")):
    st.markdown(t("rules_body"))
