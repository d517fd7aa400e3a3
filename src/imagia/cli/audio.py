"""``imagia audio ...``: audio post-production (use case audio-post)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.output import console, emit_json
from imagia.cli.tools import print_outputs, run_tool, run_with_progress
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod

app = typer.Typer(help="Audio post-production: loudness to delivery specs, QC, sync, dialogue "
                  "clean-up, hum removal, stems estimate.", no_args_is_help=True)

_WS = typer.Option(None, "--workspace", "-w", help="Workspace folder.")
_JSON = typer.Option(False, "--json", help="Print the result as JSON.")
_FPS = typer.Option("25", "--fps", help="Frame rate of timecodes and frame offsets "
                    "(24, 25, 23.976, 29.97...).")


_run = run_tool


_outputs = print_outputs


@app.command("loudness")
def loudness(
    media: Path = typer.Argument(..., help="Audio or video file."),
    spec: str = typer.Option("ebu-r128", help="ebu-r128, atsc-a85, netflix, apple-podcasts, "
                             "spotify, or a custom.yaml file."),
    normalise: bool = typer.Option(False, "--normalise", "--normalize",
                                   help="Also write a copy corrected to the spec (two-pass, "
                                   "true-peak safe); the original is kept."),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Measure integrated loudness, loudness range and true peak, and check a delivery spec."""
    from imagia.post.loudness import load_spec

    load_spec(spec)  # fail fast on a bad id or spec file
    if spec.endswith((".yaml", ".yml")):
        spec = str(Path(spec).resolve())
    params: dict[str, Any] = {"media": str(media.resolve()), "spec": spec}
    if normalise:
        params["normalise"] = True
    ws, job = _run(workspace, "audio-loudness", params, [media])
    if as_json:
        emit_json({"job": job.id, **job.result, "outputs": job.outputs})
        return
    r = job.result
    verdict = "[green]compliant[/]" if r["compliant"] else "[red]not compliant[/]"
    console.print(
        f"{media.name}: I {r['integrated']} LUFS, LRA {r['lra']} LU, TP {r['true_peak']} dBTP "
        f"— {r['spec']}: {verdict}", highlight=False)
    for f in r["findings"]:
        console.print(f"  • {f}", highlight=False)
    if "normalised" in r:
        n = r["normalised"]
        a = n["after"]
        ok = "[green]compliant[/]" if n["compliant"] else "[red]not compliant[/]"
        console.print(f"normalised ({n['mode']}, gain {n['gain_db']:+.2f} dB): I "
                      f"{a['integrated']} LUFS, TP {a['true_peak']} dBTP — {ok}", highlight=False)
    _outputs(ws, job)


@app.command("qc")
def qc(
    media: Path = typer.Argument(..., help="Audio or video file."),
    fps: str = _FPS,
    layout: str = typer.Option("", "--layout", help="Expected layout (mono, stereo, 5.1, 7.1): "
                               "a file with another channel count is an error."),
    stream: int = typer.Option(0, "--stream", help="Audio stream to check (0 = first; stems "
                               "delivered as separate streams)."),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Technical QC: clipping, DC, phase, layout, dropouts, silence, hum, format; timecoded."""
    from imagia.post.audio import parse_fps

    parse_fps(fps)
    params: dict[str, Any] = {"media": str(media.resolve()), "fps": fps, "layout": layout}
    if stream:
        params["stream"] = stream
    ws, job = _run(workspace, "audio-qc", params, [media])
    if as_json:
        emit_json({"job": job.id, **job.result, "outputs": job.outputs})
        return
    r = job.result
    verdict = "[green]passed[/]" if r["passed"] else "[red]failed[/]"
    console.print(f"{media.name}: {verdict} — {r['errors']} error(s), {r['warnings']} "
                  f"warning(s), {r['infos']} note(s)", highlight=False)
    for f in r["findings"]:
        console.print(f"  • {f}", highlight=False)
    _outputs(ws, job)


@app.command("sync")
def sync(
    a: Path | None = typer.Argument(None, help="Reference recording (camera audio)."),
    b: Path | None = typer.Argument(None, help="Recording to align (field recorder)."),
    folder: Path | None = typer.Option(None, "--folder", help="Pair every camera file of this "
                                       "folder with its recorder file."),
    fps: str = _FPS,
    max_offset: float = typer.Option(60.0, help="Largest offset searched, seconds."),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Offset of B against A (B late = positive) by cross-correlation, in ms and frames."""
    from imagia.core.errors import BadValue
    from imagia.post.audio import parse_fps

    parse_fps(fps)
    if folder is not None:
        ws = wsmod.resolve(workspace)
        job = jobmod.submit(ws, "audio-sync", {"folder": str(folder.resolve()), "fps": fps,
                                               "max_offset": max_offset})
        job = run_with_progress(ws, job.id)
    elif a is not None and b is not None:
        ws, job = _run(workspace, "audio-sync", {"a": str(a.resolve()), "b": str(b.resolve()),
                                                 "fps": fps, "max_offset": max_offset}, [a, b])
    else:
        raise BadValue("arguments", "", reason="give two files A B, or --folder FOLDER")
    if as_json:
        emit_json({"job": job.id, **job.result, "outputs": job.outputs})
        return
    r = job.result
    single = {"camera": a.name if a else "", "sound": b.name if b else "", **r}
    pairs = r.get("pairs", [single])
    for p in pairs:
        console.print(f"{p['camera']} ↔ {p['sound']}: {p['offset_ms']:+.3f} ms = "
                      f"{p['offset_frames']:+.3f} frames @ {fps} fps (confidence "
                      f"{p['confidence']})", highlight=False)
    if r.get("drift_ppm") is not None:
        console.print(f"  • clock drift {r['drift_ppm']:+.1f} ppm: {r['offset_start_ms']:+.3f} ms "
                      f"at the start, {r['offset_end_ms']:+.3f} ms at the end", highlight=False)
    for u in r.get("unmatched", []):
        console.print(f"  • no confident match for {u}", highlight=False)
    _outputs(ws, job)


@app.command("denoise")
def denoise(
    media: Path = typer.Argument(..., help="Audio or video file with dialogue."),
    strength: float = typer.Option(1.0, min=0.0, max=1.0, help="0 (light) to 1 (no limit on "
                                   "the reduction)."),
    method: str = typer.Option("deepfilternet", help="deepfilternet (AI, packaged model) or "
                               "spectral-gate (classic)."),
    declick: bool = typer.Option(False, "--declick", help="Repair clicks first (ffmpeg "
                                 "adeclick); counts them before and after."),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Reduce noise under dialogue; report the estimated SNR before and after."""
    from imagia.core.errors import BadValue
    from imagia.post.denoise import METHODS

    if method not in METHODS:
        raise BadValue("method", method, METHODS)
    params: dict[str, Any] = {"media": str(media.resolve()), "method": method,
                              "strength": strength}
    if declick:
        params["declick"] = True
    ws, job = _run(workspace, "audio-denoise", params, [media])
    if as_json:
        emit_json({"job": job.id, **job.result, "outputs": job.outputs})
        return
    r = job.result
    console.print(f"{media.name}: {r['method']} (strength {r['strength']}): estimated SNR "
                  f"{r['snr_before_db']} dB → {r['snr_after_db']} dB", highlight=False)
    if r.get("clicks_before") is not None:
        console.print(f"  • clicks: {r['clicks_before']} → {r['clicks_after']}", highlight=False)
    for n in r["notes"]:
        console.print(f"  • {n}", highlight=False)
    _outputs(ws, job)


@app.command("dehum")
def dehum(
    media: Path = typer.Argument(..., help="Audio or video file with hum."),
    freq: str = typer.Option("auto", "--freq", help="Mains frequency: auto, 50 or 60."),
    harmonics: int = typer.Option(8, help="Harmonics to notch (1-40)."),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Remove mains hum (50/60 Hz and harmonics) with zero-phase notches."""
    from imagia.core.errors import BadValue

    if freq not in ("auto", "50", "60"):
        raise BadValue("freq", freq, ["auto", "50", "60"])
    ws, job = _run(workspace, "audio-dehum", {"media": str(media.resolve()), "freq": freq,
                                              "harmonics": harmonics}, [media])
    if as_json:
        emit_json({"job": job.id, **job.result, "outputs": job.outputs})
        return
    r = job.result
    console.print(f"{media.name}: mains {r['mains_hz']} Hz, fundamental "
                  f"{r['fundamental_before_dbfs']} → {r['fundamental_after_dbfs']} dBFS, "
                  f"overall level {r['level_change_db']:+.2f} dB", highlight=False)
    for n in r.get("notes", []):
        console.print(f"  • {n}", highlight=False)
    _outputs(ws, job)


@app.command("stems")
def stems(
    media: Path = typer.Argument(..., help="Audio or video file (a mix)."),
    method: str = typer.Option("deepfilternet", help="Dialogue estimator: deepfilternet or "
                               "spectral-gate."),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Estimate dialogue and music-and-effects stems (an estimate, not a separation)."""
    from imagia.core.errors import BadValue

    if method not in ("deepfilternet", "spectral-gate"):
        raise BadValue("method", method, ["deepfilternet", "spectral-gate"])
    ws, job = _run(workspace, "audio-stems", {"media": str(media.resolve()), "method": method},
                   [media])
    if as_json:
        emit_json({"job": job.id, **job.result, "outputs": job.outputs})
        return
    r = job.result
    console.print(f"{media.name}: {r['estimate']}", highlight=False)
    for name, level in r["levels_dbfs"].items():
        console.print(f"  • {name}: {level} dBFS", highlight=False)
    _outputs(ws, job)
