"""De-hum does no harm: nothing is notched without hum, and with hum only the hum lines go."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from imagia.post.dehum import DehumOptions, dehum

SR = 48000


def _floor(n: int, seed: int = 7) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(n) * 0.002


def _sweep(seconds: float, f_lo: float = 40.0, f_hi: float = 2000.0) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    k = np.log(f_hi / f_lo) / seconds
    return 0.1 * np.sin(2 * np.pi * f_lo * (np.exp(k * t) - 1) / k)


def _hum(n: int, f0: float = 50.0) -> np.ndarray:
    t = np.arange(n) / SR
    return sum(
        a * np.sin(2 * np.pi * f0 * k * t + k) for k, a in ((1, 0.01), (2, 0.006), (3, 0.004))
    )


def test_no_hum_output_is_the_input(tmp_path: Path) -> None:
    x = _sweep(8) + _floor(8 * SR)
    src = tmp_path / "clean.wav"
    sf.write(src, np.stack([x, 0.5 * x], axis=1), SR, subtype="PCM_24")
    res = dehum(src, DehumOptions(output=tmp_path / "out.wav"))
    assert not res.hum_found and res.harmonics == []
    assert any("no hum found" in n and "the output is the input" in n for n in res.notes)
    assert len(res.notes_fr) == len(res.notes)
    assert any(
        "aucun ronflement trouvé" in n and "la sortie est l'entrée" in n for n in res.notes_fr
    )
    a, _ = sf.read(src, dtype="int32")
    b, _ = sf.read(res.output, dtype="int32")
    assert np.array_equal(a, b)


def test_hum_goes_and_the_sweep_stays(tmp_path: Path) -> None:
    content = _sweep(10) + _floor(10 * SR)
    hum = _hum(len(content))
    src = tmp_path / "hum.wav"
    sf.write(src, content + hum, SR, subtype="FLOAT")
    res = dehum(src, DehumOptions(output=tmp_path / "out.wav"))
    assert res.hum_found and [h["harmonic"] for h in res.harmonics] == [1, 2, 3]
    assert all(h["notch_hz"] <= 1.0 for h in res.harmonics)  # a steady hum: narrow notches
    y = sf.read(res.output, dtype="float64")[0]
    inner = slice(SR // 2, -SR // 2)
    t = np.arange(len(y)) / SR

    late = slice(5 * SR, -SR // 2)  # the sweep is above 280 Hz there

    def line(v: np.ndarray, f: float) -> float:  # level of the f Hz line (lock-in), dBFS
        return float(20 * np.log10(2 * abs(np.mean(v[late] * np.exp(-2j * np.pi * f * t[late])))))

    for f in (50.0, 100.0, 150.0):  # the hum lines: 25 dB or more down
        assert line(y, f) < line(content + hum, f) - 25, f

    def level(v: np.ndarray) -> np.ndarray:  # per 0.5 s window and overall, dB
        w = SR // 2
        n = len(v) // w
        parts = (v[: n * w].reshape(n, w) ** 2).mean(axis=1)[1:-1]
        return 10 * np.log10(np.append(parts, np.mean(v[inner] ** 2)))

    # the non-hum content (the sweep crosses every notch) keeps its level within 0.5 dB
    change = level(y) - level(content)
    assert np.abs(change).max() < 0.5, change
    assert abs(change[-1]) < 0.1
    assert level(content + hum)[-1] - level(content)[-1] == pytest.approx(0.07, abs=0.05)
