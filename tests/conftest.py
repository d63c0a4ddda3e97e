from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest

from .support.sites import Built, build_written, copy_repo_site

# Material prints a banner about MkDocs 2.0 on every build; it says nothing about our site.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The repository's own site (a copy of its sources), built once with --strict; the
    tests that read it only share it."""
    root = tmp_path_factory.mktemp("repo-site")
    copy_repo_site(root)
    return build_written(root, strict=True, cards=True)


@pytest.fixture
def debug_search_log() -> Iterator[None]:
    """The search index's debug lines (each folder sent to Pagefind, how many pages were
    given before they were written), captured by the builds of the test."""
    logger = logging.getLogger("mkdocs.plugins.opsdesk.search")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    yield
    logger.setLevel(level)
