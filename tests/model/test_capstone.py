"""The capstone's grid on Velora (incentives.model.capstone), and the literal tables and
answers that the hidden tests of lessons 06-capstone (exercise 3, ``choose_plan``) and
06b-capstone-memo (exercise 5, ``recommend``) hold: recomputed here from the model and
Velora's files, so the two cannot drift apart."""

from __future__ import annotations

import ast
import contextlib
import math

import nbformat
import pandas as pd
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
    split_summary,
    split_table,
    today_budget_eur,
)

PART_1 = ROOT / "solutions" / "06-capstone" / "06-capstone.ipynb"
PART_2 = ROOT / "solutions" / "06b-capstone-memo" / "06b-capstone-memo.ipynb"
TODAY = 5_200.0
# The grids of Velora the hidden tests hold: rates and budgets between the lesson's.
PLAN_RATES = {
    "revenue_share": (0.0275, 0.0325, 0.0375),
    "margin_share": (0.085, 0.095, 0.105, 0.115),
    "flat_fee": (17.5, 22.5, 27.5),
}
PLAN_BUDGETS = (5_850.0,)
RECOMMEND_RATES = {"revenue_share": (0.0275, 0.0325), "margin_share": (0.085, 0.095, 0.105)}
RECOMMEND_BUDGETS = (4_550.0, 5_850.0, 7_150.0, 8_450.0)
COLUMNS = [
    "plan",
    "rate",
    "total_budget_eur",
    "leads",
    "revenue_eur",
    "sales_pay_eur",
    "profit_eur",
]


def best_plan(options: pd.DataFrame, pay_floor: float) -> tuple[str, float]:
    """Exercise 3's rule, written here independently of the notebook."""
    kept = options[options["sales_pay_eur"] >= pay_floor]
    row = kept.loc[kept["profit_eur"].idxmax()]
    return str(row["plan"]), round(float(row["rate"]), 6)


def careful_choice(
    options: pd.DataFrame, pay_floor: float, tolerance: float = TOLERANCE
) -> tuple[str, float, float]:
    """Exercise 5's rule: the smallest budget within ``tolerance`` of the best profit that
    keeps the promise (the rows :func:`accepted` marks); among those, the most profit."""
    near = options[accepted(options, pay_floor, tolerance=tolerance)]
    near = near[near["total_budget_eur"] == near["total_budget_eur"].min()]
    row = near.loc[near["profit_eur"].idxmax()]
    return str(row["plan"]), round(float(row["rate"]), 6), round(float(row["total_budget_eur"]), 2)


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
    """Numbers in the prose of lessons 06 and 06b, as the model gives them."""
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
    careful = row(grid, "margin_share", 0.10, 6_500.0)  # the memo's sample answer
    assert round(careful["profit_eur"]) == 11_997 and round(careful["sales_pay_eur"]) == 2_055
    assert careful_choice(grid, floor) == ("margin_share", 0.1, 6_500.0)
    assert TOLERANCE > (12_197 - 11_997) / 12_197  # within the tolerance of the best


def test_with_tiring_campaigns_todays_choice_comes_first(floor):
    tired = grid_table(returns_exponent=0.8)
    kept = tired[tired["sales_pay_eur"] >= floor].sort_values("profit_eur", ascending=False)
    first = kept.iloc[0]
    assert (first["plan"], first["rate"], first["total_budget_eur"]) == ("margin_share", 0.1, TODAY)
    assert round(row(tired, "margin_share", 0.09, 7_800.0)["profit_eur"]) == 11_625
    assert round(row(tired, "margin_share", 0.09, 7_800.0)["cost_per_lead_eur"], 2) == 26.02
    assert kept.iloc[0]["profit_eur"] - kept.iloc[3]["profit_eur"] < 130
    # the careful step loses less: about today's profit (EUR 7 short)
    careful = row(tired, "margin_share", 0.10, 6_500.0)["profit_eur"]
    assert round(careful) == 11_680 and 0 < velora().outcome().profit_eur - careful < 10
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


def test_moving_ads_to_service_raises_profit_at_todays_budget_only():
    """06b's statement about the split, as the model gives it: at today's budget every step
    towards service ads adds profit (it nearly doubles) and no lead type is dropped; at EUR
    9,100 and 10,400 under a margin share whole types are dropped and the last steps lose."""
    summary = split_summary("margin_share", 0.10)
    assert list(summary.index) == [5_200.0, 9_100.0, 10_400.0]
    assert summary["rises_every_step"].tolist() == [True, False, False]
    assert summary.loc[5_200.0, "dropped"] == ""
    assert summary.loc[9_100.0, "dropped"] and summary.loc[10_400.0, "dropped"]
    today = summary.loc[5_200.0]
    assert round(today["profit_today_split_eur"]) == 11_687
    assert round(today["profit_all_service_eur"]) == 20_777
    assert 1.7 < today["profit_all_service_eur"] / today["profit_today_split_eur"] < 1.9
    assert today["service_ads_today_eur"] == 900.0
    revenue = split_summary("revenue_share", 0.03, (TODAY,)).loc[TODAY]
    assert revenue["rises_every_step"] and revenue["dropped"] == ""
    table = split_table("margin_share", 0.10, 10_400.0)
    assert len(table) == 11 and table["service_ads_eur"].iloc[-1] == 9_800.0
    assert "Replacement battery" in table["ignored"].iloc[-1]
    with pytest.raises(ValueError, match="steps"):
        split_table("margin_share", 0.10, TODAY, steps=0)


def test_grid_table_takes_other_rates_and_refuses_unknown_plans():
    small = grid_table(budgets_eur=PLAN_BUDGETS, rates=PLAN_RATES)
    assert len(small) == 10 and list(small["rate"])[:3] == [0.0275, 0.0325, 0.0375]
    with pytest.raises(ValueError, match="plan must be one of"):
        grid_table(rates={"bonus": (0.1,)})


# --- the literal tables and answers of the notebooks' hidden tests ----------------------


def hidden_cell(notebook, grade_id: str) -> ast.Module:
    nb = nbformat.read(notebook, as_version=4)
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    return ast.parse(cell.source)


def hidden_literals(notebook, grade_id: str) -> dict:
    """The names the hidden test cell ``grade_id`` binds to literals (``_velora``, ...)."""
    found = {}
    for node in hidden_cell(notebook, grade_id).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                with contextlib.suppress(ValueError):
                    found[target.id] = ast.literal_eval(node.value)
    return found


def expected_answers(notebook, grade_id: str) -> list[tuple]:
    """The literal answers the cell's asserts compare with, in order."""
    found = []
    for node in hidden_cell(notebook, grade_id).body:
        if (
            isinstance(node, ast.Assert)
            and isinstance(node.test, ast.Compare)
            and isinstance(node.test.ops[0], ast.Eq)
        ):
            with contextlib.suppress(ValueError):
                value = ast.literal_eval(node.test.comparators[0])
                if isinstance(value, tuple) and value and isinstance(value[0], str):
                    found.append(value)
    return found


def literal_rows(table: pd.DataFrame) -> list[tuple]:
    """A grid table as the hidden tests hold it: leads to 0.1, money to whole EUR."""
    return [
        (
            str(r.plan),
            float(r.rate),
            float(r.total_budget_eur),
            round(float(r.leads), 1),
            float(round(r.revenue_eur)),
            float(round(r.sales_pay_eur)),
            float(round(r.profit_eur)),
        )
        for r in table.itertuples(index=False)
    ]


def test_the_plan_literal_is_the_models_and_so_are_its_answers(floor):
    model = grid_table(budgets_eur=PLAN_BUDGETS, rates=PLAN_RATES)
    found = hidden_literals(PART_1, "plan_choice_hidden")
    assert found["_velora"] == literal_rows(model)
    made = pd.DataFrame(found["_made"], columns=COLUMNS)
    rounded = pd.DataFrame(found["_velora"], columns=COLUMNS)
    calls = [(made, 1_500.0), (model, floor), (model, 1_650.0)]
    want = [best_plan(table, pay_floor) for table, pay_floor in calls]
    assert expected_answers(PART_1, "plan_choice_hidden") == want
    # whole euros change no answer
    assert [best_plan(rounded, f) for f in (floor, 1_650.0)] == want[1:]
    # and the answers differ, so no constant passes
    assert len(set(want)) == len(want)


def test_the_recommendation_literal_is_the_models_and_so_are_its_answers(floor):
    model = grid_table(budgets_eur=RECOMMEND_BUDGETS, rates=RECOMMEND_RATES)
    found = hidden_literals(PART_2, "recommendation_hidden")
    assert found["_velora"] == literal_rows(model)
    made = pd.DataFrame(found["_made"], columns=COLUMNS)
    rounded = pd.DataFrame(found["_velora"], columns=COLUMNS)
    calls = [(made, 1_500.0, 0.02), (made, 1_500.0, 0.0), (made, 1_500.0, 0.1)]
    calls += [(model, floor, 0.0), (model, floor, 0.05)]
    want = [careful_choice(table, pay_floor, tol) for table, pay_floor, tol in calls]
    assert expected_answers(PART_2, "recommendation_hidden") == want
    assert [careful_choice(rounded, floor, t) for t in (0.0, 0.05)] == want[3:]
    assert len(set(want)) == len(want)
    # Velora's own answer is none of them: a function right on the lesson's grid fails
    assert careful_choice(grid_table(), floor) not in want


def test_the_literal_check_fails_when_the_model_changes():
    """The comparison above can fail: a company with EUR 100 of fixed costs a month gives
    other profits in every row."""
    found = hidden_literals(PART_2, "recommendation_hidden")
    costlier = grid_table(
        velora().replace(fixed_costs_eur=100.0),
        budgets_eur=RECOMMEND_BUDGETS,
        rates=RECOMMEND_RATES,
    )
    mismatched = [
        a for a, b in zip(found["_velora"], literal_rows(costlier), strict=True) if a != b
    ]
    assert len(mismatched) == len(found["_velora"])
