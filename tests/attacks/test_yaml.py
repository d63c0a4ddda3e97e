"""Family 3: hostile YAML in front matter and site data.

Tags that would run code, alias bombs, self-reference, deep nesting, huge values,
duplicate and non-text keys, and keys that try to forge a second problem line: each is a
located problem on exactly one line (keys and values escaped, no Python reprs), never a
traceback, a hang or a file written; ``--strict`` fails.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ..support.pages import LEFT_OUT, Together, page
from ..support.sites import Built, build_site

_BOMB = "x0: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"x{n}: &{c} [{', '.join(['*' + p] * 9)}]\n"
    for n, (p, c) in enumerate(zip("abcdefgh", "bcdefghi", strict=True), 1)) + "tags: *i\n"
_UNKNOWN_TAG = ("front matter is not valid YAML: a value starting with '!' is a YAML tag, and "
                "this one is unknown")
_QUOTE_IT = "; put the value in quotes if the '!' is text"

# (id, files, exact problems)
CASES: list[tuple[str, dict[str, str], list[str]]] = [
    ("python-object", {"content/guides/bad.md": page(
        'order: !!python/object/apply:os.system ["touch pwned"]\n')},
     [f"content/guides/bad.md:5: {_UNKNOWN_TAG} (line 5, column 8){_QUOTE_IT}", LEFT_OUT]),
    ("python-name", {"content/guides/bad.md": page("order: !!python/name:os.system\n")},
     [f"content/guides/bad.md:5: {_UNKNOWN_TAG} (line 5, column 8){_QUOTE_IT}", LEFT_OUT]),
    ("custom-tag", {"content/guides/bad.md": page("keyword: !ENV HOME\n")},
     [f"content/guides/bad.md:5: {_UNKNOWN_TAG} (line 5, column 10){_QUOTE_IT}", LEFT_OUT]),
    ("tag-in-site-data", {"site-data/site.yml": "name: !!python/name:os.system\n"},
     ["site-data/site.yml:1: not valid YAML: a value starting with '!' is a YAML tag, and this "
      f"one is unknown (line 1, column 7){_QUOTE_IT}"]),
    ("billion-laughs", {"content/guides/bad.md": page(_BOMB)},
     [*(f"content/guides/bad.md:{5 + n}: x{n}: unknown key" for n in range(9)),
      *(f"content/guides/bad.md:14: tags[{n}]: expected text, got a list" for n in range(9)),
      LEFT_OUT]),
    ("bomb-in-site-data", {"site-data/site.yml": "name: &a [lol, lol]\nurl: *a\n"},
     ["site-data/site.yml:1: name: expected text, got a list",
      "site-data/site.yml:2: url: expected text, got a list"]),
    ("refers-to-itself", {"content/guides/bad.md": page("tags: &t [*t]\n")},
     ["content/guides/bad.md:5: tags[0]: expected text, got a list", LEFT_OUT]),
    ("deep-nesting", {"content/guides/bad.md": page("tags: " + "[" * 5000 + "]" * 5000 + "\n")},
     ["content/guides/bad.md:5: front matter is not valid YAML: exceeded maximum nesting depth "
      "(line 5, column 1006)", LEFT_OUT]),
    ("nesting-under-the-limit", {"content/guides/bad.md": page(
        "tags: " + "[" * 500 + "]" * 500 + "\n")},
     ["content/guides/bad.md:5: tags[0]: expected text, got a list", LEFT_OUT]),
    ("duplicate-nested-key", {"content/guides/bad.md": page(
        "checklists:\n  c:\n    items: [a]\n    items: [b]\n")},
     ["content/guides/bad.md:8: checklists.c.items: key given twice (first on line 7); keep one",
      LEFT_OUT]),
    ("non-text-keys", {"content/guides/bad.md": page("1: x\nnull: y\n2026-01-01: z\n")},
     ['content/guides/bad.md:5: 1: a non-text key (a whole number): keys are text; quote it '
      'if it is meant as one: "1"',
      'content/guides/bad.md:6: null: a non-text key (nothing): keys are text; quote it if it '
      'is meant as one: "null"',
      'content/guides/bad.md:7: 2026-01-01: a non-text key (a date): keys are text; quote it '
      'if it is meant as one: "2026-01-01"', LEFT_OUT]),
    ("non-text-nested-key", {"content/guides/bad.md": page("checklists:\n  1:\n    items: [a]\n")},
     ['content/guides/bad.md:6: checklists.1: a non-text key (a whole number): keys are text; '
      'quote it if it is meant as one: "1"', LEFT_OUT]),
    ("non-text-key-in-site-data", {"site-data/site.yml": "name: Desk\n3.5: x\n"},
     ['site-data/site.yml:2: 3.5: a non-text key (a number): keys are text; quote it if it is '
      'meant as one: "3.5"']),
    ("forged-problem-line", {"content/guides/bad.md": page(
        '"nxet\\ncontent/guides/bad.md:1: title: forged\\e[2K": x\n')},
     ["content/guides/bad.md:5: nxet\\ncontent/guides/bad.md:1: title: forged\\u001b[2K: "
      "unknown key", LEFT_OUT]),
    ("escape-sequence-in-value", {"content/guides/bad.md": page('order: "1\\n\\e[31m2"\n')},
     ["content/guides/bad.md:5: order: expected a whole number, got '1\\n\\u001b[31m2'",
      LEFT_OUT]),
    ("bidirectional-override-in-key", {"content/guides/bad.md": page('"ti\\u202eeltit": x\n')},
     ["content/guides/bad.md:5: ti\\u202eeltit: unknown key", LEFT_OUT]),
]


#: The cases that write one lane page only, built as one site.
TOGETHER = Together(CASES)


@pytest.fixture(scope="module")
def together(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, float]:
    """The site of ``TOGETHER``, and the seconds its build took."""
    start = time.monotonic()
    built = TOGETHER.build(tmp_path_factory.mktemp("together"))
    return built, time.monotonic() - start


@pytest.mark.parametrize(("case", "files", "expected"),
                         [pytest.param(i, f, e, id=i) for i, f, e in CASES])
def test_hostile_yaml_is_one_located_line_per_problem(
        tmp_path: Path, request: pytest.FixtureRequest, case: str, files: dict[str, str],
        expected: list[str]) -> None:
    if case in TOGETHER:  # its page in the site of every such case
        built, seconds = request.getfixturevalue("together")
        problems, expected = TOGETHER.problems(case, built, expected)
    else:
        start = time.monotonic()
        built = build_site(tmp_path, {"content/guides/bad.md": page(), **files}, strict=True)
        seconds, problems = time.monotonic() - start, built.problems()

    assert not built.ok
    assert problems == expected
    assert all("\n" not in line and "\x1b" not in line for line in built.messages())
    assert not (built.root / "pwned").exists()
    assert seconds < 60  # no bomb went off


def test_a_huge_value_is_built_or_refused_without_hanging(tmp_path: Path) -> None:
    huge = "word " * 200_000  # a megabyte of text in one field
    start = time.monotonic()
    built = build_site(tmp_path, {"content/guides/bad.md": page(f"audience: {huge}\n")},
                       strict=True)

    # refused at once, unparsed: a front matter is at most 64 KiB (issue 20)
    assert not built.ok
    assert built.problems() == [
        "content/guides/bad.md:1: the front matter is 1,000,080 bytes, over the limit of "
        "65,536 (64 KiB; AUTHORING.md, Limits): shorten it",
        "content/guides/bad.md: left out of the build until its errors are fixed"]
    assert time.monotonic() - start < 60
