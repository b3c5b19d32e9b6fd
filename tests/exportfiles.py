"""Writers for real-format export files, for tests: the header generations of ../shared/FORMATS.md,
written the way the seller back office, 生意参谋 and the ERPs write them (encodings, quoting, tricks).
"""

from __future__ import annotations

from pathlib import Path

ORDER_G1 = (
    "订单编号, 买家会员名, 买家支付宝账号, 买家应付货款, 买家应付邮费, 买家支付积分, 总金额, 返点积分, "
    "买家实际支付金额, 买家实际支付积分, 订单状态, 买家留言, 收货人姓名, 收货地址, 运送方式, 联系电话, 联系手机, "
    "订单创建时间, 订单付款时间, 宝贝标题, 宝贝种类, 物流单号, 物流公司, 订单备注, 宝贝总数量, 店铺Id, 店铺名称, "
    "订单关闭原因, 卖家服务费, 买家服务费, 发票抬头, 是否手机订单, 分阶段订单信息, 特权订金订单id, 定金排名, "
    "修改后的sku, 修改后的收货地址, 异常信息, 天猫卡券抵扣, 集分宝抵扣, 是否是O2O交易"
).split(", ")
_G2_TRAILING = {"收货地址", "联系电话", "订单付款时间", "宝贝标题", "宝贝种类", "物流单号"}
ORDER_G2 = []
for _h in ORDER_G1:
    ORDER_G2.append(_h + " " if _h in _G2_TRAILING else _h)
    if _h == "特权订金订单id":
        ORDER_G2 += ["是否上传合同照片", "是否上传小票", "是否代付"]
ORDER_G2 += ["退款金额", "预约门店"]
_RETAIL = [
    "新零售交易类型",
    "新零售导购门店名称",
    "新零售导购门店id",
    "新零售发货门店名称",
    "新零售发货门店id",
]
ORDER_G2PLUS = (
    ORDER_G2[:-2] + _RETAIL + ORDER_G2[-2:] + ["确认收货时间", "打款商家金额", "含应开票给个人的个人红包"]
)
ORDER_G3 = (
    "订单编号, 买家会员名, 买家会员昵称, 支付单号, 支付详情, 买家应付货款, 买家应付邮费, 买家支付积分, 总金额, 返点积分, "
    "买家实际支付金额, 买家实际支付积分, 订单状态, 买家留言, 收货人姓名, 收货地址, 运送方式, 联系电话, 联系手机, "
    "虚拟号过期时间, 订单创建时间, 订单付款时间, 宝贝标题, 宝贝种类, 物流单号, 物流公司, 订单备注, 宝贝总数量, 店铺Id, "
    "店铺名称, 订单关闭原因, 卖家服务费, 买家服务费, 发票抬头, 是否手机订单, 分阶段订单信息, 特权订金订单id, "
    "是否上传合同照片, 是否上传小票, 是否代付, 定金排名, 修改后的sku, 修改后的收货地址, 异常信息, 天猫卡券抵扣, "
    "集分宝抵扣, 是否是O2O交易, 新零售交易类型, 新零售导购门店名称, 新零售导购门店id, 新零售发货门店名称, "
    "新零售发货门店id, 退款金额, 预约门店, 确认收货时间, 打款商家金额, 含应开票给个人的个人红包, 是否信用购, "
    "体验期结束时间, 前N有礼, 配送类型, 直播返现状态, 返现金额, 延迟发货自动赔付金额, 新零售成交门店昵称, "
    "新零售成交门店id, 新零售成交经销商id, 预售订单, 发货时间, 商家备忘, 主订单编号"
).split(", ")
_VARIANT_DROP = {"买家会员昵称", "虚拟号过期时间", "延迟发货自动赔付金额", "预售订单", "发货时间", "商家备忘"}
ORDER_VARIANT = []
for _h in ORDER_G3:
    if _h in _VARIANT_DROP:
        continue
    ORDER_VARIANT.append(_h)
    if _h == "是否是O2O交易":
        ORDER_VARIANT.append("满返红包金额")
ORDER_GENERATIONS = {
    "G1": ORDER_G1,
    "G2": ORDER_G2,
    "G2+": ORDER_G2PLUS,
    "G3": ORDER_G3,
    "variant": ORDER_VARIANT,
}

DETAIL_OLD = (
    "订单编号, 标题, 价格, 购买数量, 外部系统编号, 商品属性, 套餐信息, 备注, 订单状态, 商家编码".split(", ")
)
DETAIL_G3 = (
    "子订单编号, 主订单编号, 标题, 价格, 购买数量, 外部系统编号, 商品属性, 套餐信息, 备注, 订单状态, 商家编码, 支付单号, "
    "买家应付货款, 买家实际支付金额, 退款状态, 退款金额, 订单创建时间, 订单付款时间"
).split(", ")
DETAIL_G4 = (
    "子订单编号, 主订单编号, 商品标题, 商品价格, 购买数量, 外部系统编号, 商品属性, 套餐信息, 联系方式备注, 订单状态, "
    "商家编码, 买家应付货款, 买家实付金额, 退款状态, 退款金额, 订单创建时间, 订单付款时间, 商品ID, 商家备注, "
    "主订单买家留言, 发货时间, 物流单号, 物流公司"
).split(", ")
ID_COLUMNS = {"订单编号", "支付单号", "主订单编号", "子订单编号", "特权订金订单id"}

assert (len(ORDER_G1), len(ORDER_G2), len(ORDER_G2PLUS), len(ORDER_G3), len(DETAIL_G3), len(DETAIL_G4)) == (
    41,
    46,
    54,
    71,
    18,
    23,
)


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
