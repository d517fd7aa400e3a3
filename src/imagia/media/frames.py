"""Raw video frames from ffmpeg, as numpy arrays: the one decoder the analysis steps share.

ffmpeg scales (and samples, through the filter given) the first video stream and writes raw
pixels to a pipe; its messages go to a temporary file, not a second pipe, so a chatty decoder
can never block. A consumer may stop early (the process is killed); a file that yields no frame
at all is a :class:`BadFile` naming it, with ffmpeg's last words.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile
from imagia.media.probe import ffmpeg_exe

CHANNELS = {"bgr24": 3, "rgb24": 3, "gray": 1}


def decode(
    path: Path,
    width: int,
    height: int,
    vf: str = "",
    pix_fmt: str = "bgr24",
    passthrough: bool = False,
) -> Iterator[tuple[int, Any]]:
    """Yield ``(k, image)`` for the k-th frame out of ``vf`` (a filter chain such as
    ``fps=2`` or ``select=...``; the scale to ``width`` x ``height`` is added after it);
    ``image`` is ``uint8`` of shape ``(height, width, 3)`` (``(height, width)`` for gray).
    ``passthrough`` keeps ffmpeg from duplicating or dropping frames (for ``select``)."""
    import numpy as np

    chain = ",".join(f for f in (vf, f"scale={width}:{height}:flags=area") if f)
    cmd = [
        ffmpeg_exe(),
        "-v",
        "error",
        "-nostdin",
        "-i",
        str(path),
        "-map",
        "0:v:0",
        "-an",
        "-sn",
        *(["-vsync", "passthrough"] if passthrough else []),
        "-vf",
        chain,
        "-pix_fmt",
        pix_fmt,
        "-f",
        "rawvideo",
        "-",
    ]
    depth = CHANNELS[pix_fmt]
    shape = (height, width, depth) if depth > 1 else (height, width)
    size = width * height * depth
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errors)
        assert proc.stdout is not None
        k = 0
        try:
            while True:
                buf = proc.stdout.read(size)
                if len(buf) < size:
                    break
                yield k, np.frombuffer(buf, np.uint8).reshape(shape)
                k += 1
        except GeneratorExit:  # the consumer stopped early: not an error
            proc.kill()
            proc.wait()
            raise
        finally:
            proc.stdout.close()
        code = proc.wait()
        errors.seek(0)
        err = errors.read().decode(errors="replace").strip()
    if k == 0:
        raise BadFile(path, f"no video frames could be decoded ({err[-200:] or f'ffmpeg {code}'})")
