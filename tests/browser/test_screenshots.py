"""benchmarks/screenshots.py: each kind of page beside a plain Material page, in Chromium."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from benchmarks.screenshots import main

PNG = b"\x89PNG\r\n\x1a\n"


def test_the_script_sets_our_page_beside_plain_materials(tmp_path: Path) -> None:
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        assert main(["--out", str(tmp_path), "--kinds", "lane page", "not found",
                     "--widths", "375", "--schemes", "slate"]) == 0

    assert printed.getvalue().strip() == str(tmp_path / "index.html")
    shots = sorted(p.name for p in tmp_path.glob("*.png"))
    assert shots == ["lane-page-375-slate-material.png", "lane-page-375-slate-opsdesk.png",
                     "not-found-375-slate-material.png", "not-found-375-slate-opsdesk.png"]
    for shot in shots:
        assert (tmp_path / shot).read_bytes().startswith(PNG)
    report = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert report.index("lane-page-375-slate-opsdesk.png") < \
        report.index("lane-page-375-slate-material.png")
