"""``opsdesk``: the authors' commands.

- ``opsdesk new LANE "Title"``: write a new page with every key of the content model;
- ``opsdesk check``: every problem the build would report, and the portfolio's health,
  without building HTML (and without importing MkDocs: it runs in well under a second);
- ``opsdesk schema``: the JSON Schema of the front matter (or of a site-data file), for
  editors that check YAML as you type.

The project is found from ``mkdocs.yml`` in the current folder, or ``--project DIR``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import TypeAdapter

from .health import Health, assess
from .model import Lane, LanePage, Policies, Site
from .problems import Problem, did_you_mean
from .project import Project, ProjectError, find_project
from .scaffold import PLACEHOLDER, SLUG_MAX, capped_slug, page_text, slugify
from .session import load_project
from .sitedata import load_site_data

__all__ = ["main"]

#: What ``opsdesk schema --for`` describes, and the model of each.
SCHEMAS: dict[str, Any] = {
    "page": LanePage,
    "site": Site,
    "lanes": list[Lane],
    "policies": Policies,
}

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

#: The JSON Schema dialect pydantic writes (``opsdesk schema --dialect`` names it).
DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: The longest file name most file systems allow (255 bytes; a slug is ASCII).
_NAME_MAX = 255


class UsageError(Exception):
    """The command cannot run as asked; the message says what to do instead."""


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    """Run one command; returns the exit status (0 fine, 1 errors found, 2 usage)."""
    out = stdout or sys.stdout
    args = _parser().parse_args(argv)
    try:
        result: int = args.run(args, out)
    except (ProjectError, UsageError) as error:
        sys.stderr.write(f"opsdesk {args.command}: {error}\n")
        return EXIT_USAGE
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="opsdesk", description=__doc__.split("\n\n")[0])
    project = argparse.ArgumentParser(add_help=False)
    project.add_argument("--project", type=Path, default=Path(), metavar="DIR",
                         help="the folder of mkdocs.yml (default: the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)

    new = commands.add_parser("new", parents=[project], help="write a new lane page")
    new.add_argument("lane", help="a lane id from site-data/lanes.yml")
    new.add_argument("title", help="the page's title")
    new.add_argument("--slug", help="the file name, without .md (default: from the title)")
    new.add_argument("--description", help="the page's description (default: a placeholder)")
    new.set_defaults(run=_new)

    check = commands.add_parser("check", parents=[project],
                                help="report problems and the portfolio's health")
    check.add_argument("--json", action="store_true", help="print JSON, for machines")
    check.set_defaults(run=_check)

    schema = commands.add_parser("schema", help="print the JSON Schema of the front matter")
    schema.add_argument("--for", dest="target", choices=list(SCHEMAS), default="page",
                        help="page front matter (default), or a site-data file")
    schema.add_argument("--dialect", action="store_true",
                        help=f"name the JSON Schema dialect ('$schema': {DIALECT}); "
                             "leave it out for the YAML extension and remark (draft-07 readers)")
    schema.set_defaults(run=_schema)
    return parser


# -- new ----------------------------------------------------------------------------


def _new(args: argparse.Namespace, out: TextIO) -> int:
    project = find_project(args.project)
    data = load_site_data(project.site_data, shown_as=project.shown(project.site_data),
                          project=project.root)
    lane = next((lane for lane in data.lanes if lane.id == args.lane), None)
    if lane is None:
        known = data.lane_ids
        raise UsageError(f"unknown lane '{args.lane}'{did_you_mean(args.lane, known)}; "
                         f"the lanes are: {', '.join(known) or 'none (see site-data/lanes.yml)'}")
    slug = args.slug if args.slug is not None else slugify(args.title)
    if not slug or slugify(slug) != slug:
        raise UsageError(f"cannot make a file name from {args.slug or args.title!r}: give one "
                         "with --slug, in lowercase letters, digits and '-'")
    if args.slug is not None and len(f"{slug}.md") > _NAME_MAX:
        raise UsageError(f"--slug is {len(slug)} characters long: a file name holds at most "
                         f"{_NAME_MAX - 3} before '.md'; choose a shorter one")
    cut = capped_slug(slug) if args.slug is None else slug
    target = project.docs_dir / lane.id / f"{cut}.md"
    shown = project.shown(target)
    if target.exists():
        sys.stderr.write(f"opsdesk new: {shown} already exists; it is left as it is "
                         "(choose another title or --slug)\n")
        return EXIT_ERRORS
    text = page_text(lane, args.title, today=dt.date.today(),
                     **({"description": args.description} if args.description else {}))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    out.write(f"{shown}\n")
    if cut != slug:
        out.write(f"The file name is cut to {SLUG_MAX} characters, at a word boundary (the "
                  "title stays whole); choose another with --slug.\n")
    return EXIT_OK


# -- check --------------------------------------------------------------------------


def _check(args: argparse.Namespace, out: TextIO) -> int:
    project = find_project(args.project)
    assembled = load_project(project)
    problems = assembled.problems
    health = assess(assembled, dt.date.today(), site_data=project.shown(project.site_data))
    if args.json:
        out.write(json.dumps(_as_json(project, problems, health), indent=2) + "\n")
    else:
        out.write(_as_text(problems, health))
    return EXIT_OK if _ok(problems) else EXIT_ERRORS


def _ok(problems: list[Problem]) -> bool:
    """No error, and no placeholder of ``opsdesk new`` left (a warning, so the page
    previews, but such a page must not be published)."""
    return not any(p.is_error or p.message.startswith(PLACEHOLDER) for p in problems)


def _as_json(project: Project, problems: list[Problem], health: Health) -> dict[str, Any]:
    return {
        "project": str(project.root),
        "ok": _ok(problems),
        "errors": sum(p.is_error for p in problems),
        "warnings": sum(not p.is_error for p in problems),
        "problems": [{"path": p.path, "line": p.line, "key": p.key, "message": p.message,
                      "severity": p.severity.value, "text": str(p)} for p in problems],
        "health": health.as_json(),
    }


def _as_text(problems: list[Problem], health: Health) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    lines = [f"{health.pages} pages: {_count(errors, 'error')}, {_count(warnings, 'warning')}, "
             f"{_count(health.findings, 'health finding')}"]
    if problems:
        lines += ["", "Problems (the build reports the same; --strict fails on each):",
                  *(f"  {kind:<7}  {text}" for kind, text in
                    (("error" if p.is_error else "warning", str(p)) for p in problems))]
    rows = health.rows()
    if rows:
        lines += ["", "Health:", *_table(("finding", "where", "detail"), rows)]
    return "\n".join(lines) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    rule = tuple("-" * width for width in widths)
    return ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            .rstrip() for row in (header, rule, *rows)]


# -- schema -------------------------------------------------------------------------


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    # No "$schema" key unless asked (--dialect): pydantic writes draft 2020-12 that
    # draft-07 readers also read, and the editors' readers reject or warn of a dialect
    # they lack (remark-lint-frontmatter-schema's default Ajv throws on 2020-12; the YAML
    # language server says "Draft 2020-12 schemas are not yet fully supported").
    schema = TypeAdapter(SCHEMAS[args.target]).json_schema()
    if args.dialect:
        schema = {"$schema": DIALECT, **schema}
    out.write(json.dumps(schema, indent=2) + "\n")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover - `python -m opsdesk.cli`
    sys.exit(main())
