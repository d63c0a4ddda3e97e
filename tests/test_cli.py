"""`opsdesk new` and `opsdesk schema`, run as authors run them: the console script."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from opsdesk.model import THEME_KEYS, LanePage
from opsdesk.scaffold import SLUG_MAX, capped_slug, slugify

from .support.cli import run
from .support.html import text
from .support.sites import REPO, Built, build_written, write_site


def build_as_serve(root: Path) -> Built:
    return build_written(root, command="serve")


def front_matter(path: Path) -> dict[str, Any]:
    _, yaml_text, _ = path.read_text(encoding="utf-8").split("---\n", 2)
    value = yaml.safe_load(yaml_text)
    assert isinstance(value, dict)
    return value


@pytest.mark.parametrize(("title", "slug"), [
    ("Webhook retries", "webhook-retries"),
    ("Webhooks vs. Polling: a Field Guide", "webhooks-vs-polling-a-field-guide"),
    ("Café  déjà-vu", "cafe-deja-vu"),
    ("  --Edge--  ", "edge"),
    ("日本語", ""),
])
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


NEW_PAGE = "content/guides/webhook-retries-a-field-guide.md"
PLACEHOLDERS = [
    f"{NEW_PAGE}:4: description: still the placeholder from 'opsdesk new': write one sentence "
    "on what this page answers (cards and search results show it)",
    f"{NEW_PAGE}:27: still the placeholder from 'opsdesk new': replace this sample line of the "
    "outline and the 5 after it with the page's own text",
]


def new_page(root: Path) -> Path:
    result = run("new", "guides", "Webhook Retries: A Field Guide", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{NEW_PAGE}\n"
    return root / NEW_PAGE


def fill_in(page: Path) -> None:
    """Replace the description and the body's sample sentences, as an author does."""
    source = page.read_text(encoding="utf-8")
    head, body = source.split("\n---\n", 1)
    head = re.sub(r"^description: .*$", "description: How long to wait between retries.",
                  head, flags=re.M)
    body = "\n".join(line if not line or line.startswith("#") else "Our own text."
                     for line in body.splitlines())
    page.write_text(f"{head}\n---\n{body}\n", encoding="utf-8")


def test_new_writes_every_key_and_the_page_previews_with_its_placeholders_flagged(
        tmp_path: Path) -> None:
    root = write_site(tmp_path)
    page = new_page(root)

    meta = front_matter(page)
    assert set(meta) == set(LanePage.model_fields) - set(THEME_KEYS) - {"checklists", "faq"}
    assert meta["title"] == "Webhook Retries: A Field Guide"
    assert meta["updated"] == dt.date.today()
    source = page.read_text(encoding="utf-8")
    assert "\n# checklists:" in source
    assert "\n# faq:" in source
    assert "\n## What to do\n" in source

    served = build_as_serve(root)

    # A warning, not an error: the page previews complete, its blocks and the banner.
    html = served.html("guides/webhook-retries-a-field-guide/")
    assert served.problems() == PLACEHOLDERS
    assert [text(li) for li in html.select(".opsdesk-problems li")] == PLACEHOLDERS
    assert text(html.select_one("article h1")) == "Webhook Retries: A Field Guide"
    assert html.select_one(".opsdesk-header-line") is not None
    assert html.select_one(".opsdesk-coverage-lane") is not None
    assert "What to do" in text(html.select_one("article"))


def test_new_page_as_written_fails_strict_and_check(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    new_page(root)

    built = build_written(root, strict=True)
    checked = run("check", cwd=root)
    as_json = run("check", "--json", cwd=root)

    assert not built.ok
    assert built.problems() == PLACEHOLDERS
    assert checked.returncode == 1
    assert [line.removeprefix("  warning  ") for line in checked.stdout.splitlines()
            if line.startswith("  warning  ")] == PLACEHOLDERS
    report = json.loads(as_json.stdout)
    assert as_json.returncode == 1
    assert (report["ok"], report["errors"], report["warnings"]) == (False, 0, 2)
    assert [p["text"] for p in report["problems"]] == PLACEHOLDERS


def test_new_page_builds_strict_once_its_placeholders_are_replaced(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    page = new_page(root)
    fill_in(page)

    built = build_written(root, strict=True)

    assert built.ok, built.messages()
    assert built.messages() == []
    assert run("check", cwd=root).returncode == 0
    html = built.html("guides/webhook-retries-a-field-guide/")
    assert text(html.select_one(".opsdesk-lede")) == "How long to wait between retries."
    assert "What to do" in text(html.select_one("article"))


def test_new_page_with_description_option_has_only_the_outline_to_replace(
        tmp_path: Path) -> None:
    root = write_site(tmp_path)
    run("new", "guides", "Webhook Retries: A Field Guide", "--description", "Real words.",
        cwd=root)

    built = build_written(root, strict=True)

    assert built.problems() == PLACEHOLDERS[1:]


def test_new_commented_examples_are_placeholders_once_uncommented(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    run("new", "fixes", "Duplicate rows", cwd=root)
    page = root / "content/fixes/duplicate-rows.md"
    fill_in(page)
    source = page.read_text(encoding="utf-8")
    start, end = source.index("# checklists:"), source.index("\nnext:")
    examples = re.sub(r"^# ?", "", source[start:end], flags=re.M)
    page.write_text(source[:start] + examples + source[end:], encoding="utf-8")

    built = build_written(root, strict=True)

    assert built.problems() == [
        "content/fixes/duplicate-rows.md:15: checklists.before-you-start.items[0]: still the "
        "placeholder from 'opsdesk new': write a step to check",
        "content/fixes/duplicate-rows.md:16: checklists.before-you-start.items[1]: still the "
        "placeholder from 'opsdesk new': write a step to check",
        "content/fixes/duplicate-rows.md:18: faq[0].q: still the placeholder from 'opsdesk "
        "new': write a question readers ask",
        "content/fixes/duplicate-rows.md:19: faq[0].a: still the placeholder from 'opsdesk "
        "new': write its answer",
    ]
    page.write_text(page.read_text(encoding="utf-8")
                    .replace("The *first* thing to check.", "Count the *retries*.")
                    .replace("The second thing to check.", "Read the log.")
                    .replace("What do readers ask first?", "Why twice?")
                    .replace("The answer, in Markdown.", "A retry *without* a key."),
                    encoding="utf-8")

    built = build_written(root, strict=True)

    assert built.ok, built.messages()
    html = built.html("fixes/duplicate-rows/")
    assert text(html.select_one(".opsdesk-checklist")).startswith("Before you start")
    assert "Why twice?" in text(html.select_one(".opsdesk-faq"))


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    page = root / "content/guides/alpha-guide.md"
    page.write_text("mine\n", encoding="utf-8")

    result = run("new", "guides", "Alpha Guide", cwd=root)

    assert result.returncode == 1
    assert result.stderr == ("opsdesk new: content/guides/alpha-guide.md already exists; "
                             "it is left as it is (choose another title or --slug)\n")
    assert page.read_text(encoding="utf-8") == "mine\n"


def test_new_rejects_an_unknown_lane_listing_the_lanes(tmp_path: Path) -> None:
    root = write_site(tmp_path)

    result = run("new", "gudes", "Some Page", cwd=root)

    assert result.returncode == 2
    assert result.stderr == ("opsdesk new: unknown lane 'gudes' (did you mean 'guides'?); "
                             "the lanes are: guides, fixes\n")
    assert not (root / "content/gudes").exists()


def test_new_finds_the_project_with_project_option_and_asks_for_a_slug(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")

    unnamed = run("new", "--project", str(root), "guides", "日本語", cwd=tmp_path)
    named = run("new", "--project", str(root), "guides", "日本語", "--slug", "nihongo",
                cwd=tmp_path)
    nowhere = run("new", "guides", "Page", cwd=tmp_path)

    assert unnamed.returncode == 2
    assert "give one with --slug" in unnamed.stderr
    assert named.returncode == 0, named.stderr
    assert front_matter(root / "content/guides/nihongo.md")["title"] == "日本語"
    assert nowhere.returncode == 2
    assert nowhere.stderr == (f"opsdesk new: no mkdocs.yml in {tmp_path.resolve()}: run this in "
                              "the project's folder, or give it with --project DIR\n")


@pytest.mark.parametrize(("slug", "capped"), [
    ("short-title", "short-title"),
    ("a" * 80, "a" * 80),
    ("word-" * 16 + "end", "word-" * 15 + "word"),  # 83 characters: the last word goes
    ("x" * 79 + "-yz", "x" * 79),
    ("y" * 100, "y" * 80),  # one word longer than the cap: cut inside it
])
def test_capped_slug(slug: str, capped: str) -> None:
    assert capped_slug(slug) == capped
    assert len(capped) <= SLUG_MAX


LONG_TITLE = ("Webhook retries across billing, CRM and support systems: what to retry, when to "
              "stop, and how to tell a slow receiver from a dead one in practice")


def test_new_caps_a_long_title_s_file_name_at_a_word_and_says_so(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    title = f"{LONG_TITLE} {LONG_TITLE}"  # 291 characters: a file name over 255 bytes, uncut

    result = run("new", "guides", title, cwd=root)

    assert result.returncode == 0, result.stderr
    name = "webhook-retries-across-billing-crm-and-support-systems-what-to-retry-when-to"
    assert result.stdout == (
        f"content/guides/{name}.md\n"
        "The file name is cut to 80 characters, at a word boundary (the title stays whole); "
        "choose another with --slug.\n")
    assert front_matter(root / f"content/guides/{name}.md")["title"] == title


def test_new_slug_option_overrides_the_cap(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    long_slug = "retry-" * 20 + "budgets"  # 127 characters: given, so kept

    named = run("new", "guides", LONG_TITLE, "--slug", long_slug, cwd=root)
    too_long = run("new", "guides", LONG_TITLE, "--slug", "x" * 260, cwd=root)

    assert named.returncode == 0, named.stderr
    assert named.stdout == f"content/guides/{long_slug}.md\n"
    assert too_long.returncode == 2
    assert too_long.stderr == ("opsdesk new: --slug is 260 characters long: a file name holds "
                               "at most 252 before '.md'; choose a shorter one\n")
    assert "Traceback" not in too_long.stderr


# -- schema -------------------------------------------------------------------------


@functools.cache
def schema(*args: str) -> dict[str, Any]:
    result = run("schema", *args, cwd=REPO)
    assert result.returncode == 0, result.stderr
    value = json.loads(result.stdout)
    assert isinstance(value, dict)
    return value


def as_editor_reads_it(value: Any) -> Any:
    """YAML as an editor's YAML 1.2 server reads it: an unquoted date is text."""
    if isinstance(value, dict):
        return {k: as_editor_reads_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_reads_it(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def schema_errors(schema_: dict[str, Any], value: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        schema_, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return sorted(f"{'.'.join(map(str, e.absolute_path))}: {e.validator}"
                  for e in validator.iter_errors(as_editor_reads_it(value)))


def test_schema_accepts_every_lane_page_of_the_repo() -> None:
    page_schema = schema()
    lanes = [lane["id"] for lane in yaml.safe_load((REPO / "site-data/lanes.yml").read_text())]
    pages = [p for lane in lanes for p in (REPO / "content" / lane).rglob("*.md")
             if p.name != "index.md"]

    assert len(pages) >= 6
    for page in pages:
        assert schema_errors(page_schema, front_matter(page)) == [], page


@pytest.mark.parametrize(("change", "expected"), [
    ({"nxet": "guides/a.md"}, [": additionalProperties"]),
    ({"description": None}, [": required"]),
    ({"updated": "June 1"}, ["updated: format"]),
    ({"tags": "ops"}, ["tags: type"]),
    ({"faq": [{"q": "Why?"}]}, ["faq.0: required"]),
    ({"next": True}, ["next: anyOf"]),
])
def test_schema_flags_what_the_build_rejects(change: dict[str, Any], expected: list[str]) -> None:
    page = {"title": "T", "description": "D.", "updated": dt.date(2026, 6, 1)}
    page.update(change)
    page = {k: v for k, v in page.items() if v is not None}

    assert schema_errors(schema(), page) == expected


def test_schema_names_its_dialect_when_asked_and_dates_are_strings() -> None:
    plain, named = schema(), schema("--dialect")

    assert "$schema" not in plain  # what the editors' draft-07 readers take
    assert named["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert next(iter(named)) == "$schema"
    assert {k: v for k, v in named.items() if k != "$schema"} == plain
    jsonschema.Draft202012Validator.check_schema(named)
    assert jsonschema.validators.validator_for(named) is jsonschema.Draft202012Validator
    # JSON has no date: `updated` is text in the format of a date (YAML 1.2, which
    # editors read, takes an unquoted 2026-06-01 as text too)
    assert (plain["properties"]["updated"]["type"],
            plain["properties"]["updated"]["format"]) == ("string", "date")
    assert schema_errors(named, {"title": "T", "description": "D.", "updated": "2026-06-01"}) \
        == []
    assert schema("--for", "lanes", "--dialect")["$schema"] == named["$schema"]


def test_schema_for_site_data_accepts_the_repo_files() -> None:
    for name in ("site", "lanes", "policies"):
        value = yaml.safe_load((REPO / f"site-data/{name}.yml").read_text(encoding="utf-8"))
        assert schema_errors(schema("--for", name), value) == [], name
    assert schema_errors(schema("--for", "lanes"), [{"id": "Bad Id", "label": "x"}]) == [
        "0.id: pattern"]


def test_authoring_guide_settings_name_real_files_and_schemas() -> None:
    guide = (REPO / "AUTHORING.md").read_text(encoding="utf-8")
    settings = json.loads(re.search(r"```json\n(.*?)```", guide, re.S).group(1))  # type: ignore[union-attr]
    loop = re.search(r"for s in ([a-z ]+); do opsdesk schema --for \$s", guide)

    assert loop is not None
    assert loop.group(1).split() == ["page", "site", "lanes", "policies"]
    for schema_file, target in settings["yaml.schemas"].items():
        name = Path(schema_file).name.removesuffix(".schema.json")
        assert schema(*("--for", name))  # a schema the command prints
        assert (REPO / target).is_file(), target
