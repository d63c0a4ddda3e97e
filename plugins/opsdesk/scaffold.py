"""A new lane page: every key of the content model, written out for the author to fill.

The page builds with ``--strict`` as written: required keys hold a value, optional ones
are empty (the default) or commented examples, so nothing is published by accident
except the placeholder description, which the author is told to replace.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata

from .model import Lane

__all__ = ["PLACEHOLDER_DESCRIPTION", "page_text", "slugify"]

PLACEHOLDER_DESCRIPTION = (
    "One sentence on what this page answers; cards and search results show it."
)

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """The file name stem of a title: ``Webhooks vs. Polling`` → ``webhooks-vs-polling``.

    Accents are folded to ASCII so the URL reads the same everywhere; an empty result
    (a title with no Latin letters or digits) means the caller must ask for a slug.
    """
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_title.casefold()).strip("-")


def _yaml_text(value: str) -> str:
    """A YAML scalar that reads back as exactly ``value`` (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def page_text(lane: Lane, title: str, *, today: dt.date,
              description: str = PLACEHOLDER_DESCRIPTION) -> str:
    """The Markdown file of a new page of ``lane``."""
    category = lane.category or lane.title or lane.label.capitalize()
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
# checklists:        # each placed in the body by a line <!-- checklist: ID --> (or after it)
#   before-you-start:
#     title: Before you start
#     items:
#       - Check the *first* thing.
#       - Check the second thing.
# faq:               # placed by a line <!-- faq --> in the body (or after it)
#   - q: What do readers ask first?
#     a: The answer, in Markdown.
next:                # a page such as {lane.id}/other-page.md; empty: next in the lane; false: none
related:             # up to three pages, such as [{lane.id}/other-page.md]; empty: by shared tags
order:               # position in the lane (a whole number); empty: after those with one, by title
draft: false         # true: not published, and never linked
aliases: []          # earlier paths of this page, such as [{lane.id}/old-name.md]; each redirects
---

Start with the answer: what the reader should do, and when. Two or three sentences.

## When this applies

Describe the situation and the symptoms a reader recognises.

## What to do

1. The first step.
2. The second step.

## Common mistakes

What goes wrong, and how to notice it early.

## How to check it worked

The evidence a reader can look at afterwards.
"""
