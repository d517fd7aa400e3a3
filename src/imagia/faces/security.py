"""What keeps the local server safe from the browser: the Host allow-list (DNS rebinding) and
the cross-site request forgery rules (Origin/Referer and a per-session token), shared by the app
that enforces them and the pages that put the token in their forms.

The rules, in docs/web.md ("Security"):

- Host: ``localhost`` and loopback addresses (any port), plus the names given with
  ``--allow-host``/``IMAGIA_ALLOWED_HOSTS`` (the host the server binds is one of them); a
  wildcard bind address (``0.0.0.0``, ``::``) stands for every IP address of the machine, never
  for a name (DNS rebinding needs a name).
- Unsafe methods (POST, PUT, PATCH, DELETE): an ``Origin`` (or, without one, a ``Referer``) that
  is not this server, ``Origin: null`` and ``Sec-Fetch-Site: cross-site``/``same-site`` are
  refused. A request that looks like a browser's (it carries a cookie, an Origin, a Referer or a
  Sec-Fetch header) must also carry the token of its ``imagia_csrf`` cookie, in the
  ``X-CSRF-Token`` header or the ``csrftoken`` form field; a request with a valid
  ``Authorization: Bearer`` token is exempt, and so is one with none of those headers (a script:
  browsers always send an Origin or Sec-Fetch-Site with a POST).
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from fastapi import Request, Response

from imagia.core.errors import ImagiaError

CSRF_COOKIE = "imagia_csrf"
CSRF_FIELD = "csrftoken"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
LOCAL_NAMES = frozenset({"localhost"})
WILDCARDS = frozenset({"0.0.0.0", "::", "[::]"})
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,128}$")
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[^:\[\]/@\s]+)(:\d{1,5})?$")
_BROWSER_HEADERS = ("cookie", "origin", "referer", "sec-fetch-site", "sec-fetch-mode")


class Forbidden(ImagiaError):
    kind = "forbidden"
    http_status = 403


class BadHost(ImagiaError):
    kind = "bad_host"
    http_status = 400


# -- Host allow-list ----------------------------------------------------------------------------
def host_name(value: str | None) -> str | None:
    """The name or address of a ``Host`` header (or an allow-list entry) without its port and
    brackets, lower case, without a final dot; None when it is not one."""
    m = _HOST.match((value or "").strip())
    if not m:
        return None
    name = m.group(1).lower()
    if name.startswith("["):
        name = name[1:-1]
    return name.rstrip(".") or None


def split_hosts(values: Iterable[str]) -> list[str]:
    """Allow-list entries from options and ``IMAGIA_ALLOWED_HOSTS`` (commas or spaces)."""
    return [h for v in values for h in re.split(r"[,\s]+", v) if h]


def _ip(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


def is_local(host: str) -> bool:
    """``localhost`` or a loopback address: the machine itself."""
    name = host_name(host) or host
    ip = _ip(name)
    return name in LOCAL_NAMES if ip is None else ip.is_loopback


class HostRule:
    """The names a request's Host may have (plus localhost and loopback addresses)."""

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        entries = [e.strip() for e in allowed if e and e.strip()]
        self.any_ip = any(e in WILDCARDS for e in entries)
        names = {str(ip) if (ip := _ip(e)) else host_name(e) for e in entries if e not in WILDCARDS}
        self.names = frozenset(n for n in names if n) | LOCAL_NAMES
        self.ips = frozenset(ip for n in self.names if (ip := _ip(n)) is not None)

    def allows(self, header: str | None) -> bool:
        name = host_name(header)
        if name is None:
            return False
        ip = _ip(name)
        if ip is None:
            return name in self.names
        return ip.is_loopback or self.any_ip or ip in self.ips


def bad_host() -> BadHost:
    """The refusal of a request whose Host is not allowed (the name is not echoed back)."""
    return BadHost(
        "this server does not answer to the host name in the request",
        hint="open it as http://localhost:PORT, or start it with --allow-host NAME "
        "(or IMAGIA_ALLOWED_HOSTS) for the name you use",
    )


# -- cross-site request forgery -----------------------------------------------------------------
def new_token() -> str:
    return secrets.token_urlsafe(32)


def set_csrf_cookie(response: Response, token: str) -> None:
    """Give the browser its session token. ``SameSite=Lax``, not ``Strict``: a Strict cookie is
    not sent when imagia is reached by a link from another site, so that page load made a new
    token and invalidated the forms of the tabs already open (a 403 on their next post). Lax
    still keeps the cookie off other sites' POSTs, and the token check does the work anyway."""
    response.set_cookie(CSRF_COOKIE, token, path="/", httponly=True, samesite="lax")


def cookie_token(request: Request) -> str | None:
    """The token of the browser's ``imagia_csrf`` cookie, when it is a well-formed one."""
    value = request.cookies.get(CSRF_COOKIE) or ""
    return value if _TOKEN.match(value) else None


def page_token(request: Request) -> str:
    """The token a page puts in its forms: the cookie's, or a new one the page will set."""
    token = cookie_token(request)
    if token is None:
        token = getattr(request.state, "csrf_token", None) or new_token()
        request.state.csrf_token = token
    return token


def looks_like_browser(request: Request) -> bool:
    return any(request.headers.get(h) for h in _BROWSER_HEADERS)


def check_origin(request: Request) -> None:
    """Refuse an unsafe request sent by another site's page (or a sandboxed one: ``null``)."""
    if request.method in SAFE_METHODS:
        return
    host = (request.headers.get("host") or "").lower()
    origin = request.headers.get("origin")
    referer = request.headers.get("referer")
    site = (request.headers.get("sec-fetch-site") or "").lower()
    source = origin if origin is not None else referer
    foreign = site in ("cross-site", "same-site")
    if source is not None:
        try:
            parts = urlsplit(source.strip())
            foreign = foreign or parts.scheme not in ("http", "https")
            foreign = foreign or parts.netloc.lower() != host
        except ValueError:
            foreign = True
    if foreign:
        shown = (origin or referer or site)[:200]
        raise Forbidden(
            f"request from another site ({shown}) refused",
            hint="send it from imagia's own pages, or from a script without an Origin header",
        )


async def _sent_token(request: Request) -> str | None:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header.strip()
    ctype = request.headers.get("content-type", "").lower()
    if ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await request.form(max_files=16, max_fields=200)
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


async def check_csrf(request: Request, bearer_ok: bool) -> None:
    """An unsafe request from a browser must carry its cookie's token (header or form field).

    ``bearer_ok``: the request proved the server's token in its Authorization header, which no
    other site's page can make a browser send."""
    if request.method in SAFE_METHODS or bearer_ok or not looks_like_browser(request):
        return
    expected = cookie_token(request)
    sent = await _sent_token(request) if expected else None
    if not expected or not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Forbidden(
            "missing or wrong CSRF token" if expected else "no CSRF cookie in this request",
            hint="reload the page and send the form again (scripts: send the X-CSRF-Token header "
            "with the imagia_csrf cookie, or Authorization: Bearer <token>)",
        )
