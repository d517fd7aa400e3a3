"""``imagia jobs ...``: the workspace's long work."""

from __future__ import annotations

from pathlib import Path

import typer

from imagia.cli.options import FORMAT, JSON_FORMAT, WORKSPACE
from imagia.cli.output import check_format, emit_json, emit_rows
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod

app = typer.Typer(
    help="Jobs recorded in the workspace: list, show, logs, resume.", no_args_is_help=True
)
WsOpt = WORKSPACE


@app.command("list")
def list_(
    workspace: Path | None = WsOpt,
    fmt: str = FORMAT,
    as_json: bool = JSON_FORMAT,
) -> None:
    """List jobs, newest first."""
    fmt = check_format("json" if as_json else fmt)
    ws = wsmod.resolve(workspace)
    items = jobmod.list_jobs(ws)
    rows = [
        {
            "id": j.id,
            "tool": j.tool,
            "status": j.status,
            "progress": f"{j.progress:.0%}",
            "message": j.message,
        }
        for j in items
    ]
    emit_rows(
        rows,
        ["id", "tool", "status", "progress", "message"],
        fmt,
        json_rows=[j.to_dict() for j in items],
    )


@app.command()
def show(job_id: str, workspace: Path | None = WsOpt) -> None:
    """Show a job: parameters, provenance, result and outputs (JSON)."""
    emit_json(jobmod.get(wsmod.resolve(workspace), job_id).to_dict())


@app.command()
def logs(job_id: str, workspace: Path | None = WsOpt) -> None:
    """Print a job's log lines."""
    for line in jobmod.logs(wsmod.resolve(workspace), job_id):
        typer.echo(f"{line['level']}\t{line['message']}")


@app.command()
def resume(job_id: str, workspace: Path | None = WsOpt) -> None:
    """Run an interrupted or failed job again with its saved parameters."""
    from imagia.cli.tools import run_with_progress

    ws = wsmod.resolve(workspace)
    jobmod.prepare_resume(ws, job_id)
    run_with_progress(ws, job_id)
