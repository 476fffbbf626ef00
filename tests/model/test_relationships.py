"""Lesson 01's module: the relationship types and the cost-vs-profit-per-lead chart."""

from __future__ import annotations

import warnings

import altair as alt
import pandas as pd
import pytest

from incentives.data import load
from incentives.model.funnels import funnel
from incentives.model.relationships import FRICTIONS, relationship_types
from incentives.views.charts import cost_vs_profit_per_lead


@pytest.fixture(scope="module")
def channels():
    return funnel(load("leads"), "channel")


def test_four_types_in_order():
    table = relationship_types()
    assert list(table.index) == ["Undefined", "Defined", "Aligned", "Integrated"]
    assert list(table.columns) == ["how_they_work", "a_sign_of_it"]
    assert table.notna().all().all()


def test_two_frictions():
    assert [name for name, _ in FRICTIONS] == ["economic", "cultural"]


def test_chart_title_states_the_lessons_finding(channels):
    spec = cost_vs_profit_per_lead(channels, "channel").to_dict()
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    assert title.startswith("paid_social has the cheapest leads (EUR 12.29)")
    assert "but paid_search earns most per lead (EUR 269 gross profit)" in title
    (rows,) = spec["datasets"].values()
    assert len(rows) == 2 * len(channels)
    assert spec["encoding"]["x"]["title"] == "Amount per lead (EUR)"
    assert spec["encoding"]["y"]["title"] == "Channel"
    assert "tooltip" in spec["encoding"]


def test_chart_accepts_by_as_column_and_same_winner():
    table = pd.DataFrame(
        {
            "campaign": ["a", "b"],
            "cost_per_lead_eur": [5.0, 9.0],
            "gross_profit_per_lead_eur": [
                30.0,
                10.0,
            ],
        }
    )
    title = cost_vs_profit_per_lead(table, "campaign").to_dict()["title"]
    assert title == "a has the cheapest leads (EUR 5.00) and earns most per lead (EUR 30.00)"


def test_chart_builds_without_warnings(channels):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart = cost_vs_profit_per_lead(funnel(load("leads"), "campaign_id"), "campaign_id")
        assert isinstance(chart, alt.TopLevelMixin)
        chart.to_dict()


def test_bad_input_is_named(channels):
    with pytest.raises(ValueError, match="cost_per_lead_eur"):
        cost_vs_profit_per_lead(channels.drop(columns="cost_per_lead_eur"), "channel")
    with pytest.raises(ValueError, match="one grouping column"):
        cost_vs_profit_per_lead(channels, ["channel"])


def test_import_is_light():
    import subprocess
    import sys

    code = (
        "import sys, incentives.model.relationships as r; r.relationship_types(); "
        "print(','.join(m for m in ('altair', 'ipywidgets', 'vl_convert') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
