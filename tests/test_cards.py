"""Issue 23, item 2: every published page gets a social card (a 1200x630 PNG drawn at
build time with Pillow's own font), and its link previews and Article point at it.

Each test builds a real site; the cards are read back with Pillow, the previews and
JSON-LD from the parsed HTML.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import random
import shutil
import sqlite3
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from opsdesk.cards import (
    CACHE_FILE,
    CARD_FOLDER,
    CardCache,
    Drawing,
    SocialCard,
    _adler_joined,
    draw,
)

from .support.search import site_files
from .support.sites import Built, build_site, build_written, copy_repo_site

GUIDE = "guides/workflow-automation-architecture-guide/index.html"
SITE_URL = "https://automation-ops-desk.example.org/"


def _head(built: Built, page: str) -> BeautifulSoup:
    return BeautifulSoup((built.site / page).read_text(encoding="utf-8"), "lxml")


def _meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return str(tag["content"]) if tag else None


def _card_of(built: Built, soup: BeautifulSoup, site_url: str = SITE_URL) -> Image.Image:
    url = _meta(soup, "og:image")
    assert url is not None
    assert url.startswith(site_url), url
    return Image.open(io.BytesIO((built.site / url.removeprefix(site_url)).read_bytes()))


def _pages(built: Built) -> list[str]:
    """Every published page (not the 404 page, not a redirect page)."""
    pages = []
    for path in sorted(built.site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if path.name != "404.html" and 'http-equiv="refresh"' not in html:
            pages.append(path.relative_to(built.site).as_posix())
    return pages


def test_every_published_page_has_a_card_of_1200_by_630(repo_site: Built) -> None:
    pages = _pages(repo_site)
    assert len(pages) > 30
    for page in pages:
        soup = _head(repo_site, page)
        card = _card_of(repo_site, soup)
        assert (card.format, card.size) == ("PNG", (1200, 630)), page
        assert _meta(soup, "og:image:type") == "image/png"
        assert (_meta(soup, "og:image:width"), _meta(soup, "og:image:height")) == ("1200", "630")
        title = _meta(soup, "og:title")
        assert title is not None
        assert title in (_meta(soup, "og:image:alt") or ""), page
        assert _meta(soup, "twitter:card") == "summary_large_image"
        assert _meta(soup, "twitter:image") == _meta(soup, "og:image")
        assert _meta(soup, "twitter:image:alt") == _meta(soup, "og:image:alt")
        assert _meta(soup, "og:locale") == "en"


def test_the_not_found_page_has_link_previews_with_the_home_pages_card(
        repo_site: Built) -> None:
    """structured-data-testing-tool's SocialMedia preset asks every page for them."""
    page, home = _head(repo_site, "404.html"), _head(repo_site, "index.html")
    assert _meta(page, "og:type") == "website"
    assert _meta(page, "og:title") == _meta(page, "twitter:title") == "Page not found"
    assert _meta(page, "og:description") == _meta(page, "twitter:description")
    assert (_meta(page, "og:description") or "").startswith("There is no page at this address.")
    assert _meta(page, "og:url") == SITE_URL + "404.html"
    for key in ("og:image", "og:image:alt", "twitter:image", "twitter:image:alt",
                "twitter:card", "og:site_name", "og:locale"):
        assert _meta(page, key) is not None, key
        assert _meta(page, key) == _meta(home, key), key
    assert _meta(page, "article:modified_time") is None


def test_a_card_shows_the_title_lane_and_site_in_the_sites_colours(repo_site: Built) -> None:
    soup = _head(repo_site, GUIDE)
    assert _meta(soup, "og:image:alt") == ("Guides · Workflow Automation Architecture Guide "
                                           "for Ops Teams · Automation Ops Desk")
    card = _card_of(repo_site, soup).convert("RGB")
    assert card.getpixel((5, 5)) == (0x40, 0x51, 0xB5)  # site.yml's card_colors' default
    colours = {colour for _, colour in card.getcolors(maxcolors=256) or []}
    assert (255, 255, 255) in colours  # the text
    expected = draw(SocialCard("Workflow Automation Architecture Guide for Ops Teams",
                               "Guides", "Automation Ops Desk", "#4051b5", "#ffffff"))
    url = _meta(soup, "og:image") or ""
    assert (repo_site.site / url.removeprefix(SITE_URL)).read_bytes() == expected


def _kept_cards(folder: Path) -> dict[str, bytes]:
    """The cards in the cache's file in ``folder``, by key."""
    with contextlib.closing(sqlite3.connect(folder / CACHE_FILE)) as db:
        return dict(db.execute("SELECT key, png FROM card"))


def test_the_cache_keeps_only_the_cards_it_names(tmp_path: Path) -> None:
    """``keep_only`` removes the kept cards of no page, and the files of the cache's
    earlier form (one per card), and nothing else of the folder."""
    cache = CardCache(tmp_path)
    cards = [SocialCard(title, "Guides", "Site", "#4051b5", "#ffffff") for title in "AB"]
    for card in cards:
        cache.png(card)
    cache.save()
    assert set(_kept_cards(tmp_path)) == {card.key for card in cards}
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / f"{'f' * 64}.PNG").write_text("not named as a card is")
    (tmp_path / f"{'e' * 64}.png").write_bytes(draw(cards[0]))  # the earlier form's
    assert cache.keep_only(cards[1:]) == 2
    cache.save()
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [CACHE_FILE, "notes.txt", f"{'f' * 64}.PNG"])
    assert _kept_cards(tmp_path) == {cards[1].key: draw(cards[1])}
    again = CardCache(tmp_path)
    assert [again.png(card) for card in cards] == [draw(card) for card in cards]
    assert again.drawn == 1  # A's, no longer kept


def test_cards_drawn_are_kept_only_once_saved(tmp_path: Path) -> None:
    """The cards drawn are written in one transaction by ``save``, which closes the file;
    a cache without a folder keeps nothing."""
    card = SocialCard("A title", "Guides", "Site", "#4051b5", "#ffffff")
    cache = CardCache(tmp_path)
    cache.png(card)
    assert _kept_cards(tmp_path) == {}
    cache.save()
    assert _kept_cards(tmp_path) == {card.key: draw(card)}
    assert CardCache(tmp_path).png(card) == draw(card)
    nowhere = CardCache(None)
    nowhere.png(card)
    nowhere.save()
    assert nowhere.drawn == 1


def test_a_cache_another_build_is_writing_is_left_alone(tmp_path: Path) -> None:
    """While another build (or preview) of the project holds the file, the cards are drawn
    without it after one wait (not one per card), nothing is kept, and the file, sound,
    is not removed: the next build uses it."""
    cards = [SocialCard(f"Title {n}", "Guides", "Site", "#4051b5", "#ffffff") for n in range(6)]
    first = CardCache(tmp_path)
    first.png(cards[0])
    first.save()
    with contextlib.closing(sqlite3.connect(tmp_path / CACHE_FILE,
                                            isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        busy = CardCache(tmp_path)
        start = time.monotonic()
        assert [busy.png(card) for card in cards] == [draw(card) for card in cards]
        busy.save()
        assert time.monotonic() - start < 6  # one wait of 2 s, not six
        assert busy.drawn == len(cards)
        other.execute("ROLLBACK")
    assert _kept_cards(tmp_path) == {cards[0].key: draw(cards[0])}
    later = CardCache(tmp_path)
    for card in cards:
        later.png(card)
    later.save()
    assert later.drawn == len(cards) - 1


def test_the_frames_shared_by_a_lanes_cards_leave_each_card_as_drawn_alone() -> None:
    """``draw`` keeps the lane's and site's lines of a card for the next card of that lane
    and site; each card is still byte for byte what it is drawn alone, in any order."""
    cards = [SocialCard(title, kicker, site, "#4051b5", "#ffffff")
             for title in ("A short title", "A title long enough to wrap " * 4)
             for kicker in ("Guides", "Fixes", "")
             for site in ("Automation Ops Desk", "Another Site")]
    kept = Drawing()
    shared = [draw(card, kept) for card in [*cards, *reversed(cards)]]
    assert shared == [draw(card) for card in [*cards, *reversed(cards)]]
    assert kept.frames == 6
    assert len(set(shared)) == len(cards)


#: Titles that put the title's rows anywhere a card has them: one line, four, more than
#: fit (an ellipsis), one word wider than the card, letters the font lacks, accents,
#: marks stacked past the card's edge, nothing visible.
TITLES = [
    "A",
    "How to stop duplicate leads when a webhook retries after a timeout",
    "Why a retry budget matters more than a retry count " * 6,
    "W" * 120,
    "Ünïcödé façade — naïve café, 東京, emoji 🙂, Ελληνικά",
    "g y p q j , ; _ under the baseline",
    "ÉÀÔ above the cap height",
    "Z" + "\u0301\u0316" * 60 + " stacked marks reach out of the title's rows",
    "\u200b \u00ad \ufeff",  # only characters that draw nothing
]


@pytest.mark.parametrize("kicker", ["Guides", ""])
@pytest.mark.parametrize("title", TITLES)
def test_a_cards_png_is_the_picture_drawn_pixel_for_pixel(title: str, kicker: str) -> None:
    """The PNG that ``draw`` writes (the frame's deflated rows kept, the title's deflated
    again) is what Pillow reads back as the picture drawn, every pixel and colour, with its
    checksums right (zlib checks the Adler-32, Pillow each chunk's CRC)."""
    card = SocialCard(title, kicker, "Automation Ops Desk", "#123456", "#fedcba")
    png = draw(card, Drawing())
    picture = Drawing().picture(card)
    read = Image.open(io.BytesIO(png))
    read.load()
    assert (read.size, read.mode) == ((1200, 630), "P")
    assert read.convert("RGB").tobytes() == picture.convert("RGB").tobytes()
    assert read.tobytes() == picture.tobytes()
    chunks, at = [], 8
    while at < len(png):
        size = int.from_bytes(png[at:at + 4], "big")
        chunks.append((png[at + 4:at + 8], png[at + 8:at + 8 + size]))
        at += 12 + size
    assert [kind for kind, _ in chunks] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    rows = zlib.decompress(chunks[2][1])  # raises if the Adler-32 is wrong
    assert len(rows) == 630 * (1 + 600)


def test_the_title_leaves_the_frame_it_is_drawn_on_elsewhere_as_it_was() -> None:
    """A card differs from its frame only in the rows its title touches, which ``draw``
    deflates again: the others are taken from the frame as they are."""
    kept = Drawing()
    for title in TITLES:
        card = SocialCard(title, "Guides", "Site", "#000000", "#ffffff")
        frame, image, (top, bottom) = kept.drawn(card)
        assert 0 <= top < bottom <= 630
        for row in (*range(0, top), *range(bottom, 630)):
            assert image.crop((0, row, 1200, row + 1)).tobytes() == \
                frame.image.crop((0, row, 1200, row + 1)).tobytes(), (title, row)


def test_two_checksums_join_as_zlib_computes_one() -> None:
    """The Adler-32 of two byte strings one after the other, from each one's, is zlib's
    checksum of both (lengths around the modulus, bytes all 0 and all 255)."""
    rng = random.Random(7)  # noqa: S311 - test data
    lengths = [0, 1, 2, 65520, 65521, 65522, 131042, 200003]
    for first in lengths:
        for second in lengths:
            for fill in (b"\0", b"\xff", None):
                a = fill * first if fill else rng.randbytes(first)
                b = fill * second if fill else rng.randbytes(second)
                assert _adler_joined(zlib.adler32(a), zlib.adler32(b), len(b)) == \
                    zlib.adler32(a + b), (first, second, fill)


def test_the_article_has_the_card_and_the_publisher_its_logo(repo_site: Built) -> None:
    soup = _head(repo_site, GUIDE)
    blocks = [json.loads(tag.string) for tag in soup.find_all("script",
                                                               type="application/ld+json")]
    article = next(block for block in blocks if block.get("@type") == "Article")
    assert article["image"] == [_meta(soup, "og:image")]
    assert article["publisher"]["logo"] == {"@type": "ImageObject",
                                            "url": SITE_URL + "images/logo.png"}
    assert (repo_site.site / "images/logo.png").is_file()


def test_site_colours_come_from_site_yml(tmp_path: Path) -> None:
    site_yml = (Path(__file__).parent / "sites/basic/site-data/site.yml").read_text()
    built = build_site(tmp_path, {"site-data/site.yml": site_yml + (
        "card_colors:\n  background: '#112233'\n  text: '#ffeedd'\n")},
        strict=True, cards=True)
    assert built.ok, built.problems()
    card = _card_of(built, _head(built, "guides/alpha/index.html"),
                    "https://fixture.example.org/").convert("RGB")
    assert card.getpixel((5, 5)) == (0x11, 0x22, 0x33)
    assert (0xFF, 0xEE, 0xDD) in {colour for _, colour in card.getcolors(maxcolors=256) or []}


def test_cards_are_the_same_bytes_from_build_to_build(tmp_path: Path) -> None:
    sites = []
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        copy_repo_site(tmp_path / name)
        built = build_written(tmp_path / name, strict=True, cards=True)
        assert built.ok
        sites.append({path: data for path, data in site_files(built.site).items()
                      if path.startswith(CARD_FOLDER)})
    assert len(sites[0]) > 30
    assert sites[0] == sites[1]


def test_an_unchanged_pages_card_is_not_drawn_again(tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    copy_repo_site(tmp_path)
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.opsdesk"):
        first = build_written(tmp_path, strict=True, cards=True)
        drawn = [r.getMessage() for r in caplog.records if "social cards:" in r.getMessage()]
        caplog.clear()
        (tmp_path / "content/guides/workflow-automation-architecture-guide.md").write_text(
            (tmp_path / "content/guides/workflow-automation-architecture-guide.md").read_text(
                encoding="utf-8").replace("title: Workflow Automation Architecture Guide",
                                          "title: Workflow Automation Guide", 1),
            encoding="utf-8")
        second = build_written(tmp_path, strict=True, cards=True)
        again = [r.getMessage() for r in caplog.records if "social cards:" in r.getMessage()]
    assert first.ok
    assert second.ok
    count = len(list((first.site / CARD_FOLDER).glob("*.png")))
    assert drawn == [f"opsdesk: social cards: {count}, {count} drawn"]
    # the renamed page's only; its old card is no card of this build: removed from the cache
    assert again == [f"opsdesk: social cards: {count}, 1 drawn, 1 no longer used removed "
                     "from the cache"]
    assert sorted(path.name for path in (tmp_path / ".cache/opsdesk/cards").iterdir()) == [
        CACHE_FILE]
    kept = _kept_cards(tmp_path / ".cache/opsdesk/cards")
    assert len(kept) == count
    assert {key[:24] for key in kept} == {
        path.stem for path in (second.site / CARD_FOLDER).glob("*.png")}


def test_a_logo_that_is_no_file_of_the_site_is_a_located_error(tmp_path: Path) -> None:
    site_yml = (Path(__file__).parent / "sites/basic/site-data/site.yml").read_text()
    built = build_site(tmp_path, {"site-data/site.yml": site_yml + "logo: images/gone.png\n"})
    line = len(site_yml.splitlines()) + 1
    assert (f"site-data/site.yml:{line}: logo: 'images/gone.png' is no file of the site: put "
            "the image under content/ (as content/images/gone.png) or name one that is there"
            ) in built.problems()


@pytest.mark.parametrize("logo", ["../outside.png", "/etc/logo.png", ".hidden/logo.png",
                                  "https://evil.example/logo.png", "images/logo.exe",
                                  "images//logo.png", "images/.png", "images\\logo.png",
                                  "images/logo.PNG.exe", "images/logo.png/"])
def test_a_logo_must_be_a_plain_path_to_an_image(tmp_path: Path, logo: str) -> None:
    site_yml = (Path(__file__).parent / "sites/basic/site-data/site.yml").read_text()
    built = build_site(tmp_path, {"site-data/site.yml": site_yml + f"logo: '{logo}'\n"})
    line = len(site_yml.splitlines()) + 1
    assert built.problems() == [
        f"site-data/site.yml:{line}: logo: {logo!r} is not the path of an image of the site: "
        "write it as it is under content/ (images/logo.png), with letters, digits, '_', '-', "
        "'.' and '/', ending in .png, .jpg, .jpeg, .webp or .svg"]


def test_without_cards_no_image_is_announced(tmp_path: Path) -> None:
    built = build_site(tmp_path, strict=True)  # the tests' default: social_cards off
    soup = _head(built, "guides/alpha/index.html")
    assert _meta(soup, "og:image") is None
    assert _meta(soup, "twitter:card") == "summary"
    assert not (built.site / CARD_FOLDER).exists()


def test_a_site_without_url_gets_cards_but_announces_none(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"site-data/site.yml": "name: Fixture Desk\n"},
                       strict=True, cards=True)
    soup = _head(built, "guides/alpha/index.html")
    assert _meta(soup, "og:image") is None  # a preview needs an absolute address
    assert _meta(soup, "twitter:card") == "summary"
    assert list((built.site / CARD_FOLDER).glob("*.png"))


def test_a_cache_folder_that_leads_out_of_the_project_is_not_used(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "project"
    root.mkdir()
    copy_repo_site(root)
    os.symlink(outside, root / ".cache")
    built = build_written(root, strict=True, cards=True)
    assert built.ok
    assert list((built.site / CARD_FOLDER).glob("*.png"))
    assert list(outside.rglob("*")) == []


def test_a_kept_card_that_is_not_a_card_is_drawn_again(tmp_path: Path) -> None:
    copy_repo_site(tmp_path)
    first = build_written(tmp_path, strict=True, cards=True)
    cards = {path.name: path.read_bytes() for path in (first.site / CARD_FOLDER).glob("*")}
    folder = tmp_path / ".cache/opsdesk/cards"
    good = _kept_cards(folder)
    keys = sorted(good)
    with contextlib.closing(sqlite3.connect(folder / CACHE_FILE)) as db, db:
        db.execute("UPDATE card SET png = ? WHERE key = ?",
                   (b"<script>alert(1)</script>", keys[0]))
        db.execute("UPDATE card SET png = ? WHERE key = ?", (good[keys[1]][:100], keys[1]))
        db.execute("UPDATE card SET png = ? WHERE key = ?", ("text, not bytes", keys[2]))
        db.execute("DELETE FROM card WHERE key = ?", (keys[3],))
    shutil.rmtree(first.site)
    second = build_written(tmp_path, strict=True, cards=True)
    assert {path.name: path.read_bytes()
            for path in (second.site / CARD_FOLDER).glob("*")} == cards
    assert _kept_cards(folder) == good  # drawn and kept again


_OUTSIDE = "the author's own file\n"


def _link_outside(path: Path) -> None:
    path.symlink_to(path.parent.parent.parent.parent / "outside.txt")


def _not_a_database(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)


def _a_view_that_never_ends(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE VIEW card AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
                   "SELECT i + 1 FROM n) SELECT 'k' AS key, i AS png FROM n")


def _another_table(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE card (key TEXT, png BLOB, note TEXT)")
        db.execute("CREATE TRIGGER t AFTER INSERT ON card BEGIN "
                   "INSERT INTO card VALUES ('x', 'y', 'z'); END")


def _a_folder(path: Path) -> None:
    (path / "inside").mkdir(parents=True)


def _journal_link(path: Path) -> None:
    Path(f"{path}-journal").symlink_to(path.parent.parent.parent.parent / "outside.txt")
    Path(f"{path}-wal").symlink_to(path.parent.parent.parent.parent / "outside.txt")


@pytest.mark.parametrize("plant", [_link_outside, _not_a_database, _a_view_that_never_ends,
                                   _another_table, _a_folder, _journal_link])
def test_a_cache_file_that_is_not_ours_is_replaced(tmp_path: Path,
                                                   plant: Callable[[Path], None]) -> None:
    """The cache's file is the project's, as hostile as its pages: a link (to a file of the
    author's, outside the project), a file that is not a database, one whose schema is
    not ours (a view whose every query runs for ever, a trigger), a folder in its place,
    and links where SQLite would write its journal. The build draws every card, writes
    nothing through a link, keeps the cards in a new file and never hangs."""
    outside = tmp_path / "outside.txt"
    outside.write_text(_OUTSIDE)
    root = tmp_path / "project"
    root.mkdir()
    copy_repo_site(root)
    folder = root / ".cache/opsdesk/cards"
    folder.mkdir(parents=True)
    plant(folder / CACHE_FILE)
    built = build_written(root, strict=True, cards=True)
    assert built.ok
    published = {path.stem: path.read_bytes() for path in (built.site / CARD_FOLDER).glob("*")}
    assert published
    assert {key[:24]: png for key, png in _kept_cards(folder).items()} == published
    assert outside.read_text() == _OUTSIDE
    assert sorted(path.name for path in folder.iterdir()) == [CACHE_FILE]
    assert not (folder / CACHE_FILE).is_symlink()
