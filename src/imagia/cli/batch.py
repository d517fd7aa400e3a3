"""``imagia batch ...``: run any file-in/file-out tool over many inputs and follow the batch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import JSON, WORKSPACE
from imagia.cli.output import console, emit_json, emit_rows, err_console
from imagia.core import workspace as wsmod
from imagia.core.errors import BadValue

app = typer.Typer(
    help="Batches: one tool over a folder, a glob or a CSV of inputs, serially, on worker "
    "processes or on Ray, with retries, resume and a summary table.",
    no_args_is_help=True,
)


def _params(pairs: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise BadValue("param", pair, reason="write it as name=value")
        out[name.strip()] = value
    return out


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    s = round(seconds)
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"


def _print_summary(data: dict[str, Any], folder: Path) -> None:
    c = data["counts"]
    console.print(
        f"[bold]batch {data['batch']}[/] — {data['tool']} on {data['engine']}: "
        f"{c['done']} done ({data['reused']} already done before), {c['failed']} failed, "
        f"{c['skipped']} skipped, {c['pending'] + c['running']} left, of {data['total']}",
        highlight=False,
    )
    rate = data["throughput_per_min"]
    console.print(
        f"time {_duration(data['seconds'])} ({data['seconds']} s), "
        f"{data['ran']} inputs run, throughput {rate if rate is not None else '-'} per minute, "
        f"job time {data['job_seconds']} s, {data['retried']} retried",
        highlight=False,
    )
    rows = [r for r in data["rows"] if r["status"] in ("failed", "skipped", "pending", "running")]
    if rows:
        cols = ["input", "origin", "status", "reason", "attempts"]
        emit_rows(rows, cols, "table", title="Not done")
    console.print(f"  → {folder / 'summary.csv'}\n  → {folder / 'summary.json'}", highlight=False)


def _progress(tick: Any) -> None:
    name = Path(tick.item.input).name
    err_console.print(
        f"[{tick.ended}/{tick.total}] {tick.item.status} {name}"
        f" ({tick.item.seconds} s) — ETA {_duration(tick.eta)}",
        highlight=False,
    )


@app.command("run")
def run(
    tool: str | None = typer.Argument(None, help="Tool id (see: imagia tools list)."),
    inputs: list[str] | None = typer.Argument(None, help="Folders, files or globs ('*.wav')."),
    engine: str = typer.Option("serial", "--engine", help="serial, processes or ray."),
    workers: int | None = typer.Option(
        None, "--workers", help="Worker processes (processes), CPUs of a local Ray (ray)."
    ),
    param: list[str] = typer.Option(
        [], "--param", help="A parameter of the tool for every input: name=value (repeatable)."
    ),
    csv_path: Path | None = typer.Option(
        None,
        "--csv",
        help="CSV of inputs: a column named like the tool's file parameter, "
        "other columns named like its parameters (per-file values).",
    ),
    recursive: bool = typer.Option(False, "--recursive", "-r", help="Walk sub-folders too."),
    retries: int = typer.Option(2, "--retries", help="New tries of an input whose worker died."),
    max_parallel: int | None = typer.Option(
        None,
        "--max-parallel",
        help="Inputs at once (default: the workers; memory-heavy tools one per pair of cores).",
    ),
    ray_address: str | None = typer.Option(
        None, "--ray-address", help="A running Ray cluster (auto, host:port); none: local Ray."
    ),
    resume: str | None = typer.Option(
        None, "--resume", help="Go on with this batch id (what is done is not redone)."
    ),
    retry_failed: bool = typer.Option(
        False, "--retry-failed", help="With --resume: run the failed inputs again too."
    ),
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Run TOOL over every input; prints the summary table and writes it as CSV and JSON.

    Exits 1 when an input failed. Ctrl-C stops cleanly: go on with --resume BATCH_ID."""
    from imagia.batch import inputs as inputmod
    from imagia.batch import plan, runner, state
    from imagia.batch.engines import EngineOptions, check
    from imagia.core.registry import get_tool

    e = EngineOptions(engine, workers, ray_address, retries, max_parallel)
    check(e)
    given = _params(param)
    if resume is None:
        if not tool:
            raise BadValue("tool", "", reason="give a tool id, or --resume BATCH_ID")
        if not inputs and csv_path is None:
            raise BadValue("inputs", "", reason="give folders, files, globs or --csv")
        tool_rec = get_tool(tool)
        found = inputmod.collect(tool_rec, list(inputs or []), csv_path, recursive)
        ws = wsmod.resolve(workspace)
        batch = plan.plan(ws, tool_rec.id, found, given, e.engine, e.workers or 1)
    else:
        ws = wsmod.resolve(workspace)
        batch = state.load(ws, resume)
        if tool and tool != batch.tool:
            raise BadValue("tool", tool, [batch.tool], reason=f"batch {resume} runs {batch.tool}")
        if given or inputs or csv_path:
            raise BadValue("resume", resume, reason="a resumed batch keeps its inputs and params")
        batch = plan.replan(ws, batch, retry_failed)
    err_console.print(
        f"batch {batch.id}: {len(batch.items)} inputs, "
        f"{sum(1 for it in batch.items if it.open)} to run",
        highlight=False,
    )
    try:
        batch = runner.execute(ws, batch, e, None if as_json else _progress)
    except KeyboardInterrupt:
        err_console.print(
            f"interrupted: go on with `imagia batch run --resume {batch.id}`", highlight=False
        )
        raise typer.Exit(130) from None
    data = state.summary(batch)
    if as_json:
        emit_json(data)
    else:
        _print_summary(data, state.batch_dir(ws, batch.id))
    if data["counts"]["failed"]:
        raise typer.Exit(1)


@app.command("status")
def status(
    batch_id: str,
    workspace: Path | None = WORKSPACE,
    as_json: bool = JSON,
) -> None:
    """Show a batch: counts, time, throughput and the inputs not done, with the reasons."""
    from imagia.batch import state

    ws = wsmod.resolve(workspace)
    data = state.summary(state.load(ws, batch_id))
    if as_json:
        emit_json(data)
    else:
        _print_summary(data, state.batch_dir(ws, batch_id))


@app.command("list")
def list_(workspace: Path | None = WORKSPACE, as_json: bool = JSON) -> None:
    """List the workspace's batches, newest first."""
    from imagia.batch import state

    ws = wsmod.resolve(workspace)
    rows = []
    for bid in state.ids(ws):
        b = state.load(ws, bid)
        rows.append({"id": b.id, "tool": b.tool, "status": b.status, **b.counts()})
    cols = ["id", "tool", "status", "done", "failed", "skipped", "pending", "running"]
    if as_json:
        emit_json(rows)
    else:
        emit_rows(rows, cols, "table", title="Batches")
