"""pyproject.toml, environment.yml and the lock files agree with one another."""

from __future__ import annotations

import tomllib

import yaml
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version


def pyproject_requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["test"]
    return {canonicalize_name(r.name): r for r in map(Requirement, lines)}


def conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    found = {}
    for item in env["dependencies"]:
        if isinstance(item, str) and not item.startswith(("python", "pip")):
            requirement = Requirement(item)
            found[canonicalize_name(requirement.name)] = str(requirement.specifier)
    return found


def lock(name: str) -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "requirements" / f"{name}.lock.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            requirement = Requirement(line)
            (spec,) = requirement.specifier
            assert spec.operator == "==", f"{line!r} in {name}.lock.txt is not an exact pin"
            pins[canonicalize_name(requirement.name)] = Version(spec.version)
    return pins


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    expected = {name: str(r.specifier) for name, r in pyproject_requirements().items()}
    assert conda_requirements() == expected


def test_every_environment_yml_dependency_says_why_it_is_there():
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        if line.strip().startswith("- ") and not line.strip().startswith("- pip:"):
            assert "#" in line, f"environment.yml line without a comment: {line.strip()}"


def test_locks_pin_versions_that_pyproject_allows():
    test_lock = lock("test")
    for name, requirement in pyproject_requirements().items():
        assert name in test_lock, f"{name} is a dependency but missing from test.lock.txt"
        assert requirement.specifier.contains(test_lock[name], prereleases=True), (
            f"test.lock.txt pins {name}=={test_lock[name]}, outside {requirement.specifier}"
        )


def test_lab_lock_is_the_test_lock_without_the_test_tools():
    lab, test = lock("lab"), lock("test")
    assert {name: test.get(name) for name in lab} == lab
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for line in project["dependencies"]:
        assert canonicalize_name(Requirement(line).name) in lab
