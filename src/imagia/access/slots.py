"""Audio description slots: the gaps in dialogue a description can be spoken in.

Dialogue is where the voice activity detector (Silero, :mod:`imagia.speech.vad`) hears speech,
joined with the events of a subtitle file when one is given. A gap at least ``min_gap`` long,
shortened by ``margin_after`` (after a line) and ``margin_before`` (before the next), is a slot
when what is left is at least ``min_slot`` long. Each slot carries the shot changes inside it and
the number of words that fit at ``wpm`` words per minute.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue

# Speaking rates of audio description, words per minute (a describer sets their own).
DEFAULT_WPM = {"en": 160.0, "fr": 150.0}


@dataclass(frozen=True)
class SlotOptions:
    """``wpm``: speaking rate (None: :data:`DEFAULT_WPM` of ``lang``); margins in seconds."""

    lang: str = "en"
    wpm: float | None = None
    min_slot: float = 1.5
    margin_after: float = 0.3
    margin_before: float = 0.3
    vad_threshold: float = 0.5
    subtitles: Path | None = None
    shots: bool = True

    def rate(self) -> float:
        return self.wpm or DEFAULT_WPM.get(self.lang, 160.0)

    def check(self) -> None:
        if self.lang not in DEFAULT_WPM:
            raise BadValue("lang", self.lang, DEFAULT_WPM)
        if not 60 <= self.rate() <= 300:
            raise BadValue("wpm", self.rate(), reason="words per minute between 60 and 300")
        for name in ("min_slot", "margin_after", "margin_before"):
            value = getattr(self, name)
            if not 0 <= value <= 60:
                raise BadValue(name, value, reason="seconds between 0 and 60")


@dataclass
class Slot:
    n: int
    start: float
    end: float
    words: int  # words that fit at the chosen rate
    cuts: list[float] = field(default_factory=list)  # shot changes inside, seconds

    @property
    def duration(self) -> float:
        return round(self.end - self.start, 3)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "duration": self.duration}


@dataclass
class SlotReport:
    media: str
    duration: float
    lang: str
    wpm: float
    fps: Fraction | None
    dialogue: list[tuple[float, float]]
    slots: list[Slot]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "DescriptionSlots.1",
            "media": self.media,
            "duration": self.duration,
            "lang": self.lang,
            "wpm": self.wpm,
            "fps": str(self.fps) if self.fps else None,
            "dialogue": [[round(a, 3), round(b, 3)] for a, b in self.dialogue],
            "slots": [s.to_dict() for s in self.slots],
            "notes": self.notes,
        }


def words_that_fit(seconds: float, wpm: float) -> int:
    return max(int(seconds * wpm / 60.0 + 1e-9), 0)


def merge(spans: list[tuple[float, float]], join: float = 0.0) -> list[tuple[float, float]]:
    """Sorted, overlapping (or closer than ``join``) spans merged."""
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + join:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def gaps(
    dialogue: list[tuple[float, float]], duration: float, o: SlotOptions
) -> list[tuple[float, float]]:
    """The slots' ``(start, end)``: gaps between dialogue minus margins, long enough."""
    out = []
    edges = [(0.0, 0.0), *merge(dialogue), (duration, duration)]
    for (_, prev_end), (next_start, _) in itertools.pairwise(edges):
        start = prev_end + (o.margin_after if prev_end > 0 else 0.0)
        end = next_start - (o.margin_before if next_start < duration else 0.0)
        if end - start >= o.min_slot:
            out.append((round(start, 3), round(end, 3)))
    return out


def speech(
    path: Path, o: SlotOptions, progress: Callable[[float, str], None], total: float = 0.0
) -> Any:
    """Speech regions of the whole media, chunk by chunk (bounded memory); ``total``: its
    duration when known (for the progress)."""
    from imagia.speech.audio import chunks
    from imagia.speech.vad import VadOptions, speech_regions

    vad = VadOptions(threshold=o.vad_threshold, min_speech_ms=200, min_silence_ms=250, pad_ms=30)
    regions: list[tuple[float, float]] = []
    end = 0.0
    for offset, samples in chunks(path, seconds=300.0):
        regions += [(offset + a, offset + b) for a, b in speech_regions(samples, vad)]
        end = offset + len(samples) / 16000
        progress(0.1 + 0.6 * min(end / total, 1.0) if total else 0.5, "voice activity")
    return regions, (total or end)


def find(
    path: Path,
    options: SlotOptions | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> SlotReport:
    """The description slots of ``path`` (audio or video)."""
    from imagia.speech.audio import probe_audio

    o = options or SlotOptions()
    o.check()
    say = progress or (lambda f, m: None)
    say(0.05, "reading the media")
    info = probe_audio(path)
    regions, duration = speech(path, o, say, info.duration or 0.0)
    notes: list[str] = []
    dialogue = list(regions)
    if o.subtitles is not None:
        from imagia.speech.subtitles import formats

        sf = formats.load(o.subtitles)
        if not sf.events:
            raise BadFile(o.subtitles, "holds no subtitle events")
        dialogue += [(e.start / 1000, e.end / 1000) for e in sf.events]
        notes.append(f"dialogue from voice activity and {len(sf.events)} subtitle events")
    else:
        notes.append("dialogue from voice activity only (give subtitles to add their times)")
    dialogue = merge([(max(a, 0.0), min(b, duration)) for a, b in dialogue if b > a])
    wpm = o.rate()
    fps = info.videos[0].frame_rate if info.videos else None
    cuts: list[float] = []
    if info.videos and o.shots:
        from imagia.media.shots import cut_times

        say(0.75, "shot changes")
        cuts = cut_times(path, fps or Fraction(25))
    elif not info.videos:
        notes.append("audio only: no shot changes or thumbnails")
    slots = [
        Slot(n, a, b, words_that_fit(b - a, wpm), [c for c in cuts if a < c < b])
        for n, (a, b) in enumerate(gaps(dialogue, duration, o), 1)
    ]
    say(1.0, f"{len(slots)} slots")
    return SlotReport(str(path), round(duration, 3), o.lang, wpm, fps, dialogue, slots, notes)
