"""The course library imports light (no views, charts or widgets below the views) and its
marketing helpers behave."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import venv

import pytest
from conftest import ROOT, missing

from incentives.model.marketing import blended_cost_per_lead, leads_from_budget

HEAVY = ("altair", "ipywidgets", "anywidget", "vl_convert", "nbgrader")
# Modules of the library itself that only the views and labs may bring in.
UPPER = (
    "incentives.views",
    "incentives.labs.",
    "incentives.course",
    "incentives.instructor",
    "incentives.site",
)


def light_modules() -> list[str]:
    """Every module below the views: the package, its data and model layers (each module,
    as they are on disk now), the testing helpers, and the labs' package (each lab is imported only
    when first asked for)."""
    package = ROOT / "src" / "incentives"
    names = ["incentives", "incentives.testing", "incentives.labs"]
    for layer in ("data", "model"):
        names.append(f"incentives.{layer}")
        names += [
            f"incentives.{layer}.{path.stem}"
            for path in sorted((package / layer).glob("*.py"))
            if path.stem != "__init__"
        ]
    return names


LIGHT_MODULES = light_modules()


def test_the_light_modules_are_found_on_disk():
    for module in ("incentives.data.loader", "incentives.model.company", "incentives.testing"):
        assert module in LIGHT_MODULES


@pytest.mark.parametrize("module", LIGHT_MODULES)
def test_import_leaves_views_charts_and_widgets_unimported(module):
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        f"print(','.join(sorted(m for m in sys.modules "
        f"if m.split('.')[0] in {HEAVY!r} or m.startswith({UPPER!r}))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"importing {module} imported {result.stdout.strip()}"


def test_leads_from_budget_divides_budget_by_cost_per_lead():
    assert leads_from_budget(1_800, 6.0) == 300.0
    assert list(leads_from_budget([4_000, 0], [40.0, 6.0])) == [100.0, 0.0]


@pytest.mark.parametrize(
    ("budget", "cost", "word"),
    [(-1, 6.0, "budget_eur"), (100, 0.0, "cost_per_lead_eur"), (100, -2.0, "cost_per_lead_eur")],
)
def test_leads_from_budget_names_the_bad_argument(budget, cost, word):
    with pytest.raises(ValueError, match=word):
        leads_from_budget(budget, cost)


def test_blended_cost_per_lead_is_total_spend_over_total_leads():
    # The model's check run: 100 gate leads at EUR 40 and 300 parts leads at EUR 6.
    assert math.isclose(blended_cost_per_lead([4_000, 1_800], [100, 300]), 14.5)
    with pytest.raises(ValueError, match="no leads"):
        blended_cost_per_lead([0, 0], [0, 0])
    with pytest.raises(ValueError, match="same length"):
        blended_cost_per_lead([1, 2], [1])


# --- the model installs alone ------------------------------------------------------------------

# Run in an environment holding the wheel and its base dependencies only: Company X's month
# as lesson 02 tells it, what got imported, and which of the heavy packages exist there.
ALONE = """
import importlib.util, json, os, sys
from incentives.model import company_x
outcome = company_x().outcome()
os.environ["INCENTIVES_EDITION"] = "ro"
from incentives.i18n import _, money
print(json.dumps({
    "romanian": [_("YOUR ANSWER HERE"), money(20, "RON")],
    "profit_eur": round(outcome.profit_eur, 2),
    "met": outcome.departments_met(),
    "imported": sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY)),
    "installed": [name for name in HEAVY if importlib.util.find_spec(name) is not None],
}))
"""


def uv() -> str:
    """The uv that `make` installs with: on PATH, or fetched beside the environment."""
    for found in (shutil.which("uv"), ROOT / ".venv" / "uv" / "bin" / "uv"):
        if found and os.access(found, os.X_OK):
            return str(found)
    missing("no uv (on PATH or in .venv/uv, where `make test`'s set-up fetches it)")
    return ""


@pytest.mark.slow
def test_the_wheel_installs_alone_and_computes_company_x_offline(wheel, tmp_path):
    """The wheel with only its base dependencies (NumPy, pandas, pandera), in a fresh
    environment: the model imports and gives Company X's month; nothing of the labs, the
    charts or nbgrader is imported, or even installed.

    The base dependencies come from uv's cache, offline, at the versions of the lab lock,
    which `make`'s set-up installed with uv (a set-up with pip leaves the cache empty)."""
    fresh = tmp_path / "fresh"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    lock = ROOT / "requirements" / "lab.lock.txt"
    install = subprocess.run(
        [uv(), "pip", "install", "--offline", "--python", str(python), "-c", str(lock), wheel],
        capture_output=True,
        text=True,
    )
    if install.returncode != 0:
        missing(f"uv's cache lacks the base dependencies (run `make test`): {install.stderr}")
    listed = subprocess.run(
        [uv(), "pip", "list", "--python", str(python), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    installed = {package["name"].lower() for package in json.loads(listed)}
    assert {"incentives", "numpy", "pandas", "pandera"} <= installed
    assert not installed & {"altair", "ipywidgets", "anywidget", "nbgrader", "jupyterlab"}

    code = f"HEAVY = {HEAVY!r}\n{ALONE}"
    run = subprocess.run(
        [str(python), "-c", code],
        cwd=tmp_path,
        env={"PATH": "", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    # Lesson 02: both departments meet their targets; the company's EUR 16,500 misses 17,000.
    assert found["profit_eur"] == pytest.approx(16_499.65, abs=0.01)
    assert found["met"] == {"marketing": True, "sales": True, "company": False}
    assert found["imported"] == []
    assert found["installed"] == []
    # The Romanian catalog ships in the wheel and is read without Babel.
    assert found["romanian"] == ["SCRIE RĂSPUNSUL TĂU AICI", "20 de lei"]
