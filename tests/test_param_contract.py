"""The parameter contract: one declaration per tool, the same checks from every face.

A tool's parameters are declared once (``Param``); the CLI command of the tool offers exactly
those (plus where its result is printed or copied), with the same defaults; ``jobs.submit``
refuses the same bad values whether they come from the CLI, the HTTP API or the web form.
The demo submits every tool's example through the same gate (tests/test_demo.py builds it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from imagia.cli import app
from imagia.cli.options import PRESENTATION
from imagia.core import jobs
from imagia.core.errors import BadFile, BadValue
from imagia.core.filekinds import GROUPS
from imagia.core.params import validate
from imagia.core.registry import Tool, all_tools, get_tool
from imagia.core.workspace import Workspace

# CLI options that are not job parameters, each with the reason.
CLI_ONLY: dict[tuple[str, str], str] = {
    ("script-parse", "fmt"): "prints a summary table or converts to stdout (the job's 'to')",
    ("script-parse", "elements"): "JSON printed with every element (the job keeps all)",
    ("script-parse", "alias"): "character aliases for the printed summary (not yet in the job)",
    ("reframe", "smart_camera"): "switches the command to the smart-framing tool",
    ("smart-framing", "smart_camera"): "switches the command to the smart-framing tool",
    ("index-search", "selects"): "writes the hits as a timeline file beside the job",
    ("grid-plan", "lang"): "the language the command prints in (the job writes both)",
    ("recommend", "lang"): "the language the command prints in (the job writes both)",
    ("assist-ask", "question"): "one question, its answer streamed (the job takes several)",
    ("assist-ask", "lang"): "the answer's language (the job answers in each question's)",
    ("assist-ask", "max_tokens"): "the streamed answer's token budget",
    ("assist-continuity", "lang"): "the model's reading language (the job takes the script's)",
    ("assist-npc", "say"): "lines said one by one, or typed (the job replays 'lines')",
}
# Parameters of one tool that its shared command offers for the other tool.
SHARED_COMMAND = {"reframe": "smart-framing", "smart-framing": "reframe"}
# Declared parameters the CLI leaves out, each with the reason.
NOT_IN_CLI: dict[tuple[str, str], str] = {
    ("script-parse", "to"): "the CLI's --format converts, to stdout or --output",
    ("assist-ask", "questions"): "the CLI asks one question at a time and streams the answer",
    ("assist-npc", "lines"): "the CLI talks line by line (--say, or typed)",
}


def _command(tool: Tool) -> Any:
    """The click command that runs ``tool``, from the first words of its ``command``."""
    root: Any = typer.main.get_command(app)
    cmd, words = root, tool.command.split("|")[0].split()[1:]
    for word in words:
        if not hasattr(cmd, "commands") or word not in cmd.commands:
            break
        cmd = cmd.commands[word]
    assert cmd is not root and not hasattr(cmd, "commands"), f"{tool.id}: {tool.command}"
    return cmd


def _same_default(declared: Any, cli: Any) -> bool:
    if cli is None:  # not given: the declared default applies
        return True
    if isinstance(declared, bool) or isinstance(cli, bool):
        return bool(declared) == bool(cli)
    if isinstance(declared, int | float) and isinstance(cli, int | float):
        return float(declared) == float(cli)
    return str(declared if declared is not None else "") == str(cli)


@pytest.mark.parametrize("tool", all_tools(), ids=lambda t: t.id)
def test_cli_options_are_the_declared_parameters(tool: Tool) -> None:
    cmd = _command(tool)
    declared = {p.name: p for p in tool.params}
    other = get_tool(SHARED_COMMAND[tool.id]) if tool.id in SHARED_COMMAND else None
    shared = {p.name for p in other.params} if other else set()
    offered = set()
    for opt in cmd.params:
        name = opt.name.rstrip("_") if opt.name not in PRESENTATION else opt.name
        offered.add(name)
        if (
            opt.name in PRESENTATION
            or (tool.id, opt.name) in CLI_ONLY
            or name in shared - set(declared)
        ):
            continue
        assert name in declared, f"{tool.id}: CLI option {opt.name!r} is not declared"
        assert _same_default(declared[name].default, opt.default), (
            f"{tool.id}.{name}: CLI default {opt.default!r} != declared {declared[name].default!r}"
        )
    missing = set(declared) - offered - {n for (t, n) in NOT_IN_CLI if t == tool.id}
    assert not missing, f"{tool.id}: declared but not offered by the CLI: {sorted(missing)}"


@pytest.mark.parametrize("tool", all_tools(), ids=lambda t: t.id)
def test_declarations_are_consistent(tool: Tool) -> None:
    for p in tool.params:
        assert p.help and p.help_fr, f"{tool.id}.{p.name}: help in English and French"
        assert not (p.required and p.default is not None), f"{tool.id}.{p.name}"
        if p.kind == "choice":
            assert p.choices, f"{tool.id}.{p.name}: a choice needs choices"
            assert p.default is None or p.default in p.choices, f"{tool.id}.{p.name}"
        if p.kind in ("number", "integer") and p.default is not None:
            assert p.minimum is None or p.default >= p.minimum, f"{tool.id}.{p.name}"
            assert p.maximum is None or p.default <= p.maximum, f"{tool.id}.{p.name}"
        assert set(p.accept) <= set(GROUPS), f"{tool.id}.{p.name}: {p.accept}"


def test_unknown_and_out_of_bounds_values_are_refused(ws: Workspace, sine_wav: Path) -> None:
    with pytest.raises(BadValue, match="not a parameter of audio-qc"):
        jobs.submit(ws, "audio-qc", {"media": str(sine_wav), "speed": 2})
    with pytest.raises(BadValue, match="harmonics 0.*at least 1"):
        jobs.submit(ws, "audio-dehum", {"media": str(sine_wav), "harmonics": 0})
    with pytest.raises(BadValue, match="whole number"):
        jobs.submit(ws, "audio-dehum", {"media": str(sine_wav), "harmonics": 2.5})
    with pytest.raises(BadValue, match="at most 1"):
        jobs.submit(ws, "audio-denoise", {"media": str(sine_wav), "strength": 3})
    with pytest.raises(BadValue, match="finite"):
        jobs.submit(ws, "audio-denoise", {"media": str(sine_wav), "strength": "nan"})
    with pytest.raises(BadValue, match="valid values"):
        jobs.submit(ws, "audio-qc", {"media": str(sine_wav), "layout": "9.1"})
    assert jobs.list_jobs(ws) == []  # nothing recorded for a refused submission


def test_file_kinds_are_checked_by_content(ws: Workspace, tmp_path: Path) -> None:
    text = tmp_path / "notes.wav"  # a text file named like audio
    text.write_text("not audio\n", encoding="utf-8")
    with pytest.raises(BadFile, match=r"notes\.wav: a text file, not audio or video"):
        jobs.submit(ws, "audio-loudness", {"media": str(text)})
    with pytest.raises(BadFile, match="file not found"):
        jobs.submit(ws, "audio-loudness", {"media": str(tmp_path / "missing.wav")})


def test_the_cli_refuses_what_the_declaration_refuses(tmp_path: Path, sine_wav: Path) -> None:
    """A bound that lives only in the declaration is enforced by the CLI: exit 1, one line."""
    from imagia.cli import main

    runner = CliRunner()
    result = runner.invoke(
        app,
        ["audio", "dehum", str(sine_wav), "--harmonics", "0", "-w", str(tmp_path / "ws")],
        standalone_mode=False,
    )
    assert isinstance(result.exception, BadValue)
    assert not (tmp_path / "ws").exists()  # refused before a workspace is made
    with pytest.raises(SystemExit) as exit_info:
        import sys

        argv = sys.argv
        sys.argv = [
            "imagia",
            "audio",
            "dehum",
            str(sine_wav),
            "--harmonics",
            "0",
            "-w",
            str(tmp_path / "ws"),
        ]
        try:
            main()
        finally:
            sys.argv = argv
    assert exit_info.value.code == 1


def test_the_api_refuses_with_the_same_message(ws: Workspace) -> None:
    from fastapi.testclient import TestClient

    from imagia.app import create_app

    wav = ws.files_dir / "tone.wav"
    ws.files_dir.mkdir(parents=True, exist_ok=True)
    from tests.conftest import make_audio

    make_audio(wav, "sine=frequency=440", seconds=1)
    with TestClient(create_app(ws)) as client:
        r = client.post(
            "/api/jobs",
            json={"tool": "audio-dehum", "params": {"media": "files/tone.wav", "harmonics": 0}},
        )
        assert r.status_code == 422
        assert "at least 1" in r.json()["message"]
        r = client.post(
            "/api/jobs", json={"tool": "audio-sync", "params": {"folder": "files", "max_offset": 5}}
        )
        assert r.status_code == 201, r.text  # the CLI's folder mode is a declared parameter


def test_legacy_text_encodings_are_text(tmp_path: Path) -> None:
    """Windows-1252 screenplays and UTF-16 subtitles are text (their readers take them);
    bytes with control codes are not (a UTF-16 BOM is not taken for an MP3 frame)."""
    from imagia.core.filekinds import sniff

    cp = tmp_path / "scene.fountain"
    cp.write_bytes("INT. CAFÉ - JOUR\n\nHÉLÈNE\nBonjour.\n".encode("cp1252"))
    u16 = tmp_path / "cues.srt"
    u16.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nÉté\n".encode("utf-16"))
    binary = tmp_path / "blob.srt"
    binary.write_bytes(bytes(range(256)) * 4)
    assert (sniff(cp), sniff(u16), sniff(binary)) == ("text", "text", None)
    checked, _ = validate(get_tool("script-parse"), {"file": str(cp)})
    assert checked["file"] == str(cp)
    # What the contract lets through, the reader reads: a UTF-16 screenplay too.
    from imagia.script.formats import read

    u16_script = tmp_path / "scene16.fountain"
    u16_script.write_bytes("INT. CAFÉ - JOUR\n\nHÉLÈNE\nBonjour.\n".encode("utf-16"))
    validate(get_tool("script-parse"), {"file": str(u16_script)})
    assert read(u16_script).scenes[0].speakers() == ["HÉLÈNE"]


def test_the_web_form_follows_the_declaration(ws: Workspace) -> None:
    """The run form shows each parameter's help in the page's language and its bounds."""
    from fastapi.testclient import TestClient

    from imagia.app import create_app
    from imagia.web import i18n

    with TestClient(create_app(ws)) as client:
        client.cookies.set(i18n.COOKIE, "fr")
        fr = client.get("/usecases/audio-post").text
        client.cookies.set(i18n.COOKIE, "en")
        en = client.get("/usecases/audio-post").text
    assert "Norme de livraison" in fr and "Delivery spec" not in fr
    assert "Delivery spec" in en and "Norme de livraison" not in en
    # audio-dehum's harmonics: an integer from 1 to 40, as declared
    field = en.split('id="f-audio-dehum-harmonics"', 1)[1].split(">", 1)[0]
    assert 'step="1"' in field and 'min="1' in field and 'max="40' in field


def test_paths_in_parameters_stay_inside_the_workspace_for_the_api(ws: Workspace) -> None:
    """A shot list or FAQ folder named through the API must be a workspace file: a server path
    is refused before any job reads it (the CLI, on the user's own machine, takes any path)."""
    from fastapi.testclient import TestClient

    from imagia.app import create_app

    ws.files_dir.mkdir(parents=True, exist_ok=True)
    (ws.files_dir / "cues.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    with TestClient(create_app(ws)) as client:
        r = client.post(
            "/api/jobs",
            json={
                "tool": "subtitles-qc",
                "params": {"subs": "files/cues.srt", "shots": "/etc/passwd"},
            },
        )
        assert r.status_code == 422 and r.json()["param"] == "shots", r.text
        r = client.post(
            "/api/jobs",
            json={"tool": "games-support", "params": {"kb": ["/etc"], "questions": "refund?"}},
        )
        assert r.status_code == 400 and r.json()["error"] == "unsafe_path", r.text
        assert client.get("/api/jobs").json() == []
