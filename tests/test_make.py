"""The Makefile's promises: `make lab` serves the lessons, and a second run installs nothing."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from conftest import ROOT, free_port, get, running_server

VENV = ROOT / ".venv"
needs_make_env = pytest.mark.skipif(
    not (VENV / ".installed-test").exists(), reason="run through `make test`"
)


@needs_make_env
def test_second_run_installs_nothing():
    for stamp in (".venv/.installed-lab", ".venv/.installed-test"):
        question = subprocess.run(["make", "--question", stamp], cwd=ROOT)
        assert question.returncode == 0, f"make would rebuild {stamp} (and reinstall)"
    dry_run = subprocess.run(
        ["make", "--dry-run", "test"], cwd=ROOT, capture_output=True, text=True
    )
    assert "pip" not in dry_run.stdout, dry_run.stdout


@needs_make_env
def test_the_fast_loop_lints_and_runs_every_test_not_marked_slow():
    dry_run = subprocess.run(
        ["make", "--dry-run", "test-fast"], cwd=ROOT, capture_output=True, text=True
    )
    commands = dry_run.stdout.splitlines()
    assert any("ruff check" in c for c in commands), commands
    assert any("ruff format --check" in c for c in commands), commands
    (pytest_run,) = [c for c in commands if "pytest" in c]
    assert '-m "not slow"' in pytest_run


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    """`make lab` on a free port; yields (base URL, the log of what it printed)."""
    port = free_port()
    log = tmp_path_factory.mktemp("lab") / "make-lab.log"
    with running_server(["make", "lab", f"PORT={port}"], port, log) as base:
        yield base, log


@pytest.mark.slow
@needs_make_env
def test_make_lab_serves_jupyterlab_on_the_lessons(lab_server):
    base, log = lab_server
    assert f"http://127.0.0.1:{base.rsplit(':', 1)[1]}/lab" in log.read_text()
    status, page = get(f"{base}/lab")
    assert status == 200
    status, listing = get(f"{base}/api/contents/")
    names = {item["name"] for item in json.loads(listing)["content"]}
    assert names == {p.name for p in (ROOT / "lessons").iterdir() if p.is_dir()}

    config = json.loads(
        re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1)
    )
    extensions = {e["name"] for e in config["federated_extensions"]}
    assert "@jupyter/nbgrader" in extensions
    disabled = config.get("disabledExtensions", [])
    assert not [d for d in disabled if "nbgrader" in str(d)], disabled


@pytest.mark.slow
@needs_make_env
def test_make_lab_does_not_fetch_jupyter_news(lab_server):
    base, _log = lab_server
    _status, body = get(f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification")
    # jupyter/overrides.json changes the defaults, which the schema reports.
    defaults = {k: v.get("default") for k, v in json.loads(body)["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false"
    assert defaults["checkForUpdates"] is False
