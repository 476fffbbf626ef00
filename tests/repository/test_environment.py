"""pyproject.toml, environment.yml and the lock files agree with one another."""

from __future__ import annotations

import ast
import sys
import tomllib

import yaml
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def pyproject_requirements(*extras: str) -> dict[str, Requirement]:
    """The base dependencies and those of ``extras`` (every extra when none is named),
    without an extra's reference to another (``incentives[lab]``)."""
    optional = project()["optional-dependencies"]
    lines = list(project()["dependencies"])
    for extra in extras or optional:
        lines += optional[extra]
    found = {canonicalize_name(r.name): r for r in map(Requirement, lines)}
    found.pop("incentives", None)
    return found


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
    for name in pyproject_requirements("lab", "course"):
        assert name in lab, f"{name} is a dependency of the course but missing from lab.lock.txt"


def test_the_base_dependencies_are_what_the_data_and_model_layers_import():
    """The model installs alone: its base dependencies are the outside packages its data and
    model layers (and the package itself) import, and no more."""
    package = ROOT / "src" / "incentives"
    sources = [package / "__init__.py", *(package / "data").glob("*.py")]
    sources += (package / "model").glob("*.py")
    imported = set()
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    outside = imported - set(sys.stdlib_module_names) - {"incentives"}
    base = {canonicalize_name(Requirement(line).name) for line in project()["dependencies"]}
    assert {canonicalize_name(name) for name in outside} == base


def test_each_extra_builds_on_the_one_before():
    """``lab`` adds the charts and widgets, ``course`` the lab and the course tools, ``test``
    the course and the test tools: installing an extra installs what the others need."""
    optional = project()["optional-dependencies"]
    assert "incentives[lab]" in optional["course"]
    assert "incentives[course]" in optional["test"]
    assert {"altair", "ipywidgets", "anywidget"} <= pyproject_requirements("lab").keys()
    assert "nbgrader" in pyproject_requirements("course")
    assert "nbgrader" not in pyproject_requirements("lab")
