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

from imagia.api import uploads
from imagia.core import jobs
from imagia.core.errors import BadValue
from imagia.core.registry import Param, get_tool
from imagia.core.workspace import Workspace

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _convert(ws: Workspace, p: Param, value: Any, inputs: list[Path]) -> Any:
    if p.kind == "file":
        path = uploads.workspace_input(ws, str(value))
        inputs.append(path)
        return str(path)
    if p.kind == "choice":
        if str(value) not in p.choices:
            raise BadValue(p.name, value, p.choices)
        return str(value)
    if p.kind == "number":
        if isinstance(value, bool):
            raise BadValue(p.name, value, reason="must be a number")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise BadValue(p.name, value, reason="must be a number") from None
        return int(number) if number.is_integer() else number
    if p.kind == "flag":
        if isinstance(value, bool):
            return value
        text = str(value).lower()
        if text not in _TRUE | _FALSE:
            raise BadValue(p.name, value, ["true", "false"])
        return text in _TRUE
    return str(value)


def check_params(ws: Workspace, tool_id: str, raw: dict[str, Any]) -> tuple[dict[str, Any],
                                                                              list[Path]]:
    """A tool's parameters checked against its declaration; file inputs are paths relative to
    the workspace (``files/take1.wav``) and come back absolute."""
    tool = get_tool(tool_id)
    declared = {p.name: p for p in tool.params}
    for name in raw:
        if name not in declared:
            raise BadValue("parameter", name, declared)
    params: dict[str, Any] = {}
    inputs: list[Path] = []
    for p in tool.params:
        value = raw.get(p.name)
        if value is None or value == "":
            if p.required:
                raise BadValue(p.name, "", reason=f"required ({p.help})")
            if p.default is not None:
                params[p.name] = p.default
            continue
        params[p.name] = _convert(ws, p, value, inputs)
    return params, inputs


def start_job(ws: Workspace, tool_id: str, raw: dict[str, Any]) -> jobs.Job:
    """Check, record and start a job in a background thread; returns it queued."""
    params, inputs = check_params(ws, tool_id, raw)
    job = jobs.submit(ws, tool_id, params, inputs)
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
    stored under ``files/`` as :func:`uploads.store` does."""
    fields: dict[str, str] = {}
    stored: dict[str, uploads.Stored] = {}
    async with request.form(max_files=16, max_fields=200) as form:
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                if value.filename:
                    stored[key] = await store_upload(ws, value, limit)
            else:
                fields[key] = value
    return fields, stored
