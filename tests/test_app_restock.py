"""补货建议 and 商品结构 in AppTest, on the hand-built store of tests/restock_fixture.py (测试旗舰店: real-format
order, detail and 聚水潭 stock files and a settings workbook, imported through the real connectors; the
campaigns 夏日大促 and 国庆大促 on SKU-D). The figures checked here are the ones tests/test_restock.py works
out by hand: as of 2026-09-30 the table is C 超卖, B/A/D 紧急, G 新品, H 积压, F 滞销, E 已停售.

商品结构 over the custom range 2026-07-03..09-30 (90 days) is worked out in test_products_page_pareto_and_table.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from restock_fixture import AS_OF, STORE, build
from streamlit.testing.v1 import AppTest

import db

pytestmark = pytest.mark.usefixtures("navigation_app")

APP = str(ROOT / "app.py")
RESTOCK = "pages/restock.py"
PRODUCTS = "pages/products.py"
TIMEOUT = 120
EDITOR_KEY = f"restock_settings_{STORE}_0"


@pytest.fixture(scope="module")
def restock_source(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("restock_app")
    conn = db.connect(folder / "store.duckdb")
    try:
        build(conn, folder / "files")
    finally:
        conn.close()
    return folder / "store.duckdb"


@pytest.fixture
def restock_db(app_db, restock_source) -> Path:
    shutil.copyfile(restock_source, app_db)
    return app_db


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def open_page(
    page: str, *, state: dict | None = None, lang: str | None = None, clean: bool = True
) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if lang:
        at.session_state["lang"] = lang
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page).run()
    if clean:
        assert_clean(at)
    return at


def open_restock(as_of: dt.date = AS_OF, **options) -> AppTest:
    state = {"restock_as_of": as_of} | options.pop("state", {})
    return open_page(RESTOCK, state=state, **options)


def frame_with(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def restock_table(at: AppTest):
    return frame_with(at, "计算说明").set_index("商品编码")


def cards(at: AppTest) -> dict:
    return {m.label: m for m in at.metric}


def chart(at: AppTest, index: int = 0) -> dict:
    return json.loads(list(at.get("plotly_chart"))[index].proto.spec)


# ---- 补货建议 ----


def test_empty_database_says_what_to_import(app_db):
    at = open_page(RESTOCK)
    assert at.title[0].value == "补货建议"
    assert "还没有店铺数据" in texts(at.info)
    assert "数据导入" in list(at.get("page_link"))[0].proto.label


def test_store_without_inventory_asks_for_a_stock_file(loaded_db):
    at = open_restock()
    assert (
        "还没有导入库存快照" in texts(at.info) and "聚水潭" in texts(at.info) and "旺店通" in texts(at.info)
    )
    links = [link.proto.label for link in at.get("page_link")]
    assert "打开 数据导入，上传库存文件" in links
    assert not [d for d in at.dataframe if "计算说明" in d.value.columns]  # no table without stock


def test_table_statuses_cards_and_help(restock_db):
    at = open_restock()
    table = frame_with(at, "计算说明")
    assert list(zip(table["商品编码"], table["状态"], strict=True)) == [
        ("SKU-C", "超卖"),
        ("SKU-B", "紧急"),
        ("SKU-A", "紧急"),
        ("SKU-D", "紧急"),
        ("SKU-G", "新品"),
        ("SKU-H", "积压"),
        ("SKU-F", "滞销"),
        ("SKU-E", "已停售"),
    ]
    row = table.set_index("商品编码").loc["SKU-A"]
    assert (row["建议补货量"], row["再订货点"], row["最晚下单日"]) == (168, 180, "2026-09-24")
    assert float(row["建议金额"]) == 1428.0
    shown = cards(at)
    counts = {k: shown[k].value for k in ("紧急", "关注", "超卖", "积压", "滞销", "已停售", "新品")}
    assert counts == {
        "紧急": "3",
        "关注": "0",
        "超卖": "1",
        "积压": "1",
        "滞销": "1",
        "已停售": "1",
        "新品": "1",
    }
    assert all(shown[k].help for k in counts)
    assert "库存快照：2026-09-30" in texts(at.caption) and not at.warning
    # each column's 口径 is its tooltip
    config = {c["label"]: c for c in json.loads(at.dataframe[0].proto.columns).values() if "label" in c}
    assert "z(服务水平)" in config["安全库存"]["help"]
    assert [b.label for b in at.download_button][:2] == ["下载采购建议单（Excel）", "下载采购建议单（CSV）"]


def test_filters_by_status_class_and_supplier(restock_db):
    at = open_restock()
    at.multiselect(key="restock_filter_status__zh").set_value(["紧急"]).run()
    assert_clean(at)
    assert list(restock_table(at).index) == ["SKU-B", "SKU-A", "SKU-D"]
    at.multiselect(key="restock_filter_supplier__zh").set_value(["甲供应商"]).run()
    assert list(restock_table(at).index) == ["SKU-A"]
    assert "显示 1 / 8 个商品" in texts(at.caption)
    at.multiselect(key="restock_filter_status__zh").set_value([]).run()
    at.multiselect(key="restock_filter_supplier__zh").set_value([]).run()
    at.multiselect(key="restock_filter_class").set_value(["A"]).run()
    assert set(restock_table(at)["ABC分类"]) == {"A"}


def test_choosing_a_sku_shows_its_explanation_and_chart(restock_db):
    at = open_restock()
    assert "可用 (−5)" in texts(at.info)  # the most urgent SKU (SKU-C) first
    at.selectbox(key="restock_sku__zh").set_value("SKU-A").run()
    assert_clean(at)
    assert texts(at.info) == (
        "日均 12 件 × (交期 15 + 周期 7) 天 + 安全库存 0 − 可用 100 − 在途 0 = 164，取整到箱规 24 → 168"
    )
    assert cards(at)["建议补货量"].value == "168" and cards(at)["最晚下单日"].value == "2026-09-24"
    spec = chart(at)
    assert spec["layout"]["title"]["text"] == "SKU-A 未来 60 天预计可用库存"
    names = {trace.get("name") for trace in spec["data"]}
    assert {"不下单", "今天按建议量下单", "再订货点 180", "安全库存 0", "建议量到货"} <= names
    at.selectbox(key="restock_sku__zh").set_value("SKU-D").run()
    shapes = [s.get("name") for s in chart(at)["layout"]["shapes"]]
    assert "campaign_国庆大促" in shapes and "order_arrival" in shapes


def test_explanation_in_english(restock_db):
    at = open_restock(lang="en", state={"restock_sku": "SKU-B"})
    assert at.title[0].value == "Restock suggestions"
    assert texts(at.info).endswith("rounded up to case pack 12 → 96, below the MOQ 200 → 204")
    assert list(frame_with(at, "Explanation")["Status"])[:2] == ["Oversold", "Urgent"]


def test_stale_snapshot_warning(restock_db):
    at = open_restock(dt.date(2026, 10, 20))
    assert "库存快照已 20 天未更新" in texts(at.warning)
    assert "2026-09-30" in texts(at.warning) and "超过 3 天" in texts(at.warning)


def test_settings_editor_saves_and_restock_follows(restock_db):
    at = open_restock(state={"restock_author": "王采购"})
    assert restock_table(at).loc["SKU-B", "交期(天)"] == 15
    editor = at.data_editor(key=EDITOR_KEY)
    assert list(editor.value["sku"]) == [f"SKU-{c}" for c in "ABCDEFGH"]
    at.session_state[EDITOR_KEY] = {
        "edited_rows": {1: {"lead_time_days": 20}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="restock_settings_save").click().run()
    assert_clean(at)
    assert "单品参数已保存：新增 0 个，更新 1 个" in texts(at.success)
    row = restock_table(at).loc["SKU-B"]
    # 5/day × (20 + 7) = 135 − 20 = 115 → 10 cases of 12 = 120 < MOQ 200 → 204; reorder point 5 × 20 = 100
    assert (row["交期(天)"], row["再订货点"], row["建议补货量"]) == (20, 100, 204)
    assert at.data_editor(key=f"restock_settings_{STORE}_1").value["lead_time_days"][1] == 20


def test_settings_editor_rejects_a_negative_lead_time_naming_row_and_column(restock_db):
    at = open_restock()
    at.session_state[EDITOR_KEY] = {
        "edited_rows": {0: {"lead_time_days": -3}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="restock_settings_save").click().run()
    assert not at.exception
    assert "有 1 处问题，单品参数没有保存" in texts(at.error)
    rejected = frame_with(at, "原因")
    assert list(rejected["行"]) == ["第 1 行（SKU-A）"] and list(rejected["列"]) == ["交期(天)"]
    assert "负数" in rejected["原因"][0]
    assert restock_table(at).loc["SKU-A", "交期(天)"] == 15  # nothing written


def test_store_defaults_save(restock_db):
    at = open_restock()
    at.number_input(key=f"restock_default_stale_snapshot_days_{STORE}_0").set_value(30)
    at.number_input(key=f"restock_default_lead_time_days_{STORE}_0").set_value(20)
    at.button(key="restock_defaults_save").click().run()
    assert_clean(at)
    assert "店铺默认值已保存" in texts(at.success)
    table = restock_table(at)
    assert table.loc["SKU-B", "交期(天)"] == 20 and table.loc["SKU-A", "交期(天)"] == 15  # A has its own
    assert at.number_input(key=f"restock_default_lead_time_days_{STORE}_1").value == 20
    at.session_state["restock_as_of"] = dt.date(2026, 10, 20)
    at.run()
    assert not at.warning  # 20 days old, within the store's 30


def test_settings_template_downloads_and_import_link(restock_db):
    at = open_restock()
    labels = [b.label for b in at.download_button]
    assert "下载补货参数模板（Excel）" in labels and "下载补货参数模板（CSV）" in labels
    assert "打开 数据导入，上传补货参数文件" in [link.proto.label for link in at.get("page_link")]


# ---- 商品结构 ----

PRODUCT_RANGE = {"products_period": "custom", "products_range": (dt.date(2026, 7, 3), AS_OF)}


def test_products_page_pareto_and_table(restock_db):
    """2026-07-03..09-30 (90 days), GMV gross (the daily 退款成功 line of SKU-A counts): A (12 + 5) × 10 × 90 =
    15,300; B 100 × 90 = 9,000; C 90 × 90 = 8,100; D 30 × 90 + 2 campaign days × 6 × 15 = 2,880; H 720; E 450.
    Total 36,450: cumulative 0.420, 0.667 (A), 0.889 (B), then C."""
    at = open_page(PRODUCTS, state=PRODUCT_RANGE)
    assert at.title[0].value == "商品结构"
    table = frame_with(at, "ABC分类").set_index("商品编码")
    assert list(table.index) == ["SKU-A", "SKU-B", "SKU-C", "SKU-D", "SKU-H", "SKU-E"]
    assert list(table["ABC分类"]) == ["A", "A", "B", "C", "C", "C"]
    assert list(table["支付金额"]) == [15300.0, 9000.0, 8100.0, 2880.0, 720.0, 450.0]
    assert table.loc["SKU-A", "占比"] == pytest.approx(15300 / 36450)
    assert set(table["状态"]) == {"在售"} and not table["新品"].any()
    pareto = chart(at, 0)
    by_meta = {trace.get("meta"): trace for trace in pareto["data"]}
    assert by_meta["class_A"]["x"] == [1, 2] and by_meta["class_B"]["x"] == [3]
    bands = {
        s["name"]: (s["y0"], s["y1"])
        for s in pareto["layout"]["shapes"]
        if s.get("name", "").startswith("band")
    }
    assert bands == {"band_A": (0, 0.7), "band_B": (0.7, 0.9), "band_C": (0.9, 1)}
    new_old = chart(at, 1)
    assert {trace.get("meta") for trace in new_old["data"]} == {"new_gmv", "old_gmv", "new_share"}
    assert cards(at)["A 类商品"].value == "2"
    assert "期间内没有停售的商品" in texts(at.caption)
    assert [b.label for b in at.download_button] == ["下载商品明细（Excel）", "下载商品明细（CSV）"]


def test_products_thresholds_and_stopped_skus(restock_db):
    at = open_page(
        PRODUCTS, state=PRODUCT_RANGE | {"products_range": (dt.date(2026, 7, 3), dt.date(2026, 11, 10))}
    )
    at.number_input(key="products_a_pct").set_value(60.0).run()
    assert_clean(at)
    table = frame_with(at, "ABC分类").set_index("商品编码")
    assert table.loc["SKU-B", "ABC分类"] == "B"  # 0.667 > 60%
    stopped = [d.value for d in at.dataframe if "ABC分类" in d.value.columns][1]
    assert set(stopped["商品编码"]) == {
        "SKU-A",
        "SKU-B",
        "SKU-C",
        "SKU-D",
        "SKU-E",
        "SKU-H",
    }  # none since 09-30
    shapes = {s["name"]: s for s in chart(at, 0)["layout"]["shapes"]}
    assert shapes["cut_A"]["y0"] == 0.6


def test_products_page_in_english(restock_db):
    at = open_page(PRODUCTS, state=PRODUCT_RANGE, lang="en")
    assert at.title[0].value == "Product mix"
    assert "SKU table" in texts(at.subheader)
