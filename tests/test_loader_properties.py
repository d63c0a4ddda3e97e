"""Property: whatever an author writes, the loader yields a valid page or located errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsdesk.model import LanePage
from opsdesk.source import load_page

KEYS = [*LanePage.model_fields, "nxet", "Title", "faq ", "", "0"]

huge_text = st.builds(lambda c, n: c * n, st.characters(), st.integers(2_000, 20_000))
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=40), huge_text, st.dates(), st.datetimes(),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), children,
                        max_size=5),
    ),
    max_leaves=20,
)
front_matters = st.dictionaries(st.sampled_from(KEYS), values, max_size=12)
plausible = st.fixed_dictionaries(
    {"title": st.text(min_size=1, max_size=30), "description": st.text(max_size=30),
     "updated": st.one_of(st.dates(), st.text(max_size=12))},
    optional={"faq": values, "checklists": values, "tags": values, "next": values,
              "order": values, "related": values},
)


def check(text: str) -> None:
    source = load_page(text, path="guides/page.md", file="content/guides/page.md",
                       lane_ids=["guides"])
    lines = text.count("\n") + 2
    if source.valid:
        assert isinstance(source.meta, LanePage)
        return
    assert source.problems, "an invalid page must say why"
    for problem in source.problems:
        assert problem.path == "content/guides/page.md"
        assert problem.line is not None
        assert 1 <= problem.line <= lines, (problem, lines)
        assert problem.message.strip()
        assert str(problem).startswith(f"content/guides/page.md:{problem.line}: ")


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matters)
def test_random_structures(data: dict[str, Any]) -> None:
    check(f"---\n{dump(data)}---\n\nBody.\n")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plausible, st.text(max_size=200))
def test_plausible_pages_with_random_bodies(data: dict[str, Any], body: str) -> None:
    check(f"---\n{dump(data)}---\n{body}")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_random_text_as_front_matter(yaml_text: str) -> None:
    check(f"---\n{yaml_text}\n---\n\nBody.\n")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_random_files(text: str) -> None:
    check(text)


def test_a_valid_page_is_valid() -> None:
    source = load_page(
        "---\ntitle: T\ndescription: D\nupdated: 2026-06-01\n---\n\nBody.\n",
        path="guides/page.md", file="content/guides/page.md", lane_ids=["guides"])
    assert source.valid
    assert source.meta is not None
    assert source.meta.updated == dt.date(2026, 6, 1)


def _two_passes(text: str) -> tuple[Any, dict[Any, int]]:
    """The value as PyYAML's safe constructor makes it, and the lines ``_index`` finds."""
    from opsdesk import load

    loader = load._Loader(text)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node)
    finally:
        loader.dispose()
    located = load.Located(value)
    load._index(node, (), located, "x.yml", load._LineOf(text, 2), set())
    return value, located.lines


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matters)
def test_one_pass_over_the_yaml_gives_what_two_passes_give(data: dict[str, Any]) -> None:
    """``parse_yaml`` constructs and finds the lines in one pass (``_walk``): the value is
    PyYAML's, and each key path's line the one ``_index`` finds."""
    from opsdesk.load import parse_yaml

    text = dump(data)
    located = parse_yaml(text, file="x.yml", first_line=2)
    value, lines = _two_passes(text)
    assert repr(located.value) == repr(value)
    assert located.lines == lines
    assert located.problems == []
