"""Common goals (incentives.model.goals): revenue or profit as both departments' goal."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from incentives.model import Campaign, company_x, velora
from incentives.model.goals import (
    GOALS,
    SPEND_FACTORS,
    TABLE_COLUMNS,
    CommonGoal,
    campaign_figures,
    common_goal,
    compare_goals,
    goal_plan,
    scaled_campaigns,
)
from incentives.model.plans import RevenueShare, TeamPool
from incentives.model.sales import SalesTeam

TODAY_SPEND_EUR = 3_000 + 1_250 + 400 + 1_800  # Company X's four campaigns a month
TODAY_LEADS = 3_000 / 40 + 1_250 / 50 + 400 / 20 + 1_800 / 6  # 420


def figures(goal: str, column: str) -> dict:
    table = common_goal(goal).table
    return dict(zip(table["spend_factor"], table[column], strict=True))


def test_a_revenue_goal_keeps_spending_as_revenue_keeps_rising():
    """The lead's measurements: revenue under RevenueShare(0.03) at each spend factor."""
    revenue = figures("revenue", "revenue_eur")
    for factor, expected in {0.5: 53_242, 1.0: 85_187, 2.0: 115_944, 4.0: 141_411}.items():
        assert revenue[factor] == pytest.approx(expected, abs=1)
    values = [revenue[f] for f in SPEND_FACTORS]
    assert all(b > a for a, b in zip(values, values[1:], strict=False))
    result = common_goal("revenue")
    assert result.spend_factor == 4.0  # the most the grid allows
    assert result.ad_spend_eur == pytest.approx(4 * TODAY_SPEND_EUR)
    assert result.revenue_eur == pytest.approx(141_411, abs=1)
    assert result.profit_eur == pytest.approx(19_773, abs=1)


def test_a_profit_goal_stops_where_profit_peaks():
    profit = figures("profit", "profit_eur")
    for factor, expected in {1.0: 21_777, 2.0: 24_898, 4.0: 21_766}.items():
        assert profit[factor] == pytest.approx(expected, abs=1)
    result = common_goal("profit")
    assert result.spend_factor == 2.0
    assert result.ad_spend_eur == pytest.approx(12_900)
    assert result.profit_eur == pytest.approx(24_898, abs=1)
    assert result.profit_eur > common_goal("revenue").profit_eur + 5_000


def test_the_revenue_goals_last_step_adds_revenue_and_loses_profit():
    """From 3 to 4 times today's spend: EUR 6,450 more ads bring EUR 10,094 more revenue
    but only EUR 4,309 more gross margin (the reps' 360 hours are the limit)."""
    table = common_goal("revenue").table.set_index("spend_factor").drop(columns="chosen")
    step = table.loc[4.0] - table.loc[3.0]
    assert step["ad_spend_eur"] == pytest.approx(6_450)
    assert step["revenue_eur"] == pytest.approx(10_094, abs=1)
    assert step["gross_margin_eur"] == pytest.approx(4_309, abs=1)
    assert step["profit_eur"] == pytest.approx(-2_444, abs=1)


def test_the_table_holds_every_factor_and_the_profit_identity():
    for goal in GOALS:
        result = common_goal(goal)
        table = result.table
        assert list(table.columns) == list(TABLE_COLUMNS)
        assert table["spend_factor"].tolist() == list(SPEND_FACTORS)
        np.testing.assert_allclose(table["ad_spend_eur"], table["spend_factor"] * TODAY_SPEND_EUR)
        np.testing.assert_allclose(table["leads"], table["spend_factor"] * TODAY_LEADS)
        # Constant costs per lead: the blended cost per lead is EUR 15.36 at every spend,
        # so it cannot tell marketing how much to spend.
        np.testing.assert_allclose(table["cost_per_lead_eur"], TODAY_SPEND_EUR / TODAY_LEADS)
        np.testing.assert_allclose(
            table["profit_eur"],
            table["gross_margin_eur"] - table["sales_pay_eur"] - table["ad_spend_eur"],
        )
        assert table["chosen"].sum() == 1
        chosen = result.chosen
        assert chosen["spend_factor"] == result.spend_factor
        assert chosen[result.figure] == table[result.figure].max()
        assert chosen["profit_eur"] == pytest.approx(result.profit_eur)


def test_the_outcome_is_the_companys_own_at_the_chosen_spend():
    for goal, plan in (("revenue", RevenueShare(0.03)), ("profit", TeamPool(0.10))):
        result = common_goal(goal)
        assert result.plan == plan
        assert result.company.plan == plan
        expected = company_x().replace(
            plan=plan, campaigns=scaled_campaigns(company_x(), result.spend_factor)
        )
        assert result.outcome is expected.outcome()  # Company.outcome(), cached


def test_at_todays_spend_the_common_goal_is_align_with_both_on_it():
    """Factor 1 with sales wholly on the goal is align(sales_own_weight=0) with marketing
    on its own metrics, which keeps today's campaigns: the two modules agree."""
    from incentives.model.alignment import align

    for goal in GOALS:
        table = common_goal(goal).table.set_index("spend_factor")
        aligned = align(goal=goal, sales_own_weight=0.0, marketing_own_weight=1.0).outcome
        assert table.loc[1.0, "profit_eur"] == pytest.approx(aligned.profit_eur)
        assert table.loc[1.0, "revenue_eur"] == pytest.approx(aligned.revenue_eur)


def test_ties_go_to_the_smaller_spend():
    idle = company_x().replace(team=SalesTeam(reps=0))  # nobody sells: revenue 0 everywhere
    result = common_goal("revenue", company=idle)
    assert (result.table["revenue_eur"] == 0).all()
    assert result.spend_factor == 0.5
    assert result.table["chosen"].tolist() == [True] + [False] * 5


def test_factors_are_weighed_in_increasing_order_whatever_the_order_given():
    result = common_goal("profit", spend_factors=[4, 1, 2.0, 3])
    assert result.table["spend_factor"].tolist() == [1.0, 2.0, 3.0, 4.0]
    assert result.spend_factor == 2.0
    single = common_goal("revenue", spend_factors=np.array([1.0]))
    assert single.spend_factor == 1.0 and len(single.table) == 1


def test_compare_goals_puts_each_goals_choice_side_by_side():
    table = compare_goals()
    assert table.index.tolist() == ["revenue", "profit"]
    assert list(table.columns) == [c for c in TABLE_COLUMNS if c != "chosen"]
    assert table.loc["revenue", "spend_factor"] == 4.0
    assert table.loc["profit", "spend_factor"] == 2.0
    assert table.loc["revenue", "revenue_eur"] > table.loc["profit", "revenue_eur"]
    assert table.loc["profit", "profit_eur"] == pytest.approx(24_898, abs=1)
    assert table.loc["revenue", "profit_eur"] == pytest.approx(19_773, abs=1)


def test_rates_change_the_plan_and_the_choice_table():
    richer = common_goal("revenue", revenue_rate=0.05)
    assert richer.plan == RevenueShare(0.05)
    assert (richer.table["sales_pay_eur"] > common_goal("revenue").table["sales_pay_eur"]).all()
    pooled = common_goal("profit", pool_share=0.2)
    assert pooled.plan == TeamPool(0.2)


def test_common_goal_works_on_velora():
    """Velora's revenue goal also spends the most the grid allows, and earns less."""
    revenue, profit = (
        common_goal("revenue", company=velora()),
        common_goal("profit", company=velora()),
    )
    assert revenue.spend_factor == 4.0
    assert profit.spend_factor == 1.5
    assert profit.profit_eur == pytest.approx(12_757, abs=1)
    assert revenue.profit_eur == pytest.approx(2_281, abs=1)


def test_campaign_figures_add_up_to_the_outcome():
    for outcome in (
        company_x().outcome(),
        common_goal("revenue").outcome,
        common_goal("profit").outcome,
        velora().outcome(),
    ):
        table = campaign_figures(outcome)
        assert table.index.tolist() == [c.name for c in outcome.company.campaigns]
        assert table["leads"].sum() == pytest.approx(outcome.leads)
        assert table["ad_spend_eur"].sum() == pytest.approx(outcome.ad_spend_eur)
        assert table["revenue_eur"].sum() == pytest.approx(outcome.revenue_eur)
        assert table["gross_margin_eur"].sum() == pytest.approx(outcome.gross_margin_eur)
        np.testing.assert_allclose(
            table["margin_after_ads_eur"], table["gross_margin_eur"] - table["ad_spend_eur"]
        )


def test_campaign_figures_show_what_a_revenue_goal_lets_through():
    """At four times today's spend the reps leave the garage-door leads and most part
    leads unworked: revenue counts the parts promotion's deals at their price."""
    table = campaign_figures(common_goal("revenue").outcome)
    garage, parts = table.loc["Garage doors social ads"], table.loc["Spare parts summer promotion"]
    assert garage["ad_spend_eur"] == 5_000 and garage["revenue_eur"] == 0
    assert math.isnan(garage["margin_rate"])
    assert parts["ad_spend_eur"] == 7_200
    assert parts["revenue_eur"] == pytest.approx(9_695, abs=1)
    assert parts["gross_margin_eur"] == pytest.approx(4_363, abs=1)
    assert parts["margin_after_ads_eur"] == pytest.approx(-2_837, abs=1)
    assert parts["cost_per_lead_eur"] == 6  # the cheapest leads of all
    today = campaign_figures(company_x().outcome())  # the tiered plan: parts ignored
    assert today.loc["Spare parts summer promotion", "revenue_eur"] == 0
    assert today.loc["Spare parts summer promotion", "margin_after_ads_eur"] == -1_800


def test_scaled_campaigns_scale_budgets_and_keep_costs():
    company = company_x()
    assert scaled_campaigns(company, 1.0) == company.campaigns
    for before, after in zip(company.campaigns, scaled_campaigns(company, 2.5), strict=True):
        assert after.budget_eur == pytest.approx(2.5 * before.budget_eur)
        assert after.leads == pytest.approx(2.5 * before.leads)
        assert after.cost_per_lead_eur == before.cost_per_lead_eur


def test_a_campaign_with_diminishing_returns_keeps_its_curve():
    curved = Campaign("curved", "Gate motor kit", 1_000.0, 10.0, returns_exponent=0.8)
    company = company_x().replace(campaigns=(curved,))
    (doubled,) = scaled_campaigns(company, 2.0)
    assert curved.leads == pytest.approx(100)
    assert doubled.leads == pytest.approx(100 * 2**0.8)  # not 200: each euro buys fewer
    assert doubled.leads == pytest.approx(curved.leads_at(2_000.0))
    (again,) = scaled_campaigns(company.replace(campaigns=(doubled,)), 0.5)
    assert again.leads == pytest.approx(100)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"goal": "margin"}, "goal must be 'revenue' or 'profit'; got 'margin'"),
        ({"goal": "Revenue"}, "goal must be 'revenue' or 'profit'"),
        ({"goal": None}, "goal must be 'revenue' or 'profit'"),
        ({"goal": "profit", "spend_factors": []}, "spend_factors is empty"),
        ({"goal": "profit", "spend_factors": [1, 0]}, "spend_factors must all be positive"),
        ({"goal": "profit", "spend_factors": [-1]}, "spend_factors must all be positive"),
        ({"goal": "profit", "spend_factors": [math.nan]}, "spend_factors must all be positive"),
        ({"goal": "profit", "spend_factors": [math.inf]}, "spend_factors must all be positive"),
        ({"goal": "profit", "spend_factors": [True]}, "spend_factors must all be positive"),
        ({"goal": "profit", "spend_factors": ["2"]}, "spend_factors must all be positive"),
        ({"goal": "profit", "spend_factors": "12"}, "spend_factors must be a sequence"),
        ({"goal": "profit", "spend_factors": 2.0}, "spend_factors must be a sequence"),
        ({"goal": "profit", "spend_factors": [1, 2, 1.0]}, "must not repeat a factor"),
        ({"goal": "revenue", "revenue_rate": 0.25}, "revenue_rate must be a number from 0 to 0.2"),
        ({"goal": "revenue", "revenue_rate": -0.01}, "revenue_rate must be a number from 0"),
        ({"goal": "revenue", "revenue_rate": math.nan}, "revenue_rate must be a number"),
        ({"goal": "revenue", "revenue_rate": "0.03"}, "revenue_rate must be a number"),
        ({"goal": "profit", "pool_share": 0.6}, "pool_share must be a number from 0 to 0.5"),
        ({"goal": "profit", "pool_share": False}, "pool_share must be a number"),
    ],
)
def test_bad_input_is_refused_by_name(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        common_goal(**kwargs)


def test_bad_input_is_refused_by_every_entry_point():
    with pytest.raises(ValueError, match="goal must be"):
        goal_plan("costs")
    with pytest.raises(ValueError, match="goal must be"):
        common_goal("sales")
    with pytest.raises(ValueError, match="spend_factors must all be positive"):
        compare_goals(spend_factors=[0.0])
    with pytest.raises(ValueError, match="spend_factors must all be positive"):
        scaled_campaigns(company_x(), -2.0)
    with pytest.raises(TypeError, match="company must be a Company"):
        common_goal("profit", company="Company X")


def test_goal_plan_pays_each_goal():
    assert goal_plan("revenue") == RevenueShare(0.03)
    assert goal_plan("profit") == TeamPool(0.10)
    assert goal_plan("revenue", revenue_rate=0.05, pool_share=0.4) == RevenueShare(0.05)
    assert goal_plan("profit", revenue_rate=0.05, pool_share=0.4) == TeamPool(0.4)


def test_each_call_gets_its_own_table():
    first = common_goal("profit")
    first.table.loc[0, "profit_eur"] = 0.0
    assert common_goal("profit").table.loc[0, "profit_eur"] == pytest.approx(14_240, abs=1)
    assert isinstance(first, CommonGoal)


def test_scaled_campaigns_leave_the_original_untouched():
    company = company_x()
    before = tuple(replace(c) for c in company.campaigns)
    scaled_campaigns(company, 3.0)
    assert company.campaigns == before
