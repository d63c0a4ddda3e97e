"""Family: defence in depth, the Content Security Policy (issue 20, item 8), build side.

Every kind of page the build writes carries one policy, first in its ``<head>``: script
files of the site, Pagefind's WebAssembly, and the inline scripts the templates emit on
their own (by hash); no ``'unsafe-inline'``, ``object-src 'none'``, ``base-uri 'self'``.
A script that reaches a page through a (simulated) escaping bug is not among the hashes.
A ``<script>`` in a page's body is a located error, unless ``site.yml`` allows page
scripts; then its hash is in its own page's policy. The browser side (nothing is refused
that the site needs; what is injected does not run) is ``tests/browser/test_csp.py``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from opsdesk import internals
from opsdesk.csp import also_allowing, inline_scripts, policy, script_hash, with_policy
from opsdesk.model import Site

from ..support.pages import LEFT_OUT, Together, page
from ..support.sites import SITES, Built, build_site, build_written, write_site
from .common import unsafe_elements

#: Enough guides for a second listing page (twelve cards a page), all tagged alike.
MORE_GUIDES = {f"content/guides/more-{n:02}.md": page(f"tags: [shared, more]\norder: {10 + n}\n")
               for n in range(12)}

#: Every kind of page the build writes: (id, file under site/).
KINDS = [
    ("home", "index.html"),
    ("lane-page", "guides/alpha/index.html"),
    ("landing-generated", "guides/index.html"),
    ("landing-written", "fixes/index.html"),
    ("listing", "guides/page/2/index.html"),
    ("policy", "policies/privacy/index.html"),
    ("tags-index", "tags/index.html"),
    ("tag", "tags/shared/index.html"),
    ("tag-listing", "tags/shared/page/2/index.html"),
    ("not-found", "404.html"),
    ("redirect", "guides/old-alpha/index.html"),
]

_SITE = {
    **MORE_GUIDES,
    "content/guides/alpha.md": (SITES / "basic/content/guides/alpha.md").read_text(
        encoding="utf-8").replace("order: 1\n", "order: 1\naliases: [guides/old-alpha.md]\n"),
    "content/fixes/index.md": "---\ntitle: Fixes\n---\n\nThe fixes, written by hand.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build_site(tmp_path_factory.mktemp("csp"), _SITE, strict=True)
    assert built.ok, built.problems()
    return built


def _policy_of(html: str) -> tuple[int, dict[str, list[str]]]:
    """Where the page's policy stands, and its directives (name → values)."""
    soup = BeautifulSoup(html, "lxml")
    metas = soup.select('meta[http-equiv="Content-Security-Policy"]')
    assert len(metas) == 1, [str(m) for m in metas]
    content = str(metas[0]["content"])
    directives = {}
    for part in content.split(";"):
        name, *values = part.split()
        assert name not in directives, content
        directives[name] = values
    at = re.search(r'<meta http-equiv="Content-Security-Policy"', html)
    assert at is not None
    return at.start(), directives


def _hashes(directives: dict[str, list[str]]) -> set[str]:
    return {value for value in directives["script-src"] if value.startswith("'sha256-")}


# -- every kind of page --------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "file"), KINDS, ids=[kind for kind, _ in KINDS])
def test_every_kind_of_page_carries_the_policy_before_any_script(site: Built, kind: str,
                                                                 file: str) -> None:
    html = (site.site / file).read_text(encoding="utf-8")
    at, _ = _policy_of(html)
    head = BeautifulSoup(html, "lxml").head
    assert head is not None
    first = next(element for element in head.find_all(True, recursive=False)
                 if not element.has_attr("charset"))
    assert first.get("http-equiv") == "Content-Security-Policy"
    assert "<script" not in html[:at].lower()
    assert html.lower().index("<head") < at < html.lower().index("</head>")


@pytest.mark.parametrize(("kind", "file"), KINDS, ids=[kind for kind, _ in KINDS])
def test_the_policy_allows_only_the_sites_own_scripts(site: Built, kind: str,
                                                      file: str) -> None:
    _, directives = _policy_of((site.site / file).read_text(encoding="utf-8"))

    assert set(directives) == {"script-src", "object-src", "base-uri"}
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    script_src = directives["script-src"]
    assert script_src[:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", value) for value in script_src[2:])
    for loose in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'",
                  "*", "data:", "blob:", "http:", "https:"):
        assert loose not in script_src


def test_no_template_writes_an_event_handler_or_a_javascript_address(site: Built) -> None:
    # which the policy would refuse (Material's own search form has one, ``javascript:``:
    # ours, partials/search.html, replaces it)
    assert unsafe_elements(site.site) == []


@pytest.mark.parametrize(("kind", "file"), KINDS, ids=[kind for kind, _ in KINDS])
def test_every_inline_script_a_page_runs_is_allowed_by_its_policy(site: Built, kind: str,
                                                                  file: str) -> None:
    html = (site.site / file).read_text(encoding="utf-8")
    _, directives = _policy_of(html)
    scripts = inline_scripts(html)

    assert scripts  # Material's (or the redirect's) own
    assert {script_hash(script) for script in scripts} <= _hashes(directives)


def test_every_page_of_the_site_has_a_policy(site: Built) -> None:
    pages = sorted(site.site.rglob("*.html"))
    assert len(pages) > 20
    for file in pages:
        _policy_of(file.read_text(encoding="utf-8"))


def test_the_redirect_page_script_is_one_constant_script_naming_its_target(site: Built) -> None:
    soup = site.html("guides/old-alpha/")
    script = soup.select_one("head script")
    assert script is not None
    assert script["data-to"] == "../alpha/"
    assert "../alpha/" not in (script.string or "")
    assert soup.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=../alpha/"


# -- a string through an escaping bug is never hashed ---------------------------------------

#: A block template with an escaping bug: the keyword and the site's description printed
#: with ``|safe``.
BUGGY_HEADER = """\
<header class="opsdesk-header">
  <h1 id="opsdesk-title">{{ view.title }}</h1>
  <p class="bug">{{ view.keyword|safe }}</p>
  <p class="bug">{{ site.description|safe }}</p>
</header>
"""
INJECTED = "<script>document.title='owned'</script><img src=x onerror=\"document.title='o'\">"
QUOTED = "'" + INJECTED.replace("'", "''") + "'"


def test_a_script_through_an_escaping_bug_is_not_allowed(tmp_path: Path) -> None:
    built = build_site(tmp_path, {
        "mkdocs.yml": _with_custom_dir(),
        "overrides/partials/opsdesk/page-header.html": BUGGY_HEADER,
        "content/guides/alpha.md": page(f"keyword: {QUOTED}\n"),
        "site-data/site.yml": f"name: Fixture Desk\ndescription: {QUOTED}\n",
    })
    assert built.ok, built.problems()
    html = (built.site / "guides/alpha/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    bugs = soup.select("p.bug")

    # the bug let the markup through, twice: a script and an event handler each
    assert [len(p.select("script")) for p in bugs] == [1, 1]
    assert [p.select_one("img")["onerror"] for p in bugs] == ["document.title='o'"] * 2
    # ... and the policy allows neither
    _, directives = _policy_of(html)
    assert script_hash("document.title='owned'") not in _hashes(directives)
    assert {script_hash(s) for s in inline_scripts(html)} - _hashes(directives) == {
        script_hash("document.title='owned'")}
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-hashes'" not in directives["script-src"]


def test_a_script_template_is_hashed_without_the_sites_words(tmp_path: Path) -> None:
    # a site's own partials/javascripts/ template: its constant script is allowed; one
    # that prints the site's name (site.yml, an author's) is rendered apart without it
    built = build_site(tmp_path, {
        "mkdocs.yml": _with_custom_dir(),
        "overrides/partials/javascripts/palette.html":
            '<script>window.mine = 1</script><script>var n = "{{ config.site_name }}"</script>',
    })
    html = (built.site / "guides/alpha/index.html").read_text(encoding="utf-8")
    _, directives = _policy_of(html)

    assert {'var n = "Fixture Desk"', "window.mine = 1"} <= set(inline_scripts(html))
    assert script_hash("window.mine = 1") in _hashes(directives)
    assert script_hash('var n = "Fixture Desk"') not in _hashes(directives)


def test_material_scripts_of_other_settings_are_allowed_too(tmp_path: Path) -> None:
    # a feature that adds an inline script, and a scope that changes Material's first one
    built = build_site(tmp_path, {"mkdocs.yml": _with_custom_dir().replace(
        "  custom_dir: overrides\n",
        "  features: [content.tabs.link]\nextra:\n  scope: /\n")})
    html = (built.site / "guides/alpha/index.html").read_text(encoding="utf-8")
    _, directives = _policy_of(html)
    scripts = inline_scripts(html)

    assert any("__tabs" in script for script in scripts)
    assert any('new URL("/",location)' in script for script in scripts)
    assert {script_hash(script) for script in scripts} <= _hashes(directives)


def _with_custom_dir() -> str:
    return ("site_name: Fixture Desk\ndocs_dir: content\ntheme:\n  name: material\n"
            "  font: false\n  custom_dir: overrides\nplugins:\n  - opsdesk\n  - redirects\n"
            "markdown_extensions:\n  - toc:\n      permalink: true\n")


# -- a script in a page's body -------------------------------------------------------------

_REFUSED = ("a <script> in the body runs only where site-data/site.yml allows page scripts "
            "(page_scripts: true): remove it, or write it in `code` to show it as text")
_BAD = "content/guides/bad.md"

#: (id, body after "Body text." (line 7) and a blank line, the lines refused)
BODIES: list[tuple[str, str, list[int]]] = [
    ("inline", "<script>document.title='x'</script>\n", [9]),
    ("upper-case", "<SCRIPT>document.title='x'</SCRIPT>\n", [9]),
    ("mixed-case", "<sCrIpT\n>document.title='x'</script>\n", [9]),
    ("file", "<script src=\"https://evil.example/x.js\"></script>\n", [9]),
    ("module", "<script type=\"module\">import('x')</script>\n", [9]),
    ("json-ld", "<script type=\"application/ld+json\">{}</script>\n", [9]),
    ("in-paragraph", "Text <script>x()</script> more.\n", [9]),
    ("in-svg", "<svg><script>x()</script></svg>\n", [9]),
    ("self-closing", "<script src=x.js />\n", [9]),
    ("in-html-block", "<div markdown>\n\nText.\n\n<script>x()</script>\n</div>\n", [13]),
    ("two", "<script>a()</script>\n\nText.\n\n<script>b()</script>\n", [9, 13]),
]
#: Bodies that show ``<script>`` as text, or hold no script: not refused.
TEXT: list[tuple[str, str]] = [
    ("fenced", "```html\n<script>x()</script>\n```\n"),
    ("tilde-fenced", "~~~\n<script>x()</script>\n~~~\n"),
    ("indented", "    <script>x()</script>\n"),
    ("code-span", "Write `<script>` for a script.\n"),
    ("entity", "&lt;script&gt;x()&lt;/script&gt;\n"),
    ("noscript", "<noscript>No script.</noscript>\n"),
    ("longer-name", "<scripted>x</scripted>\n"),
]
TOGETHER = Together([(case, {_BAD: page(body="\n" + body)}) for case, body, _ in BODIES]
                    + [(case, {_BAD: page(body="\n" + body)}) for case, body in TEXT])
together = TOGETHER.fixture()


@pytest.mark.parametrize(("case", "body", "lines"), BODIES, ids=[c for c, *_ in BODIES])
def test_a_body_script_is_a_located_error(together: Built, case: str, body: str,
                                          lines: list[int]) -> None:
    own, expected = TOGETHER.problems(case, together, [
        *(f"{_BAD}:{line}: {_REFUSED}" for line in lines), LEFT_OUT])
    assert own == expected
    assert not together.exists(TOGETHER.url(case))


@pytest.mark.parametrize(("case", "body"), TEXT, ids=[c for c, _ in TEXT])
def test_script_as_text_is_no_error(together: Built, case: str, body: str) -> None:
    own, _ = TOGETHER.problems(case, together, [])
    assert own == []
    assert together.exists(TOGETHER.url(case))


def test_a_body_script_under_serve_is_shown_but_not_allowed(tmp_path: Path) -> None:
    write_site(tmp_path, {_BAD: page(body="\n<script>document.title='x'</script>\n")})
    built = build_written(tmp_path, command="serve")
    html = (built.site / "guides/bad/index.html").read_text(encoding="utf-8")

    assert "<script>document.title='x'</script>" in html  # the preview shows the page...
    # ... with the problem in its banner
    assert f"{_BAD}:9: {_REFUSED}" in BeautifulSoup(html, "lxml").get_text()
    _, directives = _policy_of(html)
    assert script_hash("document.title='x'") not in _hashes(directives)  # ... and no run


PAGE_SCRIPT = "window.opsdeskBody = 'ran';"


def test_page_scripts_allowed_by_site_yml_are_hashed_on_their_page_only(tmp_path: Path) -> None:
    built = build_site(tmp_path, {
        "site-data/site.yml": "name: Fixture Desk\nurl: https://fixture.example.org/\n"
                              "page_scripts: true\n",
        _BAD: page(body=f"\n<script>{PAGE_SCRIPT}</script>\n\n<script src=\"../../x.js\">"
                        "</script>\n"),
    }, strict=True)

    assert built.ok, built.problems()
    assert built.problems() == []
    html = (built.site / "guides/bad/index.html").read_text(encoding="utf-8")
    assert f"<script>{PAGE_SCRIPT}</script>" in html
    _, directives = _policy_of(html)
    assert script_hash(PAGE_SCRIPT) in _hashes(directives)
    _, elsewhere = _policy_of((built.site / "guides/alpha/index.html").read_text("utf-8"))
    assert script_hash(PAGE_SCRIPT) not in _hashes(elsewhere)
    assert _hashes(directives) - _hashes(elsewhere) == {script_hash(PAGE_SCRIPT)}


def test_page_scripts_are_off_by_default() -> None:
    assert Site(name="Desk").page_scripts is False


# -- the policy's one function -------------------------------------------------------------


def test_the_hash_is_the_one_browsers_compute() -> None:
    # the example of the CSP specification (CSP Level 3, "hash-source")
    assert script_hash("alert('Hello, world.');") == \
        "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    # an HTML parser reads a carriage return as a line feed
    assert script_hash("a()\r\nb()\rc()") == script_hash("a()\nb()\nc()")


def test_the_policy_text() -> None:
    assert policy() == "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'"
    hashes = " ".join(sorted([script_hash("a()"), script_hash("b()")]))
    assert policy(["b()", "a()", "b()"]) == (
        f"script-src 'self' 'wasm-unsafe-eval' {hashes}; object-src 'none'; base-uri 'self'")


@pytest.mark.parametrize(("page_html", "before"), [
    ('<!doctype html><html><head><meta charset="utf-8"><script>x()</script></head></html>',
     '<!doctype html><html><head><meta charset="utf-8">'),
    ("<!DOCTYPE html>\n<HTML>\n<HEAD lang=en>\n<META CHARSET=utf-8>\n<title>t</title>",
     "<!DOCTYPE html>\n<HTML>\n<HEAD lang=en>\n<META CHARSET=utf-8>"),
    ("<html><head><script>x()</script><meta charset=utf-8>", "<html><head>"),
    ("<!doctype html><p>no head</p>", "<!doctype html>"),
    ("<p>no head</p>", ""),
    ("<html><header>not the head</header><head>", "<html><header>not the head</header><head>"),
])
def test_the_policy_goes_first_in_the_head(page_html: str, before: str) -> None:
    out = with_policy(page_html, ["x()"])

    assert out.startswith(before + "\n    <meta http-equiv=\"Content-Security-Policy\" ")
    assert out.endswith(page_html[len(before):])
    assert html.unescape(out).count("; base-uri 'self'\">") == 1
    assert script_hash("x()") in html.unescape(out)


@pytest.mark.parametrize(("page_html", "scripts"), [
    ("<script>a()</script><script src=x.js></script><script type=module>b()</script>",
     ["a()", "b()"]),
    ('<script type="application/ld+json">{"a": 1}</script>'
     '<script id="__config" type="application/json">{}</script>', []),
    ('<script type="text/javascript">a()</script><script type="text/plain">b</script>', ["a()"]),
    ("<SCRIPT>a('</p>')</SCRIPT>", ["a('</p>')"]),
    ("<p>no script</p>", []),
])
def test_the_inline_scripts_a_browser_runs(page_html: str, scripts: list[str]) -> None:
    assert inline_scripts(page_html) == scripts


def test_a_script_added_as_the_page_is_served_is_allowed_in_its_policy_only() -> None:
    page_html = with_policy("<html><head><script>a()</script></head><body></body></html>",
                            ["a()"])
    served = also_allowing(page_html.replace("</body>", "<script>r(1)</script></body>"),
                           ["r(1)"])

    _, directives = _policy_of(served)
    assert _hashes(directives) == {script_hash("a()"), script_hash("r(1)")}
    _, before = _policy_of(page_html)
    assert _hashes(before) == {script_hash("a()")}
    assert also_allowing("<p>no policy</p>", ["r(1)"]) == "<p>no policy</p>"


def test_an_unchecked_mkdocs_redirects_gets_a_policy_allowing_no_inline_script(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(internals, "REDIRECTS_TESTED", frozenset({"0.0.1"}))
    built = build_site(tmp_path, {"content/guides/alpha.md": _SITE["content/guides/alpha.md"]})
    html = (built.site / "guides/old-alpha/index.html").read_text(encoding="utf-8")

    _, directives = _policy_of(html)
    assert _hashes(directives) == set()
    assert 'location.href="../alpha/"' in html  # its script, as written: refused
    soup = BeautifulSoup(html, "lxml")
    assert soup.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=../alpha/"
