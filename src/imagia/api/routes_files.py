"""``/api/files``: the workspace's input files — list, upload (multipart), download."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse

from imagia.core.errors import BadValue, NotFound
from imagia.core.workspace import Workspace
from imagia.faces import actions, deps, uploads

router = APIRouter(prefix="/api/files", tags=["files"])

_MULTIPART = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


@router.get("", summary="Files of the workspace (its files/ folder)")
def list_files(ws: Workspace = Depends(deps.workspace)) -> list[dict[str, Any]]:
    return uploads.list_files(ws)


@router.post(
    "",
    status_code=201,
    summary="Upload a file (multipart field 'file'); its type is checked by content",
    openapi_extra=_MULTIPART,
    responses={
        413: {"description": "Larger than web.max_upload_mb"},
        415: {"description": "Content is not a format imagia reads"},
    },
)
async def upload(
    request: Request,
    ws: Workspace = Depends(deps.workspace),
    limit: int = Depends(deps.upload_limit),
) -> dict[str, Any]:
    _, stored = await actions.receive_form(request, ws, limit)
    if "file" not in stored:
        raise BadValue("file", "", reason="send the file as multipart/form-data field 'file'")
    return stored["file"].to_dict()


@router.get("/{path:path}", summary="Download a workspace file", response_class=FileResponse)
def download(path: str, ws: Workspace = Depends(deps.workspace)) -> FileResponse:
    target = uploads.inside(ws.files_dir, path)
    if not target.is_file() or target.name.startswith("."):
        raise NotFound("workspace file", path, [f["name"] for f in uploads.list_files(ws)])
    return FileResponse(
        target,
        filename=target.name,
        media_type="application/octet-stream",
        content_disposition_type="attachment",
    )
