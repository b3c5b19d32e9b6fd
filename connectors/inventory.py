"""ERP stock snapshots, 聚水潭 style (one row per SKU) and 旺店通 style (one row per SKU per warehouse,
summed here), written to `inventory_snapshots`: one row per store, snapshot date and SKU.

The snapshot date comes from the explicit option, else the file name (YYYY-MM-DD or YYYYMMDD), else a
统计日期 column, else the import day (said in the result). A new snapshot of the same store and day
replaces the old one whole, so the file is rejected whole when any row is bad. The `合计` footer is
not a SKU. SKU codes are trimmed of stray spaces and tabs. Raw columns are kept as exported; derived
availability differs between ERPs, so `available` is the ERP's own figure.
"""

from __future__ import annotations

from connectors.spec import Field, Spec

FIELDS = (
    Field("sku", "code", ("商品编码", "商家编码", "SKU编码", "规格编码", "spec_no", "skuId", "sku_id")),
    Field("name", "text", ("商品名称", "货品名称", "goods_name", "name")),
    Field("spec_name", "text", ("规格名称", "spec_name")),
    Field("style_code", "code", ("款式编码", "货品编号", "goods_no", "iId")),
    Field("warehouse", "text", ("仓库名称", "仓库", "warehouse_name", "仓储方")),
    Field(
        "on_hand", "int", ("主仓实际库存数", "实际库存数", "实际库存", "库存", "库存量", "stock_num", "qty")
    ),
    Field(
        "available",
        "int",
        (
            "公有可用数",
            "可发库存",
            "可发数",
            "可发数量",
            "可发货量",
            "可用数",
            "可用库存",
            "可用数量",
            "available_send_stock",
        ),
    ),
    Field("in_transit", "int", ("采购在途数", "采购在途", "purchase_num", "purchaseQty")),
    Field("order_locked", "int", ("订单占有数", "订单占用数", "order_lock", "orderLock")),
    Field("locked", "int", ("库存锁定数", "锁定库存", "锁定数", "lock_num", "lockQty")),
    Field("allocate_in_transit", "int", ("调拨在途数", "调拨在途", "allocateQty")),
    Field("inbound_stock", "int", ("进货仓库存", "inQty")),
    Field("defective", "int", ("次品库存", "defectiveQty")),
    Field("defect_flag", "text", ("是否残次", "次品", "defect")),
    Field("date", "date", ("统计日期", "日期")),
)

SPEC = Spec(
    kind="inventory",
    label_zh="库存快照（聚水潭/旺店通）",
    label_en="ERP stock snapshot",
    fields=FIELDS,
    required=(("sku",), ("on_hand", "available")),
    distinctive=(
        "主仓实际库存数",
        "公有可用数",
        "采购在途数",
        "可发库存",
        "订单占有数",
        "仓库名称",
        "spec_no",
    ),
    not_null=("sku",),
    summary_fields=("sku", "name"),
    partial_ok=False,
)

_DEFECTIVE = "(coalesce(s.defect_flag IN ('1', '是', 'true', 'True', '次品'), false) OR coalesce(s.warehouse LIKE '%次品%', false))"


def _snapshot_date(ctx):
    import datetime as dt

    from connectors.loader import beijing_now, dates_in_name
    from connectors.staging import STAGED_TABLE

    if ctx.snapshot_date:
        return ctx.snapshot_date
    days = dates_in_name(ctx.display_name)
    if days:
        return days[-1]
    if "date" in ctx.raw.columns:
        found = ctx.conn.execute(f"SELECT max(date) FROM {STAGED_TABLE}").fetchone()[0]
        if found:
            return found
    today: dt.date = beijing_now().date()
    ctx.notes.append(
        f"文件名和内容都没有日期，按导入日 {today} 记为快照日期 / no date in the name or file: snapshot dated {today}"
    )
    return today


def write(ctx):
    """Replace the store's snapshot for the day with this file's SKUs (warehouse rows summed)."""
    from connectors.loader import WriteCounts
    from connectors.staging import STAGED_TABLE
    from connectors.upsert import NEW_TABLE, run

    conn = ctx.conn
    day = _snapshot_date(ctx)
    source_format = "wdt" if "warehouse" in ctx.raw.columns else "jst"
    ok = f"NOT {_DEFECTIVE}"

    def total(col: str, good_only: bool = True) -> str:
        cond = f" FILTER ({ok})" if good_only else ""
        return f"CAST(sum(s.{col}){cond} AS BIGINT)"

    params = {"store": ctx.store, "day": day, "fmt": source_format, "load_id": ctx.load_id}
    run(
        conn,
        f"CREATE OR REPLACE TEMP TABLE {NEW_TABLE} AS SELECT *, hash(name, style_code, on_hand, available, in_transit, "
        "order_locked, locked, allocate_in_transit, inbound_stock, defective, warehouses) AS row_hash FROM ("
        "SELECT $store AS store, $day::DATE AS snapshot_date, s.sku, "
        "max(concat_ws(' ', s.name, s.spec_name)) AS name, max(s.style_code) AS style_code, "
        f"{total('on_hand')} AS on_hand, {total('available')} AS available, {total('in_transit')} AS in_transit, "
        f"{total('order_locked')} AS order_locked, {total('locked')} AS locked, "
        f"{total('allocate_in_transit')} AS allocate_in_transit, {total('inbound_stock')} AS inbound_stock, "
        f"CAST(coalesce(sum(s.defective), 0) + coalesce(sum(s.on_hand) FILTER ({_DEFECTIVE}), 0) AS BIGINT) AS defective, "
        "CAST(count(*) AS INTEGER) AS warehouses, $fmt AS source_format, $load_id::BIGINT AS load_id "
        f"FROM {STAGED_TABLE} s GROUP BY s.sku)",
        params,
    )
    counts = run(
        conn,
        f"SELECT count(*) FILTER (t.sku IS NULL), count(*) FILTER (t.row_hash <> n.row_hash), "
        f"count(*) FILTER (t.row_hash = n.row_hash) FROM {NEW_TABLE} n LEFT JOIN "
        "(SELECT sku, row_hash FROM inventory_snapshots WHERE store = $store AND snapshot_date = $day) t USING (sku)",
        params,
    ).fetchone()
    dropped = run(
        conn,
        "SELECT count(*) FROM inventory_snapshots WHERE store = $store AND snapshot_date = $day "
        f"AND sku NOT IN (SELECT sku FROM {NEW_TABLE})",
        params,
    ).fetchone()[0]
    inserted, updated, same = counts
    if inserted or updated or dropped:
        run(conn, "DELETE FROM inventory_snapshots WHERE store = $store AND snapshot_date = $day", params)
        conn.execute(f"INSERT INTO inventory_snapshots BY NAME SELECT * FROM {NEW_TABLE}")
        written = inserted + updated + same
    else:
        written = 0  # nothing changed: the stored snapshot stays as it is
    conn.execute(f"DROP TABLE IF EXISTS {NEW_TABLE}")
    ctx.notes.append(f"快照日期 {day} / snapshot date {day}")
    if source_format == "wdt":
        ctx.notes.append(
            "旺店通格式：按仓库汇总，次品仓不计入可用 / per-warehouse rows summed, defective stock kept apart"
        )
    if dropped:
        ctx.notes.append(
            f"同日旧快照中有 {dropped} 个 SKU 不在新文件里，已随旧快照移除 / {dropped} SKUs of the old snapshot removed"
        )
    return WriteCounts(inserted, updated + dropped, same, {"inventory_snapshots": written})


SPEC.write = write
