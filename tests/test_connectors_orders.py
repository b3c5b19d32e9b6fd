"""订单报表 and 宝贝报表 imports: every header generation and encoding, idempotence, later export wins,
presale and refunds, and figures checked against values worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from exportfiles import (
    DETAIL_G3,
    DETAIL_G4,
    DETAIL_OLD,
    ORDER_G3,
    ORDER_GENERATIONS,
    imp,
    order,
    write_csv,
    write_xlsx,
)

import db


def orders_table(conn):
    return {
        r[0]: r[1:]
        for r in conn.execute(
            "SELECT order_id, status, paid_at, paid_amount, refund_amount, load_id FROM orders ORDER BY order_id"
        ).fetchall()
    }


ROWS = [
    order(
        "3515313147329357901", "tb_alice", "交易成功", "201.12", "2026-10-01 10:00:00", "2026-10-01 09:58:00"
    ),
    order(
        "3515313147329357902",
        "tb_bob",
        "买家已付款,等待卖家发货",
        "50.50",
        "2026-10-01 23:59:59",
        "2026-10-01 23:50:00",
        宝贝标题="𠮷野家 马克杯，北欧风 杯垫",
    ),
    order("3515313147329357903", "tb_carol", "交易关闭", "80.00", "", "2026-10-02 08:00:00"),
]


@pytest.mark.parametrize("generation", list(ORDER_GENERATIONS))
def test_every_order_header_generation_imports(conn, tmp_path, generation):
    headers = ORDER_GENERATIONS[generation]
    path = write_csv(tmp_path / "ExportOrderList202610030800.csv", headers, ROWS)
    result = imp(conn, path)
    assert result.status == "imported", result.error
    assert (result.kind, result.rows_read, result.inserted, result.updated) == ("orders", 3, 3, 0)
    got = orders_table(conn)
    # Paid orders keep their payment time as sale time; the closed never-paid one has none.
    assert str(got["3515313147329357901"][1]) == "2026-10-01 10:00:00"
    assert got["3515313147329357901"][2] == Decimal("201.12")
    assert str(got["3515313147329357902"][1]) == "2026-10-01 23:59:59"
    assert got["3515313147329357902"][0] == "买家已付款，等待卖家发货"  # half-width comma normalised
    assert got["3515313147329357903"][1] is None


def test_g2_header_with_trailing_spaces_maps_by_name(conn, tmp_path):
    headers = ORDER_GENERATIONS["G2"]
    assert "订单付款时间 " in headers
    gbk_rows = [dict(r, 宝贝标题="北欧风马克杯") for r in ROWS]
    result = imp(
        conn, write_csv(tmp_path / "ExportOrderList201707081200.csv", headers, gbk_rows, encoding="gbk")
    )
    assert result.status == "imported"
    assert conn.execute("SELECT count(*) FROM orders WHERE pay_time IS NOT NULL").fetchone()[0] == 2


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8", "utf-16"])
def test_encodings_decode_to_the_same_rows(conn, tmp_path, encoding):
    path = write_csv(tmp_path / "ExportOrderList202610030800.csv", ORDER_G3, ROWS, encoding=encoding)
    result = imp(conn, path)
    assert result.status == "imported", result.error
    title = conn.execute("SELECT titles FROM orders WHERE order_id = '3515313147329357902'").fetchone()[0]
    assert title == "𠮷野家 马克杯，北欧风 杯垫"  # a character outside GBK survives
    buyer_phone_free = conn.execute("SELECT count(*) FROM orders WHERE buyer = 'tb_bob'").fetchone()[0]
    assert buyer_phone_free == 1


def test_xlsx_order_export(conn, tmp_path):
    path = write_xlsx(tmp_path / "ExportOrderList202610030800.xlsx", ORDER_G3, ROWS)
    result = imp(conn, path)
    assert result.status == "imported", result.error
    assert result.encoding == "xlsx"
    assert conn.execute("SELECT sum(paid_amount) FROM orders WHERE paid_at IS NOT NULL").fetchone()[
        0
    ] == Decimal("251.62")


def test_undecodable_file_is_rejected_naming_it(conn, tmp_path):
    path = tmp_path / "ExportOrderList202610030800.csv"
    path.write_bytes('"订单编号","买家会员名"\r\n'.encode("gb18030") + b"\x80\x80\xff\xff\x81\r\n")
    result = imp(conn, path, name="坏文件.csv")
    assert result.status == "rejected"
    assert "坏文件.csv" in result.error
    assert conn.execute("SELECT status, file_name FROM loads").fetchall() == [("rejected", "坏文件.csv")]


def test_same_file_twice_is_unchanged_and_counted_once(conn, tmp_path):
    path = write_csv(tmp_path / "ExportOrderList202610030800.csv", ORDER_G3, ROWS)
    first, second = imp(conn, path), imp(conn, path)
    assert (first.status, first.inserted) == ("imported", 3)
    assert (second.status, second.inserted, second.updated) == ("unchanged", 0, 0)
    assert conn.execute("SELECT count(*), count(DISTINCT order_id) FROM orders").fetchone() == (3, 3)
    # The same rows in other bytes (a second download, saved as UTF-8) change nothing either.
    copy = write_csv(tmp_path / "ExportOrderList202610030900.csv", ORDER_G3, ROWS, encoding="utf-8-sig")
    third = imp(conn, copy)
    assert (third.status, third.inserted, third.updated, third.unchanged) == ("unchanged", 0, 0, 3)


def test_later_export_wins_in_any_import_order(conn, tmp_path):
    early = write_csv(tmp_path / "ExportOrderList202610020800.csv", ORDER_G3, ROWS)
    changed = [dict(r) for r in ROWS]
    changed[1].update({"订单状态": "交易关闭", "退款金额": "50.50"})
    changed.append(
        order(
            "3515313147329357904", "tb_dan", "交易成功", "10.00", "2026-10-05 10:00:00", "2026-10-05 09:00:00"
        )
    )
    late = write_csv(tmp_path / "ExportOrderList202610200800.csv", ORDER_G3, changed)
    # Newer first, then the older one: the older must not overwrite.
    r_late = imp(conn, late)
    r_early = imp(conn, early)
    assert (r_late.inserted, r_early.inserted, r_early.updated, r_early.unchanged) == (4, 0, 0, 3)
    assert r_early.status == "unchanged"
    got = orders_table(conn)
    assert got["3515313147329357902"][0] == "交易关闭"
    assert got["3515313147329357902"][3] == Decimal("50.50")
    # A still later export updates exactly the orders that changed.
    later = [dict(r) for r in changed]
    later[0]["订单状态"] = "交易关闭"
    later[0]["退款金额"] = "201.12"
    r = imp(conn, write_csv(tmp_path / "ExportOrderList202611010800.csv", ORDER_G3, later))
    assert (r.status, r.inserted, r.updated, r.unchanged) == ("imported", 0, 1, 3)
    assert conn.execute("SELECT count(*) FROM orders").fetchone()[0] == 4


def test_presale_counts_on_final_payment_day_and_unpaid_balance_is_no_sale(conn, tmp_path):
    rows = [
        order(
            "4000000000000000001",
            "tb_p1",
            "交易成功",
            "200.00",
            "2026-11-01 00:03:12",
            "2026-10-24 20:00:00",
            预售订单="是",
            分阶段订单信息="定金:30.00元,付款时间:2026-10-24 20:05:11;尾款:170.00元,付款时间:2026-11-01 00:03:12",
        ),
        order(
            "4000000000000000002",
            "tb_p2",
            "交易关闭",
            "30.00",
            "2026-10-24 20:06:00",
            "2026-10-24 20:00:00",
            预售订单="是",
            订单关闭原因="买家未付尾款",
            分阶段订单信息="定金:30.00元,付款时间:2026-10-24 20:06:00;尾款:170.00元,未付款",
        ),
        order(
            "4000000000000000003",
            "tb_p3",
            "等待买家付款",
            "30.00",
            "2026-10-25 10:00:00",
            "2026-10-25 09:00:00",
            预售订单="是",
        ),
    ]
    result = imp(conn, write_csv(tmp_path / "ExportOrderList202611020800.csv", ORDER_G3, rows))
    assert result.status == "imported", result.error
    got = conn.execute(
        "SELECT order_id, paid_at, deposit_amount, deposit_paid_at, final_paid_at, is_presale FROM orders ORDER BY 1"
    ).fetchall()
    assert [str(r[1]) if r[1] else None for r in got] == ["2026-11-01 00:03:12", None, None]
    assert got[0][2] == Decimal("30.00") and str(got[0][3]) == "2026-10-24 20:05:11"
    assert got[1][4] is None and all(r[5] for r in got)


def test_excel_resaved_timestamps_keep_the_local_day(tmp_path):
    """Timestamps are naive Beijing time: the machine's TZ never moves an order to another day."""
    import os
    import subprocess
    import sys

    rows = [order("5000000000000000001", "tb_tz", "交易成功", "9.90", "2026/10/1 23:59", "2026/10/1 23:50")]
    path = write_csv(tmp_path / "ExportOrderList202610020800.csv", ORDER_G3, rows)
    env = dict(os.environ, TZ="America/Los_Angeles")
    out = subprocess.run(
        [sys.executable, "-m", "connectors", "import", "--db", str(tmp_path / "tz.duckdb"), str(path)],
        env=env,
        capture_output=True,
        text=True,
        cwd=db.ROOT,
    )
    assert out.returncode == 0, out.stderr
    conn = db.connect(tmp_path / "tz.duckdb")
    assert str(conn.execute("SELECT CAST(paid_at AS DATE) FROM orders").fetchone()[0]) == "2026-10-01"


def detail(order_id, line_id, sku, qty, price, paid, refund_status="没有申请退款", refund="0.00", **extra):
    row = {
        "订单编号": order_id,
        "主订单编号": order_id,
        "子订单编号": line_id,
        "标题": f"商品 {sku}",
        "商品标题": f"商品 {sku}",
        "价格": price,
        "商品价格": price,
        "购买数量": qty,
        "外部系统编号": sku,
        "商家编码": sku,
        "商品属性": "颜色分类：灰色;尺码：M",
        "订单状态": "交易成功",
        "买家应付货款": paid,
        "买家实际支付金额": paid,
        "买家实付金额": paid,
        "退款状态": refund_status,
        "退款金额": refund,
        "订单创建时间": "2026-10-01 09:58:00",
        "订单付款时间": "2026-10-01 10:00:00",
    }
    row.update(extra)
    return row


def test_old_detail_layout_with_trailing_comma(conn, tmp_path):
    rows = [
        detail("3515313147329357901", "", "NS-1001-GR", "2", "99.00", "198.00"),
        detail("3515313147329357901", "", "NS-1002 ", "1", "3.12", "3.12"),
        detail("3515313147329357902", "", "NS-1003", "1", "50.50", "50.50"),
    ]
    path = write_csv(
        tmp_path / "ExportOrderDetailList201707081200.csv",
        DETAIL_OLD,
        rows,
        encoding="gbk",
        trailing_comma=True,
    )
    raw = path.read_bytes().decode("gbk").split("\r\n")
    assert raw[0].count('","') == 9 and raw[1].endswith(",")
    result = imp(conn, path, store="测试旗舰店")
    assert result.status == "imported", result.error
    assert (result.kind, result.inserted) == ("order_lines", 3)
    got = conn.execute(
        "SELECT line_id, sku, quantity, unit_price FROM order_lines ORDER BY line_id"
    ).fetchall()
    assert got == [
        ("3515313147329357901#1", "NS-1001-GR", 2, Decimal("99.00")),
        ("3515313147329357901#2", "NS-1002", 1, Decimal("3.12")),
        ("3515313147329357902#1", "NS-1003", 1, Decimal("50.50")),
    ]
    # The same orders exported later in the new layout replace the old lines, never duplicate them.
    new_rows = [
        detail("3515313147329357901", "3515313147329357911", "NS-1001-GR", "2", "99.00", "198.00"),
        detail(
            "3515313147329357901", "3515313147329357912", "NS-1002", "1", "3.12", "3.12", "退款成功", "3.12"
        ),
    ]
    r2 = imp(
        conn,
        write_csv(tmp_path / "ExportOrderDetailList202610200800.csv", DETAIL_G3, new_rows),
        store="测试旗舰店",
    )
    assert (r2.status, r2.inserted) == ("imported", 2)
    got = conn.execute(
        "SELECT order_id, count(*), sum(refund_amount) FROM order_lines GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert got == [("3515313147329357901", 2, Decimal("3.12")), ("3515313147329357902", 1, None)]


def test_g4_detail_xlsx_and_refund_update(conn, tmp_path):
    rows = [
        detail("6000000000000000001", "6000000000000000011", "NS-2001", 1, 59.0, 59.0, 商品ID="612345678901"),
        detail(
            "6000000000000000001",
            "6000000000000000012",
            "NS-2002",
            3,
            10.0,
            30.0,
            "买家已经申请退款，等待卖家同意",
            10.0,
        ),
    ]
    first = imp(
        conn, write_xlsx(tmp_path / "ExportOrderDetailList202610050800.xlsx", DETAIL_G4, rows), store="店A"
    )
    assert (first.status, first.inserted, first.encoding) == ("imported", 2, "xlsx"), first.error
    rows[1]["退款状态"] = "退款成功"
    second = imp(
        conn, write_xlsx(tmp_path / "ExportOrderDetailList202610090800.xlsx", DETAIL_G4, rows), store="店A"
    )
    assert (second.inserted, second.updated, second.unchanged) == (0, 1, 1)
    got = conn.execute(
        "SELECT line_id, refund_status, item_id, paid_amount FROM order_lines ORDER BY 1"
    ).fetchall()
    assert got[1][1] == "退款成功" and got[0][2] == "612345678901" and got[1][3] == Decimal("30.00")
