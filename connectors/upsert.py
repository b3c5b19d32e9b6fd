"""Versioned upsert shared by the keyed tables: a later export replaces a row, the same content is
unchanged, and an older export never overwrites newer data.

The writer hands `apply` a SELECT of the new rows (exact target columns, one row per key, with
`row_hash` and the version column); `apply` classifies each key against the target and rewrites only
what changed.
"""

from __future__ import annotations

NEW_TABLE = "_co_new"
ACTION_TABLE = "_co_act"


def apply(
    ctx, table: str, keys: tuple[str, ...], version: str | None, select: str, params: dict
) -> tuple[int, int, int, int]:
    """Upsert the rows of `select` (exact target columns, one row per key) into `table` by `keys`;
    return (inserted, updated, unchanged, stale). A store with no rows yet gets a plain insert.

    `version` names a column (e.g. export_ts): a target row with a greater version is kept ("stale"
    new row). Without it, the later import wins.
    """
    conn = ctx.conn
    if not store_has_rows(conn, table, ctx.store):
        return run(conn, f"INSERT INTO {table} BY NAME {select}", params).fetchone()[0], 0, 0, 0
    run(conn, f"CREATE OR REPLACE TEMP TABLE {NEW_TABLE} AS {select}", params)
    join = " AND ".join(f"t.{k} = n.{k}" for k in keys)
    stale = f"WHEN t.{version} > n.{version} THEN 'stale' " if version else ""
    key_list = ", ".join(f"n.{k}" for k in keys)
    conn.execute(
        f"CREATE OR REPLACE TEMP TABLE {ACTION_TABLE} AS "
        f"SELECT {key_list}, CASE WHEN t.{keys[-1]} IS NULL THEN 'insert' {stale}"
        f"WHEN t.row_hash = n.row_hash THEN 'same' ELSE 'update' END AS action "
        f"FROM {NEW_TABLE} n LEFT JOIN (SELECT * FROM {table} WHERE store = $store) t ON {join}",
        {"store": ctx.store},
    )
    counts = dict(conn.execute(f"SELECT action, count(*) FROM {ACTION_TABLE} GROUP BY action").fetchall())
    inserted, updated = counts.get("insert", 0), counts.get("update", 0)
    if updated:
        key_match = " AND ".join(f"{table}.{k} = a.{k}" for k in keys)
        conn.execute(
            f"DELETE FROM {table} USING {ACTION_TABLE} a "
            f"WHERE {table}.store = $store AND a.action = 'update' AND {key_match}",
            {"store": ctx.store},
        )
    if inserted or updated:
        using = ", ".join(keys)
        conn.execute(
            f"INSERT INTO {table} BY NAME SELECT n.* FROM {NEW_TABLE} n JOIN {ACTION_TABLE} a USING ({using}) "
            f"WHERE a.action IN ('insert', 'update')"
        )
    for temp in (NEW_TABLE, ACTION_TABLE):
        conn.execute(f"DROP TABLE IF EXISTS {temp}")
    return inserted, updated, counts.get("same", 0), counts.get("stale", 0)


def store_has_rows(conn, table: str, store: str) -> bool:
    """Whether `table` holds any row of `store` (when not, an import is a plain insert)."""
    return conn.execute(
        f"SELECT EXISTS (SELECT 1 FROM {table} WHERE store = $store)", {"store": store}
    ).fetchone()[0]


def hash_expr(columns: list[str]) -> str:
    """SQL for a content hash over `columns` (NULL-safe: hash() treats NULL as a value)."""
    return f"hash({', '.join(columns)})"


def run(conn, sql: str, params: dict):
    """Execute `sql` with only the named parameters it uses (DuckDB rejects unused ones)."""
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    return conn.execute(sql, used)
