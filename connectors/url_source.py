"""URL source: download an export file (ERP, shared folder) and import it exactly like an upload.

The body is streamed to a temp file under the data folder (`<work_dir>/downloads`), named by tempfile,
never from the URL or the response headers; a body over the cap is refused. The token, when configured,
comes from the environment variable `token_env` and is sent in `header` (Authorization: Bearer <token> by
default). The file then goes through connectors.import_file (kind detection by headers, dedupe by
content, rejected rows) with source 'http'. HTTP errors are reported in words naming the source, with the
URL's query string masked.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import duckdb

from connectors.http_client import FetchError, HttpClient, HttpStatusError
from connectors.loader import import_file
from connectors.redact import Redactor, mask_url
from connectors.registry import KIND_LABELS
from connectors.sources import DEFAULT_TOKEN_HEADER, Credentials, UrlSource
from connectors.top_sync import Progress, SyncReport

DOWNLOAD_FOLDER = "downloads"
SOURCE_HTTP = "http"
_NAME_CHARS = 120


def display_name(source: UrlSource) -> str:
    """The name shown in the load log: the URL's last path segment (it often carries the export time,
    e.g. ExportOrderList202611031015.csv), else the source name. Display text only, never a path."""
    segment = PurePosixPath(unquote(urlsplit(source.url).path)).name
    cleaned = "".join(ch for ch in segment if ch.isprintable() and ch not in "/\\")[:_NAME_CHARS]
    return cleaned or source.name


def auth_headers(source: UrlSource, credentials: Credentials) -> dict[str, str]:
    token = credentials.get(source.token_env)
    if not token:
        return {}
    if source.header.lower() == DEFAULT_TOKEN_HEADER.lower():
        return {DEFAULT_TOKEN_HEADER: f"Bearer {token}"}
    return {source.header: token}


def _explain(source: UrlSource, exc: FetchError) -> str:
    if isinstance(exc, HttpStatusError) and exc.status == 404:
        return (
            f"{source.name}: 找不到文件（HTTP 404），请检查网址 {mask_url(source.url)} / not found (HTTP 404)"
        )
    if isinstance(exc, HttpStatusError) and exc.status in (401, 403):
        return f"{source.name}: 没有权限（HTTP {exc.status}），请检查令牌 {source.token_env or ''} / access denied (HTTP {exc.status}): check the token"
    return f"{source.name}: {exc}"


def sync_url(
    conn: duckdb.DuckDBPyConnection,
    source: UrlSource,
    credentials: Credentials,
    *,
    work_dir: Path,
    progress: Progress | None = None,
    redactor: Redactor | None = None,
) -> SyncReport:
    """Download and import one URL source; never raises for network trouble (see the report's errors)."""
    clock = time.perf_counter()
    redactor = redactor or Redactor(credentials.all())
    report = SyncReport(source.name, source.kind, source.store, mask_url(source.url))
    folder = Path(work_dir) / DOWNLOAD_FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix="pull-", suffix=".download", dir=folder)
    try:
        with HttpClient(source.http, redactor) as client:
            if progress:
                progress(0.0, f"{source.name}：下载中 / downloading")
            try:
                with os.fdopen(fd, "wb") as sink:
                    client.request(
                        "GET",
                        source.url,
                        headers=auth_headers(source, credentials),
                        sink=sink,
                        what=f"{source.name} {mask_url(source.url)}",
                    )
            except FetchError as exc:
                report.errors.append(redactor(_explain(source, exc)))
            finally:
                report.requests, report.retries = client.requests, client.retries
        if not report.errors:
            result = import_file(
                conn,
                tmp_name,
                name=display_name(source),
                store=source.store,
                source=SOURCE_HTTP,
                progress=(lambda f, t: progress(0.2 + 0.8 * f, t)) if progress else None,
                work_dir=Path(work_dir),
            )
            report.windows = 1
            report.inserted, report.updated, report.unchanged = (
                result.inserted,
                result.updated,
                result.unchanged,
            )
            label = KIND_LABELS.get(result.kind, result.kind or "?")
            report.log.append(
                f"{result.file}：{label}，读取 {result.rows_read}，新增 {result.inserted}，更新 {result.updated}，"
                f"无变化 {result.unchanged}，拒绝 {len(result.rejected)} / read {result.rows_read}, new {result.inserted}, "
                f"updated {result.updated}, unchanged {result.unchanged}, rejected {len(result.rejected)}"
            )
            report.log.extend(result.notes)
            if result.error:
                report.errors.append(redactor(f"{source.name}: {result.error}"))
            elif source.expected_kind and result.kind != source.expected_kind:
                report.errors.append(
                    f"{source.name}: 下载的是{label}，不是配置的{KIND_LABELS[source.expected_kind]}（已按{label}导入）"
                    f" / the file is a {result.kind}, not the expected {source.expected_kind} (imported as {result.kind})"
                )
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
    if progress:
        progress(1.0, "完成 / done")
    report.seconds = time.perf_counter() - clock
    return report
