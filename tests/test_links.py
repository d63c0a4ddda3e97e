"""Links to pages in the front matter's Markdown point to the built pages, as in the body;
a link that names no page is a located warning and is left as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from opsdesk.links import link_target

from .support.html import text
from .support.sites import build_site

GUIDE = """
---
title: Linking Guide
description: Links in the front matter.
updated: 2026-06-03
order: 3
quick_take: Read [the beta guide](beta.md) first.
checklists:
  before:
    items:
      - Check [the fix](../fixes/one-fix.md#why) and [the home page](../index.md).
      - Ask [the vendor](https://example.org/docs.md) and see [here](#faq).
faq:
  - q: Where next?
    a: |
      The [alpha guide](alpha.md "Alpha"), or [this page](linking.md#where-next).
---

Body.
"""


def test_links_to_pages_point_to_the_built_pages(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"content/guides/linking.md": GUIDE}, strict=True)

    assert built.ok, built.messages()
    page = built.html("guides/linking/")
    quick_take = page.select_one(".opsdesk-quick-take a")
    assert quick_take is not None
    assert (text(quick_take), quick_take["href"]) == ("the beta guide", "../beta/")
    assert [(text(a), a["href"]) for a in page.select(".opsdesk-checklist a")] == [
        ("the fix", "../../fixes/one-fix/#why"),
        ("the home page", "../../"),
        ("the vendor", "https://example.org/docs.md"),  # another site's: as written
        ("here", "#faq"),
    ]
    assert [(text(a), a["href"]) for a in page.select(".opsdesk-faq__answer a")] == [
        ("alpha guide", "../alpha/"),
        ("this page", "./#where-next"),
    ]


def test_a_link_to_a_missing_page_or_a_draft_is_a_located_warning(tmp_path: Path) -> None:
    guide = GUIDE.replace("beta.md", "betta.md").replace("alpha.md", "draft.md")
    built = build_site(tmp_path, {
        "content/guides/linking.md": guide,
        "content/guides/draft.md": """
            ---
            title: Draft Guide
            description: Not yet.
            updated: 2026-09-01
            draft: true
            ---
            """,
    }, strict=True)

    assert not built.ok
    assert built.problems() == [
        "content/guides/linking.md:6: quick_take: the link to 'betta.md': no page "
        "'guides/betta.md' (did you mean 'guides/beta.md'?)",
        "content/guides/linking.md:14: faq[0].a: the link to 'draft.md': "
        "'guides/draft.md' is a draft, and drafts are never linked",
    ]
    page = built.html("guides/linking/")
    assert page.select_one(".opsdesk-quick-take a")["href"] == "betta.md"  # as written


@pytest.mark.parametrize(("href", "target"), [
    ("beta.md", ("guides/beta.md", "")),
    ("./beta.md#top", ("guides/beta.md", "#top")),
    ("../fixes/a%20b.md", ("fixes/a b.md", "")),
    ("/guides/beta.md", None),             # absolute: MkDocs leaves those alone too
    ("https://example.org/a.md", None),
    ("mailto:a@example.org", None),
    ("#faq", None),
    ("beta/", None),
])
def test_link_target(href: str, target: tuple[str, str] | None) -> None:
    assert link_target("guides/alpha.md", href) == target
