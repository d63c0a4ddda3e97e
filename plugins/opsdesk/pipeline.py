"""The one pipeline from what authors wrote to what every page shows.

site data + page sources → generated landing pages → portfolio graph → redirects →
feeds → every problem → one view per page. ``assemble`` runs it; the MkDocs plugin,
``mkdocs serve``'s incremental rebuilds, ``opsdesk check`` and the benchmark all call it,
so they report the same problems and show the same pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .aliases import Redirects, redirects_of
from .feeds import Feed, feeds_of
from .portfolio import Portfolio, build_portfolio
from .problems import Problem
from .render import tool_problems
from .sitedata import SiteData
from .source import PageSource, landing_path, landing_text, load_page, missing_landings
from .view import PageView, build_views

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
    landings: dict[str, str] = field(default_factory=dict)
    """The generated landing pages' sources, by path (a generator writes them as pages)."""

    @property
    def sources(self) -> dict[str, PageSource]:
        return self.portfolio.pages

    def site_problems(self) -> list[str]:
        """The problems of files that are not pages (site-data): they concern every page."""
        files = {source.file for source in self.portfolio.pages.values()}
        return [str(p) for p in self.problems if p.path not in files]


def landing_pages(data: SiteData, paths: Collection[str]) -> dict[str, str]:
    """The source of the landing page of each lane that has pages but none, by path."""
    return {landing_path(lane.id): landing_text(lane)
            for lane in missing_landings(data.lanes, paths)}


def assemble(data: SiteData, sources: Iterable[PageSource], *, shown_docs: str,
             tools: Sequence[str], site_url: str | None,
             urls: Mapping[str, str] | None = None,
             reuse: Portfolio | None = None,
             previous: Mapping[str, PageView] | None = None) -> Assembled:
    """Run the pipeline over ``sources`` (every Markdown page read, landing pages the
    site lacks are added here).

    ``urls``: the pages' addresses as the generator makes them (default: directory
    URLs); ``reuse``: a portfolio known to be the graph of these sources
    (``incremental.reuse_graph``), which skips rebuilding it; ``previous``: the views of
    the last build, for previews of pages that broke since (``view.build_views``).
    """
    pages = list(sources)
    landings = landing_pages(data, {s.path for s in pages})
    pages += [load_page(text, path=path, file=f"{shown_docs}/{path}", lane_ids=data.lane_ids)
              for path, text in landings.items()]
    portfolio = reuse or build_portfolio(data, pages, urls)
    redirects = redirects_of(portfolio)
    problems = sorted(
        {*data.problems, *(p for s in pages for p in s.problems), *portfolio.problems,
         *tool_problems(pages, tools), *redirects.problems},
        key=lambda p: (p.path, p.line or 0, str(p)))
    by_file: dict[str, list[str]] = defaultdict(list)
    for problem in problems:
        by_file[problem.path].append(str(problem))
    feeds = feeds_of(portfolio)
    views = build_views(portfolio, site_url=site_url, feeds=feeds, problems=by_file,
                        previous=previous)
    return Assembled(data, portfolio, redirects, feeds, views, problems, landings)
