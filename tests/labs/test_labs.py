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


PARTS = ["Gate motor kit", "Remote control", "Hinges and rollers set"]
PARTS_SHARE = "share_spare_parts_summer_promotion"
GATES_SHARE = "share_automatic_gates_search_ads"


def test_default_commission_lab_shows_the_articles_case(commission):
    assert commission.departments_met == {"marketing": True, "sales": True, "company": False}
    minutes = commission.time_chart.data.set_index("lead_type")["minutes_per_lead"]
    assert minutes["Automated sliding gate"] == pytest.approx(231.6, abs=0.1)
    assert minutes[PARTS].tolist() == [0, 0, 0]
    assert "ignores every part lead" in commission.time_chart.title
    assert "misses" in commission.status.value


def test_a_share_of_gross_margin_makes_the_company_meet_its_target(commission):
    commission.settings = {"plan": "margin_share", "margin_rate": 0.12}
    assert commission.departments_met == {"marketing": True, "sales": True, "company": True}
    assert commission.outcome.profit_eur == pytest.approx(20_519, abs=1)
    minutes = commission.time_chart.data.set_index("lead_type")["minutes_per_lead"]
    assert minutes[PARTS].tolist() == pytest.approx([44.1, 10.0, 10.0], abs=0.1)
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
    budgets = {
        "Automatic gates search ads": 3_000,
        "Garage doors social ads": 1_250,
        "Website content and search": 400,
        "Spare parts summer promotion": 1_800,
    }
    assert budget.split == pytest.approx(budgets)
    leads = budget.leads_chart.data.set_index("campaign")["leads"]
    assert leads.to_dict() == pytest.approx(
        dict(zip(budgets, [3_000 / 40, 1_250 / 50, 400 / 20, 1_800 / 6], strict=True))
    )
    assert budget.outcome.cost_per_lead_eur == pytest.approx(6_450 / 420)
    assert budget.profit_eur == pytest.approx(16_500, abs=1)


def test_dropping_the_parts_campaign_saves_its_cost_under_the_tiered_plan(linked):
    commission, budget = linked
    budget.settings = {PARTS_SHARE: 0.0, "total_budget_eur": 4_650}
    assert budget.profit_eur == pytest.approx(18_300, abs=1)
    assert budget.departments_met["marketing"] is False  # 120 leads miss the 300-lead target
    assert commission.outcome.profit_eur == pytest.approx(budget.profit_eur)  # one company


def test_the_linked_plan_sets_the_budget_labs_profit(linked):
    commission, budget = linked
    commission.settings = {"plan": "margin_share", "margin_rate": 0.12}
    assert budget.profit_eur == pytest.approx(20_519, abs=1)
    assert budget.departments_met == {"marketing": True, "sales": True, "company": True}
    assert "EUR 20,519" in budget.status.value


def test_more_parts_budget_means_cheaper_leads(linked):
    _commission, budget = linked
    costs = []
    for share in (0.1, 0.3, 0.6):
        budget.settings = {PARTS_SHARE: share, GATES_SHARE: 1 - share}
        costs.append(budget.outcome.cost_per_lead_eur)
    assert costs == sorted(costs, reverse=True)


def test_no_share_at_all_is_explained_in_the_lab(linked):
    _commission, budget = linked
    budget.settings = {name: 0.0 for name in budget.settings if name.startswith("share_")}
    assert "at least one campaign" in budget.message.value
    budget.reset()
    assert budget.message.value == ""
    assert budget.profit_eur == pytest.approx(16_500, abs=1)


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


def test_a_lab_on_velora_shows_veloras_figures_in_veloras_words():
    """Figures computed here from Velora's files with the csv module, not the library."""
    import csv

    from conftest import ROOT

    from incentives.model import velora

    folder = ROOT / "data" / "velora"

    def rows(name):
        with open(folder / f"{name}.csv", newline="") as file:
            return list(csv.DictReader(file))

    (settings,) = rows("company")
    month = settings["model_month"]  # 2025-06: campaigns running that month
    running = [c for c in rows("campaigns") if c["start_date"][:7] <= month <= c["end_date"][:7]]
    budget = sum(float(c["monthly_budget_eur"]) for c in running)
    leads = sum(float(c["monthly_budget_eur"]) / float(c["cost_per_lead_eur"]) for c in running)
    words = {p["product_name"]: p["category"] for p in rows("products")}

    lab = CommissionLab(company=velora())
    assert lab.settings["plan"] == settings["plan"] == "margin_share"
    assert lab.settings["margin_rate"] == float(settings["plan_rate"])
    assert lab.outcome.leads == pytest.approx(leads)
    assert lab.outcome.cost_per_lead_eur == pytest.approx(budget / leads)
    shown = lab.time_chart.data.set_index("lead_type")
    assert shown["category"].to_dict() == words
    assert set(words.values()) == {"bike", "service"}
    cards = lab.scorecard_chart.data.set_index("metric")
    assert (
        cards.loc["profit_eur", "target_text"]
        == f"at least EUR {float(settings['target_profit_eur']):,.0f}"
    )
    lab.settings = {"plan": "tiered_revenue"}  # 1% on services and bikes alike below EUR 500
    assert "ignores Annual service leads" in lab.time_chart.title


def test_the_labs_replay_pays_the_tiered_plan_as_leads_csv_says():
    """The replay's sales pay, computed here from leads.csv without the replay code."""
    import csv

    from conftest import ROOT

    pay = 0.0
    with open(ROOT / "data" / "company_x" / "leads.csv", newline="") as file:
        for lead in csv.DictReader(file):
            if lead["outcome"] == "won":
                value = float(lead["deal_value_eur"])
                pay += value * (0.05 if value >= 500 else 0.01)
    lab = CommissionLab()
    assert lab.replay.table["sales_pay_eur"].sum() == pytest.approx(pay, abs=0.005)
    assert f"EUR {pay:,.0f}" in lab.replay.note.value
    assert "re-plan their time" in lab.replay.note.value  # why replay and model differ


def test_the_replay_follows_the_plan_not_the_budget(linked):
    commission, budget = linked
    tiered = commission.replay.table["sales_pay_eur"].sum()
    budget.settings = {PARTS_SHARE: 0.0}
    assert commission.replay.table["sales_pay_eur"].sum() == tiered  # the past is the past
    commission.settings = {"plan": "flat_fee", "fee_eur": 30}
    won = int(commission.replay.table["won"].sum())
    assert commission.replay.table["sales_pay_eur"].sum() == pytest.approx(30 * won)
    assert budget.replay.table["sales_pay_eur"].sum() == pytest.approx(30 * won)
    assert_shows_fresh_chart(
        commission.replay.chart, charts.replay_by_month, commission.replay.table
    )


def test_a_company_without_leads_has_nothing_to_replay():
    from incentives.model import company_x

    lab = CommissionLab(company=company_x())
    assert lab.replay.table is None and "nothing to replay" in lab.replay.note.value
    lab.settings = {"plan": "margin_share"}
    assert lab.message.value == ""


def test_the_explorer_switches_company_and_keeps_its_labs_on_a_bad_upload():
    from conftest import ROOT

    from incentives.labs import CompanyExplorer

    explorer = CompanyExplorer()
    assert explorer.company_name == "Company X"
    explorer.picker.value = "velora"  # what the dropdown does
    assert explorer.company_name == "Velora"
    assert explorer.commission.settings["plan"] == "margin_share"
    assert explorer.budget.leads is explorer.commission.leads  # one company, one leads table
    assert "service" in explorer.alignment.status.value

    files = {p.name: p.read_bytes() for p in (ROOT / "data" / "company_x").glob("*.csv")}
    broken = {
        **files,
        "campaign_products.csv": b"campaign_id,product_id,share\nC-GATES,G-SLIDE,2\n",
    }
    explorer.upload(broken)
    assert "campaign_products.csv does not match its schema" in explorer.message.value
    assert "&#x27;2&#x27; is above the allowed 1" in explorer.message.value  # HTML-escaped
    assert explorer.company_name == "Velora"  # the labs kept their company

    explorer.upload(files)
    assert explorer.message.value == ""
    assert explorer.company_name == "Company X"
    assert explorer.picker.value == "uploaded"
    assert explorer.commission.replay.table is not None  # leads.csv came with the upload


def test_a_lab_given_a_folder_with_a_bad_file_names_file_column_and_row(tmp_path):
    import shutil

    from conftest import ROOT

    from incentives.data import DataFileError

    folder = tmp_path / "mine"
    shutil.copytree(ROOT / "data" / "company_x", folder)
    reps = folder / "reps.csv"
    reps.write_text(reps.read_text().replace("R2,Bianca,120,", "R2,Bianca,-5,"))
    with pytest.raises(DataFileError, match=r"reps.csv(.|\n)*'hours_per_month', row 3: '-5'"):
        CommissionLab(folder)
    (folder / "leads.csv").unlink()
    reps.write_text(reps.read_text().replace("R2,Bianca,-5,", "R2,Bianca,100,"))
    lab = CommissionLab(folder)  # fixed, and without leads: the labs run, with no replay
    assert lab.outcome.company.team.hours_per_rep == pytest.approx((120 + 100 + 120) / 3)
    assert lab.replay.table is None
