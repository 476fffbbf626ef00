"""A company is its files: read, checked alone and together, and turned into the model.

The model's correctness check does not depend on the course's data: tests/fixtures/check_run
holds the model's one-month check run as company files, and the model read from them gives
the check run's table (docs/model.md, "The model in brief") to the euro.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import ROOT

from incentives.data import DataFileError, read_company
from incentives.model.build import (
    company_and_leads,
    company_from,
    company_from_files,
    company_x,
    shipped_leads,
)
from incentives.model.plans import FlatFee, MarginShare, TieredRevenue, plan_in_force

CHECK_RUN = ROOT / "tests" / "fixtures" / "check_run"
DATA = ROOT / "data"


@pytest.fixture(scope="module")
def check_run():
    return read_company(CHECK_RUN)


# --- the check run of docs/model.md ---------------------------------------------------------

# case -> (month, plan, minutes per gate / part lead, blended CPL, close rate, profit)
CHECK_TABLE = {
    "gates only, tiered revenue": ("2025-06", None, (216, None), 40.0, 0.29, 17_911),
    "with parts campaign, same plan": ("2025-09", None, (216, 0), 14.5, 0.07, 16_111),
    "12% of gross margin": ("2025-09", MarginShare(0.12), (166, 16.5), 14.5, 0.57, 22_405),
    "EUR 30 flat per deal": ("2025-09", FlatFee(30), (101, 38), 14.5, 0.64, 14_579),
}


@pytest.mark.parametrize("case", CHECK_TABLE)
def test_the_check_run_files_reproduce_the_documented_table_to_the_euro(check_run, case):
    month, plan, (gate, part), cpl, close_rate, profit = CHECK_TABLE[case]
    outcome = company_from_files(check_run, month=month, plan=plan).outcome()
    assert round(outcome.profit_eur) == profit
    minutes = outcome.allocation.table()["minutes_per_lead"]
    assert minutes["gate"] == pytest.approx(gate, abs=0.6)
    if part is not None:
        assert minutes["part"] == pytest.approx(part, abs=0.6)
    assert outcome.cost_per_lead_eur == pytest.approx(cpl)
    assert outcome.close_rate == pytest.approx(close_rate, abs=0.005)


def test_the_check_run_company_is_read_as_written(check_run):
    company = company_from_files(check_run)
    assert company.name == "The check run"
    assert company.categories == ("gate", "part")
    assert company.plan == TieredRevenue((0, 500), (0.01, 0.05))
    assert (company.team.reps, company.team.hours_per_rep) == (3, 120.0)
    assert [c.name for c in company.campaigns] == ["gates-search", "parts-promo"]
    assert company.leads_per_type().tolist() == [100.0, 300.0]
    june = company_from_files(check_run, month="2025-06")
    assert [c.name for c in june.campaigns] == ["gates-search"]


# --- the shipped companies, in their own words ----------------------------------------------


def test_velora_reads_in_its_own_words():
    velora = read_company("velora")
    assert velora.name == "Velora"
    assert velora.categories == ("bike", "service")
    assert set(velora.leads["category"].astype(str)) == {"bike", "service"}
    company = company_from("velora")
    assert company.categories == ("bike", "service")
    assert {k.name for k in company.lead_types} == {
        "City e-bike",
        "Cargo e-bike",
        "Annual service",
        "Replacement battery",
    }
    assert company.plan == MarginShare(0.10)


def test_a_product_mix_spreads_a_campaigns_leads_over_its_products():
    company = company_from("company_x")
    leads = dict(zip([k.name for k in company.lead_types], company.leads_per_type(), strict=True))
    # C-PARTS: EUR 1,800 at EUR 6 = 300 leads, 45% remote controls; C-ORGANIC: 20 leads, 15%.
    assert leads["Remote control"] == pytest.approx(300 * 0.45 + 20 * 0.15)
    assert sum(leads.values()) == pytest.approx(3_000 / 40 + 1_250 / 50 + 400 / 20 + 1_800 / 6)


def test_the_plan_in_force_reads_each_kind():
    assert plan_in_force({"plan": "margin_share", "plan_rate": 0.1}) == MarginShare(0.1)
    assert plan_in_force({"plan": "flat_fee", "plan_fee_eur": 30.0}) == FlatFee(30)
    with pytest.raises(ValueError, match="plan_fee_eur"):
        plan_in_force({"plan": "flat_fee", "plan_fee_eur": None})
    with pytest.raises(ValueError, match="unknown plan 'bribe'"):
        plan_in_force({"plan": "bribe"})


# --- files that do not agree ----------------------------------------------------------------


def copy_of(tmp_path, company="company_x", leads=True):
    folder = tmp_path / company
    shutil.copytree(DATA / company, folder)
    if not leads:
        (folder / "leads.csv").unlink()
    return folder


def edit(path, old, new):
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def problems(source) -> str:
    with pytest.raises(DataFileError) as error:
        read_company(source)
    return str(error.value)


def test_a_folder_without_leads_is_a_company(tmp_path):
    folder = copy_of(tmp_path, leads=False)
    files = read_company(folder)
    assert files.leads is None
    assert company_from(folder).outcome().leads == company_from("company_x").outcome().leads


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("products.csv", "G-SLIDE,Automated sliding gate,gate,", "G-SLIDE,Automated sliding gate,"
         "bike,", "products.csv does not match its schema:\n  - column 'category', row 2: 'bike' "
         "is not one of: gate, part"),
        ("campaign_products.csv", "C-GATES,G-SWING,0.45", "C-GATES,G-SWING,0.40",
         "the shares of campaign 'C-GATES' add up to 0.95, not 1"),
        ("campaign_products.csv", "C-GARAGE,G-GARAGE,1", "C-GARAGE,G-SHED,1",
         "campaign_products.csv, row 4: unknown product 'G-SHED'"),
        ("company.csv", "Company X,gate,part", "Company X,gate,gate",
         "big_ticket_category and small_ticket_category are both 'gate'"),
        ("company.csv", ",2025-09,", ",2026-09,", "no campaign runs in model_month 2026-09"),
        ("company.csv", ",2025-09,", ",2025-13,", "'2025-13' is not a month YYYY-MM"),
        ("leads.csv", ",G-SWING,gate,40,R3,", ",G-SWING,gate,40,R9,",
         "leads.csv: column 'rep_id', row 2: 'R9' is in no rep file"),
        ("leads.csv", ",G-SWING,gate,40,R3,", ",G-SWING,part,40,R3,",
         "leads.csv: column 'category', row 2: 'part' but product 'G-SWING' is 'gate'"),
    ],
)  # fmt: skip
def test_a_file_that_disagrees_is_named_with_column_and_row(tmp_path, file, old, new, message):
    folder = copy_of(tmp_path)
    edit(folder / file, old, new)
    assert message in problems(folder)


def test_a_plan_without_a_parameter_it_needs_is_named_when_the_model_reads_it(tmp_path):
    """The files are data; which columns a plan needs is the model's plan catalogue's."""
    folder = copy_of(tmp_path)
    edit(folder / "company.csv", "tiered_revenue,0.05,0.01,500,", "tiered_revenue,0.05,0.01,,")
    assert read_company(folder).settings["plan_threshold_eur"] is None
    with pytest.raises(DataFileError) as error:
        company_from(folder)
    assert str(error.value) == (
        "company.csv: column 'plan_threshold_eur', row 2: empty, but plan tiered_revenue needs it"
    )


def test_uploaded_files_read_like_a_folder_and_name_what_is_missing(tmp_path):
    folder = copy_of(tmp_path, leads=False)
    uploaded = {p.name: p.read_bytes() for p in folder.glob("*.csv")}
    files = read_company(uploaded)
    assert files.source == "uploaded files"
    pd.testing.assert_frame_equal(files.products, read_company(folder).products)
    del uploaded["reps.csv"]
    assert "reps.csv: file not found among the uploaded files" in problems(uploaded)
    uploaded["reps.csv"] = b"rep_id,rep_name\nR1,Ana,120\n"
    assert "reps.csv" in problems(uploaded)


def test_a_labs_company_argument_becomes_a_company_and_its_leads():
    company, leads = company_and_leads(None)
    assert company.name == "Company X" and leads is shipped_leads("company_x")
    assert company.outcome().profit_eur == company_x().outcome().profit_eur
    velora, velora_leads = company_and_leads("velora")
    assert velora.name == "Velora" and velora_leads is shipped_leads("velora")

    folder, uploaded = CHECK_RUN, {p.name: p.read_bytes() for p in CHECK_RUN.glob("*.csv")}
    for source in (folder, str(folder), uploaded):
        company, leads = company_and_leads(source)
        assert company.name == "The check run" and leads is None
        assert company.leads_per_type().tolist() == [100.0, 300.0]

    mine = velora.replace(name="Mine")
    assert company_and_leads(mine) == (mine, None)
    assert company_and_leads(mine, velora_leads)[1] is velora_leads
    assert company_and_leads("velora", leads=velora_leads.head(3))[1].shape[0] == 3
    with pytest.raises(DataFileError, match="neither a shipped company"):
        company_and_leads("acme")


def test_an_unknown_company_names_the_shipped_ones():
    assert "neither a shipped company (company_x, velora)" in problems("acme")


def test_one_description_a_changed_figure_reaches_model_generator_and_labs(tmp_path):
    """Company X is described once: change its parts campaign's cost per lead from EUR 6 to
    EUR 5 in a copy of its files and the model, the data generator and a lab all see it."""
    from incentives.labs import CommissionLab
    from tools import generate_data

    folder = copy_of(tmp_path)
    edit(folder / "campaigns.csv", "2025-12-31,1800,6\n", "2025-12-31,1800,5\n")

    model = company_from(folder).outcome()
    assert model.leads == pytest.approx(3_000 / 40 + 1_250 / 50 + 400 / 20 + 1_800 / 5)

    scenario = generate_data.scenario("company_x", source=tmp_path)
    parts = next(c for c in scenario.campaigns if c.campaign_id == "C-PARTS")
    assert parts.cost_per_lead_eur == 5
    september = generate_data.generate_leads(scenario).query("month == '2025-09'")
    assert (september["campaign_id"] == "C-PARTS").sum() == 1_800 / 5

    lab = CommissionLab(company=company_from(folder))
    assert lab.outcome.leads == pytest.approx(model.leads)
    shipped = company_from("company_x").outcome()
    assert lab.outcome.leads != shipped.leads
