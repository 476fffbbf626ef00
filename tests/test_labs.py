"""CommissionLab and BudgetLab, driven from Python as exercises and tests do."""

from __future__ import annotations

import warnings

import pytest
from conftest import assert_shows_fresh_chart

from incentives.labs.budget import BudgetLab
from incentives.labs.commission import CommissionLab
from incentives.model.marketing import campaign_table
from incentives.views import charts


@pytest.fixture
def commission():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield CommissionLab()


def test_default_commission_lab_shows_the_articles_case(commission):
    assert commission.departments_met == {"marketing": True, "sales": True, "company": False}
    minutes = commission.time_chart.data.set_index("lead_type")["minutes_per_lead"]
    assert minutes["gate"] == pytest.approx(216, abs=0.5)
    assert minutes["part"] == 0
    assert "ignores part leads" in commission.time_chart.title
    assert "misses" in commission.status.value


def test_a_share_of_gross_margin_makes_the_company_meet_its_target(commission):
    commission.settings = {"plan": "margin_share", "margin_rate": 0.12}
    assert commission.departments_met == {"marketing": True, "sales": True, "company": True}
    assert commission.outcome.profit_eur == pytest.approx(22_405, abs=1)
    minutes = commission.time_chart.data.set_index("lead_type")["minutes_per_lead"]
    assert minutes["part"] == pytest.approx(16.5, abs=0.1)
    cards = commission.scorecard_chart.data.set_index("metric")
    assert cards.loc["profit_eur", "status"] == "met"


@pytest.mark.parametrize(
    "settings",
    [
        {"plan": "flat_fee", "fee_eur": 30},
        {"plan": "team_pool", "pool_share": 0.2},
        {"plan": "revenue_share", "revenue_rate": 0.03},
        {"plan": "tiered_revenue", "threshold_eur": 0, "high_rate": 0.04},
    ],
)
def test_updated_views_equal_freshly_built_charts(commission, settings):
    commission.settings = settings
    outcome = commission.outcome
    assert_shows_fresh_chart(commission.scorecard_chart, charts.scorecards, outcome.scorecards())
    assert_shows_fresh_chart(
        commission.time_chart, charts.time_per_lead_type, outcome.allocation.table()
    )


def test_only_the_chosen_plans_parameters_are_shown(commission):
    shown = {c.description for c in commission.parameters.children}
    assert shown == {"Rate below", "Deal size (EUR)", "Rate from it"}
    commission.settings = {"plan": "flat_fee"}
    assert [c.description for c in commission.parameters.children] == ["Fee per deal (EUR)"]


def test_a_hidden_parameter_does_not_recompute(commission):
    before = commission.outcome
    commission.settings = {"fee_eur": 100}  # the tiered plan is shown: fee is hidden
    assert commission.outcome is before


def test_settings_round_trip_and_reset(commission):
    commission.settings = {"plan": "margin_share", "margin_rate": 0.2}
    saved = commission.settings
    commission.reset()
    assert commission.settings["plan"] == "tiered_revenue"
    commission.settings = saved
    assert commission.settings == saved


@pytest.mark.parametrize(
    ("settings", "error", "word"),
    [
        ({"margin_rate": 0.9}, ValueError, "margin_rate must be between 0 and 0.5"),
        ({"plan": "bribe"}, ValueError, "plan must be one of"),
        ({"fee_eur": "a lot"}, ValueError, "fee_eur must be a number"),
        ({"bonus": 1}, KeyError, "unknown setting"),
    ],
)
def test_out_of_range_settings_are_refused_and_nothing_changes(commission, settings, error, word):
    before = commission.settings
    with pytest.raises(error, match=word):
        commission.settings = settings
    assert commission.settings == before


def test_an_error_inside_an_update_is_shown_in_the_lab(commission, monkeypatch):
    def broken():
        raise RuntimeError("model exploded")

    monkeypatch.setattr(commission, "_outcome", broken)
    commission.settings = {"plan": "margin_share"}
    assert "model exploded" in commission.message.value
    monkeypatch.undo()
    commission.settings = {"plan": "flat_fee"}
    assert commission.message.value == ""


@pytest.fixture
def linked():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        commission = CommissionLab()
        yield commission, BudgetLab(link=commission)


def test_budget_lab_starts_at_the_articles_budgets(linked):
    _commission, budget = linked
    assert budget.split == pytest.approx({"gates-search": 4_000, "parts-promo": 1_800})
    leads = budget.leads_chart.data.set_index("campaign")["leads"]
    assert leads.to_dict() == pytest.approx({"gates-search": 100, "parts-promo": 300})
    assert budget.outcome.cost_per_lead_eur == pytest.approx(14.5)
    assert budget.profit_eur == pytest.approx(16_111, abs=1)


def test_dropping_the_parts_campaign_saves_its_cost_under_the_tiered_plan(linked):
    commission, budget = linked
    budget.settings = {"share_parts_promo": 0.0, "total_budget_eur": 4_000}
    assert budget.profit_eur == pytest.approx(17_911, abs=1)
    assert budget.departments_met["marketing"] is False  # 100 leads miss the 300-lead target
    assert commission.outcome.profit_eur == pytest.approx(budget.profit_eur)  # one company


def test_the_linked_plan_sets_the_budget_labs_profit(linked):
    commission, budget = linked
    commission.settings = {"plan": "margin_share", "margin_rate": 0.12}
    assert budget.profit_eur == pytest.approx(22_405, abs=1)
    assert budget.departments_met == {"marketing": True, "sales": True, "company": True}
    assert "EUR 22,405" in budget.status.value


def test_more_parts_budget_means_cheaper_leads(linked):
    _commission, budget = linked
    costs = []
    for share in (0.1, 0.3, 0.6):
        budget.settings = {"share_parts_promo": share, "share_gates_search": 1 - share}
        costs.append(budget.outcome.cost_per_lead_eur)
    assert costs == sorted(costs, reverse=True)


def test_no_share_at_all_is_explained_in_the_lab(linked):
    _commission, budget = linked
    budget.settings = {"share_parts_promo": 0.0, "share_gates_search": 0.0}
    assert "at least one campaign" in budget.message.value
    budget.reset()
    assert budget.message.value == ""
    assert budget.profit_eur == pytest.approx(16_111, abs=1)


def test_budget_lab_view_equals_a_freshly_built_chart(linked):
    _commission, budget = linked
    budget.settings = {"total_budget_eur": 9_000}
    assert_shows_fresh_chart(
        budget.leads_chart, charts.leads_by_campaign, campaign_table(budget.company.campaigns)
    )
    assert budget.leads_chart.spec["config"]["view"]["stroke"] is None  # the course theme


def test_every_lab_is_importable_from_the_labs_package():
    import incentives.labs as package
    from incentives.labs.alignment import AlignmentLab
    from incentives.labs.cloakroom import CloakroomLab
    from incentives.labs.first_lab import FirstLab

    for lab in (FirstLab, CommissionLab, BudgetLab, CloakroomLab, AlignmentLab):
        assert getattr(package, lab.__name__) is lab
        assert lab.__name__ in package.__all__
    with pytest.raises(AttributeError, match="no attribute 'NoSuchLab'"):
        package.NoSuchLab  # noqa: B018
