"""Markdown for front-matter values: inline or block, with raw HTML shown as text.

Front matter is data, not HTML: a title such as ``Retries & <Idempotency> Keys`` must
read as written, never become markup. Python-Markdown has no safe mode, so the two
processors that pass raw HTML through are removed, and every link and image address
passes ``urls.url_refusal``: a refused one is dropped from the HTML and reported by
``refused_urls`` (the page's loader makes it a located error).
One converter is built per process and reset between values. Most values are plain
prose (no character that starts Markdown syntax): they skip the converter, whose output
for them is known, because the FAQ and checklists of thousands of pages are tens of
thousands of values.
"""

from __future__ import annotations

import html as entities
import re
import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE
from markupsafe import Markup

from . import theme
from .urls import url_refusal

__all__ = ["block", "inline", "plain", "refused_urls", "render_cache_clear"]

_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\Z", re.S)
# One line that starts with a letter (not a list, heading, quote or code block), ends
# with no space (no hard break) and holds no character that starts Markdown syntax or
# needs escaping: Markdown renders it as exactly ``<p>text</p>``.
_PROSE = re.compile(r"\A[^\W\d_][^\x00-\x1f\x7f\\`*_\[\]<>&#!~|{}=+^]*(?<!\s)\Z")
#: A value of one line that starts with a letter and holds, besides plain prose, only
#: asterisks and backticks (emphasis, strong, code spans): ``_shaped`` renders it.
_SHAPED = re.compile(r"\A[^\W\d_][^\x00-\x1f\x7f\\_\[\]<>&#!~|{}=+^]*\Z")
#: A run of prose between asterisks and backticks, without the spaces at its ends.
_RUN = re.compile(r"[^\s*`](?:[^*`]*[^\s*`])?")
#: The placeholder of the n-th run in a shape: no run and no tag of Markdown's reads so.
_TOKEN = re.compile(r"Q(\d+)Q")
#: Distinct values kept converted: every title, description, FAQ and checklist item of
#: a few thousand pages (the JSON-LD converts the FAQ again, after the page).
_CACHE_SIZE = 1 << 18


class _SafeLinks(Treeprocessor):
    """Drop every address that ``urls.url_refusal`` refuses, and note it in ``refused``."""

    refused: list[tuple[str, str]]

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in list(element.attrib):
                value = element.attrib[attribute]
                if attribute.lower().startswith("on"):
                    del element.attrib[attribute]
                    continue
                if attribute.lower() not in _URL_ATTRIBUTES:
                    continue
                reason = _refusal(value)
                if reason is not None:
                    del element.attrib[attribute]
                    self.refused.append((value, reason))


def _refusal(value: str) -> str | None:
    """``url_refusal`` of an address as Markdown leaves it in the tree. An e-mail autolink
    (``<ops@example.org>``) comes out obfuscated, each character a reference whose ``&``
    is Markdown's placeholder (``\\x02amp\\x03``, a control character no author can write:
    ``model`` refuses those): it passes when it reads as a ``mailto:`` address."""
    if AMP_SUBSTITUTE not in value:
        return url_refusal(value)
    address = entities.unescape(value.replace(AMP_SUBSTITUTE, "&"))
    if not address.startswith("mailto:"):
        return url_refusal(value)
    return url_refusal(address)


_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "srcset", "poster",
                             "background", "xlink:href"})


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_SafeLinks(md), "opsdesk_safe_links", 0)
    return md


@lru_cache(maxsize=_CACHE_SIZE)
def _convert(text: str) -> tuple[Markup, tuple[tuple[str, str], ...]]:
    """``text`` as sanitised HTML, and the ``(address, why)`` of each address refused."""
    if _PROSE.match(text):
        # no character that needs escaping: Markdown would render exactly this
        return theme.rendered(f"<p>{text}</p>"), ()
    if _SHAPED.match(text) and (html := _shaped(text)) is not None:
        return theme.rendered(html), ()  # the converter's, of its shape
    html, refused = _converted(text)
    return theme.rendered(html), refused  # the sanitised converter's


def _converted(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The converter's HTML of ``text``, and the addresses it refused."""
    md = _converter()
    safe_links = md.treeprocessors["opsdesk_safe_links"]
    assert isinstance(safe_links, _SafeLinks)
    safe_links.refused = []
    return md.reset().convert(text), tuple(safe_links.refused)


def _shaped(text: str) -> str | None:
    """What the converter makes of ``text`` (``_SHAPED``), from what it makes of its shape:
    each run of prose replaced by a placeholder. Markdown passes such a run through as it
    is, in text and in a code span alike, and what it does around one depends only on
    the asterisks, backticks and spaces that the shape keeps: so the shapes of a portfolio's
    values (a few dozen) are converted, not its thousands of values. ``None`` (convert
    the value itself) if the placeholders do not come back once each, in order."""
    runs: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        runs.append(match[0])
        return f"Q{len(runs) - 1}Q"

    shape = _shape(_RUN.sub(placeholder, text))
    order: list[int] = []

    def run(match: re.Match[str]) -> str:
        order.append(number := int(match[1]))
        return runs[number] if number < len(runs) else match[0]

    html = _TOKEN.sub(run, shape)
    return html if order == list(range(len(runs))) else None


@lru_cache(maxsize=_CACHE_SIZE)
def _shape(shape: str) -> str:
    """The converter's HTML of a shape (``_shaped``): it holds no address."""
    return _converted(shape)[0]


def block(text: str) -> Markup:
    """``text`` as Markdown blocks (paragraphs, lists), raw HTML escaped."""
    return _convert(text)[0]


def refused_urls(text: str) -> tuple[tuple[str, str], ...]:
    """``(address as written, why)`` of every address of ``text`` that no page may hold."""
    return _convert(text)[1]


@lru_cache(maxsize=_CACHE_SIZE)
def inline(text: str) -> Markup:
    """``text`` as one line of inline Markdown (emphasis, code, links), raw HTML escaped."""
    html = str(block(text))
    match = _PARAGRAPH.match(html)
    return theme.rendered(match.group(1) if match else html)  # block's, unwrapped


@lru_cache(maxsize=_CACHE_SIZE)
def plain(text: str) -> str:
    """The visible text of ``text`` rendered as Markdown, for meta tags and JSON-LD."""
    if _PROSE.match(text):
        return " ".join(text.split())  # what striptags leaves of <p>text</p>
    return block(text).striptags()


def render_cache_clear() -> None:
    """Forget every text rendered (the caches live for one build: ``session``)."""
    for cached in (_convert, _shape, inline, plain):
        cached.cache_clear()
