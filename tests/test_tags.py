"""Tags that lead somewhere: a tags page without authors adding one, and tag chips in
the header line that link to each tag's section on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import SITES, Built, build_site, text

# Every lane page of the fixture site, with its tags in front-matter order.
TAGGED = {
    "guides/alpha/": ["shared", "alpha"],
    "guides/beta/": ["shared"],
    "guides/gamma/": ["shared", "alpha"],
    "fixes/one-fix/": ["alpha"],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("tags")
    assert not (SITES / "basic/content/tags.md").exists()  # no author wrote one
    site = build_site(root, strict=True)
    assert site.ok, site.messages()
    return site


def test_a_site_without_a_tags_page_gets_one_listing_every_tag(built: Built) -> None:
    tags = built.html("tags/")

    assert text(tags.select_one("article h1")) == "Tags"
    for tag in ("shared", "alpha"):
        section = tags.find(id=f"tag:{tag}")
        assert section is not None, tag
        listed = section.find_next_sibling("ul")
        tagged = {url for url, names in TAGGED.items() if tag in names}
        assert {a["href"].removeprefix("../") for a in listed.select("a")} == tagged


def test_tag_chips_link_to_their_tag_on_the_tags_page(built: Built) -> None:
    tags_page = built.html("tags/")
    for url, names in TAGGED.items():
        chips = built.html(url).select(".opsdesk-header .md-tag")
        assert [text(chip) for chip in chips] == names, url
        for chip, name in zip(chips, names, strict=True):
            assert chip.name == "a"
            assert chip["href"] == f"../../tags/#tag:{name}", url
            assert tags_page.find(id=chip["href"].partition("#")[2]) is not None


def test_tag_chips_sit_with_the_header_line_after_the_title(built: Built) -> None:
    header = built.html("guides/alpha/").select_one("article .opsdesk-header")

    # category, H1, header line, then the chips (no chips above the category any more),
    # then the lede
    assert [child["class"][0] if child.name == "p" else child.name
            for child in header.find_all(recursive=False)] == [
        "opsdesk-category", "h1", "opsdesk-header-line", "opsdesk-tags", "opsdesk-lede"]
    assert header.find_previous(class_="md-tag") is None
    assert [text(chip) for chip in header.select(".opsdesk-tags > .md-tag")] == [
        "shared", "alpha"]


def test_an_authors_own_tags_page_is_kept(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"content/tags.md": """
        ---
        title: Topics
        ---

        Browse by topic.

        <!-- material/tags -->
        """}, strict=True)

    page = built.html("tags/")
    assert text(page.select_one("article h1")) == "Topics"
    assert page.find(id="tag:shared") is not None
    assert built.html("guides/beta/").select_one(".md-tag")["href"] == "../../tags/#tag:shared"


def test_without_the_tags_plugin_chips_link_nowhere_and_no_tags_page(tmp_path: Path) -> None:
    config = (SITES / "basic/mkdocs.yml").read_text().replace("  - tags\n", "")
    built = build_site(tmp_path, {"mkdocs.yml": config}, strict=True)

    assert built.ok, built.messages()
    assert not built.exists("tags/")
    chips = built.html("guides/alpha/").select(".opsdesk-tags .md-tag")
    assert [(chip.name, text(chip)) for chip in chips] == [("span", "shared"), ("span", "alpha")]
