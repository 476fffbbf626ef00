"""The course library installs, imports light, and its small helpers behave."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from incentives.checks import as_number, check_number, check_raises
from incentives.model.marketing import blended_cost_per_lead, leads_from_budget

HEAVY = ("altair", "ipywidgets", "anywidget", "vl_convert", "nbgrader")


MODEL_LAYER = [
    "incentives",
    "incentives.checks",
    "incentives.model.company",
    "incentives.data",
    "incentives.model.funnels",
    "incentives.model.handoff",
    "incentives.model.marketing",
    "incentives.model.plans",
    "incentives.model.relationships",
    "incentives.model.restaurant",
    "incentives.model.sales",
    "incentives.model.scenarios",
    "incentives.labs",  # the labs' package: each lab is imported when first asked for
]


@pytest.mark.parametrize("module", MODEL_LAYER)
def test_import_leaves_views_and_widgets_unimported(module):
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        f"print(','.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
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


class _EqualsAnything(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


def test_check_number_uses_the_plain_value_not_a_rigged_eq():
    with pytest.raises(AssertionError, match="should be 6"):
        check_number(_EqualsAnything(7.0), "x", expected=6.0)
    assert check_number(6.0, "x", expected=6.0) == 6.0


@pytest.mark.parametrize(
    ("value", "message"),
    [("6", "should be a number"), (True, "should be a number"), (float("nan"), "NaN")],
)
def test_as_number_refuses_what_is_not_a_number(value, message):
    with pytest.raises(AssertionError, match=message):
        as_number(value, "x")


def test_check_number_reports_range_and_hint():
    with pytest.raises(AssertionError, match=r"at most 1; got 34.5. Did you"):
        check_number(34.5, "close_rate", high=1, hint="Did you forget to divide by 100?")


def test_check_raises_explains_each_way_to_fail():
    def returns(x):
        return x

    def wrong_error(x):
        raise TypeError("no")

    def right_error(x):
        raise ValueError("yes")

    check_raises(right_error, (1,), ValueError, "f")
    with pytest.raises(AssertionError, match="returned normally"):
        check_raises(returns, (1,), ValueError, "f")
    with pytest.raises(AssertionError, match="raised TypeError"):
        check_raises(wrong_error, (1,), ValueError, "f")


def test_check_share_spots_a_percentage():
    from incentives.checks import check_share

    assert check_share(0.25, "close_rate", 0.25) == 0.25
    with pytest.raises(AssertionError, match="did you give a percentage"):
        check_share(25.0, "close_rate")
    with pytest.raises(AssertionError, match="between 0 and 1|at least 0"):
        check_share(-0.1, "close_rate")


def test_check_choice_and_check_frame_explain_what_is_wrong():
    import pandas as pd

    from incentives.checks import check_choice, check_frame

    assert check_choice("organic", "best_channel", ["organic", "paid_search"]) == "organic"
    with pytest.raises(AssertionError, match="should be one of"):
        check_choice("tv", "best_channel", ["organic"])
    with pytest.raises(AssertionError, match="should be text"):
        check_choice(3, "best_channel", ["organic"])
    frame = pd.DataFrame({"leads": [1, 2]}, index=["a", "b"])
    assert check_frame(frame, "table", columns=["leads"], index=["b", "a"], rows=2) is frame
    with pytest.raises(AssertionError, match="lacks column"):
        check_frame(frame, "table", columns=["won"])
    with pytest.raises(AssertionError, match="a Series"):
        check_frame(frame["leads"], "table")
    with pytest.raises(AssertionError, match="indexed by"):
        check_frame(frame, "table", index=["a"])
