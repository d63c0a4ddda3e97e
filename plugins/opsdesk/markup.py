"""Markdown for front-matter values: inline or block, with raw HTML shown as text.

Front matter is data, not HTML: a title such as ``Retries & <Idempotency> Keys`` must
read as written, never become markup. Python-Markdown has no safe mode, so the two
processors that pass raw HTML through are removed, and links keep only safe schemes.
One converter is built per process and reset between values.
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


@lru_cache(maxsize=4096)
def block(text: str) -> Markup:
    """``text`` as Markdown blocks (paragraphs, lists), raw HTML escaped."""
    md = _converter()
    html = md.reset().convert(text)
    return Markup(html)  # noqa: S704 - produced by the sanitised converter above


@lru_cache(maxsize=4096)
def inline(text: str) -> Markup:
    """``text`` as one line of inline Markdown (emphasis, code, links), raw HTML escaped."""
    html = str(block(text))
    match = _PARAGRAPH.match(html)
    return Markup(match.group(1) if match else html)  # noqa: S704


def plain(text: str) -> str:
    """The visible text of ``text`` rendered as Markdown, for meta tags and JSON-LD."""
    return block(text).striptags()
