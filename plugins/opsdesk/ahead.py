"""Using the second core: pages read by two processes; blocks rendered ahead of MkDocs.

Everything in a lane page's blocks follows from the portfolio graph, which is complete
before the first page is converted; MkDocs then spends most of a build converting
Markdown and rendering its theme, one page after the other on one core. ``Ahead`` forks
a child process that renders every lane page's blocks (``Renderer.body_blocks`` and
``Renderer.lane_page``) in the order MkDocs asks for them and streams them back through
a pipe, so on a machine with a second core the blocks cost the build little more than
reading them back; last, it builds the feeds (``extra``). Sphinx's parallel builds
take the same approach (``fork``).

The child only renders: it writes no file and logs nothing. The result is the same as
rendering in the build's own process (``tests/test_ahead.py`` compares whole sites
byte for byte); if the child fails, each page left is rendered in the build's process.
``split_map`` does the same for reading the pages: a child reads the second half of
them while the build's process reads the first half.

Forking is only safe in a process with one thread, on Linux, so both decline otherwise
(and ``mkdocs serve`` never uses them: its server runs threads).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import IO, TypeAlias, TypeVar

from markupsafe import Markup

from .render import Blocks, Renderer

try:
    import fcntl
except ImportError:  # Windows: no fork either, so nothing here runs
    fcntl = None  # type: ignore[assignment]

__all__ = ["MIN_PAGES", "Ahead", "split_map"]

#: Below this many lane pages, forking costs more than it saves.
MIN_PAGES = 200

BodyBlocks: TypeAlias = tuple[dict[str, Markup], list[Markup]]
T = TypeVar("T")
R = TypeVar("R")


def _can_fork(items: int) -> bool:
    """Linux only (on macOS a forked child may crash in system frameworks the parent
    loaded, which is why Python's multiprocessing stopped forking there; Windows has no
    fork), with a second core to run on, one thread, and enough pages to be worth it."""
    return (sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) > 1
            and threading.active_count() == 1 and items >= MIN_PAGES)


#: The pipe from the child holds this much (Linux allows up to 1 MB by default): the
#: child writes its blocks up to this far ahead of the pages MkDocs is converting, and
#: is done with them, and with the feeds, before MkDocs asks for the last ones.
PIPE_BYTES = 1 << 20


def _pipe() -> tuple[int, int]:
    read, write = os.pipe()
    resize = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl else None
    if resize is not None:
        with contextlib.suppress(OSError):  # over the limit (/proc/sys/fs/pipe-max-size)
            fcntl.fcntl(write, resize, PIPE_BYTES)
    return read, write


def _fork(produce: Callable[[Callable[[object], None]], None]) -> tuple[int, IO[bytes]]:
    """Fork a child that calls ``produce(send)``, each ``send(value)`` pickling a value into
    a pipe, and then leaves without running any cleanup. Returns the child's pid and the
    pipe's reading end."""
    read, write = _pipe()
    pid = os.fork()
    if pid == 0:  # the child
        status = 1
        try:
            os.close(read)
            with os.fdopen(write, "wb") as out:
                produce(lambda value: pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL))
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, os.fdopen(read, "rb")


def split_map(func: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[func(item) for item in items]``, the second half computed by a forked child.

    ``func`` must not log or write (the child's output would be lost or doubled); the
    results travel back pickled. Serial when forking is not possible or not worth it,
    and for the second half again if the child fails.
    """
    if not _can_fork(len(items)):
        return [func(item) for item in items]
    half = len(items) // 2
    pid, stream = _fork(lambda send: send([func(item) for item in items[half:]]))
    try:
        first = [func(item) for item in items[:half]]
        try:
            second = pickle.load(stream)  # noqa: S301 - our child's
        except Exception:  # a broken child: read them here
            second = None
    finally:  # also when func fails here: the child then stops on a closed pipe
        stream.close()
        os.waitpid(pid, 0)
    if not isinstance(second, list) or len(second) != len(items) - half:
        second = [func(item) for item in items[half:]]
    return first + second


class Ahead:
    """The blocks of lane pages, rendered by a child process; ask for them in any order."""

    def __init__(self, pid: int, stream: IO[bytes]) -> None:
        self._pid = pid
        self._stream: IO[bytes] | None = stream
        self._received: dict[str, tuple[BodyBlocks, Blocks]] = {}
        self._extra: tuple[object] | None = None

    @classmethod
    def start(cls, renderer: Renderer, paths: Sequence[str], *, site_url: str | None,
              extra: Callable[[], object] = lambda: None) -> Ahead | None:
        """Fork a child that renders the blocks of ``paths`` (lane pages), in that order,
        then calls ``extra`` (see ``Ahead.extra``).

        ``None`` when forking is not safe or not worth it (see ``_can_fork``).
        """
        if not _can_fork(len(paths)):
            return None

        def produce(send: Callable[[object], None]) -> None:
            for path in paths:
                send((path, renderer.body_blocks(path),
                      renderer.lane_page(path, site_url=site_url)))
            send((None, extra()))

        return cls(*_fork(produce))

    def blocks(self, path: str) -> tuple[BodyBlocks, Blocks] | None:
        """The blocks of ``path`` from the child; ``None`` if it did not render them."""
        while path not in self._received and self._stream is not None:
            self._read()
        return self._received.get(path)

    def extra(self) -> tuple[object] | None:
        """``(extra(),)`` as the child computed it; ``None`` if it did not."""
        while self._extra is None and self._stream is not None:
            self._read()
        return self._extra

    def _read(self) -> None:
        assert self._stream is not None
        try:
            item = pickle.load(self._stream)  # noqa: S301 - our child's
        except Exception:  # EOF or a broken child: the build's process does the rest
            self.close()
            return
        if item[0] is None:
            self._extra = (item[1],)
            self.close()
        else:
            self._received[item[0]] = (item[1], item[2])

    @property
    def received(self) -> int:
        """How many pages' blocks came from the child."""
        return len(self._received)

    def close(self) -> None:
        """Stop reading and reap the child (it ends on its own once the pipe is closed)."""
        if self._stream is not None:
            self._stream.close()
            self._stream = None
            os.waitpid(self._pid, 0)
