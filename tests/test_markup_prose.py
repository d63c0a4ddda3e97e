"""The prose shortcut of ``markup.block`` gives exactly what the converter gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from opsdesk import markup


def _converted(text: str) -> str:
    return markup._converter().reset().convert(text)


@pytest.mark.parametrize(
    ("text", "shortcut"),
    [
        ("Hello world", True),
        ("It's a \"quoted\" word: fine, really.", True),
        ("Über straße — ok", True),
        ("two  spaces inside", True),
        ("1. a list", False),
        ("- a list", False),
        ("# a heading", False),
        ("> a quote", False),
        ("a *stressed* word", False),
        ("snake_case", False),
        ("AT&T", False),
        ("a <b> tag", False),
        ("a [link](https://example.org)", False),
        ("two\nlines", False),
        ("tab\there", False),
        ("hard break  ", False),
    ],
)
def test_prose_shortcut_applies_only_to_plain_prose(text: str, shortcut: bool) -> None:
    assert bool(markup._PROSE.match(text)) is shortcut
    assert str(markup.block(text)) == _converted(text)
    assert markup.plain(text) == Markup(_converted(text)).striptags()  # noqa: S704 - the converter's output


_ALPHABET = st.sampled_from(list("abcXYZ019 .,;:'\"?()/%$@-—é\u00a0\t\n*_`[]<>&#!~|{}=+^\\"))


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, min_size=1, max_size=30))
def test_shortcut_equals_converter(text: str) -> None:
    if markup._PROSE.match(text):
        assert f"<p>{text}</p>" == _converted(text)
        assert markup.plain(text) == Markup(_converted(text)).striptags()  # noqa: S704 - the converter's output
