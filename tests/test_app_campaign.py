"""活动复盘 in AppTest, against a DuckDB file built by the real connectors from real-format exports (订单报表
G3, 宝贝报表 G3) and a real-format 活动日历 file (imported like any export).

The store 复盘页面测试店 sells every day from 2026-08-01 to 2026-11-20: four orders of SKU-A at 100.00 and two of
SKU-B at 50.00. Calendar (活动日历.csv):
    2026双十一  双十一, store-wide: 定金 10-24 20:00–10-31, 尾款 11-01–11-03, 爆发 11-11; 20 orders of SKU-A a
                sale day; presale: 10 deposits of 30.00 on 10-25, 8 balances paid on 11-01 (order 200.00), 2
                never paid (closed); target 10,000, costs and a 40% margin.
    聚划算9月   聚划算 on SKU-B, 09-15: 15 orders of SKU-B at 30.00 instead of 2 at 50.00.
    开业活动    店铺活动, store-wide, 08-03: two days into the data, too little history for a baseline.
Not in the calendar: 10-10, another SKU-B day like 09-15, which candidate detection proposes.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, store_box
from streamlit.testing.v1 import AppTest

import db
from tests.exportfiles import DETAIL_G3, ORDER_G3, imp, order, write_csv

pytestmark = pytest.mark.usefixtures("navigation_app")

APP = str(ROOT / "app.py")
PAGE = "pages/campaign_review.py"
TIMEOUT = 120
STORE = "复盘页面测试店"
FIRST, LAST = dt.date(2026, 8, 1), dt.date(2026, 11, 20)
SALE_DAYS = {dt.date(2026, 11, d) for d in (1, 2, 3, 11)}
JHS_DAY, CANDIDATE_DAY, OPENING_DAY = dt.date(2026, 9, 15), dt.date(2026, 10, 10), dt.date(2026, 8, 3)
CALENDAR_HEADERS = [
    "活动名称", "活动类型", "店铺", "阶段", "开始时间", "结束时间", "商品编码", "目标GMV", "坑位费", "佣金比例",
    "推广费用", "优惠券成本", "毛利率",
]  # fmt: skip
CALENDAR_ROWS = [
    ["2026双十一", "双十一", STORE, "定金", "2026-10-24 20:00:00", "2026-10-31 23:59:59", "", "10000", "0", "5%", "500", "200", "40%"],
    ["2026双十一", "双十一", STORE, "尾款", "2026-11-01 00:00:00", "2026-11-03 23:59:59"],
    ["2026双十一", "双十一", STORE, "爆发", "2026-11-11 00:00:00", "2026-11-11 23:59:59"],
    ["聚划算9月", "聚划算", STORE, "活动", "2026-09-15 00:00:00", "2026-09-15 23:59:59", "SKU-B", "", "300"],
    ["开业活动", "店铺活动", STORE, "活动", "2026-08-03 00:00:00", "2026-08-03 23:59:59"],
]  # fmt: skip


class Book:
    """Orders and their detail lines, with unique ids."""

    def __init__(self):
        self.n = 0
        self.orders: list[dict] = []
        self.lines: list[dict] = []

    def add(self, at: dt.datetime, buyer: str, sku: str, amount: str, **extra) -> None:
        self.n += 1
        oid = str(4 * 10**18 + self.n)
        stamp = at.strftime("%Y-%m-%d %H:%M:%S") if extra.get("订单状态") != "交易关闭" else ""
        created = (at - dt.timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S")
        status = extra.pop("订单状态", "交易成功")
        row = order(oid, buyer, status, amount, stamp, created, 店铺名称=STORE, 店铺Id="770001", **extra)
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
                "退款状态": "没有申请退款",
                "退款金额": "0.00",
                "订单创建时间": created,
                "订单付款时间": stamp,
            }
        )


def build_book() -> Book:
    book = Book()
    day = FIRST
    while day <= LAST:
        at = dt.datetime.combine(day, dt.time(10))
        a_orders = 20 if day in SALE_DAYS else 4
        for i in range(a_orders):
            book.add(at + dt.timedelta(minutes=i), f"客A{i}", "SKU-A", "100.00")
        if day in (JHS_DAY, CANDIDATE_DAY):
            for i in range(15):
                book.add(at + dt.timedelta(hours=2, minutes=i), f"聚客{day:%m%d}{i}", "SKU-B", "30.00")
        else:
            for i in range(2):
                book.add(at + dt.timedelta(hours=3, minutes=i), f"客B{i}", "SKU-B", "50.00")
        day += dt.timedelta(days=1)
    staged = "定金:30.00元,付款时间:2026-10-25 09:{m:02d}:00;尾款:170.00元,{paid}"
    for i in range(10):
        paid = i < 8
        book.add(
            dt.datetime(2026, 11, 1, 0, 10 + i),
            f"预售客{i}",
            "SKU-A",
            "200.00" if paid else "30.00",
            预售订单="是",
            分阶段订单信息=staged.format(
                m=i, paid=f"付款时间:2026-11-01 00:{10 + i:02d}:00" if paid else "未付款"
            ),
            **({} if paid else {"订单状态": "交易关闭", "订单关闭原因": "买家未付尾款"}),
        )
    return book


@pytest.fixture(scope="module")
def campaign_source(tmp_path_factory) -> Path:
    """The database described in the module docstring, built once."""
    folder = tmp_path_factory.mktemp("campaign_app")
    path = folder / "campaign.duckdb"
    book = build_book()
    conn = db.connect(path)
    try:
        for name, headers, rows in (
            ("ExportOrderList202611210800.csv", ORDER_G3, book.orders),
            ("ExportOrderDetailList202611210800.csv", DETAIL_G3, book.lines),
        ):
            result = imp(conn, write_csv(folder / name, headers, rows))
            assert result.status == "imported", result.to_json()
        calendar = [dict(zip(CALENDAR_HEADERS, row, strict=False)) for row in CALENDAR_ROWS]
        path_csv = write_csv(folder / "活动日历_2026.csv", CALENDAR_HEADERS, calendar, encoding="utf-8-sig")
        result = imp(conn, path_csv)
        assert result.status == "imported", result.to_json()
    finally:
        conn.close()
    return path


@pytest.fixture
def campaign_db(app_db, campaign_source) -> Path:
    shutil.copyfile(campaign_source, app_db)
    return app_db


def campaign_id(path: Path, name: str) -> int:
    conn = db.connect(path)  # the app (same process) may hold the file: open it the same way
    try:
        return conn.execute("SELECT campaign_id FROM campaigns WHERE name = ?", [name]).fetchone()[0]
    finally:
        conn.close()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def open_page(*, state: dict | None = None, lang: str | None = None, store: str | None = STORE) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if lang:
        at.session_state["lang"] = lang
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    at.switch_page(PAGE).run()
    if store:
        store_box(at).set_value(store).run()
    assert_clean(at)
    return at


def calendar_tab(at: AppTest) -> AppTest:
    at.session_state["campaign_tab__zh"] = "活动日历"
    at.run()
    assert_clean(at)
    return at


def cards(at: AppTest) -> dict:
    return {m.label: m for m in at.metric}


def frame_with(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


# ---- the review ----


def test_empty_database_says_what_to_import(app_db):
    at = open_page(store=None)
    assert at.title[0].value == "活动复盘"
    assert "还没有店铺" in texts(at.info)
    links = list(at.get("page_link"))
    assert links and "数据导入" in links[0].proto.label


def test_double11_review_cards_chart_presale_and_pack(campaign_db):
    at = open_page()
    picker = at.sidebar.selectbox(key="campaign_pick__zh")
    assert picker.options[0].startswith("2026双十一 · 双十一 · 2026-10-24 – 11-11")  # newest first
    assert [o.split(" · ")[0] for o in picker.options] == ["2026双十一", "聚划算9月", "开业活动"]
    assert at.subheader[0].value == "2026双十一"
    shown = cards(at)
    gmv = shown["活动支付金额"]
    # campaign days 11-01..11-11 (the gap days 11-04..11-10 included): 4 sale days x (20 x 100.00 + 2 x 50.00)
    # + 7 days x (4 x 100.00 + 2 x 50.00) + 8 balances of 200.00 on 11-01 = 13,500.00 from 88 + 42 + 8 orders
    assert gmv.value == "¥1.35万" and gmv.proto.delta.startswith("138 单")
    for label in (
        "增量（实际 − 基线）",
        "提升率（÷ 基线）",
        "净增量（含活动前后回落）",
        "退款率",
        "ROI",
        "目标达成",
    ):
        assert label in shown, label
    assert shown["目标达成"].proto.delta == "目标 ¥1.00万"
    assert all(m.help for m in at.metric), "every card carries its 口径"
    assert "分母" in shown["提升率（÷ 基线）"].help
    assert shown["尾款支付率"].value == "80.0%"  # 8 of 10 deposits paid their balance
    assert shown["定金订单"].value == "10"

    charts = list(at.get("plotly_chart"))
    timeline = json.loads(charts[0].proto.spec)
    names = {trace.get("name") for trace in timeline["data"]}
    assert {"实际支付金额", "基线", "基线区间", "增量"} <= names
    phases = [s["name"] for s in timeline["layout"]["shapes"] if s.get("name", "").startswith("phase_")]
    assert phases == ["phase_定金", "phase_尾款", "phase_爆发"]
    assert "2026-10-25" in set(frame_with(at, "定金金额")["日期"])
    assert "没有去年同期或更早的同类活动可比" in texts(at.caption)
    assert [b.label for b in at.download_button] == ["下载复盘包（Excel）"]


def test_too_little_history_shows_actuals_and_no_lift(campaign_db, app_db):
    at = open_page(state={"campaign_pick": campaign_id(app_db, "开业活动")})
    assert at.subheader[0].value == "开业活动"
    assert "历史不足" in texts(at.warning)
    shown = cards(at)
    assert shown["活动支付金额"].value == "¥500.00"  # 4 x 100.00 + 2 x 50.00
    for label in ("增量（实际 − 基线）", "提升率（÷ 基线）", "净增量（含活动前后回落）", "ROI"):
        assert label not in shown, label
    timeline = json.loads(next(iter(at.get("plotly_chart"))).proto.spec)
    assert [trace.get("name") for trace in timeline["data"]] == ["实际支付金额"]
    assert "历史不足" in texts(at.caption)


def test_sku_level_campaign_lists_participants_and_the_rest(campaign_db, app_db):
    at = open_page(state={"campaign_pick": campaign_id(app_db, "聚划算9月")})
    assert "1 个商品参与" in texts(at.caption)
    shown = cards(at)
    assert shown["活动支付金额"].value == "¥450.00"  # 15 x 30.00 of SKU-B
    assert "其他商品（挤占 / 带动）" in shown
    assert "其他商品（未参与：挤占或带动）" in texts(at.markdown)
    tables = [d.value for d in at.dataframe if "商家编码" in d.value.columns]
    assert list(tables[0]["商家编码"]) == ["SKU-B"] and list(tables[1]["商家编码"]) == ["SKU-A"]


def test_review_in_english(campaign_db):
    at = open_page(lang="en")
    assert at.title[0].value == "Campaign review"
    assert {"Campaign GMV", "Lift (÷ baseline)", "Target attainment"} <= set(cards(at))


# ---- the calendar tab ----


def test_calendar_tab_shows_the_year_and_the_table(campaign_db):
    at = calendar_tab(open_page())
    chart = json.loads(next(iter(at.get("plotly_chart"))).proto.spec)
    assert chart["layout"]["title"]["text"] == "2026 年活动日历"
    assert sum(len(trace["y"]) for trace in chart["data"]) == 5  # 3 + 1 + 1 phases
    table = frame_with(at, "活动名称")
    assert set(table["活动名称"]) == {"2026双十一", "聚划算9月", "开业活动"}
    labels = {b.label for b in at.download_button}
    assert {"下载模板（Excel）", "下载模板（CSV）"} <= labels


def test_editor_saves_a_campaign_and_it_appears_in_the_calendar(campaign_db, app_db):
    at = calendar_tab(open_page(state={"campaign_author": "王运营"}))
    at.text_input(key="campaign_name_0").set_value("国庆店铺活动")
    at.selectbox(key="campaign_type_0").set_value("店铺活动")
    at.session_state["campaign_phases_0"] = {
        "edited_rows": {0: {"starts_at": "2026-10-01 00:00:00", "ends_at": "2026-10-03 23:59:59"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.number_input(key="campaign_gmv_target_0").set_value(5000.0)
    at.button(key="campaign_save").click().run()
    assert_clean(at)
    assert "已保存活动「国庆店铺活动」" in texts(at.success)
    table = frame_with(at, "活动名称").set_index("活动名称")
    assert table.loc["国庆店铺活动", "活动类型"] == "店铺活动"
    assert table.loc["国庆店铺活动", "修改人"] == "王运营"
    assert float(table.loc["国庆店铺活动", "目标GMV"]) == 5000.0
    assert at.session_state["campaign_pick"] == campaign_id(app_db, "国庆店铺活动")  # reviewed next


def test_editor_rejects_with_phase_row_and_column(campaign_db):
    at = calendar_tab(open_page())
    at.text_input(key="campaign_name_0").set_value("坏活动")
    at.session_state["campaign_phases_0"] = {
        "edited_rows": {0: {"starts_at": "2026-10-05 00:00:00", "ends_at": "2026-10-04 23:59:59"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="campaign_save").click().run()
    assert not at.exception
    assert "活动没有保存" in texts(at.error)
    rejected = frame_with(at, "位置")
    assert list(rejected["位置"]) == ["阶段第 1 行"] and list(rejected["列"]) == ["结束时间"]
    assert "坏活动" not in set(frame_with(at, "活动名称")["活动名称"])


def test_template_fills_the_editor(campaign_db):
    at = calendar_tab(open_page())
    at.selectbox(key="campaign_template_year").set_value(2027)
    at.button(key="campaign_template_double11").click().run()
    assert_clean(at)
    assert at.text_input(key="campaign_name_1").value == "2027双十一"
    phases = at.data_editor(key="campaign_phases_1").value
    assert list(phases["phase"]) == ["预热", "定金", "尾款", "爆发"]
    assert "2027 年双十一模板" in texts(at.info)


def test_confirming_a_candidate_creates_a_jhs_campaign(campaign_db):
    at = calendar_tab(open_page())
    candidates = frame_with(at, "依据说明")
    assert list(candidates["日期"]) == ["2026-10-10"]  # 09-15 is in the calendar already
    assert "1 个候选日已在活动日历中" in texts(at.caption)
    at.button(key="candidate_confirm_2026-10-10").click().run()
    assert_clean(at)
    assert "已保存聚划算活动「聚划算 2026-10-10」" in texts(at.success)
    table = frame_with(at, "活动名称").set_index("活动名称")
    row = table.loc["聚划算 2026-10-10"]
    assert row["活动类型"] == "聚划算" and row["参与商品"] == "SKU-B" and row["来源"] == "候选确认"
    assert row["开始时间"] == "2026-10-10 00:00:00" and row["结束时间"] == "2026-10-10 23:59:59"
    assert "没有待确认的候选活动" in texts(at.caption)


def test_delete_needs_a_confirmation(campaign_db, app_db):
    cid = campaign_id(app_db, "开业活动")
    at = calendar_tab(open_page())
    at.selectbox(key="campaign_edit_pick_0").set_value(cid).run()
    assert_clean(at)
    assert at.text_input(key="campaign_name_1").value == "开业活动"
    assert at.button(key="campaign_delete").disabled
    at.checkbox(key="campaign_delete_ok_1").check().run()
    at.button(key="campaign_delete").click().run()
    assert_clean(at)
    assert "活动已删除" in texts(at.success)
    assert "开业活动" not in set(frame_with(at, "活动名称")["活动名称"])


def test_store_without_campaigns_says_how_to_add_one(campaign_db, app_db):
    conn = db.connect(app_db)
    try:
        conn.execute("INSERT INTO stores (store) VALUES ('新开的店')")
        db.bump_data_version(conn)
    finally:
        conn.close()
    at = open_page(store="新开的店")
    assert "新开的店 还没有订单数据" in texts(at.info)
    assert "新开的店 还没有活动" in texts(at.info) and "模板" in texts(at.info)
