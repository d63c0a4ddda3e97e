"""The search index's file work, all of it plain and synchronous: pages written or linked
into folders for Pagefind, folders removed, the index Pagefind wrote checked, put in one
order and swapped into the site. Called from MkDocs' thread, or from a worker thread of
the index session (``asyncio.to_thread``), never on its event loop.

``Staging`` owns the staging folder (in memory, ``MEMORY``, unless a temporary folder is
chosen or memory is short: ``staging_root``) and what is to be removed at the end
(``debris``: the staging folder; the dot-folders in the site that Pagefind writes an
index into and a swap makes, until swapped in), behind a lock: the swap runs in a worker
thread, the removal in MkDocs' thread or in the ``SIGTERM`` handler.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import itertools
import json
import os
import posixpath
import re
import shutil
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from .errors import SearchIndexError, log, said
from .order import FormatError, canonical

__all__ = ["INDEXED_END", "MEMORY", "MEMORY_ROOM", "OUTPUT", "SORT_FILTER", "Staging",
           "as_foretold", "files_in", "for_pagefind", "foretold", "inside", "page_count",
           "place_in", "settled", "split", "stage", "staging_root", "with_sort_filters",
           "write_pages"]

#: The folder of the index inside the site, as the browser asks for it.
OUTPUT = "pagefind"

#: The suffixes of Pagefind's compressed (gzip) files.
COMPRESSED = (".pagefind", ".pf_meta", ".pf_index", ".pf_filter", ".pf_fragment")


#: The folder in memory (Linux's tmpfs) where the staging folder goes if it may: a build
#: stages a page (and its folder) for each one indexed, all removed at the end; on a disk,
#: making and removing these thousands of files costs more than the rest of the index's
#: file work. Pagefind writes the index on the site's own file system (``beside``).
MEMORY = Path("/dev/shm")  # noqa: S108 - mkdtemp makes a private folder of our own in it
#: The room ``MEMORY`` must have free: a staged page takes about 12 kB, the index about
#: 5 kB a page (so a site of tens of thousands of pages).
MEMORY_ROOM = 512 * 2**20
#: Variables that choose the system's temporary folder (``tempfile``'s order).
_CHOSEN = ("TMPDIR", "TEMP", "TMP")


def staging_root() -> str | None:
    """The folder the staging folder goes in: ``MEMORY`` when no temporary folder is
    chosen (``TMPDIR``, ``TEMP``, ``TMP``) and it is a folder this process may write in,
    with ``MEMORY_ROOM`` free; else ``None``, the system's temporary folder."""
    if any(os.environ.get(name) for name in _CHOSEN):
        return None
    try:
        room = os.statvfs(MEMORY)
    except OSError:
        return None
    if (not MEMORY.is_dir() or not os.access(MEMORY, os.W_OK | os.X_OK)
            or room.f_bavail * room.f_frsize < MEMORY_ROOM):
        return None
    return str(MEMORY)


class Staging:
    """The staging folder of one index, and the folders to remove at the end."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=".opsdesk-search-", dir=staging_root()))
        self._lock = threading.RLock()  # re-entrant: the SIGTERM handler may interrupt
        self._debris: set[Path] = {self.folder}
        self._names = itertools.count()
        self._own: dict[Path, set[str]] = {}
        """Under serve, the files Pagefind wrote for each index the link points to."""

    def new(self, kind: str) -> Path:
        """A new folder's path in the staging folder (not made): ``add-3``, ``pagefind-4``."""
        with self._lock:
            return self.folder / f"{kind}-{next(self._names)}"

    def beside(self, current: Path) -> Path:
        """A new folder's path beside ``current`` (not made; its parent is), hidden: where
        Pagefind writes an index, on the site's file system, so that swapping it in is a
        rename, not a copy out of the staging folder. Debris until swapped in."""
        current.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:  # named after the staging folder, which no one else has
            path = current.with_name(f".{current.name.lstrip('.')}-new-"
                                     f"{self.folder.name.rsplit('-', 1)[-1]}-"
                                     f"{next(self._names)}")
            self._debris.add(path)
        remove(path)  # what a killed build may have left under that name: never mixed in
        return path

    def swap(self, new: Path, current: Path) -> None:
        """Put ``new`` (beside ``current``: ``beside``) in the place of ``current``, the
        old one out of the way first: two renames in ``current``'s folder, so that a reader
        finds the old index, then none, then the new one, never half of one. The
        dot-folders this makes are debris meanwhile."""
        tag = f"{os.getpid()}-{threading.get_ident()}"
        old = current.with_name(f".{current.name}-old-{tag}")
        self._keep(old)
        try:
            if current.exists():
                current.rename(old)
            new.rename(current)
        finally:
            remove(old)
            remove(new)
            self._drop(old, new)

    def swap_linked(self, new: Path, current: Path,
                    links: Mapping[str, str] | None = None) -> None:
        """Under ``mkdocs serve``: make ``current`` a link to ``new`` (beside it:
        ``beside``), moved to a hidden folder of its own, in one step (``os.replace`` of a
        new link), and remove the folder it linked to before. A reader finds the old
        index or the new one, never none: while MkDocs cleans the site folder for a
        whole-site rebuild, both stay (it skips names starting with a dot, and its
        ``rmtree`` cannot remove a link). ``links``: links made in the new folder before
        it is swapped in (name: target), as the first part of an index in parts has to
        the others (``parts``)."""
        tag = f"{os.getpid()}-{threading.get_ident()}"
        with self._lock:
            live = current.with_name(f".{current.name.lstrip('.')}-{tag}-{next(self._names)}")
        link = current.with_name(f".{current.name}-link-{tag}")
        self._keep(live)
        self._keep(link)
        new.rename(live)
        self._drop(new)
        before = (current.parent / os.readlink(current)) if current.is_symlink() else None
        own = set(files_in(live))
        if before is not None:  # a reader that began loading it finds what it asks next
            carry(before, live, self._own.pop(before, set()) - own)
        self._own[live] = own
        for name, target in (links or {}).items():
            os.symlink(target, live / name)
        try:
            if os.path.lexists(link):
                os.unlink(link)
            os.symlink(live.name, link)
            if current.is_dir() and not current.is_symlink():  # a folder, from a build
                self.swap(live, current)
                return
            os.replace(link, current)
        finally:
            if os.path.lexists(link):
                os.unlink(link)
            self._drop(link)
        self._drop(live)
        if before is not None and before.parent == current.parent and before != live:
            remove(before)
            self._own.pop(before, None)

    def remove_all(self) -> None:
        """Remove the staging folder and any swap's dot-folders (again if something was
        written into one meanwhile)."""
        with self._lock:
            paths, self._debris = list(self._debris), set()
        for path in paths:
            for _attempt in range(3):
                remove(path)
                if not os.path.lexists(path):
                    break
            else:
                log.warning(f"search index: {path} could not be removed")

    def _keep(self, path: Path) -> None:
        with self._lock:
            self._debris.add(path)

    def _drop(self, *paths: Path) -> None:
        with self._lock:
            self._debris.difference_update(paths)


def carry(old: Path, new: Path, names: Iterable[str]) -> None:
    """Link the files ``names`` of the index ``old`` into ``new`` (copy them where links
    cannot be made). Pagefind names its chunks by their content, so the two never clash:
    a reader that read the old entry file still finds the old index's chunks."""
    for name in names:
        target = new / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(old / name, target)
        except FileExistsError:
            continue
        except OSError:
            shutil.copyfile(old / name, target)


def remove(path: Path) -> None:
    """Remove a folder, if there; what cannot be removed is logged (and left to
    ``Staging.remove_all``)."""
    def failed(function: object, name: str, info: tuple[type[BaseException], BaseException,
                                                         object]) -> None:
        if not isinstance(info[1], FileNotFoundError):
            log.debug(f"search index: {name} not removed ({said(info[1])})")

    if os.path.lexists(path):
        shutil.rmtree(path, onerror=failed)


#: The comment our ``main.html`` writes right after the element it marks
#: ``data-pagefind-body``: where what Pagefind indexes of a page ends.
INDEXED_END = "<!--opsdesk:indexed-->"
_INDEXED_START = "<div data-pagefind-body>"


def for_pagefind(html: str) -> str:
    """What Pagefind is given of a built page: its ``<head>`` (the page's language, and the
    ``data-pagefind-filter/-sort/-meta`` tags of its lane, tags and date) and the element
    marked ``data-pagefind-body``, which is all Pagefind indexes of a page that has one;
    not the header, navigation and footer around it, two thirds of the page's bytes.

    The element starts at the first ``<div data-pagefind-body>`` (before any text of the
    page's own) and ends at the last ``INDEXED_END`` (after all of it: what follows it
    holds only escaped text); a page without both, in that order, is given whole."""
    head = html.find("</head>")
    start = html.find(_INDEXED_START)
    end = html.rfind(INDEXED_END)
    if not 0 <= head < start < end:
        return html
    return f"{html[:head]}</head><body>{html[start:end]}</body></html>"


#: The language a page's ``<html>`` tag gives it (Pagefind indexes each page in its own).
_LANGUAGE = re.compile(r'<html\b[^>]*?\slang="([^"]*)"')


def foretold(language: str, head: str, top: str, content: str) -> str:
    """What Pagefind is given of a page before it is written: the page's language (as
    HTML attribute text: the caller escapes it, at the theme's boundary), the tags of its
    head that Pagefind reads (all in ``head``, our templates' own), and the
    element ``main.html`` marks ``data-pagefind-body``, written as ``main.html`` writes it
    from our blocks above the body (``top``) and the body (``content``). For the pages of
    our templates, Pagefind writes from it the very index it writes from the page as
    written; ``as_foretold`` checks each page once it is written."""
    body = f"{_INDEXED_START}\n    {top}\n    {content}\n    </div>"
    return _page(language, head, body)


def as_foretold(written: str, head: str) -> str | None:
    """The written page as ``foretold`` gives it, from its ``<html>`` tag's language, its
    head and its ``data-pagefind-body`` element (as ``for_pagefind`` finds it); ``None``
    when its head does not hold ``head`` as it is or holds a Pagefind attribute outside
    it (a template of the site's own added one): Pagefind is then given the page."""
    end_of_head = written.find("</head>")
    start = written.find(_INDEXED_START)
    end = written.rfind(INDEXED_END)
    if not 0 <= end_of_head < start < end:
        return None
    page_head = written[:end_of_head]
    language = _LANGUAGE.search(page_head)
    if (language is None or head not in page_head
            or page_head.count("data-pagefind") != head.count("data-pagefind")):
        return None
    return _page(language.group(1), head, written[start:end])


def _page(language: str, head: str, body: str) -> str:
    """A page of ``head`` and ``body`` (its indexed element) as ``for_pagefind`` reads a
    written page: ended by ``INDEXED_END``, so that one in the body (an author's raw
    comment) ends nothing, as in the written page, where the template's comes last."""
    return (f'<html lang="{language}"><head>{head}</head><body>{body}{INDEXED_END}</body>'
            "</html>")


#: The filters that, in an index of several parts, file each page under its sort values
#: too (``sort-updated``): Pagefind orders a sorted search part by part (a result's score
#: is its rank in its part), and the search script orders the parts' results by these.
SORT_FILTER = "sort-"
_SORT = re.compile(r'<meta\b[^>]*?\sdata-pagefind-sort="([\w-]+)\[content\]"')


def with_sort_filters(html: str) -> str:
    """``html`` (as ``for_pagefind`` gives it) with each sort of its ``<head>`` given as
    ``<meta ... data-pagefind-sort="key[content]">`` (``partials/opsdesk/meta.html``) a
    filter too, ``SORT_FILTER`` and the key, of the same value (a page's body has no
    Pagefind attribute of its own: ``source.pagefind_problems``)."""
    head = html.find("</head>")
    if head < 0:
        return html
    return _SORT.sub(lambda found: f'{found.group(0)} data-pagefind-filter='
                     f'"{SORT_FILTER}{found.group(1)}[content]"', html[:head]) + html[head:]


def write_pages(folder: Path, pages: Iterable[tuple[str, str]], *,
                sort_filters: bool = False) -> Iterator[tuple[str, str]]:
    """Write what Pagefind reads of each page (``(dest, HTML)``, ``dest`` relative to the
    site; ``for_pagefind``, and ``with_sort_filters`` if asked) into ``folder`` at its
    place, and yield ``(place, what was written)``: a ``dest`` that leaves the folder is
    refused (``SearchIndexError``), before anything is written outside it.

    Pages are written in the order of their places, however they came: Pagefind reads a
    folder in the order of its listing, which on some file systems (tmpfs) is the order
    the files were made in, so the same pages in a folder give the same index on one file
    system."""
    folder = folder.resolve()
    for dest, html in sorted(pages, key=lambda page: page[0]):
        place = inside(folder, dest)
        target = folder / place
        indexed = for_pagefind(html)
        if sort_filters:
            indexed = with_sort_filters(indexed)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(indexed, encoding="utf-8")
        except OSError as error:  # a page at another's folder; a full disk
            raise SearchIndexError(f"search index not written: {dest!r} could not be staged "
                                   f"({error.strerror or said(error)})") from error
        yield place, indexed


def stage(site_dir: Path, places: Iterable[str], staging: Path, *,
          sort_filters: bool = False) -> None:
    """Write what Pagefind reads of each built page (its place in ``site_dir``, checked by
    ``place_in``; ``for_pagefind``, and ``with_sort_filters`` if asked) into ``staging`` at
    the same place, in the order of their places (as ``write_pages``)."""
    for place in sorted(places):
        target = staging / place
        target.parent.mkdir(parents=True, exist_ok=True)
        html = for_pagefind((site_dir / place).read_text(encoding="utf-8"))
        target.write_text(with_sort_filters(html) if sort_filters else html, encoding="utf-8")


def split(folder: Path, groups: Iterable[Iterable[str]],
          new: Callable[[], Path]) -> list[Path]:
    """Move the staged pages of ``folder`` into one new folder per group of places (each
    ``new()``), in the groups' order, each in the order of its places
    (as ``write_pages``); ``folder`` is removed."""
    folders = []
    for group in groups:
        target = new()
        for place in sorted(group):
            (target / place).parent.mkdir(parents=True, exist_ok=True)
            (folder / place).rename(target / place)
        target.mkdir(exist_ok=True)
        folders.append(target)
    remove(folder)
    return folders


def unlink(folder: Path, places: Iterable[str]) -> None:
    """Remove the pages at ``places`` from a staged ``folder``."""
    for place in places:
        (folder / place).unlink()


def inside(base: Path, dest: str) -> str:
    """``dest`` as a plain path relative to ``base`` (a staging folder: only this package
    writes into it, folders and files, never a link), refused unless it stays inside. So
    the path is read as written, without asking the file system (``resolve`` asked it of
    every folder of every page)."""
    place = posixpath.normpath(dest) if dest and "\x00" not in dest else "."
    if place in (".", "..") or place.startswith(("/", "../")):
        raise SearchIndexError(f"search index not written: {dest!r} is not a page in the site")
    return place


def place_in(site_dir: Path, html: Path | str) -> str:
    """A built page's place in ``site_dir`` (resolved), refused unless it is inside."""
    try:
        source = Path(html).resolve()
    except (ValueError, OSError):  # a NUL in it, a loop of links
        source = Path("/")
    if not source.is_relative_to(site_dir):
        raise SearchIndexError(f"search index not written: {html} is not in {site_dir}")
    return source.relative_to(site_dir).as_posix()


def settled(output: Path, *, timeout: float = 30.0, interval: float = 0.05,
            whole_before: Mapping[str, int] | None = None) -> None:
    """Wait until the files in ``output`` are whole: no file changed size between two
    looks at least ``interval`` seconds apart, and every compressed one reads to its end
    and checksum (each file of a given size is read once, between the looks: the reading
    is most of the wait). ``whole_before``: the files (relative path and size) of an
    index written whole before: Pagefind names its chunks and fragments by their content,
    so one of those names at that size is whole, and is not read again (under serve, most
    of the index is the same from one edit to the next)."""
    deadline = time.monotonic() + timeout
    before = whole_before or {}
    whole: set[tuple[str, int]] = set()
    looked, sizes = time.monotonic(), files_in(output)
    while True:
        whole.update(item for item in sizes.items() if item not in whole and (
            before.get(item[0]) == item[1] or _whole(output, item[0])))
        time.sleep(max(0.0, looked + interval - time.monotonic()))
        looked, now = time.monotonic(), files_in(output)
        if now and now == sizes and whole.issuperset(now.items()):
            break
        if looked > deadline:
            raise SearchIndexError(f"Pagefind did not finish writing {output}")
        sizes = now
    if not (output / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind wrote no index to {output}")


def files_in(folder: Path) -> dict[str, int]:
    """The regular files in ``folder`` and its folders, by path relative to it (``/``
    between folders), with their sizes: not what a link to a folder holds, nor a pipe or
    anything else that is no file (reading one would wait for a writer). (``os.scandir``
    and plain strings: ``Path.rglob`` took twice as long, and the index is listed three
    times while the build waits for it.)"""
    files: dict[str, int] = {}
    folders = [(os.fspath(folder), "")]
    while folders:
        at, prefix = folders.pop()
        try:
            with os.scandir(at) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append((entry.path, f"{prefix}{entry.name}/"))
                    elif entry.is_file():  # a link to a file: the file's size
                        files[prefix + entry.name] = entry.stat().st_size
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue  # removed meanwhile (its files too); one unreadable, as rglob skips it
    return files


def _whole(output: Path, name: str) -> bool:
    """A gzip file (Pagefind's chunks) reads to its end and checksum; others: yes."""
    if not name.endswith(COMPRESSED):
        return True
    try:
        with open(os.path.join(output, name), "rb") as file:
            zlib.decompress(file.read(), wbits=31)  # one member, header to checksum
    except (OSError, zlib.error):
        return False
    return True


def in_order(written: Path, whole_before: Mapping[str, int] | None = None) -> dict[str, int]:
    """Wait for Pagefind's files to be whole (``settled``), then put them in one order
    (``order.canonical``); the files of the index, with their sizes (the next index's
    ``whole_before``)."""
    settled(written, whole_before=whole_before)
    try:
        canonical(written)
    except (FormatError, OSError, ValueError, LookupError, TypeError) as error:
        raise SearchIndexError(f"search index not written: Pagefind's files could not be put "
                               f"in order ({error})") from error
    return files_in(written)


def page_count(index: Path) -> int:
    """The pages in a written index, as its entry file counts them."""
    try:
        entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(int(language["page_count"]) for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.debug(f"search index: no page count in {index} ({said(error)})")
        return 0
