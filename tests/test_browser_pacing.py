"""End to end in a real browser: the landing page (今日目标) of the demo store renders its cards and charts, on a
laptop and on a phone-width screen (390 px). The demo database is built once per session through
data.demo.load_demo (the real generator and connectors, ~45 s) and each test serves a copy of it.

Screenshots go to tmp_path, or to $STORE_OPS_SCREENSHOTS when set (to look at them after the run).
"""

from __future__ import annotations

import os
import shutil

import pytest
from test_browser_import import VIEWPORTS, assert_no_sideways_scroll, chromium_page, screenshot, serve_app

pytestmark = pytest.mark.skipif(os.environ.get("STORE_OPS_SKIP_SLOW") == "1", reason="STORE_OPS_SKIP_SLOW=1")


@pytest.fixture
def served_demo(demo_db, tmp_path):
    """`streamlit run app.py` on a copy of the demo database; stopped afterwards."""
    path = tmp_path / "store.duckdb"
    shutil.copyfile(demo_db, path)
    with serve_app(path, tmp_path / "streamlit.log") as url:
        yield url


def check_landing_page(page, url: str) -> None:
    """The landing page of the demo store: its title, the month's cards and both plotly charts drawn."""
    page.goto(url + "/")
    page.get_by_role("heading", name="今日目标").wait_for()
    page.get_by_test_id("stMetric").filter(has_text="本月完成").first.wait_for()
    charts = page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot")
    charts.nth(1).wait_for()
    assert charts.count() >= 2, "the cumulative and the daily chart"
    for text in ("本月累计：实际 vs 计划", "每日销售 vs 日目标"):
        page.locator(".js-plotly-plot .gtitle", has_text=text).first.wait_for()
    assert page.get_by_test_id("stMetric").filter(has_text="预计月末").count() >= 1
    assert page.get_by_test_id("stMetric").filter(has_text="还需日均").count() >= 1
    assert not page.get_by_test_id("stException").count()


@pytest.mark.parametrize(("name", "viewport"), VIEWPORTS)
def test_landing_page_draws_the_demo_store_charts(served_demo, tmp_path, name, viewport):
    phone = name == "phone"
    with chromium_page(tmp_path, name, viewport, f"today_{name}_failure.png") as page:
        check_landing_page(page, served_demo)
        if phone:  # the cards stack in one column: each is about as wide as the screen
            box = page.get_by_test_id("stMetric").first.bounding_box()
            assert box and box["width"] > viewport["width"] * 0.7, box
            assert_no_sideways_scroll(page, viewport)
        # Streamlit scrolls inside its own container: a tall window shows the whole page in one shot
        page.set_viewport_size({"width": viewport["width"], "height": 2600 if phone else 1800})
        page.wait_for_timeout(1500)
        screenshot(page, tmp_path, f"today_{name}.png")
        if not phone:  # the plan page of the demo store: its editor and daily target curve
            page.get_by_test_id("stSidebarNav").get_by_text("月度计划").click()
            page.get_by_role("heading", name="月度计划").wait_for()
            page.get_by_role("heading", name="日目标曲线").wait_for()
            page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot").first.wait_for()
            assert not page.get_by_test_id("stException").count()
            page.wait_for_timeout(1500)
            screenshot(page, tmp_path, "plan_desktop.png")
