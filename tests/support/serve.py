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

from .cli import as_from_a_terminal


def free_port() -> int:
    """A free TCP port of 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A running ``mkdocs serve`` and its log."""

    def __init__(self, root: Path, port: int) -> None:
        self.root, self.port = root, port
        self.url = f"http://127.0.0.1:{port}/"
        self.log = root / "serve.log"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.log_file = self.log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
             "--watch", "site-data"],
            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=self.log_file,
            preexec_fn=as_from_a_terminal)

    def stop(self) -> None:
        """Stop it as an author does, with Ctrl-C: MkDocs then removes its temporary site
        folder (``terminate``'s ``SIGTERM`` ends the process before it can, and each test
        would leave one in the system's temporary folder)."""
        try:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
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
