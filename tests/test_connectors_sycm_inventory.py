"""生意参谋 shop and product daily files and ERP stock snapshots: title lines, number quirks, `-` as
missing, .xls/.xlsx/.csv, same-day replacement, warehouse sums and the 合计 footer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from exportfiles import imp, write_csv, write_xls, write_xlsx

SHOP_HEADERS = [
    "统计日期",
    "访客数",
    "浏览量",
    "支付金额",
    "支付买家数",
    "支付转化率",
    "客单价",
    "跳失率",
    "成功退款金额",
    "直通车消耗",
    "万相台消耗",
]
SHOP_TITLES = ("【生意参谋平台】店铺整体", "统计时间：2026-10-01 ~ 2026-10-03", "")
SHOP_ROWS = [
    {"统计日期": "2026-10-01", "访客数": "1,961", "浏览量": "8,286", "支付金额": "8,286.20", "支付买家数": 64,
     "支付转化率": "3.26%", "客单价": "129.47", "跳失率": "66.70%", "成功退款金额": "-", "直通车消耗": "300.00", "万相台消耗": "120.50"},
    {"统计日期": "2026-10-02", "访客数": 980, "浏览量": "2,001", "支付金额": "3,100.00", "支付买家数": 25,
     "支付转化率": "2.55%", "客单价": "124.00", "跳失率": "59.02%", "成功退款金额": "99.00", "直通车消耗": "-", "万相台消耗": "80.00"},
]  # fmt: skip


def traffic(conn):
    return conn.execute(
        "SELECT date, visitors, page_views, pay_amount, pay_buyers, pay_conversion, bounce_rate, refund_amount, ad_spend "
        "FROM traffic_daily ORDER BY date"
    ).fetchall()


EXPECTED_TRAFFIC = [
    (dt.date(2026, 10, 1), 1961, 8286, Decimal("8286.20"), 64, 0.0326, 0.667, None, Decimal("420.50")),
    (
        dt.date(2026, 10, 2),
        980,
        2001,
        Decimal("3100.00"),
        25,
        0.0255,
        0.5902,
        Decimal("99.00"),
        Decimal("80.00"),
    ),
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "xls"])
def test_shop_daily_in_every_file_type(conn, tmp_path, fmt):
    name = f"【生意参谋平台】店铺整体_2026-10-01_2026-10-02.{fmt}"
    if fmt == "csv":
        path = write_csv(tmp_path / name, SHOP_HEADERS, SHOP_ROWS, title_lines=SHOP_TITLES)
    elif fmt == "xlsx":
        path = write_xlsx(tmp_path / name, SHOP_HEADERS, SHOP_ROWS, title_lines=SHOP_TITLES)
    else:
        path = write_xls(tmp_path / name, SHOP_HEADERS, SHOP_ROWS, title_lines=SHOP_TITLES)
    result = imp(conn, path, store="测试店")
    assert result.status == "imported", result.error
    assert (result.kind, result.inserted, len(result.rejected)) == ("sycm_shop", 2, 0)
    got = traffic(conn)
    for row, expected in zip(got, EXPECTED_TRAFFIC, strict=True):
        assert row[:5] == expected[:5]
        assert row[5] == pytest.approx(expected[5]) and row[6] == pytest.approx(expected[6])
        assert row[7:] == expected[7:]  # `-` stays missing, never 0


def test_shop_daily_later_import_of_a_day_replaces_it(conn, tmp_path):
    imp(conn, write_csv(tmp_path / "a.csv", SHOP_HEADERS, SHOP_ROWS, title_lines=SHOP_TITLES), store="测试店")
    corrected = [
        dict(SHOP_ROWS[1], 访客数="1,000", 日期="2026-10-02"),
        {**SHOP_ROWS[0], "统计日期": "2026-10-03"},
    ]
    headers = ["日期" if h == "统计日期" else h for h in SHOP_HEADERS]
    for row in corrected:
        row["日期"] = row.pop("统计日期", row.get("日期"))
    result = imp(conn, write_csv(tmp_path / "b.csv", headers, corrected), store="测试店")
    assert (result.inserted, result.updated, result.unchanged) == (1, 1, 0)
    rows = conn.execute("SELECT date, visitors FROM traffic_daily ORDER BY date").fetchall()
    assert [(str(d), v) for d, v in rows] == [
        ("2026-10-01", 1961),
        ("2026-10-02", 1000),
        ("2026-10-03", 1961),
    ]


PRODUCT_HEADERS = ["统计日期", "商品ID", "商品名称", "货号", "商品状态", "商品访客数", "支付件数", "支付金额", "商品支付转化率", "聚划算支付金额", "成功退款金额"]  # fmt: skip


def test_product_daily_header_on_fifth_row_and_summary_row(conn, tmp_path):
    rows = [
        {"统计日期": "2026-10-10", "商品ID": "612345678901", "商品名称": "北欧风马克杯", "货号": "NS-1001", "商品状态": "当前在线",
         "商品访客数": "1,024", "支付件数": 120, "支付金额": "13,290.00", "商品支付转化率": "9.99%", "聚划算支付金额": "13,290.00", "成功退款金额": "-"},
        {"统计日期": "2026-10-10", "商品ID": "612345678902", "商品名称": "杯垫", "货号": "NS-1002", "商品状态": "当前在线",
         "商品访客数": 300, "支付件数": 10, "支付金额": "99.00", "商品支付转化率": "0.50%", "聚划算支付金额": 0, "成功退款金额": "9.90"},
    ]  # fmt: skip
    titles = ("【生意参谋平台】商品_全部", "统计时间：2026-10-10", "", "")
    path = write_xlsx(
        tmp_path / "【生意参谋平台】商品_全部_2026-10-10_2026-10-10.xlsx",
        PRODUCT_HEADERS,
        rows,
        title_lines=titles,
        raw=[["合计", "-", "-", "", "", 1324, 130, "13,389.00", "-", "-", "-"]],
    )
    result = imp(conn, path, store="测试店")
    assert result.status == "imported", result.error
    assert (result.kind, result.inserted, len(result.rejected)) == ("sycm_products", 2, 0)
    got = conn.execute(
        "SELECT item_id, visitors, pay_amount, pay_conversion, jhs_pay_amount, refund_amount FROM product_daily ORDER BY 1"
    ).fetchall()
    assert got[0][:3] == ("612345678901", 1024, Decimal("13290.00")) and got[0][3] == pytest.approx(0.0999)
    assert got[0][4:] == (Decimal("13290.00"), None)
    assert got[1][4:] == (Decimal("0.00"), Decimal("9.90"))


JST_HEADERS = [
    "商品编码",
    "商品名称",
    "款式编码",
    "主仓实际库存数",
    "公有可用数",
    "采购在途数",
    "调拨在途数",
    "订单占有数",
    "进货仓库存",
]


def jst_rows(extra_available=0):
    return [
        {"商品编码": "NS-1001-GR ", "商品名称": "马克杯 灰", "款式编码": "NS-1001", "主仓实际库存数": "1,200",
         "公有可用数": str(1150 + extra_available), "采购在途数": 300, "调拨在途数": 0, "订单占有数": 50, "进货仓库存": 0},
        {"商品编码": "NS-1002\t", "商品名称": "杯垫", "款式编码": "NS-1002", "主仓实际库存数": 3,
         "公有可用数": -4, "采购在途数": 0, "调拨在途数": 0, "订单占有数": 7, "进货仓库存": 0},
        {"商品编码": "合计", "商品名称": "", "主仓实际库存数": "1,203", "公有可用数": 1146},
    ]  # fmt: skip


def test_jst_snapshot_dated_by_name_with_footer_and_stray_whitespace(conn, tmp_path):
    path = write_csv(tmp_path / "聚水潭库存_2026-11-23.csv", JST_HEADERS, jst_rows())
    result = imp(conn, path, store="测试店")
    assert result.status == "imported", result.error
    assert (result.kind, result.inserted) == ("inventory", 2)
    got = conn.execute(
        "SELECT snapshot_date, sku, on_hand, available, in_transit, order_locked, source_format FROM inventory_snapshots ORDER BY sku"
    ).fetchall()
    assert got == [
        (dt.date(2026, 11, 23), "NS-1001-GR", 1200, 1150, 300, 50, "jst"),
        (dt.date(2026, 11, 23), "NS-1002", 3, -4, 0, 7, "jst"),
    ]
    # A new snapshot of the same day replaces the old one; another day adds a snapshot.
    again = imp(
        conn,
        write_csv(tmp_path / "聚水潭库存_2026-11-23 (1).csv", JST_HEADERS, jst_rows(-10)),
        store="测试店",
    )
    assert (again.inserted, again.updated, again.unchanged) == (0, 1, 1)
    imp(conn, write_csv(tmp_path / "聚水潭库存_20261130.csv", JST_HEADERS, jst_rows()), store="测试店")
    days = conn.execute(
        "SELECT snapshot_date, count(*), sum(available) FROM inventory_snapshots GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert days == [(dt.date(2026, 11, 23), 2, 1136), (dt.date(2026, 11, 30), 2, 1146)]


def test_wdt_rows_per_warehouse_are_summed(conn, tmp_path):
    headers = ["商家编码", "货品名称", "规格名称", "仓库名称", "库存", "可发库存", "采购在途", "锁定库存"]
    rows = [
        {"商家编码": "NS-1001-GR", "货品名称": "马克杯", "规格名称": "灰", "仓库名称": "杭州仓", "库存": 100, "可发库存": 90, "采购在途": 20, "锁定库存": 10},
        {"商家编码": "NS-1001-GR", "货品名称": "马克杯", "规格名称": "灰", "仓库名称": "广州仓", "库存": 50, "可发库存": 45, "采购在途": 0, "锁定库存": 5},
        {"商家编码": "NS-1001-GR", "货品名称": "马克杯", "规格名称": "灰", "仓库名称": "次品仓", "库存": 7, "可发库存": 7, "采购在途": 0, "锁定库存": 0},
    ]  # fmt: skip
    result = imp(conn, write_xlsx(tmp_path / "旺店通库存_2026-11-26.xlsx", headers, rows), store="测试店")
    assert result.status == "imported", result.error
    got = conn.execute(
        "SELECT sku, on_hand, available, in_transit, locked, defective, warehouses, source_format FROM inventory_snapshots"
    ).fetchall()
    assert got == [("NS-1001-GR", 150, 135, 20, 15, 7, 3, "wdt")]


def test_snapshot_date_option_wins_over_the_name(conn, tmp_path):
    path = write_csv(tmp_path / "stock.csv", JST_HEADERS, jst_rows())
    result = imp(conn, path, store="测试店", snapshot_date=dt.date(2026, 1, 5))
    assert result.status == "imported"
    assert conn.execute("SELECT DISTINCT snapshot_date FROM inventory_snapshots").fetchall() == [
        (dt.date(2026, 1, 5),)
    ]
