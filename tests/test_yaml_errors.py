"""YAML syntax errors: each class reported at its cause, in words, its text pinned exactly.

libyaml (the loader the build uses) reports where it gave up: the end of the front
matter for an unclosed quote, the next key for an unclosed bracket. The message must
name the line and column where the quote, bracket or badly indented line stands.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from opsdesk.load import parse_yaml
from opsdesk.source import load_page

from .support.html import text
from .support.sites import build_site

#: A valid lane page of the basic fixture site; each case changes some of its lines.
LINES = [
    "---",                                    # 1
    "title: Webhook Retries",                 # 2
    "description: When to retry a webhook.",  # 3
    "updated: 2026-06-01",                    # 4
    "keyword: webhook retries",               # 5
    "audience: ops teams",                    # 6
    "order: 3",                               # 7
    "quick_take: Retry with a budget.",       # 8
    "tags: [retries, webhooks]",              # 9
    "category: Field notes",                  # 10
    "checklists:",                            # 11
    "  before:",                              # 12
    "    items: [Check the budget.]",         # 13
    "faq:",                                   # 14
    "  - q: How often?",                      # 15
    "    a: Three times.",                    # 16
    "next: false",                            # 17
    "---",                                    # 18
    "",
    "Body.",
    "",
]


def page(changes: dict[int, str]) -> str:
    """The page with the 1-based ``changes`` lines replaced."""
    lines = list(LINES)
    for number, line in changes.items():
        lines[number - 1] = line
    return "\n".join(lines)


FILE = "content/guides/bad.md"
NOT_VALID = f"{FILE}:{{}}: front matter is not valid YAML: "
LEFT_OUT = f"{FILE}: left out of the build until its errors are fixed"

# (id, lines changed, the one problem reported)
CASES: list[tuple[str, dict[int, str], str]] = [
    ("double-quote-unclosed-line-3",
     {3: 'description: "When to retry a webhook.'},
     NOT_VALID.format(3) + "the quoted text that starts here is never closed (line 3, column 14); "
     'end it with " where the text ends; write a " inside the text as \\"'),
    ("single-quote-unclosed-line-3",
     {3: "description: 'When to retry a webhook."},
     NOT_VALID.format(3) + "the quoted text that starts here is never closed (line 3, column 14); "
     "end it with ' where the text ends; write a ' inside the text as ''"),
    ("double-quote-unclosed-line-8",
     {8: 'quick_take: "Retry with a budget.'},
     NOT_VALID.format(8) + "the quoted text that starts here is never closed (line 8, column 13); "
     'end it with " where the text ends; write a " inside the text as \\"'),
    ("single-quote-closed-by-a-later-apostrophe",
     {8: "quick_take: 'Retry with a budget.", 10: "category: Operators' notes"},
     NOT_VALID.format(8) + "the quoted text that starts here is closed only by the ' on line 10, "
     "column 20 (line 8, column 13); end it with ' on its first line; write a ' inside the "
     "text as ''"),
    ("double-quote-closed-by-a-later-quoted-word",
     {8: 'quick_take: "Retry with a budget.', 10: 'category: The "field" notes'},
     NOT_VALID.format(8) + 'the quoted text that starts here is closed only by the " on line 10, '
     'column 15 (line 8, column 13); end it with " on its first line; write a " inside the '
     'text as \\"'),
    ("text-after-the-closing-quote",
     {2: 'title: "Webhook" retries'},
     NOT_VALID.format(2) + "text after the closing quote (line 2, column 18); put the quotes "
     "around the whole value, or write it without quotes"),
    ("bracket-unclosed",
     {9: "tags: [retries, webhooks"},
     NOT_VALID.format(9) + "the list that starts here with '[' is never closed (line 9, "
     "column 7); end it with ']'"),
    ("brace-unclosed",
     {12: "  before: {items: [Check the budget.]"},
     NOT_VALID.format(12) + "the mapping that starts here with '{' is never closed (line 12, "
     "column 11); end it with '}'"),
    ("indented-between-two-levels",
     {16: "   a: Three times."},
     NOT_VALID.format(16) + "this line is indented 3 spaces, which lines it up with no key or "
     "item above it (line 16, column 4); indent it exactly as the keys (or '- ' items) it "
     "belongs with"),
    ("key-indented-under-a-value",
     {4: "  updated: 2026-06-01"},
     NOT_VALID.format(4) + "this line is indented under the value on line 3, so it reads as "
     "more of that value (line 4, column 3); indent it as the key it belongs with"),
    ("tab-before-a-top-level-key",
     {5: "\tkeyword: webhook retries"},
     NOT_VALID.format(5) + "a tab in the indentation (line 5, column 1); indent with spaces, "
     "not tabs"),
    ("tab-in-nested-indentation",
     {13: "\titems: [Check the budget.]"},
     NOT_VALID.format(13) + "a tab in the indentation (line 13, column 1); indent with spaces, "
     "not tabs"),
    ("tab-after-spaces",
     {13: "  \titems: [Check the budget.]"},
     NOT_VALID.format(13) + "a tab in the indentation (line 13, column 3); indent with spaces, "
     "not tabs"),
    ("tab-in-a-list-item",
     {16: "\t a: Three times."},
     NOT_VALID.format(16) + "a tab in the indentation (line 16, column 1); indent with spaces, "
     "not tabs"),
    ("colon-in-a-plain-value",
     {2: "title: Webhook Retries: a field guide"},
     NOT_VALID.format(2) + "a ': ' inside a value without quotes (line 2, column 23); a value "
     "containing ': ' must be quoted: title: \"Webhook Retries: a field guide\""),
    ("colon-in-a-nested-plain-value",
     {15: "  - q: How often: really?"},
     NOT_VALID.format(15) + "a ': ' inside a value without quotes (line 15, column 17); a value "
     "containing ': ' must be quoted: - q: \"How often: really?\""),
    ("line-without-colon",
     {6: "audience"},
     NOT_VALID.format(6) + "this line is neither 'key: value' nor indented under the value "
     "above it (line 6, column 1); add ': ' after the key, or indent the line as more of the "
     "value above"),
    ("value-starting-with-a-reserved-character",
     {5: "keyword: @retries"},
     NOT_VALID.format(5) + "a value cannot start with '@' (line 5, column 10); put the value "
     "in quotes"),
    ("value-starting-with-an-alias",
     {5: "keyword: *retries"},
     NOT_VALID.format(5) + "a value starting with '*' refers to an anchor that is not defined "
     "(line 5, column 10); put the value in quotes if it is text"),
    ("front-matter-not-closed",
     {18: ""},
     f"{FILE}:1: front matter is not closed: add a line '---' after its last key"),
]

#: The cases also built as a real site (the rest share the same code path).
BUILT = {"double-quote-unclosed-line-3", "single-quote-closed-by-a-later-apostrophe",
         "bracket-unclosed", "tab-before-a-top-level-key", "colon-in-a-plain-value",
         "front-matter-not-closed"}


def test_the_unchanged_page_is_valid(tmp_path: Path) -> None:
    built = build_site(tmp_path, {FILE: page({})}, strict=True)

    assert built.ok, built.messages()
    assert text(built.html("guides/bad/").select_one("article h1")) == "Webhook Retries"


def test_the_build_reads_yaml_with_libyaml() -> None:
    """The messages below are libyaml's, put in words: the build must use it."""
    from opsdesk import load

    assert load._Loader is yaml.CSafeLoader


@pytest.mark.parametrize(("changes", "expected"),
                         [pytest.param(c, e, id=i) for i, c, e in CASES])
def test_each_syntax_error_is_reported_at_its_cause(changes: dict[int, str],
                                                    expected: str) -> None:
    source = load_page(page(changes), path="guides/bad.md", file=FILE,
                       lane_ids=["guides", "fixes"])

    assert [str(p) for p in source.problems] == [expected]
    assert source.meta is None


@pytest.mark.parametrize(("changes", "expected"),
                         [pytest.param(c, e, id=i) for i, c, e in CASES if i in BUILT])
def test_the_build_prints_the_same_line_and_strict_fails(
        tmp_path: Path, changes: dict[int, str], expected: str) -> None:
    built = build_site(tmp_path, {FILE: page(changes)}, strict=True)

    assert not built.ok
    assert built.problems() == [expected, LEFT_OUT]
    assert not built.exists("guides/bad/")


def test_a_site_data_file_is_reported_at_its_cause(tmp_path: Path) -> None:
    site_yml = ('name: Fixture Desk\ndescription: "Operator-side guides\n'
                "url: https://fixture.example.org/\nlanguage: en\n")

    built = build_site(tmp_path, {"site-data/site.yml": site_yml})

    assert built.problems() == [
        "site-data/site.yml:2: not valid YAML: the quoted text that starts here is never closed "
        '(line 2, column 14); end it with " where the text ends; write a " inside the text '
        'as \\"'
    ]


@pytest.mark.parametrize(("yaml_text", "expected"), [
    pytest.param("- id: guides\n  label: guides\n- id: fixes\n  label: [fixes\n",
                 "site-data/lanes.yml:4: not valid YAML: the list that starts here with '[' is "
                 "never closed (line 4, column 10); end it with ']'", id="lanes-bracket"),
    pytest.param("- id: guides\n\t label: guides\n",
                 "site-data/lanes.yml:2: not valid YAML: a tab in the indentation (line 2, "
                 "column 1); indent with spaces, not tabs", id="lanes-tab"),
    pytest.param("heading: Policies\n---\nlinks: []\n",
                 "site-data/lanes.yml:2: not valid YAML: a second YAML document starts here "
                 "(line 2, column 1); a file holds one: remove this '---' line",
                 id="second-document"),
    pytest.param('text: "50\\% off"\n',
                 "site-data/lanes.yml:1: not valid YAML: an unknown escape ('\\') in "
                 "double-quoted text, in the quoted text that starts on line 1, column 7 "
                 "(line 1, column 10); write a backslash as \\\\, or put the text in single "
                 "quotes", id="unknown-escape"),
])
def test_parse_yaml_reports_site_data_at_the_cause(yaml_text: str, expected: str) -> None:
    located = parse_yaml(yaml_text, file="site-data/lanes.yml")

    assert located.value is None
    assert [str(p) for p in located.problems] == [expected]


@pytest.mark.parametrize(("depth", "told"), [(599, False), (601, True), (998, True)])
def test_front_matter_nested_too_deep_is_one_located_problem(depth: int, told: bool) -> None:
    """libyaml reads lists nested up to 1,000 deep; finding each one's line went deeper
    than Python's recursion allows, and a page nested 998 deep stopped the build with a
    traceback. Past ``DEPTH_MAX`` levels it is one problem at the line that goes deeper
    (the attacks of ``attacks/test_yaml.py`` nest 500 deep: a problem of the schema)."""
    from opsdesk.load import DEPTH_MAX, parse_yaml

    text = "title: Deep\nextra:\n  - " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"
    located = parse_yaml(text, file="content/guides/deep.md", first_line=2)
    if not told:
        assert located.problems == []
        return
    assert [(p.line, p.message) for p in located.problems] == [
        (4, f"not valid YAML: nested more than {DEPTH_MAX} levels deep (lists or mappings "
            "inside each other): front matter needs a few")]


def test_a_page_nested_998_deep_fails_the_build_with_its_line(tmp_path: Path) -> None:
    """The attack above through a build: a located error, the strict build stops, no
    traceback."""
    nested = "[" * 997 + "]" * 997
    built = build_site(tmp_path, {"content/guides/deep.md": f"""
        ---
        title: Deep
        extra: {nested}
        ---
        Body.
        """}, strict=True)
    assert not built.ok
    assert any(message.startswith("content/guides/deep.md:3: front matter is not valid "
                                  "YAML: nested more than 600 levels deep")
               for message in built.messages())
