"""A restoration chain a restorer controls, filter by filter, each with a strength.

Order: stabilise (vid.stab two passes) -> deflicker -> dust and scratch removal -> denoise
(nlmeans or hqdn3d) -> upscale (Lanczos + unsharp). The first two run in the decoding ffmpeg,
dust removal in numpy/OpenCV on three frames at a time (the frame and its two neighbours), the
last two in the encoding ffmpeg: memory stays a few frames whatever the clip's length.

Dust and scratches are temporal outliers: a pixel whose luma is far (same sign) from both
neighbouring frames *and* from the median of its 5x5 neighbourhood — a speck or a line present
on one frame only, while the two neighbours agree with each other (no motion there). The mask
is dilated by one pixel. A scratch that stays at the same place over several frames is not an
outlier in time and is left alone. Repair takes the mean of the two neighbours where they agree
(static content), ``cv2.inpaint`` (Telea) elsewhere, or inpaints everything
(``dust_fill="inpaint"``). No super-resolution model ships with imagia: upscaling is Lanczos +
sharpening."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from imagia.core.errors import BadValue
from imagia.media.frames import decode
from imagia.media.probe import ffmpeg_exe
from imagia.vfx.pipe import Writer, video_shape

Progress = Callable[[float, str], None]
DENOISERS = ("nlmeans", "hqdn3d")
FILLS = ("temporal", "inpaint")


@dataclass(frozen=True)
class RestoreOptions:
    """Each filter: off when its switch is off (``denoise`` 0 is off); strengths in 0..1
    (``sharpen`` 0..2, the unsharp amount); ``upscale`` 1 (none) to 4."""

    denoise: float = 0.0
    denoise_method: str = "hqdn3d"
    deflicker: bool = False
    deflicker_strength: float = 0.5
    dust: bool = False
    dust_strength: float = 0.5
    dust_fill: str = "temporal"
    stabilise: bool = False
    stabilise_strength: float = 0.5
    upscale: int = 1
    sharpen: float = 0.6

    def check(self) -> None:
        """Raise :class:`BadValue` for a value out of its range."""
        for name in ("denoise", "deflicker_strength", "dust_strength", "stabilise_strength"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise BadValue(name, v, reason="must be between 0 and 1")
        if self.denoise_method not in DENOISERS:
            raise BadValue("denoise_method", self.denoise_method, DENOISERS)
        if self.dust_fill not in FILLS:
            raise BadValue("dust_fill", self.dust_fill, FILLS)
        if self.upscale not in (1, 2, 3, 4):
            raise BadValue("upscale", self.upscale, ("1", "2", "3", "4"))
        if not 0.0 <= self.sharpen <= 2.0:
            raise BadValue("sharpen", self.sharpen, reason="must be between 0 and 2")


@dataclass
class RestoreResult:
    """What was done: the chain with each filter's settings, frames, dust repaired, speed."""

    schema: str
    source: str
    output: str
    width: int
    height: int
    out_width: int
    out_height: int
    frames: int
    duration_s: float
    seconds: float
    realtime_factor: float
    chain: list[dict[str, Any]] = field(default_factory=list)
    dust_frames: int = 0
    dust_pixel_share: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def denoise_filter(method: str, strength: float) -> str:
    """The ffmpeg denoiser for ``strength`` in (0, 1]."""
    if method == "nlmeans":
        return f"nlmeans=s={1 + 7 * strength:.2f}:p=7:r=9"
    ls = 1 + 9 * strength
    return f"hqdn3d={ls:.2f}:{0.75 * ls:.2f}:{1.5 * ls:.2f}:{1.1 * ls:.2f}"


def deflicker_filter(strength: float) -> str:
    """ffmpeg ``deflicker`` over a window that grows with ``strength`` (3 to 23 frames)."""
    return f"deflicker=size={3 + round(20 * strength)}:mode=pm"


def upscale_filter(factor: int, sharpen: float) -> str:
    """Lanczos upscale by ``factor`` then unsharp mask of amount ``sharpen``."""
    return f"scale=iw*{factor}:ih*{factor}:flags=lanczos,unsharp=5:5:{sharpen:.2f}:5:5:0"


def dust_threshold(strength: float) -> float:
    """Luma difference (0..255) above which a pixel is an outlier: 70 at 0, 20 at 1."""
    return 70.0 - 50.0 * strength


def remove_dust(
    cur: Any, a: Any | None, b: Any | None, threshold: float, fill: str = "temporal"
) -> tuple[Any, int]:
    """``cur`` (RGB uint8) with its temporal outliers against neighbours ``a`` and ``b``
    repaired; returns ``(frame, pixels detected)``. ``fill`` ``temporal``: the mean of the two
    neighbours where they agree, ``cv2.inpaint`` (Telea) elsewhere; ``inpaint``: inpaint all."""
    import cv2
    import numpy as np

    if a is None or b is None:
        return cur, 0

    def luma(f: Any) -> Any:
        return cv2.cvtColor(f, cv2.COLOR_RGB2GRAY).astype(np.int16)

    y, ya, yb = luma(cur), luma(a), luma(b)
    da, db = y - ya, y - yb
    same_sign = (da > 0) == (db > 0)
    agree = np.abs(ya - yb) < threshold * 0.5  # the neighbours show the same thing: no motion
    temporal = same_sign & agree & (np.minimum(np.abs(da), np.abs(db)) > threshold)
    if not temporal.any():
        return cur, 0
    med = cv2.medianBlur(cv2.cvtColor(cur, cv2.COLOR_RGB2GRAY), 5).astype(np.int16)
    mask = (temporal & (np.abs(y - med) > threshold * 0.5)).astype(np.uint8)
    count = int(mask.sum())
    if count == 0:
        return cur, 0
    mask = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    out = cur
    if fill == "temporal":
        take = mask.astype(bool) & agree
        out = cur.copy()
        out[take] = ((a[take].astype(np.uint16) + b[take]) // 2).astype(np.uint8)
        mask[take] = 0
        if not mask.any():
            return out, count
    return cv2.inpaint(out, mask, 3, cv2.INPAINT_TELEA), count


def neighbours(frames: Iterable[Any]) -> Iterator[tuple[Any, Any | None, Any | None]]:
    """``(frame, neighbour, neighbour)`` for each frame, holding three frames at most: the
    first frame's neighbours are the two after it, the last's the two before it."""
    it = iter(frames)
    w: list[Any] = []
    for f in it:
        w.append(f)
        if len(w) == 3:
            break
    if len(w) < 3:
        if len(w) == 1:
            yield w[0], None, None
        elif len(w) == 2:
            yield w[0], w[1], w[1]
            yield w[1], w[0], w[0]
        return
    yield w[0], w[1], w[2]
    for nxt in it:
        yield w[1], w[0], w[2]
        w = [w[1], w[2], nxt]
    yield w[1], w[0], w[2]
    yield w[2], w[1], w[0]


def _stabilise_pass(src: Path, trf: Path, strength: float) -> None:
    """vid.stab's first pass: the camera's motion into ``trf``."""
    import subprocess

    from imagia.core.errors import ImagiaError

    shaky = 4 + round(6 * strength)
    vf = f"vidstabdetect=shakiness={shaky}:accuracy=15:result={trf}"
    proc = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-nostdin",
            "-i",
            str(src),
            "-an",
            "-vf",
            vf,
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise ImagiaError(f"ffmpeg vidstabdetect failed on {src.name}: {last}")


def restore(
    src: Path, output: Path, opts: RestoreOptions, progress: Progress | None = None
) -> RestoreResult:
    """Restore ``src`` into ``output`` (``.mkv``: FFV1 lossless, else H.264)."""
    opts.check()
    width, height, rate = video_shape(src)
    report = progress or (lambda f, m: None)
    info_frames = _expected_frames(src, rate)
    chain: list[dict[str, Any]] = []
    pre: list[str] = []
    post: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="imagia-restore-") as tmp:
        if opts.stabilise:
            report(0.02, "stabilise: measuring camera motion")
            trf = Path(tmp) / "motion.trf"
            _stabilise_pass(src, trf, opts.stabilise_strength)
            smooth = 5 + round(25 * opts.stabilise_strength)
            pre.append(f"vidstabtransform=input={trf}:smoothing={smooth}:optzoom=0:crop=keep")
            chain.append(
                {"filter": "stabilise", "ffmpeg": pre[-1], "strength": opts.stabilise_strength}
            )
        if opts.deflicker:
            pre.append(deflicker_filter(opts.deflicker_strength))
            chain.append(
                {"filter": "deflicker", "ffmpeg": pre[-1], "strength": opts.deflicker_strength}
            )
        if opts.dust:
            chain.append(
                {
                    "filter": "dust",
                    "threshold": dust_threshold(opts.dust_strength),
                    "strength": opts.dust_strength,
                    "fill": opts.dust_fill,
                }
            )
        if opts.denoise > 0:
            post.append(denoise_filter(opts.denoise_method, opts.denoise))
            chain.append(
                {
                    "filter": "denoise",
                    "ffmpeg": post[-1],
                    "strength": opts.denoise,
                    "method": opts.denoise_method,
                }
            )
        if opts.upscale > 1:
            post.append(upscale_filter(opts.upscale, opts.sharpen))
            chain.append({"filter": "upscale", "ffmpeg": post[-1], "factor": opts.upscale})
        frames = (f for _, f in decode(src, width, height, ",".join(pre), pix_fmt="rgb24"))
        threshold = dust_threshold(opts.dust_strength)
        n = dust_frames = dust_pixels = 0
        with Writer(output, width, height, rate, ",".join(post)) as out:
            source: Iterable[tuple[Any, Any | None, Any | None]] = (
                neighbours(frames) if opts.dust else ((f, None, None) for f in frames)
            )
            for cur, a, b in source:
                if opts.dust:
                    cur, count = remove_dust(cur, a, b, threshold, opts.dust_fill)
                    dust_frames += count > 0
                    dust_pixels += count
                out.write(cur)
                n += 1
                if n % 10 == 0:
                    report(0.05 + 0.9 * min(1.0, n / max(1, info_frames)), f"frame {n}")
    seconds = time.perf_counter() - started
    duration = n / float(rate)
    return RestoreResult(
        schema="Restoration.1",
        source=str(src),
        output=str(output),
        width=width,
        height=height,
        out_width=width * opts.upscale,
        out_height=height * opts.upscale,
        frames=n,
        duration_s=round(duration, 3),
        seconds=round(seconds, 3),
        realtime_factor=round(duration / seconds, 3) if seconds > 0 else 0.0,
        chain=chain,
        dust_frames=dust_frames,
        dust_pixel_share=round(dust_pixels / max(1, n * width * height), 6),
    )


def _expected_frames(src: Path, rate: Any) -> int:
    from imagia.media.probe import probe

    v = probe(src).video
    if v is not None and v.frames:
        return v.frames
    if v is not None and v.duration:
        return int(v.duration * float(rate))
    return 0


def side_by_side(before: Path, after: Path, output: Path, height: int = 360) -> None:
    """``before`` | ``after`` stacked horizontally, both at ``height`` (H.264)."""
    import subprocess

    from imagia.core.errors import ImagiaError
    from imagia.core.provenance import atomic_write

    h = height - height % 2
    graph = (
        f"[0:v]scale=-2:{h}:flags=lanczos,setsar=1[l];[1:v]scale=-2:{h}:flags=lanczos,setsar=1[r];"
        "[l][r]hstack=inputs=2:shortest=1,format=yuv420p[v]"
    )
    with atomic_write(output, "wb") as fh:
        tmp = Path(fh.name)
        cmd = [ffmpeg_exe(), "-v", "error", "-nostdin", "-y", "-i", str(before), "-i", str(after)]
        cmd += ["-filter_complex", graph, "-map", "[v]", "-c:v", "libx264", "-preset", "veryfast"]
        cmd += ["-crf", "18", "-f", "mp4", str(tmp)]
        proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", check=False)
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["unknown error"])[-1]
            raise ImagiaError(f"ffmpeg failed while stacking before/after: {last}")
