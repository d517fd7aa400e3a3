"""``imagia audio ...``: audio post-production (use case audio-post)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE, declared
from imagia.cli.output import console
from imagia.cli.tools import emit_job, print_outputs, run_tool

app = typer.Typer(
    help="Audio post-production: loudness to delivery specs, QC, sync, dialogue "
    "clean-up, hum removal, stems estimate.",
    no_args_is_help=True,
)

_WS = WORKSPACE
_JSON = JSON
_run = run_tool
_outputs = print_outputs


@app.command("loudness")
def loudness(
    media: Path = declared("audio-loudness", "media"),
    spec: str = declared("audio-loudness", "spec", "--spec"),
    normalise: bool = declared("audio-loudness", "normalise", "--normalise", "--normalize"),
    bit_depth: str = declared("audio-loudness", "bit_depth", "--bit-depth"),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Measure integrated loudness, loudness range and true peak, and check a delivery spec."""
    from imagia.post.loudness import load_spec

    load_spec(spec)  # fail fast on a bad id or spec file
    if spec.endswith((".yaml", ".yml")):
        spec = str(Path(spec).resolve())
    params: dict[str, Any] = {
        "media": str(media),
        "spec": spec,
        "normalise": normalise,
        "bit_depth": bit_depth,
    }
    ws, job = _run(workspace, "audio-loudness", params, [media])
    if as_json:
        emit_job(job)
        return
    r = job.result
    verdict = "[green]compliant[/]" if r["compliant"] else "[red]not compliant[/]"
    console.print(
        f"{media.name}: I {r['integrated']} LUFS, LRA {r['lra']} LU, TP {r['true_peak']} dBTP "
        f"— {r['spec']}: {verdict}",
        highlight=False,
    )
    for f in r["findings"]:
        console.print(f"  • {f}", highlight=False)
    if "normalised" in r:
        n = r["normalised"]
        a = n["after"]
        ok = "[green]compliant[/]" if n["compliant"] else "[red]not compliant[/]"
        console.print(
            f"normalised ({n['mode']}, gain {n['gain_db']:+.2f} dB): I "
            f"{a['integrated']} LUFS, TP {a['true_peak']} dBTP — {ok}",
            highlight=False,
        )
    _outputs(ws, job)


@app.command("qc")
def qc(
    media: Path = declared("audio-qc", "media"),
    fps: str = declared("audio-qc", "fps", "--fps"),
    layout: str = declared("audio-qc", "layout", "--layout"),
    stream: int = declared("audio-qc", "stream", "--stream"),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Technical QC: clipping, DC, phase, layout, dropouts, silence, hum, format; timecoded."""
    from imagia.post.audio import parse_fps

    parse_fps(fps)
    params: dict[str, Any] = {"media": str(media), "fps": fps, "layout": layout, "stream": stream}
    ws, job = _run(workspace, "audio-qc", params, [media])
    if as_json:
        emit_job(job)
        return
    r = job.result
    verdict = "[green]passed[/]" if r["passed"] else "[red]failed[/]"
    console.print(
        f"{media.name}: {verdict} — {r['errors']} error(s), {r['warnings']} "
        f"warning(s), {r['infos']} note(s)",
        highlight=False,
    )
    for f in r["findings"]:
        console.print(f"  • {f}", highlight=False)
    _outputs(ws, job)


@app.command("sync")
def sync(
    a: Path | None = typer.Argument(None, help="Reference recording (camera audio)."),
    b: Path | None = typer.Argument(None, help="Recording to align (field recorder)."),
    folder: Path | None = declared("audio-sync", "folder", "--folder"),
    fps: str = declared("audio-sync", "fps", "--fps"),
    max_offset: float = declared("audio-sync", "max_offset", "--max-offset"),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Offset of B against A (B late = positive) by cross-correlation, in ms and frames."""
    from imagia.core.errors import BadValue
    from imagia.post.audio import parse_fps

    parse_fps(fps)
    if folder is not None:
        ws, job = _run(
            workspace,
            "audio-sync",
            {"folder": str(folder), "fps": fps, "max_offset": max_offset},
            [],
        )
    elif a is not None and b is not None:
        ws, job = _run(
            workspace,
            "audio-sync",
            {"a": str(a), "b": str(b), "fps": fps, "max_offset": max_offset},
            [],
        )
    else:
        raise BadValue("arguments", "", reason="give two files A B, or --folder FOLDER")
    if as_json:
        emit_job(job)
        return
    r = job.result
    single = {"camera": a.name if a else "", "sound": b.name if b else "", **r}
    pairs = r.get("pairs", [single])
    for p in pairs:
        console.print(
            f"{p['camera']} ↔ {p['sound']}: {p['offset_ms']:+.3f} ms = "
            f"{p['offset_frames']:+.3f} frames @ {fps} fps (confidence "
            f"{p['confidence']})",
            highlight=False,
        )
    if r.get("warning"):
        console.print(f"  [yellow]• {r['warning']}[/]", highlight=False)
    elif r.get("move"):
        console.print(f"  • {r['move']}", highlight=False)
    if r.get("drift_ppm") is not None:
        console.print(
            f"  • clock drift {r['drift_ppm']:+.1f} ppm: {r['offset_start_ms']:+.3f} ms "
            f"at the start, {r['offset_end_ms']:+.3f} ms at the end",
            highlight=False,
        )
    for u in r.get("unmatched", []):
        console.print(f"  • no confident match for {u}", highlight=False)
    _outputs(ws, job)


@app.command("denoise")
def denoise(
    media: Path = declared("audio-denoise", "media"),
    strength: float = declared("audio-denoise", "strength", "--strength"),
    method: str = declared("audio-denoise", "method", "--method"),
    declick: bool = declared("audio-denoise", "declick", "--declick"),
    mode: str = declared("audio-denoise", "mode", "--mode"),
    bit_depth: str = declared("audio-denoise", "bit_depth", "--bit-depth"),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Reduce noise under dialogue; report the estimated SNR before and after."""
    params: dict[str, Any] = {
        "media": str(media),
        "method": method,
        "strength": strength,
        "declick": declick,
        "mode": mode,
        "bit_depth": bit_depth,
    }
    ws, job = _run(workspace, "audio-denoise", params, [media])
    if as_json:
        emit_job(job)
        return
    r = job.result
    console.print(
        f"{media.name}: {r['method']} ({r.get('mode', 'full')}, strength {r['strength']}): "
        "estimated SNR "
        f"{r['snr_before_db']} dB → {r['snr_after_db']} dB",
        highlight=False,
    )
    if r.get("clicks_before") is not None:
        console.print(f"  • clicks: {r['clicks_before']} → {r['clicks_after']}", highlight=False)
    for n in r["notes"]:
        console.print(f"  • {n}", highlight=False)
    _outputs(ws, job)


@app.command("dehum")
def dehum(
    media: Path = declared("audio-dehum", "media"),
    freq: str = declared("audio-dehum", "freq", "--freq"),
    harmonics: int = declared("audio-dehum", "harmonics", "--harmonics"),
    bit_depth: str = declared("audio-dehum", "bit_depth", "--bit-depth"),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Remove mains hum (50/60 Hz and harmonics) with zero-phase notches."""
    ws, job = _run(
        workspace,
        "audio-dehum",
        {"media": str(media), "freq": freq, "harmonics": harmonics, "bit_depth": bit_depth},
        [media],
    )
    if as_json:
        emit_job(job)
        return
    r = job.result
    console.print(
        f"{media.name}: mains {r['mains_hz']} Hz, fundamental "
        f"{r['fundamental_before_dbfs']} → {r['fundamental_after_dbfs']} dBFS, "
        f"overall level {r['level_change_db']:+.2f} dB",
        highlight=False,
    )
    for n in r.get("notes", []):
        console.print(f"  • {n}", highlight=False)
    _outputs(ws, job)


@app.command("stems")
def stems(
    media: Path = declared("audio-stems", "media"),
    method: str = declared("audio-stems", "method", "--method"),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Estimate dialogue and music-and-effects stems (an estimate, not a separation)."""
    ws, job = _run(workspace, "audio-stems", {"media": str(media), "method": method}, [media])
    if as_json:
        emit_job(job)
        return
    r = job.result
    console.print(f"{media.name}: {r['estimate']}", highlight=False)
    for name, level in r["levels_dbfs"].items():
        console.print(f"  • {name}: {level} dBFS", highlight=False)
    _outputs(ws, job)
