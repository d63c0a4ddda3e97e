"""Keyboard focus: every control shows where it is, and "Skip to content" lands on the H1."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page

from .conftest import GUIDE, HOME, LANE, POLICY, SCHEMES, TOOL, Tab, choose_palette

# What draws a focus ring: the outline and the box shadow, as computed.
RING = """e => {
  const s = getComputedStyle(e);
  return {outline: [s.outlineStyle, s.outlineWidth, s.outlineColor], shadow: s.boxShadow};
}"""

# Every control of the page's content, with its ring while it does not have the focus.
MARK_CONTROLS = f"""() => {{
  const ring = {RING};
  window.unfocused = new Map();
  for (const e of document.querySelectorAll(".md-content :is(a[href], button, input, textarea, "
                                            + "select, summary, [tabindex])")) {{
    window.unfocused.set(e, ring(e));
  }}
  return window.unfocused.size;
}}"""

# The control that has the focus: what it is, its ring now and before, and the page's
# background behind the ring.
FOCUSED = f"""() => {{
  const e = document.activeElement;
  const inside = !!e.closest(".md-content");
  return {{
    inside,
    what: e.outerHTML.slice(0, 100),
    kind: e.matches("input[type=checkbox]") ? "checkbox" :
          e.matches("input") ? "field" : e.matches("button") ? "button " + e.textContent :
          e.matches("a") ? "link" : e.localName,
    visible: e.matches(":focus-visible"),
    focused: ({RING})(e),
    unfocused: window.unfocused.get(e) || null,
    background: getComputedStyle(document.body).backgroundColor,
  }};
}}"""


def rgb(colour: str) -> tuple[float, float, float]:
    red, green, blue = (float(n) for n in re.findall(r"[\d.]+", colour)[:3])
    return red, green, blue


def luminance(colour: str) -> float:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(c) for c in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def shows_a_ring(control: dict[str, Any]) -> bool:
    """A ring the control has only while focused: an outline at least 2 px wide with 3:1
    against the page (WCAG 1.4.11), or a box shadow."""
    style, width, colour = control["focused"]["outline"]
    outline = style not in ("none", "hidden") and float(width.removesuffix("px")) >= 2 \
        and contrast(colour, control["background"]) >= 3
    shadow = control["focused"]["shadow"] != "none"
    return (outline or shadow) and control["focused"] != control["unfocused"]


def tab_through_content(page: Page) -> list[dict[str, Any]]:
    """Every control of the content, reached with Tab from the H1."""
    assert page.evaluate(MARK_CONTROLS) > 0
    page.click("article h1")  # where the next Tab starts from
    reached: list[dict[str, Any]] = []
    for _ in range(300):
        page.keyboard.press("Tab")
        control = page.evaluate(FOCUSED)
        if not control["inside"]:
            break
        reached.append(control)
    return reached


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("url", "kinds"), [
    (GUIDE, {"checkbox", "button Reset", "button Copy as Markdown", "link"}),
    (TOOL, {"field", "button Calculate", "link"}),
    (HOME, {"link"}),
])
def test_every_control_shows_a_ring_when_focused_by_keyboard(tab: Tab, url: str,
                                                             kinds: set[str],
                                                             scheme: str) -> None:
    choose_palette(tab, scheme)
    page = tab.open(url)
    reached = tab_through_content(page)

    assert kinds <= {control["kind"] for control in reached}
    assert [c["what"] for c in reached if not c["visible"] or c["unfocused"] is None] == []
    assert [(c["what"], c["focused"]) for c in reached if not shows_a_ring(c)] == []


def test_the_tool_fields_are_all_reached(tab: Tab) -> None:
    page = tab.open(TOOL)
    reached = tab_through_content(page)

    assert [c["what"].split('"')[1] for c in reached if c["kind"] == "field"] == [
        "retry-first-delay", "retry-multiplier", "retry-max-delay", "retry-attempts",
        "retry-runs-per-hour"]


def test_a_click_draws_no_ring(tab: Tab) -> None:
    page = tab.open(GUIDE)
    page.evaluate(MARK_CONTROLS)
    box = page.locator("#checklist-scope input[type=checkbox]").first
    box.click()

    control = page.evaluate(FOCUSED)
    assert control["kind"] == "checkbox"
    assert not control["visible"]
    assert control["focused"] == control["unfocused"]


@pytest.mark.parametrize(("url", "title"), [
    (HOME, "Automation Ops Desk"),
    (LANE, "Guides"),
    (GUIDE, "Workflow Automation Architecture Guide for Ops Teams"),
    (POLICY, "Privacy"),
])
def test_skip_to_content_lands_on_the_h1(tab: Tab, url: str, title: str) -> None:
    page = tab.open(url)
    page.keyboard.press("Tab")

    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    # one skip link only: Material's, which targets the first H2, is not displayed
    assert page.eval_on_selector_all("a.md-skip", "links => links.filter("
                                     "a => a.getClientRects().length).length") == 1
    page.keyboard.press("Enter")

    assert page.evaluate("location.hash") == "#opsdesk-title"
    target = page.evaluate("""() => {
      const target = document.querySelector(":target");
      const header = document.querySelector(".md-header").getBoundingClientRect();
      const box = target.getBoundingClientRect();
      return {name: target.localName, text: target.textContent,
              inArticle: !!target.closest("article"),
              belowHeader: box.top >= header.bottom - 1, onScreen: box.bottom <= innerHeight};
    }""")
    assert target == {"name": "h1", "text": title, "inArticle": True, "belowHeader": True,
                      "onScreen": True}
    # The next Tab starts from the H1: the first control after it.
    page.keyboard.press("Tab")
    assert page.evaluate("""document.querySelector("article h1").compareDocumentPosition(
        document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING""")
