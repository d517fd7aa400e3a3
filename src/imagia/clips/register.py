"""The workspace's rights register: ``<workspace>/rights/register.yaml`` (``RightsRegister.1``),
imported from YAML or CSV files (the source files are never modified)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import yaml

from imagia.clips.model import RightsRegister, to_tree
from imagia.clips.read_csv import read_csv
from imagia.clips.read_yaml import read_yaml
from imagia.core.errors import BadValue, ImagiaError
from imagia.core.provenance import atomic_write, sha256_file
from imagia.core.workspace import Workspace

READERS = {".yaml": read_yaml, ".yml": read_yaml, ".csv": read_csv}


def register_path(ws: Workspace) -> Path:
    return ws.root / "rights" / "register.yaml"


def read_file(path: Path) -> RightsRegister:
    """A register from a YAML or CSV file, by its extension."""
    reader = READERS.get(Path(path).suffix.lower())
    if reader is None:
        raise BadValue(
            "register file extension",
            Path(path).suffix or "(none)",
            READERS,
            reason=f"cannot tell the format of {Path(path).name}",
        )
    return reader(Path(path))


def load(ws: Workspace) -> RightsRegister | None:
    """The workspace's register, or None when none was imported."""
    path = register_path(ws)
    return read_yaml(path) if path.is_file() else None


def require(ws: Workspace) -> RightsRegister:
    reg = load(ws)
    if reg is None:
        raise ImagiaError(
            f"no rights register in {ws.root}",
            hint="import one with: imagia rights import FILE.yaml|FILE.csv",
        )
    return reg


def save(ws: Workspace, reg: RightsRegister) -> Path:
    path = register_path(ws)
    with atomic_write(path) as fh:
        fh.write(
            "# imagia rights register (written by `imagia rights import`; see docs/clips.md)\n"
        )
        yaml.safe_dump(to_tree(reg), fh, allow_unicode=True, sort_keys=False, width=100)
    return path


def import_file(ws: Workspace, source: Path, merge: bool = False) -> RightsRegister:
    """Check ``source`` and make it the workspace's register; with ``merge``, its titles
    replace those of the same name and the others are kept."""
    new = read_file(source)
    titles = [t.title for t in new.titles]
    old = load(ws) if merge else None
    if old is not None:
        names = {t.title.casefold() for t in new.titles}
        new.titles = [t for t in old.titles if t.title.casefold() not in names] + new.titles
        new.imported = list(old.imported)
    new.imported = [
        *new.imported,
        {
            "file": str(Path(source).resolve()),
            "sha256": sha256_file(Path(source)),
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "titles": titles,
        },
    ]
    save(ws, new)
    return new
