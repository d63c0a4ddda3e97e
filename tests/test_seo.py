"""What search engines read, checked on built sites: JSON-LD, meta tags, the sitemap,
the search index, tag pages and the redirects of renamed pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pyld import jsonld

from .support.html import text
from .support.search import search_index
from .support.seo_site import SEO_FILES, TRICKY_DESCRIPTION, TRICKY_TITLE, UPDATED, build_seo_site
from .support.sites import SITES, Built, build_site

SITE = "https://fixture.example.org/"
SCHEMA = "https://schema.org/"

#: The properties each type must have (Google's rich-result requirements, and the
#: Article properties this site promises).
REQUIRED = {
    "Article": ("headline", "description", "datePublished", "dateModified", "publisher",
                "mainEntityOfPage", "inLanguage", "keywords"),
    "Organization": ("name",),
    "WebPage": (),
    "BreadcrumbList": ("itemListElement",),
    "ListItem": ("position", "name", "item"),
    "FAQPage": ("mainEntity",),
    "Question": ("name", "acceptedAnswer"),
    "Answer": ("text",),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_seo_site(tmp_path_factory.mktemp("seo"), search=True)


# -- JSON-LD ----------------------------------------------------------------------------

def _offline_loader(url: str, options: dict[str, Any]) -> dict[str, Any]:
    """Serve a minimal schema.org context; refuse everything else (no network)."""
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"the JSON-LD asks for {url}")
    return {"contextUrl": None, "documentUrl": url,
            "document": {"@context": {"@vocab": SCHEMA}}}


def expanded(data: dict[str, Any]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = jsonld.expand(data, {"documentLoader": _offline_loader})
    return result


def _nodes(node: Any) -> list[dict[str, Any]]:
    """Every typed node in an expanded document."""
    found: list[dict[str, Any]] = []
    if isinstance(node, list):
        for item in node:
            found += _nodes(item)
    elif isinstance(node, dict):
        if "@type" in node:
            found.append(node)
        for key, value in node.items():
            if not key.startswith("@"):
                found += _nodes(value)
    return found


def missing_properties(document: dict[str, Any]) -> list[str]:
    problems = []
    for node in _nodes(expanded(document)):
        for type_iri in node["@type"]:
            name = type_iri.removeprefix(SCHEMA)
            assert name in REQUIRED, f"unexpected type {type_iri}"
            problems += [f"{name}.{prop}" for prop in REQUIRED[name]
                         if not node.get(SCHEMA + prop)]
    return problems


def by_type(built: Built, url: str) -> dict[str, dict[str, Any]]:
    return {data["@type"]: data for data in built.json_ld(url)}


@pytest.mark.parametrize("url", ["guides/alpha/", "guides/beta/", "fixes/one-fix/",
                                 "guides/billing/"])
def test_json_ld_expands_offline_with_every_required_property(built: Built, url: str) -> None:
    documents = built.json_ld(url)

    assert documents
    for document in documents:
        assert expanded(document), document
        assert missing_properties(document) == []


def test_article_says_what_the_page_shows(built: Built) -> None:
    page = built.html("guides/alpha/")
    article = by_type(built, "guides/alpha/")["Article"]

    assert article["headline"] == text(page.select_one("h1")) == "Alpha Guide"
    assert article["description"] == "The first guide."
    # a date-time with a time zone, as search engines want; no separate publication date
    # is kept, so the page was published when it was last updated
    assert article["dateModified"] == article["datePublished"] == "2026-06-01T00:00:00+00:00"
    assert page.select_one("time")["datetime"] == "2026-06-01"
    assert article["publisher"] == {"@type": "Organization", "name": "Fixture Desk",
                                    "url": SITE}
    assert article["mainEntityOfPage"]["@id"] == SITE + "guides/alpha/"
    assert article["inLanguage"] == "en"
    assert article["keywords"] == "shared, alpha, alpha keyword"


def test_breadcrumbs_go_home_lane_page_with_absolute_urls(built: Built) -> None:
    crumbs = by_type(built, "guides/beta/")["BreadcrumbList"]["itemListElement"]

    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Fixture Desk", SITE),
        (2, "Guides", SITE + "guides/"),
        (3, "Beta Guide", SITE + "guides/beta/"),
    ]


def test_breadcrumbs_are_site_relative_without_a_site_url(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"site-data/site.yml": "name: Fixture Desk\n"}, strict=True)

    crumbs = by_type(built, "guides/beta/")["BreadcrumbList"]["itemListElement"]
    assert [c["item"] for c in crumbs] == ["/", "/guides/", "/guides/beta/"]


def test_faq_page_is_exactly_the_visible_faq_in_order(built: Built) -> None:
    section = built.html("guides/alpha/").select_one("section.opsdesk-faq")
    visible = [(text(h), h.find_next_sibling(class_="opsdesk-faq__answer").decode_contents())
               for h in section.select("h3")]
    faq = by_type(built, "guides/alpha/")["FAQPage"]

    # the answer as the page shows it: its HTML (escaped by the JSON encoder)
    stated = [(q["name"], q["acceptedAnswer"]["text"]) for q in faq["mainEntity"]]
    assert stated == visible == [("Why alpha?", "<p>Because it comes first.</p>"),
                                 ("What next?", "<p>The beta guide.</p>")]


def test_no_faq_page_without_a_faq(built: Built) -> None:
    assert sorted(by_type(built, "guides/beta/")) == ["Article", "BreadcrumbList"]


# -- meta tags -----------------------------------------------------------------------------

def meta(page: BeautifulSoup, key: str) -> list[str]:
    attribute = "property" if key.startswith(("og:", "article:")) else "name"
    return [tag["content"] for tag in page.find_all("meta", attrs={attribute: key})]


def test_meta_tags_of_a_lane_page(built: Built) -> None:
    page = built.html("guides/alpha/")

    assert meta(page, "description") == ["The first guide."]
    assert [link["href"] for link in page.select('link[rel="canonical"]')] == \
        [SITE + "guides/alpha/"]
    assert meta(page, "og:title") == ["Alpha Guide"]
    assert meta(page, "og:description") == ["The first guide."]
    assert meta(page, "og:type") == ["article"]
    assert meta(page, "og:url") == [SITE + "guides/alpha/"]
    assert meta(page, "og:site_name") == ["Fixture Desk"]
    assert meta(page, "article:modified_time") == ["2026-06-01"]
    assert meta(page, "article:tag") == ["shared", "alpha"]
    assert meta(page, "twitter:card") == ["summary"]
    assert meta(page, "twitter:title") == ["Alpha Guide"]
    assert meta(page, "twitter:description") == ["The first guide."]


def test_home_page_is_a_website_without_article_tags(built: Built) -> None:
    page = built.html("")

    assert meta(page, "og:type") == ["website"]
    assert meta(page, "og:url") == [SITE]
    assert meta(page, "article:modified_time") == []


def test_a_page_without_a_description_previews_with_the_sites(tmp_path: Path) -> None:
    """As Material's meta description does; structured-data-testing-tool's Twitter preset
    asks every page for twitter:description (a policy page had none)."""
    site_yml = (SITES / "basic/site-data/site.yml").read_text(encoding="utf-8")
    built = build_site(tmp_path, {"site-data/site.yml": site_yml
                                  + "description: Pages for the fixture desk.\n"}, strict=True)
    assert built.ok, built.messages()
    page = built.html("policies/privacy/")  # its front matter: a title only

    for key in ("description", "og:description", "twitter:description"):
        assert meta(page, key) == ["Pages for the fixture desk."], key


def test_meta_values_are_escaped(built: Built) -> None:
    page = built.html("guides/billing/")

    assert meta(page, "description") == [TRICKY_DESCRIPTION]
    assert meta(page, "og:title") == meta(page, "twitter:title") == [TRICKY_TITLE]
    assert meta(page, "og:description") == [TRICKY_DESCRIPTION]
    assert text(page.select_one("title")) == f"{TRICKY_TITLE} - Fixture Desk"
    assert page.select_one("h1").find("idempotency") is None
    assert text(page.select_one("h1")) == TRICKY_TITLE
    assert text(page.select_one(".md-header__topic .md-ellipsis")) == "Fixture Desk"
    assert text(page.select_one('.md-header__topic[data-md-component="header-topic"]')) \
        == TRICKY_TITLE
    assert page.find("idempotency") is None  # nowhere did the title become markup


# -- sitemap ---------------------------------------------------------------------------------

def sitemap(built: Built) -> dict[str, str | None]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring((built.site / "sitemap.xml").read_bytes())  # noqa: S314 - our file
    return {url.findtext("s:loc", namespaces=ns).removeprefix(SITE):  # type: ignore[union-attr]
            url.findtext("s:lastmod", namespaces=ns) for url in root.findall("s:url", ns)}


def test_sitemap_gives_each_page_its_updated_date(built: Built) -> None:
    dates = sitemap(built)

    assert {url: dates[url] for url in UPDATED} == UPDATED
    assert dates[""] == "2026-07-01"  # the home page: its newest page
    assert dates["guides/"] == "2026-07-01"
    assert dates["fixes/"] == "2026-04-01"
    assert dates["policies/privacy/"] is None  # no true date: no lastmod


def test_sitemap_never_lists_drafts(built: Built) -> None:
    assert not any("secret" in url for url in sitemap(built))
    assert not built.exists("guides/secret/")


# -- search index and tags -----------------------------------------------------------------

def test_search_index_holds_exactly_the_published_pages(built: Built) -> None:
    index = search_index(built.site)
    published = {"/", "/guides/", "/fixes/", "/policies/privacy/",
                 *(f"/{url}" for url in UPDATED)}

    # Never the 404 page, a redirect page (old-billing/, payments/retries/), the draft or
    # the generated tags page (out of search: its list of every title matches everything).
    assert set(index) == published
    assert (built.site / "guides/old-billing/index.html").is_file()
    assert (built.site / "404.html").is_file()


def test_a_page_with_search_exclude_is_published_but_not_in_the_search_index(
        tmp_path: Path) -> None:
    built = build_seo_site(tmp_path, {"content/guides/unlisted.md": """
        ---
        title: Unlisted Guide
        description: Published, not searchable.
        updated: 2026-02-02
        search:
          exclude: true
        ---

        Unlisted body.
        """}, search=True)
    index = search_index(built.site)

    assert built.exists("guides/unlisted/")
    assert "/guides/unlisted/" not in index
    assert "/guides/alpha/" in index


def test_search_index_title_is_the_text_of_the_title(built: Built) -> None:
    # search.js sets it as text: the reader sees the title as written, markup and all
    assert search_index(built.site)["/guides/billing/"]["meta"]["title"] == TRICKY_TITLE


def test_search_index_has_no_draft(built: Built) -> None:
    index = search_index(built.site)

    assert not [url for url, page in index.items() if "secret" in url
                or "Nobody reads" in page["content"] or "Secret" in page["meta"]["title"]]


def test_search_index_has_the_header_quick_take_checklists_and_faq(built: Built) -> None:
    alpha = search_index(built.site)["/guides/alpha/"]["content"]

    for words in ("Alpha Guide", "The first guide.", "Start with alpha.",
                  "Check the second thing.", "Why alpha?", "Because it comes first.",
                  "Alpha body paragraph two."):
        assert words in alpha
    # Not the buttons (made by opsdesk.js), the coverage lane, the policies, next page
    # or keep browsing: the same on many pages, they would match every search.
    for words in ("Reset", "Copy as Markdown", "Coverage lane", "Site policies", "Next page",
                  "Keep browsing", "¶"):
        assert words not in alpha


def test_search_index_filters_and_meta(built: Built) -> None:
    index = search_index(built.site)

    assert index["/guides/alpha/"]["filters"] == {"lane": ["Guides"],
                                                   "tag": ["shared", "alpha"]}
    assert index["/guides/alpha/"]["meta"] == {"title": "Alpha Guide", "lane": "Guides",
                                                "date": "June 01, 2026"}
    assert index["/fixes/one-fix/"]["filters"]["lane"] == ["Fixes"]
    assert "lane" not in index["/policies/privacy/"]["filters"]


def test_tags_pages_list_only_published_pages(built: Built) -> None:
    index = built.html("tags/")
    counts = {text(a): text(a.find_next_sibling("span")) for a in index.select(
        ".opsdesk-tag-index a")}
    listed = {tag: sorted(text(a) for a in built.html(f"tags/{tag}/").select(
        ".opsdesk-card__title")) for tag in counts}

    assert counts == {"alpha": "(3)", "billing": "(1)", "shared": "(3)"}
    assert listed == {
        "alpha": ["Alpha Guide", "Gamma Guide", "One Fix"],
        "billing": [TRICKY_TITLE],
        "shared": ["Alpha Guide", "Beta Guide", "Gamma Guide"],
    }
    assert "Secret" not in text(index)


# -- aliases ---------------------------------------------------------------------------------

@pytest.mark.parametrize("old", ["guides/old-billing/", "guides/payments/retries/"])
def test_each_alias_redirects_to_the_page(built: Built, old: str) -> None:
    page = built.html(old)
    refresh = page.select_one('meta[http-equiv="refresh"]')["content"]
    target = refresh.partition("url=")[2]

    resolved = (built.site / old / target).resolve()
    assert resolved == (built.site / "guides/billing").resolve()
    assert built.exists("guides/billing/")


def test_a_drafts_aliases_do_not_redirect(built: Built) -> None:
    assert not built.exists("guides/secret-old/")


@pytest.mark.parametrize(("aliases", "expected"), [
    ("[guides/beta.md]",
     "content/guides/billing.md:6: aliases[0]: 'guides/beta.md' is the address of the page "
     "content/guides/beta.md; an alias must be an address no page uses"),
    ("[guides/old.md, guides/beta/index.md]",
     "content/guides/billing.md:6: aliases[1]: 'guides/beta/index.md' is the address of the "
     "page content/guides/beta.md; an alias must be an address no page uses"),
    ("[guides/secret.md]",
     "content/guides/billing.md:6: aliases[0]: 'guides/secret.md' is the address of the page "
     "content/guides/secret.md; an alias must be an address no page uses"),
    ("[guides/index.md]",
     "content/guides/billing.md:6: aliases[0]: 'guides/index.md' is the address of the page "
     "content/guides/index.md; an alias must be an address no page uses"),
    ("[guides/billing.md]",
     "content/guides/billing.md:6: aliases[0]: 'guides/billing.md' is the address of this "
     "page itself; remove the alias"),
])
def test_alias_that_collides_is_a_located_error(tmp_path: Path, aliases: str,
                                                 expected: str) -> None:
    billing = SEO_FILES["content/guides/billing.md"].replace(
        "aliases:\n          - guides/old-billing.md\n          - guides/payments/retries.md",
        f"aliases: {aliases}")
    alpha = (Path(__file__).parent / "sites/basic/content/guides/alpha.md").read_text()
    files = {**SEO_FILES, "content/guides/billing.md": billing,
             "content/guides/alpha.md": alpha.replace("order: 1\n",
                                                      "order: 1\naliases: [guides/alpha-old.md]\n")}

    strict = build_site(tmp_path / "strict", files, strict=True)
    lenient = build_site(tmp_path / "lenient", files)

    assert not strict.ok
    assert strict.problems() == [expected, BILLING_LEFT_OUT]
    assert lenient.ok
    assert not lenient.exists("guides/billing/")  # left out like any page with errors
    assert lenient.exists("guides/beta/")
    assert "Redirecting" not in text(lenient.html("guides/beta/"))


BILLING_LEFT_OUT = "content/guides/billing.md: left out of the build until its errors are fixed"


def test_an_alias_on_two_pages_is_an_error_on_both(tmp_path: Path) -> None:
    alpha = (Path(__file__).parent / "sites/basic/content/guides/alpha.md").read_text()
    files = {**SEO_FILES,
             "content/guides/billing.md": SEO_FILES["content/guides/billing.md"].replace(
                 "aliases:\n          - guides/old-billing.md\n          - guides/payments/"
                 "retries.md", "aliases: [guides/alpha-old.md]"),
             "content/guides/alpha.md": alpha.replace(
                 "order: 1\n", "order: 1\naliases: [guides/alpha-old.md]\n")}

    built = build_site(tmp_path, files, strict=True)

    assert not built.ok
    assert built.problems() == [
        "content/guides/alpha.md:8: aliases[0]: 'guides/alpha-old.md' is also an alias of "
        "content/guides/billing.md; keep it on one page",
        "content/guides/billing.md:6: aliases[0]: 'guides/alpha-old.md' is also an alias of "
        "content/guides/alpha.md; keep it on one page",
        "content/guides/alpha.md: left out of the build until its errors are fixed",
        BILLING_LEFT_OUT]
    assert not (built.site / "guides/alpha-old").exists()


def test_aliases_without_the_redirects_plugin_are_reported(tmp_path: Path) -> None:
    config = (Path(__file__).parent / "sites/basic/mkdocs.yml").read_text()
    without = "".join(line for line in config.splitlines(keepends=True)
                      if "redirects" not in line)
    files = {**SEO_FILES, "mkdocs.yml": without}

    built = build_site(tmp_path, files, strict=True)

    assert not built.ok
    assert built.problems() == [
        "mkdocs.yml: plugins: pages have aliases, but there is no 'redirects' plugin: add "
        "'- redirects' under 'plugins:' so old addresses keep working"]


def test_navigation_and_title_show_a_lane_title_as_text(tmp_path: Path) -> None:
    lanes = (Path(__file__).parent / "sites/basic/site-data/lanes.yml").read_text()
    files = {"site-data/lanes.yml": lanes.replace("title: Guides", "title: 'Q&A <Guides>'")}

    built = build_site(tmp_path, files, strict=True)

    page = built.html("guides/alpha/")
    nav = [text(a) for a in page.select("nav.md-nav--primary a.md-nav__link")]
    assert "Q&A <Guides>" in nav
    assert text(built.html("guides/").select_one("title")) == "Q&A <Guides> - Fixture Desk"
    assert page.find("guides") is None
