"""Mask secrets in every text that may reach a log, an exception, the page, the CLI or the load log.

Two layers, because a secret can arrive by value or by position: the known secret values of a sync (app
secret, session key, URL token) are replaced wherever they appear, and the values of parameters and
headers that carry secrets by name (sign, session, access_token, token, Authorization ...) are masked
in URLs, query strings, form bodies and header dumps even when the value is not known in advance. A
URL's whole query string can also be masked for display (`mask_url`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

MASK = "***"
# Parameter / header names whose values are secret wherever they appear.
SECRET_NAMES = (
    "sign",
    "session",
    "access_token",
    "refresh_token",
    "token",
    "app_secret",
    "secret",
    "password",
    "authorization",
    "x-api-key",
    "api_key",
)
_NAME_ALT = "|".join(re.escape(n) for n in sorted(SECRET_NAMES, key=len, reverse=True))
# name=value in query strings and form bodies (stops at & or whitespace or a quote).
_QUERY_PAIR = re.compile(rf"(?i)(?<![A-Za-z0-9_])({_NAME_ALT})=([^&\s'\"]+)")
# 'name': 'value' / "name": "value" in dict or JSON dumps.
_DICT_PAIR = re.compile(rf"(?i)(['\"])({_NAME_ALT})\1(\s*:\s*)(['\"])(.*?)\4")
# Headers such as "Authorization: Bearer abc" or "X-Api-Key: abc", at a line start or inline.
_HEADER = re.compile(
    rf"(?i)(?<![A-Za-z0-9_-])((?:{_NAME_ALT})\s*:\s*)((?:Bearer|Basic|Token)\s+)?([^\s,;'\"&]+)"
)
# Values shorter than this are not replaced by value (they would mask ordinary words); the by-name
# rules above still cover them.
MIN_SECRET_LENGTH = 4


class Redactor:
    """Callable that masks the given secret values and every secret-named parameter in a text."""

    def __init__(self, secrets: Iterable[str | None] = ()):
        values = {s for s in secrets if s and len(s) >= MIN_SECRET_LENGTH}
        self._values = sorted(values, key=len, reverse=True)

    def add(self, *secrets: str | None) -> None:
        """Also mask these values from now on."""
        merged = set(self._values) | {s for s in secrets if s and len(s) >= MIN_SECRET_LENGTH}
        self._values = sorted(merged, key=len, reverse=True)

    def __call__(self, text: object) -> str:
        return redact(text, self._values)


def redact(text: object, secrets: Iterable[str] = ()) -> str:
    """`text` as a string with every known secret value and every secret-named parameter masked."""
    out = str(text)
    for value in secrets:
        if value and len(value) >= MIN_SECRET_LENGTH:
            out = out.replace(value, MASK)
    out = _QUERY_PAIR.sub(lambda m: f"{m.group(1)}={MASK}", out)
    out = _DICT_PAIR.sub(
        lambda m: f"{m.group(1)}{m.group(2)}{m.group(1)}{m.group(3)}{m.group(4)}{MASK}{m.group(4)}", out
    )
    return _HEADER.sub(lambda m: f"{m.group(1)}{m.group(2) or ''}{MASK}", out)


def mask_url(url: str) -> str:
    """The URL for display: user info dropped and the whole query string masked (it may carry a token)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    if ":" in (parts.hostname or "") and not host.startswith("["):
        host = f"[{parts.hostname}]" + (f":{parts.port}" if parts.port else "")
    query = MASK if parts.query else ""
    return urlunsplit((parts.scheme, host, parts.path, query, ""))
