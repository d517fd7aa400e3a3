"""``imagia describe ...``: audio description (use case audio-description)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console
from imagia.cli.tools import emit_job, print_outputs, run_tool

app = typer.Typer(
    help="Audio description: slots in the gaps of dialogue, a timed script for the describer, "
    "then voice, ducking and the AD mix.",
    no_args_is_help=True,
)


@app.command("slots")
def slots(
    media: Path = declared("describe-slots", "media"),
    subtitles: Path | None = declared("describe-slots", "subtitles", "--subtitles"),
    lang: str = declared("describe-slots", "lang", "--lang"),
    wpm: float | None = declared("describe-slots", "wpm", "--wpm"),
    min_slot: float = declared("describe-slots", "min_slot", "--min-slot"),
    margin_after: float = declared("describe-slots", "margin_after", "--margin-after"),
    margin_before: float = declared("describe-slots", "margin_before", "--margin-before"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Find the description slots and write the script template (JSON, DOCX) to fill in."""
    params: dict[str, Any] = {
        "media": str(media.resolve()),
        "subtitles": str(subtitles.resolve()) if subtitles else None,
        "lang": lang,
        "wpm": wpm,
        "min_slot": min_slot,
        "margin_after": margin_after,
        "margin_before": margin_before,
    }
    inputs = [media] + ([subtitles] if subtitles else [])
    ws, job = run_tool(workspace, "describe-slots", params, inputs)
    if as_json:
        emit_job(job)
        return
    r = job.result
    console.print(
        f"{media.name}: {r['slot_count']} slots, {r['slot_seconds']} s, {r['words_fit']} words "
        f"at {r['wpm']:g} words/min",
        highlight=False,
    )
    for s in r["slots"]:
        cuts = f", {len(s['cuts'])} shot change(s)" if s["cuts"] else ""
        console.print(
            f"  {s['n']:>3}  {s['tc_in']} → {s['tc_out']}  {s['duration']:6.2f} s  "
            f"{s['words_fit']:>3} words{cuts}",
            highlight=False,
        )
    for n in r["notes"]:
        console.print(f"  • {n}", highlight=False)
    print_outputs(ws, job)


@app.command("mix")
def mix(
    media: Path = declared("describe-mix", "media"),
    script: Path = declared("describe-mix", "script"),
    voice: str = declared("describe-mix", "voice", "--voice"),
    wpm: float | None = declared("describe-mix", "wpm", "--wpm"),
    duck_db: float = declared("describe-mix", "duck_db", "--duck-db"),
    attack: float = declared("describe-mix", "attack", "--attack"),
    release: float = declared("describe-mix", "release", "--release"),
    max_speedup: float = declared("describe-mix", "max_speedup", "--max-speedup"),
    spec: str = declared("describe-mix", "spec", "--spec"),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Speak each description, fit it to its slot, duck the programme, deliver the AD mix."""
    params: dict[str, Any] = {
        "media": str(media.resolve()),
        "script": str(script.resolve()),
        "voice": voice,
        "wpm": wpm,
        "duck_db": duck_db,
        "attack": attack,
        "release": release,
        "max_speedup": max_speedup,
        "spec": spec,
    }
    ws, job = run_tool(workspace, "describe-mix", params, [media, script])
    if as_json:
        emit_job(job)
        return
    r = job.result
    console.print(
        f"{media.name}: {r['with_text']} descriptions with {r['voice']} — {r['fit']} fit, "
        f"{r['sped_up']} sped up, {r['too_long']} too long (left out); overlap with dialogue "
        f"{r['overlap_s']} s",
        highlight=False,
    )
    for p in r["placed"]:
        if p["status"] in ("sped_up", "too_long"):
            console.print(
                f"  line {p['n']}: {p['status'].replace('_', ' ')} ({p['spoken']} s for a "
                f"{p['slot_end'] - p['slot_start']:.2f} s slot)",
                highlight=False,
            )
    mixed = r["loudness"].get("mix", {})
    if "integrated" in mixed:
        console.print(
            f"  AD mix: {mixed['integrated']} LUFS, TP {mixed['true_peak']} dBTP ({r['spec']})",
            highlight=False,
        )
    print_outputs(ws, job)
