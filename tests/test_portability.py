"""The core imports nothing from MkDocs: Material's successor will not run MkDocs
plugins, and the content model, validation, graph and blocks must outlive the adapter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import opsdesk

# the MkDocs adapter: hooks, MkDocs structures (public API), the fenced internals
ADAPTER = {"plugin", "structure", "internals", "mkdocs_session"}


def test_every_core_module_imports_without_mkdocs() -> None:
    # every module, those of the search package (``search.session``...) included
    core = sorted(name for m in pkgutil.walk_packages(opsdesk.__path__, prefix="opsdesk.")
                  if (name := m.name.removeprefix("opsdesk.")) not in ADAPTER)
    script = ("import sys\nsys.modules['mkdocs'] = None  # any import of mkdocs now fails\n"
              + "".join(f"import opsdesk.{name}\n" for name in core))
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=False)

    assert {"cli", "model", "pipeline", "render", "source", "view", "search.process",
            "search.session", "search.staging", "search.front"} <= set(core)
    assert "bench" not in core  # the benchmark lives in benchmarks/, outside the package
    assert run.returncode == 0, run.stderr


def test_the_adapter_does_need_mkdocs() -> None:
    run = subprocess.run([sys.executable, "-c",
                          "import sys\nsys.modules['mkdocs'] = None\nimport opsdesk.plugin"],
                         capture_output=True, text=True, check=False)
    assert run.returncode != 0
    assert "mkdocs" in run.stderr
