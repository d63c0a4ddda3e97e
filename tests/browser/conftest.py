"""Browser tests: the repository's site, built once, served on 127.0.0.1, read by Chromium.

Chromium is Debian's (``apt-get install chromium``); Playwright never downloads a browser
here. A missing browser fails the run: these tests are never skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import textwrap
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from benchmarks.reader import serve
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    sync_playwright,
)

from ..support.sites import build_written, copy_repo_site

CHROMIUM = os.environ.get("OPSDESK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

#: The pages every browser test reads: home, a lane landing page, the guide with every
#: block, a policy page, the tool, a table, a code block, and the wide blocks below.
HOME = ""
LANE = "guides/"
GUIDE = "guides/workflow-automation-architecture-guide/"
POLICY = "policies/privacy/"
TOOL = "tools/retry-budget-calculator/"
TABLE = "comparisons/webhooks-vs-polling-for-billing-sync/"
CODE = "assets/change-review-note-template/"
WIDE = "fixes/wide-blocks-on-a-phone/"
PAGES = [HOME, LANE, GUIDE, POLICY, TOOL, TABLE, CODE, WIDE]

#: A word found only in the draft's body: search must never find it.
DRAFT_WORD = "zanzibarquokka"

#: The page the search tests find: each word below is in one place of it only, and in
#: no other page; its title is markup that must show as text and never run.
PROBE = "fixes/search-probe/"
PROBE_TITLE = "<img src=x onerror=alert(1)> Search Probe"
PROBE_ALIAS = "fixes/old-search-probe/"
QUICK_TAKE_WORD = "marmalisk"
FAQ_QUESTION = "Where does search open this page?"
FAQ_ANSWER_WORD = "quillifer"
CHECKLIST_WORD = "brontovane"
PROBE_TAG = "search probe"

_LONG_WORD = "https://example.org/" + "/".join(["an-address-without-a-single-space"] * 4)
_LONG_CODE = '{"retry": {"first_delay": 30, "multiplier": 2, "max_delay": 3600, "attempts": 5}}'

#: A checklist item of inline Markdown (elements amid text), long enough to wrap on a phone.
INLINE_ITEM = ("Run `opsdesk check --strict` before *every* release, then read the report "
               "with the **whole** team before anyone publishes a page.")

#: A page whose checklist items carry inline Markdown of every kind "Copy as Markdown" keeps.
MARKDOWN = "fixes/checklist-of-inline-markdown/"
MARKDOWN_ITEMS = [
    "Read *the runbook*, run `opsdesk check --strict` and follow "
    "[the guide](../guides/workflow-automation-architecture-guide.md#checklist-scope), "
    "then **[MkDocs](https://www.mkdocs.org/)**; keep 2 * 3 and snake_case as [text].",
    "Quote `` a`b `` exactly.",
]

#: Pages added to the copy of the repository's site for these tests only.
EXTRA_PAGES = {
    "content/guides/unpublished-draft-guide.md": f"""
        ---
        title: Unpublished Draft Guide
        description: A draft that must stay out of the built site and its search index.
        updated: 2026-01-01
        draft: true
        ---

        This draft mentions {DRAFT_WORD}, a word no published page uses.
        """,
    "content/fixes/search-probe.md": f"""
        ---
        title: "{PROBE_TITLE}"
        description: A page the search tests look for, one word at a time.
        updated: 2025-02-03
        order: 98
        tags: [{PROBE_TAG}]
        quick_take: Readers who search for {QUICK_TAKE_WORD} land on this page.
        aliases: [fixes/old-search-probe.md]
        checklists:
          probe:
            title: Probe checklist
            items:
              - Feed the {CHECKLIST_WORD} before the release.
        faq:
          - q: {FAQ_QUESTION}
            a: At this answer, the only place that says {FAQ_ANSWER_WORD}.
        ---

        The probe's body says little.
        """,
    "content/fixes/wide-blocks-on-a-phone.md": f"""
        ---
        title: Wide Blocks on a Phone
        description: A table, a code block and a long word that are all wider than a phone.
        updated: 2026-01-01
        order: 99
        checklists:
          inline:
            items:
              - {INLINE_ITEM}
        ---

        A single unbroken word: {_LONG_WORD}

        | {" | ".join(f"Column {n}" for n in range(1, 7))} |
        | {" | ".join("---" for _ in range(1, 7))} |
        | {" | ".join(f"unbreakable_value_number_{n}" for n in range(1, 7))} |

        ```text
        a code line far too long for a phone: {_LONG_CODE}
        ```
        """,
    "content/fixes/checklist-of-inline-markdown.md": f"""
        ---
        title: Checklist of Inline Markdown
        description: Checklist items with emphasis, code and links, to copy as Markdown.
        updated: 2026-01-01
        order: 100
        checklists:
          markdown:
            items:
              - {json.dumps(MARKDOWN_ITEMS[0])}
              - {json.dumps(MARKDOWN_ITEMS[1])}
        ---

        The checklist follows.
        """,
}


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site plus ``EXTRA_PAGES``, built once per session with --strict."""
    root = tmp_path_factory.mktemp("browser-site")
    copy_repo_site(root)
    for name, text in EXTRA_PAGES.items():
        (root / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    built = build_written(root, strict=True, search=True)
    assert built.ok, built.messages()
    return built.site


def serve_site(site: Path) -> AbstractContextManager[str]:
    """``site`` served by Python's http.server on a free port of 127.0.0.1: its URL (the
    benchmark's ``reader.serve``)."""
    return serve(site)


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The built site, served by Python's http.server on a free port of 127.0.0.1."""
    with serve_site(site) as url:
        yield url


#: The labels of the relabelled site (site.yml), which its readers get from the templates
#: and from what the scripts write: French words, braces written as the labels write
#: them ({{ }}), and markup that must show as text.
RELABELLED = {
    "search_close": "Fermer la recherche",
    "search_close_hint": "Fermer (Échap)",
    "search_lane": "Rubrique",
    "search_all_lanes": "Toutes les rubriques",
    "search_tag": "Étiquette",
    "search_all_tags": "Toutes les étiquettes",
    "search_sort": "Ordre",
    "search_best_match": "Pertinence",
    "search_newest": "Plus récentes d'abord",
    "search_oldest": "Plus anciennes d'abord",
    "search_results": "Résultats",
    "search_more": "<img src=x onerror=alert(1)> Plus de résultats",
    "search_no_results": "Rien pour « {query} » {{sic}}",
    "search_did_you_mean": "Vouliez-vous dire « {query} » ?",
    "checklist_reset": "Tout décocher",
    "checklist_copy": "Copier en Markdown",
    "checklist_cleared": "Tout est décoché.",
    "checklist_copied_one": "{count} élément copié.",
    "checklist_copied_other": "{count} éléments copiés.",
    "checklist_copy_blocked": "Copie bloquée : copiez le texte ci-dessous.",
    "checklist_manual": "La liste en Markdown",
    "retry_first_delay": "Premier délai (secondes)",
    "retry_multiplier": "Multiplicateur",
    "retry_max_delay": "Délai maximal (secondes)",
    "retry_attempts": "Nouveaux essais",
    "retry_runs_per_hour": "Exécutions par heure",
    "retry_check": "Vérifiez {field} : {problem}",
    "retry_range": "un nombre de {min} à {max}.",
    "retry_range_whole": "un nombre entier de {min} à {max}.",
    "retry_not_a_number": "« {value} » n'est pas un nombre ; {range}",
    "retry_ambiguous": "« {value} » : {thousands} ou {decimal} ?",
    "retry_step": "Essai {number} à {time} (après {wait})",
    "retry_none": "<b>Aucun</b> nouvel essai.",
    "retry_total": "{time} ({span}) de la première panne au dernier essai",
    "retry_hours": "{count} h",
    "retry_minutes": "{count} mn",
    "retry_seconds": "{count} sec",
    "retry_calls_one": "{count} appel de plus",
    "retry_calls_other": "{count} appels de plus",
    "retry_runs_one": "{count} exécution en échec",
    "retry_runs_other": "{count} exécutions en échec",
    "retry_per_run": "{calls} par exécution en échec",
    "retry_no_runs": "{per_run}. Indiquez les exécutions par heure.",
    "retry_outage": "{calls} pendant la panne ({runs} fois {attempts}) ; {per_run}.",
}
#: A word of the relabelled site's extra pages only: searching it finds more than one
#: page of results (search.js shows 10 at a time).
MANY_WORD = "zorbalune"
MANY_PAGES = 12
#: The first of them has a checklist of one item.
ONE_ITEM = "fixes/many-0/"


@pytest.fixture(scope="session")
def relabelled_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's site with ``RELABELLED`` in its site.yml and ``MANY_PAGES`` more
    pages that say ``MANY_WORD`` (``ONE_ITEM`` with a checklist), built once with --strict
    and served."""
    root = tmp_path_factory.mktemp("relabelled-site")
    copy_repo_site(root)
    site_yml = root / "site-data/site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8") + yaml.safe_dump(
        {"labels": RELABELLED}, allow_unicode=True), encoding="utf-8")
    for n in range(MANY_PAGES):
        (root / f"content/fixes/many-{n}.md").write_text(
            f"---\ntitle: Many {n}\ndescription: One of many.\nupdated: 2026-01-01\n"
            f"order: {200 + n}\n" + ("checklists:\n  one:\n    items: [The only item]\n"
                                     if n == 0 else "") +
            f"---\n\nThis page says {MANY_WORD}.\n", encoding="utf-8")
    built = build_written(root, strict=True, search=True)
    assert built.ok, built.messages()
    with serve_site(built.site) as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium "
                    "(or set OPSDESK_CHROMIUM); the browser tests never skip")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Tab:
    """A page of a fresh browser context, with everything it requested and complained of."""

    page: Page
    context: BrowserContext
    base_url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pending: set[Request] = field(default_factory=set)
    """The requests asked for and not yet finished or failed."""

    def open(self, url: str, *, idle: bool = False) -> Page:
        """The page at ``url``, once loaded and no request of it is in flight; ``idle``:
        once the network has been quiet for half a second too (Playwright's
        "networkidle"), for a test of what a page requests, so that one asked for soon
        after the load is seen. A test waits on its own for what a page does later."""
        self.page.goto(self.base_url + url)
        if idle:
            self.page.wait_for_load_state("networkidle")
        deadline = time.monotonic() + 10
        while self.pending:
            assert time.monotonic() < deadline, sorted(r.url for r in self.pending)
            self.page.wait_for_timeout(10)  # the driver's events arrive meanwhile
        return self.page

    def foreign_requests(self) -> list[str]:
        """Every request to a host other than the test server's 127.0.0.1."""
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob")
                and urlsplit(url).hostname != "127.0.0.1"]

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location})")

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)
        self.pending.add(request)

    def _on_settled(self, request: Request) -> None:
        self.pending.discard(request)


def open_tab(browser: Browser, base_url: str, *, kind: type[Tab] = Tab,
             **options: Any) -> Tab:
    """A new context (own storage) and page, recording requests and errors (``kind``:
    ``Tab`` or a subclass)."""
    context = browser.new_context(**options)
    page = context.new_page()
    tab = kind(page, context, base_url)
    context.on("request", tab._on_request)  # the context's: workers' requests included
    context.on("requestfinished", tab._on_settled)
    context.on("requestfailed", tab._on_settled)
    page.on("console", tab._on_console)
    page.on("pageerror", lambda error: tab.errors.append(f"page error: {error}"))
    return tab


@pytest.fixture
def tab(browser: Browser, base_url: str) -> Iterator[Tab]:
    tab = open_tab(browser, base_url)
    yield tab
    tab.context.close()


@pytest.fixture
def relabelled(browser: Browser, relabelled_url: str) -> Iterator[Tab]:
    """A tab on the relabelled site (``RELABELLED``), allowed to use the clipboard."""
    tab = open_tab(browser, relabelled_url, permissions=["clipboard-read", "clipboard-write"])
    yield tab
    tab.context.close()


#: Material's two palettes, by the id of the toggle that switches to each.
SCHEMES = {"default": "__palette_0", "slate": "__palette_1"}


def choose_palette(tab: Tab, scheme: str) -> None:
    """Pick the palette as a reader does: the header's toggle (Material stores the choice)."""
    page = tab.open(HOME)
    if page.get_attribute("body", "data-md-color-scheme") != scheme:
        page.click(f'label[for="{SCHEMES[scheme]}"]')
        page.wait_for_function(
            f"document.body.getAttribute('data-md-color-scheme') === '{scheme}'")
