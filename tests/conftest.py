from __future__ import annotations

import os

# Material prints a banner about MkDocs 2.0 on every build; it says nothing about our site.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
