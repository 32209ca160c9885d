"""The import graph of the packages, read from their source with `ast`, and long files.

Every import counts, at module level or inside a function, except those under
`if TYPE_CHECKING:` (never run, so they cannot close a cycle at run time). `from a.b import c`
is an import of the module `a.b.c` when that module exists, of `a.b` otherwise; only imports
of modules under the given packages are kept.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

Graph = dict[str, set[str]]


def module_files(root: Path, packages: Iterable[str]) -> dict[str, Path]:
    """Each module under `packages` (folders of `root`) by dotted name."""
    found: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    """Whether an `if` tests `TYPE_CHECKING` (or `typing.TYPE_CHECKING`)."""
    name = test.attr if isinstance(test, ast.Attribute) else getattr(test, "id", None)
    return name == "TYPE_CHECKING"


def _run_time_imports(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements in `node` outside `if TYPE_CHECKING:` blocks."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
        return
    children: Iterable[ast.AST] = ast.iter_child_nodes(node)
    if isinstance(node, ast.If) and _is_type_checking(node.test):
        children = node.orelse
    for child in children:
        yield from _run_time_imports(child)


def _known(name: str, known: set[str] | dict[str, Path]) -> str | None:
    """`name` or its longest prefix that is a known module."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in known:
            return candidate
    return None


def _imported(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The dotted names an import statement in `module` may refer to, most precise first."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:  # relative: from the module's package, up `level - 1` more
        anchor = module.split(".") if is_package else module.split(".")[:-1]
        anchor = anchor[: len(anchor) - (node.level - 1)]
        base = ".".join([*anchor, base] if base else anchor)
    return [f"{base}.{alias.name}" for alias in node.names]


def import_graph(root: Path, packages: Iterable[str]) -> Graph:
    """Which modules of `packages` each of their modules imports at run time."""
    files = module_files(root, packages)
    graph: Graph = {name: set() for name in files}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in _run_time_imports(tree):
            for target in _imported(name, path.name == "__init__.py", node):
                found = _known(target, files)
                if found and found != name:
                    graph[name].add(found)
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def collapse(graph: Graph, depth: int) -> Graph:
    """The graph between groups of modules: each module named by its first `depth` parts."""
    groups: Graph = {}
    for module, targets in graph.items():
        group = ".".join(module.split(".")[:depth])
        groups.setdefault(group, set())
        for target in targets:
            other = ".".join(target.split(".")[:depth])
            if other != group:
                groups[group].add(other)
    return groups


def _under(module: str, packages: Iterable[str]) -> bool:
    """Whether `module` is one of `packages` or inside one."""
    return any(module == p or module.startswith(p + ".") for p in packages)


def edges_to(graph: Graph, sources: str, targets: Iterable[str]) -> list[str]:
    """`a -> b` for each import from a module under `sources` of one under `targets`."""
    within = tuple(targets)
    return sorted(
        f"{module} -> {target}"
        for module, imported in graph.items()
        if _under(module, [sources])
        for target in imported
        if _under(target, within)
    )


def edges_outside(graph: Graph, sources: str, within: str, allowed: Iterable[str]) -> list[str]:
    """`a -> b` for each import from a module under `sources` of one under `within` but under
    none of `allowed`."""
    others = tuple(allowed)
    return [
        edge for edge in edges_to(graph, sources, [within]) if not _under(edge.split()[-1], others)
    ]


def long_files(root: Path, folders: Iterable[str], limit: int) -> list[str]:
    """`path: N lines` for each .py file under `folders` of `root` longer than `limit` lines."""
    return [
        f"{path.relative_to(root)}: {lines} lines"
        for folder in folders
        for path in sorted((root / folder).rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > limit
    ]
