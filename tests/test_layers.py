"""No part of imagia uses another part's private names.

A part is a direct child of the package (``imagia.index``, ``imagia.core``, ``imagia.app``...).
Inside a part, modules may share ``_names``; across parts only public names are used, so a part
can rename its internals without breaking another. The layers themselves (who may import whom)
are import-linter contracts in pyproject.toml (``lint-imports``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import imagia

SRC = Path(imagia.__file__).resolve().parent


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _part(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def violations(path: Path) -> list[str]:
    """``file:line: what`` for each use of another part's private name in ``path``."""
    rel = path.relative_to(SRC.parent)
    source = path.read_text(encoding="utf-8")
    return [f"{rel}:{v}" for v in uses(source, _module_name(path), path.name == "__init__.py")]


def uses(source: str, module: str, is_package: bool = False) -> list[str]:
    """``line: what`` for each use of another part's private name in ``module``'s source."""
    own = _part(module)
    tree = ast.parse(source)
    found: list[str] = []
    aliases: dict[str, str] = {}  # local name -> module of another part it is bound to

    def foreign(target: str) -> bool:
        return target.startswith("imagia.") and _part(target) != own

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if not foreign(a.name):
                    continue
                if any(_private(p) for p in a.name.split(".")):
                    found.append(f"{node.lineno}: import {a.name}")
                aliases[a.asname or a.name] = a.name
        elif isinstance(node, ast.ImportFrom):
            origin = _absolute(node, module, is_package)
            if not foreign(origin):
                continue
            if any(_private(p) for p in origin.split(".")):
                found.append(f"{node.lineno}: from {origin} import ...")
                continue
            for a in node.names:
                if _private(a.name):
                    found.append(f"{node.lineno}: from {origin} import {a.name}")
                # a name imported from a package may be a module: follow it too
                aliases[a.asname or a.name] = f"{origin}.{a.name}"
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and _private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
        ):
            found.append(f"{node.lineno}: {node.value.id}.{node.attr} ({aliases[node.value.id]})")
    return sorted(set(found), key=lambda v: (int(v.split(":")[0]), found.index(v)))


def test_no_part_uses_another_parts_private_names() -> None:
    found = [v for path in sorted(SRC.rglob("*.py")) for v in violations(path)]
    assert not found, "private names used across parts:\n" + "\n".join(found)


def test_the_checker_sees_each_kind_of_use() -> None:
    """The checker itself: private names imported, reached through a module, or a private
    module, from another part; the same inside one part is fine."""
    code = (
        "from imagia.index.store import IndexStore, _first_match\n"
        "from imagia.index import store\n"
        "import imagia.core.registry as reg\n"
        "from imagia.clips.model import _RANK\n"
        "from . import model\n"
        "from imagia.core._secret import x\n"
        "store._TOKEN, reg._TOOLS, model._RANK, store.fold\n"
    )
    assert uses(code, "imagia.clips.sample") == [
        "1: from imagia.index.store import _first_match",
        "6: from imagia.core._secret import ...",
        "7: store._TOKEN (imagia.index.store)",
        "7: reg._TOOLS (imagia.core.registry)",
    ]
