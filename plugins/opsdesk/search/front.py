"""The search index's front, for ``mkdocs build`` and ``mkdocs serve``: ``SiteSearch`` (what
the MkDocs plugin's hooks call), ``LiveIndex`` (one index, fed each page as MkDocs writes
it), ``build_search_index`` (an index of built pages, at once).

``LiveIndex`` runs in the calling (MkDocs') thread and owns what that thread knows: the
pages waiting for a folder, which pages the build will list (``expect``), a page it could
not stage. Every ``BATCH`` pages it writes a folder in the staging folder (``staging``)
and hands it to its ``IndexSession`` (``session``), which owns Pagefind and the index on
its event loop's thread; a publish is a message too, whose future the build waits on.

- ``add``: each page as MkDocs writes it. Every ``BATCH`` pages go to Pagefind in a folder
  of their own, so Pagefind indexes on a spare core while MkDocs renders the next pages,
  and little is left when the last one is written. ``expect`` says which pages the build
  will list: the index is written as soon as the last of them is added.
- ``publish``: make the index hold exactly the pages listed, write it in the staging
  folder and swap it in, so a reader never loads half an index. Pages never added (a
  ``--dirty`` build's unwritten ones) are taken from their built files. After an edit
  under serve only the pages MkDocs wrote again are sent, and only the writing grows with
  the site.
- ``SiteSearch.foretell``: in ``mkdocs build``, each page as MkDocs converts it, before
  any page is written: what Pagefind reads of it (``staging.foretold``: its language, our
  tags of its head, its indexed part as ``main.html`` writes it from our blocks and its
  body). Every page is then given while MkDocs converts pages, and the index is written
  while MkDocs renders them (Pagefind writes a 1,000-page index in about 1.3 s, which
  otherwise came after the last page). ``SiteSearch.page`` checks each written page
  against what was given (``staging.as_foretold``) and gives it again where it differs (a
  site's own templates or plugins): the index is always the one of the written pages.
- ``mkdocs build`` waits for ``publish``; ``mkdocs serve`` calls ``publish_later``, which
  publishes in the background (the latest request only), so the preview never waits.
  Pagefind runs at a lower priority than MkDocs (``process.PRIORITY``). Under
  serve, a site of more than ``parts.PAGES_PER_PART`` pages has its index in parts
  (``divide``, from the first build's pages): an edit writes again only the parts of the
  pages it changed.

Two builds of the same pages on one machine write the same index, byte for byte.
Pagefind numbers the pages in the order they reach it: here, in folders of ``BATCH``
pages in MkDocs' order (its sorted files; ``LAST_BATCH`` for the last few of a build)
whatever the timing, each folder's pages made in the order of their places
(``staging.write_pages``). But Pagefind reads a folder in the order
of its directory listing, which is the file system's: on tmpfs, the order of creation
(reversed, on Linux 6.18); on ext4, an order of the names' hashes, seeded per file
system. So the index's bytes (not the pages found) may differ from one machine to
another: not solved yet. The parts Pagefind orders at random (filters, sorts) are put in
order by ``order.canonical`` before the swap.

The staging folder is in memory (``staging.MEMORY``) unless a temporary folder is chosen
(``TMPDIR``) or memory is short, then in the system's temporary folder; only the new index,
while Pagefind writes it beside the old one, and the old one, while it is removed, are in
the site, as dot-folders. All are removed by ``close``, at the interpreter's exit if
``close`` was not called (a ``KeyboardInterrupt``, which MkDocs' ``build`` passes on
without ``on_build_error``), and on ``SIGTERM``, whose handler (installed while an index
is open in the main thread, the previous one put back after) kills Pagefind and removes
them before the signal's own action ends the process.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import os
import signal
import threading
from collections.abc import Iterable
from pathlib import Path
from types import FrameType
from typing import Any

from ..problems import one_line
from . import session
from .errors import SearchIndexError, log, said
from .parts import PAGES_PER_PART, Parts
from .session import IndexResult, IndexSession
from .staging import Staging, as_foretold, foretold, place_in, remove, write_pages

__all__ = ["BATCH", "LAST_BATCH", "LiveIndex", "SiteSearch", "build_search_index"]

#: Pages per folder sent to Pagefind while ``mkdocs build`` writes them (the last folder
#: has the rest): always so many, whatever the timing, so that Pagefind numbers the pages
#: alike in every build; enough that Pagefind's answers (its Python client reads one per
#: 0.1 s) never hold it up when MkDocs writes pages faster, few enough that little is left
#: to index once the last page is written.
BATCH = 50

#: In a build that expects more than ``BATCH`` pages, pages per folder once fewer than
#: ``BATCH`` are still to come: the index is written only once Pagefind has read the last
#: folder, so the last folders are small (0.04 s sooner at 1,000 pages). Their size too
#: depends only on the pages, never on the timing. (A build of ``BATCH`` pages or fewer
#: sends them in one folder, as ``build_search_index`` does: both index the pages in the
#: order Pagefind walks that folder, so both write the same index.)
LAST_BATCH = 10


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
        self.part_pages = PAGES_PER_PART
        """Under serve, pages per part of the index, about (``parts``)."""
        self.told: dict[str, tuple[str, str]] = {}
        """Each page ``foretell`` gave Pagefind and not yet written: its head, and what
        Pagefind was given."""
        self.kept = self.again = 0
        """Of the pages foretold and written, how many were as foretold, and how many not
        (given again)."""

    def start(self, site_dir: Path | str, *, serving: bool) -> None:
        """A new index for a build; under serve, the session's one."""
        site_dir = Path(site_dir).resolve()
        if self.index and (self.index.site_dir != site_dir or not serving):
            self.close()
        if not self.index:
            self.index = LiveIndex(site_dir, background=serving)
        self.told, self.kept, self.again = {}, 0, 0

    def expect(self, pages: Iterable[tuple[str, Path | str]], *, serving: bool) -> None:
        """The pages ``built`` will be given: a build publishes once the last is written.
        (Under serve an edit writes only some pages, and the preview never waits: the
        first build's pages decide the index's parts for the session.)"""
        if self.index and not serving:
            self.index.expect(pages)
        elif self.index and not self.index.divided:
            self.index.divide(Parts.for_pages(len(list(pages)), self.part_pages))

    def merged(self) -> list[str]:
        """The folders of the index's parts that the search script merges into the first
        (relative to the site's root): none but under serve, for a site in parts."""
        return self.index.parts.merged() if self.index else []

    def foretell(self, dest: str, *, head: str, top: str, content: str,
                 language: str) -> None:
        """In a build, give Pagefind the page to be written to ``dest`` before it is
        written, as ``staging.foretold`` makes it of its blocks, body and language: once
        every page is given, Pagefind writes the index while MkDocs renders the pages.
        ``page`` checks the page as written against it, and gives it again if it differs."""
        if self.index:
            document = foretold(language, head, top, content)
            self.told[dest] = (head, document)
            self.index.add(dest, document)

    def page(self, dest: str, html: str) -> None:
        """Index the page written to ``dest``: unless it was foretold as it is."""
        if not self.index:
            return
        told = self.told.pop(dest, None)
        if told is not None and as_foretold(html, told[0]) == told[1]:
            self.kept += 1
            return
        if told is not None:
            self.again += 1
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
            log.debug(f"search index: {result.pages} pages in {result.seconds:.2f} s; "
                      f"{self.kept} given before they were written, {self.again} given "
                      "again as written")
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
    """One index for a build or a ``mkdocs serve`` session (see the module's docstring),
    used from one thread. ``add``, ``publish_later`` return at once; ``publish`` waits
    for the index; ``close`` stops Pagefind and removes the staging folder (a build that
    fails, and the end of a serve session, must call it)."""

    def __init__(self, site_dir: Path, *, language: str | None = None, batch: int = BATCH,
                 timeout: float | None = None, background: bool = False) -> None:
        """``background``: the index of a ``mkdocs serve`` session, whose edits render
        pages again (one that reads as before is left out by its digest). ``timeout``:
        ``session.TIMEOUT`` unless given."""
        self.site_dir = Path(site_dir).resolve()
        self.batch = batch
        self.parts = Parts()
        self.divided = False
        """``divide`` was called (the parts are fixed)."""
        self._staging = Staging()
        self.staging = self._staging.folder
        self._session = IndexSession(
            self.site_dir, self._staging, language=language, background=background,
            timeout=session.TIMEOUT if timeout is None else timeout)
        # The calling thread's:
        self._waiting: list[tuple[str, str]] = []
        self._problem: SearchIndexError | None = None
        """A page that could not be staged: told by the next publish."""
        self._missing: set[str] = set()
        """The pages ``expect``-ed that were not added yet (by place in the site)."""
        self._expected: frozenset[str] = frozenset()
        self._places: dict[str, str] = {}
        """Each built file's place in the site, as ``place_in`` found it (a serve session
        lists every page after each edit: resolving each path again grew with the site)."""
        self._closed = False
        _opened(self)

    @property
    def failures(self) -> int:
        return self._session.failures

    @property
    def last(self) -> IndexResult | None:
        return self._session.last

    def expect(self, pages: Iterable[tuple[str, Path | str]]) -> None:
        """Say which pages ``publish`` will be given (as it takes them) before they are
        added: once the last of them is added, the index is published at once, in the
        background, while MkDocs writes the pages it does not index (the listings, the
        redirects). ``publish``, given the same pages and none added since, waits for it."""
        try:
            listed = self._listed(pages)
        except SearchIndexError as error:  # ``publish`` tells it
            log.debug(f"search index: not published early ({error})")
            return
        self._missing, self._expected = set(listed), listed

    def divide(self, parts: Parts) -> None:
        """Have the index in ``parts`` (under serve, before the first page is added; once):
        each folder sent holds about ``batch`` pages of each part, so that Pagefind gets
        as many requests as for one part."""
        self._send()
        self.parts, self.divided = parts, True
        self.batch *= parts.count
        self._session.divide(parts)

    def add(self, dest: str, html: str) -> None:
        """Index the page written to ``dest`` (relative to the site) with ``html``."""
        self._waiting.append((dest, html))
        if self._missing:
            self._missing.discard(dest)
            if not self._missing:
                self._send()
                if not self._problem:
                    log.debug(f"search index: all {len(self._expected)} pages added, "
                              "publishing")
                    self._session.publish_early(self._expected)
                return
            if len(self._missing) < self.batch < len(self._expected) and (
                    len(self._waiting) >= LAST_BATCH):
                self._send()
                return
        if len(self._waiting) >= self.batch:
            self._send()

    def publish(self, pages: Iterable[tuple[str, Path | str]]) -> IndexResult:
        """Make the index hold exactly ``pages`` (``(url, built HTML file)``), write it
        into the site and wait for it. Raises ``SearchIndexError``."""
        listed = self._request(pages)
        try:
            return self._session.publish(listed).result()
        except concurrent.futures.CancelledError as error:  # closed meanwhile
            raise SearchIndexError("search index not written: the index was closed "
                                   "first") from error

    def publish_later(self, pages: Iterable[tuple[str, Path | str]]) -> None:
        """``publish`` in the background; a request made while one runs replaces any
        other waiting, so the index ends up holding the last one. Logs the outcome."""
        try:
            listed = self._request(pages)
        except SearchIndexError as error:
            log.warning(one_line(str(error)))
            return
        self._session.publish_later(listed)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the background publishing to end; ``False`` on timeout."""
        return self._session.wait(timeout)

    def close(self) -> None:
        """Stop Pagefind and this index's thread, and remove the staging folder."""
        if self._closed:
            return
        self._closed = True
        try:
            self._session.close()
        finally:
            self._staging.remove_all()
            _closed(self)

    def abandon(self) -> None:
        """Stop at once (the process is ending): kill each Pagefind started, remove the
        staging folder and the swap's."""
        self._closed = True
        self._session.abandon()
        self._staging.remove_all()

    def _request(self, pages: Iterable[tuple[str, Path | str]]) -> frozenset[str]:
        """The places of the pages listed, once the waiting pages are sent; a page not
        staged, or one outside the site, is the error (counted a failure)."""
        self._send()
        try:
            if self._problem:
                problem, self._problem = self._problem, None
                raise problem
            return self._listed(pages)
        except SearchIndexError:
            self._session.failed()
            raise

    def _listed(self, pages: Iterable[tuple[str, Path | str]]) -> frozenset[str]:
        return frozenset(self._place(str(html)) for _url, html in pages)

    def _place(self, html: str) -> str:
        place = self._places.get(html)
        if place is None:
            place = self._places[html] = place_in(self.site_dir, html)
        return place

    def _send(self) -> None:
        """Send the waiting pages to Pagefind: written into a folder of their own here,
        handed to the session (which removes the folder once Pagefind has read it)."""
        if not self._waiting:
            return
        folder = self._staging.new("add")
        try:
            pages = dict(write_pages(folder, self._waiting,
                                     sort_filters=self.parts.count > 1))
        except SearchIndexError as error:  # told by the next publish
            remove(folder)
            self._problem = self._problem or error
            return
        finally:
            log.debug(f"search index: sent {len(self._waiting)} pages to Pagefind")
            self._waiting = []
        self._session.add(folder, pages)


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
        try:
            index.close()
        except (OSError, RuntimeError) as error:  # the loop gone with the interpreter
            log.warning(f"search index not closed at exit: {said(error)}")


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
        try:
            index.abandon()
        except (OSError, RuntimeError) as error:  # its loop closed meanwhile
            log.warning(f"search index not abandoned: {said(error)}")
    _restore_handler()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)
