"""Family 1b: keys the theme reads, and keys it would print raw.

Material prints ``subtitle`` and ``status`` into the navigation of every page, includes
``.icons/<icon>.svg`` and renders ``template``; a key of the wrong type stopped the build
with a traceback while ``opsdesk check`` passed. Each is type-checked like our own keys,
on every kind of page; any other key (``author``, which Material prints into a
``<meta>`` attribute unescaped) is unknown, on every kind of page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from opsdesk.problems import format_all
from opsdesk.project import find_project
from opsdesk.session import load_project

from ..support.pages import LEFT_OUT, Together, page
from ..support.sites import Built, build_site
from .common import CALL, unsafe_elements

POLICY_LEFT_OUT = "content/policies/privacy.md: left out of the build until its errors are fixed"

# (id, files, exact problems)
CASES: list[tuple[str, dict[str, str], list[str]]] = [
    ("hide-a-number", {"content/guides/bad.md": page("hide: 5\n")},
     ["content/guides/bad.md:5: hide: expected a list, got 5", LEFT_OUT]),
    ("hide-unknown-word", {"content/guides/bad.md": page("hide: [toc, sidebar]\n")},
     ["content/guides/bad.md:5: hide[1]: expected what Material can hide: navigation, toc, "
      "footer, path, tags or feedback, got 'sidebar'", LEFT_OUT]),
    ("template-missing", {"content/guides/bad.md": page("template: missing.html\n")},
     ["content/guides/bad.md:5: template: no template 'missing.html' in the site's templates "
      "or Material's (such as 'main.html')", LEFT_OUT]),
    ("template-outside", {"content/guides/bad.md": page("template: ../../../etc/passwd.html\n")},
     ["content/guides/bad.md:5: template: expected a template file name such as 'main.html' "
      "(letters, digits, '.', '-', '_' and '/'; no '..'), got '../../../etc/passwd.html'",
      LEFT_OUT]),
    ("icon-missing", {"content/guides/bad.md": page("icon: material/nope\n")},
     ["content/guides/bad.md:5: icon: no icon 'material/nope' in Material's icon set (such as "
      "'material/book-open-variant')", LEFT_OUT]),
    ("icon-path", {"content/guides/bad.md": page("icon: ../../base\n")},
     ["content/guides/bad.md:5: icon: expected an icon of Material's set, such as "
      "'material/book-open-variant', got '../../base'", LEFT_OUT]),
    ("status-unknown", {"content/guides/bad.md": page("status: evil\n")},
     ["content/guides/bad.md:5: status: expected a status Material knows: new or deprecated, "
      "got 'evil'", LEFT_OUT]),
    ("search-not-a-mapping", {"content/guides/bad.md": page("search: yes\n")},
     ["content/guides/bad.md:5: search: expected a mapping of keys to values, got true",
      LEFT_OUT]),
    ("search-exclude-text", {"content/guides/bad.md": page("search: {exclude: 'yes'}\n")},
     ["content/guides/bad.md:5: search.exclude: expected true or false, got 'yes'", LEFT_OUT]),
    ("comments-text", {"content/guides/bad.md": page("comments: sure\n")},
     ["content/guides/bad.md:5: comments: expected true or false, got 'sure'", LEFT_OUT]),
    ("subtitle-a-list", {"content/guides/bad.md": page("subtitle: [a]\n")},
     ["content/guides/bad.md:5: subtitle: expected text, got a list", LEFT_OUT]),
    ("author-on-a-policy-page", {"content/policies/privacy.md":
                                 f"---\ntitle: Privacy\nauthor: '\"><script>{CALL}</script>'\n"
                                 "---\n\nText.\n"},
     ["content/policies/privacy.md:3: author: unknown key", POLICY_LEFT_OUT]),
    ("hide-on-a-policy-page", {"content/policies/privacy.md":
                               "---\ntitle: Privacy\nhide: navigation\n---\n\nText.\n"},
     ["content/policies/privacy.md:3: hide: expected a list, got 'navigation'",
      POLICY_LEFT_OUT]),
]


#: The cases that write one lane page only, built as one site.
TOGETHER = Together(CASES)


def _checked(root: Path) -> list[str]:
    """What ``opsdesk check`` prints of the project at ``root``."""
    return format_all(load_project(find_project(root)).problems).splitlines()


@pytest.fixture(scope="module")
def together(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, list[str], list[str]]:
    """The site of ``TOGETHER``, its unsafe elements, and what ``opsdesk check`` finds."""
    built = TOGETHER.build(tmp_path_factory.mktemp("together"))
    return built, unsafe_elements(built.site), _checked(built.root)


@pytest.mark.parametrize(("case", "files", "expected"),
                         [pytest.param(i, f, e, id=i) for i, f, e in CASES])
def test_a_theme_key_of_the_wrong_type_is_a_located_error(
        tmp_path: Path, request: pytest.FixtureRequest, case: str, files: dict[str, str],
        expected: list[str]) -> None:
    if case in TOGETHER:  # its page in the site of every such case
        built, unsafe, checked = request.getfixturevalue("together")
        assert TOGETHER.stray(built.problems()) == []
        assert TOGETHER.stray(checked) == []
        problems, checked = TOGETHER.own(case, built.problems()), TOGETHER.own(case, checked)
        expected = TOGETHER.expected(case, expected)
    else:
        built = build_site(tmp_path, {"content/guides/bad.md": page(), **files}, strict=True)
        problems, unsafe, checked = built.problems(), unsafe_elements(built.site), \
            _checked(tmp_path)

    assert not built.ok
    assert problems == expected
    assert unsafe == []
    # ``opsdesk check`` finds the same (the build adds only what it leaves out)
    assert checked == [line for line in expected if "left out of the build" not in line]


def test_sound_theme_keys_pass_to_the_theme(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"content/guides/bad.md": page(
        "template: main.html\nhide: [toc]\nicon: material/book\nstatus: new\n"
        "subtitle: A plain line\nsearch: {exclude: false, boost: 2}\ncomments: false\n")},
        strict=True)

    assert built.ok, built.problems()
    assert built.html("guides/bad/").select_one(".md-sidebar--secondary[hidden]") is not None
