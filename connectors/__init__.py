"""Read seller back-office, 生意参谋 and ERP exports into the canonical DuckDB tables.

Public API (used by the CLI, the import page and the demo loader):
    import_file(conn, path, *, name=None, store=None, snapshot_date=None, source="file", progress=None)
        -> ImportResult
    import_files(conn, paths, **same options) -> list[ImportResult]
    load_history(conn, limit=200) -> DataFrame     (the `loads` log, newest first)
    load_rejections(conn, load_id) -> DataFrame    (rejected rows of one load)
    KIND_LABELS: kind -> Chinese label
"""
