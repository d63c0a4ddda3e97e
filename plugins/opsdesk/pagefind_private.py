"""Every use of a private API of Pagefind's Python client, fenced in one module.

``search.py`` needs Pagefind's process: to tell at once that it stopped (its exit status,
rather than a timeout), to kill it at once (``SIGTERM``, or a close while a request is
under way, which its client's ``close`` would wait on) and to read its pipes to the end.
Pagefind's client keeps that process private, as ``PagefindService._backend``; this
module reads it, and nothing else in the package does.

Checked against pagefind 1.5.2 (``TESTED``, the version ``pyproject.toml`` pins). On any
other version, or when ``_backend`` is gone or is no process, ``process`` is ``None``, said
once by an INFO line: a Pagefind that stops is then told by ``search.TIMEOUT``, one to
stop is closed by its client's ``close`` (which waits 5 s at most for its answers), and
nothing waits on its pipes. Slower to notice, never a hang.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from importlib import metadata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pagefind.service import PagefindService

__all__ = ["TESTED", "exit_status", "kill", "process"]

log = logging.getLogger("mkdocs.plugins.opsdesk.search")

TESTED = frozenset({"1.5.2"})
"""The versions of the ``pagefind`` package whose client's ``_backend`` is read here."""

_said: set[str] = set()


def _fallback(reason: str) -> None:
    """Say once per process why Pagefind's process is not reached."""
    if reason not in _said:
        _said.add(reason)
        log.info(f"{reason}: a Pagefind that stops is told by the timeout")


@functools.cache
def _version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "unknown"


def process(service: PagefindService) -> asyncio.subprocess.Process | None:
    """Pagefind's process, or ``None`` (an untested Pagefind, or its client changed)."""
    if _version() not in TESTED:
        _fallback(f"pagefind {_version()} is not a version checked (pagefind "
                  f"{', '.join(sorted(TESTED))})")
        return None
    backend = getattr(service, "_backend", None)  # pagefind 1.5.2: the process, once launched
    if isinstance(backend, asyncio.subprocess.Process):
        return backend
    _fallback(f"pagefind {_version()}'s client has no process as _backend")
    return None


def exit_status(service: PagefindService) -> int | None:
    """Pagefind's exit status once its process has stopped; ``None`` while it runs, or
    when its process is not reached."""
    running = process(service)
    return running.returncode if running else None


def kill(service: PagefindService) -> bool:
    """Kill Pagefind's process, if it runs; ``False`` when its process is not reached
    (then only its client's ``close`` stops it)."""
    running = process(service)
    if running is None:
        return False
    if running.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            running.kill()
    return True
