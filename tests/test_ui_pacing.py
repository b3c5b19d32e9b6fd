"""ui.pacing, ui.pacing_charts and ui.planning without Streamlit: the red/amber/green thresholds, the as-of
and month rules of the landing page, the tables it shows and downloads, the chart builders, and the plan
editor's frames."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest

from connectors.result import RejectedRow
from connectors.safe_export import frame_to_csv_bytes, frame_to_xlsx_bytes
from ui import pacing, pacing_charts, planning

# ---- colours ----


@pytest.mark.parametrize(
    ("gap", "status", "color"),
    [
        (0.031, "green", "green"),
        (0.0, "green", "green"),
        (-0.0001, "amber", "orange"),
        (-0.05, "amber", "orange"),  # exactly 5 pp behind is still amber
        (-0.0501, "red", "red"),
        (-0.4, "red", "red"),
        (None, None, "off"),  # no target: no colour
        (float("nan"), None, "off"),
        (Decimal("0.01"), "green", "green"),
    ],
)
def test_pace_status_thresholds(gap, status, color):
    assert pacing.pace_status(gap) == status
    assert pacing.pace_color(gap) == color


def test_thresholds_live_in_one_place():
    assert (pacing.GREEN_FROM, pacing.AMBER_FROM) == (0.0, -0.05)
    assert set(pacing.PACE_COLORS) == set(pacing.PACE_HEX) == {"green", "amber", "red"}


def test_points_and_signed_money():
    assert pacing.points(0.021) == "+2.1pp"
    assert pacing.points(-0.0344) == "-3.4pp"
    assert pacing.points(-1e-17) == "+0.0pp"  # never "-0.0"
    assert pacing.points(None) == "—"
    assert pacing.signed_money(-12000, "zh") == "-¥1.20万"
    assert pacing.signed_money(350, "zh") == "+¥350.00"
    assert pacing.share(50, 0) is None and pacing.share(None, 5) is None and pacing.share(1, 4) == 0.25


def test_day_color_and_forecast_delta():
    assert pacing.day_color(100, 100) == "green"
    assert pacing.day_color(99.99, 100) == "red"
    assert pacing.day_color(100, None) == "off"
    assert pacing.forecast_vs_target({"forecast": 2900, "target": 3100}) == ("-¥200.00", "red")
    assert pacing.forecast_vs_target({"forecast": 3100, "target": 3100}) == ("+¥0.00", "green")
    assert pacing.forecast_vs_target({"forecast": 3100, "target": None}) == (None, "off")


# ---- dates ----


def test_as_of_defaults_to_yesterday_in_beijing():
    # 2026-11-26 17:30 UTC is already 27 November in Beijing: yesterday there is the 26th
    assert pacing.default_as_of(dt.datetime(2026, 11, 26, 17, 30, tzinfo=dt.UTC)) == dt.date(2026, 11, 26)
    assert pacing.default_as_of(dt.datetime(2026, 11, 26, 15, 59, tzinfo=dt.UTC)) == dt.date(2026, 11, 25)
    assert pacing.beijing_today(dt.datetime(2026, 12, 31, 16, 0, tzinfo=dt.UTC)) == dt.date(2027, 1, 1)


def test_today_is_offered_only_with_same_day_data():
    yesterday = dt.date(2026, 11, 26)
    assert pacing.as_of_choices(yesterday, dt.date(2026, 11, 26)) == ["yesterday", "pick"]
    assert pacing.as_of_choices(yesterday, dt.date(2026, 11, 27)) == ["yesterday", "today", "pick"]
    assert pacing.as_of_choices(yesterday, None) == ["yesterday", "pick"]


def test_months_and_as_of_for_a_month():
    assert pacing.month_bounds("2028-02") == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))  # leap year
    assert pacing.shift_month("2026-01", -1) == "2025-12"
    months = pacing.month_options(dt.date(2026, 11, 26), dt.date(2026, 9, 3), ahead=2)
    assert months == ["2027-01", "2026-12", "2026-11", "2026-10", "2026-09"]
    assert len(pacing.month_options(dt.date(2026, 11, 26), None, ahead=0)) == 13  # a year back without data
    assert pacing.as_of_for_month("2026-10", dt.date(2026, 11, 26)) == dt.date(2026, 10, 31)  # past: complete
    assert pacing.as_of_for_month("2026-11", dt.date(2026, 11, 26)) == dt.date(2026, 11, 26)
    assert pacing.as_of_for_month("2026-12", dt.date(2026, 11, 26)) == dt.date(2026, 11, 26)  # not started


# ---- tables ----


def attainment_frame() -> pd.DataFrame:
    """Shaped like metrics.attainment: Decimal money, float ratios, a date, NULL where undefined."""
    return pd.DataFrame(
        {
            "store": ["旗舰店", "=HYPERLINK(1)"],
            "month": ["2026-10", "2026-10"],
            "as_of": [dt.date(2026, 10, 3)] * 2,
            "owner": ["张三", None],
            "target": [Decimal("3100.00"), None],
            "actual": [Decimal("300.00"), Decimal("-5.00")],
            "attainment": [300 / 3100, None],
            "gap": [0.0, None],
            "forecast": [Decimal("3100.00"), Decimal("10.00")],
            "required_daily": [Decimal("100.00"), None],
            "days_left": pd.array([28, 28], dtype="Int64"),
        }
    )


def test_attainment_table_has_chinese_headers_and_raw_numbers():
    table = pacing.attainment_table(attainment_frame(), "zh")
    assert list(table.columns[:5]) == ["店铺", "月份", "截至日期", "负责人", "月度目标"]
    assert "完成进度" in table.columns and "还需日均" in table.columns and "剩余天数" in table.columns
    first = table.iloc[0]
    assert first["截至日期"] == "2026-10-03"
    assert first["月度目标"] == 3100.0 and round(first["完成进度"], 6) == round(300 / 3100, 6)
    assert pd.isna(table.iloc[1]["月度目标"]), "no target stays empty, not 0"
    english = pacing.attainment_table(attainment_frame(), "en")
    assert "Attainment" in english.columns


def test_attainment_downloads_are_formula_safe_with_numbers_kept():
    table = pacing.attainment_table(attainment_frame(), "zh")
    csv = frame_to_csv_bytes(table)
    assert csv.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    text = csv.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("店铺,月份,截至日期")
    assert "'=HYPERLINK(1)" in text and ",-5.0," in text  # text neutralised, a negative number stays one
    book = openpyxl.load_workbook(io.BytesIO(frame_to_xlsx_bytes(table)))
    sheet = book.active
    assert sheet["A1"].value == "店铺" and sheet["A3"].value == "'=HYPERLINK(1)"
    actual_col = [c.value for c in sheet[1]].index("本月累计支付金额") + 1
    assert sheet.cell(row=3, column=actual_col).value == -5


def test_comparison_rows():
    row = {
        "actual": 300,
        "wtd_actual": 200,
        "wtd_target": 400,
        "ytd_actual": 300,
        "ytd_target": 40000,
        "ytd_attainment": 0.0075,
        "last_month_same_period": 250,
        "mom_growth": 0.2,
        "last_year_same_period": None,
        "yoy_growth": None,
    }
    table = pacing.comparison_rows(row, "zh")
    assert list(table["完成/增长"]) == ["50.0%", "0.8%", "+20.0%", "—"]
    assert list(table["实际"])[0] == "¥200.00"


def drivers_frame(status: str = "ok") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "store": "旗舰店",
                "against": "target",
                "gmv": Decimal("300.00"),
                "gmv_base": Decimal("400.00"),
                "gmv_gap": Decimal("-100.00"),
                "visitors": 1000,
                "visitors_base": 1200.0,
                "conversion": 0.03,
                "conversion_base": 0.025,
                "aov": Decimal("10.00"),
                "aov_base": Decimal("13.33"),
                "gap_visitors": Decimal("-63.00"),
                "gap_conversion": Decimal("63.00"),
                "gap_aov": Decimal("-100.00"),
                "split_status": status,
            }
        ]
    )


def test_driver_table_rows_and_shares():
    table, note = pacing.driver_table(drivers_frame(), "旗舰店", "zh")
    assert list(table["因素"]) == ["访客数", "支付转化率", "客单价", "支付金额（合计）"]
    assert list(table["本月至今"]) == ["1,000", "3.00%", "¥10.00", "¥300.00"]
    assert list(table["目标（按进度）"]) == ["1,200", "2.50%", "¥13.33", "¥400.00"]
    assert list(table["解释差额"]) == ["-¥63.00", "+¥63.00", "-¥100.00", "-¥100.00"]
    assert [round(x, 2) for x in table["占差额"]] == [0.63, -0.63, 1.0, 1.0]
    assert "访客数为每日访客数之和" in note


def test_driver_table_says_why_there_is_no_split():
    table, note = pacing.driver_table(drivers_frame("no_visitors"), "旗舰店", "zh")
    assert table is None and "生意参谋" in note
    assert pacing.driver_table(drivers_frame(), "别的店", "zh")[0] is None
    assert pacing.driver_table(None, "旗舰店", "zh")[0] is None


# ---- charts ----


def daily_frame(target: bool = True) -> pd.DataFrame:
    """A 5-day 'month' as of day 3, shaped like metrics.targets.daily_targets (Decimal money, NULLs)."""
    days = [dt.date(2026, 10, d) for d in range(1, 6)]
    gmv = [Decimal("100.00")] * 5 if target else [None] * 5
    return pd.DataFrame(
        {
            "date": days,
            "weight": [0.2] * 5,
            "gmv_target": gmv,
            "overridden": [False, False, False, True, False],
            "actual_gmv": [Decimal("120.00"), Decimal("80.00"), Decimal("100.00"), None, None],
            "cum_gmv_target": [Decimal(v) for v in (100, 200, 300, 400, 500)] if target else [None] * 5,
            "cum_actual_gmv": [Decimal("120.00"), Decimal("200.00"), Decimal("300.00"), None, None],
            "forecast_cum": [None, None, Decimal("300.00"), Decimal("400.00"), Decimal("500.00")],
            "forecast_cum_low": [None, None, Decimal("300.00"), Decimal("380.00"), Decimal("460.00")],
            "forecast_cum_high": [None, None, Decimal("300.00"), Decimal("420.00"), Decimal("540.00")],
        }
    )


def xs(trace) -> list[str]:
    return [pd.Timestamp(x).date().isoformat() for x in trace.x]


def test_cumulative_figure_plan_actual_and_cone():
    fig = pacing_charts.cumulative_figure(daily_frame(), as_of=dt.date(2026, 10, 3), lang="zh")
    assert isinstance(fig, go.Figure)
    names = [trace.name for trace in fig.data]
    assert names == ["计划累计", "实际累计", None, "预计区间", "预计"]
    plan, actual, low, high, mid = fig.data
    assert list(plan.y) == [100, 200, 300, 400, 500] and plan.line.dash == "dash"
    assert xs(actual) == ["2026-10-01", "2026-10-02", "2026-10-03"] and list(actual.y) == [120, 200, 300]
    assert xs(low) == ["2026-10-03", "2026-10-04", "2026-10-05"] and list(low.y) == [300, 380, 460]
    assert high.fill == "tonexty" and list(high.y) == [300, 420, 540]
    assert list(mid.y) == [300, 400, 500] and mid.line.dash == "dot"
    assert fig.layout.title.text == "本月累计：实际 vs 计划"
    assert fig.layout.yaxis.tickprefix == "¥"


def test_cumulative_figure_without_target_or_data():
    fig = pacing_charts.cumulative_figure(daily_frame(target=False), as_of=dt.date(2026, 10, 3), lang="en")
    assert "Plan (cumulative)" not in [trace.name for trace in fig.data]
    assert "Actual (cumulative)" in [trace.name for trace in fig.data]
    empty = pacing_charts.cumulative_figure(pd.DataFrame(), as_of=dt.date(2026, 10, 3))
    assert not empty.data and empty.layout.annotations[0].text == "所选范围没有数据"


def test_daily_bars_colour_days_by_their_target_and_mark_overrides():
    fig = pacing_charts.daily_bars_figure(daily_frame(), as_of=dt.date(2026, 10, 3), lang="zh")
    bars, line, manual = fig.data
    assert bars.type == "bar" and list(bars.y) == [120, 80, 100]
    assert list(bars.marker.color) == [
        pacing.PACE_HEX["green"],
        pacing.PACE_HEX["red"],
        pacing.PACE_HEX["green"],
    ]
    assert line.name == "日目标" and list(line.y) == [100] * 5
    assert manual.name == "手动设定的日目标" and xs(manual) == ["2026-10-04"]


def test_daily_target_figure_for_the_plan_page():
    fig = pacing_charts.daily_target_figure(daily_frame(), lang="zh")
    (bars,) = fig.data
    assert list(bars.y) == [100] * 5
    assert (
        bars.marker.color[3] == pacing_charts.OVERRIDE_COLOR
        and bars.marker.color[0] == pacing_charts.PLAN_COLOR
    )
    assert not pacing_charts.daily_target_figure(daily_frame(target=False)).data


# ---- the plan editor ----


def in_force() -> pd.DataFrame:
    """Shaped like plans.plan_in_force for one store and 2026."""
    return pd.DataFrame(
        {
            "store": ["旗舰店"],
            "month": ["2026-10"],
            "gmv_target": [Decimal("3100.00")],
            "net_sales_target": [None],
            "visitors_target": pd.array([10000], dtype="Int64"),
            "conversion_target": [0.032],
            "aov_target": [None],
            "owner": ["张三"],
            "version": [2],
        }
    )


def test_editor_frame_has_twelve_months_with_the_plan_in_force():
    frame = planning.editor_frame(in_force(), 2026)
    assert list(frame.columns) == planning.EDITOR_COLUMNS
    assert len(frame) == 12 and frame["month"].iloc[9] == "2026-10"
    october = frame.iloc[9]
    assert october["gmv_target"] == 3100.0 and october[planning.CONVERSION_PCT] == 3.2
    assert october["owner"] == "张三" and october["version"] == 2
    assert frame["gmv_target"].isna().sum() == 11


def test_draft_replaces_sales_targets_only():
    draft = pd.DataFrame({"month": planning.year_months(2026), "gmv_target": [Decimal("1000")] * 12})
    frame = planning.editor_frame(in_force(), 2026, draft)
    assert list(frame["gmv_target"]) == [1000.0] * 12
    assert frame.iloc[9]["owner"] == "张三"  # the rest of the plan stays


def test_rows_to_save_sends_changed_months_only():
    base = in_force()
    edited = planning.editor_frame(base, 2026)
    assert planning.rows_to_save(edited, base, store="旗舰店", year=2026) == []
    edited.loc[9, "gmv_target"] = 3500.0
    edited.loc[0, planning.CONVERSION_PCT] = 2.5
    rows = planning.rows_to_save(edited, base, store="旗舰店", year=2026)
    assert [(r["month"], r["line"]) for r in rows] == [("2026-01", 1), ("2026-10", 10)]
    assert rows[0]["conversion_target"] == 0.025 and rows[0]["gmv_target"] is None
    assert rows[1]["gmv_target"] == 3500.0 and rows[1]["conversion_target"] == 0.032
    assert rows[1]["owner"] == "张三" and rows[1]["store"] == "旗舰店"
    assert planning.months_sum(edited) == 3500.0


def test_rejections_name_the_month_and_column():
    rejected = [RejectedRow("", 1, "销售目标", "目标不能为负数 / a target cannot be negative", "-5.0")]
    table = planning.rejections_table(rejected, 2026, "zh")
    assert table.to_dict("records") == [
        {
            "月份": "2026-01",
            "列": "销售目标",
            "原因": "目标不能为负数 / a target cannot be negative",
            "值": "-5.0",
        }
    ]


def test_history_table_marks_the_version_in_force():
    history = pd.DataFrame(
        {
            "change_id": [3, 2, 1],
            "store": ["旗舰店"] * 3,
            "period": ["2026-10", "2026-10", "2026-10-07"],
            "field": ["gmv_target", "gmv_target", "gmv_target"],
            "old_value": ["3100.00", None, None],
            "new_value": ["3500.00", "3100.00", "500.00"],
            "version": [2, 1, 1],
            "source": ["editor", "file", "editor"],
            "load_id": [None, 7, None],
            "changed_by": ["李四", "张三", "李四"],
            "changed_at": pd.to_datetime(["2026-10-05 10:00", "2026-10-01 09:00", "2026-10-02 09:00"]),
        }
    )
    table = planning.history_table(history, 2026, "zh")
    assert list(table["版本"]) == [2, 1, 1]
    assert list(table["生效中"]) == [True, True, False]
    assert list(table["项目"]) == ["销售目标", "日目标（手动）", "销售目标"]
    assert list(table["来源"]) == ["页面编辑", "页面编辑", "计划文件"]
    assert planning.history_table(history, 2025, "zh").empty
