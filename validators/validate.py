"""The validators of issue 23 over a site: ``scripts/validate [ROOT]`` runs this.

ROOT is a project folder (``mkdocs.yml``, ``content/``, ``site-data/``; default the
repository). It is built twice, with its ``mkdocs.yml`` (``ours``) and as plain Material
with Material's own search (``plain``: the benchmark's ``baseline-material-search``,
``benchmarks/portfolio.py``'s ``baseline_config``, without our ``templates/``), each
served on 127.0.0.1 (gzip, and ``404.html`` with status 404 for a missing address, as a
static host does). Then:

- **Nu HTML Checker** (``vnu.jar``) over every page of both builds: an error of ours is one
  whose message no page of plain Material has;
- **pa11y**, WCAG2AA, with its HTML_CodeSniffer and axe runners, on one page of each kind
  of both builds, in both palettes: a finding of ours is one (runner, code, message) that
  plain Material's pages lack;
- **hyperlink** over the whole of ours from the home, 404 and redirect pages, scripting
  off (the HTML as written, fragments included), and ``links.mjs`` on one page of each
  kind with scripting on (the rendered DOM's links, and their fragments in the rendered
  targets): every broken link or fragment is ours;
- **Lighthouse** 12, mobile, on one page of each kind: accessibility, SEO and best
  practices 100, performance 95 or more (SEO's ``is-crawlable`` and ``http-status-code``
  are not counted on the 404 and redirect pages, which are meant to be neither indexed nor
  200);
- **structured-data-testing-tool**, Google and SocialMedia presets, on one page of each
  kind but the redirect (a page that sends on at once, shared by nobody): no failure.

The kinds of page: home, lane landing, listing page 2, lane page, policy page, tags index,
tag page, 404, redirect (each where the site has one). It prints a short report (and
writes ``report.json`` to ``--out``) and exits 1 on any finding of ours.

``scripts/validate --portfolio 300`` checks the benchmark's portfolio of 300 lane pages
(written to ``bench-results/portfolio-300``) instead: every kind of page at that size.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from portfolio import baseline_config, generate_portfolio  # noqa: E402 - the benchmark's
from reader import serve  # noqa: E402 - the benchmark's, as the screenshots use it

VNU = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
HYPERLINK = HERE / "node_modules" / "hyperlink" / "lib" / "cli.js"
#: The builds use this checkout's plugin (as the tests do), whatever .venv has installed.
_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "plugins"),
                                                    os.environ.get("PYTHONPATH")]))}
#: SEO audits that a page meant to be neither indexed nor served with 200 fails by design.
_NOT_FOR_UNLISTED = ("is-crawlable", "http-status-code")
_REFRESH = re.compile(rb'<meta[^>]+http-equiv="refresh"', re.IGNORECASE)


# -- building and serving ---------------------------------------------------------------

def build(root: Path, out: Path) -> dict[str, Path]:
    """Build ``root`` as ours and as plain Material; the two site folders."""
    plain = baseline_config(root / "mkdocs.yml", root / "site-data")
    plain["plugins"] = ["search", *plain["plugins"]]
    # The configuration is written beside the sites: its folders must not be relative.
    plain["docs_dir"] = str((root / plain.get("docs_dir", "docs")).resolve())
    # Plain Material is Material's own templates: the benchmark's baseline keeps our
    # custom_dir (it measures the plugin), which would excuse our templates' findings.
    plain.get("theme", {}).pop("custom_dir", None)
    # Material warns of the nav's landing pages that only our plugin writes: not ours.
    plain["nav"] = [p for p in plain["nav"] if (Path(plain["docs_dir"]) / p).exists()]
    config = out / "mkdocs-plain-material.yml"
    config.write_text(yaml.safe_dump(plain, sort_keys=False, allow_unicode=True),
                      encoding="utf-8")
    sites = {"ours": out / "ours", "plain": out / "plain"}
    for name, config_path in (("ours", root / "mkdocs.yml"), ("plain", config)):
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean",
                        "-f", str(config_path), "-d", str(sites[name].resolve())],
                       cwd=root, env=_ENV, check=True)
    return sites


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static host: gzip for text, ``404.html`` with status 404 for a missing page."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's slash
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "") and (
            kind.startswith("text/") or kind in ("application/javascript", "application/json",
                                                 "image/svg+xml", "application/xml"))
        if gzipped:
            body = gzip.compress(body, 6)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: Any) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


# -- the pages of each kind -------------------------------------------------------------

def pages_by_kind(root: Path, site: Path) -> dict[str, str]:
    """One site-relative URL per kind of page that ``site`` has."""
    lanes = yaml.safe_load((root / "site-data" / "lanes.yml").read_text(encoding="utf-8"))
    policies = yaml.safe_load((root / "site-data" / "policies.yml").read_text(encoding="utf-8"))
    kinds: dict[str, str] = {"home": ""}
    landing = [lane["id"] for lane in lanes if (site / lane["id"] / "index.html").exists()]
    if landing:
        kinds["lane landing"] = f"{landing[0]}/"
    paged = [lane["id"] for lane in lanes if (site / lane["id"] / "page/2/index.html").exists()]
    if paged:
        kinds["listing page 2"] = f"{paged[0]}/page/2/"
    redirects = {_url(site, p) for p in site.rglob("*.html") if _REFRESH.search(p.read_bytes())}
    for lane in lanes:
        pages = sorted(p for p in (site / lane["id"]).glob("*/index.html")
                       if p.parent.name != "page" and _url(site, p) not in redirects)
        if pages:
            kinds["lane page"] = _url(site, pages[0])
            break
    policy = policies["links"][0]["page"].removesuffix(".md") + "/"
    if (site / policy / "index.html").exists():
        kinds["policy page"] = policy
    if (site / "tags/index.html").exists():
        kinds["tags index"] = "tags/"
        tags = sorted(p for p in (site / "tags").glob("*/index.html"))
        if tags:
            kinds["tag page"] = _url(site, tags[0])
    if (site / "404.html").exists():
        kinds["404"] = "404.html"
    if redirects:
        kinds["redirect"] = sorted(redirects)[0]
    return kinds


def _url(site: Path, path: Path) -> str:
    relative = path.relative_to(site).as_posix()
    return relative.removesuffix("index.html")


# -- the validators ---------------------------------------------------------------------

@dataclass
class Outcome:
    """One validator's result: its findings of ours, and a line per figure to report."""

    name: str
    ours: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    seconds: float = 0.0
    raw: Any = None


def node(script: str, request: dict[str, Any]) -> Any:
    result = subprocess.run(["node", str(HERE / script)], input=json.dumps(request),
                            capture_output=True, text=True, check=False, cwd=HERE)
    if result.returncode != 0:
        raise RuntimeError(f"{script} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout)


def nu(sites: dict[str, Path]) -> Outcome:
    """Nu HTML Checker over every HTML file of each build; errors only."""
    errors: dict[str, Counter[str]] = {}
    for name, site in sites.items():
        result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always",
                                 "--skip-non-html", str(site)],
                                capture_output=True, text=True, check=True)
        messages = json.loads(result.stderr)["messages"]
        errors[name] = Counter(m["message"] for m in messages if m["type"] == "error")
    ours = [f"{count} x {message}" for message, count in errors["ours"].items()
            if message not in errors["plain"]]
    lines = [f"errors: ours {sum(errors['ours'].values())}, plain Material "
             f"{sum(errors['plain'].values())}; of ours only: "
             f"{sum(c for m, c in errors['ours'].items() if m not in errors['plain'])}"]
    lines += [f"  also in plain Material: {count} x {message}"
              for message, count in errors["ours"].items() if message in errors["plain"]]
    return Outcome("Nu HTML Checker", ours, lines, raw={k: dict(v) for k, v in errors.items()})


def pa11y(urls: dict[str, dict[str, str]]) -> Outcome:
    """pa11y (HTML_CodeSniffer and axe, WCAG2AA) on each kind's page, both palettes."""
    found = {name: node("pa11y.mjs", {"pages": list(pages.values())})["issues"]
             for name, pages in urls.items()}

    def key(issue: dict[str, str]) -> tuple[str, str, str]:
        return issue["runner"], issue["code"], issue["message"]

    material = {key(issue) for issue in found["plain"]}
    ours = [f"{i['runner']} {i['code']} ({i['scheme']}) {_path(i['url'])} {i['selector']}: "
            f"{i['message']}" for i in found["ours"] if key(i) not in material]
    lines = [f"{len(urls['ours'])} pages x 2 palettes; issues: ours {len(found['ours'])}, "
             f"plain Material {len(found['plain'])} ({len(urls['plain'])} pages); "
             f"of ours only: {len(ours)}"]
    lines += [f"  also in plain Material: {count} x {runner} {code}" for (runner, code, _), count
              in Counter(key(i) for i in found["ours"] if key(i) in material).items()]
    return Outcome("pa11y + axe (WCAG2AA)", ours, lines, raw=found)


def hyperlink(site: Path, base: str, pages: dict[str, str]) -> Outcome:
    """hyperlink over the whole site as written (scripting off), then links.mjs with
    scripting on over each kind's page."""
    # From the home page, the 404 page and the redirect pages, which no page links to.
    starts = [site / "index.html", site / "404.html",
              *sorted(p for p in site.rglob("*.html") if _REFRESH.search(p.read_bytes()))]
    result = subprocess.run(["node", str(HYPERLINK), "--root", str(site), "-r", "-i",
                             *map(str, starts)],
                            capture_output=True, text=True, check=False, cwd=HERE)
    failures = [line for line in result.stdout.splitlines() if line.startswith("not ok")]
    passed = sum(1 for line in result.stdout.splitlines() if line.startswith("ok"))
    ours = [f"scripting off: {line}" for line in failures]
    if result.returncode != 0 and not failures:
        ours.append(f"hyperlink failed: {result.stderr[-2000:]}")
    scripted = node("links.mjs", {"pages": list(pages.values()), "origin": base.rstrip("/")})
    ours += [f"scripting on: {_path(b['from'])} -> {_path(b['href'])}: {b['why']}"
             for b in scripted["broken"]]
    lines = [f"scripting off (whole site): {passed} checks passed, {len(failures)} failed",
             f"scripting on ({len(pages)} pages): {scripted['checked']} links checked, "
             f"{len(scripted['broken'])} broken"]
    return Outcome("hyperlink", ours, lines, raw={"off": failures, "on": scripted})


def lighthouse(pages: dict[str, str]) -> Outcome:
    """Lighthouse, mobile: a11y, SEO, best practices 100, performance 95 or more."""
    reports = node("lighthouse.mjs", {"pages": list(pages.values())})["reports"]
    kinds = {url: kind for kind, url in pages.items()}
    ours, lines = [], []
    for report in reports:
        kind, scores = kinds[report["url"]], report["scores"]
        failing = {category: [audit for audit in audits
                              if not (kind in ("404", "redirect")
                                      and audit.split(" ")[0] in _NOT_FOR_UNLISTED)]
                   for category, audits in report["failing"].items()}
        runs = report["runs"]
        lines.append(f"{kind:<15} " + " ".join(f"{c} {s}" for c, s in scores.items())
                     + (f" (median of performance {runs})" if len(runs) > 1 else "")
                     + (f" (at {_path(report['finalUrl'])})"
                        if report["finalUrl"] != report["url"] else ""))
        if report.get("runtimeError"):
            ours.append(f"{kind}: {report['runtimeError']}")
        for category, score in scores.items():
            low = score < 95 if category == "performance" else score < 100
            if low and (category == "performance" or failing[category]):
                ours.append(f"{kind}: {category} {score}: {', '.join(failing[category])}")
    return Outcome("Lighthouse 12 (mobile)", ours, lines, raw=reports)


def sdtt(pages: dict[str, str]) -> Outcome:
    """structured-data-testing-tool, Google and SocialMedia presets."""
    shared = {kind: url for kind, url in pages.items() if kind != "redirect"}
    results = node("sdtt.mjs", {"pages": list(shared.values())})["results"]
    kinds = {url: kind for kind, url in shared.items()}
    ours = [f"{kinds[r['url']]}: {failure}" for r in results for failure in r["failed"]]
    lines = [f"{kinds[r['url']]:<15} passed {r['passed']}, warnings {r['warnings']}, "
             f"failed {len(r['failed'])}" for r in results]
    return Outcome("structured-data-testing-tool (Google, SocialMedia)", ours, lines,
                   raw=results)


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3] if url.count("/") >= 3 else url


# -- the run ----------------------------------------------------------------------------

VALIDATORS = ("nu", "pa11y", "hyperlink", "lighthouse", "sdtt")


def run(root: Path, out: Path, only: Sequence[str]) -> list[Outcome]:
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    sites = build(root, out)
    kinds = {name: pages_by_kind(root, site) for name, site in sites.items()}
    sys.stderr.write(f"built in {time.perf_counter() - start:.0f} s; pages of each kind: "
                     + ", ".join(f"{k} /{u}" for k, u in kinds["ours"].items()) + "\n")
    outcomes = []
    with serve(sites["ours"], handler=_Handler) as ours, \
            serve(sites["plain"], handler=_Handler) as plain:
        urls = {"ours": {k: ours + u for k, u in kinds["ours"].items()},
                "plain": {k: plain + u for k, u in kinds["plain"].items()}}
        steps: dict[str, Callable[[], Outcome]] = {
            "nu": lambda: nu(sites),
            "pa11y": lambda: pa11y(urls),
            "hyperlink": lambda: hyperlink(sites["ours"], ours, urls["ours"]),
            "lighthouse": lambda: lighthouse(urls["ours"]),
            "sdtt": lambda: sdtt(urls["ours"]),
        }
        for name in only:
            begun = time.perf_counter()
            outcome = steps[name]()
            outcome.seconds = time.perf_counter() - begun
            outcomes.append(outcome)
            sys.stderr.write(f"{outcome.name}: {len(outcome.ours)} of ours "
                             f"({outcome.seconds:.0f} s)\n")
    (out / "report.json").write_text(json.dumps(
        {"root": str(root), "kinds": kinds, "validators": [
            {"name": o.name, "ours": o.ours, "lines": o.lines, "seconds": o.seconds,
             "raw": o.raw} for o in outcomes]}, indent=1), encoding="utf-8")
    return outcomes


def report(root: Path, outcomes: list[Outcome]) -> str:
    lines = [f"Validators over {root} (ours against plain Material with its own search)"]
    for outcome in outcomes:
        verdict = "ok" if not outcome.ours else f"{len(outcome.ours)} finding(s) of ours"
        lines.append(f"\n{outcome.name}: {verdict} ({outcome.seconds:.0f} s)")
        lines += [f"  {line}" for line in outcome.lines]
        lines += [f"  OURS: {finding}" for finding in outcome.ours[:30]]
        if len(outcome.ours) > 30:
            lines.append(f"  ... and {len(outcome.ours) - 30} more (report.json)")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/validate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", type=Path, default=REPO,
                        help="the project folder to build and check (default: the repository)")
    parser.add_argument("--out", type=Path, default=None,
                        help="where the two builds and report.json go "
                             "(default: ROOT/build/validate)")
    parser.add_argument("--only", default=",".join(VALIDATORS),
                        help="validators to run, comma-separated (default: %(default)s)")
    parser.add_argument("--portfolio", type=int, metavar="N",
                        help="first write the benchmark's portfolio of N lane pages to "
                             "bench-results/portfolio-N (benchmarks/portfolio.py), and check "
                             "that instead of ROOT")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.portfolio:
        root = REPO / "bench-results" / f"portfolio-{args.portfolio}"
        generate_portfolio(root, args.portfolio, aliases=True)  # redirect pages too
    out = (args.out or root / "build" / "validate").resolve()
    outcomes = run(root, out, [name for name in args.only.split(",") if name])
    sys.stdout.write(report(root, outcomes))
    return 1 if any(outcome.ours for outcome in outcomes) else 0


if __name__ == "__main__":
    raise SystemExit(main())
