"""The one pipeline from what authors wrote to what every page shows.

site data + page sources → generated landing pages → portfolio graph → listing pages
(``listings``) → redirects, page templates, tools and addresses of generated pages (a
page with errors there is left out, and the graph and listings built again) → feeds →
every problem → one view per page, generated listing pages included. ``assemble`` runs
it; the MkDocs plugin, ``mkdocs serve``'s incremental rebuilds, ``opsdesk check`` and the
benchmark all call it, so they report the same problems and show the same pages.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .aliases import Redirects, redirects_of
from .anchors import anchor_problems, tool_anchors
from .cards import CARD_FOLDER
from .checks import content_problems, outline_problems
from .csp import body_script_problems
from .feedplan import PORTFOLIO_FEED, Feed, feeds_of, lane_feed_path
from .inventory import SEARCH_FOLDER, Inventory, OutputKind
from .linkcheck import body_link_problems, fragment_links
from .listings import Listings, listings_of
from .portfolio import Portfolio, build_portfolio
from .problems import Problem
from .render import find_tools, tool_problems
from .sitedata import SiteData
from .source import (
    PageSource,
    landing_path,
    landing_text,
    load_page,
    missing_landings,
    template_problems,
)
from .view import PageView, ViewReads, views_of

__all__ = ["Assembled", "assemble", "landing_pages"]


@dataclass
class Assembled:
    """The whole site as the build sees it, with every problem."""

    data: SiteData
    portfolio: Portfolio
    redirects: Redirects
    feeds: list[Feed]
    views: dict[str, PageView]
    problems: list[Problem]
    """Every problem, once each, in file and line order."""
    generated: dict[str, str] = field(default_factory=dict)
    """The generated landing pages' sources, by path (a generator writes them as pages)."""
    listings: Listings = field(default_factory=Listings)
    """The listing pages; the generated ones have a view, no source (a generator writes
    them as empty pages, ``listings.generated``)."""
    inventory: Inventory = field(default_factory=Inventory)
    """Every output of the site: the sources', and every generated one."""
    view_reads: ViewReads | None = None
    """What the views read (``view.views_of``): an edit's assembly keeps what it can."""

    @property
    def sources(self) -> dict[str, PageSource]:
        return self.portfolio.pages

    def redirect_canonicals(self) -> dict[str, str]:
        """Each alias (old page path) → the canonical address of the page it redirects to."""
        return {alias: self.views[path].canonical for alias, path in self.redirects.targets.items()}

    @functools.cached_property
    def site_problems(self) -> list[Problem]:
        """The problems of files that are not pages (site-data): they concern every page
        (each page's banner shows them, so they are sorted out once)."""
        files = {source.file for source in self.portfolio.pages.values()}
        return [p for p in self.problems if p.path not in files]


def landing_pages(data: SiteData, paths: Collection[str]) -> dict[str, str]:
    """The source of the landing page of each lane that has pages but none, by path."""
    return {landing_path(lane.id): landing_text(lane)
            for lane in missing_landings(data.lanes, paths)}


def assemble(data: SiteData, sources: Iterable[PageSource], *, shown_docs: str,
             template_dirs: Sequence[Path], site_url: str | None,
             inventory: Inventory | None = None,
             extra_problems: Iterable[Problem] = (), reuse: Portfolio | None = None,
             previous: Mapping[str, PageView] | None = None,
             check_anchors: bool = True, cards: bool = False,
             kept: ViewReads | None = None) -> Assembled:
    """Run the pipeline over ``sources`` (every Markdown page read; the landing pages
    the site lacks are added here, and the listing pages worked out).

    ``template_dirs``: the site's template folder, then ours (tools, page templates);
    ``inventory``: the sources' outputs (pages, static files, theme files) as the
    generator publishes them, to which the generated ones are added (a copy: the one
    given is left as it is; default: directory URLs, no other file);
    ``extra_problems``: what the generator found (odd entries under ``content/``);
    ``reuse``: a portfolio known to be the graph of these sources
    (``incremental.reuse_graph``), which skips rebuilding it; ``previous``: the views of
    the last build, for previews of pages that broke since (``view.build_views``);
    ``check_anchors``: whether links to anchors are checked (``anchors``: not when the
    site's ``toc`` makes heading ids its own way); ``cards``: whether the views get social
    cards (``cards.py``; the build draws them); ``kept``: what the views of the last
    assembly read (``Assembled.view_reads``): the views whose inputs are the same are kept
    (``view.views_of``), the same views as made anew.
    """
    outputs = (inventory or Inventory()).copy()
    pages = list(sources)
    generated = landing_pages(data, {s.path for s in pages})
    pages += [load_page(text, path=path, file=f"{shown_docs}/{path}", lane_ids=data.lane_ids)
              for path, text in generated.items()]
    for path in generated:
        outputs.add_generated(OutputKind.LANDING, f"the landing page of {path}", path=path)
    _reserve(outputs, data)
    urls = {source.path: outputs.url(source.path) for source in pages}
    portfolio = reuse or build_portfolio(data, pages, urls)
    listings = listings_of(portfolio, outputs)
    # Errors found only once the graph is known (aliases, addresses of the generated
    # listing pages), the templates are (a page's template, its tools) or the site's
    # settings are (a body's script, unless site.yml allows page scripts): the pages they
    # concern are left out like any page with errors, so the graph and the listings are
    # built again without them (no block links to them; fewer pages make no new clash).
    late = [*redirects_of(portfolio, outputs, listings).problems,
            *listings.problems,
            *template_problems(pages, template_dirs),
            *body_script_problems(pages, allowed=data.site.page_scripts),
            *tool_problems(pages, find_tools(template_dirs))]
    if any(problem.is_error for problem in late):
        pages = [_with_problems(source, late) for source in pages]
        portfolio = build_portfolio(data, pages, urls)
        listings = listings_of(portfolio, outputs)
    for path in listings.generated:
        outputs.add_generated(OutputKind.LISTING, f"the listing page {path}", path=path)
    redirects = redirects_of(portfolio, outputs, listings)
    for alias, path in redirects.targets.items():
        outputs.add_generated(OutputKind.REDIRECT, f"the redirect of {alias} to {path}",
                              file=outputs.address(alias).file)
    problems = sorted(
        {*data.problems, *extra_problems, *(p for s in pages for p in s.problems),
         *portfolio.problems, *late, *listings.problems,
         *body_link_problems(portfolio, outputs), *outputs.problems,
         *_logo_problems(data, outputs),
         *content_problems(portfolio, data.site.checks), *outline_problems(portfolio)},
        key=lambda p: (p.path, p.line or 0, str(p)))
    feeds = feeds_of(portfolio)
    views, reads = views_of(portfolio, site_url=site_url, feeds=feeds,
                            problems=_by_file(problems), previous=previous, listings=listings,
                            shown_docs=shown_docs, cards=cards, kept=kept)
    fragments = fragment_links(portfolio) if check_anchors else []
    if fragments:  # the blocks' anchors are the views': checked once they are made
        tools = tool_anchors(template_dirs, find_tools(template_dirs))
        missing = anchor_problems(fragments, portfolio.pages, views, tools)
        if missing:
            problems = sorted({*problems, *missing}, key=lambda p: (p.path, p.line or 0, str(p)))
            by_file, concerned = _by_file(problems), {problem.path for problem in missing}
            for path, view in list(views.items()):
                if view.file in concerned:
                    views[path] = dataclasses.replace(view, problems=tuple(by_file[view.file]))
    return Assembled(data, portfolio, redirects, feeds, views, problems, generated, listings,
                     outputs, reads)


def _by_file(problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_file[problem.path].append(problem)
    return by_file


def _reserve(outputs: Inventory, data: SiteData) -> None:
    """Register the files every build writes besides its pages: the feeds (of every
    lane, whether or not it has pages yet), the sitemap, the 404 page, the search index."""
    for file, kind in [(PORTFOLIO_FEED, OutputKind.FEED),
                       *((lane_feed_path(lane.id), OutputKind.FEED) for lane in data.lanes),
                       ("sitemap.xml", OutputKind.SITEMAP), ("sitemap.xml.gz", OutputKind.SITEMAP),
                       ("404.html", OutputKind.NOT_FOUND), (SEARCH_FOLDER, OutputKind.SEARCH),
                       (CARD_FOLDER, OutputKind.CARDS)]:
        outputs.add_generated(kind, f"the {kind} {file}", file=file)


def _logo_problems(data: SiteData, outputs: Inventory) -> list[Problem]:
    """``site.yml``'s ``logo`` must be a file the site publishes."""
    logo = data.site.logo
    if logo is None or outputs.has_file(logo):
        return []
    return [Problem("site-data/site.yml", data.line_of("site.yml", "logo"), "logo",
                    f"{logo!r} is no file of the site: put the image under content/ (as "
                    f"content/{logo}) or name one that is there")]


def _with_problems(source: PageSource, problems: Sequence[Problem]) -> PageSource:
    """``source`` with the errors of ``problems`` that concern its file (a copy: the
    source as read is kept by the page reader's cache)."""
    own = [p for p in problems if p.path == source.file and p.is_error]
    return dataclasses.replace(source, problems=[*source.problems, *own]) if own else source
