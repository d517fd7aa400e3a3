"""The web application: JSON API under /api/ (:mod:`imagia.api`), pages (:mod:`imagia.web`),
static files, one error shape. The two faces share :mod:`imagia.faces` and never import each
other; this module is the one place that mounts both.

``create_app(ws, token, allowed_hosts=...)`` is what ``imagia serve`` runs. Errors are
translated here and only here: an :class:`ImagiaError` (or a request FastAPI cannot validate, or
an unknown route) becomes ``{"error": kind, "message": ..., "hint": ..., ...}`` with the error's
HTTP status under /api/, and an error page elsewhere. What keeps the server safe from the browser
(Host allow-list, CSRF, token, body caps) is wired here, with its rules in
:mod:`imagia.faces.security` and docs/web.md.
"""

from __future__ import annotations

import hmac
import html
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

import imagia
from imagia.api import (
    routes_assist,
    routes_breakdown,
    routes_broadcast,
    routes_broadcast_grid,
    routes_catalogue,
    routes_files,
    routes_games,
    routes_index,
    routes_jobs,
    routes_schedule,
    routes_subtitles,
)
from imagia.core.errors import ImagiaError, WorkspaceError
from imagia.core.workspace import Workspace
from imagia.faces import messages, security, uploads
from imagia.web import pages, pages_index

STATIC = Path(__file__).resolve().parent / "web" / "static"
TOKEN_COOKIE = "imagia_token"
FORM_OVERHEAD = 1024 * 1024  # room for multipart framing and other fields around a file
ALLOWED_HOSTS_ENV = "IMAGIA_ALLOWED_HOSTS"

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def error_response(
    request: Request, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    """The one error shape: JSON under /api/, an error page for the web."""
    if _wants_json(request):
        return JSONResponse(payload, status_code=status, headers=headers)
    resp = pages.error_page(request, status, payload)
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


async def _imagia_error(request: Request, exc: Exception) -> Response:
    """An ImagiaError in the reader's language: the API's by Accept-Language (English unless
    French is preferred), a page's as the page is (remembered choice, browser, workspace)."""
    assert isinstance(exc, ImagiaError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.http_status == 401 else None
    if _wants_json(request):
        lang = messages.accept_language(request.headers.get("accept-language")) or "en"
    else:
        lang = pages.lang_of(request)
    return error_response(request, exc.http_status, messages.localize(exc, lang), headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "loc": [str(p) for p in e.get("loc", ())],
            "msg": e.get("msg", ""),
            "type": e.get("type", ""),
        }
        for e in exc.errors()
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    param = ".".join(p for p in first["loc"] if p not in ("query", "path", "body")) or None
    payload = {
        "error": "bad_value",
        "message": f"invalid {param or 'request'}: {first['msg']}",
        "hint": "see /docs for the expected parameters",
        "param": param,
        "valid": None,
        "errors": errors,
    }
    return error_response(request, 422, payload)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    kinds = {404: "not_found", 405: "method_not_allowed", 400: "bad_request"}
    message = str(exc.detail)
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such address: {request.url.path}"
    payload = {
        "error": kinds.get(exc.status_code, "http_error"),
        "message": message,
        "hint": "see /docs for the API" if exc.status_code in (404, 405) else None,
    }
    return error_response(request, exc.status_code, payload, dict(exc.headers or {}) or None)


async def _internal_error(request: Request, exc: Exception) -> Response:
    payload = {
        "error": "internal",
        "message": f"internal error ({type(exc).__name__})",
        "hint": "this is a bug in imagia; the server log has the details",
    }
    return JSONResponse(payload, status_code=500)


def _check_token(request: Request) -> bool:
    """With a token set, every route (not /static) wants it: header, ?token= or the cookie
    a browser gets when it first opens a page with ?token=. True when the request proved it
    with its Authorization header (which exempts it from the CSRF token)."""
    token: str | None = request.app.state.token
    if not token:
        return False
    bearer = None
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        bearer = auth[7:].strip()
    given = bearer or request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE)
    if not given or not hmac.compare_digest(given.encode(), token.encode()):
        raise uploads.Unauthorized(
            "missing or wrong token" if given else "this server requires a token",
            hint="send the header 'Authorization: Bearer <token>' or add ?token=<token>",
        )
    return bool(bearer)


async def guard(request: Request) -> None:
    """Every route but /static: the token, then, for a POST (PUT, PATCH, DELETE), no other
    site's page and, from a browser, the CSRF token (rules: :mod:`imagia.faces.security`)."""
    bearer_ok = _check_token(request)
    security.check_origin(request)
    await security.check_csrf(request, bearer_ok)


_BAD_HOST_PAGE = (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>400 Bad host</title>'
    "</head>\n<body><h1>400 Bad host</h1><p>{message}</p><p>{hint}</p></body></html>\n"
)


class HostCheck:
    """Pure ASGI middleware: a request whose Host is not allowed (DNS rebinding: another site's
    name pointed at this machine) is refused with 400, JSON under /api/, a short page elsewhere;
    nothing of the workspace is shown."""

    def __init__(self, app: Any, rule: security.HostRule) -> None:
        self.app = app
        self.rule = rule

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
        if self.rule.allows(host):
            await self.app(scope, receive, send)
            return
        err = security.bad_host()
        resp: Response
        if _wants_json(Request(scope)):
            resp = JSONResponse(err.to_dict(), status_code=err.http_status)
        else:
            page = _BAD_HOST_PAGE.format(
                message=html.escape(err.message), hint=html.escape(err.hint or "")
            )
            resp = HTMLResponse(page, status_code=err.http_status)
        await resp(scope, receive, send)


def _refuse(scope: Any, exc: ImagiaError) -> Response:
    """An error answered by a middleware, in the app's error shape (the token's refusal first:
    a request without it learns nothing else)."""
    request = Request(scope)
    headers: dict[str, str] | None = None
    try:
        _check_token(request)
    except uploads.Unauthorized as unauthorized:
        exc, headers = unauthorized, {"WWW-Authenticate": "Bearer"}
    return error_response(request, exc.http_status, exc.to_dict(), headers)


class SecurityHeaders:
    """Pure ASGI middleware: safe headers on every response; a browser that opened a page with
    ?token= gets it as a cookie so the next pages and the live progress work."""

    def __init__(self, app: Any, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        set_cookie = False
        if self.token:
            given = parse_qs(scope.get("query_string", b"").decode()).get("token", [""])[0]
            set_cookie = bool(given) and hmac.compare_digest(given.encode(), self.token.encode())

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"),
                    (b"content-security-policy", CSP.encode()),
                ]
                if set_cookie and self.token:
                    headers.append(
                        (
                            b"set-cookie",
                            f"{TOKEN_COOKIE}={self.token}; Path=/; "
                            "HttpOnly; SameSite=Strict".encode(),
                        )
                    )
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _upload_limit(ws: Workspace, override: int | None) -> int:
    if override is not None:
        return int(override)
    value = ws.setting("web", "max_upload_mb", 512)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise WorkspaceError(
            f"{ws.config_path}: web.max_upload_mb must be a positive number",
            hint="for example: max_upload_mb = 512",
        )
    return int(value * uploads.MB)


def _body_limit(ws: Workspace, override: int | None) -> int:
    if override is not None:
        return int(override)
    value = ws.setting("web", "max_body_mb", 2)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise WorkspaceError(
            f"{ws.config_path}: web.max_body_mb must be a positive number",
            hint="for example: max_body_mb = 2",
        )
    return int(value * uploads.MB)


def create_app(
    ws: Workspace,
    token: str | None = None,
    *,
    allowed_hosts: Iterable[str] | None = None,
    max_upload_bytes: int | None = None,
    max_body_bytes: int | None = None,
    sse_interval: float = 0.25,
) -> FastAPI:
    """The FastAPI app serving ``ws``: API under /api/, pages, /static, OpenAPI at /docs.

    ``allowed_hosts``: the names the Host header may have besides localhost and loopback
    addresses (``imagia serve`` gives its ``--host`` and ``--allow-host``s; ``0.0.0.0`` or
    ``::`` allows every IP address); None reads ``$IMAGIA_ALLOWED_HOSTS`` (commas or spaces),
    which is how the tests allow TestClient's ``testserver``. ``max_body_bytes`` caps request
    bodies that are not uploads (default ``web.max_body_mb``, 2 MB)."""
    app = FastAPI(
        title="imagia",
        version=imagia.__version__,
        description="The CNC/BearingPoint map of AI in cinema, audiovisual and video games, "
        "made executable: catalogue, advisor, local tools, jobs and workspace files.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # served below, behind the guard like every route
        dependencies=[Depends(guard)],
    )
    app.state.workspace = ws
    app.state.token = token or None
    app.state.max_upload_bytes = _upload_limit(ws, max_upload_bytes)
    app.state.max_body_bytes = _body_limit(ws, max_body_bytes)
    if allowed_hosts is None:
        allowed_hosts = [os.environ.get(ALLOWED_HOSTS_ENV, "")]
    app.state.host_rule = security.HostRule(security.split_hosts(allowed_hosts))
    app.state.sse_interval = sse_interval

    app.add_exception_handler(ImagiaError, _imagia_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _internal_error)

    app.include_router(routes_catalogue.router)
    app.include_router(routes_breakdown.router)
    app.include_router(routes_jobs.router)
    app.include_router(routes_files.router)
    app.include_router(routes_games.router)
    app.include_router(routes_schedule.router)
    app.include_router(routes_index.router)
    app.include_router(routes_subtitles.router)
    app.include_router(routes_broadcast.router)
    app.include_router(routes_broadcast_grid.router)
    app.include_router(routes_assist.router)
    app.include_router(pages.router)
    app.include_router(pages_index.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_schema(request: Request) -> JSONResponse:
        return JSONResponse(request.app.openapi())

    limit = app.state.max_upload_bytes
    app.add_middleware(
        uploads.BodyLimit,
        limit=limit + FORM_OVERHEAD,
        upload_limit=limit,
        body_limit=app.state.max_body_bytes,
        refuse=_refuse,
    )
    app.add_middleware(GZipMiddleware, minimum_size=1024)  # not SSE, media or ranges
    app.add_middleware(HostCheck, rule=app.state.host_rule)
    app.add_middleware(SecurityHeaders, token=app.state.token)
    return app
