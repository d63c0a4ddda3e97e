"""Atom feeds: one of the whole portfolio and one per lane, newest ``updated`` first.

Built with feedgen (XML escaping, Atom's required elements) from the pages' views.
mkdocs-rss-plugin writes RSS 2.0 and JSON Feed only, one feed per plugin instance, so it
can give neither Atom nor a feed per lane.

A feed's dates are the pages' ``updated`` dates, never the build time: building the
same content twice gives the same feeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from feedgen.feed import FeedGenerator

from .feedplan import Feed
from .model import Site
from .portfolio import absolute
from .view import PageView

__all__ = ["FeedWriter", "build_feeds"]

def build_feeds(feeds: list[Feed], views: Mapping[str, PageView], *, site: Site,
                site_url: str | None) -> dict[str, bytes]:
    """Every feed's Atom XML, by its site-relative path."""
    return FeedWriter().build(feeds, views, site=site, site_url=site_url)


class FeedWriter:
    """Writes the feeds, keeping each one's XML while all it shows is unchanged:
    ``mkdocs serve`` asks for every feed after every edit, and most edits change none."""

    def __init__(self) -> None:
        self._written: dict[str, tuple[tuple[object, ...], bytes]] = {}

    def build(self, feeds: list[Feed], views: Mapping[str, PageView], *, site: Site,
              site_url: str | None) -> dict[str, bytes]:
        """Every feed's Atom XML, by its site-relative path."""
        written: dict[str, tuple[tuple[object, ...], bytes]] = {}
        for feed in feeds:
            landing = views.get(feed.landing)
            shown: tuple[object, ...] = (feed, site, site_url, landing and landing.canonical,
                                         *(_entry(views[path]) for path in feed.pages))
            last = self._written.get(feed.path)
            written[feed.path] = (shown, last[1] if last and last[0] == shown
                                  else _atom(feed, views, site, site_url))
        self._written = written  # only this build's feeds: nothing accumulates
        return {path: xml for path, (_, xml) in written.items()}


def _entry(view: PageView) -> tuple[object, ...]:
    """What a feed shows of a page (``_atom`` reads exactly these)."""
    return (view.canonical, view.title, view.updated, view.description, view.tags)


def _moment(day: dt.date) -> dt.datetime:
    """Atom needs a date-time; a page's ``updated`` is a day, taken at midnight UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _atom(feed: Feed, views: Mapping[str, PageView], site: Site, site_url: str | None) -> bytes:
    generator = FeedGenerator()
    generator.id(absolute(site_url, feed.path))
    generator.title(feed.title)
    if feed.subtitle:
        generator.subtitle(feed.subtitle)
    generator.link(href=absolute(site_url, feed.path), rel="self",
                   type="application/atom+xml")
    landing = views.get(feed.landing)
    generator.link(href=landing.canonical if landing else absolute(site_url, ""),
                   rel="alternate", type="text/html")
    generator.author(name=site.publisher)
    generator.language(site.language)
    generator.generator("opsdesk")
    entries = [views[path] for path in feed.pages]
    newest = entries[0].updated if entries and entries[0].updated else dt.date(1970, 1, 1)
    generator.updated(_moment(newest))
    for view in entries:
        entry = generator.add_entry(order="append")
        entry.id(view.canonical)
        entry.title(view.title)  # plain text, as the page shows it (escaped by feedgen)
        entry.link(href=view.canonical, rel="alternate", type="text/html")
        if view.updated:
            entry.updated(_moment(view.updated))
        if view.description:
            entry.summary(view.description)
        for tag in view.tags:
            entry.category(term=tag, label=tag)
    xml: bytes = generator.atom_str(pretty=True)
    return xml
