"""Checklists: ticks kept in the browser, Reset, Copy as Markdown, print, no JavaScript."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from .conftest import GUIDE, MARKDOWN, ONE_ITEM, RELABELLED, Tab, open_tab

TITLE = "Workflow Automation Architecture Guide for Ops Teams"
SCOPE = "#checklist-scope"
SCOPE_ITEMS = [
    "Name the owner who feels trigger boundaries first when the change lands.",
    "List the workflows where data ownership and rollback thinking have to stay stable.",
    "Write down the sign-off check that proves human checkpoints really improved.",
]


def boxes(page: Page, checklist: str = SCOPE) -> list[bool]:
    return page.eval_on_selector_all(f"{checklist} input[type=checkbox]",
                                     "boxes => boxes.map(b => b.checked)")


def stored(page: Page) -> dict[str, object]:
    """What opsdesk.js keeps in localStorage (Material keeps its palette there too)."""
    entries = page.evaluate("Object.entries(localStorage)")
    return {k: json.loads(v) for k, v in entries if k.startswith("opsdesk.")}


def tick(page: Page, index: int, checklist: str = SCOPE) -> None:
    page.locator(f"{checklist} input[type=checkbox]").nth(index).check()


@pytest.fixture
def clipboard_tab(browser: Browser, base_url: str) -> Iterator[Tab]:
    tab = open_tab(browser, base_url, permissions=["clipboard-read", "clipboard-write"])
    yield tab
    tab.context.close()


def test_every_item_is_a_labelled_checkbox(tab: Tab) -> None:
    page = tab.open(GUIDE)

    for text in SCOPE_ITEMS:
        expect(page.locator(SCOPE).get_by_label(text)).to_be_visible()


# The colour of the first item's words: that of the element around the text after the box.
TEXT_COLOUR = """label => {
  let words = label.querySelector("input").nextSibling;
  while (!words.textContent.trim()) words = words.nextSibling;
  return getComputedStyle(words.nodeType === Node.TEXT_NODE ? words.parentElement : words).color;
}"""


def test_a_ticked_item_reads_in_a_softer_colour(tab: Tab) -> None:
    page = tab.open(GUIDE)
    first = f"{SCOPE} label >> nth=0"
    plain = page.eval_on_selector(first, TEXT_COLOUR)
    tick(page, 0)
    softer = page.eval_on_selector(first, TEXT_COLOUR)
    page.locator(f"{SCOPE} input[type=checkbox]").nth(0).uncheck()

    assert softer != plain
    assert softer == page.evaluate("""() => {
      const probe = document.createElement("span");  // Material's lighter text colour
      probe.style.color = "var(--md-default-fg-color--light)";
      document.querySelector(".md-typeset").append(probe);
      return getComputedStyle(probe).color;
    }""")
    assert page.eval_on_selector(first, TEXT_COLOUR) == plain


def test_javascript_builds_the_buttons_from_the_labels_of_the_page(tab: Tab) -> None:
    page = tab.open(GUIDE)
    built = page.eval_on_selector_all(".opsdesk-checklist", """sections => sections.map(s => {
      const actions = s.querySelectorAll(".opsdesk-checklist__actions");
      return {
        labels: [s.dataset.resetLabel, s.dataset.copyLabel],
        count: actions.length,
        last: s.lastElementChild === actions[0],
        html: actions[0].outerHTML,
      };
    })""")

    assert len(built) == 2
    for checklist in built:
        # site.yml sets no checklist labels: the defaults of site data
        assert checklist["labels"] == ["Reset", "Copy as Markdown"]
        assert checklist["count"] == 1
        assert checklist["last"]  # after the list
        assert checklist["html"] == (
            '<p class="opsdesk-checklist__actions">'
            '<button type="button" class="md-button" data-action="reset">Reset</button>'
            '<button type="button" class="md-button" data-action="copy">Copy as Markdown</button>'
            '<span class="opsdesk-checklist__status" role="status" aria-live="polite"></span>'
            "</p>")
    section = page.locator(SCOPE)
    expect(section.get_by_role("button", name="Reset")).to_be_visible()
    expect(section.get_by_role("button", name="Copy as Markdown")).to_be_visible()
    expect(section.get_by_role("status")).to_have_count(1)
    assert tab.errors == []


def test_the_buttons_read_their_words_from_the_page(tab: Tab) -> None:
    page = tab.page

    def reword(route: Route) -> None:
        response = route.fetch()
        body = response.text().replace('data-reset-label="Reset"',
                                       'data-reset-label="Untick &lt;all&gt; &amp; start over"')
        route.fulfill(response=response, body=body)

    page.route(tab.base_url + GUIDE, reword)
    tab.open(GUIDE)

    expect(page.locator(SCOPE).get_by_role("button", name="Untick <all> & start over")
           ).to_be_visible()
    expect(page.locator(SCOPE).get_by_role("button", name="Reset")).to_have_count(0)


def test_a_ticked_item_survives_a_reload(tab: Tab) -> None:
    page = tab.open(GUIDE)
    tick(page, 1)
    page.reload()

    assert boxes(page) == [False, True, False]
    assert not any(boxes(page, "#checklist-rollout"))
    assert tab.errors == []


def test_ticks_are_kept_per_page_checklist_and_item_key(tab: Tab) -> None:
    page = tab.open(GUIDE)
    tick(page, 0)
    key = page.get_attribute(f"{SCOPE} input[type=checkbox] >> nth=0", "data-item")

    assert stored(page) == {f"opsdesk.checklist:/{GUIDE}#scope": [key]}


def test_an_item_whose_text_changed_starts_clear(tab: Tab) -> None:
    page = tab.open(GUIDE)
    # What the browser holds after a tick on the item's earlier text: its key is the
    # hash of that text, which no item on the page has any more.
    page.evaluate("""localStorage.setItem("opsdesk.checklist:" + location.pathname + "#scope",
                                          JSON.stringify(["0123456789ab"]))""")
    page.reload()

    assert boxes(page) == [False, False, False]


def test_reset_clears_every_tick_and_the_stored_state(tab: Tab) -> None:
    page = tab.open(GUIDE)
    tick(page, 0)
    tick(page, 2)
    page.locator(SCOPE).get_by_role("button", name="Reset").click()

    assert boxes(page) == [False, False, False]
    expect(page.locator(f"{SCOPE} [role=status]")).to_have_text("All items cleared.")
    page.reload()
    assert boxes(page) == [False, False, False]
    assert stored(page) == {}


def expected_markdown(url: str, ticked: list[bool]) -> str:
    lines = [f"- [{'x' if done else ' '}] {text}" for text, done in zip(SCOPE_ITEMS, ticked,
                                                                      strict=True)]
    return "\n".join([f"## {TITLE}", "", f"{url}#checklist-scope", "", *lines]) + "\n"


def test_copy_as_markdown_puts_a_task_list_on_the_clipboard(clipboard_tab: Tab) -> None:
    page = clipboard_tab.open(GUIDE)
    tick(page, 0)
    tick(page, 2)
    page.locator(SCOPE).get_by_role("button", name="Copy as Markdown").click()

    expect(page.locator(f"{SCOPE} [role=status]")).to_have_text("Copied 3 items as Markdown.")
    assert page.evaluate("navigator.clipboard.readText()") == \
        expected_markdown(clipboard_tab.base_url + GUIDE, [True, False, True])


def test_copy_as_markdown_keeps_emphasis_code_and_links(clipboard_tab: Tab) -> None:
    page = clipboard_tab.open(MARKDOWN)
    tick(page, 1, "#checklist-markdown")
    page.get_by_role("button", name="Copy as Markdown").click()

    expect(page.get_by_role("status")).to_have_text("Copied 2 items as Markdown.")
    url = clipboard_tab.base_url + MARKDOWN
    # Links lead somewhere once pasted: to the built page, by its absolute address.
    guide = clipboard_tab.base_url + GUIDE + "#checklist-scope"
    assert page.evaluate("navigator.clipboard.readText()") == "\n".join([
        "## Checklist of Inline Markdown",
        "",
        f"{url}#checklist-markdown",
        "",
        "- [ ] Read *the runbook*, run `opsdesk check --strict` and follow "
        f"[the guide]({guide}), then **[MkDocs](https://www.mkdocs.org/)**; "
        "keep 2 \\* 3 and snake\\_case as \\[text\\].",
        "- [x] Quote ``a`b`` exactly.",
    ]) + "\n"


def test_copy_without_the_clipboard_api_falls_back_to_the_selection(clipboard_tab: Tab) -> None:
    page = clipboard_tab.page
    # A browser without the Clipboard API: keep it aside to read what was copied.
    page.add_init_script("""window.realClipboard = navigator.clipboard;
        Object.defineProperty(Navigator.prototype, "clipboard", {get: () => undefined});""")
    clipboard_tab.open(GUIDE)
    tick(page, 1)
    page.locator(SCOPE).get_by_role("button", name="Copy as Markdown").click()

    expect(page.locator(f"{SCOPE} [role=status]")).to_have_text("Copied 3 items as Markdown.")
    assert page.evaluate("window.realClipboard.readText()") == \
        expected_markdown(clipboard_tab.base_url + GUIDE, [False, True, False])


def test_copy_shows_the_text_when_no_way_of_copying_works(tab: Tab) -> None:
    page = tab.page
    page.add_init_script("""
        Object.defineProperty(Navigator.prototype, "clipboard", {get: () => undefined});
        document.execCommand = () => false;""")
    tab.open(GUIDE)
    page.locator(SCOPE).get_by_role("button", name="Copy as Markdown").click()

    expect(page.locator(f"{SCOPE} [role=status]")).to_have_text(
        "Copying is blocked here: select the text below and copy it.")
    manual = page.locator(SCOPE).get_by_label("Checklist as Markdown")
    expect(manual).to_be_focused()
    assert manual.input_value() == expected_markdown(tab.base_url + GUIDE, [False] * 3)


def test_printed_checklists_show_their_boxes_and_no_buttons(tab: Tab) -> None:
    page = tab.open(GUIDE)
    tick(page, 0)
    page.emulate_media(media="print")

    styles = page.eval_on_selector_all(
        f"{SCOPE} input[type=checkbox]",
        "boxes => boxes.map(b => [getComputedStyle(b).borderTopStyle, b.offsetWidth > 0])")

    assert styles == [["solid", True]] * 3
    expect(page.locator(f"{SCOPE} .opsdesk-checklist__actions")).to_be_hidden()
    page.emulate_media(media="screen")
    expect(page.locator(f"{SCOPE} .opsdesk-checklist__actions")).to_be_visible()


def test_without_javascript_a_checklist_is_a_readable_list(browser: Browser,
                                                           base_url: str) -> None:
    tab = open_tab(browser, base_url, java_script_enabled=False)
    try:
        page = tab.open(GUIDE)

        expect(page.locator(f"{SCOPE} li")).to_have_text(SCOPE_ITEMS)
        for text in SCOPE_ITEMS:
            expect(page.locator(SCOPE).get_by_label(text)).to_be_visible()
        # The buttons only work with JavaScript: without it the page has none of them.
        expect(page.locator(f"{SCOPE} .opsdesk-checklist__actions")).to_have_count(0)
        expect(page.locator(SCOPE).get_by_role("button")).to_have_count(0)
    finally:
        tab.context.close()


def test_the_buttons_and_status_line_speak_the_sites_labels(relabelled: Tab) -> None:
    page = relabelled.open(GUIDE)
    section = page.locator(SCOPE)
    status = section.get_by_role("status")
    tick(page, 0)

    section.get_by_role("button", name=RELABELLED["checklist_reset"]).click()
    expect(status).to_have_text(RELABELLED["checklist_cleared"])
    section.get_by_role("button", name=RELABELLED["checklist_copy"]).click()
    expect(status).to_have_text("3 éléments copiés.")

    # Copying blocked: the status says so, and the box of the Markdown has its name.
    page.add_init_script("""
        Object.defineProperty(Navigator.prototype, "clipboard", {get: () => undefined});
        document.execCommand = () => false;""")
    page.reload()
    page.locator(SCOPE).get_by_role("button", name=RELABELLED["checklist_copy"]).click()
    expect(status).to_have_text(RELABELLED["checklist_copy_blocked"])
    expect(section.get_by_label(RELABELLED["checklist_manual"])).to_be_focused()
    assert relabelled.errors == []


def test_a_checklist_of_one_item_says_so_in_the_sites_words(relabelled: Tab) -> None:
    page = relabelled.open(ONE_ITEM)
    page.get_by_role("button", name=RELABELLED["checklist_copy"]).click()

    expect(page.get_by_role("status")).to_have_text("1 élément copié.")
