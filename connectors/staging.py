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


def _checks(spec: Spec, present: dict[str, str]) -> list[tuple[str, str]]:
    """(name, SQL condition on the typed value and its cleaned text `<name>__t`) for every check, in bit order."""
    out = []
    for f in spec.fields:
        if f.name in present and CASTS[f.type][1]:
            out.append((f.name, f"{_q(f.name + '__t')} IS NOT NULL AND {_q(f.name)} IS NULL"))
    for name in spec.not_null:
        if name in present:
            out.append(("!" + name, f"{_q(name + '__t')} IS NULL"))
    return out


def stage(conn, raw: RawTable, display_name: str) -> list[RejectedRow]:
    """Create STAGED_TABLE from RAW_TABLE; return the rejected rows (bad cells, empty keys, parse errors)."""
    spec: Spec = raw.spec
    present = raw.columns
    checks = _checks(spec, present)
    checked = {name.lstrip("!") for name, _ in checks}
    # Three projections, each value computed once: clean the text, cast it by type, then test the casts.
    cleaned = ", ".join(f"co_text({_q(name)}) AS {_q(name)}" for name in present)
    typed = ["_row"]
    for f in spec.fields:
        cast, _ = CASTS[f.type]
        if f.name in present:
            typed.append(f"{cast.format(_q(f.name))} AS {_q(f.name)}")
            if f.name in checked:
                typed.append(f"{_q(f.name)} AS {_q(f.name + '__t')}")
        else:
            typed.append(f"CAST(NULL AS {SQL_TYPES[f.type]}) AS {_q(f.name)}")
    bits = (
        " + ".join(f"CASE WHEN {cond} THEN {1 << i} ELSE 0 END" for i, (_, cond) in enumerate(checks)) or "0"
    )
    outputs = ["_row", *(_q(f.name) for f in spec.fields)]
    conn.execute(
        f"CREATE OR REPLACE TEMP TABLE {STAGED_TABLE} AS "
        f"SELECT {', '.join(outputs)}, CAST({bits} AS BIGINT) AS _bad FROM ("
        f"SELECT {', '.join(typed)} FROM ("
        f"SELECT rowid AS _row, {cleaned} FROM {RAW_TABLE}) WHERE {_keep_condition(spec, present)})"
    )
    rejects = _collect_rejects(conn, raw, display_name, [name for name, _ in checks])
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


def _collect_rejects(conn, raw: RawTable, display_name: str, check_names: list[str]) -> list[RejectedRow]:
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
        f"WHERE s._bad <> 0 ORDER BY s._row LIMIT {MAX_LISTED_REJECTS}"
    ).fetchall()
    for row, bad, raw_json in rows:
        values = json.loads(raw_json)
        for entry in (name for i, name in enumerate(check_names) if bad >> i & 1):
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
    n = conn.execute(f"SELECT count(*) FROM {STAGED_TABLE} WHERE _bad <> 0").fetchone()[0]
    if n:
        conn.execute(f"DELETE FROM {STAGED_TABLE} WHERE _bad <> 0")
    return n
