"""Readers find their way (issue 22), in the built HTML: breadcrumbs that say the same as
the JSON-LD, the current lane in the sidebar, the lane above the title, the previous and
next pages, the sections of a page on a phone, no dead ends."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from opsdesk import plaintext

from .support.html import text
from .support.sites import SITES, Built, build_site

SITE = "https://fixture.example.org/"


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build_site(tmp_path_factory.mktemp("readers"), strict=True)
    assert built.ok, built.messages()
    return built


def resolve(url: str, href: str) -> str:
    """A link's target as a site-relative URL (``guides/beta/``; ``""`` for home)."""
    target = posixpath.normpath(posixpath.join("/" + url, href)).lstrip("/")
    return target + "/" if target and not target.endswith((".xml", ".html")) else target


def trail(page: BeautifulSoup) -> list[tuple[str, str | None, str]]:
    """The visible breadcrumbs: name, aria-current, href."""
    nav = page.select_one('nav[aria-label="Breadcrumbs"]')
    assert nav is not None
    return [(text(a), a.get("aria-current"), a["href"]) for a in nav.select("a")]


# -- 1. Where am I --------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "names"), [
    ("guides/alpha/", ["Fixture Desk", "Guides", "Alpha Guide"]),
    ("fixes/one-fix/", ["Fixture Desk", "Fixes", "One Fix"]),
    ("guides/", ["Fixture Desk", "Guides"]),
    ("policies/privacy/", ["Fixture Desk", "Privacy"]),
    ("tags/", ["Fixture Desk", "Tags"]),
    ("tags/alpha/", ["Fixture Desk", "Tags", "Tag: alpha"]),
])
def test_every_page_below_home_shows_the_breadcrumbs_of_its_json_ld(
        basic: Built, url: str, names: list[str]) -> None:
    page = basic.html(url)
    shown = trail(page)
    crumbs = next(d for d in basic.json_ld(url)
                  if d["@type"] == "BreadcrumbList")["itemListElement"]

    assert [name for name, _, _ in shown] == names == [c["name"] for c in crumbs]
    # the same pages: each link resolves to the JSON-LD's address
    assert [SITE + resolve(url, href) for _, _, href in shown] == [c["item"] for c in crumbs]
    # the last step is this page, and says so
    assert [current for _, current, _ in shown] == [None] * (len(names) - 1) + ["page"]
    # above the article, outside what search indexes
    nav = page.select_one('nav[aria-label="Breadcrumbs"]')
    assert nav.find_parent("article") is None
    assert nav.find_parent(attrs={"data-pagefind-body": True}) is None


def test_only_the_pages_below_home_have_breadcrumbs(basic: Built) -> None:
    assert basic.html("").select_one('nav[aria-label="Breadcrumbs"]') is None
    assert basic.html("guides/").select_one('nav[aria-label="Breadcrumbs"]') is not None


def test_a_listing_page_shows_its_trail(tmp_path: Path) -> None:
    pages = {f"content/guides/extra-{n:02}.md": f"""
        ---
        title: Extra {n:02}
        description: One more guide.
        updated: 2026-01-{n:02}
        ---

        Body.
        """ for n in range(1, 25)}
    built = build_site(tmp_path, pages, strict=True)
    assert built.ok, built.messages()

    shown = trail(built.html("guides/page/2/"))
    assert [(name, current) for name, current, _ in shown] == [
        ("Fixture Desk", None), ("Guides", None), ("Guides, page 2 of 3", "page")]
    assert [resolve("guides/page/2/", href) for _, _, href in shown] == [
        "", "guides/", "guides/page/2/"]
    # a lane's listing page is of the lane: the sidebar says so
    assert nav_marked(built.html("guides/page/2/")) == [("Guides", "true")]


def nav_marked(page: BeautifulSoup) -> list[tuple[str, str]]:
    """The sidebar's entries marked current: their text and aria-current."""
    return [(text(a), a["aria-current"])
            for a in page.select(".md-nav--primary a[aria-current]")]


@pytest.mark.parametrize(("url", "marked"), [
    ("guides/alpha/", [("Guides", "true")]),
    ("guides/beta/", [("Guides", "true")]),
    ("fixes/one-fix/", [("Fixes", "true")]),
    ("guides/", [("Guides", "page")]),
])
def test_the_sidebar_marks_the_current_lane(basic: Built, url: str,
                                            marked: list[tuple[str, str]]) -> None:
    page = basic.html(url)
    assert nav_marked(page) == marked
    for entry in page.select(".md-nav--primary a[aria-current]"):
        assert "md-nav__link--active" in entry["class"]
    # a page outside the lanes marks none
    assert nav_marked(basic.html("policies/privacy/")) == nav_marked(basic.html("")) == []


def test_the_lane_label_above_the_title_links_to_the_lane(basic: Built) -> None:
    for url, lane in [("guides/alpha/", "guides/"), ("fixes/one-fix/", "fixes/")]:
        category = basic.html(url).select_one(".opsdesk-category a")
        assert category is not None
        assert resolve(url, category["href"]) == lane


# -- 2. Where next --------------------------------------------------------------------------

def reading(built: Built, url: str, rel: str) -> str | None:
    """The visible previous (``prev``) or next page, checked against the head's link."""
    page = built.html(url)
    visible = page.select(f'nav.opsdesk-reading a[rel="{rel}"]')
    head = page.select(f'head link[rel="{rel}"]')
    assert len(visible) == len(head) <= 1, (url, rel)
    if not visible:
        return None
    assert resolve(url, visible[0]["href"]) == resolve(url, head[0]["href"]), (url, rel)
    return resolve(url, visible[0]["href"])


@pytest.mark.parametrize(("url", "previous", "following"), [
    ("guides/alpha/", None, "guides/beta/"),
    ("guides/beta/", "guides/alpha/", "guides/gamma/"),
    ("guides/gamma/", "guides/beta/", "fixes/one-fix/"),
    ("fixes/one-fix/", "guides/gamma/", None),
])
def test_previous_and_next_pages_are_shown_and_agree_with_rel_links(
        basic: Built, url: str, previous: str | None, following: str | None) -> None:
    assert reading(basic, url, "prev") == previous
    assert reading(basic, url, "next") == following
    nav = basic.html(url).select_one("nav.opsdesk-reading")
    if previous:
        assert text(nav.select_one(".opsdesk-previous")).startswith("Previous page ")
    if following:
        assert text(nav.select_one(".opsdesk-next")).startswith("Next page ")


def test_the_previous_page_comes_before_the_next_after_the_policies(basic: Built) -> None:
    article = basic.html("guides/beta/").select_one("article")
    order = [c for e in article.find_all(True) for c in e.get("class") or []
             if c in ("opsdesk-policies", "opsdesk-previous", "opsdesk-next",
                      "opsdesk-related")]
    assert order == ["opsdesk-policies", "opsdesk-previous", "opsdesk-next",
                     "opsdesk-related"]


# -- 3. Contents on a phone -------------------------------------------------------------------

def test_a_lane_page_lists_its_sections_in_a_collapsible_on_this_page(basic: Built) -> None:
    page = basic.html("guides/alpha/")
    contents = page.select_one("article details.opsdesk-toc")
    assert contents is not None
    assert text(contents.select_one("summary")) == "On this page"
    assert contents.select_one('nav[aria-label="On this page"]') is not None
    # the table of contents' entries, FAQ included, each to a heading of the page
    entries = [(text(a), a["href"]) for a in contents.select("a")]
    toc = [(text(a), a["href"]) for a in page.select(".md-nav--secondary a")]
    assert entries == toc
    assert ("Frequently asked questions", "#frequently-asked-questions") in entries
    for _, href in entries:
        assert page.find(id=href[1:]) is not None, href
    # near the top: after the header and callouts, before the body; never indexed
    assert contents.find_previous(class_="opsdesk-coverage-lane") is not None
    assert "Alpha body paragraph one." in text(contents.find_next("p", class_=None))
    assert contents["data-pagefind-ignore"] == "all"


def test_only_a_lane_page_of_two_sections_or_more_has_on_this_page(basic: Built) -> None:
    assert basic.html("guides/alpha/").select_one("details.opsdesk-toc") is not None
    for url in ("fixes/one-fix/", "guides/", ""):
        assert basic.html(url).select_one("details.opsdesk-toc") is None, url


def test_a_heading_with_markup_is_listed_as_its_text(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"content/fixes/one-fix.md": """
        ---
        title: One Fix
        description: A fix.
        updated: 2026-04-01
        ---

        ## Use `retry_after` & *back off*

        Text.

        ## Second

        Text.
        """}, strict=True)
    entries = built.html("fixes/one-fix/").select("details.opsdesk-toc a")
    assert [a.decode_contents() for a in entries] == [
        "Use retry_after &amp; back off", "Second"]


# -- 6. No dead ends ------------------------------------------------------------------------

def test_the_not_found_page_offers_search_the_lanes_and_the_newest_pages(
        basic: Built) -> None:
    page = basic.html("404.html")
    article = page.select_one("article")
    assert text(article.select_one("h1")) == "Page not found"
    search = article.select_one("[data-opsdesk-search-open]")
    assert text(search) == "Search the site"
    assert search["href"] == "#opsdesk-search-nojs"  # without JavaScript: the lanes
    lanes = article.select(".opsdesk-not-found__lanes a")
    assert [(text(a), a["href"]) for a in lanes] == [("Guides", "/guides/"),
                                                     ("Fixes", "/fixes/")]
    newest = [(text(a), a["href"]) for a in article.select(".opsdesk-card__title")]
    assert newest == [("Gamma Guide", "/guides/gamma/"), ("Alpha Guide", "/guides/alpha/"),
                      ("Beta Guide", "/guides/beta/"), ("One Fix", "/fixes/one-fix/")]
    # the site's look: Material's page with our stylesheet and the header's search
    assert page.select_one('link[href$="assets/opsdesk/opsdesk.css"]') is not None
    assert page.select_one("dialog#opsdesk-search") is not None


def test_the_not_found_page_offers_five_newest_pages_at_most(tmp_path: Path) -> None:
    pages = {f"content/fixes/fix-{n}.md": f"""
        ---
        title: Fix {n}
        description: A fix.
        updated: 2026-03-0{n}
        ---

        Body.
        """ for n in range(1, 9)}
    built = build_site(tmp_path, pages, strict=True)
    newest = [text(a) for a in built.html("404.html").select(".opsdesk-card__title")]
    assert newest == ["Gamma Guide", "Alpha Guide", "Beta Guide", "One Fix", "Fix 8"]


def test_tag_chips_end_with_a_link_to_the_tags_page(basic: Built) -> None:
    chips = basic.html("guides/alpha/").select_one(".opsdesk-tags")
    last = chips.find_all("a")[-1]
    assert text(last) == "All tags"
    assert resolve("guides/alpha/", last["href"]) == "tags/"


@pytest.mark.parametrize(("url", "feed", "title"), [
    ("", "atom.xml", "Fixture Desk"),
    ("guides/", "atom-guides.xml", "Fixture Desk: Guides"),
    ("fixes/", "atom-fixes.xml", "Fixture Desk: Fixes"),
])
def test_home_and_landing_pages_link_their_feed(basic: Built, url: str, feed: str,
                                                title: str) -> None:
    link = basic.html(url).select_one("article .opsdesk-feed a")
    assert link is not None
    assert text(link) == "Atom feed"
    assert link["type"] == "application/atom+xml"
    assert link["title"] == title
    assert resolve(url, link["href"]) == feed
    assert (basic.site / feed).is_file()


def test_only_home_and_landing_pages_link_a_feed_in_the_article(basic: Built) -> None:
    assert basic.html("guides/").select_one(".opsdesk-feed") is not None
    for url in ("guides/alpha/", "policies/privacy/", "tags/"):
        assert basic.html(url).select_one(".opsdesk-feed") is None, url


# -- 7. Descriptions as text ----------------------------------------------------------------

def _described(description: str) -> dict[str, str]:
    return {"content/fixes/one-fix.md": f"""
        ---
        title: One Fix
        description: "{description}"
        updated: 2026-04-01
        ---

        Fix body.
        """}


@pytest.mark.parametrize(("description", "found"), [
    ("Start with **alpha**.", "**alpha**"),
    ("An *easy* fix.", "*easy*"),
    ("An _easy_ fix.", "_easy_"),
    ("Run `opsdesk check` first.", "`opsdesk check`"),
    ("See [the guide](../guides/alpha.md).", "[the guide](../guides/alpha.md)"),
    ("A ![diagram](d.png) fix.", "![diagram](d.png)"),
    ("Read <https://example.org/> first.", "<https://example.org/>"),
])
def test_markdown_in_a_description_is_a_located_warning(tmp_path: Path, description: str,
                                                        found: str) -> None:
    built = build_site(tmp_path, _described(description), strict=True)

    assert not built.ok
    assert built.problems() == [
        f"content/fixes/one-fix.md:3: description: '{found}' is Markdown, and a "
        "description is plain text (meta description, lede, cards, feeds): it would show "
        "as written; write the words without it"]


@pytest.mark.parametrize("description", [
    "Why retries & <keys> matter at 2 * 3 the rate.",
    "Set snake_case keys and max_delay before a 5*60 s wait.",
    "A [bracket] and (parenthesis), and a lone ` backtick.",
])
def test_plain_text_with_markdown_characters_is_no_warning(tmp_path: Path,
                                                           description: str) -> None:
    marked = "content/guides/alpha.md"
    alpha = (SITES / "basic" / marked).read_text(encoding="utf-8")
    built = build_site(tmp_path, {**_described(description), marked: alpha.replace(
        "description: The first guide.", "description: The *first* guide.")})

    # the Markdown of another page is the one warning
    assert [problem.partition(":")[0] for problem in built.problems()] == [marked]
    assert text(built.html("fixes/one-fix/").select_one(".opsdesk-lede")) == description


# -- 8. Built in ----------------------------------------------------------------------------

def test_quick_take_and_coverage_lane_are_one_lead_without_a_landmark(basic: Built) -> None:
    article = basic.html("guides/alpha/").select_one("article")
    leads = article.select(".opsdesk-lead")

    assert len(leads) == 1
    assert [p["class"] for p in leads[0].find_all("p")] == [
        ["opsdesk-quick-take"], ["opsdesk-coverage-lane"]]
    assert leads[0].name == "div"
    assert leads[0].find_parent("aside") is None
    assert article.select("aside") == []
    # without a quick take, the lead is the coverage lane alone
    lead = basic.html("fixes/one-fix/").select_one(".opsdesk-lead")
    assert [p["class"] for p in lead.find_all("p")] == [["opsdesk-coverage-lane"]]


@pytest.mark.parametrize(("file", "text", "problem"), [
    ("site-data/lanes.yml",
     "- id: guides\n  title: Guides\n  label: guides\n  category: Core topic\n"
     "  description: Decision **guides**.\n- id: fixes\n  title: Fixes\n  label: fixes\n",
     "site-data/lanes.yml:5: [0].description: '**guides**'"),
    ("site-data/site.yml",
     "name: Fixture Desk\nurl: https://fixture.example.org/\n"
     "description: Guides for `ops` teams.\n",
     "site-data/site.yml:3: description: '`ops`'"),
])
def test_markdown_in_a_lane_or_site_description_is_a_located_warning(
        tmp_path: Path, file: str, text: str, problem: str) -> None:
    built = build_site(tmp_path, {file: text}, strict=True)

    assert not built.ok
    assert built.problems() == [
        f"{problem} is Markdown, and a description is plain text (meta description, "
        "lede, cards, feeds): it would show as written; write the words without it"]


@pytest.mark.parametrize(("text", "found"), [
    ("See [the guide](guides/x.md).", "[the guide](guides/x.md)"),
    ("An image ![chart](c.png) here", "![chart](c.png)"),
    ("A [reference][ref] link", "[reference][ref]"),
    ("Brackets [[a](b) before", "[a](b)"),  # the last ``[`` before ``](`` starts it
    ("[a[b](c)", "[b](c)"),
    ("[x] [y] (z) [[[", None),
    ("[" * 3000 + "]" * 500 + "(", None),
])
def test_markdown_syntax_finds_a_link_after_any_brackets(text: str, found: str | None) -> None:
    assert plaintext.markdown_syntax(text) == found


@pytest.mark.parametrize(("url", "lists"), [("", 2), ("guides/", 1), ("tags/alpha/", 1),
                                            ("404.html", 1)])
def test_cards_are_materials_grid_cards(basic: Built, url: str, lists: int) -> None:
    grids = basic.html(url).select("article .grid.cards")
    assert len(grids) == lists
    for grid in grids:
        [cards] = grid.find_all("ul", recursive=False)
        assert cards.find_all("li", class_="opsdesk-card", recursive=False)


# -- 9. What the validators read (scripts/validate, issue 23) -------------------------------

@pytest.mark.parametrize("url", ["", "guides/alpha/", "tags/", "404.html"])
def test_the_search_links_fragment_names_an_element_with_scripting_on_and_off(
        basic: Built, url: str) -> None:
    """With scripting on, <noscript> holds text, not elements (hyperlink, pa11y): the link's
    target is outside it, the pointer to the lanes inside it."""
    page = basic.html(url)
    openers = page.select("[data-opsdesk-search-open]")
    assert openers
    assert {a["href"] for a in openers} == {"#opsdesk-search-nojs"}
    target = page.find(id="opsdesk-search-nojs")
    assert target is not None
    assert target.find_parent("noscript") is None
    assert target.select_one("noscript [role=note] a") is not None  # without JavaScript


@pytest.mark.parametrize("url", ["", "404.html"])
def test_the_search_openers_say_they_open_a_dialog_without_aria_controls(
        basic: Built, url: str) -> None:
    """axe cannot check aria-controls beside aria-haspopup (pa11y reports it)."""
    for opener in basic.html(url).select("[data-opsdesk-search-open]"):
        assert opener["aria-haspopup"] == "dialog"
        assert not opener.has_attr("aria-controls")


def test_the_did_you_mean_button_has_a_name_before_search_fills_it(basic: Built) -> None:
    """HTML_CodeSniffer (pa11y) checks hidden buttons too."""
    button = basic.html("").select_one("[data-opsdesk-search-suggestion]")
    assert button.find_parent(hidden=True) is not None
    assert text(button) == button["data-label"] == "Did you mean “{query}”?"

