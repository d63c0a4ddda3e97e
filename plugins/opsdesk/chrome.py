"""The parts of a page that depend only on its depth in the site, rendered once a build.

Material renders its styles, scripts, configuration and footer, and our header renders its
palette toggle and search dialog, for every page alike, but for the relative addresses in
them: MkDocs' ``url`` filter writes an address relative to the page's folder, by way of
the folder the two share (from ``guides/a/``, ``guides/`` is ``..`` and ``fixes/`` is
``../../fixes/``). So pages in one folder (``guides/a/``, ``guides/b/``; ``x/a.html``,
``x/b.html``) get the same text, unless an address leads into a page's own folder: a page
whose folder holds anything else (a lane's landing page, the home page) is rendered each
time. ``Chrome`` keeps each part's first rendering per (part, folder) for the rest of the
build (the navigation per (part, folder, lane), and only on pages not in it:
``PER_LANE``): the templates call it as ``opsdesk_once("name", render)``, ``render`` being
the block's ``super`` or a macro, and only for parts whose text depends on nothing else. A
generated listing or tag page is mostly such parts: this is what makes one cost a
fraction of a content page.

With ``reuse=False`` (the plugin's ``fast_paths: false``) every part is rendered each time,
and ``tests/test_internals.py`` checks that the site is the same, byte for byte.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

__all__ = ["Chrome"]

#: Parts that a theme feature makes depend on the page too: Material's footer links the
#: previous and next page with ``navigation.footer``.
PER_PAGE_WITH = {"footer": "navigation.footer"}
#: Parts that depend on the page's lane too: the navigation marks the lane's entry
#: (``partials/nav-item.html``, from the view's ``lane_nav``). It also marks the page's own
#: entry and those holding it, and shows the page's table of contents in its entry: it is
#: rendered each time on the pages in it (the home page, the landing pages).
PER_LANE = {"nav"}


class Chrome:
    """The parts rendered once per folder, for one build (a new one for each build)."""

    def __init__(self, *, reuse: bool, outputs: Iterable[str] = ()) -> None:
        """``outputs``: every file the build writes, by its place in the site."""
        self.reuse = reuse
        self._kept: dict[tuple[str, str, str | None], Any] = {}
        held: Counter[str] = Counter()
        for place in outputs:
            parts = place.split("/")[:-1]
            held.update("".join(f"{part}/" for part in parts[:end])
                        for end in range(1, len(parts) + 1))
        self._crowded = {folder for folder, count in held.items() if count > 1}
        """Folders with more than one file in them (a page's own and others)."""

    def folder(self, url: str) -> str | None:
        """The folder whose pages share the parts of the page at ``url``; ``None`` when
        the page shares them with no other (its own folder holds other files)."""
        if not url.endswith("/"):  # ``x/a.html``: addresses are relative to ``x/``
            return url[:url.rfind("/") + 1]
        if url in self._crowded or not url.strip("/"):
            return None
        return url[:url.rstrip("/").rfind("/") + 1]

    def function(self) -> Callable[..., Any]:
        """The template global ``opsdesk_once(name, render)``."""

        @pass_context
        def once(context: Context, name: str, render: Callable[[], Any]) -> Any:
            url = getattr(context.get("page"), "url", None)
            folder = self.folder(url) if self.reuse and isinstance(url, str) else None
            if PER_PAGE_WITH.get(name) in (context.get("features") or ()):
                folder = None
            lane = None
            if name in PER_LANE:
                nav, blocks = context.get("nav"), context.get("opsdesk")
                if blocks is None or context.get("page") in getattr(nav, "pages", (None,)):
                    folder = None
                lane = getattr(blocks, "lane_nav", None)
            if folder is None:
                return render()
            key = (name, folder, lane)
            if key not in self._kept:
                self._kept[key] = render()
            return self._kept[key]

        return once
