"""The repository's own site builds with --strict and no warning."""

from __future__ import annotations

from pathlib import Path

from .support.sites import Built


def test_repo_content_builds_strict_without_warnings(repo_site: Built) -> None:
    built = repo_site  # the repository's site, built with --strict (conftest.py)

    assert built.ok, built.messages()
    assert built.messages() == []
    assert built.exists("guides/workflow-automation-architecture-guide/")


# The published page the example content reproduces (a copy of shared/seeds/).
SEED = Path(__file__).parent / "seeds" / "000_96ac9a35d1990df9.txt"


def visible_lines(seed: str) -> list[str]:
    """The seed page's lines as a reader sees them, without bullets and the lede's cut."""
    lines = []
    for line in seed.splitlines():
        line = " ".join(line.replace("\u2022", "").split())
        if line:
            lines.append(line.removesuffix("..."))
    return lines


def test_the_seed_page_is_reproduced_sentence_by_sentence_in_order(repo_site: Built) -> None:
    built = repo_site  # the repository's site, built with --strict (conftest.py)
    article = built.html("guides/workflow-automation-architecture-guide/").select_one("article")
    assert article is not None
    shown = " ".join(article.get_text(" ").replace("\u00b7", " ").replace("\u00b6", " ").split())

    position = 0
    for line in visible_lines(SEED.read_text(encoding="utf-8")):
        found = shown.find(line, position)
        assert found >= 0, f"not found after position {position}: {line!r}"
        position = found + len(line)


def test_every_meta_tag_names_what_it_is(repo_site: Built) -> None:
    """The Nu HTML Checker's rule: a ``<meta>`` has ``name``, ``property``, ``http-equiv``,
    ``itemprop`` or ``charset`` (the lane's search filter once had none: issue 23)."""
    from bs4 import BeautifulSoup

    kinds = {"name", "property", "http-equiv", "itemprop", "charset"}
    unnamed = []
    for path in sorted(repo_site.site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        unnamed += [f"{path.relative_to(repo_site.site)}: {tag}" for tag in soup.find_all("meta")
                    if not kinds & set(tag.attrs)]
    assert unnamed == []
