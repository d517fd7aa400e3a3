"""Read a rights register from CSV: one row per title, grant, format, holdback, music cue,
restricted person or archive range (column ``type``), so a spreadsheet can hold it.

Lists in a cell (territories, channels) are separated by spaces, ``;`` or ``|``. The file may
use ``,``, ``;`` (French spreadsheets) or tabs between columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from imagia.clips.model import SCHEMA, RightsRegister
from imagia.clips.schema import Node, build, register_text
from imagia.core.errors import BadFile

COLUMNS = (
    "type",
    "title",
    "match",
    "fps",
    "grant",
    "territories",
    "exclude",
    "channels",
    "max_seconds",
    "start",
    "end",
    "until",
    "name",
    "cleared",
)
# Columns each row type uses (beside type and title); the tree key each maps to.
_USES: dict[str, dict[str, str]] = {
    "title": {"match": "match", "fps": "fps"},
    "grant": {
        "grant": "id",
        "territories": "territories",
        "exclude": "exclude",
        "channels": "channels",
        "max_seconds": "max_seconds",
        "start": "start",
        "end": "end",
    },
    "format": {"grant": "grant", "channels": "channels", "max_seconds": "max_seconds"},
    "holdback": {
        "grant": "grant",
        "channels": "channels",
        "territories": "territories",
        "until": "until",
    },
    "music": {"name": "name", "start": "start", "end": "end", "cleared": "cleared"},
    "person": {"name": "name", "channels": "channels"},
    "archive": {"name": "name", "start": "start", "end": "end", "cleared": "cleared"},
}


def _node(row: dict[str, str], kind: str, line: int) -> Node:
    """The cells a row type uses, as a tree node that names its columns."""
    n = Node(line=line)
    for col, key in _USES[kind].items():
        value = (row.get(col) or "").strip()
        if value:
            n[key] = value
            n.lines[key] = line
            n.labels[key] = f"column {col!r}"
    return n


def _checked(reader: csv.DictReader[str], source: str) -> Iterator[dict[str, str]]:
    """The reader's rows; a CSV syntax error (a field over the size limit...) is a BadFile."""
    try:
        yield from reader
    except csv.Error as exc:
        raise BadFile(source, f"line {reader.line_num}: not readable CSV ({exc})") from None


def parse_csv(text: str, source: str) -> dict[str, Any]:
    """The register tree of a CSV text (checked by :func:`imagia.clips.schema.build`)."""
    head = text.lstrip("\ufeff").split("\n", 1)[0]
    delim = max((",", ";", "\t"), key=head.count)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delim)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise BadFile(source, f"line {reader.line_num}: not readable CSV ({exc})") from None
    header = [h.strip().lower() for h in fieldnames or []]
    if "type" not in header or "title" not in header:
        raise BadFile(
            source,
            "line 1: the header needs the columns 'type' and 'title' "
            f"(columns: {', '.join(COLUMNS)})",
        )
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise BadFile(
            source, f"line 1: unknown column {unknown[0]!r} (columns: {', '.join(COLUMNS)})"
        )
    reader.fieldnames = header
    titles: dict[str, Node] = {}
    grants: dict[tuple[str, str], Node] = {}
    later: list[tuple[str, Node, dict[str, str], int]] = []
    for row in _checked(reader, source):
        line = reader.line_num
        cells = {k: (v or "").strip() for k, v in row.items() if k}
        if not any(cells.values()):
            continue
        kind = cells.get("type", "").lower()
        if kind not in _USES:
            raise BadFile(
                source,
                f"line {line}, column 'type': unknown row type {kind!r} "
                f"(types: {', '.join(_USES)})",
            )
        extra = [c for c, v in cells.items() if v and c not in ("type", "title", *_USES[kind])]
        if extra:
            raise BadFile(
                source,
                f"line {line}, column {extra[0]!r}: not used on a {kind} row "
                f"(a {kind} row uses: title, {', '.join(_USES[kind])})",
            )
        title = cells.get("title", "")
        if not title:
            raise BadFile(source, f"line {line}, column 'title': the title is missing")
        if kind == "title":
            if title.casefold() in titles:
                raise BadFile(
                    source, f"line {line}, column 'title': title {title!r} is listed twice"
                )
            n = _node(cells, kind, line)
            n["title"], n.lines["title"], n.labels["title"] = title, line, "column 'title'"
            for key in ("grants", "music", "people", "archive"):
                n[key] = []
            titles[title.casefold()] = n
        else:
            later.append((kind, _node(cells, kind, line), cells, line))
    for kind, n, cells, line in later:
        t = titles.get(cells["title"].casefold())
        if t is None:
            raise BadFile(
                source,
                f"line {line}, column 'title': no title row for "
                f"{cells['title']!r} (add a row of type title with its match)",
            )
        if kind == "grant":
            n["holdbacks"] = []
            grants[(cells["title"].casefold(), n.get("id", f"grant-{len(t['grants']) + 1}"))] = n
            t["grants"].append(n)
        elif kind in ("format", "holdback"):
            g = grants.get((cells["title"].casefold(), str(n.pop("grant", ""))))
            if g is None:
                raise BadFile(
                    source,
                    f"line {line}, column 'grant': no grant row "
                    f"{cells.get('grant', '')!r} for {cells['title']!r}",
                )
            if kind == "holdback":
                g["holdbacks"].append(n)
            else:
                if not cells.get("channels"):
                    raise BadFile(
                        source,
                        f"line {line}, column 'channels': give the channels "
                        "this clip length applies to",
                    )
                fm = g.setdefault("formats", Node(line=line))
                for ch in cells.get("channels", "").replace(";", " ").replace("|", " ").split():
                    fm[ch] = cells.get("max_seconds", "")
                    fm.lines[ch], fm.labels[ch] = line, "column 'max_seconds'"
        else:
            t[{"music": "music", "person": "people", "archive": "archive"}[kind]].append(n)
    return {"schema": SCHEMA, "titles": list(titles.values())}


def read_csv(path: Path) -> RightsRegister:
    """A register from a CSV file (see docs/clips.md for the columns)."""
    path = Path(path)
    text = register_text(path)
    return build(parse_csv(text, str(path)), str(path))
