"""The import log as tables for the import page: every load, and the rejected rows of one."""

from __future__ import annotations

import pandas as pd


def load_history(conn, limit: int = 200, store: str | None = None) -> pd.DataFrame:
    """The latest loads, newest first (one row per file offered, whatever its outcome)."""
    return conn.execute(
        "SELECT load_id, file_name, kind, store, status, rows_read, inserted, updated, unchanged, rejected, "
        "error, encoding, export_ts, source, started_at, finished_at FROM loads "
        "WHERE $store IS NULL OR store = $store ORDER BY load_id DESC LIMIT $limit",
        {"limit": int(limit), "store": store},
    ).df()


def load_rejections(conn, load_id: int) -> pd.DataFrame:
    """Rejected rows of one load: line, column_name, value, reason."""
    return conn.execute(
        "SELECT line, column_name, value, reason FROM rejected_rows WHERE load_id = $id ORDER BY line NULLS FIRST",
        {"id": int(load_id)},
    ).df()
