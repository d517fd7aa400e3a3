"""``imagia games ...`` end to end: simulate, then every tool on the simulated files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from imagia.cli import app
from imagia.core import jobs as jobmod
from imagia.core.registry import all_tools, load_ref
from imagia.core.workspace import Workspace

runner = CliRunner()


def _json(args: list[str]) -> dict:  # type: ignore[type-arg]
    out = runner.invoke(app, args)
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_simulate_then_every_tool(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    ev = tmp_path / "data" / "ev.jsonl"
    r = _json(
        [
            "games",
            "simulate",
            "--players",
            "250",
            "--days",
            "8",
            "--seed",
            "3",
            "--parquet",
            "-w",
            ws,
            "--json",
            str(ev),
        ]
    )
    truth = tmp_path / "data" / "ev.truth.json"
    assert ev.is_file() and truth.is_file() and (tmp_path / "data" / "ev.parquet").is_file()
    assert r["players"] == 250 and r["events"]["match"] > 100
    # a broken line in the middle is reported and skipped
    lines = ev.read_text(encoding="utf-8").splitlines()
    lines.insert(10, "{broken")
    ev.write_text("\n".join(lines) + "\n", encoding="utf-8")

    rat = _json(["games", "ratings", str(ev), "--truth", str(truth), "-w", ws, "--json"])
    assert rat["skipped_lines"] == 1
    assert {e["model"] for e in rat["evaluation"]} == {
        "openskill-pl",
        "openskill-tm",
        "trueskill",
        "elo",
    }
    assert all(e["accuracy"] > 0.55 for e in rat["evaluation"])

    ch = _json(["games", "cheats", str(ev), "--truth", str(truth), "-w", ws, "--json"])
    assert ch["action"].startswith("review") and ch["score"]["false_positives"] == 0

    mm = _json(["games", "matchmaking", str(ev), "--minutes", "5", "-w", ws, "--json"])
    assert mm["summary"]["matches"] > 0 and len(mm["curve"]) == 6

    mo = _json(["games", "moderation", str(ev), "-w", ws, "--json"])
    assert mo["flagged"] > 0 and mo["top"][0]["action"] == "review"

    ev_ = _json(["games", "moderation-eval", "--json"])
    assert {e["lang"] for e in ev_} == {"en", "fr"}

    out = runner.invoke(app, ["games", "ratings", str(ev), "-w", ws])
    assert out.exit_code == 0 and "openskill-pl" in out.stdout


def test_bad_input_is_one_line_and_exit_1(tmp_path: Path) -> None:
    def imagia(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "imagia", *args],
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(tmp_path)},
        )

    ws = str(tmp_path / "ws")
    p = imagia("games", "ratings", str(tmp_path / "none.jsonl"), "-w", ws)
    assert p.returncode == 1 and "none.jsonl" in p.stderr and "Traceback" not in p.stderr
    junk = tmp_path / "junk.jsonl"
    junk.write_text("nothing here\n", encoding="utf-8")
    p = imagia("games", "cheats", str(junk), "-w", ws)
    assert p.returncode == 1 and "no valid event" in p.stderr
    p = imagia("games", "ratings", str(junk), "--model", "glicko", "-w", ws)
    assert p.returncode == 1 and "glicko" in p.stderr
    p = imagia("games", "simulate", "--players", "2", "-w", ws, str(tmp_path / "x.jsonl"))
    assert p.returncode == 1 and "players" in p.stderr


def test_demo_examples_run(ws: Workspace) -> None:
    tools = [t for t in all_tools() if t.id.startswith("games-")]
    assert {t.usecase for t in tools} >= {"matchmaking", "cheat-detection", "toxicity-detection"}
    for tool in tools:
        assert tool.demo
        params, inputs = load_ref(tool.demo)(ws)
        job = jobmod.run(ws, jobmod.submit(ws, tool.id, params, inputs).id)
        assert job.status == "done", (tool.id, job.error)
        assert job.outputs
        for o in job.outputs:
            if o["path"].endswith(".json") and "truth" not in o["path"]:
                data = json.loads((ws.root / o["path"]).read_text(encoding="utf-8"))
                if o["kind"] == "provenance/json":  # a CSV's sidecar is the record itself
                    assert data["schema"] == "Provenance.1", o
                else:
                    assert "schema" in data and "provenance" in data, o


def test_result_pages_render(ws: Workspace) -> None:
    """Each games tool's finished job shows its result view (EN and FR), not the generic one."""
    from fastapi.testclient import TestClient

    from imagia.app import create_app

    ids = {}
    for tool in [t for t in all_tools() if t.id.startswith("games-")]:
        params, inputs = load_ref(tool.demo)(ws)  # type: ignore[arg-type]
        ids[tool.id] = jobmod.run(ws, jobmod.submit(ws, tool.id, params, inputs).id).id
    marks = {
        "games-ratings": "data-ratings",
        "games-cheats": "data-review",
        "games-moderation": "data-queue",
        "games-difficulty": "data-difficulty",
        "games-analytics": "data-auc",
        "games-support": "data-answers",
        "games-matchmaking": "<svg",
        "games-simulate": "data-matches",
    }
    with TestClient(create_app(ws)) as client:
        for tool_id, job_id in ids.items():
            for lang in ("en", "fr"):
                client.cookies.set("imagia_lang", lang)
                r = client.get(f"/jobs/{job_id}")
                assert r.status_code == 200, (tool_id, r.text[:500])
                assert marks[tool_id] in r.text, tool_id
                if tool_id == "games-cheats":
                    assert ("revue humaine" if lang == "fr" else "human review") in r.text
