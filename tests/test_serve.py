"""Live preview: `mkdocs serve` rebuilds on every change, and shows problems in the page.

The server tests start a real `mkdocs serve` on 127.0.0.1 and a free port from a copy
of the fixture site, edit its files and poll the served HTML. The banner tests build
with MkDocs' real `build()` after `on_startup(command="serve")`, as `mkdocs serve` does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .support.cli import as_from_a_terminal
from .support.html import text
from .support.serve import SERVE, free_port, interrupt
from .support.sites import REPO, build_written, write_site

TIMEOUT = 30.0


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


class Server:
    """A `mkdocs serve` process we started, and the site folder it serves."""

    def __init__(self, root: Path, process: subprocess.Popen[bytes], port: int) -> None:
        self.root = root
        self.process = process
        self.base = f"http://127.0.0.1:{port}/"

    def page(self, url: str) -> str | None:
        return _fetch(self.base + url)

    def wait_for(self, url: str, check: str, *, present: bool = True) -> BeautifulSoup:
        """Poll ``url`` until ``check`` is in (or gone from) its HTML; fail after TIMEOUT."""
        deadline = time.monotonic() + TIMEOUT
        html = None
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "mkdocs serve stopped"
            html = self.page(url)
            if html is not None and (check in html) == present:
                return BeautifulSoup(html, "lxml")
            time.sleep(0.2)
        raise AssertionError(f"{url}: {check!r} {'never appeared' if present else 'stayed'}")

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.root / name
        content = path.read_text(encoding="utf-8")
        assert old in content, (name, old)
        path.write_text(content.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Server]:
    """``request.param`` (with ``indirect``): more options of the plugin, as YAML lines."""
    options = getattr(request, "param", "")
    root = write_site(tmp_path / "site-src")
    partial = "partials/opsdesk/coverage-lane.html"
    (root / "overrides" / partial).parent.mkdir(parents=True)
    (root / "overrides" / partial).write_text(
        (REPO / "templates" / partial).read_text(encoding="utf-8"), encoding="utf-8")
    config = root / "mkdocs.yml"
    settings = config.read_text(encoding="utf-8")
    assert "  - opsdesk\n" in settings
    config.write_text(settings.replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n").replace(
        # no test here reads the search index: Pagefind need not index each rebuild
        "  - opsdesk\n", "  - opsdesk:\n      search_index: false\n" + options),
        encoding="utf-8")
    port = free_port()
    log = tmp_path / "serve.log"  # beside the site: no folder it watches
    with log.open("w", encoding="utf-8") as said:
        process = subprocess.Popen(
            [*SERVE, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=subprocess.DEVNULL, stderr=said, preexec_fn=as_from_a_terminal,
        )
    try:
        serving = Server(root, process, port)
        serving.wait_for("guides/alpha/", "Alpha body paragraph one.")
        yield serving
    finally:
        interrupt(process, log)


def test_serve_rebuilds_on_body_front_matter_site_data_and_template_edits(
        server: Server) -> None:
    server.edit("content/guides/alpha.md", "Alpha body paragraph one.", "Freshly edited body.")
    page = server.wait_for("guides/alpha/", "Freshly edited body.")
    assert "Alpha body paragraph one." not in text(page.select_one("article"))

    server.edit("content/guides/alpha.md", "title: Alpha Guide", "title: Alpha Renamed")
    page = server.wait_for("guides/alpha/", "Alpha Renamed")
    assert text(page.select_one("article h1")) == "Alpha Renamed"

    server.edit("site-data/policies.yml", "heading: Site policies and support",
                "heading: Policies, freshly edited")
    page = server.wait_for("guides/beta/", "Policies, freshly edited")
    assert text(page.select_one(".opsdesk-policies h2")) == "Policies, freshly edited"

    server.edit("overrides/partials/opsdesk/coverage-lane.html",
                'class="opsdesk-coverage-lane"', 'class="opsdesk-coverage-lane edited-partial"')
    page = server.wait_for("guides/gamma/", "edited-partial")
    assert page.select_one(".opsdesk-coverage-lane.edited-partial") is not None


def test_serve_shows_a_broken_page_with_its_banner_and_clears_it_when_fixed(
        server: Server) -> None:
    name = "content/guides/alpha.md"
    server.edit(name, "quick_take: Start with **alpha**.", "quick_take: [unclosed")
    page = server.wait_for("guides/alpha/", "opsdesk-problems")
    banner = [text(li) for li in page.select(".opsdesk-problems li")]
    assert len(banner) == 1
    assert banner[0].startswith("content/guides/alpha.md:6: front matter is not valid YAML: ")
    assert "Alpha body paragraph one." in text(page.select_one("article"))
    assert "quick_take" not in text(page.select_one("article"))
    # the author keeps sight of the page: its last good version, marked as such
    assert text(page.select_one(".opsdesk-problems__last-good")).startswith(
        "Below is this page as it was before these problems")
    assert text(page.select_one("article h1")) == "Alpha Guide"
    assert text(page.select_one(".opsdesk-quick-take")) == "Quick take: Start with alpha."
    assert page.select_one(".opsdesk-checklist") is not None
    assert page.select_one(".opsdesk-faq") is not None
    assert page.select_one(".opsdesk-coverage-lane") is not None

    server.edit(name, "quick_take: [unclosed", "quick_take: Start again.")
    page = server.wait_for("guides/alpha/", "opsdesk-problems", present=False)
    assert text(page.select_one(".opsdesk-quick-take")) == "Quick take: Start again."
    assert page.select_one(".opsdesk-problems__last-good") is None
    assert server.process.poll() is None


def _build_as_serve(root: Path) -> None:
    build_written(root, command="serve")


def _banner(root: Path, url: str) -> list[str]:
    page = BeautifulSoup((root / "site" / url / "index.html").read_text(encoding="utf-8"),
                         "lxml")
    return [text(li) for li in page.select(".opsdesk-problems li")]


BAD_PAGES = {
    "unreadable YAML": (
        "---\ntitle: Broken\ndescription: [oops\nupdated: 2026-01-01\n---\n\nBody after it.\n",
        ["content/guides/broken.md:3: front matter is not valid YAML: the list that starts "
         "here with '[' is never closed (line 3, column 14); end it with ']'"],
    ),
    "front matter not closed": (
        "---\ntitle: Broken\n\nBody after it.\n",
        ["content/guides/broken.md:1: front matter is not closed: add a line '---' after its "
         "last key"],
    ),
    "front matter not a mapping": (
        "---\n- title\n---\n\nBody after it.\n",
        ["content/guides/broken.md:2: front matter must be a mapping of keys to values, "
         "got a list"],
    ),
    "unknown key": (
        "---\ntitle: Broken\ndescription: D.\nupdated: 2026-01-01\nnxet: false\n---\n\n"
        "Body after it.\n",
        ["content/guides/broken.md:5: nxet: unknown key (did you mean 'next'?)"],
    ),
    "missing required key": (
        "---\ntitle: Broken\nupdated: 2026-01-01\n---\n\nBody after it.\n",
        ["content/guides/broken.md:1: description: field required"],
    ),
    "wrong type": (
        "---\ntitle: Broken\ndescription: D.\nupdated: 2026-01-01\nfaq:\n  - q: Why?\n---\n\n"
        "Body after it.\n",
        ["content/guides/broken.md:6: faq[0].a: field required"],
    ),
    "marker naming no checklist": (
        "---\ntitle: Broken\ndescription: D.\nupdated: 2026-01-01\n---\n\nBody after it.\n\n"
        "<!-- checklist: nope -->\n",
        ["content/guides/broken.md:9: checklists.nope: the marker names no checklist "
         "(checklists in the front matter: none)"],
    ),
    "dangling next (warning)": (
        "---\ntitle: Broken\ndescription: D.\nupdated: 2026-01-01\nnext: guides/alpah.md\n---"
        "\n\nBody after it.\n",
        ["content/guides/broken.md:5: next: no page 'guides/alpah.md' (did you mean "
         "'guides/alpha.md'?)"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_PAGES))
def test_serve_shows_every_kind_of_problem_in_the_page_banner(tmp_path: Path, case: str) -> None:
    source, expected = BAD_PAGES[case]
    root = write_site(tmp_path, {"content/guides/broken.md": source})

    _build_as_serve(root)

    assert _banner(root, "guides/broken/") == expected
    assert "Body after it." in text(BeautifulSoup(
        (root / "site/guides/broken/index.html").read_text(encoding="utf-8"), "lxml").article)
    assert _banner(root, "guides/alpha/") == []


def test_serve_shows_site_data_problems_on_every_page(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"site-data/policies.yml": """
        links:
          - title: Privacy
            page: policies/privcy.md
        """})

    _build_as_serve(root)

    expected = ["site-data/policies.yml:3: links[0].page: no page 'policies/privcy.md' "
                "(did you mean 'policies/privacy.md'?)"]
    assert _banner(root, "guides/alpha/") == expected
    assert _banner(root, "") == expected


def test_build_reports_problems_without_banners_and_strict_fails(tmp_path: Path) -> None:
    files = {"content/guides/broken.md": BAD_PAGES["unreadable YAML"][0],
             "content/guides/dangling.md": BAD_PAGES["dangling next (warning)"][0]}

    built = build_written(write_site(tmp_path, files))
    strict = build_written(tmp_path, strict=True)

    assert built.ok
    assert BAD_PAGES['unreadable YAML'][1][0] in built.problems()
    assert not built.exists("guides/broken/")  # never published with its YAML as text
    assert built.exists("guides/dangling/")
    assert not [p for p in built.site.rglob("*.html") if "opsdesk-problems" in p.read_text()]
    assert not strict.ok


def test_serve_shows_a_template_error_and_broken_site_data_and_recovers(
        server: Server) -> None:
    partial = "overrides/partials/opsdesk/coverage-lane.html"
    server.edit(partial, "{{ sentence }}", "{{ sentence }")
    page = server.wait_for("guides/alpha/", "templates have errors")
    assert [text(li) for li in page.select("li")] == [
        f"{partial}:3: template syntax error: unexpected '}}'"]
    assert server.wait_for("", "templates have errors")  # every page says so
    server.edit(partial, "{{ sentence }", "{{ sentence }}")
    page = server.wait_for("guides/alpha/", "opsdesk-coverage-lane")
    assert page.select_one(".opsdesk-problems") is None

    for name, good, bad in (("site-data/lanes.yml", "- id: guides", "- id: [guides"),
                            ("site-data/site.yml", "name: Fixture Desk", "name: [Fixture"),
                            ("site-data/policies.yml", "heading: Site", "heading: [Site")):
        server.edit(name, good, bad)
        page = server.wait_for("guides/alpha/", f"{name}:1:")
        assert f"{name}:1: not valid YAML" in text(page.select_one(".opsdesk-problems")), name
        server.edit(name, bad, good)
        page = server.wait_for("guides/alpha/", "opsdesk-problems", present=False)
        assert page.select_one(".opsdesk-coverage-lane") is not None, name
    assert server.process.poll() is None


@pytest.mark.parametrize(("folder", "name", "old", "new", "url", "shows"), [
    ("site-data", "policies.yml", "heading: Site policies and support",
     "heading: Policies {}", "guides/beta/", "Policies {}"),
    ("overrides", "partials/opsdesk/coverage-lane.html", 'class="opsdesk-coverage-lane"',
     'class="opsdesk-coverage-lane edit-{}"', "guides/gamma/", "edit-{}"),
    ("content", "guides/alpha.md", "Alpha body paragraph one.", "Body edit {}.",
     "guides/alpha/", "Body edit {}."),
])
@pytest.mark.parametrize("server", ["", "      fast_paths: false\n"], indirect=True,
                         ids=["fast-paths", "stock"])
def test_serve_keeps_watching_a_folder_deleted_and_made_again(
        server: Server, folder: str, name: str, old: str, new: str, url: str,
        shows: str) -> None:
    """A branch switch or a stash deletes a folder and makes it again: watchdog's watch
    of the old folder has stopped, yet the next edits are previewed as usual, on MkDocs'
    stock path too (where no private name of the server is used)."""
    away = server.root / f".{folder}-away"
    (server.root / folder).rename(away)
    time.sleep(1)  # the poller sees the folder gone, and its watch stops
    shutil.copytree(away, server.root / folder)  # a new folder, as git makes it
    shutil.rmtree(away)
    server.edit(f"{folder}/{name}", old, new.format("one"))
    server.wait_for(url, shows.format("one"))
    server.edit(f"{folder}/{name}", new.format("one"), new.format("two"))
    server.wait_for(url, shows.format("two"))
    assert server.process.poll() is None


def test_a_serve_that_does_not_stop_on_ctrl_c_fails_with_its_threads_stacks(
        tmp_path: Path) -> None:
    """The tests' ``interrupt`` (how each test stops ``mkdocs serve``) never lets a Ctrl-C
    that hangs pass: here a process that ignores it."""
    log = tmp_path / "serve.log"
    ignores = "import signal, time; signal.signal(signal.SIGINT, signal.SIG_IGN); " \
              "print('ready', flush=True); time.sleep(600)"
    with log.open("w", encoding="utf-8") as said:
        process = subprocess.Popen([*SERVE[:3], "-c", ignores], stdout=subprocess.PIPE,
                                   stderr=said, text=True)
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n"

    with process.stdout, pytest.raises(pytest.fail.Exception) as failed:
        interrupt(process, log, timeout=1)

    assert process.poll() is not None
    assert "did not stop within 1 s of Ctrl-C" in str(failed.value)
    assert 'line 1 in <module>' in str(failed.value)  # the stack of its one thread
