"""``/api/index``: the media index for the web — moment search, assets, people, the rights
register, and the indexed media themselves, streamed with HTTP Range so a player can seek.

What the routes show is made by :mod:`imagia.faces.index`, which the pages in
:mod:`imagia.web.pages_index` use too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from imagia.core.errors import BadValue, ImagiaError, NotFound
from imagia.core.workspace import Workspace
from imagia.faces import actions, deps
from imagia.faces.index import (
    MAX_LIMIT,
    import_rights,
    list_assets,
    list_people,
    merge_people,
    name_person,
    rights_rows,
    search_moments,
    store_of,
)

router = APIRouter(prefix="/api/index", tags=["index"])

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Content-Type by extension: what a <video>/<audio> element needs to pick a decoder.
MEDIA_TYPES: dict[str, str] = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".mov": "video/quicktime",
    ".mkv": "video/x-matroska",
    ".webm": "video/webm",
    ".mxf": "application/mxf",
    ".avi": "video/x-msvideo",
    ".mpg": "video/mpeg",
    ".mpeg": "video/mpeg",
    ".ts": "video/mp2t",
    ".mts": "video/mp2t",
    ".m2ts": "video/mp2t",
    ".ogv": "video/ogg",
    ".wav": "audio/wav",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".flac": "audio/flac",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".oga": "audio/ogg",
    ".aif": "audio/aiff",
    ".aiff": "audio/aiff",
}


class Gone(ImagiaError):
    """An indexed asset whose file is no longer where it was indexed."""

    kind = "not_found"
    http_status = 404


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
        raise Gone(
            f"indexed file {row['name']} is no longer where it was indexed",
            hint="put it back or index it again where it is now",
        )
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
    return {
        "query": {
            "q": q,
            "person": person,
            "sound": sound,
            "asset": asset,
            "lang": lang,
            "limit": limit,
            "semantic": semantic,
        },
        "count": len(moments),
        "moments": moments,
    }


@router.get("/assets", summary="Indexed assets")
def assets(ws: Workspace = Depends(deps.workspace)) -> list[dict[str, Any]]:
    return list_assets(ws)


class NameRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, StringConstraints(max_length=200)] = Field(
        description="The person's name", examples=["Ana Duval"]
    )


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
def name(
    person_id: int, body: NameRequest, ws: Workspace = Depends(deps.workspace)
) -> dict[str, Any]:
    return name_person(ws, person_id, body.name)


@router.get("/rights", summary="The rights register: titles, grants, restrictions")
def rights(ws: Workspace = Depends(deps.workspace)) -> dict[str, Any]:
    return rights_rows(ws)


_MULTIPART = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "merge": {"type": "boolean", "description": "keep the other titles"},
                    },
                }
            }
        },
    }
}


@router.post(
    "/rights",
    status_code=201,
    openapi_extra=_MULTIPART,
    summary="Import a rights register (YAML or CSV, multipart field 'file')",
)
async def rights_upload(
    request: Request,
    ws: Workspace = Depends(deps.workspace),
    limit: int = Depends(deps.upload_limit),
) -> dict[str, Any]:
    """The file is stored under files/ like every upload, checked, and becomes the workspace's
    register (``merge=true``: its titles replace those of the same name, the others stay).
    A bad file is a ``bad_file`` error naming the line and field."""
    fields, stored = await actions.receive_form(request, ws, limit)
    if "file" not in stored:
        raise BadValue("file", "", reason="send the register as multipart/form-data field 'file'")
    merge = fields.get("merge", "").lower() in ("1", "true", "yes", "on")
    return import_rights(ws, ws.root / stored["file"].path, merge)


@router.get(
    "/media/{sha256}",
    summary="An indexed file, by its SHA-256 (HTTP Range: a player can seek)",
    response_class=FileResponse,
    response_model=None,
    responses={
        206: {"description": "Partial content (Range)"},
        404: {"description": "Not an indexed asset, or its file has moved"},
        416: {"description": "Range outside the file"},
    },
)
def media(sha256: str, request: Request, ws: Workspace = Depends(deps.workspace)) -> Response:
    path, filename = media_file(ws, sha256)
    size = path.stat().st_size
    header = request.headers.get("range")
    if header is not None:
        problem = _range_error(header, size)
        if problem is not None:
            status, message = problem
            kind = "range_not_satisfiable" if status == 416 else "bad_request"
            return JSONResponse(
                {
                    "error": kind,
                    "message": message,
                    "hint": f"ask for bytes between 0 and {size - 1}",
                },
                status_code=status,
                headers={"Content-Range": f"bytes */{size}"} if status == 416 else None,
            )
    media_type = MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
    return FileResponse(
        path,
        media_type=media_type,
        filename=filename,
        content_disposition_type="inline",
        headers={"Cache-Control": "private, max-age=3600"},
    )
