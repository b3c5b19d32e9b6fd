"""The frame around every page: language switch, database, demo store, store selector; then the demo banner.

It also keeps the app in st.navigation mode. Streamlit sees the pages/ folder and, until some run of the
server has called st.navigation, runs in legacy pages-folder mode: the first run of a fresh server goes
through a wrapper (so the widgets it draws get ids that the next run does not match, and the first click is
lost), and a first request naming a page (/import_data) runs that page's file without app.py. Both cases
call st.navigation and rerun at once, so every later run is a normal one.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

import db
from ui import cached, demo, feedback, filters
from ui.i18n import t

PAGE_TITLE = "店铺运营驾驶舱"


def pages() -> list:
    """The app's pages, titled in the current language (the first is the default)."""
    return [
        st.Page("pages/today.py", title=t("page_today"), icon=":material/flag:", default=True),
        st.Page("pages/sales_overview.py", title=t("page_sales_overview"), icon=":material/bar_chart:"),
        st.Page("pages/plan.py", title=t("page_plan"), icon=":material/edit_calendar:"),
        st.Page("pages/campaign_review.py", title=t("page_campaign"), icon=":material/campaign:"),
        st.Page("pages/restock.py", title=t("page_restock"), icon=":material/inventory_2:"),
        st.Page("pages/products.py", title=t("page_products"), icon=":material/category:"),
        st.Page("pages/import_data.py", title=t("page_import_data"), icon=":material/upload_file:"),
    ]


def legacy_mode() -> bool:
    """Whether this run started in Streamlit's legacy pages-folder mode (see the module docstring)."""
    return bool(getattr(PagesManager, "uses_pages_directory", False))


def frame() -> None:
    """Draw the shared sidebar and open the database; stop with one readable error if it cannot be opened."""
    filters.language_switch()
    try:
        cached.get_connection()
    except db.DatabaseLocked as exc:
        st.error(str(exc), icon=":material/lock:")
        st.stop()
    except Exception as exc:
        feedback.show_error(exc)
        st.stop()
    with feedback.guard():
        demo.ensure_demo()
    filters.store_selector()
    st.sidebar.caption(t("sidebar_db", path=cached.db_path()))


def notices() -> None:
    """Messages above every page (the demo banner); drawn after st.navigation so they can link to pages."""
    demo.demo_notice(filters.demo_in_view())


def run_page(page) -> None:
    """Run the page chosen by st.navigation under the notices; its errors become one message, not a traceback."""
    with feedback.guard():
        notices()
        page.run()


def page_frame() -> None:
    """Called first by every page: when Streamlit ran the page's file without app.py (legacy mode), switch
    to st.navigation mode and rerun, which runs app.py and then this page."""
    if legacy_mode():
        st.navigation(pages(), position="hidden")
        st.rerun()


IMPORT_PAGE = "pages/import_data.py"


def store_names(no_stores_key: str) -> list[str]:
    """The stores with data; without any, the page says so (`no_stores_key`), points to the import page and
    stops."""
    names = list(cached.stores()["store"])
    if not names:
        st.info(t(no_stores_key), icon=":material/inbox:")
        st.page_link(IMPORT_PAGE, label=t("open_import"), icon=":material/upload_file:")
        st.stop()
    return names


class EditorState:
    """An editing page's session keys: a message shown once after the rerun that follows a write, and the
    round counter that makes its editors start again from what is stored."""

    def __init__(self, flash_key: str, round_key: str):
        self.flash_key, self.round_key = flash_key, round_key

    def flash(self, kind: str, text: str) -> None:
        st.session_state[self.flash_key] = (kind, text)

    def show_flash(self) -> None:
        kind, text = st.session_state.pop(self.flash_key, (None, None))
        if kind:
            getattr(st, kind)(text)

    def next_round(self) -> None:
        st.session_state[self.round_key] = st.session_state.get(self.round_key, 0) + 1
