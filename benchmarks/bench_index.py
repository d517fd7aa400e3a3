"""Rushes indexing: shot detection speed (built-in vs PySceneDetect when installed) and exactness
on clips with known cuts, ingest speed as a multiple of real time, search latency vs index size."""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
from fractions import Fraction
from pathlib import Path

from imagia.core import workspace as wsmod
from imagia.index import shots as shotmod
from imagia.index.ingest import IngestOptions, index_paths
from imagia.index.store import AssetRecord, Shot, Window, open_index

_WORDS = ["river", "bank", "night", "take", "scene", "bridge", "crew", "camera", "light",
          "voiture", "été", "rivière", "nuit", "pont", "équipe", "lumière", "mayor", "plan",
          "spring", "works"]


def _clip(path: Path, seconds: int, size: str) -> tuple[Path, list[int]]:
    """``seconds`` of 1-second-ish coloured shots of known lengths over a tone."""
    lengths = [25 + (k * 7) % 30 for k in range(seconds)]
    total = 0
    cuts = []
    inputs: list[str] = []
    for k, n in enumerate(lengths):
        if total >= seconds * 25:
            break
        cuts.append(total)
        total += n
        inputs += ["-f", "lavfi", "-i", f"color=0x{(k * 2654435761) % 0xFFFFFF:06x}:s={size}:"
                   f"r=25:d={n / 25}"]
    n = len(cuts)
    graph = "".join(f"[{k}:v]" for k in range(n)) + f"concat=n={n}:v=1:a=0[v]"
    subprocess.run(["ffmpeg", "-y", "-v", "error", *inputs, "-f", "lavfi", "-i",
                    f"sine=duration={total / 25}", "-filter_complex", graph, "-map", "[v]", "-map",
                    f"{n}:a", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", str(path)], check=True)
    return path, cuts


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for size in ("1280x720", "1920x1080"):
            clip, cuts = _clip(root / f"c{size}.mp4", 20, size)
            seconds = float(subprocess.run(
                ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                 "csv=p=0", str(clip)], capture_output=True, text=True, check=True).stdout)
            engines = ["content"]
            try:
                import scenedetect  # noqa: F401

                engines.append("scenedetect")
            except ImportError:
                print("PySceneDetect not installed: built-in engine only")
            for engine in engines:
                o = shotmod.ShotOptions(engine=engine)
                t0 = time.perf_counter()
                found = shotmod.detect(clip, Fraction(25), options=o)
                t = time.perf_counter() - t0
                exact = sum(1 for s in found if s.start_frame in cuts)
                print(f"{size} shots [{engine}]: {seconds / t:.1f}x real time, "
                      f"{exact}/{len(cuts)} cuts exact, {len(found)} found")
            ws = wsmod.init(root / f"ws{size}")
            t0 = time.perf_counter()
            index_paths(open_index(ws), [clip], ws.outputs_dir / "t", ws.root,
                        IngestOptions(steps=("shots",)))
            print(f"{size} ingest without transcript: "
                  f"{seconds / (time.perf_counter() - t0):.1f}x real time")
        for n in (1_000, 10_000, 100_000):
            ws = wsmod.init(root / f"s{n}")
            store = open_index(ws)
            windows = [Window(k * 3.0, k * 3.0 + 3, " ".join(
                _WORDS[(k * 7 + j * 13) % len(_WORDS)] for j in range(12))) for k in range(n)]
            store.add(AssetRecord(f"{n:064d}", "/synthetic.mov", n * 3.0, Fraction(25)),
                      [Shot(k * 75, k * 75 + 75) for k in range(n)], windows)
            times = []
            for q in ("river", "ete nuit", "camera", "pont lumiere", "spring"):
                for _ in range(5):
                    t0 = time.perf_counter()
                    store.search(q, 20)
                    times.append(time.perf_counter() - t0)
            times.sort()
            print(f"search at {n} windows/shots: median {statistics.median(times) * 1000:.1f} ms,"
                  f" p95 {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms")
