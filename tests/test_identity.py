"""One source for the site's identity: ``site-data/site.yml``'s ``name`` and
``description``, whatever ``mkdocs.yml`` says."""

from __future__ import annotations

from pathlib import Path

from .support.html import text
from .support.sites import Built, build_site

NAME = "Northwind Ops Library"
DESCRIPTION = "Runbooks and fixes for the operators of Northwind's automations."

NORTHWIND = {
    "mkdocs.yml": (Path(__file__).parent / "sites/basic/mkdocs.yml").read_text().replace(
        "site_name: Fixture Desk",
        "site_name: Stale Copy Desk\nsite_description: A stale description from mkdocs.yml."),
    "site-data/site.yml": f"""
        name: {NAME}
        url: https://northwind.example.org/
        description: {DESCRIPTION}
        """,
    "content/index.md": f"""
        ---
        title: {NAME}
        ---

        Welcome to the library.
        """,
}


def _pages(built: Built) -> list[str]:
    return sorted(p.parent.relative_to(built.site).as_posix() + "/"
                  for p in built.site.rglob("index.html"))


def test_site_yml_names_the_site_everywhere(tmp_path: Path) -> None:
    built = build_site(tmp_path, NORTHWIND, strict=True)
    assert built.ok, built.messages()

    pages = _pages(built)
    assert {"./", "guides/", "guides/alpha/", "tags/", "policies/privacy/"} <= set(pages)
    for url in pages:
        page = built.html("" if url == "./" else url)
        assert "Stale Copy" not in str(page), url
        title = text(page.select_one("title"))
        assert title == NAME or title.endswith(f" - {NAME}"), (url, title)
        assert text(page.select_one(".md-header__topic")) == NAME, url
        sidebar = page.select_one("nav.md-nav--primary")
        assert text(sidebar.select_one(".md-nav__title")) == NAME, url
        assert text(sidebar).count(NAME) == 1, url
        assert page.select_one('meta[property="og:site_name"]')["content"] == NAME, url


def test_home_title_names_the_site_once(tmp_path: Path) -> None:
    built = build_site(tmp_path, NORTHWIND, strict=True)

    assert text(built.html("").select_one("title")) == NAME
    assert text(built.html("guides/alpha/").select_one("title")) == f"Alpha Guide - {NAME}"


def test_meta_descriptions_come_from_site_and_lanes(tmp_path: Path) -> None:
    built = build_site(tmp_path, NORTHWIND, strict=True)

    def description(url: str) -> str:
        return str(built.html(url).select_one('meta[name="description"]')["content"])

    assert description("") == DESCRIPTION
    assert description("guides/") == "Decision guides."  # the lane's (lanes.yml)
    assert description("policies/privacy/") == DESCRIPTION  # a page without one: the site's


def test_the_sidebar_lists_the_lanes_under_the_site_name(tmp_path: Path) -> None:
    built = build_site(tmp_path, NORTHWIND, strict=True)

    sidebar = built.html("guides/alpha/").select_one("nav.md-nav--primary")
    assert [text(a) for a in sidebar.select("a.md-nav__link")] == ["Guides", "Fixes"]
    assert sidebar.select_one(".md-nav__title a.md-logo")["href"] == "../.."
