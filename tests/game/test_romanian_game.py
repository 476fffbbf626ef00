"""The classroom game in Romanian: a session's ``edition`` option makes every page a player
sees Romanian (game/conflict/texts.py; the words in the library's catalog).

Fast: the templates hold no words of their own; every name, label and refusal a player
reads has its Romanian, with numbers written the Romanian way. Slow: a Romanian session on
the production server, played over HTTP from the first page to the discussion, shows no
English sentence of the game's nor oTree's own (Next, Please wait, the time-limit line),
and refuses a decision in Romanian. oTree's bots play the Romanian configs with the others
(test_game.py).
"""

from __future__ import annotations

import html
import importlib
import re
import sys
import types

import pytest
from conftest import ROOT
from test_game import create_session, game_copy, game_env, game_server, http

from incentives.i18n import catalog, pofile
from incentives.model.build import company_x, velora
from incentives.model.company import METRICS
from incentives.model.decisions import Rules, lead_type_names, play

CONFLICT = ROOT / "game" / "conflict"
LIBRARY_CATALOG = ROOT / "src/incentives/i18n/locale/ro/LC_MESSAGES/incentives.po"
TEMPLATES = sorted(CONFLICT.glob("*.html"))  # the players' pages and the admin report


def game_module(name: str):
    """A module of game/conflict that needs the model, not oTree (the package's
    __init__ imports oTree, so its modules are loaded here without it)."""
    package = "conflict_without_otree"
    if package not in sys.modules:
        module = types.ModuleType(package)
        module.__path__ = [str(CONFLICT)]
        sys.modules[package] = module
    return importlib.import_module(f"{package}.{name}")


texts = game_module("texts")


def words_of(template: str) -> str:
    """What a template writes itself: without its tags, expressions, scripts and markup."""
    text = re.sub(r"<script.*?</script>", " ", template, flags=re.DOTALL)
    text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", " ", text, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", text)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_a_template_holds_no_word_of_its_own(path):
    """Every word comes from texts.py, in the session's edition."""
    template = path.read_text(encoding="utf-8")
    assert re.findall(r"[A-Za-z]{2,}", words_of(template)) == []
    assert "next_button" not in template  # oTree's button says "Next" in every edition


def test_the_check_finds_a_word_a_template_writes():
    assert re.findall(r"[A-Za-z]{2,}", words_of("<p>{{ w.a }} Your pay</p>")) == ["Your", "pay"]


def test_every_name_and_label_a_player_reads_has_its_romanian():
    translated = catalog("ro")
    rules = Rules(common_goal="profit", lead_source_info=True)
    for company in (company_x(), velora()):
        names = [c.name for c in company.campaigns] + list(lead_type_names(company, rules))
        for name in names:
            shown = texts.name(name, "ro")
            base = re.sub(r" \((hot|cold)\)$", "", name)
            assert (None, base) in translated, name
            assert "(hot)" not in shown and "(cold)" not in shown, shown
    for _department, label, _unit, _rule in METRICS.values():
        assert (None, label) in translated, label
    assert texts.rule_word("at least", "ro") == "cel puțin"
    assert texts.met_word(False, "ro") == "ratată"


def test_the_models_refusals_read_in_romanian_with_romanian_numbers():
    company = company_x()
    today = {c.name: c.budget_eur for c in company.campaigns}
    over = {**today, company.campaigns[0].name: 10**6}
    rules = Rules(max_budget_eur=2 * sum(today.values()))
    refused = []
    for budgets, hours in ((over, {}), (today, {lead_type_names(company)[0]: 10_000})):
        with pytest.raises(ValueError) as error:
            play(company, budgets, hours, rules)
        refused.append(str(error.value))
    budgets, hours = (texts.refusal(message, "ro") for message in refused)
    assert budgets.startswith("Bugetele tale însumează 1.0"), budgets
    assert "de euro, peste limita de" in budgets and "EUR" not in budgets
    assert hours.startswith("Orele tale însumează 10.000,0, mai mult decât are echipa"), hours
    assert texts.refusal(refused[0], "en") == refused[0]  # English: the model's own words
    negative = "budgets['Garage doors social ads'] must be a number >= 0; got -5.0"
    assert texts.refusal(negative, "ro") == (
        "Reclame pe rețelele sociale pentru uși de garaj: scrie un număr mai mare sau egal cu 0."
    )
    assert texts.refusal("something new", "ro").startswith("Modelul nu poate juca")


def test_the_pay_rules_and_figures_read_in_romanian():
    phase_1, revenue = Rules(), Rules(common_goal="revenue")
    assert texts.pay_rule(phase_1, "marketing", "ro").startswith("Un bonus de ")
    assert "euro" in texts.pay_rule(phase_1, "marketing", "ro")
    assert texts.pay_rule(revenue, "sales", "ro").endswith("% din veniturile companiei.")
    assert texts.shown(1234.5, "EUR", "ro") == "1.234 de euro"  # whole euros from 100
    assert texts.shown(0.125, "share", "ro") == "12,5%"
    assert texts.shown(1234.5, "EUR", "en") == "EUR 1,234"


def test_the_instructors_report_of_a_romanian_session_is_in_romanian():
    """The admin report's summary, table and charts (titles, legends, firms, the number
    locale); the English report is the English of before."""
    import altair as alt
    from test_report import ROWS, SAMPLE, read_export

    report = game_module("report")
    english, romanian = report.report_vars(ROWS), report.report_vars(ROWS, "ro")
    assert english["summary"].startswith("5 months played by 3 firms.")
    assert romanian["summary"].startswith("Luni jucate: 5 (firme: 3). În ")
    assert romanian["w"]["the_class"] == "Clasa"
    money = ("profit_phase_1", "profit_phase_2", "change", "marketing_pay", "sales_pay")
    for firm in romanian["firm_rows"]:
        for column in money:
            assert re.fullmatch(r"-|[-+]?\d{1,3}(\.\d{3})*( de)? euro", firm[column]), firm
    assert "EUR" not in str(romanian["firm_rows"])
    specs = report.charts(ROWS, "ro")
    for spec in specs.values():
        assert spec["config"]["locale"]["number"]["decimal"] == ","
    alt.LayerChart.from_dict(specs["chart-targets"], validate=True)
    alt.Chart.from_dict(specs["chart-phases"], validate=True)
    targets = specs["chart-targets"]
    assert targets["title"].startswith("Țintele departamentelor")
    legend = targets["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert legend == ["ambele departamente", "doar marketingul", "doar vânzările", "niciunul"]
    values = {v["targets_met"] for v in targets["data"]["values"]}
    assert values <= set(legend) and {v["firm"] for v in targets["data"]["values"]} == {
        "Firma 1",
        "Firma 2",
        "Firma 10",
    }
    assert "config" not in report.charts(ROWS)["chart-targets"]  # English: Vega's own locale
    _, records = read_export(SAMPLE.read_text(encoding="utf-8"))
    assert report.report_vars(report.rows_of(records), "ro")["summary"].startswith(
        "Luni jucate: 48 (firme: 12)."
    )


# --- a Romanian session, played over HTTP --------------------------------------------------


def visible(page: str) -> str:
    """The page's text a player reads: no scripts, styles or markup (nor the debug tables
    oTree adds outside production)."""
    text = re.sub(r"<(script|style).*?</\1>", " ", page, flags=re.DOTALL)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())
    return text.split(" Debug info ")[0]


def english_sentences() -> list[str]:
    """The game's English, in pieces of two words or more between its placeholders, that
    its Romanian does not share."""
    _header, entries = pofile.read(LIBRARY_CATALOG)
    pieces = set()
    for entry in entries:
        if any(ref.startswith("game/") for ref in entry.references):
            romanian = entry.strings.get(0, "")
            for piece in re.split(r"\{\w+\}", entry.msgid):
                piece = piece.strip(" .:;,()")
                if len(piece.split()) >= 2 and piece not in romanian:
                    pieces.add(piece)
    return sorted(pieces)


OTREE_ENGLISH = ["Next", "Please wait", "Time left", "Waiting for", "Please fix"]


def assert_romanian(page: str, where: str) -> None:
    text = visible(page)
    found = [p for p in english_sentences() if re.search(rf"\b{re.escape(p)}\b", text)]
    found += [word for word in OTREE_ENGLISH if re.search(rf"\b{word}\b", text)]
    assert found == [], f"{where}: English on a Romanian page: {found}\n{text[:2000]}"


def test_the_check_finds_an_english_sentence():
    with pytest.raises(AssertionError, match="Split your team's"):
        assert_romanian("<p>Marketing's campaigns brought these leads. Split your team's</p>", "x")
    with pytest.raises(AssertionError, match="Next"):
        assert_romanian('<button class="btn">Next</button>', "x")


@pytest.mark.slow
def test_a_romanian_session_shows_every_page_in_romanian(tmp_path):
    env = game_env()
    with game_server(game_copy(tmp_path), env) as base:
        _code, (marketing, sales) = create_session(base, "company_x_ro", 2, rounds_per_phase=1)
        page, body = http(marketing)
        assert page.endswith("/firm/Marketing/1"), page
        assert_romanian(body, "Marketing")
        assert "Lucrezi în marketing la Company X" in visible(body)
        assert "Mai departe" in visible(body) and "Timp rămas" in visible(body)
        form = dict(re.findall(r'name="(budget_\d)"[^>]*value="([^"]*)"', body))
        _same, refused = http(page, form={**form, "budget_1": "1000000"})
        assert "Bugetele tale însumează 1.0" in visible(refused), visible(refused)[:1500]
        assert_romanian(refused, "Marketing, refused")
        page, body = http(page, form=form)
        assert "/firm/LeadsWaitPage/" in page, page
        assert "Te rugăm să aștepți" in visible(body)
        assert_romanian(body, "LeadsWaitPage")

        page, body = http(sales)
        assert "/firm/Sales/" in page, page
        assert_romanian(body, "Sales")
        assert " leaduri, " in visible(body)
        form = dict(re.findall(r'name="(hours_\d+)"[^>]*value="([^"]*)"', body))
        _same, refused = http(page, form={**form, "hours_1": "10000"})
        assert re.search(r"Orele tale însumează 10\.\d{3},\d, mai mult", visible(refused))
        assert_romanian(refused, "Sales, refused")
        http(page, form=form)

        for start in (marketing, sales):
            page, body = http(start)
            assert "/firm/Results/" in page, page
            assert_romanian(body, "Results")
            assert "Tabloul de bord al " in visible(body)
            assert re.search(r"Plata ta în această lună: [\d.]+,\d\d (de )?euro", visible(body))
            page, body = http(page, form={})
            assert "/firm/Reveal/" in page, page
            assert_romanian(body, "Reveal")
            assert "Sfârșitul fazei 1" in visible(body)
            page, body = http(page, form={})
            assert "/firm/Discussion/" in page, page
            assert_romanian(body, "Discussion")
            assert "Profesorul a stabilit criteriile fazei 2" in visible(body)
            assert '"Trimite"' in body  # the chat's button, relabelled
