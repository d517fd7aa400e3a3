"""``imagia voice ...``: text to speech with the local voices (use case voice-generation)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console, emit_json
from imagia.cli.tools import emit_job, print_outputs, run_tool

app = typer.Typer(
    help="Voices: speak a text or a script's lines with the voices installed here (48 kHz WAV).",
    no_args_is_help=True,
)


@app.command("say")
def say(
    text: str = typer.Argument(
        "", help="Text to say, or a text file / screenplay (one WAV per line).", show_default=False
    ),
    file: Path | None = declared("voice-say", "file", "--file"),
    voice: str = declared("voice-say", "voice", "--voice"),
    rate: float | None = declared("voice-say", "rate", "--rate"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Speak TEXT (pauses: <break time="500ms"/> or [pause 0.5s]), or each line of FILE."""
    if file is None and text and len(text) < 4096 and Path(text).is_file():
        file, text = Path(text), ""
    params: dict[str, Any] = {
        "text": text or None,
        "file": str(file.resolve()) if file else None,
        "voice": voice,
        "rate": rate,
    }
    ws, job = run_tool(workspace, "voice-say", params, [file] if file else [])
    if as_json:
        emit_job(job)
        return
    r = job.result
    console.print(
        f"{r['voice']} ({r['voice_label_en']}): {r['lines']} file(s), {r['seconds']} s of speech "
        f"at 48 kHz — {r['reason_en']}",
        highlight=False,
    )
    print_outputs(ws, job)


@app.command("list")
def list_(as_json: bool = JSON) -> None:
    """The voices, most natural first in each language, and whether this machine has them."""
    from imagia.speech import tts

    rows = [v.to_dict() for v in tts.voices()]
    if as_json:
        emit_json({"voices": rows})
        return
    for v in sorted(rows, key=lambda r: (r["language"], r["rank"])):
        mark = "✓" if v["available"] else f"✗ (apt install {v['package']})"
        console.print(
            f"{v['id']:<14} {v['language']}  rank {v['rank']}  {mark}  — {v['reason_en']}",
            highlight=False,
        )
