"""What speaker labelling produces: turns, speakers and the whole result (``Speakers.1``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

GENDERS = ("female", "male", "other", "unknown")


@dataclass(frozen=True)
class SpeakerTurn:
    """``speaker`` speaks from ``start`` to ``end`` (seconds); ``confidence`` in [0, 1] is how
    clearly this stretch's voice matches its speaker rather than the next closest one."""

    start: float
    end: float
    speaker: str
    confidence: float

    @property
    def duration(self) -> float:
        return self.end - self.start

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "speaker": self.speaker,
            "confidence": round(self.confidence, 3),
        }


@dataclass
class Speaker:
    """One voice found: its time, a sample to listen to, its pitch register, and what the
    person said about it (name, gender, confirmed). Gender is only ever the person's answer."""

    id: str
    seconds: float = 0.0
    share: float = 0.0
    turns: int = 0
    sample: tuple[float, float] = (0.0, 0.0)
    f0_median: float | None = None
    register: str = "unknown"
    register_confidence: float = 0.0
    name: str = ""
    gender: str = "unknown"
    confirmed: bool = False

    @property
    def label(self) -> str:
        return self.name or self.id

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["seconds"] = round(self.seconds, 2)
        d["share"] = round(self.share, 4)
        d["sample"] = [round(x, 3) for x in self.sample]
        d["label"] = self.label
        return d


@dataclass
class SpeakerResult:
    media: str
    duration: float
    turns: list[SpeakerTurn] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    uncertain: list[tuple[float, float]] = field(default_factory=list)
    speech_seconds: float = 0.0
    options: dict[str, Any] = field(default_factory=dict)
    model: Any = None  # the encoder's imagia.core.models.Found

    def speaker(self, sid: str) -> Speaker:
        for s in self.speakers:
            if s.id == sid:
                return s
        raise KeyError(sid)

    def by_gender(self) -> dict[str, float]:
        """Seconds of speech per confirmed gender; speakers not confirmed are counted under
        ``unconfirmed``, never guessed."""
        out = {g: 0.0 for g in GENDERS if g != "unknown"} | {"unconfirmed": 0.0}
        for s in self.speakers:
            key = s.gender if s.confirmed and s.gender != "unknown" else "unconfirmed"
            out[key] = round(out[key] + s.seconds, 2)
        return out

    def names(self) -> dict[str, str]:
        return {s.id: s.name for s in self.speakers if s.name}

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "Speakers.1",
            "media": self.media,
            "duration": round(self.duration, 3),
            "speech_seconds": round(self.speech_seconds, 2),
            "speakers": [s.to_dict() for s in self.speakers],
            "turns": [t.to_dict() for t in self.turns],
            "by_gender": self.by_gender(),
            "uncertain": [[round(a, 3), round(b, 3)] for a, b in self.uncertain],
            "options": self.options,
            "method": "Silero voice activity; GE2E speaker embeddings (resemblyzer's weights) "
            "on sliding windows; agglomerative clustering (average linkage, cosine distance); "
            "one speaker per instant (overlapped speech goes to the closest voice, listed "
            "under 'uncertain' when two voices match nearly as well); gender only from the "
            "person's answers",
        }
