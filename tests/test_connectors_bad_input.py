"""Bad input gets a clear error naming the file, row and column, and loses nothing: missing columns,
bad cells, truncated files, unrecognised files, undecidable stores; plus the CLI's contract."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

from exportfiles import DETAIL_G3, ORDER_G3, csv_text, imp, order, write_csv

import db
from connectors import load_history, load_rejections


def good_rows(n=4, status="交易成功"):
    return [
        order(f"70000000000000000{i:02d}", f"tb_{i}", status, f"{10 * (i + 1)}.00", f"2026-10-0{i + 1} 10:00:00", "2026-10-01 09:00:00")
        for i in range(n)
    ]  # fmt: skip


def snapshot(conn):
    return conn.execute(
        "SELECT order_id, status, paid_amount, refund_amount, load_id FROM orders ORDER BY 1"
    ).fetchall()


def test_missing_required_column_rejects_whole_file_and_keeps_older_rows(conn, tmp_path):
    assert (
        imp(conn, write_csv(tmp_path / "ExportOrderList202610100800.csv", ORDER_G3, good_rows())).status
        == "imported"
    )
    before = snapshot(conn)
    broken_headers = [h for h in ORDER_G3 if h != "买家实际支付金额"]
    newer = good_rows(status="交易关闭")
    result = imp(conn, write_csv(tmp_path / "ExportOrderList202611100800.csv", broken_headers, newer))
    assert result.status == "rejected"
    assert (
        "买家实际支付金额" in result.error and "订单编号" in result.error
    )  # names missing and found columns
    assert snapshot(conn) == before  # a newer broken export never overwrites good rows
    log = load_history(conn)
    assert list(log["status"]) == ["rejected", "imported"]


def test_bad_cells_are_listed_with_line_and_column_and_good_rows_import(conn, tmp_path):
    rows = good_rows()
    rows[1]["买家实际支付金额"] = "12,3x.00"
    rows[2]["订单编号"] = "3.51531E+16"  # Excel damaged the id
    rows[3]["订单付款时间"] = "2026-13-45 10:00:00"
    path = write_csv(tmp_path / "ExportOrderList202610100800.csv", ORDER_G3, rows)
    result = imp(conn, path)
    assert result.status == "imported"
    assert (result.rows_read, result.inserted) == (4, 1)
    got = sorted((r.line, r.column, r.value) for r in result.rejected)
    # Line 1 is the header, so the n-th data row is on line n + 1.
    assert got == [
        (3, "买家实际支付金额", "12,3x.00"),
        (4, "订单编号", '="3.51531E+16"'),
        (5, "订单付款时间", "2026-13-45 10:00:00"),
    ]
    assert all(r.reason for r in result.rejected)
    stored = load_rejections(conn, result.load_id)
    assert sorted(stored["line"]) == [3, 4, 5]


def test_truncated_file_imports_good_rows_and_a_later_full_export_gets_totals_right(conn, tmp_path):
    rows = good_rows()
    text = csv_text(ORDER_G3, rows)
    cut = text[: text.rindex("2026-10-04") + 4]  # the last line is cut off mid-cell
    path = tmp_path / "ExportOrderList202610100800.csv"
    path.write_bytes(cut.encode("gb18030"))
    first = imp(conn, path)
    assert first.status == "imported"
    assert first.inserted == 3 and [r.line for r in first.rejected] == [5]
    full = imp(conn, write_csv(tmp_path / "ExportOrderList202610110800.csv", ORDER_G3, rows))
    assert (full.inserted, full.unchanged) == (1, 3)
    total = conn.execute("SELECT count(*), sum(paid_amount) FROM orders WHERE paid_at IS NOT NULL").fetchone()
    assert total == (4, Decimal("100.00"))


def test_detail_file_with_a_bad_row_is_rejected_whole(conn, tmp_path):
    rows = [
        {
            "子订单编号": "81",
            "主订单编号": "80",
            "标题": "杯",
            "价格": "9.90",
            "购买数量": "1",
            "商家编码": "A",
        },
        {
            "子订单编号": "82",
            "主订单编号": "80",
            "标题": "杯",
            "价格": "9.90",
            "购买数量": "two",
            "商家编码": "B",
        },
    ]
    result = imp(
        conn, write_csv(tmp_path / "ExportOrderDetailList202610100800.csv", DETAIL_G3, rows), store="店"
    )
    assert result.status == "rejected"
    assert [(r.line, r.column) for r in result.rejected] == [(3, "购买数量")]
    assert conn.execute("SELECT count(*) FROM order_lines").fetchone()[0] == 0


def test_unrecognised_file_is_rejected_with_what_was_found(conn, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("名称,备注\n甲,乙\n", encoding="utf-8")
    result = imp(conn, path)
    assert result.status == "rejected" and "名称" in result.error and "notes.csv" in result.error


def test_store_is_decided_or_the_file_rejected(conn, tmp_path):
    stock = tmp_path / "聚水潭库存_2026-11-23.csv"
    write_csv(
        stock,
        ["商品编码", "主仓实际库存数", "公有可用数"],
        [{"商品编码": "A", "主仓实际库存数": 1, "公有可用数": 1}],
    )
    no_store = imp(conn, stock)
    assert no_store.status == "rejected" and "--store" in no_store.error
    # The order export names its store; then the only store takes files without a store column.
    imp(conn, write_csv(tmp_path / "ExportOrderList202610100800.csv", ORDER_G3, good_rows()))
    only = imp(conn, stock)
    assert (only.status, only.store) == ("imported", "测试旗舰店")
    # With two stores and no --store, a file without a store column is rejected; with --store it goes there.
    conn.execute("INSERT INTO stores (store) VALUES ('第二家店')")
    stock2 = write_csv(
        tmp_path / "聚水潭库存_2026-11-30.csv",
        ["商品编码", "主仓实际库存数"],
        [{"商品编码": "A", "主仓实际库存数": 2}],
    )
    assert "2 个店铺" in imp(conn, stock2).error
    assert imp(conn, stock2, store="第二家店").store == "第二家店"
    # --store that contradicts the file's own store column is refused.
    clash = imp(
        conn,
        write_csv(tmp_path / "ExportOrderList202610120800.csv", ORDER_G3, good_rows(2)),
        store="第二家店",
    )
    assert clash.status == "rejected" and "测试旗舰店" in clash.error


def run_cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "connectors", *args], capture_output=True, text=True, cwd=cwd or db.ROOT
    )


def test_cli_json_contract_and_exit_codes(tmp_path):
    good = write_csv(tmp_path / "ExportOrderList202610100800.csv", ORDER_G3, good_rows())
    bad = tmp_path / "ExportOrderList202610110800.csv"
    bad.write_text("订单编号,买家会员名,订单状态\n1,a,b\n", encoding="utf-8")
    database = tmp_path / "cli.duckdb"
    out = run_cli("import", "--db", str(database), "--json", str(good), str(bad), str(good))
    assert out.returncode == 1, out.stderr
    results = json.loads(out.stdout)
    assert [r["status"] for r in results] == ["imported", "rejected", "unchanged"]
    for key in ("file", "kind", "status", "rows_read", "inserted", "updated", "rejected_rows", "error"):
        assert all(key in r for r in results)
    assert (results[0]["kind"], results[0]["rows_read"], results[0]["inserted"], results[0]["error"]) == (
        "orders",
        4,
        4,
        None,
    )
    assert "买家实际支付金额" in results[1]["error"]
    again = run_cli("import", "--db", str(database), "--json", str(good))
    assert again.returncode == 0 and json.loads(again.stdout)[0]["status"] == "unchanged"
    assert run_cli("import", "--db", str(database)).returncode == 2  # no FILE: usage error


def test_cli_reports_a_locked_database_in_words(tmp_path):
    database = tmp_path / "locked.duckdb"
    holder = db.connect(database)
    try:
        good = write_csv(tmp_path / "ExportOrderList202610100800.csv", ORDER_G3, good_rows())
        out = run_cli("import", "--db", str(database), str(good))
    finally:
        holder.close()
    assert out.returncode == 2
    assert "正被" in out.stderr and "Traceback" not in out.stderr


def test_the_demo_store_never_takes_a_file_by_default(conn, tmp_path):
    conn.execute("INSERT INTO stores (store, is_demo) VALUES ('示例家居旗舰店', true)")
    stock = write_csv(
        tmp_path / "聚水潭库存_2026-11-23.csv",
        ["商品编码", "主仓实际库存数"],
        [{"商品编码": "A", "主仓实际库存数": 1}],
    )
    result = imp(conn, stock)
    assert result.status == "rejected" and "--store" in result.error
    assert conn.execute("SELECT count(*) FROM inventory_snapshots").fetchone()[0] == 0
