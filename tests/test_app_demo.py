"""The demo-store flow of the app with a stand-in for data.demo (fast; the real generator has its own slow
test in test_app.py): loaded once into an empty database with a progress bar, flagged by a banner,
removable, and not loaded again after removal."""

from __future__ import annotations

import sys
import types

import pytest
from conftest import ROOT, store_box
from streamlit.testing.v1 import AppTest

import db

pytestmark = pytest.mark.usefixtures("navigation_app")
APP = str(ROOT / "app.py")
DEMO_STORE = "演示旗舰店"


@pytest.fixture
def fake_demo(monkeypatch, app_db):
    """Replace data.demo with a small stand-in that records its calls; turn the automatic load back on."""
    calls = {"load": 0, "remove": 0, "progress": []}

    def database_is_empty(conn) -> bool:
        return conn.execute("SELECT count(*) FROM stores").fetchone()[0] == 0

    def load_demo(conn, work_dir, *, progress=None, end_date=None):
        calls["load"] += 1
        calls["work_dir"] = work_dir
        for step in (0.0, 0.5, 1.0):
            progress(step, f"step {step}")
            calls["progress"].append(step)
        conn.execute("INSERT INTO stores (store, is_demo) VALUES (?, true)", [DEMO_STORE])
        db.bump_data_version(conn)
        return []

    def remove_demo(conn) -> None:
        calls["remove"] += 1
        conn.execute("DELETE FROM stores WHERE is_demo")
        db.bump_data_version(conn)

    module = types.ModuleType("data.demo")
    module.DEMO_STORE = DEMO_STORE
    module.database_is_empty = database_is_empty
    module.load_demo = load_demo
    module.remove_demo = remove_demo
    import data

    monkeypatch.setitem(sys.modules, "data.demo", module)
    monkeypatch.setattr(data, "demo", module, raising=False)
    monkeypatch.delenv("STORE_OPS_NO_DEMO")
    return calls


def test_demo_loads_once_shows_banner_and_can_be_removed(fake_demo, app_db):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and not at.error, [e.value for e in at.exception or at.error]
    assert fake_demo["load"] == 1
    assert fake_demo["progress"] == [0.0, 0.5, 1.0]
    assert fake_demo["work_dir"] == app_db.parent / "demo_exports"
    assert any("当前显示演示数据" in w.value and DEMO_STORE in w.value for w in at.warning)
    assert store_box(at).options == ["全部店铺", DEMO_STORE + "（演示）"]

    at.run()  # a rerun does not load again
    assert fake_demo["load"] == 1

    at.button(key="remove_demo").click().run()
    assert not at.exception and not at.error
    assert fake_demo["remove"] == 1
    assert store_box(at).options == ["全部店铺"]
    assert any("下一步：打开「数据导入」" in s.value for s in at.success)
    assert not any("当前显示演示数据" in w.value for w in at.warning)

    # the database is empty again, but the demo was offered once: it stays gone, also for a new session
    again = AppTest.from_file(APP, default_timeout=60).run()
    assert fake_demo["load"] == 1
    assert store_box(again).options == ["全部店铺"]
    assert any("还没有订单数据" in i.value for i in again.info)


def test_banner_only_when_the_selection_includes_the_demo(fake_demo, app_db):
    at = AppTest.from_file(APP, default_timeout=60).run()
    conn = db.connect(app_db)
    try:
        conn.execute("INSERT INTO stores (store) VALUES ('真实店铺')")
        db.bump_data_version(conn)
    finally:
        conn.close()
    at.run()
    assert any("当前显示演示数据" in w.value for w in at.warning)  # all stores include the demo
    store_box(at).set_value("真实店铺").run()
    assert not any("当前显示演示数据" in w.value for w in at.warning)


def test_demo_disabled_by_environment(fake_demo, monkeypatch):
    monkeypatch.setenv("STORE_OPS_NO_DEMO", "1")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert fake_demo["load"] == 0
    assert store_box(at).options == ["全部店铺"]
