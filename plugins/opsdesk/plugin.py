"""The MkDocs adapter: hooks only, each delegating to the core.

The core (``pipeline.assemble``) turns site data and pages into one view per page
(``view.PageView``); the hooks hand MkDocs what the views say. ``structure.py`` changes
MkDocs' structures through its public API; ``internals.py`` fences the private ones, and
what we rely on in mkdocs-redirects.

- ``on_startup``: remember whether this is ``mkdocs serve`` (banners show only there).
- ``on_config``: read ``site-data/``; put our templates between the site's
  ``custom_dir`` and Material's; take the site's URL, name and description from
  ``site.yml``; check whether the fast paths may run (a tested MkDocs version with
  every private name they use; otherwise one INFO line, and the stock path).
- ``on_pre_build``: start Pagefind for the search index (``search.SiteSearch``; under
  serve, once for the session).
- ``on_files``: add the missing landing pages, read every page and assemble the site
  (here, before any page renders, because every page's blocks need the whole graph),
  report every problem, hand the aliases to mkdocs-redirects, leave out drafts and
  pages with errors; add the generated listing pages (``listings``) and feeds' files.
- ``on_nav``: the landing pages only, under the home page (a sidebar of every page costs
  quadratic time and helps no reader of thousands); previous/next in the reader's order
  (on a listing's pages, the listing's).
- ``on_page_read_source``: the body already read, so front matter is parsed once.
- ``on_page_markdown`` (priority 100): the page's meta, from its view (a generated
  listing page has no other source).
- ``on_page_content``: the checklists, FAQ and tools at their markers.
- ``on_page_context``: the blocks, as ``opsdesk``, for ``main.html``.
- ``on_post_page`` (priority -100, the page as written): hand it to the search index
  (not a generated listing page), which indexes it while the next pages render.
- ``on_env``: check that the templates parse (a located error, never a traceback; under
  serve, an error page until they are fixed); fill the feeds' files; tell the search
  index which pages it gets, so that a build publishes it once the last is written.
- ``on_post_build`` (priority -50, after mkdocs-redirects wrote its pages): those pages
  get an absolute canonical and ``noindex`` (``internals``: on the mkdocs-redirects
  version checked); publish the search index (under serve in
  the background); keep what ``mkdocs serve`` reuses. It and ``on_build_error`` undo
  ``on_files``' ``gc.freeze``. ``on_shutdown`` stops Pagefind.
- ``on_serve``: watch ``site-data/`` and the templates; with the fast paths, render
  only the pages an edit affects.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from . import internals, structure
from .feeds import FeedWriter
from .inventory import published_sources, scan_folder, sources_inventory
from .pipeline import Assembled, assemble, landing_pages
from .portfolio import Portfolio
from .problems import Problem
from .reading import PageReader
from .render import FAQ_ANCHOR, Renderer, error_page, place_blocks, syntax_problems
from .search import SiteSearch
from .seo import theme_meta
from .sitedata import load_site_data
from .source import HOME, PageSource, canonical_body, landing_path, load_page_bytes, preview_meta
from .view import PageView

log = get_plugin_logger(__name__)
# Problem lines start with their location (``content/x.md:7: key: message``), which
# terminals and editors turn into links, so they skip the "opsdesk: " prefix; the
# logger is still under ``mkdocs.``, so --strict counts them.
problem_log = log.logger
PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


class OpsDeskConfig(base.Config):  # type: ignore[no-untyped-call]
    site_data = c.Type(str, default="site-data")
    """The folder of ``site.yml``, ``lanes.yml`` and ``policies.yml``, relative to
    ``mkdocs.yml``."""
    fast_paths = c.Type(bool, default=True)
    """Use the speed-ups that rely on MkDocs internals (``internals.py``) when MkDocs is
    a tested version; ``false``: MkDocs' stock behaviour only."""
    search_index = c.Type(bool, default=True)
    """Write the search index (Pagefind, ``search.py``); ``false`` only to compare builds."""


class OpsDeskPlugin(BasePlugin[OpsDeskConfig]):  # type: ignore[no-untyped-call]
    """Validates every page against the content model and injects its blocks."""

    supports_multiple_instances = False
    log = log

    def __init__(self) -> None:
        self.serving = False
        self.site: Assembled | None = None
        self.built: tuple[MkDocsConfig, Files, Navigation, Environment] | None = None
        self.converter = internals.SharedConverter()
        self.reader = PageReader()
        self.feed_writer = FeedWriter()
        self.broken: list[Problem] = []  # templates that cannot be parsed
        self.search = SiteSearch()  # Pagefind, fed as pages are written

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.built = None  # until this build completes
        self.root = Path(config.config_file_path).resolve().parent \
            if config.config_file_path else Path.cwd()
        refusal = internals.refusal() if self.config.fast_paths else None
        self.fast = self.config.fast_paths and refusal is None
        if refusal is not None:  # an untested MkDocs, or a private name it lacks
            log.info(f"{refusal}: building with MkDocs' stock behaviour")
        self.shown_docs = self._shown(Path(config.docs_dir).resolve())  # content/x.md
        self.data = load_site_data(self.root / self.config.site_data,
                                   shown_as=self.config.site_data.strip("/"))
        self.template_dirs = structure.insert_templates(config, PACKAGE_TEMPLATES)
        # the site's own template folder is authors' input: scanned like content/
        self.site_themes = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        self.renderer = Renderer(self.template_dirs, self.data)
        structure.take_identity(config, self.data.site)
        self.redirects = internals.Redirects(config)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.config.search_index:
            self.search.start(config.site_dir, serving=self.serving)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.files = files
        docs = scan_folder(Path(config.docs_dir), shown=self.shown_docs)
        themes = [scan_folder(folder, shown=self._shown(folder)) for folder in self.site_themes]
        structure.confine(files, [docs, *themes])
        paths, readmes = published_sources(docs, directory_urls=config.use_directory_urls)
        excluded = structure.excluded_paths(files, config)  # mkdocs.yml's exclude_docs
        self.sources = sources_inventory(docs, [p for p in paths if p not in excluded],
                                         directory_urls=config.use_directory_urls)
        structure.keep_inventoried(files, config, self.sources)
        self.odd = [*docs.problems, *readmes, *(p for scan in themes for p in scan.problems)]
        present = {file.src_uri for file in files.documentation_pages()}
        structure.add_generated(files, config, landing_pages(self.data, present))
        sources = [self.read_page(file) for file in files.documentation_pages()]
        self.reader.keep_only({file.abs_src_path for file in files.documentation_pages()})
        self.site = self.assemble_site(sources, files, config)
        self.report_problems(self.site)
        structure.keep_inventoried(files, config, self.site.inventory)
        self.redirects.set(self.site.redirects.targets)
        # a page at a generated listing page's address has an error saying so: out
        structure.drop_pages_at(files, self.site.listings.generated.values())
        structure.include(files, self.site.sources.values(), previewing=self.serving)
        structure.add_generated(files, config, dict.fromkeys(self.site.listings.generated, ""))
        if self.fast:
            internals.share_one_converter(files, config, self.converter)
        # What was read lives until the build ends: keep the cyclic garbage collector from
        # walking it again at every collection while pages render.
        gc.freeze()
        self.feed_files = structure.add_generated(
            files, config, {feed.path: b"" for feed in self.site.feeds})
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        assert self.site is not None
        structure.link_pages(files, self.site.views.values())
        self.nav = structure.navigation(files, HOME, map(landing_path, self.data.lane_ids))
        return self.nav

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        source = self._source(page)
        if source is None or not source.raw:
            return None  # MkDocs reads the file itself
        return "---\n{}\n---\n" + canonical_body(source)

    @event_priority(100)  # first: other plugins (tags, search) read the meta set here
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        view, source = self._view(page), self._source(page)
        if view is not None and source is None:  # a generated listing page: its view only
            page.meta.update(theme_meta(view))
            structure.date_page(page, view, dated=True)
            return ""
        if view is None or source is None:
            return markdown
        if source.raw and not page.meta:  # the front matter on_page_read_source left out
            # a page shown with errors (serve): the theme gets only its escaped title
            page.meta = dict(source.raw) if source.meta is not None else preview_meta(source)
        page.meta.update(theme_meta(view))
        structure.date_page(page, view, dated=bool(self.site and any(
            self.site.portfolio.lanes.values())))
        return canonical_body(source)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        view = self._view(page)
        if view is None or not view.is_lane_page or self.broken:
            return html
        html = place_blocks(html, *self.renderer.body_blocks(view))
        structure.add_to_toc(page, html, FAQ_ANCHOR, self.data.site.labels.faq)
        return html

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        view = self._view(page)
        if view is None or self.site is None or self.broken:
            return context
        problems = [*view.problems, *self.site.site_problems] if self.serving else []
        context["opsdesk"] = self.renderer.blocks(  # type: ignore[typeddict-unknown-key]
            view, site_url=config.site_url, body_has_h1="<h1" in (page.content or ""),
            problems=problems)
        return context

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self.env = env
        structure.confine_templates(env)
        self.broken = syntax_problems(env, self.template_dirs, self._shown)
        for problem in self.broken:
            problem_log.error(str(problem))
        if self.broken and not self.serving:
            raise PluginError("the templates have errors (above): fix them to build the site")
        if self.broken:  # the preview shows them, and comes back once they are fixed
            structure.show_error_pages(env, error_page(self.broken))
        for file, xml in zip(self.feed_files, self.feeds_xml(config).values(), strict=True):
            file.content_bytes = xml
        self.search.expect(self.search_pages(), serving=self.serving)
        return env

    @event_priority(-100)  # last: the page as it is written
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self._indexed(page.file):
            self.search.page(page.file.dest_uri, output)
        return output

    @event_priority(-50)  # after mkdocs-redirects (default priority) wrote its pages
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        self.built = (config, self.files, self.nav, self.env)
        internals.mark_redirect_pages(config, self.site.redirect_canonicals() if self.site else {})
        # The search index of the published pages (drafts are not included pages), fed to
        # Pagefind as they were written; under ``mkdocs serve`` published in the background.
        if problem := self.search.built(self.search_pages(), serving=self.serving):
            log.error(problem)  # --strict fails; the site is complete but for search

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        self.search.failed(serving=self.serving)

    def on_shutdown(self) -> None:
        self.search.close()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Callable[..., None]) -> LiveReloadServer:
        # MkDocs watches docs_dir and mkdocs.yml; theme folders only with --watch-theme.
        folders = [self.root / self.config.site_data, *self.template_dirs]
        for folder in dict.fromkeys(f.resolve() for f in folders if f.exists()):
            server.watch(str(folder))
        if self.fast:
            internals.IncrementalBuilder.install(self, server, config, builder, [
                Path(config.docs_dir), *folders, Path(__file__).parent, *map(Path, config.watch),
                *([Path(config.config_file_path)] if config.config_file_path else [])])
        return server

    # -- shared with the incremental builder (internals.py) -----------------------------

    def assemble_site(self, sources: list[PageSource], files: Files, config: MkDocsConfig,
                  reuse: Portfolio | None = None) -> Assembled:
        return assemble(self.data, sources, shown_docs=self.shown_docs,
                        template_dirs=self.template_dirs, site_url=config.site_url,
                        inventory=self.sources, extra_problems=self.odd, reuse=reuse,
                        previous=self.site.views if self.serving and self.site else None)

    def report_problems(self, site: Assembled) -> None:
        """Print every problem of ``site``: once per build or edit (not for a plan that
        turns into a full build, which prints them)."""
        for problem in site.problems:  # errors and warnings both fail --strict
            (problem_log.error if problem.is_error else problem_log.warning)(str(problem))

    def feeds_xml(self, config: MkDocsConfig) -> dict[str, bytes]:
        assert self.site is not None
        return self.feed_writer.build(self.site.feeds, self.site.views, site=self.data.site,
                                      site_url=config.site_url)

    def read_page(self, file: File) -> PageSource:
        shown = f"{self.shown_docs}/{file.src_uri}"
        if file.generated_by or file.abs_src_path is None:
            return load_page_bytes(file.content_bytes, path=file.src_uri, file=shown,
                                   lane_ids=self.data.lane_ids)
        return self.reader.read(file.abs_src_path, path=file.src_uri, file=shown,
                                lane_ids=self.data.lane_ids)

    def _shown(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) \
            else path.as_posix()

    def _view(self, page: Page) -> PageView | None:
        return self.site.views.get(page.file.src_uri) if self.site else None

    def search_pages(self) -> list[tuple[str, str]]:
        """``(url, built file)`` of each page the search index is given: the published
        pages (drafts are not included pages) whose view is ``indexed`` (not the
        generated listing pages)."""
        return [(f.url, f.abs_dest_path) for f in self.files.documentation_pages()
                if self._indexed(f)]

    def _indexed(self, file: File) -> bool:
        view = self.site.views.get(file.src_uri) if self.site else None
        return view is None or view.indexed

    def _source(self, page: Page) -> PageSource | None:
        return self.site.sources.get(page.file.src_uri) if self.site else None
