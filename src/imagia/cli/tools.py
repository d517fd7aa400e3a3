"""``imagia tools ...`` (the registry) and the tools' own commands (``imagia audio ...``)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from imagia.cli.output import check_format, console, emit_json, emit_rows
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod
from imagia.core.registry import all_tools
from imagia.core.workspace import Workspace

app = typer.Typer(help="The tools imagia runs, each tied to a use case of the study.",
                  no_args_is_help=True)
audio_app = typer.Typer(help="Audio post-production: loudness to delivery specs.",
                        no_args_is_help=True)


@app.command("list")
def list_(
    fmt: str = typer.Option("table", "--format", "-f", help="table, json, csv or markdown."),
    as_json: bool = typer.Option(False, "--json", help="Same as --format json."),
) -> None:
    """List registered tools, the use case each implements and the command to run it."""
    fmt = check_format("json" if as_json else fmt)
    rows = [
        {"id": t.id, "usecase": t.usecase, "status": t.status, "command": t.command,
         "scope": t.scope_en}
        for t in all_tools()
    ]
    emit_rows(rows, ["id", "usecase", "status", "command", "scope"], fmt, title="Tools")


def run_with_progress(ws: Workspace, job_id: str) -> jobmod.Job:
    """Run a job in the foreground with a progress bar (plain lines when not a terminal)."""
    if console.is_terminal:
        with Progress(TextColumn("{task.description}"), BarColumn(),
                      TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(),
                      console=console, transient=True) as bar:
            task = bar.add_task(job_id, total=1.0)
            job = jobmod.run(ws, job_id,
                             lambda f, m: bar.update(task, completed=f, description=m or job_id))
    else:
        job = jobmod.run(ws, job_id)
    return job


@audio_app.command("loudness")
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
