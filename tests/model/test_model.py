"""The incentive model: hand-computed numbers, the article's paradox, and invariants."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from conftest import check_run, check_run_lead_types
from hypothesis import given, settings
from hypothesis import strategies as st

from incentives.model.build import company_x
from incentives.model.company import Company
from incentives.model.marketing import Campaign, campaign_table, marketing_kpis
from incentives.model.plans import (
    BasePlusBonus,
    Blend,
    FlatFee,
    MarginShare,
    RevenueShare,
    TeamPool,
    TieredRevenue,
)
from incentives.model.sales import (
    LeadType,
    SalesTeam,
    allocate_time,
    profit_maximising_allocation,
    win_probability,
)

GATE, PART = check_run_lead_types()  # the check run (docs/model.md, tests/fixtures/check_run)

# --- plans -----------------------------------------------------------------------------


def test_each_plan_pays_what_its_rule_says():
    value = np.array([90.0, 499.99, 500.0, 2_500.0])
    margin = value * 0.4
    assert RevenueShare(0.05).commission(value, margin).tolist() == pytest.approx(
        [4.5, 24.9995, 25.0, 125.0]
    )
    # 1% below EUR 500, 5% from EUR 500 up, on the whole deal.
    assert TieredRevenue().commission(value, margin).tolist() == pytest.approx(
        [0.9, 4.9999, 25.0, 125.0]
    )
    assert MarginShare(0.12).commission(value, margin).tolist() == pytest.approx(
        [4.32, 23.99952, 24.0, 120.0]
    )
    assert FlatFee(30).commission(value, margin).tolist() == [30.0] * 4
    assert TeamPool(0.1).commission(value, margin).tolist() == pytest.approx(0.1 * margin)


def test_payouts_add_salaries_and_share_profit():
    plan = BasePlusBonus(base_eur=2_000, bonus=FlatFee(30))
    assert plan.payout([100.0, 200.0], [10.0, 20.0], wins=[2, 3], reps=3) == 6_000 + 5 * 30
    assert TeamPool(0.1).payout([1.0], [1.0], profit_before_pay_eur=50_000) == 5_000
    assert TeamPool(0.1).payout([1.0], [1.0], profit_before_pay_eur=-10) == 0
    pooled = BasePlusBonus(base_eur=1_000, bonus=TeamPool(0.1))
    # The pool shares profit after salaries: 0.1 * (50,000 - 2 * 1,000) + 2,000.
    assert pooled.payout([1.0], [1.0], reps=2, profit_before_pay_eur=50_000) == 6_800


@pytest.mark.parametrize(
    ("make", "word"),
    [
        (lambda: RevenueShare(-0.1), "rate"),
        (lambda: MarginShare(1.5), "rate"),
        (lambda: FlatFee(-5), "fee_eur"),
        (lambda: TeamPool(float("nan")), "share"),
        (lambda: TieredRevenue((0, 500, 300), (0.01, 0.03, 0.05)), "increasing"),
        (lambda: TieredRevenue((100, 500), (0.01, 0.05)), "start at 0"),
        (lambda: TieredRevenue((0, 500), (0.01,)), "one entry per tier"),
        (lambda: TieredRevenue((0, 500), (0.01, -0.05)), "rates"),
        (lambda: BasePlusBonus(-1, FlatFee()), "base_eur"),
        (lambda: FlatFee(True), "fee_eur"),
        (lambda: Blend(((float("inf"), FlatFee()),)), "weight"),
    ],
)
def test_bad_plan_parameters_raise_naming_them(make, word):
    with pytest.raises(ValueError, match=word):
        make()


# --- marketing -------------------------------------------------------------------------


def test_budget_buys_leads_at_the_cost_per_lead():
    parts = Campaign("parts", "part", budget_eur=1_800, cost_per_lead_eur=6)
    assert parts.leads == 300
    kpis = marketing_kpis([parts, Campaign("gates", "gate", 4_000, 40)])
    assert kpis == {"leads": 400.0, "ad_spend_eur": 5_800.0, "cost_per_lead_eur": 14.5}


def test_diminishing_returns_pass_through_the_reference_budget():
    campaign = Campaign("c", "gate", 1_000, 10.0, returns_exponent=0.8, reference_budget_eur=1_000)
    assert campaign.leads == pytest.approx(100)
    # Doubling the budget multiplies leads by 2**0.8 = 1.741.
    assert campaign.leads_at(2_000) == pytest.approx(100 * 2**0.8)


def test_zero_budget_gives_no_leads_and_an_undefined_cost_per_lead():
    kpis = marketing_kpis([Campaign("idle", "gate", 0, 40)])
    assert kpis["leads"] == 0 and math.isnan(kpis["cost_per_lead_eur"])
    assert math.isnan(campaign_table([Campaign("idle", "gate", 0, 40)])["cost_per_lead_eur"][0])


@given(
    budget=st.floats(0, 1e6, allow_nan=False),
    cost=st.floats(0.01, 1e4, allow_nan=False),
)
def test_leads_equal_budget_over_cost_per_lead(budget, cost):
    assert Campaign("c", "x", budget, cost).leads == pytest.approx(budget / cost)


# --- sales: the check run of docs/model.md ---------------------------------------------

TEAM = SalesTeam(reps=3, hours_per_rep=120)


def minutes(allocation):
    return (allocation.hours_per_lead * 60).tolist()


def test_gates_alone_get_every_hour():
    # 360 h over 100 gate leads = 3.6 h = 216 min each; wins 100 * 0.35 * (1 - e^-1.8).
    allocation = allocate_time([GATE, PART], [100, 0], TEAM, TieredRevenue())
    assert minutes(allocation) == pytest.approx([216.0, 0.0])
    assert allocation.expected_wins.sum() == pytest.approx(35 * (1 - math.exp(-1.8)))
    # lambda = c P / tau * e^(-t/tau) = 125 * 0.35 / 2 * e^-1.8
    assert allocation.shadow_price == pytest.approx(21.875 * math.exp(-1.8))


def test_under_the_tiered_plan_reps_ignore_the_parts_leads():
    allocation = allocate_time([GATE, PART], [100, 300], TEAM, TieredRevenue())
    assert minutes(allocation) == pytest.approx([216.0, 0.0])
    assert allocation.worked.tolist() == [True, False]


def test_under_a_margin_share_parts_get_worked_as_the_company_would():
    # Equal multipliers: 200 (ln 18.375 - x) + 45 (ln 28.8 - x) = 360, x = ln lambda.
    x = (200 * math.log(18.375) + 45 * math.log(28.8) - 360) / 245
    expected = [2 * (math.log(18.375) - x) * 60, 0.15 * (math.log(28.8) - x) * 60]
    reps = allocate_time([GATE, PART], [100, 300], TEAM, MarginShare(0.12))
    company = profit_maximising_allocation([GATE, PART], [100, 300], TEAM, MarginShare(0.12))
    assert minutes(reps) == pytest.approx(expected)
    assert minutes(reps) == pytest.approx([166.4, 16.5], abs=0.1)
    assert minutes(company) == pytest.approx(minutes(reps))
    assert reps.shadow_price == pytest.approx(math.exp(x))


def test_a_flat_fee_overworks_the_parts():
    reps = allocate_time([GATE, PART], [100, 300], TEAM, FlatFee(30))
    assert minutes(reps) == pytest.approx([101.0, 38.3], abs=0.1)
    assert reps.expected_wins[1] == pytest.approx(236.6, abs=0.1)


def test_minimum_handling_time_is_what_makes_parts_worth_ignoring():
    no_minimum = LeadType("part", 90, 0.5, 0.8, 0.15, min_hours=0.0)
    allocation = allocate_time([GATE, no_minimum], [100, 300], TEAM, TieredRevenue())
    assert 0 < minutes(allocation)[1] < 3  # about 2 minutes each, as docs/model.md says


def test_more_hours_than_the_leads_need_leaves_hours_unused():
    allocation = allocate_time([GATE], [10], SalesTeam(3, 120), RevenueShare(0.05))
    assert allocation.hours_per_lead.tolist() == [GATE.max_hours]
    assert allocation.hours_used == 80 and allocation.shadow_price == 0


def test_no_hours_or_no_leads_means_no_work():
    assert allocate_time([GATE, PART], [100, 300], SalesTeam(0, 120), FlatFee()).hours_used == 0
    nothing = allocate_time([GATE, PART], [0, 0], TEAM, FlatFee())
    assert nothing.expected_wins.sum() == 0 and not nothing.worked.any()


def test_too_few_hours_for_every_minimum_works_the_better_type():
    # 20 h cannot give 300 parts leads their 10 minutes (50 h) but can serve 40 gate leads.
    allocation = allocate_time([GATE, PART], [40, 300], SalesTeam(1, 20), FlatFee(30))
    assert allocation.worked.tolist() == [True, False]
    assert allocation.hours_used == pytest.approx(20)


def test_bad_inputs_are_named():
    with pytest.raises(ValueError, match="one count per lead type"):
        allocate_time([GATE, PART], [100], TEAM, FlatFee())
    with pytest.raises(ValueError, match="leads must be counts"):
        allocate_time([GATE], [-1], TEAM, FlatFee())
    with pytest.raises(ValueError, match="time_constant_hours"):
        LeadType("x", 100, 0.3, 0.5, 0.0)
    with pytest.raises(ValueError, match="reps"):
        SalesTeam(-1, 10)


def test_win_probability_is_zero_below_the_minimum_time():
    assert win_probability([0.1, 0.5, 100], 0.35, 2.0, 0.5).tolist() == pytest.approx(
        [0.0, 0.35 * (1 - math.exp(-0.25)), 0.35]
    )


lead_types = st.builds(
    LeadType,
    name=st.just("k"),
    value_eur=st.floats(1, 10_000),
    margin_rate=st.floats(0, 1),
    win_ceiling=st.floats(0, 1),
    time_constant_hours=st.floats(0.01, 10),
    min_hours=st.floats(0, 2),
    max_hours=st.just(12.0),
)
plans = st.one_of(
    st.builds(RevenueShare, st.floats(0, 0.3)),
    st.builds(MarginShare, st.floats(0, 1)),
    st.builds(FlatFee, st.floats(0, 500)),
    st.builds(TieredRevenue),
    st.builds(TeamPool, st.floats(0, 0.5)),
)


@settings(max_examples=60, deadline=None)
@given(
    kinds=st.lists(lead_types, min_size=1, max_size=4),
    counts=st.lists(st.floats(0, 2_000), min_size=4, max_size=4),
    reps=st.integers(0, 6),
    hours=st.floats(0, 200),
    plan=plans,
)
def test_hours_used_never_exceed_hours_available(kinds, counts, reps, hours, plan):
    kinds = [dataclasses.replace(k, name=f"k{i}") for i, k in enumerate(kinds)]
    leads = counts[: len(kinds)]
    team = SalesTeam(reps, hours)
    for allocation in (
        allocate_time(kinds, leads, team, plan),
        profit_maximising_allocation(kinds, leads, team, plan),
    ):
        assert allocation.hours_used <= team.hours * (1 + 1e-9) + 1e-9
        minimum = np.array([k.min_hours for k in kinds])
        worked = allocation.worked
        assert np.all(allocation.hours_per_lead[worked] >= minimum[worked] - 1e-9)
        assert np.all(allocation.commission_eur >= 0)
        assert np.all((allocation.win_probability >= 0) & (allocation.win_probability <= 1))


@settings(max_examples=40, deadline=None)
@given(
    rate=st.floats(0.01, 0.5),
    gate_leads=st.integers(0, 300),
    part_leads=st.integers(0, 1_000),
    hours=st.floats(10, 200),
)
def test_margin_share_reps_choose_the_profit_maximising_split(rate, gate_leads, part_leads, hours):
    team = SalesTeam(2, hours)
    reps = allocate_time([GATE, PART], [gate_leads, part_leads], team, MarginShare(rate))
    best = profit_maximising_allocation([GATE, PART], [gate_leads, part_leads], team)
    assert reps.hours_per_lead == pytest.approx(best.hours_per_lead, abs=1e-6)


# --- the company and the article's paradox ---------------------------------------------


def test_the_parts_campaign_paradox_under_the_tiered_revenue_plan():
    # The check run (docs/model.md): June without the parts campaign, September with it.
    before = check_run(month="2025-06").outcome()
    after = check_run().outcome()
    assert after.cost_per_lead_eur == pytest.approx(14.5)
    assert before.cost_per_lead_eur == pytest.approx(40.0)
    assert after.revenue_eur == pytest.approx(before.revenue_eur)
    assert before.profit_eur == pytest.approx(17_911, abs=1)
    assert after.profit_eur == pytest.approx(before.profit_eur - 1_800)  # the campaign's cost
    assert after.close_rate == pytest.approx(0.073, abs=0.001)
    assert after.departments_met() == {"marketing": True, "sales": True, "company": False}


def test_a_margin_share_resolves_it():
    outcome = check_run(plan=MarginShare(0.12)).outcome()
    assert outcome.profit_eur == pytest.approx(22_405, abs=1)
    assert outcome.departments_met() == {"marketing": True, "sales": True, "company": True}
    company_choice = check_run(plan=MarginShare(0.12)).outcome(chooser="company")
    assert company_choice.profit_eur == pytest.approx(outcome.profit_eur)


def test_a_flat_fee_works_the_parts_but_loses_money():
    outcome = check_run(plan=FlatFee(30)).outcome()
    assert outcome.profit_eur == pytest.approx(14_579, abs=1)
    assert outcome.departments_met()["company"] is False


def test_the_shipped_company_x_tells_the_same_story():
    # Company X as its files describe it (data/company_x), September 2025: six products.
    before = company_x(parts_campaign=False).outcome()
    after = company_x().outcome()
    assert before.leads == 120 and after.leads == 420  # + EUR 1,800 at EUR 6
    assert after.cost_per_lead_eur == pytest.approx(6_450 / 420)
    assert after.revenue_eur == pytest.approx(before.revenue_eur)
    assert after.profit_eur == pytest.approx(before.profit_eur - 1_800)
    assert round(before.profit_eur) == 18_300 and round(after.profit_eur) == 16_500
    assert before.close_rate == pytest.approx(0.2563096, abs=5e-7)  # lesson 02's hidden test
    assert after.close_rate == pytest.approx(0.07323, abs=5e-6)  # lesson 02's hidden test
    parts = [k.name for k in after.company.lead_types if k.category == "part"]
    assert after.allocation.table().loc[parts, "minutes_per_lead"].tolist() == [0, 0, 0]
    assert after.departments_met() == {"marketing": True, "sales": True, "company": False}
    margin = company_x(plan=MarginShare(0.12)).outcome()
    assert round(margin.profit_eur) == 20_519
    assert margin.departments_met() == {"marketing": True, "sales": True, "company": True}
    assert (margin.allocation.table().loc[parts, "minutes_per_lead"] >= 10).all()
    flat = company_x(plan=FlatFee(30)).outcome()
    assert round(flat.profit_eur) == 11_179 < after.profit_eur  # lesson 02b, exercise 5


def test_scorecards_mark_each_target():
    cards = check_run().outcome().scorecards().set_index("metric")
    assert cards.loc["cost_per_lead_eur", "met"] == True  # noqa: E712 (pandas boolean)
    assert cards.loc["profit_eur", "met"] == False  # noqa: E712
    assert cards["met"].isna().sum() == 3  # close rate, sales pay, ROAS: reported only
    assert cards.loc["roas", "value"] == pytest.approx(cards.loc["revenue_eur", "value"] / 5_800)


@settings(max_examples=40, deadline=None)
@given(
    plan=plans,
    parts_budget=st.floats(0, 10_000),
    fixed=st.floats(0, 50_000),
    base=st.floats(0, 3_000),
)
def test_profit_identity(plan, parts_budget, fixed, base):
    company = check_run().replace(
        campaigns=(check_run().campaigns[0], Campaign("parts", "part", parts_budget, 6.0)),
        fixed_costs_eur=fixed,
        plan=BasePlusBonus(base, plan),
    )
    outcome = company.outcome()
    allocation = outcome.allocation
    assert outcome.profit_eur == pytest.approx(
        allocation.gross_margin_eur.sum() - outcome.sales_pay_eur - outcome.ad_spend_eur - fixed
    )
    assert outcome.sales_pay_eur >= 0
    assert outcome.ad_spend_eur == pytest.approx(4_000 + parts_budget)


def test_company_refuses_campaigns_for_unknown_lead_types():
    with pytest.raises(ValueError, match="unknown lead types"):
        Company((GATE,), (Campaign("p", "part", 100, 6),), TEAM, FlatFee())


def test_a_blend_weighs_its_plans():
    plan = Blend(((0.5, TieredRevenue()), (0.5, TeamPool(0.1))))
    # Half of 5% of 2,500 plus half of 10% of the 875 margin.
    assert plan.commission([2_500.0], [875.0]).tolist() == pytest.approx([0.5 * 125 + 0.5 * 87.5])
    assert plan.payout([2_500.0], [875.0], wins=[2], profit_before_pay_eur=10_000) == (
        pytest.approx(0.5 * 250 + 0.5 * 1_000)
    )
    assert plan.shares_profit
    with pytest.raises(ValueError, match="weight"):
        Blend(((-1, FlatFee()),))
