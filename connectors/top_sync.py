"""Incremental order sync from the Taobao Open Platform: windows, paging, and the window-by-window load.

Windows. From the watermark (the end of the last committed window; or --since; or, on a first sync,
`first_sync_days` back) to --until (default: now minus `lag_minutes`, because the newest changes may not
be indexed yet), in windows of at most `window_hours` (the API allows at most one day). Both ends of a
window are inclusive, so an order modified exactly on a boundary is read twice and stored once.

Paging. The API returns a window newest-modified first and documents reading it from the last page
backwards, so that an order modified during the read (it leaves the window for a later modified time,
and every row behind it moves up one place) cannot push an unread row onto a page already read. With
`use_has_next=true` the last page is not known, so we read forward and then re-read, for every page
boundary, the range between the modified times of the last row of one page and the first row of the
next (both inclusive): a row that slid across that boundary while we read has a modified time in that
range, whatever the sort order. Rows are merged by tid keeping the latest `modified`. The order that
moved is read again in the later window its new modified time falls into. Completed refunds
(taobao.refunds.receive.get, status SUCCESS) of the same window are read forward and merged by refund id
(a completed refund does not change again, so its pages do not shift).

Each window is fetched whole before anything is written, then loaded in one transaction that also
advances the watermark (connectors/http_load.py); the first window that fails stops the sync, is logged
as a rejected load, and is where the next sync starts.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import duckdb

from connectors import top
from connectors.http_client import FetchError, HttpClient
from connectors.http_load import (
    Window,
    WindowData,
    load_window,
    payload_digest,
    read_watermark,
    record_failure,
)
from connectors.loader import CommitCheckFailed, beijing_now
from connectors.redact import Redactor, mask_url
from connectors.sources import Credentials, TopSource

Progress = Callable[[float, str], None]
MAX_PAGES = 2000  # 200,000 trades in one window: beyond that something is wrong with has_next
MAX_BOUNDARY_DEPTH = 3


@dataclass
class SyncReport:
    """What one source's sync did: the CLI's line / JSON object and the page's sync log."""

    source: str
    kind: str
    store: str
    target: str  # gateway or URL, masked
    windows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    refunds: int = 0
    requests: int = 0
    retries: int = 0
    errors: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    watermark: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> dict:
        out = asdict(self)
        out["ok"] = self.ok
        out["seconds"] = round(self.seconds, 3)
        return out


def split_windows(start: dt.datetime, end: dt.datetime, hours: float) -> list[Window]:
    """Consecutive windows of at most `hours` covering [start, end]."""
    step = dt.timedelta(hours=hours)
    out, cursor = [], start
    while cursor < end:
        stop = min(cursor + step, end)
        out.append(Window(cursor, stop))
        cursor = stop
    return out


class TopApi:
    """fetch + parse of one signed call; the only place that combines the secret with a request."""

    def __init__(self, source: TopSource, credentials: Credentials, client: HttpClient):
        self.source, self.client = source, client
        self._secret = credentials.get(source.secret_env)
        self._session = credentials.get(source.session_env)
        self.bodies: list[bytes] = []

    def call(self, method: str, api_params: dict, window: Window) -> dict:
        where = f"{method} @ {mask_url(self.source.gateway)} [{window.label()}]"
        params = top.signed_params(
            method,
            api_params,
            app_key=self.source.app_key,
            secret=self._secret,
            session=self._session,
            sign_method=self.source.sign_method,
            now=beijing_now(),
        )
        fetched = self.client.request(
            "POST", self.source.gateway, data=params, retry_if=top.flow_control_reason, what=where
        )
        self.bodies.append(fetched.body)
        return top.parse_response(fetched.body, method, where)


def _pages(api: TopApi, method: str, build, unpack, window: Window, page_size: int) -> list[list[dict]]:
    pages = []
    for page_no in range(1, MAX_PAGES + 1):
        items, has_next = unpack(
            api.call(method, build(window.start, window.end, page_no, page_size), window)
        )
        pages.append(items)
        if not has_next or not items:
            return pages
    raise top.TopPayloadError(
        f"{method} [{window.label()}]: 超过 {MAX_PAGES} 页 / more than {MAX_PAGES} pages"
    )


def _merge_trades(found: dict[str, dict], trades: list[dict]) -> None:
    """Keep, per tid, the trade with the latest modified (a later read wins a tie)."""
    for trade in trades:
        tid = str(trade.get("tid") or "")
        if not tid:
            continue
        old = found.get(tid)
        if old is None or (top.timestamp(trade.get("modified")) or dt.datetime.min) >= (
            top.timestamp(old.get("modified")) or dt.datetime.min
        ):
            found[tid] = trade


def read_trades(api: TopApi, window: Window, page_size: int, depth: int = 0) -> dict[str, dict]:
    """Every trade modified in `window`, by tid (see the module docstring for the boundary re-reads)."""
    pages = _pages(api, top.TRADES_METHOD, top.trades_params, top.trades_page, window, page_size)
    found: dict[str, dict] = {}
    for page in pages:
        _merge_trades(found, page)
    if depth >= MAX_BOUNDARY_DEPTH:
        return found
    for before, after in zip(pages, pages[1:], strict=False):
        edges = [
            top.timestamp(before[-1].get("modified")) if before else None,
            top.timestamp(after[0].get("modified")) if after else None,
        ]
        if None in edges:
            continue
        edge = Window(max(min(edges), window.start), min(max(edges), window.end))
        if (edge.start, edge.end) == (window.start, window.end) or edge.start > edge.end:
            continue
        _merge_trades(found, list(read_trades(api, edge, page_size, depth + 1).values()))
    return found


def read_refunds(api: TopApi, window: Window, page_size: int) -> list[top.Refund]:
    """Completed refunds modified in `window`, one per refund id."""
    refunds: dict[str, top.Refund] = {}
    for page in _pages(api, top.REFUNDS_METHOD, top.refunds_params, top.refunds_page, window, page_size):
        for raw in page:
            refund = top.map_refund(raw)
            if refund is not None:
                refunds[refund.refund_id] = refund
    return list(refunds.values())


def fetch_window(api: TopApi, source: TopSource, window: Window) -> WindowData:
    """Fetch and map one window (nothing is written here)."""
    api.bodies = []
    trades = read_trades(api, window, source.page_size)
    refunds = read_refunds(api, window, source.page_size) if source.fetch_refunds else []
    by_line = {r.line_id: r for r in refunds if r.line_id}
    mapped = [top.map_trade(t, by_line) for t in trades.values()]
    return WindowData(mapped, refunds, payload_digest(api.bodies), len(trades))


def sync_top(
    conn: duckdb.DuckDBPyConnection,
    source: TopSource,
    credentials: Credentials,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    progress: Progress | None = None,
    redactor: Redactor | None = None,
) -> SyncReport:
    """Sync one TOP source window by window; never raises for network or platform trouble (see errors)."""
    clock = time.perf_counter()
    redactor = redactor or Redactor(credentials.all())
    report = SyncReport(source.name, source.kind, source.store, mask_url(source.gateway))
    until = until or beijing_now() - dt.timedelta(minutes=source.lag_minutes)
    start = (
        since
        or read_watermark(conn, source.name, source.store)
        or until - dt.timedelta(days=source.first_sync_days)
    )
    windows = split_windows(start, until, source.window_hours)
    if not windows:
        report.log.append(
            f"已同步到 {start:%Y-%m-%d %H:%M}，没有新的时间段 / already synced up to {start:%Y-%m-%d %H:%M}"
        )
    with HttpClient(source.http, redactor) as client:
        api = TopApi(source, credentials, client)
        for index, window in enumerate(windows):
            display = f"TOP {source.store} {window.label()}"
            started = beijing_now()
            if progress:
                progress(index / len(windows), f"{display}：读取中 / fetching")
            try:
                data = fetch_window(api, source, window)
                counts = load_window(
                    conn,
                    source=source.name,
                    store=source.store,
                    window=window,
                    data=data,
                    display=display,
                    started=started,
                )
            except (
                top.TopError,
                top.TopPayloadError,
                FetchError,
                CommitCheckFailed,
                duckdb.Error,
                ValueError,
                KeyError,
                TypeError,
            ) as exc:
                where = (
                    "" if isinstance(exc, top.TopError | top.TopPayloadError | FetchError) else f"{display}: "
                )
                message = redactor(f"{source.name}: {where}{exc}")
                report.errors.append(message)
                report.log.append(
                    f"{window.label()} 失败，未写入，下次从这里继续 / failed, nothing written, the next sync resumes here: {message}"
                )
                record_failure(conn, display=display, store=source.store, error=message, started=started)
                break
            report.windows += 1
            report.inserted += counts.inserted
            report.updated += counts.updated
            report.unchanged += counts.unchanged
            report.refunds += counts.refunds
            line = (
                f"{window.label()}：订单 {data.rows_read}，新增 {counts.inserted}，更新 {counts.updated}，无变化 {counts.unchanged}，"
                f"退款 {counts.refunds} / orders {data.rows_read}, new {counts.inserted}, updated {counts.updated}, "
                f"unchanged {counts.unchanged}, refunds {counts.refunds}"
            )
            if counts.refunds_unmatched:
                line += f"；{counts.refunds_unmatched} 笔退款找不到对应订单 / refunds without a synced order"
            report.log.append(line)
        report.requests, report.retries = client.requests, client.retries
    mark = read_watermark(conn, source.name, source.store)
    report.watermark = mark.isoformat(sep=" ") if mark else None
    if progress:
        progress(1.0, "完成 / done")
    report.seconds = time.perf_counter() - clock
    return report
