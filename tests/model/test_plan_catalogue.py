"""The plan catalogue: a plan kind is one class, and everything that knows plans reads it.

A kind defined here, in this file alone, is offered by the CommissionLab, read from a
company file and described as settings; when the test ends it leaves the catalogue.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pytest
from conftest import ROOT

from incentives.data import DataFileError, read_company
from incentives.model.build import company_from
from incentives.model.parameters import Parameter
from incentives.model.plans import (
    FlatFee,
    MarginShare,
    Plan,
    PlanParameter,
    RevenueShare,
    TeamPool,
    TieredRevenue,
    plan_from_settings,
    plan_in_force,
    plan_kinds,
    withdraw_plan_kind,
)

BUILT_IN = ["tiered_revenue", "revenue_share", "margin_share", "flat_fee", "team_pool"]


@contextmanager
def capped_share_kind():
    """A new plan kind, declared in this file only: a share of revenue, capped per deal."""

    @dataclass(frozen=True)
    class CappedShare(Plan):
        kind = "capped_share"
        label = "Share of revenue, capped per deal"
        parameters = (
            PlanParameter("capped_rate", "Share of revenue", 0.0, 0.2, 0.005, default=0.05,
                          fmt=".1%", column="plan_rate", attribute="rate"),
            PlanParameter("cap_eur", "Cap per deal (EUR)", 0, 200, 5, default=40,
                          column="plan_fee_eur", attribute="cap_eur"),
        )  # fmt: skip
        rate: float = 0.05
        cap_eur: float = 40.0

        def commission(self, value_eur, margin_eur=None):
            return np.minimum(self.rate * np.asarray(value_eur, dtype=float), self.cap_eur)

    try:
        yield CappedShare
    finally:
        withdraw_plan_kind("capped_share")


def company_paid_by(tmp_path, plan_columns: str):
    """A copy of Company X's files whose company.csv names another plan."""
    folder = tmp_path / "company_x"
    shutil.copytree(ROOT / "data" / "company_x", folder)
    path = folder / "company.csv"
    text = path.read_text()
    path.write_text(text.replace("tiered_revenue,0.05,0.01,500,", plan_columns, 1))
    return folder


def test_a_kind_declared_in_a_test_is_offered_by_the_lab_and_read_from_a_company_file(tmp_path):
    from incentives.labs import CommissionLab

    folder = company_paid_by(tmp_path, "capped_share,0.08,,,25")
    with capped_share_kind() as CappedShare:
        assert list(plan_kinds()) == [*BUILT_IN, "capped_share"]

        company = company_from(folder)
        assert company.plan == CappedShare(0.08, 25.0)
        # 8% of a EUR 1,000 deal is EUR 80, capped at EUR 25; of a EUR 200 deal, EUR 16.
        assert company.plan.commission([1_000, 200]).tolist() == [25.0, 16.0]

        lab = CommissionLab(folder)
        assert ("Share of revenue, capped per deal", "capped_share") in lab.plan_choice.options
        assert lab.settings["plan"] == "capped_share"
        assert (lab.settings["capped_rate"], lab.settings["cap_eur"]) == (0.08, 25)
        assert [c.description for c in lab.parameters.children] == [
            "Share of revenue",
            "Cap per deal (EUR)",
        ]
        assert lab.outcome.company.plan == CappedShare(0.08, 25.0)

        # 5% of the dearest deal (EUR 3,200) is EUR 160: under a cap of 200, 5% of revenue.
        lab.settings = {"capped_rate": 0.05, "cap_eur": 200}
        assert lab.outcome.sales_pay_eur == pytest.approx(
            company.replace(plan=RevenueShare(0.05)).outcome().sales_pay_eur
        )
        lab.settings = {"cap_eur": 100}
        assert (
            lab.outcome.sales_pay_eur
            < lab.company.replace(plan=RevenueShare(0.05)).outcome().sales_pay_eur
        )

    assert "capped_share" not in plan_kinds()
    assert "capped_share" not in [kind for _label, kind in CommissionLab().plan_choice.options]
    with pytest.raises(DataFileError, match="unknown plan 'capped_share'"):
        company_from(folder)


def test_every_kind_round_trips_through_its_settings_and_starts_at_its_defaults():
    plans = [
        TieredRevenue((0, 800), (0.02, 0.06)),
        TieredRevenue((0,), (0.04,)),
        RevenueShare(0.07),
        MarginShare(0.2),
        FlatFee(45),
        TeamPool(0.15),
    ]
    for plan in plans:
        assert plan_from_settings(plan.settings()) == plan
    assert TieredRevenue((0, 800), (0.02, 0.06)).settings() == {
        "plan": "tiered_revenue",
        "low_rate": 0.02,
        "threshold_eur": 800,
        "high_rate": 0.06,
    }
    for kind, cls in plan_kinds().items():
        defaults = {"plan": kind, **{p.name: p.default for p in cls.parameters}}
        assert plan_from_settings(defaults) == cls(), kind


def test_a_plan_the_catalogue_cannot_describe_has_no_settings():
    assert TieredRevenue((0, 100, 900), (0.01, 0.03, 0.05)).settings() == {}
    from incentives.model.plans import Blend

    assert Blend(((0.5, MarginShare()), (0.5, TeamPool()))).settings() == {}


def test_the_company_files_plan_columns_are_read_through_the_catalogue():
    settings = {"plan": "tiered_revenue", "plan_rate": 0.05, "plan_rate_below": 0.01}
    with pytest.raises(DataFileError, match="column 'plan_threshold_eur', row 2: empty"):
        plan_in_force(settings)
    assert plan_in_force({**settings, "plan_threshold_eur": 500.0}) == TieredRevenue()
    assert plan_in_force(read_company("velora").settings) == MarginShare(0.10)


ODD_RATE = PlanParameter(
    "odd_rate", "Odd rate", 0.0, 1.0, 0.1, default=0.1, column="plan_rate", attribute="rate"
)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"kind": "margin_share"}, "'margin_share' is in the catalogue already"),
        ({"kind": "two words"}, "must be a Python name"),
        ({"label": ""}, "needs a label"),
        (
            {"parameters": (PlanParameter("margin_rate", "Share", 0.0, 1.0, 0.1, default=0.1,
                                          column="plan_rate", attribute="rate"),)},
            "'margin_rate' is declared otherwise by another kind",
        ),
        (
            {"parameters": (PlanParameter("odd_fee", "Fee", 0, 10, 1, default=1,
                                          column="plan_fee_eur"),)},
            "needs the kind's own from_settings and settings",
        ),
        (
            {"parameters": (Parameter("odd_fee", "Fee", 0, 10, 1, default=1),)},
            "is not a PlanParameter",
        ),
    ],
)  # fmt: skip
def test_the_catalogue_refuses_a_kind_it_could_not_offer(body, message):
    declared = {
        "kind": "odd_plan",
        "label": "An odd plan",
        "parameters": (ODD_RATE,),
        **body,
    }
    with pytest.raises(ValueError, match=message):
        type("OddPlan", (Plan,), declared)
    assert "odd_plan" not in plan_kinds()


def test_a_plan_parameter_names_a_plan_column_of_the_company_file():
    with pytest.raises(ValueError, match="'plan_bonus' is not a plan column of company.csv"):
        PlanParameter("bonus", "Bonus", 0, 10, 1, default=1, column="plan_bonus")
