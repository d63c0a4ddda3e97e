"""What the hooks change in MkDocs' own structures (theme folders, table of contents,
navigation), with MkDocs' public API only: the adapter's half that is not hooks. Private
APIs, and another plugin's (mkdocs-redirects), live in ``internals.py``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from jinja2 import BaseLoader, Environment, FileSystemLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from . import theme
from .anchors import OWN_HEADING_IDS
from .inventory import FolderScan, Inventory, escapes
from .minify import minified
from .model import Site
from .problems import one_line
from .project import Project
from .render import ConfinedLoader, Section
from .source import PageSource
from .view import PageView

__all__ = [
    "ConfinedLoader",
    "add_generated",
    "add_to_toc",
    "confine",
    "confine_templates",
    "date_page",
    "drop_pages_at",
    "excluded_paths",
    "include",
    "insert_templates",
    "keep_inventoried",
    "link_pages",
    "navigation",
    "sections",
    "show_error_pages",
    "take_identity",
]

log = get_plugin_logger(__name__)


def confine(files: Files, scans: Sequence[FolderScan]) -> None:
    """Leave out every file MkDocs found in a scanned folder (``content/``, the site's
    templates) that the folder's scan refused or never found: an entry outside its
    folder, a pipe, a look-alike page. Nothing of them is read or copied."""
    by_folder = {os.path.realpath(scan.folder): scan for scan in scans}
    for file in list(files):
        if file.generated_by or file.src_dir is None:
            continue
        scan = by_folder.get(os.path.realpath(file.src_dir))
        if scan is not None and not scan.allows(file.src_uri):
            files.remove(file)


def _docs_files(files: Files, config: MkDocsConfig) -> list[File]:
    """The files of ``docs_dir`` (not the theme's, not generated ones)."""
    docs = os.path.realpath(config.docs_dir)
    return [file for file in files if not file.generated_by and file.src_dir is not None
            and os.path.realpath(file.src_dir) == docs]


def excluded_paths(files: Files, config: MkDocsConfig) -> set[str]:
    """The paths of the files of ``docs_dir`` that ``exclude_docs`` leaves out."""
    return {file.src_uri for file in _docs_files(files, config)
            if file.inclusion.is_excluded()}  # type: ignore[no-untyped-call]


def keep_inventoried(files: Files, config: MkDocsConfig, inventory: Inventory) -> None:
    """Leave out the files of ``docs_dir`` the inventory does not publish: each lost a
    clash, and has an error saying so."""
    for file in _docs_files(files, config):
        if inventory.get(file.src_uri) is None and not file.inclusion.is_excluded():  # type: ignore[no-untyped-call]
            files.remove(file)


def minify_theme_files(files: Files, folders: Sequence[Path]) -> None:
    """Publish the style sheets and scripts of the template ``folders`` (the site's and
    ours: not Material's, not an author's) minified (``minify.py``)."""
    for file in files:
        if file.is_documentation_page() or file.abs_src_path is None:
            continue
        source = Path(os.path.realpath(file.abs_src_path))
        if not any(source.is_relative_to(folder) for folder in folders):
            continue
        data = minified(file.src_uri, file.content_bytes)
        if data is not None:
            file.content_bytes = data


def confine_templates(env: Environment) -> None:
    """Make ``env`` load templates with a ``ConfinedLoader`` of the same folders."""
    if isinstance(env.loader, FileSystemLoader) and not isinstance(env.loader, ConfinedLoader):
        env.loader = ConfinedLoader(env.loader.searchpath)
        if env.cache is not None:
            env.cache.clear()


def project_root(config: MkDocsConfig) -> Path:
    """The folder of ``mkdocs.yml``: the project's."""
    return Path(config.config_file_path).resolve().parent \
        if config.config_file_path else Path.cwd()


def cache_folder(config: MkDocsConfig, name: str) -> Path | None:
    """``.cache/<name>`` in the project (beside ``mkdocs.yml``); ``None`` when it would
    lead out of the project (a link)."""
    root = project_root(config)
    folder = root / ".cache" / name
    return None if escapes(folder, root) else folder


def project_of(config: MkDocsConfig, site_data: str, template_dirs: list[Path], *,
               redirects: bool) -> Project:
    """The project MkDocs' configuration describes (``site_data``: the plugin's option;
    ``redirects``: whether mkdocs-redirects is there to write the aliases' pages)."""
    root = project_root(config)
    custom_dir = config.theme.custom_dir
    return Project(root=root, docs_dir=Path(config.docs_dir), site_data=root / site_data,
                   custom_dir=Path(custom_dir) if custom_dir else None,
                   directory_urls=config.use_directory_urls,
                   check_anchors=not OWN_HEADING_IDS & set(config.mdx_configs.get("toc", {})),
                   templates=tuple(template_dirs), site_url=config.site_url,
                   redirects=redirects,
                   config_file=Path(config.config_file_path).name
                   if config.config_file_path else "mkdocs.yml")


def take_identity(config: MkDocsConfig, site: Site) -> None:
    """Name and describe the site as ``site.yml`` does, for the theme (``<title>``, the
    header, the sidebar, the default meta description), and take its URL unless
    ``mkdocs.yml`` sets ``site_url``. MkDocs refuses a ``mkdocs.yml`` without
    ``site_name`` before any plugin runs, so it must have one; whatever it says (and its
    ``site_description``) is replaced here, so ``site.yml`` is the one source."""
    config.site_url = config.site_url or site.url
    # Material prints both without escaping (MkDocs' Jinja environment does not
    # autoescape), and site.yml is written by authors: escaped once by the theme's
    # boundary (``Markup``), they read as written, and ``| e`` leaves them as they are.
    config.site_name = theme.text(site.name)
    config.site_description = theme.text(site.description) if site.description else None


def add_generated(files: Files, config: MkDocsConfig,
                  contents: Mapping[str, str | bytes]) -> list[File]:
    """Add a generated file for each path of ``contents``; the files added."""
    added = [File.generated(config, path, content=content) for path, content in contents.items()]
    for file in added:
        files.append(file)
    return added


def drop_pages_at(files: Files, urls: Iterable[str]) -> None:
    """Leave out the pages at ``urls`` (the generated listing pages' addresses, before
    they are added): each has a located error saying so, and MkDocs would write both
    pages to one file."""
    taken = set(urls)
    for file in list(files.documentation_pages()):
        if file.url in taken:
            files.remove(file)


def include(files: Files, sources: Iterable[PageSource], *, previewing: bool) -> None:
    """Mark drafts as drafts and leave out the pages with errors (except, under
    ``mkdocs serve``, those MkDocs can read, so the author sees them with their
    problems), saying so for each."""
    for source in sources:
        file = files.get_file_from_path(source.path)
        if file is not None and not source.valid and not (previewing and source.decoded):
            files.remove(file)
            # a problem line: it starts with its location, so without the "opsdesk: " prefix
            log.logger.warning(f"{one_line(source.file)}: left out of the build until its "
                               "errors are fixed")
        elif file is not None and source.draft:
            file.inclusion = InclusionLevel.DRAFT


def page_of(files: Files, path: str | None) -> Page | None:
    file = files.get_file_from_path(path) if path else None
    return file.page if file else None


def date_page(page: Page, view: PageView, *, dated: bool) -> None:
    """Give MkDocs' sitemap the page's date: it prints ``update_date`` as ``lastmod``,
    and a blank one leaves it out. Only when ``dated`` (some page has a date): MkDocs
    needs one page with a date, for the time stamp of ``sitemap.xml.gz``."""
    if dated:
        page.update_date = view.updated.isoformat() if view.updated else ""


def link_pages(files: Files, views: Iterable[PageView]) -> None:
    """Each page's previous and next page (``rel=prev/next``), as its view says: the
    reader's order of "Next page", not the order of the folders; on a page of a paged
    listing, the listing's previous and next pages."""
    for view in views:
        if (page := page_of(files, view.path)) is not None:
            previous, following = (view.pager.previous, view.pager.next) if view.pager \
                else (view.previous, view.next)
            page.previous_page = page_of(files, previous.path if previous else None)
            page.next_page = page_of(files, following.path if following else None)


def navigation(files: Files, home: str, paths: Iterable[str]) -> Navigation:
    """A navigation of the pages at ``paths``, in order, at the top level, after the
    ``home`` page. The home page is not listed: Material heads the sidebar with the site
    name and the logo that links home, and the home page's title is the site name (or
    would say it twice); it stays the navigation's ``homepage``, which the logos link to."""
    pages = [page for path in [home, *paths] if (page := page_of(files, path)) is not None]
    for page in pages:
        page.parent = None
    return Navigation([page for page in pages if page.file.src_uri != home], pages)


def add_to_toc(page: Page, html: str, anchor: str, title: str) -> None:
    """List an injected section in the page's table of contents, where it stands (the
    blocks are added after Markdown made the table of contents)."""
    position = html.find(f'id="{anchor}"')
    if position < 0 or any(item.id == anchor for item in page.toc):
        return
    items = page.toc.items
    after = [i for i, item in enumerate(items) if html.find(f'id="{item.id}"') > position]
    items.insert(after[0] if after else len(items), AnchorLink(theme.text(title), anchor, 2))


def sections(page: Page) -> tuple[Section, ...]:
    """The entries of the page's table of contents under its title: its sections."""
    toc = list(page.toc)
    if len(toc) == 1 and toc[0].level == 1:  # the page's own H1: its sections are below
        toc = toc[0].children
    return tuple(Section(theme.heading(item.title), item.url) for item in toc)


def insert_templates(config: MkDocsConfig, ours: Path) -> list[Path]:
    """Put the folder ``ours`` after the site's own template folder and before Material's;
    return the folders the block renderer searches: the site's, then ours."""
    dirs = config.theme.dirs
    custom_dir = config.theme.custom_dir
    if custom_dir and escapes(Path(custom_dir), project_root(config)):
        dirs.remove(custom_dir)  # a link out of the project: never read (the scan says so)
        custom_dir = None
    ours = ours.resolve()
    real = [Path(os.path.realpath(d)) for d in dirs]
    if ours not in real:
        position = 1 if custom_dir else 0
        dirs.insert(position, str(ours))
        real.insert(position, ours)
    return real[: real.index(ours) + 1]


class _ErrorPages(BaseLoader):
    """Every page template is ``page``; other files (sitemap.xml) as ``loader`` has them."""

    def __init__(self, loader: BaseLoader | None, page: str) -> None:
        self.loader, self.page = loader, page

    def get_source(self, environment: Environment,
                   template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        if template.endswith(".html") or self.loader is None:
            return self.page, None, lambda: True
        return self.loader.get_source(environment, template)


def show_error_pages(env: Environment, page: str) -> None:
    """Make ``env`` render ``page`` (an HTML page, no template syntax) for every page of
    the site: what ``mkdocs serve`` shows while a template cannot be parsed."""
    env.loader = _ErrorPages(env.loader, page)
    if env.cache is not None:
        env.cache.clear()
