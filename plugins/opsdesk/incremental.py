"""What an edit affects: the pages to render again after some pages changed.

Pure functions over two assembled sites (before and after the edit); no MkDocs here.
A page is rendered again when its own file changed or its view (``view.PageView``:
everything its blocks show, of itself and of other pages) differs: nothing here lists
what the templates read, so a block that shows one more field of its view is followed
as soon as the view has it. Everything is rebuilt when something every page shows or
depends on changed: the set of pages (the generated listing pages included: an edit that
adds a tag, or a lane page that starts a new page of cards), what is published, the
aliases, the navigation's titles. The listing pages are views like any other: an edit
that moves a card (a new title, ``order`` or ``updated``) renders again exactly the
listing pages whose cards changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from .pipeline import Assembled
from .portfolio import Portfolio, graph_inputs
from .source import Kind, PageSource

__all__ = ["Plan", "plan_rebuild", "reuse_graph"]


@dataclass(frozen=True)
class Plan:
    """Either a full build (with the reason) or the pages to render again, in path order."""

    full: str | None = None
    pages: tuple[str, ...] = field(default_factory=tuple)


def _structure(assembled: Assembled) -> tuple[Any, ...]:
    """What every page shows or depends on: the pages, their published state, the
    redirects, and the titles of the navigation's pages (home and landing pages)."""
    views = assembled.views
    return (
        tuple(sorted((path, v.published, v.blocks) for path, v in views.items())),
        tuple(sorted(assembled.redirects.targets.items())),
        tuple((v.path, v.title) for v in views.values() if v.kind in (Kind.HOME, Kind.LANDING)),
    )


def plan_rebuild(before: Assembled, after: Assembled, changed: Collection[str]) -> Plan:
    """The pages to render again after the pages ``changed`` (paths relative to
    ``content/``) were edited. Linear in the number of pages."""
    if _structure(before) != _structure(after):
        return Plan(full="the pages, their published state, aliases or navigation changed")
    affected = {path for path in changed if path in after.views}
    affected |= {path for path, view in after.views.items()  # a view kept is the same one
                 if (old := before.views.get(path)) is not view and old != view}
    return Plan(pages=tuple(sorted(affected)))


def _same_graph_inputs(old: PageSource, new: PageSource, located: Collection[str]) -> bool:
    """Whether the graph reads the same of both (``portfolio.graph_inputs``), and locates
    any problem of theirs on the same lines (``located``: the files the graph has
    problems in)."""
    return graph_inputs(old) == graph_inputs(new) and (
        old.lines == new.lines or old.file not in located)


def reuse_graph(before: Portfolio, sources: Sequence[PageSource]) -> Portfolio | None:
    """``before`` with the pages of ``sources``, when no edit changed what the graph reads:
    a body edit, or an edit of a description, checklist or FAQ, then costs no graph
    rebuild. ``None`` when the graph must be rebuilt."""
    pages = {}
    located: set[str] | None = None
    for source in sources:
        old = before.pages.get(source.path)
        if old is None:
            return None
        if old is not source:
            if located is None:
                located = {problem.path for problem in before.problems}
            if not _same_graph_inputs(old, source, located):
                return None
        pages[source.path] = source
    if len(pages) != len(before.pages):
        return None
    return dataclasses.replace(before, pages=pages)
