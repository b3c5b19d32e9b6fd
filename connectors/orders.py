"""订单报表 (ExportOrderList*.csv / .xlsx, header generations G1 41, G2 46, G2+ 54, G3 71 columns and
the variant): one row per order, written to `orders`, keyed by (store, order_id).

A later export of an order replaces the earlier one (by export time); the same content is unchanged.
A presale order's sale counts at its final payment (尾款); a deposit whose balance was never paid is
not a sale.
"""

from __future__ import annotations

import daily_sales
from connectors.spec import Field, Spec

FIELDS = (
    Field("order_id", "id", ("订单编号",)),
    Field("buyer", "text", ("买家会员名",)),
    Field("status", "status", ("订单状态",)),
    Field("close_reason", "text", ("订单关闭原因",)),
    Field("created_at", "ts", ("订单创建时间",)),
    Field("pay_time", "ts", ("订单付款时间",)),
    Field("goods_amount", "money", ("买家应付货款",)),
    Field("postage", "money", ("买家应付邮费",)),
    Field("total_amount", "money", ("总金额",)),
    Field("paid_amount", "money", ("买家实际支付金额", "买家实付金额")),
    Field("refund_amount", "money", ("退款金额",)),
    Field("received_amount", "money", ("打款商家金额",)),
    Field("item_kinds", "int", ("宝贝种类",)),
    Field("quantity", "int", ("宝贝总数量",)),
    Field("titles", "text", ("宝贝标题",)),
    Field("is_mobile", "text", ("是否手机订单",)),
    Field("presale_flag", "text", ("预售订单",)),
    Field("presale_info", "text", ("分阶段订单信息",)),
    Field("shop_id", "text", ("店铺Id", "店铺ID")),
    Field("shop_name", "text", ("店铺名称",)),
    Field("shipped_at", "ts", ("发货时间",)),
    Field("confirmed_at", "ts", ("确认收货时间",)),
)

SPEC = Spec(
    kind="orders",
    label_zh="订单报表",
    label_en="order export",
    fields=FIELDS,
    required=(("order_id",), ("buyer",), ("status",), ("pay_time",), ("paid_amount",)),
    distinctive=("买家会员名", "买家实际支付金额", "收货地址", "订单付款时间"),
    not_null=("order_id",),
    partial_ok=True,
)

# Staged-payment text (分阶段订单信息) is not shown by any public sample; we read it leniently:
# a 定金 part and a 尾款 part, each with an amount and, when paid, a `YYYY-MM-DD HH:MM:SS` time.
_TS = r"(\d{4}[-/]\d{1,2}[-/]\d{1,2} \d{1,2}:\d{2}(?::\d{2})?)"
_DEPOSIT_PART = r"定金[^;；]*"
_FINAL_PART = r"尾款[^;；]*"

# Canonical `orders` columns computed from the staged fields (SQL over _co_stg, alias s).
ORDER_COLUMNS = {
    "order_id": "s.order_id",
    "buyer": "s.buyer",
    "status": "s.status",
    "close_reason": "s.close_reason",
    "created_at": "s.created_at",
    "pay_time": "s.pay_time",
    "paid_at": (
        "CASE WHEN NOT s._presale THEN s.pay_time "
        "WHEN s._final_paid_at IS NOT NULL THEN s._final_paid_at "
        "WHEN s.presale_info LIKE '%尾款%' THEN NULL "
        "WHEN s.status = '等待买家付款' OR coalesce(s.close_reason, '') LIKE '%尾款%' THEN NULL "
        "ELSE s.pay_time END"
    ),
    "goods_amount": "s.goods_amount",
    "postage": "s.postage",
    "total_amount": "s.total_amount",
    "paid_amount": "s.paid_amount",
    "refund_amount": "s.refund_amount",
    "received_amount": "s.received_amount",
    "item_kinds": "CAST(s.item_kinds AS INTEGER)",
    "quantity": "CAST(s.quantity AS INTEGER)",
    "titles": "s.titles",
    "is_mobile": "CASE WHEN s.is_mobile IS NULL THEN NULL ELSE s.is_mobile LIKE '%手机%' OR s.is_mobile = '是' END",
    "is_presale": "s._presale",
    "presale_info": "s.presale_info",
    "deposit_amount": (
        f"TRY_CAST(replace(regexp_extract(regexp_extract(s.presale_info, '{_DEPOSIT_PART}'), "
        r"'[:：]\s*¥?([\d,]+(?:\.\d+)?)', 1), ',', '') AS DECIMAL(18, 2))"
    ),
    "deposit_paid_at": (
        f"co_ts(nullif(regexp_extract(regexp_extract(s.presale_info, '{_DEPOSIT_PART}'), '{_TS}', 1), ''))"
    ),
    "final_paid_at": "s._final_paid_at",
    "shop_id": "s.shop_id",
    "shop_name": "s.shop_name",
    "shipped_at": "s.shipped_at",
    "confirmed_at": "s.confirmed_at",
}

# Helper columns added to the staged table before ORDER_COLUMNS are evaluated.
PRESALE_COLUMNS = {
    "_presale": (
        "coalesce(s.presale_flag IN ('是', '预售', '1', 'true', 'Y'), false) "
        "OR coalesce(regexp_matches(s.presale_info, '定金|尾款'), false)"
    ),
    "_final_paid_at": f"co_ts(nullif(regexp_extract(regexp_extract(s.presale_info, '{_FINAL_PART}'), '{_TS}', 1), ''))",
}

# Columns that define "the same content" (an unchanged re-export); the version columns are excluded.
HASHED = [c for c in ORDER_COLUMNS if c != "order_id"]


def write(ctx):
    """Upsert the staged orders into `orders` (later export wins; same content unchanged)."""
    from connectors.loader import WriteCounts
    from connectors.staging import STAGED_TABLE
    from connectors.upsert import apply, hash_expr

    conn = ctx.conn
    helpers = ", ".join(f"{expr} AS {name}" for name, expr in PRESALE_COLUMNS.items())
    columns = ", ".join(f"{expr} AS {name}" for name, expr in ORDER_COLUMNS.items())
    duplicates = conn.execute(f"SELECT count(*) - count(DISTINCT order_id) FROM {STAGED_TABLE}").fetchone()[0]
    # A file rarely repeats an order; only then pay for the window that keeps its last row.
    dedupe = (
        "QUALIFY row_number() OVER (PARTITION BY s.order_id ORDER BY s._row DESC) = 1" if duplicates else ""
    )
    select = (
        f"SELECT *, $export_ts::TIMESTAMP AS export_ts, $load_id::BIGINT AS load_id, {hash_expr(HASHED)} AS row_hash "
        f"FROM (SELECT $store AS store, {columns} FROM (SELECT s.*, {helpers} FROM {STAGED_TABLE} s) s {dedupe})"
    )
    params = {"store": ctx.store, "export_ts": ctx.export_ts, "load_id": ctx.load_id}
    # The days these orders were paid on before and after the write are the sales_daily days to recompute.
    daily_sales.start_marking(conn)
    daily_sales.mark_days(conn, ctx.store, daily_sales.ORDERS_IN_STAGING)
    inserted, updated, same, stale = apply(ctx, "orders", ("order_id",), "export_ts", select, params)
    daily_sales.mark_days(conn, ctx.store, daily_sales.ORDERS_OF_LOAD, params)
    daily_sales.refresh(conn, ctx.store)
    if duplicates:
        ctx.notes.append(
            f"文件内有 {duplicates} 行重复订单，按最后一行计 / {duplicates} duplicate order rows, last one kept"
        )
    if stale:
        ctx.notes.append(
            f"{stale} 个订单已有更新的导出版本，保留较新的数据 / {stale} orders already have a newer export and were kept"
        )
    return WriteCounts(inserted, updated, same + stale, {"orders": inserted + updated})


SPEC.write = write
