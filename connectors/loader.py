"""Import one file: recognise, read, stage, then write it in one transaction and record the load.

Each file imports whole or lists exactly the rows it rejected; on any error the transaction is rolled
back explicitly and the database is left as it was. After COMMIT the written rows are counted again,
because DuckDB can discard a failed transaction at COMMIT without raising.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

import db
from connectors.cleaning import install_macros
from connectors.result import ImportResult
from connectors.staging import STAGED_TABLE, drop_rejected, stage
from connectors.stores import resolve_store
from connectors.tabular import RAW_TABLE, FileRejected, RawTable, read_raw, scratch_dir
from db import beijing_now

Progress = Callable[[float, str], None]

_EXPORT_NAME_TS = re.compile(r"ExportOrder(?:Detail)?List\D{0,3}(\d{12})(\d{2})?", re.IGNORECASE)
_NAME_DATE = re.compile(r"(20\d{2})[-_.]?(\d{2})[-_.]?(\d{2})")


class CommitCheckFailed(RuntimeError):
    """The rows counted after COMMIT are not the rows the transaction wrote."""


@dataclass
class LoadContext:
    """What a connector's write function needs: the connection in its transaction and the file's facts."""

    conn: duckdb.DuckDBPyConnection
    load_id: int
    store: str | None  # None for kinds whose rows name their own store (Spec.per_row_store)
    export_ts: dt.datetime
    raw: RawTable
    display_name: str
    snapshot_date: dt.date | None = None
    notes: list[str] = field(default_factory=list)
    author: str | None = None  # who imports (plan files record it as changed_by)
    # Rows the writer refused; when it then raises FileRejected the loader lists them on the result.
    rejections: list = field(default_factory=list)


@dataclass
class WriteCounts:
    """Rows a write produced; `written` maps table -> rows now carrying this load_id (for the check)."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    written: dict[str, int] = field(default_factory=dict)


def _sha256_in_thread(path: Path) -> tuple[threading.Thread, dict]:
    out: dict = {}

    def work() -> None:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            while block := fh.read(1 << 22):
                digest.update(block)
        out["sha256"] = digest.hexdigest()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread, out


def export_time_from_name(name: str) -> dt.datetime | None:
    """The export time in `ExportOrderListYYYYMMDDhhmm`, if the name carries one."""
    match = _EXPORT_NAME_TS.search(name)
    if not match:
        return None
    try:
        stamp = dt.datetime.strptime(match.group(1), "%Y%m%d%H%M")
    except ValueError:
        return None
    return stamp.replace(second=int(match.group(2))) if match.group(2) and int(match.group(2)) < 60 else stamp


def dates_in_name(name: str) -> list[dt.date]:
    """Every valid YYYY-MM-DD / YYYYMMDD date in a file name, in order."""
    out = []
    for y, m, d in _NAME_DATE.findall(name):
        try:
            out.append(dt.date(int(y), int(m), int(d)))
        except ValueError:
            continue
    return out


def _newest_time_inside(conn, raw: RawTable) -> dt.datetime | None:
    ts_fields = [f.name for f in raw.spec.fields if f.type in ("ts", "date") and f.name in raw.columns]
    if not ts_fields:
        return None
    expr = ", ".join(f'max("{name}")::TIMESTAMP' for name in ts_fields)
    row = conn.execute(f"SELECT greatest({expr}) FROM {STAGED_TABLE}").fetchone()
    return row[0] if row else None


def _file_shops(conn, raw: RawTable) -> list[tuple[str | None, str | None]]:
    has_id, has_name = "shop_id" in raw.columns, "shop_name" in raw.columns
    if not (has_id or has_name):
        return []
    cols = f"{'shop_id' if has_id else 'NULL'}, {'shop_name' if has_name else 'NULL'}"
    return conn.execute(
        f"SELECT DISTINCT {cols} FROM {STAGED_TABLE} WHERE coalesce({cols}) IS NOT NULL"
    ).fetchall()


def _previous_success(conn, sha: str, name: str, store: str | None) -> tuple | None:
    """An earlier successful load of the same bytes under the same name (the name can carry a date)."""
    return conn.execute(
        "SELECT load_id, kind, store, rows_read FROM loads WHERE sha256 = $sha AND file_name = $name "
        "AND status IN ('imported', 'unchanged') AND ($store IS NULL OR store = $store) ORDER BY load_id DESC LIMIT 1",
        {"sha": sha, "name": name, "store": store},
    ).fetchone()


def _record_load(
    conn, result: ImportResult, *, sha: str, source: str, started: dt.datetime, kind: str | None
) -> None:
    conn.execute(
        "INSERT INTO loads VALUES ($id, $file, $sha, $kind, $store, $export_ts, $enc, $read, $ins, $upd, $unch, "
        "$rej, $status, $error, $source, $started, $finished)",
        {
            "id": result.load_id,
            "file": result.file,
            "sha": sha,
            "kind": kind,
            "store": result.store,
            "export_ts": result.export_ts,
            "enc": result.encoding,
            "read": result.rows_read,
            "ins": result.inserted,
            "upd": result.updated,
            "unch": result.unchanged,
            "rej": len(result.rejected),
            "status": result.status,
            "error": result.error,
            "source": source,
            "started": started,
            "finished": beijing_now(),
        },
    )
    if result.rejected:
        conn.executemany(
            "INSERT INTO rejected_rows VALUES (?, ?, ?, ?, ?)",
            [(result.load_id, r.line, r.column, r.value, r.reason) for r in result.rejected],
        )


def _record_rejection(conn, result: ImportResult, **kw) -> None:
    """Log a rejected file in its own small transaction (the data transaction was rolled back)."""
    result.status = "rejected"
    result.inserted = result.updated = result.unchanged = 0
    conn.execute("BEGIN TRANSACTION")
    try:
        _record_load(conn, result, **kw)
        db.bump_data_version(conn)
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise


def import_file(
    conn: duckdb.DuckDBPyConnection,
    path: str | Path,
    *,
    name: str | None = None,
    store: str | None = None,
    snapshot_date: dt.date | None = None,
    source: str = "file",
    progress: Progress | None = None,
    work_dir: Path | None = None,
    author: str | None = None,
) -> ImportResult:
    """Import one export file into the canonical tables and return what happened (never raises for bad input)."""
    path = Path(path)
    display = name or path.name
    result = ImportResult(file=display)
    started = beijing_now()
    clock = time.perf_counter()
    if progress:
        progress(0.0, "开始 / starting")
    if not path.is_file():
        result.error = f"{display}: 文件不存在 / file not found"
        return result
    hasher, digest = _sha256_in_thread(path)
    kw = {"source": source, "started": started}
    result.load_id = conn.execute("SELECT nextval('load_id_seq')").fetchone()[0]
    install_macros(conn)
    scratch = Path(work_dir) if work_dir else db.default_db_path().parent / "tmp"
    try:
        with scratch_dir(scratch) as tmp:
            try:
                raw = read_raw(conn, path, display, Path(tmp), progress)  # the hash is computed meanwhile
            finally:
                hasher.join()
                kw["sha"] = digest["sha256"]
            previous = _previous_success(conn, kw["sha"], display, store)
            if previous is not None and snapshot_date is None and not raw.spec.rewrite_same_file:
                result.status, result.kind, result.store, result.rows_read = "unchanged", *previous[1:]
                result.notes.append(
                    f"与第 {previous[0]} 次导入的文件内容相同 / same content as load {previous[0]}"
                )
                _record_load(conn, result, kind=result.kind, **kw)
                return result
            result.kind, result.encoding = raw.spec.kind, raw.encoding
            result.rows_read = raw.rows_read
            if progress:
                progress(0.6, "校验 / validating")
            result.rejected = stage(conn, raw, display)
            if result.rejected and not raw.spec.partial_ok:
                raise FileRejected(
                    f"{display}: {len(result.rejected)} 行有错误，{raw.spec.label_zh}须整份导入，本文件未导入"
                    f" / {len(result.rejected)} bad row(s); a {raw.spec.label_en} imports whole, so nothing was imported"
                )
            drop_rejected(conn)
            export_ts = export_time_from_name(display) or _newest_time_inside(conn, raw) or started
            result.export_ts = export_ts.isoformat(sep=" ")
            if progress:
                progress(0.7, "写入 / writing")
            ctx = None
            conn.execute("BEGIN TRANSACTION")
            try:
                if not raw.spec.per_row_store:
                    result.store = resolve_store(conn, store, _file_shops(conn, raw), display)
                ctx = LoadContext(
                    conn, result.load_id, result.store, export_ts, raw, display, snapshot_date, author=author
                )
                counts: WriteCounts = raw.spec.write(ctx)
                if raw.spec.per_row_store:
                    result.store = ctx.store  # the writer names the store when the file holds only one
                result.notes.extend(ctx.notes)
                result.inserted, result.updated, result.unchanged = (
                    counts.inserted,
                    counts.updated,
                    counts.unchanged,
                )
                changed = counts.inserted + counts.updated
                result.status = "imported" if changed or result.rejected else "unchanged"
                _record_load(conn, result, kind=raw.spec.kind, **kw)
                db.bump_data_version(conn)
                conn.execute("COMMIT")
            except FileRejected:
                db.rollback(conn)
                if ctx is not None:
                    result.rejected.extend(ctx.rejections)
                raise
            except BaseException:
                db.rollback(conn)
                raise
            _verify(conn, result, counts)
    except (FileRejected, CommitCheckFailed) as exc:
        result.error = str(exc)
        _record_rejection(conn, result, kind=result.kind, **kw)
    except UnicodeError as exc:
        result.error = f"{display}: 文字编码错误 / decoding failed: {exc}"
        _record_rejection(conn, result, kind=result.kind, **kw)
    except duckdb.Error as exc:
        result.error = f"{display}: 导入失败，数据库未作改动 / import failed, nothing was changed: {exc}"
        _record_rejection(conn, result, kind=result.kind, **kw)
    finally:
        for table in (RAW_TABLE, STAGED_TABLE):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        result.seconds = time.perf_counter() - clock
    if progress:
        progress(1.0, "完成 / done")
    return result


def _verify(conn, result: ImportResult, counts: WriteCounts) -> None:
    """Check after COMMIT that the load and its rows are really there."""
    logged = conn.execute(
        "SELECT count(*) FROM loads WHERE load_id = $id", {"id": result.load_id}
    ).fetchone()[0]
    problems = [] if logged == 1 else ["load log row missing"]
    for table, expected in counts.written.items():
        found = conn.execute(
            f"SELECT count(*) FROM {table} WHERE load_id = $id",
            {"id": result.load_id},
        ).fetchone()[0]
        if found != expected:
            problems.append(f"{table}: expected {expected} rows, found {found}")
    if problems:
        raise CommitCheckFailed(f"{result.file}: 提交后核对失败 / commit check failed: {'; '.join(problems)}")


def import_files(conn, paths, **options) -> list[ImportResult]:
    """Import files in the order given; one file's failure never stops the others."""
    return [import_file(conn, p, **options) for p in paths]
