"""Every page loads from its own host only, without errors, and fits a phone."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from .conftest import GUIDE, PAGES, WIDE, Tab, open_tab

PHONE = {"width": 375, "height": 812}

# Elements that stick out to the right of the viewport, outside any element that scrolls
# (or clips) on its own: what would make the whole page scroll sideways.
STICKING_OUT = """() => {
  const clipped = (element) => {
    for (let e = element.parentElement; e && e !== document.body; e = e.parentElement) {
      if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(e).overflowX)) {
        return true;
      }
    }
    return false;
  };
  return [...document.querySelectorAll(".md-content *")]
    .filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5 && !clipped(e))
    .map((e) => e.outerHTML.slice(0, 120));
}"""


@pytest.mark.parametrize("url", PAGES)
def test_page_loads_only_from_its_own_host_without_console_errors(tab: Tab, url: str) -> None:
    tab.open(url, idle=True)

    assert tab.errors == []
    assert tab.foreign_requests() == []
    assert any(request.endswith("/assets/opsdesk/opsdesk.js") for request in tab.requests)


def test_no_web_font_is_requested_at_all(tab: Tab) -> None:
    tab.open(GUIDE, idle=True)

    fonts = [url for url in tab.requests if url.endswith((".woff", ".woff2", ".ttf"))]
    assert fonts == []


@pytest.mark.parametrize("url", PAGES)
def test_no_page_scrolls_sideways_at_375_px(browser: Browser, base_url: str,
                                            url: str) -> None:
    phone = open_tab(browser, base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = phone.open(url)

        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert page.evaluate(STICKING_OUT) == []
        assert phone.errors == []
    finally:
        phone.context.close()


def test_wide_tables_and_code_scroll_inside_themselves_on_a_phone(browser: Browser,
                                                                  base_url: str) -> None:
    phone = open_tab(browser, base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = phone.open(WIDE)
        scrollers = page.evaluate("""() => [".md-typeset__scrollwrap", "pre > code"].map(
          (selector) => {
            const e = document.querySelector(`.md-content ${selector}`);
            return [selector, getComputedStyle(e).overflowX, e.scrollWidth > e.clientWidth,
                    e.getBoundingClientRect().right <= innerWidth];
          })""")

        assert scrollers == [[".md-typeset__scrollwrap", "auto", True, True],
                             ["pre > code", "auto", True, True]]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        phone.context.close()


# Each item's words, read in order: on one line, each piece follows the one before; a new
# line starts where the first one did, right of the box (a hanging indent). The pieces
# are the lines of each text node, in inline Markdown's elements too.
FLOWS_BESIDE_THE_BOX = """items => items.map(li => {
  const box = li.querySelector("input").getBoundingClientRect();
  const pieces = [];
  const walker = document.createTreeWalker(li.querySelector("label"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const words = document.createRange();
    words.selectNodeContents(walker.currentNode);
    pieces.push(...[...words.getClientRects()].filter((r) => r.width > 0));
  }
  const indent = pieces[0].left;
  let lines = 1;
  let flows = indent > box.right;
  for (let i = 1; i < pieces.length; i++) {
    const [before, piece] = [pieces[i - 1], pieces[i]];
    const middle = (r) => (r.top + r.bottom) / 2;
    if (Math.abs(middle(piece) - middle(before)) < before.height / 2) {
      flows = flows && piece.left >= before.right - 1;
    } else {
      lines += 1;
      flows = flows && piece.top >= before.bottom - 1 && Math.abs(piece.left - indent) < 8;
    }
  }
  return [flows, lines];
})"""


def test_checklist_items_read_as_text_beside_their_box(browser: Browser, base_url: str) -> None:
    phone = open_tab(browser, base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        for url in (GUIDE, WIDE):
            page = phone.open(url)
            items = page.eval_on_selector_all(".opsdesk-checklist li", FLOWS_BESIDE_THE_BOX)

            assert items, url
            assert all(flows for flows, _ in items), (url, items)
        # the item of inline Markdown wraps: its second line keeps the indent
        assert page.locator(".opsdesk-checklist li code").count() == 1
        assert items[0][1] >= 2
    finally:
        phone.context.close()


def test_checklists_use_the_whole_width_of_a_phone(browser: Browser, base_url: str) -> None:
    phone = open_tab(browser, base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = phone.open(GUIDE)
        # Each box starts at the list's left edge (no bullet indent on a narrow screen),
        # and each item's text ends inside the checklist's frame.
        fits = page.eval_on_selector_all(".opsdesk-checklist li", """items => items.map(li => {
          const list = li.parentElement.getBoundingClientRect();
          const box = li.querySelector("input").getBoundingClientRect();
          const frame = li.closest("section").getBoundingClientRect();
          const words = document.createRange();  // the item's text: after the box
          words.setStartAfter(li.querySelector("input"));
          words.setEndAfter(li.querySelector("label").lastChild);
          const text = words.getBoundingClientRect();
          return Math.abs(box.left - list.left) < 1 && text.right <= frame.right;
        })""")

        assert fits
        assert all(fits)
    finally:
        phone.context.close()

# What a page loads by itself (links to other sites are fine: the reader chooses them).
LOADED = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src",
          "audio": "src", "embed": "src", "object": "data"}
LOADED_LINKS = {"stylesheet", "preload", "prefetch", "modulepreload", "icon", "manifest",
                "preconnect", "dns-prefetch", "apple-touch-icon"}


def test_no_built_page_or_stylesheet_loads_from_another_host(site: Path) -> None:
    foreign: list[str] = []
    for path in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for tag, attribute in LOADED.items():
            foreign += [f"{path.name}: {e}" for e in soup.find_all(tag)
                        if _is_foreign(e.get(attribute))]
        foreign += [f"{path.name}: {e}" for e in soup.find_all("link")
                    if LOADED_LINKS & set(e.get("rel") or []) and _is_foreign(e.get("href"))]
    for path in sorted(site.rglob("*.css")):
        foreign += [f"{path.name}: {url}" for url in
                    re.findall(r"""(?:url\(|@import)\s*["']?([^"')\s;]+)""", path.read_text())
                    if _is_foreign(url)]
    assert foreign == []


def _is_foreign(url: object) -> bool:
    return isinstance(url, str) and bool(urlsplit(url.strip()).netloc)
