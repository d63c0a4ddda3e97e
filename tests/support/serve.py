"""A real ``mkdocs serve`` started by a test, and the edits an author saves."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from .cli import as_from_a_terminal


def free_port() -> int:
    """A free TCP port of 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


#: What starts ``mkdocs serve`` in a test (``-X faulthandler``: see ``interrupt``).
SERVE = [sys.executable, "-X", "faulthandler", "-m", "mkdocs", "serve"]


#: Seconds a ``mkdocs serve`` may take to stop on Ctrl-C in a test: more than the plugin's
#: own bound (``session.CLOSE_WAIT``, after which it kills Pagefind and goes on).
STOPPING = 75.0


def interrupt(process: subprocess.Popen[Any], log: Path | None = None,
              timeout: float = STOPPING) -> None:
    """Stop ``mkdocs serve`` as an author does, with Ctrl-C (``SIGINT``): MkDocs removes
    its temporary site folder, and the plugin its own (``terminate``'s ``SIGTERM`` ends the
    process before either can). One still running ``timeout`` seconds later fails the test
    (an author's Ctrl-C that hangs): it is aborted (``SIGABRT``, so that Python's fault
    handler writes each thread's stack to its ``log``), then killed."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=timeout)
        return
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    said = log.read_text(encoding="utf-8", errors="replace") if log else "(no log)"
    pytest.fail(f"mkdocs serve did not stop within {timeout:.0f} s of Ctrl-C; its log, "
                f"with each thread's stack:\n{said[-20000:]}")


class Server:
    """A running ``mkdocs serve`` and its log."""

    def __init__(self, root: Path, port: int) -> None:
        self.root, self.port = root, port
        self.url = f"http://127.0.0.1:{port}/"
        self.log = root / "serve.log"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.log_file = self.log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [*SERVE, "--dev-addr", f"127.0.0.1:{port}", "--watch", "site-data"],
            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=self.log_file,
            preexec_fn=as_from_a_terminal)

    def stop(self) -> None:
        """Stop it with Ctrl-C (``interrupt``)."""
        try:
            interrupt(self.process, self.log)
        finally:
            self.log_file.close()

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_for(self, line: str, count: int, timeout: float = 60, after: int = 0) -> None:
        """Wait until ``line`` stands ``count`` times in the log (after its first
        ``after`` characters)."""
        deadline = time.monotonic() + timeout
        while self.text()[after:].count(line) < count:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"no {count}x {line!r} in the server log:\n{self.text()}")
            time.sleep(0.05)

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            body: bytes = response.read()
        return body


def edit(root: Path, name: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in one step, as editors save (a file truncated, then
    written, can be seen half-saved by a busy machine's poller)."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    saved = root / ".saving"  # beside the watched folders, not in them
    saved.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.replace(saved, path)
