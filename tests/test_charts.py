"""Chart builders: valid specs titled with their finding, labelled axes, checked inputs."""

from __future__ import annotations

import subprocess
import sys
import warnings
from dataclasses import replace

import altair as alt
import pandas as pd
import pytest

from incentives.data import load
from incentives.model.funnels import funnel
from incentives.model.restaurant import simulate_evening
from incentives.model.scenarios import GATE_CAMPAIGN, PARTS_CAMPAIGN, company_x
from incentives.views import charts, theme

POSITION = ("x", "y", "x2", "y2")


@pytest.fixture(scope="module")
def outcome():
    return company_x().outcome()


@pytest.fixture(scope="module")
def channels():
    return funnel(load("leads"), "channel")


@pytest.fixture(scope="module")
def segments():
    return simulate_evening(seed=1).by_segment


@pytest.fixture(scope="module")
def sweep():
    rows = []
    for budget in (0.0, 900.0, 1_800.0, 2_700.0):
        campaigns = (GATE_CAMPAIGN, replace(PARTS_CAMPAIGN, budget_eur=budget))
        result = replace(company_x(), campaigns=campaigns).outcome()
        rows.append(
            {
                "parts_budget_eur": budget,
                "profit_eur": result.profit_eur,
                "revenue_eur": result.revenue_eur,
            }
        )
    return pd.DataFrame(rows)


def builds(outcome, channels, segments, sweep):
    """(name, builder, table, expected inline rows, a word the title must contain)."""
    label = "Parts campaign budget (EUR)"
    return [
        ("funnel", lambda t: charts.funnel_by(t, "channel"), channels, 3, list(channels.index)),
        (
            "funnel+rate",
            lambda t: charts.funnel_by(t, "channel", close_rate=True),
            channels,
            3,
            list(channels.index),
        ),
        ("time", charts.time_per_lead_type, outcome.allocation.table(), 2, ["gate", "part"]),
        ("cards", charts.scorecards, outcome.scorecards(), 7, ["profit", "sales", "Marketing"]),
        (
            "profit",
            lambda t: charts.profit_against(t, "parts_budget_eur", label),
            sweep,
            4,
            ["EUR", label],
        ),
        (
            "profit+",
            lambda t: charts.profit_against(
                t, "parts_budget_eur", label, also={"revenue_eur": "Revenue"}
            ),
            sweep,
            4,
            ["EUR", label],
        ),
        ("segments", charts.restaurant_segments, segments, 3, list(segments.index)),
    ]


CASES = ["funnel", "funnel+rate", "time", "cards", "profit", "profit+", "segments"]


@pytest.fixture(params=CASES)
def case(request, outcome, channels, segments, sweep):
    return {c[0]: c for c in builds(outcome, channels, segments, sweep)}[request.param]


def encodings(spec):
    """Every ``encoding`` dict anywhere in a Vega-Lite spec."""
    if isinstance(spec, dict):
        if isinstance(spec.get("encoding"), dict):
            yield spec["encoding"]
        for value in spec.values():
            yield from encodings(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from encodings(value)


def test_chart_is_valid_titled_and_labelled(case):
    name, build, table, rows, words = case
    chart = build(table)
    assert isinstance(chart, alt.TopLevelMixin)
    spec = chart.to_dict()
    title = spec["title"]
    assert isinstance(title, str) and title.strip(), name
    assert any(str(word) in title for word in words), f"{name}: {title!r} names none of {words}"
    datasets = list(spec["datasets"].values())
    assert [len(d) for d in datasets] == [rows], name
    found = list(encodings(spec))
    assert found, name
    tooltips = 0
    for encoding in found:
        tooltips += "tooltip" in encoding
        for channel in POSITION:
            field = encoding.get(channel)
            if isinstance(field, dict) and "field" in field:
                # A title, or an explicit null where a side-by-side panel shares the axis.
                assert "title" in field, (name, channel, field)
                assert field["title"] is None or field["title"].strip(), (name, channel)
    assert tooltips, f"{name} has no tooltip"
    # At least one x and one y axis carry a title, with a unit on the quantitative one.
    titled = [e[c]["title"] for e in found for c in ("x", "y") if e.get(c, {}).get("title")]
    assert any("(" in t and ")" in t for t in titled), f"{name}: no unit in {titled}"


def test_building_emits_no_warnings(outcome, channels, segments, sweep):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _, build, table, _, _ in builds(outcome, channels, segments, sweep):
            build(table).to_dict()


def test_missing_columns_are_named(case):
    name, build, table, _, _ = case
    dropped = {
        "funnel": "won",
        "funnel+rate": "close_rate",
        "time": "minutes_per_lead",
        "cards": "met",
        "profit": "profit_eur",
        "profit+": "revenue_eur",
        "segments": "spend_per_head_ron",
    }[name]
    with pytest.raises(ValueError, match=dropped):
        build(table.drop(columns=dropped))


def test_too_many_rows_asks_to_aggregate(case):
    _, build, table, _, _ = case
    big = pd.concat([table] * (5_001 // len(table) + 1))
    assert len(big) > 5_000
    with pytest.raises(ValueError, match="aggregate first"):
        build(big)


def test_scorecards_colour_met_missed_and_no_target(outcome):
    spec = charts.scorecards(outcome.scorecards()).to_dict()
    (rows,) = spec["datasets"].values()
    status = {row["metric"]: row["status"] for row in rows}
    assert status["leads"] == "met"
    assert status["profit_eur"] == "missed"
    assert status["roas"] == "no target"
    assert "met" not in rows[0]  # the nullable boolean never reaches the spec


def test_time_marks_ignored_lead_types(outcome):
    spec = charts.time_per_lead_type(outcome.allocation.table()).to_dict()
    (rows,) = spec["datasets"].values()
    assert {row["lead_type"]: row["note"] for row in rows}["part"] == "ignored"
    assert "ignores part leads" in spec["title"]


def test_funnel_by_rejects_several_groupings(channels):
    with pytest.raises(ValueError, match="one grouping column"):
        charts.funnel_by(channels, ["channel", "month"])


def test_existing_helpers_unchanged():
    leads = pd.DataFrame(
        {"campaign": ["gates", "parts"], "leads": [100.0, 300.0], "cost_per_lead_eur": [40, 6]}
    )
    spec = charts.leads_by_campaign(leads).to_dict()
    assert spec["title"] == "Most leads come from the parts campaign"
    assert theme.PALETTE["sales"] == "#0072B2"
    assert (theme.WIDTH, theme.HEIGHT) == (420, 220)


def test_course_theme_configures_only_the_chart():
    before = alt.theme.active
    chart = theme.course_theme(alt.Chart(pd.DataFrame({"a": [1]})).mark_point())
    assert chart.to_dict()["config"]["view"]["stroke"] is None
    assert alt.theme.active == before


def test_import_changes_no_global_altair_setting():
    code = (
        "import altair as alt\n"
        "before = (alt.renderers.active, alt.data_transformers.active, alt.theme.active)\n"
        "import incentives.views.charts\n"
        "after = (alt.renderers.active, alt.data_transformers.active, alt.theme.active)\n"
        "assert before == after, (before, after)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_a_live_chart_refuses_a_chart_with_two_datasets():
    import altair as alt
    import pandas as pd

    from incentives.views.live import LiveChart

    def frame(table):
        return table, "two datasets"

    def chart(table, title):
        other = pd.DataFrame({"x": [9]})
        return alt.layer(
            alt.Chart(table).mark_point().encode(x="x:Q"),
            alt.Chart(other).mark_rule().encode(x="x:Q"),
            title=title,
        )

    with pytest.raises(ValueError, match="exactly one dataset"):
        LiveChart(frame, chart, pd.DataFrame({"x": [1, 2]}))
