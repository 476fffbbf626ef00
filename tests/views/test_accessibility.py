"""Accessibility: every chart describes itself to a screen reader, and every colour the course
uses can be read on white (WCAG 2.1 AA) and told apart with the common colour blindnesses."""

from __future__ import annotations

import colorsys
import itertools
import math
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
import test_charts
from colour import GRAPHICS, TEXT, WHITE, channels, contrast_ratio, linear
from conftest import ROOT, check_run

from incentives.data import load
from incentives.instructor import report
from incentives.model.funnels import funnel
from incentives.model.restaurant import simulate_evening
from incentives.views import charts, theme

TEMPLATE = ROOT / "app" / "share" / "voila" / "templates" / "course" / "index.html.j2"
LIGHT_THEME = "share/jupyter/voila/themes/@jupyterlab/theme-light-extension/index.css"

# Machado, Oliveira and Fernandes (2009): how a colour looks with no working red (protanopia)
# or green (deuteranopia) cones, as a matrix on linear RGB.
SIMULATIONS = {
    "normal vision": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
}


def lab(colour: str, vision: str = "normal vision") -> tuple[float, float, float]:
    """CIELAB (D65) of ``colour`` as seen with ``vision``."""
    rgb = [linear(c) for c in channels(colour)]
    r, g, b = (
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True))))
        for row in SIMULATIONS[vision]
    )
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    fx, fy, fz = (t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def difference(a: str, b: str, vision: str = "normal vision") -> float:
    """How far apart two colours look (CIE76 delta E: about 2.3 is just noticeable)."""
    return math.dist(lab(a, vision), lab(b, vision))


def test_the_colour_arithmetic_gives_the_published_figures():
    assert contrast_ratio("#000000", WHITE) == pytest.approx(21)
    assert contrast_ratio(WHITE, "#777777") == pytest.approx(4.48, abs=0.01)  # WebAIM: fails
    assert contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # WebAIM: passes
    assert channels("rgba(0, 0, 0, 0.5)") == pytest.approx((0.5, 0.5, 0.5))
    assert difference("#000000", WHITE) == pytest.approx(100, abs=0.01)
    # Red and green that a deuteranope cannot tell apart: far apart, then nearly the same.
    assert difference("#D55E00", "#748E00") > 40
    assert difference("#D55E00", "#748E00", "deuteranopia") < 10


# --- colours ---------------------------------------------------------------------------------

COLOURS = {**theme.PALETTE, **{f"status {k}": v for k, v in theme.STATUS_COLOURS.items()}}
OKABE_ITO = {
    "marketing": "#E69F00",
    "sales": "#0072B2",
    "company": "#009E73",
    "neutral": "#999999",
    "alert": "#D55E00",
}


@pytest.mark.parametrize("name", list(COLOURS))
def test_every_course_colour_reads_as_text_on_white(name):
    """Labs write status lines and errors in these colours, so each needs text contrast."""
    ratio = contrast_ratio(COLOURS[name], WHITE)
    assert ratio >= TEXT, f"{name} {COLOURS[name]} has {ratio:.2f}:1 on white; text needs {TEXT}"


def test_the_palette_keeps_the_okabe_ito_hues():
    assert theme.PALETTE.keys() == OKABE_ITO.keys()
    for name, colour in theme.PALETTE.items():
        hue, _, saturation = colorsys.rgb_to_hls(*channels(colour))
        original, _, original_saturation = colorsys.rgb_to_hls(*channels(OKABE_ITO[name]))
        assert (saturation == 0) == (original_saturation == 0), f"{name} {colour}"
        turn = abs(hue - original) * 360
        assert min(turn, 360 - turn) <= 6, f"{name} {colour} turned {turn:.0f} degrees"


# Okabe-Ito's own closest pair (company and neutral, for a deuteranope) is 11.9 apart: the
# darkened palette must keep every pair at least that far apart, in each vision.
CLOSEST = 11.9


def closest_pair(palette: dict[str, str], vision: str) -> tuple[float, str, str]:
    return min(
        (difference(palette[a], palette[b], vision), a, b)
        for a, b in itertools.combinations(palette, 2)
    )


def test_the_okabe_ito_originals_set_the_bar():
    assert closest_pair(OKABE_ITO, "deuteranopia") == pytest.approx(
        (CLOSEST, "company", "neutral"), abs=0.05
    )
    # Darkening every colour to the same contrast merges orange and vermillion for a deuteranope.
    same_lightness = {**theme.PALETTE, "marketing": "#9C6C00", "alert": "#C05500"}
    assert closest_pair(same_lightness, "deuteranopia")[0] < CLOSEST


@pytest.mark.parametrize("vision", list(SIMULATIONS))
def test_the_palette_colours_stay_apart(vision):
    gap, a, b = closest_pair(theme.PALETTE, vision)
    assert gap >= CLOSEST, f"with {vision}, {a} and {b} are only {gap:.1f} apart"


def colour_settings(config, path=()):
    """Every ``(path, value)`` in a Vega-Lite config whose key names a colour."""
    for key, value in config.items():
        if isinstance(value, dict):
            yield from colour_settings(value, (*path, key))
        elif key.lower().endswith("color"):
            yield (*path, key), value


def test_the_chart_theme_writes_text_dark_and_draws_axes_visibly():
    config = test_charts.themed_config()
    found = dict(colour_settings(config))
    text = {
        ("axis", "labelColor"),
        ("axis", "titleColor"),
        ("legend", "labelColor"),
        ("legend", "titleColor"),
        ("header", "labelColor"),
        ("header", "titleColor"),
        ("title", "color"),
        ("title", "subtitleColor"),
        ("text", "color"),
    }
    assert text <= found.keys(), f"set every text colour explicitly; missing {text - found.keys()}"
    for path, colour in found.items():
        if path == ("axis", "gridColor"):
            continue  # grid lines are decoration: WCAG 1.4.11 asks nothing of them
        need = TEXT if path in text else GRAPHICS
        ratio = contrast_ratio(colour, WHITE)
        assert ratio >= need, f"{'.'.join(path)} {colour}: {ratio:.2f}:1 on white, needs {need}"


FONT_COLOUR = re.compile(r"(--jp-(?:ui|content)-font-color\d)\s*:\s*([^;]+);")
COLOUR_PROPERTY = re.compile(r"(?<![\w-])color\s*:\s*([^;]+);")


def test_the_explorer_page_writes_every_text_colour_readably():
    """JupyterLab's light theme (the explorer's, in Voila) with the course template's CSS over
    it: every text colour variable, and every colour the template sets, reads on white."""
    theme_css = (Path(sys.prefix) / LIGHT_THEME).read_text(encoding="utf-8")
    template = TEMPLATE.read_text(encoding="utf-8")
    variables = dict(FONT_COLOUR.findall(theme_css))
    assert variables.keys() == {
        f"--jp-{k}-font-color{n}" for k in ("ui", "content") for n in range(4)
    }
    overrides = FONT_COLOUR.findall(template)
    assert overrides, "the template no longer sets the theme's faint text colours"
    variables.update(overrides)
    colours = [
        *variables.items(),
        *(("color", value) for value in COLOUR_PROPERTY.findall(template)),
    ]
    for name, colour in colours:
        used = re.sub(r"var\((--[\w-]+)\)", lambda m: variables[m[1]], colour).strip()
        ratio = contrast_ratio(used, WHITE)
        assert ratio >= TEXT, f"{name}: {colour} has {ratio:.2f}:1 on white; text needs {TEXT}"


# --- chart descriptions ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def chart_calls():
    """test_charts' call of every chart kind, on the check run and the shipped data."""
    outcome = check_run().outcome()
    sweep = pd.DataFrame(
        [
            {
                "parts_budget_eur": 1_800.0,
                "profit_eur": outcome.profit_eur,
                "revenue_eur": outcome.revenue_eur,
            }
        ]
    )
    leads_by_channel = funnel(load("leads"), "channel")
    return test_charts.chart_kinds(
        outcome, leads_by_channel, simulate_evening(seed=1).by_segment, sweep
    )


def chart_kinds() -> set[str]:
    """Every chart kind in incentives.views.charts: a ``<kind>_chart`` with a ``<kind>_frame``."""
    return {
        name.removesuffix("_chart")
        for name, value in vars(charts).items()
        if name.endswith("_chart")
        and callable(value)
        and hasattr(charts, name.removesuffix("_chart") + "_frame")
    }


def assert_describes(description, name: str) -> None:
    assert isinstance(description, str), f"{name} has no top-level description"
    assert len(description) >= 30 and description.endswith("."), f"{name}: {description!r}"
    assert description[0].isupper(), f"{name}: {description!r}"


def test_every_chart_kind_describes_itself(chart_calls):
    calls = {kind: [] for kind in chart_kinds()}
    for case, kind, table, args, kwargs in chart_calls:
        calls.setdefault(kind, []).append(case)
        data, title = getattr(charts, f"{kind}_frame")(table, *args, **kwargs)
        spec = getattr(charts, f"{kind}_chart")(data, title, *args, **kwargs).to_dict()
        assert_describes(spec.get("description"), case)
        assert spec["description"] != spec["title"], case
    untried = [kind for kind, cases in calls.items() if not cases]
    assert not untried, f"add a call of {untried} to test_charts.chart_kinds"


def drawn_marks(node: dict):
    """Every mark of a Vega spec, nested ones included."""
    for mark in node.get("marks", []):
        yield mark
        yield from drawn_marks(mark)


def test_every_mark_a_chart_draws_has_a_name_for_screen_readers(chart_calls):
    """In SVG, Vega gives each mark a role that needs an accessible name (axe: svg-img-alt):
    each item's description, which Vega-Lite writes from the encodings or the mark's own
    ``description``. Groups and text carry theirs; ``aria=False`` hides a mark instead."""
    import vl_convert

    for case, kind, table, args, kwargs in chart_calls:
        vega = vl_convert.vegalite_to_vega(getattr(charts, kind)(table, *args, **kwargs).to_dict())
        for mark in drawn_marks(vega):
            if mark["type"] in ("group", "text") or mark.get("aria") is False:
                continue
            encodings = {**mark.get("encode", {}).get("enter", {})}
            encodings |= mark.get("encode", {}).get("update", {})
            assert "description" in encodings, f"{case}: {mark['type']} {mark.get('name')}"


def test_chart_descriptions_differ_between_kinds(chart_calls):
    described = {
        case: getattr(charts, kind)(t, *a, **k).to_dict()["description"]
        for case, kind, t, a, k in chart_calls
    }
    same = [(a, b) for a, b in itertools.combinations(described, 2) if described[a] == described[b]]
    assert not same, f"charts with the same description: {same}"


def test_a_description_names_the_grouping_it_was_built_for(chart_calls):
    (table,) = [t for case, _, t, _, _ in chart_calls if case == "funnel"]
    by_medium = table.rename_axis("medium")
    description = charts.funnel_by(by_medium, "medium").to_dict()["description"]
    assert "for each medium" in description and "channel" not in description


def test_every_chart_of_the_class_report_describes_itself():
    summary = {
        "scores": [{"student": "ana", "lesson": "01-first", "share": 0.5}],
        "exercises": [{"lesson": "01-first", "exercise": "Exercise 1", "share": 0.5}],
        "exercise_scores": [{"student": "ana", "exercise": "01-first: Exercise 1", "share": 0.5}],
    }
    specs = report.charts(summary)
    assert len(specs) == 3
    for name, spec in specs.items():
        assert_describes(spec.get("description"), name)
    assert len({spec["description"] for spec in specs.values()}) == len(specs)


def test_a_live_chart_keeps_the_description(chart_calls):
    """A lab's chart is updated by rows and title only; its description stays in the spec
    the page draws."""
    from incentives.views.live import LiveChart

    (table,) = [t for case, _, t, _, _ in chart_calls if case == "time"]
    live = LiveChart(charts.time_per_lead_type_frame, charts.time_per_lead_type_chart, table)
    assert (
        live.widget.spec["description"] == charts.time_per_lead_type(table).to_dict()["description"]
    )
