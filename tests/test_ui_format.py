"""ui.format: money in yuan with 万/亿 (K/M in English), counts, percentages, and "—" for missing values."""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd
import pytest

from ui import format as fmt


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (0, "¥0.00", "¥0.00"),
        (Decimal("400.00"), "¥400.00", "¥400.00"),
        (9999.99, "¥9,999.99", "¥9,999.99"),
        (10000, "¥1.00万", "¥10.00K"),
        (Decimal("123456.78"), "¥12.35万", "¥123.46K"),
        (1_234_567, "¥123.46万", "¥1.23M"),
        (250_000_000, "¥2.50亿", "¥250.00M"),
        (-35000, "-¥3.50万", "-¥35.00K"),
        (-12.5, "-¥12.50", "-¥12.50"),
    ],
)
def test_money(value, zh, en):
    assert fmt.money(value, "zh") == zh
    assert fmt.money(value, "en") == en


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA, Decimal("NaN"), "", "-"])
def test_missing_is_a_dash_not_zero(missing):
    assert fmt.money(missing) == "—"
    assert fmt.money_exact(missing) == "—"
    assert fmt.count(missing) == "—"
    assert fmt.percent(missing) == "—"


def test_exact_money_count_percent():
    assert fmt.money_exact(Decimal("1234567.8")) == "¥1,234,567.80"
    assert fmt.money_exact(-3) == "-¥3.00"
    assert fmt.count(12345) == "12,345"
    assert fmt.count(pd.array([3], dtype="Int64")[0]) == "3"
    assert fmt.percent(0.0325) == "3.25%"
    assert fmt.percent(1) == "100.00%"
    assert fmt.percent(0.5, digits=0) == "50%"
