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
    """Writes the feeds, keeping each one's XML while all it shows is unchanged, and each
    entry's XML while what it shows of its page is unchanged: ``mkdocs serve`` asks for
    every feed after every edit; most edits change none, and one that changes a page's
    description changes one entry of each feed that lists it (a feed lists every page of
    its lane, or of the site: writing every entry again grew with the portfolio)."""

    def __init__(self) -> None:
        self._written: dict[str, tuple[tuple[object, ...], bytes]] = {}
        self._entries: dict[tuple[object, ...], bytes] = {}

    def build(self, feeds: list[Feed], views: Mapping[str, PageView], *, site: Site,
              site_url: str | None) -> dict[str, bytes]:
        """Every feed's Atom XML, by its site-relative path."""
        written: dict[str, tuple[tuple[object, ...], bytes]] = {}
        entries: dict[tuple[object, ...], bytes] = {}
        listed: list[tuple[object, ...]] = []
        for feed in feeds:
            landing = views.get(feed.landing)
            keys = [_entry(views[path]) for path in feed.pages]
            listed += keys
            shown: tuple[object, ...] = (feed, site, site_url, landing and landing.canonical,
                                         *keys)
            last = self._written.get(feed.path)
            written[feed.path] = (shown, last[1] if last and last[0] == shown
                                  else self._atom(feed, views, site, site_url, entries))
        # only this build's feeds and entries: nothing accumulates
        self._entries = {key: xml for key in listed
                         if (xml := entries.get(key) or self._entries.get(key)) is not None}
        self._written = written
        return {path: xml for path, (_, xml) in written.items()}

    def _atom(self, feed: Feed, views: Mapping[str, PageView], site: Site,
              site_url: str | None, entries: dict[tuple[object, ...], bytes]) -> bytes:
        """``_atom``'s XML, byte for byte, from its head and each entry's XML (kept in
        ``entries``, taken from the last build's where the same)."""
        head = _atom(feed, views, site, site_url, with_entries=False)
        if head is None:
            return _atom(feed, views, site, site_url) or b""
        parts = [head]
        for view in (views[path] for path in feed.pages):
            key = _entry(view)
            xml = entries.get(key) or self._entries.get(key)
            if xml is None:
                xml = _entry_xml(feed, views, site, site_url, view, head)
                if xml is None:  # not as expected: the whole feed, as feedgen writes it
                    return _atom(feed, views, site, site_url) or b""
            entries[key] = xml
            parts.append(xml)
        parts.append(_END)
        return b"".join(parts)


_END = b"</feed>\n"


def _entry_xml(feed: Feed, views: Mapping[str, PageView], site: Site, site_url: str | None,
               view: PageView, head: bytes) -> bytes | None:
    """One entry's XML as it stands in a feed that starts with ``head``: the feed of that
    one entry, without its head and end (pretty printing indents an element by its depth
    only); ``None`` when that feed is not ``head``, the entry and the end."""
    alone = _atom(feed, views, site, site_url, entries=[view])
    if alone is None or not (alone.startswith(head) and alone.endswith(_END)):
        return None
    return alone[len(head):-len(_END)]


def _entry(view: PageView) -> tuple[object, ...]:
    """What a feed shows of a page (``_atom`` reads exactly these)."""
    return (view.canonical, view.title, view.updated, view.description, view.tags)


def _moment(day: dt.date) -> dt.datetime:
    """Atom needs a date-time; a page's ``updated`` is a day, taken at midnight UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _atom(feed: Feed, views: Mapping[str, PageView], site: Site, site_url: str | None, *,
          entries: list[PageView] | None = None, with_entries: bool = True) -> bytes | None:
    """The feed's Atom XML, as feedgen writes it, with ``entries`` (default: the feed's
    pages; its date is the first one's); without ``with_entries``, its head only: the
    XML before its first entry (``None`` when it does not end as expected)."""
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
    if entries is None:
        entries = [views[path] for path in feed.pages]
    first = [views[path] for path in feed.pages[:1]]
    newest = first[0].updated if first and first[0].updated else dt.date(1970, 1, 1)
    generator.updated(_moment(newest))
    for view in entries if with_entries else ():
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
    if with_entries:
        return xml
    return xml[:-len(_END)] if xml.endswith(_END) else None
