"""What a reader's browser transfers and waits for, on a built site.

    .venv/bin/python benchmarks/reader.py SITE_DIR [--page URL ...] [--query "two words"]
                                         [--runs 5] [--index] [--settle 5]

Serves SITE_DIR on 127.0.0.1 (Python's http.server; no compression, or with ``--gzip``
the text files gzipped as static hosts serve them) and measures in Debian's Chromium
(headless, a fresh context each run):

- **first page view**: the bytes transferred (headers and body of every response,
  workers' included), 5 s (``--settle``) after the load event, for each
  ``--page`` (default: a page of each kind, ``page_kinds``: the home page, a lane
  landing page, its page 2, a lane page, the tags page and the busiest tag's page);
- **search session**: open search with ``/``, type a two-word query, wait for the first
  results: the bytes transferred from the keystroke that opened search, and the time from
  the last keystroke to the results shown (warm page; median of ``--runs``);
- **index build** (``--index``): the time ``opsdesk.search.build_search_index`` takes for
  the site's pages (every ``index.html`` that has ``data-pagefind-body``), written to a
  copy of the site.

Prints one JSON object. Standalone: it imports the opsdesk package only for ``--index``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

CHROMIUM = os.environ.get("OPSDESK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


#: What a static host (GitHub Pages, Netlify...) compresses: text, not Pagefind's chunks
#: (gzipped already) or images.
_TEXT = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}


class _Gzip(_Quiet):
    """Serves text files gzip-compressed to a browser that accepts it, as hosts do."""

    _cache: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if (Path(path).suffix not in _TEXT or not os.path.isfile(path)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            super().do_GET()
            return
        body = self._cache.get(path)
        if body is None:
            body = self._cache[path] = gzip.compress(Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that moved on
            super().handle_error(request, client_address)


@contextmanager
def serve(site: Path, *, compress: bool = False,
          handler: type[SimpleHTTPRequestHandler] | None = None) -> Iterator[str]:
    """``site`` served on a free port of 127.0.0.1 while the block runs; yields the base
    URL. ``handler``: the request handler (default: quiet, gzip for text with
    ``compress``). The benchmark, the screenshots, the validators and the browser tests
    serve sites with it."""
    chosen = handler or (_Gzip if compress else _Quiet)
    server = _Server(("127.0.0.1", 0), functools.partial(chosen, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class Transfer:
    """Bytes received by a page's context (its workers' requests included: Pagefind's
    index chunks are fetched by its worker), per Playwright's ``Request.sizes()``:
    response headers plus body as sent (no compression here)."""

    def __init__(self, context: Any) -> None:
        self.finished: list[Any] = []
        context.on("requestfinished", lambda request: self.finished.append(request))

    @property
    def requests(self) -> list[str]:
        return [request.url for request in self.finished]

    def total(self, since: int = 0) -> int:
        total = 0
        for request in self.finished[since:]:
            sizes = request.sizes()
            total += sizes["responseHeadersSize"] + sizes["responseBodySize"]
        return total


def _resources(page: Any) -> tuple[int, int]:
    """Transfer sizes as the page itself reports them (Resource Timing), worker's apart."""
    total = page.evaluate("""() => {
        const all = [performance.getEntriesByType('navigation')[0],
                     ...performance.getEntriesByType('resource')];
        return [all.reduce((s, e) => s + (e.transferSize || 0), 0), all.length];
    }""")
    return int(total[0]), int(total[1])


@dataclass
class View:
    """A fresh tab (its own context) opened on a URL, and the requests it finished, each
    with when (``time.monotonic()``; the driver's events, every tab's, arrive while any
    tab loads or waits: a request's time is when it finished, give or take that)."""

    context: Any
    page: Any
    url: str
    loaded: float  # time.monotonic() at its load event
    finished: list[tuple[float, Any]] = field(default_factory=list)


def open_view(browser: Any, base: str, url: str) -> View:
    """``base + url`` in a fresh context, once loaded."""
    context = browser.new_context()
    finished: list[tuple[float, Any]] = []
    context.on("requestfinished", lambda request: finished.append((time.monotonic(), request)))
    page = context.new_page()
    page.goto(base + url, wait_until="load")
    return View(context, page, url, time.monotonic(), finished)


def weigh(view: View, settle: float = 5.0) -> dict[str, Any]:
    """What the tab received until ``settle`` seconds after its load (headers and bodies,
    workers' requests included), waiting out the rest of that time; the tab is closed."""
    end = view.loaded + settle
    if end > time.monotonic():
        view.page.wait_for_timeout((end - time.monotonic()) * 1000)
    finished = [request for at, request in view.finished if at <= end]
    sizes = [request.sizes() for request in finished]
    urls = [request.url for request in finished]
    timing_bytes, timing_count = _resources(view.page)
    view.context.close()
    return {"url": view.url,
            "bytes": sum(s["responseHeadersSize"] + s["responseBodySize"] for s in sizes),
            "requests": len(urls), "urls": urls,
            "resource_timing_bytes": timing_bytes, "resource_timing_entries": timing_count,
            "sitemap_fetches": sum("sitemap.xml" in url for url in urls),
            "pagefind_fetches": sum("/pagefind/" in url for url in urls)}


def page_weights(browser: Any, base: str, urls: list[str],
                 settle: float = 5.0) -> list[dict[str, Any]]:
    """``weigh`` of a first view of each URL: the tabs open one after another and settle
    together, each its ``settle`` seconds after its own load (not one wait per page)."""
    views = [open_view(browser, base, url) for url in urls]
    return [weigh(view, settle) for view in views]


def _open_search(page: Any, tries: int = 3) -> int:
    """Press ``/`` until search opens; how many presses it took (one, but for a rare
    press in a run of hundreds that Chromium dropped: the count is reported)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for press in range(1, tries):
        page.keyboard.press("/")
        try:
            page.wait_for_selector("#opsdesk-search[open]", timeout=5000)
            return press
        except PlaywrightTimeout:
            continue
    page.keyboard.press("/")  # the last try: its timeout is the error
    page.wait_for_selector("#opsdesk-search[open]", timeout=5000)
    return tries


def search_session(browser: Any, base: str, url: str, query: str) -> dict[str, Any]:
    """Open search on a loaded page, type ``query``; bytes and time to the results."""
    context = browser.new_context()
    page = context.new_page()
    transfer = Transfer(context)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    page.goto(base + url, wait_until="load")
    page.wait_for_load_state("networkidle")
    count = len(transfer.finished)
    try:
        presses = _open_search(page)
    except Exception as error:
        raise RuntimeError(f"search did not open on {url}: {errors}; focus: "
                           f"{page.evaluate('document.hasFocus()')}") from error
    page.type(".opsdesk-search__input", query, delay=60)
    typed = time.perf_counter()
    answered = f".opsdesk-search__results[data-query={json.dumps(query.strip())}]"
    page.wait_for_selector(f"{answered} .opsdesk-search__result", timeout=30000)
    shown = time.perf_counter() - typed
    page.wait_for_load_state("networkidle")
    result = {"bytes": transfer.total(since=count), "requests": len(transfer.finished) - count,
              "results_after_last_key_s": round(shown, 3),
              "results": page.locator(".opsdesk-search__result").count(),
              "presses_to_open": presses}
    context.close()
    return result


def index_time(site: Path) -> dict[str, Any]:
    from opsdesk.search import build_search_index

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "site"
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
        pages = [("", p) for p in sorted(copy.rglob("index.html"))
                 if b"data-pagefind-body" in p.read_bytes()]
        result = build_search_index(copy, pages)
        size = sum(f.stat().st_size for f in (copy / "pagefind").rglob("*") if f.is_file())
    return {"pages": result.pages, "seconds": round(result.seconds, 2),
            "index_mb": round(size / 1e6, 1)}


_TAG_COUNT = re.compile(r'<a class="md-tag" href="([^"]+)">[^<]*</a> '
                        r'<span class="opsdesk-tag-index__count">\((\d+)\)</span>')


def page_kinds(site: Path) -> dict[str, str]:
    """A page of each kind of a built site, by kind: ``home``, ``lane landing page`` (of
    the first lane, by name, that has a second page), ``paged landing page`` (its page
    2), ``lane page`` (its first page, by address), ``tags page`` and ``tag page`` (the
    busiest tag's first page). A kind the site lacks is left out."""
    lanes = sorted(p.parent.name for p in site.glob("*/index.html")
                   if p.parent.name not in ("tags", "policies", "pagefind", "assets"))
    paged = [lane for lane in lanes if (site / lane / "page/2/index.html").is_file()]
    lane = (paged or lanes or [""])[0]
    kinds = {"home": ""}
    if lane:
        kinds["lane landing page"] = f"{lane}/"
        if paged:
            kinds["paged landing page"] = f"{lane}/page/2/"
        pages = sorted(p.parent.relative_to(site).as_posix() + "/"
                       for p in (site / lane).glob("*/index.html") if p.parent.name != "page")
        if pages:
            kinds["lane page"] = pages[0]
    tags = site / "tags/index.html"
    if tags.is_file():
        kinds["tags page"] = "tags/"
        counts = [(-int(count), href) for href, count in
                  _TAG_COUNT.findall(tags.read_text(encoding="utf-8"))]
        if counts:
            kinds["tag page"] = "tags/" + html.unescape(min(counts)[1])
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--page", action="append", dest="pages")
    parser.add_argument("--query", default="retry budgets")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--index", action="store_true")
    parser.add_argument("--settle", type=float, default=5.0,
                        help="seconds after its load that a first view is weighed")
    parser.add_argument("--gzip", action="store_true",
                        help="compress text files as a static host does (default: none)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    site = args.site.resolve()
    kinds = {url: kind for kind, url in page_kinds(site).items()}
    pages = args.pages or list(kinds)
    report: dict[str, Any] = {"site": str(site), "gzip": args.gzip, "settle": args.settle}
    with serve(site, compress=args.gzip) as base, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        report["first_view"] = [{"kind": kinds.get(view["url"], ""), **view}
                                for view in page_weights(browser, base, pages, args.settle)]
        lane_page = next((url for url, kind in kinds.items() if kind == "lane page"), pages[-1])
        sessions = [search_session(browser, base, lane_page, args.query)
                    for _ in range(args.runs)]
        report["search"] = {
            "query": args.query, "runs": sessions,
            "median_bytes": statistics.median(s["bytes"] for s in sessions),
            "median_results_after_last_key_s":
                statistics.median(s["results_after_last_key_s"] for s in sessions)}
        browser.close()
    if args.index:
        report["index"] = index_time(site)
    json.dump(report, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
