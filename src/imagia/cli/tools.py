"""``imagia tools list`` (the registry) and the foreground job runner every tool command uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from imagia.cli.options import FORMAT, JSON_FORMAT
from imagia.cli.output import check_format, console, emit_json, emit_rows
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod
from imagia.core.errors import BadFile
from imagia.core.params import validate
from imagia.core.registry import all_tools, get_tool
from imagia.core.workspace import Workspace

app = typer.Typer(
    help="The tools imagia runs, each tied to a use case of the study.", no_args_is_help=True
)


@app.command("list")
def list_(
    fmt: str = FORMAT,
    as_json: bool = JSON_FORMAT,
) -> None:
    """List registered tools, the use case each implements and the command to run it."""
    fmt = check_format("json" if as_json else fmt)
    rows = [
        {
            "id": t.id,
            "usecase": t.usecase,
            "status": t.status,
            "command": t.command,
            "scope": t.scope_en,
        }
        for t in all_tools()
    ]
    emit_rows(rows, ["id", "usecase", "status", "command", "scope"], fmt, title="Tools")


def run_with_progress(ws: Workspace, job_id: str) -> jobmod.Job:
    """Run a job in the foreground with a progress bar (plain lines when not a terminal)."""
    if console.is_terminal:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(job_id, total=1.0)
            job = jobmod.run(
                ws, job_id, lambda f, m: bar.update(task, completed=f, description=m or job_id)
            )
    else:
        job = jobmod.run(ws, job_id)
    return job


def run_tool(
    workspace: Path | None, tool: str, params: dict[str, Any], inputs: list[Path] | None = None
) -> tuple[Workspace, jobmod.Job]:
    """What every tool command does: check the parameters against the tool's declaration, record
    the job in the workspace, run it in the foreground with progress. Parameters and files are
    checked before any workspace is created; ``None`` values count as not given."""
    given = {k: v for k, v in params.items() if v is not None}
    for p in inputs or []:
        if not Path(p).is_file():
            raise BadFile(p, "file not found")
    validate(get_tool(tool), given)
    ws = wsmod.resolve(workspace)
    job = jobmod.submit(ws, tool, given, inputs)
    return ws, run_with_progress(ws, job.id)


def print_outputs(ws: Workspace, job: jobmod.Job) -> None:
    """One line per file the job wrote."""
    for o in job.outputs:
        console.print(f"  → {ws.root / o['path']}", highlight=False)


def save_copy(ws: Workspace, job: jobmod.Job, kind: str, out: Path | None) -> Path | None:
    """Copy the job's output of ``kind`` to ``out`` (``--output``), atomically; the job's own
    copy stays in the workspace. Returns ``out`` when a copy was written."""
    from imagia.core.provenance import atomic_write

    if out is None:
        return None
    src = next((ws.root / o["path"] for o in job.outputs if o["kind"] == kind), None)
    if src is None:
        return None
    with atomic_write(out, "wb") as fh:
        fh.write(src.read_bytes())
    return out


def emit_job(job: jobmod.Job) -> None:
    """A tool command's ``--json`` output: the job id, its result and its outputs."""
    emit_json({"job": job.id, **job.result, "outputs": job.outputs})
