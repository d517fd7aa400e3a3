"""Sound classes for the index: YAMNet labels merged into spans (speech, silence, tone...)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from imagia.index.analysis import IngestOptions, analyse
from imagia.index.sounds import LABEL_IDS, LABELS, spans
from imagia.index.store import SoundSpan
from imagia.speech.sounds import PATCH_SAMPLES, SAMPLE_RATE

WINDOW = PATCH_SAMPLES / SAMPLE_RATE  # what one YAMNet patch hears: 0.98 s


def _speech_silence_tone(tmp: Path) -> tuple[Path, float]:
    """espeak-ng English speech, 3 s of digital silence, then 4 s of a C major chord of sines
    (which YAMNet hears as a dial/busy tone, not music). Returns the file and the speech
    length."""
    speech = tmp / "speech.wav"
    subprocess.run(
        [
            "espeak-ng",
            "-v",
            "en",
            "-w",
            str(speech),
            "Hello, this is a test of the sound classes. The car is parked outside "
            "the house and the weather is fine today.",
        ],
        check=True,
    )
    said = float(
        subprocess.run(
            [
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "format=duration",
                "-of",
                "csv=p=0",
                str(speech),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    out = tmp / "mix.wav"
    chord = "+".join(f"0.2*sin(2*PI*{f}*t)" for f in (261.63, 329.63, 392.0))
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-i",
            str(speech),
            "-f",
            "lavfi",
            "-t",
            "3",
            "-i",
            "anullsrc=r=22050:cl=mono",
            "-f",
            "lavfi",
            "-t",
            "4",
            "-i",
            f"aevalsrc={chord}:s=22050",
            "-filter_complex",
            "[0:a][1:a][2:a]concat=n=3:v=0:a=1",
            "-ar",
            "16000",
            str(out),
        ],
        check=True,
    )
    return out, said


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_speech_silence_and_tone_spans(tmp_path: Path) -> None:
    media, said = _speech_silence_tone(tmp_path)
    work = analyse(media, "d" * 64, tmp_path, tmp_path, IngestOptions(steps=("sounds",)))
    # Tolerances from YAMNet's framing, not from one machine's scores: each patch hears
    # WINDOW s (0.98) every PATCH_HOP_S (0.48), so the patches whose window straddles a change
    # of sound may vote either way: a boundary lands within one window of the signal's. Likewise
    # a pause the model hears in at most two patches (a gap under one window: between two
    # words, a weaker moment of the chord) may split a label's span on another build of
    # onnxruntime or espeak-ng; such pieces are one span here. The segments themselves are
    # seconds long (speech ~6 s, silence 3 s, tone 4 s), so a wrong label, a missed segment or a
    # boundary off by more than a window still fails.
    by: dict[str, list[SoundSpan]] = {}
    for s in work.findings.sounds:
        runs = by.setdefault(s.label, [])
        if runs and s.start - runs[-1].end < WINDOW:
            a = runs[-1]
            w1, w2 = a.end - a.start, s.end - s.start
            runs[-1] = SoundSpan(
                a.start, max(a.end, s.end), a.label, (a.score * w1 + s.score * w2) / (w1 + w2)
            )
        else:
            runs.append(s)
    assert {"speech", "silence", "tone"} <= set(by), work.findings.sounds
    assert "music" not in by
    assert [len(by[k]) for k in ("speech", "silence", "tone")] == [1, 1, 1], work.findings.sounds
    (sp,), (si,), (to,) = by["speech"], by["silence"], by["tone"]
    assert sp.start == 0.0 and abs(sp.end - said) <= WINDOW
    assert abs(si.start - said) <= WINDOW and abs(si.end - (said + 3)) <= WINDOW
    assert abs(to.start - (said + 3)) <= WINDOW and to.end == pytest.approx(said + 7, abs=0.05)
    assert sp.score > 0.8 and si.score > 0.8
    assert any(m.get("model") == "yamnet" for m in work.models)


def test_spans_merge_short_gaps_and_drop_short_spans() -> None:
    times = np.arange(12) * 0.48
    scores = np.zeros((12, 521), dtype=np.float32)
    speech = LABELS[LABEL_IDS.index("speech")].classes[0]
    scores[[0, 1, 2, 3, 5, 6], speech] = 0.9  # one patch gap (0.48 s) is closed
    scores[9, 132] = 0.9  # one patch of music: shorter than music's 2 s minimum
    out = spans(times, scores, 6.0)
    assert [(s.label, s.start, s.end) for s in out] == [("speech", 0.0, 3.611)]
    assert out[0].score == pytest.approx(0.9, abs=1e-3)
