"""Taobao Open Platform (TOP) protocol: signing, request parameters, and parsing of answers into rows.

Everything here is pure (no network, no database), so it is tested on recorded payloads.

Requests: system parameters `method, app_key, session, timestamp (Beijing time, 'YYYY-MM-DD HH:MM:SS'),
v=2.0, format=json, sign_method`, plus the API's own; all are sent in a form-encoded POST body, so no
secret ever sits in a URL. We do not send `simplify`: the default (non-simplified) JSON wraps a result
as `{"trades_sold_increment_get_response": {"trades": {"trade": [...]}, "has_next": ...}}`, which is the
shape the platform documents and every SDK parses; errors come as `{"error_response": {"code", "msg",
"sub_code", "sub_msg"}}`, usually with HTTP 200.

Signing (documented method): drop `sign` and empty values, sort by name, concatenate name+value; md5 =
uppercase hex MD5 of secret + string + secret; hmac = uppercase hex HMAC-MD5 of the string keyed by the
secret; hmac-sha256 likewise with SHA-256.

Mapping of a trade to the canonical tables (`orders`, `order_lines`), the same rules as the order export
(connectors/orders.py): statuses become the Chinese texts the exports carry; a sale counts at `pay_time`;
a staged (presale) trade counts only when `step_trade_status` is FRONT_PAID_FINAL_PAID, and a deposit
whose balance is unpaid is not a sale. The API has no separate final-payment time, so for a fully paid
staged trade `pay_time` is taken as the final payment (FORMATS.md §6: no public source shows otherwise),
and for a deposit-only trade `pay_time` is the deposit's time and `step_paid_fee` its amount.
`modified` is the version (export_ts): a later modified replaces an earlier one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

API_VERSION = "2.0"
FORMAT = "json"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
TRADES_METHOD = "taobao.trades.sold.increment.get"
REFUNDS_METHOD = "taobao.refunds.receive.get"
TRADE_FIELDS = (
    "tid,type,status,buyer_nick,created,modified,pay_time,consign_time,end_time,payment,post_fee,total_fee,"
    "received_payment,step_trade_status,step_paid_fee,trade_from,"
    "orders.oid,orders.title,orders.price,orders.num,orders.num_iid,orders.outer_iid,orders.outer_sku_id,"
    "orders.sku_properties_name,orders.status,orders.payment,orders.total_fee,orders.refund_status,"
    "orders.consign_time,orders.order_from"
)
REFUND_FIELDS = "refund_id,tid,oid,status,refund_fee,modified,created"
REFUND_SUCCESS = "SUCCESS"
MARK_JHS = "聚划算"

# Trade / sub-order status enum -> the text the order export shows (FORMATS.md §5).
STATUS_ZH = {
    "WAIT_BUYER_PAY": "等待买家付款",
    "TRADE_NO_CREATE_PAY": "没有创建支付宝交易",
    "PAY_PENDING": "等待买家付款",
    "WAIT_SELLER_SEND_GOODS": "买家已付款，等待卖家发货",
    "PAID_FORBID_CONSIGN": "买家已付款，等待卖家发货",
    "SELLER_CONSIGNED_PART": "卖家部分发货",
    "WAIT_BUYER_CONFIRM_GOODS": "卖家已发货，等待买家确认",
    "TRADE_BUYER_SIGNED": "买家已签收",
    "TRADE_FINISHED": "交易成功",
    "TRADE_CLOSED": "交易关闭",
    "TRADE_CLOSED_BY_TAOBAO": "交易关闭",
}
UNPAID_STATUSES = frozenset({"WAIT_BUYER_PAY", "TRADE_NO_CREATE_PAY", "PAY_PENDING"})
REFUND_STATUS_ZH = {
    "NO_REFUND": "没有申请退款",
    "WAIT_SELLER_AGREE": "买家已经申请退款，等待卖家同意",
    "WAIT_BUYER_RETURN_GOODS": "卖家已经同意退款，等待买家退货",
    "WAIT_SELLER_CONFIRM_GOODS": "买家已经退货，等待卖家确认收货",
    "SELLER_REFUSE_BUYER": "卖家拒绝退款",
    "CLOSED": "退款关闭",
    "SUCCESS": "退款成功",
}
STEP_NONE_PAID = "FRONT_NOPAID_FINAL_NOPAID"
STEP_DEPOSIT_PAID = "FRONT_PAID_FINAL_NOPAID"
STEP_ALL_PAID = "FRONT_PAID_FINAL_PAID"
STEP_ZH = {
    STEP_NONE_PAID: "定金未付尾款未付",
    STEP_DEPOSIT_PAID: "定金已付尾款未付",
    STEP_ALL_PAID: "定金和尾款都付",
}

# Error codes (platform error list). Flow control: 4-8 (call limits) and sub-codes accesscontrol.* /
# isp.call-limited / *-limited; 10 and 15 with an isp.* sub-code are server trouble: both retryable.
FLOW_CODES = frozenset({4, 5, 6, 7, 8})
SERVER_CODES = frozenset({10, 15})
AUTH_CODES = frozenset({11, 12, 13, 24, 25, 26, 27, 28, 29, 53})
CLOCK_CODES = frozenset({30, 31})
CATEGORY_RETRYABLE = "retryable"
CATEGORY_AUTH = "auth"
CATEGORY_PARAM = "param"


class TopError(Exception):
    """An `error_response` from the platform, with its category: retryable, auth or param."""

    def __init__(
        self,
        code: int | None,
        msg: str,
        sub_code: str | None = None,
        sub_msg: str | None = None,
        *,
        where: str = "",
    ):
        self.code, self.msg, self.sub_code, self.sub_msg = code, msg or "", sub_code, sub_msg
        self.category = classify(code, sub_code)
        self.where = where
        super().__init__(self.describe())

    @property
    def clock_skew(self) -> bool:
        return self.code in CLOCK_CODES or "timestamp" in (self.sub_code or "").lower()

    @property
    def retryable(self) -> bool:
        return self.category == CATEGORY_RETRYABLE

    def describe(self) -> str:
        code = f"code {self.code}" + (f" / {self.sub_code}" if self.sub_code else "")
        detail = "：".join(p for p in (self.msg, self.sub_msg) if p)
        if self.clock_skew:
            hint = "本机时钟与淘宝服务器相差过大（允许误差 10 分钟），请校准电脑时间 / the computer's clock differs too much from the platform's"
        elif self.code == 25 or (self.sub_code or "").endswith("invalid-signature"):
            hint = "签名无效：请检查 App Secret 与签名方式 / invalid signature: check the app secret and sign_method"
        elif self.category == CATEGORY_AUTH:
            hint = "授权或权限错误：请检查 App Key、SessionKey 是否有效、是否过期 / authorisation or permission error: check the app key and session key"
        elif self.category == CATEGORY_RETRYABLE:
            hint = "平台限流或暂时不可用 / flow control or a temporary platform error"
        else:
            hint = "请求参数错误 / the request was refused as invalid"
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{hint} ({code}{'：' + detail if detail else ''})"


class TopPayloadError(Exception):
    """The answer is not the JSON we asked for (HTML page, truncated or empty body, wrong shape)."""


def classify(code: int | None, sub_code: str | None) -> str:
    """retryable / auth / param for an error code and sub-code."""
    sub = (sub_code or "").lower()
    if sub.startswith("isv.permission") or sub.endswith(
        ("invalid-signature", "invalid-session", "session-expired")
    ):
        return CATEGORY_AUTH
    if code in FLOW_CODES or sub.startswith("accesscontrol.") or sub.endswith(("call-limited", "-limited")):
        return CATEGORY_RETRYABLE
    if sub.startswith("isp.") or code in SERVER_CODES:
        return CATEGORY_RETRYABLE
    if code in AUTH_CODES:
        return CATEGORY_AUTH
    return CATEGORY_PARAM


# ----------------------------------------------------------------------------- requests


def format_time(value: dt.datetime) -> str:
    """A naive Beijing time as the platform writes it."""
    return value.strftime(TIME_FORMAT)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return format_time(value)
    return str(value)


def sign(params: Mapping[str, object], secret: str, method: str) -> str:
    """The documented TOP signature of `params` (the `sign` key itself and empty values are skipped)."""
    pairs = "".join(
        f"{k}{_text(v)}"
        for k, v in sorted(params.items())
        if k != "sign" and v is not None and _text(v) != ""
    )
    if method == "md5":
        digest = hashlib.md5((secret + pairs + secret).encode("utf-8")).hexdigest()
    elif method == "hmac":
        digest = hmac.new(secret.encode("utf-8"), pairs.encode("utf-8"), hashlib.md5).hexdigest()
    elif method == "hmac-sha256":
        digest = hmac.new(secret.encode("utf-8"), pairs.encode("utf-8"), hashlib.sha256).hexdigest()
    else:
        raise ValueError(f"unknown sign method: {method!r}")
    return digest.upper()


def signed_params(
    method: str,
    api_params: Mapping[str, object],
    *,
    app_key: str,
    secret: str,
    session: str,
    sign_method: str,
    now: dt.datetime,
) -> dict[str, str]:
    """System + API parameters as strings, with `sign` added; `now` is naive Beijing time."""
    params = {
        "method": method,
        "app_key": app_key,
        "session": session,
        "timestamp": format_time(now),
        "v": API_VERSION,
        "format": FORMAT,
        "sign_method": sign_method,
        **{k: _text(v) for k, v in api_params.items() if v is not None},
    }
    params["sign"] = sign(params, secret, sign_method)
    return params


def trades_params(start: dt.datetime, end: dt.datetime, page_no: int, page_size: int) -> dict[str, object]:
    """taobao.trades.sold.increment.get for one page of a modified-time window (both ends inclusive)."""
    return {
        "fields": TRADE_FIELDS,
        "start_modified": start,
        "end_modified": end,
        "page_no": page_no,
        "page_size": page_size,
        "use_has_next": True,
    }


def refunds_params(start: dt.datetime, end: dt.datetime, page_no: int, page_size: int) -> dict[str, object]:
    """taobao.refunds.receive.get: completed refunds (status SUCCESS) modified in the window."""
    return {
        "fields": REFUND_FIELDS,
        "status": REFUND_SUCCESS,
        "start_modified": start,
        "end_modified": end,
        "page_no": page_no,
        "page_size": page_size,
        "use_has_next": True,
    }


# ----------------------------------------------------------------------------- responses


def response_key(method: str) -> str:
    """'taobao.trades.sold.increment.get' -> 'trades_sold_increment_get_response'."""
    return method.split(".", 1)[1].replace(".", "_") + "_response"


def error_of(body: bytes) -> TopError | None:
    """The TopError in a body, if it is an error_response (None for anything else, including bad JSON)."""
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if isinstance(doc, dict) and isinstance(doc.get("error_response"), dict):
        err = doc["error_response"]
        return TopError(
            _int(err.get("code")), str(err.get("msg") or ""), err.get("sub_code"), err.get("sub_msg")
        )
    return None


def flow_control_reason(body: bytes) -> str | None:
    """The HTTP client's retry predicate: the error's description when the body is a retryable
    error_response (flow control, temporary platform trouble), else None."""
    if b"error_response" not in body[:200]:
        return None
    err = error_of(body)
    return err.describe() if err is not None and err.retryable else None


def parse_response(body: bytes, method: str, where: str) -> dict:
    """The result object of `method` in `body`; raise TopError for an error_response and TopPayloadError
    for an HTML page, a truncated or non-JSON body, or an unexpected shape. `where` names the endpoint and
    window in every message."""
    head = body[:512].lstrip().lower()
    if not head:
        raise TopPayloadError(f"{where}: 响应为空 / empty response")
    if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<")):
        raise TopPayloadError(
            f"{where}: 收到的是网页（HTML）而不是 JSON / received an HTML page instead of JSON"
        )
    try:
        doc = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise TopPayloadError(f"{where}: 响应不是 UTF-8 文本 / the response is not UTF-8 text") from None
    except ValueError as exc:
        raise TopPayloadError(
            f"{where}: 响应不是完整的 JSON（可能被截断，第 {getattr(exc, 'pos', '?')} 字节）/ the response is not complete JSON (truncated?)"
        ) from None
    if not isinstance(doc, dict):
        raise TopPayloadError(f"{where}: 响应格式不对 / unexpected response shape")
    if "error_response" in doc:
        err = doc["error_response"] if isinstance(doc["error_response"], dict) else {}
        raise TopError(
            _int(err.get("code")),
            str(err.get("msg") or ""),
            err.get("sub_code"),
            err.get("sub_msg"),
            where=where,
        )
    result = doc.get(response_key(method))
    if not isinstance(result, dict):
        raise TopPayloadError(
            f"{where}: 响应里没有 {response_key(method)} / {response_key(method)} missing from the response"
        )
    return result


def _list(container: object, key: str) -> list[dict]:
    """`{"trades": {"trade": [...]}}` -> the list (empty when absent)."""
    if not isinstance(container, dict):
        return []
    items = container.get(key)
    if isinstance(items, dict):  # a single item is sometimes not wrapped in a list
        items = [items]
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _flag(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def trades_page(result: dict) -> tuple[list[dict], bool]:
    """(trades, has_next) of a trades_sold_increment_get_response."""
    return _list(result.get("trades"), "trade"), _flag(result.get("has_next"))


def refunds_page(result: dict) -> tuple[list[dict], bool]:
    """(refunds, has_next) of a refunds_receive_get_response."""
    return _list(result.get("refunds"), "refund"), _flag(result.get("has_next"))


# ----------------------------------------------------------------------------- mapping


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def money(value: object) -> Decimal | None:
    """A platform amount ('200.07') as Decimal with 2 places; None when absent or not a number."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def timestamp(value: object) -> dt.datetime | None:
    """'YYYY-MM-DD HH:MM:SS' (Beijing) as a naive datetime; None when absent or malformed."""
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.datetime.strptime(value.strip(), TIME_FORMAT)
    except ValueError:
        return None


def _code(value: object) -> str | None:
    text = "".join(str(value).split()) if value is not None else ""
    return text or None


@dataclass(frozen=True)
class Refund:
    """A completed refund of one sub-order."""

    refund_id: str
    order_id: str
    line_id: str | None
    amount: Decimal
    modified: dt.datetime | None


def map_refund(raw: dict) -> Refund | None:
    """A SUCCESS refund as a Refund; None for other statuses or rows without ids/amounts."""
    if (
        raw.get("status") != REFUND_SUCCESS
        or raw.get("tid") in (None, "")
        or money(raw.get("refund_fee")) is None
    ):
        return None
    oid = raw.get("oid")
    return Refund(
        refund_id=str(raw.get("refund_id") or f"{raw.get('tid')}-{oid}"),
        order_id=str(raw.get("tid")),
        line_id=str(oid) if oid not in (None, "") else None,
        amount=money(raw.get("refund_fee")),
        modified=timestamp(raw.get("modified")),
    )


@dataclass
class MappedTrade:
    """One trade as canonical rows: the `orders` row, its `order_lines` rows and its marks."""

    order: dict
    lines: list[dict] = field(default_factory=list)
    marks: set[str] = field(default_factory=set)


def is_jhs(trade: dict) -> bool:
    """聚划算: 'JHS' among trade_from's comma-joined values, or 'jhs' in a sub-order's order_from."""
    if "JHS" in {p.strip().upper() for p in str(trade.get("trade_from") or "").split(",")}:
        return True
    return any("JHS" in str(o.get("order_from") or "").upper() for o in _list(trade.get("orders"), "order"))


def map_trade(trade: dict, refunds: Mapping[str, Refund] | None = None) -> MappedTrade:
    """Map one trade (with its sub-orders) to canonical rows. `refunds` maps line_id -> completed refund
    known from taobao.refunds.receive.get; a line marked SUCCESS without one gets refund_amount None
    (the load keeps the amount already stored for that line)."""
    refunds = refunds or {}
    tid = str(trade["tid"])
    status = trade.get("status") or ""
    step = trade.get("step_trade_status") or None
    pay_time = timestamp(trade.get("pay_time"))
    created = timestamp(trade.get("created"))
    modified = timestamp(trade.get("modified"))
    if step:
        paid_at = pay_time if step == STEP_ALL_PAID else None
    else:
        paid_at = None if status in UNPAID_STATUSES else pay_time
    lines = []
    for index, sub in enumerate(_list(trade.get("orders"), "order"), start=1):
        line_id = str(sub.get("oid") or f"{tid}#{index}")
        refund_status = sub.get("refund_status") or None
        refund = refunds.get(line_id)
        if refund is not None:
            refund_status, amount = REFUND_SUCCESS, refund.amount
        elif refund_status == REFUND_SUCCESS:
            amount = None
        else:
            amount = Decimal("0.00")
        lines.append(
            {
                "line_id": line_id,
                "order_id": tid,
                "title": sub.get("title"),
                "unit_price": money(sub.get("price")),
                "quantity": _int(sub.get("num")),
                "sku": _code(sub.get("outer_sku_id")) or _code(sub.get("outer_iid")),
                "outer_id": _code(sub.get("outer_iid")),
                "props": sub.get("sku_properties_name"),
                "package": None,
                "status": STATUS_ZH.get(sub.get("status") or status, sub.get("status") or status or None),
                "goods_amount": money(sub.get("total_fee")),
                "paid_amount": money(sub.get("payment")),
                "refund_status": REFUND_STATUS_ZH.get(refund_status, refund_status)
                if refund_status
                else None,
                "refund_amount": amount,
                "created_at": created,
                "pay_time": pay_time,
                "item_id": str(sub["num_iid"]) if sub.get("num_iid") not in (None, "") else None,
                "shipped_at": timestamp(sub.get("consign_time")) or timestamp(trade.get("consign_time")),
                "export_ts": modified,
            }
        )
    known = [line["refund_amount"] for line in lines if line["refund_amount"] is not None]
    order = {
        "order_id": tid,
        "buyer": trade.get("buyer_nick"),
        "status": STATUS_ZH.get(status, status or None),
        "close_reason": None,
        "created_at": created,
        "pay_time": pay_time,
        "paid_at": paid_at,
        "goods_amount": money(trade.get("total_fee")),
        "postage": money(trade.get("post_fee")),
        "total_amount": None,
        "paid_amount": money(trade.get("payment")),
        "refund_amount": sum(known, Decimal("0.00")),
        "received_amount": money(trade.get("received_payment")),
        "item_kinds": len(lines),
        "quantity": sum(line["quantity"] or 0 for line in lines),
        "titles": "，".join(str(line["title"]) for line in lines if line["title"]) or None,
        "is_mobile": None,
        "is_presale": bool(step),
        "presale_info": f"{STEP_ZH.get(step, step)}；已付 {trade.get('step_paid_fee') or '0.00'}"
        if step
        else None,
        "deposit_amount": money(trade.get("step_paid_fee")) if step == STEP_DEPOSIT_PAID else None,
        "deposit_paid_at": pay_time if step == STEP_DEPOSIT_PAID else None,
        "final_paid_at": pay_time if step == STEP_ALL_PAID else None,
        "shop_id": None,
        "shop_name": None,
        "shipped_at": timestamp(trade.get("consign_time")),
        "confirmed_at": timestamp(trade.get("end_time")) if status == "TRADE_FINISHED" else None,
        "export_ts": modified,
    }
    return MappedTrade(order, lines, {MARK_JHS} if is_jhs(trade) else set())
