"""The content model: front matter of pages and the site-data files.

One schema per file, one comment per field. Defaults live here, so the templates never
test whether a key exists. The names are the authoring contract
(``specs/content-model.md``): keep them exactly.

Validation is strict: a number is not a string, a string is not a date. The one
leniency is ``updated``, which YAML turns into a date when unquoted and which authors
sometimes quote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

__all__ = [
    "THEME_KEYS",
    "Checklist",
    "FaqItem",
    "Labels",
    "Lane",
    "LanePage",
    "OtherPage",
    "Policies",
    "PolicyLink",
    "Site",
    "lane_defaults",
]

#: Front-matter keys read by the theme (Material) and passed through untouched.
THEME_KEYS = ("template", "hide", "icon", "status", "subtitle", "search", "comments")


def _date_from_iso(value: object) -> object:
    """Accept a quoted ``"2026-06-01"`` and a YAML timestamp as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value  # pydantic reports it with the original value
    return value


def _placeholders(*names: str) -> Callable[[str], str]:
    """A check that a label uses only the ``{placeholders}`` it is given."""

    def check(value: str) -> str:
        try:
            value.format(**dict.fromkeys(names, ""))
        except (KeyError, IndexError, ValueError):
            known = ", ".join(f"{{{name}}}" for name in names)
            raise ValueError(f"may use only the placeholders {known}; write '{{{{' "
                             "and '}}' for a literal brace") from None
        return value

    return check


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A non-empty string (whitespace alone is empty)."""

IsoDate = Annotated[dt.date, BeforeValidator(_date_from_iso)]
"""A calendar date, written ``YYYY-MM-DD``."""

PagePath = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[^/].*\.md$")]
"""A page path relative to ``content/``, such as ``guides/integration-design-guide.md``."""

Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[^<>]+$")]
"""A tag: Material prints tag names as HTML (tags page, search), so no ``<`` or ``>``."""

ChecklistId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$")]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True,
                              use_attribute_docstrings=True)  # descriptions in `opsdesk schema`


class Checklist(_Strict):
    """One checklist, placed by ``<!-- checklist: ID -->`` or after the body."""

    title: Text | None = None
    """Heading shown above the items, plain text; none when absent."""
    items: list[Text] = Field(min_length=1)
    """The items, each inline Markdown."""


class FaqItem(_Strict):
    """One question of the FAQ section and of its ``FAQPage`` JSON-LD."""

    q: Text
    """The question, plain text; rendered as a heading."""
    a: Text
    """The answer, Markdown."""


class _PageBase(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True,
                              use_attribute_docstrings=True)  # descriptions in `opsdesk schema`

    # Keys the theme reads: passed through untouched, never validated here.
    template: Any = None
    hide: Any = None
    icon: Any = None
    status: Any = None
    subtitle: Any = None
    search: Any = None
    comments: Any = None


class LanePage(_PageBase):
    """Front matter of a page under ``content/<lane>/``."""

    title: Text
    """The H1, ``<title>``, cards and every link to the page; plain text."""
    description: Text
    """Meta description; the lede under the header line and on cards; plain text."""
    updated: IsoDate
    """Last real change: header line, sitemap ``lastmod``, JSON-LD, staleness."""
    category: Text | None = None
    """Label above the title; ``None`` means the lane's ``category``."""
    keyword: Text | None = None
    """Primary search phrase, shown at the end of the header line."""
    audience: Text | None = None
    """Who the page is for."""
    quick_take: Text | None = None
    """The "Quick take:" callout, inline Markdown."""
    tags: list[Tag] = []
    """Tag pages; also drives the default "Keep browsing"."""
    checklists: dict[ChecklistId, Checklist] = {}
    """Checklists by id, in the order written."""
    faq: list[FaqItem] = []
    """The FAQ section, in order."""
    next: PagePath | Literal[False] | None = None
    """The "Next page"; ``None``: the next page of the lane; ``False``: none."""
    related: list[PagePath] | None = None
    """"Keep browsing"; ``None``: the pages sharing the most tags."""
    order: int | None = None
    """Position in the lane; pages without one follow, by title."""
    draft: bool = False
    """``True``: not published and never linked."""
    aliases: list[PagePath] = []
    """Earlier addresses of this page; each redirects here."""


class OtherPage(_PageBase):
    """Front matter of the home page, policy pages and other pages outside the lanes."""

    model_config = ConfigDict(extra="allow")  # lane keys are harmless here

    title: Text
    """The H1 and ``<title>``."""
    description: Text | None = None
    """Meta description."""


class Labels(_Strict):
    """Visible words of the injected blocks; a site may reword any of them."""

    quick_take: Text = "Quick take"
    coverage_lane: Text = "Coverage lane"
    coverage_sentence: Annotated[Text, AfterValidator(_placeholders("site", "lanes"))] = (
        "This page sits inside {site}'s separated portfolio model for {lanes}."
    )
    """``{site}`` is the site name, ``{lanes}`` the lanes' labels joined as a list."""
    updated: Text = "Updated"
    reading_time: Annotated[Text, AfterValidator(_placeholders("minutes"))] = "{minutes} min read"
    date_format: Text = "%B %d, %Y"
    """A ``strftime`` format: ``June 01, 2026``."""
    faq: Text = "Frequently asked questions"
    next_page: Text = "Next page"
    keep_browsing: Text = "Keep browsing"
    checklist_reset: Text = "Reset"
    checklist_copy: Text = "Copy as Markdown"
    lane_pages: Text = "Pages in this lane"


class Site(_Strict):
    """``site-data/site.yml``: site-wide facts."""

    name: Text
    """Site name: coverage sentence, JSON-LD, feeds."""
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    """Canonical base URL; canonical links and JSON-LD use it."""
    description: Text | None = None
    """Home page description and feed subtitle."""
    publisher: Text = ""
    """JSON-LD and feed publisher; default: ``name``."""
    language: Text = "en"
    """Language of the pages (``inLanguage``)."""
    words_per_minute: int = Field(default=220, gt=0)
    """Reading speed for "N min read"."""
    stale_after_days: int = Field(default=180, gt=0)
    """A page whose ``updated`` is older than this is reported stale."""
    labels: Labels = Labels()
    """The visible words of the blocks."""

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        """``publisher`` defaults to ``name``."""
        if isinstance(data, dict) and data.get("publisher") is None and _is_text(data.get("name")):
            data = {**data, "publisher": data["name"]}
        return data


class Lane(_Strict):
    """One entry of ``site-data/lanes.yml``."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    """Folder name under ``content/``."""
    title: Text = ""
    """Navigation and landing-page title; default: ``label`` capitalised."""
    label: Text
    """The word used in the coverage-lane sentence."""
    category: Text = ""
    """Default category of the lane's pages; default: ``title``."""
    description: Text | None = None
    """Lede and meta description of the lane's landing page."""

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        """``title`` defaults to ``label`` capitalised, ``category`` to ``title``."""
        return lane_defaults(data) if isinstance(data, dict) else data


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def lane_defaults(data: dict[str, Any]) -> dict[str, Any]:
    """A lane entry with ``title`` and ``category`` filled in, as the schema defaults them
    (also for an entry salvaged from one with errors)."""
    data = dict(data)
    if data.get("title") is None:
        label, lane_id = data.get("label"), data.get("id")
        fallback = label if _is_text(label) else lane_id if _is_text(lane_id) else None
        if isinstance(fallback, str):
            data["title"] = fallback.strip().capitalize()
    if data.get("category") is None and _is_text(data.get("title")):
        data["category"] = data["title"]
    return data


class PolicyLink(_Strict):
    """One link of the policies footer."""

    title: Text
    page: PagePath
    """A page under ``content/``; it must exist."""


class Policies(_Strict):
    """``site-data/policies.yml``: the footer of every page."""

    heading: Text = "Site policies and support"
    text: Text | None = None
    links: list[PolicyLink] = []
