"""Atom feeds: one of the whole portfolio and one per lane, newest ``updated`` first.

Built with feedgen (XML escaping, Atom's required elements) from the same data as the
pages. mkdocs-rss-plugin writes RSS 2.0 and JSON Feed only, one feed per plugin
instance, so it can give neither Atom nor a feed per lane.

A feed's dates are the pages' ``updated`` dates, never the build time: building the
same content twice gives the same feeds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from . import markup
from .portfolio import Portfolio, relative_url
from .structured import absolute

__all__ = ["PORTFOLIO_FEED", "Feed", "build_feeds", "feed_links", "feeds_of", "lane_feed_path"]

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
    """Site-relative URL of the page the feed stands for (home or lane landing page)."""
    pages: tuple[str, ...]


def feeds_of(portfolio: Portfolio) -> list[Feed]:
    """The portfolio's feed, then one per lane that has published pages, in lane order."""
    site = portfolio.data.site
    everything = [path for paths in portfolio.lanes.values() for path in paths]
    feeds = [Feed(PORTFOLIO_FEED, site.name, site.description,
                  portfolio.urls.get("index.md", ""), _newest_first(portfolio, everything))]
    for lane in portfolio.data.lanes:
        pages = portfolio.lanes.get(lane.id) or []
        if not pages:
            continue
        title = f"{site.name}: {lane.title or lane.label.capitalize()}"
        landing = portfolio.urls.get(f"{lane.id}/index.md", f"{lane.id}/")
        feeds.append(Feed(lane_feed_path(lane.id), title, lane.description, landing,
                          _newest_first(portfolio, pages)))
    return feeds


def build_feeds(portfolio: Portfolio, *, site_url: str | None) -> dict[str, bytes]:
    """Every feed's Atom XML, by its site-relative path."""
    return {feed.path: _atom(portfolio, feed, site_url) for feed in feeds_of(portfolio)}


def feed_links(feeds: list[Feed], from_url: str) -> list[dict[str, str]]:
    """``title`` and ``href`` (relative to the page at ``from_url``) of every feed."""
    return [{"title": feed.title, "href": relative_url(from_url, feed.path)} for feed in feeds]


def _newest_first(portfolio: Portfolio, paths: list[str]) -> tuple[str, ...]:
    def key(path: str) -> tuple[int, str, str]:
        meta = portfolio.meta(path)
        return (-meta.updated.toordinal(), meta.title.casefold(), path)

    return tuple(sorted(paths, key=key))


def _moment(day: dt.date) -> dt.datetime:
    """Atom needs a date-time; a page's ``updated`` is a day, taken at midnight UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _atom(portfolio: Portfolio, feed: Feed, site_url: str | None) -> bytes:
    site = portfolio.data.site
    generator = FeedGenerator()
    generator.id(absolute(site_url, feed.path))
    generator.title(feed.title)
    if feed.subtitle:
        generator.subtitle(feed.subtitle)
    generator.link(href=absolute(site_url, feed.path), rel="self",
                   type="application/atom+xml")
    generator.link(href=absolute(site_url, feed.landing), rel="alternate", type="text/html")
    generator.author(name=site.publisher or site.name)
    generator.language(site.language)
    generator.generator("opsdesk")
    newest = [portfolio.meta(p).updated for p in feed.pages[:1]]
    generator.updated(_moment(newest[0] if newest else dt.date(1970, 1, 1)))
    for path in feed.pages:
        meta = portfolio.meta(path)
        url = absolute(site_url, portfolio.urls[path])
        entry = generator.add_entry(order="append")
        entry.id(url)
        entry.title(markup.plain(meta.title))
        entry.link(href=url, rel="alternate", type="text/html")
        entry.updated(_moment(meta.updated))
        entry.summary(meta.description)
        for tag in dict.fromkeys(meta.tags):
            entry.category(term=tag, label=tag)
    xml: bytes = generator.atom_str(pretty=True)
    return xml
