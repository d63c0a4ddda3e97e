"""Two builds of the same sources are byte-identical: HTML, sitemap, feeds, search index
(Pagefind's, whose filter chunks come in a varying order, compared by what they hold)."""

from __future__ import annotations

import time
from pathlib import Path

from .support.search import search_index, site_files
from .support.sites import build_written, copy_repo_site


def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path: Path) -> None:
    copy_repo_site(tmp_path)
    first = build_written(tmp_path, strict=True, search=True, site_dir=str(tmp_path / "one"))
    time.sleep(1.1)  # a build date or time stamp would now differ
    second = build_written(tmp_path, strict=True, search=True, site_dir=str(tmp_path / "two"))
    assert first.ok
    assert second.ok

    one, two = site_files(tmp_path / "one"), site_files(tmp_path / "two")

    assert one.keys() == two.keys()
    for name in ("sitemap.xml", "sitemap.xml.gz", "pagefind/pagefind.js", "atom.xml",
                 "guides/workflow-automation-architecture-guide/index.html"):
        assert name in one
    assert [name for name in one if one[name] != two[name]] == []
    assert search_index(tmp_path / "one") == search_index(tmp_path / "two")
