"""The alignment model (incentives.model.alignment): its rules driven directly, no widget."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import check_run

from incentives.model import Alignment, Targets, align, clear_caches, velora
from incentives.model.alignment import (
    BUDGET_STEPS,
    DESIGN_COLUMNS,
    HOT_LIFT,
    HOT_SHARE,
    budget_grid,
    campaigns_for,
    choose_budget,
    common_plan,
    design_table,
    foresee,
    grid_outcomes,
    hot_and_cold,
    hotness_table,
    informed,
    marketing_scores,
    movable_budget_eur,
    sales_plan,
)
from incentives.model.build import company_x
from incentives.model.plans import Blend, MarginShare, RevenueShare, TeamPool, TieredRevenue
from incentives.model.sales import LeadType, SalesTeam, allocate_time, allocate_time_many

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
GATES = ("Automated sliding gate", "Automated swing gate", "Sectional garage door with motor")
PARTS = ("Gate motor kit", "Remote control", "Hinges and rollers set")
# Company X's model month: C-GATES EUR 3,000 at EUR 40 and C-GARAGE EUR 1,250 at EUR 50 (gate
# side), C-PARTS EUR 1,800 at EUR 6 (part side); C-ORGANIC's EUR 400 at EUR 20 is mixed.
MOVABLE_EUR = 3_000 + 1_250 + 1_800
ORGANIC_EUR = 400
# Targets for Velora's leads, cost per lead and profit (what align's scores need).
VELORA_TARGETS = Targets(leads=200, cost_per_lead_eur=25, profit_eur=12_000)


def minutes(alignment: Alignment) -> dict:
    """Minutes per lead by lead type in the outcome shown."""
    return alignment.outcome.allocation.table()["minutes_per_lead"].to_dict()


def side_budgets(company) -> dict:
    """EUR per category of campaign (``"gate"``, ``"part"``, ``"mixed"``)."""
    budgets: dict[str, float] = {}
    for campaign in company.campaigns:
        category = company.campaign_category(campaign)
        budgets[category] = budgets.get(category, 0.0) + campaign.budget_eur
    return budgets


def test_defaults_are_the_articles_case():
    result = align()
    assert result.outcome.departments_met() == {"marketing": True, "sales": True, "company": False}
    assert result.parts_budget_eur == 1_800  # today's parts promotion, the top of the grid
    assert result.total_budget_eur == MOVABLE_EUR == 6_050
    assert result.parts_budget_share == pytest.approx(1_800 / 6_050)
    assert result.outcome.profit_eur == pytest.approx(16_500, abs=1)  # below EUR 17,000
    assert result.outcome.leads == pytest.approx(3_000 / 40 + 1_250 / 50 + 400 / 20 + 1_800 / 6)
    assert result.outcome.leads == pytest.approx(420)
    assert result.outcome.cost_per_lead_eur == pytest.approx((MOVABLE_EUR + ORGANIC_EUR) / 420)
    assert result.outcome.cost_per_lead_eur == pytest.approx(15.36, abs=0.005)
    assert minutes(result)["Automated sliding gate"] == pytest.approx(231.6, abs=0.1)
    assert all(minutes(result)[part] == 0 for part in PARTS)  # the reps ignore part leads
    assert (result.sales_own_weight, result.marketing_own_weight) == (1.0, 1.0)
    assert (result.pool_share, result.lead_source_info) == (0.10, False)


def test_tying_both_to_profit_meets_the_company_target_but_not_marketings():
    result = align(**BOTH_ON_PROFIT)
    assert result.outcome.departments_met() == {"marketing": False, "sales": True, "company": True}
    assert result.outcome.profit_eur > company_x().targets.profit_eur
    assert result.outcome.profit_eur == pytest.approx(23_510, abs=1)
    # Gate leads earn more than part leads even when both are worked: marketing, paid on
    # profit, moves the whole EUR 6,050 to the gate campaigns (3,000 : 1,250 as today) and
    # misses its own targets of 300 leads at EUR 20.
    assert result.parts_budget_eur == 0
    gate_leads = MOVABLE_EUR * 3_000 / 4_250 / 40 + MOVABLE_EUR * 1_250 / 4_250 / 50
    assert result.outcome.leads == pytest.approx(gate_leads + ORGANIC_EUR / 20)
    assert result.outcome.leads == pytest.approx(162.35, abs=0.005)
    assert result.outcome.cost_per_lead_eur == pytest.approx(39.73, abs=0.005)
    # The part leads left, from the organic campaign, are worked: the motor kit beyond the
    # 10-minute minimum, remotes and hinges at it.
    assert minutes(result)["Gate motor kit"] == pytest.approx(40.9, abs=0.05)
    assert minutes(result)["Remote control"] == pytest.approx(10, abs=0.01)
    assert minutes(result)["Hinges and rollers set"] == pytest.approx(10, abs=0.01)


def test_a_little_weight_on_marketings_own_score_meets_every_target():
    """Between the pure rules: 15% own, 85% profit picks EUR 1,200 on parts."""
    result = align(marketing_own_weight=0.15)
    assert result.parts_budget_eur == 1_200
    assert result.outcome.departments_met() == {"marketing": True, "sales": True, "company": True}
    assert result.outcome.leads == pytest.approx(334.1, abs=0.05)  # at least 300
    assert result.outcome.cost_per_lead_eur == pytest.approx(19.30, abs=0.005)  # at most 20
    assert result.outcome.profit_eur == pytest.approx(18_242, abs=1)  # at least 17,000


@pytest.mark.parametrize(
    "weights, profit_without, profit_with",
    [
        # Both on profit: the reps' pay is a share of profit, so they choose the company's
        # split; telling hot from cold only adds ways to split the hours, so no budget does
        # worse and marketing's best choice cannot fall.
        (BOTH_ON_PROFIT, 23_510, 24_912),
        # The article's plans: the reps give the hot leads more time, the cold ones less,
        # and start on the hot gate motor kit leads.
        ({"sales_own_weight": 1.0, "marketing_own_weight": 1.0}, 16_500, 18_047),
    ],
)
def test_lead_source_information_does_not_lower_profit(weights, profit_without, profit_with):
    without = align(**weights, lead_source_info=False).outcome.profit_eur
    with_info = align(**weights, lead_source_info=True).outcome.profit_eur
    assert with_info >= without
    assert without == pytest.approx(profit_without, abs=1)
    assert with_info == pytest.approx(profit_with, abs=1)


def test_information_at_the_articles_plans_puts_the_hot_leads_first():
    """Sales ranks leads by hotness: hot gate leads get more time than before, cold ones
    less; the hot motor kit leads are worked, the cold ones dropped."""
    before, after = align(), align(lead_source_info=True)
    was, now = minutes(before), minutes(after)
    for gate in GATES:
        assert now[f"{gate} (hot)"] > was[gate] > now[f"{gate} (cold)"] > 0
    assert was["Automated sliding gate"] == pytest.approx(231.6, abs=0.05)
    assert now["Automated sliding gate (hot)"] == pytest.approx(327.9, abs=0.05)
    assert now["Automated sliding gate (cold)"] == pytest.approx(196.1, abs=0.05)
    assert now["Gate motor kit (hot)"] == pytest.approx(22.1, abs=0.05)
    assert now["Gate motor kit (cold)"] == 0
    for part in ("Remote control", "Hinges and rollers set"):
        assert now[f"{part} (hot)"] == now[f"{part} (cold)"] == 0
    assert after.parts_budget_eur == 1_800
    assert after.outcome.departments_met() == {"marketing": True, "sales": True, "company": True}


def test_with_information_deals_and_revenue_per_hour_rise():
    """The same 360 hours and the same 420 leads win more deals and more revenue."""
    before, after = align().outcome, align(lead_source_info=True).outcome
    hours = company_x().team.hours
    assert hours == 360
    assert before.leads == pytest.approx(after.leads) == pytest.approx(420)
    assert before.wins == pytest.approx(30.8, abs=0.05)
    assert after.wins == pytest.approx(37.7, abs=0.05)
    assert before.revenue_eur / hours == pytest.approx(221.9, abs=0.05)  # EUR 79,874
    assert after.revenue_eur / hours == pytest.approx(233.4, abs=0.05)  # EUR 84,024
    assert after.allocation.hours_used == pytest.approx(hours)


def test_hot_and_cold_keep_the_types_average_chance():
    kinds = {k.name: k for k in company_x().lead_types}
    assert (HOT_SHARE, HOT_LIFT) == (0.25, 2.0)
    for name, hot_ceiling, cold_ceiling in (
        ("Automated sliding gate", 0.70, 0.35 * 2 / 3),  # 0.35 on average
        ("Gate motor kit", 1.0, 1 / 3),  # 0.50 on average
        ("Remote control", 1.0, 0.65 / 0.75),  # 0.90: the hot ceiling is capped at 1
    ):
        hot, cold = hot_and_cold(kinds[name])
        assert (hot.name, cold.name) == (f"{name} (hot)", f"{name} (cold)")
        assert hot.win_ceiling == pytest.approx(hot_ceiling)
        assert cold.win_ceiling == pytest.approx(cold_ceiling)
        average = HOT_SHARE * hot.win_ceiling + (1 - HOT_SHARE) * cold.win_ceiling
        assert average == pytest.approx(kinds[name].win_ceiling)
        assert cold.worked_after == hot.name and hot.worked_after == ""
        for field in ("value_eur", "margin_rate", "time_constant_hours", "min_hours", "category"):
            assert getattr(hot, field) == getattr(cold, field) == getattr(kinds[name], field)


def test_informed_splits_every_type_and_every_campaign():
    company = company_x()
    assert informed(company, False) is company
    split = informed(company, True)
    assert len(split.lead_types) == 12
    assert split.categories == company.categories
    counts = dict(zip((k.name for k in split.lead_types), split.leads_per_type(), strict=True))
    for kind, total in zip(company.lead_types, company.leads_per_type(), strict=True):
        assert counts[f"{kind.name} (hot)"] == pytest.approx(0.25 * total)
        assert counts[f"{kind.name} (cold)"] == pytest.approx(0.75 * total)
    assert [c.budget_eur for c in split.campaigns] == [c.budget_eur for c in company.campaigns]
    assert [split.campaign_category(c) for c in split.campaigns] == [
        company.campaign_category(c) for c in company.campaigns
    ]


def test_equal_time_for_hot_and_cold_wins_what_it_won_before():
    """Without the information the reps give every lead of a type the same time: on the
    split company that time wins the same deals as before, so nothing is assumed away."""
    company = company_x().replace(plan=sales_plan(0.0))
    outcome = company.outcome()
    split = informed(company, True)
    hours = np.repeat(outcome.allocation.hours_per_lead, 2)
    leads = split.leads_per_type()
    ceilings = [k.win_ceiling for k in split.lead_types]
    taus = [k.time_constant_hours for k in split.lead_types]
    mins = [k.min_hours for k in split.lead_types]
    from incentives.model.sales import win_probability

    wins = leads * win_probability(hours, ceilings, taus, mins)
    assert wins.sum() == pytest.approx(outcome.wins)


@pytest.mark.parametrize("sales_own_weight", [1.0, 0.0])
def test_when_every_lead_of_a_type_is_equally_hot_information_changes_nothing(
    sales_own_weight,
):
    company = company_x().replace(plan=sales_plan(sales_own_weight))
    assert informed(company, True, hot_lift=1.0) is company
    assert informed(company, True, hot_share=0.0) is company
    # A split that tells the reps (next to) nothing: the same profit and deals.
    barely = informed(company, True, hot_lift=1.000001).outcome()
    assert barely.profit_eur == pytest.approx(company.outcome().profit_eur, abs=1e-6)
    assert barely.wins == pytest.approx(company.outcome().wins, abs=1e-9)


@pytest.mark.parametrize(
    "hot_share, hot_lift", [(-0.1, 2.0), (1.0, 1.0), (0.25, 0.9), (0.25, 4.5), (0.25, True)]
)
def test_bad_hotness_is_refused(hot_share, hot_lift):
    with pytest.raises(ValueError, match="hot_"):
        informed(company_x(), True, hot_share=hot_share, hot_lift=hot_lift)


def test_cold_leads_are_worked_only_with_their_hot_ones():
    """Three leads of one kind: cold alone would win more deals in the hour the reps have,
    but the reps work hot leads first, so the cold lead is dropped."""
    hot = LeadType("x (hot)", 100.0, 0.5, 0.9, 1.0, min_hours=0.5, max_hours=1.0)
    cold = LeadType("x (cold)", 100.0, 0.5, 0.8, 1.0, min_hours=0.5, max_hours=1.0)
    free = LeadType("y", 100.0, 0.5, 0.8, 1.0, min_hours=0.5, max_hours=1.0)
    team = SalesTeam(reps=1, hours_per_rep=1.0)
    # 1 hot lead for an hour wins 0.9 (1 - e^-1) = 0.57 deals, 2 cold ones for half an hour
    # each 2 x 0.8 (1 - e^-0.5) = 0.63: with no order, the two cold leads are worked.
    unordered = allocate_time([hot, free], [1.0, 2.0], team, MarginShare(0.1))
    assert unordered.hours_per_lead.tolist() == [0.0, 0.5]
    ordered = allocate_time(
        [hot, LeadType(**{**cold.__dict__, "worked_after": "x (hot)"})],
        [1.0, 2.0],
        team,
        MarginShare(0.1),
    )
    assert ordered.hours_per_lead.tolist() == [1.0, 0.0]
    with pytest.raises(ValueError, match="worked_after names unknown lead types"):
        allocate_time(
            [LeadType(**{**cold.__dict__, "worked_after": "nobody"})], [1.0], team, MarginShare(0.1)
        )


def test_velora_hot_and_cold():
    company = velora().replace(targets=VELORA_TARGETS)
    before, after = align(company=company), align(company=company, lead_source_info=True)
    assert len(after.company.lead_types) == 8
    assert before.outcome.profit_eur == pytest.approx(11_687, abs=1)
    assert after.outcome.profit_eur == pytest.approx(12_900, abs=1)
    assert after.outcome.wins > before.outcome.wins


def test_design_table_is_align_on_every_design():
    table = design_table(weights=(0.0, 1.0), lead_source_info=False)
    assert list(table.columns) == list(DESIGN_COLUMNS)
    assert len(table) == 2 * 2 * 2
    assert table[["goal", "sales_own_weight", "marketing_own_weight"]].values.tolist() == [
        [goal, s, m] for goal in ("profit", "revenue") for s in (0.0, 1.0) for m in (0.0, 1.0)
    ]
    for row in table.itertuples():
        design = align(
            goal=row.goal,
            sales_own_weight=row.sales_own_weight,
            marketing_own_weight=row.marketing_own_weight,
        )
        assert row.profit_eur == pytest.approx(design.outcome.profit_eur)
        assert row.revenue_eur == pytest.approx(design.outcome.revenue_eur)
        assert row.parts_budget_eur == design.parts_budget_eur
        met = design.outcome.departments_met()
        assert (row.marketing_met, row.sales_met, row.company_met) == (
            met["marketing"],
            met["sales"],
            met["company"],
        )
    both = table.set_index(["goal", "sales_own_weight", "marketing_own_weight"])
    assert both.loc[("profit", 0.0, 0.0), "profit_eur"] == pytest.approx(23_510, abs=1)
    assert both.loc[("revenue", 0.0, 0.0), "profit_eur"] == pytest.approx(23_203, abs=1)


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
    result = align(marketing_own_weight=0.1)
    table = result.choice
    assert list(table.columns) == CHOICE_COLUMNS
    assert len(table) == len(budget_grid(company_x())) == BUDGET_STEPS + 1 == 7
    np.testing.assert_allclose(table["parts_budget_eur"], np.arange(0, 1_801, 300))
    np.testing.assert_allclose(table["parts_budget_share"], table["parts_budget_eur"] / 6_050)
    best = table.loc[table["score"].idxmax()]
    assert bool(best["chosen"]) and table["chosen"].sum() == 1
    assert best["parts_budget_eur"] == 600  # known: 0.1 own, 0.9 profit picks EUR 600
    assert best["parts_budget_eur"] == result.parts_budget_eur
    assert best["parts_budget_share"] == pytest.approx(result.parts_budget_share)
    # The batch's foresight agrees with the outcome shown (Company.outcome itself).
    assert best["profit_eur"] == pytest.approx(result.outcome.profit_eur)
    targets = company_x().targets
    np.testing.assert_allclose(
        table["score"], 0.1 * table["own_score"] + 0.9 * table["profit_score"]
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
    # Nobody to sell: every budget's profit is minus the ad spend (the EUR 6,050 split plus
    # the organic campaign's EUR 400), so a marketing paid on profit alone finds every split
    # equal and keeps the smallest parts budget.
    idle = company_x().replace(team=SalesTeam(reps=0))
    result = align(marketing_own_weight=0.0, company=idle)
    assert result.choice["score"].nunique() == 1
    np.testing.assert_allclose(result.choice["profit_eur"], -(MOVABLE_EUR + ORGANIC_EUR))
    assert result.parts_budget_eur == 0
    assert result.choice["chosen"].tolist() == [True] + [False] * 6


def test_company_is_what_runs():
    result = align(sales_own_weight=0.4, pool_share=0.2, marketing_own_weight=0.3)
    company = result.company
    assert company is result.outcome.company
    assert company.plan == sales_plan(0.4, 0.2, company_x().plan) == sales_plan(0.4, 0.2)
    budgets = side_budgets(company)
    assert budgets["gate"] + budgets["part"] == pytest.approx(MOVABLE_EUR)
    assert budgets["part"] == pytest.approx(result.parts_budget_eur)
    assert budgets["mixed"] == ORGANIC_EUR  # the organic campaign keeps its budget
    assert result.parts_budget_eur == pytest.approx(result.parts_budget_share * 6_050)


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
        align(marketing_own_weight=0.1).parts_budget_eur,  # marketing only: a lookup
        align(marketing_own_weight=0.0, company=company_x()).parts_budget_eur,  # equal company
    ]
    assert budgets == [1_800, 600, 0]  # three choices from one computed grid
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
    grid = budget_grid(company_x())
    for array in (seen.leads, seen.cost_per_lead_eur, seen.profit_eur, grid):
        assert not array.flags.writeable
    first.choice.loc[0, "profit_eur"] = 0.0  # a caller may change its own table
    pd.testing.assert_series_equal(
        align().choice["profit_eur"], pd.Series(seen.profit_eur, name="profit_eur")
    )


def test_grid_outcomes_equal_each_budgets_own_outcome():
    base = company_x()
    company = base.replace(plan=sales_plan(0.35, 0.25))
    grid = budget_grid(base)
    outcomes = grid_outcomes(company, grid)
    for budget, outcome in zip(grid, outcomes, strict=True):
        alone = company.replace(campaigns=campaigns_for(company, budget)).outcome()
        assert outcome.company == alone.company
        assert outcome.profit_eur == pytest.approx(alone.profit_eur, rel=1e-9)
        assert side_budgets(outcome.company)["part"] == pytest.approx(budget)


@pytest.mark.parametrize(
    "plan", [sales_plan(1.0), sales_plan(0.0), sales_plan(0.35, 0.25), MarginShare(0.12)]
)
@pytest.mark.parametrize("info", [False, True])
def test_a_batch_of_cases_matches_each_case_alone(plan, info):
    company = informed(company_x().replace(plan=plan), info)
    size = len(company.lead_types)
    flood = [5.0] * (size // 2) + [2_000.0] * (size // 2)  # few gate leads, a flood of parts
    leads = np.array(
        [
            company.replace(campaigns=campaigns_for(company, b)).leads_per_type()
            for b in (0, 300, 1_800)
        ]
        + [np.zeros(size), flood]
    )
    batch = allocate_time_many(company.lead_types, leads, company.team, plan)
    for counts, batched in zip(leads, batch, strict=True):
        single = allocate_time(company.lead_types, counts, company.team, plan)
        np.testing.assert_allclose(batched.hours_per_lead, single.hours_per_lead, atol=1e-9)
        assert batched.shadow_price == pytest.approx(single.shadow_price, rel=1e-9, abs=1e-12)


def test_movable_budget_and_grid_of_company_x_and_velora():
    assert movable_budget_eur(company_x()) == MOVABLE_EUR  # C-ORGANIC's EUR 400 is not moved
    np.testing.assert_allclose(budget_grid(company_x()), [0, 300, 600, 900, 1_200, 1_500, 1_800])
    # Velora: bike ads EUR 2,500 + 1,500 and service reminders EUR 900; referrals are mixed.
    assert movable_budget_eur(velora()) == 2_500 + 1_500 + 900
    np.testing.assert_allclose(budget_grid(velora()), np.arange(0, 901, 150))


@pytest.mark.parametrize("parts_budget_eur", [0.0, 600.0, 1_800.0, 6_050.0])
def test_campaigns_for_keeps_the_movable_total_and_scales_each_side(parts_budget_eur):
    company = company_x()
    campaigns = {c.name: c for c in campaigns_for(company, parts_budget_eur)}
    today = {c.name: c for c in company.campaigns}
    assert list(campaigns) == list(today)  # the company's order
    moved = company.replace(campaigns=tuple(campaigns.values()))
    budgets = side_budgets(moved)
    assert budgets["gate"] + budgets["part"] == pytest.approx(MOVABLE_EUR)
    assert budgets["part"] == pytest.approx(parts_budget_eur)
    # The gate side keeps today's 3,000 : 1,250 between search and garage-door ads.
    gates_eur = MOVABLE_EUR - parts_budget_eur
    search, garage = campaigns["Automatic gates search ads"], campaigns["Garage doors social ads"]
    assert search.budget_eur == pytest.approx(gates_eur * 3_000 / 4_250)
    assert garage.budget_eur == pytest.approx(gates_eur * 1_250 / 4_250)
    organic = "Website content and search"
    assert campaigns[organic] == today[organic]  # the mixed campaign keeps its budget
    for name, campaign in campaigns.items():  # only budgets move: mixes and costs stay
        assert campaign.mix == today[name].mix
        assert campaign.cost_per_lead_eur == today[name].cost_per_lead_eur


def test_campaigns_for_at_todays_budget_is_today():
    assert campaigns_for(company_x(), 1_800.0) == company_x().campaigns
    campaigns = {c.name: c.budget_eur for c in campaigns_for(velora(), 450.0)}
    assert campaigns == pytest.approx(
        {
            "E-bike search ads": (4_900 - 450) * 2_500 / 4_000,
            "Cargo bike social video": (4_900 - 450) * 1_500 / 4_000,
            "Service reminder ads": 450.0,
            "Customer referrals": 300.0,  # mixed: kept
        }
    )


def test_a_company_without_targets_is_refused_by_name():
    untargeted = velora().replace(targets=Targets())
    with pytest.raises(ValueError, match="Velora sets no target for") as error:
        align(company=untargeted)
    for missing in ("leads", "cost_per_lead_eur", "profit_eur"):
        assert missing in str(error.value)
    partial = velora().replace(targets=Targets(leads=200, cost_per_lead_eur=25))
    with pytest.raises(ValueError, match="no target for profit_eur:"):
        align(company=partial)


def test_align_works_on_velora_given_targets():
    company = velora().replace(targets=VELORA_TARGETS)
    result = align(company=company)
    assert result.total_budget_eur == 4_900
    assert result.parts_budget_eur == 900  # all of today's service reminders
    assert result.parts_budget_share == pytest.approx(900 / 4_900)
    assert result.outcome.departments_met() == {"marketing": True, "sales": True, "company": False}
    assert result.outcome.leads == pytest.approx(216.8, abs=0.05)
    assert result.outcome.profit_eur == pytest.approx(11_687, abs=1)
    # Velora's plan in force is 10% of margin; a pool of 10% of profit pays the same at the
    # margin, so the reps' split is unchanged and profit rises by 10% of the EUR 5,200 ads.
    assert result.company.plan == sales_plan(1.0, 0.10, MarginShare(0.10))
    pooled = align(company=company, **BOTH_ON_PROFIT)
    assert pooled.outcome.departments_met() == {"marketing": True, "sales": True, "company": True}
    assert pooled.parts_budget_eur == 900
    assert minutes(pooled) == pytest.approx(minutes(result))
    assert pooled.outcome.profit_eur == pytest.approx(result.outcome.profit_eur + 0.10 * 5_200)


@pytest.mark.parametrize(
    "settings, profit, part_minutes, parts_eur",
    [
        ({}, 16_111, 0.0, 1_800),
        (BOTH_ON_PROFIT, 23_626, 16.5, 1_800),
        ({"lead_source_info": True}, 18_616, 10.0, 1_800),  # the hot part leads, at the minimum
        # Hot gate leads are worth more of the reps' time than any part lead: profit-minded
        # marketing drops the parts campaign.
        ({**BOTH_ON_PROFIT, "lead_source_info": True}, 24_612, 0.0, 0),
    ],
)
def test_the_check_run_keeps_its_documented_figures(settings, profit, part_minutes, parts_eur):
    """The check run's one-gate, one-part company (docs/model.md): EUR 4,000 gate search,
    EUR 1,800 parts."""
    result = align(company=check_run(), **settings)
    assert result.total_budget_eur == 5_800
    assert result.parts_budget_eur == parts_eur
    assert result.outcome.profit_eur == pytest.approx(profit, abs=1)
    shown = minutes(result)
    part = shown["part (hot)"] if settings.get("lead_source_info") else shown["part"]
    assert part == pytest.approx(part_minutes, abs=0.05)
    if not settings:
        assert minutes(result)["gate"] == pytest.approx(216, abs=0.5)


# --- the common goal: profit (the default) or revenue (the article's rule) ------------------

REVENUE_CHOICE_COLUMNS = [
    "parts_budget_eur",
    "parts_budget_share",
    "leads",
    "cost_per_lead_eur",
    "revenue_eur",
    "profit_eur",
    "own_score",
    "revenue_score",
    "score",
    "chosen",
]


def test_the_profit_goal_is_the_default_and_changes_nothing():
    clear_caches()
    default = align(**BOTH_ON_PROFIT)
    explicit = align(**BOTH_ON_PROFIT, goal="profit", revenue_rate=0.07)  # rate plays no part
    assert default.goal == explicit.goal == "profit"
    assert explicit.outcome is default.outcome
    assert foresee.cache_info().misses == 1
    assert list(explicit.choice.columns) == CHOICE_COLUMNS


def test_tied_to_revenue_both_departments_also_drop_the_parts_budget():
    """With the budget fixed, the two common goals agree on the split: EUR 0 on parts."""
    result = align(**BOTH_ON_PROFIT, goal="revenue")
    assert result.goal == "revenue" and result.revenue_rate == 0.03
    assert result.parts_budget_eur == 0
    assert result.outcome.profit_eur == pytest.approx(23_203, abs=1)  # profit goal: 23,510
    assert result.outcome.revenue_eur == pytest.approx(96_114, abs=1)
    assert result.company.plan == sales_plan(0.0, goal="revenue")
    assert result.outcome.departments_met() == {"marketing": False, "sales": True, "company": True}
    table = result.choice
    assert list(table.columns) == REVENUE_CHOICE_COLUMNS
    np.testing.assert_allclose(table["revenue_score"], table["revenue_eur"] / 70_000)
    np.testing.assert_allclose(table["score"], table["revenue_score"])
    best = table.loc[table["score"].idxmax()]
    assert best["revenue_eur"] == pytest.approx(result.outcome.revenue_eur)


@pytest.mark.parametrize("lead_source_info", [False, True])
@pytest.mark.parametrize("sales_own_weight", [0.0, 1.0])
def test_both_goals_agree_on_the_budget_split(lead_source_info, sales_own_weight):
    """Marketing wholly on the common goal puts EUR 0 on parts under either goal, wholly on
    its own metrics all of today's EUR 1,800. (Blends differ: revenue / EUR 70,000 and
    profit / EUR 17,000 weigh differently against the own score.)"""
    for weight, parts_eur in ((0.0, 0.0), (1.0, 1_800.0)):
        for goal in ("profit", "revenue"):
            result = align(
                goal=goal,
                sales_own_weight=sales_own_weight,
                marketing_own_weight=weight,
                lead_source_info=lead_source_info,
            )
            assert result.parts_budget_eur == parts_eur, (goal, weight)


@pytest.mark.parametrize(
    "goal, sales_own_weight, marketing_own_weight, profit",
    [
        ("profit", 0.0, 1.0, 21_777),  # sales redesigned only
        ("profit", 1.0, 0.0, 21_179),  # marketing redesigned only
        ("profit", 0.0, 0.0, 23_510),  # both
        ("revenue", 0.0, 1.0, 21_586),
        ("revenue", 1.0, 0.0, 21_179),
        ("revenue", 0.0, 0.0, 23_203),
        ("revenue", 1.0, 1.0, 16_500),  # no common part at all: the article's case
    ],
)
def test_redesigning_one_department_or_both(goal, sales_own_weight, marketing_own_weight, profit):
    result = align(
        goal=goal, sales_own_weight=sales_own_weight, marketing_own_weight=marketing_own_weight
    )
    assert result.outcome.profit_eur == pytest.approx(profit, abs=1)


def test_sales_common_part_follows_the_goal():
    revenue_plan = sales_plan(0.4, 0.2, goal="revenue", revenue_rate=0.05)
    assert revenue_plan == Blend(((0.4, TieredRevenue()), (0.6, RevenueShare(0.05))))
    assert sales_plan(0.4, 0.2) == Blend(((0.4, TieredRevenue()), (0.6, TeamPool(0.2))))
    assert common_plan("revenue", 0.2, 0.05) == RevenueShare(0.05)
    assert common_plan() == TeamPool(0.10)
    result = align(sales_own_weight=0.4, goal="revenue", revenue_rate=0.05)
    assert result.company.plan == revenue_plan


def test_the_goal_is_part_of_the_foresights_key_where_it_matters():
    clear_caches()
    align(sales_own_weight=0.5)
    align(sales_own_weight=0.5, goal="revenue")  # another sales plan: computed
    assert foresee.cache_info().misses == 2
    align(sales_own_weight=0.5, goal="revenue", pool_share=0.3)  # the pool plays no part
    align(sales_own_weight=0.5, goal="profit", revenue_rate=0.1)  # the rate plays no part
    align(sales_own_weight=0.5, goal="revenue", marketing_own_weight=0.2)  # marketing only
    assert foresee.cache_info().misses == 2
    align(sales_own_weight=0.5, goal="revenue", revenue_rate=0.05)  # a new rate: computed
    assert foresee.cache_info().misses == 3
    # Cached entries of the two goals never mix: each choice is its own goal's.
    profit = align(sales_own_weight=0.5, marketing_own_weight=0.0)
    revenue = align(sales_own_weight=0.5, marketing_own_weight=0.0, goal="revenue")
    assert profit.company.plan != revenue.company.plan
    assert profit.outcome.profit_eur != pytest.approx(revenue.outcome.profit_eur)


def test_marketing_scores_against_the_goals_target():
    targets = company_x().targets  # revenue target EUR 70,000
    own, goal_score, score = marketing_scores(
        [300, 600], [20, 10], [70_000, 35_000], targets, 0.5, "revenue"
    )
    np.testing.assert_allclose(own, [0.0, 1.5])
    np.testing.assert_allclose(goal_score, [1.0, 0.5])
    np.testing.assert_allclose(score, [0.5, 1.0])


@pytest.mark.parametrize(
    "name, value, allowed",
    [
        ("goal", "margin", "'profit' or 'revenue'"),
        ("goal", None, "'profit' or 'revenue'"),
        ("goal", "Revenue", "'profit' or 'revenue'"),
        ("revenue_rate", 0.25, "a number from 0 to 0.2"),
        ("revenue_rate", -0.01, "a number from 0 to 0.2"),
        ("revenue_rate", math.nan, "a number from 0 to 0.2"),
        ("revenue_rate", "0.03", "a number from 0 to 0.2"),
    ],
)
def test_bad_goals_and_rates_are_refused_by_name(name, value, allowed):
    with pytest.raises(ValueError, match=f"{name} must be {allowed}"):
        align(**{name: value})


def test_the_revenue_goal_needs_a_revenue_target():
    no_revenue = velora().replace(targets=VELORA_TARGETS)  # leads, cost per lead, profit
    align(company=no_revenue)  # the profit goal has what it needs
    with pytest.raises(ValueError, match="Velora sets no target for revenue_eur"):
        align(company=no_revenue, goal="revenue")
    with_revenue = velora()  # its file sets EUR 60,000
    assert align(company=with_revenue, goal="revenue").goal == "revenue"


def test_hotness_table_prices_the_assumption():
    """Equally hot leads (lift 1): the information is worth nothing; the hotter the hot
    share, the more deals, revenue per hour and profit the same hours bring."""
    table = hotness_table()
    assert table.index.tolist() == [1.0, 1.5, 2.0, 3.0]
    assert list(table.columns) == ["wins", "revenue_per_hour_eur", "profit_eur", "company_met"]
    assert table.loc[1.0, "profit_eur"] == pytest.approx(align().outcome.profit_eur)
    assert table.loc[1.0, "wins"] == pytest.approx(align().outcome.wins)
    assert table["profit_eur"].round().tolist() == [16_500, 17_077, 18_047, 19_565]
    assert table["wins"].round(1).tolist() == [30.8, 33.7, 37.7, 41.2]
    assert table["revenue_per_hour_eur"].is_monotonic_increasing
    assert table["company_met"].tolist() == [False, True, True, True]
