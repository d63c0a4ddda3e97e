"""Reading page files, each once while it stays the same.

``mkdocs serve`` builds the site again after every save; a file whose stamp (modification
time and size) has not changed since the last build is not read and checked again.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

from .source import PageSource, load_page_bytes

__all__ = ["PageReader"]


class PageReader:
    """Reads pages from disk, keeping the pages of the last build by file stamp."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[tuple[object, ...], PageSource]] = {}

    def read(self, disk_path: str, *, path: str, file: str,
             lane_ids: Collection[str]) -> PageSource:
        """The page at ``disk_path`` (``path`` relative to ``content/``, ``file`` as
        messages show it)."""
        stat = os.stat(disk_path)
        stamp = (stat.st_mtime_ns, stat.st_size, file, *lane_ids)
        cached = self._cache.get(disk_path)
        if cached and cached[0] == stamp:
            return cached[1]
        source = load_page_bytes(Path(disk_path).read_bytes(), path=path, file=file,
                                 lane_ids=lane_ids)
        self._cache[disk_path] = (stamp, source)
        return source

    def keep_only(self, disk_paths: Collection[str | None]) -> None:
        """Forget every file but ``disk_paths`` (those of the current build): a long
        ``mkdocs serve`` keeps no page that was deleted or renamed."""
        self._cache = {p: entry for p, entry in self._cache.items() if p in disk_paths}
