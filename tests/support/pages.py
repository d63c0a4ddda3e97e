"""The lane page the error and attack tests write (``page``), and the sharing of one
build by the cases that write only that page (``Together``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from .sites import Built, build_site

GOOD = """\
---
title: Bad Guide
description: A page under test.
updated: 2026-06-01
{extra}---

Body text.
{body}"""


def page(extra: str = "", body: str = "") -> str:
    """A lane page whose front matter has ``extra`` lines after the required keys."""
    return GOOD.format(extra=extra, body=body)


LEFT_OUT = "content/guides/bad.md: left out of the build until its errors are fixed"


#: The lane page each case writes (``page``, with the case's front matter or body).
BAD = "content/guides/bad.md"


class Together:
    """The cases that write only the lane page ``BAD``, built as one site (``--strict``
    unless told otherwise):
    each case's page is ``content/guides/bad-<id>.md``. A page's errors leave out only that
    page and are located in it, so the cases cannot change one another's problems: each
    case reads the problems located in its own page (``own``), and every case checks
    that none is located elsewhere (``stray``)."""

    def __init__(self, cases: Iterable[tuple[Any, ...]], *, but: Iterable[str] = ()) -> None:
        #: id → the text of its page, for the cases that write ``BAD`` only (not ``but``:
        #: those whose page names its own address)
        self.pages = {case: files[BAD] for case, files, *_ in cases
                      if list(files) == [BAD] and case not in but}

    def __contains__(self, case: str) -> bool:
        return case in self.pages

    @staticmethod
    def file(case: str) -> str:
        return f"content/guides/bad-{case}.md"

    def fixture(self, *, strict: bool = True) -> Any:
        """A pytest fixture of the module's scope that builds this site once: a module
        says ``together = TOGETHER.fixture()``."""
        def together(tmp_path_factory: pytest.TempPathFactory) -> Built:
            return self.build(tmp_path_factory.mktemp("together"), strict=strict)
        return pytest.fixture(scope="module")(together)

    def build(self, root: Path, *, strict: bool = True) -> Built:
        return build_site(root, {self.file(case): text for case, text in self.pages.items()},
                          strict=strict)

    def own(self, case: str, lines: list[str]) -> list[str]:
        """The lines of ``lines`` located in ``case``'s page, in their order."""
        return [line for line in lines if line.startswith(self.file(case) + ":")]

    def stray(self, lines: list[str]) -> list[str]:
        """The lines of ``lines`` located in no case's page."""
        return [line for line in lines
                if not any(line.startswith(self.file(case) + ":") for case in self.pages)]

    def problems(self, case: str, built: Built,
                 expected: list[str]) -> tuple[list[str], list[str]]:
        """``case``'s problems in the shared site ``built``, and what the case expects of
        them said of its own page; no problem may be located outside the cases' pages."""
        assert self.stray(built.problems()) == []
        return self.own(case, built.problems()), self.expected(case, expected)

    def url(self, case: str) -> str:
        """The address of ``case``'s page (``guides/bad-<id>/``)."""
        return f"guides/bad-{case}/"

    def expected(self, case: str, lines: list[str]) -> list[str]:
        """What a case expects of ``BAD``, said of its own page (each line's location only:
        a message that quotes a location keeps it)."""
        return [self.file(case) + line.removeprefix(BAD) if line.startswith(BAD + ":") else line
                for line in lines]
