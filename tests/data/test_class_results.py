"""The game's export as lesson 07 reads it: the sample and any class's file load typed, and a
wrong file is refused with a message that names the problem."""

from __future__ import annotations

import pandas as pd
import pytest

from incentives.data.class_results import (
    COLUMNS,
    ENVIRONMENT_VARIABLE,
    ClassResultsError,
    class_results_path,
    load_class_results,
    sample_path,
)

ROW = {
    "session": "abc12345",
    "firm": "1",
    "firm_size": "2",
    "company": "Company X",
    "month": "1",
    "phase": "1",
    "common_goal": "",
    "lead_source_info": "False",
    "criteria_by": "",
    "ad_spend_eur": "6450.0",
    "small_ticket_ad_spend_eur": "1800.0",
    "leads": "420.0",
    "cost_per_lead_eur": "15.3571",
    "deals": "30.75",
    "revenue_eur": "79874.38",
    "gross_margin_eur": "26943.37",
    "hours_used": "360.0",
    "profit_eur": "16499.65",
    "marketing_pay_eur": "1000.0",
    "sales_pay_eur": "3993.72",
    "target_leads": "300.0",
    "target_cost_per_lead_eur": "20.0",
    "target_revenue_eur": "70000.0",
    "target_profit_eur": "17000.0",
}


def export(rows, columns=None) -> str:
    columns = list(columns or COLUMNS)
    lines = [",".join(columns)] + [",".join(str(r.get(c, "")) for c in columns) for r in rows]
    return "\n".join(lines) + "\n"


def two_phases() -> list[dict]:
    later = {
        **ROW,
        "month": "2",
        "phase": "2",
        "common_goal": "profit",
        "lead_source_info": "True",
        "criteria_by": "instructor",
        "leads": "0",
        "cost_per_lead_eur": "",
        "ad_spend_eur": "0",
        "profit_eur": "-1250.5",
    }
    return [later, ROW]  # out of order: the loader sorts by session, firm, month


def write(tmp_path, text: str, *, bom: bool = True, name: str = "export.csv"):
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_an_export_with_otrees_byte_order_mark_loads_typed_and_sorted(tmp_path):
    table = load_class_results(write(tmp_path, export(two_phases())))
    assert list(table.columns) == list(COLUMNS)
    assert table["month"].tolist() == [1, 2]
    assert table["phase"].tolist() == [1, 2]
    assert table["common_goal"].tolist() == ["", "profit"]
    assert table["lead_source_info"].tolist() == [False, True]
    assert table["profit_eur"].tolist() == [16499.65, -1250.5]
    assert table["cost_per_lead_eur"].iloc[0] == 15.3571
    assert pd.isna(table["cost_per_lead_eur"].iloc[1])
    assert table["firm"].dtype == "int64" and table["revenue_eur"].dtype == "float64"
    assert table["lead_source_info"].dtype == bool


def test_a_bool_written_as_a_number_reads_as_a_bool(tmp_path):
    flags = ["1", "0"]
    rows = [{**row, "lead_source_info": f} for row, f in zip(two_phases(), flags, strict=True)]
    table = load_class_results(write(tmp_path, export(rows)))
    assert table["lead_source_info"].tolist() == [False, True]


def test_an_export_without_the_mark_loads_the_same(tmp_path):
    with_mark = load_class_results(write(tmp_path, export(two_phases()), name="a.csv"))
    without = load_class_results(write(tmp_path, export(two_phases()), bom=False, name="b.csv"))
    pd.testing.assert_frame_equal(with_mark, without)


def test_the_shipped_sample_loads_and_holds_both_phases_of_several_firms():
    table = load_class_results(sample_path())
    assert sample_path().name == "sample.csv" and sample_path().parent.name == "class_results"
    assert set(table["phase"]) == {1, 2}
    assert table.groupby("session")["firm"].nunique().sum() >= 4
    assert set(table.loc[table["phase"] == 2, "common_goal"]) <= {"revenue", "profit"}
    assert (table.loc[table["phase"] == 1, "common_goal"] == "").all()
    assert not table.duplicated(["session", "firm", "month"]).any()


def test_the_path_is_the_one_given_else_the_environments_else_the_sample(tmp_path, monkeypatch):
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    assert class_results_path() == sample_path()
    assert class_results_path("") == sample_path()
    path = write(tmp_path, export(two_phases()))
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(path))
    assert class_results_path() == path
    assert class_results_path(tmp_path / "other.csv") == tmp_path / "other.csv"
    assert len(load_class_results()) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("\n\n", "the file is empty"),
        (export([]), "a header but no rows"),
        (
            "participant.id_in_session,participant.code,conflict.1.player.budget_1\n1,x,3\n",
            "all_apps_wide.csv",
        ),
        ("session_code,participant_id_in_session,page_name\nab,1,Marketing\n", "another of oTree"),
    ],
)
def test_an_empty_file_or_another_of_otrees_exports_is_refused_by_name(tmp_path, text, message):
    with pytest.raises(ClassResultsError, match=message) as error:
        load_class_results(write(tmp_path, text))
    assert "export.csv" in str(error.value)
    if "oTree" in message or "wide" in message:
        assert "custom export of the app 'conflict'" in str(error.value)


def test_a_missing_column_is_named(tmp_path):
    columns = [c for c in COLUMNS if c not in ("profit_eur", "target_leads")]
    with pytest.raises(ClassResultsError, match="missing column\\(s\\) profit_eur, target_leads"):
        load_class_results(write(tmp_path, export([ROW], columns)))


def test_an_extra_column_is_left_out_and_the_order_restored(tmp_path):
    columns = ["note", *reversed(COLUMNS)]
    table = load_class_results(write(tmp_path, export([{**ROW, "note": "x"}], columns)))
    assert list(table.columns) == list(COLUMNS)
    assert table["profit_eur"].tolist() == [16499.65]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"profit_eur": "lots"}, "column 'profit_eur', row 2: 'lots' is not a number"),
        ({"revenue_eur": ""}, "column 'revenue_eur', row 2: an empty cell is not a number"),
        ({"month": "1.5"}, "column 'month', row 2: '1.5' is not a whole number"),
        ({"firm": "0"}, "column 'firm', row 2: '0' is below 1"),
        ({"phase": "3"}, "column 'phase', row 2: '3' is not 1 or 2"),
        ({"lead_source_info": "yes"}, "column 'lead_source_info', row 2: 'yes' is not True"),
        ({"common_goal": "sales"}, "'sales' is not revenue or profit"),
        ({"common_goal": "profit"}, "a phase 1 row with a common goal"),
        ({"phase": "2"}, "a phase 2 row without a common goal"),
    ],
)
def test_a_wrong_value_is_named_with_its_column_and_row(tmp_path, change, message):
    with pytest.raises(ClassResultsError) as error:
        load_class_results(write(tmp_path, export([{**ROW, **change}])))
    assert "export.csv is not a valid export of the game" in str(error.value)
    assert message in str(error.value)


def test_a_firms_month_given_twice_is_refused(tmp_path):
    with pytest.raises(ClassResultsError, match="a firm's month appears more than once"):
        load_class_results(write(tmp_path, export([ROW, ROW])))


def test_a_missing_file_a_folder_and_a_file_not_in_utf8_are_refused(tmp_path):
    with pytest.raises(ClassResultsError, match="nowhere.csv: file not found"):
        load_class_results(tmp_path / "nowhere.csv")
    with pytest.raises(ClassResultsError, match="it is a folder"):
        load_class_results(tmp_path)
    path = tmp_path / "latin.csv"
    path.write_bytes(export([{**ROW, "company": "Société"}]).encode("latin-1"))
    with pytest.raises(ClassResultsError, match="not a UTF-8 text file"):
        load_class_results(path)


def test_the_error_is_a_data_file_error_as_the_courses_other_files_raise():
    from incentives.data import DataFileError

    assert issubclass(ClassResultsError, DataFileError)
