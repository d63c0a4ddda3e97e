"""A broken site-data file reports its own error, not its consequences."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support.sites import build_site

BROKEN_POLICIES = {
    "unreadable YAML": (
        "heading: Site policies\ntext: 'unclosed\nlinks:\n  - title: Privacy\n"
        "    page: policies/privacy.md\n",
        ["site-data/policies.yml:2: not valid YAML: the quoted text that starts here is "
         "never closed (line 2, column 7); end it with ' where the text ends; write a ' "
         "inside the text as ''"],
    ),
    "a link with a wrong key": (
        "heading: Site policies\ntext: ok\nlinks:\n  - titel: Privacy\n"
        "    page: policies/privacy.md\n",
        ["site-data/policies.yml:4: links[0].titel: unknown key (did you mean 'title'?)",
         "site-data/policies.yml:4: links[0].title: field required"],
    ),
}


@pytest.mark.parametrize(("text", "expected"), BROKEN_POLICIES.values(),
                         ids=BROKEN_POLICIES)
def test_broken_policies_file_reports_only_its_own_errors(tmp_path: Path, text: str,
                                                          expected: list[str]) -> None:
    built = build_site(tmp_path, {"site-data/policies.yml": text})

    assert built.problems() == expected


def test_a_page_no_readable_policies_file_names_is_still_a_stray(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"site-data/policies.yml": "heading: H\ntext: T\nlinks: []\n"})

    assert built.problems() == [
        "content/policies/privacy.md:1: 'policies/' is not a lane (lanes: guides, fixes) and "
        "no link names this page: move it into a lane folder or link it from "
        "site-data/policies.yml"]
