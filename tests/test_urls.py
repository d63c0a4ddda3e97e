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


@pytest.mark.parametrize("code", range(0x80))
def test_each_ascii_character_is_refused_exactly_when_it_is_a_control(code: int) -> None:
    """``control_character`` skips its pattern for printable ASCII text: every ASCII
    character is judged as the pattern judges it, alone and inside a text."""
    from opsdesk.urls import _CONTROL, control_character

    character = chr(code)
    expected = f"U+{code:04X}" if _CONTROL.match(character) else None
    assert control_character(character) == expected
    assert control_character(f"ab{character}cd") == expected
