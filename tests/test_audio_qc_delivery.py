"""QC checks a delivery room applies: true peak over the spec, a programme of digital silence,
and mains hum told from a bass note."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from imagia.post.qc import QCOptions, qc

SR = 48000


def _pink(seconds: float, seed: int, amp: float = 0.05) -> np.ndarray:
    """Pink-ish noise (1/f by filtering white noise in the frequency domain)."""
    rng = np.random.default_rng(seed)
    n = int(seconds * SR)
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / SR)
    spec[1:] /= np.sqrt(f[1:])
    spec[0] = 0
    x = np.fft.irfft(spec, n)
    return amp * x / np.sqrt(np.mean(x**2))


def _write(tmp_path: Path, name: str, x: np.ndarray) -> Path:
    path = tmp_path / f"{name}.wav"
    sf.write(path, x, SR, subtype="PCM_24")
    return path


def test_true_peak_over_the_limit_between_samples(tmp_path: Path) -> None:
    x = np.stack([_pink(6, 1, 0.03), _pink(6, 2, 0.03)], axis=1)
    n = np.arange(SR // 2)
    # 12 kHz at 45 degrees: samples at -2 dBFS (no clipping), the waveform peaks at +1 dBTP
    burst = 10 ** (-2 / 20) * np.sqrt(2) * np.sin(np.pi / 2 * n + np.pi / 4)
    x[3 * SR : 3 * SR + len(n), 0] = burst
    assert np.abs(x).max() < 0.8
    src = _write(tmp_path, "tp", x)
    rep = qc(src)
    tp = [f for f in rep.findings if f.check == "true-peak"]
    assert len(tp) == 1 and tp[0].severity == "error" and not rep.passed, rep.findings
    assert tp[0].channels == ["FL"] and tp[0].tc_in == "00:00:03:00"
    assert tp[0].value == pytest.approx(1.0, abs=0.3)
    assert not any(f.check == "clipping" for f in rep.findings)
    # the limit is the QC option: +2 dBTP lets it through
    assert not any(f.check == "true-peak" for f in qc(src, QCOptions(max_true_peak=2.0)).findings)


def test_programme_of_digital_silence_fails(tmp_path: Path) -> None:
    rep = qc(_write(tmp_path, "silence", np.zeros((3 * SR, 2))))
    assert not rep.passed
    assert any(f.check == "digital-silence" and f.severity == "error" for f in rep.findings)


def _voice(seconds: float, seed: int) -> np.ndarray:
    """Speech-like sound: a gliding harmonic voice (F0 95-165 Hz) in syllables, over noise."""
    t = np.arange(int(seconds * SR)) / SR
    f0 = 130 + 35 * np.sin(2 * np.pi * 0.7 * t) + 10 * np.sin(2 * np.pi * 2.3 * t)
    phase = 2 * np.pi * np.cumsum(f0) / SR
    voice = sum(np.sin(k * phase) / k for k in range(1, 25))
    syllables = np.clip(np.sin(2 * np.pi * 2.5 * t), 0, None) ** 0.5
    v = voice * syllables
    return 0.1 * v / np.sqrt(np.mean(v**2)) + _pink(seconds, seed, 0.01)


def _hum(t: np.ndarray, f0: float = 50.0) -> np.ndarray:
    return sum(
        a * np.sin(2 * np.pi * f0 * k * t + k) for k, a in ((1, 0.006), (2, 0.004), (3, 0.003))
    )


def test_hum_under_speech_is_found(tmp_path: Path) -> None:
    x = _voice(12, 4)
    t = np.arange(len(x)) / SR
    rep = qc(_write(tmp_path, "hum", np.stack([x + _hum(t), x + _hum(t)], axis=1)))
    hums = [f for f in rep.findings if f.check == "hum"]
    assert len(hums) == 1 and "50 Hz mains hum" in hums[0].message, rep.findings
    assert hums[0].value == pytest.approx(-44.4, abs=1.5)  # 0.006 peak
    clean = qc(_write(tmp_path, "voice", np.stack([x, x], axis=1)))
    assert not any(f.check == "hum" for f in clean.findings), clean.findings


def _bass(t: np.ndarray, f: np.ndarray | float, on: np.ndarray) -> np.ndarray:
    """A bass note with its harmonics, played where ``on`` (soft attack and release)."""
    phase = 2 * np.pi * np.cumsum(np.broadcast_to(f, t.shape)) / SR
    note = sum(a * np.sin(k * phase) for k, a in ((1, 0.2), (2, 0.1), (3, 0.06), (4, 0.03)))
    env = np.convolve(on.astype(float), np.ones(2400) / 2400, mode="same")
    return note * env


@pytest.mark.parametrize(
    "case",
    ["49 Hz note starts and stops", "50 Hz note in a third of the programme", "bass line"],
)
def test_bass_note_is_not_hum(tmp_path: Path, case: str) -> None:
    x = _voice(12, 5)
    t = np.arange(len(x)) / SR
    if case.startswith("49"):
        bass = _bass(t, 49.0, (t % 3.0) < 1.6)  # 1.6 s notes every 3 s
    elif case.startswith("50"):
        bass = _bass(t, 50.0, (t > 2) & (t < 6))
    else:  # a walking bass: 49, 55, 50, 41 Hz, two seconds each
        notes = np.array([49.0, 55.0, 50.0, 41.2])[(t // 2).astype(int) % 4]
        bass = _bass(t, notes, np.ones_like(t, bool))
    rep = qc(_write(tmp_path, "bass", np.stack([x + bass, x + bass], axis=1)))
    assert not any(f.check == "hum" for f in rep.findings), rep.findings
