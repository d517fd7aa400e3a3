"""Voice and mix of an audio description script.

Each description is spoken with a TTS voice (:mod:`imagia.speech.tts`) at the script's rate; one
longer than its slot is sped up (ffmpeg ``atempo``) up to ``max_speedup`` and flagged, and left
out when even that does not fit: a description never goes over dialogue. The programme is ducked
under each description by ``duck_db`` with linear-in-dB ramps; the AD mix and the
description-only stem are then normalised to the delivery spec (:mod:`imagia.post.normalise`).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from imagia.access.script import ADScript
from imagia.core.errors import BadFile, BadValue
from imagia.speech import tts

RATE = tts.RATE


@dataclass(frozen=True)
class MixOptions:
    """``duck_db``: how far the programme goes down under a description (dB, positive);
    ``attack``/``release``: ramp lengths (s) before and after; ``max_speedup``: the most a
    description is sped up to fit (1.15 = +15 %); ``level_lu``: the description's loudness
    against the programme's before delivery normalisation; ``spec``: delivery loudness."""

    voice: str = "en"
    wpm: float | None = None
    duck_db: float = 12.0
    attack: float = 0.25
    release: float = 0.5
    max_speedup: float = 1.15
    level_lu: float = 0.0
    spec: str = "ebu-r128"

    def check(self) -> None:
        if not 0 <= self.duck_db <= 40:
            raise BadValue("duck_db", self.duck_db, reason="dB between 0 and 40")
        for name in ("attack", "release"):
            if not 0 <= getattr(self, name) <= 5:
                raise BadValue(name, getattr(self, name), reason="seconds between 0 and 5")
        if not 1.0 <= self.max_speedup <= 1.5:
            raise BadValue("max_speedup", self.max_speedup, reason="between 1.0 and 1.5")
        if not -20 <= self.level_lu <= 20:
            raise BadValue("level_lu", self.level_lu, reason="LU between -20 and 20")


@dataclass
class Placed:
    """What became of one script line: ``status`` is ``fits``, ``sped_up``, ``too_long``
    (left out of the mix) or ``empty`` (no text yet)."""

    n: int
    slot_start: float
    slot_end: float
    words: int
    words_fit: int
    status: str
    spoken: float = 0.0  # seconds at the asked rate
    tempo: float = 1.0
    start: float | None = None
    end: float | None = None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MixResult:
    """What :func:`mix` did; the audio itself is in the files it wrote."""

    lines: list[Placed]
    voice: tts.Voice
    wpm: float
    channels: int
    samples: int
    clips: list[tuple[int, Any]] = field(default_factory=list, repr=False)  # (start, audio)
    notes: list[str] = field(default_factory=list)

    def placed(self) -> list[Placed]:
        return [p for p in self.lines if p.start is not None]

    def summary(self) -> dict[str, Any]:
        said = [p for p in self.lines if p.status != "empty"]
        return {
            "lines": len(self.lines),
            "with_text": len(said),
            "fit": sum(p.status == "fits" for p in said),
            "sped_up": sum(p.status == "sped_up" for p in said),
            "too_long": sum(p.status == "too_long" for p in said),
            "fit_share": round(sum(p.status != "too_long" for p in said) / len(said), 3)
            if said
            else None,
        }


def stretch(x: Any, tempo: float) -> Any:
    """``x`` (mono float32 at RATE) played ``tempo`` times faster, pitch kept (ffmpeg atempo)."""
    import numpy as np

    from imagia.media.probe import ffmpeg_exe

    fmt = ["-f", "f32le", "-ar", str(RATE), "-ac", "1"]
    proc = subprocess.run(
        [ffmpeg_exe(), "-v", "error", *fmt, "-i", "-", "-af", f"atempo={tempo:.5f}", *fmt, "-"],
        input=np.asarray(x, "<f4").tobytes(),
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        raise BadValue("tempo", tempo, reason=proc.stderr.decode("utf-8", "replace")[-200:])
    return np.frombuffer(proc.stdout, dtype="<f4").astype(np.float32)


def duck_gain(start: int, n: int, spans: list[tuple[float, float]], o: MixOptions) -> Any:
    """Gain (linear) of samples ``start`` to ``start + n``: 0 dB, down ``duck_db`` over each
    span with ramps linear in dB (``attack`` before, ``release`` after)."""
    import numpy as np

    depth = np.zeros(n, np.float64)
    t0, t1 = start / RATE, (start + n) / RATE
    for a, b in spans:
        lo, hi = a - o.attack, b + o.release
        if hi <= t0 or lo >= t1:
            continue
        i0, i1 = max(int((lo - t0) * RATE), 0), min(int((hi - t0) * RATE) + 1, n)
        t = (start + np.arange(i0, i1)) / RATE
        down = np.clip((t - lo) / o.attack, 0, 1) if o.attack > 0 else (t >= a).astype(float)
        up = np.clip(1 - (t - b) / o.release, 0, 1) if o.release > 0 else (t <= b).astype(float)
        depth[i0:i1] = np.maximum(depth[i0:i1], np.minimum(down, up))
    return (10 ** (-o.duck_db * depth / 20)).astype(np.float32)


def stem_block(clips: list[tuple[int, Any]], start: int, n: int) -> Any:
    """The descriptions between samples ``start`` and ``start + n`` (mono)."""
    import numpy as np

    out = np.zeros(n, np.float32)
    for at, audio in clips:
        lo, hi = max(at, start), min(at + len(audio), start + n)
        if lo < hi:
            out[lo - start : hi - start] += audio[lo - at : hi - at]
    return out


def _loudness(x: Any) -> float | None:
    """Integrated loudness (LUFS, ffmpeg's ebur128) of mono float audio at RATE, or of a
    media file's first audio stream (streamed by ffmpeg); None under the -70 LUFS gate."""
    import numpy as np

    from imagia.media.probe import ffmpeg_exe

    if isinstance(x, Path):
        src, data = ["-i", str(x), "-map", "0:a:0"], None
    else:
        src, data = ["-f", "f32le", "-ar", str(RATE), "-ac", "1", "-i", "-"], x
    proc = subprocess.run(
        [ffmpeg_exe(), "-nostats", "-hide_banner", *src, "-af", "ebur128", "-f", "null", "-"],
        input=None if data is None else np.asarray(data, "<f4").tobytes(),
        capture_output=True,
        check=False,
    )
    text = proc.stderr.decode("utf-8", "replace")
    summary = text[text.rfind("Summary:") :]
    for line in summary.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "I:" and parts[2] == "LUFS":
            try:
                value = float(parts[1])
            except ValueError:
                return None
            return value if value > -70 else None
    return None


def speak(
    script: ADScript,
    o: MixOptions,
    progress: Callable[[float, str], None] | None = None,
) -> tuple[list[Placed], list[tuple[int, Any]], tts.Voice, float]:
    """Speak and fit every line: ``(placements, [(start sample, audio)], voice, wpm)``."""
    say = progress or (lambda f, m: None)
    voice = tts.pick(o.voice)
    wpm = o.wpm or script.wpm
    lines: list[Placed] = []
    clips: list[tuple[int, Any]] = []
    for k, ln in enumerate(script.lines):
        say(0.05 + 0.5 * k / max(len(script.lines), 1), f"speaking line {ln.n}")
        slot = ln.end - ln.start
        words = tts.count_words(ln.text) if ln.text.strip() else 0
        p = Placed(ln.n, ln.start, ln.end, words, ln.words_fit, "empty", text=ln.text)
        lines.append(p)
        if not words:
            continue
        speech = tts.say(ln.text, voice, wpm)
        audio = speech.audio
        p.spoken = round(speech.seconds, 3)
        if speech.seconds <= slot:
            p.status = "fits"
        elif speech.seconds / slot <= o.max_speedup:
            p.tempo = round(speech.seconds / slot * 1.002, 4)
            audio = stretch(audio, p.tempo)[: int(slot * RATE)]
            p.status = "sped_up"
        else:
            p.tempo = round(speech.seconds / slot, 3)
            p.status = "too_long"
            continue
        start = round(ln.start * RATE)
        p.start = round(start / RATE, 3)
        p.end = round((start + len(audio)) / RATE, 3)
        clips.append((start, audio))
    return lines, clips, voice, wpm


BLOCK = 1 << 18  # samples per block (about 5.5 s at 48 kHz): memory stays bounded


def mix(
    media: Path,
    script: ADScript,
    mix_path: Path,
    stem_path: Path,
    o: MixOptions | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> MixResult:
    """Write the AD mix of ``media`` (its channels) and the description stem (mono) as 48 kHz
    float WAVs, block by block, before delivery normalisation."""
    import numpy as np
    import soundfile as sf

    from imagia.post.audio import iter_blocks, stream_info

    o = o or MixOptions()
    o.check()
    say = progress or (lambda f, m: None)
    lines, clips, voice, wpm = speak(script, o, say)
    st = stream_info(media)
    notes: list[str] = []
    gain = 1.0
    if clips:
        say(0.55, "loudness of the programme")
        prog_l = _loudness(media)
        desc_l = _loudness(np.concatenate([a for _, a in clips]))
        if prog_l is not None and desc_l is not None:
            gain = 10 ** ((prog_l + o.level_lu - desc_l) / 20)
        else:
            notes.append("programme too quiet to measure: descriptions left at the voice's level")
        clips = [(at, (a * gain).astype(np.float32)) for at, a in clips]
    else:
        notes.append("no description placed: the mix is the programme")
    spans = [(p.start or 0.0, p.end or 0.0) for p in lines if p.start is not None]
    # 5.1: the description goes to the centre channel; otherwise to every channel
    targets = [2] if st.channels == 6 else list(range(st.channels))
    pos = 0
    total = max(int(st.duration * RATE), 1)
    with (
        sf.SoundFile(str(mix_path), "w", RATE, st.channels, "FLOAT", format="WAV") as fm,
        sf.SoundFile(str(stem_path), "w", RATE, 1, "FLOAT", format="WAV") as fs,
    ):
        for block in iter_blocks(st, BLOCK, rate=RATE):
            n = len(block)
            stem = stem_block(clips, pos, n)
            out = block * duck_gain(pos, n, spans, o)[:, None]
            out[:, targets] += stem[:, None]
            fm.write(out)
            fs.write(stem)
            pos += n
            say(0.6 + 0.1 * min(pos / total, 1.0), "mixing")
    if not pos:
        raise BadFile(media, "holds no audio samples (zero-length audio)")
    late = [
        p.n
        for (at, _), p in zip(clips, [q for q in lines if q.start is not None], strict=True)
        if at >= pos
    ]
    if late:
        raise BadFile(media, f"script line {late[0]} starts after the end of the programme")
    return MixResult(lines, voice, wpm, st.channels, pos, clips, notes)


def overlap(
    clips: list[tuple[int, Any]], dialogue: list[tuple[float, float]], floor_db: float = -60.0
) -> float:
    """Seconds of description audio (10 ms frames above ``floor_db`` dBFS) inside dialogue."""
    import numpy as np

    hop = RATE // 100
    total = 0
    for at, audio in clips:
        frames = len(audio) // hop
        if not frames:
            continue
        rms = np.sqrt((audio[: frames * hop].reshape(frames, hop) ** 2).mean(axis=1))
        t = (at + np.arange(frames) * hop) / RATE
        inside = np.zeros(frames, bool)
        for a, b in dialogue:
            inside |= (t >= a) & (t < b)
        total += int((inside & (rms > 10 ** (floor_db / 20))).sum())
    return round(total * hop / RATE, 3)
