"""Load and validate the catalogue's data files (use cases and the study's structures)."""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from imagia.catalogue.schema import UseCaseFile
from imagia.core.errors import BadFile

DATA_PACKAGE = "imagia.catalogue"
# libyaml's parser when present (about 10x faster), the pure-Python one otherwise.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def data_dir() -> Path:
    """The folder holding the packaged catalogue data."""
    return Path(str(resources.files(DATA_PACKAGE) / "data"))


def read_yaml(path: Path) -> Any:
    """Parse a YAML file or raise :class:`BadFile` naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise BadFile(path, "file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise BadFile(path, f"cannot read ({exc})") from exc
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise BadFile(path, f"not valid YAML{where}") from exc


def describe_validation(exc: ValidationError) -> str:
    """First problem of a pydantic error as 'field.path: message'."""
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
    more = len(exc.errors()) - 1
    suffix = f" (and {more} more)" if more else ""
    return f"field {loc}: {err['msg']}{suffix}"


def load_usecase_file(path: Path) -> UseCaseFile:
    """Read one use-case file; the id must match the file name."""
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise BadFile(path, "expected a mapping of fields at the top level")
    try:
        card = UseCaseFile.model_validate(raw)
    except ValidationError as exc:
        raise BadFile(path, describe_validation(exc)) from exc
    if card.id != path.stem:
        raise BadFile(path, f"field id: {card.id!r} does not match the file name {path.stem!r}")
    return card


def load_usecase_dir(folder: Path) -> list[UseCaseFile]:
    """All use-case files of a folder, sorted by file name."""
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise BadFile(folder, "no use-case files (*.yaml) found")
    return [load_usecase_file(f) for f in files]


@lru_cache(maxsize=1)
def packaged_usecases() -> tuple[UseCaseFile, ...]:
    return tuple(load_usecase_dir(data_dir() / "usecases"))


@cache
def packaged_structure(name: str) -> Any:
    """One of the study's structures (``stages``, ``matrix``, ``professions``, ``genres``,
    ``legends``, ``flags``, ``synthesis``) as plain data."""
    return read_yaml(data_dir() / f"{name}.yaml")


def main(argv: list[str] | None = None) -> int:
    """Validate data files given on the command line (or the whole packaged set)."""
    import sys

    args = argv if argv is not None else sys.argv[1:]
    paths = [Path(a) for a in args] or sorted((data_dir() / "usecases").glob("*.yaml"))
    bad = 0
    for p in paths:
        try:
            load_usecase_file(p)
        except BadFile as exc:
            bad += 1
            print(f"INVALID {exc}")
    print(f"{len(paths) - bad}/{len(paths)} valid")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
