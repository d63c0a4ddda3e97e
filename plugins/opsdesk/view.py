"""One view per page: everything a page shows, computed once per build into one object.

``build_views`` turns every page of a ``Portfolio`` into a ``PageView``: its kind, its
lane (with the schema's defaults), its header facts, its front-matter Markdown rendered
and its links resolved to addresses, the pages its blocks link to, its breadcrumbs and
its problems. Every consumer reads the view: the block templates, the JSON-LD, the meta
tags, the feeds, the MkDocs adapter, and ``mkdocs serve``, which renders again exactly
the pages whose view changed (``incremental.plan_rebuild``). Nothing downstream works
out a page's kind, a lane default or a link target again.

Views are frozen dataclasses of plain values, so two builds' views compare with ``==``;
a block template that shows a new field of its view is followed by the preview as soon
as that field is set here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import itertools
import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from . import markup
from .cards import SocialCard
from .feedplan import Feed
from .links import resolve_links
from .listings import CARDS_PER_PAGE, TAGS_PAGE, Listing, ListingKind, Listings, tag_slug
from .model import Lane, LanePage, Site
from .portfolio import Portfolio, absolute, relative_url
from .problems import Problem
from .source import HOME, Kind, kind_of, landing_path, reading_minutes

__all__ = [
    "HOME_CARDS_PER_LANE",
    "TAGS_PAGE",
    "Card",
    "ChecklistItem",
    "ChecklistView",
    "Crumb",
    "Day",
    "FaqEntry",
    "Kind",
    "LaneCards",
    "Link",
    "NotFoundView",
    "PageView",
    "Pager",
    "PagerItem",
    "TagCount",
    "TagLink",
    "ViewReads",
    "build_views",
    "not_found_view",
    "slug",
    "slug_words",
    "views_of",
]

HOME_CARDS_PER_LANE = 6
"""Cards per lane on the home page; the lane's landing page lists them, a page of
``listings.CARDS_PER_PAGE`` at a time."""

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """An HTML id from text: lower-case words joined by ``-``."""
    return _SLUG.sub("-", text.casefold()).strip("-") or "section"


@functools.lru_cache(maxsize=1 << 16)
def slug_words(text: str, limit: int) -> str:
    """``slug(text)``, cut after the last whole word that fits in ``limit`` characters.

    A word is what the text separates by spaces, so "mid-project" stays whole or goes.
    Only a first word longer than ``limit`` is cut inside, at ``limit``.
    """
    words = [w for w in (_SLUG.sub("-", word.casefold()).strip("-") for word in text.split()) if w]
    kept = ""
    for word in words:
        longer = f"{kept}-{word}" if kept else word
        if len(longer) > limit:
            break
        kept = longer
    return kept or (words[0][:limit].rstrip("-") if words else "section")


@dataclass(frozen=True)
class Link:
    """A link from the viewed page to another page of the site."""

    path: str
    """The target page, relative to ``content/``."""
    title: str
    url: str
    """The target's address relative to the viewed page."""


@dataclass(frozen=True)
class TagLink:
    """A tag of the viewed page, as its chip in the header line shows it."""

    name: str
    url: str | None
    """The tag's page (``tags/<slug>/``), relative to the viewed page; ``None`` when the
    tag has none (the page is a draft: its tags list no page yet)."""


@dataclass(frozen=True)
class TagCount:
    """A tag as the tags page lists it."""

    name: str
    url: str
    """The tag's page, relative to the viewed page."""
    count: int
    """How many published pages it has."""


@dataclass(frozen=True)
class PagerItem:
    """One entry of a pager's page numbers: a page, or a gap (``number`` 0)."""

    number: int
    url: str
    current: bool = False


@dataclass(frozen=True)
class Pager:
    """The pager of one page of a paged listing (``listings``)."""

    label: str
    """The ``<nav>``'s accessible name."""
    number: int
    count: int
    previous: Link | None
    next: Link | None
    items: tuple[PagerItem, ...]
    """The page numbers shown: the first, the last, and those around the current one;
    a gap where numbers are left out, so a pager has at most 7 entries."""


@dataclass(frozen=True)
class Crumb:
    """One step of the breadcrumb trail (JSON-LD ``BreadcrumbList``)."""

    name: str
    url: str
    """Absolute (or root-relative without a site URL): what the JSON-LD says."""
    href: str = ""
    """The same page, relative to the viewed page: what the visible trail links."""


@dataclass(frozen=True)
class Day:
    """A date as pages show it."""

    iso: str
    """``2026-06-01``: a ``<time>``'s ``datetime``, a meta tag's ``content``."""
    shown: str
    """As the site's ``labels.date_format`` writes it: ``June 01, 2026``."""


@dataclass(frozen=True)
class Card:
    """A page as the home and landing pages list it."""

    link: Link
    description: str
    updated: dt.date
    minutes: int
    day: Day
    """``updated``, as shown."""
    reading_time: str
    """``minutes``, as ``labels.reading_time`` says it."""


@dataclass(frozen=True)
class LaneCards:
    """Cards: of one lane (the first few on the home page, a page of them on its landing
    page and the pages that follow it), or of one tag (on the tag's pages)."""

    lane: Lane | None
    """The lane of the cards; ``None`` for a tag's."""
    url: str
    """The lane's landing page (the tag's page), relative to the viewed page."""
    cards: tuple[Card, ...]
    total: int
    """How many published pages the lane (the tag) has (``cards`` may show fewer)."""
    label: str = ""
    """The accessible name of the list."""
    heading_id: str | None = None
    """On the home page, a section per lane: its heading's id (``lane-<id>``)."""
    more: str | None = None
    """On the home page, when it shows fewer cards than the lane has: the words of the
    link to the lane's landing page (``labels.lane_all_pages``)."""


@dataclass(frozen=True)
class ChecklistItem:
    html: Markup
    """The item's inline Markdown, rendered, its page links resolved."""
    key: str
    """A short stable key of the item's text: a changed item starts unticked."""
    text: str
    """The item's visible text (what search indexes)."""


@dataclass(frozen=True)
class ChecklistView:
    id: str
    title: str | None
    items: tuple[ChecklistItem, ...]
    marker: str
    """The body comment that places it (``<!-- checklist: ID -->``)."""
    label: str = ""
    """Its accessible name when it has no title (``labels.checklist_name``)."""


@dataclass(frozen=True)
class FaqEntry:
    id: str
    """The question's anchor."""
    question: str
    answer: Markup
    """The answer's Markdown, rendered, its page links resolved: what readers see, and
    what the ``FAQPage`` JSON-LD says."""


@dataclass(frozen=True)
class PageView:
    """Everything one page shows, resolved. ``None``/empty means "not shown"."""

    path: str
    """Relative to ``content/``."""
    file: str
    """As messages show it: ``content/guides/foo.md``."""
    kind: Kind
    url: str
    """Site-relative address (``guides/foo/``)."""
    canonical: str
    """Absolute address (root-relative when the site has no URL)."""
    published: bool
    """Read without errors and not a draft."""
    blocks: bool
    """Whether the page gets its kind's blocks: it was read without errors (drafts do,
    for the preview)."""
    lane: Lane | None
    """The lane of a lane page or landing page."""
    title: str
    html_title: str
    """The ``<title>``: the title, then the site's name (once, when they are the same)."""
    description: str | None
    """The meta description: the page's own, else its lane's or the site's."""
    category: str | None = None
    keyword: str | None = None
    quick_take: Markup | None = None
    tags: tuple[str, ...] = ()
    tag_links: tuple[TagLink, ...] = ()
    """The tags' chips, each linking to the tag on the tags page."""
    updated: dt.date | None = None
    """A lane page's ``updated``; for the home and landing pages, the newest they list."""
    day: Day | None = None
    """A lane page's ``updated``, as shown."""
    minutes: int = 0
    """Reading time."""
    reading_time: str = ""
    """A lane page's ``minutes``, as ``labels.reading_time`` says it."""
    og_type: str = "website"
    """The link previews' ``og:type``: ``article`` for a lane page."""
    og_url: str | None = None
    """The link previews' ``og:url``: the canonical address, when the site has a URL."""
    card: SocialCard | None = None
    """Its social card (``cards.py``), when the build draws them."""
    card_url: str | None = None
    """The card's absolute address (``og:image``), when the site has a URL."""
    twitter_card: str = "summary"
    """``summary_large_image`` when the page has a card."""
    checklists: tuple[ChecklistView, ...] = ()
    faq: tuple[FaqEntry, ...] = ()
    tools: tuple[str, ...] = ()
    """Browser-side tools placed by ``<!-- tool: ID -->``, in body order."""
    placed: frozenset[str] = frozenset()
    """The marker comments that stand in the body."""
    next: Link | None = None
    previous: Link | None = None
    """The page whose "Next page" is this one (``rel=prev``)."""
    related: tuple[Link, ...] = ()
    policies: tuple[Link, ...] = ()
    listing: tuple[LaneCards, ...] = ()
    pager: Pager | None = None
    """A listing of more than one page: the links to its other pages (``rel=prev/next``)."""
    tag_index: tuple[TagCount, ...] = ()
    """The tags page: every tag, by name."""
    indexed: bool = True
    """Whether the search index has the page, decided here and nowhere else: not the
    generated listing pages (a page of cards would match every search for any card's
    words), not a page whose front matter says ``search: {exclude: true}``. The page
    template marks the body searchable by it, Material's search reads it (``seo``) and
    the Pagefind index is given exactly these pages (``mkdocs_session``)."""
    breadcrumbs: tuple[Crumb, ...] = ()
    """Home, lane (or the tags page, a tag), the page: every page below the home page.
    One trail for both the visible breadcrumbs and the ``BreadcrumbList`` JSON-LD."""
    lane_link: Link | None = None
    """The viewed page's lane's landing page (the label above a lane page's title)."""
    tags_url: str | None = None
    """The tags page, relative to the viewed page, when the site has one."""
    own_feed: Link | None = None
    """The feed the page stands for, shown as a visible link: the portfolio's on the
    home page, the lane's on its landing page."""
    feeds: tuple[Link, ...] = ()
    """Feed links (``path`` is the feed's file, ``title`` its title)."""
    problems: tuple[Problem, ...] = ()
    """This page's problems, as the build reports them (shown under ``mkdocs serve``)."""
    last_good: bool = False
    """The front matter has errors, and this is the page's view from before they were
    made (``mkdocs serve`` previews it, marked as such, while the author fixes them)."""
    partial: bool = False
    """The page has errors, and this view shows what of it is valid: its body and the
    blocks whose front-matter keys are valid (``PageSource.partial``), for ``mkdocs serve``
    to preview under the banner; ``mkdocs build`` leaves the page out."""

    @property
    def is_lane_page(self) -> bool:
        """A lane page read without errors: it gets every block of a lane page."""
        return self.kind is Kind.LANE_PAGE and self.blocks



NOT_FOUND_NEWEST = 5
"""How many of the newest pages the "not found" page offers: a fixed number, so the page
does not grow with the portfolio."""


@dataclass(frozen=True)
class NotFoundView:
    """What the "not found" page (``404.html``) offers: the lanes and the newest pages.

    Its addresses start at the site's root path (``/``, or the site URL's path): the page
    is served at whatever address was not found, at any depth."""

    home: str
    lanes: tuple[Link, ...]
    newest: tuple[Card, ...]
    # Its link previews (partials/opsdesk/meta.html reads these, as a page view's): the
    # "not found" words and the home page's card, like every page's (structured-data
    # testing tools ask any page for them).
    title: str = ""
    description: str | None = None
    og_url: str | None = None
    card: SocialCard | None = None
    card_url: str | None = None
    og_type: str = "website"
    twitter_card: str = "summary"
    day: None = None
    lane: None = None
    tags: tuple[str, ...] = ()
    feeds: tuple[Feed, ...] = ()


def not_found_view(portfolio: Portfolio, newest: Sequence[str], *,
                   site_url: str | None, home: PageView | None = None) -> NotFoundView:
    """The "not found" page's view: every lane with pages, the first
    ``NOT_FOUND_NEWEST`` of ``newest`` (paths, newest first: the portfolio's feed); its
    link previews show ``home``'s card (the home page's view), when it has one."""
    root = urlsplit(site_url).path if site_url else "/"
    root = root if root.endswith("/") else root + "/"

    def address(url: str) -> str:
        return root + url.removeprefix("./")

    builder = _Builder(portfolio, site_url, (), {}, Listings(), "content")
    lanes = tuple(Link(landing_path(lane.id), lane.title, address(
                      portfolio.urls.get(landing_path(lane.id), f"{lane.id}/")))
                  for lane in portfolio.data.lanes if portfolio.lanes.get(lane.id))
    cards = tuple(dataclasses.replace(card, link=dataclasses.replace(
                      card.link, url=address(portfolio.urls[card.link.path])))
                  for card in builder.card_list("", newest[:NOT_FOUND_NEWEST]))
    labels = portfolio.data.site.labels
    card = home.card if home else None
    return NotFoundView(address(portfolio.urls.get(HOME, "")), lanes, cards,
                        title=labels.not_found_title, description=labels.not_found_text,
                        og_url=absolute(site_url, "404.html") if site_url else None,
                        card=card, card_url=home.card_url if home else None,
                        twitter_card=home.twitter_card if home else "summary")


def build_views(portfolio: Portfolio, *, site_url: str | None, feeds: Sequence[Feed],
                problems: Mapping[str, Sequence[Problem]] | None = None,
                previous: Mapping[str, PageView] | None = None,
                listings: Listings | None = None,
                shown_docs: str = "content", cards: bool = False) -> dict[str, PageView]:
    """The view of every page of ``portfolio``, and of every generated page of
    ``listings``, by path; ``problems`` by file (``shown_docs``: ``content/`` as messages
    show it); with ``cards``, each published page's social card.

    ``previous``: the views of the last build (``mkdocs serve``); a page whose front
    matter now has errors keeps its last good view, marked ``last_good``, with its new
    problems, so the preview still shows every block while the author fixes them.
    """
    return views_of(portfolio, site_url=site_url, feeds=feeds, problems=problems,
                    previous=previous, listings=listings, shown_docs=shown_docs,
                    cards=cards)[0]


@dataclass(frozen=True)
class ViewReads:
    """What the views of one build were made of, so that the next build (an edit under
    ``mkdocs serve``) keeps each view whose inputs are the same instead of making it
    again: what every view reads (``context``: the site data, the addresses, the lanes'
    order, the tags, the feeds), the tables a view reads one entry of (``tables``: the
    sources, next, previous and related pages, listing pages, by path), each view, and
    the entries it read (``reads``: recorded as it was made: its own source, and each
    other page whose title, description, date, words or state it shows)."""

    context: tuple[object, ...]
    tables: Mapping[str, Mapping[str, object]]
    views: Mapping[str, PageView]
    reads: Mapping[str, frozenset[tuple[str, str]]]

    def changed(self, tables: Mapping[str, Mapping[str, object]]) -> set[tuple[str, str]]:
        """The entries of ``tables`` that differ from these (a source read again differs,
        even if equal: it is compared by identity)."""
        changed = set()
        for name, new in tables.items():
            old = self.tables[name]
            same = operator.is_ if name == "pages" else operator.eq
            changed |= {(name, key) for key in old.keys() | new.keys()
                        if not same(old.get(key, _MISSING), new.get(key, _MISSING))}
        return changed


_MISSING = object()


def views_of(portfolio: Portfolio, *, site_url: str | None, feeds: Sequence[Feed],
             problems: Mapping[str, Sequence[Problem]] | None = None,
             previous: Mapping[str, PageView] | None = None,
             listings: Listings | None = None, shown_docs: str = "content",
             cards: bool = False, kept: ViewReads | None = None,
             ) -> tuple[dict[str, PageView], ViewReads]:
    """``build_views``, and what the views read; ``kept``: what the last build's views
    read: a view whose context is the same, whose problems are the same and none of whose
    entries changed is kept as it was."""
    problems = problems or {}
    read: set[tuple[str, str]] = set()
    recorded = {name: _Recorded(name, table, read) for name, table in
                (("pages", portfolio.pages), ("next", portfolio.next),
                 ("related", portfolio.related))}
    builder = _Builder(dataclasses.replace(portfolio, pages=recorded["pages"],
                                           next=recorded["next"], related=recorded["related"]),
                       site_url, feeds,
                       problems, listings or Listings(), shown_docs)
    builder.previous = recorded["previous"] = _Recorded("previous", builder.previous, read)
    recorded["listings"] = _Recorded("listings", builder.listings.pages, read)
    builder.listings = dataclasses.replace(builder.listings, pages=recorded["listings"])
    context = (portfolio.data, site_url, shown_docs, cards, tuple(feeds), builder.urls,
               portfolio.lanes, builder.listings.tags, builder.policy_pages, builder.tag_pages)
    tables = {name: dict(table) for name, table in recorded.items()}
    if kept is not None and kept.context != context:
        kept = None
    changed = kept.changed(tables) if kept is not None else set()
    views: dict[str, PageView] = {}
    reads: dict[str, frozenset[tuple[str, str]]] = {}
    for path in [*portfolio.pages, *builder.listings.generated]:
        if kept is not None and (was := kept.reads.get(path)) is not None \
                and was.isdisjoint(changed) and (view := kept.views.get(path)) is not None \
                and view.problems == tuple(problems.get(view.file, ())):
            views[path], reads[path] = view, was
            continue
        read.clear()
        views[path] = _one_view(builder, path, previous or {}, cards=cards)
        reads[path] = frozenset(read)
    return views, ViewReads(context, tables, views, reads)


def _one_view(builder: _Builder, path: str, previous: Mapping[str, PageView], *,
              cards: bool) -> PageView:
    """The view of the page at ``path`` (``build_views``)."""
    if path in builder.listings.generated:
        view = builder.generated_view(path)
    else:
        view = builder.view(path)
        old = previous.get(path)
        if not view.blocks and old is not None and old.blocks and not old.partial \
                and view.problems:
            view = dataclasses.replace(old, published=False, problems=view.problems,
                                       last_good=True)
        elif not view.blocks and view.kind is Kind.LANE_PAGE:
            view = builder.partial_view(path, view)
    if cards and view.published and view.blocks:
        view = _with_card(view, builder.site, builder.site_url)
    return view


class _Recorded(dict[str, Any]):
    """A table a view reads one entry of (the portfolio's pages, next and related pages,
    the previous pages, the listing pages), recording each entry read as ``(name, key)``
    (``views_of``)."""

    def __init__(self, name: str, table: Mapping[str, Any], read: set[tuple[str, str]]) -> None:
        super().__init__(table)
        self.name, self.read = name, read

    def __getitem__(self, key: str) -> Any:
        self.read.add((self.name, key))
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add((self.name, key))
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.read.add((self.name, key))
        return super().__contains__(key)


def _with_card(view: PageView, site: Site, site_url: str | None) -> PageView:
    """``view`` with its social card: its title, its lane, the site's name and colours."""
    card = SocialCard(title=view.title, kicker=view.lane.title if view.lane else "",
                site=site.name, background=site.card_colors.background,
                text=site.card_colors.text)
    if not site_url:  # link previews need its absolute address
        return dataclasses.replace(view, card=card)
    return dataclasses.replace(view, card=card, twitter_card="summary_large_image",
                               card_url=absolute(site_url, card.path))


class _Builder:
    """What every view of one build shares: the portfolio, and links made once."""

    def __init__(self, portfolio: Portfolio, site_url: str | None, feeds: Sequence[Feed],
                 problems: Mapping[str, Sequence[Problem]], listings: Listings,
                 shown_docs: str) -> None:
        self.portfolio = portfolio
        self.listings = listings
        self.shown_docs = shown_docs
        self.urls = {**portfolio.urls, **listings.generated}
        self.tag_pages = {tag.slug: tag.first for tag in listings.tags}
        self.site = portfolio.data.site
        self.site_url = site_url
        self.feeds = feeds
        self.problems = problems
        self.lanes = {lane.id: lane for lane in portfolio.data.lanes}
        urls = portfolio.urls
        self.policy_pages = [(link.page, link.title, urls[link.page])
                             for link in portfolio.data.policies.links
                             if portfolio.published(link.page)]
        self.feed_links: dict[int, tuple[Link, ...]] = {}
        self.previous: dict[str, str] = {}
        for path, following in portfolio.next.items():
            if following:
                self.previous.setdefault(following, path)

    def view(self, path: str) -> PageView:
        portfolio = self.portfolio
        source = portfolio.pages[path]
        kind = kind_of(path, self.lanes)
        url = portfolio.urls[path]
        lane = self.lanes.get(path.partition("/")[0]) if kind in (Kind.LANDING,
                                                                   Kind.LANE_PAGE) else None
        meta = source.meta
        shown = meta or source.partial  # a page with errors: titled by its title if valid
        title = shown.title if shown and shown.title else path
        common = PageView(
            path=path, file=source.file, kind=kind, url=url,
            canonical=absolute(self.site_url, url),
            published=portfolio.published(path), blocks=source.valid,
            lane=lane, title=title, description=None,
            html_title=title if title == self.site.name else f"{title} - {self.site.name}",
            policies=self._policies(url),
            feeds=self._feed_links(url),
            problems=tuple(self.problems.get(source.file, ())),
            og_url=self._og_url(url),
            # `search: {exclude: true}` always wins: such a page is never given to the
            # search index, whatever its HTML says
            indexed=not (meta is not None and meta.search is not None and meta.search.exclude),
        )
        if isinstance(meta, LanePage) and source.valid and lane is not None:
            return self._lane_page(path, meta, lane, common)
        description = meta.description if meta else None
        listing: tuple[LaneCards, ...] = ()
        paged = self.listings.pages.get(path) if source.valid else None
        if kind is Kind.HOME:
            description = description or self.site.description
            listing = tuple(self._home_cards(url, lane_id) for lane_id in portfolio.lanes)
        elif kind is Kind.LANDING and lane is not None:
            description = description or lane.description
            listing = (self._cards(url, lane.id, CARDS_PER_PAGE, paged),)
        # any other page without its own (a policy page): the site's, as Material's meta
        # description says; link previews need one (structured-data-testing-tool)
        description = description or self.site.description
        listed = [card.updated for lane_cards in listing for card in lane_cards.cards]
        if kind is Kind.LANDING:
            crumbs = self._crumbs(url, lane)
        elif kind is Kind.HOME:
            crumbs = ()
        else:
            crumbs = self._crumbs(url, None, (title, url))
        common = dataclasses.replace(common, description=description, listing=listing,
                                     updated=max(listed, default=None), breadcrumbs=crumbs,
                                     own_feed=self._own_feed(path, url)
                                     if kind in (Kind.HOME, Kind.LANDING) else None,
                                     lane_link=self._lane_link(url, lane)
                                     if kind is Kind.LANDING and lane else None)
        if paged is not None and paged.kind == ListingKind.TAGS:
            return dataclasses.replace(common, tag_index=self._tag_index(url))
        if paged is not None:
            return dataclasses.replace(common, pager=self._pager(paged, title))
        return common

    def partial_view(self, path: str, view: PageView) -> PageView:
        """The view of a lane page with errors that shows what of it is valid: its
        lane page's blocks for the keys that are (``PageSource.partial``), or ``view``
        when none could be read."""
        meta, lane = self.portfolio.pages[path].partial, view.lane
        if not isinstance(meta, LanePage) or lane is None:
            return view
        return dataclasses.replace(self._lane_page(path, meta, lane, view), blocks=True,
                                   partial=True)

    # -- the generated pages of the listings (``listings``) ------------------------------

    def generated_view(self, path: str) -> PageView:
        """The view of a generated listing page: page 2 and on of a lane's cards, a tag's
        pages, the tags page."""
        listing = self.listings.pages[path]
        url = self.urls[path]
        labels = self.site.labels
        lane = self.lanes[listing.lane] if listing.lane else None
        tag = listing.tag
        trail: list[tuple[str, str]] = []
        if lane is not None:
            first = self.portfolio.title(listing.paths[0])
            description = lane.description
            cards = self._cards(url, lane.id, CARDS_PER_PAGE, listing)
        elif tag is not None:
            first = labels.tag_title.format(tag=tag.name)
            description = labels.tag_description.format(tag=tag.name)
            cards = LaneCards(None, self._url(url, listing.paths[0]),
                              self.card_list(url, listing.cards), len(tag.pages),
                              first)
            if TAGS_PAGE in self.urls:
                trail.append((labels.tags, self.urls[TAGS_PAGE]))
            if listing.number > 1:
                trail.append((first, self.urls[listing.paths[0]]))
        else:
            first, description, cards = labels.tags, labels.tags_description, None
        title = first if listing.number == 1 else labels.listing_page.format(
            title=first, number=listing.number, count=listing.count)
        shown = cards.cards if cards else ()
        return PageView(
            path=path, file=f"{self.shown_docs}/{path}", kind=Kind.LISTING, url=url,
            canonical=absolute(self.site_url, url), published=True, blocks=True,
            lane=lane, title=title,
            html_title=f"{title} - {self.site.name}", description=description,
            updated=max((card.updated for card in shown), default=None),
            listing=(cards,) if cards else (),
            pager=self._pager(listing, first) if cards else None,
            tag_index=() if cards else self._tag_index(url),
            indexed=False, og_url=self._og_url(url),
            breadcrumbs=self._crumbs(url, lane, *trail, (title, url)),
            lane_link=self._lane_link(url, lane) if lane else None,
            policies=self._policies(url), feeds=self._feed_links(url))

    def _pager(self, listing: Listing, title: str) -> Pager | None:
        """The pager of one page of ``listing`` (``title``: the listing's first page's)."""
        if listing.count < 2:
            return None
        url = self.urls[listing.path]
        number, count = listing.number, listing.count

        def link(n: int) -> Link:
            target = listing.paths[n - 1]
            name = title if n == 1 else self.site.labels.listing_page.format(
                title=title, number=n, count=count)
            return Link(target, name, self._url(url, target))

        shown = sorted({1, count, *range(max(1, number - 1), min(count, number + 1) + 1)})
        for gap_of_one in [n + 1 for n, m in itertools.pairwise(shown) if m == n + 2]:
            shown.append(gap_of_one)  # a gap of one page shows that page, not "…"
        items: list[PagerItem] = []
        last = 0
        for n in sorted(shown):
            if n > last + 1:
                items.append(PagerItem(0, ""))
            items.append(PagerItem(n, link(n).url, n == number))
            last = n
        return Pager(self.site.labels.pager.format(title=title), number, count,
                     link(number - 1) if number > 1 else None,
                     link(number + 1) if number < count else None, tuple(items))

    def _tag_index(self, from_url: str) -> tuple[TagCount, ...]:
        return tuple(TagCount(tag.name, self._url(from_url, tag.first), len(tag.pages))
                     for tag in self.listings.tags)

    def _lane_link(self, from_url: str, lane: Lane) -> Link:
        landing = landing_path(lane.id)
        return Link(landing, lane.title,
                    relative_url(from_url, self.portfolio.urls.get(landing, f"{lane.id}/")))

    def _own_feed(self, path: str, from_url: str) -> Link | None:
        """The feed that lists what the page at ``path`` (home, a landing page) lists."""
        return next((link for feed, link in zip(self.feeds, self._feed_links(from_url),
                                                 strict=True) if feed.landing == path), None)

    def _url(self, from_url: str, path: str) -> str:
        return relative_url(from_url, self.urls[path])

    def _lane_page(self, path: str, meta: LanePage, lane: Lane,
                   common: PageView) -> PageView:
        portfolio = self.portfolio
        source = portfolio.pages[path]
        url = portfolio.urls[path]
        following = portfolio.next.get(path)
        previous = self.previous.get(path)
        placed = frozenset(marker.comment for marker in source.markers)
        minutes = reading_minutes(source.words, self.site.words_per_minute)
        labels = self.site.labels
        title = common.title  # a page with errors may have none valid: then its path
        return dataclasses.replace(
            common,
            description=meta.description,
            category=meta.category or lane.category,
            keyword=meta.keyword,
            quick_take=self._markdown(path, markup.inline(meta.quick_take))
            if meta.quick_take else None,
            tags=tuple(dict.fromkeys(meta.tags)),
            tag_links=tuple(self._tag_link(url, tag) for tag in dict.fromkeys(meta.tags)),
            updated=meta.updated,
            day=self._day(meta.updated) if meta.updated else None,
            minutes=minutes,
            reading_time=self._reading_time(minutes),
            og_type="article",
            checklists=tuple(
                ChecklistView(checklist_id, checklist.title, tuple(
                    self._checklist_item(path, item) for item in checklist.items),
                    f"<!-- checklist: {checklist_id} -->",
                    labels.checklist_name.format(page=title, id=checklist_id))
                for checklist_id, checklist in meta.checklists.items()),
            faq=tuple(FaqEntry(f"faq-{index + 1}-{slug_words(item.q, 48)}", item.q,
                               self._markdown(path, markup.block(item.a)))
                      for index, item in enumerate(meta.faq)),
            tools=tuple(m.id for m in source.markers if m.kind == "tool" and m.id),
            placed=placed,
            next=self._link(url, following) if following else None,
            previous=self._link(url, previous) if previous else None,
            related=tuple(self._link(url, p) for p in portfolio.related.get(path, ())),
            breadcrumbs=self._crumbs(url, lane, (title, url)),
            lane_link=self._lane_link(url, lane),
            tags_url=self._url(url, TAGS_PAGE) if TAGS_PAGE in self.urls and meta.tags
            else None,
        )

    def _checklist_item(self, path: str, item: str) -> ChecklistItem:
        html = self._markdown(path, markup.inline(item))
        return ChecklistItem(html, _item_key(item), html.striptags())

    def _day(self, day: dt.date) -> Day:
        return Day(day.isoformat(), day.strftime(self.site.labels.date_format))

    def _reading_time(self, minutes: int) -> str:
        return self.site.labels.reading_time.format(minutes=minutes)

    def _og_url(self, url: str) -> str | None:
        return absolute(self.site_url, url) if self.site_url else None

    def _link(self, from_url: str, path: str) -> Link:
        return Link(path, self.portfolio.title(path),
                    relative_url(from_url, self.portfolio.urls[path]))

    def _tag_link(self, from_url: str, tag: str) -> TagLink:
        page = self.tag_pages.get(tag_slug(tag))
        return TagLink(tag, self._url(from_url, page) if page else None)

    def _markdown(self, path: str, rendered: Markup) -> Markup:
        """Front-matter Markdown of ``path`` with its links to pages' Markdown files
        pointing to the published pages (``links.py``)."""
        urls = self.portfolio.urls

        def address_of(target: str) -> str | None:
            return relative_url(urls[path], urls[target]) \
                if self.portfolio.published(target) else None

        return resolve_links(path, rendered, address_of)

    def _feed_links(self, from_url: str) -> tuple[Link, ...]:
        """The feeds, linked from a page at ``from_url``. Feeds are at the site's root
        (``feeds.lane_feed_path``), so the links are the same for every page as deep in
        the site: made once per depth."""
        depth = sum(part not in ("", ".") for part in from_url.split("/")[:-1])
        if depth not in self.feed_links:
            self.feed_links[depth] = tuple(Link(f.path, f.title, relative_url(from_url, f.path))
                                           for f in self.feeds)
        return self.feed_links[depth]

    def _policies(self, from_url: str) -> tuple[Link, ...]:
        """The policies footer's links to published pages, titled as ``policies.yml`` says."""
        return tuple(Link(page, title, relative_url(from_url, url))
                     for page, title, url in self.policy_pages)

    def _cards(self, from_url: str, lane_id: str, limit: int,
               listing: Listing | None = None) -> LaneCards:
        """A lane's cards: its first ``limit``, or those of one page of its listing."""
        portfolio = self.portfolio
        pages = portfolio.lanes[lane_id]
        shown = listing.cards if listing is not None else pages[:limit]
        landing = landing_path(lane_id)
        return LaneCards(self.lanes[lane_id],
                         relative_url(from_url, portfolio.urls.get(landing, f"{lane_id}/")),
                         self.card_list(from_url, shown), len(pages),
                         self.site.labels.lane_pages)

    def _home_cards(self, from_url: str, lane_id: str) -> LaneCards:
        """A lane's section of the home page: its first cards, under a heading, and a link
        to all of its pages when it has more."""
        cards = self._cards(from_url, lane_id, HOME_CARDS_PER_LANE)
        lane = self.lanes[lane_id]
        more = self.site.labels.lane_all_pages.format(count=cards.total, lane=lane.title) \
            if len(cards.cards) < cards.total else None
        return dataclasses.replace(cards, heading_id=f"lane-{lane.id}", more=more)

    def card_list(self, from_url: str, paths: Sequence[str]) -> tuple[Card, ...]:
        portfolio = self.portfolio
        cards = []
        for path in paths:
            meta = portfolio.meta(path)
            minutes = reading_minutes(portfolio.pages[path].words, self.site.words_per_minute)
            cards.append(Card(self._link(from_url, path), meta.description, meta.updated,
                              minutes, self._day(meta.updated), self._reading_time(minutes)))
        return tuple(cards)

    def _crumbs(self, from_url: str, lane: Lane | None,
                *tail: tuple[str, str]) -> tuple[Crumb, ...]:
        """Home, lane (when ``lane``), then ``tail``'s ``(name, site-relative URL)``: each
        with its absolute address (JSON-LD) and its link from the page at ``from_url``."""
        urls = self.portfolio.urls
        steps = [(self.site.name, urls.get(HOME, ""))]
        if lane is not None:
            steps.append((lane.title, urls.get(landing_path(lane.id), f"{lane.id}/")))
        steps.extend(tail)
        return tuple(Crumb(name, absolute(self.site_url, url), relative_url(from_url, url))
                     for name, url in steps)


@functools.lru_cache(maxsize=1 << 16)
def _item_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def clear_caches() -> None:
    """Forget the memoised slugs and item keys (they live for one build: ``session``)."""
    slug_words.cache_clear()
    _item_key.cache_clear()
