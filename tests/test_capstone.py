"""The capstone's grid on Velora (incentives.model.capstone), and the literal tables that
lesson 06's hidden tests hold: recomputed here from the model and Velora's files, so the
two cannot drift apart."""

from __future__ import annotations

import ast
import contextlib
import math

import nbformat
import pytest
from conftest import ROOT

from incentives.model import MarginShare, velora
from incentives.model.capstone import (
    BUDGETS_EUR,
    PLANS,
    RATES,
    TOLERANCE,
    accepted,
    company_at,
    grid_table,
    pay_floor_eur,
    plan_for,
    profit_literal,
    today_budget_eur,
)

NOTEBOOK = ROOT / "solutions" / "06-capstone" / "06-capstone.ipynb"
TODAY = 5_200.0


@pytest.fixture(scope="module")
def grid():
    return grid_table()


@pytest.fixture(scope="module")
def floor():
    return pay_floor_eur()


def row(grid, plan, rate, budget):
    (index,) = grid.index[
        (grid["plan"] == plan)
        & grid["rate"].map(lambda r: math.isclose(r, rate))
        & (grid["total_budget_eur"] == budget)
    ]
    return grid.loc[index]


def test_the_grid_is_the_stated_one(grid):
    assert len(grid) == 105 == len(PLANS) * 5 * len(BUDGETS_EUR)
    assert all(len(RATES[p]) == 5 for p in PLANS)
    assert tuple(TODAY * k / 4 for k in range(2, 9)) == BUDGETS_EUR
    assert today_budget_eur() == TODAY
    assert list(grid.columns) == [
        "plan",
        "rate",
        "total_budget_eur",
        "leads",
        "cost_per_lead_eur",
        "revenue_eur",
        "gross_margin_eur",
        "sales_pay_eur",
        "profit_eur",
        "ignored",
    ]


def test_the_pay_promise_is_todays_commission_rounded_down(floor):
    today = velora().outcome()
    assert floor == 1_876.0 == math.floor(today.sales_pay_eur)
    assert today.sales_pay_eur - 1 < floor <= today.sales_pay_eur


@pytest.mark.parametrize(
    ("plan", "rate", "budget"),
    [("margin_share", 0.09, 7_800.0), ("revenue_share", 0.03, 7_800.0), ("flat_fee", 25.0, TODAY)],
)
def test_each_grid_point_is_the_models_outcome(grid, plan, rate, budget):
    outcome = company_at(plan, rate, budget).outcome()
    point = row(grid, plan, rate, budget)
    for column in ("leads", "revenue_eur", "sales_pay_eur", "profit_eur"):
        assert math.isclose(point[column], getattr(outcome, column), rel_tol=1e-9), column


def test_todays_point_is_velora_today(grid):
    point = row(grid, "margin_share", 0.10, TODAY)
    assert math.isclose(point["profit_eur"], velora().outcome().profit_eur, rel_tol=1e-12)
    assert company_at("margin_share", 0.10, TODAY).campaigns == velora().campaigns


def test_the_labs_give_the_grids_profit():
    from incentives.labs import BudgetLab, CommissionLab

    lab = CommissionLab("velora")
    budget = BudgetLab(link=lab)
    lab.settings = {"plan": "margin_share", "margin_rate": 0.09}
    budget.settings = {"total_budget_eur": 7_800}
    point = row(grid_table(), "margin_share", 0.09, 7_800.0)
    assert math.isclose(budget.profit_eur, point["profit_eur"], rel_tol=1e-9)


def test_the_best_choices_and_what_is_accepted(grid, floor):
    today = grid[grid["total_budget_eur"] == TODAY]
    ok_today = today[accepted(today, floor)]
    assert sorted(zip(ok_today["plan"], ok_today["rate"], strict=True)) == [
        ("margin_share", 0.10),
        ("margin_share", 0.11),
    ]
    ok = grid[accepted(grid, floor)]
    assert sorted(zip(ok["plan"], ok["rate"], ok["total_budget_eur"], strict=True)) == [
        ("margin_share", 0.09, 7_800.0),
        ("margin_share", 0.09, 9_100.0),
        ("margin_share", 0.10, 6_500.0),
        ("margin_share", 0.10, 7_800.0),
    ]
    kept = grid[grid["sales_pay_eur"] >= floor]
    best = kept.loc[kept["profit_eur"].idxmax()]
    assert (best["plan"], best["rate"], best["total_budget_eur"]) == ("margin_share", 0.09, 7_800.0)
    assert TOLERANCE == 0.02


def test_the_misconceptions_fall_outside_the_tolerance(grid, floor):
    """The choices lesson 06 warns against are not accepted: the most revenue, the most
    leads, and the most profit with the pay promise ignored."""
    kept = grid[grid["sales_pay_eur"] >= floor]
    ok = accepted(grid, floor)
    assert not ok[kept["revenue_eur"].idxmax()]
    today = kept[kept["total_budget_eur"] == TODAY]
    assert not ok[today["revenue_eur"].idxmax()]
    assert not ok[kept[kept["leads"] == kept["leads"].max()]["profit_eur"].idxmax()]
    assert not ok[grid["profit_eur"].idxmax()]
    assert grid.loc[grid["profit_eur"].idxmax(), "sales_pay_eur"] < floor


def test_figures_the_lesson_quotes(grid, floor):
    """Numbers in the prose of lesson 06, as the model gives them."""
    today = velora().outcome()
    assert round(today.profit_eur) == 11_687 and round(today.revenue_eur) == 61_118
    assert round(today.leads) == 217 and round(today.cost_per_lead_eur, 2) == 23.99
    best = row(grid, "margin_share", 0.09, 7_800.0)
    assert round(best["profit_eur"]) == 12_197 and round(best["sales_pay_eur"]) == 1_978
    revenue_today = row(grid, "revenue_share", 0.03, TODAY)
    assert round(revenue_today["revenue_eur"]) == 62_005
    assert round(revenue_today["sales_pay_eur"]) == 1_860 < floor
    assert round(revenue_today["profit_eur"]) == 11_509
    revenue_more = row(grid, "revenue_share", 0.03, 7_800.0)
    assert revenue_more["ignored"] == "Annual service"
    assert round(revenue_more["profit_eur"]) == 9_572
    assert row(grid, "margin_share", 0.10, 7_800.0)["ignored"] == ""
    assert round(row(grid, "margin_share", 0.10, 10_400.0)["profit_eur"]) == 11_207
    fee = row(grid, "flat_fee", 25.0, TODAY)
    assert fee["sales_pay_eur"] >= floor > row(grid, "flat_fee", 20.0, TODAY)["sales_pay_eur"]
    assert round(fee["profit_eur"]) == 9_604


def test_with_tiring_campaigns_todays_choice_comes_first(floor):
    tired = grid_table(returns_exponent=0.8)
    kept = tired[tired["sales_pay_eur"] >= floor].sort_values("profit_eur", ascending=False)
    first = kept.iloc[0]
    assert (first["plan"], first["rate"], first["total_budget_eur"]) == ("margin_share", 0.1, TODAY)
    assert round(row(tired, "margin_share", 0.09, 7_800.0)["profit_eur"]) == 11_625
    assert round(row(tired, "margin_share", 0.09, 7_800.0)["cost_per_lead_eur"], 2) == 26.02
    assert kept.iloc[0]["profit_eur"] - kept.iloc[3]["profit_eur"] < 130
    # at today's budget the exponent changes nothing
    assert math.isclose(
        row(tired, "margin_share", 0.10, TODAY)["profit_eur"], velora().outcome().profit_eur
    )


def test_plan_for_and_company_at_refuse_what_is_not_on_offer():
    assert plan_for("margin_share", 0.09) == MarginShare(0.09)
    with pytest.raises(ValueError, match="plan must be one of"):
        plan_for("tiered_revenue", 0.05)
    with pytest.raises(ValueError, match="budget_eur"):
        company_at("margin_share", 0.1, -1)


def test_grid_table_returns_a_copy():
    first = grid_table()
    first.loc[0, "profit_eur"] = 0.0
    assert grid_table().loc[0, "profit_eur"] != 0.0


# --- the literal tables of the notebook's hidden tests ----------------------------------


def hidden_literals(grade_id: str) -> dict:
    """The names the hidden test cell ``grade_id`` binds to literals (``_profit``, ...)."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    found = {}
    for node in ast.parse(cell.source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                with contextlib.suppress(ValueError):
                    found[target.id] = ast.literal_eval(node.value)
    return found


def literal_mismatches(notebook: dict, model: dict) -> list[str]:
    """Where the notebook's literal differs from the model's, one line each."""
    problems = []
    for plan in sorted(set(notebook) | set(model)):
        if plan not in notebook or plan not in model:
            problems.append(f"plan {plan} in only one of them")
            continue
        for rate in sorted(set(notebook[plan]) | set(model[plan])):
            if notebook[plan].get(rate) != model[plan].get(rate):
                problems.append(
                    f"{plan} {rate}: {notebook[plan].get(rate)} != {model[plan].get(rate)}"
                )
    return problems


def test_the_recommendation_literal_is_the_models(grid, floor):
    found = hidden_literals("recommendation_hidden")
    assert found["_budgets"] == [int(b) for b in BUDGETS_EUR]
    assert literal_mismatches(found["_profit"], profit_literal(grid, floor)) == []


def test_the_plan_literal_is_the_models_at_todays_budget(grid, floor):
    found = hidden_literals("plan_choice_hidden")
    today = grid[grid["total_budget_eur"] == TODAY]
    model = {
        plan: {rate: profits[0] for rate, profits in levels.items()}
        for plan, levels in profit_literal(today, floor).items()
    }
    assert literal_mismatches(found["_profit"], model) == []


def test_the_literal_check_fails_when_the_model_changes(grid, floor):
    """The comparison above can fail: a company with EUR 100 of fixed costs a month gives
    another table, and every promise-keeping entry is reported."""
    found = hidden_literals("recommendation_hidden")
    costlier = grid_table(velora().replace(fixed_costs_eur=100.0))
    problems = literal_mismatches(found["_profit"], profit_literal(costlier, floor))
    rows_keeping_the_promise = sum(
        1 for levels in found["_profit"].values() for profits in levels.values() if any(profits)
    )
    assert problems and len(problems) == rows_keeping_the_promise


def test_the_literal_accepts_what_the_model_accepts(grid, floor):
    """Whole euros in the literal change no verdict: the hidden test's 2% rule on the
    literal accepts exactly the rows :func:`accepted` accepts."""
    literal = hidden_literals("recommendation_hidden")["_profit"]
    best = max(
        p for levels in literal.values() for r in levels.values() for p in r if p is not None
    )
    by_literal = {
        (plan, rate, BUDGETS_EUR[i])
        for plan, levels in literal.items()
        for rate, profits in levels.items()
        for i, p in enumerate(profits)
        if p is not None and p >= (1 - TOLERANCE) * best
    }
    ok = grid[accepted(grid, floor)]
    assert by_literal == set(zip(ok["plan"], ok["rate"], ok["total_budget_eur"], strict=True))
