"""The nine reader blocks of a lane page, the listings and the navigation, on built sites."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from .support.html import text
from .support.search import search_index
from .support.sites import Built, build_site


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build_site(tmp_path_factory.mktemp("basic"), strict=True)
    assert built.ok, built.messages()
    return built


def blocks_in_order(article: Tag) -> list[str]:
    """The article's block markers, in document order."""
    wanted = {
        "opsdesk-category": "category", "opsdesk-header-line": "header line",
        "opsdesk-lede": "lede", "opsdesk-quick-take": "quick take",
        "opsdesk-coverage-lane": "coverage lane", "opsdesk-checklist": "checklist",
        "opsdesk-faq": "faq", "opsdesk-policies": "policies", "opsdesk-next": "next",
        "opsdesk-related": "keep browsing",
    }
    found = []
    for element in article.find_all(True):
        if element.name == "h1":
            found.append("h1")
        for cls in element.get("class") or []:
            if cls in wanted:
                found.append(wanted[cls])
        if element.name == "p" and "Alpha body paragraph one." in element.get_text():
            found.append("body")
    return found


def test_lane_page_blocks_come_in_the_order_of_the_content_model(basic: Built) -> None:
    article = basic.html("guides/alpha/").select_one("article")
    assert article is not None
    assert blocks_in_order(article) == [
        "category", "h1", "header line", "lede", "quick take", "coverage lane", "body",
        "checklist", "faq", "checklist", "policies", "next", "keep browsing",
    ]
    assert len(article.find_all("h1")) == 1


def test_header_blocks_text(basic: Built) -> None:
    page = basic.html("guides/alpha/")
    assert text(page.select_one(".opsdesk-category")) == "Core topic"
    assert text(page.select_one("h1")) == "Alpha Guide"
    # a list of facts, read one by one (the dots between them are the stylesheet's)
    assert [text(li) for li in page.select(".opsdesk-header-line > li")] == [
        "Updated June 01, 2026", "1 min read", "alpha keyword"]
    assert text(page.select_one(".opsdesk-lede")) == "The first guide."
    quick = page.select_one(".opsdesk-quick-take")
    assert text(quick) == "Quick take: Start with alpha."
    assert text(quick.select("strong")[1]) == "alpha"  # inline Markdown
    assert text(page.select_one(".opsdesk-coverage-lane")) == (
        "Coverage lane: This page sits inside Fixture Desk's separated portfolio model "
        "for guides and fixes.")
    assert page.select_one("title").get_text().startswith("Alpha Guide")


def test_checklists_are_placed_at_their_markers_and_the_rest_follow_the_body(
        basic: Built) -> None:
    page = basic.html("guides/alpha/")
    before, after = page.select(".opsdesk-checklist")
    assert before["data-checklist"] == "before"
    assert text(before.select_one("h3")) == "Before you start"
    assert [text(li) for li in before.select("li")] == [
        "Check the first thing.", "Check the second thing."]
    assert before.select_one("li em") is not None  # items are inline Markdown
    assert all(li.select_one("label > input[type=checkbox]") for li in before.select("li"))
    middle = page.find("h2", id="middle")
    assert before.find_next_sibling("h2") is middle  # placed where the marker stands
    assert after["data-checklist"] == "after"
    assert after.find_previous_sibling("h2").get("id") == "end"  # unplaced: after the body


def test_faq_is_placed_at_its_marker_with_questions_as_headings(basic: Built) -> None:
    page = basic.html("guides/alpha/")
    faq = page.select_one(".opsdesk-faq")
    assert text(faq.select_one("h2")) == "Frequently asked questions"
    assert [text(h) for h in faq.select("h3")] == ["Why alpha?", "What next?"]
    assert [text(a) for a in faq.select(".opsdesk-faq__answer")] == [
        "Because it comes first.", "The beta guide."]
    assert faq.find_next_sibling("h2").get("id") == "end"


def blank_runs(element: Tag) -> list[str]:
    """The runs of white space alone between two tags inside ``element`` (each one is a
    text node for every HTML parser, Material's search plugin's included)."""
    return [str(s) for s in element.find_all(string=True) if not s.strip()]


def test_checklists_carry_only_what_works_without_javascript(basic: Built) -> None:
    page = basic.html("guides/alpha/")
    for section in page.select(".opsdesk-checklist"):
        # opsdesk.js builds the buttons and the status line from these labels
        assert section.select("button, p, [role=status]") == [], section["id"]
        assert section["data-reset-label"] == "Reset"
        assert section["data-copy-label"] == "Copy as Markdown"
        assert "Copy as Markdown" not in text(section)
        for label in section.select("li > label"):
            # the box, one space, then the item's text: no element around the text
            box, words = label.contents[:2]
            assert isinstance(box, Tag)
            assert box.name == "input"
            assert str(words)[0] == " "
            assert not str(words)[1].isspace()
        assert section.select("label span") == []


def test_checklists_and_faq_have_no_white_space_between_their_tags(basic: Built) -> None:
    raw = (basic.site / "guides/alpha/index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(raw, "lxml")
    sections = page.select(".opsdesk-checklist, .opsdesk-faq")
    assert len(sections) == 3
    for section in sections:
        assert blank_runs(section) == [], section.get("id") or section["class"]
    faq = page.select_one(".opsdesk-faq")
    assert [child.name for child in faq.children] == ["h2", "h3", "div", "h3", "div"]
    for mark in ("{#", "#}", "{%", "%}"):  # no template comment or tag leaks out
        assert mark not in raw, mark


def test_faq_is_listed_in_the_table_of_contents_where_it_stands(basic: Built) -> None:
    toc = basic.html("guides/alpha/").select_one("nav.md-nav--secondary")
    assert [text(a) for a in toc.select("a.md-nav__link")] == [
        "Middle", "Frequently asked questions", "End"]


def test_unplaced_checklist_comes_before_an_unplaced_faq(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"content/guides/beta.md": """
        ---
        title: Beta Guide
        description: The second guide.
        updated: 2026-05-01
        checklists:
          only: {items: [One item.]}
        faq:
          - {q: Question?, a: Answer.}
        ---

        Beta body.
        """}, strict=True)
    article = built.html("guides/beta/").select_one("article")
    order = [el["class"][0] for el in article.select(".opsdesk-checklist, .opsdesk-faq")]
    assert order == ["opsdesk-checklist", "opsdesk-faq"]


def links_resolve(built: Built, url: str, href: str) -> bool:
    target = (built.site / url / href).resolve()
    return (target / "index.html").exists() or target.is_file()


def test_policies_footer_on_every_kind_of_page(basic: Built) -> None:
    for url in ("", "guides/", "guides/alpha/", "policies/privacy/"):
        footer = basic.html(url).select_one(".opsdesk-policies")
        assert footer is not None, url
        assert text(footer.select_one("h2")) == "Site policies and support"
        assert "Use the pages below." in text(footer)
        link = footer.select_one("a")
        assert text(link) == "Privacy"
        assert links_resolve(basic, url, link["href"]), (url, link["href"])


def test_policy_and_home_pages_get_none_of_the_lane_blocks(basic: Built) -> None:
    for url in ("", "policies/privacy/"):
        page = basic.html(url)
        for cls in ("opsdesk-category", "opsdesk-quick-take", "opsdesk-coverage-lane",
                    "opsdesk-next", "opsdesk-related"):
            assert page.select_one(f".{cls}") is None, (url, cls)
        assert len(page.select("article h1")) == 1


@pytest.mark.parametrize(("url", "expected"), [
    ("guides/alpha/", "Beta Guide"),       # by order
    ("guides/beta/", "Gamma Guide"),       # pages without order follow
    ("guides/gamma/", "One Fix"),          # last of a lane: first of the next lane
])
def test_next_page_defaults(basic: Built, url: str, expected: str) -> None:
    nxt = basic.html(url).select_one(".opsdesk-next")
    assert text(nxt) == f"Next page {expected}"
    assert links_resolve(basic, url, nxt.select_one("a")["href"])


def test_last_page_of_the_portfolio_has_no_next(basic: Built) -> None:
    assert basic.html("fixes/one-fix/").select_one(".opsdesk-next") is None


def test_keep_browsing_ranks_shared_tags_then_newest_and_skips_self_and_next(
        basic: Built) -> None:
    related = basic.html("guides/alpha/").select_one(".opsdesk-related")
    # gamma shares two tags; beta shares one but is the next page; one-fix shares one.
    assert [text(a) for a in related.select("a")] == ["Gamma Guide", "One Fix"]
    assert all(links_resolve(basic, "guides/alpha/", a["href"]) for a in related.select("a"))


def test_explicit_next_related_and_next_false(tmp_path: Path) -> None:
    built = build_site(tmp_path, {
        "content/guides/alpha.md": (Path(__file__).parent / "sites/basic/content/guides/alpha.md")
        .read_text().replace("order: 1", "order: 1\nnext: fixes/one-fix.md\n"
                             "related: [guides/beta.md]"),
        "content/guides/beta.md": """
            ---
            title: Beta Guide
            description: The second guide.
            updated: 2026-05-01
            order: 2
            next: false
            ---

            Beta body.
            """,
    }, strict=True)
    alpha = built.html("guides/alpha/")
    assert text(alpha.select_one(".opsdesk-next a")) == "One Fix"
    assert [text(a) for a in alpha.select(".opsdesk-related a")] == ["Beta Guide"]
    assert built.html("guides/beta/").select_one(".opsdesk-next") is None


def test_drafts_are_not_published_and_never_linked(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"content/guides/draft.md": """
        ---
        title: Draft Guide
        description: Not yet.
        updated: 2026-09-01
        order: 0
        tags: [shared, alpha]
        draft: true
        ---

        Draft body.
        """}, strict=True, search=True)
    assert built.ok
    assert not built.exists("guides/draft/")
    for path in built.site.rglob("*.html"):
        assert "Draft Guide" not in path.read_text(), path
    assert "Draft Guide" not in json.dumps(search_index(built.site))


def test_generated_landing_page_lists_the_lane_as_cards(basic: Built) -> None:
    page = basic.html("guides/")
    assert text(page.select_one("article h1")) == "Guides"
    assert "Decision guides." in text(page.select_one("article"))
    cards = page.select(".opsdesk-card")
    assert [text(c.select_one(".opsdesk-card__title")) for c in cards] == [
        "Alpha Guide", "Beta Guide", "Gamma Guide"]
    first = cards[0]
    assert text(first.select_one(".opsdesk-card__description")) == "The first guide."
    assert text(first.select_one(".opsdesk-card__meta")) == "June 01, 2026 · 1 min read"
    assert all(links_resolve(basic, "guides/", c.select_one("a")["href"]) for c in cards)


def test_authored_landing_page_keeps_its_text_then_lists_the_lane(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"content/fixes/index.md": """
        ---
        title: All the fixes
        ---

        Our own introduction to fixes.
        """}, strict=True)
    article = built.html("fixes/").select_one("article")
    assert text(article.select_one("h1")) == "All the fixes"
    intro = article.find("p", string="Our own introduction to fixes.")
    assert intro is not None
    assert intro.find_next(class_="opsdesk-card") is not None
    assert text(article.select_one(".opsdesk-card__title")) == "One Fix"


def test_home_page_lists_the_lanes_in_order(basic: Built) -> None:
    page = basic.html("")
    lanes = page.select("section.opsdesk-lane")
    assert [text(s.select_one("h2")) for s in lanes] == ["Guides", "Fixes"]
    assert [text(a) for a in lanes[1].select(".opsdesk-card__title")] == ["One Fix"]
    for section in lanes:
        heading_link = section.select_one("h2 a")["href"]
        assert links_resolve(basic, "", heading_link)


def test_sidebar_lists_only_the_lanes_under_the_site_name(basic: Built) -> None:
    nav = basic.html("guides/alpha/").select_one("nav.md-nav--primary")
    titles = [text(a) for a in nav.select("a.md-nav__link")]
    assert text(nav.select_one(".md-nav__title")) == "Fixture Desk"
    assert titles == ["Guides", "Fixes"]


def test_visible_labels_are_site_data(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"site-data/site.yml": """
        name: Fixture Desk
        labels:
          quick_take: In short
          coverage_lane: Where this sits
          coverage_sentence: "{site} covers {lanes}."
          updated: Revised
          reading_time: "{minutes}-minute read"
          date_format: "%d %b %Y"
          faq: Questions
          next_page: Read next
          keep_browsing: Also see
          checklist_reset: Clear "all" ticks
          checklist_copy: Copy <as> Markdown & paste
        """}, strict=True)
    page = built.html("guides/alpha/")
    raw = (built.site / "guides/alpha/index.html").read_text(encoding="utf-8")
    checklist = page.select_one(".opsdesk-checklist")
    assert checklist["data-reset-label"] == 'Clear "all" ticks'
    assert checklist["data-copy-label"] == "Copy <as> Markdown & paste"
    assert 'data-reset-label="Clear &#34;all&#34; ticks"' in raw  # escaped in the attribute
    assert 'data-copy-label="Copy &lt;as&gt; Markdown &amp; paste"' in raw
    assert [text(li) for li in page.select(".opsdesk-header-line > li")] == [
        "Revised 01 Jun 2026", "1-minute read", "alpha keyword"]
    assert text(page.select_one(".opsdesk-quick-take")).startswith("In short:")
    assert text(page.select_one(".opsdesk-coverage-lane")) == (
        "Where this sits: Fixture Desk covers guides and fixes.")
    assert text(page.select_one(".opsdesk-faq h2")) == "Questions"
    assert text(page.select_one(".opsdesk-next")).startswith("Read next")
    assert text(page.select_one(".opsdesk-related")).startswith("Also see")


def test_a_site_overrides_one_block_with_one_template(tmp_path: Path) -> None:
    built = build_site(tmp_path, {
        "mkdocs.yml": (Path(__file__).parent / "sites/basic/mkdocs.yml").read_text()
        .replace("  font: false", "  font: false\n  custom_dir: overrides"),
        "overrides/partials/opsdesk/quick-take.html":
            '<div class="my-take">{{ labels.quick_take }} &rarr; {{ view.quick_take }}</div>\n',
    }, strict=True)
    page = built.html("guides/alpha/")
    assert text(page.select_one(".my-take")) == "Quick take → Start with alpha."
    assert page.select_one(".opsdesk-quick-take") is None
    assert page.select_one(".opsdesk-coverage-lane") is not None  # the others unchanged


HOSTILE = "Billing <script>alert(1)</script> & <Idempotency> Keys"


def test_front_matter_html_is_shown_as_text_never_injected(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"content/guides/hostile.md": f"""
        ---
        title: "{HOSTILE}"
        description: "A <b>bold</b> claim </script><script>alert(2)</script>"
        updated: 2026-06-02
        keyword: "<i>kw</i>"
        quick_take: "<img src=x onerror=alert(3)> and [link](https://example.org/)"
        checklists:
          c: {{title: "<h1>T</h1>", items: ["<b>item</b>"]}}
        faq:
          - q: "<u>Q</u>?"
            a: "<script>alert(5)</script>"
        ---

        Body.
        """}, strict=True)
    raw = (built.site / "guides/hostile/index.html").read_text()
    page = BeautifulSoup(raw, "lxml")
    assert "alert(" not in " ".join(s.get_text() for s in page.find_all("script")
                                      if s.get("type") != "application/ld+json")
    assert page.select_one("img[onerror]") is None
    assert page.select_one('a[href^="javascript"]') is None
    for tag in ("b", "i", "u", "em"):
        assert page.select_one(f"article {tag}") is None, tag
    assert text(page.select_one("article h1")) == HOSTILE
    assert page.select_one("title").get_text() == f"{HOSTILE} - Fixture Desk"
    assert text(page.select_one(".opsdesk-checklist li")) == "<b>item</b>"
    assert text(page.select_one(".opsdesk-faq__answer")) == "<script>alert(5)</script>"
    article_ld = built.json_ld("guides/hostile/")[0]
    assert article_ld["headline"] == HOSTILE
    assert "</script>" not in "".join(
        s.string for s in page.select('script[type="application/ld+json"]'))


def test_json_ld_of_a_lane_page(basic: Built) -> None:
    data = {d["@type"]: d for d in basic.json_ld("guides/alpha/")}
    assert set(data) == {"Article", "BreadcrumbList", "FAQPage"}
    assert data["Article"]["headline"] == "Alpha Guide"
    assert data["Article"]["dateModified"] == "2026-06-01T00:00:00+00:00"
    assert data["Article"]["publisher"] == {
        "@type": "Organization", "name": "Fixture Desk", "url": "https://fixture.example.org/"}
    assert [c["item"] for c in data["BreadcrumbList"]["itemListElement"]] == [
        "https://fixture.example.org/", "https://fixture.example.org/guides/",
        "https://fixture.example.org/guides/alpha/"]
    questions = data["FAQPage"]["mainEntity"]
    assert [(q["name"], q["acceptedAnswer"]["text"]) for q in questions] == [
        ("Why alpha?", "<p>Because it comes first.</p>"), ("What next?", "<p>The beta guide.</p>")]
    assert "FAQPage" not in {d["@type"] for d in basic.json_ld("guides/beta/")}
