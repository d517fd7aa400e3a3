"""Loudness measured by BS.1770 on signals whose loudness is known by definition."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from imagia.core.errors import BadFile, BadValue
from imagia.post.loudness import measure
from tests.conftest import make_audio


def test_reference_sine_reads_minus_23(sine_wav: Path) -> None:
    seen: list[float] = []
    rep = measure(sine_wav, "ebu-r128", progress=lambda f, m: seen.append(f))
    assert rep.integrated == pytest.approx(-23.0, abs=0.1)
    assert rep.true_peak == pytest.approx(-20.0, abs=0.2)
    assert rep.lra == pytest.approx(0.0, abs=0.5)
    assert rep.compliant and not rep.findings
    assert seen[-1] == 1.0
    assert len(rep.curve_t) == len(rep.momentary) == len(rep.short_term) > 5


def test_louder_mix_fails_with_the_correction(tmp_path: Path) -> None:
    loud = make_audio(tmp_path / "loud.wav", "sine=frequency=1000,volume=1.6")  # -17 LUFS
    rep = measure(loud, "ebu-r128")
    assert rep.integrated == pytest.approx(-17.0, abs=0.1)
    assert not rep.compliant
    assert "-6.0 dB" in rep.findings[0]
    # The same file is within ATSC A/85? No: -24 ± 2.
    assert not measure(loud, "atsc-a85").compliant
    assert measure(loud, "spotify").integrated == pytest.approx(-17.0, abs=0.1)


def test_dialogue_gated_spec_says_what_it_did(sine_wav: Path) -> None:
    rep = measure(sine_wav, "netflix")
    assert any("dialogue-gated" in f for f in rep.findings)


def test_bad_inputs(tmp_path: Path) -> None:
    with pytest.raises(BadFile, match="file not found"):
        measure(tmp_path / "none.wav")
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"not audio at all")
    with pytest.raises(BadFile, match="junk.wav"):
        measure(junk)
    silent_video = tmp_path / "video.mp4"
    subprocess.run(["ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i",
                    "color=c=black:s=64x64:d=1", "-c:v", "mpeg4", str(silent_video)], check=True)
    with pytest.raises(BadFile, match="no audio stream"):
        measure(silent_video)
    with pytest.raises(BadValue):
        measure(junk, "bbc-loud")
