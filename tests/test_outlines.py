"""Outlines per lane (issue 24, item 4): ``lanes.yml`` gives a lane the body ``opsdesk new``
writes (lead, sections, markers placed, closing), and the build flags its sample texts
until they are replaced; the repository's lanes have the outlines of their pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from .support.cli import run
from .support.html import text
from .support.sites import REPO, build_written, copy_repo_site, write_site

LANES = """\
- id: guides
  title: Guides
  label: guides
  category: Core topic
  outline:
    lead: "**The short answer.** Say what to do."
    sections:
      - heading: Why it matters
        text: Say why.
        marker: "checklist: scope"
      - heading: Steps
        text: |-
          1. The first step.
          2. The next step.
        marker: faq
    closing:
      heading: Final note
      text: One closing paragraph.
- id: fixes
  title: Fixes
  label: fixes
  category: Fix
"""
PAGE = "content/guides/retry-budgets.md"


def new(root: Path, lane: str = "guides", title: str = "Retry budgets") -> Path:
    result = run("new", lane, title, "--description", "How many retries.", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / result.stdout.splitlines()[0]


def body_of(page: Path) -> str:
    return page.read_text(encoding="utf-8").split("\n---\n", 1)[1]


def filled(page: Path) -> None:
    """Every sample text replaced as an author does: the outline's lines (not its
    headings or markers), the checklists' items and the FAQ's question and answer."""
    head, body = page.read_text(encoding="utf-8").split("\n---\n", 1)
    head = (head.replace("The *first* thing to check.", "Count the *retries*.")
            .replace("The second thing to check.", "Read the log.")
            .replace("What do readers ask first?", "Why a budget?")
            .replace("The answer, in Markdown.", "So retries *stop*."))
    body = "\n".join(line if not line or line.startswith(("#", "<!--")) else "Our own text."
                     for line in body.splitlines())
    page.write_text(f"{head}\n---\n{body}\n", encoding="utf-8")


def test_new_writes_the_lane_s_outline_with_its_markers_and_their_blocks(
        tmp_path: Path) -> None:
    root = write_site(tmp_path, {"site-data/lanes.yml": LANES})
    page = new(root)

    assert body_of(page) == (
        "\n**The short answer.** Say what to do.\n\n## Why it matters\n\nSay why.\n\n"
        "<!-- checklist: scope -->\n\n## Steps\n\n1. The first step.\n2. The next step.\n\n"
        "<!-- faq -->\n\n## Final note\n\nOne closing paragraph.\n")
    meta = yaml.safe_load(page.read_text(encoding="utf-8").split("---\n")[1])
    assert meta["checklists"] == {"scope": {"items": ["The *first* thing to check.",
                                                      "The second thing to check."]}}
    assert meta["faq"] == [{"q": "What do readers ask first?", "a": "The answer, in Markdown."}]

    served = build_written(root, command="serve")  # previews, blocks in place
    html = served.html("guides/retry-budgets/")
    order = [element.get("class", [""])[0] if element.name != "h2" else
             text(element).rstrip("¶") for element in
             html.select("article .opsdesk-checklist, article .opsdesk-faq, article h2")]
    assert order[:6] == ["Why it matters", "opsdesk-checklist", "Steps", "opsdesk-faq",
                         "Frequently asked questions", "Final note"]

    built = build_written(root, strict=True)
    assert built.problems() == [
        f"{PAGE}:14: checklists.scope.items[0]: still the placeholder from 'opsdesk new': "
        "write a step to check",
        f"{PAGE}:15: checklists.scope.items[1]: still the placeholder from 'opsdesk new': "
        "write a step to check",
        f"{PAGE}:17: faq[0].q: still the placeholder from 'opsdesk new': write a question "
        "readers ask",
        f"{PAGE}:18: faq[0].a: still the placeholder from 'opsdesk new': write its answer",
        f"{PAGE}:26: still the placeholder from 'opsdesk new': replace this sample line of "
        "the outline and the 4 after it with the page's own text",
    ]
    filled(page)
    assert build_written(root, strict=True).ok


def test_a_lane_without_an_outline_gets_the_default_one(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"site-data/lanes.yml": LANES})

    page = new(root, "fixes")

    assert re.findall(r"^## .*", body_of(page), flags=re.M) == [
        "## When this applies", "## What to do", "## Common mistakes",
        "## How to check it worked"]
    assert "\n# checklists:" in page.read_text(encoding="utf-8")
    assert "lanes.yml" not in run("check", cwd=root).stdout  # the guides' outline is valid


@pytest.mark.parametrize(("outline", "expected"), [
    ('    lead: Answer.\n    sections:\n      - {heading: A, marker: "checklist: x"}\n'
     '      - {heading: B, marker: "checklist: x"}\n',
     "site-data/lanes.yml:5: [0].outline: the marker 'checklist: x' is placed twice: place "
     "each once"),
    ("    lead: Answer.\n    sections:\n      - {heading: A, marker: tool}\n",
     "site-data/lanes.yml:8: [0].outline.sections[0].marker: expected 'faq' or 'checklist: "
     "ID' (ID: letters, digits, '-', '_'), got 'tool'"),
    ("    lead: Answer.\n    sections: []\n",
     "site-data/lanes.yml:7: [0].outline.sections: needs at least one item"),
])
def test_a_broken_outline_is_a_located_error(tmp_path: Path, outline: str,
                                             expected: str) -> None:
    lanes = LANES.split("  outline:\n")[0] + "  outline:\n" + outline + \
        LANES[LANES.index("- id: fixes"):]
    root = write_site(tmp_path, {"site-data/lanes.yml": lanes})

    built = build_written(root, strict=True)

    assert built.problems() == [expected]


@pytest.mark.parametrize("lane", ["guides", "fixes", "comparisons", "trust", "assets", "tools"])
def test_each_repo_lane_has_an_outline_whose_page_builds_once_filled_in(
        tmp_path: Path, lane: str) -> None:
    lanes = yaml.safe_load((REPO / "site-data/lanes.yml").read_text(encoding="utf-8"))
    assert next(entry for entry in lanes if entry["id"] == lane).get("outline")
    copy_repo_site(tmp_path)
    page = new(tmp_path, lane, "A page of the lane")

    built = build_written(tmp_path, strict=True)

    assert not built.ok
    assert [line for line in built.problems() if "sample line of the outline" in line]
    filled(page)
    built = build_written(tmp_path, strict=True)
    assert built.ok, built.problems()


def test_repo_guides_and_fixes_outlines_follow_their_pages() -> None:
    lanes = {entry["id"]: entry["outline"] for entry in
             yaml.safe_load((REPO / "site-data/lanes.yml").read_text(encoding="utf-8"))}

    assert [s["heading"] for s in lanes["fixes"]["sections"]] == [
        "Symptom", "Cause", "Fix", "Verify", "Prevent it next time"]
    assert lanes["guides"]["lead"].startswith("**The operator-side answer.**")
    assert lanes["guides"]["closing"]["heading"] == "Final note"
