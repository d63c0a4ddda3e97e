"""The plugin freezes what it read for the cyclic garbage collector during a build
(``gc.freeze`` in ``on_files``), and gives it back at the end, even after a failed build."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
import yaml

from .support.sites import build_site, build_written, write_site


def test_a_build_freezes_objects_and_leaves_none_frozen(tmp_path: Path) -> None:
    frozen_during: list[int] = []
    gc.callbacks.append(lambda phase, info: frozen_during.append(gc.get_freeze_count()))
    try:
        built = build_site(tmp_path / "ok")
        gc.collect()
    finally:
        gc.callbacks.pop()
    assert built.ok
    assert max(frozen_during) > 0
    assert gc.get_freeze_count() == 0


def test_a_failed_build_leaves_none_frozen(tmp_path: Path) -> None:
    failing = write_site(tmp_path / "failing", {
        "hooks.py": """
            def on_page_context(context, page, config, nav):
                raise RuntimeError("a hook that fails while pages are rendered")
            """})
    config = yaml.safe_load((failing / "mkdocs.yml").read_text(encoding="utf-8"))
    (failing / "mkdocs.yml").write_text(yaml.safe_dump({**config, "hooks": ["hooks.py"]}),
                                        encoding="utf-8")
    with pytest.raises(RuntimeError, match="a hook that fails"):
        build_written(failing)
    assert gc.get_freeze_count() == 0
