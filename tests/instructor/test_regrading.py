"""Re-grading that is idempotent and honest: a hand mark belongs to the answer it was given
to, late penalties come from the final score, every student of the class list is exported,
and the feedback and the report say what is not marked yet. Synthetic gradebooks and
notebooks: no kernel runs here (tests/instructor/test_term.py runs a whole term)."""

from __future__ import annotations

import copy
import csv

import nbformat
import pytest
from conftest import ROOT

from incentives.instructor import (
    batch,
    deadlines,
    export,
    feedback,
    late_penalty,
    record,
    report,
    submissions,
)
from incentives.instructor.merge import answer_digests, mark_entry, set_aside
from incentives.instructor.roster import Student

LESSON = "09-trial"
DAY = 86_400


def cell(kind: str, grade_id: str, source: str, points: float | None = None):
    """An nbgrader cell: "answer" (code to write), "test", or "written" (a markdown answer
    marked by hand)."""
    meta = {"grade_id": grade_id, "solution": kind != "test", "grade": kind != "answer"}
    if points is not None:
        meta["points"] = points
    if kind == "written":
        made = nbformat.v4.new_markdown_cell(source)
    else:
        made = nbformat.v4.new_code_cell(source)
    made.metadata["nbgrader"] = meta
    return made


def notebook(first="def f():\n    return 1", reflection="It could lose money.", second="x = 2"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        cell("answer", "f_answer", first),
        cell("test", "f_visible", "assert f() == 1", 1),
        cell(
            "test", "f_hidden", "### BEGIN HIDDEN TESTS\nassert f() == 1\n### END HIDDEN TESTS", 2
        ),
        cell("written", "reflection", reflection, 3),
        cell("answer", "x_answer", second),
        cell("test", "x_visible", "assert x == 2", 1),
    ]
    return nb


def digests(tmp_path, nb) -> dict[str, str]:
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return answer_digests(path)


def test_a_written_answer_is_hashed_alone_and_a_test_with_the_answers_it_tests(tmp_path):
    first = digests(tmp_path, notebook())
    assert set(first) == {
        "f_answer",
        "f_visible",
        "f_hidden",
        "reflection",
        "x_answer",
        "x_visible",
    }
    assert first["f_visible"] == first["f_hidden"] != first["x_visible"]
    reworded = digests(tmp_path, notebook(reflection="It could lose money, as the ads cost."))
    assert [k for k in first if first[k] != reworded[k]] == ["reflection"]
    recoded = digests(tmp_path, notebook(first="def f():\n    return 2"))
    assert [k for k in first if first[k] != recoded[k]] == ["f_answer", "f_visible", "f_hidden"]
    assert digests(tmp_path, notebook()) == first  # the same text, the same hashes
    (tmp_path / "broken.ipynb").write_text("{not json")
    assert answer_digests(tmp_path / "broken.ipynb") == {}


# ---------------------------------------------------------------------------------------------
# A gradebook with one lesson: the writer's merges, and hand marks as the Formgrader enters them
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def course(tmp_path):
    """A course root with a gradebook holding one lesson (the cells of :func:`notebook`)."""
    from incentives.instructor import nbgrader_tools

    (tmp_path / "grading").mkdir()
    db = tmp_path / "grading" / "gradebook.db"
    nbgrader_tools.new_gradebook(db)
    url = f"sqlite:///{db}"
    with nbgrader_tools.gradebook(url) as gradebook:
        gradebook.add_assignment(LESSON)
        gradebook.add_notebook(LESSON, LESSON)
        for name, points, kind in (
            ("f_visible", 1, "code"),
            ("f_hidden", 2, "code"),
            ("reflection", 3, "markdown"),
            ("x_visible", 1, "code"),
        ):
            gradebook.add_grade_cell(name, LESSON, LESSON, max_score=points, cell_type=kind)
        for name in ("f_answer", "reflection", "x_answer"):
            gradebook.add_solution_cell(name, LESSON, LESSON)
        for student in ("ana", "bo"):
            gradebook.add_student(student)
    return tmp_path, url


def results(tmp_path, nb, seconds_late=0.0) -> dict:
    """What a worker sends back for a submission of ``nb`` whose code is right and whose
    written answer waits for a hand mark."""
    scores = {"f_visible": 1.0, "f_hidden": 2.0, "reflection": None, "x_visible": 1.0}
    tops = {"f_visible": 1.0, "f_hidden": 2.0, "reflection": 3.0, "x_visible": 1.0}
    return {
        "timestamp": "2026-10-05T10:00:00",
        "seconds_late": seconds_late,
        "notebooks": [
            {
                "name": LESSON,
                "flagged": False,
                "grades": [
                    {
                        "name": name,
                        "auto_score": score,
                        "needs_manual_grade": score is None,
                        "max_score": tops[name],
                        "test": name != "reflection",
                    }
                    for name, score in scores.items()
                ],
                "comments": [
                    {"name": name, "auto_comment": None}
                    for name in ("f_answer", "reflection", "x_answer")
                ],
                "answers": digests(tmp_path, nb),
            }
        ],
    }


def merge(root, url, nb, student="ana", seconds_late=0.0, state=None):
    """One merge as `course grade` makes it; returns the batch's result."""
    from incentives.instructor import nbgrader_tools

    state = record.read_state(root) if state is None else state
    submission = submissions.Submission(student, LESSON, root)
    result = batch.Result(student, LESSON, "graded")
    pending = {"results": results(root, nb, seconds_late), "flags": []}
    with nbgrader_tools.gradebook(url) as master:
        batch.finish(root, master, state, submission, "d", result, pending, deadlines.Deadlines())
    return result


def mark(url, grade_id, score=None, comment=None, extra=None, student="ana"):
    """A hand mark as the Formgrader writes it."""
    from incentives.instructor import nbgrader_tools

    with nbgrader_tools.gradebook(url) as gradebook:
        if score is not None or extra is not None:
            grade = gradebook.find_grade(grade_id, LESSON, LESSON, student)
            grade.manual_score, grade.extra_credit = score, extra
            grade.needs_manual_grade = grade.manual_score is None and grade.auto_score is None
        if comment is not None:
            gradebook.find_comment(grade_id, LESSON, LESSON, student).manual_comment = comment
        gradebook.db.commit()


def cells(url, student="ana") -> dict[str, tuple]:
    """Every graded cell and comment of a submission, as the gradebook holds them."""
    from incentives.instructor import nbgrader_tools

    with nbgrader_tools.gradebook(url) as gradebook:
        (submitted,) = gradebook.find_submission(LESSON, student).notebooks
        found = {
            g.name: (g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade)
            for g in submitted.grades
        }
        found.update({f"comment {c.name}": c.manual_comment for c in submitted.comments})
        found["late penalty"] = submitted.late_submission_penalty
    return found


def test_a_hand_mark_stays_while_its_answer_does_and_is_set_aside_when_it_changes(course):
    root, url = course
    merge(root, url, notebook())
    assert cells(url)["reflection"] == (None, None, None, True)  # waits for a hand mark
    mark(url, "reflection", score=2.0, extra=1.0, comment="Names the cost of the ads.")
    mark(url, "f_answer", comment="Tidy.")
    mark(url, "x_visible", score=0.5)  # a test's points overridden by hand
    marked = cells(url)

    again = merge(root, url, notebook())  # grade --force: the same answers
    assert cells(url) == marked and again.status == "graded", again.flags

    changed = merge(root, url, notebook(reflection="Nothing could go wrong."))
    now = cells(url)
    assert now["reflection"] == (None, None, None, True)  # needs a hand mark again
    assert now["comment reflection"] is None  # the old comment is not shown as current
    assert now["comment f_answer"] == "Tidy." and now["x_visible"][1] == 0.5  # kept
    assert changed.status == "flagged"
    assert changed.flags == [
        "cell reflection: the answer changed since it was marked (2/3, extra credit 1: "
        "'Names the cost of the ads.'); that mark is kept in grading/graded.json's history, "
        "mark the new answer"
    ]
    entry = record.read_state(root)["ana/09-trial"]
    assert entry["history"] == [
        {
            "cell": "09-trial/reflection",
            "score": 2.0,
            "extra_credit": 1.0,
            "comment": "Names the cost of the ads.",
            "max_score": 3.0,
        }
    ]

    merge(root, url, notebook(reflection="Nothing could go wrong."))  # and again: no change
    assert cells(url) == now and len(record.read_state(root)["ana/09-trial"]["history"]) == 1
    mark(url, "reflection", score=1.0, comment="Something could.")  # the new answer's mark
    remarked = cells(url)
    merge(root, url, notebook(reflection="Nothing could go wrong."))
    assert cells(url) == remarked

    recoded = merge(
        root, url, notebook(first="def f():\n    return 2", reflection="Nothing could go wrong.")
    )
    after = cells(url)
    assert after["reflection"][1] == 1.0 and after["x_visible"][1] == 0.5  # not theirs
    assert after["comment f_answer"] is None  # the comment was on the code as it was
    assert recoded.flags == [
        "cell f_answer: the answer changed since it was marked (a comment: 'Tidy.'); that "
        "mark is kept in grading/graded.json's history, mark the new answer"
    ]


def test_a_mark_given_before_the_new_version_was_graded_belongs_to_the_old_one(course):
    """The Formgrader shows the version last graded: a mark entered after a resubmission
    was collected, but before it was graded, is the old version's."""
    root, url = course
    merge(root, url, notebook())
    mark(url, "reflection", score=3.0, comment="Complete.")
    changed = merge(root, url, notebook(reflection="A shorter answer."))
    assert cells(url)["reflection"] == (None, None, None, True)
    assert "cell reflection: the answer changed" in changed.flags[0]


def test_a_merge_finished_after_a_crash_sets_aside_the_same_marks(course):
    """The marks to set aside are recorded with the pending results, before the gradebook
    transaction: a merge done again after a crash clears nothing more and loses no mark."""
    root, url = course
    merge(root, url, notebook())
    mark(url, "reflection", score=2.0, comment="Good.")
    state = record.read_state(root)
    merge(root, url, notebook(reflection="Changed."), state=copy.deepcopy(state))
    done = cells(url), record.read_state(root)["ana/09-trial"]["history"]
    # the same merge, as the next run finishes it from the pending record
    from incentives.instructor import nbgrader_tools

    pending = {"results": results(root, notebook(reflection="Changed.")), "flags": []}
    with nbgrader_tools.gradebook(url) as master:
        pending["aside"] = set_aside(
            {"09-trial/reflection": mark_entry(2.0, None, "Good.", 3.0)},
            pending["results"],
            state["ana/09-trial"]["answers"],
        )
        submission = submissions.Submission("ana", LESSON, root)
        result = batch.Result("ana", LESSON, "graded")
        batch.finish(root, master, state, submission, "d", result, pending, deadlines.Deadlines())
    assert (cells(url), record.read_state(root)["ana/09-trial"]["history"]) == done


def test_no_late_penalty_is_frozen_in_the_gradebook(course):
    root, url = course
    result = merge(root, url, notebook(), seconds_late=DAY + 60)
    assert cells(url)["late penalty"] is None
    assert result.flags == ["late by 1 day 0 h (policy flag: no penalty)"]


# ---------------------------------------------------------------------------------------------
# Penalties, exports and the LMS fill
# ---------------------------------------------------------------------------------------------


def test_a_penalty_is_the_policys_share_of_the_final_score():
    policy = deadlines.Deadlines(policy="per-day", penalty_per_day=0.1)
    late = {("ana", LESSON): DAY + 1, ("bo", LESSON): 0.0}
    assert late_penalty.penalties({("ana", LESSON): 4.0}, late, policy) == {
        ("ana", LESSON): pytest.approx(0.8)
    }
    # the written answer marked since: the penalty follows the final score
    assert late_penalty.penalties({("ana", LESSON): 7.0}, late, policy) == {
        ("ana", LESSON): pytest.approx(1.4)
    }
    assert late_penalty.describe(policy, DAY + 1) == "policy per-day: -20% of the final score"
    zero = deadlines.Deadlines(policy="zero")
    assert late_penalty.describe(zero, 60) == "policy zero: -100% of the final score"
    assert late_penalty.penalties({("ana", LESSON): 7.0}, late, deadlines.Deadlines()) == {}


def rows(student, reflection, unmarked=False, tests=(2.0, 1.0)):
    """A submission of the lesson as export.cell_grades reads it."""
    exercise = {"f": "Exercise 1: f (3 points)", "r": "Exercise 2: why (3 points)"}
    hidden, visible = tests
    return [
        export.CellGrade(student, LESSON, LESSON, "f_hidden", exercise["f"], hidden, 2.0, False),
        export.CellGrade(student, LESSON, LESSON, "f_visible", exercise["f"], visible, 1.0, False),
        export.CellGrade(
            student, LESSON, LESSON, "reflection", exercise["r"], reflection, 3.0, unmarked
        ),
    ]


def test_every_student_is_exported_and_unmarked_totals_are_provisional():
    history = {
        ("bo", LESSON, "09-trial/reflection"): [{"score": 2.0, "max_score": 3.0, "comment": "Ok"}]
    }
    grades = export.Grades(
        rows=rows("ana", 3.0) + rows("bo", 0.0, unmarked=True),
        students=["ana", "bo", "cy"],
        penalties={("ana", LESSON): 1.5},
        history=history,
    )
    by_lesson, by_exercise = export.tables(grades)
    assert by_lesson == [
        ["student", LESSON, "total", "status", "needs_grading", "late_penalties"],
        ["ana", "4.5", "4.5", "final", "", "09-trial -1.5"],
        [
            "bo",
            "3",
            "3",
            "provisional",
            "09-trial/reflection (answer changed after its mark 2/3: 'Ok')",
            "",
        ],
        ["cy", "no submission", "0", "final", "", ""],
    ]
    assert by_exercise == [
        [
            "student",
            "09-trial: Exercise 1: f (3 points)",
            "09-trial: Exercise 2: why (3 points)",
            "status",
        ],
        ["ana", "3", "3", "final"],
        ["bo", "3", "not marked yet", "provisional"],
        ["cy", "no submission", "no submission", "final"],
    ]


def test_exercise_columns_name_each_exercise_with_its_points():
    labels = export.exercise_of_cells(ROOT, "00-start-here")
    assert labels == {
        "cost_per_lead_visible": "Exercise 1: cost per lead (3 points)",
        "cost_per_lead_hidden": "Exercise 1: cost per lead (3 points)",
        "lose_money_reflection": "Exercise 2: what could go wrong? (2 points)",
    }


CANVAS = (
    "Student,ID,SIS User ID,SIS Login ID,Section,09-trial (101)\n"
    "    Points Possible,,,,,6\n"
    '"Ana, A",11,ana,,S1,\n'
    '"Bo, B",12,bo,,S1,\n'
    '"Cy, C",13,cy,,S1,\n'
)


def test_the_lms_fill_refuses_provisional_totals_unless_told(tmp_path):
    template = tmp_path / "canvas.csv"
    template.write_text(CANVAS, encoding="utf-8")
    students = [Student(s, s.title(), "X", "") for s in ("ana", "bo", "cy", "dan")]
    scores = {("ana", LESSON): 4.5, ("bo", LESSON): 3.0}
    with pytest.raises(export.LmsError) as refused:
        export.fill_lms("canvas", template, scores, students, provisional={("bo", LESSON)})
    assert str(refused.value) == (
        "1 total(s) are provisional, with written answers not marked yet (bo 09-trial): mark "
        "them in the Formgrader, or fill them in anyway with --provisional; nothing written"
    )
    filled = export.fill_lms(
        "canvas", template, scores, students, provisional={("bo", LESSON)}, allow_provisional=True
    )
    assert [row[-1] for row in filled.rows[2:]] == ["4.5", "3", ""]
    assert filled.provisional == [("bo", LESSON)]
    assert filled.no_submission == [("cy", LESSON)]
    assert filled.missing == ["dan"]
    assert export.fill_lms("canvas", template, scores, students).rows == filled.rows


def test_the_export_cli_writes_nothing_when_the_lms_fill_is_refused(tmp_path, monkeypatch, capsys):
    from incentives.course import cli

    grades = export.Grades(rows("ana", 0.0, unmarked=True), students=["ana"])
    monkeypatch.setattr(export, "read", lambda root, db_url: grades)
    (tmp_path / "grading").mkdir()
    (tmp_path / "grading" / "nbgrader_config.py").write_text(
        (ROOT / "grading" / "nbgrader_config.py").read_text()
    )
    template = tmp_path / "canvas.csv"
    template.write_text(CANVAS, encoding="utf-8")
    from incentives.instructor import nbgrader_tools

    nbgrader_tools.new_gradebook(tmp_path / "grading" / "gradebook.db")
    with nbgrader_tools.gradebook(f"sqlite:///{tmp_path / 'grading' / 'gradebook.db'}") as book:
        book.add_student("ana")
    command = ["--root", str(tmp_path), "export", "--lms", "canvas", "--template", str(template)]
    assert cli.main(command) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "provisional" in err
    assert not (tmp_path / "grading" / "export").exists()
    assert cli.main([*command, "--provisional"]) == 0
    out = capsys.readouterr().out
    assert "provisional (written answers not marked yet): ana 09-trial" in out
    with (tmp_path / "grading" / "export" / "grades-by-lesson.csv").open() as handle:
        assert list(csv.reader(handle))[1][:4] == ["ana", "3", "3", "provisional"]


# ---------------------------------------------------------------------------------------------
# Feedback and the report
# ---------------------------------------------------------------------------------------------


def test_feedback_names_each_test_after_its_exercise_and_says_not_marked_yet():
    exercises = {
        "f_visible": "Exercise 1: f (3 points)",
        "f_hidden": "Exercise 1: f (3 points)",
        "f_answer": "Exercise 1: f (3 points)",
        "reflection": "Exercise 2: why (3 points)",
    }
    shown = feedback.shown(notebook(), exercises, unmarked={"reflection"})
    labels = {
        c.metadata["nbgrader"]["grade_id"]: c.metadata["course"]
        for c in shown.cells
        if "course" in c.metadata
    }
    assert labels == {
        "f_answer": {"label": "Exercise 1: f (3 points), your answer", "unmarked": False},
        "f_visible": {"label": "Exercise 1: f (3 points), visible test", "unmarked": False},
        "f_hidden": {"label": "Exercise 1: f (3 points), hidden tests", "unmarked": False},
        "reflection": {"label": "Exercise 2: why (3 points), your answer", "unmarked": True},
        "x_answer": {"label": "x_answer, your answer", "unmarked": False},
        "x_visible": {"label": "x_visible, visible test", "unmarked": False},
    }
    hidden = next(c for c in shown.cells if c.metadata["nbgrader"]["grade_id"] == "f_hidden")
    assert hidden.source == feedback.PLACEHOLDER


def test_the_feedback_template_loads_nothing_and_shows_no_mathjax():
    page = (feedback.TEMPLATES / "feedback" / "index.html.j2").read_text(encoding="utf-8")
    assert "mathjax(" not in page.lower() and "<script" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_the_report_counts_students_and_ranks_no_exercise_waiting_for_marks():
    failing = {
        (LESSON, "Exercise 1: f (3 points)"): {
            "AssertionError: f(2) should be 4": {"ana"},  # from both test cells: one student
            "NameError: name 'f' is not defined": {"bo", "cy"},
        }
    }
    graded = (
        rows("ana", 0.0, tests=(0.0, 0.0))
        + rows("bo", 0.0, unmarked=True, tests=(0.0, 0.0))
        + rows("cy", 0.0, unmarked=True)
    )
    exercises = report._exercises(graded, failing)
    shown = [
        (e["exercise"], e["share"], e["missed_by"], e["students"], e["unmarked"]) for e in exercises
    ]
    assert shown == [
        ("Exercise 1: f (3 points)", pytest.approx(1 / 3), 2, 3, 0),
        ("Exercise 2: why (3 points)", 0.0, 1, 1, 2),  # two answers not marked: not ranked
    ]
    assert exercises[0]["messages"] == [
        ("NameError: name 'f' is not defined", 2),
        ("AssertionError: f(2) should be 4", 1),
    ]
