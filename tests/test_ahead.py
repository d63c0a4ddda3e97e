"""Pages read and blocks rendered in a second process (``ahead.py``) make the same site.

A generated portfolio over ``ahead.MIN_PAGES`` lane pages is built twice with the
``mkdocs build`` command, with a second process and with ``render_ahead: false``, and
every output file is compared byte for byte. The child is also killed mid-build, at the
level of the core ``Ahead`` and ``split_map``: what it did not send is then done by the
build's own process.

The plugin forks only from a process with one thread, and this test session may run
others (the browser tests' server and driver): every check of the forking path runs in
a fresh Python process (``mkdocs build``, or ``_in_fresh_process``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from opsdesk.ahead import MIN_PAGES, Ahead, split_map
from opsdesk.bench import generate_portfolio
from opsdesk.portfolio import build_portfolio
from opsdesk.render import Renderer
from opsdesk.sitedata import load_site_data
from opsdesk.source import load_page

from .helpers import REPO, search_index, site_files

PAGES = MIN_PAGES + 20
RENDERED_AHEAD = f"opsdesk: {PAGES} lane pages' blocks were rendered ahead in a second process"


@pytest.fixture(scope="module")
def portfolio_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ahead") / "portfolio"
    generate_portfolio(root, PAGES)
    return root


def _rendering(root: Path) -> tuple[Renderer, list[str]]:
    """The core's renderer of the generated portfolio at ``root``, and its lane pages."""
    data = load_site_data(root / "site-data")
    docs = root / "content"
    sources = [load_page(path.read_text(encoding="utf-8"),
                         path=path.relative_to(docs).as_posix(),
                         file=path.as_posix(), lane_ids=data.lane_ids)
               for path in sorted(docs.rglob("*.md"))]
    renderer = Renderer([root / "templates"], build_portfolio(data, sources))
    return renderer, [s.path for s in sources if s.lane]


def _in_fresh_process(check: str, *args: str) -> None:
    """Run ``check(*args)`` of this module in a new Python process; fail with its error."""
    script = f"from tests.test_ahead import {check}\n{check}(*{args!r})"
    run = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                         text=True, check=False, timeout=300)
    assert run.returncode == 0, run.stderr


def _build(root: Path, site: str, **plugin: object) -> str:
    """``mkdocs build -v`` of ``root`` into ``root/site``; what it logged."""
    config = yaml.safe_load((root / "mkdocs-opsdesk.yml").read_text(encoding="utf-8"))
    config["plugins"] = [{"opsdesk": plugin} if plugin else "opsdesk"]
    written = root / f"mkdocs-{site}.yml"
    written.write_text(yaml.safe_dump(config), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-v", "-f", str(written),
         "-d", str(root / site)],
        cwd=root, capture_output=True, text=True, check=False, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 0, run.stderr
    return run.stderr


def test_rendering_ahead_builds_the_same_site_byte_for_byte(portfolio_root: Path) -> None:
    ahead = _build(portfolio_root, "site-ahead")
    serial = _build(portfolio_root, "site-serial", render_ahead=False)

    assert RENDERED_AHEAD in ahead
    assert "rendered ahead" not in serial
    assert site_files(portfolio_root / "site-ahead") == \
        site_files(portfolio_root / "site-serial")
    assert search_index(portfolio_root / "site-ahead") == \
        search_index(portfolio_root / "site-serial")


def test_a_small_site_renders_in_the_build_process(tmp_path: Path) -> None:
    generate_portfolio(tmp_path, MIN_PAGES - 1)
    assert "rendered ahead" not in _build(tmp_path, "site")


def test_nothing_forks_while_another_thread_runs(portfolio_root: Path) -> None:
    renderer, lane_pages = _rendering(portfolio_root)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        parent = os.getpid()
        assert Ahead.start(renderer, lane_pages, site_url=None) is None
        assert split_map(lambda _: os.getpid() == parent, lane_pages) == [True] * len(lane_pages)
    finally:
        stop.set()
        other.join()


def test_pages_the_child_did_not_send_are_rendered_here(portfolio_root: Path) -> None:
    _in_fresh_process("check_a_killed_child", str(portfolio_root))


def check_a_killed_child(root: str) -> None:
    renderer, lane_pages = _rendering(Path(root))
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


def test_the_child_sends_the_extra_last(portfolio_root: Path) -> None:
    _in_fresh_process("check_the_extra_comes_last", str(portfolio_root))


def check_the_extra_comes_last(root: str) -> None:
    renderer, lane_pages = _rendering(Path(root))
    ahead = Ahead.start(renderer, lane_pages, site_url=None, extra=lambda: {"answer": 42})
    assert ahead is not None

    assert ahead.extra() == ({"answer": 42},)
    assert ahead.received == len(lane_pages)  # every page came before it
    ahead.close()


def test_split_map_keeps_the_order_and_recovers_from_a_dead_child() -> None:
    _in_fresh_process("check_split_map")


def check_split_map() -> None:
    items = list(range(MIN_PAGES + 1))
    parent = os.getpid()

    def where(item: int) -> tuple[int, bool]:
        return item * item, os.getpid() == parent

    def square_or_die(item: int) -> tuple[int, bool]:
        if os.getpid() != parent and item == MIN_PAGES:
            os._exit(3)  # the child dies on its last item, before sending anything
        return where(item)

    split = split_map(where, items)
    recovered = split_map(square_or_die, items)

    half = len(items) // 2
    assert split == [(item * item, index < half) for index, item in enumerate(items)]
    assert recovered == [(item * item, True) for item in items]

    def fail_here(item: int) -> int:
        if os.getpid() == parent:
            raise ValueError(item)
        return item

    with pytest.raises(ValueError, match=r"^0$"):
        split_map(fail_here, items)
    with pytest.raises(ChildProcessError):  # the child has ended and been waited for
        os.waitpid(-1, os.WNOHANG)


def test_split_map_is_serial_for_few_items() -> None:
    parent = os.getpid()
    assert split_map(lambda item: os.getpid() == parent, list(range(MIN_PAGES - 1))) == \
        [True] * (MIN_PAGES - 1)
