"""Campaign review (metrics.campaign_review) on hand-built stores whose baselines and effects are known.

The orders are written as real-format exports (订单报表 G3 + 宝贝报表 G3) and imported through the real
connectors once per module (about 1,200 orders); calendar rows go in with SQL (the calendar file import is
another module's). Money tolerance: 0.01 yuan; ratios: 1e-9. The series are noise-free, so the fitted
baselines are exact and their bands have zero width.

复盘测试店 (store-wide campaign 春季大促, 2026-04-20..04-22 Mon-Wed, one phase 爆发):
    normal days: Mon-Sun 4, 4, 4, 4, 6, 8, 6 orders of 100.00 (one line, SKU-A / SKU-B), buyers 老客0..9;
        each Saturday's first order refunded (退款成功, 100.00)
    pre window 04-13..04-19 and post days 04-23..04-29: one order fewer per day (-100.00 a day)
    campaign days: 20 orders of 100.00 a day; orders 0-4 by 老客0..4, 5-19 by first-time buyers; orders
        5-8 of each day refunded; the first at 04-20 00:00:30, the pre window's last at 04-19 23:59:59
    baseline fit: the 28 days 03-16..04-12 (4 full weeks): weekday GMV 400, 400, 400, 400, 600, 800, 600
聚划算测试店 (SKU-level campaign 聚划算J on 2026-04-22 10:00-23:59, SKU-J):
    every day SKU-J 2 orders and SKU-K 4 orders of 50.00; on 04-22 SKU-J 12, SKU-K 3 (cannibalised)
预售测试店 (双十一 2026 with presale; history from 10-15 only: too little for a baseline)
预售单品店 (双11 单品: the same phases, SKU-level on SKU-Q; SKU-R's presales and sales are not its own)
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from data.export_layouts import DETAIL_G3, ORDER_G3
from tests.exportfiles import imp, order, write_csv

ROOT = Path(__file__).resolve().parents[1]
SPRING = "复盘测试店"
JHS = "聚划算测试店"
PRESALE = "预售测试店"
PRESALE_SKU = "预售单品店"
WEEK = [4, 4, 4, 4, 6, 8, 6]  # orders per weekday, Monday first
AS_OF = date(2026, 5, 31)
CENT = Decimal("0.01")


class Book:
    """Order and detail rows of one store, with unique ids."""

    def __init__(self, prefix: int):
        self.next_id = prefix * 10**15
        self.orders: list[dict] = []
        self.lines: list[dict] = []

    def add(self, at: datetime, buyer: str, amount: str, sku: str, refunded: bool = False, **extra) -> None:
        self.next_id += 1
        oid = str(3 * 10**18 + self.next_id)
        stamp = at.strftime("%Y-%m-%d %H:%M:%S")
        created = (at - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S")
        status = "交易关闭" if refunded else "交易成功"
        row = order(
            oid, buyer, status, amount, stamp, created, 退款金额=amount if refunded else "0.00", **extra
        )
        if refunded:
            row["订单关闭原因"] = "退款"
        self.orders.append(row)
        self.lines.append(
            {
                "子订单编号": str(int(oid) + 5 * 10**17),
                "主订单编号": oid,
                "标题": sku,
                "价格": amount,
                "购买数量": "1",
                "商家编码": sku,
                "订单状态": status,
                "买家应付货款": amount,
                "买家实际支付金额": amount,
                "退款状态": "退款成功" if refunded else "没有申请退款",
                "退款金额": amount if refunded else "0.00",
                "订单创建时间": created,
                "订单付款时间": stamp,
            }
        )

    def write(self, conn, folder: Path, store: str, lines: bool = True) -> None:
        folder.mkdir(exist_ok=True)
        for row in self.orders:
            row.update(店铺名称=store, 店铺Id=str(880000 + self.next_id // 10**15))
        result = imp(
            conn, write_csv(folder / "ExportOrderList202606010800.csv", ORDER_G3, self.orders), store=store
        )
        assert result.status == "imported", result.error
        if lines:
            path = write_csv(folder / "ExportOrderDetailList202606010800.csv", DETAIL_G3, self.lines)
            result = imp(conn, path, store=store)
            assert result.status == "imported", result.error


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def spring_book() -> Book:
    book = Book(1)
    for day in days(date(2026, 2, 2), AS_OF):
        if date(2026, 4, 20) <= day <= date(2026, 4, 22):
            for i in range(20):
                at = (
                    datetime(day.year, day.month, day.day, 0, 0, 30)
                    if i == 0
                    else datetime(day.year, day.month, day.day, 10, i)
                )
                buyer = f"老客{i}" if i < 5 else f"新客{day:%m%d}-{i}"
                book.add(at, buyer, "100.00", "SKU-A", refunded=5 <= i <= 8)
            continue
        count = WEEK[day.weekday()]
        if date(2026, 4, 13) <= day <= date(2026, 4, 19) or date(2026, 4, 23) <= day <= date(2026, 4, 29):
            count -= 1
        for i in range(count):
            at = datetime(day.year, day.month, day.day, 10 + i)
            if day == date(2026, 4, 19) and i == count - 1:
                at = datetime(2026, 4, 19, 23, 59, 59)
            refunded = day.weekday() == 5 and i == 0
            book.add(at, f"老客{i % 10}", "100.00", "SKU-A" if i % 2 == 0 else "SKU-B", refunded=refunded)
    return book


def jhs_book() -> Book:
    book = Book(2)
    for day in days(date(2026, 3, 1), date(2026, 5, 10)):
        campaign = day == date(2026, 4, 22)
        for sku, count in (("SKU-J", 12 if campaign else 2), ("SKU-K", 3 if campaign else 4)):
            for i in range(count):
                book.add(datetime(day.year, day.month, day.day, 11, i), f"买家{sku}{i}", "50.00", sku)
    return book


def presale_book() -> Book:
    book = Book(3)
    for day in days(date(2026, 10, 15), date(2026, 10, 23)):
        book.add(datetime(day.year, day.month, day.day, 12), "日常客", "100.00", "SKU-P")
    staged = "定金:{d}元,付款时间:{dt};尾款:{b}元,{paid}"
    book.add(  # P1: deposit 10-24, balance 11-01 00:03:12 -> a sale of 200.00 on 11-01
        datetime(2026, 11, 1, 0, 3, 12), "预售1", "200.00", "SKU-P", 预售订单="是",
        分阶段订单信息=staged.format(d="30.00", dt="2026-10-24 20:05:11", b="170.00", paid="付款时间:2026-11-01 00:03:12"),
    )  # fmt: skip
    book.add(  # P2: deposit 10-25, balance 11-02
        datetime(2026, 11, 2, 10), "预售2", "200.00", "SKU-P", 预售订单="是",
        分阶段订单信息=staged.format(d="30.00", dt="2026-10-25 09:00:00", b="170.00", paid="付款时间:2026-11-02 10:00:00"),
    )  # fmt: skip
    book.add(  # P3: deposit 50.00 on 10-26, balance never paid, closed
        datetime(2026, 10, 26, 9), "预售3", "50.00", "SKU-P", 预售订单="是",
        分阶段订单信息=staged.format(d="50.00", dt="2026-10-26 09:00:00", b="150.00", paid="未付款"),
    )  # fmt: skip
    book.orders[-1].update(订单状态="交易关闭", 订单关闭原因="买家未付尾款")
    book.add(datetime(2026, 10, 27, 10), "预售4", "40.00", "SKU-P", 预售订单="是")  # P4: no staged info
    book.orders[-1].update(订单状态="等待买家付款")
    book.add(datetime(2026, 11, 10, 23, 59, 59), "日常客", "10.00", "SKU-P")  # a gap day: no phase
    book.add(datetime(2026, 11, 11, 0, 0, 30), "十一客", "300.00", "SKU-P")  # 11-11 00:00:30 -> 爆发, 11-11
    return book


def presale_sku_book() -> Book:
    book = Book(4)
    for day in days(date(2026, 10, 15), date(2026, 10, 23)):
        book.add(datetime(day.year, day.month, day.day, 12), "日常客", "100.00", "SKU-R")
    staged = "定金:{d}元,付款时间:{dt};尾款:{b}元,{paid}"
    for sku, deposit in (("SKU-Q", "30.00"), ("SKU-R", "20.00")):
        book.add(  # balance paid 11-01
            datetime(2026, 11, 1, 0, 3, 12), f"预售{sku}1", "200.00", sku, 预售订单="是",
            分阶段订单信息=staged.format(d=deposit, dt="2026-10-24 20:05:11", b="170.00", paid="付款时间:2026-11-01 00:03:12"),
        )  # fmt: skip
        book.add(  # deposit 10-26, balance never paid, closed
            datetime(2026, 10, 26, 9), f"预售{sku}2", "50.00", sku, 预售订单="是",
            分阶段订单信息=staged.format(d="50.00", dt="2026-10-26 09:00:00", b="150.00", paid="未付款"),
        )  # fmt: skip
        book.orders[-1].update(订单状态="交易关闭", 订单关闭原因="买家未付尾款")
    book.add(datetime(2026, 11, 11, 10), "双客", "300.00", "SKU-Q")
    book.add(datetime(2026, 11, 11, 11), "双客", "100.00", "SKU-R")
    book.add(datetime(2026, 11, 11, 12), "双客", "100.00", "SKU-Q")
    return book


CALENDAR = [
    # (id, store, name, type, target, slot_fee, commission, ad_spend, coupon, margin, phases, skus)
    (1, SPRING, "春季大促", "店铺活动", "5000.00", "500.00", 0.05, "700.00", "0.00", 0.4,
     [("爆发", "2026-04-20 00:00:00", "2026-04-22 23:59:59")], []),
    (2, JHS, "聚划算J", "聚划算", None, "100.00", None, None, None, None,
     [("活动", "2026-04-22 10:00:00", "2026-04-22 23:59:59")], [("SKU-J", 0.5)]),
    (3, PRESALE, "双11 2026", "双十一", None, None, None, None, None, None,
     [("定金", "2026-10-24 20:00:00", "2026-10-31 23:59:59"), ("尾款", "2026-11-01 00:00:00", "2026-11-03 23:59:59"),
      ("爆发", "2026-11-11 00:00:00", "2026-11-11 23:59:59")], []),
    (4, PRESALE_SKU, "双11 单品", "双十一", None, None, None, None, None, None,
     [("定金", "2026-10-24 20:00:00", "2026-10-31 23:59:59"), ("尾款", "2026-11-01 00:00:00", "2026-11-03 23:59:59"),
      ("爆发", "2026-11-11 00:00:00", "2026-11-11 23:59:59")], [("SKU-Q", None)]),
]  # fmt: skip


@pytest.fixture(scope="module")
def review_db(tmp_path_factory) -> Path:
    import db

    folder = tmp_path_factory.mktemp("campaign")
    path = folder / "review.duckdb"
    conn = db.connect(path)
    try:
        spring_book().write(conn, folder / "spring", SPRING)
        jhs_book().write(conn, folder / "jhs", JHS)
        presale_book().write(conn, folder / "presale", PRESALE, lines=False)
        presale_sku_book().write(conn, folder / "presale_sku", PRESALE_SKU)
        for cid, store, name, kind, target, slot, comm, ad, coupon, margin, phases, skus in CALENDAR:
            conn.execute(
                "INSERT INTO campaigns (campaign_id, store, name, campaign_type, gmv_target, slot_fee, "
                "commission_rate, ad_spend, coupon_cost, margin_rate, source, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'editor', TIMESTAMP '2026-06-01 08:00:00')",
                [cid, store, name, kind, target, slot, comm, ad, coupon, margin],
            )
            for phase, start, end in phases:
                conn.execute("INSERT INTO campaign_phases VALUES (?, ?, ?, ?)", [cid, phase, start, end])
            for sku, sku_margin in skus:
                conn.execute("INSERT INTO campaign_skus VALUES (?, ?, ?)", [cid, sku, sku_margin])
    finally:
        conn.close()
    return path


@pytest.fixture
def rconn(review_db):
    import db

    connection = db.connect(review_db, read_only=True)
    yield connection
    connection.close()


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def close(actual, expected, tol=1e-9) -> bool:
    return actual is not None and abs(float(actual) - float(expected)) <= tol


# ---------------------------------------------------------------------------------------------------------


def test_store_wide_campaign_figures(rconn):
    from metrics.campaign_review import campaign_review

    s = campaign_review(rconn, campaign="春季大促", as_of=AS_OF).summary
    assert (s["scope"], s["first_day"], s["last_day"], s["pre_start"]) == (
        "store",
        date(2026, 4, 20),
        date(2026, 4, 22),
        date(2026, 4, 13),
    )
    # 3 days x 20 orders x 100.00; buyers 老客0..4 + 45 first-time buyers
    assert (s["gmv"], s["orders"], s["buyers"], s["units"]) == (Decimal("6000.00"), 60, 50, 60)
    assert s["baseline_status"] == "ok" and s["baseline_fit_days"] == 28 and s["baseline_trend"] == 0.0
    # Mon-Wed are 4-order weekdays: 3 x 400.00; the noise-free fit has a zero-width band
    assert s["baseline"] == s["baseline_low"] == s["baseline_high"] == Decimal("1200.00")
    assert s["incremental"] == Decimal("4800.00") and close(s["lift"], 4.0)
    assert s["pre_dip"] == Decimal("-700.00") and s["post_dip"] == Decimal("-700.00")  # 7 days x -100.00
    assert s["net_incremental"] == Decimal("3400.00")  # 4800 - 700 - 700
    assert close(s["refund_rate"], 1200 / 6000)  # 12 refunded campaign orders
    assert close(s["baseline_refund_rate"], 400 / 14400)  # 4 Saturdays x 100.00 over 4 weeks x 3600.00
    assert s["refund_rate_7d"] is None and any("no refund time" in n for n in s["notes"])
    # (6000 - 1200) - 1200 x (1 - 1/36) + (-1400) x (1 - 1/36) = 4800 - 2600 x 35/36
    after = 4800 - 2600 * 35 / 36
    assert s["net_incremental_after_refunds"] == money(after)
    assert (s["new_buyers"], s["new_buyer_share"]) == (45, 45 / 50)
    # costs: slot 500 + 5% x 6000 + ad 700 + coupon 0 = 1500; ROI = (after x 0.4 - 1500) / 1500
    assert (s["commission"], s["costs"], s["margin_source"]) == (
        Decimal("300.00"),
        Decimal("1500.00"),
        "campaign",
    )
    assert close(s["roi"], (after * 0.4 - 1500) / 1500) and close(s["roi_low"], s["roi"])
    assert s["target"] == Decimal("5000.00") and close(s["attainment"], 1.2)
    assert s["presale_deposit_orders"] == 0 and s["balance_payment_rate"] is None
    assert s["cannibalisation"] is None


def test_store_wide_frames(rconn):
    from metrics.campaign_review import PHASE_COLUMNS, TIMELINE_COLUMNS, campaign_review

    review = campaign_review(rconn, campaign="春季大促", as_of=AS_OF)
    assert list(review.phases.columns) == PHASE_COLUMNS
    phase = review.phases.iloc[0]
    # the 00:00:30 order of 04-20 is inside the phase that starts at 00:00:00
    assert (phase["phase"], phase["gmv"], phase["orders"], phase["buyers"]) == (
        "爆发",
        Decimal("6000.00"),
        60,
        50,
    )
    t = review.timeline.set_index("date")
    assert list(review.timeline.columns) == TIMELINE_COLUMNS
    assert t["window"].value_counts().to_dict() == {"baseline": 28, "pre": 7, "campaign": 3, "post": 14}
    # 04-19 (Sunday, pre): 5 orders, the last at 23:59:59 stays on 04-19; 04-20: 20 orders
    assert t.loc[date(2026, 4, 19), "actual_gmv"] == Decimal("500.00")
    assert t.loc[date(2026, 4, 19), "baseline_gmv"] == Decimal("600.00")
    assert t.loc[date(2026, 4, 20), "orders"] == 20 and t.loc[date(2026, 4, 20), "phase"] == "爆发"
    assert t.loc[date(2026, 4, 20), "incremental_gmv"] == Decimal("1600.00")
    assert t.loc[date(2026, 3, 16), "incremental_gmv"] is None
    skus = review.skus.set_index("sku")
    assert skus["participating"].all()
    assert skus.loc["SKU-A", "actual_gmv"] == Decimal("6000.00")


def test_sku_level_campaign_and_cannibalisation(rconn):
    from metrics.campaign_review import campaign_review

    review = campaign_review(rconn, campaign="聚划算J", as_of=date(2026, 5, 10))
    s = review.summary
    assert (s["scope"], s["sku_count"], s["gmv"], s["orders"]) == ("skus", 1, Decimal("600.00"), 12)
    assert (
        s["baseline"] == Decimal("100.00") and s["incremental"] == Decimal("500.00") and close(s["lift"], 5.0)
    )
    assert s["pre_dip"] == Decimal("0.00") and s["post_dip"] == Decimal("0.00")
    assert s["cannibalisation"] == Decimal("-50.00")  # SKU-K: 3 x 50.00 against 4 x 50.00
    # margin: SKU-J's override 0.5; costs: slot fee 100; ROI = ((600 - 100) - 50) x 0.5 - 100) / 100
    assert (s["margin_rate"], s["margin_source"], s["costs"]) == (0.5, "skus", Decimal("100.00"))
    assert close(s["roi"], 1.25)
    skus = review.skus.set_index("sku")
    assert list(review.skus["sku"]) == ["SKU-J", "SKU-K"]  # participants first
    assert skus.loc["SKU-J", "baseline_gmv"] == Decimal("100.00") and close(skus.loc["SKU-J", "lift"], 5.0)
    assert skus.loc["SKU-K", "incremental_gmv"] == Decimal("-50.00") and close(
        skus.loc["SKU-K", "lift"], -0.25
    )
    day = review.timeline.set_index("date").loc[date(2026, 4, 22)]
    assert (day["rest_gmv"], day["rest_baseline"], day["store_gmv"]) == (
        Decimal("150.00"),
        Decimal("200.00"),
        Decimal("750.00"),
    )


def test_presale_accounting_and_too_little_history(rconn):
    from metrics.campaign_review import campaign_review

    review = campaign_review(rconn, campaign="双11 2026", as_of=date(2026, 11, 30))
    s = review.summary
    # deposits: P1 30 + P2 30 + P3 50 + P4 40 (no staged info: what it paid) = 150.00 over 4 orders
    assert (s["presale_deposit_orders"], s["presale_deposit_amount"]) == (4, Decimal("150.00"))
    assert (s["presale_balance_paid_orders"], s["presale_balance_gmv"]) == (2, Decimal("400.00"))
    assert close(s["balance_payment_rate"], 0.5)
    # P3 closed unpaid, P4 still 等待买家付款 after the last sale phase: both forfeited, 50 + 40
    assert (s["presale_forfeited_orders"], s["presale_forfeited_deposits"]) == (2, Decimal("90.00"))
    assert s["presale_pending_orders"] == 0
    # campaign days 11-01..11-11: P1 200 + P2 200 + 10.00 (11-10 23:59:59) + 300.00 (11-11 00:00:30)
    assert (s["gmv"], s["orders"]) == (Decimal("710.00"), 4)
    # 9 days of history (10-15..10-23) before the deposit phase: no baseline and nothing built on it
    assert s["baseline_status"] == "too_little_history" and s["baseline_fit_days"] == 9
    for key in ("baseline", "incremental", "lift", "pre_dip", "post_dip", "net_incremental", "roi"):
        assert s[key] is None, key
    assert any("too little history" in n for n in s["notes"])
    phases = review.phases.set_index("phase")
    assert phases.loc["定金", "gmv"] == Decimal("0.00") and not phases.loc["定金", "is_sale_phase"]
    assert (phases.loc["尾款", "gmv"], phases.loc["尾款", "orders"]) == (Decimal("400.00"), 2)
    assert (phases.loc["爆发", "gmv"], phases.loc["爆发", "orders"]) == (Decimal("300.00"), 1)
    t = review.timeline.set_index("date")
    assert t.loc[date(2026, 11, 11), "actual_gmv"] == Decimal("300.00")
    assert t.loc[date(2026, 11, 10), "actual_gmv"] == Decimal("10.00")
    assert pd.isna(t.loc[date(2026, 11, 10), "phase"])  # a gap day between phases
    assert t["baseline_gmv"].isna().all()
    ledger = review.presale.set_index("date")
    assert ledger.loc[date(2026, 10, 24), "deposit_orders"] == 1
    assert ledger.loc[date(2026, 10, 24), "deposits_completed"] == 1
    assert ledger.loc[date(2026, 10, 26), "forfeited_deposits"] == Decimal("50.00")
    assert ledger.loc[date(2026, 10, 27), "deposit_amount"] == Decimal("40.00")
    assert ledger.loc[date(2026, 11, 1), "balance_paid_gmv"] == Decimal("200.00")
    assert int(ledger["deposit_orders"].sum()) == 4 and int(ledger["balance_paid_orders"].sum()) == 2


def test_presale_balance_still_open_is_pending(rconn):
    from metrics.campaign_review import campaign_review

    s = campaign_review(rconn, campaign="双11 2026", as_of=date(2026, 11, 2)).summary
    # as of 11-02 the balance window is open: P4 (等待买家付款) is pending, P3 (closed) forfeited
    assert (s["presale_forfeited_orders"], s["presale_pending_orders"]) == (1, 1)
    assert any("partial" in n for n in s["notes"])


def test_sku_level_presale_counts_only_its_skus(rconn):
    """A SKU-level campaign with presales: deposits (paid or not), balances, orders and buyers are those of
    orders with a line of its SKU; the other SKU's presales and sales stay out."""
    from metrics.campaign_review import campaign_review

    s = campaign_review(rconn, campaign="双11 单品", as_of=date(2026, 11, 30)).summary
    assert s["scope"] == "skus"
    # SKU-Q: deposit 30 (balance paid 11-01) + deposit 50 (never paid, closed); SKU-R's 20 + 50 left out
    assert (s["presale_deposit_orders"], s["presale_deposit_amount"]) == (2, Decimal("80.00"))
    assert (s["presale_balance_paid_orders"], s["presale_balance_gmv"]) == (1, Decimal("200.00"))
    assert (s["presale_forfeited_orders"], s["presale_forfeited_deposits"]) == (1, Decimal("50.00"))
    # sales: the balance 200 (11-01) + 双客's two SKU-Q orders 300 + 100 on 11-11; its SKU-R order is not one
    assert (s["gmv"], s["orders"], s["buyers"], s["units"]) == (Decimal("600.00"), 3, 2, 3)
    assert (s["new_buyers"], s["new_buyer_share"]) == (2, 1.0)


def test_campaign_unknown_is_a_readable_error(rconn):
    from metrics.campaign_review import campaign_review

    with pytest.raises(ValueError, match="no campaign named"):
        campaign_review(rconn, campaign="没有这个活动")


def test_comparison_lists_the_editions(rconn):
    from metrics.campaign_review import campaign_comparison

    frame = campaign_comparison(rconn, "春季大促", as_of=AS_OF)
    assert list(frame["edition"]) == ["this"] and frame.loc[0, "gmv"] == Decimal("6000.00")


def test_definitions_cover_the_review_columns():
    from metrics.campaign_review import PHASE_COLUMNS, PRESALE_COLUMNS, SKU_COLUMNS, TIMELINE_COLUMNS
    from metrics.definitions import CAMPAIGN_REVIEW_DEFINITIONS, METRIC_DEFINITIONS

    for column in {*PHASE_COLUMNS, *TIMELINE_COLUMNS, *PRESALE_COLUMNS, *SKU_COLUMNS, *CLI_FIELDS}:
        entry = CAMPAIGN_REVIEW_DEFINITIONS.get(column) or METRIC_DEFINITIONS.get(column)
        assert entry and {"zh", "en", "label_zh", "label_en", "unit"} <= entry.keys(), column


CLI_FIELDS = [
    "gmv", "orders", "buyers", "presale_deposit_orders", "presale_balance_paid_orders",
    "presale_forfeited_orders", "presale_forfeited_deposits", "baseline", "baseline_low", "baseline_high",
    "incremental", "lift", "pre_dip", "post_dip", "net_incremental", "refund_rate", "baseline_refund_rate",
    "new_buyer_share", "roi",
]  # fmt: skip


def test_cli_prints_the_contract_fields(review_db):
    out = subprocess.run(
        [sys.executable, "-m", "metrics", "campaign", "--db", str(review_db), "--campaign", "春季大促",
         "--as-of", "2026-05-31", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 1 and set(CLI_FIELDS) <= rows[0].keys()
    assert (rows[0]["gmv"], rows[0]["baseline"], rows[0]["net_incremental"]) == (6000.0, 1200.0, 3400.0)
    assert rows[0]["store"] == SPRING and rows[0]["first_day"] == "2026-04-20"
