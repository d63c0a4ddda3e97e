"""The one rule for every URL an author writes, and where an alias would be written.

Every address that comes from front matter or site data (a Markdown link in any
front-matter field, ``next``, ``related``, a policy link, an alias, ``site.yml`` ``url``)
passes ``url_refusal``: entities decoded (again and again, as ``&amp;colon;`` hides
``&colon;``), white space and control characters removed as browsers remove them
(``java\\nscript:`` is ``javascript:`` to a browser), then only relative addresses,
``http``, ``https`` and ``mailto`` pass. Hugo's ``html/template`` does the same with
``#ZgotmplZ``; here a refused address is a located error, never part of a page.

``alias_file`` turns an alias into the file mkdocs-redirects would write, the way MkDocs
names a page's file (``README.md`` and ``index.md`` are a folder's index), after
normalising ``.`` and ``..`` segments, doubled and back slashes and percent-encoding.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from urllib.parse import unquote

from .inventory import address

__all__ = ["ALLOWED_SCHEMES", "alias_file", "control_character", "invisible_character",
           "safe_url", "url_refusal"]

ALLOWED_SCHEMES = ("http", "https", "mailto")

#: What browsers drop from an address before reading its scheme: ASCII white space and
#: C0 controls anywhere (the URL standard strips leading C0 controls and spaces and
#: removes every tab and newline), plus the other Unicode white space and invisible
#: format characters an attacker could hide a scheme behind.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\xa0\u1680\u180e\u2000-\u200f\u2028-\u202f"
                        r"\u205f-\u206f\u3000\ufeff]")
_SCHEME = re.compile(r"\A([A-Za-z][A-Za-z0-9+.\-]*):")
#: Characters no text of ours may hold: C0 and C1 controls (tab, newline and carriage
#: return aside), lone surrogates and the Unicode noncharacters, which XML (feeds,
#: sitemap) cannot carry at all.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                      "\ufffe\uffff\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe"
                      "\U0003ffff\U0004fffe\U0004ffff\U0005fffe\U0005ffff\U0006fffe"
                      "\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff\U0009fffe"
                      "\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe"
                      "\U000cffff\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe"
                      "\U000fffff\U0010fffe\U0010ffff]")
_MAX_DECODING = 8


def control_character(text: str) -> str | None:
    """``U+0007``, the first character of ``text`` that no page or feed may hold."""
    if text.isascii() and text.isprintable():  # U+0020 to U+007E only: none of them
        return None
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


#: Characters that print as nothing but are letters, not format characters: the Hangul
#: fillers, which look like a blank yet pass as a word.
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")


def invisible_character(text: str) -> str | None:
    """``U+202E``, the first character of ``text`` that is invisible or changes the
    direction of the text around it: a format character (Unicode category ``Cf``: the
    bidirectional embeddings, overrides and isolates, zero-width spaces and joiners, the
    word joiner, the byte order mark, the soft hyphen...) or a Hangul filler. Such a
    character makes a title, tag or address read otherwise than it is, so the names and
    one-line texts of the front matter and site data refuse it; body text keeps it."""
    if text.isascii():
        return None
    for char in text:
        if char in _FILLERS or unicodedata.category(char) == "Cf":
            return f"U+{ord(char):04X}"
    return None


def _decoded(value: str) -> str:
    """``value`` with its character references decoded until none is left."""
    for _ in range(_MAX_DECODING):
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    return value


def url_refusal(value: str) -> str | None:
    """Why ``value`` may not be an address on a page, or ``None`` when it may.

    Relative addresses (``../fixes/foo.md``, ``#top``, ``?q=1``), ``http``, ``https`` and
    ``mailto`` pass; any other scheme, however spelt, is refused.
    """
    control = control_character(value)
    if control:
        return f"contains a control character ({control})"
    probe = _INVISIBLE.sub("", _decoded(value)).replace("\\", "/")
    match = _SCHEME.match(probe)
    if match and match.group(1).lower() not in ALLOWED_SCHEMES:
        return (f"the scheme '{match.group(1).lower()}:' is not allowed: use a relative "
                "address, http, https or mailto")
    return None


def safe_url(value: str) -> str | None:
    """``value`` when it may be an address on a page (``url_refusal``), else ``None``."""
    return None if url_refusal(value) else value


#: Files and folders the build writes at the site's root besides the pages: no alias
#: may be written over them or inside them.
RESERVED_FILES = ("404.html", "sitemap.xml", "sitemap.xml.gz", "atom.xml", "robots.txt",
                  "objects.inv")
RESERVED_FOLDERS = ("assets", "search", "pagefind", "stylesheets", "javascripts")
#: The longest file or folder name most file systems take, in bytes.
NAME_MAX = 255
_FEED = re.compile(r"\Aatom(?:-[^/]*)?\.xml\Z")


def alias_file(alias: str, *, directory_urls: bool = True) -> tuple[str | None, str]:
    """``(site-relative file, "")`` that the redirect of ``alias`` is written to, or
    ``(None, why)`` when it cannot be written inside the site or over a generated file."""
    refusal = url_refusal(alias)
    if refusal:
        return None, refusal
    written = alias.strip()
    path = unquote(written).replace("\\", "/")
    hidden = control_character(path) or _line_control(path)
    if hidden:
        said = "contains" if (control_character(written) or _line_control(written)) else \
            "its percent-encoding hides"
        return None, f"{said} a control character ({hidden})"
    invisible = invisible_character(path)
    if invisible:
        return None, f"its percent-encoding hides an invisible character ({invisible})"
    if _PERCENT.search(path):
        return None, ("it is percent-encoded twice ('%25' is an encoded '%'): write the "
                      "path as it reads, encoded once at most")
    if path.startswith("//"):
        return None, ("it names another host ('//'): an alias is a path relative to "
                      "content/, such as 'guides/old-name.md'")
    head = path.split("/", 1)[0]
    if ":" in head:
        return None, (f"its first segment '{head}' reads as a scheme or a drive: an alias is "
                      "a path relative to content/, such as 'guides/old-name.md'")
    if path.startswith("/"):
        return None, "an alias is a path relative to content/, not an absolute one"
    normal = posixpath.normpath(path)
    if normal == ".." or normal.startswith("../"):
        return None, "it leads outside the site's folder"
    if not normal.endswith(".md") or normal.endswith("/.md") or normal == ".md":
        return None, "expected an old page path ending in .md, such as 'guides/old-name.md'"
    file = address(normal, directory_urls=directory_urls).file
    long_name = next((part for part in file.split("/")
                      if len(part.encode("utf-8", "surrogatepass")) > NAME_MAX), None)
    if long_name is not None:
        return None, (f"the name '{long_name[:20]}…' is longer than the {NAME_MAX} bytes a "
                      "file or folder name may have")
    head = file.split("/", 1)[0]
    reserved = next((part for part in _ancestors(file) if part in RESERVED_FILES
                     or _FEED.match(part)), None)
    if reserved:
        return None, f"the build writes '{reserved}' itself"
    if head in RESERVED_FOLDERS and "/" in file:
        return None, f"the build writes the folder '{head}/' itself"
    return file, ""


_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_LINE_CONTROL = re.compile(r"[\t\n\r]")


def _line_control(text: str) -> str | None:
    """``U+0009``: the tab or line break in ``text``, which ``control_character`` lets
    through (body text holds them) and no address may hold."""
    found = _LINE_CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def _ancestors(file: str) -> list[str]:
    """``a/b/c.html`` → ``a``, ``a/b``, ``a/b/c.html``."""
    parts = file.split("/")
    return ["/".join(parts[: index + 1]) for index in range(len(parts))]
