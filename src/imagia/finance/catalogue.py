"""A catalogue of works (``catalogue.yaml``, schema ``Catalogue.1``): the work folders beside it,
each with its id and title (the names a statement covering many works may use in its ``work``
column), and the cross-collateralisation terms between works.

Layout::

    catalogue.yaml        Catalogue.1: works (id, title, folder), cross_collateralised
    <folder>/             one work folder each (contracts.yaml, received.yaml...)
    shared/*.csv          statements covering many works (received.yaml names ../shared/...)
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from imagia.core.errors import BadFile
from imagia.core.textfile import is_file, load_yaml

NAME = "catalogue.yaml"
SCHEMA = "Catalogue.1"


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WorkEntry(_M):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    folder: str = Field(min_length=1)


class Cross(_M):
    """A beneficiary whose remuneration is cross-collateralised between works: what one work
    has not recouped of their advances is set against what the others owe them."""

    party: str = Field(min_length=1)
    works: list[str] = Field(min_length=2)
    clause: str = ""


class Catalogue(_M):
    schema_: Literal["Catalogue.1"] = Field(alias="schema")
    works: list[WorkEntry] = Field(min_length=1)
    cross_collateralised: list[Cross] = Field(default_factory=list)

    def names(self) -> dict[str, str]:
        """Every name of a work (id, title) -> its id."""
        out = {w.title: w.id for w in self.works}
        out.update({w.id: w.id for w in self.works})
        return out


def load(path: Path) -> Catalogue:
    path = Path(path)
    if path.is_dir():
        path = path / NAME
    if not is_file(path):
        raise BadFile(path, "catalogue file not found")
    raw = load_yaml(path)
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        raise BadFile(path, f"schema: expected {SCHEMA!r}")
    try:
        cat = Catalogue.model_validate(raw)
    except ValidationError as exc:
        e = exc.errors()[0]
        raise BadFile(path, f"{'.'.join(map(str, e['loc']))}: {e['msg']}") from None
    seen: set[str] = set()
    for w in cat.works:
        for name in (w.id, w.title):
            if name in seen and not (name == w.title == w.id):
                raise BadFile(path, f"works: {name!r} names two works")
            seen.add(name)
    ids = {w.id for w in cat.works}
    for i, x in enumerate(cat.cross_collateralised):
        for wid in x.works:
            if wid not in ids:
                raise BadFile(path, f"cross_collateralised[{i}]: unknown work {wid!r}")
    return cat


def beside(work_root: Path) -> Catalogue | None:
    """The catalogue of the folder above a work folder, if there is one (a ``catalogue.yaml``
    of another schema there is not ours: ignored)."""
    path = Path(work_root).resolve().parent / NAME
    if not is_file(path):
        return None
    try:
        raw = load_yaml(path)
    except BadFile:
        return None
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        return None
    return load(path)
