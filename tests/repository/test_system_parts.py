"""A test that needs a part of the system (Chromium, bubblewrap, PostgreSQL, make...) skips
without it, naming what is missing; under CI (``CI=true``), where .ci/run installs every
part, it fails instead, so that a broken CI machine cannot pass by skipping."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import conftest
import pytest
from conftest import ROOT, missing, require_program

# The browser tests of today; a new one only adds to them.
BROWSER_TESTS_AT_LEAST = 12


def test_outside_ci_a_missing_part_skips_the_test_naming_it(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="^bubblewrap is not installed$"):
        missing("bubblewrap is not installed")


def test_under_ci_a_missing_part_fails_the_test_naming_it(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true, but bubblewrap is not installed"):
        missing("bubblewrap is not installed")


def test_a_program_not_on_path_is_named(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(pytest.skip.Exception, match="make is not on PATH"):
        require_program("make")


def test_a_missing_chromium_is_named_with_its_path(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(conftest, "CHROMIUM", Path("/nonexistent/chromium"))
    with pytest.raises(pytest.skip.Exception, match="/nonexistent/chromium is missing"):
        conftest.require_chromium()


def outcomes(report: Path) -> dict[str, str]:
    """``{test id: "passed" | "failure" | "error" | "skipped"}`` from a JUnit XML report."""
    found = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        found[f"{case.get('classname')}.{case.get('name')}"] = kinds[0] if kinds else "passed"
    return found


@pytest.mark.slow
def test_under_ci_without_chromium_every_browser_test_fails(tmp_path):
    """The whole suite's browser tests (every test using the ``chromium`` fixture, directly
    or through a fixture that starts a server for the browser), with Chromium hidden: each
    fails, naming it, before any server starts; none skips."""
    report = tmp_path / "report.xml"
    env = {**os.environ, "CI": "true", "INCENTIVES_CHROMIUM": str(tmp_path / "no-chromium")}
    env.pop("INCENTIVES_TEST_LESSONS", None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider"]
        + ["-m", "browser", "-q", f"--junitxml={report}", "tests"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    found = outcomes(report)
    assert len(found) >= BROWSER_TESTS_AT_LEAST, found
    assert {test: kind for test, kind in found.items() if kind not in ("failure", "error")} == {}
    assert run.stdout.count("CI=true, but Debian's chromium is not installed") >= len(found)
