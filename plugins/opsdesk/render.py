"""Rendering the injected blocks, each from its own template in ``partials/opsdesk/``.

The renderer owns one autoescaping Jinja2 environment whose loader searches the site's
own template folders first, so a site overrides one block by providing one file.
Every value that comes from an author is escaped, or rendered by ``markup`` (which
shows raw HTML as text).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import markup, seo, structured
from .feeds import Feed, feeds_of
from .links import resolve_links
from .model import LanePage
from .portfolio import Portfolio, relative_url
from .problems import Problem, did_you_mean
from .source import PageSource, reading_minutes

__all__ = ["Blocks", "Renderer", "join_labels", "place_blocks"]

#: The policies footer, listing and related blocks: never part of the search index.
_SLUG = re.compile(r"[^a-z0-9]+")
HOME_CARDS_PER_LANE = 6
FAQ_ANCHOR = "frequently-asked-questions"  # the id of the FAQ heading (faq.html)


@dataclass(frozen=True)
class Blocks:
    """A page's rendered blocks, by where the page template places them."""

    head: Markup = field(default_factory=Markup)
    """Inside ``<head>``: JSON-LD and meta tags."""
    banner: Markup = field(default_factory=Markup)
    """Above everything: the page's problems, under ``mkdocs serve`` only."""
    top: Markup = field(default_factory=Markup)
    """Before the body: category, H1, header line, lede, quick take, coverage lane."""
    bottom: Markup = field(default_factory=Markup)
    """After the body: listings, policies footer, next page, keep browsing."""


def join_labels(labels: Sequence[str]) -> str:
    """``a``; ``a and b``; ``a, b, and c`` (the serial comma of the seed page)."""
    if len(labels) <= 2:
        return " and ".join(labels)
    return ", ".join(labels[:-1]) + ", and " + labels[-1]


def slug(text: str) -> str:
    return _SLUG.sub("-", text.casefold()).strip("-") or "section"


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


def place_blocks(html: str, placed: dict[str, Markup], trailing: Sequence[Markup]) -> str:
    """Put each block at its marker comment in the body HTML; the others after the body.

    ``placed`` maps a marker comment (``<!-- faq -->``) to its block. A marker that
    Markdown wrapped into a paragraph (no blank line around it) is replaced with it.
    """
    for comment, block in placed.items():
        wrapped = f"<p>{comment}</p>"
        html = html.replace(wrapped, block) if wrapped in html else html.replace(comment, block)
    return html + "".join(trailing)


class Renderer:
    """Renders every block of every page; one instance per build."""

    def __init__(self, template_dirs: Sequence[Path], portfolio: Portfolio) -> None:
        self.env = Environment(
            loader=FileSystemLoader([str(d) for d in template_dirs]),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # one Renderer per build: no stat of each template per use
        )
        self.portfolio = portfolio
        self.site = portfolio.data.site
        self.labels = self.site.labels
        self._policies_cache: dict[tuple[tuple[str, str], ...], Markup] = {}
        self._tools: list[str] | None = None

    def rebound(self, portfolio: Portfolio) -> Renderer:
        """A renderer of ``portfolio`` (same site data) that reuses these loaded templates."""
        twin = copy.copy(self)
        twin.portfolio = portfolio
        twin._policies_cache = {}
        twin.__dict__.pop("feeds", None)  # a cached_property of the old portfolio
        return twin

    def tools(self) -> list[str]:
        """The browser-side tools a page can place with ``<!-- tool: ID -->``."""
        if self._tools is None:
            prefix, suffix = "partials/opsdesk/tools/", ".html"
            self._tools = sorted(
                name[len(prefix):-len(suffix)] for name in self.env.list_templates()
                if name.startswith(prefix) and name.endswith(suffix)
            )
        return self._tools

    def tool_problems(self) -> list[Problem]:
        """Every tool marker that names no tool template."""
        known = self.tools()
        return [
            Problem(source.file, marker.line, None,
                    f"{marker.comment} names no tool{did_you_mean(str(marker.id), known)} "
                    f"(tools: {', '.join(known) or 'none'})")
            for source in self.portfolio.pages.values() if source.lane
            for marker in source.markers if marker.kind == "tool" and marker.id not in known
        ]

    def render(self, name: str, **context: Any) -> Markup:
        template = self.env.get_template(f"partials/opsdesk/{name}.html")
        return Markup(template.render(**context))  # noqa: S704 - autoescaped template

    # -- the page's parts -------------------------------------------------------------

    def body_blocks(self, path: str) -> tuple[dict[str, Markup], list[Markup]]:
        """The checklists and FAQ of a lane page: those placed by a marker, then the rest."""
        source = self.portfolio.pages[path]
        meta = self.portfolio.meta(path)
        blocks: dict[str, Markup] = {}
        for checklist_id, checklist in meta.checklists.items():
            blocks[f"<!-- checklist: {checklist_id} -->"] = self.render(
                "checklist",
                id=checklist_id,
                title=checklist.title,
                items=[{"html": self._linked(path, markup.inline(item)), "key": _item_key(item)}
                       for item in checklist.items],
                page_title=meta.title,
                reset_label=self.labels.checklist_reset,
                copy_label=self.labels.checklist_copy,
            )
        if meta.faq:
            blocks["<!-- faq -->"] = self.render(
                "faq",
                heading=self.labels.faq,
                items=[{"q": item.q, "a": self._linked(path, markup.block(item.a)),
                        "id": f"faq-{index + 1}-{slug_words(item.q, 48)}"}
                       for index, item in enumerate(meta.faq)],
            )
        for marker in source.markers:
            if marker.kind == "tool" and marker.id in self.tools():
                blocks[marker.comment] = self.render(f"tools/{marker.id}", page_title=meta.title)
        placed_keys = {m.comment for m in source.markers}
        placed = {k: v for k, v in blocks.items() if k in placed_keys}
        trailing = [v for k, v in blocks.items() if k not in placed_keys]
        return placed, trailing

    def lane_page(self, path: str, *, site_url: str | None) -> Blocks:
        """The blocks around the body of a lane page."""
        meta = self.portfolio.meta(path)
        source = self.portfolio.pages[path]
        lane = self.portfolio.data.lane(source.lane or "")
        minutes = reading_minutes(source.words, self.site.words_per_minute)
        top = self.render(
            "page-header",
            category=meta.category or lane.category or lane.title or lane.label.capitalize(),
            title=meta.title,
            title_id=slug(meta.title),
            updated_label=self.labels.updated,
            updated=meta.updated.strftime(self.labels.date_format),
            updated_iso=meta.updated.isoformat(),
            reading_time=self.labels.reading_time.format(minutes=minutes),
            keyword=meta.keyword,
            description=meta.description,
        )
        if meta.quick_take:
            top += self.render("quick-take", label=self.labels.quick_take,
                               text=self._linked(path, markup.inline(meta.quick_take)))
        top += self.coverage_lane
        bottom = self.policies(path)
        url = self.portfolio.urls[path]
        following = self.portfolio.next.get(path)
        if following:
            bottom += self.render("next-page", label=self.labels.next_page,
                                  title=self.portfolio.title(following),
                                  url=relative_url(url, self.portfolio.urls[following]))
        related = self.portfolio.related.get(path) or []
        if related:
            bottom += self.render(
                "keep-browsing", label=self.labels.keep_browsing,
                pages=[{"title": self.portfolio.title(p),
                        "url": relative_url(url, self.portfolio.urls[p])} for p in related],
            )
        head = self.meta_tags(path, site_url=site_url)
        head += structured.head_for_lane_page(self.portfolio, path, site_url=site_url)
        return Blocks(head=head, top=top, bottom=bottom)

    def other_page(self, path: str, *, title: str, description: str | None,
                   site_url: str | None, body_has_h1: bool) -> Blocks:
        """The blocks of the home page, a landing page or a page outside the lanes."""
        top = Markup() if body_has_h1 else self.render("page-title", title=title)
        bottom = self.listing(path) + self.policies(path)
        head = self.meta_tags(path, site_url=site_url)
        head += structured.head_for_other_page(self.portfolio, path, description=description,
                                               site_url=site_url)
        return Blocks(head=head, top=top, bottom=bottom)

    def _linked(self, path: str, rendered: Markup) -> Markup:
        """``rendered`` (front-matter Markdown of ``path``) with its links to pages'
        Markdown files pointing to the pages (``links.py``)."""
        urls = self.portfolio.urls

        def address_of(target: str) -> str | None:
            return relative_url(urls[path], urls[target]) \
                if self.portfolio.published(target) else None

        return resolve_links(path, rendered, address_of)

    @functools.cached_property
    def coverage_lane(self) -> Markup:
        """The coverage-lane callout: the same on every lane page, so rendered once."""
        sentence = self.labels.coverage_sentence.format(
            site=self.site.name, lanes=join_labels([lane.label for lane in
                                                    self.portfolio.data.lanes]))
        return self.render("coverage-lane", label=self.labels.coverage_lane, sentence=sentence)

    @functools.cached_property
    def feeds(self) -> list[Feed]:
        """The feeds of this build, listed once (each page links them all)."""
        return feeds_of(self.portfolio)

    def meta_tags(self, path: str, *, site_url: str | None) -> Markup:
        """Link previews and feed links (``partials/opsdesk/meta.html``)."""
        context = seo.meta_context(self.portfolio, path, site_url=site_url, feeds=self.feeds)
        return self.render("meta", **context) if context else Markup()

    def banner(self, problems: Sequence[str]) -> Markup:
        return self.render("problems", problems=problems, count=len(problems)) if problems \
            else Markup()

    def policies(self, path: str) -> Markup:
        """The policies footer; pages whose links read the same share one rendering."""
        url = self.portfolio.urls.get(path, "")
        policies = self.portfolio.data.policies
        links = tuple((link.title, relative_url(url, self.portfolio.urls[link.page]))
                      for link in policies.links if self.portfolio.published(link.page))
        if links not in self._policies_cache:
            self._policies_cache[links] = self.render(
                "policies", heading=policies.heading, text=policies.text,
                links=[{"title": title, "url": href} for title, href in links])
        return self._policies_cache[links]

    def listing(self, path: str) -> Markup:
        """Cards: every lane on the home page, the lane's pages on its landing page."""
        if path == "index.md":
            return Markup("").join(
                self._lane_cards(path, lane_id, limit=HOME_CARDS_PER_LANE, as_section=True)
                for lane_id in self.portfolio.lanes
            )
        lane_id, _, rest = path.partition("/")
        if rest == "index.md" and lane_id in self.portfolio.lanes:
            return self._lane_cards(path, lane_id, limit=None, as_section=False)
        return Markup()

    def _lane_cards(self, path: str, lane_id: str, *, limit: int | None,
                    as_section: bool) -> Markup:
        url = self.portfolio.urls[path]
        pages = self.portfolio.lanes[lane_id]
        lane = self.portfolio.data.lane(lane_id)
        title = lane.title or lane.label.capitalize()
        landing = f"{lane_id}/index.md"
        landing_url = relative_url(url, self.portfolio.urls.get(landing, f"{lane_id}/"))
        shown = pages if limit is None else pages[:limit]
        return self.render(
            "cards",
            heading=title if as_section else self.labels.lane_pages,
            heading_id=f"lane-{lane_id}" if as_section else None,
            heading_url=landing_url if as_section else None,
            lede=lane.description if as_section else None,
            cards=[self._card(url, p) for p in shown],
            more_url=landing_url if len(shown) < len(pages) else None,
            more_label=f"All {len(pages)} pages in {title}",
        )

    def _card(self, from_url: str, path: str) -> dict[str, Any]:
        meta: LanePage = self.portfolio.meta(path)
        source: PageSource = self.portfolio.pages[path]
        minutes = reading_minutes(source.words, self.site.words_per_minute)
        return {
            "title": meta.title,
            "url": relative_url(from_url, self.portfolio.urls[path]),
            "description": meta.description,
            "updated": meta.updated.strftime(self.labels.date_format),
            "updated_iso": meta.updated.isoformat(),
            "reading_time": self.labels.reading_time.format(minutes=minutes),
        }


def _item_key(text: str) -> str:
    """A short stable key of an item's text: a changed item starts clear."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


