"""Fetch: the only module that touches the network. A requests.Session wrapper with limits.

- Connect and read timeouts on every request, a cap on the time one response may take to arrive whole
  (ends a slow drip), and an overall deadline per sync that no retry or sleep may cross.
- Bodies are streamed with a size cap (a Content-Length over the cap is refused before reading).
- Retries with exponential backoff and full jitter for connection errors, timeouts, 5xx and 429 (whose
  Retry-After is honoured up to a cap), and for responses a caller's predicate calls retryable (the
  platform's flow-control errors, which arrive as HTTP 200).
- TLS is always verified: against `ca_file` when given, else the default trust store; nothing turns it
  off. Plain http is refused unless the source allows it and the host is 127.0.0.1 / localhost (tests).
- The environment's proxies and .netrc are not used (`trust_env = False`): a sync talks only to the
  configured host and never picks up credentials it was not given.
- Every message is passed through the sync's Redactor before it is raised or logged.
"""

from __future__ import annotations

import email.utils
import logging
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions

from connectors.redact import MASK, Redactor, mask_url
from connectors.sources import LOCAL_HOSTS, HttpSettings

log = logging.getLogger("connectors.http")
CHUNK_BYTES = 64 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "store-ops-cockpit/1 (+python-requests)"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_QUERY = re.compile(r"\?[^\s'\"]*")


class FetchError(Exception):
    """A request failed; `retryable` says whether trying again may help. Messages are redacted."""

    retryable = False

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class NetworkError(FetchError):
    """Connection refused or reset, a timeout, a slow drip, a cut-off body."""

    retryable = True


class ServerBusy(FetchError):
    """HTTP 5xx or 429, or a platform flow-control answer."""

    retryable = True


class HttpStatusError(FetchError):
    """Any other non-2xx answer (404, 401, 403 ...): trying again will not help."""


class BodyTooLarge(FetchError):
    """The body is (or announces itself as) larger than the cap."""


class InsecureUrl(FetchError):
    """A plain-http URL outside the local test hosts, or a redirect to one."""


class TlsError(FetchError):
    """The server's certificate could not be verified."""


class DeadlineExceeded(FetchError):
    """The sync's overall time is used up."""


@dataclass
class Fetched:
    """A successful response: status, headers and the body (None when it was written to a sink)."""

    status: int
    headers: dict[str, str]
    body: bytes | None
    url: str
    size: int


def check_url(url: str, allow_http: bool) -> None:
    """Refuse anything but https, except plain http to a local test host when explicitly allowed."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and allow_http and parts.hostname in LOCAL_HOSTS:
        return
    raise InsecureUrl(f"{mask_url(url)}: 只允许 https:// 地址 / only https:// URLs are allowed")


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None when absent/invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class HttpClient:
    """One sync's HTTP session: counts requests and retries, and keeps to the sync's deadline."""

    def __init__(
        self,
        settings: HttpSettings,
        redactor: Redactor | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        jitter: Callable[[], float] = random.random,
    ):
        self.settings = settings
        self.redact = redactor or Redactor()
        self._sleep, self._clock, self._jitter = sleep, clock, jitter
        self.deadline = clock() + settings.deadline_seconds
        self.requests = 0
        self.retries = 0
        self.bytes_read = 0
        self.session = requests.Session()
        self.session.trust_env = False
        self.session.headers["User-Agent"] = USER_AGENT
        # verify is never False: a CA bundle path when configured, else the default trust store.
        self.verify: str | bool = settings.ca_file or True

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def remaining(self) -> float:
        return self.deadline - self._clock()

    def request(
        self,
        method: str,
        url: str,
        *,
        data: dict | None = None,
        headers: dict | None = None,
        retry_if: Callable[[bytes], str | None] | None = None,
        sink: BinaryIO | None = None,
        what: str = "",
    ) -> Fetched:
        """Send one logical request, retrying what can be retried; raise a FetchError otherwise.

        `retry_if(body)` returns a reason when a 2xx answer is a retryable refusal (flow control). With `sink`, the body
        is written there (truncated again before each retry) instead of being returned.
        """
        label = what or mask_url(url)
        attempt = 0
        while True:
            if self.remaining() <= 0:
                raise DeadlineExceeded(self._deadline_text(label))
            try:
                fetched = self._once(method, url, data, headers, sink, label)
                refusal = (
                    retry_if(fetched.body) if retry_if is not None and fetched.body is not None else None
                )
                if refusal:
                    raise ServerBusy(f"{label}: {refusal}")
                return fetched
            except FetchError as exc:
                if not exc.retryable or attempt >= self.settings.max_retries:
                    raise
                delay = self._delay(attempt, exc.retry_after)
                if delay >= self.remaining():
                    raise DeadlineExceeded(f"{self._deadline_text(label)}; {exc}") from exc
                attempt += 1
                self.retries += 1
                log.info("retry %d for %s in %.2fs: %s", attempt, label, delay, self.redact(exc))
                if sink is not None:
                    sink.seek(0)
                    sink.truncate()
                self._sleep(delay)

    def _deadline_text(self, label: str) -> str:
        seconds = self.settings.deadline_seconds
        return f"{label}: 超过本次同步的时限 {seconds:g} 秒 / the sync's deadline of {seconds:g}s was reached"

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        """Full jitter: uniform in [0, min(cap, base * 2^attempt)]; a Retry-After wins, up to its cap."""
        s = self.settings
        if retry_after is not None:
            return min(max(retry_after, 0.0), s.retry_after_cap_seconds)
        return self._jitter() * min(s.backoff_cap_seconds, s.backoff_seconds * (2**attempt))

    def _once(self, method, url, data, headers, sink, label) -> Fetched:
        s = self.settings
        headers = dict(headers or {})
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(current, s.allow_http)
            read_timeout = max(0.01, min(s.read_timeout, self.remaining()))
            self.requests += 1
            log.debug("%s %s (%s)", method, mask_url(current), label)
            try:
                response = self.session.request(
                    method,
                    current,
                    data=data,
                    headers=headers,
                    timeout=(s.connect_timeout, read_timeout),
                    verify=self.verify,
                    stream=True,
                    allow_redirects=False,
                )
            except requests.exceptions.SSLError as exc:
                raise TlsError(
                    f"{label}: 证书校验失败 / TLS certificate verification failed: {self.redact(_short(exc))}"
                ) from None
            except (requests.exceptions.Timeout, urllib3.exceptions.TimeoutError):
                raise NetworkError(f"{label}: 等待响应超时 / timed out waiting for the server") from None
            except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                raise NetworkError(
                    f"{label}: 网络连接失败 / connection failed: {self.redact(_short(exc))}"
                ) from None
            with response:
                if response.is_redirect and "location" in response.headers:
                    target = urljoin(current, response.headers["location"])
                    if urlsplit(target).netloc != urlsplit(current).netloc:
                        headers = {k: v for k, v in headers.items() if k.lower() != "authorization"}
                    current = target
                    continue
                return self._read(response, current, sink, label)
        raise HttpStatusError(f"{label}: 重定向次数过多 / too many redirects")

    def _read(self, response: requests.Response, url: str, sink, label: str) -> Fetched:
        s = self.settings
        status = response.status_code
        if status in _RETRY_STATUSES:
            wait = parse_retry_after(response.headers.get("Retry-After"))
            raise ServerBusy(
                f"{label}: 服务器返回 HTTP {status} / server answered HTTP {status}",
                status=status,
                retry_after=wait,
            )
        if not 200 <= status < 300:
            raise HttpStatusError(
                f"{label}: 服务器返回 HTTP {status} / server answered HTTP {status}", status=status
            )
        announced = response.headers.get("Content-Length", "")
        if announced.isdigit() and int(announced) > s.max_bytes:
            raise BodyTooLarge(self._too_large(label))
        started = self._clock()
        size = 0
        parts: list[bytes] = []
        raw = response.raw
        try:
            while True:
                chunk = raw.read1(CHUNK_BYTES, decode_content=True)
                if not chunk:
                    break
                size += len(chunk)
                if size > s.max_bytes:
                    raise BodyTooLarge(self._too_large(label))
                if sink is not None:
                    sink.write(chunk)
                else:
                    parts.append(chunk)
                now = self._clock()
                if now >= self.deadline:
                    raise DeadlineExceeded(self._deadline_text(label))
                if now - started > s.request_seconds:
                    raise NetworkError(
                        f"{label}: 响应太慢，{s.request_seconds:g} 秒内未读完 / response too slow, not complete within {s.request_seconds:g}s"
                    )
        except (urllib3.exceptions.ReadTimeoutError, TimeoutError):
            raise NetworkError(f"{label}: 读取响应超时 / timed out reading the response") from None
        except (urllib3.exceptions.ProtocolError, urllib3.exceptions.DecodeError, OSError) as exc:
            raise NetworkError(
                f"{label}: 响应不完整 / the response was cut off: {self.redact(_short(exc))}"
            ) from None
        self.bytes_read += size
        body = None if sink is not None else b"".join(parts)
        return Fetched(status, dict(response.headers), body, url, size)

    def _too_large(self, label: str) -> str:
        cap = self.settings.max_bytes
        return f"{label}: 响应超过大小上限 {cap} 字节，已拒绝 / the response exceeds the size cap of {cap} bytes and was refused"


def _short(exc: BaseException) -> str:
    """The first line of an exception's text, shortened, with any query string masked (library messages
    quote the request URL, and a signed URL carries its token there)."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return _QUERY.sub("?" + MASK, text)[:300]


class _MaskQueryStrings(logging.Filter):
    """urllib3 logs each request line with its full URL at DEBUG; mask the query string there."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "?" in message:
            record.msg, record.args = _QUERY.sub("?" + MASK, message), None
        return True


def _install_log_filter() -> None:
    logger = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, _MaskQueryStrings) for f in logger.filters):
        logger.addFilter(_MaskQueryStrings())


_install_log_filter()
