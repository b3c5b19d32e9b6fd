"""The plan's fields, their Chinese headers, and the checks every value passes before it is stored.

One place decides what a valid month, amount, visitor count or conversion rate is, for the editor, the
plan file connector and the draft generator alike. Each checker returns the clean value or raises
`BadValue` with a bilingual reason.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PLAN_FIELDS = (
    "gmv_target",
    "net_sales_target",
    "visitors_target",
    "conversion_target",
    "aov_target",
    "owner",
)
MONEY_FIELDS = ("gmv_target", "net_sales_target", "aov_target")

# The Chinese header of each field (plan files, the template, rejected rows, the editor).
FIELD_HEADERS = {
    "store": "店铺",
    "month": "月份",
    "gmv_target": "销售目标",
    "net_sales_target": "净销售目标",
    "visitors_target": "访客数目标",
    "conversion_target": "转化率目标",
    "aov_target": "客单价目标",
    "owner": "负责人",
}
HEADER_FIELDS = {header: name for name, header in FIELD_HEADERS.items()}

MAX_MONEY = Decimal("9999999999999999.99")  # DECIMAL(18, 2)
MISSING_TEXT = ("", "-", "--", "—", "暂无", "null", "NULL", "None", "N/A", "n/a", "nan")
CONVERSION_DIGITS = 6

_MONTH_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
    # A date Excel made of a typed month (2026-01 -> 2026-01-01), possibly with a midnight time.
    re.compile(
        r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
    ),
)


class BadValue(ValueError):
    """A value that cannot be stored; the message says why, in Chinese / English."""


def is_missing(value: object) -> bool:
    """None, NaN, pandas NA or placeholder text: the cell has no value (never 0)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and value.strip() in MISSING_TEXT:
        return True
    try:
        import pandas as pd

        return value is pd.NA or value is pd.NaT
    except ImportError:  # pragma: no cover - pandas is a runtime dependency
        return False


def parse_month(value: object) -> str:
    """'YYYY-MM' from 2026-01, 2026/1, 2026年1月, 202601 or a date such as 2026-01-01; else BadValue."""
    if isinstance(value, dt.date | dt.datetime):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip() if value is not None else ""
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and 2000 <= year <= 2100:
            if match.lastindex == 3:
                try:
                    dt.date(year, month, int(match.group(3)))
                except ValueError:
                    break
            return f"{year:04d}-{month:02d}"
        break
    raise BadValue("不是有效月份（应为 YYYY-MM，如 2026-01）/ not a valid month (YYYY-MM)")


def number_text(value: str) -> str:
    """A number cell's text without thousands separators, currency marks and spaces (full-width folded)."""
    return re.sub(r"[,，元¥￥\s]", "", unicodedata.normalize("NFKC", value))


def parse_money(
    value: object, *, negative: str = "目标不能为负数 / a target cannot be negative"
) -> Decimal | None:
    """An amount in yuan ≥ 0 with 2 decimals ('1,000', '1000元' accepted), or None when missing; `negative`
    is the reason given for a negative amount."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise BadValue("不是有效金额 / not a valid amount")
    try:
        if isinstance(value, str):
            amount = Decimal(number_text(value))
        elif isinstance(value, float):
            if math.isinf(value):
                raise InvalidOperation
            amount = Decimal(repr(value))
        else:
            amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise BadValue("不是有效金额 / not a valid amount") from None
    if not amount.is_finite():
        raise BadValue("不是有效金额 / not a valid amount")
    amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount < 0:
        raise BadValue(negative)
    if amount > MAX_MONEY:
        raise BadValue("金额过大 / amount too large")
    return amount


def parse_count(value: object) -> int | None:
    """A whole number ≥ 0 (visitors), or None when missing."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise BadValue("不是有效整数 / not a valid whole number")
    try:
        number = Decimal(number_text(value)) if isinstance(value, str) else Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise BadValue("不是有效整数 / not a valid whole number") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise BadValue("不是有效整数 / not a valid whole number")
    if number < 0:
        raise BadValue("目标不能为负数 / a target cannot be negative")
    if number > 10**15:
        raise BadValue("数值过大 / number too large")
    return int(number)


def fraction(value: object, *, invalid: str, out_of_range: str, digits: int) -> float | None:
    """A ratio as a fraction in [0, 1]: 0.032 and '3.2%' both give 0.032; None when missing. A plain number
    above 1 is an error (`out_of_range`), never divided by 100 silently; text is `invalid`."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise BadValue(invalid)
    try:
        if isinstance(value, str):
            text = number_text(value)
            rate = float(text[:-1]) / 100 if text.endswith("%") else float(text)
        else:
            rate = float(value)
    except (TypeError, ValueError):
        raise BadValue(invalid) from None
    if math.isnan(rate) or math.isinf(rate):
        raise BadValue(invalid)
    if not 0 <= rate <= 1:
        raise BadValue(out_of_range)
    return round(rate, digits)


def parse_conversion(value: object) -> float | None:
    """A conversion rate as a fraction in [0, 1]: 0.032 and '3.2%' both give 0.032; None when missing."""
    return fraction(
        value,
        invalid="不是有效百分比 / not a valid percentage",
        out_of_range="转化率应在 0 到 1 之间（3.2% 写作 0.032 或 3.2%）/ conversion must be a fraction between 0 and 1",
        digits=CONVERSION_DIGITS,
    )


def parse_owner(value: object) -> str | None:
    """The responsible person's name, trimmed; None when empty."""
    if is_missing(value):
        return None
    text = str(value).strip()
    if len(text) > 100:
        raise BadValue("负责人名称过长（最多 100 字）/ owner name too long")
    return text or None


PARSERS = {
    "gmv_target": parse_money,
    "net_sales_target": parse_money,
    "visitors_target": parse_count,
    "conversion_target": parse_conversion,
    "aov_target": parse_money,
    "owner": parse_owner,
}


def as_text(value: object) -> str | None:
    """A stored value as the text plan_history keeps (None stays NULL)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, float):
        return repr(round(value, CONVERSION_DIGITS))
    return str(value)


def same_value(field: str, old: object, new: object) -> bool:
    """Whether a stored value and a new one are the same target (conversion compared after rounding)."""
    if old is None or new is None:
        return old is None and new is None
    if field == "conversion_target":
        return round(float(old), CONVERSION_DIGITS) == round(float(new), CONVERSION_DIGITS)
    if field in MONEY_FIELDS:
        return Decimal(old) == Decimal(new)
    return old == new
