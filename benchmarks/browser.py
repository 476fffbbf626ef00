"""Slider to redraw in a real browser: how long a lab takes to answer a key press.

    make bench      (or only this one: python -m benchmarks browser)

Opens the explorer notebook (app/explorer.ipynb: the commission, budget, alignment and
cloakroom labs) twice in headless Chromium: in JupyterLab, as a student runs it, and in
Voila, as ``make app`` serves it. For each lab it focuses the lab's key slider and presses
an arrow key CHANGES times (right, left, right, ...: every press changes the value), and
times each press from the key going down until the last of that lab's charts has redrawn.
A chart has redrawn when its SVG in the page has changed and then stayed still for SETTLE
seconds; the time counted ends at its last change. Reported: median and p95 (the 95th
percentile, nearest rank) per lab and place. Target: a p95 of at most 150 ms on the 2-core
machine. Needs Debian's chromium (``.ci/run`` installs it).
"""

from __future__ import annotations

import math
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.harness import (
    CHANGES,
    CHROMIUM,
    FLAGS,
    PROBES,
    free_port,
    run_all_in_jupyterlab,
    running_server,
    time_presses,
)

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 150


def p95(values: list[float]) -> float:
    """The 95th percentile by nearest rank (of 30 values: the 29th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _open_jupyterlab(page, base: str) -> None:
    run_all_in_jupyterlab(page, f"{base}/lab/workspaces/bench/tree/explorer.ipynb")
    page.wait_for_function(
        "document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= 8",
        timeout=120_000,
    )


def _open_voila(page, base: str) -> None:
    page.goto(f"{base}/", timeout=120_000)
    page.wait_for_function(
        "document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= 8",
        timeout=120_000,
    )


def measure(changes: int = CHANGES) -> dict[tuple[str, str], list[float]]:
    """Milliseconds per key press, by (place, lab), for JupyterLab and the explorer."""
    from playwright.sync_api import sync_playwright

    bin_dir = Path(sys.executable).parent
    results = {}
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as p:
        scratch = Path(scratch)
        shutil.copy(ROOT / "app" / "explorer.ipynb", scratch / "explorer.ipynb")
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        places = {
            "JupyterLab": (
                [
                    str(bin_dir / "jupyter"),
                    "lab",
                    "--no-browser",
                    "--ServerApp.ip=127.0.0.1",
                    "--ServerApp.port={port}",
                    "--ServerApp.port_retries=0",
                    f"--ServerApp.root_dir={scratch}",
                    "--IdentityProvider.token=",
                    "--ServerApp.allow_root=True",
                    "--LabApp.expose_app_in_browser=True",
                ],
                {},
                "/api/status",
                _open_jupyterlab,
            ),
            "explorer (Voila)": (
                [
                    str(bin_dir / "voila"),
                    str(scratch / "explorer.ipynb"),
                    "--template=course",
                    "--no-browser",
                    "--Voila.ip=127.0.0.1",
                    "--port={port}",
                    "--preheat_kernel=True",
                    "--pool_size=1",
                ],
                {"JUPYTER_PATH": str(ROOT / "app" / "share")},
                "/voila/static/",
                _open_voila,
            ),
        }
        for place, (command, env, ready, open_page) in places.items():
            port = free_port()
            command = [part.replace("{port}", str(port)) for part in command]
            log = scratch / f"{place.split()[0]}.log"
            with running_server(
                command, port, log, timeout=120, status_path=ready, env=env
            ) as base:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                open_page(page, base)
                time.sleep(2.0)  # let the first draws and the kernel settle
                for probe in PROBES:
                    results[place, probe.lab] = time_presses(page, probe, changes)
                page.close()
        browser.close()
    return results


def table(changes: int = CHANGES) -> str:
    if not CHROMIUM.exists():
        return "(skipped: Debian's chromium is not installed; .ci/run installs it)"
    results = measure(changes)
    lines = [
        "| where | lab (key slider) | presses | median (ms) | p95 (ms) | max (ms) | target p95 |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    labels = {probe.lab: probe.slider_label for probe in PROBES}
    for (place, lab), times in results.items():
        lines.append(
            f"| {place} | {lab} ({labels[lab]}) | {len(times)} | {statistics.median(times):.0f}"
            f" | {p95(times):.0f} | {max(times):.0f} | at most {TARGET_MS} |"
        )
    return "\n".join(lines)
