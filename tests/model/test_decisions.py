"""The model run on decisions as players type them (incentives.model.decisions): the model's
own decisions give its own outcome, a hand-checked month, the article's story, and every
bad input refused with a message naming its field."""

from __future__ import annotations

import math

import pytest

from incentives.model.build import company_x, velora
from incentives.model.decisions import (
    PHASE_ONE,
    Rules,
    best_hours,
    campaign_names,
    lead_type_names,
    model_decisions,
    play,
)
from incentives.model.plans import RevenueShare, TeamPool

GATES = "Automatic gates search ads"
PARTS = "Spare parts summer promotion"
SLIDING = "Automated sliding gate"
ALL_RULES = [
    PHASE_ONE,
    Rules(common_goal="revenue"),
    Rules(common_goal="profit"),
    Rules(common_goal="profit", lead_source_info=True),
]


@pytest.mark.parametrize("rules", ALL_RULES, ids=lambda r: f"{r.common_goal}-{r.lead_source_info}")
@pytest.mark.parametrize("chooser", ["reps", "company"])
@pytest.mark.parametrize("build", [company_x, velora])
def test_the_models_own_decisions_give_its_own_outcome(build, chooser, rules):
    """Typed hours are hours per lead times leads, divided again by the leads: the same
    split to the last binary digit or two, so the figures agree to 1e-12 of themselves."""
    company = build()
    budgets, hours = model_decisions(company, rules, chooser=chooser)
    month = play(company, budgets, hours, rules)
    expected = rules.company_seen(company).outcome(chooser=chooser)
    assert month.outcome.table_row() == pytest.approx(expected.table_row(), rel=1e-12)
    assert month.deals == pytest.approx(expected.wins, rel=1e-12)
    assert month.outcome.allocation.hours_per_lead == pytest.approx(
        expected.allocation.hours_per_lead, rel=1e-12
    )
    assert month.outcome.company.campaigns == expected.company.campaigns


def test_a_hand_checked_month():
    """EUR 400 on gate search ads at EUR 40 a lead: 10 leads, 55% sliding gates (5.5). Sales
    gives them 11 hours, 2 an hour each: p = 0.35 (1 - e^-1) = 0.221242, 1.21683 deals of
    EUR 3,200 at a 35% margin, 5% commission; profit = margin - commission - ads."""
    month = play(company_x(), {GATES: 400}, {SLIDING: 11})
    p = 0.35 * (1 - math.exp(-1))
    deals = 5.5 * p
    assert month.leads == 10
    assert month.deals == pytest.approx(deals, rel=1e-12)
    assert month.deals == pytest.approx(1.216832, abs=1e-6)
    assert month.revenue_eur == pytest.approx(3893.86, abs=0.01)
    assert month.sales_pay_eur == pytest.approx(194.69, abs=0.01)
    assert month.profit_eur == pytest.approx(768.16, abs=0.01)
    assert month.profit_eur == pytest.approx(deals * 3200 * (0.35 - 0.05) - 400, rel=1e-12)
    assert month.marketing_pay_eur == 0.0  # 10 leads < 300; EUR 40 a lead > 20: both missed
    assert list(month.scorecard("marketing")["met"]) == [False, False]


def test_hours_below_a_leads_minimum_win_nothing_and_hours_beyond_its_maximum_are_lost():
    company = company_x()
    assert play(company, {GATES: 400}, {SLIDING: 2}).deals == 0  # 0.36 h a lead < 0.5
    capped = play(company, {GATES: 400}, {SLIDING: 100}).outcome.allocation
    assert capped.hours_per_lead[0] == 8.0 and capped.hours_used == 44.0


def test_the_cheap_parts_campaign_pays_marketing_while_profit_falls():
    """The article's story: with the parts promotion marketing meets both its targets (420
    leads at EUR 15.36) and earns its bonus; the reps, paid on revenue, give the part leads
    no time, so its EUR 1,800 is lost: profit EUR 16,500 against 18,300 without it."""
    company = company_x()
    with_parts, _ = model_decisions(company)
    without = {**with_parts, PARTS: 0.0}
    month = play(company, with_parts, best_hours(company, with_parts))
    before = play(company, without, best_hours(company, without))
    assert month.marketing_pay_eur == 1000.0 and before.marketing_pay_eur == 0.0
    assert list(month.scorecard("marketing")["met"]) == [True, True]
    assert list(before.scorecard("marketing")["met"]) == [False, False]
    assert month.profit_eur == pytest.approx(16499.65, abs=0.01)
    assert before.profit_eur == pytest.approx(18299.65, abs=0.01)
    assert month.sales_pay_eur == before.sales_pay_eur  # sales' own card: no change


def test_phase_two_pays_both_on_the_common_goal():
    company = company_x()
    profit = Rules(common_goal="profit")
    budgets, hours = model_decisions(company, profit)
    month = play(company, budgets, hours, profit)
    assert month.company.plan == TeamPool(0.10)
    assert month.sales_pay_eur == pytest.approx(0.10 * (month.profit_eur + month.sales_pay_eur))
    assert month.marketing_pay_eur == pytest.approx(1000 * month.profit_eur / 17000)
    assert "profit_eur" in set(month.scorecard("sales")["metric"])
    assert "profit_eur" not in set(play(company, budgets, hours).scorecard("sales")["metric"])
    revenue = Rules(common_goal="revenue", revenue_rate=0.03)
    assert revenue.sales_plan(company) == RevenueShare(0.03)


def test_lead_source_information_splits_the_lead_types_sales_gives_hours_to():
    names = lead_type_names(company_x(), Rules(common_goal="profit", lead_source_info=True))
    assert names[:2] == ("Automated sliding gate (hot)", "Automated sliding gate (cold)")
    assert lead_type_names(company_x())[0] == SLIDING
    assert campaign_names(company_x())[0] == GATES


@pytest.mark.parametrize(
    ("budgets", "hours", "rules", "message"),
    [
        (
            {GATES: -1},
            {},
            PHASE_ONE,
            r"budgets\['Automatic gates search ads'\] must be a number >= 0",
        ),
        ({GATES: "ten"}, {}, PHASE_ONE, r"budgets\['Automatic gates search ads'\]"),
        ({"TV": 100}, {}, PHASE_ONE, r"budgets: unknown name\(s\) \['TV'\]"),
        ({}, {"Boats": 1}, PHASE_ONE, r"hours: unknown name\(s\) \['Boats'\]"),
        ({}, {SLIDING: math.nan}, PHASE_ONE, r"hours\['Automated sliding gate'\]"),
        ({}, {SLIDING: 361}, PHASE_ONE, r"hours add up to 361, more than the team's 360"),
        ({GATES: 7000}, {}, Rules(max_budget_eur=6450), r"budgets add up to EUR 7,000, over"),
    ],
)
def test_bad_decisions_are_refused_naming_the_field(budgets, hours, rules, message):
    with pytest.raises(ValueError, match=message):
        play(company_x(), budgets, hours, rules)


def test_bad_rules_are_refused():
    with pytest.raises(ValueError, match="common_goal"):
        Rules(common_goal="market share")
    with pytest.raises(ValueError, match="pool_share"):
        Rules(common_goal="profit", pool_share=0.9)
    with pytest.raises(ValueError, match="department"):
        play(company_x(), {}, {}).scorecard("finance")
