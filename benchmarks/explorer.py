"""How long the explorer app takes from opening the page to its first chart.

    make bench      (or: python -m benchmarks.explorer)

Starts the app as ``make app`` does (Voila with a preheated kernel) on a free port, waits
until its first kernel has run the notebook, then opens the page LOADS times in headless
Chromium, PAUSE seconds apart (time for Voila to preheat the next kernel, as between two
visitors), and times each load from the request to the first drawn chart. Target: a median
of at most 3 s. Needs Debian's chromium (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
LOADS = 5
PAUSE = 10.0
FIRST_CHART = ".vega-embed svg, .vega-embed canvas"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_server(base: str, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/voila/static/", timeout=2)  # noqa: S310 (loopback)
        except urllib.error.HTTPError:
            return  # the server answers (404 for the missing static file)
        except OSError:
            time.sleep(0.3)
        else:
            return
    raise RuntimeError(f"the explorer did not start at {base}")


def measure(loads: int = LOADS, pause: float = PAUSE) -> list[float]:
    """Seconds from opening the page to its first chart, ``loads`` times."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    server = subprocess.Popen(
        ["make", "--no-print-directory", "app", f"APP_PORT={port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_server(base)
        time.sleep(pause)  # the first preheated kernel runs the notebook
        times = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            for index in range(loads):
                if index:
                    time.sleep(pause)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                start = time.perf_counter()
                page.goto(f"{base}/", wait_until="commit", timeout=120_000)
                page.wait_for_selector(FIRST_CHART, timeout=120_000)
                times.append(time.perf_counter() - start)
                page.close()
            browser.close()
        return times
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def table(loads: int = LOADS, pause: float = PAUSE) -> str:
    if not CHROMIUM.exists():
        return "(skipped: Debian's chromium is not installed; .ci/run installs it)"
    times = measure(loads, pause)
    shown = ", ".join(f"{t:.1f}" for t in times)
    return "\n".join(
        [
            "| page loads | median to first chart (s) | each (s) | target |",
            "| ---: | ---: | --- | --- |",
            f"| {len(times)} | {statistics.median(times):.1f} | {shown} | at most 3 |",
        ]
    )


def main() -> int:
    print("Explorer app, page opened to first chart (benchmarks/explorer.py)\n")
    print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
