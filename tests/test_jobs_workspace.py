"""Workspace creation, jobs with progress, provenance and outputs, interruption and resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.errors import BadFile, NotFound, WorkspaceError
from imagia.core.provenance import atomic_write, sha256_file


def test_init_is_idempotent_and_keeps_config(tmp_path: Path) -> None:
    ws = wsmod.init(tmp_path / "p", "Mon film")
    assert wsmod.is_workspace(ws.root)
    assert ws.setting("workspace", "name", None) == "Mon film"
    ws.config_path.write_text(ws.config_path.read_text().replace("512", "64"))
    wsmod.init(ws.root)
    assert ws.setting("web", "max_upload_mb", None) == 64


def test_resolve_refuses_a_folder_that_is_not_a_workspace(tmp_path: Path) -> None:
    (tmp_path / "stuff.txt").write_text("x")
    with pytest.raises(WorkspaceError, match="not an imagia workspace"):
        wsmod.resolve(tmp_path)


def test_resolve_uses_env_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMAGIA_WORKSPACE", str(tmp_path / "default"))
    monkeypatch.chdir(tmp_path)
    ws = wsmod.resolve(None)
    assert ws.root == tmp_path / "default" and wsmod.is_workspace(ws.root)


def test_job_records_progress_provenance_and_outputs(ws: wsmod.Workspace, sine_wav: Path) -> None:
    seen: list[float] = []
    job = jobs.submit(
        ws, "audio-loudness", {"media": str(sine_wav), "spec": "ebu-r128"}, [sine_wav]
    )
    assert job.status == "queued"
    done = jobs.run(ws, job.id, lambda f, m: seen.append(f))
    assert done.status == "done" and done.progress == 1.0
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
    prov = done.provenance
    assert prov["tool"] == "audio-loudness"
    assert prov["inputs"][0]["sha256"] == sha256_file(sine_wav)
    kinds = {o["kind"] for o in done.outputs}
    assert {"report/json", "curve/csv"} <= kinds
    rel = next(o["path"] for o in done.outputs if o["kind"] == "report/json")
    report = json.loads((ws.root / rel).read_text())
    assert report["integrated"] == pytest.approx(-23.0, abs=0.1)
    assert jobs.output_path(ws, job.id, rel).is_file()
    with pytest.raises(NotFound):
        jobs.output_path(ws, job.id, "../../etc/passwd")


def test_failed_job_keeps_the_error_and_can_resume(ws: wsmod.Workspace, tmp_path: Path) -> None:
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    job = jobs.submit(ws, "audio-loudness", {"media": str(bad)}, [bad])
    with pytest.raises(BadFile):
        jobs.run(ws, job.id)
    failed = jobs.get(ws, job.id)
    assert failed.status == "failed" and "broken.wav" in (failed.error or "")
    assert any(line["level"] == "error" for line in jobs.logs(ws, job.id))
    # Fix the input and run the same job again with its saved parameters.
    from tests.conftest import make_audio

    make_audio(bad, "sine=frequency=1000,volume=0.8", seconds=3)
    assert jobs.run(ws, job.id).status == "done"


def test_submit_checks_inputs(ws: wsmod.Workspace, tmp_path: Path) -> None:
    with pytest.raises(BadFile, match="file not found"):
        jobs.submit(ws, "audio-loudness", {"media": str(tmp_path / "missing.wav")})
    with pytest.raises(NotFound):
        jobs.get(ws, "nope")


def test_interrupted_job_is_marked(ws: wsmod.Workspace, sine_wav: Path) -> None:
    job = jobs.submit(ws, "audio-loudness", {"media": str(sine_wav)}, [sine_wav])
    with ws.connect() as con:
        con.execute("UPDATE jobs SET status='running', started=0 WHERE id=?", (job.id,))
    assert jobs.get(ws, job.id).status == "interrupted"
    # A job whose process died is interrupted at once; one of a live process is left alone.
    import subprocess

    gone = subprocess.Popen(["true"])
    gone.wait()
    with ws.connect() as con:
        con.execute(
            "UPDATE jobs SET status='running', started=?, pid=? WHERE id=?",
            (1e12, gone.pid, job.id),
        )
    assert jobs.get(ws, job.id).status == "interrupted"
    with ws.connect() as con:
        con.execute("UPDATE jobs SET status='running', pid=1 WHERE id=?", (job.id,))
    assert jobs.get(ws, job.id).status == "running"


def test_atomic_write_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_write(target) as fh:
        fh.write("half")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]
