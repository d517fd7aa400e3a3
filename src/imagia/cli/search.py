"""``imagia search``: find moments in the indexed rushes by words, meaning, person, sound and
on-screen text; optionally write them as a selects timeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from imagia.cli.options import FORMAT, WORKSPACE
from imagia.cli.output import console, emit_rows
from imagia.core import workspace as wsmod

COLUMNS = ["asset", "timecode", "why", "text", "thumbnail"]


def moment_label(m: Any) -> str:
    """What a select's marker/comment says: the reasons, then the words."""
    why = "; ".join(m.why)
    return f"{why} | {m.text}" if m.text else why


def write_selects(moments: list[Any], path: Path) -> Path:
    """The moments as an EDL/OTIO/FCPXML timeline (by ``path``'s suffix), through
    :func:`imagia.timeline.selects.write_selects`."""
    import importlib
    import importlib.util

    from imagia.core.errors import MissingDependency

    if importlib.util.find_spec("imagia.timeline.selects") is None:
        raise MissingDependency(
            "--selects needs imagia.timeline.selects, not in this imagia",
            hint="update imagia, or use --format json",
        )
    from imagia.timeline.model import format_for

    fmt = format_for(path)
    mod: Any = importlib.import_module("imagia.timeline.selects")
    rows = [
        {
            "asset": m.asset,
            "path": m.path,
            "fps": str(m.fps),
            "start": m.start,
            "end": m.end,
            "label": moment_label(m),
        }
        for m in moments
    ]
    out = mod.write_selects(rows, path, fmt)
    return Path(out) if out else path


def search(
    query: str = typer.Argument(
        "",
        help="Words or a phrase, in any of 16 languages; empty "
        "with --person or --sound lists their moments.",
    ),
    person: str | None = typer.Option(
        None, "--person", help="Only where this named person is seen."
    ),
    sound: str | None = typer.Option(
        None,
        "--sound",
        help="Only where this sound is heard: "
        "speech, music, applause, laughter, vehicle, crowd, "
        "silence, gunshot, animal...",
    ),
    asset: str | None = typer.Option(
        None, "--asset", help="Only in assets whose name matches this glob (or SHA-256 prefix)."
    ),
    lang: str | None = typer.Option(
        None, "--lang", help="Only in assets in this language (en, fr...)."
    ),
    limit: int = typer.Option(20, "--limit", help="Most moments."),
    semantic: bool = typer.Option(
        True, "--semantic/--words-only", help="Also find by meaning (multilingual embeddings)."
    ),
    selects: Path | None = typer.Option(
        None, "--selects", help="write the moments as an EDL/OTIO/FCPXML timeline (by suffix)"
    ),
    workspace: Path | None = WORKSPACE,
    fmt: str = FORMAT,
) -> None:
    """Find moments in the rushes by words, meaning (any language), person, sound, text.

    Each moment comes with its asset, timecode, the reasons it matched and the shot thumbnail.
    """
    from imagia.cli.output import check_format
    from imagia.index.search import Query
    from imagia.index.search import search as run
    from imagia.index.store import open_index

    check_format(fmt)
    ws = wsmod.resolve(workspace)
    q = Query(
        text=query,
        person=person,
        sound=sound,
        asset=asset,
        lang=lang,
        limit=limit,
        semantic=semantic,
    )
    moments = run(open_index(ws), q)
    rows = []
    for m in moments:
        d = m.to_dict()
        if d["thumbnail"]:
            d["thumbnail"] = str(ws.root / d["thumbnail"])
        rows.append(d)
    what = " ".join(
        x
        for x in (
            repr(query) if query else "",
            f"person={person}" if person else "",
            f"sound={sound}" if sound else "",
        )
        if x
    )
    emit_rows(rows, COLUMNS, fmt, title=f"{len(rows)} moment(s) for {what}", json_rows=rows)
    if selects is not None:
        out = write_selects(moments, selects)
        if fmt == "table":
            console.print(f"selects: {out}", highlight=False)
