"""The policies footer links resolve from every depth of page (home, landing, lane page)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support.sites import build_site


@pytest.mark.parametrize(("url", "href"), [
    ("", "policies/privacy/"),
    ("guides/", "../policies/privacy/"),          # a generated landing page, after the home
    ("guides/alpha/", "../../policies/privacy/"),
    # the policy page itself, at the depth of the guide rendered before it
    ("policies/privacy/", "./"),
])
def test_policy_links_resolve_from_each_depth(tmp_path: Path, url: str, href: str) -> None:
    built = build_site(tmp_path)

    links = built.html(url).select(".opsdesk-policies a")

    assert [a["href"] for a in links] == [href]
