"""Several uploads at once, as the dashboard runs them: one shared connection, a cursor per import,
writes serialised by db.WRITE_LOCK. Every file must land, each order once."""

from __future__ import annotations

import threading

from exportfiles import ORDER_G3, order, write_csv

import db
from connectors import import_file


def test_parallel_imports_through_the_write_lock_lose_nothing(tmp_path):
    conn = db.connect(tmp_path / "shared.duckdb")
    files = []
    for f in range(4):
        rows = [
            order(f"9{f}000000000000000{i:02d}", f"tb_{f}_{i}", "交易成功", "10.00", "2026-10-01 10:00:00", "2026-10-01 09:00:00")
            for i in range(25)
        ]  # fmt: skip
        # File 3 repeats file 0's orders in a later export: they must update, not duplicate.
        if f == 3:
            rows = [dict(r, 订单编号=r["订单编号"].replace("93", "90", 1), 订单状态="交易关闭") for r in rows]
        files.append(write_csv(tmp_path / f"ExportOrderList20261001{10 + f}00.csv", ORDER_G3, rows))
    results = {}

    def upload(path):
        cursor = conn.cursor()
        try:
            with db.WRITE_LOCK:
                results[path.name] = import_file(cursor, path, work_dir=tmp_path / "scratch")
        finally:
            cursor.close()

    threads = [threading.Thread(target=upload, args=(p,)) for p in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(r.status == "imported" for r in results.values()), [r.error for r in results.values()]
    assert conn.execute("SELECT count(*), count(DISTINCT order_id) FROM orders").fetchone() == (75, 75)
    assert (
        conn.execute("SELECT count(DISTINCT load_id) FROM loads WHERE status = 'imported'").fetchone()[0] == 4
    )
    # Whatever order the threads ran in, the later export (file 3) decides the status of file 0's orders.
    assert conn.execute("SELECT DISTINCT status FROM orders WHERE order_id LIKE '90%'").fetchall() == [
        ("交易关闭",)
    ]
    conn.close()
