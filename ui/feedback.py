"""Turn exceptions into one sentence a person can act on, shown once with st.error (no traceback).

The traceback still goes to the server log, for whoever runs the dashboard.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import streamlit as st

import db
from ui.i18n import t

log = logging.getLogger("store_ops.ui")


def message_for(exc: BaseException, lang: str | None = None) -> str:
    """The user-facing sentence for `exc`; our own errors already carry one, others get a short prefix."""
    detail = str(exc).strip() or type(exc).__name__
    if isinstance(exc, db.DatabaseLocked):
        return detail
    if isinstance(exc, duckdb.IOException):
        return t("error_database_io", lang, message=detail)
    if isinstance(exc, FileNotFoundError):
        return t("error_file_missing", lang, message=exc.filename or detail)
    if isinstance(exc, PermissionError):
        return t("error_permission", lang, message=exc.filename or detail)
    if isinstance(exc, UnicodeDecodeError):
        return t("error_decode", lang, message=detail)
    if isinstance(exc, ValueError):
        return detail  # raised by our own code with a readable message
    return t("error_generic", lang, kind=type(exc).__name__, message=detail)


def show_error(exc: BaseException, what: str | None = None) -> None:
    """Show `exc` once as a readable error (prefixed with what was being done) and log the traceback."""
    log.error("UI error%s", f" while {what}" if what else "", exc_info=exc)
    message = message_for(exc)
    st.error(t("error_while", what=what, message=message) if what else message, icon=":material/error:")


@contextmanager
def guard(what: str | None = None, *, stop: bool = False) -> Iterator[None]:
    """Run a block; an exception becomes one st.error (and st.stop() when `stop`). Reruns/stops pass through."""
    try:
        yield
    except Exception as exc:  # st.rerun/st.stop raise BaseException subclasses, which pass through
        show_error(exc, what)
        if stop:
            st.stop()
