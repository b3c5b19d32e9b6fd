"""End to end in a real browser: serve app.py with `streamlit run`, upload an order export on 数据导入 with
Debian Chromium (Playwright), and check the result table and the overview a store operator would see.

Screenshots go to tmp_path, or to $STORE_OPS_SCREENSHOTS when set (to look at them after the run).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ORDER_EXPORT_FIGURES, ROOT, require

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT_S = 60
UI_TIMEOUT_MS = 30_000


# The two screens every page is checked on: a laptop and a phone.
VIEWPORTS = [("desktop", {"width": 1400, "height": 1000}), ("phone", {"width": 390, "height": 844})]


@contextlib.contextmanager
def chromium_page(tmp_path: Path, name: str, viewport: dict, failure_shot: str):
    """A Debian Chromium page (phone settings for the phone viewport) with the UI timeout set; skips, saying
    why, without Chromium or Playwright; saves `failure_shot` when the body fails; closes the browser."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser test")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        phone = name == "phone"
        page = browser.new_page(
            viewport=viewport,
            locale="zh-CN",
            is_mobile=phone,
            has_touch=phone,
            device_scale_factor=2 if phone else 1,
        )
        try:
            page.set_default_timeout(UI_TIMEOUT_MS)
            yield page
        except Exception:
            screenshot(page, tmp_path, failure_shot)
            raise
        finally:
            browser.close()


def assert_no_sideways_scroll(page, viewport: dict) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"] + 1, f"the page scrolls sideways: {width}px"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    """Poll Streamlit's health endpoint until it answers 'ok' (fail with the server log otherwise)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"streamlit did not answer within {START_TIMEOUT_S}s:\n{log.read_text(errors='replace')}")


@contextlib.contextmanager
def serve_app(db_path: Path, log: Path):
    """`streamlit run app.py` on a free port against `db_path` (demo loading off); yields its URL, then stops it."""
    port = free_port()
    env = {**os.environ, "STORE_OPS_DB": str(db_path), "STORE_OPS_NO_DEMO": "1"}
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def served_app(app_db, tmp_path):
    """The app served against the empty test database; stopped afterwards."""
    with serve_app(app_db, tmp_path / "streamlit.log") as url:
        yield url


def screenshot(page, tmp_path: Path, name: str) -> Path:
    """Save a full-page screenshot and say where it is."""
    folder = Path(os.environ.get("STORE_OPS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def test_upload_order_export_in_chromium(served_app, order_export, tmp_path):
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser test")
    require("connectors", "import_file")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1500}, locale="zh-CN")
        try:
            page.set_default_timeout(UI_TIMEOUT_MS)
            page.goto(served_app + "/")
            page.get_by_text("还没有订单数据").wait_for()
            screenshot(page, tmp_path, "overview_empty.png")

            # open 数据导入 from the sidebar navigation, as a user would
            page.get_by_test_id("stSidebarNav").get_by_text("数据导入").click()
            page.get_by_role("heading", name="数据导入").wait_for()
            page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(order_export))
            page.get_by_test_id("stFileChip").first.wait_for()  # the uploaded file is listed (name shortened)
            page.get_by_role("button", name="开始导入").click()

            page.get_by_text("本次导入结果").wait_for()
            row = page.get_by_test_id("stTable").locator("tbody tr", has_text=order_export.name)
            row.wait_for()
            cells = [text.strip() for text in row.locator("td, th").all_inner_texts()]
            headers = [
                text.strip() for text in page.get_by_test_id("stTable").locator("thead th").all_inner_texts()
            ]
            result = dict(zip(headers, cells, strict=False))
            assert result["文件"] == order_export.name
            assert result["类型"] == "订单报表"
            assert result["状态"] == "已导入"
            assert result["新增"] == str(ORDER_EXPORT_FIGURES["rows"])
            page.get_by_role("heading", name="导入记录").wait_for()
            page.get_by_test_id("stDataFrame").first.wait_for()  # the load history (a canvas grid)
            screenshot(page, tmp_path, "import_done.png")

            # the overview now shows the file's figures
            page.get_by_test_id("stSidebarNav").get_by_text("销售概览").click()
            paid = page.get_by_test_id("stMetric").filter(has_text="支付金额").first
            paid.wait_for()
            assert "¥400.00" in paid.inner_text()
            page.get_by_test_id("stPlotlyChart").first.wait_for()
            page.wait_for_timeout(500)  # let the chart finish drawing before the screenshot
            screenshot(page, tmp_path, "overview_loaded.png")
        except Exception:
            screenshot(page, tmp_path, "failure.png")  # what the browser showed when it went wrong
            raise
        finally:
            browser.close()
