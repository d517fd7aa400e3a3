"""The ffmpeg that encodes and measures: ``$IMAGIA_FFMPEG`` if set, else the static build that
the ``imageio-ffmpeg`` package ships (it has libvmaf, libx264, libx265 and libsvtav1; Debian's
``/usr/bin/ffmpeg`` has no libvmaf). :func:`find` checks the features a run needs before any
work and names what to install when one is missing."""

from __future__ import annotations

import functools
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from imagia.core.errors import BadValue, MissingDependency

HINT = (
    "pip install 'imageio-ffmpeg==0.8.1' (its static ffmpeg has libvmaf, libx264, libx265, "
    "libsvtav1) or set IMAGIA_FFMPEG to an ffmpeg built with them"
)


@dataclass(frozen=True)
class Codec:
    """One encoder of the grid: ``encoder`` (ffmpeg's name), the CRF values tried from best to
    worst quality, the CRF range, the HLS segment type it needs and the ``-tag:v`` players
    expect."""

    name: str
    encoder: str
    crfs: tuple[int, ...]
    crf_max: int
    segment_type: str = "mpegts"
    tag: str | None = None


CODECS: dict[str, Codec] = {
    "x264": Codec("x264", "libx264", (18, 23, 28, 33, 38), 51),
    "x265": Codec("x265", "libx265", (20, 25, 30, 35, 40), 51, "fmp4", "hvc1"),
    "svtav1": Codec("svtav1", "libsvtav1", (25, 32, 39, 46, 53), 63, "fmp4", "av01"),
}


@dataclass(frozen=True)
class Ffmpeg:
    """A checked binary: ``exe`` its path, ``found`` where it came from."""

    exe: str
    found: str


def codec(name: str) -> Codec:
    """The :class:`Codec` called ``name``; an unknown one is a :class:`BadValue`."""
    if name not in CODECS:
        raise BadValue("codec", name, CODECS)
    return CODECS[name]


def locate() -> Ffmpeg:
    """``$IMAGIA_FFMPEG``, else imageio-ffmpeg's binary; neither: :class:`MissingDependency`."""
    env = os.environ.get("IMAGIA_FFMPEG", "").strip()
    if env:
        if not Path(env).is_file():
            raise MissingDependency(f"IMAGIA_FFMPEG={env}: no such file", hint=HINT)
        return Ffmpeg(env, "IMAGIA_FFMPEG")
    try:
        import imageio_ffmpeg

        return Ffmpeg(str(imageio_ffmpeg.get_ffmpeg_exe()), "imageio-ffmpeg")
    except (ImportError, RuntimeError) as exc:
        raise MissingDependency(f"no ffmpeg with libvmaf found ({exc})", hint=HINT) from None


@functools.lru_cache(maxsize=8)
def _listing(exe: str, what: str) -> frozenset[str]:
    """Names in ``ffmpeg -filters`` / ``-encoders`` / ``-muxers`` (second column)."""
    proc = subprocess.run(
        [exe, "-hide_banner", f"-{what}"], capture_output=True, text=True, check=False
    )
    names = set()
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and not line.startswith(" ="):
            names.add(parts[1])
    return frozenset(names)


def find(codec_name: str = "x264", *, vmaf: bool = True, muxers: tuple[str, ...] = ()) -> Ffmpeg:
    """The binary, checked for the encoder of ``codec_name``, libvmaf (when ``vmaf``) and the
    ``muxers`` asked for (``hls``, ``dash``)."""
    ff = locate()
    needs = [("encoders", codec(codec_name).encoder)]
    if vmaf:
        needs.append(("filters", "libvmaf"))
    needs += [("muxers", m) for m in muxers]
    for what, name in needs:
        if name not in _listing(ff.exe, what):
            raise MissingDependency(f"{ff.exe} ({ff.found}) has no {name} ({what[:-1]})", hint=HINT)
    return ff


def run(cmd: list[str], what: str) -> subprocess.CompletedProcess[str]:
    """Run an ffmpeg command; a failure is an ``ImagiaError`` naming ``what`` and ffmpeg's
    last line."""
    from imagia.core.errors import ImagiaError

    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", check=False)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise ImagiaError(f"ffmpeg failed while {what}: {last}")
    return proc
