"""The alignment model (incentives.model.alignment): its rules driven directly, no widget."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from incentives.model import Alignment, align, clear_caches
from incentives.model.alignment import (
    PARTS_BUDGET_GRID_EUR,
    PARTS_SHARE_GRID,
    TOTAL_BUDGET_EUR,
    campaigns_for,
    choose_budget,
    foresee,
    grid_outcomes,
    informed,
    marketing_scores,
    sales_plan,
)
from incentives.model.plans import MarginShare, TieredRevenue
from incentives.model.sales import SalesTeam, allocate_time, allocate_time_many
from incentives.model.scenarios import company_x

BOTH_ON_PROFIT = {"sales_own_weight": 0.0, "marketing_own_weight": 0.0}
CHOICE_COLUMNS = [
    "parts_budget_eur",
    "parts_budget_share",
    "leads",
    "cost_per_lead_eur",
    "profit_eur",
    "own_score",
    "profit_score",
    "score",
    "chosen",
]


def minutes(alignment: Alignment) -> dict:
    """Minutes per lead by lead type in the outcome shown."""
    return alignment.outcome.allocation.table()["minutes_per_lead"].to_dict()


def test_defaults_are_the_articles_case():
    result = align()
    assert result.outcome.departments_met() == {"marketing": True, "sales": True, "company": False}
    assert result.parts_budget_eur == 1_800
    assert result.parts_budget_share == pytest.approx(1_800 / 5_800)
    assert result.outcome.profit_eur == pytest.approx(16_111, abs=1)  # DOMAIN.md's check run
    assert result.outcome.leads == pytest.approx(400)
    assert result.outcome.cost_per_lead_eur == pytest.approx(14.50)
    assert minutes(result)["gate"] == pytest.approx(216, abs=0.5)
    assert minutes(result)["part"] == 0
    assert (result.sales_own_weight, result.marketing_own_weight) == (1.0, 1.0)
    assert (result.pool_share, result.lead_source_info) == (0.10, False)


def test_tying_both_to_profit_meets_the_company_target_and_works_part_leads():
    result = align(**BOTH_ON_PROFIT)
    assert result.outcome.departments_met() == {"marketing": True, "sales": True, "company": True}
    assert result.outcome.profit_eur > company_x().targets.profit_eur
    assert result.outcome.profit_eur == pytest.approx(23_626, abs=1)
    assert result.parts_budget_share > 0
    assert minutes(result)["part"] > 10  # worked beyond the 10-minute minimum
    assert minutes(result)["part"] == pytest.approx(16.5, abs=0.05)


@pytest.mark.parametrize(
    "weights, profit_without, profit_with",
    [
        # Both on profit: the reps' pay is a share of profit, so they choose the company's
        # split; the information only raises every win probability (shorter time constant,
        # lower minimum), so no split does worse and marketing's best choice cannot fall.
        (BOTH_ON_PROFIT, 23_626, 24_544),
        # The article's plans: a part lead now takes 5 minutes, cheap enough that the reps
        # work it even at 1% commission, so the campaign's leads are no longer wasted.
        ({"sales_own_weight": 1.0, "marketing_own_weight": 1.0}, 16_111, 21_331),
    ],
)
def test_lead_source_information_does_not_lower_profit(weights, profit_without, profit_with):
    without = align(**weights, lead_source_info=False).outcome.profit_eur
    with_info = align(**weights, lead_source_info=True).outcome.profit_eur
    assert with_info >= without
    assert without == pytest.approx(profit_without, abs=1)
    assert with_info == pytest.approx(profit_with, abs=1)


def test_information_at_the_articles_plans_gets_part_leads_worked():
    result = align(lead_source_info=True)
    assert minutes(result)["part"] == pytest.approx(5, abs=0.01)
    assert result.outcome.departments_met()["company"]


@pytest.mark.parametrize("sales_own_weight", [1.0, 0.5, 0.0])
def test_parts_share_never_rises_as_marketing_own_weight_falls(sales_own_weight):
    shares = [
        align(sales_own_weight=sales_own_weight, marketing_own_weight=weight).parts_budget_share
        for weight in np.round(np.linspace(1.0, 0.0, 11), 2)
    ]
    assert all(b <= a for a, b in zip(shares, shares[1:], strict=False)), shares
    if sales_own_weight == 1.0:  # reps ignore parts: a profit-minded marketing drops them
        assert shares[0] > shares[-1] == 0


def test_choice_table_shows_every_budget_and_marks_the_best_score():
    result = align(marketing_own_weight=0.2)
    table = result.choice
    assert list(table.columns) == CHOICE_COLUMNS
    assert len(table) == len(PARTS_BUDGET_GRID_EUR) == 7
    np.testing.assert_allclose(table["parts_budget_eur"], np.arange(0, 1_801, 300))
    np.testing.assert_allclose(table["parts_budget_share"], table["parts_budget_eur"] / 5_800)
    best = table.loc[table["score"].idxmax()]
    assert bool(best["chosen"]) and table["chosen"].sum() == 1
    assert best["parts_budget_eur"] == 1_500  # known: 0.2 own, 0.8 profit picks EUR 1,500
    assert best["parts_budget_eur"] == result.parts_budget_eur
    assert best["parts_budget_share"] == pytest.approx(result.parts_budget_share)
    # The batch's foresight agrees with the outcome shown (Company.outcome itself).
    assert best["profit_eur"] == pytest.approx(result.outcome.profit_eur)
    targets = company_x().targets
    np.testing.assert_allclose(
        table["score"], 0.2 * table["own_score"] + 0.8 * table["profit_score"]
    )
    np.testing.assert_allclose(
        table["own_score"],
        table["leads"] / targets.leads - table["cost_per_lead_eur"] / targets.cost_per_lead_eur,
    )
    np.testing.assert_allclose(table["profit_score"], table["profit_eur"] / targets.profit_eur)


def test_marketing_scores_by_hand():
    targets = company_x().targets  # 300 leads, EUR 20 a lead, EUR 17,000 profit
    own, profit_score, score = marketing_scores(
        [300, 600], [20, 10], [17_000, 8_500], targets, 0.25
    )
    np.testing.assert_allclose(own, [0.0, 1.5])
    np.testing.assert_allclose(profit_score, [1.0, 0.5])
    np.testing.assert_allclose(score, [0.75, 0.75])
    assert choose_budget(score) == 0  # a tie: the smaller budget


def test_ties_go_to_the_smaller_parts_budget():
    assert choose_budget([1.0, 2.0, 2.0, 0.5]) == 1
    # Nobody to sell: every budget's profit is minus the EUR 5,800 ad spend, so a marketing
    # paid on profit alone finds every split equal and keeps the smallest parts budget.
    idle = company_x().replace(team=SalesTeam(reps=0))
    result = align(marketing_own_weight=0.0, company=idle)
    assert result.choice["score"].nunique() == 1
    np.testing.assert_allclose(result.choice["profit_eur"], -TOTAL_BUDGET_EUR)
    assert result.parts_budget_eur == 0
    assert result.choice["chosen"].tolist() == [True] + [False] * 6


def test_company_is_what_runs():
    result = align(sales_own_weight=0.4, pool_share=0.2, marketing_own_weight=0.3)
    company = result.company
    assert company is result.outcome.company
    assert company.plan == sales_plan(0.4, 0.2)
    assert sum(c.budget_eur for c in company.campaigns) == pytest.approx(TOTAL_BUDGET_EUR)
    assert company.campaigns[1].budget_eur == pytest.approx(result.parts_budget_eur)
    assert result.parts_budget_eur == pytest.approx(result.parts_budget_share * 5_800)


def test_numpy_numbers_are_accepted_and_cached_as_plain_ones():
    clear_caches()
    plain = align(sales_own_weight=0.5, lead_source_info=True)
    numpy = align(sales_own_weight=np.float64(0.5), lead_source_info=np.True_)
    assert numpy.sales_own_weight == 0.5 and numpy.lead_source_info is True
    assert numpy.outcome is plain.outcome
    assert foresee.cache_info().misses == 1


@pytest.mark.parametrize(
    "name, value, allowed",
    [
        ("sales_own_weight", 1.5, "from 0 to 1"),
        ("sales_own_weight", -0.01, "from 0 to 1"),
        ("sales_own_weight", math.nan, "from 0 to 1"),
        ("sales_own_weight", "0.5", "from 0 to 1"),
        ("sales_own_weight", True, "from 0 to 1"),
        ("marketing_own_weight", -0.1, "from 0 to 1"),
        ("marketing_own_weight", math.inf, "from 0 to 1"),
        ("marketing_own_weight", math.nan, "from 0 to 1"),
        ("pool_share", 0.6, "from 0 to 0.5"),
        ("pool_share", -0.1, "from 0 to 0.5"),
        ("pool_share", math.nan, "from 0 to 0.5"),
        ("lead_source_info", "yes", "True or False"),
        ("lead_source_info", 1, "True or False"),
        ("lead_source_info", None, "True or False"),
    ],
)
def test_bad_inputs_are_refused_by_name_and_range(name, value, allowed):
    with pytest.raises(ValueError, match=f"{name} must be .*{allowed}"):
        align(**{name: value})


def test_a_company_must_be_a_company():
    with pytest.raises(TypeError, match="company must be a Company"):
        align(company="Company X")


def test_the_grid_is_computed_once_per_sales_setting():
    clear_caches()
    assert foresee.cache_info().currsize == 0
    budgets = [
        align(marketing_own_weight=1.0).parts_budget_eur,
        align(marketing_own_weight=0.2).parts_budget_eur,  # marketing only: a lookup
        align(marketing_own_weight=0.0, company=company_x()).parts_budget_eur,  # equal company
    ]
    assert budgets == [1_800, 1_500, 0]  # three choices from one computed grid
    info = foresee.cache_info()
    assert (info.misses, info.hits, info.currsize) == (1, 2, 1)
    align(pool_share=0.2)  # a new sales plan: computed
    align(lead_source_info=True)  # new lead information: computed
    align(sales_own_weight=0.3)  # and again
    assert foresee.cache_info().misses == 4


def test_clear_caches_empties_every_model_cache():
    company = company_x()
    outcome = company.outcome()
    assert company.outcome() is outcome  # cached
    align()
    assert foresee.cache_info().currsize >= 1
    clear_caches()
    assert foresee.cache_info().currsize == 0
    assert company.outcome() is not outcome  # computed afresh
    assert company.outcome().profit_eur == pytest.approx(outcome.profit_eur)


def test_cached_foresight_is_read_only_and_the_choice_table_is_each_callers_own():
    clear_caches()
    first = align()
    seen = foresee(company_x(), 1.0, 0.10, False)
    assert foresee.cache_info().hits == 1  # the same entry align filled
    for array in (seen.leads, seen.cost_per_lead_eur, seen.profit_eur, PARTS_BUDGET_GRID_EUR):
        assert not array.flags.writeable
    first.choice.loc[0, "profit_eur"] = 0.0  # a caller may change its own table
    pd.testing.assert_series_equal(
        align().choice["profit_eur"], pd.Series(seen.profit_eur, name="profit_eur")
    )


def test_grid_outcomes_equal_each_budgets_own_outcome():
    company = company_x().replace(plan=sales_plan(0.35, 0.25))
    outcomes = grid_outcomes(company, PARTS_BUDGET_GRID_EUR)
    for budget, share, outcome in zip(
        PARTS_BUDGET_GRID_EUR, PARTS_SHARE_GRID, outcomes, strict=True
    ):
        alone = company.replace(campaigns=campaigns_for(budget)).outcome()
        assert outcome.company == alone.company
        assert outcome.profit_eur == pytest.approx(alone.profit_eur, rel=1e-9)
        assert outcome.company.campaigns[1].budget_eur / TOTAL_BUDGET_EUR == pytest.approx(share)


@pytest.mark.parametrize(
    "plan", [sales_plan(1.0), sales_plan(0.0), sales_plan(0.35, 0.25), MarginShare(0.12)]
)
@pytest.mark.parametrize("info", [False, True])
def test_a_batch_of_cases_matches_each_case_alone(plan, info):
    base = company_x()
    company = base.replace(plan=plan, lead_types=informed(base.lead_types, info))
    leads = np.array(
        [company.replace(campaigns=campaigns_for(b)).leads_per_type() for b in (0, 300, 1_800)]
        + [[0.0, 0.0], [5.0, 2_000.0]]
    )
    batch = allocate_time_many(company.lead_types, leads, company.team, plan)
    for counts, batched in zip(leads, batch, strict=True):
        single = allocate_time(company.lead_types, counts, company.team, plan)
        np.testing.assert_allclose(batched.hours_per_lead, single.hours_per_lead, atol=1e-9)
        assert batched.shadow_price == pytest.approx(single.shadow_price, rel=1e-9, abs=1e-12)


def test_lead_information_changes_part_leads_only():
    kinds = {k.name: k for k in informed(company_x().lead_types, True)}
    assert kinds["part"].time_constant_hours == pytest.approx(0.15 * 0.7)
    assert kinds["part"].min_hours == pytest.approx(5 / 60)
    assert kinds["gate"] == company_x().lead_types[0]
    assert informed(company_x().lead_types, False) == company_x().lead_types
    assert sales_plan(1.0).commission([2_500.0], [875.0]) == TieredRevenue().commission([2_500.0])


def test_campaigns_for_splits_the_whole_budget():
    gates, parts = campaigns_for(600.0)
    assert (gates.mix, parts.mix) == ((("gate", 1.0),), (("part", 1.0),))
    assert (gates.budget_eur, parts.budget_eur) == (5_200.0, 600.0)
    assert TOTAL_BUDGET_EUR == 5_800
