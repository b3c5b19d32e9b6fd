"""The header generations of the seller back-office exports (../shared/FORMATS.md §2, §3), written once.

Connectors map columns by name and never need these lists; the demo generator, the tests and the
benchmark write files in exactly these layouts.
"""

from __future__ import annotations

# 订单报表 G1 (≈2016), 41 columns.
ORDER_G1 = (
    "订单编号,买家会员名,买家支付宝账号,买家应付货款,买家应付邮费,买家支付积分,总金额,返点积分,买家实际支付金额,"
    "买家实际支付积分,订单状态,买家留言,收货人姓名,收货地址,运送方式,联系电话,联系手机,订单创建时间,订单付款时间,"
    "宝贝标题,宝贝种类,物流单号,物流公司,订单备注,宝贝总数量,店铺Id,店铺名称,订单关闭原因,卖家服务费,买家服务费,"
    "发票抬头,是否手机订单,分阶段订单信息,特权订金订单id,定金排名,修改后的sku,修改后的收货地址,异常信息,天猫卡券抵扣,"
    "集分宝抵扣,是否是O2O交易"
).split(",")

# G2 (2017): six header cells end in a space in the real files.
G2_SPACED = {"收货地址", "联系电话", "订单付款时间", "宝贝标题", "宝贝种类", "物流单号"}
_AFTER_DEPOSIT = ["是否上传合同照片", "是否上传小票", "是否代付"]
_DEPOSIT_AT = ORDER_G1.index("特权订金订单id") + 1
_NEW_RETAIL = [
    "新零售交易类型",
    "新零售导购门店名称",
    "新零售导购门店id",
    "新零售发货门店名称",
    "新零售发货门店id",
]

# G2, 46 columns (names without the trailing spaces; see G2_SPACED).
ORDER_G2 = ORDER_G1[:_DEPOSIT_AT] + _AFTER_DEPOSIT + ORDER_G1[_DEPOSIT_AT:] + ["退款金额", "预约门店"]
# G2+ (≤2019), 54 columns.
ORDER_G2P = (
    ORDER_G1[:_DEPOSIT_AT]
    + _AFTER_DEPOSIT
    + ORDER_G1[_DEPOSIT_AT:]
    + _NEW_RETAIL
    + ["退款金额", "预约门店", "确认收货时间", "打款商家金额", "含应开票给个人的个人红包"]
)
# G3 (≈2021–2022), 71 columns.
ORDER_G3 = (
    "订单编号,买家会员名,买家会员昵称,支付单号,支付详情,买家应付货款,买家应付邮费,买家支付积分,总金额,返点积分,"
    "买家实际支付金额,买家实际支付积分,订单状态,买家留言,收货人姓名,收货地址,运送方式,联系电话,联系手机,虚拟号过期时间,"
    "订单创建时间,订单付款时间,宝贝标题,宝贝种类,物流单号,物流公司,订单备注,宝贝总数量,店铺Id,店铺名称,订单关闭原因,"
    "卖家服务费,买家服务费,发票抬头,是否手机订单,分阶段订单信息,特权订金订单id,是否上传合同照片,是否上传小票,是否代付,"
    "定金排名,修改后的sku,修改后的收货地址,异常信息,天猫卡券抵扣,集分宝抵扣,是否是O2O交易,新零售交易类型,"
    "新零售导购门店名称,新零售导购门店id,新零售发货门店名称,新零售发货门店id,退款金额,预约门店,确认收货时间,打款商家金额,"
    "含应开票给个人的个人红包,是否信用购,体验期结束时间,前N有礼,配送类型,直播返现状态,返现金额,延迟发货自动赔付金额,"
    "新零售成交门店昵称,新零售成交门店id,新零售成交经销商id,预售订单,发货时间,商家备忘,主订单编号"
).split(",")
# The variant: G3 without six columns, with 满返红包金额 after 是否是O2O交易.
_VARIANT_DROP = {"买家会员昵称", "虚拟号过期时间", "延迟发货自动赔付金额", "预售订单", "发货时间", "商家备忘"}
ORDER_VARIANT = [h for h in ORDER_G3 if h not in _VARIANT_DROP]
ORDER_VARIANT.insert(ORDER_VARIANT.index("是否是O2O交易") + 1, "满返红包金额")

# 宝贝报表: G1/G2 10 columns (keyed by 订单编号, trailing comma on data rows), G3 18, G4 .xlsx 23.
DETAIL_G12 = "订单编号,标题,价格,购买数量,外部系统编号,商品属性,套餐信息,备注,订单状态,商家编码".split(",")
DETAIL_G3 = (
    "子订单编号,主订单编号,标题,价格,购买数量,外部系统编号,商品属性,套餐信息,备注,订单状态,商家编码,支付单号,"
    "买家应付货款,买家实际支付金额,退款状态,退款金额,订单创建时间,订单付款时间"
).split(",")
DETAIL_G4 = (
    "子订单编号,主订单编号,商品标题,商品价格,购买数量,外部系统编号,商品属性,套餐信息,联系方式备注,订单状态,商家编码,"
    "买家应付货款,买家实付金额,退款状态,退款金额,订单创建时间,订单付款时间,商品ID,商家备注,主订单买家留言,发货时间,"
    "物流单号,物流公司"
).split(",")

# Id columns the back office writes as ="…" so that Excel keeps them as text.
ID_COLUMNS = {"订单编号", "支付单号", "主订单编号", "子订单编号", "特权订金订单id"}

assert [len(h) for h in (ORDER_G1, ORDER_G2, ORDER_G2P, ORDER_G3, ORDER_VARIANT)] == [41, 46, 54, 71, 66]
assert [len(h) for h in (DETAIL_G12, DETAIL_G3, DETAIL_G4)] == [10, 18, 23]
