"""Two builds of the same sources are byte-identical: HTML, sitemap, feeds and Pagefind's
search index, every file of it (its filters and metadata too, which Pagefind itself orders
at random: ``opsdesk.search.order``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from benchmarks.portfolio import generate_portfolio

from opsdesk.search import BATCH

from .support.search import search_index, site_files
from .support.sites import REPO, SharedTemplates, build_site, build_written, copy_repo_site

#: The repository's site sources, as ``copy_repo_site`` copies them.
SOURCES = ("mkdocs.yml", "content", "site-data", "templates")


def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path: Path) -> None:
    """The second build takes Material's compiled templates from the test run's store
    (``SharedTemplates``), the first compiles its own: the store changes nothing."""
    assert build_site(tmp_path / "basic").ok  # Material's templates compiled, and kept
    copy_repo_site(tmp_path)
    first = build_written(tmp_path, strict=True, search=True, site_dir=str(tmp_path / "one"),
                          shared_templates=False)
    time.sleep(1.1)  # a build date or time stamp would now differ
    loaded = SharedTemplates.compiled.loaded
    second = build_written(tmp_path, strict=True, search=True, site_dir=str(tmp_path / "two"))
    assert first.ok
    assert second.ok
    assert SharedTemplates.compiled.loaded - loaded >= 20  # base.html, its partials...

    one, two = site_files(tmp_path / "one"), site_files(tmp_path / "two")

    assert one.keys() == two.keys()
    for name in ("sitemap.xml", "sitemap.xml.gz", "pagefind/pagefind.js", "atom.xml",
                 "pagefind/pagefind-entry.json",
                 "guides/workflow-automation-architecture-guide/index.html"):
        assert name in one
    assert [name for name in one if one[name] != two[name]] == []
    assert search_index(tmp_path / "one") == search_index(tmp_path / "two")


def copy_sources(source: Path, root: Path, *, reverse: bool, mtime: float) -> None:
    """The site sources in ``source`` (``SOURCES``) into ``root``, each file created in
    sorted order or in ``reverse``, each with a modification time of its own from
    ``mtime`` on."""
    files = sorted(path for name in SOURCES for path in
                   ([source / name] if (source / name).is_file() else (source / name).rglob("*"))
                   if path.is_file())
    for number, path in enumerate(reversed(files) if reverse else files):
        target = root / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        os.utime(target, (mtime + 37 * number, mtime + 37 * number))


def mkdocs_build(root: Path, **env: str) -> None:
    """``mkdocs build --strict`` in ``root``, in a process of its own with ``env``."""
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
                          cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("pages", [0, 2 * BATCH + 20], ids=["repo-site", "portfolio"])
def test_builds_in_other_processes_hash_seeds_file_orders_and_times_are_identical(
        tmp_path: Path, pages: int) -> None:
    """Two ``mkdocs build`` of the same sources (the repository's, or a generated portfolio
    of pages enough for several of Pagefind's folders): another ``PYTHONHASHSEED``, the
    files created in the opposite order with other modification times, another time zone,
    a second later. Every file is the same, byte for byte."""
    source = REPO
    if pages:
        source = tmp_path / "source"
        generate_portfolio(source, pages)
    one, two = tmp_path / "one", tmp_path / "two"
    copy_sources(source, one, reverse=False, mtime=978_336_000)  # 2001-01-01 08:00 UTC
    copy_sources(source, two, reverse=True, mtime=1_719_790_200)  # 2024-06-30 23:30 UTC
    mkdocs_build(one, PYTHONHASHSEED="1", TZ="UTC")
    time.sleep(1.1)
    mkdocs_build(two, PYTHONHASHSEED="4242", TZ="Pacific/Kiritimati")  # UTC+14

    first, second = site_files(one / "site"), site_files(two / "site")

    assert first.keys() == second.keys()
    assert any(name.startswith("pagefind/filter/") for name in first)
    assert len(search_index(one / "site")) > pages
    assert [name for name in first if first[name] != second[name]] == []
