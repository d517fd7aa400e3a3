"""RTTM, the diarization exchange format of NIST's Rich Transcription evaluations (and of
pyannote, dscore, DIHARD): one line per speaker turn,
``SPEAKER <file> <channel> <start> <duration> <NA> <NA> <speaker> <NA> <NA>``, times in seconds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from pathlib import Path

from imagia.core.errors import BadFile
from imagia.core.textfile import read_text
from imagia.speech.speakers.model import SpeakerTurn

_SAFE = re.compile(r"\s+")
# RTTM's other line types (segments, lexemes...): read past, they carry no speaker turn
_OTHER = {"SEGMENT", "NOSCORE", "NO_RT_METADATA", "LEXEME", "NON-LEX", "NON-SPEECH", "FILLER"}
_OTHER |= {"SPKR-INFO", "SU", "IP", "CB", "A/P", "EDIT", "NON-SPEECH"}


def token(name: str) -> str:
    """A name as one RTTM field (white space becomes ``_``)."""
    return _SAFE.sub("_", name.strip()) or "unknown"


def to_string(
    turns: Iterable[SpeakerTurn], file_id: str, names: dict[str, str] | None = None
) -> str:
    """RTTM text for ``turns`` of the recording ``file_id``; ``names`` maps a speaker id to the
    name written in its place."""
    names = names or {}
    lines = [
        f"SPEAKER {token(file_id)} 1 {t.start:.3f} {t.end - t.start:.3f} <NA> <NA> "
        f"{token(names.get(t.speaker, t.speaker))} <NA> <NA>"
        for t in turns
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def _number(path: Path, n: int, field: str, value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise BadFile(path, f"line {n}: {field} {value[:30]!r} is not a number") from None
    if not math.isfinite(x) or x < 0:
        raise BadFile(path, f"line {n}: {field} {value[:30]!r} must be a time >= 0 s")
    return x


def read(path: Path | str) -> dict[str, list[SpeakerTurn]]:
    """The speaker turns of an RTTM file, by recording id, sorted by start time.

    Comment lines (``;;`` or ``#``) and other RTTM line types are read past; a SPEAKER line
    with too few fields, a time that is not a number >= 0, or a file with no SPEAKER line at
    all is a :class:`BadFile` naming the file and the line."""
    p = Path(path)
    text = read_text(p)
    out: dict[str, list[SpeakerTurn]] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith((";;", "#")):
            continue
        f = line.split()
        if f[0] != "SPEAKER":
            if f[0] in _OTHER:
                continue
            raise BadFile(p, f"line {n}: {f[0][:30]!r} is not an RTTM line type (SPEAKER...)")
        if len(f) < 8:
            raise BadFile(p, f"line {n}: a SPEAKER line needs at least 8 fields, found {len(f)}")
        start = _number(p, n, "start", f[3])
        dur = _number(p, n, "duration", f[4])
        out.setdefault(f[1], []).append(SpeakerTurn(start, start + dur, f[7], 1.0))
    if not out:
        raise BadFile(p, "no SPEAKER line: not an RTTM file")
    for turns in out.values():
        turns.sort(key=lambda t: (t.start, t.end))
    return out
