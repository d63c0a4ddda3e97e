"""Issue 20: one line per problem, always; e-mail autolinks; a feed entry's title.

Every log line that carries an author's string (a file name included) is one line: a
file named with a line break cannot forge a second log line. An e-mail autolink in
front-matter Markdown builds as a ``mailto:`` link. A feed entry's title is the page's
title as the page shows it.
"""

from __future__ import annotations

from pathlib import Path

from ..support.pages import page
from ..support.sites import build_site


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path: Path) -> None:
    name = "content/guides/x\nINFO    -  Documentation built.md"
    built = build_site(tmp_path, {name: page("nxet: x\n")}, strict=True)
    shown = "content/guides/x\\nINFO    -  Documentation built.md"
    assert built.problems() == [f"{shown}:5: nxet: unknown key (did you mean 'next'?)",
                                f"{shown}: left out of the build until its errors are fixed"]
    assert all("\n" not in record.getMessage() for record in built.records)


def test_an_email_autolink_in_a_checklist_item_builds_as_a_mailto_link(
        tmp_path: Path) -> None:
    built = build_site(tmp_path, {"content/guides/bad.md": page(
        "quick_take: Ask <ops@example.org> first.\n"
        "checklists:\n  c:\n    items: [Write to <ops@example.org> when it fails]\n"
        "faq:\n  - q: Who?\n    a: Mail <ops@example.org>.\n",
        body="\n<!-- checklist: c -->\n\n<!-- faq -->\n")}, strict=True)
    assert built.ok, built.problems()
    links = built.html("guides/bad/").select("a[href^='mailto:']")
    assert [link["href"] for link in links] == ["mailto:ops@example.org"] * 3
    assert [link.get_text() for link in links] == ["ops@example.org"] * 3


def test_a_feed_entry_title_is_the_title_as_the_page_shows_it(tmp_path: Path) -> None:
    title = "Retries *and* <Idempotency> & [keys](x.md)"
    built = build_site(tmp_path, {"content/guides/bad.md": page().replace(
        "title: Bad Guide", f'title: "{title}"')}, strict=True)
    assert built.ok, built.problems()
    assert built.html("guides/bad/").select_one("h1").get_text() == title
    feed = (built.site / "atom.xml").read_text(encoding="utf-8")
    assert ("<title>Retries *and* &lt;Idempotency&gt; &amp; [keys](x.md)</title>"
            in feed)
