"""One build's state, from one project: created once per build (and per serve rebuild),
passed down, never reached back into.

A ``Session`` reads the site data, scans the source folders (``inventory.scan_folder``),
registers the sources' outputs, reads the pages (``reading.PageReader``, whose cache may
outlive it under ``mkdocs serve``) and assembles the site (``pipeline.assemble``). The
MkDocs adapter (``mkdocs_session.BuildSession``) runs one per build, handing it what
MkDocs found; ``opsdesk check`` runs one over the project on disk (``check``), so both
report the same problems, line for line.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from jinja2 import Environment

from . import csp, markup
from .inventory import (
    FolderScan,
    Inventory,
    is_page_name,
    published_sources,
    scan_folder,
    sources_inventory,
)
from .pipeline import Assembled, assemble
from .portfolio import Portfolio, relative_url
from .problems import Problem, Severity
from .project import Project
from .reading import PageReader
from .render import syntax_problems
from .sitedata import SiteData, load_site_data
from .source import PageSource, code_lines, load_page_bytes
from .view import PageView, ViewReads
from .view import clear_caches as view_caches_clear

__all__ = ["Session", "load_project"]

#: The core's memoised functions of author text (Markdown rendered, links made relative,
#: anchors, code in bodies): their caches live for one build (under ``mkdocs serve``,
#: until the next full rebuild), never for a whole serve session.
_PER_BUILD = (markup.render_cache_clear, relative_url.cache_clear, view_caches_clear,
              code_lines.cache_clear, csp.policy_cache_clear)


class Session:
    """Site data, the scans of the source folders, the sources' inventory, the site."""

    def __init__(self, project: Project, *, reader: PageReader | None = None,
                 cards: bool = False) -> None:
        """``cards``: whether the views get social cards (the build draws them)."""
        self.cards = cards
        for clear in _PER_BUILD:
            clear()
        self.project = project
        self.shown_docs = project.shown(project.docs_dir)
        self.data: SiteData = load_site_data(project.site_data,
                                             shown_as=project.shown(project.site_data),
                                             project=project.root)
        self.reader = reader or PageReader()
        self.docs: FolderScan | None = None
        self.sources = Inventory(project.directory_urls)
        self.odd: list[Problem] = []
        self.site: Assembled | None = None

    def scan(self, excluded: Collection[str] = ()) -> FolderScan:
        """Scan the docs folder and the site's templates; register the sources' outputs
        (``excluded``: paths the generator's configuration leaves out)."""
        docs = scan_folder(self.project.docs_dir, shown=self.shown_docs,
                           project=self.project.root, content=True)
        themes = [scan_folder(folder, shown=self.project.shown(folder), project=self.project.root)
                  for folder in self.project.site_themes]
        paths, doubles = published_sources(docs, directory_urls=self.project.directory_urls)
        self.sources = sources_inventory(docs, [p for p in paths if p not in excluded],
                                         directory_urls=self.project.directory_urls,
                                         doubles=doubles)
        self.odd = [*docs.problems, *doubles, *(p for scan in themes for p in scan.problems)]
        self.docs = docs
        self.themes = themes
        return docs

    def page_paths(self) -> list[str]:
        """The pages the inventory publishes, in path order."""
        return sorted(output.path for output in self.sources.outputs.values()
                      if output.path is not None and is_page_name(output.path))

    def read(self, path: str, disk: str | None = None) -> PageSource:
        """The page at ``path`` (relative to the docs folder), read from ``disk`` (default:
        where the scan found it)."""
        if disk is None:
            assert self.docs is not None, "scan() first"
            disk = self.docs.files[path].disk
        return self.reader.read(disk, path=path, file=f"{self.shown_docs}/{path}",
                                lane_ids=self.data.lane_ids)

    def read_generated(self, path: str, data: bytes) -> PageSource:
        """A page the generator made (``content`` in memory)."""
        return load_page_bytes(data, path=path, file=f"{self.shown_docs}/{path}",
                               lane_ids=self.data.lane_ids)

    def assemble(self, sources: Iterable[PageSource], *, reuse: Portfolio | None = None,
                 previous: Mapping[str, PageView] | None = None,
                 kept: ViewReads | None = None) -> Assembled:
        """The site of ``sources`` (``pipeline.assemble``), with the scans' problems;
        ``kept``: the last site's ``view_reads``, whose views are kept where the same."""
        site = self._assemble(sources, reuse=reuse, previous=previous, kept=kept)
        if site.redirects.targets and not self.project.redirects:
            site.problems.append(Problem(
                self.project.config_file, None, "plugins", "pages have aliases, but there is "
                "no 'redirects' plugin: add '- redirects' under 'plugins:' so old addresses "
                "keep working", Severity.WARNING))
        return site

    def _assemble(self, sources: Iterable[PageSource], *, reuse: Portfolio | None,
                  previous: Mapping[str, PageView] | None,
                  kept: ViewReads | None = None) -> Assembled:
        return assemble(self.data, sources, shown_docs=self.shown_docs,
                        template_dirs=self.project.template_dirs,
                        site_url=self.project.site_url or self.data.site.url,
                        inventory=self.sources, check_anchors=self.project.check_anchors,
                        extra_problems=self.odd, reuse=reuse, previous=previous,
                        cards=self.cards, kept=kept)

    def template_problems(self, env: Environment | None = None) -> list[Problem]:
        """A located error for each template of the site's own folder that does not parse
        (``env``: the theme's; default: one with the extensions MkDocs' has)."""
        env = env or Environment(extensions=["jinja2.ext.i18n"])  # noqa: S701 - parse only
        return syntax_problems(env, self.project.own_templates, self.project.shown)

    def check(self) -> Assembled:
        """Scan, read every page and assemble the site, as a build does before it
        renders anything, templates checked too: what ``opsdesk check`` reports."""
        self.scan()
        self.odd += self.template_problems()
        self.site = self.assemble(self.read(path) for path in self.page_paths())
        return self.site


def load_project(project: Project) -> Assembled:
    """Read site data and every page and assemble them, as a build does: what
    ``opsdesk check`` reports."""
    return Session(project).check()
