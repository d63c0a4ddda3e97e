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
per 0.1 s: thousands of pages would take minutes. So the pages are hard-linked (copied
where links fail) into a staging folder and indexed with one ``add_directory`` request,
which Pagefind reads and parses on every core; the index is written beside the site and
swapped in at the end, so a reader never loads half an index.

Under ``mkdocs serve``, ``SearchIndexer.update(..., background=True)`` indexes in a thread
after each build and coalesces builds that come while it runs: the preview never waits.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["OUTPUT", "IndexResult", "SearchIndexError", "SearchIndexer", "build_search_index"]

log = logging.getLogger("mkdocs.plugins.opsdesk.search")

#: The folder of the index inside the site, as the browser asks for it.
OUTPUT = "pagefind"

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
        raise SearchIndexError(f"search index not written: {error}") from error
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
    # Imported here: the binary's package is only needed when an index is built.
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService

    config: IndexConfig = {"exclude_selectors": EXCLUDE_SELECTORS}
    if language:
        config["force_language"] = language
    # The service, not ``PagefindIndex`` as a context manager: that one writes the files
    # on exit and stops Pagefind at once, while Pagefind (1.5.2) may still be writing the
    # last bytes of a file (its writes are not flushed before it answers): such files came
    # out cut short on a busy machine. Here the files are written, then checked whole,
    # and only then is Pagefind stopped.
    async with PagefindService() as service:
        index = await service.create_index(config)
        result = await index.add_directory(str(folder))
        await index.write_files(output_path=str(output))
        await _settled(output)
    return int(result["page_count"])


async def _settled(output: Path, *, timeout: float = 30.0) -> None:
    """Wait until the files in ``output`` are whole: every compressed one reads to its
    end, and no file changed size in the last 0.3 s."""
    deadline = time.monotonic() + timeout
    sizes: dict[Path, int] = {}
    while True:
        now = {path: path.stat().st_size for path in output.rglob("*") if path.is_file()}
        if now and now == sizes and all(_whole(path) for path in now):
            break
        if time.monotonic() > deadline:
            raise SearchIndexError(f"Pagefind did not finish writing {output}")
        sizes = now
        await asyncio.sleep(0.3)
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


def _yield_to_the_preview() -> None:
    """Lower the priority of the calling thread, and so of the Pagefind process it starts
    (a child takes its parent thread's priority on Linux): under ``mkdocs serve`` the
    next edit's preview comes before the last edit's index. The index is the same."""
    with contextlib.suppress(AttributeError, OSError):  # else the index merely competes
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


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
        _yield_to_the_preview()
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
