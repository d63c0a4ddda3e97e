"""Links to pages in the front matter's Markdown: quick take, checklist items, FAQ answers.

MkDocs rewrites the body's links to Markdown files (``[text](../fixes/foo.md)`` becomes
a link to the built page) and warns about those that name no page. The front matter's
Markdown is rendered by us, so we do the same for it: a relative link to a ``.md`` file
is resolved from the page's own folder, as in the body, and points to that page's
address; a link to a missing page or a draft is a located warning
(``portfolio.build_portfolio``), and its address is left as written.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from markupsafe import Markup, escape

from . import markup
from .model import LanePage
from .problems import Problem, Severity, did_you_mean, quoted

if TYPE_CHECKING:  # the portfolio imports this module
    from .inventory import Inventory
    from .portfolio import Portfolio
    from .source import PageSource

__all__ = ["body_link_problems", "fragment_links", "front_matter_links", "link_target",
           "markdown_values", "page_links", "resolve_links"]

_HREF = re.compile(r'(<a\b[^>]*?\shref=")([^"]*)(")')

KeyPath = tuple[str | int, ...]


def link_target(page: str, href: str) -> tuple[str, str] | None:
    """``(page path, "#fragment" or "")`` when ``href`` (as written, HTML-unescaped) is a
    relative link from ``page`` to a Markdown file; ``None`` for any other address."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.endswith(".md") \
            or parts.path.startswith("/"):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    return target, f"#{parts.fragment}" if parts.fragment else ""


def page_links(page: str, rendered: str) -> Iterator[tuple[str, str]]:
    """``(href as written, target page path)`` of every link to a Markdown file."""
    if ".md" not in rendered:
        return
    for match in _HREF.finditer(rendered):
        href = html.unescape(match.group(2))
        found = link_target(page, href)
        if found:
            yield href, found[0]


def resolve_links(page: str, rendered: Markup,
                  address_of: Callable[[str], str | None]) -> Markup:
    """``rendered`` with each link to a page's Markdown file pointing to
    ``address_of(target page path)``; links it gives no address, and other links, as they
    are."""
    if ".md" not in rendered:
        return rendered

    def rewrite(match: re.Match[str]) -> str:
        found = link_target(page, html.unescape(match.group(2)))
        if found is None:
            return match.group(0)
        target, fragment = found
        address = address_of(target)
        if address is None:
            return match.group(0)
        return f"{match.group(1)}{escape(address + fragment)}{match.group(3)}"

    return Markup(_HREF.sub(rewrite, rendered))  # noqa: S704 - addresses escaped


def markdown_values(meta: LanePage) -> Iterator[tuple[KeyPath, str]]:
    """``(key path, text)`` of every front-matter value rendered as Markdown."""
    if meta.quick_take:
        yield ("quick_take",), meta.quick_take
    for checklist_id, checklist in meta.checklists.items():
        for index, item in enumerate(checklist.items):
            yield ("checklists", checklist_id, "items", index), item
    for index, faq in enumerate(meta.faq):
        yield ("faq", index, "a"), faq.a


def front_matter_links(page: str, meta: LanePage) -> Iterator[tuple[KeyPath, str, str]]:
    """``(key path, href as written, target page path)`` of every link to a Markdown file
    in the front matter of ``page``."""
    for key, text in markdown_values(meta):
        if ".md" in text:  # no link to a page without it: skip the conversion
            for href, target in page_links(page, markup.block(text)):
                yield key, href, target


def body_link_problems(portfolio: Portfolio, outputs: Inventory) -> list[Problem]:
    """A located warning for each link or image of a published page's body to a Markdown
    file that is no page, a draft, or a page left out of the build for its errors, and to
    any other file of the site (``x.png``, ``../atom.xml``) that the build does not write.

    MkDocs warns of a missing target without a line, and of a draft only at INFO (so
    ``--strict`` publishes the dead link); this says where, in the build and in
    ``opsdesk check`` alike. ``source.body_links`` skips code blocks and code spans.
    Targets are found as MkDocs finds them: relative to the page's own folder, by their
    source path (``outputs``: the pages, static files and generated files).
    """
    from .source import body_links  # the source module imports this one

    problems = []
    for path in sorted(portfolio.pages):
        source = portfolio.pages[path]
        if not portfolio.published(path):
            continue
        for line, href in body_links(source):
            why = _link_problem(portfolio, outputs, path, html.unescape(href))
            if why:
                problems.append(Problem(source.file, line, None,
                                        f"the link to {quoted(href)}: {why}", Severity.WARNING))
    return problems


def fragment_links(portfolio: Portfolio) -> list[tuple[PageSource, int, str, str, str]]:
    """``(page, line, href, target page path, fragment)`` of each link of a published
    page's body to an anchor of itself (``#faq``) or of a published page
    (``../fixes/x.md#verify``), for ``anchors.anchor_problems``."""
    from .source import body_links  # the source module imports this one

    found = []
    for path in sorted(portfolio.pages):
        source = portfolio.pages[path]
        if not portfolio.published(path):
            continue
        for line, href in body_links(source):
            written = html.unescape(href)
            if written.startswith("#") and len(written) > 1:
                found.append((source, line, href, path, unquote(written[1:])))
                continue
            target = link_target(path, written)
            if target and target[1] and portfolio.published(target[0]) \
                    and portfolio.pages[target[0]].valid:
                found.append((source, line, href, target[0], unquote(target[1][1:])))
    return found


def _link_problem(portfolio: Portfolio, outputs: Inventory, page: str,
                  href: str) -> str | None:
    found = link_target(page, href)
    if found is not None:
        return None if found[0] == page else _target_problem(portfolio, found[0])
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "\\")) or not parts.path \
            or not posixpath.splitext(parts.path)[1]:
        return None  # another site's, an absolute or a folder's address, an anchor
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if outputs.get(target) is not None or target in outputs.outputs:
        return None
    known = [output.path or output.file for output in outputs.outputs.values()]
    return f"no file {quoted(target)}{did_you_mean(target, known, 0.8)}"


def _target_problem(portfolio: Portfolio, target: str) -> str | None:
    found: PageSource | None = portfolio.pages.get(target)
    if found is None:
        return f"no page {quoted(target)}{did_you_mean(target, portfolio.pages, 0.8)}"
    if found.draft:
        return f"{quoted(target)} is a draft, and drafts are never linked"
    if not found.valid:
        return f"{quoted(target)} is left out of the build because of its own errors"
    return None
