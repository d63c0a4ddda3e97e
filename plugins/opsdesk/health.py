"""The health of a portfolio: what a reader would trip over, beyond the build's problems.

Pure functions over the assembled site (its pages' views), each linear in the pages:

- stale pages: ``updated`` older than ``stale_after_days``;
- orphans: lane pages no other page links to, by its next page, its "Keep browsing"
  pages (as the reader sees them, defaults included) or a relative Markdown link in its
  body or front matter (lane listings are not counted: they list every page);
- dead ends: lane pages with no next page and no "Keep browsing" pages;
- empty lanes: lanes without a published page;
- duplicate titles: published pages sharing a title (readers and search cannot tell
  them apart).
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .links import front_matter_links, link_target
from .model import LanePage
from .pipeline import Assembled
from .portfolio import Portfolio
from .source import PageSource
from .source import body_links as source_links
from .view import PageView

__all__ = ["Health", "assess", "body_links"]

@dataclass(frozen=True)
class Stale:
    file: str
    updated: str
    days: int


@dataclass(frozen=True)
class EmptyLane:
    lane: str
    file: str
    line: int


@dataclass(frozen=True)
class DuplicateTitle:
    title: str
    files: list[str]


@dataclass
class Health:
    """Every finding, each list in file order."""

    pages: int
    """Published pages."""
    stale_after_days: int
    stale: list[Stale] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    dead_ends: list[str] = field(default_factory=list)
    empty_lanes: list[EmptyLane] = field(default_factory=list)
    duplicate_titles: list[DuplicateTitle] = field(default_factory=list)

    @property
    def findings(self) -> int:
        """One per page or lane concerned (a shared title counts once per page)."""
        return len(self.rows())

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def rows(self) -> list[tuple[str, str, str]]:
        """``(finding, where, detail)`` rows of the readable table."""
        rows = [("stale", s.file, f"updated {s.updated}, {s.days} days ago "
                 f"(stale after {self.stale_after_days})") for s in self.stale]
        rows += [("orphan", f, "no page links here (next, keep browsing or body link)")
                 for f in self.orphans]
        rows += [("dead end", f, "no next page and no keep-browsing pages")
                 for f in self.dead_ends]
        rows += [("empty lane", f"{e.file}:{e.line}", f"lane '{e.lane}' has no published page")
                 for e in self.empty_lanes]
        for duplicate in self.duplicate_titles:
            rows += [("duplicate title", f, f"'{duplicate.title}' is also the title of "
                      + ", ".join(o for o in duplicate.files if o != f)) for f in duplicate.files]
        return rows


def body_links(source: PageSource) -> set[str]:
    """The pages a body links to with relative Markdown links (``../fixes/foo.md#x``), as
    paths relative to ``content/``; code and links to other sites are skipped."""
    return {found[0] for _, href in source_links(source)
            if (found := link_target(source.path, html.unescape(href)))}


def assess(assembled: Assembled, today: dt.date, *, site_data: str = "site-data") -> Health:
    """The health of the assembled site on ``today``; ``site_data`` is that folder as shown."""
    portfolio, views = assembled.portfolio, assembled.views
    data = portfolio.data
    health = Health(pages=sum(view.published for view in views.values()),
                    stale_after_days=data.site.stale_after_days)
    # the pages of files (the generated listing pages have neither links nor own titles)
    published = [view for view in views.values()
                 if view.published and view.path in portfolio.pages]
    lane_pages = [view for view in published if view.is_lane_page]

    for view in lane_pages:
        assert view.updated is not None  # every lane page has one
        age = (today - view.updated).days
        if age > data.site.stale_after_days:
            health.stale.append(Stale(view.file, view.updated.isoformat(), age))

    linked = _linked(portfolio, published)
    health.orphans = [v.file for v in lane_pages if v.path not in linked]
    health.dead_ends = [v.file for v in lane_pages if not v.next and not v.related]
    lanes_file = f"{site_data}/lanes.yml"
    health.empty_lanes = [
        EmptyLane(lane.id, lanes_file, data.line_of("lanes.yml", index, "id"))
        for index, lane in enumerate(data.lanes) if not portfolio.lanes.get(lane.id)
    ]
    health.duplicate_titles = _duplicate_titles(published)
    health.stale.sort(key=lambda s: s.file)
    health.orphans.sort()
    health.dead_ends.sort()
    return health


def _linked(portfolio: Portfolio, published: Iterable[PageView]) -> set[str]:
    """Pages some other page links to: by next, keep browsing, a body link or a link in
    the front matter's Markdown."""
    linked: set[str] = set()
    for view in published:
        targets = {view.next.path if view.next else None, *(r.path for r in view.related)}
        source = portfolio.pages[view.path]
        targets |= body_links(source)
        if isinstance(source.meta, LanePage):
            targets |= {target for _, _, target in front_matter_links(view.path, source.meta)}
        linked |= {t for t in targets if t and t != view.path}
    return linked


def _duplicate_titles(published: Iterable[PageView]) -> list[DuplicateTitle]:
    by_title: dict[str, list[PageView]] = defaultdict(list)
    for view in published:
        by_title[" ".join(view.title.casefold().split())].append(view)
    return sorted(
        (DuplicateTitle(views[0].title, sorted(v.file for v in views))
         for views in by_title.values() if len(views) > 1),
        key=lambda d: d.files,
    )
