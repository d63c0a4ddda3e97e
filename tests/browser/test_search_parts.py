"""Search under ``mkdocs serve`` with the index in parts (issue 24, item 1): a real server,
its site forced into several parts (``OPSDESK_SEARCH_PART_PAGES``), read by Chromium.

The search script merges every part into the first: a word of a page in another part is
found, the filters count the pages of every part, no result shows twice, a sort orders
the results of all parts, and an edit writes only the part of the page it changed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from opsdesk.mkdocs_session import PART_PAGES
from opsdesk.search import Parts

from ..support.search import search_index
from ..support.serve import Server, edit, free_port
from ..support.sites import build_site, write_site
from .conftest import Tab, open_tab
from .test_search import LOADING_MS, dates, open_search, search

#: Each probe page's word: in that page only. Every probe also says SHARED.
WORDS = ["amberlith", "brindlecove", "corvantis", "dapplemere", "emberquill", "fennimore",
         "gorsewind", "hollowfen", "ivorytarn", "jasperlode", "kindlemoss", "larkspurn"]
SHARED = "kestrelwing"
#: A word no page has until the test's edit adds it.
EDITED = "quombatrix"

#: Eight guides and four fixes, a day apart each, besides the fixture site's pages.
PROBES = {
    f"content/{'guides' if number < 8 else 'fixes'}/probe-{word}.md": f"""
        ---
        title: Probe {word.title()}
        description: A page of the parts test.
        updated: 2025-01-{10 + number:02d}
        ---

        This page says {word} and {SHARED}.
        """ for number, word in enumerate(WORDS)}


def _place(word: str) -> str:
    lane = "guides" if WORDS.index(word) < 8 else "fixes"
    return f"{lane}/probe-{word}/index.html"


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    write_site(tmp_path / "project", PROBES)
    monkeypatch.setenv(PART_PAGES, "4")  # the server's environment: 4 pages a part
    running = Server(tmp_path / "project", free_port())
    try:
        running.wait_for("Search index updated", 1, timeout=120)
        yield running
    finally:
        running.stop()


def _open(tab: Tab, url: str) -> Page:
    """Open ``url`` (MkDocs' live-reload script polls the server: the network is never
    idle under serve)."""
    tab.page.goto(tab.base_url + url, wait_until="load")
    return tab.page


def _parts(server: Server) -> list[str]:
    """The other parts' folders, as the served home page names them."""
    found = re.search(rb'data-parts="([^"]*)"', server.get(""))
    assert found, "no data-parts on a served page"
    return found.group(1).decode().split()


def _entries(server: Server, folders: list[str]) -> dict[str, str]:
    return {folder: server.get(folder + "pagefind-entry.json").decode() for folder in folders}


def _cleared(page: Page) -> None:
    """Empty the result list, so that the next results read are those of the next search."""
    page.locator(".opsdesk-search__results").evaluate("list => list.replaceChildren()")


def _all_results(page: Page) -> Locator:
    """Every result of the search shown ("More results" until there are no more)."""
    results = page.locator(".opsdesk-search__result")
    more = page.locator("[data-opsdesk-search-more]")
    expect(results.first).to_be_visible(timeout=LOADING_MS)
    while more.is_visible():
        shown = results.count()
        more.click()
        expect(results).not_to_have_count(shown)
    return results


def _options(dialog: Locator, key: str) -> dict[str, int]:
    texts = dialog.locator(f"[data-opsdesk-filter={key}] option").all_inner_texts()[1:]
    return {text.rsplit(" (", 1)[0]: int(text.rsplit(" (", 1)[1].rstrip(")")) for text in texts}


def test_search_over_parts_finds_filters_sorts_and_follows_an_edit(
        server: Server, browser: Browser, tmp_path: Path) -> None:
    folders = _parts(server)
    count = len(folders) + 1
    assert count >= 4
    assert folders == [f"pagefind/part-{n}/" for n in range(1, count)]
    parts = Parts(count)
    in_part_2 = [word for word in WORDS if parts.of(_place(word)) == 2]
    assert in_part_2, "no probe page in part 2"

    tab: Tab = open_tab(browser, server.url)
    try:
        page = _open(tab, "")
        dialog = open_search(page)
        loaded = [url for url in tab.requests if "/pagefind/part-2/" in url]
        assert loaded, "part 2 was not merged"

        # a word of a page of part 2 only: found once
        results = search(page, in_part_2[0])
        expect(results).to_have_count(1)
        assert results.first.evaluate("a => a.href").startswith(
            server.url + _place(in_part_2[0]).removesuffix("index.html"))

        # the filters count the pages of every part, as one index of the same pages does
        page.get_by_role("searchbox", name="Search").fill("")
        built = build_site(tmp_path / "built", PROBES, search=True)
        one_index = search_index(built.site)
        for key in ("lane", "tag"):
            expected: dict[str, int] = {}
            for fragment in one_index.values():
                for value in fragment["filters"].get(key, []):
                    expected[value] = expected.get(value, 0) + 1
            expect(dialog.locator(f"[data-opsdesk-filter={key}] option")).to_have_count(
                len(expected) + 1)
            assert _options(dialog, key) == expected
        assert set(_options(dialog, "lane")) == {"Guides", "Fixes"}

        # a word of every probe: each once, in any order
        search(page, SHARED)
        expect(page.locator(".opsdesk-search__status")).to_have_text("12 matching documents")
        hrefs = _all_results(page).evaluate_all("links => links.map(a => a.href)")
        assert len(hrefs) == len(set(hrefs)) == 12

        # sorted over the parts, newest or oldest first, with or without a filter
        sort = dialog.locator("[data-opsdesk-sort]")
        probes = sorted(f"2025-01-{10 + n:02d}" for n in range(12))
        for order in ("desc", "asc"):
            _cleared(page)
            sort.select_option(order)
            expect(page.locator(".opsdesk-search__status")).to_have_text("12 matching documents")
            shown = [day.strftime("%Y-%m-%d") for day in dates(_all_results(page))]
            assert shown == sorted(probes, reverse=order == "desc")
        _cleared(page)
        dialog.locator("[data-opsdesk-filter=lane]").select_option("Fixes")
        expect(page.locator(".opsdesk-search__status")).to_have_text("4 matching documents")
        expect(page.locator(".opsdesk-search__result")).to_have_count(4)
        assert [day.strftime("%Y-%m-%d") for day in dates(_all_results(page))] == probes[8:]
        assert tab.errors == []
    finally:
        tab.context.close()

    # an edit adds a word to one page: only its part is written again
    word = in_part_2[0]
    name = f"content/{_place(word).split('/')[0]}/probe-{word}.md"
    before = _entries(server, ["pagefind/", *folders])
    log_before = len(server.text())
    edit(server.root, name, f"This page says {word}", f"This page says {word} and {EDITED}")
    server.wait_for("Search index updated", 1, after=log_before, timeout=60)
    assert f"Search index updated: 1 of {count} parts" in server.text()[log_before:]
    after = _entries(server, ["pagefind/", *folders])
    assert [folder for folder in before if before[folder] != after[folder]] == [folders[1]]

    tab = open_tab(browser, server.url)
    try:
        page = _open(tab, "")
        open_search(page)
        results = search(page, EDITED)
        expect(results).to_have_count(1)
        assert results.first.evaluate("a => a.href").startswith(
            server.url + _place(word).removesuffix("index.html"))
        assert tab.errors == []
    finally:
        tab.context.close()
    assert json.loads(after[folders[1]])["languages"]["en"]["page_count"] >= 1
