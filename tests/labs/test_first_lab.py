"""The first lab, driven from Python as an exercise would."""

from __future__ import annotations

import math
import warnings

import pytest
from conftest import assert_shows_fresh_chart

from incentives.labs.first_lab import DEFAULTS, FirstLab
from incentives.views import charts


@pytest.fixture
def lab():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield FirstLab()


def chart_rows(lab):
    return {row["campaign"]: row for row in lab.leads_chart.data.to_dict("records")}


def test_defaults_split_the_budget_evenly(lab):
    assert lab.settings == DEFAULTS
    rows = chart_rows(lab)
    assert rows["gates"]["leads"] == pytest.approx(1_500 / 40)
    assert rows["parts"]["leads"] == pytest.approx(1_500 / 6)


def test_moving_budget_to_parts_lowers_the_blended_cost_per_lead(lab):
    before = lab.blended_cost_per_lead_eur
    lab.settings = {"budget_eur": 5_000, "parts_share": 0.8}
    rows = chart_rows(lab)
    assert rows["parts"]["leads"] == pytest.approx(4_000 / 6)
    assert lab.blended_cost_per_lead_eur < before
    assert math.isclose(lab.blended_cost_per_lead_eur, 5_000 / (1_000 / 40 + 4_000 / 6))
    assert "leads</b> a month" in lab.summary.value


def test_the_updated_chart_equals_a_freshly_built_one(lab):
    lab.settings = {"budget_eur": 5_000, "parts_share": 0.2}
    assert lab.leads_chart.title == "Most leads come from the parts campaign"
    assert_shows_fresh_chart(lab.leads_chart, charts.leads_by_campaign, lab.table)
    lab.settings = {"budget_eur": 0}
    assert lab.leads_chart.title == "No campaign brings any leads at this budget"
    assert lab.leads_chart.spec["title"] == lab.leads_chart.title
    assert_shows_fresh_chart(lab.leads_chart, charts.leads_by_campaign, lab.table)


def test_reset_restores_the_defaults(lab):
    lab.settings = {"budget_eur": 100, "parts_share": 0.0}
    lab.reset()
    assert lab.settings == DEFAULTS


def test_zero_budget_says_there_are_no_leads(lab):
    lab.settings = {"budget_eur": 0}
    assert lab.blended_cost_per_lead_eur is None
    assert "no leads yet" in lab.summary.value
    assert lab.message.value == ""


@pytest.mark.parametrize(
    ("settings", "error"),
    [
        ({"budget_eur": 20_000}, ValueError),
        ({"parts_share": 1.5}, ValueError),
        ({"x": 1}, KeyError),
    ],
)
def test_out_of_range_settings_are_refused_by_name(lab, settings, error):
    with pytest.raises(error, match=next(iter(settings))):
        lab.settings = settings
    assert lab.settings == DEFAULTS


def test_in_the_romanian_edition_the_lab_speaks_romanian_with_romanian_numbers(monkeypatch):
    monkeypatch.setenv("INCENTIVES_EDITION", "ro")
    lab = FirstLab(budget_eur=5_000, parts_share=0.8)
    # 1,000 EUR on gates at 40 (25 leads), 4,000 on parts at 6 (666.7): 691.7 leads, 7.23 each
    assert lab.summary.value == (
        "<b>692 de leaduri</b> pe lună; costul mediu per lead: <b>7,23 euro per lead</b>"
    )
    assert lab.leads_chart.title == "Cele mai multe leaduri vin din campania parts"
    assert (lab.budget.description, lab.parts_share.description) == (
        "Buget (euro)",
        "Cota pentru piese",
    )
    assert lab.reset_button.description == "Resetează"
    lab.settings = {"budget_eur": 0, "parts_share": 0.5}
    assert (
        lab.summary.value
        == "<b>0 leaduri</b> pe lună; costul mediu per lead: <b>încă niciun lead</b>"
    )
