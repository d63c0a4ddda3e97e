"""Family 6: extreme dates.

A date the outputs cannot carry (the sitemap's gzip time stamp is 32 bits from 1970) is
refused at its line; a date after today is a warning; neither stops the build.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ..support.pages import BAD, LEFT_OUT, Together, page
from ..support.sites import Built, build_site


def _range(got: str) -> str:
    return ("content/guides/bad.md:4: updated: expected a date between 1970-01-01 and "
            f"2105-12-31 (the dates the sitemap's time stamp can carry), got {got}")


CASES = [
    ("far-future", "2999-12-31", [_range("2999-12-31"), LEFT_OUT]),
    ("last-year-of-iso", "9999-12-31", [_range("9999-12-31"), LEFT_OUT]),
    ("quoted-far-future", "'9999-12-31'", [_range("9999-12-31"), LEFT_OUT]),
    ("before-the-epoch", "1969-12-31", [_range("1969-12-31"), LEFT_OUT]),
    ("year-one", "0001-01-01", [_range("0001-01-01"), LEFT_OUT]),
    ("timestamp-far-future", "2999-12-31 23:59:59", [_range("2999-12-31"), LEFT_OUT]),
    ("no-such-day", "2026-02-30",
     ["content/guides/bad.md:2: front matter is not valid YAML: day is out of range for month",
      LEFT_OUT]),
]


#: Every case, each its own lane page, built as one site.
TOGETHER = Together([(i, {BAD: page().replace("2026-06-01", w)}) for i, w, _ in CASES])


together = TOGETHER.fixture()


@pytest.mark.parametrize(("case", "expected"), [pytest.param(i, e, id=i) for i, _, e in CASES])
def test_a_date_the_outputs_cannot_carry_is_refused(together: Built, case: str,
                                                     expected: list[str]) -> None:
    built = together  # the case's page in the site of every case

    assert not built.ok
    assert TOGETHER.stray(built.problems()) == []
    assert TOGETHER.own(case, built.problems()) == TOGETHER.expected(case, expected)
    assert (built.site / "sitemap.xml.gz").is_file()


@pytest.mark.parametrize("written", ["2105-12-31", "2100-01-01"])
def test_a_date_in_the_future_is_a_warning_and_the_page_is_built(tmp_path: Path,
                                                                  written: str) -> None:
    built = build_site(tmp_path, {"content/guides/bad.md": page().replace("2026-06-01", written)},
                       strict=True)

    assert not built.ok
    assert built.problems() == [
        f"content/guides/bad.md:4: updated: {written} is in the future (today is "
        f"{dt.date.today()}): write the day of the last real change"]
    assert built.exists("guides/bad/")
    assert (built.site / "sitemap.xml.gz").is_file()
