"""Turn an export file (CSV/TSV text in any supported encoding, .xlsx or .xls) into a raw DuckDB table.

The header row is found by content (title lines above it are skipped), the kind is recognised from
its headers, and only the columns a kind maps are kept, as text, in file order (the table's rowid is
the row's position among the data rows, from which the file line is computed).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from connectors.registry import SPECS, recognise
from connectors.spec import Spec, normalize_header
from connectors.transcode import UnsupportedEncoding, sniff_encoding, to_utf8

HEADER_SCAN_ROWS = 40
RAW_TABLE = "_co_raw"
REJECTS_TABLE = "_co_rejects"
REJECTS_SCAN = "_co_rejects_scan"


class FileRejected(Exception):
    """The whole file cannot be imported; the message says why in words a user can act on."""


@dataclass
class RawTable:
    """A file read into RAW_TABLE: columns named after spec fields, all VARCHAR, in file order (rowid)."""

    spec: Spec
    headers: list[str]
    columns: dict[str, str]  # field name -> original header text
    header_line: int  # 1-based line (or sheet row) of the header
    encoding: str
    container: str  # 'csv' | 'xlsx' | 'xls'
    rows_read: int = 0
    # Lines the CSV parser could not read: (line, reason, raw text).
    parse_rejects: list[tuple[int, str, str]] = field(default_factory=list)
    # For spreadsheets: sheet row of each rowid; for text: None (computed from line offsets).
    sheet_rows: list[int] | None = None
    sheet: str | None = None

    def line_of(self, row: int) -> int:
        """The 1-based file line (or sheet row) of raw row `row`."""
        if self.sheet_rows is not None:
            return self.sheet_rows[row]
        line = self.header_line + 1 + row
        for rejected_line, _, _ in sorted(self.parse_rejects):
            if rejected_line <= line:
                line += 1
        return line


def detect_container(path: Path) -> str:
    """'xlsx', 'xls' or 'text' from the file's first bytes (the name is not trusted)."""
    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"PK\x03\x04"):
        return "xlsx"
    if magic.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    return "text"


def read_raw(
    conn: duckdb.DuckDBPyConnection, path: Path, display_name: str, work_dir: Path, progress=None
) -> RawTable:
    """Read `path` into RAW_TABLE on `conn` and describe it; raise FileRejected when it cannot be read."""
    container = detect_container(path)
    if container == "text":
        return _read_text(conn, path, display_name, work_dir, progress)
    return _read_sheet(conn, path, display_name, container, progress)


# ----------------------------------------------------------------------------- header detection


def _best_header(rows: Iterable[list[object]]) -> tuple[int, list[str], Spec, float]:
    """Among the first rows, the one that looks most like a known header: (index, headers, spec, score)."""
    best: tuple[int, list[str], Spec | None, float] = (-1, [], None, 0.0)
    for index, row in enumerate(rows):
        if index >= HEADER_SCAN_ROWS:
            break
        headers = [normalize_header(cell) for cell in row]
        if sum(1 for h in headers if h) < 2:
            continue
        spec, score = recognise(headers)
        if spec is not None and score > best[3]:
            best = (index, headers, spec, score)
    index, headers, spec, score = best
    return index, headers, spec, score  # type: ignore[return-value]


def _describe_unrecognised(display_name: str, first_rows: list[list[object]]) -> str:
    seen = next((r for r in first_rows if sum(1 for c in r if normalize_header(c)) >= 2), [])
    shown = ", ".join(normalize_header(c) for c in seen if normalize_header(c))[:300]
    kinds = "、".join(s.label_zh for s in SPECS)
    return (
        f"{display_name}: 无法识别文件类型——前 {HEADER_SCAN_ROWS} 行里没有找到已知的表头"
        f"（支持：{kinds}）。找到的列：{shown or '（无）'}"
        f" / could not recognise the file type from its headers; columns found: {shown or '(none)'}"
    )


def _check_required(spec: Spec, headers: list[str], display_name: str) -> dict[str, int]:
    found = spec.match(headers)
    missing = spec.missing(found)
    if missing:
        present = ", ".join(h for h in headers if h)
        raise FileRejected(
            f"{display_name}: 看起来是{spec.label_zh}，但缺少必需的列：{'、'.join(missing)}；"
            f"文件中的列：{present} / looks like {spec.label_en} but is missing required column(s): "
            f"{', '.join(missing)}; found: {present}"
        )
    return found


# ----------------------------------------------------------------------------- text (CSV/TSV)


def _sample_lines(path: Path, encoding: str, limit: int = 1 << 18) -> list[str]:
    with path.open("rb") as fh:
        data = fh.read(limit)
    text = data.decode("utf-8-sig" if encoding.startswith("utf-8") else encoding, errors="replace")
    lines = text.splitlines()
    if len(data) == limit and lines:
        lines = lines[:-1]  # the last one may be cut by the sample size
    return lines


def _delimiter(lines: list[str]) -> str:
    head = "\n".join(lines[:HEADER_SCAN_ROWS])
    return "\t" if head.count("\t") > head.count(",") else ","


def _read_text(conn, path: Path, display_name: str, work_dir: Path, progress) -> RawTable:
    try:
        encoding = sniff_encoding(path)
    except UnsupportedEncoding as exc:
        raise FileRejected(str(exc).replace(path.name, display_name)) from None
    lines = _sample_lines(path, encoding)
    delim = _delimiter(lines)
    parsed = [next(csv.reader([line], delimiter=delim), []) for line in lines[:HEADER_SCAN_ROWS]]
    index, headers, spec, _ = _best_header(parsed)
    if spec is None:
        raise FileRejected(_describe_unrecognised(display_name, parsed))
    found = _check_required(spec, headers, display_name)
    # Old 宝贝报表 rows end with a trailing delimiter the header does not have.
    width = len(headers)
    data_sample = list(csv.reader(io.StringIO("\n".join(lines[index + 1 : index + 6])), delimiter=delim))
    if data_sample and len(data_sample[0]) == width + 1 and data_sample[0][-1] == "":
        width += 1
    if progress:
        progress(0.05, "解码 / decoding")
    source = path
    if encoding not in ("utf-8", "utf-8-sig"):
        source = work_dir / "utf8.csv"
        try:
            to_utf8(path, encoding, source)
        except UnsupportedEncoding as exc:
            raise FileRejected(str(exc).replace(path.name, display_name)) from None
    if progress:
        progress(0.35, "读取 / reading")
    raw = RawTable(
        spec=spec,
        headers=headers,
        columns={name: headers[i] for name, i in found.items()},
        header_line=index + 1,
        encoding=encoding,
        container="csv",
    )
    _load_csv(conn, source, raw, found, width, delim)
    return raw


def _load_csv(conn, source: Path, raw: RawTable, found: dict[str, int], width: int, delim: str) -> None:
    columns = {f"c{i}": "VARCHAR" for i in range(width)}
    select = ", ".join(f'c{i} AS "{name}"' for name, i in found.items())
    for table in (REJECTS_TABLE, REJECTS_SCAN):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.execute(
        f"CREATE OR REPLACE TEMP TABLE {RAW_TABLE} AS "
        f"SELECT {select} FROM read_csv($path, header = false, skip = $skip, columns = $columns, "
        f"delim = $delim, quote = '\"', escape = '\"', auto_detect = false, strict_mode = false, "
        f"store_rejects = true, rejects_table = '{REJECTS_TABLE}', rejects_scan = '{REJECTS_SCAN}')",
        {"path": str(source), "skip": raw.header_line, "columns": columns, "delim": delim},
    )
    raw.rows_read = conn.execute(f"SELECT count(*) FROM {RAW_TABLE}").fetchone()[0]
    rejects = conn.execute(
        f"SELECT line, min(error_type), min(error_message), min(csv_line) FROM {REJECTS_TABLE} GROUP BY line ORDER BY line"
    ).fetchall()
    raw.parse_rejects = [(int(line), f"{etype}: {message}", text) for line, etype, message, text in rejects]
    raw.rows_read += len({r[0] for r in raw.parse_rejects})


# ----------------------------------------------------------------------------- spreadsheets


def _cell_text(value: object) -> str | None:
    """A spreadsheet cell as the text a CSV export would carry."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    return str(value)


def _xlsx_sheets(path: Path) -> Iterator[tuple[str, Iterator[tuple]]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            yield sheet.title, sheet.iter_rows(values_only=True)
    finally:
        book.close()


def _xls_sheets(path: Path) -> Iterator[tuple[str, Iterator[tuple]]]:
    import xlrd

    book = xlrd.open_workbook(str(path), on_demand=True)
    try:
        for sheet_index in range(book.nsheets):
            sheet = book.sheet_by_index(sheet_index)

            def rows(sheet=sheet):
                for r in range(sheet.nrows):
                    out = []
                    for cell in sheet.row(r):
                        if cell.ctype == xlrd.XL_CELL_DATE:
                            out.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                        elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                            out.append(None)
                        else:
                            out.append(cell.value)
                    yield tuple(out)

            yield sheet.name, rows()
    finally:
        book.release_resources()


def _read_sheet(conn, path: Path, display_name: str, container: str, progress) -> RawTable:
    opener = _xlsx_sheets if container == "xlsx" else _xls_sheets
    try:
        sheets = opener(path)
        chosen = None
        all_first: list[list[object]] = []
        for title, rows in sheets:
            head: list[list[object]] = []
            for row in rows:
                head.append(list(row))
                if len(head) >= HEADER_SCAN_ROWS:
                    break
            all_first.extend(head)
            index, headers, spec, score = _best_header(head)
            if spec is not None and (chosen is None or score > chosen[4]):
                chosen = (title, index, headers, spec, score, head, rows)
                if score >= 10:
                    break
        if chosen is None:
            raise FileRejected(_describe_unrecognised(display_name, all_first))
        title, index, headers, spec, _, head, rows = chosen
        found = _check_required(spec, headers, display_name)
        if progress:
            progress(0.2, "读取表格 / reading sheet")
        data: dict[str, list[str | None]] = {name: [] for name in found}
        sheet_rows: list[int] = []
        sheet_row = index + 1
        for row in _chain(head[index + 1 :], rows):
            sheet_row += 1
            if not any(cell not in (None, "") for cell in row):
                continue
            for name, col in found.items():
                data[name].append(_cell_text(row[col]) if col < len(row) else None)
            sheet_rows.append(sheet_row)
        # Close the workbook before loading (generator cleanup).
        sheets.close()
    except FileRejected:
        raise
    except Exception as exc:  # openpyxl/xlrd raise many types for damaged workbooks
        raise FileRejected(
            f"{display_name}: 无法读取表格文件（{exc}）/ cannot read the workbook: {exc}"
        ) from None
    frame = pd.DataFrame({name: pd.Series(values, dtype="object") for name, values in data.items()})
    conn.register("_co_sheet_frame", frame)
    try:
        casts = ", ".join(f'CAST("{name}" AS VARCHAR) AS "{name}"' for name in found)
        conn.execute(f"CREATE OR REPLACE TEMP TABLE {RAW_TABLE} AS SELECT {casts} FROM _co_sheet_frame")
    finally:
        conn.unregister("_co_sheet_frame")
    return RawTable(
        spec=spec,
        headers=headers,
        columns={name: headers[i] for name, i in found.items()},
        header_line=index + 1,
        encoding=container,
        container=container,
        rows_read=len(frame),
        sheet_rows=sheet_rows,
        sheet=title,
    )


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def scratch_dir(base: Path) -> tempfile.TemporaryDirectory:
    """A private temporary folder under `base` for transcoded copies."""
    base.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(dir=base, prefix="import-")
