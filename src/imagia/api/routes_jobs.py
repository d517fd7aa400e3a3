"""``/api/jobs``: start a tool, follow its progress (server-sent events), read logs and outputs."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import anyio
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, StreamingResponse
from pydantic import BaseModel, Field

from imagia.core import jobs
from imagia.core.errors import NotFound
from imagia.core.workspace import Workspace
from imagia.faces import actions, deps
from imagia.faces.jobs import job_dict, output_name

router = APIRouter(prefix="/api/jobs", tags=["jobs"])
FINAL = ("done", "failed", "interrupted")


class JobRequest(BaseModel):
    tool: str = Field(description="Tool id, e.g. audio-loudness")
    params: dict[str, Any] = Field(
        default_factory=dict,
        description="The tool's parameters; files are paths relative to the workspace, "
        "e.g. files/take1.wav",
        examples=[{"media": "files/take1.wav", "spec": "ebu-r128"}],
    )


def progress_event(job: jobs.Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "status": job.status,
        "progress": round(job.progress, 4),
        "message": job.message,
        "error": job.error,
    }


@router.get("", summary="Jobs, newest first")
def list_jobs(
    tool: str | None = Query(None, description="Only this tool's jobs"),
    limit: int = Query(100, ge=1, le=1000),
    ws: Workspace = Depends(deps.workspace),
) -> list[dict[str, Any]]:
    return [job_dict(j) for j in jobs.list_jobs(ws, limit=limit, tool=tool or None)]


@router.post("", status_code=201, summary="Start a tool on workspace files")
def create(body: JobRequest, ws: Workspace = Depends(deps.workspace)) -> dict[str, Any]:
    job = actions.start_job(ws, body.tool, body.params)
    return job_dict(job)


@router.get("/{job_id}", summary="A job: status, progress, parameters, result, outputs")
def show(job_id: str, ws: Workspace = Depends(deps.workspace)) -> dict[str, Any]:
    return job_dict(jobs.get(ws, job_id))


@router.get("/{job_id}/logs", summary="A job's log lines")
def logs(job_id: str, ws: Workspace = Depends(deps.workspace)) -> list[dict[str, Any]]:
    return jobs.logs(ws, job_id)


async def _events(
    ws: Workspace, job_id: str, request: Request, interval: float
) -> AsyncIterator[str]:
    last: dict[str, Any] | None = None
    quiet = 0.0
    while True:
        job = await anyio.to_thread.run_sync(jobs.get, ws, job_id)
        event = progress_event(job)
        if event != last:
            yield f"event: progress\ndata: {json.dumps(event)}\n\n"
            last, quiet = event, 0.0
        if job.status in FINAL:
            yield f"event: end\ndata: {json.dumps(event)}\n\n"
            return
        if await request.is_disconnected():
            return
        await asyncio.sleep(interval)
        quiet += interval
        if quiet >= 15:
            yield ": keep-alive\n\n"
            quiet = 0.0


@router.get(
    "/{job_id}/events",
    summary="Progress as server-sent events (text/event-stream)",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "`progress` events, then one `end` event",
        }
    },
)
def events(
    job_id: str, request: Request, ws: Workspace = Depends(deps.workspace)
) -> StreamingResponse:
    jobs.get(ws, job_id)  # 404 before the stream starts
    interval = float(request.app.state.sse_interval)
    return StreamingResponse(
        _events(ws, job_id, request, interval),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


# Types shown inline (never HTML or SVG, which could run scripts from the workspace's origin).
_INLINE = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
    ".webm": "video/webm",
    ".wav": "audio/wav",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".vtt": "text/vtt",
}


@router.get(
    "/{job_id}/outputs/{name:path}",
    summary="Download one of a job's outputs",
    response_class=FileResponse,
)
def output(job_id: str, name: str, ws: Workspace = Depends(deps.workspace)) -> FileResponse:
    job = jobs.get(ws, job_id)
    for o in job.outputs:
        if name in (o["path"], output_name(job, o["path"])):
            path = jobs.output_path(ws, job_id, o["path"])
            kind = _INLINE.get(path.suffix.lower())
            if kind:  # pictures and media play in the page; anything else is a download
                return FileResponse(
                    path, filename=path.name, media_type=kind, content_disposition_type="inline"
                )
            return FileResponse(
                path,
                filename=path.name,
                media_type="application/octet-stream",
                content_disposition_type="attachment",
            )
    raise NotFound("output", name, [output_name(job, o["path"]) for o in job.outputs])
