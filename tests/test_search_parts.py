"""The search index in parts, under ``mkdocs serve`` only (``opsdesk.search.parts``; issue
24, item 1): which part holds a page, an edit that writes only its pages' parts (none for
a page rendered again as it was), a page removed that leaves its part, and a build whose
index is the same with or without the setting."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from opsdesk.mkdocs_session import PART_PAGES, search_part_pages
from opsdesk.search import LiveIndex, Parts, staging

from .support.search import named_pages, search_index, site_files
from .support.sites import build_written, write_site


@pytest.mark.parametrize(("pages", "per_part", "count"), [
    (0, 400, 1), (1, 400, 1), (400, 400, 1), (401, 400, 2), (1000, 400, 3), (3011, 400, 8),
    (19, 4, 5), (5, 0, 5),
])
def test_parts_for_a_number_of_pages(pages: int, per_part: int, count: int) -> None:
    assert Parts.for_pages(pages, per_part).count == count


def test_a_page_s_part_is_fixed_by_its_place() -> None:
    parts = Parts(5)
    places = [f"guides/page-{n}/index.html" for n in range(200)]
    split = parts.split(places)
    assert [len(part) for part in split] == [len([p for p in places if parts.of(p) == n])
                                             for n in range(5)]
    assert all(parts.of(place) == n for n, part in enumerate(split) for place in part)
    assert all(len(part) > 20 for part in split)  # spread over every part
    assert parts.of("guides/page-7/index.html") == Parts(5).of("guides/page-7/index.html")
    assert {Parts(1).of(place) for place in places} == {0}


def test_where_each_part_is() -> None:
    parts = Parts(3)
    assert [parts.home(n) for n in range(3)] == ["pagefind", ".pagefind-part-1",
                                                 ".pagefind-part-2"]
    assert parts.links() == {"part-1": "../.pagefind-part-1", "part-2": "../.pagefind-part-2"}
    assert parts.merged() == ["pagefind/part-1/", "pagefind/part-2/"]
    assert Parts().merged() == []
    with pytest.raises(ValueError, match="one part or more, not 0"):
        Parts(0)


META = '<meta property="article:modified_time" content="2026-05-01" ' \
       'data-pagefind-sort="updated[content]">'


@pytest.mark.parametrize(("html", "expected"), [
    (f"<html><head>{META}</head><body>x</body></html>",
     '<html><head><meta property="article:modified_time" content="2026-05-01" '
     'data-pagefind-sort="updated[content]" data-pagefind-filter="sort-updated[content]">'
     "</head><body>x</body></html>"),
    # only in the head: the body is the page's text
    (f"<html><head></head><body>{META}</body></html>",
     f"<html><head></head><body>{META}</body></html>"),
    (f"<p>{META}</p>", f"<p>{META}</p>"),  # no head
])
def test_a_sort_is_a_filter_too_in_an_index_of_parts(html: str, expected: str) -> None:
    assert staging.with_sort_filters(html) == expected


@pytest.mark.parametrize(("value", "pages", "warning"), [
    (None, 400, None),
    ("", 400, None),
    ("4", 4, None),
    (" 12 ", 12, None),
    ("0", 400, "OPSDESK_SEARCH_PART_PAGES='0': not a whole number of pages above 0; the "
               "search index has parts of 400 pages"),
    ("many", 400, "OPSDESK_SEARCH_PART_PAGES='many': not a whole number of pages above 0; "
                  "the search index has parts of 400 pages"),
])
def test_the_pages_of_a_part_under_serve(monkeypatch: pytest.MonkeyPatch,
                                         caplog: pytest.LogCaptureFixture,
                                         value: str | None, pages: int,
                                         warning: str | None) -> None:
    if value is None:
        monkeypatch.delenv(PART_PAGES, raising=False)
    else:
        monkeypatch.setenv(PART_PAGES, value)
    with caplog.at_level(logging.WARNING):
        assert search_part_pages() == pages
    assert [record.getMessage() for record in caplog.records] == (
        [f"opsdesk: {warning}"] if warning else [])


def _page(site: Path, name: str, words: str) -> tuple[str, Path]:
    path = site / name / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<!doctype html><html lang="en"><head><title>{name}</title>{META}'
                    f'</head><body><main data-pagefind-body><h1>{name}</h1><p>{words}</p>'
                    "</main></body></html>", encoding="utf-8")
    return f"{name}/", path


def _parts_served(site: Path, parts: Parts) -> dict[int, dict[str, dict[str, object]]]:
    """Each part's pages (URL: fragment), read through the links the browser follows."""
    return {number: named_pages(site / folder)
            for number, folder in enumerate(["pagefind/", *parts.merged()])}


def _targets(site: Path, parts: Parts) -> list[str]:
    """The folder each part's link points to (a new one each time the part is written)."""
    return [os.readlink(site / parts.home(number)) for number in range(parts.count)]


def test_an_edit_writes_only_its_part_and_a_page_removed_leaves_its_part(
        tmp_path: Path) -> None:
    site = tmp_path / "site"
    names = [f"page-{n}" for n in range(12)]
    pages = [_page(site, name, f"Words of {name}.") for name in names]
    parts = Parts(3)
    place = {name: f"{name}/index.html" for name in names}
    index = LiveIndex(site, background=True)
    try:
        index.divide(parts)
        assert index.divided
        assert index.parts == parts
        for url, path in pages:  # as MkDocs writes them
            index.add(f"{url}index.html", path.read_text(encoding="utf-8"))
        index.publish_later(pages)
        assert index.wait(timeout=120)
        assert index.last is not None
        assert (index.last.parts, index.last.written, index.last.pages) == (3, 3, 12)

        served = _parts_served(site, parts)
        for name in names:
            holder = [n for n in served if f"/{name}/" in served[n]]
            assert holder == [parts.of(place[name])]  # in its part, and only there
        fragment = served[parts.of(place["page-0"])]["/page-0/"]
        assert fragment["filters"] == {"sort-updated": ["2026-05-01"]}
        targets = _targets(site, parts)

        # a page rendered again as it was (another page's card on it changed): no part
        # is written again
        index.add("page-3/index.html", pages[3][1].read_text(encoding="utf-8"))
        index.publish_later(pages)
        assert index.wait(timeout=120)
        assert (index.last.written, index.last.pages) == (0, 12)
        assert _targets(site, parts) == targets

        # an edit of one page of part 0 (whose folders link to the others): its part only
        # is written again, and the others are still reached through it
        name = next(name for name in names if parts.of(place[name]) == 0)
        edited = site / name / "index.html"
        edited.write_text(edited.read_text(encoding="utf-8").replace(
            f"Words of {name}.", f"Words of {name}, edited."), encoding="utf-8")
        index.add(f"{name}/index.html", edited.read_text(encoding="utf-8"))
        index.publish_later(pages)
        assert index.wait(timeout=120)
        assert (index.last.written, index.last.pages) == (1, 12)
        edited_part = 0
        now = _targets(site, parts)
        assert [n for n in range(3) if now[n] != targets[n]] == [edited_part]
        served = _parts_served(site, parts)
        assert served[0][f"/{name}/"]["content"].endswith(f"Words of {name}, edited.")
        assert sorted(url for part in served.values() for url in part) == sorted(
            f"/{name}/" for name in names)

        # a page removed (or renamed away): it leaves its part, which alone is written
        gone = next(name for name in names if parts.of(place[name]) != edited_part)
        gone_part, targets = parts.of(place[gone]), now
        index.publish_later([(url, path) for url, path in pages if url != f"{gone}/"])
        assert index.wait(timeout=120)
        assert (index.last.written, index.last.pages) == (1, 11)
        now = _targets(site, parts)
        assert [n for n in range(3) if now[n] != targets[n]] == [gone_part]
        served = _parts_served(site, parts)
        assert sorted(url for part in served.values() for url in part) == sorted(
            f"/{name}/" for name in names if name != gone)
    finally:
        index.close()


def test_a_build_s_index_is_one_part_whatever_the_setting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``mkdocs build`` writes one index at ``pagefind/``, byte for byte the same with the
    serve setting at 2 pages a part: no part, no link, no ``data-parts`` in a page, no
    sort filter."""
    monkeypatch.delenv(PART_PAGES, raising=False)
    plain = build_written(write_site(tmp_path / "plain"), search=True)
    monkeypatch.setenv(PART_PAGES, "2")
    parted = build_written(write_site(tmp_path / "parted"), search=True)
    assert plain.ok
    assert parted.ok
    files = site_files(parted.site)
    assert files == site_files(plain.site)
    assert not [name for name in files if "part-" in name or "/." in f"/{name}"]
    assert not [path for path in parted.site.rglob("*") if path.is_symlink()]
    assert not [name for name, data in files.items()
                if name.endswith(".html") and b"data-parts" in data]
    filters = {key for fragment in search_index(parted.site).values()
               for key in fragment["filters"]}
    assert filters == {"lane", "tag"}
