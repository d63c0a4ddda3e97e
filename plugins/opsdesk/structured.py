"""Structured data for a page's ``<head>``: JSON-LD, built from the page's view.

The FAQ answers are the rendered answers readers see (their HTML, escaped by the JSON
encoder in ``theme.json_ld``), so the ``FAQPage`` says exactly what the page shows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup

from . import theme
from .model import Site
from .portfolio import absolute
from .source import Kind
from .view import PageView

__all__ = ["head"]

CONTEXT = "https://schema.org"


def head(view: PageView, site: Site, *, site_url: str | None) -> Markup:
    """The JSON-LD of ``view``: ``Article``, ``BreadcrumbList`` and (with a FAQ)
    ``FAQPage`` for a lane page; ``WebSite`` for the home page; a ``BreadcrumbList`` for a
    landing page; nothing for other pages, nor for the preview of a page with errors."""
    if not view.blocks or view.partial:
        return theme.EMPTY
    scripts: list[dict[str, Any]] = []
    if view.is_lane_page:
        scripts.append(_article(view, site, site_url))
    if view.kind is Kind.HOME:
        scripts.append(_website(view, site, site_url))
    if view.breadcrumbs:
        scripts.append({
            "@context": CONTEXT,
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": i + 1, "name": crumb.name, "item": crumb.url}
                for i, crumb in enumerate(view.breadcrumbs)
            ],
        })
    if view.faq:
        scripts.append({
            "@context": CONTEXT,
            "@type": "FAQPage",
            "mainEntity": [
                {"@type": "Question", "name": entry.question,
                 "acceptedAnswer": {"@type": "Answer", "text": str(entry.answer)}}
                for entry in view.faq
            ],
        })
    return theme.join(theme.json_ld(data) for data in scripts)


def _moment(day: dt.date) -> str:
    """A day as an ISO 8601 date-time with a time zone (midnight UTC), as search engines
    prefer for ``datePublished`` and ``dateModified``."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).isoformat()


def _organization(site: Site, site_url: str | None) -> dict[str, Any]:
    org: dict[str, Any] = {"@type": "Organization", "name": site.publisher}
    if site_url:
        org["url"] = site_url
        if site.logo:
            org["logo"] = {"@type": "ImageObject", "url": absolute(site_url, site.logo)}
    return org


def _article(view: PageView, site: Site, site_url: str | None) -> dict[str, Any]:
    assert view.updated is not None  # every lane page has one
    keywords = [*view.tags, *([view.keyword] if view.keyword else [])]
    article: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Article",
        "headline": view.title,
        "description": view.description,
        "datePublished": _moment(view.updated),
        "dateModified": _moment(view.updated),
        "inLanguage": site.language,
        "mainEntityOfPage": {"@type": "WebPage", "@id": view.canonical},
        "author": _organization(site, site_url),
        "publisher": _organization(site, site_url),
    }
    if keywords:
        article["keywords"] = ", ".join(dict.fromkeys(keywords))
    if view.card_url:
        article["image"] = [view.card_url]
    return article


def _website(view: PageView, site: Site, site_url: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": site.name,
        "url": view.canonical,
        "inLanguage": site.language,
        "publisher": _organization(site, site_url),
    }
    if view.description:
        data["description"] = view.description
    return data
