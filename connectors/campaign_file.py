"""Campaign calendar files (活动日历, .xlsx or .csv): one row per campaign phase with 活动名称, 活动类型, 店铺,
阶段, 开始时间, 结束时间 and optionally 商品编码, 目标GMV, 坑位费, 佣金比例, 推广费用, 优惠券成本, 毛利率.
Written through campaigns.save_calendar_rows to `campaigns`, `campaign_phases` and `campaign_skus`.

Each row names its own store (an existing store). The file imports whole or not at all: any bad row
(unknown store or SKU, end before start, overlapping or repeated phases, phases disagreeing on the
campaign's type, target or costs, text in a number cell) rejects the file with every problem listed. A
campaign in the file replaces the stored campaign of the same store and name; campaigns not in the file
are left alone. The same file is applied again rather than skipped by its hash, so importing it undoes
edits made in the app since. Counts are per campaign (rows_read counts phase rows).
"""

from __future__ import annotations

from connectors.spec import Field, Spec

# Every cell is staged as cleaned text and parsed by campaigns.fields (one home for what a valid phase,
# time or rate is), so a bad file lists all its problems at once.
FIELDS = (
    Field("name", "text", ("活动名称", "活动名")),
    Field("campaign_type", "text", ("活动类型",)),
    Field("store", "text", ("店铺", "店铺名称", "店铺名")),
    Field("phase", "text", ("阶段", "活动阶段")),
    Field("starts_at", "text", ("开始时间", "开始日期", "起始时间")),
    Field("ends_at", "text", ("结束时间", "结束日期", "截止时间")),
    Field("skus", "text", ("商品编码", "参与商品", "参与商品编码", "活动商品")),
    Field("gmv_target", "text", ("目标GMV", "活动目标", "目标成交额")),
    Field("slot_fee", "text", ("坑位费",)),
    Field("commission_rate", "text", ("佣金比例", "佣金率")),
    Field("ad_spend", "text", ("推广费用", "推广费", "广告费用")),
    Field("coupon_cost", "text", ("优惠券成本", "券成本")),
    Field("margin_rate", "text", ("毛利率",)),
)

SPEC = Spec(
    kind="campaign_calendar",
    label_zh="活动日历",
    label_en="campaign calendar",
    fields=FIELDS,
    required=(("name",), ("campaign_type",), ("store",), ("phase",), ("starts_at",), ("ends_at",)),
    distinctive=("活动名称", "活动类型", "阶段", "坑位费", "佣金比例"),
    partial_ok=False,
    per_row_store=True,
    rewrite_same_file=True,
)

ROW_FIELDS = tuple(f.name for f in FIELDS)


def write(ctx):
    """Save the file's campaigns (inside the loader's transaction); reject the file whole on any bad row."""
    from campaigns import FIELD_HEADERS, save_calendar_rows
    from connectors.loader import WriteCounts
    from connectors.staging import STAGED_TABLE
    from connectors.tabular import FileRejected

    present = [name for name in ROW_FIELDS if name in ctx.raw.columns]
    cols = ", ".join(["_row", *present])
    rows = []
    for values in ctx.conn.execute(f"SELECT {cols} FROM {STAGED_TABLE} ORDER BY _row").fetchall():
        record = dict(zip(["_row", *present], values, strict=True))
        record["line"] = ctx.raw.line_of(record.pop("_row"))
        rows.append(record)
    saved = save_calendar_rows(
        ctx.conn,
        rows,
        author=ctx.author,
        source="file",
        load_id=ctx.load_id,
        transaction=False,
        file=ctx.display_name,
    )
    ctx.notes.extend(saved.notes)
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
    stores = {store for store, _ in saved.campaign_ids}
    if len(stores) == 1:
        ctx.store = stores.pop()
    if saved.inserted + saved.updated == 0 and rows:
        ctx.notes.append("与已保存的活动相同，未作改动 / same as the saved campaigns: nothing changed")
    changed = saved.inserted + saved.updated
    return WriteCounts(saved.inserted, saved.updated, saved.unchanged, {"campaigns": changed})


SPEC.write = write
