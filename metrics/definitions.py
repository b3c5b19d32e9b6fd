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
    # --- targets and pacing (plan_months, plan_years, plan_day_overrides; metrics/targets.py, attainment.py) ---
    "month": {
        "label_zh": "月份",
        "label_en": "Month",
        "unit": "period",
        "zh": "计划月份 YYYY-MM（北京时间）。",
        "en": "Plan month, YYYY-MM (Beijing local time).",
    },
    "as_of": {
        "label_zh": "截至日期",
        "label_en": "As of",
        "unit": "date",
        "zh": "统计截至日（含当日）；默认昨天，因为导出文件次日早上才到。",
        "en": "The figures run up to and including this day; default yesterday, since exports arrive the next morning.",
    },
    "owner": {
        "label_zh": "负责人",
        "label_en": "Owner",
        "unit": "text",
        "zh": "计划中该店铺该月的负责人。",
        "en": "The person responsible for the store and month in the plan.",
    },
    "days_in_month": {
        "label_zh": "本月天数",
        "label_en": "Days in month",
        "unit": "count",
        "zh": "该月的自然日天数（闰年二月为 29 天）。",
        "en": "Calendar days in the month (29 in a leap-year February).",
    },
    "days_elapsed": {
        "label_zh": "已过天数",
        "label_en": "Days elapsed",
        "unit": "count",
        "zh": "本月从 1 日到截至日（含）的天数；截至日在本月之前为 0，在本月之后为全月天数。",
        "en": "Days of the month from the 1st up to and including as_of; 0 before the month, all days after it.",
    },
    "days_left": {
        "label_zh": "剩余天数",
        "label_en": "Days left",
        "unit": "count",
        "zh": "本月天数 − 已过天数（截至日之后的天数）。",
        "en": "Days in month minus days elapsed (the days after as_of).",
    },
    "target": {
        "label_zh": "月度目标",
        "label_en": "Monthly target",
        "unit": "yuan",
        "zh": "计划中的月度销售目标（支付金额口径，元）；没有计划时为空（显示“无目标”）。",
        "en": "The plan's monthly sales target (paid GMV, yuan); empty when there is none (shown as 'no target').",
    },
    "actual": {
        "label_zh": "本月累计支付金额",
        "label_en": "MTD paid GMV",
        "unit": "yuan",
        "zh": "本月 1 日至截至日的支付金额（口径同支付金额）。",
        "en": "Paid GMV from the 1st of the month to as_of (the paid GMV 口径).",
    },
    "attainment": {
        "label_zh": "完成进度",
        "label_en": "Attainment",
        "unit": "fraction",
        "zh": "本月累计支付金额 ÷ 月度目标；没有目标（或目标为 0）时为空，不是 0% 也不是无穷大。",
        "en": "MTD paid GMV / monthly target; empty (not 0% or infinity) when there is no target or it is 0.",
    },
    "net_sales_target": {
        "label_zh": "净销售目标",
        "label_en": "Net sales target",
        "unit": "yuan",
        "zh": "计划中的月度净销售目标（可选）。",
        "en": "The plan's optional monthly net sales target.",
    },
    "time_progress": {
        "label_zh": "时间进度",
        "label_en": "Time progress",
        "unit": "fraction",
        "zh": "已过天数 ÷ 本月天数（已过天数含截至日当天）。",
        "en": "Days elapsed / days in month (as_of's day counts as elapsed).",
    },
    "weighted_time_progress": {
        "label_zh": "加权时间进度",
        "label_en": "Weighted time progress",
        "unit": "fraction",
        "zh": "已过各日的日目标之和 ÷ 月度目标（无目标时为已过日的权重之和）；日权重按近 12 周星期规律和去年大促占比学得，双11等大促月份比时间进度更公平。",
        "en": "Sum of the elapsed days' daily targets / monthly target (without a target: the sum of their "
        "weights); the weights come from the weekday rhythm of recent weeks and last year's campaign share, "
        "so in a Double 11 month it is the fair yardstick.",
    },
    "gap": {
        "label_zh": "进度差",
        "label_en": "Pace gap",
        "unit": "fraction",
        "zh": "完成进度 − 加权时间进度；为负表示落后于计划节奏。无目标时为空。",
        "en": "Attainment minus weighted time progress; negative means behind the plan's pace. Empty with no target.",
    },
    "day": {
        "label_zh": "日期",
        "label_en": "Day",
        "unit": "date",
        "zh": "本月最后一个已过的日期（截至日，或月末）；本月尚未开始时为空。",
        "en": "The month's last elapsed day (as_of, or the month end); empty before the month starts.",
    },
    "day_target": {
        "label_zh": "当日目标",
        "label_en": "Day target",
        "unit": "yuan",
        "zh": "该日的日目标（月度目标按日权重分摊，或手工调整的日目标）。",
        "en": "That day's daily target (the month's target spread by daily weights, or the day's manual override).",
    },
    "day_actual": {
        "label_zh": "当日支付金额",
        "label_en": "Day paid GMV",
        "unit": "yuan",
        "zh": "该日的支付金额。",
        "en": "Paid GMV of that day.",
    },
    "wtd_target": {
        "label_zh": "本周目标",
        "label_en": "Week-to-date target",
        "unit": "yuan",
        "zh": "本周一至该日的日目标之和（跨月时含上月的日目标；有一天没有目标则为空）。",
        "en": "Daily targets from Monday to that day (across the month start, the previous month's daily "
        "targets; empty when a day has none).",
    },
    "wtd_actual": {
        "label_zh": "本周累计",
        "label_en": "Week to date",
        "unit": "yuan",
        "zh": "本周一至该日的支付金额。",
        "en": "Paid GMV from Monday to that day.",
    },
    "ytd_target": {
        "label_zh": "年度目标",
        "label_en": "Annual target",
        "unit": "yuan",
        "zh": "全年目标：年度计划中的年度目标，没有时为当年各月目标之和。",
        "en": "The year's target: the annual plan's figure, else the sum of the year's monthly targets.",
    },
    "ytd_actual": {
        "label_zh": "年累计支付金额",
        "label_en": "Year to date",
        "unit": "yuan",
        "zh": "当年 1 月 1 日至该日的支付金额。",
        "en": "Paid GMV from 1 January to that day.",
    },
    "ytd_attainment": {
        "label_zh": "年度完成率",
        "label_en": "Annual attainment",
        "unit": "fraction",
        "zh": "年累计支付金额 ÷ 年度目标；没有目标时为空。",
        "en": "Year-to-date paid GMV / annual target; empty with no target.",
    },
    "last_month_same_period": {
        "label_zh": "上月同期",
        "label_en": "Last month, same period",
        "unit": "yuan",
        "zh": "上月前 N 天的支付金额（N = 已过天数，超过上月天数时取整月）。",
        "en": "Paid GMV of the first N days of last month (N = days elapsed, cut at that month's end).",
    },
    "last_year_same_period": {
        "label_zh": "去年同期",
        "label_en": "Last year, same period",
        "unit": "yuan",
        "zh": "去年同月前 N 天的支付金额（N = 已过天数；闰年 2 月 29 日对应去年 2 月底）。",
        "en": "Paid GMV of the first N days of the same month last year (N = days elapsed, cut at its end).",
    },
    "mom_growth": {
        "label_zh": "环比",
        "label_en": "vs last month",
        "unit": "fraction",
        "zh": "本月累计 ÷ 上月同期 − 1；上月同期为 0 时为空。",
        "en": "MTD / last month's same period − 1; empty when that is 0.",
    },
    "yoy_growth": {
        "label_zh": "同比",
        "label_en": "vs last year",
        "unit": "fraction",
        "zh": "本月累计 ÷ 去年同期 − 1；去年同期为 0 时为空。",
        "en": "MTD / last year's same period − 1; empty when that is 0.",
    },
    "forecast": {
        "label_zh": "预计月末",
        "label_en": "Month-end forecast",
        "unit": "yuan",
        "zh": "本月累计 + 剩余日目标 × 已过日目标完成比例（本月累计 ÷ 已过日目标之和）；无目标时按日权重推算；本月尚未开始时为空。",
        "en": "MTD actual + remaining daily targets × the ratio achieved so far (MTD actual / elapsed daily "
        "targets); without a target, from the daily weights; empty before the month starts.",
    },
    "forecast_low": {
        "label_zh": "预计下限",
        "label_en": "Forecast low",
        "unit": "yuan",
        "zh": "用完成比例减一个标准误（各日 实际÷日目标 的样本标准差 ÷ √天数，下限不低于 0）算出的预计月末；已过不足 2 天时为空。",
        "en": "The forecast with the ratio minus one standard error of the daily ratios actual/target "
        "(sample sd / √days, floored at 0); empty with fewer than 2 elapsed days.",
    },
    "forecast_high": {
        "label_zh": "预计上限",
        "label_en": "Forecast high",
        "unit": "yuan",
        "zh": "用完成比例加一个标准误算出的预计月末；已过不足 2 天时为空。",
        "en": "The forecast with the ratio plus one standard error of the daily ratios; empty with fewer "
        "than 2 elapsed days.",
    },
    "forecast_attainment": {
        "label_zh": "预计完成率",
        "label_en": "Forecast attainment",
        "unit": "fraction",
        "zh": "预计月末 ÷ 月度目标；没有目标时为空。",
        "en": "Forecast / monthly target; empty with no target.",
    },
    "required_daily": {
        "label_zh": "还需日均",
        "label_en": "Required per day",
        "unit": "yuan",
        "zh": "（月度目标 − 本月累计）÷ 剩余天数，向上取到分；已完成为 0；没有目标或没有剩余天数时为空。",
        "en": "(Target − MTD actual) / days left, rounded up to the cent; 0 once made; empty with no target "
        "or no day left.",
    },
    # --- daily targets (metrics/targets.py) ---
    "date": {
        "label_zh": "日期",
        "label_en": "Date",
        "unit": "date",
        "zh": "自然日（北京时间）。",
        "en": "Calendar day (Beijing local time).",
    },
    "weekday": {
        "label_zh": "星期",
        "label_en": "Weekday",
        "unit": "count",
        "zh": "星期几：1 为周一，7 为周日。",
        "en": "Day of the week: 1 = Monday … 7 = Sunday.",
    },
    "is_campaign": {
        "label_zh": "大促日",
        "label_en": "Campaign day",
        "unit": "text",
        "zh": "是否大促销售日（默认双11：11月1–3日尾款、10–12日高峰；618：6月1–3日、16–18日；定金日不算）。",
        "en": "Whether the day is a campaign sales day (default Double 11: 1–3 Nov final payments, 10–12 Nov "
        "peak; 618: 1–3 and 16–18 June; deposit days are not sales days).",
    },
    "campaign": {
        "label_zh": "大促",
        "label_en": "Campaign",
        "unit": "text",
        "zh": "大促名称（双11、618），非大促日为空。",
        "en": "Campaign name (双11, 618); empty on other days.",
    },
    "basis": {
        "label_zh": "依据",
        "label_en": "Basis",
        "unit": "text",
        "zh": "数字的来历。日权重：weekday 近 8–12 个非大促整周的星期规律，even 历史不足 4 周时平均分配，campaign 去年同日占当月比例；草拟计划：last_year_share 去年各月占比，even 平均分配。",
        "en": "Where the figure comes from. Daily weight: 'weekday' (weekday rhythm of the last 8–12 full "
        "non-campaign weeks), 'even' (fewer than 4 such weeks), 'campaign' (last year's share of the month on "
        "that day); draft plan: 'last_year_share' or 'even'.",
    },
    "weight": {
        "label_zh": "日权重",
        "label_en": "Daily weight",
        "unit": "fraction",
        "zh": "该日占本月目标的比例，全月合计为 1（有手工日目标时为调整后的比例）。",
        "en": "The day's share of the month's target; the month sums to 1 (after manual day overrides, the "
        "adjusted share).",
    },
    "gmv_target": {
        "label_zh": "销售目标",
        "label_en": "GMV target",
        "unit": "yuan",
        "zh": "支付金额目标（元）。日目标 = 月度目标按日权重分摊，手工调整的日子用调整值，其余日按权重分摊剩余目标，合计仍等于月度目标（精确到分）。",
        "en": "Paid GMV target (yuan). Daily: the month's target spread by the daily weights; overridden days "
        "keep their amount and the rest of the target is spread over the other days, so the month still "
        "sums to its target (to the cent).",
    },
    "overridden": {
        "label_zh": "手工调整",
        "label_en": "Overridden",
        "unit": "text",
        "zh": "该日目标是否为手工调整值。",
        "en": "Whether the day's target was set by hand.",
    },
    "actual_gmv": {
        "label_zh": "实际支付金额",
        "label_en": "Actual paid GMV",
        "unit": "yuan",
        "zh": "该日支付金额；截至日之后为空。",
        "en": "Paid GMV of the day; empty after as_of.",
    },
    "cum_gmv_target": {
        "label_zh": "累计目标",
        "label_en": "Cumulative target",
        "unit": "yuan",
        "zh": "本月 1 日至该日的日目标之和。",
        "en": "Daily targets from the 1st to that day.",
    },
    "cum_actual_gmv": {
        "label_zh": "累计支付金额",
        "label_en": "Cumulative actual",
        "unit": "yuan",
        "zh": "本月 1 日至该日的支付金额；截至日之后为空。",
        "en": "Paid GMV from the 1st to that day; empty after as_of.",
    },
    "forecast_cum": {
        "label_zh": "预计累计",
        "label_en": "Forecast path",
        "unit": "yuan",
        "zh": "从截至日起的预计累计支付金额：本月累计 + 此后日目标 × 完成比例；月末等于预计月末。",
        "en": "The forecast cumulative paid GMV from as_of on: MTD + later daily targets × the ratio so far; "
        "ends at the month-end forecast.",
    },
    "forecast_cum_low": {
        "label_zh": "预计累计下限",
        "label_en": "Forecast path low",
        "unit": "yuan",
        "zh": "同预计累计，比例取下限（减一个标准误）。",
        "en": "As the forecast path, with the low ratio (minus one standard error).",
    },
    "forecast_cum_high": {
        "label_zh": "预计累计上限",
        "label_en": "Forecast path high",
        "unit": "yuan",
        "zh": "同预计累计，比例取上限（加一个标准误）。",
        "en": "As the forecast path, with the high ratio (plus one standard error).",
    },
    "share": {
        "label_zh": "占比",
        "label_en": "Share",
        "unit": "fraction",
        "zh": "该月占全年目标的比例（去年该月支付金额 ÷ 去年全年；去年有月份无销售时平均分配）。",
        "en": "The month's share of the year (last year's month / last year's total; even when a month of last "
        "year had no sales).",
    },
    "last_year_gmv": {
        "label_zh": "去年同月支付金额",
        "label_en": "Last year's month",
        "unit": "yuan",
        "zh": "去年同月的支付金额。",
        "en": "Paid GMV of the same month last year.",
    },
    # --- drivers (metrics/drivers.py): 销售额 = 访客数 × 转化率 × 客单价, one daily grain ---
    "against": {
        "label_zh": "对比",
        "label_en": "Against",
        "unit": "text",
        "zh": "对比基准：target 为计划目标（按加权时间进度折算），last_year 为去年同期。",
        "en": "Baseline: 'target' (the plan, pro-rated by weighted time progress) or 'last_year' (same period last year).",
    },
    "elapsed_share": {
        "label_zh": "折算比例",
        "label_en": "Pro-rating share",
        "unit": "fraction",
        "zh": "把月度访客数、销售目标折算到截至日所用的比例（即加权时间进度）。",
        "en": "The share the monthly visitor and GMV targets are pro-rated by (the weighted time progress).",
    },
    "traffic_days": {
        "label_zh": "流量天数",
        "label_en": "Traffic days",
        "unit": "count",
        "zh": "已过天数中有生意参谋访客数的天数；少于已过天数时访客数偏低。",
        "en": "Elapsed days with 生意参谋 visitors; fewer than days elapsed means visitors are understated.",
    },
    "gmv": {
        "label_zh": "支付金额",
        "label_en": "Paid GMV",
        "unit": "yuan",
        "zh": "本月已过天数的支付金额（订单口径）。",
        "en": "Paid GMV of the elapsed days (order 口径).",
    },
    "gmv_base": {
        "label_zh": "基准支付金额",
        "label_en": "Baseline GMV",
        "unit": "yuan",
        "zh": "基准的访客数 × 转化率 × 客单价：目标时为折算后的三项目标之积，去年时为去年同期支付金额。",
        "en": "Baseline visitors × conversion × AOV: the product of the pro-rated targets, or last year's "
        "same-period paid GMV.",
    },
    "gmv_gap": {
        "label_zh": "支付金额差额",
        "label_en": "GMV gap",
        "unit": "yuan",
        "zh": "支付金额 − 基准支付金额；= 访客影响 + 转化影响 + 客单价影响。",
        "en": "Paid GMV minus baseline GMV; = visitor + conversion + AOV effects.",
    },
    "visitors_base": {
        "label_zh": "基准访客数",
        "label_en": "Baseline visitors",
        "unit": "count",
        "zh": "目标：月访客数目标 × 折算比例；去年：去年同期每日访客数之和。",
        "en": "Target: monthly visitors target × pro-rating share; last year: sum of daily visitors of the "
        "same period.",
    },
    "visitors_target": {
        "label_zh": "访客数目标（折算）",
        "label_en": "Visitors target (pro-rated)",
        "unit": "count",
        "zh": "月访客数目标按加权时间进度折算到截至日（每日访客数之和口径）。",
        "en": "The monthly visitors target pro-rated to as_of by weighted time progress (sum-of-daily-visitors "
        "grain).",
    },
    "buyers": {
        "label_zh": "支付买家数（日累计）",
        "label_en": "Buyer-days",
        "unit": "count",
        "zh": "每日支付买家去重数之和（订单口径；与每日访客数之和同一粒度，同一买家在不同日各计一次）。",
        "en": "Sum over the days of each day's distinct paying buyers (order export; the same grain as the "
        "sum of daily visitors, so a buyer counts once per day).",
    },
    "buyers_base": {
        "label_zh": "基准支付买家数",
        "label_en": "Baseline buyer-days",
        "unit": "count",
        "zh": "基准访客数 × 基准转化率。",
        "en": "Baseline visitors × baseline conversion.",
    },
    "conversion": {
        "label_zh": "支付转化率",
        "label_en": "Conversion",
        "unit": "fraction",
        "zh": "支付买家数（日累计）÷ 访客数（日累计）。",
        "en": "Buyer-days / visitor-days.",
    },
    "conversion_base": {
        "label_zh": "基准转化率",
        "label_en": "Baseline conversion",
        "unit": "fraction",
        "zh": "目标：计划转化率目标；去年：去年同期支付买家数 ÷ 访客数。",
        "en": "Target: the plan's conversion target; last year: same-period buyer-days / visitor-days.",
    },
    "conversion_target": {
        "label_zh": "转化率目标",
        "label_en": "Conversion target",
        "unit": "fraction",
        "zh": "计划中的支付转化率目标（缺少时由销售目标 ÷ 访客数目标 ÷ 客单价目标推出）。",
        "en": "The plan's conversion target (when missing, GMV target / visitors target / AOV target).",
    },
    "aov": {
        "label_zh": "客单价",
        "label_en": "AOV",
        "unit": "yuan",
        "zh": "支付金额 ÷ 支付买家数（日累计），即日客单价口径。",
        "en": "Paid GMV / buyer-days (the daily 客单价 grain).",
    },
    "aov_base": {
        "label_zh": "基准客单价",
        "label_en": "Baseline AOV",
        "unit": "yuan",
        "zh": "目标：计划客单价目标；去年：去年同期支付金额 ÷ 支付买家数（日累计）。",
        "en": "Target: the plan's AOV target; last year: same-period paid GMV / buyer-days.",
    },
    "aov_target": {
        "label_zh": "客单价目标",
        "label_en": "AOV target",
        "unit": "yuan",
        "zh": "计划中的客单价目标（缺少时由其他目标推出）。",
        "en": "The plan's AOV target (when missing, derived from the other targets).",
    },
    "gap_visitors": {
        "label_zh": "访客影响",
        "label_en": "Visitor effect",
        "unit": "yuan",
        "zh": "支付金额差额中由访客数解释的部分（LMDI：L(实际,基准) × ln(访客数÷基准访客数)，L(a,b)=(a−b)/(ln a−ln b)）。",
        "en": "The part of the GMV gap explained by visitors (LMDI: L(actual, baseline GMV) × ln(visitors / "
        "baseline), L(a,b) = (a−b)/(ln a − ln b)).",
    },
    "gap_conversion": {
        "label_zh": "转化影响",
        "label_en": "Conversion effect",
        "unit": "yuan",
        "zh": "支付金额差额中由转化率解释的部分（LMDI）；三项影响之和等于差额。",
        "en": "The part of the GMV gap explained by conversion (LMDI); the three effects sum to the gap.",
    },
    "gap_aov": {
        "label_zh": "客单价影响",
        "label_en": "AOV effect",
        "unit": "yuan",
        "zh": "支付金额差额中由客单价解释的部分（LMDI）；分项四舍五入到分，尾差计入绝对值最大的一项。",
        "en": "The part of the GMV gap explained by AOV (LMDI); effects are rounded to the cent with the "
        "remainder in the largest.",
    },
    "split_status": {
        "label_zh": "拆分说明",
        "label_en": "Split status",
        "unit": "text",
        "zh": "ok 为已拆分；否则说明为何不能按对数拆分（无访客、无销售、计划缺少分项目标、去年同期无数据）。",
        "en": "'ok' when split; otherwise why the log split is undefined (no visitors, no sales, no driver "
        "targets, no last-year data): metrics.drivers.SPLIT_STATUS.",
    },
    # --- campaign calendar (metrics/calendar.py; name, gmv_target, ad_spend: CALENDAR_DEFINITIONS) ---
    "campaign_id": {
        "label_zh": "活动编号",
        "label_en": "Campaign id",
        "unit": "text",
        "zh": "活动在本库中的编号；同一店铺同名活动重新保存或导入时编号不变。",
        "en": "The campaign's id in this database; kept when a campaign of the same store and name is saved again.",
    },
    "campaign_type": {
        "label_zh": "活动类型",
        "label_en": "Campaign type",
        "unit": "text",
        "zh": "双十一、618、聚划算、年货节、店铺活动或其他。",
        "en": "双十一, 618, 聚划算, 年货节, 店铺活动 or 其他 (other).",
    },
    "starts_at": {
        "label_zh": "开始时间",
        "label_en": "Starts",
        "unit": "text",
        "zh": "最早阶段的开始时间（北京时间，含该秒）。",
        "en": "Start of the earliest phase (Beijing time, inclusive).",
    },
    "ends_at": {
        "label_zh": "结束时间",
        "label_en": "Ends",
        "unit": "text",
        "zh": "最晚阶段的结束时间（北京时间，含该秒；如 23:59:59）。",
        "en": "End of the latest phase (Beijing time, inclusive, e.g. 23:59:59).",
    },
    "phases": {
        "label_zh": "阶段",
        "label_en": "Phases",
        "unit": "text",
        "zh": "各阶段（预热、定金、尾款、爆发、返场，单阶段为“活动”）及其起止时间，按时间先后；阶段互不重叠。",
        "en": "The phases (预热 warm-up, 定金 deposit, 尾款 final payment, 爆发 peak, 返场 encore, or 活动 for a "
        "one-phase campaign) with their windows, in time order; phases never overlap.",
    },
    "skus": {
        "label_zh": "参与商品",
        "label_en": "SKUs",
        "unit": "text",
        "zh": "参与活动的商品编码（商家编码）；为空表示全店参与。",
        "en": "The participating SKU codes (商家编码); empty means the whole store takes part.",
    },
    "slot_fee": {
        "label_zh": "坑位费",
        "label_en": "Slot fee",
        "unit": "yuan",
        "zh": "为活动坑位支付的固定费用（元），未填为空。",
        "en": "The fixed fee paid for the campaign slot (yuan); empty when not given.",
    },
    "commission_rate": {
        "label_zh": "佣金比例",
        "label_en": "Commission rate",
        "unit": "fraction",
        "zh": "按活动成交额收取的佣金比例（0.05 = 5%），未填为空。",
        "en": "Commission charged on the campaign's GMV (0.05 = 5%); empty when not given.",
    },
    "coupon_cost": {
        "label_zh": "优惠券成本",
        "label_en": "Coupon cost",
        "unit": "yuan",
        "zh": "店铺为活动承担的优惠券金额（元），未填为空。",
        "en": "The coupon amount the store bears for the campaign (yuan); empty when not given.",
    },
    "margin_rate": {
        "label_zh": "毛利率",
        "label_en": "Gross margin",
        "unit": "fraction",
        "zh": "计算 ROI 用的毛利率（0.35 = 35%）；为空时用店铺默认毛利率（未设置时假定 35%），单个商品可另设。",
        "en": "Gross-margin rate for ROI (0.35 = 35%); empty means the store's default (assumed 35% when the "
        "store has none); a SKU may override it.",
    },
    "source": {
        "label_zh": "来源",
        "label_en": "Source",
        "unit": "text",
        "zh": "活动的来历：editor 在看板中编辑，file 导入活动日历文件，template 由模板生成，candidate 由候选活动确认。",
        "en": "Where the campaign came from: 'editor', 'file' (a calendar file), 'template' or 'candidate' "
        "(a confirmed candidate).",
    },
    "updated_by": {
        "label_zh": "修改人",
        "label_en": "Updated by",
        "unit": "text",
        "zh": "最后保存或导入该活动的人。",
        "en": "Who last saved or imported the campaign.",
    },
    "updated_at": {
        "label_zh": "修改时间",
        "label_en": "Updated at",
        "unit": "text",
        "zh": "最后保存或导入的时间（北京时间）。",
        "en": "When it was last saved or imported (Beijing time).",
    },
    # --- campaign candidates (metrics/campaign_candidates.py; skus: as in the calendar, the SKUs taking part) ---
    "kind": {
        "label_zh": "候选类型",
        "label_en": "Kind",
        "unit": "text",
        "zh": "sku：列出了具体SKU（销量远超基线且成交价明显下降，或生意参谋有聚划算支付金额）；store：全店支付金额突增、无具体SKU；item：生意参谋有聚划算支付金额但商品ID对应不到SKU。",
        "en": "'sku': the row names SKUs (units far above baseline with a marked price drop, or 生意参谋 JHS pay "
        "amount); 'store': a store-wide GMV spike without specific SKUs; 'item': JHS pay amount whose items "
        "map to no SKU.",
    },
    "sku_count": {
        "label_zh": "SKU数",
        "label_en": "SKUs",
        "unit": "count",
        "zh": "该候选日列出的SKU个数。",
        "en": "Number of SKUs the candidate day lists.",
    },
    "sku_units": {
        "label_zh": "当日件数",
        "label_en": "Units",
        "unit": "count",
        "zh": "所列SKU当日已付款订单的购买数量之和（按订单付款日期）。",
        "en": "Units of the listed SKUs on the day's paid orders (by payment date).",
    },
    "sku_baseline_units": {
        "label_zh": "基线件数",
        "label_en": "Baseline units",
        "unit": "count",
        "zh": "所列SKU基线件数之和：每个SKU前 28 天（不含大促、活动日历和聚划算日）每日件数的中位数，无销售日按 0 计。",
        "en": "Sum of the listed SKUs' baselines: each SKU's median daily units over the previous 28 days "
        "(campaign, calendar and 聚划算 days left out; days without a sale count 0).",
    },
    "volume_ratio": {
        "label_zh": "销量倍数",
        "label_en": "Volume ratio",
        "unit": "ratio",
        "zh": "当日件数 ÷ 基线件数（倍数，只计有基线的SKU）；SKU日入选条件之一为 ≥ 3 倍且当日 ≥ 10 件。",
        "en": "Units / baseline units (a multiple, over the SKUs with a baseline); a SKU-day is flagged at ≥ 3x "
        "and ≥ 10 units.",
    },
    "sku_avg_price": {
        "label_zh": "当日成交均价",
        "label_en": "Avg paid price",
        "unit": "yuan",
        "zh": "所列SKU当日的件均实付金额（子订单买家实付金额 ÷ 数量，按件数加权；无实付金额时用商品价格）。",
        "en": "The listed SKUs' paid amount per unit that day (line paid amount / quantity, quantity-weighted; "
        "the unit price where a line has no paid amount).",
    },
    "sku_baseline_price": {
        "label_zh": "基线成交价",
        "label_en": "Baseline price",
        "unit": "yuan",
        "zh": "每个SKU前 28 天（同基线件数的日子）每日成交均价的中位数，按当日件数加权。",
        "en": "Each SKU's median daily average paid price over the baseline days, weighted by the day's units.",
    },
    "price_drop": {
        "label_zh": "降价幅度",
        "label_en": "Price drop",
        "unit": "fraction",
        "zh": "1 − 当日成交均价 ÷ 基线成交价（0.18 即便宜 18%）；SKU日入选条件之一为 ≥ 15%。",
        "en": "1 − avg paid price / baseline price (0.18 = 18% cheaper); a SKU-day is flagged at ≥ 15%.",
    },
    "sku_gmv": {
        "label_zh": "SKU支付金额",
        "label_en": "SKU paid amount",
        "unit": "yuan",
        "zh": "所列SKU当日子订单买家实付金额之和（不含邮费）。",
        "en": "Paid amount of the listed SKUs' lines that day (postage excluded).",
    },
    "store_gmv": {
        "label_zh": "全店支付金额",
        "label_en": "Store paid GMV",
        "unit": "yuan",
        "zh": "店铺当日支付金额（与支付金额同口径）。",
        "en": "The store's paid GMV of the day (the paid GMV 口径).",
    },
    "store_baseline_gmv": {
        "label_zh": "全店基线",
        "label_en": "Store baseline",
        "unit": "yuan",
        "zh": "前 8 周同星期几（不含大促、活动日历和聚划算日，至少 4 周）支付金额的中位数；历史不足为空。",
        "en": "Median paid GMV of the same weekday over the previous 8 weeks (campaign, calendar and 聚划算 days "
        "left out; at least 4 weeks); empty with too little history.",
    },
    "store_gmv_ratio": {
        "label_zh": "全店倍数",
        "label_en": "Store ratio",
        "unit": "ratio",
        "zh": "全店支付金额 ÷ 全店基线（倍数）；≥ 1.8 倍且不在双11/618固定窗口内为全店突增。",
        "en": "Store paid GMV / store baseline (a multiple); ≥ 1.8x outside the fixed Double 11 / 618 windows "
        "is a store-wide spike.",
    },
    "store_spike": {
        "label_zh": "全店突增",
        "label_en": "Store spike",
        "unit": "text",
        "zh": "当日是否全店支付金额突增（见全店倍数）。",
        "en": "Whether the store's paid GMV spiked that day (see store ratio).",
    },
    "jhs_pay_amount": {
        "label_zh": "聚划算支付金额",
        "label_en": "JHS pay amount",
        "unit": "yuan",
        "zh": "生意参谋商品日报中当日各商品聚划算支付金额之和；无则为空。",
        "en": "Sum of 生意参谋 聚划算支付金额 over the store's items that day; empty when none.",
    },
    "jhs_items": {
        "label_zh": "聚划算商品ID",
        "label_en": "JHS items",
        "unit": "text",
        "zh": "当日聚划算支付金额大于 0 的商品ID（经宝贝报表的商品ID对应到SKU）。",
        "en": "The 商品ID with 聚划算支付金额 > 0 that day (mapped to SKUs through the detail export's 商品ID).",
    },
    "in_calendar": {
        "label_zh": "已在活动日历",
        "label_en": "In calendar",
        "unit": "text",
        "zh": "活动日历中覆盖当日（预热、定金阶段除外）的活动名称；为空表示尚未确认。",
        "en": "Calendar campaigns covering the day (预热 and 定金 phases aside); empty = not confirmed yet.",
    },
    "evidence": {
        "label_zh": "依据说明",
        "label_en": "Evidence",
        "unit": "text",
        "zh": "看到了什么：SKU销量倍数与降价、全店倍数、聚划算支付金额（先中文后英文）。",
        "en": "What was seen: SKU volume ratio and price drop, store ratio, JHS pay amount (Chinese, then English).",
    },
}

# Calendar columns whose name another metric's column already uses (name = 商品名称, gmv_target = the plan's
# target, ad_spend = 生意参谋 spend): their meaning in the campaign calendar (metrics/calendar.py).
CALENDAR_DEFINITIONS: dict[str, dict[str, str]] = {
    "name": {
        "label_zh": "活动名称",
        "label_en": "Campaign",
        "unit": "text",
        "zh": "活动名称，同一店铺内唯一。",
        "en": "The campaign's name, unique within its store.",
    },
    "gmv_target": {
        "label_zh": "目标GMV",
        "label_en": "GMV target",
        "unit": "yuan",
        "zh": "活动的支付金额目标（元），未填为空。",
        "en": "The campaign's paid-GMV target (yuan); empty when not given.",
    },
    "ad_spend": {
        "label_zh": "推广费用",
        "label_en": "Ad spend",
        "unit": "yuan",
        "zh": "为活动投入的推广费用（元），按活动日历填写，未填为空。",
        "en": "Ad spend for the campaign as entered in the calendar (yuan); empty when not given.",
    },
}


def _entry(label_zh: str, label_en: str, unit: str, zh: str, en: str) -> dict[str, str]:
    return {"label_zh": label_zh, "label_en": label_en, "unit": unit, "zh": zh, "en": en}


# 活动复盘 (metrics/campaign_review.py): every summary key and frame column, in its campaign-review meaning
# (pages of the review look here first). Keys no other metric uses are also added to METRIC_DEFINITIONS.
# "Scope": the store's paid orders for a store-wide campaign, the lines of its SKUs for a SKU-level one.
# "Campaign days": the dates from the first sale phase (not 预热/定金) to the last one, gaps included.
CAMPAIGN_REVIEW_DEFINITIONS: dict[str, dict[str, str]] = {
    "campaign_id": _entry(
        "活动ID", "Campaign id", "count", "活动日历中的活动编号。", "The campaign's id in the calendar."
    ),
    "store": _entry("店铺", "Store", "text", "活动所属店铺。", "The campaign's store."),
    "name": _entry(
        "活动名称",
        "Campaign",
        "text",
        "活动名称，同一店铺内唯一。",
        "The campaign's name, unique within its store.",
    ),
    "campaign_type": _entry(
        "活动类型",
        "Type",
        "text",
        "双十一、618、聚划算、年货节、店铺活动或其他。",
        "双十一, 618, 聚划算, 年货节, 店铺活动 or other.",
    ),
    "scope": _entry(
        "统计范围",
        "Scope",
        "text",
        "store：全店参与，按订单统计（含邮费）；skus：指定商品参与，按这些商品的子订单统计。",
        "'store': the whole store takes part, counted on orders (postage included); 'skus': the listed SKUs, counted on their order lines.",
    ),
    "sku_count": _entry(
        "参与SKU数",
        "SKUs in campaign",
        "count",
        "活动指定的参与商品数；0 为全店参与。",
        "SKUs named by the campaign; 0 = the whole store.",
    ),
    "first_day": _entry(
        "活动首日",
        "First day",
        "date",
        "第一个销售阶段（预热、定金之外）开始的日期。",
        "Date the first sale phase (not 预热/定金) starts.",
    ),
    "last_day": _entry(
        "活动末日", "Last day", "date", "最后一个销售阶段结束的日期。", "Date the last sale phase ends."
    ),
    "pre_start": _entry(
        "活动前窗口起",
        "Pre window from",
        "date",
        "活动前观察窗口的首日：活动首日前 7 天，或更早开始的预热/定金阶段首日；不参与基线拟合。",
        "First day of the pre window: 7 days before the first day, or an earlier 预热/定金 start; kept out of the baseline fit.",
    ),
    "post_end": _entry(
        "活动后窗口止",
        "Post window to",
        "date",
        "活动后观察窗口的末日（活动末日后 14 天，可设置）。",
        "Last day of the post window (14 days after the last day, settable).",
    ),
    "as_of": _entry(
        "截至日",
        "As of",
        "date",
        "复盘截至的日期；晚于店铺最后一笔支付时取该日，之后的日子不计。",
        "The review's as-of date; capped at the store's last payment date.",
    ),
    "gmv": _entry(
        "活动支付金额",
        "Campaign GMV",
        "yuan",
        "活动日内统计范围的支付金额（预售按尾款付款日计）。",
        "Paid GMV of the scope over the campaign days (a presale counts on its final-payment day).",
    ),
    "orders": _entry(
        "支付订单数",
        "Paid orders",
        "count",
        "活动日内统计范围的付款订单数（指定商品时为含这些商品的订单）。",
        "Paid orders of the scope over the campaign days (SKU-level: orders with those SKUs).",
    ),
    "buyers": _entry(
        "支付买家数",
        "Paid buyers",
        "count",
        "活动日内统计范围的买家会员名去重数。",
        "Distinct buyers of the scope over the campaign days.",
    ),
    "units": _entry(
        "支付件数",
        "Units",
        "count",
        "活动日内统计范围的购买件数。",
        "Units bought in the scope over the campaign days.",
    ),
    "refunds": _entry(
        "退款金额",
        "Refunds",
        "yuan",
        "活动日订单中已退款成功的金额（截至最近一次导出）。",
        "Completed refunds of the campaign days' sales, as of the latest export.",
    ),
    "refund_rate": _entry(
        "退款率",
        "Refund rate",
        "fraction",
        "活动日订单的退款金额 ÷ 活动支付金额（截至最近一次导出）。",
        "Refunds of the campaign days' sales / campaign GMV (as of the latest export).",
    ),
    "baseline_refund_rate": _entry(
        "平日退款率",
        "Normal refund rate",
        "fraction",
        "基线拟合日（活动前的平常日）订单的退款率。",
        "Refund rate of the orders of the baseline fit days (normal days before the campaign).",
    ),
    "refund_rate_7d": _entry(
        "7天退款率",
        "7-day refund rate",
        "fraction",
        "付款后 7 天内退款的比例：导出数据没有退款时间，无法计算，始终为空。",
        "Refunded within 7 days of payment: the exports carry no refund time, so always empty.",
    ),
    "refund_rate_15d": _entry(
        "15天退款率",
        "15-day refund rate",
        "fraction",
        "同上，15 天；始终为空（无退款时间）。",
        "As above, 15 days; always empty (no refund time).",
    ),
    "refund_rate_30d": _entry(
        "30天退款率",
        "30-day refund rate",
        "fraction",
        "同上，30 天；始终为空（无退款时间）。",
        "As above, 30 days; always empty (no refund time).",
    ),
    "refund_observed_days": _entry(
        "退款观察天数",
        "Refund observed days",
        "count",
        "活动订单从付款到最近一次导出的最少天数：退款率最多反映了这么多天内的退款。",
        "Fewest days between a campaign sale's payment and its latest export: how long refunds had to show.",
    ),
    "new_buyers": _entry(
        "新客数",
        "New buyers",
        "count",
        "活动买家中，在数据里的首次付款订单落在活动首日或之后的人数（全店、任意商品）。",
        "Campaign buyers whose first paid order in the data (store-wide, any SKU) is on or after the first day.",
    ),
    "new_buyer_share": _entry(
        "新客占比",
        "New buyer share",
        "fraction",
        "新客数 ÷ 活动买家数；数据起点越晚，新客越被高估。",
        "New buyers / campaign buyers; a short history overstates it.",
    ),
    "presale_deposit_orders": _entry(
        "定金订单数",
        "Deposits paid",
        "count",
        "活动期间付了定金的预售订单数（按分阶段订单信息，缺少时按订单付款/创建时间）。",
        "Presale orders of the campaign with a deposit paid (staged-payment info, else the order's times).",
    ),
    "presale_deposit_amount": _entry(
        "定金金额",
        "Deposit amount",
        "yuan",
        "这些订单的定金之和；无分阶段信息且未付尾款的取买家实付金额，已付尾款且无信息的不计。",
        "Sum of their deposits; without staged info an unpaid balance's order counts what it paid, a paid one adds none.",
    ),
    "presale_balance_paid_orders": _entry(
        "尾款已付订单数",
        "Balances paid",
        "count",
        "付了尾款（计为销售）的预售订单数。",
        "Presale orders whose final payment was made (they are sales).",
    ),
    "presale_balance_gmv": _entry(
        "尾款订单金额",
        "Balance-paid GMV",
        "yuan",
        "付了尾款的预售订单的支付金额（按尾款日计入销售）。",
        "Paid GMV of the presale orders with the balance paid (counted on the final-payment day).",
    ),
    "presale_pending_orders": _entry(
        "待付尾款订单数",
        "Balances pending",
        "count",
        "已付定金、尚未付尾款、且尾款期未结束的订单数。",
        "Deposit paid, balance not yet paid, balance window still open.",
    ),
    "presale_forfeited_orders": _entry(
        "定金未转化订单数",
        "Deposits forfeited",
        "count",
        "已付定金但未付尾款、订单已关闭或最后销售阶段已结束的订单数。",
        "Deposit paid, balance never paid, the order closed or the last sale phase over.",
    ),
    "presale_forfeited_deposits": _entry(
        "未转化定金金额",
        "Forfeited deposits",
        "yuan",
        "这些订单的定金之和。",
        "Sum of those orders' deposits.",
    ),
    "balance_payment_rate": _entry(
        "尾款支付率",
        "Balance payment rate",
        "fraction",
        "尾款已付订单数 ÷ 定金订单数。",
        "Balances paid / deposits paid (orders).",
    ),
    "baseline": _entry(
        "基线",
        "Baseline",
        "yuan",
        "没有活动时活动日预计的支付金额：活动前平常日（默认 28 天，剔除其他活动日与活动前窗口）按星期系数和趋势外推。",
        "Expected GMV of the campaign days without the campaign: normal days before it (28 by default, other campaigns and the pre window left out), weekday factors and a trend where significant.",
    ),
    "incremental": _entry(
        "增量", "Incremental", "yuan", "活动支付金额 − 基线。", "Campaign GMV minus baseline."
    ),
    "lift": _entry(
        "提升率",
        "Lift",
        "fraction",
        "增量 ÷ 基线（分母为活动日的基线支付金额）。",
        "Incremental / baseline (denominator: the campaign days' baseline GMV).",
    ),
    "pre_dip": _entry(
        "活动前回落",
        "Pre dip",
        "yuan",
        "活动前窗口（预热、定金期）实际 − 基线；负数表示买家在等活动。",
        "Actual minus baseline over the pre window (warm-up, deposit days); negative = buyers waited.",
    ),
    "post_dip": _entry(
        "活动后回落",
        "Post dip",
        "yuan",
        "活动后窗口实际 − 基线；负数表示买家在活动中囤货。",
        "Actual minus baseline over the post window; negative = buyers stocked up.",
    ),
    "net_incremental": _entry(
        "净增量",
        "Net incremental",
        "yuan",
        "增量 + 活动前回落 + 活动后回落。",
        "Incremental + pre dip + post dip.",
    ),
    "net_incremental_after_refunds": _entry(
        "扣退款净增量",
        "Net incremental after refunds",
        "yuan",
        "按净销售额计的净增量：(活动支付金额 − 退款) − 基线 ×(1 − 平日退款率) + (前后回落) ×(1 − 平日退款率)。",
        "Net incremental in net sales: (GMV − refunds) − baseline × (1 − normal refund rate) + dips × (1 − normal refund rate).",
    ),
    "cannibalisation": _entry(
        "挤占/带动",
        "Cannibalisation / halo",
        "yuan",
        "指定商品活动时，其他商品活动日实际 − 其自身基线；负数为被挤占，正数为带动。",
        "SKU-level campaigns: the other SKUs' actual minus their own baseline over the campaign days; negative = cannibalised, positive = halo.",
    ),
    "baseline_status": _entry(
        "基线状态",
        "Baseline status",
        "text",
        "ok：已有基线；too_little_history：活动前平常日不足 14 天，不给基线、增量、提升率和ROI。",
        "'ok'; 'too_little_history': fewer than 14 normal days before the campaign, so no baseline, incremental, lift or ROI.",
    ),
    "baseline_fit_days": _entry(
        "基线天数",
        "Baseline days",
        "count",
        "拟合基线用到的平常日天数。",
        "Normal days the baseline was fitted on.",
    ),
    "baseline_trend": _entry(
        "基线日趋势",
        "Baseline trend",
        "fraction",
        "基线每日增长率（显著时才用，否则 0）。",
        "The baseline's daily growth rate (used only when significant, else 0).",
    ),
    "target": _entry(
        "活动目标",
        "Campaign target",
        "yuan",
        "活动日历中的目标GMV，未填为空。",
        "The calendar's GMV target for the campaign; empty when none.",
    ),
    "attainment": _entry(
        "目标达成",
        "Attainment",
        "fraction",
        "活动支付金额 ÷ 活动目标；无目标为空。",
        "Campaign GMV / campaign target; empty without a target.",
    ),
    "slot_fee": _entry("坑位费", "Slot fee", "yuan", "活动日历中的坑位费。", "Slot fee from the calendar."),
    "commission": _entry(
        "佣金", "Commission", "yuan", "佣金比例 × 活动支付金额。", "Commission rate × campaign GMV."
    ),
    "ad_spend": _entry(
        "推广费用", "Ad spend", "yuan", "活动日历中的推广费用。", "Ad spend from the calendar."
    ),
    "coupon_cost": _entry(
        "优惠券成本", "Coupon cost", "yuan", "活动日历中的优惠券成本。", "Coupon cost from the calendar."
    ),
    "costs": _entry(
        "活动成本",
        "Costs",
        "yuan",
        "坑位费 + 佣金 + 推广费用 + 优惠券成本（缺项按 0）；全部缺失为空。",
        "Slot fee + commission + ad spend + coupon cost (missing parts 0); empty when all are missing.",
    ),
    "margin_rate": _entry(
        "毛利率",
        "Margin rate",
        "fraction",
        "ROI 用的毛利率：活动毛利率，否则商品毛利率（按活动支付金额加权），否则店铺毛利率，否则默认 30%。",
        "Margin used for ROI: the campaign's, else per-SKU overrides (GMV-weighted), else the store's, else 30%.",
    ),
    "margin_source": _entry(
        "毛利率来源",
        "Margin source",
        "text",
        "campaign、skus、store 或 default（默认值，ROI 仅供参考）。",
        "'campaign', 'skus', 'store' or 'default' (a default: ROI is indicative).",
    ),
    "roi": _entry(
        "ROI",
        "ROI",
        "fraction",
        "(扣退款净增量（指定商品时加挤占/带动）× 毛利率 − 活动成本) ÷ 活动成本；无成本为空。",
        "(net incremental after refunds (+ cannibalisation for SKU-level) × margin − costs) / costs; empty without costs.",
    ),
    "notes": _entry(
        "说明", "Notes", "text", "截断、估计或缺失之处的说明。", "What was cut, estimated or missing."
    ),
    "edition": _entry(
        "届次",
        "Edition",
        "text",
        "this 本次；last_year 去年同类活动；previous 上一次同类活动。",
        "'this', 'last_year' (same type last year) or 'previous' (the previous one of its type).",
    ),
    "phase": _entry(
        "阶段",
        "Phase",
        "text",
        "活动阶段（预热、定金、尾款、爆发、返场、活动）；按付款时间精确到秒归属。",
        "Campaign phase; sales belong to it by payment time, to the second.",
    ),
    "starts_at": _entry(
        "开始时间",
        "Starts",
        "text",
        "阶段开始时间（北京时间，含）。",
        "Phase start (Beijing time, inclusive).",
    ),
    "ends_at": _entry(
        "结束时间", "Ends", "text", "阶段结束时间（北京时间，含）。", "Phase end (Beijing time, inclusive)."
    ),
    "is_sale_phase": _entry(
        "销售阶段",
        "Sale phase",
        "text",
        "是否计入活动日（预热、定金阶段否）。",
        "Whether the phase is a sales phase (预热 and 定金 are not).",
    ),
    "date": _entry(
        "日期",
        "Date",
        "date",
        "自然日（北京时间），按支付时间归属。",
        "Calendar day (Beijing time) of the payment.",
    ),
    "weekday": _entry("星期", "Weekday", "count", "1 为周一，7 为周日。", "1 = Monday … 7 = Sunday."),
    "window": _entry(
        "窗口",
        "Window",
        "text",
        "baseline 基线拟合日；pre 活动前；campaign 活动日；post 活动后。",
        "'baseline' (fit day), 'pre', 'campaign' or 'post'.",
    ),
    "other_campaign": _entry(
        "其他活动",
        "Other campaign",
        "text",
        "该日属于的其他活动（不计入回落，也不用于基线）。",
        "Another campaign on that day (left out of the dips and the baseline).",
    ),
    "actual_gmv": _entry(
        "实际支付金额", "Actual GMV", "yuan", "该日统计范围的支付金额。", "The scope's paid GMV of the day."
    ),
    "baseline_gmv": _entry(
        "基线支付金额",
        "Baseline GMV",
        "yuan",
        "该日（或该商品活动日合计）的基线支付金额；基线日为拟合值。",
        "Baseline GMV of the day (or of the SKU over the campaign days); fitted value on fit days.",
    ),
    "incremental_gmv": _entry(
        "增量支付金额",
        "Incremental GMV",
        "yuan",
        "实际 − 基线；基线日和其他活动日为空。",
        "Actual minus baseline; empty on fit days and other campaigns' days.",
    ),
    "store_gmv": _entry(
        "全店支付金额",
        "Store GMV",
        "yuan",
        "该日全店支付金额（订单口径）。",
        "The whole store's paid GMV of the day (orders).",
    ),
    "rest_gmv": _entry(
        "其他商品支付金额",
        "Other SKUs' GMV",
        "yuan",
        "指定商品活动时，其他商品该日的子订单支付金额。",
        "SKU-level campaigns: the other SKUs' line GMV of the day.",
    ),
    "rest_baseline": _entry(
        "其他商品基线",
        "Other SKUs' baseline",
        "yuan",
        "其他商品该日的基线支付金额。",
        "The other SKUs' baseline GMV of the day.",
    ),
    "deposit_orders": _entry(
        "定金订单数",
        "Deposits",
        "count",
        "当日付定金的预售订单数（按定金日期）。",
        "Presale deposits paid that day (by deposit date).",
    ),
    "deposit_amount": _entry(
        "定金金额", "Deposit amount", "yuan", "当日所付定金之和。", "Deposits paid that day."
    ),
    "deposits_completed": _entry(
        "已付尾款",
        "Completed",
        "count",
        "当日定金中后来付了尾款的订单数。",
        "Of that day's deposits, the orders whose balance was paid later.",
    ),
    "forfeited_orders": _entry(
        "未付尾款",
        "Forfeited",
        "count",
        "当日定金中未付尾款且已关闭或已过尾款期的订单数。",
        "Of that day's deposits, the orders forfeited (closed or the balance window over).",
    ),
    "forfeited_deposits": _entry(
        "未转化定金", "Forfeited deposits", "yuan", "这些订单的定金之和。", "Their deposits."
    ),
    "balance_paid_orders": _entry(
        "尾款订单数",
        "Balances paid",
        "count",
        "当日付尾款的预售订单数（按尾款日期）。",
        "Presale balances paid that day (by final-payment date).",
    ),
    "balance_paid_gmv": _entry(
        "尾款日支付金额",
        "Balance-day GMV",
        "yuan",
        "当日付尾款的预售订单支付金额（当日计入销售）。",
        "Paid GMV of the presale orders whose balance was paid that day (sales of that day).",
    ),
    "sku": _entry("商家编码", "SKU", "text", "商家编码（宝贝报表）。", "Merchant SKU code (detail export)."),
    "participating": _entry(
        "参与活动",
        "In campaign",
        "text",
        "是否活动指定商品（全店活动时全部为是）。",
        "Whether the SKU takes part (all, for a store-wide campaign).",
    ),
    "actual_units": _entry(
        "活动件数", "Units", "count", "活动日该商品的购买件数。", "The SKU's units over the campaign days."
    ),
}
for _key, _name_zh, _name_en in (
    ("baseline", "基线", "baseline"),
    ("incremental", "增量", "incremental"),
    ("lift", "提升率", "lift"),
    ("net_incremental", "净增量", "net incremental"),
    ("net_incremental_after_refunds", "扣退款净增量", "net incremental after refunds"),
    ("cannibalisation", "挤占/带动", "cannibalisation"),
    ("roi", "ROI", "ROI"),
):
    for _side, _zh, _en in (("low", "下限", "low"), ("high", "上限", "high")):
        CAMPAIGN_REVIEW_DEFINITIONS[f"{_key}_{_side}"] = _entry(
            f"{_name_zh}{_zh}",
            f"{_name_en.capitalize()} {_en}",
            CAMPAIGN_REVIEW_DEFINITIONS[_key]["unit"],
            f"{_name_zh}约 95% 区间的{_zh}（由基线平常日的残差波动推算）。",
            f"The {_en} end of the {_name_en}'s ~95% interval (from the baseline days' residual spread).",
        )
for _key, _entry_value in CAMPAIGN_REVIEW_DEFINITIONS.items():
    METRIC_DEFINITIONS.setdefault(_key, _entry_value)


# 补货建议 (metrics/restock.py, metrics/demand.py, metrics/restock_campaigns.py): every column of the restock
# table and of projected_stock, in its restock meaning (the 补货建议 page looks here first). Keys no other
# metric uses are also added to METRIC_DEFINITIONS.
RESTOCK_DEFINITIONS: dict[str, dict[str, str]] = {
    "supplier": _entry(
        "供应商", "Supplier", "text", "补货参数中的供应商。", "The supplier in the restock settings."
    ),
    "status": _entry(
        "状态",
        "Status",
        "text",
        "依次判断：超卖（可用<0）、已停售、新品（有库存、无销售、首次入库在新品天数内）、滞销（有库存且滞销天数内无销售）、"
        "紧急（需补货且最晚下单日已到或可用+在途≤再订货点）、关注（需补货或最晚下单日在一个补货周期内）、积压（可售天数>积压天数）、正常。",
        "The first that applies: 超卖 oversold (available < 0), 已停售 discontinued, 新品 new (stock, no sale, first "
        "stocked within the new-SKU days), 滞销 dead stock (stock, no sale in the dead-stock days), 紧急 urgent "
        "(an order is due and order-by has passed or available + in transit ≤ reorder point), 关注 watch (an order is "
        "due, or order-by falls within one review period), 积压 overstock (cover beyond the overstock days), 正常 normal.",
    ),
    "urgency_rank": _entry(
        "紧急排序",
        "Urgency",
        "count",
        "1 为最紧急：按状态、最晚下单日、建议金额排序。",
        "1 = most urgent: by status, then order-by date, then suggested value.",
    ),  # fmt: skip
    "abc_class": _entry(
        "ABC分类",
        "ABC class",
        "text",
        "近 90 天支付金额（不扣退款）的 ABC 分类：累计占比≤70% 为 A，≤90% 为 B，其余 C。",
        "ABC class on the last 90 days' paid GMV (gross): cumulative share ≤ 70% A, ≤ 90% B, the rest C.",
    ),  # fmt: skip
    "daily_demand": _entry(
        "日均需求",
        "Daily demand",
        "count",
        "近 56 天非大促日的日均销量（件/天）：已付款订单明细件数，退款成功的明细视为退货不计；按 14 天半衰期加权，单日异常峰值截顶"
        "（中位数 + 3×MAD 与 3×中位数取大）。",
        "Mean units per day over the last 56 non-campaign days: detail lines of paid orders, lines refunded "
        "(退款成功) are returns and excluded; weighted with a 14-day half-life, single-day spikes capped at "
        "max(median + 3×MAD, 3×median).",
    ),
    "demand_sd": _entry(
        "需求波动",
        "Demand SD",
        "count",
        "同样加权的日销量标准差（件/天）。",
        "Standard deviation of daily units, same weights (units/day).",
    ),  # fmt: skip
    "lead_time_days": _entry(
        "交期(天)",
        "Lead time (days)",
        "count",
        "下单到到货的天数；未设置时取店铺默认，再取 15 天。",
        "Days from order to arrival; the store's default when not set, else 15.",
    ),  # fmt: skip
    "review_period_days": _entry(
        "补货周期(天)",
        "Review period (days)",
        "count",
        "两次补货检查之间的天数；默认 7 天。",
        "Days between two restock reviews; default 7.",
    ),  # fmt: skip
    "service_level": _entry(
        "服务水平",
        "Service level",
        "fraction",
        "交期内不断货的目标概率，默认 0.95。",
        "Target probability of no stock-out during the lead time; default 0.95.",
    ),  # fmt: skip
    "moq": _entry(
        "最小起订量", "MOQ", "count", "每次至少订购的件数，默认 1。", "Minimum order quantity; default 1."
    ),
    "case_pack": _entry(
        "箱规",
        "Case pack",
        "count",
        "每箱件数，建议量按整箱取整，默认 1。",
        "Units per case; orders are whole cases; default 1.",
    ),
    "unit_cost": _entry(
        "单位成本",
        "Unit cost",
        "yuan",
        "补货参数中的单位采购成本（元）。",
        "Unit purchase cost in the settings (yuan).",
    ),
    "plan_factor": _entry(
        "计划系数",
        "Plan factor",
        "fraction",
        "销售计划在补货期内的日均目标 ÷ 近 56 天非大促日日均支付金额，限制在 0.5–2.0；无计划为 1。",
        "The plan's daily GMV target over the horizon ÷ the recent non-campaign daily paid GMV, clipped to "
        "0.5–2.0; 1 without a plan.",
    ),
    "campaign": _entry(
        "大促",
        "Campaign",
        "text",
        "补货期（交期+补货周期）内的活动日历活动名称，没有为空。",
        "Calendar campaigns with sales days inside the horizon (lead time + review period); empty when none.",
    ),  # fmt: skip
    "campaign_lift": _entry(
        "大促倍数",
        "Campaign lift",
        "fraction",
        "大促销售日的需求倍数：上一次同类活动中该商品的销量 ÷（活动前 28 天日均 × 活动天数），否则取店铺支付金额倍数，"
        "否则默认（双十一/618 为 3，其他 1.5）；限制在 1–10。",
        "Demand multiple on campaign sales days: the SKU's units in the last campaign of the same type ÷ (its daily "
        "mean over the 28 days before × campaign days), else the store's GMV lift, else a default (3 for 双十一/618, "
        "1.5 otherwise); clipped to 1–10.",
    ),
    "horizon_demand": _entry(
        "补货期需求",
        "Horizon demand",
        "count",
        "交期+补货周期内的预计需求（件）：日均 × 计划系数，大促日再乘大促倍数。",
        "Expected units over lead time + review period: daily demand × plan factor, × the lift on campaign days.",
    ),  # fmt: skip
    "safety_stock": _entry(
        "安全库存",
        "Safety stock",
        "count",
        "z(服务水平) × 需求波动 × √交期，向上取整。",
        "z(service level) × demand SD × √lead time, rounded up.",
    ),  # fmt: skip
    "reorder_point": _entry(
        "再订货点",
        "Reorder point",
        "count",
        "交期内预计需求（含大促）+ 安全库存，向上取整。",
        "Expected demand over the lead time (campaigns included) + safety stock, rounded up.",
    ),  # fmt: skip
    "suggested_qty": _entry(
        "建议补货量",
        "Suggested qty",
        "count",
        "补货期需求 + 安全库存 − 可用 − 在途，≤0 或已停售为 0；否则按箱规向上取整，不足起订量时取起订量（按箱规取整）。",
        "Horizon demand + safety stock − available − in transit; 0 when ≤ 0 or discontinued; else rounded up to whole "
        "case packs, and at least the MOQ (in whole cases).",
    ),
    "suggested_value": _entry(
        "建议金额",
        "Suggested value",
        "yuan",
        "建议补货量 × 单位成本（元），无成本为空。",
        "Suggested quantity × unit cost (yuan); empty without a cost.",
    ),  # fmt: skip
    "days_of_cover": _entry(
        "可售天数",
        "Days of cover",
        "count",
        "可用库存 ÷（日均需求 × 计划系数），无需求为空。",
        "Available ÷ (daily demand × plan factor); empty without demand.",
    ),  # fmt: skip
    "stockout_date": _entry(
        "预计断货日",
        "Stock-out date",
        "date",
        "按每日预计需求（含大促）扣减可用库存，降到 0 的日期；可用≤0 为当天。",
        "The day the available stock reaches 0 at the expected daily demand (campaigns included); as-of when ≤ 0.",
    ),  # fmt: skip
    "order_by": _entry(
        "最晚下单日",
        "Order by",
        "date",
        "预计断货日 − 交期：此日前下单才能在断货前到货。",
        "Stock-out date − lead time: the last day an order arrives before the stock-out.",
    ),  # fmt: skip
    "last_sale_date": _entry(
        "最近销售日",
        "Last sale",
        "date",
        "近 120 天内最后一次有销量的日期。",
        "Last day with units sold in the lookback (120 days).",
    ),
    "first_stock_date": _entry(
        "首次入库日",
        "First stocked",
        "date",
        "该商品首次出现库存的快照日期。",
        "Date of the first snapshot holding stock of the SKU.",
    ),
    "snapshot_age_days": _entry(
        "库存快照天数",
        "Snapshot age (days)",
        "count",
        "截至日 − 库存快照日期。",
        "As-of date − snapshot date.",
    ),
    "stale_snapshot": _entry(
        "库存过期",
        "Stale stock",
        "text",
        "库存快照早于设定天数（默认 3 天）或没有快照。",
        "The snapshot is older than the set number of days (default 3), or there is none.",
    ),  # fmt: skip
    "explanation": _entry(
        "计算说明", "Explanation", "text", "建议补货量的算式。", "The suggestion's arithmetic, in Chinese."
    ),
    "explanation_en": _entry(
        "计算说明（英文）",
        "Explanation (EN)",
        "text",
        "建议补货量的算式（英文）。",
        "The suggestion's arithmetic, in English.",
    ),
    "expected_demand": _entry(
        "预计需求", "Expected demand", "count", "当天预计销量（件）。", "Units expected that day."
    ),
    "projected_available": _entry(
        "预计库存",
        "Projected stock",
        "count",
        "不再下单时的预计可用库存（在途到货日未知，不计入）。",
        "Projected available stock without a new order (in transit left out: arrival unknown).",
    ),  # fmt: skip
    "projected_with_order": _entry(
        "下单后预计库存",
        "Projected with order",
        "count",
        "今天按建议量下单、交期后到货时的预计可用库存。",
        "Projected available stock with the suggested order placed today, arriving after the lead time.",
    ),  # fmt: skip
    "order_arrives": _entry(
        "到货日",
        "Order arrives",
        "text",
        "今天下单的建议量到货的那一天。",
        "The day today's suggested order arrives.",
    ),
}

# 商品结构 (metrics/products.py): GMV is line paid_amount of paid orders by paid date, gross (refunds not netted).
PRODUCT_DEFINITIONS: dict[str, dict[str, str]] = {
    "title": _entry("商品标题", "Title", "text", "最近一次销售的商品标题。", "The title of the latest sale."),
    "gmv": _entry(
        "支付金额",
        "GMV",
        "yuan",
        "期间内已付款订单明细的实付金额（不扣退款），按付款日期。",
        "Paid amount of the detail lines of paid orders in the period, by payment date, refunds not netted.",
    ),  # fmt: skip
    "units": _entry("件数", "Units", "count", "同一批明细的购买件数。", "Units of the same lines."),
    "share": _entry(
        "占比",
        "Share",
        "fraction",
        "占店铺期间支付金额的比例（有商家编码的明细）。",
        "Share of the store's GMV in the period (lines with a SKU).",
    ),
    "cum_share": _entry(
        "累计占比",
        "Cumulative share",
        "fraction",
        "按支付金额从高到低累计的占比（含本商品）。",
        "Running share by GMV, highest first, this SKU included.",
    ),  # fmt: skip
    "abc_class": _entry(
        "ABC分类",
        "ABC class",
        "text",
        "累计占比≤A 线（默认 70%，恰好 70% 属 A）为 A，≤B 线（90%）为 B，其余 C；第一名总是 A。",
        "A while the cumulative share ≤ the A line (70%, exactly 70% is A), B ≤ the B line (90%), else C; the top SKU is A.",
    ),  # fmt: skip
    "first_sale": _entry(
        "首次销售日", "First sale", "date", "该商品第一次付款的日期。", "Date of the SKU's first paid sale."
    ),
    "last_sale": _entry(
        "最近销售日",
        "Last sale",
        "date",
        "期末及之前最后一次付款的日期。",
        "Date of the last paid sale up to the period end.",
    ),
    "is_new": _entry(
        "新品",
        "New",
        "text",
        "期末距首次销售不足新品天数（默认 90 天，首次销售当天为第 1 天）。",
        "Fewer than the new-SKU days (90) from the first sale to the period end (the first-sale day is day 1).",
    ),  # fmt: skip
    "previous_gmv": _entry(
        "上期支付金额",
        "Previous GMV",
        "yuan",
        "紧邻的等长上一期支付金额。",
        "GMV of the same-length period just before.",
    ),
    "growth": _entry(
        "增长",
        "Growth",
        "fraction",
        "支付金额 ÷ 上期 − 1；上期为 0 时为空。",
        "GMV ÷ previous − 1; empty when the previous is 0.",
    ),
    "status": _entry(
        "状态",
        "Status",
        "text",
        "停售：期末前 30 天无销售（之前有过）；否则在售。",
        "停售 stopped: no sale in the last 30 days of the period (sold before); else 在售 selling.",
    ),  # fmt: skip
    "new_gmv": _entry(
        "新品支付金额",
        "New GMV",
        "yuan",
        "首次销售后新品天数内的销售。",
        "Sales within the new-SKU days after each SKU's first sale.",
    ),
    "old_gmv": _entry("老品支付金额", "Old GMV", "yuan", "其余销售。", "The other sales."),
    "new_share": _entry("新品占比", "New share", "fraction", "新品支付金额 ÷ 合计。", "New GMV ÷ total."),
}
for _key, _entry_value in (*RESTOCK_DEFINITIONS.items(), *PRODUCT_DEFINITIONS.items()):
    METRIC_DEFINITIONS.setdefault(_key, _entry_value)


def definition(column: str, lang: str = "zh") -> str:
    """The one-line definition of a column in 'zh' or 'en' ('' when the column has none)."""
    entry = METRIC_DEFINITIONS.get(column)
    return entry.get(lang, entry["zh"]) if entry else ""


def label(column: str, lang: str = "zh") -> str:
    """The short display label of a column in 'zh' or 'en' (the column name when it has none)."""
    entry = METRIC_DEFINITIONS.get(column)
    return entry.get(f"label_{lang}", entry["label_zh"]) if entry else column
