"""``imagia models list``: which AI models are here, where, how big, under which licence."""

from __future__ import annotations

import typer

from imagia.cli.options import FORMAT, JSON_FORMAT
from imagia.cli.output import check_format, emit_rows
from imagia.core import models as modmod

app = typer.Typer(
    help="The AI models tools use, found locally (never downloaded).", no_args_is_help=True
)


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024:
            return f"{n:.0f} {unit}"
        n //= 1024
    return f"{n} TB"


@app.command("list")
def list_(
    fmt: str = FORMAT,
    as_json: bool = JSON_FORMAT,
) -> None:
    """Each model: where it was found (search order in MODELS docs), size, licence, or what to
    install when it is missing."""
    fmt = check_format("json" if as_json else fmt)
    rows = []
    for spec, found, hint in modmod.status():
        rows.append(
            {
                "id": spec.id,
                "capability": spec.capability,
                "found": found.where if found else "missing",
                "path": str(found.path) if found and found.path else "",
                "size": _size(found.size) if found else "",
                "licence": spec.licence,
                "install": "" if found else hint,
            }
        )
    emit_rows(
        rows,
        ["id", "capability", "found", "size", "licence", "install"],
        fmt,
        title="Models",
        json_rows=rows,
    )
