"""Family 5: control characters in any string of front matter or site data.

A control character (C0, C1, a noncharacter such as U+FFFE) cannot be
carried by the feeds' and sitemap's XML; each is refused at its line, in every field,
so no build stops half-way with a site folder of one file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..support.pages import LEFT_OUT, Together, page
from ..support.sites import build_site


def _refused(line: int, key: str, code: str, file: str = "content/guides/bad.md") -> str:
    return f"{file}:{line}: {key}: contains a control character ({code}); remove it"


_TWO_LANES = "- id: guides\n  label: {label}\n- id: fixes\n  label: fixes\n"

# (id, files, exact problems)
CASES: list[tuple[str, dict[str, str], list[str]]] = [
    ("bell-in-title", {"content/guides/bad.md": page().replace(
        "title: Bad Guide", 'title: "Bad\\a Guide"')},
     [_refused(2, "title", "U+0007"), LEFT_OUT]),
    ("noncharacter-in-description", {"content/guides/bad.md": page().replace(
        "description: A page under test.", 'description: "A \\uFFFE page"')},
     [_refused(3, "description", "U+FFFE"), LEFT_OUT]),
    ("escape-in-tag", {"content/guides/bad.md": page('tags: ["ok", "b\\x1bad"]\n')},
     [_refused(5, "tags[1]", "U+001B"), LEFT_OUT]),
    ("null-in-keyword", {"content/guides/bad.md": page('keyword: "a\\0b"\n')},
     [_refused(5, "keyword", "U+0000"), LEFT_OUT]),
    ("c1-in-quick-take", {"content/guides/bad.md": page('quick_take: "a\\x9bb"\n')},
     [_refused(5, "quick_take", "U+009B"), LEFT_OUT]),
    ("noncharacter-in-faq", {"content/guides/bad.md": page(
        'faq:\n  - q: "Why\\uFFFF?"\n    a: Because.\n')},
     [_refused(6, "faq[0].q", "U+FFFF"), LEFT_OUT]),
    ("plane-noncharacter-in-item", {"content/guides/bad.md": page(
        'checklists:\n  c:\n    items: ["a\\U0010FFFF"]\n')},
     [_refused(7, "checklists.c.items[0]", "U+10FFFF"), LEFT_OUT]),
    ("in-a-page-path", {"content/guides/bad.md": page('next: "guides/al\\x07pha.md"\n')},
     [_refused(5, "next", "U+0007"), LEFT_OUT]),
    ("in-an-alias", {"content/guides/bad.md": page('aliases: ["guides/o\\x08ld.md"]\n')},
     [_refused(5, "aliases[0]", "U+0008"), LEFT_OUT]),
    ("percent-encoded-in-an-alias", {"content/guides/bad.md": page(
        'aliases: ["guides/o%07ld.md"]\n')},
     ["content/guides/bad.md:5: aliases[0]: cannot redirect from 'guides/o%07ld.md': its "
      "percent-encoding hides a control character (U+0007)", LEFT_OUT]),
    ("policy-page-title", {"content/policies/privacy.md": '---\ntitle: "Pri\\x07vacy"\n---\n'},
     [_refused(2, "title", "U+0007", "content/policies/privacy.md"),
      "content/policies/privacy.md: left out of the build until its errors are fixed"]),
    ("site-name", {"site-data/site.yml": 'name: "Fixture\\0Desk"\n'},
     [_refused(1, "name", "U+0000", "site-data/site.yml")]),
    ("site-label", {"site-data/site.yml": 'name: Desk\nlabels:\n  faq: "F\\x1bAQ"\n'},
     [_refused(3, "labels.faq", "U+001B", "site-data/site.yml")]),
    ("lane-label", {"site-data/lanes.yml": _TWO_LANES.format(label='"gui\\x07des"')},
     [_refused(2, "[0].label", "U+0007", "site-data/lanes.yml")]),
    ("policy-link-title", {"site-data/policies.yml": 'links:\n  - title: "Pri\\x85vacy"\n'
                                                     "    page: policies/privacy.md\n"},
     # its own error only: not the policy page it could not name, reported as a stray
     [_refused(2, "links[0].title", "U+0085", "site-data/policies.yml")]),
]


#: The cases that write one lane page only, built as one site.
TOGETHER = Together(CASES)


together = TOGETHER.fixture()


@pytest.mark.parametrize(("case", "files", "expected"),
                         [pytest.param(i, f, e, id=i) for i, f, e in CASES])
def test_a_control_character_is_refused_at_its_line(
        tmp_path: Path, request: pytest.FixtureRequest, case: str, files: dict[str, str],
        expected: list[str]) -> None:
    if case in TOGETHER:  # its page in the site of every such case
        built = request.getfixturevalue("together")
        problems, expected = TOGETHER.problems(case, built, expected)
    else:
        built = build_site(tmp_path, {"content/guides/bad.md": page(), **files}, strict=True)
        problems = built.problems()

    assert not built.ok
    assert problems == expected
    assert (built.site / "sitemap.xml").is_file()  # the build went through
    assert (built.site / "atom.xml").is_file()
