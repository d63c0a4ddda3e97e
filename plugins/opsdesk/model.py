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
import importlib.util
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
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

from .load import KeyPath
from .urls import alias_file, control_character, invisible_character, url_refusal

__all__ = [
    "THEME_KEYS",
    "CardColors",
    "Checklist",
    "Checks",
    "FaqItem",
    "Labels",
    "Lane",
    "LanePage",
    "OtherPage",
    "Outline",
    "OutlineSection",
    "Policies",
    "PolicyLink",
    "Site",
    "lane_defaults",
]

#: Front-matter keys read by the theme (Material): type-checked here, then passed to it.
THEME_KEYS = ("template", "hide", "icon", "status", "subtitle", "search", "comments")

# -- Limits ------------------------------------------------------------------------------
# Every printed string of the front matter and the site data has a maximum length, in
# characters (Unicode code points, after the white space around the text is dropped),
# and so has the front matter as a whole, in bytes. They are generous: about three times
# what search engines, feeds and social cards show (Google shows about 60 characters of
# a title and 160 of a description; OpenGraph and Twitter cards cut a title at about 70
# and a description at about 200-300; an FAQPage answer is a paragraph or two); their
# point is that a 30 MB description is refused, not built. AUTHORING.md lists them.

TITLE_MAX = 200
"""A page's ``title`` (also a lane page's ``subtitle``)."""
DESCRIPTION_MAX = 500
"""A page's ``description``: the meta description, the lede, a card's text."""
CATEGORY_MAX = 120
"""A page's ``category``, and a lane's: the label above the title."""
KEYWORD_MAX = 200
"""A page's ``keyword``, shown at the end of the header line."""
AUDIENCE_MAX = 300
"""A page's ``audience``."""
QUICK_TAKE_MAX = 1_000
"""A page's ``quick_take`` (Markdown)."""
TAG_MAX = 60
"""One tag."""
TAGS_MAX = 30
"""Tags of one page."""
CHECKLIST_TITLE_MAX = 200
"""A checklist's ``title``."""
CHECKLIST_ITEM_MAX = 1_000
"""One checklist item (Markdown)."""
CHECKLIST_ITEMS_MAX = 100
"""Items of one checklist."""
FAQ_QUESTION_MAX = 300
"""One FAQ question (``q``)."""
FAQ_ANSWER_MAX = 5_000
"""One FAQ answer (``a``, Markdown)."""
FAQ_MAX = 50
"""Questions of one page's FAQ."""
ALIAS_MAX = 300
"""One alias (an old page path)."""
FRONT_MATTER_MAX = 64 * 1024
"""A page's whole front matter, in bytes of UTF-8 (64 KiB)."""
SITE_NAME_MAX = 200
"""``site.yml`` ``name`` (and ``publisher``): every ``<title>`` ends with it."""
SITE_DESCRIPTION_MAX = 500
"""``site.yml`` ``description``: the home page's meta description, the feeds' subtitle."""
LANE_TITLE_MAX = 200
"""``lanes.yml`` ``title``: the sidebar, the landing page's H1, the feeds' titles."""
LANE_LABEL_MAX = 200
"""``lanes.yml`` ``label``: a word of the coverage-lane sentence on every page."""
LANE_DESCRIPTION_MAX = 500
"""``lanes.yml`` ``description``: the landing page's lede and meta description."""

#: The dates every output can carry: MkDocs writes ``sitemap.xml.gz`` with the newest
#: page's date as gzip's 32-bit time stamp, which ends on 2106-02-07.
FIRST_DATE = dt.date(1970, 1, 1)
LAST_DATE = dt.date(2105, 12, 31)


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


def _in_range(value: dt.date) -> dt.date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(f"expected a date between {FIRST_DATE} and {LAST_DATE} (the dates "
                         f"the sitemap's time stamp can carry), got {value}")
    return value


def _printable(value: str) -> str:
    """Refuse the characters no page, feed or sitemap can hold."""
    found = control_character(value)
    if found:
        raise ValueError(f"contains a control character ({found}); remove it")
    return value


def _visible(value: str) -> str:
    """Refuse the invisible and direction-changing characters (``urls.invisible_character``)
    in a name or one-line text: a right-to-left override makes a title read backwards, a
    zero-width space makes two tags that look the same."""
    found = invisible_character(value)
    if found:
        raise ValueError(f"contains an invisible or direction-changing character ({found}); "
                         "remove it")
    return value


def _address(value: str) -> str:
    """A page path is an address too: the one URL rule (``urls.url_refusal``) applies."""
    refusal = url_refusal(value)
    if refusal:
        raise ValueError(f"not a page path: {refusal}")
    return value


def _alias(value: str) -> str:
    """An alias must name a file the redirect can be written to inside the site."""
    _address(value)
    _visible(value)
    file, why = alias_file(value)
    if file is None:
        raise ValueError(f"cannot redirect from '{value}': {why}")
    return value


@lru_cache(maxsize=1)
def material_templates() -> Path | None:
    """Material's own template folder (its ``.icons`` included), found without importing
    it (and MkDocs with it)."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "templates"


def _icon(value: str) -> str:
    """An icon of Material's set: the theme includes ``.icons/<icon>.svg`` in the
    navigation and the build fails on a name it does not have."""
    templates = material_templates()
    if templates is not None and not (templates / ".icons" / f"{value}.svg").is_file():
        raise ValueError(f"no icon '{value}' in Material's icon set (such as "
                         "'material/book-open-variant')")
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


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1),
                 AfterValidator(_printable)]
"""A non-empty string (whitespace alone is empty) without control characters."""

Visible = AfterValidator(_visible)
"""No invisible or direction-changing character (names and one-line texts)."""


def _limit(limit: int) -> Any:
    """At most ``limit`` characters (of a text) or items (of a list)."""
    return Field(max_length=limit)


Title = Annotated[Text, _limit(TITLE_MAX), Visible]
Description = Annotated[Text, _limit(DESCRIPTION_MAX), Visible]

IsoDate = Annotated[dt.date, BeforeValidator(_date_from_iso), AfterValidator(_in_range)]
"""A calendar date, written ``YYYY-MM-DD``, that the sitemap and feeds can carry."""

PagePath = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[^/].*\.md$"),
                     AfterValidator(_printable), AfterValidator(_address)]
"""A page path relative to ``content/``, such as ``guides/integration-design-guide.md``."""

AliasPath = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[^/].*\.md$",
                                            max_length=ALIAS_MAX),
                      AfterValidator(_printable), AfterValidator(_alias)]
"""An old page path; its redirect is written inside the site, over no generated file."""

Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[^<>]+$",
                                      max_length=TAG_MAX),
                AfterValidator(_printable), Visible]
"""A tag: Material prints tag names as HTML (tags page, search), so no ``<`` or ``>``."""

ThemeText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                             pattern=r"^[^<>]+$", max_length=TITLE_MAX),
                     AfterValidator(_printable), Visible]
"""Text Material prints as HTML into the navigation of every page: no ``<`` or ``>``."""

Icon = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+(/[a-z0-9-]+)+$"),
                 AfterValidator(_icon)]
"""An icon of Material's set, such as ``material/book-open-variant``."""

TemplateName = Annotated[str, StringConstraints(
    pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*\.html$")]
"""A template file of the theme or the site's ``custom_dir``, such as ``main.html``."""

HideWord = Literal["navigation", "toc", "footer", "path", "tags", "feedback"]
"""What Material can hide on a page."""

Status = Literal["new", "deprecated"]
"""Material's page statuses."""

ChecklistId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$")]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True,
                              use_attribute_docstrings=True)  # descriptions in `opsdesk schema`


#: A clean absolute http(s) address: a host, then no white space, quote, angle bracket,
#: backslash or control character (canonical ``<link>``, JSON-LD, feeds).
_SITE_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s\x00-\x1f\x7f\"'<>\\`]*)?$")


class Checklist(_Strict):
    """One checklist, placed by ``<!-- checklist: ID -->`` or after the body."""

    title: Annotated[Text, _limit(CHECKLIST_TITLE_MAX), Visible] | None = None
    """Heading shown above the items, plain text; none when absent."""
    items: list[Annotated[Text, _limit(CHECKLIST_ITEM_MAX)]] = Field(
        min_length=1, max_length=CHECKLIST_ITEMS_MAX)
    """The items, each inline Markdown."""


class FaqItem(_Strict):
    """One question of the FAQ section and of its ``FAQPage`` JSON-LD."""

    q: Annotated[Text, _limit(FAQ_QUESTION_MAX), Visible]
    """The question, plain text; rendered as a heading."""
    a: Annotated[Text, _limit(FAQ_ANSWER_MAX)]
    """The answer, Markdown."""


class SearchOptions(_Strict):
    """What Material's search does with a page."""

    exclude: bool = False
    """``true``: the page is not in the search index."""
    boost: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    """Rank the page's results higher (> 1) or lower (< 1)."""


class _PageBase(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True,
                              use_attribute_docstrings=True)  # descriptions in `opsdesk schema`

    # Keys the theme reads: type-checked like ours, then passed to Material, which prints
    # some of them as HTML in the navigation of every page.
    template: TemplateName | None = None
    """A template of the theme or of the site's ``custom_dir`` to render the page with."""
    hide: list[HideWord] | None = None
    """Parts of the page Material hides: navigation, toc, footer, path, tags, feedback."""
    icon: Icon | None = None
    """An icon of Material's set shown in the navigation, such as ``material/book``."""
    status: Status | None = None
    """Material's status mark in the navigation: ``new`` or ``deprecated``."""
    subtitle: ThemeText | None = None
    """A line under the page's title in the navigation; plain text."""
    search: SearchOptions | None = None
    """Material's search options for the page (``exclude``, ``boost``)."""
    comments: bool | None = None
    """Whether the theme shows comments (when the site configures them)."""


class LanePage(_PageBase):
    """Front matter of a page under ``content/<lane>/``."""

    title: Title
    """The H1, ``<title>``, cards and every link to the page; plain text."""
    description: Description
    """Meta description; the lede under the header line and on cards; plain text."""
    updated: IsoDate
    """Last real change: header line, sitemap ``lastmod``, JSON-LD, staleness."""
    category: Annotated[Text, _limit(CATEGORY_MAX), Visible] | None = None
    """Label above the title; ``None`` means the lane's ``category``."""
    keyword: Annotated[Text, _limit(KEYWORD_MAX), Visible] | None = None
    """Primary search phrase, shown at the end of the header line."""
    audience: Annotated[Text, _limit(AUDIENCE_MAX), Visible] | None = None
    """Who the page is for."""
    quick_take: Annotated[Text, _limit(QUICK_TAKE_MAX)] | None = None
    """The "Quick take:" callout, inline Markdown."""
    tags: Annotated[list[Tag], _limit(TAGS_MAX)] = []
    """Tag pages; also drives the default "Keep browsing"."""
    checklists: dict[ChecklistId, Checklist] = {}
    """Checklists by id, in the order written."""
    faq: Annotated[list[FaqItem], _limit(FAQ_MAX)] = []
    """The FAQ section, in order."""
    next: PagePath | Literal[False] | None = None
    """The "Next page"; ``None``: the next page of the lane; ``False``: none."""
    related: list[PagePath] | None = None
    """"Keep browsing"; ``None``: the pages sharing the most tags."""
    order: int | None = None
    """Position in the lane; pages without one follow, by title."""
    draft: bool = False
    """``True``: not published and never linked."""
    aliases: list[AliasPath] = []
    """Earlier addresses of this page; each redirects here."""


class OtherPage(_PageBase):
    """Front matter of the home page, policy pages and other pages outside the lanes."""

    # Any other key is refused, as on lane pages: Material prints some keys it finds in
    # any page's front matter (``author`` into a ``<meta>`` attribute) without escaping.
    model_config = ConfigDict(extra="forbid")

    title: Title
    """The H1 and ``<title>``."""
    description: Description | None = None
    """Meta description."""
    tags: Annotated[list[Tag], _limit(TAGS_MAX)] = []
    """Checked as a lane page's are (the theme may print them); the tag pages
    (``listings``) list the lanes' pages only, as cards."""
    draft: bool = False
    """``True``: not published and never linked."""

    # The keys of lane pages are harmless here (no lane block is shown on these pages):
    # accepted as written, and not used.
    updated: Any = None
    category: Any = None
    keyword: Any = None
    audience: Any = None
    quick_take: Any = None
    checklists: Any = None
    faq: Any = None
    next: Any = None
    related: Any = None
    order: Any = None
    aliases: Any = None


class Labels(_Strict):
    """Visible words of the injected blocks, the search dialog and the browser-side
    tools (those the scripts write too); a site may reword any of them. Every word a
    template or a script shows is one of these (``tests/test_theme_boundary.py``)."""

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
    previous_page: Text = "Previous page"
    reading_order: Text = "Reading order"
    """The accessible name of the previous and next pages' navigation."""
    breadcrumbs: Text = "Breadcrumbs"
    """The accessible name of the trail above each page (home, lane, page)."""
    on_this_page: Text = "On this page"
    """The sections of a page, in a collapsible list on narrow screens."""
    all_tags: Text = "All tags"
    """After a page's tag chips: the link to the tags page."""
    feed_link: Text = "Atom feed"
    """On the home and landing pages: the link to the feed of what they list."""
    not_found_title: Text = "Page not found"
    """The "not found" page (404.html): its title."""
    not_found_text: Text = (
        "There is no page at this address. Search the site, or start from a lane or one "
        "of the newest pages."
    )
    not_found_search: Text = "Search the site"
    not_found_lanes: Text = "Lanes"
    not_found_newest: Text = "Newest pages"
    keep_browsing: Text = "Keep browsing"
    checklist_reset: Text = "Reset"
    checklist_copy: Text = "Copy as Markdown"
    checklist_name: Annotated[Text, AfterValidator(_placeholders("page", "id"))] = (
        "{page}: checklist {id}"
    )
    """The accessible name of a checklist without a title: ``{page}`` is the page's
    title, ``{id}`` the checklist's id."""
    checklist_cleared: Text = "All items cleared."
    """What a checklist's status line says after Reset (opsdesk.js)."""
    checklist_copied_one: Annotated[Text, AfterValidator(_placeholders("count"))] = (
        "Copied {count} item as Markdown."
    )
    """What it says after "Copy as Markdown", for a checklist of one item."""
    checklist_copied_other: Annotated[Text, AfterValidator(_placeholders("count"))] = (
        "Copied {count} items as Markdown."
    )
    """The same, for a checklist of ``{count}`` items."""
    checklist_copy_blocked: Text = "Copying is blocked here: select the text below and copy it."
    """What it says when the browser refuses to copy: the Markdown is then shown in a
    text box, to copy by hand."""
    checklist_manual: Text = "Checklist as Markdown"
    """The accessible name of that text box."""
    lane_pages: Text = "Pages in this lane"
    lane_all_pages: Annotated[Text, AfterValidator(_placeholders("count", "lane"))] = (
        "All {count} pages in {lane}"
    )
    """On the home page, the link under a lane's first cards to all its ``{count}``
    pages; ``{lane}`` is the lane's title."""
    listing_page: Annotated[Text, AfterValidator(_placeholders("title", "number", "count"))] = (
        "{title}, page {number} of {count}"
    )
    """The title of page 2 and on of a listing (a lane's cards, a tag's)."""
    pager: Annotated[Text, AfterValidator(_placeholders("title"))] = "Pages of {title}"
    """The accessible name of a listing's pager."""
    pager_previous: Text = "Previous"
    pager_next: Text = "Next"
    tags: Text = "Tags"
    """The title of the tags page, when the site has none of its own."""
    tags_description: Text = "Every tag of the portfolio, with its number of pages."
    tag_title: Annotated[Text, AfterValidator(_placeholders("tag"))] = "Tag: {tag}"
    """The title of a tag's page."""
    tag_description: Annotated[Text, AfterValidator(_placeholders("tag"))] = (
        "The pages tagged {tag}, newest first."
    )
    search_no_script: Text = "Search needs JavaScript. Browse the pages lane by lane instead:"
    """Over the list of lanes that readers without JavaScript see in place of search."""
    search_failed: Text = "Search could not load. Browse the lanes from the home page."
    """What the search dialog says when its index cannot be loaded."""
    search_no_results: Annotated[Text, AfterValidator(_placeholders("query"))] = (
        "No results for “{query}”"
    )
    """What search says when its ``{query}`` finds no page."""
    search_did_you_mean: Annotated[Text, AfterValidator(_placeholders("query"))] = (
        "Did you mean “{query}”?"
    )
    """Under it, a search of the words of the site closest to the misspelt ones."""
    search_close: Text = "Close search"
    """The accessible name of the search dialog's close button."""
    search_close_hint: Text = "Close (Esc)"
    """The tooltip of that button (Esc closes the dialog too)."""
    search_lane: Text = "Lane"
    """The search dialog's filter of lanes (the lanes' titles are its choices)."""
    search_all_lanes: Text = "All lanes"
    """The lane filter's first choice: no filter."""
    search_tag: Text = "Tag"
    """The filter of tags."""
    search_all_tags: Text = "All tags"
    """The tag filter's first choice: no filter."""
    search_sort: Text = "Sort"
    """The order of the results."""
    search_best_match: Text = "Best match"
    """The sort's first choice: Pagefind's ranking."""
    search_newest: Text = "Newest first"
    """The choice of the most recently updated pages first."""
    search_oldest: Text = "Oldest first"
    """The choice of the least recently updated pages first."""
    search_results: Text = "Results"
    """The accessible name of the list of results."""
    search_more: Text = "More results"
    """The button under the results that shows the next ones."""
    problems_one: Annotated[Text, AfterValidator(_placeholders("count"))] = (
        "{count} problem to fix before publishing"
    )
    """Under ``mkdocs serve``, the heading of a page's problems when there is one."""
    problems_other: Annotated[Text, AfterValidator(_placeholders("count"))] = (
        "{count} problems to fix before publishing"
    )
    """The same, when there are ``{count}`` of them."""
    problems_last_good: Text = (
        "Below is this page as it was before these problems: its last version that could "
        "be read. Fix them to see your edit."
    )
    """Under ``mkdocs serve``, under the problems of a page shown as it last was."""

    # The retry-budget calculator (partials/opsdesk/tools/retry-budget.html): its form,
    # then what opsdesk.js writes as the reader types.
    retry_title: Text = "Retry budget calculator"
    """The calculator's heading."""
    retry_no_script: Text = (
        "This calculator runs in your browser and needs JavaScript, which is turned off. "
        "The worked example below shows the same arithmetic."
    )
    """What readers without JavaScript see in place of the calculator."""
    retry_first_delay: Text = "First delay (seconds)"
    """The label of the field of the first wait."""
    retry_first_delay_hint: Text = "Up to 86400 (a day); 0.5 is half a second."
    """Its hint (the field takes 0 to 86400)."""
    retry_multiplier: Text = "Multiplier"
    """The label of the field of the factor each wait grows by."""
    retry_multiplier_hint: Text = "2 doubles each wait; 1 keeps it fixed."
    """Its hint (the field takes 1 to 10)."""
    retry_max_delay: Text = "Maximum delay (seconds)"
    """The label of the field of the longest wait."""
    retry_max_delay_hint: Text = "The ceiling on any single wait, up to 86400 (a day)."
    """Its hint (the field takes 0 to 86400)."""
    retry_attempts: Text = "Attempts (retries after the original call)"
    """The label of the number of retries."""
    retry_runs_per_hour: Text = "Runs per hour (optional)"
    """The label of the optional field of the runs an hour."""
    retry_runs_per_hour_hint: Text = "Runs that reach this step in a normal hour."
    """Its hint."""
    retry_calculate: Text = "Calculate"
    """The form's button."""
    retry_schedule: Text = "Schedule"
    """The heading of the list of retries."""
    retry_window: Text = "Total window"
    """The summary's first term (``retry_total`` is its value)."""
    retry_calls: Text = "Extra calls"
    """The summary's second term (``retry_no_runs`` or ``retry_outage``)."""
    retry_check: Annotated[Text, AfterValidator(_placeholders("field", "problem"))] = (
        "Check {field}: {problem}"
    )
    """A field's problem: ``{field}`` is the field's label, ``{problem}`` one of the
    next four."""
    retry_range: Annotated[Text, AfterValidator(_placeholders("min", "max"))] = (
        "enter a number from {min} to {max}."
    )
    """A value out of the field's range, or an empty field."""
    retry_range_whole: Annotated[Text, AfterValidator(_placeholders("min", "max"))] = (
        "enter a whole number from {min} to {max}."
    )
    """The same, for a field of whole numbers (the attempts)."""
    retry_not_a_number: Annotated[Text, AfterValidator(_placeholders("value", "range"))] = (
        "“{value}” is not a number; {range}"
    )
    """``{value}`` as typed; ``{range}``: ``retry_range`` or ``retry_range_whole``."""
    retry_ambiguous: Annotated[
        Text, AfterValidator(_placeholders("value", "thousands", "decimal"))] = (
        "“{value}” could mean {thousands} or {decimal}: type the one you mean, without "
        "the comma."
    )
    """``3,600``: ``{thousands}`` is 3600, ``{decimal}`` 3.6."""
    retry_step: Annotated[Text, AfterValidator(_placeholders("number", "time", "wait"))] = (
        "Retry {number} at {time} (after waiting {wait})"
    )
    """One retry of the schedule: ``{time}`` on a clock from the first failure
    (``15:30``), ``{wait}`` in hours, minutes and seconds (``8 min``)."""
    retry_none: Text = "No retries: the step gives up at the first failure."
    """The schedule of zero attempts."""
    retry_total: Annotated[Text, AfterValidator(_placeholders("time", "span"))] = (
        "{time} ({span}) from the first failure to the last retry"
    )
    """The total window: ``{time}`` on a clock, ``{span}`` in words."""
    retry_hours: Annotated[Text, AfterValidator(_placeholders("count"))] = "{count} h"
    """A span's hours, in words (``1 h 30 min``)."""
    retry_minutes: Annotated[Text, AfterValidator(_placeholders("count"))] = "{count} min"
    """A span's minutes."""
    retry_seconds: Annotated[Text, AfterValidator(_placeholders("count"))] = "{count} s"
    """A span's seconds (``7.5 s``)."""
    retry_calls_one: Annotated[Text, AfterValidator(_placeholders("count"))] = (
        "{count} extra call"
    )
    """The extra calls, when there is one."""
    retry_calls_other: Annotated[Text, AfterValidator(_placeholders("count"))] = (
        "{count} extra calls"
    )
    """The same, when there are ``{count}`` of them (0 too)."""
    retry_runs_one: Annotated[Text, AfterValidator(_placeholders("count"))] = (
        "{count} failing run"
    )
    """The failing runs of an outage, when there is one."""
    retry_runs_other: Annotated[Text, AfterValidator(_placeholders("count"))] = (
        "{count} failing runs"
    )
    """The same, when there are ``{count}`` of them."""
    retry_per_run: Annotated[Text, AfterValidator(_placeholders("calls"))] = (
        "{calls} per failing run"
    )
    """``{calls}``: ``retry_calls_one`` or ``retry_calls_other``."""
    retry_no_runs: Annotated[Text, AfterValidator(_placeholders("per_run"))] = (
        "{per_run}. Enter runs per hour to estimate an outage."
    )
    """The extra calls without runs per hour: ``{per_run}`` is ``retry_per_run``."""
    retry_outage: Annotated[
        Text, AfterValidator(_placeholders("calls", "runs", "attempts", "per_run"))] = (
        "{calls} over the window ({runs} \N{MULTIPLICATION SIGN} {attempts}); {per_run}."
    )
    """The extra calls of an outage: ``{calls}`` in all, from ``{runs}`` failing runs
    (``retry_runs_one``, ``retry_runs_other``) of ``{attempts}`` retries each."""


_COLOUR = r"^#[0-9a-fA-F]{6}$"
#: One segment of the path of a file of the site named in ``site.yml`` (``logo``). One
#: pattern for the whole path would backtrack on a long run of letters (quadratic under
#: ``finditer``, which ``tests/attacks/test_linear_time.py`` times).
_SITE_FILE_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_SITE_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".svg")


def _site_image(value: str) -> str:
    """A file of the site named in ``site.yml``: a plain relative path to an image."""
    if not (value.endswith(_SITE_IMAGE_SUFFIXES)
            and all(_SITE_FILE_SEGMENT.fullmatch(part) for part in value.split("/"))):
        raise ValueError(f"{value!r} is not the path of an image of the site: write it as "
                         "it is under content/ (images/logo.png), with letters, digits, "
                         "'_', '-', '.' and '/', ending in .png, .jpg, .jpeg, .webp or .svg")
    return value


class CardColors(_Strict):
    """``site.yml``'s ``card_colors``: the social cards' colours (``#rrggbb``)."""

    background: Annotated[str, StringConstraints(pattern=_COLOUR)] = "#4051b5"
    """Material's indigo, the theme's primary colour."""
    text: Annotated[str, StringConstraints(pattern=_COLOUR)] = "#ffffff"


class Checks(_Strict):
    """``site.yml`` ``checks``: the content checks of what authors often get wrong, each
    a located warning (so ``--strict`` fails); ``false`` turns one off for the site."""

    tag_variants: bool = True
    """A tag that differs from another tag of the site by a plural (``webhook``,
    ``webhooks``), by spaces or hyphens (``follow-up``, ``followup``) or by one letter."""
    heading_levels: bool = True
    """A heading of the body that skips a level (``##`` then ``####``)."""
    body_h1: bool = True
    """An H1 in a lane page's body (its title is its one H1), or a second one elsewhere."""
    image_alt: bool = True
    """An image of the body without alternative text (``![](chart.png)``)."""


class Site(_Strict):
    """``site-data/site.yml``: site-wide facts."""

    name: Annotated[Text, _limit(SITE_NAME_MAX), Visible]
    """Site name: coverage sentence, JSON-LD, feeds."""
    url: Annotated[str, StringConstraints(pattern=_SITE_URL.pattern),
                   AfterValidator(_address)] | None = None
    """Canonical base URL; canonical links and JSON-LD use it."""
    description: Annotated[Text, _limit(SITE_DESCRIPTION_MAX), Visible] | None = None
    """Home page description and feed subtitle."""
    publisher: Annotated[Text, _limit(SITE_NAME_MAX), Visible] = ""
    """JSON-LD and feed publisher; default: ``name``."""
    language: Text = "en"
    """Language of the pages (``inLanguage``)."""
    words_per_minute: int = Field(default=220, gt=0)
    """Reading speed for "N min read"."""
    stale_after_days: int = Field(default=180, gt=0)
    """A page whose ``updated`` is older than this is reported stale."""
    labels: Labels = Labels()
    """The visible words of the blocks."""
    logo: Annotated[str, AfterValidator(_site_image)] | None = None
    """The publisher's logo, a file of the site (``assets/logo.png``): the JSON-LD's
    ``publisher.logo``."""
    card_colors: CardColors = CardColors()
    """The colours of the social cards (``cards.py``)."""
    page_scripts: bool = False
    """Whether a page's body may hold a ``<script>`` (raw HTML) that runs: ``false``, a
    body script is an error at its line; ``true``, the Content Security Policy allows the
    body's inline scripts by their hash."""
    checks: Checks = Checks()
    """The content checks, each on unless turned off (``heading_levels: false``)."""

    @property
    def og_locale(self) -> str:
        """The language as link previews name it: ``en``, ``pt_BR``."""
        return self.language.replace("-", "_")

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        """``publisher`` defaults to ``name``."""
        if (isinstance(data, dict) and data.get("publisher") is None
                and _is_text(data.get("name"), SITE_NAME_MAX)):
            data = {**data, "publisher": data["name"]}
        return data


OUTLINE_TEXT_MAX = 1_000
"""A sample text of a lane's outline (``lanes.yml``)."""
OUTLINE_SECTIONS_MAX = 20
"""Sections of a lane's outline."""

_OUTLINE_MARKER = re.compile(r"faq|checklist: [A-Za-z0-9_-]+")


def _outline_marker(value: str) -> str:
    if not _OUTLINE_MARKER.fullmatch(value):
        raise ValueError(f"expected 'faq' or 'checklist: ID' (ID: letters, digits, '-', '_'), "
                         f"got '{value}'")
    return value


OutlineMarker = Annotated[str, AfterValidator(_outline_marker)]
"""A marker an outline places: ``faq`` or ``checklist: ID`` (written as the body's
``<!-- faq -->``, ``<!-- checklist: ID -->``; a tool's marker needs a tool of its own)."""

OutlineText = Annotated[Text, _limit(OUTLINE_TEXT_MAX)]


class OutlineSection(_Strict):
    """One section of a new page's outline: an H2, its sample text, a marker after it."""

    heading: Annotated[Text, _limit(TITLE_MAX), Visible]
    """The section's ``##`` heading: the author keeps or changes it."""
    text: OutlineText = "Write this section in your own words."
    """Its sample text (Markdown; one sample line per line), which ``opsdesk new`` writes
    under the heading and the build flags until it is replaced."""
    marker: OutlineMarker | None = None
    """A marker placed after the section (``faq``, ``checklist: before``): ``opsdesk new``
    then writes the checklist (or FAQ) with sample items in the front matter."""


class Outline(_Strict):
    """The body ``opsdesk new`` writes for a lane's pages: the lead, the sections and the
    closing section the lane's pages use, with their markers in place."""

    lead: OutlineText
    """The text before the first heading: the answer first (sample text)."""
    sections: list[OutlineSection] = Field(min_length=1, max_length=OUTLINE_SECTIONS_MAX)
    """The sections, in order."""
    closing: OutlineSection | None = None
    """A last section after the others and their markers (a guide's "Final note")."""

    @model_validator(mode="after")
    def _markers_once(self) -> Outline:
        placed = [s.marker for s in (*self.sections, self.closing) if s and s.marker]
        twice = sorted({marker for marker in placed if placed.count(marker) > 1})
        if twice:
            raise ValueError(f"the marker '{twice[0]}' is placed twice: place each once")
        return self

    @property
    def all_sections(self) -> list[OutlineSection]:
        return [*self.sections, *([self.closing] if self.closing else [])]


class Lane(_Strict):
    """One entry of ``site-data/lanes.yml``."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    """Folder name under ``content/``."""
    title: Annotated[Text, _limit(LANE_TITLE_MAX), Visible] = ""
    """Navigation and landing-page title; default: ``label`` capitalised."""
    label: Annotated[Text, _limit(LANE_LABEL_MAX), Visible]
    """The word used in the coverage-lane sentence."""
    category: Annotated[Text, _limit(LANE_TITLE_MAX), Visible] = ""
    """Default category of the lane's pages; default: ``title``."""
    description: Annotated[Text, _limit(LANE_DESCRIPTION_MAX), Visible] | None = None
    """Lede and meta description of the lane's landing page."""
    outline: Outline | None = None
    """The body ``opsdesk new`` writes for a page of the lane; default: the answer, then
    When this applies, What to do, Common mistakes, How to check it worked."""

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        """``title`` defaults to ``label`` capitalised, ``category`` to ``title``."""
        return lane_defaults(data) if isinstance(data, dict) else data


def _is_text(value: object, limit: int) -> bool:
    """Whether ``value`` is text a default may copy (one with a control or invisible
    character, or longer than ``limit``, the copy's limit, is refused where it is
    written, and nowhere else)."""
    return (isinstance(value, str) and bool(value.strip()) and value.isprintable()
            and invisible_character(value) is None and len(value.strip()) <= limit)


def lane_defaults(data: dict[str, Any]) -> dict[str, Any]:
    """A lane entry with ``title`` and ``category`` filled in, as the schema defaults them
    (also for an entry salvaged from one with errors)."""
    data = dict(data)
    if data.get("title") is None:
        label, lane_id = data.get("label"), data.get("id")
        fallback = (label if _is_text(label, LANE_TITLE_MAX)
                    else lane_id if _is_text(lane_id, LANE_TITLE_MAX) else None)
        if isinstance(fallback, str):
            data["title"] = fallback.strip().capitalize()
    if data.get("category") is None and _is_text(data.get("title"), LANE_TITLE_MAX):
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


def markdown_values(meta: LanePage) -> Iterator[tuple[KeyPath, str]]:
    """``(key path, text)`` of every front-matter value rendered as Markdown."""
    if meta.quick_take:
        yield ("quick_take",), meta.quick_take
    for checklist_id, checklist in meta.checklists.items():
        for index, item in enumerate(checklist.items):
            yield ("checklists", checklist_id, "items", index), item
    for index, faq in enumerate(meta.faq):
        yield ("faq", index, "a"), faq.a
