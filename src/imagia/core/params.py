"""Check a tool's parameters against its declaration: the one gate every submission passes.

The web form, the HTTP API, the CLI, the demo and ``jobs resume`` all go through
:func:`validate` (called by :func:`imagia.core.jobs.submit`), so types, bounds, choices and file
kinds are enforced once, from the :class:`~imagia.core.registry.Param` declarations, and a value
refused in one face is refused in every face with the same message.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from imagia.core.errors import BadFile, BadValue, ImagiaError
from imagia.core.filekinds import GROUP_NAMES, GROUPS, sniff
from imagia.core.registry import Param, Tool

# How a face turns a file parameter's value into a path: the CLI takes any path on this machine,
# the HTTP API and the web only paths relative to the workspace (``files/take1.wav``).
Resolver = Callable[[str], Path]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def local_path(value: str) -> Path:
    """The CLI's resolver: a path on this machine, made absolute."""
    return Path(value).expanduser().resolve()


def _number(p: Param, value: Any) -> int | float:
    if isinstance(value, bool):
        raise BadValue(p.name, value, reason="must be a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise BadValue(p.name, value, reason="must be a number") from None
    if not math.isfinite(number):
        raise BadValue(p.name, value, reason="must be a finite number")
    if p.kind == "integer" and not number.is_integer():
        raise BadValue(p.name, value, reason="must be a whole number")
    if p.minimum is not None and number < p.minimum:
        raise BadValue(p.name, value, reason=f"must be at least {_show(p.minimum)}")
    if p.maximum is not None and number > p.maximum:
        raise BadValue(p.name, value, reason=f"must be at most {_show(p.maximum)}")
    return int(number) if number.is_integer() else number


def _show(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _file(p: Param, value: Any, resolve: Resolver, inputs: list[Path]) -> str:
    path = resolve(str(value))
    if not path.is_file():
        raise BadFile(path, "file not found" if not path.exists() else "not a file")
    if p.accept:
        kind = sniff(path, text_limit=1 << 20)
        allowed = set().union(*(GROUPS[g] for g in p.accept))
        wanted = " or ".join(GROUP_NAMES[g] for g in p.accept)
        if kind not in allowed:
            found = f"a {kind} file" if kind else "not a format imagia reads"
            raise BadFile(
                path, f"{found}, not {wanted} (by its content)", hint=f"{p.name}: {p.help}"
            )
    inputs.append(path)
    return str(path)


def _convert(p: Param, value: Any, resolve: Resolver, inputs: list[Path]) -> Any:
    if p.kind == "file":
        return _file(p, value, resolve, inputs)
    if p.kind == "files":
        items = value if isinstance(value, list | tuple) else [value]
        if not items:
            raise BadValue(p.name, value, reason="give at least one file")
        out = []
        for item in items:  # a batch: a missing or bad item is reported by the tool, which
            path = resolve(str(item))  # goes on with the others
            if path.is_file() and p.accept:
                _file(p, item, resolve, inputs)
            elif path.is_file():
                inputs.append(path)
            out.append(str(path))
        return out
    if p.kind == "folder":
        path = resolve(str(value))
        if not path.is_dir():
            raise BadFile(path, "folder not found" if not path.exists() else "not a folder")
        return str(path)
    if p.kind == "choice":
        text = str(value)
        if text in p.choices:
            return text
        if p.open_choice:  # a file of the user's own (a custom spec or profile)
            try:
                own: Path | None = resolve(text)
            except ImagiaError:  # not a file the face lets this request name
                own = None
            if own is not None and own.is_file():
                inputs.append(own)
                return str(own)
        raise BadValue(
            p.name, value, p.choices, reason="nor an existing file" if p.open_choice else None
        )
    if p.kind in ("number", "integer"):
        return _number(p, value)
    if p.kind == "flag":
        if isinstance(value, bool):
            return value
        text = str(value).lower()
        if text not in _TRUE | _FALSE:
            raise BadValue(p.name, value, ["true", "false"])
        return text in _TRUE
    if isinstance(value, list | dict):
        raise BadValue(p.name, value, reason="must be text")
    return str(value)


def validate(
    tool: Tool, raw: dict[str, Any], resolve: Resolver = local_path
) -> tuple[dict[str, Any], list[Path]]:
    """``raw`` checked against ``tool``'s declaration: ``(params, input files)``.

    Unknown names, missing required values, wrong types, values out of bounds or choices and
    files of the wrong kind raise :class:`BadValue` / :class:`BadFile`; defaults fill the gaps;
    file values come back as absolute paths.
    """
    declared = {p.name: p for p in tool.params}
    for name in raw:
        if name not in declared:
            raise BadValue("parameter", name, declared, reason=f"not a parameter of {tool.id}")
    params: dict[str, Any] = {}
    inputs: list[Path] = []
    for p in tool.params:
        value = raw.get(p.name)
        if value is None or value == "" or value == []:
            if p.required:
                raise BadValue(p.name, "", reason=f"required ({p.help})")
            if p.default is not None:
                params[p.name] = p.default
            continue
        params[p.name] = _convert(p, value, resolve, inputs)
    return params, inputs
