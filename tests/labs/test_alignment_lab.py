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
from incentives.model import Targets, velora
from incentives.model.alignment import align, budget_grid, movable_budget_eur, sales_plan
from incentives.model.build import company_x
from incentives.views import charts

BOTH_ON_PROFIT = {"sales_own_weight": 0.0, "marketing_own_weight": 0.0}
PARTS = ("Gate motor kit", "Remote control", "Hinges and rollers set")
VELORA_TARGETS = Targets(leads=200, cost_per_lead_eur=25, profit_eur=12_000)


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
    assert lab.parts_budget_share == pytest.approx(1_800 / 6_050)
    assert lab.outcome.profit_eur == pytest.approx(16_500, abs=1)
    assert minutes(lab)["Automated sliding gate"] == pytest.approx(231.6, abs=0.1)
    assert all(minutes(lab)[part] == 0 for part in PARTS)
    assert "ignores" in lab.time_chart.title  # the part leads (charts words it)
    assert "misses" in lab.status.value and "30%" in lab.status.value
    assert "EUR 6,050" in lab.status.value and "on part ads (EUR 1,800)" in lab.status.value
    assert "off" in lab.status.value


def test_tying_both_to_profit_meets_the_company_target_but_not_marketings(lab):
    lab.settings = BOTH_ON_PROFIT
    assert lab.departments_met == {"marketing": False, "sales": True, "company": True}
    assert lab.outcome.profit_eur > company_x().targets.profit_eur
    assert lab.outcome.profit_eur == pytest.approx(23_510, abs=1)
    assert lab.parts_budget_share == 0  # gate leads earn more: the parts promotion stops
    # The organic campaign's part leads are still worked: the motor kit beyond the 10-minute
    # minimum, remotes and hinges at it.
    assert minutes(lab)["Gate motor kit"] > 10
    assert minutes(lab)["Remote control"] == pytest.approx(10, abs=0.01)
    assert "works every type" in lab.time_chart.title
    assert "misses" in lab.status.value and "0%" in lab.status.value
    assert lab.message.value == ""


@pytest.mark.parametrize(
    "weights",
    [
        # Both on profit: the reps' pay is a share of profit, so they choose the company's
        # split; telling hot leads from cold only adds ways to split the hours, so no budget
        # does worse and marketing's best choice cannot fall.
        BOTH_ON_PROFIT,
        # The article's plans: the hot leads get more time, the cold ones less.
        {"sales_own_weight": 1.0, "marketing_own_weight": 1.0},
    ],
)
def test_lead_source_information_does_not_lower_profit(lab, weights):
    lab.settings = {**weights, "lead_source_info": False}
    without = lab.outcome.profit_eur
    lab.settings = {"lead_source_info": True}
    assert lab.outcome.profit_eur >= without
    assert "on: hot leads first</b>" in lab.status.value


def test_information_at_the_articles_plans_puts_hot_leads_first(lab):
    lab.settings = {"lead_source_info": True}
    shown = minutes(lab)
    assert len(shown) == 12  # every lead type, hot and cold
    assert shown["Automated sliding gate (hot)"] > 231.6 > shown["Automated sliding gate (cold)"]
    assert shown["Gate motor kit (hot)"] == pytest.approx(22.1, abs=0.05)
    assert shown["Gate motor kit (cold)"] == 0
    assert all(shown[f"{part} (hot)"] == 0 for part in PARTS[1:])
    assert lab.departments_met == {"marketing": True, "sales": True, "company": True}
    assert lab.outcome.profit_eur == pytest.approx(18_047, abs=1)


def test_marketing_choice_is_the_best_score(lab):
    lab.settings = {"marketing_own_weight": 0.2}
    table = lab.marketing_choice
    assert len(table) == len(budget_grid(company_x())) == 7
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
    movable = movable_budget_eur(company_x())  # EUR 6,050; the organic EUR 400 stays put
    assert sum(c.budget_eur for c in company.campaigns) == pytest.approx(movable + 400)
    parts = [c for c in company.campaigns if company.campaign_category(c) == "part"]
    assert sum(c.budget_eur for c in parts) == pytest.approx(lab.parts_budget_share * 6_050)
    assert lab.parts_budget_eur == pytest.approx(lab.parts_budget_share * movable)


def test_settings_round_trip_and_reset(lab):
    defaults = lab.settings
    assert defaults == {
        "sales_own_weight": 1.0,
        "marketing_own_weight": 1.0,
        "lead_source_info": False,
        "pool_share": 0.10,
        "goal": "profit",
        "revenue_rate": 0.03,
    }
    changed = {
        "sales_own_weight": 0.25,
        "marketing_own_weight": 0.5,
        "lead_source_info": True,
        "pool_share": 0.2,
        "goal": "revenue",
        "revenue_rate": 0.05,
    }
    lab.settings = changed
    settings = lab.settings
    assert settings.pop("goal") == "revenue"
    assert settings == pytest.approx({k: v for k, v in changed.items() if k != "goal"})
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
        ("goal", "margin"),
        ("revenue_rate", 0.25),
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


def test_the_lab_works_on_velora_given_targets():
    company = velora().replace(targets=VELORA_TARGETS)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lab = AlignmentLab(company=company)
    assert lab.departments_met == {"marketing": True, "sales": True, "company": False}
    assert lab.parts_budget_eur == 900  # all of today's service reminders
    assert lab.alignment.total_budget_eur == 2_500 + 1_500 + 900  # referrals keep theirs
    assert lab.outcome is align(company=company).outcome
    assert "EUR 4,900" in lab.status.value
    assert "between bike and service ads on service ads (EUR 900)" in lab.status.value
    assert "part ads" not in lab.status.value
    lab.settings = BOTH_ON_PROFIT
    assert lab.departments_met == {"marketing": True, "sales": True, "company": True}
    assert lab.outcome is align(company=company, **BOTH_ON_PROFIT).outcome
    lab.reset()
    assert lab.company.name == "Velora"


def test_the_lab_refuses_a_company_without_targets():
    with pytest.raises(ValueError, match="Velora sets no target for leads"):
        AlignmentLab(company=velora().replace(targets=Targets()))


def test_the_lab_reads_a_company_by_name_or_folder():
    from conftest import ROOT

    by_name = AlignmentLab("velora")
    by_folder = AlignmentLab(ROOT / "data" / "velora")
    assert by_name.company.name == by_folder.company.name == "Velora"
    assert by_name.outcome.profit_eur == pytest.approx(by_folder.outcome.profit_eur)


def test_the_goal_control_ties_both_common_parts_to_revenue(lab):
    lab.settings = {**BOTH_ON_PROFIT, "goal": "revenue"}
    model = align(**BOTH_ON_PROFIT, goal="revenue")
    assert lab.alignment.goal == "revenue"
    assert lab.outcome is model.outcome
    assert lab.parts_budget_eur == 0  # the same split as the profit goal's
    assert lab.outcome.profit_eur == pytest.approx(23_203, abs=1)
    assert "revenue_score" in lab.marketing_choice.columns
    assert "company <b>revenue</b>" in lab.status.value
    assert "revenue EUR 96,114" in lab.status.value
    # Only the goal's own rate acts: the other slider is hidden.
    assert lab.controls["pool_share"].disabled and not lab.controls["revenue_rate"].disabled
    lab.settings = {"revenue_rate": 0.05}
    assert lab.outcome is align(**BOTH_ON_PROFIT, goal="revenue", revenue_rate=0.05).outcome
    lab.reset()
    assert lab.alignment.goal == "profit" and "company <b>profit</b>" in lab.status.value
    # Sales wholly on its own plan again: neither rate acts, both are hidden.
    assert lab.controls["pool_share"].disabled and lab.controls["revenue_rate"].disabled
    assert lab.outcome is align().outcome


def test_the_goal_matters_only_where_a_common_part_has_weight(lab):
    """Both weights at 1: nobody is paid on the common goal, so the goal changes nothing."""
    before = lab.outcome.profit_eur
    lab.settings = {"goal": "revenue"}
    assert lab.outcome.profit_eur == pytest.approx(before)
    assert lab.departments_met == {"marketing": True, "sales": True, "company": False}


def _seen(lab) -> tuple:
    """What the learner sees: the status line and the data of both charts."""
    return (lab.status.value, lab.time_chart.data.to_json(), lab.scorecard_chart.data.to_json())


def _visible(lab) -> list[str]:
    return [name for name, c in lab.controls.items() if c.layout.display != "none"]


def _other_values(control) -> list:
    if hasattr(control, "min"):  # a slider: its ends and one step either way
        values = [control.min, control.max, control.value + control.step]
        values.append(control.value - control.step)
        return [
            round(v, 6) for v in values if control.min <= v <= control.max and v != control.value
        ]
    if hasattr(control, "options"):
        return [o[1] for o in control.options if o[1] != control.value]
    return [not control.value]


@pytest.mark.parametrize(
    "start",
    [
        {},
        {"sales_own_weight": 0.5},
        {"sales_own_weight": 0.5, "goal": "revenue"},
        {"lead_source_info": True, "marketing_own_weight": 0.0},
    ],
)
def test_every_visible_control_changes_what_the_learner_sees(lab, start):
    lab.settings = start
    here = lab.settings
    for name in _visible(lab):
        for value in _other_values(lab.controls[name]):
            lab.settings = here
            before = _seen(lab)
            lab.settings = {name: value}
            assert _seen(lab) != before, (start, name, value)


def test_a_goals_rate_shows_only_when_it_acts(lab):
    """The pool's share acts under the profit goal, the revenue share under the revenue
    goal, and either only when some of sales' pay is on the common goal."""
    assert set(_visible(lab)) == {
        "sales_own_weight",
        "marketing_own_weight",
        "goal",
        "lead_source_info",
    }
    lab.settings = {"sales_own_weight": 0.5}
    assert "pool_share" in _visible(lab) and "revenue_rate" not in _visible(lab)
    assert not lab.controls["pool_share"].disabled
    lab.settings = {"goal": "revenue"}
    assert "revenue_rate" in _visible(lab) and "pool_share" not in _visible(lab)
    lab.settings = {"sales_own_weight": 1.0}
    assert "revenue_rate" not in _visible(lab) and lab.controls["revenue_rate"].disabled
    # Hidden, a rate changes nothing the learner sees.
    before = _seen(lab)
    lab.settings = {"revenue_rate": 0.1, "pool_share": 0.3}
    assert _seen(lab) == before
