"""The site's search index: Pagefind, used as a library, over an explicit list of pages.

Pagefind (the ``pagefind`` Python API driving the ``pagefind-bin`` wheel's binary, in its
own process) writes a static, chunked index into ``<site>/pagefind/``; the reader's
browser loads it, piece by piece, only when search is opened (``assets/opsdesk/search.js``).

What is indexed is decided here and in the templates, never by a glob over the site:

- only the pages given (the published documentation pages): drafts, redirect pages
  (mkdocs-redirects) and the 404 page are never in the list, so never in the index;
- of each page, only what the templates mark ``data-pagefind-body`` (the header, the quick
  take, the body with its checklists and FAQ), minus ``data-pagefind-ignore`` parts; the
  lane, tags, date and title come from ``data-pagefind-filter/-sort/-meta`` attributes.

Pagefind's service takes one HTML file per request, and its Python client reads one answer
per 0.1 s: thousands of pages one at a time would take minutes. So pages go to Pagefind by
folders, one ``add_directory`` request each, which Pagefind reads and parses on every core.

One ``LiveIndex`` per ``mkdocs build``, or per ``mkdocs serve`` session, keeps one Pagefind
process (under serve started from a thread of lower priority, so that the preview of an
edit comes first) and one index in it:

- ``add``: each page as MkDocs writes it. Every ``BATCH`` pages go to Pagefind in a folder
  of their own, so Pagefind indexes on a spare core while MkDocs renders the next pages,
  and little is left when the last one is written. ``expect`` says which pages the build
  will list: the index is written as soon as the last of them is added.
- ``publish``: make the index hold exactly the pages listed, write it in the staging
  folder and swap it in, so a reader never loads half an index. Pages never added (a ``--dirty``
  build's unwritten ones) are taken from their built files. Pagefind keeps one page per
  URL, so a page added again replaces its earlier version: after an edit under serve only
  the pages MkDocs wrote again are sent, and only the writing grows with the site. It
  cannot take a page out, so when a page added earlier is no longer listed (deleted, or
  turned draft) the index starts again from the built files.
- ``mkdocs build`` waits for ``publish``; ``mkdocs serve`` calls ``publish_later``, which
  publishes in the background (the latest request only), so the preview never waits.

Two builds of the same pages write the same index, byte for byte. Pagefind numbers the
pages in the order they reach it: here, MkDocs' order (its sorted files), in folders of
``BATCH`` pages whatever the timing, each written in that order (Pagefind reads a folder in
the order of its directory listing, which is that of creation on the file systems of a
temporary folder: tmpfs, and ext4's small folders; a large ext4 folder lists in an order
fixed per file system). The parts Pagefind orders at random (filters, sorts) are put in
order by ``search_order.canonical`` before the swap.

The staging folder is in the system's temporary folder (``TMPDIR``); only the new index,
while it is copied next to the old one, and the old one, while it is removed, are in the
site, as dot-folders. All are removed by ``close``, at the interpreter's exit if
``close`` was not called (a ``KeyboardInterrupt``, which MkDocs' ``build`` passes on
without ``on_build_error``), and on ``SIGTERM``, whose handler (installed while an index
is open in the main thread, the previous one put back after) removes them and stops
Pagefind before the signal's own action ends the process.

A Pagefind that stops is told at once (its exit status), one that hangs after ``TIMEOUT``
seconds without an answer; either way the next publish starts a new one. Its process is
private to Pagefind's client: ``pagefind_private`` fences that (without it, a Pagefind that
stops is told by the timeout too).

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import gzip
import itertools
import json
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
import weakref
import zlib
from collections.abc import Awaitable, Coroutine, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

from . import pagefind_private
from .problems import one_line
from .search_order import FormatError, canonical

if TYPE_CHECKING:
    from pagefind.index import IndexConfig, PagefindIndex
    from pagefind.service import PagefindService

__all__ = ["BATCH", "OUTPUT", "IndexResult", "LiveIndex", "SearchIndexError", "SiteSearch",
           "build_search_index"]

log = logging.getLogger("mkdocs.plugins.opsdesk.search")

_T = TypeVar("_T")

#: The folder of the index inside the site, as the browser asks for it.
OUTPUT = "pagefind"

#: Pages per folder sent to Pagefind while ``mkdocs build`` writes them (the last folder
#: has the rest): always so many, whatever the timing, so that Pagefind numbers the pages
#: alike in every build; enough that Pagefind's answers (its Python client reads one per
#: 0.1 s) never hold it up when MkDocs writes pages faster, few enough that little is left
#: to index once the last page is written.
BATCH = 50

#: Pages in the index already that one request may send again (one answer each, 0.1 s
#: apart): past this, a new index is quicker.
REPLACE = 20

#: How long Pagefind may go without answering, once the build waits for it, before the index
#: is given up as failed: a Pagefind that hangs must not hang the build. (One that stops is
#: told at once.) Its longest answer is the writing of the index: ~5 s at 3,000 pages.
TIMEOUT = 600.0

#: Parts of Material's markup that are not content: the heading permalinks ("¶").
EXCLUDE_SELECTORS = [".headerlink"]


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site (its message says why)."""


@dataclass(frozen=True)
class IndexResult:
    pages: int
    """Pages in the index (Pagefind's count)."""
    seconds: float
    """Wall time of staging, indexing and writing."""


def _write_pages(folder: Path, pages: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """Write each page (``(dest, HTML)``, ``dest`` relative to the site) into ``folder``
    at its place, and yield ``(place, HTML)``: a ``dest`` that leaves the folder is
    refused (``SearchIndexError``), before anything is written outside it."""
    folder = folder.resolve()
    for dest, html in pages:
        place = _inside(folder, dest)
        target = folder / place
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
        except OSError as error:  # a page at another's folder; a full disk
            raise SearchIndexError(f"search index not written: {dest!r} could not be staged "
                                   f"({error.strerror or _said(error)})") from error
        yield place, html


def _stage(site_dir: Path, places: Iterable[str], staging: Path) -> None:
    """Link each built page (its place in ``site_dir``, checked by ``LiveIndex._place``)
    into ``staging`` at the same place."""
    for place in places:
        target = staging / place
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / place, target)
        except OSError:  # another file system, or no hard links: a copy reads the same
            shutil.copyfile(site_dir / place, target)


async def _open(language: str | None, timeout: float, started: list[asyncio.Task[PagefindService]]
                ) -> tuple[PagefindService, PagefindIndex]:
    """A running Pagefind and a new, empty index. Its start is added to ``started``, and
    runs to its end even if this is cancelled (a start cut short leaves its pipes open)."""
    # Imported here: the binary's package is only needed when an index is built.
    from pagefind.service import PagefindService

    config: IndexConfig = {"exclude_selectors": EXCLUDE_SELECTORS}
    if language:
        config["force_language"] = language
    launch = asyncio.ensure_future(PagefindService().launch())
    started.append(launch)
    service = await asyncio.shield(launch)
    try:
        return service, await _answer(service, service.create_index(config), timeout)
    except Exception as error:
        await _stop(service)
        status = pagefind_private.exit_status(service)
        if not isinstance(error, SearchIndexError) and status is not None:
            raise SearchIndexError(f"search index not written: Pagefind stopped (exit status "
                                   f"{status})") from error
        raise


async def _stop(service: PagefindService) -> None:
    """Stop Pagefind, once: its client's ``close`` waits (5 s at most) for the answers
    still due, then ends the process; one that stopped already is no error."""
    if service in _STOPPED:
        return
    _STOPPED.add(service)
    with contextlib.suppress(ProcessLookupError):  # what its client raises then
        await service.close()


#: The Pagefind services stopped (a second ``close`` would wait on cancelled answers).
_STOPPED: weakref.WeakSet[PagefindService] = weakref.WeakSet()


async def _settled(output: Path, *, timeout: float = 30.0, interval: float = 0.05) -> None:
    """Wait until the files in ``output`` are whole: no file changed size since the last
    look, ``interval`` seconds before, and every compressed one reads to its end (each
    file of a given size is read once)."""
    deadline = time.monotonic() + timeout
    sizes: dict[Path, int] = {}
    whole: set[tuple[Path, int]] = set()
    while True:
        now = {path: path.stat().st_size for path in output.rglob("*") if path.is_file()}
        if now and now == sizes:
            whole.update(item for item in now.items() if item not in whole and _whole(item[0]))
            if whole.issuperset(now.items()):
                break
        if time.monotonic() > deadline:
            raise SearchIndexError(f"Pagefind did not finish writing {output}")
        sizes = now
        await asyncio.sleep(interval)
    if not (output / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind wrote no index to {output}")


def _whole(path: Path) -> bool:
    """A gzip file (Pagefind's chunks) reads to its end and checksum; others: yes."""
    if path.suffix not in (".pagefind", ".pf_meta", ".pf_index", ".pf_filter", ".pf_fragment"):
        return True
    try:
        gzip.decompress(path.read_bytes())
    except (OSError, EOFError, zlib.error):
        return False
    return True


def _swap(new: Path, current: Path, debris: set[Path]) -> None:
    """Put ``new`` in the place of ``current``, the old one out of the way first: two
    renames in ``current``'s folder (``new`` copied there first if it is on another file
    system), so that a reader finds the old index, then none, then the new one, never
    half of one. The dot-folders this makes in that folder are in ``debris`` meanwhile."""
    tag = f"{os.getpid()}-{threading.get_ident()}"
    current.parent.mkdir(parents=True, exist_ok=True)
    old = current.with_name(f".{current.name}-old-{tag}")
    if new.stat().st_dev != current.parent.stat().st_dev:
        near = current.with_name(f".{current.name}-new-{tag}")
        debris.add(near)
        shutil.rmtree(near, ignore_errors=True)
        shutil.copytree(new, near)
        shutil.rmtree(new, ignore_errors=True)
        new = near
    debris.add(old)
    try:
        if current.exists():
            current.rename(old)
        new.rename(current)
    finally:
        shutil.rmtree(old, ignore_errors=True)
        debris.discard(old)
        if new.exists():
            shutil.rmtree(new, ignore_errors=True)
        debris.discard(new)


def _lower_priority() -> None:
    """Lower the priority of the calling thread, and so of the Pagefind process it starts
    (a child takes its parent thread's priority on Linux): under ``mkdocs serve`` the
    preview of the next edit comes before the index. (Not for ``mkdocs build``: there the
    index is part of the build, and Pagefind at a lower priority wrote it a second later
    at 1,000 pages, a third of it after the last page.) The index is the same."""
    with contextlib.suppress(AttributeError, OSError):  # else the index merely competes
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


def _said(error: BaseException) -> str:
    """An error's message, or its kind when it has none (Pagefind's client raises some)."""
    return str(error) or type(error).__name__


def _inside(base: Path, dest: str) -> str:
    """``dest`` as a plain path relative to ``base`` (a resolved folder), refused unless it
    stays inside."""
    try:
        target = (base / dest).resolve()
    except (ValueError, OSError):  # a NUL in it, a loop of links
        target = base
    if not target.is_relative_to(base) or target == base:
        raise SearchIndexError(f"search index not written: {dest!r} is not a page in the site")
    return target.relative_to(base).as_posix()


def build_search_index(site_dir: Path, pages: Iterable[tuple[str, Path | str]], *,
                       language: str | None = None) -> IndexResult:
    """Index ``pages`` (``(url, built HTML file)``, the file inside ``site_dir``) into
    ``site_dir/pagefind/``, replacing any index there. Blocks until written; raises
    ``SearchIndexError`` when Pagefind fails."""
    index = LiveIndex(site_dir, language=language)
    try:
        return index.publish(pages)
    finally:
        index.close()


class SiteSearch:
    """The search index through a build, or through a ``mkdocs serve`` session: what the
    MkDocs plugin's hooks call (``start`` before a build, ``page`` for each page written,
    ``built``, ``failed``, ``close`` at the end)."""

    def __init__(self) -> None:
        self.index: LiveIndex | None = None

    def start(self, site_dir: Path | str, *, serving: bool) -> None:
        """A new index for a build; under serve, the session's one."""
        site_dir = Path(site_dir).resolve()
        if self.index and (self.index.site_dir != site_dir or not serving):
            self.close()
        if not self.index:
            self.index = LiveIndex(site_dir, background=serving)

    def expect(self, pages: Iterable[tuple[str, Path | str]], *, serving: bool) -> None:
        """The pages ``built`` will be given: a build publishes once the last is written.
        (Under serve an edit writes only some pages, and the preview never waits.)"""
        if self.index and not serving:
            self.index.expect(pages)

    def page(self, dest: str, html: str) -> None:
        if self.index:
            self.index.add(dest, html)

    def built(self, pages: Iterable[tuple[str, Path | str]], *, serving: bool) -> str | None:
        """Publish ``pages``: under serve in the background; else now, then stop Pagefind.
        Returns the error that left the site without its index, if any."""
        if self.index and serving:
            self.index.publish_later(pages)
        elif self.index:
            index, self.index = self.index, None
            try:
                result = index.publish(pages)
            except SearchIndexError as error:
                return str(error)
            finally:
                index.close()
            log.debug(f"search index: {result.pages} pages in {result.seconds:.2f} s")
        return None

    def failed(self, *, serving: bool) -> None:
        """A build failed: under serve, the next build's pages go to the same index."""
        if not serving:
            self.close()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the background publishing (``mkdocs serve``); ``False`` on timeout."""
        return self.index.wait(timeout) if self.index else True

    def close(self) -> None:
        if self.index:
            self.index.close()
            self.index = None


class LiveIndex:
    """One Pagefind process and index for a build or a ``mkdocs serve`` session (see the
    module's docstring). ``add``, ``publish_later`` return at once; ``publish`` waits
    for the index; ``close`` stops Pagefind and removes the staging folder (a build that
    fails, and the end of a serve session, must call it)."""

    def __init__(self, site_dir: Path, *, language: str | None = None, batch: int = BATCH,
                 timeout: float = TIMEOUT, background: bool = False) -> None:
        """``background``: the index comes after MkDocs' work (``mkdocs serve``): Pagefind
        runs at a lower priority."""
        self.site_dir = Path(site_dir).resolve()
        self.background = background
        self.language = language
        self.batch = batch
        self.timeout = timeout
        self.last: IndexResult | None = None
        self.failures = 0
        self.staging = Path(tempfile.mkdtemp(prefix=".opsdesk-search-"))
        self.debris: set[Path] = {self.staging}
        """What to remove at the end: the staging folder; while a swap is under way, its
        dot-folders in the site."""
        # The calling (MkDocs') thread's:
        self._waiting: list[tuple[str, str]] = []
        self._sent: list[Future[None]] = []
        self._problem: SearchIndexError | None = None
        self._background: list[Future[None]] = []
        self._requests = 0
        self._missing: set[str] = set()
        """The pages ``expect``-ed that were not added yet (by place in the site)."""
        self._expected: set[str] = set()
        self._early: Future[IndexResult] | None = None
        """The publishing of the pages ``expect``-ed, begun once the last was added."""
        self._folders = itertools.count()
        self._folders_sent: list[tuple[Path, Future[None]]] = []
        self._closed = False
        # The event loop's thread's (Pagefind's client is asynchronous):
        self._pagefind: tuple[PagefindService, PagefindIndex] | None = None
        self._indexed: set[str] = set()
        """The pages in Pagefind's index, by their place in the site (``a/index.html``)."""
        self._started: list[asyncio.Task[PagefindService]] = []
        self._lock = asyncio.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run_loop, name="opsdesk-search",
                                        daemon=True)
        self._thread.start()
        _opened(self)

    # -- the calling thread --------------------------------------------------------------

    def expect(self, pages: Iterable[tuple[str, Path | str]]) -> None:
        """Say which pages ``publish`` will be given (as it takes them) before they are
        added: once the last of them is added, the index is published at once, in the
        background, while MkDocs writes the pages it does not index (the listings, the
        redirects). ``publish``, given the same pages and none added since, waits for it."""
        try:
            listed = {self._place(html) for _url, html in pages}
        except SearchIndexError:  # ``publish`` tells it
            return
        self._missing, self._early = set(listed), None
        self._expected = listed

    def add(self, dest: str, html: str) -> None:
        """Index the page written to ``dest`` (relative to the site) with ``html``."""
        self._waiting.append((dest, html))
        if self._missing:
            self._missing.discard(dest)
            if not self._missing:
                self._publish_early()
                return
        if len(self._waiting) >= self.batch:
            self._send()

    def _publish_early(self) -> None:
        """Begin publishing the pages ``expect``-ed, all added."""
        self._send()
        if not self._problem:
            log.debug(f"search index: all {len(self._expected)} pages added, publishing")
            adds, self._sent = self._sent, []
            self._early = self._call(self._publish(self._expected, adds))

    def publish(self, pages: Iterable[tuple[str, Path | str]]) -> IndexResult:
        """Make the index hold exactly ``pages`` (``(url, built HTML file)``), write it
        into the site and wait for it. Raises ``SearchIndexError``."""
        try:
            listed, adds = self._request(pages)
            early, self._early = self._early, None
            if early and listed == self._expected and not adds:
                self.last = early.result()
            else:
                self.last = self._call(self._publish(listed, adds)).result()
        except Exception as error:
            self.failures += 1
            if isinstance(error, SearchIndexError):
                raise
            raise SearchIndexError(f"search index not written: {_said(error)}") from error
        return self.last

    def publish_later(self, pages: Iterable[tuple[str, Path | str]]) -> None:
        """``publish`` in the background; a request made while one runs replaces any
        other waiting, so the index ends up holding the last one. Logs the outcome."""
        try:
            listed, adds = self._request(pages)
        except SearchIndexError as error:
            self.failures += 1
            log.warning(one_line(str(error)))
            return
        self._requests += 1
        self._background = [f for f in self._background if not f.done()]
        self._background.append(self._call(self._publish_later(self._requests, listed, adds)))

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the background publishing to end; ``False`` on timeout."""
        _done, running = concurrent.futures.wait(self._background, timeout=timeout)
        return not running

    def close(self) -> None:
        """Stop Pagefind and this index's thread, and remove the staging folder."""
        if self._closed:
            return
        self._closed = True
        try:
            with contextlib.suppress(Exception):  # Pagefind did not start, or stopped: done
                self._call(self._shut_down()).result(timeout=30)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            if not self._thread.is_alive():
                self._loop.close()
        finally:
            _remove(self.debris)
            _closed(self)

    def abandon(self) -> None:
        """Stop at once, from any thread, waiting for nothing (the process is ending):
        kill each Pagefind started, remove the staging folder and the swap's."""
        self._closed = True
        for launch in list(self._started):
            if launch.done() and not launch.cancelled() and not launch.exception():
                pagefind_private.kill(launch.result())
        _remove(self.debris)

    def _request(self, pages: Iterable[tuple[str, Path | str]]
                 ) -> tuple[set[str], list[Future[None]]]:
        """The places of the pages listed, and the adds that must reach Pagefind first."""
        self._send()
        if self._problem:
            problem, self._problem = self._problem, None
            raise problem
        listed = {self._place(html) for _url, html in pages}
        adds, self._sent = self._sent, []
        return listed, adds

    def _send(self) -> None:
        """Send the waiting pages to Pagefind: written into a folder of their own here,
        indexed from the event loop's thread (which does little file work of its own: on
        every file call it waits for the interpreter lock of MkDocs' busy thread)."""
        self._tidy()
        if not self._waiting:
            return
        folder = self.staging / f"add-{next(self._folders)}"
        try:
            pages = dict(_write_pages(folder, self._waiting))
        except SearchIndexError as error:  # told by the next publish
            shutil.rmtree(folder, ignore_errors=True)
            self._problem = self._problem or error
            return
        finally:
            log.debug(f"search index: sent {len(self._waiting)} pages to Pagefind")
            self._waiting = []
        self._sent.append(add := self._call(self._add(folder, pages)))
        self._folders_sent.append((folder, add))

    def _tidy(self) -> None:
        """Remove the folders of the pages that Pagefind has read."""
        for folder, add in self._folders_sent:
            if add.done():
                shutil.rmtree(folder, ignore_errors=True)
        self._folders_sent = [(folder, add) for folder, add in self._folders_sent
                              if not add.done()]

    def _place(self, html: Path | str) -> str:
        try:
            source = Path(html).resolve()
        except (ValueError, OSError):  # a NUL in it, a loop of links
            source = Path("/")
        if not source.is_relative_to(self.site_dir):
            raise SearchIndexError(f"search index not written: {html} is not in {self.site_dir}")
        return source.relative_to(self.site_dir).as_posix()

    def _call(self, coroutine: Coroutine[Any, Any, _T]) -> Future[_T]:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def _run_loop(self) -> None:
        if self.background:
            _lower_priority()
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    # -- the event loop's thread ---------------------------------------------------------

    async def _add(self, folder: Path, pages: dict[str, str]) -> None:
        """Index ``pages`` (``{place: HTML}``, each also in ``folder`` at its place): new
        ones from the folder, in one request; those in the index already one by one
        (Pagefind's client reads one answer per 0.1 s), each replacing its earlier
        version, or, past ``REPLACE``, in a new index."""
        async with self._lock:
            try:
                index = await self._index()
                known = [place for place in pages if place in self._indexed]
                if len(known) > REPLACE:
                    await self._restart()
                    index, known = await self._index(), []
                for place in known:  # not again from the folder: a second copy
                    (folder / place).unlink()
                if len(known) < len(pages):
                    await self._answer(index.add_directory(str(folder)))
                    self._indexed.update(pages)
                await self._answer(asyncio.gather(*(
                    index.add_html_file(content=pages[place], source_path=place)
                    for place in known)))
            except BaseException:
                with contextlib.suppress(Exception):  # the next publish adds every page
                    await self._restart()
                raise

    async def _publish(self, listed: set[str],
                       adds: list[Future[None]]) -> IndexResult:
        start = time.monotonic()
        for add in adds:  # a folder that failed is sent again below, from the built files
            with contextlib.suppress(Exception):
                await asyncio.wrap_future(add)
        async with self._lock:
            try:
                if not self._indexed <= listed:  # Pagefind cannot take a page out
                    await self._restart()
                index = await self._index()
                if rest := sorted(listed - self._indexed):
                    folder = self.staging / f"add-{next(self._folders)}"
                    try:
                        _stage(self.site_dir, rest, folder)
                        await self._answer(index.add_directory(str(folder)))
                    finally:
                        shutil.rmtree(folder, ignore_errors=True)
                    self._indexed.update(rest)
                written = self.staging / f"{OUTPUT}-{next(self._folders)}"
                if listed:
                    await self._answer(index.write_files(output_path=str(written)))
                    await _settled(written)
                    try:
                        canonical(written)
                    except (FormatError, OSError, ValueError, LookupError, TypeError) as error:
                        raise SearchIndexError(f"search index not written: Pagefind's files "
                                               f"could not be put in order ({error})") from error
                else:
                    written.mkdir()
                _swap(written, self.site_dir / OUTPUT, self.debris)
            except BaseException:
                with contextlib.suppress(Exception):
                    await self._restart()  # the next publish starts from a new Pagefind
                raise
        return IndexResult(pages=_page_count(self.site_dir / OUTPUT),
                           seconds=time.monotonic() - start)

    async def _publish_later(self, request: int, listed: set[str],
                             adds: list[Future[None]]) -> None:
        for add in adds:
            with contextlib.suppress(Exception):
                await asyncio.wrap_future(add)
        if request != self._requests:
            return  # a newer request is on its way: it publishes
        try:
            self.last = await self._publish(listed, [])
        except Exception as error:  # keep serving; the next build tries again
            self.failures += 1
            log.warning(one_line(str(error)) if isinstance(error, SearchIndexError)
                        else f"search index not updated: {one_line(_said(error))}")
            return
        log.info(f"Search index updated: {self.last.pages} pages in "
                 f"{self.last.seconds:.2f} seconds")

    async def _index(self) -> PagefindIndex:
        """The index, Pagefind started first if it does not run (under the lock)."""
        if self._pagefind is None:
            self._indexed = set()
            self._pagefind = await _open(self.language, self.timeout, self._started)
        return self._pagefind[1]

    async def _restart(self) -> None:
        """Stop Pagefind: the next ``_index`` starts a new one, with an empty index."""
        pagefind, self._pagefind, self._indexed = self._pagefind, None, set()
        if pagefind:
            await _stop(pagefind[0])

    async def _shut_down(self) -> None:
        """End all in this loop: each Pagefind started (at once if a request is under way:
        its client would wait for the answer), then every task left."""
        current = self._pagefind[0] if self._pagefind else None
        busy = self._lock.locked() or not self._idle()
        if self._started:
            await asyncio.wait(self._started, timeout=10)
        started = [launch.result() for launch in self._started
                   if launch.done() and not launch.cancelled() and not launch.exception()]
        for service in started:
            if (busy or service is not current) and pagefind_private.kill(service):
                _STOPPED.add(service)  # not its client's close: it waits for answers
            await _stop(service)
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for service in started:  # read to the end and closed: no pipe left open
            if process := pagefind_private.process(service):
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(process.communicate(), timeout=10)

    def _idle(self) -> bool:
        return all(future.done() for future in (*self._sent, *self._background))

    async def _answer(self, request: Awaitable[_T]) -> _T:
        assert self._pagefind is not None
        return await _answer(self._pagefind[0], request, self.timeout)


async def _answer(service: PagefindService, request: Awaitable[_T], timeout: float) -> _T:
    """What Pagefind answers to ``request``; an error as soon as its process has stopped,
    or when it has not answered for ``timeout`` seconds (its client would wait forever)."""
    task = asyncio.ensure_future(request)
    asked = time.monotonic()
    while True:
        done, _running = await asyncio.wait({task}, timeout=0.2)
        if done:
            return task.result()
        status = pagefind_private.exit_status(service)
        if status is not None or time.monotonic() - asked > timeout:
            await _stop(service)  # this Pagefind is done for; then the request can go
            task.cancel()
            raise SearchIndexError("search index not written: " + (
                f"Pagefind stopped (exit status {status})" if status is not None
                else f"Pagefind did not answer for {timeout:.0f} seconds"))


def _remove(paths: set[Path]) -> None:
    """Remove each folder (again if something was written into it meanwhile)."""
    for path in list(paths):
        for _attempt in range(3):
            shutil.rmtree(path, ignore_errors=True)
            if not os.path.lexists(path):
                break
        paths.discard(path)


# -- the end of the process: the indexes still open are closed ----------------------------

#: The indexes open (not yet closed).
_OPEN: set[LiveIndex] = set()
_OPEN_LOCK = threading.Lock()
#: The ``SIGTERM`` handler that ours replaced, while ours is installed.
_previous_handler: Any = None
_at_exit = False


def _opened(index: LiveIndex) -> None:
    global _at_exit
    with _OPEN_LOCK:
        _OPEN.add(index)
        if not _at_exit:
            atexit.register(_close_all)
            _at_exit = True
    _install_handler()


def _closed(index: LiveIndex) -> None:
    with _OPEN_LOCK:
        _OPEN.discard(index)
        last = not _OPEN
    if last:
        _restore_handler()


def _close_all() -> None:
    """At the interpreter's exit: close what was left open (a ``KeyboardInterrupt``)."""
    with _OPEN_LOCK:
        left = list(_OPEN)
    for index in left:
        with contextlib.suppress(Exception):
            index.close()


def _install_handler() -> None:
    """Our ``SIGTERM`` handler, in the main thread only, unless one is there already or
    the signal is ignored."""
    global _previous_handler
    if threading.current_thread() is not threading.main_thread():
        return
    current = signal.getsignal(signal.SIGTERM)
    if current is _on_sigterm or current == signal.SIG_IGN:
        return
    _previous_handler = current
    signal.signal(signal.SIGTERM, _on_sigterm)


def _restore_handler() -> None:
    """The ``SIGTERM`` handler ours replaced, back (if ours is still the one)."""
    global _previous_handler
    if threading.current_thread() is not threading.main_thread():
        return  # left to the next close in the main thread; ours only passes it on
    if signal.getsignal(signal.SIGTERM) is _on_sigterm:
        signal.signal(signal.SIGTERM, _previous_handler
                      if _previous_handler is not None else signal.SIG_DFL)
    _previous_handler = None


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    """``SIGTERM`` while an index is open: a handler of the program's own is called (if
    it ends the process, ``atexit`` closes the indexes); the default action, which ends
    the process without ``atexit``, comes after the indexes are abandoned."""
    previous = _previous_handler
    if callable(previous):
        previous(signum, frame)
        return
    with _OPEN_LOCK:
        left = list(_OPEN)
    for index in left:
        with contextlib.suppress(Exception):
            index.abandon()
    _restore_handler()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


def _page_count(index: Path) -> int:
    """The pages in a written index, as its entry file counts them."""
    try:
        entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(int(language["page_count"]) for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError):
        return 0
