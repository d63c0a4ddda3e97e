"""Issue 20, item 3, in the browser: the search dialog links only to pages of this site,
built from the result page's own URL and anchor, whatever the index says.

The build refuses a page body's ``data-pagefind-meta="url"`` (``tests/attacks/
test_search_metadata.py``); these tests go further, as if an index had been tampered
with: the probe page's fragment, as the browser fetches it, is rewritten to point
elsewhere, and no result may link there.
"""

from __future__ import annotations

import gzip
import json
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Route, expect

from .conftest import HOME, PROBE, QUICK_TAKE_WORD, Tab
from .test_search import LOADING_MS, open_search

MAGIC = b"pagefind_dcd"

#: (id, the fragment's ``url``, its ``meta.url``, or None to leave it out)
TAMPERED = [
    ("other-host", "//evil.example/x/", None),
    ("absolute", "https://evil.example/x/", None),
    ("script", "javascript:alert(1)", None),
    ("backslashes", "/\\evil.example/x/", None),
    ("control-character", "/\tevil.example/x/", None),
    ("meta-url-elsewhere", "/" + PROBE, "https://evil.example/"),
    ("outside-the-site", "/../../x/", None),
]


def _tamper(url: str, meta_url: str | None):  # type: ignore[no-untyped-def]
    def handle(route: Route) -> None:
        response = route.fetch()
        data = gzip.decompress(response.body())
        fragment = json.loads(data.removeprefix(MAGIC))
        if fragment.get("url") == "/" + PROBE:
            fragment["url"] = url
            if meta_url is not None:
                fragment.setdefault("meta", {})["url"] = meta_url
        body = gzip.compress(MAGIC + json.dumps(fragment).encode("utf-8"))
        route.fulfill(response=response, body=body)
    return handle


@pytest.mark.parametrize(("url", "meta_url"), [pytest.param(u, m, id=i) for i, u, m in TAMPERED])
def test_a_result_links_only_to_a_page_of_this_site(tab: Tab, url: str,
                                                    meta_url: str | None) -> None:
    dialogs: list[str] = []
    tab.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.context.route("**/pagefind/fragment/*.pf_fragment", _tamper(url, meta_url))
    page = tab.open(HOME)
    dialog = open_search(page)
    # The probe's fragment is the only match: refused, or made a path of this site. (The
    # status is not enough to wait for: it says "loading" first, on a busy machine long
    # before the fragment is asked for.)
    with page.expect_request(lambda request: "/pagefind/fragment/" in request.url,
                             timeout=LOADING_MS):
        page.get_by_role("searchbox", name="Search").fill(QUICK_TAKE_WORD)
    expect(dialog.locator(".opsdesk-search__status")).not_to_be_empty(timeout=LOADING_MS)
    page.wait_for_load_state("networkidle")  # its fragment read, and turned down
    page.wait_for_timeout(300)
    links = dialog.locator("a").evaluate_all("links => links.map(a => a.href)")
    base = urlsplit(tab.base_url)
    assert [link for link in links if urlsplit(link).scheme != base.scheme
            or urlsplit(link).netloc != base.netloc
            or not urlsplit(link).path.startswith(base.path)] == []
    if "evil.example" in url:
        expect(dialog.locator(".opsdesk-search__result")).to_have_count(0)
    page.wait_for_timeout(300)
    assert dialogs == []


def test_the_untampered_probe_is_found(tab: Tab) -> None:
    """The same search finds the probe when its fragment is left as it is."""
    tab.context.route("**/pagefind/fragment/*.pf_fragment", lambda route: route.continue_())
    page = tab.open(HOME)
    dialog = open_search(page)
    page.get_by_role("searchbox", name="Search").fill(QUICK_TAKE_WORD)
    results = dialog.locator(".opsdesk-search__result")
    expect(results).to_have_count(1, timeout=LOADING_MS)
    assert results.first.evaluate("a => a.href").startswith(tab.base_url + PROBE)
