"""Family 7: nothing broken published with ``--strict`` green.

Markers inside any code block are text; a body link to a missing page or a draft is a
located warning; a site with no published lane page (new, all drafts, ``lanes.yml``
missing, empty or a mapping) builds; an emoji in a lane title keeps its landing page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..support.html import text
from ..support.pages import BAD, Together, page
from ..support.sites import Built, build_site

CHECKLIST = "checklists:\n  c:\n    items: [Tick me]\n"


# (id, body) each holding a marker that is code, not a marker
IN_CODE = [
    ("backticks-holding-a-shorter-fence",
     "\n````md\n```\n<!-- checklist: c -->\n```\n````\n"),
    ("tildes-holding-shorter-tildes", "\n~~~~\n~~~\n<!-- checklist: c -->\n~~~\n~~~~\n"),
    ("indented-code", "\nText.\n\n    <!-- checklist: c -->\n"),
    ("fence-in-a-list", "\n- step\n\n    ```\n    <!-- checklist: c -->\n    ```\n"),
    ("long-fence-with-info", "\n`````yaml\n<!-- checklist: c -->\n`````\n"),
]


#: Every marker in code, each its own lane page, built as one site.
IN_CODE_TOGETHER = Together([(i, {BAD: page(CHECKLIST, b)}) for i, b in IN_CODE])


@pytest.fixture(scope="module")
def in_code(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return IN_CODE_TOGETHER.build(tmp_path_factory.mktemp("in-code"))


@pytest.mark.parametrize("case", [pytest.param(i, id=i) for i, _ in IN_CODE])
def test_a_marker_inside_code_is_text(in_code: Built, case: str) -> None:
    built = in_code  # the case's page in the site of every case

    assert built.problems() == []
    assert built.ok
    article = built.html(IN_CODE_TOGETHER.url(case)).select_one("article")
    assert "<!-- checklist: c -->" in " ".join(code.get_text() for code in article.select("code"))
    checklist = article.select_one("[data-checklist]")
    assert checklist is not None  # placed after the body, never inside the code
    assert checklist.find_parent("pre") is None
    assert checklist.find_parent("code") is None


# (id, files, exact problems)
BROKEN_LINKS: list[tuple[str, dict[str, str], list[str]]] = [
    ("body-link-to-a-draft",
     {"content/guides/bad.md": page(body="\nSee [the draft](draft.md).\n"),
      "content/guides/draft.md": page("draft: true\n")},
     ["content/guides/bad.md:9: the link to 'draft.md': 'guides/draft.md' is a draft, and "
      "drafts are never linked"]),
    ("reference-link-to-a-draft",
     {"content/guides/bad.md": page(body="\nSee [the draft][d].\n\n[d]: ./draft.md#part\n"),
      "content/guides/draft.md": page("draft: true\n")},
     ["content/guides/bad.md:11: the link to './draft.md#part': 'guides/draft.md' is a draft, "
      "and drafts are never linked"]),
    ("body-link-to-a-missing-page",
     {"content/guides/bad.md": page(body="\nSee [gone](../fixes/gone.md).\n")},
     ["Doc file 'guides/bad.md' contains a link '../fixes/gone.md', but the target "
      "'fixes/gone.md' is not found among documentation files.",
      "content/guides/bad.md:9: the link to '../fixes/gone.md': no page 'fixes/gone.md' (did "
      "you mean 'fixes/one-fix.md'?)"]),
    ("body-link-to-a-page-left-out",
     {"content/guides/bad.md": page(body="\nSee [broken](broken.md).\n"),
      "content/guides/broken.md": page("order: first\n")},
     ["Doc file 'guides/bad.md' contains a link 'broken.md', but the target 'guides/broken.md' "
      "is not found among documentation files.",
      "content/guides/bad.md:9: the link to 'broken.md': 'guides/broken.md' is left out of the "
      "build because of its own errors",
      "content/guides/broken.md:5: order: expected a whole number, got 'first'",
      "content/guides/broken.md: left out of the build until its errors are fixed"]),
]


@pytest.mark.parametrize(("files", "expected"),
                         [pytest.param(f, e, id=i) for i, f, e in BROKEN_LINKS])
def test_a_body_link_to_no_published_page_is_a_located_warning(
        tmp_path: Path, files: dict[str, str], expected: list[str]) -> None:
    built = build_site(tmp_path, files, strict=True)

    assert not built.ok
    assert sorted(built.messages()) == sorted(expected)


def test_a_link_inside_code_is_not_checked(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"content/guides/bad.md": page(
        body="\n`[x](gone.md)`\n\n```\n[y](gone.md)\n```\n")}, strict=True)

    assert built.ok, built.messages()


NO_LANE_PAGE: list[tuple[str, dict[str, str | None], list[str]]] = [
    ("every-page-a-draft",
     {"content/guides/alpha.md": page("draft: true\n"),
      "content/guides/beta.md": page("draft: true\n"),
      "content/guides/gamma.md": page("draft: true\n"),
      "content/fixes/one-fix.md": page("draft: true\n")}, []),
    ("lanes-yml-empty", {"site-data/lanes.yml": ""},
     [f"content/{p}:1: '{p.partition('/')[0]}/' is not a lane (lanes: none) and no link names "
      "this page: move it into a lane folder or link it from site-data/policies.yml"
      for p in ("fixes/one-fix.md", "guides/alpha.md", "guides/beta.md", "guides/gamma.md")]),
    ("lanes-yml-a-mapping", {"site-data/lanes.yml": "guides: {label: guides}\n"},
     [*(f"content/{p}:1: '{p.partition('/')[0]}/' is not a lane (lanes: none) and no link "
        "names this page: move it into a lane folder or link it from site-data/policies.yml"
        for p in ("fixes/one-fix.md", "guides/alpha.md", "guides/beta.md", "guides/gamma.md")),
      "site-data/lanes.yml:1: expected a list of lanes, each starting with '- id: ...'"]),
    ("lanes-yml-missing", {"site-data/lanes.yml": None},
     [*(f"content/{p}:1: '{p.partition('/')[0]}/' is not a lane (lanes: none) and no link "
        "names this page: move it into a lane folder or link it from site-data/policies.yml"
        for p in ("fixes/one-fix.md", "guides/alpha.md", "guides/beta.md", "guides/gamma.md")),
      "site-data/lanes.yml: file not found: the site needs site-data/lanes.yml"]),
]


@pytest.mark.parametrize(("files", "expected"),
                         [pytest.param(f, e, id=i) for i, f, e in NO_LANE_PAGE])
def test_a_site_with_no_published_lane_page_builds(tmp_path: Path,
                                                   files: dict[str, str | None],
                                                   expected: list[str]) -> None:
    built = build_site(tmp_path, files, strict=True)

    assert built.problems() == expected
    assert built.ok is (expected == [])
    assert text(built.html("").select_one("article h1")) != ""
    assert (built.site / "sitemap.xml").is_file()


def test_an_emoji_in_a_lane_title_keeps_its_landing_page(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"site-data/lanes.yml":
                                  "- id: guides\n  title: Guides \U0001f680\n  label: guides\n"
                                  "  description: Decision <b>guides</b> [x](javascript:x).\n"
                                  "- id: fixes\n  label: fixes\n"})

    # a description is plain text: Markdown in it is a warning, and it shows as written
    assert built.problems() == [
        "site-data/lanes.yml:4: [0].description: '[x](javascript:x)' is Markdown, and a "
        "description is plain text (meta description, lede, cards, feeds): it would show as "
        "written; write the words without it"]
    landing = built.html("guides/")
    assert text(landing.select_one("article h1")) == "Guides \U0001f680"
    assert "Decision <b>guides</b> [x](javascript:x)." in text(landing.select_one("article"))
    assert landing.select_one("article b") is None


def test_a_draft_policy_page_is_never_linked_from_the_footer(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"content/policies/privacy.md":
                                  "---\ntitle: Privacy\ndraft: true\n---\n\nText.\n"}, strict=True)

    assert not built.ok
    assert built.problems() == [
        "site-data/policies.yml:5: links[0].page: 'policies/privacy.md' is a draft, and drafts "
        "are never linked"]
    assert not built.exists("policies/privacy/")
    footer = built.html("guides/alpha/").select_one(".opsdesk-policies")
    assert footer is not None
    assert footer.select("a") == []
