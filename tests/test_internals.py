"""The fenced internals (``internals.py``): the version guard, and the same site without them.

The fast paths lean on private MkDocs APIs; on a MkDocs version they were not checked
against, or with ``fast_paths: false``, the plugin must fall back to MkDocs' stock
behaviour and build exactly the same site.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from opsdesk import internals
from opsdesk.mkdocs_session import BuildSession
from opsdesk.render import Renderer

from .support.search import search_index, site_files
from .support.sites import build_written, copy_repo_site

UNTESTED = "is not a version the fast paths were tested with"


def _repo_site(root: Path, *, fast_paths: bool) -> Path:
    root.mkdir()
    copy_repo_site(root)
    if not fast_paths:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "  - opsdesk\n" in text
        config.write_text(text.replace("  - opsdesk\n", "  - opsdesk:\n      fast_paths: false\n"),
                          encoding="utf-8")
    return root


def test_the_site_is_byte_for_byte_the_same_without_the_fast_paths(tmp_path: Path) -> None:
    fast = build_written(_repo_site(tmp_path / "fast", fast_paths=True), strict=True,
                         search=True)
    stock = build_written(_repo_site(tmp_path / "stock", fast_paths=False), strict=True,
                          search=True)

    assert fast.ok
    assert stock.ok
    fast_files, stock_files = site_files(fast.site), site_files(stock.site)
    assert len(fast_files) > 40
    assert fast_files.keys() == stock_files.keys()
    assert [name for name in fast_files if fast_files[name] != stock_files[name]] == []
    assert search_index(fast.site) == search_index(stock.site)


@pytest.mark.parametrize("fast_paths", [True, False])
def test_each_block_of_a_page_is_rendered_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               fast_paths: bool) -> None:
    """A build renders the blocks of every page's view in one go (fast paths), or each
    page's as MkDocs converts it: either way each checklist, FAQ and header once a page
    (the body's blocks are placed before the page's other blocks are rendered)."""
    rendered: Counter[tuple[str, str, str]] = Counter()
    render = Renderer.render

    def counted(self: Renderer, name: str, **context: Any) -> Any:
        view = context.get("view")
        if view is not None and name in ("checklist", "faq", "page-header", "meta"):
            checklist = getattr(context.get("checklist"), "marker", "")
            rendered[(name, getattr(view, "path", "404"), checklist)] += 1
        return render(self, name, **context)

    monkeypatch.setattr(Renderer, "render", counted)
    built = build_written(_repo_site(tmp_path / "site", fast_paths=fast_paths), strict=True)

    assert built.ok
    assert {key[0] for key in rendered} == {"checklist", "faq", "page-header", "meta"}
    assert [key for key, count in rendered.items() if count != 1] == []


def test_the_parts_of_pages_not_indexed_are_rendered_after_every_indexed_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build renders the view parts of the pages the search index is not given (tag and
    listing pages) once the first of them is converted, after every indexed page: not
    before any page is converted, where Pagefind would wait for them."""
    events: list[tuple[str, str, bool]] = []
    view_parts, settled = Renderer.view_parts, BuildSession.settled

    def parts(self: Renderer, view: Any, **options: Any) -> Any:
        events.append(("parts", view.path, view.indexed))
        return view_parts(self, view, **options)

    def converted(self: BuildSession, html: str, page: Any) -> str:
        view = self.site.views.get(page.file.src_uri) if self.site else None
        events.append(("converted", page.file.src_uri, bool(view and view.indexed)))
        return settled(self, html, page)

    monkeypatch.setattr(Renderer, "view_parts", parts)
    monkeypatch.setattr(BuildSession, "settled", converted)
    built = build_written(_repo_site(tmp_path / "site", fast_paths=True), strict=True)

    assert built.ok
    last_indexed = max(at for at, (kind, _path, indexed) in enumerate(events)
                       if kind == "converted" and indexed)
    later = [at for at, (kind, _path, indexed) in enumerate(events)
             if kind == "parts" and not indexed]
    assert later
    assert min(later) > last_indexed
    assert sum(1 for kind, _path, indexed in events if kind == "parts" and indexed) == \
        sum(1 for kind, _path, indexed in events if kind == "converted" and indexed)


def _converter_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the fast path's converter was used")

    monkeypatch.setattr(internals.ReusedConverterPage, "render", fail)


def test_a_tested_mkdocs_takes_the_fast_paths(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert internals.fast_paths_usable()  # the pinned MkDocs is a tested version
    _converter_fails(monkeypatch)

    with pytest.raises(RuntimeError, match="the fast path's converter was used"):
        build_written(_repo_site(tmp_path / "site", fast_paths=True))


def test_an_untested_mkdocs_gets_stock_behaviour_and_one_info_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(internals, "TESTED", frozenset({("mkdocs", "0.0.1")}))
    _converter_fails(monkeypatch)
    caplog.set_level(logging.INFO, logger="mkdocs")

    built = build_written(_repo_site(tmp_path / "site", fast_paths=True), strict=True)

    assert built.ok
    infos = [r.getMessage() for r in built.records
             if r.levelno == logging.INFO and UNTESTED in r.getMessage()]
    assert infos == [f"opsdesk: mkdocs 1.6.1 {UNTESTED} (mkdocs 0.0.1): building with "
                     "MkDocs' stock behaviour"]  # once, however many pages
    assert built.exists("guides/workflow-automation-architecture-guide/")


def test_fast_paths_false_says_nothing_and_takes_none(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _converter_fails(monkeypatch)

    built = build_written(_repo_site(tmp_path / "site", fast_paths=False), strict=True)

    assert built.ok
    assert not [r for r in built.records if UNTESTED in r.getMessage()]



@pytest.mark.parametrize(("directory_urls", "footer"), [(True, False), (False, False),
                                                        (True, True)])
def test_parts_rendered_once_per_folder_are_those_each_page_would_get(
        tmp_path: Path, directory_urls: bool, footer: bool) -> None:
    """``chrome.py`` renders the parts of a page that depend only on its folder once per
    folder: the site is the same, byte for byte, as with every part rendered for every
    page, also where a page's own folder holds the theme's files (an ``assets`` lane with
    pages named as Material's asset folders), without directory URLs, and with Material's
    ``navigation.footer`` (a footer linking each page's neighbours)."""
    sites = {}
    for fast_paths in (True, False):
        root = _repo_site(tmp_path / f"fast-{fast_paths}", fast_paths=fast_paths)
        model = (root / "content/assets/change-review-note-template.md").read_text("utf-8")
        for name in ("stylesheets", "javascripts", "opsdesk", "images"):
            (root / f"content/assets/{name}.md").write_text(model.replace(
                "title: Change Review Note Template", f"title: The {name.title()} Note").replace(
                "review-note-ready", f"{name}-ready"), encoding="utf-8")
        config = root / "mkdocs.yml"
        text = config.read_text("utf-8")
        if not directory_urls:
            text += "use_directory_urls: false\n"
        if footer:
            assert "    - navigation.sections\n" in text
            text = text.replace("    - navigation.sections\n",
                                "    - navigation.sections\n    - navigation.footer\n")
        config.write_text(text, encoding="utf-8")
        built = build_written(root, strict=True)
        assert built.ok, built.problems()
        sites[fast_paths] = site_files(built.site)
    assert "assets/stylesheets/index.html" in sites[True] or not directory_urls
    assert ('class="md-footer__link' in sites[True]["assets/opsdesk/index.html" if directory_urls
            else "assets/opsdesk.html"].decode()) == footer
    assert sites[True].keys() == sites[False].keys()
    assert [name for name in sites[True] if sites[True][name] != sites[False][name]] == []


def test_the_navigation_is_rendered_once_per_folder_and_lane_on_pages_not_in_it() -> None:
    """``opsdesk_once("nav")`` (``partials/sidebars.html``): the navigation marks the
    page's lane, and the page's own entry: pages of one folder and lane share one
    rendering; a page in the navigation, or without blocks, gets its own each time."""
    from types import SimpleNamespace

    from jinja2 import Environment

    from opsdesk.chrome import Chrome

    env = Environment(autoescape=True)
    env.globals["opsdesk_once"] = Chrome(reuse=True, outputs=[
        "guides/a/index.html", "guides/b/index.html", "guides/index.html", "x/index.html"],
    ).function()
    template = env.from_string('{{ opsdesk_once("nav", render) }}')
    landing = SimpleNamespace(url="guides/c/")  # (as if in the navigation)
    nav = SimpleNamespace(pages=[landing])
    made: list[str] = []

    def show(url: str, lane: str | None, *, blocks: bool = True) -> str:
        page = SimpleNamespace(url=url)
        if url == landing.url:
            page = landing
        opsdesk = SimpleNamespace(lane_nav=lane) if blocks else None
        return template.render(page=page, nav=nav, opsdesk=opsdesk,
                               render=lambda: made.append(url) or f"{url} {lane}")

    assert show("guides/a/", "guides.md") == "guides/a/ guides.md"
    assert show("guides/b/", "guides.md") == "guides/a/ guides.md"  # the folder's, kept
    assert show("guides/b/", "fixes.md") == "guides/b/ fixes.md"  # another lane
    assert show("guides/c/", "guides.md") == "guides/c/ guides.md"  # in the navigation
    assert show("guides/c/", "guides.md") == "guides/c/ guides.md"
    assert show("guides/d/", "guides.md", blocks=False) == "guides/d/ guides.md"
    assert made == ["guides/a/", "guides/b/", "guides/c/", "guides/c/", "guides/d/"]
