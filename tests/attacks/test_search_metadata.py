"""Issue 20: search's metadata comes only from the site.

A Pagefind attribute (``data-pagefind-*``) in a page's body outside code is a located
error: a body must not choose what is indexed, a result's title or address
(``data-pagefind-meta="url"``), its filters or its sort. In a code block or span it is
text. ``search: {exclude: true}`` always keeps a page out of the index.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..support.pages import LEFT_OUT, Together, page
from ..support.search import search_index
from ..support.sites import SITES, build_site

BAD = "content/guides/bad.md"


def _refused(line: int, attribute: str) -> str:
    return (f"{BAD}:{line}: '{attribute}': search's metadata comes from the site's templates "
            "only (what is indexed, a result's title and address, filters and sorting): "
            "remove the attribute (to show it as text, write it in `code`)")


# (id, files, exact problems); the body's own text starts on line 9
CASES: list[tuple[str, dict[str, str], list[str]]] = [
    ("meta-url", {BAD: page(body='\n<span data-pagefind-meta="url:https://evil.example/">x'
                                 "</span>\n")}, [_refused(9, "data-pagefind-meta"), LEFT_OUT]),
    ("filter", {BAD: page(body='\n<div data-pagefind-filter="lane:Fixes">x</div>\n')},
     [_refused(9, "data-pagefind-filter"), LEFT_OUT]),
    ("sort", {BAD: page(body='\n<div data-pagefind-sort="updated:2999-01-01">x</div>\n')},
     [_refused(9, "data-pagefind-sort"), LEFT_OUT]),
    ("body", {BAD: page(body="\n<div data-pagefind-body>x</div>\n")},
     [_refused(9, "data-pagefind-body"), LEFT_OUT]),
    ("upper-case", {BAD: page(body="\n<div DATA-PAGEFIND-BODY>x</div>\n")},
     [_refused(9, "DATA-PAGEFIND-BODY"), LEFT_OUT]),
    ("on-a-continuation-line", {BAD: page(body='\n<div class="a"\n  data-pagefind-ignore>\n'
                                               "x</div>\n")},
     [_refused(10, "data-pagefind-ignore"), LEFT_OUT]),
    ("attribute-list", {BAD: page(body="\n## Heading {: data-pagefind-weight=\"9\" }\n")},
     [_refused(9, "data-pagefind-weight"), LEFT_OUT]),
    ("in-a-code-block", {BAD: page(body='\n```html\n<div data-pagefind-body data-pagefind-meta='
                                        '"url">\n```\n')}, []),
    ("in-a-tilde-block", {BAD: page(body="\n~~~\n<div data-pagefind-filter=\"x\">\n~~~\n")}, []),
    ("in-a-code-span", {BAD: page(body="\nWrite `<div data-pagefind-body>` in a template.\n")},
     []),
    ("after-a-code-span", {BAD: page(body="\n`code` <b data-pagefind-sort=\"x\">b</b>\n")},
     [_refused(9, "data-pagefind-sort"), LEFT_OUT]),
]

TOGETHER = Together(CASES)


together = TOGETHER.fixture()


@pytest.mark.parametrize(("case", "files", "expected"),
                         [pytest.param(i, f, e, id=i) for i, f, e in CASES])
def test_a_pagefind_attribute_in_a_body_is_refused_at_its_line(
        request: pytest.FixtureRequest, case: str, files: dict[str, str],
        expected: list[str]) -> None:
    assert case in TOGETHER
    built = request.getfixturevalue("together")
    assert TOGETHER.stray(built.problems()) == []
    assert TOGETHER.own(case, built.problems()) == TOGETHER.expected(case, expected)
    assert built.exists(TOGETHER.url(case)) == (not expected)


def test_search_exclude_wins_over_a_pagefind_body_in_the_html(tmp_path: Path) -> None:
    """Even where the build lets a ``data-pagefind-body`` through (a site's own template
    here), a page that says ``search: {exclude: true}`` is never given to the index."""
    excluded = page("search:\n  exclude: true\n", body="\nA zanzibarish word.\n")
    built = build_site(tmp_path, {
        "content/guides/hidden.md": excluded.replace("Bad Guide", "Hidden"),
        "content/guides/shown.md": page(body="\nA zanzibarish word.\n").replace(
            "Bad Guide", "Shown"),
        "mkdocs.yml": (SITES / "basic/mkdocs.yml").read_text().replace(
            "  font: false\n", "  font: false\n  custom_dir: overrides\n"),
        "overrides/main.html": '{% extends "base.html" %}\n{% block content %}'
                               "<div data-pagefind-body>{{ page.content }}</div>"
                               "{% endblock %}\n",
    }, strict=True, search=True)
    assert built.ok, built.problems()
    assert "data-pagefind-body" in (built.site / "guides/hidden/index.html").read_text()
    indexed = search_index(built.site)
    assert "/guides/shown/" in indexed
    assert "/guides/hidden/" not in indexed


def test_a_body_cannot_end_what_the_index_reads_early(tmp_path: Path) -> None:
    """Pagefind reads a page's head and its ``data-pagefind-body`` part, up to the mark
    our template writes after it (``search/staging.py``): the same mark in a body, as a
    raw HTML comment, leaves the rest of the body indexed."""
    built = build_site(tmp_path, {"content/guides/marked.md": page(
        body="\nA quokkaish word.\n\n<!--opsdesk:indexed-->\n\nA wallabyish word.\n",
    ).replace("Bad Guide", "Marked")}, strict=True, search=True)
    assert built.ok, built.problems()
    content = search_index(built.site)["/guides/marked/"]["content"]
    assert "quokkaish" in content
    assert "wallabyish" in content
