"""Pacing chart builders: pure functions from metrics.targets.daily_targets frames to plotly Figures.

Input frame (one row per day of the month, metrics.targets.daily_targets): date, gmv_target (yuan; missing
when the month has no target), overridden (bool), actual_gmv (yuan; missing after the as-of date), and the
running sums cum_gmv_target, cum_actual_gmv, forecast_cum, forecast_cum_low, forecast_cum_high. Nothing
here computes a figure: the builders only draw what the metric returns.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from ui.i18n import t
from ui.pacing import PACE_HEX, number

ACTUAL_COLOR = "#1f77b4"
PLAN_COLOR = "#7f7f7f"
CONE_COLOR = "rgba(31, 119, 180, 0.15)"
OVERRIDE_COLOR = "#ef8f00"
DAY_MS = 86_400_000
NUMBER_COLUMNS = (
    "weight",
    "gmv_target",
    "actual_gmv",
    "cum_gmv_target",
    "cum_actual_gmv",
    "forecast_cum",
    "forecast_cum_low",
    "forecast_cum_high",
)


def month_frame(daily: pd.DataFrame) -> pd.DataFrame:
    """The daily frame sorted by date with plain float columns (missing stays NaN) and Timestamp dates."""
    frame = daily.copy()
    frame["date"] = pd.to_datetime(frame["date"])
    for column in NUMBER_COLUMNS:
        if column in frame.columns:
            frame[column] = pd.to_numeric(frame[column].map(number), errors="coerce")
    if "overridden" in frame.columns:
        frame["overridden"] = frame["overridden"].fillna(False).astype(bool)
    else:
        frame["overridden"] = False
    return frame.sort_values("date").reset_index(drop=True)


def has_target(frame: pd.DataFrame) -> bool:
    """Whether the month has daily targets at all."""
    return "gmv_target" in frame.columns and frame["gmv_target"].notna().any()


def _empty(fig: go.Figure, lang: str) -> go.Figure:
    fig.add_annotation(text=t("chart_empty", lang), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _layout(fig: go.Figure, title: str, lang: str, days: int) -> go.Figure:
    fig.update_xaxes(tickformat="%m-%d" if lang == "zh" else "%b %d", dtick=DAY_MS * (7 if days > 14 else 1))
    fig.update_yaxes(tickprefix="¥", tickformat=",.0f", rangemode="tozero")
    fig.update_layout(
        title={"text": title},
        hovermode="x unified",
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.12,
            "xanchor": "left",
            "x": 0,
            "traceorder": "normal",
        },
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=340,
    )
    return fig


def cumulative_figure(daily: pd.DataFrame, *, as_of: dt.date, lang: str = "zh") -> go.Figure:
    """Cumulative actual paid GMV through `as_of` (cum_actual_gmv) against the cumulative plan through the
    month (cum_gmv_target), with the forecast path (forecast_cum) and its range (forecast_cum_low/high, a
    shaded cone) from `as_of` to the month end, all as metrics.targets.daily_targets computes them."""
    fig = go.Figure()
    if daily is None or daily.empty:
        return _empty(fig, lang)
    frame = month_frame(daily)
    money = "：¥%{y:,.0f}<extra></extra>" if lang == "zh" else ": ¥%{y:,.0f}<extra></extra>"
    plan = frame.get("cum_gmv_target")
    if plan is not None and plan.notna().any():
        fig.add_trace(
            go.Scatter(
                x=frame["date"],
                y=plan,
                name=t("pace_plan_cum", lang),
                mode="lines",
                line={"color": PLAN_COLOR, "width": 2, "dash": "dash"},
                hovertemplate=t("pace_plan_cum", lang) + money,
            )
        )
    done = frame[(frame["date"] <= pd.Timestamp(as_of)) & frame["cum_actual_gmv"].notna()]
    if not done.empty:
        fig.add_trace(
            go.Scatter(
                x=done["date"],
                y=done["cum_actual_gmv"],
                name=t("pace_actual_cum", lang),
                mode="lines+markers" if len(done) <= 31 else "lines",
                line={"color": ACTUAL_COLOR, "width": 3},
                marker={"size": 5},
                hovertemplate=t("pace_actual_cum", lang) + money,
            )
        )
    low, high = frame.get("forecast_cum_low"), frame.get("forecast_cum_high")
    if low is not None and high is not None and low.notna().any() and high.notna().any():
        cone = frame[low.notna() & high.notna()]
        fig.add_trace(
            go.Scatter(
                x=cone["date"],
                y=cone["forecast_cum_low"],
                mode="lines",
                line={"width": 0},
                showlegend=False,
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=cone["date"],
                y=cone["forecast_cum_high"],
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor=CONE_COLOR,
                name=t("pace_forecast_range", lang),
                hoverinfo="skip",
            )
        )
    mid = frame.get("forecast_cum")
    if mid is not None and mid.notna().any():
        path = frame[mid.notna()]
        fig.add_trace(
            go.Scatter(
                x=path["date"],
                y=path["forecast_cum"],
                name=t("pace_forecast", lang),
                mode="lines",
                line={"color": ACTUAL_COLOR, "width": 2, "dash": "dot"},
                hovertemplate=t("pace_forecast", lang) + money,
            )
        )
    if not fig.data:
        return _empty(fig, lang)
    return _layout(fig, t("pace_cum_title", lang), lang, len(frame))


def daily_bars_figure(daily: pd.DataFrame, *, as_of: dt.date, lang: str = "zh") -> go.Figure:
    """Actual paid GMV per day through `as_of` as bars (green on or above the day's target, red below, blue
    without a target) against the daily-target line; days whose target was set by hand are marked."""
    fig = go.Figure()
    if daily is None or daily.empty:
        return _empty(fig, lang)
    frame = month_frame(daily)
    money = "：¥%{y:,.0f}<extra></extra>" if lang == "zh" else ": ¥%{y:,.0f}<extra></extra>"
    done = frame[frame["date"] <= pd.Timestamp(as_of)]
    if not done.empty:
        actual = done["actual_gmv"].fillna(0.0)
        target = done["gmv_target"] if "gmv_target" in done.columns else pd.Series(float("nan"), done.index)
        colors = [
            ACTUAL_COLOR if pd.isna(goal) else (PACE_HEX["green"] if value >= goal else PACE_HEX["red"])
            for value, goal in zip(actual, target, strict=True)
        ]
        fig.add_trace(
            go.Bar(
                x=done["date"],
                y=actual,
                name=t("pace_actual_day", lang),
                marker={"color": colors},
                hovertemplate=t("pace_actual_day", lang) + money,
            )
        )
    if has_target(frame):
        fig.add_trace(
            go.Scatter(
                x=frame["date"],
                y=frame["gmv_target"],
                name=t("pace_target_day", lang),
                mode="lines",
                line={"color": PLAN_COLOR, "width": 2, "shape": "hvh"},
                hovertemplate=t("pace_target_day", lang) + money,
            )
        )
        manual = frame[frame["overridden"]]
        if not manual.empty:
            fig.add_trace(
                go.Scatter(
                    x=manual["date"],
                    y=manual["gmv_target"],
                    name=t("pace_overridden", lang),
                    mode="markers",
                    marker={"color": OVERRIDE_COLOR, "size": 10, "symbol": "diamond"},
                    hovertemplate=t("pace_overridden", lang) + money,
                )
            )
    if not fig.data:
        return _empty(fig, lang)
    return _layout(fig, t("pace_daily_title", lang), lang, len(frame))


def daily_target_figure(daily: pd.DataFrame, *, lang: str = "zh") -> go.Figure:
    """The month's daily targets as bars (hand-set days in orange), for the plan page."""
    fig = go.Figure()
    if daily is None or daily.empty:
        return _empty(fig, lang)
    frame = month_frame(daily)
    if not has_target(frame):
        return _empty(fig, lang)
    money = "：¥%{y:,.0f}<extra></extra>" if lang == "zh" else ": ¥%{y:,.0f}<extra></extra>"
    fig.add_trace(
        go.Bar(
            x=frame["date"],
            y=frame["gmv_target"],
            name=t("pace_target_day", lang),
            marker={"color": [OVERRIDE_COLOR if o else PLAN_COLOR for o in frame["overridden"]]},
            hovertemplate=t("pace_target_day", lang) + money,
        )
    )
    return _layout(fig, t("plan_curve_title", lang), lang, len(frame))
