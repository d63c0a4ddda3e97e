"""Page weight stays the same as the portfolio grows: opening a page of any kind (no
interaction, 5 s after load) transfers at most 400 KB, nearly the same at 100 pages and
at several times that; no page view fetches sitemap.xml or any of the search index.

The portfolios are the benchmark's (``generate_portfolio``), built with the repository's
mkdocs.yml (which generate_portfolio copies); benchmarks/reader.py measures 3,000 with
the same page kinds (``reader.page_kinds``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.portfolio import generate_portfolio
from benchmarks.reader import open_view, page_kinds, weigh
from playwright.sync_api import Browser

from opsdesk.listings import CARDS_PER_PAGE

from ..support.sites import build_written
from .conftest import serve_site

#: LARGE is the smallest round size at which every lane and the busiest tag of the
#: generated portfolio fill at least two pages of cards (checked below): at 400, lanes
#: of 66 pages and a busiest tag of 43, with CARDS_PER_PAGE 12.
SMALL, LARGE = 100, 400
BUDGET = 400_000  # bytes
SETTLE = 5.0  # seconds


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


@pytest.fixture(scope="module")
def weights(browser: Browser, portfolios: dict[int, tuple[Path, dict[str, str]]]
            ) -> dict[tuple[str, int], tuple[int, list[str]]]:
    """Each kind of page at each size: what a fresh tab receives until 5 s after load
    (the benchmark's ``reader.page_weights``: the tabs settle together, each its 5 s)."""
    with serve_site(portfolios[SMALL][0]) as small, serve_site(portfolios[LARGE][0]) as large:
        keys = [(kind, size) for kind in KINDS for size in portfolios]
        views = [open_view(browser, {SMALL: small, LARGE: large}[size],
                           portfolios[size][1][kind]) for kind, size in keys]
        return {key: (weight["bytes"], weight["urls"])
                for key, weight in zip(keys, [weigh(view, SETTLE) for view in views],
                                       strict=True)}


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
