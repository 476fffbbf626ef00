"""`course grade` and `course export`: parallel workers, one writer, the same grades as nbgrader's
own sequential run, nothing an instructor entered lost."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from conftest import ROOT, repository_copy

from incentives.course import cli
from incentives.instructor import batch, export, merge, nbgrader_tools, submissions, workers

pytestmark = pytest.mark.slow

LESSONS = ("00-start-here", "01-two-departments")


def notebook_of(folder, lesson):
    return folder / lesson / f"{lesson}.ipynb"


def partial(lesson_dir, target):
    """The solution with its first answer cell blanked: some points, not all."""
    path = notebook_of(ROOT / "solutions", lesson_dir)
    nb = nbformat.read(path, as_version=4)
    answer = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
    answer.source = "# YOUR CODE HERE\nraise NotImplementedError()"
    target.mkdir(parents=True)
    nbformat.write(nb, target / path.name)


def class_of(course):
    """Three students per lesson: complete, blank and partial."""
    submitted = course / "grading" / "submitted"
    for lesson in LESSONS:
        shutil.copytree(ROOT / "solutions" / lesson, submitted / "ana" / lesson)
        shutil.copytree(ROOT / "lessons" / lesson, submitted / "bogdan" / lesson)
        partial(lesson, submitted / "corina" / lesson)
    return course


@pytest.fixture(scope="module")
def courses(tmp_path_factory):
    """The same class graded twice: by `course grade --workers 2`, and by nbgrader's own
    autograde, one submission after another."""
    base = tmp_path_factory.mktemp("grading")
    parallel = class_of(repository_copy(base / "parallel"))
    sequential = class_of(repository_copy(base / "sequential"))
    nbgrader_tools.generate_lessons(sequential, ids=LESSONS)
    config = nbgrader_tools.load_config(sequential)
    for student in ("ana", "bogdan", "corina"):
        for lesson in LESSONS:
            nbgrader_tools.autograde(config, lesson, student)
    results = batch.grade(parallel, workers=2, cell_timeout=30)
    return parallel, sequential, results


def exported(course):
    db_url = nbgrader_tools.load_config(course).CourseDirectory.db_url
    return export.tables(export.read(course, db_url))


def test_a_parallel_run_exports_the_grades_of_a_sequential_run(courses):
    parallel, sequential, results = courses
    assert [r.status for r in results] == ["graded"] * 6
    assert exported(parallel) == exported(sequential)
    by_lesson, by_exercise = exported(parallel)
    rows = {row[0]: row for row in by_lesson[1:]}
    assert by_lesson[0][:3] == ["student", *LESSONS]
    assert rows["bogdan"][1:3] == ["0", "0"]
    full = {r.lesson: r.max_score for r in results if r.student == "ana"}
    assert float(rows["ana"][1]) == full["00-start-here"]
    assert 0 < float(rows["corina"][2]) < float(rows["ana"][2])
    assert by_exercise[0][:3] == [
        "student",
        "00-start-here: Exercise 1: cost per lead (3 points)",
        "00-start-here: Exercise 2: what could go wrong? (2 points)",
    ]
    # the autograded notebooks are where nbgrader's own run puts them
    for student in ("ana", "bogdan", "corina"):
        autograded = parallel / "grading" / "autograded" / student
        assert notebook_of(autograded, "01-two-departments").is_file()


def test_a_rerun_grades_only_changed_work_and_keeps_manual_grades(courses, capsys):
    parallel, _, _ = courses
    from nbgrader.api import Gradebook

    db_url = nbgrader_tools.load_config(parallel).CourseDirectory.db_url
    with Gradebook(db_url) as gradebook:
        grade = gradebook.find_grade(
            "lose_money_reflection", "00-start-here", "00-start-here", "ana"
        )
        grade.manual_score = 1.5
        comment = gradebook.find_comment(
            "lose_money_reflection", "00-start-here", "00-start-here", "ana"
        )
        comment.manual_comment = "Good: names the cost of the campaign."
        gradebook.db.commit()

    # ana edits a markdown cell and submits again; nobody else changes anything
    path = notebook_of(parallel / "grading" / "submitted" / "ana", "00-start-here")
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("A note I added after submitting."))
    nbformat.write(nb, path)

    assert cli.main(["--root", str(parallel), "grade", "--workers", "2"]) == 0
    out = capsys.readouterr().out
    assert "6/6" in out and "1 graded, 0 flagged, 5 unchanged since the last run" in out

    with Gradebook(db_url) as gradebook:
        grade = gradebook.find_grade(
            "lose_money_reflection", "00-start-here", "00-start-here", "ana"
        )
        comment = gradebook.find_comment(
            "lose_money_reflection", "00-start-here", "00-start-here", "ana"
        )
        assert grade.manual_score == 1.5 and not grade.needs_manual_grade
        assert comment.manual_comment == "Good: names the cost of the campaign."
    by_lesson, _ = exported(parallel)
    ana = next(row for row in by_lesson if row[0] == "ana")
    assert float(ana[1]) == 3 + 1.5  # autograded 3, and the manual 1.5 kept


def test_merging_in_either_order_gives_the_same_gradebook(tmp_path):
    """The writer merges workers' results as they finish: the order cannot matter."""
    course = class_of(repository_copy(tmp_path / "course"))
    nbgrader_tools.generate_lessons(course, ids=LESSONS[:1])
    config = nbgrader_tools.load_config(course)
    master = config.CourseDirectory.db_url
    master_path = master.removeprefix("sqlite:///")
    copies = {}  # each student's graded gradebook copy
    for student in ("ana", "corina"):
        db = tmp_path / f"{student}.db"
        shutil.copy(master_path, db)
        outcome = workers.work(
            {
                "root": str(course),
                "db": str(db),
                "scratch": str(tmp_path / student),
                "lesson": LESSONS[0],
                "student": student,
                "cell_timeout": 30,
            }
        )
        assert outcome["ok"], outcome["log"]
        copies[student] = f"sqlite:///{db}"
    shutil.copy(master_path, tmp_path / "pristine.db")
    tables = []
    for order in (("ana", "corina"), ("corina", "ana")):
        shutil.copy(tmp_path / "pristine.db", master_path)
        for student in order:
            submission = submissions.Submission(student, LESSONS[0], course)
            merge.merge(master, copies[student], submission)
        tables.append(exported(course))
    assert tables[0] == tables[1]
    assert len(tables[0][0]) == 3  # header and two students


def test_a_worker_past_its_time_limit_is_replaced_and_serves_the_next_job(tmp_path):
    job = {
        "root": str(tmp_path),
        "db": str(tmp_path / "none.db"),
        "scratch": str(tmp_path / "scratch"),
        "lesson": "00-start-here",
        "student": "nobody",
        "cell_timeout": 5,
    }
    worker = workers.Worker()
    try:
        first = worker.process.pid
        stopped = worker.run(job, time_limit=0.001)
        assert stopped["timeout"] and "stopped after" in stopped["log"]
        assert worker.process.pid != first  # a fresh process
        answered = worker.run(job, time_limit=120)
        assert answered["ok"] is False and answered["log"]  # no course there: reported
    finally:
        worker.close()
    assert worker.process.poll() is not None


def test_lms_gradebooks_are_filled_in_and_keep_everything_else(courses, tmp_path, capsys):
    parallel, _, _ = courses
    canvas = tmp_path / "canvas.csv"
    canvas.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,00-start-here (101),"
        "01-two-departments (102),Quiz 1 (103)\n"
        "    Points Possible,,,,,5,18,10\n"
        '"Ana, A",1,ana,,S1,,,7\n'
        '"Zed, Z",9,zed,,S1,,,3\n',
        encoding="utf-8",
    )
    export_folder = parallel / "grading" / "export"
    shutil.rmtree(export_folder, ignore_errors=True)
    command = ["--root", str(parallel), "export", "--lms", "canvas", "--template", str(canvas)]
    # ana's written answer of lesson 01 is not marked: her total there is provisional
    assert cli.main(command) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "total(s) are provisional" in err
    assert "ana 01-two-departments" in err and "--provisional" in err
    assert not export_folder.exists()  # refused before anything was written
    assert cli.main([*command, "--provisional"]) == 0
    out = capsys.readouterr().out
    assert "00-start-here (101), 01-two-departments (102) filled in" in out
    assert "no student of the class list matches the canvas row zed" in out
    assert "bogdan is on the class list but has no row in the canvas file" in out
    provisional = next(line for line in out.splitlines() if "though provisional" in line)
    assert "ana 01-two-departments" in provisional
    filled = (export_folder / "canvas-filled.csv").read_text().splitlines()
    by_lesson, _ = exported(parallel)
    ana = next(row for row in by_lesson if row[0] == "ana")
    assert ana[4] == "provisional"
    assert filled[1] == "    Points Possible,,,,,5,18,10"  # untouched
    assert filled[2] == f'"Ana, A",1,ana,,S1,{ana[1]},{ana[2]},7'
    assert filled[3] == '"Zed, Z",9,zed,,S1,,,3'

    moodle = tmp_path / "moodle.csv"
    moodle.write_text(
        "First name,Last name,ID number,Institution,Department,Email address,"
        "Assignment: 00-start-here (Real),Last downloaded from this course\n"
        "Bogdan,B,bogdan,,,b@example.org,,1700000000\n",
        encoding="utf-8",
    )
    assert (
        cli.main(["--root", str(parallel), "export", "--lms", "moodle", "--template", str(moodle)])
        == 0
    )
    filled = (export_folder / "moodle-filled.csv").read_text().splitlines()
    assert filled[1] == "Bogdan,B,bogdan,,,b@example.org,0,1700000000"

    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name,score\nAna,3\n", encoding="utf-8")
    assert (
        cli.main(["--root", str(parallel), "export", "--lms", "moodle", "--template", str(wrong)])
        == 2
    )
    assert "wrong.csv is not a moodle gradebook export" in capsys.readouterr().err


def test_a_kernel_port_clash_is_retried_once(tmp_path, monkeypatch):
    """nbgrader gives up when two kernels started at once clash on a port; a worker tries
    that submission once more, and only once."""
    calls = []

    class FakeApi:
        def __init__(self, failures):
            self.failures = failures

        def autograde(self, lesson, student, force, create):
            calls.append(student)
            if len(calls) <= self.failures:
                return {"success": False, "log": "zmq.error.ZMQError: Address already in use"}
            return {"success": True, "log": "graded"}

    monkeypatch.setattr(workers, "_worker_config", lambda *args: None)
    monkeypatch.setattr(merge, "extract", lambda url, submission: {"fake": True})
    job = {
        "root": str(tmp_path),
        "db": str(tmp_path / "g.db"),
        "scratch": str(tmp_path),
        "lesson": "00-start-here",
        "student": "ana",
        "cell_timeout": 5,
    }

    monkeypatch.setattr(nbgrader_tools, "api", lambda config: FakeApi(failures=1))
    done = workers.work(job)
    assert done["ok"] and done["retried"] and done["results"] == {"fake": True}
    assert calls == ["ana", "ana"]

    calls.clear()
    monkeypatch.setattr(nbgrader_tools, "api", lambda config: FakeApi(failures=5))
    done = workers.work(job)
    assert not done["ok"] and "Address already in use" in done["log"]
    assert calls == ["ana", "ana"]  # not a third time
