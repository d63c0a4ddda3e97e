"""Family 8: generated hostile strings, for every field, through the pure functions.

Hypothesis mixes script payloads, entities, schemes, white space and control
characters. Whatever it makes: the front-matter Markdown never yields an element that
runs script; a text field either refuses the string or holds text that XML can carry;
a problem line stays one line.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html
from pydantic import ValidationError

from opsdesk import markup
from opsdesk.model import LanePage
from opsdesk.problems import Problem
from opsdesk.urls import url_refusal

_PIECES = ["javascript", "JaVaScRiPt", "vbscript", "data", ":", "&colon;", "&#58;", "&#x3A;",
           "&#106;", "&amp;", "alert(1)", "<script>", "</script>", "<img src=x onerror=",
           "\"", "'", ">", "<", "[a](", ")", "](", "![i](", "<http://x>", "\t", "\n", " ",
           "\x00", "\x07", "\x1b[2K", "\u2028", "\ufffe", "\u202e", "%0a", "\\", "//", "#",
           "mailto:", "https://x.org/", "../", "{{ 1 }}", "`", "*", "_", "[x]: "]
HOSTILE = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=3)),
                   max_size=12).map("".join)

_BAD = re.compile(r"^(?:javascript|data|vbscript):", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\xa0]")
FIELDS = ["title", "description", "category", "keyword", "audience", "quick_take"]
EXAMPLES = settings(max_examples=60, deadline=None)


def _runs_script(rendered: str) -> list[str]:
    if not rendered.strip():
        return []
    found = []
    for element in lxml_html.fragment_fromstring(rendered, create_parent="div").iter():
        for name, value in element.attrib.items():
            probe = _INVISIBLE.sub("", html.unescape(value))
            if name.lower().startswith("on") or (name in ("href", "src") and _BAD.match(probe)):
                found.append(f"{element.tag} {name}={value!r}")
        if element.tag == "script":
            found.append("script")
    return found


@EXAMPLES
@given(HOSTILE)
def test_front_matter_markdown_never_renders_script(text: str) -> None:
    assert _runs_script(str(markup.block(text))) == []


@EXAMPLES
@given(HOSTILE)
def test_an_address_the_rule_passes_is_no_script_to_a_browser(address: str) -> None:
    if url_refusal(address) is None:
        assert not _BAD.match(_INVISIBLE.sub("", html.unescape(html.unescape(address))))


@EXAMPLES
@given(st.sampled_from(FIELDS), HOSTILE)
def test_a_text_field_refuses_the_string_or_holds_xml_text(field: str, value: str) -> None:
    data = {"title": "T", "description": "D", "updated": dt.date(2026, 6, 1), field: value}
    try:
        meta = LanePage.model_validate(data)
    except ValidationError:
        return
    etree.Element("x").text = getattr(meta, field)  # lxml refuses what XML cannot carry


@EXAMPLES
@given(HOSTILE, HOSTILE, HOSTILE)
def test_a_problem_is_one_line(path: str, key: str, message: str) -> None:
    shown = str(Problem(path, 3, key or None, message))

    assert len(shown.splitlines()) == 1
    assert "\x1b" not in shown
    assert "\r" not in shown
    assert "\u2028" not in shown
