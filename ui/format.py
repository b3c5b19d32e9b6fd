"""Number formatting for the interface: money in yuan (万/亿 in Chinese, K/M in English), counts, percentages.

Values stay raw everywhere else (STYLE habit 6); only ui/ and pages/ turn them into text. A missing value
(None, NaN) is shown as "—", never as 0.
"""

from __future__ import annotations

import math
from decimal import Decimal

MISSING = "—"


def _number(value: object) -> float | None:
    """The value as a float, or None when it is missing (None, NaN, pandas NA, empty text)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return None if value.is_nan() else float(value)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def money(value: object, lang: str = "zh") -> str:
    """Yuan for a KPI card: ¥1,234.56 below 1万; ¥12.35万 / ¥1.23亿 in Chinese, ¥12.35K / ¥1.23M in English."""
    number = _number(value)
    if number is None:
        return MISSING
    sign = "-" if number < 0 else ""
    size = abs(number)
    if lang == "zh":
        if size >= 1e8:
            return f"{sign}¥{size / 1e8:,.2f}亿"
        if size >= 1e4:
            return f"{sign}¥{size / 1e4:,.2f}万"
    else:
        if size >= 1e6:
            return f"{sign}¥{size / 1e6:,.2f}M"
        if size >= 1e4:
            return f"{sign}¥{size / 1e3:,.2f}K"
    return f"{sign}¥{size:,.2f}"


def money_exact(value: object) -> str:
    """Yuan with every digit, for tables and tooltips: ¥1,234,567.80."""
    number = _number(value)
    if number is None:
        return MISSING
    sign = "-" if number < 0 else ""
    return f"{sign}¥{abs(number):,.2f}"


def count(value: object) -> str:
    """A whole number with thousands separators: 12,345."""
    number = _number(value)
    if number is None:
        return MISSING
    return f"{round(number):,}"


def percent(fraction: object, digits: int = 2) -> str:
    """A ratio stored as a fraction (0.0325) shown as a percentage (3.25%)."""
    number = _number(fraction)
    if number is None:
        return MISSING
    return f"{number * 100:.{digits}f}%"
