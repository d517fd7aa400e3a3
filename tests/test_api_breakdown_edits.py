"""``/api/script/breakdown/{job}/edits``: a breakdown's elements edited (add, remove,
recategorise), kept in the workspace, carried to the breakdown of the next draft."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from imagia.app import create_app
from imagia.core import workspace as wsmod
from tests.conftest import csrf_headers
from tests.test_chain import _wait
from tests.test_script_edits import DRAFT1, DRAFT2


def _breakdown(client: TestClient, name: str) -> dict[str, Any]:
    r = client.post(
        "/api/jobs",
        json={"tool": "script-breakdown", "params": {"file": f"files/{name}", "nlp": False}},
    )
    assert r.status_code == 201, r.text
    return _wait(client, r.json()["id"])


@pytest.fixture
def setup(ws: wsmod.Workspace) -> Any:
    ws.files_dir.mkdir(parents=True, exist_ok=True)
    (ws.files_dir / "kettle.fountain").write_text(DRAFT1, encoding="utf-8")
    (ws.files_dir / "kettle-v2.fountain").write_text(DRAFT2, encoding="utf-8")
    with TestClient(create_app(ws)) as client:
        yield client, ws, _breakdown(client, "kettle.fountain")


def _url(job: dict[str, Any]) -> str:
    return f"/api/script/breakdown/{job['id']}/edits"


def _names(scene: dict[str, Any]) -> set[tuple[str, str]]:
    return {(i["category"], i["name"]) for i in scene["items"]}


def test_edits_are_kept_and_carried_to_the_next_draft(setup: Any) -> None:
    client, ws, job = setup
    data = client.get(_url(job)).json()
    assert data["screenplay"] == "the-kettle" and data["edits"] == []
    street = data["scenes"][1]
    assert street["position"] == 1 and street["heading"] == "EXT. STREET - NIGHT"
    first = street["items"][-1]
    r = client.post(
        _url(job), json={"scene": 0, "op": "add", "name": "teapot", "category": "props"}
    )
    assert r.status_code == 201, r.text
    assert ("props", "teapot") in _names(r.json()["scene"]) and r.json()["edits"] == 1
    r = client.post(
        _url(job),
        json={
            "scene": 1,
            "op": "recategorise",
            "name": first["name"],
            "category": "sfx",
            "previous": first["category"],
        },
    )
    assert r.status_code == 201, r.text
    assert ("sfx", first["name"]) in _names(r.json()["scene"])
    r = client.post(
        _url(job), json={"scene": 2, "op": "add", "name": "candles", "category": "set_dressing"}
    )
    assert r.json()["edits"] == 3
    kept = json.loads((ws.root / "edits" / "breakdown" / "the-kettle.json").read_text())
    assert kept["schema"] == "BreakdownEdits.1" and len(kept["edits"]) == 3
    again = client.get(_url(job)).json()  # a reload shows them
    assert ("props", "teapot") in _names(again["scenes"][0])
    job2 = _breakdown(client, "kettle-v2.fountain")
    assert job2["result"]["edits_carried"] == 2 and job2["result"]["edits_not_carried"] == 1
    scenes2 = client.get(_url(job2)).json()["scenes"]
    kitchen = next(s for s in scenes2 if s["heading"] == "INT. KITCHEN - DAY")
    street2 = next(s for s in scenes2 if s["heading"] == "EXT. STREET - NIGHT")
    assert ("props", "teapot") in _names(kitchen) and kitchen["scene"] == "2"
    assert ("sfx", first["name"]) in _names(street2)
    assert (first["category"], first["name"]) not in _names(street2)
    page = client.get(f"/jobs/{job2['id']}", headers={"Accept-Language": "en"}).text
    assert "Edits carried over from an earlier draft: 2; not carried (scene gone): 1." in page
    page = client.get(f"/jobs/{job2['id']}", headers={"Accept-Language": "fr"}).text
    assert "Modifications reprises d'une version antérieure" in page


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"scene": 0, "op": "add", "name": "x", "category": "furniture"}, 422, "category"),
        ({"scene": 0, "op": "remove", "name": "anvil", "category": "props"}, 422, "name"),
        ({"scene": 9, "op": "add", "name": "x", "category": "props"}, 422, "scene"),
        ({"scene": 0, "op": "rename", "name": "x", "category": "props"}, 422, "op"),
        ({"scene": 0, "op": "add", "name": "", "category": "props"}, 422, "name"),
        (
            {"scene": 0, "op": "recategorise", "name": "ANNA", "category": "props"},
            422,
            "previous",
        ),
    ],
)
def test_bad_edits_are_refused(setup: Any, body: dict[str, Any], status: int, field: str) -> None:
    client, ws, job = setup
    r = client.post(_url(job), json=body)
    assert r.status_code == status, r.text
    assert field in r.text
    assert not (ws.root / "edits").exists()  # nothing kept


def test_wrong_jobs_and_csrf(setup: Any) -> None:
    client, _, job = setup
    assert client.get("/api/script/breakdown/nope/edits").status_code == 404
    r = client.post(
        "/api/jobs", json={"tool": "script-parse", "params": {"file": "files/kettle.fountain"}}
    )
    parse = _wait(client, r.json()["id"])
    r = client.get(f"/api/script/breakdown/{parse['id']}/edits")
    assert r.status_code == 422 and "not a script-breakdown job" in r.json()["message"]
    body = {"scene": 0, "op": "add", "name": "x", "category": "props"}
    client.get(f"/jobs/{job['id']}")  # a browser session: its POSTs need the page's token
    assert client.post(_url(job), json=body).status_code == 403
    assert client.post(_url(job), json=body, headers=csrf_headers(client)).status_code == 201


def test_break_down_again_with_the_edits(setup: Any) -> None:
    """The view's button runs the breakdown again on the same file: its CSV, XLSX and scene
    list then hold the edits (the scene list the stripboard reads gets the added extras)."""
    client, ws, job = setup
    r = client.post(
        _url(job), json={"scene": 0, "op": "add", "name": "neighbours", "category": "extras"}
    )
    assert r.status_code == 201, r.text
    page = client.get(f"/jobs/{job['id']}", headers={"Accept-Language": "en"}).text
    form = page[page.index('<form class="bd-rerun"') :]
    form = form[: form.index("</form>")]
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))
    assert fields["file"] == "files/kettle.fountain" and fields["nlp"] == "false"
    r = client.post("/usecases/budgeting/run", data=fields, follow_redirects=False)
    assert r.status_code == 303, r.text
    again = _wait(client, r.headers["location"].rsplit("/", 1)[-1])
    assert again["result"]["edits_carried"] == 1
    scenes = next(o for o in again["outputs"] if o["kind"] == "scenes/csv")
    rows = list(csv.DictReader(io.StringIO((ws.root / scenes["path"]).read_text())))
    assert "neighbours" in rows[0]["extras"]
