"""How long the explorer app takes from opening the page to its first chart.

    make bench      (or only this one: python -m benchmarks explorer)

Starts the app as ``make app`` does (Voila with a preheated kernel) on a free port, waits
until its first kernel has run the notebook, then opens the page LOADS times in headless
Chromium, PAUSE seconds apart (time for Voila to preheat the next kernel, as between two
visitors), and times each load from the request to the first drawn chart. Target: a median
of at most 3 s. Needs Debian's chromium (``.ci/run`` installs it).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from tests.harness import CHROMIUM, FLAGS, free_port, running_server

ROOT = Path(__file__).resolve().parent.parent
LOADS = 5
PAUSE = 10.0
FIRST_CHART = ".vega-embed svg, .vega-embed canvas"


def measure(loads: int = LOADS, pause: float = PAUSE) -> list[float]:
    """Seconds from opening the page to its first chart, ``loads`` times."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    command = ["make", "--no-print-directory", "app", f"APP_PORT={port}"]
    with (
        tempfile.TemporaryDirectory() as scratch,
        running_server(
            command, port, Path(scratch) / "app.log", timeout=120, status_path="/voila/static/"
        ) as base,
    ):
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
