"""Family 2: path escapes and collisions in aliases.

Each alias is normalised to the file mkdocs-redirects would write; one that leaves
``site_dir``, falls on a generated file or folder, a page's file (or inside one), or
another alias's file is a located error on every page involved, and nothing is written:
no file appears outside the site's folder, and no page is replaced by a redirect.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..support.pages import LEFT_OUT, Together, page
from ..support.sites import SITES, Built, build_site

_ALPHA = (SITES / "basic/content/guides/alpha.md").read_text()
ALPHA_LEFT_OUT = "content/guides/alpha.md: left out of the build until its errors are fixed"


def _escape(alias: str, why: str = "it leads outside the site's folder") -> str:
    return f"content/guides/bad.md:5: aliases[0]: cannot redirect from '{alias}': {why}"


_NOT_RELATIVE = ("its first segment '{}' reads as a scheme or a drive: an alias is a path "
                 "relative to content/, such as 'guides/old-name.md'")
_HOST = ("it names another host ('//'): an alias is a path relative to content/, such as "
         "'guides/old-name.md'")
_TWICE = ("it is percent-encoded twice ('%25' is an encoded '%'): write the path as it reads, "
          "encoded once at most")


def _taken(alias: str, page_file: str) -> str:
    return (f"content/guides/bad.md:5: aliases[0]: '{alias}' is the address of the page "
            f"{page_file}; an alias must be an address no page uses")


def _alpha_alias(alias: str) -> str:
    return _ALPHA.replace("order: 1\n", f"order: 1\naliases: ['{alias}']\n")


# (id, files, exact problems)
CASES: list[tuple[str, dict[str, str], list[str]]] = [
    ("parent-segments", {"content/guides/bad.md": page("aliases: [../../escape.md]\n")},
     [_escape("../../escape.md"), LEFT_OUT]),
    ("parent-after-folder", {"content/guides/bad.md": page(
        "aliases: [guides/../../../escape.md]\n")},
     [_escape("guides/../../../escape.md"), LEFT_OUT]),
    ("back-slashes", {"content/guides/bad.md": page("aliases: ['..\\..\\escape.md']\n")},
     [_escape("..\\..\\escape.md"), LEFT_OUT]),
    ("percent-encoded-dots", {"content/guides/bad.md": page(
        "aliases: ['%2e%2e/%2E%2E/escape.md']\n")},
     [_escape("%2e%2e/%2E%2E/escape.md"), LEFT_OUT]),
    ("percent-encoded-slashes", {"content/guides/bad.md": page(
        "aliases: ['guides%2f..%2f..%2f..%2fescape.md']\n")},
     [_escape("guides%2f..%2f..%2f..%2fescape.md"), LEFT_OUT]),
    ("absolute", {"content/guides/bad.md": page("aliases: ['/tmp/escape.md']\n")},
     ["content/guides/bad.md:5: aliases[0]: expected an old page path relative to content/, "
      "such as 'guides/old-name.md', got '/tmp/escape.md'", LEFT_OUT]),
    ("sitemap", {"content/guides/bad.md": page("aliases: [sitemap.xml.md]\n")},
     [_escape("sitemap.xml.md", "the build writes 'sitemap.xml' itself"), LEFT_OUT]),
    ("sitemap-gz", {"content/guides/bad.md": page("aliases: [sitemap.xml.gz.md]\n")},
     [_escape("sitemap.xml.gz.md", "the build writes 'sitemap.xml.gz' itself"), LEFT_OUT]),
    ("feed", {"content/guides/bad.md": page("aliases: [atom.xml.md]\n")},
     [_escape("atom.xml.md", "the build writes 'atom.xml' itself"), LEFT_OUT]),
    ("lane-feed", {"content/guides/bad.md": page("aliases: [atom-guides.xml/x.md]\n")},
     [_escape("atom-guides.xml/x.md", "the build writes 'atom-guides.xml' itself"), LEFT_OUT]),
    ("not-found-page", {"content/guides/bad.md": page("aliases: [404.html.md]\n")},
     [_escape("404.html.md", "the build writes '404.html' itself"), LEFT_OUT]),
    ("search-index", {"content/guides/bad.md": page(
        "aliases: [search/search_index.json.md]\n")},
     [_escape("search/search_index.json.md", "the build writes the folder 'search/' itself"),
      LEFT_OUT]),
    ("pagefind", {"content/guides/bad.md": page("aliases: [pagefind/index.md]\n")},
     [_escape("pagefind/index.md", "the build writes the folder 'pagefind/' itself"), LEFT_OUT]),
    ("assets", {"content/guides/bad.md": page("aliases: [assets/javascripts/bundle.md]\n")},
     [_escape("assets/javascripts/bundle.md", "the build writes the folder 'assets/' itself"),
      LEFT_OUT]),
    ("home-readme", {"content/guides/bad.md": page("aliases: [README.md]\n")},
     [_taken("README.md", "content/index.md"), LEFT_OUT]),
    ("home-index", {"content/guides/bad.md": page("aliases: [./index.md]\n")},
     [_taken("./index.md", "content/index.md"), LEFT_OUT]),
    ("generated-landing", {"content/guides/bad.md": page("aliases: [fixes/README.md]\n")},
     [_taken("fixes/README.md", "content/fixes/index.md"), LEFT_OUT]),
    ("dot-segment", {"content/guides/bad.md": page("aliases: [./guides/alpha.md]\n")},
     [_taken("./guides/alpha.md", "content/guides/alpha.md"), LEFT_OUT]),
    ("doubled-slash", {"content/guides/bad.md": page("aliases: [guides//alpha.md]\n")},
     [_taken("guides//alpha.md", "content/guides/alpha.md"), LEFT_OUT]),
    ("percent-encoded-name", {"content/guides/bad.md": page("aliases: [guides/%61lpha.md]\n")},
     [_taken("guides/%61lpha.md", "content/guides/alpha.md"), LEFT_OUT]),
    ("folder-index", {"content/guides/bad.md": page("aliases: [guides/alpha/index.md]\n")},
     [_taken("guides/alpha/index.md", "content/guides/alpha.md"), LEFT_OUT]),
    ("inside-a-pages-file", {"content/guides/bad.md": page(
        "aliases: [guides/alpha/index.html/x.md]\n")},
     [_taken("guides/alpha/index.html/x.md", "content/guides/alpha.md"), LEFT_OUT]),
    ("a-drafts-address", {"content/guides/bad.md": page("aliases: [guides/draft.md]\n"),
                          "content/guides/draft.md": page("draft: true\n")},
     [_taken("guides/draft.md", "content/guides/draft.md"), LEFT_OUT]),
    ("itself", {"content/guides/bad.md": page("aliases: [guides/bad.md]\n")},
     ["content/guides/bad.md:5: aliases[0]: 'guides/bad.md' is the address of this page "
      "itself; remove the alias", LEFT_OUT]),
    ("itself-spelt-otherwise", {"content/guides/bad.md": page(
        "aliases: [guides/./bad/index.md]\n")},
     ["content/guides/bad.md:5: aliases[0]: 'guides/./bad/index.md' is the address of this "
      "page itself; remove the alias", LEFT_OUT]),
    ("twice-on-one-page", {"content/guides/bad.md": page(
        "aliases: [guides/old.md, guides//old.md]\n")},
     ["content/guides/bad.md:5: aliases[1]: 'guides//old.md' is the same address as "
      "aliases[0]; keep one", LEFT_OUT]),
    ("on-two-pages", {"content/guides/bad.md": page("aliases: [guides/old.md]\n"),
                      "content/guides/alpha.md": _alpha_alias("guides/old/index.md")},
     ["content/guides/alpha.md:8: aliases[0]: 'guides/old/index.md' is also an alias of "
      "content/guides/bad.md; keep it on one page",
      "content/guides/bad.md:5: aliases[0]: 'guides/old.md' is also an alias of "
      "content/guides/alpha.md; keep it on one page", ALPHA_LEFT_OUT, LEFT_OUT]),
    # issue 20: an alias names a path of this site, never another host or scheme
    ("scheme-first", {"content/guides/bad.md": page("aliases: ['https://host/x.md']\n")},
     [_escape("https://host/x.md", _NOT_RELATIVE.format("https:")), LEFT_OUT]),
    ("drive-first", {"content/guides/bad.md": page("aliases: ['c:/x.md']\n")},
     ["content/guides/bad.md:5: aliases[0]: not a page path: the scheme 'c:' is not allowed: "
      "use a relative address, http, https or mailto", LEFT_OUT]),
    ("encoded-colon-first", {"content/guides/bad.md": page("aliases: ['https%3A//host/x.md']\n")},
     [_escape("https%3A//host/x.md", _NOT_RELATIVE.format("https:")), LEFT_OUT]),
    ("host", {"content/guides/bad.md": page("aliases: ['//host/x.md']\n")},
     ["content/guides/bad.md:5: aliases[0]: expected an old page path relative to content/, "
      "such as 'guides/old-name.md', got '//host/x.md'", LEFT_OUT]),
    ("encoded-host", {"content/guides/bad.md": page("aliases: ['%2F%2Fhost/x.md']\n")},
     [_escape("%2F%2Fhost/x.md", _HOST), LEFT_OUT]),
    ("back-slash-host", {"content/guides/bad.md": page("aliases: ['\\\\host\\x.md']\n")},
     [_escape("\\\\host\\x.md", _HOST), LEFT_OUT]),
    ("encoded-tab", {"content/guides/bad.md": page("aliases: ['%09/host/x.md']\n")},
     [_escape("%09/host/x.md", "its percent-encoding hides a control character (U+0009)"),
      LEFT_OUT]),
    ("encoded-newline", {"content/guides/bad.md": page("aliases: ['guides/a%0ab.md']\n")},
     [_escape("guides/a%0ab.md", "its percent-encoding hides a control character (U+000A)"),
      LEFT_OUT]),
    ("encoded-carriage-return", {"content/guides/bad.md": page(
        "aliases: ['guides/a%0Db.md']\n")},
     [_escape("guides/a%0Db.md", "its percent-encoding hides a control character (U+000D)"),
      LEFT_OUT]),
    ("encoded-twice", {"content/guides/bad.md": page("aliases: ['%252e%252e/x.md']\n")},
     [_escape("%252e%252e/x.md", _TWICE), LEFT_OUT]),
    ("encoded-twice-slash", {"content/guides/bad.md": page(
        "aliases: ['guides%252fold.md']\n")},
     [_escape("guides%252fold.md", _TWICE), LEFT_OUT]),
]


def _listing(folder: Path, but: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_relative_to(but)}


#: The cases that write one lane page only, built as one site; not those whose alias is
#: the page's own address (``guides/bad.md``: in the site of them all, no page's).
TOGETHER = Together(CASES, but={"itself", "itself-spelt-otherwise"})


def _project(tmp_path: Path) -> tuple[Path, set[str]]:
    """A project folder deep below ``tmp_path``, and what ``tmp_path`` holds besides."""
    root = tmp_path / "deep" / "er" / "project"
    root.mkdir(parents=True)
    return root, _listing(tmp_path, root)


@pytest.fixture(scope="module")
def together(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, Path, set[str]]:
    """The site of ``TOGETHER``, the folder its project is deep below, and what that
    folder held before the build."""
    top = tmp_path_factory.mktemp("together")
    root, before = _project(top)
    return TOGETHER.build(root), top, before


@pytest.mark.parametrize(("case", "files", "expected"),
                         [pytest.param(i, f, e, id=i) for i, f, e in CASES])
def test_an_alias_that_escapes_or_collides_is_refused_and_nothing_is_written(
        tmp_path: Path, request: pytest.FixtureRequest, case: str, files: dict[str, str],
        expected: list[str]) -> None:
    if case in TOGETHER:  # its page in the site of every such case
        built, top, before = request.getfixturevalue("together")
        root = built.root
        problems, expected = TOGETHER.problems(case, built, expected)
    else:
        top = tmp_path
        root, before = _project(top)
        built = build_site(root, {"content/guides/bad.md": page(), **files}, strict=True)
        problems = built.problems()

    assert not built.ok
    assert problems == expected
    assert _listing(top, root) == before  # nothing written outside the project
    assert sorted(p.name for p in root.iterdir()) == ["content", "mkdocs.yml", "site",
                                                       "site-data"]
    for html in built.site.rglob("*.html"):  # no page replaced by a redirect
        assert "Redirecting" not in html.read_text(encoding="utf-8"), html
    assert (built.site / "sitemap.xml").is_file()


def test_a_sound_alias_redirects_from_its_normalised_address(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"content/guides/bad.md": page(
        "aliases: ['guides//old%2Dname/./README.md']\n")}, strict=True)

    assert built.ok, built.problems()
    assert "Redirecting" in (built.site / "guides/old-name/index.html").read_text()


def test_an_alias_over_a_static_file_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (root / "content/images").mkdir(parents=True)
    (root / "content/images/logo.png").write_bytes(b"\x89PNG")

    built = build_site(root, {"content/guides/bad.md": page("aliases: [images/logo.png.md]\n")},
                       strict=True)

    assert not built.ok
    assert built.problems() == [
        "content/guides/bad.md:5: aliases[0]: 'images/logo.png.md' collides with the file "
        "images/logo.png, which the build writes", LEFT_OUT]
    assert (built.site / "images/logo.png").read_bytes() == b"\x89PNG"
