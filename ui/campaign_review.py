"""活动复盘 helpers without Streamlit: the campaign picker's options, the cards, the tables the page shows,
the comparison, the notes in Chinese, and the review pack (.xlsx, one sheet per table, Chinese headers,
formula-safe). Pure functions of their arguments (tested in tests/test_ui_campaign.py).

Inputs are what metrics return: metrics.calendar.campaign_calendar (the picker), a
metrics.campaign_review.CampaignReview (summary dict + phases, timeline, presale, skus frames) and
metrics.campaign_review.campaign_comparison. Labels and one-line definitions (口径) come from
metrics.definitions (CAMPAIGN_REVIEW_DEFINITIONS first: the campaign-review meaning of a column).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from connectors.safe_export import safe_cell
from ui import format as fmt
from ui.i18n import t
from ui.pacing import number, signed_money

# ---- labels and definitions ----


def _definition_tables() -> list[dict]:
    """The definition tables to look in, most specific first (the campaign review's, the calendar's, all)."""
    from metrics import definitions

    names = (
        "CAMPAIGN_REVIEW_DEFINITIONS",
        "CAMPAIGN_DEFINITIONS",
        "CALENDAR_DEFINITIONS",
        "METRIC_DEFINITIONS",
    )
    return [table for name in names if isinstance(table := getattr(definitions, name, None), dict)]


def _entry(key: str) -> dict | None:
    for table in _definition_tables():
        if key in table:
            return table[key]
    return None


def review_label(key: str, lang: str = "zh") -> str:
    """The short label of a review figure or column (the key itself when no definition has it)."""
    entry = _entry(key)
    if not entry:
        return key
    return entry.get(f"label_{lang}") or entry.get("label_zh") or key


def review_definition(key: str, lang: str = "zh") -> str:
    """The one-line definition (口径) of a review figure or column ('' when none)."""
    entry = _entry(key)
    return (entry.get(lang) or entry.get("zh") or "") if entry else ""


def review_unit(key: str) -> str:
    """'yuan', 'fraction', 'count', 'date', 'text', … from the definitions ('text' when unknown)."""
    entry = _entry(key)
    return (entry or {}).get("unit", "text")


def help_text(*keys: str, lang: str = "zh", extra: str = "") -> str | None:
    """The 口径 of the figures a card shows, one paragraph each."""
    lines = [f"**{review_label(k, lang)}**：{d}" if lang == "zh" else f"**{review_label(k, lang)}**: {d}"
             for k in keys if (d := review_definition(k, lang))]  # fmt: skip
    if extra:
        lines.append(extra)
    return "\n\n".join(lines) or None


# ---- the campaign picker ----


def _stamp(value: object) -> pd.Timestamp | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value)


def campaign_options(calendar: pd.DataFrame) -> list[int]:
    """campaign_id of every campaign in the calendar, newest first (by first phase start, then id)."""
    if calendar is None or calendar.empty:
        return []
    frame = calendar.assign(_start=pd.to_datetime(calendar["starts_at"]))
    frame = frame.sort_values(["_start", "campaign_id"], ascending=[False, False], na_position="last")
    return [int(c) for c in frame["campaign_id"]]


def date_span(starts_at: object, ends_at: object) -> str:
    """'2026-10-24 – 11-11' (the end's year shown only when it differs); '—' without dates."""
    start, end = _stamp(starts_at), _stamp(ends_at)
    if start is None:
        return fmt.MISSING
    if end is None or end.date() == start.date():
        return f"{start:%Y-%m-%d}"
    return (
        f"{start:%Y-%m-%d} – {end:%m-%d}" if end.year == start.year else f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"
    )


def campaign_labels(calendar: pd.DataFrame, with_store: bool = False) -> dict[int, str]:
    """campaign_id -> 'name · type · dates' (and ' · store' when campaigns of several stores are listed)."""
    labels = {}
    for row in calendar.to_dict("records") if calendar is not None else []:
        parts = [
            str(row["name"]),
            str(row["campaign_type"]),
            date_span(row.get("starts_at"), row.get("ends_at")),
        ]
        if with_store:
            parts.append(str(row["store"]))
        labels[int(row["campaign_id"])] = " · ".join(parts)
    return labels


# ---- the cards ----


@dataclass(frozen=True)
class Card:
    """One st.metric: label, value, the line under it, its colour and its 口径."""

    key: str
    label: str
    value: str
    delta: str | None = None
    delta_color: str = "off"
    help: str | None = None


def has_baseline(summary: dict) -> bool:
    """Whether the review has a baseline (and so incremental, lift, dips and ROI)."""
    return summary.get("baseline_status") == "ok" and number(summary.get("baseline")) is not None


def _range(low: object, high: object, lang: str, render=None) -> str | None:
    render = render or (lambda v: fmt.money(v, lang))
    if number(low) is None or number(high) is None:
        return None
    return t("cr_card_range", lang, low=render(low), high=render(high))


def _sign_color(value: object) -> str:
    amount = number(value)
    if amount is None or amount == 0:
        return "off"
    return "green" if amount > 0 else "red"


def review_cards(summary: dict, lang: str = "zh") -> list[Card]:
    """The review's cards, in reading order. Without a baseline (too little history) the cards that need one
    (incremental, lift, net incremental, ROI, cannibalisation) are left out: no made-up numbers."""
    s = summary
    cards = [
        Card(
            "gmv",
            t("cr_card_gmv", lang),
            fmt.money(s.get("gmv"), lang),
            t(
                "cr_card_gmv_delta",
                lang,
                orders=fmt.count(s.get("orders")),
                buyers=fmt.count(s.get("buyers")),
            ),
            help=help_text("gmv", "orders", "buyers", lang=lang),
        )
    ]
    if has_baseline(s):
        cards += [
            Card(
                "incremental",
                t("cr_card_incremental", lang),
                signed_money(s.get("incremental"), lang),
                _range(s.get("incremental_low"), s.get("incremental_high"), lang),
                help=help_text("incremental", "incremental_low", "baseline", lang=lang),
            ),
            Card(
                "lift",
                t("cr_card_lift", lang),
                fmt.percent(s.get("lift"), 1),
                t("cr_card_lift_delta", lang, baseline=fmt.money(s.get("baseline"), lang)),
                help=help_text("lift", "baseline", lang=lang),
            ),
            Card(
                "net_incremental",
                t("cr_card_net", lang),
                signed_money(s.get("net_incremental"), lang),
                _range(s.get("net_incremental_low"), s.get("net_incremental_high"), lang),
                help=help_text("net_incremental", "pre_dip", "post_dip", lang=lang),
            ),
        ]
    cards.append(
        Card(
            "refund_rate",
            t("cr_card_refund", lang),
            fmt.percent(s.get("refund_rate"), 1),
            t("cr_card_refund_delta", lang, rate=fmt.percent(s.get("baseline_refund_rate"), 1))
            if number(s.get("baseline_refund_rate")) is not None
            else None,
            help=help_text("refund_rate", "baseline_refund_rate", "refund_observed_days", lang=lang),
        )
    )
    if has_baseline(s):
        costs = number(s.get("costs"))
        roi = number(s.get("roi"))
        cards.append(
            Card(
                "roi",
                t("cr_card_roi", lang),
                fmt.percent(roi, 1) if roi is not None else fmt.MISSING,
                _range(s.get("roi_low"), s.get("roi_high"), lang, lambda v: fmt.percent(v, 1))
                if roi is not None
                else t("cr_card_roi_no_costs", lang)
                if not costs
                else None,
                _sign_color(roi),
                help=help_text("roi", "costs", "margin_rate", "net_incremental_after_refunds", lang=lang),
            )
        )
    target = number(s.get("target"))
    cards.append(
        Card(
            "attainment",
            t("cr_card_attainment", lang),
            fmt.percent(s.get("attainment"), 1) if target else fmt.MISSING,
            t("cr_card_attainment_delta", lang, target=fmt.money(target, lang))
            if target
            else t("cr_card_no_target", lang),
            help=help_text("attainment", "target", lang=lang),
        )
    )
    cards.append(
        Card(
            "new_buyer_share",
            t("cr_card_new_buyers", lang),
            fmt.percent(s.get("new_buyer_share"), 1),
            t("cr_card_new_buyers_delta", lang, n=fmt.count(s.get("new_buyers")))
            if number(s.get("new_buyers")) is not None
            else None,
            help=help_text("new_buyer_share", "new_buyers", lang=lang),
        )
    )
    if has_baseline(s) and s.get("scope") == "skus" and number(s.get("cannibalisation")) is not None:
        cards.append(
            Card(
                "cannibalisation",
                t("cr_card_cannibal", lang),
                signed_money(s.get("cannibalisation"), lang),
                _range(s.get("cannibalisation_low"), s.get("cannibalisation_high"), lang),
                _sign_color(s.get("cannibalisation")),
                help=help_text("cannibalisation", lang=lang),
            )
        )
    return cards


def cards_caption(summary: dict, lang: str = "zh") -> str:
    """The line under the cards: the dips, the net incremental after refunds, the costs and margin used."""
    s = summary
    parts = []
    if has_baseline(s):
        parts.append(
            t(
                "cr_caption_dips",
                lang,
                pre=signed_money(s.get("pre_dip"), lang),
                post=signed_money(s.get("post_dip"), lang),
            )
        )
        if number(s.get("net_incremental_after_refunds")) is not None:
            parts.append(
                t(
                    "cr_caption_after_refunds",
                    lang,
                    amount=signed_money(s.get("net_incremental_after_refunds"), lang),
                )
            )
    if number(s.get("costs")):
        parts.append(
            t(
                "cr_caption_costs",
                lang,
                costs=fmt.money(s.get("costs"), lang),
                margin=fmt.percent(s.get("margin_rate"), 0),
                source=t(f"cr_margin_{s.get('margin_source')}", lang) if s.get("margin_source") else "",
            )
        )
    return " · ".join(parts)


def headline(summary: dict, lang: str = "zh") -> str:
    """'双十一 · 2026-11-01 – 11-11 · 全店 · 数据截至 2026-11-26'."""
    s = summary
    scope = (
        t("cr_scope_skus", lang, n=s.get("sku_count") or 0)
        if s.get("scope") == "skus"
        else t("cr_scope_store", lang)
    )
    days = date_span(s.get("first_day"), s.get("last_day"))
    parts = [str(s.get("campaign_type") or ""), t("cr_campaign_days", lang, days=days), scope]
    if s.get("as_of"):
        parts.append(t("cr_as_of", lang, as_of=_text(s.get("as_of"))))
    return " · ".join(p for p in parts if p)


def presale_figures(summary: dict) -> bool:
    """Whether the campaign had presale orders (deposits)."""
    return (number(summary.get("presale_deposit_orders")) or 0) > 0


# ---- the tables ----

PHASE_COLUMNS = ["phase", "starts_at", "ends_at", "is_sale_phase", "gmv", "orders", "buyers", "units"]
DAILY_COLUMNS = [
    "date", "window", "phase", "other_campaign", "actual_gmv", "baseline_gmv", "baseline_low", "baseline_high",
    "incremental_gmv", "orders", "buyers", "units", "store_gmv", "rest_gmv", "rest_baseline",
]  # fmt: skip
PRESALE_COLUMNS = [
    "date", "deposit_orders", "deposit_amount", "deposits_completed", "forfeited_orders", "forfeited_deposits",
    "balance_paid_orders", "balance_paid_gmv",
]  # fmt: skip
SKU_COLUMNS = [
    "sku",
    "participating",
    "actual_gmv",
    "actual_units",
    "baseline_gmv",
    "incremental_gmv",
    "lift",
]
TEXT_UNITS = ("text", "date")
WINDOWS = ("baseline", "pre", "campaign", "post")


def _text(value: object) -> str | None:
    """A text cell: dates as YYYY-MM-DD, times as YYYY-MM-DD HH:MM:SS, missing as None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.datetime):  # pandas Timestamps too; a bare midnight is a date
        return f"{value:%Y-%m-%d}" if value.time() == dt.time() else f"{value:%Y-%m-%d %H:%M:%S}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def table(
    frame: pd.DataFrame | None, columns: list[str], lang: str = "zh", *, drop_empty: tuple = ()
) -> pd.DataFrame:
    """A metric frame for display or download: the listed columns that exist, numbers as floats (missing
    stays missing, ratios stay fractions), dates and times as text, flags as bool; headers in `lang`.
    Columns in `drop_empty` are left out when they hold no value at all."""
    frame = frame if frame is not None else pd.DataFrame(columns=columns)
    present = [c for c in columns if c in frame.columns]
    present = [c for c in present if c not in drop_empty or not frame[c].map(_is_missing).all()]
    out = pd.DataFrame(index=frame.index)
    for column in present:
        values = frame[column]
        unit = review_unit(column)
        if column == "window":
            out[column] = [t(f"cr_window_{v}", lang) if v in WINDOWS else _text(v) for v in values]
        elif column in ("is_sale_phase", "participating"):
            out[column] = values.astype("boolean")
        elif column in ("starts_at", "ends_at"):
            out[column] = [None if _is_missing(v) else f"{pd.Timestamp(v):%Y-%m-%d %H:%M:%S}" for v in values]
        elif unit in TEXT_UNITS or column in ("date", "phase", "other_campaign", "sku"):
            out[column] = [_text(v) for v in values]
        else:
            out[column] = pd.to_numeric(values.map(number), errors="coerce").astype("float64")
    out = out.reset_index(drop=True)
    return out.rename(columns={c: review_label(c, lang) for c in present})


def column_units(shown: pd.DataFrame, columns: list[str], lang: str = "zh") -> dict[str, str]:
    """The unit of each labelled column of a `table` (for the page's number formats)."""
    by_label = {review_label(c, lang): review_unit(c) for c in columns}
    return {c: by_label.get(c, "text") for c in shown.columns}


def column_help(shown: pd.DataFrame, columns: list[str], lang: str = "zh") -> dict[str, str]:
    """The 口径 of each labelled column of a `table` (for column tooltips)."""
    by_label = {review_label(c, lang): review_definition(c, lang) for c in columns}
    return {c: by_label[c] for c in shown.columns if by_label.get(c)}


def skus_split(skus: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(participants, the rest), each in the metric's order (participants first, then by campaign GMV)."""
    if skus is None or skus.empty or "participating" not in skus.columns:
        empty = skus.iloc[0:0] if skus is not None else pd.DataFrame(columns=SKU_COLUMNS)
        return (skus if skus is not None else empty), empty
    flag = skus["participating"].fillna(False).astype(bool)
    return skus[flag], skus[~flag]


# ---- the comparison ----

COMPARE_FIGURES = [
    "first_day", "gmv", "orders", "buyers", "baseline", "incremental", "lift", "net_incremental",
    "net_incremental_after_refunds", "refund_rate", "new_buyer_share", "presale_deposit_orders",
    "balance_payment_rate", "target", "attainment", "costs", "roi", "baseline_status",
]  # fmt: skip
EDITIONS = ("this", "last_year", "previous")


def _shown(key: str, value: object, lang: str) -> str:
    unit = review_unit(key)
    if key == "baseline_status":
        return t(f"cr_status_{value}", lang) if value in ("ok", "too_little_history") else fmt.MISSING
    if unit == "yuan":
        return (
            fmt.money(value, lang)
            if key not in ("incremental", "net_incremental", "net_incremental_after_refunds")
            else signed_money(value, lang)
        )
    if unit == "fraction":
        return fmt.percent(value, 1)
    if unit == "count":
        return fmt.count(value)
    text = _text(value)
    return text if text else fmt.MISSING


def comparison_editions(comparison: pd.DataFrame | None) -> list[tuple[str, dict]]:
    """(edition key, summary row) of each edition to show: 'this', then 'last_year' and 'previous'; when both
    are the same campaign, one column 'last_year_previous'."""
    if comparison is None or comparison.empty:
        return []
    rows = {r["edition"]: r for r in comparison.to_dict("records")}
    out = [(e, rows[e]) for e in EDITIONS if e in rows]
    ids = {e: r.get("campaign_id") for e, r in out}
    if "last_year" in ids and ids.get("previous") == ids["last_year"]:
        out = [(("last_year_previous" if e == "last_year" else e), r) for e, r in out if e != "previous"]
    return out


def comparison_table(comparison: pd.DataFrame | None, lang: str = "zh") -> pd.DataFrame:
    """Figures as rows, editions as columns ('本次：2026双十一', '去年同期：2025双十一', …), values as text."""
    editions = comparison_editions(comparison)
    if len(editions) < 2:
        return pd.DataFrame()
    what = t("cr_compare_figure", lang)
    rows = []
    for key in COMPARE_FIGURES:
        row = {what: review_label(key, lang)}
        for edition, summary in editions:
            row[
                t(
                    "cr_edition_column",
                    lang,
                    edition=t(f"cr_edition_{edition}", lang),
                    name=summary.get("name"),
                )
            ] = (
                _shown(key, summary.get(key), lang)
                if key
                not in (
                    "incremental",
                    "lift",
                    "net_incremental",
                    "net_incremental_after_refunds",
                    "roi",
                    "baseline",
                )
                or summary.get("baseline_status") == "ok"
                else fmt.MISSING
            )
        rows.append(row)
    return pd.DataFrame(rows)


def comparison_pack(comparison: pd.DataFrame | None) -> pd.DataFrame:
    """The comparison for the review pack: figures as rows (Chinese labels), editions as columns, raw values."""
    editions = comparison_editions(comparison)
    if not editions:
        return pd.DataFrame(columns=[t("cr_compare_figure", "zh")])
    what = t("cr_compare_figure", "zh")
    rows = []
    for key in COMPARE_FIGURES:
        row = {what: review_label(key, "zh")}
        for edition, summary in editions:
            column = t(
                "cr_edition_column", "zh", edition=t(f"cr_edition_{edition}", "zh"), name=summary.get("name")
            )
            row[column] = _cell_value(summary.get(key))
        rows.append(row)
    return pd.DataFrame(rows)


# ---- notes: the metric writes them in English; the page shows them in Chinese ----

NOTE_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^as_of (?P<as_of>\S+) is after the store's last sale (?P<last>\S+): figures end there$"), "note_after_last_sale"),
    (re.compile(r"^as_of (?P<as_of>\S+) is before the campaign's last day (?P<last>\S+): partial figures$"), "note_partial"),
    (re.compile(r"^post window cut at as_of (?P<as_of>\S+) \((?P<n>\d+) of (?P<m>\d+) days\)$"), "note_post_cut"),
    (re.compile(r"^too little history for a baseline: (?P<n>\d+) clean days before the campaign \(at least (?P<m>\d+) needed\)"), "note_too_little_history"),
    (re.compile(r"^baseline fitted on (?P<n>\d+) clean days \(asked (?P<m>\d+)\)$"), "note_fit_days"),
    (re.compile(r"^no sales on the campaign days$"), "note_no_sales"),
    (re.compile(r"^(?P<n>\d+) presale orders show no deposit amount"), "note_no_deposit_amount"),
    (re.compile(r"^days of other campaigns in the pre/post windows are left out of the dips$"), "note_other_days"),
    (re.compile(r"^refunds within 7/15/30 days: not available"), "note_refund_timing"),
    (re.compile(r"^no margin rate set: ROI uses the default (?P<rate>\S+)$"), "note_default_margin"),
    (re.compile(r"^no campaign costs recorded: no ROI$"), "note_no_costs"),
]  # fmt: skip


def note_text(note: str, lang: str = "zh") -> str:
    """A note of the review in `lang`: the known sentences translated, any other shown as written."""
    text = str(note).strip()
    if lang != "zh":
        return text
    for pattern, key in NOTE_PATTERNS:
        found = pattern.match(text)
        if found:
            return t(key, "zh", **found.groupdict())
    return text


def notes(summary: dict, lang: str = "zh") -> list[str]:
    """The review's notes in `lang`, without repeats."""
    raw = summary.get("notes") or []
    if isinstance(raw, str):
        raw = [part for part in raw.split("; ") if part]
    return list(dict.fromkeys(note_text(n, lang) for n in raw))


# ---- the review pack ----

PACK_SHEETS = ("汇总", "分阶段", "每日", "预售", "商品", "对比")
SUMMARY_SKIP = ("notes",)


def _cell_value(value: object) -> object:
    """A summary value for a spreadsheet cell: numbers and dates as they are, lists joined, missing empty."""
    if isinstance(value, list | tuple):
        return "；".join(str(v) for v in value)
    if _is_missing(value):
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def summary_pack(summary: dict) -> pd.DataFrame:
    """The summary as rows: 项目 (Chinese label), 数值 (raw: money in yuan, ratios as fractions), 口径; the
    notes last, in Chinese."""
    rows = [
        {
            "项目": review_label(key, "zh"),
            "数值": _cell_value(value),
            "口径": review_definition(key, "zh") or None,
        }
        for key, value in summary.items()
        if key not in SUMMARY_SKIP and not key.startswith("_")
    ]
    for note in notes(summary, "zh"):
        rows.append({"项目": t("cr_notes_title", "zh"), "数值": note, "口径": None})
    return pd.DataFrame(rows, columns=["项目", "数值", "口径"])


def pack_frames(review, comparison: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The review pack's sheets (PACK_SHEETS), each with Chinese headers and raw values."""
    participants, rest = skus_split(review.skus)
    skus = pd.concat([participants, rest]) if not rest.empty else participants
    return {
        "汇总": summary_pack(review.summary),
        "分阶段": table(review.phases, PHASE_COLUMNS, "zh"),
        "每日": table(review.timeline, DAILY_COLUMNS, "zh", drop_empty=("rest_gmv", "rest_baseline")),
        "预售": table(review.presale, PRESALE_COLUMNS, "zh"),
        "商品": table(skus, SKU_COLUMNS, "zh"),
        "对比": comparison_pack(comparison),
    }


def workbook_bytes(sheets: dict[str, pd.DataFrame], *, text_columns: tuple = ()) -> bytes:
    """Several frames as one .xlsx, a sheet each (in order): header row, values with numbers as numbers,
    every cell through connectors.safe_export.safe_cell (text starting with = + - @ becomes '…)."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        sheet = book.create_sheet(title=str(name)[:31])
        headers = [safe_cell(str(c)) for c in frame.columns]
        sheet.append(headers)
        rows = []
        for values in frame.itertuples(index=False, name=None):
            row = [safe_cell(_cell_value(v)) for v in values]
            row = [v.replace(tzinfo=None) if isinstance(v, dt.datetime) else v for v in row]
            rows.append(row)
            sheet.append(row)
        for index, column in enumerate(frame.columns, start=1):
            if column in text_columns:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "@"
        for index, header in enumerate(headers, start=1):
            sample = [len(str(r[index - 1])) for r in rows[:200] if r[index - 1] is not None]
            width = max([len(str(header)) * 2, *sample])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def review_pack_bytes(review, comparison: pd.DataFrame | None = None) -> bytes:
    """The one-click review pack: 汇总, 分阶段, 每日, 预售, 商品, 对比 (Chinese headers, formula-safe)."""
    return workbook_bytes(pack_frames(review, comparison))


def pack_file_name(summary: dict) -> str:
    """活动复盘_<name>_<as_of>.xlsx, without characters a file name cannot hold."""
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", str(summary.get("name") or "campaign")).strip("_") or "campaign"
    as_of = summary.get("as_of")
    stamp = f"_{as_of:%Y%m%d}" if isinstance(as_of, dt.date) else ""
    return f"{t('cr_download_file', 'zh', name=name)}{stamp}.xlsx"
