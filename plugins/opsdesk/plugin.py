"""The MkDocs adapter: hooks only, each handing what MkDocs gives it to the build's
``mkdocs_session.BuildSession``.

The core (``session.Session``, ``pipeline.assemble``) turns site data and pages into one
view per page (``view.PageView``); the session hands MkDocs what the views say.
``structure.py`` changes MkDocs' structures through its public API; ``internals.py``
fences the private ones.

- ``on_startup``: remember whether this is ``mkdocs serve`` (banners show only there; the
  search index in parts of ``OPSDESK_SEARCH_PART_PAGES`` pages, if set).
- ``on_config``: a new session: it reads ``site-data/``, puts our templates between the
  site's ``custom_dir`` and Material's, takes the site's URL, name and description from
  ``site.yml`` and checks whether the fast paths may run (a tested MkDocs version).
- ``on_pre_build``: start Pagefind for the search index (``search.SiteSearch``; under
  serve, once for the session).
- ``on_files``: scan the sources (what points outside its folder, pipes and look-alike
  pages are left out), add the missing landing pages, read every page and assemble the
  site (here, before any page renders, because every page's blocks need the whole
  graph), report every problem, hand the aliases to mkdocs-redirects, leave out drafts
  and pages with errors; add the generated listing pages and feeds' files.
- ``on_nav``: the landing pages only, under the home page (a sidebar of every page costs
  quadratic time and helps no reader of thousands); previous/next in the reader's order.
- ``on_page_read_source``: the body already read, so front matter is parsed once.
- ``on_page_markdown`` (priority 100): the page's meta, from its view (a generated
  listing page has no other source).
- ``on_page_content``: the checklists, FAQ and tools at their markers; then (priority
  -100, once every plugin's is done) the page's blocks, and in a build what search
  indexes of it, given to Pagefind while MkDocs converts the other pages.
- ``on_page_context``: the blocks, as ``opsdesk``, for ``main.html``.
- ``on_post_page`` (priority -100, the page as written): its Content Security Policy
  (``csp``) first in its head; then hand it to the search index.
- ``on_post_template`` (priority -100): the theme's pages (``404.html``) get theirs.
- ``on_template_context``: the "not found" page (``404.html``, a theme template, not a
  page): the lanes and the newest pages, from the site's views.
- ``on_env``: fill the feeds' files (``on_files`` checked that the templates parse and
  told the search index which pages it gets, so that a build publishes it once the last
  is given).
- ``on_post_build`` (priority -50, after mkdocs-redirects wrote its pages): those pages
  get an absolute canonical, ``noindex`` and their Content Security Policy; publish the
  search index.
  ``on_build_error`` tells the index; ``on_shutdown`` stops Pagefind.
- ``on_serve``: watch ``site-data/`` and the templates; with the fast paths, render
  only the pages an edit affects (``internals.IncrementalBuilder``), and let MkDocs'
  live-reload script run under each page's policy (``internals.allow_live_reload``).
"""

from __future__ import annotations

from collections.abc import Callable

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from . import internals
from .mkdocs_session import BuildSession, Carry, log, search_part_pages


class OpsDeskConfig(base.Config):  # type: ignore[no-untyped-call]
    site_data = c.Type(str, default="site-data")
    """The folder of ``site.yml``, ``lanes.yml`` and ``policies.yml``, relative to
    ``mkdocs.yml``."""
    fast_paths = c.Type(bool, default=True)
    """Use the speed-ups that rely on MkDocs internals (``internals.py``) when MkDocs is
    a tested version; ``false``: MkDocs' stock behaviour only."""
    search_index = c.Type(bool, default=True)
    """Write the search index (Pagefind, the ``search`` package); ``false`` only to compare
    builds."""
    social_cards = c.Type(bool, default=True)
    """Draw each published page's social card (``cards.py``); ``false``: none, and no
    ``og:image``."""


class OpsDeskPlugin(BasePlugin[OpsDeskConfig]):  # type: ignore[no-untyped-call]
    """Validates every page against the content model and injects its blocks."""

    supports_multiple_instances = False
    log = log

    def __init__(self) -> None:
        self.serving = False
        self.carry = Carry()  # what a build lends the next under serve
        self.current: BuildSession | None = None

    @property
    def session(self) -> BuildSession:
        if self.current is None:  # MkDocs calls on_config before any other build hook
            raise PluginError("the opsdesk plugin was used before on_config")
        return self.current

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving:
            self.carry.search.part_pages = search_part_pages()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.current = BuildSession(
            config, site_data=self.config.site_data, fast_paths=self.config.fast_paths,
            search_index=self.config.search_index, social_cards=self.config.social_cards,
            serving=self.serving, carry=self.carry)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.session.start()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        return self.session.files(files)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        return self.session.nav(files)

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        return self.session.read_source(page)

    @event_priority(100)  # first: other plugins (tags, search) read the meta set here
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        return self.session.markdown(markdown, page)

    def _place_blocks(self, html: str, *, page: Page, config: MkDocsConfig,
                      files: Files) -> str:
        return self.session.content(html, page)

    @event_priority(-100)  # last: the page's content as every plugin left it
    def _settle_blocks(self, html: str, *, page: Page, config: MkDocsConfig,
                       files: Files) -> str:
        return self.session.settled(html, page)

    on_page_content = CombinedEvent(_place_blocks, _settle_blocks)

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        return self.session.context(context, page)

    def on_template_context(self, context: TemplateContext, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        return self.session.template_context(context, template_name)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        return self.session.env(env)

    @event_priority(-100)  # last: the page as it is written
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self.session.written(output, page)

    @event_priority(-100)  # last: the page as it is written
    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        return self.session.template_written(output_content, template_name)

    @event_priority(-50)  # after mkdocs-redirects (default priority) wrote its pages
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.session.finished()

    def on_build_error(self, *, error: Exception) -> None:
        if self.current is not None:
            self.current.failed()

    def on_shutdown(self) -> None:
        self.carry.search.close()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Callable[..., None]) -> LiveReloadServer:
        roots = self.session.watch(server)
        if self.session.fast:
            internals.IncrementalBuilder.install(lambda: self.current, server, builder, roots)
            internals.allow_live_reload(server)  # its script, under each page's policy
        return server
