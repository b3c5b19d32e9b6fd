"""A small TOP-compatible server on 127.0.0.1 for the HTTP sync tests, plus a file host for URL sources.

It verifies each request the documented way (signature by the request's sign_method with the app
secret, app key, session key, timestamp within 10 minutes of Beijing time) and serves a known set of
trades and refunds from memory through taobao.trades.sold.increment.get (newest modified first,
use_has_next paging) and taobao.refunds.receive.get. Scenario switches make the next requests fail in
the ways real networks and the platform do: flow-control error_response with HTTP 200, 429 with
Retry-After, 503, a hung response, a slow drip, truncated JSON, an HTML page with status 200. A hook runs
after each trades page is served, so a test can modify orders while the client is paging.

Only the standard library: ThreadingHTTPServer, optionally wrapped in TLS with a test certificate.
"""

from __future__ import annotations

import datetime as dt
import json
import ssl
import threading
import time
from collections.abc import Callable
from copy import deepcopy
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

from connectors.top import sign

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
BEIJING = ZoneInfo("Asia/Shanghai")
TRADES = "taobao.trades.sold.increment.get"
REFUNDS = "taobao.refunds.receive.get"
HTML_PAGE = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>Tengine</body></html>"


def ts(value: dt.datetime) -> str:
    return value.strftime(TIME_FORMAT)


def make_trade(
    tid: int,
    modified: dt.datetime,
    *,
    status: str = "WAIT_SELLER_SEND_GOODS",
    payment: str = "100.00",
    buyer: str | None = None,
    lines: int = 1,
    step: str | None = None,
    step_paid_fee: str | None = None,
    trade_from: str = "WAP,TAOBAO",
    refund_status: str = "NO_REFUND",
) -> dict:
    """A trade as the non-simplified JSON carries it, with `lines` sub-orders sharing the payment."""
    paid = status not in ("WAIT_BUYER_PAY", "TRADE_CLOSED_BY_TAOBAO")
    created = modified - dt.timedelta(hours=1)
    share = (Decimal(payment) / lines).quantize(Decimal("0.01"))
    orders = [
        {
            "oid": tid * 10 + i,
            "title": f"商品 {tid}-{i}",
            "price": str(share),
            "num": 1,
            "num_iid": 600000 + i,
            "outer_iid": f"SPU{i}",
            "outer_sku_id": f"SKU-{tid % 7}-{i}",
            "sku_properties_name": "颜色分类:红色",
            "status": status,
            "payment": str(share),
            "total_fee": str(share),
            "refund_status": refund_status,
            "order_from": "jhs" if "JHS" in trade_from else "WAP",
        }
        for i in range(1, lines + 1)
    ]
    trade = {
        "tid": tid,
        "type": "step" if step else "fixed",
        "status": status,
        "buyer_nick": buyer or f"tb_buyer_{tid % 97}",
        "created": ts(created),
        "modified": ts(modified),
        "payment": payment,
        "post_fee": "0.00",
        "total_fee": payment,
        "trade_from": trade_from,
        "orders": {"order": orders},
    }
    if paid:
        trade["pay_time"] = ts(created + dt.timedelta(minutes=5))
    if step:
        trade["step_trade_status"] = step
        trade["step_paid_fee"] = step_paid_fee or payment
    return trade


def make_refund(tid: int, oid: int, fee: str, modified: dt.datetime, status: str = "SUCCESS") -> dict:
    return {
        "refund_id": f"R{oid}",
        "tid": tid,
        "oid": oid,
        "status": status,
        "refund_fee": fee,
        "modified": ts(modified),
    }


class TopServer:
    """The server and its state; use as a context manager (starts on a free port, stops on exit)."""

    def __init__(self, app_key: str, secret: str, session: str, *, tls: ssl.SSLContext | None = None):
        self.app_key, self.secret, self.session = app_key, secret, session
        self.trades: dict[int, dict] = {}
        self.refunds: list[dict] = []
        self.files: dict[str, bytes] = {}
        self.file_token: str | None = None
        self.lock = threading.RLock()
        self.log: list[dict] = []  # every request's parameters (server side: may hold secrets)
        self.signs: list[str] = []
        # Scenario switches: how many of the next API requests get each treatment.
        self.flow_control = 0
        self.too_many = 0
        self.retry_after = "1"
        self.unavailable = 0
        self.hang = 0
        self.drip = 0
        self.truncate = 0
        self.html = 0
        self.fail_from_window: str | None = None  # only requests whose start_modified >= this are affected
        self.after_trades_page: Callable[[TopServer, dict], None] | None = None
        self.release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def gateway(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}/router/rest"

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> TopServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()

    # ---- state helpers for tests ----

    def add(self, *trades: dict) -> None:
        with self.lock:
            for trade in trades:
                self.trades[trade["tid"]] = trade

    def modify(self, tid: int, modified: dt.datetime, **changes) -> None:
        """Change a trade as the platform would: new state, later modified time."""
        with self.lock:
            trade = self.trades[tid]
            trade["modified"] = ts(modified)
            for key, value in changes.items():
                trade[key] = value
                if key == "status":
                    for sub in trade["orders"]["order"]:
                        sub["status"] = value

    def held(self, start: dt.datetime, end: dt.datetime) -> dict[str, dict]:
        """Trades whose current modified time is in [start, end], by tid text."""
        with self.lock:
            return {
                str(t["tid"]): deepcopy(t)
                for t in self.trades.values()
                if ts(start) <= t["modified"] <= ts(end)
            }

    def api_requests(self, method: str = TRADES) -> list[dict]:
        return [p for p in self.log if p.get("method") == method]

    # ---- answering ----

    def answer(self, params: dict) -> tuple[int, dict[str, str], bytes, str | None]:
        """(status, headers, body, treatment) for one API request."""
        with self.lock:
            self.log.append(params)
            self.signs.append(params.get("sign", ""))
            affected = (
                self.fail_from_window is None or params.get("start_modified", "") >= self.fail_from_window
            )
            for name in ("hang", "drip", "too_many", "unavailable", "truncate", "html", "flow_control"):
                if affected and getattr(self, name) > 0:
                    setattr(self, name, getattr(self, name) - 1)
                    treatment = name
                    break
            else:
                treatment = None
            if treatment == "too_many":
                return 429, {"Retry-After": self.retry_after}, b'{"message": "too many requests"}', None
            if treatment == "unavailable":
                return 503, {}, b"Service Unavailable", None
            if treatment == "html":
                return 200, {"Content-Type": "text/html"}, HTML_PAGE, None
            if treatment == "flow_control":
                return (
                    200,
                    {},
                    _error(
                        7,
                        "App Call Limited",
                        "accesscontrol.limited-by-app-access-count",
                        "This ban will last for 1 more seconds",
                    ),
                    None,
                )
            error = self.check(params)
            if error is not None:
                return 200, {}, error, None
            body = self.result(params)
            if treatment == "truncate":
                return 200, {}, body[: len(body) // 2], None
            return 200, {}, body, treatment

    def check(self, params: dict) -> bytes | None:
        """The platform's checks: signature, app key, session, timestamp."""
        method = params.get("sign_method", "")
        if method not in ("md5", "hmac", "hmac-sha256"):
            return _error(41, "Invalid arguments:sign_method", "isv.invalid-parameter:sign_method")
        if sign(params, self.secret, method) != params.get("sign"):
            return _error(25, "Invalid signature", "isv.invalid-signature")
        if params.get("app_key") != self.app_key:
            return _error(29, "Invalid app Key", "isv.appkey-not-exists")
        if params.get("session") != self.session:
            return _error(27, "Invalid session", "invalid-sessionkey")
        sent = dt.datetime.strptime(params.get("timestamp", "1970-01-01 00:00:00"), TIME_FORMAT)
        if abs((dt.datetime.now(BEIJING).replace(tzinfo=None) - sent).total_seconds()) > 600:
            return _error(31, "Invalid timestamp", "isv.invalid-timestamp")
        return None

    def result(self, params: dict) -> bytes:
        start, end = params["start_modified"], params["end_modified"]
        page_no, page_size = int(params.get("page_no", 1)), int(params.get("page_size", 40))
        if params["method"] == TRADES:
            rows = sorted(
                (t for t in self.trades.values() if start <= t["modified"] <= end),
                key=lambda t: (t["modified"], t["tid"]),
                reverse=True,
            )
            key, wrapper, item = "trades_sold_increment_get_response", "trades", "trade"
        elif params["method"] == REFUNDS:
            rows = [
                r
                for r in self.refunds
                if start <= r["modified"] <= end and r["status"] == params.get("status", r["status"])
            ]
            key, wrapper, item = "refunds_receive_get_response", "refunds", "refund"
        else:
            return _error(22, "Invalid method")
        page = deepcopy(rows[(page_no - 1) * page_size : page_no * page_size])
        has_next = page_no * page_size < len(rows)
        return json.dumps(
            {key: {wrapper: {item: page}, "has_next": has_next, "request_id": "test"}}, ensure_ascii=False
        ).encode("utf-8")


def _error(code: int, msg: str, sub_code: str | None = None, sub_msg: str | None = None) -> bytes:
    body = {"code": code, "msg": msg, "request_id": "test"}
    if sub_code:
        body["sub_code"] = sub_code
    if sub_msg:
        body["sub_msg"] = sub_msg
    return json.dumps({"error_response": body}).encode("utf-8")


def _handler(server: TopServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            params = dict(parse_qsl(self.rfile.read(length).decode("utf-8"), keep_blank_values=True))
            status, headers, body, treatment = server.answer(params)
            if (
                params.get("method") == TRADES
                and server.after_trades_page is not None
                and b'"has_next"' in body
            ):
                # Before the page is sent, so the change is in place when the client asks for the next one.
                server.after_trades_page(server, params)
            if treatment == "hang":
                server.release.wait(5)
                return self._close()
            if treatment == "drip":
                self.send_response(200)
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    for i in range(len(body)):
                        if server.release.is_set():
                            break
                        self.wfile.write(body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(0.05)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return self._close()
            self._send(status, headers, body)

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            with server.lock:
                server.log.append({"path": path, "authorization": self.headers.get("Authorization")})
                body = server.files.get(path)
                token = server.file_token
            if token is not None and self.headers.get("Authorization") != f"Bearer {token}":
                return self._send(401, {}, b"unauthorized")
            if body is None:
                return self._send(
                    404, {"Content-Type": "text/html"}, b"<html><body>404 Not Found</body></html>"
                )
            if path.endswith(".chunked"):
                return self._send_chunked(body)
            self._send(200, {"Content-Type": "text/csv"}, body)

        def _send(self, status: int, headers: dict, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", headers.pop("Content-Type", "application/json;charset=UTF-8"))
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _send_chunked(self, body: bytes) -> None:
            """No Content-Length: the client's cap must stop the stream itself."""
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for i in range(0, len(body), 65536):
                    part = body[i : i + 65536]
                    self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _close(self) -> None:
            self.close_connection = True

    return Handler


# Short limits so every scenario ends well within a second or two.
FAST_LIMITS = {
    "connect_timeout": 1.0,
    "read_timeout": 0.4,
    "request_seconds": 0.5,
    "deadline_seconds": 8.0,
    "max_retries": 3,
    "backoff_seconds": 0.01,
    "backoff_cap_seconds": 0.05,
    "retry_after_cap_seconds": 0.2,
}


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def sources_toml(*tables: dict) -> str:
    """A sources.toml with one [[sources]] table per dict."""
    parts = []
    for table in tables:
        parts.append("[[sources]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in table.items()))
    return "\n".join(parts)
