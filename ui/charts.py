"""Chart builders: pure functions from a metrics DataFrame to a plotly Figure (tested directly, no Streamlit)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from ui.i18n import t

PAID_COLOR = "#1f77b4"
NET_COLOR = "#ff7f0e"
DAY_MS = 86_400_000


def every_day(daily: pd.DataFrame, start: dt.date | None, end: dt.date | None) -> pd.DataFrame:
    """The daily frame with a row for each day from start to end: a day without a paid order sold 0 yuan
    (sales_by_period leaves such days out), so the line drops to 0 instead of bridging the gap."""
    frame = daily.assign(period=pd.to_datetime(daily["period"])).set_index("period").sort_index()
    first = pd.Timestamp(start) if start else frame.index.min()
    last = pd.Timestamp(end) if end else frame.index.max()
    days = pd.date_range(first, last, freq="D", name="period")
    values = frame[["paid_gmv", "net_sales"]].apply(pd.to_numeric, errors="coerce")
    return values.reindex(days, fill_value=0.0).reset_index()


def daily_sales_figure(
    daily: pd.DataFrame, lang: str = "zh", start: dt.date | None = None, end: dt.date | None = None
) -> go.Figure:
    """Paid GMV (solid) and net sales (dashed) per day in yuan, from sales_by_period(by="day") columns
    period, paid_gmv, net_sales; every day from start to end is shown. An empty frame says so."""
    fig = go.Figure()
    if daily is None or daily.empty:
        fig.add_annotation(
            text=t("chart_empty", lang), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5
        )
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
    else:
        frame = every_day(daily, start, end)
        for column, key, color, dash in (
            ("paid_gmv", "chart_paid_gmv", PAID_COLOR, "solid"),
            ("net_sales", "chart_net_sales", NET_COLOR, "dash"),
        ):
            fig.add_trace(
                go.Scatter(
                    x=frame["period"],
                    y=frame[column],
                    name=t(key, lang),
                    mode="lines+markers" if len(frame) <= 62 else "lines",
                    line={"color": color, "width": 2, "dash": dash},
                    hovertemplate="%{x|%Y-%m-%d}<br>" + t(key, lang) + "：¥%{y:,.2f}<extra></extra>",
                )
            )
        fig.update_xaxes(
            title_text=t("chart_date", lang),
            tickformat="%m-%d" if lang == "zh" else "%b %d",
            dtick=DAY_MS if len(frame) <= 14 else None,  # short ranges: one tick a day, never hours
        )
        fig.update_yaxes(
            title_text=t("chart_yuan", lang), tickprefix="¥", tickformat=",.0f", rangemode="tozero"
        )
    fig.update_layout(
        title={"text": t("chart_daily_title", lang)},
        hovermode="x unified",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "right", "x": 1},
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        height=360,
    )
    return fig
