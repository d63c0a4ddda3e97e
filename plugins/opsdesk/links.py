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
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from . import markup, theme
from .load import KeyPath
from .model import LanePage, markdown_values

__all__ = ["front_matter_links", "link_target", "page_links", "resolve_links"]

#: A link's address in the sanitised HTML of ``markup``, which escapes ``<`` and ``>`` in
#: attribute values: ``[^<>]`` (not ``[^>]``) keeps each try from the next ``<``, so that
#: a text of many ``<a`` is read once, not once for each of them.
_HREF = re.compile(r'(<a\b[^<>]*?\shref=")([^"]*)(")')



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
        return f"{match.group(1)}{theme.url(address + fragment)}{match.group(3)}"

    return theme.rendered(_HREF.sub(rewrite, rendered))  # its addresses through theme.url


def front_matter_links(page: str, meta: LanePage) -> Iterator[tuple[KeyPath, str, str]]:
    """``(key path, href as written, target page path)`` of every link to a Markdown file
    in the front matter of ``page``."""
    for key, text in markdown_values(meta):
        if ".md" in text:  # no link to a page without it: skip the conversion
            for href, target in page_links(page, markup.block(text)):
                yield key, href, target
