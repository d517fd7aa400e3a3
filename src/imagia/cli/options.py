"""Options shared by the commands, and options built from a tool's declaration.

A tool's parameters are declared once (:class:`imagia.core.registry.Param`); a command's option
for a declared parameter is made by :func:`declared` (same default, help with the choices and
bounds), and ``tests/test_param_contract.py`` checks that every option of a tool's command is a
declared parameter with the same default. Values are checked once, by ``jobs.submit``.
"""

from __future__ import annotations

from typing import Any

import typer

from imagia.core.registry import Param, get_tool

WORKSPACE = typer.Option(None, "--workspace", "-w", help="Workspace folder.")
JSON = typer.Option(False, "--json", help="Print the result as JSON.")
FORMAT = typer.Option("table", "--format", "-f", help="table, json, csv or markdown.")
JSON_FORMAT = typer.Option(False, "--json", help="Same as --format json.")
FPS_HELP = "Frame rate of timecodes and frame offsets (24, 25, 23.976, 29.97...)."

# Options of a command that are not a tool's parameters: where the result is printed or kept.
PRESENTATION = frozenset({"workspace", "as_json", "fmt", "out", "output", "open_"})


def param(tool_id: str, name: str) -> Param:
    """The declared parameter ``name`` of ``tool_id``."""
    for p in get_tool(tool_id).params:
        if p.name == name:
            return p
    raise KeyError(f"{tool_id} declares no parameter {name!r}")


def describe(p: Param) -> str:
    """The CLI help of a declared parameter: its help, choices and bounds."""
    text = p.help.rstrip(".")
    choices = [c for c in p.choices if c]
    if choices:
        text += f": {', '.join(choices)}" + (" (or a file)" if p.open_choice else "")
    if p.minimum is not None and p.maximum is not None:
        text += f" ({_num(p.minimum)} to {_num(p.maximum)})"
    elif p.minimum is not None:
        text += f" (at least {_num(p.minimum)})"
    elif p.maximum is not None:
        text += f" (at most {_num(p.maximum)})"
    return text + "."


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def declared(tool_id: str, name: str, *flags: str) -> Any:
    """A Typer option for a declared parameter (an argument for a required file given no
    flags); a required parameter's option must be given."""
    p = param(tool_id, name)
    if p.kind in ("file", "files", "folder") and p.required and not flags:
        return typer.Argument(..., help=describe(p), show_default=False)
    if p.required:
        return typer.Option(..., *flags, help=describe(p), show_default=False)
    default = p.default
    if p.kind == "flag":
        default = bool(default)
    return typer.Option(
        default, *flags, help=describe(p), show_default=default not in (None, "", False)
    )
