"""The subtitles and speech commands: QC with fix, convert, profiles, make on TTS speech, and
bad input turned into one line and exit code 1 with nothing written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from imagia.cli import app
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod
from imagia.speech.demo import DEMO_SRT
from imagia.speech.subtitles import formats
from tests.speech_media import concat, needs_whisper, tts

runner = CliRunner()


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "imagia", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(cwd)},
    )


def test_qc_reports_then_fixes(ws: wsmod.Workspace, tmp_path: Path) -> None:
    subs = tmp_path / "faults.srt"
    subs.write_text(DEMO_SRT, encoding="utf-8")
    r = runner.invoke(app, ["subtitles", "qc", str(subs), "-w", str(ws.root), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["share_ok_before"] == 0.0 and data["by_rule"]["chars_per_line"] == 1
    r = runner.invoke(app, ["subtitles", "check", str(subs), "--fix", "-w", str(ws.root)])
    assert r.exit_code == 0, r.output
    assert "after fixing: 100%" in r.stdout and "fixed" in r.stdout
    fixed = next(ws.outputs_dir.rglob("faults.fixed.srt"))
    assert formats.load(fixed).events[1].lines == [
        "Tonight the mayor announced a new plan",
        "for the river banks.",
    ]
    assert subs.read_text(encoding="utf-8") == DEMO_SRT  # the input is never modified


def test_convert_and_profiles(tmp_path: Path) -> None:
    src = tmp_path / "a.srt"
    src.write_text(DEMO_SRT, encoding="utf-8")
    for ext in ("vtt", "ttml", "ass", "stl"):
        r = runner.invoke(
            app, ["subtitles", "convert", str(src), str(tmp_path / f"a.{ext}"), "--fps", "25"]
        )
        assert r.exit_code == 0, r.output
        assert len(formats.load(tmp_path / f"a.{ext}").events) == 3
    r = runner.invoke(app, ["subtitles", "profiles", "--show", "netflix-fr"])
    assert "max_cps: 17.0" in r.stdout
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        r.stdout.replace("max_chars_per_line: 42", "max_chars_per_line: 30"), encoding="utf-8"
    )
    r = runner.invoke(
        app, ["subtitles", "qc", str(src), "-p", str(mine), "-w", str(tmp_path / "ws"), "--json"]
    )
    assert json.loads(r.stdout)["profile"] == "mine"
    rows = json.loads(runner.invoke(app, ["subtitles", "profiles", "--json"]).stdout)
    assert {p["id"] for p in rows} >= {"netflix-en", "netflix-fr", "bbc", "sdh-fr"}


def test_bad_input_one_line_exit_1_nothing_written(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    video = tmp_path / "mute.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-y",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=64x64:rate=25:duration=1",
            "-pix_fmt",
            "yuv420p",
            str(video),
        ],
        check=True,
    )
    cp1252 = tmp_path / "weird.srt"
    cp1252.write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\n\x81\x8d\n")
    cases = [
        (["subtitles", "make", str(video), "-w", str(ws)], "mute.mp4: has no audio stream"),
        (
            ["speech", "transcribe", str(tmp_path / "none.wav"), "-w", str(ws)],
            "none.wav: file not found",
        ),
        (["subtitles", "qc", str(cp1252), "-w", str(ws)], "weird.srt: unknown text encoding"),
        (
            ["subtitles", "qc", str(cp1252), "-p", "netflix-de", "-w", str(ws)],
            "unknown subtitle profile 'netflix-de'",
        ),
        (
            ["subtitles", "make", str(video), "--to", "docx", "-w", str(ws)],
            "invalid subtitle format 'docx'",
        ),
    ]
    for args, message in cases:
        r = cli(*args, cwd=tmp_path)
        assert r.returncode == 1, (args, r.stderr)
        assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert not list((ws / "outputs").rglob("*.*")) if (ws / "outputs").exists() else True


@needs_whisper
@pytest.mark.slow
def test_make_french_subtitles_meet_the_profile(ws: wsmod.Workspace, tmp_path: Path) -> None:
    parts = [
        tts(tmp_path / f"p{k}.wav", s, "fr")
        for k, s in enumerate(
            [
                "Bonsoir à tous et bienvenue dans le journal du soir.",
                "Le maire de la ville a présenté un nouveau projet pour les bords de la rivière.",
                "Les travaux commenceront au printemps.",
            ]
        )
    ]
    media = concat(tmp_path / "journal.wav", parts, silence=0.8)
    r = runner.invoke(
        app,
        [
            "subtitles",
            "make",
            str(media),
            "--profile",
            "netflix-fr",
            "--to",
            "vtt",
            "--fps",
            "23.976",
            "-w",
            str(ws.root),
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["language"] == "fr" and data["share_ok"] == 1.0 and data["rate"] == "23.976"
    vtt = next(ws.outputs_dir.rglob("journal.netflix-fr.vtt"))
    sf = formats.load(vtt)
    assert "rivière" in " ".join(e.text for e in sf.events)
    assert all(len(line) <= 42 for e in sf.events for line in e.lines)
    job = jobmod.get(ws, data["job"])
    assert job.provenance["models"][0]["model"] == "whisper-base"
