"""Renamed pages keep their address: each path in a page's ``aliases`` redirects to it.

The redirect pages themselves are written by mkdocs-redirects; this module decides which
redirects there are and reports the aliases that cannot be one. Each alias is first
normalised to the file the redirect would be written to (``urls.alias_file``: ``.`` and
``..`` segments, doubled and back slashes, percent-encoding, ``README.md`` and
``index.md``), and the model already refused those that leave the site or fall on a file
the build generates. Here, that file must not be any page's file (even a draft's, which
may be published tomorrow), nor inside one, nor another alias's: otherwise every page
involved gets a located error, no redirect of it is written, and the page is left out
of the build like any page with errors (``Redirects.left_out``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .inventory import Inventory, page_path
from .listings import Listings
from .model import LanePage
from .portfolio import Portfolio
from .problems import Problem
from .urls import alias_file

__all__ = ["Redirects", "redirects_of"]


@dataclass
class Redirects:
    """Old page path → the page it now is, and the aliases that cannot redirect."""

    targets: dict[str, str] = field(default_factory=dict)
    """Normalised old page path (what mkdocs-redirects writes from) → page path."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def left_out(self) -> set[str]:
        """The files (``content/…``) of the pages whose aliases are errors."""
        return {problem.path for problem in self.problems if problem.is_error}


def redirects_of(portfolio: Portfolio, outputs: Inventory, listings: Listings) -> Redirects:
    """The redirect of every alias of every published page, in page order.

    ``outputs``: every other file the build writes (static files of ``docs_dir``, the
    feeds...), ``listings``' generated pages too: no redirect may replace one.
    """
    directory_urls = outputs.directory_urls
    owners: dict[str, str] = {outputs.file(path): path for path in portfolio.pages}
    written = {**dict.fromkeys(outputs.taken(), ""),
               **dict.fromkeys(map(outputs.file, listings.generated), ""), **owners}
    claims: dict[str, list[tuple[str, int, str]]] = {}  # file → (page, index, alias)
    for path in sorted(portfolio.pages):
        meta = portfolio.pages[path].meta
        if not isinstance(meta, LanePage) or not portfolio.published(path):
            continue  # a draft's old addresses redirect once it is published
        for index, alias in enumerate(meta.aliases):
            file, _ = alias_file(alias, directory_urls=directory_urls)
            if file is not None:  # the model refused the others already
                claims.setdefault(file, []).append((path, index, alias))

    redirects = Redirects()
    for file, claimants in claims.items():
        for path, index, alias in claimants:
            problem = _problem(portfolio, path, index, alias, file, written, claimants)
            source = portfolio.pages[path]
            if problem:
                redirects.problems.append(Problem(source.file, source.line_of("aliases", index),
                                                  f"aliases[{index}]", problem))
            else:
                redirects.targets[page_path(file, directory_urls=directory_urls)] = path
    return redirects


def _problem(portfolio: Portfolio, path: str, index: int, alias: str, file: str,
             written: dict[str, str], claimants: list[tuple[str, int, str]]) -> str | None:
    """Why ``alias`` (written to ``file``) cannot redirect to ``path``, or ``None``."""
    parts = file.split("/")
    for depth in range(len(parts), 0, -1):  # the file itself, then each folder above it
        owner = written.get("/".join(parts[:depth]))
        if owner is None:
            continue
        if owner == path:
            return f"'{alias}' is the address of this page itself; remove the alias"
        if owner == "":
            return (f"'{alias}' collides with the file {'/'.join(parts[:depth])}, which the "
                    "build writes")
        return (f"'{alias}' is the address of the page {portfolio.pages[owner].file}; "
                "an alias must be an address no page uses")
    others = sorted({other for other, _, _ in claimants if other != path})
    if others:
        return (f"'{alias}' is also an alias of {portfolio.pages[others[0]].file}; keep it "
                "on one page")
    earlier = [i for other, i, _ in claimants if other == path and i < index]
    if earlier:
        return f"'{alias}' is the same address as aliases[{earlier[0]}]; keep one"
    return None
