"""Social cards: the 1200x630 PNG image a chat or social site shows with a link to a page.

Each published page gets one, drawn at build time from its title, its lane, the site's
name and the site's colours (``site.yml``'s ``card_colors``), with Pillow and the font
Pillow itself ships (``ImageFont.load_default``): no network, no system fonts, no Cairo
(Material's social plugin needs web fonts and Cairo). The card is a 16-colour PNG, the
colours a ramp from the background to the text colour, which keeps a card small (about
15 kB).

A card is quick to draw (about 0.5 ms; a 1,000-page site has some 1,400 cards), because
what cards share is drawn once per build (``Drawing``): the frame of each lane and site
(its lane, rule and site name), and each word of the titles, drawn alone and set a
space's width apart. Its PNG is written here rather than by Pillow's encoder, which
would deflate all 630 rows of every card: the rows a card shares with its frame keep
the frame's deflated bytes (blocks of ``_BLOCK`` rows, each deflated on its own), and
only the blocks the title touches are deflated again. Pillow reads the result back
pixel for pixel (``tests/test_cards.py``).

A card is named by the hash of everything drawn on it (``SocialCard.key``), Pillow's and
zlib's versions and this module's ``VERSION`` included: two pages that would get the same
picture share one file, and ``CardCache`` keeps each drawn card in the project's
``.cache/`` folder (one SQLite file), so an unchanged page's card is never drawn again; a
whole build leaves there only its own cards (``CardCache.keep_only``). Two builds write
the same bytes.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import sqlite3
import struct
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import PIL

if TYPE_CHECKING:  # drawing imports them: a build whose cards are all kept draws none
    from PIL import Image, ImageFont

__all__ = ["CARD_CACHE", "CARD_FOLDER", "HEIGHT", "WIDTH", "CardCache", "Drawing", "SocialCard",
           "draw"]

log = logging.getLogger("mkdocs.plugins.opsdesk.cards")

#: Where the cards are published in the site.
CARD_FOLDER = "assets/opsdesk/cards"
#: Where the cards drawn are kept, in the project's ``.cache/`` folder.
CARD_CACHE = "opsdesk/cards"
WIDTH, HEIGHT = 1200, 630
#: Changes whenever the drawing does: cached cards of another version are not used.
VERSION = "3"

_MARGIN = 80
_LEVELS = 16
_TITLE_SIZE, _TITLE_LINES, _TITLE_LEADING = 60, 4, 74
_SMALL_SIZE = 34
_PNG = b"\x89PNG\r\n\x1a\n"
#: Rows per block of a card's PNG deflated on its own (``_Frame``).
_BLOCK = 16
#: A zlib stream's first bytes at level 1, and a deflate stream's last block (empty).
_ZLIB_HEADER = zlib.compress(b"", 1)[:2]
_FINAL_BLOCK = zlib.compressobj(1, zlib.DEFLATED, -15).flush()
#: Adler-32's modulus.
_ADLER = 65521
#: At most this many frames are kept while drawing (a site has one per lane), and words.
_FRAMES = 64
_WORDS = 2048  # a word drawn at the title size is some 10 kB


@dataclass(frozen=True)
class SocialCard:
    """What one card shows."""

    title: str
    kicker: str
    """The line above the title: the page's lane, or nothing."""
    site: str
    """The line at the bottom: the site's name."""
    background: str
    """``#rrggbb``."""
    text: str
    """``#rrggbb``."""

    @property
    def key(self) -> str:
        drawn = [VERSION, PIL.__version__, zlib.ZLIB_RUNTIME_VERSION, self.title, self.kicker,
                 self.site, self.background, self.text]
        # the unit separator, a control character no text of a card can hold
        return hashlib.sha256("\x1f".join(drawn).encode("utf-8")).hexdigest()

    @property
    def path(self) -> str:
        """Its place in the site."""
        return f"{CARD_FOLDER}/{self.key[:24]}.png"

    @property
    def alt(self) -> str:
        """Its text alternative: what it shows, in reading order."""
        return " · ".join(part for part in (self.kicker, self.title, self.site) if part)


def draw(card: SocialCard, kept: Drawing | None = None) -> bytes:
    """The card as PNG bytes (the same bytes for the same card, Pillow and zlib).
    ``kept``: what earlier cards of this build drew (frames, words), to draw each once."""
    frame, image, rows = (kept if kept is not None else Drawing()).drawn(card)
    return _png(frame, image, rows, _ramp(card.background, card.text))


@dataclass(frozen=True)
class _Frame:
    """What the cards of one lane and site share: the lane above, the rule and the site's
    name below, in levels (0 the background, ``_LEVELS - 1`` the text colour); and its rows
    as the card's PNG holds them, ``_BLOCK`` rows a block, each block deflated alone."""

    image: Image.Image
    blocks: tuple[bytes, ...]
    """Each block's rows as PNG filters them (a filter byte, then the row's levels)."""
    deflated: tuple[bytes, ...]
    """Each block deflated on its own (raw deflate, ending on a byte: a sync flush)."""
    heads: tuple[int, ...]
    """The Adler-32 checksum of the blocks before each block (and of all, last)."""
    tails: tuple[tuple[int, int], ...]
    """The Adler-32 checksum and the length of the blocks from each block on."""


class Drawing:
    """What the cards of one build share while they are drawn: the frame of each lane and
    site, and each word of the titles in the title's font (a portfolio's titles share most
    of their words). It lives as long as its ``CardCache``: one build."""

    def __init__(self) -> None:
        self._frames: dict[tuple[str, str], _Frame] = {}
        self.words = _Words(_font(_TITLE_SIZE))

    def frame(self, kicker: str, site: str) -> _Frame:
        key = (kicker, site)
        frame = self._frames.get(key)
        if frame is None:
            if len(self._frames) >= _FRAMES:
                self._frames.clear()
            frame = self._frames[key] = _frame(kicker, site)
        return frame

    @property
    def frames(self) -> int:
        return len(self._frames)

    def picture(self, card: SocialCard) -> Image.Image:
        """The card as ``draw`` encodes it: a 16-colour image."""
        image = self.drawn(card)[1]
        image.putpalette(_ramp(card.background, card.text))
        return image

    def drawn(self, card: SocialCard) -> tuple[_Frame, Image.Image, tuple[int, int]]:
        """The card's frame, the card in levels, and the rows the title touched (from, to)."""
        frame = self.frame(card.kicker, card.site)
        image = frame.image.copy()
        top = _MARGIN + (_SMALL_SIZE + 36 if card.kicker else 0)
        rows = [HEIGHT, 0]
        for number, line in enumerate(_wrapped(card.title, self.words.width, _TITLE_LINES)):
            self.words.draw(image, _MARGIN, top + number * _TITLE_LEADING, line, rows)
        return frame, image, (rows[0], rows[1])


def _frame(kicker: str, site: str) -> _Frame:
    from PIL import Image, ImageDraw

    image = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(image)
    small = _font(_SMALL_SIZE)
    if kicker:
        pen.text((_MARGIN, _MARGIN), _fitted(kicker.upper(), small.getlength), font=small, fill=12)
    pen.rectangle((_MARGIN, HEIGHT - _MARGIN - _SMALL_SIZE - 30,
                   WIDTH - _MARGIN, HEIGHT - _MARGIN - _SMALL_SIZE - 26), fill=7)
    pen.text((_MARGIN, HEIGHT - _MARGIN - _SMALL_SIZE), _fitted(site, small.getlength), font=small,
             fill=14)
    blocks = tuple(_filtered(image, row, min(row + _BLOCK, HEIGHT))
                   for row in range(0, HEIGHT, _BLOCK))
    heads = [1]
    for block in blocks:
        heads.append(zlib.adler32(block, heads[-1]))
    tails = [(1, 0)]  # of no block
    for block in reversed(blocks):
        after, length = tails[-1]
        tails.append((_adler_joined(zlib.adler32(block), after, length), len(block) + length))
    return _Frame(image, blocks, tuple(map(_deflated, blocks)), tuple(heads),
                  tuple(reversed(tails)))


class _Words:
    """The words of titles in one font, each drawn once into a mask and placed after
    that wherever a title has it: a line is its words, a space's width apart."""

    def __init__(self, font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> None:
        self.font = font
        self.space = float(font.getlength(" "))
        self._masks: dict[str, tuple[Image.Image, int, int]] = {}
        self._advances: dict[str, float] = {}

    def width(self, text: str) -> float:
        """How wide ``draw`` sets ``text``."""
        words = text.split()
        return sum(map(self._advance, words)) + self.space * max(len(words) - 1, 0)

    def draw(self, image: Image.Image, x: float, y: int, text: str, rows: list[int]) -> None:
        """Set ``text`` on ``image`` at ``(x, y)`` in the text colour; widen ``rows`` (from,
        to) to the rows it touched."""
        for word in text.split():
            mask, left, top = self._mask(word)
            if mask.width and mask.height:
                at = (round(x) + left, y + top)
                image.paste(_LEVELS - 1, (*at, at[0] + mask.width, at[1] + mask.height), mask)
                rows[0] = min(rows[0], max(at[1], 0))
                rows[1] = max(rows[1], min(at[1] + mask.height, HEIGHT))
            x += self._advance(word) + self.space

    def _advance(self, word: str) -> float:
        found = self._advances.get(word)
        if found is None:
            if len(self._advances) >= _WORDS:
                self._advances.clear()
            found = self._advances[word] = float(self.font.getlength(word))
        return found

    def _mask(self, word: str) -> tuple[Image.Image, int, int]:
        """``word`` drawn alone (its coverage, 0 to 255) and where it stands from the
        point it is set at."""
        found = self._masks.get(word)
        if found is None:
            if len(self._masks) >= _WORDS:
                self._masks.clear()
            left, top, right, bottom = (int(v) for v in self.font.getbbox(word))
            from PIL import Image, ImageDraw

            mask = Image.new("L", (max(right - left, 0), max(bottom - top, 0)), 0)
            ImageDraw.Draw(mask).text((-left, -top), word, font=self.font, fill=255)
            found = self._masks[word] = (mask, left, top)
        return found


def _filtered(image: Image.Image, start: int, stop: int) -> bytes:
    """Rows ``start`` to ``stop`` of ``image`` as a PNG of 4-bit levels holds them before
    deflating: each row its filter byte (0: none) and its levels, two to a byte. The crop
    starts two pixels left of the image, where Pillow fills in level 0: packed two to a
    byte, they are that byte 0 (half the time of joining the rows after a 0 each)."""
    return image.crop((-2, start, WIDTH, stop)).tobytes("raw", "L;4")


def _deflated(data: bytes) -> bytes:
    """``data`` deflated on its own, to be followed by more of the same stream: nothing
    in it refers to what comes before, and it ends on a byte (a sync flush)."""
    deflater = zlib.compressobj(1, zlib.DEFLATED, -15, 9, zlib.Z_RLE)
    return deflater.compress(data) + deflater.flush(zlib.Z_SYNC_FLUSH)


def _png(frame: _Frame, image: Image.Image, rows: tuple[int, int],
         palette: list[int]) -> bytes:
    """``image``, drawn on ``frame`` in ``rows`` only, as a 16-colour PNG: the blocks of
    the frame it leaves as they are keep their deflated bytes, the others are deflated
    again (Pillow's encoder would deflate the whole image, several times this)."""
    first, last = rows[0] // _BLOCK, (max(rows[1], rows[0] + 1) - 1) // _BLOCK
    drawn = _filtered(image, first * _BLOCK, min((last + 1) * _BLOCK, HEIGHT))
    after, length = frame.tails[last + 1]
    check = _adler_joined(zlib.adler32(drawn, frame.heads[first]), after, length)
    stream = b"".join([_ZLIB_HEADER, *frame.deflated[:first], _deflated(drawn),
                       *frame.deflated[last + 1:], _FINAL_BLOCK, check.to_bytes(4, "big")])
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 4, 3, 0, 0, 0)  # 4 bits, palette
    return b"".join([_PNG, _chunk(b"IHDR", header), _chunk(b"PLTE", bytes(palette)),
                     _chunk(b"IDAT", stream), _chunk(b"IEND", b"")])


def _adler_joined(first: int, second: int, length: int) -> int:
    """The Adler-32 checksum of two byte strings one after the other, from each one's
    checksum and the second's ``length`` (zlib's ``adler32_combine``, which Python's
    ``zlib`` does not offer)."""
    rest = length % _ADLER
    low = ((first & 0xFFFF) + (second & 0xFFFF) + _ADLER - 1) % _ADLER
    high = ((first >> 16) + (second >> 16) + rest * (first & 0xFFFF) + _ADLER - rest) % _ADLER
    return (high << 16) | low


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (len(data).to_bytes(4, "big") + kind + data
            + zlib.crc32(kind + data).to_bytes(4, "big"))


class CardCache:
    """The cards drawn by earlier builds, kept in one SQLite file in ``folder``
    (``CACHE_FILE``; ``None``: none kept, every card drawn). One file, not one per card:
    a first build of 1,400 cards spent a quarter of its card time creating and renaming
    their files. ``png`` takes a card from it or draws it; ``save`` keeps the cards drawn
    since the last ``save`` in one transaction and closes the file (the plugin calls it
    after each batch of cards).

    The file is the project's, so hostile too: one that is a link, or not a database, or
    whose schema is not exactly ours (a view or trigger could make a query never end) is
    replaced, never read; SQLite keeps its journal in memory, so it writes no other file
    (a ``-journal`` file planted as a link would be written through), and any left beside
    it is removed before it opens. A kept card that is no card (``_is_card``) is drawn
    again."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.drawn = 0
        """Cards drawn by this cache (the others came from the file)."""
        self._db: sqlite3.Connection | None = None
        self._new: dict[str, bytes] = {}
        self._deadline = 0.0
        """When the statement running is stopped (``_QUERY_SECONDS`` after it began)."""
        self._off = False
        """The file is not used until the next ``save``: it is busy (another build or
        preview of the project writing it) or a statement on it was stopped."""

    def png(self, card: SocialCard, drawing: Drawing | None = None) -> bytes:
        """The card's PNG: the kept one, or drawn (and kept at the next ``save``).
        ``drawing``: what the cards drawn so far in this build share (one per build, not
        kept longer)."""
        key = card.key
        data = self._new.get(key) or self._kept(key)
        if data is not None:
            return data
        data = draw(card, drawing)
        self.drawn += 1
        if self.folder is not None:
            self._new[key] = data
        return data

    def keep_only(self, cards: Iterable[SocialCard]) -> int:
        """Remove the kept cards that are none of ``cards`` (those of a whole build), so
        that the file does not grow with every title ever saved; how many were removed.
        (The files of this cache's earlier form, one per card, are removed too.)"""
        wanted = {card.key for card in cards}
        db = self._open()
        removed = 0
        if db is not None:
            try:
                self._deadline = time.monotonic() + _QUERY_SECONDS
                stale = [key for (key,) in db.execute("SELECT key FROM card")
                         if key not in wanted]
                with db:
                    db.executemany("DELETE FROM card WHERE key = ?", [(k,) for k in stale])
                removed = len(stale)
            except sqlite3.Error as error:
                self._drop(error)
        return removed + self._remove_card_files()

    def save(self) -> None:
        """Keep the cards drawn since the last ``save``; close the file."""
        new, self._new = self._new, {}
        db = self._open() if new else self._db
        if db is not None and new:
            try:
                self._deadline = time.monotonic() + _QUERY_SECONDS
                with db:
                    db.executemany("INSERT OR REPLACE INTO card (key, png) VALUES (?, ?)",
                                   sorted(new.items()))
            except sqlite3.Error as error:
                self._drop(error)
        if self._db is not None:
            self._db.close()
            self._db = None
        self._off = False

    def _kept(self, key: str) -> bytes | None:
        db = self._open()
        if db is None:
            return None
        try:
            self._deadline = time.monotonic() + _QUERY_SECONDS
            row = db.execute("SELECT png FROM card WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as error:
            self._drop(error)
            return None
        data = row[0] if row else None
        return data if isinstance(data, bytes) and _is_card(data) else None

    def _open(self) -> sqlite3.Connection | None:
        """The file, opened (created if need be); ``None`` when there is no folder or it
        cannot be written."""
        if self._db is not None or self.folder is None or self._off:
            return self._db
        path = self.folder / CACHE_FILE
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for leftover in _SQLITE_SIDE_FILES:  # a link there would be written through
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{path}{leftover}")
            if path.is_symlink() or (path.exists() and not path.is_file()):
                _remove(path)
            self._deadline = time.monotonic() + _QUERY_SECONDS
            self._db = _connect(path, lambda: time.monotonic() > self._deadline)
        except (OSError, sqlite3.Error) as error:
            log.debug(f"social cards: the cache {path} is not used ({error})")
            self._off = True
            return None
        return self._db

    def _drop(self, error: sqlite3.Error) -> None:
        """A query failed. A file that is busy (another build of the project writing it)
        or whose statement was stopped is left as it is, unused until the next ``save``;
        one that is no sound database is removed, and made again at the next use."""
        if self._db is not None:
            self._db.close()
            self._db = None
        if isinstance(error, sqlite3.OperationalError):
            log.debug(f"social cards: the cache in {self.folder} is not used now ({error})")
            self._off = True
            return
        log.debug(f"social cards: the cache in {self.folder} is made again ({error})")
        if self.folder is not None:
            with contextlib.suppress(OSError):
                _remove(self.folder / CACHE_FILE)

    def _remove_card_files(self) -> int:
        """Remove the files of the cache's earlier form (``<key>.png``, one per card)."""
        if self.folder is None:
            return 0
        removed = 0
        try:
            old = [path for path in self.folder.iterdir() if _KEPT.fullmatch(path.name)]
        except OSError:
            return 0
        for path in old:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed += 1
        return removed


#: The longest a statement on the cache's file may run.
_QUERY_SECONDS = 5.0
#: The cache's file, in its folder.
CACHE_FILE = "cards.sqlite3"
#: The one table of the cache's file, exactly as SQLite keeps its schema.
_SCHEMA = "CREATE TABLE card (key TEXT PRIMARY KEY, png BLOB NOT NULL)"
#: Files SQLite may keep beside a database (journal, write-ahead log): never used here.
_SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")
#: A kept card of the cache's earlier form: its key.
_KEPT = re.compile(r"[0-9a-f]{64}\.png")


def _connect(path: Path, overdue: Callable[[], bool]) -> sqlite3.Connection:
    """The cache's file at ``path``, with our one table: a file that is not a database,
    or whose schema is anything else, is replaced by a new one. A statement is stopped
    when ``overdue`` says so (its queries take microseconds: no file can hang a build)."""
    for _attempt in range(2):
        db = sqlite3.connect(path, timeout=2.0, isolation_level="DEFERRED",
                             check_same_thread=False)
        db.set_progress_handler(lambda: 1 if overdue() else 0, 10_000)
        try:
            db.execute("PRAGMA journal_mode = MEMORY")
            db.execute("PRAGMA trusted_schema = OFF")
            schema = db.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
            if not schema:
                with db:
                    db.execute(_SCHEMA)
                return db
            if schema == [("table", "card", _SCHEMA),
                          ("index", "sqlite_autoindex_card_1", None)]:
                return db
        except sqlite3.OperationalError:  # busy, or stopped: the file may be sound
            db.close()
            raise
        except sqlite3.DatabaseError:  # no database, or a damaged one
            pass
        db.close()
        _remove(path)
    raise sqlite3.DatabaseError(f"{path} could not be made a cache of cards")


def _remove(path: Path) -> None:
    """Remove a file, or a link (not what it leads to), or a folder in the file's place."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _is_card(data: bytes) -> bool:
    """A PNG of the card's size (a truncated or foreign file is drawn again)."""
    return (data.startswith(_PNG) and data[12:16] == b"IHDR"
            and int.from_bytes(data[16:20], "big") == WIDTH
            and int.from_bytes(data[20:24], "big") == HEIGHT and data.endswith(b"IEND\xaeB`\x82"))


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont

    return ImageFont.load_default(size=size)


def _ramp(background: str, text: str) -> list[int]:
    """The palette: ``_LEVELS`` colours from ``background`` to ``text``."""
    start, end = _rgb(background), _rgb(text)
    return [round(start[c] + (end[c] - start[c]) * level / (_LEVELS - 1))
            for level in range(_LEVELS) for c in range(3)]


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


_Measure = Callable[[str], float]


def _fitted(text: str, width: _Measure) -> str:
    """``text`` on one line of the card, cut with an ellipsis if it is too long."""
    room = WIDTH - 2 * _MARGIN
    if width(text) <= room:
        return text
    while text and width(text + "…") > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrapped(text: str, width: _Measure, most: int) -> list[str]:
    """``text`` in at most ``most`` lines of the card's width, by words (a word too long
    for a line is cut), the last one cut with an ellipsis if the text goes on."""
    room = WIDTH - 2 * _MARGIN
    lines: list[str] = []
    words = text.split()
    line = ""
    for word in words:
        trial = f"{line} {word}" if line else word
        if width(trial) <= room:
            line = trial
            continue
        if line:
            lines.append(line)
        line = word
        while width(line) > room:  # one word wider than the card
            cut = len(line)
            while cut > 1 and width(line[:cut]) > room:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    if len(lines) > most:
        lines = [*lines[:most - 1], _fitted(" ".join(lines[most - 1:]) + " …", width)]
    return lines
