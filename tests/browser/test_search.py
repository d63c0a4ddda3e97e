"""Material's search, in the browser: it finds published pages by their body, never drafts."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import DRAFT_WORD, GUIDE, HOME, Tab


def search(page: Page, query: str) -> None:
    box = page.get_by_role("textbox", name="Search")
    box.click()
    # A query typed while the worker still loads the index is dropped: wait until ready.
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    box.press_sequentially(query)  # Material reads the query on keyup, not on input


def test_search_finds_a_guide_by_a_word_from_its_body(tab: Tab) -> None:
    page = tab.open(HOME)
    # "tribal" appears once in the whole portfolio: in this guide's body ("tribal memory").
    search(page, "tribal")

    results = page.locator(".md-search-result__item > .md-search-result__link")
    expect(page.locator(".md-search-result__meta")).to_have_text("1 matching document")
    assert results.first.evaluate("a => a.href") == tab.base_url + GUIDE
    assert tab.foreign_requests() == []
    assert tab.errors == []


def test_search_never_finds_a_draft(tab: Tab) -> None:
    page = tab.open(HOME)
    search(page, DRAFT_WORD)

    expect(page.locator(".md-search-result__meta")).to_have_text("No matching documents")
    expect(page.locator(".md-search-result__item")).to_have_count(0)
    response = page.request.get(tab.base_url + "guides/unpublished-draft-guide/")
    assert response.status == 404
