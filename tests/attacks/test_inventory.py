"""Family 9: the file tree is hostile too (issue 19).

Each case does to the basic site what a pull request could: a symbolic link to a secret
outside the project, a named pipe or socket, a page in another case, twins, a file where
a page needs a folder, a file over one the build generates. For each: the build fails
under ``--strict`` with the exact located lines, never a traceback or a hang; nothing of
what lies outside the project reaches the site; ``opsdesk check`` reports the same lines
(the build adds only "left out of the build" for the pages it leaves out).
"""

from __future__ import annotations

import os
import shutil
import socket
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from opsdesk.inventory import FOLDER_OUTSIDE
from opsdesk.problems import format_all
from opsdesk.project import find_project
from opsdesk.session import load_project

from ..support.pages import GOOD
from ..support.sites import Built, build_written, write_site

SECRET = "TOPSECRET-7f3a"  # noqa: S105 - a marker, not a password
OUTSIDE = ("its folder: nothing outside it is published; copy the file in instead")
LINK_OUT = f"is a symbolic link to something outside {OUTSIDE}"


def _page(title: str) -> str:
    return GOOD.format(extra="", body="").replace("Bad Guide", title)


def _outside(root: Path) -> Path:
    """A folder beside the project with secrets in it."""
    folder = root.parent / f"{root.name}-outside"
    folder.mkdir(exist_ok=True)
    (folder / "secret.txt").write_text(SECRET)
    (folder / "secret.md").write_text(_page(SECRET))
    (folder / "main.html").write_text(f"<html>{SECRET}</html>")
    (folder / "site.yml").write_text(f"name: {SECRET}\n")
    return folder


def _link_file_out(root: Path) -> None:
    (root / "content/assets").mkdir()
    os.symlink(_outside(root) / "secret.txt", root / "content/assets/env.txt")


def _link_proc_environ(root: Path) -> None:
    (root / "content/assets").mkdir()
    os.symlink("/proc/self/environ", root / "content/assets/env.txt")


def _link_folder_out(root: Path) -> None:
    os.symlink(_outside(root), root / "content/etc")


def _link_page_out(root: Path) -> None:
    os.symlink(_outside(root) / "secret.md", root / "content/guides/leak.md")


def _relative_link_out(root: Path) -> None:
    _outside(root)
    os.symlink(f"../../../{root.name}-outside/secret.md", root / "content/guides/up.md")


def _link_inside(root: Path) -> None:
    (root / "content/assets").mkdir()
    (root / "content/assets/logo.txt").write_text("logo")
    os.symlink("logo.txt", root / "content/assets/same-logo.txt")


def _pipe_page(root: Path) -> None:
    os.mkfifo(root / "content/guides/pipe.md")


def _pipe_static(root: Path) -> None:
    (root / "content/assets").mkdir()
    os.mkfifo(root / "content/assets/pipe.txt")


def _socket_static(root: Path) -> None:
    (root / "content/assets").mkdir()
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(root / "content/assets/sock"))


def _shouting(suffix: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / f"content/guides/shout{suffix}").write_text(_page("Shout"))
    return make


def _markdown_suffix(root: Path) -> None:
    (root / "content/guides/long.markdown").write_text(
        _page("Long").replace("updated:", "nxet: guides/beta.md\nupdated:"))


def _file_at_page_folder(root: Path) -> None:
    (root / "content/guides/alpha").write_text("a plain file where alpha.md needs a folder")


def _two_pages_one_file(root: Path) -> None:
    (root / "content/guides/alpha.markdown").write_text(_page("Alpha again"))


def _nfc_nfd_twins(root: Path) -> None:
    for form in ("NFC", "NFD"):
        name = unicodedata.normalize(form, "café.md")
        (root / "content/guides" / name).write_text(_page(f"Café {form}"))


def _case_twins(root: Path) -> None:
    (root / "content/guides/Guide.md").write_text(_page("Guide upper"))
    (root / "content/guides/guide.md").write_text(_page("Guide lower"))


def _readme_and_index(root: Path) -> None:
    (root / "content/fixes/README.md").write_text(_page("Read me"))
    (root / "content/fixes/index.md").write_text("---\ntitle: Fixes\n---\n\nThe fixes.\n")


def _static_over_feed(root: Path) -> None:
    (root / "content/atom.xml").write_text("<feed>forged</feed>")


def _static(name: str, text: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_text(text)
    return make


def _utf16(name: str, text: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_bytes(text.encode("utf-16"))
    return make


SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
#: (id, file, SVG body, what the message says it has)
HOSTILE_SVG = [
    ("script", "<script>forged()</script>", "has a <script> element"),
    ("script-in-another-prefix",
     '<s:script xmlns:s="http://www.w3.org/2000/svg">forged()</s:script>',
     "has a <script> element"),
    ("onload", '<rect onload="forged()"/>', "has an event handler (onload= on <rect>)"),
    ("onclick-in-capitals", '<rect ONCLICK="forged()"/>',
     "has an event handler (onclick= on <rect>)"),
    ("foreign-object", "<foreignObject><p>forged</p></foreignObject>",
     "has a <foreignobject> element"),
    ("xhtml-element",
     '<h:img xmlns:h="http://www.w3.org/1999/xhtml" src="x" title="forged"/>',
     "has an HTML element (<img>)"),
    ("javascript-link", '<a href="javascript:forged()"><text>x</text></a>',
     "has an address that runs script or makes a document (href= on <a>)"),
    ("javascript-link-entities-and-tab",
     '<a xlink:href="&#x20;java&#9;script&#58;forged()"><text>x</text></a>',
     "has an address that runs script or makes a document (href= on <a>)"),
    ("animated-to-javascript",
     '<a><set attributeName="href" to="javascript:forged()"/><text>x</text></a>',
     "has an address that runs script or makes a document (to= on <set>)"),
    ("data-document", '<a href="data:text/html,forged"><text>x</text></a>',
     "has an address that runs script or makes a document (href= on <a>)"),
    ("iframe-by-name", '<iframe src="x">forged</iframe>', "has a <iframe> element"),
    ("stylesheet-instruction", '<?xml-stylesheet type="text/xsl" href="forged.xsl"?>',
     "has a processing instruction (<?…?>), which can apply a stylesheet"),
]


def _svg(body: str) -> Callable[[Path], None]:
    return _static("images/drawing.svg", f"{SVG_OPEN}{body}</svg>")


def _svg_refused(why: str) -> str:
    return (f"content/images/drawing.svg: is an SVG drawing that {why}: opened at its "
            "address, it could run script on the site, so it is not published; remove that, "
            "or export the drawing without scripts")


#: Entities that would expand to gigabytes if a parser expanded them.
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "forged forged forged">'
          + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">'
                    for n in range(9))
          + f"]>{SVG_OPEN}<text>&j;</text></svg>")


def _static_in_search_index(root: Path) -> None:
    (root / "content/pagefind").mkdir()
    (root / "content/pagefind/pagefind.js").write_text("forged()")


def _template_link_out(root: Path) -> None:
    (root / "templates").mkdir()
    os.symlink(_outside(root) / "main.html", root / "templates/main.html")
    _custom_dir(root)


def _template_pipe(root: Path) -> None:
    (root / "templates").mkdir()
    os.mkfifo(root / "templates/main.html")
    _custom_dir(root)


def _custom_dir(root: Path) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  font: false", "  font: false\n"
                                                 "  custom_dir: templates"))


def _site_data_link_out(root: Path) -> None:
    (root / "site-data/site.yml").unlink()
    os.symlink(_outside(root) / "site.yml", root / "site-data/site.yml")


def _site_data_pipe(root: Path) -> None:
    (root / "site-data/policies.yml").unlink()
    os.mkfifo(root / "site-data/policies.yml")


def _missing_targets(root: Path) -> None:
    (root / "content/assets").mkdir()
    (root / "content/assets/logo.png").write_bytes(b"png")
    page = root / "content/guides/alpha.md"
    page.write_text(page.read_text() + "\n![Logo](../assets/logo.png)\n\n"
                    "![Chart](../assets/chart.png)\n\n[The feed](../atom.xml) and "
                    "[the sheet](sheet.csv).\n")


def _folder_out(name: str) -> Callable[[Path], None]:
    """The project's folder ``name`` replaced by a link to a copy of it outside the
    project, with secrets in it."""
    def make(root: Path) -> None:
        outside = _outside(root)
        if name == "templates":
            (root / "templates").mkdir()
            _custom_dir(root)
        copy = outside / name
        shutil.copytree(root / name, copy)
        (copy / "secret.txt").write_text(SECRET)
        (copy / "main.html").write_text(f"<html>{SECRET}</html>")
        shutil.rmtree(root / name)
        os.symlink(copy, root / name)
        if name == "site-data":
            (copy / "site.yml").write_text(f"name: {SECRET}\n")
    return make


def _twins_warning(one: str, two: str, url_one: str, url_two: str, what: str) -> list[str]:
    return [f"{one}: its address '{url_one}' differs from that of {two} ('{url_two}') only "
            f"in {what}: the two look the same to readers and collide on macOS and Windows; "
            "rename one"]


NFC, NFD = (unicodedata.normalize(f, "café") for f in ("NFC", "NFD"))
NFC_URL, NFD_URL = "guides/caf%C3%A9/", "guides/cafe%CC%81/"
SHOUT = ("content/guides/shout{0}: is named like a page, but '{0}' is not a page's extension: "
         "rename it to end in '{1}' (it is not published)")
DOCUMENT = ("is a document a browser runs as it is ({}): no check, block or policy of the "
            "site reaches it, so it is not published; write it as a page (a .md file), or put "
            "it under templates/ if the theme needs it")
PIPE = "is a named pipe, not a file: remove it (nothing of it is read)"

# (id, what to do to the site, the build's exact problem lines, files that must not exist)
CASES: list[tuple[str, Callable[[Path], None], list[str], list[str]]] = [
    ("link-to-a-file-outside", _link_file_out,
     [f"content/assets/env.txt: {LINK_OUT}"], ["assets/env.txt"]),
    ("link-to-proc-environ", _link_proc_environ,
     [f"content/assets/env.txt: {LINK_OUT}"], ["assets/env.txt"]),
    ("link-to-a-folder-outside", _link_folder_out,
     [f"content/etc: {LINK_OUT}"], ["etc"]),
    ("link-to-a-page-outside", _link_page_out,
     [f"content/guides/leak.md: {LINK_OUT}"], ["guides/leak"]),
    ("relative-link-out", _relative_link_out,
     [f"content/guides/up.md: {LINK_OUT}"], ["guides/up"]),
    ("named-pipe-page", _pipe_page, [f"content/guides/pipe.md: {PIPE}"], ["guides/pipe"]),
    ("named-pipe-static", _pipe_static, [f"content/assets/pipe.txt: {PIPE}"],
     ["assets/pipe.txt"]),
    ("socket", _socket_static,
     ["content/assets/sock: is a socket, not a file: remove it (nothing of it is read)"],
     ["assets/sock"]),
    ("page-in-capitals", _shouting(".MD"), [SHOUT.format(".MD", ".md")],
     ["guides/shout.MD", "guides/shout"]),
    ("page-in-mixed-case", _shouting(".Md"), [SHOUT.format(".Md", ".md")],
     ["guides/shout.Md"]),
    ("markdown-in-capitals", _shouting(".MARKDOWN"),
     [SHOUT.format(".MARKDOWN", ".markdown")], ["guides/shout.MARKDOWN"]),
    ("markdown-suffix-is-a-page", _markdown_suffix,
     ["content/guides/long.markdown:4: nxet: unknown key (did you mean 'next'?)",
      "content/guides/long.markdown: left out of the build until its errors are fixed"],
     ["guides/long"]),
    ("file-where-a-page-needs-a-folder", _file_at_page_folder,
     ["content/guides/alpha: this static file and content/guides/alpha.md (page) are both "
      "written to the folder 'guides/alpha', where the other has its file: rename or move "
      "one; this one is left out"], []),
    ("two-pages-on-one-file", _two_pages_one_file,
     ["content/guides/alpha.markdown: is not published: content/guides/alpha.md is written "
      "to the same file 'guides/alpha/index.html'; keep one"], []),
    ("unicode-twins", _nfc_nfd_twins,
     [*_twins_warning(f"content/guides/{NFD}.md", f"content/guides/{NFC}.md", NFD_URL,
                      NFC_URL, "Unicode normalisation"),
      *_twins_warning(f"content/guides/{NFC}.md", f"content/guides/{NFD}.md", NFC_URL,
                      NFD_URL, "Unicode normalisation")], []),
    ("case-twins", _case_twins,
     [*_twins_warning("content/guides/Guide.md", "content/guides/guide.md", "guides/Guide/",
                      "guides/guide/", "case"),
      *_twins_warning("content/guides/guide.md", "content/guides/Guide.md", "guides/guide/",
                      "guides/Guide/", "case")], []),
    ("readme-beside-index", _readme_and_index,
     ["content/fixes/README.md: is not published: content/fixes/index.md is written to the "
      "same file 'fixes/index.html'; keep one"], []),
    # an XML file is never published from content/ (it is a document): it cannot reach
    # the feed's address either
    ("static-file-over-a-feed", _static_over_feed,
     [f"content/atom.xml: {DOCUMENT.format('.xml')}"], []),
    ("html-file", _static("guides/landing.html", "<script>forged()</script>"),
     [f"content/guides/landing.html: {DOCUMENT.format('.html')}"], ["guides/landing.html"]),
    ("html-file-in-capitals", _static("landing.HTM", "<p>forged</p>"),
     [f"content/landing.HTM: {DOCUMENT.format('.htm')}"], ["landing.HTM"]),
    ("xhtml-file", _static("a.xhtml", "<p>forged</p>"),
     [f"content/a.xhtml: {DOCUMENT.format('.xhtml')}"], ["a.xhtml"]),
    ("stylesheet-file", _static("a.xsl", "<p>forged</p>"),
     [f"content/a.xsl: {DOCUMENT.format('.xsl')}"], ["a.xsl"]),
    ("compressed-svg", _static("a.svgz", "forged"),
     [f"content/a.svgz: {DOCUMENT.format('.svgz')}"], ["a.svgz"]),
    *[(f"svg-{case}", _svg(body), [_svg_refused(why)], ["images/drawing.svg"])
      for case, body, why in HOSTILE_SVG],
    ("svg-entities", _static("images/drawing.svg", LAUGHS),
     [_svg_refused("declares a document type (<!DOCTYPE>, entities)")],
     ["images/drawing.svg"]),
    # the same in UTF-16: a check of the bytes for "<!DOCTYPE" would not see it
    ("svg-entities-in-utf-16", _utf16("images/drawing.svg",
                                      LAUGHS.replace('"1.0"?>', '"1.0" encoding="UTF-16"?>')),
     [_svg_refused("declares a document type (<!DOCTYPE>, entities)")],
     ["images/drawing.svg"]),
    # before the root element, where a browser applies it (the tree keeps none there)
    ("svg-stylesheet-before-the-root",
     _static("images/drawing.svg", '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" '
             f'href="forged.xsl"?>\n{SVG_OPEN}<rect/></svg>'),
     [_svg_refused("has a processing instruction (<?…?>), which can apply a stylesheet")],
     ["images/drawing.svg"]),
    ("svg-not-well-formed", _static("images/drawing.svg", f"{SVG_OPEN}<g>forged</svg>"),
     [_svg_refused("is not well-formed XML (mismatched tag: line 1, column 94)")],
     ["images/drawing.svg"]),
    ("static-file-in-the-search-index", _static_in_search_index,
     ["content/pagefind/pagefind.js: the build writes the search index pagefind at "
      "'pagefind', where this static file would be written: rename or move it; it is left "
      "out"], []),
    ("missing-link-targets", _missing_targets,
     ["content/guides/alpha.md:{0}: the link to '../assets/chart.png': no file "
      "'assets/chart.png'",
      "content/guides/alpha.md:{1}: the link to 'sheet.csv': no file 'guides/sheet.csv'"],
     []),
    ("template-link-outside", _template_link_out,
     [f"templates/main.html: {LINK_OUT}"], []),
    ("template-pipe", _template_pipe, [f"templates/main.html: {PIPE}"], []),
    ("site-data-link-outside", _site_data_link_out,
     [f"site-data/site.yml: {LINK_OUT}"], []),
    ("content-linked-out", _folder_out("content"), [f"content: {FOLDER_OUTSIDE}"],
     ["secret.txt", "guides/alpha"]),
    ("templates-linked-out", _folder_out("templates"), [f"templates: {FOLDER_OUTSIDE}"],
     []),
    ("site-data-linked-out", _folder_out("site-data"), [f"site-data: {FOLDER_OUTSIDE}"],
     []),
    ("site-data-pipe", _site_data_pipe,
     ["site-data/policies.yml: is a named pipe, not a file"], []),
]

#: Problem lines a case also causes beyond the entry itself (the consequences of a
#: site-data file left out), which the case does not pin.
_CONSEQUENCES = ("site-data/", "content/policies/", "content/index.md")


def _own(lines: list[str], case: str) -> list[str]:
    if case.endswith("-linked-out"):  # the folder's own line, not its consequences
        folder = case.removesuffix("-linked-out")
        return [line for line in lines if line.startswith(f"{folder}: ")]
    if case.startswith("site-data"):
        return [line for line in lines if line.startswith("site-data/") and
                ("symbolic link" in line or "pipe" in line)]
    return lines


def _all_text(site: Path) -> Iterator[tuple[Path, bytes]]:
    for path in site.rglob("*"):
        if path.is_file() and not path.is_symlink():
            yield path, path.read_bytes()


@pytest.mark.parametrize(("make", "expected", "absent"),
                         [pytest.param(m, e, a, id=i) for i, m, e, a in CASES])
def test_a_hostile_entry_is_left_out_and_located(
        tmp_path: Path, make: Callable[[Path], None], expected: list[str], absent: list[str],
        request: pytest.FixtureRequest) -> None:
    root = write_site(tmp_path / "project")
    make(root)

    built: Built = build_written(root, strict=True)

    case = request.node.callspec.id
    if case == "missing-link-targets":  # the lines after the fixture page's own
        body = (root / "content/guides/alpha.md").read_text().splitlines()
        lines = (body.index("![Chart](../assets/chart.png)") + 1, len(body))
        expected = [line.format(*lines) for line in expected]
    assert not built.ok
    assert _own(built.problems(), case) == expected
    assert not [r for r in built.records if r.exc_info]  # never a traceback
    for path, data in _all_text(built.site):
        assert SECRET.encode() not in data, path
        assert b"forged" not in data, path
    for name in absent:
        assert not os.path.lexists(built.site / name), name
    if not case.startswith(("site-data", "content-linked")):
        assert built.exists("guides/alpha/")
    # ``opsdesk check`` reads the project through the same scan and inventory
    checked = format_all(load_project(find_project(root)).problems).splitlines()
    assert sorted(_own(checked, case)) == sorted(
        line for line in expected if "left out of the build" not in line)


def test_a_link_inside_its_folder_keeps_working(tmp_path: Path) -> None:
    root = write_site(tmp_path / "project")
    _link_inside(root)

    built = build_written(root, strict=True)

    assert built.ok, built.problems()
    assert (built.site / "assets/same-logo.txt").read_text() == "logo"


def test_plain_static_files_and_a_drawing_without_scripts_are_published(tmp_path: Path) -> None:
    """What ``content/`` rightly holds is published as it is: an SVG drawing as an editor
    exports it (its own metadata, a style, an embedded PNG, a link out), a script or style
    file (which only a template may load), data files."""
    root = write_site(tmp_path / "project")
    drawing = (f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n{SVG_OPEN[:-1]} '
               'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
               'inkscape:version="1.3" viewBox="0 0 10 10"><metadata><inkscape:x/></metadata>'
               "<style>rect { fill: #4051b5 }</style><rect width='10' height='10'/>"
               '<image xlink:href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>'
               '<a href="https://example.org/"><text>on</text></a></svg>')
    files = {"images/drawing.svg": drawing, "assets/tool.js": "console.log(1)",
             "assets/tool.css": "a { color: red }", "assets/data.json": "{}",
             "assets/rows.csv": "a,b\n"}
    for name, text in files.items():
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_text(text)
    built = build_written(root, strict=True)
    assert built.ok, built.problems()
    for name, text in files.items():
        assert (built.site / name).read_text() == text
