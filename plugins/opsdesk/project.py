"""A project on disk, read without MkDocs: where its folders are, and its whole portfolio.

The ``opsdesk`` commands use it to check every page in a fraction of a build's time.
It reads ``mkdocs.yml`` as plain YAML (only ``docs_dir``, ``theme.custom_dir`` and the
``opsdesk`` plugin's options matter here) and runs the same pipeline as the plugin
(``pipeline.assemble``), so the problems are the build's, word for word.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .pipeline import Assembled, assemble
from .problems import Problem, Severity
from .sitedata import load_site_data
from .source import read_page_file

__all__ = ["PACKAGE_TEMPLATES", "Project", "ProjectError", "find_project", "load_project"]

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
CONFIG_FILE = "mkdocs.yml"


class ProjectError(Exception):
    """The folder is not a project this tool can read; the message says why."""


@dataclass(frozen=True)
class Project:
    """The folders of a project, from its ``mkdocs.yml``."""

    root: Path
    docs_dir: Path
    site_data: Path
    custom_dir: Path | None = None

    def shown(self, path: Path) -> str:
        """``path`` as messages show it: relative to the project root."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def template_dirs(self) -> list[Path]:
        """Where blocks are looked up, as the plugin does: the site's folder, then ours."""
        return [*([self.custom_dir] if self.custom_dir else []), PACKAGE_TEMPLATES.resolve()]


class _ConfigLoader(yaml.SafeLoader):
    """Reads ``mkdocs.yml`` with its tags (``!ENV``, ``!!python/name:``) as plain nulls:
    none of the keys this tool reads use them."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_ConfigLoader.add_multi_constructor("!", _ignore_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def find_project(folder: Path) -> Project:
    """The project whose ``mkdocs.yml`` is in ``folder``."""
    config_file = folder / CONFIG_FILE
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), _ConfigLoader)  # noqa: S506
    except FileNotFoundError:
        raise ProjectError(f"no {CONFIG_FILE} in {folder.resolve()}: run this in the project's "
                           "folder, or give it with --project DIR") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ProjectError(f"{config_file}: cannot be read: {error}") from None
    if not isinstance(config, dict):
        raise ProjectError(f"{config_file}: expected a mapping of keys to values")
    root = folder.resolve()
    theme = config.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    return Project(
        root=root,
        docs_dir=root / str(config.get("docs_dir") or "docs"),
        site_data=root / str(_plugin_options(config).get("site_data") or "site-data"),
        custom_dir=(root / str(custom_dir)).resolve() if custom_dir else None,
    )


def _plugins(config: dict[str, Any]) -> dict[str, Any]:
    """The plugins by name, with their options, in either form ``plugins:`` takes."""
    plugins = config.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(item.items())) if isinstance(item, dict) and item else (item, None)
        for item in plugins)
    return {name: options for name, options in entries if isinstance(name, str)}


def _plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The options of the ``opsdesk`` plugin."""
    options = _plugins(config).get("opsdesk")
    return options if isinstance(options, dict) else {}


def page_files(docs_dir: Path) -> Iterator[tuple[str, Path]]:
    """Every Markdown page under ``docs_dir`` as MkDocs finds it (following symbolic
    links; dot folders and files are left out, as MkDocs' default ``exclude_docs``
    does), by path relative to it. A symbolic link to nothing is yielded (reading it
    says what it is); ``odd_entries`` names what is not yielded."""
    for relative, path, why in _walk(docs_dir):
        if why is None:
            yield relative, path


def odd_entries(docs_dir: Path) -> list[tuple[str, str]]:
    """``(path relative to docs_dir, why)`` of each entry that is neither a page nor a
    plain folder: a folder named like a page, a symbolic link to a folder containing it
    (MkDocs would follow it round and round)."""
    return [(relative, why) for relative, _, why in _walk(docs_dir) if why is not None]


def _walk(docs_dir: Path) -> Iterator[tuple[str, Path, str | None]]:
    root = os.path.realpath(docs_dir)
    found: list[tuple[str, Path, str | None]] = []
    for folder, dirs, names in os.walk(docs_dir, followlinks=True):
        here = Path(folder)
        real = os.path.realpath(folder)
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            relative = (here / name).relative_to(docs_dir).as_posix()
            target = os.path.realpath(here / name)
            if (here / name).is_symlink() and (target in (real, root) or _contains(target, real)):
                found.append((relative, here / name,
                              "is a symbolic link to a folder that contains it: remove it"))
            elif name.endswith(".md"):
                found.append((relative, here / name, "is a folder named like a page: "
                              "rename it (only a page's file ends in .md)"))
                kept.append(name)
            else:
                kept.append(name)
        dirs[:] = kept
        for name in names:
            if name.endswith(".md") and not name.startswith("."):
                found.append(((here / name).relative_to(docs_dir).as_posix(), here / name,
                              None))
    yield from sorted(found, key=lambda entry: entry[0])


def _contains(folder: str, path: str) -> bool:
    """Whether ``path`` is inside ``folder`` (both real paths)."""
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def load_project(project: Project) -> Assembled:
    """Read site data and every page and assemble them, as the plugin's ``on_files`` does."""
    data = load_site_data(project.site_data, shown_as=project.shown(project.site_data))
    shown_docs = project.shown(project.docs_dir)
    sources = [
        read_page_file(path, path=relative, file=f"{shown_docs}/{relative}",
                       lane_ids=data.lane_ids)
        for relative, path in page_files(project.docs_dir)
    ]
    odd = [Problem(f"{shown_docs}/{relative}", None, None, why, Severity.WARNING)
           for relative, why in odd_entries(project.docs_dir)]
    return assemble(data, sources, shown_docs=shown_docs, template_dirs=project.template_dirs,
                    site_url=data.site.url, extra_problems=odd)
