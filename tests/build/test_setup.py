"""`make`'s set-up: uv installs the lock files' exact versions; pip when asked, or when uv fails.

Each test runs the Makefile's own install rule in a temporary copy of its inputs (never in the
repository's .venv). With warm package caches the three take about 20 s together.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

from tests.harness import STAMP, clean_env, copy_install_inputs, make_environment

pytestmark = [
    pytest.mark.slow,
    pytest.mark.usefixtures("make"),
]

PIP_INSTALL = "-m pip --disable-pip-version-check install"
# Dependency-free pins taken from the real locks: enough to show which installer ran and
# that it honoured the pins, in seconds even with pip.
SMALL_LAB = ("defusedxml", "six")
SMALL_TEST = (*SMALL_LAB, "webencodings", "setuptools")  # replaces the venv's own


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> dict[str, str]:
    """``{name: version}`` from the ``name==version`` lines of a lock file."""
    found = {}
    for line in text.splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            found[canonical(name)] = version.strip()
    return found


def installed(folder) -> dict[str, str]:
    """``{name: version}`` of every distribution in the folder's .venv, but pip itself."""
    listing = subprocess.run(
        [
            folder / ".venv" / "bin" / "python",
            "-c",
            "import importlib.metadata as m\n"
            "for d in m.distributions(): print(f\"{d.metadata['Name']}=={d.version}\")",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {name: v for name, v in pins(listing).items() if name != "pip"}


def small_locks(folder) -> dict[str, str]:
    """Replace the copy's locks with a few of their own pins; return the test lock's."""
    real = pins((ROOT / "requirements" / "test.lock.txt").read_text())
    for lock, names in (("lab", SMALL_LAB), ("test", SMALL_TEST)):
        lines = [f"{name}=={real[name]}\n" for name in names]
        (folder / "requirements" / f"{lock}.lock.txt").write_text("".join(lines))
    return {name: real[name] for name in SMALL_TEST}


def test_uv_installs_exactly_the_test_lock_and_a_second_run_installs_nothing(tmp_path):
    folder = copy_install_inputs(tmp_path)
    run = make_environment(folder, "uv")
    assert run.returncode == 0, run.stdout
    assert "uv pip install --quiet --python .venv/bin/python -r requirements/test.lock.txt" in (
        run.stdout
    ), run.stdout
    assert PIP_INSTALL not in run.stdout, run.stdout  # no fallback to pip

    expected = pins((ROOT / "requirements" / "test.lock.txt").read_text())
    assert installed(folder) == {**expected, "incentives": "0.1.0"}
    # uv itself lives beside the environment, not in it (the freeze above holds no uv).
    assert (folder / ".venv" / "uv" / "bin" / "uv").exists() or shutil.which("uv")
    # The package is the editable working copy, and JupyterLab gets the course's settings.
    python = folder / ".venv" / "bin" / "python"
    where = subprocess.run(
        [python, "-c", "import incentives; print(incentives.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.strip() == str(folder / "src" / "incentives" / "__init__.py")
    assert (folder / ".venv/share/jupyter/lab/settings/overrides.json").exists()
    # Every installed module has its bytecode, even where Python may not write it itself.
    (site,) = (folder / ".venv" / "lib").glob("python3.*/site-packages")
    tag = sys.implementation.cache_tag
    for module in ("pandas/__init__", "nbgrader/apps/autogradeapp", "ipykernel/kernelapp"):
        folder_of, name = module.rsplit("/", 1)
        assert (site / folder_of / "__pycache__" / f"{name}.{tag}.pyc").exists(), module
    # ...and the environment's kernelspec starts kernels on no TCP port (tests/instructor/test_kernels.py).
    spec = json.loads((folder / ".venv/share/jupyter/kernels/python3/kernel.json").read_text())
    assert spec["argv"][:3] == ["python", "-m", "incentives.course.kernel_launcher"], spec

    again = subprocess.run(["make", "--question", STAMP], cwd=folder, env=clean_env())
    assert again.returncode == 0, "a second run would install again"


def test_installer_pip_uses_pip_only(tmp_path):
    folder = copy_install_inputs(tmp_path)
    expected = small_locks(folder)
    run = make_environment(folder, "pip")
    assert run.returncode == 0, run.stdout
    assert f"{PIP_INSTALL} --quiet -r requirements/test.lock.txt" in run.stdout, run.stdout
    assert "uv pip install" not in run.stdout and "fetching uv" not in run.stdout, run.stdout
    assert not (folder / ".venv" / "uv").exists()
    assert installed(folder) == {**expected, "incentives": "0.1.0"}


def test_pip_takes_over_when_uv_fails(tmp_path):
    folder = copy_install_inputs(tmp_path / "course")
    expected = small_locks(folder)
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "uv").write_text("#!/bin/sh\necho 'uv: broken on purpose' >&2\nexit 2\n")
    (fake_bin / "uv").chmod(0o755)
    env = clean_env()
    env["PATH"] = f"{fake_bin}:{env['PATH']}"
    run = make_environment(folder, "uv", env=env)
    assert run.returncode == 0, run.stdout
    assert "uv failed: installing with pip instead" in run.stdout, run.stdout
    assert f"{PIP_INSTALL} --quiet -r requirements/test.lock.txt" in run.stdout, run.stdout
    assert installed(folder) == {**expected, "incentives": "0.1.0"}
