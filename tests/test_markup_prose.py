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


def _direct(text: str) -> str:
    """The converter's HTML of ``text`` itself, never of its shape."""
    return markup._converted(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Support rolls back the manual fallback for `billing sync` without touching it.",
        "The team narrows who owns **idempotency** because the first fix hides another.",
        "Mixed *em*, **strong**, ***both*** and `code` in one line.",
        "A `code span with **stars** inside` stays code.",
        "Spaces in code: ` padded ` and `` double `ticks` `` too.",
        "Unclosed **strong and a lone * star and a stray ` tick",
        "Word**glued**word and a*b*c and `a`b`c`",
        "Not strong: a ** b ** c, and * alone *",
        "Dots... dashes — and (brackets) / slashes? 100% $5 @team: fine",
        "Q0Q and Q1Q look like placeholders but are the value's own",
        "Non\u00a0breaking **space\u00a0inside** and`\u00a0edge\u00a0`",
        "Trailing stars **",
        "Lead `",
    ],
)
def test_a_value_rendered_from_its_shape_is_what_the_converter_gives(text: str) -> None:
    assert markup._SHAPED.match(text)
    markup.render_cache_clear()
    assert str(markup.block(text)) == _direct(text)
    assert markup.plain(text) == Markup(_direct(text)).striptags()  # noqa: S704 - the converter's output


def test_values_of_one_shape_are_converted_once() -> None:
    markup.render_cache_clear()
    values = [f"Owner {n} maps **retry budgets** for `sync {n}` today." for n in range(50)]
    for value in values:
        assert str(markup.block(value)) == _direct(value)
    assert markup._shape.cache_info().currsize == 1


_SHAPE_ALPHABET = st.sampled_from(list("abXQ09 .,:'?()/-\u00a0") + ["*"] * 4 + ["`"] * 3)


@settings(max_examples=1500, deadline=None)
@given(st.text(_SHAPE_ALPHABET, min_size=0, max_size=24))
def test_shape_equals_converter(tail: str) -> None:
    text = "a" + tail  # a value that starts with a letter (``_SHAPED``)
    markup.render_cache_clear()
    assert str(markup.block(text)) == _direct(text)
