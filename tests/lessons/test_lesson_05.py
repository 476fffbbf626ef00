"""Lesson 05 (common criteria): the model numbers its prose quotes are recomputed from the
model, and its rubric quotes the same figures as its text, so the lesson, the rubric and the
model cannot drift."""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import ROOT

from incentives.model.alignment import DESIGN_WEIGHTS, align, design_table, hotness_table
from incentives.model.goals import campaign_figures, common_goal, compare_goals

LESSON = "05-common-criteria"
NOTEBOOK = ROOT / "solutions" / LESSON / f"{LESSON}.ipynb"
RUBRIC = ROOT / "grading" / "rubrics" / f"{LESSON}.md"
EUR = re.compile(r"EUR (\d{1,3}(?:,\d{3})+|\d+)")


@pytest.fixture(scope="module")
def notebook():
    return nbformat.read(NOTEBOOK, as_version=4)


def cell(nb, grade_id: str):
    (found,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    return found


def prose(nb) -> str:
    """The text a student reads: every markdown cell but the written answer, line breaks
    made spaces (sentences wrap)."""
    text = " ".join(
        c.source
        for c in nb.cells
        if c.cell_type == "markdown" and not c.metadata.get("nbgrader", {}).get("solution")
    )
    return re.sub(r"\s+", " ", text)


def eur(value: float) -> str:
    return f"EUR {round(value):,}"


def test_the_prose_quotes_the_models_numbers(notebook):
    text = prose(notebook)
    today, informed = align(), align(lead_source_info=True)
    quoted = [eur(today.outcome.profit_eur), eur(informed.outcome.profit_eur)]
    before = today.outcome.allocation.table()["minutes_per_lead"]
    after = informed.outcome.allocation.table()["minutes_per_lead"]
    assert f"got about {before['Automated sliding gate']:.0f} minutes" in text
    hot, cold = after["Automated sliding gate (hot)"], after["Automated sliding gate (cold)"]
    assert f"hot one gets about {hot:.0f} and a cold one {cold:.0f}" in text
    assert f"about {after['Gate motor kit (hot)']:.0f} minutes each" in text
    assert after["Gate motor kit (cold)"] == 0
    hotness = hotness_table()
    quoted += [eur(hotness.loc[1.5, "profit_eur"]), eur(hotness.loc[3.0, "profit_eur"])]
    assert hotness.loc[1.0, "profit_eur"] == pytest.approx(today.outcome.profit_eur)

    fixed = design_table(weights=(0.0, 1.0), lead_source_info=False).set_index(
        ["goal", "sales_own_weight", "marketing_own_weight"]
    )
    for key in (
        ("profit", 1.0, 1.0),
        ("profit", 0.0, 1.0),
        ("revenue", 0.0, 1.0),
        ("profit", 1.0, 0.0),
        ("profit", 0.0, 0.0),
        ("revenue", 0.0, 0.0),
    ):
        quoted.append(eur(fixed.loc[key, "profit_eur"]))
    both = fixed.loc[("revenue", 0.0, 0.0)]
    assert both["parts_budget_eur"] == fixed.loc[("profit", 0.0, 0.0), "parts_budget_eur"] == 0
    assert f"about {round(both['leads'])} leads at EUR {both['cost_per_lead_eur']:.2f}" in text

    by_revenue, by_profit = common_goal("revenue"), common_goal("profit")
    quoted += [
        eur(by_revenue.ad_spend_eur),
        eur(by_revenue.revenue_eur),
        eur(by_revenue.profit_eur),
        eur(by_profit.ad_spend_eur),
        eur(by_profit.profit_eur),
        eur(by_revenue.revenue_eur - by_profit.revenue_eur),
        eur(by_profit.profit_eur - by_revenue.profit_eur),
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


def test_the_comparison_has_one_entry_point_per_step(notebook):
    """Step 1 (a fixed budget) reads design_table, the model behind the lab and exercise 4;
    step 2 (the spend) reads common_goal and compare_goals. The with-information figures of
    the goals, which only differ a little from those without, are not quoted."""
    text = prose(notebook)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert "design_table(weights=(0.0, 1.0), lead_source_info=False)" in code
    assert '"lead_source_info": False' in code  # the lab shows the same figures
    goals = compare_goals()
    assert eur(goals.loc["profit", "profit_eur"]) in text
    for goal in ("revenue", "profit"):
        informed = align(
            goal=goal, sales_own_weight=0.0, marketing_own_weight=0.0, lead_source_info=True
        )
        assert eur(informed.outcome.profit_eur) not in text


def computed(figures) -> set[str]:
    """The figures that are not round hundreds: a model's output, not a target a sample
    answer sets itself (EUR 23,000) or a threshold (EUR 0)."""
    return {f"EUR {m}" for m in figures if int(m.replace(",", "")) % 100}


def rubric_figures() -> set[str]:
    return computed(EUR.findall(RUBRIC.read_text(encoding="utf-8")))


def test_the_rubric_quotes_the_texts_figures(notebook):
    """Every euro figure the rubric cites is one the lesson's text quotes, and the two
    comparisons' key figures are in both."""
    text = prose(notebook)
    text_figures = {f"EUR {m}" for m in EUR.findall(text)}
    rubric = rubric_figures()
    assert "EUR 23,203" in rubric  # the regex reads the rubric's figures
    assert rubric, "the rubric cites no figure"
    assert sorted(rubric - text_figures) == []
    key = [
        eur(align(goal=goal, sales_own_weight=0.0, marketing_own_weight=0.0).outcome.profit_eur)
        for goal in ("revenue", "profit")
    ]
    key += [eur(common_goal(goal).profit_eur) for goal in ("revenue", "profit")]
    for figure in key:
        assert figure in rubric and figure in text_figures, figure


def test_the_rubric_check_fails_on_a_figure_the_text_does_not_quote(notebook):
    """The check above, shown failing: a rubric citing another figure is caught."""
    planted = "a fixed budget gives EUR 23,547, a profit goal EUR 23,000 as its target"
    text_figures = {f"EUR {m}" for m in EUR.findall(prose(notebook))}
    assert computed(EUR.findall(planted)) - text_figures == {"EUR 23,547"}


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
    assert "model" in answer  # advice from the model's figures says so


def test_the_stated_grid_is_design_tables():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert "weights 0, 0.25, 0.5, 0.75 or 1" in prose(nb)
    assert DESIGN_WEIGHTS == (0.0, 0.25, 0.5, 0.75, 1.0)
    assert "lead-source information on" in prose(nb)
