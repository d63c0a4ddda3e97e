"""Issue 23, item 3: our style sheets and scripts are published minified by a pinned
library (``rcssmin``, ``rjsmin``), their readable sources kept in ``templates/``;
Material's files and an author's are published as they are."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import rcssmin
import rjsmin

from .support.sites import REPO, Built, build_site

OURS = sorted((REPO / "templates/assets/opsdesk").glob("*.*"))


def test_our_css_and_js_are_published_minified(repo_site: Built) -> None:
    assert {path.suffix for path in OURS} == {".css", ".js"}
    for source in OURS:
        text = source.read_text(encoding="utf-8")
        published = (repo_site.site / "assets/opsdesk" / source.name).read_text(encoding="utf-8")
        minify = rcssmin.cssmin if source.suffix == ".css" else rjsmin.jsmin
        assert published == minify(text), source.name
        assert len(published) < 0.8 * len(text), source.name  # comments and spaces gone
        assert "\n  " in text  # ... and the source stays readable


def test_the_minified_scripts_are_valid_javascript(repo_site: Built, tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "Node.js checks the scripts' syntax: install it (scripts/test does)"
    for source in OURS:
        if source.suffix == ".js":
            checked = subprocess.run([node, "--check", str(repo_site.site / "assets/opsdesk" /
                                                           source.name)],
                                     capture_output=True, text=True, check=False)
            assert checked.returncode == 0, (source.name, checked.stderr)


def test_material_files_and_an_authors_are_published_as_they_are(tmp_path: Path) -> None:
    script = "// an author's script, as written\nvar  spaced   =  1;\n"
    built = build_site(tmp_path, {"content/files/own.js": script,
                                  "content/files/own.css": "a  {  color : red }\n"})
    assert built.ok, built.problems()
    assert (built.site / "files/own.js").read_text(encoding="utf-8") == script
    assert (built.site / "files/own.css").read_text(encoding="utf-8") == "a  {  color : red }\n"
    material = Path(__import__("material").__file__).parent / "templates"
    bundle = next((material / "assets/javascripts").glob("bundle.*.min.js"))
    assert (built.site / "assets/javascripts" / bundle.name).read_bytes() == bundle.read_bytes()
