"""Processed copies keep the source's channel layout and bit depth; reducing the depth is
dithered with a triangular PDF (checked from the definition: the error of TPDF-dithered
rounding has a variance of 1/4 LSB², against 1/12 for plain rounding)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from imagia.media.probe import probe
from imagia.post.dehum import DehumOptions, dehum
from imagia.post.denoise import DenoiseOptions, denoise
from imagia.post.normalise import NormaliseOptions, normalise

_HUM = "0.02*sin(2*PI*50*t)+0.012*sin(2*PI*100*t+1)+0.008*sin(2*PI*150*t+2)"


def _surround(path: Path, layout: str, codec: str, seconds: int = 6) -> Path:
    """One tone per channel over a mains hum and a little noise, in ``layout``."""
    n = {"5.1": 6, "7.1": 8}[layout]
    exprs = "|".join(
        f"0.1*sin(2*PI*{220 * (k + 1)}*t)+{_HUM}+0.003*(random({k})-0.5)" for k in range(n)
    )
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"aevalsrc={exprs}:s=48000:c={layout}:d={seconds}",
            "-c:a",
            codec,
            str(path),
        ],
        check=True,
    )
    return path


def _format(path: Path) -> tuple[str | None, int | None, str | None]:
    a = probe(path).audio[0]
    return a.channel_layout, a.bits, a.codec


@pytest.fixture(scope="module")
def s51(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _surround(tmp_path_factory.mktemp("fmt") / "mix51.wav", "5.1", "pcm_s24le")


def test_normalise_keeps_5_1_and_24_bit(s51: Path, tmp_path: Path) -> None:
    res = normalise(s51, NormaliseOptions(output=tmp_path / "n.wav"))
    assert _format(Path(res.output)) == ("5.1", 24, "pcm_s24le")
    assert res.written.startswith("24-bit, 5.1")


def test_dehum_keeps_5_1_and_24_bit(s51: Path, tmp_path: Path) -> None:
    res = dehum(s51, DehumOptions(output=tmp_path / "d.wav"))
    assert res.hum_found
    assert _format(Path(res.output)) == ("5.1", 24, "pcm_s24le")


def test_denoise_keeps_5_1_and_24_bit(s51: Path, tmp_path: Path) -> None:
    res = denoise(s51, DenoiseOptions(method="spectral-gate", output=tmp_path / "g.wav"))
    assert _format(Path(res.output)) == ("5.1", 24, "pcm_s24le")
    assert sf.info(res.output).frames == 6 * 48000


def test_7_1_16_bit_stays_16_bit_unless_asked(tmp_path: Path) -> None:
    src = _surround(tmp_path / "mix71.wav", "7.1", "pcm_s16le", seconds=4)
    res = normalise(src, NormaliseOptions(output=tmp_path / "n16.wav"))
    assert _format(Path(res.output)) == ("7.1", 16, "pcm_s16le")
    asked = normalise(src, NormaliseOptions(output=tmp_path / "n24.wav", bit_depth="24"))
    assert _format(Path(asked.output)) == ("7.1", 24, "pcm_s24le")


def test_reducing_to_16_bit_is_tpdf_dithered(tmp_path: Path) -> None:
    """De-hum one 16-bit file twice, written at 24 and at 16 bits: the 16-bit copy differs
    from the 24-bit one by the dither plus the rounding, variance 1/6 + 1/12 = 1/4 LSB²,
    centred and not following the signal."""
    rng = np.random.default_rng(5)
    t = np.arange(6 * 48000) / 48000
    x = 0.2 * np.sin(2 * np.pi * 440 * t) + 0.02 * np.sin(2 * np.pi * 50 * t)
    x += 0.012 * np.sin(2 * np.pi * 100 * t + 1) + 0.002 * rng.standard_normal(len(t))
    src = tmp_path / "hum16.wav"
    sf.write(src, x, 48000, subtype="PCM_16")
    a = dehum(src, DehumOptions(output=tmp_path / "a16.wav"))
    b = dehum(src, DehumOptions(output=tmp_path / "b24.wav", bit_depth="24"))
    assert a.hum_found and _format(Path(a.output))[1] == 16
    y16 = sf.read(a.output, dtype="int32")[0].astype(np.float64) / 2**16
    y24 = sf.read(b.output, dtype="int32")[0].astype(np.float64) / 2**16
    err = (y16 - y24)[48000:-48000]  # in 16-bit LSBs
    assert abs(err.mean()) < 0.02
    assert 0.22 < err.var() < 0.28, err.var()  # plain rounding would give 0.083
    assert abs(np.corrcoef(err, y24[48000:-48000])[0, 1]) < 0.02


def test_a_copy_is_not_dithered(tmp_path: Path) -> None:
    """No hum: the 16-bit output is the input, sample for sample (no dither on a copy)."""
    rng = np.random.default_rng(2)
    x = 0.1 * rng.standard_normal(4 * 48000)
    src = tmp_path / "clean16.wav"
    sf.write(src, x, 48000, subtype="PCM_16")
    res = dehum(src, DehumOptions(output=tmp_path / "o.wav"))
    assert not res.hum_found
    assert np.array_equal(sf.read(src, dtype="int16")[0], sf.read(res.output, dtype="int16")[0])
