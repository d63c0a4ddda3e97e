"""Screenshots of each kind of page of the site beside a plain Material page, to compare.

    .venv/bin/python benchmarks/screenshots.py [--out DIR]
        [--kinds "lane page" ...] [--widths 375 1280] [--schemes default slate]

Builds the repository's site (``mkdocs.yml``, ``content/``: the opsdesk plugin, without
the search index) and a plain Material site of the same pages' Markdown (no plugin, no
``custom_dir``, the same palettes and Markdown extensions), serves both on 127.0.0.1
and takes a full-page screenshot of each kind of page in Debian's Chromium, at each
width and in each palette (Material picks it from ``prefers-color-scheme``). Writes the
PNG files and ``index.html`` to ``--out`` (default: ``screenshots/``, left out of git):
one row per kind, width and palette, our page on the left, plain Material's on the
right. The plain site has no generated pages (listings, tags, feeds): a kind without a
page of its own is set beside the plain page it stands for (``PLAIN``).
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))  # reader.py, run as a script
from reader import ARGS, CHROMIUM, serve

REPO = Path(__file__).resolve().parent.parent

#: Each kind of page: its address in our site, and the plain Material page beside it.
KINDS = {
    "home": ("", ""),
    "lane landing page": ("guides/", "guides/"),
    "lane page": ("guides/workflow-automation-architecture-guide/",
                  "guides/workflow-automation-architecture-guide/"),
    "tool": ("tools/retry-budget-calculator/", "tools/retry-budget-calculator/"),
    "policy page": ("policies/privacy/", "policies/privacy/"),
    "tags page": ("tags/", "guides/"),
    "tag page": ("tags/architecture/", "guides/"),
    "not found": ("404.html", "404.html"),
}
WIDTHS = {375: 812, 1280: 900}
SCHEMES = {"default": "light", "slate": "dark"}
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_MARKER = re.compile(r"^<!-- (?:checklist: \S+|faq|tool: \S+) -->$", re.M)


def build_ours(site: Path) -> None:
    """The repository's site, built into ``site`` (the opsdesk plugin, no search index)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site))
    config.plugins["opsdesk"].config.search_index = False
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def plain_markdown(source: Path) -> str:
    """A page of ``content/`` as plain Material shows Markdown: its title as the H1, its
    description as the first paragraph, then its body without our markers."""
    text = source.read_text(encoding="utf-8")
    found = _FRONT_MATTER.match(text)
    meta = yaml.safe_load(found.group(1)) if found else {}
    body = _MARKER.sub("", text[found.end():] if found else text)
    head = f"# {meta.get('title', source.stem)}\n\n"
    if meta.get("description"):
        head += f"{meta['description']}\n\n"
    return head + body


def build_plain(root: Path, site: Path) -> None:
    """A plain Material site of the same pages, built into ``site``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    ours = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    docs = root / "docs"
    for source in (REPO / "content").rglob("*.md"):
        target = docs / source.relative_to(REPO / "content")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(plain_markdown(source), encoding="utf-8")
    lanes = yaml.safe_load((REPO / "site-data/lanes.yml").read_text(encoding="utf-8"))
    for lane in lanes:  # a landing page for each lane that has none
        landing = docs / lane["id"] / "index.md"
        if landing.parent.is_dir() and not landing.exists():
            pages = sorted(p for p in landing.parent.glob("*.md"))
            links = "".join(f"- [{p.stem.replace('-', ' ').capitalize()}]({p.name})\n"
                            for p in pages)
            landing.write_text(f"# {lane.get('title', lane['id'])}\n\n"
                               f"{lane.get('description', '')}\n\n{links}", encoding="utf-8")
    config = {
        "site_name": ours["site_name"], "docs_dir": "docs",
        "theme": {key: value for key, value in ours["theme"].items() if key != "custom_dir"},
        "markdown_extensions": ours.get("markdown_extensions", []),
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site)))


def shoot(browser: Any, url: str, path: Path, width: int, scheme: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]},
                                  color_scheme=SCHEMES[scheme], is_mobile=width < 600,
                                  has_touch=width < 600)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)  # Material's palette and sidebar settle
    page.screenshot(path=str(path), full_page=True)
    context.close()


def report(rows: list[tuple[str, int, str, str, str]]) -> str:
    """``index.html``: each row's two screenshots side by side."""
    cells = "".join(
        f"<tr><th>{html.escape(kind)}<br>{width} px, {scheme}</th>"
        f'<td><img src="{ours}" alt="opsdesk: {html.escape(kind)}"></td>'
        f'<td><img src="{plain}" alt="plain Material: {html.escape(kind)}"></td></tr>\n'
        for kind, width, scheme, ours, plain in rows)
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>opsdesk beside plain Material</title><style>"
            "td{vertical-align:top}img{max-width:45vw;border:1px solid #ccc}"
            "</style></head><body><table><tr><th></th><th>opsdesk</th>"
            f"<th>plain Material</th></tr>\n{cells}</table></body></html>\n")


def run(browser: Any, out: Path, kinds: list[str], widths: list[int],
        schemes: list[str]) -> Path:
    """Build both sites, take each screenshot with ``browser`` (Playwright's Chromium),
    write them and ``index.html`` to ``out``; the report's path."""
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="opsdesk-screenshots-"))
    try:
        build_ours(work / "ours")
        build_plain(work / "plain-project", work / "plain")
        rows = []
        with serve(work / "ours") as ours, serve(work / "plain") as plain:
            for kind in kinds:
                mine, theirs = KINDS[kind]
                for width in widths:
                    for scheme in schemes:
                        stem = f"{kind.replace(' ', '-')}-{width}-{scheme}"
                        shoot(browser, ours + mine, out / f"{stem}-opsdesk.png", width, scheme)
                        shoot(browser, plain + theirs, out / f"{stem}-material.png", width,
                              scheme)
                        rows.append((kind, width, scheme, f"{stem}-opsdesk.png",
                                     f"{stem}-material.png"))
        (out / "index.html").write_text(report(rows), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out / "index.html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "screenshots")
    parser.add_argument("--kinds", nargs="+", choices=list(KINDS), default=list(KINDS))
    parser.add_argument("--widths", nargs="+", type=int, choices=list(WIDTHS),
                        default=list(WIDTHS))
    parser.add_argument("--schemes", nargs="+", choices=list(SCHEMES), default=list(SCHEMES))
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            written = run(browser, args.out, args.kinds, args.widths, args.schemes)
        finally:
            browser.close()
    print(written)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
