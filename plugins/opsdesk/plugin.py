"""The MkDocs adapter: hooks only, each delegating to the core modules.

Hooks used, in the order MkDocs calls them:

- ``on_startup``: remember whether this is ``mkdocs serve`` (problem banners are shown
  only there).
- ``on_config``: read ``site-data/``; put our templates between the site's
  ``custom_dir`` and Material's, so a site overrides one block with one file; take the
  canonical URL from ``site.yml`` when ``mkdocs.yml`` has none.
- ``on_files``: read every page's front matter (cached by file stamp), build the
  portfolio graph, report every problem at once, generate missing lane landing pages
  and the Atom feeds, hand the aliases to mkdocs-redirects, and leave out drafts and
  pages whose front matter is broken. It runs here, before any page is rendered,
  because every page's blocks need the whole graph. Each page is made a
  ``converter.ReusedConverterPage``: one Markdown converter converts them all. Under
  ``mkdocs build`` a second process reads half of the pages, then renders the lane
  pages' blocks while MkDocs converts the pages (``ahead.py``; ``render_ahead``).
- ``on_nav``: replace the navigation with the home page and the lane landing pages: a
  full sidebar of every page costs quadratic time and helps no reader at thousands of
  pages.
- ``on_page_read_source``: hand MkDocs the body we already read, behind an empty front
  matter, so the front matter is parsed once per build, not twice.
- ``on_page_markdown`` (first of all plugins, so theirs see ``page.meta``): set the
  page's meta from our reading of the front matter, with the title and description as
  escaped text (the theme prints them as HTML) and ``updated`` as the sitemap's date;
  give MkDocs our reading of the body (markers on lines of their own), not its own
  (which keeps broken front matter as text).
- ``on_page_content``: put the checklists and the FAQ at their markers.
- ``on_page_context``: hand the template the rendered blocks as ``opsdesk``.
- ``on_env``: fill the feeds' files (from the second process, or built here).
- ``on_env`` and ``on_post_build``: keep what the build made (config, files, navigation,
  template environment), which ``mkdocs serve`` reuses to render only the pages an edit
  affects; and give the garbage collector back what ``on_files`` froze (so does
  ``on_build_error``).
- ``on_serve``: watch what MkDocs does not (``site-data/``, the site's ``custom_dir``,
  this package), so every change to them rebuilds and reloads; and replace the
  server's builder with an ``IncrementalBuilder``: a body edit shows in the preview in
  well under a second at thousands of pages.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from jinja2 import Environment
from markupsafe import escape
from mkdocs.commands.build import (
    _build_extra_template,
    _build_page,
    _build_theme_template,
    _populate_page,
)
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils.templates import TemplateContext

from .ahead import Ahead, split_map
from .aliases import Redirects, redirects_of
from .converter import ReusedConverterPage, SharedConverter
from .feeds import build_feeds
from .incremental import plan_rebuild, reuse_graph
from .portfolio import Portfolio, build_portfolio
from .problems import Problem
from .render import FAQ_ANCHOR, Renderer, place_blocks
from .search import SearchIndexer
from .seo import page_date, theme_meta
from .sitedata import load_site_data
from .source import (
    PageSource,
    canonical_body,
    landing_text,
    load_page,
    load_page_bytes,
    missing_landings,
)

log = get_plugin_logger(__name__)
# Problem lines start with their location (``content/x.md:7: key: message``), which
# terminals and editors turn into links; so they skip the "opsdesk: " prefix. The logger
# is still under ``mkdocs.``, so --strict counts them.
problem_log = log.logger

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"

# Pages read by earlier builds of this process (``mkdocs serve``), by file stamp.
_READ_CACHE: dict[str, tuple[tuple[object, ...], PageSource]] = {}


class OpsDeskConfig(base.Config):  # type: ignore[no-untyped-call]
    site_data = c.Type(str, default="site-data")
    """The folder of ``site.yml``, ``lanes.yml`` and ``policies.yml``, relative to
    ``mkdocs.yml``."""
    render_ahead = c.Type(bool, default=True)
    """``mkdocs build`` renders the lane pages' blocks in a second process while it
    converts the pages (see ``ahead.py``); ``false`` renders them one page at a time."""
    search_index = c.Type(bool, default=True)
    """Write the search index (Pagefind, ``search.py``); ``false`` only to compare builds."""


class OpsDeskPlugin(BasePlugin[OpsDeskConfig]):  # type: ignore[no-untyped-call]
    """Validates every page against the content model and injects its blocks."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.root = Path.cwd()
        self.portfolio: Portfolio | None = None
        self.renderer: Renderer | None = None
        self.template_dirs: list[Path] = []
        self.problems_by_file: dict[str, list[str]] = {}
        self.user_redirects: dict[str, str] = {}
        self.site_problems: list[str] = []
        self.redirects = Redirects()
        self.built: tuple[MkDocsConfig, Files, Navigation, Environment] | None = None
        self.converter = SharedConverter()
        self.ahead: Ahead | None = None
        self.feed_files: list[File] = []
        self.search = SearchIndexer()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.built = None  # until this build completes
        if config.config_file_path:
            self.root = Path(config.config_file_path).resolve().parent
        self.data = load_site_data(self.root / self.config.site_data,
                                   shown_as=self.config.site_data.strip("/"))
        self.template_dirs = _insert_templates(config)
        if not config.site_url and self.data.site.url:
            config.site_url = self.data.site.url
        self.user_redirects = dict(_redirect_map(config) or {})
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.files = files
        docs = Path(config.docs_dir)
        shown_docs = _relative(docs, self.root)
        lane_ids = self.data.lane_ids
        # ``mkdocs build`` uses a second process (ahead.py): reading half of the pages
        # now, rendering the blocks and feeds later; ``mkdocs serve`` runs threads
        two_processes = not self.serving and self.config.render_ahead

        def read(file: File) -> PageSource:
            return self._read(file, shown_docs, lane_ids)

        pages = files.documentation_pages()
        sources = split_map(read, pages) if two_processes else [read(f) for f in pages]
        for lane in missing_landings(self.data.lanes, {s.path for s in sources}):
            landing, text = f"{lane.id}/index.md", landing_text(lane)
            files.append(File.generated(config, landing, content=text))
            sources.append(load_page(text, path=landing, file=f"{shown_docs}/{landing}",
                                     lane_ids=lane_ids))
        urls = {f.src_uri: f.url for f in files.documentation_pages()}
        self.portfolio, self.renderer, self.problems_by_file = self._analyse(sources, urls)
        self._set_redirects(config, self.redirects.targets)
        for source in sources:
            file = files.get_file_from_path(source.path)
            if file is None:
                continue
            if not source.valid and not (self.serving and source.decoded):
                problem_log.warning(f"{source.file}: left out of the build until its errors "
                                    "are fixed")
                files.remove(file)
            elif source.draft:
                file.inclusion = InclusionLevel.DRAFT
        for file in files.documentation_pages():
            if file.page is None:
                ReusedConverterPage(file, config, self.converter)
        # What we read lives until the build ends: keep the cyclic garbage collector
        # from walking it again at every collection while pages are rendered (about a
        # third of its time at a thousand pages). ``on_post_build`` or
        # ``on_build_error`` undoes it.
        gc.freeze()
        portfolio, site_url = self.portfolio, config.site_url
        if two_processes:
            lane_pages = [file.src_uri for file in files.documentation_pages()  # build order
                          if (s := self.portfolio.pages.get(file.src_uri))
                          and self._is_lane_page(s)]
            self.ahead = Ahead.start(self.renderer, lane_pages, site_url=site_url,
                                     extra=lambda: build_feeds(portfolio, site_url=site_url))
        # The feeds' files, filled in on_env (MkDocs copies them after it)
        self.feed_files = [File.generated(config, feed.path, content=b"")
                           for feed in self.renderer.feeds]
        for file in self.feed_files:
            files.append(file)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        items = [f.page for path in ("index.md", *(f"{lane}/index.md" for lane in
                                                   self.data.lane_ids))
                 if (f := files.get_file_from_path(path)) and f.page is not None]
        for page in items:
            page.parent = None
        self.nav = Navigation(items, items)
        return self.nav

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        source = self._source(page)
        if source is None or not source.raw:
            return None  # MkDocs reads the file itself
        return "---\n{}\n---\n" + canonical_body(source)

    @event_priority(100)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        source = self._source(page)
        if source is None:
            return markdown
        if source.raw and not page.meta:
            page.meta = dict(source.raw)  # the front matter on_page_read_source left out
        assert self.portfolio is not None
        page.meta.update(theme_meta(self.portfolio, source.path))
        day = page_date(self.portfolio, source.path)
        if day is not None or any(self.portfolio.lanes.values()):
            # MkDocs' sitemap prints ``update_date`` as ``lastmod``; blank leaves it out
            # (MkDocs needs one page with a date, for the time stamp of sitemap.xml.gz)
            page.update_date = day.isoformat() if day else ""
        return canonical_body(source)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        source = self._source(page)
        if source is None or not self._is_lane_page(source):
            return html
        assert self.renderer is not None
        ahead = self.ahead.blocks(source.path) if self.ahead else None
        placed, trailing = ahead[0] if ahead else self.renderer.body_blocks(source.path)
        html = place_blocks(html, placed, trailing)
        _add_to_toc(page, html, FAQ_ANCHOR, self.data.site.labels.faq)
        return html

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        source = self._source(page)
        if source is None or self.renderer is None:
            return context
        if self._is_lane_page(source):
            ahead = self.ahead.blocks(source.path) if self.ahead else None
            blocks = ahead[1] if ahead else \
                self.renderer.lane_page(source.path, site_url=config.site_url)
        else:
            blocks = self.renderer.other_page(
                source.path, title=source.meta.title if source.meta else config.site_name,
                description=source.meta.description if source.meta else None,
                site_url=config.site_url,
                body_has_h1="<h1" in (page.content or ""))
        # A site-data problem concerns every page: show it wherever the author looks.
        problems = [*self.problems_by_file.get(source.file, []), *self.site_problems]
        if self.serving and problems:
            blocks = dataclasses.replace(blocks, banner=self.renderer.banner(problems))
        context["opsdesk"] = blocks  # type: ignore[typeddict-unknown-key]
        return context

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self.env = env
        assert self.portfolio is not None
        made = self.ahead.extra() if self.ahead else None
        feeds = cast(dict[str, bytes], made[0]) if made else \
            build_feeds(self.portfolio, site_url=config.site_url)
        for file in self.feed_files:
            file.content_bytes = feeds[file.src_uri]
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        self._stop_ahead()
        self.built = (config, self.files, self.nav, self.env)
        # The search index of the published pages (drafts are not included pages);
        # under ``mkdocs serve`` in a thread, so the preview never waits for it.
        if self.config.search_index:
            self.search.update(Path(config.site_dir),
                               [(f.url, f.abs_dest_path)
                                for f in self.files.documentation_pages()],
                               background=self.serving)

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        self._stop_ahead()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Callable[..., None]) -> LiveReloadServer:
        # MkDocs watches docs_dir and mkdocs.yml; theme folders only with --watch-theme.
        for path in _watched(self.root / self.config.site_data, config.theme.custom_dir):
            server.watch(path)
        server.builder = IncrementalBuilder(self, builder, config, server)
        _poll_every(server, PREVIEW_POLL_SECONDS)
        return server

    # -- helpers ----------------------------------------------------------------------

    def _analyse(self, sources: list[PageSource], urls: dict[str, str],
                 renderer: Renderer | None = None, portfolio: Portfolio | None = None,
                 ) -> tuple[Portfolio, Renderer, dict[str, list[str]]]:
        """The graph of ``sources``, its renderer, and every problem (logged), by file.

        ``renderer``: the previous build's, whose templates are reused (same site data);
        ``portfolio``: the graph, when already known (``incremental.reuse_graph``).
        """
        portfolio = portfolio or build_portfolio(self.data, sources, urls)
        renderer = renderer.rebound(portfolio) if renderer else \
            Renderer(self.template_dirs, portfolio)
        self.redirects = redirects_of(portfolio)
        problems = [*self.data.problems, *(p for s in sources for p in s.problems),
                    *portfolio.problems, *renderer.tool_problems(), *self.redirects.problems]
        _report(problems)
        by_file, self.site_problems = _banner_problems(problems, {s.file for s in sources})
        return portfolio, renderer, by_file

    def _read(self, file: File, shown_docs: str, lane_ids: list[str]) -> PageSource:
        path = file.abs_src_path
        if file.generated_by or path is None:
            text = file.content_string
            return load_page(text, path=file.src_uri, file=f"{shown_docs}/{file.src_uri}",
                             lane_ids=lane_ids)
        stat = os.stat(path)
        stamp = (stat.st_mtime_ns, stat.st_size, shown_docs, *lane_ids)
        cached = _READ_CACHE.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
        source = load_page_bytes(Path(path).read_bytes(), path=file.src_uri,
                                 file=f"{shown_docs}/{file.src_uri}", lane_ids=lane_ids)
        _READ_CACHE[path] = (stamp, source)
        return source

    def _set_redirects(self, config: MkDocsConfig, targets: dict[str, str]) -> None:
        """Give mkdocs-redirects the map as written in mkdocs.yml plus every alias.

        The map is updated in place: the redirects plugin keeps a reference to it.
        """
        maps = _redirect_map(config)
        if maps is None:
            if targets:
                log.warning("pages have aliases, but mkdocs.yml has no 'redirects' plugin: "
                            "add '- redirects' under 'plugins:' so old addresses keep working")
            return
        maps.clear()
        maps.update(self.user_redirects)
        maps.update(targets)

    def _stop_ahead(self) -> None:
        if self.ahead is not None:
            self.ahead.close()
            log.debug(f"{self.ahead.received} lane pages' blocks were rendered ahead "
                      "in a second process")
            self.ahead = None

    def _source(self, page: Page) -> PageSource | None:
        return self.portfolio.pages.get(page.file.src_uri) if self.portfolio else None

    def _is_lane_page(self, source: PageSource) -> bool:
        return source.lane is not None and source.valid


def _add_to_toc(page: Page, html: str, anchor: str, title: str) -> None:
    """List an injected section in the page's table of contents, where it stands.

    The blocks are added after Markdown made the table of contents, which would
    otherwise leave the FAQ out of it.
    """
    position = html.find(f'id="{anchor}"')
    if position < 0 or any(item.id == anchor for item in page.toc):
        return
    items = page.toc.items
    after = [i for i, item in enumerate(items) if html.find(f'id="{item.id}"') > position]
    items.insert(after[0] if after else len(items), AnchorLink(escape(title), anchor, 2))


def _insert_templates(config: MkDocsConfig) -> list[Path]:
    """Put our templates after the site's own folder and before Material's.

    Returns the folders the block renderer searches: the site's, then ours.
    """
    dirs = config.theme.dirs
    ours = PACKAGE_TEMPLATES.resolve()
    real = [Path(os.path.realpath(d)) for d in dirs]
    if ours not in real:
        position = 1 if config.theme.custom_dir else 0
        dirs.insert(position, str(ours))
        real.insert(position, ours)
    return real[: real.index(ours) + 1]


def _redirect_map(config: MkDocsConfig) -> dict[str, str] | None:
    """The ``redirect_maps`` of mkdocs-redirects, or ``None`` when it is not used."""
    plugin = config.plugins.get("redirects")
    if plugin is None:
        return None
    maps: dict[str, str] = plugin.config["redirect_maps"]
    return maps


def _watched(site_data: Path, custom_dir: str | None) -> list[str]:
    """The folders ``mkdocs serve`` must watch besides docs_dir and mkdocs.yml, once each."""
    package = Path(__file__).parent
    folders = [site_data, *([Path(custom_dir)] if custom_dir else []), PACKAGE_TEMPLATES, package]
    real = dict.fromkeys(Path(os.path.realpath(f)) for f in folders)
    return [str(f) for f in real if f.exists()]


def _banner_problems(problems: list[Problem], page_files: set[str],
                     ) -> tuple[dict[str, list[str]], list[str]]:
    """The problems of each page file, and those of the other files (site-data), each in
    line order and once, as the banners under ``mkdocs serve`` show them."""
    by_file: dict[str, list[str]] = defaultdict(list)
    site_wide: list[str] = []
    for problem in sorted(set(problems), key=lambda p: (p.path, p.line or 0, str(p))):
        target = by_file[problem.path] if problem.path in page_files else site_wide
        target.append(str(problem))
    return by_file, site_wide


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _report(problems: list[Problem]) -> None:
    """Log every problem, in file and line order: errors and warnings both fail --strict."""
    for problem in sorted(set(problems), key=lambda p: (p.path, p.line or 0, str(p))):
        (problem_log.error if problem.is_error else problem_log.warning)(str(problem))


Stamps = dict[str, tuple[int, int]]

#: How often ``mkdocs serve`` looks for changed files. MkDocs polls every 0.5 s, half
#: the one-second budget from saving a page to seeing it; one poll of a few thousand
#: files costs a few milliseconds.
PREVIEW_POLL_SECONDS = 0.15


def _poll_every(server: LiveReloadServer, seconds: float) -> None:
    """Make the server's polling observer (and the watches it has) poll every ``seconds``.

    MkDocs has no setting for it; watchdog's emitters read their ``_timeout`` on each
    poll, so the change applies to watches made before and after this call.
    """
    observer = server.observer
    if hasattr(observer, "_timeout"):
        observer._timeout = seconds
    for emitter in getattr(observer, "emitters", ()):
        if hasattr(emitter, "_timeout"):
            emitter._timeout = seconds


class IncrementalBuilder:
    """The builder of ``mkdocs serve``: renders again only the pages an edit affects.

    It compares the stamps (mtime, size) of the watched files with those of the previous
    build. When only Markdown pages changed, it reads them, rebuilds the portfolio, asks
    ``incremental.plan_rebuild`` which pages' blocks changed, and re-runs MkDocs' own
    ``_populate_page`` and ``_build_page`` for those, with the configuration, navigation
    and template environment of the last full build; the search index keeps every other
    page's entries. Anything else (site data, templates, the package, ``mkdocs.yml``, a
    page added or removed, a draft) gets the server's full build. A call that finds no
    file changed (the poller saw one save as two changes: truncate, then write) builds
    nothing.
    """

    def __init__(self, plugin: OpsDeskPlugin, full: Callable[..., None],
                 config: MkDocsConfig, server: LiveReloadServer) -> None:
        self.plugin = plugin
        self.full = full
        self.server = server
        package = Path(__file__).resolve().parent
        roots = [Path(config.docs_dir), plugin.root / plugin.config.site_data, package,
                 *(Path(path) for path in config.watch)]
        if config.config_file_path:
            roots.append(Path(config.config_file_path))
        if config.theme.custom_dir:
            roots.append(Path(config.theme.custom_dir))
        self.docs = Path(config.docs_dir).resolve()
        self.roots = [r.resolve() for r in roots]
        self.stamps = self._stamps()

    def __call__(self, config: MkDocsConfig | None = None) -> None:
        before, self.stamps = self.stamps, self._stamps()
        if config is None and self.plugin.built is not None:
            changed, other = _changed_pages(before, self.stamps, self.docs)
            if not changed and not other:
                log.info("No watched file changed since the last build: nothing to rebuild")
                return
            if other:
                log.info(f"Full rebuild: {_relative(Path(other), self.plugin.root)} changed")
            try:
                if changed and not other and self._incremental(changed):
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

    def _incremental(self, changed: list[str]) -> bool:
        """Render the pages ``changed`` affects; ``False`` when a full build is needed."""
        start = time.monotonic()
        plugin = self.plugin
        assert plugin.built is not None
        assert plugin.portfolio is not None
        assert plugin.renderer is not None
        config, files, nav, env = plugin.built
        before = plugin.portfolio
        shown_docs = _relative(Path(config.docs_dir), plugin.root)
        sources = []
        for path, source in before.pages.items():
            file = files.get_file_from_path(path)
            if file is None:
                return False
            # The stamps say which files changed; a landing page we made never does.
            unchanged = path not in changed or file.generated_by
            sources.append(source if unchanged
                           else plugin._read(file, shown_docs, plugin.data.lane_ids))
        reused = reuse_graph(before, sources)
        portfolio, renderer, problems = plugin._analyse(sources, dict(before.urls),
                                                        plugin.renderer, reused)
        plan = plan_rebuild(before, portfolio, changed, same_graph=reused is not None,
                            problems_before=plugin.problems_by_file, problems_after=problems)
        if plan.full:
            log.info(f"Full rebuild: {plan.full}")
            return False
        plugin.portfolio, plugin.renderer, plugin.problems_by_file = portfolio, renderer, problems
        pages = [f.page for p in plan.pages if (f := files.get_file_from_path(p)) and f.page]
        _render_pages(config, files, nav, env, pages)
        # The feeds and the sitemap show titles and dates of every page: write them again
        # (linear, and a few milliseconds at thousands of pages).
        for path, xml in build_feeds(portfolio, site_url=config.site_url).items():
            Path(config.site_dir, path).write_bytes(xml)
        _build_theme_template("sitemap.xml", env, files, config, nav)
        log.info(f"Rebuilt {len(pages)} of {len(before.pages)} pages "
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


def _render_pages(config: MkDocsConfig, files: Files, nav: Navigation, env: Environment,
                  pages: list[Page]) -> None:
    """What MkDocs' ``build()`` does for ``pages``, keeping every other page's output."""
    inclusion = InclusionLevel.is_in_serve
    pages = [page for page in pages if inclusion(page.file.inclusion)]  # type: ignore[no-untyped-call]
    doc_files = files.documentation_pages(inclusion=inclusion)
    search = next((p for p in config.plugins.values()
                   if isinstance(getattr(getattr(p, "search_index", None), "entries", None),
                                 list)), None)
    kept: dict[str, list[dict[str, Any]]] = {}
    if search is not None:  # Material's search: index entries, grouped by page URL
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
    # 404.html shows the navigation, which no incremental edit changes.
    for template in config.extra_templates:
        _build_extra_template(template, files, config, nav)
    config.plugins.on_post_build(config=config)


def _entries_by_url(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        grouped[str(entry["location"]).split("#", 1)[0]].append(entry)
    return grouped
