"""ui.campaign_charts, ui.campaign_review and ui.campaign_editor without Streamlit: the timeline (band, phase
shapes, incremental fill, pre/post strips), the calendar Gantt (one bar per phase), the cards (none that need
a baseline when there is none), the comparison, the notes in Chinese, the review pack workbook (sheets,
Chinese headers, a formula-looking name neutralised) and the editor's save arguments.

The frames are built by hand in the shape metrics.campaign_review documents (Decimal yuan, python dates)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from connectors.result import RejectedRow
from metrics.campaign_review import CampaignReview
from ui import campaign_charts, campaign_editor
from ui import campaign_review as review_ui

D = Decimal
FIRST = dt.date(2026, 11, 1)


def day(offset: int) -> dt.date:
    return FIRST + dt.timedelta(days=offset)


def timeline(with_baseline: bool = True) -> pd.DataFrame:
    """Baseline days -3..-2, pre -1, campaign 0..2 (phases 尾款 then 爆发), post 3..4."""
    rows = []
    windows = {
        -3: "baseline",
        -2: "baseline",
        -1: "pre",
        0: "campaign",
        1: "campaign",
        2: "campaign",
        3: "post",
        4: "post",
    }
    for offset, window in windows.items():
        actual = D("300.00") if window == "campaign" else D("100.00")
        row = {
            "date": day(offset),
            "weekday": day(offset).isoweekday(),
            "window": window,
            "phase": ("尾款" if offset < 2 else "爆发") if window == "campaign" else None,
            "other_campaign": None,
            "actual_gmv": actual,
            "orders": 3,
            "buyers": 3,
            "units": 3,
            "baseline_gmv": D("100.00") if with_baseline else None,
            "baseline_low": D("80.00") if with_baseline else None,
            "baseline_high": D("120.00") if with_baseline else None,
            "incremental_gmv": (actual - D("100.00")) if with_baseline and window != "baseline" else None,
            "store_gmv": actual,
            "rest_gmv": None,
            "rest_baseline": None,
        }
        rows.append(row)
    return pd.DataFrame(rows)


PHASES = pd.DataFrame(
    {
        "phase": ["定金", "尾款", "爆发"],
        "starts_at": [
            pd.Timestamp("2026-10-24 20:00:00"),
            pd.Timestamp("2026-11-01"),
            pd.Timestamp("2026-11-03"),
        ],
        "ends_at": [
            pd.Timestamp("2026-10-31 23:59:59"),
            pd.Timestamp("2026-11-02 23:59:59"),
            pd.Timestamp("2026-11-03 23:59:59"),
        ],
        "is_sale_phase": [False, True, True],
        "gmv": [D("50.00"), D("600.00"), D("300.00")],
        "orders": [1, 6, 3],
        "buyers": [1, 6, 3],
        "units": [1, 6, 3],
    }
)


def summary(**changes) -> dict:
    base = {
        "campaign_id": 7,
        "store": "测试店",
        "name": '=HYPERLINK("http://x")双十一',
        "campaign_type": "双十一",
        "scope": "store",
        "sku_count": 0,
        "first_day": FIRST,
        "last_day": day(2),
        "as_of": day(4),
        "gmv": D("900.00"),
        "orders": 9,
        "buyers": 8,
        "baseline": D("300.00"),
        "baseline_low": D("240.00"),
        "baseline_high": D("360.00"),
        "incremental": D("600.00"),
        "incremental_low": D("540.00"),
        "incremental_high": D("660.00"),
        "lift": 2.0,
        "pre_dip": D("0.00"),
        "post_dip": D("-50.00"),
        "net_incremental": D("550.00"),
        "net_incremental_low": D("480.00"),
        "net_incremental_high": D("620.00"),
        "net_incremental_after_refunds": D("500.00"),
        "refund_rate": 0.1,
        "baseline_refund_rate": 0.02,
        "new_buyers": 4,
        "new_buyer_share": 0.5,
        "target": D("1000.00"),
        "attainment": 0.9,
        "costs": D("100.00"),
        "margin_rate": 0.4,
        "margin_source": "campaign",
        "roi": 1.0,
        "roi_low": 0.8,
        "roi_high": 1.2,
        "presale_deposit_orders": 1,
        "balance_payment_rate": 1.0,
        "baseline_status": "ok",
        "baseline_fit_days": 28,
        "notes": [
            "no campaign costs recorded: no ROI",
            "post window cut at as_of 2026-11-05 (2 of 14 days)",
            "something new the metric says",
        ],
    }
    return base | changes


def review(**changes) -> CampaignReview:
    presale = pd.DataFrame(
        {
            "date": [dt.date(2026, 10, 25), FIRST],
            "deposit_orders": [1, 0],
            "deposit_amount": [D("50.00"), D("0.00")],
            "deposits_completed": [1, 0],
            "forfeited_orders": [0, 0],
            "forfeited_deposits": [D("0.00"), D("0.00")],
            "balance_paid_orders": [0, 1],
            "balance_paid_gmv": [D("0.00"), D("200.00")],
        }
    )
    skus = pd.DataFrame(
        {
            "sku": ["SKU-A", "-SKU-B"],
            "participating": [True, False],
            "actual_gmv": [D("800.00"), D("100.00")],
            "actual_units": [8, 1],
            "baseline_gmv": [D("200.00"), D("100.00")],
            "incremental_gmv": [D("600.00"), D("0.00")],
            "lift": [3.0, 0.0],
        }
    )
    return CampaignReview(summary(**changes), PHASES, timeline(), presale, skus)


# ---- the timeline ----


def traces_by_name(fig) -> dict:
    return {trace.name: trace for trace in fig.data}


def test_timeline_has_band_phases_and_incremental_fill():
    fig = campaign_charts.timeline_figure(timeline(), "zh", phases=PHASES)
    traces = traces_by_name(fig)
    band = traces["基线区间"]
    assert band.fill == "tonexty" and list(band.y) == [80.0] * 8  # the low edge filled up to the high edge
    assert list(traces["基线上限"].y) == [120.0] * 8
    assert traces["基线"].line.dash == "dash"
    increment = traces["增量"]
    assert increment.fill == "tonexty" and list(increment.y) == [300.0] * 3  # actual, over the campaign days
    assert list(traces["增量（基线）"].y) == [100.0] * 3  # filled down to the baseline
    assert len(traces["实际支付金额"].y) == 8
    # each day drawn at noon of its date
    assert pd.Timestamp(traces["实际支付金额"].x[0]) == pd.Timestamp("2026-10-29 12:00")

    phase_shapes = [s for s in fig.layout.shapes if (s.name or "").startswith("phase_")]
    assert [s.name for s in phase_shapes] == ["phase_定金", "phase_尾款", "phase_爆发"]
    assert pd.Timestamp(phase_shapes[0].x0) == pd.Timestamp("2026-10-24 20:00")  # real timestamps
    labels = {a.text for a in fig.layout.annotations}
    assert {"定金", "尾款", "爆发", "活动前", "活动后"} <= labels
    windows = [s.name for s in fig.layout.shapes if (s.name or "").startswith("window_")]
    assert windows == ["window_pre", "window_post"]
    assert fig.layout.title.text == "每日支付金额：实际 vs 基线"


def test_timeline_without_baseline_draws_actuals_only():
    fig = campaign_charts.timeline_figure(timeline(with_baseline=False), "en")
    names = [trace.name for trace in fig.data]
    assert names == ["Actual GMV"]  # no band, no baseline, no incremental area
    assert not any(trace.fill for trace in fig.data)
    # without the phases frame, the days the timeline labels are shaded
    assert [s.name for s in fig.layout.shapes if (s.name or "").startswith("phase_")] == [
        "phase_尾款",
        "phase_爆发",
    ]


def test_empty_timeline_says_so():
    fig = campaign_charts.timeline_figure(pd.DataFrame(), "zh")
    assert fig.layout.annotations[0].text == "所选范围没有数据"


def test_presale_figure_has_deposits_and_balances():
    fig = campaign_charts.presale_figure(review().presale, "zh")
    assert [t.type for t in fig.data] == ["bar", "bar"]
    assert [list(t.y) for t in fig.data] == [[50.0, 0.0], [0.0, 200.0]]


# ---- the calendar ----


def calendar_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "campaign_id": [1, 2, 3],
            "store": ["测试店"] * 3,
            "name": ["2026双十一", "聚划算 2026-08-14", "年货节"],
            "campaign_type": ["双十一", "聚划算", "年货节"],
            "starts_at": [
                pd.Timestamp("2026-10-24 20:00:00"),
                pd.Timestamp("2026-08-14 00:00:00"),
                pd.Timestamp("2026-12-28 00:00:00"),
            ],
            "ends_at": [
                pd.Timestamp("2026-11-11 23:59:59"),
                pd.Timestamp("2026-08-14 23:59:59"),
                pd.Timestamp("2027-01-05 23:59:59"),
            ],
            "phases": [
                "定金 10-24 20:00–10-31 23:59; 尾款 11-01 00:00–11-03 23:59; 爆发 11-11 00:00–11-11 23:59",
                "活动 08-14 00:00–08-14 23:59",
                "预热 12-28 00:00–12-31 23:59; 爆发 01-01 00:00–01-05 23:59",
            ],
            "skus": [[], ["SKU-J"], []],
        }
    )


def test_phase_rows_follow_the_year_across_new_year():
    rows = campaign_charts.phase_rows(calendar_frame())
    assert len(rows) == 6
    new_year = rows[rows["name"] == "年货节"].set_index("phase")
    assert new_year.loc["爆发", "starts_at"] == dt.datetime(2027, 1, 1)
    assert new_year.loc["爆发", "ends_at"] == dt.datetime(2027, 1, 5, 23, 59, 59)
    assert rows.set_index("phase").loc["定金", "starts_at"] == dt.datetime(2026, 10, 24, 20, 0)


def test_calendar_figure_has_one_bar_per_phase():
    fig = campaign_charts.calendar_figure(calendar_frame(), 2026, "zh")
    bars = [trace for trace in fig.data if trace.type == "bar"]
    assert sum(len(trace.y) for trace in bars) == 5  # 3 + 1 + 年货节's 预热 (its 爆发 is in 2027)
    assert {trace.name for trace in bars} == {"定金", "尾款", "爆发", "活动", "预热"}
    assert all(trace.orientation == "h" for trace in bars)
    deposit = next(trace for trace in bars if trace.name == "定金")
    assert pd.Timestamp(deposit.base[0]) == pd.Timestamp("2026-10-24 20:00")
    assert fig.layout.title.text == "2026 年活动日历"
    later = campaign_charts.calendar_figure(calendar_frame(), 2027, "en")
    assert sum(len(trace.y) for trace in later.data) == 1  # only 年货节's 爆发 falls in 2027
    empty = campaign_charts.calendar_figure(calendar_frame(), 2030, "zh")
    assert not empty.data and empty.layout.annotations[0].text == "2030 年没有活动"


# ---- cards, headline, comparison, notes ----


def test_cards_show_every_figure_with_its_definition():
    cards = {c.key: c for c in review_ui.review_cards(summary(), "zh")}
    assert list(cards) == [
        "gmv", "incremental", "lift", "net_incremental", "refund_rate", "roi", "attainment", "new_buyer_share"
    ]  # fmt: skip
    assert cards["gmv"].value == "¥900.00" and cards["gmv"].delta == "9 单 · 8 位买家"
    assert cards["incremental"].value == "+¥600.00" and cards["incremental"].delta == "区间 ¥540.00 – ¥660.00"
    assert cards["lift"].label == "提升率（÷ 基线）" and cards["lift"].value == "200.0%"
    assert cards["lift"].delta == "基线 ¥300.00"
    assert cards["refund_rate"].value == "10.0%" and cards["refund_rate"].delta == "平常日 2.0%"
    assert cards["roi"].value == "100.0%" and cards["roi"].delta == "区间 80.0% – 120.0%"
    assert cards["attainment"].value == "90.0%" and cards["attainment"].delta == "目标 ¥1,000.00"
    assert all(c.help for c in cards.values()), "every card carries its 口径"
    assert "分母" in cards["lift"].help  # the lift's definition says which denominator


def test_no_baseline_means_no_lift_incremental_or_roi():
    s = summary(
        baseline_status="too_little_history", baseline=None, incremental=None, lift=None, net_incremental=None,
        roi=None, costs=None, target=None, attainment=None,
    )  # fmt: skip
    cards = {c.key: c for c in review_ui.review_cards(s, "zh")}
    assert set(cards) == {"gmv", "refund_rate", "attainment", "new_buyer_share"}
    assert cards["attainment"].value == "—" and cards["attainment"].delta == "没有目标"
    assert "活动前" not in review_ui.cards_caption(s, "zh")


def test_roi_without_costs_says_so():
    cards = {c.key: c for c in review_ui.review_cards(summary(roi=None, costs=None), "zh")}
    assert cards["roi"].value == "—" and cards["roi"].delta == "没有填写活动费用"


def test_sku_level_campaign_adds_the_cannibalisation_card():
    s = summary(scope="skus", sku_count=1, cannibalisation=D("-80.00"), cannibalisation_low=D("-100.00"),
                cannibalisation_high=D("-60.00"))  # fmt: skip
    card = review_ui.review_cards(s, "en")[-1]
    assert card.key == "cannibalisation" and card.value == "-¥80.00" and card.delta_color == "red"
    assert "1 SKUs take part" in review_ui.headline(s, "en")


def test_comparison_puts_editions_side_by_side_and_merges_the_same_campaign():
    this = summary() | {"edition": "this"}
    last = summary(campaign_id=3, name="2025双十一", gmv=D("700.00")) | {"edition": "last_year"}
    previous = dict(last, edition="previous")
    shown = review_ui.comparison_table(pd.DataFrame([this, last, previous]), "zh")
    assert list(shown.columns) == ["项目", f"本次：{this['name']}", "去年同期（也是上一次同类）：2025双十一"]
    gmv = shown.set_index("项目").loc["活动支付金额"]
    assert list(gmv) == ["¥900.00", "¥700.00"]
    assert review_ui.comparison_table(pd.DataFrame([this]), "zh").empty  # nothing to compare with


def test_notes_are_translated_and_unknown_ones_kept():
    assert review_ui.notes(summary(), "zh") == [
        "没有填写活动费用：不计算 ROI。",
        "活动后窗口只到 2026-11-05（2/14 天）。",
        "something new the metric says",
    ]
    assert review_ui.notes(summary(), "en")[0] == "no campaign costs recorded: no ROI"


def test_campaign_picker_newest_first_with_name_type_dates():
    frame = calendar_frame()
    assert review_ui.campaign_options(frame) == [3, 1, 2]
    labels = review_ui.campaign_labels(frame)
    assert labels[1] == "2026双十一 · 双十一 · 2026-10-24 – 11-11"
    assert labels[2] == "聚划算 2026-08-14 · 聚划算 · 2026-08-14"
    assert labels[3] == "年货节 · 年货节 · 2026-12-28 – 2027-01-05"


# ---- the review pack ----


def test_review_pack_has_a_sheet_per_table_chinese_headers_and_is_formula_safe():
    comparison = pd.DataFrame(
        [
            summary() | {"edition": "this"},
            summary(campaign_id=3, name="2025双十一") | {"edition": "last_year"},
        ]
    )
    data = review_ui.review_pack_bytes(review(), comparison)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["汇总", "分阶段", "每日", "预售", "商品", "对比"]
    headers = {name: [c.value for c in book[name][1]] for name in book.sheetnames}
    assert headers["汇总"] == ["项目", "数值", "口径"]
    assert headers["分阶段"][:3] == ["阶段", "开始时间", "结束时间"]
    assert headers["每日"][:2] == ["日期", "窗口"]
    assert "定金金额" in headers["预售"] and "商家编码" in headers["商品"]
    assert headers["对比"][0] == "项目"
    for name, row in headers.items():  # every header is Chinese (no raw column names left)
        assert not any(h and h.isascii() and "_" in h for h in row), (name, row)

    summary_rows = {r[0]: r[1] for r in book["汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary_rows["活动名称"].startswith("'=HYPERLINK")  # a formula-looking name stays text
    assert summary_rows["活动支付金额"] == 900.0  # numbers stay numbers
    assert summary_rows["提升率"] == 2.0
    skus = list(book["商品"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in skus] == ["SKU-A", "'-SKU-B"]  # participants first; the leading - neutralised
    daily = list(book["每日"].iter_rows(min_row=2, values_only=True))
    assert daily[0][:2] == ("2026-10-29", "基线期") and len(daily) == 8
    assert "其他商品支付金额" not in headers["每日"]  # a store-wide campaign has no rest columns
    assert review_ui.pack_file_name(review().summary).endswith("_20261105.xlsx")


def test_workbook_bytes_neutralises_headers_and_cells():
    frame = pd.DataFrame({"=A1": ["+cmd", "@x", 5, -3.5]})
    book = openpyxl.load_workbook(io.BytesIO(review_ui.workbook_bytes({"表": frame})))
    values = [r[0] for r in book["表"].iter_rows(values_only=True)]
    assert values == ["'=A1", "'+cmd", "'@x", 5, -3.5]


# ---- the editor ----


def test_template_form_fills_the_phases():
    form = campaign_editor.template_form("double11", 2027)
    assert form["name"] == "2027双十一" and form["campaign_type"] == "双十一"
    assert list(form["phases"]["phase"]) == ["预热", "定金", "尾款", "爆发"]
    assert form["phases"]["starts_at"].iloc[1] == "2027-10-24 20:00:00"
    six18 = campaign_editor.template_form("six18", 2027)
    assert list(six18["phases"]["phase"])[-1] == "返场"


def test_save_arguments_pass_values_as_typed():
    form = campaign_editor.blank_form("聚划算")
    form.update(
        name=" 聚划算 9月 ",
        skus="SKU-1=45%、SKU-2, SKU-1",
        gmv_target=1000.0,
        commission_pct=5.0,
        margin_pct=None,
    )
    phases = pd.DataFrame(
        {
            "phase": ["活动", None],
            "starts_at": ["2026-09-12 00:00:00", None],
            "ends_at": ["2026-09-12 23:59:59", ""],
        }
    )
    campaign, rows, skus = campaign_editor.save_arguments("店", form, phases)
    assert campaign["name"] == "聚划算 9月" and campaign["campaign_type"] == "聚划算"
    assert (
        campaign["gmv_target"] == 1000.0
        and campaign["commission_rate"] == "5.0%"
        and campaign["margin_rate"] is None
    )
    assert rows == [{"phase": "活动", "starts_at": "2026-09-12 00:00:00", "ends_at": "2026-09-12 23:59:59"}]
    assert skus == [("SKU-1", 0.45), ("SKU-2", None)]  # SKU-1's own 毛利率 45%
    assert "campaign_id" not in campaign


def test_candidate_becomes_a_one_day_jhs():
    campaign, phases, skus = campaign_editor.candidate_arguments("店", dt.date(2026, 8, 14), ["SKU-J"])
    assert campaign == {"store": "店", "name": "聚划算 2026-08-14", "campaign_type": "聚划算"}
    assert phases == [
        {
            "phase": "活动",
            "starts_at": dt.datetime(2026, 8, 14),
            "ends_at": dt.datetime(2026, 8, 14, 23, 59, 59),
        }
    ]
    assert skus == ["SKU-J"]


def test_rejections_name_the_phase_row_and_column():
    rejected = [
        RejectedRow("", 2, "结束时间", "结束时间不晚于开始时间", "2026-09-01 00:00:00"),
        RejectedRow("", None, "活动名称", "该店铺已有同名活动", "x"),
    ]
    table = campaign_editor.rejections_table(rejected, "zh")
    assert list(table.columns) == ["位置", "列", "原因", "值"]
    assert list(table["位置"]) == ["阶段第 2 行", "—"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_candidates_table_shows_one_language(lang):
    frame = pd.DataFrame(
        {
            "date": [dt.date(2026, 8, 14)],
            "kind": ["sku"],
            "skus": [["SKU-J", "SKU-K"]],
            "sku_units": [30],
            "volume_ratio": [6.0],
            "price_drop": [0.3],
            "sku_gmv": [D("900.00")],
            "store_gmv": [D("3000.00")],
            "evidence": [
                "2 个SKU销量为基线 6.0 倍且成交价降 30% / 2 SKUs at 6.0x baseline units with price −30%"
            ],
        }
    )
    shown = campaign_editor.candidates_table(frame, lang)
    evidence = shown.iloc[0, -1]
    assert ("倍" in evidence) == (lang == "zh")
    assert shown.iloc[0, 2] == "SKU-J、SKU-K"
