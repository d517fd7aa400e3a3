"""Batches: any file tool over a folder, a glob or a CSV, serially or on worker processes, with
the contract's refusals skipped, failures reported, dead workers retried and resume after a
crash (nothing counted twice, nothing lost). Ray: tests/test_batch_ray.py."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from imagia.batch import inputs, plan, runner, state
from imagia.batch.engines import EngineOptions, parallel_limit
from imagia.cli import app
from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.errors import BadFile, BadValue, NotFound
from imagia.core.registry import get_tool
from tests.batch_helpers import kill_worker_of
from tests.conftest import make_audio

TOOL = "audio-loudness"
VOLUMES = (0.8, 0.4, 0.2)  # 1 kHz sines: -23, -29, -35 LUFS (BS.1770)


@pytest.fixture(scope="module")
def tones(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three 1-s tones, a corrupt WAV (a RIFF header, then junk) and a text file."""
    folder = tmp_path_factory.mktemp("tones")
    for k, vol in enumerate(VOLUMES):
        lavfi = f"sine=frequency=1000:sample_rate=48000,volume={vol}"
        make_audio(folder / f"tone{k}.wav", lavfi, seconds=1.0)
    (folder / "corrupt.wav").write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x07" * 64)
    (folder / "notes.txt").write_text("not audio\n", encoding="utf-8")
    return folder


def _results(ws: wsmod.Workspace, batch: state.Batch) -> dict[str, Any]:
    out = {}
    for it in batch.items:
        if it.status == "done":
            r = jobs.get(ws, it.job or "").result
            out[Path(it.input).name] = (r["integrated"], r["true_peak"], r["compliant"])
    return out


def test_serial_and_processes_give_the_same_results(tmp_path: Path, tones: Path) -> None:
    tool = get_tool(TOOL)
    found = inputs.collect(tool, [str(tones)])
    assert [i.path.name for i in found] == [  # the text file is not audio: not an input
        "corrupt.wav",
        "tone0.wav",
        "tone1.wav",
        "tone2.wav",
    ]
    results = {}
    for name, e in (("serial", EngineOptions()), ("processes", EngineOptions("processes", 2))):
        ws = wsmod.init(tmp_path / name)
        ticks: list[runner.Tick] = []
        batch = runner.run_batch(ws, TOOL, found, {}, e, ticks.append)
        counts = batch.counts()
        assert (counts["done"], counts["failed"], counts["skipped"]) == (3, 1, 0)
        [bad] = [it for it in batch.items if it.status == "failed"]
        assert bad.input.endswith("corrupt.wav") and "corrupt.wav" in bad.reason
        assert "ffmpeg" in bad.reason and bad.attempts == 1  # a tool error is not retried
        assert [t.ended for t in ticks] == [1, 2, 3, 4] and ticks[-1].eta == 0
        assert all(it.job and it.seconds and it.attempts == 1 for it in batch.items)
        # one job per input, in the jobs list like a single run, with its outputs
        listed = jobs.list_jobs(ws, tool=TOOL)
        assert sorted(j.id for j in listed) == sorted(it.job or "" for it in batch.items)
        done = [j for j in listed if j.status == "done"]
        assert len(done) == 3 and all(len(j.outputs) == 4 for j in done)
        assert all(j.provenance["inputs"][0]["sha256"] for j in done)
        summary = json.loads((state.batch_dir(ws, batch.id) / "summary.json").read_text())
        assert summary["counts"]["done"] == 3 and summary["ran"] == 4
        assert summary["throughput_per_min"] > 0 and summary["engine"] == name
        csv_rows = (state.batch_dir(ws, batch.id) / "summary.csv").read_text().splitlines()
        assert len(csv_rows) == 5 and csv_rows[0].startswith("input,status,reason")
        results[name] = _results(ws, batch)
    assert results["serial"] == results["processes"]
    levels = [results["serial"][f"tone{k}.wav"][0] for k in range(3)]
    assert levels == pytest.approx([-23.0, -29.0, -35.0], abs=0.3)


def test_a_rerun_redoes_nothing_done_and_a_changed_file_is_new_work(
    ws: wsmod.Workspace, tmp_path: Path, tones: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for k in (0, 1):
        (folder / f"t{k}.wav").write_bytes((tones / f"tone{k}.wav").read_bytes())
    found = inputs.collect(get_tool(TOOL), [str(folder)])
    first = runner.run_batch(ws, TOOL, found, {}, EngineOptions())
    again = runner.run_batch(ws, TOOL, found, {}, EngineOptions())
    assert [it.status for it in again.items] == ["done", "done"]
    assert all(first.id in it.reason and it.attempts == 0 for it in again.items)
    assert [it.job for it in again.items] == [it.job for it in first.items]
    assert again.ran == 0 and len(jobs.list_jobs(ws)) == 2  # no job run twice
    # a changed file is new work; other parameters too (the key holds them)
    assert plan.work_key(TOOL, {"spec": "spotify"}, "media", "0" * 64) != plan.work_key(
        TOOL, {"spec": "ebu-r128"}, "media", "0" * 64
    )
    (folder / "t1.wav").write_bytes((tones / "tone2.wav").read_bytes())
    third = runner.run_batch(ws, TOOL, found, {}, EngineOptions())
    assert [it.attempts for it in third.items] == [0, 1] and third.ran == 1


def test_csv_with_per_file_parameters(ws: wsmod.Workspace, tmp_path: Path, tones: Path) -> None:
    sheet = tmp_path / "inputs.csv"
    sheet.write_text(
        "media,spec\n"
        f"{tones / 'tone0.wav'},spotify\n"
        f"{tones / 'tone1.wav'},\n"  # empty cell: the batch's value
        f"{tones / 'tone2.wav'},loudest\n"  # refused by the contract: skipped
        "missing.wav,ebu-r128\n"  # relative to the CSV's folder, not there: skipped
        f"{tones / 'notes.txt'},\n",  # not audio by its content: skipped
        encoding="utf-8",
    )
    found = inputs.collect(get_tool(TOOL), [], sheet)
    assert found[0].origin == "row 2 of inputs.csv"
    batch = runner.run_batch(ws, TOOL, found, {"spec": "apple-podcasts"}, EngineOptions())
    status = {Path(it.input).name: (it.status, it.reason) for it in batch.items}
    assert status["tone0.wav"][0] == status["tone1.wav"][0] == "done"
    assert "invalid spec 'loudest'" in status["tone2.wav"][1]
    assert status["missing.wav"] == ("skipped", f"{tmp_path / 'missing.wav'}: file not found")
    assert "notes.txt: a text file, not audio or video" in status["notes.txt"][1]
    specs = {
        Path(it.input).name: jobs.get(ws, it.job or "").params["spec"] for it in batch.items[:2]
    }
    assert specs == {"tone0.wav": "spotify", "tone1.wav": "apple-podcasts"}
    summary = state.summary(batch)
    assert summary["counts"] == {"pending": 0, "running": 0, "done": 2, "failed": 0, "skipped": 3}
    assert summary["reasons"]["skipped"]["file not found"] == 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("media,speed\na.wav,2\n", "column 'speed' is not a parameter of audio-loudness"),
        ("spec\nspotify\n", "no 'media' column"),
        ("media,spec\n,spotify\n", "row 2: no file in column 'media'"),
        ("media\na.wav,b.wav\n", "row 2: 2 cells for 1 columns"),
        ("", "empty"),
    ],
)
def test_bad_csv_files_are_named_with_the_row_or_column(
    tmp_path: Path, text: str, problem: str
) -> None:
    sheet = tmp_path / "list.csv"
    sheet.write_text(text, encoding="utf-8")
    with pytest.raises(BadFile, match="list.csv") as info:
        inputs.from_csv(sheet, get_tool(TOOL))
    assert problem in str(info.value)


def test_bad_inputs_and_options(ws: wsmod.Workspace, tmp_path: Path) -> None:
    tool = get_tool(TOOL)
    with pytest.raises(BadFile, match=r"\*\.flac: no file matches"):
        inputs.collect(tool, [str(tmp_path / "*.flac")])
    with pytest.raises(BadFile, match="nowhere: no such file, folder or pattern"):
        inputs.collect(tool, [str(tmp_path / "nowhere")])
    with pytest.raises(BadValue, match="no file audio-loudness can read"):
        inputs.collect(tool, [str(tmp_path)])
    with pytest.raises(BadValue, match="games-simulate.*takes no single input file"):
        inputs.file_param(get_tool("games-simulate"))
    with pytest.raises(BadValue, match="invalid spec 'loudest'"):  # a batch-wide value: once
        plan.plan(ws, TOOL, [], {"spec": "loudest"})
    with pytest.raises(BadValue, match="engine"):
        runner.run_batch(ws, TOOL, [], {}, EngineOptions("cluster"))
    with pytest.raises(NotFound, match="unknown batch"):
        state.load(ws, "../etc")


def test_memory_heavy_tools_run_one_per_core_pair() -> None:
    e = EngineOptions("processes", workers=8)
    assert parallel_limit("audio-loudness", 8, 8, e) == 8
    assert parallel_limit("speech-transcribe", 8, 8, e) == 4
    assert parallel_limit("speech-transcribe", 8, 2, e) == 1
    assert parallel_limit("speech-transcribe", 8, 8, EngineOptions(max_parallel=6)) == 6


def test_a_dead_worker_process_is_retried_once_counted(
    ws: wsmod.Workspace, tmp_path: Path, tones: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    make_audio(folder / "long.wav", "sine=frequency=500:sample_rate=48000", seconds=20.0)
    for k in (0,):
        (folder / f"t{k}.wav").write_bytes((tones / f"tone{k}.wav").read_bytes())
    found = inputs.collect(get_tool(TOOL), [str(folder)])
    killed: list[str] = []
    killer = threading.Thread(target=kill_worker_of, args=(ws, "long.wav", killed))
    killer.start()
    batch = runner.run_batch(ws, TOOL, found, {}, EngineOptions("processes", 2))
    killer.join()
    assert killed, "the long job was never seen running"
    [long] = [it for it in batch.items if it.input.endswith("long.wav")]
    assert long.job == killed[0] and long.attempts == 2 and long.status == "done"
    assert [it.status for it in batch.items] == ["done"] * 2
    listed = jobs.list_jobs(ws)
    assert len(listed) == 2 and all(j.status == "done" for j in listed)  # the same job re-run
    assert state.summary(batch)["retried"] == 1


def test_a_killed_batch_resumes_without_counting_twice(
    ws: wsmod.Workspace, tmp_path: Path, tones: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(5):
        (folder / f"t{k}.wav").write_bytes((tones / f"tone{k % 3}.wav").read_bytes() + bytes([k]))
    cmd = [sys.executable, "-m", "imagia", "batch", "run", TOOL, str(folder), "-w", str(ws.root)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    record, batch = None, None
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            ids = state.ids(ws)
            if ids:
                record = ids[0]
                try:
                    batch = state.load(ws, record)
                except (BadFile, json.JSONDecodeError):
                    batch = None
                if batch and batch.counts()["done"] >= 2:
                    break
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert record is not None
    cut = state.load(ws, record)
    assert cut.status == "interrupted" and cut.driver == proc.pid  # its driver is gone
    done_before = {it.input for it in cut.items if it.status == "done"}
    assert 2 <= len(done_before) < 5, "the batch was not killed midway"
    resumed = runner.resume(ws, record, EngineOptions())
    assert [it.status for it in resumed.items] == ["done"] * 5
    assert all(it.attempts == 1 for it in resumed.items if it.input in done_before)
    listed = jobs.list_jobs(ws)
    assert len(listed) == 5 and all(j.status == "done" for j in listed)  # one job per input
    assert sorted(j.id for j in listed) == sorted(it.job or "" for it in resumed.items)
    assert resumed.ran == 5 and resumed.status == "finished"


def test_the_cli_runs_a_batch_and_shows_its_status(tmp_path: Path, tones: Path) -> None:
    cli = CliRunner()
    w = str(tmp_path / "ws")
    glob = str(tones / "tone[01].wav")
    spotify = ["--param", "spec=spotify", "-w", w]
    r = cli.invoke(app, ["batch", "run", TOOL, glob, *spotify, "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["counts"]["done"] == 2 and data["params"] == {"spec": "spotify"}
    r = cli.invoke(app, ["batch", "status", data["batch"], "-w", w])
    said = " ".join(r.stdout.split())
    assert r.exit_code == 0 and "2 done" in said and "summary.csv" in said
    r = cli.invoke(app, ["batch", "run", TOOL, glob, str(tones / "corrupt.wav"), *spotify])
    said = " ".join(r.stdout.split())
    assert r.exit_code == 1  # the corrupt file failed
    assert "corrupt.wav" in said and "2 done (2 already done before), 1 failed" in said
    r = cli.invoke(app, ["batch", "run", TOOL, glob, "--param", "spec", "-w", w])
    assert isinstance(r.exception, BadValue) and "name=value" in str(r.exception)


def test_the_journal_keeps_each_change_and_a_cut_line_is_left_out(ws: wsmod.Workspace) -> None:
    items = [state.Item("/in/a.wav"), state.Item("/in/b.wav")]
    batch = state.Batch(state.new_id(), TOOL, {}, items=items)
    state.save(ws, batch)
    batch.items[0].status, batch.ran = "done", 1
    state.record(ws, batch, 0)
    batch.items[1].status = "running"
    state.record(ws, batch, 1)
    journal = state.batch_dir(ws, batch.id) / state.JOURNAL
    journal.write_text(journal.read_text()[:-10])  # the last line cut by a crash
    back = state.load(ws, batch.id)
    assert [it.status for it in back.items] == ["done", "pending"] and back.ran == 1
    state.save(ws, back)  # the whole record again: the journal is in it
    assert not journal.exists() and state.load(ws, batch.id).items[0].status == "done"


def test_ctrl_c_leaves_the_batch_interrupted_and_resume_finishes_it(
    ws: wsmod.Workspace, tones: Path
) -> None:
    found = inputs.collect(get_tool(TOOL), [str(tones / "tone0.wav"), str(tones / "tone1.wav")])

    def ctrl_c(tick: runner.Tick) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        runner.run_batch(ws, TOOL, found, {}, EngineOptions(), ctrl_c)
    [bid] = state.ids(ws)
    cut = state.load(ws, bid)
    assert cut.status == "interrupted" and [it.status for it in cut.items] == ["done", "pending"]
    assert state.summary(cut)["counts"]["pending"] == 1  # its summary was written too
    resumed = runner.resume(ws, bid, EngineOptions())
    assert [it.status for it in resumed.items] == ["done", "done"] and resumed.ran == 2
    assert len(jobs.list_jobs(ws)) == 2
