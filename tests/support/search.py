"""Reading a built site's search index (Pagefind's files)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by path, Pagefind's index included (its one order:
    ``opsdesk.search_order``)."""
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


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
