"""Lesson 07's helpers on the class's export, on small tables whose answers are known by
construction: who met which target, each firm's phases, the class's average month."""

from __future__ import annotations

import pandas as pd
import pytest

from incentives.data.class_results import load_class_results
from incentives.model.class_results import MET, by_month, phase_summary, targets_met

TARGETS = {
    "target_leads": 300.0,
    "target_cost_per_lead_eur": 20.0,
    "target_revenue_eur": 70_000.0,
    "target_profit_eur": 17_000.0,
}


def month(session, firm, number, phase, goal="", **figures) -> dict:
    row = {
        "session": session,
        "firm": firm,
        "month": number,
        "phase": phase,
        "common_goal": goal,
        "ad_spend_eur": 6_000.0,
        "small_ticket_ad_spend_eur": 1_000.0,
        "leads": 300.0,
        "cost_per_lead_eur": 20.0,
        "deals": 30.0,
        "revenue_eur": 70_000.0,
        "gross_margin_eur": 25_000.0,
        "profit_eur": 17_000.0,
        "marketing_pay_eur": 1_000.0,
        "sales_pay_eur": 3_000.0,
        **TARGETS,
    }
    row.update(figures)
    return row


def test_targets_met_reads_each_departments_targets_at_their_bounds():
    rows = [
        month("a", 1, 1, 1),  # every figure exactly on its target: all met
        month("a", 1, 2, 1, leads=299.0),  # one lead short
        month("a", 2, 1, 1, cost_per_lead_eur=20.01),  # leads too dear
        month("a", 2, 2, 1, leads=0.0, cost_per_lead_eur=float("nan")),  # no leads at all
        month("a", 3, 1, 1, revenue_eur=69_999.0, profit_eur=-500.0),
    ]
    table = pd.DataFrame(rows, index=[10, 11, 12, 13, 14])

    met = targets_met(table)

    assert list(met.columns) == list(MET) and list(met.index) == [10, 11, 12, 13, 14]
    assert met["marketing_met"].tolist() == [True, False, False, False, True]
    assert met["sales_met"].tolist() == [True, True, True, True, False]
    assert met["company_met"].tolist() == [True, True, True, True, False]
    assert [str(dtype) for dtype in met.dtypes] == ["bool"] * 3


def test_targets_met_judges_each_row_on_its_own_targets():
    """A class on Velora is judged on Velora's targets, the export's own columns."""
    table = pd.DataFrame(
        [
            month(
                "v",
                1,
                1,
                1,
                leads=200.0,
                target_leads=200.0,
                cost_per_lead_eur=25.0,
                target_cost_per_lead_eur=25.0,
                revenue_eur=60_000.0,
                target_revenue_eur=60_000.0,
                profit_eur=11_000.0,
                target_profit_eur=12_000.0,
            )
        ]
    )
    assert targets_met(table).iloc[0].tolist() == [True, True, False]


def test_phase_summary_averages_each_firms_months_and_counts_those_met():
    rows = [
        month("b", 1, 1, 1, profit_eur=16_000.0, revenue_eur=80_000.0),
        month("b", 1, 2, 1, profit_eur=18_000.0, revenue_eur=60_000.0),
        month("b", 1, 3, 2, "profit", profit_eur=21_000.0, leads=120.0),
        month("a", 1, 1, 1, profit_eur=10_000.0),
        month("a", 1, 2, 2, "revenue", profit_eur=30_000.0, revenue_eur=90_000.0),
    ]
    summary = phase_summary(pd.DataFrame(rows))

    assert summary[["session", "firm", "phase"]].values.tolist() == [
        ["a", 1, 1],
        ["a", 1, 2],
        ["b", 1, 1],
        ["b", 1, 2],
    ]
    assert summary["months"].tolist() == [1, 1, 2, 1]
    assert summary["common_goal"].tolist() == ["", "revenue", "", "profit"]
    assert summary["profit_eur"].tolist() == [10_000.0, 30_000.0, 17_000.0, 21_000.0]
    assert summary["revenue_eur"].tolist() == [70_000.0, 90_000.0, 70_000.0, 70_000.0]
    assert summary["company_met"].tolist() == [0, 1, 1, 1]
    assert summary["marketing_met"].tolist() == [1, 1, 2, 0]
    assert summary["sales_met"].tolist() == [1, 1, 1, 1]


def test_by_month_averages_the_firms_of_each_month():
    rows = [
        month("a", 1, 1, 1, profit_eur=10_000.0),
        month("a", 2, 1, 1, profit_eur=20_000.0),
        month("a", 1, 2, 2, "profit", profit_eur=30_000.0),
    ]
    table = by_month(pd.DataFrame(rows))
    assert table[["month", "phase", "firms"]].values.tolist() == [[1, 1, 2], [2, 2, 1]]
    assert table["profit_eur"].tolist() == [15_000.0, 30_000.0]


@pytest.mark.parametrize("helper", [targets_met, phase_summary, by_month])
def test_a_table_without_the_exports_columns_is_refused_by_name(helper):
    with pytest.raises(ValueError, match="lacks column"):
        helper(pd.DataFrame({"profit_eur": [1.0]}))
    with pytest.raises(TypeError, match="DataFrame"):
        helper([1, 2])


def test_the_helpers_read_the_shipped_sample():
    results = load_class_results()
    met = targets_met(results)
    summary = phase_summary(results)
    assert len(met) == len(results)
    assert summary["months"].sum() == len(results)
    assert by_month(results)["firms"].sum() == len(results)
