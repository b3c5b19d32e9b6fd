"""The demo store's campaign calendar: 活动日历_{year}.xlsx in the calendar template's headers, one Double 11
campaign per year whose presale the demo simulates (data/demo_model.py), three phase rows each:

  定金 10-24 20:00:00 – 10-31 23:59:59   deposits (the model opens them at 20:00 on 10-24)
  尾款 11-01 00:00:00 – 11-03 23:59:59   first-wave final payments and the spot sale
  爆发 11-11 00:00:00 – 11-11 23:59:59   the peak, with the second-wave final payments

目标GMV: the first year aims at its own sales on the sales phases (11-01..11-03 and 11-11) × 0.95, a later
year at the previous year's × 1.15, rounded to 10,000 yuan. Costs on the first row only (the calendar
lets the other phases leave them blank): no slot fee, 5% commission, ad spend 6% and coupons 3% of the
target, 毛利率 38%. The 聚划算 days are not listed: the app is to find them by candidate detection.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from campaigns.templates import TEMPLATE_HEADERS
from data.demo_model import DemoStore
from data.demo_xlsx import write_xlsx

PHASES = (
    ("定金", (10, 24, "20:00:00"), (10, 31, "23:59:59")),
    ("尾款", (11, 1, "00:00:00"), (11, 3, "23:59:59")),
    ("爆发", (11, 11, "00:00:00"), (11, 11, "23:59:59")),
)
SALES_DAYS = ((11, 1), (11, 2), (11, 3), (11, 11))
FIRST_YEAR_FACTOR = 0.95
GROWTH = 1.15
FALLBACK_TARGET = 1_000_000  # a year with no simulated campaign sales to base a target on


def _round_10k(value: float) -> int:
    return int(round(value / 10_000.0)) * 10_000


def _campaign_sales(shop: dict, year: int) -> float:
    """Paid GMV in yuan on the year's Double 11 sales days (shop figures hold cents)."""
    return sum(shop[day].pay_amount for m, d in SALES_DAYS if (day := date(year, m, d)) in shop) / 100


def _stamp(year: int, at: tuple[int, int, str]) -> str:
    month, day, clock = at
    return f"{(date(year, month, day)):%Y-%m-%d} {clock}"


def calendar_rows(store: DemoStore, shop: dict, store_name: str) -> list[list]:
    """The calendar's rows (without header), in the order of TEMPLATE_HEADERS."""
    rows = []
    previous: float | None = None
    for year in store.presale_years:
        own = _campaign_sales(shop, year)
        if previous:
            target = _round_10k(previous * GROWTH)
        else:
            target = _round_10k(own * FIRST_YEAR_FACTOR) if own else FALLBACK_TARGET
        complete = store.end >= date(year, 11, 11) + timedelta(days=1)
        previous = own if complete else None
        for index, (phase, start, end) in enumerate(PHASES):
            costs = [target, 0, "5%", _round_10k(target * 0.06), _round_10k(target * 0.03), "38%"]
            rows.append(
                [f"{year}双十一", "双十一", store_name, phase, _stamp(year, start), _stamp(year, end), None]
                + (costs if index == 0 else [None] * len(costs))
            )
    return rows


def write_calendar(store: DemoStore, shop: dict, out_dir: Path, store_name: str) -> Path:
    """Write 活动日历_{end year}.xlsx (one sheet 活动日历, the template's headers) and return its path."""
    path = Path(out_dir) / f"活动日历_{store.end.year}.xlsx"
    write_xlsx(path, "活动日历", [TEMPLATE_HEADERS, *calendar_rows(store, shop, store_name)])
    return path
