"""Render one clip with ffmpeg: an accurate trim re-encoded to H.264/AAC, subtitles burnt in
(optional), then two-pass loudness normalisation to a target by :mod:`imagia.post.normalise`.
Work happens in a temp folder beside the output; the finished file is renamed into place."""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, ImagiaError
from imagia.media.probe import ffmpeg_exe, probe


@dataclass(frozen=True)
class RenderOptions:
    """``loudness``: integrated target in LUFS (None: leave the level); ``crf``/``preset``:
    x264 quality and speed."""

    loudness: float | None = -23.0
    crf: int = 20
    preset: str = "veryfast"
    audio_bitrate: str = "192k"


@dataclass
class Rendered:
    path: Path
    duration: float | None
    loudness: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _secs(x: Fraction) -> str:
    return f"{float(x):.6f}"


def trim(
    src: Path,
    start: Fraction,
    end: Fraction,
    out: Path,
    srt: Path | None,
    opts: RenderOptions,
    video: bool,
) -> None:
    """Frame-accurate cut of ``[start, end)`` (decode from the seek point, re-encode)."""
    cmd = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-v",
        "error",
        "-y",
        "-ss",
        _secs(start),
        "-i",
        str(src.resolve()),
        "-t",
        _secs(end - start),
    ]
    if video:
        cmd += [
            "-map",
            "0:v:0",
            "-map",
            "0:a:0?",
            "-c:v",
            "libx264",
            "-preset",
            opts.preset,
            "-crf",
            str(opts.crf),
            "-pix_fmt",
            "yuv420p",
            "-movflags",
            "+faststart",
        ]
        if srt is not None:  # run in the srt's folder: no path escaping inside the filter
            cmd += ["-vf", f"subtitles={srt.name}:force_style='FontName=DejaVu Sans'"]
    else:
        cmd += ["-map", "0:a:0", "-vn"]
    cmd += ["-c:a", "aac", "-b:a", opts.audio_bitrate, "-ar", "48000", str(out.resolve())]
    proc = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
        cwd=srt.parent if srt is not None else None,
    )
    if proc.returncode != 0:
        raise BadFile(src, f"ffmpeg could not cut the clip ({proc.stderr.strip()[-300:]})")


def _normalise(src: Path, dst: Path, target: float) -> dict[str, Any]:
    from imagia.post.loudness import Spec
    from imagia.post.normalise import NormaliseOptions, normalise

    spec = Spec(
        id=f"clip{target:g}",
        name=f"{target:g} LUFS",
        target=target,
        tolerance=1.0,
        max_true_peak=-1.0,
        gating="programme",
        source="imagia clips make --loudness",
    )
    n = normalise(src, NormaliseOptions(spec=spec, output=dst))
    return {
        "target": target,
        "before": n.before,
        "after": n.after,
        "gain_db": n.gain_db,
        "mode": n.mode,
        "passes": n.passes,
        "error_lu": n.error_lu,
        "compliant": n.compliant,
        "notes": n.notes,
    }


def render(
    src: Path,
    start: Fraction,
    end: Fraction,
    out: Path,
    opts: RenderOptions,
    subtitles: Path | None = None,
) -> Rendered:
    """Cut ``src`` to ``out`` (an audio-only source gives an audio-only file)."""
    info = probe(src)
    video = info.video_streams > 0
    notes: list[str] = []
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out.stem}.", dir=out.parent) as tmp:
        work = Path(tmp)
        srt = None
        if subtitles is not None and video:
            srt = work / "clip.srt"
            srt.write_bytes(subtitles.read_bytes())
        elif subtitles is not None:
            notes.append("audio-only source: no subtitles burnt in")
        cut = work / f"cut{out.suffix}"
        trim(src, start, end, cut, srt, opts, video)
        final = cut
        loud: dict[str, Any] = {}
        if opts.loudness is not None and info.audio_streams:
            try:
                loud = _normalise(cut, work / f"norm{out.suffix}", opts.loudness)
                final = work / f"norm{out.suffix}"
            except ImagiaError as exc:
                notes.append(f"loudness not normalised: {exc}")
        elif opts.loudness is not None:
            notes.append("no audio: loudness not normalised")
        final.replace(out)
    return Rendered(out, probe(out).duration, loud, notes)
