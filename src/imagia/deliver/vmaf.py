"""VMAF (Netflix's model ``vmaf_v0.6.1``, built into libvmaf), PSNR (luma) and SSIM of an
encode against its reference, in one ffmpeg pass: the encode is scaled to the display size
(bicubic) the way a player would show it, both are compared as yuv420p at that size."""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from imagia.core.errors import ImagiaError
from imagia.deliver.ffmpeg import Ffmpeg, run

MODEL = "vmaf_v0.6.1"


@dataclass(frozen=True)
class Scores:
    """Pooled over ``frames``: VMAF mean, harmonic mean and 5th-percentile-free minimum, PSNR
    of luma in dB (mean of per-frame values, capped by libvmaf at 60 dB for identical frames)
    and SSIM (mean)."""

    vmaf: float
    vmaf_harmonic: float
    vmaf_min: float
    psnr_y: float
    ssim: float
    frames: int

    def to_dict(self) -> dict[str, Any]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def measure(
    ff: Ffmpeg,
    distorted: Path,
    reference: Path,
    display: tuple[int, int],
    *,
    threads: int = 0,
    subsample: int = 1,
) -> Scores:
    """Scores of ``distorted`` against ``reference``, both shown at ``display`` (w, h)."""
    w, h = display
    with tempfile.TemporaryDirectory(prefix="imagia-vmaf-") as tmp:
        log = Path(tmp) / "vmaf.json"
        scale = f"scale={w}:{h}:flags=bicubic,format=yuv420p,setpts=PTS-STARTPTS"
        opts = ":".join(
            [
                f"model=version={MODEL}",
                "feature=name=psnr|name=float_ssim",
                "log_fmt=json",
                f"log_path={_escape(log)}",
                f"n_threads={threads}",
                f"n_subsample={subsample}",
            ]
        )
        graph = f"[0:v:0]{scale}[d];[1:v:0]{scale}[r];[d][r]libvmaf={opts}"
        cmd = [ff.exe, "-v", "error", "-i", str(distorted), "-i", str(reference)]
        run([*cmd, "-lavfi", graph, "-f", "null", "-"], f"measuring VMAF of {distorted.name}")
        try:
            data = json.loads(log.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ImagiaError(f"libvmaf wrote no readable log for {distorted.name}") from None
    pooled = data.get("pooled_metrics", {})
    if "vmaf" not in pooled:
        raise ImagiaError(f"libvmaf gave no score for {distorted.name}")
    return Scores(
        vmaf=float(pooled["vmaf"]["mean"]),
        vmaf_harmonic=float(pooled["vmaf"]["harmonic_mean"]),
        vmaf_min=float(pooled["vmaf"]["min"]),
        psnr_y=float(pooled.get("psnr_y", {}).get("mean", 0.0)),
        ssim=float(pooled.get("float_ssim", {}).get("mean", 0.0)),
        frames=len(data.get("frames", [])),
    )


def _escape(path: Path) -> str:
    """A path inside a filter option: ``\\``, ``:`` and ``'`` escaped for the graph parser."""
    return str(path).replace("\\", "\\\\\\\\").replace(":", "\\\\:").replace("'", "\\\\'")
