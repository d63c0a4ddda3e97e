"""A new lane page: every key of the content model, written out for the author to fill.

The page builds as written: required keys hold a value, optional ones are empty (the
default) or commented examples. Its sample texts (the description, the body outline's
sentences, the commented checklist and FAQ examples) are defined here once, written by
``page_text`` and recognised by ``placeholder_problems``: left as written, each is a
warning, so the page previews but ``mkdocs build --strict`` (the gate before
publishing) and ``opsdesk check`` fail until the author replaces it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from .model import Lane, Outline, OutlineSection
from .problems import Problem, Severity


class _Written(Protocol):
    """What ``placeholder_problems`` reads of a page as written (``source.PageSource``)."""

    file: str
    body: str
    body_line: int

    @property
    def raw(self) -> Mapping[str, Any]: ...

    def line_of(self, *path: str | int) -> int: ...

__all__ = ["DEFAULT_OUTLINE", "PLACEHOLDER", "PLACEHOLDER_DESCRIPTION", "SLUG_MAX",
           "capped_slug", "outline_problem", "outline_sentences", "page_text",
           "placeholder_problems", "slugify"]

PLACEHOLDER = "still the placeholder from 'opsdesk new'"
"""How every placeholder problem begins (``opsdesk check`` counts them as failures)."""

PLACEHOLDER_DESCRIPTION = (
    "One sentence on what this page answers; cards and search results show it."
)
_CHECKLIST_ITEMS = ("The *first* thing to check.", "The second thing to check.")
_FAQ_QUESTION = "What do readers ask first?"
_FAQ_ANSWER = "The answer, in Markdown."
DEFAULT_OUTLINE = Outline(
    lead="Start with the answer: what the reader should do, and when. Two or three sentences.",
    sections=[
        OutlineSection(heading="When this applies",
                       text="Describe the situation and the symptoms a reader recognises."),
        OutlineSection(heading="What to do", text="1. The first step.\n2. The second step."),
        OutlineSection(heading="Common mistakes",
                       text="What goes wrong, and how to notice it early."),
        OutlineSection(heading="How to check it worked",
                       text="The evidence a reader can look at afterwards."),
    ])
"""The body of a new page of a lane whose ``lanes.yml`` entry gives no ``outline``: its
headings stay; the sentences under them are placeholders."""


def outline_sentences(outlines: Iterable[Outline | None]) -> frozenset[str]:
    """The sample lines of ``outlines`` and of the default outline, as ``opsdesk new``
    writes them (each line of a sample text, stripped)."""
    texts = [text for outline in (DEFAULT_OUTLINE, *outlines) if outline is not None
             for text in (outline.lead, *(section.text for section in outline.all_sections))]
    return frozenset(line.strip() for text in texts for line in text.splitlines()
                     if line.strip())


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """The file name stem of a title: ``Webhooks vs. Polling`` → ``webhooks-vs-polling``.

    Accents are folded to ASCII so the URL reads the same everywhere; an empty result
    (a title with no Latin letters or digits) means the caller must ask for a slug.
    """
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_title.casefold()).strip("-")


SLUG_MAX = 80
"""The longest file name stem ``opsdesk new`` derives from a title (``--slug`` may say
otherwise): a title of 200 characters would make a file name over the 255 bytes most
file systems allow, and an address nobody reads to its end."""


def capped_slug(slug: str, limit: int = SLUG_MAX) -> str:
    """``slug`` cut after its last whole word (``-`` separates them) that fits in
    ``limit`` characters; a first word longer than ``limit`` is cut at ``limit``."""
    if len(slug) <= limit:
        return slug
    cut = slug[:limit + 1].rpartition("-")[0].rstrip("-")
    return cut or slug[:limit].rstrip("-")


def _yaml_text(value: str) -> str:
    """A YAML scalar that reads back as exactly ``value`` (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def page_text(lane: Lane, title: str, *, today: dt.date,
              description: str = PLACEHOLDER_DESCRIPTION) -> str:
    """The Markdown file of a new page of ``lane``, with the lane's outline (``lanes.yml``)
    or the default one."""
    category = lane.category
    outline = lane.outline or DEFAULT_OUTLINE
    markers = [section.marker for section in outline.all_sections if section.marker]
    return f"""---
# Every key of a lane page; AUTHORING.md explains each. Empty keys take their default.
title: {_yaml_text(title)}
description: {_yaml_text(description)}
updated: {today.isoformat()}        # the date of the last real change (YYYY-MM-DD)
category:            # default: {category} (the lane's)
keyword:             # the primary search phrase, shown in the header line
audience:            # who the page is for
quick_take:          # the answer in one or two sentences (inline Markdown)
tags: []             # such as [retries, webhooks]; pages sharing tags are "Keep browsing"
{_checklists(markers)}{_faq("faq" in markers)}\
next:                # a page such as {lane.id}/other-page.md; empty: next in the lane; false: none
related:             # up to three pages, such as [{lane.id}/other-page.md]; empty: by shared tags
order:               # position in the lane (a whole number); empty: after those with one, by title
draft: false         # true: not published, and never linked
aliases: []          # earlier paths of this page, such as [{lane.id}/old-name.md]; each redirects
---

{_outline(outline)}"""


def _checklists(markers: list[str]) -> str:
    """The checklists the outline's markers place, with sample items; or a commented
    example when it places none."""
    ids = [marker.removeprefix("checklist: ") for marker in markers
           if marker.startswith("checklist: ")]
    if not ids:
        return f"""\
# checklists:        # each placed in the body by a line <!-- checklist: ID --> (or after it)
#   before-you-start:
#     title: Before you start
#     items:
#       - {_CHECKLIST_ITEMS[0]}
#       - {_CHECKLIST_ITEMS[1]}
"""
    lists = "".join(f"""\
  {checklist_id}:
    items:
      - {_CHECKLIST_ITEMS[0]}
      - {_CHECKLIST_ITEMS[1]}
""" for checklist_id in ids)
    return ("checklists:          # each placed by its line <!-- checklist: ID --> in the body\n"
            + lists)


def _faq(placed: bool) -> str:
    """The FAQ with a sample question when the outline places it; else commented."""
    if placed:
        return f"""\
faq:                 # placed by the line <!-- faq --> in the body
  - q: {_FAQ_QUESTION}
    a: {_FAQ_ANSWER}
"""
    return f"""\
# faq:               # placed by a line <!-- faq --> in the body (or after it)
#   - q: {_FAQ_QUESTION}
#     a: {_FAQ_ANSWER}
"""


def _outline(outline: Outline) -> str:
    parts = [outline.lead]
    for section in outline.all_sections:
        parts += [f"## {section.heading}", section.text]
        if section.marker:
            parts.append(f"<!-- {section.marker} -->")
    return "\n\n".join(parts) + "\n"


def placeholder_problems(source: _Written) -> list[Problem]:
    """A warning for each sample text of ``page_text`` still in ``source`` as written."""
    raw, file = source.raw, source.file
    found: list[Problem] = []

    def still(path: tuple[str | int, ...], key: str, hint: str) -> None:
        found.append(Problem(file, source.line_of(*path), key, f"{PLACEHOLDER}: {hint}",
                             Severity.WARNING))

    if _same(raw.get("description"), PLACEHOLDER_DESCRIPTION):
        still(("description",), "description",
              "write one sentence on what this page answers (cards and search results show it)")
    checklists = raw.get("checklists")
    for checklist_id, checklist in (checklists.items() if isinstance(checklists, Mapping)
                                    else ()):
        items = checklist.get("items") if isinstance(checklist, Mapping) else None
        for index, item in enumerate(items if isinstance(items, list) else ()):
            if any(_same(item, example) for example in _CHECKLIST_ITEMS):
                still(("checklists", checklist_id, "items", index),
                      f"checklists.{checklist_id}.items[{index}]", "write a step to check")
    faq = raw.get("faq")
    for index, entry in enumerate(faq if isinstance(faq, list) else ()):
        if not isinstance(entry, Mapping):
            continue
        if _same(entry.get("q"), _FAQ_QUESTION):
            still(("faq", index, "q"), f"faq[{index}].q", "write a question readers ask")
        if _same(entry.get("a"), _FAQ_ANSWER):
            still(("faq", index, "a"), f"faq[{index}].a", "write its answer")
    return found


def outline_problem(source: _Written, sentences: frozenset[str]) -> Problem | None:
    """A warning at the first of the sample lines of an outline (``sentences``:
    ``outline_sentences``) still in ``source``'s body, counting the others."""
    lines = [number for number, line in enumerate(source.body.splitlines(), source.body_line)
             if line.strip() in sentences]
    if not lines:
        return None
    more = f" and the {len(lines) - 1} after it" if len(lines) > 1 else ""
    return Problem(source.file, lines[0], None,
                   f"{PLACEHOLDER}: replace this sample line of the outline{more} with the "
                   "page's own text", Severity.WARNING)


def _same(value: Any, placeholder: str) -> bool:
    """Whether ``value`` is the placeholder, however the YAML wrapped it."""
    return isinstance(value, str) and " ".join(value.split()) == placeholder
