"""How long the environment for `make test` takes to set up, with uv and with pip.

    make bench      (or: python -m benchmarks.setup)

For each installer, a temporary copy of the install inputs (Makefile, pyproject.toml,
requirements/, src/, ...) runs the Makefile's own install rule, ``make .venv/.installed-test
INSTALLER=...``: a fresh venv, the lab lock, the package (editable, no deps), the test lock,
exactly what a fresh clone's first `make test` does before its first check. Each installer
runs twice in a fresh folder: the first run warms its package cache (its time is reported as
found: cold on a new machine, already warm on one that has installed before), the second is
the warm time. Target (issue 13): at most 20 s warm for the default installer, uv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the Makefile's install rules read: everything else in the repository is left out.
INSTALL_INPUTS = (
    "Makefile",
    "pyproject.toml",
    "README.md",
    "LICENSE",
    "requirements",
    "src",
    "data",
    "jupyter/overrides.json",
)
STAMP = ".venv/.installed-test"
INSTALLERS = ("uv", "pip")


def copy_install_inputs(dest: Path, root: Path = ROOT) -> Path:
    """Copy what `make`'s install rules read into ``dest`` (a fresh folder); return it."""
    for name in INSTALL_INPUTS:
        source, target = root / name, dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(
                source, target, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
            )
        else:
            shutil.copy2(source, target)
    return dest


def clean_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """``env`` (default: this process's) without what an outer `make` (make bench, make test)
    passes down to a `make` it runs: its flags and command-line variables."""
    env = dict(os.environ if env is None else env)
    for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VIRTUAL_ENV"):
        env.pop(name, None)
    return env


def make_environment(
    folder: Path, installer: str = "uv", env: dict[str, str] | None = None, target: str = STAMP
) -> subprocess.CompletedProcess:
    """Run ``make TARGET INSTALLER=installer`` in ``folder`` (a copy of the install inputs)
    with the system's Python; return the finished run, its output in ``.stdout``."""
    python = getattr(sys, "_base_executable", None) or shutil.which("python3") or "python3"
    return subprocess.run(
        ["make", target, f"PYTHON={python}", "VENV=.venv", f"INSTALLER={installer}"],
        cwd=folder,
        env=clean_env(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )


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


def main() -> int:
    print("Set-up: a fresh environment for `make test` from the lock files (benchmarks/setup.py)\n")
    print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
