"""Links between pages: pure functions, table-driven."""

from __future__ import annotations

import pytest

from opsdesk.portfolio import relative_url


@pytest.mark.parametrize(("from_url", "to_url", "expected"), [
    ("guides/alpha/", "guides/beta/", "../beta/"),
    ("guides/alpha/", "fixes/one-fix/", "../../fixes/one-fix/"),
    ("guides/alpha/", "./", "../../"),
    ("guides/", "guides/alpha/", "alpha/"),
    ("guides/", "policies/privacy/", "../policies/privacy/"),
    ("./", "guides/", "guides/"),
    ("./", "./", "./"),
    ("./", "atom.xml", "atom.xml"),
    ("guides/alpha/", "atom-guides.xml", "../../atom-guides.xml"),
    ("guides/alpha/", "guides/alpha/", "./"),
    ("a/b/c/", "a/b/", "../"),
    ("guides/alpha.html", "fixes/one.html", "../fixes/one.html"),  # no directory URLs
])
def test_relative_url(from_url: str, to_url: str, expected: str) -> None:
    assert relative_url(from_url, to_url) == expected
