"""benchmarks/screenshots.py: each kind of page beside a plain Material page, in Chromium."""

from __future__ import annotations

from pathlib import Path

from benchmarks.screenshots import run
from playwright.sync_api import Browser

PNG = b"\x89PNG\r\n\x1a\n"


def test_the_script_sets_our_page_beside_plain_materials(browser: Browser,
                                                          tmp_path: Path) -> None:
    report = run(browser, tmp_path, ["lane page", "not found"], [375], ["slate"])

    assert report == tmp_path / "index.html"
    shots = sorted(p.name for p in tmp_path.glob("*.png"))
    assert shots == ["lane-page-375-slate-material.png", "lane-page-375-slate-opsdesk.png",
                     "not-found-375-slate-material.png", "not-found-375-slate-opsdesk.png"]
    for shot in shots:
        assert (tmp_path / shot).read_bytes().startswith(PNG)
    text = report.read_text(encoding="utf-8")
    assert text.index("lane-page-375-slate-opsdesk.png") < \
        text.index("lane-page-375-slate-material.png")
