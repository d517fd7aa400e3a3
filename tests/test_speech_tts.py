"""Text to speech with the local voices: 48 kHz audio of plausible length, rate and pauses as
asked, the most natural voice picked by default, clear errors for a missing voice and bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from typer.testing import CliRunner

from imagia.cli import app
from imagia.core.errors import BadValue, MissingDependency, NotFound
from imagia.speech import tts

pytestmark = pytest.mark.skipif(
    not (shutil.which("pico2wave") or shutil.which("espeak-ng")),
    reason="no TTS engine (scripts/setup-system.sh --speech installs espeak-ng and pico)",
)
FR = "Une femme traverse la place et ouvre la porte du café."  # 11 words
EN = "A woman crosses the square and opens the café door."  # 10 words


@pytest.mark.parametrize(("text", "lang"), [(FR, "fr"), (EN, "en")])
def test_a_sentence_is_48k_audio_of_plausible_length(text: str, lang: str) -> None:
    s = tts.say(text, lang, rate=150)
    words = len(text.split())
    assert s.voice.language == lang and s.words == words
    # at 150 words per minute (the engines' own speed settings are nominal: say() measures)
    assert abs(s.seconds / (words * 60 / 150) - 1) < 0.15, s.seconds
    assert s.audio.dtype.name == "float32" and abs(s.audio).max() > 0.05


def test_rate_and_pauses_are_kept() -> None:
    slow = tts.say("Cover me, I am reloading now.", "en", rate=120).seconds
    fast = tts.say("Cover me, I am reloading now.", "en", rate=200).seconds
    assert 1.45 < slow / fast < 1.9  # 200/120 = 1.67
    paused = tts.say("Over here. [pause 1.2s] Cover me.", "en").audio
    quiet = np.flatnonzero(np.abs(paused) > 0)  # the pause is digital silence between words
    assert abs(np.diff(quiet).max() / tts.RATE - 1.2) < 0.03
    assert tts.parse("a [pause 0.3s] b [pause] c") == [("a", 0.3), ("b", 0.5), ("c", 0.0)]


def test_the_most_natural_installed_voice_is_picked() -> None:
    ranked = tts.voices("fr")
    assert [v.engine for v in ranked][:1] == ["pico"] and ranked[-1].engine == "espeak-ng"
    best = tts.pick("fr")
    assert best.rank == min(v.rank for v in ranked if tts.missing(v) is None)
    assert tts.VOICES["pico-en-gb"].rank < tts.VOICES["espeak-en-gb"].rank


def test_a_missing_voice_names_the_debian_package(monkeypatch: pytest.MonkeyPatch) -> None:
    real = shutil.which
    monkeypatch.setattr(tts.shutil, "which", lambda n: None if n == "mbrola" else real(n))
    with pytest.raises(MissingDependency, match=r"mbrola-fr1: mbrola is not installed") as e:
        tts.say("Bonjour.", "mbrola-fr1")
    assert "apt install mbrola mbrola-fr1" in str(e.value) and "\n" not in str(e.value)
    with pytest.raises(NotFound, match="unknown voice 'pico-frr'") as nf:
        tts.pick("pico-frr")
    assert "pico-fr" in str(nf.value)


@pytest.mark.parametrize(
    ("text", "rate", "match"),
    [
        ("   ", None, "nothing to say"),
        ("Hello.", 30, "words per minute between 80 and 400"),
        ("Wait [pause 30s] here.", None, "between 0 and 10 s"),
    ],
)
def test_bad_input_is_one_line(text: str, rate: float | None, match: str) -> None:
    with pytest.raises(BadValue, match=match) as e:
        tts.say(text, "en", rate)
    assert "\n" not in str(e.value)


def test_voice_say_cli_batches_a_file_and_a_screenplay(tmp_path: Path) -> None:
    barks = tmp_path / "barks.txt"
    barks.write_text("Over here!\n\nReloading.\n", encoding="utf-8")
    play = tmp_path / "scene.fountain"
    play.write_text(
        "INT. GARE - JOUR\n\nANNA\nLe train est en retard.\n\nPAUL\nComme toujours.\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    ws = tmp_path / "ws"
    r = runner.invoke(app, ["voice", "say", str(barks), "-w", str(ws), "--json"])
    assert r.exit_code == 0, r.output
    wavs = sorted(ws.glob("outputs/*/*.wav"))
    assert [w.name for w in wavs] == ["0001-line.wav", "0002-line.wav"]
    assert {sf.info(str(w)).samplerate for w in wavs} == {48000}
    r = runner.invoke(app, ["voice", "say", str(play), "--voice", "fr", "-w", str(ws)])
    assert r.exit_code == 0, r.output
    names = {w.name for w in ws.glob("outputs/*/*.wav")}
    assert {"0001-anna.wav", "0002-paul.wav"} <= names
    r = runner.invoke(app, ["voice", "say", "Hello", "--rate", "20", "-w", str(ws)])
    assert r.exit_code != 0 and "at least 80" in str(r.exception)
