"""What an edit affects: the pages to render again after some pages changed.

Pure functions over two portfolios (before and after the edit); no MkDocs here. The
``mkdocs serve`` adapter (``serve.py``) re-renders the pages of a ``Plan`` and falls back to
a full build when the plan says so.

Each page's *block inputs* are what its blocks show of other pages: the title and address
of its "Next page" and "Keep browsing" targets, the cards of a landing page, the policy
links, and its problems. A page is rendered again when its own file changed or its block
inputs differ; everything is rebuilt when the set of pages, a page's published state, its
aliases or the title of a navigation page changed, since those reach every page (the
navigation, the search index, redirects). A block that shows more of other pages must add
it to ``block_inputs``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import LanePage
from .portfolio import HOME, Portfolio
from .render import HOME_CARDS_PER_LANE
from .source import PageSource, reading_minutes

__all__ = ["Plan", "block_inputs", "plan_rebuild", "reuse_graph"]

TAGS_LISTING = "<!-- material/tags"
"""The marker of a page that lists pages by tag (Material's tags plugin)."""


@dataclass(frozen=True)
class Plan:
    """Either a full build (with the reason) or the pages to render again, in path order."""

    full: str | None = None
    pages: tuple[str, ...] = field(default_factory=tuple)


def _summary(portfolio: Portfolio, path: str) -> tuple[str, str, str]:
    """What a link to ``path`` shows: its title, at its address."""
    return (path, portfolio.title(path), portfolio.urls.get(path, ""))


def _card(portfolio: Portfolio, path: str) -> tuple[Any, ...]:
    meta = portfolio.meta(path)
    minutes = reading_minutes(portfolio.pages[path].words, portfolio.data.site.words_per_minute)
    return (*_summary(portfolio, path), meta.description, meta.updated, minutes)


def _policies(portfolio: Portfolio) -> tuple[tuple[str, bool], ...]:
    return tuple((link.page, portfolio.published(link.page))
                 for link in portfolio.data.policies.links)


def block_inputs(portfolio: Portfolio, path: str,
                 problems: Mapping[str, Sequence[str]] | None = None) -> tuple[Any, ...]:
    """Everything of other pages (and of the graph) that the blocks of ``path`` show."""
    source = portfolio.pages[path]
    shown_problems = tuple((problems or {}).get(source.file, ()))
    common = (_policies(portfolio), shown_problems)
    lane, _, rest = path.partition("/")
    if source.lane and portfolio.published(path):
        following = portfolio.next.get(path)
        return (*common,
                _summary(portfolio, following) if following else None,
                tuple(_summary(portfolio, p) for p in portfolio.related.get(path, ())))
    if path == HOME:
        return (*common, tuple(
            (lane_id, len(pages), tuple(_card(portfolio, p) for p in pages[:HOME_CARDS_PER_LANE]))
            for lane_id, pages in portfolio.lanes.items()))
    if rest == "index.md" and lane in portfolio.lanes:
        return (*common, tuple(_card(portfolio, p) for p in portfolio.lanes[lane]))
    if TAGS_LISTING in source.body:  # Material's tags page lists every tagged page
        listed = sorted(p for paths in portfolio.lanes.values() for p in paths)
        return (*common, tuple((*_summary(portfolio, p), tuple(portfolio.meta(p).tags))
                               for p in listed))
    return common


def _structure(portfolio: Portfolio, nav_pages: Collection[str]) -> tuple[Any, ...]:
    """What every page shows or depends on: pages, published states, aliases, nav titles."""
    return (
        tuple(sorted(portfolio.pages)),
        tuple(sorted(p for p in portfolio.pages if portfolio.published(p))),
        tuple(sorted((p, s.valid, s.draft) for p, s in portfolio.pages.items())),
        tuple(sorted((p, tuple(_aliases(s))) for p, s in portfolio.pages.items())),
        tuple((p, portfolio.title(p)) for p in nav_pages if p in portfolio.pages),
    )


def _aliases(source: PageSource) -> list[str]:
    return list(source.meta.aliases) if isinstance(source.meta, LanePage) else []


def _same_graph_inputs(old: PageSource, new: PageSource) -> bool:
    """Whether the graph reads the same of both: front matter, its lines, validity."""
    return (old.meta == new.meta and old.lines == new.lines and old.valid == new.valid
            and old.lane == new.lane and old.file == new.file)


def reuse_graph(before: Portfolio, sources: Sequence[PageSource]) -> Portfolio | None:
    """``before`` with the pages of ``sources``, when no edit changed what the graph reads:
    a body edit then costs no graph rebuild. ``None`` when the graph must be rebuilt."""
    pages = {}
    for source in sources:
        old = before.pages.get(source.path)
        if old is None or not (old is source or _same_graph_inputs(old, source)):
            return None
        pages[source.path] = source
    if len(pages) != len(before.pages):
        return None
    return dataclasses.replace(before, pages=pages)


def plan_rebuild(
    before: Portfolio,
    after: Portfolio,
    changed: Collection[str],
    *,
    problems_before: Mapping[str, Sequence[str]] | None = None,
    problems_after: Mapping[str, Sequence[str]] | None = None,
    same_graph: bool = False,
) -> Plan:
    """The pages to render again after the pages ``changed`` were edited.

    ``changed`` are page paths (relative to ``content/``) whose file changed. Linear in
    the number of pages: every page's block inputs are compared once. ``same_graph``:
    ``after`` came from ``reuse_graph`` (the edits left every front matter as it was),
    so only the changed pages, the card lists and pages whose problems changed can differ.
    """
    nav_pages = [HOME, *(f"{lane}/index.md" for lane in after.lanes)]
    if not same_graph and _structure(before, nav_pages) != _structure(after, nav_pages):
        return Plan(full="the pages, their published state, aliases or navigation changed")
    affected = {path for path in changed if path in after.pages}
    candidates: Collection[str] = after.pages
    if same_graph:
        candidates = {*nav_pages, *_problems_changed(after, problems_before, problems_after),
                      *(p for p, s in after.pages.items() if TAGS_LISTING in s.body)}
    for path in candidates:
        if path in after.pages and path not in affected and (
                block_inputs(before, path, problems_before)
                != block_inputs(after, path, problems_after)):
            affected.add(path)
    if any(TAGS_LISTING in after.pages[path].body for path in affected):
        # Material's tags plugin fills its listings once per whole build (on_env), adding
        # to what it holds: rendering the tags page alone would list pages twice.
        return Plan(full="the tags page lists an edited title or tag")
    return Plan(pages=tuple(sorted(affected)))


def _problems_changed(portfolio: Portfolio, before: Mapping[str, Sequence[str]] | None,
                      after: Mapping[str, Sequence[str]] | None) -> list[str]:
    before, after = before or {}, after or {}
    return [path for path, source in portfolio.pages.items()
            if list(before.get(source.file, ())) != list(after.get(source.file, ()))]
