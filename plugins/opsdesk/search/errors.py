"""What every part of the search package reports: ``SearchIndexError``, and an error's
words. Its logger, ``log``, is the one all its modules write to.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import logging

__all__ = ["SearchIndexError", "log", "said"]

log = logging.getLogger("mkdocs.plugins.opsdesk.search")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site (its message says why)."""


def said(error: BaseException) -> str:
    """An error's message, or its kind when it has none (Pagefind's client raises some)."""
    return str(error) or type(error).__name__
