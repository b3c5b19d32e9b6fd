"""Writers for real-format export files, for tests: the header generations of ../shared/FORMATS.md,
written the way the seller back office, 生意参谋 and the ERPs write them (encodings, quoting, tricks).
"""

from __future__ import annotations

from pathlib import Path

from data.export_layouts import (
    DETAIL_G3,
    DETAIL_G4,
    DETAIL_G12,
    G2_SPACED,
    ID_COLUMNS,
    ORDER_G1,
    ORDER_G2,
    ORDER_G2P,
    ORDER_G3,
    ORDER_VARIANT,
)

ORDER_GENERATIONS = {
    "G1": ORDER_G1,
    "G2": [h + " " if h in G2_SPACED else h for h in ORDER_G2],
    "G2+": ORDER_G2P,
    "G3": ORDER_G3,
    "variant": ORDER_VARIANT,
}
DETAIL_OLD = DETAIL_G12
__all__ = [
    "DETAIL_G3",
    "DETAIL_G4",
    "DETAIL_OLD",
    "ORDER_G3",
    "ORDER_GENERATIONS",
    "order",
    "csv_text",
    "write_csv",
    "write_xls",
    "write_xlsx",
]


def order(
    order_id: str, buyer: str, status: str, paid_amount: str, pay_time: str, created: str, **extra
) -> dict:
    """An order row (keys are header names without trailing spaces) as the back office fills it."""
    row = {
        "订单编号": order_id,
        "主订单编号": order_id,
        "买家会员名": buyer,
        "买家应付货款": paid_amount,
        "买家应付邮费": "0.00",
        "总金额": paid_amount,
        "买家实际支付金额": paid_amount,
        "订单状态": status,
        "收货人姓名": "张三",
        "收货地址": "浙江省 杭州市 西湖区 文三路, 100号",
        "联系手机": "'13925130165",
        "订单创建时间": created,
        "订单付款时间": pay_time,
        "宝贝种类": "1",
        "宝贝总数量": "1",
        "店铺Id": "880001",
        "店铺名称": "测试旗舰店",
        "订单关闭原因": "订单未关闭" if status != "交易关闭" else "买家未付款",
        "买家服务费": "0元",
        "退款金额": "0.00",
        "打款商家金额": f"{paid_amount}元",
        "特权订金订单id": "",
    }
    row.update(extra)
    return row


def _cell(header: str, value: str, quote_all: bool) -> str:
    name = header.strip()
    if name in ID_COLUMNS:
        return f'="{value}"'
    escaped = value.replace('"', '""')
    return f'"{escaped}"' if quote_all or any(c in value for c in ',"\r\n') else value


def csv_text(
    headers: list[str],
    rows: list[dict],
    *,
    quote_all: bool = True,
    trailing_comma: bool = False,
    title_lines: tuple[str, ...] = (),
    newline: str = "\r\n",
    delimiter: str = ",",
) -> str:
    """The text of an export: optional title lines, a header, then rows (missing cells empty)."""
    lines = list(title_lines)
    lines.append(delimiter.join(f'"{h}"' if quote_all else h for h in headers))
    for row in rows:
        cells = [_cell(h, str(row.get(h.strip(), "")), quote_all) for h in headers]
        lines.append(delimiter.join(cells) + (delimiter if trailing_comma else ""))
    return newline.join(lines) + newline


def write_csv(path: Path, headers, rows, *, encoding: str = "gb18030", **options) -> Path:
    """Write a CSV export in `encoding` ('utf-8-sig' for UTF-8 with BOM, 'utf-16' adds its BOM)."""
    path.write_bytes(csv_text(headers, rows, **options).encode(encoding))
    return path


def write_xlsx(
    path: Path, headers, rows, *, title_lines: tuple[str, ...] = (), sheet: str = "Sheet1", raw=()
) -> Path:
    """Write an .xlsx export with openpyxl: ids as text, other cells as given (str, int, float)."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for line in title_lines:
        ws.append([line])
    ws.append([h for h in headers])
    for row in rows:
        ws.append([row.get(h.strip()) for h in headers])
    for extra in raw:
        ws.append(list(extra))
    book.save(path)
    return path


def write_xls(path: Path, headers, rows, *, title_lines: tuple[str, ...] = (), sheet: str = "Sheet1") -> Path:
    """Write a legacy .xls (BIFF8) export with xlwt, as 生意参谋 downloads are."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    r = 0
    for line in title_lines:
        ws.write(r, 0, line)
        r += 1
    for c, h in enumerate(headers):
        ws.write(r, c, h)
    for row in rows:
        r += 1
        for c, h in enumerate(headers):
            value = row.get(h.strip())
            if value is not None:
                ws.write(r, c, value)
    book.save(str(path))
    return path


def imp(conn, path: Path, **options):
    """Import one test file with its scratch folder beside it (connectors.import_file, nothing else)."""
    from connectors import import_file

    return import_file(conn, path, work_dir=path.parent / "scratch", **options)
