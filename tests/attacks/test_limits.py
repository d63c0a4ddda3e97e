"""Issue 20: limits, and invisible or direction-changing characters.

Every printed string of the front matter and the site data has a maximum length
(``model.*_MAX``, AUTHORING.md "Limits"), and so has a page's front matter as a whole:
one character (or item) over is a located error with the limit and the actual length,
exactly at the limit builds. A format character (Unicode ``Cf``: bidirectional
overrides and isolates, zero-width spaces and joiners, the BOM...) or a Hangul filler in
a title, description, tag, checklist title, question, alias, lane title or label, site
name or page file name is a located error; in body text and Markdown values it stays.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from opsdesk import model

from ..support.pages import LEFT_OUT, Together, page
from ..support.sites import build_site

BAD = "content/guides/bad.md"


def _long(line: int, key: str, actual: int, limit: int, file: str = BAD) -> str:
    return (f"{file}:{line}: {key}: is {actual:,} characters long, over the limit of "
            f"{limit:,} (AUTHORING.md, Limits): shorten it")


def _many(line: int, key: str, actual: int, limit: int) -> str:
    return (f"{BAD}:{line}: {key}: has {actual:,} items, over the limit of {limit:,} "
            "(AUTHORING.md, Limits): keep the ones that matter most")


def _invisible(line: int, key: str, code: str, file: str = BAD) -> str:
    return (f"{file}:{line}: {key}: contains an invisible or direction-changing character "
            f"({code}); remove it")


def _title(text: str) -> str:
    return page().replace("title: Bad Guide", f'title: "{text}"')


def _description(text: str) -> str:
    return page().replace("description: A page under test.", f'description: "{text}"')


def _items(count: int) -> str:
    return "checklists:\n  c:\n    items:\n" + "".join(f"      - Item {i}\n" for i in range(count))


def _faq(count: int) -> str:
    return "faq:\n" + "".join(f"  - q: Question {i}?\n    a: Answer.\n" for i in range(count))


_LANES = "- id: guides\n  label: {label}\n  title: {title}\n  description: {description}\n" \
         "- id: fixes\n  label: fixes\n"


def _lanes(label: str = "guides", title: str = "Guides", description: str = "Guides.") -> str:
    return _LANES.format(label=label, title=title, description=description)


_HUGE = "x" * (model.FRONT_MATTER_MAX + 1)

# (id, files, exact problems)
CASES: list[tuple[str, dict[str, str], list[str]]] = [
    # -- limits: one over is refused, exactly at the limit builds
    ("title-over", {BAD: _title("T" * 201)}, [_long(2, "title", 201, 200), LEFT_OUT]),
    ("title-at", {BAD: _title("T" * 200)}, []),
    ("title-over-in-letters-not-bytes", {BAD: _title("é" * 201)},
     [_long(2, "title", 201, 200), LEFT_OUT]),
    ("title-at-in-letters-not-bytes", {BAD: _title("é" * 200)}, []),
    ("description-over", {BAD: _description("d" * 501)},
     [_long(3, "description", 501, 500), LEFT_OUT]),
    ("description-at", {BAD: _description("d" * 500)}, []),
    ("category-over", {BAD: page(f"category: {'c' * 121}\n")},
     [_long(5, "category", 121, 120), LEFT_OUT]),
    ("keyword-over", {BAD: page(f"keyword: {'k' * 201}\n")},
     [_long(5, "keyword", 201, 200), LEFT_OUT]),
    ("audience-over", {BAD: page(f"audience: {'a' * 301}\n")},
     [_long(5, "audience", 301, 300), LEFT_OUT]),
    ("subtitle-over", {BAD: page(f"subtitle: {'s' * 201}\n")},
     [_long(5, "subtitle", 201, 200), LEFT_OUT]),
    ("quick-take-over", {BAD: page(f"quick_take: {'q' * 1001}\n")},
     [_long(5, "quick_take", 1001, 1000), LEFT_OUT]),
    ("quick-take-at", {BAD: page(f"quick_take: {'q' * 1000}\n")}, []),
    ("tag-over", {BAD: page(f"tags: [{'t' * 61}]\n")}, [_long(5, "tags[0]", 61, 60), LEFT_OUT]),
    ("tag-at", {BAD: page(f"tags: [{'t' * 60}]\n")}, []),
    ("tags-over", {BAD: page(f"tags: [{', '.join(f'tag{i}' for i in range(31))}]\n")},
     [_many(5, "tags", 31, 30), LEFT_OUT]),
    ("tags-at", {BAD: page(f"tags: [{', '.join(f'tag{i}' for i in range(30))}]\n")}, []),
    ("checklist-title-over", {BAD: page(f"checklists:\n  c:\n    title: {'c' * 201}\n"
                                        "    items: [One]\n")},
     [_long(7, "checklists.c.title", 201, 200), LEFT_OUT]),
    ("checklist-item-over", {BAD: page(f"checklists:\n  c:\n    items: [{'i' * 1001}]\n")},
     [_long(7, "checklists.c.items[0]", 1001, 1000), LEFT_OUT]),
    ("checklist-items-over", {BAD: page(_items(101))},
     [_many(7, "checklists.c.items", 101, 100), LEFT_OUT]),
    ("checklist-items-at", {BAD: page(_items(100))}, []),
    ("faq-question-over", {BAD: page(f"faq:\n  - q: {'q' * 301}\n    a: Yes.\n")},
     [_long(6, "faq[0].q", 301, 300), LEFT_OUT]),
    ("faq-answer-over", {BAD: page(f"faq:\n  - q: Why?\n    a: {'a' * 5001}\n")},
     [_long(7, "faq[0].a", 5001, 5000), LEFT_OUT]),
    ("faq-answer-at", {BAD: page(f"faq:\n  - q: Why?\n    a: {'a' * 5000}\n")}, []),
    ("faq-over", {BAD: page(_faq(51))}, [_many(5, "faq", 51, 50), LEFT_OUT]),
    ("faq-at", {BAD: page(_faq(50))}, []),
    ("alias-over", {BAD: page(f"aliases: [old/{'a' * 294}.md]\n")},
     [_long(5, "aliases[0]", 301, 300), LEFT_OUT]),
    ("alias-at", {BAD: page(f"aliases: [old/{'a' * 120}/{'b' * 170}.md]\n")}, []),
    ("alias-name-over-what-a-file-system-takes", {BAD: page(f"aliases: [{'a' * 256}.md]\n")},
     [f"{BAD}:5: aliases[0]: cannot redirect from '{'a' * 256}.md': the name "
      f"'{'a' * 20}…' is longer than the 255 bytes a file or folder name may have",
      LEFT_OUT]),
    ("front-matter-over", {BAD: page(f"note: {_HUGE}\n")},
     [f"{BAD}:1: the front matter is {len(_HUGE) + 76:,} bytes, over the limit of 65,536 "
      "(64 KiB; AUTHORING.md, Limits): shorten it", LEFT_OUT]),
    ("site-name-over", {"site-data/site.yml": f"name: {'n' * 201}\n"},
     [_long(1, "name", 201, 200, "site-data/site.yml")]),
    ("site-description-over", {"site-data/site.yml": f"name: Desk\ndescription: {'d' * 501}\n"},
     [_long(2, "description", 501, 500, "site-data/site.yml")]),
    ("lane-title-over", {"site-data/lanes.yml": _lanes(title="G" * 201)},
     [_long(3, "[0].title", 201, 200, "site-data/lanes.yml")]),
    ("lane-label-over", {"site-data/lanes.yml": _lanes(label="g" * 201)},
     [_long(2, "[0].label", 201, 200, "site-data/lanes.yml")]),
    ("lane-description-over", {"site-data/lanes.yml": _lanes(description="d" * 501)},
     [_long(4, "[0].description", 501, 500, "site-data/lanes.yml")]),
    # -- invisible and direction-changing characters
    ("rlo-in-title", {BAD: _title("Bad \\u202eGuide")},
     [_invisible(2, "title", "U+202E"), LEFT_OUT]),
    ("isolate-in-title", {BAD: _title("Bad \\u2066Guide\\u2069")},
     [_invisible(2, "title", "U+2066"), LEFT_OUT]),
    ("bom-in-description", {BAD: _description("A \\ufeffpage")},
     [_invisible(3, "description", "U+FEFF"), LEFT_OUT]),
    ("zero-width-space-tag", {BAD: page('tags: [ok, "re\\u200btries"]\n')},
     [_invisible(5, "tags[1]", "U+200B"), LEFT_OUT]),
    ("word-joiner-tag", {BAD: page('tags: ["re\\u2060tries"]\n')},
     [_invisible(5, "tags[0]", "U+2060"), LEFT_OUT]),
    ("hangul-filler-tag", {BAD: page('tags: ["\\u3164"]\n')},
     [_invisible(5, "tags[0]", "U+3164"), LEFT_OUT]),
    ("halfwidth-filler-title", {BAD: _title("Bad \\uffa0Guide")},
     [_invisible(2, "title", "U+FFA0"), LEFT_OUT]),
    ("joiner-in-category", {BAD: page('category: "Fix\\u200d"\n')},
     [_invisible(5, "category", "U+200D"), LEFT_OUT]),
    ("rle-in-checklist-title", {BAD: page('checklists:\n  c:\n    title: "A\\u202bB"\n'
                                          "    items: [One]\n")},
     [_invisible(7, "checklists.c.title", "U+202B"), LEFT_OUT]),
    ("rlo-in-question", {BAD: page('faq:\n  - q: "Why\\u202e?"\n    a: Yes.\n')},
     [_invisible(6, "faq[0].q", "U+202E"), LEFT_OUT]),
    ("zero-width-in-alias", {BAD: page('aliases: ["guides/o\\u200bld.md"]\n')},
     [_invisible(5, "aliases[0]", "U+200B"), LEFT_OUT]),
    ("encoded-rlo-in-alias", {BAD: page("aliases: ['guides/%E2%80%AEold.md']\n")},
     [f"{BAD}:5: aliases[0]: cannot redirect from 'guides/%E2%80%AEold.md': its "
      "percent-encoding hides an invisible character (U+202E)", LEFT_OUT]),
    ("body-keeps-them", {BAD: page(body="Zero\u200bwidth and \u202eright-to-left text.\n")}, []),
    ("markdown-values-keep-them", {BAD: page('quick_take: "A family: \\U0001F468\\u200d'
                                             '\\U0001F469\\u200d\\U0001F467"\n')}, []),
    ("rlo-in-lane-title", {"site-data/lanes.yml": _lanes(title='"Gui\\u202edes"')},
     [_invisible(3, "[0].title", "U+202E", "site-data/lanes.yml")]),
    ("zero-width-in-lane-label", {"site-data/lanes.yml": _lanes(label='"gui\\u200bdes"')},
     [_invisible(2, "[0].label", "U+200B", "site-data/lanes.yml")]),
    ("rlo-in-site-name", {"site-data/site.yml": 'name: "Desk\\u202e"\n'},
     [_invisible(1, "name", "U+202E", "site-data/site.yml")]),
]


#: The cases that write one lane page only, built as one site.
TOGETHER = Together(CASES)


together = TOGETHER.fixture()


@pytest.mark.parametrize(("case", "files", "expected"),
                         [pytest.param(i, f, e, id=i) for i, f, e in CASES])
def test_over_a_limit_or_with_an_invisible_character_is_refused_at_its_line(
        tmp_path: Path, request: pytest.FixtureRequest, case: str, files: dict[str, str],
        expected: list[str]) -> None:
    if case in TOGETHER:  # its page in the site of every such case
        built = request.getfixturevalue("together")
        problems, expected = TOGETHER.problems(case, built, expected)
    else:
        built = build_site(tmp_path, files, strict=True)
        problems = built.problems()
        assert built.ok == (not expected)
    assert problems == expected
    assert (built.site / "sitemap.xml").is_file()  # the build went through


def test_a_page_file_named_with_an_invisible_character_is_refused_at_the_file(
        tmp_path: Path) -> None:
    name = "content/guides/gpj.\u202egnp.md"
    built = build_site(tmp_path, {name: page()}, strict=True)
    shown = "content/guides/gpj.\\u202egnp.md"
    assert built.problems() == [
        f"{shown}: the file name contains an invisible or direction-changing character "
        "(U+202E), which makes its address read otherwise than it is: rename the file",
        f"{shown}: left out of the build until its errors are fixed"]
    assert not (built.site / "guides" / "gpj.\u202egnp").exists()


def test_the_limits_are_in_the_schema_editors_read() -> None:
    schema = model.LanePage.model_json_schema()
    assert schema["properties"]["title"]["maxLength"] == model.TITLE_MAX == 200
    assert schema["properties"]["tags"]["maxItems"] == model.TAGS_MAX == 30
