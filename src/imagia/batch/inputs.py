"""The inputs of a batch: files from folders, globs, explicit paths or a CSV of inputs.

A batch runs a tool once per input file, given to the tool's file parameter (its first
required ``file`` parameter, see :func:`file_param`). A folder is walked (``recursive`` for its
sub-folders) and only files whose *content* is a kind the parameter accepts are taken; a glob
or a path is taken as given (the tool's contract refuses what it cannot read, and the batch
reports such an input as skipped). A CSV has one row per input: a column named like the file
parameter, and optional columns named like the tool's other parameters (the per-file values,
checked by the contract like any submission; an empty cell leaves the batch's value).
"""

from __future__ import annotations

import csv
import glob
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue
from imagia.core.filekinds import GROUPS, sniff
from imagia.core.registry import Param, Tool
from imagia.core.textfile import read_text

GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class BatchInput:
    """One input: the file, its per-file parameters (raw, as written) and, for a CSV row,
    where it came from (``row 3 of list.csv``)."""

    path: Path
    params: dict[str, Any] = field(default_factory=dict)
    origin: str = ""


def file_param(tool: Tool) -> Param:
    """The parameter a batch gives each file to: the tool's first required ``file``
    parameter (else its first ``file`` parameter)."""
    files = [p for p in tool.params if p.kind == "file"]
    if not files:
        raise BadValue(
            "tool",
            tool.id,
            reason="takes no single input file, so it cannot run as a batch "
            "(a batch gives one file per job to a tool's file parameter)",
        )
    return next((p for p in files if p.required), files[0])


def _accepted(path: Path, param: Param) -> bool:
    if not param.accept:
        return True
    try:
        kind = sniff(path, text_limit=1 << 20)
    except OSError:
        return True  # unreadable: kept, so the contract reports it as skipped with its reason
    return kind in set().union(*(GROUPS[g] for g in param.accept))


def from_folder(folder: Path, tool: Tool, recursive: bool = False) -> list[BatchInput]:
    """Files of ``folder`` (and its sub-folders when ``recursive``) whose content is a kind the
    tool's file parameter accepts, sorted; hidden files are left out."""
    param = file_param(tool)
    walk = folder.rglob("*") if recursive else folder.glob("*")
    files = sorted(
        p
        for p in walk
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and _accepted(p, param)
    )
    return [BatchInput(p.resolve()) for p in files]


def from_glob(pattern: str) -> list[BatchInput]:
    """Files matching ``pattern`` (``**`` crosses folders), sorted; none is an error."""
    found = sorted(Path(p) for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
    if not found:
        raise BadFile(pattern, "no file matches this pattern")
    return [BatchInput(p.resolve()) for p in found]


def from_csv(path: Path, tool: Tool) -> list[BatchInput]:
    """One input per row of the CSV at ``path``: the file parameter's column (a path, relative
    to the CSV's folder when not absolute) and per-file parameter columns."""
    param = file_param(tool)
    text = read_text(path)
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as exc:
        raise BadFile(path, f"not a readable CSV ({exc})") from None
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise BadFile(path, f"empty: a header row with a {param.name!r} column is needed")
    header = [c.strip() for c in rows[0]]
    declared = {p.name for p in tool.params}
    for col in header:
        if col not in declared:
            raise BadFile(
                path,
                f"column {col!r} is not a parameter of {tool.id}",
                hint=f"columns: {', '.join(sorted(declared))}",
            )
    if param.name not in header:
        raise BadFile(path, f"no {param.name!r} column (the input file of each row)")
    if len(set(header)) != len(header):
        raise BadFile(path, "a column is named twice in the header")
    out: list[BatchInput] = []
    for n, row in enumerate(rows[1:], start=2):
        if len(row) > len(header):
            raise BadFile(path, f"row {n}: {len(row)} cells for {len(header)} columns")
        values = {h: c.strip() for h, c in zip(header, row, strict=False) if c.strip()}
        where = values.pop(param.name, "")
        if not where:
            raise BadFile(path, f"row {n}: no file in column {param.name!r}")
        file = Path(where).expanduser()
        if not file.is_absolute():
            file = path.parent / file
        out.append(BatchInput(file.resolve(), values, origin=f"row {n} of {path.name}"))
    return out


def collect(
    tool: Tool, sources: list[str], csv_path: Path | None = None, recursive: bool = False
) -> list[BatchInput]:
    """Every input named by ``sources`` (folders, globs, files) and ``csv_path``, in order; an
    input named twice with the same per-file values is kept once."""
    found: list[BatchInput] = []
    for src in sources:
        path = Path(src).expanduser()
        if path.is_dir():
            found += from_folder(path, tool, recursive)
        elif path.is_file():
            found.append(BatchInput(path.resolve()))
        elif GLOB_CHARS & set(src):
            found += from_glob(str(path))
        else:
            raise BadFile(src, "no such file, folder or pattern")
    if csv_path is not None:
        found += from_csv(csv_path, tool)
    seen: set[tuple[str, str]] = set()
    unique = []
    for item in found:
        key = (str(item.path), repr(sorted(item.params.items())))
        if key not in seen:
            seen.add(key)
            unique.append(item)
    if not unique:
        raise BadValue("inputs", " ".join(sources), reason=f"no file {tool.id} can read there")
    return unique
