"""Tools that chain ("use in…"): a job's outputs offered to the tools whose file parameters take
them, the run form with the output chosen, the pickers listing only what a parameter reads."""

from __future__ import annotations

import dataclasses
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from imagia.app import create_app
from imagia.core import jobs
from imagia.core import workspace as wsmod
from imagia.core.registry import all_tools, get_tool
from imagia.faces import chain
from tests.conftest import csrf_headers
from tests.test_api_schedule import run_schedule_job, write_problem
from tests.test_script_edits import DRAFT1

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there.\n\n2\n00:00:03,000 --> 00:00:04,000\nBye.\n"


def fake_transcribe(params: dict[str, Any], job: Any) -> dict[str, Any]:
    """A transcription job's outputs, written through the real job context (no model run)."""
    job.write_text("take.txt", "Hello there. Bye.\n", "transcript/txt")
    job.write_json(
        "take.transcript.json", {"schema": "Transcript.1", "segments": []}, "transcript/json"
    )
    job.write_text("take.srt", SRT, "subtitles/srt")
    return {}


def _wait(client: TestClient, job_id: str) -> dict[str, Any]:
    end = time.monotonic() + 60
    while time.monotonic() < end:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed", "interrupted"):
            assert job["status"] == "done", job
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Any:
    ws = wsmod.init(tmp_path_factory.mktemp("chain") / "ws")
    ws.files_dir.mkdir(parents=True, exist_ok=True)
    (ws.files_dir / "kettle.fountain").write_text(DRAFT1, encoding="utf-8")
    with TestClient(create_app(ws)) as client:
        r = client.post(
            "/api/jobs",
            json={
                "tool": "script-breakdown",
                "params": {"file": "files/kettle.fountain", "nlp": False},
            },
        )
        assert r.status_code == 201, r.text
        breakdown = _wait(client, r.json()["id"])
        schedule = run_schedule_job(client, write_problem(ws))
        media = ws.files_dir / "take.wav"
        media.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40)
        tool = get_tool("speech-transcribe")
        fake = dataclasses.replace(tool, entry="tests.test_chain:fake_transcribe")
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(jobs, "get_tool", lambda _id: fake)
            job = jobs.create(ws, tool, {"media": str(media)}, [media])
            jobs.run(ws, job.id)
        yield client, ws, breakdown, schedule, client.get(f"/api/jobs/{job.id}").json()


def _uses(client: TestClient, job: dict[str, Any], kind: str) -> list[tuple[str, str]]:
    out = next(o for o in job["outputs"] if o["kind"] == kind)
    data = client.get(f"/api/jobs/{job['id']}/use").json()
    return [(t["tool"], t["param"]) for t in data["outputs"][out["path"]]]


def test_breakdown_scenes_go_to_the_stripboard(setup: Any) -> None:
    client, _, breakdown, _, _ = setup
    uses = _uses(client, breakdown, "scenes/csv")
    assert ("schedule-optimise", "scenes") in uses and ("schedule-replan", "scenes") in uses
    assert not any(t.startswith(("script-", "subtitles-", "finance-")) for t, _ in uses)
    assert _uses(client, breakdown, "breakdown/json") == [("script-breakdown", "corrections")]


def test_a_transcript_goes_to_subtitles(setup: Any) -> None:
    client, _, _, _, transcript = setup
    assert _uses(client, transcript, "transcript/txt") == [("subtitles-align", "text")]
    assert set(_uses(client, transcript, "subtitles/srt")) == {
        ("subtitles-align", "text"),
        ("subtitles-qc", "subs"),
    }
    assert _uses(client, transcript, "transcript/json") == []


def test_a_schedule_goes_to_the_budget(setup: Any) -> None:
    client, _, _, schedule, _ = setup
    assert set(_uses(client, schedule, "schedule/json")) == {
        ("budget-topsheet", "schedule"),
        ("schedule-replan", "schedule"),
    }


def test_the_run_form_has_the_output_chosen(setup: Any) -> None:
    client, _, breakdown, _, _ = setup
    out = next(o for o in breakdown["outputs"] if o["kind"] == "scenes/csv")
    use = client.get(f"/api/jobs/{breakdown['id']}/use").json()["outputs"][out["path"]]
    form = next(u["form"] for u in use if u["tool"] == "schedule-optimise")
    page = client.get(form).text
    select = re.search(r'<select id="f-schedule-optimise-scenes".*?</select>', page, re.S)
    assert select, "no scenes picker"
    chosen = re.findall(r'<option value="([^"]+)"[^>]*selected', select[0])
    assert chosen == [out["path"]]
    # the picker lists only what the parameter reads: no screenplay's breakdown JSON, no PDF
    values = re.findall(r'<option value="([^"]+)"', select[0])
    assert not [v for v in values if v.endswith((".breakdown.json", ".pdf", ".wav"))]
    # a name outside the workspace or of a kind the parameter refuses is never chosen
    for bad in ("../../etc/passwd", "files/take.wav"):
        page = client.get(
            f"/usecases/shooting-schedule?tool=schedule-optimise&param=scenes&file={quote(bad)}"
        ).text
        assert f'value="{bad}"' not in page


def test_a_job_takes_an_output_by_its_workspace_name(setup: Any) -> None:
    """What the form posts (outputs/<job>/x.csv) passes the one gate, as a workspace file."""
    client, ws, _, schedule, _ = setup
    out = next(o for o in schedule["outputs"] if o["kind"] == "schedule/json")
    r = client.post(
        "/api/jobs",
        json={"tool": "budget-topsheet", "params": {"schedule": out["path"]}},
        headers=csrf_headers(client),
    )
    assert r.status_code == 201, r.text
    done = _wait(client, r.json()["id"])
    assert {o["kind"] for o in done["outputs"]} >= {"budget/json"}
    assert done["provenance"]["inputs"][0]["path"] == str((ws.root / out["path"]).resolve())


def test_the_job_page_offers_use_in(setup: Any) -> None:
    client, _, breakdown, _, _ = setup
    page = client.get(f"/jobs/{breakdown['id']}", headers={"Accept-Language": "en"}).text
    assert "Use in…" in page
    assert 'data-use-tool="schedule-optimise"' in page


def test_reads_names_declared_parameters_and_outputs() -> None:
    outputs = {k for t in all_tools() for k in t.outputs}
    for (tool_id, name), kinds in chain.READS.items():
        params = {p.name: p for p in get_tool(tool_id).params}
        assert name in params and params[name].kind in ("file", "files"), (tool_id, name)
        for k in kinds:
            assert k in outputs or any(o.startswith(k.removesuffix("*")) for o in outputs), k


def test_pickers_take_only_accepted_content(tmp_path: Path) -> None:
    from imagia.web.forms import pickers

    ws = wsmod.init(tmp_path / "ws")
    files = [
        {"path": "files/a.wav", "name": "a.wav", "kind": "wav"},
        {"path": "files/s.csv", "name": "s.csv", "kind": "text"},
        {"path": "files/x.pdf", "name": "x.pdf", "kind": "pdf"},
    ]
    got = pickers(ws, [get_tool("audio-loudness"), get_tool("script-parse")], files, {})
    assert [f["name"] for f in got["pickers"]["audio-loudness:media"]["files"]] == ["a.wav"]
    assert [f["name"] for f in got["pickers"]["script-parse:file"]["files"]] == ["s.csv", "x.pdf"]
    assert got["chosen"] is None


def test_media_go_where_their_content_is_accepted() -> None:
    qc = get_tool("audio-qc")
    media = next(p for p in qc.params if p.name == "media")
    assert chain.fits(qc, media, "audio/normalised", "wav")
    assert not chain.fits(qc, media, "audio/normalised", None)  # not a kind imagia reads
    reframe = get_tool("reframe")
    video = next(p for p in reframe.params if p.name == "media")
    assert not chain.fits(reframe, video, "audio/normalised", "wav")  # audio is no video
    assert chain.fits(reframe, video, "video/mp4", "mp4")
    optimise = get_tool("schedule-optimise")
    scenes = next(p for p in optimise.params if p.name == "scenes")
    assert not chain.fits(optimise, scenes, "report/json", "text")  # text, but no scene list
    assert not chain.fits(optimise, scenes, "scenes/csv", "wav")  # named so, but not text
