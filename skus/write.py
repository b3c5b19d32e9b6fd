"""The only writer of restock settings: per-SKU rows of `sku_settings` and store-wide defaults in
`store_settings`.

A save is validated whole first: one bad row (unknown store or SKU, negative lead time, text in a number
cell, a service level outside (0, 1), a SKU twice) and nothing is written, every problem listed with its
line and column. Writes run under db.WRITE_LOCK in one transaction with an explicit ROLLBACK on error,
bump the data version, and are read back after COMMIT.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

import db
from connectors.result import RejectedRow, SaveCounts
from skus.fields import (
    DEFAULT_KEYS,
    FIELD_HEADERS,
    HEADER_FIELDS,
    PARSERS,
    SETTING_FIELDS,
    BadValue,
    is_missing,
    parse_store_default,
)

SOURCES = ("editor", "file")


class SkuWriteFailed(RuntimeError):
    """The settings read back after COMMIT are not the ones the save wrote."""


class SkuValueError(ValueError):
    """A store-wide default that cannot be stored; the message names every bad key (Chinese / English)."""


@dataclass
class SaveResult(SaveCounts):
    """What a save of SKU settings did (counts of rows); `rejected` lists every problem when nothing was written."""

    stores: set[str] = field(default_factory=set)


@dataclass
class _Row:
    line: int
    store: str
    sku: str
    values: dict[str, object]  # only the fields the row carries (a missing key leaves the field as is)


def _records(rows) -> list[dict]:
    """Rows as dicts keyed by field name (the Chinese template headers are accepted too)."""
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else [dict(r) for r in rows]
    aliases = HEADER_FIELDS | {"交期": "lead_time_days", "补货周期": "review_period_days"}
    return [{aliases.get(str(k), k): v for k, v in r.items()} for r in records]


def _store_lookup(conn) -> dict[str, str]:
    """Store key by the names a row may use: the store itself, or its platform shop name when unique."""
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


def _known_skus(conn, store: str, skus: list[str]) -> set[str]:
    """The SKUs among `skus` seen for `store` in the detail lines or the stock snapshots."""
    if not skus:
        return set()
    rows = conn.execute(
        "SELECT sku FROM order_lines WHERE store = $store AND list_contains($skus, sku) "
        "UNION SELECT sku FROM inventory_snapshots WHERE store = $store AND list_contains($skus, sku)",
        {"store": store, "skus": skus},
    ).fetchall()
    return {r[0] for r in rows}


def _validate(conn, records: list[dict], default_store: str | None, file: str):
    """Clean every row; return the good rows and every problem found (then nothing may be written)."""
    stores = _store_lookup(conn)
    rejected: list[RejectedRow] = []
    parsed: list[tuple[int, str | None, str | None, dict, list]] = []
    for position, record in enumerate(records):
        line = record.get("line")
        line = int(line) if not is_missing(line) else position + 1
        problems: list[tuple[str, str, object]] = []
        raw_store = record.get("store")
        raw_store = default_store if is_missing(raw_store) else str(raw_store).strip()
        store = stores.get(raw_store) if raw_store else None
        if not raw_store:
            problems.append(("store", "必填值为空：请填写店铺或指定 --store / required value is empty", None))
        elif store is None:
            problems.append(
                (
                    "store",
                    "未知店铺：请先导入该店铺的订单或库存 / unknown store: import its data first",
                    raw_store,
                )
            )
        raw_sku = record.get("sku")
        sku = None if is_missing(raw_sku) else str(raw_sku).strip().strip("\t") or None
        if sku is None:
            problems.append(("sku", "必填值为空 / required value is empty", raw_sku))
        values: dict[str, object] = {}
        for name in (*SETTING_FIELDS, "discontinued"):
            if name not in record:
                continue
            try:
                value = PARSERS[name](record[name])
            except BadValue as exc:
                problems.append((name, str(exc), record[name]))
                continue
            if name != "discontinued":
                values[name] = value
            elif value is not None or "active" not in values:  # 是否停售 wins over 状态 when filled
                values["active"] = value
        parsed.append((line, store, sku, values, problems))
    known: dict[str, set[str]] = {}
    for store in {p[1] for p in parsed if p[1]}:
        known[store] = _known_skus(conn, store, sorted({p[2] for p in parsed if p[1] == store and p[2]}))
    good: list[_Row] = []
    first_line: dict[tuple[str, str], int] = {}
    for line, store, sku, values, problems in parsed:
        if store and sku:
            if sku not in known[store]:
                problems.append(
                    (
                        "sku",
                        f"未知商品：店铺“{store}”的订单明细和库存里都没有该编码 / unknown SKU for {store}",
                        sku,
                    )
                )
            elif (store, sku) in first_line:
                earlier = first_line[(store, sku)]
                problems.append(
                    (
                        "sku",
                        f"与第 {earlier} 行重复（每个商品一行）/ duplicate of line {earlier} (one row per SKU)",
                        sku,
                    )
                )
            else:
                first_line[(store, sku)] = line
        for name, reason, value in problems:
            shown = None if is_missing(value) else str(value)
            rejected.append(RejectedRow(file, line, FIELD_HEADERS[name], reason, shown))
        if not problems:
            good.append(_Row(line, store, sku, values))
    return good, rejected


_COLUMNS = ("store", "sku", *SETTING_FIELDS, "source", "load_id", "updated_by", "updated_at")
_TYPES = {
    "store": "VARCHAR",
    "sku": "VARCHAR",
    "supplier": "VARCHAR",
    "lead_time_days": "INTEGER",
    "review_period_days": "INTEGER",
    "moq": "INTEGER",
    "case_pack": "INTEGER",
    "service_level": "DOUBLE",
    "unit_cost": "DECIMAL(18, 2)",
    "active": "BOOLEAN",
    "source": "VARCHAR",
    "load_id": "BIGINT",
    "updated_by": "VARCHAR",
    "updated_at": "TIMESTAMP",
}


def _unnest(records: list[dict]) -> tuple[str, dict]:
    """A SELECT zipping bound lists into rows of _COLUMNS (values are bound, never formatted in)."""
    parts, params = [], {}
    for name in _COLUMNS:
        values = [r[name] for r in records]
        if _TYPES[name].startswith("DECIMAL"):
            parts.append(f"CAST(unnest(CAST(${name} AS VARCHAR[])) AS {_TYPES[name]}) AS {name}")
            params[name] = [None if v is None else str(v) for v in values]
        else:
            parts.append(f"unnest(CAST(${name} AS {_TYPES[name]}[])) AS {name}")
            params[name] = values
    return "SELECT " + ", ".join(parts), params


def _existing(conn, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    if not keys:
        return {}
    cols = ", ".join(("store", "sku", *SETTING_FIELDS))
    rows = conn.execute(
        f"SELECT {cols} FROM sku_settings WHERE list_contains($keys, store || chr(31) || sku)",
        {"keys": [f"{s}\x1f{k}" for s, k in keys]},
    ).fetchall()
    return {(r[0], r[1]): dict(zip(SETTING_FIELDS, r[2:], strict=True)) for r in rows}


def _same(name: str, old: object, new: object) -> bool:
    if old is None or new is None:
        return old is None and new is None
    if name == "unit_cost":
        return Decimal(old) == Decimal(new)
    if name == "service_level":
        return round(float(old), 6) == round(float(new), 6)
    return old == new


def _write(conn, rows: list[_Row], *, author, source, load_id) -> tuple[SaveResult, dict]:
    existing = _existing(conn, [(r.store, r.sku) for r in rows])
    now = db.beijing_now()
    result = SaveResult(stores={r.store for r in rows})
    inserts, updates, written = [], [], {}
    for row in rows:
        old = existing.get((row.store, row.sku))
        before = old or dict.fromkeys(SETTING_FIELDS)
        if all(_same(f, before[f], v) for f, v in row.values.items()):  # an empty row adds no settings row
            result.unchanged += 1
            continue
        after = before | row.values
        record = {"store": row.store, "sku": row.sku, **after}
        record |= {"source": source, "load_id": load_id, "updated_by": author, "updated_at": now}
        (inserts if old is None else updates).append(record)
        written[(row.store, row.sku)] = after
    if inserts:
        select, params = _unnest(inserts)
        conn.execute(f"INSERT INTO sku_settings ({', '.join(_COLUMNS)}) {select}", params)
    if updates:
        select, params = _unnest(updates)
        sets = ", ".join(f"{c} = n.{c}" for c in _COLUMNS if c not in ("store", "sku"))
        conn.execute(
            f"UPDATE sku_settings SET {sets} FROM ({select}) n "
            "WHERE sku_settings.store = n.store AND sku_settings.sku = n.sku",
            params,
        )
    result.inserted, result.updated = len(inserts), len(updates)
    if inserts or updates:
        db.bump_data_version(conn)
    return result, written


def save_sku_settings(
    conn,
    store: str | None,
    rows: pd.DataFrame | Iterable[Mapping],
    *,
    author: str | None,
    source: str = "editor",
    load_id: int | None = None,
    transaction: bool = True,
    file: str = "",
) -> SaveResult:
    """Validate and save per-SKU restock settings, whole or nothing.

    A row carries `sku` (or 商品编码) and any of SETTING_FIELDS (or their Chinese headers; 是否停售 sets
    `active` inverted); a missing key leaves that field as it is, an explicit None clears it. A row may name
    its own `store`, else `store` applies. An optional `line` key names the row in rejections. When any row
    is bad nothing is written and `rejected` lists every problem. transaction=False runs inside the
    caller's transaction (the settings file connector).
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    records = _records(rows)
    with db.WRITE_LOCK:
        good, rejected = _validate(conn, records, store, file)
        if rejected or not good:
            return SaveResult(rejected=rejected)
        if not transaction:
            return _write(conn, good, author=author, source=source, load_id=load_id)[0]
        result, written = db.in_transaction(
            conn, lambda: _write(conn, good, author=author, source=source, load_id=load_id)
        )
        found = _existing(conn, list(written))
        bad = [f"{s} {k}" for (s, k), v in written.items() if found.get((s, k)) is None
               or not all(_same(f, found[(s, k)][f], v[f]) for f in SETTING_FIELDS)]  # fmt: skip
        if bad:
            raise SkuWriteFailed(
                f"补货参数保存后核对失败，请重试 / settings check after commit failed: {', '.join(bad[:10])}"
            )
    return result


def set_store_defaults(
    conn, store: str, values: Mapping[str, object], author: str | None, *, transaction: bool = True
) -> dict[str, object]:
    """Set the store-wide restock defaults (store_settings keys of skus.fields.DEFAULT_KEYS).

    None removes a key (the code's default applies again). Every value is checked first; any bad one
    raises SkuValueError naming all of them and nothing is written. Returns the clean values written.
    """
    if store not in _store_lookup(conn).values():
        raise SkuValueError(f"未知店铺“{store}” / unknown store {store!r}")
    clean, problems = {}, []
    for key, value in values.items():
        try:
            clean[key] = parse_store_default(key, value)
        except BadValue as exc:
            problems.append(f"{key}: {exc}")
    if problems:
        raise SkuValueError("；".join(problems))

    def work() -> None:
        now = db.beijing_now()
        for key, value in clean.items():
            if value is None:
                conn.execute(
                    "DELETE FROM store_settings WHERE store = $s AND key = $k", {"s": store, "k": key}
                )
                continue
            conn.execute(
                "INSERT INTO store_settings VALUES ($s, $k, $v, $author, $now) ON CONFLICT (store, key) "
                "DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, "
                "updated_at = excluded.updated_at",
                {"s": store, "k": key, "v": str(value), "author": author, "now": now},
            )
        db.bump_data_version(conn)

    with db.WRITE_LOCK:
        if not transaction:
            work()
            return clean
        db.in_transaction(conn, work)
        stored = dict(
            conn.execute(
                "SELECT key, value FROM store_settings WHERE store = $s AND list_contains($keys, key)",
                {"s": store, "keys": list(clean)},
            ).fetchall()
        )
        if any(stored.get(k) != (None if v is None else str(v)) for k, v in clean.items()):
            raise SkuWriteFailed(
                "店铺默认值保存后核对失败，请重试 / store defaults check after commit failed"
            )
    return clean


def store_defaults(conn, store: str) -> dict[str, object]:
    """The store-wide restock defaults that are set, parsed (keys of DEFAULT_KEYS only)."""
    rows = conn.execute(
        "SELECT key, value FROM store_settings WHERE store = $s AND list_contains($keys, key)",
        {"s": store, "keys": list(DEFAULT_KEYS)},
    ).fetchall()
    return {key: parse_store_default(key, value) for key, value in rows}
