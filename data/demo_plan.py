"""The demo store's sales plan: 销售计划_{year}.xlsx in the plan template's headers, one row per month from
the first month of history through December of the end date's year.

Targets (销售目标, paid GMV in yuan, rounded to 1,000):
  - a month whose year-earlier month is in the history aims at that month's sales × 1.15 (a growth plan);
  - the first months (no year-earlier month) aim at their own sales × a factor near 1, so some months
    were met and some missed; two of them are deliberately stretched (× 1.20 and × 1.22);
  - the current month (the end date's) aims 8 % above the sales it is on course for: month-to-date sales
    divided by the share last year's same month had reached by the same day. Its attainment is then
    about 0.93 of the elapsed share of the month's weight: a little behind plan on any day.
净销售目标 deducts the basis month's refund share; 转化率目标 and 客单价目标 are the basis month's (last
year's, else the month's own) raised 3 %, and 访客数目标 is what the sales target needs at those rates,
so visitors × conversion × 客单价 = 销售目标. 负责人: 王敏 (January to June), 李娜 (July to December).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from data.demo_model import DemoStore
from data.demo_xlsx import write_xlsx
from plans.template import TEMPLATE_HEADERS

GROWTH = 1.15
CURRENT_STRETCH = 1.08
DRIVER_LIFT = 1.03
# Factors on a first-year month's own sales, by position in the history (1.20 and 1.22: stretched months).
FIRST_YEAR_FACTORS = (0.97, 1.03, 0.95, 1.20, 1.00, 0.96, 1.04, 0.98, 1.22, 1.01, 0.97, 1.05)
OWNERS = ("王敏", "李娜")

Month = tuple[int, int]


def _shift(month: Month, months: int) -> Month:
    index = month[0] * 12 + month[1] - 1 + months
    return index // 12, index % 12 + 1


def _round_k(value: float) -> int:
    return int(round(value / 1000.0)) * 1000


def plan_rows(store: DemoStore, shop: dict, visitors: dict[date, int], store_name: str) -> list[list]:
    """The plan's rows (without header): 店铺, 月份, targets and owner for every month of the plan."""
    sales: dict[Month, float] = defaultdict(float)
    buyers: dict[Month, int] = defaultdict(int)
    refunds: dict[Month, float] = defaultdict(float)
    seen: dict[Month, int] = defaultdict(int)
    by_day: dict[date, float] = {}
    for day, figures in shop.items():
        if not store.start <= day <= store.end:
            continue
        key = (day.year, day.month)
        amount = figures.pay_amount / 100
        by_day[day] = amount
        sales[key] += amount
        buyers[key] += len(figures.pay_buyers)
        refunds[key] += figures.refund / 100
    for day, count in visitors.items():
        seen[(day.year, day.month)] += count
    first: Month = (store.start.year, store.start.month)
    current: Month = (store.end.year, store.end.month)

    def on_course(month: Month) -> float:
        """The current month's sales if it ends as last year's same month did from this day on."""
        last_year = _shift(month, -12)
        reached = sum(
            v for d, v in by_day.items() if (d.year, d.month) == last_year and d.day <= store.end.day
        )
        share = reached / sales[last_year] if sales.get(last_year) else store.end.day / 30
        return sales[month] / max(share, 0.05)

    rows = []
    month = first
    position = 0
    while month <= (store.end.year, 12):
        last_year = _shift(month, -12)
        has_last_year = last_year >= first
        if month == current:
            target = on_course(month) * CURRENT_STRETCH
        elif has_last_year:
            target = sales[last_year] * GROWTH
        else:
            target = sales[month] * FIRST_YEAR_FACTORS[position % len(FIRST_YEAR_FACTORS)]
        basis = last_year if has_last_year else month
        refund_share = min(max(refunds[basis] / sales[basis], 0.02), 0.2) if sales[basis] else 0.05
        aov = round(sales[basis] / buyers[basis] * DRIVER_LIFT, 2)
        conversion = round(buyers[basis] / seen[basis] * DRIVER_LIFT, 4)
        gmv = _round_k(target)
        rows.append(
            [
                store_name,
                f"{month[0]:04d}-{month[1]:02d}",
                gmv,
                _round_k(gmv * (1 - refund_share)),
                int(round(gmv / (conversion * aov))),
                conversion,
                aov,
                OWNERS[0] if month[1] <= 6 else OWNERS[1],
            ]
        )
        month = _shift(month, 1)
        position += 1
    return rows


def write_plan(
    store: DemoStore, shop: dict, visitors: dict[date, int], out_dir: Path, store_name: str
) -> Path:
    """Write 销售计划_{end year}.xlsx (one sheet 销售计划, the template's headers) and return its path."""
    path = Path(out_dir) / f"销售计划_{store.end.year}.xlsx"
    write_xlsx(path, "销售计划", [TEMPLATE_HEADERS, *plan_rows(store, shop, visitors, store_name)])
    return path
