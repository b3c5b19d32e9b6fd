"""The only writer of the plan tables: monthly targets, annual targets and single-day overrides, versioned.

Every change writes the value in force (plan_months / plan_years / plan_day_overrides) and one
plan_history row per changed field (old and new value as text, the version it made, who and when), in one
transaction, and bumps the data version. A save is validated whole first: one bad row and nothing is
written, every bad row is listed with its line and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

import db
from connectors.result import RejectedRow, SaveCounts
from plans.fields import (
    FIELD_HEADERS,
    HEADER_FIELDS,
    PARSERS,
    PLAN_FIELDS,
    BadValue,
    as_text,
    is_missing,
    parse_money,
    parse_month,
    same_value,
)

SOURCES = ("editor", "file", "draft")


class PlanWriteFailed(RuntimeError):
    """The plan rows read back after COMMIT are not the versions the save wrote."""


class PlanValueError(ValueError):
    """An annual target or day override that cannot be stored; the message says why (Chinese / English)."""


@dataclass
class SaveResult(SaveCounts):
    """What a save of monthly targets did; `versions` maps (store, month) to the version now in force."""

    versions: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass
class _Row:
    line: int
    store: str
    month: str
    values: dict[str, object]  # only the fields the row carries (a missing key leaves the field as is)


# ----------------------------------------------------------------------------- validation


def _records(rows) -> list[dict]:
    """Rows as dicts keyed by field name (Chinese template headers are accepted too)."""
    if isinstance(rows, pd.DataFrame):
        records = rows.to_dict("records")
    else:
        records = [dict(r) for r in rows]
    return [{HEADER_FIELDS.get(str(k), k): v for k, v in r.items()} for r in records]


def _store_lookup(conn) -> dict[str, str]:
    """Store key by the names a plan may use: the store itself, or its platform shop name when unique."""
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


def _validate(records: list[dict], stores: dict[str, str], file: str) -> tuple[list[_Row], list[RejectedRow]]:
    """Clean every row; return the good rows, or every problem found (then nothing may be written)."""
    good: list[_Row] = []
    rejected: list[RejectedRow] = []
    first_line: dict[tuple[str, str], int] = {}
    for position, record in enumerate(records):
        line = record.get("line")
        line = int(line) if not is_missing(line) else position + 1
        problems: list[tuple[str, str, object]] = []
        raw_store = record.get("store")
        store = None
        if is_missing(raw_store) or not str(raw_store).strip():
            problems.append(("store", "必填值为空 / required value is empty", raw_store))
        else:
            store = stores.get(str(raw_store).strip())
            if store is None:
                problems.append(
                    (
                        "store",
                        "未知店铺：请先导入该店铺的订单报表，或检查店铺名称 / unknown store: import its orders first",
                        raw_store,
                    )
                )
        raw_month = record.get("month")
        month = None
        if is_missing(raw_month):
            problems.append(("month", "必填值为空 / required value is empty", raw_month))
        else:
            try:
                month = parse_month(raw_month)
            except BadValue as exc:
                problems.append(("month", str(exc), raw_month))
        values: dict[str, object] = {}
        for name in PLAN_FIELDS:
            if name not in record:
                continue
            try:
                values[name] = PARSERS[name](record[name])
            except BadValue as exc:
                problems.append((name, str(exc), record[name]))
        if store is not None and month is not None:
            key = (store, month)
            if key in first_line:
                problems.append(
                    (
                        "month",
                        f"与第 {first_line[key]} 行重复（同一店铺同一月份只能有一行）"
                        f" / duplicate of line {first_line[key]} (one row per store and month)",
                        raw_month,
                    )
                )
            else:
                first_line[key] = line
        for name, reason, value in problems:
            shown = None if is_missing(value) else str(value)
            rejected.append(RejectedRow(file, line, FIELD_HEADERS[name], reason, shown))
        if not problems:
            good.append(_Row(line, store, month, values))
    return good, rejected


# ----------------------------------------------------------------------------- month targets


def _unnest(columns: dict[str, tuple[str, list]]) -> tuple[str, dict]:
    """A SELECT that zips bound lists into rows: name -> (SQL type, values). Values are never formatted in."""
    parts, params = [], {}
    for name, (sql_type, values) in columns.items():
        if sql_type.startswith("DECIMAL"):
            parts.append(f"CAST(unnest(CAST(${name} AS VARCHAR[])) AS {sql_type}) AS {name}")
            params[name] = [None if v is None else str(v) for v in values]
        else:
            parts.append(f"unnest(CAST(${name} AS {sql_type}[])) AS {name}")
            params[name] = list(values)
    return "SELECT " + ", ".join(parts), params


_MONTH_TYPES = {
    "store": "VARCHAR",
    "month": "VARCHAR",
    "gmv_target": "DECIMAL(18, 2)",
    "net_sales_target": "DECIMAL(18, 2)",
    "visitors_target": "BIGINT",
    "conversion_target": "DOUBLE",
    "aov_target": "DECIMAL(18, 2)",
    "owner": "VARCHAR",
    "version": "INTEGER",
    "source": "VARCHAR",
    "load_id": "BIGINT",
    "updated_by": "VARCHAR",
    "updated_at": "TIMESTAMP",
}
_HISTORY_TYPES = {
    "store": "VARCHAR",
    "period": "VARCHAR",
    "field": "VARCHAR",
    "old_value": "VARCHAR",
    "new_value": "VARCHAR",
    "version": "INTEGER",
    "source": "VARCHAR",
    "load_id": "BIGINT",
    "changed_by": "VARCHAR",
    "changed_at": "TIMESTAMP",
}


def _existing_months(conn, stores: list[str]) -> dict[tuple[str, str], dict]:
    cols = ", ".join(("store", "month", *PLAN_FIELDS, "version"))
    rows = conn.execute(
        f"SELECT {cols} FROM plan_months WHERE list_contains($stores, store)", {"stores": stores}
    ).fetchall()
    names = ["store", "month", *PLAN_FIELDS, "version"]
    return {(r[0], r[1]): dict(zip(names, r, strict=True)) for r in rows}


def _insert_history(conn, history: list[dict]) -> None:
    if not history:
        return
    select, params = _unnest({name: (t, [h[name] for h in history]) for name, t in _HISTORY_TYPES.items()})
    cols = ", ".join(_HISTORY_TYPES)
    conn.execute(
        f"INSERT INTO plan_history (change_id, {cols}) SELECT nextval('plan_change_seq'), {cols} FROM ({select})",
        params,
    )


def _write_months(
    conn, rows: list[_Row], *, author, source: str, load_id: int | None
) -> tuple[SaveResult, dict[tuple[str, str], int]]:
    """Write the validated rows; return the result and the versions written (for the check after COMMIT)."""
    existing = _existing_months(conn, sorted({r.store for r in rows}))
    now = db.beijing_now()
    result = SaveResult()
    inserts, updates, history = [], [], []
    written: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.store, row.month)
        old = existing.get(key)
        before = old or dict.fromkeys(PLAN_FIELDS)
        changed = [f for f, v in row.values.items() if not same_value(f, before[f], v)]
        if not changed:
            result.unchanged += 1
            if old is not None:
                result.versions[key] = old["version"]
            continue
        version = 1 if old is None else old["version"] + 1
        after = {f: before[f] for f in PLAN_FIELDS} | row.values
        record = {"store": row.store, "month": row.month, **after, "version": version}
        record |= {"source": source, "load_id": load_id, "updated_by": author, "updated_at": now}
        (inserts if old is None else updates).append(record)
        for name in changed:
            history.append(
                {
                    "store": row.store,
                    "period": row.month,
                    "field": name,
                    "old_value": as_text(before[name]),
                    "new_value": as_text(after[name]),
                    "version": version,
                    "source": source,
                    "load_id": load_id,
                    "changed_by": author,
                    "changed_at": now,
                }
            )
        result.versions[key] = written[key] = version
    cols = ", ".join(_MONTH_TYPES)
    if inserts:
        select, params = _unnest({n: (t, [r[n] for r in inserts]) for n, t in _MONTH_TYPES.items()})
        conn.execute(f"INSERT INTO plan_months ({cols}) {select}", params)
    if updates:
        select, params = _unnest({n: (t, [r[n] for r in updates]) for n, t in _MONTH_TYPES.items()})
        assignments = ", ".join(f"{n} = n.{n}" for n in _MONTH_TYPES if n not in ("store", "month"))
        conn.execute(
            f"UPDATE plan_months SET {assignments} FROM ({select}) n "
            "WHERE plan_months.store = n.store AND plan_months.month = n.month",
            params,
        )
    _insert_history(conn, history)
    result.inserted, result.updated = len(inserts), len(updates)
    if inserts or updates:
        db.bump_data_version(conn)
    return result, written


def _check_months(conn, written: dict[tuple[str, str], int]) -> None:
    if not written:
        return
    found = _existing_months(conn, sorted({s for s, _ in written}))
    missing = [f"{s} {m} v{v}" for (s, m), v in written.items() if found.get((s, m), {}).get("version") != v]
    if missing:
        raise PlanWriteFailed(
            f"计划保存后核对失败，请重试 / plan check after commit failed: {', '.join(missing[:10])}"
        )


def save_month_targets(
    conn,
    rows: pd.DataFrame | Iterable[Mapping],
    *,
    author: str | None,
    source: str = "editor",
    load_id: int | None = None,
    transaction: bool = True,
    file: str = "",
) -> SaveResult:
    """Validate and save monthly targets (one row per store and month), each change a new version.

    A row carries `store`, `month` and any of PLAN_FIELDS: a missing key leaves that field as it is, an
    explicit None/NaN clears it; an optional `line` key names the row in rejections. When any row is bad
    nothing is written and `rejected` lists every problem. transaction=False runs inside the caller's
    transaction (the plan file connector).
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    records = _records(rows)
    with db.WRITE_LOCK:
        good, rejected = _validate(records, _store_lookup(conn), file)
        if rejected or not good:
            return SaveResult(rejected=rejected)
        if not transaction:
            return _write_months(conn, good, author=author, source=source, load_id=load_id)[0]
        result, written = db.in_transaction(
            conn, lambda: _write_months(conn, good, author=author, source=source, load_id=load_id)
        )
        _check_months(conn, written)
    return result


# ----------------------------------------------------------------------------- year and day


def _check_store(conn, store: str) -> str:
    found = _store_lookup(conn).get(str(store).strip()) if store else None
    if found is None:
        raise PlanValueError(f"未知店铺“{store}” / unknown store {store!r}")
    return found


def _amount(amount) -> object:
    try:
        return parse_money(amount)
    except BadValue as exc:
        raise PlanValueError(str(exc)) from None


def _next_version(conn, store: str, period: str) -> int:
    row = conn.execute(
        "SELECT coalesce(max(version), 0) FROM plan_history WHERE store = $store AND period = $period",
        {"store": store, "period": period},
    ).fetchall()
    return int(row[0][0]) + 1


def _change_one(conn, *, table: str, key: str, store: str, period: str, key_value, amount, author, source):
    """Set or remove the single amount of a year or day row; return the version made, or None if unchanged."""
    target_col = "annual_target" if table == "plan_years" else "gmv_target"
    old_row = conn.execute(
        f"SELECT {target_col} FROM {table} WHERE store = $store AND {key} = $key",
        {"store": store, "key": key_value},
    ).fetchall()
    old = old_row[0][0] if old_row else None
    if same_value("gmv_target", old, amount):
        return None
    version = _next_version(conn, store, period)
    now = db.beijing_now()
    params = {"store": store, "key": key_value}
    where = f"WHERE store = $store AND {key} = $key"
    has_version = table == "plan_years"
    if amount is None:
        conn.execute(f"DELETE FROM {table} {where}", params)
    else:
        params |= {"amount": str(amount), "author": author, "now": now}
        if has_version:
            params["version"] = version
        if old_row:
            conn.execute(
                f"UPDATE {table} SET {target_col} = CAST($amount AS DECIMAL(18, 2)), "
                f"{'version = $version, ' if has_version else ''}updated_by = $author, updated_at = $now {where}",
                params,
            )
        else:
            conn.execute(
                f"INSERT INTO {table} (store, {key}, {target_col}{', version' if has_version else ''}, "
                f"updated_by, updated_at) VALUES ($store, $key, CAST($amount AS DECIMAL(18, 2))"
                f"{', $version' if has_version else ''}, $author, $now)",
                params,
            )
    _insert_history(
        conn,
        [
            {
                "store": store,
                "period": period,
                "field": target_col,
                "old_value": as_text(old),
                "new_value": as_text(amount),
                "version": version,
                "source": source,
                "load_id": None,
                "changed_by": author,
                "changed_at": now,
            }
        ],
    )
    db.bump_data_version(conn)
    return version


def _run_change(conn, transaction: bool, source: str, work, check):
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    if not transaction:
        return work()
    with db.WRITE_LOCK:
        version = db.in_transaction(conn, work)
        if version is not None and not check():
            raise PlanWriteFailed("计划保存后核对失败，请重试 / plan check after commit failed")
    return version


def set_annual_target(
    conn,
    store: str,
    year: int,
    amount,
    *,
    author: str | None,
    transaction: bool = True,
    source: str = "editor",
) -> int | None:
    """Set (or with None remove) a store's annual target; return the version made, None when unchanged."""
    store = _check_store(conn, store)
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise PlanValueError(f"不是有效年份 / not a valid year: {year!r}")
    value = _amount(amount)

    def work():
        return _change_one(
            conn,
            table="plan_years",
            key="year",
            store=store,
            period=f"{year:04d}",
            key_value=year,
            amount=value,
            author=author,
            source=source,
        )

    def check() -> bool:
        row = conn.execute(
            "SELECT annual_target FROM plan_years WHERE store = $s AND year = $y", {"s": store, "y": year}
        ).fetchall()
        return same_value("gmv_target", row[0][0] if row else None, value)

    return _run_change(conn, transaction, source, work, check)


def set_day_override(
    conn,
    store: str,
    day: dt.date,
    amount,
    *,
    author: str | None,
    transaction: bool = True,
    source: str = "editor",
) -> int | None:
    """Override (or with None restore) the computed daily target of one day; return the version made."""
    store = _check_store(conn, store)
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise PlanValueError(f"不是有效日期 / not a valid date: {day!r}")
    value = _amount(amount)

    def work():
        return _change_one(
            conn,
            table="plan_day_overrides",
            key="date",
            store=store,
            period=day.isoformat(),
            key_value=day,
            amount=value,
            author=author,
            source=source,
        )

    def check() -> bool:
        row = conn.execute(
            "SELECT gmv_target FROM plan_day_overrides WHERE store = $s AND date = $d", {"s": store, "d": day}
        ).fetchall()
        return same_value("gmv_target", row[0][0] if row else None, value)

    return _run_change(conn, transaction, source, work, check)
