"""Batches: loudness QC (``audio-loudness``, EBU R 128) over N short generated WAV files,
serial against 2 worker processes against a local Ray with 2 CPUs, at several N.

Reported per engine and N: wall time, throughput (inputs per minute), speed-up against serial
measured in the same run, the mean time of one job in its worker, and the overhead per input
(wall time x parallel slots - summed job time, over N: what the engine, the planning and the
single job store add to each input). The plan (contract check + SHA-256 of every input) is
timed apart. ``IMAGIA_BENCH_BATCH_SIZES=100,300,1000`` sets the sizes (default 30,100,300,
about 10 minutes on a shared 2-core machine).
"""

from __future__ import annotations

import math
import os
import shutil
import struct
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

from imagia.batch import inputs, plan, runner
from imagia.batch.engines import EngineOptions
from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.errors import ImagiaError
from imagia.core.registry import get_tool

TOOL = "audio-loudness"
RATE = 48000
ENGINES = (
    ("serial", EngineOptions()),
    ("processes x2", EngineOptions("processes", workers=2)),
    ("ray x2", EngineOptions("ray", workers=2)),
)


def _tone(path: Path, k: int, seconds: float = 1.0) -> None:
    """A mono 16-bit sine, its frequency and level set by ``k`` (every file differs)."""
    freq, amp = 200 + 7 * (k % 400), 0.1 + 0.8 * ((k * 37) % 100) / 100
    n = int(RATE * seconds)
    frames = struct.pack(
        f"<{n}h", *(int(32767 * amp * math.sin(2 * math.pi * freq * t / RATE)) for t in range(n))
    )
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(frames)


def _sizes() -> list[int]:
    raw = os.environ.get("IMAGIA_BENCH_BATCH_SIZES", "30,100,300")
    return [int(x) for x in raw.split(",") if x.strip()]


def _one(folder: Path, root: Path, e: EngineOptions) -> dict[str, Any]:
    ws = wsmod.init(root)
    t0 = time.perf_counter()
    found = inputs.collect(get_tool(TOOL), [str(folder)])
    batch = plan.plan(ws, TOOL, found, {}, e.engine, e.workers or 1)
    planned = time.perf_counter() - t0
    t1 = time.perf_counter()
    batch = runner.execute(ws, batch, e)
    wall = time.perf_counter() - t1
    n = len(batch.items)
    done = batch.counts()["done"]
    job_s = sum(it.seconds or 0.0 for it in batch.items)
    slots = 1 if e.engine == "serial" else (e.workers or 1)
    return {
        "n": n,
        "done": done,
        "plan_ms_per_input": 1000 * planned / n,
        "wall": wall,
        "per_min": 60 * n / wall,
        "job_mean": job_s / n,
        "overhead_ms": 1000 * (wall * slots - job_s) / n,
    }


def _store_ms(root: Path, n: int = 200) -> float:
    """Milliseconds of job-store writes one loudness job makes (create, running, its five
    outputs, done), each its own transaction as in ``jobs.run``: the part no machine added
    shares, since the workspace has one SQLite file."""
    ws = wsmod.init(root)
    tool = get_tool(TOOL)
    t0 = time.perf_counter()
    for k in range(n):
        job = jobs.create(ws, tool, {"media": f"/in/tone{k}.wav", "spec": "ebu-r128"}, [])
        with ws.connect() as con:
            con.execute("UPDATE jobs SET status='running', started=? WHERE id=?", (t0, job.id))
        for name in ("a.json", "a.csv", "a.csv.provenance.json", "a.html", "a.log"):
            with ws.connect() as con:
                con.execute(
                    "INSERT INTO job_outputs(job_id, path, kind, sha256, bytes) VALUES(?,?,?,?,?)",
                    (job.id, f"outputs/{job.id}/{name}", "report/json", "0" * 64, 1000),
                )
        with ws.connect() as con:
            con.execute("UPDATE jobs SET status='done', finished=? WHERE id=?", (t0, job.id))
    return 1000 * (time.perf_counter() - t0) / n


def _projection(job_s: float, driver_ms: float, store_ms: float) -> None:
    """Inputs per minute on M machines of 16 cores for a CPU-bound per-file tool: the cores
    scale, the driver (plan, job creation, journal) and the single job store do not."""
    cap = 60_000 / max(driver_ms + store_ms, 1e-9)
    print(
        f"projection (job {job_s:.2f} s of one core, driver {driver_ms:.1f} ms + store "
        f"{store_ms:.1f} ms per input: ceiling {cap:.0f}/min)"
    )
    print(f"{'machines':>9}{'cores':>7}{'cores bound /min':>18}{'projected /min':>16}{'bound':>8}")
    for m in (1, 2, 4, 8, 16, 32, 64):
        cores = 16 * m
        by_cores = 60 * cores / job_s
        got = min(by_cores, cap)
        print(
            f"{m:>9}{cores:>7}{by_cores:>18.0f}{got:>16.0f}"
            f"{'cores' if by_cores < cap else 'store':>8}"
        )


def run() -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} at start")
    tmp = Path(tempfile.mkdtemp(prefix="imagia-bench-batch-"))
    last: dict[str, Any] = {}
    try:
        print(
            f"{'engine':<14}{'N':>6}{'done':>6}{'wall s':>9}{'/min':>8}{'x serial':>9}"
            f"{'job s':>8}{'overhead ms':>13}{'plan ms':>9}"
        )
        for n in _sizes():
            folder = tmp / f"in{n}"
            folder.mkdir()
            for k in range(n):
                _tone(folder / f"tone{k:05d}.wav", k)
            serial_wall = None
            for name, e in ENGINES:
                try:
                    r = _one(folder, tmp / f"ws-{n}-{name.split()[0]}", e)
                except ImagiaError as exc:  # Ray could not start (a loaded machine)
                    print(f"{name:<14}{n:>6}  not measured: {exc}", flush=True)
                    continue
                serial_wall = serial_wall or r["wall"]
                if name == "serial":
                    last.update(r)
                print(
                    f"{name:<14}{r['n']:>6}{r['done']:>6}{r['wall']:>9.1f}{r['per_min']:>8.0f}"
                    f"{serial_wall / r['wall']:>9.2f}{r['job_mean']:>8.3f}"
                    f"{r['overhead_ms']:>13.0f}{r['plan_ms_per_input']:>9.1f}",
                    flush=True,
                )
        store = _store_ms(tmp / "ws-store")
        print(f"job store: {store:.1f} ms of SQLite writes per job (8 transactions)")
        if last:
            _projection(last["job_mean"], last["overhead_ms"] + last["plan_ms_per_input"], store)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"load average {load:.1f} at the end")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
