"""The app as a user meets it (AppTest): each page renders against a real DuckDB file, imports show up in
the history and the overview, the language switch works, a locked database gives one sentence, and the
demo store arrives on first start and can be removed."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from conftest import ORDER_EXPORT_FIGURES, ROOT, require, store_box
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.usefixtures("navigation_app")

APP = str(ROOT / "app.py")
IMPORT_PAGE = "pages/import_data.py"
OVERVIEW_PAGE = (
    "pages/sales_overview.py"  # the second page; 今日目标 (tests/test_app_pacing.py) is the landing page
)
TIMEOUT = 60


def run_app(page: str | None = None, lang: str | None = None) -> AppTest:
    """Run app.py (then switch to `page`), failing on any exception or error message."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if lang:
        at.session_state["lang"] = lang
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def texts(elements) -> str:
    """All values of a list of text elements, joined, for `in` checks."""
    return "\n".join(str(e.value) for e in elements)


def table_with(at: AppTest, column: str):
    """The st.dataframe whose columns include `column` (AppTest cannot find dataframes by key)."""
    for element in at.dataframe:
        if column in element.value.columns:
            return element.value
    raise AssertionError(f"no dataframe with a column {column!r}")


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# ---- empty database ----


def test_empty_database_shows_what_to_do(app_db):
    at = run_app(OVERVIEW_PAGE)
    assert at.title[0].value == "销售概览"
    assert "还没有订单数据：请打开 数据导入" in texts(at.info)
    assert not at.metric  # no KPI cards without data
    sidebar_store = store_box(at)
    assert sidebar_store.options == ["全部店铺"]


def test_language_switch_changes_labels(app_db):
    at = run_app(OVERVIEW_PAGE)
    assert store_box(at).label == "店铺"
    at.button_group(key="lang").set_value("en").run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Sales overview"
    assert store_box(at).label == "Store"
    assert "No orders imported yet" in texts(at.info)

    at.switch_page(IMPORT_PAGE).run()
    assert at.title[0].value == "Import data"
    assert at.button(key="import_button").label == "Import"


def test_import_page_renders_on_empty_database(app_db):
    require("connectors", "load_history")
    at = run_app(IMPORT_PAGE)
    assert at.title[0].value == "数据导入"
    uploader = at.file_uploader[0]
    assert uploader.accept_multiple_files
    assert set(uploader.allowed_type) >= {".csv", ".xlsx", ".xls"}
    assert "还没有导入记录" in texts(at.caption)
    assert "数据口径" in at.expander[-1].label


# ---- a database with one imported order export ----


def test_import_page_shows_load_history(loaded_db, order_export):
    at = run_app(IMPORT_PAGE)
    history = table_with(at, "开始时间")
    assert list(history["文件"]) == [order_export.name]
    row = history.iloc[0]
    assert row["类型"] == "订单报表"
    assert row["状态"] == "已导入"
    assert row["新增"] == ORDER_EXPORT_FIGURES["rows"]
    assert row["店铺"] == ORDER_EXPORT_FIGURES["store"]


def test_overview_shows_kpis_of_the_imported_file(loaded_db):
    require("metrics.sales", "sales_summary")
    at = run_app(OVERVIEW_PAGE)
    values = metric_values(at)
    assert values["支付金额"] == "¥400.00"
    assert values["退款金额"] == "¥0.00"
    assert values["净销售额"] == "¥400.00"
    assert values["支付订单数"] == "3"
    assert values["支付买家数"] == "3"
    assert values["访客数"] == "—"  # no 生意参谋 data: missing, not 0
    assert values["支付转化率"] == "—"
    assert values["客单价"] == "¥133.33"  # 400.00 / 3 buyers
    assert all(m.help for m in at.metric), "every KPI carries its definition"
    assert store_box(at).options == ["全部店铺", ORDER_EXPORT_FIGURES["store"]]

    monthly = at.dataframe[0].value
    assert list(monthly["period"]) == ["2026-10"]
    assert float(monthly["paid_gmv"].iloc[0]) == 400.00

    store_box(at).set_value(ORDER_EXPORT_FIGURES["store"]).run()
    assert metric_values(at)["支付金额"] == "¥400.00"


def test_upload_on_import_page_imports_and_reports(app_db, order_export):
    require("connectors", "import_file")
    at = run_app(IMPORT_PAGE)
    at.file_uploader[0].set_value((order_export.name, order_export.read_bytes(), "text/csv"))
    at.run()
    at.button(key="import_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]

    result = at.table[0].value
    row = result.iloc[0]
    assert row["文件"] == order_export.name
    assert row["类型"] == "订单报表"
    assert row["状态"] == "已导入"
    assert int(row["读取行数"]) == ORDER_EXPORT_FIGURES["rows"]
    assert int(row["新增"]) == ORDER_EXPORT_FIGURES["rows"]
    assert "已导入 1 个" in texts(at.success)
    assert list(table_with(at, "开始时间")["文件"]) == [order_export.name]
    assert ORDER_EXPORT_FIGURES["store"] in store_box(at).options
    assert not at.file_uploader[0].value, "the uploader starts empty after an import"

    # the same file again: nothing new, and the history says so
    at.file_uploader[0].set_value((order_export.name, order_export.read_bytes(), "text/csv"))
    at.run()
    at.button(key="import_button").click().run()
    assert at.table[0].value.iloc[0]["状态"] == "无变化"
    assert len(table_with(at, "开始时间")) == 2


def test_import_button_without_files_asks_for_files(app_db):
    require("connectors", "load_history")
    at = run_app(IMPORT_PAGE)
    at.button(key="import_button").click().run()
    assert "请先选择要导入的文件" in texts(at.warning)


# ---- failure: the database file is held by another process ----


def test_locked_database_shows_one_sentence(app_db):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)",
            str(app_db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
        assert not at.exception
        assert len(at.error) == 1
        assert "正被进程" in at.error[0].value and str(holder.pid) in at.error[0].value
        assert not at.title, "nothing else is drawn"
    finally:
        holder.kill()
        holder.wait()


# ---- first start: the demo store (slower: generates and imports the demo exports) ----


@pytest.mark.skipif(os.environ.get("STORE_OPS_SKIP_SLOW") == "1", reason="STORE_OPS_SKIP_SLOW=1")
def test_first_start_loads_demo_and_it_can_be_removed(tmp_path, monkeypatch):
    require("data.demo", "load_demo")
    monkeypatch.setenv("STORE_OPS_DB", str(tmp_path / "fresh.duckdb"))
    monkeypatch.delenv("STORE_OPS_NO_DEMO", raising=False)
    started = time.monotonic()
    at = AppTest.from_file(APP, default_timeout=300).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    print(f"demo load took {time.monotonic() - started:.1f}s")
    assert "当前显示演示数据" in texts(at.warning)
    stores = store_box(at).options
    assert len(stores) >= 2 and any("演示" in s for s in stores)
    assert at.metric, "the overview shows the demo figures"

    at.button(key="remove_demo").click().run()
    assert not at.exception and not at.error
    assert store_box(at).options == ["全部店铺"]
    assert "下一步：打开「数据导入」" in texts(at.success)
    assert "当前显示演示数据" not in texts(at.warning)

    # a later run (or restart) must not bring the demo back
    at.run()
    assert store_box(at).options == ["全部店铺"]
    assert "还没有订单数据" in texts(at.info)


def test_several_files_at_once_with_rejections(app_db, order_export):
    """Three files in one upload: a good export, one with a bad amount, and a file that is no export."""
    require("connectors", "import_file")
    from conftest import ORDER_ROWS, write_order_export

    bad_rows = [dict(ORDER_ROWS[0], 订单编号="3515313147329357999", 买家实际支付金额="abc")]
    bad = write_order_export(
        order_export.parent / "ExportOrderList202611020930.csv", bad_rows + ORDER_ROWS[1:2]
    )
    at = run_app(IMPORT_PAGE)
    at.file_uploader[0].set_value(
        [
            (order_export.name, order_export.read_bytes(), "text/csv"),
            (bad.name, bad.read_bytes(), "text/csv"),
            ("../../notes.csv", "名称,数量\n杯子,3\n".encode(), "text/csv"),
        ]
    )
    at.run()
    at.button(key="import_button").click().run()
    assert not at.exception, [e.value for e in at.exception]

    result = at.table[0].value.set_index("文件")
    assert list(result.index) == [order_export.name, bad.name, "../../notes.csv"]
    assert result.loc[order_export.name, "状态"] == "已导入"
    assert result.loc["../../notes.csv", "状态"] == "已拒绝"
    assert result.loc["../../notes.csv", "类型"] == "未识别"
    assert result.loc["../../notes.csv", "错误"], "a rejected file says why"
    assert int(result.loc[bad.name, "拒绝"]) >= 1

    rejected = table_with(at, "原因")
    bad_rows_shown = rejected[rejected["文件"] == bad.name]
    assert not bad_rows_shown.empty
    assert "买家实际支付金额" in set(bad_rows_shown["列"])
    assert "abc" in set(bad_rows_shown["值"])
    assert not (app_db.parent / "notes.csv").exists() and not (ROOT.parent / "notes.csv").exists()
    assert list((app_db.parent / "tmp" / "uploads").iterdir()) == [], "staged uploads are deleted"


def test_import_into_a_new_store(app_db, order_export):
    require("connectors", "import_file")
    at = run_app(IMPORT_PAGE)
    target = at.main.selectbox[0]
    assert target.options == ["自动（按文件中的店铺名称）", "新店铺…"]
    target.set_value("__new__").run()
    at.file_uploader[0].set_value((order_export.name, order_export.read_bytes(), "text/csv"))
    at.run()
    at.button(key="import_button").click().run()
    assert "请填写新店铺名称" in texts(at.warning)  # no name yet: nothing imported

    at.text_input(key="import_new_store").input("我的新店").run()
    at.button(key="import_button").click().run()
    assert not at.exception and not at.error
    assert list(table_with(at, "开始时间")["店铺"]) == ["我的新店"]
    assert "我的新店" in store_box(at).options
