"""The ``mkdocs serve`` terminal: each problem printed once per build or save.

A real ``mkdocs serve`` (``support.serve.Server``) runs a site with one
warning; each save, whether the edit is rendered incrementally or needs a full build,
prints that warning exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .support.serve import Server, edit, free_port
from .support.sites import write_site

WARNING = "content/guides/beta.md:6: next: no page 'guides/nowhere.md'"
BETA = """
    ---
    title: Beta Guide
    description: The second guide.
    updated: 2026-06-01
    tags: [shared]
    next: guides/nowhere.md
    ---

    Beta body.
    """


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    write_site(tmp_path, {"content/guides/beta.md": BETA})
    running = Server(tmp_path, free_port())
    try:
        running.wait_for("Serving on", 1)
        yield running
    finally:
        running.stop()


# (file, old, new): a body edit is rendered incrementally; a title edit needs a full build
# (the tags page lists titles); a site-data edit is always a full build.
SAVES = [
    ("content/guides/beta.md", "Beta body.", "Beta body, edited."),
    ("content/guides/beta.md", "title: Beta Guide", "title: Beta Guide Renamed"),
    ("site-data/lanes.yml", "description: Decision guides.", "description: Edited."),
]


def test_each_problem_is_printed_once_per_save(server: Server) -> None:
    assert server.text().count(WARNING) == 1, server.text()
    for number, (name, old, new) in enumerate(SAVES, start=1):
        before = len(server.text())
        edit(server.root, name, old, new)
        server.wait_for("Reloading browsers", number)
        printed = server.text()[before:]
        assert printed.count(WARNING) == 1, printed
