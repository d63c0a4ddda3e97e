"""Paged lane listings: a lane's landing page shows its first CARDS_PER_PAGE cards and a
pager; the next cards are on generated pages ``<lane>/page/N/``, each with its own
title, canonical link, ``rel=prev/next`` and breadcrumbs, in the sitemap, never in the
search index, the feeds, the navigation, "Next page" or "Keep browsing"."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from opsdesk.listings import CARDS_PER_PAGE
from opsdesk.pipeline import assemble
from opsdesk.project import PACKAGE_TEMPLATES
from opsdesk.sitedata import load_site_data
from opsdesk.source import Kind, load_page

from .support.html import text
from .support.sites import SITES, Built, build_site, write_site

SITE = "https://fixture.example.org/"


def _guides(count: int) -> dict[str, str]:
    """``count`` more guides, ordered after alpha (1) and beta (2), before gamma (none)."""
    return {f"content/guides/g{i:02}.md": f"""
        ---
        title: Guide {i:02}
        description: Guide number {i}.
        updated: 2026-02-{1 + i % 28:02d}
        order: {10 + i}
        ---

        Body of guide {i}.
        """ for i in range(count)}


def _target(url: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(url, href)).removeprefix(".") + "/"


def _titles(built: Built, url: str) -> list[str]:
    return [text(a) for a in built.html(url).select(".opsdesk-card__title")]


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Guides: alpha, beta, 10 more, gamma: one card more than a page holds."""
    built = build_site(tmp_path_factory.mktemp("paged"), _guides(CARDS_PER_PAGE - 2), strict=True)
    assert built.ok, built.messages()
    return built


def test_exactly_a_page_of_cards_makes_no_second_page(tmp_path: Path) -> None:
    built = build_site(tmp_path, _guides(CARDS_PER_PAGE - 3), strict=True)

    assert len(_titles(built, "guides/")) == CARDS_PER_PAGE
    assert not built.exists("guides/page/2/")
    landing = built.html("guides/")
    assert landing.select("nav.opsdesk-pager") == []
    assert landing.select('head link[rel="next"], head link[rel="prev"]') == []


def test_one_card_more_starts_a_second_page_with_that_card(paged: Built) -> None:
    first = _titles(paged, "guides/")
    assert first == ["Alpha Guide", "Beta Guide",
                     *(f"Guide {i:02}" for i in range(CARDS_PER_PAGE - 2))]
    assert _titles(paged, "guides/page/2/") == ["Gamma Guide"]  # the lane's order goes on
    assert not paged.exists("guides/page/3/")
    assert not paged.exists("fixes/page/2/")


def test_each_page_has_its_title_canonical_rel_links_and_breadcrumbs(paged: Built) -> None:
    landing, second = paged.html("guides/"), paged.html("guides/page/2/")

    assert text(second.select_one("article h1")) == "Guides, page 2 of 2"
    assert text(second.select_one("title")) == "Guides, page 2 of 2 - Fixture Desk"
    assert text(landing.select_one("title")) == "Guides - Fixture Desk"
    assert second.select_one('head link[rel="canonical"]')["href"] == f"{SITE}guides/page/2/"
    assert landing.select_one('head link[rel="canonical"]')["href"] == f"{SITE}guides/"
    assert _target("guides/page/2/", second.select_one('head link[rel="prev"]')["href"]) \
        == "guides/"
    assert second.select('head link[rel="next"]') == []
    assert _target("guides/", landing.select_one('head link[rel="next"]')["href"]) \
        == "guides/page/2/"
    assert landing.select('head link[rel="prev"]') == []
    crumbs = next(d for d in paged.json_ld("guides/page/2/") if d["@type"] == "BreadcrumbList")
    assert [(item["name"], item["item"]) for item in crumbs["itemListElement"]] == [
        ("Fixture Desk", SITE), ("Guides", f"{SITE}guides/"),
        ("Guides, page 2 of 2", f"{SITE}guides/page/2/")]
    assert second.select_one('meta[name="description"]')["content"] == "Decision guides."


def test_the_pager_is_a_labelled_nav_of_plain_links(paged: Built) -> None:
    for url, current, previous, following in [("guides/", "1", None, "guides/page/2/"),
                                              ("guides/page/2/", "2", "guides/", None)]:
        pager = paged.html(url).select_one("article nav.opsdesk-pager")
        assert pager["aria-label"] == "Pages of Guides"
        numbers = [(text(a), _target(url, a["href"])) for a in pager.select("li > a")
                   if not a.get("rel")]
        assert numbers == [("1", "guides/"), ("2", "guides/page/2/")]
        assert [text(a) for a in pager.select('a[aria-current="page"]')] == [current]
        steps = {a["rel"][0]: _target(url, a["href"]) for a in pager.select("a[rel]")}
        assert steps == {k: v for k, v in (("prev", previous), ("next", following)) if v}
        assert pager.select("script, button") == []
    assert text(paged.html("guides/").select_one('a[rel="next"]')) == "Next →"
    assert text(paged.html("guides/page/2/").select_one('a[rel="prev"]')) == "← Previous"


def test_paged_pages_are_in_the_sitemap_only(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        **_guides(CARDS_PER_PAGE - 2),
        # every guide relates to gamma, the card on page 2; alpha's next is gamma
        "content/guides/alpha.md": (SITES / "basic/content/guides/alpha.md").read_text()
        .replace("order: 1\n", "order: 1\nnext: guides/gamma.md\n")})
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    built = Built(root, True)

    searched = [url for url, _ in config.plugins["opsdesk"].session.search_pages()]
    assert "guides/" in searched
    assert "guides/alpha/" in searched
    assert not [url for url in searched if "/page/" in url or url.startswith("tags/")]
    assert built.html("guides/page/2/").select("[data-pagefind-body]") == []
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE}guides/page/2/</loc>" in sitemap
    feeds = "".join(p.read_text(encoding="utf-8") for p in built.site.glob("atom*.xml"))
    assert "page/2" not in feeds
    for url in ["", "guides/", "guides/page/2/", "guides/alpha/", "guides/gamma/"]:
        page = built.html(url)
        assert not [a for a in page.select(".md-nav a") if "page/" in a["href"]], url
        assert not [a for a in page.select(".opsdesk-next a, .opsdesk-related a")
                    if "page/" in a["href"]], url
    assert _target("guides/alpha/", built.html("guides/alpha/").select_one(
        ".opsdesk-next a")["href"]) == "guides/gamma/"


def test_an_authors_landing_page_keeps_its_text_and_its_cards_are_paged(tmp_path: Path) -> None:
    built = build_site(tmp_path, {**_guides(CARDS_PER_PAGE - 2), "content/guides/index.md": """
        ---
        title: All our guides
        description: Every guide we wrote.
        ---

        Read these in order.
        """}, strict=True)

    landing, second = built.html("guides/"), built.html("guides/page/2/")
    assert "Read these in order." in text(landing.select_one("article"))
    assert len(_titles(built, "guides/")) == CARDS_PER_PAGE
    assert text(second.select_one("article h1")) == "All our guides, page 2 of 2"
    assert "Read these in order." not in text(second.select_one("article"))
    assert _titles(built, "guides/page/2/") == ["Gamma Guide"]


def test_a_draft_landing_page_lists_nothing_yet(tmp_path: Path) -> None:
    built = build_site(tmp_path, {**_guides(CARDS_PER_PAGE - 2), "content/guides/index.md": """
        ---
        title: All our guides
        draft: true
        ---

        Not yet.
        """})

    assert built.ok, built.messages()
    assert not built.exists("guides/")
    assert not built.exists("guides/page/2/")
    assert built.exists("guides/alpha/")


def test_the_home_page_shows_the_first_cards_of_each_lane_as_before(paged: Built) -> None:
    home = paged.html("")
    guides = home.select_one("section[aria-labelledby='lane-guides']")
    assert len(guides.select(".opsdesk-card")) == 6
    more = guides.select("p > a")[-1]
    assert (text(more), _target("", more["href"])) == (
        f"All {CARDS_PER_PAGE + 1} pages in Guides", "guides/")
    assert home.select("nav.opsdesk-pager") == []


@pytest.mark.parametrize(("files", "expected"), [
    ({"content/guides/page/2.md": """
        ---
        title: Page two
        description: An unlucky name.
        updated: 2026-01-01
        ---

        Body.
        """},
     "content/guides/page/2.md:1: its address guides/page/2/ is page 2 of the lane 'guides', "
     "which the build generates: move or rename this page"),
    ({"content/guides/page/2/index.md": """
        ---
        title: Page two
        description: An unlucky name.
        updated: 2026-01-01
        ---

        Body.
        """},
     "content/guides/page/2/index.md:1: its address guides/page/2/ is page 2 of the lane "
     "'guides', which the build generates: move or rename this page"),
    ({"content/guides/beta.md": (SITES / "basic/content/guides/beta.md").read_text().replace(
        "order: 2\n", "order: 2\naliases: [guides/page/2.md]\n")},
     "content/guides/beta.md:6: aliases[0]: 'guides/page/2.md' collides with the file "
     "guides/page/2/index.html, which the build writes"),
    ({"content/tags/alpha.md": "---\ntitle: Alpha tag\n---\n\nMine.\n"},
     "content/tags/alpha.md:1: its address tags/alpha/ is the tag page of 'alpha', which "
     "the build generates: move or rename this page"),
], ids=["a page", "a folder's index page", "an alias", "a tag page"])
def test_a_page_or_alias_at_a_generated_address_is_a_located_error(
        tmp_path: Path, files: dict[str, str], expected: str) -> None:
    # one guide more than needed: page 2 stays when the clashing guide is left out
    built = build_site(tmp_path, {**_guides(CARDS_PER_PAGE - 1), **files}, strict=True)

    assert not built.ok
    assert expected in built.problems()
    relaxed = build_site(tmp_path / "relaxed", {**_guides(CARDS_PER_PAGE - 1), **files})
    assert relaxed.ok
    second = relaxed.html("guides/page/2/") if "guides" in expected else relaxed.html(
        "tags/alpha/")
    assert text(second.select_one("article h1")) in ("Guides, page 2 of 2", "Tag: alpha")


DATA = load_site_data(SITES / "basic" / "site-data")


def _pager_at(number: int, pages: int) -> list[str]:
    """The pager of page ``number`` of a lane with ``pages`` pages of cards, as text."""
    count = CARDS_PER_PAGE * pages
    texts = {"index.md": "---\ntitle: Home\n---\n", **{
        f"guides/g{i:03}.md": f"---\ntitle: G{i:03}\ndescription: D.\nupdated: 2026-01-01\n"
                              f"order: {i}\n---\n\nBody.\n" for i in range(count)}}
    sources = [load_page(t, path=p, file=f"content/{p}", lane_ids=DATA.lane_ids)
               for p, t in texts.items()]
    site = assemble(DATA, sources, shown_docs="content", template_dirs=[PACKAGE_TEMPLATES],
                    site_url=None)
    path = "guides/index.md" if number == 1 else f"guides/page/{number}.md"
    view = site.views[path]
    assert view.kind is (Kind.LANDING if number == 1 else Kind.LISTING)
    assert view.pager is not None
    assert view.pager.count == pages
    return [("[" if item.current else "") + (str(item.number) if item.number else "…")
            + ("]" if item.current else "") for item in view.pager.items]


@pytest.mark.parametrize(("number", "pages", "expected"), [
    (1, 2, "[1] 2"),
    (1, 6, "[1] 2 … 6"),
    (3, 6, "1 2 [3] 4 5 6"),  # a gap of one page shows that page, not "…"
    (4, 8, "1 2 3 [4] 5 … 8"),
    (5, 8, "1 … 4 [5] 6 7 8"),
    (6, 6, "1 … 5 [6]"),
    (10, 40, "1 … 9 [10] 11 … 40"),
])
def test_the_pager_shows_the_ends_and_the_neighbours(number: int, pages: int,
                                                     expected: str) -> None:
    assert " ".join(_pager_at(number, pages)) == expected
