"""Daily targets (日目标): a month's paid-GMV target spread over its days by weights learned from history,
and a draft plan that splits an annual target over months. Money in yuan (Decimal), weights as fractions.

    daily_weights(conn, *, store, month, as_of)   one row per day of the month:
        date (date), weekday (Int64, 1 = Monday … 7 = Sunday), is_campaign (bool), campaign (str or None),
        basis (str: 'weekday' | 'even' | 'campaign'), weight (float; the month's weights sum to 1)
    daily_targets(conn, *, store, month, as_of)   one row per day of the month: the columns above with
        `weight` the day's share of the month's daily targets after day overrides, then gmv_target (yuan,
        NULL when the month has no target), overridden (bool), actual_gmv (yuan; 0.00 on a day without
        sales, NULL after as_of), cum_gmv_target, cum_actual_gmv (running sums, yuan), forecast_cum,
        forecast_cum_low, forecast_cum_high (the cumulative forecast path from as_of's day to the month
        end, yuan; NULL before as_of's day) -- one frame draws the whole pacing chart.
    draft_plan(conn, *, store, year, annual_target)  one row per month: store, month ('YYYY-MM'),
        gmv_target (yuan), basis ('last_year_share' | 'even'), share (fraction), last_year_gmv (yuan)

Weighting rules (the 口径 of the daily target):
- History is paid GMV (the paid_gmv 口径 of metrics/sales.py: orders with paid_at, by Beijing date) of the
  store strictly before min(first day of the month, as_of + 1 day): a daily curve never uses data after as_of.
- Weekday profile: the most recent full Monday-Sunday weeks (looking back at most PROFILE_LOOKBACK_WEEKS)
  that contain no campaign day and have sales; up to PROFILE_WEEKS of them. Each week gives the share of
  its total on each weekday; the profile is the mean share per weekday. With fewer than MIN_PROFILE_WEEKS
  such weeks the profile is even (1/7 each: basis 'even').
- Campaign days (CAMPAIGN_WINDOWS: Double 11 and 618 by default; deposit days are not sales days) get the
  share of the month that the same calendar day had last year (so a window gets its window's share), when
  last year's month is usable: entirely before the history cut, the store selling since its first day or
  earlier, and GMV > 0. Otherwise campaign days are weighted like any other day (still flagged).
- The other days share the rest (1 - the campaign shares) in proportion to their weekday's profile value.
- Day overrides (plan_day_overrides) fix single days' targets; the month target minus the overrides is spread
  over the other days by their weights, so the month still sums to its target. If the overrides exceed the
  target, the other days get 0 and the month sums to the overrides. Daily targets are rounded to 0.01 yuan,
  the rounding remainder going to the largest non-overridden day, so they add up to the target exactly.
  Without a month target, the learned weights stand and only overridden days carry an amount.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import duckdb
import pandas as pd

from metrics._query import rows_frame
from metrics.calendar import campaign_day_names

CENT = Decimal("0.01")
YUAN = Decimal("1")
ZERO = Decimal("0.00")

PROFILE_WEEKS = 12
MIN_PROFILE_WEEKS = 4
PROFILE_LOOKBACK_WEEKS = 26


@dataclass(frozen=True)
class CampaignWindow:
    """Days of a yearly campaign that are sales days: (month, day) to (month, day), inclusive."""

    campaign: str
    phase: str
    start: tuple[int, int]
    end: tuple[int, int]


# Default campaign windows, every year. Deposit (定金) days are not sales days: a presale counts when its
# final payment (尾款) is paid, so Double 11's windows are the final-payment days and the peak.
CAMPAIGN_WINDOWS: tuple[CampaignWindow, ...] = (
    CampaignWindow("双11", "尾款 final payments", (11, 1), (11, 3)),
    CampaignWindow("双11", "高峰 peak", (11, 10), (11, 12)),
    CampaignWindow("618", "开门 opening", (6, 1), (6, 3)),
    CampaignWindow("618", "高峰 peak", (6, 16), (6, 18)),
)

WEIGHT_COLUMNS = ["date", "weekday", "is_campaign", "campaign", "basis", "weight"]
DAILY_TARGET_COLUMNS = [
    "date",
    "weekday",
    "is_campaign",
    "campaign",
    "basis",
    "weight",
    "gmv_target",
    "overridden",
    "actual_gmv",
    "cum_gmv_target",
    "cum_actual_gmv",
    "forecast_cum",
    "forecast_cum_low",
    "forecast_cum_high",
]
DRAFT_PLAN_COLUMNS = ["store", "month", "gmv_target", "basis", "share", "last_year_gmv"]

_MONTH_RE = re.compile(r"(\d{4})-(\d{2})")


# --- calendar helpers --------------------------------------------------------------------------------------


def month_bounds(month: str) -> tuple[date, date]:
    """(first day, last day) of a 'YYYY-MM' month; ValueError for anything else."""
    found = _MONTH_RE.fullmatch(month or "")
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise ValueError(f"month must be YYYY-MM; got {month!r}")
    year, mon = int(found.group(1)), int(found.group(2))
    return date(year, mon, 1), date(year, mon, calendar.monthrange(year, mon)[1])


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def shift_month(month: str, months: int) -> str:
    """The month `months` away from 'YYYY-MM' (negative = earlier)."""
    start, _ = month_bounds(month)
    index = start.year * 12 + start.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def same_day_last_year(day: date) -> date:
    """The same calendar day a year earlier (29 February -> 28 February)."""
    last_day = calendar.monthrange(day.year - 1, day.month)[1]
    return date(day.year - 1, day.month, min(day.day, last_day))


def days_between(start: date, end: date) -> list[date]:
    """Every day of [start, end]; empty when end < start."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def campaign_days(start: date, end: date) -> dict[date, str]:
    """The default campaign sales days in [start, end] -> campaign name, from CAMPAIGN_WINDOWS (every store
    has them; History.campaign_days adds the store's own calendar)."""
    found: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        for window in CAMPAIGN_WINDOWS:
            for day in days_between(date(year, *window.start), date(year, *window.end)):
                if start <= day <= end:
                    found[day] = window.campaign
    return found


# --- history ---------------------------------------------------------------------------------------------

_DAILY_GMV_SQL = """
SELECT day, paid_gmv FROM sales_daily WHERE store = $store AND day BETWEEN $start AND $end
"""

_SOLD_BY_SQL = """
SELECT EXISTS (SELECT 1 FROM sales_daily WHERE store = $store AND day <= $day)
"""


@dataclass
class History:
    """A store's paid GMV per day over [start, end] (days without sales absent), read once per request."""

    conn: duckdb.DuckDBPyConnection
    store: str
    start: date
    end: date
    gmv: dict[date, Decimal]
    _sold_by: dict = field(default_factory=dict, repr=False)
    _calendar: dict = field(default_factory=dict, repr=False)
    _calendar_span: tuple[date, date] | None = field(default=None, repr=False)

    @classmethod
    def load(cls, conn: duckdb.DuckDBPyConnection, store: str, start: date, end: date) -> History:
        rows = (
            conn.sql(_DAILY_GMV_SQL, params={"store": store, "start": start, "end": end}).fetchall()
            if start <= end
            else []
        )
        return cls(conn, store, start, end, {day: gmv for day, gmv in rows})

    def day(self, day: date) -> Decimal:
        return self.gmv.get(day, ZERO)

    def total(self, start: date, end: date) -> Decimal:
        """Paid GMV over [start, end] (0.00 when empty)."""
        return sum((v for d, v in self.gmv.items() if start <= d <= end), ZERO)

    def campaign_days(self, start: date, end: date) -> dict[date, str]:
        """Campaign sales days in [start, end]: the default windows, and the store-wide sales phases of the
        store's campaign calendar (which win where both name a day). The calendar is read once, from the
        history's start to the end of the latest year asked for."""
        days = campaign_days(start, end)
        if self.conn is None or start > end:
            return days
        low, high = min(start, self.start), max(end, date(self.end.year, 12, 31))
        if self._calendar_span is None or low < self._calendar_span[0] or high > self._calendar_span[1]:
            self._calendar = campaign_day_names(self.conn, self.store, low, high)
            self._calendar_span = (low, high)
        days.update({d: name for d, name in self._calendar.items() if start <= d <= end})
        return days

    def sold_by(self, day: date) -> bool:
        """Whether the store had a paid order on or before `day` (queried only when a campaign month needs it)."""
        if day not in self._sold_by:
            params = {"store": self.store, "day": day}
            self._sold_by[day] = bool(self.conn.sql(_SOLD_BY_SQL, params=params).fetchall()[0][0])
        return self._sold_by[day]


def history_start(month: str, as_of: date) -> date:
    """The first day a month's figures need: last year's previous month (week-to-date may reach into the
    previous month, whose weights need its last year), and the weekday-profile lookback."""
    start, _ = month_bounds(shift_month(month, -13))
    cutoff = min(month_bounds(shift_month(month, -1))[0], as_of + timedelta(days=1))
    return min(start, cutoff - timedelta(weeks=PROFILE_LOOKBACK_WEEKS + 1))


# --- weights ---------------------------------------------------------------------------------------------


@dataclass
class DayWeight:
    day: date
    campaign: str | None
    basis: str
    weight: float


def weekday_profile(history: History, cutoff: date) -> tuple[list[float], int]:
    """(mean share of each weekday, Monday first; number of weeks used) from full weeks before `cutoff`."""
    last_sunday = cutoff - timedelta(days=cutoff.isoweekday())
    shares: list[list[float]] = []
    for k in range(PROFILE_LOOKBACK_WEEKS):
        week_end = last_sunday - timedelta(weeks=k)
        week_start = week_end - timedelta(days=6)
        if week_start < history.start or history.campaign_days(week_start, week_end):
            continue
        days = days_between(week_start, week_end)
        total = sum((history.day(d) for d in days), ZERO)
        if total <= 0:
            continue
        shares.append([float(history.day(d) / total) for d in days])
        if len(shares) == PROFILE_WEEKS:
            break
    if len(shares) < MIN_PROFILE_WEEKS:
        return [1 / 7] * 7, len(shares)
    return [math.fsum(week[i] for week in shares) / len(shares) for i in range(7)], len(shares)


def _campaign_shares(
    history: History, start: date, end: date, campaigns: dict[date, str], cutoff: date
) -> dict[date, float] | None:
    """Last year's share of its month for each campaign day, or None when last year is not usable."""
    if not campaigns:
        return {}
    ly_start = same_day_last_year(start)
    ly_end = date(ly_start.year, ly_start.month, calendar.monthrange(ly_start.year, ly_start.month)[1])
    if ly_end >= cutoff or ly_start < history.start:
        return None
    if not history.sold_by(ly_start):
        return None
    ly_total = history.total(ly_start, ly_end)
    if ly_total <= 0:
        return None
    return {d: float(history.day(same_day_last_year(d)) / ly_total) for d in campaigns}


def learned_weights(history: History, month: str, as_of: date) -> tuple[list[DayWeight], int]:
    """The month's daily weights (see the module doc) and the number of profile weeks behind them."""
    start, end = month_bounds(month)
    cutoff = min(start, as_of + timedelta(days=1))
    profile, weeks = weekday_profile(history, cutoff)
    plain_basis = "weekday" if weeks >= MIN_PROFILE_WEEKS else "even"
    campaigns = history.campaign_days(start, end)
    shares = _campaign_shares(history, start, end, campaigns, cutoff) or {}
    days = days_between(start, end)
    rest = max(0.0, 1.0 - math.fsum(shares.values()))
    plain = [d for d in days if d not in shares]
    denominator = math.fsum(profile[d.isoweekday() - 1] for d in plain)
    weights = []
    for d in days:
        if d in shares:
            weights.append(DayWeight(d, campaigns[d], "campaign", shares[d]))
        else:
            w = rest * profile[d.isoweekday() - 1] / denominator if denominator > 0 else rest / len(plain)
            weights.append(DayWeight(d, campaigns.get(d), plain_basis, w))
    return weights, weeks


def spread_target(
    weights: list[DayWeight], target: Decimal | None, overrides: dict[date, Decimal]
) -> list[Decimal | None]:
    """Daily targets: overrides as given, the rest of the target by weight, to the cent, summing exactly."""
    if target is None:
        return [overrides.get(w.day) for w in weights]
    free = [i for i, w in enumerate(weights) if w.day not in overrides]
    amounts: list[Decimal | None] = [overrides.get(w.day) for w in weights]
    remaining = max(ZERO, target - sum(overrides.get(w.day, ZERO) for w in weights))
    if not free:
        return amounts
    free_weight = math.fsum(weights[i].weight for i in free)
    for i in free:
        share = (
            Decimal(weights[i].weight) / Decimal(free_weight) if free_weight > 0 else Decimal(1) / len(free)
        )
        amounts[i] = (remaining * share).quantize(CENT, ROUND_HALF_UP)
    residual = remaining - sum(amounts[i] for i in free)
    largest = max(free, key=lambda i: (amounts[i], -i))
    amounts[largest] += residual
    return amounts


# --- one store-month, as of a date -------------------------------------------------------------------------


@dataclass
class MonthState:
    """Everything the pacing figures of one store and month need, as of a date."""

    month: str
    start: date
    end: date
    as_of: date
    cut: date  # last elapsed day: min(as_of, month end); before `start` when nothing has elapsed
    weights: list[DayWeight]
    profile_weeks: int
    target: Decimal | None
    daily: list[Decimal | None]  # daily targets (None without a target, except overridden days)
    overridden: list[bool]
    actual: list[Decimal | None]  # paid GMV per day up to cut, None after
    effective: list[float]  # the day's share of the month after overrides (learned weights without target)
    units: list[float]  # the planned amount per day the forecast scales: daily target, else the weight
    ratio: float | None = None  # r = MTD actual / MTD planned units
    ratio_low: float | None = None
    ratio_high: float | None = None

    @property
    def days_in_month(self) -> int:
        return len(self.weights)

    @property
    def elapsed(self) -> int:
        return sum(1 for w in self.weights if w.day <= self.cut)

    def elapsed_target(self) -> Decimal | None:
        if self.target is None:
            return None
        return sum(
            (t or ZERO for w, t in zip(self.weights, self.daily, strict=True) if w.day <= self.cut), ZERO
        )

    def weighted_progress(self) -> float:
        elapsed = self.elapsed
        if elapsed == 0:
            return 0.0
        if elapsed == self.days_in_month:
            return 1.0
        if self.target is not None and self.target > 0 and sum(t or ZERO for t in self.daily) > 0:
            total = sum(t or ZERO for t in self.daily)
            return float(self.elapsed_target() / total)
        return math.fsum(e for w, e in zip(self.weights, self.effective, strict=True) if w.day <= self.cut)

    def mtd_actual(self) -> Decimal:
        return sum((a for a in self.actual if a is not None), ZERO)

    def forecast(self, ratio: float | None) -> Decimal | None:
        """MTD actual plus the remaining planned units times `ratio`."""
        if self.elapsed == self.days_in_month:
            return self.mtd_actual()
        if ratio is None:
            return None
        remaining = math.fsum(u for w, u in zip(self.weights, self.units, strict=True) if w.day > self.cut)
        return (self.mtd_actual() + Decimal(remaining * ratio)).quantize(CENT, ROUND_HALF_UP)


def month_state(
    history: History,
    month: str,
    as_of: date,
    target: Decimal | None,
    overrides: dict[date, Decimal],
) -> MonthState:
    """Weights, daily targets, actuals and the forecast ratio of one store-month (history must cover it)."""
    start, end = month_bounds(month)
    weights, weeks = learned_weights(history, month, as_of)
    overrides = {d: v for d, v in overrides.items() if start <= d <= end}
    daily = spread_target(weights, target, overrides)
    cut = min(as_of, end)
    actual = [history.day(w.day) if w.day <= cut else None for w in weights]
    total = sum((t for t in daily if t is not None), ZERO) if target is not None else ZERO
    if total > 0:
        effective = [float((t or ZERO) / total) for t in daily]
        units = [float(t or ZERO) for t in daily]
    else:
        effective = [w.weight for w in weights]
        units = list(effective)
    state = MonthState(
        month, start, end, as_of, cut, weights, weeks, target, daily, [w.day in overrides for w in weights],
        actual, effective, units,
    )  # fmt: skip
    _fit_ratio(state)
    return state


def _fit_ratio(state: MonthState) -> None:
    """r = MTD actual / MTD planned units; its range r ± one standard error of the daily ratios
    actual/planned (sample standard deviation / sqrt(n), over elapsed days with a planned amount > 0;
    needs n >= 2; the low end is floored at 0)."""
    elapsed_units = [
        (a, u) for a, u in zip(state.actual, state.units, strict=True) if a is not None and u > 0
    ]
    planned = math.fsum(u for _, u in elapsed_units)
    if planned <= 0:
        return
    state.ratio = float(state.mtd_actual()) / planned
    ratios = [float(a) / u for a, u in elapsed_units]
    if len(ratios) >= 2:
        mean = math.fsum(ratios) / len(ratios)
        sd = math.sqrt(math.fsum((q - mean) ** 2 for q in ratios) / (len(ratios) - 1))
        se = sd / math.sqrt(len(ratios))
        state.ratio_low = max(0.0, state.ratio - se)
        state.ratio_high = state.ratio + se


def load_plan(
    conn: duckdb.DuckDBPyConnection, store: str, first_month: str, last_month: str
) -> dict[str, dict[str, Any]]:
    """plan_months rows of a store for months in [first_month, last_month], keyed by month."""
    table = conn.sql(
        """
        SELECT month, gmv_target, net_sales_target, visitors_target, conversion_target, aov_target, owner
        FROM plan_months
        WHERE store = $store AND month >= $first AND month <= $last
        """,
        params={"store": store, "first": first_month, "last": last_month},
    )
    names = [c[0] for c in table.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in table.fetchall()}


def load_overrides(
    conn: duckdb.DuckDBPyConnection, store: str, start: date, end: date
) -> dict[date, Decimal]:
    """plan_day_overrides of a store in [start, end]: date -> daily target."""
    rows = conn.sql(
        "SELECT date, gmv_target FROM plan_day_overrides WHERE store = $store AND date BETWEEN $start AND $end",
        params={"store": store, "start": start, "end": end},
    ).fetchall()
    return dict(rows)


def store_month_state(conn: duckdb.DuckDBPyConnection, store: str, month: str, as_of: date) -> MonthState:
    """month_state for one store, reading its history, plan row and overrides."""
    start, end = month_bounds(month)
    history = History.load(conn, store, history_start(month, as_of), min(as_of, end))
    plan = load_plan(conn, store, month, month).get(month, {})
    return month_state(history, month, as_of, plan.get("gmv_target"), load_overrides(conn, store, start, end))


# --- public functions --------------------------------------------------------------------------------------


def daily_weights(conn: duckdb.DuckDBPyConnection, *, store: str, month: str, as_of: date) -> pd.DataFrame:
    """The month's learned daily weights (see the module doc). attrs['profile_weeks'] = weeks behind the
    weekday profile (fewer than MIN_PROFILE_WEEKS means even weights)."""
    history = History.load(conn, store, history_start(month, as_of), min(as_of, month_bounds(month)[1]))
    weights, weeks = learned_weights(history, month, as_of)
    frame = rows_frame(
        (
            {
                "date": w.day,
                "weekday": w.day.isoweekday(),
                "is_campaign": w.campaign is not None,
                "campaign": w.campaign,
                "basis": w.basis,
                "weight": w.weight,
            }
            for w in weights
        ),
        WEIGHT_COLUMNS,
        ints=("weekday",),
        floats=("weight",),
        bools=("is_campaign",),
    )
    frame.attrs["profile_weeks"] = weeks
    return frame


def daily_frame(state: MonthState) -> pd.DataFrame:
    """The daily_targets frame of a computed MonthState."""
    rows = []
    cum_target: Decimal | None = ZERO
    cum_actual = ZERO
    planned_after = 0.0
    mtd = state.mtd_actual()
    for i, w in enumerate(state.weights):
        target, actual = state.daily[i], state.actual[i]
        cum_target = None if target is None or cum_target is None else cum_target + target
        if actual is not None:
            cum_actual += actual
        row = {
            "date": w.day,
            "weekday": w.day.isoweekday(),
            "is_campaign": w.campaign is not None,
            "campaign": w.campaign,
            "basis": w.basis,
            "weight": state.effective[i],
            "gmv_target": target,
            "overridden": state.overridden[i],
            "actual_gmv": actual,
            "cum_gmv_target": cum_target,
            "cum_actual_gmv": cum_actual if actual is not None else None,
            "forecast_cum": None,
            "forecast_cum_low": None,
            "forecast_cum_high": None,
        }
        if w.day >= state.cut and state.elapsed > 0:
            if w.day > state.cut:
                planned_after += state.units[i]
            for column, ratio in (
                ("forecast_cum", state.ratio),
                ("forecast_cum_low", state.ratio_low),
                ("forecast_cum_high", state.ratio_high),
            ):
                if ratio is not None:
                    row[column] = (mtd + Decimal(planned_after * ratio)).quantize(CENT, ROUND_HALF_UP)
        rows.append(row)
    return rows_frame(
        rows, DAILY_TARGET_COLUMNS, ints=("weekday",), floats=("weight",), bools=("is_campaign", "overridden")
    )


def daily_targets(conn: duckdb.DuckDBPyConnection, *, store: str, month: str, as_of: date) -> pd.DataFrame:
    """The month's daily targets with actuals and the cumulative forecast path (see the module doc)."""
    frame = daily_frame(state := store_month_state(conn, store, month, as_of))
    frame.attrs["profile_weeks"] = state.profile_weeks
    return frame


_MONTHLY_GMV_SQL = """
SELECT strftime(day, '%Y-%m') AS month, CAST(sum(paid_gmv) AS DECIMAL(18, 2))
FROM sales_daily
WHERE store = $store AND day BETWEEN $start AND $end
GROUP BY 1
"""


def draft_plan(
    conn: duckdb.DuckDBPyConnection, *, store: str, year: int, annual_target: Decimal
) -> pd.DataFrame:
    """Split `annual_target` over the 12 months of `year` by last year's monthly shares of paid GMV, or
    evenly when last year has a month without sales (a partial year would give those months 0). Amounts
    are rounded to whole yuan; the remainder goes to the largest month (the first on a tie), so the months
    sum to the annual target exactly."""
    annual = Decimal(str(annual_target))
    if not annual.is_finite() or annual < 0:
        raise ValueError(f"annual_target must be a non-negative amount; got {annual_target!r}")
    months = [f"{year:04d}-{m:02d}" for m in range(1, 13)]
    last_year = dict(
        conn.sql(
            _MONTHLY_GMV_SQL,
            params={"store": store, "start": date(year - 1, 1, 1), "end": date(year - 1, 12, 31)},
        ).fetchall()
    )
    ly = [last_year.get(f"{year - 1:04d}-{m:02d}", ZERO) for m in range(1, 13)]
    total = sum(ly, ZERO)
    use_history = all(v > 0 for v in ly)
    shares = [v / total for v in ly] if use_history else [Decimal(1) / 12] * 12
    amounts = [(annual * s).quantize(YUAN, ROUND_HALF_UP) for s in shares]
    largest = max(range(12), key=lambda i: (amounts[i], -i))
    amounts[largest] += annual - sum(amounts, Decimal(0))
    basis = "last_year_share" if use_history else "even"
    return rows_frame(
        (
            {
                "store": store,
                "month": month,
                "gmv_target": amount,
                "basis": basis,
                "share": float(share),
                "last_year_gmv": ly_gmv,
            }
            for month, amount, share, ly_gmv in zip(months, amounts, shares, ly, strict=True)
        ),
        DRAFT_PLAN_COLUMNS,
        floats=("share",),
    )


_STORES_SQL = """
SELECT store FROM plan_months WHERE month = $month
UNION
SELECT DISTINCT store FROM sales_daily WHERE day BETWEEN $start AND $end
ORDER BY store
"""


def stores_for_month(conn: duckdb.DuckDBPyConnection, month: str, as_of: date) -> list[str]:
    """Stores with a plan row for the month or a paid order in it up to as_of, sorted."""
    start, end = month_bounds(month)
    params = {"month": month, "start": start, "end": min(as_of, end)}
    return [row[0] for row in conn.sql(_STORES_SQL, params=params).fetchall()]
