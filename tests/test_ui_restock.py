"""ui.restock_charts, ui.products_charts, ui.restock_view and ui.sku_settings_editor without Streamlit: the
projected-stock chart (two stock lines, the reorder-point and safety-stock lines, the order arrival marker, the
campaign shading), the Pareto chart (bars by class, the cumulative line, the A/B/C bands at the chosen cut),
the new/old chart, the filters and status counts, the 采购建议单 and product downloads (Chinese headers, a
formula-looking name neutralised, negative numbers kept as numbers) and the settings editor's save rows.

The frames are built by hand in the shape metrics.restock / metrics.products document."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from connectors.result import RejectedRow
from metrics.restock import PROJECTION_COLUMNS, RESTOCK_COLUMNS
from ui import products_charts, restock_charts
from ui import restock_view as view
from ui import sku_settings_editor as editor

D = Decimal
AS_OF = dt.date(2026, 9, 30)
EVIL = '=HYPERLINK("http://evil.example","点我")'


def projection() -> pd.DataFrame:
    """21 days of SKU-D: 2/day, 8/day on days 5-7 (国庆大促), 22 units arriving on day 15."""
    demand = [0] + [8 if 5 <= k <= 7 else 2 for k in range(1, 21)]
    available = [40 - sum(demand[: k + 1]) for k in range(21)]
    return pd.DataFrame(
        {
            "date": [AS_OF + dt.timedelta(days=k) for k in range(21)],
            "day": pd.array(range(21), dtype="Int64"),
            "expected_demand": [float(d) for d in demand],
            "projected_available": [float(a) for a in available],
            "projected_with_order": [float(a + (22 if k >= 15 else 0)) for k, a in enumerate(available)],
            "order_arrives": [k == 15 for k in range(21)],
            "reorder_point": pd.array([48] * 21, dtype="Int64"),
            "safety_stock": pd.array([10] * 21, dtype="Int64"),
            "campaign": pd.Series([("国庆大促" if 5 <= k <= 7 else None) for k in range(21)], dtype=object),
        }
    )[PROJECTION_COLUMNS]


def by_meta(fig) -> dict:
    return {trace.meta: trace for trace in fig.data}


def shapes(fig) -> dict:
    return {shape.name: shape for shape in fig.layout.shapes}


def test_projected_stock_figure_has_lines_marker_and_campaign():
    fig = restock_charts.projected_stock_figure(projection(), "zh", title="SKU-D")
    traces = by_meta(fig)
    assert {
        "projected_available",
        "projected_with_order",
        "reorder_point",
        "safety_stock",
        "order_arrives",
    } <= set(traces)
    assert list(traces["projected_available"].y[:9]) == [40, 38, 36, 34, 32, 24, 16, 8, 6]
    assert traces["projected_with_order"].line.dash == "dash"
    assert set(traces["reorder_point"].y) == {48} and traces["reorder_point"].name == "再订货点 48"
    assert set(traces["safety_stock"].y) == {10} and traces["safety_stock"].name == "安全库存 10"
    marker = traces["order_arrives"]
    assert pd.Timestamp(marker.x[0]) == pd.Timestamp(AS_OF + dt.timedelta(days=15))
    assert marker.y[0] == projection()["projected_with_order"][15]
    found = shapes(fig)
    arrival = found["order_arrival"]
    assert pd.Timestamp(arrival.x0) == pd.Timestamp(AS_OF + dt.timedelta(days=15))
    campaign = found["campaign_国庆大促"]  # one rect over days 5..7 (half a day either side of the points)
    assert pd.Timestamp(campaign.x0) == pd.Timestamp("2026-10-04 12:00")
    assert pd.Timestamp(campaign.x1) == pd.Timestamp("2026-10-07 12:00")
    assert any("大促：国庆大促" in (a.text or "") for a in fig.layout.annotations)
    assert fig.layout.title.text == "SKU-D"


def test_projected_stock_figure_in_english_and_empty():
    fig = restock_charts.projected_stock_figure(projection(), "en")
    assert {t.name for t in fig.data} >= {"No new order", "Reorder point 48", "Order arrives"}
    frame = projection()
    without = frame.assign(projected_with_order=frame["projected_available"], campaign=None)
    fig = restock_charts.projected_stock_figure(without, "zh")  # nothing suggested: one line, no arrival
    assert set(by_meta(fig)) == {"projected_available", "reorder_point", "safety_stock"}
    assert "order_arrival" not in shapes(fig)
    assert not [s for s in shapes(fig) if s and s.startswith("campaign_")]
    empty = restock_charts.projected_stock_figure(pd.DataFrame(columns=PROJECTION_COLUMNS), "zh")
    assert not empty.data and empty.layout.annotations[0].text


def structure() -> pd.DataFrame:
    """Five SKUs: GMV 50, 20, 15, 10, 5 of 100 → cumulative 0.50, 0.70 (exactly the A line: A), 0.85, 0.95, 1.00."""
    gmv = [D("50.00"), D("20.00"), D("15.00"), D("10.00"), D("5.00")]
    cum = [0.5, 0.7, 0.85, 0.95, 1.0]
    return pd.DataFrame(
        {
            "store": "店",
            "sku": ["S1", "S2", "S3", "S4", "S5"],
            "title": ["大锅", "小锅", EVIL, "铲", "勺"],
            "gmv": gmv,
            "units": pd.array([5, 2, 3, 1, 1], dtype="Int64"),
            "share": [float(g) / 100 for g in gmv],
            "cum_share": cum,
            "abc_class": ["A", "A", "B", "C", "C"],
            "first_sale": [dt.date(2026, 1, 1)] * 4 + [dt.date(2026, 9, 1)],
            "last_sale": [AS_OF] * 3 + [dt.date(2026, 8, 1), AS_OF],
            "is_new": [False, False, False, False, True],
            "previous_gmv": [D("40.00"), D("25.00"), D("0.00"), D("10.00"), D("0.00")],
            "growth": [0.25, -0.2, float("nan"), 0.0, float("nan")],
            "status": ["在售", "在售", "在售", "停售", "在售"],
        }
    )


def test_pareto_figure_bars_cumulative_line_and_bands():
    fig = products_charts.pareto_figure(structure(), 0.7, 0.9, "zh")
    traces = by_meta(fig)
    assert [list(traces[f"class_{c}"].x) for c in "ABC"] == [[1, 2], [3], [4, 5]]
    assert list(traces["class_A"].y) == [50.0, 20.0]
    assert all(t.type == "bar" for m, t in traces.items() if m.startswith("class_"))
    cum = traces["cum_share"]
    assert cum.type == "scatter" and cum.yaxis == "y2" and list(cum.y) == [0.5, 0.7, 0.85, 0.95, 1.0]
    found = shapes(fig)
    assert [(found[f"band_{c}"].y0, found[f"band_{c}"].y1) for c in "ABC"] == [(0, 0.7), (0.7, 0.9), (0.9, 1)]
    assert (found["cut_A"].y0, found["cut_B"].y0) == (0.7, 0.9)
    assert all(found[f"band_{c}"].yref == "y2" for c in "ABC")
    assert fig.layout.yaxis2.tickformat == ".0%" and fig.layout.yaxis2.overlaying == "y"
    assert list(fig.layout.yaxis2.tickvals) == [0.0, 0.5, 0.7, 0.9, 1.0]  # the cut lines are ticks


def test_pareto_figure_follows_the_chosen_cut_and_draws_empty():
    fig = products_charts.pareto_figure(structure(), 0.5, 0.8, "en")
    found = shapes(fig)
    assert [(found[f"band_{c}"].y0, found[f"band_{c}"].y1) for c in "ABC"] == [(0, 0.5), (0.5, 0.8), (0.8, 1)]
    assert {t.name for t in fig.data} >= {"Class A", "Cumulative share"}
    assert not products_charts.pareto_figure(structure().iloc[:0], 0.7, 0.9, "zh").data


def test_new_old_figure_stacks_bars_and_draws_the_share():
    frame = pd.DataFrame(
        {
            "month": ["2026-08", "2026-09"],
            "new_gmv": [D("100.00"), D("300.00")],
            "old_gmv": [D("900.00"), D("700.00")],
            "new_share": [0.1, 0.3],
        }
    )
    fig = products_charts.new_old_figure(frame, "zh")
    traces = by_meta(fig)
    assert fig.layout.barmode == "stack"
    assert (traces["new_gmv"].type, traces["old_gmv"].type) == ("bar", "bar")
    assert list(traces["new_gmv"].y) == [100.0, 300.0] and list(traces["old_gmv"].x) == ["2026-08", "2026-09"]
    assert traces["new_share"].yaxis == "y2" and list(traces["new_share"].y) == [0.1, 0.3]
    assert fig.layout.yaxis2.tickformat == ".0%" and fig.layout.yaxis2.overlaying == "y"
    assert {t.name for t in fig.data} == {"新品", "老品", "新品占比"}


# ---- the restock table, filters, downloads ----


def restock_frame() -> pd.DataFrame:
    rows = [
        {"sku": "SKU-C", "name": EVIL, "status": "超卖", "abc_class": "B", "supplier": None, "available": -5,
         "in_transit": 10, "suggested_qty": 61, "unit_cost": D("-1.50"), "suggested_value": D("-91.50"),
         "order_by": dt.date(2026, 9, 15), "stockout_date": AS_OF, "daily_demand": 3.0,
         "explanation": "日均 3 件 … = 61", "explanation_en": "3/day … = 61"},
        {"sku": "SKU-A", "name": "商品 A", "status": "紧急", "abc_class": "A", "supplier": "甲供应商",
         "available": 100, "in_transit": 0, "suggested_qty": 168, "unit_cost": D("8.50"),
         "suggested_value": D("1428.00"), "order_by": dt.date(2026, 9, 24), "stockout_date": dt.date(2026, 10, 9),
         "daily_demand": 12.0, "explanation": "日均 12 件 … → 168", "explanation_en": "12/day … → 168"},
        {"sku": "SKU-H", "name": "商品 H", "status": "积压", "abc_class": "C", "supplier": "甲供应商",
         "available": 200, "in_transit": 0, "suggested_qty": 0, "unit_cost": None, "suggested_value": None,
         "order_by": None, "stockout_date": None, "daily_demand": 1.0, "explanation": "无需补货",
         "explanation_en": "no order needed"},
    ]  # fmt: skip
    frame = pd.DataFrame([{c: r.get(c) for c in RESTOCK_COLUMNS} for r in rows], columns=RESTOCK_COLUMNS)
    frame["store"] = "测试旗舰店"
    frame["urgency_rank"] = pd.array([1, 2, 3], dtype="Int64")
    frame["stale_snapshot"] = False
    return frame


def test_filters_counts_and_table_labels():
    frame = restock_frame()
    assert view.status_counts(frame) == {
        "紧急": 1,
        "关注": 0,
        "超卖": 1,
        "积压": 1,
        "滞销": 0,
        "已停售": 0,
        "新品": 0,
    }
    assert list(view.filter_restock(frame, ["紧急", "超卖"])["sku"]) == ["SKU-C", "SKU-A"]
    assert list(view.filter_restock(frame, classes=["A", "C"])["sku"]) == ["SKU-A", "SKU-H"]
    assert view.supplier_options(frame) == ["甲供应商", view.NO_SUPPLIER]
    assert list(view.filter_restock(frame, suppliers=[view.NO_SUPPLIER])["sku"]) == ["SKU-C"]
    assert list(view.filter_restock(frame, ["积压"], suppliers=["甲供应商"])["sku"]) == ["SKU-H"]
    shown = view.restock_table(frame, "zh")
    assert list(shown.columns[:5]) == ["商品编码", "状态", "建议补货量", "最晚下单日", "商品名称"]
    assert shown.columns[-1] == "紧急排序" and list(shown["紧急排序"]) == [1, 2, 3]
    assert shown["计算说明"][1] == "日均 12 件 … → 168" and shown["最晚下单日"][0] == "2026-09-15"
    english = view.restock_table(frame, "en")
    assert list(english["Status"]) == ["Oversold", "Urgent", "Overstock"]
    assert english["Explanation"][1] == "12/day … → 168"
    formats = view.table_formats(view.RESTOCK_TABLE_COLUMNS, "zh")
    assert formats["建议金额"][0] == "accounting" and "单位成本" in formats["建议金额"][1]


def test_purchase_workbook_has_chinese_headers_and_is_formula_safe():
    frame = restock_frame()
    book = openpyxl.load_workbook(io.BytesIO(view.purchase_xlsx_bytes(frame)))
    sheet = book["采购建议单"]
    rows = [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    headers = rows[0]
    assert headers[:8] == (
        "店铺",
        "商品编码",
        "商品名称",
        "供应商",
        "建议补货量",
        "单位成本",
        "建议金额",
        "最晚下单日",
    )
    assert "计算说明" in headers and "可用库存" in headers
    assert len(rows) == 3  # SKU-H suggests nothing: left out
    first = dict(zip(headers, rows[1], strict=True))
    assert first["商品名称"] == "'" + EVIL  # shown as text, never run as a formula
    assert first["可用库存"] == -5 and isinstance(first["可用库存"], int)  # a real negative stays a number
    assert first["单位成本"] == -1.5 and first["建议金额"] == -91.5
    assert first["最晚下单日"].date() == dt.date(2026, 9, 15)
    assert first["状态"] == "超卖" and first["供应商"] is None
    assert sheet["B2"].number_format == "@"  # SKU codes as typed
    data = view.purchase_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0][:3] == ["店铺", "商品编码", "商品名称"]
    assert table[1][2] == "'" + EVIL and table[1][headers.index("可用库存")] == "-5"
    assert view.purchase_totals(frame) == {"skus": 2, "units": 229, "value": 1336.5}


def test_product_table_and_download():
    frame = structure()
    shown = view.product_table(frame, "zh")
    assert list(shown.columns) == ["商品编码", "商品标题", "ABC分类", "支付金额", "件数", "占比", "累计占比",
                                   "上期支付金额", "增长", "状态", "新品", "首次销售日", "最近销售日"]  # fmt: skip
    assert shown["支付金额"].dtype == "float64" and shown["增长"][0] == 0.25 and pd.isna(shown["增长"][2])
    assert list(view.product_table(frame, "en")["Status"])[3] == "Stopped"
    book = openpyxl.load_workbook(io.BytesIO(view.product_xlsx_bytes(frame)))
    rows = [r for r in book.active.iter_rows(values_only=True) if any(v is not None for v in r)]
    assert len(rows) == 6 and rows[3][1] == "'" + EVIL and rows[1][3] == 50 and rows[2][8] == -0.2
    summary = view.structure_summary(frame)
    assert (
        summary["skus"],
        summary["a_skus"],
        summary["a_share"],
        summary["new_skus"],
        summary["stopped"],
    ) == (
        5,
        2,
        0.7,
        1,
        1,
    )
    assert view.period_bounds("last90", AS_OF) == (dt.date(2026, 7, 3), AS_OF)
    assert view.period_bounds("this_month", AS_OF) == (dt.date(2026, 9, 1), AS_OF)
    assert view.trend_start(dt.date(2026, 7, 3), AS_OF) == dt.date(2025, 10, 1)
    assert view.previous_period(dt.date(2026, 7, 3), AS_OF) == (dt.date(2026, 4, 4), dt.date(2026, 7, 2))


# ---- the settings editor ----


def template() -> pd.DataFrame:
    from skus import TEMPLATE_HEADERS

    rows = [
        ["店", "SKU-A", "商品 A", "甲供应商", 15, 7, None, 24, None, "8.50", "在售"],
        ["店", "SKU-B", "商品 B", None, None, None, 200, 12, 0.95, None, None],
    ]
    return pd.DataFrame(rows, columns=TEMPLATE_HEADERS).astype(object)


def test_editor_rows_carry_only_changed_cells_with_their_line():
    base = editor.editor_frame(template())
    assert list(base.columns) == editor.EDITOR_COLUMNS
    assert base["lead_time_days"].tolist()[0] == 15.0 and pd.isna(base["lead_time_days"][1])
    assert editor.rows_to_save(base.copy(), base) == []
    edited = base.copy()
    edited.loc[1, "lead_time_days"] = 20.0
    edited.loc[1, "service_level"] = 0.9
    edited.loc[0, "supplier"] = None
    edited.loc[0, "active"] = "停售"
    assert editor.rows_to_save(edited, base) == [
        {"line": 1, "sku": "SKU-A", "supplier": None, "active": "停售"},
        {"line": 2, "sku": "SKU-B", "lead_time_days": 20, "service_level": 0.9},
    ]
    rejected = [RejectedRow("", 2, "交期(天)", "天数不能为负数 / days cannot be negative", "-3")]
    table = editor.rejections_table(rejected, [{"line": 2, "sku": "SKU-B"}], "zh")
    assert table.to_dict("records") == [
        {
            "行": "第 2 行（SKU-B）",
            "列": "交期(天)",
            "原因": "天数不能为负数 / days cannot be negative",
            "值": "-3",
        }
    ]


@pytest.mark.parametrize(
    ("form", "stored", "changed"),
    [
        ({"lead_time_days": 20}, {}, {"lead_time_days": 20}),
        ({"lead_time_days": 20}, {"lead_time_days": 20}, {}),
        ({"lead_time_days": None}, {"lead_time_days": 20}, {"lead_time_days": None}),
        ({"service_level": 0.9}, {"service_level": 0.9}, {}),
    ],
)
def test_changed_defaults(form, stored, changed):
    assert editor.changed_defaults(form, stored) == changed


def test_settings_in_force_falls_back_to_the_code():
    values = editor.settings_in_force({"stale_snapshot_days": 7})
    assert values["stale_snapshot_days"] == 7 and values["lead_time_days"] == 15
