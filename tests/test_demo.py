"""The demo store generator: real files on disk, read back with plain csv/zip/xml and checked for consistency."""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from xml.sax.saxutils import unescape

import openpyxl
import pytest

from data.demo import DEFAULT_SEED, DEMO_SHOP_ID, DEMO_STORE, generate_demo_exports
from data.demo_model import simulate
from data.demo_orders import plan_order_exports, write_order_export

END = date(2026, 11, 26)
BOM = b"\xef\xbb\xbf"
STAGE = re.compile(
    r"^定金:(\d+\.\d\d)元,付款时间:(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d);"
    r"尾款:(\d+\.\d\d)元,(?:付款时间:(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)|未付款)$"
)
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> list[Path]:
    return generate_demo_exports(tmp_path_factory.mktemp("demo"), end_date=END)


def _decode(raw: bytes) -> str:
    return raw[len(BOM) :].decode("utf-8") if raw.startswith(BOM) else raw.decode("gb18030")


def _unwrap(cell: str) -> str:
    return cell[2:-1] if cell.startswith('="') and cell.endswith('"') else cell


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_decode(path.read_bytes()), newline="")))


_CELL = r'<c r="({letters})\d+"( t="s")?><v>([^<]*)</v></c>'
_ANY_CELL = re.compile(_CELL.format(letters="[A-Z]+"))
_SHARED = re.compile(r"<si><t[^>]*>([^<]*)</t></si>")


def _column(letters: str) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col - 1


def _sheet(path: Path) -> tuple[list[str], list[str]]:
    """(shared strings, the XML inside each <row>) of the first sheet."""
    with zipfile.ZipFile(path) as archive:
        strings = [unescape(s) for s in _SHARED.findall(archive.read("xl/sharedStrings.xml").decode("utf-8"))]
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    return strings, re.findall(r'<row r="\d+">(.*?)</row>', sheet)


def read_xlsx(path: Path) -> list[list]:
    """Rows of the first sheet, read straight from the OOXML parts (fast, and independent of openpyxl)."""
    strings, row_texts = _sheet(path)
    out = []
    for text in row_texts:
        cells = {_column(c): strings[int(v)] if s else float(v) for c, s, v in _ANY_CELL.findall(text)}
        out.append([cells.get(i) for i in range(max(cells, default=-1) + 1)])
    return out


def read_xlsx_columns(path: Path, columns: tuple[str, ...]) -> tuple[list[str], list[list]]:
    """(header, rows with only `columns`): the regex only matches the wanted cells, which keeps it fast."""
    strings, row_texts = _sheet(path)
    header_cells = _ANY_CELL.findall(row_texts[0])
    letters = {strings[int(v)]: c for c, _, v in header_cells}
    wanted = [letters[name] for name in columns if name in letters]
    pattern = re.compile(_CELL.format(letters="|".join(wanted)))
    rows = [[strings[int(v)] for _, _, v in header_cells]]
    for text in row_texts[1:]:
        cells = {c: strings[int(v)] if s else float(v) for c, s, v in pattern.findall(text)}
        rows.append([cells.get(c) for c in wanted])
    return rows[0], rows[1:]


ORDER_COLUMNS = (
    "订单编号",
    "买家会员名",
    "买家应付货款",
    "买家应付邮费",
    "总金额",
    "买家实际支付金额",
    "退款金额",
    "订单状态",
    "订单关闭原因",
    "订单创建时间",
    "订单付款时间",
    "分阶段订单信息",
    "预售订单",
    "宝贝标题",
    "宝贝种类",
    "店铺Id",
    "店铺名称",
)
LINE_COLUMNS = ("主订单编号", "订单编号", "买家实际支付金额", "买家实付金额", "退款状态", "退款金额")


@dataclass
class Table:
    header: list[str]
    rows: list[dict[str, object]]


def table(path: Path, columns: tuple[str, ...]) -> Table:
    """The wanted columns of a file as dicts keyed by stripped header names; CSV id cells unwrapped."""
    if path.suffix == ".xlsx":
        header, rows = read_xlsx_columns(path, columns)
        names = [name for name in columns if name in [h.strip() for h in header]]
        return Table(header, [dict(zip(names, row, strict=True)) for row in rows])
    rows = read_csv(path)
    header = rows[0]
    stripped = [h.strip() for h in header]
    names = [name for name in columns if name in stripped]
    positions = [stripped.index(name) for name in names]
    pick = itemgetter(*positions) if len(positions) > 1 else lambda row: (row[positions[0]],)
    ids = [i for i, name in enumerate(names) if name in ("订单编号", "主订单编号")]
    out = []
    for row in rows[1:]:
        values = list(pick(row))
        for i in ids:
            values[i] = values[i][2:-1]
        out.append(dict(zip(names, values, strict=True)))
    return Table(header, out)


def dec(value) -> Decimal:
    if value is None or value == "":
        return Decimal("0.00")
    return Decimal(str(value).replace(",", "").removesuffix("元")).quantize(Decimal("0.01"))


def text(value) -> str:
    return "" if value is None else str(value)


def order_pairs(paths: list[Path]) -> list[tuple[Path, Path]]:
    details = {
        p.stem.removeprefix("ExportOrderDetailList"): p
        for p in paths
        if p.name.startswith("ExportOrderDetail")
    }
    return [
        (p, details[p.stem.removeprefix("ExportOrderList")])
        for p in paths
        if p.name.startswith("ExportOrderList")
    ]


@pytest.fixture(scope="module")
def exports(demo) -> list[tuple[Path, Table, Table]]:
    """Every order export with its detail export, each file read once."""
    return [(o, table(o, ORDER_COLUMNS), table(d, LINE_COLUMNS)) for o, d in order_pairs(demo)]


@pytest.fixture(scope="module")
def latest_orders(exports) -> dict[str, dict]:
    """Each order as the newest export shows it (files are returned in import order)."""
    latest: dict[str, dict] = {}
    for _, orders, _ in exports:
        for row in orders.rows:
            latest[text(row["订单编号"])] = row
    return latest


def test_files_come_in_import_order(demo):
    names = [p.name for p in demo]
    assert all(p.exists() for p in demo)
    pairs = order_pairs(demo)
    stamps = [p.stem.removeprefix("ExportOrderList") for p, _ in pairs]
    assert stamps == sorted(stamps) and len(stamps) >= 16
    for order_file, detail_file in pairs:
        assert names.index(detail_file.name) == names.index(order_file.name) + 1
    assert stamps[-1].startswith("2026112708"), "the overlap export is taken on end_date + 1 morning"
    assert any(n.endswith(".xlsx") for n in names if n.startswith("ExportOrderList"))
    assert len([n for n in names if n.startswith("【生意参谋平台】店铺整体_")]) == 15
    assert len([n for n in names if n.startswith("【生意参谋平台】商品_全部_")]) == 3
    assert names[-15:-3] == [f"聚水潭库存_{d}.csv" for d in _mondays()]
    assert names[-3] == "旺店通库存_2026-11-27.xlsx"
    assert names[-2:] == ["销售计划_2026.xlsx", "活动日历_2026.xlsx"], (
        "plan and calendar name the orders' store"
    )


def _mondays() -> list[str]:
    from datetime import timedelta

    last = END - timedelta(days=END.weekday())
    return [(last - timedelta(weeks=w)).isoformat() for w in range(11, -1, -1)]


def test_same_seed_gives_identical_bytes(demo, tmp_path):
    store = simulate(END, DEFAULT_SEED)
    first = plan_order_exports(store, random.Random(f"{DEFAULT_SEED}:files"))[0]
    order_file, detail_file, _, _ = write_order_export(store, first, tmp_path)
    original = {p.name: p for p in demo}
    assert order_file.read_bytes() == original[order_file.name].read_bytes()
    assert detail_file.read_bytes() == original[detail_file.name].read_bytes()


def test_encodings_and_line_endings(demo):
    csv_orders = [p for p in demo if p.name.startswith("ExportOrder") and p.suffix == ".csv"]
    with_bom = [p for p in csv_orders if p.read_bytes().startswith(BOM)]
    assert len(with_bom) == 2, "one month (order + detail file) is UTF-8 with BOM"
    with_bom[0].read_bytes()[3:].decode("utf-8")
    raw = csv_orders[0].read_bytes()
    assert "订单编号" in raw.decode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.count(b"\r\n") == raw.count(b"\n") and raw.endswith(b"\r\n")
    gb = [p for p in csv_orders if p not in with_bom]
    assert any("𠮷" in p.read_bytes().decode("gb18030") for p in gb[:3]), "a name outside GBK needs GB18030"


def test_header_generations(demo, exports):
    g2_orders, g12_details = exports[0][1].header, read_csv(order_pairs(demo)[0][1])
    assert len(g2_orders) == 54
    assert sorted(h for h in g2_orders if h.endswith(" ")) == sorted(
        ["收货地址 ", "联系电话 ", "订单付款时间 ", "宝贝标题 ", "宝贝种类 ", "物流单号 "]
    )
    assert len(g12_details[0]) == 10 and g12_details[0][0] == "订单编号"
    assert all(len(row) == 11 and row[-1] == "" for row in g12_details[1:])
    layouts = {(len(orders.header), len(lines.header)) for path, orders, lines in exports}
    assert {(54, 10), (54, 18), (71, 18), (71, 23)} == layouts
    g4 = next(lines.header for path, _, lines in exports if path.suffix == ".xlsx")
    assert {"商品标题", "商品价格", "买家实付金额", "联系方式备注", "商品ID"} <= set(g4)
    xlsx_order = next(o for o, _, _ in exports if o.suffix == ".xlsx")
    first = read_xlsx_columns(xlsx_order, ("订单编号", "买家实际支付金额"))[1][0]
    assert isinstance(first[0], str) and len(first[0]) in (18, 19) and isinstance(first[1], float)
    product = next(p for p in demo if p.name.startswith("【生意参谋平台】商品_全部_"))
    rows = list(openpyxl.load_workbook(product, read_only=True).active.iter_rows(max_row=6, values_only=True))
    assert rows[4][:2] == ("统计日期", "商品ID") and isinstance(rows[5][1], str), (
        "openpyxl reads the workbooks"
    )


def test_csv_cell_tricks(exports):
    path, newest, _ = exports[-1]
    raw = _decode(path.read_bytes())
    line = raw.split("\r\n")[1]
    assert line.startswith('="') and '=""' in line, 'ids as ="…", empty 特权订金订单id as =""'
    assert "\"'1" in line and '"0元"' in line and '元","' in line
    rows = newest.rows
    assert all(TIMESTAMP.match(r["订单创建时间"]) for r in rows)
    assert all(re.fullmatch(r"\d{18,19}", r["订单编号"]) for r in rows)
    assert {r["店铺名称"] for r in rows} == {DEMO_STORE} and {r["店铺Id"] for r in rows} == {DEMO_SHOP_ID}
    multi = [r for r in rows if r["宝贝种类"] != "1"]
    assert multi and all(r["宝贝标题"].count("，") == int(r["宝贝种类"]) - 1 for r in multi)
    assert {r["订单关闭原因"] for r in rows if r["订单状态"] != "交易关闭"} == {"订单未关闭"}


def test_order_amounts_equal_their_lines(exports):
    for order_file, orders, details in exports:
        lines = defaultdict(list)
        for row in details.rows:
            lines[text(row.get("主订单编号") or row.get("订单编号"))].append(row)
        assert {text(r["订单编号"]) for r in orders.rows} == set(lines), order_file.name
        if "退款状态" not in details.rows[0]:
            continue
        for order in orders.rows:
            own = lines[text(order["订单编号"])]
            paid = sum(dec(line.get("买家实际支付金额", line.get("买家实付金额"))) for line in own)
            refunded = sum(dec(line["退款金额"]) for line in own if line["退款状态"] == "退款成功")
            if dec(order["买家实际支付金额"]) > 0:
                assert dec(order["买家实际支付金额"]) == paid + dec(order["买家应付邮费"]), order["订单编号"]
            else:
                assert paid == 0
            assert dec(order["退款金额"]) == refunded, order["订单编号"]
            assert dec(order["总金额"]) == dec(order["买家应付货款"]) + dec(order["买家应付邮费"])


def test_presale_orders(latest_orders):
    presale = [r for r in latest_orders.values() if text(r.get("分阶段订单信息"))]
    assert len(presale) > 500
    paid, unpaid = [], []
    for row in presale:
        match = STAGE.match(row["分阶段订单信息"])
        assert match, row["分阶段订单信息"]
        deposit, deposit_at, balance, final_at = match.groups()
        if final_at:
            paid.append(row)
            assert row["订单付款时间"] == final_at
            assert dec(row["买家实际支付金额"]) == Decimal(deposit) + Decimal(balance)
        else:
            unpaid.append(row)
            assert row["订单付款时间"] == deposit_at and dec(row["买家实际支付金额"]) == Decimal(deposit)
            assert (row["订单状态"], row["订单关闭原因"]) == ("交易关闭", "买家未付尾款")
    assert len(paid) > 5 * len(unpaid) > 0
    assert {text(r.get("预售订单")) for r in presale if "预售订单" in r} == {"是"}


def test_statuses_and_refunds(exports, latest_orders):
    rows = list(latest_orders.values())
    closed_unpaid = [r for r in rows if r["订单关闭原因"] == "买家未付款"]
    assert closed_unpaid and all(
        r["订单状态"] == "交易关闭" and not text(r["订单付款时间"]) for r in closed_unpaid
    )
    full = [r for r in rows if r["订单状态"] == "交易关闭" and r["订单关闭原因"] == "退款"]
    assert full and all(dec(r["退款金额"]) == dec(r["买家实际支付金额"]) > 0 for r in full)
    partial = [r for r in rows if r["订单状态"] == "交易成功" and dec(r["退款金额"]) > 0]
    assert partial and all(dec(r["退款金额"]) < dec(r["买家实际支付金额"]) for r in partial)
    _, newest, newest_lines = exports[-1]
    statuses = {r["订单状态"] for r in newest.rows}
    assert {"等待买家付款", "买家已付款，等待卖家发货", "卖家已发货，等待买家确认", "交易成功"} <= statuses
    refund_states = {r["退款状态"] for r in newest_lines.rows}
    assert {"没有申请退款", "退款成功", "退款关闭", "买家已经申请退款，等待卖家同意"} <= refund_states
    paid = [r for r in rows if text(r["订单付款时间"])]
    share = sum(dec(r["退款金额"]) > 0 for r in paid) / len(paid)
    assert 0.03 < share < 0.09
    assert 80_000 <= len(rows) <= 150_000
    buyers = defaultdict(int)
    for r in rows:
        buyers[r["买家会员名"]] += 1
    assert sum(1 for n in buyers.values() if n > 1) > 5_000


def test_overlap_export_moves_orders_on(exports):
    before = {text(r["订单编号"]): r["订单状态"] for r in exports[-2][1].rows}
    after = {r["订单编号"]: r["订单状态"] for r in exports[-1][1].rows}
    shared = set(before) & set(after)
    assert shared
    assert sum(before[k] != after[k] for k in shared) > 100


def _shop_daily(demo) -> dict[str, list]:
    days = {}
    for path in demo:
        if not path.name.startswith("【生意参谋平台】店铺整体_"):
            continue
        rows = read_xlsx(path) if path.suffix == ".xlsx" else read_csv(path)
        at = next(i for i, row in enumerate(rows) if row and row[0] in ("统计日期", "日期"))
        assert at == 3 and rows[1][0].startswith("统计时间：")
        header = rows[at]
        for row in rows[at + 1 :]:
            days[row[0]] = dict(zip(header, row, strict=True))
    return days


def test_shop_daily_agrees_with_orders(demo, latest_orders):
    amount: dict[str, Decimal] = defaultdict(Decimal)
    buyers: dict[str, set] = defaultdict(set)
    for row in latest_orders.values():
        info = text(row.get("分阶段订单信息"))
        sale = text(row["订单付款时间"])
        if not sale or (info and "未付款" in info):
            continue
        amount[sale[:10]] += dec(row["买家实际支付金额"])
        buyers[sale[:10]].add(row["买家会员名"])
    shop = _shop_daily(demo)
    assert len(shop) == (END - date(2025, 9, 1)).days + 1
    assert any(isinstance(v, str) and "," in v for day in shop.values() for v in day.values())
    assert any(day["成功退款金额"] == "-" for day in shop.values())
    for day, figures in shop.items():
        assert dec(figures["支付金额"]) == amount[day], day
        assert int(dec(figures["支付买家数"])) == len(buyers[day]), day
        visitors = dec(figures["访客数"])
        rate = Decimal(figures["支付转化率"].removesuffix("%")) / 100
        assert abs(rate - len(buyers[day]) / visitors) < Decimal("0.0001")
    assert dec(shop["2026-11-11"]["支付金额"]) > 4 * dec(shop["2026-11-05"]["支付金额"])


def test_product_daily(demo):
    files = [p for p in demo if p.name.startswith("【生意参谋平台】商品_全部_")]
    jhs_seen = False
    for path in files:
        rows = read_xlsx(path)
        assert rows[4][:3] == ["统计日期", "商品ID", "商品名称"] and rows[-1][0] == "合计"
        header = rows[4]
        data = [dict(zip(header, row, strict=True)) for row in rows[5:-1]]
        assert {r["商品状态"] for r in data} == {"当前在线"}
        assert all(re.fullmatch(r"\d{12}", r["商品ID"]) for r in data)
        jhs_seen |= any(dec(r["聚划算支付金额"]) > 0 for r in data)
        total = dict(zip(header, rows[-1], strict=True))
        assert dec(total["支付金额"]) == sum(dec(r["支付金额"]) for r in data)
    assert jhs_seen


def test_inventory_snapshots(demo):
    jst = [p for p in demo if p.name.startswith("聚水潭库存_")]
    negative = False
    for path in jst:
        rows = read_csv(path)
        assert rows[0][:5] == ["商品编码", "商品名称", "款式编码", "主仓实际库存数", "公有可用数"]
        body, footer = rows[1:-1], rows[-1]
        assert footer[0] == "合计"
        assert int(footer[3]) == sum(int(r[3]) for r in body)
        for row in body:
            assert int(row[4]) == int(row[3]) - int(row[7])
            negative |= int(row[4]) < 0
        assert any(r[0] != r[0].strip() for r in body), "some codes carry a stray space or tab"
    assert negative, "an oversold SKU shows negative 公有可用数"
    latest = {r[0].strip(): r for r in read_csv(jst[-1])[1:-1]}
    assert int(latest["NS-3002-BE"][3]) > 0, "a discontinued SKU keeps its stock"
    wdt = read_xlsx(next(p for p in demo if p.name.startswith("旺店通库存_")))
    per_sku = defaultdict(set)
    for row in wdt[1:]:
        per_sku[row[0]].add(row[4])
    assert {len(w) for w in per_sku.values()} == {2, 3}


def test_sales_plan(demo, latest_orders):
    """One row per month from the first month of history to December; drivers multiply to the target; the
    current month is a little behind both the calendar and last year's pace."""
    from plans import TEMPLATE_HEADERS

    rows = read_xlsx(next(p for p in demo if p.name == "销售计划_2026.xlsx"))
    assert rows[0] == TEMPLATE_HEADERS
    plan = {row[1]: dict(zip(TEMPLATE_HEADERS, row, strict=True)) for row in rows[1:]}
    assert list(plan) == [f"2025-{m:02d}" for m in range(9, 13)] + [f"2026-{m:02d}" for m in range(1, 13)]
    for month, row in plan.items():
        assert row["店铺"] == DEMO_STORE and row["负责人"] in ("王敏", "李娜"), month
        assert row["销售目标"] > row["净销售目标"] > 0 and row["销售目标"] % 1000 == 0, month
        assert 0.02 < row["转化率目标"] < 0.05, month
        product = row["访客数目标"] * row["转化率目标"] * row["客单价目标"]
        assert abs(product - row["销售目标"]) / row["销售目标"] < 0.001, month
    paid: dict[str, Decimal] = defaultdict(Decimal)
    for order in latest_orders.values():
        info, sale = text(order.get("分阶段订单信息")), text(order["订单付款时间"])
        if sale and not (info and "未付款" in info):
            paid[sale[:7]] += dec(order["买家实际支付金额"])
            if sale[:10] <= "2025-11-26":
                paid["2025-11 to day 26"] += dec(order["买家实际支付金额"])
    assert plan["2026-10"]["销售目标"] == round(float(paid["2025-10"]) * 1.15 / 1000) * 1000
    attainment = float(paid["2026-11"]) / plan["2026-11"]["销售目标"]
    last_year_pace = float(paid["2025-11 to day 26"] / paid["2025-11"])
    assert 0.8 < attainment < 26 / 30 < last_year_pace, (attainment, last_year_pace)
    missed = [m for m in plan if m < "2026-11" and float(paid[m]) < plan[m]["销售目标"]]
    met = [m for m in plan if m < "2026-11" and float(paid[m]) >= plan[m]["销售目标"]]
    assert len(missed) >= 3 and len(met) >= 3, (missed, met)


def test_removing_the_demo_leaves_no_row_of_its_stores(demo_db, tmp_path):
    """remove_demo empties every table keyed by store (orders, lines, the kept day and SKU facts, settings,
    plans, campaigns), so no demo figure survives into a real store's pages."""
    import shutil

    import db
    from data.demo import remove_demo

    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, path)
    conn = db.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.columns WHERE column_name = 'store' "
                "AND table_schema = 'main' ORDER BY table_name"
            ).fetchall()
        ]
        before = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in tables}
        assert before["orders"] > 0 and before["paid_lines"] > 0 and before["buyer_first"] > 0
        remove_demo(conn)
        after = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in tables}
    finally:
        conn.close()
    assert after == dict.fromkeys(tables, 0)
