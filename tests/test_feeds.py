"""Atom feeds of the portfolio and of each lane, read back with feedparser."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

import feedparser
import pytest

from .support.seo_site import TRICKY_TITLE, build_seo_site
from .support.sites import Built

SITE = "https://fixture.example.org/"

FEEDS = {
    "atom.xml": ["guides/gamma/", "guides/alpha/", "guides/beta/", "fixes/one-fix/",
                 "guides/billing/"],
    "atom-guides.xml": ["guides/gamma/", "guides/alpha/", "guides/beta/", "guides/billing/"],
    "atom-fixes.xml": ["fixes/one-fix/"],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_seo_site(tmp_path_factory.mktemp("feeds"))


def parsed(built: Built, path: str) -> Any:
    return feedparser.parse((built.site / path).read_bytes())


@pytest.mark.parametrize("path", list(FEEDS))
def test_feed_parses_cleanly_as_atom(built: Built, path: str) -> None:
    feed = parsed(built, path)

    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == SITE + path
    assert feed.feed.author == "Fixture Desk"


@pytest.mark.parametrize(("path", "urls"), list(FEEDS.items()))
def test_feed_lists_published_pages_newest_first(built: Built, path: str,
                                                 urls: list[str]) -> None:
    entries = parsed(built, path).entries

    assert [e.link for e in entries] == [SITE + url for url in urls]
    dates = [e.updated for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert not [e for e in entries if "secret" in e.link]


def test_feed_entry_carries_the_pages_data(built: Built) -> None:
    feed = parsed(built, "atom-guides.xml")
    alpha = next(e for e in feed.entries if e.link == SITE + "guides/alpha/")
    billing = next(e for e in feed.entries if e.link == SITE + "guides/billing/")

    assert feed.feed.title == "Fixture Desk: Guides"
    assert feed.feed.subtitle == "Decision guides."
    assert alpha.title == "Alpha Guide"
    assert alpha.summary == "The first guide."
    assert alpha.updated == "2026-06-01T00:00:00+00:00"
    assert alpha.id == SITE + "guides/alpha/"
    assert [t.term for t in alpha.tags] == ["shared", "alpha"]
    assert billing.title == TRICKY_TITLE


def test_portfolio_feed_is_as_new_as_its_newest_page(built: Built) -> None:
    assert parsed(built, "atom.xml").feed.updated == "2026-07-01T00:00:00+00:00"


@pytest.mark.parametrize("url", ["", "guides/", "guides/alpha/", "fixes/one-fix/",
                                 "policies/privacy/", "tags/"])
def test_every_page_links_every_feed_from_its_head(built: Built, url: str) -> None:
    links = built.html(url).select('head link[rel="alternate"][type="application/atom+xml"]')

    targets = [posixpath.normpath(posixpath.join(url, link["href"])) for link in links]
    assert targets == list(FEEDS)
    assert [link["title"] for link in links] == [
        "Fixture Desk", "Fixture Desk: Guides", "Fixture Desk: Fixes"]
    assert all((built.site / target).is_file() for target in targets)


def test_feeds_do_not_change_between_builds(tmp_path: Path, built: Built) -> None:
    again = build_seo_site(tmp_path)

    for path in FEEDS:
        assert (again.site / path).read_bytes() == (built.site / path).read_bytes()
