"""The baseline of a campaign review: what a daily series would have been without the campaign.

Model, fitted on the clean days before the campaign (metrics.campaign_windows: no other campaign, not the
pre window), multiplicative:

    expected(day) = level x weekday_factor[weekday(day)] x exp(slope x (t(day) - t_mean))

- Weekday factors: the mean ratio of each weekday's value to the level, normalised so the weekdays present
  average 1; a weekday absent from the fit days gets 1.
- Trend: fitted only with at least TREND_MIN_DAYS fit days and a positive deseasonalised value on every
  one of them (a log needs it): an OLS slope of log(value / factor) on the day number, kept when
  |slope / its standard error| >= TREND_MIN_T (about the 5% level); otherwise slope 0 (flat level).
  Extrapolated to the campaign and post windows, so it is only kept when the history supports it.
- Uncertainty: relative residuals e = value / expected - 1 on the fit days, sd = sqrt(sum e^2 / (n - p))
  with p the fitted parameters (weekday factors - 1, level, slope). A sum of expected values over days D
  has the variance  sum_D (sd x expected)^2            (each day's own noise, independent)
                  + (sum_D sd x expected x r(day))^2   (the estimated level and slope, shared by every day)
  with r(day) = sqrt(1/n + (t(day) - t_mean)^2 / Sxx) (Sxx term only with a trend). The band is +- Z x
  sqrt(variance), Z = 1.96 (about 95%, normal approximation; with n = 28 a t quantile would be ~2.05).
- Fewer than MIN_FIT_DAYS fit days: no baseline (None), never a made-up number.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

Z = 1.96
MIN_FIT_DAYS = 14
TREND_MIN_DAYS = 21
TREND_MIN_T = 2.0


@dataclass(frozen=True)
class Baseline:
    """A fitted baseline; `shape(day)` is the weekday x trend multiplier, `predict` = level x shape."""

    level: float
    factors: tuple[float, ...]  # Monday first
    slope: float  # per day, on the log scale; 0 without a trend
    origin: date  # t(day) = (day - origin).days
    t_mean: float
    sxx: float
    sd: float  # relative residual standard deviation
    n: int
    trend: bool

    def shape(self, day: date) -> float:
        t = (day - self.origin).days - self.t_mean
        return self.factors[day.isoweekday() - 1] * math.exp(self.slope * t)

    def predict(self, day: date) -> float:
        return self.level * self.shape(day)

    def _shared(self, day: date) -> float:
        t = (day - self.origin).days - self.t_mean
        return math.sqrt(1 / self.n + (t * t / self.sxx if self.trend and self.sxx > 0 else 0.0))

    def band(self, days: Iterable[date]) -> tuple[float, float]:
        """(sum of the expected values over `days`, half width of its ~95% interval)."""
        days = list(days)
        preds = [self.predict(d) for d in days]
        noise = math.fsum((self.sd * p) ** 2 for p in preds)
        shared = math.fsum(self.sd * p * self._shared(d) for d, p in zip(days, preds, strict=True))
        return math.fsum(preds), Z * math.sqrt(noise + shared**2)


def _factors(values: np.ndarray, weekdays: np.ndarray, expected_level: np.ndarray) -> np.ndarray:
    """Mean value / level per weekday (0 = Monday), normalised to average 1 over the weekdays present."""
    ratio = np.divide(values, expected_level, out=np.zeros_like(values), where=expected_level > 0)
    factors = np.ones(7)
    present = [k for k in range(7) if (weekdays == k).any()]
    for k in present:
        factors[k] = ratio[weekdays == k].mean()
    mean = factors[present].mean()
    if mean > 0:
        factors[present] = factors[present] / mean
    factors[factors <= 0] = 1e-9  # a weekday that never sold: keep the division defined
    return factors


def fit_baseline(values: Mapping[date, float], days: list[date]) -> Baseline | None:
    """Fit the model on `days` (values missing from `values` are 0); None with fewer than MIN_FIT_DAYS."""
    n = len(days)
    if n < MIN_FIT_DAYS:
        return None
    origin = days[0]
    y = np.array([float(values.get(d, 0.0)) for d in days])
    t = np.array([(d - origin).days for d in days], dtype=float)
    weekdays = np.array([d.isoweekday() - 1 for d in days])
    t_mean = float(t.mean())
    tc = t - t_mean
    sxx = float((tc * tc).sum())
    factors = _factors(y, weekdays, np.full(n, y.mean()))
    level = float((y / factors[weekdays]).mean())
    slope, trend = 0.0, False
    deseason = y / factors[weekdays]
    if n >= TREND_MIN_DAYS and sxx > 0 and (deseason > 0).all():
        slope, intercept, significant = _log_trend(deseason, tc)
        if significant:
            factors = _factors(y, weekdays, np.exp(intercept + slope * tc))
            slope, intercept, trend = _log_trend(y / factors[weekdays], tc)
            level = math.exp(intercept) if trend else level
            slope = slope if trend else 0.0
        else:
            slope = 0.0
    if not trend:
        factors = _factors(y, weekdays, np.full(n, level))
        level = float((y / factors[weekdays]).mean())
    expected = level * factors[weekdays] * np.exp(slope * tc)
    rel = np.divide(y, expected, out=np.zeros_like(y), where=expected > 0) - 1.0
    rel[expected <= 0] = 0.0
    params = len(set(weekdays.tolist())) + (1 if trend else 0)
    sd = math.sqrt(float((rel * rel).sum()) / max(n - params, 1))
    return Baseline(level, tuple(float(f) for f in factors), slope, origin, t_mean, sxx, sd, n, trend)


def _log_trend(deseason: np.ndarray, tc: np.ndarray) -> tuple[float, float, bool]:
    """(slope, intercept at t_mean, significant) of an OLS line through log(deseason) on centred t."""
    logs = np.log(deseason)
    sxx = float((tc * tc).sum())
    slope = float((tc * (logs - logs.mean())).sum() / sxx)
    intercept = float(logs.mean())
    resid = logs - intercept - slope * tc
    dof = len(logs) - 2
    se = math.sqrt(float((resid * resid).sum()) / dof / sxx) if dof > 0 else math.inf
    significant = abs(slope) > 1e-9 and (se == 0 or abs(slope) / se >= TREND_MIN_T)
    return slope, intercept, significant
