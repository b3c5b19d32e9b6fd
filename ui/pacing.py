"""今日目标 helpers without Streamlit: the red/amber/green rule, the as-of date, month lists, and the tables the
landing page shows and offers for download. Pure functions of their arguments (tested in test_ui_pacing.py).

The colour of the month's pace is decided here and only here: `pace_status(gap)`, where `gap` is the
metric's attainment minus its weighted time progress (fractions, so -0.05 is 5 percentage points behind).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from decimal import Decimal
from zoneinfo import ZoneInfo

import pandas as pd

from metrics.definitions import label
from ui import format as fmt
from ui.i18n import t

BEIJING = ZoneInfo("Asia/Shanghai")

# ---- the pace colours: one place for the thresholds ----
GREEN_FROM = 0.0  # gap >= 0: at or ahead of the (weighted) calendar
AMBER_FROM = -0.05  # -5 pp <= gap < 0: slightly behind; below -5 pp: red
PACE_COLORS = {"green": "green", "amber": "orange", "red": "red"}  # st.metric delta_color / markdown colours
PACE_HEX = {"green": "#2e7d32", "amber": "#ef8f00", "red": "#c62828"}  # the same colours in charts


def number(value: object) -> float | None:
    """A float, or None for a missing value (None, NaN, pandas NA, Decimal NaN)."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, Decimal):
        return None if value.is_nan() else float(value)
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(result) else result


def pace_status(gap: object) -> str | None:
    """'green' (gap >= 0), 'amber' (gap >= -5 pp) or 'red'; None when there is no gap (no target)."""
    value = number(gap)
    if value is None:
        return None
    if value >= GREEN_FROM - 1e-12:
        return "green"
    if value >= AMBER_FROM - 1e-12:
        return "amber"
    return "red"


def pace_color(gap: object) -> str:
    """The st.metric delta_color for a gap ('off' when there is none)."""
    status = pace_status(gap)
    return PACE_COLORS[status] if status else "off"


def day_color(actual: object, target: object) -> str:
    """Green when a day reached its target, red when it did not, 'off' without a target."""
    goal = number(target)
    if not goal:
        return "off"
    return PACE_COLORS["green"] if (number(actual) or 0.0) >= goal else PACE_COLORS["red"]


def points(fraction: object, lang: str = "zh") -> str:
    """A difference of two fractions in percentage points, signed: +2.1pp / −3.4pp ('—' when missing)."""
    value = number(fraction)
    if value is None:
        return fmt.MISSING
    return f"{round(value * 100, 1) + 0.0:+.1f}pp"  # + 0.0: never "-0.0"


def points_growth(fraction: object) -> str:
    """A growth rate (0.12) as a signed percentage: +12.0% ('—' when missing)."""
    value = number(fraction)
    return fmt.MISSING if value is None else f"{value * 100:+.1f}%"


def signed_money(value: object, lang: str = "zh") -> str:
    """Money with its sign always shown (+¥1.20万 / -¥350.00), for deltas."""
    amount = number(value)
    if amount is None:
        return fmt.MISSING
    return ("+" if amount >= 0 else "") + fmt.money(amount, lang)


def share(part: object, whole: object) -> float | None:
    """part / whole, None when either is missing or the whole is 0 (no target is not infinity)."""
    a, b = number(part), number(whole)
    if a is None or b is None or b == 0:
        return None
    return a / b


# ---- dates ----


def beijing_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Beijing, whatever the machine's time zone."""
    moment = now or dt.datetime.now(BEIJING)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(BEIJING).date()


def default_as_of(now: dt.datetime | None = None) -> dt.date:
    """Yesterday in Beijing: exports arrive the next morning, so yesterday is the last complete day."""
    return beijing_today(now) - dt.timedelta(days=1)


def month_key(day: dt.date) -> str:
    """'YYYY-MM' of a date."""
    return f"{day.year:04d}-{day.month:02d}"


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """First and last day of 'YYYY-MM'."""
    year, mon = (int(part) for part in month.split("-"))
    return dt.date(year, mon, 1), dt.date(year, mon, calendar.monthrange(year, mon)[1])


def shift_month(month: str, months: int) -> str:
    """'YYYY-MM' moved by `months` (negative goes back)."""
    year, mon = (int(part) for part in month.split("-"))
    index = year * 12 + (mon - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_options(as_of: dt.date, first_data: dt.date | None = None, ahead: int = 12) -> list[str]:
    """Months to pick from, newest first: from the first month with data (or a year back) to `ahead` months
    after the as-of month (plans are made ahead)."""
    current = month_key(as_of)
    start = min(month_key(first_data) if first_data else shift_month(current, -12), current)
    months = []
    month = shift_month(current, ahead)
    while month >= start:
        months.append(month)
        month = shift_month(month, -1)
    return months


def as_of_for_month(month: str, as_of: dt.date) -> dt.date:
    """The as-of date to ask a month about: a past month is seen as complete (its last day), the current
    or a future month as of the chosen day."""
    _, last = month_bounds(month)
    return min(as_of, last)


def as_of_choices(as_of_default: dt.date, last_data: dt.date | None) -> list[str]:
    """'yesterday', plus 'today' when same-day data is loaded (the newest paid order is from today), plus
    'pick' (another day)."""
    choices = ["yesterday"]
    if last_data is not None and last_data > as_of_default:
        choices.append("today")
    choices.append("pick")
    return choices


# ---- tables ----

# The attainment table as the page shows it and as it is downloaded, in this order (metric column names).
ATTAINMENT_COLUMNS = [
    "store",
    "month",
    "as_of",
    "owner",
    "target",
    "actual",
    "attainment",
    "time_progress",
    "weighted_time_progress",
    "gap",
    "net_sales_target",
    "net_sales",
    "day",
    "day_target",
    "day_actual",
    "wtd_target",
    "wtd_actual",
    "ytd_target",
    "ytd_actual",
    "ytd_attainment",
    "last_month_same_period",
    "mom_growth",
    "last_year_same_period",
    "yoy_growth",
    "forecast",
    "forecast_low",
    "forecast_high",
    "forecast_attainment",
    "required_daily",
    "days_left",
]
TEXT_COLUMNS = {"store", "month", "as_of", "owner", "day"}


def column_label(column: str, lang: str = "zh") -> str:
    """The label of a metric column: metrics.definitions (else the i18n key col_<name>)."""
    text = label(column, lang)
    return text if text != column else t(f"col_{column}", lang)


def _text(value: object) -> str | None:
    """A text cell: dates as YYYY-MM-DD, missing as None."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def attainment_table(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The attainment frame for display and download: ATTAINMENT_COLUMNS that exist, in that order; numbers
    as floats (missing stays missing, ratios stay fractions), dates as YYYY-MM-DD; headers in `lang`."""
    columns = [c for c in ATTAINMENT_COLUMNS if c in frame.columns]
    table = frame[columns].copy()
    for column in columns:
        if column in TEXT_COLUMNS:
            table[column] = [_text(v) for v in table[column]]
        else:
            table[column] = pd.to_numeric(table[column].map(number), errors="coerce")
    return table.rename(columns={c: column_label(c, lang) for c in columns})


def column_units(frame: pd.DataFrame, lang: str = "zh") -> dict[str, str]:
    """The unit of each labelled column of an attainment_table ('yuan', 'fraction', 'count', 'text'), from
    metrics.definitions, so a page can format the numbers it shows (downloads keep them raw)."""
    from metrics.definitions import METRIC_DEFINITIONS

    units = {}
    for column in ATTAINMENT_COLUMNS:
        unit = METRIC_DEFINITIONS.get(column, {}).get("unit", "text")
        units[column_label(column, lang)] = unit if column not in TEXT_COLUMNS else "text"
    return {c: units.get(c, "text") for c in frame.columns}


def forecast_vs_target(row: dict, lang: str = "zh") -> tuple[str | None, str]:
    """The forecast card's delta (forecast minus target, signed money) and its colour; (None, 'off') when
    either is missing."""
    forecast, target = number(row.get("forecast")), number(row.get("target"))
    if forecast is None or target is None:
        return None, "off"
    return signed_money(forecast - target, lang), PACE_COLORS["green" if forecast >= target else "red"]


def cards_caption(row: dict, lang: str = "zh") -> str:
    """The line under the cards: month to date against the target, both time progresses, the forecast range."""
    parts = [
        t(
            "card_mtd_actual",
            lang,
            actual=fmt.money(row.get("actual"), lang),
            target=fmt.money(row.get("target"), lang),
        ),
        t(
            "card_mtd_vs",
            lang,
            progress=fmt.percent(row.get("weighted_time_progress"), 1),
            days=fmt.percent(row.get("time_progress"), 1),
        ),
    ]
    if number(row.get("forecast_low")) is not None and number(row.get("forecast_high")) is not None:
        parts.append(
            t(
                "card_forecast_range",
                lang,
                low=fmt.money(row.get("forecast_low"), lang),
                high=fmt.money(row.get("forecast_high"), lang),
            )
        )
    return " · ".join(parts)


def comparison_rows(row: pd.Series | dict, lang: str = "zh") -> pd.DataFrame:
    """The smaller figures of one store as rows (what, actual, compared with, ratio): week to date, year to
    date, the same period last month and last year."""
    get = row.get
    actual = get("actual")
    growth = [number(get("mom_growth")), number(get("yoy_growth"))]
    rows = [
        (t("cmp_wtd", lang), get("wtd_actual"), get("wtd_target"), fmt.percent(share(get("wtd_actual"), get("wtd_target")), 1)),
        (t("cmp_ytd", lang), get("ytd_actual"), get("ytd_target"), fmt.percent(get("ytd_attainment"), 1)),
        (t("cmp_last_month", lang), actual, get("last_month_same_period"), points_growth(growth[0])),
        (t("cmp_last_year", lang), actual, get("last_year_same_period"), points_growth(growth[1])),
    ]  # fmt: skip
    return pd.DataFrame(
        [
            {
                t("cmp_what", lang): what,
                t("cmp_actual", lang): fmt.money(a, lang),
                t("cmp_against", lang): fmt.money(b, lang),
                t("cmp_ratio", lang): r,
            }
            for what, a, b, r in rows
        ]
    )


DRIVERS = ("visitors", "conversion", "aov")


def driver_table(frame: pd.DataFrame | None, store: str, lang: str = "zh") -> tuple[pd.DataFrame | None, str]:
    """The driver rows of one store from metrics.drivers (visitors, conversion, order value and the paid GMV
    they multiply to: actual, base, the part of the GMV gap each explains, its share of the gap), and a note.
    (None, why) when the metric has no split for the store."""
    if frame is None or frame.empty or "store" not in frame.columns:
        return None, t("drivers_empty", lang)
    rows = frame[frame["store"] == store]
    if rows.empty:
        return None, t("drivers_empty", lang)
    row = rows.iloc[0].to_dict()
    status = row.get("split_status")
    if status != "ok":
        from metrics import SPLIT_STATUS

        reason = SPLIT_STATUS.get(status, {}).get(lang) if isinstance(status, str) else None
        return None, reason or t("drivers_empty", lang)
    gap = number(row.get("gmv_gap"))
    shown = []
    for driver in (*DRIVERS, "gmv"):
        actual, base = row.get(driver), row.get(f"{driver}_base")
        explains = number(row.get(f"gap_{driver}")) if driver != "gmv" else gap
        if driver == "conversion":
            texts = fmt.percent(actual), fmt.percent(base)
        elif driver == "visitors":
            texts = fmt.count(actual), fmt.count(base)
        else:
            texts = fmt.money(actual, lang), fmt.money(base, lang)
        shown.append(
            {
                t("col_driver", lang): t(f"driver_{driver}", lang),
                t("col_driver_actual", lang): texts[0],
                t(f"col_driver_base_{row.get('against', 'target')}", lang): texts[1],
                t("col_driver_gap", lang): signed_money(explains, lang),
                t("col_driver_share", lang): share(explains, gap),
            }
        )
    return pd.DataFrame(shown), t("drivers_note", lang)
