"""Per-title encoding ladders (deliver domain) on three generated 720p clips of different
complexity: a talk-like still with small motion, fast motion (a zooming Mandelbrot, then
testsrc2 scrolling fast) and the talk scene under strong film grain (``noise=alls=20:allf=t``).

For each clip, in the same run:
- the full-grid search (the baseline): 3 ladder sizes (1280x720, 768x432, 416x234) x 3 CRF
  values (22, 30, 38), encoded and measured over the whole clip;
- imagia's ladder: shots found, 2 segments of 2.5 s sampled, the same grid on the sample only;
- the fixed Apple HLS ladder (its rungs that fit 720p) encoded at its bitrates over the clip;
- BD-rate (pchip, VMAF) against the fixed ladder of imagia's hull (its cells re-measured over
  the whole clip, from the full grid) and of the full grid's own hull (what sampling costs);
- VMAF of each chosen rung on the sample vs over the whole clip (the sampling's error), and the
  time of imagia's ladder vs the full grid.

x264 ``veryfast`` and VMAF on one frame in ``IMAGIA_BENCH_VMAF_EVERY`` (default 5, the same for
every arm) keep it to minutes on 2 cores; ``IMAGIA_BENCH_SECONDS`` (default 10) sets the clips'
length, ``IMAGIA_BENCH_CLIPS`` (comma-separated names) runs some clips only.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

W, H, FPS = 1280, 720, 25
CRFS = (22, 30, 38)  # 3 CRF values of x264 (the tool's default grid has 5)
HEIGHTS = (720, 432, 234)  # 3 of the ladder's 6 heights (all that fit 720p: 5)
TALK = (
    "gradients=s={w}x{h}:r={r}:d={d}:speed=0.004:c0=0x304060:c1=0x806040:seed=3,"
    "drawbox=x='560+12*sin(2*t)':y='240+6*sin(3*t)':w=160:h=220:color=0xd0a080:t=fill,"
    "drawbox=x=0:y=600:w={w}:h=120:color=0x202020:t=fill"
)
CLIPS: dict[str, str] = {
    "static talk": TALK,
    "fast motion": (
        "mandelbrot=s={w}x{h}:r={r},trim=duration={half}[a];"
        "testsrc2=s={w}x{h}:r={r},scroll=horizontal=0.03:vertical=0.01,"
        "trim=duration={half}[b];[a][b]concat=n=2:v=1:a=0"
    ),
    "film grain": TALK + ",noise=alls=20:allf=t",
}


def _make(ff: str, name: str, seconds: float, folder: Path) -> Path:
    graph = CLIPS[name].format(w=W, h=H, r=FPS, d=seconds, half=seconds / 2) + "[v]"
    out = folder / (name.replace(" ", "-") + ".mkv")
    cmd = [ff, "-v", "error", "-y", "-filter_complex", graph, "-map", "[v]", "-t", str(seconds)]
    cmd += ["-c:v", "libx264", "-qp", "0", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    subprocess.run([*cmd, str(out)], check=True)
    return out


def _clip_ladder(ff: Any, path: Path, every: int, seconds: float, work: Path) -> dict[str, Any]:
    from imagia.deliver import bdrate, hull
    from imagia.deliver.encode import Cell, measure_cell, sizes_for
    from imagia.deliver.ladder import LadderOptions, build, fixed_cells

    kw: dict[str, Any] = {"codec_name": "x264", "preset": "veryfast", "fps": float(FPS)}
    sizes = sizes_for(W, H, HEIGHTS)
    crfs = CRFS
    t0 = time.monotonic()
    full = {
        (s, c): measure_cell(ff, path, Cell(s, c), work, duration=seconds, display=(W, H),
                             subsample=every, **kw)
        for s in sizes for c in crfs
    }  # fmt: skip
    t_full = time.monotonic() - t0
    fixed = [
        measure_cell(ff, path, c, work, duration=seconds, display=(W, H), subsample=every, **kw)
        for c in fixed_cells(W, H)
    ]
    t0 = time.monotonic()
    opts = LadderOptions(
        preset="veryfast", budget=600, segments=2, segment_seconds=2.5, compare=False,
        vmaf_every=every, targets="95,93,88,80,70,60", crfs=CRFS, heights=HEIGHTS,
    )  # fmt: skip
    lad = build(path, opts, None, ff)
    t_ours = time.monotonic() - t0
    ref = [(p.kbps, p.vmaf) for p in fixed]
    ours_full = [full[((h["width"], h["height"]), h["crf"])] for h in lad["hull"]]
    full_hull = hull.hull(list(full.values()))
    return {
        "lad": lad,
        "full": full,
        "fixed": fixed,
        "t_full": t_full,
        "t_ours": t_ours,
        "bd_ours": bdrate.bd_rate(ref, [(p.kbps, p.vmaf) for p in hull.hull(ours_full)]),
        "bd_full": bdrate.bd_rate(ref, [(p.kbps, p.vmaf) for p in full_hull]),
        "bd_ours_sample": bdrate.bd_rate(ref, [(h["kbps"], h["vmaf"]) for h in lad["hull"]]),
    }


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x * 100:+.1f} %"


def run() -> None:
    from imagia.deliver.ffmpeg import find

    ff = find("x264")
    every = int(os.environ.get("IMAGIA_BENCH_VMAF_EVERY", "5"))
    chosen = [c for c in os.environ.get("IMAGIA_BENCH_CLIPS", ",".join(CLIPS)).split(",") if c]
    seconds = float(os.environ.get("IMAGIA_BENCH_SECONDS", "10"))
    print(f"ffmpeg: {ff.exe} ({ff.found}); clips {W}x{H} {FPS} fps, {seconds:g} s; x264 "
          f"veryfast; VMAF vmaf_v0.6.1 on 1 frame in {every}")  # fmt: skip
    errors: list[float] = []
    with tempfile.TemporaryDirectory(prefix="imagia-bench-deliver-") as tmp:
        work = Path(tmp)
        for name in chosen:
            path = _make(ff.exe, name, seconds, work)
            r = _clip_ladder(ff, path, every, seconds, work)
            lad = r["lad"]
            print(f"\n{name}: {lad['shots']} shot(s), sample {lad['sample_seconds']:g} s in "
                  f"{len(lad['segments'])} segment(s)")  # fmt: skip
            print(f"  time: imagia {r['t_ours']:.0f} s ({lad['budget']['cells']} encodes on the "
                  f"sample) vs full grid {r['t_full']:.0f} s ({len(r['full'])} encodes): "
                  f"{r['t_ours'] / r['t_full']:.2f}x")  # fmt: skip
            print(f"  BD-rate vs fixed ladder (pchip, VMAF): imagia hull {_pct(r['bd_ours'])} "
                  f"(on the sample's own measures {_pct(r['bd_ours_sample'])}), full-grid hull "
                  f"{_pct(r['bd_full'])}")  # fmt: skip
            print("  fixed ladder: " + ", ".join(
                f"{p.size}@{p.target_kbps:g}k={p.kbps:.0f}k VMAF {p.vmaf:.1f}" for p in r["fixed"]
            ))  # fmt: skip
            print(f"  {'rung':<16} {'kbps sample':>11} {'kbps full':>9} {'VMAF sample':>11} "
                  f"{'VMAF full':>9} {'error':>6}")  # fmt: skip
            for g in lad["rungs"]:
                f = r["full"][((g["width"], g["height"]), g["crf"])]
                err = g["scores"]["vmaf"] - f.vmaf
                errors.append(abs(err))
                print(f"  {g['width']}x{g['height']} crf {g['crf']:<4} {g['kbps']:>11.0f} "
                      f"{f.kbps:>9.0f} {g['scores']['vmaf']:>11.2f} {f.vmaf:>9.2f} "
                      f"{err:>+6.2f}")  # fmt: skip
    if errors:
        print(f"\nsampling error of rung VMAF: mean |error| {sum(errors) / len(errors):.2f}, "
              f"max {max(errors):.2f} VMAF points over {len(errors)} rungs")  # fmt: skip
