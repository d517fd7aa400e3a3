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
from imagia.core.errors import ImagiaError
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


class FieldError(ImagiaError):
    """An error about one field of a posted form (``field``: the parameter's name): the page
    shows it next to that field. Status, kind and message are those of ``cause``; ``fields``
    are the form's text fields read before it (a run form's ``tool`` comes first)."""

    def __init__(
        self, field: str, cause: ImagiaError, fields: dict[str, str] | None = None
    ) -> None:
        self.field = field
        self.cause = cause
        self.fields = dict(fields or {})
        self.http_status = cause.http_status
        self.kind = cause.kind
        super().__init__(cause.message, hint=cause.hint)

    def to_dict(self) -> dict[str, object]:
        return {**self.cause.to_dict(), "field": self.field}


async def receive_form(
    request: Request, ws: Workspace, limit: int
) -> tuple[dict[str, str], dict[str, uploads.Stored]]:
    """A posted form as (fields, stored files): every non-empty file input is checked and
    stored under ``files/`` as :func:`uploads.store` does; a refused file raises
    :class:`FieldError` naming its field. The form's CSRF token (checked by the app before the
    route runs) is not one of the fields."""
    fields: dict[str, str] = {}
    stored: dict[str, uploads.Stored] = {}
    async with request.form(max_files=16, max_fields=200) as form:
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                if value.filename:
                    try:
                        stored[key] = await store_upload(ws, value, limit)
                    except ImagiaError as exc:
                        raise FieldError(key.removesuffix("__upload"), exc, fields) from exc
            elif key != CSRF_FIELD:
                fields[key] = value
    return fields, stored
