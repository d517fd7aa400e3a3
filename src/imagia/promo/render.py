"""Render a crop path: decode the source at full size (ffmpeg pipe), crop each frame in numpy,
scale it to the output size (ffmpeg's bicubic scaler for a crop of constant size, OpenCV for a
zooming one), encode with ffmpeg (H.264, yuv420p) with the source's
first audio stream, into a temp file renamed at the end."""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np

from imagia.core.errors import BadFile, BadValue
from imagia.media.probe import ffmpeg_exe
from imagia.promo.framing import CropTrack
from imagia.promo.media import VideoInfo, frames

PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow")


@dataclass(frozen=True)
class RenderOptions:
    """Output ``width`` x ``height`` (even), x264 ``crf`` and ``preset``, AAC audio bit rate."""

    width: int
    height: int
    crf: int = 20
    preset: str = "veryfast"
    audio_bitrate: str = "192k"

    def check(self) -> None:
        if (
            self.width % 2
            or self.height % 2
            or not (16 <= self.width <= 8192)
            or not (16 <= self.height <= 8192)
        ):
            raise BadValue(
                "size",
                f"{self.width}x{self.height}",
                reason="even width and height between 16 and 8192 pixels",
            )
        if self.preset not in PRESETS:
            raise BadValue("preset", self.preset, PRESETS)
        if not 0 <= self.crf <= 51:
            raise BadValue("crf", self.crf, reason="between 0 and 51")


@dataclass(frozen=True)
class RenderResult:
    path: Path
    frames: int
    seconds: float


def render(
    info: VideoInfo,
    crops: CropTrack,
    out: Path,
    o: RenderOptions,
    progress: Callable[[float, str], None] | None = None,
) -> RenderResult:
    """Write the reframed video to ``out`` (atomically); the source is only read."""
    o.check()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.tmp{out.suffix or '.mp4'}")
    n_crops = len(crops.x)
    seconds = n_crops / float(info.fps)
    audio = (
        ["-i", str(info.path), "-map", "1:a:0", "-c:a", "aac", "-b:a", o.audio_bitrate]
        if info.has_audio
        else []
    )
    # a crop of constant size goes through the pipe as it is and ffmpeg scales it (in the
    # encoder's process: less to copy, and in parallel with the decoding); a zooming crop is
    # scaled here to the output size
    fixed = n_crops > 0 and len(set(crops.w.tolist())) == 1 and len(set(crops.h.tolist())) == 1
    pw, ph = (int(crops.w[0]), int(crops.h[0])) if fixed else (o.width, o.height)
    scale = (
        ["-vf", f"scale={o.width}:{o.height}:flags=bicubic"]
        if (pw, ph) != (o.width, o.height)
        else []
    )
    cmd = [
        ffmpeg_exe(),
        "-y",
        "-v",
        "error",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "bgr24",
        "-s",
        f"{pw}x{ph}",
        "-framerate",
        str(info.fps),
        "-i",
        "-",
        *audio,
        "-map",
        "0:v:0",
        *scale,
        "-c:v",
        "libx264",
        "-preset",
        o.preset,
        "-crf",
        str(o.crf),
        "-pix_fmt",
        "yuv420p",
        "-r",
        str(info.fps),
        "-t",
        f"{seconds:.6f}",
        "-movflags",
        "+faststart",
        str(tmp),
    ]
    t0 = time.monotonic()
    # stderr to a file, not a pipe: a chatty encoder cannot block
    with tempfile.TemporaryFile() as errors:
        enc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors)
        assert enc.stdin is not None
        try:
            written = _feed(info, crops, o, fixed, enc.stdin, progress)
            with contextlib.suppress(BrokenPipeError):
                enc.stdin.close()
            code = enc.wait()
            errors.seek(0)
            err = errors.read().decode(errors="replace").strip()
            if code != 0 or not tmp.is_file():
                raise BadFile(out, f"ffmpeg could not encode the reframed video ({err[-200:]})")
            tmp.replace(out)
        except BaseException:
            if enc.poll() is None:
                enc.kill()
                enc.wait()
            tmp.unlink(missing_ok=True)
            raise
    return RenderResult(out, written, time.monotonic() - t0)


def _feed(
    info: VideoInfo,
    crops: CropTrack,
    o: RenderOptions,
    fixed: bool,
    sink: IO[bytes],
    progress: Callable[[float, str], None] | None,
) -> int:
    """Decode, crop (and scale when the crop size varies) every frame into ``sink``; returns the
    frames written (fewer when the encoder died)."""
    import cv2

    n_crops = len(crops.x)
    written = 0
    for n, img in frames(info.path, info.width, info.height):
        i = min(n, n_crops - 1)
        x, y, w, h = int(crops.x[i]), int(crops.y[i]), int(crops.w[i]), int(crops.h[i])
        crop = img[y : y + h, x : x + w]
        if not fixed:
            interp = cv2.INTER_AREA if w > o.width else cv2.INTER_LINEAR
            crop = cv2.resize(crop, (o.width, o.height), interpolation=interp)
        try:
            sink.write(np.ascontiguousarray(crop).tobytes())
        except BrokenPipeError:  # the encoder died: the caller reads its message
            break
        written += 1
        if progress and written % 25 == 0:
            progress(min(0.99, written / max(1, n_crops)), f"rendering {written}/{n_crops}")
    return written
