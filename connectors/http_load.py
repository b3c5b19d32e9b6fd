"""Load one synced window into `orders`, `order_lines` and `order_marks`, log it in `loads` (source 'http')
and advance the watermark in `sync_state`, all in ONE transaction.

The rules are the file imports' (connectors/upsert.py, connectors/order_lines.py): an order row is
replaced only by a version at least as new (here the trade's `modified`, per row), the same content is
unchanged, and an order's lines are replaced together. `sales_daily` is kept in step through
daily_sales.py with the ORDERS_* selectors, which is why the staged orders and the per-order line actions
use the file connectors' temp-table names. A completed refund whose line was synced in an earlier window
is written onto that stored line. The watermark only moves forward, and only in the transaction that
wrote the window's rows: a failed window commits nothing, and the next sync starts again at it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import duckdb
import pandas as pd

import daily_sales
import db
from connectors import order_lines as order_lines_connector
from connectors import orders as orders_connector
from connectors.loader import CommitCheckFailed, beijing_now
from connectors.staging import STAGED_TABLE
from connectors.stores import ensure_store
from connectors.top import MARK_JHS, REFUND_STATUS_ZH, REFUND_SUCCESS, MappedTrade, Refund
from connectors.upsert import apply, hash_expr, run

SOURCE_HTTP = "http"
KIND_ORDERS = "orders"
ORDERS_TABLE = "orders"
LINES_TABLE = "order_lines"
MARKS_TABLE = "order_marks"
STATE_TABLE = "sync_state"
# Temp tables. STAGED_TABLE and ORDER_ACT_TABLE are the names daily_sales.ORDERS_IN_STAGING and
# daily_sales.ORDERS_WITH_REPLACED_LINES read.
ORDER_ACT_TABLE = "_co_order_act"
LINES_NEW = "_co_lines"
LINE_ACT = "_co_line_act"
REFUNDS_STAGED = "_http_refunds"
_DF = "_http_frame"

ORDER_TYPES = {
    "order_id": "VARCHAR",
    "buyer": "VARCHAR",
    "status": "VARCHAR",
    "close_reason": "VARCHAR",
    "created_at": "TIMESTAMP",
    "pay_time": "TIMESTAMP",
    "paid_at": "TIMESTAMP",
    "goods_amount": "DECIMAL(18,2)",
    "postage": "DECIMAL(18,2)",
    "total_amount": "DECIMAL(18,2)",
    "paid_amount": "DECIMAL(18,2)",
    "refund_amount": "DECIMAL(18,2)",
    "received_amount": "DECIMAL(18,2)",
    "item_kinds": "INTEGER",
    "quantity": "INTEGER",
    "titles": "VARCHAR",
    "is_mobile": "BOOLEAN",
    "is_presale": "BOOLEAN",
    "presale_info": "VARCHAR",
    "deposit_amount": "DECIMAL(18,2)",
    "deposit_paid_at": "TIMESTAMP",
    "final_paid_at": "TIMESTAMP",
    "shop_id": "VARCHAR",
    "shop_name": "VARCHAR",
    "shipped_at": "TIMESTAMP",
    "confirmed_at": "TIMESTAMP",
    "export_ts": "TIMESTAMP",
}
LINE_TYPES = {
    "line_id": "VARCHAR",
    "order_id": "VARCHAR",
    "title": "VARCHAR",
    "unit_price": "DECIMAL(18,2)",
    "quantity": "INTEGER",
    "sku": "VARCHAR",
    "outer_id": "VARCHAR",
    "props": "VARCHAR",
    "package": "VARCHAR",
    "status": "VARCHAR",
    "goods_amount": "DECIMAL(18,2)",
    "paid_amount": "DECIMAL(18,2)",
    "refund_status": "VARCHAR",
    "refund_amount": "DECIMAL(18,2)",
    "created_at": "TIMESTAMP",
    "pay_time": "TIMESTAMP",
    "item_id": "VARCHAR",
    "shipped_at": "TIMESTAMP",
    "export_ts": "TIMESTAMP",
}
REFUND_TYPES = {
    "order_id": "VARCHAR",
    "line_id": "VARCHAR",
    "amount": "DECIMAL(18,2)",
    "modified": "TIMESTAMP",
}
SUCCESS_ZH = REFUND_STATUS_ZH[REFUND_SUCCESS]


@dataclass
class Window:
    """A modified-time range [start, end] (both ends inclusive, as the API reads them)."""

    start: dt.datetime
    end: dt.datetime

    def label(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M}–{self.end:%Y-%m-%d %H:%M}"


@dataclass
class WindowData:
    """What one window fetched and mapped: trades (deduplicated by tid) and completed refunds."""

    trades: list[MappedTrade]
    refunds: list[Refund]
    payload_sha256: str
    rows_read: int


@dataclass
class WindowCounts:
    """What a window's load did (orders counted at order level, like the order export)."""

    load_id: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    refunds: int = 0
    refunds_unmatched: int = 0
    refunds_changed: int = 0  # stored lines a refund of this window changed
    lines_replaced: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class _Ctx:
    """The part of connectors.loader.LoadContext that upsert.apply reads."""

    conn: duckdb.DuckDBPyConnection
    store: str


def payload_digest(bodies: Iterable[bytes]) -> str:
    """sha256 over the raw pages of a window (recorded in loads.sha256)."""
    digest = hashlib.sha256()
    for body in bodies:
        digest.update(body)
    return digest.hexdigest()


def _cell(value: object) -> str | None:
    """Python value -> text that DuckDB casts back exactly (Decimal and datetime keep their precision)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _stage(conn, table: str, rows: list[dict], types: dict[str, str]) -> None:
    """CREATE TEMP TABLE `table` with exactly `types` from `rows` (values cast from text in SQL)."""
    frame = pd.DataFrame([[_cell(r.get(c)) for c in types] for r in rows], columns=list(types), dtype=object)
    conn.register(_DF, frame)
    try:
        casts = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in types.items())
        conn.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {casts} FROM {_DF}")
    finally:
        conn.unregister(_DF)


def read_watermark(conn, source: str, store: str) -> dt.datetime | None:
    """The end of the last window committed for (source, store), or None before the first sync."""
    row = conn.execute(
        f"SELECT watermark FROM {STATE_TABLE} WHERE source = $source AND store = $store",
        {"source": source, "store": store},
    ).fetchone()
    return row[0] if row else None


def record_failure(conn, *, display: str, store: str, error: str, started: dt.datetime) -> int:
    """Log a failed window as a rejected load (its own small transaction; no data was written)."""
    with db.WRITE_LOCK:
        load_id = conn.execute("SELECT nextval('load_id_seq')").fetchone()[0]
        conn.execute("BEGIN TRANSACTION")
        try:
            _insert_load(
                conn, load_id, display, "", store, None, 0, WindowCounts(), "rejected", error, started
            )
            db.bump_data_version(conn)
            conn.execute("COMMIT")
        except BaseException:
            db.rollback(conn)
            raise
    return load_id


def _insert_load(
    conn, load_id, display, sha, store, export_ts, rows_read, counts, status, error, started
) -> None:
    conn.execute(
        "INSERT INTO loads (load_id, file_name, sha256, kind, store, export_ts, encoding, rows_read, inserted, "
        "updated, unchanged, rejected, status, error, source, started_at, finished_at) VALUES ($id, $file, $sha, "
        "$kind, $store, $export_ts, NULL, $read, $ins, $upd, $unch, 0, $status, $error, $source, $started, $finished)",
        {
            "id": load_id,
            "file": display,
            "sha": sha,
            "kind": KIND_ORDERS,
            "store": store,
            "export_ts": export_ts,
            "read": rows_read,
            "ins": counts.inserted,
            "upd": counts.updated,
            "unch": counts.unchanged,
            "status": status,
            "error": error,
            "source": SOURCE_HTTP,
            "started": started,
            "finished": beijing_now(),
        },
    )


def load_window(
    conn: duckdb.DuckDBPyConnection,
    *,
    source: str,
    store: str,
    window: Window,
    data: WindowData,
    display: str,
    started: dt.datetime,
) -> WindowCounts:
    """Write one window in one transaction and advance the (source, store) watermark to window.end."""
    counts = WindowCounts()
    with db.WRITE_LOCK:
        counts.load_id = conn.execute("SELECT nextval('load_id_seq')").fetchone()[0]
        conn.execute("BEGIN TRANSACTION")
        try:
            ensure_store(conn, store)
            _write(conn, store, window, data, counts)
            changed = counts.inserted + counts.updated + counts.refunds_changed
            export_ts = max(
                (t.order["export_ts"] for t in data.trades if t.order["export_ts"]), default=window.end
            )
            status = "imported" if changed else "unchanged"
            _insert_load(
                conn,
                counts.load_id,
                display,
                data.payload_sha256,
                store,
                export_ts,
                data.rows_read,
                counts,
                status,
                None,
                started,
            )
            conn.execute(
                f"INSERT INTO {STATE_TABLE} (source, store, watermark, updated_at) VALUES ($source, $store, $mark, $now) "
                "ON CONFLICT (source, store) DO UPDATE SET watermark = greatest(watermark, excluded.watermark), "
                "updated_at = excluded.updated_at",
                {"source": source, "store": store, "mark": window.end, "now": beijing_now()},
            )
            db.bump_data_version(conn)
            conn.execute("COMMIT")
        except BaseException:
            db.rollback(conn)
            raise
        _verify(conn, source, store, window, counts)
    return counts


def _write(conn, store: str, window: Window, data: WindowData, counts: WindowCounts) -> None:
    params = {"store": store, "load_id": counts.load_id, "fallback_ts": window.end}
    batch_lines = {line["line_id"] for t in data.trades for line in t.lines}
    _stage(conn, STAGED_TABLE, [t.order for t in data.trades], ORDER_TYPES)
    _stage(conn, "_http_lines", [line for t in data.trades for line in t.lines], LINE_TYPES)
    _stage(
        conn,
        REFUNDS_STAGED,
        [
            {"order_id": r.order_id, "line_id": r.line_id, "amount": r.amount, "modified": r.modified}
            for r in data.refunds
            if r.line_id not in batch_lines
        ],
        REFUND_TYPES,
    )
    # A line the trade marks 退款成功 without a refund record in this window keeps the stored amount.
    run(
        conn,
        "UPDATE _http_lines AS n SET refund_amount = t.refund_amount FROM order_lines AS t "
        "WHERE t.store = $store AND t.line_id = n.line_id AND n.refund_amount IS NULL "
        "AND n.refund_status = t.refund_status",
        params,
    )
    run(
        conn,
        f"UPDATE {STAGED_TABLE} AS s SET refund_amount = r.total, export_ts = coalesce(s.export_ts, $fallback_ts) FROM "
        "(SELECT o.order_id, coalesce(sum(l.refund_amount) FILTER (WHERE l.refund_status = $success), 0) AS total "
        f"FROM {STAGED_TABLE} o LEFT JOIN _http_lines l USING (order_id) GROUP BY o.order_id) r "
        "WHERE r.order_id = s.order_id",
        {**params, "success": SUCCESS_ZH},
    )
    run(conn, "UPDATE _http_lines SET export_ts = coalesce(export_ts, $fallback_ts)", params)

    daily_sales.start_marking(conn)
    daily_sales.mark_days(conn, store, daily_sales.ORDERS_IN_STAGING)
    columns = ", ".join(c for c in ORDER_TYPES if c != "export_ts")
    select = (
        f"SELECT $store AS store, {columns}, export_ts, $load_id::BIGINT AS load_id, "
        f"{hash_expr(orders_connector.HASHED)} AS row_hash FROM {STAGED_TABLE}"
    )
    inserted, updated, same, stale = apply(
        _Ctx(conn, store), ORDERS_TABLE, ("order_id",), "export_ts", select, params
    )
    counts.inserted, counts.updated, counts.unchanged = inserted, updated, same + stale
    daily_sales.mark_days(conn, store, daily_sales.ORDERS_OF_LOAD, params)
    counts.lines_replaced = _replace_lines(conn, store, params)
    daily_sales.mark_days(conn, store, daily_sales.ORDERS_WITH_REPLACED_LINES)
    _apply_stored_refunds(conn, store, params, counts)
    counts.refunds += sum(1 for r in data.refunds if r.line_id in batch_lines)
    daily_sales.mark_days(conn, store, daily_sales.ORDERS_OF_LOAD, params)
    daily_sales.refresh(conn, store)
    _write_marks(conn, store, data, params)
    for temp in (STAGED_TABLE, "_http_lines", REFUNDS_STAGED, LINES_NEW, LINE_ACT, ORDER_ACT_TABLE):
        conn.execute(f"DROP TABLE IF EXISTS {temp}")


def _replace_lines(conn, store: str, params: dict) -> int:
    """Per order: replace all stored lines when any line is new or changed and the stored ones are not
    newer (connectors/order_lines.py's rule, with each order's own version). Returns lines written."""
    run(
        conn,
        f"CREATE OR REPLACE TEMP TABLE {LINES_NEW} AS SELECT $store AS store, *, $load_id::BIGINT AS load_id, "
        f"{hash_expr(order_lines_connector.HASHED)} AS row_hash FROM _http_lines",
        params,
    )
    run(
        conn,
        f"CREATE OR REPLACE TEMP TABLE {LINE_ACT} AS "
        "SELECT n.order_id, n.line_id, CASE WHEN t.line_id IS NULL THEN 'insert' "
        "WHEN t.row_hash = n.row_hash THEN 'same' ELSE 'update' END AS action "
        f"FROM {LINES_NEW} n LEFT JOIN (SELECT line_id, row_hash FROM {LINES_TABLE} WHERE store = $store) t USING (line_id)",
        params,
    )
    run(
        conn,
        f"CREATE OR REPLACE TEMP TABLE {ORDER_ACT_TABLE} AS "
        f"WITH old AS (SELECT order_id, max(export_ts) AS old_ts, count(*) AS old_lines FROM {LINES_TABLE} "
        f"  WHERE store = $store AND order_id IN (SELECT order_id FROM {LINES_NEW}) GROUP BY order_id), "
        f"new AS (SELECT order_id, max(export_ts) AS new_ts, count(*) AS new_lines, "
        f"  count(*) FILTER (action <> 'same') AS changed, count(*) FILTER (action <> 'insert') AS kept "
        f"  FROM {LINE_ACT} JOIN {LINES_NEW} USING (order_id, line_id) GROUP BY order_id) "
        "SELECT new.order_id, CASE WHEN old.old_ts > new.new_ts THEN 'stale' "
        "WHEN new.changed > 0 OR coalesce(old.old_lines, 0) <> new.kept THEN 'replace' ELSE 'same' END AS action "
        "FROM new LEFT JOIN old USING (order_id)",
        params,
    )
    run(
        conn,
        f"DELETE FROM {LINES_TABLE} WHERE store = $store AND order_id IN "
        f"(SELECT order_id FROM {ORDER_ACT_TABLE} WHERE action = 'replace')",
        params,
    )
    conn.execute(
        f"INSERT INTO {LINES_TABLE} BY NAME SELECT n.* FROM {LINES_NEW} n JOIN {ORDER_ACT_TABLE} o USING (order_id) "
        "WHERE o.action = 'replace'"
    )
    return run(conn, f"SELECT count(*) FROM {LINES_TABLE} WHERE load_id = $load_id", params).fetchone()[0]


def _apply_stored_refunds(conn, store: str, params: dict, counts: WindowCounts) -> None:
    """Write completed refunds onto lines synced in earlier windows, and the orders' refund totals."""
    values = {**params, "success": SUCCESS_ZH}
    matched = run(
        conn,
        f"SELECT count(*) FROM {REFUNDS_STAGED} r JOIN {LINES_TABLE} t ON t.store = $store AND t.line_id = r.line_id",
        values,
    ).fetchone()[0]
    total = conn.execute(f"SELECT count(*) FROM {REFUNDS_STAGED}").fetchone()[0]
    counts.refunds_unmatched = total - matched
    changed = run(
        conn,
        f"UPDATE {LINES_TABLE} AS t SET refund_status = $success, refund_amount = r.amount, load_id = $load_id, "
        "export_ts = greatest(t.export_ts, coalesce(r.modified, t.export_ts)) "
        f"FROM {REFUNDS_STAGED} r WHERE t.store = $store AND t.line_id = r.line_id "
        "AND (t.refund_status IS DISTINCT FROM $success OR t.refund_amount IS DISTINCT FROM r.amount)",
        values,
    ).fetchone()[0]
    counts.refunds += matched
    counts.refunds_changed = changed
    if not changed:
        return
    run(
        conn,
        f"UPDATE {LINES_TABLE} SET row_hash = {hash_expr(order_lines_connector.HASHED)} "
        f"WHERE store = $store AND load_id = $load_id AND line_id IN (SELECT line_id FROM {REFUNDS_STAGED})",
        values,
    )
    run(
        conn,
        f"UPDATE {ORDERS_TABLE} AS o SET refund_amount = s.total, load_id = $load_id, "
        "export_ts = greatest(o.export_ts, s.version) FROM "
        f"(SELECT order_id, sum(refund_amount) FILTER (WHERE refund_status = $success) AS total, max(export_ts) AS version "
        f"FROM {LINES_TABLE} "
        f"  WHERE store = $store AND order_id IN (SELECT order_id FROM {LINES_TABLE} WHERE store = $store AND load_id = $load_id "
        f"  AND line_id IN (SELECT line_id FROM {REFUNDS_STAGED})) GROUP BY order_id) s "
        "WHERE o.store = $store AND o.order_id = s.order_id AND o.refund_amount IS DISTINCT FROM s.total",
        values,
    )
    run(
        conn,
        f"UPDATE {ORDERS_TABLE} SET row_hash = {hash_expr(orders_connector.HASHED)} WHERE store = $store AND load_id = $load_id "
        f"AND order_id NOT IN (SELECT order_id FROM {STAGED_TABLE})",
        values,
    )


def _write_marks(conn, store: str, data: WindowData, params: dict) -> None:
    """The 聚划算 mark of each order this window rewrote: set when the trade carries it, else removed."""
    rewritten = f"SELECT order_id FROM {ORDERS_TABLE} WHERE store = $store AND load_id = $load_id AND order_id IN (SELECT order_id FROM {STAGED_TABLE})"
    run(
        conn,
        f"DELETE FROM {MARKS_TABLE} WHERE store = $store AND mark = $mark AND order_id IN ({rewritten})",
        {**params, "mark": MARK_JHS},
    )
    marked = [t.order["order_id"] for t in data.trades if MARK_JHS in t.marks]
    if marked:
        _stage(conn, "_http_marks", [{"order_id": o} for o in marked], {"order_id": "VARCHAR"})
        run(
            conn,
            f"INSERT INTO {MARKS_TABLE} (store, order_id, mark) SELECT $store, order_id, $mark FROM _http_marks "
            f"WHERE order_id IN ({rewritten}) AND order_id NOT IN (SELECT order_id FROM {MARKS_TABLE} WHERE store = $store AND mark = $mark)",
            {**params, "mark": MARK_JHS},
        )
        conn.execute("DROP TABLE IF EXISTS _http_marks")


def _verify(conn, source: str, store: str, window: Window, counts: WindowCounts) -> None:
    """After COMMIT: the load row is there and the watermark reached the window's end."""
    problems = []
    if (
        conn.execute("SELECT count(*) FROM loads WHERE load_id = $id", {"id": counts.load_id}).fetchone()[0]
        != 1
    ):
        problems.append("load log row missing")
    mark = read_watermark(conn, source, store)
    if mark is None or mark < window.end:
        problems.append("watermark not advanced")
    if problems:
        raise CommitCheckFailed(
            f"{window.label()}: 提交后核对失败 / commit check failed: {'; '.join(problems)}"
        )
