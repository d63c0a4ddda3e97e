"""A project on disk: where its folders are, read without MkDocs.

The ``opsdesk`` commands use it to check every page in a fraction of a build's time.
It reads ``mkdocs.yml`` as plain YAML (only ``docs_dir``, ``use_directory_urls``,
``theme.custom_dir``, ``toc``'s options and the ``opsdesk`` plugin's options matter here);
``load_project`` runs the build's own session (``session.Session``) over it, so the
problems are the build's, word for word. The MkDocs adapter makes its ``Project`` from
MkDocs' configuration instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .anchors import OWN_HEADING_IDS
from .inventory import escapes

__all__ = ["PACKAGE_TEMPLATES", "Project", "ProjectError", "find_project"]

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
    directory_urls: bool = True
    check_anchors: bool = True
    """Whether ``toc`` makes heading ids its default way (``anchors``)."""
    templates: tuple[Path, ...] = ()
    """Where blocks are looked up, when the generator says (default: ``template_dirs``)."""
    site_url: str | None = None
    """The site's URL when the generator's configuration sets it (else ``site.yml``'s)."""
    redirects: bool = True
    """Whether the configuration has a ``redirects`` plugin to write the aliases' pages."""
    config_file: str = CONFIG_FILE
    """The configuration, as messages show it."""

    def shown(self, path: Path) -> str:
        """``path`` as messages show it: relative to the project root."""
        for candidate in (Path(os.path.abspath(path)), path.resolve()):  # as written first
            if candidate.is_relative_to(self.root):
                return candidate.relative_to(self.root).as_posix()
        return path.as_posix()

    @property
    def template_dirs(self) -> list[Path]:
        """Where blocks are looked up, as the plugin does: the site's folder, then ours."""
        if self.templates:
            return list(self.templates)
        return [*self.own_templates, PACKAGE_TEMPLATES.resolve()]

    @property
    def own_templates(self) -> list[Path]:
        """The site's own template folder where it is read: authors' input, whose templates
        are checked (ours and Material's come with their packages, and are tested there)."""
        # a link out of the project is never read (its scan says so)
        return [folder for folder in self.site_themes if not escapes(folder, self.root)]

    @property
    def site_themes(self) -> list[Path]:
        """The site's own template folder: authors' input, scanned like the docs folder."""
        return [self.custom_dir] if self.custom_dir else []


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
        custom_dir=Path(os.path.normpath(root / str(custom_dir))) if custom_dir else None,
        directory_urls=config.get("use_directory_urls") is not False,
        check_anchors=not OWN_HEADING_IDS & set(_extension_options(config, "toc")),
        redirects="redirects" in _plugins(config),
    )


def _plugins(config: dict[str, Any]) -> dict[str, Any]:
    """The plugins by name, with their options, in either form ``plugins:`` takes."""
    plugins = config.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(item.items())) if isinstance(item, dict) and item else (item, None)
        for item in plugins)
    return {name: options for name, options in entries if isinstance(name, str)}


def _extension_options(config: dict[str, Any], name: str) -> dict[str, Any]:
    """The options ``markdown_extensions`` gives the extension ``name``."""
    extensions = config.get("markdown_extensions") or []
    items = extensions.items() if isinstance(extensions, dict) else (
        next(iter(item.items())) if isinstance(item, dict) and item else (item, None)
        for item in extensions)
    options = next((options for key, options in items if key == name), None)
    return options if isinstance(options, dict) else {}


def _plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The options of the ``opsdesk`` plugin."""
    options = _plugins(config).get("opsdesk")
    return options if isinstance(options, dict) else {}
