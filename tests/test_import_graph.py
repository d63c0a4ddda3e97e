"""The package's modules import one another in one direction: no cycle, not even one that
only a type annotation (``TYPE_CHECKING``) or a function-level import hides."""

from __future__ import annotations

import ast
from pathlib import Path

import opsdesk

PACKAGE = Path(opsdesk.__file__).parent


def _name(path: Path) -> str:
    """A module's dotted name in the package (``search.front``; ``search`` for its
    ``__init__``)."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The modules of the package that ``path`` imports, wherever the import stands, by
    dotted name (``from ..problems import x`` in ``search/front.py`` is ``problems``;
    ``from . import session`` there is ``search.session``), or the names they may be."""
    name = _name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    package = [part for part in package if part]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - (node.level - 1)]
            stem = [*base, *(node.module.split(".") if node.module else [])]
            if node.module:  # (``from . import x`` names x, not the package it is in)
                found.add(".".join(stem))
            found |= {".".join([*stem, alias.name]) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and \
                node.module.startswith("opsdesk."):
            stem = node.module.split(".")[1:]
            found.add(".".join(stem))
            found |= {".".join([*stem, alias.name]) for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("opsdesk.") for a in node.names
                      if a.name.startswith("opsdesk.")}
    return found


def _graph() -> dict[str, set[str]]:
    """Each module of the package (subpackages' too) and the modules it imports."""
    modules = {_name(path): path for path in PACKAGE.rglob("*.py")}
    modules.pop("", None)  # the package's own __init__: it imports nothing of ours
    return {name: _imports(path) & modules.keys() - {name} for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle's modules (the strongly connected components of more than one)."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(node: str, edges: dict[str, set[str]], out: list[str]) -> None:
        stack = [(node, iter(sorted(edges[node])))]
        seen.add(node)
        while stack:
            current, rest = stack[-1]
            following = next((n for n in rest if n not in seen), None)
            if following is None:
                stack.pop()
                out.append(current)
            else:
                seen.add(following)
                stack.append((following, iter(sorted(edges[following]))))

    for node in sorted(graph):
        if node not in seen:
            visit(node, graph, order)
    reverse: dict[str, set[str]] = {node: set() for node in graph}
    for node, targets in graph.items():
        for target in targets:
            reverse[target].add(node)
    seen.clear()
    components = []
    for node in reversed(order):
        if node not in seen:
            component: list[str] = []
            visit(node, reverse, component)
            if len(component) > 1:
                components.append(sorted(component))
    return components


def test_the_import_graph_has_no_cycle() -> None:
    assert _cycles(_graph()) == []


def test_the_graph_holds_the_subpackages_modules_and_their_edges() -> None:
    graph = _graph()
    assert {"search", "search.front", "search.session", "search.staging"} <= graph.keys()
    assert "problems" in graph["search.front"]  # from ..problems import one_line
    assert "search.session" in graph["search.front"]  # from . import session
    assert "search" in graph["mkdocs_session"]  # from .search import SiteSearch


def test_the_cycle_finder_finds_one() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
