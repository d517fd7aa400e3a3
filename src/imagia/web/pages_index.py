"""The media index's pages: moment search with a player, people (name and merge clusters of
faces) and the rights register (tables, import).

Server-rendered like the other pages and readable without JavaScript; ``static/media.js`` only
loads a clicked moment into the page's player and seeks to it. Forms post back here and redirect
(post/redirect/get). Every page calls the same functions as the JSON API
(:mod:`imagia.faces.index`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from imagia.core.errors import BadValue, ImagiaError
from imagia.core.workspace import Workspace
from imagia.faces import actions, deps
from imagia.faces import index as idx
from imagia.index.sounds import NAMES_FR
from imagia.web.pages import lang_of, render

router = APIRouter(include_in_schema=False)


# -- media search -------------------------------------------------------------------------------
@router.get("/media", response_class=HTMLResponse)
def media_search(
    request: Request,
    q: str = Query("", max_length=500),
    person: str = Query("", max_length=200),
    sound: str = Query("", max_length=100),
    asset: str = Query("", max_length=500),
    lang: str = Query("", max_length=5),
    limit: int = Query(20, ge=1, le=idx.MAX_LIMIT),
    ws: Workspace = Depends(deps.workspace),
) -> HTMLResponse:
    form = {"q": q, "person": person, "sound": sound, "asset": asset, "lang": lang}
    moments: list[dict[str, Any]] | None = None
    error, status = None, 200
    try:
        assets = idx.list_assets(ws)
        people = idx.list_people(ws)
        sounds = _sound_words(idx.sound_labels(ws), lang_of(request))
        if any(v.strip() for k, v in form.items() if k != "lang"):
            moments = idx.search_moments(ws, q, person, sound, asset, lang, limit)
    except ImagiaError as exc:
        assets, people, sounds = [], [], []
        error, status = exc.to_dict(), exc.http_status
    return render(
        request,
        "media-search.html",
        "media",
        status=status,
        form=form,
        moments=moments,
        error=error,
        assets=assets,
        people=people,
        sounds=sounds,
        limit=limit,
    )


def _sound_words(labels: list[str], lang: str) -> list[str]:
    """The sound classes as the search form offers them: French words on a French page (the
    search takes either language)."""
    return [NAMES_FR.get(x, x) for x in labels] if lang == "fr" else labels


# -- people -------------------------------------------------------------------------------------
def _people_page(
    request: Request,
    ws: Workspace,
    status: int = 200,
    error: dict[str, Any] | None = None,
    saved: str = "",
) -> HTMLResponse:
    try:
        people = idx.list_people(ws)
    except ImagiaError as exc:
        people, error, status = [], error or exc.to_dict(), exc.http_status
    return render(
        request, "people.html", "people", status=status, people=people, error=error, saved=saved
    )


@router.get("/people", response_class=HTMLResponse)
def people_page(
    request: Request, saved: str = Query("", max_length=20), ws: Workspace = Depends(deps.workspace)
) -> HTMLResponse:
    return _people_page(request, ws, saved=saved)


def _person_id(value: str, param: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise BadValue(param, value, reason="a person's number") from None


@router.post("/people/{person_id}/name", response_model=None)
async def people_name(
    request: Request, person_id: int, ws: Workspace = Depends(deps.workspace)
) -> Response:
    async with request.form(max_files=0, max_fields=10) as form:
        name = str(form.get("name") or "")
    try:
        idx.name_person(ws, person_id, name)
    except ImagiaError as exc:
        return _people_page(request, ws, exc.http_status, exc.to_dict())
    return RedirectResponse(f"/people?saved={person_id}#person-{person_id}", status_code=303)


@router.post("/people/merge", response_model=None)
async def people_merge(request: Request, ws: Workspace = Depends(deps.workspace)) -> Response:
    async with request.form(max_files=0, max_fields=10) as form:
        keep, other = str(form.get("keep") or ""), str(form.get("other") or "")
    try:
        kept = idx.merge_people(ws, _person_id(keep, "keep"), _person_id(other, "other"))
    except ImagiaError as exc:
        return _people_page(request, ws, exc.http_status, exc.to_dict())
    return RedirectResponse(f"/people?saved={kept['id']}#person-{kept['id']}", status_code=303)


# -- rights register ----------------------------------------------------------------------------
def _rights_page(
    request: Request,
    ws: Workspace,
    limit: int,
    status: int = 200,
    error: dict[str, Any] | None = None,
    imported: str = "",
) -> HTMLResponse:
    register: dict[str, Any] | None = None
    try:
        register = idx.rights_rows(ws)
    except ImagiaError as exc:
        error, status = error or exc.to_dict(), exc.http_status if status == 200 else status
    return render(
        request,
        "rights.html",
        "rights",
        status=status,
        register=register,
        error=error,
        imported=imported,
        limit=limit,
    )


@router.get("/rights", response_class=HTMLResponse)
def rights_page(
    request: Request,
    imported: str = Query("", max_length=300),
    ws: Workspace = Depends(deps.workspace),
    limit: int = Depends(deps.upload_limit),
) -> HTMLResponse:
    return _rights_page(request, ws, limit, imported=imported)


@router.post("/rights", response_model=None)
async def rights_import(
    request: Request,
    ws: Workspace = Depends(deps.workspace),
    limit: int = Depends(deps.upload_limit),
) -> Response:
    """The upload form: the file is stored under files/ (checked by content like every upload),
    then imported into the workspace's register by the clips back-end."""
    try:
        fields, stored = await actions.receive_form(request, ws, limit)
        if "file" not in stored:
            raise BadValue("file", "", reason="choose a YAML or CSV register file")
        st = stored["file"]
        idx.import_rights(ws, ws.root / st.path, merge=fields.get("merge") == "on")
    except ImagiaError as exc:
        return _rights_page(request, ws, limit, exc.http_status, exc.to_dict())
    return RedirectResponse(f"/rights?imported={quote(st.name)}", status_code=303)
