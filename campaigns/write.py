"""The only writer of the campaign calendar: campaigns, their phases and SKUs, and per-store settings.

A campaign is keyed by store and name; saving one again replaces its values, phases and SKUs (its
campaign_id stays). A save is validated whole first: one bad row and nothing is written, every problem is
listed with its line and column. Writes run in one transaction under db.WRITE_LOCK, bump the data version,
roll back explicitly on error and are read back after COMMIT.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

import db
from campaigns.fields import (
    CAMPAIGN_VALUES,
    FIELD_HEADERS,
    HEADER_FIELDS,
    SINGLE_PHASE,
    VALUE_PARSERS,
    BadValue,
    PhaseWindow,
    is_missing,
    parse_name,
    parse_phase,
    parse_rate,
    parse_skus,
    parse_time,
    same_value,
    window_text,
)
from connectors.result import RejectedRow, SaveCounts

SOURCES = ("editor", "file", "template", "candidate")
# Settings a store may override, each with its parser (the value is stored as text).
STORE_SETTINGS = {"margin_rate": parse_rate}
SECOND = dt.timedelta(seconds=1)


class CampaignValueError(ValueError):
    """A setting or deletion that cannot be done; the message says why (Chinese / English)."""


class CampaignWriteFailed(RuntimeError):
    """The campaign rows read back after COMMIT are not the rows the save wrote."""


@dataclass
class SaveResult(SaveCounts):
    """What a save did, counted per campaign; `campaign_ids` maps (store, name) to the id in force."""

    campaign_ids: dict[tuple[str, str], int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Row:
    """One phase row after parsing its cells (None where a cell was bad)."""

    line: int
    store: str | None
    name: str | None
    window: PhaseWindow | None
    skus: dict[str, float | None] | None  # code -> its own 毛利率; None: the cell was empty or absent
    values: dict[str, object]  # campaign-level values this row gives
    raw: dict[str, object]


@dataclass
class _Campaign:
    """One campaign ready to write."""

    store: str
    name: str
    values: dict[str, object]
    phases: list[PhaseWindow]
    skus: dict[str, float | None]
    campaign_id: int | None = None  # the campaign an editor save edits (it may be renamed)


# ----------------------------------------------------------------------------- validation


def _records(rows) -> list[dict]:
    """Rows as dicts keyed by field name (the Chinese template headers are accepted too)."""
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else [dict(r) for r in rows]
    return [{HEADER_FIELDS.get(str(k), k): v for k, v in r.items()} for r in records]


def _store_lookup(conn) -> dict[str, str]:
    """Store key by the names a calendar may use: the store itself, or its platform shop name when unique."""
    rows = conn.execute("SELECT store, shop_name FROM stores").fetchall()
    lookup = {store: store for store, _ in rows}
    by_shop: dict[str, set[str]] = {}
    for store, shop_name in rows:
        if shop_name:
            by_shop.setdefault(shop_name, set()).add(store)
    for name, stores in by_shop.items():
        if name not in lookup and len(stores) == 1:
            lookup[name] = next(iter(stores))
    return lookup


class _Problems:
    """Collects rejected rows for one file (or one editor save)."""

    def __init__(self, file: str):
        self.file = file
        self.rows: list[RejectedRow] = []

    def add(self, line: int | None, name: str, reason: str, value: object = None) -> None:
        shown = None if is_missing(value) else str(value)
        self.rows.append(RejectedRow(self.file, line, FIELD_HEADERS.get(name, name), reason, shown))


def _parse_row(
    record: dict, line: int, stores: dict[str, str], problems: _Problems, notes: list[str]
) -> _Row:
    """Parse the cells of one phase row; bad cells become problems and None values."""
    before = len(problems.rows)
    raw_store = record.get("store")
    store = None
    if is_missing(raw_store) or not str(raw_store).strip():
        problems.add(line, "store", "必填值为空 / required value is empty", raw_store)
    else:
        store = stores.get(str(raw_store).strip())
        if store is None:
            problems.add(
                line,
                "store",
                "未知店铺：请先导入该店铺的订单报表，或检查店铺名称 / unknown store: import its orders first",
                raw_store,
            )
    parsed: dict[str, object] = {}
    for name, parser in (
        ("name", parse_name),
        ("phase", parse_phase),
        ("starts_at", lambda v: parse_time(v, end=False)),
        ("ends_at", lambda v: parse_time(v, end=True)),
        ("skus", parse_skus),
    ):
        try:
            parsed[name] = parser(record.get(name))
        except BadValue as exc:
            problems.add(line, name, str(exc), record.get(name))
    values: dict[str, object] = {}
    for name in CAMPAIGN_VALUES:
        if is_missing(record.get(name)):
            continue
        try:
            values[name] = VALUE_PARSERS[name](record[name])
        except BadValue as exc:
            problems.add(line, name, str(exc), record[name])
    window = None
    start, end = parsed.get("starts_at"), parsed.get("ends_at")
    if start is not None and end is not None:
        if end <= start:
            hint = "；如指当天全天，结束时间请写 23:59:59" if end.time() == dt.time() else ""
            problems.add(
                line,
                "ends_at",
                f"结束时间不晚于开始时间 {start:%Y-%m-%d %H:%M:%S}{hint}"
                f" / the end is not after the start {start:%Y-%m-%d %H:%M:%S}",
                record.get("ends_at"),
            )
        elif "phase" in parsed:
            window = PhaseWindow(parsed["phase"], start, end)
            if end.time() == dt.time():
                notes.append(
                    f"第 {line} 行结束时间为 {end:%Y-%m-%d} 00:00:00，只含该日第一秒；如指全天请写 23:59:59"
                    f" / line {line} ends at 00:00:00, the first second of that day"
                )
    skus = parsed.get("skus") or None
    ok = len(problems.rows) == before
    raw = {name: record.get(name) for name in (*CAMPAIGN_VALUES, "skus", "phase")}
    return _Row(line, store, parsed.get("name"), window if ok else None, skus, values, raw)


def _check_agreement(rows: list[_Row], problems: _Problems) -> dict[str, object]:
    """The campaign-level values of a campaign's rows: every row giving one must give the same."""
    values: dict[str, object] = dict.fromkeys(CAMPAIGN_VALUES)
    first: dict[str, int] = {}
    for row in rows:
        for name, value in row.values.items():
            if name not in first:
                first[name], values[name] = row.line, value
            elif not same_value(name, values[name], value):
                problems.add(
                    row.line,
                    name,
                    f"与第 {first[name]} 行不一致（同一活动各阶段的{FIELD_HEADERS[name]}须相同，可只填一行）"
                    f" / differs from line {first[name]} (the phases of one campaign share it)",
                    row.raw[name],
                )
    if values["campaign_type"] is None and all(is_missing(r.raw["campaign_type"]) for r in rows):
        problems.add(
            rows[0].line,
            "campaign_type",
            "必填值为空（同一活动至少一行填写）/ required value is empty (give it on one row at least)",
        )
    return values


def _check_skus(rows: list[_Row], problems: _Problems) -> dict[str, float | None]:
    """The campaign's SKUs with their own 毛利率: every row giving them must give the same."""
    chosen: dict[str, float | None] = {}
    first = None
    for row in rows:
        if row.skus is None:
            continue
        if first is None:
            first, chosen = row.line, row.skus
        elif row.skus != chosen:
            problems.add(
                row.line,
                "skus",
                f"与第 {first} 行不一致（同一活动各阶段的商品编码须相同，可只填一行）"
                f" / differs from line {first} (the phases of one campaign share their SKUs)",
                row.raw["skus"],
            )
    return chosen


def _check_phases(rows: list[_Row], problems: _Problems) -> list[PhaseWindow]:
    """The campaign's phases: each at most once, '活动' alone, and no two windows overlapping."""
    seen: dict[str, int] = {}
    kept: list[tuple[int, PhaseWindow]] = []
    for row in rows:
        if row.window is None:
            continue
        phase = row.window.phase
        if phase in seen:
            problems.add(
                row.line,
                "phase",
                f"与第 {seen[phase]} 行重复（同一活动每个阶段只能有一行）"
                f" / duplicate of line {seen[phase]} (one row per phase of a campaign)",
                row.raw["phase"],
            )
            continue
        seen[phase] = row.line
        kept.append((row.line, row.window))
    if SINGLE_PHASE in seen and len(seen) > 1:
        problems.add(
            seen[SINGLE_PHASE],
            "phase",
            "“活动”表示单阶段活动，不能与其他阶段同时出现 / '活动' is a one-phase campaign; it cannot have other phases",
            SINGLE_PHASE,
        )
    latest: tuple[int, PhaseWindow] | None = None
    for line, window in sorted(kept, key=lambda item: (item[1].starts_at, item[0])):
        if latest is not None and window.starts_at <= latest[1].ends_at:
            other = latest[1]
            problems.add(
                line,
                "starts_at",
                f"与第 {latest[0]} 行的阶段（{window_text(other)}）重叠；两端都包含在内，"
                f"前一阶段请在 {window.starts_at - SECOND:%Y-%m-%d %H:%M:%S} 前结束"
                f" / overlaps line {latest[0]} ({window_text(other)}); both ends are inclusive",
                f"{window.starts_at:%Y-%m-%d %H:%M:%S}",
            )
        if latest is None or window.ends_at > latest[1].ends_at:
            latest = (line, window)
    return [window for _, window in kept]


def _known_skus(conn, store: str, skus: list[str]) -> set[str]:
    """The SKUs of `skus` seen in the store's order lines or stock snapshots."""
    rows = conn.execute(
        "SELECT DISTINCT sku FROM order_lines WHERE store = $store AND list_contains($skus, sku) "
        "UNION SELECT DISTINCT sku FROM inventory_snapshots WHERE store = $store AND list_contains($skus, sku)",
        {"store": store, "skus": skus},
    ).fetchall()
    return {row[0] for row in rows}


def _check_unknown_skus(conn, groups: dict[tuple[str, str], list[_Row]], problems: _Problems) -> None:
    """Reject every row naming a SKU the store never sold nor stocked (a typo would measure nothing)."""
    wanted: dict[str, set[str]] = {}
    for (store, _), rows in groups.items():
        for row in rows:
            wanted.setdefault(store, set()).update(row.skus or ())
    known = {store: _known_skus(conn, store, sorted(skus)) for store, skus in wanted.items() if skus}
    for (store, _), rows in groups.items():
        for row in rows:
            unknown = [sku for sku in row.skus or () if sku not in known.get(store, set())]
            if unknown:
                problems.add(
                    row.line,
                    "skus",
                    f"未知商品编码 {'、'.join(unknown)}：该店铺的宝贝报表和库存中都没有"
                    f" / unknown SKU(s) {', '.join(unknown)}: never seen in this store's order lines or stock",
                    row.raw["skus"],
                )


def _validate(conn, records: list[dict], file: str) -> tuple[list[_Campaign], list[RejectedRow], list[str]]:
    """Parse and check every row; return the campaigns, or every problem found (then nothing is written)."""
    problems, notes = _Problems(file), []
    stores = _store_lookup(conn)
    groups: dict[tuple[str, str], list[_Row]] = {}
    for position, record in enumerate(records):
        line = record.get("line")
        line = int(line) if not is_missing(line) else position + 1
        row = _parse_row(record, line, stores, problems, notes)
        if row.store is not None and row.name is not None:
            groups.setdefault((row.store, row.name), []).append(row)
    campaigns = []
    for (store, name), rows in groups.items():
        values = _check_agreement(rows, problems)
        skus = _check_skus(rows, problems)
        phases = _check_phases(rows, problems)
        campaigns.append(_Campaign(store, name, values, phases, dict(skus)))
    _check_unknown_skus(conn, groups, problems)
    if problems.rows:
        return [], sorted(problems.rows, key=lambda r: r.line or 0), notes
    return campaigns, [], notes


# ----------------------------------------------------------------------------- writing

_VALUE_SQL = {
    "campaign_type": "$campaign_type",
    "gmv_target": "CAST($gmv_target AS DECIMAL(18, 2))",
    "slot_fee": "CAST($slot_fee AS DECIMAL(18, 2))",
    "commission_rate": "CAST($commission_rate AS DOUBLE)",
    "ad_spend": "CAST($ad_spend AS DECIMAL(18, 2))",
    "coupon_cost": "CAST($coupon_cost AS DECIMAL(18, 2))",
    "margin_rate": "CAST($margin_rate AS DOUBLE)",
}
_INSERT = (
    f"INSERT INTO campaigns (campaign_id, store, name, {', '.join(_VALUE_SQL)}, source, load_id, "
    f"updated_by, updated_at) VALUES ($campaign_id, $store, $name, {', '.join(_VALUE_SQL.values())}, "
    "$source, $load_id, $author, $now)"
)
_UPDATE = (
    "UPDATE campaigns SET name = $name, "
    + ", ".join(f"{name} = {sql}" for name, sql in _VALUE_SQL.items())
    + ", source = $source, load_id = $load_id, updated_by = $author, updated_at = $now "
    "WHERE campaign_id = $campaign_id AND store = $store"
)


def _stored(conn, where: str, params: dict) -> dict[int, dict]:
    """Stored campaigns matching `where` (a constant condition), with their phases and SKUs, by id."""
    cols = ("campaign_id", "store", "name", *CAMPAIGN_VALUES)
    rows = conn.execute(f"SELECT {', '.join(cols)} FROM campaigns WHERE {where}", params).fetchall()
    found = {r[0]: dict(zip(cols, r, strict=True)) | {"phases": set(), "skus": {}} for r in rows}
    if not found:
        return found
    ids = {"ids": list(found)}
    for cid, phase, start, end in conn.execute(
        "SELECT campaign_id, phase, starts_at, ends_at FROM campaign_phases WHERE list_contains($ids, campaign_id)",
        ids,
    ).fetchall():
        found[cid]["phases"].add(PhaseWindow(phase, start, end))
    for cid, sku, margin in conn.execute(
        "SELECT campaign_id, sku, margin_rate FROM campaign_skus WHERE list_contains($ids, campaign_id)", ids
    ).fetchall():
        found[cid]["skus"][sku] = margin
    return found


def _same(old: dict, new: _Campaign) -> bool:
    return (
        old["name"] == new.name
        and all(same_value(f, old[f], new.values[f]) for f in CAMPAIGN_VALUES)
        and old["phases"] == set(new.phases)
        and old["skus"].keys() == new.skus.keys()
        and all(same_value("margin_rate", old["skus"][s], m) for s, m in new.skus.items())
    )


def _write(conn, campaigns: list[_Campaign], *, author, source: str, load_id: int | None) -> SaveResult:
    """Insert, replace or leave each validated campaign; bump the data version when anything changed."""
    stores = sorted({c.store for c in campaigns})
    stored = _stored(conn, "list_contains($stores, store)", {"stores": stores})
    by_key = {(c["store"], c["name"]): c for c in stored.values()}
    now = db.beijing_now()
    result = SaveResult()
    for campaign in campaigns:
        old = (
            stored.get(campaign.campaign_id)
            if campaign.campaign_id
            else by_key.get((campaign.store, campaign.name))
        )
        if old is not None and _same(old, campaign):
            result.unchanged += 1
            result.campaign_ids[(campaign.store, campaign.name)] = old["campaign_id"]
            continue
        params = {name: _param(campaign.values[name]) for name in CAMPAIGN_VALUES}
        params |= {"store": campaign.store, "name": campaign.name, "source": source, "load_id": load_id}
        params |= {"author": author, "now": now}
        if old is None:
            cid = conn.execute("SELECT nextval('campaign_id_seq')").fetchone()[0]
            conn.execute(_INSERT, params | {"campaign_id": cid})
            result.inserted += 1
        else:
            cid = old["campaign_id"]
            conn.execute(_UPDATE, params | {"campaign_id": cid})
            conn.execute("DELETE FROM campaign_phases WHERE campaign_id = $id", {"id": cid})
            conn.execute("DELETE FROM campaign_skus WHERE campaign_id = $id", {"id": cid})
            result.updated += 1
        conn.executemany(
            "INSERT INTO campaign_phases (campaign_id, phase, starts_at, ends_at) VALUES (?, ?, ?, ?)",
            [(cid, p.phase, p.starts_at, p.ends_at) for p in campaign.phases],
        )
        if campaign.skus:
            conn.executemany(
                "INSERT INTO campaign_skus (campaign_id, sku, margin_rate) VALUES (?, ?, ?)",
                [(cid, sku, margin) for sku, margin in campaign.skus.items()],
            )
        result.campaign_ids[(campaign.store, campaign.name)] = cid
    if result.inserted or result.updated:
        db.bump_data_version(conn)
    return result


def _param(value: object) -> object:
    """A value as bound: Decimal amounts as text (cast in SQL), the rest as they are."""
    return value if value is None or isinstance(value, str | float) else str(value)


def _check_written(conn, campaigns: list[_Campaign], result: SaveResult) -> None:
    """After COMMIT: every saved campaign is there with exactly the phases and SKUs written."""
    ids = list(result.campaign_ids.values())
    found = _stored(conn, "list_contains($ids, campaign_id)", {"ids": ids})
    wrong = [
        f"{c.store} {c.name}"
        for c in campaigns
        if (cid := result.campaign_ids.get((c.store, c.name))) is None
        or cid not in found
        or not _same(found[cid], c)
    ]
    if wrong:
        raise CampaignWriteFailed(
            f"活动保存后核对失败，请重试 / campaign check after commit failed: {', '.join(wrong[:10])}"
        )


def _save(
    conn, records, *, author, source, load_id, transaction: bool, file: str, prepare=None
) -> SaveResult:
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    with db.WRITE_LOCK:
        campaigns, rejected, notes = _validate(conn, records, file)
        if not rejected and prepare is not None:
            rejected = prepare(campaigns)
        if rejected or not campaigns:
            return SaveResult(rejected=rejected, notes=notes)

        def work() -> SaveResult:
            return _write(conn, campaigns, author=author, source=source, load_id=load_id)

        if not transaction:
            result = work()
        else:
            result = db.in_transaction(conn, work)
            _check_written(conn, campaigns, result)
    result.notes = notes
    return result


def save_calendar_rows(
    conn,
    rows: pd.DataFrame | Iterable[Mapping],
    *,
    author: str | None,
    source: str = "file",
    load_id: int | None = None,
    transaction: bool = True,
    file: str = "",
) -> SaveResult:
    """Validate and save calendar rows (one per campaign phase), grouped into campaigns by store and name.

    A row carries store, name, phase, starts_at, ends_at and optionally skus and the campaign values
    (type, target, costs, margin; blank on a row = given on another). An optional `line` key names the row
    in rejections. Any bad row and nothing is written. transaction=False runs inside the caller's
    transaction (the calendar file connector).
    """
    return _save(
        conn,
        _records(rows),
        author=author,
        source=source,
        load_id=load_id,
        transaction=transaction,
        file=file,
    )


def _phase_record(phase) -> dict:
    if isinstance(phase, PhaseWindow):
        return {"phase": phase.phase, "starts_at": phase.starts_at, "ends_at": phase.ends_at}
    if isinstance(phase, Mapping):
        return {HEADER_FIELDS.get(str(k), k): v for k, v in phase.items()}
    name, start, end = phase
    return {"phase": name, "starts_at": start, "ends_at": end}


def _sku_margins(skus) -> tuple[list[str], dict[str, object]]:
    """SKU codes and their per-SKU margin overrides from str, (sku, margin) or {'sku', 'margin_rate'}."""
    codes, margins = [], {}
    for item in skus or ():
        if isinstance(item, Mapping):
            code, margin = item.get("sku"), item.get("margin_rate")
        elif isinstance(item, tuple | list):
            code, margin = item[0], item[1] if len(item) > 1 else None
        else:
            code, margin = item, None
        codes.append(code)
        if not is_missing(margin):
            margins[str(code).strip()] = margin
    return codes, margins


def save_campaign(
    conn,
    campaign: Mapping,
    phases: Iterable,
    skus: Iterable = (),
    *,
    author: str | None,
    source: str = "editor",
    load_id: int | None = None,
) -> SaveResult:
    """Create or replace (by store and name) one campaign with its phases and SKUs, in one transaction.

    `campaign` holds store, name and the campaign values (campaign_type, gmv_target, slot_fee,
    commission_rate, ad_spend, coupon_cost, margin_rate); with a `campaign_id` it edits that campaign, which
    may rename it. `phases` are PhaseWindow, (phase, start, end) or mappings; `skus` are codes, (code,
    margin_rate) or mappings with a per-SKU margin override. Rejections name the phase by its position.
    """
    base = {HEADER_FIELDS.get(str(k), k): v for k, v in campaign.items()}
    campaign_id = base.pop("campaign_id", None)
    codes, margins = _sku_margins(skus)
    records = [base | _phase_record(p) | {"skus": codes, "line": i} for i, p in enumerate(phases, start=1)]
    if not records:
        problem = RejectedRow("", None, FIELD_HEADERS["phase"], "至少需要一个阶段 / a campaign needs a phase")
        return SaveResult(rejected=[problem])

    def prepare(found: list[_Campaign]) -> list[RejectedRow]:
        problems = _Problems("")
        (one,) = found
        for code, raw in margins.items():
            if code not in one.skus:
                problems.add(None, "skus", f"{code}: 不在参与商品中 / not among the campaign's SKUs", code)
                continue
            try:
                one.skus[code] = parse_rate(raw)
            except BadValue as exc:
                problems.add(None, "margin_rate", f"{code}: {exc}", raw)
        if campaign_id is not None:
            one.campaign_id = int(campaign_id)
            _check_rename(conn, one, problems)
        return problems.rows

    return _save(
        conn,
        records,
        author=author,
        source=source,
        load_id=load_id,
        transaction=True,
        file="",
        prepare=prepare,
    )


def _check_rename(conn, campaign: _Campaign, problems: _Problems) -> None:
    """An edited campaign must exist in its store, and its (new) name must not be another campaign's."""
    rows = conn.execute(
        "SELECT campaign_id, name FROM campaigns WHERE store = $store AND (campaign_id = $id OR name = $name)",
        {"store": campaign.store, "id": campaign.campaign_id, "name": campaign.name},
    ).fetchall()
    if campaign.campaign_id not in {r[0] for r in rows}:
        problems.add(
            None, "name", "要修改的活动不存在（可能已被删除）/ the campaign to edit no longer exists"
        )
    elif any(r[0] != campaign.campaign_id for r in rows):
        problems.add(
            None, "name", "该店铺已有同名活动 / the store already has a campaign of that name", campaign.name
        )


def delete_campaign(conn, campaign_id: int) -> bool:
    """Delete one campaign with its phases and SKUs; False when it did not exist."""
    with db.WRITE_LOCK:

        def work() -> bool:
            params = {"id": int(campaign_id)}
            if not conn.execute("SELECT count(*) FROM campaigns WHERE campaign_id = $id", params).fetchone()[
                0
            ]:
                return False
            for table in ("campaign_phases", "campaign_skus", "campaigns"):
                conn.execute(f"DELETE FROM {table} WHERE campaign_id = $id", params)
            db.bump_data_version(conn)
            return True

        deleted = db.in_transaction(conn, work)
        left = conn.execute(
            "SELECT count(*) FROM campaigns WHERE campaign_id = $id", {"id": int(campaign_id)}
        )
        if left.fetchone()[0]:
            raise CampaignWriteFailed("活动删除后核对失败，请重试 / campaign still present after delete")
    return deleted


def set_store_setting(conn, store: str, key: str, value, author: str | None) -> None:
    """Set (or with None/empty remove) a store setting such as 'margin_rate' (毛利率, 0.35 or '35%')."""
    if key not in STORE_SETTINGS:
        raise CampaignValueError(f"未知设置 / unknown setting {key!r}; known: {', '.join(STORE_SETTINGS)}")
    found = _store_lookup(conn).get(str(store).strip()) if store else None
    if found is None:
        raise CampaignValueError(f"未知店铺“{store}” / unknown store {store!r}")
    try:
        parsed = STORE_SETTINGS[key](value)
    except BadValue as exc:
        raise CampaignValueError(str(exc)) from None
    params = {"store": found, "key": key}
    with db.WRITE_LOCK:

        def work() -> None:
            conn.execute("DELETE FROM store_settings WHERE store = $store AND key = $key", params)
            if parsed is not None:
                conn.execute(
                    "INSERT INTO store_settings (store, key, value, updated_by, updated_at) "
                    "VALUES ($store, $key, $value, $author, $now)",
                    params | {"value": repr(parsed), "author": author, "now": db.beijing_now()},
                )
            db.bump_data_version(conn)

        db.in_transaction(conn, work)
        row = conn.execute(
            "SELECT value FROM store_settings WHERE store = $store AND key = $key", params
        ).fetchall()
        if (row[0][0] if row else None) != (None if parsed is None else repr(parsed)):
            raise CampaignWriteFailed("设置保存后核对失败，请重试 / setting check after commit failed")
