"""Rendering a page's blocks from its view, each block from its own template in
``partials/opsdesk/``.

The renderer owns one autoescaping Jinja2 environment whose loader searches the site's
own template folders first, so a site overrides one block by providing one file. Each
template gets the page's ``view`` (``view.PageView``), the site's ``labels`` and
``site``, and prints them (every computed value is the view's); the environment is the
theme boundary's (``theme.environment``): every printed value is escaped, or was marked
safe there (the front-matter Markdown that ``markup`` rendered, a block rendered by
another template).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.loaders import split_template_path
from markupsafe import Markup

from . import structured, theme
from .inventory import confined_file
from .problems import Problem, did_you_mean
from .sitedata import SiteData
from .source import PageSource
from .view import PageView

__all__ = ["FAQ_ANCHOR", "TOOLS", "Blocks", "Renderer", "Section", "ViewParts", "error_page",
           "find_tools", "join_labels", "place_blocks", "syntax_problems", "tool_problems"]

FAQ_ANCHOR = "frequently-asked-questions"  # the id of the FAQ heading (faq.html)
FAQ_MARKER = "<!-- faq -->"
TOOLS = "partials/opsdesk/tools/"
"""Where the browser-side tools' templates are: ``<!-- tool: ID -->`` places ``ID.html``."""


@dataclass(frozen=True)
class Section:
    """One entry of a page's table of contents, as "On this page" lists it."""

    title: Markup
    """The heading's text, escaped (``theme.heading``)."""
    url: str
    """``#`` and the heading's id."""


SECTIONS_MIN = 2
"""A lane page with fewer sections than this has no "On this page": one tap to reach its
only section is no shortcut."""


@dataclass(frozen=True)
class Blocks:
    """A page's rendered blocks, by where the page template places them."""

    title: Markup = theme.EMPTY
    """The ``<title>``'s text."""
    head: Markup = theme.EMPTY
    """Inside ``<head>``: JSON-LD and meta tags."""
    banner: Markup = theme.EMPTY
    """Above everything: the page's problems, under ``mkdocs serve`` only."""
    top: Markup = theme.EMPTY
    """Before the body: category, H1, header line, lede, quick take, coverage lane."""
    bottom: Markup = theme.EMPTY
    """After the body: listings, policies footer, next page, keep browsing."""
    skip_to: Markup | None = None
    """Where "Skip to content" leads: our H1 (``top``), else the page's first heading."""
    indexed: bool = True
    """Whether search indexes the page's header and body (the view's ``indexed``)."""
    breadcrumbs: Markup = theme.EMPTY
    """Above the article: home, lane, page (every page below the home page)."""
    lane_nav: str | None = None
    """The source path of the landing page of the page's lane: the sidebar marks that
    entry as the current lane (``partials/nav-item.html``)."""


@dataclass(frozen=True)
class ViewParts:
    """The blocks of a page rendered from its view alone (``Renderer.view_parts``)."""

    head: Markup
    lead: Markup
    """A lane page's header and lead, the start of its ``top``."""
    bottom: Markup
    breadcrumbs: Markup
    placed: dict[str, Markup]
    """The body's blocks placed by a marker (``Renderer.body_blocks``)."""
    trailing: list[Markup]
    """The body's blocks that follow it."""


def join_labels(labels: Sequence[str]) -> str:
    """``a``; ``a and b``; ``a, b, and c`` (the serial comma of the seed page)."""
    if len(labels) <= 2:
        return " and ".join(labels)
    return ", ".join(labels[:-1]) + ", and " + labels[-1]


def place_blocks(html: str, placed: dict[str, Markup], trailing: Sequence[Markup]) -> str:
    """Put each block at its marker comment in the body HTML; the others after the body.

    ``placed`` maps a marker comment (``<!-- faq -->``) to its block. A marker that
    Markdown wrapped into a paragraph (no blank line around it) is replaced with it.
    """
    for comment, block in placed.items():
        wrapped = f"<p>{comment}</p>"
        html = html.replace(wrapped, block) if wrapped in html else html.replace(comment, block)
    return html + "".join(trailing)


def find_tools(template_dirs: Iterable[Path]) -> list[str]:
    """The browser-side tools a page can place with ``<!-- tool: ID -->``."""
    return sorted({path.stem for folder in template_dirs
                   for path in (Path(folder) / TOOLS).glob("*.html")})


def tool_problems(sources: Iterable[PageSource], tools: Sequence[str]) -> list[Problem]:
    """Every tool marker of a lane page that names no tool template."""
    return [
        Problem(source.file, marker.line, None,
                f"{marker.comment} names no tool{did_you_mean(str(marker.id), tools)} "
                f"(tools: {', '.join(tools) or 'none'})")
        for source in sources if source.lane
        for marker in source.markers if marker.kind == "tool" and marker.id not in tools
    ]


class ConfinedLoader(FileSystemLoader):
    """Jinja's loader of the theme's folders, which never reads a template whose real
    path is outside its folder, or that is no plain file (a pipe would hang the build):
    the scan of the site's templates reports each; the next folder's template is used."""

    def get_source(self, environment: Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for searchpath in self.searchpath:
            if os.path.lexists(os.path.join(searchpath, *pieces)):
                found, _ = confined_file(Path(searchpath), "/".join(pieces))
                if found is not None:
                    return FileSystemLoader([searchpath]).get_source(environment, template)
        raise TemplateNotFound(template)


def syntax_problems(env: Environment, folders: Iterable[Path],
                    shown: Callable[[Path], str]) -> list[Problem]:
    """A located error for each template under ``folders`` that ``env`` cannot parse
    (``shown``: a file as messages show it). Rendering one would stop the build with a
    traceback; this says where, and the build stops cleanly (or, under ``mkdocs serve``,
    shows ``error_page``). Each name's template is the one ``ConfinedLoader`` reads (of
    the first folder that has it as a confined file): one it shadows is never rendered,
    nor parsed here."""
    problems = []
    used: dict[str, Path] = {}
    for folder in map(Path, folders):
        for path in folder.rglob("*.html"):
            name = path.relative_to(folder).as_posix()
            if name not in used and confined_file(folder, name)[0]:
                used[name] = path
    for path in sorted(used.values()):
        try:
            env.parse(path.read_text(encoding="utf-8"), path.name, str(path))
        except TemplateSyntaxError as error:
            problems.append(Problem(shown(path), error.lineno, None,
                                    f"template syntax error: {error.message}"))
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(shown(path), None, None, f"cannot be read: {error}"))
    return problems


def error_page(problems: Sequence[Problem]) -> str:
    """A whole HTML page listing ``problems``, for ``mkdocs serve`` to show in place of
    every page while a template cannot be parsed. It is served as a template, so it
    holds no template syntax: every brace is a character reference."""
    items = "".join(f"<li><code>{theme.text(str(p))}</code></li>" for p in problems)
    html = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
            "Template error</title></head><body><main role=\"alert\"><h1>The site's "
            f"templates have errors</h1><ul>{items}</ul><p>The preview comes back as soon as "
            "they are fixed.</p></main></body></html>")
    return html.replace("{", "&#123;").replace("}", "&#125;")


class Renderer:
    """Renders the blocks of any page from its view; one instance per site data."""

    def __init__(self, template_dirs: Sequence[Path], data: SiteData) -> None:
        self.env = theme.environment(ConfinedLoader([str(d) for d in template_dirs]))
        self.data = data
        self.site = data.site
        self.labels = data.site.labels
        self.env.globals.update(labels=self.labels, site=self.site)
        self._policies_cache: dict[tuple[Any, ...], Markup] = {}
        self._templates: dict[str, Template] = {}

    def render(self, name: str, **context: Any) -> Markup:
        template = self._templates.get(name)
        if template is None:  # found once a build (Jinja's own lookup costs a lock each time)
            template = self._templates[name] = self.env.get_template(
                f"partials/opsdesk/{name}.html")
        return theme.rendered(template.render(**context))  # an autoescaping template's

    # -- the page's parts -------------------------------------------------------------

    def body_blocks(self, view: PageView, parts: ViewParts | None = None,
                    ) -> tuple[dict[str, Markup], list[Markup]]:
        """The checklists, FAQ and tools of a lane page: those placed by a marker in the
        body, then the rest (to follow the body). ``parts``: the view's, rendered before."""
        if not view.is_lane_page:
            return {}, []
        if parts is not None:
            return parts.placed, parts.trailing
        blocks: dict[str, Markup] = {
            checklist.marker: self.render("checklist", view=view, checklist=checklist)
            for checklist in view.checklists
        }
        if view.faq:
            blocks[FAQ_MARKER] = self.render("faq", view=view)
        known = set(self.tools)
        for tool in view.tools:
            if tool in known:
                blocks[f"<!-- tool: {tool} -->"] = self.render(f"tools/{tool}", view=view)
        placed = {k: v for k, v in blocks.items() if k in view.placed}
        trailing = [v for k, v in blocks.items() if k not in view.placed]
        return placed, trailing

    def view_parts(self, view: PageView, *, site_url: str | None,
                   body: bool = True) -> ViewParts | None:
        """The blocks of a page that depend on its view only, not on its converted body
        (``None`` for a page whose front matter has errors); ``body``: with the body's
        blocks (``body_blocks``). A build renders them for every page in one go, before
        any page is converted: half the time they take when each page's are rendered
        between its conversion and the theme's rendering of it."""
        if not view.blocks:
            return None
        head = self.render("meta", view=view)
        head += structured.head(view, self.site, site_url=site_url)
        lead = theme.EMPTY
        if view.is_lane_page:
            lead = self.render("page-header", view=view)
            lead += self.render("lead", quick_take=self.render("quick-take", view=view)
                                if view.quick_take else theme.EMPTY,
                                coverage_lane=self.coverage_lane)
        bottom = theme.join(self.render("cards", view=view, cards=cards)
                            for cards in view.listing)
        if view.pager:
            bottom += self.render("pager", view=view)
        if view.tag_index:
            bottom += self.render("tag-index", view=view)
        if view.own_feed:
            bottom += self.render("feed-link", view=view)
        bottom += self.policies(view)
        if view.next or view.previous:
            bottom += self.render(
                "reading-order",
                previous=self.render("previous-page", view=view) if view.previous
                else theme.EMPTY,
                next=self.render("next-page", view=view) if view.next else theme.EMPTY)
        if view.related:
            bottom += self.render("keep-browsing", view=view)
        crumbs = self.render("breadcrumbs", view=view) if view.breadcrumbs else theme.EMPTY
        placed, trailing = self.body_blocks(view) if body else ({}, [])
        return ViewParts(head=head, lead=lead, bottom=bottom, breadcrumbs=crumbs,
                         placed=placed, trailing=trailing)

    def blocks(self, view: PageView, *, site_url: str | None, body_has_h1: bool,
               problems: Sequence[Problem] = (), first_heading: str | None = None,
               sections: Sequence[Section] = (), parts: ViewParts | None = None) -> Blocks:
        """The blocks around the body of any page; ``problems``: its banner's lines;
        ``first_heading``: the address of the first entry of its table of contents;
        ``sections``: its table of contents' entries (a lane page lists them at the top,
        for narrow screens, where Material's table of contents is not shown); ``parts``:
        its view's, rendered before (``view_parts``)."""
        banner = self.banner(problems, last_good=view.last_good) if problems else theme.EMPTY
        title = theme.text(view.html_title)
        if not view.blocks:  # its front matter has errors: its title and its banner
            top = theme.EMPTY if body_has_h1 else self.render("page-title", view=view)
            return Blocks(title=title, banner=banner, top=top, bottom=self.policies(view),
                          skip_to=_skip_to(top, first_heading), indexed=view.indexed)
        # rendered here, a page's parts are without the body's blocks: ``content`` placed
        # those in the body already
        parts = parts or self.view_parts(view, site_url=site_url, body=False)
        assert parts is not None  # a view with blocks has its parts
        if view.is_lane_page:
            top = parts.lead
            if len(sections) >= SECTIONS_MIN:
                top += self.render("on-this-page", sections=sections)
        else:
            top = theme.EMPTY if body_has_h1 else self.render("page-title", view=view)
        return Blocks(title=title, head=parts.head, banner=banner, top=top,
                      bottom=parts.bottom, skip_to=_skip_to(top, first_heading),
                      indexed=view.indexed, breadcrumbs=parts.breadcrumbs,
                      lane_nav=view.lane_link.path if view.lane_link else None)

    def banner(self, problems: Sequence[Problem], *, last_good: bool) -> Markup:
        """Under ``mkdocs serve``, a page's problems, above everything."""
        count = len(problems)
        heading = (self.labels.problems_one if count == 1 else self.labels.problems_other)
        return self.render("problems", problems=problems, heading=heading.format(count=count),
                           last_good=last_good)

    @functools.cached_property
    def tools(self) -> list[str]:
        loader = self.env.loader
        assert isinstance(loader, FileSystemLoader)
        return find_tools(Path(folder) for folder in loader.searchpath)

    @functools.cached_property
    def coverage_lane(self) -> Markup:
        """The coverage-lane callout: the same on every lane page, so rendered once."""
        sentence = self.labels.coverage_sentence.format(
            site=self.site.name, lanes=join_labels([lane.label for lane in self.data.lanes]))
        return self.render("coverage-lane", label=self.labels.coverage_lane, sentence=sentence)

    def policies(self, view: PageView) -> Markup:
        """The policies footer; pages whose links read the same share one rendering."""
        if view.policies not in self._policies_cache:
            self._policies_cache[view.policies] = self.render(
                "policies", policies=self.data.policies, links=view.policies)
        return self._policies_cache[view.policies]


def _skip_to(top: Markup, first_heading: str | None) -> Markup | None:
    """Where "Skip to content" leads: our H1 (page-header.html, page-title.html) when
    ``top`` has it, else the page's own first heading (the table of contents' first
    entry), else nowhere (no link)."""
    if top:
        return theme.url("#opsdesk-title")
    return theme.url(first_heading) if first_heading else None
