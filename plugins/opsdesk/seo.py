"""What search engines and link previews read: meta tags, true dates, theme-safe text.

Material's templates (and MkDocs' Jinja environment) print ``page.meta.title`` and
``page.meta.description`` without escaping, in ``<title>``, the header, the navigation,
the search index and tag listings. ``theme_meta`` gives the theme those two values as
HTML-escaped text, so a title such as ``Retries & <Idempotency> Keys`` reads as written
everywhere the theme shows it.
"""

from __future__ import annotations

from typing import Any

from . import theme
from .view import PageView

__all__ = ["theme_meta"]


def theme_meta(view: PageView) -> dict[str, Any]:
    """``title`` and ``description`` as escaped HTML, for the theme's own templates;
    ``search: {exclude: true}`` for a page the search index leaves out (``main.html``
    then marks none of it as searchable)."""
    if not view.blocks:
        return {}
    out: dict[str, Any] = theme.meta(
        {"title": view.title, **({"description": view.description} if view.description else {})})
    return out if view.indexed else {**out, "search": {"exclude": True}}
