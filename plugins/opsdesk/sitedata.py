"""Reading ``site-data/``: ``site.yml``, ``lanes.yml`` and ``policies.yml``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from .inventory import FOLDER_OUTSIDE, confined_file, escapes
from .load import Located, parse_yaml, validate
from .model import Lane, Policies, Site, lane_defaults
from .plaintext import description_problem
from .problems import Problem

__all__ = ["SITE_DATA_FILES", "SiteData", "load_site_data"]

SITE_DATA_FILES = ("site.yml", "lanes.yml", "policies.yml")
_LANE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass
class SiteData:
    """The site-wide facts, with the problems found reading them."""

    site: Site
    lanes: list[Lane]
    policies: Policies
    lines: dict[str, Located] = field(default_factory=dict)
    """Per file name, its parsed document (for locating later problems)."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def lane_ids(self) -> list[str]:
        return [lane.id for lane in self.lanes]

    def lane(self, lane_id: str) -> Lane:
        return next(lane for lane in self.lanes if lane.id == lane_id)

    def line_of(self, name: str, *path: str | int) -> int:
        located = self.lines.get(name)
        return located.line_of(path) if located else 1


def load_site_data(folder: Path, *, shown_as: str = "site-data",
                   project: Path | None = None) -> SiteData:
    """Read the three files of ``folder``; every problem is collected, none raised.

    A file that cannot be used falls back to an empty default so that the pages can
    still be checked; its problems make the build fail in ``--strict``.
    """
    problems: list[Problem] = []
    located: dict[str, Located] = {}
    names: tuple[str, ...] = SITE_DATA_FILES
    if project is not None and escapes(folder, project):  # ``project``: the folder above
        problems.append(Problem(shown_as, None, None, FOLDER_OUTSIDE))
        names = ()
    for name in names:
        shown = f"{shown_as}/{name}"
        path, refusal = confined_file(folder, name)
        if refusal is not None:  # outside the folder, a pipe: never opened
            problems.append(Problem(shown, None, None, refusal))
            continue
        try:
            if path is None:
                raise FileNotFoundError(name)
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append(Problem(shown, None, None, f"file not found: the site needs {shown}"))
            continue
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(shown, None, None, f"cannot be read: {error}"))
            continue
        doc = parse_yaml(text, file=shown)
        problems.extend(doc.problems)
        if not doc.problems or doc.lines:  # unreadable YAML: nothing more to check
            located[name] = doc
        doc.problems = []

    site = _site(located.get("site.yml"), f"{shown_as}/site.yml", problems)
    lanes = _lanes(located.get("lanes.yml"), f"{shown_as}/lanes.yml", problems)
    policies = _policies(located.get("policies.yml"), f"{shown_as}/policies.yml", problems)
    return SiteData(site, lanes, policies, located, problems)


def _site(doc: Located | None, file: str, problems: list[Problem]) -> Site:
    fallback = Site(name="Untitled site")
    if doc is None or not _is_mapping(doc, file, problems):
        return fallback
    site = validate(Site, doc, file=file)
    problems.extend(doc.problems)
    if site is not None and (problem := description_problem(
            file, doc.line_of(("description",)), "description", site.description)):
        problems.append(problem)
    return site or fallback


def _policies(doc: Located | None, file: str, problems: list[Problem]) -> Policies:
    if doc is None or not _is_mapping(doc, file, problems):
        return Policies()
    policies = validate(Policies, doc, file=file)
    problems.extend(doc.problems)
    return policies or Policies()


def _lanes(doc: Located | None, file: str, problems: list[Problem]) -> list[Lane]:
    if doc is None:
        return []
    if doc.value is None:
        doc.value = []
    if not isinstance(doc.value, list):
        problems.append(Problem(file, 1, None,
                                "expected a list of lanes, each starting with '- id: ...'"))
        return []
    lanes: list[Lane] = []
    first_line: dict[str, int] = {}
    for index in range(len(doc.value)):
        lane = validate(Lane, doc, file=file, root=(index,)) or _salvaged_lane(doc.value[index])
        if lane is None:
            continue
        line = doc.line_of((index, "id"))
        if lane.id in first_line:
            problems.append(Problem(file, line, f"[{index}].id",
                                    f"duplicate lane id '{lane.id}' (first on line "
                                    f"{first_line[lane.id]})"))
            continue
        first_line[lane.id] = line
        lanes.append(lane)
        if problem := description_problem(file, doc.line_of((index, "description")),
                                          f"[{index}].description", lane.description):
            problems.append(problem)
    problems.extend(doc.problems)
    return lanes


def _salvaged_lane(raw: object) -> Lane | None:
    """A lane whose entry has errors, kept by its id so its pages still build.

    Its errors are reported (and fail --strict); dropping the lane would also report
    every page of its folder as lost, and leave them out of the build.
    """
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) \
            or not _LANE_ID.fullmatch(raw["id"]):
        return None  # an id that is no folder name: nothing of it is used
    texts = {k: v for k, v in raw.items()  # only the values the schema takes
             if k in Lane.model_fields and isinstance(v, str) and _sound(k, v)}
    texts.setdefault("label", raw["id"])
    fields: dict[str, Any] = lane_defaults({"description": None, **texts})
    return Lane.model_construct(None, **fields)


@cache
def _field_check(key: str) -> TypeAdapter[Any]:
    """The checks of the lane's field ``key``, on their own."""
    info = Lane.model_fields[key]
    annotated: Any = (Annotated.__class_getitem__((info.annotation, *info.metadata))  # type: ignore[attr-defined]
                      if info.metadata else info.annotation)
    return TypeAdapter(annotated, config=Lane.model_config)


def _sound(key: str, value: str) -> bool:
    """Whether ``value`` passes the checks of the lane's field ``key`` (no control or
    invisible character, within its limit...)."""
    try:
        _field_check(key).validate_python(value)
    except ValidationError:
        return False
    return True


def _is_mapping(doc: Located, file: str, problems: list[Problem]) -> bool:
    if doc.value is None:  # an empty file: its required keys are missing
        doc.value = {}
    if isinstance(doc.value, dict):
        return True
    problems.append(Problem(file, 1, None, "expected a mapping of keys to values"))
    return False
