"""Descriptions are plain text: Markdown syntax in one is a located warning.

A description (a page's ``description``, a lane's and the site's in ``site-data/``) is
shown where nothing renders Markdown: the meta description, link previews, the lede,
cards, feeds, search results. ``**strong**`` there would show its stars, so the author
is told, at the line, and ``--strict`` fails; a lone ``*`` (``2 * 3``), ``snake_case``
or a bracket is text, and no warning.
"""

from __future__ import annotations

import re

from .problems import Problem, Severity, quoted

__all__ = ["description_problem", "markdown_syntax"]

#: Markdown's inline syntax, as an author expecting it to render would write it: strong
#: and emphasis (not ``2 * 3``, not ``snake_case``), a code span, a link or image
#: (inline or by reference), an autolink. Linear: each alternative is one scan of a line;
#: a link's text stops at a ``[`` (the last ``[`` before ``](`` starts the link found), so
#: that a run of ``[`` is not read again from each of them.
_MARKDOWN_SYNTAX = re.compile(
    r"\*\*\S(?:[^\n]*?\S)?\*\*|(?<!\w)__\S(?:[^\n]*?\S)?__(?!\w)"
    r"|(?<![\w*])\*(?=[^\s*])[^*\n]*?(?<=[^\s*])\*(?![\w*])"
    r"|(?<![\w_])_(?=[^\s_])[^_\n]*?(?<=[^\s_])_(?![\w_])"
    r"|`[^`\n]+`"
    r"|!?\[[^[\]\n]*\]\([^)\n]*\)|\[[^[\]\n]+\]\[[^\]\n]*\]"
    r"|<(?:https?|mailto):[^>\s]+>")


def markdown_syntax(text: str) -> str | None:
    """The first piece of Markdown syntax in ``text``, or ``None``."""
    found = _MARKDOWN_SYNTAX.search(text)
    return found.group() if found else None


def description_problem(file: str, line: int | None, key: str,
                        text: str | None) -> Problem | None:
    """The warning for Markdown in the description ``text`` at ``file:line``, if any."""
    found = markdown_syntax(text) if text else None
    if found is None:
        return None
    return Problem(file, line, key,
                   f"{quoted(found)} is Markdown, and a description is plain text "
                   "(meta description, lede, cards, feeds): it would show as written; "
                   "write the words without it", Severity.WARNING)
