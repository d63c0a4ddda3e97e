"""Problems found in the sources, each located as ``path:line: key: message``."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Problem", "Severity", "closest", "did_you_mean", "format_all", "one_line", "quoted"]

#: Characters a terminal, log or editor could take for a line break or a command:
#: controls (ANSI escape sequences start with one), line and paragraph separators,
#: format characters (bidirectional overrides), surrogates, private-use and unassigned.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """``text`` with every character that could break or forge a line written as an
    escape (``\\n``, ``\\u001b``): a problem is always exactly one line."""
    if text.isprintable():
        return text
    return "".join(
        _NAMED.get(char) or (f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF
                             else f"\\U{ord(char):08x}")
        if unicodedata.category(char) in _HIDDEN else char
        for char in text
    )


def quoted(text: str) -> str:
    """``'text'``, on one line: how messages show a value or a key an author wrote."""
    return f"'{one_line(text)}'"


class Severity(StrEnum):
    ERROR = "error"
    """The source is malformed: the page (or site-data file) cannot be used as written."""
    WARNING = "warning"
    """The source is readable but points nowhere, or is likely a mistake."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, located in a file of the project."""

    path: str
    """File path relative to the project root, with ``/`` separators."""
    line: int | None
    """1-based line in that file; ``None`` when the file itself is missing."""
    key: str | None
    """Dotted key path (``faq[2].a``); ``None`` for problems of the whole file."""
    message: str
    """What is wrong, and a hint when the fix is obvious."""
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        path = one_line(self.path)
        location = path if self.line is None else f"{path}:{self.line}"
        if self.key:
            return f"{location}: {one_line(self.key)}: {one_line(self.message)}"
        return f"{location}: {one_line(self.message)}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """Return the choice most like ``word``, if any is close enough to be a typo."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string.

    Page paths share long prefixes (``guides/``), so they want a higher ``cutoff``.
    """
    match = closest(word, choices, cutoff)
    return f" (did you mean '{match}'?)" if match else ""


def format_all(problems: Iterable[Problem]) -> str:
    """All problems, one a line, in file and line order."""
    return "\n".join(str(p) for p in sorted(problems, key=_sort_key))


def _sort_key(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.path, problem.line or 0, problem.key or "", problem.message)
