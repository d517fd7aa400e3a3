"""What transcription produces: words with times, segments, the language; JSON, TXT, SRT."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile
from imagia.core.textfile import load_json
from imagia.speech.subtitles.model import Event, SubtitleFile
from imagia.speech.subtitles.segment import TimedWord

SCHEMA = "Transcript.1"


@dataclass
class Word:
    text: str
    start: float
    end: float
    probability: float = 1.0


@dataclass
class Segment:
    id: int
    start: float
    end: float
    text: str
    words: list[Word] = field(default_factory=list)
    avg_logprob: float | None = None
    no_speech_prob: float | None = None


@dataclass
class Transcript:
    media: str
    language: str
    language_probability: float
    duration: float
    segments: list[Segment] = field(default_factory=list)
    model: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    schema: str = SCHEMA

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments).strip()

    def words(self) -> list[TimedWord]:
        """Words with times. Whisper marks a new word by a leading space; a piece without one
        (French elision "d" + "'habitants", "l" + "'eau") is glued to the word before."""
        out: list[TimedWord] = []
        for s in self.segments:
            for w in s.words:
                text = w.text.strip()
                if not text:
                    continue
                if (
                    out
                    and not w.text[:1].isspace()
                    and (text[:1] in "'’-" or out[-1].text[-1:] in "'’-")
                ):
                    prev = out[-1]
                    out[-1] = TimedWord(prev.text + text, prev.start, max(prev.end, w.end))
                else:
                    out.append(TimedWord(text, w.start, w.end))
        return out

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        segs = [
            Segment(**{**s, "words": [Word(**w) for w in s.get("words", [])]})
            for s in data.get("segments", [])
        ]
        # only the transcript's own fields: a file written by a job also carries its
        # "provenance" record (and a later version may add keys)
        known = {f.name for f in fields(cls)} - {"segments"}
        return cls(**{k: v for k, v in data.items() if k in known}, segments=segs)

    @classmethod
    def load(cls, path: Path) -> Transcript:
        try:
            data = load_json(path)  # any encoding, nesting or number problem: a BadFile
            if not isinstance(data, dict):
                raise BadFile(path, "not a transcript (a JSON object is expected)")
            if data.get("schema") != SCHEMA:
                raise BadFile(path, f"not a {SCHEMA} file (schema {data.get('schema')!r})")
            return cls.from_dict(data)
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            raise BadFile(path, f"cannot read transcript ({exc})") from None

    def to_txt(self) -> str:
        return "\n".join(s.text.strip() for s in self.segments) + "\n"

    def to_subtitles(self) -> SubtitleFile:
        """Whisper's own segments as subtitle events (no profile applied)."""
        return SubtitleFile(
            [
                Event(round(s.start * 1000), round(s.end * 1000), s.text.strip())
                for s in self.segments
            ],
            language=self.language,
        )
