"""Jobs under faults: an output folder that cannot be made ends the job ``failed`` with one
clear line (never ``queued`` forever), and a job finishing while its status is read is reported
as the database says, not as interrupted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from imagia.core import jobs
from imagia.core.errors import WorkspaceError
from imagia.core.workspace import Workspace


def test_an_output_folder_that_cannot_be_made_fails_the_job(ws: Workspace, sine_wav: Path) -> None:
    job = jobs.submit(ws, "audio-loudness", {"media": str(sine_wav)})
    ws.outputs_dir.mkdir(parents=True, exist_ok=True)
    (ws.outputs_dir / job.id).write_text("in the way\n")  # the job's folder cannot be made
    with pytest.raises(WorkspaceError, match=f"cannot write .*{job.id}"):
        jobs.run(ws, job.id)
    failed = jobs.get(ws, job.id)
    assert failed.status == "failed" and job.id in (failed.error or "")
    assert [line["level"] for line in jobs.logs(ws, job.id)] == ["error"]


def test_the_cli_says_it_in_one_line(tmp_path: Path, sine_wav: Path) -> None:
    ws_dir = tmp_path / "ws"
    ws_dir.mkdir()
    subprocess.run(
        [sys.executable, "-m", "imagia", "init", str(ws_dir)], check=True, capture_output=True
    )
    (ws_dir / "outputs").rmdir()
    (ws_dir / "outputs").write_text("a file where the outputs folder should be\n")
    r = subprocess.run(
        [sys.executable, "-m", "imagia", "audio", "loudness", str(sine_wav), "-w", str(ws_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert "outputs: cannot be made a folder of the workspace" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_job_ending_while_read_is_reported_as_the_database_says(
    ws: Workspace, sine_wav: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = jobs.submit(ws, "audio-loudness", {"media": str(sine_wav)})
    with ws.connect() as con:
        con.execute("UPDATE jobs SET status='running', pid=? WHERE id=?", (os.getpid(), job.id))

    def finishes_meanwhile(pid: int | None, seen: jobs.Job) -> bool:
        with ws.connect() as con:  # the runner writes 'done' between the read and the check
            con.execute("UPDATE jobs SET status='done' WHERE id=?", (seen.id,))
        return True

    monkeypatch.setattr(jobs, "_dead", finishes_meanwhile)
    assert jobs.get(ws, job.id).status == "done"
    with ws.connect() as con:
        (status,) = con.execute("SELECT status FROM jobs WHERE id=?", (job.id,)).fetchone()
    assert status == "done"
