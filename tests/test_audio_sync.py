"""Sync by GCC-PHAT: known offsets recovered within a fraction of a millisecond across sample
rates, microphones (filters) and independent noises; folder pairing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from imagia.core import jobs as jobmod
from imagia.core.errors import BadFile, BadValue
from imagia.core.workspace import Workspace
from imagia.post.sync import SyncOptions, sync, sync_folder

# An event rendered at 192 kHz so a delay of N samples there is a sub-sample delay at 48 kHz.
_LINES = (
    "Where were you last night when the lights went out?",
    "I was here, in the studio, mixing the last reel.",
    "Nobody leaves this room until the tape is found.",
)
_EVENT = (
    "flite=text='{line}',aresample=192000,apad,"
    "atrim=0:{d}[s];"
    "anoisesrc=color=pink:amplitude=0.02:seed={take}:d={d}:r=192000[n];"
    "[s][n]amix=normalize=0"
)


def _render(
    path: Path, take: int, delay_192k: int, rate: int, noise: str, filt: str, seconds: int = 8
) -> Path:
    event = _EVENT.format(take=take, line=_LINES[take % 3], d=seconds)
    graph = (
        f"{event},adelay={delay_192k}S,atrim=0:{seconds},{filt},aresample={rate}[a];"
        f"anoisesrc=color={noise}:amplitude=0.015:seed={take + 7}:d={seconds}:r={rate}[m];"
        "[a][m]amix=normalize=0[out]"
    )
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-filter_complex",
            graph,
            "-map",
            "[out]",
            "-c:a",
            "pcm_s16le",
            str(path),
        ],
        check=True,
    )
    return path


@pytest.mark.parametrize("delay,rate_b", [(12345, 44100), (0, 48000), (77777, 96000)])
def test_known_offsets_within_a_tenth_of_a_ms(tmp_path: Path, delay: int, rate_b: int) -> None:
    a = _render(tmp_path / "cam.wav", 1, 1000, 48000, "white", "highpass=f=200")
    b = _render(tmp_path / "rec.wav", 1, 1000 + delay, rate_b, "brown", "lowpass=f=6000")
    res = sync(a, b, SyncOptions(fps="25"))
    want_ms = delay / 192.0
    assert res.offset_ms == pytest.approx(want_ms, abs=0.1)
    assert res.offset_frames == pytest.approx(want_ms / 40.0, abs=0.003)
    assert res.confidence > 20
    back = sync(b, a)
    assert back.offset_ms == pytest.approx(-want_ms, abs=0.1)


def test_folder_pairs_camera_files_with_their_sound(tmp_path: Path) -> None:
    d = tmp_path / "rushes"
    d.mkdir()
    for take, delay in ((1, 30000), (2, 60000)):
        _render(d / f"A001_take{take}.mov", take, 0, 48000, "white", "highpass=f=150")
        _render(d / f"ZOOM_{take:03d}.wav", take, delay, 48000, "brown", "anull")
    (d / "A001_take3.mov").write_bytes(b"not a movie")  # a bad file is reported and skipped
    res = sync_folder(d, SyncOptions(seconds=None))
    got = {Path(p.a).name: (Path(p.b).name, p.offset_ms) for p in res.pairs}
    assert got["A001_take1.mov"][0] == "ZOOM_001.wav"
    assert got["A001_take2.mov"][0] == "ZOOM_002.wav"
    assert got["A001_take1.mov"][1] == pytest.approx(30000 / 192, abs=0.1)
    assert got["A001_take2.mov"][1] == pytest.approx(60000 / 192, abs=0.1)
    assert res.unmatched == ["A001_take3.mov"]


def test_bad_inputs(tmp_path: Path) -> None:
    a = _render(tmp_path / "a.wav", 1, 0, 48000, "white", "anull", seconds=2)
    with pytest.raises(BadFile, match="file not found"):
        sync(a, tmp_path / "missing.wav")
    silent = tmp_path / "silent.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "anullsrc=r=48000:cl=mono",
            "-t",
            "1",
            str(silent),
        ],
        check=True,
    )
    with pytest.raises(BadFile, match="silence"):
        sync(a, silent)
    with pytest.raises(BadValue, match="max_offset"):
        sync(a, a, SyncOptions(max_offset=0))
    with pytest.raises(BadFile, match="camera files"):
        sync_folder(tmp_path)
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"not audio")
    with pytest.raises(BadFile, match="junk.wav"):
        sync(a, junk)


def test_sync_job(ws: Workspace, tmp_path: Path) -> None:
    a = _render(tmp_path / "a.wav", 3, 0, 48000, "white", "anull", seconds=4)
    b = _render(tmp_path / "b.wav", 3, 4800, 48000, "brown", "anull", seconds=4)
    job = jobmod.run(
        ws, jobmod.submit(ws, "audio-sync", {"a": str(a), "b": str(b), "fps": "24"}, [a, b]).id
    )
    assert job.status == "done", job.error
    assert job.result["offset_ms"] == pytest.approx(25.0, abs=0.1)
    assert job.result["offset_frames"] == pytest.approx(0.6, abs=0.01)
    out = json.loads((ws.root / job.outputs[0]["path"]).read_text(encoding="utf-8"))
    assert out["schema"] == "SyncResult.1"
    from fastapi.testclient import TestClient

    from imagia.app import create_app

    with TestClient(create_app(ws)) as client:
        pages = {
            lang: client.get(f"/jobs/{job.id}", headers={"accept-language": lang}).text
            for lang in ("fr", "en")
        }
    assert "Déplacer" in pages["fr"] and "plus tôt de 25,000 ms" in pages["fr"]
    assert "earlier by" not in pages["fr"]
    assert "Move" in pages["en"] and "earlier by 25.000 ms" in pages["en"]


@pytest.mark.slow
def test_clock_drift_is_measured_along_the_take(tmp_path: Path) -> None:
    a = tmp_path / "a.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "anoisesrc=color=pink:amplitude=0.2:seed=4:d=70",
            "-af",
            "volume='0.3+0.7*abs(sin(t*1.3))':eval=frame",
            "-ar",
            "48000",
            "-c:a",
            "pcm_f32le",
            str(a),
        ],
        check=True,
    )
    b = tmp_path / "b.wav"  # a recorder whose clock runs 100 ppm fast, started 250 ms later
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-i",
            str(a),
            "-af",
            "adelay=250,asetrate=48004.8,aresample=48000",
            "-c:a",
            "pcm_f32le",
            str(b),
        ],
        check=True,
    )
    res = sync(a, b)
    assert res.drift_ppm == pytest.approx(-100, abs=10)
    assert res.offset_start_ms == pytest.approx(250, abs=1)
    assert res.offset_end_ms == pytest.approx(250 - 7, abs=1)  # 100 ppm of 70 s = 7 ms
    assert sync(a, a).drift_ppm == 0.0
