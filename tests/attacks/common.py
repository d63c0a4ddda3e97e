"""What every attack test shares: hostile pages, and the checks of a built site.

A built page is safe when no element has an event-handler attribute (``on…``), no
address attribute holds a ``javascript:``, ``data:`` or ``vbscript:`` URL (however
spelt: the browser's view of it, entities decoded, white space and controls removed),
and no inline script carries the payload's call.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from ..support.sites import Built, build_site

#: The call every payload makes; found in a page's script, it would run.
CALL = "alert(1)"

#: Hostile strings for printed fields: markup breaking out of text, attributes,
#: comments, script and JSON.
PAYLOADS = {
    "tag": f"<img src=x onerror={CALL}>",
    "attribute": f'"><svg onload={CALL}>',
    "script": f"</script><script>{CALL}</script>",
    "comment": f"--><script>{CALL}</script><!--",
    "template": "{{ 7 * 7 }}{% raw %}",
}


_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "srcset", "poster",
                   "data", "background", "content")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\xa0]")
_BAD_SCHEME = re.compile(r"^(?:javascript|data|vbscript):", re.I)


def unsafe_elements(site: Path) -> list[str]:
    """Every element of every built HTML page that could run script, as ``file: tag``."""
    found = []
    for file in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                values = value if isinstance(value, list) else [value]
                if name.lower().startswith("on"):
                    found.append(f"{file.relative_to(site)}: <{element.name} {name}>")
                elif name.lower() in _URL_ATTRIBUTES and not (
                        name.lower() == "content" and element.get("http-equiv") is None):
                    for item in values:
                        probe = _INVISIBLE.sub("", html.unescape(str(item)))
                        probe = probe.partition("url=")[2] or probe  # meta refresh
                        if _BAD_SCHEME.match(probe):
                            found.append(f"{file.relative_to(site)}: <{element.name} "
                                         f"{name}={item!r}>")
            if element.name == "script" and not element.get("src") and \
                    CALL in (element.string or ""):
                if element.get("type") == "application/ld+json":
                    json.loads(element.string or "")  # data, not script: it must parse
                else:
                    found.append(f"{file.relative_to(site)}: <script>{element.string}</script>")
    return found


def build_strict(root: Path, files: dict[str, str | None]) -> Built:
    """The basic site with ``files`` written over it, built with ``--strict``."""
    return build_site(root, files, strict=True)


def outside(root: Path) -> list[str]:
    """Every path under ``root``'s parent, except the site's own sources and output."""
    return sorted(str(p.relative_to(root.parent)) for p in root.parent.rglob("*")
                  if not p.is_relative_to(root))
