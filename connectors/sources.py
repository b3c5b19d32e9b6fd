"""`sources.toml`: the HTTP sources a store pulls from, validated once into typed settings.

One `[[sources]]` table per source: `name`, `kind` ('top' | 'url'), `store`, and for 'top' the gateway,
app key, sign method and the NAMES of the environment variables holding the app secret and the session
key; for 'url' the URL and optionally the name of the variable holding a token. Secret values never live
in the file (a key such as `secret` or `session` is an error): they are read at the edge from the
environment, else from a `secrets` mapping the UI passes in (Streamlit's st.secrets; connectors/ never
imports streamlit). Every error names the file, the source and the key.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from connectors.redact import mask_url

CONFIG_NAME = "sources.toml"
KIND_TOP = "top"
KIND_URL = "url"
SIGN_METHODS = ("md5", "hmac", "hmac-sha256")
MAX_WINDOW_HOURS = 24  # taobao.trades.sold.increment.get: end_modified - start_modified <= 1 day
MAX_PAGE_SIZE = 100
TOP_MAX_BYTES = 20 * 1024 * 1024  # one API page of 100 trades is well under 1 MB
URL_MAX_BYTES = 512 * 1024 * 1024  # an export file
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
DEFAULT_TOKEN_HEADER = "Authorization"  # sent as "Bearer <token>"; any other header gets the bare token
# Keys that would hold a secret value: writing one into the file is refused.
SECRET_KEYS = (
    "secret",
    "app_secret",
    "session",
    "session_key",
    "access_token",
    "token",
    "password",
    "api_key",
)
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")


class SourceConfigError(ValueError):
    """sources.toml (or a secret it names) is missing or invalid; the message says where."""


@dataclass(frozen=True)
class HttpSettings:
    """Network limits of one source; the defaults suit the real gateway, tests set them small."""

    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    request_seconds: float = 120.0  # the longest one response may take to arrive whole (ends a slow drip)
    deadline_seconds: float = 900.0  # the whole sync of one source
    max_retries: int = 5
    backoff_seconds: float = 1.0
    backoff_cap_seconds: float = 30.0
    retry_after_cap_seconds: float = 60.0
    max_bytes: int = 20 * 1024 * 1024
    ca_file: str | None = None
    allow_http: bool = False


@dataclass(frozen=True)
class TopSource:
    """A Taobao Open Platform store: orders and refunds by modified time."""

    name: str
    store: str
    gateway: str
    app_key: str
    sign_method: str
    secret_env: str
    session_env: str
    http: HttpSettings
    page_size: int = MAX_PAGE_SIZE
    window_hours: float = MAX_WINDOW_HOURS
    lag_minutes: float = 3.0  # until defaults to now minus this: the newest changes may not be indexed yet
    first_sync_days: float = (
        1.0  # how far back the first sync starts when there is no watermark and no --since
    )
    fetch_refunds: bool = True
    kind: str = KIND_TOP

    @property
    def secret_names(self) -> tuple[str, ...]:
        return (self.secret_env, self.session_env)

    def describe(self) -> str:
        return mask_url(self.gateway)


@dataclass(frozen=True)
class UrlSource:
    """An export file behind a URL (ERP, shared folder), imported like an upload."""

    name: str
    store: str
    url: str
    http: HttpSettings
    token_env: str | None = None
    header: str = DEFAULT_TOKEN_HEADER
    expected_kind: str | None = None
    kind: str = KIND_URL

    @property
    def secret_names(self) -> tuple[str, ...]:
        return (self.token_env,) if self.token_env else ()

    def describe(self) -> str:
        return mask_url(self.url)


Source = TopSource | UrlSource


@dataclass
class Credentials:
    """Secret values of one source, resolved at the edge (never stored, never printed)."""

    values: dict[str, str] = field(default_factory=dict)

    def get(self, env_name: str | None) -> str | None:
        return self.values.get(env_name) if env_name else None

    def all(self) -> list[str]:
        return list(self.values.values())


def default_config_path(db_path: str | os.PathLike) -> Path:
    """sources.toml beside the database file."""
    return Path(db_path).resolve().parent / CONFIG_NAME


class _Table:
    """One [[sources]] table with typed getters whose errors name the file, the source and the key."""

    def __init__(self, path: Path, index: int, data: dict):
        self.path, self.data = path, data
        self.label = str(data.get("name") or f"#{index + 1}")
        self.used: set[str] = set()

    def error(self, key: str, problem: str) -> SourceConfigError:
        return SourceConfigError(
            f"{self.path}: 数据源 {self.label} 的 {key}：{problem} / source {self.label}, key {key}: {problem}"
        )

    def text(self, key: str, default: str | None = None, *, required: bool = True) -> str | None:
        self.used.add(key)
        value = self.data.get(key, default)
        if value is None:
            if required:
                raise self.error(key, "缺少此项 / missing")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "应为非空文本 / must be non-empty text")
        return value.strip()

    def number(self, key: str, default: float, low: float, high: float, *, integer: bool = False) -> float:
        self.used.add(key)
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, "应为数字 / must be a number")
        if integer and int(value) != value:
            raise self.error(key, "应为整数 / must be a whole number")
        if not low <= value <= high:
            raise self.error(key, f"应在 {low} 到 {high} 之间 / must be between {low} and {high}")
        return int(value) if integer else float(value)

    def flag(self, key: str, default: bool) -> bool:
        self.used.add(key)
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, "应为 true 或 false / must be true or false")
        return value

    def env_name(self, key: str, *, required: bool = True) -> str | None:
        name = self.text(key, required=required)
        if name is not None and not _ENV_NAME.match(name):
            # Never echo the value: it may be the secret itself pasted into the wrong place.
            raise self.error(
                key,
                "应填写环境变量的名字（如 TOP_APP_SECRET），不能直接填写密钥 / must name an environment variable, not hold a secret",
            )
        return name


def _http_settings(table: _Table, host: str | None, max_bytes: int) -> HttpSettings:
    allow_http = table.flag("allow_http", False)
    ca_file = table.text("ca_file", required=False)
    if ca_file is not None:
        ca_path = Path(ca_file).expanduser()
        if not ca_path.is_absolute():
            ca_path = table.path.parent / ca_path
        if not ca_path.is_file():
            raise table.error("ca_file", f"找不到文件 {ca_path} / file not found")
        ca_file = str(ca_path)
    if allow_http and host not in LOCAL_HOSTS:
        raise table.error(
            "allow_http", "只允许用于本机测试地址（127.0.0.1 / localhost）/ only for a local test host"
        )
    return HttpSettings(
        connect_timeout=table.number("connect_timeout", 5.0, 0.05, 120),
        read_timeout=table.number("read_timeout", 30.0, 0.05, 600),
        request_seconds=table.number("request_seconds", 120.0, 0.1, 3600),
        deadline_seconds=table.number("deadline_seconds", 900.0, 0.5, 86400),
        max_retries=table.number("max_retries", 5, 0, 20, integer=True),
        backoff_seconds=table.number("backoff_seconds", 1.0, 0, 60),
        backoff_cap_seconds=table.number("backoff_cap_seconds", 30.0, 0, 600),
        retry_after_cap_seconds=table.number("retry_after_cap_seconds", 60.0, 0, 3600),
        max_bytes=table.number("max_bytes", max_bytes, 1024, 10 * 1024**3, integer=True),
        ca_file=ca_file,
        allow_http=allow_http,
    )


def _checked_url(table: _Table, key: str) -> tuple[str, str | None]:
    url = table.text(key)
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise table.error(key, "不是有效的网址 / not a valid URL") from None
    if parts.scheme not in ("https", "http") or not host:
        raise table.error(key, "应为 https:// 开头的网址 / must be an https:// URL")
    if parts.username or parts.password:
        raise table.error(key, "网址里不能包含用户名或密码 / must not contain a user name or password")
    return url, host


def _top(table: _Table, store: str) -> TopSource:
    gateway, host = _checked_url(table, "gateway")
    sign_method = table.text("sign_method", "md5")
    if sign_method not in SIGN_METHODS:
        raise table.error(
            "sign_method", f"应为 {' / '.join(SIGN_METHODS)} 之一 / must be one of {', '.join(SIGN_METHODS)}"
        )
    http = _http_settings(table, host, TOP_MAX_BYTES)
    if gateway.startswith("http://") and not http.allow_http:
        raise table.error("gateway", "必须使用 https:// / must use https://")
    return TopSource(
        name=table.label,
        store=store,
        gateway=gateway,
        app_key=table.text("app_key"),
        sign_method=sign_method,
        secret_env=table.env_name("secret_env"),
        session_env=table.env_name("session_env"),
        http=http,
        page_size=table.number("page_size", MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE, integer=True),
        window_hours=table.number("window_hours", MAX_WINDOW_HOURS, 1 / 60, MAX_WINDOW_HOURS),
        lag_minutes=table.number("lag_minutes", 3.0, 0, 24 * 60),
        first_sync_days=table.number("first_sync_days", 1.0, 1 / 24, 90),
        fetch_refunds=table.flag("fetch_refunds", True),
    )


def _url(table: _Table, store: str) -> UrlSource:
    from connectors.registry import KIND_LABELS

    url, host = _checked_url(table, "url")
    http = _http_settings(table, host, URL_MAX_BYTES)
    if url.startswith("http://") and not http.allow_http:
        raise table.error("url", "必须使用 https:// / must use https://")
    expected = table.text("expected_kind", required=False)
    if expected is not None and expected not in KIND_LABELS:
        raise table.error(
            "expected_kind", f"应为 {', '.join(KIND_LABELS)} 之一 / must be one of {', '.join(KIND_LABELS)}"
        )
    return UrlSource(
        name=table.label,
        store=store,
        url=url,
        http=http,
        token_env=table.env_name("token_env", required=False),
        header=table.text("header", DEFAULT_TOKEN_HEADER),
        expected_kind=expected,
    )


def parse_sources(data: dict, path: Path) -> list[Source]:
    """Validate the parsed TOML document `data` (read from `path`, named in errors)."""
    tables = data.get("sources")
    if not isinstance(tables, list) or not tables:
        raise SourceConfigError(f"{path}: 没有 [[sources]] 表 / no [[sources]] table")
    unknown_top = set(data) - {"sources"}
    if unknown_top:
        raise SourceConfigError(f"{path}: 未知的设置 {', '.join(sorted(unknown_top))} / unknown keys")
    out: list[Source] = []
    for index, raw in enumerate(tables):
        table = _Table(path, index, raw)
        for key in raw:
            if key.lower() in SECRET_KEYS:
                raise table.error(
                    key,
                    "密钥不能写在配置文件里：请放进环境变量，并用 secret_env / session_env / token_env 写出变量名"
                    " / secrets must not be written in the file: put them in environment variables and name those",
                )
        table.text("name")
        kind = table.text("kind")
        store = table.text("store")
        if kind == KIND_TOP:
            source: Source = _top(table, store)
        elif kind == KIND_URL:
            source = _url(table, store)
        else:
            raise table.error("kind", f"应为 {KIND_TOP} 或 {KIND_URL} / must be {KIND_TOP} or {KIND_URL}")
        unknown = set(raw) - table.used - {"kind"}
        if unknown:
            raise table.error(", ".join(sorted(unknown)), "未知的设置 / unknown key")
        if any(s.name == source.name for s in out):
            raise table.error("name", "与前面的数据源重名 / duplicate name")
        out.append(source)
    return out


def load_sources(path: str | os.PathLike) -> list[Source]:
    """Read and validate a sources.toml; raise SourceConfigError with the file and key on any problem."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceConfigError(f"{path}: 找不到数据源配置文件 / sources file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourceConfigError(f"{path}: 不是有效的 TOML / not valid TOML: {exc}") from None
    return parse_sources(data, path)


def secret_status(
    source: Source, environ: Mapping[str, str] | None = None, secrets: Mapping | None = None
) -> dict[str, bool]:
    """For display: each secret's variable name -> whether a value is set (never the value)."""
    environ = os.environ if environ is None else environ
    return {name: bool(_lookup(name, environ, secrets)) for name in source.secret_names}


def _lookup(name: str, environ: Mapping[str, str], secrets: Mapping | None) -> str | None:
    value = environ.get(name)
    if not value and secrets is not None:
        try:
            found = secrets.get(name) if hasattr(secrets, "get") else None
        except Exception:  # st.secrets raises when no secrets file exists
            found = None
        value = found if isinstance(found, str) else None
    return value.strip() if value and value.strip() else None


def resolve_credentials(
    source: Source, environ: Mapping[str, str] | None = None, secrets: Mapping | None = None
) -> Credentials:
    """The secret values a source names, from the environment else `secrets`; a missing one is an error."""
    environ = os.environ if environ is None else environ
    values: dict[str, str] = {}
    for name in source.secret_names:
        value = _lookup(name, environ, secrets)
        if value is None:
            raise SourceConfigError(
                f"数据源 {source.name}：环境变量 {name} 未设置（Streamlit secrets 中也没有）"
                f" / source {source.name}: environment variable {name} is not set (nor in Streamlit secrets)"
            )
        values[name] = value
    return Credentials(values)
