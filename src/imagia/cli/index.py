"""``imagia index ...``: index rushes and search them (use case rushes-indexing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import FORMAT, JSON, WORKSPACE, declared
from imagia.cli.output import console, emit_json, emit_rows
from imagia.cli.tools import run_tool
from imagia.core import workspace as wsmod
from imagia.core.errors import ImagiaError

app = typer.Typer(
    help="Rushes indexing: technical metadata, shots with thumbnails, transcripts, "
    "faces, on-screen text, sounds; serial, parallel or on Ray.",
    no_args_is_help=True,
)

_WS = WORKSPACE
_FORMAT = FORMAT


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _step_times(seconds: dict[str, float]) -> str:
    """``shots 2.41 s (thumbnails 1.10 s), transcript 8.00 s``, in the order of the steps."""
    from imagia.index.analysis import STEPS

    order = {name: k for k, name in enumerate(STEPS)}
    parts = []
    for name in sorted(
        (k for k in seconds if k != "thumbnails"), key=lambda k: order.get(k, len(order))
    ):
        part = f"{name} {seconds[name]:.2f} s"
        if name == "shots" and "thumbnails" in seconds:
            part += f" (thumbnails {seconds['thumbnails']:.2f} s)"
        parts.append(part)
    return ", ".join(parts)


@app.command("add")
def add(
    media: list[Path] = typer.Argument(
        ..., metavar="PATH...", help="Video or audio files, or folders of them."
    ),
    shots: str = declared("index-add", "shots"),
    threshold: float | None = declared("index-add", "threshold"),
    steps: str = declared("index-add", "steps"),
    skip: str = declared("index-add", "skip"),
    workers: int | None = declared("index-add", "workers"),
    engine: str = declared("index-add", "engine"),
    ray_address: str = declared("index-add", "ray_address", "--ray-address"),
    transcribe: bool = declared("index-add", "transcribe", "--transcribe/--no-transcribe"),
    model: str = declared("index-add", "model"),
    language: str = declared("index-add", "language"),
    workspace: Path | None = _WS,
    as_json: bool = JSON,
) -> None:
    """Index files: metadata, shots + thumbnails, transcript, faces, on-screen text, sounds,
    vectors; already indexed files are skipped, an interrupted run resumes."""
    from imagia.index.engines import EngineOptions
    from imagia.index.engines import check as check_engine
    from imagia.index.jobs import steps_param
    from imagia.media.shots import ShotOptions
    from imagia.media.shots import check as check_shots

    chosen = steps_param(_split(steps), _split(skip))  # checked before any workspace exists
    if "shots" in chosen:
        check_shots(ShotOptions(engine=shots, threshold=threshold))
    check_engine(EngineOptions(engine, workers, ray_address or None))
    params: dict[str, Any] = {
        "media": [str(p.resolve()) for p in media],
        "shots": shots,
        "threshold": threshold,
        "steps": ",".join(chosen),
        "transcribe": transcribe,
        "model": model,
        "language": language,
        "engine": engine,
        "workers": workers,
        "ray_address": ray_address,
    }
    _, job = run_tool(workspace, "index-add", params)
    r = job.result
    nothing = bool(r["failed"]) and not r["added"] and not r["skipped"]
    if as_json:
        emit_json({"job": job.id, **r})
        if nothing:
            raise typer.Exit(1)
        return
    for a in r["assets"]:
        found = ", ".join(
            f"{a[k]} {label}"
            for k, label in (
                ("faces", "face(s)"),
                ("texts", "text(s)"),
                ("sounds", "sound span(s)"),
            )
            if a.get(k)
        )
        console.print(
            f"{a['asset']}: {a['duration'] or 0:.2f} s @ {a['fps']} fps, "
            f"{a['shots']} shot(s), {a['windows']} transcript window(s)"
            f"{', ' + found if found else ''}",
            highlight=False,
        )
        for n in a["notes"]:
            console.print(f"  • {n}", highlight=False)
    for f in r["failed"]:
        console.print(f"[red]failed[/] {f['error']}", highlight=False, soft_wrap=True)
    if r.get("step_seconds"):
        console.print(f"time per step: {_step_times(r['step_seconds'])}", highlight=False)
    where = (
        f"Ray, {r['workers']} CPU(s)"
        if r.get("engine") == "ray" and r.get("workers")
        else "Ray"
        if r.get("engine") == "ray"
        else f"{r.get('workers', 1)} worker(s)"
    )
    speed = f", {r['x_real_time']}x real time" if r.get("x_real_time") else ""
    console.print(
        f"{r['added']} added, {r['skipped']} already indexed, {len(r['failed'])} "
        f"failed in {r.get('seconds', 0):.1f} s on {where}{speed}",
        highlight=False,
    )
    if nothing:
        raise ImagiaError(
            f"nothing indexed: every file failed ({len(r['failed'])})",
            hint="the reasons are listed above; give video or audio files ffmpeg can read",
        )


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
    emit_rows(
        hits,
        ["asset", "timecode", "text", "shot", "thumbnail"],
        fmt,
        title=f"{len(hits)} hit(s) for {text!r}",
        json_rows=hits,
    )


@app.command("list")
def list_(workspace: Path | None = _WS, fmt: str = _FORMAT) -> None:
    """Indexed assets with their duration, frame rate, shots, transcript windows, faces,
    on-screen texts and sound spans."""
    from imagia.index.store import open_index

    rows = open_index(wsmod.resolve(workspace)).assets()
    emit_rows(
        rows,
        [
            "name",
            "duration",
            "fps",
            "width",
            "height",
            "shots",
            "windows",
            "faces",
            "texts",
            "sounds",
            "language",
        ],
        fmt,
        title=f"{len(rows)} indexed asset(s)",
        json_rows=rows,
    )
