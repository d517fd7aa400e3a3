"""Where :func:`imagia.index.analysis.analyse` runs: in this process, in worker processes, or as
Ray tasks on this machine or a cluster.

Every engine takes the same :class:`Task` list (checksums already computed by the driver, so
indexed files never leave it) and yields ``(task, AssetWork | Failure)`` as each asset
completes; the driver writes each result with ``store_work`` (one transaction), so the index
has a single writer and an interruption leaves only whole assets.

- ``local`` with one worker: in this process, one asset after the other;
- ``local`` with ``workers`` > 1: a :class:`concurrent.futures.ProcessPoolExecutor` (spawn);
- ``ray``: one remote task per asset, results taken with ``ray.wait`` as they complete; Ray is
  started here with ``num_cpus=workers`` or joined at ``ray_address`` (or ``RAY_ADDRESS``).

Workers write thumbnails into ``thumbs_dir`` themselves: on a cluster the workspace must be on
storage every node mounts at the same path (see docs/index.md).
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue, ImagiaError, MissingDependency
from imagia.index.analysis import AssetWork, IngestOptions, analyse

ENGINES = ("local", "ray")
RAY_HINT = "pip install 'imagia[ray]'"


@dataclass(frozen=True)
class EngineOptions:
    """``workers``: processes for ``local`` (1: in this process), CPUs of the Ray started here
    for ``ray`` (None: all of this machine's); ``ray_address``: a running Ray cluster
    (``auto``, ``ray://head:10001``, ``head:6379``), else ``RAY_ADDRESS``, else a local Ray."""

    engine: str = "local"
    workers: int | None = None
    ray_address: str | None = None


@dataclass(frozen=True)
class Task:
    media: Path
    sha256: str


@dataclass(frozen=True)
class Failure:
    """Why an asset could not be analysed (one line naming the file)."""

    error: str


Outcome = tuple[Task, AssetWork | Failure]


def check(e: EngineOptions) -> None:
    if e.engine not in ENGINES:
        raise BadValue("engine", e.engine, ENGINES)
    if e.workers is not None and e.workers < 1:
        raise BadValue("workers", e.workers, reason="at least 1")


def analyse_task(task: Task, thumbs_dir: Path, root: Path, o: IngestOptions) -> AssetWork | Failure:
    """:func:`analyse` with any error turned into a :class:`Failure` (what runs in a worker:
    an error comes back as a value, never as an exception to unpickle)."""
    try:
        return analyse(task.media, task.sha256, thumbs_dir, root, o)
    except ImagiaError as exc:
        return Failure(str(exc))
    except Exception as exc:  # a worker reports any failure of its file; the batch goes on
        return Failure(f"{task.media}: analysis failed ({type(exc).__name__}: {exc})")


def run(
    tasks: list[Task], thumbs_dir: Path, root: Path, o: IngestOptions, e: EngineOptions
) -> Generator[Outcome, None, None]:
    """Analyse every task with the chosen engine, yielding each as it completes."""
    check(e)
    if not tasks:
        return
    args = (thumbs_dir, root, o)
    if e.engine == "ray":
        yield from _ray(tasks, args, e)
    elif (e.workers or 1) > 1 and len(tasks) > 1:
        yield from _pool(tasks, args, min(e.workers or 1, len(tasks)))
    else:
        for t in tasks:
            yield t, analyse_task(t, *args)


def _init_worker(threads: int) -> None:
    """A pool worker: leave Ctrl-C to the driver (it stops the pool) and share the cores."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(var, str(threads))


def _pool(
    tasks: list[Task], args: tuple[Path, Path, IngestOptions], workers: int
) -> Iterator[Outcome]:
    """Worker processes; a worker that dies (out of memory, a crash in a native library) breaks
    the pool: the unfinished files go to a fresh pool once, then are reported as failed."""
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor, as_completed

    threads = max(1, (os.cpu_count() or 1) // workers)
    tries: Counter[Task] = Counter()
    left = list(tasks)
    while left:
        pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(threads,),
        )
        finished = False
        try:
            futures: dict[Future[AssetWork | Failure], Task] = {
                pool.submit(analyse_task, t, *args): t for t in left
            }
            left = []
            for fut in as_completed(futures):
                t = futures[fut]
                try:
                    out = fut.result()
                except Exception as exc:  # BrokenProcessPool: the worker process died
                    tries[t] += 1
                    if tries[t] < 2:
                        left.append(t)
                        continue
                    out = Failure(f"{t.media}: the worker process died ({exc})")
                yield t, out
            finished = True
        finally:
            if not finished:  # interrupted (Ctrl-C) or the consumer stopped: stop the workers
                for proc in list(getattr(pool, "_processes", {}).values()):
                    proc.terminate()
            pool.shutdown(wait=finished, cancel_futures=True)


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
    except (ConnectionError, RuntimeError, ValueError, TimeoutError) as exc:
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        raise ImagiaError(
            f"cannot start or reach {where}: {str(exc).splitlines()[0]}",
            hint="start the head with `ray start --head`, or leave --ray-address "
            "and RAY_ADDRESS unset for a local Ray",
        ) from None
    return True


def _ray(
    tasks: list[Task], args: tuple[Path, Path, IngestOptions], e: EngineOptions
) -> Generator[Outcome, None, None]:
    """One Ray task per asset (1 CPU each, retried once if its worker dies); results are taken
    as they complete, so the driver writes them while the others run."""
    try:
        import ray
    except ImportError:
        raise MissingDependency(
            "Ray is not installed (needed by --engine ray)", hint=RAY_HINT
        ) from None
    started = _ray_init(e)
    refs: dict[Any, Task] = {}
    try:
        remote: Any = ray.remote(num_cpus=1, max_retries=1)(analyse_task)
        refs.update((remote.remote(t, *args), t) for t in tasks)
        pending = list(refs)
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            for ref in done:
                t = refs.pop(ref)
                try:
                    out = ray.get(ref)
                except ray.exceptions.RayError as exc:
                    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                    out = Failure(f"{t.media}: Ray task failed ({type(exc).__name__}: {first})")
                yield t, out
    finally:
        for ref in refs:  # left only when interrupted
            ray.cancel(ref, force=True)
        if started:
            ray.shutdown()
