"""活动复盘 chart builders: pure functions from metrics frames to plotly Figures (tested directly).

timeline_figure(timeline, lang, phases=None, title=None)
    metrics.campaign_review CampaignReview.timeline (one row per day: date, window, phase, actual_gmv,
    baseline_gmv, baseline_low, baseline_high, incremental_gmv): the actual line against the baseline line
    and its band, the incremental area filled between them over the campaign days, the phases shaded
    (vrects at their real timestamps; `phases` = CampaignReview.phases) and the pre / post windows marked
    by a strip along the bottom. A day's value is drawn at noon of its date, inside the day it stands for.
presale_figure(presale, lang)   deposits (by deposit date) and final payments (by payment date) per day.
calendar_figure(calendar, year, lang)
    metrics.calendar.campaign_calendar frame: a Gantt of the year, one bar per phase of every campaign.
Nothing here computes a figure: the builders only draw what the metrics return.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import plotly.graph_objects as go

from ui.i18n import t
from ui.pacing import number

ACTUAL_COLOR = "#1f77b4"
BASELINE_COLOR = "#7f7f7f"
BAND_COLOR = "rgba(127, 127, 127, 0.18)"
INCREMENT_COLOR = "rgba(46, 125, 50, 0.30)"
WINDOW_COLORS = {"pre": "rgba(239, 143, 0, 0.55)", "post": "rgba(142, 36, 170, 0.45)"}
WINDOW_TEXT_COLORS = {"pre": "#b26a00", "post": "#6a1b9a"}
PHASE_COLORS = {
    "预热": "#b0bec5",
    "定金": "#ffcc80",
    "尾款": "#90caf9",
    "爆发": "#ef9a9a",
    "返场": "#ce93d8",
    "活动": "#a5d6a7",
}
OTHER_PHASE_COLOR = "#e0e0e0"
NOON = pd.Timedelta(hours=12)
DAY_MS = 86_400_000
MONEY_COLUMNS = ("actual_gmv", "baseline_gmv", "baseline_low", "baseline_high", "incremental_gmv")


def _empty(fig: go.Figure, lang: str, text: str | None = None) -> go.Figure:
    fig.add_annotation(
        text=text or t("chart_empty", lang), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def timeline_frame(timeline: pd.DataFrame) -> pd.DataFrame:
    """The timeline sorted by date, money as floats (missing stays NaN), `x` = noon of each date."""
    frame = timeline.copy()
    frame["date"] = pd.to_datetime(frame["date"])
    for column in MONEY_COLUMNS:
        if column in frame.columns:
            frame[column] = pd.to_numeric(frame[column].map(number), errors="coerce")
        else:
            frame[column] = float("nan")
    frame = frame.sort_values("date").reset_index(drop=True)
    frame["x"] = frame["date"] + NOON
    return frame


def _runs(frame: pd.DataFrame, window: str) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """[start, end) spans of consecutive days of one window (a gap of other-campaign days splits a run)."""
    days = sorted(frame.loc[frame["window"] == window, "date"])
    spans: list[tuple[pd.Timestamp, pd.Timestamp]] = []
    for day in days:
        if spans and day == spans[-1][1]:
            spans[-1] = (spans[-1][0], day + pd.Timedelta(days=1))
        else:
            spans.append((day, day + pd.Timedelta(days=1)))
    return spans


def _money_hover(name: str) -> str:
    return name + "：¥%{y:,.2f}<extra></extra>"


def timeline_figure(
    timeline: pd.DataFrame,
    lang: str = "zh",
    phases: pd.DataFrame | None = None,
    title: str | None = None,
) -> go.Figure:
    """Actual GMV vs baseline and its band, the incremental area, phases and pre/post windows (module doc)."""
    fig = go.Figure()
    if timeline is None or timeline.empty:
        _empty(fig, lang)
    else:
        frame = timeline_frame(timeline)
        has_baseline = frame["baseline_gmv"].notna().any()
        if has_baseline:
            band = frame[frame["baseline_high"].notna()]
            fig.add_trace(
                go.Scatter(
                    x=band["x"],
                    y=band["baseline_high"],
                    mode="lines",
                    line={"width": 0, "color": BAND_COLOR},
                    hoverinfo="skip",
                    showlegend=False,
                    name=t("cr_chart_band_high", lang),
                    legendgroup="band",
                )
            )
            fig.add_trace(
                go.Scatter(
                    x=band["x"],
                    y=band["baseline_low"],
                    mode="lines",
                    line={"width": 0, "color": BAND_COLOR},
                    fill="tonexty",
                    fillcolor=BAND_COLOR,
                    hoverinfo="skip",
                    name=t("cr_chart_band", lang),
                    legendgroup="band",
                )
            )
            campaign = frame[(frame["window"] == "campaign") & frame["incremental_gmv"].notna()]
            if not campaign.empty:  # the incremental area: baseline (invisible), then actual filled to it
                fig.add_trace(
                    go.Scatter(
                        x=campaign["x"],
                        y=campaign["baseline_gmv"],
                        mode="lines",
                        line={"width": 0, "color": INCREMENT_COLOR},
                        hoverinfo="skip",
                        showlegend=False,
                        name=t("cr_chart_incremental_base", lang),
                        legendgroup="incremental",
                    )
                )
                fig.add_trace(
                    go.Scatter(
                        x=campaign["x"],
                        y=campaign["actual_gmv"],
                        mode="lines",
                        line={"width": 0, "color": INCREMENT_COLOR},
                        fill="tonexty",
                        fillcolor=INCREMENT_COLOR,
                        customdata=campaign["incremental_gmv"],
                        hovertemplate=t("cr_chart_incremental", lang)
                        + "：¥%{customdata:,.2f}<extra></extra>",
                        name=t("cr_chart_incremental", lang),
                        legendgroup="incremental",
                    )
                )
            fig.add_trace(
                go.Scatter(
                    x=frame["x"],
                    y=frame["baseline_gmv"],
                    mode="lines",
                    line={"color": BASELINE_COLOR, "width": 2, "dash": "dash"},
                    hovertemplate=_money_hover(t("cr_chart_baseline", lang)),
                    name=t("cr_chart_baseline", lang),
                )
            )
        fig.add_trace(
            go.Scatter(
                x=frame["x"],
                y=frame["actual_gmv"],
                mode="lines+markers" if len(frame) <= 90 else "lines",
                marker={"size": 4},
                line={"color": ACTUAL_COLOR, "width": 2},
                hovertemplate=_money_hover(t("cr_chart_actual", lang)),
                name=t("cr_chart_actual", lang),
            )
        )
        _shade_phases(fig, frame, phases, lang)
        for window in ("pre", "post"):
            for start, end in _runs(frame, window):
                fig.add_shape(
                    type="rect",
                    xref="x",
                    yref="paper",
                    x0=start,
                    x1=end,
                    y0=0,
                    y1=0.035,
                    fillcolor=WINDOW_COLORS[window],
                    line={"width": 0},
                    layer="above",
                    name=f"window_{window}",
                )
                fig.add_annotation(
                    x=start + (end - start) / 2,
                    y=0.04,
                    xref="x",
                    yref="paper",
                    yanchor="bottom",
                    text=t(f"cr_chart_{window}", lang),
                    showarrow=False,
                    font={"size": 11, "color": WINDOW_TEXT_COLORS[window]},
                    name=f"window_{window}",
                )
        fig.update_xaxes(
            title_text=t("chart_date", lang),
            tickformat="%m-%d" if lang == "zh" else "%b %d",
            hoverformat="%Y-%m-%d",
        )
        fig.update_yaxes(
            title_text=t("chart_yuan", lang), tickprefix="¥", tickformat=",.0f", rangemode="tozero"
        )
    fig.update_layout(
        title={"text": title or t("cr_timeline_title", lang)},
        hovermode="x unified",
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "xanchor": "left", "x": 0},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=420,
    )
    return fig


def _phase_spans(
    frame: pd.DataFrame, phases: pd.DataFrame | None
) -> list[tuple[str, pd.Timestamp, pd.Timestamp]]:
    """(phase, start, end) to shade: the phases' own timestamps, else the days the timeline labels a phase."""
    if phases is not None and not phases.empty:
        return [
            (str(p), pd.Timestamp(s), pd.Timestamp(e) + pd.Timedelta(seconds=1))
            for p, s, e in zip(phases["phase"], phases["starts_at"], phases["ends_at"], strict=True)
        ]
    spans: list[tuple[str, pd.Timestamp, pd.Timestamp]] = []
    labelled = (
        frame[frame["phase"].notna() & (frame["window"] != "baseline")] if "phase" in frame else frame[:0]
    )
    for day, phase in zip(labelled["date"], labelled["phase"], strict=True):
        if spans and spans[-1][0] == phase and spans[-1][2] == day:
            spans[-1] = (phase, spans[-1][1], day + pd.Timedelta(days=1))
        else:
            spans.append((str(phase), day, day + pd.Timedelta(days=1)))
    return spans


def _shade_phases(fig: go.Figure, frame: pd.DataFrame, phases: pd.DataFrame | None, lang: str) -> None:
    """One vrect per phase, labelled with the phase at its top."""
    for phase, start, end in _phase_spans(frame, phases):
        fig.add_vrect(
            x0=start,
            x1=end,
            fillcolor=PHASE_COLORS.get(phase, OTHER_PHASE_COLOR),
            opacity=0.35,
            layer="below",
            line_width=0,
            annotation_text=phase,
            annotation_position="top left",
            annotation_font_size=11,
            name=f"phase_{phase}",
        )


# ---- presale ledger ----


def presale_figure(presale: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Bars per day: deposits paid (amount, by deposit date) and final payments (order GMV, by payment date)."""
    fig = go.Figure()
    if presale is None or presale.empty:
        return _empty(fig, lang)
    frame = presale.copy()
    frame["date"] = pd.to_datetime(frame["date"])
    for column, key, color in (
        ("deposit_amount", "cr_presale_chart_deposits", "#ef8f00"),
        ("balance_paid_gmv", "cr_presale_chart_balances", ACTUAL_COLOR),
    ):
        values = pd.to_numeric(frame[column].map(number), errors="coerce")
        fig.add_trace(
            go.Bar(
                x=frame["date"],
                y=values,
                name=t(key, lang),
                marker_color=color,
                hovertemplate="%{x|%Y-%m-%d} " + t(key, lang) + "：¥%{y:,.2f}<extra></extra>",
            )
        )
    span = (frame["date"].max() - frame["date"].min()).days
    fig.update_xaxes(tickformat="%m-%d" if lang == "zh" else "%b %d", dtick=DAY_MS * (1 if span <= 10 else 7))
    fig.update_yaxes(tickprefix="¥", tickformat=",.0f", rangemode="tozero")
    fig.update_layout(
        title={"text": t("cr_presale_chart_title", lang)},
        barmode="group",
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "xanchor": "left", "x": 0},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=300,
    )
    return fig


# ---- the calendar: one bar per phase ----

_PHASE_TEXT = re.compile(
    r"^\s*(\S+)\s+(\d{2})-(\d{2}) (\d{2}):(\d{2})\s*[–-]\s*(\d{2})-(\d{2}) (\d{2}):(\d{2})\s*$"
)


def _after(month: int, day: int, hour: int, minute: int, not_before: dt.datetime) -> dt.datetime:
    """The first moment with this month-day-time at or after `not_before`'s year (a window may cross a year)."""
    for year in (not_before.year, not_before.year + 1):
        try:
            moment = dt.datetime(year, month, day, hour, minute)
        except ValueError:  # 02-29 in a year without it
            continue
        if moment >= not_before.replace(second=0, microsecond=0):
            return moment
    return dt.datetime(not_before.year + 1, month, min(day, 28), hour, minute)


def phase_rows(calendar: pd.DataFrame) -> pd.DataFrame:
    """One row per phase of every campaign of metrics.calendar.campaign_calendar: campaign_id, store, name,
    campaign_type, phase, starts_at, ends_at. The calendar gives a campaign's phases as text
    ('定金 10-24 20:00–10-31 23:59; …', in time order) and its first start with the year; each phase's year
    follows from the one before it. A phase ending at hh:mm covers that minute (to hh:mm:59)."""
    columns = ["campaign_id", "store", "name", "campaign_type", "phase", "starts_at", "ends_at"]
    rows = []
    if calendar is None or calendar.empty:
        return pd.DataFrame(columns=columns)
    for row in calendar.to_dict("records"):
        first = row.get("starts_at")
        if first is None or pd.isna(first) or not isinstance(row.get("phases"), str):
            continue
        cursor = pd.Timestamp(first).to_pydatetime()
        for part in row["phases"].split(";"):
            found = _PHASE_TEXT.match(part)
            if not found:
                continue
            phase, *numbers = found.groups()
            m1, d1, h1, n1, m2, d2, h2, n2 = (int(v) for v in numbers)
            start = _after(m1, d1, h1, n1, cursor)
            end = _after(m2, d2, h2, n2, start) + dt.timedelta(seconds=59)
            rows.append(
                {
                    "campaign_id": row.get("campaign_id"),
                    "store": row.get("store"),
                    "name": row.get("name"),
                    "campaign_type": row.get("campaign_type"),
                    "phase": phase,
                    "starts_at": start,
                    "ends_at": end,
                }
            )
            cursor = start
    return pd.DataFrame(rows, columns=columns)


def calendar_figure(calendar: pd.DataFrame, year: int, lang: str = "zh") -> go.Figure:
    """The year's campaigns as a Gantt: one row per campaign, one bar per phase (coloured by phase, the
    legend names the phases). Phases outside `year` are left out; an empty year says so."""
    fig = go.Figure()
    rows = phase_rows(calendar)
    start, end = pd.Timestamp(int(year), 1, 1), pd.Timestamp(int(year) + 1, 1, 1)
    if not rows.empty:
        rows = rows[(pd.to_datetime(rows["ends_at"]) >= start) & (pd.to_datetime(rows["starts_at"]) < end)]
    if rows.empty:
        _empty(fig, lang, t("cal_empty_year", lang, year=year))
    else:
        rows = rows.assign(
            starts_at=pd.to_datetime(rows["starts_at"]),
            ends_at=pd.to_datetime(rows["ends_at"]) + pd.Timedelta(seconds=1),
        )
        firsts = rows.groupby("campaign_id", sort=False)["starts_at"].transform("min")
        rows = rows.assign(first=firsts).sort_values(["first", "starts_at"])
        labels = [f"{n} · {c}" for n, c in zip(rows["name"], rows["campaign_type"], strict=True)]
        rows = rows.assign(label=labels)
        order = list(dict.fromkeys(rows["label"]))
        for phase in dict.fromkeys(rows["phase"]):
            part = rows[rows["phase"] == phase]
            durations = (part["ends_at"] - part["starts_at"]).dt.total_seconds() * 1000
            fig.add_trace(
                go.Bar(
                    base=part["starts_at"],
                    x=durations,
                    y=part["label"],
                    orientation="h",
                    name=phase,
                    marker_color=PHASE_COLORS.get(phase, OTHER_PHASE_COLOR),
                    marker_line={"width": 1, "color": "#555"},
                    customdata=list(
                        zip(
                            part["starts_at"].dt.strftime("%m-%d %H:%M"),
                            (part["ends_at"] - pd.Timedelta(seconds=1)).dt.strftime("%m-%d %H:%M"),
                            strict=True,
                        )
                    ),
                    hovertemplate="%{y}<br>" + phase + "：%{customdata[0]} – %{customdata[1]}<extra></extra>",
                )
            )
        fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], automargin=True)
        fig.update_xaxes(
            type="date",
            range=[start, end],
            tickformat="%m月" if lang == "zh" else "%b",
            dtick="M1",
        )
    fig.update_layout(
        title={"text": t("cal_chart_title", lang, year=year)},
        barmode="overlay",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "right", "x": 1},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=max(220, 120 + 36 * (rows["label"].nunique() if not rows.empty else 1)),
    )
    return fig
