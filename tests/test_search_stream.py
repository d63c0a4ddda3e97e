"""``mkdocs build`` feeds Pagefind the pages while MkDocs writes them (``LiveIndex``):
Pagefind is indexing before the last page is written, the index holds exactly the site's
pages (a ``--dirty`` build's unwritten pages too), and a Pagefind that fails or stops
answering is a located error, never a hang, a traceback or a staging folder left behind.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import logging
import os
import re
import signal
import stat
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from benchmarks.portfolio import generate_portfolio
from mkdocs.commands.build import build
from mkdocs.config import load_config

from opsdesk.search import BATCH, LAST_BATCH, LiveIndex, SearchIndexError, process, staging
from opsdesk.search import session as index_session
from opsdesk.search.process import PRIORITY, Pagefind
from opsdesk.search.staging import Staging

from .support.search import search_index
from .support.sites import build_site, build_written, write_site

PAGES = 2 * BATCH + 50


def with_hook(root: Path, hook: str) -> None:
    (root / "hooks.py").write_text(hook, encoding="utf-8")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    (root / "mkdocs.yml").write_text(yaml.safe_dump({**config, "hooks": ["hooks.py"]}),
                                     encoding="utf-8")


@pytest.fixture(autouse=True)
def system_temp(tmp_path_factory: pytest.TempPathFactory,
                monkeypatch: pytest.MonkeyPatch) -> Path:
    """A system temporary folder of the test's own, chosen (``TMPDIR``), where the staging
    folders go."""
    folder = tmp_path_factory.mktemp("system-temp")
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def staging_folders(root: Path) -> list[str]:
    """The staging folders (or any other debris) beside ``root``, the hidden folders of an
    index anywhere in it (``Staging.beside``, a swap's), and what is in the system's
    temporary folder."""
    return sorted([p.name for p in root.iterdir() if p.name.startswith(".opsdesk-search-")]
                  + [str(p.relative_to(root)) for p in root.rglob(".pagefind*")]
                  + [p.name for p in Path(tempfile.gettempdir()).iterdir()])


def pagefind_processes() -> list[int]:
    """Pagefind processes started by this test process (children still running)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = next(line.split()[1] for line in status.splitlines()
                    if line.startswith("PPid:"))
        state = next(line.split()[1] for line in status.splitlines()
                     if line.startswith("State:"))
        if int(ppid) == os.getpid() and b"pagefind" in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def test_pagefind_indexes_while_pages_are_written(tmp_path: Path,
                                                  debug_search_log: None) -> None:
    root = tmp_path / "portfolio"
    generate_portfolio(root, PAGES)
    # A hook that runs after ours for each page: says when each page is written.
    with_hook(root, """
import logging
log = logging.getLogger("mkdocs.hooks.written")

from mkdocs.plugins import event_priority

@event_priority(-200)
def on_post_page(output, page, config):
    log.warning("written: " + page.file.dest_uri)
    return output
""")
    built = build_written(root, search=True)

    assert built.ok, built.messages()
    lines = [r.getMessage() for r in built.records]
    written = [i for i, line in enumerate(lines) if line.startswith("written: ")]
    sent = [i for i, line in enumerate(lines) if line.startswith("search index: sent ")]
    assert len(written) > PAGES
    counts = [int(lines[i].split()[3]) for i in sent]
    assert max(counts) <= BATCH
    assert len([i for i in sent if i < written[-1]]) >= 2  # folders on their way before
    with_body = {"/" + lines[i].removeprefix("written: ").removesuffix("index.html")
                 for i in written
                 if "data-pagefind-body" in (built.site / lines[i].removeprefix("written: "))
                 .read_text(encoding="utf-8")}
    assert sorted(search_index(built.site)) == sorted(with_body)
    assert len(with_body) > PAGES
    # Once the last indexed page is written, the index is, while the listings are.
    publishing = lines.index(f"search index: all {len(with_body)} pages added, publishing")
    assert publishing < written[-1]
    # Folders of BATCH pages, then, while fewer than BATCH are to come, of LAST_BATCH: the
    # last folders Pagefind reads before it writes the index are small.
    assert [count for i, count in zip(sent, counts, strict=True) if i < publishing] == (
        _folders(len(with_body)))
    assert _folders(170) == [50, 50, 21, 10, 10, 10, 10, 9]
    assert _folders(BATCH) == [BATCH]
    assert not (built.site / lines[written[-1]].removeprefix("written: ")).read_text(
        encoding="utf-8").count("data-pagefind-body")
    assert staging_folders(root) == []
    assert pagefind_processes() == []


def _folders(pages: int) -> list[int]:
    """The pages in each folder a build of ``pages`` indexed pages sends before it
    publishes: ``BATCH`` at a time; once fewer than ``BATCH`` are to come, ``LAST_BATCH``
    at a time (in a build of more than ``BATCH``); the rest with the last page."""
    folders, waiting = [], 0
    for added in range(1, pages + 1):
        waiting += 1
        to_come = pages - added
        if (not to_come or (to_come < BATCH < pages and waiting >= LAST_BATCH)
                or waiting >= BATCH):
            folders.append(waiting)
            waiting = 0
    return folders


def test_a_dirty_build_keeps_every_page_in_the_index(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    built = build_written(root, search=True)
    assert built.ok
    before = search_index(built.site)
    page = root / "content" / "guides" / "alpha.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "\n## ", "\nA freshly written zanzibar sentence.\n\n## ", 1), encoding="utf-8")

    cfg = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(built.site))
    cfg.plugins.on_startup(command="build", dirty=True)
    try:
        build(cfg, dirty=True)
    finally:
        cfg.plugins.on_shutdown()

    after = search_index(built.site)
    assert sorted(after) == sorted(before)
    changed = [url for url, page in after.items() if "zanzibar" in page["content"]]
    assert changed == ["/guides/alpha/"]


def _no_temporary_folder_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.delenv(name, raising=False)


def test_the_staging_folder_is_in_memory_unless_a_temporary_folder_is_chosen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a disk, making and removing a build's staged pages costs seconds: they go in
    memory (Linux's tmpfs, on every machine this suite runs on), unless ``TMPDIR`` (or
    ``TEMP``, ``TMP``) chooses a folder, or memory has not ``MEMORY_ROOM`` free."""
    _no_temporary_folder_chosen(monkeypatch)
    assert staging.MEMORY.is_dir()
    assert staging.staging_root() == str(staging.MEMORY)
    made = Staging()
    assert made.folder.parent == staging.MEMORY
    assert made.folder.name.startswith(".opsdesk-search-")
    made.remove_all()
    assert not made.folder.exists()

    for name in ("TMPDIR", "TEMP", "TMP"):
        with monkeypatch.context() as chosen:
            chosen.setenv(name, str(tmp_path))
            assert staging.staging_root() is None
    with monkeypatch.context() as short:
        short.setattr(staging, "MEMORY_ROOM", 2**62)
        assert staging.staging_root() is None
    with monkeypatch.context() as absent:
        absent.setattr(staging, "MEMORY", tmp_path / "no-such-folder")
        assert staging.staging_root() is None
        (tmp_path / "no-such-folder").write_text("a file", encoding="utf-8")
        assert staging.staging_root() is None


def test_a_build_staged_in_memory_leaves_nothing_there(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memory = tmp_path / "memory"  # stands for /dev/shm, shared with other tests' builds
    memory.mkdir()
    _no_temporary_folder_chosen(monkeypatch)
    monkeypatch.setattr(staging, "MEMORY", memory)
    made: list[Path] = []
    monkeypatch.setattr(Staging, "new", lambda self, kind: made.append(
        path := self.folder / f"{kind}-{len(made)}") or path)
    root = write_site(tmp_path / "site")
    before = set(Path(tempfile.gettempdir()).iterdir())

    built = build_written(root, strict=True, search=True)

    assert built.ok
    assert made
    assert {path.parent.parent for path in made} == {memory}
    assert "/guides/alpha/" in search_index(built.site)
    assert list(memory.iterdir()) == []
    assert set(Path(tempfile.gettempdir()).iterdir()) == before
    assert staging_folders(root) == []


def test_pagefind_writes_the_index_beside_its_place_in_the_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not in the staging folder, which may be in memory: swapping the index in is then
    a rename on the site's file system, not a copy of every file."""
    written: list[Path] = []
    beside = Staging.beside
    monkeypatch.setattr(Staging, "beside", lambda self, current: written.append(
        path := beside(self, current)) or path)
    root = write_site(tmp_path / "site")

    built = build_written(root, strict=True, search=True)

    assert built.ok
    [path] = written
    assert path.parent == built.site
    assert path.name.startswith(".pagefind-new-")
    assert not path.exists()
    assert (built.site / "pagefind" / "pagefind-entry.json").is_file()
    assert staging_folders(root) == []


def test_the_index_is_written_beside_its_place_under_a_name_of_its_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two indexes of one process (or of two) never write into one folder, and what a
    killed build left under the name is removed, never mixed into the new index."""
    home = tmp_path / "site" / "pagefind"
    first, second = Staging(), Staging()
    try:
        written, other = first.beside(home), second.beside(home)
        assert written.parent == home.parent
        assert written.name.startswith(".pagefind-new-")
        assert written != other
        written.mkdir()
        (written / "left.pf_fragment").write_bytes(b"by a killed build")
        monkeypatch.setattr(first, "_names", itertools.count())  # that name again
        assert first.beside(home) == written
        assert not written.exists()
    finally:
        first.remove_all()
        second.remove_all()


def test_an_index_that_cannot_be_put_in_order_is_an_error_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unordered(written: Path, whole: object = None) -> dict[str, int]:
        assert written.parent.name == "site"
        assert any(written.iterdir())  # Pagefind's files
        raise SearchIndexError("search index not written: not in order, for this test")
    monkeypatch.setattr(index_session, "in_order", unordered)

    built = build_site(tmp_path / "site", strict=True, search=True)

    assert not built.ok
    assert [m for m in built.messages(logging.ERROR) if "search index" in m] == [
        "pagefind: search index not written: not in order, for this test"]
    assert not (built.site / "pagefind").exists()
    assert staging_folders(tmp_path / "site") == []


def fake_pagefind(tmp_path: Path, script: str) -> str:
    binary = tmp_path / "fake-pagefind"
    binary.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    return str(binary)


def test_a_pagefind_that_dies_is_a_clear_error_and_strict_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", fake_pagefind(tmp_path, "exit 3"))
    caplog.set_level(logging.DEBUG, logger="pagefind.service")

    built = build_site(tmp_path / "site", strict=True, search=True)
    # An ended Pagefind answers nothing more: its client's close, which waits 5 s for
    # the answers still due (and logs this first), is not what stops it.
    assert "waiting for all responses to be resolved" not in caplog.messages

    assert not built.ok
    errors = [m for m in built.messages(logging.ERROR) if "search index" in m]
    assert errors == ["pagefind: search index not written: Pagefind stopped (exit status 3)"]
    assert "Traceback" not in "\n".join(built.messages(logging.DEBUG))
    assert not (built.site / "pagefind").exists()
    assert staging_folders(tmp_path / "site") == []


def test_a_pagefind_that_stops_answering_is_given_up_after_the_timeout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", fake_pagefind(tmp_path, "exec sleep 600"))
    site = tmp_path / "site"
    page = site / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html><body data-pagefind-body>A</body></html>", encoding="utf-8")
    index = LiveIndex(site, timeout=2)
    index.add("a/index.html", page.read_text(encoding="utf-8"))

    with pytest.raises(SearchIndexError) as error:
        index.publish([("a/", page)])
    index.close()

    assert str(error.value) == ("search index not written: Pagefind did not answer for "
                                "2 seconds")
    assert staging_folders(tmp_path) == []
    assert pagefind_processes() == []


def test_a_failed_build_stops_pagefind_and_leaves_no_staging_folder(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    with_hook(root, """
def on_page_context(context, page, config, nav):
    raise RuntimeError("a hook that fails while pages are rendered")
""")
    with pytest.raises(RuntimeError, match="a hook that fails"):
        build_written(root, search=True)

    assert staging_folders(root) == []
    assert pagefind_processes() == []


def test_a_page_added_but_not_listed_is_left_out(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name in ("a", "draft"):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(
            f"<html><body data-pagefind-body>{name} words</body></html>", encoding="utf-8")
    index = LiveIndex(site)
    try:
        index.add("a/index.html", "<html><body data-pagefind-body>a words</body></html>")
        index.add("draft/index.html", "<html><body data-pagefind-body>draft</body></html>")

        result = index.publish([("a/", site / "a" / "index.html")])
    finally:
        index.close()

    assert result.pages == 1
    assert list(search_index(site)) == ["/a/"]


@pytest.mark.parametrize("dest", ["../outside.html", "/etc/passwd", "a/../../x.html", "",
                                  "a\x00b.html", "//etc/passwd", "..", "./", "a/..",
                                  "a/./../../x.html", "a//../../x.html"])
def test_a_page_outside_the_site_is_refused(tmp_path: Path, dest: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    index = LiveIndex(site, batch=1)
    index.add(dest, "<html><body data-pagefind-body>x</body></html>")

    with pytest.raises(SearchIndexError) as error:
        index.publish([])
    index.close()

    assert str(error.value) == f"search index not written: {dest!r} is not a page in the site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_page_below_another_page_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    index = LiveIndex(site)
    try:
        # The first page goes to Pagefind at once; the next two wait for its answer (0.1 s
        # at least), in one folder, where the second cannot be written below the first.
        index.add("x/index.html", "<html><body data-pagefind-body>x</body></html>")
        index.add("a/index.html", "<html><body data-pagefind-body>a</body></html>")
        index.add("a/index.html/b.html", "<html><body data-pagefind-body>b</body></html>")
        with pytest.raises(SearchIndexError) as error:
            index.publish([])
    finally:
        index.close()

    assert str(error.value) == ("search index not written: 'a/index.html/b.html' could not "
                                "be staged (File exists)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _nice_values(pid: int | str) -> list[int]:
    """The nice value of each thread of the process ``pid``."""
    return sorted(int(stat.read_text().rsplit(")", 1)[1].split()[16])
                  for stat in Path(f"/proc/{pid}/task").glob("*/stat"))


@pytest.mark.parametrize("background", [False, True])
def test_pagefind_runs_at_a_lower_priority(tmp_path: Path, background: bool) -> None:
    """MkDocs comes first: under ``mkdocs serve`` (``background``) the preview of an edit;
    in a build, the rendering of the pages, while Pagefind writes the index. The index's
    own threads keep the build's priority: ending it never waits behind a busy machine
    (a serve's Ctrl-C took more than 30 s in the suite when they ran at nice 19)."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("<html><body data-pagefind-body>a</body></html>",
                                           encoding="utf-8")
    index = LiveIndex(site, background=background)
    try:
        index.publish([("a/", site / "a" / "index.html")])
        [pagefind] = pagefind_processes()
        theirs, ours = _nice_values(pagefind), _nice_values("self")
    finally:
        index.close()

    build = os.getpriority(os.PRIO_PROCESS, 0)  # 0, unless the tests run under nice
    assert PRIORITY == 10  # lower than MkDocs', not starved by a busy machine (see process)
    assert set(theirs) == {min(build + PRIORITY, 19)}
    assert len(ours) >= 2  # the index's event loop, at least
    assert set(ours) == {build}


def test_a_pagefind_that_never_answers_fails_the_build_within_the_stall_bound(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Pagefind that starts and does nothing (no answer, no CPU time) is given up after
    ``process.STALL`` seconds, not the ``TIMEOUT`` of 600: a located error, no hang."""
    from opsdesk.search import process

    monkeypatch.setattr(process, "STALL", 2.0)
    monkeypatch.setattr(process, "CHECK", 0.5)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", fake_pagefind(tmp_path, "exec sleep 600"))

    start = time.monotonic()
    built = build_site(tmp_path / "site", strict=True, search=True)
    took = time.monotonic() - start

    assert not built.ok
    errors = [m for m in built.messages(logging.ERROR) if "search index" in m]
    assert len(errors) == 1
    assert re.fullmatch(r"pagefind: search index not written: Pagefind did not answer for "
                        r"[2-4] seconds \(its process did no work\)", errors[0]), errors
    assert took < 60
    assert not (built.site / "pagefind").exists()
    assert staging_folders(tmp_path / "site") == []
    assert pagefind_processes() == []


def test_a_stopped_pagefind_is_told_within_the_stall_bound(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real Pagefind stopped (``SIGSTOP``) between two publishes: the second fails
    within ``process.STALL`` seconds, and the stopped process is killed. (A page added
    meanwhile would find it stopped too, and the publish would start a new Pagefind.)"""
    from opsdesk.search import process

    monkeypatch.setattr(process, "STALL", 2.0)
    monkeypatch.setattr(process, "CHECK", 0.5)
    site = tmp_path / "site"
    page = site / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html><body data-pagefind-body>A</body></html>", encoding="utf-8")
    index = LiveIndex(site)
    try:
        assert index.publish([("a/", page)]).pages == 1
        [pagefind] = pagefind_processes()
        os.kill(pagefind, signal.SIGSTOP)
        start = time.monotonic()
        with pytest.raises(SearchIndexError) as error:
            index.publish([("a/", page)])
        took = time.monotonic() - start
    finally:
        index.close()

    assert re.fullmatch(r"search index not written: Pagefind did not answer for [2-4] "
                        r"seconds \(its process stopped\)", str(error.value)), error.value
    assert took < 30
    assert pagefind_processes() == []
    assert staging_folders(tmp_path) == []


def test_pagefinds_answers_are_read_as_they_come() -> None:
    """Pagefind's own client (1.5.2) sleeps 0.1 s before reading each answer: the forty
    answers below took at least 4 s, and a build waited for its last two. Ours reads each
    as it comes; an error answer still fails its request with Pagefind's message."""
    from opsdesk.search import process

    async def asked() -> tuple[float, str, str]:
        pagefind = await process.Pagefind.open("en", 60, [])
        try:
            start = time.monotonic()
            for _ in range(20):
                await pagefind.renew(0, 60)  # two requests: delete the index, create one
            seconds = time.monotonic() - start
            with pytest.raises(Exception, match="source_path or url") as refused:
                await pagefind.answer(pagefind.index.add_html_file(content="<p>x</p>"), 60)
            return seconds, type(pagefind.service).__name__, str(refused.value)
        finally:  # after an error answer, its client's close would raise it: killed
            await process.end(pagefind.service)

    # in a thread of its own: Playwright's sync API, alive for the browser tests of the
    # same worker, keeps an event loop running in the main thread
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        seconds, client, _refused = thread.submit(asyncio.run, asked()).result()
    assert client == "PromptService"
    assert seconds < 2.0
    assert pagefind_processes() == []


@pytest.mark.parametrize(("script", "said"), [
    ("exec sleep 30", "Pagefind stopped reading (Connection lost)"),  # killed
    ("sleep 0.2\nexit 3", "Pagefind stopped (exit status 3)"),  # ends on its own, in time
])
def test_a_request_whose_pipe_closed_ends_pagefind_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        script: str, said: str) -> None:
    """A request whose pipe closed (its client's ``drain`` raises ``ConnectionError``:
    Pagefind has ended, or reads no more) ends Pagefind at once. Stopped by its client's
    ``close`` instead, it waited 5 s for answers that never come: what a Pagefind that
    dies met when asyncio did not have its exit status yet (the test above, now and then)."""
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", fake_pagefind(tmp_path, script))
    caplog.set_level(logging.DEBUG, logger="pagefind.service")

    async def pipe_closed() -> None:
        raise ConnectionResetError("Connection lost")

    async def ask() -> tuple[float, str]:
        service = await Pagefind.launch([])
        started = time.monotonic()
        with pytest.raises(SearchIndexError) as error:
            await process.answer(service, pipe_closed(), timeout=30)
        await process.stop(service)
        return time.monotonic() - started, str(error.value)

    # in a thread of its own: the browser tests' Playwright runs a loop in this one
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        took, message = thread.submit(asyncio.run, ask()).result()

    assert message == f"search index not written: {said}"
    assert took < process.ENDING + 2  # killed once it did not end on its own
    assert "waiting for all responses to be resolved" not in caplog.messages
    assert pagefind_processes() == []
