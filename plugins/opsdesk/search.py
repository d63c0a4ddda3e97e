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
per 0.1 s: thousands of pages would take minutes. So pages go to Pagefind by folders, one
``add_directory`` request each, which Pagefind reads and parses on every core:

- ``mkdocs build`` (``IndexStream``): the pages are fed while MkDocs writes them. Every
  ``BATCH`` pages written, their HTML goes into a staging folder and Pagefind is sent that
  folder, so it indexes on a spare core (at a lower priority) while MkDocs renders the
  next pages; at the end of the build only the last batch and the writing are left.
- ``build_search_index`` (``mkdocs serve``, ``mkdocs build --dirty``, anything else): the
  built files are hard-linked (copied where links fail) into a staging folder and indexed
  with one request.

Either way the index is written beside the site and swapped in at the end, so a reader
never loads half an index, and the pages indexed are exactly the ones given.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import logging
import os
import shutil
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Coroutine, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pagefind.index import IndexConfig, PagefindIndex
    from pagefind.service import PagefindService

__all__ = ["BATCH", "OUTPUT", "IndexResult", "IndexStream", "SearchIndexError", "SearchIndexer",
           "build_search_index"]

log = logging.getLogger("mkdocs.plugins.opsdesk.search")

_T = TypeVar("_T")

#: The folder of the index inside the site, as the browser asks for it.
OUTPUT = "pagefind"

#: Pages per folder sent to Pagefind while ``mkdocs build`` writes them: enough that
#: Pagefind's answers (its Python client reads one per 0.1 s) never hold it up, few enough
#: that most of the index is done when the last page is written.
BATCH = 200

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


def build_search_index(site_dir: Path, pages: Iterable[tuple[str, Path | str]], *,
                       language: str | None = None) -> IndexResult:
    """Index ``pages`` (``(url, built HTML file)``, the file inside ``site_dir``) into
    ``site_dir/pagefind/``, replacing any index there. Blocks until written.

    ``url`` is the page's URL relative to the site root (``guides/foo/``, ``""`` for the
    home page); the file's place under ``site_dir`` must match it, as MkDocs writes it.
    Raises ``SearchIndexError`` when Pagefind fails.
    """
    start = time.monotonic()
    site_dir = Path(site_dir).resolve()
    staging = Path(tempfile.mkdtemp(prefix=".opsdesk-search-", dir=site_dir.parent))
    try:
        count = _stage(site_dir, pages, staging / "pages")
        written = staging / OUTPUT
        indexed = _run(_index, staging / "pages", written, language) if count else 0
        if not count:
            written.mkdir()
        _swap(written, site_dir / OUTPUT)
    except SearchIndexError:
        raise
    except Exception as error:  # Pagefind's client raises plain exceptions
        raise SearchIndexError(f"search index not written: {_said(error)}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return IndexResult(pages=indexed, seconds=time.monotonic() - start)


def _stage(site_dir: Path, pages: Iterable[tuple[str, Path | str]], staging: Path) -> int:
    """Link each page's HTML file into ``staging`` at the same relative place."""
    count = 0
    for _url, html in pages:
        source = Path(html).resolve()
        if not source.is_relative_to(site_dir):
            raise SearchIndexError(f"search index not written: {html} is not in {site_dir}")
        relative = source.relative_to(site_dir)
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:  # another file system, or no hard links: a copy reads the same
            shutil.copyfile(source, target)
        count += 1
    return count


def _run(function: Callable[..., Coroutine[Any, Any, int]], *args: Any) -> int:
    """``asyncio.run(function(*args))``, in a thread of its own when this thread already
    runs an event loop (a build started from asynchronous code: Playwright, Jupyter)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(function(*args))
    outcome: list[int | BaseException] = []

    def run() -> None:
        try:
            outcome.append(asyncio.run(function(*args)))
        except BaseException as error:  # handed to the calling thread
            outcome.append(error)

    thread = threading.Thread(target=run, name="opsdesk-search-index")
    thread.start()
    thread.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


async def _index(folder: Path, output: Path, language: str | None) -> int:
    service, index = await _open(language)
    try:
        result = await index.add_directory(str(folder))
        await _write(index, output)
    finally:
        await _stop(service)
    return int(result["page_count"])


async def _open(language: str | None) -> tuple[PagefindService, PagefindIndex]:
    """A running Pagefind and a new, empty index in it."""
    # Imported here: the binary's package is only needed when an index is built.
    from pagefind.service import PagefindService

    config: IndexConfig = {"exclude_selectors": EXCLUDE_SELECTORS}
    if language:
        config["force_language"] = language
    service = await PagefindService().launch()
    try:
        return service, await service.create_index(config)
    except BaseException as error:
        await _stop(service)
        if (status := _exit_status(service)) is not None:
            raise SearchIndexError(f"search index not written: Pagefind stopped "
                                   f"(exit status {status})") from error
        raise


async def _stop(service: PagefindService) -> None:
    """Stop Pagefind; one that already stopped is no error (its client's ``close`` then
    raises ``ProcessLookupError``)."""
    with contextlib.suppress(ProcessLookupError):
        await service.close()


async def _write(index: PagefindIndex, output: Path) -> None:
    # Not ``PagefindIndex`` as a context manager: that one writes the files on exit and
    # stops Pagefind at once, while Pagefind (1.5.2) may still be writing the last bytes
    # of a file (its writes are not flushed before it answers): such files came out cut
    # short on a busy machine. Here the files are written, then checked whole, and only
    # then is Pagefind stopped.
    await index.write_files(output_path=str(output))
    await _settled(output)


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


def _swap(new: Path, current: Path) -> None:
    """Put ``new`` in the place of ``current``, the old one out of the way first."""
    old = current.with_name(f".{current.name}-old-{os.getpid()}-{threading.get_ident()}")
    if current.exists():
        current.rename(old)
    try:
        new.rename(current)
    except OSError:  # another file system than the staging folder's
        shutil.copytree(new, current)
    shutil.rmtree(old, ignore_errors=True)


def _lower_priority() -> None:
    """Lower the priority of the calling thread, and so of the Pagefind process it starts
    (a child takes its parent thread's priority on Linux): MkDocs' rendering of the next
    pages (``mkdocs build``) or of the next edit's preview (``mkdocs serve``) comes before
    the index. The index is the same."""
    with contextlib.suppress(AttributeError, OSError):  # else the index merely competes
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


class IndexStream:
    """The index of one ``mkdocs build``, fed while MkDocs writes the pages.

    ``add`` each page to index as it is written; ``finish`` with the list of pages the
    index must hold (the same pages: any not added, such as pages a ``--dirty`` build did
    not write again, are taken from their built files), which writes the index and swaps
    it in. ``close`` stops Pagefind and removes the staging folder; ``finish`` calls it,
    and a build that fails must.

    Pagefind runs from the moment the stream is made, in a thread of its own (an event
    loop for Pagefind's asynchronous client) at a lower priority; every call here returns
    at once except ``finish`` and ``close``, which wait at most ``timeout`` seconds.
    """

    def __init__(self, site_dir: Path, *, language: str | None = None, batch: int = BATCH,
                 timeout: float = TIMEOUT) -> None:
        self.site_dir = Path(site_dir).resolve()
        self.batch = batch
        self.timeout = timeout
        self.start = time.monotonic()
        self.site_dir.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=".opsdesk-search-",
                                             dir=self.site_dir.parent))
        self.added: set[str] = set()
        """The pages added so far, by their place in the site (``guides/x/index.html``)."""
        self._waiting: list[tuple[str, str]] = []
        self._sent: list[Future[int]] = []
        self._problem: SearchIndexError | None = None
        self._closed = False
        self._answered = time.monotonic()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run_loop, name="opsdesk-search-stream",
                                        daemon=True)
        self._thread.start()
        self._pagefind = self._call(_open(language))

    def add(self, dest: str, html: str) -> None:
        """Index the page written to ``dest`` (relative to the site) with ``html``."""
        self.added.add(dest)
        self._waiting.append((dest, html))
        if len(self._waiting) >= self.batch:
            self._send()

    def finish(self, pages: Iterable[tuple[str, Path | str]]) -> IndexResult:
        """Send what is left of ``pages`` (``(url, built HTML file)``, as for
        ``build_search_index``), wait for Pagefind, write the index into the site. Raises
        ``SearchIndexError`` when Pagefind fails, does not answer in time, or was given a
        page that is not in ``pages``."""
        try:
            self._send()
            if self._problem:
                raise self._problem
            listed = {self._place(html): (url, html) for url, html in pages}
            if unlisted := sorted(self.added - listed.keys()):
                raise SearchIndexError(
                    f"search index not written: pages indexed but not listed: {unlisted}")
            if rest := [page for place, page in listed.items() if place not in self.added]:
                folder = self.staging / f"batch-{len(self._sent)}"
                _stage(self.site_dir, rest, folder)
                self._sent.append(self._call(self._add(folder)))
            self._answered = time.monotonic()
            pages_indexed = sum(self._result(sent) for sent in self._sent)
            written = self.staging / OUTPUT
            if self._sent:
                self._result(self._call(self._write(written)))
            else:
                written.mkdir()
            _swap(written, self.site_dir / OUTPUT)
        except SearchIndexError:
            raise
        except Exception as error:  # Pagefind's client raises plain exceptions
            raise SearchIndexError(f"search index not written: {_said(error)}") from error
        finally:
            self.close()
        return IndexResult(pages=pages_indexed, seconds=time.monotonic() - self.start)

    def close(self) -> None:
        """Stop Pagefind and this stream's thread, and remove the staging folder."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):  # Pagefind did not start, or stopped: done
            service, _index = self._pagefind.result(timeout=10)
            self._call(_stop(service)).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        if not self._thread.is_alive():
            self._loop.close()
        shutil.rmtree(self.staging, ignore_errors=True)

    def _send(self) -> None:
        """Write the waiting pages into a folder of their own and send it to Pagefind."""
        if not self._waiting:
            return
        folder = self.staging / f"batch-{len(self._sent)}"
        try:
            for dest, html in self._waiting:
                target = _inside(folder, dest)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(html, encoding="utf-8")
        except (OSError, SearchIndexError) as error:  # told by finish(), not mid-build
            self._problem = self._problem or (
                error if isinstance(error, SearchIndexError)
                else SearchIndexError(f"search index not written: {error}"))
            return
        finally:
            log.debug(f"search index: sent {len(self._waiting)} pages to Pagefind")
            self._waiting = []
        self._sent.append(self._call(self._add(folder)))

    async def _add(self, folder: Path) -> int:
        _service, index = await asyncio.wrap_future(self._pagefind)
        return int((await index.add_directory(str(folder)))["page_count"])

    async def _write(self, output: Path) -> None:
        _service, index = await asyncio.wrap_future(self._pagefind)
        await _write(index, output)

    def _place(self, html: Path | str) -> str:
        source = Path(html).resolve()
        if not source.is_relative_to(self.site_dir):
            raise SearchIndexError(f"search index not written: {html} is not in {self.site_dir}")
        return source.relative_to(self.site_dir).as_posix()

    def _call(self, coroutine: Coroutine[Any, Any, _T]) -> Future[_T]:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def _result(self, future: Future[_T]) -> _T:
        """What ``future`` gives, as soon as it does; an error as soon as Pagefind's
        process has stopped, or when it has not answered for ``timeout`` seconds."""
        while True:
            try:
                result = future.result(timeout=0.2)
            except TimeoutError:
                pass
            else:
                self._answered = time.monotonic()
                return result
            if (status := self._exit_status()) is not None:
                raise SearchIndexError(
                    f"search index not written: Pagefind stopped (exit status {status})")
            if time.monotonic() - self._answered > self.timeout:
                raise SearchIndexError(f"search index not written: Pagefind did not answer "
                                       f"for {self.timeout:.0f} seconds")

    def _exit_status(self) -> int | None:
        if not self._pagefind.done() or self._pagefind.exception():
            return None
        return _exit_status(self._pagefind.result()[0])

    def _run_loop(self) -> None:
        _lower_priority()
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()


def _said(error: BaseException) -> str:
    """An error's message, or its kind when it has none (Pagefind's client raises some)."""
    return str(error) or type(error).__name__


def _exit_status(service: PagefindService) -> int | None:
    """Pagefind's exit status once its process has stopped; ``None`` while it runs (or if
    the client, pagefind 1.5.2, no longer keeps its process as ``_backend``: then only the
    timeout tells)."""
    status = getattr(getattr(service, "_backend", None), "returncode", None)
    return status if isinstance(status, int) else None


def _inside(folder: Path, dest: str) -> Path:
    """``folder / dest``, refused unless it stays inside ``folder``."""
    target = (folder / dest).resolve()
    if not target.is_relative_to(folder.resolve()) or target == folder.resolve():
        raise SearchIndexError(f"search index not written: {dest!r} is not a page in the site")
    return target


class SearchIndexer:
    """Builds the index now (``mkdocs build``) or in a background thread (``mkdocs serve``).

    In the background, a request made while an index is being built is kept (the latest
    one only) and run when that build ends, so the index always ends up matching the
    last build, and the preview never waits for it.
    """

    def __init__(self, *, language: str | None = None) -> None:
        self.language = language
        self._lock = threading.Lock()
        self._pending: tuple[Path, list[tuple[str, Path | str]]] | None = None
        self._thread: threading.Thread | None = None
        self.last: IndexResult | None = None
        self.failures = 0

    def update(self, site_dir: Path, pages: Iterable[tuple[str, Path | str]], *,
               background: bool = False) -> IndexResult | None:
        """Index ``pages`` of ``site_dir``; in the background: return at once (``None``)."""
        listed = list(pages)
        if not background:
            try:
                self.last = build_search_index(site_dir, listed, language=self.language)
            except SearchIndexError as error:
                self.failures += 1
                log.error(str(error))  # --strict fails; the site is complete but for search
                return None
            log.debug(f"search index: {self.last.pages} pages in {self.last.seconds:.2f} s")
            return self.last
        with self._lock:
            self._pending = (Path(site_dir), listed)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="opsdesk-search",
                                                daemon=True)
                self._thread.start()
        return None

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for background indexing to finish; ``False`` on timeout."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _run(self) -> None:
        _lower_priority()
        while True:
            with self._lock:
                job, self._pending = self._pending, None
                if job is None:
                    self._thread = None
                    return
            site_dir, pages = job
            try:
                if not site_dir.exists():
                    continue  # the server moved on (a new site folder): a newer job follows
                self.last = build_search_index(site_dir, pages, language=self.language)
                log.info(f"Search index updated: {self.last.pages} pages in "
                         f"{self.last.seconds:.2f} seconds")
            except Exception as error:  # keep serving; the next build tries again
                self.failures += 1
                log.warning(f"search index not updated: {error}")
