"""Social cards: the 1200x630 PNG image a chat or social site shows with a link to a page.

Each published page gets one, drawn at build time from its title, its lane, the site's
name and the site's colours (``site.yml``'s ``card_colors``), with Pillow and the font
Pillow itself ships (``ImageFont.load_default``): no network, no system fonts, no Cairo
(Material's social plugin needs web fonts and Cairo). The card is a 16-colour PNG, the
colours a ramp from the background to the text colour, which keeps a card small (about
15 kB) and quick to encode.

A card is named by the hash of everything drawn on it (``SocialCard.key``), Pillow's version
and this module's ``VERSION`` included: two pages that would get the same picture share
one file, and ``CardCache`` keeps each drawn card in the project's ``.cache/`` folder, so
an unchanged page's card is never drawn again; a whole build leaves there only its own cards
(``CardCache.keep_only``). Two builds write the same bytes.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

__all__ = ["CARD_CACHE", "CARD_FOLDER", "HEIGHT", "WIDTH", "CardCache", "SocialCard", "draw"]

#: Where the cards are published in the site.
CARD_FOLDER = "assets/opsdesk/cards"
#: Where the cards drawn are kept, in the project's ``.cache/`` folder.
CARD_CACHE = "opsdesk/cards"
WIDTH, HEIGHT = 1200, 630
#: Changes whenever the drawing does: cached cards of another version are not used.
VERSION = "2"

_MARGIN = 80
_LEVELS = 16
_TITLE_SIZE, _TITLE_LINES, _TITLE_LEADING = 60, 4, 74
_SMALL_SIZE = 34
_PNG = b"\x89PNG\r\n\x1a\n"
#: zlib's run-length strategy: quicker than the default on a card, and smaller.
_Z_RLE = 3
#: At most this many frames are kept while drawing (a site has one per lane).
_FRAMES = 64


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
        drawn = [VERSION, PIL.__version__, self.title, self.kicker, self.site,
                 self.background, self.text]
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


def draw(card: SocialCard, frames: dict[tuple[str, str], Image.Image] | None = None) -> bytes:
    """The card as PNG bytes (the same bytes for the same card and Pillow). ``frames``: the
    frames drawn so far (what cards of one lane and site share), to draw each once."""
    key = (card.kicker, card.site)
    frame = frames.get(key) if frames is not None else None
    if frame is None:
        frame = _frame(*key)
        if frames is not None:
            if len(frames) >= _FRAMES:
                frames.clear()
            frames[key] = frame
    image = frame.copy()
    pen = ImageDraw.Draw(image)
    top = _MARGIN + (_SMALL_SIZE + 36 if card.kicker else 0)
    title = _font(_TITLE_SIZE)
    for number, line in enumerate(_wrapped(card.title, title, _TITLE_LINES)):
        pen.text((_MARGIN, top + number * _TITLE_LEADING), line, font=title, fill=_LEVELS - 1)
    image.putpalette(_ramp(card.background, card.text))  # the levels become colours
    out = io.BytesIO()
    image.save(out, "PNG", bits=4, compress_level=1, compress_type=_Z_RLE)
    return out.getvalue()


def _frame(kicker: str, site: str) -> Image.Image:
    """What the cards of one lane and site share: the lane above, the rule and the site's
    name below, in levels (0 the background, ``_LEVELS - 1`` the text colour)."""
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(image)
    small = _font(_SMALL_SIZE)
    if kicker:
        pen.text((_MARGIN, _MARGIN), _fitted(kicker.upper(), small), font=small, fill=12)
    pen.rectangle((_MARGIN, HEIGHT - _MARGIN - _SMALL_SIZE - 30,
                   WIDTH - _MARGIN, HEIGHT - _MARGIN - _SMALL_SIZE - 26), fill=7)
    pen.text((_MARGIN, HEIGHT - _MARGIN - _SMALL_SIZE), _fitted(site, small), font=small,
             fill=14)
    return image


class CardCache:
    """The cards drawn by earlier builds, one file per ``SocialCard.key`` in ``folder`` (``None``:
    none kept, every card drawn)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.drawn = 0
        """Cards drawn by this cache (the others came from the folder)."""
        self._frames: dict[tuple[str, str], Image.Image] = {}

    def png(self, card: SocialCard) -> bytes:
        """The card's PNG: the kept one, or drawn (and kept)."""
        kept = self.folder / f"{card.key}.png" if self.folder else None
        if kept is not None:
            try:
                data = kept.read_bytes() if kept.is_file() and not kept.is_symlink() else b""
            except OSError:
                data = b""
            if _is_card(data):
                return data
        data = draw(card, self._frames)
        self.drawn += 1
        if kept is not None:
            _keep(kept, data)
        return data


    def keep_only(self, cards: Iterable[SocialCard]) -> int:
        """Remove the kept cards that are none of ``cards`` (those of a whole build), so
        that the folder does not grow with every title ever saved; how many were removed.
        Only files named as this class names them are touched."""
        if self.folder is None:
            return 0
        wanted = {f"{card.key}.png" for card in cards}
        removed = 0
        try:
            kept = [path for path in self.folder.iterdir() if _KEPT.fullmatch(path.name)]
        except OSError:
            return 0
        for path in kept:
            if path.name not in wanted:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed += 1
        return removed


#: The name of a kept card: its key.
_KEPT = re.compile(r"[0-9a-f]{64}\.png")


def _is_card(data: bytes) -> bool:
    """A PNG of the card's size (a truncated or foreign file is drawn again)."""
    return (data.startswith(_PNG) and data[12:16] == b"IHDR"
            and int.from_bytes(data[16:20], "big") == WIDTH
            and int.from_bytes(data[20:24], "big") == HEIGHT and data.endswith(b"IEND\xaeB`\x82"))


def _keep(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all; a folder that cannot be written is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".card-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        return


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _ramp(background: str, text: str) -> list[int]:
    """The palette: ``_LEVELS`` colours from ``background`` to ``text``."""
    start, end = _rgb(background), _rgb(text)
    return [round(start[c] + (end[c] - start[c]) * level / (_LEVELS - 1))
            for level in range(_LEVELS) for c in range(3)]


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _width(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> float:
    return float(font.getlength(text))


def _fitted(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> str:
    """``text`` on one line of the card, cut with an ellipsis if it is too long."""
    room = WIDTH - 2 * _MARGIN
    if _width(text, font) <= room:
        return text
    while text and _width(text + "…", font) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrapped(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
             most: int) -> list[str]:
    """``text`` in at most ``most`` lines of the card's width, by words (a word too long
    for a line is cut), the last one cut with an ellipsis if the text goes on."""
    room = WIDTH - 2 * _MARGIN
    lines: list[str] = []
    words = text.split()
    line = ""
    for word in words:
        trial = f"{line} {word}" if line else word
        if _width(trial, font) <= room:
            line = trial
            continue
        if line:
            lines.append(line)
        line = word
        while _width(line, font) > room:  # one word wider than the card
            cut = len(line)
            while cut > 1 and _width(line[:cut], font) > room:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    if len(lines) > most:
        lines = [*lines[:most - 1], _fitted(" ".join(lines[most - 1:]) + " …", font)]
    return lines
