"""The web app's pages: server-rendered HTML over the same core functions as the API.

Every page reads without JavaScript; forms post back here and redirect (post/redirect/get).
The language comes from the remembered choice (cookie), then the browser, then the workspace.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates

from imagia.catalogue import advisor
from imagia.catalogue.query import Catalogue
from imagia.catalogue.schema import SECTORS, STAGES
from imagia.core import jobs
from imagia.core.errors import ImagiaError
from imagia.core.registry import Tool, all_tools, get_tool, tools_for
from imagia.core.workspace import Workspace
from imagia.faces import actions, deps, security, uploads
from imagia.faces.catalogue import professions as profession_rows
from imagia.faces.jobs import job_dict
from imagia.web import forms, i18n, live, svg, toolbook, views
from imagia.web import matrix as study_matrix

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
templates = Jinja2Templates(directory=str(TEMPLATES))
router = APIRouter(include_in_schema=False)

NAV = (
    ("chain", "/chain"),
    ("tools", "/tools"),
    ("matrix", "/matrix"),
    ("professions", "/professions"),
    ("advisor", "/advisor"),
    ("media", "/media"),
    ("people", "/people"),
    ("rights", "/rights"),
    ("jobs", "/jobs"),
    ("files", "/files"),
    ("api", "/docs"),
)
_TOOL_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_JSON_VIEW = 20 * 1024 * 1024


def lang_of(request: Request) -> str:
    ws: Workspace = request.app.state.workspace
    default = str(ws.setting("workspace", "language", "fr"))
    return i18n.pick(
        request.cookies.get(i18n.COOKIE), request.headers.get("accept-language"), default
    )


def _when(ts: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts)) if ts else "—"


def _relative(ws: Workspace, value: Any) -> Any:
    """A path inside the workspace shown relative to it (the rest unchanged)."""
    if isinstance(value, str) and value.startswith(str(ws.root) + "/"):
        return value[len(str(ws.root)) + 1 :]
    return value


def _tool_title(tool_id: str, lang: str) -> str:
    """A tool's title in ``lang`` (its id when the registry no longer knows it)."""
    try:
        tool = get_tool(tool_id)
    except ImagiaError:
        return tool_id
    return tool.title_fr if lang == "fr" else tool.title_en


def _choice_label(value: str, lang: str) -> str:
    """A choice as the form lists it: a word in ``lang`` when the catalogue has one, a number
    in the locale, else the value as typed (a spec or profile id)."""
    if i18n.has(f"choice.{value}"):
        return i18n.t(f"choice.{value}", lang)
    try:
        return i18n.number(float(value), lang) if "." in value else value
    except ValueError:
        return value


def _param_label(tool_id: str, name: str, lang: str) -> str:
    """A parameter's label in ``lang`` as its form shows it (its name when unknown)."""
    try:
        params = {p.name: p for p in get_tool(tool_id).params}
    except ImagiaError:
        return name
    return params[name].label(lang) if name in params else name


def _context(request: Request, lang: str) -> dict[str, Any]:
    """What every template sees: the language, its words and the formatters of the locale."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    ws: Workspace = request.app.state.workspace
    return {
        "lang": lang,
        "t": i18n.translator(lang),
        "vocab": lambda kind, value: i18n.vocab(kind, value, lang),
        "nav": NAV,
        "here": here,
        "next": quote(here, safe=""),
        "workspace_name": ws.setting("workspace", "name", ws.root.name),
        "when": _when,
        "size": lambda n: i18n.size(n, lang),
        "curve": svg.curve,
        "colon": "\u00a0:" if lang == "fr" else ":",
        "rel": lambda v: _relative(ws, v),
        "num": lambda v: i18n.number(v, lang),
        "tool_title": lambda tool_id: _tool_title(tool_id, lang),
        "choice_label": lambda value: _choice_label(value, lang),
        "param_label": lambda tool_id, name: _param_label(tool_id, name, lang),
        "money": lambda v, cur="EUR": i18n.money(v, cur, lang),
        "job_input": job_input,
        "job_duration": lambda j: job_duration(j, lang),
    }


def render(
    request: Request, name: str, active: str = "", status: int = 200, **ctx: Any
) -> HTMLResponse:
    lang = lang_of(request)
    csrf = security.page_token(request)
    base = {**_context(request, lang), "csrf": csrf, "active": active}
    resp = templates.TemplateResponse(request, name, {**base, **ctx}, status_code=status)
    if security.cookie_token(request) != csrf:  # a new browser session: its token, for its forms
        security.set_csrf_cookie(resp, csrf)
    return resp


def job_input(job: dict[str, Any]) -> str:
    """The name of the file a job ran on (its first file parameter), or ""."""
    tool = _tool_or_none(str(job.get("tool", "")))
    params: dict[str, Any] = job.get("params") or {}
    names = [p.name for p in tool.params if p.kind in ("file", "files", "folder")] if tool else []
    for name in names or list(params):
        value = params.get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and value and (names or value.startswith("/")):
            return value.rstrip("/").rsplit("/", 1)[-1]
    return ""


def job_duration(job: dict[str, Any], lang: str) -> str:
    """How long a finished job ran, for reading ("4,2 s", "3 min 05 s", "1 h 02 min"), or
    "" while it has not finished."""
    started, finished = job.get("started"), job.get("finished")
    if not started or not finished:
        return ""
    seconds = max(0.0, float(finished) - float(started))
    if seconds < 60:
        return f"{i18n.number(round(seconds, 1), lang)}\u00a0s"
    whole = round(seconds)
    h, rem = divmod(whole, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}\u00a0h\u00a0{m:02d}\u00a0min" if h else f"{m}\u00a0min\u00a0{sec:02d}\u00a0s"


def error_page(request: Request, status: int, payload: dict[str, Any]) -> HTMLResponse:
    return render(request, "error.html", status=status, error=payload)


# -- language -----------------------------------------------------------------------------------
@router.get("/lang/{code}")
def switch_language(code: str, next: str = Query("/")) -> Response:
    """Remember the language in a cookie and go back where the visitor was."""
    if code not in i18n.LANGS:
        code = "en"
    local = next.startswith("/") and not next.startswith("//") and "\\" not in next
    target = next if local else "/"
    resp = RedirectResponse(target, status_code=303)
    resp.set_cookie(i18n.COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return resp


# -- catalogue pages ----------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def home(
    request: Request, sector: str = Query("cinema_av"), cat: Catalogue = Depends(deps.catalogue)
) -> HTMLResponse:
    """The value chain, under two lines saying what imagia is and where to start."""
    return _chain_page(request, sector, cat, home=True)


@router.get("/chain", response_class=HTMLResponse)
def chain(
    request: Request, sector: str = Query("cinema_av"), cat: Catalogue = Depends(deps.catalogue)
) -> HTMLResponse:
    return _chain_page(request, sector, cat, home=False)


def _chain_page(request: Request, sector: str, cat: Catalogue, home: bool) -> HTMLResponse:
    if sector not in SECTORS:
        from imagia.core.errors import BadValue

        raise BadValue("sector", sector, SECTORS)
    lang = lang_of(request)
    return render(
        request,
        "chain.html",
        "chain",
        chain=views.chain(cat, sector, lang),
        sectors=SECTORS,
        home=home,
    )


@router.get("/tools", response_class=HTMLResponse)
def tools_page(request: Request, cat: Catalogue = Depends(deps.catalogue)) -> HTMLResponse:
    """Every runnable tool, by sector and stage, with what it does and a link to its form."""
    lang = lang_of(request)
    return render(
        request,
        "tools.html",
        "tools",
        groups=toolbook.groups(cat, lang),
        stage_names=views.stage_names(lang),
        count=len(all_tools()),
    )


@router.get("/matrix", response_class=HTMLResponse)
def matrix(request: Request, cat: Catalogue = Depends(deps.catalogue)) -> HTMLResponse:
    lang = lang_of(request)
    shown = {
        "study": study_matrix.study(cat, lang),
        "cards": views.cards_matrix(cat, lang, i18n.translator(lang)),
    }
    return render(request, "matrix.html", "matrix", matrix=shown)


@router.get("/professions", response_class=HTMLResponse)
def professions(request: Request, cat: Catalogue = Depends(deps.catalogue)) -> HTMLResponse:
    lang = lang_of(request)
    rows = sorted(profession_rows(cat), key=lambda p: i18n.fold_key(p[lang]))
    return render(request, "professions.html", "professions", professions=rows)


def _usecase_context(request: Request, cat: Catalogue, usecase_id: str) -> dict[str, Any]:
    ws: Workspace = request.app.state.workspace
    uc = cat.get(usecase_id)
    history = [{"date": h.date, "source": h.source, **asdict(h.scores[uc.id])} for h in cat.history]
    tools = [
        {"tool": tl, "jobs": [job_dict(j) for j in jobs.list_jobs(ws, 20, tool=tl.id)]}
        for tl in tools_for(uc.id)
    ]
    return {
        "uc": uc.to_dict(),
        "history": history,
        "tools": tools,
        "files": (files := uploads.list_files(ws)),
        "stage_names": views.stage_names(lang_of(request)),
        **forms.pickers(ws, [t["tool"] for t in tools], files, request.query_params),
    }


@router.get("/usecases/{usecase_id}", response_class=HTMLResponse)
def usecase(
    request: Request, usecase_id: str, cat: Catalogue = Depends(deps.catalogue)
) -> HTMLResponse:
    return render(request, "usecase.html", "chain", **_usecase_context(request, cat, usecase_id))


@router.post("/usecases/{usecase_id}/run", response_model=None)
async def run_tool(
    request: Request,
    usecase_id: str,
    cat: Catalogue = Depends(deps.catalogue),
    ws: Workspace = Depends(deps.workspace),
    limit: int = Depends(deps.upload_limit),
) -> Response:
    """The run form: stored uploads replace the chosen workspace file, then the job starts."""
    cat.get(usecase_id)
    tool_id = ""
    raw: dict[str, Any] = {}
    lang = lang_of(request)
    try:
        fields, stored = await actions.receive_form(request, ws, limit)
        tool_id = fields.pop("tool", "")
        raw = {k: v for k, v in fields.items() if not k.endswith("__upload")}
        tool = _tool_or_none(tool_id)
        wrong = forms.wrong_uploads(tool, stored) if tool else {}
        if wrong:
            name, (param, st) = next(iter(wrong.items()))
            errors = {name: forms.kind_message(param, st, lang)}
            for _, unwanted in wrong.values():  # never kept: no job can read it
                (ws.root / unwanted.path).unlink(missing_ok=True)
            return _run_form_error(request, cat, usecase_id, tool_id, 415, errors)
        for key, st in stored.items():
            raw[key.removesuffix("__upload")] = st.path
        job = actions.start_job(ws, tool_id, raw)
    except ImagiaError as exc:
        if isinstance(exc, actions.FieldError):
            tool_id = tool_id or exc.fields.get("tool", "")
        tool = _tool_or_none(tool_id)
        field = forms.field_of(tool, exc, raw)
        if field:
            errors = {field: forms.message(tool, field, exc, lang, limit)}
            return _run_form_error(request, cat, usecase_id, tool_id, exc.http_status, errors)
        ctx = _usecase_context(request, cat, usecase_id)
        return render(
            request,
            "usecase.html",
            "chain",
            status=exc.http_status,
            run_error={"tool": tool_id, **exc.to_dict()},
            **ctx,
        )
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def _tool_or_none(tool_id: str) -> Tool | None:
    try:
        return get_tool(tool_id) if tool_id else None
    except ImagiaError:
        return None


def _run_form_error(
    request: Request,
    cat: Catalogue,
    usecase_id: str,
    tool_id: str,
    status: int,
    errors: dict[str, str],
) -> HTMLResponse:
    """The use case page again, the run form's errors at their fields."""
    ctx = _usecase_context(request, cat, usecase_id)
    return render(
        request,
        "usecase.html",
        "chain",
        status=status,
        run_error={"tool": tool_id, "fields": errors},
        **ctx,
    )


@router.get("/advisor", response_class=HTMLResponse)
def advisor_page(request: Request, cat: Catalogue = Depends(deps.catalogue)) -> HTMLResponse:
    q = {k: v for k, v in request.query_params.items() if v}
    results, error, status = None, None, 200
    if "sector" in q:
        try:
            req = advisor.Request(
                sector=q["sector"],
                genre=q.get("genre"),
                stage=q.get("stage"),
                goal=q.get("goal", "time"),
                budget=q.get("budget", "mid"),
            )
            results = advisor.advise(cat, req)[:15]
        except ImagiaError as exc:
            error, status = exc.to_dict(), exc.http_status
    lang = lang_of(request)
    return render(
        request,
        "advisor.html",
        "advisor",
        status=status,
        form=q,
        results=results,
        error=error,
        sectors=SECTORS,
        genres=views.genres(lang),
        goals=advisor.GOALS,
        budgets=advisor.BUDGETS,
        stages=STAGES,
        stage_names=views.stage_names(lang),
    )


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request, q: str = Query(""), cat: Catalogue = Depends(deps.catalogue)
) -> HTMLResponse:
    hits, tools, error, status = None, None, None, 200
    if q.strip():
        try:
            hits = cat.search(q)
            tools = toolbook.search(q, lang_of(request))
        except ImagiaError as exc:
            error, status = exc.to_dict(), exc.http_status
    return render(
        request, "search.html", "search", status=status, q=q, hits=hits, tools=tools, error=error
    )


# -- jobs and files -----------------------------------------------------------------------------
@router.get("/jobs", response_class=HTMLResponse)
def jobs_page(request: Request, ws: Workspace = Depends(deps.workspace)) -> HTMLResponse:
    return render(
        request,
        "jobs.html",
        "jobs",
        jobs=[job_dict(j) for j in jobs.list_jobs(ws, live.LIMIT)],
        drawn=time.time(),
    )


@router.get("/jobs/events")
def jobs_events(
    request: Request,
    since: float = Query(0.0, description="when the page was drawn (seconds since 1970)"),
    ws: Workspace = Depends(deps.workspace),
) -> StreamingResponse:
    """The Jobs page's rows as server-sent events: each new or changed job's row, rendered in
    the page's language (``jobs`` events)."""
    macro = templates.get_template("_jobrow.html").make_module(_context(request, lang_of(request)))

    def row(job: jobs.Job) -> str:
        return str(getattr(macro, "job_row")(job_dict(job)))  # noqa: B009 (a template macro)

    interval = float(request.app.state.sse_interval)
    return StreamingResponse(
        live.rows(ws, request, row, interval, since),
        media_type="text/event-stream",
        headers=live.headers(),
    )


def _outputs_json(ws: Workspace, job: jobs.Job) -> dict[str, Any]:
    """The job's JSON outputs, parsed, keyed by output kind (for the per-tool views)."""
    out: dict[str, Any] = {}
    for o in job.outputs:
        if not (o["kind"].endswith("json") or o["path"].endswith(".json")):
            continue
        path = jobs.output_path(ws, job.id, o["path"])
        if path.is_file() and path.stat().st_size <= MAX_JSON_VIEW:
            try:
                out[o["kind"]] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
    return out


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(
    request: Request, job_id: str, ws: Workspace = Depends(deps.workspace)
) -> HTMLResponse:
    job = jobs.get(ws, job_id)
    view = None
    if (
        job.status == "done"
        and _TOOL_ID.match(job.tool)
        and (TEMPLATES / "results" / f"{job.tool}.html").is_file()
    ):
        view = f"results/{job.tool}.html"
    return render(
        request,
        "job.html",
        "jobs",
        job=job_dict(job),
        logs=jobs.logs(ws, job_id),
        view=view,
        outputs_json=_outputs_json(ws, job) if view else {},
        live=job.status in ("queued", "running"),
        **views.job_extras(ws, job, lang_of(request)),
    )


@router.get("/files", response_class=HTMLResponse)
def files_page(
    request: Request,
    saved: str = Query(""),
    ws: Workspace = Depends(deps.workspace),
    limit: int = Depends(deps.upload_limit),
) -> HTMLResponse:
    return render(
        request, "files.html", "files", files=uploads.list_files(ws), saved=saved, limit=limit
    )


@router.post("/files", response_model=None)
async def upload_page(
    request: Request,
    ws: Workspace = Depends(deps.workspace),
    limit: int = Depends(deps.upload_limit),
) -> Response:
    try:
        _, stored = await actions.receive_form(request, ws, limit)
        if "file" not in stored:
            from imagia.core.errors import BadValue

            raise BadValue("file", "", reason="choose a file to upload")
    except ImagiaError as exc:
        return render(
            request,
            "files.html",
            "files",
            status=exc.http_status,
            files=uploads.list_files(ws),
            saved="",
            limit=limit,
            error=exc.to_dict(),
        )
    return RedirectResponse(f"/files?saved={quote(stored['file'].name)}", status_code=303)


# -- API reference (offline, from the OpenAPI schema) -------------------------------------------
@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p["name"],
                    "in": p["in"],
                    "required": p.get("required", False),
                    "description": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            body = list(op.get("requestBody", {}).get("content", {}))
            ops.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "params": params,
                    "body": body,
                    "tags": op.get("tags", []),
                    "responses": sorted(op.get("responses", {})),
                }
            )
    return render(request, "docs.html", "api", ops=ops, version=schema["info"]["version"])
