"""Jobs: long work recorded in the workspace with status, progress, logs, provenance, outputs.

A tool's function has the signature ``fn(params: dict, job: JobContext) -> dict``; it reports
progress through ``job.progress`` and registers files with ``job.add_output``. The CLI runs a
job in the foreground with a progress bar; the web app runs it in a thread and streams progress.
A job left ``running`` by a crashed process is marked ``interrupted`` and can be run again with
its saved parameters (``imagia jobs resume``).
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imagia.core import provenance
from imagia.core.errors import ImagiaError, NotFound
from imagia.core.registry import Tool, get_tool
from imagia.core.workspace import Workspace

STATES = ("queued", "running", "done", "failed", "interrupted")
_LIVE: set[str] = set()  # jobs running in this process
_LIVE_LOCK = threading.Lock()


@dataclass
class Job:
    id: str
    tool: str
    usecase: str
    status: str
    progress: float
    message: str
    params: dict[str, Any]
    provenance: dict[str, Any]
    result: dict[str, Any]
    error: str | None
    created: float
    started: float | None
    finished: float | None
    outputs: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _row_to_job(row: Any, outputs: list[dict[str, Any]]) -> Job:
    return Job(
        id=row["id"],
        tool=row["tool"],
        usecase=row["usecase"],
        status=row["status"],
        progress=row["progress"],
        message=row["message"],
        params=json.loads(row["params"]),
        provenance=json.loads(row["provenance"]),
        result=json.loads(row["result"]),
        error=row["error"],
        created=row["created"],
        started=row["started"],
        finished=row["finished"],
        outputs=outputs,
    )


class JobContext:
    """What a running tool sees: progress, logs, its output folder."""

    def __init__(
        self, ws: Workspace, job_id: str, on_progress: Callable[[float, str], None] | None
    ) -> None:
        self.ws = ws
        self.id = job_id
        self.output_dir = ws.outputs_dir / job_id
        self.output_dir.mkdir(parents=True, exist_ok=True)
        self._on_progress = on_progress
        self._last_write = 0.0
        self.models: list[dict[str, Any]] = []

    def progress(self, fraction: float, message: str = "") -> None:
        fraction = max(0.0, min(1.0, fraction))
        now = time.monotonic()
        if now - self._last_write > 0.2 or fraction >= 1.0:
            with self.ws.connect() as con:
                con.execute(
                    "UPDATE jobs SET progress=?, message=? WHERE id=?", (fraction, message, self.id)
                )
            self._last_write = now
        if self._on_progress:
            self._on_progress(fraction, message)

    def log(self, message: str, level: str = "info") -> None:
        with self.ws.connect() as con:
            con.execute(
                "INSERT INTO job_logs(job_id, at, level, message) VALUES(?,?,?,?)",
                (self.id, time.time(), level, message),
            )

    def use_model(self, info: dict[str, Any]) -> None:
        """Record a model the tool used (name, version, path, licence) in the provenance."""
        self.models.append(info)

    def add_output(self, path: Path, kind: str) -> None:
        rel = path.resolve().relative_to(self.ws.root.resolve())
        with self.ws.connect() as con:
            con.execute(
                "INSERT OR REPLACE INTO job_outputs(job_id, path, kind, sha256, bytes) "
                "VALUES(?,?,?,?,?)",
                (self.id, str(rel), kind, provenance.sha256_file(path), path.stat().st_size),
            )


def create(ws: Workspace, tool: Tool, params: dict[str, Any], inputs: list[Path]) -> Job:
    job_id = time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]
    prov = provenance.record(tool.id, params, inputs)
    with ws.connect() as con:
        con.execute(
            "INSERT INTO jobs(id, tool, usecase, status, params, provenance, created) "
            "VALUES(?,?,?,?,?,?,?)",
            (job_id, tool.id, tool.usecase, "queued", json.dumps(params, default=str),
             json.dumps(prov), time.time()),
        )
    return get(ws, job_id)


def run(
    ws: Workspace, job_id: str, on_progress: Callable[[float, str], None] | None = None
) -> Job:
    """Run a queued job in this thread; its result or error lands in the database."""
    job = get(ws, job_id)
    tool = get_tool(job.tool)
    ctx = JobContext(ws, job_id, on_progress)
    with _LIVE_LOCK:
        _LIVE.add(job_id)
    with ws.connect() as con:
        con.execute(
            "UPDATE jobs SET status='running', started=?, progress=0, error=NULL, pid=? "
            "WHERE id=?",
            (time.time(), os.getpid(), job_id),
        )
    try:
        fn = tool.load()
        result = fn(dict(job.params), ctx) or {}
        prov = dict(job.provenance)
        prov["models"] = ctx.models
        prov["ai_generated"] = bool(ctx.models)
        with ws.connect() as con:
            con.execute(
                "UPDATE jobs SET status='done', progress=1, message='done', result=?, "
                "provenance=?, finished=? WHERE id=?",
                (json.dumps(result, default=str), json.dumps(prov), time.time(), job_id),
            )
    except ImagiaError as exc:
        _fail(ws, ctx, str(exc))
        raise
    except Exception as exc:
        ctx.log(traceback.format_exc(), "error")
        _fail(ws, ctx, f"internal error: {exc!r}")
        raise
    finally:
        with _LIVE_LOCK:
            _LIVE.discard(job_id)
    return get(ws, job_id)


def _fail(ws: Workspace, ctx: JobContext, message: str) -> None:
    ctx.log(message, "error")
    with ws.connect() as con:
        con.execute(
            "UPDATE jobs SET status='failed', error=?, finished=? WHERE id=?",
            (message, time.time(), ctx.id),
        )


def start_in_thread(ws: Workspace, job_id: str) -> threading.Thread:
    """Run a job in a daemon thread (the web app's way); errors stay in the job record."""

    def target() -> None:
        with contextlib.suppress(Exception):  # already recorded in the job
            run(ws, job_id)

    th = threading.Thread(target=target, name=f"job-{job_id}", daemon=True)
    th.start()
    return th


def get(ws: Workspace, job_id: str) -> Job:
    with ws.connect() as con:
        row = con.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()
        if row is None:
            ids = [r[0] for r in con.execute("SELECT id FROM jobs ORDER BY created DESC LIMIT 50")]
            raise NotFound("job", job_id, ids)
        outs = [
            dict(r)
            for r in con.execute(
                "SELECT path, kind, sha256, bytes FROM job_outputs WHERE job_id=? ORDER BY path",
                (job_id,),
            )
        ]
    job = _row_to_job(row, outs)
    pid = row["pid"] if "pid" in row.keys() else None  # noqa: SIM118 (sqlite3.Row)
    if job.status == "running" and job_id not in _LIVE and _dead(pid, job):
        mark_interrupted(ws, job_id)
        job.status = "interrupted"
    return job


def _dead(pid: int | None, job: Job) -> bool:
    """Whether the process running ``job`` is gone (a job of another live process, such as the
    CLI beside the web app, is left alone)."""
    if pid is None:
        return job.started is not None and time.time() - job.started > 6 * 3600
    if pid == os.getpid():
        return True  # ours, yet not in _LIVE: this process restarted the id or lost the thread
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def mark_interrupted(ws: Workspace, job_id: str) -> None:
    with ws.connect() as con:
        con.execute(
            "UPDATE jobs SET status='interrupted', message='interrupted before the end' "
            "WHERE id=? AND status='running'",
            (job_id,),
        )


def list_jobs(ws: Workspace, limit: int = 100, tool: str | None = None) -> list[Job]:
    sql = "SELECT id FROM jobs"
    args: list[Any] = []
    if tool:
        sql += " WHERE tool=?"
        args.append(tool)
    sql += " ORDER BY created DESC LIMIT ?"
    args.append(limit)
    with ws.connect() as con:
        ids = [r[0] for r in con.execute(sql, args)]
    return [get(ws, i) for i in ids]


def logs(ws: Workspace, job_id: str) -> list[dict[str, Any]]:
    get(ws, job_id)
    with ws.connect() as con:
        return [
            dict(r)
            for r in con.execute(
                "SELECT at, level, message FROM job_logs WHERE job_id=? ORDER BY at", (job_id,)
            )
        ]


def output_path(ws: Workspace, job_id: str, rel: str) -> Path:
    """The file of a job's output, only if it is registered (no path traversal)."""
    job = get(ws, job_id)
    for o in job.outputs:
        if o["path"] == rel:
            return ws.root / rel
    raise NotFound("output", rel, [o["path"] for o in job.outputs])


def submit(
    ws: Workspace, tool_id: str, params: dict[str, Any], inputs: list[Path] | None = None
) -> Job:
    """Validate the tool and record a queued job."""
    tool = get_tool(tool_id)
    for p in inputs or []:
        if not Path(p).is_file():
            from imagia.core.errors import BadFile

            raise BadFile(p, "file not found")
    return create(ws, tool, params, list(inputs or []))
