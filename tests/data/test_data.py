"""The sample data: regenerates byte for byte, matches its dictionary, loads anywhere,
refuses corrupted files by name, and tells the article's story."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile

import pandas as pd
import pytest
from conftest import ROOT

from incentives.data import SCHEMAS, SHARED_TABLES, DataFileError, companies, load, table_names
from incentives.model.funnels import funnel, profit_by
from incentives.model.plans import MarginShare, TieredRevenue
from tools import generate_data as generate
from tools.data_readme import data_files

DATA = ROOT / "data"
COMPANY_X = DATA / "company_x"
FILES = data_files(DATA)
# Shipped beside the generated files: the game's bot-played class (not made by `make data`).
CLASS_SAMPLE = "class_results/sample.csv"
# Every (table, company) pair shipped: the shared tables once, each company's own tables.
SHIPPED = [
    (t, c) for t in table_names() for c in (["company_x"] if t in SHARED_TABLES else companies())
]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("data")
    generate.write(out)
    return out


def test_every_company_has_every_table_and_the_data_folder_nothing_else():
    assert companies() == ["company_x", "velora"]
    expected = [f"{t}.csv" for t in SHARED_TABLES] + [
        f"{c}/{t}.csv" for c in companies() for t in SCHEMAS if t not in SHARED_TABLES
    ]
    assert sorted(FILES) == sorted(expected)
    on_disk = {str(p.relative_to(DATA)) for p in DATA.rglob("*") if p.is_file()}
    assert on_disk == set(FILES) | {"README.md", "SHA256SUMS", CLASS_SAMPLE}


@pytest.mark.parametrize("name", [*FILES, "README.md", "SHA256SUMS"])
def test_regenerating_gives_byte_identical_files(regenerated, name):
    assert (regenerated / name).read_bytes() == (DATA / name).read_bytes(), (
        f"data/{name} differs from what `make data` generates"
    )


def test_checksums_match_the_files():
    lines = (DATA / "SHA256SUMS").read_text().splitlines()
    listed = dict(reversed(line.split("  ")) for line in lines)
    assert set(listed) == set(FILES)
    for name, digest in listed.items():
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest, name


def readme_columns(name: str) -> list[str]:
    text = (DATA / "README.md").read_text()
    section = text.split(f"## `{name}.csv`", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", section, flags=re.M)


@pytest.mark.parametrize("name", FILES)
def test_readme_documents_exactly_the_csv_columns(name):
    header = (DATA / name).read_text().split("\n", 1)[0].split(",")
    table = name.rsplit("/", 1)[-1].removesuffix(".csv")
    assert readme_columns(table) == header
    assert [c.name for c in SCHEMAS[table]] == header


@pytest.mark.parametrize(("name", "company"), SHIPPED)
def test_every_table_loads_with_proper_types(name, company):
    table = load(name, company=company)
    assert len(table) > 0
    for column in SCHEMAS[name]:
        dtype = table[column.name].dtype
        if column.kind in ("date", "datetime"):
            assert pd.api.types.is_datetime64_any_dtype(dtype), column.name
        elif column.kind in ("category", "company_category"):
            assert isinstance(dtype, pd.CategoricalDtype), column.name
        elif column.kind == "float":
            assert dtype == "float64", column.name


def test_loading_works_from_any_folder(tmp_path):
    code = "from incentives.data import load; print(len(load('leads')))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert int(result.stdout) == len(load("leads"))
    assert result.stderr == ""


@pytest.mark.slow
def test_the_wheel_ships_the_data_and_no_generator(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n.removeprefix("incentives/data/files/") for n in names if "/data/files/" in n}
    assert shipped == set(FILES) | {"README.md", "SHA256SUMS", CLASS_SAMPLE}
    assert not [n for n in names if n.startswith("tools/")]
    assert not [n for n in names if re.search(r"generat|readme\.py|sample_data", n)], names


@pytest.mark.slow
def test_an_installed_wheel_loads_every_table_in_a_fresh_environment(wheel, tmp_path):
    """A non-editable install (as on a JupyterHub) carries the data with it.

    The fresh environment gets the wheel alone; the libraries it needs (pandas, pandera)
    are lent from the course's environment through a path file, so the test stays offline.
    """
    fresh = tmp_path / "fresh"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    subprocess.run(
        [*pip, "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    (site,) = (fresh / "lib").glob("python3*/site-packages")
    (site / "course-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    code = (
        "import json, incentives.data as d; "
        "print(json.dumps({'file': d.__file__, 'folder': str(d.shipped_dir()), "
        "'rows': {f'{c}/{t}': len(d.load(t, company=c)) for c in d.companies() "
        "for t in d.table_names()}}))"
    )
    result = subprocess.run(
        [str(python), "-c", code],
        cwd=tmp_path,
        env={"PATH": "", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["file"].startswith(str(site)), found["file"]
    assert found["folder"] == str(site / "incentives" / "data" / "files")
    assert found["rows"] == {
        f"{c}/{t}": len(load(t, company=c)) for c in companies() for t in table_names()
    }
    assert result.stderr == ""


# --- corrupted files -------------------------------------------------------------------


def corrupt(tmp_path, change, name="leads.csv") -> str:
    shutil.copy(COMPANY_X / "company.csv", tmp_path / "company.csv")
    text = (COMPANY_X / name).read_text()
    (tmp_path / name).write_text(change(text))
    with pytest.raises(DataFileError) as error:
        load("leads", data_dir=tmp_path)
    return str(error.value)


def drop_column(text, name):
    rows = [line.split(",") for line in text.splitlines()]
    index = rows[0].index(name)
    return "\n".join(",".join(r[:index] + r[index + 1 :]) for r in rows) + "\n"


def set_cell(text, row, name, value):
    lines = text.splitlines()
    index = lines[0].split(",").index(name)
    cells = lines[row].split(",")
    cells[index] = value
    lines[row] = ",".join(cells)
    return "\n".join(lines) + "\n"


def test_a_missing_column_is_named(tmp_path):
    message = corrupt(tmp_path, lambda t: drop_column(t, "cost_eur"))
    assert "leads.csv" in message and "column 'cost_eur' is missing" in message


def test_text_in_a_numeric_column_is_named_with_its_row(tmp_path):
    message = corrupt(tmp_path, lambda t: set_cell(t, 5, "deal_value_eur", "lots"))
    assert "leads.csv" in message
    assert "column 'deal_value_eur', row 6: 'lots' is not a number" in message


def test_a_negative_cost_is_named(tmp_path):
    message = corrupt(tmp_path, lambda t: set_cell(t, 3, "cost_eur", "-12.5"))
    assert "column 'cost_eur', row 4: '-12.5' is below the allowed 0" in message


def test_an_unknown_category_and_a_duplicate_id_are_named(tmp_path):
    def change(text):
        text = set_cell(text, 2, "channel", "billboard")
        first_id = text.splitlines()[1].split(",")[0]
        return set_cell(text, 3, "lead_id", first_id)

    message = corrupt(tmp_path, change)
    assert "column 'channel', row 3: 'billboard' is not one of" in message
    assert "column 'lead_id'" in message and "more than once" in message


def test_a_category_the_company_does_not_declare_is_named(tmp_path):
    message = corrupt(tmp_path, lambda t: set_cell(t, 4, "category", "bike"))
    assert "column 'category', row 5: 'bike' is not one of: gate, part" in message


def test_a_missing_or_unreadable_file_is_named(tmp_path):
    with pytest.raises(DataFileError, match="company.csv: file not found"):
        load("leads", data_dir=tmp_path)
    shutil.copy(COMPANY_X / "company.csv", tmp_path / "company.csv")
    with pytest.raises(DataFileError, match="leads.csv: file not found"):
        load("leads", data_dir=tmp_path)
    (tmp_path / "leads.csv").write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(DataFileError, match="leads.csv"):
        load("leads", data_dir=tmp_path)
    (tmp_path / "leads.csv").write_text("")
    with pytest.raises(DataFileError, match="leads.csv: the file is empty"):
        load("leads", data_dir=tmp_path)
    (tmp_path / "leads.csv").unlink()
    (tmp_path / "leads.csv").mkdir()
    with pytest.raises(DataFileError, match="leads.csv: cannot be read"):
        load("leads", data_dir=tmp_path)
    with pytest.raises(KeyError, match="unknown table"):
        load("sales_figures")


# --- the story in the data -------------------------------------------------------------


def halves(leads: pd.DataFrame) -> pd.DataFrame:
    return leads.assign(half=leads["created_at"].dt.month.gt(6).map({False: "H1", True: "H2"}))


def test_the_parts_campaign_paradox_shows_in_the_shipped_data():
    leads = halves(load("leads"))
    by_category = funnel(leads, ["half", "category"])
    parts_before, parts_after = by_category.loc[("H1", "part")], by_category.loc[("H2", "part")]
    gates_before, gates_after = by_category.loc[("H1", "gate")], by_category.loc[("H2", "gate")]
    # Marketing's win: many more, much cheaper leads.
    assert parts_after["leads"] > 10 * parts_before["leads"]
    overall = funnel(leads, "half")
    assert overall.loc["H2", "cost_per_lead_eur"] < 0.5 * overall.loc["H1", "cost_per_lead_eur"]
    # Sales ignores them: contact and close rates of parts leads collapse.
    assert parts_after["contact_rate"] < 0.2 < 0.9 < parts_before["contact_rate"]
    assert parts_after["close_rate"] < 0.5 * parts_before["close_rate"]
    # Sales' own target holds: gate revenue is about the same.
    assert gates_after["revenue_eur"] == pytest.approx(gates_before["revenue_eur"], rel=0.1)
    # The company loses: profit falls.
    profit = profit_by(leads, TieredRevenue(), "half")["profit_eur"]
    assert profit["H2"] < profit["H1"]


def without_parts_campaign():
    company_x = generate.scenario("company_x")
    campaigns = tuple(c for c in company_x.campaigns if c.campaign_id != "C-PARTS")
    return dataclasses.replace(company_x, campaigns=campaigns)


def test_the_campaign_costs_the_company_what_it_would_have_earned():
    with_campaign = halves(load("leads"))
    without = generate.generate_leads(without_parts_campaign())
    without["created_at"] = pd.to_datetime(without["created_at"])
    without = halves(without)
    plan = generate.scenario("company_x").plan
    loss = (
        profit_by(without, plan, "half")["profit_eur"]["H2"]
        - profit_by(with_campaign, plan, "half")["profit_eur"]["H2"]
    )
    spend = 6 * 1_800
    assert 0.7 * spend < loss <= spend  # most of the spend is lost; a few parts sell anyway


def test_a_margin_share_gets_the_parts_worked_and_profit_up():
    tiered = halves(load("leads"))
    margin = generate.generate_leads(generate.scenario("company_x"), plan=MarginShare(0.12))
    margin["created_at"] = pd.to_datetime(margin["created_at"])
    margin = halves(margin)
    parts = funnel(margin, ["half", "category"]).loc[("H2", "part")]
    assert parts["contact_rate"] > 0.9
    profit_tiered = profit_by(tiered, TieredRevenue(), "half")["profit_eur"]
    profit_margin = profit_by(margin, MarginShare(0.12), "half")["profit_eur"]
    assert profit_margin["H2"] > profit_tiered["H2"]
    assert profit_margin["H2"] > profit_margin["H1"]


def test_leads_cost_what_the_campaign_budgets_say():
    leads = load("leads")
    campaigns = load("campaigns").set_index("campaign_id")
    spend = leads.groupby(["campaign_id", "month"])["cost_eur"].sum()
    counts = leads.groupby(["campaign_id", "month"]).size()
    for (campaign, _month), total in spend.items():
        assert total == pytest.approx(campaigns.loc[campaign, "monthly_budget_eur"], abs=0.5)
    for (campaign, _month), count in counts.items():
        planned = campaigns.loc[campaign]
        assert count == round(planned["monthly_budget_eur"] / planned["cost_per_lead_eur"])


def test_shipped_files_as_tested_are_read_without_the_schema_library():
    """A kernel that loads the shipped tables and opens a lab never imports pandera: the
    files' checksums say they are the ones the tests checked (about 0.4 s a kernel)."""
    code = (
        "import sys\n"
        "from incentives.data import load\n"
        "from incentives.labs import CommissionLab\n"
        "load('leads'); load('restaurant_visits'); load('leads', company='velora')\n"
        "CommissionLab('velora')\n"
        "print('pandera' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_an_edited_shipped_file_is_checked_against_its_schema(tmp_path, monkeypatch):
    from incentives.data import loader

    shipped = tmp_path / "data"
    shutil.copytree(ROOT / "data", shipped)
    leads = shipped / "company_x" / "leads.csv"
    lines = leads.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",", ",oops,", 1)  # one row gains a cell
    leads.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(loader, "shipped_dir", lambda: shipped)

    assert loader.is_shipped_unchanged(shipped / "company_x" / "products.csv")
    assert not loader.is_shipped_unchanged(leads)
    with pytest.raises(DataFileError, match="leads.csv: row 2 has more cells than the header"):
        load("leads")
