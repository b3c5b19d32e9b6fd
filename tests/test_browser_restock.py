"""End to end in a real browser: the demo store's 补货建议 page (the demo has weekly 聚水潭 and one 旺店通 stock
snapshot) draws its status cards, the restock table and one SKU's projected-stock chart, on a laptop and on a
phone-width screen; the 商品结构 page draws the Pareto chart. The demo database is the session one of
test_browser_pacing (data.demo.load_demo).

Screenshots go to tmp_path, or to $STORE_OPS_SCREENSHOTS when set.
"""

from __future__ import annotations

import os
import shutil

import pytest
from test_browser_import import VIEWPORTS, assert_no_sideways_scroll, chromium_page, screenshot, serve_app

pytestmark = pytest.mark.skipif(os.environ.get("STORE_OPS_SKIP_SLOW") == "1", reason="STORE_OPS_SKIP_SLOW=1")


@pytest.fixture
def served_restock_demo(demo_db, tmp_path):
    path = tmp_path / "store.duckdb"
    shutil.copyfile(demo_db, path)
    with serve_app(path, tmp_path / "streamlit.log") as url:
        yield url


def check_restock_page(page, url: str) -> None:
    """The demo store's 补货建议: the title, the 紧急 card, the restock table with its columns, the chart."""
    page.goto(url + "/")
    page.get_by_role("heading", name="今日目标").wait_for()
    page.goto(url + "/restock")
    page.get_by_role("heading", name="补货建议", exact=True).wait_for()
    page.get_by_test_id("stMetric").filter(has_text="紧急").first.wait_for()
    table = page.get_by_test_id("stDataFrame").first
    table.wait_for()
    # the grid draws on a canvas; its accessible table (visually hidden) holds the cells of the columns in view
    for header in ("商品编码", "状态", "建议补货量"):
        table.locator("th[role='columnheader']", has_text=header).first.wait_for(state="attached")
    assert table.locator("tr[role='row']").count() > 2, "the restock table has SKU rows"
    statuses = {"超卖", "紧急", "关注", "新品", "正常", "积压", "滞销", "已停售"}
    cells = set(table.locator("td[role='gridcell']").all_inner_texts())
    assert cells & statuses, "a status in the table"
    chart = page.locator(".js-plotly-plot", has_text="预计可用库存").first
    chart.locator("svg.main-svg").first.wait_for()
    assert chart.locator(".scatterlayer .trace").count() >= 3, "stock lines and the reorder point"
    assert not page.get_by_test_id("stException").count()


@pytest.mark.parametrize(("name", "viewport"), VIEWPORTS)
def test_demo_restock_page_shows_the_table(served_restock_demo, tmp_path, name, viewport):
    phone = name == "phone"
    with chromium_page(tmp_path, name, viewport, f"restock_{name}_failure.png") as page:
        check_restock_page(page, served_restock_demo)
        if phone:  # the cards wrap two a row, the page does not scroll sideways
            first, second = (page.get_by_test_id("stMetric").nth(i).bounding_box() for i in (0, 1))
            assert first and second and abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"], (
                first,
                second,
            )
            assert_no_sideways_scroll(page, viewport)
        page.set_viewport_size({"width": viewport["width"], "height": 4000 if phone else 2600})
        page.wait_for_timeout(1500)
        screenshot(page, tmp_path, f"restock_{name}.png")
        if not phone:  # 商品结构: the Pareto chart with its bands
            page.goto(served_restock_demo + "/products")
            page.get_by_role("heading", name="商品结构", exact=True).wait_for()
            pareto = page.locator(".js-plotly-plot", has_text="帕累托").first
            pareto.locator("svg.main-svg").first.wait_for()
            assert pareto.locator(".barlayer .trace").count() >= 1
            assert pareto.locator(".shapelayer path").count() >= 3, "the A/B/C bands"
            assert not page.get_by_test_id("stException").count()
            page.wait_for_timeout(1000)
            screenshot(page, tmp_path, "products_desktop.png")
