"""The DuckDB file: open it, apply schema.sql, and keep a data version that every import bumps.

One process holds the read-write connection (DuckDB allows one writer per file); a second process
gets `DatabaseLocked` with a sentence a person can act on instead of a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

import daily_sales

ROOT = Path(__file__).resolve().parent
SCHEMA_PATH = ROOT / "schema.sql"
DEFAULT_DB_PATH = ROOT / "data" / "store.duckdb"
DB_ENV_VAR = "STORE_OPS_DB"
MEMORY_ENV_VAR = "STORE_OPS_MEMORY_LIMIT"
# DuckDB's buffer cap. Imports of multi-GB exports spill to disk beyond it instead of growing the process;
# without a cap DuckDB takes 80% of RAM and a 5-million-row import peaked near 8 GB.
DEFAULT_MEMORY_LIMIT = "500MB"
_MEMORY_PATTERN = re.compile(r"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)

BEIJING = ZoneInfo("Asia/Shanghai")  # every stored timestamp is naive Beijing local time

# Serialises writes from the threads of one process (Streamlit sessions share the connection).
WRITE_LOCK = threading.RLock()


class DatabaseLocked(RuntimeError):
    """The database file is held by another process (DuckDB allows one writer per file)."""


def beijing_now() -> dt.datetime:
    """Current Beijing local time, naive, to the second (how every timestamp is stored)."""
    return dt.datetime.now(BEIJING).replace(tzinfo=None, microsecond=0)


def default_db_path() -> Path:
    """The database named by STORE_OPS_DB, else data/store.duckdb."""
    value = os.environ.get(DB_ENV_VAR, "").strip()
    return Path(value) if value else DEFAULT_DB_PATH


def connect(path: str | os.PathLike | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database at `path` and make sure the schema is in place."""
    db_path = Path(path) if path is not None else default_db_path()
    if str(db_path) != ":memory:":
        db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = duckdb.connect(str(db_path), read_only=read_only)
    except duckdb.IOException as exc:
        message = str(exc)
        if "lock" in message.lower():
            holder = re.search(r"PID (\d+)", message)
            who = f"进程 PID {holder.group(1)}" if holder else "另一个进程"
            raise DatabaseLocked(
                f"数据库文件 {db_path} 正被{who}使用（DuckDB 同一时间只允许一个进程写入）。"
                f"请先关闭正在运行的看板或导入命令，或用 --db / {DB_ENV_VAR} 指向另一个文件。"
                f" / The database {db_path} is in use by {who.replace('进程', 'process')}; "
                "stop the dashboard or the other import first."
            ) from None
        raise
    limit = os.environ.get(MEMORY_ENV_VAR, "").strip() or DEFAULT_MEMORY_LIMIT
    if not _MEMORY_PATTERN.match(limit):
        raise ValueError(f"{MEMORY_ENV_VAR}={limit!r}: expected a size such as 700MB or 2GB")
    conn.execute(f"SET memory_limit = '{limit}'")  # validated above; SET takes no bound parameters
    conn.execute("SET enable_progress_bar = false")  # it would print into CLI output (--json)
    if not read_only:
        apply_schema(conn)
    elif not daily_sales.is_current(conn):
        # A file from an older version: upgrade it once through a writing connection, then read it.
        conn.close()
        connect(db_path).close()
        return connect(db_path, read_only=True)
    return conn


def rollback(conn: duckdb.DuckDBPyConnection) -> None:
    """ROLLBACK, ignoring a transaction that is already gone (DuckDB ends it itself on some errors)."""
    try:
        conn.execute("ROLLBACK")
    except duckdb.Error:
        pass  # no transaction was open: nothing to undo


def in_transaction(conn: duckdb.DuckDBPyConnection, work):
    """Run `work()` between BEGIN and COMMIT and return its result; explicit ROLLBACK on any error. The
    caller holds WRITE_LOCK when other threads may write."""
    conn.execute("BEGIN TRANSACTION")
    try:
        out = work()
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
    return out


def apply_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the canonical tables if they are missing (idempotent)."""
    conn.execute(SCHEMA_PATH.read_text(encoding="utf-8"))
    conn.execute("INSERT INTO meta VALUES ('data_version', '0') ON CONFLICT DO NOTHING")
    if not daily_sales.is_current(conn):
        with WRITE_LOCK:
            in_transaction(conn, lambda: daily_sales.rebuild(conn))


def data_version(conn: duckdb.DuckDBPyConnection) -> int:
    """A counter that every import bumps; caches key on it so a new import is seen at once."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
    return int(row[0]) if row else 0


def bump_data_version(conn: duckdb.DuckDBPyConnection) -> None:
    """Advance the data version (call inside the writing transaction)."""
    conn.execute(
        "UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'"
    )


def list_stores(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Store names, sorted."""
    return [row[0] for row in conn.execute("SELECT store FROM stores ORDER BY store").fetchall()]
