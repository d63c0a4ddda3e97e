"""What the hooks change in MkDocs' own structures (theme folders, table of contents,
navigation, redirects), with MkDocs' public API only: the adapter's half that is not
hooks. Private APIs live in ``internals.py``."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from .source import PageSource
from .view import PageView

__all__ = ["Redirects", "add_generated", "add_to_toc", "include", "insert_templates",
           "link_pages", "navigation"]


def add_generated(files: Files, config: MkDocsConfig,
                  contents: Mapping[str, str | bytes]) -> list[File]:
    """Add a generated file for each path of ``contents``; the files added."""
    added = [File.generated(config, path, content=content) for path, content in contents.items()]
    for file in added:
        files.append(file)
    return added


def include(files: Files, sources: Iterable[PageSource], *,
            previewing: bool) -> list[PageSource]:
    """Mark drafts as drafts and leave out the pages with errors (except, under
    ``mkdocs serve``, those MkDocs can read, so the author sees them with their
    problems); the pages left out."""
    left_out = []
    for source in sources:
        file = files.get_file_from_path(source.path)
        if file is not None and not source.valid and not (previewing and source.decoded):
            files.remove(file)
            left_out.append(source)
        elif file is not None and source.draft:
            file.inclusion = InclusionLevel.DRAFT
    return left_out


def page_of(files: Files, path: str | None) -> Page | None:
    file = files.get_file_from_path(path) if path else None
    return file.page if file else None


def link_pages(files: Files, views: Iterable[PageView]) -> None:
    """Each page's previous and next page (``rel=prev/next``), as its view says: the
    reader's order of "Next page", not the order of the folders."""
    for view in views:
        if (page := page_of(files, view.path)) is not None:
            page.previous_page = page_of(files, view.previous.path if view.previous else None)
            page.next_page = page_of(files, view.next.path if view.next else None)


def navigation(files: Files, paths: Iterable[str]) -> Navigation:
    """A navigation of the pages at ``paths``, in order, at the top level."""
    items = [page for path in paths if (page := page_of(files, path)) is not None]
    for page in items:
        page.parent = None
    return Navigation(items, items)


def add_to_toc(page: Page, html: str, anchor: str, title: str) -> None:
    """List an injected section in the page's table of contents, where it stands (the
    blocks are added after Markdown made the table of contents)."""
    position = html.find(f'id="{anchor}"')
    if position < 0 or any(item.id == anchor for item in page.toc):
        return
    items = page.toc.items
    after = [i for i, item in enumerate(items) if html.find(f'id="{item.id}"') > position]
    items.insert(after[0] if after else len(items), AnchorLink(escape(title), anchor, 2))


def insert_templates(config: MkDocsConfig, ours: Path) -> list[Path]:
    """Put the folder ``ours`` after the site's own template folder and before Material's;
    return the folders the block renderer searches: the site's, then ours."""
    dirs = config.theme.dirs
    ours = ours.resolve()
    real = [Path(os.path.realpath(d)) for d in dirs]
    if ours not in real:
        position = 1 if config.theme.custom_dir else 0
        dirs.insert(position, str(ours))
        real.insert(position, ours)
    return real[: real.index(ours) + 1]


class Redirects:
    """The ``redirect_maps`` of mkdocs-redirects: as ``mkdocs.yml`` writes it, plus every
    alias of this build."""

    def __init__(self, config: MkDocsConfig) -> None:
        plugin = config.plugins.get("redirects")
        self.maps: dict[str, str] | None = None if plugin is None \
            else plugin.config["redirect_maps"]
        self.written = dict(self.maps or {})

    def set(self, aliases: dict[str, str]) -> bool:
        """Add ``aliases`` (old page path → page path) to what ``mkdocs.yml`` says, in
        place (the redirects plugin keeps a reference to the map); ``False`` when there
        are aliases but no redirects plugin to write them."""
        if self.maps is None:
            return not aliases
        self.maps.clear()
        self.maps.update({**self.written, **aliases})
        return True
