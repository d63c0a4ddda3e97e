"""Page weight stays the same as the portfolio grows: opening a page (no interaction, 5 s
after load) transfers at most 400 KB, nearly the same at 100 pages and at several times
that; no page view fetches sitemap.xml or any of the search index.

The portfolios are the benchmark's (``generate_portfolio``), built with the repository's
mkdocs.yml (which generate_portfolio copies); benchmarks/reader.py measures 3,000.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from benchmarks.portfolio import generate_portfolio
from playwright.sync_api import Browser, Request

from ..helpers import build_written
from .conftest import serve_site

SMALL, LARGE = 100, 400
BUDGET = 400_000  # bytes
SETTLE_MS = 5000


@pytest.fixture(scope="module")
def portfolios(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Path, str]]:
    """Each size: its built site, and the address of its first lane page."""
    sites = {}
    for size in (SMALL, LARGE):
        root = tmp_path_factory.mktemp(f"portfolio-{size}")
        pages = generate_portfolio(root, size)
        built = build_written(root)
        assert built.ok, built.messages()
        sites[size] = (built.site, pages[0].removesuffix(".md") + "/")
    return sites


def weight(browser: Browser, url: str) -> tuple[int, list[str]]:
    """Bytes (headers and bodies) a fresh tab receives for ``url`` until 5 s after load."""
    context = browser.new_context()
    finished: list[Request] = []
    context.on("requestfinished", lambda request: finished.append(request))
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_timeout(SETTLE_MS)
    sizes: list[Any] = [request.sizes() for request in finished]
    total = sum(s["responseHeadersSize"] + s["responseBodySize"] for s in sizes)
    urls = [request.url for request in finished]
    context.close()
    return total, urls


@pytest.mark.parametrize("which", ["home", "lane page"])
def test_a_page_view_weighs_the_same_at_any_portfolio_size(
        browser: Browser, portfolios: dict[int, tuple[Path, str]], which: str) -> None:
    weights = {}
    for size, (site, lane_page) in portfolios.items():
        with serve_site(site) as base:
            total, urls = weight(browser, base + ("" if which == "home" else lane_page))
        assert [u for u in urls if "sitemap.xml" in u or "/pagefind/" in u] == []
        assert total <= BUDGET, (size, total, urls)
        weights[size] = total

    assert abs(weights[LARGE] - weights[SMALL]) <= 0.05 * weights[SMALL], weights
