"""The search index in parts, under ``mkdocs serve`` only: which part holds a page, and
where each part is in the site.

Pagefind 1.5 writes a whole index on every call (about 4 s at 3,000 pages), and cannot
write a part of one. So under serve the pages are split into parts, each an index of its
own in the same Pagefind, and an edit writes again only the parts of the pages it changed.
The search script merges the parts in the reader's browser (Pagefind's ``mergeIndex``).

- A page's part is fixed by its place in the site (``crc32(place) % count``): an edit
  never moves a page, and a page renamed or deleted leaves its part only.
- ``count`` is fixed for the serve session, from the first build's number of pages
  (``for_pages``: about ``PAGES_PER_PART`` a part); a site of that many pages or fewer has
  one part, the index as ``mkdocs build`` writes it. ``mkdocs build`` always has one.
- Part 0 is the index at ``pagefind/``, so that ``pagefind/pagefind.js`` loads as in a
  build; part ``n`` is served at ``pagefind/part-<n>/``. Each part is swapped in on its
  own, as the whole index is (``staging.Staging.swap_linked``): part ``n`` at the hidden
  link ``.pagefind-part-<n>`` of the site's folder, and every folder of part 0 holds a
  link ``part-<n>`` to it.
- The pages the search script merges (``merged``) are named by the search dialog under
  serve only (``data-parts``, ``partials/search.html``): a built page names none.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from .staging import OUTPUT

__all__ = ["PAGES_PER_PART", "Parts"]

#: Pages per part under serve, about: Pagefind writes a part of 400 pages in about 0.5 s
#: on this project's 2-CPU machine (the whole index of 3,000 in about 4 s), and a reader's
#: browser loads each part's entry, metadata and chunks (a few requests per part).
PAGES_PER_PART = 400


@dataclass(frozen=True)
class Parts:
    """The parts of a serve session's index (one for a build): immutable, shared by the
    threads that need it."""

    count: int = 1

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(f"an index has one part or more, not {self.count}")

    @classmethod
    def for_pages(cls, pages: int, per_part: int = PAGES_PER_PART) -> Parts:
        """The parts of an index of ``pages`` pages: one per ``per_part`` pages or fewer."""
        return cls(max(1, math.ceil(pages / max(1, per_part))))

    def of(self, place: str) -> int:
        """The part of the page at ``place`` in the site (``guides/x/index.html``)."""
        return zlib.crc32(place.encode("utf-8")) % self.count if self.count > 1 else 0

    def split(self, places: Iterable[str]) -> list[frozenset[str]]:
        """``places`` in their parts, part by part."""
        parts: list[set[str]] = [set() for _ in range(self.count)]
        for place in places:
            parts[self.of(place)].add(place)
        return [frozenset(part) for part in parts]

    def home(self, part: int) -> str:
        """Where ``part`` is swapped in, in the site's folder: ``pagefind``, a hidden
        ``.pagefind-part-<n>`` (MkDocs' cleaning of the site folder skips it)."""
        return OUTPUT if part == 0 else f".{OUTPUT}-part-{part}"

    def links(self) -> dict[str, str]:
        """The links each folder of part 0 holds to the other parts (name: target)."""
        return {f"part-{part}": f"../{self.home(part)}" for part in range(1, self.count)}

    def merged(self) -> list[str]:
        """The other parts' folders, as the search script asks for them (relative to the
        site's root): ``pagefind/part-1/``..."""
        return [f"{OUTPUT}/{name}/" for name in self.links()]
