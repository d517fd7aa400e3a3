"""Render data for the terminal: rich tables when interactive, plain text when piped, or
JSON / CSV / Markdown on request."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from imagia.core.errors import BadValue

FORMATS = ("table", "json", "csv", "markdown")

console = Console()
err_console = Console(stderr=True)


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise BadValue("format", fmt, FORMATS)
    return fmt


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        if "label" in value and "level" in value:
            lvl = value["level"] if value["level"] is not None else "?"
            return f"{lvl} {value['label']}"
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def emit_rows(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    title: str | None = None,
    json_rows: Sequence[Any] | None = None,
) -> None:
    """Print ``rows`` in ``fmt``; ``json_rows`` (full objects) replaces them for JSON."""
    check_format(fmt)
    if fmt == "json":
        emit_json(list(json_rows if json_rows is not None else rows))
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
        sys.stdout.write(buf.getvalue())
        return
    if fmt == "markdown":
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        for r in rows:
            cells = [_cell(r.get(c)).replace("|", "\\|") for c in columns]
            lines.append("| " + " | ".join(cells) + " |")
        sys.stdout.write("\n".join(lines) + "\n")
        return
    if not sys.stdout.isatty():
        # Plain, tab-separated text for pipes and scripts.
        sys.stdout.write("\t".join(columns) + "\n")
        for r in rows:
            sys.stdout.write("\t".join(_cell(r.get(c)) for c in columns) + "\n")
        return
    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c)
    for r in rows:
        table.add_row(*[_cell(r.get(c)) for c in columns])
    console.print(table)
