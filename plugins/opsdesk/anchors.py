"""The anchors of every page, from its source and its view, so a link to a missing one is
a located warning in the build and in ``opsdesk check`` alike.

MkDocs checks anchors only after it rendered every page, says so without a line, at INFO
by default (so ``--strict`` publishes the dead link), and knows only the anchors of the
page's own Markdown, not those of the blocks we add (the FAQ, checklists, tools). Here a
page's anchors are:

- its headings' ids as Python-Markdown's ``toc`` extension makes them (MkDocs always
  loads it): an ``{#id}`` of ``attr_list`` when given, else the heading's text, rendered
  inline and stripped of markup, through ``toc``'s own ``slugify`` and ``unique``;
- every ``id`` (and ``<a name>``) written in the body's raw HTML or ``attr_list``;
- the ids of its blocks, from its view: the title, the FAQ and each question, each
  checklist, each tool's own ids, the policies heading, the lanes' sections on the home
  page.

A site whose ``toc`` has its own ``slugify`` or ``separator`` makes other heading ids:
then headings cannot be known without rendering, and no anchor is checked
(``check_anchors=False``).

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from markdown.extensions.toc import slugify, unique

from . import markup
from .problems import Problem, Severity, did_you_mean, quoted
from .source import PageSource, code_lines
from .view import PageView

__all__ = ["OWN_HEADING_IDS", "anchor_problems", "page_anchors", "tool_anchors"]

#: The options of ``toc`` with which it makes heading ids its own way.
OWN_HEADING_IDS = frozenset({"slugify", "separator"})

#: Ids the templates give every page with blocks (page-title/page-header, policies).
COMMON = ("opsdesk-title", "opsdesk-policies-heading")
FAQ = "frequently-asked-questions"

_ATX = re.compile(r"(#{1,6})(.*)")
_SETEXT = re.compile(r"[=-]+ *")
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*)\}[ \t]*$")
_HTML_ID = re.compile(r"""\b(?:id|name)[ \t]*=[ \t]*(?:"([^"\n]*)"|'([^'\n]*)')""")
_TAG = re.compile(r"<[^<>]*>")


def _attr_id(attributes: str) -> str | None:
    ids = [token[1:] for token in attributes.split() if token.startswith("#")]
    return ids[-1] if ids else None


def _heading_text(text: str) -> str:
    """A heading's text as ``toc`` slugifies it: rendered inline, markup and entities out."""
    rendered = str(markup.inline(text)) if any(c in text for c in "*_`[<&\\") else text
    return html.unescape(_TAG.sub("", rendered))


def _headings(body: str) -> list[tuple[str, str | None]]:
    """``(text, explicit id or None)`` of each heading of the body, in order."""
    code = code_lines(body)
    lines = body.splitlines()
    found = []
    for number, line in enumerate(lines):
        if number in code:
            continue
        atx = _ATX.fullmatch(line)
        if atx:
            text = atx.group(2).rstrip().rstrip("#").strip()
        elif (number + 1 < len(lines) and number + 1 not in code and line.strip()
              and _SETEXT.fullmatch(lines[number + 1])
              and not line.lstrip().startswith(("-", "*", "+", ">", "|", "<"))):
            text = line.strip()
        else:
            continue
        explicit = None
        attributes = _ATTR_LIST.search(text)
        if attributes:
            explicit = _attr_id(attributes.group(1))
            text = text[: attributes.start()].rstrip()
        found.append((text, explicit))
    return found


def _written_ids(body: str) -> set[str]:
    """Every id written in the body: raw HTML ``id``/``name``, ``attr_list`` ``#id``."""
    code = code_lines(body)
    ids: set[str] = set()
    for number, line in enumerate(body.splitlines()):
        if number in code:
            continue
        if "=" in line:
            ids.update(m.group(1) if m.group(1) is not None else m.group(2)
                       for m in _HTML_ID.finditer(line))
        if "{" in line and (attributes := _ATTR_LIST.search(line)):
            found = _attr_id(attributes.group(1))
            if found:
                ids.add(found)
    return ids


def page_anchors(source: PageSource, view: PageView | None,
                 tools: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """Every anchor of the page ``source`` (with its ``view``'s blocks)."""
    ids = _written_ids(source.body)
    used = set(ids)
    for text, explicit in _headings(source.body):
        if explicit:
            used.add(explicit)
        else:
            used.add(unique(slugify(_heading_text(text), "-"), used))
    if view is not None and view.blocks:
        used.update(COMMON)
        if view.faq:
            used.add(FAQ)
            used.update(entry.id for entry in view.faq)
        for checklist in view.checklists:
            used.update((f"checklist-{checklist.id}", f"checklist-{checklist.id}-title"))
        for tool in view.tools:
            used.update(tools.get(tool, ()))
        used.update(f"lane-{cards.lane.id}" for cards in view.listing if cards.lane)
    return frozenset(used)


def tool_anchors(template_dirs: Iterable[Path], tools: Iterable[str]) -> dict[str, frozenset[str]]:
    """The ids each tool's template writes (``tools/ID.html``)."""
    found: dict[str, frozenset[str]] = {}
    folders = list(template_dirs)
    for tool in tools:
        for folder in folders:
            path = Path(folder) / "partials/opsdesk/tools" / f"{tool}.html"
            if path.is_file():
                found[tool] = frozenset(_written_ids(path.read_text(encoding="utf-8")))
                break
    return found


def anchor_problems(links: Iterable[tuple[PageSource, int, str, str, str]],
                    sources: Mapping[str, PageSource], views: Mapping[str, PageView],
                    tools: Mapping[str, frozenset[str]]) -> list[Problem]:
    """A located warning for each link (``(page, line, href, target path, fragment)``)
    to an anchor its target page does not have."""
    known: dict[str, frozenset[str]] = {}
    problems = []
    for source, line, href, target, fragment in links:
        if target not in sources:
            continue
        if target not in known:
            known[target] = page_anchors(sources[target], views.get(target), tools)
        if fragment in known[target]:
            continue
        where = "on this page" if target == source.path else f"in {sources[target].file}"
        problems.append(Problem(
            source.file, line, None,
            f"the link to {quoted(href)}: no heading or anchor {quoted('#' + fragment)} "
            f"{where}{did_you_mean(fragment, known[target])}", Severity.WARNING))
    return problems
