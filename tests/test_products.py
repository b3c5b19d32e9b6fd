"""Product structure (metrics/products.py): ABC classes at their exact boundaries, new against old goods at
the boundary day, growth against the previous period, stopped SKUs, and the CLI. The store is built from an
order export and a detail export (G3, GB18030) through the real connectors; every figure is by hand.

Sales (yuan; one order per day, lines as listed):
    2026-05-01  P1 100, P2 100                  (old history)
    2026-07-02  P4 40                           (P4's first sale: 90 days before 09-30)
    2026-07-03  P3 60                           (P3's first sale: 89 days before 09-30)
    2026-08-15  P1 250, P6 300                  (the previous period 08-02..08-31)
    2026-09-01  P4 100
    2026-09-10  P1 400 + 100 (退款成功: still GMV, gross), P2 200, P3 200
    2026-10-01  P3 30                           (90 days after P3's first sale: old)
Period 09-01..09-30: P1 500, P2 200, P3 200, P4 100 = 1000.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from exportfiles import DETAIL_G3, ORDER_G3, imp, order, write_csv

import db
from metrics.products import (
    PRODUCT_COLUMNS,
    abc_classes,
    new_old_by_month,
    product_structure,
    stopped_selling,
)

ROOT = Path(__file__).resolve().parents[1]
D = dt.date
SALES = [
    (D(2026, 5, 1), [("P1", 100, ""), ("P2", 100, "")]),
    (D(2026, 7, 2), [("P4", 40, "")]),
    (D(2026, 7, 3), [("P3", 60, "")]),
    (D(2026, 8, 15), [("P1", 250, ""), ("P6", 300, "")]),
    (D(2026, 9, 1), [("P4", 100, "")]),
    (D(2026, 9, 10), [("P1", 400, ""), ("P1", 100, "退款成功"), ("P2", 200, ""), ("P3", 200, "")]),
    (D(2026, 10, 1), [("P3", 30, "")]),
]


@pytest.fixture(scope="module")
def pdb(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("products")
    orders, lines = [], []
    for n, (day, items) in enumerate(SALES):
        order_id = f"36{day:%Y%m%d}00000{n:02d}"
        paid = f"{day} 12:00:00"
        for k, (sku, amount, refund) in enumerate(items):
            lines.append(
                {
                    "子订单编号": f"{order_id}{k:02d}",
                    "主订单编号": order_id,
                    "标题": f"商品{sku}",
                    "价格": f"{amount}.00",
                    "购买数量": "1",
                    "商家编码": sku,
                    "订单状态": "交易成功",
                    "买家应付货款": f"{amount}.00",
                    "买家实际支付金额": f"{amount}.00",
                    "退款状态": refund or "没有申请退款",
                    "退款金额": f"{amount}.00" if refund else "0.00",
                    "订单创建时间": paid,
                    "订单付款时间": paid,
                }  # fmt: skip
            )
        total = sum(a for _, a, _ in items)
        orders.append(order(order_id, f"b{n}", "交易成功", f"{total}.00", paid, paid))
    conn = db.connect(folder / "p.duckdb")
    for path in (
        write_csv(folder / "ExportOrderList202610012300.csv", ORDER_G3, orders),
        write_csv(folder / "ExportOrderDetailList202610012300.csv", DETAIL_G3, lines),
    ):
        assert imp(conn, path).status == "imported"
    conn.close()
    return folder / "p.duckdb"


@pytest.fixture
def pconn(pdb):
    conn = db.connect(pdb, read_only=True)
    yield conn
    conn.close()


def test_structure_by_hand(pconn):
    frame = product_structure(pconn, start=D(2026, 9, 1), end=D(2026, 9, 30))
    assert list(frame.columns) == PRODUCT_COLUMNS
    got = [
        (r["sku"], r["gmv"], r["units"], r["share"], r["cum_share"], r["abc_class"], r["is_new"], r["status"])
        for r in frame.to_dict("records")
    ]
    # Ties (P2, P3 at 200) go by SKU. P2 brings the total to exactly 70%: A; P3 to exactly 90%: B.
    assert got == [
        ("P1", Decimal("500.00"), 2, 0.5, 0.5, "A", False, "在售"),
        ("P2", Decimal("200.00"), 1, 0.2, 0.7, "A", False, "在售"),
        ("P3", Decimal("200.00"), 1, 0.2, 0.9, "B", True, "在售"),  # first sale 89 days before the end: new
        ("P4", Decimal("100.00"), 1, 0.1, 1.0, "C", False, "在售"),  # 90 days: old; last sale 09-01: selling
        ("P6", Decimal("0.00"), 0, 0.0, 1.0, "C", True, "停售"),  # sold 08-15 only: stopped
    ]
    p1 = frame.iloc[0]
    assert (p1["previous_gmv"], p1["growth"], p1["first_sale"], p1["last_sale"]) == (
        Decimal("250.00"),
        1.0,  # 500 / 250 − 1
        D(2026, 5, 1),
        D(2026, 9, 10),
    )
    assert math.isnan(frame.iloc[1]["growth"])  # no previous GMV
    assert frame.iloc[4]["growth"] == -1.0
    assert p1["title"] == "商品P1"


def test_abc_thresholds_are_settable_and_exact():
    assert abc_classes([Decimal(500), Decimal(200), Decimal(200), Decimal(100)]) == ["A", "A", "B", "C"]
    assert abc_classes([500, 200, 200, 100], a_share=0.5, b_share=0.7) == ["A", "B", "C", "C"]
    assert abc_classes([950, 50]) == ["A", "C"]  # the top SKU is A even beyond 70%
    with pytest.raises(ValueError):
        abc_classes([1], a_share=0.9, b_share=0.7)


def test_new_days_boundary(pconn):
    frame = product_structure(pconn, start=D(2026, 9, 1), end=D(2026, 9, 30), new_days=89)
    assert dict(zip(frame["sku"], frame["is_new"], strict=True))["P3"] is False  # 89 days is not < 89


def test_new_old_by_month(pconn):
    """July: P4 and P3 on their first days (new) 100. August: P1 old 250, P6 new 300. September: P1 500 +
    P2 200 old; P3 (69 days) and P4 (61 days) new 300. October: P3 on day 90 after its first sale: old 30."""
    frame = new_old_by_month(pconn, start=D(2026, 7, 1), end=D(2026, 10, 31))
    got = [(r["month"], r["new_gmv"], r["old_gmv"], r["new_share"]) for r in frame.to_dict("records")]
    assert got == [
        ("2026-07", Decimal("100.00"), Decimal("0.00"), 1.0),
        ("2026-08", Decimal("300.00"), Decimal("250.00"), 300 / 550),
        ("2026-09", Decimal("300.00"), Decimal("700.00"), 0.3),
        ("2026-10", Decimal("0.00"), Decimal("30.00"), 0.0),
    ]


def test_stopped_selling(pconn):
    frame = stopped_selling(pconn, start=D(2026, 9, 1), end=D(2026, 9, 30))
    assert list(frame["sku"]) == ["P6"]


def test_cli_products_json(pdb):
    cmd = [sys.executable, "-m", "metrics", "products", "--db", str(pdb), "--from", "2026-09-01", "--to",
           "2026-09-30", "--json"]  # fmt: skip
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [(r["sku"], r["abc_class"], r["gmv"], r["is_new"]) for r in data][:3] == [
        ("P1", "A", 500.0, False),
        ("P2", "A", 200.0, False),
        ("P3", "B", 200.0, True),
    ]
    assert data[1]["growth"] is None and data[0]["first_sale"] == "2026-05-01"
    missing = subprocess.run(cmd[:-5] + ["--json"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2  # --from and --to are required
