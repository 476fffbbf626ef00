"""How long each lesson takes to run top to bottom, kernel start included, and what a
kernel spends setting up its charts.

    make bench      (or only this one: python -m benchmarks lessons)

Each solution notebook is executed in a fresh kernel with nbclient, from its own folder, as
a student's "Restart Kernel and Run All" would, one after another. Targets: at most 10 s a
lesson, and all the solution notebooks together in at most 40 s (set for seven
lessons; eleven since lessons 02, 04 and 06 were split into parts). The
chart set-up is measured in fresh Python processes: importing Altair, then giving it the
offline bundle from this machine's cache (built once if missing; target 0.3 s).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from incentives.instructor.kernels import private_kernel_config

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 10.0
TOTAL_TARGET_SECONDS = 40.0


def run_seconds(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        config=private_kernel_config(),
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def lesson_runs() -> str:
    """Seconds per solution notebook, and for all of them one after another."""
    lines = ["| lesson | seconds | within target |", "| --- | ---: | --- |"]
    total = 0.0
    for path in sorted((ROOT / "solutions").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        seconds = run_seconds(path)
        total += seconds
        ok = "yes" if seconds <= TARGET_SECONDS else "NO"
        lines.append(f"| {path.parent.name} | {seconds:.1f} | {ok} (10 s) |")
    ok = "yes" if total <= TOTAL_TARGET_SECONDS else "NO"
    lines.append(f"| all solution notebooks, one after another | {total:.1f} | {ok} (40 s) |")
    return "\n".join(lines)


SETUP = """
import time
start = time.perf_counter()
from incentives.views.live import enable_offline, load_altair

load_altair()
imported = time.perf_counter()
enable_offline()
print(imported - start, time.perf_counter() - imported)
"""


def chart_setup(repeats: int = 5) -> str:
    """Median seconds of a fresh kernel's chart set-up: Altair's import, then the offline
    bundle (the first run builds the machine's cache if it is missing)."""
    import statistics
    import subprocess

    subprocess.run([sys.executable, "-c", SETUP], check=True, capture_output=True)  # cache
    runs = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", SETUP], check=True, capture_output=True, text=True
        ).stdout
        runs.append([float(x) for x in out.split()])
    importing = statistics.median(r[0] for r in runs)
    bundle = statistics.median(r[1] for r in runs)
    return "\n".join(
        [
            "| per kernel, median of 5 | seconds | target |",
            "| --- | ---: | --- |",
            f"| import altair (as the course does, with the views module) | {importing:.2f} | |",
            f"| offline chart set-up, bundle from the cache | {bundle:.3f} | at most 0.3 |",
        ]
    )


def table() -> str:
    """The lessons' run times, then a kernel's chart set-up."""
    return lesson_runs() + "\n\n" + chart_setup()
