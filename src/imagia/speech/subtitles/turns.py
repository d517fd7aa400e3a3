"""Speech turns and onsets from the audio, for the subtitle builder.

No diarization model ships with imagia, so speaker changes are told the classic way: the words
are cut into utterances at sentence ends followed by a pause (or at long pauses), and the
median pitch (YIN, :mod:`imagia.speech.voice`) of each utterance is compared with the voices
heard so far; a jump of :data:`CHANGE_SEMITONES` or more is another speaker. It tells voices of
different registers apart (a man and a woman, two men a few semitones apart), not two voices
of the same pitch: those stay one "speaker" and are split only by pauses.

A word that starts in silence gets its start put on the speech's energy edge: Whisper often
starts a word after a pause a few hundred ms early, inside the silence or the previous line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

SR = 16000
CHANGE_SEMITONES = 2.5  # median pitch jump that makes another speaker
SAME_SEMITONES = 1.5  # within this of a known voice: that voice again
TURN_PAUSE = 0.15  # seconds after a sentence end that may start another speaker's turn
LONG_PAUSE = 0.5  # seconds of silence that end an utterance even without punctuation
HOP = 0.01  # energy window, seconds
EDGE_DB = 12.0  # speech is this many dB over the quiet floor
LOOK_BACK = 0.5  # seconds a late first word may move back onto the rise of its sound
SILENT_HEAD = 0.25  # a word after no pause moves only when it starts with this much silence
_ENDS = (".", "!", "?", "…")


def utterances(words: Sequence[Any]) -> list[tuple[int, int]]:
    """``(i, j)`` word spans (``j`` exclusive) cut at sentence ends with a pause, and at long
    pauses."""
    out, i = [], 0
    for k in range(len(words) - 1):
        gap = words[k + 1].start - words[k].end
        if (words[k].text.strip().endswith(_ENDS) and gap >= TURN_PAUSE) or gap >= LONG_PAUSE:
            out.append((i, k + 1))
            i = k + 1
    if words:
        out.append((i, len(words)))
    return out


def _energy_db(audio: Any) -> Any:
    import numpy as np

    hop = round(HOP * SR)
    n = len(audio) // hop
    x = np.asarray(audio[: n * hop], dtype=np.float64).reshape(n, hop)
    return 10 * np.log10(np.mean(x * x, axis=1) + 1e-12)


def onset_edge(db: Any, start: float, end: float, floor: float) -> float:
    """The first 10 ms window from ``start`` (up to the word's ``end``) whose energy stands
    :data:`EDGE_DB` over ``floor``: where the word's sound begins."""
    a = max(0, int(start / HOP))
    b = min(len(db), max(a + 1, int(end / HOP)))
    for k in range(a, b):
        if db[k] >= floor + EDGE_DB:
            return k * HOP
    return start


def _median_pitch(audio: Any, a: float, b: float) -> float | None:
    import numpy as np

    from imagia.speech.voice import yin

    f0 = yin(audio[int(a * SR) : int(b * SR)], SR)
    voiced = f0[np.isfinite(f0)] if len(f0) else f0
    return float(np.median(voiced)) if len(voiced) >= 5 else None


def edges(words: Sequence[Any], audio: Any) -> list[Any]:
    """Word starts put on the audio: the first word after a pause starts on the speech onset
    next to it (the last rise before it when its sound is already under way, Whisper having
    started it late; else the first rise after it, Whisper having started it in the silence);
    any other word whose head holds :data:`SILENT_HEAD` s of silence starts where sound does."""
    import numpy as np

    out = list(words)
    if not out or len(audio) == 0:
        return out
    db = _energy_db(audio)
    floor = float(np.percentile(db, 10))
    rises = speech_onsets(audio)
    for k, w in enumerate(out):
        lo = out[k - 1].end + 0.05 if k else 0.0
        hi = min(w.end - 0.04, w.start + 1.5)
        if k == 0 or w.start - out[k - 1].end >= TURN_PAUSE:
            at = min(len(db) - 1, int(w.start / HOP))
            sounding = at >= 0 and db[at] >= floor + EDGE_DB
            before = [r for r in rises if max(lo, w.start - LOOK_BACK) <= r <= w.start]
            after = [r for r in rises if w.start < r <= hi]
            pick = before[-1] if sounding and before else (after[0] if after else None)
            if pick is not None and abs(pick - w.start) >= 0.02:
                out[k] = replace(w, start=round(pick, 3))
            continue
        edge = onset_edge(db, w.start, hi, floor)
        if edge - w.start >= SILENT_HEAD:
            out[k] = replace(w, start=round(edge, 3))
    return out


def speakers(words: Sequence[Any], audio: Any) -> list[Any]:
    """Where the words carry no speaker: ``S1``, ``S2``... told by pitch register."""
    out = list(words)
    if not out or len(audio) == 0 or any(w.speaker for w in out):
        return out
    voices: list[float] = []  # median pitch of each speaker found
    current = 0
    for i, j in utterances(out):
        f = _median_pitch(audio, out[i].start, out[j - 1].end)
        if f is not None:
            if not voices:
                voices.append(f)
            elif abs(12 * math.log2(f / voices[current])) >= CHANGE_SEMITONES:
                near = min(range(len(voices)), key=lambda v: abs(math.log2(f / voices[v])))
                if abs(12 * math.log2(f / voices[near])) <= SAME_SEMITONES:
                    current = near
                else:
                    voices.append(f)
                    current = len(voices) - 1
        for k in range(i, j):
            out[k] = replace(out[k], speaker=f"S{current + 1}")
    return out


def speech_onsets(audio: Any) -> list[float]:
    """Seconds where speech (energy :data:`EDGE_DB` over the quiet floor) begins after at least
    :data:`TURN_PAUSE` s under it: what an in-cue should sit on."""
    import numpy as np

    if len(audio) == 0:
        return []
    db = _energy_db(audio)
    loud = db >= float(np.percentile(db, 10)) + EDGE_DB
    quiet = round(TURN_PAUSE / HOP)
    out, run = [], quiet
    for k, on in enumerate(loud):
        if on and run >= quiet:
            out.append(round(k * HOP, 3))
        run = 0 if on else run + 1
    return out
