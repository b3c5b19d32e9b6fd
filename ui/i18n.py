"""Every interface string in zh-CN (default) and English, looked up with `t(key, **fmt)`.

The language lives in st.session_state["lang"] (set by the sidebar switch); `lang=` overrides it so pure
helpers (chart builders, formatters) can be tested without a running app.
"""

from __future__ import annotations

import streamlit as st

LANGS = ("zh", "en")
LANG_NAMES = {"zh": "中文", "en": "English"}
DEFAULT_LANG = "zh"
LANG_KEY = "lang"

_DATA_RULES_ZH = """\
- **什么算已付款的销售**：订单有付款时间（预售订单在尾款付清时才计入，计入尾款付款日）。未付款、付款前关闭的订单不计入。
- **同一订单导入多次**：以导出时间较晚的文件为准；导出时间相同或更晚的文件才会覆盖已有记录，旧文件不会改回新数据。
- **退款**：只有退款状态为「退款成功」的金额才算退款；申请中、已关闭或被拒绝的退款不算。
- **净销售额** = 已付款金额 − 退款成功金额。
- **`-` 或空白是「缺失」，不是 0**：缺失的数字不参与求和，显示为「—」。
- **金额**：单位为元，保留两位小数；1 万元以上显示为「万」。比率（转化率等）按百分比显示。
- **时间**：一律为北京时间，不随电脑时区变化。
"""

_DATA_RULES_EN = """\
- **What counts as a paid sale**: the order has a payment time (a presale order counts on the day its final \
payment is made). Unpaid orders and orders closed before payment do not count.
- **The same order imported twice**: the later export wins; a record is replaced only by an export at least \
as new, so an old file never rolls data back.
- **Refunds**: only amounts whose refund status is 退款成功 (refund succeeded) count; requested, closed or \
rejected refunds do not.
- **Net sales** = paid amount − successful refunds.
- **`-` or a blank cell means missing, not 0**: missing numbers are left out of sums and shown as "—".
- **Money** is in yuan with two decimals; ratios (conversion etc.) are shown as percentages.
- **Times** are Beijing time, whatever the computer's time zone.
"""

STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        # app shell
        "app_title": "店铺运营驾驶舱",
        "page_sales_overview": "销售概览",
        "page_import_data": "数据导入",
        "sidebar_store": "店铺",
        "sidebar_all_stores": "全部店铺",
        "sidebar_language": "语言 / Language",
        "sidebar_db": "数据库：{path}",
        "demo_suffix": "（演示）",
        # demo store
        "demo_loading": "首次启动：正在导入演示店铺数据…",
        "demo_progress": "演示数据：{text}",
        "demo_loaded": "已导入演示店铺，可以先看看看板的样子。",
        "demo_banner": "当前显示演示数据（{store}）：这些数字是生成的，不是真实店铺。导入自己的数据前，可以先删除演示数据。",
        "demo_remove": "删除演示数据",
        "demo_removed": "演示数据已删除。下一步：打开「数据导入」，上传从千牛/生意参谋/ERP 下载的导出文件。",
        "demo_failed": "演示数据没有导入成功：{error}",
        # sales overview
        "overview_title": "销售概览",
        "overview_scope_all": "范围：全部店铺",
        "overview_scope_store": "范围：{store}",
        "overview_empty": "还没有订单数据：请打开 数据导入，上传订单报表（ExportOrderList…csv）。",
        "open_import": "打开 数据导入",
        "overview_range": "日期范围",
        "overview_range_hint": "数据覆盖 {start} 至 {end}",
        "overview_pick_end": "请选择结束日期。",
        "kpi_paid_gmv": "支付金额",
        "kpi_refunds": "退款金额",
        "kpi_net_sales": "净销售额",
        "kpi_paid_orders": "支付订单数",
        "kpi_paid_buyers": "支付买家数",
        "kpi_visitors": "访客数",
        "kpi_conversion": "支付转化率",
        "kpi_avg_order_value": "客单价",
        "kpi_no_traffic": "所选范围没有生意参谋流量数据（访客数、转化率需要导入店铺整体日报）。",
        "kpi_sum_note": "区间合计为每日数字之和；买家数、访客数按天累加（同一人不同天各算一次）。",
        "chart_daily_title": "每日支付金额与净销售额",
        "chart_paid_gmv": "支付金额",
        "chart_net_sales": "净销售额",
        "chart_date": "日期",
        "chart_yuan": "金额（元）",
        "chart_empty": "所选范围没有数据",
        "monthly_title": "按月汇总（全部数据）",
        "col_period": "月份",
        "col_paid_gmv": "支付金额",
        "col_refunds": "退款金额",
        "col_net_sales": "净销售额",
        "col_paid_orders": "支付订单数",
        "col_paid_buyers": "支付买家数",
        "col_unique_skus": "动销SKU数",
        "col_visitors": "访客数",
        "col_pay_conversion": "支付转化率",
        # import page
        "import_title": "数据导入",
        "import_intro": "上传从千牛（订单报表、宝贝报表）、生意参谋或 ERP（聚水潭、旺店通）下载的文件，可以一次选多个。同一文件重复导入不会重复计数。",
        "import_uploader": "选择文件（csv、xlsx、xls）",
        "import_target_store": "导入到哪个店铺",
        "import_store_auto": "自动（按文件中的店铺名称）",
        "import_store_new": "新店铺…",
        "import_store_help": "文件里有「店铺名称」列时选「自动」；没有时请选择店铺，或新建一个。",
        "import_new_store_name": "新店铺名称",
        "import_new_store_missing": "请填写新店铺名称。",
        "import_button": "开始导入",
        "import_no_files": "请先选择要导入的文件。",
        "import_file_progress": "{file}：{text}",
        "import_file_start": "{file}：准备导入…",
        "import_file_done": "{file}：完成",
        "import_results": "本次导入结果",
        "import_summary": "共 {files} 个文件：已导入 {imported} 个，无变化 {unchanged} 个，已拒绝 {rejected} 个。",
        "import_rejected_rows": "未导入的行（{n} 行）",
        "import_rejected_more": "只显示前 {shown} 行，共 {n} 行。",
        "history_title": "导入记录",
        "history_empty": "还没有导入记录。",
        "history_rejections": "查看某次导入未导入的行",
        "history_pick_load": "导入编号",
        "history_no_rejections": "这次导入没有被拒绝的行。",
        "rules_title": "数据口径（怎么算的）",
        "rules_body": _DATA_RULES_ZH,
        "status_imported": "已导入",
        "status_unchanged": "无变化",
        "status_rejected": "已拒绝",
        "kind_unknown": "未识别",
        "col_file": "文件",
        "col_kind": "类型",
        "col_status": "状态",
        "col_rows_read": "读取行数",
        "col_inserted": "新增",
        "col_updated": "更新",
        "col_unchanged": "未变",
        "col_rejected": "拒绝",
        "col_error": "错误",
        "col_line": "行号",
        "col_column": "列",
        "col_reason": "原因",
        "col_value": "值",
        "col_load_id": "编号",
        "col_store": "店铺",
        "col_started_at": "开始时间",
        "col_finished_at": "完成时间",
        # errors
        "error_generic": "出错了（{kind}）：{message}",
        "error_database_io": "无法读写数据库文件：{message}",
        "error_file_missing": "找不到文件：{message}",
        "error_permission": "没有权限读写文件：{message}",
        "error_decode": "文件编码无法识别（试过 UTF-8 和 GB18030）：{message}",
        "error_while": "{what}：{message}",
        "missing": "—",
    },
    "en": {
        "app_title": "Store Ops Cockpit",
        "page_sales_overview": "Sales overview",
        "page_import_data": "Import data",
        "sidebar_store": "Store",
        "sidebar_all_stores": "All stores",
        "sidebar_language": "语言 / Language",
        "sidebar_db": "Database: {path}",
        "demo_suffix": " (demo)",
        "demo_loading": "First start: importing the demo store…",
        "demo_progress": "Demo data: {text}",
        "demo_loaded": "The demo store is loaded so you can see what the dashboard looks like.",
        "demo_banner": "You are looking at demo data ({store}): these figures are generated, not a real store. "
        "You can remove the demo data before importing your own.",
        "demo_remove": "Remove demo data",
        "demo_removed": "Demo data removed. Next: open Import data and upload the exports you downloaded from "
        "Qianniu / 生意参谋 / your ERP.",
        "demo_failed": "The demo data could not be imported: {error}",
        "overview_title": "Sales overview",
        "overview_scope_all": "Scope: all stores",
        "overview_scope_store": "Scope: {store}",
        "overview_empty": "No orders imported yet: open Import data and upload an order export "
        "(ExportOrderList…csv).",
        "open_import": "Open Import data",
        "overview_range": "Date range",
        "overview_range_hint": "Data covers {start} to {end}",
        "overview_pick_end": "Pick an end date.",
        "kpi_paid_gmv": "Paid GMV",
        "kpi_refunds": "Refunds",
        "kpi_net_sales": "Net sales",
        "kpi_paid_orders": "Paid orders",
        "kpi_paid_buyers": "Paid buyers",
        "kpi_visitors": "Visitors",
        "kpi_conversion": "Conversion",
        "kpi_avg_order_value": "Avg order value",
        "kpi_no_traffic": "No 生意参谋 traffic data in this range (visitors and conversion need the shop daily "
        "report).",
        "kpi_sum_note": "Range totals are sums of the daily figures; buyers and visitors are added up day by "
        "day (one person on two days counts twice).",
        "chart_daily_title": "Daily paid GMV and net sales",
        "chart_paid_gmv": "Paid GMV",
        "chart_net_sales": "Net sales",
        "chart_date": "Date",
        "chart_yuan": "Amount (yuan)",
        "chart_empty": "No data in this range",
        "monthly_title": "By month (all data)",
        "col_period": "Month",
        "col_paid_gmv": "Paid GMV",
        "col_refunds": "Refunds",
        "col_net_sales": "Net sales",
        "col_paid_orders": "Paid orders",
        "col_paid_buyers": "Paid buyers",
        "col_unique_skus": "SKUs sold",
        "col_visitors": "Visitors",
        "col_pay_conversion": "Conversion",
        "import_title": "Import data",
        "import_intro": "Upload files downloaded from Qianniu (order list, order details), 生意参谋 or your ERP "
        "(聚水潭, 旺店通); you can pick several at once. Importing the same file again never counts twice.",
        "import_uploader": "Choose files (csv, xlsx, xls)",
        "import_target_store": "Import into store",
        "import_store_auto": "Automatic (store name in the file)",
        "import_store_new": "New store…",
        "import_store_help": "Choose Automatic when the file has a 店铺名称 column; otherwise pick a store or "
        "create one.",
        "import_new_store_name": "New store name",
        "import_new_store_missing": "Enter a name for the new store.",
        "import_button": "Import",
        "import_no_files": "Choose the files to import first.",
        "import_file_progress": "{file}: {text}",
        "import_file_start": "{file}: starting…",
        "import_file_done": "{file}: done",
        "import_results": "Results of this import",
        "import_summary": "{files} file(s): {imported} imported, {unchanged} unchanged, {rejected} rejected.",
        "import_rejected_rows": "Rows not imported ({n})",
        "import_rejected_more": "Showing the first {shown} of {n} rows.",
        "history_title": "Import history",
        "history_empty": "Nothing imported yet.",
        "history_rejections": "Rows a past import did not take",
        "history_pick_load": "Load id",
        "history_no_rejections": "This load rejected no rows.",
        "rules_title": "Data rules (how figures are counted)",
        "rules_body": _DATA_RULES_EN,
        "status_imported": "Imported",
        "status_unchanged": "Unchanged",
        "status_rejected": "Rejected",
        "kind_unknown": "Not recognised",
        "col_file": "File",
        "col_kind": "Kind",
        "col_status": "Status",
        "col_rows_read": "Rows read",
        "col_inserted": "New",
        "col_updated": "Updated",
        "col_unchanged": "Unchanged",
        "col_rejected": "Rejected",
        "col_error": "Error",
        "col_line": "Line",
        "col_column": "Column",
        "col_reason": "Reason",
        "col_value": "Value",
        "col_load_id": "Load",
        "col_store": "Store",
        "col_started_at": "Started",
        "col_finished_at": "Finished",
        "error_generic": "Something went wrong ({kind}): {message}",
        "error_database_io": "Cannot read or write the database file: {message}",
        "error_file_missing": "File not found: {message}",
        "error_permission": "No permission to read or write the file: {message}",
        "error_decode": "Cannot tell the file's encoding (tried UTF-8 and GB18030): {message}",
        "error_while": "{what}: {message}",
        "missing": "—",
    },
}


def current_lang() -> str:
    """The language the user picked in the sidebar (zh when none, or outside a running app)."""
    try:
        lang = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    except Exception:  # no session (bare mode, plain unit tests)
        return DEFAULT_LANG
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str | None = None, **fmt: object) -> str:
    """The string `key` in `lang` (default: the session's), formatted with `fmt`.

    A key missing in English falls back to Chinese; a missing key shows itself, so a gap is visible, not fatal.
    """
    lang = lang or current_lang()
    text = STRINGS.get(lang, {}).get(key) or STRINGS[DEFAULT_LANG].get(key) or key
    return text.format(**fmt) if fmt else text
