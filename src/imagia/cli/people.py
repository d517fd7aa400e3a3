"""``imagia people ...``: the people the index found faces of; name them once."""

from __future__ import annotations

from pathlib import Path

import typer

from imagia.cli.options import FORMAT, JSON, WORKSPACE
from imagia.cli.output import console, emit_json, emit_rows
from imagia.core import workspace as wsmod

app = typer.Typer(
    help="People: faces found in the index, grouped by who they are; name a group "
    "once and search by that name.",
    no_args_is_help=True,
)

_WS = WORKSPACE
_FORMAT = FORMAT
_JSON = JSON


@app.command("list")
def list_(workspace: Path | None = _WS, fmt: str = _FORMAT) -> None:
    """People with their number of faces, the assets they are in, where first seen and their
    clearest face's thumbnail."""
    from imagia.cli.output import check_format
    from imagia.index.people import list_people
    from imagia.index.store import open_index

    check_format(fmt)
    ws = wsmod.resolve(workspace)
    rows = list_people(open_index(ws))
    for r in rows:
        if r["thumbnail"]:
            r["thumbnail"] = str(ws.root / r["thumbnail"])
        r["first_seen"] = f"{r['first_asset']} @ {r['first_time']:.1f} s"
    emit_rows(
        rows,
        ["id", "name", "faces", "assets", "first_seen", "thumbnail"],
        fmt,
        title=f"{len(rows)} people",
        json_rows=rows,
    )


@app.command("name")
def name(
    person_id: int = typer.Argument(..., metavar="ID", help="Person id (imagia people list)."),
    new_name: str = typer.Argument(..., metavar="NAME", help='Their name, e.g. "Élodie".'),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Name a person; the name stays with their faces when people are clustered again."""
    from imagia.index.people import name_person
    from imagia.index.store import open_index

    r = name_person(open_index(wsmod.resolve(workspace)), person_id, new_name)
    if as_json:
        emit_json(r)
        return
    console.print(f"person {r['id']} is {r['name']}", highlight=False)


@app.command("merge")
def merge(
    keep: int = typer.Argument(..., metavar="KEEP", help="Person id that stays."),
    other: int = typer.Argument(..., metavar="OTHER", help="Person id whose faces move to KEEP."),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Merge two people found apart who are one (KEEP keeps its name, or takes OTHER's)."""
    from imagia.index.people import merge_people
    from imagia.index.store import open_index

    r = merge_people(open_index(wsmod.resolve(workspace)), keep, other)
    if as_json:
        emit_json(r)
        return
    who = f" ({r['name']})" if r["name"] else ""
    console.print(
        f"person {r['merged']} merged into {r['id']}{who}: {r['faces']} face(s)", highlight=False
    )
    if r["dropped_name"]:
        console.print(f"  • the name {r['dropped_name']!r} was dropped", highlight=False)


@app.command("cluster")
def cluster(
    threshold: float = typer.Option(
        0.6, help="Largest descriptor distance between two faces of one person (dlib: 0.6)."
    ),
    rebuild: bool = typer.Option(
        False,
        "--rebuild",
        help="Regroup every face of unnamed people too (named people keep their faces).",
    ),
    workspace: Path | None = _WS,
    as_json: bool = _JSON,
) -> None:
    """Group the faces not yet in a person (done after each imagia index add)."""
    from imagia.index.people import cluster as run_cluster
    from imagia.index.store import open_index

    r = run_cluster(open_index(wsmod.resolve(workspace)), threshold, rebuild=rebuild)
    if as_json:
        emit_json(r)
        return
    console.print(
        f"{r['placed']} face(s) placed ({r['joined_existing']} joined known people, "
        f"{r['new_people']} new); {r['people']} people, {r['named']} named",
        highlight=False,
        soft_wrap=True,
    )
