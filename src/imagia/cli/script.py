"""``imagia script ...``: screenplays (use cases script-analysis and budgeting)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import WORKSPACE, declared
from imagia.cli.output import console, emit_json, emit_rows, err_console
from imagia.cli.tools import run_tool
from imagia.core import jobs as jobmod
from imagia.core import workspace as wsmod

app = typer.Typer(
    help="Screenplays: read Fountain/FDX/PDF/text drafts, break them down, analyse and compare.",
    no_args_is_help=True,
)

_WS = WORKSPACE


def _run(
    tool: str, params: dict[str, Any], inputs: list[Path], workspace: Path | None
) -> tuple[wsmod.Workspace, jobmod.Job]:
    return run_tool(workspace, tool, params, inputs)


def _output(ws: wsmod.Workspace, job: jobmod.Job, kind: str) -> Path:
    for o in job.outputs:
        if o["kind"] == kind:
            return ws.root / o["path"]
    raise typer.Exit(1)  # pragma: no cover - every job writes its outputs


def _copy(src: Path, dest: Path | None) -> None:
    if dest is not None:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        console.print(f"  → {dest}", highlight=False)


@app.command("parse")
def parse(
    file: Path = typer.Argument(..., help="Screenplay: .fountain, .fdx, .pdf or .txt."),
    fmt: str = typer.Option(
        "summary", "--format", "-f", help="summary, json, fountain, fdx, text or pdf."
    ),
    from_: str | None = typer.Option(
        None, "--from", help="Force the input format (else detected)."
    ),
    layout: str = typer.Option("us", help="Page layout for text/pdf output: us or fr."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here (else stdout)."),
    elements: bool = typer.Option(False, "--elements", help="JSON: include every element."),
    alias: list[str] | None = typer.Option(
        None, "--alias", help="OLD=NEW: count character OLD as NEW (repeatable)."
    ),
) -> None:
    """Read a screenplay into imagia's model; print it as JSON or convert it."""
    from imagia.core.errors import BadValue
    from imagia.core.provenance import atomic_write
    from imagia.script.formats import FORMATS, module, read

    valid = ("summary", "json", *FORMATS)
    if fmt not in valid:
        raise BadValue("format", fmt, valid)
    if layout not in ("us", "fr"):
        raise BadValue("layout", layout, ("us", "fr"))
    aliases = {}
    for a in alias or []:
        old, sep, new = a.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise BadValue("alias", a, reason="expected OLD=NEW, e.g. 'DR. OKAFOR=OKAFOR'")
        aliases[old.strip()] = new.strip()
    sp = read(file, from_, aliases)
    for w in sp.warnings:
        err_console.print(f"[yellow]warning:[/] {w}", highlight=False)
    if fmt == "summary":
        rows = [
            {
                "scene": s.number or s.index,
                "heading": s.clean_heading,
                "int_ext": s.int_ext,
                "time": s.time_of_day,
                "eighths": s.eighths,
                "characters": s.speakers(),
            }
            for s in sp.scenes
        ]
        console.print(
            f"{sp.title or file.name} — {sp.source_format}, language "
            f"{sp.language or 'unknown'}, {len(sp.scenes)} scenes, "
            f"{sp.eighths / 8:.2f} pages",
            highlight=False,
        )
        emit_rows(
            rows,
            ["scene", "heading", "int_ext", "time", "eighths", "characters"],
            "table",
            title="Scenes",
        )
        return
    if fmt == "json":
        import json

        text = json.dumps(sp.to_dict(elements=elements), ensure_ascii=False, indent=2) + "\n"
        data = text.encode("utf-8")
    else:
        mod: Any = module(fmt)
        data = mod.dumps(sp, layout) if fmt in ("pdf", "text") else mod.dumps(sp)
    if output is not None:
        with atomic_write(output, "wb") as fh:
            fh.write(data)
        console.print(f"→ {output}", highlight=False)
    elif fmt == "pdf":
        raise BadValue("output", None, reason="PDF output needs --output FILE.pdf")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@app.command("breakdown")
def breakdown(
    file: Path = typer.Argument(..., help="Screenplay: .fountain, .fdx, .pdf or .txt."),
    fmt: str = typer.Option(
        "table",
        "--format",
        "-f",
        help="table, json, csv (elements), scenes (scene list CSV) or xlsx.",
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Copy the chosen format here."),
    nlp: bool = declared("script-breakdown", "nlp", "--nlp/--no-nlp"),
    corrections: Path | None = declared("script-breakdown", "corrections", "--corrections"),
    workspace: Path | None = _WS,
) -> None:
    """Break a screenplay down per scene: cast, extras, props, vehicles... (XLSX/CSV/JSON)."""
    from imagia.core.errors import BadValue

    kinds = {
        "json": "breakdown/json",
        "csv": "breakdown/csv",
        "scenes": "scenes/csv",
        "xlsx": "breakdown/xlsx",
    }
    if fmt not in ("table", *kinds):
        raise BadValue("format", fmt, ("table", *kinds))
    params: dict[str, Any] = {"file": str(file.resolve()), "nlp": nlp}
    inputs = [file]
    if corrections is not None:
        params["corrections"] = str(corrections.resolve())
        inputs.append(corrections)
    ws, job = _run("script-breakdown", params, inputs, workspace)
    if fmt == "table":
        import json

        bd = json.loads(_output(ws, job, "breakdown/json").read_text(encoding="utf-8"))
        rows = []
        for s in bd["scenes"]:
            cats: dict[str, list[str]] = {}
            for it in s["items"]:
                cats.setdefault(it["category"], []).append(it["name"])
            rows.append(
                {
                    "scene": s["scene"],
                    "heading": s["heading"],
                    "eighths": s["eighths"],
                    "elements": "; ".join(f"{k}: {', '.join(v)}" for k, v in cats.items()),
                }
            )
        emit_rows(rows, ["scene", "heading", "eighths", "elements"], "table", title="Breakdown")
        carried = bd.get("edits") or {}
        if carried.get("carried") or carried.get("lost"):
            console.print(
                f"  edits carried over from {carried.get('file')}: {carried.get('carried', 0)}"
                f" (not carried, scene gone: {carried.get('lost', 0)})",
                highlight=False,
            )
        for o in job.outputs:
            console.print(f"  → {ws.root / o['path']}", highlight=False)
        return
    src = _output(ws, job, kinds[fmt])
    if output is not None:
        _copy(src, output)
    elif fmt == "xlsx":
        console.print(f"→ {src}", highlight=False)
    else:
        sys.stdout.write(src.read_text(encoding="utf-8"))


@app.command("report")
def report(
    file: Path = typer.Argument(..., help="Screenplay: .fountain, .fdx, .pdf or .txt."),
    fmt: str = typer.Option("summary", "--format", "-f", help="summary, json, html or pdf."),
    cast: Path | None = declared("script-analysis", "cast", "--cast"),
    output: Path | None = typer.Option(None, "--output", "-o", help="Copy the report here."),
    workspace: Path | None = _WS,
) -> None:
    """Analysis report: characters' weight, parity, locations, day/night, pace (HTML/PDF/JSON)."""
    from imagia.core.errors import BadValue

    if fmt not in ("summary", "json", "html", "pdf"):
        raise BadValue("format", fmt, ("summary", "json", "html", "pdf"))
    params: dict[str, Any] = {"file": str(file.resolve())}
    inputs = [file]
    if cast is not None:
        params["cast"] = str(cast.resolve())
        inputs.append(cast)
    ws, job = _run("script-analysis", params, inputs, workspace)
    if fmt == "summary":
        r = job.result
        console.print(
            f"{r['title'] or file.name}: {r['scenes']} scenes, {r['pages']} pages, "
            f"~{r['runtime_min']} min; {r['locations']} locations; top: "
            f"{', '.join(r['top_characters'])}; Bechdel-Wallace "
            f"{'passes' if r['bechdel'] else 'does not pass'}",
            highlight=False,
        )
        for o in job.outputs:
            console.print(f"  → {ws.root / o['path']}", highlight=False)
        return
    src = _output(ws, job, f"report/{fmt}")
    if output is not None:
        _copy(src, output)
    elif fmt == "pdf":
        console.print(f"→ {src}", highlight=False)
    else:
        sys.stdout.write(src.read_text(encoding="utf-8"))


def _compare(a: Path, b: Path, fmt: str, output: Path | None, workspace: Path | None) -> None:
    from imagia.core.errors import BadValue

    if fmt not in ("markdown", "json", "html"):
        raise BadValue("format", fmt, ("markdown", "json", "html"))
    ws, job = _run(
        "script-compare", {"a": str(a.resolve()), "b": str(b.resolve())}, [a, b], workspace
    )
    kind = {"markdown": "diff/markdown", "json": "diff/json", "html": "diff/html"}[fmt]
    src = _output(ws, job, kind)
    if output is not None:
        _copy(src, output)
    else:
        sys.stdout.write(src.read_text(encoding="utf-8"))


@app.command("compare")
def compare(
    a: Path = typer.Argument(..., help="Earlier draft."),
    b: Path = typer.Argument(..., help="Later draft."),
    fmt: str = typer.Option("markdown", "--format", "-f", help="markdown, json or html."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Copy the result here."),
    workspace: Path | None = _WS,
) -> None:
    """Compare two drafts: scenes added/removed/moved/changed, renamed characters, weights."""
    _compare(a, b, fmt, output, workspace)


@app.command("diff")
def diff(
    a: Path = typer.Argument(..., help="Earlier draft."),
    b: Path = typer.Argument(..., help="Later draft."),
    fmt: str = typer.Option("markdown", "--format", "-f", help="markdown, json or html."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Copy the result here."),
    workspace: Path | None = _WS,
) -> None:
    """Same as ``imagia script compare``."""
    _compare(a, b, fmt, output, workspace)


@app.command("formats")
def formats() -> None:
    """List the screenplay formats imagia reads and writes, with their extensions."""
    from imagia.script.formats import EXTENSIONS, FORMATS

    rows = [
        {
            "format": f,
            "extensions": [e for e, x in EXTENSIONS.items() if x == f],
            "read": "yes",
            "write": "yes",
        }
        for f in FORMATS
    ]
    emit_rows(rows, ["format", "extensions", "read", "write"], "table", title="Formats")


__all__ = ["app", "emit_json"]
