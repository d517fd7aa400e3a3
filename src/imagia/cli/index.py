"""``imagia index ...``: index rushes and search them (use case rushes-indexing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.output import console, emit_json, emit_rows
from imagia.cli.tools import run_with_progress
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod

app = typer.Typer(help="Rushes indexing: technical metadata, shots with thumbnails, transcripts "
                  "searchable by words.", no_args_is_help=True)

_WS = typer.Option(None, "--workspace", "-w", help="Workspace folder.")
_FORMAT = typer.Option("table", "--format", help="table, json, csv or markdown.")


@app.command("add")
def add(
    paths: list[Path] = typer.Argument(..., help="Video or audio files, or folders of them."),
    engine: str = typer.Option("content", help="Shot detector: content (built in) or "
                               "scenedetect (PySceneDetect, when installed)."),
    threshold: float = typer.Option(27.0, help="Cut threshold: mean colour change 0-255."),
    transcribe: bool = typer.Option(True, "--transcribe/--no-transcribe",
                                    help="Transcribe speech (needs the speech extra)."),
    model: str = typer.Option("base", help="Speech model: base (multilingual) or tiny.en."),
    language: str = typer.Option("", help="Spoken language (en, fr...); empty: detect."),
    workspace: Path | None = _WS,
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Index files: metadata, shots + thumbnails, transcript; already indexed files are skipped."""
    from imagia.core.errors import BadValue
    from imagia.index.shots import ENGINES

    if engine not in ENGINES:
        raise BadValue("engine", engine, ENGINES)
    params: dict[str, Any] = {"media": [str(p.resolve()) for p in paths], "engine": engine,
                              "threshold": threshold, "transcribe": transcribe, "model": model,
                              "language": language}
    ws = wsmod.resolve(workspace)
    job = run_with_progress(ws, jobmod.submit(ws, "index-add", params, []).id)
    r = job.result
    if as_json:
        emit_json({"job": job.id, **r})
        return
    for a in r["assets"]:
        console.print(f"{a['asset']}: {a['duration'] or 0:.2f} s @ {a['fps']} fps, "
                      f"{a['shots']} shot(s), {a['windows']} transcript window(s)",
                      highlight=False)
        for n in a["notes"]:
            console.print(f"  • {n}", highlight=False)
    for f in r["failed"]:
        console.print(f"[red]failed[/] {f['error']}", highlight=False, soft_wrap=True)
    speed = f", {r['x_real_time']}x real time" if r.get("x_real_time") else ""
    console.print(f"{r['added']} added, {r['skipped']} already indexed, {len(r['failed'])} "
                  f"failed{speed}", highlight=False)


@app.command("search")
def search(
    text: str = typer.Argument(..., help="Words to find (accents and case do not matter)."),
    limit: int = typer.Option(20, help="Most hits."),
    workspace: Path | None = _WS,
    fmt: str = _FORMAT,
) -> None:
    """Ranked moments where the words are said: asset, timecode, words, shot thumbnail."""
    from imagia.index.jobs import hit_dict
    from imagia.index.store import open_index

    ws = wsmod.resolve(workspace)
    hits = [hit_dict(h) for h in open_index(ws).search(text, limit)]
    for h in hits:
        if h["thumbnail"]:
            h["thumbnail"] = str(ws.root / h["thumbnail"])
    emit_rows(hits, ["asset", "timecode", "text", "shot", "thumbnail"], fmt,
              title=f"{len(hits)} hit(s) for {text!r}", json_rows=hits)


@app.command("list")
def list_(workspace: Path | None = _WS, fmt: str = _FORMAT) -> None:
    """Indexed assets with their duration, frame rate, shots and transcript windows."""
    from imagia.index.store import open_index

    rows = open_index(wsmod.resolve(workspace)).assets()
    emit_rows(rows, ["name", "duration", "fps", "width", "height", "shots", "windows",
                     "language"], fmt, title=f"{len(rows)} indexed asset(s)", json_rows=rows)
