"""``mkdocs build`` gives Pagefind each page as MkDocs converts it, before any page is
written (``SiteSearch.foretell``): the index is then written while MkDocs renders the
pages. Whatever a site's templates or other plugins do, the index is the very one
Pagefind writes from the pages as written: each written page is checked against what
Pagefind was given, and given again where it differs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from opsdesk import theme
from opsdesk.search import build_search_index, staging

from .support.search import search_index, site_files
from .support.sites import REPO, Built, build_written, copy_repo_site, write_site

pytestmark = pytest.mark.usefixtures("debug_search_log")

MAIN = REPO / "plugins" / "opsdesk" / "templates" / "main.html"


def given(built: Built) -> tuple[int, int]:
    """How many pages were given before they were written as they are, and again."""
    line = next(r.getMessage() for r in built.records
                if "given before they were written" in r.getMessage())
    words = line.split("; ")[1].split()
    return int(words[0]), int(words[6])


def as_from_the_written_pages(built: Built) -> None:
    """The build's index is byte for byte the one Pagefind writes from the written
    pages (``build_search_index``, as ``opsdesk`` wrote it before pages were foretold),
    and it holds every page that has an indexed part."""
    def index() -> dict[str, bytes]:
        return {name: data for name, data in site_files(built.site).items()
                if name.startswith("pagefind/")}

    pages = [(path.parent.relative_to(built.site).as_posix() + "/", path)
             for path in sorted(built.site.rglob("index.html"))
             if "data-pagefind-body" in path.read_text(encoding="utf-8")]
    from_the_build = index()
    assert len(pages) >= 3
    assert len(search_index(built.site)) == len(pages)
    build_search_index(built.site, pages)
    assert index() == from_the_build


def test_the_repo_site_is_given_to_pagefind_before_it_is_written(tmp_path: Path) -> None:
    copy_repo_site(tmp_path)
    built = build_written(tmp_path, search=True, strict=True)

    assert built.ok, built.messages()
    kept, again = given(built)
    assert (kept, again) == (len(search_index(built.site)), 0)
    as_from_the_written_pages(built)


def test_a_site_in_another_language_is_foretold_in_it(tmp_path: Path) -> None:
    write_site(tmp_path)
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["language"] = "fr"
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    built = build_written(tmp_path, search=True, strict=True)

    assert built.ok, built.messages()
    assert given(built) == (len(search_index(built.site)), 0)
    assert [path.name.split("_")[0] for path in (built.site / "pagefind").glob("*.pf_meta")
            ] == ["pagefind.fr"]
    as_from_the_written_pages(built)


def with_main(root: Path, old: str, new: str) -> None:
    """The site's own ``main.html``: ours, with ``old`` replaced by ``new``."""
    template = MAIN.read_text(encoding="utf-8")
    assert old in template
    (root / "overrides").mkdir(exist_ok=True)
    (root / "overrides" / "main.html").write_text(template.replace(old, new, 1),
                                                  encoding="utf-8")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = "overrides"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")


@pytest.mark.parametrize("case", ["indexed words of the template", "a filter in the head",
                                  "the body changed by a later plugin",
                                  "another layout of the indexed part"])
def test_a_page_written_otherwise_than_foretold_is_given_again(tmp_path: Path,
                                                               case: str) -> None:
    write_site(tmp_path)  # the fixture site, to change below
    if case == "indexed words of the template":
        with_main(tmp_path, "{{ page.content }}",
                  "{{ page.content }}<p>Zanzibarish template words</p>")
    elif case == "a filter in the head":
        with_main(tmp_path, "{% if opsdesk %}{{ opsdesk.head }}{% endif %}",
                  '{% if opsdesk %}{{ opsdesk.head }}{% endif %}'
                  '<meta data-pagefind-filter="edition[content]" content="Zanzibarish">')
    elif case == "another layout of the indexed part":
        with_main(tmp_path, "    {{ opsdesk.top }}\n    {{ page.content }}\n",
                  "{{ opsdesk.top }}{{ page.content }}")
    else:  # a hook after ours (-100) adds a paragraph to each page's body
        (tmp_path / "hooks.py").write_text(
            "from mkdocs.plugins import event_priority\n\n"
            "@event_priority(-200)\n"
            "def on_page_content(html, page, config, files):\n"
            "    return html + '<p>Zanzibarish hook words</p>'\n", encoding="utf-8")
        config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
        (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({**config, "hooks": ["hooks.py"]}),
                                             encoding="utf-8")

    built = build_written(tmp_path, search=True, strict=True)

    assert built.ok, built.messages()
    pages = len(search_index(built.site))
    assert given(built) == (0, pages)
    as_from_the_written_pages(built)
    if case != "another layout of the indexed part":
        words = "\n".join(str(entry) for entry in search_index(built.site).values())
        assert "Zanzibarish" in words


def test_foretold_is_what_the_written_page_gives_pagefind() -> None:
    head = '<meta property="article:tag" content="a" data-pagefind-filter="tag[content]">'
    told = staging.foretold("en", head, "<header>Top</header>", "<p>Body</p>")
    written = (f'<!doctype html><html lang="en" class="no-js"><head><meta charset="utf-8">'
               f"{head}<title>T</title></head><body><nav>Menu</nav><div data-pagefind-body>"
               "\n    <header>Top</header>\n    <p>Body</p>\n    </div>"
               f"{staging.INDEXED_END}<footer>F</footer></body></html>")
    assert staging.as_foretold(written, head) == told
    # another language, another head, a Pagefind attribute of the template's own, no
    # indexed part: not as foretold
    assert staging.as_foretold(written.replace('lang="en"', 'lang="de"'), head) != told
    assert staging.as_foretold(written, head.replace("a", "b")) is None
    assert staging.as_foretold(written.replace("<title>", "<title data-pagefind-meta=x>"),
                               head) is None
    assert staging.as_foretold(written.replace(staging.INDEXED_END, ""), head) is None
    # the language as the adapter gives it: escaped at the theme's boundary
    assert staging.foretold(str(theme.text('"><x')), "", "", "").startswith(
        '<html lang="&#34;&gt;&lt;x">')
    # an author's raw comment that reads as the end of the indexed part ends nothing
    marked = f"<p>Before</p>{staging.INDEXED_END}<p>After</p>"
    assert "After" in staging.for_pagefind(staging.foretold("en", head, "", marked))
    assert "After" in staging.for_pagefind(written.replace("<p>Body</p>", marked))
