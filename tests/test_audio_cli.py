"""``imagia audio ...`` end to end through the installed entry point (the real error boundary)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from imagia.core.registry import tools_for
from tests.conftest import make_audio
from tests.test_cli import imagia


def test_audio_post_tools_are_registered_with_demos() -> None:
    ids = {t.id for t in tools_for("audio-post")}
    assert {"audio-loudness", "audio-qc", "audio-sync", "audio-denoise"} <= ids
    assert all(t.demo and t.status == "partial" for t in tools_for("audio-post"))


def test_qc_and_loudness_normalise_commands(tmp_path: Path) -> None:
    ws = tmp_path / "w"
    src = make_audio(
        tmp_path / "mix.wav", "anoisesrc=color=pink:amplitude=0.05:seed=3", seconds=4, channels=2
    )
    r = imagia("audio", "qc", str(src), "-w", str(ws), "--fps", "24", "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["passed"] and data["errors"] == 0
    spec = tmp_path / "house.yaml"
    spec.write_text(
        "name: House\ntarget: -20\ntolerance: 0.5\nmax_true_peak: -1\n"
        "gating: programme\nsource: test sheet\n",
        encoding="utf-8",
    )
    r = imagia(
        "audio",
        "loudness",
        str(src),
        "--spec",
        str(spec),
        "--normalise",
        "-w",
        str(ws),
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert "normalised (linear" in r.stdout and "compliant" in r.stdout
    assert src.is_file()


def test_sync_and_denoise_commands(tmp_path: Path) -> None:
    ws = tmp_path / "w"
    a = make_audio(tmp_path / "a.wav", "anoisesrc=color=pink:amplitude=0.1:seed=9", seconds=3)
    b = tmp_path / "b.wav"
    subprocess.run(
        ["ffmpeg", "-y", "-v", "error", "-i", str(a), "-af", "adelay=120", "-ar", "44100", str(b)],
        check=True,
    )
    r = imagia("audio", "sync", str(a), str(b), "-w", str(ws), "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["offset_ms"] == pytest.approx(120.0, abs=0.1)
    r = imagia("audio", "denoise", str(a), "--method", "spectral-gate", "-w", str(ws), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "estimated SNR" in r.stdout


def test_errors_are_one_line(tmp_path: Path, sine_wav: Path) -> None:
    ws = str(tmp_path / "w")
    cases = [
        (["audio", "qc", str(sine_wav), "--layout", "5.1"], "5.1 checks need 6"),
        (["audio", "qc", str(sine_wav), "--fps", "fast"], "invalid fps"),
        (["audio", "loudness", str(sine_wav), "--spec", "loud"], "invalid spec"),
        (
            ["audio", "loudness", str(sine_wav), "--spec", str(tmp_path / "x.yaml")],
            "spec file not found",
        ),
        (["audio", "sync", str(sine_wav)], "give two files"),
        (["audio", "denoise", str(sine_wav), "--method", "magic"], "invalid method"),
    ]
    for args, msg in cases:
        r = imagia(*args, "-w", ws, cwd=tmp_path)
        assert r.returncode == 1, (args, r.stdout, r.stderr)
        assert msg in r.stderr and "Traceback" not in r.stderr, (args, r.stderr)
