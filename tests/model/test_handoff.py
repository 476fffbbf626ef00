"""Tests of incentives.model.handoff: response buckets, SLA compliance and lead scores."""

import math

import numpy as np
import pandas as pd
import pytest

from incentives.data import load
from incentives.model import handoff


def _leads():
    """Six hand-made leads: two pages, two reps, one never contacted."""
    return pd.DataFrame(
        {
            "rep_id": ["R1", "R1", "R1", "R2", "R2", "R2"],
            "landing_page": ["/a", "/a", "/a", "/b", "/b", "/b"],
            "first_response_minutes": [10.0, 60.0, 1500.0, 59.9, np.nan, 1440.0],
            "contacted": [True, True, True, True, False, True],
            "outcome": ["won", "lost", "lost", "won", "not_contacted", "won"],
            "cost_eur": [10.0] * 6,
            "deal_value_eur": [1000.0, 0, 0, 300.0, 0, 100.0],
            "gross_margin_eur": [300.0, 0, 0, 90.0, 0, 30.0],
        }
    )


def test_buckets_hold_their_lower_edge():
    buckets = handoff.response_buckets(_leads()["first_response_minutes"])
    assert list(buckets) == ["under 1 h", "1-24 h", "over 24 h", "under 1 h", "never", "over 24 h"]
    assert list(buckets.cat.categories) == ["under 1 h", "1-24 h", "over 24 h", "never"]
    assert buckets.cat.ordered


def test_bucket_labels_from_edges_and_given():
    assert list(handoff.response_buckets([5.0], edges=(15, 60, 240)).cat.categories) == [
        "under 15 min",
        "15 min-1 h",
        "1-4 h",
        "over 4 h",
        "never",
    ]
    named = handoff.response_buckets([5.0, 50.0], edges=[30], labels=["fast", "slow"])
    assert list(named) == ["fast", "slow"]


@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"edges": ()}, "edges"),
        ({"edges": (60, 60)}, "edges"),
        ({"edges": (-5,)}, "edges"),
        ({"edges": (60, 1440), "labels": ["a", "b"]}, "labels"),
        ({"edges": (60,), "labels": ["a", "never"]}, "labels"),
    ],
)
def test_buckets_refuse_bad_arguments(kwargs, word):
    with pytest.raises(ValueError, match=word):
        handoff.response_buckets([1.0], **kwargs)


def test_buckets_refuse_negative_minutes():
    with pytest.raises(ValueError, match="minutes"):
        handoff.response_buckets([-1.0])


def test_response_table_known_numbers():
    table = handoff.response_table(_leads())
    assert list(table.index) == ["under 1 h", "1-24 h", "over 24 h", "never"]
    assert table["leads"].tolist() == [2, 1, 2, 1]
    assert table["won"].tolist() == [2, 0, 1, 0]
    assert table["close_rate"].tolist() == [1.0, 0.0, 0.5, 0.0]
    assert math.isclose(table["share_of_leads"].sum(), 1.0)
    assert math.isclose(table.loc["under 1 h", "gross_profit_per_lead_eur"], 195.0)


def test_response_table_keeps_empty_buckets():
    table = handoff.response_table(_leads().iloc[:2])
    assert table["leads"].tolist() == [1, 1, 0, 0]


def test_response_penalty_is_the_data_assumption():
    assert handoff.response_penalty(0) == 1.0
    assert math.isclose(handoff.response_penalty(1440), 0.5)
    assert math.isclose(handoff.response_penalty(2880), 1 / 3)
    assert np.allclose(handoff.response_penalty([60, 120], half_life_hours=1), [0.5, 1 / 3])
    series = handoff.response_penalty(pd.Series([720.0], index=[7]))
    assert series.index.tolist() == [7] and math.isclose(series[7], 2 / 3)
    with pytest.raises(ValueError, match="half_life_hours"):
        handoff.response_penalty(10, half_life_hours=0)
    with pytest.raises(ValueError, match="minutes"):
        handoff.response_penalty([-3])


def test_sla_compliance_counts_never_as_a_miss():
    table = handoff.sla_compliance(_leads(), 60, by="rep_id")
    assert table["within_target"].to_dict() == {"R1": 2, "R2": 1}
    assert table["missed"].to_dict() == {"R1": 1, "R2": 2}
    assert math.isclose(table.loc["R1", "compliance"], 2 / 3)
    assert math.isclose(table.loc["R2", "compliance"], 1 / 3)
    everyone = handoff.sla_compliance(_leads(), 1440)
    assert everyone.index.tolist() == ["all"]
    assert math.isclose(everyone.loc["all", "compliance"], 4 / 6)


@pytest.mark.parametrize("target", [0, -10, "60", True, None])
def test_sla_compliance_refuses_bad_target(target):
    with pytest.raises(ValueError, match="target_minutes"):
        handoff.sla_compliance(_leads(), target)


def test_sla_compliance_refuses_bad_by():
    with pytest.raises(ValueError, match="by"):
        handoff.sla_compliance(_leads(), 60, by=3)
    with pytest.raises(ValueError, match="lacks"):
        handoff.sla_compliance(_leads(), 60, by="no_such_column")


def test_lead_score_table_and_scores():
    table = handoff.lead_score_table(_leads(), by="landing_page")
    assert table["score_eur"].to_dict() == {"/a": 100.0, "/b": 40.0}
    assert table["close_rate"].to_dict() == {"/a": 1 / 3, "/b": 2 / 3}
    new = pd.DataFrame({"landing_page": ["/b", "/new", "/a"]}, index=[4, 5, 6])
    scores = handoff.score_leads(new, table, by="landing_page")
    assert scores.index.tolist() == [4, 5, 6]
    assert scores.tolist() == [40.0, 70.0, 100.0]  # unseen page: average of all leads
    assert handoff.score_leads(new, table, "landing_page", default=0).tolist() == [40, 0, 100]


def test_scores_by_two_columns():
    table = handoff.lead_score_table(_leads(), by=["landing_page", "rep_id"])
    scores = handoff.score_leads(_leads(), table, by=["landing_page", "rep_id"])
    assert scores.tolist() == [100.0] * 3 + [40.0] * 3


def test_score_check_known_numbers():
    leads = _leads()
    check = handoff.score_check(leads, pd.Series([50.0] * 6), by="landing_page")
    assert check["predicted_eur"].to_dict() == {"/a": 150.0, "/b": 150.0}
    assert check["actual_eur"].to_dict() == {"/a": 300.0, "/b": 120.0}
    assert check["error_eur"].to_dict() == {"/a": -150.0, "/b": 30.0}
    with pytest.raises(ValueError, match="scores"):
        handoff.score_check(leads, pd.Series([1.0]), by="landing_page")


def test_lead_score_table_refuses_empty_history():
    with pytest.raises(ValueError, match="leads"):
        handoff.lead_score_table(_leads().iloc[:0])


def test_company_x_numbers_used_in_lesson_03():
    leads = load("leads")
    table = handoff.response_table(leads)
    assert table["leads"].tolist() == [846, 557, 53, 1784]
    assert table["won"].tolist() == [218, 173, 11, 0]
    sla = handoff.sla_compliance(leads, 60, by="category")
    assert sla["within_target"].to_dict() == {"gate": 845, "part": 2}
    first_half = leads[leads["month"] < "2025-07"]
    scores = handoff.lead_score_table(first_half)
    assert list(scores.index) == ["/", "/automatic-gates", "/garage-doors"]
    assert math.isclose(scores.loc["/automatic-gates", "score_eur"], 266.329156, rel_tol=1e-6)
