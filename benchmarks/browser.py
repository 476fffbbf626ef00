"""Slider to redraw in a real browser: how long a lab takes to answer a key press.

    make bench      (or: python -m benchmarks.browser)

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
from dataclasses import dataclass
from pathlib import Path

from benchmarks.servers import CHROMIUM, FLAGS, free_port, running_server

ROOT = Path(__file__).resolve().parent.parent
CHANGES = 30
SETTLE = 0.25
QUIET = 5.0
TARGET_MS = 150


@dataclass(frozen=True)
class Probe:
    """A lab and the slider that is its key parameter, found by the slider's label."""

    lab: str
    slider_label: str
    charts: int  # how many charts the lab has (the linked labs' charts are not counted)
    prepare: str | None = None  # a plan to choose first in the lab's dropdown, if any
    first_key: str = "ArrowLeft"  # away from the end the slider starts at


PROBES = [
    Probe("commission", "Share of margin", 3, prepare="Share of gross margin"),
    Probe("budget", "Share: Spare parts", 2),
    Probe("alignment", "Sales bonus on its own plan", 2),
    # Ticket ranges change which numbers the guests hold, not the chart; an evening does.
    Probe("cloakroom", "Evening (seed)", 1, first_key="ArrowRight"),
]

# In the page: watch one lab's charts, and note when each key press goes down.
WATCH = """
([label, charts]) => {
    const sliders = [...document.querySelectorAll('.widget-slider')]
        .filter(s => s.textContent.includes(label));
    if (sliders.length === 0) throw new Error('no slider labelled ' + label);
    const slider = sliders[0];
    let root = slider;
    while (root && root.querySelectorAll('.vega-embed').length < charts) {
        root = root.parentElement;
    }
    if (!root) throw new Error('no lab with ' + charts + ' charts around ' + label);
    const embeds = [...root.querySelectorAll('.vega-embed')].slice(0, charts);
    const state = {t0: 0, last: embeds.map(() => 0)};
    const observer = new MutationObserver(records => {
        const now = performance.now();
        for (const record of records) {
            const index = embeds.findIndex(e => e.contains(record.target));
            if (index >= 0) state.last[index] = now;
        }
    });
    observer.observe(root, {subtree: true, childList: true, attributes: true,
                            characterData: true});
    window.__probe && window.__probe.stop();
    state.stop = () => {
        observer.disconnect();
        document.removeEventListener('keydown', state.down, true);
    };
    state.down = () => { state.t0 = performance.now(); };
    document.addEventListener('keydown', state.down, true);
    window.__probe = state;
    slider.scrollIntoView({block: 'center'});
    return embeds.length;
}
"""
REDRAWN = """
(settle) => {
    const s = window.__probe;
    if (!s.t0 || !s.last.some(t => t > s.t0)) return false;
    return performance.now() - Math.max(...s.last) > settle * 1000;
}
"""
ELAPSED = "() => Math.max(...window.__probe.last) - window.__probe.t0"


def p95(values: list[float]) -> float:
    """The 95th percentile by nearest rank (of 30 values: the 29th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def time_presses(page, probe: Probe, changes: int = CHANGES) -> list[float]:
    """Milliseconds from each of ``changes`` key presses to the lab's last redraw.

    A press after which no chart changes within QUIET seconds (the model gave the same
    picture) is not timed; it is counted, and a probe where every press is quiet fails.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if probe.prepare:
        plans = page.locator(
            ".widget-dropdown select", has=page.locator("option", has_text=probe.prepare)
        )
        plans.first.select_option(probe.prepare)
        time.sleep(1.0)  # the lab redraws for the new plan
    found = page.evaluate(WATCH, [probe.slider_label, probe.charts])
    if found != probe.charts:
        raise RuntimeError(f"{probe.lab}: found {found} charts, expected {probe.charts}")
    handle = page.locator(".widget-slider", has_text=probe.slider_label).first
    handle = handle.locator(".noUi-handle").first
    handle.focus()
    back = "ArrowRight" if probe.first_key == "ArrowLeft" else "ArrowLeft"
    times, quiet = [], 0
    for index in range(changes):
        handle.press(probe.first_key if index % 2 == 0 else back)
        try:
            page.wait_for_function(REDRAWN, arg=SETTLE, timeout=QUIET * 1000, polling=20)
        except PlaywrightTimeout:
            quiet += 1
            continue
        times.append(page.evaluate(ELAPSED))
    page.evaluate("() => window.__probe.stop()")
    if not times:
        raise RuntimeError(f"{probe.lab}: no press of {probe.slider_label!r} redrew a chart")
    return times


def run_all_in_jupyterlab(page, url: str) -> None:
    """Open a notebook in a fresh JupyterLab workspace and run all its cells once the
    kernel is up and idle (JupyterLab started with ``--LabApp.expose_app_in_browser``)."""
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_function(
        """() => {
            const panel = window.jupyterapp.shell.currentWidget;
            const context = panel && panel.sessionContext;
            return context && context.isReady && context.session.kernel.status === 'idle';
        }""",
        timeout=60_000,
    )
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")


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


def main() -> int:
    print("Slider to redraw in headless Chromium (benchmarks/browser.py)\n")
    print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
