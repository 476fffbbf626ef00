"""grading/deadlines.toml is checked like data: a mistake is one line naming the file, the
line and the key, `course` exits 1, and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT

from incentives.course import cli
from incentives.instructor import batch, deadlines

LESSONS = ("00-start-here", "01-two-departments")
GOOD = """\
timezone = "Europe/Bucharest"
late_policy = "per-day"
penalty_per_day = 0.10

[due]
"00-start-here" = "2026-10-05 23:59"
01-two-departments = 2026-10-12T23:59:00

[extensions]
s001 = { "00-start-here" = "2 days", 01-two-departments = "36 hours" }
"""


def refused(text: str, lessons=LESSONS, students=("s001", "s002")) -> str:
    with pytest.raises(deadlines.DeadlineError) as raised:
        deadlines.parse(text, "grading/deadlines.toml", set(lessons), set(students))
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_a_good_file_is_read_with_its_zone_and_extensions():
    found = deadlines.parse(GOOD, lessons=set(LESSONS), students={"s001"})
    assert found.due["00-start-here"] == dt.datetime(2026, 10, 5, 20, 59, tzinfo=dt.UTC)
    assert found.due["01-two-departments"] == dt.datetime(2026, 10, 12, 20, 59, tzinfo=dt.UTC)
    assert found.extensions == {
        "s001": {
            "00-start-here": dt.timedelta(days=2),
            "01-two-departments": dt.timedelta(hours=36),
        }
    }
    assert (found.policy, found.penalty_per_day, found.timezone) == (
        "per-day",
        0.10,
        "Europe/Bucharest",
    )


def test_every_key_is_found_on_its_line():
    lines = deadlines.key_lines(GOOD + '[extensions.s002]\n"00-start-here" = "1 day"\n')
    assert lines[("late_policy",)] == 2
    assert lines[("due", "00-start-here")] == 6
    assert lines[("due", "01-two-departments")] == 7
    assert lines[("extensions", "s001", "01-two-departments")] == 10
    assert lines[("extensions", "s002", "00-start-here")] == 12


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("late_policy", "late_polcy"),
            "grading/deadlines.toml, line 2: unknown key 'late_polcy' (did you mean "
            "'late_policy'? known: timezone, late_policy, penalty_per_day, due, extensions)",
        ),
        (
            ('"00-start-here" = "2026', '"00-strat-here" = "2026'),
            "grading/deadlines.toml, line 6: due.00-strat-here: no lesson '00-strat-here' in "
            "solutions/ (lessons: 00-start-here, 01-two-departments)",
        ),
        (
            ("s001 = {", "s999 = {"),
            "grading/deadlines.toml, line 10: extensions.s999: no student 's999' on the class "
            "list (course roster) or in grading/submitted/ (students: s001, s002)",
        ),
        (
            ('01-two-departments = "36', '07-nope = "36'),
            "grading/deadlines.toml, line 10: extensions.s001.07-nope: no lesson '07-nope'",
        ),
        (
            ("[due]", "[due]\n'00-start-here' = '2026-10-01 23:59'"),
            "grading/deadlines.toml, line 7: not valid TOML: Cannot overwrite a value (column",
        ),
        (
            ('"00-start-here" = "2026-10-05 23:59"', '"00-start-here" = 2026-10-05'),
            "line 6: due.00-start-here: '2026-10-05' has no time of day",
        ),
        (
            ('late_policy = "per-day"', 'late_policy = "flag"'),
            "line 3: penalty_per_day is set but late_policy is 'flag', which ignores it",
        ),
        (
            ("penalty_per_day = 0.10", ""),
            'line 2: late_policy is "per-day" but penalty_per_day is 0 or missing',
        ),
        (
            ("01-two-departments = 2026-10-12T23:59:00\n", ""),
            "line 9: extensions.s001.01-two-departments: 01-two-departments has no due date",
        ),
        (
            (
                '[due]\n"00-start-here" = "2026-10-05 23:59"\n'
                "01-two-departments = 2026-10-12T23:59:00",
                'due = "2026-10-05 23:59"',
            ),
            "line 5: due must be a table [due]",
        ),
        (("timezone = ", "timezone = 3 # "), "line 1: timezone: 3 is not a time zone"),
    ],
)
def test_a_mistake_is_one_line_naming_its_line_and_key(change, message):
    old, new = change
    assert old in GOOD
    assert message in refused(GOOD.replace(old, new, 1))


@pytest.mark.parametrize(
    ("text", "line"),
    [("due = [", 1), ("late_policy = 'flag'\n\n[due]\n'00-start-here' = \n", 4)],
)
def test_malformed_toml_names_its_line(text, line):
    assert refused(text).startswith(f"grading/deadlines.toml, line {line}: not valid TOML: ")


def course_folder(tmp_path, text: str):
    """A course with two lessons, s001 and s002 on the class list, s001's submission of
    lesson 00 waiting to be graded, and ``text`` as its deadlines.toml."""
    (tmp_path / "grading").mkdir()
    config = (ROOT / "grading" / "nbgrader_config.py").read_text()
    (tmp_path / "grading" / "nbgrader_config.py").write_text(config)
    for lesson in LESSONS:
        (tmp_path / "solutions" / lesson).mkdir(parents=True)
        (tmp_path / "solutions" / lesson / f"{lesson}.ipynb").write_text("{}")
    (tmp_path / "class.csv").write_text("id\ns001\ns002\n")
    assert cli.main(["--root", str(tmp_path), "roster", str(tmp_path / "class.csv")]) == 0
    work = tmp_path / "grading" / "submitted" / "s001" / LESSONS[0]
    work.mkdir(parents=True)
    (work / f"{LESSONS[0]}.ipynb").write_text("{}")
    (tmp_path / "grading" / "deadlines.toml").write_text(text)
    return tmp_path


def files_under(folder):
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("late_policy", "late_polcy", "line 2: unknown key 'late_polcy'"),
        ('"00-start-here" = "2026', '"00-strat-here" = "2026', "line 6: due.00-strat-here"),
        ("s001 = {", "s999 = {", "line 10: extensions.s999: no student 's999'"),
        ("[due]", "[due", "line 5: not valid TOML"),
    ],
)
def test_course_grade_exits_1_and_writes_nothing(tmp_path, capsys, old, new, message):
    course = course_folder(tmp_path, GOOD.replace(old, new, 1))
    before = files_under(course)
    capsys.readouterr()
    assert cli.main(["--root", str(course), "grade", "--no-sandbox"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("course: grading/deadlines.toml, ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert files_under(course) == before  # the gradebook byte for byte, and nothing new
    with pytest.raises(deadlines.DeadlineError, match=message):
        batch.grade(course, sandboxed=False, workers=1)
    assert files_under(course) == before


def test_an_extension_for_a_submitter_not_on_the_class_list_is_accepted(tmp_path):
    course = course_folder(tmp_path, GOOD.replace("s001 = {", "late_one = {"))
    (course / "grading" / "submitted" / "late_one" / LESSONS[0]).mkdir(parents=True)
    assert set(deadlines.load(course).extensions) == {"late_one"}


def test_collect_refuses_a_wrong_deadlines_file_before_writing(tmp_path, capsys):
    import zipfile

    course = course_folder(tmp_path, GOOD.replace("timezone", "time_zone"))
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        opened.writestr("s002_1_2.ipynb", "{}")
    before = files_under(course)
    assert cli.main(["--root", str(course), "collect", LESSONS[0], "--zip", str(archive)]) == 1
    assert "line 1: unknown key 'time_zone' (did you mean 'timezone'?" in capsys.readouterr().err
    assert files_under(course) == before
