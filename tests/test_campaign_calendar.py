"""The campaign calendar (活动日历) through the real import path: .xlsx, GB18030 and UTF-8-BOM calendar files
recognised from their headers (also by the CLI), every bad input rejected whole with its row and column
named and nothing written, a changed file replacing its campaigns, the editor API, the phase templates and
the template file, and the `campaigns` metrics command."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from itertools import pairwise

import openpyxl
import pandas as pd
import pytest
from conftest import ROOT
from exportfiles import DETAIL_G3, imp, write_csv

import db
from campaigns import (
    DEFAULT_MARGIN_RATE,
    PHASES,
    TEMPLATE_HEADERS,
    CampaignValueError,
    PhaseWindow,
    campaign_detail,
    delete_campaign,
    double11_template,
    list_campaigns,
    save_campaign,
    set_store_setting,
    six18_template,
    store_margin_rate,
    template_csv_bytes,
    template_frame,
    template_xlsx_bytes,
)
from campaigns.fields import BadValue, parse_rate, parse_skus, parse_time, parse_type
from metrics.calendar import CALENDAR_COLUMNS, campaign_calendar, campaign_day_names

T = dt.datetime
JST_HEADERS = ["商品编码", "商品名称", "款式编码", "主仓实际库存数", "公有可用数"]
HEADERS = ["活动名称", "活动类型", "店铺", "阶段", "开始时间", "结束时间", "商品编码", "目标GMV", "坑位费",
           "佣金比例", "推广费用", "优惠券成本", "毛利率"]  # fmt: skip
TABLES = ("campaigns", "campaign_phases", "campaign_skus")


def _detail(line_id: str, sku: str) -> dict:
    return {"子订单编号": line_id, "主订单编号": "3515313147329357901", "标题": f"商品 {sku}", "价格": "99.00",
            "购买数量": "1", "商家编码": sku, "订单状态": "交易成功", "买家应付货款": "99.00",
            "买家实际支付金额": "99.00", "退款状态": "没有申请退款", "退款金额": "0.00",
            "订单创建时间": "2026-10-01 09:58:00", "订单付款时间": "2026-10-01 10:00:00"}  # fmt: skip


@pytest.fixture
def cdb(conn, tmp_path):
    """Stores 甲店 (SKU NS-1001-GR stocked, NS-3001 sold) and 乙店 (NS-9001 stocked), built by the connectors."""
    folder = tmp_path / "setup"
    folder.mkdir()
    stock = [{"商品编码": "NS-1001-GR", "商品名称": "马克杯", "款式编码": "NS-1001", "主仓实际库存数": 10,
              "公有可用数": 8}]  # fmt: skip
    assert imp(conn, write_csv(folder / "聚水潭库存_2026-10-05.csv", JST_HEADERS, stock), store="甲店").ok
    sold = [_detail("3515313147329357911", "NS-3001")]
    assert imp(
        conn, write_csv(folder / "ExportOrderDetailList202610020800.csv", DETAIL_G3, sold), store="甲店"
    ).ok
    other = [dict(stock[0], 商品编码="NS-9001")]
    assert imp(conn, write_csv(folder / "聚水潭库存_2026-10-06.csv", JST_HEADERS, other), store="乙店").ok
    conn.execute("UPDATE stores SET shop_name = '甲店旗舰店' WHERE store = '甲店'")
    return conn


def write_book(path, headers, rows: list[list]):
    """A calendar workbook as a person saves it from Excel: header row, then cells as typed (dates stay dates)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "活动日历"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def row(
    name,
    kind,
    store,
    phase,
    start,
    end,
    skus="",
    target="",
    slot="",
    commission="",
    ads="",
    coupons="",
    margin="",
) -> dict:
    return dict(zip(HEADERS, [name, kind, store, phase, start, end, skus, target, slot, commission, ads, coupons,
                              margin], strict=True))  # fmt: skip


D11 = [
    row("2026双十一", "天猫双十一", "甲店", "定金", "2026-10-24 20:00:00", "2026-10-31 23:59:59", "", "1,000,000",
        "0", "5%", "60000", "30000", "38%"),
    row("2026双十一", "双十一", "甲店", "尾款", "2026-11-01", "2026-11-03"),
    row("2026双十一", "", "甲店", "现货", "2026/11/11 00:00", "2026/11/11 23:59"),
]  # fmt: skip


def counts(conn) -> tuple[int, ...]:
    return tuple(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES)


def phases_of(conn, store, name) -> list[tuple]:
    detail = campaign_detail(conn, (store, name))
    return [
        (p.phase, p.starts_at.to_pydatetime(), p.ends_at.to_pydatetime()) for p in detail.phases.itertuples()
    ]


# --------------------------------------------------------------------------------------------- good files


def test_xlsx_with_excel_cells_aliases_and_costs_on_one_row(cdb, tmp_path):
    rows = [
        ["2026双十一", "双11", "甲店旗舰店", "定金", T(2026, 10, 24, 20), "2026-10-31 23:59:59", None, 1000000, 0,
         0.05, 60000.5, 30000, "38%"],
        ["2026双十一", None, "甲店", "尾款", "2026-11-01", "2026-11-03", None, None, None, None, None, None, None],
        ["2026双十一", "双十一", "甲店", "正式", T(2026, 11, 11), "2026-11-11 23:59:59", None, "1,000,000", None,
         "5%", None, None, None],
        ["9月聚划算", "聚划算", "甲店", "活动", "2026-09-12", "2026-09-12", "NS-1001-GR、NS-3001", 150000, 5000,
         0.03, None, None, None],
    ]  # fmt: skip
    path = write_book(tmp_path / "活动日历.xlsx", HEADERS, rows)
    result = imp(cdb, path, author="alice")
    assert (result.kind, result.status, result.rows_read, result.inserted, result.store) == (
        "campaign_calendar",
        "imported",
        4,
        2,
        "甲店",
    ), result.to_json()
    assert phases_of(cdb, "甲店", "2026双十一") == [
        ("定金", T(2026, 10, 24, 20), T(2026, 10, 31, 23, 59, 59)),
        ("尾款", T(2026, 11, 1), T(2026, 11, 3, 23, 59, 59)),
        ("爆发", T(2026, 11, 11), T(2026, 11, 11, 23, 59, 59)),
    ]
    d11 = campaign_detail(cdb, ("甲店", "2026双十一")).campaign
    assert (d11["campaign_type"], d11["gmv_target"], d11["slot_fee"], d11["commission_rate"]) == (
        "双十一",
        Decimal("1000000.00"),
        Decimal("0.00"),
        0.05,
    )
    assert (d11["ad_spend"], d11["coupon_cost"], d11["margin_rate"]) == (
        Decimal("60000.50"),
        Decimal("30000.00"),
        0.38,
    )
    assert (d11["source"], d11["updated_by"], d11["load_id"]) == ("file", "alice", result.load_id)
    jhs = campaign_detail(cdb, ("甲店", "9月聚划算"))
    assert jhs.skus["sku"].tolist() == ["NS-1001-GR", "NS-3001"]
    assert phases_of(cdb, "甲店", "9月聚划算") == [("活动", T(2026, 9, 12), T(2026, 9, 12, 23, 59, 59))]
    assert cdb.execute("SELECT count(*) FROM campaigns WHERE load_id = ?", [result.load_id]).fetchone() == (
        2,
    )


def test_gb18030_and_utf8_bom_csv(cdb, tmp_path):
    gb = write_csv(tmp_path / "活动日历_甲店.csv", HEADERS, D11)
    assert gb.read_bytes().decode("gb18030") and not gb.read_bytes().startswith(b"\xef\xbb\xbf")
    first = imp(cdb, gb)
    assert (first.status, first.encoding, first.inserted) == ("imported", "gb18030", 1), first.to_json()
    six18 = [
        row("2026年中大促", "六一八", "乙店", "定金", "2026-05-26 20:00:00", "2026-05-31 19:59:59", "NS-9001", "80000"),
        row("2026年中大促", "618", "乙店", "尾款", "2026-05-31 20:00:00", "2026-06-03 23:59:59", "NS-9001"),
    ]  # fmt: skip
    bom = write_csv(tmp_path / "活动日历_乙店.csv", HEADERS, six18, encoding="utf-8-sig")
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf")
    second = imp(cdb, bom)
    assert (second.status, second.encoding, second.store, second.inserted) == (
        "imported",
        "utf-8-sig",
        "乙店",
        1,
    )
    frame = list_campaigns(cdb)
    assert frame[["store", "name", "campaign_type", "phase_count", "sku_count"]].values.tolist() == [
        ["乙店", "2026年中大促", "618", 2, 1],
        ["甲店", "2026双十一", "双十一", 3, 0],
    ]


def test_cli_import_prints_json_and_exit_codes(cdb, tmp_path):
    db_path = tmp_path / "t.duckdb"
    cdb.close()
    good = write_csv(tmp_path / "calendar.csv", HEADERS, D11)
    bad = write_csv(tmp_path / "calendar_bad.csv", HEADERS, [dict(D11[0], 店铺="丙店")])

    def run(path):
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "connectors",
                "import",
                "--db",
                str(db_path),
                "--json",
                "--author",
                "张三",
                str(path),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )

    ok = run(good)
    assert ok.returncode == 0, ok.stderr
    (out,) = json.loads(ok.stdout)
    assert (
        out["kind"],
        out["status"],
        out["inserted"],
        out["store"],
        out["rejected_rows"],
        out["rows_read"],
    ) == (
        "campaign_calendar",
        "imported",
        1,
        "甲店",
        0,
        3,
    )
    rejected = run(bad)
    assert rejected.returncode == 1
    (out,) = json.loads(rejected.stdout)
    assert (out["status"], out["rejected_rows"], out["inserted"]) == ("rejected", 1, 0)
    assert {k: out["rejections"][0][k] for k in ("line", "column", "value")} == {
        "line": 2,
        "column": "店铺",
        "value": "丙店",
    }
    conn = db.connect(db_path)
    try:
        assert conn.execute("SELECT DISTINCT updated_by FROM campaigns").fetchall() == [("张三",)]
    finally:
        conn.close()


# --------------------------------------------------------------------------------------------- bad files

BAD_CASES = {
    "overlapping phases": (
        [D11[0], dict(D11[1], 开始时间="2026-10-31 20:00:00")],
        [(3, "开始时间", "2026-10-31 20:00:00", "重叠")],
    ),
    "end before start": (
        [D11[0], dict(D11[1], 开始时间="2026-11-03 00:00:00", 结束时间="2026-11-01 23:59:59")],
        [(3, "结束时间", "2026-11-01 23:59:59", "不晚于开始时间")],
    ),
    "unknown SKU": (
        [dict(D11[0], 商品编码="NS-1001-GR, NS-404")],
        [(2, "商品编码", "NS-1001-GR, NS-404", "NS-404")],
    ),
    "a SKU of another store": (
        [dict(D11[0], 商品编码="NS-9001")],
        [(2, "商品编码", "NS-9001", "未知商品编码")],
    ),
    "a SKU margin without %": (
        [dict(D11[0], 商品编码="NS-1001-GR=45")],
        [(2, "商品编码", "NS-1001-GR=45", "0 到 1")],
    ),
    "unknown store": ([dict(D11[0], 店铺="丙店")], [(2, "店铺", "丙店", "未知店铺")]),
    "text in number cell": ([dict(D11[0], 坑位费="五千")], [(2, "坑位费", "五千", "不是有效金额")]),
    "percent without % sign": ([dict(D11[0], 佣金比例="5")], [(2, "佣金比例", "5", "0 到 1")]),
    "negative money": ([dict(D11[0], 推广费用="-100")], [(2, "推广费用", "-100", "负数")]),
    "same phase twice": ([D11[0], dict(D11[1], 阶段="订金")], [(3, "阶段", "订金", "重复")]),
    "phases disagree on the target": (
        [D11[0], dict(D11[1], 目标GMV="900000")],
        [(3, "目标GMV", "900000", "不一致")],
    ),
    "bad time": ([dict(D11[0], 结束时间="10月31日")], [(2, "结束时间", "10月31日", "不是有效时间")]),
    "unknown type": ([dict(D11[0], 活动类型="清仓")], [(2, "活动类型", "清仓", "未知活动类型")]),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_input_is_rejected_with_row_and_column_and_nothing_written(cdb, tmp_path, case):
    assert imp(cdb, write_csv(tmp_path / "before.csv", HEADERS, D11)).status == "imported"
    before_rows = {table: cdb.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in TABLES}
    version = db.data_version(cdb)
    rows, expected = BAD_CASES[case]
    # a good campaign in the same file is not written either
    good = row("国庆店铺活动", "店铺活动", "甲店", "活动", "2026-10-01", "2026-10-03")
    result = imp(cdb, write_csv(tmp_path / "bad.csv", HEADERS, [*rows, good]))
    assert (result.kind, result.status, result.inserted, result.updated) == (
        "campaign_calendar",
        "rejected",
        0,
        0,
    )
    assert "须整份导入" in result.error and "nothing was imported" in result.error
    listed = [(r.line, r.column, r.value) for r in result.rejected]
    assert listed == [e[:3] for e in expected], result.to_json()
    for rejection, (*_, words) in zip(result.rejected, expected, strict=True):
        assert words in rejection.reason and "/ " in rejection.reason
    assert {t: cdb.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES} == before_rows
    assert db.data_version(cdb) == version + 1, "only the rejection's log entry"
    stored = cdb.execute(
        "SELECT line, column_name, value FROM rejected_rows WHERE load_id = ? ORDER BY line", [result.load_id]
    ).fetchall()
    assert stored == listed


def test_every_bad_row_of_a_file_is_listed(cdb, tmp_path):
    rows = [
        dict(D11[0], 店铺="丙店"),
        row("聚划算", "聚划算", "甲店", "活动", "2026-09-12", "2026-09-12", "NS-404", "十万"),
        row("年货节", "年货节", "甲店", "活动", "2027-01-05", "2027-01-04"),
    ]
    path = write_book(
        tmp_path / "bad.xlsx",
        ["活动名称", "活动类型", "店铺名称", *HEADERS[3:]],
        [list(r.values()) for r in rows],
    )
    result = imp(cdb, path)
    assert [(r.line, r.column) for r in result.rejected] == [
        (2, "店铺名称"),
        (3, "目标GMV"),
        (3, "商品编码"),
        (4, "结束时间"),
    ]
    assert "3 行有错误" in result.error and counts(cdb) == (0, 0, 0)


def test_missing_required_column_is_named(cdb, tmp_path):
    path = write_book(
        tmp_path / "c.xlsx",
        ["活动名称", "活动类型", "店铺", "阶段", "开始时间"],
        [["a", "聚划算", "甲店", "活动", "2026-09-12"]],
    )
    result = imp(cdb, path)
    assert (result.kind, result.status) == (None, "rejected")
    assert "活动日历" in result.error and "结束时间" in result.error


# --------------------------------------------------------------------------------------------- re-import


def test_changed_file_replaces_the_campaign_and_same_file_resets_edits(cdb, tmp_path):
    first = imp(cdb, write_csv(tmp_path / "v1.csv", HEADERS, D11))
    cid = campaign_detail(cdb, ("甲店", "2026双十一")).campaign["campaign_id"]
    v2_rows = [dict(D11[0], 目标GMV="1200000", 商品编码="NS-1001-GR"), D11[2]]
    v2 = write_csv(tmp_path / "v2.csv", HEADERS, v2_rows)
    second = imp(cdb, v2)
    assert (first.inserted, second.status, second.inserted, second.updated) == (1, "imported", 0, 1)
    detail = campaign_detail(cdb, ("甲店", "2026双十一"))
    assert detail.campaign["campaign_id"] == cid and detail.campaign["gmv_target"] == Decimal("1200000.00")
    assert detail.phases["phase"].tolist() == ["定金", "爆发"] and detail.skus["sku"].tolist() == [
        "NS-1001-GR"
    ]
    assert counts(cdb) == (1, 2, 1)
    again = imp(cdb, v2)
    assert (again.status, again.unchanged, again.updated) == ("unchanged", 1, 0)
    edited = save_campaign(
        cdb,
        {"store": "甲店", "name": "2026双十一", "campaign_type": "双十一", "gmv_target": 1},
        [PhaseWindow("活动", T(2026, 11, 11), T(2026, 11, 11, 23, 59, 59))],
        author="bob",
    )
    assert (edited.ok, edited.updated) == (True, 1)
    reset = imp(cdb, v2)
    assert (reset.status, reset.updated) == ("imported", 1)
    assert campaign_detail(cdb, ("甲店", "2026双十一")).campaign["gmv_target"] == Decimal("1200000.00")


# --------------------------------------------------------------------------------------------- editor API


def test_editor_save_rename_delete_and_settings(cdb):
    saved = save_campaign(
        cdb,
        {
            "store": "甲店",
            "name": "会员日",
            "campaign_type": "店铺活动",
            "slot_fee": "0",
            "margin_rate": "40%",
        },
        [("活动", "2026-08-08", "2026-08-08")],
        [("NS-3001", 0.5), "NS-1001-GR"],
        author="alice",
    )
    assert saved.ok and saved.inserted == 1
    cid = saved.campaign_ids[("甲店", "会员日")]
    detail = campaign_detail(cdb, cid)
    assert detail.skus.values.tolist()[1] == ["NS-3001", 0.5] and detail.campaign["source"] == "editor"
    renamed = save_campaign(
        cdb,
        {"campaign_id": cid, "store": "甲店", "name": "8月会员日", "campaign_type": "店铺活动"},
        [("活动", "2026-08-08", "2026-08-09")],
        author="bob",
    )
    assert renamed.updated == 1 and renamed.campaign_ids == {("甲店", "8月会员日"): cid}
    assert campaign_detail(cdb, ("甲店", "会员日")) is None and counts(cdb) == (1, 1, 0)
    bad = save_campaign(
        cdb,
        {"store": "甲店", "name": "x", "campaign_type": "其他"},
        [("预热", "2026-08-01", "2026-08-05"), ("爆发", "2026-08-05 12:00", "2026-08-06")],
        author="bob",
    )
    assert [(r.line, r.column) for r in bad.rejected] == [(2, "开始时间")] and counts(cdb) == (1, 1, 0)
    assert store_margin_rate(cdb, "甲店") == DEFAULT_MARGIN_RATE == 0.30
    set_store_setting(cdb, "甲店", "margin_rate", "42%", "alice")
    assert store_margin_rate(cdb, "甲店") == 0.42
    with pytest.raises(CampaignValueError, match="0 到 1"):
        set_store_setting(cdb, "甲店", "margin_rate", 42, "alice")
    with pytest.raises(CampaignValueError, match="未知店铺"):
        set_store_setting(cdb, "丙店", "margin_rate", 0.3, "alice")
    version = db.data_version(cdb)
    assert delete_campaign(cdb, cid) is True and delete_campaign(cdb, cid) is False
    assert counts(cdb) == (0, 0, 0) and db.data_version(cdb) == version + 1


def test_a_sku_margin_from_the_file_and_back_in_the_editor(cdb, tmp_path):
    """商品编码 NS-3001=45% gives that SKU its own 毛利率 (NS-1001-GR takes the campaign's 38%); the editor
    shows it back in the same form, and saving that form keeps it."""
    from ui import campaign_editor

    rows = [dict(D11[0], 商品编码="NS-3001=45%、NS-1001-GR"), D11[1], D11[2]]
    assert imp(cdb, write_csv(tmp_path / "margins.csv", HEADERS, rows)).status == "imported"
    detail = campaign_detail(cdb, ("甲店", "2026双十一"))
    margins = dict(zip(detail.skus["sku"], detail.skus["margin_rate"], strict=True))
    assert margins["NS-3001"] == 0.45 and pd.isna(margins["NS-1001-GR"])
    form = campaign_editor.form_from_detail(detail)
    assert form["skus"] == "NS-1001-GR、NS-3001=45%"
    campaign, phases, skus = campaign_editor.save_arguments("甲店", form, form["phases"])
    assert skus == [("NS-1001-GR", None), ("NS-3001", 0.45)]
    assert save_campaign(cdb, campaign, phases, skus, author="alice").ok
    again = campaign_detail(cdb, ("甲店", "2026双十一"))
    assert again.skus.fillna(-1).values.tolist() == [["NS-1001-GR", -1], ["NS-3001", 0.45]]


def test_field_parsers():
    assert parse_time("2026-11-11", end=True) == T(2026, 11, 11, 23, 59, 59)
    assert parse_time("2026-11-11", end=False) == T(2026, 11, 11)
    assert parse_time("2026/11/10 20:00", end=False) == T(2026, 11, 10, 20)
    assert parse_time("2026-11-10 19:59", end=True) == T(2026, 11, 10, 19, 59, 59)
    assert parse_time("2026年11月11日", end=True) == T(2026, 11, 11, 23, 59, 59)
    assert parse_time(dt.date(2026, 11, 11), end=True) == T(2026, 11, 11, 23, 59, 59)
    with pytest.raises(BadValue):
        parse_time("2026-02-30", end=False)
    assert parse_rate("5%") == parse_rate(0.05) == parse_rate("５％") == 0.05
    for bad in ("5", 1.5, "-1%", "abc"):
        with pytest.raises(BadValue):
            parse_rate(bad)
    # SKU lists: separators, repeats, and a SKU's own margin as CODE=RATE (＝ too); a repeat keeps it
    assert parse_skus("SKU-A=45%、SKU-B, SKU-A；SKU-C＝0.3") == {"SKU-A": 0.45, "SKU-B": None, "SKU-C": 0.3}
    assert parse_skus("") == {} and parse_skus(["SKU-A", None]) == {"SKU-A": None}
    for bad in ("SKU-A=45", "SKU-A=", "SKU-A=abc"):
        with pytest.raises(BadValue, match="SKU-A"):
            parse_skus(bad)
    assert [parse_type(v) for v in ("双11", "天猫双十一", "六一八", "年中大促", "其它")] == [
        "双十一",
        "双十一",
        "618",
        "618",
        "其他",
    ]


# --------------------------------------------------------------------------------------------- templates


@pytest.mark.parametrize("template", [double11_template, six18_template])
@pytest.mark.parametrize("year", [2025, 2026, 2028])
def test_phase_templates_do_not_overlap_and_save(cdb, template, year):
    phases = template(year)
    assert len({p.phase for p in phases}) == len(phases) and {p.phase for p in phases} <= set(PHASES)
    assert all(p.starts_at < p.ends_at and p.starts_at.year == year for p in phases)
    ordered = sorted(phases, key=lambda p: p.starts_at)
    assert ordered == phases
    assert all(a.ends_at < b.starts_at for a, b in pairwise(ordered))
    saved = save_campaign(
        cdb,
        {"store": "甲店", "name": f"{year}", "campaign_type": "618"},
        phases,
        author="t",
        source="template",
    )
    assert saved.ok and saved.inserted == 1


def test_template_files_round_trip_and_are_formula_safe(cdb, tmp_path):
    frame = template_frame("甲店", 2026)
    assert frame.columns.tolist() == TEMPLATE_HEADERS == HEADERS and len(frame) == 2
    csv_bytes = template_csv_bytes(frame)
    assert csv_bytes.startswith(b"\xef\xbb\xbf") and "2026双十一" in csv_bytes.decode("utf-8-sig")
    frame.loc[1, "商品编码"] = "NS-1001-GR、NS-3001"
    xlsx = tmp_path / "活动日历模板.xlsx"
    xlsx.write_bytes(template_xlsx_bytes(frame))
    sheet = openpyxl.load_workbook(xlsx).active
    assert [c.value for c in sheet[1]] == HEADERS and sheet["E2"].number_format == "@"
    result = imp(cdb, xlsx)
    assert (result.kind, result.status, result.inserted) == ("campaign_calendar", "imported", 2), (
        result.to_json()
    )
    risky = template_frame("甲店", 2026).assign(活动名称='=HYPERLINK("http://x")')
    book = tmp_path / "risky.xlsx"
    book.write_bytes(template_xlsx_bytes(risky))
    assert openpyxl.load_workbook(book).active["A2"].value.startswith("'=")
    assert "'=HYPERLINK" in template_csv_bytes(risky).decode("utf-8-sig")


# --------------------------------------------------------------------------------------------- metrics


def test_campaign_calendar_frame_and_day_names(cdb, tmp_path):
    imp(cdb, write_csv(tmp_path / "cal.csv", HEADERS, D11))
    save_campaign(
        cdb,
        {"store": "甲店", "name": "9月聚划算", "campaign_type": "聚划算"},
        [("活动", "2026-11-02", "2026-11-02")],
        ["NS-3001"],
        author="t",
    )
    frame = campaign_calendar(cdb, store="甲店")
    assert frame.columns.tolist() == CALENDAR_COLUMNS
    d11 = frame.set_index("name").loc["2026双十一"]
    assert (
        d11["phases"]
        == "定金 10-24 20:00–10-31 23:59; 尾款 11-01 00:00–11-03 23:59; 爆发 11-11 00:00–11-11 23:59"
    )
    assert d11["skus"] == [] and frame.set_index("name").loc["9月聚划算", "skus"] == ["NS-3001"]
    assert campaign_calendar(cdb, store="乙店").empty
    days = campaign_day_names(cdb, "甲店", dt.date(2026, 10, 1), dt.date(2026, 11, 30))
    assert days == {dt.date(2026, 11, d): "2026双十一" for d in (1, 2, 3, 11)}, (
        "no deposit days, no SKU campaigns"
    )
    assert campaign_day_names(cdb, "甲店", dt.date(2026, 11, 3), dt.date(2026, 11, 10)) == {
        dt.date(2026, 11, 3): "2026双十一"
    }


def test_metrics_campaigns_command_json(cdb, tmp_path):
    db_path = tmp_path / "t.duckdb"
    imp(cdb, write_csv(tmp_path / "cal.csv", HEADERS, [*D11, dict(D11[0], 活动名称="乙店618", 店铺="乙店",
        活动类型="618", 商品编码="NS-9001")]))  # fmt: skip
    cdb.close()
    run = subprocess.run(
        [sys.executable, "-m", "metrics", "campaigns", "--db", str(db_path), "--store", "甲店", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    (out,) = json.loads(run.stdout)
    assert list(out) == CALENDAR_COLUMNS
    assert {k: out[k] for k in ("store", "name", "campaign_type", "starts_at", "ends_at", "skus")} == {
        "store": "甲店",
        "name": "2026双十一",
        "campaign_type": "双十一",
        "starts_at": "2026-10-24 20:00:00",
        "ends_at": "2026-11-11 23:59:59",
        "skus": [],
    }
    assert (out["gmv_target"], out["commission_rate"], out["margin_rate"], out["slot_fee"]) == (
        1e6,
        0.05,
        0.38,
        0,
    )
    every = subprocess.run(
        [sys.executable, "-m", "metrics", "campaigns", "--db", str(db_path), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert [(r["store"], r["skus"]) for r in json.loads(every.stdout)] == [
        ("乙店", ["NS-9001"]),
        ("甲店", []),
    ]
    table = subprocess.run(
        [sys.executable, "-m", "metrics", "campaigns", "--db", str(db_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert table.returncode == 0 and "2026双十一" in table.stdout and "5.00%" in table.stdout


def test_excel_date_cells_as_end_times_are_flagged(cdb, tmp_path):
    """A date cell Excel made of a typed end date reads as 00:00:00: a one-day window is rejected with the
    fix named, a longer one imports with a note (it ends at the first second of its last day)."""
    one_day = [["聚划算", "聚划算", "甲店", "活动", T(2026, 9, 12), T(2026, 9, 12)]]
    result = imp(cdb, write_book(tmp_path / "one.xlsx", HEADERS[:6], one_day))
    assert [(r.line, r.column) for r in result.rejected] == [(2, "结束时间")]
    assert "23:59:59" in result.rejected[0].reason
    days = [["国庆", "店铺活动", "甲店", "活动", T(2026, 10, 1), T(2026, 10, 3)]]
    result = imp(cdb, write_book(tmp_path / "days.xlsx", HEADERS[:6], days))
    assert result.status == "imported" and any("00:00:00" in note for note in result.notes)
