"""TOP order sync against a real server on 127.0.0.1 (tests/topserver.py): signing, paging with has_next,
orders modified while pages are read, flow control, 429/503, hung and dripping responses, truncated JSON,
HTML with status 200, a wrong secret, TLS with a private CA, the CLI; and the pure parts (sign, parse,
map, sources.toml) on recorded payloads.

After every sync: each order the server holds for the synced range is in the database exactly once with
its latest state, the watermark is right, sales_daily matches its definition, and no secret (app secret,
session key, any signature sent) appears in the captured logs or output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import shutil
import ssl
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from topserver import FAST_LIMITS, TopServer, make_refund, make_trade, sources_toml, ts

import daily_sales
import db
from connectors import pull, top, top_sync
from connectors.__main__ import main as cli
from connectors.http_client import HttpClient
from connectors.redact import Redactor, mask_url, redact
from connectors.sources import (
    HttpSettings,
    SourceConfigError,
    load_sources,
    parse_sources,
    resolve_credentials,
)

APP_KEY = "23456789"
SECRET = "app-secret-9f8e7d6c5b4a39281706"
SESSION = "6102a1b2c3d4e5f60718293a4b5c6d7e8f9"
SECRET_ENV, SESSION_ENV = "TEST_TOP_APP_SECRET", "TEST_TOP_SESSION"
STORE = "同步测试旗舰店"
DAY1 = dt.datetime(2026, 11, 1)
DAY2 = DAY1 + dt.timedelta(days=1)
UNTIL = DAY1 + dt.timedelta(days=2)
PAGE_SIZE = 10
DAY1_TRADES = 25  # three pages of 10


def standard_trades() -> list[dict]:
    """25 paid trades on day 1; on day 2 a deposit-only presale, a fully paid presale, a 聚划算 trade,
    an unpaid one, a closed one and a finished one."""
    trades = [
        make_trade(
            1000 + i, DAY1 + dt.timedelta(minutes=10 + 55 * i), payment=f"{100 + i}.50", lines=1 + i % 2
        )
        for i in range(DAY1_TRADES)
    ]
    trades += [
        make_trade(
            2001,
            DAY2 + dt.timedelta(hours=1),
            status="WAIT_BUYER_PAY",
            payment="300.00",
            step="FRONT_PAID_FINAL_NOPAID",
            step_paid_fee="50.00",
        ),
        make_trade(2002, DAY2 + dt.timedelta(hours=2), payment="260.00", step="FRONT_PAID_FINAL_PAID"),
        make_trade(2003, DAY2 + dt.timedelta(hours=3), payment="99.00", trade_from="JHS,WAP"),
        make_trade(2004, DAY2 + dt.timedelta(hours=4), status="WAIT_BUYER_PAY", payment="45.00"),
        make_trade(2005, DAY2 + dt.timedelta(hours=5), status="TRADE_CLOSED_BY_TAOBAO", payment="45.00"),
        make_trade(2006, DAY2 + dt.timedelta(hours=6), status="TRADE_FINISHED", payment="88.00"),
    ]
    return trades


@pytest.fixture
def server():
    with TopServer(APP_KEY, SECRET, SESSION) as srv:
        srv.add(*standard_trades())
        # Trade 1003 (day 1) had its refund completed on day 2: the refund arrives in the later window.
        srv.refunds.append(make_refund(1003, 10031, "30.00", DAY2 + dt.timedelta(minutes=30)))
        yield srv


@pytest.fixture
def secrets_env(monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)
    monkeypatch.setenv(SESSION_ENV, SESSION)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "store.duckdb"


def top_table(gateway: str, **overrides) -> dict:
    table = {
        "name": "tmall",
        "kind": "top",
        "store": STORE,
        "gateway": gateway,
        "app_key": APP_KEY,
        "sign_method": "md5",
        "secret_env": SECRET_ENV,
        "session_env": SESSION_ENV,
        "allow_http": True,
        "page_size": PAGE_SIZE,
        **FAST_LIMITS,
    }
    table.update(overrides)
    return {k: v for k, v in table.items() if v is not None}


def write_config(db_path: Path, gateway: str, **overrides) -> Path:
    path = db_path.parent / "sources.toml"
    path.write_text(sources_toml(top_table(gateway, **overrides)), encoding="utf-8")
    return path


def run_sync(db_path: Path, gateway: str, since=DAY1, until=UNTIL, **overrides) -> top_sync.SyncReport:
    config = write_config(db_path, gateway, **overrides)
    (source,) = load_sources(config)
    conn = db.connect(db_path)
    try:
        return pull.run_source(conn, source, work_dir=db_path.parent / "tmp", since=since, until=until)
    finally:
        conn.close()


def assert_synced(db_path: Path, server: TopServer, start=DAY1, end=UNTIL) -> None:
    """Every order the server holds for [start, end] is stored once, in its latest state; nothing doubles."""
    held = server.held(start, end)
    conn = db.connect(db_path)
    try:
        rows = {
            r[0]: r[1:]
            for r in conn.execute(
                "SELECT order_id, count(*) OVER (PARTITION BY order_id), status, paid_amount, export_ts FROM orders WHERE store = $s",
                {"s": STORE},
            ).fetchall()
        }
        for tid, trade in held.items():
            assert tid in rows, f"order {tid} missing"
            copies, status, paid, version = rows[tid]
            assert copies == 1, tid
            assert status == top.STATUS_ZH[trade["status"]], tid
            assert paid == Decimal(trade["payment"]), tid
            refunded = [
                top.timestamp(r["modified"])
                for r in server.refunds
                if str(r["tid"]) == tid and r["modified"] <= ts(end)
            ]
            assert version == max([top.timestamp(trade["modified"]), *refunded]), (
                tid
            )  # a later refund is newer info
        lines = conn.execute(
            "SELECT count(*), count(DISTINCT line_id) FROM order_lines WHERE store = $s", {"s": STORE}
        ).fetchone()
        assert lines[0] == lines[1]
        expected_lines = sum(len(t["orders"]["order"]) for t in held.values())
        assert lines[0] >= expected_lines
        for table, fresh in daily_sales.recompute(conn).items():
            assert daily_sales.kept_rows(conn, table) == fresh, table
    finally:
        conn.close()


def watermark(db_path: Path):
    conn = db.connect(db_path)
    try:
        row = conn.execute(
            "SELECT watermark FROM sync_state WHERE source = 'tmall' AND store = $s", {"s": STORE}
        ).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def order_ids(db_path: Path) -> set[str]:
    conn = db.connect(db_path)
    try:
        return {r[0] for r in conn.execute("SELECT order_id FROM orders").fetchall()}
    finally:
        conn.close()


def assert_no_secret(server: TopServer, *texts: str) -> None:
    values = [SECRET, SESSION, *[s for s in server.signs if s]]
    for text in texts:
        for value in values:
            assert value not in text, "a secret leaked into the output"


@pytest.fixture
def captured(caplog, capsys):
    """All log records at DEBUG (urllib3 and ours) and everything printed, as one text."""
    caplog.set_level(logging.DEBUG)

    def text(*extra) -> str:
        out = capsys.readouterr()
        return "\n".join([caplog.text, out.out, out.err, *map(str, extra)])

    return text


# ----------------------------------------------------------------------------- scenarios


def test_paging_with_has_next_reads_every_page_of_every_window(server, secrets_env, db_path, captured):
    report = run_sync(db_path, server.gateway)
    assert report.ok, report.errors
    assert report.windows == 2
    assert report.inserted == len(standard_trades())
    pages = [(p["start_modified"], p["page_no"]) for p in server.api_requests()]
    assert (ts(DAY1), "3") in pages  # day 1 has more orders than one page
    assert all(
        p["use_has_next"] == "true" and p["page_size"] == str(PAGE_SIZE) for p in server.api_requests()
    )
    assert report.requests == len(server.log)
    assert_synced(db_path, server)
    assert watermark(db_path) == UNTIL
    assert_no_secret(server, captured(report.to_json()))


def test_second_sync_of_the_same_range_counts_nothing_twice(server, secrets_env, db_path, captured):
    first = run_sync(db_path, server.gateway)
    second = run_sync(db_path, server.gateway)
    assert first.ok and second.ok
    assert (second.inserted, second.updated) == (0, 0)
    assert second.unchanged == len(standard_trades())
    assert second.refunds == first.refunds == 1
    assert_synced(db_path, server)
    conn = db.connect(db_path)
    try:
        loads = conn.execute("SELECT status, source, file_name FROM loads ORDER BY load_id").fetchall()
    finally:
        conn.close()
    assert [s for s, _, _ in loads] == ["imported", "imported", "unchanged", "unchanged"]
    assert {src for _, src, _ in loads} == {"http"}
    assert loads[0][2] == f"TOP {STORE} 2026-11-01 00:00–2026-11-02 00:00"
    assert_no_secret(server, captured())


def test_orders_modified_between_page_reads_are_neither_lost_nor_doubled(
    server, secrets_env, db_path, captured
):
    moved = []

    def modify_during_read(srv: TopServer, params: dict) -> None:
        # After page 1 of day 1 is served, its newest order changes (and so leaves day 1 for day 2):
        # every older order moves up one place, so page 2 starts one row later than it did.
        if (
            params["start_modified"] == ts(DAY1)
            and params["end_modified"] == ts(DAY2)
            and params["page_no"] == "1"
            and not moved
        ):
            newest = max(
                (t for t in srv.trades.values() if t["modified"] < ts(DAY2)), key=lambda t: t["modified"]
            )
            srv.modify(newest["tid"], DAY2 + dt.timedelta(hours=7), status="WAIT_BUYER_CONFIRM_GOODS")
            moved.append(str(newest["tid"]))

    server.after_trades_page = modify_during_read
    report = run_sync(db_path, server.gateway)
    assert report.ok, report.errors
    assert moved
    assert_synced(db_path, server)
    assert order_ids(db_path) == {str(t) for t in server.trades}
    assert watermark(db_path) == UNTIL
    assert_no_secret(server, captured())


def test_without_the_boundary_rereads_the_shift_loses_an_order(server, secrets_env, db_path, monkeypatch):
    """The control for the test above: it does exercise a shift that a plain forward read gets wrong."""
    monkeypatch.setattr(top_sync, "MAX_BOUNDARY_DEPTH", 0)
    done = []

    def modify_during_read(srv: TopServer, params: dict) -> None:
        if params["start_modified"] == ts(DAY1) and params["page_no"] == "1" and not done:
            newest = max(
                (t for t in srv.trades.values() if t["modified"] < ts(DAY2)), key=lambda t: t["modified"]
            )
            srv.modify(newest["tid"], DAY2 + dt.timedelta(hours=7))
            done.append(1)

    server.after_trades_page = modify_during_read
    run_sync(db_path, server.gateway)
    assert len({str(t) for t in server.trades} - order_ids(db_path)) == 1


@pytest.mark.parametrize(
    "switch, times",
    [
        ("flow_control", 2),  # HTTP 200 error_response code 7 / accesscontrol.limited-by-app-access-count
        ("too_many", 1),  # 429 with Retry-After (1 s, capped to 0.2 s by the config)
        ("unavailable", 2),  # 503 twice, then success
        ("hang", 1),  # no answer at all: ended by the read timeout
        ("drip", 1),  # one byte every 50 ms: ended by request_seconds
    ],
)
def test_transient_trouble_is_retried_and_the_sync_completes(
    server, secrets_env, db_path, captured, switch, times
):
    setattr(server, switch, times)
    report = run_sync(db_path, server.gateway)
    assert report.ok, report.errors
    assert report.retries == times
    assert report.requests == len(server.log)
    assert_synced(db_path, server)
    assert watermark(db_path) == UNTIL
    assert_no_secret(server, captured(report.to_json()))


def test_retry_after_is_honoured_within_its_cap(server):
    waits = []
    server.too_many, server.retry_after = 1, "3"
    settings = HttpSettings(retry_after_cap_seconds=2.0, allow_http=True, read_timeout=2)
    with HttpClient(settings, sleep=waits.append) as client:
        client.request("POST", server.gateway, data={"method": "x"})
    assert waits == [2.0]
    server.too_many, server.retry_after = 1, "1"
    with HttpClient(settings, sleep=waits.append) as client:
        client.request("POST", server.gateway, data={"method": "x"})
    assert waits == [2.0, 1.0]


@pytest.mark.parametrize("switch", ["truncate", "html"])
def test_a_broken_body_fails_its_window_and_the_next_sync_resumes_there(
    server, secrets_env, db_path, captured, switch
):
    setattr(server, switch, 100)
    server.fail_from_window = ts(DAY2)
    report = run_sync(db_path, server.gateway)
    assert not report.ok and report.windows == 1
    (error,) = report.errors
    assert "taobao.trades.sold.increment.get" in error and "2026-11-02 00:00–2026-11-03 00:00" in error
    assert ("JSON" in error) if switch == "truncate" else ("HTML" in error)
    assert report.retries == 0  # a broken body is reported, not retried
    assert watermark(db_path) == DAY2  # day 1 committed, day 2 not
    assert order_ids(db_path) == {str(t) for t in server.trades if t < 2000}
    assert_synced(db_path, server, DAY1, DAY2 - dt.timedelta(seconds=1))
    setattr(server, switch, 0)
    resumed = run_sync(db_path, server.gateway, since=None)
    assert resumed.ok and resumed.windows == 1
    assert_synced(db_path, server)
    assert watermark(db_path) == UNTIL
    conn = db.connect(db_path)
    try:
        rejected = conn.execute("SELECT file_name, error FROM loads WHERE status = 'rejected'").fetchall()
    finally:
        conn.close()
    assert rejected and "2026-11-02" in rejected[0][0]
    assert_no_secret(server, captured(report.to_json(), rejected))


def test_a_wrong_secret_is_not_retried_and_is_reported_with_its_code(server, db_path, monkeypatch, captured):
    monkeypatch.setenv(SECRET_ENV, "not-the-app-secret-000")
    monkeypatch.setenv(SESSION_ENV, SESSION)
    report = run_sync(db_path, server.gateway)
    (error,) = report.errors
    assert "tmall" in error and "code 25" in error and "isv.invalid-signature" in error
    assert (report.requests, report.retries, report.windows) == (1, 0, 0)
    assert order_ids(db_path) == set() and watermark(db_path) is None
    assert_no_secret(server, captured(report.to_json()), "not-the-app-secret-000")
    assert "not-the-app-secret-000" not in captured(report.to_json())


def test_a_hung_server_ends_at_the_deadline_and_commits_nothing(server, secrets_env, db_path, captured):
    server.hang = 100
    report = run_sync(db_path, server.gateway, deadline_seconds=1.0, max_retries=10)
    assert not report.ok
    assert report.seconds < 3
    assert order_ids(db_path) == set() and watermark(db_path) is None
    server.hang = 0
    assert run_sync(db_path, server.gateway, since=DAY1).ok
    assert_synced(db_path, server)
    assert_no_secret(server, captured())


def test_presale_jhs_and_refunds_land_like_the_export_rules(server, secrets_env, db_path):
    assert run_sync(db_path, server.gateway).ok
    conn = db.connect(db_path)
    try:
        rows = {
            r[0]: r[1:]
            for r in conn.execute(
                "SELECT order_id, paid_at, is_presale, deposit_amount, refund_amount FROM orders WHERE order_id IN ('2001', '2002', '2004', '2005', '1003')"
            ).fetchall()
        }
        marks = conn.execute("SELECT order_id, mark FROM order_marks").fetchall()
        line = conn.execute(
            "SELECT refund_status, refund_amount FROM order_lines WHERE line_id = '10031'"
        ).fetchone()
        refunds = conn.execute("SELECT sum(refunds) FROM sales_daily").fetchone()[0]
    finally:
        conn.close()
    assert (
        rows["2001"][0] is None and rows["2001"][1] and rows["2001"][2] == Decimal("50.00")
    )  # deposit only: no sale
    assert rows["2002"][0] is not None and rows["2002"][1]  # fully paid presale counts
    assert rows["2004"][0] is None and rows["2005"][0] is None  # unpaid, closed before payment
    assert marks == [("2003", top.MARK_JHS)]
    assert line == ("退款成功", Decimal("30.00"))  # refund of day 2 written onto the line synced on day 1
    assert rows["1003"][3] == Decimal("30.00")
    assert refunds == Decimal("30.00")


def test_https_with_a_private_ca_is_refused_without_it_and_accepted_with_it(
    tmp_path, secrets_env, db_path, captured
):
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command-line tool is not installed")
    ca, cert, key = make_test_ca(tmp_path / "pki")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with TopServer(APP_KEY, SECRET, SESSION, tls=context) as srv:
        srv.add(*standard_trades())
        assert srv.gateway.startswith("https://")
        refused = run_sync(db_path, srv.gateway, allow_http=None)
        assert not refused.ok and "证书" in refused.errors[0] and refused.retries == 0
        accepted = run_sync(db_path, srv.gateway, allow_http=None, ca_file=str(ca))
        assert accepted.ok, accepted.errors
        assert_synced(db_path, srv)
        assert_no_secret(srv, captured(refused.to_json(), accepted.to_json()))


def make_test_ca(folder: Path) -> tuple[Path, Path, Path]:
    """A throw-away CA and a server certificate for 127.0.0.1 signed by it (openssl command line)."""
    folder.mkdir()

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True, timeout=60)

    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Store Ops Test CA",
    )
    openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    )
    (folder / "ext.cnf").write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n", encoding="ascii"
    )
    openssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    )
    return folder / "ca.pem", folder / "server.pem", folder / "server.key"


# ----------------------------------------------------------------------------- CLI


def test_cli_pull_prints_counts_and_exit_codes(server, secrets_env, db_path, captured, capsys):
    config = write_config(db_path, server.gateway)
    code = cli(
        [
            "pull",
            "--db",
            str(db_path),
            "--config",
            str(config),
            "--since",
            "2026-11-01 00:00",
            "--until",
            "2026-11-03 00:00",
            "--json",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    (report,) = json.loads(out)
    assert report["windows"] == 2 and report["inserted"] == len(standard_trades()) and report["refunds"] == 1
    assert report["requests"] >= 5 and report["retries"] == 0 and report["errors"] == []
    server.html = 100
    code = cli(
        [
            "pull",
            "--db",
            str(db_path),
            "--config",
            str(config),
            "--since",
            "2026-11-01 00:00",
            "--until",
            "2026-11-03 00:00",
        ]
    )
    human = captured()
    assert code == 1 and "错误 error" in human and "HTML" in human
    assert cli(["pull", "--db", str(db_path), "--config", str(config), "--source", "nope"]) == 2
    assert_no_secret(server, out, human, captured())


def test_cli_pull_refuses_a_missing_secret_variable(server, db_path, monkeypatch, capsys):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    config = write_config(db_path, server.gateway)
    assert cli(["pull", "--db", str(db_path), "--config", str(config)]) == 2
    assert SECRET_ENV in capsys.readouterr().err
    assert server.log == []


# ----------------------------------------------------------------------------- pure parts


def test_sign_follows_the_documented_method():
    params = {
        "method": "taobao.trades.sold.increment.get",
        "app_key": "12345",
        "v": "2.0",
        "fields": "tid,status",
        "empty": "",
        "sign": "X",
    }
    joined = "app_key12345fieldstid,statusmethodtaobao.trades.sold.increment.getv2.0"
    assert top.sign(params, "sec", "md5") == hashlib.md5(f"sec{joined}sec".encode()).hexdigest().upper()
    assert (
        top.sign(params, "sec", "hmac") == hmac.new(b"sec", joined.encode(), hashlib.md5).hexdigest().upper()
    )
    assert (
        top.sign(params, "sec", "hmac-sha256")
        == hmac.new(b"sec", joined.encode(), hashlib.sha256).hexdigest().upper()
    )


@pytest.mark.parametrize(
    "code, sub_code, category",
    [
        (7, "accesscontrol.limited-by-app-access-count", "retryable"),
        (7, None, "retryable"),
        (15, "isp.call-limited", "retryable"),
        (15, "isp.top-remote-connection-timeout", "retryable"),
        (25, "isv.invalid-signature", "auth"),
        (27, "invalid-sessionkey", "auth"),
        (53, None, "auth"),
        (11, "isv.permission-api-package-limit", "auth"),
        (41, "isv.invalid-parameter", "param"),
    ],
)
def test_error_codes_are_classified(code, sub_code, category):
    body = json.dumps({"error_response": {"code": code, "msg": "m", "sub_code": sub_code}}).encode()
    with pytest.raises(top.TopError) as info:
        top.parse_response(body, top.TRADES_METHOD, "where")
    assert info.value.category == category
    assert (top.flow_control_reason(body) is not None) == (category == "retryable")


def test_a_clock_skew_is_reported_as_such():
    body = (
        b'{"error_response": {"code": 31, "msg": "Invalid timestamp", "sub_code": "isv.invalid-timestamp"}}'
    )
    with pytest.raises(top.TopError) as info:
        top.parse_response(body, top.TRADES_METHOD, "where")
    assert info.value.clock_skew and "时钟" in str(info.value)


@pytest.mark.parametrize(
    "body, words",
    [
        (b'{"trades_sold_increment_get_response": {"trades": {"trade": [{"tid": 1', "JSON"),
        (b"<html><body>502</body></html>", "HTML"),
        (b"", "empty"),
        (b'{"something_else": {}}', "missing"),
    ],
)
def test_bodies_that_are_not_the_answer_name_the_endpoint_and_window(body, words):
    with pytest.raises(top.TopPayloadError) as info:
        top.parse_response(
            body, top.TRADES_METHOD, "taobao.trades.sold.increment.get [2026-11-01 00:00–2026-11-02 00:00]"
        )
    assert "2026-11-01 00:00–2026-11-02 00:00" in str(info.value) and words in str(info.value)


def test_a_recorded_page_maps_to_canonical_rows():
    body = json.dumps(
        {
            "trades_sold_increment_get_response": {
                "trades": {
                    "trade": [
                        make_trade(
                            7,
                            DAY1,
                            status="TRADE_FINISHED",
                            payment="59.90",
                            lines=2,
                            refund_status="SUCCESS",
                        )
                    ]
                },
                "has_next": False,
            }
        }
    ).encode()
    trades, has_next = top.trades_page(top.parse_response(body, top.TRADES_METHOD, "w"))
    assert not has_next
    refund = top.Refund("R71", "7", "71", Decimal("29.95"), DAY1)
    mapped = top.map_trade(trades[0], {"71": refund})
    assert mapped.order["status"] == "交易成功" and mapped.order["paid_amount"] == Decimal("59.90")
    assert mapped.order["export_ts"] == DAY1 and mapped.order["item_kinds"] == 2
    assert [(line["line_id"], line["refund_status"], line["refund_amount"]) for line in mapped.lines] == [
        ("71", "退款成功", Decimal("29.95")),
        ("72", "退款成功", None),  # amount not known in this window: the load keeps the stored one
    ]
    assert mapped.lines[0]["sku"] == "SKU-0-1"


def test_redact_masks_known_values_and_secret_named_parameters():
    text = "POST /router/rest?sign=ABCDEF0123&session=zzz&page_no=2 {'session': 'qqq'} Authorization: Bearer tok123 app-secret-x1"
    masked = redact(text, ["app-secret-x1"])
    for value in ("ABCDEF0123", "zzz", "qqq", "tok123", "app-secret-x1"):
        assert value not in masked
    assert "page_no=2" in masked
    assert Redactor(["longsecret"])("a longsecret b") == "a *** b"
    assert (
        mask_url("https://u:p@files.example.com/a/ExportOrderList.csv?token=abc&x=1")
        == "https://files.example.com/a/ExportOrderList.csv?***"
    )


# ----------------------------------------------------------------------------- sources.toml


def test_sources_toml_refuses_secrets_in_the_file(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(
        sources_toml({**top_table("https://gw.example.com/router/rest"), "secret": "abc"}), encoding="utf-8"
    )
    with pytest.raises(SourceConfigError) as info:
        load_sources(path)
    assert str(path) in str(info.value) and "tmall" in str(info.value) and "secret" in str(info.value)
    assert "abc" not in str(info.value)


@pytest.mark.parametrize(
    "overrides, key",
    [
        ({"secret_env": "9f8e7d6c5b4a-pasted-secret"}, "secret_env"),
        ({"allow_http": True, "gateway": "http://gw.example.com/router/rest"}, "allow_http"),
        ({"allow_http": None, "gateway": "http://127.0.0.1/router/rest"}, "gateway"),
        ({"sign_method": "sha1"}, "sign_method"),
        ({"window_hours": 48}, "window_hours"),
        ({"page_size": 500}, "page_size"),
        ({"app_key": None}, "app_key"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_sources_toml_errors_name_the_file_the_source_and_the_key(tmp_path, overrides, key):
    table = top_table("https://gw.example.com/router/rest", allow_http=None)
    table.update(overrides)
    with pytest.raises(SourceConfigError) as info:
        parse_sources(
            {"sources": [{k: v for k, v in table.items() if v is not None}]}, tmp_path / "sources.toml"
        )
    message = str(info.value)
    assert "sources.toml" in message and "tmall" in message and key in message
    assert "9f8e7d6c5b4a-pasted-secret" not in message


def test_secrets_come_from_the_environment_else_the_secrets_mapping(tmp_path):
    (source,) = parse_sources(
        {"sources": [top_table("https://gw.example.com/router/rest", allow_http=None)]}, tmp_path / "s.toml"
    )
    creds = resolve_credentials(
        source, environ={SECRET_ENV: "from-env"}, secrets={SESSION_ENV: "from-secrets"}
    )
    assert creds.get(SECRET_ENV) == "from-env" and creds.get(SESSION_ENV) == "from-secrets"
    with pytest.raises(SourceConfigError) as info:
        resolve_credentials(source, environ={}, secrets={})
    assert SECRET_ENV in str(info.value)
