"""A small store for the restock and product tests, built through the real connectors from real-format
files: an order export (订单报表 G3) and a detail export (宝贝报表 G3), two 聚水潭 stock snapshots and a
restock settings workbook. Campaigns are plain INSERTs (see `add_campaigns`).

Store 测试旗舰店 sells one order a day from 2026-06-01 to 2026-09-30 (AS_OF) with one line per SKU:
    SKU-A 12/day at 10.00 (plus a 退款成功 line of 5 units every day: a return, not demand)
    SKU-B 5/day at 20.00, SKU-C 3/day at 30.00, SKU-E 1/day at 5.00, SKU-H 1/day at 8.00
    SKU-D 2/day at 15.00, 8/day on 2026-07-10 and 07-11 (the past campaign 夏日大促)
SKU-F and SKU-G never sell. Stock on 2026-06-01: SKU-A..F and SKU-H; on 2026-09-30 (available, in transit):
    A 100/0, B 20/0, C −5/10, D 40/0, E 50/0, F 30/0, G 40/0 (first stocked that day), H 200/0
Settings (补货参数.xlsx): A lead 15, review 7, case pack 24; B MOQ 200, case pack 12; E 停售.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from exportfiles import DETAIL_G3, ORDER_G3, imp, order, write_csv

STORE = "测试旗舰店"
AS_OF = dt.date(2026, 9, 30)
FIRST_DAY = dt.date(2026, 6, 1)
PRICES = {"SKU-A": 10, "SKU-B": 20, "SKU-C": 30, "SKU-D": 15, "SKU-E": 5, "SKU-H": 8}
DAILY = {"SKU-A": 12, "SKU-B": 5, "SKU-C": 3, "SKU-D": 2, "SKU-E": 1, "SKU-H": 1}
CAMPAIGN_DAYS_D = (dt.date(2026, 7, 10), dt.date(2026, 7, 11))
JST_HEADERS = ["商品编码", "商品名称", "款式编码", "主仓实际库存数", "公有可用数", "采购在途数"]
SETTINGS_HEADERS = [
    "商品编码",
    "供应商",
    "交期(天)",
    "补货周期(天)",
    "最小起订量",
    "箱规",
    "服务水平",
    "单位成本",
    "状态",
]
LATEST_STOCK = {"SKU-A": (100, 0), "SKU-B": (20, 0), "SKU-C": (-5, 10), "SKU-D": (40, 0), "SKU-E": (50, 0),
                "SKU-F": (30, 0), "SKU-G": (40, 0), "SKU-H": (200, 0)}  # fmt: skip


def _units(sku: str, day: dt.date) -> int:
    return 8 if sku == "SKU-D" and day in CAMPAIGN_DAYS_D else DAILY[sku]


def sales_files(folder: Path, first: dt.date = FIRST_DAY, last: dt.date = AS_OF) -> tuple[Path, Path]:
    """The order and detail exports of the daily orders (module doc)."""
    orders, lines = [], []
    day = first
    while day <= last:
        order_id = f"35{day:%Y%m%d}0000001"
        paid = f"{day.isoformat()} 10:00:00"
        items = [(sku, _units(sku, day), "没有申请退款") for sku in DAILY] + [("SKU-A", 5, "退款成功")]
        total = 0
        for k, (sku, qty, refund) in enumerate(items):
            amount = qty * PRICES[sku]
            total += amount
            lines.append(
                {
                    "子订单编号": f"{order_id}{k:02d}",
                    "主订单编号": order_id,
                    "标题": f"商品 {sku}",
                    "价格": f"{PRICES[sku]:.2f}",
                    "购买数量": str(qty),
                    "商家编码": sku,
                    "订单状态": "交易成功",
                    "买家应付货款": f"{amount:.2f}",
                    "买家实际支付金额": f"{amount:.2f}",
                    "退款状态": refund,
                    "退款金额": f"{amount:.2f}" if refund == "退款成功" else "0.00",
                    "订单创建时间": f"{day.isoformat()} 09:58:00",
                    "订单付款时间": paid,
                }  # fmt: skip
            )
        orders.append(
            order(order_id, f"buyer{day:%m%d}", "交易成功", f"{total:.2f}", paid, f"{day} 09:58:00")
        )
        day += dt.timedelta(days=1)
    stamp = f"{last:%Y%m%d}2300"
    return (
        write_csv(folder / f"ExportOrderList{stamp}.csv", ORDER_G3, orders),
        write_csv(folder / f"ExportOrderDetailList{stamp}.csv", DETAIL_G3, lines),
    )


def stock_file(folder: Path, day: dt.date, stock: dict[str, tuple[int, int]]) -> Path:
    rows = [
        {
            "商品编码": sku,
            "商品名称": f"商品 {sku}",
            "款式编码": sku[:5],
            "主仓实际库存数": max(a, 0),
            "公有可用数": a,
            "采购在途数": t,
        }  # fmt: skip
        for sku, (a, t) in stock.items()
    ]
    return write_csv(folder / f"聚水潭库存_{day.isoformat()}.csv", JST_HEADERS, rows)


def settings_book(path: Path, rows: list[list], headers: list[str] = SETTINGS_HEADERS) -> Path:
    """A settings workbook as a person saves it from Excel (numbers as numbers where typed so)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "补货参数"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


SETTINGS_ROWS = [
    ["SKU-A", "甲供应商", 15, 7, None, 24, None, 8.5, "在售"],
    ["SKU-B", "乙供应商", None, None, 200, 12, "95%", None, None],
    ["SKU-E", None, None, None, None, None, None, None, "停售"],
]


def add_campaigns(conn) -> None:
    """The past 夏日大促 (SKU-D, 2026-07-10..11) and the planned 国庆大促 (SKU-D, 2026-10-05..07), both
    店铺活动. Plain INSERTs: the calendar's writer (campaigns/) is a parallel piece and these tests are
    about what restock reads from the calendar tables, not about how the calendar is edited."""
    now = dt.datetime(2026, 6, 1, 9, 0)
    for cid, name, start, end in (
        (901, "夏日大促", dt.datetime(2026, 7, 10), dt.datetime(2026, 7, 11, 23, 59, 59)),
        (902, "国庆大促", dt.datetime(2026, 10, 5), dt.datetime(2026, 10, 7, 23, 59, 59)),
    ):
        conn.execute(
            "INSERT INTO campaigns (campaign_id, store, name, campaign_type, source, updated_at) "
            "VALUES (?, ?, ?, '店铺活动', 'editor', ?)",
            [cid, STORE, name, now],
        )
        conn.execute("INSERT INTO campaign_phases VALUES (?, '活动', ?, ?)", [cid, start, end])
        conn.execute("INSERT INTO campaign_skus VALUES (?, 'SKU-D', NULL)", [cid])


def build(conn, folder: Path) -> None:
    """Import every file of the module doc into `conn` and add the campaigns."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sales_files(folder):
        result = imp(conn, path)
        assert result.status == "imported", result.to_json()
    first = {sku: (500, 0) for sku in ("SKU-A", "SKU-B", "SKU-C", "SKU-D", "SKU-E", "SKU-H")} | {
        "SKU-F": (30, 0)
    }
    for day, stock in ((FIRST_DAY, first), (AS_OF, LATEST_STOCK)):
        result = imp(conn, stock_file(folder, day, stock))
        assert result.status == "imported", result.to_json()
    result = imp(conn, settings_book(folder / "补货参数.xlsx", SETTINGS_ROWS))
    assert result.status == "imported", result.to_json()
    add_campaigns(conn)
