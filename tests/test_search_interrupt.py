"""A ``mkdocs build`` stopped while Pagefind indexes (``SIGINT``, as Ctrl-C sends it, or
``SIGTERM``, as a CI runner or ``kill`` does) leaves nothing behind: no staging folder in
the system's temporary folder, nothing beside or hidden in the site, no Pagefind running.
And a build in this process leaves the ``SIGTERM`` handler as it found it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from benchmarks.portfolio import generate_portfolio

from opsdesk.search import BATCH

from .support.cli import as_from_a_terminal
from .support.sites import build_site
from .test_search_stream import with_hook

#: Lane pages: the build parks once Pagefind has a folder of them, more are to come.
PAGES = BATCH + 30

#: A hook after ours: once ``BATCH + 5`` indexed pages are written (Pagefind has the
#: first folder), it says so in a file and waits (for the signal; ten minutes at most).
PARK = f"""
import os, time
from mkdocs.plugins import event_priority

written = 0

@event_priority(-200)
def on_post_page(output, page, config):
    global written
    if "data-pagefind-body" in output:
        written += 1
    if written == {BATCH + 5}:
        open(os.environ["PARKED"], "w").close()
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            time.sleep(0.05)
    return output
"""

#: Generous bounds for a loaded machine with one core: each wait polls and ends early.
STARTS = 300.0
ENDS = 120.0


def wait_for(condition: Callable[[], object], timeout: float, what: str,
             process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None and process.poll() is not None:
            pytest.fail(f"the build ended (status {process.returncode}) before {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} after {timeout:.0f} s")
        time.sleep(0.05)


def pagefinds(parent: int) -> list[int]:
    """Running (not zombie) Pagefind processes whose parent is ``parent``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = dict(line.split(":\t", 1) for line in
                          (entry / "status").read_text().splitlines() if ":\t" in line)
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(status["PPid"]) == parent and b"pagefind" in cmdline \
                and not status["State"].startswith("Z"):
            found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """The process ``pid`` exists and is not a zombie."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return not any(line.startswith("State:") and "\tZ" in line for line in status.splitlines())


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_build_stopped_while_indexing_leaves_nothing_behind(tmp_path: Path,
                                                              signum: int) -> None:
    root = tmp_path / "portfolio"
    generate_portfolio(root, PAGES)
    with_hook(root, PARK)
    before = sorted(p.name for p in root.iterdir())
    temp, parked = tmp_path / "temp", tmp_path / "parked"
    temp.mkdir()
    log = (tmp_path / "build.log").open("wb")
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, stdout=log,
        stderr=subprocess.STDOUT, preexec_fn=as_from_a_terminal,
        env={**os.environ, "TMPDIR": str(temp), "PARKED": str(parked),
             "NO_MKDOCS_2_WARNING": "1"})
    try:
        wait_for(lambda: parked.exists() and list(temp.glob(".opsdesk-search-*"))
                 and pagefinds(build.pid), STARTS, "indexing under way", build)
        indexing = pagefinds(build.pid)

        build.send_signal(signum)
        build.wait(timeout=ENDS)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
        log.close()
    output = (tmp_path / "build.log").read_text(errors="replace")

    assert build.returncode == (-signal.SIGTERM if signum == signal.SIGTERM else 1), output
    assert sorted(p.name for p in temp.iterdir()) == []
    # the site, and the social cards drawn before the stop (kept for the next build)
    assert sorted(p.name for p in root.iterdir()) == sorted({*before, "site", ".cache"})
    assert [p.name for p in (root / "site").iterdir() if p.name.startswith(".")] == []
    wait_for(lambda: not any(running(pid) for pid in indexing), ENDS, "Pagefind stopped")


def test_a_build_leaves_the_sigterm_handler_as_it_found_it(tmp_path: Path) -> None:
    def own(signum: int, frame: object) -> None:
        raise AssertionError("not called")

    previous = signal.signal(signal.SIGTERM, own)
    try:
        assert build_site(tmp_path / "own", search=True).ok
        assert signal.getsignal(signal.SIGTERM) is own
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert build_site(tmp_path / "default", search=True).ok
    assert signal.getsignal(signal.SIGTERM) is previous
