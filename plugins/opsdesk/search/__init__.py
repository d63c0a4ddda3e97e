"""The site's search index: Pagefind, used as a library, over an explicit list of pages.

Pagefind (the ``pagefind`` Python API driving the ``pagefind-bin`` wheel's binary, in its
own process) writes a static, chunked index into ``<site>/pagefind/``; the reader's
browser loads it, piece by piece, only when search is opened (``assets/opsdesk/search.js``).

What is indexed is decided here and in the templates, never by a glob over the site:

- only the pages given (the published documentation pages): drafts, redirect pages
  (mkdocs-redirects) and the 404 page are never in the list, so never in the index;
- of each page, only what the templates mark ``data-pagefind-body`` (the header, the quick
  take, the body with its checklists and FAQ), minus ``data-pagefind-ignore`` parts; the
  lane, tags, date and title come from ``data-pagefind-filter/-sort/-meta`` attributes.
  In a build, Pagefind is given that part of each page as MkDocs converts it, and each
  written page is checked against it (``front``: ``SiteSearch.foretell``).

Pagefind's service takes one HTML file per request, and its Python client reads one answer
per 0.1 s: thousands of pages one at a time would take minutes. So pages go to Pagefind by
folders, one ``add_directory`` request each, which Pagefind reads and parses on every core.

The package, one owner per piece of state:

- ``front``: ``SiteSearch`` (build and serve, as the plugin's hooks call it),
  ``LiveIndex`` (one index; the pages MkDocs' thread has waiting, and what it expects),
  ``build_search_index``, and the end of the process (``atexit``, ``SIGTERM``);
- ``session``: ``IndexSession``, Pagefind and the index on an event loop's thread, whose
  state only that thread touches; other threads send it messages;
- ``parts``: ``Parts``, the index in parts under ``mkdocs serve`` (which part holds a
  page, where each part is in the site), immutable;
- ``staging``: the file work (staging pages, removing folders, checking, ordering and
  swapping in the written index), synchronous, never on the event loop; ``Staging`` owns
  the staging folder and what to remove at the end;
- ``process``: the Pagefind process (start, answers, liveness, stop, kill), the only
  code that touches Pagefind's client's private API;
- ``order``: Pagefind's index put in one order (two builds, the same bytes);
- ``errors``: ``SearchIndexError`` and the package's logger.

This package imports nothing from MkDocs.
"""

from __future__ import annotations

from .errors import SearchIndexError
from .front import BATCH, LAST_BATCH, LiveIndex, SiteSearch, build_search_index
from .parts import PAGES_PER_PART, Parts
from .session import REPLACE, TIMEOUT, IndexResult
from .staging import OUTPUT

__all__ = ["BATCH", "LAST_BATCH", "OUTPUT", "PAGES_PER_PART", "REPLACE", "TIMEOUT", "IndexResult",
           "LiveIndex", "Parts", "SearchIndexError", "SiteSearch", "build_search_index"]
