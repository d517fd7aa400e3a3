"""``/api/index``: the media index for the web — moment search, assets, people, the rights
register, and the indexed media themselves, streamed with HTTP Range so a player can seek.

The functions here are what both faces use: the JSON routes below and the pages in
:mod:`imagia.web.pages_index`. The back-ends (:mod:`imagia.index.search`,
:mod:`imagia.index.people`, :mod:`imagia.clips.register` and :mod:`imagia.clips.view`) are
imported when a request needs them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from imagia.api import actions, deps
from imagia.core.errors import BadValue, ImagiaError, NotFound
from imagia.core.workspace import Workspace
from imagia.index.jobs import thumbnail_url

if TYPE_CHECKING:
    from imagia.index.store import IndexStore

router = APIRouter(prefix="/api/index", tags=["index"])

MAX_LIMIT = 200
LANGS = ("fr", "en")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Content-Type by extension: what a <video>/<audio> element needs to pick a decoder.
MEDIA_TYPES: dict[str, str] = {
    ".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime",
    ".mkv": "video/x-matroska", ".webm": "video/webm", ".mxf": "application/mxf",
    ".avi": "video/x-msvideo", ".mpg": "video/mpeg", ".mpeg": "video/mpeg",
    ".ts": "video/mp2t", ".mts": "video/mp2t", ".m2ts": "video/mp2t", ".ogv": "video/ogg",
    ".wav": "audio/wav", ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".aac": "audio/aac",
    ".flac": "audio/flac", ".ogg": "audio/ogg", ".opus": "audio/ogg", ".oga": "audio/ogg",
    ".aif": "audio/aiff", ".aiff": "audio/aiff",
}


class Gone(ImagiaError):
    """An indexed asset whose file is no longer where it was indexed."""

    kind = "not_found"
    http_status = 404


# -- what the routes and pages show -----------------------------------------------------------
def store_of(ws: Workspace) -> IndexStore | None:
    """The workspace's index, or None when there is none yet (reading never creates it)."""
    from imagia.index.store import index_path, open_index

    return open_index(ws) if index_path(ws).is_file() else None


def media_url(sha256: str | None) -> str | None:
    return f"/api/index/media/{sha256}" if sha256 else None


def moment_dict(m: Any) -> dict[str, Any]:
    """A :class:`imagia.index.search.Moment` as JSON with its thumbnail and media URLs."""
    data: dict[str, Any] = m.to_dict()
    data["thumbnail_url"] = thumbnail_url(m.thumbnail)
    data["media_url"] = media_url(m.sha256)
    return data


def search_moments(ws: Workspace, text: str = "", person: str | None = None,
                   sound: str | None = None, asset: str | None = None, lang: str | None = None,
                   limit: int = 20, semantic: bool = True) -> list[dict[str, Any]]:
    """Moments matching the words and/or a person, a sound class, in an asset or a language
    (:func:`imagia.index.search.search`), best first, as JSON with ``thumbnail_url`` and
    ``media_url``."""
    from imagia.index import search as engine

    text = text.strip()
    person, sound, asset, lang = (v.strip() or None if v else None
                                  for v in (person, sound, asset, lang))
    if not 1 <= limit <= MAX_LIMIT:
        raise BadValue("limit", limit, reason=f"between 1 and {MAX_LIMIT}")
    if lang is not None and lang not in LANGS:
        raise BadValue("lang", lang, LANGS)
    if not (text or person or sound):
        raise BadValue("q", "", reason="give words, a person or a sound to look for")
    store = store_of(ws)
    if store is None:
        return []
    query = engine.Query(text=text, person=person, sound=sound, asset=asset, lang=lang,
                         limit=limit, semantic=semantic)
    return [moment_dict(m) for m in engine.search(store, query)]


def list_assets(ws: Workspace) -> list[dict[str, Any]]:
    store = store_of(ws)
    if store is None:
        return []
    return [{**a, "media_url": media_url(a["sha256"])} for a in store.assets()]


def sound_labels(ws: Workspace) -> list[str]:
    """The sound classes heard somewhere in the index (for the search form)."""
    store = store_of(ws)
    if store is None:
        return []
    with store.connect() as con:
        return [r[0] for r in con.execute("SELECT DISTINCT label FROM sounds ORDER BY label")]


# -- people -------------------------------------------------------------------------------------
def _person_dict(p: dict[str, Any]) -> dict[str, Any]:
    return {**p, "thumbnail_url": thumbnail_url(p.get("thumbnail"))}


def _people_store(ws: Workspace, person_id: int) -> IndexStore:
    store = store_of(ws)
    if store is None:
        raise NotFound("person", str(person_id))
    return store


def list_people(ws: Workspace) -> list[dict[str, Any]]:
    """People with faces, most seen first (:func:`imagia.index.people.list_people`), with the
    URL of their clearest face."""
    from imagia.index import people

    store = store_of(ws)
    return [] if store is None else [_person_dict(p) for p in people.list_people(store)]


def name_person(ws: Workspace, person_id: int, name: str) -> dict[str, Any]:
    """Give a cluster of faces a name; returns the person with their moments."""
    from imagia.index import people

    store = _people_store(ws, person_id)
    people.name_person(store, person_id, name)
    return _person_dict(people.person(store, person_id))


def merge_people(ws: Workspace, keep: int, other: int) -> dict[str, Any]:
    """Move ``other``'s faces to ``keep`` (the same person seen twice) and remove ``other``;
    returns ``keep`` with ``merged``, ``moved`` (faces) and ``dropped_name``."""
    from imagia.index import people

    store = _people_store(ws, keep)
    done = people.merge_people(store, keep, other)
    return {**_person_dict(people.person(store, keep)),
            **{k: done.get(k) for k in ("merged", "moved", "dropped_name")}}


# -- the rights register ------------------------------------------------------------------------
def register_rows(reg: Any) -> dict[str, Any]:
    """A :class:`imagia.clips.model.RightsRegister` as plain rows: ``titles`` (one per title),
    ``rows`` (one per grant and per restriction, from :func:`imagia.clips.view.rows`:
    ``kind`` grant, music, archive or person) and the files ``imported``."""
    from imagia.clips import view

    titles = [{"title": t.title, "match": t.match, "match_kind": t.match_kind, "fps": str(t.fps),
               "grants": len(t.grants),
               "restrictions": len(t.music) + len(t.people) + len(t.archive)}
              for t in reg.titles]
    imported = [{"file": Path(str(i.get("file", ""))).name, "sha256": i.get("sha256"),
                 "at": i.get("at"), "titles": list(i.get("titles") or [])}
                for i in reg.imported]
    return {"titles": titles, "columns": list(view.COLUMNS), "rows": view.rows(reg),
            "imported": imported}


def rights_rows(ws: Workspace) -> dict[str, Any]:
    """The workspace's rights register as plain rows (``register`` false when none was
    imported yet)."""
    from imagia.clips import register, view

    reg = register.load(ws)
    if reg is None:
        return {"register": False, "titles": [], "columns": list(view.COLUMNS), "rows": [],
                "imported": []}
    return {"register": True, **register_rows(reg)}


def import_rights(ws: Workspace, path: Path, merge: bool = False) -> dict[str, Any]:
    """Check a YAML or CSV register file and make it the workspace's register (``merge``: its
    titles replace those of the same name, the others stay)."""
    from imagia.clips import register

    reg = register.import_file(ws, path, merge=merge)
    return {"register": True, **register_rows(reg)}


# -- the original media, by checksum ------------------------------------------------------------
def media_file(ws: Workspace, sha256: str) -> tuple[Path, str]:
    """The file of an indexed asset and its name; nothing outside the index is ever served."""
    key = sha256.lower()
    store = store_of(ws)
    row = None
    if store is not None and _SHA256.match(key):
        with store.connect() as con:
            row = con.execute("SELECT path, name FROM assets WHERE sha256=?", (key,)).fetchone()
    if row is None:
        known: list[str] = []
        if store is not None:
            with store.connect() as con:
                known = [r[0] for r in con.execute("SELECT sha256 FROM assets")]
        raise NotFound("indexed asset", sha256, known)
    path = Path(row["path"])
    if not path.is_file():
        raise Gone(f"indexed file {row['name']} is no longer where it was indexed",
                   hint="put it back or index it again where it is now")
    return path, str(row["name"])


def _range_error(header: str, size: int) -> tuple[int, str] | None:
    """(status, message) when a Range header is malformed (400) or asks for nothing in the
    file (416); None when it can be served."""
    units, eq, spec = header.partition("=")
    if not eq or units.strip().lower() != "bytes":
        return 400, "Range must be bytes=START-END"
    wanted = False
    for part in spec.split(","):
        part = part.strip()
        if not part or part == "-":
            continue
        first, dash, last = part.partition("-")
        if not dash:
            continue
        try:
            start = int(first) if first.strip() else None
            end = int(last) if last.strip() else None
        except ValueError:
            return 400, f"Range {part!r} is not START-END in bytes"
        if start is None:
            if end is None or end <= 0:
                return 400, f"Range {part!r} asks for no byte"
            start = max(size - end, 0)
        if start >= size:
            return 416, f"Range {part!r} starts after the end of the file ({size} bytes)"
        if end is not None and first.strip() and end < start:
            return 400, f"Range {part!r} ends before it starts"
        wanted = True
    return None if wanted else (400, "Range asks for no byte")


# -- routes -------------------------------------------------------------------------------------
@router.get("/search", summary="Moments of the indexed media: words, person, sound, asset")
def search(
    q: str = Query("", max_length=500, description="Words (said or on screen)"),
    person: str | None = Query(None, max_length=200, description="A person's name or id"),
    sound: str | None = Query(None, max_length=100, description="A sound class, e.g. music"),
    asset: str | None = Query(None, max_length=500, description="An asset's name or SHA-256"),
    lang: str | None = Query(None, max_length=5, description="fr or en"),
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    semantic: bool = Query(True, description="Also find words of close meaning"),
    ws: Workspace = Depends(deps.workspace),
) -> dict[str, Any]:
    """Each moment: asset, sha256, timecode, start/end (seconds), score, ``why`` it matched,
    the words, the shot and its ``thumbnail_url``, and ``media_url`` (the original, seekable:
    add ``#t=<start>``)."""
    moments = search_moments(ws, q, person, sound, asset, lang, limit, semantic)
    return {"query": {"q": q, "person": person, "sound": sound, "asset": asset, "lang": lang,
                      "limit": limit, "semantic": semantic},
            "count": len(moments), "moments": moments}


@router.get("/assets", summary="Indexed assets")
def assets(ws: Workspace = Depends(deps.workspace)) -> list[dict[str, Any]]:
    return list_assets(ws)


class NameRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, StringConstraints(max_length=200)] = Field(
        description="The person's name", examples=["Ana Duval"])


class MergeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    keep: int = Field(description="The person kept", examples=[1])
    other: int = Field(description="The person merged into it, then removed", examples=[2])


@router.get("/people", summary="People: clusters of faces across the index")
def people(ws: Workspace = Depends(deps.workspace)) -> list[dict[str, Any]]:
    return list_people(ws)


@router.post("/people/merge", summary="Merge two people (the same person seen twice)")
def merge(body: MergeRequest, ws: Workspace = Depends(deps.workspace)) -> dict[str, Any]:
    return merge_people(ws, body.keep, body.other)


@router.post("/people/{person_id}/name", summary="Name a person")
def name(person_id: int, body: NameRequest,
         ws: Workspace = Depends(deps.workspace)) -> dict[str, Any]:
    return name_person(ws, person_id, body.name)


@router.get("/rights", summary="The rights register: titles, grants, restrictions")
def rights(ws: Workspace = Depends(deps.workspace)) -> dict[str, Any]:
    return rights_rows(ws)


_MULTIPART = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary"},
                   "merge": {"type": "boolean", "description": "keep the other titles"}}}}}}}


@router.post("/rights", status_code=201, openapi_extra=_MULTIPART,
             summary="Import a rights register (YAML or CSV, multipart field 'file')")
async def rights_upload(request: Request, ws: Workspace = Depends(deps.workspace),
                        limit: int = Depends(deps.upload_limit)) -> dict[str, Any]:
    """The file is stored under files/ like every upload, checked, and becomes the workspace's
    register (``merge=true``: its titles replace those of the same name, the others stay).
    A bad file is a ``bad_file`` error naming the line and field."""
    fields, stored = await actions.receive_form(request, ws, limit)
    if "file" not in stored:
        raise BadValue("file", "", reason="send the register as multipart/form-data field "
                       "'file'")
    merge = fields.get("merge", "").lower() in ("1", "true", "yes", "on")
    return import_rights(ws, ws.root / stored["file"].path, merge)


@router.get(
    "/media/{sha256}",
    summary="An indexed file, by its SHA-256 (HTTP Range: a player can seek)",
    response_class=FileResponse,
    response_model=None,
    responses={206: {"description": "Partial content (Range)"},
               404: {"description": "Not an indexed asset, or its file has moved"},
               416: {"description": "Range outside the file"}},
)
def media(sha256: str, request: Request,
          ws: Workspace = Depends(deps.workspace)) -> Response:
    path, filename = media_file(ws, sha256)
    size = path.stat().st_size
    header = request.headers.get("range")
    if header is not None:
        problem = _range_error(header, size)
        if problem is not None:
            status, message = problem
            kind = "range_not_satisfiable" if status == 416 else "bad_request"
            return JSONResponse(
                {"error": kind, "message": message,
                 "hint": f"ask for bytes between 0 and {size - 1}"},
                status_code=status,
                headers={"Content-Range": f"bytes */{size}"} if status == 416 else None)
    media_type = MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
    return FileResponse(path, media_type=media_type, filename=filename,
                        content_disposition_type="inline",
                        headers={"Cache-Control": "private, max-age=3600"})
