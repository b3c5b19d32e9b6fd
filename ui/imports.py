"""Uploads to imports: stage each uploaded file in a private temp file, import it under the write lock,
and turn the outcomes into the tables the import page shows.

The uploaded name is display text only: the temp file's name comes from tempfile, and only its suffix is
chosen, from a fixed list, so the connectors can tell csv from xlsx/xls.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from typing import Protocol

import pandas as pd
import streamlit as st

from connectors.result import ImportResult, RejectedRow
from ui import cached
from ui.feedback import message_for
from ui.i18n import t

UPLOAD_TYPES = ["csv", "xlsx", "xls"]
_SUFFIXES = {".csv": ".csv", ".xlsx": ".xlsx", ".xls": ".xls"}
STAGING_FOLDER = "tmp/uploads"  # under <db folder>/tmp, which git ignores
STATUS_KEYS = {"imported": "status_imported", "unchanged": "status_unchanged", "rejected": "status_rejected"}
RESULT_COLUMNS = [
    "file",
    "kind",
    "status",
    "rows_read",
    "inserted",
    "updated",
    "unchanged",
    "rejected",
    "error",
]
REJECTION_COLUMNS = ["file", "line", "column", "reason", "value"]


class Upload(Protocol):
    """What the import needs from an uploaded file (st.file_uploader's UploadedFile has it)."""

    name: str

    def getvalue(self) -> bytes: ...


def staging_suffix(name: str) -> str:
    """The temp file's suffix: the upload's extension if it is one we accept, else none."""
    return _SUFFIXES.get(os.path.splitext(name)[1].lower(), "")


def kind_label(kind: str | None, lang: str | None = None) -> str:
    """The Chinese name of a recognised kind (connectors.KIND_LABELS), or 'not recognised'."""
    import connectors

    if not kind:
        return t("kind_unknown", lang)
    return connectors.KIND_LABELS.get(kind, kind)


def status_label(status: str | None, lang: str | None = None) -> str:
    """已导入 / 无变化 / 已拒绝 (or English)."""
    key = STATUS_KEYS.get(status or "")
    return t(key, lang) if key else (status or "")


def import_uploads(
    uploads: Sequence[Upload], store: str | None, *, author: str | None = None
) -> list[ImportResult]:
    """Import each upload with its own progress bar; a failure becomes a rejected result, never a traceback.
    `author` names who imports (recorded with plan files' changes)."""
    import connectors

    folder = cached.work_folder(STAGING_FOLDER)
    results: list[ImportResult] = []
    for upload in uploads:
        name = upload.name
        bar = st.progress(0.0, text=t("import_file_start", file=name))

        def progress(fraction: float, text: str = "", _bar=bar, _name=name) -> None:
            _bar.progress(
                min(max(float(fraction), 0.0), 1.0), text=t("import_file_progress", file=_name, text=text)
            )

        fd, tmp_path = tempfile.mkstemp(prefix="upload-", suffix=staging_suffix(name), dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(upload.getvalue())
            with cached.write_cursor() as cur:
                options = {"author": author} if author is not None else {}
                result = connectors.import_file(
                    cur, tmp_path, name=name, store=store, source="upload", progress=progress, **options
                )
        except Exception as exc:
            result = ImportResult(file=name, status="rejected", error=message_for(exc))
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_path)
        bar.progress(1.0, text=t("import_file_done", file=name))
        results.append(result)
    return results


def results_frame(results: Sequence[ImportResult], lang: str | None = None) -> pd.DataFrame:
    """One row per file: file, kind, status, rows read, new, updated, unchanged, rejected, error (labelled)."""
    rows = [
        {
            "file": r.file,
            "kind": kind_label(r.kind, lang),
            "status": status_label(r.status, lang),
            "rows_read": r.rows_read,
            "inserted": r.inserted,
            "updated": r.updated,
            "unchanged": r.unchanged,
            "rejected": len(r.rejected),
            "error": r.error or "",
        }
        for r in results
    ]
    frame = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    return frame.rename(columns={c: t(f"col_{c}", lang) for c in RESULT_COLUMNS})


def rejections_frame(results: Sequence[ImportResult], lang: str | None = None) -> pd.DataFrame:
    """Every rejected row of these results: file, line, column, reason, value (labelled)."""
    rows: list[RejectedRow] = [row for r in results for row in r.rejected]
    frame = pd.DataFrame(
        [
            {"file": r.file, "line": r.line, "column": r.column, "reason": r.reason, "value": r.value}
            for r in rows
        ],
        columns=REJECTION_COLUMNS,
    )
    frame["line"] = frame["line"].astype("Int64")
    return frame.rename(columns={c: t(f"col_{c}", lang) for c in REJECTION_COLUMNS})


def summary_counts(results: Sequence[ImportResult]) -> dict[str, int]:
    """How many files ended imported / unchanged / rejected."""
    counts = {"files": len(results), "imported": 0, "unchanged": 0, "rejected": 0}
    for r in results:
        counts[r.status if r.status in STATUS_KEYS else "rejected"] += 1
    return counts


def history_frame(history: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """connectors.load_history with kinds and statuses in words and labelled columns."""
    columns = [
        "load_id",
        "started_at",
        "file_name",
        "kind",
        "store",
        "status",
        "rows_read",
        "inserted",
        "updated",
        "unchanged",
        "rejected",
        "error",
        "finished_at",
    ]
    frame = history.reindex(columns=columns).copy()
    frame["kind"] = [kind_label(k if isinstance(k, str) else None, lang) for k in frame["kind"]]
    frame["status"] = [status_label(s, lang) for s in frame["status"]]
    frame["error"] = frame["error"].astype("string").fillna("")
    labels = {c: t(f"col_{c}", lang) for c in columns}
    labels["file_name"] = t("col_file", lang)
    return frame.rename(columns=labels)


def stored_rejections_frame(rows: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """connectors.load_rejections (line, column_name, value, reason) with labelled columns."""
    labels = {"line": "col_line", "column_name": "col_column", "reason": "col_reason", "value": "col_value"}
    frame = rows.reindex(columns=list(labels))
    return frame.rename(columns={c: t(key, lang) for c, key in labels.items()})
