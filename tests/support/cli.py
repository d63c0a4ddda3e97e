"""The ``opsdesk`` command, run as an author runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

OPSDESK = Path(sys.executable).parent / "opsdesk"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(OPSDESK), *args], cwd=cwd, capture_output=True, text=True,
                          check=False, timeout=60)
