"""今日目标 (the landing page) and 月度计划 in AppTest, against real DuckDB files built by the real connectors and
plans.save_month_targets.

The hand-made month (October 2026, no sales before it, so the daily weights are even: 3,100 / 31 = 100.00 a
day): one store sold 120.00, 80.00 and 100.00 on 1-3 October against a 3,100.00 target. As of 3 October:
actual 300.00, attainment 300 / 3100 = 9.7%, time progress 3/31 = 9.7% (both ways), gap 0 (green);
forecast = 300 + 28 x 100 x (300 / 300) = 3,100.00; range r ± se of the daily ratios 1.2, 0.8, 1.0
(sd 0.2, se 0.2/√3 = 0.11547): 300 + 2800 x 0.88453 = 2,776.68 to 300 + 2800 x 1.11547 = 3,423.32;
required daily (3100 - 300) / 28 = 100.00; the day: 100.00 against 100.00. A second store sold 50.00 on
2 October and has no plan.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import ROOT, STORE_NAME, _order, require, store_box, write_order_export
from streamlit.testing.v1 import AppTest

import db

pytestmark = pytest.mark.usefixtures("navigation_app")

APP = str(ROOT / "app.py")
PLAN_PAGE = "pages/plan.py"
OVERVIEW_PAGE = "pages/sales_overview.py"
TIMEOUT = 60
OTHER_STORE = "无计划小店"
AS_OF = dt.date(2026, 10, 3)


def pacing_orders() -> list[dict]:
    """Three paid orders on 1-3 October 2026 for STORE_NAME."""
    return [
        _order("3515313147329358001", "tb_a", "交易成功", "2026-10-01 09:00:00", "2026-10-01 09:01:00", "120.00", "炒锅"),
        _order("3515313147329358002", "tb_b", "交易成功", "2026-10-02 10:00:00", "2026-10-02 10:01:00", "80.00", "汤锅"),
        _order("3515313147329358003", "tb_c", "交易成功", "2026-10-03 11:00:00", "2026-10-03 11:01:00", "100.00", "锅铲"),
    ]  # fmt: skip


def other_store_orders() -> list[dict]:
    row = _order(
        "3515313147329358101", "tb_z", "交易成功", "2026-10-02 12:00:00", "2026-10-02 12:00:30", "50.00", "碗"
    )
    return [dict(row, 店铺名称=OTHER_STORE, 店铺Id="900800700")]


@pytest.fixture
def pacing_db(app_db, tmp_path):
    """Two stores' October orders imported by the connector; a 3,100.00 October plan for STORE_NAME."""
    import_file = require("connectors", "import_file")
    save = require("plans", "save_month_targets")
    folder = tmp_path / "pacing_exports"
    folder.mkdir()
    first = write_order_export(folder / "ExportOrderList202610040900.csv", pacing_orders())
    second = write_order_export(folder / "ExportOrderList202610040901.csv", other_store_orders())
    conn = db.connect(app_db)
    try:
        for path in (first, second):
            result = import_file(conn, path, name=path.name, source="file")
            assert result.status == "imported", result.to_json()
        saved = save(conn, [{"store": STORE_NAME, "month": "2026-10", "gmv_target": "3100"}], author="张经理")
        assert saved.ok and saved.inserted == 1
    finally:
        conn.close()
    return app_db


def run_app(page: str | None = None, *, lang: str | None = None, state: dict | None = None) -> AppTest:
    """Run app.py (the landing page, or `page`), failing on any exception or error message."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if lang:
        at.session_state["lang"] = lang
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert_clean(at)
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def as_of_state(day: dt.date = AS_OF) -> dict:
    return {"today_as_of_mode": "pick", "today_pick_day": day}


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def metrics_by_label(at: AppTest) -> dict:
    return {m.label: m for m in at.metric}


def plotly_charts(at: AppTest) -> list:
    return list(at.get("plotly_chart"))


# ---- landing page ----


def test_landing_page_is_today(app_db):
    at = run_app()
    assert at.title[0].value == "今日目标"
    assert "还没有订单数据" in texts(at.info)  # the empty database says what to import
    assert "订单报表" in texts(at.info) and "生意参谋" in texts(at.info)
    assert not at.metric
    assert store_box(at).options == ["全部店铺"]


def test_attainment_cards_for_the_hand_made_month(pacing_db):
    at = run_app(state=as_of_state())
    store_box(at).set_value(STORE_NAME).run()
    assert_clean(at)
    assert at.title[0].value == "今日目标"
    assert "2026-10 · 截至 2026-10-03" in texts(at.caption)
    cards = metrics_by_label(at)
    day = cards["10-03 销售"]
    assert day.value == "¥100.00"
    assert "¥100.00" in day.proto.delta  # its daily target

    mtd = cards["本月完成"]
    assert mtd.value == "9.7%"
    assert mtd.proto.delta == "+0.0pp 进度正常"  # gap 0: green

    forecast = cards["预计月末"]
    assert forecast.value == "¥3,100.00"
    assert forecast.proto.delta == "+¥0.00"  # against the target
    under = texts(at.caption)
    assert "本月已完成 ¥300.00 / 目标 ¥3,100.00" in under
    assert "时间进度 9.7%（按日目标权重；按天数 9.7%）" in under
    assert "预计区间 ¥2,776.68 – ¥3,423.32" in under

    required = cards["还需日均（剩 28 天）"]
    assert required.value == "¥100.00"
    assert all(m.help for m in at.metric), "every card carries its 口径"
    assert not any("本月没有目标" in i.value for i in at.info)

    charts = plotly_charts(at)
    assert len(charts) == 2, "cumulative and daily charts"
    titles = [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in charts]
    assert titles == ["本月累计：实际 vs 计划", "每日销售 vs 日目标"]
    names = [trace.get("name") for trace in json.loads(charts[0].proto.spec)["data"]]
    assert {"计划累计", "实际累计", "预计区间", "预计"} <= set(names)

    table = next(d.value for d in at.dataframe if "完成进度" in d.value.columns)
    row = table.iloc[0]
    assert row["店铺"] == STORE_NAME
    assert float(row["月度目标"]) == 3100.0
    assert float(row["本月累计支付金额"]) == 300.0
    assert round(float(row["完成进度"]), 6) == round(300 / 3100, 6)
    assert float(row["预计月末"]) == 3100.0
    assert float(row["还需日均"]) == 100.0
    assert {b.label for b in at.download_button} >= {"下载 Excel", "下载 CSV"}


def test_store_without_plan_shows_no_target(pacing_db):
    at = run_app(state=as_of_state())
    store_box(at).set_value(OTHER_STORE).run()
    assert_clean(at)
    assert "本月没有目标：去 月度计划 设置" in texts(at.info)
    assert any(link.proto.page.endswith("plan.py") for link in at.get("page_link")) or at.get("page_link")
    cards = metrics_by_label(at)
    assert cards["本月累计"].value == "¥50.00"
    assert "本月完成" not in cards  # no attainment without a target: not 0%, not infinity
    assert "预计月末" not in cards


def test_all_stores_show_one_section_each(pacing_db):
    at = run_app(state=as_of_state())
    assert [h.value for h in at.subheader][:2] == [OTHER_STORE, STORE_NAME]
    assert "本月没有目标：去 月度计划 设置" in texts(at.info)
    assert "本月完成" in {m.label for m in at.metric}


def test_store_without_data_shows_what_to_import(pacing_db):
    conn = db.connect(pacing_db)
    try:
        conn.execute("INSERT INTO stores (store) VALUES ('新开的店')")
        db.bump_data_version(conn)
    finally:
        conn.close()
    at = run_app(state=as_of_state())
    store_box(at).set_value("新开的店").run()
    assert_clean(at)
    assert "新开的店 还没有订单数据" in texts(at.info)
    assert not at.metric


def test_landing_page_in_english(pacing_db):
    at = run_app(state=as_of_state())
    store_box(at).set_value(STORE_NAME).run()
    at.button_group(key="lang").set_value("en").run()
    assert_clean(at)
    assert at.title[0].value == "Today's target"
    labels = {m.label for m in at.metric}
    assert {"Month attainment", "Month-end forecast"} <= labels
    assert store_box(at).label == "Store"


def test_overview_is_still_one_click_away(pacing_db):
    at = run_app(OVERVIEW_PAGE)
    assert at.title[0].value == "销售概览"


# ---- 月度计划 ----

YEAR = 2026
EDITOR_KEY = f"plan_editor_{STORE_NAME}_{YEAR}_0"


def plan_page(*, lang: str | None = None) -> AppTest:
    """月度计划 for STORE_NAME and 2026 (the sidebar store picks the plan's store)."""
    at = run_app(PLAN_PAGE, lang=lang, state={"plan_year": YEAR, "plan_author": "李运营"})
    store_box(at).set_value(STORE_NAME).run()
    assert_clean(at)
    return at


def edit(at: AppTest, key: str, rows: dict) -> None:
    """Seed the data editor's edits (AppTest cannot type into cells)."""
    at.session_state[key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}


def history_frame(at: AppTest):
    return next(d.value for d in at.dataframe if "原值" in d.value.columns)


def test_plan_editor_shows_the_plan_in_force(pacing_db):
    at = plan_page()
    assert at.title[0].value == "月度计划"
    editor = at.data_editor[0]
    assert editor.key == EDITOR_KEY
    table = editor.value
    assert list(table["month"]) == [f"2026-{m:02d}" for m in range(1, 13)]
    october = table.set_index("month").loc["2026-10"]
    assert float(october["gmv_target"]) == 3100.0 and int(october["version"]) == 1
    assert table.set_index("month").loc["2026-09"].isna()["gmv_target"]
    history = history_frame(at)
    assert list(history["版本"]) == [1] and history.iloc[0]["新值"] == "3100.00"
    assert {b.label for b in at.download_button} >= {"下载模板（Excel）", "下载模板（CSV）"}
    assert at.get("plotly_chart"), "the daily target curve"


def test_plan_editor_saves_a_new_version_with_history(pacing_db):
    at = plan_page()
    edit(at, EDITOR_KEY, {9: {"gmv_target": 3500.0, "owner": "王五"}})
    at.button(key="plan_save").click().run()
    assert_clean(at)
    assert "已保存：新增 0 个月，修改 1 个月" in texts(at.success)
    october = at.data_editor[0].value.set_index("month").loc["2026-10"]
    assert float(october["gmv_target"]) == 3500.0 and int(october["version"]) == 2
    assert october["owner"] == "王五"

    history = history_frame(at)
    latest = history[history["版本"] == 2].set_index("项目")
    assert latest.loc["销售目标", "原值"] == "3100.00"
    assert latest.loc["销售目标", "新值"] == "3500.00"
    assert latest.loc["负责人", "新值"] == "王五"
    assert latest.loc["销售目标", "修改人"] == "李运营"
    assert bool(latest.loc["销售目标", "生效中"])
    first = history[history["版本"] == 1].iloc[0]
    assert first["新值"] == "3100.00" and not bool(first["生效中"]) and first["修改人"] == "张经理"


def test_plan_editor_lists_rejections_and_saves_nothing(pacing_db):
    at = plan_page()
    edit(at, EDITOR_KEY, {0: {"gmv_target": -5.0}, 9: {"gmv_target": 4000.0}})
    at.button(key="plan_save").click().run()
    assert not at.exception
    assert any("整张表都没有保存" in e.value for e in at.error)
    rejected = next(d.value for d in at.dataframe if "原因" in d.value.columns)
    assert list(rejected["月份"]) == ["2026-01"]
    assert list(rejected["列"]) == ["销售目标"]
    assert "负数" in rejected.iloc[0]["原因"]
    assert list(history_frame(at)["版本"]) == [1], "nothing was written"


def test_draft_fills_the_editor_until_saved(pacing_db):
    at = plan_page()
    at.number_input(key=f"plan_annual_{STORE_NAME}_{YEAR}").set_value(12000.0).run()
    at.button(key="plan_draft_button").click().run()
    assert_clean(at)
    assert "草稿" in texts(at.info)
    table = at.data_editor[0].value
    assert [float(v) for v in table["gmv_target"]] == [1000.0] * 12  # no sales last year: an even split
    assert "各月合计比年度目标" not in texts(at.warning)  # the months add up to the annual target
    assert list(history_frame(at)["版本"]) == [1], "a draft is not saved"

    at.button(key="plan_save").click().run()
    assert_clean(at)
    assert "新增 11 个月，修改 1 个月" in texts(at.success)
    history = history_frame(at)
    assert set(history[history["期间"] == "2026-10"]["来源"]) == {"草稿", "页面编辑"}


def test_annual_target_and_the_months_difference(pacing_db):
    at = plan_page()
    at.number_input(key=f"plan_annual_{STORE_NAME}_{YEAR}").set_value(40000.0).run()
    at.button(key="plan_annual_save").click().run()
    assert_clean(at)
    assert "年度目标已保存（版本 1）" in texts(at.success)
    values = {m.label: m.value for m in at.metric}
    assert values["各月合计"] == "¥3,100.00"
    assert values["差额（年度 − 各月）"] == "¥3.69万"
    assert "各月合计比年度目标少 ¥36,900.00" in texts(at.warning)
    assert "年度目标" in set(history_frame(at)["项目"])


def test_day_override_set_and_cleared(pacing_db):
    at = plan_page()
    at.selectbox(key="plan_curve_month__zh").set_value("2026-10").run()
    at.date_input(key="plan_day_2026-10").set_value(dt.date(2026, 10, 7)).run()
    at.number_input(key="plan_day_amount").set_value(500.0).run()
    at.button(key="plan_override_set").click().run()
    assert_clean(at)
    assert "2026-10-07 的日目标已设为 ¥500.00" in texts(at.success)
    overrides = next(d.value for d in at.dataframe if "日目标（元）" in d.value.columns)
    assert list(overrides["日期"]) == ["2026-10-07"]
    assert float(overrides["日目标（元）"].iloc[0]) == 500.0

    at.button(key="plan_override_clear").click().run()
    assert_clean(at)
    assert "2026-10-07 已恢复为计算的日目标" in texts(at.success)
    assert not any("日目标（元）" in d.value.columns for d in at.dataframe)
    history = history_frame(at)
    assert list(history[history["期间"] == "2026-10-07"]["项目"]) == ["日目标（手动）"] * 2


def test_plan_page_in_english(pacing_db):
    at = plan_page(lang="en")
    assert at.title[0].value == "Monthly plan"
    assert at.button(key="plan_save").label == "Save monthly targets"
    assert "Change history" in texts(at.subheader)


def test_a_month_not_yet_started_shows_its_plan_only(pacing_db):
    conn = db.connect(pacing_db)
    try:
        require("plans", "save_month_targets")(
            conn, [{"store": STORE_NAME, "month": "2026-11", "gmv_target": "3000"}], author="张经理"
        )
    finally:
        conn.close()
    at = run_app(state={**as_of_state(), "today_month": "2026-11", "today_month_for": "2026-10"})
    store_box(at).set_value(STORE_NAME).run()
    assert_clean(at)
    assert "2026-11 还没开始：下面是计划。" in texts(at.caption)
    assert not at.metric, "no day, month to date or forecast before the month starts"
    assert len(plotly_charts(at)) == 2


def test_plan_file_upload_records_who_imported_it(pacing_db):
    at = plan_page()
    plan_csv = f"店铺,月份,销售目标,转化率目标,负责人\r\n{STORE_NAME},2026-11,4200,3.5%,赵六\r\n"
    at.file_uploader(key="plan_upload_0").set_value(
        ("销售计划_2026.csv", plan_csv.encode("utf-8-sig"), "text/csv")
    )
    at.run()
    at.button(key="plan_file_import").click().run()
    assert_clean(at)
    result = at.table[0].value.iloc[0]
    assert (
        result["文件"] == "销售计划_2026.csv" and result["类型"] == "销售计划" and result["状态"] == "已导入"
    )
    november = at.data_editor[0].value.set_index("month").loc["2026-11"]
    assert float(november["gmv_target"]) == 4200.0 and november["conversion_pct"] == 3.5
    history = history_frame(at)
    from_file = history[history["期间"] == "2026-11"]
    assert set(from_file["来源"]) == {"计划文件"} and set(from_file["修改人"]) == {"李运营"}


def test_plan_file_with_a_bad_row_lists_it(pacing_db):
    at = plan_page()
    plan_csv = f"店铺,月份,销售目标\r\n{STORE_NAME},2026-11,很多\r\n不存在的店,2026-12,100\r\n"
    at.file_uploader(key="plan_upload_0").set_value(("plan.csv", plan_csv.encode("utf-8"), "text/csv"))
    at.run()
    at.button(key="plan_file_import").click().run()
    assert not at.exception
    assert at.table[0].value.iloc[0]["状态"] == "已拒绝"
    rejected = next(d.value for d in at.dataframe if "原因" in d.value.columns and "行号" in d.value.columns)
    assert set(rejected["列"]) == {"销售目标", "店铺"}
    assert list(history_frame(at)["版本"]) == [1], "nothing else changed"
