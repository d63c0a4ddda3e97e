"""Every use of a private API of MkDocs, watchdog or mkdocs-redirects, fenced in one module.

Two speed-ups need MkDocs' internals; nothing else in the package touches them:

- ``ReusedConverterPage`` converts every page with one Markdown converter per build
  (MkDocs builds a new one, loading every extension, for each page): it registers
  MkDocs' four private processors on the shared converter, as ``Page.render`` does.
- ``IncrementalBuilder`` makes ``mkdocs serve`` render again only the pages an edit
  affects, with MkDocs' private ``_populate_page``, ``_build_page``,
  ``_build_theme_template`` and ``_build_extra_template``; it replaces the server's
  ``builder``, reads its ``_watched_paths``, shortens watchdog's ``_timeout`` and keeps
  the search plugin's index entries of the pages it does not render (each of those
  three read with ``getattr``/``hasattr``: without it, serve polls at MkDocs' pace and
  watches our own folders only).

And one more under ``mkdocs serve``: ``allow_live_reload`` lets the live-reload script
MkDocs adds to each served page (its private ``LiveReloadServer._inject_js_into_html``)
run under the page's Content Security Policy.

Each was read against, and is tested with, the versions in ``TESTED``: MkDocs 1.6.1 and
ProperDocs 1.6.7 (the maintained fork, which aliases the ``mkdocs`` package to itself).
No private name is imported when this module is: each is imported in the function that
uses it, and ``PRIVATE`` lists them all. ``refusal`` (once per build, from the plugin's
``on_config``) checks the running version and that every name of ``PRIVATE`` is there;
on any other version, with a name missing or renamed (or with the plugin's
``fast_paths: false``) the adapter uses neither speed-up, says why in one INFO line, and
MkDocs' own ``Page`` and ``mkdocs serve`` builder do the work: slower, the same site.

mkdocs-redirects (checked with 1.2.2, ``REDIRECTS_TESTED``): ``Redirects`` adds the
aliases to its ``redirect_maps`` in place (the dict its ``on_files`` keeps), and
``mark_redirect_pages`` rewrites the canonical link of the pages it writes (its
``HTML_TEMPLATE``, not a documented API) to an absolute one, with ``noindex``. On another
version, or a template without that link, its pages stay as it writes them, with one
warning. (Pagefind's client is fenced in ``search/process.py``, a core module.)

``tests/test_internals.py`` builds a site both ways and compares every file;
``tests/test_fence.py`` finds every private access of the package by import analysis
(all in here or in ``search/process.py``) and builds with each private MkDocs name
taken out in turn.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import logging
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

import markdown
import mkdocs
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import csp, theme
from .inventory import address
from .problems import Problem, Severity, one_line


class Built(Protocol):
    """What the incremental builder asks of the last full build
    (``mkdocs_session.BuildSession``)."""

    built: tuple[MkDocsConfig, Files, Navigation, Environment] | None
    """Its configuration, files, navigation and template environment, once complete."""

    def plan_edit(self, changed: list[str]) -> list[str] | None:
        """Take in the edit of the pages ``changed``: the pages to render again, or
        ``None`` when only a full build is right."""

    def feeds_xml(self, config: MkDocsConfig) -> dict[str, bytes]: ...

    def documentation_pages(self) -> Sequence[File]:
        """``Files.documentation_pages()`` of the last full build (no edit adds one)."""

__all__ = [
    "PRIVATE",
    "REDIRECTS_TESTED",
    "TESTED",
    "FolderKeeper",
    "IncrementalBuilder",
    "Redirects",
    "ReusedConverterPage",
    "SharedConverter",
    "allow_live_reload",
    "fast_paths_usable",
    "host",
    "mark_redirect_pages",
    "missing_private_name",
    "refusal",
    "share_one_converter",
    "tested",
]

TESTED = frozenset({("mkdocs", "1.6.1"), ("properdocs", "1.6.7")})
"""The (package, version) pairs whose internals this module was checked against."""

#: How often ``mkdocs serve`` looks for changed files. MkDocs polls every 0.5 s, half
#: the one-second budget from saving a page to seeing it; one poll of a few thousand
#: files costs a few milliseconds.
PREVIEW_POLL_SECONDS = 0.15

#: Every private MkDocs name the fast paths use, as ``(module, name)``; ``name`` may be
#: ``Class.attribute``. Each is imported where it is used, never at this module's import,
#: and ``refusal`` checks that each is there before a build takes the fast paths.
#: ``tests/test_fence.py`` checks that this lists every private name imported here.
PRIVATE: tuple[tuple[str, str], ...] = (
    ("mkdocs.commands.build", "_build_extra_template"),
    ("mkdocs.commands.build", "_build_page"),
    ("mkdocs.commands.build", "_build_theme_template"),
    ("mkdocs.commands.build", "_populate_page"),
    ("mkdocs.livereload", "LiveReloadServer._inject_js_into_html"),
    ("mkdocs.structure.pages", "_ExtractAnchorsTreeprocessor"),
    ("mkdocs.structure.pages", "_ExtractAnchorsTreeprocessor._register"),
    ("mkdocs.structure.pages", "_ExtractTitleTreeprocessor"),
    ("mkdocs.structure.pages", "_ExtractTitleTreeprocessor._register"),
    ("mkdocs.structure.pages", "_RawHTMLPreprocessor"),
    ("mkdocs.structure.pages", "_RawHTMLPreprocessor._register"),
    ("mkdocs.structure.pages", "_RelativePathTreeprocessor"),
    ("mkdocs.structure.pages", "_RelativePathTreeprocessor._register"),
    ("mkdocs.structure.pages", "Page._title_from_render"),
)

_mkdocs_log = logging.getLogger("mkdocs.structure.pages")
log = get_plugin_logger(__name__)


def host() -> tuple[str, str]:
    """The running MkDocs: ``("mkdocs", "1.6.1")``, or ProperDocs' name under its alias."""
    return mkdocs.__name__, str(getattr(mkdocs, "__version__", "unknown"))


def tested() -> str:
    """The tested versions, as messages name them."""
    return ", ".join(" ".join(pair) for pair in sorted(TESTED))


def _has(owner: object, name: str) -> bool:
    """Whether ``owner`` has ``name``: an attribute, or (a class) one its ``__init__`` sets."""
    if hasattr(owner, name):
        return True
    init = getattr(owner, "__init__", None) if inspect.isclass(owner) else None
    return name in getattr(getattr(init, "__code__", None), "co_names", ())


def missing_private_name() -> str | None:
    """The first name of ``PRIVATE`` the running MkDocs lacks (``module.name``), if any."""
    for module_name, dotted in PRIVATE:
        try:
            owner: object = importlib.import_module(module_name)
        except ImportError:
            return f"{module_name}.{dotted}"
        for name in dotted.split("."):
            if not _has(owner, name):
                return f"{module_name}.{dotted}"
            owner = getattr(owner, name, None)
    return None


def refusal() -> str | None:
    """Why the fast paths may not run (an untested MkDocs, a private name it lacks), or
    ``None`` when they may: checked once per build (``on_config``), which logs it."""
    if host() not in TESTED:
        return f"{' '.join(host())} is not a version the fast paths were tested with ({tested()})"
    if (name := missing_private_name()) is not None:
        return f"{' '.join(host())} has no {name}, which the fast paths use"
    return None


def fast_paths_usable() -> bool:
    """Whether the running MkDocs is one whose internals this module was checked against,
    with every private name the fast paths use."""
    return refusal() is None


# -- one Markdown converter per build ---------------------------------------------------


class SharedConverter:
    """The one Markdown converter of a build, made at its first use.

    A new configuration (each build of ``mkdocs serve`` loads ``mkdocs.yml`` again) gets
    a new converter, so a changed extension list always applies.
    """

    def __init__(self) -> None:
        self._config: MkDocsConfig | None = None
        self._md: markdown.Markdown | None = None

    def get(self, config: MkDocsConfig) -> markdown.Markdown:
        if self._md is None or self._config is not config:
            self._md = markdown.Markdown(
                extensions=config["markdown_extensions"],
                extension_configs=config["mdx_configs"] or {},
            )
            self._config = config
        return self._md.reset()


def share_one_converter(files: Files, config: MkDocsConfig, converter: SharedConverter) -> None:
    """Make every page not made yet a ``ReusedConverterPage`` of ``converter``."""
    for file in files.documentation_pages():
        if file.page is None:
            ReusedConverterPage(file, config, converter)


class ReusedConverterPage(Page):
    """A page that ``render``s as MkDocs 1.6's ``Page`` does, with the build's converter.

    Python-Markdown's contract is that one converter, ``reset()`` between documents,
    converts any number of them; ``tests/test_converter.py`` checks that every page
    converts exactly as MkDocs' own ``render`` converts it.
    """

    def __init__(self, file: File, config: MkDocsConfig, converter: SharedConverter) -> None:
        self.converter = converter
        super().__init__(None, file, config)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """``Page.render`` of MkDocs 1.6.1, but for where the converter comes from."""
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        # MkDocs 1.6.1's private processors (in ``PRIVATE``: checked before this runs)
        from mkdocs.structure.pages import (
            _ExtractAnchorsTreeprocessor,
            _ExtractTitleTreeprocessor,
            _RawHTMLPreprocessor,
            _RelativePathTreeprocessor,
        )

        md = self.converter.get(config)

        raw_html_ext = _RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = _ExtractAnchorsTreeprocessor(self.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = _RelativePathTreeprocessor(self.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = _ExtractTitleTreeprocessor()
        extract_title_ext._register(md)

        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = extract_title_ext.title
        self.present_anchor_ids = (
            extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        )
        if _mkdocs_log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_path_ext.links_to_anchors


# -- mkdocs serve: watch folders that are deleted and made again ------------------------


class FolderKeeper:
    """Keeps ``mkdocs serve`` watching folders that are deleted and made again.

    watchdog's polling watch of a folder stops for good when the folder goes (a branch
    switch, a stash, ``rm -r`` and a restore): later edits would go unseen. The keeper
    watches each folder's parent, without recursion; when a kept folder goes or comes
    back, it schedules that folder's watch again (MkDocs' public ``unwatch``/``watch``)
    and asks the server for a rebuild, so the preview shows the folder as it now is (an
    edit saved before the new watch began would go unseen). The request uses the server's
    private ``_rebuild_cond``/``_want_rebuild``, read with ``getattr``, on the stock path
    too: a server without them gets no request, and previews the edits after the new
    watch began.
    """

    def __init__(self, server: LiveReloadServer, folders: Sequence[Path]) -> None:
        from watchdog.events import FileSystemEventHandler

        self.server = server
        self.folders = {os.path.abspath(folder) for folder in folders}
        self.identity = {folder: _identity(folder) for folder in self.folders}
        handler = FileSystemEventHandler()
        handler.on_any_event = self.seen  # type: ignore[method-assign]
        for parent in sorted({os.path.dirname(folder) for folder in self.folders}):
            server.observer.schedule(handler, parent, recursive=False)

    def seen(self, event: Any) -> None:
        """One event in a parent folder: re-watch every kept folder made again."""
        if not any(os.path.abspath(os.fsdecode(path)) in self.folders
                   for path in (event.src_path, getattr(event, "dest_path", ""))):
            return
        changed = False
        for folder in sorted(self.folders):
            now = _identity(folder)
            if now == self.identity[folder]:
                continue
            changed, self.identity[folder] = True, now
            if now is None:  # gone: its watch has stopped; the rebuild says what is missing
                continue
            # the watch of the old folder, stopped; none when it did not exist at the start
            with contextlib.suppress(KeyError):
                self.server.unwatch(folder)
            self.server.watch(folder)
            log.info(f"Watching {one_line(folder)} again: it was made anew")
        if changed:
            self.rebuild()

    def rebuild(self) -> None:
        condition = getattr(self.server, "_rebuild_cond", None)
        if condition is None or not hasattr(self.server, "_want_rebuild"):
            return
        with condition:
            self.server._want_rebuild = True
            condition.notify_all()


def _identity(folder: str) -> tuple[int, int] | None:
    """(device, inode) of a folder, ``None`` when there is none."""
    try:
        stat = os.stat(folder)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino) if os.path.isdir(folder) else None


# -- mkdocs serve: render only what an edit affects ---------------------------------------

Stamps = dict[str, tuple[int, int]]


class IncrementalBuilder:
    """The builder of ``mkdocs serve``: renders again only the pages an edit affects.

    It compares the stamps (mtime, size) of the watched files with those of the previous
    build. When only Markdown pages changed, it reassembles the site (the plugin's
    ``plan_edit``) and renders the pages ``incremental.plan_rebuild`` names, with the
    configuration, navigation and template environment of the last full build, and the
    search index keeps every other page's entries. Anything else (site data, templates,
    the package, ``mkdocs.yml``, a page added or removed) gets the server's full build.
    A call that finds no file changed (the poller saw one save as two changes: truncate,
    then write) builds nothing.
    """

    def __init__(self, last: Callable[[], Built | None], full: Callable[..., None],
                 server: LiveReloadServer, roots: Sequence[Path]) -> None:
        self.last = last
        self.full = full
        self.server = server
        self.roots = [r.resolve() for r in roots]
        self.docs = self.roots[0]  # the docs folder first
        self.stamps = self._stamps()

    @classmethod
    def install(cls, last: Callable[[], Built | None], server: LiveReloadServer,
                builder: Callable[..., None], roots: Sequence[Path]) -> None:
        """Make ``server`` build with an ``IncrementalBuilder`` and poll more often."""
        server.builder = cls(last, builder, server, roots)
        observer: Any = server.observer
        for watcher in (observer, *getattr(observer, "emitters", ())):
            # watchdog's polling emitters read ``_timeout`` on each poll, so this also
            # applies to watches made before this call
            if hasattr(watcher, "_timeout"):
                watcher._timeout = PREVIEW_POLL_SECONDS

    def __call__(self, config: MkDocsConfig | None = None) -> None:
        before, self.stamps = self.stamps, self._stamps()
        last = self.last()
        if config is None and last is not None and last.built is not None:
            changed, other = _changed_pages(before, self.stamps, self.docs)
            if not changed and not other:
                log.info("No watched file changed since the last build: nothing to rebuild")
                return
            if other:
                log.info(f"Full rebuild: {one_line(other)} changed")
            try:
                if changed and not other and self._incremental(last, last.built, changed):
                    return
            except Exception as error:  # a full build then shows the error, or recovers
                log.warning(f"Rendering only the edited pages failed ({error!r}): "
                            "building the whole site")
        if config is None:
            self.full()
        else:
            self.full(config)

    def _stamps(self) -> Stamps:
        """(mtime, size) of every file under our folders and every path the server watches."""
        watched = getattr(self.server, "_watched_paths", {})  # MkDocs' record of watch()
        roots = dict.fromkeys([*self.roots, *(Path(path).resolve() for path in watched)])
        stamps: Stamps = {}
        for root in roots:
            if root.is_file():
                stat = root.stat()
                stamps[str(root)] = (stat.st_mtime_ns, stat.st_size)
                continue
            for folder, dirs, names in os.walk(root):
                dirs[:] = [d for d in dirs if d != "__pycache__"]  # Python's, not the site's
                for name in names:
                    path = os.path.join(folder, name)
                    try:
                        stat = os.stat(path)
                    except OSError:  # removed while we walk: the next call sees it
                        continue
                    stamps[path] = (stat.st_mtime_ns, stat.st_size)
        return stamps

    def _incremental(self, last: Built,
                     built: tuple[MkDocsConfig, Files, Navigation, Environment],
                     changed: list[str]) -> bool:
        """Render the pages ``changed`` affects; ``False`` when a full build is needed."""
        from mkdocs.commands.build import _build_theme_template  # in PRIVATE

        start = time.monotonic()
        config, files, nav, env = built
        plan = last.plan_edit(changed)
        if plan is None:
            return False
        pages = [f.page for p in plan if (f := files.get_file_from_path(p)) and f.page]
        dates = [page.update_date for page in pages]
        render_pages(config, files, nav, env, pages)
        for path, xml in last.feeds_xml(config).items():
            Path(config.site_dir, path).write_bytes(xml)
        # The sitemap shows every page's address and date: an incremental edit changes
        # no address (a page added, removed or moved is a full build), so only a date
        if dates != [page.update_date for page in pages]:
            _build_theme_template("sitemap.xml", env, files, config, nav)
        if "404.html" in config.theme.static_templates:  # it lists the newest pages
            _build_theme_template("404.html", env, files, config, nav)
        log.info(f"Rebuilt {len(pages)} of {len(last.documentation_pages())} pages "
                 f"({', '.join(changed)} changed) in {time.monotonic() - start:.2f} seconds")
        return True


def _changed_pages(before: Stamps, after: Stamps, docs: Path) -> tuple[list[str], str | None]:
    """The Markdown pages whose stamp changed, relative to ``docs``; and the first other
    file that changed, appeared or disappeared (then only a full build is right)."""
    for path in before.keys() ^ after.keys():
        return [], path
    pages = []
    for path, stamp in after.items():
        if before[path] == stamp:
            continue
        relative = Path(path).relative_to(docs) if Path(path).is_relative_to(docs) else None
        if relative is None or relative.suffix != ".md":
            return [], path
        pages.append(relative.as_posix())
    return pages, None


def render_pages(config: MkDocsConfig, files: Files, nav: Navigation, env: Environment,
                 pages: list[Page]) -> None:
    """What MkDocs' ``build()`` does for ``pages``, keeping every other page's output."""
    # MkDocs 1.6.1's private steps of ``build()`` (in ``PRIVATE``: checked before this runs)
    from mkdocs.commands.build import _build_extra_template, _build_page, _populate_page

    inclusion = InclusionLevel.is_in_serve
    pages = [page for page in pages if inclusion(page.file.inclusion)]  # type: ignore[no-untyped-call]
    doc_files = files.documentation_pages(inclusion=inclusion)
    search = next((p for p in config.plugins.values()
                   if isinstance(getattr(getattr(p, "search_index", None), "entries", None),
                                 list)), None)
    kept: dict[str, list[dict[str, Any]]] = {}
    if search is not None:  # the search plugin's index entries, grouped by page URL
        kept = _entries_by_url(search.search_index.entries)
        search.search_index.entries = []
    for page in pages:
        _populate_page(page, config, files)
    for page in pages:
        _build_page(page, config, doc_files, nav, env,
                    excluded=page.file.inclusion.is_excluded())  # type: ignore[no-untyped-call]
    if search is not None:
        fresh = _entries_by_url(search.search_index.entries)
        kept.update((page.url, fresh.get(page.url, [])) for page in pages)
        search.search_index.entries = [entry for file in doc_files if file.page
                                       for entry in kept.get(file.page.url, [])]
    # The extra templates show the navigation, which no incremental edit changes (404.html,
    # which also lists the newest pages, is the incremental builder's).
    for template in config.extra_templates:
        _build_extra_template(template, files, config, nav)
    # Every plugin's post-build work (the search index, the redirect pages) again
    config.plugins.on_post_build(config=config)


def _entries_by_url(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        grouped[str(entry["location"]).split("#", 1)[0]].append(entry)
    return grouped


# -- mkdocs serve's live reload under the Content Security Policy --------------------------


def allow_live_reload(server: LiveReloadServer) -> None:
    """Let ``mkdocs serve``'s live-reload script run under each page's policy.

    MkDocs 1.6.1 adds an inline script to each page it serves (the private
    ``LiveReloadServer._inject_js_into_html``), whose text changes with each request, so
    no hash known at build time allows it: each served page's policy also allows the
    script just added to it, and nothing else (``csp.also_allowing``). Without this (an
    untested MkDocs), the policy refuses the script: the preview does not reload by
    itself (reload the tab)."""
    inject: Callable[[bytes, int], bytes] = server._inject_js_into_html

    def injected(content: bytes, epoch: int) -> bytes:
        served = inject(content, epoch)
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        added = served[end:len(served) - (len(content) - end)]
        opening, closing = b"<script>", b"</script>"
        if not (added.startswith(opening) and added.endswith(closing)):
            return served  # not as 1.6.1 adds it: the policy refuses it
        try:
            script = added[len(opening):-len(closing)].decode("utf-8")
            return csp.also_allowing(served.decode("utf-8"), [script]).encode("utf-8")
        except UnicodeDecodeError:
            return served

    server._inject_js_into_html = injected  # type: ignore[method-assign]


# -- mkdocs-redirects: the aliases' redirect pages ------------------------------------------
#
# Checked against mkdocs-redirects 1.2.2 (``REDIRECTS_TESTED``). Two of its details, neither
# a documented API: its ``redirect_maps`` option is the very dict its ``on_files`` keeps
# (``Redirects`` fills it in place, so the aliases reach it whichever plugin runs first),
# and the redirect page it writes (its ``HTML_TEMPLATE``), whose canonical link
# ``mark_redirect_pages`` rewrites. On another version, or when its template has no such
# link, its redirect pages stay as it writes them, with one warning.

REDIRECTS_TESTED = frozenset({"1.2.2"})
"""The versions of mkdocs-redirects whose redirect pages ``mark_redirect_pages`` rewrites."""

# The canonical link of a redirect page as mkdocs-redirects 1.2 writes it (relative).
_REDIRECT_CANONICAL = re.compile(r'<link rel="canonical" href="[^"]*">')
# Its script, which keeps the old address's fragment: the target differs on each page, so
# no one hash allows it. It is replaced by ``REDIRECT_SCRIPT``, the same for every page,
# which reads the target from its own attribute.
_REDIRECT_SCRIPT = re.compile(r'<script>var anchor=window\.location\.hash\.substr\(1\);'
                              r'location\.href="(?P<url>[^"<>]*)"\+\(anchor\?"#"\+anchor:""\)'
                              r'</script>')
REDIRECT_SCRIPT = "location.href=document.currentScript.dataset.to+location.hash"
"""The script of every redirect page: to the page it names, with the fragment."""


class Redirects:
    """The ``redirect_maps`` of mkdocs-redirects: as ``mkdocs.yml`` writes it, plus every
    alias of this build."""

    def __init__(self, config: MkDocsConfig) -> None:
        plugin = config.plugins.get("redirects")
        maps = None if plugin is None else plugin.config.get("redirect_maps")
        self.plugin = plugin is not None
        self.maps: dict[str, str] | None = maps if isinstance(maps, dict) else None
        self.written = dict(self.maps or {})

    def set(self, aliases: dict[str, str]) -> list[Problem]:
        """Add ``aliases`` (old page path → page path) to what ``mkdocs.yml`` says, in
        place (the redirects plugin keeps a reference to the map); a warning when the
        redirects plugin has no ``redirect_maps`` to write them (without the plugin, the
        session says so: ``session.Session.assemble``)."""
        if self.maps is None:
            return [Problem("mkdocs.yml", None, "plugins", "pages have aliases, but this "
                            f"mkdocs-redirects has no 'redirect_maps' (checked with "
                            f"{_redirects_tested()}): old addresses are not redirected",
                            Severity.WARNING)] if aliases and self.plugin else []
        self.maps.clear()
        self.maps.update({**self.written, **aliases})
        return []


def _redirects_tested() -> str:
    return ", ".join(f"mkdocs-redirects {version}" for version in sorted(REDIRECTS_TESTED))


def _redirects_refusal() -> str | None:
    """Why the redirect pages may not be rewritten (an untested mkdocs-redirects, a
    redirect page without the canonical link we replace), or ``None``."""
    try:
        version = metadata.version("mkdocs-redirects")
    except metadata.PackageNotFoundError:
        version = "unknown"
    if version not in REDIRECTS_TESTED:
        return f"mkdocs-redirects {version} is not a version checked ({_redirects_tested()})"
    try:  # the page it writes: its plugin module's HTML_TEMPLATE, not a documented API
        template = getattr(importlib.import_module("mkdocs_redirects.plugin"),
                           "HTML_TEMPLATE", None)
    except ImportError:
        template = None
    if not isinstance(template, str):
        return "mkdocs-redirects has no mkdocs_redirects.plugin.HTML_TEMPLATE"
    if not _REDIRECT_CANONICAL.search(template):
        return "mkdocs-redirects' HTML_TEMPLATE has no canonical link as 1.2 writes it"
    if not _REDIRECT_SCRIPT.search(template.format(url="x")):
        return "mkdocs-redirects' HTML_TEMPLATE has no script as 1.2 writes it"
    return None


def mark_redirect_pages(config: MkDocsConfig, canonicals: Mapping[str, str]) -> list[Problem]:
    """In each redirect page mkdocs-redirects wrote for an alias (``canonicals``: old page
    path → the canonical address of the page it now is), make the canonical link that
    address, absolute, and add ``noindex``: the old address must not be indexed, and
    search engines take a canonical link to be absolute; its script becomes
    ``REDIRECT_SCRIPT``, and the page gets its Content Security Policy, which allows that
    script only. Runs after mkdocs-redirects wrote the pages (its own ``on_post_build``).
    With a mkdocs-redirects it was not checked against, the pages stay as it writes them,
    with one warning, but for the policy, which allows no inline script there (the
    ``<meta http-equiv="refresh">`` still redirects, without the fragment)."""
    pages = {alias: page for alias, canonical in canonicals.items()
             if (page := Path(config.site_dir, address(
                 alias, directory_urls=config.use_directory_urls).file)).is_file()}
    if not pages:  # no aliases, or no redirects plugin: on_files said so
        return []
    if (refused := _redirects_refusal()) is not None:
        for page in pages.values():
            page.write_text(csp.with_policy(page.read_text(encoding="utf-8")),
                            encoding="utf-8")
        return [Problem("mkdocs.yml", None, "plugins", f"{refused}: its {len(pages)} redirect "
                        "pages are left as it writes them, without an absolute canonical link "
                        "and noindex", Severity.WARNING)]
    problems = []
    for alias, page in pages.items():
        head = (f'<meta name="robots" content="noindex">\n    '
                f'<link rel="canonical" href="{theme.url(canonicals[alias])}">')
        # a function, not a replacement string: a backslash in an address is text
        text = page.read_text(encoding="utf-8")
        html, found = _REDIRECT_CANONICAL.subn(_constant(head), text, count=1)
        html, scripts = _REDIRECT_SCRIPT.subn(_redirect_script, html, count=1)
        page.write_text(csp.with_policy(html, [REDIRECT_SCRIPT] if scripts else []),
                        encoding="utf-8")
        if not found:
            problems.append(Problem(
                page.relative_to(config.site_dir).as_posix(), None, None, "this redirect page "
                "is not as mkdocs-redirects 1.2 writes it: left without its absolute canonical "
                "link and noindex", Severity.WARNING))
    return problems


def _redirect_script(match: re.Match[str]) -> str:
    """``REDIRECT_SCRIPT`` in place of mkdocs-redirects' script, with its target."""
    return (f'<script data-to="{theme.text(match["url"])}">'
            f"{REDIRECT_SCRIPT}</script>")


def _constant(text: str) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` replacement that puts ``text`` as it is (no ``\\1`` or ``\\g<>``)."""
    return lambda _match: text
