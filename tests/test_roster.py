"""`course roster`: the class list into the gradebook, checked before anything is written."""

from __future__ import annotations

import pytest
from conftest import ROOT

from incentives.course import cli, roster

GOOD = (
    "id,first_name,last_name,email\n"
    "s001,Ana,Popescu,ana@example.org\n"
    "s002,Ștefan,Țurcanu,stefan@example.org\n"
    "\n"
    "s003,,,\n"
)


@pytest.fixture
def course(tmp_path):
    """A course folder with the course's nbgrader configuration and no gradebook yet."""
    (tmp_path / "grading").mkdir()
    (tmp_path / "solutions").mkdir()
    config = (ROOT / "grading" / "nbgrader_config.py").read_text()
    (tmp_path / "grading" / "nbgrader_config.py").write_text(config)
    return tmp_path


def students_in(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'grading' / 'gradebook.db'}") as gradebook:
        return {s.id: (s.first_name, s.last_name, s.email) for s in gradebook.students}


def test_a_class_list_is_read_with_names_diacritics_and_blank_lines():
    students = roster.read_roster(GOOD.encode())
    assert [s.id for s in students] == ["s001", "s002", "s003"]
    assert students[1].first_name == "Ștefan" and students[1].last_name == "Țurcanu"
    assert students[2] == roster.Student("s003")


def test_an_lms_export_header_is_understood():
    text = "Username,First name,Surname,Email address\nmaria.i,Maria,Ionescu,m@example.org\n"
    (student,) = roster.read_roster(text)
    assert student == roster.Student("maria.i", "Maria", "Ionescu", "m@example.org")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,email\nAna,a@example.org\n", "no 'id' column"),
        ("id,email\ns1,a@example.org\ns1,b@example.org\n", "row 3: id 's1' is already on row 2"),
        ("id,email\n,a@example.org\n", "row 2: the id is empty"),
        ("id\n../etc\n", "row 2: id '../etc' cannot name a folder"),
        ("id,email\ns1,not-an-address\n", "row 2: 'not-an-address' is not an e-mail address"),
        ("id\n", "no student rows"),
        ("", "empty file"),
    ],
)
def test_a_bad_class_list_is_refused_with_its_row_and_problem(text, message):
    with pytest.raises(roster.RosterError, match=message):
        roster.read_roster(text, name="class.csv")


def test_roster_adds_then_updates_and_a_bad_file_changes_nothing(course, tmp_path, capsys):
    first = tmp_path / "class.csv"
    first.write_text(GOOD, encoding="utf-8")
    assert cli.main(["--root", str(course), "roster", str(first)]) == 0
    assert "3 students (3 added, 0 updated)" in capsys.readouterr().out
    assert students_in(course)["s002"] == ("Ștefan", "Țurcanu", "stefan@example.org")

    second = tmp_path / "again.csv"
    second.write_text("id,email\ns001,ana.p@example.org\ns004,d@example.org\n", encoding="utf-8")
    assert cli.main(["--root", str(course), "roster", str(second)]) == 0
    assert "2 students (1 added, 1 updated)" in capsys.readouterr().out
    found = students_in(course)
    assert sorted(found) == ["s001", "s002", "s003", "s004"]  # nobody removed
    assert found["s001"][2] == "ana.p@example.org"

    bad = tmp_path / "bad.csv"
    bad.write_text("id\ns005\ns005\n", encoding="utf-8")
    assert cli.main(["--root", str(course), "roster", str(bad)]) == 2
    assert "bad.csv, row 3: id 's005' is already on row 2" in capsys.readouterr().err
    assert sorted(students_in(course)) == ["s001", "s002", "s003", "s004"]
