"""Which feeds the site has and what each lists: one of the whole portfolio and one per
lane with published pages, newest ``updated`` first. ``feeds`` writes them from the views;
the views link them (``view``), the inventory reserves their files (``pipeline``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .portfolio import Portfolio
from .source import HOME, landing_path

__all__ = ["PORTFOLIO_FEED", "Feed", "feeds_of", "lane_feed_path"]

PORTFOLIO_FEED = "atom.xml"
"""Site-relative path of the portfolio's feed."""


def lane_feed_path(lane_id: str) -> str:
    """Site-relative path of a lane's feed.

    At the site's root, like the portfolio's: Material's JavaScript reads every
    ``<link rel="alternate">`` as a language version and fetches ``sitemap.xml`` next to
    it, so a feed in a lane's folder would cost every page view a failed request.
    """
    return f"atom-{lane_id}.xml"


@dataclass(frozen=True)
class Feed:
    """One feed: where it is written, its title, and its pages (newest first)."""

    path: str
    title: str
    subtitle: str | None
    landing: str
    """The page the feed stands for (home or lane landing page), relative to content/."""
    pages: tuple[str, ...]


def feeds_of(portfolio: Portfolio) -> list[Feed]:
    """The portfolio's feed, then one per lane that has published pages, in lane order."""
    site = portfolio.data.site
    everything = [path for paths in portfolio.lanes.values() for path in paths]
    feeds = [Feed(PORTFOLIO_FEED, site.name, site.description, HOME,
                  _newest_first(portfolio, everything))]
    for lane in portfolio.data.lanes:
        pages = portfolio.lanes.get(lane.id) or []
        if pages:
            feeds.append(Feed(lane_feed_path(lane.id), f"{site.name}: {lane.title}",
                              lane.description, landing_path(lane.id),
                              _newest_first(portfolio, pages)))
    return feeds


def _newest_first(portfolio: Portfolio, paths: list[str]) -> tuple[str, ...]:
    def key(path: str) -> tuple[int, str, str]:
        meta = portfolio.meta(path)
        return (-meta.updated.toordinal(), meta.title.casefold(), path)

    return tuple(sorted(paths, key=key))
