"""Tags that lead somewhere, with no page that lists everything: the tags page lists the
tags (name and count), each tag has its own page of cards (paged like a lane's), and the
tag chips in the header line link to it. Tag names are untrusted text."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import pytest

from opsdesk.listings import CARDS_PER_PAGE, tag_slug

from .support.html import text
from .support.search import search_index
from .support.sites import SITES, Built, build_site

# Every lane page of the fixture site, with its tags in front-matter order.
TAGGED = {
    "guides/alpha/": ["shared", "alpha"],
    "guides/beta/": ["shared"],
    "guides/gamma/": ["shared", "alpha"],
    "fixes/one-fix/": ["alpha"],
}


def _target(url: str, href: str) -> str:
    """A link's target as a site-relative URL (``tags/alpha/``)."""
    return posixpath.normpath(posixpath.join(url, href)).removeprefix(".") + "/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("tags")
    assert not (SITES / "basic/content/tags.md").exists()  # no author wrote one
    assert "tags" not in (SITES / "basic/mkdocs.yml").read_text()  # no Material tags plugin
    site = build_site(root, strict=True, search=True)  # read by the search index's test
    assert site.ok, site.messages()
    return site


def test_the_tags_page_lists_each_tag_with_its_count_and_its_page(built: Built) -> None:
    page = built.html("tags/")

    assert text(page.select_one("article h1")) == "Tags"
    entries = page.select(".opsdesk-tag-index li")
    assert [(text(li.a), li.a["href"], text(li.span)) for li in entries] == [
        ("alpha", "alpha/", "(3)"), ("shared", "shared/", "(3)")]
    assert page.select(".opsdesk-card") == []  # no page is listed here


def test_a_tag_page_lists_its_pages_newest_first(built: Built) -> None:
    page = built.html("tags/alpha/")

    assert text(page.select_one("article h1")) == "Tag: alpha"
    assert text(page.select_one("title")) == "Tag: alpha - Fixture Desk"
    cards = page.select(".opsdesk-card__title")
    assert [(text(a), _target("tags/alpha/", a["href"])) for a in cards] == [
        ("Gamma Guide", "guides/gamma/"), ("Alpha Guide", "guides/alpha/"),
        ("One Fix", "fixes/one-fix/")]
    assert page.select("nav.opsdesk-pager") == []  # one page of cards: no pager
    assert page.select_one('head link[rel="canonical"]')["href"] == \
        "https://fixture.example.org/tags/alpha/"
    crumbs = next(d for d in built.json_ld("tags/alpha/") if d["@type"] == "BreadcrumbList")
    assert [(i["name"], i["item"]) for i in crumbs["itemListElement"]] == [
        ("Fixture Desk", "https://fixture.example.org/"),
        ("Tags", "https://fixture.example.org/tags/"),
        ("Tag: alpha", "https://fixture.example.org/tags/alpha/")]


def test_tag_chips_link_to_their_tag_page(built: Built) -> None:
    for url, names in TAGGED.items():
        chips = built.html(url).select(".opsdesk-header .md-tag")
        assert [text(chip) for chip in chips] == names, url
        for chip, name in zip(chips, names, strict=True):
            assert chip.name == "a"
            assert _target(url, chip["href"]) == f"tags/{name}/", url
            assert built.exists(f"tags/{name}/")


def test_tag_chips_sit_with_the_header_line_after_the_title(built: Built) -> None:
    header = built.html("guides/alpha/").select_one("article .opsdesk-header")

    # category, H1, header line, then the chips (no chips above the category any more),
    # then the lede
    assert [child["class"][0] if child.name in ("p", "ul") else child.name
            for child in header.find_all(recursive=False)] == [
        "opsdesk-category", "h1", "opsdesk-header-line", "opsdesk-tags", "opsdesk-lede"]
    assert header.find_previous(class_="md-tag") is None
    assert [text(chip) for chip in header.select(".opsdesk-tags > .md-tag")] == [
        "shared", "alpha"]


def test_tag_pages_are_in_the_sitemap_but_not_in_search_feeds_or_nav(built: Built) -> None:
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    feeds = "".join(p.read_text(encoding="utf-8") for p in built.site.glob("atom*.xml"))
    nav = built.html("").select(".md-nav--primary a")
    index = search_index(built.site)

    for url in ("tags/", "tags/alpha/", "tags/shared/"):
        assert f"<loc>https://fixture.example.org/{url}</loc>" in sitemap
        assert f"/{url}" not in index
        assert f"fixture.example.org/{url}\"" not in feeds
        assert not any(a["href"].endswith(url) for a in nav)
        assert built.html(url).select("[data-pagefind-body]") == []
    assert "/guides/alpha/" in index


def test_an_authors_own_tags_page_keeps_its_text_and_lists_the_tags(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"content/tags.md": """
        ---
        title: Topics
        ---

        Browse by topic.

        <!-- material/tags -->
        """}, strict=True)

    page = built.html("tags/")
    assert text(page.select_one("article h1")) == "Topics"
    assert "Browse by topic." in text(page.select_one("article"))
    assert [text(a) for a in page.select(".opsdesk-tag-index a")] == ["alpha", "shared"]
    assert _target("guides/beta/", built.html("guides/beta/").select_one(".md-tag")["href"]) \
        == "tags/shared/"


def test_a_site_without_tags_has_no_tags_page_and_no_chips(tmp_path: Path) -> None:
    untagged = {f"content/{path}": (SITES / "basic/content" / path).read_text().replace(
        line, "") for path, line in [
        ("guides/alpha.md", "tags: [shared, alpha]\n"), ("guides/beta.md", "tags: [shared]\n"),
        ("guides/gamma.md", "tags: [shared, alpha]\n"), ("fixes/one-fix.md", "tags: [alpha]\n")]}
    built = build_site(tmp_path, untagged, strict=True)

    assert built.ok, built.messages()
    assert not built.exists("tags/")
    assert built.html("guides/alpha/").select(".md-tag") == []


def _tagged_guides(count: int, tag: str, *, first_day: int = 1) -> dict[str, str]:
    return {f"content/guides/t{i:02}.md": f"""
        ---
        title: Tagged {i:02}
        description: A tagged guide.
        updated: 2026-03-{first_day + i:02d}
        tags: ["{tag}"]
        ---

        Body.
        """ for i in range(count)}


def test_a_tag_with_more_cards_than_a_page_holds_is_paged(tmp_path: Path) -> None:
    built = build_site(tmp_path, _tagged_guides(CARDS_PER_PAGE + 1, "bulk"), strict=True)
    assert built.ok, built.messages()

    first, second = built.html("tags/bulk/"), built.html("tags/bulk/page/2/")
    # newest first: t12 (March 13) down to t01 on the first page, t00 alone on the second
    assert [text(a) for a in first.select(".opsdesk-card__title")] == [
        f"Tagged {i:02}" for i in range(CARDS_PER_PAGE, 0, -1)]
    assert [text(a) for a in second.select(".opsdesk-card__title")] == ["Tagged 00"]
    assert text(second.select_one("article h1")) == "Tag: bulk, page 2 of 2"
    assert second.select_one('head link[rel="prev"]')["href"] == "../../"
    assert first.select_one('head link[rel="next"]')["href"] == "page/2/"
    assert [text(a) for a in built.html("tags/").select(".opsdesk-tag-index a")] == [
        "alpha", "bulk", "shared"]
    assert text(built.html("tags/").select(".opsdesk-tag-index li")[1]) == \
        f"bulk ({CARDS_PER_PAGE + 1})"


#: The model refuses ``<`` and ``>`` in a tag (test_errors); what it lets through must
#: still be text everywhere: entities, quotes, ampersands, path segments, braces.
HOSTILE = ["&lt;script&gt;alert(1)&lt;/script&gt;", "\"quoted\" & 'single'",
           "../../etc/passwd", "{{ 7*7 }} {% raw %}", "日本語"]


def test_hostile_tag_names_are_text_and_their_pages_stay_in_tags(tmp_path: Path) -> None:
    tags = json.dumps(HOSTILE)
    alpha = (SITES / "basic/content/guides/alpha.md").read_text()
    built = build_site(tmp_path, {"content/guides/alpha.md": alpha.replace(
        "tags: [shared, alpha]", f"tags: {tags}")}, strict=True)
    assert built.ok, built.messages()

    slugs = [tag_slug(name) for name in HOSTILE]
    assert slugs[:4] == ["lt-script-gt-alert-1-lt-script-gt", "quoted-single", "etc-passwd",
                         "7-7-raw"]
    assert slugs[4].startswith("tag-")
    assert len(slugs[4]) == 12
    chips = built.html("guides/alpha/").select(".opsdesk-tags .md-tag")
    assert [(text(chip), _target("guides/alpha/", chip["href"])) for chip in chips] == [
        (name, f"tags/{slug}/") for name, slug in zip(HOSTILE, slugs, strict=True)]
    folders = sorted(p.parent.relative_to(built.site).as_posix()
                     for p in built.site.rglob("index.html") if "tags/" in p.as_posix())
    assert folders == sorted(["tags", "tags/alpha", "tags/shared",
                              *(f"tags/{s}" for s in slugs)])
    for name, slug in zip(HOSTILE, slugs, strict=True):
        page = built.html(f"tags/{slug}/")
        assert text(page.select_one("article h1")) == f"Tag: {name}"
        assert text(page.select_one("title")) == f"Tag: {name} - Fixture Desk"
        assert "<script>alert" not in (built.site / f"tags/{slug}/index.html").read_text()
        crumbs = next(d for d in built.json_ld(f"tags/{slug}/") if d["@type"] == "BreadcrumbList")
        assert crumbs["itemListElement"][-1]["name"] == f"Tag: {name}"
    index = built.html("tags/")
    assert [text(a) for a in index.select(".opsdesk-tag-index a")] == sorted(
        ["alpha", "shared", *HOSTILE], key=lambda n: (n.casefold(), n))
    assert "<script>alert" not in (built.site / "tags/index.html").read_text(encoding="utf-8")


def test_spellings_that_share_a_slug_share_one_tag_page_with_a_warning(tmp_path: Path) -> None:
    beta = (SITES / "basic/content/guides/beta.md").read_text()
    gamma = (SITES / "basic/content/guides/gamma.md").read_text()
    built = build_site(tmp_path, {
        "content/guides/beta.md": beta.replace("tags: [shared]", "tags: [Shared]"),
        "content/guides/gamma.md": gamma.replace("tags: [shared, alpha]", "tags: [alpha, SHARED]"),
    })

    assert built.ok
    # "shared" (alpha.md), "Shared" and "SHARED": one each; on a tie, the first in
    # alphabetical order (case-insensitive, then by code point) names the page
    assert built.problems() == [
        "content/guides/alpha.md:8: tags[0]: 'shared' shares the tag page tags/shared/ with "
        "'SHARED' (the spelling most pages use, shown there): write it the same way, or "
        "choose a tag whose letters or digits differ",
        "content/guides/beta.md:6: tags[0]: 'Shared' shares the tag page tags/shared/ with "
        "'SHARED' (the spelling most pages use, shown there): write it the same way, or "
        "choose a tag whose letters or digits differ",
    ]
    page = built.html("tags/shared/")
    assert text(page.select_one("article h1")) == "Tag: SHARED"
    assert sorted(text(a) for a in page.select(".opsdesk-card__title")) == [
        "Alpha Guide", "Beta Guide", "Gamma Guide"]
    assert _target("guides/beta/", built.html("guides/beta/").select_one(".md-tag")["href"]) \
        == "tags/shared/"
