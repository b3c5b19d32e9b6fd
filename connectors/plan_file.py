"""Sales plan files (销售计划, .xlsx or .csv): one row per store and month with 店铺, 月份, 销售目标 and
optionally 净销售目标, 访客数目标, 转化率目标 (0.032 or 3.2%), 客单价目标, 负责人. Written through
plans.save_month_targets to `plan_months` and `plan_history`.

Each row names its own store (an existing store). The file imports whole or not at all: any bad row
(unknown store, bad month, text in a number cell, negative target, a store and month twice) rejects the
file with every bad row listed. A later file for the same store and month makes a new version; an
identical one changes nothing. The same file is applied again rather than skipped by its content hash,
so importing it resets months edited in the app since.
"""

from __future__ import annotations

from connectors.spec import Field, Spec

# Every cell is staged as cleaned text and parsed by plans (one home for what a valid target is), so a bad
# file lists all its problems at once: unknown stores, bad months, text in number cells, duplicates.
FIELDS = (
    Field("store", "text", ("店铺", "店铺名称", "店铺名")),
    Field("month", "text", ("月份", "计划月份", "月度")),
    Field("gmv_target", "text", ("销售目标", "销售额目标", "目标销售额", "支付金额目标", "GMV目标")),
    Field("net_sales_target", "text", ("净销售目标", "净销售额目标")),
    Field("visitors_target", "text", ("访客数目标", "访客目标")),
    Field("conversion_target", "text", ("转化率目标", "支付转化率目标")),
    Field("aov_target", "text", ("客单价目标",)),
    Field("owner", "text", ("负责人",)),
)

SPEC = Spec(
    kind="plan",
    label_zh="销售计划",
    label_en="sales plan",
    fields=FIELDS,
    required=(("store",), ("month",), ("gmv_target",)),
    distinctive=("月份", "销售目标", "负责人", "转化率目标", "客单价目标"),
    partial_ok=False,
    per_row_store=True,
    rewrite_same_file=True,
)

PLAN_COLUMNS = tuple(f.name for f in FIELDS if f.name not in ("store", "month"))


def write(ctx):
    """Save the file's rows as new plan versions (inside the loader's transaction)."""
    from connectors.loader import WriteCounts
    from connectors.staging import STAGED_TABLE
    from connectors.tabular import FileRejected
    from plans import FIELD_HEADERS, save_month_targets

    present = [name for name in PLAN_COLUMNS if name in ctx.raw.columns]
    cols = ", ".join(["_row", "store", "month", *present])
    rows = []
    for values in ctx.conn.execute(f"SELECT {cols} FROM {STAGED_TABLE} ORDER BY _row").fetchall():
        record = dict(zip(["_row", "store", "month", *present], values, strict=True))
        record["line"] = ctx.raw.line_of(record.pop("_row"))
        rows.append(record)
    saved = save_month_targets(
        ctx.conn,
        rows,
        author=ctx.author,
        source="file",
        load_id=ctx.load_id,
        transaction=False,
        file=ctx.display_name,
    )
    if saved.rejected:
        headers = {
            FIELD_HEADERS[name]: ctx.raw.columns.get(name, FIELD_HEADERS[name]) for name in FIELD_HEADERS
        }
        for row in saved.rejected:  # name the column as the file does (店铺名称 rather than 店铺)
            row.column = headers.get(row.column, row.column)
        ctx.rejections.extend(saved.rejected)
        lines = len({r.line for r in saved.rejected})
        raise FileRejected(
            f"{ctx.display_name}: {lines} 行有错误，{SPEC.label_zh}须整份导入，本文件未导入"
            f" / {lines} bad row(s); a {SPEC.label_en} imports whole, so nothing was imported"
        )
    stores = {store for store, _ in saved.versions}
    if len(stores) == 1:
        ctx.store = stores.pop()
    if saved.inserted + saved.updated == 0 and rows:
        ctx.notes.append("与在用的计划相同，未产生新版本 / same as the plan in force: no new version")
    return WriteCounts(
        saved.inserted, saved.updated, saved.unchanged, {"plan_months": saved.inserted + saved.updated}
    )


SPEC.write = write
