"""``imagia index ...`` through the installed entry point, and the web results views."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from imagia.api.app import create_app
from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.registry import tools_for
from tests.index_media import shots_clip
from tests.test_cli import imagia


def test_index_tools_are_registered_with_demos() -> None:
    tools = {t.id: t for t in tools_for("rushes-indexing")}
    assert {"index-add", "index-search"} <= set(tools)
    assert all(t.demo and t.status == "partial" for t in tools.values())


def test_add_list_search_commands(tmp_path: Path) -> None:
    ws = tmp_path / "w"
    clip = shots_clip(tmp_path / "rush.mp4")
    r = imagia("index", "add", str(clip), str(tmp_path / "nope.mov"), "-w", str(ws),
               "--no-transcribe", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "rush.mp4: 6.00 s @ 25 fps, 3 shot(s)" in r.stdout
    assert "nope.mov: file not found" in r.stdout and "1 added" in r.stdout
    r = imagia("index", "add", str(clip), "-w", str(ws), "--no-transcribe", "--json",
               cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["skipped"] == 1
    r = imagia("index", "list", "-w", str(ws), "--format", "json", cwd=tmp_path)
    assert [a["shots"] for a in json.loads(r.stdout)] == [3]
    r = imagia("index", "search", "anything", "-w", str(ws), "--format", "json", cwd=tmp_path)
    assert r.returncode == 0 and json.loads(r.stdout) == []


def test_bad_engine_and_empty_query_are_one_line_errors(tmp_path: Path) -> None:
    ws = tmp_path / "w"
    r = imagia("index", "add", str(tmp_path), "--engine", "magic", "-w", str(ws), cwd=tmp_path)
    assert r.returncode == 1 and "engine" in r.stderr and "Traceback" not in r.stderr
    r = imagia("index", "search", "?!", "-w", str(ws), cwd=tmp_path)
    assert r.returncode == 1 and "query" in r.stderr


def test_results_views_show_served_thumbnails(tmp_path: Path) -> None:
    ws = wsmod.init(tmp_path / "w")
    clip = shots_clip(tmp_path / "rush.mp4")
    add = jobs.run(ws, jobs.submit(ws, "index-add", {"media": [str(clip)],
                                                     "transcribe": False}).id)
    from imagia.index.store import open_index

    with open_index(ws).connect() as con:  # a transcript window, without running the model
        aid = con.execute("SELECT id FROM assets").fetchone()[0]
        con.execute("INSERT INTO windows(asset_id, start, end, text, words) "
                    "VALUES(?, 2.5, 3.5, 'Un été à Orléans', '[]')", (aid,))
    search = jobs.run(ws, jobs.submit(ws, "index-search", {"query": "orleans"}).id)
    assert search.status == "done" and search.result["hits"] == 1
    with TestClient(create_app(ws)) as client:
        page = client.get(f"/jobs/{add.id}").text
        assert "data-shots" in page
        assert page.count(f'<img src="/api/jobs/{add.id}/outputs/thumbs/') == 3
        page = client.get(f"/jobs/{search.id}").text
        assert "Un été à Orléans" in page and "00:00:02:12" in page
        src = page.split('<img src="', 1)[1].split('"', 1)[0]
        img = client.get(src)
        assert img.status_code == 200 and img.content[:2] == b"\xff\xd8"
