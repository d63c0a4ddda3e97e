"""Renamed pages keep their address: each path in a page's ``aliases`` redirects to it.

The redirect pages themselves are written by mkdocs-redirects; this module decides which
redirects there are and reports the aliases that cannot be one. An alias that is the
address of a real page (even a draft, which may be published tomorrow) would hide or
replace that page, so it is an error, as is an alias claimed by two pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import LanePage
from .portfolio import Portfolio, default_url
from .problems import Problem

__all__ = ["Redirects", "redirects_of"]


@dataclass
class Redirects:
    """Old page path → the page it now is, and the aliases that cannot redirect."""

    targets: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def redirects_of(portfolio: Portfolio) -> Redirects:
    """The redirect of every alias of every published page, in page order."""
    by_url = {default_url(path): path for path in portfolio.pages}
    by_url.update({url: path for path, url in portfolio.urls.items()})
    redirects = Redirects()
    claimed: dict[str, str] = {}
    for path in sorted(portfolio.pages):
        source = portfolio.pages[path]
        meta = source.meta
        if not isinstance(meta, LanePage) or not portfolio.published(path):
            continue  # a draft's old addresses redirect once it is published
        for index, alias in enumerate(meta.aliases):
            problem = _alias_problem(portfolio, path, alias, by_url, claimed)
            if problem:
                redirects.problems.append(Problem(source.file, source.line_of("aliases", index),
                                                  f"aliases[{index}]", problem))
                continue
            claimed[default_url(alias)] = source.file
            redirects.targets[alias] = path
    return redirects


def _alias_problem(portfolio: Portfolio, path: str, alias: str, by_url: dict[str, str],
                   claimed: dict[str, str]) -> str | None:
    """Why ``alias`` cannot redirect to ``path``, or ``None`` when it can."""
    other = by_url.get(default_url(alias))
    if alias == path or other == path:
        return f"'{alias}' is the address of this page itself; remove the alias"
    if other is not None:
        return (f"'{alias}' is the address of the page {portfolio.pages[other].file}; "
                "an alias must be an address no page uses")
    first = claimed.get(default_url(alias))
    if first is not None:
        return f"'{alias}' is already an alias of {first}; keep it on one page"
    return None
