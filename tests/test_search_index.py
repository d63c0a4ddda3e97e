"""The search index (``opsdesk.search``, Pagefind) as a library: exactly the pages it is
given, a fresh index each time, and background updates that end with the last request."""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from opsdesk.search import LiveIndex, SearchIndexError, build_search_index, staging
from opsdesk.search import order as search_order

from .support.search import search_index, site_files
from .support.sites import build_written, copy_repo_site


def page(site: Path, url: str, title: str, text: str) -> Path:
    """A built page at ``url`` whose indexed part is its title and ``text``."""
    path = site / url / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<!doctype html><html lang="en"><head><title>{title}</title></head>'
                    f"<body><nav>Menu</nav><main data-pagefind-body><h1>{title}</h1>"
                    f"<p>{text}</p></main></body></html>", encoding="utf-8")
    return path


def alpha_and_beta(site: Path) -> list[tuple[str, Path]]:
    """Two built pages, as ``publish`` and ``expect`` take them."""
    return [("alpha/", page(site, "alpha", "Alpha", "Alpha words.")),
            ("beta/", page(site, "beta", "Beta", "Beta words."))]


def add_built(index: LiveIndex, *pages: tuple[str, Path]) -> None:
    """Add each page as MkDocs' ``on_post_page`` would: its place and its HTML."""
    for url, html in pages:
        index.add(f"{url}index.html", html.read_text(encoding="utf-8"))


def test_only_the_pages_given_are_indexed_and_the_old_index_goes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    alpha = page(site, "alpha", "Alpha", "Alpha words.")
    page(site, "beta", "Beta", "Beta words, in the site but not in the list.")
    (site / "pagefind").mkdir()
    (site / "pagefind" / "left-over.js").write_text("old", encoding="utf-8")

    result = build_search_index(site, [("alpha/", alpha)])

    assert result.pages == 1
    index = search_index(site)
    assert list(index) == ["/alpha/"]
    assert index["/alpha/"]["content"] == "Alpha. Alpha words."  # not the <nav>
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not (site / "pagefind" / "left-over.js").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder left


SHM = Path("/dev/shm")  # noqa: S108 - a folder of our own is made in it


@pytest.mark.skipif(not SHM.is_dir() or SHM.stat().st_dev == Path(__file__).stat().st_dev,
                    reason="needs a temporary folder on another file system (/dev/shm)")
def test_an_index_staged_on_another_file_system_is_swapped_in_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The staging folder on another file system than the site's (as in memory, or a
    chosen ``TMPDIR``): the index written beside its place in the site and renamed in, the
    same index, and nothing left in either place."""
    temp = Path(tempfile.mkdtemp(dir=SHM))
    try:
        monkeypatch.setenv("TMPDIR", str(temp))
        monkeypatch.setattr(tempfile, "tempdir", str(temp))
        site = tmp_path / "site"
        (site / "pagefind").mkdir(parents=True)
        (site / "pagefind" / "left-over.js").write_text("old", encoding="utf-8")
        pages = alpha_and_beta(site)
        index = LiveIndex(site)
        try:
            add_built(index, pages[0])  # alpha: added; beta: staged from its built file
            assert index.publish(pages).pages == 2
            assert index.staging.stat().st_dev != site.stat().st_dev
        finally:
            index.close()

        assert sorted(search_index(site)) == ["/alpha/", "/beta/"]
        assert not (site / "pagefind" / "left-over.js").exists()
        assert sorted(p.name for p in site.iterdir()) == ["alpha", "beta", "pagefind"]
        assert list(temp.iterdir()) == []
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def test_a_file_outside_the_site_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    page(site, "alpha", "Alpha", "Alpha words.")
    stray = page(tmp_path / "elsewhere", "x", "X", "Stray.")

    with pytest.raises(SearchIndexError) as error:
        build_search_index(site, [("x/", stray)])

    assert str(error.value) == f"search index not written: {stray} is not in {site}"
    assert not (site / "pagefind").exists()


def test_background_updates_end_with_the_index_of_the_last_request(tmp_path: Path) -> None:
    site = tmp_path / "site"
    alpha = page(site, "alpha", "Alpha", "Alpha words.")
    beta = page(site, "beta", "Beta", "Beta words.")
    index = LiveIndex(site)
    try:
        index.publish_later([("alpha/", alpha)])
        index.publish_later([("beta/", beta)])
        index.publish_later([("alpha/", alpha), ("beta/", beta)])

        assert index.wait(timeout=120)
        assert sorted(search_index(site)) == ["/alpha/", "/beta/"]
        assert index.failures == 0
    finally:
        index.close()


def test_a_page_added_again_replaces_its_earlier_version(tmp_path: Path) -> None:
    """Pagefind keeps one page per URL: under serve, only the pages written again are
    sent after an edit, and the old words of an edited page are gone."""
    site = tmp_path / "site"
    pages = alpha_and_beta(site)
    index = LiveIndex(site)
    try:
        index.publish(pages)
        page(site, "alpha", "Alpha", "Alpha words, edited.")
        add_built(index, pages[0])
        result = index.publish(pages)
    finally:
        index.close()

    assert result.pages == 2
    assert {url: p["content"] for url, p in search_index(site).items()} == {
        "/alpha/": "Alpha. Alpha words, edited.", "/beta/": "Beta. Beta words."}


def test_a_page_no_longer_listed_leaves_the_index(tmp_path: Path) -> None:
    site = tmp_path / "site"
    pages = alpha_and_beta(site)
    index = LiveIndex(site)
    try:
        index.publish(pages)
        result = index.publish(pages[:1])  # beta deleted, or turned draft
    finally:
        index.close()

    assert result.pages == 1
    assert list(search_index(site)) == ["/alpha/"]


def wait_for(condition: Callable[[], bool], timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_the_index_is_written_once_the_last_expected_page_is_added(tmp_path: Path) -> None:
    """``mkdocs build`` says which pages it will list: the index is written as soon as
    the last of them is added, before ``publish`` (while MkDocs writes other pages)."""
    site = tmp_path / "site"
    pages = alpha_and_beta(site)
    index = LiveIndex(site)
    try:
        index.expect(pages)
        add_built(index, pages[0])
        assert not wait_for((site / "pagefind").exists, timeout=1)  # not before the last
        add_built(index, pages[1])

        assert wait_for((site / "pagefind" / "pagefind-entry.json").exists)
        result = index.publish(pages)
    finally:
        index.close()

    assert result.pages == 2
    assert sorted(search_index(site)) == ["/alpha/", "/beta/"]


def test_a_page_added_again_after_the_early_index_is_in_the_published_one(
        tmp_path: Path) -> None:
    site = tmp_path / "site"
    pages = alpha_and_beta(site)
    index = LiveIndex(site)
    try:
        index.expect(pages)
        add_built(index, *pages)
        page(site, "alpha", "Alpha", "Alpha words, written again.")
        add_built(index, pages[0])
        result = index.publish(pages)
    finally:
        index.close()

    assert result.pages == 2
    assert search_index(site)["/alpha/"]["content"] == "Alpha. Alpha words, written again."


def test_publish_of_other_pages_than_expected_holds_exactly_those(tmp_path: Path) -> None:
    site = tmp_path / "site"
    pages = alpha_and_beta(site)
    gamma = ("gamma/", page(site, "gamma", "Gamma", "Gamma words, never added."))
    index = LiveIndex(site)
    try:
        index.expect(pages)
        add_built(index, *pages)
        result = index.publish([pages[0], gamma])
    finally:
        index.close()

    assert result.pages == 2
    assert sorted(search_index(site)) == ["/alpha/", "/gamma/"]


def test_an_expected_page_outside_the_site_is_told_by_publish(tmp_path: Path) -> None:
    site = tmp_path / "site"
    alpha = ("alpha/", page(site, "alpha", "Alpha", "Alpha words."))
    stray = ("x/", page(tmp_path / "elsewhere", "x", "X", "Stray."))
    index = LiveIndex(site)
    try:
        index.expect([alpha, stray])
        add_built(index, alpha)
        with pytest.raises(SearchIndexError) as error:
            index.publish([alpha, stray])
    finally:
        index.close()

    assert str(error.value) == f"search index not written: {stray[1]} is not in {site}"
    assert not (site / "pagefind").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "site"]


def test_a_listed_file_with_a_nul_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    alpha = page(site, "alpha", "Alpha", "Alpha words.")
    odd = f"{site}/x\x00/index.html"

    with pytest.raises(SearchIndexError) as error:
        build_search_index(site, [("alpha/", alpha), ("x/", odd)])

    assert str(error.value) == f"search index not written: {odd} is not in {site}"


def pagefind_files(output: Path) -> dict[str, bytes]:
    """The metadata and filter files of an index, name → content (decompressed)."""
    return {str(path.relative_to(output)): gzip.decompress(path.read_bytes())
            for pattern in ("pagefind.*.pf_meta", "filter/*.pf_filter")
            for path in sorted(output.glob(pattern))}


def test_pagefinds_own_files_are_read_and_written_back_byte_for_byte(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CBOR of Pagefind's metadata and filter files, as cbor2 writes it again, is
    Pagefind's own, byte for byte, and so is each name (its hash). Files already in their
    one order (one filter of one value, one sort) keep their content and their name."""
    site = tmp_path / "site"
    alpha = page(site, "alpha", "Alpha", 'Alpha words. <span data-pagefind-filter="team">Ops'
                 '</span><span data-pagefind-sort="weight">2</span>')
    monkeypatch.setattr("opsdesk.search.staging.canonical", lambda output: None)  # Pagefind's own
    build_search_index(site, [("alpha/", alpha)])
    raw = tmp_path / "raw"
    shutil.copytree(site / "pagefind", raw)

    own = pagefind_files(raw)
    assert any(name.startswith("filter/") for name in own)
    for name, data in own.items():
        assert data.startswith(search_order.MAGIC)
        body = data[len(search_order.MAGIC):]
        value = search_order._read(raw / name)
        assert search_order._encode(value) == body
        stem = Path(name).name.split(".")[-2]  # pagefind.en_1a2b3c.pf_meta, en_4d5e.pf_filter
        language, short = stem.split("_", 1)
        assert search_order._hash(body).startswith(short)
        assert language == "en"

    search_order.canonical(raw)

    assert pagefind_files(raw) == own
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert json.loads((raw / "pagefind-entry.json").read_text(encoding="utf-8")) == entry


@pytest.mark.parametrize("body", [
    b"\x82\x01\x61a\x00",  # [1, "a"], then a byte after the end
    b"\x9f\x01\xff",  # an indefinite-length array
    b"\x81\x18\x01",  # 1 in two bytes, not its shortest form
    b"\x82\x01",  # cut short
    b"\x81\x61\xff",  # a text string that is not UTF-8
], ids=["trailing", "indefinite", "long-form", "short", "not-utf8"])
def test_cbor_pagefind_would_not_write_is_refused(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "x.pf_filter"
    path.write_bytes(gzip.compress(search_order.MAGIC + body, mtime=0))

    with pytest.raises(search_order.FormatError):
        search_order._read(path)


def test_pagefind_is_given_the_indexed_part_and_indexes_as_from_whole_pages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind reads only a page's head and its ``data-pagefind-body`` part (a third of
    its bytes), and writes the very index it writes from the whole pages."""
    copy_repo_site(tmp_path)
    built = build_written(tmp_path, search=True)
    pages = [(path.parent.relative_to(built.site).as_posix() + "/", path)
             for path in sorted(built.site.rglob("index.html"))
             if "data-pagefind-body" in path.read_text(encoding="utf-8")]
    assert len(pages) >= 10
    whole_bytes = sum(len(path.read_text(encoding="utf-8")) for _, path in pages)
    given = sum(len(staging.for_pagefind(path.read_text(encoding="utf-8"))) for _, path in pages)
    assert given < whole_bytes / 2

    def index() -> dict[str, bytes]:
        build_search_index(built.site, pages)
        return {name: data for name, data in site_files(built.site).items()
                if name.startswith("pagefind/")}

    trimmed = index()
    monkeypatch.setattr(staging, "for_pagefind", lambda html: html)
    assert index() == trimmed


def test_each_built_file_is_placed_in_the_site_once_per_session(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 24: under serve every edit lists every page; each file's place in the site
    (a path resolved on disk) is found once, not again after each edit."""
    site = tmp_path / "site"
    pages = alpha_and_beta(site)
    placed: list[str] = []
    place_in = staging.place_in

    def counted(site_dir: Path, html: Path | str) -> str:
        placed.append(str(html))
        return place_in(site_dir, html)

    monkeypatch.setattr("opsdesk.search.front.place_in", counted)
    index = LiveIndex(site, background=True)
    try:
        for _edit in range(3):
            index.publish_later(pages)
        assert index.wait(timeout=120)
        assert sorted(search_index(site)) == ["/alpha/", "/beta/"]
    finally:
        index.close()
    assert sorted(placed) == sorted(str(html) for _url, html in pages)


def test_a_file_of_the_last_whole_index_is_not_read_again(tmp_path: Path) -> None:
    """Issue 24: a chunk named as one of the index written whole before, at its size, is
    whole (Pagefind names chunks by their content): ``settled`` reads only the others."""
    written = tmp_path / "pagefind"
    (written / "fragment").mkdir(parents=True)
    (written / "pagefind.js").write_text("// entry", encoding="utf-8")
    kept = written / "fragment" / "en_0123456.pf_fragment"
    kept.write_bytes(b"not gzip, but named and sized as the one read whole before")
    with pytest.raises(SearchIndexError):  # read, it is no whole gzip file
        staging.settled(written, timeout=0.3, interval=0.01)

    staging.settled(written, timeout=0.3, interval=0.01,
                    whole_before={"fragment/en_0123456.pf_fragment": kept.stat().st_size})
    with pytest.raises(SearchIndexError):  # another size: read, and refused
        staging.settled(written, timeout=0.3, interval=0.01,
                        whole_before={"fragment/en_0123456.pf_fragment": 1})


def test_the_files_of_an_index_are_listed_by_their_path_in_it(tmp_path: Path) -> None:
    """``files_in`` (what ``settled`` compares between its looks, and ``in_order`` gives
    the next index as its ``whole_before``): every file in every folder, by its path
    relative to the index with ``/``, at its size; not what a link to a folder holds
    (counted twice, or a folder outside), nor a link to nothing, nor a pipe."""
    written = tmp_path / "pagefind"
    (written / "fragment").mkdir(parents=True)
    (written / "index" / "deeper").mkdir(parents=True)
    (written / "pagefind.js").write_bytes(b"x" * 7)
    (written / "fragment" / "en_1.pf_fragment").write_bytes(b"x" * 3)
    (written / "index" / "deeper" / "en_2.pf_index").write_bytes(b"")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "other.js").write_bytes(b"x")
    (written / "linked").symlink_to(outside)
    (written / "broken.js").symlink_to(tmp_path / "nothing")
    os.mkfifo(written / "index" / "en_3.pf_index")  # read, it would wait for a writer
    assert staging.files_in(written) == {"pagefind.js": 7, "fragment/en_1.pf_fragment": 3,
                                         "index/deeper/en_2.pf_index": 0}
    assert staging.files_in(tmp_path / "none") == {}


@pytest.mark.parametrize("unfinished", ["a chunk cut short", "a script still growing"])
def test_the_index_is_taken_only_once_pagefind_has_finished_writing_it(
        tmp_path: Path, unfinished: str) -> None:
    """Pagefind 1.5.2 answers ``WriteFiles`` before its last writes reach the files
    (pagefind#1271): ``settled`` waits until a compressed chunk reads to its end, and
    until a script no longer grows (written more often than ``interval``)."""
    written = tmp_path / "pagefind"
    (written / "index").mkdir(parents=True)
    noise = random.Random(0).randbytes(20_000)  # noqa: S311 - incompressible, not secret
    chunk = gzip.compress(b"pagefind_dcd" + noise, mtime=0)
    script = written / "pagefind.js"
    script.write_text("// the start", encoding="utf-8")
    growing = unfinished == "a script still growing"
    (written / "index" / "en_1.pf_index").write_bytes(chunk if growing else chunk[:4096])
    finished = threading.Event()

    def finish() -> None:
        for _part in range(10):
            time.sleep(0.03)
            if growing:
                with script.open("a", encoding="utf-8") as file:
                    file.write(" and more")
        (written / "index" / "en_1.pf_index").write_bytes(chunk)
        finished.set()

    writer = threading.Thread(target=finish)
    writer.start()
    try:
        staging.settled(written, timeout=10, interval=0.05)
        assert finished.is_set()
    finally:
        writer.join()
