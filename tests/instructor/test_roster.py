"""`course roster`: the class list into the gradebook, checked before anything is written."""

from __future__ import annotations

import pytest
from conftest import ROOT

from incentives.course import cli
from incentives.instructor import roster

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


def test_other_columns_are_left_alone():
    text = "id,group,notes\ns1,A,likes charts\n"
    assert roster.read_roster(text) == [roster.Student("s1")]


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
        (
            "id,frist_name\ns1,Ana\n",
            "column 'frist_name' is not one the course reads; did you mean 'first_name'?",
        ),
        ("id,E-mial\ns1,a@example.org\n", "did you mean 'e-mail'?"),
    ],
)
def test_a_bad_class_list_is_refused_with_its_row_and_problem(text, message):
    with pytest.raises(roster.RosterError, match=message):
        roster.read_roster(text, name="class.csv")


def test_roster_adds_then_updates_and_a_bad_file_changes_nothing(course, tmp_path, capsys):
    first = tmp_path / "class.csv"
    first.write_text(GOOD, encoding="utf-8")
    assert cli.main(["--root", str(course), "roster", str(first)]) == 0
    assert "3 students (3 added, 0 updated, 0 unchanged)" in capsys.readouterr().out
    assert students_in(course)["s002"] == ("Ștefan", "Țurcanu", "stefan@example.org")
    gradebook = course / "grading" / "gradebook.db"

    before = gradebook.read_bytes()
    assert cli.main(["--root", str(course), "roster", str(first)]) == 0  # the same file again
    out = capsys.readouterr().out
    assert "3 students (0 added, 0 updated, 3 unchanged)" in out and "updated:" not in out
    assert gradebook.read_bytes() == before

    second = tmp_path / "again.csv"
    second.write_text("id,email\ns001,ana.p@example.org\ns004,d@example.org\n", encoding="utf-8")
    assert cli.main(["--root", str(course), "roster", str(second)]) == 0
    out = capsys.readouterr().out
    assert "2 students (1 added, 1 updated, 0 unchanged)" in out
    assert "  added: s004\n  updated: s001\n" in out
    found = students_in(course)
    assert sorted(found) == ["s001", "s002", "s003", "s004"]  # nobody removed
    # a file without name columns leaves the names as they were
    assert found["s001"] == ("Ana", "Popescu", "ana.p@example.org")

    bad = tmp_path / "bad.csv"
    bad.write_text("id\ns005\ns005\n", encoding="utf-8")
    before = gradebook.read_bytes()
    assert cli.main(["--root", str(course), "roster", str(bad)]) == 2
    assert "bad.csv, row 3: id 's005' is already on row 2" in capsys.readouterr().err
    assert gradebook.read_bytes() == before


# An LMS's own export: Canvas's gradebook, Moodle's grader report. Canvas's "ID" is its own
# number for the student (here 10233...), never the course's id.
CANVAS = (
    "Student,ID,SIS User ID,SIS Login ID,Section,00-start-here (551)\n"
    "    Points Possible,,,,,3\n"
    '"Popescu, Ana",10233,U2026001,ana.popescu@example.org,Group A,\n'
    '"Țurcanu, Ștefan",10234,U2026002,sturcanu,Group A,\n'
    '"Student, Test",10299,,,Group A,\n'
)


def test_a_canvas_export_takes_the_sis_login_never_canvas_id():
    found = roster.read_class_list(CANVAS, "canvas.csv")
    assert (found.layout, found.id_column) == ("Canvas", "SIS Login ID")
    assert found.students == [
        roster.Student("ana.popescu", "Ana", "Popescu", "ana.popescu@example.org", "10233"),
        roster.Student("sturcanu", "Ștefan", "Țurcanu", None, "10234"),
    ]
    assert "lms_user_id" in found.details and "email" in found.details


def test_a_canvas_export_without_sis_logins_takes_the_sis_user_id():
    text = CANVAS.replace(",ana.popescu@example.org,", ",,").replace(",sturcanu,", ",,")
    found = roster.read_class_list(text, "canvas.csv")
    assert found.id_column == "SIS User ID"
    assert [s.id for s in found.students] == ["U2026001", "U2026002"]
    assert "email" not in found.details  # an e-mail address already known is kept


@pytest.mark.parametrize(
    "text",
    [
        'Student,ID,Section\n"Popescu, Ana",10233,A\n',  # no SIS columns at all
        'Student,ID,SIS User ID\n"Popescu, Ana",10233,\n',  # SIS columns left empty
    ],
)
def test_a_canvas_export_with_no_sis_id_is_refused_rather_than_use_canvas_id(text):
    with pytest.raises(roster.RosterError, match="Canvas's 'ID' is its own internal number"):
        roster.read_roster(text, "canvas.csv")


def test_a_moodle_export_takes_the_email_name_or_the_id_number():
    text = (
        "First name,Last name,ID number,Institution,Department,Email address\n"
        "Ioana,Marin,20231234,Uni,Economics,ioana.marin@example.org\n"
        "Dan,Pop,,Uni,Economics,dan.pop@example.org\n"
    )
    found = roster.read_class_list(text, "moodle.csv")
    assert (found.layout, found.id_column) == ("Moodle", "Email address (before the @)")
    assert found.students[0] == roster.Student(
        "ioana.marin", "Ioana", "Marin", "ioana.marin@example.org"
    )
    numbers_only = "First name,Last name,ID number\nIoana,Marin,20231234\nDan,Pop,20231235\n"
    found = roster.read_class_list(numbers_only, "moodle.csv")
    assert found.id_column == "ID number"
    assert [s.id for s in found.students] == ["20231234", "20231235"]


def test_canvas_numbers_never_reach_the_gradebook_as_students(course, tmp_path, capsys):
    canvas = tmp_path / "canvas.csv"
    canvas.write_text(CANVAS, encoding="utf-8")
    assert cli.main(["--root", str(course), "roster", str(canvas)]) == 0
    out = capsys.readouterr().out
    assert "2 students (2 added, 0 updated, 0 unchanged)" in out
    assert "a Canvas export: the ids are its 'SIS Login ID' column" in out
    assert sorted(students_in(course)) == ["ana.popescu", "sturcanu"]
