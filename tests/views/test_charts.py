"""Chart builders: valid specs titled with their finding, labelled axes, checked inputs."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
import warnings
from dataclasses import replace

import altair as alt
import pandas as pd
import pytest
from conftest import ROOT, assert_shows_fresh_chart, check_run

from incentives.data import load
from incentives.model.funnels import funnel
from incentives.model.plans import TieredRevenue
from incentives.model.replay import replay
from incentives.model.restaurant import simulate_evening
from incentives.views import charts, theme
from incentives.views.live import LiveChart

POSITION = ("x", "y", "x2", "y2")
LEADS = pd.DataFrame(
    {"campaign": ["gates", "parts"], "leads": [100.0, 300.0], "cost_per_lead_eur": [40, 6]}
)
# A class's two firms, phase by phase (phase_summary's shape): firm 1 gains, firm 2 loses.
PHASES = pd.DataFrame(
    {
        "session": ["s1"] * 4,
        "firm": [1, 1, 2, 2],
        "phase": [1, 2, 1, 2],
        "months": [2, 2, 2, 2],
        "profit_eur": [16_500.0, 22_800.0, 20_500.0, 19_000.0],
    }
)


@pytest.fixture(scope="module")
def outcome():
    return check_run().outcome()


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
        gates, parts = check_run().campaigns
        result = check_run().replace(campaigns=(gates, replace(parts, budget_eur=budget))).outcome()
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
    replayed = replay(load("leads"), TieredRevenue())
    return [
        ("replay", charts.replay_by_month, replayed, 24, ["EUR 45,340", "12 months"]),
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
        ("phases", charts.phases_by_firm, PHASES, 4, ["1 of 2 firms"]),
        (
            "cost",
            lambda t: charts.cost_vs_profit_per_lead(t, "channel"),
            channels,
            2 * len(channels),
            list(channels.index),
        ),
    ]


CASES = ["funnel", "funnel+rate", "time", "cards", "profit", "profit+", "segments", "cost"]
CASES += ["replay", "phases"]


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
        "cost": "gross_profit_per_lead_eur",
        "replay": "sales_pay_eur",
        "phases": "profit_eur",
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
    scales = [e["color"]["scale"] for e in encodings(spec) if "scale" in e.get("color", {})]
    statuses = {"domain": list(theme.STATUS_COLOURS), "range": list(theme.STATUS_COLOURS.values())}
    assert scales == [statuses]


def test_phases_by_firm_names_each_firm_once_per_session_and_counts_those_that_gained():
    data, title = charts.phases_by_firm_frame(PHASES)
    assert title == "1 of 2 firms earned more profit a month in phase 2 than in phase 1"
    assert data["firm_name"].tolist() == ["Firm 1", "Firm 1", "Firm 2", "Firm 2"]
    two_sessions = pd.concat([PHASES, PHASES.assign(session="s2", profit_eur=[1.0, 2.0] * 2)])
    data, title = charts.phases_by_firm_frame(two_sessions)
    assert "s2 firm 2" in set(data["firm_name"]) and title.startswith("3 of 4 firms")
    with pytest.raises(ValueError, match="no row of phase 1 or 2"):
        charts.phases_by_firm_frame(PHASES.assign(phase=3))


def test_time_marks_ignored_lead_types(outcome):
    spec = charts.time_per_lead_type(outcome.allocation.table()).to_dict()
    (rows,) = spec["datasets"].values()
    assert {row["lead_type"]: row["note"] for row in rows}["part"] == "ignored"
    assert "ignores part leads" in spec["title"]


def test_funnel_by_rejects_several_groupings(channels):
    with pytest.raises(ValueError, match="one grouping column"):
        charts.funnel_by(channels, ["channel", "month"])


def test_leads_by_campaign_names_the_top_campaign_in_the_course_theme():
    spec = charts.leads_by_campaign(LEADS).to_dict()
    assert spec["title"] == "Most leads come from the parts campaign"
    assert spec["config"] == themed_config()
    assert charts.leads_by_campaign(LEADS, title="Hello").to_dict()["title"] == "Hello"


def test_leads_by_campaign_refuses_an_empty_or_incomplete_table():
    with pytest.raises(ValueError, match="empty table"):
        charts.leads_by_campaign(LEADS.iloc[:0])
    with pytest.raises(ValueError, match="cost_per_lead_eur"):
        charts.leads_by_campaign(LEADS.drop(columns="cost_per_lead_eur"))


def test_theme_keeps_the_course_colours_and_size():
    assert theme.PALETTE["sales"] == "#0072B2"
    assert (theme.WIDTH, theme.HEIGHT) == (420, 220)


# "#D55E00" anywhere; "#fff" in a string or a style ("'#fff", "color: #fff"), not "issue #123".
HEX_COLOUR = re.compile(
    r"(?<![\w&])#(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{6})\b"
    r"|(?:(?<=['\":=])|(?<=: ))#[0-9A-Fa-f]{3}\b"
)


def test_no_colour_is_hard_coded_outside_the_theme():
    package = ROOT / "src" / "incentives"
    found = [
        f"{path.relative_to(package)}:{number}: {line.strip()}"
        for path in sorted(package.rglob("*.py"))
        if path != package / "views" / "theme.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HEX_COLOUR.search(line)
    ]
    assert found == [], "take colours from incentives.views.theme.PALETTE:\n" + "\n".join(found)


def themed_config() -> dict:
    """The ``config`` that ``course_theme`` gives a chart."""
    return theme.course_theme(alt.Chart(pd.DataFrame({"a": [1]})).mark_point()).to_dict()["config"]


def chart_kinds(outcome, channels, segments, sweep):
    """(id, kind, table, the arguments after the table): a call of every chart kind."""
    label = "Parts campaign budget (EUR)"
    also = {"also": {"revenue_eur": "Revenue"}}
    return [
        ("leads", "leads_by_campaign", LEADS, (), {}),
        ("funnel", "funnel_by", channels, ("channel",), {}),
        ("funnel+rate", "funnel_by", channels, ("channel",), {"close_rate": True}),
        ("time", "time_per_lead_type", outcome.allocation.table(), (), {}),
        ("cards", "scorecards", outcome.scorecards(), (), {}),
        ("profit", "profit_against", sweep, ("parts_budget_eur", label), {}),
        ("profit+", "profit_against", sweep, ("parts_budget_eur", label), also),
        ("segments", "restaurant_segments", segments, (), {}),
        ("cost", "cost_vs_profit_per_lead", channels, ("channel",), {}),
        ("replay", "replay_by_month", replay(load("leads"), TieredRevenue()), (), {}),
        ("phases", "phases_by_firm", PHASES, (), {}),
    ]


KIND_CASES = ["leads", "funnel", "funnel+rate", "time", "cards", "profit", "profit+"]
KIND_CASES += ["segments", "cost", "replay", "phases"]


@pytest.fixture(params=KIND_CASES)
def kind_case(request, outcome, channels, segments, sweep):
    return {c[0]: c for c in chart_kinds(outcome, channels, segments, sweep)}[request.param]


def test_every_chart_kind_chains_a_data_step_and_a_themed_chart_step(kind_case):
    _, kind, table, args, kwargs = kind_case
    frame = getattr(charts, f"{kind}_frame")
    chart = getattr(charts, f"{kind}_chart")
    # The arguments after the table are the ones after (data, title), in the same order.
    frame_params = list(inspect.signature(frame).parameters.values())[1:]
    chart_params = list(inspect.signature(chart).parameters.values())[2:]
    assert [(p.name, p.kind) for p in frame_params] == [(p.name, p.kind) for p in chart_params]
    data, title = frame(table, *args, **kwargs)
    assert isinstance(data, pd.DataFrame) and isinstance(title, str) and title
    built = chart(data, title, *args, **kwargs).to_dict()
    assert built == getattr(charts, kind)(table, *args, **kwargs).to_dict()
    assert built["config"] == themed_config()


def test_every_chart_kind_is_tested_for_its_shape(outcome, channels, segments, sweep):
    kinds = {
        name.removesuffix("_frame")
        for name in dir(charts)
        if name.endswith("_frame") and hasattr(charts, name.removesuffix("_frame") + "_chart")
    }
    assert kinds == {c[1] for c in chart_kinds(outcome, channels, segments, sweep)}
    assert {c[0] for c in chart_kinds(outcome, channels, segments, sweep)} == set(KIND_CASES)


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


def rows_titled(table):
    return table, f"{len(table)} rows"


@pytest.mark.parametrize(
    "titled",
    [lambda text: text, lambda text: alt.Title(text, subtitle="one point per row")],
    ids=["text", "dict"],
)
def test_a_live_chart_patches_the_title_of_a_configured_chart(titled):
    def chart(table, title):
        point = alt.Chart(table, title=titled(title)).mark_point().encode(x="x:Q")
        return theme.course_theme(point)

    live = LiveChart(rows_titled, chart, pd.DataFrame({"x": [1, 2]}))
    live.update(pd.DataFrame({"x": [1, 2, 3]}))
    assert live.title == "3 rows"
    assert_shows_fresh_chart(
        live, lambda table: chart(*rows_titled(table)), pd.DataFrame({"x": [1, 2, 3]})
    )
    assert live.spec["config"]["title"] == themed_config()["title"]  # the style, untouched


def test_a_live_chart_refuses_a_chart_whose_title_it_cannot_patch():
    def chart(table, title):
        return alt.hconcat(alt.Chart(table, title=title).mark_point().encode(x="x:Q"))

    with pytest.raises(ValueError, match="title at the top"):
        LiveChart(rows_titled, chart, pd.DataFrame({"x": [1, 2]}))


# --- the offline bundle, once per machine; nothing drawn under the grader ---------------------


def run_python(code: str, **env) -> str:
    import os

    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_bundle_is_built_once_per_machine_and_is_altairs_own(tmp_path):
    code = (
        "import altair as alt\n"
        "from incentives.views.live import bundle_path, enable_offline\n"
        "enable_offline()\n"
        "print(bundle_path().read_text() == alt.JupyterChart._esm, alt.JupyterChart._is_offline)"
    )
    assert run_python(code, INCENTIVES_CACHE_DIR=str(tmp_path)).split() == ["True", "True"]
    (bundle,) = tmp_path.glob("altair-offline-*.js")
    built = bundle.stat().st_mtime_ns
    # Altair's own recipe, in a fresh process, gives the same JavaScript.
    own = "import altair as alt\nalt.JupyterChart.enable_offline()\nprint(alt.JupyterChart._esm)"
    assert run_python(own).rstrip("\n") == bundle.read_text().rstrip("\n")
    # A second kernel reads the file instead of building it again.
    assert run_python(code, INCENTIVES_CACHE_DIR=str(tmp_path)).split() == ["True", "True"]
    assert bundle.stat().st_mtime_ns == built


def test_a_broken_cache_file_is_rebuilt(tmp_path):
    code = "from incentives.views.live import bundle_path, enable_offline\nenable_offline()\n"
    run_python(code, INCENTIVES_CACHE_DIR=str(tmp_path))
    (bundle,) = tmp_path.glob("altair-offline-*.js")
    bundle.write_bytes(b"\xff\xfe not javascript")
    run_python(code, INCENTIVES_CACHE_DIR=str(tmp_path))
    assert bundle.read_text().startswith(("var", "const", "function", "/*", "import", "(", "let"))


def test_altair_loads_without_building_the_iri_grammar_and_still_validates():
    code = (
        "import sys\n"
        "from incentives.views.live import load_altair\n"
        "alt = load_altair()\n"
        "print('rfc3987_syntax' in sys.modules)\n"
        "try:\n"
        "    alt.Chart().mark_point().encode(x='a:Q').properties(width='wide').to_dict()\n"
        "except Exception as error:\n"
        "    print(type(error).__name__)\n"
        "import rfc3987_syntax\n"
        "print('imports afterwards')\n"
    )
    assert run_python(code).split("\n")[:3] == [
        "False",
        "ValidationError",
        "imports afterwards",
    ]


def test_under_the_grader_nothing_is_drawn_and_every_value_stays():
    code = (
        "import sys\n"
        "from incentives.data import load\n"
        "from incentives.model import funnel, company_x\n"
        "from incentives.views import funnel_by, live_chart\n"
        "from incentives.labs import CommissionLab\n"
        "chart = live_chart(funnel_by(funnel(load('leads'), 'channel'), 'channel'))\n"
        "lab = CommissionLab()\n"
        "title = chart.title if hasattr(chart, 'title') else chart.spec['title']\n"
        "print(type(chart).__name__, title)\n"
        "print(lab.time_chart.title)\n"
        "print(lab._repr_mimebundle_()['text/plain'])\n"
        "print(sorted(m for m in ('altair', 'vl_convert', 'anywidget') if m in sys.modules))\n"
    )
    quiet = run_python(code, NBGRADER_EXECUTION="autograde").splitlines()
    drawn = run_python(code, NBGRADER_EXECUTION="autograde", INCENTIVES_DRAW_UNDER_GRADER="1")
    drawn = drawn.splitlines()
    assert quiet[0].startswith("NotDrawn ") and drawn[0].startswith("JupyterChart ")
    assert quiet[0].removeprefix("NotDrawn ") == drawn[0].removeprefix("JupyterChart ")
    assert quiet[1] == drawn[1]  # the lab's chart title: same finding
    assert quiet[2] == "CommissionLab (not drawn under the grader)"
    assert quiet[3] == "[]"  # no Altair, no bundle, no chart widget in the grader's kernel


def test_in_the_romanian_edition_a_chart_writes_romanian_numbers_and_words(monkeypatch):
    table = pd.DataFrame(
        {"campaign": ["gates", "parts"], "leads": [25.0, 666.7], "cost_per_lead_eur": [40.0, 6.0]}
    )
    english = charts.leads_by_campaign(table).to_dict()
    assert "locale" not in english["config"]  # English is Vega's default
    monkeypatch.setenv("INCENTIVES_EDITION", "ro")
    spec = charts.leads_by_campaign(table).to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    assert spec["config"]["locale"]["time"]["months"][10] == "noiembrie"
    assert spec["title"] == "Cele mai multe leaduri vin din campania parts"
    assert spec["encoding"]["x"]["title"] == "Leaduri pe lună (număr)"
    assert spec["description"].startswith("Grafic cu bare")
