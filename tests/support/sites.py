"""Build real sites in temporary folders, and read what they produced."""

from __future__ import annotations

import json
import logging
import re
import shutil
import textwrap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

TESTS = Path(__file__).parent.parent
SITES = TESTS / "sites"
REPO = TESTS.parent
#: A problem line (``content/x.md:7: ...``): the plugin's other lines start "opsdesk: ".
#: The basic site's mkdocs.yml with the search index off, for builds that
#: ``build_written``'s ``search=False`` does not reach (another process, a timed build).
NO_INDEX_CONFIG = """\
site_name: Fixture Desk
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - opsdesk:
      search_index: false
  - redirects
markdown_extensions:
  - toc:
      permalink: true
"""
_LOCATED = re.compile(r"\A(?!opsdesk: )\S[^\n]*?: ")


@dataclass
class Built:
    """A built site: its folder, whether the build finished, and what it logged."""

    root: Path
    ok: bool
    records: list[logging.LogRecord] = field(default_factory=list)

    @property
    def site(self) -> Path:
        return self.root / "site"

    def messages(self, level: int = logging.WARNING) -> list[str]:
        """The messages logged at ``level`` or above, without MkDocs' own noise."""
        return [r.getMessage() for r in self.records if r.levelno >= level]

    def problems(self) -> list[str]:
        """Our plugin's warnings and errors, in the order logged."""
        return [r.getMessage() for r in self.records
                if r.levelno >= logging.WARNING and r.name.startswith("mkdocs.plugins.opsdesk")]

    def html(self, url: str) -> BeautifulSoup:
        """The parsed page at a site-relative URL such as ``guides/alpha/``."""
        path = self.site / url / "index.html" if url.endswith("/") or not url else self.site / url
        return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")

    def exists(self, url: str) -> bool:
        return (self.site / url / "index.html").exists()

    def json_ld(self, url: str) -> list[dict[str, Any]]:
        return [json.loads(s.string) for s in
                self.html(url).select('script[type="application/ld+json"]')]


class _CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates, kept in memory for the test run: by template file and
    the checksum of its source (Jinja's own ``BytecodeCache`` keys), so that a template
    edited or written anew is compiled again. Compiling Material's templates is half of a
    small fixture build (0.27 of 0.55 s); the builds of a test run share them."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self.loaded = 0
        """How many templates were taken from here rather than compiled."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)
            self.loaded += 1

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class SharedTemplates(BasePlugin):  # type: ignore[type-arg]
    """A plugin of the test run's builds only (``build_written``): MkDocs' environment
    for the theme takes its compiled templates from ``_CompiledTemplates``. The product
    keeps nothing from one build to the next (issue 21, item 6); a test run is a few
    processes of hundreds of builds of the same theme. Compiled code depends on the
    environment's settings too (autoescape, filters folded into constants): MkDocs makes
    every theme environment alike, and our own (``theme.environment``, autoescaping)
    never takes from here. ``test_reproducible`` checks that a build with it writes what
    one without it writes, byte for byte."""

    compiled = _CompiledTemplates()

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        env.bytecode_cache = self.compiled
        return env


@contextmanager
def _captured() -> Iterator[list[logging.LogRecord]]:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(logging.DEBUG)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


def copy_repo_site(root: Path) -> None:
    """Copy the repository's own site sources (not its build output) to ``root``."""
    for name in ("mkdocs.yml", "content", "site-data", "templates"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)


def write_site(root: Path, files: Mapping[str, str | None] | None = None,
               base: str | None = "basic") -> Path:
    """Copy the fixture site ``base`` to ``root``, then write ``files`` over it.

    A value of ``None`` deletes that file. Texts are dedented.
    """
    if base:
        shutil.copytree(SITES / base, root, dirs_exist_ok=True)
    for name, text in (files or {}).items():
        target = root / name
        if text is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        # surrogateescape: a test can write bytes that are not UTF-8 ("\udce9" is 0xe9)
        target.write_bytes(textwrap.dedent(text).lstrip("\n").encode("utf-8", "surrogateescape"))
    return root


def build_site(root: Path, files: Mapping[str, str | None] | None = None, *,
               base: str | None = "basic", strict: bool = False, search: bool = False,
               cards: bool = False, **config: Any) -> Built:
    """Write a site (see ``write_site``) and build it with MkDocs' own ``build()``
    (without the search index unless ``search``, without social cards unless ``cards``:
    see ``build_written``)."""
    write_site(root, files, base)
    return build_written(root, strict=strict, search=search, cards=cards, **config)


def build_written(root: Path, *, strict: bool = False, command: str = "build",
                  search: bool = False, cards: bool = False, shared_templates: bool = True,
                  **config: Any) -> Built:
    """Build the site already in ``root`` (into ``root / 'site'`` unless told otherwise);
    ``command="serve"`` builds as ``mkdocs serve`` does (banners on, broken pages kept).

    The search index (Pagefind, the slowest part of a small build) is written only with
    ``search=True`` (and ``search_index`` not ``false`` in mkdocs.yml): without it the
    plugin's ``search_index: false``, which changes nothing but the ``pagefind/`` folder.
    A test that reads the index, or checks what is left out of it, builds with it.
    ``shared_templates``: the theme's compiled templates shared with the run's other
    builds (``SharedTemplates``)."""
    with _captured() as records:
        config.setdefault("site_dir", str(root / "site"))
        cfg = load_config(config_file=str(root / "mkdocs.yml"), strict=strict, **config)
        if not search and "opsdesk" in cfg.plugins:
            cfg.plugins["opsdesk"].config.search_index = False
        if not cards and "opsdesk" in cfg.plugins:  # drawn only where a test reads them
            cfg.plugins["opsdesk"].config.social_cards = False
        if shared_templates:
            cfg.plugins["tests:shared-templates"] = SharedTemplates()
        try:
            cfg.plugins.on_startup(command=command, dirty=False)
            build(cfg)
            ok = True
        except Abort:
            ok = False
        finally:
            cfg.plugins.on_shutdown()
    built = Built(root, ok, records)
    if command == "build" and set(config) <= {"site_dir"}:
        assert_check_is_the_build(built)
    return built


#: The build's own lines about what it does with a problem, about the installed
#: mkdocs-redirects (whose pages only a build writes) and about the search index (which
#: only a build writes), which check does not say.
_BUILD_ONLY = ("left out of the build until its errors are fixed",
               "redirect pages are left as it writes them", "search index not written",
               "this redirect page is not as mkdocs-redirects")


def assert_check_is_the_build(built: Built) -> None:
    """``opsdesk check`` reports exactly the located problem lines the build reported
    (issue 19): both read the project through the same scan, inventory and pipeline.
    Every site a test builds is checked so, attack cases included."""
    from opsdesk.problems import format_all
    from opsdesk.project import ProjectError, find_project
    from opsdesk.session import load_project

    try:
        project = find_project(built.root)
    except ProjectError:
        return  # a mkdocs.yml check cannot read: the build said why
    checked = set(format_all(load_project(project).problems).splitlines())
    located = {line for line in built.problems()
               if _LOCATED.match(line) and not any(said in line for said in _BUILD_ONLY)}
    assert located == checked, {"build only": sorted(located - checked),
                                "check only": sorted(checked - located)}

