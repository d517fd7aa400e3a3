"""The CLI face: formats, exit codes, one-line errors, and documentation of every command."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from imagia.cli import app
from imagia.core.registry import all_tools

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def imagia(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console script the way a user does (the real error boundary)."""
    return subprocess.run(
        [sys.executable, "-m", "imagia", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(cwd or ROOT)},
    )


def test_list_json_has_every_field() -> None:
    out = runner.invoke(app, ["catalogue", "list", "--format", "json"])
    assert out.exit_code == 0, out.output
    items = json.loads(out.stdout)
    assert len(items) == 62
    need = {
        "id",
        "name_fr",
        "name_en",
        "group",
        "sectors",
        "stages",
        "professions",
        "interests",
        "impact",
        "maturity",
        "tools_cited",
        "examples",
        "flags",
        "status",
    }
    for it in items:
        assert need <= set(it), it["id"]
        for k in ("impact", "maturity"):
            assert {"label", "level"} <= set(it[k])


def test_list_csv_and_markdown_and_filters() -> None:
    out = runner.invoke(app, ["catalogue", "list", "--sector", "games", "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows and all("games" in r["sectors"] for r in rows)
    md = runner.invoke(app, ["catalogue", "list", "--runs", "-f", "markdown"]).stdout
    assert md.startswith("| id |") and "audio-post" in md


def test_show_search_stats_advise_tools_models() -> None:
    show = runner.invoke(app, ["catalogue", "show", "subtitling", "--json"])
    assert json.loads(show.stdout)["name_fr"] == "Automatisation du sous-titrage"
    text = runner.invoke(app, ["catalogue", "show", "subtitling", "--lang", "fr"]).stdout
    assert "Automatisation du sous-titrage" in text and "Whisper" in text
    hits = json.loads(runner.invoke(app, ["catalogue", "search", "étalonnage", "--json"]).stdout)
    assert hits[0]["id"] == "colour-grading"
    stats = json.loads(runner.invoke(app, ["catalogue", "stats", "--json"]).stdout)
    assert {r["sector"] for r in stats} == {"cinema_av", "games"}
    tools = json.loads(runner.invoke(app, ["tools", "list", "--json"]).stdout)
    assert {t["id"] for t in tools} == {t.id for t in all_tools()}
    models = json.loads(runner.invoke(app, ["models", "list", "--json"]).stdout)
    assert all(m["found"] != "missing" or m["install"] for m in models)


def test_exit_codes_and_one_line_errors(tmp_path: Path) -> None:
    r = imagia("catalogue", "show", "subtitlng", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.strip().count("\n") == 0 and "subtitling" in r.stderr
    r = imagia("catalogue", "list", "--sector", "film", cwd=tmp_path)
    assert r.returncode == 1 and "cinema_av, games" in r.stderr
    r = imagia("catalogue", "list", "--no-such-option", cwd=tmp_path)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1  # usage error: one line
    assert "--no-such-option" in r.stderr and "imagia catalogue list --help" in r.stderr
    r = imagia("--version", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("imagia ")
    r = imagia(
        "audio", "loudness", str(tmp_path / "missing.wav"), "-w", str(tmp_path / "w"), cwd=tmp_path
    )
    assert r.returncode == 1 and "missing.wav: file not found" in r.stderr
    assert "Traceback" not in r.stderr


def test_piped_table_is_plain_text(tmp_path: Path) -> None:
    r = imagia("catalogue", "list", "--group", "catalogue", cwd=tmp_path)
    lines = r.stdout.strip().splitlines()
    assert lines[0].split("\t")[0] == "id" and len(lines) == 4
    assert "│" not in r.stdout


def test_loudness_command_end_to_end(tmp_path: Path, sine_wav: Path) -> None:
    ws = tmp_path / "w"
    r = imagia("audio", "loudness", str(sine_wav), "-w", str(ws), "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["compliant"] is True and data["integrated"] == pytest.approx(-23.0, abs=0.1)
    jobs = json.loads(imagia("jobs", "list", "-w", str(ws), "--json", cwd=tmp_path).stdout)
    assert jobs[0]["status"] == "done"


def _commands(group: typer.Typer, prefix: str) -> list[str]:
    out = []
    for cmd in group.registered_commands:
        name = cmd.name or (cmd.callback.__name__ if cmd.callback else "")
        out.append(f"{prefix} {name.replace('_', '-')}".strip())
    for sub in group.registered_groups:
        out += _commands(sub.typer_instance, f"{prefix} {sub.name}".strip())
    return out


def test_every_command_and_tool_is_documented() -> None:
    docs = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in sorted((ROOT / "docs").glob("*.md")):
        docs += path.read_text(encoding="utf-8")
    commands = _commands(app, "imagia")
    assert len(commands) > 15
    missing = [c for c in commands if c not in docs]
    assert not missing, f"undocumented commands: {missing}"
    for tool in all_tools():
        assert re.search(rf"`{re.escape(tool.id)}`", docs), f"undocumented tool {tool.id}"


def test_every_command_has_help() -> None:
    for cmd in _commands(app, ""):
        r = runner.invoke(app, [*cmd.split(), "--help"])
        assert r.exit_code == 0, cmd
        assert "Usage" in r.stdout
