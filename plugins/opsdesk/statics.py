"""Static files under ``content/`` that a browser would run as a document of the site.

A static file is published as it is: no check, block or policy of the site reaches it, and
a reviewer reading a pull request sees a file name, not what a browser makes of it. A page
body may not run script unless ``site.yml`` allows page scripts (``csp.py``); a static file
must not do it either, through the back door:

- an HTML or XML document (``.html``, ``.xhtml``, ``.xml``, ``.xsl`` …) opened at its
  address runs its scripts on the site's origin, with no Content Security Policy: it is
  never published from ``content/`` (the theme's files, under ``templates/``, are the
  operator's);
- an SVG drawing runs script when opened at its address (not as an ``<img>``): it is
  published only when it holds nothing that runs or loads a document (``svg_refusal``).

Each refusal is a located error, and the file is left out. This module imports nothing
from MkDocs.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from pathlib import Path

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser

__all__ = ["DOCUMENT_SUFFIXES", "MOST_SVG_BYTES", "static_refusal", "svg_refusal"]

#: Names a browser opens as a document that can run script (matched without case).
DOCUMENT_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".shtml", ".shtm", ".mht", ".mhtml",
                     ".hta", ".xml", ".xsl", ".xslt", ".svgz")
#: An SVG drawing larger than this is refused unread.
MOST_SVG_BYTES = 10 * 1024 * 1024

_XHTML = "{http://www.w3.org/1999/xhtml}"
#: Elements that run script or hold another document, in any namespace.
_ACTIVE = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler",
                     "listener", "frame", "frameset", "base", "meta"})
#: Addresses that run script or make a document of their own text.
_SCHEME = re.compile(r"(?:java|vb)script:|data:(?!image/(?:png|jpe?g|gif|webp)[;,])")
#: What a browser skips in a URL's scheme: controls, spaces and their entities' results.
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")


def static_refusal(path: str, disk: str) -> str | None:
    """Why the static file ``path`` of ``content/`` (read from ``disk``) is not published,
    or ``None`` when it is."""
    suffix = posixpath.splitext(posixpath.basename(path))[1].lower()
    if suffix in DOCUMENT_SUFFIXES:
        return (f"is a document a browser runs as it is ({suffix}): no check, block or "
                "policy of the site reaches it, so it is not published; write it as a page "
                "(a .md file), or put it under templates/ if the theme needs it")
    if suffix == ".svg":
        why = svg_refusal(Path(disk))
        if why is not None:
            return (f"is an SVG drawing that {why}: opened at its address, it could run "
                    "script on the site, so it is not published; remove that, or export the "
                    "drawing without scripts")
    return None


def svg_refusal(disk: Path) -> str | None:
    """What in the SVG drawing at ``disk`` runs script or loads a document (``None``:
    nothing). Read with defusedxml's parser, which refuses a document type (and with it
    any entity) as it meets it, in any encoding, and never fetches anything."""
    try:
        if disk.stat().st_size > MOST_SVG_BYTES:
            return f"is over {MOST_SVG_BYTES // (1024 * 1024)} MB"
        data = disk.read_bytes()
    except OSError as error:
        return f"cannot be read ({error.strerror or type(error).__name__})"
    target = _Target()
    parser = DefusedXMLParser(target=target, forbid_dtd=True)
    try:
        parser.feed(data)
        root = parser.close()
    except DTDForbidden:
        return "declares a document type (<!DOCTYPE>, entities)"
    except (etree.ParseError, DefusedXmlException) as error:
        return f"is not well-formed XML ({error})"
    if target.instructions:
        return "has a processing instruction (<?…?>), which can apply a stylesheet"
    for element in root.iter():
        why = _element_refusal(element)
        if why is not None:
            return why
    return None


class _Target(etree.TreeBuilder):
    """The tree of a drawing, and its processing instructions wherever they are: the tree
    keeps none outside the root element, where a stylesheet's instruction stands."""

    def __init__(self) -> None:
        super().__init__()
        self.instructions: list[str] = []

    def pi(self, target: str, data: str | None = None) -> etree.Element:
        self.instructions.append(target)
        return super().pi(target, data)


def _element_refusal(element: etree.Element) -> str | None:
    tag: object = element.tag  # the factory itself for a comment
    if not isinstance(tag, str):
        return None
    local = tag.rsplit("}", 1)[-1].lower()
    if local in _ACTIVE:
        return f"has a <{local}> element"
    if tag.startswith(_XHTML):
        return f"has an HTML element (<{local}>)"
    for name, value in element.attrib.items():
        attribute = name.rsplit("}", 1)[-1].lower()
        if attribute.startswith("on"):
            return f"has an event handler ({attribute}= on <{local}>)"
        if _SCHEME.search(_IGNORED.sub("", value).lower()):
            return f"has an address that runs script or makes a document ({attribute}= on " \
                   f"<{local}>)"
    return None
