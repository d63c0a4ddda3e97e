"""What an edit affects (``incremental.plan_rebuild``), table-driven, checked against the
blocks actually rendered before and after each edit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from opsdesk import checks, feeds
from opsdesk.feeds import FeedWriter
from opsdesk.incremental import Plan, plan_rebuild, reuse_graph
from opsdesk.listings import CARDS_PER_PAGE
from opsdesk.pipeline import Assembled, assemble
from opsdesk.portfolio import Portfolio
from opsdesk.project import PACKAGE_TEMPLATES
from opsdesk.render import Renderer
from opsdesk.sitedata import load_site_data
from opsdesk.source import Kind, PageSource, load_page

from .support.sites import SITES

LANES = ["guides", "fixes"]


def _page(title: str, *, order: int | None = None, tags: str = "[]", updated: str = "2026-06-01",
          extra: str = "", words: int = 10) -> str:
    order_line = f"order: {order}\n" if order is not None else ""
    body = " ".join(["word"] * words)
    return (f"---\ntitle: {title}\ndescription: About {title}.\nupdated: {updated}\n"
            f"{order_line}tags: {tags}\n{extra}---\n\n{body}\n")


BASE = {
    "index.md": "---\ntitle: Home\n---\n\nWelcome.\n",
    "guides/index.md": "---\ntitle: Guides\n---\n\nAll guides.\n",
    "fixes/index.md": "---\ntitle: Fixes\n---\n\nAll fixes.\n",
    "policies/privacy.md": "---\ntitle: Privacy\n---\n\nWe keep nothing.\n",
    "guides/a.md": _page("Alpha", order=1, tags="[x]"),
    "guides/b.md": _page("Beta", order=2, tags="[x]"),
    "guides/c.md": _page("Gamma", order=3, tags="[y]"),
    "guides/d.md": _page("Delta", order=4, tags="[y]", extra="next: guides/a.md\n"),
    "fixes/f.md": _page("Fix", tags="[z]"),
}


def _sources(texts: dict[str, str]) -> list[PageSource]:
    return [load_page(text, path=path, file=f"content/{path}", lane_ids=LANES)
            for path, text in texts.items()]


DATA = load_site_data(SITES / "basic" / "site-data")
TEMPLATES = [Path(PACKAGE_TEMPLATES)]
RENDERER = Renderer(TEMPLATES, DATA)


def _assembled(texts: dict[str, str], reuse: Portfolio | None = None) -> Assembled:
    return assemble(DATA, _sources(texts), shown_docs="content", template_dirs=TEMPLATES,
                    site_url=None, reuse=reuse)


def _rendered(assembled: Assembled) -> dict[str, str]:
    """Every page's blocks, as the plugin renders them."""
    return {path: str((RENDERER.blocks(view, site_url=None, body_has_h1=False,
                                       problems=view.problems), RENDERER.body_blocks(view)))
            for path, view in assembled.views.items()}


EDITS: list[tuple[str, dict[str, str | None], Plan]] = [
    ("body edit, same reading time", {"guides/b.md": _page("Beta", order=2, tags="[x]",
                                                           words=12)},
     Plan(pages=("guides/b.md",))),
    ("body edit that changes the reading time on the cards",
     {"guides/b.md": _page("Beta", order=2, tags="[x]", words=900)},
     Plan(pages=("guides/b.md", "guides/index.md", "index.md", "tags/x.md"))),
    ("title: the page, its previous and next pages, pages that relate to it, the cards",
     {"guides/b.md": _page("Bravo", order=2, tags="[x]")},
     Plan(pages=("guides/a.md", "guides/b.md", "guides/c.md", "guides/index.md", "index.md",
                 "tags/x.md"))),
    ("order: the lane's sequence and so the default next (and previous) pages",
     {"guides/c.md": _page("Gamma", order=0, tags="[y]")},
     Plan(pages=("guides/a.md", "guides/b.md", "guides/c.md", "guides/d.md", "guides/index.md",
                 "index.md"))),
    ("tags: the related pages of the pages sharing them",
     {"guides/c.md": _page("Gamma", order=3, tags="[x]")},
     # b is not among them: c is its next page, never also a related one; the tags page
     # (its counts) and both tags' pages (their cards)
     Plan(pages=("guides/a.md", "guides/c.md", "guides/d.md", "tags.md", "tags/x.md",
                 "tags/y.md"))),
    ("updated: the cards, and the ranking of related pages",
     {"guides/c.md": _page("Gamma", order=3, tags="[y]", updated="2026-07-01")},
     Plan(pages=("guides/c.md", "guides/index.md", "index.md", "tags/y.md"))),
    ("description: the page, its cards",
     {"guides/b.md": _page("Beta", order=2, tags="[x]").replace("About Beta.", "All of Beta.")},
     Plan(pages=("guides/b.md", "guides/index.md", "index.md", "tags/x.md"))),
    ("a policy page's body", {"policies/privacy.md": "---\ntitle: Privacy\n---\n\nNothing.\n"},
     Plan(pages=("policies/privacy.md",))),
    ("a landing page's body", {"guides/index.md": "---\ntitle: Guides\n---\n\nMore.\n"},
     Plan(pages=("guides/index.md",))),
    ("a broken next link: its problem shows on the page, and its target has no previous",
     {"guides/d.md": _page("Delta", order=4, tags="[y]", extra="next: guides/zz.md\n")},
     Plan(pages=("guides/a.md", "guides/d.md"))),
    ("draft", {"guides/b.md": _page("Beta", order=2, tags="[x]", extra="draft: true\n")},
     Plan(full="the pages, their published state, aliases or navigation changed")),
    ("a new page", {"guides/e.md": _page("Epsilon")},
     Plan(full="the pages, their published state, aliases or navigation changed")),
    ("a deleted page", {"fixes/f.md": None},
     Plan(full="the pages, their published state, aliases or navigation changed")),
    ("a navigation title", {"guides/index.md": "---\ntitle: All guides\n---\n\nAll guides.\n"},
     Plan(full="the pages, their published state, aliases or navigation changed")),
    ("broken front matter", {"guides/b.md": "---\ntitle: [Beta\n---\n\nBody.\n"},
     Plan(full="the pages, their published state, aliases or navigation changed")),
    ("aliases", {"guides/b.md": _page("Beta", order=2, tags="[x]",
                                      extra="aliases: [guides/old-b.md]\n")},
     Plan(full="the pages, their published state, aliases or navigation changed")),
]


@pytest.mark.parametrize(("edit", "files", "expected"), EDITS, ids=[e[0] for e in EDITS])
def test_plan_rebuild(edit: str, files: dict[str, str | None], expected: Plan) -> None:
    after_texts = {**BASE, **files}
    after_texts = {path: text for path, text in after_texts.items() if text is not None}
    before, after = _assembled(BASE), _assembled(after_texts)

    plan = plan_rebuild(before, after, [p for p in files if p in after_texts])

    assert plan == expected
    if plan.full is None:  # every page whose blocks changed is in the plan
        old, new = _rendered(before), _rendered(after)
        changed = {path for path in new if new[path] != old.get(path)}
        assert changed <= set(plan.pages)


#: Front-matter edits that change nothing the graph reads (``portfolio.graph_inputs``).
GRAPH_KEPT = {"aliases", "description: the page, its cards"}


@pytest.mark.parametrize(("edit", "files", "expected"), EDITS, ids=[e[0] for e in EDITS])
def test_body_edits_reuse_the_graph_with_the_same_plan(
        edit: str, files: dict[str, str | None], expected: Plan) -> None:
    after_texts = {path: text for path, text in {**BASE, **files}.items() if text is not None}
    before = _assembled(BASE)
    reused = reuse_graph(before.portfolio, _sources(after_texts))
    graph_kept = edit in GRAPH_KEPT or all(
        text and path in BASE and text.split("---")[1] == BASE[path].split("---")[1]
        for path, text in files.items())
    assert (reused is not None) is graph_kept, edit
    if reused is None:
        return

    after = _assembled(after_texts, reuse=reused)
    plan = plan_rebuild(before, after, list(files))

    assert plan == expected
    assert after.portfolio.next is before.portfolio.next  # the graph was not rebuilt
    assert after.views == _assembled(after_texts).views


#: A lane with a second page of cards: 4 + 10 guides, CARDS_PER_PAGE (12) on its landing
#: page, 2 on guides/page/2.md; the pages p00..p09 follow a..d (by ``order``).
PAGED = {**BASE, **{f"guides/p{i:02}.md": _page(f"P{i:02}", order=10 + i, tags="[x]")
                    for i in range(CARDS_PER_PAGE - 2)}}
SECOND = "guides/page/2.md"


@pytest.mark.parametrize(("edit", "files", "must", "must_not"), [
    ("a card moves from the first page to the second (order)",
     {"guides/a.md": _page("Alpha", order=99, tags="[x]")},
     # (the tag's cards are newest first: order moves none of them)
     {"guides/index.md", SECOND}, {"tags/x.md"}),
    ("the title of a card on the second page only",
     {"guides/p09.md": _page("P-nine", order=19, tags="[x]")},
     {SECOND, "tags/x.md"}, {"guides/index.md"}),
    ("a body edit: no card changes", {"guides/p05.md": _page("P05", order=15, tags="[x]",
                                                             words=12)},
     {"guides/p05.md"}, {"guides/index.md", SECOND, "tags/x.md"}),
])
def test_an_edit_renders_again_the_listing_pages_whose_cards_it_changed(
        edit: str, files: dict[str, str], must: set[str], must_not: set[str]) -> None:
    before, after = _assembled(PAGED), _assembled({**PAGED, **files})
    assert SECOND in before.views
    assert before.views[SECOND].kind is Kind.LISTING

    plan = plan_rebuild(before, after, list(files))

    assert plan.full is None
    assert must <= set(plan.pages)
    assert not must_not & set(plan.pages)
    old, new = _rendered(before), _rendered(after)
    assert {path for path in new if new[path] != old.get(path)} <= set(plan.pages)


@pytest.mark.parametrize(("edit", "files"), [
    ("the lane gets a third page of cards",
     {f"guides/q{i:02}.md": _page(f"Q{i:02}", order=40 + i) for i in range(CARDS_PER_PAGE)}),
    ("a tag nobody used before: a new tag page",
     {"guides/b.md": _page("Beta", order=2, tags="[x, brand-new]")}),
    ("the last card of the second page becomes a draft: one page fewer",
     {f"guides/p{i:02}.md": _page(f"P{i:02}", order=10 + i, extra="draft: true\n")
      for i in (8, 9)}),
])
def test_a_listing_page_that_appears_or_goes_needs_a_whole_build(
        edit: str, files: dict[str, str]) -> None:
    plan = plan_rebuild(_assembled(PAGED), _assembled({**PAGED, **files}), list(files))

    assert plan == Plan(full="the pages, their published state, aliases or navigation changed")


def test_feeds_are_written_again_only_when_what_they_show_changed() -> None:
    writer = FeedWriter()
    before = _assembled(BASE)
    first = writer.build(before.feeds, before.views, site=DATA.site, site_url=None)

    body_edit = _assembled({**BASE, "guides/b.md": _page("Beta", order=2, tags="[x]", words=50)})
    again = writer.build(body_edit.feeds, body_edit.views, site=DATA.site, site_url=None)
    assert all(again[path] is first[path] for path in first)  # kept, not written again

    renamed = _assembled({**BASE, "guides/b.md": _page("Bravo", order=2, tags="[x]")})
    fresh = writer.build(renamed.feeds, renamed.views, site=DATA.site, site_url=None)
    assert b"Bravo" in fresh["atom.xml"]
    assert fresh == FeedWriter().build(renamed.feeds, renamed.views, site=DATA.site,
                                       site_url=None)


def _feedgen(assembled: Assembled, site_url: str | None) -> dict[str, bytes]:
    """Each feed as feedgen writes it whole."""
    return {feed.path: feeds._atom(feed, assembled.views, DATA.site, site_url) or b""
            for feed in assembled.feeds}


@pytest.mark.parametrize("site_url", [None, "https://example.com/desk/"])
def test_feeds_written_from_kept_entries_are_feedgens_byte_for_byte(site_url: str | None) -> None:
    """Issue 24: a feed written again is its head and each entry's XML, the entries kept
    from the last build where what they show is the same: byte for byte what feedgen
    writes of the whole feed, whatever the text (markup characters, quotes, a long
    description, many tags, no date), after edit upon edit."""
    odd = {"guides/b.md": _page("Beta & <Co> \"quoted\" 'single'", order=2,
                                tags="[x, 'a & b', 'q\"d']").replace(
               "About Beta & <Co>", "About <b>&amp; " + "long words " * 40),
           "fixes/f.md": _page("Fix]]> ü €", tags="[z]")}
    writer = FeedWriter()
    for texts in [BASE, {**BASE, **odd},
                  {**BASE, **odd, "guides/c.md": _page("Gamma", order=3, tags="[y]").replace(
                      "About Gamma.", "A new description of Gamma.")},
                  {**BASE, "guides/a.md": _page("Alpha", order=1, tags="[x]",
                                                updated="2027-01-01")}]:
        assembled = _assembled(texts)
        written = writer.build(assembled.feeds, assembled.views, site=DATA.site,
                               site_url=site_url)
        assert written == _feedgen(assembled, site_url)
        assert written == FeedWriter().build(assembled.feeds, assembled.views,
                                             site=DATA.site, site_url=site_url)
        if "fixes/f.md" in texts and texts["fixes/f.md"] != BASE["fixes/f.md"]:
            assert b'Co&gt; "quoted"' in written["atom.xml"]  # the odd pages'
            assert "Fix]]&gt; ü €".encode() in written["atom.xml"]
    assert b"A new description" not in written["atom.xml"]
    assert written["atom.xml"].count(b"<entry>") == 5
    assert b"Co&gt;" not in written["atom.xml"]  # the last text: none of the odd ones


def test_a_description_edit_writes_one_entry_of_each_feed_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 24: an edit of one page's description writes its entry again, and keeps
    every other entry's XML (a feed lists every page of its lane, or of the site)."""
    writer = FeedWriter()
    before = _assembled(BASE)
    writer.build(before.feeds, before.views, site=DATA.site, site_url=None)
    made: list[str] = []
    entry_xml = feeds._entry_xml

    def counted(*args: Any) -> bytes | None:
        made.append(args[4].path)
        return entry_xml(*args)

    monkeypatch.setattr(feeds, "_entry_xml", counted)
    after = _assembled({**BASE, "guides/b.md": _page("Beta", order=2, tags="[x]").replace(
        "About Beta.", "All about Beta.")})
    written = writer.build(after.feeds, after.views, site=DATA.site, site_url=None)

    assert made == ["guides/b.md"]  # once: the second feed that lists it takes it kept
    assert written == _feedgen(after, None)


def _edited(before: Assembled, files: dict[str, str | None]) -> list[PageSource]:
    """The sources of ``before`` with ``files`` read again (the others the same objects,
    as ``mkdocs serve`` keeps them), the deleted ones left out."""
    read = {source.path: source for source in _sources(
        {path: text for path, text in files.items() if text is not None})}
    sources = [read.pop(path, source) for path, source in before.sources.items()
               if path not in before.generated and files.get(path, "") is not None]
    return sources + list(read.values())


@pytest.mark.parametrize(("edit", "files", "expected"), EDITS, ids=[e[0] for e in EDITS])
def test_an_edit_keeps_the_views_it_does_not_affect_and_makes_the_same_site(
        edit: str, files: dict[str, str | None], expected: Plan) -> None:
    """Issue 24: an edit's assembly keeps the views whose inputs are the same (the views
    of the last one, by identity) and makes every other again: the site is the one a
    fresh assembly makes, view for view and problem for problem."""
    before = _assembled(BASE)
    sources = _edited(before, files)
    after = assemble(DATA, sources, shown_docs="content", template_dirs=TEMPLATES,
                     site_url=None, reuse=reuse_graph(before.portfolio, sources),
                     kept=before.view_reads)
    fresh = _assembled({path: text for path, text in {**BASE, **files}.items()
                        if text is not None})

    assert after.views == fresh.views
    assert list(after.views) == list(fresh.views)
    assert after.problems == fresh.problems
    assert plan_rebuild(before, after, [p for p in files if files[p] is not None]) == expected
    made = {path for path, view in after.views.items() if view is not before.views.get(path)}
    if edit in GRAPH_KEPT or expected.pages == ("guides/b.md",):  # the graph is the same:
        # made again are the pages edited and the views that read them, no other
        readers = {path for path, read in before.view_reads.reads.items()
                   if any(key in files for _table, key in read)}
        assert made == readers | set(files)
        assert "fixes/f.md" not in made


def test_the_views_kept_read_nothing_that_changed() -> None:
    """A title edit: the pages that show the title (next, previous, related, cards) are
    made again, every other view is kept as it was."""
    before = _assembled(PAGED)
    files = {"guides/p05.md": _page("P05, renamed", order=15, tags="[x]")}
    sources = _edited(before, files)
    after = assemble(DATA, sources, shown_docs="content", template_dirs=TEMPLATES,
                     site_url=None, kept=before.view_reads)

    made = {path for path, view in after.views.items() if view is not before.views[path]}
    relating = {path for path, view in [*before.views.items(), *after.views.items()]
                if "guides/p05.md" in {link.path for link in view.related}
                or before.portfolio.related.get(path) != after.portfolio.related.get(path)}
    assert {"guides/p04.md", "guides/p05.md", "guides/p06.md", "guides/index.md",
            "tags/x.md"} <= made
    assert made <= {"guides/p04.md", "guides/p05.md", "guides/p06.md", "guides/index.md",
                    "tags/x.md", *relating}
    assert {"fixes/f.md", "fixes/index.md", "tags/y.md", "policies/privacy.md"}.isdisjoint(made)
    assert after.views == _assembled({**PAGED, **files}).views


def test_an_edit_searches_only_the_pages_read_again_for_outline_sample_lines(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 24: the sample lines of an outline left in a body are looked for once per
    page read (and outline): an edit's assembly searches the page read again, not every
    page, and still reports the others' (a warning each)."""
    sample = "Describe the situation and the symptoms a reader recognises."
    texts = {**BASE, "guides/c.md": _page("Gamma", order=3, tags="[y]") + f"\n{sample}\n"}
    before = _assembled(texts)
    searched: list[str] = []
    outline_problem = checks.outline_problem

    def counted(source: PageSource, sentences: frozenset[str]) -> Any:
        searched.append(source.path)
        return outline_problem(source, sentences)

    monkeypatch.setattr(checks, "outline_problem", counted)
    files = {"guides/b.md": _page("Beta", order=2, tags="[x]", words=12)}
    after = assemble(DATA, _edited(before, files), shown_docs="content",
                     template_dirs=TEMPLATES, site_url=None, kept=before.view_reads)

    assert searched == ["guides/b.md"]
    assert [p.path for p in after.problems if "sample line" in p.message] == ["content/guides/c.md"]
    assert after.problems == _assembled({**texts, **files}).problems
