"""The inventory: one rule for every address, MkDocs' own; one owner per file and URL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.structure.files import File

from opsdesk.inventory import (
    Inventory,
    OutputKind,
    address,
    page_path,
    published_sources,
    scan_folder,
    sources_inventory,
)

NAMES = ["index.md", "README.md", "guides/index.md", "guides/README.md", "guides/alpha.md",
         "guides/alpha.markdown", "guides/a b.mdown", "guides/ünï.mkdn", "x.mkd",
         "guides/100%.md", "guides/q?x#y.md", "assets/logo.png", "assets/a b.css",
         "assets/x.MD", "README.markdown", "deep/er/index.markdown", "café.md"]


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("name", NAMES)
def test_address_is_mkdocs_own(name: str, directory_urls: bool) -> None:
    file = File(name, "/docs", "/site", directory_urls)
    assert (address(name, directory_urls=directory_urls).file,
            address(name, directory_urls=directory_urls).url) == (file.dest_uri, file.url)


_SEGMENT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
                   min_size=1, max_size=12).filter(lambda s: s not in (".", ".."))
_SUFFIX = st.sampled_from([".md", ".markdown", ".mdown", ".mkdn", ".mkd", ".MD", ".png", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(_SEGMENT, min_size=1, max_size=4), _SUFFIX, st.booleans())
def test_address_agrees_with_mkdocs_on_any_name(parts: list[str], suffix: str,
                                                directory_urls: bool) -> None:
    name = "/".join(parts) + suffix
    file = File(name, "/docs", "/site", directory_urls)
    where = address(name, directory_urls=directory_urls)
    assert (where.file, where.url) == (file.dest_uri, file.url)


@pytest.mark.parametrize(("file", "directory_urls", "expected"), [
    ("index.html", True, "index.md"),
    ("guides/index.html", True, "guides.md"),
    ("guides/old/index.html", True, "guides/old.md"),
    ("guides/old.html", False, "guides/old.md"),
])
def test_page_path_is_the_inverse_of_address(file: str, directory_urls: bool,
                                             expected: str) -> None:
    assert page_path(file, directory_urls=directory_urls) == expected
    assert address(expected, directory_urls=directory_urls).file == file


def test_two_outputs_on_one_file_are_an_error_naming_both() -> None:
    inventory = Inventory()
    assert inventory.add_source(OutputKind.PAGE, "a.md", "content/a.md") is not None
    assert inventory.add(OutputKind.STATIC, "content/a/index.html", "a/index.html") is None
    assert [str(p) for p in inventory.problems] == [
        "content/a/index.html: this static file and content/a.md (page) are both written to "
        "the file 'a/index.html': rename or move one; this one is left out"]


def test_a_file_where_a_folder_is_needed_is_an_error_either_way() -> None:
    first = Inventory()
    first.add(OutputKind.STATIC, "content/a", "a")
    assert first.add_source(OutputKind.PAGE, "a.md", "content/a.md") is None
    second = Inventory()
    second.add_source(OutputKind.PAGE, "a.md", "content/a.md")
    assert second.add(OutputKind.STATIC, "content/a", "a") is None
    assert len(first.problems) == len(second.problems) == 1


def test_a_generated_output_wins_and_the_source_is_told() -> None:
    inventory = Inventory()
    inventory.add(OutputKind.STATIC, "content/atom.xml", "atom.xml")
    assert inventory.add_generated(OutputKind.FEED, "the feed atom.xml", file="atom.xml")
    assert inventory.outputs["atom.xml"].kind is OutputKind.FEED
    assert inventory.get("atom.xml") is None
    assert [p.path for p in inventory.problems] == ["content/atom.xml"]


def test_a_copy_is_independent() -> None:
    inventory = Inventory()
    inventory.add_source(OutputKind.PAGE, "a.md", "content/a.md")
    copy = inventory.copy()
    copy.add_generated(OutputKind.LISTING, "listing", path="a/page/2.md")
    assert "a/page/2/index.html" not in inventory.outputs
    assert inventory.url("a.md") == copy.url("a.md") == "a/"


def test_the_inventory_says_what_is_left_out_and_why(tmp_path: Path) -> None:
    docs = tmp_path / "content"
    (docs / "guides").mkdir(parents=True)
    (docs / "guides/alpha.md").write_text("---\ntitle: A\n---\n")
    (docs / "guides/alpha").write_text("a file where the page needs a folder")
    (docs / "guides/shout.MD").write_text("---\ntitle: S\n---\n")
    (docs / "guides/README.md").write_text("---\ntitle: R\n---\n")
    (docs / "guides/index.md").write_text("---\ntitle: I\n---\n")
    os.mkfifo(docs / "guides/pipe.txt")
    scan = scan_folder(docs, shown="content")
    paths, doubles = published_sources(scan, directory_urls=True)

    inventory = sources_inventory(scan, paths, directory_urls=True, doubles=doubles)

    assert sorted(inventory.left_out) == ["content/guides/README.md", "content/guides/alpha",
                                          "content/guides/pipe.txt", "content/guides/shout.MD"]
    assert inventory.left_out["content/guides/pipe.txt"].startswith("is a named pipe")
    assert {o.kind for o in inventory.outputs.values()} == {OutputKind.PAGE}
    assert sorted(inventory.outputs) == ["guides/alpha/index.html", "guides/index.html"]
