"""Markdown for front-matter values: inline or block, with raw HTML shown as text.

Front matter is data, not HTML: a title such as ``Retries & <Idempotency> Keys`` must
read as written, never become markup. Python-Markdown has no safe mode, so the two
processors that pass raw HTML through are removed, and links keep only safe schemes.
One converter is built per process and reset between values. Most values are plain
prose (no character that starts Markdown syntax): they skip the converter, whose output
for them is known, because the FAQ and checklists of thousands of pages are tens of
thousands of values.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

__all__ = ["block", "inline", "plain"]

_SAFE_URL = re.compile(r"^(?:https?:|mailto:|#|/|\.|[^:/?#]*(?:[/?#]|$))", re.I)
_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\Z", re.S)
# One line that starts with a letter (not a list, heading, quote or code block), ends
# with no space (no hard break) and holds no character that starts Markdown syntax or
# needs escaping: Markdown renders it as exactly ``<p>text</p>``.
_PROSE = re.compile(r"\A[^\W\d_][^\x00-\x1f\x7f\\`*_\[\]<>&#!~|{}=+^]*(?<!\s)\Z")
#: Distinct values kept converted: every title, description, FAQ and checklist item of
#: a few thousand pages (the JSON-LD converts the FAQ again, after the page).
_CACHE_SIZE = 1 << 18


class _SafeLinks(Treeprocessor):
    """Drop link and image addresses with a scheme other than http(s) or mailto."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not _SAFE_URL.match(value.strip()):
                    del element.attrib[attribute]


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_SafeLinks(md), "opsdesk_safe_links", 0)
    return md


@lru_cache(maxsize=_CACHE_SIZE)
def block(text: str) -> Markup:
    """``text`` as Markdown blocks (paragraphs, lists), raw HTML escaped."""
    if _PROSE.match(text):
        return Markup(f"<p>{text}</p>")  # noqa: S704 - no character that needs escaping
    md = _converter()
    html = md.reset().convert(text)
    return Markup(html)  # noqa: S704 - produced by the sanitised converter above


@lru_cache(maxsize=_CACHE_SIZE)
def inline(text: str) -> Markup:
    """``text`` as one line of inline Markdown (emphasis, code, links), raw HTML escaped."""
    html = str(block(text))
    match = _PARAGRAPH.match(html)
    return Markup(match.group(1) if match else html)  # noqa: S704


@lru_cache(maxsize=_CACHE_SIZE)
def plain(text: str) -> str:
    """The visible text of ``text`` rendered as Markdown, for meta tags and JSON-LD."""
    if _PROSE.match(text):
        return " ".join(text.split())  # what striptags leaves of <p>text</p>
    return block(text).striptags()
