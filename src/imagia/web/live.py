"""The jobs list, live: one server-sent event stream per open Jobs page.

A cheap query of the jobs' states runs every interval; a job that is new or changed since the
last look is sent as its table row, rendered on the server in the page's language, so the
page's script only swaps rows (no strings of its own, nothing computed twice).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio
from fastapi import Request

from imagia.core import jobs
from imagia.core.workspace import Workspace

FINAL = ("done", "failed", "interrupted")
LIMIT = 100  # as many rows as the page shows
KEEP_ALIVE_S = 15.0

Signature = tuple[str, float, str, float | None]


def states(ws: Workspace, limit: int = LIMIT) -> dict[str, tuple[Signature, float]]:
    """id -> ((status, progress, message, finished), created) of the newest jobs, in one
    query (the full records are read only for the jobs that changed)."""
    with ws.connect() as con:
        rows = con.execute(
            "SELECT id, status, progress, message, finished, created FROM jobs "
            "ORDER BY created DESC LIMIT ?",
            (limit,),
        ).fetchall()
    return {r[0]: ((r[1], round(float(r[2]), 3), r[3] or "", r[4]), float(r[5])) for r in rows}


def changed(
    before: dict[str, Signature] | None,
    now: dict[str, tuple[Signature, float]],
    since: float,
) -> list[str]:
    """Ids to send, oldest first (the page puts each new row on top). On the first look
    (``before`` is None) every job still running, or created or finished after ``since``
    (when the page was drawn), so nothing that moved in between is missed."""
    out = []
    for job_id, (sig, created) in now.items():
        if before is None:
            status, _, _, finished = sig
            fresh = created >= since or (finished is not None and finished >= since)
            if status not in FINAL or fresh:
                out.append((created, job_id))
        elif before.get(job_id) != sig:
            out.append((created, job_id))
    return [job_id for _, job_id in sorted(out)]


async def rows(
    ws: Workspace,
    request: Request,
    row: Callable[[jobs.Job], str],
    interval: float,
    since: float,
) -> AsyncIterator[str]:
    """``jobs`` events (``{"rows": [{"id", "html"}]}``) while the page stays open."""
    before: dict[str, Signature] | None = None
    quiet = 0.0
    while True:
        now = await anyio.to_thread.run_sync(states, ws)
        ids = changed(before, now, since)
        before = {k: v[0] for k, v in now.items()}
        if ids:
            found = [await anyio.to_thread.run_sync(jobs.get, ws, i) for i in ids]
            data = {"rows": [{"id": j.id, "html": row(j)} for j in found]}
            yield f"event: jobs\ndata: {json.dumps(data)}\n\n"
            quiet = 0.0
        if await request.is_disconnected():
            return
        await asyncio.sleep(interval)
        quiet += interval
        if quiet >= KEEP_ALIVE_S:
            yield ": keep-alive\n\n"
            quiet = 0.0


def headers() -> dict[str, Any]:
    return {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
