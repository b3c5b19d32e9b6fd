"""Write the simulated orders as 订单报表 / 宝贝报表 exports in the header generations of FORMATS.md.

An export taken at time T shows every order created in its window as `order_state(order, T)` reads it,
so a later, overlapping export carries the same orders moved on (shipped, refunded, balance paid).
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from data.demo_catalog import (
    CARRIERS,
    DEMO_SHOP_ID,
    DEMO_STORE,
    ESTATES,
    GIVEN,
    MAIL,
    MEMOS,
    MESSAGES,
    PINYIN,
    PLACES,
    SF,
    STREETS,
    SURNAMES,
)
from data.demo_model import Buyer, DemoStore, Order, money, order_state
from data.demo_xlsx import write_xlsx
from data.export_layouts import DETAIL_G3, DETAIL_G4, DETAIL_G12, G2_SPACED, ID_COLUMNS, ORDER_G2P, ORDER_G3

MONEY_COLUMNS = {
    "买家应付货款",
    "买家应付邮费",
    "总金额",
    "买家实际支付金额",
    "买家实付金额",
    "退款金额",
    "价格",
    "商品价格",
    "天猫卡券抵扣",
    "集分宝抵扣",
}
INT_COLUMNS = {"宝贝种类", "宝贝总数量", "购买数量", "买家支付积分", "返点积分", "买家实际支付积分"}
_CONSTANTS = {
    "买家支付积分": "0",
    "返点积分": "0",
    "买家实际支付积分": "0",
    "运送方式": "快递",
    "店铺Id": DEMO_SHOP_ID,
    "店铺名称": DEMO_STORE,
    "卖家服务费": "0",
    "买家服务费": "0元",
    "是否上传合同照片": "否",
    "是否上传小票": "否",
    "是否代付": "否",
    "天猫卡券抵扣": "0.00",
    "集分宝抵扣": "0.00",
    "含应开票给个人的个人红包": "0.00",
    "是否信用购": "否",
}

_MIX = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1
_CARRIER_PCT = [
    (sum(c[3] for c in CARRIERS[: i + 1]) / sum(c[3] for c in CARRIERS)) * 100 for i in range(len(CARRIERS))
]


@dataclass(slots=True)
class OrderExport:
    """One order export (and its detail export with the same timestamp)."""

    ts: datetime
    created_from: datetime
    created_to: datetime
    order_layout: str  # "g2p" | "g3"
    detail_layout: str  # "g12" | "g3" | "g4"
    fmt: str  # "csv" | "xlsx"
    encoding: str  # "gb18030" | "utf-8-sig" (csv only)
    note: str


def _hash(value: int, salt: int = 0) -> int:
    return ((value + salt) * _MIX) & _MASK


def buyer_details(buyer: Buyer) -> tuple[str, str, str, str]:
    """(alipay account, receiver name, mobile, address) derived from the buyer's key, computed once."""
    if buyer.details is not None:
        return buyer.details
    x, y = buyer.key, _hash(buyer.key, 7)
    phone = f"1{'3456789'[x % 7]}{x // 7 % 10**9:09d}"
    if y % 2:
        alipay = f"{phone[:3]}****{phone[-4:]}"
    else:
        alipay = f"{PINYIN[y // 2 % len(PINYIN)][:2]}***@{MAIL[y // 29 % len(MAIL)]}"
    name = SURNAMES[y // 151 % len(SURNAMES)] + GIVEN[y // 30011 % len(GIVEN)]
    if y // 7919 % 3:
        name += GIVEN[y // 104729 % len(GIVEN)]
    province, cities, _ = PLACES[buyer.place]
    z = _hash(y, 3)
    city, districts, zip_prefix = cities[z % len(cities)]
    sep = "," if z // 7 % 25 == 0 else ""
    address = (
        f"{province} {city} {districts[z // 11 % len(districts)]} {STREETS[z // 101 % len(STREETS)]}"
        f"{1 + z // 1009 % 998}号{sep}{ESTATES[z // 10007 % len(ESTATES)]}{1 + z // 100003 % 29}幢"
        f"{1 + z // 1000003 % 32}0{1 + z // 10000019 % 4}室({zip_prefix}{z // 100000007 % 1000:03d})"
    )
    buyer.details = (alipay, name, phone, address)
    return buyer.details


def order_extras(order: Order) -> tuple[bool, str, str, str, str, str]:
    """(mobile order, buyer message, seller memo, carrier, waybill, payment number), fixed per order id."""
    h = (int(order.oid) * _MIX) & _MASK
    h2 = ((h + 11) * _MIX) & _MASK
    mobile = h % 100 < 92
    message = MESSAGES[h // 100 % len(MESSAGES)] if h // 1000 % 100 < 7 else ""
    memo = MEMOS[h // 100000 % len(MEMOS)] if h // 1000000 % 100 < 2 else ""
    if order.goods >= 25000 and h // 10**8 % 2:
        carrier, prefix, digits = SF
    else:
        carrier, prefix, digits, _ = CARRIERS[bisect_right(_CARRIER_PCT, h // 10**9 % 100)]
    waybill = f"{prefix}{10 ** (digits - 1) + h2 % (9 * 10 ** (digits - 1))}"
    paid = order.commit_at or order.created
    pay_no = f"{paid.year}{paid.month:02d}{paid.day:02d}2200{h2 // 10**3 % 10**16:016d}"
    return mobile, message, memo, carrier, waybill, pay_no


# Header names that read the value of another (canonical) key.
ALIASES = {
    "买家会员昵称": "买家会员名",
    "商品标题": "标题",
    "商品价格": "价格",
    "买家实付金额": "买家实际支付金额",
    "联系方式备注": "备注",
}
ORDER_ALIASES = {**ALIASES, "主订单编号": "订单编号"}
DETAIL_ALIASES = {**ALIASES, "订单编号": "主订单编号"}


def _order_values(
    order: Order, at: datetime, full_lines: bool
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Text of the variable order columns and of each detail line, as an export at `at` shows them."""
    st = order_state(order, at)
    mobile, message, memo, carrier, waybill, pay_no = order_extras(order)
    alipay, name, phone, address = buyer_details(order.buyer)
    shipped = st.ship is not None
    created = order.created.isoformat(" ")
    paid_any = st.pay_time is not None
    pay_time = st.pay_time.isoformat(" ") if paid_any else ""
    ship_time = st.ship.isoformat(" ") if shipped else ""
    if len(order.lines) == 1:
        titles, kinds, quantity = order.lines[0].sku.title, "1", str(order.lines[0].qty)
    else:
        titles = "，".join([line.sku.title for line in order.lines])
        kinds, quantity = str(len(order.lines)), str(sum([line.qty for line in order.lines]))
    values = {
        "订单编号": order.oid,
        "买家会员名": order.buyer.nick,
        "买家支付宝账号": alipay,
        "支付单号": pay_no if paid_any else "",
        "买家应付货款": money(order.goods),
        "买家应付邮费": money(order.postage),
        "总金额": money(order.goods + order.postage),
        "买家实际支付金额": money(st.paid),
        "订单状态": st.status,
        "买家留言": message,
        "收货人姓名": name,
        "收货地址": address,
        "联系手机": phone,
        "订单创建时间": created,
        "订单付款时间": pay_time,
        "宝贝标题": titles,
        "宝贝种类": kinds,
        "物流单号": waybill if shipped else "",
        "物流公司": carrier if shipped else "",
        "宝贝总数量": quantity,
        "订单关闭原因": st.close_reason,
        "是否手机订单": "手机订单" if mobile else "",
        "分阶段订单信息": st.stage_info,
        "退款金额": money(st.refund),
        "确认收货时间": st.confirm.isoformat(" ") if st.confirm is not None else "",
        "打款商家金额": f"{money(st.received)}元",
        "预售订单": "是" if order.presale else "",
        "发货时间": ship_time,
        "商家备忘": memo,
    }
    lines = []
    pay_no = values["支付单号"]
    for line, ls in zip(order.lines, st.lines, strict=True):
        sku = line.sku
        row = {
            "子订单编号": line.lid,
            "主订单编号": order.oid,
            "标题": sku.title,
            "价格": money(sku.price),
            "购买数量": str(line.qty),
            "外部系统编号": sku.code,
            "商品属性": sku.props,
            "订单状态": ls.status,
            "商家编码": sku.code,
            "支付单号": pay_no,
            "买家应付货款": money(line.goods),
            "买家实际支付金额": money(ls.paid),
            "退款状态": ls.refund_status,
            "退款金额": money(ls.refund),
            "订单创建时间": created,
            "订单付款时间": pay_time,
        }
        if full_lines:
            row["商品ID"] = sku.item_id
            row["商家备注"] = memo
            row["主订单买家留言"] = message
            row["发货时间"] = values["发货时间"]
            row["物流单号"] = values["物流单号"]
            row["物流公司"] = values["物流公司"]
        lines.append(row)
    return values, lines


def _q(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _csv_template(header: list[str], keys: set[str], aliases: dict[str, str]) -> str:
    """A str.format_map template for one CSV row: constants baked in, variable cells as {name} fields."""
    cells = []
    for name in header:
        key = aliases.get(name, name)
        if key in keys:
            if name in ID_COLUMNS:
                cells.append(f'="{{{key}}}"')
            elif name == "联系手机":
                cells.append(f'"\'{{{key}}}"')
            else:
                cells.append(f'"{{{key}}}"')
        else:
            constant = _CONSTANTS.get(name, "")
            cells.append(f'="{constant}"' if name in ID_COLUMNS else _q(constant))
    return ",".join(cells)


_ESCAPED = ("买家留言", "主订单买家留言", "收货地址")


def _csv_lines(
    header: list[str],
    rows: list[dict[str, str]],
    aliases: dict[str, str],
    spaced: set[str],
    trailing_comma: bool,
) -> list[str]:
    out = [",".join(_q(name + " " if name in spaced else name) for name in header)]
    if not rows:
        return out
    template = _csv_template(header, set(rows[0]), aliases) + ("," if trailing_comma else "")
    render = template.format_map
    for values in rows:
        for key in _ESCAPED:
            text = values.get(key)
            if text and '"' in text:
                values[key] = text.replace('"', '""')
        out.append(render(values))
    return out


def _write_csv(path: Path, lines: list[str], encoding: str) -> None:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def _xlsx_cell(name: str, text: str):
    if not text:
        return None
    if name in MONEY_COLUMNS:
        return float(text)
    if name in INT_COLUMNS:
        return int(text)
    return text


def _xlsx_rows(header: list[str], rows: list[dict[str, str]], aliases: dict[str, str]):
    template = [
        (name, aliases.get(name, name), _xlsx_cell(name, _CONSTANTS.get(name, ""))) for name in header
    ]
    yield header
    for values in rows:
        yield [_xlsx_cell(n, values[k]) if k in values else c for n, k, c in template]


def plan_order_exports(store: DemoStore, rng: random.Random) -> list[OrderExport]:
    """Monthly exports on the 2nd or 3rd (so every payment of the month is in), D11 presale re-exports
    on 11-13, and the final overlapping export."""
    end = store.end
    overlap_ts = datetime(end.year, end.month, end.day, 8, 5 + rng.randrange(50)) + timedelta(days=1)
    overlap_from = min(end - timedelta(days=29), end.replace(day=1))
    months = []
    cursor = store.start
    while cursor < end.replace(day=1):
        nxt = (cursor.replace(day=28) + timedelta(days=4)).replace(day=1)
        months.append((cursor, nxt - timedelta(days=1)))
        cursor = nxt
    n = len(months)
    g2_cut = max(1, (n - 1) // 2 - 1)
    exports: list[OrderExport] = []
    for i, (first, last) in enumerate(months):
        ts = datetime(last.year, last.month, last.day, 9, 0) + timedelta(
            days=2 + rng.randrange(2), minutes=rng.randrange(180)
        )
        ts = min(ts, overlap_ts - timedelta(minutes=30))
        if i == n - 1:
            layout = ("g3", "g4", "xlsx", "", "last full month as .xlsx (G3 orders, G4 details)")
        elif i == n - 3:
            layout = ("g3", "g3", "csv", "utf-8-sig", "G3, UTF-8 with BOM")
        elif i < g2_cut:
            detail = "g12" if i == 0 else "g3"
            layout = ("g2p", detail, "csv", "gb18030", f"G2+ orders, {detail.upper()} details, GB18030")
        else:
            layout = ("g3", "g3", "csv", "gb18030", "G3, GB18030")
        exports.append(OrderExport(ts, _dt(first), _end_of(last), *layout))
    for year in store.presale_years:
        ts = datetime(year, 11, 13, 9, 20 + rng.randrange(30))
        if ts < overlap_ts - timedelta(minutes=30) and date(year, 10, 24) < overlap_from:
            month_index = next((i for i, (f, _) in enumerate(months) if f == date(year, 10, 1)), n)
            layout = "g2p" if month_index < g2_cut else "g3"
            exports.append(
                OrderExport(
                    ts,
                    datetime(year, 10, 24),
                    _end_of(date(year, 10, 31)),
                    layout,
                    "g3",
                    "csv",
                    "gb18030",
                    "re-export of the Double 11 presale weeks after the balances closed",
                )
            )
    exports.append(
        OrderExport(
            overlap_ts,
            _dt(overlap_from),
            _end_of(end),
            "g3",
            "g3",
            "csv",
            "gb18030",
            "overlapping export of the last 30 days on end_date + 1",
        )
    )
    return sorted(exports, key=lambda e: e.ts)


def _dt(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def _end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59)


def write_order_export(store: DemoStore, export: OrderExport, out_dir: Path) -> tuple[Path, Path, int, int]:
    """Write one order export and its detail export; returns (order file, detail file, orders, lines)."""
    lo = bisect_left(store.created_index, export.created_from)
    hi = bisect_right(store.created_index, export.created_to)
    order_rows, line_rows = [], []
    full_lines = export.detail_layout == "g4"
    for order in reversed(store.orders[lo:hi]):
        values, lines = _order_values(order, export.ts, full_lines)
        order_rows.append(values)
        line_rows.extend(lines)
    stamp = f"{export.ts:%Y%m%d%H%M}"
    order_header = ORDER_G2P if export.order_layout == "g2p" else ORDER_G3
    detail_header = {"g12": DETAIL_G12, "g3": DETAIL_G3, "g4": DETAIL_G4}[export.detail_layout]
    suffix = "xlsx" if export.fmt == "xlsx" else "csv"
    order_path = out_dir / f"ExportOrderList{stamp}.{suffix}"
    detail_path = out_dir / f"ExportOrderDetailList{stamp}.{suffix}"
    if export.fmt == "xlsx":
        write_xlsx(order_path, "订单报表", _xlsx_rows(order_header, order_rows, ORDER_ALIASES))
        write_xlsx(detail_path, "宝贝报表", _xlsx_rows(detail_header, line_rows, DETAIL_ALIASES))
    else:
        spaced = G2_SPACED if export.order_layout == "g2p" else set()
        _write_csv(
            order_path, _csv_lines(order_header, order_rows, ORDER_ALIASES, spaced, False), export.encoding
        )
        trailing = export.detail_layout == "g12"
        detail_lines = _csv_lines(detail_header, line_rows, DETAIL_ALIASES, set(), trailing)
        _write_csv(detail_path, detail_lines, export.encoding)
    return order_path, detail_path, len(order_rows), len(line_rows)


def write_order_exports(
    store: DemoStore, out_dir: Path, rng: random.Random
) -> list[tuple[OrderExport, Path, Path, int, int]]:
    """Write every planned export pair; returns (plan, order file, detail file, orders, lines) in import order."""
    return [
        (export, *write_order_export(store, export, out_dir)) for export in plan_order_exports(store, rng)
    ]
