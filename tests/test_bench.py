"""The benchmark runs end to end at its smallest size (a smoke run: no timing asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from opsdesk.bench import generate_portfolio
from opsdesk.source import load_page

from .helpers import REPO, build_written


def test_bench_quick_run_writes_the_results_table(tmp_path: Path) -> None:
    out = tmp_path / "results"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "opsdesk.bench", "--sizes", "100", "--repeats", "1",
                    "--quick", "--edits", "2", "--out", str(out)], check=True, cwd=REPO, env=env,
                   capture_output=True, timeout=300)

    table = (out / "results.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1:-1] for line in table.splitlines() if line.startswith("| 100 ")]
    configs = [cells[1].strip() for cells in rows[:4]]
    assert configs == ["opsdesk", "opsdesk-one-process", "material-lanes-nav",
                       "material-default-nav"]
    assert "skipped: --quick" in rows[3][2]
    assert all(float(row[2]) > 0 for row in rows[:3])
    assert "| page_content |" in table  # the time of each of our hooks
    assert "load_page" in table
    serve_row = next(line for line in table.splitlines() if line.startswith("| 100 | 2 |"))
    assert "Rebuilt 1 of " in serve_row  # the edit was rendered incrementally


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

    (tmp_path / "a/mkdocs.yml").write_bytes((tmp_path / "a/mkdocs-opsdesk.yml").read_bytes())
    built = build_written(tmp_path / "a", strict=True)

    assert built.ok, built.messages()
    assert built.problems() == []
    page = BeautifulSoup((built.site / first[0].replace(".md", "/index.html")).read_text(
        encoding="utf-8"), "lxml")
    assert page.select_one(".opsdesk-faq") is not None


def test_theme_keys_reach_material_though_the_front_matter_is_parsed_once(
        tmp_path: Path) -> None:
    # on_page_read_source hands MkDocs the body only; page.meta must still be complete.
    from .helpers import build_site
    alpha = (REPO / "tests/sites/basic/content/guides/alpha.md").read_text(encoding="utf-8")
    built = build_site(tmp_path, {"content/guides/alpha.md": alpha.replace(
        "order: 1\n", "order: 1\nhide: [toc]\n", 1)})

    assert built.ok, built.messages()
    toc_sidebar = 'div.md-sidebar--secondary[hidden]'
    assert built.html("guides/alpha/").select_one(toc_sidebar) is not None
    assert built.html("guides/beta/").select_one(toc_sidebar) is None
    assert built.html("guides/alpha/").title.string.startswith("Alpha Guide")
