"""Raw RGB frames in and out of ffmpeg through pipes, a frame at a time (bounded memory).

Decoding uses :func:`imagia.media.frames.decode`; :class:`Writer` is its mirror: frames written
to ffmpeg's stdin and encoded by extension — ``.mkv`` as FFV1 (lossless, what measurements
use), anything else as H.264 (CRF 14, yuv420p, plays everywhere). The file appears only when
ffmpeg finished cleanly (temp file + rename)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from fractions import Fraction
from pathlib import Path
from types import TracebackType
from typing import Any

from imagia.core.errors import BadFile, ImagiaError
from imagia.media.probe import ffmpeg_exe, probe


def video_shape(path: Path) -> tuple[int, int, Fraction]:
    """``(width, height, rate)`` of the first video stream; no video is a :class:`BadFile`."""
    info = probe(path)
    v = info.video
    if v is None or v.size is None:
        raise BadFile(path, "no video stream")
    rate = info.frame_rate or Fraction(25)
    return v.size[0], v.size[1], rate


def codec_args(output: Path) -> list[str]:
    """Encoder arguments chosen by the output's extension."""
    if output.suffix.lower() == ".mkv":
        return ["-c:v", "ffv1", "-level", "3", "-pix_fmt", "yuv444p"]
    return ["-c:v", "libx264", "-preset", "medium", "-crf", "14", "-pix_fmt", "yuv420p"]


class Writer:
    """Encode ``rgb24`` frames of ``width`` x ``height`` at ``rate`` into ``output`` through
    the filter chain ``vf`` (empty: none). Use as a context manager."""

    def __init__(self, output: Path, width: int, height: int, rate: Fraction, vf: str = "") -> None:
        self.output = output
        output.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{output.stem}.", suffix=output.suffix, dir=output.parent
        )
        os.close(fd)
        self.tmp = Path(tmp)
        self._err = tempfile.TemporaryFile()  # noqa: SIM115 (closed in __exit__)
        cmd = [
            ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-s",
            f"{width}x{height}",
            "-r",
            str(rate),
            "-i",
            "-",
            *(["-vf", vf] if vf else []),
            *codec_args(output),
            str(self.tmp),
        ]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=self._err)

    def write(self, frame: Any) -> None:
        """Write one ``(height, width, 3)`` uint8 frame."""
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(frame.tobytes())
        except BrokenPipeError:
            self._fail()

    def _fail(self) -> None:
        self.proc.wait()
        self._err.seek(0)
        last = (self._err.read().decode(errors="replace").strip().splitlines() or ["?"])[-1]
        self.tmp.unlink(missing_ok=True)
        raise ImagiaError(f"ffmpeg failed while writing {self.output.name}: {last}")

    def __enter__(self) -> Writer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self.proc.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            self.proc.stdin.close()
        if exc_type is not None:
            self.proc.kill()
            self.proc.wait()
            self.tmp.unlink(missing_ok=True)
            self._err.close()
            return
        if self.proc.wait() != 0:
            self._fail()
        self._err.close()
        self.tmp.replace(self.output)
