"""Reading a built site's search index (Pagefind's files)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any


#: Pagefind writes its filter chunks in an order that varies from run to run, and so the
#: names of its metadata and entry files; ``site_files`` leaves them out, and
#: ``search_index`` compares what they hold, page by page.
def _unordered(name: str) -> bool:
    return name.startswith("pagefind/filter/") or name == "pagefind/pagefind-entry.json" \
        or (name.startswith("pagefind/") and name.endswith(".pf_meta"))


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by path, but Pagefind's unordered ones."""
    files = {}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.is_file() and not _unordered(name):
            files[name] = path.read_bytes()
    return files


def decode_pagefind(data: bytes) -> Any:
    """A Pagefind fragment (gzip of ``pagefind_dcd`` and JSON) as JSON."""
    return json.loads(gzip.decompress(data).removeprefix(b"pagefind_dcd"))


def search_index(site: Path) -> dict[str, dict[str, Any]]:
    """Pagefind's index of a built site, page by page: URL (``/guides/x/``) → what it
    holds of the page (``content``, ``meta``, ``filters``, ``anchors``...)."""
    # never an empty index for a site built without one (``build_site(..., search=True)``)
    assert (site / "pagefind" / "pagefind-entry.json").is_file(), f"no search index in {site}"
    pages: dict[str, dict[str, Any]] = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        fragment = decode_pagefind(path.read_bytes())
        assert fragment["url"] not in pages, fragment["url"]
        pages[fragment["url"]] = fragment
    return pages
