"""Jobs: long work recorded in the workspace with status, progress, logs, provenance, outputs.

A tool's function has the signature ``fn(params: dict, job: JobContext) -> dict``; it reports
progress through ``job.progress`` and writes its outputs through ``job.write_json`` and its
siblings (see :class:`JobContext`). The CLI runs a job in the foreground with a progress bar;
the web app runs it in a thread and streams progress. A job left ``running`` by a crashed
process is marked ``interrupted`` and can be run again with its saved parameters
(``imagia jobs resume``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sqlite3
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imagia.core import provenance
from imagia.core.errors import BadFile, ImagiaError, NotFound, WorkspaceError
from imagia.core.params import Resolver, local_path, validate
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
    """What a running tool sees: progress, logs, its output folder, one way to write outputs.

    - ``provenance(**details)`` — the job's ``Provenance.1`` record (tool, parameters, inputs
      with their SHA-256, the models used so far with where they were found and their licence,
      imagia version, date); keyword arguments are tool-specific fields (``engine=...``) kept
      under the record's ``"details"`` key, and remembered for the job record.
    - ``write_json(name, data, kind, details=None, embed=True, indent=2)`` — a dict gets the
      record under a ``"provenance"`` key (``embed=False`` for a foreign standard, which must
      stay exact: its provenance goes where the format has room, e.g. OTIO's
      ``metadata["imagia"]``, and in the job record).
    - ``write_csv(name, rows, columns, kind, details=None)`` — UTF-8 CSV with a header row
      (``rows`` are dicts keyed by column or sequences in column order); its record goes in a
      sibling ``<name>.provenance.json`` (kind ``provenance/json``), so the CSV stays plain.
    - ``write_text(name, text, kind)``, ``write_bytes(name, data, kind)`` — other formats
      made in memory (HTML, Markdown, SRT, PDF, XLSX...), written as they are.
    - ``use_input(path)`` — an input file found while running (from the index, a folder),
      recorded with its SHA-256 beside the files given at submission; ``use_model(info)`` the
      same for a model.

    Every writer serialises first, writes to a temp file beside the target and renames it into
    place (no partial file on error), registers the output and returns its path. Files made by a
    program or library into a path (ffmpeg, a PDF writer) are written through
    ``provenance.atomic_write`` and registered with ``add_output``. Whatever the format, the
    job record keeps the full provenance (``imagia jobs show``).
    """

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
        self.details: dict[str, Any] = {}  # tool-specific provenance fields, see provenance()
        self.inputs: list[dict[str, Any]] = []  # input files found while running (use_input)
        self._record: dict[str, Any] | None = None

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

    def use_input(self, path: Path) -> None:
        """Record an input file found while running (from the index, a folder...) with its
        SHA-256 in the provenance; files given when the job was submitted are there already."""
        known = {str(Path(i["path"]).resolve()) for i in self.provenance()["inputs"]}
        if str(path.resolve()) not in known:
            self.inputs.append(
                {
                    "path": str(path),
                    "sha256": provenance.sha256_file(path),
                    "bytes": path.stat().st_size,
                }
            )

    def add_output(self, path: Path, kind: str) -> None:
        rel = path.resolve().relative_to(self.ws.root.resolve())
        with self.ws.connect() as con:
            con.execute(
                "INSERT OR REPLACE INTO job_outputs(job_id, path, kind, sha256, bytes) "
                "VALUES(?,?,?,?,?)",
                (self.id, str(rel), kind, provenance.sha256_file(path), path.stat().st_size),
            )

    def provenance(self, **details: Any) -> dict[str, Any]:
        """The job's ``Provenance.1`` record as of now; ``details`` go under ``"details"``."""
        if self._record is None:
            with self.ws.connect() as con:
                row = con.execute(
                    "SELECT tool, params, provenance FROM jobs WHERE id=?", (self.id,)
                ).fetchone()
            if row is None:
                raise NotFound("job", self.id, [])
            stored = json.loads(row["provenance"] or "{}")
            if stored.get("schema") != "Provenance.1":  # an old record: make it again
                stored = provenance.record(row["tool"], json.loads(row["params"]))
            self._record = stored
        self.details.update(details)
        rec = dict(self._record)
        rec["inputs"] = [*rec.get("inputs", []), *self.inputs]
        rec["models"] = [dict(m) for m in self.models]
        rec["ai_generated"] = bool(self.models)
        if details:
            rec["details"] = dict(details)
        return rec

    def _write(self, name: str, payload: bytes, kind: str) -> Path:
        path = self.output_dir / name
        with provenance.atomic_write(path, "wb") as fh:
            fh.write(payload)
        self.add_output(path, kind)
        return path

    def write_json(
        self,
        name: str,
        data: Any,
        kind: str,
        details: dict[str, Any] | None = None,
        embed: bool = True,
        indent: int | None = 2,
    ) -> Path:
        """Write ``data`` as UTF-8 JSON (``indent=None``: compact); a dict gets
        ``"provenance"`` unless ``embed=False``."""
        prov = self.provenance(**(details or {}))
        if embed and isinstance(data, dict):
            data = {**data, "provenance": prov}
        seps = (",", ":") if indent is None else None
        text = json.dumps(data, ensure_ascii=False, indent=indent, separators=seps, default=str)
        return self._write(name, text.encode("utf-8"), kind)

    def write_csv(
        self,
        name: str,
        rows: Iterable[Mapping[str, Any] | Sequence[Any]],
        columns: Sequence[str],
        kind: str,
        details: dict[str, Any] | None = None,
    ) -> Path:
        """Write a UTF-8 CSV (header + rows) and its sibling ``<name>.provenance.json``."""
        buf = io.StringIO()
        out = csv.writer(buf, lineterminator="\n")
        out.writerow(columns)
        for row in rows:
            if isinstance(row, Mapping):
                out.writerow([row.get(c, "") for c in columns])
            else:
                out.writerow(row)
        path = self._write(name, buf.getvalue().encode("utf-8"), kind)
        side = self.provenance(**(details or {}))
        side["output"] = {"path": name, "sha256": provenance.sha256_file(path)}
        self._write(
            f"{name}.provenance.json",
            json.dumps(side, ensure_ascii=False, indent=2, default=str).encode("utf-8"),
            "provenance/json",
        )
        return path

    def write_text(self, name: str, text: str, kind: str) -> Path:
        """Write text made in memory (HTML, Markdown, a subtitle file...) as UTF-8."""
        return self._write(name, text.encode("utf-8"), kind)

    def write_bytes(self, name: str, data: bytes, kind: str) -> Path:
        """Write bytes made in memory (a PDF, an XLSX...)."""
        return self._write(name, data, kind)


def create(ws: Workspace, tool: Tool, params: dict[str, Any], inputs: list[Path]) -> Job:
    job_id = time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]
    prov = provenance.record(tool.id, params, inputs)
    with ws.connect() as con:
        con.execute(
            "INSERT INTO jobs(id, tool, usecase, status, params, provenance, created) "
            "VALUES(?,?,?,?,?,?,?)",
            (
                job_id,
                tool.id,
                tool.usecase,
                "queued",
                json.dumps(params, default=str),
                json.dumps(prov),
                time.time(),
            ),
        )
    return get(ws, job_id)


def run(ws: Workspace, job_id: str, on_progress: Callable[[float, str], None] | None = None) -> Job:
    """Run a queued job in this thread; its result or error lands in the database.

    Whatever goes wrong ends the job ``failed`` with a message (a folder that cannot be written,
    a full disk, a bug), so its progress stream ends and ``jobs resume`` can run it again; an
    operating-system error is raised as a :class:`WorkspaceError` naming the file.
    """
    job = get(ws, job_id)
    tool = get_tool(job.tool)
    with _LIVE_LOCK:
        _LIVE.add(job_id)
    try:
        ctx = JobContext(ws, job_id, on_progress)  # makes the job's output folder
        with ws.connect() as con:
            con.execute(
                "UPDATE jobs SET status='running', started=?, progress=0, error=NULL, pid=? "
                "WHERE id=?",
                (time.time(), os.getpid(), job_id),
            )
        fn = tool.load()
        result = fn(dict(job.params), ctx) or {}
        prov = dict(job.provenance)
        prov["models"] = ctx.models
        prov["ai_generated"] = bool(ctx.models)
        if ctx.details:
            prov["details"] = ctx.details
        if ctx.inputs:
            prov["inputs"] = [*prov.get("inputs", []), *ctx.inputs]
        with ws.connect() as con:
            con.execute(
                "UPDATE jobs SET status='done', progress=1, message='done', result=?, "
                "provenance=?, finished=? WHERE id=?",
                (json.dumps(result, default=str), json.dumps(prov), time.time(), job_id),
            )
    except ImagiaError as exc:
        _fail(ws, job_id, str(exc))
        raise
    except OSError as exc:
        error = _os_error(exc)
        _fail(ws, job_id, str(error))
        raise error from exc
    except Exception as exc:
        _fail(ws, job_id, f"internal error: {exc!r}", traceback.format_exc())
        raise
    finally:
        with _LIVE_LOCK:
            _LIVE.discard(job_id)
    return get(ws, job_id)


def _os_error(exc: OSError) -> WorkspaceError:
    """An operating-system error while a job runs, as one line naming the file."""
    where = exc.filename or "the job's output folder"
    return WorkspaceError(
        f"cannot write {where}: {exc.strerror or exc}",
        hint="check that the workspace folder is writable and the disk is not full, then "
        "run `imagia jobs resume ID`",
    )


def _fail(ws: Workspace, job_id: str, message: str, details: str | None = None) -> None:
    """Record the job as failed with ``message`` (and ``details`` in its log)."""
    try:
        with ws.connect() as con:
            for line in (details, message):
                if line:
                    con.execute(
                        "INSERT INTO job_logs(job_id, at, level, message) VALUES(?,?,?,?)",
                        (job_id, time.time(), "error", line),
                    )
            con.execute(
                "UPDATE jobs SET status='failed', error=?, finished=? WHERE id=?",
                (message, time.time(), job_id),
            )
    except sqlite3.Error:  # the database itself cannot be written: the error still propagates
        pass


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
        if mark_interrupted(ws, job_id):
            job.status = "interrupted"
        else:  # it ended between the two reads: the database says how
            return get(ws, job_id)
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


def mark_interrupted(ws: Workspace, job_id: str) -> bool:
    """Mark a job whose process is gone as interrupted; False when it was no longer running
    (it finished meanwhile), so the caller reads its status again rather than guess."""
    with ws.connect() as con:
        cur = con.execute(
            "UPDATE jobs SET status='interrupted', message='interrupted before the end' "
            "WHERE id=? AND status='running'",
            (job_id,),
        )
        return cur.rowcount > 0


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
    ws: Workspace,
    tool_id: str,
    params: dict[str, Any],
    inputs: list[Path] | None = None,
    *,
    resolve: Resolver = local_path,
) -> Job:
    """Check ``params`` against the tool's declaration and record a queued job.

    Every face submits here (CLI, HTTP API, web form, demo, ``jobs resume``), so the contract is
    enforced once. ``resolve`` turns a file value into a path (the API keeps it inside the
    workspace); ``inputs`` adds files that are not parameters to the checksummed inputs.
    """
    tool = get_tool(tool_id)
    checked, files = validate(tool, params, resolve)
    for p in inputs or []:
        if not Path(p).is_file():
            from imagia.core.errors import BadFile

            raise BadFile(p, "file not found")
        if Path(p).resolve() not in files:
            files.append(Path(p).resolve())
    return create(ws, tool, checked, files)


def prepare_resume(ws: Workspace, job_id: str) -> Job:
    """A failed or interrupted job whose input files are all still there.

    Its parameters are not checked again against today's declaration: they passed it when the
    job was submitted, and a tool reads the parameters of its older versions."""
    job = get(ws, job_id)
    if job.status in ("done", "running"):
        raise ImagiaError(
            f"job {job_id} is {job.status}; only failed or interrupted jobs resume",
            hint="start a new job with the tool's command instead",
        )
    for item in job.provenance.get("inputs", []):
        if not Path(item["path"]).is_file():
            raise BadFile(
                item["path"], "input file no longer there", hint="put it back, or start a new job"
            )
    return job
