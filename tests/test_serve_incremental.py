"""Under ``mkdocs serve``, each kind of edit leaves the served site equal to a clean build.

The server is the real ``mkdocs serve``; after each edit the test waits for the reload,
fetches every page and the search index over HTTP, and compares them with a fresh full
build of the same files (made with the same serve URL, as ``mkdocs serve`` builds).
The search index is rebuilt in the background after each build: it must match within
``SEARCH_SECONDS``. The race tests run twice: with the index in one part, as a site of
this size has it, and in several (``OPSDESK_SEARCH_PART_PAGES``, ``search.parts``).
"""

from __future__ import annotations

import gzip
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.error import HTTPError

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from opsdesk import internals
from opsdesk.csp import script_hash
from opsdesk.mkdocs_session import PART_PAGES

from .support.search import decode_pagefind, search_index
from .support.serve import Server, edit, free_port
from .support.sites import write_site

#: How long the served search index may lag behind the served pages.
SEARCH_SECONDS = 20

MORE = {
    "content/guides/delta.md": """
        ---
        title: Delta Guide
        description: The fourth guide.
        updated: 2026-05-01
        tags: [shared]
        ---

        Delta body, with a [link to alpha](alpha.md).
        """,
    # ten more guides, after the others: the lane's cards fill its landing page
    # (CARDS_PER_PAGE, 12) and go on on guides/page/2/
    **{f"content/guides/more-{i}.md": f"""
        ---
        title: More {i}
        description: One more guide.
        updated: 2026-04-{10 + i}
        order: {10 + i}
        ---

        More body {i}.
        """ for i in range(10)},
}


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    """``mkdocs serve`` of the fixture site and ``MORE``; with a parameter, the search
    index in parts of that many pages."""
    write_site(tmp_path, MORE)
    if part_pages := getattr(request, "param", None):
        monkeypatch.setenv(PART_PAGES, part_pages)
    running = Server(tmp_path, free_port())
    try:
        running.wait_for("Serving on", 1)
        yield running
    finally:
        running.stop()


_LIVERELOAD = re.compile(rb"<script>([^<]*livereload[^<]*)</script>(?=</body>)", re.S)


def _as_built(served: bytes) -> bytes:
    """A served page as the build wrote it: without MkDocs' live-reload script, and
    without that script's hash in the page's policy (``internals.allow_live_reload``)."""
    found = _LIVERELOAD.search(served)
    if found is None:
        return served
    allowed = f" {script_hash(found.group(1).decode())}".replace("'", "&#39;").encode()
    assert allowed in served
    return _LIVERELOAD.sub(b"", served).replace(allowed, b"", 1)


def _reference(server: Server, out: Path) -> Path:
    """A clean full build of the files as they are now, as ``mkdocs serve`` makes it."""
    config = load_config(config_file=str(server.root / "mkdocs.yml"), site_dir=str(out))
    config.site_url = server.url
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url=server.url)
        assert config.plugins["opsdesk"].carry.search.wait(timeout=60)  # indexed in a thread
    finally:
        config.plugins.on_shutdown()
    return out


def _assert_served_equals_clean_build(server: Server, reference: Path) -> None:
    pages = sorted(p.relative_to(reference).as_posix() for p in reference.rglob("*.html"))
    assert "guides/beta/index.html" in pages
    assert "guides/page/2/index.html" in pages
    for page in pages:
        served = _as_built(server.get(page))
        assert served.decode() == (reference / page).read_text(encoding="utf-8"), page
    # the sitemap (each page's date) and the feeds, as the clean build writes them
    written = sorted(p.relative_to(reference).as_posix() for p in reference.glob("*.xml*"))
    assert "sitemap.xml" in written
    for name in written:
        assert server.get(name) == (reference / name).read_bytes(), name
    expected = search_index(reference)
    assert "/guides/beta/" in expected
    deadline = time.monotonic() + SEARCH_SECONDS
    while (served := _served_index(server)) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    assert served == expected


def _index_folders(server: Server) -> list[str]:
    """The folders of the served index's parts: ``pagefind/``, and those a served page
    names (``data-parts``: under serve, for an index in parts)."""
    named = re.search(rb'data-parts="([^"]*)"', server.get(""))
    return ["pagefind/", *(named.group(1).decode().split() if named else [])]


def _served_index(server: Server) -> dict[str, Any]:
    """The served Pagefind index, page by page (as ``support.search.search_index`` reads files),
    every part's: the fragments named in each metadata file, fetched as the browser does."""
    index = {}
    for folder in _index_folders(server):
        try:
            entry = json.loads(server.get(f"{folder}pagefind-entry.json"))
            (language, about), = entry["languages"].items()
            meta = gzip.decompress(server.get(f"{folder}pagefind.{about['hash']}.pf_meta"))
        except (HTTPError, ValueError, OSError):  # gzip's BadGzipFile is an OSError
            return {}  # being swapped for the new one, or the site folder being cleaned
        # Chunks are named ``<language>_<hash>``; the metadata file (CBOR) names them all.
        for name in sorted(set(re.findall(rf"{language}_[0-9a-f]{{7,}}".encode(), meta))):
            try:
                fragment = decode_pagefind(
                    server.get(f"{folder}fragment/{name.decode()}.pf_fragment"))
            except HTTPError:
                continue  # an index or filter chunk, not a page's fragment
            except (ValueError, OSError):
                return {}  # swapped while we read: read again
            assert fragment["url"] not in index, fragment["url"]  # in one part only
            index[fragment["url"]] = fragment
    return index


# Each edit in turn, on top of the previous ones: (file, old, new, how it is rebuilt).
EDITS = [
    ("content/guides/beta.md", "Beta body", "Beta body, edited", "incremental"),
    # Its card on the landing page and on its tags' pages: views like any other.
    ("content/guides/beta.md", "title: Beta Guide", "title: Beta Guide Renamed", "incremental"),
    # First in the lane: every card after it moves, one from the landing page to page 2.
    ("content/guides/gamma.md", "updated: 2026-07-01", "updated: 2026-07-01\norder: 0",
     "incremental"),
    ("content/guides/more-9.md", "title: More 9", "title: More 9, renamed on page 2",
     "incremental"),
    ("content/guides/delta.md", "tags: [shared]", "tags: [gamma-only]", "full"),
    ("content/guides/delta.md", "updated: 2026-05-01", "updated: 2026-08-01", "incremental"),
    ("content/guides/delta.md", "description: The fourth guide.",
     "description: The fourth guide, described again.", "incremental"),
    ("content/guides/delta.md", "tags: [gamma-only]", "tags: [gamma-only]\ndraft: true", "full"),
    ("site-data/lanes.yml", "description: Decision guides.",
     "description: Decision guides, edited.", "full"),
    ("mkdocs.yml", "site_name: Fixture Desk", "site_name: Fixture Desk Renamed", "full"),
    ("content/guides/beta.md", "Beta body, edited", "Beta body, edited after the full builds",
     "incremental"),
]


def test_each_kind_of_edit_serves_what_a_clean_build_makes(server: Server,
                                                            tmp_path: Path) -> None:
    _assert_served_equals_clean_build(server, _reference(server, tmp_path / "ref-0"))

    for number, (name, old, new, kind) in enumerate(EDITS, start=1):
        log_before = len(server.text())
        edit(tmp_path, name, old, new)
        server.wait_for("Reloading browsers", 1, after=log_before)
        rebuilt = server.text()[log_before:]
        if kind == "incremental":
            assert "Rebuilt " in rebuilt, (name, rebuilt)
            assert "Building documentation" not in rebuilt, (name, rebuilt)
        else:
            assert "Building documentation" in rebuilt, (name, rebuilt)
        _assert_served_equals_clean_build(server, _reference(server, tmp_path / f"ref-{number}"))


# A field added to a block's view, and a template that shows it: a site's own hook adds
# the target's description to every page link of the views, and its own next-page.html
# prints it. Nothing else changes: which pages the preview renders again follows from
# comparing views, so the page that links to the edited one shows the edit.
DESCRIBED_LINKS = {
    "hooks.py": """
        import dataclasses

        from opsdesk import view


        @dataclasses.dataclass(frozen=True)
        class DescribedLink(view.Link):
            description: str = ""


        plain_link = view._Builder._link


        def described_link(self, from_url, path):
            link = plain_link(self, from_url, path)
            return DescribedLink(link.path, link.title, link.url,
                                 self.portfolio.pages[path].meta.description)


        view._Builder._link = described_link
        """,
    "overrides/partials/opsdesk/next-page.html": """
        <nav class="opsdesk-next"><a href="{{ view.next.url }}">{{ view.next.title }}</a>
        <span class="next-description">{{ view.next.description }}</span></nav>
        """,
}


def test_a_new_field_of_a_view_is_previewed_with_no_other_change(tmp_path: Path) -> None:
    write_site(tmp_path, DESCRIBED_LINKS)
    edit(tmp_path, "mkdocs.yml", "  font: false", "  font: false\n  custom_dir: overrides")
    edit(tmp_path, "mkdocs.yml", "markdown_extensions:", "hooks: [hooks.py]\nmarkdown_extensions:")
    running = Server(tmp_path, free_port())
    try:
        running.wait_for("Serving on", 1)
        assert b"The second guide." in running.get("guides/alpha/")  # alpha's next is beta

        log_before = len(running.text())
        edit(tmp_path, "content/guides/beta.md", "description: The second guide.",
              "description: The second guide, told anew.")
        running.wait_for("Reloading browsers", 1)

        rebuilt = running.text()[log_before:]
        assert "Rebuilt " in rebuilt
        assert "Building documentation" not in rebuilt
        assert b"The second guide, told anew." in running.get("guides/alpha/")
    finally:
        running.stop()


@contextmanager
def _reading_the_index(server: Server) -> Iterator[list[str]]:
    """While the block runs, a reader polls the served index (its script; each part's
    entry and metadata file) every 10 ms; yields the requests that failed (``404 <url>``)."""
    failures: list[str] = []
    done = threading.Event()
    folders = _index_folders(server)

    def read_the_index() -> None:
        while not done.is_set():
            try:
                server.get("pagefind/pagefind.js")
                for folder in folders:
                    entry = json.loads(server.get(f"{folder}pagefind-entry.json"))
                    (about,) = entry["languages"].values()
                    server.get(f"{folder}pagefind.{about['hash']}.pf_meta")
            except HTTPError as error:
                failures.append(f"{error.code} {error.url}")
            time.sleep(0.01)

    reader = threading.Thread(target=read_the_index)
    reader.start()
    try:
        yield failures
    finally:
        done.set()
        reader.join()


#: A fragment that is not one: the server logs each 404 as a warning, and _served_index
#: asks for chunks as fragments.
_NOT_A_FRAGMENT = re.compile(r'"GET /pagefind/(part-\d+/)?fragment/\S+ HTTP/[\d.]+" code 404')


def _warnings(log: str) -> list[str]:
    """The warnings of ``log``, but for the chunks ``_served_index`` asked for as fragments."""
    return [line for line in log.splitlines()
            if "WARNING" in line and not _NOT_A_FRAGMENT.search(line)]


#: The race tests' servers: the index in one part (a site of this size), and in parts of
#: 4 pages (five parts).
ONE_PART_AND_PARTS = pytest.mark.parametrize("server", [None, "4"], indirect=True,
                                             ids=["one part", "parts"])


@ONE_PART_AND_PARTS
def test_search_is_served_throughout_whole_site_rebuilds_and_races_of_saves(
        server: Server) -> None:
    """Issue 24: under serve, the previous index is served until the new one is complete,
    then swapped in at once: a reader polling it meanwhile never gets a 404, not even while
    MkDocs cleans the site folder for a whole-site rebuild, and saves that race each other
    print no warning. In parts, each part so."""
    server.wait_for("Search index updated", 1)
    with _reading_the_index(server) as failures:
        after = len(server.text())
        for turn in range(4):  # whole-site rebuilds, the later saves during earlier ones
            edit(server.root, "site-data/lanes.yml", "description: Decision guides",
                 f"description: Decision guides {turn},")
            time.sleep(0.4)
        edit(server.root, "content/guides/beta.md", "Beta body", "Beta quixotically")
        deadline = time.monotonic() + SEARCH_SECONDS
        while "quixotically" not in json.dumps(_served_index(server)):
            assert time.monotonic() < deadline, server.text()[after:]
            time.sleep(0.2)
    assert failures == []
    assert "search index not updated" not in server.text()[after:]
    assert _warnings(server.text()[after:]) == []


@ONE_PART_AND_PARTS
def test_saves_that_race_each_other_print_no_warning_and_search_holds_the_last(
        server: Server) -> None:
    """Issue 24: saves of two pages in quick succession, each rendered alone (the second
    save lands while the first is rendered or its index written): no warning, no 404 of
    the index while they race, and the index ends holding the last edit of each page."""
    server.wait_for("Search index updated", 1)
    with _reading_the_index(server) as failures:
        after = len(server.text())
        for turn, pause in enumerate((0.05, 0.3, 0.6)):
            edit(server.root, "content/guides/beta.md", "Beta body", f"Beta body bq{turn}zz")
            time.sleep(pause)
            edit(server.root, "content/guides/delta.md", "Delta body", f"Delta body dq{turn}zz")
            time.sleep(pause)
        deadline = time.monotonic() + SEARCH_SECONDS
        while not {"bq2zz", "dq2zz"} <= set(re.findall(r"[bd]q\dzz",
                                                       json.dumps(_served_index(server)))):
            assert time.monotonic() < deadline, server.text()[after:]
            time.sleep(0.2)
    log = server.text()[after:]
    assert "Rebuilt " in log
    assert "Building documentation" not in log  # each save rendered alone, not the site
    assert failures == []
    assert _warnings(log) == []
    assert b"bq2zz" in server.get("guides/beta/")
    assert b"dq2zz" in server.get("guides/delta/")


def test_an_edit_writes_the_sitemap_again_only_when_a_page_s_date_changed(
        tmp_path: Path) -> None:
    """Issue 24: the sitemap lists every page, with its date; an edit that changes no
    date leaves it as it is (an incremental edit changes no address), one that changes a
    date writes it again. In process: MkDocs' build as ``mkdocs serve`` makes it, then the
    incremental builder ``on_serve`` installs, with MkDocs' own server (not serving)."""
    root, site = tmp_path / "project", tmp_path / "site"
    write_site(root, MORE)
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site))

    def whole_build(*_config: object) -> None:
        raise AssertionError("an incremental edit took a whole build")

    try:
        config.site_url = "http://127.0.0.1:8000/"
        build(config, serve_url=config.site_url)
        plugin = config.plugins["opsdesk"]
        builder = internals.IncrementalBuilder(lambda: plugin.current, whole_build, server,
                                               [Path(config.docs_dir)])
        sitemap = site / "sitemap.xml"
        first = sitemap.stat().st_mtime_ns

        edit(root, "content/guides/beta.md", "Beta body", "Beta body, edited")
        builder()
        assert "Beta body, edited" in (site / "guides/beta/index.html").read_text("utf-8")
        assert sitemap.stat().st_mtime_ns == first

        edit(root, "content/guides/delta.md", "updated: 2026-05-01", "updated: 2026-08-01")
        builder()
        assert sitemap.stat().st_mtime_ns != first
        assert "<lastmod>2026-08-01</lastmod>" in sitemap.read_text("utf-8")
    finally:
        server.server_close()
        config.plugins.on_shutdown()
