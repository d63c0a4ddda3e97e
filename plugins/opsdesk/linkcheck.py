"""The body's links checked against the site: each to a page, file or anchor that is
there, or a located warning (in the build and in ``opsdesk check`` alike).

MkDocs warns of a missing target without a line, of a draft only at INFO (so
``--strict`` publishes the dead link), and of a missing anchor at INFO, knowing only the
anchors of the page's own Markdown. ``source.body_links`` finds the links, skipping code
blocks and code spans; ``anchors`` knows every page's anchors.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from .inventory import Inventory
from .links import link_target
from .portfolio import Portfolio
from .problems import Problem, Severity, did_you_mean, quoted
from .source import PageSource, body_links

__all__ = ["body_link_problems", "fragment_links"]


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
    problems = []
    for source, line, href in _published_links(portfolio):
        why = _link_problem(portfolio, outputs, source.path, html.unescape(href))
        if why:
            problems.append(Problem(source.file, line, None,
                                    f"the link to {quoted(href)}: {why}", Severity.WARNING))
    return problems


def fragment_links(portfolio: Portfolio) -> list[tuple[PageSource, int, str, str, str]]:
    """``(page, line, href, target page path, fragment)`` of each link of a published
    page's body to an anchor of itself (``#faq``) or of a published page
    (``../fixes/x.md#verify``), for ``anchors.anchor_problems``."""
    found = []
    for source, line, href in _published_links(portfolio):
        written = html.unescape(href)
        if written.startswith("#") and len(written) > 1:
            found.append((source, line, href, source.path, unquote(written[1:])))
            continue
        target = link_target(source.path, written)
        if target and target[1] and portfolio.published(target[0]) \
                and portfolio.pages[target[0]].valid:
            found.append((source, line, href, target[0], unquote(target[1][1:])))
    return found


def _published_links(portfolio: Portfolio) -> Iterator[tuple[PageSource, int, str]]:
    """``(page, line, href as written)`` of every link of every published page's body."""
    for path in sorted(portfolio.pages):
        if portfolio.published(path):
            source = portfolio.pages[path]
            for line, href in body_links(source):
                yield source, line, href


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
