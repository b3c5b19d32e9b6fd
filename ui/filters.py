"""The shared sidebar (language switch, store selector) and how pages read the user's choices.

Widgets live in app.py's run, so their values survive page switches; pages call `selected_store()`.
"""

from __future__ import annotations

import streamlit as st

from ui import cached
from ui.i18n import DEFAULT_LANG, LANG_KEY, LANG_NAMES, LANGS, current_lang, t

STORE_KEY = "store"
ALL_STORES = "__all_stores__"  # sentinel option; real store names come from the database


def language_switch() -> str:
    """The 中文/English switch; returns the chosen language code."""
    if st.session_state.get(LANG_KEY) not in LANGS:
        st.session_state[LANG_KEY] = DEFAULT_LANG
    st.sidebar.segmented_control(
        t("sidebar_language"),
        LANGS,
        format_func=LANG_NAMES.__getitem__,
        key=LANG_KEY,
        required=True,
    )
    return st.session_state[LANG_KEY]


def localized_selectbox(container, label: str, options: list, format_func, state_key: str, default):
    """A selectbox whose option labels follow the language: the choice lives under `state_key`, the widget
    under a key per language. (A widget keeps showing the label it had when its labels change, so a
    language switch gives it a fresh widget instead.) Returns the current choice."""
    widget_key = f"{state_key}__{current_lang()}"
    if st.session_state.get(state_key) not in options:
        st.session_state[state_key] = default
    st.session_state[widget_key] = st.session_state[state_key]

    def keep_choice() -> None:
        st.session_state[state_key] = st.session_state[widget_key]

    container.selectbox(label, options, format_func=format_func, key=widget_key, on_change=keep_choice)
    return st.session_state[state_key]


def store_selector() -> str | None:
    """The store picker (all stores, or one); returns the chosen store name, or None for all."""
    frame = cached.stores()
    names = list(frame["store"])
    demo = set(frame.loc[frame["is_demo"].astype(bool), "store"])
    options = [ALL_STORES, *names]  # a store that went away (e.g. the demo) falls back to all stores
    lang = current_lang()

    def label(option: str) -> str:
        if option == ALL_STORES:
            return t("sidebar_all_stores", lang)
        return option + (t("demo_suffix", lang) if option in demo else "")

    localized_selectbox(st.sidebar, t("sidebar_store"), options, label, STORE_KEY, ALL_STORES)
    return selected_store()


def selected_store() -> str | None:
    """The store chosen in the sidebar, or None for all stores."""
    value = st.session_state.get(STORE_KEY, ALL_STORES)
    return None if value == ALL_STORES else value


def demo_in_view() -> list[str]:
    """Demo stores that the current selection shows (all stores, or the one picked)."""
    frame = cached.stores()
    demo = list(frame.loc[frame["is_demo"].astype(bool), "store"])
    chosen = selected_store()
    return demo if chosen is None else [s for s in demo if s == chosen]
