"""The grid of test encodes: resolutions x CRF values of one codec on the mezzanine, each
measured against it (VMAF, PSNR, SSIM at the display size); the bitrate is the file's size
over its duration. The fixed ladder's rungs are encoded the same way at their bitrates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from imagia.deliver.ffmpeg import Ffmpeg, codec, run
from imagia.deliver.vmaf import Scores, measure

# The heights of the usual 16:9 ladders (Apple's HLS authoring table), widths follow the aspect.
HEIGHTS: tuple[int, ...] = (1080, 720, 540, 432, 360, 234)
PRESETS = ("veryfast", "fast", "medium", "slow")


@dataclass(frozen=True)
class Cell:
    """One test encode: ``size`` (w, h), ``crf`` (None for a target ``kbps`` encode)."""

    size: tuple[int, int]
    crf: int | None = None
    kbps: float | None = None

    @property
    def label(self) -> str:
        w, h = self.size
        return f"{w}x{h} crf {self.crf}" if self.crf is not None else f"{w}x{h} {self.kbps:g}k"


@dataclass(frozen=True)
class Point:
    """A measured encode: its cell, bitrate (kbit/s) and scores, seconds it took."""

    width: int
    height: int
    crf: int | None
    target_kbps: float | None
    kbps: float
    scores: Scores
    seconds: float
    encode_seconds: float = 0.0

    @property
    def vmaf(self) -> float:
        return self.scores.vmaf

    @property
    def size(self) -> str:
        return f"{self.width}x{self.height}"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["scores"] = self.scores.to_dict()
        d["kbps"] = round(self.kbps, 1)
        d["seconds"] = round(self.seconds, 2)
        d["encode_seconds"] = round(self.encode_seconds, 2)
        return d


def even(x: float) -> int:
    return max(2, round(x / 2.0) * 2)


def sizes_for(width: int, height: int, heights: Sequence[int] = HEIGHTS) -> list[tuple[int, int]]:
    """The ladder's sizes no larger than the source (aspect kept, even numbers, largest
    first); a source smaller than two of them gets itself and its half."""
    aspect = width / height
    out = [(even(h * aspect), h) for h in heights if h <= height and even(h * aspect) <= width]
    if len(out) < 2:
        out = [(even(width), even(height)), (even(width / 2), even(height / 2))]
    return out


def display_size(sizes: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """Where every encode is compared: the largest size of the grid."""
    return max(sizes, key=lambda s: s[0] * s[1])


def encode_args(codec_name: str, preset: str, fps: float) -> list[str]:
    """Encoder, preset, pixel format and a closed GOP of 2 s (segments of a ladder align)."""
    c = codec(codec_name)
    gop = max(1, round(2 * fps))
    args = ["-c:v", c.encoder, "-pix_fmt", "yuv420p", "-g", str(gop)]
    if c.name == "x264":
        args += ["-preset", preset, "-keyint_min", str(gop), "-sc_threshold", "0"]
    elif c.name == "x265":
        args += ["-preset", preset, "-x265-params", f"keyint={gop}:min-keyint={gop}:log-level=1"]
    else:  # SVT-AV1 presets are numbers: 10 fast ... 4 slow
        args += ["-preset", {"veryfast": "10", "fast": "8", "medium": "6", "slow": "4"}[preset]]
    if c.tag:
        args += ["-tag:v", c.tag]
    return args


def rate_args(cell: Cell, codec_name: str) -> list[str]:
    """CRF, or a target bitrate with a VBV of 1.5x / 2x (the fixed ladder's encodes)."""
    if cell.crf is not None:
        return ["-crf", str(cell.crf)]
    k = float(cell.kbps or 0)
    return ["-b:v", f"{k:g}k", "-maxrate", f"{1.5 * k:g}k", "-bufsize", f"{2 * k:g}k"]


def encode(
    ff: Ffmpeg,
    source: Path,
    cell: Cell,
    out: Path,
    *,
    codec_name: str,
    preset: str,
    fps: float,
    extra: Sequence[str] = (),
) -> Path:
    """Encode ``source`` at ``cell`` into ``out`` (MP4, no audio unless ``extra`` maps it)."""
    w, h = cell.size
    cmd = [ff.exe, "-v", "error", "-y", "-i", str(source), "-map", "0:v:0", *extra]
    cmd += ["-vf", f"scale={w}:{h}:flags=bicubic", *encode_args(codec_name, preset, fps)]
    cmd += [*rate_args(cell, codec_name), "-an", "-movflags", "+faststart", str(out)]
    run(cmd, f"encoding {cell.label}")
    return out


def measure_cell(
    ff: Ffmpeg,
    mezz: Path,
    cell: Cell,
    work: Path,
    *,
    codec_name: str,
    preset: str,
    fps: float,
    duration: float,
    display: tuple[int, int],
    subsample: int = 1,
) -> Point:
    """Encode one cell of the grid and measure it; the encode is deleted afterwards."""
    import time

    t0 = time.monotonic()
    tag = f"{cell.size[0]}x{cell.size[1]}_{cell.crf if cell.crf is not None else cell.kbps}"
    out = encode(ff, mezz, cell, work / f"{tag}.mp4", codec_name=codec_name, preset=preset, fps=fps)
    t_enc = time.monotonic() - t0
    kbps = out.stat().st_size * 8 / 1000 / duration
    scores = measure(ff, out, mezz, display, subsample=subsample)
    out.unlink(missing_ok=True)
    return Point(
        cell.size[0],
        cell.size[1],
        cell.crf,
        cell.kbps,
        kbps,
        scores,
        time.monotonic() - t0,
        t_enc,
    )
