"""One MkDocs build: what each hook does, with the build's state in one object.

``BuildSession`` is made in ``on_config`` (one per build, so one per ``mkdocs serve``
rebuild) and holds everything that build knows: the core ``session.Session`` (site data,
scans, inventory, the assembled site), the renderer, MkDocs' files, navigation and
template environment, the feeds' files. The plugin's hooks hand it what MkDocs gives
them; nothing here reaches back into the plugin. What outlives a build under
``mkdocs serve`` (the search index, the page reader's and the feeds' caches, the shared
Markdown converter, the last site's views) is a ``Carry``, owned by the plugin and lent
to each session.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, is_error_template
from mkdocs.utils.templates import TemplateContext

from . import csp, internals, structure, theme
from .cards import CARD_CACHE, CardCache, Drawing
from .chrome import Chrome
from .feeds import FeedWriter
from .incremental import plan_rebuild, reuse_graph
from .inventory import SEARCH_FOLDER
from .pipeline import Assembled, landing_pages
from .portfolio import Portfolio
from .problems import Problem, one_line
from .project import PACKAGE_TEMPLATES
from .reading import PageReader
from .render import FAQ_ANCHOR, Blocks, Renderer, ViewParts, error_page, place_blocks
from .search import PAGES_PER_PART, SiteSearch
from .seo import theme_meta
from .session import Session
from .source import HOME, PageSource, canonical_body, landing_path, preview_meta
from .view import PageView, ViewReads, not_found_view

__all__ = ["PART_PAGES", "BuildSession", "Carry", "search_part_pages"]

NOT_FOUND = "404.html"
"""The theme's "not found" page (a template MkDocs renders, not a page)."""

log = get_plugin_logger("opsdesk.plugin")
#: The environment variable that sets, under ``mkdocs serve``, how many pages a part of
#: the search index holds, about (``search.parts``; AUTHORING.md, section 9).
PART_PAGES = "OPSDESK_SEARCH_PART_PAGES"
# Problem lines start with their location (``content/x.md:7: key: message``), which
# terminals and editors turn into links, so they skip the "opsdesk: " prefix; the
# logger is still under ``mkdocs.``, so --strict counts them.
problem_log = log.logger


@dataclass
class Carry:
    """What one build lends the next under ``mkdocs serve``."""

    search: SiteSearch = field(default_factory=SiteSearch)
    reader: PageReader = field(default_factory=PageReader)
    feed_writer: FeedWriter = field(default_factory=FeedWriter)
    converter: internals.SharedConverter = field(default_factory=internals.SharedConverter)
    views: dict[str, PageView] | None = None
    """The last build's views: a page that broke since previews as it was."""
    cards: CardCache | None = None
    """The social cards drawn (kept in the project's ``.cache/``)."""


class BuildSession:
    """One build's state, and what each hook does with it."""

    def __init__(self, config: MkDocsConfig, *, site_data: str, fast_paths: bool,
                 search_index: bool, serving: bool, carry: Carry,
                 social_cards: bool = True) -> None:
        self.config, self.serving, self.carry = config, serving, carry
        self.search_index = search_index
        cache = structure.cache_folder(config, CARD_CACHE) if social_cards else None
        if social_cards and (carry.cards is None or carry.cards.folder != cache):
            carry.cards = CardCache(cache)  # MkDocs reuses a plugin for another project
        self.cards = carry.cards if social_cards else None
        refusal = internals.refusal() if fast_paths else None
        self.fast = fast_paths and refusal is None
        if refusal is not None:  # an untested MkDocs, or a private name it lacks
            log.info(f"{one_line(refusal)}: building with MkDocs' stock behaviour")
        template_dirs = structure.insert_templates(config, PACKAGE_TEMPLATES)
        self.redirects = internals.Redirects(config)
        self.core = Session(structure.project_of(config, site_data, template_dirs,
                                                 redirects=self.redirects.plugin),
                            reader=carry.reader, cards=social_cards)
        self.data = self.core.data
        self.renderer = Renderer(template_dirs, self.data)
        structure.take_identity(config, self.data.site)
        self.site: Assembled | None = None
        self.built: tuple[MkDocsConfig, Files, Navigation, Environment] | None = None
        self.broken: list[Problem] = []  # templates that cannot be parsed
        self.report: list[Problem] = []
        """Every problem this build printed, in the order printed."""
        self.feed_files: list[File] = []
        self.doc_pages: Sequence[File] | None = None
        """The build's pages, once every plugin's ``on_files`` is done (asked first in
        ``on_env``): an edit under serve adds none (a page added is a full build, which is
        a new session)."""
        self.template_scripts = csp.TemplateScripts(lambda _base_url: "")
        """The inline scripts the templates emit on their own (``env`` renders them)."""
        self.page_blocks: dict[str, Blocks] = {}
        """Each page's blocks, by path, from ``settled`` to ``context``."""
        self.view_parts: dict[str, ViewParts] = {}
        """Each page's blocks that depend on its view alone, by path: a build renders them
        in two batches (``_view_parts``), ``content`` and ``settled`` take them."""
        self.parts_later: dict[str, None] = {}
        """The pages the search index is not given (in order), whose view's blocks a build
        renders once the first of them is converted (``_parts``)."""
        self.body_scripts: dict[str, list[str]] = {}
        """Each page's body's inline scripts, by path: only where ``site.yml`` allows them."""

    @property
    def template_dirs(self) -> list[Path]:
        return self.core.project.template_dirs

    def start(self) -> None:
        if self.search_index:
            self.carry.search.start(self.config.site_dir, serving=self.serving)

    def files(self, files: Files) -> Files:
        """Leave out what the scan refuses, add the landing pages, read and assemble every
        page (before any renders: every page's blocks need the whole graph), report every
        problem, and add the generated pages and feeds."""
        config = self.config
        self.file_list = files
        docs = self.core.scan(excluded=structure.excluded_paths(files, config))
        structure.confine(files, [docs, *self.core.themes])
        structure.keep_inventoried(files, config, self.core.sources)
        present = {file.src_uri for file in files.documentation_pages()}
        structure.add_generated(files, config, landing_pages(self.data, present))
        sources = [self.read_page(file) for file in files.documentation_pages()]
        self.carry.reader.keep_only({file.abs_src_path for file in files.documentation_pages()})
        self.site = self.assemble_site(sources)
        self.report_problems(self.site.problems)
        structure.keep_inventoried(files, config, self.site.inventory)
        self.report_problems(self.redirects.set(self.site.redirects.targets))
        # a page at a generated listing page's address has an error saying so: out
        structure.drop_pages_at(files, self.site.listings.generated.values())
        structure.include(files, self.site.sources.values(), previewing=self.serving)
        structure.add_generated(files, config, dict.fromkeys(self.site.listings.generated, ""))
        if self.fast:
            internals.share_one_converter(files, config, self.carry.converter)
        self.feed_files = structure.add_generated(
            files, config, {feed.path: b"" for feed in self.site.feeds})
        structure.add_generated(files, config, self.card_images(self.site.views.values(),
                                                                whole=True))
        structure.minify_theme_files(files, self.template_dirs)
        # before any block renders (here, in a build, and as MkDocs converts each page): a
        # template of the site's that does not parse is a located error, never a traceback
        self.broken = self.core.template_problems(self.config.theme.get_env())
        self.report_problems(self.broken)
        if self.broken and not self.serving:
            raise PluginError("the templates have errors (above): fix them to build the site")
        if self.fast and not self.serving:  # under serve, an edit renders only its pages'
            views = self.site.views
            self.view_parts = self._view_parts(path for path in views if views[path].indexed)
            self.parts_later = {path: None for path in views if not views[path].indexed}
        self.carry.search.expect(self.search_pages(), serving=self.serving)
        return files

    def nav(self, files: Files) -> Navigation:
        if self.site is not None:
            structure.link_pages(files, self.site.views.values())
        self.navigation = structure.navigation(files, HOME, map(landing_path, self.data.lane_ids))
        return self.navigation

    def read_source(self, page: Page) -> str | None:
        source = self._source(page)
        if source is None or not source.raw:
            return None  # MkDocs reads the file itself
        return "---\n{}\n---\n" + canonical_body(source)

    def markdown(self, markdown: str, page: Page) -> str:
        view, source = self._view(page), self._source(page)
        if view is not None and source is None:  # a generated listing page: its view only
            page.meta.update(theme_meta(view))
            structure.date_page(page, view, dated=True)
            return ""
        if view is None or source is None:
            return markdown
        if source.raw and not page.meta:  # the front matter read_source left out
            # a page shown with errors (serve): the theme gets only its escaped title
            page.meta = dict(source.raw) if source.meta is not None else preview_meta(source)
        page.meta.update(theme_meta(view))
        structure.date_page(page, view, dated=bool(self.site and any(
            self.site.portfolio.lanes.values())))
        return canonical_body(source)

    def content(self, html: str, page: Page) -> str:
        if self.data.site.page_scripts:  # the body's own, before any block is placed
            self.body_scripts[page.file.src_uri] = csp.inline_scripts(html)
        view = self._view(page)
        if view is None or not view.is_lane_page or self.broken:
            return html
        html = place_blocks(html, *self.renderer.body_blocks(
            view, self._parts(page.file.src_uri)))
        structure.add_to_toc(page, html, FAQ_ANCHOR, self.data.site.labels.faq)
        return html

    def settled(self, html: str, page: Page) -> str:
        """Once every plugin's ``on_page_content`` is done: the page's blocks, kept for its
        template context; in a build, what search indexes of the page is given to
        Pagefind now, while MkDocs converts the other pages (``SiteSearch.foretell``)."""
        view = self._view(page)
        if view is None or self.site is None or self.broken:
            return html
        blocks = self.page_blocks[page.file.src_uri] = self._blocks(view, page, html)
        if blocks.indexed and blocks.head and not self.serving:
            self.carry.search.foretell(page.file.dest_uri, head=blocks.head, top=blocks.top,
                                       content=html, language=self.language)
        return html

    def context(self, context: TemplateContext, page: Page) -> TemplateContext:
        view = self._view(page)
        if view is None or self.site is None or self.broken:
            return context
        # rendered in ``settled``; here only for a page a plugin renders without MkDocs
        # converting it first (no path of MkDocs' own: one that did would get its blocks)
        blocks = self.page_blocks.pop(page.file.src_uri, None)
        context["opsdesk"] = (  # type: ignore[typeddict-unknown-key]
            blocks or self._blocks(view, page, page.content or ""))
        return context

    @functools.cached_property
    def language(self) -> Markup:
        """The theme's language, as ``<html lang>`` gives it (escaped)."""
        return theme.text(self.config.theme.get("language") or "")

    def _blocks(self, view: PageView, page: Page, html: str) -> Blocks:
        problems = [*view.problems, *self.site.site_problems] if self.site and self.serving else []
        first = next(iter(page.toc), None)
        return self.renderer.blocks(
            view, site_url=self.config.site_url, body_has_h1="<h1" in html,
            problems=problems, first_heading=first.url if first else None,
            sections=structure.sections(page),
            parts=self._parts(page.file.src_uri, taken=True))

    def _parts(self, path: str, *, taken: bool = False) -> ViewParts | None:
        """The view parts of the page at ``path``, rendered before (``taken``: for the last
        time). The first page asked for that the search index is not given has those of
        every such page rendered: in a build, MkDocs converts them after the indexed
        pages, while Pagefind writes the index of those (``SiteSearch.foretell``)."""
        if path in self.parts_later:  # not an indexed page without parts (its errors)
            later, self.parts_later = self.parts_later, {}
            self.view_parts.update(self._view_parts(later))
        return self.view_parts.pop(path, None) if taken else self.view_parts.get(path)

    def _view_parts(self, paths: Iterable[str]) -> dict[str, ViewParts]:
        """``Renderer.view_parts`` of the pages at ``paths``, in one go: each page's in
        turn takes half the time of the same blocks rendered as each page is (between its
        conversion and the theme's rendering of it)."""
        assert self.site is not None
        site_url, views = self.config.site_url, self.site.views
        rendered = ((path, self.renderer.view_parts(views[path], site_url=site_url))
                    for path in paths)
        return {path: parts for path, parts in rendered if parts is not None}

    def template_context(self, context: TemplateContext, name: str) -> TemplateContext:
        """The "not found" page gets what it offers: the lanes, the newest pages; and
        link previews, as every page has."""
        if name == NOT_FOUND and self.site is not None and not self.broken:
            feeds = self.site.feeds
            view = not_found_view(self.site.portfolio, feeds[0].pages if feeds else (),
                                  site_url=self.config.site_url,
                                  home=self.site.views.get(HOME))
            context["opsdesk_not_found"] = self.renderer.render(  # type: ignore[typeddict-unknown-key]
                "not-found", view=view)
            context["opsdesk_not_found_head"] = self.renderer.render(  # type: ignore[typeddict-unknown-key]
                "meta", view=view)
        return context

    def env(self, env: Environment) -> Environment:
        """Read templates only inside their folders; check that they parse (a located
        error, never a traceback; under serve, an error page until they are fixed); fill
        the feeds; tell the search index which pages it gets."""
        self.environment = env
        structure.confine_templates(env)
        self.template_scripts = csp.TemplateScripts(
            lambda base_url: _script_partials(env, self.config, base_url))
        # the site's labels, for our templates that MkDocs renders (partials/search.html)
        env.globals["opsdesk_labels"] = theme.labels(dict(self.data.site.labels))
        env.globals["opsdesk_once"] = Chrome(
            reuse=self.fast, outputs=[file.dest_uri for file in self.file_list]).function()
        if self.broken:  # the preview shows them (``files``), until they are fixed
            structure.show_error_pages(env, error_page(self.broken))
        for file, xml in zip(self.feed_files, self.feeds_xml(self.config).values(), strict=True):
            file.content_bytes = xml
        # under serve, the parts of the search index the search script merges (none in a
        # build: partials/search.html then adds nothing to the page)
        env.globals["opsdesk_search_parts"] = " ".join(self.carry.search.merged())
        return env

    def written(self, output: str, page: Page) -> str:
        """The page as it is written: with its Content Security Policy (the templates'
        scripts for its depth, and its body's where allowed); handed to the search index."""
        scripts = [*self.template_scripts.of(get_relative_url(".", page.url)),
                   *self.body_scripts.get(page.file.src_uri, ())]
        output = csp.with_policy(output, scripts)
        if self._indexed(page.file):
            self.carry.search.page(page.file.dest_uri, output)
        return output

    def template_written(self, output: str, name: str) -> str:
        """A page of the theme's own (``404.html``) with its Content Security Policy; the
        root as MkDocs gives it to the template (absolute on an error page)."""
        if not name.endswith(".html"):
            return output  # sitemap.xml
        base_url = (urlsplit(self.config.site_url or "/").path if is_error_template(name)
                    else get_relative_url(".", name))
        return csp.with_policy(output, self.template_scripts.of(base_url))

    def finished(self) -> None:
        """The redirect pages get an absolute canonical and ``noindex``; the search index
        of the published pages is written (under serve, in the background)."""
        self.built = (self.config, self.file_list, self.navigation, self.environment)
        self.carry.views = self.site.views if self.site else None
        self.report_problems(internals.mark_redirect_pages(
            self.config, self.site.redirect_canonicals() if self.site else {}))
        if problem := self.carry.search.built(self.search_pages(), serving=self.serving):
            # --strict fails; the site is complete but for search
            self.report_problems([Problem(SEARCH_FOLDER, None, None, problem)])

    def failed(self) -> None:
        self.carry.search.failed(serving=self.serving)

    def watch(self, server: LiveReloadServer) -> list[Path]:
        """Have ``mkdocs serve`` watch site data and the templates (MkDocs watches the docs
        folder and mkdocs.yml; theme folders only with --watch-theme), and keep watching
        all three when one is deleted and made again; every root it watches."""
        config = self.config
        folders = [self.core.project.site_data, *self.template_dirs]
        for folder in dict.fromkeys(f.resolve() for f in folders if f.exists()):
            server.watch(str(folder))
        internals.FolderKeeper(server, [Path(config.docs_dir), *folders])
        return [Path(config.docs_dir), *folders, Path(__file__).parent, *map(Path, config.watch),
                *([Path(config.config_file_path)] if config.config_file_path else [])]

    # -- asked by the incremental builder (internals.py) ---------------------------------

    def plan_edit(self, changed: list[str]) -> list[str] | None:
        """Reassemble the site after the pages ``changed`` were edited, and take it as
        this build's; the pages to render again, or ``None`` when only a full build is
        right (the full build then prints the problems: once per save)."""
        before = self.site
        if before is None:
            return None
        sources = []
        for path, source in before.sources.items():
            file = self.file_list.get_file_from_path(path)
            if file is None:
                return None
            sources.append(self.read_page(file) if path in changed else source)
        after = self.assemble_site(sources, reuse=reuse_graph(before.portfolio, sources),
                                   kept=before.view_reads)
        plan = plan_rebuild(before, after, changed)
        if plan.full:
            log.info(f"Full rebuild: {one_line(plan.full)}")
            return None
        self.report_problems(after.problems)
        self.site = after
        new_cards = {path: png for path, png in self.card_images(
            after.views[path] for path in plan.pages).items()
            if self.file_list.get_file_from_path(path) is None}
        for file in structure.add_generated(self.file_list, self.config, new_cards):
            file.copy_file()  # a renamed page's new card: rendering writes only pages
        structure.link_pages(self.file_list, [after.views[path] for path in plan.pages])
        return list(plan.pages)

    def card_images(self, views: Iterable[PageView], *, whole: bool = False) -> dict[str, bytes]:
        """The social card of each view that has one, by its place in the site (drawn, or
        as an earlier build drew it). ``whole``: the views are the whole site's, and the
        cache keeps only their cards."""
        if self.cards is None:
            return {}
        cards = {view.card.path: view.card for view in views if view.card is not None}
        drawn, drawing = self.cards.drawn, Drawing()  # what these cards share, for now
        try:
            images = {path: self.cards.png(card, drawing) for path, card in cards.items()}
            removed = self.cards.keep_only(cards.values()) if whole else 0
        finally:
            self.cards.save()
        log.debug(f"social cards: {len(images)}, {self.cards.drawn - drawn} drawn"
                  + (f", {removed} no longer used removed from the cache" if removed else ""))
        return images

    def assemble_site(self, sources: list[PageSource], reuse: Portfolio | None = None,
                      kept: ViewReads | None = None) -> Assembled:
        return self.core.assemble(sources, reuse=reuse, kept=kept,
                                  previous=self.carry.views if self.serving else None)

    def report_problems(self, problems: Iterable[Problem]) -> None:
        """Print ``problems`` (a site's: once per build or edit, not for a plan that
        turns into a full build, which prints them), and keep them in the build's report."""
        for problem in problems:  # errors and warnings both fail --strict
            self.report.append(problem)
            (problem_log.error if problem.is_error else problem_log.warning)(str(problem))

    def feeds_xml(self, config: MkDocsConfig) -> dict[str, bytes]:
        if self.site is None:
            return {}
        return self.carry.feed_writer.build(self.site.feeds, self.site.views,
                                            site=self.data.site, site_url=config.site_url)

    def read_page(self, file: File) -> PageSource:
        if file.generated_by or file.abs_src_path is None:
            return self.core.read_generated(file.src_uri, file.content_bytes)
        return self.core.read(file.src_uri, file.abs_src_path)

    def search_pages(self) -> list[tuple[str, str]]:
        """``(url, built file)`` of each page the search index is given: the published
        pages (drafts are not included pages) whose view is ``indexed`` (not the
        generated listing pages)."""
        return [(f.url, f.abs_dest_path) for f in self.documentation_pages()
                if self._indexed(f)]

    def documentation_pages(self) -> Sequence[File]:
        """The build's pages (``Files.documentation_pages``), found once: each one walks
        every file of the site, pictures included."""
        pages = self.doc_pages
        if pages is None:
            pages = self.doc_pages = self.file_list.documentation_pages()
        return pages

    def _indexed(self, file: File) -> bool:
        view = self.site.views.get(file.src_uri) if self.site else None
        return view is None or view.indexed

    def _view(self, page: Page) -> PageView | None:
        return self.site.views.get(page.file.src_uri) if self.site else None

    def _source(self, page: Page) -> PageSource | None:
        return self.site.sources.get(page.file.src_uri) if self.site else None


#: Where Material keeps the inline scripts its templates emit (each a template of its own).
SCRIPT_PARTIALS = "partials/javascripts"


def _script_partials(env: Environment, config: MkDocsConfig, base_url: str) -> str:
    """Every template of ``partials/javascripts/`` (the site's own overrides, ours, then
    Material's), rendered for a page whose root is ``base_url``: the inline scripts the
    theme emits on its own. Rendered with no page and none of the site's words (only
    ``mkdocs.yml``'s ``extra`` and ``theme``), so no author's string can be in them, and
    hashed for the Content Security Policy (``csp``). An inline script a template emits
    elsewhere is not allowed: put it in a file, or in a template of that folder."""
    loader = env.loader
    folders = loader.searchpath if isinstance(loader, FileSystemLoader) else []
    names = sorted({f"{SCRIPT_PARTIALS}/{path.name}" for folder in folders
                    for path in Path(folder, SCRIPT_PARTIALS).glob("*.html")})
    settings = {"extra": config.extra, "theme": config.theme}
    context = {"config": settings, "base_url": base_url,
               "features": config.theme.get("features") or []}
    return "".join(env.get_template(name).render(context) for name in names)


def search_part_pages() -> int:
    """Pages per part of the search index under serve: ``PART_PAGES``, if set to a whole
    number above 0, else ``PAGES_PER_PART`` (another value is a warning)."""
    value = os.environ.get(PART_PAGES, "").strip()
    if not value:
        return PAGES_PER_PART
    if value.isdigit() and int(value) > 0:
        return int(value)
    log.warning(f"{PART_PAGES}={value!r}: not a whole number of pages above 0; the search "
                f"index has parts of {PAGES_PER_PART} pages")
    return PAGES_PER_PART
