"""Actions shared by the API and the pages: start a tool's job, receive uploaded files.

Both faces call these, so a job started from a form and one started with ``POST /api/jobs`` are
checked and recorded the same way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile

from imagia.core import jobs
from imagia.core.workspace import Workspace
from imagia.faces import uploads
from imagia.faces.security import CSRF_FIELD


def _inside_workspace(ws: Workspace, rel: str) -> Path:
    """A file or folder named relative to the workspace; a name that is not there is refused
    with the workspace's files as suggestions."""
    path = uploads.inside(ws.root, rel)
    return path if path.exists() else uploads.workspace_input(ws, rel)


def start_job(ws: Workspace, tool_id: str, raw: dict[str, Any]) -> jobs.Job:
    """Check, record and start a job in a background thread; returns it queued."""
    job = jobs.submit(ws, tool_id, raw, resolve=lambda rel: _inside_workspace(ws, rel))
    jobs.start_in_thread(ws, job.id)
    return job


async def _chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while block := await upload.read(uploads.CHUNK):
        yield block


async def store_upload(ws: Workspace, upload: UploadFile, limit: int) -> uploads.Stored:
    return await uploads.store(ws, upload.filename, _chunks(upload), limit)


async def receive_form(
    request: Request, ws: Workspace, limit: int
) -> tuple[dict[str, str], dict[str, uploads.Stored]]:
    """A posted form as (fields, stored files): every non-empty file input is checked and
    stored under ``files/`` as :func:`uploads.store` does. The form's CSRF token (checked by the
    app before the route runs) is not one of the fields."""
    fields: dict[str, str] = {}
    stored: dict[str, uploads.Stored] = {}
    async with request.form(max_files=16, max_fields=200) as form:
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                if value.filename:
                    stored[key] = await store_upload(ws, value, limit)
            elif key != CSRF_FIELD:
                fields[key] = value
    return fields, stored
