"""The health of a portfolio: what a reader would trip over, beyond the build's problems.

Pure functions over a built ``Portfolio``, each linear in the pages:

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
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .links import front_matter_links
from .model import LanePage
from .portfolio import Portfolio
from .source import PageSource

__all__ = ["Health", "assess", "body_links"]

# An inline link or image target, ``](target "title")``, and a reference definition.
_INLINE = re.compile(r"\]\(\s*<?([^)\s>]+)>?[^)]*\)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_FENCED = re.compile(r"^ {0,3}(```|~~~).*?(?:^ {0,3}\1[ \t]*$|\Z)", re.M | re.S)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


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
    paths relative to ``content/``; code blocks and links to other sites are skipped."""
    body = _FENCED.sub("", source.body)
    targets = [*_INLINE.findall(body), *_REFERENCE.findall(body)]
    folder = posixpath.dirname(source.path)
    found = set()
    for target in targets:
        target = target.split("#", 1)[0].split("?", 1)[0]
        if not target.endswith(".md") or target.startswith("/") or _SCHEME.match(target):
            continue
        found.add(posixpath.normpath(posixpath.join(folder, target)))
    return found


def assess(portfolio: Portfolio, today: dt.date, *, site_data: str = "site-data") -> Health:
    """The health of ``portfolio`` on ``today``; ``site_data`` is that folder as shown."""
    data = portfolio.data
    lane_pages = [path for paths in portfolio.lanes.values() for path in paths]
    published = [path for path in portfolio.pages if portfolio.published(path)]
    health = Health(pages=len(published), stale_after_days=data.site.stale_after_days)
    file = {path: portfolio.pages[path].file for path in published}

    for path in lane_pages:
        updated = portfolio.meta(path).updated
        age = (today - updated).days
        if age > data.site.stale_after_days:
            health.stale.append(Stale(file[path], updated.isoformat(), age))

    linked = _linked(portfolio, published)
    health.orphans = [file[p] for p in lane_pages if p not in linked]
    health.dead_ends = [file[p] for p in lane_pages
                        if not portfolio.next.get(p) and not portfolio.related.get(p)]
    lanes_file = f"{site_data}/lanes.yml"
    health.empty_lanes = [
        EmptyLane(lane.id, lanes_file, data.line_of("lanes.yml", index, "id"))
        for index, lane in enumerate(data.lanes) if not portfolio.lanes.get(lane.id)
    ]
    health.duplicate_titles = _duplicate_titles(portfolio, published, file)
    health.stale.sort(key=lambda s: s.file)
    health.orphans.sort()
    health.dead_ends.sort()
    return health


def _linked(portfolio: Portfolio, published: Iterable[str]) -> set[str]:
    """Pages some other page links to: by next, keep browsing, a body link or a link in
    the front matter's Markdown."""
    linked: set[str] = set()
    for path in published:
        targets = {portfolio.next.get(path), *portfolio.related.get(path, [])}
        targets |= body_links(portfolio.pages[path])
        meta = portfolio.pages[path].meta
        if isinstance(meta, LanePage):
            targets |= {target for _, _, target in front_matter_links(path, meta)}
        linked |= {t for t in targets if t and t != path}
    return linked


def _duplicate_titles(portfolio: Portfolio, published: Iterable[str],
                      file: dict[str, str]) -> list[DuplicateTitle]:
    by_title: dict[str, list[str]] = defaultdict(list)
    for path in published:
        by_title[" ".join(portfolio.title(path).casefold().split())].append(path)
    return sorted(
        (DuplicateTitle(portfolio.title(paths[0]), sorted(file[p] for p in paths))
         for paths in by_title.values() if len(paths) > 1),
        key=lambda d: d.files,
    )

