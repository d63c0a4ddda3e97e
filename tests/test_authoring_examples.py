"""Every example of AUTHORING.md is built: the guide cannot show what the build rejects.

- A fenced ``yaml`` or ``markdown`` block whose info string names a file
  (```` ```yaml title="site-data/lanes.yml" ````) is written to that file of a small
  site, which must build with ``--strict`` and no warning. A block of front matter
  alone (``---`` … ``---``) naming a page of the repository replaces that page's front
  matter in a copy of the repository's site, and must agree with the page where it does
  not elide (``…``).
- A ``yaml`` block of ``mkdocs.yml`` settings (``plugins:``) is applied to the small
  site's ``mkdocs.yml``.
- Every message of an indented block (``    content/…:LINE: …``) is printed, exactly,
  by the build of a real mistake (``MISTAKES`` below holds one for each).
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from opsdesk.cli import main as opsdesk
from opsdesk.model import Labels

from .support.html import text
from .support.sites import REPO, SITES, build_written, copy_repo_site, write_site

GUIDE = REPO / "AUTHORING.md"


@dataclass(frozen=True)
class Example:
    """One fenced block of the guide."""

    line: int
    language: str
    title: str | None
    text: str

    @property
    def id(self) -> str:
        return f"line-{self.line}-{self.title or self.language}"

    @property
    def is_front_matter_only(self) -> bool:
        return self.text.startswith("---\n") and self.text.rstrip("\n").endswith("\n---")


_FENCE = re.compile(r"^```(?P<language>\S*)(?P<attributes>.*)$")
_TITLE = re.compile(r'\btitle="(?P<title>[^"]+)"')
_MESSAGE = re.compile(r"^    (?P<message>(?:content|site-data)/\S+?:\d+: .*)$")


def examples() -> list[Example]:
    """The fenced blocks of the guide, in order."""
    found = []
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        end = lines.index("```", index + 1)
        title = _TITLE.search(opening.group("attributes"))
        found.append(Example(index + 1, opening.group("language"),
                             title.group("title") if title else None,
                             "\n".join(lines[index + 1:end]) + "\n"))
        index = end + 1
    return found


def documented_messages() -> list[str]:
    """The problem lines the guide shows, as the build prints them."""
    in_fence = False
    messages = []
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
        found = None if in_fence else _MESSAGE.match(line)
        if found:
            messages.append(found.group("message"))
    return messages


def is_settings(example: Example) -> bool:
    """A block of ``mkdocs.yml`` settings (the only content examples without a file)."""
    value = yaml.safe_load(example.text) if example.language == "yaml" else None
    return isinstance(value, dict) and "plugins" in value


CONTENT = [e for e in examples() if e.language in ("yaml", "markdown")]
FILES = [e for e in CONTENT if e.title]
SETTINGS = [e for e in CONTENT if not e.title and is_settings(e)]

#: A small site with one lane, written under each example.
SMALL_SITE = {
    "site-data/site.yml": "name: Example Desk\nurl: https://example.org/\n",
    "site-data/lanes.yml": "- id: guides\n  label: guides\n",
    "site-data/policies.yml": "heading: Site policies and support\ntext: See below.\n"
                              "links:\n  - title: Corrections\n    page: policies/corrections.md\n",
    "content/index.md": "---\ntitle: Home\n---\n\nWelcome.\n",
    "content/policies/corrections.md": "---\ntitle: Corrections\n---\n\nWrite to us.\n",
    "content/guides/first.md": "---\ntitle: First guide\ndescription: The first one.\n"
                               "updated: 2026-06-01\n---\n\nSome text.\n",
}


def small_site(root: Path) -> Path:
    shutil.copy(SITES / "basic" / "mkdocs.yml", root / "mkdocs.yml")
    return write_site(root, SMALL_SITE, base=None)


def test_the_guide_has_examples_of_each_kind() -> None:
    titles = [e.title for e in FILES]
    assert "site-data/site.yml" in titles
    assert "site-data/lanes.yml" in titles
    assert "site-data/policies.yml" in titles
    assert any(e.language == "markdown" for e in FILES)
    assert any(e.is_front_matter_only for e in FILES)
    assert len(documented_messages()) >= 10


def test_every_content_example_names_its_file() -> None:
    unplaced = [e.id for e in CONTENT if not e.title and e not in SETTINGS]
    assert unplaced == []


def test_the_guide_cites_no_file_outside_the_repository() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    cited = set(re.findall(r"\]\(([^)#]+)", re.sub(r"`[^`]*`", "", guide)))  # links
    assert cited, "the guide links to files of the repository"
    assert sorted(path for path in cited
                  if not path.startswith("http") and not (REPO / path).exists()) == []
    assert "specs/" not in guide


@pytest.mark.parametrize("example", [pytest.param(e, id=e.id) for e in FILES + SETTINGS])
def test_each_example_builds_strict_without_warnings(tmp_path: Path, example: Example) -> None:
    if example.title is None:
        apply_settings(small_site(tmp_path), example)
    elif example.is_front_matter_only:
        copy_repo_site(tmp_path)
        page = tmp_path / example.title
        _, real, body = page.read_text(encoding="utf-8").split("---\n", 2)
        page.write_text(example.text + body, encoding="utf-8")
        assert agrees(yaml.safe_load(example.text.strip("-\n")), yaml.safe_load(real))
    else:
        small_site(tmp_path)
        (tmp_path / example.title).write_text(example.text, encoding="utf-8")

    built = build_written(tmp_path, strict=True)

    assert built.ok, built.messages()
    assert built.messages() == []
    if example.title and example.title.startswith("content/"):
        url = example.title.removeprefix("content/").removesuffix(".md") + "/"
        title = yaml.safe_load(example.text.split("---\n")[1])["title"]
        assert text(built.html(url).select_one("article h1")) == title


def apply_settings(root: Path, example: Example) -> None:
    """Set the example's plugin options in ``root``'s ``mkdocs.yml``."""
    config_file = root / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    for setting in yaml.safe_load(example.text)["plugins"]:
        (name,) = setting
        config["plugins"] = [setting if entry == name else entry for entry in config["plugins"]]
        assert setting in config["plugins"]
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")


def test_the_whole_page_example_places_its_blocks_at_its_markers(tmp_path: Path) -> None:
    example = next(e for e in FILES if e.language == "markdown")
    assert example.title is not None
    small_site(tmp_path)
    (tmp_path / example.title).write_text(example.text, encoding="utf-8")

    built = build_written(tmp_path, strict=True)

    url = example.title.removeprefix("content/").removesuffix(".md") + "/"
    article = built.html(url).select_one("article")
    assert article is not None
    order = [element.get("class", [""])[0] if element.name != "h2"
             else text(element).rstrip("¶")
             for element in article.select(".opsdesk-checklist, .opsdesk-faq, h2")]
    assert order[:3] == ["opsdesk-checklist", "When to stop", "opsdesk-faq"]


def agrees(example: Any, real: Any) -> bool:
    """Whether ``example`` is ``real`` shortened: ``…`` stands for what is left out, and
    a list may show only its first items."""
    if isinstance(example, str) and "…" in example:
        return isinstance(real, str) and real.startswith(example.split("…")[0].rstrip())
    if isinstance(example, list):  # the first items, then maybe "…"
        shown = example[: example.index("…")] if "…" in example else example
        return (isinstance(real, list) and len(shown) <= len(real)
                and all(agrees(e, r) for e, r in zip(shown, real, strict=False)))
    if isinstance(example, dict):
        return isinstance(real, dict) and all(
            key in real and agrees(value, real[key]) for key, value in example.items())
    return bool(example == real)


# -- the messages of the guide, each from a real mistake ----------------------------


def page(*front_matter: str, body: str = "Body.\n") -> str:
    """A lane page: its front matter lines (line 2 on), then its body."""
    return "---\n" + "".join(f"{line}\n" for line in front_matter) + "---\n\n" + body


REQUIRED = ("title: Foo", "description: A page.", "updated: 2026-06-01")
PADDING = ("keyword: foo", "audience: ops teams", "order: 2", "category: Notes",
           "quick_take: Do it.", "tags: [foo]", "draft: false")


def files(written: dict[str, str]) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        write_site(root, written)
    return write


def new_page(root: Path) -> None:
    """``opsdesk new`` in a copy of the repository (the guides' outline of its lanes.yml)."""
    copy_repo_site(root)
    code = opsdesk(["new", "--project", str(root), "guides", "Webhook retries: a field guide"],
                   stdout=io.StringIO())
    assert code == 0


def duplicate_alias(root: Path) -> None:
    """The basic site's alpha and beta guides, both with the alias guides/old.md."""
    write_site(root)
    for name, after in (("alpha", "order: 1\n"), ("beta", "description: The second guide.\n")):
        page = root / f"content/guides/{name}.md"
        source = page.read_text(encoding="utf-8")
        assert after in source
        page.write_text(source.replace(after, after + "aliases: [guides/old.md]\n", 1),
                        encoding="utf-8")


FOO = "content/guides/foo.md"
LANES = ("- id: guides\n  label: guides\n  title: Guides\n- id: fixes\n  label: fixes\n"
         "  category: Fix\n- id: {third}\n  label: more guides\n- id: tools\n  label: tools\n")

#: A real mistake for each message the guide shows (the site is the basic fixture).
MISTAKES: dict[str, Callable[[Path], None]] = {
    "content/guides/foo.md:7: faq[2].a: field required": files({FOO: page(
        *REQUIRED[:2], "faq:", "  - {q: One?, a: Yes.}", "  - {q: Two?, a: Yes.}",
        "  - q: Three?", REQUIRED[2])}),
    "content/guides/foo.md:12: nxet: unknown key (did you mean 'next'?)": files({FOO: page(
        *REQUIRED, *PADDING, "nxet: false")}),
    "content/guides/foo.md:2: front matter is not valid YAML: a ': ' inside a value without "
    "quotes (line 2, column 23); a value containing ': ' must be quoted: "
    "title: \"Webhook retries: a field guide\"": files({FOO: page(
        "title: Webhook retries: a field guide", *REQUIRED[1:])}),
    "content/guides/foo.md:8: front matter is not valid YAML: the quoted text that starts "
    "here is never closed (line 8, column 13); end it with \" where the text ends; write a "
    "\" inside the text as \\\"": files({FOO: page(
        *REQUIRED, *PADDING[:3], 'quick_take: "Retry with a budget.', "tags: [foo]")}),
    "content/guides/foo.md:14: next: no page 'guides/missing.md' (did you mean "
    "'guides/missing-page.md'?)": files({
        FOO: page(*REQUIRED, *PADDING, "related: []", "aliases: []",
                  "next: guides/missing.md"),
        "content/guides/missing-page.md": page(*REQUIRED)}),
    "content/guides/foo.md:5: order: expected a whole number, got 'first'": files({FOO: page(
        *REQUIRED, "order: first")}),
    "content/guides/foo.md:4: updated: expected a date as YYYY-MM-DD, got 'June 1st'": files({
        FOO: page(*REQUIRED[:2], "updated: June 1st")}),
    "content/guides/foo.md:9: title: key given twice (first on line 2); keep one": files({
        FOO: page(*REQUIRED, *PADDING[:4], "title: Foo again")}),
    "content/guides/foo.md:30: checklists.befor: the marker names no checklist (did you mean "
    "'before'?) (checklists in the front matter: before)": files({FOO: page(
        *REQUIRED, "checklists:", "  before: {items: [One]}",
        body="Text.\n" * 20 + "\n<!-- checklist: befor -->\n")}),
    "site-data/lanes.yml:7: [2].id: duplicate lane id 'guides' (first on line 1)": files({
        "site-data/lanes.yml": LANES.format(third="guides")}),
    "site-data/lanes.yml:9: [3].id: lane 'tools' has no pages: add one under content/tools/":
        files({"site-data/lanes.yml": LANES.format(third="trust")}),
    "site-data/policies.yml:3: links[0].page: no page 'policies/privcy.md' (did you mean "
    "'policies/privacy.md'?)": files({
        "site-data/policies.yml": "links:\n  - title: Privacy\n    page: policies/privcy.md\n"}),
    "content/guides/foo.md:3: description: '**alpha**' is Markdown, and a description is "
    "plain text (meta description, lede, cards, feeds): it would show as written; write the "
    "words without it": files({FOO: page(
        "title: Foo", "description: Start with **alpha**.", "updated: 2026-06-01")}),
    "content/guides/foo.md:12: a <script> in the body runs only where site-data/site.yml "
    "allows page scripts (page_scripts: true): remove it, or write it in `code` to show it "
    "as text": files({FOO: page(*REQUIRED, body="Text.\n" * 5 + "<script>go()</script>\n")}),
    "content/guides/foo.md:8: tags[1]: 'webhook' reads as the tag 'webhooks' (2 pages): one is "
    "the plural of the other; write the same tag if they mean one thing (site.yml "
    "checks.tag_variants: false turns this check off)": files({
        FOO: page(*REQUIRED, *PADDING[:3], "tags: [retries, webhook]"),
        "content/guides/one.md": page("title: One", *REQUIRED[1:], "tags: [webhooks]"),
        "content/guides/two.md": page("title: Two", *REQUIRED[1:], "tags: [webhooks]")}),
    "content/guides/foo.md:15: this H4 heading follows an H2, skipping a level: make it ### "
    "(H3), or add the level between": files({FOO: page(
        *REQUIRED, body="Intro.\n\n## Steps\n\nText.\n\nMore.\n\n#### Deep\n")}),
    "content/guides/foo.md:9: an H1 in the body: the page's title is its one H1 (shown above "
    "the body): make this a ## heading, or make it the title": files({FOO: page(
        *REQUIRED, body="Intro.\n\n# Foo\n")}),
    "content/guides/foo.md:11: an image without alternative text: say what it shows between "
    "the brackets of ![…]": files({
        FOO: page(*REQUIRED, body="Intro.\n\nMore.\n\n![](chart.png)\n"),
        "content/guides/chart.png": "png"}),
    "content/guides/alpha.md:8: aliases[0]: 'guides/old.md' is also an alias of "
    "content/guides/beta.md; keep it on one page": duplicate_alias,
    "content/guides/beta.md:4: aliases[0]: 'guides/old.md' is also an alias of "
    "content/guides/alpha.md; keep it on one page": duplicate_alias,
    "content/guides/webhook-retries-a-field-guide.md:4: description: still the placeholder "
    "from 'opsdesk new': write one sentence on what this page answers (cards and search "
    "results show it)": new_page,
    "content/guides/webhook-retries-a-field-guide.md:14: checklists.scope.items[0]: still the "
    "placeholder from 'opsdesk new': write a step to check": new_page,
    "content/guides/webhook-retries-a-field-guide.md:30: still the placeholder from 'opsdesk "
    "new': replace this sample line of the outline and the 5 after it with the page's own "
    "text": new_page,
}


def test_every_message_of_the_guide_has_a_mistake_here_and_no_other() -> None:
    assert sorted(set(documented_messages())) == sorted(MISTAKES)


def test_a_duplicate_alias_leaves_out_both_pages_as_the_guide_says(tmp_path: Path) -> None:
    duplicate_alias(tmp_path)

    built = build_written(tmp_path)

    assert not built.exists("guides/alpha/")
    assert not built.exists("guides/beta/")
    assert built.exists("guides/gamma/")


def test_serve_takes_another_port_as_the_guide_says() -> None:
    script = (REPO / "scripts/serve").read_text(encoding="utf-8")
    guide = GUIDE.read_text(encoding="utf-8")

    # its own address first, then the author's arguments: a second -a wins
    assert re.search(r'mkdocs serve --dev-addr 127\.0\.0\.1:8000 "\$@"\n', script)
    assert "scripts/serve -a 127.0.0.1:8001" in guide


def test_the_guides_site_yml_lists_every_label_with_its_default() -> None:
    example = next(e for e in FILES if e.title == "site-data/site.yml")
    written = yaml.safe_load(example.text)["labels"]

    assert written == Labels().model_dump()  # every label, in the model's words


def test_site_yml_first_comment_points_to_the_authoring_guide() -> None:
    first = (REPO / "site-data/site.yml").read_text(encoding="utf-8").splitlines()[0]

    assert first.startswith("#")
    assert "AUTHORING.md" in first
    assert "README" not in first


@pytest.mark.parametrize("message", [pytest.param(m, id=m.split(": ")[0])
                                     for m in sorted(set(documented_messages()))])
def test_each_message_of_the_guide_is_what_the_build_prints(tmp_path: Path,
                                                            message: str) -> None:
    MISTAKES[message](tmp_path)

    built = build_written(tmp_path, strict=True)

    assert not built.ok
    assert message in built.problems()
