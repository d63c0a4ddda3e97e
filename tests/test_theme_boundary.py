"""One boundary for the theme (``opsdesk.theme``): every value handed to Material or to
our templates is escaped or marked safe there, and templates only print view fields and
labels.

(a) no module of the package but ``theme`` escapes HTML, marks a string safe or makes a
Jinja environment (by ``ast``); (b) no template computes data: no method call but
Material's ``lang.t`` and ``super()``, no filter but ``url`` (and ``e`` on Material's
values), no comparison, inline ``if``, ``~``, arithmetic, test or filtered loop (``or`` gives
Material's icons their defaults), and no literal text a reader gets: no letter in a text
node or in an attribute read or heard (``title``, ``aria-label``, ``alt``, ...), no string
constant that could be printed (by Jinja's own parser and lexer), but what
``ALLOWED_TEXT`` lists with why; (b') the two scripts write only the page's words: no
string literal of theirs with letters and white space (``ALLOWED_SCRIPT_STRINGS`` aside),
and none with a letter written straight into the page (by tree-sitter's JavaScript
grammar); (c) hostile strings in every
site-data field and label the theme prints reach every page as text, and every label
moved out of the templates and scripts is shown where it belongs.
"""

from __future__ import annotations

import ast
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import tree_sitter_javascript
from jinja2 import DictLoader, Environment, nodes
from tree_sitter import Language, Parser

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
    "search/order.py": "Pagefind's own entry file (JSON), rewritten in order",
}

#: Jinja environments made outside the boundary, each rendering nothing.
ALLOWED_ENVIRONMENTS = {
    "session.py": "parses the templates to report syntax errors (opsdesk check)",
}


def _escaping_calls(path: Path) -> list[str]:
    # by its place in the package: ``search/session.py`` is not ``session.py``
    name = path.relative_to(PACKAGE).as_posix() if path.is_relative_to(PACKAGE) else path.name
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # a module imported under another name (``import html as entities``) is that module
    modules = {alias.asname: alias.name for node in ast.walk(tree)
               if isinstance(node, ast.Import) for alias in node.names if alias.asname}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("markupsafe", "html") and \
                any(alias.name in _MARKING - {"Markup"} for alias in node.names):
            found.append(f"{path.name}:{node.lineno}: imports an escaping function")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and (func.id in _MARKING or (func.id == "Environment"
                                           and name not in ALLOWED_ENVIRONMENTS)):
            found.append(f"{path.name}:{node.lineno}: {func.id}(...)")
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            pair = (modules.get(func.value.id, func.value.id), func.attr)
            if pair in _QUALIFIED or (pair == ("json", "dumps") and
                                      name not in ALLOWED_JSON):
                found.append(f"{path.name}:{node.lineno}: {'.'.join(pair)}(...)")
    return found


def test_only_the_boundary_escapes_or_marks_safe() -> None:
    outside = [call for path in sorted(PACKAGE.rglob("*.py")) if path != PACKAGE / BOUNDARY
               for call in _escaping_calls(path)]
    assert outside == []


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    assert len(_escaping_calls(PACKAGE / BOUNDARY)) >= 3  # escape, Markup, Environment
    aliased = tmp_path / "aliased.py"
    aliased.write_text("import html as entities\nimport markupsafe as m\n"
                       "entities.escape(x)\nm.Markup(y)\n", encoding="utf-8")
    assert _escaping_calls(aliased) == ["aliased.py:3: html.escape(...)",
                                        "aliased.py:4: markupsafe.Markup(...)"]


# -- (b) templates print ------------------------------------------------------------------

#: Filters a template may use: Material's asset addresses; ``e`` on Material's values.
ALLOWED_FILTERS = {"url", "e"}
#: Templates whose logic is not ours, with why.
EXEMPT_LOGIC = {
    "partials/header.html": "Material's partials/header.html, copied with one change "
                            "(our search); compared with Material's when upgrading",
    "partials/sidebars.html": "Material's site_nav block (base.html), copied with one "
                              "change (the navigation rendered once per folder and lane); "
                              "compared with Material's when upgrading",
    "partials/nav-item.html": "Material's partials/nav-item.html, copied with two changes "
                              "(aria-current on the current page's entry and on its "
                              "lane's, named by the view); compared with Material's when "
                              "upgrading",
}
#: Literal text that stays in a template, by template, with why (none other may).
ALLOWED_TEXT = {
    "404.html": {
        "404 - Not found": "Material's own 404.html's words, shown only where the opsdesk "
                           "plugin is not there (no labels then: the benchmark's baselines "
                           "build our templates with Material alone); with the plugin the "
                           "page is not-found.html, in labels",
    },
}
#: Attributes whose value readers see or hear (assistive technology included): any literal
#: letter in one is text that bypasses the labels.
_HUMAN_ATTRIBUTES = {"title", "alt", "placeholder", "label", "aria-label",
                     "aria-description", "aria-roledescription", "aria-valuetext",
                     "aria-placeholder"}
#: ``value`` is a button's words on these inputs (elsewhere a form's data: ``value="desc"``).
_BUTTON_INPUTS = {"button", "submit", "reset"}
#: Elements whose content is code, not text.
_CODE_ELEMENTS = {"script", "style"}
_LETTER = re.compile(r"[^\W\d_]")
_HOLE = "\ue000"  # where a template prints a value (a private-use character)
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
                _is_lang_t(node)):
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


def _is_lang_t(node: nodes.Node) -> bool:
    """``lang.t(...)``: Material's translations, in the theme's language."""
    return (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr)
            and isinstance(node.node.node, nodes.Name)
            and (node.node.node.name, node.node.attr) == ("lang", "t"))


def _is_theme_icon(node: nodes.Node) -> bool:
    """``config.theme.icon.NAME``: the icon a site chose, which a literal defaults."""
    return (isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Getattr)
            and node.node.attr == "icon" and isinstance(node.node.node, nodes.Getattr)
            and node.node.node.attr == "theme")


def _string_constants(tree: nodes.Template) -> list[str]:
    """String literals of a template's expressions that hold a letter and are none of:
    a template's name (extends, include, import), a translation key (``lang.t``), an
    address given to ``url``, a part's name given to ``opsdesk_once``, an icon's name
    after ``config.theme.icon.NAME or``. Anything else could be printed: words that
    bypass the labels (``{{ "More results" }}``, ``{% set x = "Lane" %}``)."""
    allowed: set[int] = set()
    for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        name: nodes.Expr = node.template  # type: ignore[attr-defined]
        allowed |= {id(const) for const in name.find_all(nodes.Const)} | {id(name)}
    for call in tree.find_all(nodes.Call):
        if _is_lang_t(call) or (isinstance(call.node, nodes.Name)
                                and call.node.name == "opsdesk_once"):
            allowed |= {id(arg) for arg in call.args}
    for filtered in tree.find_all(nodes.Filter):
        if filtered.name == "url":
            allowed.add(id(filtered.node))
    for either in tree.find_all(nodes.Or):
        if _is_theme_icon(either.left):
            allowed.add(id(either.right))
    return [f"line {const.lineno}: {const.value!r}" for const in tree.find_all(nodes.Const)
            if isinstance(const.value, str) and _LETTER.search(const.value)
            and id(const) not in allowed]


def _markup(source: str) -> str:
    """A template's own markup: its literal text, each ``{{ }}`` or ``{% %}`` a hole (by
    Jinja's lexer: comments and whitespace control as Jinja reads them)."""
    pieces = []
    for _, kind, value in _PARSER.lex(source):
        if kind == "data":
            pieces.append(value)
        elif kind in ("variable_begin", "block_begin"):
            pieces.append(_HOLE)
    return "".join(pieces)


class _LiteralText(HTMLParser):
    """Literal letters where readers get them: text nodes, and the values of the
    attributes they see or hear (``_HUMAN_ATTRIBUTES``, a button input's ``value``,
    every ``data-*label``, the words a script shows) and of any other ``data-*`` that
    reads as words (letters and a space)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._code = 0

    def _keep(self, value: str) -> None:
        value = " ".join(value.replace(_HOLE, " ").split())
        if _LETTER.search(value):
            self.found.append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CODE_ELEMENTS:
            self._code += 1
        button = tag == "input" and dict(attrs).get("type") in _BUTTON_INPUTS
        for name, value in attrs:
            if value is None:
                continue
            heard = name in _HUMAN_ATTRIBUTES or name.endswith("label") or (
                name == "value" and button)
            words = name.startswith("data-") and " " in value.replace(_HOLE, " ").strip()
            if heard or words:
                self._keep(value)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _CODE_ELEMENTS:
            self._code -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _CODE_ELEMENTS:
            self._code = max(0, self._code - 1)

    def handle_data(self, data: str) -> None:
        if not self._code:
            self._keep(data)


def _literal_text(source: str) -> list[str]:
    """Every literal text of a template that readers get (``_LiteralText``), folded."""
    reader = _LiteralText()
    reader.feed(_markup(source))
    reader.close()
    return reader.found


@pytest.mark.parametrize("path", _templates(), ids=_name)
def test_a_template_only_prints(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    tree = _PARSER.parse(source)
    name = _name(path)
    if name not in EXEMPT_LOGIC:
        assert _computations(tree) == []
        assert _string_constants(tree) == []
    allowed = ALLOWED_TEXT.get(name, {})
    assert [text for text in _literal_text(source) if text not in allowed] == []
    assert set(allowed) <= set(_literal_text(source))  # no stale entry


def test_the_template_checks_find_what_they_look_for() -> None:
    source = ('{% set s = "lane-" ~ x if y else none %}{{ a.split("/") | first }}'
              '{% for i in xs if i.ok %}{% endfor %}{% if n != 1 %}{% endif %}'
              '{% set icon = config.theme.icon.search or "material/magnify" %}'
              '{% include ".icons/" ~ icon ~ ".svg" %}{{ lang.t("search") }}'
              '{{ "assets/x.css" | url }}{{ "More results" }}{% set t = "Lane" %}'
              '<p>{{ n }} problems to fix before publishing</p><p>{{ labels.ok }}: ·</p>'
              '<!-- not shown --><a aria-label="Close the search dialog">x</a>'
              '<input type="submit" value="Go"><input type="text" value="30">'
              '<option value="desc" label="Newest"></option><b title="{{ t }} (/)"></b>'
              '<i data-failed="Search could not load" data-x-label="Reset" data-tool="a-b">'
              '</i><script>var s = "not text";</script>'
              '<img alt="A chart" src="{{ src }}">')
    tree = _PARSER.parse(source)
    kinds = " ".join(_computations(tree))
    for kind in ("Concat", "CondExpr", "filter | first", "a call", "a filtered loop",
                 "Compare"):
        assert kind in kinds
    assert [found.partition(": ")[2] for found in _string_constants(tree)] == [
        "'lane-'", "'More results'", "'Lane'"]
    assert _literal_text(source) == [
        "problems to fix before publishing", "Close the search dialog", "x", "Go", "Newest",
        "Search could not load", "Reset", "A chart"]


# -- (b') the scripts write only the page's words ------------------------------------------

SCRIPTS = [TEMPLATES / "assets/opsdesk/opsdesk.js", TEMPLATES / "assets/opsdesk/search.js"]

#: String literals of the scripts that hold letters and white space, with why each is no
#: text for readers (none other may: a sentence in a script bypasses the labels).
ALLOWED_SCRIPT_STRINGS: dict[str, dict[str, str]] = {
    "opsdesk.js": {
        "use strict": "the directive that makes the script strict; never shown",
        "h1, h2, h3, h4": "a CSS selector (the checklist's heading)",
    },
    "search.js": {
        "use strict": "the directive that makes the script strict; never shown",
    },
}
#: Where a literal would be written straight into the page, as text or as an accessible
#: name: these take no literal with a letter at all, not even one word ("Reset").
_SINK = re.compile(
    r"""(\.(textContent|innerText|innerHTML|outerHTML|title|placeholder|alt)\s*=(?!=)"""
    r"""|setAttribute\(\s*["'](aria-(label|description|roledescription|valuetext|placeholder)"""
    r"""|title|alt|placeholder|value)["']\s*,"""
    # the scripts' own writers: say(section, TEXT), setStatus(TEXT), actionButton(id, TEXT)
    r"""|createTextNode\(|\b(say|setStatus)\(|\bactionButton\([^,]*,)[^;{}]*$""")
_JAVASCRIPT = Parser(Language(tree_sitter_javascript.language()))
#: What tree-sitter calls a statement: the code before a literal is its statement's.
_STATEMENT = re.compile(r".*(_statement|_declaration)$")


def _js_strings(source: str) -> list[tuple[int, str, str]]:
    """The string literals of a script (quotes and backticks, each template literal's
    text), as tree-sitter's JavaScript grammar reads it (comments and regular expressions
    are no strings): each as (line, value, the code of its statement before it, with the
    literal's opening quote)."""
    data = source.encode("utf-8")
    tree = _JAVASCRIPT.parse(data)
    assert not tree.root_node.has_error, "the script does not parse"
    found = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        stack.extend(reversed(node.children))
        if node.type not in ("string", "template_string"):
            continue
        if node.type == "string":
            raw = data[node.start_byte + 1:node.end_byte - 1].decode("utf-8")
        else:
            raw = "".join(data[part.start_byte:part.end_byte].decode("utf-8")
                          for part in node.children
                          if part.type in ("string_fragment", "escape_sequence"))
        value = raw.encode().decode("unicode_escape") if "\\" in raw else raw
        statement = node.parent
        while statement is not None and not _STATEMENT.match(statement.type):
            statement = statement.parent
        start = statement.start_byte if statement is not None else 0
        before = data[start:node.start_byte + 1].decode("utf-8")
        found.append((node.start_point[0] + 1, value, before))
    return found


def _script_words(source: str, allowed: dict[str, str]) -> list[str]:
    """String literals of a script that readers could get: one with letters and white
    space not in ``allowed``, or one with a letter written straight into the page."""
    words = []
    for line, value, before in _js_strings(source):
        if not _LETTER.search(value):
            continue
        if _SINK.search(before[:-1]) or (re.search(r"\s", value) and value not in allowed):
            words.append(f"line {line}: {value!r}")
    return words


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.name)
def test_a_script_writes_only_the_words_of_the_page(path: Path) -> None:
    allowed = ALLOWED_SCRIPT_STRINGS[path.name]
    source = path.read_text(encoding="utf-8")

    assert _script_words(source, allowed) == []
    literals = {value for _, value, _ in _js_strings(source)}
    assert set(allowed) <= literals  # no stale entry


def test_the_script_check_finds_what_it_looks_for() -> None:
    source = r"""
      "use strict";  // a comment with "quotes in it"
      /* and "in this one" */
      var re = /"[a-z ]+"/g, half = 1 / 2, third = x / 3;
      status.textContent = "Loading";
      el.setAttribute("aria-label", 'Close');
      el.setAttribute("class", "md-button");
      el.setAttribute("aria-invalid", "true");
      actions.appendChild(actionButton("reset", "Reset"));
      say(section, "All items cleared.");
      var done = 'Copied ' + count + " items";
      list.textContent = fill(tool.dataset.noneLabel, { count: 2 });
      var pad = /^`|`$/.test(code) ? " " : "";
      var label = `a template literal`;
    """
    strings = [value for _, value, _ in _js_strings(source)]
    assert strings == ["use strict", "Loading", "aria-label", "Close", "class", "md-button",
                       "aria-invalid", "true", "reset", "Reset", "All items cleared.",
                       "Copied ", " items", " ", "", "a template literal"]
    assert [found.partition(": ")[2] for found in _script_words(source, {"use strict": ""})
            ] == ["'Loading'", "'Close'", "'Reset'", "'All items cleared.'", "'Copied '",
                  "' items'", "'a template literal'"]


# -- (c) hostile strings reach every page as text -----------------------------------------

HOSTILE = f"<img src=x onerror={CALL}> \"><svg onload={CALL}> </script><script>{CALL}</script>"
QUOTED = "'" + HOSTILE + "'"

#: Each label's placeholders, as its default uses them (``{count}``; none for most).
_PLACEHOLDERS = {name: " ".join(re.findall(r"\{\w+\}", str(field.default)))
                 for name, field in Labels.model_fields.items()}
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


#: Where each label moved out of the templates and scripts (issue 21, item 5) is shown:
#: (page, CSS selector, the attribute that holds it, or None: the element's own text).
#: A script's words are in their section's data-*-label attributes, which it fills in
#: (tests/browser/test_retry_budget.py and test_search.py read what it writes).
TOOL_PAGE = "guides/tool/"
MOVED: dict[str, tuple[str, str, str | None]] = {
    "search_close_hint": ("", ".opsdesk-search__close", "title"),
    "search_lane": ("", ".opsdesk-search__controls label:nth-of-type(1)", None),
    "search_all_lanes": ("", "[data-opsdesk-filter=lane] option", None),
    "search_tag": ("", ".opsdesk-search__controls label:nth-of-type(2)", None),
    "search_all_tags": ("", "[data-opsdesk-filter=tag] option", None),
    "search_sort": ("", ".opsdesk-search__controls label:nth-of-type(3)", None),
    "search_best_match": ("", "[data-opsdesk-sort] option[value='']", None),
    "search_newest": ("", "[data-opsdesk-sort] option[value=desc]", None),
    "search_oldest": ("", "[data-opsdesk-sort] option[value=asc]", None),
    "search_results": ("", "#opsdesk-search-results", "aria-label"),
    "search_more": ("", "[data-opsdesk-search-more]", None),
    **{f"checklist_{name}": ("guides/alpha/", ".opsdesk-checklist", f"data-{attribute}-label")
       for name, attribute in [("cleared", "cleared"), ("copied_one", "copied-one"),
                               ("copied_other", "copied-other"),
                               ("copy_blocked", "blocked"), ("manual", "manual")]},
    "retry_title": (TOOL_PAGE, "#retry-budget-title", None),
    "retry_no_script": (TOOL_PAGE, ".opsdesk-tool__noscript", None),
    "retry_first_delay": (TOOL_PAGE, "label[for=retry-first-delay]", None),
    "retry_first_delay_hint": (TOOL_PAGE, "#retry-first-delay-hint", None),
    "retry_multiplier": (TOOL_PAGE, "label[for=retry-multiplier]", None),
    "retry_multiplier_hint": (TOOL_PAGE, "#retry-multiplier-hint", None),
    "retry_max_delay": (TOOL_PAGE, "label[for=retry-max-delay]", None),
    "retry_max_delay_hint": (TOOL_PAGE, "#retry-max-delay-hint", None),
    "retry_attempts": (TOOL_PAGE, "label[for=retry-attempts]", None),
    "retry_runs_per_hour": (TOOL_PAGE, "label[for=retry-runs-per-hour]", None),
    "retry_runs_per_hour_hint": (TOOL_PAGE, "#retry-runs-per-hour-hint", None),
    "retry_calculate": (TOOL_PAGE, ".opsdesk-tool__submit button", None),
    "retry_schedule": (TOOL_PAGE, "#retry-schedule-title", None),
    "retry_window": (TOOL_PAGE, ".opsdesk-tool__summary dt:nth-of-type(1)", None),
    "retry_calls": (TOOL_PAGE, ".opsdesk-tool__summary dt:nth-of-type(2)", None),
    **{f"retry_{name}": (TOOL_PAGE, "[data-tool=retry-budget]",
                         f"data-{name.replace('_', '-')}-label")
       for name in ("check", "range", "range_whole", "not_a_number", "ambiguous", "step",
                    "none", "total", "hours", "minutes", "seconds", "calls_one",
                    "calls_other", "runs_one", "runs_other", "per_run", "no_runs",
                    "outage")},
}
#: The labels set to markup: one printed as text, one a script's (in an attribute).
MARKUP = {"search_more": f"<img src=x onerror={CALL}>",
          "retry_step": f"<img src=x onerror={CALL}> {{number}} {{time}} {{wait}}"}


def _distinct(name: str) -> str:
    """A value of the label ``name`` found nowhere else: its name, its placeholders."""
    return MARKUP.get(name) or f"Zq {name.replace('_', ' ')} {_PLACEHOLDERS[name]}".strip()


def _own_text(element: Any) -> list[str]:
    """The texts directly inside ``element`` (not its children's), folded."""
    return [" ".join(part.split()) for part in element.find_all(string=True, recursive=False)
            if part.strip()]


def test_every_label_moved_out_of_templates_and_scripts_is_shown_where_it_belongs(
        tmp_path: Path) -> None:
    assert set(MOVED) <= set(Labels.model_fields)
    values = {name: _distinct(name) for name in MOVED}
    built = build_site(tmp_path, {
        "site-data/site.yml": "name: Fixture Desk\nlabels:\n" + "".join(
            f"  {name}: {json.dumps(value)}\n" for name, value in values.items()),
        "content/guides/tool.md": page(body="\n<!-- tool: retry-budget -->\n")},
        strict=True)

    assert built.problems() == []
    assert unsafe_elements(built.site) == []
    for name, (url, selector, attribute) in MOVED.items():
        element = built.html(url).select_one(selector)
        assert element is not None, name
        if attribute:
            assert element[attribute] == values[name], name
        else:
            assert values[name] in _own_text(element), name
            assert element.find("img") is None, name  # text, not markup
    raw = (built.site / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;</button>" in raw  # search_more, escaped
    tool = (built.site / TOOL_PAGE / "index.html").read_text(encoding="utf-8")
    assert 'data-step-label="&lt;img src=x onerror=alert(1)&gt; {number}' in tool


# -- the boundary's own rules -------------------------------------------------------------

def test_the_boundary_escapes_text_urls_and_json_ld() -> None:
    assert theme.text('<a href="x">&\'') == "&lt;a href=&#34;x&#34;&gt;&amp;&#39;"
    assert theme.text(theme.rendered("<em>x</em>")) == "<em>x</em>"  # marked once, kept
    assert theme.url("../guides/a b/?q=1&r=2") == "../guides/a b/?q=1&amp;r=2"
    assert theme.url(f"java\nscript:{CALL}") == ""
    script = str(theme.json_ld({"name": "</script><!--\u2028\u2029&"}))
    assert script == ('<script type="application/ld+json">{"name":"\\u003c/script\\u003e'
                      '\\u003c!--\\u2028\\u2029\\u0026"}</script>')
    hostile = {"a": ["<&>\u2028\u2029" * 3, {"b": "\\u003c</SCRIPT >"}], "c": "&lt;"}
    inner = str(theme.json_ld(hostile)).removeprefix('<script type="application/ld+json">')
    assert not any(c in inner.removesuffix("</script>") for c in "<>&\u2028\u2029")
    assert json.loads(inner.removesuffix("</script>")) == hostile  # the same JSON value
    assert theme.labels({"faq": "<b>", "n": 3}) == {"faq": "&lt;b&gt;"}


def test_a_block_templates_context_holds_what_jinjas_own_would() -> None:
    """Our environment's templates make a render's context from the globals merged as
    dicts (``theme._GlobalsMerged``, for speed): the names and values are those of
    Jinja's own ``Template``, a template's own global before the environment's, the
    render's values before both, and a global set after a template is loaded is seen."""
    sources = {"t.html": "{{ a }} {{ b }} {{ c }} {{ d }}{{ e | default('') }}"}
    ours = theme.environment(DictLoader(sources))
    stock = Environment(loader=DictLoader(sources), autoescape=True)
    contexts, outputs = [], []
    for env in (ours, stock):
        env.globals.update(a="env-a", b="env-b", c="env-c")
        template = env.get_template("t.html", globals={"b": "template-b", "d": "<d>"})
        env.globals["e"] = "late-e"
        contexts.append(template.new_context({"c": "render-c"}).get_all())
        outputs.append(template.render(c="render-c"))
    assert type(ours.get_template("t.html")) is not type(stock.get_template("t.html"))
    assert contexts[0] == contexts[1]
    assert {k: contexts[0][k] for k in "abcde"} == {
        "a": "env-a", "b": "template-b", "c": "render-c", "d": "<d>", "e": "late-e"}
    assert outputs[0] == outputs[1] == "env-a template-b render-c &lt;d&gt;late-e"
