"""``imagia index ...`` through the installed entry point, and the web results views."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from imagia.app import create_app
from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.registry import get_tool, tools_for
from tests.index_media import shots_clip
from tests.test_cli import imagia


def test_index_tools_are_registered_with_demos() -> None:
    tools = {t.id: t for t in tools_for("rushes-indexing")}
    assert {"index-add", "index-search"} <= set(tools)
    assert all(t.demo and t.status == "partial" for t in tools.values())


def test_add_list_search_commands(tmp_path: Path) -> None:
    ws = tmp_path / "w"
    clip = shots_clip(tmp_path / "rush.mp4")
    r = imagia(
        "index",
        "add",
        str(clip),
        str(tmp_path / "nope.mov"),
        "-w",
        str(ws),
        "--no-transcribe",
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert "rush.mp4: 6.00 s @ 25 fps, 3 shot(s)" in r.stdout
    assert "nope.mov: file not found" in r.stdout and "1 added" in r.stdout
    r = imagia("index", "add", str(clip), "-w", str(ws), "--no-transcribe", "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["skipped"] == 1
    # Nothing indexed (every file missing or junk): each failure listed, exit 1, one error line.
    junk = tmp_path / "junk.mp4"
    junk.write_text("not a video\n")
    r = imagia("index", "add", str(junk), str(tmp_path / "gone.mov"), "-w", str(ws), cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert "junk.mp4" in r.stdout and "gone.mov: file not found" in r.stdout
    assert r.stderr.startswith("error: nothing indexed: every file failed (2)")
    r = imagia("index", "list", "-w", str(ws), "--format", "json", cwd=tmp_path)
    assert [a["shots"] for a in json.loads(r.stdout)] == [3]
    r = imagia("index", "search", "anything", "-w", str(ws), "--format", "json", cwd=tmp_path)
    assert r.returncode == 0 and json.loads(r.stdout) == []


def test_bad_engine_and_empty_query_are_one_line_errors(tmp_path: Path) -> None:
    ws = tmp_path / "w"
    r = imagia("index", "add", str(tmp_path), "--engine", "magic", "-w", str(ws), cwd=tmp_path)
    assert r.returncode == 1 and "engine" in r.stderr and "Traceback" not in r.stderr
    for option, value, named in (
        ("--shots", "magic", "shots engine"),
        ("--steps", "shots,bogus", "steps 'bogus'"),
        ("--skip", "faces,nope", "skip 'nope'"),
        ("--workers", "0", "workers"),
        ("--threshold", "300", "threshold"),
    ):
        r = imagia("index", "add", str(tmp_path), option, value, "-w", str(ws), cwd=tmp_path)
        assert r.returncode == 1 and named in r.stderr and "Traceback" not in r.stderr, option
        assert len(r.stderr.strip().splitlines()) == 1
    assert not ws.exists()  # refused before any workspace was made
    r = imagia("index", "search", "?!", "-w", str(ws), cwd=tmp_path)
    assert r.returncode == 1 and "query" in r.stderr


def test_results_views_show_served_thumbnails(tmp_path: Path) -> None:
    ws = wsmod.init(tmp_path / "w")
    clip = shots_clip(tmp_path / "rush.mp4")
    add = jobs.run(ws, jobs.submit(ws, "index-add", {"media": [str(clip)], "transcribe": False}).id)
    from imagia.index.store import open_index

    with open_index(ws).connect() as con:  # a transcript window, without running the model
        aid = con.execute("SELECT id FROM assets").fetchone()[0]
        con.execute(
            "INSERT INTO windows(asset_id, start, end, text, words) "
            "VALUES(?, 2.5, 3.5, 'Un été à Orléans', '[]')",
            (aid,),
        )
    search = jobs.run(ws, jobs.submit(ws, "index-search", {"query": "orleans"}).id)
    assert search.status == "done" and search.result["moments"] == 1
    with TestClient(create_app(ws)) as client:
        page = client.get(f"/jobs/{add.id}").text
        assert "data-shots" in page
        assert page.count(f'<img src="/api/jobs/{add.id}/outputs/thumbs/') == 3
        page = client.get(f"/jobs/{search.id}").text
        assert "Un été à Orléans" in page and "00:00:02:12" in page
        src = page.split('<img src="', 1)[1].split('"', 1)[0]
        img = client.get(src)
        assert img.status_code == 200 and img.content[:2] == b"\xff\xd8"


def test_add_with_steps_and_workers_shows_step_times(tmp_path: Path) -> None:
    ws = tmp_path / "w"
    folder = tmp_path / "rushes"
    folder.mkdir()
    shots_clip(folder / "a.mp4")
    shots_clip(folder / "b.mp4", colours=("white", "black"), seconds=(1.0, 1.0))
    r = imagia(
        "index",
        "add",
        str(folder),
        "--shots",
        "content",
        "--steps",
        "shots,faces",
        "--skip",
        "faces",
        "--workers",
        "2",
        "-w",
        str(ws),
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert "a.mp4: 6.00 s @ 25 fps, 3 shot(s)" in r.stdout
    assert "b.mp4: 2.00 s @ 25 fps, 2 shot(s)" in r.stdout
    assert re.search(r"time per step: shots [\d.]+ s \(thumbnails [\d.]+ s\)\n", r.stdout)
    assert "2 added, 0 already indexed, 0 failed" in r.stdout and "on 2 worker(s)" in r.stdout
    r = imagia("index", "list", "-w", str(ws), "--format", "json", cwd=tmp_path)
    rows = json.loads(r.stdout)
    assert [(a["name"], a["shots"], a["faces"], a["texts"], a["sounds"]) for a in rows] == [
        ("a.mp4", 3, 0, 0, 0),
        ("b.mp4", 2, 0, 0, 0),
    ]
    r = imagia("index", "list", "-w", str(ws), cwd=tmp_path)
    assert "faces" in r.stdout and "sounds" in r.stdout


def test_jobs_saved_with_the_old_engine_param_still_run(tmp_path: Path) -> None:
    ws = wsmod.init(tmp_path / "w")
    clip = shots_clip(tmp_path / "rush.mp4")
    # A job record of an older imagia (``engine`` then named the shot detector), as saved.
    old = {"media": [str(clip)], "engine": "content", "threshold": 27.0, "transcribe": False}
    job = jobs.run(ws, jobs.create(ws, get_tool("index-add"), old, [clip]).id)
    assert job.status == "done", job.error
    r = job.result
    assert (r["shots"], r["engine"], r["workers"]) == ("content", "local", 1)
    assert r["steps"] == ["shots", "faces", "text", "sounds", "vectors"]
    assert r["assets"][0]["shots"] == 3
