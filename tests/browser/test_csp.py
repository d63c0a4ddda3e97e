"""The Content Security Policy in Chromium (issue 20, item 8).

On every kind of page, in both palettes, Material, the checklists, the calculator and
search (Pagefind's WebAssembly included) work, and the browser reports no violation of
the policy: neither a ``securitypolicyviolation`` event nor a "Refused to …" console line.
A script or an event handler that reaches a page through an escaping bug (a test template
that prints an author's string with ``|safe``) does not run, and is reported; a body's
script runs only where ``site.yml`` allows page scripts, and never its event handlers or
``javascript:`` links. The build side is ``tests/attacks/test_csp.py``.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from ..support.cli import as_from_a_terminal
from ..support.pages import page as lane_page
from ..support.serve import SERVE, free_port, interrupt
from ..support.sites import NO_INDEX_CONFIG, build_site, build_written, copy_repo_site, write_site
from .conftest import (
    CHECKLIST_WORD,
    EXTRA_PAGES,
    GUIDE,
    HOME,
    LANE,
    POLICY,
    PROBE,
    PROBE_ALIAS,
    PROBE_TAG,
    QUICK_TAKE_WORD,
    SCHEMES,
    TOOL,
    Tab,
    open_tab,
    serve_site,
)
from .test_retry_budget import FIELDS, fill, schedule
from .test_search import open_search, search

#: Enough pages in the fixes lane for a second listing page (twelve cards a page).
FILLERS = {f"content/fixes/csp-filler-{n:02}.md": f"""
    ---
    title: Filler Fix {n:02}
    description: A fix that only makes the lane long enough for a second listing page.
    updated: 2026-01-{n + 1:02}
    order: {200 + n}
    tags: [{PROBE_TAG}]
    ---

    Filler text {n}.
    """ for n in range(12)}

#: Every kind of page: (id, address under the site).
KINDS = [
    ("home", HOME),
    ("landing", LANE),
    ("lane-page", GUIDE),
    ("checklist-page", PROBE),
    ("tool", TOOL),
    ("listing", "fixes/page/2/"),
    ("policy", POLICY),
    ("tags-index", "tags/"),
    ("tag", "tags/search-probe/"),
    ("tag-listing", "tags/search-probe/page/2/"),
    ("not-found", "404.html"),
]

#: Collects what the policy refuses, from before the page's first script.
LISTENER = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
}, true);
"""


@dataclass
class Watched(Tab):
    """A tab (``Tab``) with every violation of the policy it saw."""

    refused: list[str] = field(default_factory=list)

    def open(self, url: str, *, idle: bool = False, settled: bool = True) -> Page:
        """The page at ``url`` once loaded, and (``settled``) no request of it in flight."""
        if settled:
            return super().open(url, idle=idle)
        self.page.goto(self.base_url + url)
        return self.page

    def violations(self) -> list[str]:
        """Chromium's console lines on the policy, then this document's violation events."""
        return [*self.refused, *self.events()]

    def events(self) -> list[str]:
        """This document's ``securitypolicyviolation`` events: ``directive blocked sample``."""
        found: list[str] = self.page.evaluate("window.__violations || []")
        return found

    def _on_refused(self, message: ConsoleMessage) -> None:
        # "Refused to execute inline script because it violates …" (older Chromium);
        # "Executing inline script violates the following Content Security Policy …"
        if message.text.startswith("Refused to") or "Content Security Policy" in message.text:
            self.refused.append(message.text)


def watched(browser: Browser, base_url: str, **options: Any) -> Iterator[Watched]:
    tab = open_tab(browser, base_url, kind=Watched, **options)
    assert isinstance(tab, Watched)
    tab.page.add_init_script(LISTENER)
    tab.page.on("console", tab._on_refused)
    yield tab
    tab.context.close()


@pytest.fixture(scope="module")
def csp_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site, the browser tests' pages and fillers (a listing page 2),
    built with --strict and its search index."""
    root = tmp_path_factory.mktemp("csp-site")
    copy_repo_site(root)
    for name, text in {**EXTRA_PAGES, **FILLERS}.items():
        (root / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    built = build_written(root, strict=True, search=True)
    assert built.ok, built.messages()
    return built.site


@pytest.fixture(scope="module")
def site_url(csp_site: Path) -> Iterator[str]:
    with serve_site(csp_site) as url:
        yield url


@pytest.fixture
def policed(browser: Browser, site_url: str) -> Iterator[Watched]:
    yield from watched(browser, site_url)


POLICY_META = 'meta[http-equiv="Content-Security-Policy"]'


def policed_page(page: Page) -> Page:
    """``page``, once it is known to carry the policy, once."""
    expect(page.locator(POLICY_META)).to_have_count(1)
    return page


def choose(tab: Watched, scheme: str) -> None:
    """Pick the palette with the header's toggle, as a reader does."""
    page = tab.open(HOME)
    if page.get_attribute("body", "data-md-color-scheme") != scheme:
        page.click(f'label[for="{SCHEMES[scheme]}"]')
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_no_page_of_any_kind_violates_the_policy_in_either_palette(policed: Watched,
                                                                    scheme: str) -> None:
    choose(policed, scheme)
    seen = {}
    for kind, url in KINDS:
        page = policed.open(url)
        # Material's inline scripts ran: its palette script set the chosen scheme, and
        # its bundle (a script file) marked the page as scripted
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)
        expect(page.locator("html")).not_to_have_class("no-js")
        assert page.locator(POLICY_META).count() == 1, kind
        seen[kind] = policed.violations()

    assert seen == {kind: [] for kind, _ in KINDS}


def test_a_redirect_page_redirects_with_its_fragment_under_the_policy(policed: Watched) -> None:
    redirect = policed.page.request.get(policed.base_url + PROBE_ALIAS).text()
    assert redirect.count('http-equiv="Content-Security-Policy"') == 1
    page = policed_page(policed.open(PROBE_ALIAS + "#faq"))

    # the fragment is kept: the redirect page's script ran (its meta refresh drops it)
    expect(page).to_have_url(policed.base_url + PROBE + "#faq")
    assert policed.violations() == []


def test_search_finds_pages_under_the_policy(policed: Watched) -> None:
    page = policed_page(policed.open(GUIDE))
    open_search(page)
    results = search(page, QUICK_TAKE_WORD)

    expect(results).to_have_count(1)  # Pagefind's WebAssembly ran
    assert results.first.get_attribute("href")
    assert policed.violations() == []


def test_checklists_keep_their_ticks_under_the_policy(policed: Watched) -> None:
    page = policed_page(policed.open(PROBE))
    box = page.locator("[data-checklist] input[type=checkbox]").first
    expect(page.get_by_text(CHECKLIST_WORD)).to_be_visible()
    box.check()
    page.reload()
    page.wait_for_load_state("networkidle")

    expect(page.locator("[data-checklist] input[type=checkbox]").first).to_be_checked()
    expect(page.get_by_role("button", name="Reset").first).to_be_visible()  # opsdesk.js
    assert policed.violations() == []


def test_the_calculator_computes_under_the_policy(policed: Watched) -> None:
    page = policed_page(policed.open(TOOL))
    fill(page, dict(zip(FIELDS, ["10", "3", "60", "4", "120"], strict=True)))

    assert schedule(page)[0] == "Retry 1 at 0:10 (after waiting 10 s)"
    assert policed.violations() == []


# -- what must not run -----------------------------------------------------------------------

#: A block template with an escaping bug: the page's keyword and the site's description
#: printed with ``|safe``.
BUGGY_HEADER = """\
<header class="opsdesk-header">
  <h1 id="opsdesk-title">{{ view.title }}</h1>
  <p class="bug">{{ view.keyword|safe }}</p>
  <p class="bug">{{ site.description|safe }}</p>
  <div class="bug-more">{{ view.description|safe }}</div>
</header>
"""
#: More ways to run script, through the same bug (a page's description).
VARIANTS = ('<svg onload="window.svgRan = 1"></svg>'
            '<iframe srcdoc="<script>parent.srcdocRan = 1</script>"></iframe>'
            '<a id="bug-js" href="javascript:window.bugUrlRan = 1">x</a>'
            '<object data="data:text/html,<script>parent.objectRan = 1</script>"></object>'
            '<script src="data:text/javascript,window.dataRan = 1"></script>'
            '<base href="https://evil.invalid/">')
FRONT_MATTER = ("<script>window.fromFrontMatter = 1; document.title = 'owned'</script>"
                "<img src=x onerror=\"window.fromFrontMatterHandler = 1\">")
SITE_DATA = ("<script>window.fromSiteData = 1</script>"
             "<img src=y onerror=\"window.fromSiteDataHandler = 1\">")
BODY = """
<script>window.fromBody = 1</script>

<img src=z alt="" onerror="window.fromBodyHandler = 1">

<a id="js" href="javascript:window.fromJavascriptUrl = 1">a javascript: link</a>
"""
MKDOCS_YML = """\
site_name: Fixture Desk
docs_dir: content
theme:
  name: material
  font: false
  custom_dir: overrides
plugins:
  - opsdesk
  - redirects
"""


def _yaml(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The basic site with the buggy header template, hostile front matter and site data,
    and page scripts allowed (a body's script runs; its handlers must not)."""
    built = build_site(tmp_path_factory.mktemp("csp-hostile"), {
        "mkdocs.yml": MKDOCS_YML,
        "overrides/partials/opsdesk/page-header.html": BUGGY_HEADER,
        "site-data/site.yml": f"name: Fixture Desk\ndescription: {_yaml(SITE_DATA)}\n"
                              "page_scripts: true\n",
        "content/guides/alpha.md": lane_page(f"keyword: {_yaml(FRONT_MATTER)}\n"),
        "content/guides/beta.md": lane_page(body=BODY).replace("Bad Guide", "Beta Guide"),
        "content/guides/gamma.md": lane_page().replace("Bad Guide", "Gamma Guide").replace(
            "description: A page under test.", f"description: {_yaml(VARIANTS)}"),
    }, strict=True)
    assert built.ok, built.problems()
    with serve_site(built.site) as url:
        yield url


@pytest.fixture
def hostile(browser: Browser, hostile_url: str) -> Iterator[Watched]:
    yield from watched(browser, hostile_url)


def flags(page: Page, *names: str) -> dict[str, object]:
    return {name: page.evaluate(f"window.{name} ?? null") for name in names}


def test_a_script_and_handler_through_an_escaping_bug_do_not_run(hostile: Watched) -> None:
    page = policed_page(hostile.open("guides/alpha/"))

    # the bug let both through: they are in the page...
    expect(page.locator("p.bug script")).to_have_count(2)
    expect(page.locator("p.bug img[onerror]")).to_have_count(2)
    # ... and none of them ran
    assert flags(page, "fromFrontMatter", "fromFrontMatterHandler", "fromSiteData",
                 "fromSiteDataHandler") == dict.fromkeys(
        ["fromFrontMatter", "fromFrontMatterHandler", "fromSiteData", "fromSiteDataHandler"])
    assert page.title() != "owned"
    # ... and the browser said so, for each
    assert sorted(hostile.events()) == ["script-src-attr inline "] * 2 + \
        ["script-src-elem inline "] * 2
    assert sum("inline script" in line for line in hostile.refused) == 2, hostile.refused
    assert sum("inline event handler" in line for line in hostile.refused) == 2, hostile.refused
    # Material's own scripts still ran
    expect(page.locator("html")).not_to_have_class("no-js")


def test_other_ways_to_run_script_through_an_escaping_bug_do_not_run(hostile: Watched) -> None:
    page = policed_page(hostile.open("guides/gamma/"))
    expect(page.locator(".bug-more iframe")).to_have_count(1)  # the bug let them through
    page.click("#bug-js")
    page.wait_for_timeout(300)

    names = ["svgRan", "srcdocRan", "bugUrlRan", "objectRan", "dataRan"]
    assert flags(page, *names) == dict.fromkeys(names)
    # the <base> is refused: the site's own addresses stay the site's
    assert page.evaluate("document.baseURI") == hostile.base_url + "guides/gamma/"
    directives = {event.split()[0] for event in hostile.events()}
    assert {"base-uri", "object-src", "script-src-attr", "script-src-elem"} <= directives, \
        hostile.events()
    assert sum("JavaScript URL" in line for line in hostile.refused) == 1, hostile.refused


def test_a_body_script_runs_where_allowed_but_never_its_handlers(hostile: Watched) -> None:
    page = policed_page(hostile.open("guides/beta/"))
    page.click("#js")
    page.wait_for_timeout(200)

    assert flags(page, "fromBody", "fromBodyHandler", "fromJavascriptUrl") == {
        "fromBody": 1, "fromBodyHandler": None, "fromJavascriptUrl": None}
    refused = hostile.refused
    # the site data's script through the bug (the body's is allowed)
    assert sum("inline script" in line for line in refused) == 1, refused
    # the body's handler, and the site data's through the bug
    assert sum("inline event handler" in line for line in refused) == 2, refused
    assert sum("JavaScript URL" in line for line in refused) == 1, refused


# -- mkdocs serve ----------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """The basic site under a real ``mkdocs serve``: its address, once it serves a page."""
    root = write_site(tmp_path, {"mkdocs.yml": NO_INDEX_CONFIG})
    port = free_port()
    log = tmp_path / "serve.log"  # beside the site: no folder it watches
    with log.open("w", encoding="utf-8") as said:
        process = subprocess.Popen(
            [*SERVE, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=subprocess.DEVNULL, stderr=said, preexec_fn=as_from_a_terminal)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, "mkdocs serve stopped"
            try:
                with urllib.request.urlopen(url + "guides/alpha/", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert time.monotonic() < deadline, "mkdocs serve served no page"
                time.sleep(0.2)
        yield url
    finally:
        interrupt(process, log)


@pytest.fixture
def preview(browser: Browser, served: str) -> Iterator[Watched]:
    yield from watched(browser, served)


def test_the_preview_reloads_under_the_policy(preview: Watched) -> None:
    logged: list[str] = []
    preview.page.on("console", lambda message: logged.append(message.text))
    # (never settled: the live-reload script keeps a request open)
    page = policed_page(preview.open("guides/alpha/", settled=False))

    # MkDocs' live-reload script, added to the page as it is served, ran
    expect(page.locator("html")).not_to_have_class("no-js")
    page.wait_for_timeout(300)
    assert "Enabled live reload" in logged
    assert preview.violations() == []
