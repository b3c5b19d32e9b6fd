"""Streamlit's legacy pages-folder mode: until a run has called st.navigation, Streamlit runs a pages/ file
on its own, without app.py (a fresh server's first request for /import_data; AppTest on every page switch).
The page must then still come up inside the full frame (sidebar, language switch, store selector)."""

from __future__ import annotations

from conftest import ROOT, store_box
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "app.py")


def test_page_run_on_its_own_still_gets_the_frame(app_db):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and not at.error
    assert at.title[0].value == "今日目标"  # the landing page

    at.switch_page("pages/import_data.py").run()
    assert not at.exception and not at.error
    assert at.title[0].value == "数据导入"
    assert store_box(at).options == ["全部店铺"]
    assert at.sidebar.button_group, "the language switch is there"
