"""Restoration chain (vfx domain): quality and speed, measured against the clean clip.

Quality (640x360, ``IMAGIA_BENCH_VFX_SECONDS`` s, default 3): three clean clips — rotating SMPTE
bars (edges, motion), a slowly zooming Mandelbrot (fine detail that changes every frame) and
ffmpeg's ``testsrc`` (a still camera; its frame counter changes on every frame) —
damaged by :mod:`imagia.vfx.degrade` with known, seeded damage. For each single damage, the
damaged clip and the clip restored by the matching filter; then every damage at once: the
damaged clip, each single filter, and the whole chain. PSNR (RGB), SSIM (luma) by
:mod:`imagia.vfx.measure` (written from the standards) and VMAF (libvmaf vmaf_v0.6.1), all
against the clean clip; the baseline of every row is the damaged clip in the same run.

Speed (1920x1080, ``IMAGIA_BENCH_VFX_HD_SECONDS`` s, default 2, rotating bars): real-time
factor of each filter alone (decode, filter, FFV1 encode), against the same pipe with no filter
(0 s skips it). ``IMAGIA_BENCH_VFX_CLIPS`` (comma-separated: bars, mandelbrot, static) picks
clips.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from imagia.vfx.degrade import Damage, degrade
from imagia.vfx.measure import compare
from imagia.vfx.restore import RestoreOptions, restore

SOURCES = {
    "bars": "smptehdbars=size={w2}x{h2}:rate=25:duration={d},rotate=a=0.1*PI*t:ow={w}:oh={h}",
    "mandelbrot": "mandelbrot=size={w}x{h}:rate=25,trim=duration={d}",
    "static": "testsrc=size={w}x{h}:rate=25:duration={d}",
}
SINGLE: list[tuple[str, Damage, RestoreOptions]] = [
    ("noise σ10", Damage(noise=10, seed=1), RestoreOptions(denoise=0.5)),
    ("noise σ10", Damage(noise=10, seed=1), RestoreOptions(denoise=0.5, denoise_method="nlmeans")),
    ("flicker ±12 %", Damage(flicker=0.12, seed=2), RestoreOptions(deflicker=True)),
    ("shake ±3 px", Damage(shake=3, seed=3), RestoreOptions(stabilise=True)),
    ("dust 8/frame + scratches", Damage(dust=8, scratches=0.3, seed=4), RestoreOptions(dust=True)),
    ("none (clean)", Damage(), RestoreOptions(dust=True)),
]
ALL = Damage(noise=6, flicker=0.08, shake=2, dust=8, scratches=0.3, seed=5)
FILTERS: dict[str, RestoreOptions] = {
    "denoise hqdn3d 0.5": RestoreOptions(denoise=0.5),
    "denoise nlmeans 0.5": RestoreOptions(denoise=0.5, denoise_method="nlmeans"),
    "deflicker": RestoreOptions(deflicker=True),
    "stabilise": RestoreOptions(stabilise=True),
    "dust": RestoreOptions(dust=True),
    "chain (all of them, hqdn3d)": RestoreOptions(
        denoise=0.5, deflicker=True, stabilise=True, dust=True
    ),
}


def _clean(tmp: Path, name: str, w: int, h: int, seconds: float) -> Path:
    out = tmp / f"{name}-{w}.mkv"
    src = SOURCES[name].format(w=w, h=h, w2=2 * w, h2=2 * h, d=seconds)
    cmd = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", src, "-c:v", "ffv1", str(out)]
    subprocess.run(cmd, check=True)
    return out


def _row(label: str, path: Path, clean: Path) -> str:
    q = compare(path, clean, vmaf=True)
    return f"  {label:<40} PSNR {q.psnr:6.2f} dB  SSIM {q.ssim:.4f}  VMAF {q.vmaf:6.2f}"


def run() -> None:
    seconds = float(os.environ.get("IMAGIA_BENCH_VFX_SECONDS", "3"))
    hd_seconds = float(os.environ.get("IMAGIA_BENCH_VFX_HD_SECONDS", "2"))
    with tempfile.TemporaryDirectory(prefix="imagia-bench-vfx-") as t:
        tmp = Path(t)
        names = os.environ.get("IMAGIA_BENCH_VFX_CLIPS", ",".join(SOURCES)).split(",")
        for name in names:
            clean = _clean(tmp, name, 640, 360, seconds)
            print(f"\n{name}, 640x360, {seconds:g} s — single damage, matching filter:")
            for label, damage, opts in SINGLE:
                bad = tmp / "bad.mkv"
                degrade(clean, bad, damage)
                fixed = tmp / "fixed.mkv"
                r = restore(bad, fixed, opts)
                what = r.chain[0]["filter"] + (f" ({opts.denoise_method})" if opts.denoise else "")
                print(f" {label}:")
                print(_row("damaged", bad, clean))
                print(_row(f"restored by {what}", fixed, clean))
            print(f"\n{name} — every damage at once ({ALL}):")
            bad = tmp / "all.mkv"
            degrade(clean, bad, ALL)
            print(_row("damaged (baseline)", bad, clean))
            for label, opts in FILTERS.items():
                fixed = tmp / "fixed.mkv"
                restore(bad, fixed, opts)
                print(_row(label, fixed, clean))
        if hd_seconds <= 0:
            return
        hd = _clean(tmp, "bars", 1920, 1080, hd_seconds)
        print(f"\nspeed at 1920x1080, {hd_seconds:g} s of clip (FFV1 out):")
        base = restore(hd, tmp / "hd.mkv", RestoreOptions(upscale=1, denoise=0.0))
        print(f"  {'pipe only (decode + encode)':<32} {base.realtime_factor:7.3f}x real time")
        speed = {**FILTERS, "upscale x2 (Lanczos + unsharp)": RestoreOptions(upscale=2)}
        for label, opts in speed.items():
            r = restore(hd, tmp / "hd.mkv", opts)
            ratio = r.seconds / base.seconds if base.seconds else 0.0
            print(f"  {label:<32} {r.realtime_factor:7.3f}x real time ({ratio:.1f}x the pipe)")
