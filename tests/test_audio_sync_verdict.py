"""Sync says which file to move and by how much, refuses a confident offset for two
unrelated recordings, and measures drift on short takes too."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from imagia.post.sync import SyncOptions, sync


def _noise(path: Path, seed: int, seconds: int, extra: str = "") -> Path:
    af = ["-af", extra] if extra else []
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"anoisesrc=color=pink:amplitude=0.2:seed={seed}:d={seconds}:r=48000",
            *af,
            "-c:a",
            "pcm_f32le",
            str(path),
        ],
        check=True,
    )
    return path


def test_unrelated_noises_get_no_confident_offset(tmp_path: Path) -> None:
    a = _noise(tmp_path / "a.wav", 1, 20)
    b = _noise(tmp_path / "b.wav", 2, 20)
    res = sync(a, b)
    assert not res.reliable and res.move is None
    assert res.warning and "a.wav" in res.warning and "b.wav" in res.warning
    fr = res.warning_fr or ""
    assert "a.wav et b.wav ne semblent pas" in fr and "aucun décalage à utiliser" in fr
    assert "1,5)" in fr  # figures with a decimal comma, file names untouched
    assert res.confidence < 12 and res.peak_ratio is not None and res.peak_ratio < 1.5


def test_which_file_to_move_and_by_how_much(tmp_path: Path) -> None:
    a = _noise(tmp_path / "cam.wav", 3, 12)
    # the recorder started 1.5 s + 2 frames at 25 fps (80 ms) later: its sound is late
    b = tmp_path / "rec.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-i",
            str(a),
            "-af",
            "adelay=1580,aresample=44100",
            "-c:a",
            "pcm_s24le",
            str(b),
        ],
        check=True,
    )
    res = sync(a, b, SyncOptions(fps="25"))
    assert res.reliable and res.move is not None and res.peak_ratio and res.peak_ratio > 3
    mv = res.move
    assert mv["file"] == "b" and mv["name"] == "rec.wav" and mv["direction"] == "earlier"
    assert mv["ms"] == pytest.approx(1580, abs=0.1)
    assert mv["samples"] == pytest.approx(1.58 * 44100, abs=3) and mv["samples_rate"] == 44100
    assert mv["reference_samples"] == pytest.approx(1.58 * 48000, abs=3)
    assert mv["frames"] == pytest.approx(39.5, abs=0.01)
    assert mv["timecode"] == "00:00:01:14"  # 39 whole frames at 25 fps
    assert "move rec.wav earlier by 1580.0" in mv["text"]
    back = sync(b, a, SyncOptions(fps="25"))
    assert back.move is not None and back.move["direction"] == "later"


@pytest.mark.parametrize("seconds", [15, 30])
def test_drift_on_short_takes(tmp_path: Path, seconds: int) -> None:
    a = _noise(tmp_path / "a.wav", 4, seconds, "volume='0.3+0.7*abs(sin(t*1.3))':eval=frame")
    b = tmp_path / "b.wav"  # a clock 200 ppm fast, started 100 ms later
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-i",
            str(a),
            "-af",
            "adelay=100,asetrate=48009.6,aresample=48000",
            "-c:a",
            "pcm_f32le",
            str(b),
        ],
        check=True,
    )
    res = sync(a, b)
    assert res.drift_ppm == pytest.approx(-200, abs=25)
    assert res.offset_start_ms == pytest.approx(100, abs=0.5)
