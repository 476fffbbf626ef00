"""A lab's live chart: the spec goes to the page once; an update sends only rows and title."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import altair as alt
import pandas as pd
from conftest import assert_shows_fresh_chart

from incentives.model import MarginShare, company_x
from incentives.views import charts
from incentives.views.live import TITLE_PARAM, LiveChart, browser_spec


def scorecards_live() -> LiveChart:
    return LiveChart(
        charts.scorecards_frame, charts.scorecards_chart, company_x().outcome().scorecards()
    )


def test_the_page_gets_the_spec_without_its_rows_and_the_title_as_a_param():
    live = scorecards_live()
    spec = live.widget.spec
    assert "datasets" not in spec
    assert spec["title"]["text"] == {"expr": TITLE_PARAM}
    assert {"name": TITLE_PARAM, "value": None} in spec["params"]
    # The rows and title travel on their own, and are what the model computed.
    assert live.widget.dataset in live.spec["datasets"]
    assert live.widget.title == live.title
    assert len(live.widget.rows) == len(live.data)


def test_a_title_style_and_subtitle_survive_in_the_page_spec():
    spec = {
        "title": {"text": "Old", "subtitle": "per month", "anchor": "start"},
        "datasets": {"data-1": [{"x": 1}]},
        "params": [{"name": "rate", "value": 0.1}],
    }
    page = browser_spec(spec, "data-1")
    assert page["title"] == {
        "text": {"expr": TITLE_PARAM},
        "subtitle": "per month",
        "anchor": "start",
    }
    assert page["params"][0] == {"name": "rate", "value": 0.1}
    assert spec["title"]["text"] == "Old" and "datasets" in spec  # the original is untouched


def test_an_update_sends_rows_and_title_and_never_the_spec_again():
    live = scorecards_live()
    sent_spec = live.widget.spec
    changes = []
    live.widget.observe(
        lambda change: changes.append(change["name"]), names=["spec", "rows", "title"]
    )
    plan_paid_on_margin = company_x().replace(plan=MarginShare(0.12))
    live.update(plan_paid_on_margin.outcome().scorecards())
    assert sorted(set(changes)) == ["rows", "title"]
    assert live.widget.spec is sent_spec
    assert live.title == "Marketing, sales and the company meet their targets"
    # What the page now draws is the chart built afresh from the new table.
    assert_shows_fresh_chart(live, charts.scorecards, plan_paid_on_margin.outcome().scorecards())


def test_an_unchanged_table_sends_nothing():
    live = scorecards_live()
    changes = []
    live.widget.observe(lambda change: changes.append(change["name"]), names=["rows", "title"])
    live.update(company_x().outcome().scorecards())
    assert changes == []


def test_the_page_script_is_bundled_offline_and_cached(tmp_path):
    code = "from incentives.views.live import live_chart_bundle\nprint(len(live_chart_bundle()))"
    env = {**os.environ, "INCENTIVES_CACHE_DIR": str(tmp_path)}

    def run():
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)

    first = run()
    assert first.returncode == 0, first.stderr
    (bundle,) = tmp_path.glob("live-chart-*.js")
    text = bundle.read_text()
    assert TITLE_PARAM in text
    assert not re.search(r"""from\s*["']https?://""", text)  # nothing imported off the machine
    built = bundle.stat().st_mtime_ns
    assert run().stdout == first.stdout
    assert bundle.stat().st_mtime_ns == built  # read from the cache, not built again


def test_a_frame_with_missing_values_travels_as_json():
    table = pd.DataFrame({"x": [1.0, None], "label": ["a", None]})
    live = LiveChart(
        lambda t: (t, f"{len(t)} rows"),
        lambda data, title: alt.Chart(data, title=title).mark_point().encode(x="x:Q"),
        table,
    )
    assert live.widget.rows == [{"x": 1.0, "label": "a"}, {"x": None, "label": None}]
