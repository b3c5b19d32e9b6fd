"""活动日历 editor logic: the form a campaign is edited in (new, from a stored campaign, from the Double 11 /
618 templates), what a save sends to campaigns.save_campaign, the rejections as a table naming the phase row
and column, confirming a candidate day as a 聚划算 campaign; and the writes, each through the one write
funnel (ui.cached.write_cursor). campaigns/ validates the whole campaign and bumps the data version, so every
cached figure refreshes after a write.

The form is a plain dict (kept in st.session_state by the page): campaign_id (None for a new one), name,
campaign_type, phases (DataFrame phase, starts_at, ends_at with the times as text 'YYYY-MM-DD HH:MM:SS'),
skus (text, codes separated by , or 、; CODE=45% gives a SKU its own margin), gmv_target, slot_fee,
ad_spend, coupon_cost (yuan, None when empty), commission_pct and margin_pct (percent numbers: 5 = 5%; None
when empty).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from campaigns import CAMPAIGN_TYPES, PHASES  # noqa: F401  (the editor's choices)
from ui import cached
from ui.i18n import t
from ui.pacing import number
from ui.planning import default_author  # noqa: F401  (the editor records who saved, like the plan page)

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
PHASE_COLUMNS = ["phase", "starts_at", "ends_at"]
MONEY_FIELDS = ("gmv_target", "slot_fee", "ad_spend", "coupon_cost")
PERCENT_FIELDS = {"commission_pct": "commission_rate", "margin_pct": "margin_rate"}
TEMPLATES = ("double11", "six18")
CANDIDATE_TYPE = "聚划算"
CANDIDATE_PHASE = "活动"


def _time_text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return value.strip() or None
    return f"{pd.Timestamp(value):{TIME_FORMAT}}"


def phases_frame(phases: Sequence | pd.DataFrame | None = None) -> pd.DataFrame:
    """Phases for the editor: phase, starts_at, ends_at (times as text), from PhaseWindows, tuples or a
    frame with those columns."""
    if phases is None:
        rows = []
    elif isinstance(phases, pd.DataFrame):
        rows = phases.reindex(columns=PHASE_COLUMNS).to_dict("records")
    else:
        rows = []
        for p in phases:
            if isinstance(p, dict):
                rows.append(p)
            elif hasattr(p, "phase"):
                rows.append({"phase": p.phase, "starts_at": p.starts_at, "ends_at": p.ends_at})
            else:
                rows.append(dict(zip(PHASE_COLUMNS, p, strict=False)))
    frame = pd.DataFrame(
        {
            "phase": [r.get("phase") for r in rows],
            "starts_at": [_time_text(r.get("starts_at")) for r in rows],
            "ends_at": [_time_text(r.get("ends_at")) for r in rows],
        },
        columns=PHASE_COLUMNS,
    )
    return frame.astype({"phase": "string", "starts_at": "string", "ends_at": "string"})


def blank_form(campaign_type: str = "店铺活动") -> dict:
    """A new campaign: no name, one empty phase row."""
    return {
        "campaign_id": None,
        "name": "",
        "campaign_type": campaign_type,
        "phases": phases_frame([{"phase": "活动", "starts_at": None, "ends_at": None}]),
        "skus": "",
        **dict.fromkeys(MONEY_FIELDS),
        **dict.fromkeys(PERCENT_FIELDS),
    }


def template_form(kind: str, year: int) -> dict:
    """A new Double 11 ('double11') or 618 ('six18') campaign of `year` with the template's phases, named
    like the calendar template does ('2026双十一', '2026 618')."""
    from campaigns import double11_template, six18_template

    year = int(year)
    if kind == "double11":
        form = blank_form("双十一")
        form.update(name=f"{year}双十一", phases=phases_frame(double11_template(year)))
    elif kind == "six18":
        form = blank_form("618")
        form.update(name=f"{year} 618", phases=phases_frame(six18_template(year)))
    else:
        raise ValueError(f"unknown template {kind!r}; expected one of {TEMPLATES}")
    return form


def _percent(rate: object) -> float | None:
    value = number(rate)
    return None if value is None else round(value * 100, 4)


def form_from_detail(detail) -> dict:
    """The form for a stored campaign (campaigns.read.CampaignDetail)."""
    row = detail.campaign
    form = blank_form(row.get("campaign_type") or "其他")
    form.update(
        campaign_id=int(row["campaign_id"]),
        name=row.get("name") or "",
        phases=phases_frame(detail.phases),
        skus="、".join(
            str(sku) if pd.isna(margin) else f"{sku}={_percent(margin):g}%"
            for sku, margin in zip(detail.skus["sku"], detail.skus["margin_rate"], strict=True)
        ),
    )
    for field in MONEY_FIELDS:
        form[field] = number(row.get(field))
    for field, column in PERCENT_FIELDS.items():
        form[field] = _percent(row.get(column))
    return form


def _blank(value: object) -> bool:
    return (
        value is None
        or value is pd.NA
        or (isinstance(value, float) and pd.isna(value))
        or (isinstance(value, str) and not value.strip())
    )


def save_arguments(
    store: str, form: dict, phases: pd.DataFrame | None = None
) -> tuple[dict, list[dict], list[str]]:
    """(campaign, phases, skus) for campaigns.save_campaign from the form (and the edited phase table).
    Values go as the user typed them (percentages as '5%'); the writer validates and names what is wrong.
    Phase rows left wholly empty are dropped (a data editor's spare row)."""
    campaign: dict[str, object] = {"store": store, "name": (form.get("name") or "").strip()}
    if form.get("campaign_id") is not None:
        campaign["campaign_id"] = int(form["campaign_id"])
    campaign["campaign_type"] = form.get("campaign_type")
    for field in MONEY_FIELDS:
        campaign[field] = None if _blank(form.get(field)) else form[field]
    for field, column in PERCENT_FIELDS.items():
        value = form.get(field)
        campaign[column] = (
            None if _blank(value) else f"{number(value) if number(value) is not None else value}%"
        )
    frame = phases if phases is not None else form.get("phases")
    rows = []
    for record in frame.to_dict("records") if frame is not None else []:
        if all(_blank(record.get(c)) for c in PHASE_COLUMNS):
            continue
        rows.append({c: None if _blank(record.get(c)) else record.get(c) for c in PHASE_COLUMNS})
    from campaigns.fields import parse_skus

    try:
        skus = list(parse_skus(form.get("skus") or "").items())
    except Exception:  # a too-long code or a bad margin: let the writer name it
        skus = [form.get("skus")]
    return campaign, rows, skus


def rejections_table(rejected: Sequence, lang: str | None = None) -> pd.DataFrame:
    """The writer's rejected rows: which phase row (its position in the table, '—' for the campaign as a
    whole), the column, the reason and the value."""
    rows = [
        {
            t("cal_col_row", lang): t("cal_phase_row", lang, n=r.line) if r.line else "—",
            t("col_column", lang): r.column,
            t("col_reason", lang): r.reason,
            t("col_value", lang): r.value,
        }
        for r in rejected
    ]
    columns = [t(k, lang) for k in ("cal_col_row", "col_column", "col_reason", "col_value")]
    return pd.DataFrame(rows, columns=columns)


CALENDAR_COLUMNS = [
    "name", "campaign_type", "starts_at", "ends_at", "phases", "skus", "gmv_target", "slot_fee",
    "commission_rate", "ad_spend", "coupon_cost", "margin_rate", "source", "updated_by",
]  # fmt: skip
CANDIDATE_COLUMNS = [
    "date", "kind", "skus", "sku_units", "volume_ratio", "price_drop", "sku_gmv", "store_gmv", "evidence",
]  # fmt: skip


def calendar_table(calendar: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """The calendar for display: name, type, start, end, phases, SKUs (or 全店), target and costs, source,
    who saved it; headers in `lang`."""
    from ui.campaign_review import review_label

    columns = CALENDAR_COLUMNS
    if calendar is None or calendar.empty:
        return pd.DataFrame(columns=[review_label(c, lang or "zh") for c in columns])
    frame = calendar.reindex(columns=columns).copy()
    for column in ("starts_at", "ends_at"):
        frame[column] = [_time_text(v) for v in frame[column]]
    frame["skus"] = ["、".join(s) if len(s) else t("cand_store_wide", lang) for s in frame["skus"]]
    for column in ("gmv_target", "slot_fee", "ad_spend", "coupon_cost", "commission_rate", "margin_rate"):
        frame[column] = pd.to_numeric(frame[column].map(number), errors="coerce").astype("float64")
    frame["source"] = [t(f"cal_source_{s}", lang) if s else None for s in frame["source"]]
    return frame.rename(columns={c: review_label(c, lang or "zh") for c in columns}).reset_index(drop=True)


def calendar_template(store: str, year: int) -> pd.DataFrame:
    """The calendar file template (campaigns.template_frame) with example rows for `store` in `year`."""
    from campaigns import template_frame

    return template_frame(store, year)


def template_xlsx(frame: pd.DataFrame) -> bytes:
    from campaigns import template_xlsx_bytes

    return template_xlsx_bytes(frame)


def template_csv(frame: pd.DataFrame) -> bytes:
    from campaigns import template_csv_bytes

    return template_csv_bytes(frame)


# ---- candidates ----


def candidate_name(day: dt.date) -> str:
    """The default name of a confirmed candidate: '聚划算 2026-08-14' (a name, so it stays Chinese)."""
    return f"{CANDIDATE_TYPE} {pd.Timestamp(day):%Y-%m-%d}"


def open_candidates(candidates: pd.DataFrame | None, limit: int = 20) -> tuple[pd.DataFrame, int, int]:
    """(the unconfirmed candidates, newest first, at most `limit`; how many more there are; how many are
    already in the calendar)."""
    if candidates is None or candidates.empty:
        return pd.DataFrame(columns=list(candidates.columns) if candidates is not None else []), 0, 0
    confirmed = candidates["in_calendar"].map(lambda v: isinstance(v, str) and bool(v))
    open_rows = candidates[~confirmed].sort_values("date", ascending=False)
    return open_rows.head(limit).reset_index(drop=True), max(len(open_rows) - limit, 0), int(confirmed.sum())


def candidate_arguments(
    store: str, day: dt.date, skus: Sequence[str], name: str | None = None
) -> tuple[dict, list[dict], list[str]]:
    """(campaign, phases, skus) of a confirmed candidate: a 聚划算 with one '活动' phase covering the day
    (00:00:00 – 23:59:59, Beijing time) and the day's SKUs (none: the whole store)."""
    day = pd.Timestamp(day).date()
    start = dt.datetime.combine(day, dt.time())
    end = dt.datetime.combine(day, dt.time(23, 59, 59))
    campaign = {
        "store": store,
        "name": (name or "").strip() or candidate_name(day),
        "campaign_type": CANDIDATE_TYPE,
    }
    phases = [{"phase": CANDIDATE_PHASE, "starts_at": start, "ends_at": end}]
    return campaign, phases, [str(s) for s in skus or ()]


def candidates_table(candidates: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """The open candidates for display: date, SKUs, units vs baseline, price drop, GMV, evidence."""
    from ui.campaign_review import review_label

    columns = CANDIDATE_COLUMNS
    frame = candidates.reindex(columns=columns).copy()
    frame["date"] = [f"{pd.Timestamp(d):%Y-%m-%d}" for d in frame["date"]]
    frame["skus"] = ["、".join(s) if len(s) else t("cand_store_wide", lang) for s in frame["skus"]]
    frame["kind"] = [t(f"cand_kind_{k}", lang) if k in ("sku", "store", "item") else k for k in frame["kind"]]
    for column in ("sku_units", "volume_ratio", "price_drop", "sku_gmv", "store_gmv"):
        frame[column] = pd.to_numeric(frame[column].map(number), errors="coerce").astype("float64")
    lang_ = lang or "zh"
    frame["evidence"] = [_evidence_in(e, lang_) for e in frame["evidence"]]
    return frame.rename(columns={c: review_label(c, lang_) for c in columns}).reset_index(drop=True)


def _evidence_in(evidence: object, lang: str) -> str | None:
    """The candidate's evidence in one language (the metric writes 'Chinese / English')."""
    if not isinstance(evidence, str):
        return None
    zh, _, en = evidence.partition(" / ")
    return (zh if lang == "zh" else en or zh).strip()


# ---- writes: one funnel, the write cursor ----


def save(store: str, form: dict, phases: pd.DataFrame | None, *, author: str, source: str = "editor"):
    """campaigns.save_campaign through the write funnel; returns its SaveResult (rejected rows, or the id)."""
    from campaigns import save_campaign

    campaign, rows, skus = save_arguments(store, form, phases)
    with cached.write_cursor() as cur:
        return save_campaign(cur, campaign, rows, skus, author=author or None, source=source)


def confirm_candidate(store: str, day: dt.date, skus: Sequence[str], name: str | None, *, author: str):
    """Save a candidate day as a 聚划算 campaign (source 'candidate'); returns the SaveResult."""
    from campaigns import save_campaign

    campaign, phases, codes = candidate_arguments(store, day, skus, name)
    with cached.write_cursor() as cur:
        return save_campaign(cur, campaign, phases, codes, author=author or None, source="candidate")


def delete(campaign_id: int) -> bool:
    """campaigns.delete_campaign through the write funnel; False when it was already gone."""
    from campaigns import delete_campaign

    with cached.write_cursor() as cur:
        return delete_campaign(cur, int(campaign_id))


def detail(campaign_id: int):
    """campaigns.campaign_detail (read fresh: the editor must start from what is stored now)."""
    from campaigns import campaign_detail

    with cached.read_cursor() as cur:
        return campaign_detail(cur, int(campaign_id))


def store_margin_pct(store: str) -> float:
    """The store's default 毛利率 in percent (campaigns.store_margin_rate; its assumption when none is set)."""
    from campaigns import store_margin_rate

    with cached.read_cursor() as cur:
        return round(store_margin_rate(cur, store) * 100, 4)


def set_store_margin(store: str, pct: float | None, *, author: str) -> None:
    """Set (None: remove) the store's default 毛利率 from a percentage, through the write funnel."""
    from campaigns import set_store_setting

    value = None if pct is None else f"{pct}%"
    with cached.write_cursor() as cur:
        set_store_setting(cur, store, "margin_rate", value, author or None)
