"""Command line: `python -m connectors import --db PATH [--store NAME] [--author NAME] [--json] FILE...`,
and `python -m connectors pull --db PATH [--config PATH] [--source NAME] [--since ...] [--until ...] [--json]`
(HTTP sources; connectors/pull.py).

Imports the files in the order given. Exit code 0 when every file imported or was unchanged, 1 when
any file was rejected (the others still import), 2 on a usage error or when the database cannot be
opened. The command never adds demo data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from pathlib import Path

import db
from connectors import pull
from connectors.loader import import_file
from connectors.registry import KIND_LABELS

STATUS_LABELS = {
    "imported": "已导入 imported",
    "unchanged": "无变化 unchanged",
    "rejected": "已拒绝 rejected",
}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def default_author() -> str | None:
    """The OS user name, recorded as who changed the plan; None when the system cannot tell."""
    try:
        return getpass.getuser() or None
    except (OSError, KeyError, ImportError):
        return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m connectors", description="Import store exports into DuckDB."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser(
        "import",
        help="import export files (订单报表, 宝贝报表, 生意参谋, ERP stock, 销售计划)",
        description="Import files in the order given; the kind of each file is recognised from its headers.",
    )
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument(
        "--db",
        type=Path,
        default=None,
        help=f"database file (default: ${db.DB_ENV_VAR} or data/store.duckdb)",
    )
    imp.add_argument("--store", default=None, help="store for files without a store column (created if new)")
    imp.add_argument(
        "--snapshot-date",
        type=_date,
        default=None,
        help="date of a stock snapshot (default: from the file name)",
    )
    imp.add_argument(
        "--author",
        default=None,
        help="who imports, recorded in the plan history of a sales plan file (default: the OS user name)",
    )
    imp.add_argument("--json", action="store_true", help="print a JSON list, one object per file")
    pull.add_parser(commands)
    return parser


def _print_human(result) -> None:
    label = KIND_LABELS.get(result.kind, result.kind or "?")
    print(
        f"{result.file}: {STATUS_LABELS[result.status]} · {label} · 读取 {result.rows_read} · 新增 {result.inserted} · "
        f"更新 {result.updated} · 无变化 {result.unchanged} · 拒绝 {len(result.rejected)}"
        + (f" · 店铺 {result.store}" if result.store else "")
    )
    if result.error:
        print(f"  错误 error: {result.error}")
    for note in result.notes:
        print(f"  {note}")
    for row in result.rejected[:50]:
        where = f"第 {row.line} 行" if row.line is not None else "整个文件"
        column = f" 列 {row.column}" if row.column else ""
        value = f" 值 {row.value!r}" if row.value is not None else ""
        print(f"  拒绝 {where}{column}{value}: {row.reason}")
    if len(result.rejected) > 50:
        print(f"  … 另有 {len(result.rejected) - 50} 行被拒绝（用 --json 查看全部）")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "pull":
        return pull.main(args)
    db_path = args.db or db.default_db_path()
    try:
        conn = db.connect(db_path)
    except db.DatabaseLocked as exc:
        print(str(exc), file=sys.stderr)
        return 2
    work_dir = Path(db_path).resolve().parent / "tmp"
    author = args.author if args.author is not None else default_author()
    results = []
    try:
        for name in args.files:
            result = import_file(
                conn,
                Path(name),
                name=name,
                store=args.store,
                snapshot_date=args.snapshot_date,
                work_dir=work_dir,
                author=author,
            )
            results.append(result)
            if not args.json:
                _print_human(result)
    finally:
        conn.close()
    if args.json:
        print(json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=2))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
