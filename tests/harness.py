"""What the tests and the benchmarks (benchmarks/) share to run the course's programs: a
server on 127.0.0.1 until a block ends, Debian's Chromium and its flags, a lab's key slider
timed from a key press to its charts' redraw, and `make`'s install rule run in a copy of
its inputs. The benchmarks import it from here, never the other way round."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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

# What the running test has started (a server here, a kernel or a database in conftest):
# tests/conftest.py fails a test that starts one without being marked slow.
STARTED: list[str] = []


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
    STARTED.append(f"a server ({Path(command[0]).name})")
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


# ---------------------------------------------------------------------------------------------
# A lab in the browser: run a notebook in JupyterLab, time a key press until the charts redraw
# ---------------------------------------------------------------------------------------------

# Presses per probe, in the benchmark; a chart is redrawn once it has stayed still SETTLE
# seconds; a press after which nothing changes within QUIET seconds is not timed.
CHANGES = 30
SETTLE = 0.25
QUIET = 5.0


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


@contextmanager
def make_lab(target: str, folder: Path, *settings: str) -> Iterator[str]:
    """``make TARGET`` (``lab`` or ``instructor``) on a free port, the student's work folder
    in ``folder``/work, with the app exposed to the page (:func:`run_all_in_jupyterlab`) and
    any other make ``settings`` (``EDITION=ro``); yields its base URL until the block ends."""
    port = free_port()
    command = [
        "make",
        target,
        f"PORT={port}",
        f"WORK={folder / 'work'}",
        "LAB_ARGS=--LabApp.expose_app_in_browser=True",
        *settings,
    ]
    with running_server(command, port, folder / f"make-{target}.log") as base:
        yield base


# ---------------------------------------------------------------------------------------------
# `make`'s install rule, run in a temporary copy of what it reads
# ---------------------------------------------------------------------------------------------

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
