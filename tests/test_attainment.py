"""metrics.attainment and metrics.drivers (and their CLI) against a DuckDB file built by the real
connectors from order and 生意参谋 exports written in code, plus plan rows saved through plans/.

The fixture stores (every figure below is worked out by hand from these rows):
  均匀店 EVEN   no history before March 2026, so even daily weights. March 2026: 03-02 2000 (one order),
                03-30 600, 03-31 400. April 2026, two orders a day (halves), 04-01..04-10:
                800, 1200, 1000, 900, 1100, 1000, 500, 700, 1300, 500 (= 9000); the 04-02 order of buyer
                b2a has a 200.00 order-level refund. Buyers: both orders of 04-01 and 04-05 are tb_same's,
                the others two buyers a day -> buyer-days 18. April 2025: 04-05 one order 3000 (buyer ly1).
                生意参谋: 1200 visitors a day 04-01..04-10 (12000); 2025-04-05 2000 visitors.
                Plan: 2026-03 31000; 2026-04 30000 (net 27000, visitors 30000, aov 450, no conversion
                target: derived), owner 王敏; 2026-05 31000 with a 5500 override on 05-01; annual 2026 360000.
  周规律店 WEEKLY 12 full weeks 2025-12-01..2026-02-22 alternating A = Mon-Fri 100, Sat 200, Sun 300 and
                B = Mon 600, Tue-Fri 200, Sat 400, Sun 200 (A first); 02-23..02-28 pattern A. March 2026
                target 45000.
  双11店 D11    2025-10-31 one order 50; Nov 2025: 100 a day except 11-01..03 500 each, 11-10 1000,
                11-11 4100, 11-12 1000 (month 10000). 2026-08-03..10-25 pattern A every week.
                Nov 2026: 90% of each daily target 11-01..11-11. Target Nov 2026 150000.
  无目标店 NOTARGET  2026-04-01 100, 04-02 300; no plan.
  闰年店 LEAP   Feb 2024 100 a day (29 days), Feb 2025 50 a day; plan 2024-02 2900, 2025-02 1300.
  计划店 DRAFT  2025: one order on the 15th of each month, m × 1000 yuan in month m (total 78000).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from datetime import UTC, date, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from exportfiles import ORDER_G3, imp, order, write_csv

import db
from metrics import ATTAINMENT_COLUMNS, DRIVER_COLUMNS, METRIC_DEFINITIONS, attainment, drivers, lmdi_effects
from metrics.drivers import _target_base

ROOT = Path(__file__).resolve().parents[1]
EVEN, WEEKLY, D11, NOTARGET, LEAP, DRAFT = "均匀店", "周规律店", "双11店", "无目标店", "闰年店", "计划店"

PATTERN_A = [100, 100, 100, 100, 100, 200, 300]  # Monday first; shares .1 x5, .2, .3
PATTERN_B = [600, 200, 200, 200, 200, 400, 200]  # total 2000; shares .3, .1 x4, .2, .1
EVEN_APRIL = [800, 1200, 1000, 900, 1100, 1000, 500, 700, 1300, 500]
SHOP_HEADERS = ["统计日期", "访客数", "浏览量", "支付金额", "支付买家数", "支付转化率", "客单价"]


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


class Orders:
    """Order rows with unique ids, paid at noon of the given day."""

    def __init__(self, prefix: int):
        self.rows: list[dict] = []
        self.prefix = prefix
        self.shop = {"店铺Id": f"88000{prefix}", "店铺名称": f"测试店{prefix}"}  # one shop per store

    def add(self, day: date, amount, buyer: str | None = None, **extra) -> None:
        n = len(self.rows) + 1
        text = f"{Decimal(amount):.2f}"
        stamp = f"{day.isoformat()} 12:00:{n % 60:02d}"
        order_id = f"35{self.prefix:02d}{n:015d}"
        row = order(order_id, buyer or f"buyer{n}", "交易成功", text, stamp, stamp, **(self.shop | extra))
        self.rows.append(row)


def weekly(orders: Orders, start: date, weeks: int, patterns) -> None:
    for k in range(weeks):
        pattern = patterns[k % len(patterns)]
        for i, amount in enumerate(pattern):
            orders.add(start + timedelta(weeks=k, days=i), amount)


def even_store() -> Orders:
    o = Orders(1)
    o.add(date(2026, 3, 2), 2000)
    o.add(date(2026, 3, 30), 600)
    o.add(date(2026, 3, 31), 400)
    for i, amount in enumerate(EVEN_APRIL):
        day = date(2026, 4, 1 + i)
        a, b = ("tb_same", "tb_same") if day.day in (1, 5) else (f"b{day.day}a", f"b{day.day}b")
        refund = {"退款金额": "200.00"} if day.day == 2 else {}
        o.add(day, amount / 2, a, **refund)
        o.add(day, amount / 2, b)
    o.add(date(2025, 4, 5), 3000, "ly1")
    return o


def weekly_store() -> Orders:
    o = Orders(2)
    weekly(o, date(2025, 12, 1), 12, [PATTERN_A, PATTERN_B])
    for i, amount in enumerate(PATTERN_A[:6]):
        o.add(date(2026, 2, 23) + timedelta(days=i), amount)
    return o


D11_LAST_YEAR = {1: 500, 2: 500, 3: 500, 10: 1000, 11: 4100, 12: 1000}
# Nov 2026 daily targets (see test_double_11_month): campaign days by last year's share x 150000, the
# other days 1000 (Mon-Fri), 2000 (Sat), 3000 (Sun).
D11_TARGETS = {1: 7500, 2: 7500, 3: 7500, 10: 15000, 11: 61500, 12: 15000}


def d11_target(day: date) -> int:
    return D11_TARGETS.get(day.day) or PATTERN_A[day.weekday()] * 10


def d11_store() -> Orders:
    o = Orders(3)
    o.add(date(2025, 10, 31), 50)
    for day in days(date(2025, 11, 1), date(2025, 11, 30)):
        o.add(day, D11_LAST_YEAR.get(day.day, 100))
    weekly(o, date(2026, 8, 3), 12, [PATTERN_A])
    for day in days(date(2026, 11, 1), date(2026, 11, 11)):
        o.add(day, Decimal(d11_target(day)) * Decimal("0.9"))
    return o


def notarget_store() -> Orders:
    o = Orders(4)
    o.add(date(2026, 4, 1), 100)
    o.add(date(2026, 4, 2), 300)
    return o


def leap_store() -> Orders:
    o = Orders(5)
    for day in days(date(2024, 2, 1), date(2024, 2, 29)):
        o.add(day, 100)
    for day in days(date(2025, 2, 1), date(2025, 2, 28)):
        o.add(day, 50)
    return o


def draft_store() -> Orders:
    o = Orders(6)
    for m in range(1, 13):
        o.add(date(2025, m, 15), m * 1000)
    return o


def shop_rows(visitors_by_day: dict[date, int]) -> list[dict]:
    return [
        {"统计日期": d.isoformat(), "访客数": v, "浏览量": v * 3, "支付金额": "0.00", "支付买家数": 0,
         "支付转化率": "0.00%", "客单价": "0.00"}
        for d, v in visitors_by_day.items()
    ]  # fmt: skip


def save_plan(conn, rows: list[dict]) -> None:
    from plans import save_month_targets

    result = save_month_targets(conn, rows, author="测试")
    assert not result.rejected, result.rejected


@pytest.fixture(scope="session")
def pacing_db(tmp_path_factory) -> Path:
    """The fixture stores imported through connectors.import_file, with their plans; closed again."""
    folder = tmp_path_factory.mktemp("pacing")
    path = folder / "store.duckdb"
    conn = db.connect(path)
    try:
        for n, (store, build) in enumerate(
            [(EVEN, even_store), (WEEKLY, weekly_store), (D11, d11_store), (NOTARGET, notarget_store),
             (LEAP, leap_store), (DRAFT, draft_store)]
        ):  # fmt: skip
            file = write_csv(folder / f"ExportOrderList20261201080{n}.csv", ORDER_G3, build().rows)
            result = imp(conn, file, store=store)
            assert result.status == "imported" and not result.rejected, (store, result.error, result.rejected)
        traffic = {d: 1200 for d in days(date(2026, 4, 1), date(2026, 4, 10))} | {date(2025, 4, 5): 2000}
        sycm = write_csv(
            folder / "【生意参谋平台】店铺整体_2025-04-05_2026-04-10.csv",
            SHOP_HEADERS,
            shop_rows(dict(sorted(traffic.items()))),
            title_lines=("【生意参谋平台】店铺整体", "统计时间：2025-04-05 ~ 2026-04-10", ""),
        )
        result = imp(conn, sycm, store=EVEN)
        assert result.status == "imported" and not result.rejected, (result.error, result.rejected)

        from plans import set_annual_target, set_day_override

        save_plan(
            conn,
            [
                {"store": EVEN, "month": "2026-03", "gmv_target": Decimal(31000)},
                {"store": EVEN, "month": "2026-04", "gmv_target": Decimal(30000),
                 "net_sales_target": Decimal(27000), "visitors_target": 30000, "aov_target": Decimal(450),
                 "owner": "王敏"},
                {"store": EVEN, "month": "2026-05", "gmv_target": Decimal(31000)},
                {"store": WEEKLY, "month": "2026-03", "gmv_target": Decimal(45000)},
                {"store": D11, "month": "2026-11", "gmv_target": Decimal(150000)},
                {"store": LEAP, "month": "2024-02", "gmv_target": Decimal(2900)},
                {"store": LEAP, "month": "2025-02", "gmv_target": Decimal(1300)},
            ],
        )  # fmt: skip
        set_annual_target(conn, EVEN, 2026, Decimal(360000), author="测试")
        set_day_override(conn, EVEN, date(2026, 5, 1), Decimal(5500), author="测试")
    finally:
        conn.close()
    return path


@pytest.fixture
def conn(pacing_db):
    connection = db.connect(pacing_db, read_only=True)
    yield connection
    connection.close()


def one(frame: pd.DataFrame) -> dict:
    assert len(frame) == 1, frame
    return frame.iloc[0].to_dict()


def money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


# ---------------------------------------------------------------------------------------------------------
# attainment
# ---------------------------------------------------------------------------------------------------------


def test_attainment_even_weights_mid_month(conn):
    row = one(attainment(conn, month="2026-04", as_of=date(2026, 4, 10), store=EVEN))
    # No history before April (only the 2026-03-02 week has sales: < 4 weeks) -> even: 1000 a day.
    se = math.sqrt(0.68 / 9) / math.sqrt(10)  # daily ratios .8 1.2 1 .9 1.1 1 .5 .7 1.3 .5: mean .9, SS .68
    expected = {
        "store": EVEN,
        "month": "2026-04",
        "as_of": date(2026, 4, 10),
        "owner": "王敏",
        "days_in_month": 30,
        "days_elapsed": 10,
        "days_left": 20,
        "target": Decimal("30000.00"),
        "actual": Decimal("9000.00"),
        "attainment": 0.3,  # 9000 / 30000
        "net_sales_target": Decimal("27000.00"),
        "net_sales": Decimal("8800.00"),  # 9000 - the 200.00 refund of 04-02
        "time_progress": 10 / 30,
        "weighted_time_progress": 10 / 30,  # 10 x 1000 / 30000
        "gap": 0.3 - 10 / 30,
        "day": date(2026, 4, 10),
        "day_target": Decimal("1000.00"),
        "day_actual": Decimal("500.00"),
        "wtd_target": Decimal("5000.00"),  # Mon 04-06 .. Fri 04-10
        "wtd_actual": Decimal("4000.00"),  # 1000 + 500 + 700 + 1300 + 500
        "ytd_target": Decimal("360000.00"),  # the annual plan
        "ytd_actual": Decimal("12000.00"),  # March 2000 + 600 + 400, April 9000
        "ytd_attainment": 12000 / 360000,
        "last_month_same_period": Decimal("2000.00"),  # 03-01..03-10
        "last_year_same_period": Decimal("3000.00"),  # 2025-04-01..04-10
        "mom_growth": 9000 / 2000 - 1,
        "yoy_growth": 9000 / 3000 - 1,
        "forecast": Decimal("27000.00"),  # 9000 + 20 x 1000 x (9000 / 10000)
        "forecast_low": money(9000 + 20000 * (0.9 - se)),
        "forecast_high": money(9000 + 20000 * (0.9 + se)),
        "forecast_attainment": 27000 / 30000,
        "required_daily": Decimal("1050.00"),  # (30000 - 9000) / 20
    }
    assert list(row) == ATTAINMENT_COLUMNS
    for key, value in expected.items():
        if isinstance(value, float):
            assert row[key] == pytest.approx(value, rel=1e-12, abs=1e-15), key
        else:
            assert row[key] == value, key


def test_week_to_date_across_the_month_start(conn):
    row = one(attainment(conn, month="2026-04", as_of=date(2026, 4, 3), store=EVEN))
    # Week Mon 03-30 .. Fri 04-03: March's even daily target 31000 / 31 = 1000 on 03-30 and 03-31.
    assert row["wtd_target"] == Decimal("5000.00")
    assert row["wtd_actual"] == Decimal("4000.00")  # 600 + 400 + 800 + 1200 + 1000
    assert row["required_daily"] == Decimal("1000.00")  # (30000 - 3000) / 27


def test_first_and_last_day_of_a_month(conn):
    first = one(attainment(conn, month="2026-04", as_of=date(2026, 4, 1), store=EVEN))
    assert (first["days_elapsed"], first["days_left"]) == (1, 29)
    assert first["time_progress"] == pytest.approx(1 / 30)
    assert first["weighted_time_progress"] == pytest.approx(1 / 30)
    assert first["forecast"] == Decimal("24000.00")  # 800 + 29 x 1000 x 0.8
    assert first["forecast_low"] is None and first["forecast_high"] is None  # one day: no spread yet
    assert first["wtd_target"] == Decimal("3000.00")  # 03-30, 03-31, 04-01
    last = one(attainment(conn, month="2024-02", as_of=date(2024, 2, 29), store=LEAP))
    assert (last["days_in_month"], last["days_elapsed"], last["days_left"]) == (29, 29, 0)
    assert (last["time_progress"], last["weighted_time_progress"]) == (1.0, 1.0)
    assert last["attainment"] == 1.0  # 29 x 100 / 2900
    assert last["forecast"] == last["forecast_low"] == last["forecast_high"] == Decimal("2900.00")
    assert last["required_daily"] is None  # no day left
    assert last["gap"] == 0.0


def test_leap_year_february(conn):
    row = one(attainment(conn, month="2024-02", as_of=date(2024, 2, 10), store=LEAP))
    assert row["days_in_month"] == 29
    assert row["time_progress"] == pytest.approx(10 / 29)
    assert row["weighted_time_progress"] == pytest.approx(10 / 29)  # even: 2900 / 29 = 100 a day
    assert row["required_daily"] == Decimal("100.00")  # (2900 - 1000) / 19
    after = one(attainment(conn, month="2025-02", as_of=date(2025, 2, 28), store=LEAP))
    assert after["days_in_month"] == 28
    # Same period last year = 2024-02-01..02-28 (29 February is not in it).
    assert after["last_year_same_period"] == Decimal("2800.00")
    assert after["actual"] == Decimal("1400.00") and after["attainment"] == pytest.approx(14 / 13)


def test_as_of_after_the_month_counts_the_whole_month(conn):
    row = one(attainment(conn, month="2024-02", as_of=date(2024, 6, 1), store=LEAP))
    assert (row["days_elapsed"], row["day"], row["actual"]) == (29, date(2024, 2, 29), Decimal("2900.00"))
    assert row["weighted_time_progress"] == 1.0


def test_as_of_before_any_data(conn):
    row = one(attainment(conn, month="2026-04", as_of=date(2026, 1, 15), store=EVEN))
    assert (row["days_elapsed"], row["days_left"]) == (0, 30)
    assert (row["time_progress"], row["weighted_time_progress"]) == (0.0, 0.0)
    assert row["actual"] == Decimal("0.00") and row["attainment"] == 0.0  # a target exists: 0 of it
    assert row["forecast"] is None and row["forecast_low"] is None  # nothing to extrapolate
    assert row["required_daily"] == Decimal("1000.00")  # 30000 / 30
    assert row["day"] is None and row["day_actual"] is None and row["wtd_target"] is None
    assert row["ytd_actual"] == Decimal("0.00")
    assert row["last_month_same_period"] == Decimal("0.00") and pd.isna(row["mom_growth"])


def test_month_without_target(conn):
    row = one(attainment(conn, month="2026-04", as_of=date(2026, 4, 2), store=NOTARGET))
    assert row["target"] is None and row["required_daily"] is None and row["ytd_target"] is None
    for column in ("attainment", "gap", "forecast_attainment", "ytd_attainment"):
        assert pd.isna(row[column]), column  # "no target": NULL, never 0 or inf
    # Forecast from the weights alone (even, 1/30 a day): daily run rates 100 x 30 = 3000 and 9000,
    # r = 400 / (2/30) = 6000, se = sd(3000, 9000) / sqrt 2 = 3000.
    assert row["forecast"] == Decimal("6000.00")  # 400 + 28/30 x 6000
    assert row["forecast_low"] == Decimal("3200.00")  # 400 + 28/30 x 3000
    assert row["forecast_high"] == Decimal("8800.00")  # 400 + 28/30 x 9000


def test_all_stores_with_a_plan_or_sales(conn):
    frame = attainment(conn, month="2026-04", as_of=date(2026, 4, 10))
    assert list(frame["store"]) == sorted([EVEN, NOTARGET])
    assert list(frame.columns) == ATTAINMENT_COLUMNS
    assert frame["days_elapsed"].dtype == "Int64" and frame["attainment"].dtype == "float64"
    empty = attainment(conn, month="2030-01", as_of=date(2030, 1, 5))
    assert empty.empty and list(empty.columns) == ATTAINMENT_COLUMNS


def test_double_11_month(conn):
    row = one(attainment(conn, month="2026-11", as_of=date(2026, 11, 11), store=D11))
    # Daily targets (test_targets.py checks them day by day): 11-01..03 7500 each, 11-04 Wed .. 11-09 Mon
    # 1000 1000 1000 2000 3000 1000, 11-10 15000, 11-11 61500 -> 22500 + 9000 + 76500 = 108000 elapsed.
    assert row["weighted_time_progress"] == pytest.approx(108000 / 150000)  # 0.72
    assert row["time_progress"] == pytest.approx(11 / 30)  # 0.3667: the unfair yardstick
    assert row["actual"] == Decimal("97200.00")  # 90% of every elapsed daily target
    assert row["attainment"] == pytest.approx(0.648)
    assert row["gap"] == pytest.approx(0.648 - 0.72)  # behind pace, though far ahead of the calendar
    assert row["day_target"] == Decimal("61500.00") and row["day_actual"] == Decimal("55350.00")
    assert row["forecast"] == Decimal("135000.00")  # 97200 + 42000 x 0.9
    # Every daily ratio is 0.9: no spread, the range closes on the forecast.
    assert row["forecast_low"] == row["forecast_high"] == Decimal("135000.00")
    assert row["required_daily"] == Decimal("2778.95")  # (150000 - 97200) / 19 = 2778.947.., rounded up
    # Same period last year, 2025-11-01..11: 3 x 500 + 6 x 100 + 1000 + 4100.
    assert row["last_year_same_period"] == Decimal("7200.00")
    assert row["ytd_target"] == Decimal("150000.00")  # no annual plan: the sum of the year's months


def test_required_daily_is_zero_once_made(conn):
    row = one(attainment(conn, month="2025-02", as_of=date(2025, 2, 27), store=LEAP))
    # 27 x 50 = 1350 of 1300: made with a day left, so nothing more is needed per day.
    assert (row["days_left"], row["required_daily"]) == (1, Decimal("0.00"))
    made = one(attainment(conn, month="2024-02", as_of=date(2024, 2, 1), store=LEAP))
    assert made["required_daily"] == Decimal("100.00")  # (2900 - 100) / 28
    assert made["forecast"] == Decimal("2900.00") and made["forecast_low"] is None


def test_bad_month_is_rejected(conn):
    with pytest.raises(ValueError, match="YYYY-MM"):
        attainment(conn, month="2026-13", as_of=date(2026, 4, 1))


# ---------------------------------------------------------------------------------------------------------
# drivers (LMDI)
# ---------------------------------------------------------------------------------------------------------


def test_lmdi_effects_add_up_and_follow_the_formula():
    actual, base = (12000.0, 0.0015, 500.0), (10000.0, 1 / 450, 450.0)
    effects = lmdi_effects(actual, base)
    weight = (9000 - 10000) / (math.log(9000) - math.log(10000))
    assert effects == pytest.approx(
        [weight * math.log(1.2), weight * math.log(0.675), weight * math.log(10 / 9)]
    )
    assert sum(effects) == pytest.approx(-1000, abs=1e-9)
    same = lmdi_effects((2.0, 3.0, 5.0), (3.0, 2.0, 5.0))  # equal products: L(a, a) = a
    assert same == pytest.approx([30 * math.log(2 / 3), 30 * math.log(3 / 2), 0.0]) and sum(
        same
    ) == pytest.approx(0)
    with pytest.raises(ValueError):
        lmdi_effects((0.0, 1.0, 1.0), (1.0, 1.0, 1.0))


def test_drivers_against_target(conn):
    row = one(drivers(conn, month="2026-04", as_of=date(2026, 4, 10), store=EVEN))
    assert list(row) == DRIVER_COLUMNS
    # Actual: GMV 9000, 生意参谋 visitors 10 x 1200 = 12000, buyer-days 2 x 10 - 2 = 18 (tb_same alone on
    # 04-01 and 04-05; a buyer counts once per day): conversion 0.0015, aov 500.
    assert (row["gmv"], row["visitors"], row["buyers"], row["traffic_days"]) == (
        Decimal("9000.00"),
        12000,
        18,
        10,
    )
    assert row["conversion"] == pytest.approx(0.0015) and row["aov"] == Decimal("500.00")
    # Target pro-rated by the weighted progress 1/3: visitors 10000, GMV 10000, aov 450, and conversion
    # (not in the plan) derived: 10000 / (10000 x 450) = 1/450.
    assert row["elapsed_share"] == pytest.approx(1 / 3)
    assert row["visitors_base"] == pytest.approx(10000)
    assert row["conversion_base"] == pytest.approx(1 / 450) and row["aov_base"] == Decimal("450.00")
    assert row["gmv_base"] == Decimal("10000.00") and row["gmv_gap"] == Decimal("-1000.00")
    weight = -1000 / math.log(0.9)  # L(9000, 10000)
    assert float(row["gap_visitors"]) == pytest.approx(weight * math.log(1.2), abs=0.02)  # +1730.44
    assert float(row["gap_conversion"]) == pytest.approx(weight * math.log(0.675), abs=0.02)  # -3730.44
    assert float(row["gap_aov"]) == pytest.approx(weight * math.log(10 / 9), abs=0.02)  # +1000.00
    assert row["gap_visitors"] + row["gap_conversion"] + row["gap_aov"] == row["gmv_gap"]  # exactly
    assert row["split_status"] == "ok"


def test_drivers_against_last_year(conn):
    row = one(drivers(conn, month="2026-04", as_of=date(2026, 4, 10), store=EVEN, against="last_year"))
    # 2025-04-01..10: GMV 3000 (one buyer), 2000 visitors -> conversion 0.0005, aov 3000.
    assert (row["gmv_base"], row["visitors_base"], row["buyers_base"]) == (Decimal("3000.00"), 2000, 1)
    assert row["conversion_base"] == pytest.approx(0.0005) and row["aov_base"] == Decimal("3000.00")
    weight = 6000 / math.log(3)  # L(9000, 3000)
    assert float(row["gap_visitors"]) == pytest.approx(weight * math.log(6), abs=0.02)
    assert float(row["gap_conversion"]) == pytest.approx(weight * math.log(3), abs=0.02)
    assert float(row["gap_aov"]) == pytest.approx(weight * math.log(1 / 6), abs=0.02)
    assert (
        row["gap_visitors"] + row["gap_conversion"] + row["gap_aov"] == row["gmv_gap"] == Decimal("6000.00")
    )
    assert pd.isna(row["elapsed_share"])


def test_drivers_without_the_figures_say_why(conn):
    no_traffic = one(drivers(conn, month="2026-04", as_of=date(2026, 4, 2), store=NOTARGET))
    assert no_traffic["split_status"] == "no_visitors" and no_traffic["gap_visitors"] is None
    assert no_traffic["gmv_base"] is None and no_traffic["gmv_gap"] is None  # no plan either
    not_started = one(drivers(conn, month="2026-04", as_of=date(2026, 3, 31), store=EVEN))
    assert not_started["split_status"] == "no_elapsed_days" and not_started["gmv"] is None
    no_traffic_either = one(drivers(conn, month="2026-03", as_of=date(2026, 3, 10), store=WEEKLY))
    assert no_traffic_either["split_status"] == "no_visitors"
    assert no_traffic_either["gmv_base"] is None  # the plan has a GMV target only: no driver targets
    # Two of the three driver targets and the GMV target give the third; fewer give none.
    base = _target_base(
        {"gmv_target": Decimal(300), "visitors_target": 1000, "aov_target": Decimal(100)}, 1.0
    )
    assert base == (pytest.approx(1000), pytest.approx(0.003), pytest.approx(100))
    assert _target_base({"gmv_target": Decimal(300), "visitors_target": 1000}, 1.0) is None
    with pytest.raises(ValueError, match="against"):
        drivers(conn, month="2026-04", as_of=date(2026, 4, 2), against="plan")


def test_definitions_cover_the_new_columns():
    from metrics import DAILY_TARGET_COLUMNS, DRAFT_PLAN_COLUMNS, WEIGHT_COLUMNS
    from metrics.__main__ import ATTAINMENT_DRIVER_FIELDS

    columns = {
        *ATTAINMENT_COLUMNS,
        *DRIVER_COLUMNS,
        *DAILY_TARGET_COLUMNS,
        *DRAFT_PLAN_COLUMNS,
        *WEIGHT_COLUMNS,
    }
    for column in columns | set(ATTAINMENT_DRIVER_FIELDS.values()):
        entry = METRIC_DEFINITIONS.get(column)
        assert entry, f"no definition for {column}"
        assert all(entry[k].strip() for k in ("zh", "en", "label_zh", "label_en", "unit")), column


# ---------------------------------------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != db.DB_ENV_VAR}
    return subprocess.run(
        [sys.executable, "-m", "metrics", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_cli_attainment_json(pacing_db):
    done = run_cli(
        "attainment", "--db", str(pacing_db), "--month", "2026-04", "--as-of", "2026-04-10", "--json"
    )
    assert done.returncode == 0, done.stderr
    rows = {r["store"]: r for r in json.loads(done.stdout)}
    assert list(rows) == sorted([EVEN, NOTARGET])
    even = rows[EVEN]
    for field in ("target", "actual", "attainment", "time_progress", "weighted_time_progress", "forecast",
                  "forecast_low", "forecast_high", "required_daily", "visitors", "visitors_target",
                  "conversion", "conversion_target", "aov", "aov_target", "gap_visitors", "gap_conversion",
                  "gap_aov"):  # fmt: skip
        assert field in even, field
    assert (even["target"], even["actual"], even["attainment"]) == (30000.0, 9000.0, 0.3)
    assert (even["forecast"], even["required_daily"], even["as_of"]) == (27000.0, 1050.0, "2026-04-10")
    assert (even["visitors"], even["aov"], even["aov_target"]) == (12000, 500.0, 450.0)
    assert even["visitors_target"] == pytest.approx(10000)
    assert even["gap_visitors"] + even["gap_conversion"] + even["gap_aov"] == pytest.approx(-1000, abs=1e-6)
    assert rows[NOTARGET]["attainment"] is None and rows[NOTARGET]["target"] is None


def test_cli_daily_targets_and_draft_plan_json(pacing_db):
    done = run_cli(
        "daily-targets", "--db", str(pacing_db), "--month", "2026-03", "--store", WEEKLY,
        "--as-of", "2026-03-10", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert len(rows) == 31 and rows[0]["date"] == "2026-03-01"
    assert [r["gmv_target"] for r in rows[:7]] == [2000.0, 2000.0, 1000.0, 1000.0, 1000.0, 1000.0, 2000.0]
    draft = run_cli(
        "draft-plan", "--db", str(pacing_db), "--store", DRAFT, "--year", "2026", "--annual-target",
        "1000000", "--json",
    )  # fmt: skip
    assert draft.returncode == 0, draft.stderr
    plan = json.loads(draft.stdout)
    assert [r["month"] for r in plan] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert sum(r["gmv_target"] for r in plan) == 1000000


def test_cli_usage_errors(pacing_db, capsys):
    from metrics.__main__ import main

    def usage(*args: str) -> str:
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        assert exit_info.value.code == 2
        return capsys.readouterr().err

    assert "--store" in usage("daily-targets", "--db", str(pacing_db), "--month", "2026-03")
    assert "YYYY-MM" in usage("attainment", "--db", str(pacing_db), "--month", "2026-3")
    bad = usage(
        "draft-plan", "--db", str(pacing_db), "--store", DRAFT, "--year", "2026", "--annual-target", "-5"
    )
    assert "amount" in bad


def test_cli_default_as_of_is_yesterday_in_beijing(pacing_db, capsys):
    from datetime import datetime

    from metrics.__main__ import beijing_yesterday, main

    # 2026-04-10 17:30 UTC is already 04-11 01:30 in Beijing: yesterday there is 04-10.
    assert beijing_yesterday(datetime(2026, 4, 10, 17, 30, tzinfo=UTC)) == date(2026, 4, 10)
    before = beijing_yesterday()
    assert main(["attainment", "--db", str(pacing_db), "--month", "2026-04", "--store", EVEN, "--json"]) == 0
    after = beijing_yesterday()
    assert json.loads(capsys.readouterr().out)[0]["as_of"] in {before.isoformat(), after.isoformat()}
    assert main(["attainment", "--db", str(pacing_db), "--month", "2026-04", "--as-of", "2026-04-10"]) == 0
    assert "30.00%" in capsys.readouterr().out  # attainment 0.3 printed as a percentage
