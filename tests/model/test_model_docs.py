"""The model's assumptions: one registry the code reads, and docs/model.md rendered from it.

incentives.model.assumptions holds every assumption with its value, source and lessons;
tools/model_docs.py renders docs/model.md from it. These tests check that the page and the
registry agree (and catch a planted mismatch), that every source is of a stated kind, that
the code reads each value from the registry, and that the companies' files hold the
figures the registry states.
"""

from __future__ import annotations

import math
import re
import shutil
from dataclasses import replace

import numpy as np
import pytest
from conftest import ROOT, check_run

from incentives.data import read_company
from incentives.model.assumptions import (
    ARTICLE_CLOAKROOM,
    ARTICLE_COMPANY_X,
    ASSUMPTIONS,
    REFERENCES,
    TEACHING,
    Span,
    value,
)
from incentives.model.assumptions.entry import registry
from incentives.model.company import Targets
from incentives.model.sales import allocate_time, profit_maximising_allocation, win_probability
from tools import model_docs

DOC = ROOT / "docs" / "model.md"
LESSONS = {p.name for p in (ROOT / "solutions").iterdir() if p.is_dir()}


# --- the page and the registry ---------------------------------------------------------------


def test_the_page_is_rendered_from_the_registry():
    assert model_docs.differences(DOC.read_text(encoding="utf-8")) == [], (
        "docs/model.md is stale: run `python -m tools.model_docs`"
    )
    assert model_docs.main(["--check", "--out", str(DOC)]) == 0


def test_a_value_changed_in_a_copy_of_the_page_fails_the_check(tmp_path, capsys):
    page = tmp_path / "model.md"
    shutil.copy(DOC, page)
    text = page.read_text(encoding="utf-8")
    row = "| `reach_rate` | The share of worked leads a rep reaches at all"
    assert text.count(row) == 1 and "| 0.96 |" in text
    page.write_text(text.replace("| 0.96 | share |", "| 0.95 | share |"), encoding="utf-8")

    assert model_docs.main(["--check", "--out", str(page)]) == 1
    shown = capsys.readouterr()
    assert "-" + row in shown.out and "0.95" in shown.out and "is stale" in shown.err


def test_a_value_changed_in_a_copy_of_the_registry_no_longer_matches_the_page():
    changed = dict(ASSUMPTIONS)
    changed["segment_shares"] = replace(ASSUMPTIONS["segment_shares"], value=(0.3, 0.5, 0.2))
    found = model_docs.differences(DOC.read_text(encoding="utf-8"), model_docs.render(changed))
    assert any("0.3 / 0.55 / 0.15" in line and line.startswith("+") for line in found)
    assert any("0.3 / 0.5 / 0.2" in line and line.startswith("-") for line in found)


def test_the_page_shows_every_assumption_and_reference_once():
    text = DOC.read_text(encoding="utf-8")
    for name in ASSUMPTIONS:
        assert text.count(f"| `{name}` |") == 1, name
    for citation in REFERENCES.values():
        assert text.count(f"- {citation}") == 1


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.96, "0.96"),
        (10_400.0, "10,400"),
        (Span(0.3, 0.35), "0.3-0.35"),
        ((60.0, 110.0, 300.0), "60 / 110 / 300"),
        ({"worked": 45.0, "incidental": 900.0}, "worked: 45, incidental: 900"),
        ("lower", "lower"),
    ],
)
def test_values_are_shown_as_a_reader_writes_them(value, shown):
    assert model_docs.shown(value) == shown


# --- each entry: its source, its lessons ----------------------------------------------------


@pytest.mark.parametrize("name", ASSUMPTIONS)
def test_every_source_is_a_published_reference_the_article_or_teaching(name):
    source = ASSUMPTIONS[name].source
    starts = (TEACHING, ARTICLE_COMPANY_X, ARTICLE_CLOAKROOM, *REFERENCES)
    assert source.startswith(starts), f"{name}: {source!r} starts with no known kind of source"
    rest = source
    for key in REFERENCES:
        rest = rest.replace(key, "")
    assert not re.search(r"\(\d{4}\)", rest), f"{name}: cites a work missing from REFERENCES"
    assert ".md" not in source  # a source is a work, never a file


def test_every_reference_is_cited_by_an_assumption():
    sources = " ".join(a.source for a in ASSUMPTIONS.values())
    assert [key for key in REFERENCES if key not in sources] == []


@pytest.mark.parametrize("name", ASSUMPTIONS)
def test_every_assumption_names_lessons_that_exist(name):
    lessons = ASSUMPTIONS[name].lessons
    assert lessons and len(set(lessons)) == len(lessons)
    assert set(lessons) <= LESSONS, set(lessons) - LESSONS


def test_a_registry_refuses_a_name_twice_or_an_unknown_topic():
    entry = ASSUMPTIONS["seats"]
    with pytest.raises(ValueError, match="'seats' is registered twice"):
        registry(entry, entry)
    with pytest.raises(ValueError, match="unknown topic 'kitchen'"):
        registry(replace(entry, topic="kitchen"))


def test_value_reads_the_registry_and_names_an_unknown_assumption():
    assert value("seats") == 80
    assert value("party_sizes") == {1: 0.15, 2: 0.45, 3: 0.15, 4: 0.25}
    with pytest.raises(TypeError):
        value("party_sizes")[5] = 0.1  # read-only, like the tuples
    with pytest.raises(KeyError, match="no assumption named 'tables'"):
        value("tables")


# --- the code reads every value from the registry --------------------------------------------

# Entries the code cannot read: a company's figures live in its files, and a rule is code.
# Each is checked by a test below instead.
COMPANY_FIGURES = {name for name in ASSUMPTIONS if name.startswith(("company_x_", "velora_"))}
RULES = {"win_probability", "reps_maximise_pay", "marketing_score", "pay_promise"}


def _names_read_by_the_code() -> set[str]:
    registry = ROOT / "src" / "incentives" / "model" / "assumptions"
    files = [*(ROOT / "src" / "incentives").rglob("*.py"), *(ROOT / "tools").glob("*.py")]
    files = [path for path in files if registry not in path.parents]
    text = "\n".join(path.read_text(encoding="utf-8") for path in files)
    return set(re.findall(r"""\bvalue\(\s*["'](\w+)["']\s*\)""", text))


def test_the_code_reads_every_value_from_the_registry_or_a_test_checks_it():
    read = _names_read_by_the_code()
    assert read <= set(ASSUMPTIONS), read - set(ASSUMPTIONS)
    assert set(ASSUMPTIONS) - read - COMPANY_FIGURES - RULES == set()
    assert read.isdisjoint(COMPANY_FIGURES | RULES)


def test_the_restaurant_model_uses_the_registry_values():
    from incentives.model import restaurant

    evening = restaurant.simulate_evening(seed=1)
    assert evening.parties["party_size"].sum() == value("guests_per_evening")
    assert value("segment_shares") == restaurant.DEFAULT_SHARES
    assert restaurant.SegmentRanges() == restaurant.SegmentRanges(
        student=(1, 40), standard=(40, 80), vip=(80, 100), max_ticket=100
    )


# --- a company's files hold the registry's figures -------------------------------------------


def _by_product(files, column: str) -> dict:
    return dict(zip(files.products["product_id"], files.products[column], strict=True))


def _spans(files, column: str) -> dict[str, Span]:
    table = files.products.groupby(files.products["category"].astype(str))[column]
    return {category: Span(low, table.max()[category]) for category, low in table.min().items()}


def _close(found: dict, expected) -> bool:
    """Same keys, and each value's numbers equal to within rounding."""
    return found.keys() == expected.keys() and all(
        np.allclose(found[key], expected[key], rtol=1e-9, atol=1e-6) for key in found
    )


def _targets(files) -> dict:
    keys = ("leads", "cost_per_lead_eur", "revenue_eur", "profit_eur")
    settings = files.settings
    return {key: settings[f"target_{key}"] for key in keys} | {
        "fixed_costs_eur": settings["fixed_costs_eur"]
    }


def _team(files) -> dict:
    return {"reps": len(files.reps), "hours_per_rep": files.reps["hours_per_month"].mean()}


def test_company_xs_files_hold_the_registry_figures():
    files = read_company("company_x", leads=False)
    assert _by_product(files, "price_eur") == value("company_x_prices")
    assert _close(_spans(files, "margin_rate"), value("company_x_margins"))
    assert _close(_spans(files, "win_ceiling"), value("company_x_win_ceilings"))
    assert _close(_spans(files, "time_constant_hours"), value("company_x_time_constants"))
    minutes = {c: Span(60 * s.low, 60 * s.high) for c, s in _spans(files, "min_hours").items()}
    each = {c: Span(m, m) for c, m in value("company_x_min_minutes").items()}
    assert _close(minutes, each)
    campaigns = files.campaigns.set_index("campaign_id")
    assert campaigns["cost_per_lead_eur"].to_dict() == value("company_x_cost_per_lead")
    assert campaigns["monthly_budget_eur"].to_dict() == value("company_x_budgets")
    assert str(campaigns.loc["C-PARTS", "start_date"].date()) == "2025-07-01"
    assert _team(files) == value("company_x_team")
    settings = files.settings
    assert settings["plan"] == "tiered_revenue" and settings["plan_threshold_eur"] == 500
    assert {
        "below EUR 500": settings["plan_rate_below"],
        "from EUR 500": settings["plan_rate"],
    } == (value("company_x_plan"))
    assert _targets(files) == value("company_x_targets")


def test_veloras_files_hold_the_registry_figures():
    files = read_company("velora", leads=False)
    assert _by_product(files, "price_eur") == value("velora_prices")
    assert _by_product(files, "margin_rate") == value("velora_margins")
    selling = {
        pid: (p.win_ceiling, p.time_constant_hours, p.min_hours)
        for pid, p in files.products.set_index("product_id").iterrows()
    }
    assert _close(selling, value("velora_selling"))
    campaigns = {
        c.campaign_id: (c.monthly_budget_eur, c.cost_per_lead_eur)
        for c in files.campaigns.itertuples()
    }
    assert campaigns == value("velora_campaigns")
    assert _team(files) == value("velora_team")
    assert (files.settings["plan"], files.settings["plan_rate"]) == (
        "margin_share",
        value("velora_plan"),
    )
    assert _targets(files) == value("velora_targets")


# --- the rules, as the code applies them -----------------------------------------------------


def test_win_probability_follows_the_stated_rule():
    ceiling, tau, tmin = 0.35, 2.0, 0.5
    for hours in (0.5, 1.0, 3.6, 10.0):
        expected = ceiling * (1 - math.exp(-hours / tau))
        assert win_probability(hours, ceiling, tau, tmin) == pytest.approx(expected)
    assert win_probability(0.49, ceiling, tau, tmin) == 0.0


def test_reps_maximise_their_own_pay_not_the_companys_profit():
    company = check_run()  # tiered revenue, with the parts campaign
    leads = company.leads_per_type()
    reps = allocate_time(company.lead_types, leads, company.team, company.plan)
    best = profit_maximising_allocation(company.lead_types, leads, company.team, company.plan)
    assert reps.commission_eur.sum() > best.commission_eur.sum()
    profit = lambda a: (a.gross_margin_eur - a.commission_eur).sum()  # noqa: E731
    assert profit(reps) < profit(best)


def test_marketing_scores_blend_its_own_score_and_the_goals():
    from incentives.model.alignment import marketing_scores

    targets = Targets(leads=300, cost_per_lead_eur=20, profit_eur=17_000)
    own, goal, score = marketing_scores([450], [15], [8_500], targets, 0.25)
    assert own == pytest.approx([1.5 - 0.75]) and goal == pytest.approx([0.5])
    assert score == pytest.approx([0.25 * 0.75 + 0.75 * 0.5])


def test_the_pay_promise_is_todays_expected_commission():
    from incentives.model import velora
    from incentives.model.capstone import pay_floor_eur

    today = velora().outcome().sales_pay_eur
    assert pay_floor_eur() == math.floor(today) == 1_876
