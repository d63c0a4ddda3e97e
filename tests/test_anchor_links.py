"""Links to anchors: each to a heading, an id or a block the target page has; any other is
a located warning, in the build and (``helpers.build_written`` compares) in check."""

from __future__ import annotations

from pathlib import Path

from .support.html import text
from .support.sites import build_site

BETA_BODY = """\

Links from beta.

[middle](alpha.md#middle) [end](alpha.md#end) [faq](alpha.md#frequently-asked-questions)
[question](alpha.md#faq-1-why-alpha) [checklist](alpha.md#checklist-before)
[explicit](#my-own) [raw](#raw-id) [code](#a-code-heading) [twice](#twice_1)
[title](#opsdesk-title)

## My **own** heading {#my-own}

## A `code` heading

## Twice

## Twice

<div id="raw-id">Raw.</div>

```
[not a link](#in-code)
```

[gone](alpha.md#nowhere)

[typo](#twise)

[missing page](missing.md#x)
"""


def _beta(root: Path) -> str:
    text = (Path(__file__).parent / "sites/basic/content/guides/beta.md").read_text()
    return text.rstrip("\n") + "\n" + BETA_BODY


def test_a_link_to_an_anchor_the_page_lacks_is_a_located_warning(tmp_path: Path) -> None:
    beta = _beta(Path())
    lines = beta.splitlines()
    gone = lines.index("[gone](alpha.md#nowhere)") + 1
    typo = lines.index("[typo](#twise)") + 1
    missing = lines.index("[missing page](missing.md#x)") + 1

    built = build_site(tmp_path, {"content/guides/beta.md": beta}, strict=True)

    assert not built.ok
    assert built.problems() == [
        f"content/guides/beta.md:{gone}: the link to 'alpha.md#nowhere': no heading or anchor "
        "'#nowhere' in content/guides/alpha.md",
        f"content/guides/beta.md:{typo}: the link to '#twise': no heading or anchor '#twise' on "
        "this page (did you mean 'twice'?)",
        f"content/guides/beta.md:{missing}: the link to 'missing.md#x': no page "
        "'guides/missing.md'",
    ]


def test_links_to_headings_ids_and_blocks_pass(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"content/guides/beta.md": _beta(Path()).split(
        "[gone]")[0]}, strict=True)
    assert built.ok, built.problems()


def test_a_toc_with_its_own_slugify_leaves_anchors_unchecked(tmp_path: Path) -> None:
    config = (Path(__file__).parent / "sites/basic/mkdocs.yml").read_text().replace(
        "      permalink: true", "      permalink: true\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}")
    built = build_site(tmp_path, {"mkdocs.yml": config,
                                  "content/guides/beta.md": _beta(Path()).split("[typo]")[0]},
                       strict=True)
    assert built.ok, built.problems()


def test_the_preview_shows_missing_targets_in_the_page_banner(tmp_path: Path) -> None:
    beta = _beta(Path()).replace("[typo](#twise)", "[typo](#twise) ![chart](chart.png)")
    built = build_site(tmp_path, {"content/guides/beta.md": beta}, command="serve")

    banner = [text(li) for li in built.html("guides/beta/").select(".opsdesk-problems li")]
    assert [line.split(": ", 1)[1] for line in banner] == [
        "the link to 'alpha.md#nowhere': no heading or anchor '#nowhere' in "
        "content/guides/alpha.md",
        "the link to '#twise': no heading or anchor '#twise' on this page (did you mean "
        "'twice'?)",
        "the link to 'chart.png': no file 'guides/chart.png'",
        "the link to 'missing.md#x': no page 'guides/missing.md'"]
