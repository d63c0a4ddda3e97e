"""``<link rel=prev/next>`` follow the reader's order: the page's "Next page", not the
order of the folders, even when ``next:`` jumps to another lane."""

from __future__ import annotations

import posixpath
from pathlib import Path

from .support.sites import SITES, Built, build_site

LANE_PAGES = ["guides/alpha/", "guides/beta/", "guides/gamma/", "fixes/one-fix/"]


def _resolve(url: str, href: str) -> str:
    """A link's target as a site-relative URL (``guides/beta/``)."""
    return posixpath.normpath(posixpath.join(url, href)) + "/"


def _head_link(built: Built, url: str, rel: str) -> str | None:
    links = built.html(url).select(f'head link[rel="{rel}"]')
    assert len(links) <= 1, (url, rel)
    return _resolve(url, links[0]["href"]) if links else None


def _next_page(built: Built, url: str) -> str | None:
    link = built.html(url).select_one(".opsdesk-next a")
    return _resolve(url, link["href"]) if link else None


def test_rel_next_and_prev_follow_next_page_across_lanes(tmp_path: Path) -> None:
    beta = (SITES / "basic/content/guides/beta.md").read_text()
    built = build_site(tmp_path, {"content/guides/beta.md": beta.replace(
        "order: 2\n", "order: 2\nnext: fixes/one-fix.md\n")}, strict=True)
    assert built.ok, built.messages()

    # The reader's order: alpha → beta (by order), then beta's next: jumps to the fixes.
    assert _next_page(built, "guides/alpha/") == "guides/beta/"
    assert _next_page(built, "guides/beta/") == "fixes/one-fix/"
    assert _head_link(built, "guides/alpha/", "next") == "guides/beta/"
    assert _head_link(built, "guides/beta/", "next") == "fixes/one-fix/"
    assert _head_link(built, "fixes/one-fix/", "prev") == "guides/beta/"  # not the home page
    assert _head_link(built, "guides/beta/", "prev") == "guides/alpha/"
    # Folder order would make gamma follow beta; no page's "Next page" is gamma.
    assert _head_link(built, "guides/gamma/", "prev") is None

    for url in LANE_PAGES:
        assert _head_link(built, url, "next") == _next_page(built, url), url
        pointing = [other for other in LANE_PAGES if _next_page(built, other) == url]
        assert _head_link(built, url, "prev") == (pointing[0] if pointing else None), url
