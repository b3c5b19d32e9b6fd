"""The campaign calendar's fields, their Chinese headers, and the checks one calendar cell passes.

One place decides what a valid campaign type, phase, time window, SKU list, amount or rate is, for the
editor, the calendar file connector and the templates alike. Each parser returns the clean value or
raises `BadValue` with a bilingual reason.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from plans import fields as plan_fields
from plans.fields import BadValue, is_missing

CAMPAIGN_TYPES = ("双十一", "618", "聚划算", "年货节", "店铺活动", "其他")
PHASES = ("预热", "定金", "尾款", "爆发", "返场", "活动")
SINGLE_PHASE = "活动"  # the one phase of a campaign without presale phases (a 聚划算 day, a store event)

# Spellings operators use, compared after NFKC, trimming and lower-casing (双11 -> 双十一, 现货 -> 爆发).
TYPE_ALIASES = {
    "双11": "双十一",
    "双十一": "双十一",
    "天猫双11": "双十一",
    "天猫双十一": "双十一",
    "11.11": "双十一",
    "1111": "双十一",
    "双11大促": "双十一",
    "双十一大促": "双十一",
    "618": "618",
    "六一八": "618",
    "天猫618": "618",
    "618大促": "618",
    "年中大促": "618",
    "聚划算": "聚划算",
    "jhs": "聚划算",
    "年货节": "年货节",
    "天猫年货节": "年货节",
    "店铺活动": "店铺活动",
    "店铺自主活动": "店铺活动",
    "其他": "其他",
    "其它": "其他",
    "other": "其他",
}
PHASE_ALIASES = {
    "预热": "预热",
    "预热期": "预热",
    "定金": "定金",
    "订金": "定金",
    "付定金": "定金",
    "定金期": "定金",
    "尾款": "尾款",
    "付尾款": "尾款",
    "尾款期": "尾款",
    "爆发": "爆发",
    "爆发期": "爆发",
    "现货": "爆发",
    "现货期": "爆发",
    "正式": "爆发",
    "正式期": "爆发",
    "返场": "返场",
    "返场期": "返场",
    "活动": "活动",
    "活动期": "活动",
}

# Campaign-level values: every phase row of one campaign must agree on them (blank = not given).
CAMPAIGN_VALUES = (
    "campaign_type",
    "gmv_target",
    "slot_fee",
    "commission_rate",
    "ad_spend",
    "coupon_cost",
    "margin_rate",
)
MONEY_FIELDS = ("gmv_target", "slot_fee", "ad_spend", "coupon_cost")
RATE_FIELDS = ("commission_rate", "margin_rate")

# The Chinese header of each field (calendar files, the template, rejected rows, the editor).
FIELD_HEADERS = {
    "name": "活动名称",
    "campaign_type": "活动类型",
    "store": "店铺",
    "phase": "阶段",
    "starts_at": "开始时间",
    "ends_at": "结束时间",
    "skus": "商品编码",
    "gmv_target": "目标GMV",
    "slot_fee": "坑位费",
    "commission_rate": "佣金比例",
    "ad_spend": "推广费用",
    "coupon_cost": "优惠券成本",
    "margin_rate": "毛利率",
}
HEADER_FIELDS = {header: name for name, header in FIELD_HEADERS.items()}

RATE_DIGITS = 6
MAX_NAME = 100
_SKU_SEPARATORS = re.compile(r"[,，、;；\s]+")
_TIME = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:(?:\s+|T)(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.\d+)?)?)?$"
)


@dataclass(frozen=True)
class PhaseWindow:
    """One phase of a campaign: naive Beijing times, both ends inclusive."""

    phase: str
    starts_at: dt.datetime
    ends_at: dt.datetime


def _key(value: object) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))).lower()


def parse_name(value: object) -> str:
    """The campaign's name, trimmed (required, at most 100 characters)."""
    if is_missing(value) or not str(value).strip():
        raise BadValue("必填值为空 / required value is empty")
    text = str(value).strip()
    if len(text) > MAX_NAME:
        raise BadValue(f"活动名称过长（最多 {MAX_NAME} 字）/ campaign name too long")
    return text


def parse_type(value: object) -> str:
    """One of CAMPAIGN_TYPES, from the type itself or a common alias (双11, 天猫双十一, 六一八, 年中大促 …)."""
    if is_missing(value):
        raise BadValue("必填值为空 / required value is empty")
    found = TYPE_ALIASES.get(_key(value))
    if found is None:
        raise BadValue(
            f"未知活动类型，应为 {'、'.join(CAMPAIGN_TYPES)} 之一"
            f" / unknown campaign type; expected one of {', '.join(CAMPAIGN_TYPES)}"
        )
    return found


def parse_phase(value: object) -> str:
    """One of PHASES, from the phase itself or an alias (现货/正式 -> 爆发, 订金 -> 定金 …)."""
    if is_missing(value):
        raise BadValue("必填值为空 / required value is empty")
    found = PHASE_ALIASES.get(_key(value))
    if found is None:
        raise BadValue(
            f"未知阶段，应为 {'、'.join(PHASES)} 之一（单阶段活动写“活动”）"
            f" / unknown phase; expected one of {', '.join(PHASES)} ('活动' for a one-phase campaign)"
        )
    return found


def parse_time(value: object, *, end: bool) -> dt.datetime:
    """A naive Beijing time from YYYY-MM-DD HH:MM:SS, YYYY-MM-DD HH:MM or a bare date (also with / or 年月日).

    An end given without seconds covers its whole minute (23:59 -> 23:59:59, as Excel re-saves such times),
    a bare end date its whole day (-> 23:59:59); a bare start date starts at 00:00:00.
    """
    if is_missing(value):
        raise BadValue("必填值为空 / required value is empty")
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(23, 59, 59) if end else dt.time())
    match = _TIME.match(unicodedata.normalize("NFKC", str(value)).strip())
    if match:
        year, month, day, hour, minute, second = match.groups()
        if hour is None:
            hour, minute, second = (23, 59, 59) if end else (0, 0, 0)
        elif second is None:
            second = 59 if end else 0
        try:
            stamp = dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
        except ValueError:
            stamp = None
        if stamp is not None and 2000 <= stamp.year <= 2100:
            return stamp
    raise BadValue(
        "不是有效时间（应为 YYYY-MM-DD HH:MM:SS，北京时间）/ not a valid time (YYYY-MM-DD HH:MM:SS, Beijing time)"
    )


def parse_skus(value: object) -> dict[str, float | None]:
    """SKU codes (商家编码) separated by , ， 、 ; or spaces, in order, without repeats ({} when empty), each
    with its own 毛利率 when written as CODE=RATE (SKU-A=45% or SKU-A=0.45), else None."""
    if is_missing(value):
        return {}
    parts = value if isinstance(value, list | tuple | set) else _SKU_SEPARATORS.split(str(value))
    out: dict[str, float | None] = {}
    for part in parts:
        text = "" if is_missing(part) else str(part).strip().replace("＝", "=")
        code, _, rate = text.partition("=")
        code = code.strip()
        if len(code) > MAX_NAME:
            raise BadValue(f"商品编码过长（最多 {MAX_NAME} 字）/ SKU code too long")
        if not code:
            continue
        try:
            margin = parse_rate(rate.strip()) if "=" in text else None
        except BadValue as exc:
            raise BadValue(f"{code} 的毛利率：{exc}") from None
        if "=" in text and margin is None:
            raise BadValue(
                f"{code}= 后缺少毛利率（如 {code}=45%）/ {code}= needs a margin rate, e.g. {code}=45%"
            )
        out[code] = margin if margin is not None else out.get(code)
    return out


def parse_money(value: object) -> Decimal | None:
    """An amount in yuan ≥ 0 with 2 decimals ('1,000', '1000元' accepted), or None when missing."""
    return plan_fields.parse_money(value, negative="金额不能为负数 / an amount cannot be negative")


def parse_rate(value: object) -> float | None:
    """A rate as a fraction in [0, 1]: 0.05 and '5%' both give 0.05; None when missing.

    A plain number above 1 (5 meaning 5 %) is an error, never divided by 100 silently.
    """
    return plan_fields.fraction(
        value,
        invalid="不是有效比例 / not a valid rate",
        out_of_range="比例应在 0 到 1 之间（5% 写作 0.05 或 5%）/ a rate must be a fraction between 0 and 1 (0.05 or 5%)",
        digits=RATE_DIGITS,
    )


VALUE_PARSERS = {
    "campaign_type": parse_type,
    "gmv_target": parse_money,
    "slot_fee": parse_money,
    "commission_rate": parse_rate,
    "ad_spend": parse_money,
    "coupon_cost": parse_money,
    "margin_rate": parse_rate,
}


def same_value(field: str, old: object, new: object) -> bool:
    """Whether a stored campaign value and a new one are the same (rates compared after rounding)."""
    if old is None or new is None:
        return old is None and new is None
    if field in RATE_FIELDS:
        return round(float(old), RATE_DIGITS) == round(float(new), RATE_DIGITS)
    if field in MONEY_FIELDS:
        return Decimal(old) == Decimal(new)
    return old == new


def window_text(window: PhaseWindow) -> str:
    """'定金 2026-10-24 20:00:00 – 2026-10-31 23:59:59' (for messages)."""
    return f"{window.phase} {window.starts_at:%Y-%m-%d %H:%M:%S} – {window.ends_at:%Y-%m-%d %H:%M:%S}"
