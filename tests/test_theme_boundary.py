"""One boundary for the theme (``opsdesk.theme``): every value handed to Material or to
our templates is escaped or marked safe there, and templates only print view fields and
labels.

(a) no module of the package but ``theme`` escapes HTML, marks a string safe or makes a
Jinja environment (by ``ast``); (b) no template computes data: no method call but
Material's ``lang.t`` and ``super()``, no filter but ``url`` (and ``e`` on Material's
values), no comparison, inline ``if``, ``~``, arithmetic, test or filtered loop (``or`` gives
Material's icons their defaults), and no English
sentence outside the labels (by Jinja's own parser and lexer); (c) hostile strings in
every site-data field and label the theme prints reach every page as text.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

import opsdesk
from opsdesk import theme
from opsdesk.model import Labels

from .attacks.common import CALL, unsafe_elements
from .support.html import text
from .support.pages import page
from .support.sites import build_site

PACKAGE = Path(opsdesk.__file__).parent
TEMPLATES = PACKAGE.parent.parent / "templates"
BOUNDARY = "theme.py"

# -- (a) one module escapes ---------------------------------------------------------------

#: Calls that escape HTML or mark a string safe, as ``ast`` sees them.
_MARKING = {"escape", "escape_silent", "Markup", "soft_str"}
#: ``module.function`` calls that do (``html.unescape`` reads HTML: not a boundary).
_QUALIFIED = {("html", "escape"), ("markupsafe", "escape"), ("markupsafe", "Markup"),
              ("Markup", "escape"), ("jinja2", "Environment")}

#: ``json.dumps`` outside the boundary, each never printed into HTML.
ALLOWED_JSON = {
    "cli.py": "opsdesk check --json and opsdesk schema write JSON to the terminal",
    "scaffold.py": "opsdesk new writes a YAML (JSON-compatible) scalar into front matter",
    "load.py": "a YAML error message quotes the value it read",
    "search_order.py": "Pagefind's own entry file (JSON), rewritten in order",
}

#: Jinja environments made outside the boundary, each rendering nothing.
ALLOWED_ENVIRONMENTS = {
    "session.py": "parses the templates to report syntax errors (opsdesk check)",
}


def _escaping_calls(path: Path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("markupsafe", "html") and \
                any(alias.name in _MARKING - {"Markup"} for alias in node.names):
            found.append(f"{path.name}:{node.lineno}: imports an escaping function")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and (func.id in _MARKING or (func.id == "Environment"
                                           and path.name not in ALLOWED_ENVIRONMENTS)):
            found.append(f"{path.name}:{node.lineno}: {func.id}(...)")
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            pair = (func.value.id, func.attr)
            if pair in _QUALIFIED or (pair == ("json", "dumps") and
                                      path.name not in ALLOWED_JSON):
                found.append(f"{path.name}:{node.lineno}: {'.'.join(pair)}(...)")
    return found


def test_only_the_boundary_escapes_or_marks_safe() -> None:
    outside = [call for path in sorted(PACKAGE.glob("*.py")) if path.name != BOUNDARY
               for call in _escaping_calls(path)]
    assert outside == []


def test_the_scan_finds_what_it_looks_for() -> None:
    assert len(_escaping_calls(PACKAGE / BOUNDARY)) >= 3  # escape, Markup, Environment


# -- (b) templates print ------------------------------------------------------------------

#: Filters a template may use: Material's asset addresses; ``e`` on Material's values.
ALLOWED_FILTERS = {"url", "e"}
#: Templates whose logic is not ours, with why.
EXEMPT_LOGIC = {
    "partials/header.html": "Material's partials/header.html, copied with one change "
                            "(our search); compared with Material's when upgrading",
    "partials/nav-item.html": "Material's partials/nav-item.html, copied with two changes "
                              "(aria-current on the current page's entry and on its "
                              "lane's, named by the view); compared with Material's when "
                              "upgrading",
}
#: Templates whose words are not labels, with why.
EXEMPT_WORDS = {
    "partials/opsdesk/tools/": "a browser-side tool is content, written as a template: its "
                               "words are the tool's, and a site rewords it by overriding "
                               "the file (the labels reword the blocks around every page)",
}
#: Attributes whose value readers see or hear.
_HUMAN_ATTRIBUTES = re.compile(
    r"""\b(aria-label|title|alt|placeholder|data-failed|data-[\w-]*label)\s*=\s*"([^"]*)\"""")
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_HOLE = "\x00"  # where a template prints a value
_PARSER = Environment(autoescape=True)  # parses and lexes only


def _templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def _name(path: Path) -> str:
    return path.relative_to(TEMPLATES).as_posix()


def _computations(tree: nodes.Template) -> list[str]:
    found = []
    skipped = {id(include.template) for include in tree.find_all(nodes.Include)}

    def visit(node: nodes.Node) -> None:
        if id(node) in skipped:  # the template name: Material's ".icons/" ~ icon ~ ".svg"
            return
        if isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
            found.append(f"line {node.lineno}: filter | {node.name}")
        elif isinstance(node, nodes.Test) and node.name == "defined" and \
                isinstance(node.node, nodes.Name) and node.node.name == "opsdesk_once":
            pass  # whether the plugin is there (the benchmark's baselines use our templates)
        elif isinstance(node, nodes.Call) and not (
                (isinstance(node.node, nodes.Name) and node.node.name in ("super",
                                                                          "opsdesk_once")) or
                # a block of the template itself, rendered where it belongs (``self.content()``)
                (isinstance(node.node, nodes.Getattr) and isinstance(node.node.node, nodes.Name)
                 and node.node.node.name == "self" and not node.args) or
                (isinstance(node.node, nodes.Getattr) and isinstance(node.node.node, nodes.Name)
                and (node.node.node.name, node.node.attr) == ("lang", "t"))):
            found.append(f"line {node.lineno}: a call")
        elif isinstance(node, nodes.Compare | nodes.CondExpr | nodes.Concat | nodes.Test) or \
                (isinstance(node, nodes.BinExpr) and not isinstance(node, nodes.And | nodes.Or)):
            found.append(f"line {node.lineno}: {type(node).__name__}")
        elif isinstance(node, nodes.For) and node.test is not None:
            found.append(f"line {node.lineno}: a filtered loop")
        for child in node.iter_child_nodes():
            visit(child)

    visit(tree)
    return found


def _sentences(source: str) -> list[str]:
    """Literal text of more than two words, in text nodes and attributes readers get."""
    pieces = []
    for _, kind, value in _PARSER.lex(source):
        if kind == "data":
            pieces.append(value)
        elif kind in ("variable_begin", "block_begin"):
            pieces.append(_HOLE)
    html = re.sub(r"<!--.*?-->", "", "".join(pieces), flags=re.S)
    texts = re.split(r"<[^>]*>", html)
    texts += [value for _, value in _HUMAN_ATTRIBUTES.findall(html)]
    return [" ".join(t.replace(_HOLE, " ").split()) for t in texts
            if any(len(_WORD.findall(part)) > 2 for part in t.split(_HOLE))]


@pytest.mark.parametrize("path", _templates(), ids=_name)
def test_a_template_only_prints(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    tree = _PARSER.parse(source)
    name = _name(path)
    if name not in EXEMPT_LOGIC:
        assert _computations(tree) == []
    if not any(name.startswith(prefix) for prefix in EXEMPT_WORDS):
        assert _sentences(source) == []


def test_the_template_checks_find_what_they_look_for() -> None:
    source = ('{% set s = "lane-" ~ x if y else none %}{{ a.split("/") | first }}'
              '{% for i in xs if i.ok %}{% endfor %}{% if n != 1 %}{% endif %}'
              '<p>{{ n }} problems to fix before publishing</p>'
              '<a aria-label="Close the search dialog">x</a>')
    kinds = " ".join(_computations(_PARSER.parse(source)))
    for kind in ("Concat", "CondExpr", "filter | first", "a call", "a filtered loop",
                 "Compare"):
        assert kind in kinds
    assert _sentences(source) == ["problems to fix before publishing",
                                  "Close the search dialog"]


# -- (c) hostile strings reach every page as text -----------------------------------------

HOSTILE = f"<img src=x onerror={CALL}> \"><svg onload={CALL}> </script><script>{CALL}</script>"
QUOTED = "'" + HOSTILE + "'"

_PLACEHOLDERS = {"checklist_name": "{page} {id}", "lane_all_pages": "{count} {lane}",
                 "problems_one": "{count}", "problems_other": "{count}",
                 "coverage_sentence": "{site} {lanes}", "reading_time": "{minutes}",
                 "listing_page": "{title} {number} {count}", "pager": "{title}",
                 "tag_title": "{tag}", "tag_description": "{tag}",
                 "search_no_results": "{query}", "search_did_you_mean": "{query}"}
#: Every label (a strftime format aside: it prints no markup of its own), hostile.
LABELS = "".join(
    f"  {name}: '{HOSTILE} {_PLACEHOLDERS.get(name, '')}'\n"
    for name in Labels.model_fields if name != "date_format")
LANES = f"- id: guides\n  title: {QUOTED}\n  label: guides\n- id: fixes\n  label: fixes\n"
SEVEN = {f"content/guides/p{n}.md": page(
    "checklists:\n  c:\n    items: [One]\n").replace("Bad Guide", f"Page {n} {HOSTILE}")
    for n in range(7)}


def _shown(html: str) -> bool:
    return HOSTILE in html


def test_hostile_site_data_labels_and_titles_reach_every_page_as_text(tmp_path: Path) -> None:
    built = build_site(tmp_path, {
        "site-data/site.yml": f"name: {QUOTED}\ndescription: {QUOTED}\n"
                              "url: https://fixture.example.org/\nlabels:\n" + LABELS,
        "site-data/lanes.yml": LANES, **SEVEN}, strict=True)

    assert built.problems() == []
    assert unsafe_elements(built.site) == []
    home, lane_page = built.html(""), built.html("guides/p0/")
    assert _shown(text(home.select_one("title")))  # site name
    assert _shown(text(home.select_one(".opsdesk-lane h2")))  # lane title
    assert _shown(text(home.select_one(".opsdesk-lane > p:last-child")))  # lane_all_pages
    assert _shown(home.select_one(".opsdesk-search")["data-failed"])  # search_failed
    assert _shown(home.select_one(".opsdesk-search__close")["aria-label"])  # search_close
    assert _shown(text(home.select_one(".opsdesk-search-nojs p")))  # search_no_script
    assert _shown(lane_page.select_one(".opsdesk-checklist")["aria-label"])  # checklist_name
    assert _shown(text(lane_page.select_one("h1")))  # page title
    assert _shown(text(lane_page.select_one(".opsdesk-coverage-lane")))  # coverage_sentence


def test_hostile_labels_of_the_preview_banner_are_text(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"site-data/site.yml": "name: Desk\nlabels:\n" + LABELS,
                                  "content/guides/bad.md": page("keyword: [1]\n")},
                       command="serve")

    assert unsafe_elements(built.site) == []
    banner = built.html("guides/bad/").select_one(".opsdesk-problems")
    assert banner is not None
    assert _shown(text(banner.select_one(".admonition-title")))  # problems_one/other


# -- the boundary's own rules -------------------------------------------------------------

def test_the_boundary_escapes_text_urls_and_json_ld() -> None:
    assert theme.text('<a href="x">&\'') == "&lt;a href=&#34;x&#34;&gt;&amp;&#39;"
    assert theme.text(theme.rendered("<em>x</em>")) == "<em>x</em>"  # marked once, kept
    assert theme.url("../guides/a b/?q=1&r=2") == "../guides/a b/?q=1&amp;r=2"
    assert theme.url(f"java\nscript:{CALL}") == ""
    script = str(theme.json_ld({"name": "</script><!--\u2028\u2029&"}))
    assert script == ('<script type="application/ld+json">{"name":"\\u003c/script\\u003e'
                      '\\u003c!--\\u2028\\u2029\\u0026"}</script>')
    assert theme.labels({"faq": "<b>", "n": 3}) == {"faq": "&lt;b&gt;"}
