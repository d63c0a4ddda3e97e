"""Anchors: FAQ anchors cut between words; "Skip to content" names the page's H1."""

from __future__ import annotations

from pathlib import Path

import pytest

from opsdesk.view import slug, slug_words

from .support.html import text
from .support.sites import Built, build_site

DRIFTING = "How do I keep the decision from drifting mid-project?"


@pytest.mark.parametrize(("question", "limit", "anchor"), [
    # short enough: the whole slug, as slug() makes it
    ("Why alpha?", 48, "why-alpha"),
    ("  What's next — and when?  ", 48, "what-s-next-and-when"),
    # too long: the words that fit; a hyphenated word stays whole or goes
    (DRIFTING, 48, "how-do-i-keep-the-decision-from-drifting"),
    (DRIFTING, 52, "how-do-i-keep-the-decision-from-drifting-mid-project"),
    (DRIFTING, 51, "how-do-i-keep-the-decision-from-drifting"),
    ("one two three", 7, "one-two"),
    ("one two three", 6, "one"),
    # punctuation between words counts as nothing, not as a word
    ("one — two", 7, "one-two"),
    # a first word longer than the limit is the only one cut inside
    ("Supercalifragilistic expialidocious", 10, "supercalif"),
    ("über-long", 3, "ber"),
    # nothing to make an anchor of
    ("¿?", 48, "section"),
    ("", 48, "section"),
])
def test_slug_words_cuts_between_words(question: str, limit: int, anchor: str) -> None:
    assert slug_words(question, limit) == anchor
    assert len(anchor) <= limit or anchor == "section"
    assert slug(question).startswith(anchor)


def test_faq_anchors_of_a_built_page_are_whole_words(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"content/guides/beta.md": f"""
        ---
        title: Beta Guide
        description: The second guide.
        updated: 2026-05-01
        faq:
          - {{q: "{DRIFTING}", a: Keep a decision log.}}
          - {{q: Short?, a: Yes.}}
        ---

        Beta body.
        """}, strict=True)

    assert built.ok, built.messages()
    questions = built.html("guides/beta/").select(".opsdesk-faq h3")
    assert [(q["id"], text(q)) for q in questions] == [
        ("faq-1-how-do-i-keep-the-decision-from-drifting", DRIFTING),
        ("faq-2-short", "Short?"),
    ]


def skip_target(built: Built, url: str) -> tuple[str, str]:
    """Where "Skip to content" leads: its href, and the text of the element it names."""
    page = built.html(url)
    [link] = page.select("a.md-skip:not([data-md-component=skip] *)")
    href = link["href"]
    [target] = page.select(f"[id='{href.removeprefix('#')}']")
    return href, f"{target.name}: {text(target)}"


def test_skip_to_content_names_the_h1_of_every_kind_of_page(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"content/policies/terms.md": """
        ---
        title: Terms
        ---

        # Terms of use

        ## First section
        """, "site-data/policies.yml": """
        heading: Site policies and support
        links:
          - {title: Privacy, page: policies/privacy.md}
          - {title: Terms, page: policies/terms.md}
        """}, strict=True)

    assert built.ok, built.messages()
    assert skip_target(built, "") == ("#opsdesk-title", "h1: Fixture Desk")
    assert skip_target(built, "guides/alpha/") == ("#opsdesk-title", "h1: Alpha Guide")
    assert skip_target(built, "policies/privacy/") == ("#opsdesk-title", "h1: Privacy")
    # A page whose Markdown has its own H1 (with its permalink): that H1, first in its
    # table of contents.
    assert skip_target(built, "policies/terms/") == \
        ("#terms-of-use", "h1: Terms of use\N{PILCROW SIGN}")
