"""The demo store: loaded once into an empty database on first start, flagged by a banner, removable.

Loading happens once per database: under db.WRITE_LOCK with a re-check (so two sessions never both load it),
and a `meta` marker records that it was offered, so removing the demo does not bring it back on the next run.
Set STORE_OPS_NO_DEMO=1 to skip the automatic load (tests do; the dashboard itself never sets it).
"""

from __future__ import annotations

import os

import duckdb
import streamlit as st

import db
from ui import cached
from ui.feedback import message_for
from ui.filters import ALL_STORES, STORE_KEY
from ui.i18n import t

NO_DEMO_ENV = "STORE_OPS_NO_DEMO"
DEMO_MARKER = "demo_autoload"  # meta key: the demo was loaded once into this database
IMPORT_PAGE = "pages/import_data.py"
_REMOVED_FLAG = "demo_removed"
_ERROR_FLAG = "demo_error"  # the automatic load failed: do not retry in this session
_REMOVE_ERROR = "demo_remove_error"


def demo_disabled() -> bool:
    """Whether STORE_OPS_NO_DEMO turns the automatic demo load off (any value but empty or 0)."""
    return os.environ.get(NO_DEMO_ENV, "").strip() not in ("", "0")


def _demo_was_loaded(cur: duckdb.DuckDBPyConnection) -> bool:
    return cur.execute("SELECT 1 FROM meta WHERE key = ?", [DEMO_MARKER]).fetchone() is not None


def _mark_demo_loaded(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(
        "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [DEMO_MARKER, "1"],
    )


def ensure_demo() -> None:
    """On first start (empty database, demo never loaded), import the demo store with a progress bar."""
    if demo_disabled() or st.session_state.get(_ERROR_FLAG):
        return
    from data import demo

    with cached.read_cursor() as cur:
        if _demo_was_loaded(cur) or not demo.database_is_empty(cur):
            return
    bar = st.progress(0.0, text=t("demo_loading"))  # shown at once, also while another session loads it
    with cached.write_cursor() as cur:
        if _demo_was_loaded(cur) or not demo.database_is_empty(cur):
            bar.empty()
            return  # another session loaded it while this one waited for the lock

        def progress(fraction: float, text: str = "") -> None:
            bar.progress(min(max(float(fraction), 0.0), 1.0), text=t("demo_progress", text=text))

        try:
            results = demo.load_demo(cur, cached.work_folder("demo_exports"), progress=progress)
        except Exception as exc:
            st.session_state[_ERROR_FLAG] = message_for(exc)
            st.error(t("demo_failed", error=st.session_state[_ERROR_FLAG]))
            return
        finally:
            bar.empty()
        _mark_demo_loaded(cur)
        db.bump_data_version(cur)
    failed = [r for r in results if not r.ok]
    if failed:
        st.warning(t("demo_failed", error="; ".join(f"{r.file}: {r.error}" for r in failed)))


def _remove_demo() -> None:
    """Button callback: delete the demo store's data and go back to all stores."""
    from data import demo

    try:
        with cached.write_cursor() as cur:
            demo.remove_demo(cur)
            _mark_demo_loaded(cur)
            db.bump_data_version(cur)
    except Exception as exc:
        st.session_state[_REMOVE_ERROR] = message_for(exc)
        return
    st.session_state[STORE_KEY] = ALL_STORES
    st.session_state[_REMOVED_FLAG] = True


def demo_notice(demo_stores: list[str]) -> None:
    """The banner over demo data (with the remove button), or what to do next once it was removed."""
    if st.session_state.pop(_REMOVED_FLAG, False):
        st.success(t("demo_removed"))
        st.page_link(IMPORT_PAGE, label=t("open_import"), icon=":material/upload_file:")
    error = st.session_state.pop(_REMOVE_ERROR, None)
    if error:
        st.error(error)
    if demo_stores:
        with st.container(border=True):
            st.warning(t("demo_banner", store="、".join(demo_stores)))
            st.button(t("demo_remove"), key="remove_demo", on_click=_remove_demo)
