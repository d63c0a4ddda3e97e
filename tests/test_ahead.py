"""Pages read and blocks rendered in a second process (``ahead.py``) make the same site.

A generated portfolio over ``ahead.MIN_PAGES`` lane pages is built twice, with a second
process and with ``render_ahead: false``, and every output file is compared byte for
byte. The child is also killed mid-build, at the level of the core ``Ahead`` and
``split_map``: what it did not send is then done by the build's own process.
"""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from opsdesk.ahead import MIN_PAGES, Ahead, split_map
from opsdesk.bench import generate_portfolio
from opsdesk.portfolio import build_portfolio
from opsdesk.render import Renderer
from opsdesk.sitedata import load_site_data
from opsdesk.source import load_page

from .helpers import _captured

PAGES = MIN_PAGES + 20


@pytest.fixture(scope="module")
def portfolio_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ahead") / "portfolio"
    generate_portfolio(root, PAGES)
    return root


@pytest.fixture(scope="module")
def rendering(portfolio_root: Path) -> tuple[Renderer, list[str]]:
    """The core's renderer of the generated portfolio, and its lane pages."""
    data = load_site_data(portfolio_root / "site-data")
    docs = portfolio_root / "content"
    sources = [load_page(path.read_text(encoding="utf-8"),
                         path=path.relative_to(docs).as_posix(),
                         file=path.as_posix(), lane_ids=data.lane_ids)
               for path in sorted(docs.rglob("*.md"))]
    renderer = Renderer([portfolio_root / "templates"], build_portfolio(data, sources))
    return renderer, [s.path for s in sources if s.lane]


def _build(root: Path, site: str, **plugin: object) -> list[str]:
    """Build ``root`` into ``root/site``; return the plugin's debug messages."""
    config_file = root / "mkdocs-opsdesk.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["plugins"] = ["search", {"opsdesk": plugin} if plugin else "opsdesk"]
    written = root / f"mkdocs-{site}.yml"
    written.write_text(yaml.safe_dump(config), encoding="utf-8")
    logger = logging.getLogger("mkdocs.plugins.opsdesk")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        with _captured() as records:
            cfg = load_config(config_file=str(written), site_dir=str(root / site))
            cfg.plugins.on_startup(command="build", dirty=False)
            build(cfg)
    finally:
        logger.setLevel(level)
    return [r.getMessage() for r in records if r.name.startswith("mkdocs.plugins.opsdesk")]


def _files(site: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted(site.rglob("*")):
        if path.is_file():
            yield path.relative_to(site).as_posix(), path.read_bytes()


def test_rendering_ahead_builds_the_same_site_byte_for_byte(portfolio_root: Path) -> None:
    ahead = _build(portfolio_root, "site-ahead")
    serial = _build(portfolio_root, "site-serial", render_ahead=False)

    assert f"opsdesk: {PAGES} lane pages' blocks were rendered ahead in a second process" in ahead
    assert not any("rendered ahead" in message for message in serial)
    assert list(_files(portfolio_root / "site-ahead")) == \
        list(_files(portfolio_root / "site-serial"))


def test_a_small_site_renders_in_the_build_process(tmp_path: Path) -> None:
    generate_portfolio(tmp_path, MIN_PAGES - 1)
    assert not any("rendered ahead" in message for message in _build(tmp_path, "site"))


def test_pages_the_child_did_not_send_are_rendered_here(
        rendering: tuple[Renderer, list[str]]) -> None:
    renderer, lane_pages = rendering
    ahead = Ahead.start(renderer, lane_pages, site_url="https://example.org/")
    assert ahead is not None

    first = ahead.blocks(lane_pages[0])
    assert first == (renderer.body_blocks(lane_pages[0]),
                     renderer.lane_page(lane_pages[0], site_url="https://example.org/"))
    os.kill(ahead._pid, signal.SIGKILL)
    received = [path for path in lane_pages if ahead.blocks(path) is not None]
    ahead.close()

    assert 1 <= len(received) < len(lane_pages)  # what the pipe held when it died
    assert received == lane_pages[:len(received)]
    assert ahead.blocks(lane_pages[-1]) is None
    assert ahead.extra() is None  # the plugin then builds the feeds itself


def test_the_child_sends_the_extra_last(rendering: tuple[Renderer, list[str]]) -> None:
    renderer, lane_pages = rendering
    ahead = Ahead.start(renderer, lane_pages, site_url=None, extra=lambda: {"answer": 42})
    assert ahead is not None

    assert ahead.extra() == ({"answer": 42},)
    assert ahead.received == len(lane_pages)  # every page came before it
    ahead.close()


def test_split_map_keeps_the_order_and_recovers_from_a_dead_child() -> None:
    items = list(range(MIN_PAGES + 1))
    parent = os.getpid()

    def square_or_die(item: int) -> tuple[int, bool]:
        if os.getpid() != parent and item == MIN_PAGES:
            os._exit(3)  # the child dies on its last item, before sending anything
        return item * item, os.getpid() == parent

    squares = split_map(lambda item: item * item, items)
    recovered = split_map(square_or_die, items)

    assert squares == [item * item for item in items]
    assert recovered == [(item * item, True) for item in items]


def test_split_map_is_serial_for_few_items() -> None:
    parent = os.getpid()
    assert split_map(lambda item: os.getpid() == parent, list(range(MIN_PAGES - 1))) == \
        [True] * (MIN_PAGES - 1)
