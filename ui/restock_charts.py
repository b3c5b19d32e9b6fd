"""补货建议 chart builder: a pure function from metrics.restock.projected_stock to a plotly Figure (tested
directly in tests/test_ui_restock.py).

projected_stock_figure(frame, lang, title=None)
    frame = projected_stock(...) (one row per day 0..days: date, day, expected_demand, projected_available,
    projected_with_order, order_arrives, reorder_point, safety_stock, campaign). Draws projected available
    stock without a new order (solid) and with the suggested order placed today (dashed), the reorder point
    and the safety stock as flat lines, the days of a planned campaign shaded (one rect per run of days,
    named "campaign_<name>") and the suggested order's arrival marked (a vertical line named
    "order_arrival" and a marker on the with-order line). Without a suggested order (the two stock columns are
    equal) only the one line is drawn and no arrival. Below zero is demand the stock cannot meet.
Nothing here computes a figure: the builder only draws what the metric returns.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ui.i18n import t
from ui.pacing import number

WITHOUT_COLOR = "#c62828"
WITH_COLOR = "#1565c0"
REORDER_COLOR = "#ef8f00"
SAFETY_COLOR = "#6a1b9a"
CAMPAIGN_COLOR = "rgba(239, 154, 154, 0.35)"
ARRIVAL_COLOR = "#2e7d32"
DAY = pd.Timedelta(days=1)


def _empty(fig: go.Figure, lang: str) -> go.Figure:
    fig.add_annotation(text=t("chart_empty", lang), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def campaign_runs(frame: pd.DataFrame) -> list[tuple[str, pd.Timestamp, pd.Timestamp]]:
    """(campaign, first day, day after the last) for each run of consecutive days of one campaign."""
    runs: list[tuple[str, pd.Timestamp, pd.Timestamp]] = []
    for day, name in zip(pd.to_datetime(frame["date"]), frame["campaign"], strict=True):
        if not isinstance(name, str) or not name:
            continue
        if runs and runs[-1][0] == name and runs[-1][2] == day:
            runs[-1] = (name, runs[-1][1], day + DAY)
        else:
            runs.append((name, day, day + DAY))
    return runs


def _flat(frame: pd.DataFrame, column: str) -> float | None:
    values = [number(v) for v in frame[column]] if column in frame.columns else []
    values = [v for v in values if v is not None]
    return values[0] if values else None


def projected_stock_figure(
    frame: pd.DataFrame | None, lang: str = "zh", title: str | None = None
) -> go.Figure:
    """Projected available stock over the coming days without and with the suggested order (module doc)."""
    fig = go.Figure()
    if frame is None or frame.empty:
        _empty(fig, lang)
    else:
        frame = frame.sort_values("day").reset_index(drop=True)
        x = pd.to_datetime(frame["date"])
        units = t("rs_chart_units", lang)
        hover = "%{x|%Y-%m-%d}<br>{name}：%{y:,.0f} " + units + "<extra></extra>"
        for name, start, end in campaign_runs(frame):
            fig.add_vrect(
                x0=start - DAY / 2,
                x1=end - DAY / 2,
                fillcolor=CAMPAIGN_COLOR,
                line_width=0,
                layer="below",
                annotation_text=t("rs_chart_campaign", lang, name=name),
                annotation_position="top left",
                annotation_font_size=11,
                name=f"campaign_{name}",
            )
        without = pd.to_numeric(frame["projected_available"], errors="coerce")
        ordered = not pd.to_numeric(frame["projected_with_order"], errors="coerce").equals(without)
        lines = [("projected_available", "rs_chart_without", WITHOUT_COLOR, "solid")]
        if ordered:  # no suggested order: the with-order line is the same line, and nothing arrives
            lines.append(("projected_with_order", "rs_chart_with", WITH_COLOR, "dash"))
        for column, key, color, dash in lines:
            label = t(key, lang)
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=pd.to_numeric(frame[column], errors="coerce"),
                    mode="lines",
                    name=label,
                    meta=column,
                    line={"color": color, "width": 2.5 if dash == "solid" else 2, "dash": dash},
                    hovertemplate=hover.replace("{name}", label),
                )
            )
        for column, key, color in (
            ("reorder_point", "rs_chart_reorder", REORDER_COLOR),
            ("safety_stock", "rs_chart_safety", SAFETY_COLOR),
        ):
            level = _flat(frame, column)
            if level is None:
                continue
            label = f"{t(key, lang)} {level:,.0f}"
            fig.add_trace(
                go.Scatter(
                    x=[x.iloc[0], x.iloc[-1]],
                    y=[level, level],
                    mode="lines",
                    name=label,
                    meta=column,
                    line={"color": color, "width": 1.5, "dash": "dot"},
                    hovertemplate=label + "<extra></extra>",
                )
            )
        arrives = (
            frame[frame["order_arrives"].astype(bool)] if "order_arrives" in frame.columns else frame[:0]
        )
        if ordered and not arrives.empty:
            day = pd.Timestamp(arrives["date"].iloc[0])
            label = t("rs_chart_arrival", lang)
            fig.add_vline(
                x=day, line_width=1.5, line_dash="dash", line_color=ARRIVAL_COLOR, name="order_arrival"
            )
            fig.add_trace(
                go.Scatter(
                    x=[day],
                    y=[number(arrives["projected_with_order"].iloc[0])],
                    mode="markers+text",
                    name=label,
                    meta="order_arrives",
                    marker={"symbol": "triangle-up", "size": 13, "color": ARRIVAL_COLOR},
                    text=[label],
                    textposition="top center",
                    hovertemplate="%{x|%Y-%m-%d}<br>" + label + "<extra></extra>",
                )
            )
        fig.add_hline(y=0, line_width=1, line_color="#9e9e9e", name="zero")
        fig.update_xaxes(
            title_text=t("chart_date", lang),
            tickformat="%m-%d" if lang == "zh" else "%b %d",
            hoverformat="%Y-%m-%d",
        )
        fig.update_yaxes(title_text=units, tickformat=",.0f")
    fig.update_layout(
        title={"text": title or t("rs_chart_title_plain", lang)},
        hovermode="x unified",
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "xanchor": "left", "x": 0},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=420,
    )
    return fig
