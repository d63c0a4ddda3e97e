"""The repository's own site builds with --strict and no warning."""

from __future__ import annotations

import shutil
from pathlib import Path

from .helpers import REPO, build_written


def copy_repo_site(root: Path) -> None:
    """Copy the repository's own site sources (not its build output) to ``root``."""
    for name in ("mkdocs.yml", "content", "site-data", "templates"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)


def test_repo_content_builds_strict_without_warnings(tmp_path: Path) -> None:
    copy_repo_site(tmp_path)

    built = build_written(tmp_path, strict=True)

    assert built.ok, built.messages()
    assert built.messages() == []
    assert built.exists("guides/workflow-automation-architecture-guide/")
