"""A build leaves the process as it found it: no change to the garbage collector, and the
core's caches live for one build (a new session starts them empty), not a serve session."""

from __future__ import annotations

import gc
from pathlib import Path

from opsdesk import csp, markup
from opsdesk.portfolio import relative_url
from opsdesk.project import find_project
from opsdesk.session import Session
from opsdesk.source import code_lines
from opsdesk.view import slug_words

from .support.sites import build_site


def test_a_build_never_freezes_the_garbage_collector(tmp_path: Path) -> None:
    frozen_during: list[int] = []
    gc.callbacks.append(lambda phase, info: frozen_during.append(gc.get_freeze_count()))
    try:
        built = build_site(tmp_path / "ok")
        gc.collect()
    finally:
        gc.callbacks.pop()
    assert built.ok
    assert frozen_during
    assert max(frozen_during) == 0


def test_the_caches_of_one_build_are_gone_at_the_next(tmp_path: Path) -> None:
    built = build_site(tmp_path / "ok")
    assert built.ok
    cached = (markup.inline, markup._shape, relative_url, slug_words, code_lines)
    assert all(function.cache_info().currsize > 0 for function in cached)

    csp.with_policy("<html><head></head></html>", ["console.log(1)"])
    assert csp._policy_tag.cache_info().currsize == 1

    Session(find_project(built.root))
    assert csp._policy_tag.cache_info().currsize == 0

    assert [function.cache_info().currsize for function in cached] == [0, 0, 0, 0, 0]
