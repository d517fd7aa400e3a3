"""The subtitle model. Times are integer milliseconds inside (the pysubs2 way); profile rules
that speak in frames convert with the file's frame rate (:mod:`imagia.media.timecode`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any


@dataclass
class Event:
    """One subtitle on screen: ``text`` holds its lines joined by ``\\n``."""

    start: int
    end: int
    text: str
    speaker: str | None = None
    style: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def duration(self) -> int:
        return self.end - self.start

    @property
    def chars(self) -> int:
        """Characters counted for reading speed: spaces and punctuation included, line
        breaks not (Netflix's convention)."""
        return len(self.text.replace("\n", ""))

    def cps(self) -> float:
        return self.chars / (self.duration / 1000) if self.duration > 0 else float("inf")

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if self.speaker:
            d["speaker"] = self.speaker
        return d


@dataclass
class SubtitleFile:
    events: list[Event] = field(default_factory=list)
    language: str | None = None
    rate: Fraction | None = None  # frame rate of the media, when known (STL and TTML carry it)
    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def sort(self) -> None:
        self.events.sort(key=lambda e: (e.start, e.end))

    def copy(self) -> SubtitleFile:
        return SubtitleFile(
            [Event(e.start, e.end, e.text, e.speaker, e.style, dict(e.meta)) for e in self.events],
            self.language,
            self.rate,
            self.title,
            dict(self.meta),
        )
