"""The fence (issue 21, item 2): every private API of a dependency is touched in a fenced
module only, found by import analysis, and each private MkDocs name the fast paths use,
once deleted, sends the build down MkDocs' stock path with one INFO line.

The fenced modules are ``internals.py`` (MkDocs, watchdog, mkdocs-redirects) and
``search/process.py`` (Pagefind's Python client). Everything else may use only public
names of third-party packages, and may not reach another plugin's configuration.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import logging
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import opsdesk
from opsdesk import internals

from .support.search import search_index
from .support.sites import NO_INDEX_CONFIG, REPO, Built, build_site, write_site
from .test_search_stream import pagefind_processes

PACKAGE = Path(opsdesk.__file__).parent
#: The fenced modules, by their path in the package.
FENCED = {"internals.py", "search/process.py"}
#: Every module of the package, its subpackages' (``search/``) included.
MODULES = sorted(PACKAGE.rglob("*.py"))
#: The names of the package's modules, as ``from . import x`` binds them.
OWN = {path.stem for path in MODULES} | {path.parent.name for path in MODULES
                                          if path.name == "__init__.py"}


def _private(name: str) -> bool:
    """``_x``, not ``__x__``."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@dataclass(frozen=True)
class Touch:
    module: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: {self.what}"


def _name(path: Path) -> str:
    """A module's path in the package: ``plugin.py``, ``search/process.py``."""
    return path.relative_to(PACKAGE).as_posix()


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _own_names(tree: ast.Module) -> set[str]:
    """The names a module binds from our own package (``from . import internals``,
    ``from .search import SiteSearch``): their private parts are ours."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0]
                                                 == "opsdesk"):
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.asname or alias.name.split(".")[0] for alias in node.names
                         if alias.name.split(".")[0] == "opsdesk")
    return names


def private_imports(tree: ast.Module) -> list[tuple[int, str, str]]:
    """``(line, module, name)`` of each private name a module imports from a third-party
    module, wherever the import stands (a function's body included)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level:
            module = node.module or ""
            if module.split(".")[0] == "opsdesk":
                continue
            for alias in node.names:
                if _private(alias.name) or any(map(_private, module.split("."))):
                    found.append((node.lineno, module, alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] != "opsdesk" and any(map(_private, parts)):
                    found.append((node.lineno, ".".join(parts[:-1]), parts[-1]))
    return found


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


def touches(path: Path) -> list[Touch]:
    """Every touch of a third-party private API, or of another plugin, in a module."""
    tree, module = _tree(path), _name(path)
    own = _own_names(tree) | OWN
    found = [Touch(module, line, f"imports {name} from {source}")
             for line, source, name in private_imports(tree)]
    for node in ast.walk(tree):
        # something._name, something not self, cls or one of ours
        if isinstance(node, ast.Attribute) and _private(node.attr) and not _is_self(node.value) \
                and not (isinstance(node.value, ast.Name) and node.value.id in own):
            found.append(Touch(module, node.lineno, f"reads .{node.attr}"))
        # getattr(something, "_name"), hasattr, setattr, delattr
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("getattr", "hasattr", "setattr", "delattr") \
                and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) \
                and isinstance(node.args[1].value, str) and _private(node.args[1].value) \
                and not _is_self(node.args[0]):
            found.append(Touch(module, node.lineno, f"{node.func.id}(..., {node.args[1].value!r})"))
        # another plugin: config.plugins, plugin.config (redirect_maps)
        if isinstance(node, ast.Attribute) and node.attr == "plugins" \
                and not _is_self(node.value):
            found.append(Touch(module, node.lineno, "reaches the other plugins (.plugins)"))
        if isinstance(node, ast.Attribute) and node.attr == "config" \
                and not _is_self(node.value):
            found.append(Touch(module, node.lineno, "reaches another plugin's .config"))
    return found


def inherited_private(path: Path) -> list[Touch]:
    """``self._name`` in a class of ours that subclasses a third-party class, where the
    third-party class's source names ``_name``: its private state, reached through self."""
    tree = _tree(path)
    module = importlib.import_module(".".join(["opsdesk", *path.relative_to(PACKAGE)
                                               .with_suffix("").parts]))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        cls = getattr(module, node.name, None)
        if not inspect.isclass(cls):
            continue
        theirs = []
        for base in cls.__mro__[1:]:
            if base.__module__.split(".")[0] in ("opsdesk", "builtins", "typing", "abc"):
                continue
            try:
                theirs.append(inspect.getsource(base))
            except (OSError, TypeError):
                continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Attribute) and _is_self(inner.value) \
                    and _private(inner.attr) \
                    and any(re.search(rf"(?<!\w){re.escape(inner.attr)}(?!\w)", source)
                            for source in theirs):
                found.append(Touch(_name(path), inner.lineno,
                                   f"{node.name} uses its base's self.{inner.attr}"))
    return found


def test_every_private_api_of_a_dependency_is_touched_in_a_fenced_module_only() -> None:
    assert {"search/session.py", "search/front.py", "search/staging.py"} <= set(map(_name, MODULES))
    outside = [str(touch) for path in MODULES if _name(path) not in FENCED
               for touch in [*touches(path), *inherited_private(path)]]
    assert outside == []


def test_the_analysis_finds_what_the_fence_holds() -> None:
    # the fenced modules do touch private APIs: the analysis sees them
    internals = touches(PACKAGE / "internals.py") + inherited_private(PACKAGE / "internals.py")
    assert {"reads ._register", "reaches the other plugins (.plugins)",
            "reaches another plugin's .config"} <= {t.what for t in internals}
    assert any("_title_from_render" in t.what for t in internals)
    assert any("_backend" in t.what for t in touches(PACKAGE / "search" / "process.py"))


# -- each private MkDocs name deleted in turn: the stock path, one INFO line ------------------

def mkdocs_private_names() -> list[str]:
    """``module.name`` of each private MkDocs name ``internals.py`` imports: by import
    analysis of its source, not a list kept by hand."""
    return sorted(f"{module}.{name}"
                  for _line, module, name in private_imports(_tree(PACKAGE / "internals.py"))
                  if module.split(".")[0] == "mkdocs")


def test_the_guard_checks_every_private_name_internals_imports() -> None:
    names = mkdocs_private_names()
    assert len(names) >= 8
    assert set(names) <= {f"{module}.{name}" for module, name in internals.PRIVATE}


_SCRIPT = """
import importlib, json, logging, sys, types
from pathlib import Path

module_name, name, root = sys.argv[1], sys.argv[2], Path(sys.argv[3])


def mentions(code, name):
    return name in code.co_names or any(
        mentions(const, name) for const in code.co_consts if isinstance(const, types.CodeType))


def hide(module, name):
    # Take ``name`` out of ``module`` as a rename would, while MkDocs' own code that
    # calls it by that name still finds it: each function of the module that names it
    # gets a copy of the module's globals that still has it.
    snapshot = dict(vars(module))

    def rebound(function):
        if not isinstance(function, types.FunctionType) or not mentions(function.__code__, name):
            return function
        copy = types.FunctionType(function.__code__, snapshot, function.__name__,
                                  function.__defaults__, function.__closure__)
        copy.__kwdefaults__, copy.__qualname__ = function.__kwdefaults__, function.__qualname__
        return copy

    def rebind(member):
        if isinstance(member, property):
            return property(rebound(member.fget), rebound(member.fset), rebound(member.fdel))
        if isinstance(member, (classmethod, staticmethod)):
            return type(member)(rebound(member.__func__))
        return rebound(member)

    for key, value in list(vars(module).items()):
        if isinstance(value, type) and value.__module__ == module.__name__:
            for attribute, member in list(vars(value).items()):
                if (new := rebind(member)) is not member:
                    setattr(value, attribute, new)
        elif (new := rebind(value)) is not value:
            setattr(module, key, new)
            snapshot[key] = new
    delattr(module, name)


if name:
    hide(importlib.import_module(module_name), name)

import opsdesk.plugin  # imports without the name
from opsdesk import internals

def fail(*args, **kwargs):
    raise RuntimeError("the fast path's converter was used")

if name:
    internals.ReusedConverterPage.render = fail
from tests.support.sites import build_written
logging.getLogger("mkdocs").setLevel(logging.INFO)
built = build_written(root, strict=True)
print(json.dumps({"ok": built.ok,
                  "info": [r.getMessage() for r in built.records
                           if r.levelno == logging.INFO and "stock" in r.getMessage()]}))
"""


def _build_in_subprocess(root: Path, delete: str = "") -> dict[str, object]:
    """Build ``root`` in a new interpreter, ``delete`` (``module.name``) first taken out."""
    module, _, name = delete.rpartition(".")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PACKAGE.parent), str(REPO)])}
    run = subprocess.run([sys.executable, "-c", _SCRIPT, module, name, str(root)], cwd=REPO,
                         env=env, capture_output=True, text=True, check=False, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    result: dict[str, object] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def _site(root: Path) -> Path:
    # no search index: the fence is about the pages; it also keeps each build short
    write_site(root, {"mkdocs.yml": NO_INDEX_CONFIG})
    return root


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def normal(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = _site(tmp_path_factory.mktemp("normal"))
    result = _build_in_subprocess(root)
    assert result == {"ok": True, "info": []}
    files = _files(root / "site")
    assert "guides/alpha/index.html" in files
    return files


@pytest.mark.parametrize("name", mkdocs_private_names())
def test_a_missing_private_name_builds_the_same_site_the_stock_way(
        name: str, normal: dict[str, bytes], tmp_path: Path) -> None:
    root = _site(tmp_path / "site")

    result = _build_in_subprocess(root, name)

    assert result["ok"]
    assert result["info"] == [f"opsdesk: mkdocs 1.6.1 has no {name}, which the fast paths "
                              "use: building with MkDocs' stock behaviour"]
    assert _files(root / "site") == normal


@pytest.mark.parametrize(("module", "name"), internals.PRIVATE)
def test_the_guard_refuses_without_any_private_name(module: str, name: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    owner = importlib.import_module(module)
    *path, last = name.split(".")
    for part in path:
        owner = getattr(owner, part)
    if last in vars(owner):
        monkeypatch.delattr(owner, last)
    else:  # an attribute its class's __init__ sets (Page._title_from_render)
        init = owner.__init__  # type: ignore[misc]
        code = init.__code__
        names = tuple(n if n != last else f"{last}_renamed" for n in code.co_names)
        monkeypatch.setattr(init, "__code__", code.replace(co_names=names))

    assert internals.refusal() == f"mkdocs 1.6.1 has no {module}.{name}, which the fast " \
                                  "paths use"
    assert not internals.fast_paths_usable()


def test_the_guard_takes_a_tested_mkdocs_with_every_name() -> None:
    assert internals.refusal() is None
    assert internals.fast_paths_usable()


# -- mkdocs-redirects: its redirect pages rewritten only when checked ---------------------------

_ALIASED = {"content/guides/moved.md": """
    ---
    title: Moved Guide
    description: A page that had another address.
    updated: 2026-06-01
    aliases: [guides/old-moved.md]
    ---

    Body.
    """}


def _redirect_warnings(built: Built) -> list[str]:
    return [m for m in built.messages() if "redirect" in m]


def test_a_checked_mkdocs_redirects_gets_its_redirect_pages_marked(tmp_path: Path) -> None:
    built = build_site(tmp_path, _ALIASED, strict=True)

    assert built.ok
    page = built.html("guides/old-moved/")
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert page.select_one('link[rel="canonical"]')["href"] == \
        "https://fixture.example.org/guides/moved/"


def test_an_unchecked_mkdocs_redirects_keeps_its_pages_as_written_with_one_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(internals, "REDIRECTS_TESTED", frozenset({"0.0.1"}))

    built = build_site(tmp_path, _ALIASED)

    assert built.ok
    assert _redirect_warnings(built) == [
        "mkdocs.yml: plugins: mkdocs-redirects 1.2.2 is not a version checked "
        "(mkdocs-redirects 0.0.1): "
        "its 1 redirect pages are left as it writes them, without an absolute canonical "
        "link and noindex"]
    page = built.html("guides/old-moved/")
    assert page.select_one('meta[name="robots"]') is None
    assert page.select_one('link[rel="canonical"]')["href"] == "../moved/"  # as it writes it
    assert built.exists("guides/moved/")


def test_a_redirect_page_of_another_shape_is_left_as_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mkdocs_redirects.plugin  # type: ignore[import-untyped]

    template = mkdocs_redirects.plugin.HTML_TEMPLATE
    monkeypatch.setattr(mkdocs_redirects.plugin, "HTML_TEMPLATE", template.replace(
        '    <link rel="canonical" href="{url}">\n', ""))

    built = build_site(tmp_path, _ALIASED)

    assert built.ok
    assert _redirect_warnings(built) == [
        "mkdocs.yml: plugins: mkdocs-redirects' HTML_TEMPLATE has no canonical link as 1.2 "
        "writes it: its "
        "1 redirect pages are left as it writes them, without an absolute canonical link and "
        "noindex"]
    page = built.html("guides/old-moved/")
    assert page.select_one('meta[name="robots"]') is None
    assert page.select_one('link[rel="canonical"]') is None


# -- Pagefind's client: its process, or the timeouts ------------------------------------------

class _Client:
    """A Pagefind client whose process is not where pagefind 1.5.2 keeps it."""


def test_without_pagefinds_process_nothing_is_read_or_killed(
        caplog: pytest.LogCaptureFixture) -> None:
    from opsdesk.search import process

    process._said.clear()
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.opsdesk")
    service: Any = _Client()

    assert process.process(service) is None
    assert process.exit_status(service) is None
    assert process.kill(service) is False
    assert [r.getMessage() for r in caplog.records] == [  # once
        "pagefind 1.5.2's client has no process as _backend: a Pagefind that stops is told "
        "by the timeout"]


def test_an_unchecked_pagefind_still_indexes_the_site_and_stops(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from opsdesk.search import process

    monkeypatch.setattr(process, "TESTED", frozenset({"0.0.1"}))
    monkeypatch.setattr(process, "_said", set())
    seen: list[object] = []
    monkeypatch.setattr(process, "_fallback", seen.append)

    built = build_site(tmp_path, strict=True, search=True)

    assert built.ok
    assert "/guides/alpha/" in search_index(built.site)
    assert seen  # the process was asked for, and not reached
    assert process._client().__name__ == "PagefindService"  # its own client, as it is
    assert pagefind_processes() == []
