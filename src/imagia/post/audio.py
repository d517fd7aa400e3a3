"""Audio in and out for the post-production tools: decode any media with ffmpeg into numpy,
write WAV files atomically, and turn seconds into timecode.

numpy and soundfile are imported here, so this module is only imported by the tools themselves
(never by ``declare.py``)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from imagia.core.errors import BadFile, BadValue
from imagia.core.provenance import atomic_write
from imagia.media.probe import MediaInfo, ffmpeg_exe, probe
from imagia.media.timecode import frames_to_timecode, parse_rate
from imagia.post.integrity import check_audio

# ffmpeg's default channel order for common layouts (WAV / SMPTE order).
LAYOUTS: dict[str, tuple[str, ...]] = {
    "mono": ("FC",),
    "stereo": ("FL", "FR"),
    "5.1": ("FL", "FR", "FC", "LFE", "BL", "BR"),
    "5.1(side)": ("FL", "FR", "FC", "LFE", "SL", "SR"),
    "7.1": ("FL", "FR", "FC", "LFE", "BL", "BR", "SL", "SR"),
}
_DEFAULT_LAYOUT = {1: "mono", 2: "stereo", 6: "5.1", 8: "7.1"}


@dataclass(frozen=True)
class StreamInfo:
    """What the tools need to know about one audio stream."""

    path: Path
    index: int  # audio stream number (0 = first audio stream)
    rate: int
    channels: int
    layout: str  # ffmpeg's layout name ("stereo", "5.1"...) or "N channels"
    codec: str
    bits: int | None  # declared bit depth (PCM, FLAC...) or None for lossy codecs
    duration: float
    truncated: str | None = None  # a WAV holding less than its header declares (a note)
    layout_known: bool = True  # False: the file declares no layout (``layout`` is a guess)

    @property
    def channel_names(self) -> tuple[str, ...]:
        names = LAYOUTS.get(self.layout)
        if names and len(names) == self.channels:
            return names
        return tuple(f"ch{i + 1}" for i in range(self.channels))


def stream_info(path: Path, index: int = 0) -> StreamInfo:
    """Probe ``path``'s audio stream ``index``; clear errors for no audio, a bad index or
    an empty stream (:func:`imagia.post.integrity.check_audio`); a truncated WAV is noted in
    ``truncated``."""
    info: MediaInfo = probe(path)
    audio = info.audio
    if not audio:
        raise BadFile(path, "has no audio stream")
    if not 0 <= index < len(audio):
        raise BadValue(
            "stream",
            index,
            [str(i) for i in range(len(audio))],
            reason=f"{path.name} has {len(audio)} audio stream(s)",
        )
    s = audio[index]
    layout = s.channel_layout or _DEFAULT_LAYOUT.get(s.channels, f"{s.channels} channels")
    dur = s.duration or info.duration or 0.0
    truncated = check_audio(path, index, float(dur))
    return StreamInfo(
        path,
        index,
        s.sample_rate or 0,
        s.channels,
        layout,
        s.codec or "?",
        s.bits,
        float(dur),
        truncated,
        bool(s.channel_layout),
    )


def decode(
    path: Path,
    *,
    rate: int | None = None,
    mono: bool = False,
    index: int = 0,
    start: float | None = None,
    seconds: float | None = None,
    af: str | None = None,
) -> tuple[np.ndarray, int]:
    """Decode audio stream ``index`` of ``path`` to float32 samples, shape (n, channels).

    ``rate`` resamples (ffmpeg's resampler), ``mono`` downmixes, ``start``/``seconds`` cut,
    ``af`` runs an ffmpeg audio filter first (e.g. ``adeclick``)."""
    st = stream_info(path, index)
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error"]
    if start:
        cmd += ["-ss", f"{start:.6f}"]
    cmd += ["-i", str(path), "-map", f"0:a:{index}"]
    if seconds:
        cmd += ["-t", f"{seconds:.6f}"]
    if mono:
        cmd += ["-ac", "1"]
    out_rate = rate or st.rate
    filters = [af] if af else []
    if rate:
        filters.append(f"aresample={rate}:resampler=soxr" if _has_soxr() else f"aresample={rate}")
    if filters:
        cmd += ["-af", ",".join(filters)]
    cmd += ["-f", "f32le", "-acodec", "pcm_f32le", "-"]
    proc = subprocess.run(cmd, capture_output=True, check=False)
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BadFile(path, f"ffmpeg could not decode the audio ({(msg or ['?'])[-1][:200]})")
    ch = 1 if mono else st.channels
    data = np.frombuffer(proc.stdout, dtype="<f4")
    data = data[: len(data) // ch * ch].reshape(-1, ch)
    if not len(data) and not start:
        raise BadFile(path, "holds no audio samples (zero-length audio)")
    return data, out_rate


_SOXR: list[bool] = []


def _has_soxr() -> bool:
    if not _SOXR:
        out = subprocess.run(
            [ffmpeg_exe(), "-hide_banner", "-buildconf"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        _SOXR.append("libsoxr" in out)
    return _SOXR[0]


def write_wav(path: Path, data: np.ndarray, rate: int, subtype: str = "PCM_24") -> Path:
    """Write ``data`` (n, channels) float as WAV through a temp file (never half-written)."""
    import soundfile as sf

    with atomic_write(path, "wb") as fh:
        sf.write(fh, np.clip(data, -1.0, 1.0), rate, subtype=subtype, format="WAV")
    return path


def parse_fps(fps: str | float) -> Fraction:
    """``25``, ``23.976``, ``29.97``, ``24000/1001`` -> an exact rate (see media.timecode)."""
    try:
        rate = parse_rate(fps)
    except BadValue as exc:  # name the option the user typed
        raise BadValue("fps", fps, exc.valid) from None
    if rate > 240:
        raise BadValue("fps", fps, reason="must be between 0 and 240")
    return rate


def timecode(seconds: float, fps: Fraction) -> str:
    """Timecode of ``seconds`` at ``fps``: the project's one timecode routine
    (drop-frame ``HH:MM:SS;FF`` at 29.97/59.94, ``HH:MM:SS:FF`` elsewhere)."""
    return frames_to_timecode(int(Fraction(max(seconds, 0.0)) * fps), fps)


def db(x: float, floor: float = -150.0) -> float:
    """20·log10 of an amplitude, floored; rounded to 0.1 dB."""
    return round(max(20.0 * float(np.log10(max(x, 1e-30))), floor), 1)


def iter_blocks(
    st: StreamInfo,
    block: int,
    rate: int | None = None,
    af: str | None = None,
    raw_input: bool = False,
) -> Iterator[np.ndarray]:
    """Stream stream ``st`` as float32 blocks of ``block`` frames, shape (n, channels),
    optionally through the ffmpeg filter ``af`` and resampled to ``rate``; a decoding error
    raises :class:`BadFile` at the end. Stopping early ends the decoder quietly.
    ``raw_input``: ``st.path`` holds headerless float32 samples at ``st.rate``."""
    raw = ["-f", "f32le", "-ar", str(st.rate), "-ac", str(st.channels)] if raw_input else []
    cmd = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-v",
        "error",
        *raw,
        "-i",
        str(st.path),
        "-map",
        f"0:a:{st.index}",
    ]
    filters = [af] if af else []
    if rate and rate != st.rate:
        filters.append(f"aresample={rate}:resampler=soxr" if _has_soxr() else f"aresample={rate}")
    if filters:
        cmd += ["-af", ",".join(filters)]
    cmd += ["-f", "f32le", "-acodec", "pcm_f32le", "-"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    nbytes = block * st.channels * 4
    finished = False
    try:
        while True:
            buf = proc.stdout.read(nbytes)
            if not buf:
                break
            data = np.frombuffer(buf, dtype="<f4")
            yield data[: len(data) // st.channels * st.channels].reshape(-1, st.channels)
        finished = True
    finally:
        if not finished:
            proc.kill()
        proc.stdout.close()
        err = proc.stderr.read().decode("utf-8", "replace")
        proc.stderr.close()
        if proc.wait() != 0 and finished:
            raise BadFile(st.path, f"ffmpeg could not decode the audio ({err.strip()[-200:]})")
