"""What the site publishes, and where: one inventory per build.

Every output the site writes has one entry here, with its kind, its source (as messages
show it), its file in the site folder and its URL, decided by one rule: MkDocs' own
(``mkdocs.structure.files.File``: a page ``a/b.md`` is ``a/b/index.html`` at ``a/b/``
with directory URLs, ``a/b.html`` without; ``README.md`` and ``index.md`` are a folder's
index; a URL is percent-quoted). ``tests/test_inventory.py`` checks ``address`` against
MkDocs' ``File`` on generated names. Modules and templates ask the inventory (or the
views, which are made from it); none computes an address itself.

The sources are scanned first (``scan_folder``): ``content/``, ``site-data/`` and
``templates/`` are hostile too. An entry whose real path (symbolic links resolved) is
outside its folder, a named pipe, socket or device, and a file named like a page in
another case (``x.MD``) are left out, each with a located problem, and nothing of them
is opened, read or copied.

Two outputs on one file or one URL (or a file where another output needs a folder) are
an error naming both; two whose URLs differ only in case or Unicode normalisation are a
warning on both (they collide on macOS and Windows checkouts, and look the same).

This module imports nothing from MkDocs: ``opsdesk check`` builds the same inventory.
"""

from __future__ import annotations

import errno
import os
import posixpath
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote, unquote

from .problems import Problem, Severity, quoted
from .statics import static_refusal

__all__ = ["PAGE_SUFFIXES", "Address", "FolderScan", "Inventory", "Output", "OutputKind",
           "address", "is_page_name", "looks_like_page", "page_path", "scan_folder", "url_of"]

PAGE_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
"""The names MkDocs treats as pages (``mkdocs.utils.markdown_extensions``), matched as it
matches them: case-sensitively."""

#: Where the search index is written, inside the site.
SEARCH_FOLDER = "pagefind"


def is_page_name(name: str) -> bool:
    """Whether MkDocs makes a page of the file ``name``."""
    return name.endswith(PAGE_SUFFIXES)


def looks_like_page(name: str) -> bool:
    """Whether ``name`` is a page's name in another case (``x.MD``): MkDocs would copy it
    as a static file, front matter and all."""
    return not is_page_name(name) and name.lower().endswith(PAGE_SUFFIXES)


@dataclass(frozen=True)
class Address:
    """Where an output is written and read: its file relative to the site folder, and its
    site-relative URL (``guides/x/index.html``, ``guides/x/``)."""

    file: str
    url: str


def address(src_uri: str, *, directory_urls: bool) -> Address:
    """The address MkDocs gives the source ``src_uri`` (``/``-separated, relative to the
    docs folder): a page's as ``File._get_dest_path`` and ``_get_url`` make it, any other
    file's at its own path."""
    if not is_page_name(src_uri):
        return Address(src_uri, quote(src_uri))
    parent, filename = posixpath.split(src_uri)
    stem = posixpath.splitext(filename)[0]
    stem = "index" if stem == "README" else stem
    if not directory_urls or stem == "index":
        file = posixpath.join(parent, stem + ".html")
    else:
        file = posixpath.join(parent, stem, "index.html")
    return Address(file, url_of(file, directory_urls=directory_urls))


def page_path(file: str, *, directory_urls: bool) -> str:
    """The page path whose address is the site file ``file`` (what mkdocs-redirects is
    given): ``a/b/index.html`` → ``a/b.md`` with directory URLs, ``a/b.html`` → ``a/b.md``
    without; ``index.html`` → ``index.md``."""
    if not directory_urls or not file.endswith("index.html"):
        return file.removesuffix(".html") + ".md"
    folder = file.removesuffix("index.html").rstrip("/")
    return f"{folder}.md" if folder else "index.md"


def url_of(file: str, *, directory_urls: bool) -> str:
    """The URL of the site file ``file`` (``a/index.html`` → ``a/`` with directory URLs)."""
    folder, name = posixpath.split(file)
    url = (folder or ".") + "/" if directory_urls and name == "index.html" else file
    return quote(url)


class OutputKind(StrEnum):
    PAGE = "page"
    STATIC = "static file"
    THEME = "theme file"
    LANDING = "generated landing page"
    LISTING = "generated listing page"
    FEED = "feed"
    SITEMAP = "sitemap"
    SEARCH = "search index"
    REDIRECT = "redirect"
    NOT_FOUND = "404 page"
    CARDS = "social cards"


#: The outputs that are folders of the build's own files, with no address of their own.
_FOLDERS = frozenset({OutputKind.SEARCH, OutputKind.CARDS})


@dataclass(frozen=True)
class Output:
    """One file the build writes (a folder, for the search index)."""

    kind: OutputKind
    source: str
    """What it comes from, as messages show it (``content/guides/x.md``, ``the tag page
    of 'crm'``)."""
    file: str
    url: str
    path: str | None = None
    """The page path it is the output of (relative to the docs folder), if any."""


@dataclass
class Inventory:
    """Every output of one build, by file; pages also by their path."""

    directory_urls: bool = True
    outputs: dict[str, Output] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    left_out: dict[str, str] = field(default_factory=dict)
    """Each source that is not published (as messages show it) → why."""
    _by_url: dict[str, Output] = field(default_factory=dict)
    _by_path: dict[str, Output] = field(default_factory=dict)
    _folded: dict[str, Output] = field(default_factory=dict)
    _dirs: dict[str, list[Output]] = field(default_factory=dict)
    """Each folder outputs are written in → those outputs."""

    def address(self, src_uri: str) -> Address:
        """The address of ``src_uri`` by this build's rule."""
        return address(src_uri, directory_urls=self.directory_urls)

    def url(self, path: str) -> str:
        """The URL of the page (or generated page) at ``path``: registered, or as it
        would be."""
        output = self._by_path.get(path)
        return output.url if output else self.address(path).url

    def file(self, path: str) -> str:
        """The site file of the page at ``path``: registered, or as it would be."""
        output = self._by_path.get(path)
        return output.file if output else self.address(path).file

    def get(self, path: str) -> Output | None:
        return self._by_path.get(path)

    def has_file(self, file: str) -> bool:
        """Whether the build writes ``file``."""
        return file in self.outputs

    def taken(self) -> set[str]:
        """Every file registered."""
        return set(self.outputs)

    def copy(self) -> Inventory:
        return Inventory(self.directory_urls, dict(self.outputs), list(self.problems),
                         dict(self.left_out), dict(self._by_url), dict(self._by_path),
                         dict(self._folded),
                         {folder: list(outputs) for folder, outputs in self._dirs.items()})

    def add_source(self, kind: OutputKind, path: str, source: str) -> Output | None:
        """Register the source ``path`` at MkDocs' address for it."""
        where = self.address(path)
        return self.add(kind, source, where.file, where.url, path=path)

    def add(self, kind: OutputKind, source: str, file: str, url: str | None = None, *,
            path: str | None = None) -> Output | None:
        """Register an output; ``None``, with an error at ``source`` naming the other,
        when it lands on a file or URL taken already (or inside a file, or over a folder
        of other outputs)."""
        output = Output(kind, source, file, url if url is not None else file, path)
        other = self._clash(output)
        if other is not None:
            self.leave_out(Problem(source, None, None, _clash_message(output, other)))
            return None
        self.outputs[file] = output
        if kind not in _FOLDERS and kind is not OutputKind.THEME:
            self._by_url.setdefault(output.url, output)
        if path is not None:
            self._by_path[path] = output
        for folder in _folders(file):
            self._dirs.setdefault(folder, []).append(output)
        self._twin(output)
        return output

    def _clash(self, output: Output) -> Output | None:
        taken = self.outputs.get(output.file) or (
            self._by_url.get(output.url) if output.kind not in _FOLDERS else None)
        if taken is not None:
            return taken
        for folder in _folders(output.file):  # a file where this output needs a folder
            if folder in self.outputs:
                return self.outputs[folder]
        inside = self._dirs.get(output.file)  # a folder of other outputs where this is a file
        return inside[0] if inside else None

    def add_generated(self, kind: OutputKind, source: str, *, path: str | None = None,
                      file: str | None = None) -> Output | None:
        """Register an output the build generates (at the address of the page ``path``,
        or at ``file``). It wins over a source in its way: that source is left out, with
        an error at its file (a page at a listing's address already has one, from
        ``listings``)."""
        where = self.address(path) if path is not None else Address(file or "", file or "")
        output = Output(kind, source, where.file, where.url, path)
        while (other := self._clash(output)) is not None:
            if other.kind not in (OutputKind.PAGE, OutputKind.STATIC):
                self.problems.append(Problem(source, None, None,
                                             _clash_message(output, other)))
                return None
            self._remove(other)
            why = Problem(other.source, None, None,
                          f"the build writes {source} at {quoted(output.file)}, where this "
                          f"{other.kind} would be written: rename or move it; it is left out")
            if other.kind is OutputKind.PAGE and kind is OutputKind.LISTING:
                self.left_out[why.path] = why.message  # ``listings`` says so, at its line
            else:
                self.leave_out(why)
        return self.add(kind, source, where.file, where.url, path=path)

    def leave_out(self, problem: Problem) -> None:
        """Record that the source ``problem`` is located at is not published, and why."""
        self.problems.append(problem)
        self.left_out[problem.path] = problem.message

    def _remove(self, output: Output) -> None:
        del self.outputs[output.file]
        if self._by_url.get(output.url) is output:
            del self._by_url[output.url]
        if output.path is not None and self._by_path.get(output.path) is output:
            del self._by_path[output.path]
        for folder in _folders(output.file):
            self._dirs[folder].remove(output)
            if not self._dirs[folder]:
                del self._dirs[folder]

    def _twin(self, output: Output) -> None:
        """A warning on both when ``output``'s URL differs from another's only in case
        or Unicode normalisation."""
        if output.kind not in (OutputKind.PAGE, OutputKind.STATIC):
            return
        key = unicodedata.normalize("NFC", unquote(output.url)).casefold()
        other = self._folded.setdefault(key, output)
        if other is output:
            return
        for one, two in ((output, other), (other, output)):
            self.problems.append(Problem(
                one.source, None, None,
                f"its address {quoted(one.url)} differs from that of {two.source} "
                f"({quoted(two.url)}) only in {_difference(one.url, two.url)}: the two "
                "look the same to readers and collide on macOS and Windows; rename one",
                Severity.WARNING))


def _difference(one: str, two: str) -> str:
    same_form = unicodedata.normalize("NFC", unquote(one)) == \
        unicodedata.normalize("NFC", unquote(two))
    return "Unicode normalisation" if same_form else "case"


def _folders(file: str) -> Iterator[str]:
    """``a/b/c.html`` → ``a``, ``a/b``."""
    parts = file.split("/")[:-1]
    for index in range(1, len(parts) + 1):
        yield "/".join(parts[:index])


def _clash_message(output: Output, other: Output) -> str:
    if other.file == output.file:
        where = f"the file {quoted(output.file)}"
    elif other.url == output.url:
        where = f"the address {quoted(output.url)}"
    elif output.file.startswith(other.file + "/"):
        where = f"{quoted(other.file)}, which this {output.kind} needs as a folder"
    else:
        where = f"the folder {quoted(output.file)}, where the other has its file"
    return (f"this {output.kind} and {other.source} ({other.kind}) are both written to "
            f"{where}: rename or move one; this one is left out")


# -- the source folders ------------------------------------------------------------------


def unreadable(error: OSError) -> str:
    """Why an entry under ``content/`` cannot be read, in an author's words."""
    if error.errno == errno.EISDIR:
        return "is a folder, not a page: rename it (only a page's file ends in .md)"
    if error.errno == errno.ELOOP:
        return "is a symbolic link that leads back to itself: remove it"
    if error.errno == errno.ENOENT:
        return "is a symbolic link to nothing: remove it, or restore what it points to"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read: permission denied"
    return f"cannot be read: {error.strerror or type(error).__name__}"


@dataclass(frozen=True)
class Entry:
    """One file under a source folder, by its path relative to the folder."""

    path: str
    disk: str
    """Its path on disk, as found (not resolved)."""


@dataclass
class FolderScan:
    """The files of one source folder that may be read, and what was left out."""

    folder: Path
    shown: str
    files: dict[str, Entry] = field(default_factory=dict)
    left_out: set[str] = field(default_factory=set)
    """Paths (files or folders) left out; nothing under them is read."""
    problems: list[Problem] = field(default_factory=list)
    content: bool = False
    """Whether the folder holds the authors' content (``scan_folder``)."""

    def allows(self, relative: str) -> bool:
        """Whether the file at ``relative`` may be read and published."""
        return relative in self.files


def scan_folder(folder: Path, *, shown: str, project: Path | None = None,
                content: bool = False) -> FolderScan:
    """Walk ``folder`` (following symbolic links that stay inside it) and sort its files
    from what is left out: entries whose real path is outside it, symbolic links in a
    loop or to nothing, pipes, sockets and devices, files named like a page in another
    case; and, where ``folder`` holds the ``content`` (authors' files, not the theme's),
    documents a browser would run (``statics.static_refusal``). Names starting with ``.``
    are skipped, as MkDocs' default ``exclude_docs`` does. Nothing else is opened: entries
    are only ``lstat``/``stat``-ed. A folder that ``escapes`` the ``project`` is left out
    whole."""
    scan = FolderScan(folder, shown, content=content)
    if project is not None and escapes(folder, project):
        _leave_out(scan, "", FOLDER_OUTSIDE)
        return scan
    root = os.path.realpath(folder)
    if not os.path.isdir(root):
        return scan
    _walk(scan, root, str(folder), "", {root})
    return scan


def _walk(scan: FolderScan, root: str, here: str, relative: str, chain: set[str]) -> None:
    try:
        with os.scandir(here) as found:
            entries = sorted(found, key=lambda e: e.name)
    except OSError as error:
        _leave_out(scan, relative, f"cannot be read: {error.strerror or type(error).__name__}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = f"{relative}/{entry.name}" if relative else entry.name
        why, real = _refusal(root, entry.path, entry.is_symlink())
        if why is not None:
            _leave_out(scan, path, why)
            continue
        mode = os.stat(entry.path).st_mode
        if stat.S_ISDIR(mode):
            if is_page_name(entry.name):
                scan.problems.append(Problem(
                    f"{scan.shown}/{path}", None, None, "is a folder named like a page: "
                    "rename it (only a page's file ends in .md)", Severity.WARNING))
            if real in chain:
                _leave_out(scan, path, "is a symbolic link to a folder that contains it: "
                           "remove it")
                continue
            _walk(scan, root, entry.path, path, chain | {real})
        elif not stat.S_ISREG(mode):
            _leave_out(scan, path, f"is {_special(mode)}, not a file: remove it (nothing of "
                       "it is read)")
        elif looks_like_page(entry.name):
            ext = posixpath.splitext(entry.name)[1]
            _leave_out(scan, path, f"is named like a page, but '{ext}' is not a page's "
                       f"extension: rename it to end in '{ext.lower()}' (it is not "
                       "published)", Severity.WARNING)
        elif scan.content and not is_page_name(entry.name) \
                and (refusal := static_refusal(path, entry.path)) is not None:
            _leave_out(scan, path, refusal)
        else:
            scan.files[path] = Entry(path, entry.path)


def _refusal(root: str, disk: str, link: bool) -> tuple[str | None, str]:
    """Why the entry at ``disk`` may not be read (``None`` when it may), and its real path."""
    real = os.path.realpath(disk)
    if link:
        try:
            os.stat(disk)
        except OSError as error:
            return unreadable(error), real
    if not _within(real, root):
        return ("is a symbolic link to something outside its folder: nothing outside it is "
                "published; copy the file in instead"), real
    return None, real


def _within(path: str, folder: str) -> bool:
    """Whether the real path ``path`` is ``folder`` or inside it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


#: Why a source folder that is a link out of the project is not read.
FOLDER_OUTSIDE = ("is a symbolic link to a folder outside the project: nothing of it is "
                  "read or published; make it a folder of the project")


def escapes(folder: Path, root: Path) -> bool:
    """Whether ``folder``, written as a folder of the project ``root`` (``content``), is
    really elsewhere: it, or a folder above it, is a symbolic link out of the project. A
    folder the configuration names outside the project (``../theme``) is the operator's
    choice, not an escape."""
    top = os.path.realpath(root)
    here = os.path.abspath(folder)
    while os.path.realpath(here) != top:
        parent = os.path.dirname(here)
        if parent == here:
            return False  # not written below the project's folder
        here = parent
    return not _within(os.path.realpath(folder), top)


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a plain file"


def _leave_out(scan: FolderScan, path: str, why: str,
               severity: Severity = Severity.ERROR) -> None:
    scan.left_out.add(path)
    shown = f"{scan.shown}/{path}" if path else scan.shown
    scan.problems.append(Problem(shown, None, None, why, severity))


def confined_file(folder: Path, name: str) -> tuple[Path | None, str | None]:
    """``(path, None)`` when ``folder/name`` may be read (a plain file whose real path is
    inside ``folder``), else ``(None, why)``; ``(None, None)`` when it does not exist."""
    disk = folder / name
    if not os.path.lexists(disk):
        return None, None
    why, _ = _refusal(os.path.realpath(folder), str(disk), disk.is_symlink())
    if why is not None:
        return None, why
    mode = os.stat(disk).st_mode
    if not stat.S_ISREG(mode):
        return None, "is a folder, not a file" if stat.S_ISDIR(mode) \
            else f"is {_special(mode)}, not a file"
    return disk, None


def published_sources(scan: FolderScan, *,
                      directory_urls: bool) -> tuple[list[str], list[Problem]]:
    """The paths of ``scan``'s files that MkDocs publishes by default, and a warning for
    each it leaves out: ``templates/`` at the folder's top (MkDocs' default
    ``exclude_docs``, with names starting with ``.``, which the scan skips), and of the
    pages of one folder written to one file (``README.md`` and ``index.md``, ``a.md`` and
    ``a.markdown``) all but the one MkDocs keeps: the last in its order, which puts
    ``index`` and ``README`` first."""
    paths = [path for path in scan.files if not path.startswith("templates/")]
    winners: dict[str, str] = {}
    for path in sorted(paths, key=_mkdocs_order):
        winners[address(path, directory_urls=directory_urls).file] = path
    problems = []
    for path in paths:
        kept = winners[address(path, directory_urls=directory_urls).file]
        if kept != path:
            problems.append(Problem(
                f"{scan.shown}/{path}", None, None,
                f"is not published: {scan.shown}/{kept} is written to the same file "
                f"{quoted(address(path, directory_urls=directory_urls).file)}; keep one",
                Severity.WARNING))
    published = set(winners.values())
    return [path for path in paths if path in published], problems


def _mkdocs_order(path: str) -> tuple[str, bool, str]:
    """The order in which MkDocs' ``get_files`` meets the files of one folder."""
    folder, name = posixpath.split(path)
    return folder, posixpath.splitext(name)[0] not in ("index", "README"), name


def sources_inventory(scan: FolderScan, paths: Iterable[str], *, directory_urls: bool,
                      doubles: Iterable[Problem] = ()) -> Inventory:
    """The outputs of the source files ``paths`` of ``scan``'s folder: pages first, then
    static files, each in path order (so the same file loses a clash in the build and in
    ``opsdesk check``); and what the scan left out, and the ``doubles`` (pages of one
    folder on one file, ``published_sources``), as left out. The problems of those are
    the scan's and ``published_sources``' to report."""
    inventory = Inventory(directory_urls)
    left_out = [p for p in scan.problems
                if ("" if p.path == scan.shown else p.path.removeprefix(scan.shown + "/"))
                in scan.left_out]
    for problem in [*left_out, *doubles]:
        inventory.left_out[problem.path] = problem.message
    ordered = sorted(paths, key=lambda path: (not is_page_name(path), path))
    for path in ordered:
        kind = OutputKind.PAGE if is_page_name(path) else OutputKind.STATIC
        inventory.add_source(kind, path, f"{scan.shown}/{path}")
    return inventory
