"""The benchmark runs end to end at its smallest size (a smoke run: no timing asserted).

``benchmarks`` imports because ``tests/`` is a package: pytest puts the folder above
it, the repository's root, on ``sys.path``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from benchmarks.portfolio import config_file, generate_portfolio
from bs4 import BeautifulSoup

from opsdesk.source import load_page

from .support.sites import REPO, build_written


def test_bench_smoke_run_writes_the_results_table(tmp_path: Path) -> None:
    out = tmp_path / "results"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "benchmarks/bench.py", "--sizes", "30", "--repeats", "1",
                    "--edits", "1", "--reader", "--reader-runs", "1", "--reader-settle", "1",
                    "--out", str(out)],
                   check=True, cwd=REPO, env=env, capture_output=True, timeout=300)

    table = (out / "results.md").read_text(encoding="utf-8")
    builds = _section(table, "## Build time")
    assert [row[1] for row in builds] == ["opsdesk", "opsdesk-no-index", "opsdesk-material-search",
                                          "baseline-lanes-nav", "baseline-material-search"]
    assert [row[0] for row in builds] == ["30"] * 5
    assert [row[4] for row in builds] == ["1"] * 5  # runs
    assert builds[3][6:] == ["1.00", "1.00"]  # the baseline against itself
    plain = _section(table, "## `opsdesk` against plain Material with its own search")
    assert [row[0] for row in plain] == ["30"]
    assert float(plain[0][1]) > 0
    hooks = _section(table, "## Time in the opsdesk plugin's hooks")
    assert [row[0] for row in hooks] == ["30"]
    assert {"files", "page_content", "page_context"} <= set(_hook_names(table))
    check = _section(table, "## `opsdesk check`")
    assert [row[:2] for row in check] == [["30", "1"]]
    assert "0 errors" in check[0][4]  # the command's own summary line
    cards = _section(table, "## Social cards")
    assert [row[0] for row in cards] == ["30"]
    assert int(cards[0][1]) == int(check[0][4].split()[0])  # every published page's
    assert float(cards[0][4]) < float(cards[0][2])  # taken from the cache, not drawn
    search = _section(table, "## The search index")
    assert [row[0] for row in search] == ["30"]
    assert float(search[0][3]) > 0  # peak memory of the build and Pagefind
    serve = _section(table, "## `mkdocs serve`")
    assert [row[:3] for row in serve] == [["30", "body", "1"], ["30", "front matter", "1"]]
    assert all(float(row[5]) >= float(row[3]) for row in serve)  # search after the preview
    reader = _section(table, "## Reader side")  # two tables: first views, search sessions
    views = [row for row in reader if row[1].startswith("/")]
    sessions = [row for row in reader if not row[1].startswith("/")]
    assert [row[0] for row in views if row[1] == "/"] == ["30"]  # the home page
    assert all(int(row[2]) > 0 and row[4] == "0" and row[5] == "0" for row in views)
    assert "medians of 1 on a warm page" in table  # --reader-runs
    assert "(no interaction, 1 s after load)" in table  # --reader-settle
    assert [row[:2] for row in sessions] == [["30", "retry budgets"]]
    assert int(sessions[0][2]) > 0
    assert float(sessions[0][4]) > 0


def _section(table: str, heading: str) -> list[list[str]]:
    """The data rows of the table under the heading that starts with ``heading``."""
    lines = table.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows = []
    for line in lines[start + 1:]:
        if line.startswith("#"):
            break
        if line.startswith("| ") and not line.startswith(("| pages ", "| from ", "| ---")):
            rows.append([cell.strip() for cell in line.split("|")[1:-1]])
    return rows


def _hook_names(table: str) -> list[str]:
    lines = table.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("## Time in the opsdesk"))
    header = next(line for line in lines[start:] if line.startswith("| pages |"))
    return [cell.strip() for cell in header.split("|")[2:-4]]


def test_generated_portfolio_is_deterministic_and_builds_strict(tmp_path: Path) -> None:
    first = generate_portfolio(tmp_path / "a", 30)
    second = generate_portfolio(tmp_path / "b", 30)
    assert first == second
    assert len(first) == 30
    assert {path.split("/")[0] for path in first} == {
        "guides", "fixes", "comparisons", "trust", "assets", "tools"}
    for path in first[:5]:
        assert (tmp_path / "a/content" / path).read_bytes() == \
            (tmp_path / "b/content" / path).read_bytes()
    words = [load_page((tmp_path / "a/content" / p).read_text(encoding="utf-8"), path=p,
                       file=p, lane_ids=["guides", "fixes", "comparisons", "trust", "assets",
                                         "tools"]).words for p in first]
    assert min(words) >= 800
    assert max(words) <= 1400

    assert config_file(tmp_path / "a", "opsdesk").read_bytes() == \
        (REPO / "mkdocs.yml").read_bytes()
    built = build_written(tmp_path / "a", strict=True)

    assert built.ok, built.messages()
    assert built.problems() == []
    page = BeautifulSoup((built.site / first[0].replace(".md", "/index.html")).read_text(
        encoding="utf-8"), "lxml")
    assert page.select_one(".opsdesk-faq") is not None


def test_baseline_is_the_same_config_without_our_plugins_and_with_a_lanes_nav(
        tmp_path: Path) -> None:
    pages = generate_portfolio(tmp_path, 12)
    ours = yaml.safe_load(config_file(tmp_path, "opsdesk").read_text(encoding="utf-8"))
    baseline = yaml.safe_load(
        config_file(tmp_path, "baseline-lanes-nav").read_text(encoding="utf-8"))

    assert ours["plugins"] == ["opsdesk", "redirects"]  # search: Pagefind, ours; tags: ours
    assert baseline["plugins"] == []
    assert baseline["nav"] == ["index.md", "guides/index.md", "fixes/index.md",
                               "comparisons/index.md", "trust/index.md", "assets/index.md",
                               "tools/index.md"]
    assert baseline["site_url"] == "https://automation-ops-desk.example.org/"
    left = {key: value for key, value in baseline.items()
            if key not in {"plugins", "nav", "site_url"}}
    assert left == {key: value for key, value in ours.items() if key != "plugins"}
    plain = yaml.safe_load(
        config_file(tmp_path, "baseline-material-search").read_text(encoding="utf-8"))
    assert plain == {**baseline, "plugins": ["search"]}  # the baseline, with its own search

    config_file(tmp_path, "baseline-lanes-nav").replace(tmp_path / "mkdocs.yml")
    built = build_written(tmp_path, strict=True)
    assert built.ok, built.messages()
    tabs = built.html("").select(".md-nav--primary > .md-nav__list > .md-nav__item")
    assert [tab.get_text(" ", strip=True) for tab in tabs] == [
        "Automation Ops Desk", "Guides", "Fixes", "Comparisons", "Trust pages", "Assets",
        "Browser-side tools"]
    landing = built.html("guides/")  # written by the generator, since no plugin makes it
    assert "Decision and architecture guides" in landing.select_one("article").get_text()
    lane_page = built.html(pages[0].removesuffix(".md") + "/")
    assert lane_page.select_one("article h2") is not None
    assert lane_page.select_one(".opsdesk-faq") is None  # plain Material: none of our blocks


def test_theme_keys_reach_material_though_the_front_matter_is_parsed_once(
        tmp_path: Path) -> None:
    # on_page_read_source hands MkDocs the body only; page.meta must still be complete.
    from .support.sites import build_site
    alpha = (REPO / "tests/sites/basic/content/guides/alpha.md").read_text(encoding="utf-8")
    built = build_site(tmp_path, {"content/guides/alpha.md": alpha.replace(
        "order: 1\n", "order: 1\nhide: [toc]\n", 1)})

    assert built.ok, built.messages()
    toc_sidebar = 'div.md-sidebar--secondary[hidden]'
    assert built.html("guides/alpha/").select_one(toc_sidebar) is not None
    assert built.html("guides/beta/").select_one(toc_sidebar) is None
    assert built.html("guides/alpha/").title.string.startswith("Alpha Guide")
