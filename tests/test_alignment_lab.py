"""AlignmentLab: own-metric vs profit weights and lead information, driven from Python.

The lab's controls and views; the rules it shows (incentives.model.alignment) are tested
without a widget in test_alignment.py.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from conftest import assert_shows_fresh_chart

from incentives.labs.alignment import AlignmentLab
from incentives.model.alignment import PARTS_BUDGET_GRID_EUR, TOTAL_BUDGET_EUR, align, sales_plan
from incentives.model.scenarios import company_x
from incentives.views import charts

BOTH_ON_PROFIT = {"sales_own_weight": 0.0, "marketing_own_weight": 0.0}


@pytest.fixture
def lab():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield AlignmentLab()


def minutes(lab) -> dict:
    """Minutes per lead by lead type, as the time chart shows them."""
    return lab.time_chart.data.set_index("lead_type")["minutes_per_lead"].to_dict()


def test_defaults_reproduce_the_articles_case(lab):
    assert lab.departments_met == {"marketing": True, "sales": True, "company": False}
    assert lab.parts_budget_share == pytest.approx(1_800 / 5_800)
    assert lab.outcome.profit_eur == pytest.approx(16_111, abs=1)  # DOMAIN.md's check run
    assert minutes(lab)["gate"] == pytest.approx(216, abs=0.5)
    assert minutes(lab)["part"] == 0
    assert "ignores part leads" in lab.time_chart.title
    assert "misses" in lab.status.value and "31%" in lab.status.value
    assert "off" in lab.status.value


def test_tying_both_to_profit_meets_the_company_target_and_works_part_leads(lab):
    lab.settings = BOTH_ON_PROFIT
    assert lab.departments_met == {"marketing": True, "sales": True, "company": True}
    assert lab.outcome.profit_eur > company_x().targets.profit_eur
    assert lab.parts_budget_share > 0
    assert minutes(lab)["part"] > 10  # worked beyond the 10-minute minimum
    assert "works every type" in lab.time_chart.title
    assert lab.message.value == ""


@pytest.mark.parametrize(
    "weights",
    [
        # Both on profit: the reps' pay is a share of profit, so they choose the company's
        # split; the information only raises every win probability (shorter time constant,
        # lower minimum), so no split does worse and marketing's best choice cannot fall.
        BOTH_ON_PROFIT,
        # The article's plans: a part lead now takes 5 minutes, cheap enough that the reps
        # work it even at 1% commission, so the campaign's leads are no longer wasted.
        {"sales_own_weight": 1.0, "marketing_own_weight": 1.0},
    ],
)
def test_lead_source_information_does_not_lower_profit(lab, weights):
    lab.settings = {**weights, "lead_source_info": False}
    without = lab.outcome.profit_eur
    lab.settings = {"lead_source_info": True}
    assert lab.outcome.profit_eur >= without
    assert "on</b>" in lab.status.value


def test_information_at_the_articles_plans_gets_part_leads_worked(lab):
    lab.settings = {"lead_source_info": True}
    assert minutes(lab)["part"] == pytest.approx(5, abs=0.01)
    assert lab.departments_met["company"]


def test_marketing_choice_is_the_best_score(lab):
    lab.settings = {"marketing_own_weight": 0.2}
    table = lab.marketing_choice
    assert len(table) == len(PARTS_BUDGET_GRID_EUR)
    best = table.loc[table["score"].idxmax()]
    assert bool(best["chosen"]) and table["chosen"].sum() == 1
    assert best["parts_budget_share"] == pytest.approx(lab.parts_budget_share)
    assert best["profit_eur"] == pytest.approx(lab.outcome.profit_eur)
    table["score"] = 0.0  # the table is the caller's own copy
    assert lab.marketing_choice["score"].max() > 0


def test_the_lab_shows_what_the_model_gives(lab):
    """The lab's readings are align(...)'s for its settings (the rules live in the model)."""
    settings = {"sales_own_weight": 0.6, "marketing_own_weight": 0.1, "pool_share": 0.3}
    lab.settings = {**settings, "lead_source_info": True}
    model = align(**settings, lead_source_info=True)
    assert lab.alignment.parts_budget_eur == lab.parts_budget_eur == model.parts_budget_eur
    assert lab.parts_budget_share == model.parts_budget_share
    assert lab.outcome is model.outcome  # the same Company.outcome(), cached
    assert lab.departments_met == model.outcome.departments_met()
    pd.testing.assert_frame_equal(lab.marketing_choice, model.choice)
    assert f"EUR {model.parts_budget_eur:,.0f}" in lab.status.value


def test_company_is_what_runs_now(lab):
    lab.settings = {"sales_own_weight": 0.4, "pool_share": 0.2, "marketing_own_weight": 0.3}
    company = lab.company
    assert company.plan == sales_plan(0.4, 0.2)
    assert sum(c.budget_eur for c in company.campaigns) == pytest.approx(TOTAL_BUDGET_EUR)
    assert company.campaigns[1].budget_eur == pytest.approx(lab.parts_budget_share * 5_800)


def test_settings_round_trip_and_reset(lab):
    defaults = lab.settings
    assert defaults == {
        "sales_own_weight": 1.0,
        "marketing_own_weight": 1.0,
        "lead_source_info": False,
        "pool_share": 0.10,
    }
    changed = {
        "sales_own_weight": 0.25,
        "marketing_own_weight": 0.5,
        "lead_source_info": True,
        "pool_share": 0.2,
    }
    lab.settings = changed
    assert lab.settings == pytest.approx(changed)
    lab.reset()
    assert lab.settings == defaults
    assert lab.departments_met == {"marketing": True, "sales": True, "company": False}


@pytest.mark.parametrize(
    "name, value",
    [
        ("sales_own_weight", 1.5),
        ("marketing_own_weight", -0.1),
        ("pool_share", 0.6),
        ("lead_source_info", "yes"),
    ],
)
def test_out_of_range_settings_are_refused_by_name(lab, name, value):
    before = lab.settings
    with pytest.raises(ValueError, match=name):
        lab.settings = {name: value}
    assert lab.settings == before


@pytest.mark.parametrize(
    "settings", [BOTH_ON_PROFIT, {"marketing_own_weight": 0.15, "lead_source_info": True}]
)
def test_updated_views_equal_freshly_built_charts(lab, settings):
    lab.settings = settings
    outcome = lab.outcome
    assert_shows_fresh_chart(lab.scorecard_chart, charts.scorecards, outcome.scorecards())
    assert_shows_fresh_chart(lab.time_chart, charts.time_per_lead_type, outcome.allocation.table())


def test_twenty_changes_in_a_row_leave_no_error(lab):
    """Half of the changes are new sales plans (speed is measured by `make bench`)."""
    for step in range(20):
        lab.settings = {
            "sales_own_weight": round(1.0 - 0.05 * (step // 2), 2),
            "marketing_own_weight": round(0.05 * step, 2),
        }
    assert lab.message.value == ""
