"""In Chromium: the site's name shows once in the sidebar, and the tag chips sit with
the header line (under it, above the lede) and lead to their tag's page."""

from __future__ import annotations

import pytest

from .conftest import GUIDE, Tab

NAME = "Automation Ops Desk"  # site-data/site.yml

VISIBLE_NAMES = """(name) => [...document.querySelectorAll(".md-sidebar--primary *")]
  .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() === name))
  .filter((e) => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                   return r.width > 0 && r.height > 0 && s.visibility !== "hidden"
                          && r.right > 0 && r.left < innerWidth; }).length"""


def test_the_sidebar_shows_the_site_name_once(tab: Tab) -> None:
    tab.page.set_viewport_size({"width": 1280, "height": 800})
    tab.open(GUIDE)

    assert tab.page.evaluate(VISIBLE_NAMES, NAME) == 1


@pytest.mark.parametrize("width", [1280, 375])
def test_tag_chips_sit_under_the_title_and_lead_to_their_tag(tab: Tab, width: int) -> None:
    tab.page.set_viewport_size({"width": width, "height": 800})
    page = tab.open(GUIDE)

    title = page.locator("article h1").bounding_box()
    lede = page.locator(".opsdesk-lede").bounding_box()
    line = page.locator(".opsdesk-header-line").bounding_box()
    assert title is not None
    assert lede is not None
    assert line is not None
    chips = page.locator(".opsdesk-tags a.md-tag")
    assert chips.count() == 5
    for index in range(chips.count()):
        box = chips.nth(index).bounding_box()
        assert box is not None
        assert box["y"] >= title["y"] + title["height"] - 0.5
        assert box["y"] >= line["y"] + line["height"] - 0.5
        assert box["y"] + box["height"] <= lede["y"] + 0.5

    chips.first.click()
    page.wait_for_url("**/tags/architecture/")
    heading = page.locator("article h1")
    assert heading.inner_text() == "Tag: architecture"
    assert heading.is_visible()
    assert page.locator(f'.opsdesk-card__title[href$="/{GUIDE}"]').count() == 1
    assert tab.errors == []
