"""Layout as designed, read from the positions of elements, in the light and dark palette.

The cards of the home and landing pages sit side by side on a wide screen and stack on a
phone, with gaps; the policy links sit in a row.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from playwright.sync_api import Browser

from .conftest import HOME, LANE, SCHEMES, Tab, choose_palette, open_tab

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}

# Each list's items, as boxes.
BOXES = """lists => lists.map(list => [...list.children].map(item => {
  const r = item.getBoundingClientRect();
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
}))"""


def tab_at(browser: Browser, base_url: str, viewport: dict[str, int], scheme: str) -> Tab:
    tab = open_tab(browser, base_url, viewport=viewport)
    choose_palette(tab, scheme)
    return tab


def rows(boxes: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The boxes, row by row: a box whose top is that of the one before shares its row."""
    found: list[list[dict[str, Any]]] = []
    for box in boxes:
        if found and abs(box["top"] - found[-1][-1]["top"]) < 1:
            found[-1].append(box)
        else:
            found.append([box])
    return found


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("url", [HOME, LANE])
def test_cards_sit_two_to_a_row_with_gaps_on_a_wide_screen(browser: Browser, base_url: str,
                                                           url: str, scheme: str) -> None:
    tab = tab_at(browser, base_url, WIDE, scheme)
    try:
        page = tab.open(url)
        lists = page.eval_on_selector_all(".opsdesk-cards", BOXES)
        content = page.eval_on_selector("article", "a => a.getBoundingClientRect().width")
    finally:
        tab.context.close()

    assert [len(cards) for cards in lists if len(cards) >= 2]
    for cards in lists:
        for row in rows(cards)[:-1]:
            assert len(row) == 2, cards  # full rows of two; the last may hold one
        for row in rows(cards):
            for left, right in pairwise(row):
                assert right["left"] - left["right"] > 4  # a gap between neighbours
            assert all(card["right"] - card["left"] < content / 2 for card in row)
        for above, below in pairwise(rows(cards)):
            assert min(c["top"] for c in below) - max(c["bottom"] for c in above) > 4


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("url", [HOME, LANE])
def test_cards_stack_in_one_column_with_gaps_on_a_phone(browser: Browser, base_url: str,
                                                        url: str, scheme: str) -> None:
    tab = tab_at(browser, base_url, PHONE, scheme)
    try:
        page = tab.open(url)
        lists = page.eval_on_selector_all(".opsdesk-cards", BOXES)
        article = page.eval_on_selector("article", """a => {
          const r = a.getBoundingClientRect(), s = getComputedStyle(a);
          return [r.left + parseFloat(s.paddingLeft), r.right - parseFloat(s.paddingRight)];
        }""")
    finally:
        tab.context.close()

    assert [len(cards) for cards in lists if len(cards) >= 2]
    for cards in lists:
        assert [len(row) for row in rows(cards)] == [1] * len(cards)
        for card in cards:  # the full width of the text column, no indent
            assert abs(card["left"] - article[0]) < 1
            assert abs(card["right"] - article[1]) < 1
        for above, below in pairwise(cards):
            assert below["top"] - above["bottom"] > 4


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280", "375"])
def test_policy_links_sit_in_a_row(browser: Browser, base_url: str, viewport: dict[str, int],
                                   scheme: str) -> None:
    tab = tab_at(browser, base_url, viewport, scheme)
    try:
        page = tab.open(LANE)
        [links] = page.eval_on_selector_all(".opsdesk-policies__links", BOXES)
    finally:
        tab.context.close()

    assert len(links) == 4
    assert [len(row) for row in rows(links)] == [4]
    for left, right in pairwise(links):
        assert right["left"] - left["right"] > 4
