"""Lesson 05 (common criteria): the literals of its hidden tests and the model numbers its
prose quotes are recomputed from the model, so the lesson and the model cannot drift."""

from __future__ import annotations

import ast
import itertools
import re

import nbformat
import pytest
from conftest import ROOT

from incentives.model.alignment import align
from incentives.model.goals import campaign_figures, common_goal

LESSON = "05-common-criteria"
NOTEBOOK = ROOT / "solutions" / LESSON / f"{LESSON}.ipynb"
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)


@pytest.fixture(scope="module")
def notebook():
    return nbformat.read(NOTEBOOK, as_version=4)


def cell(nb, grade_id: str):
    (found,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    return found


def prose(nb) -> str:
    """Every markdown cell's text, line breaks made spaces (sentences wrap)."""
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return re.sub(r"\s+", " ", text)


def designs_literal(nb) -> dict:
    """The ``_DESIGNS = {...}`` table written into exercise 4's hidden test."""
    tree = ast.parse(cell(nb, "leader_settings_hidden").source)
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "_DESIGNS":
            return ast.literal_eval(node.value)
    raise AssertionError("no _DESIGNS table in leader_settings_hidden")


def eur(value: float) -> str:
    return f"EUR {round(value):,}"


def test_the_hidden_designs_table_is_the_models(notebook):
    table = designs_literal(notebook)
    expected_keys = set(itertools.product(("profit", "revenue"), WEIGHTS, WEIGHTS))
    assert set(table) == expected_keys
    for (goal, sales, marketing), (profit, met) in table.items():
        outcome = align(
            goal=goal,
            sales_own_weight=sales,
            marketing_own_weight=marketing,
            lead_source_info=True,
        ).outcome
        assert profit == round(outcome.profit_eur), (goal, sales, marketing)
        assert met is all(outcome.departments_met().values()), (goal, sales, marketing)


def test_the_leaders_decision_is_unique_up_to_marketings_weight(notebook):
    """The designs that meet every target with the most profit: the profit goal, sales
    wholly on it, marketing with any weight from 0.25 on its own metrics (all keep today's
    EUR 1,800 on parts); the revenue goal's best earns less, and all on profit misses
    marketing's targets."""
    table = designs_literal(notebook)
    best = max(p for p, met in table.values() if met)
    winners = sorted(k for k, (p, met) in table.items() if met and p == best)
    assert winners == [("profit", 0.0, w) for w in WEIGHTS[1:]]
    assert best == 22_634
    assert table[("profit", 0.0, 0.0)] == (23_547, False)
    assert table[("revenue", 0.0, 0.25)] == (22_406, True)  # the most revenue of those met


def test_the_prose_quotes_the_models_numbers(notebook):
    text = prose(notebook)
    today, informed = align(), align(lead_source_info=True)
    quoted = [eur(today.outcome.profit_eur), eur(informed.outcome.profit_eur)]
    minutes = informed.outcome.allocation.table().loc["Gate motor kit", "minutes_per_lead"]
    assert f"about {minutes:.1f} minutes" in text

    for goal in ("revenue", "profit"):
        both = align(goal=goal, sales_own_weight=0.0, marketing_own_weight=0.0)
        informed_both = align(
            goal=goal, sales_own_weight=0.0, marketing_own_weight=0.0, lead_source_info=True
        )
        quoted += [eur(both.outcome.profit_eur), eur(informed_both.outcome.profit_eur)]
    quoted.append(eur(align(marketing_own_weight=0.0).outcome.profit_eur))  # marketing only
    garage = [
        align(goal=goal, sales_own_weight=0.0, marketing_own_weight=0.0, lead_source_info=True)
        .outcome.allocation.table()
        .loc["Sectional garage door with motor", "minutes_per_lead"]
        for goal in ("revenue", "profit")
    ]
    assert f"about {garage[0]:.0f} minutes instead of {garage[1]:.0f}" in text
    both = align(sales_own_weight=0.0, marketing_own_weight=0.0).outcome
    assert f"about {round(both.leads)} leads at EUR {both.cost_per_lead_eur:.2f}" in text

    by_revenue, by_profit = common_goal("revenue"), common_goal("profit")
    quoted += [
        eur(by_revenue.ad_spend_eur),
        eur(by_revenue.revenue_eur),
        eur(by_revenue.profit_eur),
        eur(by_profit.ad_spend_eur),
        eur(by_profit.profit_eur),
        eur(by_revenue.revenue_eur - by_profit.revenue_eur),
    ]
    table = by_revenue.table.set_index("spend_factor").drop(columns="chosen")
    step = table.loc[4.0] - table.loc[3.0]
    quoted += [
        eur(step["ad_spend_eur"]),
        eur(step["revenue_eur"]),
        eur(step["gross_margin_eur"]),
        eur(step["sales_pay_eur"]),
        eur(-step["profit_eur"]),
    ]
    parts = campaign_figures(by_revenue.outcome).loc["Spare parts summer promotion"]
    quoted += [
        eur(parts["revenue_eur"]),
        eur(parts["gross_margin_eur"]),
        eur(-parts["margin_after_ads_eur"]),
    ]
    blended = align(marketing_own_weight=0.15)
    quoted += [eur(blended.parts_budget_eur), eur(blended.outcome.profit_eur)]
    missing = [figure for figure in quoted if figure not in text]
    assert missing == [], f"figures the model gives that the lesson does not quote: {missing}"

    gap = by_revenue.profit_eur - by_profit.profit_eur
    assert f"about EUR {round(-gap, -2):,.0f} less" in text
    table = designs_literal(notebook)
    price = table[("profit", 0.0, 0.0)][0] - 22_634
    assert round(price, -2) == 900 and "about EUR 900 a month" in text


def test_the_model_answer_quotes_the_models_numbers(notebook):
    answer = re.sub(r"\s+", " ", cell(notebook, "joint_scorecard_reflection").source)
    by_revenue, by_profit = common_goal("revenue"), common_goal("profit")
    parts = campaign_figures(by_revenue.outcome).loc["Spare parts summer promotion"]
    for value in (
        by_revenue.ad_spend_eur,
        by_profit.ad_spend_eur,
        by_revenue.profit_eur,
        by_profit.profit_eur,
        parts["revenue_eur"],
        -parts["margin_after_ads_eur"],
    ):
        assert eur(value) in answer, eur(value)


def test_the_stated_grid_is_the_lessons():
    """Exercise 4's text names the grid the hidden table covers."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = prose(nb)
    assert "each one of 0, 0.25, 0.5, 0.75 and 1" in text
    assert "`lead_source_info` is always `True`" in text
