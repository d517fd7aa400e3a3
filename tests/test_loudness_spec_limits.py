"""Specs with sample-peak, short-term maximum and loudness-range limits: measured and checked.
Reference values come from the signals' definitions: a sine's sample peak is its amplitude,
and BS.1770 reads a 1 kHz sine 3.0 dB under its peak level (-20 dBFS peak: -23.0 LUFS, the
EBU reference signal)."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagia.core.errors import BadFile
from imagia.post.loudness import load_spec, measure
from tests.conftest import make_audio


def _spec(tmp_path: Path, **limits: float) -> Path:
    lines = [
        "name: house",
        "target: -23",
        "tolerance: 1",
        "max_true_peak: -1",
        "gating: programme",
        "source: test sheet",
        *(f"{k}: {v}" for k, v in limits.items()),
    ]
    path = tmp_path / "house.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_sample_peak_and_short_term_max_are_reported(sine_wav: Path) -> None:
    rep = measure(sine_wav, "ebu-r128")
    assert rep.sample_peak == pytest.approx(-20.0, abs=0.05)  # 0.125 x 0.8 = 0.1
    assert rep.true_peak is not None and rep.true_peak >= rep.sample_peak - 0.01
    assert rep.short_term_max == pytest.approx(-23.0, abs=0.2)  # a steady sine


def test_a_loud_burst_breaks_the_short_term_limit(tmp_path: Path) -> None:
    """A -33 LUFS tone with a 4 s burst at -15 LUFS: over R 128 s1's short-term maximum
    (-18 LUFS), which the integrated loudness alone would not show."""
    src = make_audio(
        tmp_path / "burst.wav",
        "sine=frequency=1000:sample_rate=48000,volume='if(between(t,8,12),2.0,0.256)':eval=frame",
        seconds=20,
    )
    rep = measure(src, "ebu-r128-s1")
    assert rep.short_term_max == pytest.approx(-15.0, abs=0.3)
    assert not rep.compliant
    assert any("short-term loudness reaches" in f and "-18.0 LUFS" in f for f in rep.findings)


def test_house_spec_sample_peak_and_lra(tmp_path: Path, sine_wav: Path) -> None:
    spec = _spec(tmp_path, max_sample_peak=-25, lra_min=4, lra_max=18)
    rep = measure(sine_wav, str(spec))
    found = " | ".join(rep.findings)
    assert "sample peak -20.0 dBFS above -25.0 dBFS" in found
    assert "loudness range 0.0 LU below the 4.0 LU minimum" in found
    found_fr = " | ".join(rep.findings_fr)
    assert "crête d'échantillon \u221220,0 dBFS au-dessus de \u221225,0 dBFS" in found_fr
    assert "plage de sonie 0,0 LU sous le minimum de 4,0 LU" in found_fr
    assert not rep.compliant
    assert load_spec(str(spec)).lra_max == 18.0


def test_bad_limit_in_a_spec_file_names_it(tmp_path: Path) -> None:
    spec = _spec(tmp_path, max_short_term="loud")  # type: ignore[arg-type]
    with pytest.raises(BadFile, match="house.yaml.*max_short_term"):
        load_spec(str(spec))
