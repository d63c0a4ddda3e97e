"""MkDocs pages converted by one Markdown converter per build (adapter, like ``plugin``).

MkDocs' ``Page.render`` builds a new ``markdown.Markdown``, loading every configured
extension, for each page: about a quarter of a millisecond a page, a quarter of a
second at a thousand pages, for converters that are all alike. Python-Markdown's
contract is that one converter, ``reset()`` between documents, converts any number of
them (extensions that keep state reset it in their own ``reset()``), so a page of
``ReusedConverterPage`` borrows the build's one converter and registers on it, page by
page, the four processors MkDocs registers on a fresh one. Everything else is MkDocs'
``Page``; ``tests/test_converter.py`` checks that every page converts exactly as
MkDocs' own ``render`` converts it.
"""

from __future__ import annotations

import logging

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

__all__ = ["ReusedConverterPage", "SharedConverter"]

_mkdocs_log = logging.getLogger("mkdocs.structure.pages")


class SharedConverter:
    """The one Markdown converter of a build, made at its first use.

    A new configuration (each build of ``mkdocs serve`` loads ``mkdocs.yml`` again) gets
    a new converter, so a changed extension list always applies.
    """

    def __init__(self) -> None:
        self._config: MkDocsConfig | None = None
        self._md: markdown.Markdown | None = None

    def get(self, config: MkDocsConfig) -> markdown.Markdown:
        if self._md is None or self._config is not config:
            self._md = markdown.Markdown(
                extensions=config["markdown_extensions"],
                extension_configs=config["mdx_configs"] or {},
            )
            self._config = config
        return self._md.reset()


class ReusedConverterPage(Page):
    """A page that ``render``s as MkDocs' ``Page`` does, with the build's converter."""

    def __init__(self, file: File, config: MkDocsConfig, converter: SharedConverter) -> None:
        self.converter = converter
        super().__init__(None, file, config)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """``Page.render`` of MkDocs 1.6, but for where the converter comes from."""
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self.converter.get(config)

        raw_html_ext = _RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = _ExtractAnchorsTreeprocessor(self.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = _RelativePathTreeprocessor(self.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = _ExtractTitleTreeprocessor()
        extract_title_ext._register(md)

        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = extract_title_ext.title
        self.present_anchor_ids = (
            extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        )
        if _mkdocs_log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_path_ext.links_to_anchors
