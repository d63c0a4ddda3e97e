"""One page's source: its front matter (validated, with line numbers), body and markers."""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from .inventory import unreadable
from .load import dotted, parse_yaml, validate
from .markup import refused_urls
from .model import (
    FRONT_MATTER_MAX,
    Lane,
    LanePage,
    OtherPage,
    markdown_values,
    material_templates,
)
from .plaintext import description_problem
from .problems import Problem, Severity, did_you_mean, quoted
from .scaffold import placeholder_problems
from .theme import markdown_text, meta
from .urls import invisible_character

__all__ = [
    "HOME",
    "Kind",
    "Marker",
    "PageSource",
    "body_links",
    "canonical_body",
    "kind_of",
    "landing_path",
    "landing_text",
    "lane_of",
    "load_page",
    "load_page_bytes",
    "missing_landings",
    "preview_meta",
    "read_page_file",
    "reading_minutes",
    "template_problems",
    "unreadable",
    "unreadable_page",
    "without_code_spans",
]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_OPENING = re.compile(r"\A---[ \t]*\r?\n")
_MARKER = re.compile(
    r"^<!--\s*(?:(?P<kind>checklist|tool):\s*(?P<id>[A-Za-z0-9_-]+)|(?P<faq>faq))\s*-->$"
)
_MARKER_LIKE = re.compile(r"<!--\s*(checklists?|faqs?|tools?)\b", re.I)
#: A fence opening a code block: three or more backticks or tildes (a backtick fence's
#: info string holds no backtick: ``_fence``), at any indentation (fences nest in lists).
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
#: Links of the body's Markdown: ``[text](href "title")``, ``![alt](src)``, ``<href>`` and
#: reference definitions ``[id]: href``.
_INLINE_LINK = re.compile(r"\]\(\s*(?:<([^<>\n]*)>|([^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*))")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?")
#: A Pagefind attribute (``data-pagefind-body``, ``-meta``, ``-filter``, ``-sort``...), in raw
#: HTML or an attribute list (``{: data-pagefind-meta="url" }``): any case, as HTML reads
#: attribute names.
_PAGEFIND_ATTRIBUTE = re.compile(r"(?<![\w-])data-pagefind-[\w-]*", re.I)
#: A run of backticks, for ``without_code_spans``.
_BACKTICKS = re.compile(r"`+")


HOME = "index.md"
"""The home page's path."""


class Kind(StrEnum):
    """What a page is, from where it stands under ``content/``; decided once, here."""

    HOME = "home"
    """``index.md``: the portfolio, lane by lane."""
    LANDING = "landing"
    """``<lane>/index.md``: a lane's landing page (written, or generated)."""
    LANE_PAGE = "lane-page"
    """Any other page under ``<lane>/``: a guide, fix, comparison... with every block."""
    OTHER = "other"
    """Any page outside the lanes (policy pages, an author's tags page)."""
    LISTING = "listing"
    """A generated page of a listing (``listings``): page 2 and on of a lane's cards, a
    tag's pages, the tags page when no author wrote one. Never from a file."""


def kind_of(path: str, lane_ids: Collection[str]) -> Kind:
    """The kind of the page at ``path`` (relative to ``content/``)."""
    if path == HOME:
        return Kind.HOME
    head, sep, rest = path.partition("/")
    if not sep or head not in lane_ids:
        return Kind.OTHER
    return Kind.LANDING if rest == "index.md" else Kind.LANE_PAGE


def landing_path(lane_id: str) -> str:
    """The path of a lane's landing page."""
    return f"{lane_id}/index.md"


@dataclass(frozen=True)
class Marker:
    """A ``<!-- checklist: ID -->`` or ``<!-- faq -->`` line of the body."""

    kind: str  # "checklist", "tool" or "faq"
    id: str | None
    line: int  # in the file

    @property
    def comment(self) -> str:
        """The marker as written canonically, and as it stands in the body's HTML."""
        return f"<!-- {self.kind}: {self.id} -->" if self.id else f"<!-- {self.kind} -->"


@dataclass
class PageSource:
    """What an author wrote in one Markdown file, read and checked."""

    path: str
    """Path relative to ``content/``: ``guides/foo.md``."""
    file: str
    """Path relative to the project root, for messages: ``content/guides/foo.md``."""
    lane: str | None
    """The lane id when the page is a lane page (not a lane's ``index.md``)."""
    meta: LanePage | OtherPage | None
    """The validated front matter; ``None`` when it has errors."""
    raw: dict[str, Any]
    """The front matter as written (``{}`` when unreadable)."""
    body: str
    """The Markdown after the front matter."""
    body_line: int
    """File line where the body starts."""
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    markers: list[Marker] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    words: int = 0
    decoded: bool = True
    """Whether the file is text at all (UTF-8)."""
    links: list[tuple[int, str]] | None = field(default=None, compare=False, repr=False)
    """The body's links (``body_links``), found at their first use."""
    scripts: list[int] | None = field(default=None, compare=False, repr=False)
    """The file lines of the body that open a ``<script>`` (``csp.body_script_problems``),
    found at their first use."""
    partial: LanePage | OtherPage | None = field(default=None, compare=False, repr=False)
    """When the page has errors: its front matter's valid keys (a required key that is
    not valid is ``None``), which ``mkdocs serve`` previews under the page's banner;
    ``None`` when nothing of the front matter could be read."""
    findings: tuple[tuple[str, Problem], ...] | None = field(default=None, compare=False,
                                                            repr=False)
    """What the content checks find in the body, each with the name of its check
    (``checks.body_findings``), found at their first use."""
    outline: tuple[frozenset[str], Problem | None] | None = field(default=None, compare=False,
                                                                 repr=False)
    """The sample lines of an outline looked for, and what was found of them in the body
    (``checks.outline_problems``), found at their first use."""

    @property
    def readable(self) -> bool:
        """Whether the front matter could be read at all (valid YAML mapping)."""
        return not any(p.is_error and p.key is None for p in self.problems)

    @property
    def valid(self) -> bool:
        return self.meta is not None and not any(p.is_error for p in self.problems)

    @property
    def draft(self) -> bool:
        return bool(getattr(self.meta, "draft", False))

    def line_of(self, *path: str | int) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def lane_of(path: str, lane_ids: Collection[str]) -> str | None:
    """The lane of a lane page's path, or ``None`` for the home, landing and other pages."""
    return path.partition("/")[0] if kind_of(path, lane_ids) is Kind.LANE_PAGE else None


def reading_minutes(words: int, words_per_minute: int) -> int:
    """Whole minutes to read ``words``, at least one."""
    return max(1, math.ceil(words / words_per_minute))


def load_page_bytes(data: bytes, *, path: str, file: str,
                    lane_ids: Collection[str]) -> PageSource:
    """Read one page from its file's bytes; text that is not UTF-8 is a located problem.

    Such a page is never built, not even by ``mkdocs serve``: MkDocs itself could not
    read it.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem = Problem(file, line, None,
                          f"is not UTF-8 text (byte 0x{data[error.start]:02x}): save the file "
                          "as UTF-8")
        return PageSource(path, file, lane_of(path, lane_ids), None, {}, "", 1,
                          problems=[problem], decoded=False)
    return load_page(text, path=path, file=file, lane_ids=lane_ids)


def read_page_file(file_path: str | os.PathLike[str], *, path: str, file: str,
                   lane_ids: Collection[str]) -> PageSource:
    """Read one page from disk: an entry that is no readable file (a folder named like a
    page, a symbolic link to nothing or in a loop, no permission) is a problem of its
    own, reported by its path, never a traceback."""
    try:
        data = Path(file_path).read_bytes()
    except OSError as error:
        return unreadable_page(error, path=path, file=file, lane_ids=lane_ids)
    return load_page_bytes(data, path=path, file=file, lane_ids=lane_ids)


def unreadable_page(error: OSError, *, path: str, file: str,
                    lane_ids: Collection[str]) -> PageSource:
    """The page at ``path`` that could not be read, with a problem saying why."""
    problem = Problem(file, None, None, unreadable(error))
    return PageSource(path, file, lane_of(path, lane_ids), None, {}, "", 1,
                      problems=[problem], decoded=False)


def load_page(text: str, *, path: str, file: str, lane_ids: Collection[str]) -> PageSource:
    """Read one page: split, parse and validate its front matter, find its markers; its
    file name and its body's search attributes are checked whatever its front matter."""
    source = _load_page(text, path=path, file=file, lane_ids=lane_ids)
    source.problems.extend(_search_attributes(source))
    invisible = invisible_character(path)
    if invisible:
        source.problems.append(Problem(
            file, None, None, f"the file name contains an invisible or direction-changing "
                              f"character ({invisible}), which makes its address read "
                              "otherwise than it is: rename the file"))
    if not source.valid and source.raw:
        source.partial = _valid_keys(source)
    return source


#: What stands in for a required key that is missing or not valid while the others are
#: validated (``_valid_keys``); the preview shows none of them.
_STAND_INS: dict[str, Any] = {"title": "-", "description": "-", "updated": dt.date(2000, 1, 1)}


def _valid_keys(source: PageSource) -> LanePage | OtherPage | None:
    """The front matter of a page with errors, without every key that has one (a key of a
    list or mapping, such as ``faq[2].a``, takes its whole top-level key with it), so the
    preview shows the blocks whose keys are valid. A required key that is not there is
    ``None`` (the preview then titles the page by its path, or leaves out the date)."""
    model: type[LanePage | OtherPage] = LanePage if source.lane else OtherPage
    bad = {_top_key(problem.key) for problem in source.problems  # not a marker's, in the body
           if problem.is_error and problem.key and (problem.line or 1) < source.body_line}
    kept = {key: value for key, value in source.raw.items()
            if isinstance(key, str) and key in model.model_fields and key not in bad}
    missing = {key: stand_in for key, stand_in in _STAND_INS.items()
               if key not in kept and model.model_fields[key].is_required()}
    try:
        meta = model.model_validate({**kept, **missing})
    except (ValueError, RecursionError):  # pydantic's ValidationError is a ValueError
        return None
    left_out: dict[str, Any] = dict.fromkeys(missing)
    if isinstance(meta, LanePage):  # a link the URL rule refuses (unchecked: other errors
        for key, text in markdown_values(meta):  # came first) takes its key out too
            if ("]" in text or "<" in text) and refused_urls(text):
                left_out[str(key[0])] = model.model_fields[str(key[0])].get_default()
    return meta.model_copy(update=left_out) if left_out else meta


def _top_key(key: str) -> str:
    """``faq`` of ``faq[2].a``, ``checklists`` of ``checklists.before.items[0]``."""
    return re.split(r"[.\[]", key, maxsplit=1)[0]


def _load_page(text: str, *, path: str, file: str, lane_ids: Collection[str]) -> PageSource:
    text = text.lstrip("\ufeff")
    lane = lane_of(path, lane_ids)
    match = _FRONT_MATTER.match(text)
    if match is None and _OPENING.match(text):
        problem = Problem(file, 1, None,
                          "front matter is not closed: add a line '---' after its last key")
        return PageSource(path, file, lane, None, {}, text, 1, problems=[problem])
    yaml_text = match.group(1) if match else ""
    body = text[match.end():] if match else text
    body_line = 1 + (text[: match.end()].count("\n") if match else 0)
    size = len(yaml_text.encode("utf-8", "surrogatepass"))
    if size > FRONT_MATTER_MAX:  # not even parsed: a 30 MB value is nobody's front matter
        problem = Problem(file, 1, None,
                          f"the front matter is {size:,} bytes, over the limit of "
                          f"{FRONT_MATTER_MAX:,} (64 KiB; AUTHORING.md, Limits): shorten it")
        return PageSource(path, file, lane, None, {}, body, body_line, problems=[problem])

    located = parse_yaml(yaml_text, file=file, first_line=2)
    source = PageSource(path, file, lane, None, {}, body, body_line, lines=located.lines)
    source.problems.extend(p if p.key else _as_front_matter(p) for p in located.problems)
    already = len(located.problems)
    if not source.readable:
        return source
    if located.value is None:
        located.value = {}
    if not isinstance(located.value, dict):
        source.problems.append(Problem(
            file, 2, None,
            f"front matter must be a mapping of keys to values, got {_kind(located.value)}",
        ))
        return source
    source.raw = located.value
    source.meta = (validate(LanePage, located, file=file) if lane
                   else validate(OtherPage, located, file=file))
    source.problems.extend(located.problems[already:])
    source.markers = _markers(source)
    source.words = _count_words(body, source.meta)
    if isinstance(source.meta, LanePage):
        source.problems.extend(_refused_links(source, source.meta))
        if not source.meta.draft:
            source.problems.extend(_future(source, source.meta.updated))
    if lane:
        source.problems.extend(_marker_problems(source))
    source.problems.extend(placeholder_problems(source))
    source.problems.extend(_markdown_in_description(source))
    return source


def _markdown_in_description(source: PageSource) -> list[Problem]:
    """A warning for Markdown syntax in the page's ``description`` (``plaintext``)."""
    meta = source.meta
    description = getattr(meta, "description", None) if meta is not None else None
    problem = description_problem(source.file, source.line_of("description"),
                                  "description", description)
    return [problem] if problem else []


def _refused_links(source: PageSource, meta: LanePage) -> list[Problem]:
    """An error for each address of the front matter's Markdown that the one URL rule
    (``urls.url_refusal``) refuses: such a page is never published."""
    problems = []
    for key, text in markdown_values(meta):
        if "]" not in text and "<" not in text:  # no link, image or autolink possible
            continue
        for address, why in refused_urls(text):
            problems.append(Problem(source.file, source.line_of(*key), dotted(key),
                                    f"the link to {quoted(address)}: {why}"))
    return problems


#: How far ahead of the build machine's calendar an author's day may be (time zones).
_TOMORROW = dt.timedelta(days=1)


def _future(source: PageSource, updated: dt.date) -> list[Problem]:
    """A warning when ``updated`` is after today: feeds and search engines would show a
    change that has not happened."""
    today = dt.date.today()
    if updated <= today + _TOMORROW:
        return []
    return [Problem(source.file, source.line_of("updated"), "updated",
                    f"{updated} is in the future (today is {today}): write the day of the "
                    "last real change", Severity.WARNING)]


def _count_words(body: str, meta: LanePage | OtherPage | None) -> int:
    """Words a reader reads in the article: the body, its checklists and its FAQ.

    Words are what white space separates, as most reading-time counters count them.
    """
    texts = [body]
    if isinstance(meta, LanePage):
        texts += [item for checklist in meta.checklists.values() for item in checklist.items]
        texts += [f"{item.q} {item.a}" for item in meta.faq]
    return sum(len(text.split()) for text in texts)


def _as_front_matter(problem: Problem) -> Problem:
    return Problem(problem.path, problem.line, None,
                   problem.message.replace("not valid YAML", "front matter is not valid YAML", 1))


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    return "text" if isinstance(value, str) else type(value).__name__


@functools.lru_cache(maxsize=1 << 12)  # a page's body is read for markers, links, search
def code_lines(body: str) -> frozenset[int]:  # attributes, scripts, headings and ids
    """The 0-based numbers of the body's lines that are code: fenced blocks (backticks or
    tildes, closed only by a fence of the same character at least as long, so a fence may
    hold a shorter one), fences in lists, and indented code blocks. Where the Markdown is
    ambiguous a line counts as code: a marker or link there is left as text. (Kept for
    one build: ``session``.)"""
    code: set[int] = set()
    fence: tuple[str, int] | None = None
    after_blank = True  # the body's first line may start an indented code block
    indented = False
    for number, line in enumerate(body.splitlines()):
        if fence is not None:
            code.add(number)
            stripped = line.strip()
            if len(stripped) >= fence[1] and stripped == fence[0] * len(stripped):
                fence = None
            continue
        expanded = line.expandtabs(4)
        stripped = expanded.strip()
        if not stripped:
            after_blank = True
            continue
        mark = _fence(expanded)
        if mark:
            fence = (mark[0], len(mark))
            code.add(number)
            after_blank = indented = False
            continue
        indent = len(expanded) - len(expanded.lstrip(" "))
        indented = indent >= 4 and (after_blank or indented)
        if indented:
            code.add(number)
        after_blank = False
    return frozenset(code)


def _fence(line: str) -> str | None:
    """The backticks or tildes of the fence that ``line`` opens, or ``None``. A backtick
    fence is followed by no backtick on its line. (A pattern that says so, ``(?!.*`)``
    after the run, takes time quadratic in the line: it reads the rest of the line again
    for each shorter run it then tries.)"""
    opening = _FENCE.match(line)
    if opening is None:
        return None
    mark = opening.group("fence")
    if mark[0] == "`" and "`" in line[opening.end():].partition("\n")[0]:
        return None
    return mark


def without_code_spans(text: str) -> str:
    """``text`` without its code spans, in time linear in its length: what
    ``re.sub(r"(`+)(?:(?!\\1).)+?\\1", "", text)`` leaves, without that pattern's
    backtracking (a line of a link and 900 backticks took it 28 s; see
    ``tests/attacks/test_linear_time.py``).

    That pattern, tried at each position of a line from the left, takes the run of N
    backticks that starts there (all of it, then less), and closes on the first later run
    of at least as many: a span opened with N backticks ends at the first run of at least
    ``min(N, M)`` backticks after it, ``M`` the longest run after it, and takes that many
    of its backticks; when ``M`` is at most half of ``N``, the span opens further into the
    run, so that ``2 M - 1`` backticks open it. A span holds no new line, and a run with
    no run after it is text."""
    if text.count("`") < 2:
        return text
    return "\n".join(_line_without_code_spans(line) for line in text.split("\n"))


def _line_without_code_spans(line: str) -> str:
    runs = [match.span() for match in _BACKTICKS.finditer(line)]
    longest = [0] * (len(runs) + 1)  # longest[r]: the longest run from the r-th on
    for r in range(len(runs) - 1, -1, -1):
        longest[r] = max(longest[r + 1], runs[r][1] - runs[r][0])
    kept = []
    done = 0  # the end of the last span taken out
    r = 0
    start = runs[0][0] if runs else 0  # where the r-th run starts, after any span
    while r + 1 < len(runs):
        end = runs[r][1]
        after = longest[r + 1]
        opening = max(start, end - 2 * after + 1)
        size = min(end - opening, after)
        closing = r + 1  # each run passed here lies inside the span: linear overall
        while runs[closing][1] - runs[closing][0] < size:
            closing += 1
        kept.append(line[done:opening])
        done = start = runs[closing][0] + size
        r = closing
        if start == runs[r][1]:  # the closing run is all taken: on to the next one
            r += 1
            if r < len(runs):
                start = runs[r][0]
    kept.append(line[done:])
    return "".join(kept)


def body_links(source: PageSource) -> list[tuple[int, str]]:
    """``(file line, address as written)`` of every link and image of the body's
    Markdown outside code blocks and code spans; found once per page read (an edit under
    ``mkdocs serve`` reads only the edited pages again)."""
    if source.links is None:
        source.links = _body_links(source)
    return source.links


def _body_links(source: PageSource) -> list[tuple[int, str]]:
    code = code_lines(source.body)
    found = []
    for number, line in enumerate(source.body.splitlines()):
        if number in code or ("](" not in line and "]:" not in line):
            continue
        text = without_code_spans(line)
        addresses = [m.group(1) if m.group(1) is not None else m.group(2)
                     for m in _INLINE_LINK.finditer(text)]
        reference = _REFERENCE.match(text)
        if reference:
            addresses.append(reference.group(1))
        found += [(source.body_line + number, address) for address in addresses if address]
    return found


def _search_attributes(source: PageSource) -> list[Problem]:
    """An error for each Pagefind attribute in the body outside code: what search
    shows and where its results lead (``data-pagefind-meta="url"``), what it filters and
    sorts by, and what it indexes come from the site's templates only."""
    if "data-pagefind-" not in source.body.lower():
        return []
    code = code_lines(source.body)
    problems = []
    for number, line in enumerate(source.body.splitlines()):
        if number in code or "data-pagefind-" not in line.lower():
            continue
        found = _PAGEFIND_ATTRIBUTE.search(without_code_spans(line))
        if found:
            problems.append(Problem(
                source.file, source.body_line + number, None,
                f"{quoted(found.group())}: search's metadata comes from the site's templates "
                "only (what is indexed, a result's title and address, filters and sorting): "
                "remove the attribute (to show it as text, write it in `code`)"))
    return problems


def _markers(source: PageSource) -> list[Marker]:
    markers: list[Marker] = []
    # a marker, or what looks like one, opens a comment: only those lines are read
    lines = [(offset, line) for offset, line in enumerate(source.body.splitlines())
             if "<!--" in line]
    code = code_lines(source.body) if lines else frozenset()
    for offset, line in lines:
        if offset in code:
            continue
        stripped = line.strip()
        found = _MARKER.match(stripped)
        number = source.body_line + offset
        if found:
            markers.append(Marker(found.group("kind") or "faq", found.group("id"), number))
        elif _MARKER_LIKE.search(stripped):
            source.problems.append(Problem(
                source.file, number, None,
                f"{quoted(stripped)} is not a marker: write '<!-- checklist: ID -->' or "
                "'<!-- faq -->' or '<!-- tool: ID -->' alone on its line",
            ))
    return markers


def _marker_problems(source: PageSource) -> list[Problem]:
    """Markers that name no checklist, or are placed twice. Checked on the raw front
    matter, so a page with other errors still gets these reported."""
    checklists = source.raw.get("checklists")
    checklist_ids = [str(k) for k in checklists] if isinstance(checklists, dict) else []
    problems = []
    placed: dict[str, int] = {}
    for marker in source.markers:
        key = marker.comment
        if key in placed:
            problems.append(Problem(source.file, marker.line, None,
                                    f"{key} is placed twice (first on line {placed[key]})"))
            continue
        placed[key] = marker.line
        if marker.kind == "checklist" and marker.id not in checklist_ids:
            known = ", ".join(checklist_ids) or "none"
            problems.append(Problem(
                source.file, marker.line, f"checklists.{marker.id}",
                f"the marker names no checklist{did_you_mean(str(marker.id), checklist_ids)}"
                f" (checklists in the front matter: {known})",
            ))
        if marker.kind == "faq" and not source.raw.get("faq"):
            problems.append(Problem(source.file, marker.line, "faq",
                                    "the <!-- faq --> marker is here but the front matter "
                                    "has no faq"))
    return problems



def canonical_body(source: PageSource) -> str:
    """The body with each marker as ``<!-- kind: id -->`` on a paragraph of its own.

    Markdown then keeps it as one HTML comment, which ``render.place_blocks`` replaces.
    """
    if not source.markers:
        return source.body
    lines = source.body.splitlines()
    for marker in source.markers:
        lines[marker.line - source.body_line] = f"\n{marker.comment}\n"
    return "\n".join(lines) + "\n"


def preview_meta(source: PageSource) -> dict[str, Any]:
    """What the theme gets of the front matter of a page shown with its errors (under
    ``mkdocs serve``): its title and description, escaped, when they are text; nothing
    else, for the theme prints some keys (``subtitle``, ``author``) as HTML, unchecked."""
    return meta({key: value for key in ("title", "description")
                 if isinstance(value := source.raw.get(key), str)})


def template_problems(sources: Iterable[PageSource],
                      template_dirs: Iterable[Path]) -> list[Problem]:
    """An error for each page whose ``template`` names no file of ``template_dirs`` (the
    site's ``custom_dir``, ours) or of Material's own templates: the theme would stop
    the build with a traceback."""
    folders = [*template_dirs, *([material] if (material := material_templates()) else [])]
    problems = []
    for source in sources:
        name = getattr(source.meta, "template", None)
        if name and not any((Path(folder) / name).is_file() for folder in folders):
            problems.append(Problem(source.file, source.line_of("template"), "template",
                                    f"no template {quoted(name)} in the site's templates or "
                                    "Material's (such as 'main.html')"))
    return problems


def missing_landings(lanes: Iterable[Lane], paths: Collection[str]) -> list[Lane]:
    """The lanes that have pages but no ``index.md``: their landing page is generated."""
    with_pages = {path.partition("/")[0] for path in paths if "/" in path}
    return [lane for lane in lanes
            if lane.id in with_pages and landing_path(lane.id) not in paths]


def landing_text(lane: Lane) -> str:
    """The source of a lane's generated landing page: its title, then its description."""
    return (f"---\ntitle: {_yaml_quoted(lane.title)}\n---\n\n"
            f"{markdown_text(lane.description or '')}\n")


def _yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back as exactly ``text``: each
    character outside printable text as a ``\\U`` escape (JSON's surrogate pairs would
    read back as two broken characters, and drop the landing page of a lane with an
    emoji in its title)."""
    escaped = "".join(
        char if char.isprintable() and char not in '"\\' else f"\\U{ord(char):08x}"
        for char in text)
    return f'"{escaped}"'

