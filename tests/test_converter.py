"""One Markdown converter per build converts every page exactly as MkDocs' own does.

MkDocs' ``Page.render`` makes a converter per page; ours
(``internals.ReusedConverterPage``) reuses one, reset between pages. These tests build
real sites, then convert every page again, in build order, both ways: with the build's
shared converter and with MkDocs' own ``Page.render``, and compare all that a conversion
produces. The extension-heavy site
uses the extensions that keep state between documents (footnotes, abbreviations,
snippets, superfences' stash): a converter not reset would leak one page's footnote or
abbreviation into the next.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

from opsdesk.internals import ReusedConverterPage

from .support.sites import copy_repo_site, write_site

_EXTENSIONS: list[Any] = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
    {"toc": {"permalink": True}}, "pymdownx.details", "pymdownx.superfences",
    {"pymdownx.highlight": {"anchor_linenums": True}}, "pymdownx.inlinehilite",
    "pymdownx.tasklist", "pymdownx.tabbed", {"pymdownx.snippets": {"base_path": ["content"]}},
]

_PAGE = """\
---
title: {title}
description: A page that uses every extension.
updated: 2026-06-0{n}
keyword: extension {n}
order: {n}
faq:
  - q: Does it convert?
    a: Like MkDocs does.
---

Page {n} has a footnote[^note] and uses HTML{abbr_use}.

{abbr_def}

[^note]: The footnote of page {n}.

## Details {n} {{ #details-{n} }}

??? note "Folded"
    Inside, with `code` and **bold**.

=== "First"

    ```python
    print({n})
    ```

=== "Second"

    Term
    :   Definition {n}.

- [x] done
- [ ] open

<div markdown>
*emphasis* in HTML, and a [link](guide-{other}.md#details-{other}).
</div>

| a | b |
| - | - |
| {n} | two |
"""


def _convert_both_ways(root: Path) -> list[str]:
    """Build ``root``; convert each page again both ways; return the pages that differ."""
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    files = config.plugins["opsdesk"].session.file_list
    pages = [file.page for file in files.documentation_pages() if file.page]
    assert pages
    assert all(isinstance(page, ReusedConverterPage) for page in pages)
    differing = []
    for page in pages:
        ours, theirs = copy.copy(page), copy.copy(page)
        ours.render(config, files)
        Page.render(theirs, config, files)
        if _conversion(ours) != _conversion(theirs):
            differing.append(page.file.src_uri)
    return differing


def _conversion(page: Page) -> tuple[Any, ...]:
    return (page.content, [(i.id, i.title, i.level, str(i.children)) for i in page.toc],
            page._title_from_render, page.present_anchor_ids, page.links_to_anchors)


def test_every_page_of_the_repo_site_converts_as_mkdocs_converts_it(tmp_path: Path) -> None:
    copy_repo_site(tmp_path)
    assert _convert_both_ways(tmp_path) == []


@pytest.mark.parametrize("abbreviations", ["every page", "the first page only"])
def test_stateful_extensions_convert_as_with_a_fresh_converter(
        tmp_path: Path, abbreviations: str) -> None:
    pages = {}
    for n in range(1, 5):
        defines = abbreviations == "every page" or n == 1
        pages[f"content/guides/guide-{n}.md"] = _PAGE.format(
            title=f"Guide {n}", n=n, other=n % 4 + 1, abbr_use=" --8<-- \"snippet.txt\"",
            abbr_def="*[HTML]: Hyper Text Markup Language" if defines else "")
    pages["content/snippet.txt"] = "(snippet)"
    write_site(tmp_path, pages)
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    config["markdown_extensions"] = _EXTENSIONS
    config["exclude_docs"] = "snippet.txt"
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")

    assert _convert_both_ways(tmp_path) == []
    second = (tmp_path / "site/guides/guide-2/index.html").read_text(encoding="utf-8")
    assert "The footnote of page 2." in second
    assert "The footnote of page 1." not in second
    assert ('title="Hyper Text Markup Language"' in second) is (abbreviations == "every page")
