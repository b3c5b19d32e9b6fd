"""Restock settings files (补货参数, .xlsx or .csv): one row per SKU with 商品编码 and any of 供应商,
交期(天), 补货周期(天), 最小起订量, 箱规, 服务水平 (0.95 or 95%), 单位成本, 状态 (在售/停售) or 是否停售 (是/否);
optionally 店铺. Written through skus.save_sku_settings to `sku_settings`.

The store is the file's 店铺 column when it has one (one store per file; it must agree with --store),
else --store, else the only store in the database (connectors/stores.py). The file imports whole or not
at all: any bad row (unknown SKU for the store, negative lead time, text in a number cell, a service level
outside (0, 1), a SKU twice) rejects it with every problem listed by line and column. An empty cell leaves
the SKU on the store's default. The same file is applied again rather than skipped by its hash, so
importing it undoes edits made in the app since.
"""

from __future__ import annotations

from connectors.spec import Field, Spec

# Every cell is staged as cleaned text and parsed by skus.fields (one home for what a valid setting is).
FIELDS = (
    Field("shop_name", "text", ("店铺", "店铺名称", "店铺名")),
    Field("sku", "text", ("商品编码", "商家编码", "SKU编码", "规格编码")),
    Field("supplier", "text", ("供应商", "供应商名称")),
    Field("lead_time_days", "text", ("交期(天)", "交期", "交期天数", "采购交期(天)", "采购交期")),
    Field("review_period_days", "text", ("补货周期(天)", "补货周期", "补货周期天数")),
    Field("moq", "text", ("最小起订量", "起订量", "MOQ")),
    Field("case_pack", "text", ("箱规", "每箱数量", "装箱数")),
    Field("service_level", "text", ("服务水平", "目标服务水平")),
    Field("unit_cost", "text", ("单位成本", "单位成本(元)", "成本价", "采购单价")),
    Field("active", "text", ("状态", "在售状态")),
    Field("discontinued", "text", ("是否停售",)),
)

SPEC = Spec(
    kind="sku_settings",
    label_zh="补货参数",
    label_en="restock settings",
    fields=FIELDS,
    required=(
        ("sku",),
        (
            "supplier",
            "lead_time_days",
            "review_period_days",
            "moq",
            "case_pack",
            "service_level",
            "unit_cost",
        ),
    ),
    distinctive=("交期(天)", "交期", "补货周期(天)", "补货周期", "最小起订量", "箱规", "服务水平"),
    partial_ok=False,
    rewrite_same_file=True,
)

ROW_FIELDS = tuple(f.name for f in FIELDS if f.name != "shop_name")


def write(ctx):
    """Save the file's rows for ctx.store (inside the loader's transaction); reject the file on any bad row."""
    from connectors.loader import WriteCounts
    from connectors.staging import STAGED_TABLE
    from connectors.tabular import FileRejected
    from skus import FIELD_HEADERS, save_sku_settings

    present = [name for name in ROW_FIELDS if name in ctx.raw.columns]
    cols = ", ".join(["_row", *present])
    rows = []
    for values in ctx.conn.execute(f"SELECT {cols} FROM {STAGED_TABLE} ORDER BY _row").fetchall():
        record = dict(zip(["_row", *present], values, strict=True))
        record["line"] = ctx.raw.line_of(record.pop("_row"))
        rows.append(record)
    saved = save_sku_settings(
        ctx.conn,
        ctx.store,
        rows,
        author=ctx.author,
        source="file",
        load_id=ctx.load_id,
        transaction=False,
        file=ctx.display_name,
    )
    if saved.rejected:
        names = {"store": "shop_name"}
        headers = {
            label: ctx.raw.columns.get(names.get(name, name), label) for name, label in FIELD_HEADERS.items()
        }
        for row in saved.rejected:  # name the column as the file does (交期 rather than 交期(天))
            row.column = headers.get(row.column, row.column)
        ctx.rejections.extend(saved.rejected)
        lines = len({r.line for r in saved.rejected})
        raise FileRejected(
            f"{ctx.display_name}: {lines} 行有错误，{SPEC.label_zh}须整份导入，本文件未导入"
            f" / {lines} bad row(s); a {SPEC.label_en} file imports whole, so nothing was imported"
        )
    if saved.inserted + saved.updated == 0 and rows:
        ctx.notes.append("与在用的补货参数相同 / same as the settings in force")
    changed = saved.inserted + saved.updated
    return WriteCounts(saved.inserted, saved.updated, saved.unchanged, {"sku_settings": changed})


SPEC.write = write
