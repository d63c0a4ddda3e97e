"""Commands run as an author runs them: ``opsdesk``, and MkDocs' with Ctrl-C working."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

OPSDESK = Path(sys.executable).parent / "opsdesk"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(OPSDESK), *args], cwd=cwd, capture_output=True, text=True,
                          check=False, timeout=60)


def as_from_a_terminal() -> None:
    """A ``preexec_fn``: the command gets Ctrl-C's ``SIGINT`` as a terminal delivers it.
    A suite started in a shell's background (``scripts/test &``, some CI runners) ignores
    ``SIGINT``, and a child inherits that, so ``mkdocs serve`` or ``build`` would rightly
    ignore the test's ``SIGINT`` (and a test wait for its timeout)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
