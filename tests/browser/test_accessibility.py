"""axe-core finds no serious or critical violation, in the light and the dark palette."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import GUIDE, HOME, LANE, POLICY, SCHEMES, TOOL, Tab, choose_palette


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
