"""Run a metric query with bound parameters and return a DataFrame that keeps DuckDB's types exact.

DECIMAL columns come back as `decimal.Decimal` objects (object dtype, NULL -> None), integers as pandas
nullable `Int64`, DOUBLE as float64 (NULL -> NaN), DATE as `datetime.date` objects, VARCHAR as str.
(`.df()` would turn DECIMAL into float, so money would stop being exact.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

PERIOD_GRAINS = ("day", "month")


def _arrow_types(arrow_type: pa.DataType) -> Any:
    return pd.Int64Dtype() if pa.types.is_integer(arrow_type) else None


def query_frame(conn: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any]) -> pd.DataFrame:
    """Run `sql` with named parameters ($name) and return its rows as a DataFrame."""
    table = conn.sql(sql, params=dict(params)).to_arrow_table()
    return table.to_pandas(types_mapper=_arrow_types)


def check_grain(by: str) -> str:
    """Validate a period grain ('day' or 'month')."""
    if by not in PERIOD_GRAINS:
        raise ValueError(f"by must be one of {', '.join(PERIOD_GRAINS)}; got {by!r}")
    return by


def check_range(start: Any, end: Any) -> None:
    """Reject an inverted date range early, with a sentence instead of an empty frame."""
    if start is not None and end is not None and start > end:
        raise ValueError(f"start {start} is after end {end}")


def rows_frame(
    rows: Iterable[Mapping[str, Any]], columns: list[str], ints=(), floats=(), bools=()
) -> pd.DataFrame:
    """A frame from computed rows, typed like query_frame's: `ints` as Int64, `floats` as float64 (None ->
    NaN), `bools` as bool, the rest (Decimal, date, str) as objects with None for missing."""
    rows = list(rows)
    data = {}
    for column in columns:
        values = [row.get(column) for row in rows]
        if column in ints:
            data[column] = pd.array(values, dtype="Int64")
        elif column in floats:
            data[column] = np.array([np.nan if v is None else v for v in values], dtype="float64")
        elif column in bools:
            data[column] = np.array(values, dtype=bool)
        else:
            data[column] = np.array(values + [None], dtype=object)[:-1]  # never split into 2-D
    return pd.DataFrame(data, columns=columns)
