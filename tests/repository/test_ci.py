"""`.ci/run` itself: it reaches `make test`, and passes on its exit code."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, missing, require_program

CI_RUN = ROOT / ".ci" / "run"

# What .ci/run installs when it is missing; with all of it present it installs nothing.
CI_NEEDS = {
    "chromium": os.path.exists("/usr/bin/chromium"),
    "postgresql": any(Path("/usr/lib/postgresql").glob("*/bin/initdb")),
    "npm": shutil.which("npm") is not None,
    "configurable-http-proxy": shutil.which("configurable-http-proxy") is not None,
    "setfacl": shutil.which("setfacl") is not None,
}
MISSING = [name for name, present in CI_NEEDS.items() if not present]


@pytest.fixture(autouse=True)
def nothing_to_install():
    """.ci/run is run here only where it installs nothing: bash and all of CI_NEEDS."""
    require_program("bash")
    if MISSING:
        missing(f".ci/run would install {', '.join(MISSING)}, and this test runs it")


def run_with_fake_make(tmp_path, test_exit: int) -> tuple[subprocess.CompletedProcess, list]:
    """Run .ci/run with a stand-in `make` that prints a long --version; return the run and
    the arguments of each call to make.

    A real `make --version` prints several lines; a long one makes any early-closing reader
    (`| head -n 1` under pipefail) fail the script, as it once did in CI (exit 141).
    """
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    fake = bin_dir / "make"
    fake.write_text(
        textwrap.dedent(
            f"""\
            #!/usr/bin/env bash
            echo "$*" >> {calls}
            if [ "$1" = --version ]; then
                echo "GNU Make 4.3 (stand-in)"
                for i in $(seq 1 20000); do echo "line $i of a long licence"; done
                exit 0
            fi
            exit {test_exit}
            """
        )
    )
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["bash", str(CI_RUN)], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    return result, calls.read_text().splitlines() if calls.exists() else []


def test_ci_run_reaches_make_test_and_passes(tmp_path):
    result, calls = run_with_fake_make(tmp_path, test_exit=0)
    assert result.returncode == 0, result.stderr
    assert calls == ["--version", "test"]
    assert "GNU Make 4.3 (stand-in)" in result.stdout
    assert "line 2 of" not in result.stdout


def test_ci_run_fails_when_make_test_fails(tmp_path):
    result, calls = run_with_fake_make(tmp_path, test_exit=2)
    assert result.returncode == 2
    assert calls == ["--version", "test"]
