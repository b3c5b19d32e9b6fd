"""Cast the raw text table into typed staged rows, once, and list the cells that failed.

Every field goes through the cleaning macro of its type. A cell that is not missing (not empty, `-`,
`--`, 暂无) but does not cast is a bad cell: its row is rejected with the file line, the column's
original header and the reason. Summary rows (合计/总计/汇总) and blank rows are dropped silently.
"""

from __future__ import annotations

import json

from connectors.cleaning import CASTS
from connectors.result import RejectedRow
from connectors.spec import Spec
from connectors.tabular import RAW_TABLE, RawTable

STAGED_TABLE = "_co_stg"
MAX_LISTED_REJECTS = 5000

SQL_TYPES = {
    "text": "VARCHAR",
    "status": "VARCHAR",
    "code": "VARCHAR",
    "id": "VARCHAR",
    "money": "DECIMAL(18, 2)",
    "int": "BIGINT",
    "float": "DOUBLE",
    "pct": "DOUBLE",
    "ts": "TIMESTAMP",
    "date": "DATE",
    "bool": "BOOLEAN",
}
SUMMARY_WORDS = ("合计", "总计", "汇总", "总和", "小计")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def stage(conn, raw: RawTable, display_name: str) -> list[RejectedRow]:
    """Create STAGED_TABLE from RAW_TABLE; return the rejected rows (bad cells, empty keys, parse errors)."""
    spec: Spec = raw.spec
    present = raw.columns
    selects = ["_row"]
    checks = []
    for f in spec.fields:
        cast, reason = CASTS[f.type]
        if f.name in present:
            expr = cast.format(_q(f.name))
            selects.append(f"{expr} AS {_q(f.name)}")
            if reason:
                checks.append(f"CASE WHEN {_q(f.name)} IS NOT NULL AND {expr} IS NULL THEN '{f.name}' END")
        else:
            selects.append(f"CAST(NULL AS {SQL_TYPES[f.type]}) AS {_q(f.name)}")
    for name in spec.not_null:
        if name in present:
            checks.append(f"CASE WHEN {_q(name)} IS NULL THEN '!{name}' END")
    bad = (
        f"list_filter([{', '.join(checks)}], lambda x: x IS NOT NULL)" if checks else "CAST([] AS VARCHAR[])"
    )
    cleaned = ", ".join(f"co_text({_q(name)}) AS {_q(name)}" for name in present)
    keep = _keep_condition(spec, present)
    # Clean each cell once (inner select), then cast the cleaned text by type (outer select).
    conn.execute(
        f"CREATE OR REPLACE TEMP TABLE {STAGED_TABLE} AS "
        f"SELECT {', '.join(selects)}, {bad} AS _bad FROM (SELECT rowid AS _row, {cleaned} FROM {RAW_TABLE}) WHERE {keep}"
    )
    rejects = _collect_rejects(conn, raw, display_name)
    conn.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")  # free its memory before the write
    return rejects


def _keep_condition(spec: Spec, present: dict[str, str]) -> str:
    """Drop blank rows and summary rows (合计 …) before validating."""
    columns = [_q(name) for name in present]
    not_blank = "(" + " OR ".join(f"{c} IS NOT NULL" for c in columns) + ")" if columns else "true"
    summary = [
        f"coalesce(regexp_matches({_q(name)}, '^({'|'.join(SUMMARY_WORDS)})'), false)"
        for name in spec.summary_fields
        if name in present
    ]
    if summary:
        return f"{not_blank} AND NOT ({' OR '.join(summary)})"
    return not_blank


def _collect_rejects(conn, raw: RawTable, display_name: str) -> list[RejectedRow]:
    spec = raw.spec
    by_name = {f.name: f for f in spec.fields}
    rejects: list[RejectedRow] = []
    for line, reason, text in raw.parse_rejects:
        rejects.append(
            RejectedRow(
                display_name,
                line,
                None,
                f"无法解析的行（列数不对或引号未闭合）/ unreadable line: {reason}",
                text,
            )
        )
    rows = conn.execute(
        f"SELECT s._row, s._bad, to_json(r) FROM {STAGED_TABLE} s JOIN {RAW_TABLE} r ON r.rowid = s._row "
        f"WHERE len(s._bad) > 0 ORDER BY s._row LIMIT {MAX_LISTED_REJECTS}"
    ).fetchall()
    for row, bad, raw_json in rows:
        values = json.loads(raw_json)
        for entry in bad:
            empty = entry.startswith("!")
            name = entry.lstrip("!")
            header = raw.columns.get(name, name)
            if empty:
                reason = "必填值为空 / required value is empty"
            else:
                reason = CASTS[by_name[name].type][1]
            rejects.append(RejectedRow(display_name, raw.line_of(row), header, reason, values.get(name)))
    return rejects


def drop_rejected(conn) -> int:
    """Remove rejected rows from the staged table; return how many were removed."""
    n = conn.execute(f"SELECT count(*) FROM {STAGED_TABLE} WHERE len(_bad) > 0").fetchone()[0]
    if n:
        conn.execute(f"DELETE FROM {STAGED_TABLE} WHERE len(_bad) > 0")
    return n
