"""Where a batch's jobs run: in this process, in worker processes, or as Ray tasks.

Every input is one job of the workspace (created by the driver through ``jobs.submit``, so it
has the same provenance, outputs and place in the jobs list as a single run); a worker runs it
with ``jobs.run`` (:func:`run_job`) and reports how it ended. The engines differ only in where
that call happens:

- ``serial``: in this process, one input after the other;
- ``processes``: ``workers`` worker processes (spawned), each its own one-process pool, so a
  worker that dies (out of memory, a crash in a native library) is known and replaced alone;
- ``ray``: one Ray task per input (1 CPU each); Ray is started here with ``num_cpus=workers``
  or joined at ``ray_address`` (``auto``, ``host:port``) or ``RAY_ADDRESS``. On a cluster the
  workspace must be on storage every node mounts at the same path.

A tool that raises is a failure of its input (the job records the error), never retried; a
worker that dies mid-task loses the input, which runs again (the same job) up to ``retries``
times. At most ``parallel_limit`` inputs run at once: memory-heavy tools (models) one per pair
of cores, unless ``max_parallel`` says otherwise.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imagia.core import jobs
from imagia.core.errors import BadValue, ImagiaError, MissingDependency
from imagia.core.workspace import Workspace

ENGINES = ("serial", "processes", "ray")
RAY_HINT = "pip install 'imagia[ray]'"
# Tools that load a model or hold whole media in memory: one at a time per pair of cores.
HEAVY_TOOLS: dict[str, str] = {
    "speech-transcribe": "Whisper model",
    "subtitles-make": "Whisper and YAMNet models",
    "subtitles-align": "Whisper model",
    "subtitles-translate": "language model",
    "index-add": "Whisper, TransNetV2 and face models",
    "audio-denoise": "DeepFilterNet model",
    "audio-stems": "DeepFilterNet model",
    "edit-cuts": "shot detection (TransNetV2)",
}

# Which job to run for an input (the driver creates or reuses it; None: the input cannot run).
Start = Callable[[int], str | None]


@dataclass(frozen=True)
class EngineOptions:
    """``workers``: processes for ``processes`` (None: one per core), CPUs of the Ray started
    here for ``ray``; ``retries``: new tries of an input whose worker died; ``max_parallel``:
    inputs at once (None: the workers, fewer for memory-heavy tools)."""

    engine: str = "serial"
    workers: int | None = None
    ray_address: str | None = None
    retries: int = 2
    max_parallel: int | None = None


@dataclass(frozen=True)
class Outcome:
    """How an input's job ended: ``done``, ``failed`` (the tool's error) or ``lost`` (its
    worker died); ``seconds`` is the job's time in the worker."""

    status: str
    error: str = ""
    seconds: float = 0.0


def check(e: EngineOptions) -> None:
    if e.engine not in ENGINES:
        raise BadValue("engine", e.engine, ENGINES)
    if e.workers is not None and e.workers < 1:
        raise BadValue("workers", e.workers, reason="at least 1")
    if e.retries < 0:
        raise BadValue("retries", e.retries, reason="at least 0")
    if e.max_parallel is not None and e.max_parallel < 1:
        raise BadValue("max-parallel", e.max_parallel, reason="at least 1")


def parallel_limit(tool_id: str, slots: int, cores: int, e: EngineOptions) -> int:
    """Inputs run at once: ``slots`` (workers or cluster CPUs), one per core pair for a
    memory-heavy tool, or ``max_parallel`` when given."""
    if e.max_parallel is not None:
        return max(1, min(slots, e.max_parallel) if e.engine == "processes" else e.max_parallel)
    if tool_id in HEAVY_TOOLS:
        return max(1, min(slots, cores // 2))
    return max(1, slots)


def run_job(root: str, job_id: str) -> Outcome:
    """Run one queued job of the workspace at ``root`` (what a worker does): any error of the
    tool comes back as a ``failed`` outcome (the job records it), never as an exception."""
    t0 = time.perf_counter()
    ws = Workspace(Path(root))
    try:
        job = jobs.run(ws, job_id)
    except ImagiaError as exc:
        return Outcome("failed", str(exc), time.perf_counter() - t0)
    except (Exception, SystemExit) as exc:  # a bug of the tool: the input failed, batch goes on
        return Outcome("failed", f"{type(exc).__name__}: {exc}", time.perf_counter() - t0)
    status = "done" if job.status == "done" else "failed"
    return Outcome(status, job.error or "", time.perf_counter() - t0)


def run(
    ws: Workspace, tool_id: str, indexes: list[int], start: Start, e: EngineOptions
) -> Generator[tuple[int, Outcome], None, None]:
    """Run the inputs ``indexes`` (``start(i)`` gives each one's job id, at each try), yielding
    ``(i, outcome)`` as each ends; a lost input is tried again before it is reported."""
    check(e)
    if not indexes:
        return
    root = str(ws.root.resolve())
    cores = os.cpu_count() or 1
    if e.engine == "ray":
        yield from _ray(root, tool_id, indexes, start, e)
    elif e.engine == "processes":
        workers = e.workers or cores
        parallel = min(parallel_limit(tool_id, workers, cores, e), len(indexes))
        yield from _processes(root, indexes, start, parallel, e.retries)
    else:
        for i in indexes:
            job = start(i)
            if job is not None:
                yield i, run_job(root, job)


def _lost_for_good(out: Outcome, tries: int) -> Outcome:
    return Outcome("failed", f"its worker died {tries} times ({out.error})", out.seconds)


def _init_worker(threads: int) -> None:
    """A pool worker: leave Ctrl-C to the driver (it stops the workers) and share the cores."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(var, str(threads))


def _processes(
    root: str, indexes: list[int], start: Start, parallel: int, retries: int
) -> Iterator[tuple[int, Outcome]]:
    """``parallel`` one-process pools: a dead worker breaks only its own pool, which is
    replaced; the input it ran is tried again."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    ctx = multiprocessing.get_context("spawn")
    threads = max(1, (os.cpu_count() or 1) // parallel)
    slots: list[ProcessPoolExecutor | None] = [None] * parallel
    running: dict[Future[Outcome], tuple[int, int]] = {}  # future -> (slot, input)
    queue, tries = deque(indexes), Counter[int]()
    finished = False
    try:
        while queue or running:
            busy = {s for s, _ in running.values()}
            for s in range(parallel):
                while s not in busy and queue:
                    i = queue.popleft()
                    job = start(i)
                    if job is None:
                        continue
                    tries[i] += 1
                    pool = slots[s] or ProcessPoolExecutor(
                        1, mp_context=ctx, initializer=_init_worker, initargs=(threads,)
                    )
                    slots[s] = pool
                    running[pool.submit(run_job, root, job)] = (s, i)
                    busy.add(s)
            if not running:
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in done:
                s, i = running.pop(fut)
                try:
                    out = fut.result()
                except BrokenProcessPool as exc:  # the worker process died
                    dead = slots[s]
                    slots[s] = None
                    if dead is not None:
                        dead.shutdown(wait=False, cancel_futures=True)
                    out = Outcome("lost", f"worker process died: {exc}")
                except BaseException as exc:
                    out = Outcome("failed", f"{type(exc).__name__}: {exc}")
                if out.status == "lost":
                    if tries[i] <= retries:
                        queue.appendleft(i)
                        continue
                    out = _lost_for_good(out, tries[i])
                yield i, out
        finished = True
    finally:
        for left in slots:
            if left is None:
                continue
            if not finished:  # interrupted (Ctrl-C) or the consumer stopped: stop the workers
                for proc in list(getattr(left, "_processes", {}).values()):
                    proc.terminate()
            left.shutdown(wait=finished, cancel_futures=True)


def _ray_init(e: EngineOptions) -> bool:
    """Join the cluster at ``ray_address``/``RAY_ADDRESS`` or start a local Ray; False when
    Ray was already running in this process (it is left running)."""
    import ray

    if ray.is_initialized():
        return False
    address = e.ray_address or os.environ.get("RAY_ADDRESS") or None
    try:
        if address:
            ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
        else:
            ray.init(
                num_cpus=e.workers,
                include_dashboard=False,
                logging_level=logging.WARNING,
                log_to_driver=False,
            )
    except Exception as exc:  # Ray raises bare Exception when its node does not come up
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        raise ImagiaError(
            f"cannot start or reach {where}: {str(exc).splitlines()[0]}",
            hint="start the head with `ray start --head`, or leave --ray-address "
            "and RAY_ADDRESS unset for a local Ray",
        ) from None
    return True


def _ray(
    root: str, tool_id: str, indexes: list[int], start: Start, e: EngineOptions
) -> Iterator[tuple[int, Outcome]]:
    """One Ray task per input, at most ``parallel_limit`` in flight; Ray does not retry a task
    itself (``max_retries=0``): a task whose worker died is submitted again here, so every try
    is counted."""
    try:
        import ray
    except ImportError:
        raise MissingDependency(
            "Ray is not installed (needed by --engine ray)", hint=RAY_HINT
        ) from None
    started = _ray_init(e)
    refs: dict[Any, int] = {}
    try:
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        parallel = parallel_limit(tool_id, cpus, cpus, e)
        remote: Any = ray.remote(num_cpus=1, max_retries=0)(run_job)
        queue, tries = deque(indexes), Counter[int]()
        while queue or refs:
            while queue and len(refs) < parallel:
                i = queue.popleft()
                job = start(i)
                if job is None:
                    continue
                tries[i] += 1
                refs[remote.remote(root, job)] = i
            if not refs:
                break
            done, _ = ray.wait(list(refs), num_returns=1)
            for ref in done:
                i = refs.pop(ref)
                try:
                    out = ray.get(ref)
                except ray.exceptions.RayTaskError as exc:  # raised past run_job's boundary
                    out = Outcome("failed", str(exc).strip().splitlines()[-1])
                except ray.exceptions.RayError as exc:  # its worker or node died
                    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                    out = Outcome("lost", f"Ray task lost ({type(exc).__name__}: {first})")
                if out.status == "lost":
                    if tries[i] <= e.retries:
                        queue.appendleft(i)
                        continue
                    out = _lost_for_good(out, tries[i])
                yield i, out
    finally:
        for ref in refs:  # left only when interrupted
            ray.cancel(ref, force=True)
        if started:
            ray.shutdown()
