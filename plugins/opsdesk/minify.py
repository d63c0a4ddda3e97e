"""Our style sheets and scripts, minified for the published site.

The site's own template folder (``templates/assets/opsdesk/``) keeps them readable; the
build writes each ``.css`` through ``rcssmin`` and each ``.js`` through ``rjsmin`` (both
maintained, pinned in the lock files, pure functions of their input: two builds, the same
bytes). Material's files come minified already; an author's files under ``content/`` are
published as written.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import rcssmin
import rjsmin

__all__ = ["MINIFIERS", "minified"]

#: The minifier of each kind of file, by suffix.
MINIFIERS = {
    ".css": lambda text: str(rcssmin.cssmin(text)),
    ".js": lambda text: str(rjsmin.jsmin(text)),
}


def minified(name: str, data: bytes) -> bytes | None:
    """``data``, the file ``name``, minified; ``None`` for a kind of file left as it is
    or a file that is not UTF-8 text."""
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    minify = MINIFIERS.get(suffix)
    if minify is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return minify(text).encode("utf-8")
