"""Two builds of the same sources are byte-identical: HTML, sitemap, search index, feeds."""

from __future__ import annotations

import time
from pathlib import Path

from .helpers import build_written, copy_repo_site


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path: Path) -> None:
    copy_repo_site(tmp_path)
    first = build_written(tmp_path, strict=True, site_dir=str(tmp_path / "one"))
    time.sleep(1.1)  # a build date or time stamp would now differ
    second = build_written(tmp_path, strict=True, site_dir=str(tmp_path / "two"))
    assert first.ok
    assert second.ok

    one, two = files_of(tmp_path / "one"), files_of(tmp_path / "two")

    assert one.keys() == two.keys()
    for name in ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "atom.xml",
                 "guides/workflow-automation-architecture-guide/index.html"):
        assert name in one
    assert [name for name in one if one[name] != two[name]] == []
