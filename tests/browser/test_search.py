"""The site's search (Pagefind), in the browser: nothing of it loads until the reader opens
it; it finds the words of every part of a page, never a draft or a redirect page; its
filters, sort and keyboard work; titles show as text; readers without JavaScript get the
lane pages; a phone screen and both palettes work, with no serious axe violation."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, expect

from .conftest import (
    CHECKLIST_WORD,
    DRAFT_WORD,
    FAQ_ANSWER_WORD,
    FAQ_QUESTION,
    GUIDE,
    HOME,
    LANE,
    MANY_PAGES,
    MANY_WORD,
    PROBE,
    PROBE_ALIAS,
    PROBE_TAG,
    PROBE_TITLE,
    QUICK_TAKE_WORD,
    RELABELLED,
    Tab,
    open_tab,
)
from .test_accessibility import SCHEMES, choose_palette, serious

STATUS = re.compile(r"^(No matching documents|No results for “.+”|1 matching document"
                    r"|\d+ matching documents)$")
#: Loading Pagefind (and its first search) on a busy machine may take more than the 5 s
#: Playwright waits by default.
LOADING_MS = 20_000


def open_search(page: Page, key: str = "/") -> Locator:
    """Open search as a reader does, with ``key``; wait until Pagefind is ready."""
    page.keyboard.press(key)
    dialog = page.get_by_role("dialog", name="Search")
    expect(dialog).to_be_visible()
    # The lane filter is filled from the index once Pagefind has loaded.
    expect(dialog.locator("[data-opsdesk-filter=lane] option")).not_to_have_count(
        1, timeout=LOADING_MS)
    return dialog


def search(page: Page, query: str) -> Locator:
    """Type ``query`` into the open search; the result links once the status says so."""
    box = page.get_by_role("searchbox", name="Search")
    box.fill(query)
    expect(page.locator(".opsdesk-search__status")).to_have_text(STATUS, timeout=LOADING_MS)
    return page.locator(".opsdesk-search__result")


def dates(results: Locator) -> list[datetime]:
    return [datetime.strptime(text, "%B %d, %Y")
            for text in results.locator(".opsdesk-search__date").all_inner_texts()]


def test_nothing_of_search_loads_until_the_reader_opens_it(tab: Tab) -> None:
    page = tab.open(GUIDE)
    page.wait_for_timeout(1000)

    assert [url for url in tab.requests if "/pagefind/" in url] == []
    # Material fetches sitemap.xml for every <link rel=alternate> it takes for a language
    # version: the feed links must not be taken for one.
    assert [url for url in tab.requests if "sitemap.xml" in url] == []

    open_search(page)
    loaded = [url.removeprefix(tab.base_url) for url in tab.requests if "/pagefind/" in url]
    assert "pagefind/pagefind.js" in loaded
    assert not [url for url in loaded if "-ui." in url]  # not Pagefind's own UI
    assert tab.foreign_requests() == []
    assert tab.errors == []


@pytest.mark.parametrize("url", [HOME, LANE])
def test_feeds_stay_discoverable(tab: Tab, url: str) -> None:
    page = tab.open(url)
    feeds = page.locator('link[type="application/atom+xml"]')
    assert feeds.count() >= 1
    assert all(feeds.evaluate_all("links => links.map(l => l.relList.contains('alternate'))"))
    assert [url for url in tab.requests if "sitemap.xml" in url] == []


@pytest.mark.parametrize("word", [QUICK_TAKE_WORD, FAQ_ANSWER_WORD, CHECKLIST_WORD])
def test_search_finds_a_word_of_the_quick_take_faq_or_a_checklist(tab: Tab, word: str) -> None:
    page = tab.open(HOME)
    open_search(page)
    results = search(page, word)

    # One result: the page, never its old address (a redirect page) as a second one.
    expect(results).to_have_count(1)
    result = results.first
    assert result.evaluate("a => a.href").startswith(tab.base_url + PROBE)
    expect(result.locator(".opsdesk-search__title")).to_have_text(PROBE_TITLE)
    expect(result.locator(".opsdesk-search__lane")).to_have_text("Fixes")
    expect(result.locator(".opsdesk-search__date")).to_have_text("February 03, 2025")
    # The marked word, with the punctuation that follows it in the text
    expect(result.locator(".opsdesk-search__excerpt mark")).to_have_text(
        re.compile(rf"^{word}\W*$"))
    assert tab.errors == []


def test_a_result_opens_the_page_at_the_matching_section(tab: Tab) -> None:
    page = tab.open(HOME)
    open_search(page)
    result = search(page, FAQ_ANSWER_WORD).first
    expect(result.locator(".opsdesk-search__section")).to_have_text(FAQ_QUESTION)

    result.click()

    # the searched word goes along, for the page to mark it (test_readers.py)
    page.wait_for_url(re.compile(re.escape(tab.base_url + PROBE) + r"\?highlight=\w+#.+"))
    anchor = page.url.split("#", 1)[1]
    expect(page.locator(f"h3[id='{anchor}']")).to_have_text(FAQ_QUESTION)


def test_a_title_made_of_markup_shows_as_text_and_never_runs(tab: Tab) -> None:
    dialogs: list[str] = []
    tab.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page = tab.open(HOME)
    open_search(page)
    results = search(page, QUICK_TAKE_WORD)
    expect(results.locator(".opsdesk-search__title")).to_have_text(PROBE_TITLE)
    page.wait_for_timeout(500)  # an onerror handler would have run by now

    assert dialogs == []
    assert page.locator("#opsdesk-search img").count() == 0
    assert tab.errors == []


def test_search_never_finds_a_draft_or_a_redirect_page(tab: Tab) -> None:
    page = tab.open(HOME)
    open_search(page)

    expect(search(page, DRAFT_WORD)).to_have_count(0)
    expect(page.locator(".opsdesk-search__status")).to_have_text(
        f"No results for “{DRAFT_WORD}”")
    assert page.request.get(tab.base_url + "guides/unpublished-draft-guide/").status == 404

    # The old address exists (a redirect page) but is not in the index: one result.
    redirect = page.request.get(tab.base_url + PROBE_ALIAS)
    assert redirect.status == 200
    assert "search-probe" in redirect.text()
    results = search(page, QUICK_TAKE_WORD)
    expect(results).to_have_count(1)
    assert PROBE_ALIAS not in results.first.evaluate("a => a.href")


def test_lane_and_tag_filters_narrow_the_results_with_counts(tab: Tab) -> None:
    page = tab.open(HOME)
    dialog = open_search(page)
    results = search(page, "automation")
    lane = dialog.locator("[data-opsdesk-filter=lane]")
    options = {text.rsplit(" (", 1)[0]: int(text.rsplit(" (", 1)[1].rstrip(")"))
               for text in lane.locator("option").all_inner_texts()[1:]}
    assert options["Fixes"] >= 1
    assert sum(options.values()) > options["Fixes"]  # more than one lane has the word

    lane.select_option("Fixes")

    expected = f"{options['Fixes']} matching document" + ("s" if options["Fixes"] > 1 else "")
    expect(page.locator(".opsdesk-search__status")).to_have_text(expected)
    expect(results.locator(".opsdesk-search__lane")).to_have_text(
        ["Fixes"] * min(options["Fixes"], 10))

    # A tag, with no words typed: the pages with the tag.
    lane.select_option("")
    page.get_by_role("searchbox", name="Search").fill("")
    tag = dialog.locator("[data-opsdesk-filter=tag]")
    expect(tag.locator("option", has_text=f"{PROBE_TAG} (1)")).to_have_count(1)
    tag.select_option(PROBE_TAG)
    expect(results).to_have_count(1)
    expect(results.locator(".opsdesk-search__title")).to_have_text(PROBE_TITLE)


def test_results_sort_by_updated_date(tab: Tab) -> None:
    page = tab.open(HOME)
    dialog = open_search(page)
    dialog.locator("[data-opsdesk-filter=lane]").select_option("Fixes")
    results = page.locator(".opsdesk-search__result")
    expect(page.locator(".opsdesk-search__status")).to_have_text(STATUS)

    dialog.locator("[data-opsdesk-sort]").select_option("desc")
    expect(results.first.locator(".opsdesk-search__date")).not_to_have_text("February 03, 2025")
    newest = dates(results)
    dialog.locator("[data-opsdesk-sort]").select_option("asc")
    expect(results.first.locator(".opsdesk-search__date")).to_have_text("February 03, 2025")
    oldest = dates(results)

    assert len(newest) >= 3
    assert newest == sorted(newest, reverse=True)
    assert oldest == sorted(oldest)


def test_keyboard_opens_moves_through_results_and_closes(tab: Tab) -> None:
    page = tab.open(GUIDE)
    box = page.get_by_role("searchbox", name="Search")
    open_search(page, "s")
    expect(box).to_be_focused()
    results = search(page, CHECKLIST_WORD)
    expect(results).to_have_count(1)

    page.keyboard.press("ArrowDown")
    expect(results.first).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()

    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Search")).to_be_hidden()

    # Opened from its button, closed with Esc: the focus is back on the button.
    button = page.locator("[data-opsdesk-search-open]")
    button.click()
    expect(box).to_be_focused()
    page.keyboard.press("Escape")
    expect(button).to_be_focused()

    open_search(page, "/")
    search(page, CHECKLIST_WORD)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(tab.base_url + PROBE)))
    assert tab.errors == []


def test_without_javascript_search_points_to_the_lane_pages(browser: Browser,
                                                            base_url: str) -> None:
    tab = open_tab(browser, base_url, java_script_enabled=False)
    try:
        page = tab.open(GUIDE)
        page.locator("[data-opsdesk-search-open]").click()

        expect(page.locator("#opsdesk-search-nojs")).to_be_visible()  # the link's target
        pointer = page.locator("#opsdesk-search-nojs [role=note]")  # in its <noscript>
        expect(pointer).to_be_visible()
        expect(pointer).to_contain_text("Search needs JavaScript")
        links = pointer.get_by_role("link")
        hrefs = links.evaluate_all("links => links.map(a => a.href)")
        assert base_url + LANE in hrefs
        assert len(hrefs) == 6  # one per lane
        expect(page.get_by_role("dialog", name="Search")).to_be_hidden()
    finally:
        tab.context.close()


def test_search_fits_a_phone(browser: Browser, base_url: str) -> None:
    tab = open_tab(browser, base_url, viewport={"width": 375, "height": 740})
    try:
        page = tab.open(GUIDE)
        page.locator("[data-opsdesk-search-open]").click()
        expect(page.get_by_role("dialog", name="Search")).to_be_visible()
        results = search(page, "automation")
        expect(results.first).to_be_visible()

        box = page.locator("#opsdesk-search").bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 375
        overflow = page.locator("#opsdesk-search").evaluate(
            "d => d.scrollWidth - d.clientWidth")
        assert overflow <= 0
        assert tab.errors == []
    finally:
        tab.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_serious_axe_violation_with_search_open(tab: Tab, scheme: str) -> None:
    choose_palette(tab, scheme)
    page = tab.open(GUIDE)
    assert page.get_attribute("body", "data-md-color-scheme") == scheme
    open_search(page)
    expect(search(page, "automation").first).to_be_visible()

    results = Axe().run(page)

    assert serious(results.response["violations"]) == []


def test_search_speaks_the_sites_labels(relabelled: Tab) -> None:
    dialogs: list[str] = []
    relabelled.page.on("dialog", lambda dialog: (dialogs.append(dialog.message),
                                                 dialog.dismiss()))
    page = relabelled.open(HOME)
    dialog = open_search(page)

    lane = dialog.get_by_label(RELABELLED["search_lane"])
    expect(lane.locator("option").first).to_have_text(RELABELLED["search_all_lanes"])
    tag = dialog.get_by_label(RELABELLED["search_tag"])
    expect(tag.locator("option").first).to_have_text(RELABELLED["search_all_tags"])
    expect(dialog.get_by_label(RELABELLED["search_sort"]).locator("option")).to_have_text(
        [RELABELLED["search_best_match"], RELABELLED["search_newest"],
         RELABELLED["search_oldest"]])
    close = dialog.get_by_role("button", name=RELABELLED["search_close"])
    expect(close).to_have_attribute("title", RELABELLED["search_close_hint"])

    # What search.js writes: the site's words, their placeholders filled in, {{ }} a brace.
    box = page.get_by_role("searchbox", name="Search")
    box.fill("xyzzy")
    expect(page.locator(".opsdesk-search__status")).to_have_text(
        "Rien pour « xyzzy » {sic}", timeout=LOADING_MS)
    box.fill("rollbak thinking")
    offer = dialog.get_by_role("button", name="Vouliez-vous dire « rollback thinking » ?")
    expect(offer).to_be_visible(timeout=LOADING_MS)

    # More than one page of results: the button's words, markup shown as text.
    box.fill(MANY_WORD)
    results = dialog.get_by_role("list", name=RELABELLED["search_results"])
    expect(results.get_by_role("link")).to_have_count(10, timeout=LOADING_MS)
    more = dialog.get_by_role("button", name=RELABELLED["search_more"])
    expect(more).to_be_visible()
    more.click()
    expect(results.get_by_role("link")).to_have_count(MANY_PAGES)
    page.wait_for_timeout(500)  # an onerror handler would have run by now
    assert page.locator("#opsdesk-search img").count() == 0
    assert dialogs == []
    assert relabelled.errors == []
