"""The tool registry: each tool declares the use case of the study it implements.

The catalogue's "status in imagia" and the command that runs a use case are derived from here,
never written by hand. Tools are declared as metadata (no heavy import); the function behind a
tool is imported on first use from its ``entry`` ("module:function").
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from imagia.core.errors import NotFound

Status = Literal["runs", "partial"]
STATUS_ORDER = {"runs": 2, "partial": 1, "not_yet": 0}


ParamKind = Literal["file", "files", "folder", "choice", "number", "integer", "text", "flag"]


@dataclass(frozen=True)
class Param:
    """One input of a tool: the single contract every face follows.

    The web form, the HTTP API, the CLI (its options are built from or checked against this),
    the demo and ``jobs resume`` all submit through :func:`imagia.core.params.validate`, so a
    value refused in one face is refused in all, with the same message. ``help`` is English,
    ``help_fr`` French; ``minimum``/``maximum`` bound numbers (inclusive); ``accept`` lists the
    file kinds (:data:`imagia.core.filekinds.GROUPS`) a file's *content* must be; ``choices`` of a
    ``choice`` with ``open_choice`` also takes a file (a custom spec or profile besides the named
    ones), resolved like file parameters.
    """

    name: str
    kind: ParamKind
    help: str
    default: Any = None
    choices: tuple[str, ...] = ()
    required: bool = False
    help_fr: str = ""
    minimum: float | None = None
    maximum: float | None = None
    accept: tuple[str, ...] = ()
    open_choice: bool = False  # besides ``choices``, a file of the user's (a custom spec)

    def label(self, lang: str = "en") -> str:
        """The help text in ``lang`` (French falls back to English when not written yet)."""
        return (self.help_fr or self.help) if lang == "fr" else self.help


@dataclass(frozen=True)
class Tool:
    """A runnable tool and the use case it covers.

    ``status`` is ``runs`` when it covers the use case as the study describes it, ``partial`` when
    it covers part of it (``scope`` says which part).
    """

    id: str
    usecase: str
    status: Status
    title_en: str
    title_fr: str
    command: str
    scope_en: str
    scope_fr: str
    entry: str
    params: tuple[Param, ...] = ()
    models: tuple[str, ...] = ()
    outputs: tuple[str, ...] = field(default_factory=tuple)
    # "module:function" building the demo workspace's example: fn(ws) -> (params, inputs).
    demo: str | None = None

    def load(self) -> Callable[..., Any]:
        """Import the function behind the tool (heavy imports happen here, not at start)."""
        return load_ref(self.entry)


def load_ref(ref: str) -> Callable[..., Any]:
    """Import ``"package.module:function"``."""
    module_name, _, attr = ref.partition(":")
    module = importlib.import_module(module_name)
    fn: Callable[..., Any] = getattr(module, attr)
    return fn


_TOOLS: dict[str, Tool] = {}


def register(tool: Tool) -> Tool:
    """Add a tool; ids are unique."""
    if tool.id in _TOOLS and _TOOLS[tool.id] != tool:
        raise ValueError(f"tool id {tool.id!r} registered twice")
    _TOOLS[tool.id] = tool
    return tool


def _ensure_loaded() -> None:
    # The declarations module only builds Tool records; it never imports a tool's code.
    importlib.import_module("imagia.tools.declarations")


def all_tools() -> list[Tool]:
    _ensure_loaded()
    return sorted(_TOOLS.values(), key=lambda t: t.id)


def get_tool(tool_id: str) -> Tool:
    _ensure_loaded()
    try:
        return _TOOLS[tool_id]
    except KeyError:
        raise NotFound("tool", tool_id, _TOOLS) from None


def tools_for(usecase_id: str) -> list[Tool]:
    return [t for t in all_tools() if t.usecase == usecase_id]


def usecase_status(usecase_id: str) -> str:
    """``runs``, ``partial`` or ``not_yet``: the best status among the use case's tools."""
    best = "not_yet"
    for t in tools_for(usecase_id):
        if STATUS_ORDER[t.status] > STATUS_ORDER[best]:
            best = t.status
    return best
