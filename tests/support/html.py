"""Reading built pages."""

from __future__ import annotations

from typing import Any


def text(element: Any) -> str:
    """The visible text of an element, with white space folded."""
    return " ".join(element.get_text().split())
