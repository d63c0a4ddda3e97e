"""scripts/validate (validators/validate.py) looks at one page of each kind a site has.

``validators`` and ``benchmarks`` import because ``tests/`` is a package: pytest puts the
repository's root on ``sys.path``.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.portfolio import generate_portfolio
from validators.validate import pages_by_kind

from .support.sites import build_written


def test_the_validators_see_every_kind_of_page_of_a_portfolio(tmp_path: Path) -> None:
    lane_pages = generate_portfolio(tmp_path, 90, aliases=True)  # 15 a lane: a page 2
    built = build_written(tmp_path, strict=True)
    assert built.ok, built.messages()

    kinds = pages_by_kind(tmp_path, built.site)

    assert list(kinds) == ["home", "lane landing", "listing page 2", "lane page",
                           "policy page", "tags index", "tag page", "404", "redirect"]
    assert kinds["listing page 2"] == "guides/page/2/"
    assert kinds["lane page"].removesuffix("/") + ".md" in lane_pages
    assert kinds["redirect"].startswith("old/")
    for url in kinds.values():
        assert (built.site / url / "index.html").is_file() or (built.site / url).is_file()
