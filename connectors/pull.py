"""Pull from the configured HTTP sources: `python -m connectors pull` and the import page's 同步 button.

`run_source` resolves one source's secrets at the edge (environment, else the `secrets` mapping the UI
passes in) and runs its sync; `main` is the CLI. Exit codes: 0 every source synced, 1 any source failed,
2 a usage or configuration error (bad sources.toml, unknown --source, a missing secret variable, a
locked database). Every line printed goes through the sources' Redactor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Mapping
from pathlib import Path

import duckdb

import db
from connectors.redact import Redactor
from connectors.sources import (
    KIND_TOP,
    Source,
    SourceConfigError,
    default_config_path,
    load_sources,
    resolve_credentials,
)
from connectors.top_sync import Progress, SyncReport, sync_top
from connectors.url_source import sync_url

TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")


def parse_time(text: str) -> dt.datetime:
    """'YYYY-MM-DD HH:MM' (Beijing time; seconds and a bare date also accepted)."""
    for fmt in TIME_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"not a time (YYYY-MM-DD HH:MM): {text!r}")


def run_source(
    conn: duckdb.DuckDBPyConnection,
    source: Source,
    *,
    work_dir: Path,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    secrets: Mapping | None = None,
    environ: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> SyncReport:
    """Sync one source (raises SourceConfigError when its secrets are not set)."""
    credentials = resolve_credentials(source, environ, secrets)
    redactor = Redactor(credentials.all())
    if source.kind == KIND_TOP:
        return sync_top(
            conn, source, credentials, since=since, until=until, progress=progress, redactor=redactor
        )
    return sync_url(conn, source, credentials, work_dir=work_dir, progress=progress, redactor=redactor)


def add_parser(commands) -> None:
    """Register the `pull` subcommand on the CLI's subparsers."""
    pull = commands.add_parser(
        "pull",
        help="sync orders over HTTP (Taobao Open Platform) and download exports by URL, per sources.toml",
        description="Sync one or all sources of sources.toml. Secrets come from the environment variables the file names.",
    )
    pull.add_argument("--db", type=Path, required=True, help="database file")
    pull.add_argument(
        "--config", type=Path, default=None, help="sources file (default: sources.toml beside the database)"
    )
    pull.add_argument("--source", default=None, help="only this source (its name in sources.toml)")
    pull.add_argument(
        "--since",
        type=parse_time,
        default=None,
        help="start of the modified-time range, Beijing time (default: the watermark)",
    )
    pull.add_argument(
        "--until", type=parse_time, default=None, help="end of the range (default: now minus a small lag)"
    )
    pull.add_argument("--json", action="store_true", help="print a JSON list, one object per source")


def _print_human(report: SyncReport) -> None:
    state = "成功 ok" if report.ok else "失败 failed"
    print(
        f"{report.source} ({report.kind}, {report.store}, {report.target}): {state} · 时间段 windows {report.windows} · "
        f"新增 inserted {report.inserted} · 更新 updated {report.updated} · 无变化 unchanged {report.unchanged} · "
        f"退款 refunds {report.refunds} · 请求 requests {report.requests} · 重试 retries {report.retries} · "
        f"错误 errors {len(report.errors)}"
        + (f" · 水位 watermark {report.watermark}" if report.watermark else "")
    )
    for line in report.log:
        print(f"  {line}")
    for error in report.errors:
        print(f"  错误 error: {error}")


def main(args: argparse.Namespace) -> int:
    """The `pull` subcommand; returns the exit code."""
    config = args.config or default_config_path(args.db)
    if args.since and args.until and args.since >= args.until:
        print("--since 必须早于 --until / --since must be before --until", file=sys.stderr)
        return 2
    try:
        sources = load_sources(config)
        if args.source:
            sources = [s for s in sources if s.name == args.source]
            if not sources:
                raise SourceConfigError(
                    f"{config}: 没有名为 {args.source} 的数据源 / no source named {args.source}"
                )
        for source in sources:
            resolve_credentials(source)  # every secret present before anything is fetched
        conn = db.connect(args.db)
    except (SourceConfigError, db.DatabaseLocked) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    work_dir = Path(args.db).resolve().parent / "tmp"
    reports = []
    try:
        for source in sources:
            report = run_source(conn, source, work_dir=work_dir, since=args.since, until=args.until)
            reports.append(report)
            if not args.json:
                _print_human(report)
    finally:
        conn.close()
    if args.json:
        print(json.dumps([r.to_json() for r in reports], ensure_ascii=False, indent=2))
    return 0 if all(r.ok for r in reports) else 1
