"""The build benchmark: ``python -m opsdesk.bench [--sizes 100,1000,3000] [--repeats 3]``.

It generates realistic portfolios (seeded, so every run builds the same pages), builds
each one in several configurations, each build in a fresh subprocess, and writes a
Markdown table of median build times, peak memory and the time spent in each of the
plugin's hooks to ``--out`` (default ``bench-results/``). See BENCHMARK.md.

Configurations:

- ``opsdesk``: the site as the project builds it (Material, our templates, our plugin).
- ``opsdesk-one-process``: the same with ``render_ahead: false``: everything in the
  build's own process, as on a machine with one core.
- ``material-lanes-nav``: the same pages, plain Material, no opsdesk plugin, and a hand
  ``nav:`` of the home page and the lane landing pages: the baseline of the overhead.
- ``material-default-nav``: plain Material with its default navigation of every page
  (quadratic: slow at scale, so it is run once, and skipped above ``--default-nav-max``).

This module runs MkDocs, so it is CLI glue, not core: it may import mkdocs, lazily.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = ["CONFIGS", "generate_portfolio", "main"]

REPO = Path(__file__).resolve().parent.parent.parent
PACKAGE = Path(__file__).resolve().parent
CONFIGS = ("opsdesk", "opsdesk-one-process", "material-lanes-nav", "material-default-nav")
DEFAULT_NAV_MAX = 1000

# -- the generated portfolio ----------------------------------------------------------

_TOPICS = [
    "lead routing", "billing sync", "support triage", "invoice retries", "webhook intake",
    "CRM deduplication", "refund approvals", "renewal reminders", "ticket escalation",
    "payment failures", "form enrichment", "handoff alerts", "usage metering",
    "contract updates", "trial conversions", "vendor onboarding", "access reviews",
    "SLA tracking", "churn signals", "quote approvals", "data exports", "calendar booking",
    "lead scoring", "dunning emails", "order fulfilment", "inventory sync",
]
_ASPECTS = [
    "trigger boundaries", "data ownership", "rollback", "human checkpoints", "idempotency",
    "retry budgets", "audit trails", "alert fatigue", "rate limits", "schema drift",
    "error queues", "change review", "dry runs", "permissions", "observability",
    "field mapping", "timeouts", "backfills", "version pinning", "runbooks",
]
_KINDS = ["guide", "playbook", "checklist", "review", "walkthrough", "primer", "field notes"]
_AUDIENCES = ["ops leads", "revenue operations teams", "support managers",
              "finance operations", "small platform teams", "solo operators"]
_SUBJECTS = ["The team", "An operator", "The owner of the workflow", "Whoever reviews the change",
             "A careful reviewer", "The on-call person", "Finance", "Support", "The vendor"]
_VERBS = ["documents", "tests", "reviews", "narrows", "maps", "questions", "schedules",
          "rolls back", "measures", "writes down", "separates", "limits", "traces"]
_OBJECTS = ["every path that touches {a}", "the failure modes of {t}", "who owns {a}",
            "the retry policy around {t}", "what changes when {a} shifts",
            "the smallest safe version of {t}", "the signals that prove {a} improved",
            "the manual fallback for {t}", "the cost of getting {a} wrong"]
_CLAUSES = ["before the next release", "so nobody has to guess later",
            "while the old path still runs", "without touching the live system",
            "because the first fix often hides a second problem", "in the review note",
            "during a quiet week", "with one real example", "before adding tooling",
            "so the decision survives a change of staff"]
_OPENERS = ["In practice,", "Most of the time,", "When volume grows,", "Early on,",
            "After an incident,", "For small teams,", "Over a quarter,", "Usually,"]
_HEADINGS = ["What {a} actually controls", "How to scope {t} before building",
             "Where {t} usually breaks", "Signals that {a} is working",
             "A rollout plan for {t}", "What to write down about {a}",
             "When to stop and rethink {t}", "Common mistakes with {a}"]


@dataclass
class _Page:
    path: str
    lane: str
    title: str
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""


def _sentence(rng: random.Random, topic: str, aspect: str) -> str:
    obj = rng.choice(_OBJECTS).format(a=aspect, t=topic)
    parts = [rng.choice(_SUBJECTS), rng.choice(_VERBS), obj, rng.choice(_CLAUSES)]
    if rng.random() < 0.4:
        parts.insert(0, rng.choice(_OPENERS))
        parts[1] = parts[1][0].lower() + parts[1][1:]
    text = " ".join(parts)
    if rng.random() < 0.15:
        text = text.replace(aspect, f"**{aspect}**", 1)
    elif rng.random() < 0.1:
        text = text.replace(topic, f"`{topic}`", 1)
    return text + "."


def _paragraph(rng: random.Random, topic: str, aspect: str, words: int = 70) -> str:
    sentences: list[str] = []
    count = 0
    while count < words:
        sentence = _sentence(rng, topic, rng.choice([aspect, *rng.sample(_ASPECTS, 2)]))
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def _body(rng: random.Random, topic: str, aspects: list[str], checklists: list[str]) -> str:
    """About 900 words: an introduction, sections with lists, markers in place."""
    parts = [_paragraph(rng, topic, aspects[0], 60), _paragraph(rng, topic, aspects[1], 60)]
    headings = rng.sample(_HEADINGS, 6)
    for index, heading in enumerate(headings):
        aspect = aspects[index % len(aspects)]
        parts.append("## " + heading.format(a=aspect, t=topic).capitalize())
        parts.append(_paragraph(rng, topic, aspect, 65))
        if index % 3 == 1:
            parts.append("\n".join(f"- {_sentence(rng, topic, a)}" for a in aspects[:3]))
        parts.append(_paragraph(rng, topic, aspect, 55))
        if index < len(checklists):
            parts.append(f"<!-- checklist: {checklists[index]} -->")
    parts.append("<!-- faq -->")
    return "\n\n".join(parts) + "\n"


def _lane_pages(rng: random.Random, lane: dict[str, Any], count: int,
                tags: list[str], day0: int) -> list[_Page]:
    pages = []
    for index in range(count):
        topic = rng.choice(_TOPICS)
        aspects = rng.sample(_ASPECTS, 4)
        kind = rng.choice(_KINDS)
        title = f"{topic.capitalize()}: {aspects[0]} {kind} {index + 1}"
        slug = "-".join(title.casefold().replace(":", "").split())
        checklist_ids = rng.sample(["scope", "rollout", "review", "handoff"], rng.randint(1, 2))
        meta: dict[str, Any] = {
            "title": title,
            "description": _paragraph(rng, topic, aspects[0], 25),
            "updated": f"2025-{1 + (day0 + index) % 12:02d}-{1 + (day0 * 7 + index) % 28:02d}",
            "keyword": f"{topic} {aspects[0]}",
            "audience": rng.choice(_AUDIENCES),
            "quick_take": _sentence(rng, topic, aspects[1]),
            "tags": rng.sample(tags, rng.randint(2, 5)),
            "checklists": {cid: {"items": [_sentence(rng, topic, a) for a in aspects[:3]]}
                           for cid in checklist_ids},
            "faq": [{"q": f"How does {a} change {topic}?", "a": _paragraph(rng, topic, a, 40)}
                    for a in aspects[:3]],
        }
        if rng.random() < 0.3:
            meta["order"] = rng.randint(1, 50)
        pages.append(_Page(f"{lane['id']}/{slug}.md", lane["id"], title, meta,
                           _body(rng, topic, aspects, checklist_ids)))
    return pages


def _link_some(rng: random.Random, pages: list[_Page]) -> None:
    """Explicit ``next`` on about 5% of pages, explicit ``related`` on about 10%."""
    for page in pages:
        others = rng.sample(pages, 4)
        targets = [p.path for p in others if p.path != page.path]
        if rng.random() < 0.05:
            page.meta["next"] = targets[0]
        if rng.random() < 0.10:
            page.meta["related"] = targets[1:3]


def _write(path: Path, meta: dict[str, Any], body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=88)
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")


def generate_portfolio(root: Path, pages: int, *, seed: int = 7) -> list[str]:
    """Write a site of ``pages`` lane pages (plus home, landing and policy pages) to
    ``root``: ``content/``, ``site-data/`` (the repo's), ``templates/`` (the package's).

    Returns the lane pages' paths. The same arguments always write the same files.
    """
    rng = random.Random(f"{seed}-{pages}")  # noqa: S311 - test data, not secrets
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    shutil.copytree(REPO / "site-data", root / "site-data")
    shutil.copytree(PACKAGE / "templates", root / "templates")
    lanes = yaml.safe_load((root / "site-data" / "lanes.yml").read_text(encoding="utf-8"))
    tags = sorted({rng.choice(_ASPECTS) + suffix for suffix in ("", " basics", " at scale")
                   for _ in range(30)})
    all_pages: list[_Page] = []
    for index, lane in enumerate(lanes):
        count = pages // len(lanes) + (1 if index < pages % len(lanes) else 0)
        all_pages += _lane_pages(rng, lane, count, tags, day0=index * 31)
    _link_some(rng, all_pages)
    for page in all_pages:
        _write(content / page.path, page.meta, page.body)
    _write(content / "index.md", {"title": "Automation Ops Desk"},
           _paragraph(rng, "automation", "human checkpoints", 60) + "\n")
    for lane in lanes:
        title = lane.get("title") or lane["label"].capitalize()
        _write(content / lane["id"] / "index.md", {"title": title},
               f"# {title}\n\n{lane.get('description', '')}\n")
    policies = yaml.safe_load((root / "site-data" / "policies.yml").read_text(encoding="utf-8"))
    for link in policies["links"]:
        _write(content / link["page"], {"title": link["title"]},
               _paragraph(rng, "corrections", "audit trails", 80) + "\n")
    _write_configs(root, lanes)
    return [page.path for page in all_pages]


_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", {"toc": {"permalink": True}},
               "pymdownx.details", "pymdownx.superfences",
               {"pymdownx.highlight": {"anchor_linenums": True}}, "pymdownx.inlinehilite"]


def _write_configs(root: Path, lanes: list[dict[str, Any]]) -> None:
    """One ``mkdocs-<config>.yml`` per configuration, all over the same ``content/``."""
    base: dict[str, Any] = {
        "site_name": "Automation Ops Desk", "docs_dir": "content",
        "site_url": "https://automation-ops-desk.example.org/",
        "theme": {"name": "material", "language": "en", "font": False,
                  "features": ["navigation.sections", "search.suggest", "content.code.copy"]},
        "markdown_extensions": _EXTENSIONS,
    }
    ours = {**base, "theme": {**base["theme"], "custom_dir": "templates"},
            "plugins": ["search", "opsdesk"]}
    one_process = {**ours, "plugins": ["search", {"opsdesk": {"render_ahead": False}}]}
    plain = {**base, "plugins": ["search"]}
    lanes_nav = {**plain, "nav": ["index.md", *(f"{lane['id']}/index.md" for lane in lanes)]}
    for name, config in (("opsdesk", ours), ("opsdesk-one-process", one_process),
                         ("material-lanes-nav", lanes_nav),
                         ("material-default-nav", plain)):
        (root / f"mkdocs-{name}.yml").write_text(yaml.safe_dump(config, sort_keys=False),
                                                 encoding="utf-8")


# -- one build, in a subprocess -------------------------------------------------------

def _child_build(config_file: str, site_dir: str) -> dict[str, Any]:
    """Build once, timing the whole build and each of our plugin's hooks."""
    import resource

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def cpu_time() -> float:
        """CPU time of this process and of the children it waited for (the plugin's
        second process, see ``ahead.py``), so the CPU column counts every core's work."""
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    start, cpu_start = time.perf_counter(), cpu_time()
    config = load_config(config_file=config_file, site_dir=site_dir)
    hooks: dict[str, float] = {}
    _time_our_hooks(config.plugins, hooks)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    seconds, cpu = time.perf_counter() - start, cpu_time() - cpu_start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak_kb / 1024, "hooks": hooks}


def _time_our_hooks(plugins: Any, totals: dict[str, float]) -> None:
    """Wrap each event handler of the opsdesk plugin to add up the time spent in it."""
    from .plugin import OpsDeskPlugin

    def timed(name: str, method: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            begin = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                totals[name] = totals.get(name, 0.0) + time.perf_counter() - begin
        return run

    for event, methods in plugins.events.items():
        for index, method in enumerate(methods):
            if isinstance(getattr(method, "__self__", None), OpsDeskPlugin):
                methods[index] = timed(event, method)


def _child_check(root: str) -> dict[str, Any]:
    """What ``opsdesk check`` does before reporting: read every page, build the graph."""
    from .portfolio import build_portfolio
    from .sitedata import load_site_data
    from .source import load_page

    start = time.perf_counter()
    data = load_site_data(Path(root) / "site-data")
    docs = Path(root) / "content"
    sources = [
        load_page(file.read_text(encoding="utf-8"), path=file.relative_to(docs).as_posix(),
                  file=f"content/{file.relative_to(docs).as_posix()}", lane_ids=data.lane_ids)
        for file in sorted(docs.rglob("*.md"))
    ]
    loaded = time.perf_counter()
    portfolio = build_portfolio(data, sources)
    done = time.perf_counter()
    return {"seconds": done - start, "load_page": loaded - start,
            "build_portfolio": done - loaded, "problems": len(portfolio.problems)}


def _run_child(args: list[str]) -> dict[str, Any]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-m", "opsdesk.bench", *args], env=env,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"benchmark child {args} failed:\n{result.stderr[-4000:]}")
    last: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return last


# -- the preview under mkdocs serve ---------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve_latency(root: Path, pages: list[str], edits: int) -> dict[str, Any]:
    """Seconds from saving a one-page body edit to ``mkdocs serve`` serving the new page."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    log_path = root / "serve.log"
    with log_path.open("w", encoding="utf-8") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", "mkdocs-opsdesk.yml",
             "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=log_file)
        try:
            _wait(lambda: "Serving on" in log_path.read_text(encoding="utf-8"), 600)
            latencies = [_one_edit(root, url, pages[(index * 7919) % len(pages)], index)
                         for index in range(edits)]
        finally:
            server.terminate()
            server.wait(timeout=60)
    rebuilt = [line.split("opsdesk: ", 1)[1] for line in
               log_path.read_text(encoding="utf-8").splitlines() if "opsdesk: Rebuilt" in line]
    return {"latencies": latencies, "rebuilt": rebuilt}


def _one_edit(root: Path, url: str, page: str, index: int) -> float:
    marker = f"Edited sentence number {index} for the preview benchmark"
    path = root / "content" / page
    text = path.read_text(encoding="utf-8")
    page_url = url + page.removesuffix(".md") + "/"
    time.sleep(1.0)  # a quiet server, as an author's save usually meets
    start = time.perf_counter()
    path.write_text(text.replace("\n\n## ", f"\n\n{marker}.\n\n## ", 1), encoding="utf-8")
    _wait(lambda: marker in _get(page_url), 60)
    return time.perf_counter() - start


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - our own server
        return str(response.read().decode("utf-8"))


def _wait(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError("timed out waiting for mkdocs serve")
        time.sleep(0.01)


# -- the runs and the table -----------------------------------------------------------

@dataclass
class Result:
    pages: int
    config: str
    runs: list[dict[str, Any]] = field(default_factory=list)
    skipped: str | None = None

    @property
    def median(self) -> float:
        return float(statistics.median(run["seconds"] for run in self.runs))

    @property
    def cpu(self) -> float:
        return float(statistics.median(run["cpu"] for run in self.runs))

    @property
    def peak_mb(self) -> float:
        return float(max(run["peak_mb"] for run in self.runs))

    def hook(self, name: str) -> float:
        return float(statistics.median(run["hooks"].get(name, 0.0) for run in self.runs))


def _measure(root: Path, results: list[Result], repeats: int) -> None:
    """Build each configuration ``repeats`` times, round-robin, so that a slow spell of
    the machine falls on every configuration alike."""
    for round_ in range(repeats):
        for result in results:
            if result.skipped or (result.config == "material-default-nav" and round_ > 0):
                continue  # quadratic: one build is enough to show it
            site = root / f"site-{result.config}"
            config_file = str(root / f"mkdocs-{result.config}.yml")
            result.runs.append(_run_child(["_build", config_file, str(site)]))
            shutil.rmtree(site, ignore_errors=True)
            sys.stderr.write(f"{result.pages:>5} pages  {result.config:<22} "
                             f"{result.runs[-1]['seconds']:7.2f} s wall "
                             f"{result.runs[-1]['cpu']:7.2f} s CPU\n")


def _table(results: list[Result], checks: dict[int, dict[str, Any]], repeats: int,
           serves: dict[int, dict[str, Any]]) -> str:
    lines = ["# opsdesk build benchmark", "",
             f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
             f"median of {repeats} builds per row unless noted, configurations built "
             "round-robin, each build in a fresh process. Wall time is what an operator "
             "waits for; CPU time adds up every core's work (our plugin renders the "
             "blocks in a second process, see ahead.py): it is what to compare on a "
             "machine whose cores are all busy.",
             "", "## Build time", "",
             "| pages | configuration | median wall (s) | median CPU (s) | runs "
             "| peak memory (MB) | x lanes-nav (wall) | x lanes-nav (CPU) |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    baseline = {r.pages: r for r in results if r.config == "material-lanes-nav" and r.runs}
    for r in results:
        if r.skipped:
            lines.append(f"| {r.pages} | {r.config} | skipped: {r.skipped} | | 0 | | | |")
            continue
        base = baseline.get(r.pages)
        ratios = (f"{r.median / base.median:.2f} | {r.cpu / base.cpu:.2f}" if base else " | ")
        lines.append(f"| {r.pages} | {r.config} | {r.median:.2f} | {r.cpu:.2f} | {len(r.runs)} "
                     f"| {r.peak_mb:.0f} | {ratios} |")
    ours = {r.pages: r for r in results if r.config == "opsdesk" and r.runs}
    sizes = sorted(ours)
    if len(sizes) > 1:
        lines += ["", "## Scaling of our build", "",
                  "| from | to | page ratio | wall-time ratio | CPU-time ratio |",
                  "| ---: | ---: | ---: | ---: | ---: |"]
        for small, large in itertools.pairwise(sizes):
            lines.append(f"| {small} | {large} | {large / small:.2f} "
                         f"| {ours[large].median / ours[small].median:.2f} "
                         f"| {ours[large].cpu / ours[small].cpu:.2f} |")
    if ours:
        hooks = sorted({h for r in ours.values() for run in r.runs for h in run["hooks"]})
        lines += ["", "## Time in the opsdesk plugin's hooks (median s per build)", "",
                  "| pages | " + " | ".join(hooks) + " | total | share of build |",
                  "| ---: |" + " ---: |" * (len(hooks) + 2)]
        for size in sizes:
            r = ours[size]
            total = sum(r.hook(h) for h in hooks)
            lines.append(f"| {size} | " + " | ".join(f"{r.hook(h):.3f}" for h in hooks)
                         + f" | {total:.3f} | {total / r.median:.0%} |")
    if checks:
        lines += ["", "## `opsdesk check` core work (load_page + build_portfolio)", "",
                  "| pages | load_page (s) | build_portfolio (s) | total (s) |",
                  "| ---: | ---: | ---: | ---: |"]
        for size, check in sorted(checks.items()):
            lines.append(f"| {size} | {check['load_page']:.3f} | {check['build_portfolio']:.3f} "
                         f"| {check['seconds']:.3f} |")
    if serves:
        lines += ["", "## `mkdocs serve`: from saving a one-page body edit to the new page served",
                  "", "| pages | edits | median (s) | max (s) | the plugin's log |",
                  "| ---: | ---: | ---: | ---: | --- |"]
        for size, serve in sorted(serves.items()):
            times = serve["latencies"]
            lines.append(f"| {size} | {len(times)} | {statistics.median(times):.2f} "
                         f"| {max(times):.2f} | {'; '.join(serve['rebuilt'][:1])} |")
    return "\n".join(lines) + "\n"


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m opsdesk.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,3000",
                        help="lane pages per portfolio, comma-separated (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="builds per configuration; the median is reported")
    parser.add_argument("--out", type=Path, default=Path("bench-results"),
                        help="folder for the portfolios and results.md (default: %(default)s)")
    parser.add_argument("--quick", action="store_true",
                        help="skip the slow default-navigation configuration")
    parser.add_argument("--default-nav-max", type=int, default=DEFAULT_NAV_MAX,
                        help="largest size built with the default navigation (quadratic)")
    parser.add_argument("--edits", type=int, default=5,
                        help="body edits timed under mkdocs serve per size (0: none)")
    parser.add_argument("--configs", default=",".join(CONFIGS),
                        help="configurations to build (default: all)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_build"]:
        print(json.dumps(_child_build(argv[1], argv[2])))
        return 0
    if argv[:1] == ["_check"]:
        print(json.dumps(_child_check(argv[1])))
        return 0
    args = _arguments(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    configs = [c for c in args.configs.split(",") if c in CONFIGS]
    args.out.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    checks: dict[int, dict[str, Any]] = {}
    serves: dict[int, dict[str, Any]] = {}
    for size in sizes:
        root = args.out / f"portfolio-{size}"
        pages = generate_portfolio(root, size)
        checks[size] = _run_child(["_check", str(root)])
        batch = [Result(size, config, skipped=_skip_reason(config, size, args))
                 for config in configs]
        _measure(root, batch, args.repeats)
        results += batch
        if args.edits:
            serves[size] = _serve_latency(root, pages, args.edits)
    table = _table(results, checks, args.repeats, serves)
    (args.out / "results.md").write_text(table, encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps(
        [{"pages": r.pages, "config": r.config, "skipped": r.skipped, "runs": r.runs}
         for r in results] + [{"check": checks, "serve": serves}], indent=1), encoding="utf-8")
    sys.stdout.write(table)
    return 0


def _skip_reason(config: str, size: int, args: argparse.Namespace) -> str | None:
    if config != "material-default-nav":
        return None
    if args.quick:
        return "--quick"
    if size > args.default_nav_max:
        return f"quadratic navigation, over {args.default_nav_max} pages"
    return None


if __name__ == "__main__":
    raise SystemExit(main())
