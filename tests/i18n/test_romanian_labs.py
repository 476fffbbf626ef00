"""The labs in the Romanian edition: every number written the Romanian way, no English left.

Each lab is built twice in-process, once per edition (``INCENTIVES_EDITION`` set with
monkeypatch: the library reads it at every call), with the same settings. The English build
is the reference: its status lines and chart titles hold the same numbers as the Romanian
ones, so reading each edition's numbers its own way must give the same values; a number
the Romanian edition wrote the English way (1,234 or 12.5) reads as another value.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import ROOT

from incentives.i18n import catalog, vega_locale
from incentives.instructor import translated_lessons
from incentives.labs.alignment import AlignmentLab
from incentives.labs.budget import BudgetLab
from incentives.labs.cloakroom import CloakroomLab
from incentives.labs.commission import CommissionLab
from incentives.labs.explorer import CompanyExplorer
from incentives.labs.first_lab import FirstLab
from incentives.labs.page_view import leaves
from incentives.views.page import text_lines

# Settings that put four- and five-digit amounts and decimals into every status line.
LABS = {
    "first": (FirstLab, {"budget_eur": 5_000, "parts_share": 0.8}),
    "commission": (CommissionLab, {"plan": "margin_share", "margin_rate": 0.12}),
    "budget": (BudgetLab, {"total_budget_eur": 8_000}),
    "alignment": (AlignmentLab, {"sales_own_weight": 0.5, "lead_source_info": True}),
    "cloakroom": (CloakroomLab, {"policy": "vip_first", "gift_budget_ron": 1_000}),
}

# A number as either edition writes it: digits with separators inside, a sign in front.
NUMBER = re.compile(r"[-+−]?\d(?:[\d.,]*\d)?")


def read_number(token: str, language: str) -> float:
    """A number token read the way ``language`` writes numbers."""
    token = token.replace("−", "-")
    thousands, decimal = (".", ",") if language == "ro" else (",", ".")
    return float(token.replace(thousands, "").replace(decimal, "."))


def numbers(text: str, language: str) -> Counter:
    return Counter(round(read_number(t, language), 6) for t in NUMBER.findall(text))


def build(monkeypatch, language: str, name: str):
    monkeypatch.setenv("INCENTIVES_EDITION", language)
    cls, settings = LABS[name]
    lab = cls()
    lab.settings = settings
    return lab


def status_text(lab) -> str:
    """The lab's status line(s) and notes as a learner reads them (tags and styles gone)."""
    markup = [lab.summary.value] if hasattr(lab, "summary") else [lab.status.value]
    replay = getattr(lab, "replay", None)
    if replay is not None:
        markup.append(replay.note.value)
    return "\n".join(line for m in markup for line in text_lines(m))


def chart_titles(lab) -> list[str]:
    return [chart.title for chart in lab._live_charts()]


def texts(node, path=()):
    """Every title and description in a chart spec, by where it is (axes, legends, the
    chart's own), skipping the title the lab sets from a parameter."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "description", "text") and isinstance(value, str):
                yield (*path, key), value
            elif key not in ("datasets", "data", "params", "config"):
                yield from texts(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from texts(value, (*path, i))


def widget_texts(lab) -> list[tuple[str, str]]:
    """What the lab's controls and notes say: labels, buttons, menu options, HTML."""
    found = []
    for i, widget in enumerate(leaves(lab.widget)):
        for attribute in ("description", "tooltip"):
            value = getattr(widget, attribute, None)
            if isinstance(value, str) and value:
                found.append((f"{i}.{attribute}", value))
        for j, label in enumerate(getattr(widget, "_options_labels", ()) or ()):
            found.append((f"{i}.option{j}", label))
        if type(widget).__name__ == "HTML" and widget.value:
            found.append((f"{i}.html", widget.value))
    return found


def same_in_romanian(english: str) -> bool:
    """Whether the catalog translates ``english`` by the same word (e.g. "Profit"); a
    string the catalog lacks is not excused."""
    found = catalog("ro").get((None, english))
    return found is not None and found[0] == english


@pytest.fixture(params=list(LABS))
def both(request, monkeypatch):
    english = build(monkeypatch, "en", request.param)
    romanian = build(monkeypatch, "ro", request.param)
    return english, romanian


def test_every_number_in_a_romanian_status_line_is_written_the_romanian_way(both):
    english, romanian = both
    en, ro = status_text(english), status_text(romanian)
    assert numbers(ro, "ro") == numbers(en, "en"), (en, ro)
    assert "EUR" not in ro and "RON" not in ro
    # The test can only fail if the line has numbers whose two ways differ.
    assert re.search(r"\d\.\d{3}\b|\d,\d", ro), ro


def test_every_number_in_a_romanian_chart_title_is_written_the_romanian_way(both):
    english, romanian = both
    for en, ro in zip(chart_titles(english), chart_titles(romanian), strict=True):
        assert numbers(ro, "ro") == numbers(en, "en"), (en, ro)
        assert "EUR " not in ro and "RON " not in ro


def test_romanian_charts_format_their_axes_with_the_romanian_locale(both):
    english, romanian = both
    locale = vega_locale("ro")["number"]
    assert (locale["decimal"], locale["thousands"]) == (",", ".")
    for chart in romanian._live_charts():
        assert chart.spec["config"]["locale"] == vega_locale("ro")
    for chart in english._live_charts():
        assert "locale" not in chart.spec["config"]


def test_no_lab_text_stays_english_in_the_romanian_edition(both):
    english, romanian = both
    pairs = list(zip(widget_texts(english), widget_texts(romanian), strict=True))
    pairs += [
        ((f"chart {i} title", en), (f"chart {i} title", ro))
        for i, (en, ro) in enumerate(
            zip(chart_titles(english), chart_titles(romanian), strict=True)
        )
    ]
    for en_chart, ro_chart in zip(english._live_charts(), romanian._live_charts(), strict=True):
        pairs += zip(texts(en_chart.spec), texts(ro_chart.spec), strict=True)
    assert len(pairs) > 10
    english_left = [
        (where, en)
        for (where, en), (_where, ro) in pairs
        if en == ro and not same_in_romanian(en) and not NUMBER.fullmatch(en)
    ]
    assert english_left == []


def test_every_library_string_has_a_romanian_translation():
    assert translated_lessons.library_problems(ROOT) == []


def test_the_explorer_speaks_romanian(monkeypatch):
    monkeypatch.setenv("INCENTIVES_EDITION", "ro")
    explorer = CompanyExplorer()
    assert explorer.picker.description == "Compania"
    assert [label for label, _value in explorer.picker.options][0] == (
        "Compania X (porți și piese de schimb)"
    )
    headings = [w.value for w in explorer.labs_area.children if type(w).__name__ == "HTML"]
    assert headings[0] == "<h3>Company X: cum sunt plătite vânzările</h3>"
    explorer.upload({"company.csv": b"not,a,company\n"})
    assert "Aceste fișiere nu pot fi folosite:" in explorer.message.value
    assert "company.csv nu se potrivește cu schema lui:" in explorer.message.value
    assert "coloana &#x27;target_leads&#x27; lipsește" in explorer.message.value
    assert "Laboratoarele de mai jos arată în continuare Company X." in explorer.message.value


def test_a_romanian_slider_with_decimals_shows_its_value_the_romanian_way(monkeypatch):
    # The browser's readout writes 1.5% whatever the edition: the label shows it instead.
    monkeypatch.setenv("INCENTIVES_EDITION", "ro")
    lab = CommissionLab()
    control = lab.controls["low_rate"]
    lab.settings = {"low_rate": 0.015}
    assert (control.readout, control.description) == (False, "Cota sub prag: 1,5%")
    monkeypatch.setenv("INCENTIVES_EDITION", "en")
    english = CommissionLab().controls["low_rate"]
    assert (english.readout, english.description) == (True, "Rate below")
