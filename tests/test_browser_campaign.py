"""End to end in a real browser: the demo store's 活动复盘 page draws its cards and the timeline chart (a plotly
svg inside the chart element), on a laptop and on a phone-width screen, and the 活动日历 tab draws the year's
calendar. The demo database is the session one of test_browser_pacing (data.demo.load_demo, with its
活动日历 file of Double 11 campaigns); should a demo build carry no campaign, the test saves a Double 11 from
the template through campaigns.save_campaign first, so the page still has one to review.

Screenshots go to tmp_path, or to $STORE_OPS_SCREENSHOTS when set.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_browser_import import VIEWPORTS, assert_no_sideways_scroll, chromium_page, screenshot, serve_app

import db

pytestmark = pytest.mark.skipif(os.environ.get("STORE_OPS_SKIP_SLOW") == "1", reason="STORE_OPS_SKIP_SLOW=1")


def ensure_a_campaign(path: Path) -> None:
    """Save the demo store's Double 11 of its last year from the template when the demo has no campaign."""
    from campaigns import double11_template, save_campaign

    conn = db.connect(path)
    try:
        if conn.execute("SELECT count(*) FROM campaigns").fetchone()[0]:
            return
        store, last = conn.execute(
            "SELECT store, max(day) FROM sales_daily GROUP BY store ORDER BY store LIMIT 1"
        ).fetchone()
        year = last.year if last.month >= 11 else last.year - 1
        result = save_campaign(
            conn,
            {"store": store, "name": f"{year}双十一", "campaign_type": "双十一"},
            double11_template(year),
            author="browser test",
            source="template",
        )
        assert result.ok, result.rejected
    finally:
        conn.close()


@pytest.fixture
def served_campaign_demo(demo_db, tmp_path):
    path = tmp_path / "store.duckdb"
    shutil.copyfile(demo_db, path)
    ensure_a_campaign(path)
    with serve_app(path, tmp_path / "streamlit.log") as url:
        yield url


def check_review_page(page, url: str) -> None:
    """The demo store's 活动复盘: its title, the GMV card and the timeline chart drawn as a plotly svg."""
    page.goto(url + "/")
    page.get_by_role("heading", name="今日目标").wait_for()
    page.goto(url + "/campaign_review")
    page.get_by_role("heading", name="活动复盘").wait_for()
    page.get_by_test_id("stMetric").filter(has_text="活动支付金额").first.wait_for()
    timeline = page.locator(".js-plotly-plot", has_text="实际 vs 基线").first
    timeline.locator("svg.main-svg").first.wait_for()
    assert timeline.locator(".scatterlayer .trace").count() >= 2, "the actual and baseline lines"
    assert timeline.locator(".shapelayer path").count() >= 1, "the phases shaded"
    assert not page.get_by_test_id("stException").count()


@pytest.mark.parametrize(("name", "viewport"), VIEWPORTS)
def test_demo_campaign_review_draws_the_timeline(served_campaign_demo, tmp_path, name, viewport):
    phone = name == "phone"
    with chromium_page(tmp_path, name, viewport, f"campaign_{name}_failure.png") as page:
        check_review_page(page, served_campaign_demo)
        if phone:  # the cards stack in one column, the page does not scroll sideways
            box = page.get_by_test_id("stMetric").first.bounding_box()
            assert box and box["width"] > viewport["width"] * 0.7, box
            assert_no_sideways_scroll(page, viewport)
        page.set_viewport_size({"width": viewport["width"], "height": 3200 if phone else 2400})
        page.wait_for_timeout(1500)
        screenshot(page, tmp_path, f"campaign_{name}.png")
        if not phone:  # the calendar tab: the year's Gantt
            page.get_by_role("tab", name="活动日历").click()
            page.locator(".js-plotly-plot", has_text="年活动日历").first.locator(
                "svg.main-svg"
            ).first.wait_for()
            page.get_by_text("候选活动").first.wait_for()
            assert not page.get_by_test_id("stException").count()
            page.wait_for_timeout(1000)
            screenshot(page, tmp_path, "campaign_calendar_desktop.png")
