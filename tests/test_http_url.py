"""URL sources against the test server on 127.0.0.1: a GB18030 order export imports exactly like an upload
(kind detection, store, dedupe on a second pull), the token goes in the header, an oversized body is
refused (announced or streamed), a 404 is reported in words naming the source with the query masked, and
no secret reaches the logs or output. Also the import page's 同步 section in AppTest."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import ORDER_EXPORT_FIGURES, ORDER_EXPORT_NAME, ORDER_ROWS, ROOT, write_order_export
from topserver import FAST_LIMITS, TopServer, sources_toml

import db
from connectors import pull
from connectors.sources import load_sources

TOKEN = "url-token-5a4b3c2d1e0f"
TOKEN_ENV = "TEST_EXPORT_TOKEN"
STORE = ORDER_EXPORT_FIGURES["store"]


@pytest.fixture
def server(tmp_path):
    export = write_order_export(tmp_path / ORDER_EXPORT_NAME, ORDER_ROWS)
    with TopServer("k", "s", "x") as srv:
        srv.files[f"/exports/{ORDER_EXPORT_NAME}"] = export.read_bytes()
        srv.files["/exports/big.csv"] = b"x" * (2 * 1024 * 1024)
        srv.files["/exports/big.chunked"] = b"x" * (2 * 1024 * 1024)
        srv.file_token = TOKEN
        yield srv


@pytest.fixture
def token_env(monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, TOKEN)


def url_table(url: str, **overrides) -> dict:
    table = {
        "name": "erp-export",
        "kind": "url",
        "store": STORE,
        "url": url,
        "token_env": TOKEN_ENV,
        "expected_kind": "orders",
        "allow_http": True,
        "max_bytes": 1024 * 1024,
        **FAST_LIMITS,
    }
    table.update(overrides)
    return table


def pull_url(tmp_path: Path, url: str, **overrides):
    config = tmp_path / "sources.toml"
    config.write_text(sources_toml(url_table(url, **overrides)), encoding="utf-8")
    (source,) = load_sources(config)
    conn = db.connect(tmp_path / "store.duckdb")
    try:
        return pull.run_source(conn, source, work_dir=tmp_path / "tmp")
    finally:
        conn.close()


def query(tmp_path: Path, sql: str):
    conn = db.connect(tmp_path / "store.duckdb")
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_gb18030_order_export_imports_like_an_upload(server, token_env, tmp_path, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    report = pull_url(tmp_path, server.url(f"/exports/{ORDER_EXPORT_NAME}?sig=abc123def"))
    assert report.ok, report.errors
    assert report.inserted == ORDER_EXPORT_FIGURES["rows"]
    assert report.target.endswith(f"{ORDER_EXPORT_NAME}?***")
    loads = query(tmp_path, "SELECT file_name, kind, source, encoding, store FROM loads")
    assert loads == [(ORDER_EXPORT_NAME, "orders", "http", "gb18030", STORE)]
    paid = query(tmp_path, "SELECT sum(paid_gmv) FROM sales_daily")[0][0]
    assert paid == ORDER_EXPORT_FIGURES["paid_gmv"]
    assert server.log[-1]["authorization"] == f"Bearer {TOKEN}"
    assert not list((tmp_path / "tmp" / "downloads").iterdir())  # the temp file is gone
    again = pull_url(tmp_path, server.url(f"/exports/{ORDER_EXPORT_NAME}?sig=abc123def"))
    assert again.ok and again.inserted == 0 and again.updated == 0
    assert query(tmp_path, "SELECT count(*), count(DISTINCT order_id) FROM orders")[0] == (4, 4)
    text = caplog.text + "\n".join(capsys.readouterr()) + str(report.to_json())
    assert TOKEN not in text and "abc123def" not in text


@pytest.mark.parametrize("path", ["/exports/big.csv", "/exports/big.chunked"])
def test_an_oversized_body_is_refused(server, token_env, tmp_path, path):
    report = pull_url(tmp_path, server.url(path))
    (error,) = report.errors
    assert "erp-export" in error and "大小上限" in error
    assert report.retries == 0
    assert query(tmp_path, "SELECT count(*) FROM loads")[0][0] == 0


def test_a_404_is_reported_naming_the_source_with_the_query_masked(server, token_env, tmp_path):
    report = pull_url(tmp_path, server.url("/exports/missing.csv?token=zz-secret-zz"))
    (error,) = report.errors
    assert "erp-export" in error and "404" in error and "missing.csv" in error
    assert "zz-secret-zz" not in error and report.retries == 0


def test_a_wrong_token_is_reported_as_access_denied(server, tmp_path, monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, "wrong-token-value")
    report = pull_url(tmp_path, server.url(f"/exports/{ORDER_EXPORT_NAME}"))
    (error,) = report.errors
    assert "401" in error and "wrong-token-value" not in error


def test_import_page_lists_sources_with_secrets_masked(app_db, server, monkeypatch, navigation_app):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    monkeypatch.delenv("TEST_TOP_APP_SECRET", raising=False)
    top = {
        "name": "tmall",
        "kind": "top",
        "store": STORE,
        "gateway": "https://gw.api.taobao.com/router/rest",
        "app_key": "23456789",
        "sign_method": "hmac",
        "secret_env": "TEST_TOP_APP_SECRET",
        "session_env": TOKEN_ENV,
    }
    (app_db.parent / "sources.toml").write_text(
        sources_toml(top, url_table(server.url(f"/exports/{ORDER_EXPORT_NAME}?sig=abc123def"))),
        encoding="utf-8",
    )
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/import_data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = "\n".join(
        [*(str(e.value) for e in [*at.markdown, *at.caption]), *(d.value.to_csv() for d in at.dataframe)]
    )
    assert "同步" in "\n".join(s.value for s in at.subheader)
    assert "tmall" in shown and "erp-export" in shown and "gw.api.taobao.com" in shown
    assert "TEST_TOP_APP_SECRET" in shown and TOKEN_ENV in shown
    assert TOKEN not in shown and "abc123def" not in shown
    assert any(b.key == "sync_erp-export" for b in at.button)
    at.button(key="sync_erp-export").click().run()
    assert not at.exception, [e.value for e in at.exception]
    log = "\n".join(str(e.value) for e in [*at.markdown, *at.success, *at.warning, *at.code, *at.caption])
    assert ORDER_EXPORT_NAME in log and TOKEN not in log
