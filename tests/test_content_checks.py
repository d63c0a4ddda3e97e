"""The content checks (issue 24): tags that read as another tag, headings that skip a
level, an H1 in the body, an image without alternative text. Each is a located warning
in the build (so ``--strict`` fails), in ``opsdesk check`` (``build_site`` asserts the same
lines) and in the serve banner; ``site.yml`` ``checks`` turns each off."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from opsdesk import listings
from opsdesk.listings import Tag, one_edit

from .support.html import text
from .support.sites import Built, build_site, build_written

SITE_YML = "name: Fixture Desk\nurl: https://fixture.example.org/\n"


def lane_page(body: str = "Body text.\n", *, tags: str = "[]", title: str = "Checked") -> str:
    return (f"---\ntitle: {title}\ndescription: A page under test.\nupdated: 2026-06-01\n"
            f"tags: {tags}\n---\n\n{body}")


PAGE = "content/guides/checked.md"
BODY_LINE = 8  # the line of the body's first line of text in ``lane_page``'s file


def build(tmp_path: Path, files: dict[str, str], *, off: str | None = None,
          strict: bool = False) -> Built:
    site = SITE_YML + (f"checks:\n  {off}: false\n" if off else "")
    return build_site(tmp_path, {"site-data/site.yml": site, **files}, strict=strict)


def located(built: Built, path: str = PAGE) -> list[str]:
    return [line for line in built.problems() if line.startswith(f"{path}:")]


# -- one per check, and the same page with the check turned off ------------------------

HEADINGS = "## First\n\nText.\n\n#### Too deep\n\nText.\n\n### Fine again\n"
SKIP = (f"{PAGE}:{BODY_LINE + 4}: this H4 heading follows an H2, skipping a level: make it "
        "### (H3), or add the level between")

H1 = "Intro.\n\n# A second title\n\n## Section\n"
BODY_H1 = (f"{PAGE}:{BODY_LINE + 2}: an H1 in the body: the page's title is its one H1 "
           "(shown above the body): make this a ## heading, or make it the title")

IMAGES = ("![Chart of retries](chart.png)\n\n![](chart.png)\n\n"
          '<img src="chart.png">\n\n<img src="chart.png" alt="">\n')
NO_ALT = [
    f"{PAGE}:{BODY_LINE + 2}: an image without alternative text: say what it shows between "
    "the brackets of ![…]",
    f"{PAGE}:{BODY_LINE + 4}: an <img> without an alt attribute: describe the image in "
    'alt="…" (alt="" marks one as decoration)',
]

CASES = {
    "heading_levels": ({PAGE: lane_page(HEADINGS)}, [SKIP]),
    "body_h1": ({PAGE: lane_page(H1)}, [BODY_H1]),
    "image_alt": ({PAGE: lane_page(IMAGES), "content/guides/chart.png": "png"}, NO_ALT),
    "tag_variants": ({PAGE: lane_page(tags="[shared, alphas]")}, [
        f"{PAGE}:5: tags[1]: 'alphas' reads as the tag 'alpha' (3 pages): one is the plural "
        "of the other; write the same tag if they mean one thing (site.yml "
        "checks.tag_variants: false turns this check off)"]),
}


@pytest.mark.parametrize("check", CASES)
def test_check_is_a_located_warning_that_fails_strict(tmp_path: Path, check: str) -> None:
    files, expected = CASES[check]

    built = build(tmp_path, files, strict=True)

    assert located(built) == expected
    assert not built.ok  # --strict fails on the warnings


@pytest.mark.parametrize("check", CASES)
def test_check_turned_off_in_site_yml(tmp_path: Path, check: str) -> None:
    files, _ = CASES[check]

    built = build(tmp_path, files, off=check, strict=True)

    assert located(built) == []
    assert built.ok


def test_checks_show_in_the_serve_banner(tmp_path: Path) -> None:
    build_site(tmp_path, {"site-data/site.yml": SITE_YML, PAGE: lane_page(HEADINGS + H1)})

    served = build_written(tmp_path, command="serve")

    banner = [text(item) for item in served.html("guides/checked/").select(".opsdesk-problems li")]
    assert banner == [SKIP, BODY_H1.replace(f":{BODY_LINE + 2}:", f":{BODY_LINE + 11}:")]


# -- what the body checks read ------------------------------------------------------------

def test_code_is_not_read_for_headings_or_images(tmp_path: Path) -> None:
    body = ("## Section\n\n```markdown\n# Not a heading\n#### Nor this\n![](x.png)\n```\n\n"
            "~~~\n# Nor this\n~~~\n\n    # indented code\n\nA span: `![](x.png)` and `# h`.\n")

    built = build(tmp_path, {PAGE: lane_page(body)}, strict=True)

    assert located(built) == []
    assert built.ok


def test_setext_and_html_headings_count(tmp_path: Path) -> None:
    body = "Title again\n===========\n\nSection\n-------\n\n<h4>Deep</h4>\n"

    built = build(tmp_path, {PAGE: lane_page(body)})

    assert [line.split(": ", 1)[1] for line in located(built)] == [
        "an H1 in the body: the page's title is its one H1 (shown above the body): make "
        "this a ## heading, or make it the title",
        "this H4 heading follows an H2, skipping a level: make it ### (H3), or add the "
        "level between",
    ]
    assert [line.split(":")[1] for line in located(built)] == [str(BODY_LINE), str(BODY_LINE + 6)]


def test_a_page_outside_the_lanes_may_open_with_its_own_h1(tmp_path: Path) -> None:
    policy = "content/policies/privacy.md"
    body = "---\ntitle: Privacy\n---\n\n# Our privacy promise\n\n## Details\n\n# Another\n"

    built = build(tmp_path, {policy: body})

    assert located(built, policy) == [
        f"{policy}:9: a second H1 in the body: a page has one H1: make this a ## heading"]


def test_the_first_heading_may_not_skip_below_the_title(tmp_path: Path) -> None:
    built = build(tmp_path, {PAGE: lane_page("### Straight to H3\n")})

    assert located(built) == [
        f"{PAGE}:{BODY_LINE}: this H3 heading follows an H1, skipping a level: make it ## "
        "(H2), or add the level between"]


# -- tags that read as another tag -----------------------------------------------------

def tagged(name: str, tags: str) -> dict[str, str]:
    return {f"content/guides/{name}.md": lane_page(tags=tags, title=name.title())}


@pytest.mark.parametrize(("mine", "theirs", "why"), [
    ("webhook", "webhooks", "one is the plural of the other"),
    ("policy", "policies", "one is the plural of the other"),
    ("followup", "follow-up", "they differ only in spaces or hyphens"),
    ("follow up", "followup", "they differ only in spaces or hyphens"),
    ("idempotncy", "idempotency", "they differ by one letter"),
    ("idempotnecy", "idempotency", "they differ by one letter"),
])
def test_tag_variant_is_flagged_on_the_less_used_tag(tmp_path: Path, mine: str, theirs: str,
                                                    why: str) -> None:
    files = {**tagged("one", f"[{theirs}]"), **tagged("two", f"[{theirs}]"),
             **tagged("mine", f"[shared, {mine}]")}

    built = build(tmp_path, files)

    assert [line for line in built.problems() if "reads as" in line] == [
        f"content/guides/mine.md:5: tags[1]: '{mine}' reads as the tag '{theirs}' (2 pages): "
        f"{why}; write the same tag if they mean one thing (site.yml checks.tag_variants: "
        "false turns this check off)"]


def test_short_tags_one_letter_apart_are_different_tags(tmp_path: Path) -> None:
    files = {**tagged("one", "[sla, crm, retry]"), **tagged("two", "[slo, cms, retro]")}

    built = build(tmp_path, files, strict=True)

    assert [line for line in built.problems() if "reads as" in line] == []


def test_the_tag_on_its_own_line_of_a_block_list_is_located(tmp_path: Path) -> None:
    page = lane_page(tags="\n  - shared\n  - alphas")

    built = build(tmp_path, {PAGE: page})

    assert [line.split(": ")[0] for line in located(built)] == [f"{PAGE}:7"]


@pytest.mark.parametrize(("first", "second", "expected"), [
    ("webhook", "webhooks", True), ("webhook", "webhok", True), ("webhook", "wbehook", True),
    ("webhook", "webhuok", True), ("webhook", "webhook", False), ("webhook", "hook", False),
    ("abcdef", "badcfe", False), ("abcdef", "abcdfe", True),
])
def test_one_edit(first: str, second: str, expected: bool) -> None:
    assert one_edit(first, second) is expected
    assert one_edit(second, first) is expected


def test_tag_variants_stay_linear_at_thousands_of_tags(monkeypatch: pytest.MonkeyPatch) -> None:
    """380 tags of a 3,000-page portfolio (and 3,360 of a larger one): the keys compared
    are only those that share a one-letter deletion, never every pair."""
    words = ["alpha", "billing", "crm", "delivery", "escalation", "forms", "gateway",
             "handoff", "invoices", "journeys", "kanban", "ledger", "mailing", "notices",
             "onboarding", "payroll", "quotas", "routing", "schedules", "tickets"]
    names = [f"{a} {b}" for a in words for b in words if a != b]
    names += [f"{a} {b} {c}" for a in words[:16] for b in words[:16] for c in words[:16]
              if len({a, b, c}) == 3]
    tags = [Tag(name, listings.tag_slug(name), ("guides/x.md",)) for name in names]
    compared = []
    real = listings.one_edit
    monkeypatch.setattr(listings, "one_edit", lambda a, b: compared.append(1) or real(a, b))

    start = time.perf_counter()
    problems = listings._variant_problems(None, tags)  # type: ignore[arg-type]  # none found
    elapsed = time.perf_counter() - start

    assert problems == []
    assert len(compared) <= len(tags)
    assert elapsed < 2.0
