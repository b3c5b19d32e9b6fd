"""商品结构 chart builders: pure functions from metrics.products frames to plotly Figures (tested directly in
tests/test_ui_restock.py).

pareto_figure(frame, a_share, b_share, lang, title=None)
    frame = product_structure(...) of one store (sku, gmv, cum_share, abc_class, …): one bar per SKU with
    GMV, highest first, coloured by class (one trace per class), the cumulative share as a line on a
    0–100% right axis, the A / B / C bands shaded on that axis (rects named "band_A", "band_B", "band_C"
    from 0 to a_share, a_share to b_share, b_share to 1) with the cut lines at a_share and b_share.
new_old_figure(frame, lang, title=None)
    frame = new_old_by_month(...) (month, new_gmv, old_gmv, new_share): stacked bars of new and old GMV per
    month with the new share as a line on a right axis.
Nothing here computes a figure: the builders only draw what the metrics return.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ui.i18n import t
from ui.pacing import number

CLASS_COLORS = {"A": "#1565c0", "B": "#ef8f00", "C": "#9e9e9e"}
BAND_COLORS = {
    "A": "rgba(21, 101, 192, 0.08)",
    "B": "rgba(239, 143, 0, 0.08)",
    "C": "rgba(158, 158, 158, 0.08)",
}
CUM_COLOR = "#c62828"
NEW_COLOR = "#2e7d32"
OLD_COLOR = "#90a4ae"
SHARE_COLOR = "#6a1b9a"


def _empty(fig: go.Figure, lang: str) -> go.Figure:
    fig.add_annotation(text=t("chart_empty", lang), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(
        title={"text": title},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "xanchor": "left", "x": 0},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=420,
        bargap=0.15,
    )
    return fig


def pareto_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The SKUs by GMV descending (ties by SKU) with rank 1..n, gmv as float and cum_share as float."""
    out = frame.copy()
    out["gmv"] = pd.to_numeric(out["gmv"].map(number), errors="coerce").fillna(0.0)
    out["cum_share"] = pd.to_numeric(out["cum_share"].map(number), errors="coerce")
    out = out.sort_values(["gmv", "sku"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out["rank"] = range(1, len(out) + 1)
    return out


def pareto_figure(
    frame: pd.DataFrame | None,
    a_share: float = 0.7,
    b_share: float = 0.9,
    lang: str = "zh",
    title: str | None = None,
) -> go.Figure:
    """GMV bars by SKU (coloured by class) with the cumulative share and the A/B/C bands (module doc)."""
    fig = go.Figure()
    title = title or t("pd_pareto_title", lang)
    data = pareto_frame(frame) if frame is not None and not frame.empty else None
    if data is None or not (data["gmv"] > 0).any():
        return _layout(_empty(fig, lang), title)
    data = data[data["gmv"] > 0]
    names = [f"{s} · {n}" if isinstance(n, str) and n else str(s)
             for s, n in zip(data["sku"], data.get("title", data["sku"]), strict=True)]  # fmt: skip
    gmv_label = t("pd_pareto_gmv", lang)
    for cls in ("A", "B", "C"):
        part = data["abc_class"] == cls
        if not part.any():
            continue
        fig.add_trace(
            go.Bar(
                x=data.loc[part, "rank"].tolist(),
                y=data.loc[part, "gmv"].tolist(),
                name=t("pd_pareto_class", lang, cls=cls),
                meta=f"class_{cls}",
                marker={"color": CLASS_COLORS[cls]},
                customdata=[names[i] for i in range(len(data)) if part.iloc[i]],
                hovertemplate="%{customdata}<br>" + gmv_label + "：¥%{y:,.2f}<extra></extra>",
            )
        )
    cum_label = t("pd_pareto_cum", lang)
    fig.add_trace(
        go.Scatter(
            x=data["rank"].tolist(),
            y=data["cum_share"].tolist(),
            mode="lines+markers" if len(data) <= 60 else "lines",
            name=cum_label,
            meta="cum_share",
            yaxis="y2",
            line={"color": CUM_COLOR, "width": 2},
            marker={"size": 5},
            customdata=names,
            hovertemplate="%{customdata}<br>" + cum_label + "：%{y:.1%}<extra></extra>",
        )
    )
    for cls, low, high in (("A", 0.0, a_share), ("B", a_share, b_share), ("C", b_share, 1.0)):
        if high <= low:
            continue
        fig.add_shape(
            type="rect",
            xref="paper",
            yref="y2",
            x0=0,
            x1=1,
            y0=low,
            y1=high,
            fillcolor=BAND_COLORS[cls],
            line={"width": 0},
            layer="below",
            name=f"band_{cls}",
        )
        fig.add_annotation(
            xref="paper",
            yref="y2",
            x=1,
            y=(low + high) / 2,
            xanchor="right",
            text=t("pd_pareto_band", lang, cls=cls),
            showarrow=False,
            font={"size": 11, "color": CLASS_COLORS[cls]},
        )
    for cut, name in ((a_share, "cut_A"), (b_share, "cut_B")):
        fig.add_shape(
            type="line",
            xref="paper",
            yref="y2",
            x0=0,
            x1=1,
            y0=cut,
            y1=cut,
            line={"color": "#616161", "width": 1, "dash": "dot"},
            name=name,
        )
    fig.update_layout(
        yaxis={"title": {"text": t("chart_yuan", lang)}, "tickprefix": "¥", "tickformat": ",.0f"},
        yaxis2={
            "title": {"text": cum_label},
            "overlaying": "y",
            "side": "right",
            "range": [0, 1.02],
            "tickmode": "array",
            "tickvals": sorted({0.0, 0.5, round(a_share, 4), round(b_share, 4), 1.0}),
            "tickformat": ".0%",
            "showgrid": False,
        },
        xaxis={"title": {"text": t("pd_pareto_sku", lang)}, "tickformat": "d"},
        barmode="overlay",
        hovermode="closest",
    )
    return _layout(fig, title)


def new_old_figure(frame: pd.DataFrame | None, lang: str = "zh", title: str | None = None) -> go.Figure:
    """New and old goods' GMV per month, stacked, with the new share as a line (module doc)."""
    fig = go.Figure()
    title = title or t("pd_newold_title", lang)
    if frame is None or frame.empty:
        return _layout(_empty(fig, lang), title)
    data = frame.copy()
    for column in ("new_gmv", "old_gmv", "new_share"):
        data[column] = pd.to_numeric(data[column].map(number), errors="coerce")
    months = data["month"].astype(str)
    for column, key, color in (
        ("new_gmv", "pd_newold_new", NEW_COLOR),
        ("old_gmv", "pd_newold_old", OLD_COLOR),
    ):
        label = t(key, lang)
        fig.add_trace(
            go.Bar(
                x=months,
                y=data[column],
                name=label,
                meta=column,
                marker={"color": color},
                hovertemplate="%{x}<br>" + label + "：¥%{y:,.2f}<extra></extra>",
            )
        )
    share_label = t("pd_newold_share", lang)
    fig.add_trace(
        go.Scatter(
            x=months,
            y=data["new_share"],
            mode="lines+markers",
            name=share_label,
            meta="new_share",
            yaxis="y2",
            line={"color": SHARE_COLOR, "width": 2},
            hovertemplate="%{x}<br>" + share_label + "：%{y:.1%}<extra></extra>",
        )
    )
    fig.update_layout(
        barmode="stack",
        xaxis={"title": {"text": t("pd_month", lang)}, "type": "category"},
        yaxis={"title": {"text": t("chart_yuan", lang)}, "tickprefix": "¥", "tickformat": ",.0f"},
        yaxis2={
            "title": {"text": share_label},
            "overlaying": "y",
            "side": "right",
            "tickmode": "auto",
            "rangemode": "tozero",
            "tickformat": ".0%",
            "showgrid": False,
        },
        hovermode="x unified",
    )
    return _layout(fig, title)
