"""Content checks: what authors often get wrong in a page's body, each a located warning.

- ``heading_levels``: a heading that skips a level (``##`` then ``####``): screen readers
  and the table of contents read the levels as the page's outline;
- ``body_h1``: an H1 in the body of a lane page, whose title is its one H1 (on the other
  pages a body's first H1 stands in for the title, as the theme shows it; a second is
  flagged);
- ``image_alt``: an image without alternative text (``![](chart.png)``, ``<img>`` without
  ``alt``): a reader who cannot see it gets nothing.

(The fourth check, ``tag_variants``, looks across pages: ``listings``, beside the
spellings that share a tag page.) ``site.yml`` ``checks`` turns each off for a site.
``outline_problems`` flags the sample lines of an ``opsdesk new`` outline left in a lane
page (``scaffold``), whose texts come from ``lanes.yml``.

Each page's body is read once, in one pass, outside code blocks (``source.code_lines``)
and code spans: what it finds is kept on the page's source (``PageSource.findings``),
which ``mkdocs serve`` reads again only when the file changes; the site's settings
filter it per build. Every pattern here runs in time linear in the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import Checks
from .portfolio import Portfolio
from .problems import Problem, Severity
from .scaffold import outline_problem, outline_sentences
from .source import PageSource, code_lines, without_code_spans

__all__ = ["body_findings", "content_problems", "outline_problems"]

#: An ATX heading as Python-Markdown reads it: one to six ``#`` at the start of the line
#: (no space needed after them).
_ATX = re.compile(r"#{1,6}")
#: A setext underline (``===`` makes the line above an H1, ``---`` an H2).
_SETEXT = re.compile(r"(?:=+|-+)[ \t]*")
#: A heading written as HTML.
_HTML_HEADING = re.compile(r"<h([1-6])(?=[\s>/])", re.I)
#: A Markdown image whose text is empty: ``![](src)``, ``![ ][ref]``, ``![]``.
_NO_ALT = re.compile(r"!\[[ \t]*\][\[(]")
_HEADING_STARTS = frozenset("#=-")
_IMG = re.compile(r"<img(?=[\s>/])", re.I)
_ALT = re.compile(r"(?<![\w-])alt\s*=", re.I)


def content_problems(portfolio: Portfolio, checks: Checks) -> list[Problem]:
    """A located warning for each finding of a published page's body, for the checks
    ``checks`` leaves on."""
    on = {name for name, enabled in checks if enabled} - {"tag_variants"}
    if not on:
        return []
    problems = []
    for path in sorted(portfolio.pages):
        if portfolio.published(path):
            source = portfolio.pages[path]
            problems += [problem for check, problem in body_findings(source) if check in on]
    return problems


def outline_problems(portfolio: Portfolio) -> list[Problem]:
    """A warning on each lane page that still has sample lines of an ``opsdesk new``
    outline (the lanes', ``lanes.yml``, or the default one) in its body."""
    sentences = outline_sentences(lane.outline for lane in portfolio.data.lanes)
    return [problem for path in sorted(portfolio.pages)
            if (source := portfolio.pages[path]).lane is not None
            and (problem := _outline_problem(source, sentences)) is not None]


def _outline_problem(source: PageSource, sentences: frozenset[str]) -> Problem | None:
    """``outline_problem``, found once per page read and outline (under ``mkdocs serve``
    an edit reads one page again: the others' bodies are not searched again)."""
    if source.outline is None or source.outline[0] != sentences:
        source.outline = (sentences, outline_problem(source, sentences))
    return source.outline[1]


def body_findings(source: PageSource) -> tuple[tuple[str, Problem], ...]:
    """Every finding of ``source``'s body, with the name of its check (a key of
    ``Checks``), whatever the site's settings: found once per page read."""
    if source.findings is None:
        source.findings = tuple(
            (check, Problem(source.file, line, None, message, Severity.WARNING))
            for check, line, message in _findings(source, lane_page=source.lane is not None))
    return source.findings


def _findings(source: PageSource, *, lane_page: bool) -> Iterable[tuple[str, int, str]]:
    """``(check, line, message)`` of each finding."""
    body = source.body
    code = code_lines(body)
    lines = body.splitlines()
    level = 1  # the page's title, its H1 (or the body's first H1 on the other pages)
    seen_h1 = lane_page
    previous = ""  # the line before, when it could be a setext heading's: the first of
    blank = True   # its block (Python-Markdown reads "a\nb\n---" as a paragraph and a rule)
    for number, line in enumerate(lines):
        if number in code:
            previous, blank = "", False
            continue
        at = source.body_line + number
        heading = _heading(line, previous) if line[:1] in _HEADING_STARTS else None
        if heading is not None and line[0] != "#":
            at -= 1  # an underline: the heading is the line above
        empty = not line.strip()
        previous = line if blank and not empty and heading is None else ""
        blank = empty
        if "<" in line or "![" in line:  # most lines are prose: skipped at once
            text = without_code_spans(line) if "`" in line else line
            html = _HTML_HEADING.search(text)
            heading = heading or (int(html.group(1)) if html else None)
            yield from _images(text, at)
        if heading is not None:
            if heading == 1:
                if seen_h1:
                    yield "body_h1", at, _h1_message(lane_page)
                seen_h1 = True
            elif heading > level + 1:
                yield ("heading_levels", at,
                       f"this H{heading} heading follows an H{level}, skipping a level: make "
                       f"it {'#' * (level + 1)} (H{level + 1}), or add the level between")
            level = heading


def _heading(line: str, previous: str) -> int | None:
    """The level of the heading ``line`` makes (with the line of text before it, for an
    underline), or ``None``."""
    atx = _ATX.match(line)
    if atx:
        return len(atx.group())
    if not previous or line[:1] not in ("=", "-") or not _SETEXT.fullmatch(line):
        return None
    return 1 if line[0] == "=" else 2


def _h1_message(lane_page: bool) -> str:
    if lane_page:
        return ("an H1 in the body: the page's title is its one H1 (shown above the body): "
                "make this a ## heading, or make it the title")
    return "a second H1 in the body: a page has one H1: make this a ## heading"


def _images(text: str, at: int) -> Iterable[tuple[str, int, str]]:
    """Images of the line ``text`` without alternative text (a finding for the Markdown
    ones, one for the HTML ones)."""
    if "![" in text and _NO_ALT.search(text):
        yield ("image_alt", at,
               "an image without alternative text: say what it shows between the brackets "
               "of ![…]")
    if "<img" in text.lower():
        # each tag ends at the next '>': split once, so a line of many '<img' stays linear
        for part in text.split(">"):
            start = _IMG.search(part)
            if start and not _ALT.search(part, start.end()):
                yield ("image_alt", at, 'an <img> without an alt attribute: describe the '
                       'image in alt="…" (alt="" marks one as decoration)')
                break
