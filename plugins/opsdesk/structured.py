"""Structured data for a page's ``<head>``: JSON-LD, built from the same data as the page.

The FAQ questions and answers are the visible text of the rendered ones, so the
``FAQPage`` says exactly what a reader sees.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from . import markup
from .portfolio import Portfolio

__all__ = ["absolute", "head_for_lane_page", "head_for_other_page", "json_ld_script"]


def absolute(site_url: str | None, url: str) -> str:
    """The address of a site-relative ``url``: absolute when the site URL is known."""
    url = url.removeprefix("./")
    if not site_url:
        return "/" + url
    return site_url.rstrip("/") + "/" + url


def json_ld_script(data: dict[str, Any]) -> Markup:
    """A ``<script type="application/ld+json">`` that no value can break out of."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')  # noqa: S704


def _organization(portfolio: Portfolio, site_url: str | None) -> dict[str, Any]:
    site = portfolio.data.site
    org: dict[str, Any] = {"@type": "Organization", "name": site.publisher or site.name}
    if site_url:
        org["url"] = site_url
    return org


def head_for_lane_page(portfolio: Portfolio, path: str, *, site_url: str | None) -> Markup:
    """JSON-LD ``Article``, ``BreadcrumbList`` and (with a FAQ) ``FAQPage``."""
    meta = portfolio.meta(path)
    site = portfolio.data.site
    url = absolute(site_url, portfolio.urls[path])
    lane = portfolio.data.lane(portfolio.pages[path].lane or "")
    keywords = [*meta.tags, *([meta.keyword] if meta.keyword else [])]
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": meta.title,
        "description": meta.description,
        "dateModified": meta.updated.isoformat(),
        "inLanguage": site.language,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": _organization(portfolio, site_url),
        "publisher": _organization(portfolio, site_url),
    }
    if keywords:
        article["keywords"] = ", ".join(dict.fromkeys(keywords))
    landing = f"{lane.id}/index.md"
    crumbs = [
        (site.name, absolute(site_url, portfolio.urls.get("index.md", ""))),
        (lane.title or lane.label.capitalize(),
         absolute(site_url, portfolio.urls.get(landing, f"{lane.id}/"))),
        (meta.title, url),
    ]
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i + 1, "name": name, "item": item}
            for i, (name, item) in enumerate(crumbs)
        ],
    }
    head = json_ld_script(article) + json_ld_script(breadcrumbs)
    if meta.faq:
        head += json_ld_script({
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {"@type": "Question", "name": item.q,
                 "acceptedAnswer": {"@type": "Answer", "text": markup.plain(item.a)}}
                for item in meta.faq
            ],
        })
    return head


def head_for_other_page(portfolio: Portfolio, path: str, *, description: str | None,
                        site_url: str | None) -> Markup:
    """A ``WebSite`` for the home page; nothing for other pages outside the lanes."""
    if path != "index.md":
        return Markup()
    site = portfolio.data.site
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site.name,
        "url": absolute(site_url, portfolio.urls[path]),
        "inLanguage": site.language,
        "publisher": _organization(portfolio, site_url),
    }
    if description or site.description:
        data["description"] = description or site.description
    return json_ld_script(data)
