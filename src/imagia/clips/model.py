"""The rights register as dataclasses, what a rights check takes and returns, and the
register back as a plain tree (what ``register.yaml`` holds).

Times in the register are exact (frames at the title's rate, converted once by
:mod:`imagia.media.timecode`); a moment's times are seconds in its asset.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from pathlib import PurePath
from typing import Any

from imagia.media.timecode import frames_to_timecode

SCHEMA = "RightsRegister.1"
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")


@dataclass(frozen=True)
class Span:
    """A time range of a title in frames ``[start, end)`` at ``rate``."""

    start: int
    end: int
    rate: Fraction

    @property
    def seconds(self) -> tuple[float, float]:
        return float(self.start / self.rate), float(self.end / self.rate)

    def overlaps(self, start: float, end: float | None) -> bool:
        """Whether the span shares time with ``[start, end)`` seconds (``None``: the end)."""
        s, e = self.seconds
        return s < (end if end is not None else float("inf")) and e > start

    def label(self) -> str:
        tc_in = frames_to_timecode(self.start, self.rate)
        return f"{tc_in}-{frames_to_timecode(self.end, self.rate)}"


@dataclass(frozen=True)
class Holdback:
    """No exploitation on ``channels`` in ``territories`` before ``until``."""

    channels: tuple[str, ...]
    territories: tuple[str, ...]
    until: date


@dataclass(frozen=True)
class Grant:
    """Rights granted: where, on which channels, when, and how long a clip may be."""

    id: str
    territories: tuple[str, ...]
    channels: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    max_seconds: float | None = None  # any channel of the grant
    formats: dict[str, float] = field(default_factory=dict)  # channel -> max clip seconds
    holdbacks: tuple[Holdback, ...] = ()

    def max_for(self, channel: str) -> float | None:
        return self.formats.get(channel, self.max_seconds)


@dataclass(frozen=True)
class MusicCue:
    """Third-party music playing over ``span``, cleared only for ``cleared`` channels."""

    name: str
    span: Span
    cleared: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonRestriction:
    """A person whose image may not be shown on ``channels``."""

    name: str
    channels: tuple[str, ...]


@dataclass(frozen=True)
class ArchiveRange:
    """Archive footage over ``span``, cleared only for ``cleared`` channels."""

    name: str
    span: Span
    cleared: tuple[str, ...] = ()


@dataclass(frozen=True)
class TitleRights:
    """The rights of one title, matched to indexed assets by ``match``: a file name, a
    SHA-256 or a glob on the path."""

    title: str
    match: str
    fps: Fraction = Fraction(25)
    grants: tuple[Grant, ...] = ()
    music: tuple[MusicCue, ...] = ()
    people: tuple[PersonRestriction, ...] = ()
    archive: tuple[ArchiveRange, ...] = ()

    @property
    def match_kind(self) -> str:
        if _SHA256.match(self.match):
            return "sha256"
        if any(c in self.match for c in "*?[") or "/" in self.match:
            return "glob"
        return "file"

    def matches(self, name: str, path: str, sha256: str | None) -> bool:
        kind = self.match_kind
        if kind == "sha256":
            return sha256 is not None and sha256.lower() == self.match.lower()
        if kind == "file":
            return name == self.match or PurePath(path).name == self.match
        posix = PurePath(path).as_posix()
        return (
            fnmatch.fnmatchcase(posix, self.match)
            or fnmatch.fnmatchcase(posix, f"*/{self.match.lstrip('/')}")
            or fnmatch.fnmatchcase(name, self.match)
        )


_RANK = {"sha256": 0, "file": 1, "glob": 2}


@dataclass
class RightsRegister:
    titles: list[TitleRights] = field(default_factory=list)
    imported: list[dict[str, Any]] = field(default_factory=list)  # files it came from

    def match(self, name: str, path: str = "", sha256: str | None = None) -> TitleRights | None:
        """The title of an asset; a SHA-256 match beats a file name, which beats a glob."""
        found = [t for t in self.titles if t.matches(name, path or name, sha256)]
        return min(found, key=lambda t: _RANK[t.match_kind]) if found else None

    def find(self, title: str) -> TitleRights | None:
        """A title by its name (case-insensitive) or by its ``match`` value."""
        key = title.casefold()
        return next(
            (t for t in self.titles if key in (t.title.casefold(), t.match.casefold())), None
        )


@dataclass(frozen=True)
class Moment:
    """A stretch of an asset (seconds); ``end`` None means up to the end of the asset."""

    asset: str
    path: str
    start: float
    end: float | None
    fps: Fraction = Fraction(25)
    sha256: str | None = None
    text: str = ""
    words: tuple[tuple[str, float, float], ...] = ()
    people: tuple[str, ...] = ()
    language: str | None = None
    asset_duration: float | None = None

    @property
    def duration(self) -> float | None:
        return None if self.end is None else self.end - self.start


@dataclass(frozen=True)
class Use:
    """An intended exploitation: where, on which channel, when, and (optionally) how long."""

    territory: str
    channel: str
    on: date
    duration: float | None = None


@dataclass(frozen=True)
class Reason:
    """Why a use is refused, in English and French."""

    code: str  # no-title, no-grant, channel, territory, window, holdback, duration, music...
    en: str
    fr: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "en": self.en, "fr": self.fr}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    title: str | None
    grant: Grant | None
    reasons: tuple[Reason, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "allowed": self.allowed,
            "title": self.title,
            "grant": grant_tree(self.grant) if self.grant else None,
            "reasons": [r.to_dict() for r in self.reasons],
        }


# -- back to a tree (what register.yaml holds) ---------------------------------------------------
def _tc(frames: int, rate: Fraction) -> str:
    return frames_to_timecode(frames, rate)


def grant_tree(g: Grant) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": g.id,
        "territories": list(g.territories),
        "channels": list(g.channels),
    }
    if g.exclude:
        d["exclude"] = list(g.exclude)
    if g.start:
        d["start"] = g.start.isoformat()
    if g.end:
        d["end"] = g.end.isoformat()
    if g.max_seconds is not None:
        d["max_seconds"] = g.max_seconds
    if g.formats:
        d["formats"] = dict(g.formats)
    if g.holdbacks:
        d["holdbacks"] = [
            {
                "channels": list(h.channels),
                "territories": list(h.territories),
                "until": h.until.isoformat(),
            }
            for h in g.holdbacks
        ]
    return d


def _span_tree(s: Span) -> dict[str, str]:
    return {"start": _tc(s.start, s.rate), "end": _tc(s.end, s.rate)}


def title_tree(t: TitleRights) -> dict[str, Any]:
    d: dict[str, Any] = {
        "title": t.title,
        "match": t.match,
        "fps": str(t.fps),
        "grants": [grant_tree(g) for g in t.grants],
    }
    if t.music:
        d["music"] = [
            {"name": m.name, **_span_tree(m.span), "cleared": list(m.cleared)} for m in t.music
        ]
    if t.people:
        d["people"] = [{"name": p.name, "channels": list(p.channels)} for p in t.people]
    if t.archive:
        d["archive"] = [
            {"name": a.name, **_span_tree(a.span), "cleared": list(a.cleared)} for a in t.archive
        ]
    return d


def to_tree(reg: RightsRegister) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "titles": [title_tree(t) for t in reg.titles],
        "imported": reg.imported,
    }
