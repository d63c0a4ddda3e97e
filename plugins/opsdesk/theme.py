"""The theme's one boundary: every value our templates or Material print passes here.

Our block templates (``partials/opsdesk/``) are rendered by an autoescaping environment
(``environment``): every ``{{ value }}`` is escaped by ``markupsafe.escape`` unless it is
``Markup`` (made here); MkDocs' own
environment, which renders Material's templates and ``main.html``, does not autoescape,
so everything the adapter hands it (the site's name and description, a page's title and
description, a table-of-contents entry, the rendered blocks, the labels) is made here,
escaped or marked safe. One library does it: ``markupsafe``. Nothing else in the package
escapes HTML or marks a string as safe (``tests/test_theme_boundary.py`` checks it).

What each function gives:

- ``text``: text, escaped for HTML text or a quoted attribute value (``& < > " '``);
- ``heading``: a heading's text, from MkDocs' table of contents (HTML), escaped;
- ``url``: an address, through ``urls.safe_url`` (the one URL rule), escaped;
- ``rendered``: HTML our own pipeline made, marked safe once: the front-matter Markdown
  (``markup``: raw HTML shown as text, every address through ``urls.url_refusal``) and
  the output of an autoescaping template;
- ``json_ld``: a ``<script type="application/ld+json">`` no value can break out of;
- ``join``, ``EMPTY``: rendered pieces put together;
- ``markdown_text``: text as Markdown source that renders as exactly that text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, Template
from jinja2.runtime import Context
from markupsafe import Markup, escape

from .urls import safe_url

__all__ = ["EMPTY", "environment", "heading", "join", "json_ld", "labels", "markdown_text",
           "meta", "rendered", "text", "url"]

EMPTY = Markup()
"""Nothing to show."""


def text(value: object) -> Markup:
    """``value`` as HTML text, or as a quoted attribute's value: ``&``, ``<``, ``>``,
    ``"`` and ``'`` escaped. A value the boundary already made (``Markup``) is kept."""
    return escape(value)


def heading(html: str) -> Markup:
    """A table-of-contents entry's title, which MkDocs gives as HTML (``AnchorLink``'s
    ``title``): its text only, escaped (no markup of a heading reaches a list of them)."""
    return escape(Markup(html).striptags())  # noqa: S704 - only read back as text


def url(value: str) -> Markup:
    """An address for ``href``/``src``: what ``urls.safe_url`` passes, escaped; nothing
    (an empty address) for one it refuses. Our own addresses always pass; an author's
    are refused earlier, with a located error (``markup``, ``source``)."""
    safe = safe_url(value)
    return escape(safe) if safe is not None else EMPTY


def rendered(html: str) -> Markup:
    """HTML our own pipeline made, marked safe as it is. Only two producers call this:
    ``markup`` (front-matter Markdown through a converter that shows raw HTML as text and
    drops refused addresses) and ``links``/``render`` (that HTML with its addresses
    rewritten through ``url``, or the output of an autoescaping template). Marking it
    once here, not escaping it, is what makes ``<em>`` a tag and ``&lt;`` text."""
    return Markup(html)  # noqa: S704 - see above: our pipeline's own, already safe HTML


def join(parts: Iterable[Markup]) -> Markup:
    """Rendered pieces, one after the other (a plain ``str`` among them is escaped)."""
    return EMPTY.join(parts)


#: In a ``<script>``, ``</script>`` or ``<!--`` would end or change it; U+2028 and U+2029
#: end a line in older JavaScript. Each as its JSON escape: the same JSON value. (Replaced
#: one after the other: ``str.translate`` with a mapping took a fifth of a millisecond
#: for a page's FAQ; no replacement brings back a character replaced before it.)
_JSON_IN_SCRIPT = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                   ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def json_ld(data: Mapping[str, Any]) -> Markup:
    """A ``<script type="application/ld+json">`` of ``data`` that no value can break
    out of: ``<``, ``>``, ``&``, U+2028 and U+2029 as JSON escapes."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for character, escaped in _JSON_IN_SCRIPT:
        payload = payload.replace(character, escaped)
    return rendered(f'<script type="application/ld+json">{payload}</script>')


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def markdown_text(value: str) -> str:
    """``value`` as Markdown source that renders as exactly that text: HTML escaped,
    and every character that starts Markdown syntax backslashed (no raw HTML, no link)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(escape(value)))


def meta(values: Mapping[str, object]) -> dict[str, Markup]:
    """Front-matter values for Material (``page.meta``: ``title``, ``description``),
    which prints them without escaping: each escaped, so it reads as written."""
    return {key: text(value) for key, value in values.items()}


def labels(values: Mapping[str, object]) -> dict[str, Markup]:
    """The site's labels for the templates MkDocs renders (no autoescape), escaped."""
    return {key: text(value) for key, value in values.items() if isinstance(value, str)}


def environment(loader: BaseLoader) -> Environment:
    """The Jinja environment of our block templates: autoescaping (every printed value
    escaped by ``markupsafe.escape``, as ``text`` does, or ``Markup`` made here), an
    undefined name an error. (No ``finalize``: it escaped each value a second time, and
    took a third of the time of rendering a block.)"""
    env = Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # one Renderer per build: no stat of each template per use
    )
    env.template_class = _GlobalsMerged
    return env


class _GlobalsMerged(Template):
    """Jinja's ``Template``, but a render's context is made from the environment's and
    the template's globals merged as two dicts (``dict.update``), not read key by key
    through their ``ChainMap``: that was a third of the blocks' rendering time in a build
    of 1,000 pages (14,000 renders), and half of a small block's. The context holds the
    same names and values."""

    def new_context(self, vars: dict[str, Any] | None = None,  # Jinja's names
                    shared: bool = False, locals: Mapping[str, Any] | None = None,
                    ) -> Context:
        maps = getattr(self.globals, "maps", None)
        if shared or maps is None:
            return super().new_context(vars, shared, locals)
        merged: dict[str, Any] = {}
        for names in reversed(maps):  # the first map wins, as in the ChainMap
            merged.update(names)
        merged.update(vars or ())
        return super().new_context(merged, True, locals)  # "shared": taken as it is
