"""sales_daily, the per-store per-day figures the connectors keep: right after every kind of import (new
orders, a later export changing status and refunds, refunded detail lines, an order moved to another day,
an older export), equal to a fresh computation from the orders, and rebuilt for a database from before it.
"""

from __future__ import annotations

from decimal import Decimal

from exportfiles import DETAIL_G3, ORDER_G3, imp, order, write_csv

import daily_sales
import db

STORE = "测试旗舰店"


def day_rows(conn) -> dict[str, tuple]:
    rows = conn.execute(
        "SELECT strftime(day, '%m-%d'), paid_gmv, refunds, paid_orders, paid_buyers, unique_skus "
        "FROM sales_daily WHERE store = $store ORDER BY day",
        {"store": STORE},
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def sku_rows(conn) -> dict[tuple[str, str], tuple]:
    rows = conn.execute(
        "SELECT strftime(day, '%m-%d'), sku, units, gmv, refunded_units, refunds, orders FROM sku_daily "
        "WHERE store = $store",
        {"store": STORE},
    ).fetchall()
    return {(r[0], r[1]): r[2:] for r in rows}


def first_paid(conn) -> dict[str, str]:
    rows = conn.execute(
        "SELECT buyer, strftime(first_paid_at, '%Y-%m-%d %H:%M:%S') FROM buyer_first WHERE store = $store",
        {"store": STORE},
    ).fetchall()
    return dict(rows)


def assert_fresh(conn) -> None:
    """Every kept table equals the figures computed from scratch, and its keys are unique."""
    fresh = daily_sales.recompute(conn)
    for table, rows in fresh.items():
        assert daily_sales.kept_rows(conn, table) == rows, table
    assert len({r[:3] for r in fresh["sku_daily"]}) == len(fresh["sku_daily"])
    assert len({r[:2] for r in fresh["buyer_first"]}) == len(fresh["buyer_first"])


def line(order_id, line_id, sku, paid, refund_status="没有申请退款", refund="0.00") -> dict:
    return {
        "主订单编号": order_id,
        "子订单编号": line_id,
        "标题": f"商品 {sku}",
        "价格": paid,
        "购买数量": "1",
        "商家编码": sku,
        "订单状态": "交易成功",
        "买家应付货款": paid,
        "买家实际支付金额": paid,
        "退款状态": refund_status,
        "退款金额": refund,
        "订单创建时间": "2026-10-01 09:58:00",
        "订单付款时间": "2026-10-01 10:00:00",
    }


A, B, C, D = (f"70000000000000000{n}" for n in (11, 12, 13, 14))
FIRST = [
    order(A, "tb_a", "交易成功", "100.00", "2026-10-01 10:00:00", "2026-10-01 09:00:00"),
    order(B, "tb_b", "交易成功", "50.00", "2026-10-01 23:59:59", "2026-10-01 23:00:00"),
    order(C, "tb_a", "卖家已发货", "30.00", "2026-10-02 00:00:30", "2026-10-01 23:50:00"),
]


def test_days_follow_every_kind_of_import(conn, tmp_path):
    imp(conn, write_csv(tmp_path / "ExportOrderList202610030800.csv", ORDER_G3, FIRST))
    # 10-01: A 100 + B 50 (23:59:59 stays on 10-01); 10-02: C 30 (00:00:30 belongs to 10-02). No lines yet.
    assert day_rows(conn) == {
        "10-01": (Decimal("150.00"), Decimal("0.00"), 2, 2, 0),
        "10-02": (Decimal("30.00"), Decimal("0.00"), 1, 1, 0),
    }
    assert_fresh(conn)

    # Detail lines: A has two SKUs, one refunded (退款成功 20.00); B one SKU. Refunds count on the paid day.
    lines = [line(A, "1", "SKU-1", "80.00"), line(A, "2", "SKU-2", "20.00", "退款成功", "20.00")]
    lines.append(line(B, "3", "SKU-1", "50.00"))
    imp(conn, write_csv(tmp_path / "ExportOrderDetailList202610030800.csv", DETAIL_G3, lines), store=STORE)
    assert day_rows(conn)["10-01"] == (Decimal("150.00"), Decimal("20.00"), 2, 2, 2)
    # Per SKU on 10-01: SKU-1 = A's 80.00 + B's 50.00 (2 units, 2 orders); SKU-2 = 20.00, refunded whole.
    assert sku_rows(conn) == {
        ("10-01", "SKU-1"): (2, Decimal("130.00"), 0, Decimal("0.00"), 2),
        ("10-01", "SKU-2"): (1, Decimal("20.00"), 1, Decimal("20.00"), 1),
    }
    assert first_paid(conn) == {"tb_a": "2026-10-01 10:00:00", "tb_b": "2026-10-01 23:59:59"}
    assert_fresh(conn)

    # A later export: C closed with an order-level refund of 30.00 (C has no lines, so the order amount
    # counts); B's payment time corrected to 10-03; a new order D on 10-03.
    later = [dict(r) for r in FIRST]
    later[2].update({"订单状态": "交易关闭", "退款金额": "30.00"})
    later[1]["订单付款时间"] = "2026-10-03 08:00:00"
    later.append(order(D, "tb_d", "交易成功", "70.00", "2026-10-03 09:00:00", "2026-10-03 08:00:00"))
    imp(conn, write_csv(tmp_path / "ExportOrderList202610040800.csv", ORDER_G3, later))
    assert day_rows(conn) == {
        "10-01": (Decimal("100.00"), Decimal("20.00"), 1, 1, 2),
        "10-02": (Decimal("30.00"), Decimal("30.00"), 1, 1, 0),
        "10-03": (Decimal("120.00"), Decimal("0.00"), 2, 2, 1),
    }
    # B's SKU-1 line moved with B to 10-03; tb_b's first payment moved too; tb_d is new.
    assert sku_rows(conn)[("10-03", "SKU-1")] == (1, Decimal("50.00"), 0, Decimal("0.00"), 1)
    assert sku_rows(conn)[("10-01", "SKU-1")] == (1, Decimal("80.00"), 0, Decimal("0.00"), 1)
    assert first_paid(conn) == {
        "tb_a": "2026-10-01 10:00:00",
        "tb_b": "2026-10-03 08:00:00",
        "tb_d": "2026-10-03 09:00:00",
    }
    assert_fresh(conn)

    # The first export imported again (older): nothing changes, nothing is counted twice.
    imp(conn, write_csv(tmp_path / "ExportOrderList202610030801.csv", ORDER_G3, FIRST))
    assert day_rows(conn)["10-01"] == (Decimal("100.00"), Decimal("20.00"), 1, 1, 2)
    assert_fresh(conn)

    # An order whose payment is taken back (paid_at NULL in a later export) leaves its day: 10-02 is gone.
    last = [dict(r) for r in later]
    last[2].update({"订单状态": "交易关闭", "订单付款时间": "", "退款金额": "0.00"})
    imp(conn, write_csv(tmp_path / "ExportOrderList202610050800.csv", ORDER_G3, last))
    assert "10-02" not in day_rows(conn)
    assert_fresh(conn)


def test_database_from_before_the_table_is_rebuilt_on_open(tmp_path):
    path = tmp_path / "old.duckdb"
    conn = db.connect(path)
    imp(conn, write_csv(tmp_path / "ExportOrderList202610030800.csv", ORDER_G3, FIRST))
    expected = daily_sales.kept_rows(conn, "sales_daily")
    assert len(expected) == 2
    # What a database written before sales_daily existed looks like: no table, no version mark.
    conn.execute("DROP TABLE sales_daily")
    conn.execute("DELETE FROM meta WHERE key = $key", {"key": daily_sales.META_KEY})
    conn.close()

    reader = db.connect(path, read_only=True)  # upgrades through a short writing connection first
    assert daily_sales.kept_rows(reader, "sales_daily") == expected
    reader.close()
