"""Voice register by pitch (``imagia speech voices``): YIN on synthetic tones, then TTS voices
made in the test (espeak-ng male/female variants, pico2wave French) and a conversation of two
voices split by segment; bad input gives one line naming the file or the value."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from imagia.cli import app
from imagia.core.errors import BadFile, BadValue
from imagia.speech.voice import VoiceOptions, analyse, classify, estimate, yin
from tests.speech_media import LIBRIVOX, concat, needs_whisper

runner = CliRunner()
TEXT = (
    "Good evening. Tonight the mayor announced a new plan for the river banks. "
    "The works will start in the spring."
)
TEXT_FR = (
    "Bonsoir. Ce soir, le maire a annoncé un nouveau plan pour les berges du fleuve. "
    "Les travaux commenceront au printemps."
)
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng missing")


def espeak(path: Path, voice: str, text: str = TEXT) -> Path:
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(path), text], check=True)
    return path


@pytest.mark.parametrize("f0", [80.0, 120.0, 210.0, 330.0])
def test_yin_finds_the_pitch_of_a_pulse_train(f0: float) -> None:
    sr = 16000
    t = np.arange(sr) / sr
    # a harmonic-rich tone (10 harmonics, falling amplitude): a voice-like source
    x = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 11))
    est = yin(0.3 * x / np.abs(x).max(), sr)
    voiced = est[~np.isnan(est)]
    assert len(voiced) > 0.9 * len(est)
    assert abs(np.median(voiced) - f0) / f0 < 0.01


def test_noise_and_silence_are_not_voiced() -> None:
    rng = np.random.default_rng(0)
    sr = 16000
    noise = 0.1 * rng.standard_normal(sr)
    assert np.isnan(yin(noise, sr)).mean() > 0.9
    rep = analyse(np.zeros(sr, dtype=np.float32), [(0.0, 1.0)], sr)
    assert rep.segments[0].label == "unknown" and rep.segments[0].f0_median is None


def test_threshold_and_band() -> None:
    assert classify(110.0, 3.0)[0] == "lower" and classify(220.0, 3.0)[0] == "higher"
    assert classify(165.0, 3.0) == ("unknown", 0.0)
    assert classify(175.0, 3.0)[0] == "unknown"  # inside 165 Hz ± 1.5 semitones
    assert classify(110.0, 0.1) == ("unknown", 0.0)  # too little voiced
    low, high = classify(100.0, 3.0)[1], classify(140.0, 3.0)[1]
    assert 0.5 <= high < low <= 1.0  # further from the threshold: more confident


@needs_whisper
@needs_espeak
@pytest.mark.parametrize(
    ("voice", "label"),
    [("en+m3", "lower"), ("en+f3", "higher"), ("fr+m3", "lower"), ("fr+f3", "higher")],
)
def test_espeak_voices(tmp_path: Path, voice: str, label: str) -> None:
    text = TEXT_FR if voice.startswith("fr") else TEXT
    rep = estimate(espeak(tmp_path / "v.wav", voice, text))
    assert rep.label == label and rep.confidence >= 0.6, rep.to_dict()
    assert all(s.label == label for s in rep.segments)


@needs_whisper
@pytest.mark.skipif(shutil.which("pico2wave") is None, reason="pico2wave missing")
def test_pico_french_female_voice_is_higher(tmp_path: Path) -> None:
    wav = tmp_path / "pico.wav"
    subprocess.run(
        ["pico2wave", "-l", "fr-FR", "-w", str(wav), TEXT_FR], check=True, capture_output=True
    )
    rep = estimate(wav)
    assert rep.label == "higher" and rep.f0_median is not None and rep.f0_median > 180


@needs_whisper
@needs_espeak
def test_two_voices_in_one_file_and_the_cli(tmp_path: Path) -> None:
    parts = [
        espeak(tmp_path / "a.wav", "en+m3", "Good evening, and welcome."),
        espeak(tmp_path / "b.wav", "en+f3", "Thank you, it is good to be here."),
        espeak(tmp_path / "c.wav", "en+m3", "Let us begin with the news."),
    ]
    wav = concat(tmp_path / "talk.wav", parts, 1.0)
    r = runner.invoke(app, ["speech", "voices", str(wav), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["schema"] == "VoiceRegister.1"
    assert [s["label"] for s in data["segments"]] == ["lower", "higher", "lower"]
    assert "not gender identity" in data["method"]
    r = runner.invoke(app, ["speech", "voices", str(wav)])
    assert r.exit_code == 0 and "unknown between 151 and 180 Hz" in r.stdout
    assert r.stdout.count("higher") == 1


@needs_whisper
@pytest.mark.skipif(not LIBRIVOX.is_dir(), reason="pocketsphinx test data missing")
def test_librivox_reader_is_a_lower_voice() -> None:
    wav = LIBRIVOX / "sense_and_sensibility_01_austen_64kb-0880.wav"
    rep = estimate(wav)
    assert rep.label == "lower" and rep.f0_median is not None and 75 < rep.f0_median < 130


def test_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadFile, match="nope.wav"):
        estimate(tmp_path / "nope.wav")
    with pytest.raises(BadValue, match="threshold_hz"):
        estimate(tmp_path / "nope.wav", VoiceOptions(threshold_hz=20.0))
    text = tmp_path / "notes.txt"
    text.write_text("not audio", encoding="utf-8")
    r = runner.invoke(app, ["speech", "voices", str(text)])
    assert r.exit_code == 1 and isinstance(r.exception, BadFile)
    assert "notes.txt" in str(r.exception) and "\n" not in str(r.exception)
    r = runner.invoke(app, ["speech", "voices", str(text), "--band", "-1"])
    assert r.exit_code == 1 and isinstance(r.exception, BadValue)
    assert "band_semitones" in str(r.exception)
