"""Shared test fixtures: a throw-away database for the app, and real-format export files built in code.

Fixtures (use them from any test module):
    app_db          path of an empty DuckDB file in tmp_path, with STORE_OPS_DB pointing at it and the demo
                    store switched off (STORE_OPS_NO_DEMO=1), so `streamlit run app.py` / AppTest use it.
    order_export    an order export (订单报表) `ExportOrderList202611010930.csv` in tmp_path, written like the
                    seller back-office writes it (see `write_order_export`); `ORDER_EXPORT_FIGURES` holds
                    the figures computed by hand from its rows.
    loaded_db       `app_db` after `connectors.import_file(order_export)`; skips while connectors are missing.
    navigation_app  makes AppTest run app.py's st.navigation on every run, as a served app does (see below).

    conn            a connection to a new DuckDB file in tmp_path with the schema applied.

Helpers:
    write_order_export(path, orders)  the G3 71-column layout of /work/shared/FORMATS.md §2: GB18030,
                    CRLF, every cell quoted, ids as ="…", money as "0.00" strings. `orders` are dicts keyed
                    by Chinese header; missing cells are empty.
    require(module, attribute)        the attribute, or skip the test saying which piece is not written yet.
    store_box(at)                     the sidebar's store selectbox of an AppTest run.
"""

from __future__ import annotations

import importlib
import os
from decimal import Decimal
from pathlib import Path

import pytest

from data.export_layouts import ID_COLUMNS, ORDER_G3

ROOT = Path(__file__).resolve().parents[1]

G3_ORDER_HEADERS = ORDER_G3

STORE_NAME = "驾驶舱测试旗舰店"
ORDER_EXPORT_NAME = "ExportOrderList202611010930.csv"


def _order(order_id: str, buyer: str, status: str, created: str, paid: str, amount: str, title: str) -> dict:
    """One order row with the cells a G3 export fills for it."""
    return {
        "订单编号": order_id,
        "买家会员名": buyer,
        "买家会员昵称": buyer,
        "支付单号": "2026" + order_id[-12:] if paid else "",
        "买家应付货款": amount,
        "买家应付邮费": "0.00",
        "买家支付积分": "0",
        "总金额": amount,
        "返点积分": "0",
        "买家实际支付金额": amount if paid else "0.00",
        "买家实际支付积分": "0",
        "订单状态": status,
        "收货人姓名": "张三",
        "收货地址": "浙江省 杭州市 余杭区 文一西路969号，3号楼(311121)",
        "运送方式": "快递",
        "联系手机": "'13900001111",
        "订单创建时间": created,
        "订单付款时间": paid,
        "宝贝标题": title,
        "宝贝种类": "1",
        "宝贝总数量": "1",
        "店铺Id": "100200300",
        "店铺名称": STORE_NAME,
        "订单关闭原因": "订单未关闭" if paid else "买家未付款",
        "卖家服务费": "0元",
        "买家服务费": "0元",
        "是否手机订单": "手机订单",
        "特权订金订单id": "",
        "退款金额": "0.00",
        "打款商家金额": f"{amount}元" if status == "交易成功" else "0.00元",
        "主订单编号": order_id,
    }


# Four orders over two days; the unpaid one must not count. Hand-computed figures below.
ORDER_ROWS = [
    _order("3515313147329357901", "tb_alice", "交易成功", "2026-10-30 10:01:02", "2026-10-30 10:02:03",
           "100.00", "不粘锅 20厘米，带玻璃盖"),
    _order("3515313147329357902", "tb_bob", "买家已付款，等待卖家发货", "2026-10-30 21:15:00",
           "2026-10-30 21:16:40", "250.50", "铸铁炖锅 \"珐琅\" 24cm"),
    _order("3515313147329357903", "tb_carol", "卖家已发货，等待买家确认", "2026-10-31 08:00:00",
           "2026-10-31 08:00:30", "49.50", "硅胶锅铲"),
    _order("3515313147329357904", "tb_dave", "等待买家付款", "2026-10-31 23:59:00", "", "80.00", "汤锅"),
]  # fmt: skip

ORDER_EXPORT_FIGURES = {
    "store": STORE_NAME,
    "rows": 4,
    "first_paid": "2026-10-30",
    "last_paid": "2026-10-31",
    "paid_gmv": Decimal("400.00"),
    "refunds": Decimal("0.00"),
    "net_sales": Decimal("400.00"),
    "paid_orders": 3,
    "paid_buyers": 3,
    "daily_paid_gmv": {"2026-10-30": Decimal("350.50"), "2026-10-31": Decimal("49.50")},
}


def _cell(header: str, value: str) -> str:
    """A cell as the back office writes it: quoted, embedded quotes doubled; ids wrapped as ="…"."""
    if header in ID_COLUMNS:
        return f'="{value}"'
    return '"' + value.replace('"', '""') + '"'


def write_order_export(path: Path, orders: list[dict], headers: list[str] = G3_ORDER_HEADERS) -> Path:
    """Write `orders` as a seller back-office order export (GB18030, CRLF, all cells quoted)."""
    lines = [",".join(f'"{h}"' for h in headers)]
    for order in orders:
        lines.append(",".join(_cell(h, str(order.get(h, ""))) for h in headers))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    return path


def require(module: str, attribute: str):
    """`module.attribute`, or skip: lets UI tests wait for connectors/metrics/demo being written in parallel."""
    try:
        found = getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError) as exc:
        pytest.skip(f"{module}.{attribute} is not available yet ({exc})")
    return found


def store_box(at):
    """The sidebar store selectbox (its widget key carries the language: store__zh / store__en; pages such
    as 今日目标 add their own sidebar selectboxes below it)."""
    boxes = [box for box in at.sidebar.selectbox if (box.key or "").startswith("store__")]
    assert len(boxes) == 1, at.sidebar.selectbox
    return boxes[0]


@pytest.fixture
def conn(tmp_path):
    """A connection to a new, empty DuckDB file with the schema applied."""
    import db

    connection = db.connect(tmp_path / "t.duckdb")
    yield connection
    connection.close()


@pytest.fixture
def navigation_app(monkeypatch):
    """Run AppTest the way a served app runs once app.py has called st.navigation.

    AppTest forgets before every run that the app uses st.navigation, and because a pages/ folder exists
    Streamlit then runs the current page's file on its own (legacy pages-folder mode), skipping app.py.
    A served app does that only until its first run of app.py. This fixture keeps that flag off.
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def app_db(tmp_path, monkeypatch) -> Path:
    """An empty database file for the app under test (STORE_OPS_DB), with the demo store switched off."""
    path = tmp_path / "store.duckdb"
    monkeypatch.setenv("STORE_OPS_DB", str(path))
    monkeypatch.setenv("STORE_OPS_NO_DEMO", "1")
    return path


@pytest.fixture
def order_export(tmp_path) -> Path:
    """The four-order G3 export described by ORDER_EXPORT_FIGURES, under its real file name."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return write_order_export(folder / ORDER_EXPORT_NAME, ORDER_ROWS)


@pytest.fixture
def loaded_db(app_db, order_export) -> Path:
    """`app_db` with `order_export` imported through the real connector (one load in the history)."""
    import db

    import_file = require("connectors", "import_file")
    conn = db.connect(app_db)
    try:
        result = import_file(conn, order_export, name=order_export.name, source="file")
    finally:
        conn.close()
    assert result.status == "imported", result.to_json()
    return app_db


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A database with the whole demo store (data.demo.load_demo: the real generator and connectors, about
    45 s), built once per session and shared; tests read it or copy it, never write to it."""
    if os.environ.get("STORE_OPS_SKIP_SLOW") == "1":
        pytest.skip("STORE_OPS_SKIP_SLOW=1: the demo database takes about 45 s to build")
    import db
    from data.demo import load_demo

    folder = tmp_path_factory.mktemp("demo_db")
    path = folder / "demo.duckdb"
    conn = db.connect(path)
    try:
        results = load_demo(conn, folder / "exports")
    finally:
        conn.close()
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    return path
