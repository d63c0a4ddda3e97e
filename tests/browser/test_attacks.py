"""Attack suite, browser family: hostile strings in every printed field, in Chromium.

The site holds a page whose every text field carries script in several disguises, a
policy page with a hostile title and tags, hostile site data, and pages with hostile
links (left out of the build, which runs without ``--strict`` here so that they are
tried). No page, no tags listing and no search result may open a dialog or run the
payload.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Dialog, expect

from opsdesk.listings import tag_slug

from ..attacks.common import unsafe_elements
from ..support.sites import build_site
from .conftest import open_tab, serve_site
from .test_search import open_search, search

MARK = "zqxhostile"
HOSTILE = (f"{MARK} <img src=x onerror=alert(1)> \"><svg onload=alert(2)> "
           "</script><script>alert(3)</script> '-alert(4)-' --><!-- ")
Q = "'" + HOSTILE.replace("'", "''") + "'"
NO_ANGLE = f'{MARK} " onmouseover="alert(5)" x="'

FILES: dict[str, str] = {
    "content/guides/hostile.md": f"""
        ---
        title: {Q}
        description: {Q}
        updated: 2026-06-01
        category: {Q}
        keyword: {Q}
        quick_take: {Q}
        tags: ['{NO_ANGLE}', {MARK}]
        subtitle: '{NO_ANGLE}'
        checklists:
          c:
            title: {Q}
            items: [{Q}]
        faq:
          - q: {Q}
            a: {Q}
        ---

        The body of a hostile page, {MARK}.
        """,
    "content/guides/links.md": f"""
        ---
        title: Hostile links {MARK}
        description: Links that must never reach a page.
        updated: 2026-06-01
        quick_take: '[a](javascript&colon;alert(6)) [b](&#106;avascript:alert(7))'
        faq:
          - q: Data?
            a: '[c](data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==)'
        ---

        Body.
        """,
    "content/policies/privacy.md": f"""
        ---
        title: {Q}
        description: {Q}
        tags: ['{NO_ANGLE}']
        ---

        We keep nothing, {MARK}.
        """,
    "site-data/site.yml": f"name: {Q}\ndescription: {Q}\nurl: https://fixture.example.org/\n",
    "site-data/lanes.yml": f"- id: guides\n  title: {Q}\n  label: {Q}\n  description: {Q}\n"
                           "- id: fixes\n  label: fixes\n",
    "site-data/policies.yml": f"heading: {Q}\ntext: {Q}\nlinks:\n  - title: {Q}\n"
                              "    page: policies/privacy.md\n",
}

PAGES = ["", "guides/", "guides/hostile/", "guides/alpha/", "policies/privacy/", "tags/",
         f"tags/{tag_slug(NO_ANGLE)}/", f"tags/{tag_slug(MARK)}/"]


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hostile-site")
    built = build_site(root, FILES, search=True)  # searched below
    assert built.ok, built.messages()
    assert not built.exists("guides/links/")  # refused links: left out
    assert unsafe_elements(built.site) == []
    with serve_site(built.site) as url:
        yield url


def _dialogs(browser: Browser, base_url: str, url: str, query: str | None = None) -> list[str]:
    tab = open_tab(browser, base_url)
    opened: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    tab.page.on("dialog", on_dialog)
    try:
        page = tab.open(url)
        page.mouse.move(5, 5)
        for link in page.locator("a.md-tag, .md-nav__link").all()[:20]:
            link.hover()  # an injected onmouseover would fire here
        if query:
            open_search(page)
            results = search(page, query)
            expect(results.first).to_be_visible()  # the hostile pages are found
            results.first.hover()
        page.wait_for_timeout(200)
        return opened
    finally:
        tab.context.close()


@pytest.mark.parametrize("url", PAGES)
def test_no_hostile_string_opens_a_dialog_on_a_page(browser: Browser, hostile_url: str,
                                                    url: str) -> None:
    assert _dialogs(browser, hostile_url, url) == []


def test_no_hostile_string_opens_a_dialog_in_search_results(browser: Browser,
                                                            hostile_url: str) -> None:
    assert _dialogs(browser, hostile_url, "", query=MARK) == []


def test_the_hostile_title_reads_as_written(browser: Browser, hostile_url: str) -> None:
    tab = open_tab(browser, hostile_url)
    try:
        page = tab.open("guides/hostile/")
        expect(page.locator("article h1")).to_have_text(" ".join(HOSTILE.split()))
    finally:
        tab.context.close()

