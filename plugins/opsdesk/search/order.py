"""Pagefind's index in one order: the same pages give the same bytes, run after run.

Pagefind (1.5.2, the latest release) builds two parts of its index from hash maps seeded
at random in each process (its source says so: "TODO: Change filter indexes to BTree to
give them a stable hash"): the values in each filter file (``filter/*.pf_filter``), and
the lists of filters and of sorts in the metadata file (``pagefind.*.pf_meta``). Their
order changes from run to run, so their content, so their names (hashes of their content),
so the metadata file's name in ``pagefind-entry.json``.

``canonical`` rewrites exactly those: each filter's values sorted by value, the metadata's
filters and sorts by name, each file named as Pagefind names it (its SHA-1 hash), the entry
file pointing at the new names. Nothing else is touched: the word index and the fragments
depend only on the pages and the order they reached Pagefind in, which
``search.front.LiveIndex`` keeps the same from build to build. The files are small (the
filters' values and the metadata's page list): a few milliseconds at 3,000 pages.

The files are gzip (without a time stamp) of ``pagefind_dcd`` and CBOR, as Pagefind's
``minicbor`` writes it: definite-length arrays, text strings and integers in their
shortest form. ``cbor2`` reads and writes it; its default encoding is that same form, byte
for byte, and a file it would not write back byte for byte (another form, another kind of
item, bytes after the end) is refused rather than rewritten.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2

__all__ = ["canonical"]

#: What each of Pagefind's compressed files starts with, once decompressed.
MAGIC = b"pagefind_dcd"


class FormatError(ValueError):
    """A file is not as Pagefind 1.5 writes it."""


def canonical(output: Path) -> None:
    """Rewrite the index in ``output`` (as Pagefind wrote it) in its one order."""
    entry_file = output / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, about in entry["languages"].items():
        about["hash"] = _canonical_language(output, language, about["hash"])
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def _canonical_language(output: Path, language: str, meta_hash: str) -> str:
    """Rewrite one language's metadata and filter files; returns the metadata's new hash."""
    meta_file = output / f"pagefind.{meta_hash}.pf_meta"
    meta = _read(meta_file)
    if not (isinstance(meta, list) and len(meta) >= 5):  # 1.5.2: a 6th, sorted
        raise FormatError(f"{meta_file.name}: not Pagefind's metadata")
    filters, sorts = meta[3], meta[4]
    names: set[str] = set()
    new_filters = []
    for name, old in sorted(filters):
        values = _read(output / "filter" / f"{old}.pf_filter")
        if not (isinstance(values, list) and len(values) == 2 and values[0] == name):
            raise FormatError(f"filter/{old}.pf_filter: not the filter {name!r}")
        body = _encode([name, sorted(values[1])])
        new = _short(f"{language}_{_hash(body)}", len(language) + 8, names)
        names.add(new)
        (output / "filter" / f"{old}.pf_filter").unlink()
        _write(output / "filter" / f"{new}.pf_filter", body)
        new_filters.append([name, new])
    meta[3] = new_filters
    meta[4] = sorted(sorts)
    body = _encode(meta)
    new_meta = f"{language}_{_hash(body)[:len(language) + 8]}"
    meta_file.unlink()
    _write(output / f"pagefind.{new_meta}.pf_meta", body)
    return new_meta


def _short(full: str, size: int, taken: set[str]) -> str:
    """Pagefind's short name of a hash: its first ``size`` characters, one more while
    another file of the set has that name."""
    short = full[:size]
    while short in taken and len(short) < len(full):
        short = full[:len(short) + 1]
    return short


def _hash(data: bytes) -> str:
    """Pagefind's ``full_hash``: SHA-1, each byte in hex without its leading zero."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())  # noqa: S324 - a name


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MAGIC):
        raise FormatError(f"{path.name}: not a Pagefind file")
    body = data[len(MAGIC):]
    try:
        value = cbor2.loads(body)
    except cbor2.CBORDecodeError as error:
        raise FormatError(f"{path.name}: not CBOR ({error})") from error
    if _encode(value) != body:  # also what cbor2.loads leaves unread after the item
        raise FormatError(f"{path.name}: not CBOR as Pagefind writes it")
    return value


def _write(path: Path, body: bytes) -> None:
    path.write_bytes(gzip.compress(MAGIC + body, mtime=0))


def _encode(value: Any) -> bytes:
    """``value`` in CBOR as Pagefind's minicbor writes it (cbor2's default encoding)."""
    return cbor2.dumps(value)
