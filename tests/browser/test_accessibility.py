"""axe-core finds no serious or critical violation, in the light and the dark palette."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import GUIDE, HOME, LANE, POLICY, TOOL, Tab

SCHEMES = {"default": "__palette_0", "slate": "__palette_1"}


def choose_palette(tab: Tab, scheme: str) -> None:
    """Pick the palette as a reader does: the header's toggle (Material stores the choice)."""
    page = tab.open(HOME)
    if page.get_attribute("body", "data-md-color-scheme") != scheme:
        page.click(f'label[for="{SCHEMES[scheme]}"]')
        page.wait_for_function(
            f"document.body.getAttribute('data-md-color-scheme') === '{scheme}'")


def serious(violations: list[dict[str, Any]]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
            for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("url", [HOME, LANE, GUIDE, POLICY, TOOL])
def test_no_serious_axe_violation(tab: Tab, url: str, scheme: str) -> None:
    choose_palette(tab, scheme)
    page = tab.open(url)
    # Loaded fresh, the stored palette applies before the first paint: no colour is
    # caught halfway through Material's palette transition.
    assert page.get_attribute("body", "data-md-color-scheme") == scheme

    results = Axe().run(page)

    assert serious(results.response["violations"]) == []
