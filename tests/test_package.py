"""The course library imports light (no views, charts or widgets below the views) and its
marketing helpers behave."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from conftest import ROOT

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
    as they are on disk now), the checks, and the labs' package (each lab is imported only
    when first asked for)."""
    package = ROOT / "src" / "incentives"
    names = ["incentives", "incentives.checks", "incentives.labs"]
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
    for module in ("incentives.data.loader", "incentives.model.company", "incentives.checks"):
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
    # DOMAIN.md check run: 100 gate leads at EUR 40 and 300 parts leads at EUR 6.
    assert math.isclose(blended_cost_per_lead([4_000, 1_800], [100, 300]), 14.5)
    with pytest.raises(ValueError, match="no leads"):
        blended_cost_per_lead([0, 0], [0, 0])
    with pytest.raises(ValueError, match="same length"):
        blended_cost_per_lead([1, 2], [1])
