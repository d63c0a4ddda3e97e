"""Reading a built site's search index (Pagefind's files)."""

from __future__ import annotations

import gzip
import json
import re
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


def named_pages(folder: Path) -> dict[str, dict[str, Any]]:
    """The pages of the index in ``folder`` (``site/pagefind``, or a part's folder) that
    its entry file names, by URL: under serve a folder also holds the files of the index
    it replaced, for a reader that began loading that one (``staging.carry``)."""
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages: dict[str, dict[str, Any]] = {}
    for language, about in entry["languages"].items():
        meta = gzip.decompress((folder / f"pagefind.{about['hash']}.pf_meta").read_bytes())
        # Chunks are named ``<language>_<hash>``; the metadata file (CBOR) names them all.
        for name in sorted(set(re.findall(rf"{language}_[0-9a-f]{{7,}}".encode(), meta))):
            path = folder / "fragment" / f"{name.decode()}.pf_fragment"
            if path.is_file():  # else an index or filter chunk
                fragment = decode_pagefind(path.read_bytes())
                pages[fragment["url"]] = fragment
    return pages
