"""Cell cleaning, written once as DuckDB macros: every connector casts raw text through these.

Raw export cells carry Excel tricks (`="123"`, a leading apostrophe, trailing tabs), unit suffixes
(`元`, `¥`), thousands separators and placeholders (`-`, `--`, `暂无`) that mean "missing", never 0.
A macro returns NULL for a missing value; a cast that fails on a non-missing value is a bad cell.
"""

from __future__ import annotations

import duckdb

# Placeholders that mean "no value" in these exports (FORMATS.md §4, §8).
MISSING_MARKERS = ("", "-", "--", "—", "暂无", "null", "NULL", "None", "N/A", "n/a", "nan")

TIMESTAMP_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%Y/%m/%d",
)
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M")


def _sql_list(values: tuple[str, ...]) -> str:
    """A SQL list literal of constant strings from this module (never user input)."""
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


_MACROS = f"""
CREATE OR REPLACE TEMP MACRO nullif_missing(x) AS (
    CASE WHEN x IN ({", ".join("'" + m + "'" for m in MISSING_MARKERS)}) THEN NULL ELSE x END
);
CREATE OR REPLACE TEMP MACRO co_text_slow(x) AS (
    nullif_missing(regexp_replace(
        regexp_replace(
            regexp_replace(x, '^[\\s\\x{{FEFF}}\\x{{3000}}]*=?"(.*)"[\\s\\x{{3000}}]*$', '\\1', 's'),
            '^[\\s\\x{{FEFF}}\\x{{3000}}\\x{{200B}}]+|[\\s\\x{{3000}}\\x{{200B}}\\x{{A0}}]+$', '', 'g'),
        '^''', ''))
);
CREATE OR REPLACE TEMP MACRO co_text(x) AS (
    CASE WHEN x IS NULL THEN NULL
         WHEN left(x, 1) IN (' ', '=', '''', chr(9), chr(10), chr(13), chr(65279), chr(12288), chr(8203), chr(160))
           OR right(x, 1) IN (' ', chr(9), chr(10), chr(13), chr(12288), chr(8203), chr(160))
         THEN co_text_slow(x)
         ELSE nullif_missing(x) END
);
CREATE OR REPLACE TEMP MACRO ct_number(t) AS (regexp_replace(t, '[,，元¥￥\\s]', '', 'g'));
CREATE OR REPLACE TEMP MACRO ct_money(t) AS (
    coalesce(TRY_CAST(t AS DECIMAL(18, 2)), TRY_CAST(ct_number(t) AS DECIMAL(18, 2)))
);
CREATE OR REPLACE TEMP MACRO ct_int(t) AS (
    CASE WHEN regexp_full_match(ct_number(t), '[-+]?\\d+(\\.0*)?')
         THEN TRY_CAST(TRY_CAST(ct_number(t) AS DECIMAL(38, 4)) AS BIGINT) END
);
CREATE OR REPLACE TEMP MACRO ct_float(t) AS (TRY_CAST(ct_number(t) AS DOUBLE));
CREATE OR REPLACE TEMP MACRO ct_pct(t) AS (
    CASE WHEN suffix(t, '%') THEN TRY_CAST(rtrim(ct_number(t), '%') AS DOUBLE) / 100
         ELSE TRY_CAST(ct_number(t) AS DOUBLE) END
);
CREATE OR REPLACE TEMP MACRO ct_ts(t) AS (try_strptime(t, {_sql_list(TIMESTAMP_FORMATS)}));
CREATE OR REPLACE TEMP MACRO ct_date(t) AS (CAST(try_strptime(t, {_sql_list(DATE_FORMATS)}) AS DATE));
CREATE OR REPLACE TEMP MACRO ct_id(t) AS (CASE WHEN regexp_full_match(t, '\\d+') THEN t END);
CREATE OR REPLACE TEMP MACRO ct_code(t) AS (
    nullif_missing(regexp_replace(t, '[\\s\\x{{200B}}\\x{{FEFF}}\\x{{A0}}\\x{{3000}}]+', '', 'g'))
);
CREATE OR REPLACE TEMP MACRO ct_status(t) AS (replace(t, ',', '，'));
CREATE OR REPLACE TEMP MACRO ct_bool(t) AS (
    CASE WHEN t IS NULL THEN NULL WHEN t IN ('否', '0', 'false', 'False', 'FALSE', 'N', 'n', 'no') THEN false ELSE true END
);
CREATE OR REPLACE TEMP MACRO co_money(x) AS (ct_money(co_text(x)));
CREATE OR REPLACE TEMP MACRO co_int(x) AS (ct_int(co_text(x)));
CREATE OR REPLACE TEMP MACRO co_pct(x) AS (ct_pct(co_text(x)));
CREATE OR REPLACE TEMP MACRO co_ts(x) AS (ct_ts(co_text(x)));
CREATE OR REPLACE TEMP MACRO co_date(x) AS (ct_date(co_text(x)));
CREATE OR REPLACE TEMP MACRO co_id(x) AS (ct_id(co_text(x)));
CREATE OR REPLACE TEMP MACRO co_code(x) AS (ct_code(co_text(x)));
CREATE OR REPLACE TEMP MACRO co_status(x) AS (ct_status(co_text(x)));
"""


def install_macros(conn: duckdb.DuckDBPyConnection) -> None:
    """Define the co_* cleaning macros on this connection (temp macros live per connection)."""
    conn.execute(_MACROS)


# How each field type is cast from cleaned text (the output of co_text), and what a failure is called.
CASTS: dict[str, tuple[str, str]] = {
    "text": ("{}", ""),
    "status": ("ct_status({})", ""),
    "code": ("ct_code({})", ""),
    "id": ("ct_id({})", "不是有效的编号（应为数字，可能被 Excel 改成了科学计数法）/ not a valid id"),
    "money": ("ct_money({})", "不是有效金额 / not a valid amount"),
    "int": ("ct_int({})", "不是有效整数 / not a valid whole number"),
    "float": ("ct_float({})", "不是有效数字 / not a valid number"),
    "pct": ("ct_pct({})", "不是有效百分比 / not a valid percentage"),
    "ts": ("ct_ts({})", "不是有效时间（应为 YYYY-MM-DD HH:MM:SS）/ not a valid timestamp"),
    "date": ("ct_date({})", "不是有效日期（应为 YYYY-MM-DD）/ not a valid date"),
    "bool": ("ct_bool({})", ""),
}
