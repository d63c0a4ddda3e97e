"""Family 4: odd entries under ``content/``.

A symbolic link to nothing or in a loop, a folder named like a page, a static file that
is a dangling link: each is reported by its path, by the build and by ``opsdesk check``
alike (both scan ``content/`` with ``inventory.scan_folder``, which never opens such an
entry), and the build goes on (MkDocs itself would stop with a traceback copying
a file through a link loop).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from opsdesk.problems import format_all
from opsdesk.project import find_project
from opsdesk.session import load_project

from ..support.sites import build_written, write_site


def _dangling_page(root: Path) -> None:
    os.symlink("nowhere.md", root / "content/guides/dangling.md")


def _looping_page(root: Path) -> None:
    os.symlink("self.md", root / "content/guides/self.md")


def _folder_named_like_a_page(root: Path) -> None:
    (root / "content/guides/folder.md").mkdir()


def _link_to_a_containing_folder(root: Path) -> None:
    os.symlink("..", root / "content/guides/loop")


def _dangling_static_file(root: Path) -> None:
    (root / "content/images").mkdir()
    os.symlink("nowhere.png", root / "content/images/logo.png")


# (id, what to do to the site, exact problems of the build)
CASES: list[tuple[str, Callable[[Path], None], list[str]]] = [
    ("dangling-link", _dangling_page,
     ["content/guides/dangling.md: is a symbolic link to nothing: remove it, or restore what "
      "it points to"]),
    ("link-loop", _looping_page,
     ["content/guides/self.md: is a symbolic link that leads back to itself: remove it"]),
    ("folder-named-like-a-page", _folder_named_like_a_page,
     ["content/guides/folder.md: is a folder named like a page: rename it (only a page's file "
      "ends in .md)"]),
    ("link-to-a-containing-folder", _link_to_a_containing_folder,
     ["content/guides/loop: is a symbolic link to a folder that contains it: remove it"]),
    ("dangling-static-file", _dangling_static_file,
     ["content/images/logo.png: is a symbolic link to nothing: remove it, or restore what it "
      "points to"]),
]


@pytest.mark.parametrize(("make", "expected"), [pytest.param(m, e, id=i) for i, m, e in CASES])
def test_an_odd_entry_is_reported_by_its_path(tmp_path: Path, make: Callable[[Path], None],
                                              expected: list[str]) -> None:
    write_site(tmp_path)
    make(tmp_path)

    built = build_written(tmp_path, strict=True)

    assert not built.ok
    assert built.problems() == expected
    assert built.exists("guides/alpha/")
    # ``opsdesk check`` reports the same: it reads the project through the same scan
    checked = format_all(load_project(find_project(tmp_path)).problems).splitlines()
    assert [line for line in checked if line.startswith("content/")] == expected
