"""What search engines and link previews read: meta tags, true dates, theme-safe text.

Material's templates (and MkDocs' Jinja environment) print ``page.meta.title`` and
``page.meta.description`` without escaping, in ``<title>``, the header, the navigation,
the search index and tag listings. ``theme_meta`` gives the theme those two values as
HTML-escaped text, so a title such as ``Retries & <Idempotency> Keys`` reads as written
everywhere the theme shows it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import escape

from .feeds import Feed, feed_links
from .model import LanePage
from .portfolio import Portfolio
from .structured import absolute

__all__ = ["meta_context", "page_date", "theme_meta"]


def page_date(portfolio: Portfolio, path: str) -> dt.date | None:
    """The day a page last changed: its ``updated``; for the home and landing pages, that
    of the newest page they list; ``None`` for a page that has no such date."""
    source = portfolio.pages.get(path)
    if source is None or not portfolio.published(path):
        return None
    if isinstance(source.meta, LanePage):
        return source.meta.updated
    if path == "index.md":
        listed = [p for paths in portfolio.lanes.values() for p in paths]
    else:
        lane_id, _, rest = path.partition("/")
        listed = portfolio.lanes.get(lane_id, []) if rest == "index.md" else []
    return max((portfolio.meta(p).updated for p in listed), default=None)


def theme_meta(portfolio: Portfolio, path: str) -> dict[str, str]:
    """``title`` and ``description`` as escaped HTML, for the theme's own templates."""
    meta = portfolio.pages[path].meta
    if meta is None:
        return {}
    out = {"title": str(escape(meta.title))}
    if meta.description:
        out["description"] = str(escape(meta.description))
    return out


def meta_context(portfolio: Portfolio, path: str, *, site_url: str | None,
                 feeds: list[Feed]) -> dict[str, Any] | None:
    """The values of ``partials/opsdesk/meta.html`` for one page (unescaped: the
    template escapes them); ``None`` for a page whose front matter has errors."""
    site = portfolio.data.site
    meta = portfolio.pages[path].meta
    if meta is None:
        return None
    is_article = isinstance(meta, LanePage)
    day = page_date(portfolio, path)
    url = portfolio.urls[path]
    return {
        "title": meta.title,
        "description": meta.description or site.description,
        "type": "article" if is_article else "website",
        "url": absolute(site_url, url) if site_url else None,
        "site_name": site.name,
        "modified": day.isoformat() if is_article and day else None,
        "tags": list(dict.fromkeys(meta.tags)) if isinstance(meta, LanePage) else [],
        "feeds": feed_links(feeds, url),
    }
