"""The library's folders are its layers, and imports only go down (docs/architecture.md).

data -> model -> views -> labs, with testing beside the views and the course tools on top,
and the editions (i18n) under them all:

| layer | may import from the course | never imports |
| --- | --- | --- |
| i18n | nothing | altair, ipywidgets, anywidget, vl_convert, nbgrader |
| data | i18n (every layer below may import it too) | the same |
| model | data | the same |
| testing | model, data | the same |
| views | model, data | nbgrader |
| labs | views, model, data | nbgrader |
| site | views, model, data | nbgrader |
| course | everything | nbgrader |
| instructor | everything but the course, of which only course.paths (root, lessons) | - |

The `course` command (course/cli.py, its instructor's verbs in instructor/commands.py) and the
self-check (course/check.py) run the instructor's tools; those share the course's root and
lesson finder and nothing else of it, so the student's part of the course never depends on
the instructor's package.

Every import counts, at the top of a module or inside a function: a lazy upward import is
still an upward dependency.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "src" / "incentives"
WIDGETS_AND_CHARTS = {"altair", "ipywidgets", "anywidget", "vl_convert", "nbgrader"}
MAY_IMPORT = {
    "root": set(),  # incentives/__init__.py: importing the package stays cheap
    # The editions (words, numbers and dates in English or Romanian): every layer's text
    # goes through it, so it sits below them all and imports nothing of the course.
    "i18n": set(),
    "data": {"i18n"},
    "model": {"data", "i18n"},
    "testing": {"model", "data", "i18n"},
    "views": {"model", "data", "i18n"},
    "labs": {"views", "model", "data", "i18n"},
    "site": {"views", "model", "data", "i18n"},
    "course": {"instructor", "site", "labs", "views", "testing", "model", "data", "i18n"},
    "instructor": {"course", "labs", "views", "testing", "model", "data", "i18n"},
}
# A layer that may import only some modules of another: (importer, imported) -> modules.
ONLY = {("instructor", "course"): {"incentives.course.paths"}}
NEVER_IMPORTS = {
    "root": WIDGETS_AND_CHARTS,
    "i18n": WIDGETS_AND_CHARTS,
    "data": WIDGETS_AND_CHARTS,
    "model": WIDGETS_AND_CHARTS,
    "testing": WIDGETS_AND_CHARTS,
    # A live chart is an ipywidget (altair's JupyterChart); under the grader it is a blank one.
    "views": {"nbgrader"},
    "labs": {"nbgrader"},
    "site": {"nbgrader"},  # it renders the student's lessons, never grades them
    # The student's command starts without nbgrader; the instructor's tools wrap it.
    "course": {"nbgrader"},
    "instructor": set(),
}


def layer_of(path: Path, package: Path) -> str:
    """The layer of a module: its first folder under the package (``root`` for the top)."""
    parts = path.relative_to(package).parts
    return "root" if len(parts) == 1 else parts[0]


def imported_names(path: Path, package_name: str = "incentives") -> list[tuple[int, str]]:
    """Every module ``path`` imports, with its line, relative imports made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = path.with_suffix("").parts
    module_parts = list(here[here.index(package_name) :])
    if module_parts[-1] == "__init__":
        module_parts.pop()
    else:
        module_parts.pop()  # a module's relative imports start from its package
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module_parts[: len(module_parts) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            if origin.startswith(f"{package_name}.") and origin.count(".") == 1:
                # ``from incentives.course import paths`` imports incentives.course.paths
                found += [(node.lineno, f"{origin}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, origin))
            # ``from incentives import views`` imports the views layer itself
            if origin == package_name:
                found += [
                    (node.lineno, f"{origin}.{alias.name}")
                    for alias in node.names
                    if alias.name in MAY_IMPORT
                ]
    return found


def violations(package: Path) -> list[str]:
    """Each import that goes up a layer, sideways between layers, or to a banned library."""
    problems = []
    for path in sorted(package.rglob("*.py")):
        layer = layer_of(path, package)
        if layer not in MAY_IMPORT:
            problems.append(f"{path.relative_to(package)}: folder {layer!r} is not a known layer")
            continue
        for line, name in imported_names(path, package.name):
            parts = name.split(".")
            where = f"{path.relative_to(package.parent)}:{line}"
            if parts[0] == package.name:
                # ``import incentives`` alone is fine: the package's top imports nothing
                target = parts[1] if len(parts) > 1 else layer
                only = ONLY.get((layer, target))
                if target != layer and target not in MAY_IMPORT[layer]:
                    allowed = ", ".join(sorted(MAY_IMPORT[layer])) or "nothing of the course"
                    problems.append(
                        f"{where} imports {name}: the {layer} layer may import {allowed}"
                    )
                elif only and not any(name == m or name.startswith(f"{m}.") for m in only):
                    allowed = ", ".join(sorted(only))
                    problems.append(
                        f"{where} imports {name}: of {target}, the {layer} layer may import "
                        f"only {allowed}"
                    )
            elif parts[0] in NEVER_IMPORTS[layer]:
                problems.append(f"{where} imports {name}: the {layer} layer never imports it")
    return problems


def test_imports_only_go_down_the_layers():
    assert violations(PACKAGE) == []


def test_every_layer_folder_is_a_known_layer_and_a_shipped_package():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == set(MAY_IMPORT) - {"root"}
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"
    ]
    assert {p.split(".")[1] for p in packages if p.count(".") == 1} == folders
    assert "incentives.data.files" in packages  # the CSVs, as package data


def write(package: Path, module: str, source: str) -> None:
    path = package / module
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")


@pytest.mark.parametrize(
    ("module", "source", "message"),
    [
        ("model/plans.py", "from incentives.views import theme\n", "model layer may import data"),
        ("model/plans.py", "import incentives.labs.base\n", "model layer may import data"),
        ("model/plans.py", "def f():\n    from ..labs import base\n", "imports incentives.labs"),
        ("model/plans.py", "from incentives import testing\n", "imports incentives.testing"),
        ("data/loader.py", "from incentives.model import sales\n", "data layer may import i18n"),
        ("model/sales.py", "import altair as alt\n", "never imports it"),
        ("model/sales.py", "def f():\n    import ipywidgets\n", "never imports it"),
        ("testing/__init__.py", "from incentives.views import charts\n", "testing layer"),
        ("views/charts.py", "from incentives.labs import base\n", "views layer"),
        ("labs/base.py", "from incentives.course import cli\n", "labs layer"),
        ("labs/base.py", "from incentives.instructor import batch\n", "labs layer"),
        ("site/builder.py", "from incentives.labs import base\n", "site layer"),
        ("instructor/report.py", "from incentives.site import builder\n", "instructor layer"),
        ("instructor/batch.py", "from incentives.course import work\n", "only incentives"),
        ("course/cli.py", "def f():\n    from nbgrader.api import Gradebook\n", "never imports"),
        ("instructor/batch.py", "import incentives.course.cli\n", "only incentives.course"),
        ("__init__.py", "from incentives import model\n", "root layer"),
        ("widgets/lab.py", "x = 1\n", "not a known layer"),
    ],
)
def test_an_upward_import_is_reported(tmp_path, module, source, message):
    package = tmp_path / "incentives"
    write(package, "__init__.py", "")
    write(package, "model/__init__.py", "from incentives.data import load\n")
    write(package, "labs/base.py", "from incentives.views import charts\n")
    assert violations(package) == []
    write(package, module, source)
    found = violations(package)
    assert len(found) == 1 and message in found[0], found


def test_downward_and_same_layer_imports_pass(tmp_path):
    package = tmp_path / "incentives"
    write(package, "__init__.py", '__version__ = "1"\n')
    write(package, "model/sales.py", "from .plans import Plan\nfrom incentives.data import load\n")
    write(package, "views/charts.py", "import altair\nfrom incentives.views.theme import PALETTE\n")
    write(package, "labs/base.py", "import ipywidgets\nfrom incentives.model import company_x\n")
    write(package, "course/cli.py", "import argparse\nfrom incentives.labs import base\n")
    write(package, "instructor/autograde.py", "import nbgrader\n")
    write(package, "site/builder.py", "import jinja2\nfrom incentives.views import theme\n")
    write(package, "course/check.py", "from incentives.instructor import batch\n")
    write(package, "instructor/batch.py", "from incentives.course.paths import find_root\n")
    write(package, "instructor/roster.py", "from incentives.course import paths\n")
    assert violations(package) == []
