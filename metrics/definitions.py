"""The definitions (口径) of every metric column, written once: pages show them as help text.

METRIC_DEFINITIONS maps a column name to {"zh", "en"} one-line definitions, plus "label_zh" / "label_en"
(a short column label) and "unit": 'yuan' (DECIMAL, 2 places), 'count', 'fraction' (0.0325 = 3.25%),
'date', 'period' or 'text'. The sales rules in short (the project's 口径):

- A sale is an order with `paid_at` (订单付款时间, or a presale's 尾款 payment time); it counts on the
  local (Beijing) date of `paid_at`. Never-paid orders and presales whose 尾款 was never paid are not sales.
- Refunds are completed refunds of those orders, counted in the period the order was PAID (not when the
  money went back): the 退款成功 lines of the 宝贝报表 when the order has lines with a refund status,
  else the order-level 退款金额 of the 订单报表. Pending, refused or withdrawn refunds count as 0.
- Buyers and SKUs are distinct over the whole period (a month's buyers are not the sum of its days).
"""

from __future__ import annotations

METRIC_DEFINITIONS: dict[str, dict[str, str]] = {
    # --- common ---
    "period": {
        "label_zh": "日期/月份",
        "label_en": "Period",
        "unit": "period",
        "zh": "统计周期：按日为 YYYY-MM-DD，按月为 YYYY-MM（北京时间）。",
        "en": "Reporting period: YYYY-MM-DD by day, YYYY-MM by month (Beijing local time).",
    },
    "store": {
        "label_zh": "店铺",
        "label_en": "Store",
        "unit": "text",
        "zh": "导入时指定的店铺名称。",
        "en": "The store name given at import.",
    },
    # --- sales (订单报表 + 宝贝报表) ---
    "paid_gmv": {
        "label_zh": "支付金额",
        "label_en": "Paid GMV",
        "unit": "yuan",
        "zh": "已付款订单的买家实际支付金额之和（含邮费），按付款日期归属；预售按尾款付款日期计，未付尾款的预售和未付款订单不计。",
        "en": "Sum of 买家实际支付金额 (postage included) of paid orders, by payment date; a presale counts "
        "on its final-payment date; unpaid orders and presales without the final payment are excluded.",
    },
    "refunds": {
        "label_zh": "退款金额",
        "label_en": "Refunds",
        "unit": "yuan",
        "zh": "这些已付款订单中已退款成功的金额，计入订单付款所在周期：有宝贝明细退款状态时取状态为“退款成功”的子订单退款金额，否则取订单报表的退款金额；退款申请中、被拒或关闭的不计。",
        "en": "Completed refunds of those paid orders, counted in the period the order was paid: the "
        "退款成功 detail lines when the order's lines carry a refund status, else the order-level 退款金额; "
        "pending, refused or closed refund requests count as 0.",
    },
    "net_sales": {
        "label_zh": "净销售额",
        "label_en": "Net sales",
        "unit": "yuan",
        "zh": "支付金额 − 退款金额。",
        "en": "Paid GMV minus refunds.",
    },
    "paid_orders": {
        "label_zh": "支付订单数",
        "label_en": "Paid orders",
        "unit": "count",
        "zh": "周期内付款的主订单数（预售按尾款付款日期计）。",
        "en": "Number of orders (主订单) paid in the period (a presale on its final-payment date).",
    },
    "paid_buyers": {
        "label_zh": "支付买家数",
        "label_en": "Paid buyers",
        "unit": "count",
        "zh": "周期内有付款订单的买家会员名去重数；月度为整月去重，不是每日之和；多店合计时同一会员名只计一次。",
        "en": "Distinct 买家会员名 with a paid order in the period; a month counts each buyer once (not the "
        "sum of days), and so does the all-stores total.",
    },
    "unique_skus": {
        "label_zh": "动销SKU数",
        "label_en": "SKUs sold",
        "unit": "count",
        "zh": "周期内已付款订单的宝贝明细中商家编码的去重数（无明细或无商家编码的不计）。",
        "en": "Distinct 商家编码 (SKU) on the detail lines of the period's paid orders (orders without "
        "imported detail lines, and lines without a SKU, add none).",
    },
    "refund_rate": {
        "label_zh": "退款率",
        "label_en": "Refund rate",
        "unit": "fraction",
        "zh": "退款金额 ÷ 支付金额（按金额计，支付金额为 0 时为空）。",
        "en": "Refunds / paid GMV, by amount (empty when paid GMV is 0).",
    },
    "avg_order_value": {
        "label_zh": "客单价",
        "label_en": "Avg order value",
        "unit": "yuan",
        "zh": "支付金额 ÷ 支付买家数（每位买家的平均支付金额，由合计重算，保留两位小数）。",
        "en": "Paid amount / paying buyers (the average spend per buyer, 客单价), recomputed from the "
        "sums, rounded to 0.01 yuan.",
    },
    # --- traffic (生意参谋 shop daily) ---
    "days": {
        "label_zh": "天数",
        "label_en": "Days",
        "unit": "count",
        "zh": "周期内有生意参谋数据的天数。",
        "en": "Number of days in the period with 生意参谋 data.",
    },
    "visitors": {
        "label_zh": "访客数",
        "label_en": "Visitors",
        "unit": "count",
        "zh": "生意参谋访客数；按月或多店时为每日访客数之和（生意参谋日访客不跨天去重）。",
        "en": "生意参谋 visitors (UV); by month or over several stores, the sum of daily visitors (daily UV "
        "is not deduplicated across days).",
    },
    "page_views": {
        "label_zh": "浏览量",
        "label_en": "Page views",
        "unit": "count",
        "zh": "生意参谋浏览量之和。",
        "en": "Sum of 生意参谋 page views.",
    },
    "pay_amount": {
        "label_zh": "支付金额（生意参谋）",
        "label_en": "Pay amount (生意参谋)",
        "unit": "yuan",
        "zh": "生意参谋支付金额之和（生意参谋口径，可能与订单报表不同）。",
        "en": "Sum of 生意参谋 支付金额 (its own definition; may differ from the order export).",
    },
    "pay_buyers": {
        "label_zh": "支付买家数（生意参谋）",
        "label_en": "Paying buyers (生意参谋)",
        "unit": "count",
        "zh": "生意参谋支付买家数；按月或多店时为每日之和。",
        "en": "生意参谋 paying buyers; by month or over several stores, the sum of the daily figures.",
    },
    "pay_conversion": {
        "label_zh": "支付转化率",
        "label_en": "Pay conversion",
        "unit": "fraction",
        "zh": "支付买家数 ÷ 访客数，由合计重算（不平均每日比率）。",
        "en": "Paying buyers / visitors, recomputed from the sums (never an average of daily rates).",
    },
    "uv_value": {
        "label_zh": "UV价值",
        "label_en": "UV value",
        "unit": "yuan",
        "zh": "支付金额 ÷ 访客数，由合计重算。",
        "en": "Pay amount / visitors, recomputed from the sums.",
    },
    "add_cart_buyers": {
        "label_zh": "加购人数",
        "label_en": "Add-to-cart buyers",
        "unit": "count",
        "zh": "生意参谋加购人数之和。",
        "en": "Sum of 生意参谋 add-to-cart buyers.",
    },
    "refund_amount": {
        "label_zh": "成功退款金额（生意参谋）",
        "label_en": "Refunds (生意参谋)",
        "unit": "yuan",
        "zh": "生意参谋成功退款金额之和（按退款完成日计，与订单口径的退款不同）。",
        "en": "Sum of 生意参谋 成功退款金额 (counted on the refund day, unlike the order-based refunds).",
    },
    "ad_spend": {
        "label_zh": "推广花费",
        "label_en": "Ad spend",
        "unit": "yuan",
        "zh": "生意参谋中各推广消耗列（直通车、引力魔方、万相台等）之和。",
        "en": "Sum of the ad-spend columns in 生意参谋 (直通车, 引力魔方, 万相台, …).",
    },
    # --- inventory (ERP snapshots) ---
    "sku": {
        "label_zh": "商品编码",
        "label_en": "SKU",
        "unit": "text",
        "zh": "ERP 商品编码 / 商家编码（已去除首尾空白）。",
        "en": "ERP SKU code / 商家编码 (trimmed).",
    },
    "name": {
        "label_zh": "商品名称",
        "label_en": "Name",
        "unit": "text",
        "zh": "ERP 中的商品名称。",
        "en": "Item name in the ERP.",
    },
    "style_code": {
        "label_zh": "款式编码",
        "label_en": "Style code",
        "unit": "text",
        "zh": "ERP 款式编码 / 货号。",
        "en": "ERP style code / goods number.",
    },
    "snapshot_date": {
        "label_zh": "库存日期",
        "label_en": "Snapshot date",
        "unit": "date",
        "zh": "该店铺在所选日期当天或之前最近一次库存快照的日期。",
        "en": "Date of the store's latest stock snapshot on or before the chosen date.",
    },
    "on_hand": {
        "label_zh": "实际库存",
        "label_en": "On hand",
        "unit": "count",
        "zh": "主仓实际库存数（旺店通为各仓库存之和）。",
        "en": "Stock physically in the main warehouse (旺店通: summed over warehouses).",
    },
    "available": {
        "label_zh": "可用库存",
        "label_en": "Available",
        "unit": "count",
        "zh": "公有可用数 / 可发库存，按 ERP 导出原值；超卖时可为负。",
        "en": "Available / sendable stock as the ERP exports it; negative when oversold.",
    },
    "in_transit": {
        "label_zh": "采购在途",
        "label_en": "In transit",
        "unit": "count",
        "zh": "采购在途数。",
        "en": "Purchase orders in transit.",
    },
    "order_locked": {
        "label_zh": "订单占有",
        "label_en": "Order-locked",
        "unit": "count",
        "zh": "订单占有数（已下单未发货占用的库存）。",
        "en": "Stock held by orders not yet shipped.",
    },
    "locked": {
        "label_zh": "库存锁定",
        "label_en": "Locked",
        "unit": "count",
        "zh": "库存锁定数。",
        "en": "Stock locked in the ERP.",
    },
    "allocate_in_transit": {
        "label_zh": "调拨在途",
        "label_en": "Transfer in transit",
        "unit": "count",
        "zh": "调拨在途数。",
        "en": "Stock in transit between warehouses.",
    },
    "inbound_stock": {
        "label_zh": "进货仓库存",
        "label_en": "Inbound warehouse",
        "unit": "count",
        "zh": "进货仓库存。",
        "en": "Stock in the inbound warehouse.",
    },
    "defective": {
        "label_zh": "次品库存",
        "label_en": "Defective",
        "unit": "count",
        "zh": "次品库存。",
        "en": "Defective stock.",
    },
    "warehouses": {
        "label_zh": "仓库数",
        "label_en": "Warehouses",
        "unit": "count",
        "zh": "合计的仓库行数（旺店通按仓库汇总）。",
        "en": "Number of warehouse rows summed (旺店通).",
    },
    "source_format": {
        "label_zh": "来源",
        "label_en": "Source",
        "unit": "text",
        "zh": "库存来源 ERP：jst 为聚水潭，wdt 为旺店通。",
        "en": "Source ERP: 'jst' (聚水潭) or 'wdt' (旺店通).",
    },
}


def definition(column: str, lang: str = "zh") -> str:
    """The one-line definition of a column in 'zh' or 'en' ('' when the column has none)."""
    entry = METRIC_DEFINITIONS.get(column)
    return entry.get(lang, entry["zh"]) if entry else ""


def label(column: str, lang: str = "zh") -> str:
    """The short display label of a column in 'zh' or 'en' (the column name when it has none)."""
    entry = METRIC_DEFINITIONS.get(column)
    return entry.get(f"label_{lang}", entry["label_zh"]) if entry else column
