"""Restock settings (补货参数): the fields, their Chinese headers, and the check every value passes.

One place decides what a valid lead time, review period, MOQ, case pack, service level, unit cost or
status is, for the editor, the settings file connector and the store-wide defaults alike. Each parser
returns the clean value (None when the cell is empty) or raises `BadValue` with a bilingual reason.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from plans.fields import BadValue, is_missing

__all__ = [
    "DEFAULT_KEYS",
    "FIELD_HEADERS",
    "HEADER_FIELDS",
    "PARSERS",
    "SETTING_FIELDS",
    "BadValue",
    "is_missing",
    "parse_active",
    "parse_days",
    "parse_discontinued",
    "parse_money",
    "parse_pack",
    "parse_service_level",
    "parse_store_default",
    "parse_supplier",
]

# The per-SKU columns of sku_settings a row may carry (besides store and sku).
SETTING_FIELDS = (
    "supplier",
    "lead_time_days",
    "review_period_days",
    "moq",
    "case_pack",
    "service_level",
    "unit_cost",
    "active",
)

# The Chinese header of each field (settings files, the template, rejected rows, the editor).
FIELD_HEADERS = {
    "store": "店铺",
    "sku": "商品编码",
    "name": "商品名称",
    "supplier": "供应商",
    "lead_time_days": "交期(天)",
    "review_period_days": "补货周期(天)",
    "moq": "最小起订量",
    "case_pack": "箱规",
    "service_level": "服务水平",
    "unit_cost": "单位成本",
    "active": "状态",
    "discontinued": "是否停售",
}
HEADER_FIELDS = {header: name for name, header in FIELD_HEADERS.items()}

MAX_DAYS = 365
MAX_PACK = 1_000_000
MAX_MONEY = Decimal("9999999999999999.99")  # DECIMAL(18, 2)
ACTIVE_WORDS = {"在售": True, "启用": True, "正常": True, "停售": False, "已停售": False, "停用": False}
YES_WORDS = {"是": True, "y": True, "yes": True, "true": True, "1": True, "否": False, "n": False}
YES_WORDS |= {"no": False, "false": False, "0": False}

_NUMBER_JUNK = re.compile(r"[,，\s]")


def _number(value: object, what: str) -> Decimal:
    """A finite Decimal from a cell (text, int or float); BadValue naming `what` otherwise."""
    if isinstance(value, bool):
        raise BadValue(f"不是有效{what[0]} / not a valid {what[1]}")
    try:
        if isinstance(value, str):
            number = Decimal(_NUMBER_JUNK.sub("", value))
        elif isinstance(value, float):
            number = Decimal(repr(value))
        else:
            number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise BadValue(
            f"不是有效{what[0]}（单元格含文字）/ not a valid {what[1]} (text in a number cell)"
        ) from None
    if not number.is_finite():
        raise BadValue(f"不是有效{what[0]} / not a valid {what[1]}")
    return number


def _whole(value: object, what: tuple[str, str]) -> int:
    number = _number(value, what)
    if number != number.to_integral_value():
        raise BadValue(f"{what[0]}应为整数 / {what[1]} must be a whole number")
    return int(number)


def parse_days(value: object) -> int | None:
    """A lead time or review period in whole days, 0..365; None when empty. Negative is an error."""
    if is_missing(value):
        return None
    days = _whole(value, ("天数", "number of days"))
    if days < 0:
        raise BadValue("天数不能为负数 / days cannot be negative")
    if days > MAX_DAYS:
        raise BadValue(f"天数过大（最多 {MAX_DAYS}）/ too many days (at most {MAX_DAYS})")
    return days


def parse_pack(value: object) -> int | None:
    """A minimum order quantity or case pack in units, at least 1; None when empty."""
    if is_missing(value):
        return None
    units = _whole(value, ("件数", "unit count"))
    if units < 1:
        raise BadValue("应至少为 1 件 / must be at least 1 unit")
    if units > MAX_PACK:
        raise BadValue("数值过大 / number too large")
    return units


def parse_service_level(value: object) -> float | None:
    """A target service level as a fraction strictly inside (0, 1): 0.95 and '95%' both give 0.95."""
    if is_missing(value):
        return None
    text = value.strip() if isinstance(value, str) else None
    if text is not None and text.endswith(("%", "％")):
        level = float(_number(text[:-1], ("百分比", "percentage"))) / 100
    else:
        level = float(_number(value, ("服务水平", "service level")))
    if not 0 < level < 1:
        raise BadValue(
            "服务水平应在 0 与 1 之间（不含两端，如 0.95 或 95%）/ service level must be strictly between 0 and 1"
        )
    return round(level, 6)


def parse_money(value: object) -> Decimal | None:
    """A unit cost in yuan ≥ 0 with 2 decimals (元/¥ allowed); None when empty."""
    if is_missing(value):
        return None
    if isinstance(value, str):
        value = re.sub(r"[元¥￥]", "", value)
    amount = _number(value, ("金额", "amount")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount < 0:
        raise BadValue("成本不能为负数 / a cost cannot be negative")
    if amount > MAX_MONEY:
        raise BadValue("金额过大 / amount too large")
    return amount


def parse_supplier(value: object) -> str | None:
    """The supplier's name, trimmed; None when empty."""
    if is_missing(value):
        return None
    text = str(value).strip()
    if len(text) > 200:
        raise BadValue("供应商名称过长（最多 200 字）/ supplier name too long")
    return text or None


def parse_active(value: object) -> bool | None:
    """状态: 在售 (True) or 停售 (False); also 是/否 and true/false. None when empty."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip()
    if text in ACTIVE_WORDS:
        return ACTIVE_WORDS[text]
    if text.lower() in YES_WORDS:
        return YES_WORDS[text.lower()]
    raise BadValue("状态应为“在售”或“停售” / status must be 在售 (active) or 停售 (discontinued)")


def parse_discontinued(value: object) -> bool | None:
    """是否停售: 是 means discontinued; returned as the `active` flag (是 -> False). None when empty."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        return not value
    text = str(value).strip()
    if text in ACTIVE_WORDS:
        return ACTIVE_WORDS[text]
    if text.lower() in YES_WORDS:
        return not YES_WORDS[text.lower()]
    raise BadValue("是否停售应为“是”或“否” / 是否停售 must be 是 (yes) or 否 (no)")


PARSERS = {
    "supplier": parse_supplier,
    "lead_time_days": parse_days,
    "review_period_days": parse_days,
    "moq": parse_pack,
    "case_pack": parse_pack,
    "service_level": parse_service_level,
    "unit_cost": parse_money,
    "active": parse_active,
    "discontinued": parse_discontinued,
}

# Store-wide defaults (store_settings keys) and the parser of each; the code's own defaults live in
# metrics/restock.py (a key that is absent takes them).
DEFAULT_KEYS = {
    "lead_time_days": parse_days,
    "review_period_days": parse_days,
    "service_level": parse_service_level,
    "moq": parse_pack,
    "case_pack": parse_pack,
    "overstock_days": parse_pack,
    "dead_stock_days": parse_pack,
    "new_sku_days": parse_pack,
    "stale_snapshot_days": parse_days,
}


def parse_store_default(key: str, value: object) -> object:
    """The clean value of one store-wide default (None = remove the key); BadValue for an unknown key."""
    if key not in DEFAULT_KEYS:
        raise BadValue(f"未知设置项 {key} / unknown setting {key!r}")
    return DEFAULT_KEYS[key](value)
