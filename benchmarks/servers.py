"""Servers on 127.0.0.1 and the browser, for the browser benchmarks and the tests: Debian's
Chromium and its flags, a free port, and a server command run until a block ends
(tests/conftest.py re-exports them)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Debian's chromium, driven by playwright (its own browser download is not used), headless.
# INCENTIVES_CHROMIUM names another (a chromium installed elsewhere, or none, in a test).
CHROMIUM = Path(os.environ.get("INCENTIVES_CHROMIUM") or "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(
    command: list[str],
    port: int,
    log: Path,
    cwd: Path = ROOT,
    timeout: float = 90,
    status_path: str = "/api/status",
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Run a server command until the block ends; yields its base URL, once the server
    answers at ``status_path`` (any HTTP status counts as an answer).

    The command runs in its own session, so stopping it stops everything it started; its
    output goes to ``log``, which a failure to start shows.

    Raises:
        RuntimeError: if the server exits or does not answer within ``timeout`` seconds.
    """
    with log.open("w") as out:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{base}{status_path}", timeout=2):  # noqa: S310
                    break  # (loopback)
            except urllib.error.HTTPError as error:
                error.close()
                break  # the server answers, even if not with 200
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{command[0]} did not start:\n{log.read_text()}") from None
                time.sleep(0.3)
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
