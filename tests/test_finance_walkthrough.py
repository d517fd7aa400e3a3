"""The statement cycle of docs/finance.md runs as written: each ``imagia`` command in process
(issued statements as JSON only, to stay fast), the shell lines between them with bash."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from imagia.cli import app

DOC = Path(__file__).resolve().parents[1] / "docs" / "finance.md"


def _commands() -> list[str]:
    text = DOC.read_text("utf-8")
    section = text.split("## A full statement cycle, step by step", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block
    out: list[str] = []
    lines = iter(block.group(1).splitlines())
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        while line.endswith("\\"):
            line = line[:-1] + next(lines).strip()
        heredoc = re.search(r"<<'(\w+)'", line)
        if heredoc:
            body = []
            for more in lines:
                body.append(more)
                if more == heredoc.group(1):
                    break
            line = "\n".join([line, *body])
        out.append(line)
    return out


def test_the_documented_cycle_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    said = []
    commands = _commands()
    assert sum(c.startswith("imagia ") for c in commands) >= 10
    for cmd in commands:
        if cmd.startswith("imagia "):
            args = shlex.split(cmd)[1:]
            if args[:2] == ["finance", "issue"]:
                args += ["--formats", "json"]
            r = runner.invoke(app, args, env={"COLUMNS": "200"})
            assert r.exit_code == 0, f"{cmd}\n{r.output}\n{r.exception!r}"
            said.append(r.output)
        else:
            subprocess.run(["bash", "-c", cmd], check=True, cwd=tmp_path)
    out = "\n".join(said)
    for figure in (
        "les-heures-claires-0012 2026-H1 Paul Riaux (scénariste): paid before 3931.44, due 2890.03",
        "paid before 6821.47, due 0.00, corrects les-heures-claires-0012",
        "booked 2026-01-01: 8000.00",
        "status resolved",
        "account les-heures-claires-CP-0001",
        "gap -22000.00",
    ):
        assert figure in " ".join(out.split()), figure
