"""Where a broadcast tool's data comes from: the user's catalogue and interactions, or
MovieLens 100k from the recbole package when neither is given."""

from __future__ import annotations

from pathlib import Path

from imagia.broadcast import interactions, items, movielens
from imagia.broadcast.interactions import Interactions
from imagia.broadcast.items import Item
from imagia.core.errors import BadValue


def load(
    catalogue: str | Path | None, inter: str | Path | None
) -> tuple[list[Item], Interactions, tuple[str, str]]:
    """Items, interactions (item order = catalogue order) and where they are from (EN, FR)."""
    if not catalogue and not inter:
        c, x = movielens.load()
        return c, x, (movielens.SOURCE_EN, movielens.SOURCE_FR)
    if not catalogue or not inter:
        raise BadValue(
            "catalogue" if not catalogue else "interactions",
            "",
            reason="give both the catalogue and the interactions, or neither (MovieLens 100k)",
        )
    cat = items.read(catalogue)
    data = interactions.read(inter, [it.id for it in cat])
    where = f"{Path(catalogue).name} + {Path(inter).name}"
    return cat, data, (where, where)
