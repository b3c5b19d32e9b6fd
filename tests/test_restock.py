"""Restock planning (metrics/restock.py, metrics/demand.py, metrics/restock_campaigns.py) and restock
settings (skus/, connectors/sku_settings_file.py), on the store of tests/restock_fixture.py built from
real-format export files through the real connectors. Every figure below is worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from statistics import NormalDist

import pandas as pd
import pytest
from exportfiles import imp, write_csv
from restock_fixture import AS_OF, STORE, build, sales_files, settings_book, stock_file

import db
from metrics.demand import baseline_demand
from metrics.restock import PROJECTION_COLUMNS, RESTOCK_COLUMNS, projected_stock, restock
from skus import (
    SkuValueError,
    save_sku_settings,
    set_store_defaults,
    store_defaults,
    template_csv_bytes,
    template_frame,
    template_xlsx_bytes,
)

ROOT = Path(__file__).resolve().parents[1]
D = dt.date


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The fixture store's database file (built once for the module; tests copy it when they write)."""
    folder = tmp_path_factory.mktemp("restock")
    conn = db.connect(folder / "store.duckdb")
    build(conn, folder / "files")
    conn.close()
    return folder / "store.duckdb"


@pytest.fixture
def rconn(built):
    conn = db.connect(built, read_only=True)
    yield conn
    conn.close()


@pytest.fixture
def wconn(built, tmp_path):
    """A writable copy of the built database."""
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(built.read_bytes())
    conn = db.connect(copy)
    yield conn
    conn.close()


def rows(frame: pd.DataFrame) -> dict[str, dict]:
    return {r["sku"]: r for r in frame.to_dict("records")}


# ----------------------------------------------------------------------------- the restock table


def test_columns_order_and_statuses(rconn):
    frame = restock(rconn, as_of=AS_OF)
    assert list(frame.columns) == RESTOCK_COLUMNS
    # 超卖 first, then 紧急 by order_by (B 09-19, A 09-24, D 09-26), 新品, 积压, 滞销, 已停售.
    assert list(zip(frame["sku"], frame["status"], frame["urgency_rank"], strict=True)) == [
        ("SKU-C", "超卖", 1),
        ("SKU-B", "紧急", 2),
        ("SKU-A", "紧急", 3),
        ("SKU-D", "紧急", 4),
        ("SKU-G", "新品", 5),
        ("SKU-H", "积压", 6),
        ("SKU-F", "滞销", 7),
        ("SKU-E", "已停售", 8),
    ]


def test_case_pack_rounding_and_explanation(rconn):
    """SKU-A: 12/day every day (the daily 退款成功 line of 5 units is a return: not demand), so sd 0 and
    safety stock 0. Lead 15 + review 7 = 22 days: 12 × 22 = 264; need 264 + 0 − 100 − 0 = 164;
    164 / 24 = 6.83 → 7 cases = 168. Reorder point 12 × 15 = 180. Cover 100 / 12 = 8.33 days, so the
    stock reaches 0 on day ⌈8.33⌉ = 9: 10-09; order by 10-09 − 15 = 09-24 ≤ as_of: 紧急."""
    a = rows(restock(rconn, as_of=AS_OF))["SKU-A"]
    assert (a["daily_demand"], a["demand_sd"], a["safety_stock"]) == (12.0, 0.0, 0)
    assert (a["horizon_demand"], a["reorder_point"], a["suggested_qty"]) == (264.0, 180, 168)
    assert a["days_of_cover"] == 8.33
    assert (a["stockout_date"], a["order_by"]) == (D(2026, 10, 9), D(2026, 9, 24))
    assert a["unit_cost"] == Decimal("8.50") and a["suggested_value"] == Decimal("1428.00")  # 168 × 8.50
    assert (a["supplier"], a["case_pack"], a["moq"], a["service_level"]) == ("甲供应商", 24, 1, 0.95)
    assert (
        a["explanation"]
        == "日均 12 件 × (交期 15 + 周期 7) 天 + 安全库存 0 − 可用 100 − 在途 0 = 164，取整到箱规 24 → 168"
    )
    assert a["explanation_en"] == (
        "12/day × (lead 15 + review 7) days + safety stock 0 − available 100 − in transit 0 = 164, "
        "rounded up to case pack 24 → 168"
    )


def test_moq_raises_the_order(rconn):
    """SKU-B: 5/day; 5 × 22 = 110 − 20 = 90 → 8 cases of 12 = 96 < MOQ 200 → ⌈200 / 12⌉ = 17 cases = 204.
    Cover 20 / 5 = 4 days: stock-out 10-04, order by 09-19."""
    b = rows(restock(rconn, as_of=AS_OF))["SKU-B"]
    assert (b["suggested_qty"], b["days_of_cover"], b["stockout_date"], b["order_by"]) == (
        204,
        4.0,
        D(2026, 10, 4),
        D(2026, 9, 19),
    )
    assert b["explanation"].endswith("= 90，取整到箱规 12 → 96，低于起订量 200 → 204")


def test_negative_available_is_oversold(rconn):
    """SKU-C: available −5, in transit 10, 3/day: need 66 + 0 + 5 − 10 = 61 (case pack 1). The stock is
    already out: cover 0, stock-out as_of, order by as_of − 15."""
    c = rows(restock(rconn, as_of=AS_OF))["SKU-C"]
    assert (c["status"], c["available"], c["in_transit"], c["suggested_qty"]) == ("超卖", -5, 10, 61)
    assert (c["days_of_cover"], c["stockout_date"], c["order_by"]) == (0.0, AS_OF, D(2026, 9, 15))
    assert "− 可用 (−5) − 在途 10 = 61" in c["explanation"]


def test_campaign_inside_the_lead_time(rconn):
    """SKU-D sells 2/day; the past 夏日大促 (店铺活动, 07-10..11, SKU-D) sold 8 + 8 = 16 units against 2/day in
    the 28 days before: lift 16 / (2 × 2) = 4. The planned 国庆大促 (10-05..07, days 5-7 of the lead time)
    so expects 8/day on 3 days: horizon 2 × 19 + 8 × 3 = 62 (18 more than 2 × 22); lead time 2 × 12 + 24
    = 48 = reorder point; need 62 − 40 = 22. Stock walk: 2,4,6,8 then 16,24,32 then 34.. reaches 40 on
    day 11 = 10-11; order by 09-26."""
    d = rows(restock(rconn, as_of=AS_OF))["SKU-D"]
    assert (d["campaign"], d["campaign_lift"], d["horizon_demand"]) == ("国庆大促", 4.0, 62.0)
    assert (d["reorder_point"], d["suggested_qty"], d["status"]) == (48, 22, "紧急")
    assert (d["days_of_cover"], d["stockout_date"], d["order_by"]) == (20.0, D(2026, 10, 11), D(2026, 9, 26))
    assert "+ 大促“国庆大促”增量 18 +" in d["explanation"]


def test_projected_stock_for_the_chart(rconn):
    frame = projected_stock(rconn, store=STORE, sku="SKU-D", as_of=AS_OF, days=60)
    assert list(frame.columns) == PROJECTION_COLUMNS and len(frame) == 61
    assert list(frame["expected_demand"][:9]) == [0, 2, 2, 2, 2, 8, 8, 8, 2]
    assert list(frame["projected_available"][:9]) == [40, 38, 36, 34, 32, 24, 16, 8, 6]
    assert list(frame["campaign"][4:9]) == [None, "国庆大促", "国庆大促", "国庆大促", None]
    # The 22 units ordered today arrive on day 15 (lead time): 40 − (2 × 12 + 24) = −8 before, +22 after.
    assert frame["order_arrives"].tolist().index(True) == 15
    assert (frame["projected_available"][15], frame["projected_with_order"][15]) == (-8, 14)
    assert set(frame["reorder_point"]) == {48} and set(frame["safety_stock"]) == {0}


def test_discontinued_dead_and_new_stock(rconn):
    """SKU-E is 停售 in the settings file: 已停售, nothing suggested. SKU-F has stock since the store's first
    snapshot (06-01) and never sold: 滞销. SKU-G was first stocked on 09-30, after the store's first
    snapshot and within 30 days, and never sold: 新品. No division by zero: cover and dates are empty."""
    frame = rows(restock(rconn, as_of=AS_OF))
    assert (frame["SKU-E"]["status"], frame["SKU-E"]["suggested_qty"]) == ("已停售", 0)
    for sku, status in (("SKU-F", "滞销"), ("SKU-G", "新品")):
        r = frame[sku]
        assert (r["status"], r["daily_demand"], r["suggested_qty"], r["stockout_date"]) == (
            status,
            0.0,
            0,
            None,
        )
        assert math.isnan(r["days_of_cover"])
    assert frame["SKU-G"]["explanation"] == "新品：2026-09-30 首次入库，尚无销售，暂不建议补货"
    assert frame["SKU-F"]["explanation"] == "滞销：有库存（可用 30），近 120 天无销售，不建议补货"
    # 30 days later SKU-G is no longer new: it becomes 滞销 (no sale), still no division by zero.
    later = rows(restock(rconn, as_of=D(2026, 10, 30)))
    assert later["SKU-G"]["status"] == "滞销"


def test_overstock_and_stale_snapshot(rconn):
    """SKU-H: 1/day, available 200: cover 200 > 90 days: 积压. At as_of 10-04 the 09-30 snapshot is 4 days
    old (> 3): stale."""
    frame = rows(restock(rconn, as_of=AS_OF))
    assert (frame["SKU-H"]["status"], frame["SKU-H"]["days_of_cover"]) == ("积压", 200.0)
    assert not frame["SKU-H"]["stale_snapshot"]
    later = rows(restock(rconn, as_of=D(2026, 10, 4)))
    assert (later["SKU-H"]["snapshot_age_days"], later["SKU-H"]["stale_snapshot"]) == (4, True)


def test_store_defaults_and_overrides(wconn):
    """Store default lead time 20 for SKUs without their own (SKU-B): 5 × (20 + 7) = 135 − 20 = 115 →
    10 cases = 120 < MOQ → 204 still; reorder point 5 × 20 = 100. An override wins over everything."""
    set_store_defaults(wconn, STORE, {"lead_time_days": 20, "service_level": "90%"}, "测试")
    assert store_defaults(wconn, STORE) == {"lead_time_days": 20, "service_level": 0.9}
    b = rows(restock(wconn, as_of=AS_OF))["SKU-B"]
    assert (b["lead_time_days"], b["reorder_point"], b["horizon_demand"]) == (20, 100, 135.0)
    assert b["service_level"] == 0.95  # SKU-B's own 95% wins over the store's 90%
    assert rows(restock(wconn, as_of=AS_OF))["SKU-A"]["lead_time_days"] == 15  # its own setting
    assert rows(restock(wconn, as_of=AS_OF, lead_time_days=5))["SKU-A"]["lead_time_days"] == 5
    with pytest.raises(SkuValueError, match="lead_time_days"):
        set_store_defaults(wconn, STORE, {"lead_time_days": -1, "moq": "abc"}, "测试")
    set_store_defaults(wconn, STORE, {"lead_time_days": None}, "测试")
    assert store_defaults(wconn, STORE) == {"service_level": 0.9}


# ----------------------------------------------------------------------------- the demand model


def test_weighted_baseline_by_hand():
    """Half-life 1 day over a 3-day window: weights 0.25, 0.5, 1 for 2, 1, 0 days before as_of.
    Units 4, 0, 8: mean (1 + 0 + 8) / 1.75 = 5.142857; sd √((0.25·1.306² + 0.5·5.143² + 1·2.857²)/1.75)."""
    units = pd.DataFrame({"sku": ["X", "X"], "age_days": [2, 0], "units": [4, 8]})
    got = baseline_demand(units, ["X"], as_of=AS_OF, window_days=3, half_life_days=1).iloc[0]
    mean = 9 / 1.75
    sd = math.sqrt((0.25 * (4 - mean) ** 2 + 0.5 * mean**2 + (8 - mean) ** 2) / 1.75)
    assert (got["daily_demand"], got["demand_sd"], got["baseline_days"]) == (round(mean, 4), round(sd, 4), 3)


def test_spike_is_capped_and_campaign_days_left_out():
    """10 selling days at 5 and one at 100: median 5, MAD 0, cap max(5, 3 × 5) = 15, so the spike counts as
    15. A campaign day (age 3) is left out altogether. Equal weights (huge half-life) over 14 days, of which
    13 are used: (12 × 5 + 15 − 5·0) / 13 with the zero day included."""
    ages = list(range(14))
    units = [5] * 14
    units[1] = 100  # the spike
    units[5] = 0  # a day without sales
    frame = pd.DataFrame({"sku": "Y", "age_days": ages, "units": units})
    excluded = {AS_OF - dt.timedelta(days=3)}
    got = baseline_demand(
        frame, ["Y"], as_of=AS_OF, window_days=14, half_life_days=1e9, store_excluded=excluded
    ).iloc[0]
    assert got["baseline_days"] == 13
    assert got["daily_demand"] == round((11 * 5 + 15 + 0) / 13, 4)


def test_safety_stock_from_service_level():
    z = NormalDist().inv_cdf(0.95)
    assert round(z, 4) == 1.6449  # 1.6449 × sd 2 × √16 = 13.16 → 14 units
    assert math.ceil(z * 2 * 4) == 14


# ----------------------------------------------------------------------------- settings file import


SETTINGS_HEADERS = [
    "商品编码",
    "交期(天)",
    "补货周期(天)",
    "最小起订量",
    "箱规",
    "服务水平",
    "单位成本",
    "状态",
]


def settings_rows(conn) -> list[tuple]:
    return conn.execute(
        "SELECT sku, supplier, lead_time_days, review_period_days, moq, case_pack, service_level, unit_cost, "
        "active, source FROM sku_settings ORDER BY sku"
    ).fetchall()


def test_settings_workbook_imported(rconn):
    assert settings_rows(rconn) == [
        ("SKU-A", "甲供应商", 15, 7, None, 24, None, Decimal("8.50"), True, "file"),
        ("SKU-B", "乙供应商", None, None, 200, 12, 0.95, None, None, "file"),
        ("SKU-E", None, None, None, None, None, None, None, False, "file"),
    ]


def test_gb18030_csv_with_store_column(wconn, tmp_path):
    headers = ["店铺", "商品编码", "交期", "是否停售", "单位成本"]
    rows_ = [{"店铺": STORE, "商品编码": "SKU-H", "交期": "30", "是否停售": "否", "单位成本": "¥12.30"}]
    result = imp(wconn, write_csv(tmp_path / "补货参数.csv", headers, rows_, encoding="gb18030"))
    assert (result.status, result.kind, result.inserted, result.store) == (
        "imported",
        "sku_settings",
        1,
        STORE,
    )
    assert wconn.execute(
        "SELECT lead_time_days, active, unit_cost FROM sku_settings WHERE sku = 'SKU-H'"
    ).fetchall() == [(30, True, Decimal("12.30"))]


BAD_CASES = [
    ("negative lead time", ["SKU-A", -3, 7, 1, 1, "95%", 1, "在售"], "交期(天)", "不能为负数"),
    ("text in a number cell", ["SKU-A", 15, 7, "十件", 1, "95%", 1, "在售"], "最小起订量", "含文字"),
    ("unknown SKU", ["SKU-ZZZ", 15, 7, 1, 1, "95%", 1, "在售"], "商品编码", "未知商品"),
    ("service level 1", ["SKU-A", 15, 7, 1, 1, 1, 1, "在售"], "服务水平", "0 与 1 之间"),
    ("service level 0%", ["SKU-A", 15, 7, 1, 1, "0%", 1, "在售"], "服务水平", "0 与 1 之间"),
    ("bad status", ["SKU-A", 15, 7, 1, 1, "95%", 1, "缺货"], "状态", "在售"),
]


@pytest.mark.parametrize(("case", "bad", "column", "reason"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_settings_rejected_naming_row_and_column(wconn, tmp_path, case, bad, column, reason):
    before = settings_rows(wconn)
    good = ["SKU-B", 10, 7, 1, 1, "0.9", 2, "在售"]
    path = settings_book(tmp_path / "补货参数.xlsx", [good, bad], SETTINGS_HEADERS)
    result = imp(wconn, path)
    assert result.status == "rejected" and result.inserted == 0, result.to_json()
    assert [(r.line, r.column) for r in result.rejected] == [(3, column)]
    assert reason in result.rejected[0].reason
    assert settings_rows(wconn) == before  # nothing written, not even the good row


def test_cli_import_json_and_rejection(built, tmp_path):
    copy = tmp_path / "cli.duckdb"
    copy.write_bytes(built.read_bytes())
    headers = ["商品编码", "交期(天)", "服务水平"]
    good = write_csv(
        tmp_path / "ok.csv", headers, [{"商品编码": "SKU-C", "交期(天)": "9", "服务水平": "0.97"}]
    )
    bad = write_csv(
        tmp_path / "bad.csv", headers, [{"商品编码": "SKU-C", "交期(天)": "-1", "服务水平": "1.5"}]
    )
    cmd = [sys.executable, "-m", "connectors", "import", "--db", str(copy), "--json", str(good), str(bad)]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1, out.stderr
    results = json.loads(out.stdout)
    assert [(r["kind"], r["status"], r["inserted"]) for r in results] == [
        ("sku_settings", "imported", 1),
        ("sku_settings", "rejected", 0),
    ]
    assert [(r["line"], r["column"]) for r in results[1]["rejections"]] == [(2, "交期(天)"), (2, "服务水平")]


def test_save_lists_every_bad_row_and_writes_nothing(wconn):
    before = settings_rows(wconn)
    saved = save_sku_settings(
        wconn,
        STORE,
        [{"sku": "SKU-A", "moq": 0}, {"sku": "SKU-A", "case_pack": 6}, {"sku": "", "supplier": "x"}],
        author="测试",
    )
    assert [(r.line, r.column) for r in saved.rejected] == [
        (1, "最小起订量"),
        (2, "商品编码"),
        (3, "商品编码"),
    ]
    assert settings_rows(wconn) == before
    ok = save_sku_settings(wconn, STORE, [{"sku": "SKU-H", "交期(天)": 40}], author="测试")
    assert (ok.inserted, ok.updated, ok.rejected) == (1, 0, [])
    again = save_sku_settings(wconn, STORE, [{"sku": "SKU-H", "lead_time_days": 40}], author="测试")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1)


def test_template_round_trip(wconn, tmp_path):
    frame = template_frame(wconn, STORE)
    assert list(frame.columns)[:3] == ["店铺", "商品编码", "商品名称"]
    assert list(frame["商品编码"]) == [f"SKU-{c}" for c in "ABCDEFGH"]
    assert template_csv_bytes(frame).startswith(b"\xef\xbb\xbf")
    path = tmp_path / "补货参数模板.xlsx"
    path.write_bytes(template_xlsx_bytes(frame))
    result = imp(wconn, path)
    assert result.kind == "sku_settings" and result.status in ("imported", "unchanged"), result.to_json()
    assert result.inserted == 0 and result.updated == 0  # the settings in force, read back unchanged


# ----------------------------------------------------------------------------- CLI


def test_cli_restock_json(built):
    cmd = [sys.executable, "-m", "metrics", "restock", "--db", str(built), "--as-of", "2026-09-30", "--json"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    contract = ["sku", "available", "in_transit", "daily_demand", "lead_time_days", "safety_stock", "reorder_point",
                "suggested_qty", "days_of_cover", "stockout_date", "order_by", "status"]  # fmt: skip
    assert all(key in data[0] for key in contract)
    by_sku = {r["sku"]: r for r in data}
    assert by_sku["SKU-A"]["stockout_date"] == "2026-10-09" and by_sku["SKU-A"]["suggested_qty"] == 168
    assert by_sku["SKU-A"]["suggested_value"] == 1428.0 and by_sku["SKU-A"]["stale_snapshot"] is False
    assert by_sku["SKU-F"]["days_of_cover"] is None and by_sku["SKU-F"]["stockout_date"] is None


def test_sales_without_any_stock_snapshot(conn, tmp_path):
    """A store with sales but no stock snapshot yet: every selling SKU has 0 stock (unknown on hand), the
    table says the snapshot is missing (stale) and suggests orders, instead of failing on the unknowns."""
    for path in sales_files(tmp_path, last=AS_OF):
        assert imp(conn, path, store=STORE).ok
    frame = rows(restock(conn, as_of=AS_OF))
    assert sorted(frame) == ["SKU-A", "SKU-B", "SKU-C", "SKU-D", "SKU-E", "SKU-H"]
    b = frame["SKU-B"]  # 5/day × (15 + 7) = 110 + safety 0 (no spread) − 0 − 0 = 110
    assert pd.isna(b["on_hand"]) and (b["available"], b["in_transit"]) == (0, 0)
    assert (b["daily_demand"], b["horizon_demand"], b["suggested_qty"]) == (5.0, 110.0, 110)
    assert (b["status"], b["snapshot_date"], b["stale_snapshot"]) == ("紧急", None, True)


def test_stock_snapshot_replaces_the_picture(wconn, tmp_path):
    """A later snapshot without SKU-F: SKU-F has no stock and no sale, so it leaves the table."""
    stock = {"SKU-A": (500, 0), "SKU-G": (40, 0)}
    assert imp(wconn, stock_file(tmp_path, D(2026, 10, 1), stock)).ok
    frame = rows(restock(wconn, as_of=D(2026, 10, 1)))
    assert "SKU-F" not in frame and frame["SKU-A"]["available"] == 500
    assert frame["SKU-B"]["available"] == 0  # sold recently, absent from the snapshot: 0
