"""Audio QC: defects injected into ffmpeg-generated signals are found, with timecodes; clean
signals raise nothing."""

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
from imagia.post.audio import parse_fps, timecode
from imagia.post.qc import QCOptions, qc

SR = 48000


def _ffmpeg(path: Path, graph: str, codec: str = "pcm_s24le", rate: int = SR) -> Path:
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
            "-ar",
            str(rate),
            "-c:a",
            codec,
            str(path),
        ],
        check=True,
    )
    return path


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[np.ndarray, Path]:
    """8 s of stereo programme-like sound: two pink noises and a tone, 24-bit 48 kHz."""
    d = tmp_path_factory.mktemp("qc")
    path = _ffmpeg(
        d / "clean.wav",
        "anoisesrc=color=pink:amplitude=0.1:seed=1:d=8[a];"
        "anoisesrc=color=pink:amplitude=0.1:seed=2:d=8[b];"
        "sine=f=440:d=8,volume=0.05[s];[a][s]amix=normalize=0[l];"
        "[l][b]join=inputs=2:channel_layout=stereo[out]",
    )
    x, _ = sf.read(path, dtype="float64")
    return x, path


def _write(tmp_path: Path, name: str, x: np.ndarray, subtype: str = "PCM_24") -> Path:
    path = tmp_path / f"{name}.wav"
    sf.write(path, x, SR, subtype=subtype)
    return path


def _checks(path: Path, **kw: object) -> list[tuple[str, str, str]]:
    rep = qc(path, QCOptions(**kw))  # type: ignore[arg-type]
    return [(f.check, f.severity, f.tc_in) for f in rep.findings]


def test_clean_signal_passes_clean(clean: tuple[np.ndarray, Path]) -> None:
    rep = qc(clean[1])
    assert rep.passed and rep.findings == []
    assert [lv["channel"] for lv in rep.levels] == ["FL", "FR"]
    assert -40 < rep.levels[0]["rms_dbfs"] < -20


def test_clipping(clean: tuple[np.ndarray, Path], tmp_path: Path) -> None:
    x = clean[0].copy()
    x[3 * SR : 3 * SR + 100, 0] = 1.0
    x[6 * SR : 6 * SR + 20, :] = -1.0
    found = _checks(_write(tmp_path, "clip", x))
    assert found == [("clipping", "error", "00:00:03:00"), ("clipping", "error", "00:00:06:00")]


def test_dc_offset(clean: tuple[np.ndarray, Path], tmp_path: Path) -> None:
    x = clean[0].copy()
    x[:, 1] += 0.02
    rep = qc(_write(tmp_path, "dc", x))
    assert [(f.check, f.severity, f.channels) for f in rep.findings] == [
        ("dc-offset", "error", ["FR"])
    ]
    assert rep.findings[0].value == pytest.approx(0.02, abs=0.002)
    assert rep.findings[0].message_fr.startswith("composante continue +0,02")


def test_inverted_polarity_and_mono_compatibility(
    clean: tuple[np.ndarray, Path], tmp_path: Path
) -> None:
    x = clean[0].copy()
    x[:, 1] = 0.9 * x[:, 0]
    x[2 * SR : 5 * SR, 1] *= -1
    rep = qc(_write(tmp_path, "phase", x))
    phase = [f for f in rep.findings if f.check == "phase"]
    assert len(phase) == 1  # window resolution: ~43 ms
    assert 1.95 <= phase[0].start <= 2.1 and 4.9 <= phase[0].end <= 5.1
    whole = x.copy()
    whole[:, 1] = -whole[:, 0]
    assert ("mono-compatibility", "error", "00:00:00:00") in _checks(_write(tmp_path, "inv", whole))


def test_dropouts_and_digital_silence(clean: tuple[np.ndarray, Path], tmp_path: Path) -> None:
    x = clean[0].copy()
    x[2 * SR : 2 * SR + 480, :] = 0.0  # 10 ms, both channels
    x[4 * SR : 4 * SR + 96, 1] = 0.0  # 2 ms, right only
    x[6 * SR : int(6.8 * SR), :] = 0.0  # 0.8 s of digital silence
    rep = qc(_write(tmp_path, "drop", x), QCOptions(fps="24"))
    got = [(f.check, f.tc_in, f.channels) for f in rep.findings]
    assert got == [
        ("dropout", "00:00:02:00", ["FL", "FR"]),
        ("dropout", "00:00:04:00", ["FR"]),
        ("digital-silence", "00:00:06:00", ["FL", "FR"]),
    ]
    assert rep.findings[0].value == pytest.approx(10.0, abs=0.1)
    assert [f.message_fr.split(" :")[0] for f in rep.findings[:2]] == ["décrochage"] * 2
    assert (
        rep.findings[2].message_fr
        == "0,80 s de silence numérique dans le programme (pas de son d'ambiance)"
    )


def test_hum_50_and_60(clean: tuple[np.ndarray, Path], tmp_path: Path) -> None:
    t = np.arange(len(clean[0])) / SR
    for f0 in (50, 60):
        hum = sum(
            a * np.sin(2 * np.pi * f0 * k * t) for k, a in ((1, 0.01), (2, 0.005), (3, 0.003))
        )
        rep = qc(_write(tmp_path, f"hum{f0}", clean[0] + hum[:, None]))
        hums = [f for f in rep.findings if f.check == "hum"]
        assert len(hums) == 1 and f"{f0} Hz" in hums[0].message, rep.findings
        assert hums[0].value == pytest.approx(-40.0, abs=1.5)  # 0.01 peak = -40 dBFS


def test_format_issues(clean: tuple[np.ndarray, Path], tmp_path: Path) -> None:
    x = clean[0]
    padded = _write(tmp_path, "padded", np.round(x * 32767) / 32768)
    assert ("format", "warning", "00:00:00:00") in _checks(padded)
    assert ("format", "info", "00:00:00:00") in _checks(_write(tmp_path, "s16", x, "PCM_16"))
    rate = tmp_path / "44k.wav"
    sf.write(rate, x, 44100, subtype="PCM_24")
    assert any("44100 Hz" in f.message for f in qc(rate).findings)
    up = _ffmpeg(tmp_path / "up.wav", f"amovie={clean[1]},aresample=16000,aresample=48000[out]")
    assert any("brick-wall" in f.message for f in qc(up).findings)


def _five_one(tmp_path: Path, name: str, dialogue_in: tuple[int, ...], lfe_full: bool) -> Path:
    speech = _ffmpeg(
        tmp_path / "speech.wav",
        "flite=text='Dialogue belongs in the centre channel of the mix.',"
        "aresample=48000,apad,atrim=0:4[out]",
        codec="pcm_s16le",
    )
    sp, _ = sf.read(speech, dtype="float64")
    rng = np.random.default_rng(1)
    n = len(sp)
    from scipy.signal import butter, sosfilt

    low = sosfilt(butter(4, 80, fs=SR, output="sos"), rng.standard_normal(n) * 0.3)
    ch = [rng.standard_normal(n) * a for a in (0.02, 0.02, 0.005, 0.0, 0.01, 0.01)]
    ch[3] = rng.standard_normal(n) * 0.2 if lfe_full else low
    for i in dialogue_in:
        ch[i] = ch[i] + sp
    return _write(tmp_path, name, np.stack(ch, axis=1))


def test_layout_dialogue_not_in_centre(tmp_path: Path) -> None:
    good = qc(_five_one(tmp_path, "good", (2,), False), QCOptions(expect_layout="5.1"))
    assert good.findings == [] and good.stream["channel_names"][2] == "FC"
    bad = qc(_five_one(tmp_path, "bad", (0, 1), True))
    msgs = [f.message for f in bad.findings if f.check == "layout"]
    assert any("not in the centre" in m for m in msgs)
    assert any("LFE" in m for m in msgs)


def test_silent_channel(clean: tuple[np.ndarray, Path], tmp_path: Path) -> None:
    x = clean[0].copy()
    x[:, 1] = 0.0
    rep = qc(_write(tmp_path, "mute", x))
    assert [(f.check, f.channels) for f in rep.findings] == [("layout", ["FR"])]


def test_timecodes() -> None:
    assert timecode(3661.5, parse_fps("25")) == "01:01:01:12"
    assert timecode(1.0, parse_fps("23.976")) == "00:00:00:23"
    # One timecode routine for the project: drop-frame at 29.97, as the subtitles use.
    assert timecode(60.06, parse_fps("29.97")) == "00:01:00;02"
    with pytest.raises(BadValue, match="fps"):
        parse_fps("fast")


def test_bad_inputs(clean: tuple[np.ndarray, Path], tmp_path: Path) -> None:
    with pytest.raises(BadFile, match="file not found"):
        qc(tmp_path / "none.wav")
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"RIFF not really")
    with pytest.raises(BadFile, match="junk.wav"):
        qc(junk)
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
        qc(video)
    with pytest.raises(BadFile, match="5.1 checks need 6"):
        qc(clean[1], QCOptions(expect_layout="5.1"))
    with pytest.raises(BadValue, match="expect_layout"):
        qc(clean[1], QCOptions(expect_layout="9.2"))


def test_qc_job_writes_json_and_html(
    ws: Workspace, clean: tuple[np.ndarray, Path], tmp_path: Path
) -> None:
    x = clean[0].copy()
    x[SR : SR + 50, 0] = 1.0
    src = _write(tmp_path, "job", x)
    job = jobmod.run(ws, jobmod.submit(ws, "audio-qc", {"media": str(src), "fps": "25"}, [src]).id)
    assert job.status == "done", job.error
    assert job.result["errors"] == 1 and not job.result["passed"]
    kinds = {o["kind"]: ws.root / o["path"] for o in job.outputs}
    data = json.loads(kinds["report/json"].read_text(encoding="utf-8"))
    assert data["schema"] == "QCReport.1" and data["findings"][0]["tc_in"] == "00:00:01:00"
    html = kinds["report/html"].read_text(encoding="utf-8")
    assert "<svg" in html and "clipping" in html


def test_web_view_shows_the_findings(
    ws: Workspace, clean: tuple[np.ndarray, Path], tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from imagia.app import create_app

    x = clean[0].copy()
    x[2 * SR : 2 * SR + 480, :] = 0.0
    src = _write(tmp_path, "web", x)
    job = jobmod.run(ws, jobmod.submit(ws, "audio-qc", {"media": str(src), "fps": "25"}, [src]).id)
    with TestClient(create_app(ws)) as client:
        page = client.get(f"/jobs/{job.id}", headers={"accept-language": "en"})
    assert page.status_code == 200
    assert "dropout" in page.text and "00:00:02:00" in page.text
    assert "Findings over time" in page.text and "speech band" in page.text
    with TestClient(create_app(ws)) as client:
        page = client.get(f"/jobs/{job.id}", headers={"accept-language": "fr"})
    assert "décrochage : 10,0 ms de zéro numérique" in page.text
    assert "dropout:" not in page.text and "bande parole" in page.text
