"""Run a planned batch: each open input's job through an engine, each change journalled.

The driver is the only writer of the batch record: it creates (or reuses) an input's job when
the engine takes the input, marks it ``running`` with one more attempt, and records how it
ended as soon as it ends, so an interruption at any point loses at most the inputs running at
that moment (they are ``running`` in the record, and run again, as the same job, on resume).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from imagia.batch import engines, state
from imagia.batch.engines import EngineOptions
from imagia.batch.inputs import BatchInput
from imagia.batch.plan import checked_params, plan, replan
from imagia.batch.state import Batch, Item
from imagia.core import jobs
from imagia.core.errors import ImagiaError, NotFound
from imagia.core.workspace import Workspace


@dataclass(frozen=True)
class Tick:
    """Progress after an input ended: ``ended`` of ``total`` inputs are settled (done, failed
    or skipped), ``eta`` seconds left by the pace of this run (None before the first)."""

    ended: int
    total: int
    item: Item
    eta: float | None


Progress = Callable[[Tick], None]


def _job_for(ws: Workspace, batch: Batch, item: Item) -> tuple[str, bool]:
    """The item's job and whether it is done already: the job it had if that job can run again
    (queued, interrupted, failed, or running in a worker that died) or ended ``done`` (its
    worker died after the end: counted once, not run again), else a new one submitted through
    the tool's contract."""
    if item.job:
        try:
            status = jobs.get(ws, item.job).status
        except NotFound:
            status = ""
        if status in ("queued", "interrupted", "failed", "running", "done"):
            return item.job, status == "done"
    return jobs.submit(ws, batch.tool, checked_params(batch, item)).id, False


def execute(
    ws: Workspace, batch: Batch, e: EngineOptions, progress: Progress | None = None
) -> Batch:
    """Run every open input of ``batch``; the record and its summary are saved whatever
    happens (``finished``, or ``interrupted`` when stopped)."""
    engines.check(e)
    todo = [k for k, it in enumerate(batch.items) if it.open]
    batch.engine = e.engine
    batch.workers = 1 if e.engine == "serial" else e.workers or 0  # 0: all cores / the cluster
    batch.status, batch.driver = "running", os.getpid()
    t0, base, ran_now = time.perf_counter(), batch.seconds, 0
    total, left = len(batch.items), len(todo)

    def elapsed() -> float:
        return time.perf_counter() - t0

    def start(k: int) -> str | None:
        nonlocal left
        item = batch.items[k]
        try:
            item.job, done = _job_for(ws, batch, item)
        except ImagiaError as exc:  # the file changed or went away since it was planned
            item.status, item.reason, item.job, done = "skipped", str(exc), None, True
        if done:
            if item.status != "skipped":  # its worker died after the end: counted once
                item.status, item.reason = "done", ""
                batch.ran += 1
            left -= 1
            batch.seconds = base + elapsed()
            state.record(ws, batch, k)
            return None
        item.status, item.reason = "running", ""
        item.attempts += 1
        batch.seconds = base + elapsed()
        state.record(ws, batch, k)
        return item.job

    state.save(ws, batch)
    try:
        with closing(engines.run(ws, batch.tool, todo, start, e)) as events:
            for k, out in events:
                item = batch.items[k]
                item.status = "done" if out.status == "done" else "failed"
                item.reason = out.error if item.status == "failed" else ""
                item.seconds = round(out.seconds, 3)
                batch.ran += 1
                ran_now += 1
                left -= 1
                batch.seconds = base + elapsed()
                state.record(ws, batch, k)
                if progress:
                    progress(Tick(total - left, total, item, elapsed() / ran_now * left))
        batch.status = "finished"
    except BaseException:
        batch.status = "interrupted"
        raise
    finally:
        batch.driver = None
        batch.seconds = base + elapsed()
        state.save(ws, batch)
        state.write_summary(ws, batch)
    return batch


def run_batch(
    ws: Workspace,
    tool_id: str,
    inputs: list[BatchInput],
    params: dict[str, object],
    e: EngineOptions,
    progress: Progress | None = None,
) -> Batch:
    """Plan a new batch over ``inputs`` and run it."""
    engines.check(e)
    batch = plan(ws, tool_id, inputs, dict(params), e.engine, e.workers or 1)
    return execute(ws, batch, e, progress)


def resume(
    ws: Workspace,
    batch_id: str,
    e: EngineOptions,
    progress: Progress | None = None,
    retry_failed: bool = False,
) -> Batch:
    """Go on with a batch that was interrupted (or run its failed inputs again with
    ``retry_failed``): nothing done is redone."""
    engines.check(e)
    batch = replan(ws, state.load(ws, batch_id), retry_failed)
    return execute(ws, batch, e, progress)


def outputs_of(ws: Workspace, batch: Batch) -> dict[str, list[Path]]:
    """The files each done input's job wrote, by input."""
    out: dict[str, list[Path]] = {}
    for it in batch.items:
        if it.status == "done" and it.job:
            out[it.input] = [ws.root / o["path"] for o in jobs.get(ws, it.job).outputs]
    return out
