"""How long the environment for `make test` takes to set up, with uv and with pip.

    make bench      (or only this one: python -m benchmarks setup)

For each installer, a temporary copy of the install inputs (Makefile, pyproject.toml,
requirements/, src/, ...) runs the Makefile's own install rule, ``make .venv/.installed-test
INSTALLER=...``: a fresh venv, the lab lock, the package (editable, no deps), the test lock,
exactly what a fresh clone's first `make test` does before its first check. Each installer
runs twice in a fresh folder: the first run warms its package cache (its time is reported as
found: cold on a new machine, already warm on one that has installed before), the second is
the warm time. Target (issue 13): at most 20 s warm for the default installer, uv.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from tests.harness import copy_install_inputs, make_environment

INSTALLERS = ("uv", "pip")


def timed_setup(installer: str) -> float:
    """Seconds for one fresh environment with ``installer``, in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="course-setup-") as folder:
        copy_install_inputs(Path(folder))
        start = time.perf_counter()
        run = make_environment(Path(folder), installer)
        seconds = time.perf_counter() - start
        if run.returncode != 0:
            raise RuntimeError(f"make with INSTALLER={installer} failed:\n{run.stdout}")
        if installer == "uv" and "uv pip install" not in run.stdout:
            raise RuntimeError(f"uv was not used (no uv on PyPI?):\n{run.stdout}")
        return seconds


def measure(installers: tuple[str, ...] = INSTALLERS) -> dict[str, tuple[float, float]]:
    """``{installer: (warm seconds, first-run seconds)}``, every installer in this one run."""
    times = {}
    for name in installers:
        first = timed_setup(name)
        times[name] = (timed_setup(name), first)
    return times


def table(installers: tuple[str, ...] = INSTALLERS) -> str:
    rows = [
        "| installer | warm cache (s) | first run (s) |",
        "| --- | ---: | ---: |",
    ]
    for name, (warm, first) in measure(installers).items():
        rows.append(f"| {name} | {warm:.1f} | {first:.1f} |")
    return "\n".join(rows)
