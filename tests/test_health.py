"""`opsdesk check`: the build's problems without a build, and the portfolio's health."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from opsdesk.health import body_links
from opsdesk.source import load_page

from .support.cli import run
from .support.sites import build_written, write_site

TODAY = dt.date.today()


def page(title: str, *, days_old: int = 0, extra: str = "", body: str = "Body.") -> str:
    updated = (TODAY - dt.timedelta(days=days_old)).isoformat()
    return (f"---\ntitle: {title}\ndescription: About {title}.\nupdated: {updated}\n{extra}"
            f"---\n\n{body}\n")


@pytest.mark.parametrize(("body", "links"), [
    ("See [the fix](../fixes/one.md).", {"fixes/one.md"}),
    ("[a](beta.md#steps) and [b](./gamma.md \"Gamma\")", {"guides/beta.md", "guides/gamma.md"}),
    ("[ref]: ../fixes/two.md\n\nUse [it][ref].", {"fixes/two.md"}),
    ("![diagram](img/flow.png) [site](https://example.org/x.md) [abs](/guides/x.md)", set()),
    ("```\n[in code](beta.md)\n```\n\n[out](delta.md)", {"guides/delta.md"}),
    ("[up](../index.md)", {"index.md"}),
])
def test_body_links(body: str, links: set[str]) -> None:
    source = load_page(f"---\ntitle: T\n---\n\n{body}\n", path="guides/alpha.md",
                       file="content/guides/alpha.md", lane_ids=["guides", "fixes"])
    assert body_links(source) == links


def health_site(root: Path) -> Path:
    """A portfolio with one of each finding."""
    return write_site(root, {
        "content/guides/alpha.md": page("Alpha Guide", days_old=400, extra=(
            "next: false\nrelated: [guides/beta.md]\n")),
        "content/guides/beta.md": page("Beta Guide", extra="next: false\nrelated: []\n",
                                       body="See [the fix](../fixes/one-fix.md#steps)."),
        "content/guides/gamma.md": page("Beta  guide", extra=(
            "next: guides/alpha.md\nrelated: []\n")),
        "content/fixes/one-fix.md": page("One Fix", days_old=20,
                                         extra="next: false\nrelated: []\n",
                                         body="## Steps\n\nThe steps."),
        "site-data/site.yml": "name: Fixture Desk\nstale_after_days: 365\n",
        "site-data/lanes.yml": """
            - id: guides
              label: guides
            - id: fixes
              label: fixes
            - id: tools
              label: tools
            """,
    })


def check(root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = run("check", "--json", *args, cwd=root)
    return result.returncode, json.loads(result.stdout)


def test_check_reports_each_kind_of_health_finding(tmp_path: Path) -> None:
    code, report = check(health_site(tmp_path))

    assert code == 0  # warnings only
    assert report["health"] == {
        "pages": 8,  # published pages, home, landing and policy pages included (no tags)
        "stale_after_days": 365,
        "stale": [{"file": "content/guides/alpha.md",
                   "updated": (TODAY - dt.timedelta(days=400)).isoformat(), "days": 400}],
        "orphans": ["content/guides/gamma.md"],
        "dead_ends": ["content/fixes/one-fix.md", "content/guides/beta.md"],
        "empty_lanes": [{"lane": "tools", "file": "site-data/lanes.yml", "line": 5}],
        "duplicate_titles": [{"title": "Beta Guide",
                              "files": ["content/guides/beta.md", "content/guides/gamma.md"]}],
    }
    assert [p["text"] for p in report["problems"]] == [
        "site-data/lanes.yml:5: [2].id: lane 'tools' has no pages: add one under content/tools/"]
    assert (report["ok"], report["errors"], report["warnings"]) == (True, 0, 1)


def test_a_link_in_the_front_matter_is_a_link_too(tmp_path: Path) -> None:
    root = health_site(tmp_path)
    write_site(root, {"content/guides/alpha.md": page("Alpha Guide", days_old=400, extra=(
        "next: false\nrelated: [guides/beta.md]\n"
        "faq:\n  - q: And then?\n    a: Read [gamma](gamma.md).\n"))}, base=None)

    code, report = check(root)

    assert code == 0
    assert report["health"]["orphans"] == []


def test_check_prints_a_readable_table(tmp_path: Path) -> None:
    result = run("check", cwd=health_site(tmp_path))

    stale = (TODAY - dt.timedelta(days=400)).isoformat()
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "8 pages: 0 errors, 1 warning, 7 health findings",
        "",
        "Problems (the build reports the same; --strict fails on each):",
        "  warning  site-data/lanes.yml:5: [2].id: lane 'tools' has no pages: add one under "
        "content/tools/",
        "",
        "Health:",
        "  finding          where                     detail",
        "  ---------------  ------------------------  "
        "---------------------------------------------------------",
        f"  stale            content/guides/alpha.md   updated {stale}, 400 days ago "
        "(stale after 365)",
        "  orphan           content/guides/gamma.md   no page links here (next, keep browsing "
        "or body link)",
        "  dead end         content/fixes/one-fix.md  no next page and no keep-browsing pages",
        "  dead end         content/guides/beta.md    no next page and no keep-browsing pages",
        "  empty lane       site-data/lanes.yml:5     lane 'tools' has no published page",
        "  duplicate title  content/guides/beta.md    'Beta Guide' is also the title of "
        "content/guides/gamma.md",
        "  duplicate title  content/guides/gamma.md   'Beta Guide' is also the title of "
        "content/guides/beta.md",
    ]


BROKEN = {
    "content/guides/broken.md": "---\ntitle: Broken\ndescription: [oops\n---\n\nBody.\n",
    "content/guides/typo.md": page("Typo", extra="nxet: false\n"),
    "content/guides/dangling.md": page("Dangling", extra="next: guides/alpah.md\n"),
    "content/guides/marker.md": page("Marker", body="Text.\n\n<!-- checklist: nope -->"),
    "content/guides/tool.md": page("Tool", body="Text.\n\n<!-- tool: nah -->"),
    "content/stray/page.md": "---\ntitle: Stray\n---\n\nStray.\n",
    "site-data/policies.yml": "links:\n  - title: Privacy\n    page: policies/privcy.md\n",
}


def test_check_reports_exactly_what_the_build_reports(tmp_path: Path) -> None:
    root = write_site(tmp_path, BROKEN)

    code, report = check(root)
    built = build_written(root)

    from_build = sorted(m for m in built.problems()
                        if not m.endswith("left out of the build until its errors are fixed"))
    assert sorted(p["text"] for p in report["problems"]) == from_build
    assert len(from_build) == 8
    assert code == 1
    assert report["ok"] is False


def test_check_exit_status_follows_errors_not_warnings(tmp_path: Path) -> None:
    warned = write_site(tmp_path / "warned", {
        "content/guides/dangling.md": BROKEN["content/guides/dangling.md"]})
    clean = write_site(tmp_path / "clean")
    broken = write_site(tmp_path / "broken", {
        "content/guides/typo.md": BROKEN["content/guides/typo.md"]})

    assert run("check", cwd=warned).returncode == 0
    assert run("check", cwd=clean).returncode == 0
    result = run("check", "--project", str(broken), cwd=tmp_path)
    assert result.returncode == 1
    assert "  error    content/guides/typo.md:5: nxet: unknown key (did you mean 'next'?)" \
        in result.stdout.splitlines()


def test_check_imports_neither_mkdocs_nor_material(tmp_path: Path) -> None:
    root = write_site(tmp_path, BROKEN)
    script = (
        "import sys\n"
        "from opsdesk.cli import main\n"
        f"code = main(['check', '--project', {str(root)!r}])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material'))\n"
        "sys.exit(3 if loaded else code)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=False, timeout=60)

    assert result.returncode == 1, result.stderr  # the errors of BROKEN, not 3
    assert "nxet: unknown key" in result.stdout
