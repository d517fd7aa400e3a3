"""``imagia audio ...``: audio post-production (use case audio-post)."""

from __future__ import annotations

from pathlib import Path

import typer

from imagia.cli.output import console, emit_json
from imagia.cli.tools import run_with_progress
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod

app = typer.Typer(help="Audio post-production: loudness to delivery specs.", no_args_is_help=True)


@app.command("loudness")
def loudness(
    media: Path = typer.Argument(..., help="Audio or video file."),
    spec: str = typer.Option("ebu-r128", help="ebu-r128, atsc-a85, netflix, apple-podcasts, "
                             "spotify."),
    workspace: Path | None = typer.Option(None, "--workspace", "-w", help="Workspace folder."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Measure integrated loudness, loudness range and true peak, and check a delivery spec."""
    from imagia.core.errors import BadValue
    from imagia.post.loudness import specs

    if spec not in specs():
        raise BadValue("spec", spec, specs())
    ws = wsmod.resolve(workspace)
    job = jobmod.submit(ws, "audio-loudness", {"media": str(media.resolve()), "spec": spec},
                        [media])
    job = run_with_progress(ws, job.id)
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
    for o in job.outputs:
        console.print(f"  → {ws.root / o['path']}", highlight=False)
