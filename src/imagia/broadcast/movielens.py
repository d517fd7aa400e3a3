"""MovieLens 100k as it ships inside the ``recbole`` package (no download), with origin flags.

MovieLens has titles, years and genres but no country. For the French quotas to be testable on
it, each film gets *synthetic*, reproducible flags: a number u in [0, 1) drawn from the SHA-256
of ``"imagia-origin:" + item id``; the film is a French original work (EOF) when u < 0.15 and
European when u < 0.35 (EOF works are European). The age rating is -12 for Horror and TP
otherwise. These are documented stand-ins, not facts about the films: a user's own catalogue
carries the real flags.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

from imagia.broadcast.interactions import Interactions
from imagia.broadcast.items import Item
from imagia.core.errors import MissingDependency

EOF_SHARE = 0.15
EUROPEAN_SHARE = 0.35
SOURCE_EN = "MovieLens 100k (GroupLens) from the recbole package; synthetic origin flags"
SOURCE_FR = "MovieLens 100k (GroupLens) du paquet recbole ; origines fictives (EOF, européenne)"


def folder() -> Path:
    """The ml-100k folder inside the installed recbole package (found without importing it)."""
    spec = importlib.util.find_spec("recbole")
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependency(
            "MovieLens 100k comes with the recbole package, which is not installed",
            hint="pip install --no-deps recbole==1.2.1 (or `make setup-dev`)",
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "dataset_example" / "ml-100k"
    if not (path / "ml-100k.inter").is_file():
        raise MissingDependency(f"{path}: ml-100k files missing from the recbole package")
    return path


def origin_draw(item_id: str) -> float:
    """The reproducible number in [0, 1) behind a film's synthetic origin flags."""
    digest = hashlib.sha256(f"imagia-origin:{item_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="latin-1").splitlines()
    return [line.split("\t") for line in lines[1:] if line]


def items() -> list[Item]:
    """The 1,682 films with synthetic origin flags (see the module's docstring)."""
    out = []
    for row in _rows(folder() / "ml-100k.item"):
        item_id, title, year, genres = ([*row, "", "", "", ""])[:4]
        u = origin_draw(item_id)
        g = tuple(genres.split())
        out.append(
            Item(
                id=item_id,
                title=title,
                genres=g,
                year=int(year) if year.isdigit() else None,
                eof=u < EOF_SHARE,
                european=u < EUROPEAN_SHARE,
                age_rating="-12" if "Horror" in g else "TP",
            )
        )
    return out


def load() -> tuple[list[Item], Interactions]:
    """Films and the 100,000 ratings (user, item, rating, Unix time), items in catalogue order."""
    catalogue = items()
    rows = [(u, i, float(r), float(t)) for u, i, r, t in _rows(folder() / "ml-100k.inter")]
    return catalogue, Interactions.from_rows(rows, [it.id for it in catalogue])
