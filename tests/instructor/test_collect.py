"""`course collect`: an LMS's bulk download or nbgrader's exchange into grading/submitted/,
never losing or rolling back a student's work."""

from __future__ import annotations

import hashlib
import zipfile

import pytest
from conftest import ROOT

from incentives.course import cli
from incentives.instructor import collect

LESSON = "00-start-here"
NOTEBOOK = f"{LESSON}.ipynb"
CLASS = (
    "id,first_name,last_name,email\n"
    "s001,Ana,Popescu,ana.popescu@example.org\n"
    "s002,Ștefan,Țurcanu,stefan.t@example.org\n"
    "s003,Ioana,Marin,\n"
)
MOODLE = "Ioana Marin_4411_assignsubmission_file_/"


@pytest.fixture
def course(tmp_path):
    (tmp_path / "grading").mkdir()
    (tmp_path / "grading" / "nbgrader_config.py").write_text(
        (ROOT / "grading" / "nbgrader_config.py").read_text()
    )
    (tmp_path / "solutions" / LESSON).mkdir(parents=True)
    (tmp_path / "solutions" / LESSON / NOTEBOOK).write_text("{}")
    (tmp_path / "grading" / "deadlines.toml").write_text('timezone = "Europe/Bucharest"\n')
    (tmp_path / "class.csv").write_text(CLASS, encoding="utf-8")
    assert cli.main(["--root", str(tmp_path), "roster", str(tmp_path / "class.csv")]) == 0
    return tmp_path


def download(path, entries):
    """A zip of notebooks: (name in the archive, file time[, text]); a zip keeps file times
    to 2 s."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, when, *text in entries:
            info = zipfile.ZipInfo(name, date_time=(*when, 0, 0, 0)[:6])
            archive.writestr(info, text[0] if text else f'{{"from": "{name}"}}')
    return path


def submitted(course, student):
    return course / "grading" / "submitted" / student / LESSON


def versions(course, student):
    """Every version kept of a student's lesson: folder name -> the notebook's text."""
    folder = course / "grading" / "versions" / student / LESSON
    return {p.name: (p / NOTEBOOK).read_text() for p in sorted(folder.iterdir())}


def collect_zip(course, archive, *options):
    return cli.main(["--root", str(course), "collect", LESSON, "--zip", str(archive), *options])


def test_a_canvas_download_is_stored_per_student_with_its_time(course, tmp_path, capsys):
    archive = download(
        tmp_path / "canvas.zip",
        [
            ("popescuana_10233_551_00-start-here.ipynb", (2026, 10, 5, 23, 30, 0)),
            ("turcanustefan_LATE_10234_552_lesson0.ipynb", (2026, 10, 6, 9, 15, 0)),
            ("someoneelse_10299_553_00-start-here.ipynb", (2026, 10, 5, 12, 0, 0)),
        ],
    )
    capsys.readouterr()
    assert collect_zip(course, archive) == 0
    out = capsys.readouterr().out
    assert "  new          2  s001, s002\n" in out
    assert "  unmatched    1\n" in out
    kept = f"grading/unmatched/{LESSON}/someoneelse_10299_553_00-start-here.ipynb"
    assert f"no student matches someoneelse_10299_553_00-start-here.ipynb: kept in {kept}" in out
    assert (course / kept).is_file()
    ana = submitted(course, "s001")
    assert (ana / NOTEBOOK).read_text() == '{"from": "popescuana_10233_551_00-start-here.ipynb"}'
    # 23:30 in Bucharest (summer time, UTC+3) is 20:30 UTC
    assert (ana / "timestamp.txt").read_text() == "2026-10-05 20:30:00.000000 UTC"
    assert (submitted(course, "s002") / NOTEBOOK).is_file()
    # the version kept is named by its time (UTC, to the microsecond) and its sha256
    digest = collect.digest({NOTEBOOK: (ana / NOTEBOOK).read_bytes()})
    assert list(versions(course, "s001")) == [f"20261005T203000.000000Z-{digest[:12]}"]


def test_a_newer_download_replaces_and_every_version_stays_on_disk(course, tmp_path, capsys):
    first = download(tmp_path / "moodle1.zip", [(MOODLE + "my lesson.ipynb", (2026, 10, 1, 10))])
    second = download(tmp_path / "moodle2.zip", [(MOODLE + "v2.ipynb", (2026, 10, 2, 10))])
    third = download(tmp_path / "moodle3.zip", [(MOODLE + "v3.ipynb", (2026, 10, 2, 10, 0, 2))])
    assert collect.from_zip(course, LESSON, first).new == {"s003": MOODLE + "my lesson.ipynb"}
    found = collect.from_zip(course, LESSON, second)
    assert (found.new, found.changed) == ({}, {"s003": MOODLE + "v2.ipynb"})
    assert collect.from_zip(course, LESSON, third).changed == {"s003": MOODLE + "v3.ipynb"}
    # three collects on one day: three versions, none overwritten
    kept = versions(course, "s003")
    assert len(kept) == 3
    assert ["my lesson" in t for t in kept.values()] == [True, False, False]
    assert ["v3" in t for t in kept.values()] == [False, False, True]
    assert "v3" in (submitted(course, "s003") / NOTEBOOK).read_text()


def test_the_same_file_again_is_unchanged_and_nothing_is_written(course, tmp_path, capsys):
    archive = download(tmp_path / "moodle.zip", [(MOODLE + "a.ipynb", (2026, 10, 1, 10))])
    assert collect_zip(course, archive) == 0
    notebook = submitted(course, "s003") / NOTEBOOK
    before = notebook.stat().st_mtime_ns, (notebook.parent / "timestamp.txt").read_text()
    # the same bytes under another name and a later file time: still the same work
    again = download(
        tmp_path / "again.zip", [(MOODLE + "b.ipynb", (2026, 10, 3, 9), notebook.read_text())]
    )
    capsys.readouterr()
    assert collect_zip(course, again) == 0
    out = capsys.readouterr().out
    assert "  new          0  -\n" in out and "  changed      0  -\n" in out
    assert "  unchanged    1  s003\n" in out
    assert "s003: " not in out  # no file listed as stored
    assert (notebook.stat().st_mtime_ns, (notebook.parent / "timestamp.txt").read_text()) == before
    assert len(versions(course, "s003")) == 1  # the same work is one version


def test_an_older_file_replaces_nothing_without_allow_older(course, tmp_path, capsys):
    old = download(tmp_path / "old.zip", [(MOODLE + "old.ipynb", (2026, 10, 1, 10))])
    new = download(tmp_path / "new.zip", [(MOODLE + "new.ipynb", (2026, 10, 2, 10))])
    assert collect_zip(course, old) == 0 and collect_zip(course, new) == 0
    notebook = submitted(course, "s003") / NOTEBOOK
    capsys.readouterr()
    assert collect_zip(course, old) == 0  # the older download collected again
    out = capsys.readouterr().out
    assert "  older        1  s003 (refused: older than the submission stored;" in out
    assert "new.ipynb" in notebook.read_text()
    assert (notebook.parent / "timestamp.txt").read_text() == "2026-10-02 07:00:00.000000 UTC"

    found = collect.from_zip(course, LESSON, old, allow_older=True)
    assert found.changed == {"s003": MOODLE + "old.ipynb"} and found.took_older == ["s003"]
    assert "old.ipynb" in notebook.read_text()
    assert len(versions(course, "s003")) == 2  # the newer one is kept all the same
    assert collect_zip(course, new) == 0
    assert "new.ipynb" in notebook.read_text()


def test_unmatched_files_of_one_name_are_all_kept(course, tmp_path, capsys):
    name = "nobody_1_2_00-start-here.ipynb"
    one = download(tmp_path / "1.zip", [(name, (2026, 10, 1, 10), "one")])
    two = download(tmp_path / "2.zip", [(name, (2026, 10, 2, 10), "two")])
    assert collect.from_zip(course, LESSON, one).unmatched == {
        name: f"grading/unmatched/{LESSON}/{name}"
    }
    assert collect.from_zip(course, LESSON, one).unmatched == {
        name: f"grading/unmatched/{LESSON}/{name}"
    }  # the same file again: the same place
    kept = collect.from_zip(course, LESSON, two).unmatched[name]
    assert kept == f"grading/unmatched/{LESSON}/nobody_1_2_00-start-here-" + (
        hashlib.sha256(b"two").hexdigest()[:12] + ".ipynb"
    )
    folder = course / "grading" / "unmatched" / LESSON
    assert sorted(p.read_text() for p in folder.iterdir()) == ["one", "two"]


def test_two_notebooks_of_one_student_take_the_newest_and_keep_the_other(course, tmp_path):
    archive = download(
        tmp_path / "moodle.zip",
        [
            (MOODLE + "final.ipynb", (2026, 10, 2, 10), "final"),
            (MOODLE + "draft.ipynb", (2026, 10, 1, 10), "draft"),
        ],
    )
    found = collect.from_zip(course, LESSON, archive)
    assert found.new == {"s003": MOODLE + "final.ipynb"}
    kept = found.extra[MOODLE + "draft.ipynb"]
    assert (
        kept == f"grading/unmatched/{LESSON}/Ioana Marin_4411_assignsubmission_file___draft.ipynb"
    )
    assert (course / kept).read_text() == "draft"
    assert (submitted(course, "s003") / NOTEBOOK).read_text() == "final"


def test_a_file_that_is_not_a_zip_or_an_unknown_lesson_is_refused(course, tmp_path, capsys):
    bad = tmp_path / "bad.zip"
    bad.write_text("not a zip")
    assert collect_zip(course, bad) == 2
    assert "bad.zip: not a zip archive" in capsys.readouterr().err
    with pytest.raises(collect.CollectError, match="no lesson '99-nothing' in solutions/"):
        collect.from_zip(course, "99-nothing", bad)
    assert not (course / "grading" / "submitted").exists()


def test_no_exchange_and_no_zip_is_one_line(course, capsys):
    assert cli.main(["--root", str(course), "collect", LESSON]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.err.startswith("course: no exchange to collect from")
    assert "--zip" in captured.err


def test_matching_uses_whole_pieces_of_the_path():
    students = [collect.Student("s001", "Ana", "Popescu", "ana.popescu@example.org")]
    assert collect.match("popescuana_1_2_x.ipynb", students) == students
    assert collect.match("folder/s001.ipynb", students) == students
    assert collect.match("s0011.ipynb", students) == []
    assert collect.match("s001_x.ipynb", students) == students
    assert collect.match("anapopescuescu_1.ipynb", students) == []


# nbgrader's exchange, filled by hand as `nbgrader submit` fills it


def submit(exchange, student, when, text):
    """A submission in the exchange's inbound folder, named and stamped as nbgrader does."""
    stamp = when.replace(" UTC", "")
    folder = exchange / "marketing-vs-sales" / "inbound" / f"{student}+{LESSON}+{stamp}+abc"
    folder.mkdir(parents=True)
    (folder / NOTEBOOK).write_text(text)
    (folder / "timestamp.txt").write_text(when)


@pytest.fixture
def exchanged(course, tmp_path, monkeypatch):
    exchange = tmp_path / "exchange"
    (exchange / "marketing-vs-sales" / "inbound").mkdir(parents=True)
    monkeypatch.setenv("COURSE_EXCHANGE", str(exchange))
    return course, exchange


def test_the_exchange_keeps_every_version_and_refuses_an_older_one(exchanged, tmp_path):
    course, exchange = exchanged
    submit(exchange, "s001", "2026-10-01 10:00:00.000000 UTC", "first")
    submit(exchange, "stranger", "2026-10-01 11:00:00.000000 UTC", "who?")
    found = collect.from_exchange(course, LESSON)
    assert sorted(found.new) == ["s001", "stranger"]
    assert found.not_on_list == {"stranger": f"grading/submitted/stranger/{LESSON}/"}
    shown = "\n".join(collect.summary(found))
    assert "  new          2  s001, stranger\n" in shown
    assert "  stranger is not on the class list (course roster): stored in grading/" in shown
    # the exchange's files belong to this account, not to an account named s001
    assert "nbgrader warns: " in shown and "claims to be submitted by s001 but is owned" in shown

    submit(exchange, "s001", "2026-10-02 10:00:00.000000 UTC", "second")
    found = collect.from_exchange(course, LESSON)
    assert (found.changed, found.unchanged) == (
        {"s001": "the exchange"},
        {"stranger": "the exchange"},
    )
    assert (submitted(course, "s001") / NOTEBOOK).read_text() == "second"
    assert sorted(versions(course, "s001").values()) == ["first", "second"]

    # a download with a newer file for s001; the exchange's is then the older one
    newer = download(tmp_path / "n.zip", [("popescuana_1_2_x.ipynb", (2026, 10, 4, 12), "third")])
    assert collect.from_zip(course, LESSON, newer).changed == {"s001": "popescuana_1_2_x.ipynb"}
    found = collect.from_exchange(course, LESSON)
    assert found.older == {"s001": "the exchange"}
    assert (submitted(course, "s001") / NOTEBOOK).read_text() == "third"
    found = collect.from_exchange(course, LESSON, allow_older=True)
    assert found.changed == {"s001": "the exchange"} and found.took_older == ["s001"]
    assert (submitted(course, "s001") / NOTEBOOK).read_text() == "second"
    assert sorted(versions(course, "s001").values()) == ["first", "second", "third"]
