"""Bad input: real sites (one per case, or one for the cases that write one lane page
only), each case's exact messages pinned, --strict failing on each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jinja2 import Environment

from opsdesk.project import Project
from opsdesk.render import syntax_problems
from opsdesk.session import Session

from .support.html import text
from .support.pages import LEFT_OUT, Together, page
from .support.search import search_index
from .support.sites import SITES, Built, build_site

# (id, files written over the basic site, expected log lines, is the page published?)
CASES: list[tuple[str, dict[str, str | None], list[str], bool]] = [
    ("invalid-yaml",
     {"content/guides/bad.md": "---\ntitle: Bad\ndescription: [oops\nupdated: 2026-06-01\n---\n"},
     ["content/guides/bad.md:3: front matter is not valid YAML: the list that starts here "
      "with '[' is never closed (line 3, column 14); end it with ']'", LEFT_OUT], False),
    ("value-with-colon",
     {"content/guides/bad.md": page().replace("title: Bad Guide", "title: Bad: Guide")},
     ["content/guides/bad.md:2: front matter is not valid YAML: a ': ' inside a value without "
      "quotes (line 2, column 11); a value containing ': ' must be quoted: "
      "title: \"Bad: Guide\"", LEFT_OUT],
     False),
    ("not-a-mapping",
     {"content/guides/bad.md": "---\n- title\n- description\n---\n\nBody.\n"},
     ["content/guides/bad.md:2: front matter must be a mapping of keys to values, got a list",
      LEFT_OUT], False),
    ("front-matter-not-closed",
     {"content/guides/bad.md": "---\ntitle: Bad Guide\n\nBody.\n"},
     ["content/guides/bad.md:1: front matter is not closed: add a line '---' after its last key",
      LEFT_OUT], False),
    ("missing-required-key",
     {"content/guides/bad.md": page().replace("description: A page under test.\n", "")},
     ["content/guides/bad.md:1: description: field required", LEFT_OUT], False),
    ("order-not-a-number",
     {"content/guides/bad.md": page("order: first\n")},
     ["content/guides/bad.md:5: order: expected a whole number, got 'first'", LEFT_OUT], False),
    ("updated-not-a-date",
     {"content/guides/bad.md": page().replace("2026-06-01", "June 1st")},
     ["content/guides/bad.md:4: updated: expected a date as YYYY-MM-DD, got 'June 1st'",
      LEFT_OUT], False),
    ("tags-not-a-list",
     {"content/guides/bad.md": page("tags: 5\n")},
     ["content/guides/bad.md:5: tags: expected a list, got 5; write a list, such as tags: [5]",
      LEFT_OUT], False),
    ("tag-with-markup",
     {"content/guides/bad.md": page("tags: [ok, <b>bold</b>]\n")},
     ["content/guides/bad.md:5: tags[1]: a tag is plain text without '<' or '>', got "
      "'<b>bold</b>'", LEFT_OUT], False),
    ("title-not-text",
     {"content/guides/bad.md": page().replace("title: Bad Guide", "title: 404")},
     ["content/guides/bad.md:2: title: expected text, got 404; quote it if it is meant as "
      "text: \"404\"", LEFT_OUT], False),
    ("unknown-key",
     {"content/guides/bad.md": page("nxet: guides/beta.md\n")},
     ["content/guides/bad.md:5: nxet: unknown key (did you mean 'next'?)", LEFT_OUT], False),
    ("unknown-nested-key",
     {"content/guides/bad.md": page("checklists:\n  c:\n    itmes: [One]\n")},
     ["content/guides/bad.md:6: checklists.c.items: field required",
      "content/guides/bad.md:7: checklists.c.itmes: unknown key (did you mean 'items'?)",
      LEFT_OUT], False),
    ("key-given-twice",
     {"content/guides/bad.md": page("title: Again\n")},
     ["content/guides/bad.md:5: title: key given twice (first on line 2); keep one", LEFT_OUT],
     False),
    ("next-missing-page",
     {"content/guides/bad.md": page("next: guides/alfa.md\n")},
     ["content/guides/bad.md:5: next: no page 'guides/alfa.md' (did you mean "
      "'guides/alpha.md'?)"], True),
    ("next-is-a-draft",
     {"content/guides/bad.md": page("next: guides/draft.md\n"),
      "content/guides/draft.md": page("draft: true\n").replace("Bad Guide", "Draft")},
     ["content/guides/bad.md:5: next: 'guides/draft.md' is a draft, and drafts are never "
      "linked"], True),
    ("next-is-itself",
     {"content/guides/bad.md": page("next: guides/bad.md\n")},
     ["content/guides/bad.md:5: next: a page cannot link to itself"], True),
    ("next-not-a-path",
     {"content/guides/bad.md": page("next: true\n")},
     ["content/guides/bad.md:5: next: expected a page path relative to content/, such as "
      "'guides/some-page.md', or false, got true", LEFT_OUT], False),
    ("related-missing-page",
     {"content/guides/bad.md": page("related:\n  - guides/beta.md\n  - guides/gone.md\n")},
     ["content/guides/bad.md:7: related[1]: no page 'guides/gone.md'"], True),
    ("marker-names-no-checklist",
     {"content/guides/bad.md": page("checklists:\n  before: {items: [One]}\n",
                                    "\n<!-- checklist: befor -->\n")},
     ["content/guides/bad.md:11: checklists.befor: the marker names no checklist (did you mean "
      "'before'?) (checklists in the front matter: before)", LEFT_OUT], False),
    ("marker-misspelt",
     {"content/guides/bad.md": page(body="\n<!-- FAQs -->\n")},
     ["content/guides/bad.md:9: '<!-- FAQs -->' is not a marker: write '<!-- checklist: ID -->' "
      "or '<!-- faq -->' or '<!-- tool: ID -->' alone on its line", LEFT_OUT], False),
    ("tool-marker-names-no-tool",
     {"content/guides/bad.md": page(body="\n<!-- tool: retry-budgte -->\n")},
     ["content/guides/bad.md:9: <!-- tool: retry-budgte --> names no tool (did you mean "
      "'retry-budget'?) (tools: retry-budget)", LEFT_OUT], False),
    ("checklist-without-items",
     {"content/guides/bad.md": page("checklists:\n  before:\n    items: []\n")},
     ["content/guides/bad.md:7: checklists.before.items: needs at least one item", LEFT_OUT],
     False),
    ("faq-item-without-answer",
     {"content/guides/bad.md": page("faq:\n  - q: One?\n    a: Yes.\n  - q: Two?\n")},
     ["content/guides/bad.md:8: faq[1].a: field required", LEFT_OUT], False),
    ("faq-item-without-question",
     {"content/guides/bad.md": page("faq:\n  - a: Orphan answer.\n")},
     ["content/guides/bad.md:6: faq[0].q: field required", LEFT_OUT], False),
    ("not-utf-8",
     {"content/guides/bad.md": "---\ntitle: Bad Guide\n---\n\nCaf\udce9 au lait.\n"},
     ["content/guides/bad.md:5: is not UTF-8 text (byte 0xe9): save the file as UTF-8",
      LEFT_OUT], False),
    ("site-yml-missing",
     {"site-data/site.yml": None},
     ["site-data/site.yml: file not found: the site needs site-data/site.yml"], True),
    ("site-yml-invalid-yaml",
     {"site-data/site.yml": "name: Fixture Desk\nurl: [\n"},
     ["site-data/site.yml:2: not valid YAML: the list that starts here with '[' is never "
      "closed (line 2, column 6); end it with ']'"], True),
    ("site-yml-missing-key",
     {"site-data/site.yml": "url: https://fixture.example.org/\n"},
     ["site-data/site.yml:1: name: field required"], True),
    ("site-yml-unknown-key",
     {"site-data/site.yml": "name: Fixture Desk\nword_per_minute: 200\n"},
     ["site-data/site.yml:2: word_per_minute: unknown key (did you mean 'words_per_minute'?)"],
     True),
    ("label-with-unknown-placeholder",
     {"site-data/site.yml": "name: Fixture Desk\nlabels:\n  reading_time: '{mins} min'\n"},
     ["site-data/site.yml:3: labels.reading_time: may use only the placeholders {minutes}; "
      "write '{{' and '}}' for a literal brace"], True),
    ("lanes-duplicate-id",
     {"site-data/lanes.yml": "- {id: guides, label: guides}\n- {id: fixes, label: fixes}\n"
                             "- {id: guides, label: more guides}\n"},
     ["site-data/lanes.yml:3: [2].id: duplicate lane id 'guides' (first on line 1)"], True),
    ("lanes-unknown-key",
     {"site-data/lanes.yml": "- {id: guides, label: guides, categroy: Core topic}\n"
                             "- {id: fixes, label: fixes}\n"},
     ["site-data/lanes.yml:1: [0].categroy: unknown key (did you mean 'category'?)"], True),
    ("lane-without-pages",
     {"site-data/lanes.yml": "- {id: guides, label: guides}\n- {id: fixes, label: fixes}\n"
                             "- {id: tools, label: tools}\n"},
     ["site-data/lanes.yml:3: [2].id: lane 'tools' has no pages: add one under content/tools/"],
     True),
    ("policy-link-missing-page",
     {"site-data/policies.yml": "links:\n  - title: Privacy\n    page: policies/privcy.md\n"},
     ["content/policies/privacy.md:1: 'policies/' is not a lane (lanes: guides, fixes) and no "
      "link names this page: move it into a lane folder or link it from "
      "site-data/policies.yml",
      "site-data/policies.yml:3: links[0].page: no page 'policies/privcy.md' (did you mean "
      "'policies/privacy.md'?)"], True),
    ("page-in-no-lane",
     {"content/misc/stray.md": "---\ntitle: Stray\n---\n\nText.\n"},
     ["content/misc/stray.md:1: 'misc/' is not a lane (lanes: guides, fixes) and no link names "
      "this page: move it into a lane folder or link it from site-data/policies.yml"], True),
]


#: The cases that write one lane page only, built as one site (a page's errors leave out
#: that page alone), with and without --strict; not the page that names its own address.
TOGETHER = Together(CASES, but={"next-is-itself"})


@pytest.fixture(scope="module")
def together(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return TOGETHER.build(tmp_path_factory.mktemp("together"), strict=False)


@pytest.fixture(scope="module")
def together_strict(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return TOGETHER.build(tmp_path_factory.mktemp("together-strict"))


@pytest.mark.parametrize(("case", "files", "expected", "published"),
                         [pytest.param(i, f, e, p, id=i) for i, f, e, p in CASES])
def test_each_bad_input_is_reported_exactly_and_the_build_goes_on(
        tmp_path: Path, request: pytest.FixtureRequest, case: str,
        files: dict[str, str | None], expected: list[str], published: bool) -> None:
    if case in TOGETHER:  # its page in the site of every such case
        built = request.getfixturevalue("together")
        problems, expected = TOGETHER.problems(case, built, expected)
        url = TOGETHER.url(case)
    else:
        built = build_site(tmp_path, {"content/guides/bad.md": page(), **files})
        problems, url = built.problems(), "guides/bad/"

    assert built.ok
    assert problems == expected
    assert built.exists(url) is published
    # Every valid page is complete.
    alpha = built.html("guides/alpha/")
    assert text(alpha.select_one("article h1")) == "Alpha Guide"
    assert alpha.select_one(".opsdesk-policies") is not None


@pytest.mark.parametrize(("case", "files", "expected"),
                         [pytest.param(i, f, e, id=i) for i, f, e, _ in CASES])
def test_strict_fails_on_each_bad_input(tmp_path: Path, request: pytest.FixtureRequest,
                                        case: str, files: dict[str, str | None],
                                        expected: list[str]) -> None:
    if case in TOGETHER:  # its page in the site of every such case
        built = request.getfixturevalue("together_strict")
        problems, expected = TOGETHER.problems(case, built, expected)
    else:
        built = build_site(tmp_path, {"content/guides/bad.md": page(), **files}, strict=True)
        problems = built.problems()

    assert not built.ok
    assert problems == expected


def test_all_problems_of_a_build_are_reported_together(tmp_path: Path) -> None:
    built = build_site(tmp_path, {
        "content/guides/one.md": page("order: first\n"),
        "content/guides/two.md": page("nxet: x.md\n"),
        "site-data/site.yml": "name: Fixture Desk\nurll: x\n",
    })
    assert built.problems() == [
        "content/guides/one.md:5: order: expected a whole number, got 'first'",
        "content/guides/two.md:5: nxet: unknown key (did you mean 'next'?)",
        "site-data/site.yml:2: urll: unknown key (did you mean 'url'?)",
        "content/guides/one.md: left out of the build until its errors are fixed",
        "content/guides/two.md: left out of the build until its errors are fixed",
    ]


def test_unreadable_front_matter_is_never_published_as_text(tmp_path: Path) -> None:
    built = build_site(tmp_path, {
        "content/guides/bad.md": "---\ntitle: Bad\ndescription: [oops\n---\n\nBody.\n"},
        search=True)
    assert not built.exists("guides/bad/")
    for html in built.site.rglob("*.html"):
        assert "description: [oops" not in html.read_text()
    assert "[oops" not in json.dumps(search_index(built.site))


@pytest.mark.parametrize(("name", "template", "expected"), [
    ("overrides/partials/opsdesk/quick-take.html", "<aside>{{ view.quick_take }\n",
     "overrides/partials/opsdesk/quick-take.html:1: template syntax error: unexpected '}'"),
    # rendered as MkDocs converts the page (a checklist is placed in its body)
    ("overrides/partials/opsdesk/checklist.html", "<ul>{% for x in view %}\n",
     "overrides/partials/opsdesk/checklist.html:1: template syntax error: Unexpected end of "
     "template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost "
     "block that needs to be closed is 'for'."),
    ("overrides/main.html", '{% extends "base.html" %}\n{% block content %}{% endblok %}\n',
     "overrides/main.html:2: template syntax error: Encountered unknown tag 'endblok'. "
     "Jinja was looking for the following tags: 'endblock'. The innermost block that needs "
     "to be closed is 'block'."),
])
def test_a_template_syntax_error_stops_the_build_with_its_location(
        tmp_path: Path, name: str, template: str, expected: str) -> None:
    config = (SITES / "basic" / "mkdocs.yml").read_text(encoding="utf-8")
    built = build_site(tmp_path, {
        "mkdocs.yml": config.replace("  font: false", "  font: false\n  custom_dir: overrides"),
        name: template,
    })

    assert not built.ok  # stopped cleanly (MkDocs' Abort), not by a traceback
    assert built.problems() == [expected]


def test_the_templates_parsed_are_those_the_loader_reads(tmp_path: Path) -> None:
    """Each name's template of the first folder that has it as a confined file: ours that
    the site's shadows is never rendered, so never parsed; ours behind the site's link out
    of its folder is."""
    site, ours, outside = tmp_path / "site", tmp_path / "ours", tmp_path / "outside"
    for path, written in {site / "main.html": "{{ fine }}",
                       ours / "main.html": "{{ shadowed }",
                       ours / "partials/read.html": "{% if %}",
                       outside / "linked.html": "{{ fine }}",
                       ours / "linked.html": "{{ read }"}.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(written, encoding="utf-8")
    (site / "linked.html").symlink_to(outside / "linked.html")

    problems = syntax_problems(Environment(), [site, ours],  # noqa: S701 - parse only
                               lambda path: path.relative_to(tmp_path).as_posix())

    assert [str(problem) for problem in problems] == [
        "ours/linked.html:1: template syntax error: unexpected '}'",
        "ours/partials/read.html:1: template syntax error: Expected an expression, got "
        "'end of statement block'"]


def test_only_the_sites_own_templates_are_parsed(tmp_path: Path) -> None:
    """The site's folder is authors' input; the folders after it (ours, Material's) come
    with their packages: a build or check parses only the site's (each build of a site
    without a folder of its own parsed ours, twice with the check)."""
    site, theirs = tmp_path / "overrides", tmp_path / "package"
    for folder in (site, theirs):
        (folder / "partials").mkdir(parents=True)
        (folder / "partials/broken.html").write_text("{{ broken }", encoding="utf-8")
    project = Project(root=tmp_path, docs_dir=tmp_path / "content",
                      site_data=tmp_path / "site-data", custom_dir=site,
                      templates=(site, theirs))

    assert [str(p) for p in Session(project).template_problems()] == [
        "overrides/partials/broken.html:1: template syntax error: unexpected '}'"]
    no_folder = Project(root=tmp_path, docs_dir=tmp_path / "content",
                        site_data=tmp_path / "site-data", templates=(theirs,))
    assert Session(no_folder).template_problems() == []
