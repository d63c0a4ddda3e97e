"""Page weight stays the same as the portfolio grows: opening a page of any kind (no
interaction, 5 s after load) transfers at most 400 KB, nearly the same at 100 pages and
at several times that; no page view fetches sitemap.xml or any of the search index.

The portfolios are the benchmark's (``generate_portfolio``), built with the repository's
mkdocs.yml (which generate_portfolio copies); benchmarks/reader.py measures 3,000 with
the same page kinds (``reader.page_kinds``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from benchmarks.portfolio import generate_portfolio
from benchmarks.reader import page_kinds
from playwright.sync_api import Browser, BrowserContext, Page, Request

from opsdesk.listings import CARDS_PER_PAGE

from ..support.sites import build_written
from .conftest import serve_site

#: LARGE is the smallest round size at which every lane and the busiest tag of the
#: generated portfolio fill at least two pages of cards (checked below): at 400, lanes
#: of 66 pages and a busiest tag of 43, with CARDS_PER_PAGE 12.
SMALL, LARGE = 100, 400
BUDGET = 400_000  # bytes
SETTLE_MS = 5000


@pytest.fixture(scope="module")
def portfolios(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Path, dict[str, str]]]:
    """Each size: its built site, and the address of a page of each kind."""
    sites = {}
    for size in (SMALL, LARGE):
        root = tmp_path_factory.mktemp(f"portfolio-{size}")
        generate_portfolio(root, size)
        built = build_written(root, search=True)
        assert built.ok, built.messages()
        sites[size] = (built.site, page_kinds(built.site))
    return sites


def test_the_large_portfolio_fills_two_pages_of_every_lane_and_the_busiest_tag(
        portfolios: dict[int, tuple[Path, dict[str, str]]]) -> None:
    site, kinds = portfolios[LARGE]
    landings = [p.parent for p in site.glob("*/index.html") if (p.parent / "page").is_dir()]
    assert len(landings) == 6  # every lane is paged
    for landing in landings:
        assert (landing / "page/2/index.html").is_file()
        assert (landing / "page/3/index.html").is_file(), landing  # so page 2 is full
    assert (site / kinds["tag page"] / "page/3/index.html").is_file()  # so page 2 is full
    assert kinds["paged landing page"].endswith("/page/2/")
    assert kinds["tag page"].startswith("tags/")
    busiest = (site / kinds["tag page"] / "page/2/index.html").read_text(encoding="utf-8")
    assert busiest.count('class="opsdesk-card"') == CARDS_PER_PAGE


KINDS = ["home", "lane landing page", "paged landing page", "lane page", "tags page",
         "tag page"]


@dataclass
class _View:
    """A fresh tab (its own context) opened on a URL, and the requests it finished."""

    context: BrowserContext
    page: Page
    loaded: float  # time.monotonic() at its load event
    finished: list[tuple[float, Request]] = field(default_factory=list)  # and when


def _open(browser: Browser, url: str) -> _View:
    context = browser.new_context()
    finished: list[tuple[float, Request]] = []
    context.on("requestfinished", lambda request: finished.append((time.monotonic(), request)))
    page = context.new_page()
    page.goto(url, wait_until="load")
    return _View(context, page, time.monotonic(), finished)


def _weigh(view: _View) -> tuple[int, list[str]]:
    """Bytes (headers and bodies) the tab received until 5 s after its load, and the URLs:
    waits out the rest of its 5 s. (The driver's events, every tab's, arrive while any
    tab loads or waits: a request's time is when it finished, give or take that.)"""
    end = view.loaded + SETTLE_MS / 1000
    if end > time.monotonic():
        view.page.wait_for_timeout((end - time.monotonic()) * 1000)
    finished = [request for at, request in view.finished if at <= end]
    sizes: list[Any] = [request.sizes() for request in finished]
    total = sum(s["responseHeadersSize"] + s["responseBodySize"] for s in sizes)
    view.context.close()
    return total, [request.url for request in finished]


@pytest.fixture(scope="module")
def weights(browser: Browser, portfolios: dict[int, tuple[Path, dict[str, str]]]
            ) -> dict[tuple[str, int], tuple[int, list[str]]]:
    """Each kind of page at each size: what a fresh tab receives until 5 s after load
    (``_weigh``). The tabs open one after another and settle together, each its 5 s."""
    with serve_site(portfolios[SMALL][0]) as small, serve_site(portfolios[LARGE][0]) as large:
        bases = {SMALL: small, LARGE: large}
        views = {(kind, size): _open(browser, bases[size] + kinds[kind])
                 for kind in KINDS for size, (_site, kinds) in portfolios.items()}
        return {key: _weigh(view) for key, view in views.items()}


@pytest.mark.parametrize("kind", KINDS)
def test_a_page_view_weighs_the_same_at_any_portfolio_size(
        weights: dict[tuple[str, int], tuple[int, list[str]]], kind: str) -> None:
    by_size = {}
    for size in (SMALL, LARGE):
        total, urls = weights[kind, size]
        assert [u for u in urls if "sitemap.xml" in u or "/pagefind/" in u] == []
        assert total <= BUDGET, (size, total, urls)
        by_size[size] = total

    assert abs(by_size[LARGE] - by_size[SMALL]) <= 0.05 * by_size[SMALL], by_size
