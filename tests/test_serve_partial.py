"""A new page with errors previews what of it is valid (issue 24): under ``mkdocs serve``
its body and every block whose front-matter keys are valid, under the banner, titled by
its ``title`` when that key is valid. ``mkdocs build`` leaves it out, as before."""

from __future__ import annotations

from pathlib import Path

from .support.html import text
from .support.sites import Built, build_site, build_written

BROKEN = "content/guides/broken.md"
PAGE = """\
---
title: Webhook Retries
description: When to retry a failed webhook.
updated: 2026-06-01
quick_take: Retry **only** what is safe to repeat.
tags: [shared]
nxet: oops
checklists:
  before:
    title: Before you retry
    items: [Find the idempotency key.]
faq:
  - q: How many retries?
---

Body of the broken page.

<!-- checklist: before -->
"""
PROBLEMS = [f"{BROKEN}:7: nxet: unknown key (did you mean 'next'?)",
            f"{BROKEN}:13: faq[0].a: field required"]


def serve(root: Path, page: str) -> Built:
    build_site(root, {BROKEN: page})
    return build_written(root, command="serve")


def test_a_broken_new_page_previews_its_body_and_its_valid_blocks(tmp_path: Path) -> None:
    page = serve(tmp_path, PAGE).html("guides/broken/")

    assert [text(li) for li in page.select(".opsdesk-problems li")] == PROBLEMS
    assert text(page.title) == "Webhook Retries - Fixture Desk"
    assert text(page.select_one("article h1")) == "Webhook Retries"
    assert text(page.select_one(".opsdesk-category")) == "Core topic"
    assert text(page.select_one(".opsdesk-header-line")).startswith("Updated June 01, 2026")
    assert [text(tag) for tag in page.select(".opsdesk-tags .md-tag")] == ["shared"]
    assert text(page.select_one(".opsdesk-lede")) == "When to retry a failed webhook."
    assert text(page.select_one(".opsdesk-quick-take")) == (
        "Quick take: Retry only what is safe to repeat.")
    assert page.select_one(".opsdesk-coverage-lane") is not None
    assert text(page.select_one(".opsdesk-checklist h2, .opsdesk-checklist h3")) == (
        "Before you retry")
    assert "Body of the broken page." in text(page.select_one("article"))
    assert page.select_one(".opsdesk-faq") is None  # its key has an error
    assert page.select_one(".opsdesk-problems__last-good") is None  # never good before
    assert page.select('script[type="application/ld+json"]') == []
    # the build as before: left out, and --strict fails
    built = build_written(tmp_path, strict=True)
    assert not built.ok
    assert not built.exists("guides/broken/")
    assert f"{BROKEN}: left out of the build until its errors are fixed" in built.problems()


def test_a_broken_required_key_leaves_out_what_it_shows(tmp_path: Path) -> None:
    page = (PAGE.replace("title: Webhook Retries", "title: " + "x" * 201)
            .replace("updated: 2026-06-01", "updated: June 1st")
            .replace("description: When to retry a failed webhook.\n", ""))
    unreadable = "content/guides/unreadable.md"
    build_site(tmp_path, {unreadable: PAGE.replace("tags: [shared]", "tags: [shared")})

    served = serve(tmp_path, page)

    html = served.html("guides/broken/")
    assert text(html.select_one("article h1")) == "guides/broken.md"  # no valid title
    assert text(html.select_one(".opsdesk-header-line")) == "1 min read"  # no valid date
    assert html.select_one(".opsdesk-lede") is None
    assert text(html.select_one(".opsdesk-quick-take")) == (
        "Quick take: Retry only what is safe to repeat.")
    assert len(html.select(".opsdesk-problems li")) == 5
    # nothing of a front matter that cannot be read: its body, titled by its path
    html = served.html("guides/unreadable/")
    assert text(html.select_one("article h1")) == "guides/unreadable.md"
    assert "Body of the broken page." in text(html.select_one("article"))
    assert html.select_one(".opsdesk-header") is None


def test_a_refused_link_is_not_previewed(tmp_path: Path) -> None:
    page = PAGE.replace("Retry **only** what is safe to repeat.",
                        "'[Retry](javascript:alert(1)) now.'")

    served = serve(tmp_path, page)

    html = served.html("guides/broken/")
    assert text(html.select_one("article h1")) == "Webhook Retries"
    assert html.select_one(".opsdesk-quick-take") is None  # its key has an error
    assert "javascript" not in str(html.select_one("article"))
