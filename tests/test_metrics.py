"""metrics/ and `python -m metrics` against a real DuckDB file built by the real connectors from the
real-format fixture files in tests/fixtures/metrics/ (written by make_fixtures.py there).

Every expected figure below is worked out by hand from the fixture rows; the comments show the sums.
Order ids are shortened to O1..O13 (测试店) and S1, S2 (第二店), as in make_fixtures.py.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import db
from metrics import (
    INVENTORY_COLUMNS,
    METRIC_DEFINITIONS,
    SALES_COLUMNS,
    TRAFFIC_COLUMNS,
    date_range,
    inventory_snapshot,
    sales_by_period,
    sales_summary,
    snapshot_dates,
    traffic_by_period,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "metrics"
STORE = "测试店"
STORE2 = "第二店"

# (file, store) in import order. Details after orders; the metric joins them at query time either way.
FIXTURE_FILES = [
    (FIXTURES / "ExportOrderList202611031015.csv", STORE),
    (FIXTURES / "ExportOrderDetailList202611031015.csv", STORE),
    (FIXTURES / "【生意参谋平台】店铺整体_2026-10-30_2026-11-02.xls", STORE),
    (FIXTURES / "聚水潭库存_2026-10-31.csv", STORE),
    (FIXTURES / "聚水潭库存_2026-11-02.csv", STORE),
    (FIXTURES / "store2" / "ExportOrderList202611040900.csv", STORE2),
]


@pytest.fixture(scope="module")
def metrics_db(tmp_path_factory) -> Path:
    """A DuckDB file with both stores imported through connectors.import_file, closed again."""
    from connectors import import_file

    path = tmp_path_factory.mktemp("metrics") / "store.duckdb"
    conn = db.connect(path)
    try:
        for file, store in FIXTURE_FILES:
            result = import_file(conn, file, store=store)
            assert result.ok, f"{file.name}: {result.status} {result.error} {result.rejected}"
            assert not result.rejected, f"{file.name}: rejected rows {result.rejected}"
    finally:
        conn.close()
    return path


@pytest.fixture
def conn(metrics_db):
    connection = db.connect(metrics_db, read_only=True)
    yield connection
    connection.close()


def typed_frame(rows: list[tuple], columns: list[str], dtypes: dict[str, str]) -> pd.DataFrame:
    """The frame a metric returns: 'decimal' columns as Decimal objects (None when missing), the others
    cast to the given dtype."""
    data = {}
    for i, column in enumerate(columns):
        values = [row[i] for row in rows]
        if dtypes[column] == "decimal":
            data[column] = pd.Series([None if v is None else Decimal(v) for v in values], dtype=object)
        else:
            data[column] = pd.Series(values, dtype=dtypes[column])
    return pd.DataFrame(data)


SALES_DTYPES = {
    "period": "str",
    "paid_gmv": "decimal",
    "refunds": "decimal",
    "net_sales": "decimal",
    "paid_orders": "Int64",
    "paid_buyers": "Int64",
    "unique_skus": "Int64",
    "refund_rate": "float64",
    "avg_order_value": "decimal",
}


def sales_frame(rows: list[tuple]) -> pd.DataFrame:
    return typed_frame(rows, SALES_COLUMNS, SALES_DTYPES)


def assert_frame(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(actual.reset_index(drop=True), expected, check_exact=False, rtol=1e-12)


# ---------------------------------------------------------------------------------------------------------
# Sales, 测试店 (orders O1..O13). Paid orders and the day their sale counts on:
#   O1  10-05 10:12:00  晴天小猪   119.00  lines SKU-A, SKU-B          no refund
#   O2  10-05 23:59:59  tb_8829103  98.00  (88.00 + 10.00 postage) SKU-C  no refund
#   O3  10-06 00:00:00  海风lin     59.00  SKU-A                       no refund
#   O4  10-06 14:01:30  momo妈妈    76.00  SKU-D  交易关闭, line 退款成功 76.00  -> refund 76.00
#   O5  10-20 09:30:00  晴天小猪   150.00  SKU-B 退款成功 30.00, SKU-E      -> refund 30.00
#   O6  10-20 15:45:10  阿杰2019    88.00  SKU-C 买家已经申请退款，等待卖家同意 -> refund 0 (order 退款金额 88.00 ignored)
#   O8  11-01 00:03:12  双11囤货王 200.00  SKU-G  presale: deposit 10-24, balance 11-01 -> counts on 11-01
#   O11 11-01 08:15:00  tb_8829103 118.00  SKU-A x2                    no refund
#   O12 11-02 12:00:00  tb_8829103  88.00  SKU-C 退款关闭 88.00           -> refund 0
#   O13 11-02 18:30:00  橙子酱      65.00  no detail lines; order 退款金额 20.00 -> refund 20.00
# Not sales: O7 (交易关闭, never paid), O9 (presale, 尾款 never paid, deposit 30.00), O10 (等待买家付款).
# ---------------------------------------------------------------------------------------------------------

SALES_DAILY_STORE = sales_frame(
    [
        # 10-05: O1 + O2 = 119.00 + 98.00 = 217.00; refunds 0; buyers 晴天小猪, tb_8829103; SKUs A, B, C
        ("2026-10-05", "217.00", "0.00", "217.00", 2, 2, 3, 0.0, "108.50"),  # 217.00 / 2
        # 10-06: O3 + O4 = 59.00 + 76.00 = 135.00; refunds 76.00 (O4); net 59.00; SKUs A, D
        ("2026-10-06", "135.00", "76.00", "59.00", 2, 2, 2, 76 / 135, "67.50"),  # 135.00 / 2
        # 10-20: O5 + O6 = 150.00 + 88.00 = 238.00; refunds 30.00 (O5 only); net 208.00; SKUs B, E, C
        ("2026-10-20", "238.00", "30.00", "208.00", 2, 2, 3, 30 / 238, "119.00"),  # 238.00 / 2
        # 11-01: O8 + O11 = 200.00 + 118.00 = 318.00; SKUs G, A
        ("2026-11-01", "318.00", "0.00", "318.00", 2, 2, 2, 0.0, "159.00"),  # 318.00 / 2
        # 11-02: O12 + O13 = 88.00 + 65.00 = 153.00; refunds 20.00 (O13); net 133.00; SKUs C (O13 has no lines)
        ("2026-11-02", "153.00", "20.00", "133.00", 2, 2, 1, 20 / 153, "76.50"),  # 153.00 / 2
    ]
)

SALES_MONTHLY_STORE = sales_frame(
    [
        # Oct: 217 + 135 + 238 = 590.00; refunds 76 + 30 = 106.00; net 484.00; orders O1-O6 = 6;
        # buyers 晴天小猪 (O1, O5: once), tb_8829103, 海风lin, momo妈妈, 阿杰2019 = 5 (sum of days would be 6);
        # SKUs A, B, C, D, E = 5 (sum of days would be 8); avg 590.00 / 5 = 118.00
        ("2026-10", "590.00", "106.00", "484.00", 6, 5, 5, 106 / 590, "118.00"),
        # Nov: 318 + 153 = 471.00; refunds 20.00; net 451.00; orders O8, O11, O12, O13 = 4;
        # buyers 双11囤货王, tb_8829103 (O11, O12: once), 橙子酱 = 3; SKUs G, A, C = 3; avg 471.00 / 3 = 157.00
        ("2026-11", "471.00", "20.00", "451.00", 4, 3, 3, 20 / 471, "157.00"),
    ]
)

# 第二店: S1 10-05 12:00:00 晴天小猪 50.00, S2 11-03 09:00:30 新客小王 80.00; no detail lines, no refunds.
SALES_MONTHLY_STORE2 = sales_frame(
    [
        ("2026-10", "50.00", "0.00", "50.00", 1, 1, 0, 0.0, "50.00"),
        ("2026-11", "80.00", "0.00", "80.00", 1, 1, 0, 0.0, "80.00"),
    ]
)

SALES_MONTHLY_ALL = sales_frame(
    [
        # Oct: 590.00 + 50.00 = 640.00; refunds 106.00; net 534.00; orders 6 + 1 = 7;
        # buyers: 晴天小猪 bought in both stores -> still 5; SKUs 5; avg 640.00 / 5 = 128.00
        ("2026-10", "640.00", "106.00", "534.00", 7, 5, 5, 106 / 640, "128.00"),
        # Nov: 471.00 + 80.00 = 551.00; net 531.00; orders 5; buyers 3 + 新客小王 = 4; avg 551.00 / 4 = 137.75
        ("2026-11", "551.00", "20.00", "531.00", 5, 4, 3, 20 / 551, "137.75"),
    ]
)


def test_sales_by_day_one_store(conn):
    assert_frame(sales_by_period(conn, by="day", store=STORE), SALES_DAILY_STORE)


def test_sales_by_month_one_store(conn):
    assert_frame(sales_by_period(conn, by="month", store=STORE), SALES_MONTHLY_STORE)


def test_sales_by_month_each_store_and_all(conn):
    assert_frame(sales_by_period(conn, by="month", store=STORE2), SALES_MONTHLY_STORE2)
    assert_frame(sales_by_period(conn, by="month"), SALES_MONTHLY_ALL)


def test_sales_money_is_exact_decimal(conn):
    frame = sales_by_period(conn, by="month", store=STORE)
    assert all(isinstance(v, Decimal) for v in frame["paid_gmv"])
    assert frame["net_sales"].tolist() == [Decimal("484.00"), Decimal("451.00")]


def test_sales_range_cuts_months_by_payment_date(conn):
    # 2026-10-06 .. 2026-11-01 keeps the days 10-06, 10-20 and 11-01.
    frame = sales_by_period(conn, by="month", start=date(2026, 10, 6), end=date(2026, 11, 1), store=STORE)
    expected = sales_frame(
        [
            # Oct: 135.00 + 238.00 = 373.00; refunds 76 + 30 = 106.00; net 267.00; orders O3-O6 = 4;
            # buyers 海风lin, momo妈妈, 晴天小猪, 阿杰2019 = 4; SKUs A, D, B, E, C = 5; avg 373.00 / 4 = 93.25
            ("2026-10", "373.00", "106.00", "267.00", 4, 4, 5, 106 / 373, "93.25"),
            # Nov: 11-01 only (the presale O8 paid at 00:03:12 is inside)
            ("2026-11", "318.00", "0.00", "318.00", 2, 2, 2, 0.0, "159.00"),
        ]
    )
    assert_frame(frame, expected)


def test_sales_day_boundaries(conn):
    # O2 at 10-05 23:59:59 stays on 10-05; O3 at 10-06 00:00:00 is on 10-06.
    only_05 = sales_by_period(conn, start=date(2026, 10, 5), end=date(2026, 10, 5), store=STORE)
    assert_frame(only_05, SALES_DAILY_STORE.iloc[[0]].reset_index(drop=True))
    # The presale O8 counts on its balance day (11-01), not its deposit day (10-24).
    assert sales_by_period(conn, start=date(2026, 10, 21), end=date(2026, 10, 31), store=STORE).empty


def test_sales_summary(conn):
    summary = sales_summary(conn, start=date(2026, 10, 1), end=date(2026, 11, 30), store=STORE)
    # 590.00 + 471.00 = 1061.00; refunds 126.00; orders 10; buyers over both months: 晴天小猪, tb_8829103,
    # 海风lin, momo妈妈, 阿杰2019, 双11囤货王, 橙子酱 = 7; SKUs A-E, G = 6; avg 1061.00 / 7 = 151.571… -> 151.57
    assert summary == {
        "paid_gmv": Decimal("1061.00"),
        "refunds": Decimal("126.00"),
        "net_sales": Decimal("935.00"),
        "paid_orders": 10,
        "paid_buyers": 7,
        "unique_skus": 6,
        "refund_rate": pytest.approx(126 / 1061),
        "avg_order_value": Decimal("151.57"),
    }
    empty = sales_summary(conn, start=date(2026, 12, 1), end=date(2026, 12, 31))
    assert empty == {
        "paid_gmv": Decimal("0.00"),
        "refunds": Decimal("0.00"),
        "net_sales": Decimal("0.00"),
        "paid_orders": 0,
        "paid_buyers": 0,
        "unique_skus": 0,
        "refund_rate": None,
        "avg_order_value": None,
    }


def test_date_range(conn):
    assert date_range(conn, STORE) == (date(2026, 10, 5), date(2026, 11, 2))
    assert date_range(conn) == (date(2026, 10, 5), date(2026, 11, 3))  # S2 on 11-03
    assert date_range(conn, "没有这个店") == (None, None)


def test_sales_rejects_bad_arguments(conn):
    with pytest.raises(ValueError, match="by must be"):
        sales_by_period(conn, by="week")
    with pytest.raises(ValueError, match="after"):
        sales_by_period(conn, start=date(2026, 11, 2), end=date(2026, 11, 1))


def test_sales_empty_frame_keeps_columns(conn):
    frame = sales_by_period(conn, by="month", store="没有这个店")
    assert frame.empty and list(frame.columns) == SALES_COLUMNS


# ---------------------------------------------------------------------------------------------------------
# Traffic, 测试店: 【生意参谋平台】店铺整体_2026-10-30_2026-11-02.xls
#   date   visitors  pv     pay       buyers  rate   aov     uv    cart  refund  直通车
#   10-30  400       1,200  1,300.00  13      3.25%  100.00  3.25  40    -       150.50
#   10-31  1,000     2,500  2,000.00  20      2.00%  100.00  2.00  90    50.00   200.00
#   11-01  2,000     6,000  9,000.00  60      3.00%  150.00  4.50  300   120.00  500.00
#   11-02  500       1,500  1,600.00  16      3.20%  100.00  3.20  50    0.00    180.00
# ---------------------------------------------------------------------------------------------------------


TRAFFIC_DTYPES = {
    "period": "str",
    "days": "Int64",
    "visitors": "Int64",
    "page_views": "Int64",
    "pay_amount": "decimal",
    "pay_buyers": "Int64",
    "pay_conversion": "float64",
    "avg_order_value": "decimal",
    "uv_value": "decimal",
    "add_cart_buyers": "Int64",
    "refund_amount": "decimal",
    "ad_spend": "decimal",
}


def traffic_frame(rows: list[tuple]) -> pd.DataFrame:
    return typed_frame(rows, TRAFFIC_COLUMNS, TRAFFIC_DTYPES)


def test_traffic_by_day(conn):
    expected = traffic_frame(
        [
            # ratios recomputed from the day's figures: 13 / 400 = 0.0325, 1300.00 / 13, 1300.00 / 400
            ("2026-10-30", 1, 400, 1200, "1300.00", 13, 13 / 400, "100.00", "3.25", 40, None, "150.50"),
            ("2026-10-31", 1, 1000, 2500, "2000.00", 20, 20 / 1000, "100.00", "2.00", 90, "50.00", "200.00"),
            (
                "2026-11-01",
                1,
                2000,
                6000,
                "9000.00",
                60,
                60 / 2000,
                "150.00",
                "4.50",
                300,
                "120.00",
                "500.00",
            ),
            ("2026-11-02", 1, 500, 1500, "1600.00", 16, 16 / 500, "100.00", "3.20", 50, "0.00", "180.00"),
        ]
    )
    assert_frame(traffic_by_period(conn, by="day", store=STORE), expected)


def test_traffic_by_month_recomputes_ratios(conn):
    expected = traffic_frame(
        [
            # Oct: visitors 400 + 1000 = 1400 (daily UV summed); pv 3700; pay 3300.00; buyers 33;
            # conversion 33 / 1400 = 0.02357 (not the mean of 3.25% and 2.00%); aov 3300.00 / 33 = 100.00;
            # uv 3300.00 / 1400 = 2.357 -> 2.36; cart 130; refund "-" + 50.00 = 50.00; ads 350.50
            ("2026-10", 2, 1400, 3700, "3300.00", 33, 33 / 1400, "100.00", "2.36", 130, "50.00", "350.50"),
            # Nov: 2500 visitors; pv 7500; pay 10600.00; buyers 76; conversion 76 / 2500 = 0.0304;
            # aov 10600.00 / 76 = 139.473… -> 139.47; uv 10600.00 / 2500 = 4.24; cart 350; refund 120.00; ads 680.00
            ("2026-11", 2, 2500, 7500, "10600.00", 76, 76 / 2500, "139.47", "4.24", 350, "120.00", "680.00"),
        ]
    )
    assert_frame(traffic_by_period(conn, by="month", store=STORE), expected)
    # 第二店 has no 生意参谋 data, so all stores equal 测试店.
    assert_frame(traffic_by_period(conn, by="month"), expected)
    one = traffic_by_period(conn, by="month", start=date(2026, 10, 31), end=date(2026, 10, 31))
    assert one["visitors"].tolist() == [1000] and one["days"].tolist() == [1]


# ---------------------------------------------------------------------------------------------------------
# Inventory, 测试店: 聚水潭库存_2026-10-31.csv (A, B, C, OLD) and 聚水潭库存_2026-11-02.csv (A, B, C, G).
# ---------------------------------------------------------------------------------------------------------

INVENTORY_CORE = [
    "store",
    "sku",
    "name",
    "snapshot_date",
    "on_hand",
    "available",
    "in_transit",
    "order_locked",
]


INVENTORY_DTYPES = {
    "store": "str",
    "sku": "str",
    "name": "str",
    "snapshot_date": "object",
    "on_hand": "Int64",
    "available": "Int64",
    "in_transit": "Int64",
    "order_locked": "Int64",
}


def inventory_frame(rows: list[tuple]) -> pd.DataFrame:
    return typed_frame(rows, INVENTORY_CORE, INVENTORY_DTYPES)


def test_inventory_latest_snapshot(conn):
    frame = inventory_snapshot(conn)
    assert list(frame.columns) == INVENTORY_COLUMNS
    nov2 = date(2026, 11, 2)
    expected = inventory_frame(
        [
            (STORE, "SKU-A", "经典保温杯 500ml", nov2, 80, 70, 0, 10),
            (STORE, "SKU-B", "硅胶杯盖 替换装", nov2, 45, 45, 20, 0),
            (STORE, "SKU-C", "便携咖啡杯 350ml", nov2, 0, -2, 50, 2),  # oversold: available stays negative
            (STORE, "SKU-G", "双十一预售 礼盒套装", nov2, 10, 8, 0, 2),
        ]
    )
    # SKU-OLD is only in the 10-31 snapshot: a whole newer snapshot replaces it, so it is not shown.
    assert_frame(frame[INVENTORY_CORE], expected)
    assert frame["source_format"].tolist() == ["jst"] * 4


def test_inventory_as_of(conn):
    oct31 = date(2026, 10, 31)
    expected = inventory_frame(
        [
            (STORE, "SKU-A", "经典保温杯 500ml", oct31, 100, 90, 0, 10),
            (STORE, "SKU-B", "硅胶杯盖 替换装", oct31, 50, 50, 20, 0),
            (STORE, "SKU-C", "便携咖啡杯 350ml", oct31, 30, 25, 0, 5),
            (STORE, "SKU-OLD", "旧款随行杯（已下架）", oct31, 5, 5, 0, 0),
        ]
    )
    assert_frame(inventory_snapshot(conn, as_of=date(2026, 11, 1), store=STORE)[INVENTORY_CORE], expected)
    assert inventory_snapshot(conn, as_of=date(2026, 10, 30)).empty
    assert inventory_snapshot(conn, store=STORE2).empty
    assert snapshot_dates(conn, STORE) == [oct31, date(2026, 11, 2)]


# ---------------------------------------------------------------------------------------------------------
# Definitions and module boundaries
# ---------------------------------------------------------------------------------------------------------


def test_every_column_has_a_definition():
    for column in {*SALES_COLUMNS, *TRAFFIC_COLUMNS, *INVENTORY_COLUMNS}:
        entry = METRIC_DEFINITIONS.get(column)
        assert entry, f"no definition for {column}"
        assert {"zh", "en", "label_zh", "label_en", "unit"} <= entry.keys(), column
        assert all(entry[k].strip() for k in ("zh", "en", "label_zh", "label_en")), column


def test_metrics_import_no_ui_or_connectors():
    forbidden = {"streamlit", "plotly", "connectors", "pages", "ui", "app"}
    for path in sorted((ROOT / "metrics").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in forbidden, f"{path.name} imports {name}"


# ---------------------------------------------------------------------------------------------------------
# CLI: python -m metrics
# ---------------------------------------------------------------------------------------------------------


def run_cli(*args: str, env_db: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != db.DB_ENV_VAR}
    if env_db is not None:
        env[db.DB_ENV_VAR] = str(env_db)
    return subprocess.run(
        [sys.executable, "-m", "metrics", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_cli_sales_month_json_all_stores(metrics_db):
    done = run_cli("sales", "--db", str(metrics_db), "--by", "month", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [list(row) for row in rows] == [SALES_COLUMNS, SALES_COLUMNS]
    assert rows == [
        {
            "period": "2026-10",
            "paid_gmv": 640.0,
            "refunds": 106.0,
            "net_sales": 534.0,
            "paid_orders": 7,
            "paid_buyers": 5,
            "unique_skus": 5,
            "refund_rate": pytest.approx(106 / 640),
            "avg_order_value": 128.0,
        },
        {
            "period": "2026-11",
            "paid_gmv": 551.0,
            "refunds": 20.0,
            "net_sales": 531.0,
            "paid_orders": 5,
            "paid_buyers": 4,
            "unique_skus": 3,
            "refund_rate": pytest.approx(20 / 551),
            "avg_order_value": 137.75,
        },
    ]


def test_cli_sales_store_filter(metrics_db):
    done = run_cli("sales", "--db", str(metrics_db), "--by", "month", "--store", STORE2, "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [(r["period"], r["paid_gmv"], r["paid_orders"], r["unique_skus"]) for r in rows] == [
        ("2026-10", 50.0, 1, 0),
        ("2026-11", 80.0, 1, 0),
    ]
    day = run_cli(
        "sales",
        "--db",
        str(metrics_db),
        "--store",
        STORE,
        "--from",
        "2026-10-06",
        "--to",
        "2026-10-06",
        "--json",
    )
    assert json.loads(day.stdout) == [
        {
            "period": "2026-10-06",
            "paid_gmv": 135.0,
            "refunds": 76.0,
            "net_sales": 59.0,
            "paid_orders": 2,
            "paid_buyers": 2,
            "unique_skus": 2,
            "refund_rate": pytest.approx(76 / 135),
            "avg_order_value": 67.5,
        }
    ]


def test_cli_traffic_and_inventory_json(metrics_db):
    done = run_cli("traffic", "--db", str(metrics_db), "--json")
    rows = json.loads(done.stdout)
    assert [r["period"] for r in rows] == ["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02"]
    assert rows[0]["refund_amount"] is None  # "-" in 生意参谋 is missing, not 0
    assert (rows[0]["visitors"], rows[0]["pay_conversion"], rows[0]["pay_amount"]) == (400, 0.0325, 1300.0)
    month = json.loads(run_cli("traffic", "--db", str(metrics_db), "--by", "month", "--json").stdout)
    assert [(r["period"], r["visitors"], r["pay_buyers"], r["uv_value"]) for r in month] == [
        ("2026-10", 1400, 33, 2.36),
        ("2026-11", 2500, 76, 4.24),
    ]
    stock = json.loads(
        run_cli("inventory", "--db", str(metrics_db), "--as-of", "2026-11-01", "--json").stdout
    )
    assert [(r["sku"], r["snapshot_date"], r["on_hand"], r["available"]) for r in stock] == [
        ("SKU-A", "2026-10-31", 100, 90),
        ("SKU-B", "2026-10-31", 50, 50),
        ("SKU-C", "2026-10-31", 30, 25),
        ("SKU-OLD", "2026-10-31", 5, 5),
    ]


def test_cli_table_and_env_default(metrics_db):
    done = run_cli("sales", "--by", "month", "--store", STORE, env_db=metrics_db)
    assert done.returncode == 0, done.stderr
    assert "2026-10" in done.stdout and "590.00" in done.stdout and "17.97%" in done.stdout  # 106 / 590


def test_cli_usage_errors(metrics_db):
    bad_by = run_cli("sales", "--db", str(metrics_db), "--by", "week")
    assert bad_by.returncode == 2 and "invalid choice" in bad_by.stderr
    bad_date = run_cli("sales", "--db", str(metrics_db), "--from", "2026-13-01")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    inverted = run_cli("traffic", "--db", str(metrics_db), "--from", "2026-11-02", "--to", "2026-11-01")
    assert inverted.returncode == 2


def test_cli_missing_database(tmp_path):
    missing = tmp_path / "nowhere" / "store.duckdb"
    done = run_cli("sales", "--db", str(missing), "--json")
    assert done.returncode == 2
    assert str(missing) in done.stderr and "导入" in done.stderr and "Import data first" in done.stderr
    assert done.stdout == ""
    assert not missing.parent.exists()  # nothing created


def test_cli_help_lists_commands():
    done = run_cli("--help")
    assert done.returncode == 0
    for name in ("sales", "traffic", "inventory"):
        assert name in done.stdout
