"""`course collect --zip`: an LMS's bulk download into grading/submitted/, nothing lost."""

from __future__ import annotations

import zipfile

import pytest
from conftest import ROOT

from incentives.course import cli, collect

LESSON = "00-start-here"
CLASS = (
    "id,first_name,last_name,email\n"
    "s001,Ana,Popescu,ana.popescu@example.org\n"
    "s002,Ștefan,Țurcanu,stefan.t@example.org\n"
    "s003,Ioana,Marin,\n"
)


@pytest.fixture
def course(tmp_path):
    (tmp_path / "grading").mkdir()
    (tmp_path / "grading" / "nbgrader_config.py").write_text(
        (ROOT / "grading" / "nbgrader_config.py").read_text()
    )
    (tmp_path / "solutions" / LESSON).mkdir(parents=True)
    (tmp_path / "solutions" / LESSON / f"{LESSON}.ipynb").write_text("{}")
    (tmp_path / "grading" / "deadlines.toml").write_text('timezone = "Europe/Bucharest"\n')
    (tmp_path / "class.csv").write_text(CLASS, encoding="utf-8")
    assert cli.main(["--root", str(tmp_path), "roster", str(tmp_path / "class.csv")]) == 0
    return tmp_path


def download(path, entries):
    with zipfile.ZipFile(path, "w") as archive:
        for name, when in entries:
            info = zipfile.ZipInfo(name, date_time=when)
            archive.writestr(info, f'{{"from": "{name}"}}')
    return path


def test_a_canvas_download_is_stored_per_student_with_its_time(course, tmp_path, capsys):
    archive = download(
        tmp_path / "canvas.zip",
        [
            ("popescuana_10233_551_00-start-here.ipynb", (2026, 10, 5, 23, 30, 0)),
            ("turcanustefan_LATE_10234_552_lesson0.ipynb", (2026, 10, 6, 9, 15, 0)),
            ("someoneelse_10299_553_00-start-here.ipynb", (2026, 10, 5, 12, 0, 0)),
        ],
    )
    assert cli.main(["--root", str(course), "collect", LESSON, "--zip", str(archive)]) == 0
    out = capsys.readouterr().out
    assert "2 submissions stored" in out and "no student matches someoneelse" in out
    ana = course / "grading" / "submitted" / "s001" / LESSON
    assert (
        ana / f"{LESSON}.ipynb"
    ).read_text() == '{"from": "popescuana_10233_551_00-start-here.ipynb"}'
    # 23:30 in Bucharest (summer time, UTC+3) is 20:30 UTC
    assert (ana / "timestamp.txt").read_text() == "2026-10-05 20:30:00.000000 UTC"
    assert (course / "grading" / "submitted" / "s002" / LESSON / f"{LESSON}.ipynb").is_file()
    kept = course / "grading" / "unmatched" / LESSON / "someoneelse_10299_553_00-start-here.ipynb"
    assert kept.is_file()


def test_a_moodle_download_matches_folder_names_and_keeps_earlier_work(course, tmp_path):
    first = download(
        tmp_path / "moodle1.zip",
        [("Ioana Marin_4411_assignsubmission_file_/my lesson.ipynb", (2026, 10, 1, 10, 0, 0))],
    )
    again = download(
        tmp_path / "moodle2.zip",
        [("Ioana Marin_4411_assignsubmission_file_/v2.ipynb", (2026, 10, 2, 10, 0, 0))],
    )
    assert collect.from_zip(course, LESSON, first).stored == {
        "s003": "Ioana Marin_4411_assignsubmission_file_/my lesson.ipynb"
    }
    found = collect.from_zip(course, LESSON, again)
    assert found.replaced == ["s003"]
    moved = list((course / "grading" / "replaced").glob(f"*/s003/{LESSON}/{LESSON}.ipynb"))
    assert len(moved) == 1 and "my lesson" in moved[0].read_text()
    now = course / "grading" / "submitted" / "s003" / LESSON / f"{LESSON}.ipynb"
    assert "v2" in now.read_text()


def test_a_file_that_is_not_a_zip_or_an_unknown_lesson_is_refused(course, tmp_path, capsys):
    bad = tmp_path / "bad.zip"
    bad.write_text("not a zip")
    assert cli.main(["--root", str(course), "collect", LESSON, "--zip", str(bad)]) == 2
    assert "bad.zip: not a zip archive" in capsys.readouterr().err
    with pytest.raises(collect.CollectError, match="no lesson '99-nothing'"):
        collect.from_zip(course, "99-nothing", bad)


def test_matching_uses_whole_pieces_of_the_path():
    students = [collect.Student("s001", "Ana", "Popescu", "ana.popescu@example.org")]
    assert collect.match("popescuana_1_2_x.ipynb", students) == students
    assert collect.match("folder/s001.ipynb", students) == students
    assert collect.match("s0011.ipynb", students) == []
    assert collect.match("s001_x.ipynb", students) == students
    assert collect.match("anapopescuescu_1.ipynb", students) == []
