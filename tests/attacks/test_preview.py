"""Family 1c: the preview. ``mkdocs serve`` shows a page with errors (with its banner);
what the theme gets of its front matter is its title and description, escaped, and no
other key: a broken page runs no script in the author's browser either."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from ..support.html import text
from ..support.sites import write_site
from .common import CALL, unsafe_elements

HOSTILE = f"<img src=x onerror={CALL}>"


def test_a_page_with_errors_runs_no_script_in_the_preview(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/guides/index.md": f"""
        ---
        title: '{HOSTILE}'
        description: '"><script>{CALL}</script>'
        subtitle: '{HOSTILE}'
        icon: material/nope
        author: '"><script>{CALL}</script>'
        ---

        The landing page's own text.
        """})
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()

    page = BeautifulSoup((root / "site/guides/index.html").read_text(encoding="utf-8"), "lxml")
    assert [text(li) for li in page.select(".opsdesk-problems li")] == [
        "content/guides/index.md:4: subtitle: Material prints the subtitle as HTML in the "
        "navigation of every page: expected plain text without '<' or '>', got "
        f"'{HOSTILE}'",
        "content/guides/index.md:5: icon: no icon 'material/nope' in Material's icon set (such "
        "as 'material/book-open-variant')",
        "content/guides/index.md:6: author: unknown key"]
    assert "The landing page's own text." in text(page.select_one("article"))
    assert unsafe_elements(root / "site") == []
