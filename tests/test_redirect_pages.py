"""The pages that keep a renamed page's old addresses (``aliases``, written by
mkdocs-redirects) point search engines at the page: an absolute canonical link to it,
and ``noindex`` so the old address is never indexed."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support.seo_site import SEO_FILES, build_seo_site
from .support.sites import Built, build_site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_seo_site(tmp_path_factory.mktemp("redirects"))


@pytest.mark.parametrize("old", ["guides/old-billing/", "guides/payments/retries/"])
def test_a_redirect_page_has_an_absolute_canonical_and_noindex(built: Built, old: str) -> None:
    page = built.html(old)

    assert [link["href"] for link in page.select('link[rel="canonical"]')] == [
        "https://fixture.example.org/guides/billing/"]
    assert [meta["content"] for meta in page.select('meta[name="robots"]')] == ["noindex"]
    refresh = page.select_one('meta[http-equiv="refresh"]')["content"]
    assert (built.site / old / refresh.partition("url=")[2]).resolve() == \
        (built.site / "guides/billing").resolve()


def test_without_a_site_url_the_canonical_is_root_relative(tmp_path: Path) -> None:
    site = SEO_FILES.get("site-data/site.yml") or (
        Path(__file__).parent / "sites/basic/site-data/site.yml").read_text()
    files = {**SEO_FILES, "site-data/site.yml": site.replace(
        "url: https://fixture.example.org/\n", "")}

    built = build_site(tmp_path, files, strict=True)

    page = built.html("guides/old-billing/")
    assert page.select_one('link[rel="canonical"]')["href"] == "/guides/billing/"
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"


def test_a_backslash_in_the_page_address_is_text_in_its_redirect_page(tmp_path: Path) -> None:
    # an author's file name reaches the canonical link of the redirect page: MkDocs
    # percent-encodes it into the page's address, and that address is written as it is
    built = build_site(tmp_path, {"content/guides/back\\1slash.md": """
        ---
        title: Back Slash
        description: A page whose file name has a backslash.
        updated: 2026-06-01
        aliases: [guides/old-back.md]
        ---

        Body.
        """})

    assert built.ok
    page = built.html("guides/old-back/")
    assert page.select_one('link[rel="canonical"]')["href"] == \
        "https://fixture.example.org/guides/back%5C1slash/"
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
