"""The Pagefind process: started, asked, watched, stopped. The one module that touches a
private API of Pagefind's Python client (``tests/test_fence.py`` checks it).

``Pagefind`` is one running Pagefind and its indexes (one per part of the site's index,
``parts``; one for a build), used on the event loop's thread of an ``IndexSession`` only
(Pagefind's client is asynchronous). ``answer`` waits
for an answer to a request and watches the process meanwhile, every ``CHECK`` seconds:

- a Pagefind that stopped is told at once (its exit status), and so is one whose pipe
  closed under a request (``ConnectionError``), even before asyncio has its exit status;
- a Pagefind that does no work while a request waits (no CPU time spent, from
  ``/proc/<pid>/stat``: stopped by ``SIGSTOP``, or hung on a lock) is given up after
  ``STALL`` seconds;
- any other, after ``session.TIMEOUT`` seconds without an answer (a Pagefind that spins).

Either way it is killed (``SIGKILL``: a stopped process ignores ``SIGTERM`` until it is
continued) and the request fails with ``SearchIndexError``.

Pagefind's client keeps its process private, as ``PagefindService._backend``: ``process``
reads it (and ``kill`` stops its ``_poll_task``, which reads the answers). And its
``_wait_for_responses`` sleeps 0.1 s before reading each answer: ten answers a second at
most, so Pagefind idles between the folders of a build, and the end of a build waits up to
0.1 s for each of the last two (the last folder's, the written index's). ``launch`` starts
a ``PromptService`` instead, which reads each answer as it comes and resolves its request
as the client does (``_responses``). Checked against
pagefind 1.5.2 (``TESTED``, the version ``pyproject.toml`` pins). On any other version
its own client is started; and when ``_backend`` is gone or is no process, ``process`` is
``None``, said once by an INFO line: a Pagefind that stops or hangs is then told by the
timeout, one to stop is closed by its client's ``close`` (which waits 5 s at most for its
answers), and nothing waits on its pipes. Slower to notice, never a hang.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import json
import os
import shutil
import time
import weakref
from collections.abc import Awaitable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import SearchIndexError, log, said

if TYPE_CHECKING:
    from pagefind.index import IndexConfig, PagefindIndex
    from pagefind.service import PagefindService

__all__ = ["CHECK", "EXCLUDE_SELECTORS", "PRIORITY", "STALL", "TESTED", "Pagefind", "Sample",
           "exit_status", "kill", "process", "sample"]

_T = TypeVar("_T")

TESTED = frozenset({"1.5.2"})
"""The versions of the ``pagefind`` package whose client's ``_backend`` is read here."""

#: Seconds between two looks at Pagefind's process while a request waits.
CHECK = 2.0

#: Seconds a Pagefind may go without doing any work (no CPU time) while a request waits,
#: before it is given up: a stopped or hung Pagefind is told well within a minute. (One at
#: work spends CPU time within a few milliseconds of any request.)
STALL = 30.0

#: How much lower Pagefind's priority is than the build's (a nice increment, as ``nice -n``
#: takes it; 19 at most): MkDocs comes first. Under ``mkdocs serve``, the preview
#: of the next edit comes before the index. In ``mkdocs build``, Pagefind is given the pages
#: while MkDocs converts them (``front``: ``SiteSearch.foretell``) and writes the index
#: while MkDocs renders them, with seconds to spare at 1,000 pages: at the build's priority,
#: it took turns with MkDocs on the same cores, and the build took 0.6 s more (a median of
#: four, on two cores); at nice 10, 0.15 s more than at 19, the lowest. Not 19: on a machine
#: busy with other work, the build waits for an index starved of CPU (at 1,000 pages, with
#: two processes spinning on two cores: 203 s at 19, 42 s at 10, plain Material 19 s). Only
#: Pagefind: the index's own threads (its event loop, its file work) keep the build's
#: priority, so that ending the index (a build's end, Ctrl-C under serve) never waits
#: behind a busy machine.
PRIORITY = 10

#: Parts of Material's markup that are not content: the heading permalinks ("¶").
EXCLUDE_SELECTORS = [".headerlink"]

_said: set[str] = set()


def _fallback(reason: str) -> None:
    """Say once per process why Pagefind's process is not reached."""
    if reason not in _said:
        _said.add(reason)
        log.info(f"{reason}: a Pagefind that stops is told by the timeout")


@functools.cache
def _version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "unknown"


def process(service: PagefindService) -> asyncio.subprocess.Process | None:
    """Pagefind's process, or ``None`` (an untested Pagefind, or its client changed)."""
    if _version() not in TESTED:
        _fallback(f"pagefind {_version()} is not a version checked (pagefind "
                  f"{', '.join(sorted(TESTED))})")
        return None
    backend = getattr(service, "_backend", None)  # pagefind 1.5.2: the process, once launched
    if isinstance(backend, asyncio.subprocess.Process):
        return backend
    _fallback(f"pagefind {_version()}'s client has no process as _backend")
    return None


def exit_status(service: PagefindService) -> int | None:
    """Pagefind's exit status once its process has stopped; ``None`` while it runs, or
    when its process is not reached."""
    running = process(service)
    return running.returncode if running else None


def kill(service: PagefindService) -> bool:
    """Kill Pagefind's process, if it runs; ``False`` when its process is not reached
    (then only its client's ``close`` stops it)."""
    running = process(service)
    if running is None:
        return False
    if running.returncode is None:
        try:
            running.kill()
        except ProcessLookupError:  # it ended meanwhile: what kill was for
            log.debug("search index: Pagefind had ended before it was killed")
    # Its client's task reading the answers ends once the pipe closes (pagefind 1.5.2:
    # ``_poll_task``): stopped here, and how it ended read, as its ``close`` would.
    polling = getattr(service, "_poll_task", None)
    if isinstance(polling, asyncio.Task):
        polling.cancel()
        polling.add_done_callback(_forgotten)
    return True


@dataclass(frozen=True)
class Sample:
    """A look at a running process."""

    state: str
    """Its state letter, as ``ps`` shows it (``R``, ``S``, ``T`` when stopped...)."""
    ticks: int
    """CPU time spent so far (user and system, all threads), in clock ticks."""


def sample(service: PagefindService) -> Sample | None:
    """Pagefind's state and CPU time, or ``None`` (its process not reached, or no
    ``/proc``: then only the timeout tells one that hangs)."""
    running = process(service)
    if running is None or running.returncode is not None:
        return None
    try:
        stat = Path(f"/proc/{running.pid}/stat").read_text(encoding="ascii")
        fields = stat.rsplit(")", 1)[1].split()
        return Sample(state=fields[0], ticks=int(fields[11]) + int(fields[12]))
    except (OSError, IndexError, ValueError) as error:  # not Linux; the process just ended
        log.debug(f"search index: Pagefind's process not read ({said(error)})")
        return None


class Pagefind:
    """One Pagefind process and its indexes, on an event loop's thread."""

    def __init__(self, service: PagefindService, indexes: list[PagefindIndex],
                 config: IndexConfig) -> None:
        self.service, self.indexes, self.config = service, indexes, config

    @property
    def index(self) -> PagefindIndex:
        """The first index (a build's only one)."""
        return self.indexes[0]

    @staticmethod
    async def launch(started: list[asyncio.Task[PagefindService]]) -> PagefindService:
        """Start a Pagefind. Its start is added to ``started``, and runs to its end even
        if this is cancelled (a start cut short leaves its pipes open)."""
        launch = asyncio.ensure_future(_client()().launch())
        started.append(launch)
        return await asyncio.shield(launch)

    @classmethod
    async def open(cls, language: str | None, timeout: float,
                   started: list[asyncio.Task[PagefindService]], indexes: int = 1) -> Pagefind:
        """A running Pagefind and ``indexes`` new, empty indexes (see ``launch``)."""
        config: IndexConfig = {"exclude_selectors": EXCLUDE_SELECTORS}
        if language:
            config["force_language"] = language
        service = await cls.launch(started)
        try:
            return cls(service, [await answer(service, service.create_index(config), timeout)
                                 for _ in range(indexes)], config)
        except Exception as error:
            await stop(service)
            status = exit_status(service)
            if not isinstance(error, SearchIndexError) and status is not None:
                raise SearchIndexError(f"search index not written: Pagefind stopped (exit "
                                       f"status {status})") from error
            raise

    async def answer(self, request: Awaitable[_T], timeout: float) -> _T:
        return await answer(self.service, request, timeout)

    async def renew(self, number: int, timeout: float) -> None:
        """Replace the index ``number`` by a new, empty one (Pagefind cannot take a page
        out of an index); the others are untouched."""
        await self.answer(self.indexes[number].delete_index(), timeout)
        self.indexes[number] = await self.answer(self.service.create_index(self.config),
                                                 timeout)

    async def stop(self) -> None:
        await stop(self.service)


def _client() -> type[PagefindService]:
    """Pagefind's client class: ``PromptService`` for a version checked, else its own.
    (Imported here: the binary's package is only needed when an index is built.)"""
    from pagefind.service import PagefindService

    if _version() not in TESTED or not callable(
            getattr(PagefindService, "_wait_for_responses", None)):
        return PagefindService
    return _prompt_service()


@functools.cache
def _prompt_service() -> type[PagefindService]:
    from pagefind.service import PagefindService

    class PromptService(PagefindService):
        """Pagefind's client, reading each answer as soon as it comes, its process started
        at a lower priority than the build's (``PRIORITY``, ``launch``)."""

        async def launch(self) -> PagefindService:
            """Start Pagefind as its client does (pagefind 1.5.2), under ``nice`` when the
            system has it (``nice`` runs Pagefind in its own process: the same pid)."""
            command = [str(self._bin), "--service"]
            if nice := shutil.which("nice"):
                command = [nice, "-n", str(PRIORITY), *command]
            self._backend = await asyncio.create_subprocess_exec(
                *command, cwd=os.getcwd(), stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
                limit=2**21)  # its client's: an answer is one line of up to 2 MiB
            self._poll_task = self._loop.create_task(self._wait_for_responses())
            return self

        async def _wait_for_responses(self) -> None:
            assert self._backend.stdout is not None  # launched with its pipes
            while True:
                _resolve(self._responses, await self._backend.stdout.readuntil(b","))

    return PromptService


def _resolve(waiting: dict[int, asyncio.Future[Any]], output: bytes) -> None:
    """Give one answer of Pagefind's (base64 of JSON, then a comma) to the request waiting
    for it, as pagefind 1.5.2's client does: an error as an ``Exception`` of its message."""
    answer = json.loads(base64.b64decode(output[:-1]))
    if not isinstance(answer, dict) or not isinstance(payload := answer.get("payload"), dict):
        return
    number = answer.get("message_id")
    if number is None and isinstance(original := payload.get("original_message"), str):
        with contextlib.suppress(ValueError, AttributeError):  # not its request as sent
            number = json.loads(original).get("message_id")
    request = waiting.get(number) if isinstance(number, int) else None
    if request is None or request.done():
        log.debug("search index: an answer of Pagefind's that no request waits for")
    elif payload.get("type") == "Error":
        request.set_exception(Exception(payload.get("message"), payload.get("original_message")))
    else:
        request.set_result(payload)


async def answer(service: PagefindService, request: Awaitable[_T], timeout: float) -> _T:
    """What Pagefind answers to ``request``; an error (``SearchIndexError``) as soon as its
    process has stopped, after ``STALL`` seconds in which it did no work, or after
    ``timeout`` seconds without an answer (its client would wait forever)."""
    task = asyncio.ensure_future(request)
    asked = last_work = time.monotonic()
    looked = sample(service)
    while True:
        done, _running = await asyncio.wait({task}, timeout=min(CHECK, STALL, timeout))
        if done:
            try:
                return task.result()
            except ConnectionError as error:  # its pipe closed: it has ended, or reads no more
                raise await _pipe_closed(service, error) from error
        now, status = time.monotonic(), exit_status(service)
        problem = None
        if status is not None:
            problem = f"Pagefind stopped (exit status {status})"
        else:
            look = sample(service)
            if look is None or looked is None or look.ticks != looked.ticks:
                last_work = now
            looked = look
            if now - last_work >= STALL:
                why = "stopped" if look and look.state in ("T", "t") else "did no work"
                problem = f"Pagefind did not answer for {now - asked:.0f} seconds " \
                          f"(its process {why})"
            elif now - asked > timeout:
                problem = f"Pagefind did not answer for {timeout:.0f} seconds"
        if problem:
            await end(service)  # this Pagefind is done for; then the request can go
            task.cancel()
            task.add_done_callback(_forgotten)
            raise SearchIndexError(f"search index not written: {problem}")


async def _pipe_closed(service: PagefindService, error: ConnectionError) -> SearchIndexError:
    """End a Pagefind whose pipe closed under a request, and say how it ended. Not by its
    client's ``close``, which would wait 5 s for answers that never come (asyncio may not
    have its exit status yet); nor killed before it is seen to end (a process that ended,
    killed, is reaped twice: exit status 255). It is given ``ENDING`` seconds first."""
    running = process(service)
    if running is not None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(running.wait(), timeout=ENDING)
    await end(service)
    status = exit_status(service)
    if status is not None and status >= 0:  # it ended on its own
        return SearchIndexError(f"search index not written: Pagefind stopped (exit status "
                                f"{status})")
    return SearchIndexError(f"search index not written: Pagefind stopped reading "
                            f"({said(error)})")


def _forgotten(request: asyncio.Future[Any]) -> None:
    """A request given up, or the reading of answers of a Pagefind killed: how it ended
    is read (else asyncio logs it as never retrieved, at any time)."""
    if not request.cancelled() and (error := request.exception()) is not None:
        log.debug(f"search index: Pagefind's client ended with {said(error)}")


async def end(service: PagefindService) -> None:
    """Stop a Pagefind that is done for: killed at once when its process is reached
    (stopped or hung, it would not end on ``SIGTERM``), else closed by its client."""
    if service not in _STOPPED and kill(service):
        _STOPPED.add(service)
        await wait(service)
    await stop(service)


async def stop(service: PagefindService) -> None:
    """Stop Pagefind, once: its client's ``close`` waits (5 s at most) for the answers
    still due, then ends the process; one that stopped already is no error. One whose
    process has ended answers nothing more: it is ended as ``end`` ends it, without
    that wait."""
    if service in _STOPPED:
        return
    if exit_status(service) is not None:
        await end(service)
        return
    _STOPPED.add(service)
    try:
        await service.close()
    except ProcessLookupError:  # what its client raises when the process had ended
        log.debug("search index: Pagefind had ended before it was closed")
    except Exception as error:  # its client re-raises a failed answer as an Exception
        log.debug(f"search index: Pagefind closed after a failed answer ({said(error)})")


async def wait(service: PagefindService, timeout: float = 10.0) -> None:
    """Wait for Pagefind's process to end (killed), reading its pipes to their end."""
    running = process(service)
    if running is None:
        return
    try:
        await asyncio.wait_for(running.communicate(), timeout=timeout)
    except TimeoutError:
        log.warning(f"search index: Pagefind (process {running.pid}) did not end within "
                    f"{timeout:.0f} seconds")
    except (OSError, ValueError, RuntimeError) as error:  # its pipes closed, or being read
        log.debug(f"search index: Pagefind's pipes not read to the end ({said(error)})")


#: Seconds given a Pagefind whose pipe closed to end on its own, before it is killed.
ENDING = 1.0


#: The Pagefind services stopped (a second ``close`` would wait on cancelled answers).
_STOPPED: weakref.WeakSet[PagefindService] = weakref.WeakSet()


def stopped(service: PagefindService) -> None:
    """Mark ``service`` as stopped (killed by the caller): its client's ``close`` is not
    called."""
    _STOPPED.add(service)
