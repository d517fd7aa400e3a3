"""The batch record: what a batch is to do and what each input became, in the workspace.

``DIR/batches/<id>/batch.json`` (schema ``Batch.1``) holds the tool, the batch's parameters, the
engine, and one item per input: its file and SHA-256, its per-file parameters, its key (tool +
checked parameters + input checksum), its status (``pending``, ``running``, ``done``,
``failed``, ``skipped``) with the reason, its job id, how many times it was started and how long
its job took. While the batch runs, each change of an input is appended as one line to
``journal.jsonl`` (flushed to disk before the input's job starts or as soon as it ends), so the
cost per input stays the same for 10 or 10,000 inputs; the record is rewritten whole
(atomically: temp file + rename) when a run starts and ends, and the journal dropped. Reading
applies the journal's whole lines to the record (a line cut by a crash is left out), so a crash
or Ctrl-C leaves the last whole state and ``imagia batch run --resume ID`` goes on from there.
``summary.json`` and ``summary.csv`` beside it are the summary table.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import imagia
from imagia.core.errors import BadFile, NotFound
from imagia.core.provenance import atomic_write
from imagia.core.textfile import load_json
from imagia.core.workspace import Workspace

SCHEMA = "Batch.1"
SUMMARY_SCHEMA = "BatchSummary.1"
ITEM_STATES = ("pending", "running", "done", "failed", "skipped")
JOURNAL = "journal.jsonl"
_RUNNING = (
    "status",
    "seconds",
    "ran",
    "updated",
    "engine",
    "workers",
    "driver",
)  # kept in each line
SUMMARY_COLUMNS = ("input", "status", "reason", "job", "attempts", "seconds", "origin")


@dataclass
class Item:
    """One input of a batch and what became of it."""

    input: str
    origin: str = ""
    params: dict[str, Any] = field(default_factory=dict)  # per-file values, as given
    sha256: str | None = None
    key: str | None = None
    status: str = "pending"
    reason: str = ""
    job: str | None = None
    attempts: int = 0
    seconds: float | None = None

    @property
    def open(self) -> bool:
        """Still to run (never started, or left running by a crash)."""
        return self.status in ("pending", "running")


@dataclass
class Batch:
    id: str
    tool: str
    params: dict[str, Any]
    engine: str = "serial"
    workers: int = 1
    status: str = "planned"  # planned, running, finished, interrupted
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)
    seconds: float = 0.0  # wall-clock time of its runs, summed
    ran: int = 0  # inputs whose job ended (done or failed) in a run of this batch
    driver: int | None = None  # process id of the run going on (``imagia batch run``)
    items: list[Item] = field(default_factory=list)
    schema: str = SCHEMA

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(ITEM_STATES, 0)
        for it in self.items:
            out[it.status] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["generator"] = f"imagia {imagia.__version__}"
        return data


def new_id() -> str:
    return "b" + time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]


def batches_dir(ws: Workspace) -> Path:
    return ws.root / "batches"


def batch_dir(ws: Workspace, batch_id: str) -> Path:
    return batches_dir(ws) / batch_id


def save(ws: Workspace, batch: Batch) -> Path:
    """Write the whole record atomically (the previous one stays whole until the rename), then
    drop the journal it now includes (replaying it again would change nothing)."""
    batch.updated = time.time()
    folder = batch_dir(ws, batch.id)
    path = folder / "batch.json"
    text = json.dumps(batch.to_dict(), ensure_ascii=False, separators=(",", ":"), default=str)
    with atomic_write(path) as fh:
        fh.write(text)
    (folder / JOURNAL).unlink(missing_ok=True)
    return path


def record(ws: Workspace, batch: Batch, index: int) -> None:
    """Append the state of input ``index`` (and the batch's counters) to the journal, on disk
    before this returns."""
    batch.updated = time.time()
    line = {
        "i": index,
        "item": asdict(batch.items[index]),
        "batch": {k: getattr(batch, k) for k in _RUNNING},
    }
    text = json.dumps(line, ensure_ascii=False, separators=(",", ":"), default=str)
    with (batch_dir(ws, batch.id) / JOURNAL).open("a", encoding="utf-8") as fh:
        fh.write(text + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def _replay(batch: Batch, journal: Path) -> None:
    try:
        lines = journal.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    for raw in lines:
        try:
            line = json.loads(raw)
            batch.items[line["i"]] = Item(**line["item"])
            for k in _RUNNING:
                setattr(batch, k, line["batch"][k])
        except (ValueError, KeyError, TypeError, IndexError):
            continue  # a line cut by a crash: the state before it stands


def _from_dict(data: dict[str, Any], path: Path) -> Batch:
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise BadFile(path, f"not a {SCHEMA} batch record")
    try:
        items = [Item(**it) for it in data["items"]]
        fields = {k: data[k] for k in Batch.__dataclass_fields__ if k in data and k != "items"}
        return Batch(**fields, items=items)
    except (KeyError, TypeError) as exc:
        raise BadFile(path, f"batch record damaged ({exc})") from None


def ids(ws: Workspace) -> list[str]:
    """Batch ids of the workspace, newest first."""
    root = batches_dir(ws)
    if not root.is_dir():
        return []
    return sorted((p.parent.name for p in root.glob("*/batch.json")), reverse=True)


def load(ws: Workspace, batch_id: str) -> Batch:
    path = batch_dir(ws, batch_id) / "batch.json"
    if "/" in batch_id or "\\" in batch_id or batch_id.startswith(".") or not path.is_file():
        raise NotFound("batch", batch_id, ids(ws))
    batch = _from_dict(load_json(path), path)
    _replay(batch, path.parent / JOURNAL)
    if batch.status == "running" and not alive(batch.driver):
        batch.status = "interrupted"  # its process is gone (killed, a crash, a reboot)
    return batch


def alive(pid: int | None) -> bool:
    """Whether the process ``pid`` of this machine runs (a batch's driver)."""
    if not pid:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def summary(batch: Batch) -> dict[str, Any]:
    """The summary table: counts, reasons, time, throughput, one row per input."""
    counts = batch.counts()
    job_seconds = sum(it.seconds or 0.0 for it in batch.items if it.attempts)
    reasons: dict[str, dict[str, int]] = {"failed": {}, "skipped": {}}
    for it in batch.items:
        if it.status in reasons and it.reason:
            short = it.reason.split(": ", 1)[-1] if it.reason.startswith(it.input) else it.reason
            reasons[it.status][short] = reasons[it.status].get(short, 0) + 1
    per_min = 60.0 * batch.ran / batch.seconds if batch.seconds else None
    return {
        "schema": SUMMARY_SCHEMA,
        "batch": batch.id,
        "tool": batch.tool,
        "params": batch.params,
        "engine": batch.engine,
        "workers": batch.workers,
        "status": batch.status,
        "total": len(batch.items),
        "counts": counts,
        "reused": sum(1 for it in batch.items if it.status == "done" and it.attempts == 0),
        "retried": sum(1 for it in batch.items if it.attempts > 1),
        "reasons": reasons,
        "seconds": round(batch.seconds, 3),
        "job_seconds": round(job_seconds, 3),
        "ran": batch.ran,
        "throughput_per_min": round(per_min, 2) if per_min else None,
        "generator": f"imagia {imagia.__version__}",
        "rows": [{c: getattr(it, c) for c in SUMMARY_COLUMNS} for it in batch.items],
    }


def write_summary(ws: Workspace, batch: Batch) -> tuple[Path, Path]:
    """``summary.json`` and ``summary.csv`` beside the record, atomically."""
    data = summary(batch)
    folder = batch_dir(ws, batch.id)
    js = folder / "summary.json"
    with atomic_write(js) as fh:
        fh.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(SUMMARY_COLUMNS)
    for row in data["rows"]:
        out.writerow(["" if row[c] is None else row[c] for c in SUMMARY_COLUMNS])
    cs = folder / "summary.csv"
    with atomic_write(cs) as fh:
        fh.write(buf.getvalue())
    return js, cs
