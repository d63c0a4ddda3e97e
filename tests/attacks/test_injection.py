"""Family 1: script injection into every printed field and every URL field.

A printed field either shows the hostile string as text (escaped where it goes: HTML
text, attribute, JSON-LD, XML) or is refused with a located error; a URL field passes
the one URL rule (``urls.url_refusal``) or is refused. Either way no built page holds an
element that runs script.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from ..support.html import text
from ..support.pages import LEFT_OUT, Together, page
from ..support.sites import Built, build_site
from .common import CALL, unsafe_elements

#: Every payload in one string: a tag, an attribute break-out, a script and a comment
#: break-out, and template syntax.
HOSTILE = (f"<img src=x onerror={CALL}> \"><svg onload={CALL}> </script><script>{CALL}"
           "</script> --><!-- {{ 7 * 7 }}")
QUOTED = "'" + HOSTILE + "'"
NO_ANGLE = f'" onmouseover="{CALL}" x="'  # what fits where '<' and '>' are refused

_LANES = """\
- id: guides
  title: {title}
  label: {label}
  category: {category}
  description: {description}
- id: fixes
  title: Fixes
  label: fixes
"""
_LANES_PLAIN = dict(title="Guides", label="guides", category="Core topic",
                    description="Decision guides.")


def _lanes(**changed: str) -> str:
    return _LANES.format(**{**_LANES_PLAIN, **changed})


def _policy(extra: str) -> str:
    return f"---\ntitle: Privacy\n{extra}---\n\nWe keep nothing.\n"


# (id, files, the URL of the page that must show HOSTILE as text, or None)
ESCAPED: list[tuple[str, dict[str, str], str | None]] = [
    ("title", {"content/guides/bad.md": page().replace("title: Bad Guide", f"title: {QUOTED}")},
     "guides/bad/"),
    ("description", {"content/guides/bad.md": page().replace(
        "description: A page under test.", f"description: {QUOTED}")}, "guides/bad/"),
    ("category", {"content/guides/bad.md": page(f"category: {QUOTED}\n")}, "guides/bad/"),
    ("keyword", {"content/guides/bad.md": page(f"keyword: {QUOTED}\n")}, "guides/bad/"),
    ("audience", {"content/guides/bad.md": page(f"audience: {QUOTED}\n")}, None),
    ("quick-take", {"content/guides/bad.md": page(f"quick_take: {QUOTED}\n")}, "guides/bad/"),
    ("quick-take-autolink", {"content/guides/bad.md": page(
        f"quick_take: '<javascript:{CALL}>'\n")}, None),
    ("checklist-title", {"content/guides/bad.md": page(
        f"checklists:\n  c:\n    title: {QUOTED}\n    items: [One]\n")}, "guides/bad/"),
    ("checklist-item", {"content/guides/bad.md": page(
        f"checklists:\n  c:\n    items: [{QUOTED}]\n")}, "guides/bad/"),
    ("faq-question", {"content/guides/bad.md": page(f"faq:\n  - q: {QUOTED}\n    a: Yes.\n")},
     "guides/bad/"),
    ("faq-answer", {"content/guides/bad.md": page(f"faq:\n  - q: Why?\n    a: {QUOTED}\n")},
     "guides/bad/"),
    ("tag-quote", {"content/guides/bad.md": page(f"tags: ['{NO_ANGLE}']\n")}, None),
    ("policy-page-tag-quote", {"content/policies/privacy.md": _policy(f"tags: ['{NO_ANGLE}']\n")},
     None),
    ("policy-page-title", {"content/policies/privacy.md": _policy("").replace(
        "title: Privacy", f"title: {QUOTED}")}, "policies/privacy/"),
    ("policy-page-description", {"content/policies/privacy.md": _policy(
        f"description: {QUOTED}\n")}, None),
    ("subtitle-quote", {"content/guides/bad.md": page(f"subtitle: '{NO_ANGLE}'\n")}, None),
    ("site-name", {"site-data/site.yml": f"name: {QUOTED}\nurl: https://fixture.example.org/\n"},
     "guides/alpha/"),
    ("site-description", {"site-data/site.yml": f"name: Desk\ndescription: {QUOTED}\n"}, None),
    ("site-publisher", {"site-data/site.yml": f"name: Desk\npublisher: {QUOTED}\n"}, None),
    ("label", {"site-data/site.yml": f"name: Desk\nlabels:\n  quick_take: {QUOTED}\n"
                                     "  next_page: " + QUOTED + "\n"}, None),
    ("labels-moved-out-of-templates", {
        "site-data/site.yml": "name: Desk\nlabels:\n" + "".join(
            f"  {name}: {QUOTED}\n" for name in (
                "checklist_name", "lane_all_pages", "search_no_script", "search_failed",
                "search_close", "problems_one", "problems_other", "problems_last_good")),
        "content/guides/bad.md": page("checklists:\n  c:\n    items: [One]\n")}, None),
    ("date-format", {"site-data/site.yml": f"name: Desk\nlabels:\n  date_format: {QUOTED}\n"},
     "guides/alpha/"),
    ("lane-title", {"site-data/lanes.yml": _lanes(title=QUOTED)}, "guides/"),
    ("lane-label", {"site-data/lanes.yml": _lanes(label=QUOTED)}, "guides/alpha/"),
    ("lane-category", {"site-data/lanes.yml": _lanes(category=QUOTED)}, None),
    ("lane-description", {"site-data/lanes.yml": _lanes(description=QUOTED)}, "guides/"),
    ("policies-heading", {"site-data/policies.yml": f"heading: {QUOTED}\ntext: {QUOTED}\n"
                          "links:\n  - title: " + QUOTED + "\n    page: policies/privacy.md\n"},
     "guides/alpha/"),
]


@pytest.mark.parametrize(("files", "shown_on"),
                         [pytest.param(f, u, id=i) for i, f, u in ESCAPED])
def test_a_printed_field_shows_hostile_text_as_text(tmp_path: Path, files: dict[str, str],
                                                    shown_on: str | None) -> None:
    built = build_site(tmp_path, {"content/guides/bad.md": page(), **files}, strict=True)

    assert built.problems() == []
    assert built.ok
    assert unsafe_elements(built.site) == []
    if shown_on is not None:
        assert HOSTILE in text(built.html(shown_on)) or \
            " ".join(HOSTILE.split()) in text(built.html(shown_on))
    for feed in built.site.glob("atom*.xml"):
        etree.fromstring(feed.read_bytes())  # well-formed: nothing broke out of the XML


_SCHEME = ("the scheme 'javascript:' is not allowed: use a relative address, http, https or "
           "mailto")

# (id, files, exact problems): each refused, the page left out, --strict failing
REFUSED: list[tuple[str, dict[str, str], list[str]]] = [
    ("entity-colon", {"content/guides/bad.md": page(
        f"quick_take: '[a](javascript&colon;{CALL})'\n")},
     [f"content/guides/bad.md:5: quick_take: the link to 'javascript&colon;{CALL}': {_SCHEME}",
      LEFT_OUT]),
    ("numeric-entity", {"content/guides/bad.md": page(
        f"quick_take: '[a](&#106;avascript:{CALL})'\n")},
     [f"content/guides/bad.md:5: quick_take: the link to '&#106;avascript:{CALL}': {_SCHEME}",
      LEFT_OUT]),
    ("hex-entity-double-encoded", {"content/guides/bad.md": page(
        f"quick_take: '[a](&amp;#x6A;avascript:{CALL})'\n")},
     [f"content/guides/bad.md:5: quick_take: the link to '&amp;#x6A;avascript:{CALL}': "
      f"{_SCHEME}", LEFT_OUT]),
    ("mixed-case", {"content/guides/bad.md": page(f"quick_take: '[a](JaVaScRiPt:{CALL})'\n")},
     [f"content/guides/bad.md:5: quick_take: the link to 'JaVaScRiPt:{CALL}': {_SCHEME}",
      LEFT_OUT]),
    ("tab-inside", {"content/guides/bad.md": page(
        f'checklists:\n  c:\n    items: ["[a](java\\tscript:{CALL})"]\n')},
     [f"content/guides/bad.md:7: checklists.c.items[0]: the link to 'java    script:{CALL}': "
      f"{_SCHEME}", LEFT_OUT]),
    ("entity-newline", {"content/guides/bad.md": page(
        f"faq:\n  - q: Why?\n    a: '[a](java&#10;script:{CALL})'\n")},
     [f"content/guides/bad.md:7: faq[0].a: the link to 'java&#10;script:{CALL}': {_SCHEME}",
      LEFT_OUT]),
    ("image-source", {"content/guides/bad.md": page(
        f"faq:\n  - q: Why?\n    a: '![x](javascript:{CALL})'\n")},
     [f"content/guides/bad.md:7: faq[0].a: the link to 'javascript:{CALL}': {_SCHEME}",
      LEFT_OUT]),
    ("data-url", {"content/guides/bad.md": page(
        "faq:\n  - q: Why?\n    a: '[a](data:text/html;base64,PHNjcmlwdD4=)'\n")},
     ["content/guides/bad.md:7: faq[0].a: the link to 'data:text/html;base64,PHNjcmlwdD4=': "
      "the scheme 'data:' is not allowed: use a relative address, http, https or mailto",
      LEFT_OUT]),
    ("reference-definition", {"content/guides/bad.md": page(
        "faq:\n  - q: Why?\n    a: |\n      See [a][x].\n\n      [x]: vbscript:msgbox(1)\n")},
     ["content/guides/bad.md:7: faq[0].a: the link to 'vbscript:msgbox(1)': the scheme "
      "'vbscript:' is not allowed: use a relative address, http, https or mailto", LEFT_OUT]),
    ("angle-brackets", {"content/guides/bad.md": page(
        f"quick_take: '[a](<javascript:{CALL}>)'\n")},
     [f"content/guides/bad.md:5: quick_take: the link to 'javascript:{CALL}': {_SCHEME}",
      LEFT_OUT]),
    ("next", {"content/guides/bad.md": page(f"next: 'javascript:{CALL}.md'\n")},
     [f"content/guides/bad.md:5: next: not a page path: {_SCHEME}", LEFT_OUT]),
    ("related", {"content/guides/bad.md": page(f"related: ['javascript:{CALL}.md']\n")},
     [f"content/guides/bad.md:5: related[0]: not a page path: {_SCHEME}", LEFT_OUT]),
    ("alias", {"content/guides/bad.md": page(f"aliases: ['javascript:{CALL}.md']\n")},
     [f"content/guides/bad.md:5: aliases[0]: not a page path: {_SCHEME}", LEFT_OUT]),
    ("policy-link", {"site-data/policies.yml": f"links:\n  - title: Privacy\n    page: "
                                               f"'javascript:{CALL}.md'\n"},
     # its own error only: not the policy page it could not name, reported as a stray
     [f"site-data/policies.yml:3: links[0].page: not a page path: {_SCHEME}"]),
    ("site-url-quote", {"site-data/site.yml": "name: Desk\nurl: 'https://e.org/\"><script>"
                                              f"{CALL}</script>'\n"},
     ["site-data/site.yml:2: url: expected an absolute http(s) URL, such as "
      "'https://example.org/', got 'https://e.org/\"><script>alert(1)</script>'"]),
    ("site-url-scheme", {"site-data/site.yml": f"name: Desk\nurl: 'javascript:{CALL}//http://x'\n"},
     ["site-data/site.yml:2: url: expected an absolute http(s) URL, such as "
      "'https://example.org/', got 'javascript:alert(1)//http://x'"]),
    ("site-url-space", {"site-data/site.yml": "name: Desk\nurl: 'https://e.org/ onload=x'\n"},
     ["site-data/site.yml:2: url: expected an absolute http(s) URL, such as "
      "'https://example.org/', got 'https://e.org/ onload=x'"]),
    ("tag-markup", {"content/policies/privacy.md": _policy(
        f"tags: ['<img src=x onerror={CALL}>']\n")},
     ["content/policies/privacy.md:3: tags[0]: a tag is plain text without '<' or '>', got "
      f"'<img src=x onerror={CALL}>'",
      "content/policies/privacy.md: left out of the build until its errors are fixed"]),
    ("subtitle-markup", {"content/guides/bad.md": page(
        f"subtitle: '<img src=x onerror={CALL}>'\n")},
     ["content/guides/bad.md:5: subtitle: Material prints the subtitle as HTML in the navigation "
      "of every page: expected plain text without '<' or '>', got "
      f"'<img src=x onerror={CALL}>'", LEFT_OUT]),
    ("status", {"content/guides/bad.md": page(f"status: '\" onmouseover=\"{CALL}'\n")},
     ["content/guides/bad.md:5: status: expected a status Material knows: new or deprecated, got "
      f"'\" onmouseover=\"{CALL}'", LEFT_OUT]),
]


#: The refused cases that write one lane page only, built as one site.
REFUSED_TOGETHER = Together(REFUSED)


@pytest.fixture(scope="module")
def refused_together(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, list[str]]:
    """The site of ``REFUSED_TOGETHER``, and its unsafe elements."""
    built = REFUSED_TOGETHER.build(tmp_path_factory.mktemp("refused"))
    return built, unsafe_elements(built.site)


@pytest.mark.parametrize(("case", "files", "expected"),
                         [pytest.param(i, f, e, id=i) for i, f, e in REFUSED])
def test_a_hostile_url_or_markup_is_refused_where_it_is_written(
        tmp_path: Path, request: pytest.FixtureRequest, case: str, files: dict[str, str],
        expected: list[str]) -> None:
    if case in REFUSED_TOGETHER:  # its page in the site of every such case
        built, unsafe = request.getfixturevalue("refused_together")
        assert REFUSED_TOGETHER.stray(built.problems()) == []
        problems = REFUSED_TOGETHER.own(case, built.problems())
        expected = REFUSED_TOGETHER.expected(case, expected)
    else:
        built = build_site(tmp_path, {"content/guides/bad.md": page(), **files}, strict=True)
        problems, unsafe = built.problems(), unsafe_elements(built.site)

    assert not built.ok
    assert problems == expected
    assert unsafe == []
