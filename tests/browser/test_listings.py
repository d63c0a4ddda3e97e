"""In Chromium: the paged listings and tag pages pass axe in both palettes, their pager
fits a 375 px phone with thumb-sized links, and it works without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from opsdesk.listings import CARDS_PER_PAGE

from ..support.sites import REPO, SITES, build_site
from .conftest import SCHEMES, choose_palette, open_tab, serve_site
from .test_accessibility import serious

#: 3 guides of the fixture site and these: three pages of guides, the middle one full.
EXTRA = 2 * CARDS_PER_PAGE + 1
PAGES = ["guides/", "guides/page/2/", "guides/page/3/", "tags/", "tags/bulk/",
         "tags/bulk/page/2/"]


@pytest.fixture(scope="module")
def listing_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    config = (SITES / "basic/mkdocs.yml").read_text(encoding="utf-8")
    repo = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    palettes = yaml.safe_dump({"palette": repo["theme"]["palette"]})  # the site's toggle
    built = build_site(tmp_path_factory.mktemp("listings"), {
        "mkdocs.yml": config.replace("  font: false\n", "  font: false\n" + "".join(
            f"  {line}\n" for line in palettes.splitlines())),
        **{f"content/guides/g{i:02}.md": f"""
            ---
            title: A guide with a longer title, number {i:02}
            description: What guide {i} is about, in one sentence long enough to wrap.
            updated: 2026-03-{1 + i % 28:02d}
            order: {10 + i}
            tags: [bulk]
            ---

            Body {i}.
            """ for i in range(EXTRA)}}, strict=True)
    assert built.ok, built.messages()
    assert built.exists("guides/page/3/")
    with serve_site(built.site) as url:
        yield url


@pytest.mark.parametrize("scheme", SCHEMES)
def test_listing_pages_pass_axe_in_both_palettes(browser: Browser, listing_url: str,
                                                  scheme: str) -> None:
    tab = open_tab(browser, listing_url)
    try:
        choose_palette(tab, scheme)
        for url in PAGES:
            page = tab.open(url)
            assert page.get_attribute("body", "data-md-color-scheme") == scheme
            assert serious(Axe().run(page).response["violations"]) == [], url
        assert tab.errors == []
    finally:
        tab.context.close()


def test_the_pager_fits_a_phone_with_thumb_sized_links(browser: Browser,
                                                       listing_url: str) -> None:
    tab = open_tab(browser, listing_url, viewport={"width": 375, "height": 740})
    try:
        for url in ["guides/page/2/", "tags/bulk/"]:
            page = tab.open(url)
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
            links = page.locator("nav.opsdesk-pager a")
            assert links.count() >= 3, url
            for index in range(links.count()):
                box = links.nth(index).bounding_box()
                assert box is not None
                assert box["x"] >= 0, url
                assert box["x"] + box["width"] <= 375, url
                assert box["height"] >= 24, url  # WCAG 2.5.8 target size
                assert links.nth(index).is_visible()
    finally:
        tab.context.close()


def test_the_pager_works_without_javascript(browser: Browser, listing_url: str) -> None:
    tab = open_tab(browser, listing_url, java_script_enabled=False)
    try:
        page = tab.open("guides/")
        page.get_by_role("navigation", name="Pages of Guides").get_by_role(
            "link", name="Next →").click()
        page.wait_for_url("**/guides/page/2/")
        assert page.locator('nav.opsdesk-pager a[aria-current="page"]').inner_text() == "2"
        assert page.locator(".opsdesk-card").count() == CARDS_PER_PAGE
        page.get_by_role("link", name="3", exact=True).click()
        page.wait_for_url("**/guides/page/3/")
        assert page.locator("article h1").inner_text() == "Guides, page 3 of 3"
        assert page.locator(".opsdesk-card").count() == 3 + EXTRA - 2 * CARDS_PER_PAGE
    finally:
        tab.context.close()
