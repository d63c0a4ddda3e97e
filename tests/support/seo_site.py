"""The fixture site of the search-engine and feed tests: the basic site, plus a page
whose title and description need escaping, a renamed page, and a draft."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .sites import Built, build_site

TRICKY_TITLE = "Billing Retries & <Idempotency> Keys"
TRICKY_DESCRIPTION = 'Why "retries" & <keys> matter.'

SEO_FILES = {
    "content/guides/billing.md": f"""
        ---
        title: "{TRICKY_TITLE}"
        description: '{TRICKY_DESCRIPTION}'
        updated: 2026-03-03
        tags: [billing]
        aliases:
          - guides/old-billing.md
          - guides/payments/retries.md
        ---

        Retry the charge with the same key.
        """,
    "content/guides/secret.md": """
        ---
        title: Secret Draft
        description: Not published yet.
        updated: 2026-12-12
        tags: [shared, alpha]
        aliases: [guides/secret-old.md]
        draft: true
        ---

        Nobody reads this yet.
        """,
}

#: The published lane pages of the site and their ``updated`` dates.
UPDATED = {
    "guides/alpha/": "2026-06-01",
    "guides/beta/": "2026-05-01",
    "guides/gamma/": "2026-07-01",
    "guides/billing/": "2026-03-03",
    "fixes/one-fix/": "2026-04-01",
}


def build_seo_site(root: Path, extra: Mapping[str, str | None] | None = None, *,
                   search: bool = False) -> Built:
    """Build the site with ``--strict`` (``extra`` files written over it); it must pass.
    ``search``: with the search index."""
    built = build_site(root, {**SEO_FILES, **(extra or {})}, strict=True, search=search)
    assert built.ok, built.messages()
    return built
