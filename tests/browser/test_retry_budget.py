"""The retry-budget calculator, typed into in the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import RELABELLED, TOOL, Tab, open_tab

FIELDS = ["First delay (seconds)", "Multiplier", "Maximum delay (seconds)",
          "Attempts (retries after the original call)", "Runs per hour (optional)"]


def schedule(page: Page) -> list[str]:
    return page.locator("[data-output=schedule] li").all_inner_texts()


def output(page: Page, name: str) -> str:
    return page.locator(f"[data-output={name}]").inner_text()


def fill(page: Page, values: dict[str, str]) -> None:
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)


def test_opens_with_the_worked_example_of_the_page(tab: Tab) -> None:
    page = tab.open(TOOL)

    assert schedule(page) == [
        "Retry 1 at 0:30 (after waiting 30 s)",
        "Retry 2 at 1:30 (after waiting 1 min)",
        "Retry 3 at 3:30 (after waiting 2 min)",
        "Retry 4 at 7:30 (after waiting 4 min)",
        "Retry 5 at 15:30 (after waiting 8 min)",
    ]
    assert output(page, "window") == "15:30 (15 min 30 s) from the first failure to the last retry"
    assert output(page, "calls") == \
        "5 extra calls per failing run. Enter runs per hour to estimate an outage."
    assert tab.errors == []


def test_typed_values_give_a_capped_schedule_and_the_extra_calls(tab: Tab) -> None:
    page = tab.open(TOOL)
    fill(page, dict(zip(FIELDS, ["10", "3", "60", "4", "120"], strict=True)))

    # Waits 10, 30, then 90 and 270 capped at 60: retries at 10, 40, 100 and 160 s.
    assert schedule(page) == [
        "Retry 1 at 0:10 (after waiting 10 s)",
        "Retry 2 at 0:40 (after waiting 30 s)",
        "Retry 3 at 1:40 (after waiting 1 min)",
        "Retry 4 at 2:40 (after waiting 1 min)",
    ]
    assert output(page, "window") == "2:40 (2 min 40 s) from the first failure to the last retry"
    # 120 runs an hour reach the step during 160 s: 5.3, so 6 failing runs of 4 retries.
    assert output(page, "calls") == \
        "24 extra calls over the window (6 failing runs \N{MULTIPLICATION SIGN} 4); " \
        "4 extra calls per failing run."


def test_long_windows_are_shown_in_hours(tab: Tab) -> None:
    page = tab.open(TOOL)
    fill(page, dict(zip(FIELDS[:4], ["60", "2", "3600", "8"], strict=True)))

    # 60 + 120 + ... + 1920, then 3840 and 7680 capped at 3600: 10980 s.
    assert schedule(page)[-1] == "Retry 8 at 3:03:00 (after waiting 1 h)"
    assert output(page, "window") == \
        "3:03:00 (3 h 3 min) from the first failure to the last retry"


def test_no_attempts_means_no_retries_and_no_extra_calls(tab: Tab) -> None:
    page = tab.open(TOOL)
    fill(page, {FIELDS[3]: "0", FIELDS[4]: "60"})

    assert schedule(page) == ["No retries: the step gives up at the first failure."]
    assert output(page, "window") == "0:00 (0 s) from the first failure to the last retry"
    assert output(page, "calls") == \
        "0 extra calls over the window (1 failing run \N{MULTIPLICATION SIGN} 0); " \
        "0 extra calls per failing run."


def problem(page: Page) -> str:
    shown = page.locator("[data-output=problem]")
    return shown.inner_text() if shown.is_visible() else ""


def test_an_invalid_value_is_named_instead_of_computed(tab: Tab) -> None:
    page = tab.open(TOOL)
    fill(page, {"Multiplier": "0.5"})

    assert problem(page) == "Check Multiplier: enter a number from 1 to 10."
    assert output(page, "window") == "\N{EN DASH}"
    assert output(page, "calls") == "\N{EN DASH}"
    assert schedule(page) == []


def test_a_decimal_comma_is_a_decimal_point(tab: Tab) -> None:
    page = tab.open(TOOL)
    fill(page, {"Multiplier": "1,5", FIELDS[3]: "3"})

    # Waits 30, 45 and 67.5 s: "1,5" is 1.5, not 15.
    assert problem(page) == ""
    assert schedule(page) == [
        "Retry 1 at 0:30 (after waiting 30 s)",
        "Retry 2 at 1:15 (after waiting 45 s)",
        "Retry 3 at 2:22.5 (after waiting 1 min 7.5 s)",
    ]
    assert output(page, "window") == \
        "2:22.5 (2 min 22.5 s) from the first failure to the last retry"


def test_a_comma_before_three_digits_is_asked_about(tab: Tab) -> None:
    page = tab.open(TOOL)
    fill(page, {"Maximum delay (seconds)": "3,600"})

    assert problem(page) == (
        "Check Maximum delay (seconds): \N{LEFT DOUBLE QUOTATION MARK}3,600"
        "\N{RIGHT DOUBLE QUOTATION MARK} could mean 3600 or 3.6: type the one you mean, "
        "without the comma.")
    assert schedule(page) == []


def test_waits_under_a_second_keep_their_decimals(tab: Tab) -> None:
    page = tab.open(TOOL)
    fill(page, {"First delay (seconds)": "0.25", FIELDS[3]: "3", FIELDS[4]: "3600"})

    assert schedule(page) == [
        "Retry 1 at 0:00.25 (after waiting 0.25 s)",
        "Retry 2 at 0:00.75 (after waiting 0.5 s)",
        "Retry 3 at 0:01.75 (after waiting 1 s)",
    ]
    assert output(page, "window") == "0:01.75 (1.75 s) from the first failure to the last retry"
    # 3600 runs an hour reach the step during 1.75 s: 1.75, so 2 failing runs of 3 retries.
    assert output(page, "calls") == \
        "6 extra calls over the window (2 failing runs \N{MULTIPLICATION SIGN} 3); " \
        "3 extra calls per failing run."


@pytest.mark.parametrize(("label", "value", "message"), [
    ("First delay (seconds)", "86401", "enter a number from 0 to 86400."),
    ("First delay (seconds)", "-1", "enter a number from 0 to 86400."),
    ("Multiplier", "11", "enter a number from 1 to 10."),
    ("Maximum delay (seconds)", "1e300", "enter a number from 0 to 86400."),
    (FIELDS[3], "101", "enter a whole number from 0 to 100."),
    (FIELDS[3], "2,5", "enter a whole number from 0 to 100."),
    (FIELDS[4], "1000001", "enter a number from 0 to 1000000."),
])
def test_values_out_of_bounds_are_refused_with_the_range(tab: Tab, label: str, value: str,
                                                          message: str) -> None:
    page = tab.open(TOOL)
    fill(page, {label: value})

    assert problem(page) == f"Check {label}: {message}"
    assert schedule(page) == []


def test_the_largest_values_still_read_as_a_clock(tab: Tab) -> None:
    page = tab.open(TOOL)
    fill(page, dict(zip(FIELDS, ["86400", "10", "86400", "100", "1000000"], strict=True)))

    assert problem(page) == ""
    assert schedule(page)[-1] == "Retry 100 at 2400:00:00 (after waiting 24 h)"
    assert output(page, "window") == \
        "2400:00:00 (2400 h) from the first failure to the last retry"


@pytest.mark.parametrize(("value", "message"), [
    ("abc", "\N{LEFT DOUBLE QUOTATION MARK}abc\N{RIGHT DOUBLE QUOTATION MARK} is not a "
            "number; enter a number from 0 to 86400."),
    ("1.2.3", "\N{LEFT DOUBLE QUOTATION MARK}1.2.3\N{RIGHT DOUBLE QUOTATION MARK} is not a "
              "number; enter a number from 0 to 86400."),
    ("", "enter a number from 0 to 86400."),
])
def test_letters_and_empty_fields_get_the_calculators_own_words(tab: Tab, value: str,
                                                                message: str) -> None:
    page = tab.open(TOOL)
    page.evaluate("""window.invalidEvents = 0;
        document.querySelector("[data-tool] form").addEventListener(
          "invalid", () => window.invalidEvents++, true)""")
    field = page.get_by_label("First delay (seconds)")
    field.fill(value)
    field.press("Enter")  # submitting never brings up the browser's own bubble

    assert problem(page) == f"Check First delay (seconds): {message}"
    assert field.get_attribute("aria-invalid") == "true"
    assert field.evaluate("f => f.validationMessage") == message
    assert page.evaluate("window.invalidEvents") == 0
    assert page.url == tab.base_url + TOOL


def test_a_corrected_value_clears_the_problem(tab: Tab) -> None:
    page = tab.open(TOOL)
    fill(page, {"Multiplier": "two"})
    fill(page, {"Multiplier": "2"})

    assert problem(page) == ""
    assert page.get_by_label("Multiplier").get_attribute("aria-invalid") is None
    assert len(schedule(page)) == 5


def test_the_arrow_keys_step_a_field_within_its_range(tab: Tab) -> None:
    page = tab.open(TOOL)
    attempts = page.get_by_label(FIELDS[3])
    attempts.fill("99")
    for _ in range(3):
        attempts.press("ArrowUp")
    assert attempts.input_value() == "100"
    multiplier = page.get_by_label("Multiplier")
    multiplier.fill("1,5")
    multiplier.press("ArrowDown")
    assert multiplier.input_value() == "1"
    assert len(schedule(page)) == 100
    assert schedule(page)[1] == "Retry 2 at 1:00 (after waiting 30 s)"


def test_the_calculator_is_usable_with_the_keyboard_alone(tab: Tab) -> None:
    page = tab.open(TOOL)
    page.get_by_label("First delay (seconds)").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("45")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the multiplier, from 2 down to 1: fixed waits
    for _ in range(2):
        page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    page.keyboard.press("Enter")  # submitting computes in place and never leaves the page

    assert page.evaluate("document.activeElement.id") == "retry-attempts"
    assert page.url == tab.base_url + TOOL
    assert schedule(page) == ["Retry 1 at 0:45 (after waiting 45 s)",
                              "Retry 2 at 1:30 (after waiting 45 s)"]


def test_every_control_has_a_label(tab: Tab) -> None:
    page = tab.open(TOOL)

    for label in FIELDS:
        expect(page.get_by_label(label, exact=True)).to_be_editable()
    unlabelled = page.eval_on_selector_all(
        "[data-tool] input, [data-tool] button",
        "controls => controls.filter(c => !c.labels?.length && !c.textContent.trim())"
        ".map(c => c.outerHTML)")
    assert unlabelled == []


def test_without_javascript_a_note_replaces_the_form(browser: Browser, base_url: str) -> None:
    tab = open_tab(browser, base_url, java_script_enabled=False)
    try:
        page = tab.open(TOOL)

        expect(page.locator(".opsdesk-tool__noscript")).to_contain_text("needs JavaScript")
        expect(page.locator("[data-tool] form")).to_be_hidden()
    finally:
        tab.context.close()


def test_the_calculator_speaks_the_sites_labels(relabelled: Tab) -> None:
    page = relabelled.open(TOOL)
    fields = [RELABELLED[f"retry_{name}"] for name in ("first_delay", "multiplier",
                                                        "max_delay", "attempts",
                                                        "runs_per_hour")]
    for label in fields:
        expect(page.get_by_label(label, exact=True)).to_be_editable()

    # The page's worked example, in the site's words.
    assert schedule(page)[0] == "Essai 1 à 0:30 (après 30 sec)"
    assert schedule(page)[4] == "Essai 5 à 15:30 (après 8 mn)"
    assert output(page, "window") == \
        "15:30 (15 mn 30 sec) de la première panne au dernier essai"
    assert output(page, "calls") == \
        "5 appels de plus par exécution en échec. Indiquez les exécutions par heure."

    # One of each: one call, one failing run; an hour.
    fill(page, dict(zip(fields, ["3600", "1", "3600", "1", "1"], strict=True)))
    assert schedule(page) == ["Essai 1 à 1:00:00 (après 1 h)"]
    assert output(page, "calls") == (
        "1 appel de plus pendant la panne (1 exécution en échec fois 1) ; "
        "1 appel de plus par exécution en échec.")
    fill(page, {fields[4]: "2"})
    assert output(page, "calls") == (
        "2 appels de plus pendant la panne (2 exécutions en échec fois 1) ; "
        "1 appel de plus par exécution en échec.")

    # The label made of markup is text.
    fill(page, {fields[3]: "0"})
    assert schedule(page) == ["<b>Aucun</b> nouvel essai."]
    expect(page.locator("[data-output=schedule] b")).to_have_count(0)

    # A field's problems.
    fill(page, {fields[1]: "abc"})
    assert problem(page) == ("Vérifiez Multiplicateur : « abc » n'est pas un nombre ; "
                             "un nombre de 1 à 10.")
    assert page.get_by_label(fields[1]).evaluate("f => f.validationMessage") == \
        "« abc » n'est pas un nombre ; un nombre de 1 à 10."
    fill(page, {fields[1]: "2", fields[2]: "3,600"})
    assert problem(page) == "Vérifiez Délai maximal (secondes) : « 3,600 » : 3600 ou 3.6 ?"
    fill(page, {fields[2]: "60", fields[3]: "2,5"})
    assert problem(page) == "Vérifiez Nouveaux essais : un nombre entier de 0 à 100."
    assert relabelled.errors == []
