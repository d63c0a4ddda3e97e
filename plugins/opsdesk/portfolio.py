"""The cross-page graph: lanes, ordering, drafts, next and related pages, references.

Pure functions over loaded pages; linear in the number of pages (the tag index bounds
the candidates of "Keep browsing", so no page is compared with every other page).
"""

from __future__ import annotations

import heapq
import posixpath
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath

from .inventory import address
from .links import front_matter_links
from .load import dotted
from .model import LanePage
from .problems import Problem, Severity, closest
from .sitedata import SiteData
from .source import PageSource

__all__ = ["RELATED_CANDIDATES_PER_TAG", "Portfolio", "absolute", "build_portfolio",
           "graph_inputs", "relative_url"]

#: How many of the newest pages of each tag are candidates for "Keep browsing". Ties
#: go to the newest pages anyway; the bound keeps the work linear when one tag is on
#: every page.
RELATED_CANDIDATES_PER_TAG = 64
RELATED_LIMIT = 3


@lru_cache(maxsize=1 << 18)  # every (page, link target) pair of a large portfolio
def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url`` (both site-relative URLs, as
    MkDocs makes them: ``guides/foo/``, ``atom.xml``, ``./`` for the home page)."""
    base = [part for part in from_url.split("/")[:-1] if part not in ("", ".")]
    target = [part for part in to_url.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(base), len(target)) and base[common] == target[common]:
        common += 1
    parts = [".."] * (len(base) - common) + target[common:]
    rel = "/".join(parts)
    if not rel:
        return "./"
    return rel + "/" if to_url.endswith("/") and not rel.endswith("/") else rel


def absolute(site_url: str | None, url: str) -> str:
    """The address of a site-relative ``url``: absolute when the site URL is known."""
    url = url.removeprefix("./")
    if not site_url:
        return "/" + url
    return site_url.rstrip("/") + "/" + url


@dataclass
class Portfolio:
    """All pages of the site and how they link to each other."""

    data: SiteData
    pages: dict[str, PageSource]
    """Every page read, by path (drafts and broken pages included)."""
    urls: dict[str, str]
    lanes: dict[str, list[str]]
    """Per lane id, its published pages in order."""
    next: dict[str, str | None] = field(default_factory=dict)
    related: dict[str, list[str]] = field(default_factory=dict)
    referenced: set[str] = field(default_factory=set)
    """Pages named by a next, related or policy link."""
    problems: list[Problem] = field(default_factory=list)

    def published(self, path: str) -> bool:
        """Whether the page is built: read without errors and not a draft."""
        source = self.pages.get(path)
        return bool(source and source.valid and not _is_draft(source))

    def meta(self, path: str) -> LanePage:
        meta = self.pages[path].meta
        assert isinstance(meta, LanePage)  # only called for published lane pages
        return meta

    def title(self, path: str) -> str:
        source = self.pages[path]
        return source.meta.title if source.meta else path


def _is_draft(source: PageSource) -> bool:
    return source.draft  # a policy page may be a draft too (issue 11)


def build_portfolio(
    data: SiteData,
    sources: Iterable[PageSource],
    urls: Mapping[str, str] | None = None,
) -> Portfolio:
    """Order the lanes, resolve every next and related link, check every reference."""
    pages = {source.path: source for source in sources}
    portfolio = Portfolio(
        data=data,
        pages=pages,
        urls={path: (urls or {}).get(path) or address(path, directory_urls=True).url
              for path in pages},
        lanes={lane.id: [] for lane in data.lanes},
    )
    for path, source in pages.items():
        if source.lane in portfolio.lanes and portfolio.published(path):
            portfolio.lanes[source.lane].append(path)
    for paths in portfolio.lanes.values():
        paths.sort(key=lambda p: _lane_order(portfolio.meta(p), p))

    sequence = [path for paths in portfolio.lanes.values() for path in paths]
    following = dict(zip(sequence, [*sequence[1:], None][: len(sequence)], strict=True))
    by_tag, rank = _tag_index(portfolio, sequence)
    for path in sequence:
        portfolio.next[path] = _next(portfolio, path, following[path])
        portfolio.related[path] = _related(portfolio, path, by_tag, rank)

    _check_policies(portfolio)
    _check_value_links(portfolio, sequence)
    _check_lanes(portfolio)
    _check_strays(portfolio)
    return portfolio


def graph_inputs(source: PageSource) -> tuple[object, ...]:
    """Everything ``build_portfolio`` reads of a page, but for the lines of its keys (which
    only locate its problems): pages with the same inputs make the same graph. Of a lane
    page's front matter: what orders the lane and ranks related pages, the links it
    chooses, and its front matter's links to pages; not its description, checklists or
    FAQ as such (``incremental.reuse_graph``)."""
    meta = source.meta
    common = (source.path, source.file, source.lane, source.valid, source.draft)
    if not isinstance(meta, LanePage):
        return (*common, meta)
    return (*common, meta.title, meta.order, meta.updated, tuple(meta.tags), meta.next,
            None if meta.related is None else tuple(meta.related),
            tuple(front_matter_links(source.path, meta)))


def _lane_order(meta: LanePage, path: str) -> tuple[bool, int, str, str]:
    return (meta.order is None, meta.order or 0, meta.title.casefold(), path)


def _warn(portfolio: Portfolio, source: PageSource, key: str, line_path: tuple[str | int, ...],
          message: str) -> None:
    portfolio.problems.append(
        Problem(source.file, source.line_of(*line_path), key, message, Severity.WARNING)
    )


def _target_problem(portfolio: Portfolio, source: PageSource, target: str) -> str | None:
    """Why ``target`` cannot be linked from ``source``, or ``None`` when it can."""
    if target == source.path:
        return "a page cannot link to itself"
    found = portfolio.pages.get(target)
    if found is None:
        return f"no page '{target}'{_did_you_mean_page(target, portfolio.pages)}"
    if _is_draft(found):
        return f"'{target}' is a draft, and drafts are never linked"
    if not found.valid:
        return f"'{target}' is left out of the build because of its own errors"
    return None


def _did_you_mean_page(target: str, paths: Iterable[str]) -> str:
    """Suggest the page whose file name is most like the missing one's.

    Whole paths share long prefixes (``guides/``) that make any two look alike.
    """
    by_name: dict[str, str] = {}
    for path in sorted(paths, key=lambda p: (posixpath.dirname(p) != posixpath.dirname(target),
                                             p)):
        by_name.setdefault(posixpath.basename(path), path)
    match = closest(posixpath.basename(target), by_name, cutoff=0.75)
    return f" (did you mean '{by_name[match]}'?)" if match else ""


def _next(portfolio: Portfolio, path: str, default: str | None) -> str | None:
    source = portfolio.pages[path]
    chosen = portfolio.meta(path).next
    if chosen is False:
        return None
    if chosen is None:
        return default
    portfolio.referenced.add(chosen)
    problem = _target_problem(portfolio, source, chosen)
    if problem:
        _warn(portfolio, source, "next", ("next",), problem)
        return None
    return chosen


def _tag_index(portfolio: Portfolio,
               sequence: list[str]) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Per tag, its pages newest first; and each page's position in that order (the
    tie-break of "Keep browsing", computed once rather than in every page's sort)."""
    by_tag: dict[str, list[str]] = defaultdict(list)
    newest_first = sorted(sequence, key=lambda p: _newest_first(portfolio, p))
    for path in newest_first:
        for tag in dict.fromkeys(portfolio.meta(path).tags):
            by_tag[tag].append(path)
    return by_tag, {path: index for index, path in enumerate(newest_first)}


def _newest_first(portfolio: Portfolio, path: str) -> tuple[int, str, str]:
    meta = portfolio.meta(path)
    return (-meta.updated.toordinal(), meta.title.casefold(), path)


def _related(portfolio: Portfolio, path: str, by_tag: Mapping[str, list[str]],
             rank: Mapping[str, int]) -> list[str]:
    source = portfolio.pages[path]
    chosen = portfolio.meta(path).related
    if chosen is not None:
        return _explicit_related(portfolio, source, chosen)
    excluded = {path, portfolio.next.get(path)}
    shared: Counter[str] = Counter()
    for tag in dict.fromkeys(portfolio.meta(path).tags):
        for candidate in by_tag[tag][:RELATED_CANDIDATES_PER_TAG]:
            if candidate not in excluded:
                shared[candidate] += 1
    # most shared tags first, then newest (``rank`` is unique: no tie goes further)
    ranked = heapq.nsmallest(RELATED_LIMIT, ((-count, rank[p], p) for p, count in shared.items()))
    return [p for _, _, p in ranked]


def _explicit_related(portfolio: Portfolio, source: PageSource, chosen: list[str]) -> list[str]:
    related: list[str] = []
    for index, target in enumerate(chosen):
        portfolio.referenced.add(target)
        problem = _target_problem(portfolio, source, target)
        if problem is None and target in related:
            problem = f"'{target}' is listed twice"
        if problem is None and len(related) == RELATED_LIMIT:
            problem = f"'Keep browsing' shows at most {RELATED_LIMIT} pages; remove this one"
        if problem:
            _warn(portfolio, source, f"related[{index}]", ("related", index), problem)
        else:
            related.append(target)
    return related


def _check_policies(portfolio: Portfolio) -> None:
    file = "site-data/policies.yml"
    for index, link in enumerate(portfolio.data.policies.links):
        portfolio.referenced.add(link.page)
        found = portfolio.pages.get(link.page)
        problem = None
        if found is None:
            problem = f"no page '{link.page}'{_did_you_mean_page(link.page, portfolio.pages)}"
        elif _is_draft(found):
            problem = f"'{link.page}' is a draft, and drafts are never linked"
        if problem:
            line = portfolio.data.line_of("policies.yml", "links", index, "page")
            portfolio.problems.append(
                Problem(file, line, f"links[{index}].page", problem, Severity.WARNING)
            )


def _check_value_links(portfolio: Portfolio, sequence: list[str]) -> None:
    """Links to pages in the front matter's Markdown (``links.py``) must name a page."""
    for path in sequence:
        source = portfolio.pages[path]
        for key, href, target in front_matter_links(path, portfolio.meta(path)):
            portfolio.referenced.add(target)
            problem = None if target == path else _target_problem(portfolio, source, target)
            if problem:
                _warn(portfolio, source, dotted(key), key, f"the link to '{href}': {problem}")


def _check_lanes(portfolio: Portfolio) -> None:
    for index, lane in enumerate(portfolio.data.lanes):
        if not any(source.lane == lane.id for source in portfolio.pages.values()):
            line = portfolio.data.line_of("lanes.yml", index, "id")
            portfolio.problems.append(Problem(
                "site-data/lanes.yml", line, f"[{index}].id",
                f"lane '{lane.id}' has no pages: add one under content/{lane.id}/",
                Severity.WARNING,
            ))


def _check_strays(portfolio: Portfolio) -> None:
    """Pages outside the lanes that no link of ``policies.yml`` names. Not when
    ``policies.yml`` has errors: it could not be read whole, so which pages it names is
    unknown, and its own error is the one to report."""
    if any(PurePosixPath(p.path).name == "policies.yml" for p in portfolio.data.problems):
        return
    lanes = ", ".join(portfolio.lanes) or "none"
    for path, source in portfolio.pages.items():
        head, sep, _ = path.partition("/")
        if not sep or head in portfolio.lanes or path in portfolio.referenced:
            continue
        portfolio.problems.append(Problem(
            source.file, 1, None,
            f"'{head}/' is not a lane (lanes: {lanes}) and no link names this page: "
            "move it into a lane folder or link it from site-data/policies.yml",
            Severity.WARNING,
        ))

