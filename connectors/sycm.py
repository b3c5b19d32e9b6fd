"""生意参谋 exports: the shop-level daily overview (店铺整体/取数, written to `traffic_daily`, one row per
store and day) and the product-level daily list (商品_全部, written to `product_daily`, one row per
store, day and item). A later import of the same day (and item) replaces the earlier one.

Title lines above the header are skipped (the header is found by content); numbers may carry
thousands separators; percentages like `3.25%` become 0.0325; `-` is missing, never 0.
"""

from __future__ import annotations

from connectors.spec import Field, Spec

DATE_HEADERS = ("统计日期", "日期", "时间", "统计时间")

SHOP_FIELDS = (
    Field("date", "date", DATE_HEADERS),
    Field("visitors", "int", ("访客数", "无线端访客数")),
    Field("page_views", "int", ("浏览量",)),
    Field("item_visitors", "int", ("商品访客数",)),
    Field("avg_stay_seconds", "float", ("平均停留时长", "平均停留时长(秒)")),
    Field("bounce_rate", "pct", ("跳失率",)),
    Field("fav_buyers", "int", ("商品收藏买家数", "商品收藏人数")),
    Field("add_cart_buyers", "int", ("加购人数",)),
    Field("add_cart_units", "int", ("加购件数",)),
    Field("order_amount", "money", ("下单金额",)),
    Field("order_buyers", "int", ("下单买家数",)),
    Field("pay_amount", "money", ("支付金额",)),
    Field("pay_buyers", "int", ("支付买家数",)),
    Field("pay_orders", "int", ("支付父订单数", "支付子订单数")),
    Field("pay_units", "int", ("支付件数",)),
    Field("pay_conversion", "pct", ("支付转化率", "支付转换率")),
    Field("avg_order_value", "money", ("客单价",)),
    Field("uv_value", "money", ("UV价值", "访客平均价值")),
    Field("new_visitors", "int", ("新访客数", "新访客")),
    Field("old_visitors", "int", ("老访客数",)),
    Field("refund_amount", "money", ("成功退款金额",)),
    Field("spend_ztc", "money", ("直通车消耗",)),
    Field("spend_zz", "money", ("钻石展位消耗",)),
    Field("spend_wxt", "money", ("万相台消耗",)),
    Field("spend_ylmf", "money", ("引力魔方消耗",)),
    Field("spend_keyword", "money", ("关键词推广消耗",)),
    Field("spend_audience", "money", ("人群推广消耗",)),
    Field("affiliate_commission", "money", ("淘宝客佣金",)),
)

SHOP_SPEC = Spec(
    kind="sycm_shop",
    label_zh="生意参谋 店铺整体日报",
    label_en="生意参谋 shop daily figures",
    fields=SHOP_FIELDS,
    required=(("date",), ("visitors",), ("pay_amount",)),
    distinctive=("浏览量", "跳失率", "支付转化率", "客单价", "UV价值"),
    not_null=("date",),
    summary_fields=("date",),
    partial_ok=True,
)

PRODUCT_FIELDS = (
    Field("date", "date", DATE_HEADERS),
    Field("item_id", "id", ("商品ID", "商品id", "宝贝ID", "主体ID")),
    Field("item_name", "text", ("商品名称", "宝贝名称")),
    Field("item_no", "text", ("货号", "商家编码")),
    Field("item_status", "text", ("商品状态",)),
    Field("visitors", "int", ("商品访客数",)),
    Field("page_views", "int", ("商品浏览量",)),
    Field("fav_buyers", "int", ("商品收藏人数", "商品收藏买家数")),
    Field("add_cart_units", "int", ("商品加购件数",)),
    Field("add_cart_buyers", "int", ("商品加购人数",)),
    Field("order_buyers", "int", ("下单买家数",)),
    Field("order_units", "int", ("下单件数",)),
    Field("order_amount", "money", ("下单金额",)),
    Field("pay_buyers", "int", ("支付买家数",)),
    Field("pay_units", "int", ("支付件数",)),
    Field("pay_amount", "money", ("支付金额",)),
    Field("pay_conversion", "pct", ("商品支付转化率", "支付转化率", "支付转换率")),
    Field("jhs_pay_amount", "money", ("聚划算支付金额",)),
    Field("refund_amount", "money", ("成功退款金额",)),
    Field("search_visitors", "int", ("搜索引导访客数",)),
    Field("search_pay_buyers", "int", ("搜索引导支付买家数",)),
)

PRODUCT_SPEC = Spec(
    kind="sycm_products",
    label_zh="生意参谋 商品日报",
    label_en="生意参谋 product daily figures",
    fields=PRODUCT_FIELDS,
    required=(("item_id",), ("pay_amount",)),
    distinctive=("商品ID", "商品id", "商品访客数", "商品名称", "聚划算支付金额", "商品支付转化率"),
    not_null=("item_id",),
    summary_fields=("item_id", "item_name", "date"),
    partial_ok=True,
)

SPEND_FIELDS = ("spend_ztc", "spend_zz", "spend_wxt", "spend_ylmf", "spend_keyword", "spend_audience")


def _shop_columns(present: dict[str, str]) -> dict[str, str]:
    cols = {f.name: f"s.{f.name}" for f in SHOP_FIELDS if not f.name.startswith("spend_")}
    spend = [f"s.{name}" for name in SPEND_FIELDS if name in present]
    cols["ad_spend"] = (
        f"({' + '.join(f'coalesce({c}, 0)' for c in spend)})" if spend else "CAST(NULL AS DECIMAL(18, 2))"
    )
    cols["item_visitors"] = "s.item_visitors"
    return cols


def _date_from_name(ctx, keys: str) -> str:
    """SQL for the row date: the date column, else the single day a file name like `…_D_D` names."""
    from connectors.loader import dates_in_name
    from connectors.tabular import FileRejected

    if "date" in ctx.raw.columns:
        return "s.date"
    days = set(dates_in_name(ctx.display_name))
    if len(days) != 1:
        raise FileRejected(
            f"{ctx.display_name}: 没有 统计日期 列，文件名也没有指明单独一天，无法确定数据日期"
            f" / no date column and the file name does not name a single day ({keys})"
        )
    return f"DATE '{days.pop().isoformat()}'"


def _write_daily(ctx, table: str, columns: dict[str, str], keys: tuple[str, ...]):
    from connectors.loader import WriteCounts
    from connectors.staging import STAGED_TABLE
    from connectors.upsert import apply, hash_expr

    columns = dict(columns, date=_date_from_name(ctx, table))
    hashed = [c for c in columns if c not in keys]
    select = ", ".join(f"{expr} AS {name}" for name, expr in columns.items())
    partition = ", ".join(keys)
    sql = (
        f"SELECT * EXCLUDE (_src_row), $load_id::BIGINT AS load_id, {hash_expr(hashed)} AS row_hash "
        f"FROM (SELECT $store AS store, {select}, s._row AS _src_row FROM {STAGED_TABLE} s) "
        f"QUALIFY row_number() OVER (PARTITION BY {partition} ORDER BY _src_row DESC) = 1"
    )
    inserted, updated, same, _ = apply(
        ctx, table, keys, None, sql, {"store": ctx.store, "load_id": ctx.load_id}
    )
    return WriteCounts(inserted, updated, same, {table: inserted + updated})


def write_shop(ctx):
    """Upsert shop daily figures by (store, date)."""
    return _write_daily(ctx, "traffic_daily", _shop_columns(ctx.raw.columns), ("date",))


def write_products(ctx):
    """Upsert product daily figures by (store, date, item_id)."""
    columns = {f.name: f"s.{f.name}" for f in PRODUCT_FIELDS}
    return _write_daily(ctx, "product_daily", columns, ("date", "item_id"))


SHOP_SPEC.write = write_shop
PRODUCT_SPEC.write = write_products
