"""宝贝报表 (ExportOrderDetailList*.csv / .xlsx): one row per sub-order, written to `order_lines`.

Old layout (10 columns, keyed by 订单编号, a trailing comma on data rows) and new layouts (子订单编号 /
主订单编号, renamed columns in the .xlsx generation). Lines are replaced per order: when a later export
of an order arrives, its lines replace all earlier lines of that order, so a change of layout or a
removed line never leaves a duplicate. A file with any bad row is rejected whole, so that an order is
never left with only some of its lines.
"""

from __future__ import annotations

import daily_sales
from connectors.spec import Field, Spec

FIELDS = (
    Field("line_id", "id", ("子订单编号",)),
    Field("order_id", "id", ("主订单编号", "订单编号")),
    Field("title", "text", ("标题", "商品标题", "宝贝标题")),
    Field("unit_price", "money", ("价格", "商品价格", "单价")),
    Field("quantity", "int", ("购买数量", "数量")),
    Field("outer_id", "code", ("外部系统编号",)),
    Field("props", "text", ("商品属性",)),
    Field("package", "text", ("套餐信息",)),
    Field("status", "status", ("订单状态",)),
    Field("sku_code", "code", ("商家编码", "商品编码", "SKU编码")),
    Field("goods_amount", "money", ("买家应付货款",)),
    Field("paid_amount", "money", ("买家实际支付金额", "买家实付金额")),
    Field("refund_status", "status", ("退款状态",)),
    Field("refund_amount", "money", ("退款金额",)),
    Field("created_at", "ts", ("订单创建时间",)),
    Field("pay_time", "ts", ("订单付款时间",)),
    Field("item_id", "text", ("商品ID", "商品id", "宝贝ID")),
    Field("shipped_at", "ts", ("发货时间",)),
)

SPEC = Spec(
    kind="order_lines",
    label_zh="宝贝报表",
    label_en="order detail export",
    fields=FIELDS,
    required=(("order_id",), ("quantity",), ("sku_code", "outer_id")),
    distinctive=("标题", "商品标题", "购买数量", "商品属性", "子订单编号", "外部系统编号", "套餐信息"),
    not_null=("order_id",),
    partial_ok=False,
)

LINE_COLUMNS = {
    "line_id": "coalesce(s.line_id, s.order_id || '#' || row_number() OVER (PARTITION BY s.order_id ORDER BY s._row))",
    "order_id": "s.order_id",
    "title": "s.title",
    "unit_price": "s.unit_price",
    "quantity": "CAST(s.quantity AS INTEGER)",
    "sku": "coalesce(s.sku_code, s.outer_id)",
    "outer_id": "s.outer_id",
    "props": "s.props",
    "package": "s.package",
    "status": "s.status",
    "goods_amount": "s.goods_amount",
    "paid_amount": "s.paid_amount",
    "refund_status": "s.refund_status",
    "refund_amount": "s.refund_amount",
    "created_at": "s.created_at",
    "pay_time": "s.pay_time",
    "item_id": "s.item_id",
    "shipped_at": "s.shipped_at",
}
HASHED = [c for c in LINE_COLUMNS if c != "line_id"]


def write(ctx):
    """Replace, per order, the lines of every order this export has newer or changed content for."""
    from connectors.loader import WriteCounts
    from connectors.staging import STAGED_TABLE
    from connectors.upsert import run

    conn = ctx.conn
    params = {"store": ctx.store, "export_ts": ctx.export_ts, "load_id": ctx.load_id}
    columns = ", ".join(f"{expr} AS {name}" for name, expr in LINE_COLUMNS.items())
    run(
        conn,
        "CREATE OR REPLACE TEMP TABLE _co_lines AS "
        f"SELECT * EXCLUDE (_src_row), $export_ts::TIMESTAMP AS export_ts, $load_id::BIGINT AS load_id, "
        f"hash({', '.join(HASHED)}) AS row_hash "
        f"FROM (SELECT $store AS store, {columns}, s._row AS _src_row FROM {STAGED_TABLE} s) "
        "QUALIFY row_number() OVER (PARTITION BY line_id ORDER BY _src_row DESC) = 1",
        params,
    )
    # Per line: how it compares with what is stored; per order: whether the stored lines are newer.
    run(
        conn,
        "CREATE OR REPLACE TEMP TABLE _co_line_act AS "
        "SELECT n.order_id, n.line_id, CASE WHEN t.line_id IS NULL THEN 'insert' "
        "WHEN t.row_hash = n.row_hash THEN 'same' ELSE 'update' END AS action "
        "FROM _co_lines n LEFT JOIN (SELECT line_id, row_hash FROM order_lines WHERE store = $store) t USING (line_id)",
        params,
    )
    run(
        conn,
        "CREATE OR REPLACE TEMP TABLE _co_order_act AS "
        "WITH old AS (SELECT order_id, max(export_ts) AS old_ts, count(*) AS old_lines FROM order_lines "
        "  WHERE store = $store AND order_id IN (SELECT order_id FROM _co_lines) GROUP BY order_id), "
        "new AS (SELECT order_id, count(*) AS new_lines, count(*) FILTER (action <> 'same') AS changed, "
        "  count(*) FILTER (action <> 'insert') AS kept FROM _co_line_act GROUP BY order_id) "
        "SELECT new.order_id, CASE WHEN old.old_ts > $export_ts::TIMESTAMP THEN 'stale' "
        "WHEN new.changed > 0 OR coalesce(old.old_lines, 0) <> new.kept THEN 'replace' ELSE 'same' END AS action "
        "FROM new LEFT JOIN old USING (order_id)",
        params,
    )
    counts = dict(
        conn.execute(
            "SELECT l.action, count(*) FROM _co_line_act l JOIN _co_order_act o USING (order_id) "
            "WHERE o.action = 'replace' GROUP BY l.action"
        ).fetchall()
    )
    untouched = conn.execute(
        "SELECT count(*) FROM _co_line_act l JOIN _co_order_act o USING (order_id) WHERE o.action <> 'replace'"
    ).fetchone()[0]
    stale_orders = conn.execute("SELECT count(*) FROM _co_order_act WHERE action = 'stale'").fetchone()[0]
    run(
        conn,
        "DELETE FROM order_lines WHERE store = $store AND order_id IN "
        "(SELECT order_id FROM _co_order_act WHERE action = 'replace')",
        params,
    )
    conn.execute(
        "INSERT INTO order_lines BY NAME SELECT n.* FROM _co_lines n JOIN _co_order_act o USING (order_id) "
        "WHERE o.action = 'replace'"
    )
    written = run(conn, "SELECT count(*) FROM order_lines WHERE load_id = $load_id", params).fetchone()[0]
    # Refunds and SKUs of the replaced orders' payment days change (an order not imported yet has none).
    daily_sales.start_marking(conn)
    daily_sales.mark_days(conn, ctx.store, daily_sales.ORDERS_WITH_REPLACED_LINES)
    daily_sales.refresh(conn, ctx.store)
    for temp in ("_co_lines", "_co_line_act", "_co_order_act"):
        conn.execute(f"DROP TABLE IF EXISTS {temp}")
    if stale_orders:
        ctx.notes.append(
            f"{stale_orders} 个订单已有更新的明细导出，保留较新的数据 / {stale_orders} orders already have newer detail lines"
        )
    return WriteCounts(
        counts.get("insert", 0),
        counts.get("update", 0),
        counts.get("same", 0) + untouched,
        {"order_lines": written},
    )


SPEC.write = write
