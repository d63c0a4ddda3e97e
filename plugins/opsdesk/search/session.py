"""The index session: one Pagefind and the site's index in it, on an event loop in a thread
of its own (Pagefind's client is asynchronous), for a build or a ``mkdocs serve`` session.

All of its state (the Pagefind running, the parts of the index and the pages in each, the
adds under way, the early and the background publishing, the last result and the
failures) is read and written on the loop's thread only. Other threads (MkDocs') only send
messages: the public methods hand the loop immutable payloads (``frozenset``,
``MappingProxyType``, ``Parts``) with ``call_soon_threadsafe`` or
``run_coroutine_threadsafe``, and wait on the futures they return. The loop's thread does
no blocking file work of its own: staging, removing folders, checking, ordering and
swapping the index run in worker threads (``asyncio.to_thread``, ``staging``'s
functions), so the loop always answers, and a Pagefind that stops answering is told
within ``process.STALL`` seconds.

Pages reach Pagefind by folders (``add``), one ``add_directory`` request each: Pagefind
reads and parses them on every core while MkDocs renders the next pages. Pagefind keeps
one page per URL: a page added again replaces its earlier version (one request each, its
client reads one answer per 0.1 s: past ``REPLACE`` pages a new index is quicker). It
cannot take a page out: when a page in the index is no longer listed, the index starts
again from the built files. ``publish`` makes the index hold exactly the pages listed
(those never added are staged from their built files), writes it into a hidden folder
beside its place in the site (``Staging.beside``), puts it in one order and swaps it in.

Under ``mkdocs serve`` the index may be in parts (``divide``, before the first page is
added; ``parts``), each an index of its own in the same Pagefind: a folder of pages is
split by part, a page no longer listed renews its part only, and ``publish`` writes and
swaps in only the parts whose pages changed since they were last written (the other parts
first, part 0 last: it links to them). A page added again as it is in the index already
(rendered again for a block Pagefind is not given, such as another page's card) changes
nothing. A build's index has one part, written whole on every publish.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import threading
import time
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from ..problems import one_line
from . import process
from .errors import SearchIndexError, log, said
from .parts import Parts
from .process import Pagefind
from .staging import Staging, in_order, page_count, remove, split, stage, unlink

if TYPE_CHECKING:
    from pathlib import Path

    from pagefind.service import PagefindService

__all__ = ["REPLACE", "TIMEOUT", "IndexResult", "IndexSession"]

_T = TypeVar("_T")

#: Pages in the index already that one request may send again (one answer each, 0.1 s
#: apart): past this, a new index is quicker.
REPLACE = 20

#: How long Pagefind may go without answering, once the build waits for it, before the index
#: is given up as failed, however busy it is (one that stops, or does no work, is told
#: sooner: ``process.STALL``). Its longest answer is the writing of the index: ~5 s at
#: 3,000 pages.
TIMEOUT = 600.0
#: How long ``close`` waits for the session to stop Pagefind and its work.
CLOSE_WAIT = 60.0


@dataclass(frozen=True)
class IndexResult:
    pages: int
    """Pages in the index (Pagefind's count), all parts together."""
    seconds: float
    """Wall time of staging, indexing and writing."""
    parts: int = 1
    """Parts of the index (``parts``: several only under serve)."""
    written: int = 1
    """Parts written this time (those whose pages changed)."""
    written_pages: int = 0
    """Pages in the parts written."""

    def summary(self) -> str:
        """What was written, as the INFO line under serve tells it."""
        if self.parts == 1:
            return f"{self.pages} pages in {self.seconds:.2f} seconds"
        return (f"{self.written} of {self.parts} parts ({self.written_pages} of {self.pages} "
                f"pages) in {self.seconds:.2f} seconds")


@dataclass
class _Part:
    """One part of the index, as the event loop's thread knows it."""

    indexed: set[str] = field(default_factory=set)
    """Its pages in Pagefind's index, by their place in the site (``a/index.html``)."""
    versions: dict[str, bytes] = field(default_factory=dict)
    """The digest of what Pagefind was given of each page added (not of those staged
    from their built files)."""
    whole: dict[str, int] = field(default_factory=dict)
    """The files of its last index written whole, with their sizes (``in_order``)."""
    changed: bool = True
    """Its index in Pagefind differs from the one last written into the site."""
    pages: int = 0
    """Pages in its index as last written (Pagefind's count)."""


class IndexSession:
    """One Pagefind and its index, owned by an event loop's thread (see the module's
    docstring). The methods before ``# -- the event loop's thread`` are the messages other
    threads send."""

    def __init__(self, site_dir: Path, staging: Staging, *, language: str | None,
                 timeout: float, background: bool) -> None:
        self.site_dir, self.staging = site_dir, staging
        self.language, self.timeout, self.background = language, timeout, background
        # The event loop's thread's, from here on:
        self._pagefind: Pagefind | None = None
        self._parts = Parts()
        self._state = [_Part()]
        """Each part's pages and files, by its number."""
        self._adds: list[asyncio.Task[None]] = []
        """The adds sent since the last publish (which waits for them first)."""
        self._spent: list[Path] = []
        """In a build, the folders Pagefind has read: removed while the build waits for
        the index (``_publish_now``), not as each is read, when their many small removals,
        each needing the interpreter back, took it from MkDocs' thread every few
        milliseconds (0.24 s of a 1,000-page build in a temporary folder in memory)."""
        self._early: tuple[frozenset[str], asyncio.Task[IndexResult]] | None = None
        """The publishing of the pages ``expect``-ed, begun once the last was added."""
        self._background: list[asyncio.Task[None]] = []
        self._requests = 0
        self._last: IndexResult | None = None
        self._failures = 0
        self._started: list[asyncio.Task[PagefindService]] = []
        self._lock = asyncio.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run_loop, name="opsdesk-search",
                                        daemon=True)
        self._thread.start()

    # -- messages, from any thread ---------------------------------------------------------

    def divide(self, parts: Parts) -> None:
        """Make the index in ``parts`` (under serve, before the first page is added)."""
        self._loop.call_soon_threadsafe(self._on_divide, parts)

    def add(self, folder: Path, pages: Mapping[str, str]) -> None:
        """Index ``pages`` (``{place: HTML}``, each also written in ``folder`` at its
        place; the folder is the session's from now on, removed once read)."""
        self._loop.call_soon_threadsafe(self._on_add, folder, MappingProxyType(dict(pages)))

    def publish_early(self, listed: frozenset[str]) -> None:
        """Begin publishing ``listed``, all added: ``publish`` of the same pages with no
        add between waits for it."""
        self._loop.call_soon_threadsafe(self._on_publish_early, listed)

    def publish(self, listed: frozenset[str]) -> concurrent.futures.Future[IndexResult]:
        """Make the index hold exactly ``listed`` and write it into the site."""
        return self._call(self._publish_now(listed))

    def publish_later(self, listed: frozenset[str]) -> None:
        """``publish`` in the background; a request made while one runs replaces any
        other waiting. Logs the outcome."""
        self._loop.call_soon_threadsafe(self._on_publish_later, listed)

    def failed(self) -> None:
        """Count a failure found before the session was asked (a page refused)."""
        self._loop.call_soon_threadsafe(self._count_failure)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the background publishing to end; ``False`` on timeout."""
        idle = self._call(self._until_idle())
        try:
            idle.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            idle.cancel()
            return False
        return True

    @property
    def failures(self) -> int:
        """Publishing that failed so far."""
        return self._ask(lambda: self._failures)

    @property
    def last(self) -> IndexResult | None:
        """The last index written."""
        return self._ask(lambda: self._last)

    def close(self) -> None:
        """Stop Pagefind, the work under way and the loop's thread (waits
        ``CLOSE_WAIT`` seconds at most, then kills Pagefind)."""
        try:
            self._call(self._shut_down()).result(timeout=CLOSE_WAIT)
        except concurrent.futures.TimeoutError:
            log.warning(f"search index: Pagefind not stopped within {CLOSE_WAIT:.0f} seconds: "
                        "killed")
            self.abandon()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        if self._thread.is_alive():
            log.warning("search index: its thread did not end within 10 seconds")
        else:
            self._loop.close()

    def abandon(self, timeout: float = 5.0) -> None:
        """Kill each Pagefind started at once (the process is ending): waits ``timeout``
        seconds at most for the loop to do it."""
        if self._loop.is_closed():
            return
        killed = self._call(self._kill_all())
        try:
            killed.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            log.warning(f"search index: Pagefind not killed within {timeout:.0f} seconds")

    def _call(self, coroutine: Coroutine[Any, Any, _T]) -> concurrent.futures.Future[_T]:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def _ask(self, read: Callable[[], _T]) -> _T:
        async def on_loop() -> _T:
            return read()
        return self._call(on_loop()).result(timeout=30)

    def _run_loop(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    # -- the event loop's thread -----------------------------------------------------------

    def _on_divide(self, parts: Parts) -> None:
        self._adds.append(self._loop.create_task(self._divide(parts)))

    def _on_add(self, folder: Path, pages: Mapping[str, str]) -> None:
        self._adds.append(self._loop.create_task(self._add(folder, pages)))

    def _on_publish_early(self, listed: frozenset[str]) -> None:
        adds, self._adds = self._adds, []
        task = self._loop.create_task(self._publish(listed, adds))
        task.add_done_callback(_retrieved)
        self._early = (listed, task)

    def _on_publish_later(self, listed: frozenset[str]) -> None:
        self._requests += 1
        adds, self._adds = self._adds, []
        self._background = [task for task in self._background if not task.done()]
        self._background.append(self._loop.create_task(
            self._publish_later(self._requests, listed, adds)))

    def _count_failure(self) -> None:
        self._failures += 1

    async def _until_idle(self) -> None:
        while running := [task for task in self._background if not task.done()]:
            await asyncio.wait(running)

    async def _divide(self, parts: Parts) -> None:
        async with self._lock:
            if parts != self._parts:
                await self._restart()  # none runs yet: a Pagefind starts with one index per part
                self._parts, self._state = parts, [_Part() for _ in range(parts.count)]

    async def _add(self, folder: Path, pages: Mapping[str, str]) -> None:
        """Index ``pages``, each in its part: new ones from the folder, in one request; those
        in the index already one by one, each replacing its earlier version, or, past
        ``REPLACE`` in a part, in a new index of that part. A failure stops Pagefind: the
        next publish adds every page again."""
        folders = [folder]
        try:
            async with self._lock:
                try:
                    if self._parts.count == 1:
                        await self._add_to(0, folder, pages)
                        return
                    groups = [(number, group) for number, group in
                              enumerate(self._parts.split(pages)) if group]
                    folders = await asyncio.to_thread(
                        split, folder, [group for _number, group in groups],
                        lambda: self.staging.new("add"))
                    for (number, group), part_folder in zip(groups, folders, strict=True):
                        await self._add_to(number, part_folder,
                                           {place: pages[place] for place in group})
                except BaseException:
                    await self._restart()
                    raise
        finally:
            if self.background:
                for each in folders:
                    await asyncio.to_thread(remove, each)
            else:
                self._spent += folders

    async def _add_to(self, number: int, folder: Path, pages: Mapping[str, str]) -> None:
        """``_add`` of one part's pages (under the lock); one as it is in the index already
        is left out."""
        part = self._state[number]
        # under serve, an edit renders pages again that read as before: left out by their
        # digest (a build gives a page again only when it changed)
        versions = await asyncio.to_thread(_digests, pages) if self.background else {}
        if same := [place for place in pages if place in part.indexed and place in versions
                    and part.versions.get(place) == versions[place]]:
            await asyncio.to_thread(unlink, folder, same)
            pages = {place: html for place, html in pages.items() if place not in same}
            if not pages:
                return
        known = [place for place in pages if place in part.indexed]
        if len(known) > REPLACE:
            await self._renew(number)
            known = []
        pagefind = await self._running()
        index = pagefind.indexes[number]
        part.changed = True
        if known:  # not again from the folder: a second copy
            await asyncio.to_thread(unlink, folder, known)
        if len(known) < len(pages):
            await pagefind.answer(index.add_directory(str(folder)), self.timeout)
            part.indexed.update(pages)
        await pagefind.answer(asyncio.gather(*(
            index.add_html_file(content=pages[place], source_path=place)
            for place in known)), self.timeout)
        part.versions.update(versions)

    async def _publish_now(self, listed: frozenset[str]) -> IndexResult:
        """``publish``: the early publishing if it is of these pages and nothing was added
        since, else a new one. Any failure is a ``SearchIndexError``."""
        early, self._early = self._early, None
        spent, self._spent = self._spent, []  # those read since are removed by ``close``
        removing = self._loop.create_task(asyncio.to_thread(_remove_each, spent))
        try:
            try:
                if early and early[0] == listed and not self._adds:
                    self._last = await early[1]
                else:
                    adds, self._adds = self._adds, []
                    self._last = await self._publish(listed, adds)
            finally:
                await removing
        except SearchIndexError:
            self._failures += 1
            raise
        except Exception as error:  # Pagefind's client raises its errors as Exception
            self._failures += 1
            raise SearchIndexError(f"search index not written: {said(error)}") from error
        return self._last

    async def _publish_later(self, request: int, listed: frozenset[str],
                             adds: list[asyncio.Task[None]]) -> None:
        await _settle(adds)
        if request != self._requests:
            return  # a newer request is on its way: it publishes
        try:
            self._last = await self._publish(listed, [])
        except SearchIndexError as error:  # keep serving; the next build tries again
            self._failures += 1
            log.warning(one_line(str(error)))
            return
        except Exception as error:  # Pagefind's client raises its errors as Exception
            self._failures += 1
            log.warning(f"search index not updated: {one_line(said(error))}")
            return
        if self._last.written:
            log.info(f"Search index updated: {self._last.summary()}")
        else:
            log.debug("search index: no page of it changed, nothing written")

    async def _publish(self, listed: frozenset[str],
                       adds: list[asyncio.Task[None]]) -> IndexResult:
        start = time.monotonic()
        await _settle(adds)  # a folder that failed is sent again below, from the built files
        async with self._lock:
            try:
                parts = self._parts
                for number, pages in enumerate(parts.split(listed)):
                    await self._hold(number, pages)
                phases = [("staged", time.monotonic())]
                # the parts whose pages changed (an index of one part: always, as a
                # build's), the other parts first: part 0 links to them, and the script
                # merges them once it has loaded part 0
                changed = [number for number in reversed(range(parts.count))
                           if self._state[number].changed or parts.count == 1]
                for number in changed:
                    await self._write(number, phases)
                log.debug("search index: " + ", ".join(
                    f"{name} {at - start:.2f} s" for name, at in phases))
            except BaseException:
                await self._restart()  # the next publish starts from a new Pagefind
                raise
        return IndexResult(pages=sum(part.pages for part in self._state),
                           seconds=time.monotonic() - start, parts=parts.count,
                           written=len(changed),
                           written_pages=sum(self._state[number].pages for number in changed))

    async def _hold(self, number: int, pages: frozenset[str]) -> None:
        """Make the part ``number`` hold exactly ``pages`` (under the lock): those never
        added are staged from their built files."""
        part = self._state[number]
        if not part.indexed <= pages:  # Pagefind cannot take a page out
            await self._renew(number)
        pagefind = await self._running()
        if rest := sorted(pages - part.indexed):
            folder = self.staging.new("add")
            try:
                await asyncio.to_thread(stage, self.site_dir, rest, folder,
                                        sort_filters=self._parts.count > 1)
                await pagefind.answer(pagefind.indexes[number].add_directory(str(folder)),
                                      self.timeout)
            finally:
                await asyncio.to_thread(remove, folder)
            part.indexed.update(rest)
            part.changed = True

    async def _write(self, number: int, phases: list[tuple[str, float]]) -> None:
        """Write the part ``number`` beside its place in the site (a hidden folder), put it
        in one order and swap it in (under the lock)."""
        part, pagefind = self._state[number], await self._running()
        name = f"part {number} " if self._parts.count > 1 else ""
        home = self.site_dir / self._parts.home(number)
        written = await asyncio.to_thread(self.staging.beside, home)
        try:
            # Pagefind's index of no page (no language) would fail the script's search: a
            # site without pages has no index; a part without pages (under serve) is left
            # out by the script.
            if part.indexed or self._parts.count > 1:
                await pagefind.answer(pagefind.indexes[number].write_files(
                    output_path=str(written)), self.timeout)
                phases.append((f"{name}written", time.monotonic()))
                part.whole = await asyncio.to_thread(in_order, written, part.whole)
                phases.append((f"{name}ordered", time.monotonic()))
            else:
                await asyncio.to_thread(written.mkdir)
        except BaseException:
            await asyncio.to_thread(remove, written)
            raise
        if self.background:
            await asyncio.to_thread(self.staging.swap_linked, written, home,
                                    self._parts.links() if number == 0 else None)
        else:  # a build: one part
            await asyncio.to_thread(self.staging.swap, written, home)
        phases.append((f"{name}swapped", time.monotonic()))
        part.changed = False
        part.pages = await asyncio.to_thread(page_count, home)

    async def _running(self) -> Pagefind:
        """The Pagefind running, started first if none is (under the lock)."""
        if self._pagefind is None:
            self._forget()
            self._pagefind = await Pagefind.open(self.language, self.timeout, self._started,
                                                 indexes=self._parts.count)
        return self._pagefind

    async def _restart(self) -> None:
        """Stop Pagefind: the next ``_running`` starts a new one, with empty indexes."""
        pagefind, self._pagefind = self._pagefind, None
        self._forget()
        if pagefind:
            await pagefind.stop()

    async def _renew(self, number: int) -> None:
        """Empty the index of the part ``number`` (Pagefind replaces it by a new one)."""
        if self._pagefind is not None:
            await self._pagefind.renew(number, self.timeout)
        self._state[number].indexed, self._state[number].versions = set(), {}
        self._state[number].changed = True

    def _forget(self) -> None:
        """No page is in Pagefind's indexes any more: each part is to be written again."""
        for part in self._state:
            part.indexed, part.versions = set(), {}
            part.changed = True

    def _launched(self) -> list[PagefindService]:
        return [launch.result() for launch in self._started
                if launch.done() and not launch.cancelled() and launch.exception() is None]

    async def _kill_all(self) -> None:
        for service in self._launched():
            if process.kill(service):
                process.stopped(service)

    async def _shut_down(self) -> None:
        """End all in this loop: each Pagefind started (at once if a request is under way:
        its client would wait for the answer), every task left, the worker threads."""
        current = self._pagefind.service if self._pagefind else None
        busy = self._lock.locked() or any(not task.done() for task in (
            *self._adds, *self._background, *([self._early[1]] if self._early else [])))
        if self._started:
            await asyncio.wait(self._started, timeout=10)
        started = self._launched()
        for service in started:
            if (busy or service is not current) and process.kill(service):
                process.stopped(service)  # not its client's close: it waits for answers
            await process.stop(service)
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        for outcome in await asyncio.gather(*tasks, return_exceptions=True):
            if isinstance(outcome, Exception):
                log.debug(f"search index: work stopped by the end ({said(outcome)})")
        try:
            await asyncio.wait_for(self._loop.shutdown_default_executor(), timeout=30)
        except TimeoutError:
            log.warning("search index: file work still under way after 30 seconds")
        for service in started:  # read to the end and closed: no pipe left open
            await process.wait(service)


def _remove_each(folders: Iterable[Path]) -> None:
    for folder in folders:
        remove(folder)


async def _settle(adds: Iterable[asyncio.Task[None]]) -> None:
    """Wait for ``adds`` to end; one that failed is logged (its pages are sent again from
    their built files)."""
    for outcome in await asyncio.gather(*adds, return_exceptions=True):
        if isinstance(outcome, BaseException):
            log.debug(f"search index: pages not added, sent again from the built files "
                      f"({said(outcome)})")


def _digests(pages: Mapping[str, str]) -> dict[str, bytes]:
    """What tells two versions of each page apart, in 16 bytes (``{place: HTML}``)."""
    return {place: hashlib.blake2b(html.encode("utf-8"), digest_size=16).digest()
            for place, html in pages.items()}


def _retrieved(task: asyncio.Task[IndexResult]) -> None:
    """An early publishing that no ``publish`` waited for: its failure, logged (the
    ``publish`` after it told its own)."""
    if not task.cancelled() and (error := task.exception()) is not None:
        log.debug(f"search index: early publishing failed ({said(error)})")
