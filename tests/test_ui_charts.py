"""ui.charts: the daily sales chart is a pure DataFrame -> Figure function, checked without Streamlit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go

from ui.charts import daily_sales_figure


def daily_frame() -> pd.DataFrame:
    """Rows shaped like metrics.sales.sales_by_period(by="day"): Decimal money, text periods, unsorted."""
    return pd.DataFrame(
        {
            "period": ["2026-10-31", "2026-10-30"],
            "paid_gmv": [Decimal("49.50"), Decimal("350.50")],
            "refunds": [Decimal("0.00"), Decimal("50.00")],
            "net_sales": [Decimal("49.50"), Decimal("300.50")],
            "paid_orders": pd.array([1, 2], dtype="Int64"),
        }
    )


def test_two_lines_in_date_order_with_exact_values():
    fig = daily_sales_figure(daily_frame(), lang="zh")
    assert isinstance(fig, go.Figure)
    assert [trace.name for trace in fig.data] == ["支付金额", "净销售额"]
    paid, net = fig.data
    assert [pd.Timestamp(x).date().isoformat() for x in paid.x] == ["2026-10-30", "2026-10-31"]
    assert list(paid.y) == [350.50, 49.50]
    assert list(net.y) == [300.50, 49.50]
    assert "¥" in paid.hovertemplate
    assert fig.layout.title.text == "每日支付金额与净销售额"
    assert fig.layout.yaxis.tickprefix == "¥"
    assert fig.layout.yaxis.tickformat == ",.0f"  # ¥200,000, not the SI "¥200k"


def test_english_labels():
    fig = daily_sales_figure(daily_frame(), lang="en")
    assert [trace.name for trace in fig.data] == ["Paid GMV", "Net sales"]
    assert fig.layout.title.text == "Daily paid GMV and net sales"


def test_empty_frame_says_so():
    fig = daily_sales_figure(pd.DataFrame(columns=["period", "paid_gmv", "net_sales"]), lang="zh")
    assert not fig.data
    assert fig.layout.annotations[0].text == "所选范围没有数据"


def test_days_without_orders_show_as_zero_over_the_whole_range():
    frame = daily_frame().iloc[[1]]  # only 2026-10-30 sold
    fig = daily_sales_figure(frame, start=dt.date(2026, 10, 29), end=dt.date(2026, 10, 31))
    paid = fig.data[0]
    assert [pd.Timestamp(x).date().isoformat() for x in paid.x] == ["2026-10-29", "2026-10-30", "2026-10-31"]
    assert list(paid.y) == [0.0, 350.50, 0.0]
    assert fig.data[1].line.dash == "dash"
    assert fig.layout.xaxis.dtick == 86_400_000  # one tick per day on a short range


def test_long_ranges_drop_markers():
    days = pd.date_range("2026-01-01", periods=120).strftime("%Y-%m-%d")
    frame = pd.DataFrame({"period": days, "paid_gmv": 1.0, "net_sales": 1.0})
    assert daily_sales_figure(frame).data[0].mode == "lines"
