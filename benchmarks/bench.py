"""The build benchmark: ``python benchmarks/bench.py [--sizes 100,1000,3000] [--repeats 3]``.

Run it from the repository's root with the project's ``.venv/bin/python``. For each size
it generates a realistic portfolio (``portfolio.py``: seeded, so every run builds the
same pages) and measures, writing a Markdown table to ``--out`` (default
``bench-results/results.md``, with the raw numbers in ``results.json``):

- **build time and peak memory** of each configuration, ``--repeats`` builds each,
  round-robin so that a slow spell of the machine falls on every configuration alike,
  each build in a fresh subprocess; medians, and the ratio of ``opsdesk`` (the repo's
  ``mkdocs.yml``) to ``baseline-lanes-nav`` (the same without our plugins, with a
  lanes-only ``nav:``);
- **where our plugin's time goes**: one more build of ``opsdesk`` under ``cProfile``,
  reading the cumulative time of each ``on_*`` hook of our plugin's class (the profiler
  slows Python code down, so the share of the build is the figure to read);
- **``opsdesk check``**: the real command, interpreter start included;
- **``mkdocs serve``**: the time from saving a one-page edit to the new page served, and
  to the search index holding it, for a body edit and a front-matter edit (a page's
  ``description``) in turn (``--only-serve``: only these);
- **reader side** (``--reader``): ``reader.py`` on the ``opsdesk`` build, in Chromium: the
  bytes a first view of each kind of page transfers, a search session's bytes and time,
  and the index's build time and size.

Nothing here changes MkDocs or the plugin: builds go through MkDocs' public
``load_config`` and ``build``, the rest through the command line.
"""

from __future__ import annotations

import argparse
import compileall
import cProfile
import inspect
import itertools
import json
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from portfolio import (
    BASELINE,
    CONFIGS,
    MATERIAL_SEARCH,
    OURS,
    PLAIN_SEARCH,
    config_file,
    generate_portfolio,
)

SCRIPT = Path(__file__).resolve()
#: The builds' environment. Their Python compiles each module once and keeps its bytecode
#: (``__pycache__``, not in git), as a user's builds do: MkDocs, Material and every package
#: installed by pip have theirs already, and ``_compile_ours`` writes ours before the first
#: build. (With ``PYTHONDONTWRITEBYTECODE``, set in CI, every build compiled our 10,000
#: lines again, 0.07 s, and only ours.)
_ENV = {**{name: value for name, value in os.environ.items()
           if name != "PYTHONDONTWRITEBYTECODE"}, "NO_MKDOCS_2_WARNING": "1"}


def _compile_ours() -> None:
    """Our plugin's bytecode, written as its first build would write it."""
    import opsdesk

    compileall.compile_dir(Path(opsdesk.__file__).parent, quiet=1)


# -- in the child process: one build ----------------------------------------------------

def _child_build(config: str, site_dir: str, profile: bool) -> dict[str, Any]:
    """Build once as ``mkdocs build`` does; with ``profile``, under cProfile, and report
    the time in each of our plugin's hooks instead of resources."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    profiler = cProfile.Profile() if profile else None
    start, cpu_start = time.perf_counter(), _cpu_time()
    if profiler:
        profiler.enable()
    cfg = load_config(config_file=config, site_dir=site_dir)
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    if profiler:
        profiler.disable()
    seconds, cpu = time.perf_counter() - start, _cpu_time() - cpu_start
    if profiler:
        return {"seconds": seconds, "hooks": _hook_times(profiler, type(cfg.plugins[OURS]))}
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Pagefind's
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak_kb / 1024,
            "child_peak_mb": child_kb / 1024}


def _cpu_time() -> float:
    """CPU time of this process and of any child process it waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _hook_times(profiler: cProfile.Profile, plugin: type) -> dict[str, dict[str, float]]:
    """Calls and cumulative seconds of each ``on_*`` method of ``plugin``'s class, found by
    its code object among the profiler's entries."""
    hooks = {}
    for name in dir(plugin):
        if name.startswith("on_"):  # a CombinedEvent (MkDocs) has its methods
            event = plugin.__dict__.get(name, getattr(plugin, name))
            for method in getattr(event, "methods", (event,)):
                hooks[getattr(inspect.unwrap(method), "__code__", None)] = name.removeprefix("on_")
    times: dict[str, dict[str, float]] = {}
    for entry in profiler.getstats():
        name = hooks.get(entry.code) if not isinstance(entry.code, str) else None
        if name:
            hook = times.setdefault(name, {"calls": 0, "seconds": 0.0})
            hook["calls"] = max(hook["calls"], entry.callcount)
            hook["seconds"] += entry.totaltime
    return times


def _run_child(args: list[str]) -> dict[str, Any]:
    result = subprocess.run([sys.executable, str(SCRIPT), *args], env=_ENV,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"benchmark child {args} failed:\n{result.stderr[-4000:]}")
    last: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return last


# -- opsdesk check ----------------------------------------------------------------------

def _check(root: Path, repeats: int) -> dict[str, Any]:
    """Seconds of ``opsdesk check`` on the portfolio, interpreter start included."""
    times, summary = [], ""
    for _ in range(repeats):
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "opsdesk.cli", "check"], cwd=root,
                                env=_ENV, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise RuntimeError(f"opsdesk check failed on {root}:\n{result.stdout[-4000:]}"
                               f"{result.stderr[-4000:]}")
        summary = result.stdout.splitlines()[0]
    return {"times": times, "summary": summary}


def _ctrl_c_works() -> None:
    """A ``preexec_fn``: the server takes ``SIGINT`` as from a terminal, even when the
    benchmark runs in a shell's background (whose children ignore it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _cards(root: Path) -> dict[str, Any]:
    """Seconds to draw every published page's social card with an empty cache (a first
    build), and to take them all from a full one (every later build)."""
    from opsdesk.cards import CardCache, Drawing
    from opsdesk.project import find_project
    from opsdesk.session import Session

    site = Session(find_project(root), cards=True).check()
    cards = {view.card.path: view.card for view in site.views.values() if view.card}
    with tempfile.TemporaryDirectory() as folder:
        times = []
        for _pass in ("cold", "cached"):
            cache, drawing = CardCache(Path(folder)), Drawing()  # as a build draws them
            start = time.perf_counter()
            for card in cards.values():
                cache.png(card, drawing)
            cache.save()
            times.append(time.perf_counter() - start)
    return {"cards": len(cards), "cold": times[0], "cached": times[1]}


# -- the preview under mkdocs serve -----------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve_latency(root: Path, pages: list[str], edits: int) -> dict[str, Any]:
    """Seconds from saving an edit of one page to ``mkdocs serve`` serving the new page,
    and to the search index holding it (the next "Search index updated" line: the index
    is idle at each save, so the next index written is the one that holds the edit).
    Each round saves a body edit of one page, then a front-matter edit (its
    ``description``, which its card on other pages shows too) of another."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log_path = root / "serve.log"

    def indexed() -> int:
        return log_path.read_text(encoding="utf-8").count(_INDEXED)

    times: dict[str, dict[str, list[float]]] = {
        kind: {"latencies": [], "searched": []} for kind in EDIT_KINDS}
    with log_path.open("w", encoding="utf-8") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", config_file(root, OURS).name,
             "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root, env=_ENV, stdout=subprocess.DEVNULL, stderr=log_file,
            preexec_fn=_ctrl_c_works)
        try:
            _wait(lambda: "Serving on" in log_path.read_text(encoding="utf-8"), 900)
            _wait(lambda: indexed() > 0, 900)  # the first index: the indexer is idle
            for index in range(edits):
                for offset, (kind, one_edit) in enumerate(EDIT_KINDS.items()):
                    before = indexed()
                    page = pages[(index * 7919 + offset * 104729) % len(pages)]
                    start = one_edit(root, url, page, index)
                    times[kind]["latencies"].append(time.perf_counter() - start)
                    _wait(partial(_more, indexed, before), 600)
                    times[kind]["searched"].append(time.perf_counter() - start)
        finally:  # Ctrl-C, as an author stops it: MkDocs removes its temporary site
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    log = [line.split("opsdesk: ", 1)[1] for line in
           log_path.read_text(encoding="utf-8").splitlines() if "opsdesk: " in line]
    return {**times["body"], "edits": times, "log": log}


def _more(count: Callable[[], int], than: int) -> bool:
    return count() > than


#: What the plugin logs under ``mkdocs serve`` when a new search index is in place.
_INDEXED = "Search index updated"


def _one_edit(root: Path, url: str, page: str, index: int) -> float:
    """Save an edit of ``page``'s body, wait until it is served; the time of the save."""
    marker = f"Edited sentence number {index} for the preview benchmark"
    path = root / "content" / page
    text = path.read_text(encoding="utf-8")
    return _save_and_wait(path, text.replace("\n\n## ", f"\n\n{marker}.\n\n## ", 1),
                          url + page.removesuffix(".md") + "/", marker)


def _one_front_matter_edit(root: Path, url: str, page: str, index: int) -> float:
    """Save an edit of ``page``'s ``description`` (in its meta tags, and on its card in
    the listings and on other pages), wait until the page is served with it; the time of
    the save."""
    import yaml

    marker = f"Edited description number {index} for the preview benchmark"
    path = root / "content" / page
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front)
    meta["description"] = f"{marker}. {meta['description']}"
    # as the portfolio's generator writes it: only the description's lines differ
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=88)
    return _save_and_wait(path, f"---\n{front}---\n{body}",
                          url + page.removesuffix(".md") + "/", marker)


def _save_and_wait(path: Path, text: str, page_url: str, marker: str) -> float:
    time.sleep(1.0)  # a quiet server, as an author's save usually meets
    start = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    _wait(lambda: marker in _get(page_url), 60)
    return start


#: The edits timed under ``mkdocs serve``, in the order saved in each round.
EDIT_KINDS: dict[str, Callable[[Path, str, str, int], float]] = {
    "body": _one_edit, "front matter": _one_front_matter_edit}


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - our own server
        return str(response.read().decode("utf-8"))


def _wait(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError("timed out waiting for mkdocs serve")
        time.sleep(0.01)


# -- the runs and the table -------------------------------------------------------------

@dataclass
class Result:
    pages: int
    config: str
    runs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def median(self) -> float:
        return float(statistics.median(run["seconds"] for run in self.runs))

    @property
    def cpu(self) -> float:
        return float(statistics.median(run["cpu"] for run in self.runs))

    @property
    def peak_mb(self) -> float:
        return float(max(run["peak_mb"] for run in self.runs))

    @property
    def together_mb(self) -> float:
        """The build's peak plus its largest child's (Pagefind): an upper bound of the
        two together."""
        return float(max(run["peak_mb"] + run.get("child_peak_mb", 0.0) for run in self.runs))


def _measure(root: Path, results: list[Result], repeats: int) -> None:
    """Build each configuration ``repeats`` times, round-robin, so that a slow spell of
    the machine falls on every configuration alike."""
    for _ in range(repeats):
        for result in results:
            site = root / f"site-{result.config}"
            result.runs.append(_run_child(["_build", str(config_file(root, result.config)),
                                           str(site)]))
            shutil.rmtree(site, ignore_errors=True)
            sys.stderr.write(f"{result.pages:>5} pages  {result.config:<20} "
                             f"{result.runs[-1]['seconds']:7.2f} s wall "
                             f"{result.runs[-1]['cpu']:7.2f} s CPU\n")


def _reader(root: Path, runs: int, settle: float) -> dict[str, Any]:
    """``reader.py``'s figures on a build of ``opsdesk`` (index build time included;
    ``runs`` search sessions; each first view weighed ``settle`` seconds after its load)."""
    site = root / "site-reader"
    _run_child(["_build", str(config_file(root, OURS)), str(site)])
    try:
        result = subprocess.run([sys.executable, str(SCRIPT.with_name("reader.py")), str(site),
                                 "--index", "--runs", str(runs), "--settle", str(settle)],
                                env=_ENV, capture_output=True,
                                text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"reader.py failed on {site}:\n{result.stderr[-4000:]}")
        report: dict[str, Any] = json.loads(result.stdout)
    finally:
        shutil.rmtree(site, ignore_errors=True)
    return report


def _settled(readers: dict[int, dict[str, Any]]) -> str:
    """The seconds after its load each first view of ``readers`` was weighed."""
    return "/".join(sorted({f"{report['settle']:g}" for report in readers.values()}))


def _profile(root: Path) -> dict[str, Any]:
    site = root / "site-profiled"
    profiled = _run_child(["_profile", str(config_file(root, OURS)), str(site)])
    shutil.rmtree(site, ignore_errors=True)
    return profiled


def _table(results: list[Result], repeats: int, profiles: dict[int, dict[str, Any]],
           checks: dict[int, dict[str, Any]], serves: dict[int, dict[str, Any]],
           readers: dict[int, dict[str, Any]],
           cards: dict[int, dict[str, Any]] | None = None) -> str:
    lines = ["# opsdesk build benchmark", "",
             f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; median of {repeats} "
             "builds per row, configurations built round-robin, each build in a fresh "
             f"process. `{OURS}` is the repository's mkdocs.yml; `{BASELINE}` is the same "
             "without the opsdesk and redirects plugins, with a nav: of the home page and "
             "the lane landing pages."]
    if results:
        lines += ["", "## Build time", "",
                  "| pages | configuration | median wall (s) | median CPU (s) | runs "
                  f"| peak memory (MB) | x {BASELINE} (wall) | x {BASELINE} (CPU) |",
                  "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    baseline = {r.pages: r for r in results if r.config == BASELINE and r.runs}
    for r in results:
        base = baseline.get(r.pages)
        ratios = f"{r.median / base.median:.2f} | {r.cpu / base.cpu:.2f}" if base else " | "
        lines.append(f"| {r.pages} | {r.config} | {r.median:.2f} | {r.cpu:.2f} | {len(r.runs)} "
                     f"| {r.peak_mb:.0f} | {ratios} |")
    ours = {r.pages: r for r in results if r.config == OURS and r.runs}
    material = {r.pages: r for r in results if r.config == MATERIAL_SEARCH and r.runs}
    if both := sorted(ours.keys() & material.keys()):
        lines += ["", f"## The search index: `{OURS}` (Pagefind) against `{MATERIAL_SEARCH}`",
                  "", "The same site built with Material's search plugin instead of our "
                  "Pagefind index. Pagefind runs in its own process, fed while MkDocs writes "
                  "the pages: its CPU time is counted (as a child's), and part of it runs "
                  "beside the build on another core. Peak memory of the build and Pagefind "
                  "together: the build's peak plus Pagefind's (an upper bound).", "",
                  "| pages | x material search (wall) | x material search (CPU) "
                  "| build + Pagefind peak (MB) |", "| ---: | ---: | ---: | ---: |"]
        for size in both:
            lines.append(f"| {size} | {ours[size].median / material[size].median:.2f} "
                         f"| {ours[size].cpu / material[size].cpu:.2f} "
                         f"| {ours[size].together_mb:.0f} |")
    plain = {r.pages: r for r in results if r.config == PLAIN_SEARCH and r.runs}
    if both := sorted(ours.keys() & plain.keys()):
        lines += ["", f"## `{OURS}` against plain Material with its own search "
                  f"(`{PLAIN_SEARCH}`)", "", "What a user would pick instead: the same "
                  "content, theme and templates, without our plugins, with Material's search "
                  "plugin. Issue 21 asks for at most 1.25 x at 1,000 pages.", "",
                  "| pages | x plain Material search (wall) | x plain Material search (CPU) |",
                  "| ---: | ---: | ---: |"]
        for size in both:
            lines.append(f"| {size} | {ours[size].median / plain[size].median:.2f} "
                         f"| {ours[size].cpu / plain[size].cpu:.2f} |")
    sizes = sorted(ours)
    if len(sizes) > 1:
        lines += ["", "## Scaling of our build", "",
                  "| from | to | page ratio | wall-time ratio | CPU-time ratio |",
                  "| ---: | ---: | ---: | ---: | ---: |"]
        for small, large in itertools.pairwise(sizes):
            lines.append(f"| {small} | {large} | {large / small:.2f} "
                         f"| {ours[large].median / ours[small].median:.2f} "
                         f"| {ours[large].cpu / ours[small].cpu:.2f} |")
    if profiles:
        hooks = sorted({hook for profiled in profiles.values() for hook in profiled["hooks"]})
        lines += ["", "## Time in the opsdesk plugin's hooks, under cProfile", "",
                  "One more build per size under cProfile: cumulative seconds in each `on_*` "
                  "hook of our plugin, the hooks' total, and that total as a share of the "
                  "profiled build (the profiler slows everything down; read the share).", "",
                  "| pages | " + " | ".join(hooks) + " | total | profiled build | share |",
                  "| ---: |" + " ---: |" * (len(hooks) + 3)]
        for size, profiled in sorted(profiles.items()):
            seconds = [profiled["hooks"].get(hook, {}).get("seconds", 0.0) for hook in hooks]
            lines.append(f"| {size} | " + " | ".join(f"{s:.3f}" for s in seconds)
                         + f" | {sum(seconds):.3f} | {profiled['seconds']:.2f} "
                         f"| {sum(seconds) / profiled['seconds']:.0%} |")
    if checks:
        lines += ["", "## `opsdesk check`, interpreter start included", "",
                  "| pages | runs | median (s) | max (s) | its summary |",
                  "| ---: | ---: | ---: | ---: | --- |"]
        for size, check in sorted(checks.items()):
            times = check["times"]
            lines.append(f"| {size} | {len(times)} | {statistics.median(times):.2f} "
                         f"| {max(times):.2f} | {check['summary']} |")
    if cards:
        lines += ["", "## Social cards (`cards.py`)", "",
                  "Every published page's card drawn with an empty cache (a first build), "
                  f"then taken from the full cache (every later build), as a share of the "
                  f"median `{OURS}` build above (whose repeated builds take them from the "
                  "cache).", "",
                  "| pages | cards | drawn (s) | share | cached (s) | share |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: |"]
        for size, card in sorted(cards.items()):
            build = ours[size].median if size in ours else float("nan")
            lines.append(f"| {size} | {card['cards']} | {card['cold']:.2f} "
                         f"| {card['cold'] / build:.0%} | {card['cached']:.2f} "
                         f"| {card['cached'] / build:.0%} |")
    if serves:
        lines += ["", "## `mkdocs serve`: from saving a one-page edit to the new page served",
                  "", "Each round saves a body edit of one page, then a front-matter edit "
                  "(its `description`, shown on its card elsewhere too) of another; then to "
                  "the search index holding the edit: the next index written in the "
                  "background after it (the index is idle at each save).", "",
                  "| pages | edit | edits | served, median (s) | max (s) "
                  "| search holds it, median (s) | max (s) |",
                  "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
        for size, serve in sorted(serves.items()):
            kinds = serve.get("edits") or {"body": serve}
            for kind, edited in kinds.items():
                times, searched = edited["latencies"], edited["searched"]
                lines.append(f"| {size} | {kind} | {len(times)} "
                             f"| {statistics.median(times):.2f} | {max(times):.2f} "
                             f"| {statistics.median(searched):.2f} | {max(searched):.2f} |")
        lines += ["", "The plugin's last lines of each size's serve log:", ""]
        lines += [f"- {size}: {'; '.join(serve['log'][-2:])}"
                  for size, serve in sorted(serves.items())]
    if readers:
        lines += ["", "## Reader side, in Chromium (`reader.py`)", "",
                  f"First view of a page (no interaction, {_settled(readers)} s after load): "
                  "bytes transferred, "
                  "headers and bodies, uncompressed.", "",
                  "| pages | page | bytes | requests | sitemap fetches | search fetches |",
                  "| ---: | --- | ---: | ---: | ---: | ---: |"]
        for size, report in sorted(readers.items()):
            for view in report["first_view"]:
                lines.append(f"| {size} | /{view['url']} | {view['bytes']} | {view['requests']} "
                             f"| {view['sitemap_fetches']} | {view['pagefind_fetches']} |")
        runs = {len(report["search"]["runs"]) for report in readers.values()}
        lines += ["", "A search session (open with `/`, type a two-word query, first results), "
                  f"medians of {'/'.join(map(str, sorted(runs)))} on a warm page; the index's "
                  "build on a copy of the site.", "",
                  "| pages | query | session bytes | results after the last key (s) "
                  "| index build (s) | index (MB) |", "| ---: | --- | ---: | ---: | ---: | ---: |"]
        for size, report in sorted(readers.items()):
            search, index = report["search"], report["index"]
            lines.append(f"| {size} | {search['query']} | {search['median_bytes']:.0f} "
                         f"| {search['median_results_after_last_key_s']:.2f} "
                         f"| {index['seconds']:.2f} | {index['index_mb']:.1f} |")
    return "\n".join(lines) + "\n"


def _arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python benchmarks/bench.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,3000",
                        help="lane pages per portfolio, comma-separated (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="builds per configuration; the median is reported "
                             "(default: %(default)s)")
    parser.add_argument("--out", type=Path, default=Path("bench-results"),
                        help="folder for the portfolios and results.md (default: %(default)s)")
    parser.add_argument("--edits", type=int, default=5,
                        help="rounds of edits timed under mkdocs serve per size (a body "
                             "edit and a front-matter edit each), 0 for none "
                             "(default: %(default)s)")
    parser.add_argument("--only-serve", action="store_true",
                        help="time only the edits under mkdocs serve: no builds, profile, "
                             "opsdesk check or social cards")
    parser.add_argument("--configs", default=",".join(CONFIGS),
                        help="configurations to build, comma-separated (default: %(default)s)")
    parser.add_argument("--reader", action="store_true",
                        help="add the reader-side figures (reader.py, in Chromium)")
    parser.add_argument("--reader-runs", type=int, default=5,
                        help="search sessions timed on the reader side; the median is "
                             "reported (default: %(default)s)")
    parser.add_argument("--reader-settle", type=float, default=5.0,
                        help="seconds after its load that a first view is weighed "
                             "(default: %(default)s)")
    parser.add_argument("--no-profile", dest="profile", action="store_false",
                        help="skip the profiled build that times our plugin's hooks")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] in (["_build"], ["_profile"]):
        print(json.dumps(_child_build(argv[1], argv[2], profile=argv[0] == "_profile")))
        return 0
    args = _arguments(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    args.out.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    profiles: dict[int, dict[str, Any]] = {}
    checks: dict[int, dict[str, Any]] = {}
    cards: dict[int, dict[str, Any]] = {}
    serves: dict[int, dict[str, Any]] = {}
    readers: dict[int, dict[str, Any]] = {}
    _compile_ours()
    for size in sizes:
        root = args.out / f"portfolio-{size}"
        pages = generate_portfolio(root, size)
        if args.only_serve:
            if args.edits:
                serves[size] = _serve_latency(root, pages, args.edits)
            continue
        batch = [Result(size, config) for config in CONFIGS if config in args.configs.split(",")]
        _measure(root, batch, args.repeats)
        results += batch
        if args.profile:
            profiles[size] = _profile(root)
        checks[size] = _check(root, args.repeats)
        cards[size] = _cards(root)
        if args.edits:
            serves[size] = _serve_latency(root, pages, args.edits)
        if args.reader:
            readers[size] = _reader(root, args.reader_runs, args.reader_settle)
    table = _table(results, args.repeats, profiles, checks, serves, readers, cards)
    (args.out / "results.md").write_text(table, encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps(
        {"builds": [{"pages": r.pages, "config": r.config, "runs": r.runs} for r in results],
         "profiles": profiles, "check": checks, "serve": serves, "reader": readers,
         "cards": cards},
        indent=1), encoding="utf-8")
    sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
