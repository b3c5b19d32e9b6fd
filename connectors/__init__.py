"""Read seller back-office, 生意参谋 and ERP exports into the canonical DuckDB tables.

Public API (used by the CLI, the import page and the demo loader):
    import_file(conn, path, *, name=None, store=None, snapshot_date=None, source="file", progress=None,
                work_dir=None, author=None) -> ImportResult      (author: who imports; kept in a plan's history)
    import_files(conn, paths, **same options) -> list[ImportResult]
    load_history(conn, limit=200) -> DataFrame     (the `loads` log, newest first)
    load_rejections(conn, load_id) -> DataFrame    (rejected rows of one load)
    KIND_LABELS: kind -> Chinese label
    safe_export.safe_cell / frame_to_xlsx_bytes / frame_to_csv_bytes: downloads safe against formula injection
"""

from connectors.loader import import_file, import_files
from connectors.loadlog import load_history, load_rejections
from connectors.registry import KIND_LABELS, KIND_LABELS_EN, SPECS
from connectors.result import ImportResult, RejectedRow

__all__ = [
    "KIND_LABELS",
    "KIND_LABELS_EN",
    "SPECS",
    "ImportResult",
    "RejectedRow",
    "import_file",
    "import_files",
    "load_history",
    "load_rejections",
]
