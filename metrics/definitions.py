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
}


def definition(column: str, lang: str = "zh") -> str:
    """The one-line definition of a column in 'zh' or 'en' ('' when the column has none)."""
    entry = METRIC_DEFINITIONS.get(column)
    return entry.get(lang, entry["zh"]) if entry else ""


def label(column: str, lang: str = "zh") -> str:
    """The short display label of a column in 'zh' or 'en' (the column name when it has none)."""
    entry = METRIC_DEFINITIONS.get(column)
    return entry.get(f"label_{lang}", entry["label_zh"]) if entry else column
