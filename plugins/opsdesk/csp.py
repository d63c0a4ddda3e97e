"""The Content Security Policy every page carries: defence in depth behind the escaping.

Every page the site writes (pages, landing and listing pages, tag pages, the 404 page,
redirect pages) gets its policy from ``with_policy``, as a ``<meta http-equiv>`` first in
its ``<head>``: a policy in a ``<meta>`` governs only what follows it, so it stands before
any script and before any author's string. Under it only the site's own scripts run:

- script files of the site itself (``'self'``), and Pagefind's WebAssembly
  (``'wasm-unsafe-eval'``; its worker, ``pagefind/pagefind-worker.js``, is a file of the
  site too);
- inline scripts by their hash (``'sha256-…'``), for the scripts the site's templates emit
  on their own and, where ``site.yml`` sets ``page_scripts: true``, those of a page's body;
- no inline event handler (``onerror=``), no ``javascript:`` URL (no ``'unsafe-inline'``,
  no ``'unsafe-hashes'``), no plugin content (``object-src 'none'``), no ``<base>``
  pointing elsewhere (``base-uri 'self'``).

The hashes are never taken from the page as written: a string that slipped through the
escaping would then be hashed and allowed. The templates' scripts are rendered apart,
from the templates alone (``TemplateScripts``: no page, no author's string), and a body's
scripts are hashed only where the site allows them.

A ``<script>`` in a page's body (raw HTML) is an error at its line unless the site allows
page scripts (``body_script_problems``).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import Callable, Iterable
from html.parser import HTMLParser

from .problems import Problem
from .source import PageSource, code_lines, without_code_spans
from .theme import text

__all__ = [
    "TemplateScripts",
    "also_allowing",
    "body_script_problems",
    "inline_scripts",
    "policy",
    "script_hash",
    "with_policy",
]

#: The directives besides the scripts' hashes, in the policy's order.
_SCRIPTS = "script-src 'self' 'wasm-unsafe-eval'"
_OTHERS = ("object-src 'none'", "base-uri 'self'")

#: Script types a browser runs (an empty or missing ``type`` is JavaScript): any other
#: (``application/json``, ``application/ld+json``) is data, never run, and needs no hash.
_EXECUTED = frozenset({"", "module", "text/javascript", "application/javascript",
                       "application/ecmascript", "text/ecmascript", "text/jscript",
                       "application/x-javascript", "application/x-ecmascript",
                       "text/x-javascript", "text/x-ecmascript", "text/livescript",
                       "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
                       "text/javascript1.3", "text/javascript1.4", "text/javascript1.5"})

#: Where the policy goes: right after ``<head>`` (and its ``<meta charset>``, which must
#: stay within the page's first bytes), before anything else of the head.
_HEAD = re.compile(r"<head(?:\s[^>]*)?>(?:\s*<meta\s+charset\s*=[^>]*>)?", re.I)
_DOCTYPE = re.compile(r"\A\s*<!doctype[^>]*>", re.I)

#: A ``<script`` tag opening in a line of Markdown (raw HTML), any case.
_SCRIPT_TAG = re.compile(r"<script(?=[\s/>]|$)", re.I)


def script_hash(script: str) -> str:
    """The CSP source (``'sha256-…'``) that allows the inline script ``script``: the hash
    of its text as the browser reads it (a carriage return, with or without a line feed
    after it, is a line feed to an HTML parser)."""
    normalised = script.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8", "surrogatepass")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(scripts: Iterable[str] = ()) -> str:
    """The policy under which the inline scripts ``scripts``, and no other, run; script
    files only from the site itself. One policy for every page; only the hashes differ."""
    hashes = sorted({script_hash(script) for script in scripts})
    return "; ".join([" ".join([_SCRIPTS, *hashes]), *_OTHERS])


def with_policy(html: str, scripts: Iterable[str] = ()) -> str:
    """``html``, a whole page, with the policy allowing the inline ``scripts`` first in
    its ``<head>`` (after ``<meta charset>``); a page without a ``<head>`` tag gets it
    first (after its doctype), where the browser starts the head."""
    tag = _policy_tag(tuple(scripts))
    at = _HEAD.search(html) or _DOCTYPE.match(html)
    end = at.end() if at else 0
    return f"{html[:end]}\n    {tag}{html[end:]}"


@functools.lru_cache(maxsize=1 << 8)  # pages of one depth share their template's scripts
def _policy_tag(scripts: tuple[str, ...]) -> str:
    """The ``<meta>`` tag of ``policy(scripts)`` (kept for one build: ``session``)."""
    return f'<meta http-equiv="Content-Security-Policy" content="{text(policy(scripts))}">'


def policy_cache_clear() -> None:
    _policy_tag.cache_clear()


def also_allowing(html: str, scripts: Iterable[str]) -> str:
    """``html``, a page ``with_policy`` made, whose policy also allows the inline
    ``scripts``: for a script added as the page is served (``mkdocs serve``'s live
    reload), never one of the page's own."""
    hashes = sorted({script_hash(script) for script in scripts})
    ours = f'<meta http-equiv="Content-Security-Policy" content="{text(_SCRIPTS)}'
    return html.replace(ours, f"{ours}{text(''.join(f' {h}' for h in hashes))}", 1)


class _Scripts(HTMLParser):
    """The text of each inline script a browser would run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        values = dict(attrs)
        kind = (values.get("type") or "").strip().lower()
        inline = "src" not in values
        self._current = [] if inline and kind in _EXECUTED else None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.found.append("".join(self._current))
            self._current = None


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script of ``html`` that a browser runs (``<script>``
    without ``src``, of a JavaScript type or ``module``), in order."""
    if "<script" not in html.lower():
        return []
    parser = _Scripts()
    parser.feed(html)
    parser.close()
    return parser.found


class TemplateScripts:
    """The inline scripts the site's templates emit on their own, by ``base_url`` (the
    page's relative address of the site's root: Material's first script says it).

    ``render(base_url)`` gives the HTML of the templates that hold them, rendered with no
    page and no author's string (the adapter renders Material's ``partials/javascripts/``);
    each ``base_url`` is rendered once per build."""

    def __init__(self, render: Callable[[str], str]) -> None:
        self._render = render
        self._found: dict[str, list[str]] = {}

    def of(self, base_url: str) -> list[str]:
        """The inline scripts of the templates, for a page whose root is ``base_url``."""
        if base_url not in self._found:
            self._found[base_url] = inline_scripts(self._render(base_url))
        return self._found[base_url]


def body_script_problems(sources: Iterable[PageSource], *, allowed: bool) -> list[Problem]:
    """Unless the site allows page scripts (``site.yml``: ``page_scripts``), an error at
    each line of a page's body that opens a ``<script>`` (raw HTML, outside code blocks and
    code spans): the policy would not let it run, and a reviewer reading the Markdown may
    not notice it."""
    if allowed:
        return []
    return [Problem(source.file, line, None,
                    "a <script> in the body runs only where site-data/site.yml allows page "
                    "scripts (page_scripts: true): remove it, or write it in `code` to show "
                    "it as text")
            for source in sources for line in _script_lines(source)]


def _script_lines(source: PageSource) -> list[int]:
    """The file lines of ``source``'s body that open a ``<script>`` outside code, found
    once per page read (the page reader keeps the source between builds of ``serve``)."""
    if source.scripts is None:
        source.scripts = []
        if "<script" in source.body.lower():
            code = code_lines(source.body)
            source.scripts = [source.body_line + number
                              for number, line in enumerate(source.body.splitlines())
                              if number not in code
                              and _SCRIPT_TAG.search(without_code_spans(line))]
    return source.scripts
