"""List the import cycles in imagia: between modules, and between imagia's subpackages.

    python scripts/import_cycles.py            # exit 1 when a cycle is found

The graph is built by grimp (installed with import-linter), from the source, so every
`import` counts: module level, inside a function, or under `if TYPE_CHECKING`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import grimp

ROOT = "imagia"


def _cycles(nodes: Iterable[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def module_edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def package_edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    """Edges between imagia's direct children (imagia.api, imagia.web, imagia.demo...)."""

    def top(module: str) -> str:
        return ".".join(module.split(".")[:2])

    edges: dict[str, set[str]] = {}
    for module, imported in module_edges(graph).items():
        for other in imported:
            if top(module) != top(other) and top(other) != ROOT and top(module) != ROOT:
                edges.setdefault(top(module), set()).add(top(other))
    return edges


def _show(graph: grimp.ImportGraph, members: list[str]) -> str:
    lines = [" <-> ".join(members)]
    for importer in members:
        for imported in members:
            if importer == imported:
                continue
            for detail in graph.get_import_details(importer=importer, imported=imported):
                lines.append(f"    {importer}:{detail['line_number']}  {detail['line_contents']}")
    return "\n".join(lines)


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    graph = grimp.build_graph(ROOT, cache_dir=None)
    modules = _cycles(graph.modules, module_edges(graph))
    packages = _cycles(
        {n for es in package_edges(graph).values() for n in es} | set(package_edges(graph)),
        package_edges(graph),
    )
    print(f"module cycles: {len(modules)}")
    for members in modules:
        print(_show(graph, members))
    print(f"subpackage cycles: {len(packages)}")
    for members in packages:
        print("  " + " <-> ".join(members))
    return 1 if modules or packages else 0


if __name__ == "__main__":
    sys.exit(main())
