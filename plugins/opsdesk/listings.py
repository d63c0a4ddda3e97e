"""Paged listings: no page lists more than ``CARDS_PER_PAGE`` cards, however large the
portfolio grows.

- A lane's landing page (``<lane>/``) shows the lane's first ``CARDS_PER_PAGE`` cards in
  the lane's order; the next ones are on generated pages ``<lane>/page/2/``,
  ``<lane>/page/3/``...
- The tags page (``tags/``) lists the tags, each with its count, linking to the tag's
  own page ``tags/<slug>/``, which lists the tag's pages as cards (newest first), paged
  the same way (``tags/<slug>/page/2/``...).

``listings_of`` works these pages out from a portfolio: pure functions, no MkDocs. The
generated pages are not pages of the portfolio (no author wrote them, no block links to
them, feeds and search leave them out); each gets a view (``view.build_views``), so
``mkdocs serve`` renders again those whose cards an edit changed.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .inventory import Inventory
from .portfolio import Portfolio
from .problems import Problem, Severity, quoted
from .source import landing_path

__all__ = ["CARDS_PER_PAGE", "TAGS_PAGE", "Listing", "ListingKind", "Listings", "Tag",
           "listing_path", "listings_of", "tag_slug"]

CARDS_PER_PAGE = 12
"""Cards on one page of a listing (a lane's, a tag's). At 12, a listing page weighs
the same at 100 and at 3,000 pages (issue 14: within 5 %), and the first page of every
lane of a 100-page portfolio is already full."""

TAGS_PAGE = "tags.md"
"""The page that lists the tags; generated when no author wrote one."""

_SLUG_LENGTH = 60
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def tag_slug(name: str) -> str:
    """The folder of a tag's page under ``tags/``: its letters and digits, lower case,
    accents dropped, joined by ``-`` (``Retry budgets`` → ``retry-budgets``); a name
    without any (``日本``, ``!!``) gets ``tag-`` and a short hash of the name. Only
    ``a-z``, ``0-9`` and ``-``: no tag name reaches a path or an address as written."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", plain.casefold()).strip("-")[:_SLUG_LENGTH].strip("-")
    return slug or "tag-" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def listing_path(first: str, number: int) -> str:
    """The path of page ``number`` of the listing whose first page is ``first``
    (``guides/index.md``, 3 → ``guides/page/3.md``; ``tags/crm.md``, 2 →
    ``tags/crm/page/2.md``)."""
    if number == 1:
        return first
    folder = first.removesuffix(".md").removesuffix("/index").removesuffix("index")
    return f"{folder}/page/{number}.md" if folder else f"page/{number}.md"


class ListingKind:
    LANE = "lane"
    """A lane's cards: page 1 is its landing page (``Kind.LANDING``)."""
    TAG = "tag"
    """A tag's cards: every page generated."""
    TAGS = "tags"
    """The tags page, when generated."""


@dataclass(frozen=True)
class Tag:
    """One tag of the portfolio: every spelling that shares its slug is one tag."""

    name: str
    """As most of its pages write it."""
    slug: str
    pages: tuple[str, ...]
    """Its published pages, newest first."""

    @property
    def first(self) -> str:
        """The path of its page."""
        return f"tags/{self.slug}.md"


@dataclass(frozen=True)
class Listing:
    """One page of a listing, generated or not (a landing page is page 1 of its lane's)."""

    path: str
    kind: str
    """``ListingKind``."""
    number: int
    """1-based."""
    paths: tuple[str, ...]
    """Every page of this listing, page 1 first (for the pager)."""
    cards: tuple[str, ...]
    """The lane pages this page shows, in order."""
    lane: str | None = None
    tag: Tag | None = None

    @property
    def count(self) -> int:
        return len(self.paths)


@dataclass
class Listings:
    """Every listing page of a site, and what works them out."""

    pages: dict[str, Listing] = field(default_factory=dict)
    """By path: page 1 of each lane (its landing page) and every generated page."""
    generated: dict[str, str] = field(default_factory=dict)
    """The generated pages' URLs, by path (pages 2 and on of the lanes, the tag pages,
    the tags page unless an author wrote one)."""
    tags: tuple[Tag, ...] = ()
    """Every tag with a published page, by name (case-insensitive)."""
    problems: list[Problem] = field(default_factory=list)
    """Tags whose spellings share one page; pages whose address is a generated one."""


def listings_of(portfolio: Portfolio, outputs: Inventory) -> Listings:
    """The listing pages of ``portfolio``: each lane's, each tag's, the tags page; and a
    problem for each page of the portfolio whose address is one of theirs."""
    listings = Listings()
    for lane_id, lane_pages in portfolio.lanes.items():
        first = landing_path(lane_id)
        if portfolio.published(first):  # a draft landing page: its lane is not listed yet
            _paged(listings, ListingKind.LANE, first, lane_pages, lane=lane_id)
    tags, listings.problems = _tags(portfolio)
    listings.tags = tuple(tags)
    if tags or TAGS_PAGE in portfolio.pages:
        listings.pages[TAGS_PAGE] = Listing(TAGS_PAGE, ListingKind.TAGS, 1, (TAGS_PAGE,), ())
    for tag in tags:
        _paged(listings, ListingKind.TAG, tag.first, list(tag.pages), tag=tag)
    # every page but a lane's first (its landing page) and an author's tags page; a page
    # of the portfolio at the same path or address is an error (``_collisions``)
    listings.generated = {path: outputs.url(path)
                          for path, listing in listings.pages.items()
                          if not (listing.kind == ListingKind.LANE and listing.number == 1)
                          and not (listing.kind == ListingKind.TAGS and path in portfolio.pages)}
    listings.problems += _collisions(portfolio, listings)
    return listings


def _paged(listings: Listings, kind: str, first: str, cards: list[str], *,
           lane: str | None = None, tag: Tag | None = None) -> None:
    count = max(1, math.ceil(len(cards) / CARDS_PER_PAGE))
    paths = tuple(listing_path(first, number) for number in range(1, count + 1))
    for index, path in enumerate(paths):
        shown = tuple(cards[index * CARDS_PER_PAGE:(index + 1) * CARDS_PER_PAGE])
        listings.pages[path] = Listing(path, kind, index + 1, paths, shown, lane, tag)


def _tags(portfolio: Portfolio) -> tuple[list[Tag], list[Problem]]:
    """The tags of the published lane pages. Spellings whose slugs are the same
    (``CRM``, ``crm``) share one tag page, named as most pages spell it (on a tie, the
    first in alphabetical order); each page that spells it otherwise gets a warning.
    Tags whose slugs differ but read as one (``webhook`` and ``webhooks``: ``variants``)
    get a warning on each page of the one fewer pages use, unless ``site.yml`` turns
    that check off."""
    sequence = [path for paths in portfolio.lanes.values() for path in paths]
    newest_first = sorted(sequence, key=lambda p: (-portfolio.meta(p).updated.toordinal(),
                                                   portfolio.meta(p).title.casefold(), p))
    by_slug: dict[str, list[str]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for path in newest_first:
        for name in dict.fromkeys(portfolio.meta(path).tags):
            slug = tag_slug(name)
            if path not in by_slug[slug][-1:]:
                by_slug[slug].append(path)
            spellings[slug][name] += 1
    tags = []
    problems = []
    for slug, pages in by_slug.items():
        names = spellings[slug]
        shown = min(names, key=lambda n: (-names[n], n.casefold(), n))
        tags.append(Tag(shown, slug, tuple(pages)))
        if len(names) > 1:
            problems += _spelling_problems(portfolio, pages, shown, slug)
    if portfolio.data.site.checks.tag_variants:
        problems += _variant_problems(portfolio, tags)
    tags.sort(key=lambda tag: (tag.name.casefold(), tag.name))
    return tags, problems


def _spelling_problems(portfolio: Portfolio, pages: Iterable[str], shown: str,
                       slug: str) -> list[Problem]:
    problems = []
    for path in sorted(pages):
        source = portfolio.pages[path]
        for index, name in enumerate(portfolio.meta(path).tags):
            if name != shown and tag_slug(name) == slug:
                problems.append(Problem(
                    source.file, source.line_of("tags", index), f"tags[{index}]",
                    f"{quoted(name)} shares the tag page tags/{slug}/ with {quoted(shown)} "
                    "(the spelling most pages use, shown there): write it the same way, or "
                    "choose a tag whose letters or digits differ",
                    Severity.WARNING))
    return problems


# -- tags that read as one: variants -------------------------------------------------

#: One letter added, dropped, changed or two swapped counts as a typo only in tags of
#: this many letters and digits or more: short tags differ by a letter on purpose
#: (``sla``, ``slo``; ``ci``, ``cd``). Tags that differ in a digit are never a typo.
TYPO_MIN = 6

_SEPARATORS = "separators"
_PLURAL = "plural"
_TYPO = "typo"
_WHY = {
    _SEPARATORS: "they differ only in spaces or hyphens",
    _PLURAL: "one is the plural of the other",
    _TYPO: "they differ by one letter",
}


def _variant_problems(portfolio: Portfolio, tags: list[Tag]) -> list[Problem]:
    """A warning on each page that uses a tag which reads as another tag of the site: the
    same letters without the spaces or hyphens (``follow-up``, ``followup``), a plural
    (``webhook``, ``webhooks``; ``policy``, ``policies``), or one letter added, dropped,
    changed or two swapped in longer tags (``idempotency``, ``idempotncy``). The tag that
    fewer pages use is the one flagged (on a tie, the later in alphabetical order), with
    the tag it reads as.

    Linear in the number of tags, not quadratic: tags are grouped by their letters and
    digits (``key``); plurals are looked up; one-letter differences are found through
    each key's one-letter deletions (two keys one edit apart share one), so only keys
    that share a deletion are ever compared."""
    by_key: dict[str, list[Tag]] = defaultdict(list)
    for tag in tags:
        by_key[tag.slug.replace("-", "")].append(tag)
    pairs: set[tuple[str, str, str]] = set()  # (key, key, why), each pair once
    for key, same in by_key.items():
        if len(same) > 1:
            pairs.add((key, key, _SEPARATORS))
        for singular in _singulars(key):
            if singular in by_key:
                pairs.add((singular, key, _PLURAL))
    deletions: dict[str, list[str]] = defaultdict(list)
    for key in by_key:
        if len(key) >= TYPO_MIN:
            for variant in {key, *(key[:i] + key[i + 1:] for i in range(len(key)))}:
                deletions[variant].append(key)
    for keys in deletions.values():
        for i, first in enumerate(keys):
            for second in keys[i + 1:]:
                pair = (min(first, second), max(first, second))
                plural = {(*pair, _PLURAL), (pair[1], pair[0], _PLURAL)} & pairs
                if not plural and _digits(first) == _digits(second) and one_edit(*pair):
                    pairs.add((*pair, _TYPO))
    flagged: dict[str, tuple[Tag, str]] = {}  # a tag's slug → the tag it reads as, and why
    for first, second, why in pairs:
        group = by_key[first] + by_key[second] if first != second else by_key[first]
        main = min(group, key=_most_used)
        for tag in group:
            if tag is not main and (tag.slug not in flagged
                                    or _most_used(main) < _most_used(flagged[tag.slug][0])):
                flagged[tag.slug] = (main, why)
    problems = []
    for tag in tags:
        if tag.slug in flagged:
            main, why = flagged[tag.slug]
            problems += _variant_lines(portfolio, tag, main, _WHY[why])
    return problems


def _digits(key: str) -> str:
    """The digits of ``key``: tags that differ in one are different tags (``ipv4``,
    ``ipv6``; ``oauth1``, ``oauth2``)."""
    return "".join(char for char in key if char.isdigit())


def _most_used(tag: Tag) -> tuple[int, str, str]:
    return (-len(tag.pages), tag.name.casefold(), tag.name)


def _singulars(key: str) -> list[str]:
    """What ``key`` would be if it is an English plural: ``webhooks`` → ``webhook``,
    ``statuses`` → ``status``, ``policies`` → ``policy``."""
    found = []
    if key.endswith("s") and len(key) > 2:
        found.append(key[:-1])
    if key.endswith("es") and len(key) > 3:
        found.append(key[:-2])
    if key.endswith("ies") and len(key) > 4:
        found.append(key[:-3] + "y")
    return found


def one_edit(first: str, second: str) -> bool:
    """Whether ``second`` is ``first`` with one character added, dropped or changed, or
    two neighbours swapped (in time linear in their length)."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    start = 0
    while start < min(len(first), len(second)) and first[start] == second[start]:
        start += 1
    a, b = first[start:], second[start:]
    if len(a) == len(b):
        return a[1:] == b[1:] or (len(a) > 1 and a[0] == b[1] and a[1] == b[0]
                                  and a[2:] == b[2:])
    return a[1:] == b if len(a) > len(b) else b[1:] == a


def _variant_lines(portfolio: Portfolio, tag: Tag, main: Tag, why: str) -> list[Problem]:
    """The warning on each page of ``tag``, at the line of the tag."""
    count = len(main.pages)
    problems = []
    for path in sorted(tag.pages):
        source = portfolio.pages[path]
        for index, name in enumerate(portfolio.meta(path).tags):
            if tag_slug(name) == tag.slug:
                problems.append(Problem(
                    source.file, source.line_of("tags", index), f"tags[{index}]",
                    f"{quoted(name)} reads as the tag {quoted(main.name)} "
                    f"({count} page{'' if count == 1 else 's'}): {why}; write the same tag "
                    "if they mean one thing (site.yml checks.tag_variants: false turns this "
                    "check off)", Severity.WARNING))
                break  # a page's tag is listed once (``dict.fromkeys``): its first spelling
    return problems


def _collisions(portfolio: Portfolio, listings: Listings) -> list[Problem]:
    """An error for each page of the portfolio whose address is a generated page's."""
    generated = {url: path for path, url in listings.generated.items()}
    problems = []
    for path, source in portfolio.pages.items():
        taken = generated.get(portfolio.urls.get(path, ""))
        if taken is None:
            continue
        problems.append(Problem(
            source.file, 1, None,
            f"its address {portfolio.urls[path]} is {_what(listings.pages[taken])}, "
            "which the build generates: move or rename this page"))
    return problems


def _what(listing: Listing) -> str:
    if listing.kind == ListingKind.LANE:
        return f"page {listing.number} of the lane '{listing.lane}'"
    if listing.kind == ListingKind.TAG and listing.tag is not None:
        where = f"page {listing.number} of " if listing.number > 1 else "the "
        return f"{where}tag page of {quoted(listing.tag.name)}"
    return "the tags page"

