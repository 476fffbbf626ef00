"""Binder builds the course: repo2docker's Dockerfile for this repository, without Docker.

`repo2docker --no-build --debug` prints the Dockerfile it would build (no Docker daemon
needed). repo2docker is installed from PyPI into a temporary environment, once per session.
The launch on mybinder.org itself is not tried here.
"""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
import urllib.request
import venv
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, missing, repository_copy
from packaging.specifiers import SpecifierSet

BINDER = ROOT / "binder"


def pypi_reachable() -> bool:
    try:
        with urllib.request.urlopen("https://pypi.org/simple/jupyter-repo2docker/", timeout=10):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def repo2docker(tmp_path_factory) -> Path:
    """The `repo2docker` command, from PyPI's jupyter-repo2docker in a temporary venv."""
    env = tmp_path_factory.mktemp("repo2docker") / "venv"
    venv.create(env, with_pip=True)
    install = subprocess.run(
        [env / "bin" / "python", "-m", "pip", "install", "--quiet", "jupyter-repo2docker"],
        capture_output=True,
        text=True,
    )
    if install.returncode != 0:
        if not pypi_reachable():
            missing("PyPI is unreachable, so jupyter-repo2docker cannot be installed")
        pytest.fail(f"pip install jupyter-repo2docker failed:\n{install.stderr}")
    return env / "bin" / "repo2docker"


def dockerfile(repo2docker: Path, repository: Path) -> tuple[str, str]:
    """repo2docker's (Dockerfile, log) for ``repository``, built by no one."""
    run = subprocess.run(
        [repo2docker, "--no-build", "--debug", repository],
        cwd=repository.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout, run.stderr


def pinned_python() -> str:
    """The Python binder/environment.yml pins, as "3.x"."""
    dependencies = yaml.safe_load((BINDER / "environment.yml").read_text())["dependencies"]
    (pin,) = [d for d in dependencies if isinstance(d, str) and d.startswith("python")]
    match = re.fullmatch(r"python=(3\.\d+)", pin)
    assert match, f"binder/environment.yml: {pin!r} is not one exact minor version"
    return match.group(1)


@pytest.fixture(scope="module")
def built(repo2docker, tmp_path_factory) -> tuple[str, str]:
    return dockerfile(repo2docker, repository_copy(tmp_path_factory.mktemp("binder") / "repo"))


def test_binder_pins_a_python_the_course_accepts():
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert SpecifierSet(requires).contains(pinned_python() + ".0")


@pytest.mark.slow
def test_repo2docker_uses_the_conda_buildpack_with_the_pinned_python(built):
    text, log = built
    assert f"Building conda environment for python={pinned_python()}" in log, log
    assert "Python version unspecified" not in log
    assert "${MAMBA_EXE} env update" in text
    assert '--file "binder/environment.yml"' in text


@pytest.mark.slow
def test_binder_installs_the_lock_file_and_the_course_package(built):
    text, _log = built
    assert "RUN ./binder/postBuild" in text
    commands = [
        line.strip()
        for line in (BINDER / "postBuild").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert "python -m pip install --no-cache-dir -r requirements/lab.lock.txt" in commands
    assert "python -m pip install --no-cache-dir --no-deps --editable ." in commands
    assert os.access(BINDER / "postBuild", os.X_OK), "binder/postBuild is not executable"


@pytest.mark.slow
def test_binder_starts_every_session_through_binder_start(built):
    text, _log = built
    assert 'ENV R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in text


def test_binder_starts_the_students_lab_from_jupyter_student():
    """binder/start puts jupyter/student/ first on Jupyter's configuration path, as `make lab`
    and the hub's student servers do: the same disabled plugins and server extensions."""
    env = {k: v for k, v in os.environ.items() if k != "JUPYTER_CONFIG_PATH"}
    command = [BINDER / "start", "sh", "-c", 'echo "$JUPYTER_CONFIG_PATH"']
    alone = subprocess.run(command, cwd="/", env=env, capture_output=True, text=True, check=True)
    assert alone.stdout.strip() == str(ROOT / "jupyter" / "student")
    env["JUPYTER_CONFIG_PATH"] = "/elsewhere"
    after = subprocess.run(command, cwd="/", env=env, capture_output=True, text=True, check=True)
    assert after.stdout.strip() == f"{ROOT / 'jupyter' / 'student'}:/elsewhere"


def test_binder_takes_away_only_what_needs_an_exchange():
    """The student's list is not repeated in postBuild: Binder adds the Assignments tab, its
    menu and its server extension, which need nbgrader's exchange (Binder has none)."""
    post_build = (BINDER / "postBuild").read_text()
    (plugins,) = re.findall(r"for plugin in ([^;]+);", post_build)
    assert plugins.split() == ["assignment-list", "menu"]
    assert re.findall(r"server extension disable --sys-prefix (\S+)", post_build) == [
        "nbgrader.server_extensions.assignment_list"
    ]
    assert os.access(BINDER / "start", os.X_OK), "binder/start is not executable"


@pytest.mark.slow
def test_the_check_catches_an_unpinned_python(repo2docker, tmp_path):
    """The failure this file guards against: `python>=3.11` gets Python 3.10."""
    repository = repository_copy(tmp_path / "repo")
    pinned = repository / "binder" / "environment.yml"
    pinned.write_text(re.sub(r'"python=3\.\d+"', '"python>=3.11"', pinned.read_text()))
    _text, log = dockerfile(repo2docker, repository)
    assert "Python version unspecified" in log
    assert "Building conda environment for python=3.10" in log


def test_readme_badge_opens_the_lessons_on_binder():
    readme = (ROOT / "README.md").read_text()
    badge = re.search(r"\(https://mybinder\.org/v2/gh/[^)\s]+\)", readme)
    assert badge, "README.md has no mybinder.org launch link"
    assert "urlpath=lab/tree/lessons" in badge.group(0)
