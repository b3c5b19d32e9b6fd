"""Write the 生意参谋 shop and product daily exports and the ERP stock snapshots of the demo store.

The sales figures are aggregated from the simulated orders with the sale-day rule the connectors use
(a presale counts on its final-payment day), so 支付金额 agrees with the order exports. Traffic figures
(visitors, views, ad spend) are drawn around those sales.
"""

from __future__ import annotations

import csv
import io
import random
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from data.demo_catalog import DIRTY_SKU_CODES, WAREHOUSES, Sku
from data.demo_model import DemoStore, campaign, snapshot_days
from data.demo_xlsx import write_xlsx

SHOP_COLUMNS = [
    "统计日期",
    "访客数",
    "浏览量",
    "商品访客数",
    "平均停留时长",
    "跳失率",
    "加购人数",
    "商品收藏买家数",
    "下单金额",
    "下单买家数",
    "支付金额",
    "支付买家数",
    "支付子订单数",
    "支付件数",
    "支付转化率",
    "客单价",
    "UV价值",
    "新访客数",
    "老访客数",
    "成功退款金额",
    "直通车消耗",
    "万相台消耗",
    "淘宝客佣金",
]
PRODUCT_COLUMNS = [
    "统计日期",
    "商品ID",
    "商品名称",
    "货号",
    "商品状态",
    "商品访客数",
    "商品浏览量",
    "商品收藏人数",
    "商品加购件数",
    "商品加购人数",
    "下单买家数",
    "下单件数",
    "下单金额",
    "支付买家数",
    "支付件数",
    "支付金额",
    "商品支付转化率",
    "聚划算支付金额",
    "成功退款金额",
    "搜索引导访客数",
    "搜索引导支付买家数",
]
JST_COLUMNS = [
    "商品编码",
    "商品名称",
    "款式编码",
    "主仓实际库存数",
    "公有可用数",
    "采购在途数",
    "调拨在途数",
    "订单占有数",
    "进货仓库存",
]
WDT_COLUMNS = [
    "商家编码",
    "货品编号",
    "货品名称",
    "规格名称",
    "仓库名称",
    "库存",
    "可发库存",
    "采购在途",
    "锁定库存",
]
PRODUCT_MONTHS = 3


@dataclass
class DayFigures:
    """Sales facts of one day (shop) or one day and item (product), in cents and counts."""

    pay_amount: int = 0
    pay_buyers: set = field(default_factory=set)
    pay_lines: int = 0
    pay_units: int = 0
    order_amount: int = 0
    order_buyers: set = field(default_factory=set)
    order_units: int = 0
    refund: int = 0
    jhs_amount: int = 0


def sales_by_day(store: DemoStore) -> tuple[dict[date, DayFigures], dict[tuple[date, str], DayFigures]]:
    """Shop-level and (day, item id)-level sales, by sale day, order day and refund day."""
    shop: dict[date, DayFigures] = defaultdict(DayFigures)
    item: dict[tuple[date, str], DayFigures] = defaultdict(DayFigures)
    product_from = _month_start(store.end, PRODUCT_MONTHS - 1)
    jhs = {event.day: event.skus for event in store.jhs}
    for order in store.orders:
        created = order.created.date()
        day = shop[created]
        day.order_amount += order.goods + order.postage
        day.order_buyers.add(order.buyer.nick)
        if created >= product_from:
            for line in order.lines:
                figures = item[created, line.sku.item_id]
                figures.order_amount += line.paid
                figures.order_buyers.add(order.buyer.nick)
                figures.order_units += line.qty
        sale = order.sale_at
        if sale is not None and sale.date() <= store.end:
            sale_day = sale.date()
            day = shop[sale_day]
            day.pay_amount += order.goods + order.postage
            day.pay_buyers.add(order.buyer.nick)
            day.pay_lines += len(order.lines)
            day.pay_units += sum(line.qty for line in order.lines)
            if sale_day >= product_from:
                jhs_skus = jhs.get(sale_day, {})
                for line in order.lines:
                    figures = item[sale_day, line.sku.item_id]
                    figures.pay_amount += line.paid
                    figures.pay_buyers.add(order.buyer.nick)
                    figures.pay_units += line.qty
                    if line.sku.code in jhs_skus:
                        figures.jhs_amount += line.paid
        for line in order.lines:
            refund = line.refund
            if refund is not None and refund.success and refund.resolved.date() <= store.end:
                refund_day = refund.resolved.date()
                shop[refund_day].refund += refund.amount
                if refund_day >= product_from:
                    item[refund_day, line.sku.item_id].refund += refund.amount
    return shop, item


def _month_start(day: date, months_back: int) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def _months(first: date, last: date) -> list[tuple[date, date]]:
    out = []
    cursor = first.replace(day=1)
    while cursor <= last:
        nxt = (cursor.replace(day=28) + timedelta(days=4)).replace(day=1)
        out.append((max(cursor, first), min(nxt - timedelta(days=1), last)))
        cursor = nxt
    return out


def _num(value: float, decimals: int, as_text: bool):
    """生意参谋 style: values of 1000 and more as text with thousands separators, smaller ones as numbers."""
    if abs(value) >= 1000:
        return f"{value:,.{decimals}f}"
    value = round(value, decimals) if decimals else int(value)
    if as_text:
        return f"{value:.{decimals}f}" if decimals else str(value)
    return value


def _pct(value: float) -> str:
    return f"{value * 100:.2f}%"


def _shop_row(day: date, figures: DayFigures, jhs_day: bool, rng: random.Random, as_text: bool) -> list:
    multiplier, _, profile = campaign(day)
    conversion = 0.029 * (1.08 if day.weekday() >= 5 else 1.0) * rng.lognormvariate(0, 0.06)
    if profile == "d11":
        conversion *= 2.1
    elif profile == "peak" or multiplier > 1.4:
        conversion *= 1.5
    elif jhs_day:
        conversion *= 1.3
    pay_buyers = len(figures.pay_buyers)
    visitors = max(int(round(pay_buyers / conversion)), pay_buyers + 1)
    views = int(visitors * rng.uniform(2.6, 3.4))
    pay_amount = figures.pay_amount / 100
    new_visitors = int(visitors * rng.uniform(0.62, 0.72))
    ad_factor = 1.6 if multiplier > 1.4 or jhs_day else 1.0
    refund = figures.refund / 100
    refund_cell = "-" if rng.random() < 0.03 else _num(refund, 2, as_text)
    return [
        day.isoformat(),
        _num(visitors, 0, as_text),
        _num(views, 0, as_text),
        _num(int(visitors * rng.uniform(0.82, 0.9)), 0, as_text),
        _num(rng.uniform(32, 48), 2, as_text),
        _pct(rng.uniform(0.6, 0.7)),
        _num(int(visitors * rng.uniform(0.07, 0.1)), 0, as_text),
        _num(int(visitors * rng.uniform(0.025, 0.035)), 0, as_text),
        _num(figures.order_amount / 100, 2, as_text),
        _num(len(figures.order_buyers), 0, as_text),
        _num(pay_amount, 2, as_text),
        _num(pay_buyers, 0, as_text),
        _num(figures.pay_lines, 0, as_text),
        _num(figures.pay_units, 0, as_text),
        _pct(pay_buyers / visitors),
        _num(pay_amount / pay_buyers if pay_buyers else 0, 2, as_text),
        _num(pay_amount / visitors, 2, as_text),
        _num(new_visitors, 0, as_text),
        _num(visitors - new_visitors, 0, as_text),
        refund_cell,
        _num(pay_amount * rng.uniform(0.05, 0.08) * ad_factor, 2, as_text),
        _num(pay_amount * rng.uniform(0.03, 0.05) * ad_factor, 2, as_text),
        _num(pay_amount * rng.uniform(0.01, 0.02), 2, as_text),
    ]


def _write_csv_rows(path: Path, rows: list[list], encoding: str = "gb18030") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_shop_daily(
    store: DemoStore,
    shop: dict[date, DayFigures],
    out_dir: Path,
    rng: random.Random,
    visitors: dict[date, int] | None = None,
) -> list[Path]:
    """One 店铺整体 file per month: the first half GB18030 CSV, the rest .xlsx; the third uses 日期.
    `visitors`, when given, receives each day's 访客数 as written (the demo plan is drawn around them)."""
    paths = []
    months = _months(store.start, store.end)
    jhs_days = {event.day for event in store.jhs}
    for index, (first, last) in enumerate(months):
        as_csv = index < len(months) // 2
        header = list(SHOP_COLUMNS)
        if index == 2:
            header[0] = "日期"
        rows: list[list] = [
            ["店铺整体-自助取数报表"],
            [f"统计时间：{first.isoformat()} ~ {last.isoformat()}"],
            [],
            header,
        ]
        day = first
        while day <= last:
            row = _shop_row(day, shop.get(day, DayFigures()), day in jhs_days, rng, as_csv)
            rows.append(row)
            if visitors is not None:
                visitors[day] = int(str(row[1]).replace(",", ""))
            day += timedelta(days=1)
        name = f"【生意参谋平台】店铺整体_{first.isoformat()}_{last.isoformat()}"
        if as_csv:
            path = out_dir / f"{name}.csv"
            _write_csv_rows(path, rows)
        else:
            path = out_dir / f"{name}.xlsx"
            write_xlsx(path, "店铺整体", rows)
        paths.append(path)
    return paths


def write_product_daily(
    store: DemoStore, item: dict[tuple[date, str], DayFigures], out_dir: Path, rng: random.Random
) -> list[Path]:
    """商品_全部 .xlsx for the last three months: one row per day and item on sale, then a 合计 row."""
    items: dict[str, list[Sku]] = defaultdict(list)
    for sku in store.catalog:
        items[sku.item_id].append(sku)
    conversion = {item_id: rng.uniform(0.04, 0.09) for item_id in items}
    paths = []
    for first, last in _months(_month_start(store.end, PRODUCT_MONTHS - 1), store.end):
        rows: list[list] = [
            ["【生意参谋平台】商品_全部"],
            [f"统计时间：{first.isoformat()} ~ {last.isoformat()}"],
            ["终端：所有终端"],
            [],
            PRODUCT_COLUMNS,
        ]
        totals = [0] * len(PRODUCT_COLUMNS)
        day = first
        while day <= last:
            day_rows = []
            for item_id, skus in items.items():
                if not any(sku.on_sale(day) for sku in skus):
                    continue
                f = item.get((day, item_id), DayFigures())
                pay_buyers = len(f.pay_buyers)
                visitors = max(
                    int(round(pay_buyers / (conversion[item_id] * rng.lognormvariate(0, 0.1)))), 12
                )
                visitors = max(visitors, pay_buyers + 1)
                add_cart = int(visitors * rng.uniform(0.07, 0.11))
                search = int(visitors * rng.uniform(0.3, 0.45))
                values = [
                    visitors,
                    int(visitors * rng.uniform(1.4, 1.9)),
                    int(visitors * rng.uniform(0.03, 0.05)),
                    int(add_cart * rng.uniform(1.1, 1.3)),
                    add_cart,
                    len(f.order_buyers),
                    f.order_units,
                    f.order_amount / 100,
                    pay_buyers,
                    f.pay_units,
                    f.pay_amount / 100,
                    None,
                    f.jhs_amount / 100,
                    f.refund / 100,
                    search,
                    min(pay_buyers, int(round(pay_buyers * rng.uniform(0.3, 0.5)))),
                ]
                for offset, value in enumerate(values):
                    if value is not None:
                        totals[5 + offset] += value
                cells = [
                    _num(v, 2 if isinstance(v, float) else 0, False) if v is not None else None
                    for v in values
                ]
                cells[11] = _pct(pay_buyers / visitors)
                cells[13] = cells[13] if f.refund else "-"
                skus_title = skus[0].title
                day_rows.append(
                    (f.pay_amount, [day.isoformat(), item_id, skus_title, skus[0].style, "当前在线", *cells])
                )
            rows.extend(row for _, row in sorted(day_rows, key=lambda pair: -pair[0]))
            day += timedelta(days=1)
        total_cells = [_num(v, 2 if isinstance(v, float) else 0, False) for v in totals[5:]]
        total_cells[11] = "-"
        rows.append(["合计", "-", "-", "-", "-", *total_cells])
        path = out_dir / f"【生意参谋平台】商品_全部_{first.isoformat()}_{last.isoformat()}.xlsx"
        write_xlsx(path, "商品_全部", rows)
        paths.append(path)
    return paths


@dataclass
class StockRow:
    sku: Sku
    on_hand: int
    available: int
    in_transit: int
    locked: int
    inbound: int
    allocating: int


def stock_on(store: DemoStore, snapshot: date, rng: random.Random) -> list[StockRow]:
    """Stock per SKU at 00:00 of `snapshot`: sellable stock carried by the simulation plus open order locks."""
    at = datetime(snapshot.year, snapshot.month, snapshot.day)
    locked: dict[str, int] = defaultdict(int)
    for order in _orders_between(store, at - timedelta(days=30), at):
        commit = order.commit_at
        if commit is None or commit >= at:
            continue
        if order.ship is not None and order.ship < at:
            continue
        if order.full_refund_at is not None and order.full_refund_at < at:
            continue
        if order.presale and order.final_at is None and order.balance_end < at:
            continue
        for line in order.lines:
            locked[line.sku.code] += line.qty
    sellable = store.sellable_before[snapshot]
    purchases = defaultdict(list)
    for po in store.purchase_orders:
        if po.placed < snapshot:
            purchases[po.sku].append(po)
    rows = []
    for sku in store.catalog:
        placed = purchases.get(sku.code, [])
        if (sku.launch is not None and sku.launch > snapshot) and not placed:
            continue
        in_transit = sum(po.qty for po in placed if po.arrival > snapshot)
        inbound = sum(po.qty for po in placed if po.arrival == snapshot)
        lock = locked.get(sku.code, 0)
        on_hand = max(0, sellable.get(sku.code, 0) + lock)
        allocating = rng.choice((20, 30, 50)) if on_hand > 200 and rng.random() < 0.08 else 0
        rows.append(StockRow(sku, on_hand, on_hand - lock, in_transit, lock, inbound, allocating))
    return rows


def _orders_between(store: DemoStore, start: datetime, end: datetime):
    created = store.created_index
    return store.orders[bisect_left(created, start) : bisect_left(created, end)]


def write_inventory(store: DemoStore, out_dir: Path, rng: random.Random) -> list[Path]:
    """聚水潭 weekly CSVs (GB18030, 合计 footer, a few dirty codes) and one 旺店通 per-warehouse .xlsx."""
    mondays, wdt_day = snapshot_days(store.end)
    paths = []
    for monday in mondays:
        rows = stock_on(store, monday, rng)
        out: list[list] = [JST_COLUMNS]
        totals = [0] * 6
        for row in rows:
            numbers = [row.on_hand, row.available, row.in_transit, row.allocating, row.locked, row.inbound]
            totals = [a + b for a, b in zip(totals, numbers, strict=True)]
            code = DIRTY_SKU_CODES.get(row.sku.code, row.sku.code)
            out.append([code, f"{row.sku.title} {row.sku.spec}", row.sku.style, *numbers])
        out.append(["合计", "", "", *totals])
        path = out_dir / f"聚水潭库存_{monday.isoformat()}.csv"
        _write_csv_rows(path, out)
        paths.append(path)
    rows = stock_on(store, wdt_day, rng)
    out = [WDT_COLUMNS]
    ranked = sorted(rows, key=lambda r: -r.on_hand)
    third = {r.sku.code for r in ranked[:8]}
    for row in rows:
        warehouses = WAREHOUSES if row.sku.code in third else WAREHOUSES[:2]
        shares = [0.62, 0.26, 0.12] if len(warehouses) == 3 else [0.7, 0.3]
        on_hand_left, locked_left = row.on_hand, row.locked
        for index, warehouse in enumerate(warehouses):
            last = index == len(warehouses) - 1
            stock = on_hand_left if last else int(row.on_hand * shares[index])
            lock = locked_left if last else min(int(row.locked * shares[index]), stock)
            on_hand_left -= stock
            locked_left -= lock
            transit = row.in_transit if index == 0 else 0
            out.append(
                [
                    row.sku.code,
                    row.sku.style,
                    row.sku.title,
                    row.sku.spec,
                    warehouse,
                    stock,
                    stock - lock,
                    transit,
                    lock,
                ]
            )
    path = out_dir / f"旺店通库存_{wdt_day.isoformat()}.xlsx"
    write_xlsx(path, "库存查询", out)
    paths.append(path)
    return paths
