"""The benchmark's portfolios: realistic sites of any size, the same files for the same size.

``generate_portfolio(root, pages)`` writes, under ``root``:

- ``content/``: ``pages`` lane pages spread over the lanes (about 900 words of varied
  prose each, headings, lists, code spans, front matter with tags, checklists, an FAQ,
  some explicit ``next`` and ``related`` links), the home page, one landing page per lane
  (written as a file, so that a build without our plugin has it too) and the policy pages;
- ``site-data/`` and ``templates/``: the repository's;
- one MkDocs configuration per entry of ``CONFIGS`` (see ``config_file``).

It imports nothing from ``opsdesk`` or MkDocs: the tests and the benchmark both use it.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = ["BASELINE", "CONFIGS", "MATERIAL_SEARCH", "NO_INDEX", "OURS", "PLAIN_SEARCH",
           "baseline_config", "config_file",
           "generate_portfolio"]

REPO = Path(__file__).resolve().parent.parent

#: The site as the project builds it: the repository's own ``mkdocs.yml``, unchanged.
OURS = "opsdesk"
#: The same ``mkdocs.yml`` without the ``opsdesk`` and ``redirects`` plugins and with a
#: ``nav:`` of the home page and the lane landing pages: what the overhead is measured
#: against (same theme, theme features, custom_dir, other plugins and Markdown extensions).
BASELINE = "baseline-lanes-nav"
#: Ours without the search index (``search_index: false``): the plugin's own overhead,
#: against the baseline, which has no search either.
NO_INDEX = "opsdesk-no-index"
#: Ours with Material's search plugin instead of the Pagefind index: what the build with
#: the index is compared with (issue 14).
MATERIAL_SEARCH = "opsdesk-material-search"
#: The baseline with Material's own search plugin: plain Material with its own search,
#: what a user would pick instead of our plugin (issue 21's build-time goal is set
#: against it).
PLAIN_SEARCH = "baseline-material-search"
CONFIGS = (OURS, NO_INDEX, MATERIAL_SEARCH, BASELINE, PLAIN_SEARCH)
#: Plugins that exist only because of ours: ``redirects`` gets its map from ``opsdesk``.
_OUR_PLUGINS = {"opsdesk", "redirects"}

# -- the generated pages --------------------------------------------------------------

_TOPICS = [
    "lead routing", "billing sync", "support triage", "invoice retries", "webhook intake",
    "CRM deduplication", "refund approvals", "renewal reminders", "ticket escalation",
    "payment failures", "form enrichment", "handoff alerts", "usage metering",
    "contract updates", "trial conversions", "vendor onboarding", "access reviews",
    "SLA tracking", "churn signals", "quote approvals", "data exports", "calendar booking",
    "lead scoring", "dunning emails", "order fulfilment", "inventory sync",
]
_ASPECTS = [
    "trigger boundaries", "data ownership", "rollback", "human checkpoints", "idempotency",
    "retry budgets", "audit trails", "alert fatigue", "rate limits", "schema drift",
    "error queues", "change review", "dry runs", "permissions", "observability",
    "field mapping", "timeouts", "backfills", "version pinning", "runbooks",
]
_KINDS = ["guide", "playbook", "checklist", "review", "walkthrough", "primer", "field notes"]
_AUDIENCES = ["ops leads", "revenue operations teams", "support managers",
              "finance operations", "small platform teams", "solo operators"]
_SUBJECTS = ["The team", "An operator", "The owner of the workflow", "Whoever reviews the change",
             "A careful reviewer", "The on-call person", "Finance", "Support", "The vendor"]
_VERBS = ["documents", "tests", "reviews", "narrows", "maps", "questions", "schedules",
          "rolls back", "measures", "writes down", "separates", "limits", "traces"]
_OBJECTS = ["every path that touches {a}", "the failure modes of {t}", "who owns {a}",
            "the retry policy around {t}", "what changes when {a} shifts",
            "the smallest safe version of {t}", "the signals that prove {a} improved",
            "the manual fallback for {t}", "the cost of getting {a} wrong"]
_CLAUSES = ["before the next release", "so nobody has to guess later",
            "while the old path still runs", "without touching the live system",
            "because the first fix often hides a second problem", "in the review note",
            "during a quiet week", "with one real example", "before adding tooling",
            "so the decision survives a change of staff"]
_OPENERS = ["In practice,", "Most of the time,", "When volume grows,", "Early on,",
            "After an incident,", "For small teams,", "Over a quarter,", "Usually,"]
_HEADINGS = ["What {a} actually controls", "How to scope {t} before building",
             "Where {t} usually breaks", "Signals that {a} is working",
             "A rollout plan for {t}", "What to write down about {a}",
             "When to stop and rethink {t}", "Common mistakes with {a}"]


@dataclass
class _Page:
    path: str
    lane: str
    title: str
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""


def _sentence(rng: random.Random, topic: str, aspect: str) -> str:
    obj = rng.choice(_OBJECTS).format(a=aspect, t=topic)
    parts = [rng.choice(_SUBJECTS), rng.choice(_VERBS), obj, rng.choice(_CLAUSES)]
    if rng.random() < 0.4:
        parts.insert(0, rng.choice(_OPENERS))
        parts[1] = parts[1][0].lower() + parts[1][1:]
    text = " ".join(parts)
    if rng.random() < 0.15:
        text = text.replace(aspect, f"**{aspect}**", 1)
    elif rng.random() < 0.1:
        text = text.replace(topic, f"`{topic}`", 1)
    return text + "."


def _paragraph(rng: random.Random, topic: str, aspect: str, words: int = 70) -> str:
    sentences: list[str] = []
    count = 0
    while count < words:
        sentence = _sentence(rng, topic, rng.choice([aspect, *rng.sample(_ASPECTS, 2)]))
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def _body(rng: random.Random, topic: str, aspects: list[str], checklists: list[str]) -> str:
    """About 900 words: an introduction, sections with lists, markers in place."""
    parts = [_paragraph(rng, topic, aspects[0], 60), _paragraph(rng, topic, aspects[1], 60)]
    headings = rng.sample(_HEADINGS, 6)
    for index, heading in enumerate(headings):
        aspect = aspects[index % len(aspects)]
        parts.append("## " + heading.format(a=aspect, t=topic).capitalize())
        parts.append(_paragraph(rng, topic, aspect, 65))
        if index % 3 == 1:
            parts.append("\n".join(f"- {_sentence(rng, topic, a)}" for a in aspects[:3]))
        parts.append(_paragraph(rng, topic, aspect, 55))
        if index < len(checklists):
            parts.append(f"<!-- checklist: {checklists[index]} -->")
    parts.append("<!-- faq -->")
    return "\n\n".join(parts) + "\n"


def _lane_pages(rng: random.Random, lane: dict[str, Any], count: int,
                tags: list[str], day0: int) -> list[_Page]:
    pages = []
    for index in range(count):
        topic = rng.choice(_TOPICS)
        aspects = rng.sample(_ASPECTS, 4)
        kind = rng.choice(_KINDS)
        title = f"{topic.capitalize()}: {aspects[0]} {kind} {index + 1}"
        slug = "-".join(title.casefold().replace(":", "").split())
        checklist_ids = rng.sample(["scope", "rollout", "review", "handoff"], rng.randint(1, 2))
        meta: dict[str, Any] = {
            "title": title,
            # plain text, as a description is (plaintext.py): the sentence's emphasis and
            # code marks out, the random choices the same as before
            "description": _paragraph(rng, topic, aspects[0], 25).replace("**", "")
            .replace("`", ""),
            "updated": f"2025-{1 + (day0 + index) % 12:02d}-{1 + (day0 * 7 + index) % 28:02d}",
            "keyword": f"{topic} {aspects[0]}",
            "audience": rng.choice(_AUDIENCES),
            "quick_take": _sentence(rng, topic, aspects[1]),
            "tags": rng.sample(tags, rng.randint(2, 5)),
            "checklists": {cid: {"items": [_sentence(rng, topic, a) for a in aspects[:3]]}
                           for cid in checklist_ids},
            "faq": [{"q": f"How does {a} change {topic}?", "a": _paragraph(rng, topic, a, 40)}
                    for a in aspects[:3]],
        }
        if rng.random() < 0.3:
            meta["order"] = rng.randint(1, 50)
        pages.append(_Page(f"{lane['id']}/{slug}.md", lane["id"], title, meta,
                           _body(rng, topic, aspects, checklist_ids)))
    return pages


def _link_some(rng: random.Random, pages: list[_Page]) -> None:
    """Explicit ``next`` on about 5% of pages, explicit ``related`` on about 10%."""
    for page in pages:
        others = rng.sample(pages, 4)
        targets = [p.path for p in others if p.path != page.path]
        if rng.random() < 0.05:
            page.meta["next"] = targets[0]
        if rng.random() < 0.10:
            page.meta["related"] = targets[1:3]


def _write(path: Path, meta: dict[str, Any], body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=88)
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")


def generate_portfolio(root: Path, pages: int, *, seed: int = 7,
                       aliases: bool = False) -> list[str]:
    """Write a site of ``pages`` lane pages (plus home, landing and policy pages) and its
    configurations to ``root``, replacing whatever was there. With ``aliases``, the first
    page of each lane has an old address (a redirect page: ``scripts/validate``).

    Returns the lane pages' paths. The same arguments always write the same files.
    """
    rng = random.Random(f"{seed}-{pages}")  # noqa: S311 - test data, not secrets
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    shutil.copytree(REPO / "site-data", root / "site-data")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "content" / "images", content / "images")  # site.yml's logo
    lanes = _read_yaml(root / "site-data" / "lanes.yml")
    tags = sorted({rng.choice(_ASPECTS) + suffix for suffix in ("", " basics", " at scale")
                   for _ in range(30)})
    all_pages: list[_Page] = []
    for index, lane in enumerate(lanes):
        count = pages // len(lanes) + (1 if index < pages % len(lanes) else 0)
        all_pages += _lane_pages(rng, lane, count, tags, day0=index * 31)
    _link_some(rng, all_pages)
    for lane in lanes if aliases else ():  # a moved page (no random draw: same pages)
        first = next((page for page in all_pages if page.lane == lane["id"]), None)
        if first:
            first.meta["aliases"] = [f"old/{first.path}"]  # not under assets/: Material's
    for page in all_pages:
        _write(content / page.path, page.meta, page.body)
    _write(content / "index.md", {"title": "Automation Ops Desk"},
           _paragraph(rng, "automation", "human checkpoints", 60) + "\n")
    for lane in lanes:
        # Our plugin would generate a missing landing page; without it there would be none.
        title = lane.get("title") or lane["label"].capitalize()
        _write(content / lane["id"] / "index.md", {"title": title},
               f"# {title}\n\n{lane.get('description', '')}\n")
    policies = _read_yaml(root / "site-data" / "policies.yml")
    for link in policies["links"]:
        _write(content / link["page"], {"title": link["title"]},
               _paragraph(rng, "corrections", "audit trails", 80) + "\n")
    _write_configs(root, lanes)
    return [page.path for page in all_pages]


def config_file(root: Path, config: str) -> Path:
    """The MkDocs configuration file of ``config`` in a generated portfolio: ``mkdocs.yml``
    for ours (so that ``opsdesk check`` and ``mkdocs serve`` find it), else
    ``mkdocs-<config>.yml``."""
    return root / ("mkdocs.yml" if config == OURS else f"mkdocs-{config}.yml")


# -- the configurations ---------------------------------------------------------------

def _write_configs(root: Path, lanes: list[dict[str, Any]]) -> None:
    shutil.copy(REPO / "mkdocs.yml", config_file(root, OURS))
    ours = _read_yaml(REPO / "mkdocs.yml")
    no_index = [{"opsdesk": {"search_index": False}} if _plugin_name(entry) == "opsdesk"
                else entry for entry in ours.get("plugins") or []]
    for name, plugins in ((NO_INDEX, no_index), (MATERIAL_SEARCH, ["search", *no_index])):
        config_file(root, name).write_text(
            f"# {name}: the repository's mkdocs.yml, our plugin writing no search index"
            f"{', with Material search' if name == MATERIAL_SEARCH else ''}.\n"
            + yaml.safe_dump({**ours, "plugins": plugins}, sort_keys=False, allow_unicode=True),
            encoding="utf-8")
    config = baseline_config(REPO / "mkdocs.yml", root / "site-data", lanes)
    header = (f"# {BASELINE}: the repository's mkdocs.yml without the {sorted(_OUR_PLUGINS)} "
              "plugins, with a nav: of the home page and the lane landing pages.\n")
    config_file(root, BASELINE).write_text(
        header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    config_file(root, PLAIN_SEARCH).write_text(
        f"# {PLAIN_SEARCH}: {BASELINE} with Material's own search plugin.\n"
        + yaml.safe_dump({**config, "plugins": ["search", *config["plugins"]]},
                         sort_keys=False, allow_unicode=True), encoding="utf-8")


def baseline_config(mkdocs_yml: Path, site_data: Path,
                    lanes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """``BASELINE``'s configuration: ``mkdocs_yml`` without our plugins, with a ``nav:`` of
    the home page and the lanes' landing pages (``site_data``'s ``lanes.yml`` unless
    given), and ``site.yml``'s ``url`` as ``site_url``. ``PLAIN_SEARCH`` adds ``search``."""
    config: dict[str, Any] = _read_yaml(mkdocs_yml)
    config["plugins"] = [entry for entry in config.get("plugins") or []
                         if _plugin_name(entry) not in _OUR_PLUGINS]
    lanes = _read_yaml(site_data / "lanes.yml") if lanes is None else lanes
    config["nav"] = ["index.md", *(f"{lane['id']}/index.md" for lane in lanes)]
    # Our plugin takes site_url from site-data/site.yml; give the baseline the same one.
    site = _read_yaml(site_data / "site.yml")
    config.setdefault("site_url", site.get("url"))
    return config


def _plugin_name(entry: Any) -> str:
    """The name of one ``plugins:`` entry, written as ``- name`` or ``- name: {options}``."""
    return str(next(iter(entry))) if isinstance(entry, dict) else str(entry)


def _read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))
