"""Quality of a restored clip against its clean source, written from the standards, not from
the restoration code: PSNR over RGB (10·log10(255²/MSE), MSE pooled over all frames), SSIM of
luma (BT.601) by Wang et al. 2004 (11x11 Gaussian window, sigma 1.5, K1 0.01, K2 0.03, mean
over frames) and VMAF (libvmaf ``vmaf_v0.6.1`` in the static ffmpeg that ``imageio-ffmpeg``
ships; Debian's ffmpeg has no libvmaf). Frames are compared pairwise as they decode."""

from __future__ import annotations

import json
import math
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, ImagiaError, MissingDependency
from imagia.media.frames import decode
from imagia.vfx.pipe import video_shape


@dataclass(frozen=True)
class Quality:
    """PSNR (dB), SSIM (0..1) and VMAF (0..100, None when not measured) over ``frames``."""

    psnr: float
    ssim: float
    vmaf: float | None
    frames: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def ssim_luma(a: Any, b: Any) -> float:
    """SSIM of two gray float64 images (Wang et al. 2004, Gaussian window)."""
    import cv2

    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2

    def blur(x: Any) -> Any:
        return cv2.GaussianBlur(x, (11, 11), 1.5, borderType=cv2.BORDER_REFLECT)

    ma, mb = blur(a), blur(b)
    va, vb, cov = blur(a * a) - ma * ma, blur(b * b) - mb * mb, blur(a * b) - ma * mb
    num = (2 * ma * mb + c1) * (2 * cov + c2)
    den = (ma * ma + mb * mb + c1) * (va + vb + c2)
    return float((num / den).mean())


def compare(test: Path, reference: Path, *, vmaf: bool = False) -> Quality:
    """Quality of ``test`` against ``reference`` (same size; the shorter sets the frames)."""
    import numpy as np

    tw, th, _ = video_shape(test)
    rw, rh, _ = video_shape(reference)
    if (tw, th) != (rw, rh):
        raise BadFile(test, f"size {tw}x{th} differs from the reference's {rw}x{rh}")
    se = 0.0
    ssims: list[float] = []
    pairs = zip(
        decode(test, tw, th, pix_fmt="rgb24"),
        decode(reference, rw, rh, pix_fmt="rgb24"),
        strict=False,
    )
    weights = np.array([0.299, 0.587, 0.114])
    for (_, a), (_, b) in pairs:
        fa, fb = a.astype(np.float64), b.astype(np.float64)
        se += float(((fa - fb) ** 2).mean())
        ssims.append(ssim_luma(fa @ weights, fb @ weights))
    n = len(ssims)
    mse = se / max(1, n)
    psnr = 100.0 if mse == 0 else 10 * math.log10(255.0**2 / mse)
    score = vmaf_score(test, reference) if vmaf else None
    return Quality(round(psnr, 3), round(float(np.mean(ssims)), 5), score, n)


def vmaf_exe() -> str:
    """The static ffmpeg of imageio-ffmpeg (it has libvmaf)."""
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError) as exc:
        raise MissingDependency(
            f"no ffmpeg with libvmaf ({exc})", hint="pip install imageio-ffmpeg"
        ) from None


def vmaf_score(test: Path, reference: Path) -> float:
    """Mean VMAF (``vmaf_v0.6.1``) of ``test`` against ``reference``."""
    with tempfile.TemporaryDirectory(prefix="imagia-vmaf-") as tmp:
        log = Path(tmp) / "vmaf.json"
        fmt = "format=yuv420p,setpts=PTS-STARTPTS"
        graph = (
            f"[0:v:0]{fmt}[d];[1:v:0]{fmt}[r];"
            f"[d][r]libvmaf=model=version=vmaf_v0.6.1:log_fmt=json:log_path={log}"
        )
        cmd = [vmaf_exe(), "-v", "error", "-nostdin", "-i", str(test), "-i", str(reference)]
        proc = subprocess.run(
            [*cmd, "-lavfi", graph, "-f", "null", "-"],
            capture_output=True,
            text=True,
            errors="replace",
            check=False,
        )
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["unknown error"])[-1]
            raise ImagiaError(f"libvmaf failed on {test.name}: {last}")
        data = json.loads(log.read_text(encoding="utf-8"))
    return round(float(data["pooled_metrics"]["vmaf"]["mean"]), 3)
