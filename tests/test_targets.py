"""metrics.targets: daily weights (weekday profile, campaign days, even fallback), daily targets with
overrides and the forecast path, and the draft plan. The fixture database and its stores are described
in test_attainment.py (one session-wide build); every expected figure is worked out by hand below.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from test_attainment import D11, DRAFT, EVEN, WEEKLY, pacing_db  # noqa: F401 (the session fixture)

import db
from metrics import (
    CAMPAIGN_WINDOWS,
    DAILY_TARGET_COLUMNS,
    DRAFT_PLAN_COLUMNS,
    WEIGHT_COLUMNS,
    daily_targets,
    daily_weights,
    draft_plan,
)
from metrics.targets import campaign_days


@pytest.fixture
def conn(pacing_db):  # noqa: F811 (the imported session fixture)
    connection = db.connect(pacing_db, read_only=True)
    yield connection
    connection.close()


def test_weekday_profile_is_the_mean_of_weekly_shares(conn):
    frame = daily_weights(conn, store=WEEKLY, month="2026-03", as_of=date(2026, 3, 10))
    assert list(frame.columns) == WEIGHT_COLUMNS and frame.attrs["profile_weeks"] == 12
    # 12 weeks before 2026-03-01 (12-01..02-22), 6 of pattern A (shares .1 x5, .2, .3) and 6 of B (.3,
    # .1 x4, .2, .1): mean shares Mon .2, Tue-Fri .1, Sat .2, Sun .2. (Pooling the sums instead would give
    # Monday (600 + 100) / 3000 = .233.) March 2026 starts on a Sunday: 5 Sun, 5 Mon, 5 Tue, 4 of the
    # others -> 5 x .2 + 5 x .2 + 5 x .1 + 4 x (.1 + .1 + .1 + .2) = 4.5; Sun/Mon/Sat weigh .2/4.5 = 2/45,
    # Tue-Fri 1/45.
    expected = {1: 2 / 45, 2: 1 / 45, 3: 1 / 45, 4: 1 / 45, 5: 1 / 45, 6: 2 / 45, 7: 2 / 45}
    assert list(frame["weight"]) == pytest.approx([expected[w] for w in frame["weekday"]], rel=1e-12)
    assert frame["weight"].sum() == pytest.approx(1.0, abs=1e-12)
    assert set(frame["basis"]) == {"weekday"} and not frame["is_campaign"].any()
    assert frame["weekday"].dtype == "Int64" and frame["date"].iloc[0] == date(2026, 3, 1)


def test_weights_never_use_data_after_as_of(conn):
    # As of 2026-01-10 the full weeks before 01-11 are 12-01..01-04: 5 weeks (A, B, A, B, A).
    frame = daily_weights(conn, store=WEEKLY, month="2026-03", as_of=date(2026, 1, 10))
    assert frame.attrs["profile_weeks"] == 5
    # Monday's mean share = (3 x .1 + 2 x .3) / 5 = .18; Sunday (3 x .3 + 2 x .1) / 5 = .22.
    monday, sunday = frame["weight"].iloc[1], frame["weight"].iloc[0]
    assert monday / sunday == pytest.approx(0.18 / 0.22)


def test_even_weights_without_four_weeks_of_history(conn):
    frame = daily_weights(conn, store=EVEN, month="2026-04", as_of=date(2026, 4, 10))
    assert frame.attrs["profile_weeks"] == 1  # only the week of 2026-03-02 had sales
    assert list(frame["weight"]) == pytest.approx([1 / 30] * 30) and set(frame["basis"]) == {"even"}


def test_double_11_weights(conn):
    frame = daily_weights(conn, store=D11, month="2026-11", as_of=date(2026, 11, 11))
    weights = dict(zip(frame["date"], frame["weight"], strict=True))
    basis = dict(zip(frame["date"], frame["basis"], strict=True))
    # Last year's November (10000): 11-01..03 500 each = .05, 11-10 .10, 11-11 .41, 11-12 .10 -> .76.
    for day, share in {1: 0.05, 2: 0.05, 3: 0.05, 10: 0.10, 11: 0.41, 12: 0.10}.items():
        assert weights[date(2026, 11, day)] == pytest.approx(share), day
        assert basis[date(2026, 11, day)] == "campaign"
    # The other 24 days share .24 by the profile of 2026-08-03..10-25 (pattern A: .1 x5, .2, .3): 16
    # weekdays, 4 Saturdays, 4 Sundays -> 1.6 + .8 + 1.2 = 3.6; a weekday .24 x .1/3.6 = 1/150.
    assert weights[date(2026, 11, 4)] == pytest.approx(1 / 150)  # Wednesday
    assert weights[date(2026, 11, 7)] == pytest.approx(2 / 150)  # Saturday
    assert weights[date(2026, 11, 8)] == pytest.approx(3 / 150)  # Sunday
    assert frame["weight"].sum() == pytest.approx(1.0, abs=1e-12)
    assert list(frame.loc[frame["is_campaign"], "campaign"].unique()) == ["双11"]


def test_campaign_days_without_last_year_are_weighted_like_other_days(conn):
    # 周规律店 has no November 2025 (its first sale is 2025-12-01) and no sales in the 26 weeks before
    # 2026-11: even weights, the Double 11 days still flagged.
    frame = daily_weights(conn, store=WEEKLY, month="2026-11", as_of=date(2026, 11, 5))
    assert list(frame["weight"]) == pytest.approx([1 / 30] * 30)
    assert frame["is_campaign"].sum() == 6 and "campaign" not in set(frame["basis"])


def test_campaign_windows_constant():
    assert {(w.campaign, w.start, w.end) for w in CAMPAIGN_WINDOWS} == {
        ("双11", (11, 1), (11, 3)),
        ("双11", (11, 10), (11, 12)),
        ("618", (6, 1), (6, 3)),
        ("618", (6, 16), (6, 18)),
    }
    june = campaign_days(date(2026, 6, 1), date(2026, 6, 30))
    assert sorted(d.day for d in june) == [1, 2, 3, 16, 17, 18]


def test_daily_targets_double_11(conn):
    frame = daily_targets(conn, store=D11, month="2026-11", as_of=date(2026, 11, 11))
    assert list(frame.columns) == DAILY_TARGET_COLUMNS
    targets = dict(zip(frame["date"], frame["gmv_target"], strict=True))
    # 150000 x the weights: 7500 x 3, 15000, 61500, 15000; weekdays 1000, Saturdays 2000, Sundays 3000.
    assert targets[date(2026, 11, 11)] == Decimal("61500.00")
    assert targets[date(2026, 11, 1)] == Decimal("7500.00")
    assert (targets[date(2026, 11, 29)], targets[date(2026, 11, 30)]) == (
        Decimal("3000.00"),
        Decimal("1000.00"),
    )
    assert sum(frame["gmv_target"]) == Decimal("150000.00")
    row = frame.iloc[10]  # 11-11: the as-of day
    assert row["cum_gmv_target"] == Decimal("108000.00") and row["cum_actual_gmv"] == Decimal("97200.00")
    assert row["forecast_cum"] == Decimal("97200.00")  # the cone starts at the last actual point
    assert frame["actual_gmv"].iloc[11] is None and frame["cum_actual_gmv"].iloc[11] is None
    assert frame["forecast_cum"].iloc[:10].isna().all()
    assert frame["forecast_cum"].iloc[-1] == Decimal("135000.00")  # the month-end forecast
    assert frame["forecast_cum"].iloc[11] == Decimal("110700.00")  # 97200 + 15000 x 0.9 (11-12)


def test_day_override_rescales_the_other_days(conn):
    frame = daily_targets(conn, store=EVEN, month="2026-05", as_of=date(2026, 5, 10))
    # May 2026, 31000, even weights; 05-01 fixed at 5500: the other 30 days share 25500 -> 850 each.
    assert frame["gmv_target"].iloc[0] == Decimal("5500.00") and frame["overridden"].iloc[0]
    assert set(frame["gmv_target"].iloc[1:]) == {Decimal("850.00")} and frame["overridden"].sum() == 1
    assert sum(frame["gmv_target"]) == Decimal("31000.00")
    assert frame["weight"].iloc[0] == pytest.approx(5500 / 31000)
    assert frame["weight"].sum() == pytest.approx(1.0)
    # No sales in May: actuals 0 up to as_of, the forecast ratio 0.
    assert frame["actual_gmv"].iloc[9] == Decimal("0.00") and frame["forecast_cum"].iloc[-1] == Decimal(
        "0.00"
    )


def test_daily_targets_round_to_the_cent_and_sum_exactly(conn):
    frame = daily_targets(conn, store=EVEN, month="2026-03", as_of=date(2026, 3, 31))
    # 31000 / 31 = 1000 a day; a month of 31 days and 10000.01 would leave a cent over: check the sum rule
    # on the real figure and the last day's running sums.
    assert sum(frame["gmv_target"]) == Decimal("31000.00")
    assert frame["cum_gmv_target"].iloc[-1] == Decimal("31000.00")
    assert frame["cum_actual_gmv"].iloc[-1] == Decimal("3000.00")  # 2000 + 600 + 400


def test_daily_targets_before_the_month(conn):
    frame = daily_targets(conn, store=EVEN, month="2026-04", as_of=date(2026, 3, 20))
    assert frame["actual_gmv"].isna().all() and frame["forecast_cum"].isna().all()
    assert set(frame["gmv_target"]) == {Decimal("1000.00")}


def test_draft_plan_by_last_year_shares(conn):
    frame = draft_plan(conn, store=DRAFT, year=2026, annual_target=Decimal(1000000))
    assert list(frame.columns) == DRAFT_PLAN_COLUMNS
    # 2025: m x 1000 in month m, total 78000: month m gets 1000000 x m / 78, rounded to the yuan:
    # 12821 25641 38462 51282 64103 76923 89744 102564 115385 128205 141026 153846 = 1000002, so the
    # remainder -2 goes to December (the largest): 153844.
    expected = [12821, 25641, 38462, 51282, 64103, 76923, 89744, 102564, 115385, 128205, 141026, 153844]
    assert list(frame["gmv_target"]) == [Decimal(v) for v in expected]
    assert sum(frame["gmv_target"]) == Decimal(1000000)
    assert list(frame["month"]) == [f"2026-{m:02d}" for m in range(1, 13)]
    assert set(frame["basis"]) == {"last_year_share"}
    assert frame["share"].iloc[0] == pytest.approx(1 / 78) and frame["last_year_gmv"].iloc[11] == Decimal(
        "12000.00"
    )


def test_draft_plan_even_without_a_full_year(conn):
    # 双11店's 2025 has sales in October and November only: even split. 1000000 / 12 = 83333.33 -> 83333
    # each = 999996; the remainder 4 goes to the largest month, the first on a tie: January.
    frame = draft_plan(conn, store=D11, year=2026, annual_target=Decimal("1000000"))
    assert list(frame["gmv_target"]) == [Decimal(83337)] + [Decimal(83333)] * 11
    assert set(frame["basis"]) == {"even"}
    cents = draft_plan(conn, store=D11, year=2026, annual_target=Decimal("100.50"))
    assert sum(cents["gmv_target"]) == Decimal("100.50")  # the cents land in the largest month
    with pytest.raises(ValueError):
        draft_plan(conn, store=D11, year=2026, annual_target=Decimal(-1))


def test_month_bounds_and_shifts():
    from metrics.targets import month_bounds, same_day_last_year, shift_month

    assert month_bounds("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert shift_month("2026-01", -1) == "2025-12" and shift_month("2026-11", -12) == "2025-11"
    assert same_day_last_year(date(2024, 2, 29)) == date(2023, 2, 28)
    for bad in ("2026-13", "2026-1", "26-01", ""):
        with pytest.raises(ValueError):
            month_bounds(bad)
    assert date(2026, 3, 1) + timedelta(days=30) == date(2026, 3, 31)


def add_campaign(conn, store: str, name: str, phases: list[tuple[str, str, str]], skus: tuple[str, ...] = ()):
    """A calendar campaign written with plain SQL (the calendar's own writers are tested elsewhere)."""
    (cid,) = conn.execute(
        "INSERT INTO campaigns (campaign_id, store, name, campaign_type, source, updated_at) "
        "VALUES (nextval('campaign_id_seq'), $store, $name, '店铺活动', 'editor', now()) RETURNING campaign_id",
        {"store": store, "name": name},
    ).fetchall()[0]
    for phase, starts, ends in phases:
        conn.execute(
            "INSERT INTO campaign_phases VALUES ($id, $phase, $starts, $ends)",
            {"id": cid, "phase": phase, "starts": starts, "ends": ends},
        )
    for sku in skus:
        conn.execute(
            "INSERT INTO campaign_skus (campaign_id, sku) VALUES ($id, $sku)", {"id": cid, "sku": sku}
        )


def test_store_calendar_campaigns_join_the_default_windows(pacing_db, tmp_path):  # noqa: F811
    import shutil

    path = tmp_path / "calendar.duckdb"
    shutil.copy(pacing_db, path)
    conn = db.connect(path)
    # A store-wide sale in March (its 预热 is not a sales day), one inside the profile weeks (02-17), and a
    # 聚划算 on two SKUs (SKU-level: not a store campaign day).
    add_campaign(
        conn,
        WEEKLY,
        "三月店庆",
        [
            ("预热", "2026-03-05 00:00:00", "2026-03-09 23:59:59"),
            ("爆发", "2026-03-10 20:00:00", "2026-03-12 23:59:59"),
        ],
    )
    add_campaign(conn, WEEKLY, "二月小促", [("活动", "2026-02-17 00:00:00", "2026-02-17 23:59:59")])
    add_campaign(
        conn, WEEKLY, "聚划算", [("活动", "2026-03-20 00:00:00", "2026-03-20 23:59:59")], ("A1", "A2")
    )
    frame = daily_weights(conn, store=WEEKLY, month="2026-03", as_of=date(2026, 3, 10))
    campaign_rows = frame[frame["is_campaign"]]
    flagged = dict(zip(campaign_rows["date"], campaign_rows["campaign"], strict=True))
    assert flagged == {date(2026, 3, d): "三月店庆" for d in (10, 11, 12)}
    # The week of 02-16 holds a campaign day, so the profile takes the 11 other full weeks since 12-01.
    assert frame.attrs["profile_weeks"] == 11
    conn.close()
