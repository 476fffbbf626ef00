"""A class that mixes the editions: students hand in lesson 00 in English
(``00-start-here``) or in Romanian (``00-start-here-ro``), and `course grade`, `course
feedback`, `course export` and `course report` work on the whole class: each feedback page in
its submission's edition, the export with both assignments and one column per lesson across
them, the report with the lesson's exercises side by side, edition by edition."""

from __future__ import annotations

import contextlib
import csv
import io
import shutil

import nbformat
import pytest
from conftest import ROOT

from incentives.course import cli
from incentives.i18n import translation
from incentives.instructor import nbgrader_tools, report, translated_lessons

pytestmark = pytest.mark.slow

LESSON = "00-start-here"
ROMANIAN = translated_lessons.assignment_id(LESSON, "ro")
# Divides the leads by the budget: fails the visible and the hidden tests.
UPSIDE_DOWN = """def cost_per_lead(budget_eur, leads):
    if leads <= 0:
        raise ValueError("no leads")
    return leads / budget_eur
"""
EXERCISE_1 = "Exercise 1: cost per lead (3 points)"
# The Romanian labels: the library's words, the exercises' titles from the lesson's catalog.
ROMANIAN_EXERCISE_1 = "Exercițiul 1: costul per lead (3 puncte)"
ROMANIAN_EXERCISE_2 = "Exercițiul 2: ce ar putea merge prost? (2 puncte)"


def course_command(course, *args) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["--root", str(course), *args])
    return code, out.getvalue()


def with_answer(path, target, source: str) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "cost_per_lead_answer":
            cell.source = source
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Lesson 00 handed in by five students, graded with `course grade`, which records the
    Romanian lesson in the gradebook itself: ana (English, solved), bogdan (Romanian,
    solved), carmen (Romanian, blank), dan and elena (the same wrong answer, in English and
    in Romanian); then `course feedback`, `course export` and `course report`."""
    course = tmp_path_factory.mktemp("mixed")
    shutil.copytree(ROOT / "solutions" / LESSON, course / "solutions" / LESSON)
    (course / "grading").mkdir()
    shutil.copy(ROOT / "grading" / "nbgrader_config.py", course / "grading")
    shutil.copytree(ROOT / "translations", course / "translations")
    nbgrader_tools.generate_lessons(ROOT, course_root=course, ids=[LESSON])
    # The Romanian lesson as a student gets it, built apart from the course's gradebook.
    built = tmp_path_factory.mktemp("released")
    translated_lessons.build(course, [LESSON], out=built)
    english = course / "lessons" / LESSON / f"{LESSON}.ipynb"
    romanian = built / "lessons" / ROMANIAN / f"{ROMANIAN}.ipynb"
    romanian_solution = built / "solutions" / ROMANIAN / f"{ROMANIAN}.ipynb"
    submitted = course / "grading" / "submitted"
    for student, lesson, path in (
        ("ana", LESSON, course / "solutions" / LESSON / f"{LESSON}.ipynb"),
        ("bogdan", ROMANIAN, romanian_solution),
        ("carmen", ROMANIAN, romanian),
    ):
        (submitted / student / lesson).mkdir(parents=True)
        shutil.copy(path, submitted / student / lesson / path.name)
    with_answer(english, submitted / "dan" / LESSON / english.name, UPSIDE_DOWN)
    with_answer(romanian, submitted / "elena" / ROMANIAN / romanian.name, UPSIDE_DOWN)
    outputs = {}
    for command in (("grade", "--workers", "2"), ("feedback",), ("export",), ("report",)):
        code, outputs[command[0]] = course_command(course, *command)
        assert code == 0, outputs[command[0]]
    return course, outputs


def csv_rows(course, name: str) -> list[list[str]]:
    with (course / "grading" / "export" / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def feedback_page(course, student: str, lesson: str) -> str:
    path = course / "grading" / "feedback" / student / lesson / f"{lesson}.html"
    return path.read_text(encoding="utf-8")


def test_course_grade_grades_both_editions_and_the_same_answers_score_the_same(course):
    course, outputs = course
    assert "5 submissions: 5 graded, 0 flagged" in outputs["grade"], outputs["grade"]
    assert "| bogdan | 00-start-here-ro | graded | 3 / 3 |" in outputs["grade"]
    config = nbgrader_tools.load_config(course)

    def autograded(lesson, student):
        return {
            c.grade_id: (c.score, c.max_score)
            for c in nbgrader_tools.cell_scores(config, lesson, student)
            if c.kind == "autograded"
        }

    assert autograded(LESSON, "ana") == autograded(ROMANIAN, "bogdan")
    assert autograded(ROMANIAN, "bogdan") == {
        "cost_per_lead_visible": (1.0, 1.0),
        "cost_per_lead_hidden": (2.0, 2.0),
    }
    assert autograded(LESSON, "dan") == autograded(ROMANIAN, "elena")
    assert set(autograded(ROMANIAN, "elena").values()) == {(0.0, 1.0), (0.0, 2.0)}
    assert {score for score, _ in autograded(ROMANIAN, "carmen").values()} == {0.0}


def test_each_feedback_page_speaks_its_submissions_edition(course):
    course, _ = course
    english = feedback_page(course, "ana", LESSON)
    romanian = feedback_page(course, "bogdan", ROMANIAN)
    failed = feedback_page(course, "elena", ROMANIAN)
    assert '<html lang="en">' in english and '<html lang="ro">' in romanian

    # The page's own words, through the library's catalog (and its English where there is
    # no translation: each word has one).
    def ro(text: str) -> str:
        assert translation(text, "ro") != text, f"{text!r} has no Romanian translation"
        return translation(text, "ro")

    title = f"<title>{ROMANIAN}: {ro('feedback')}</title>"
    assert title in romanian and f"<title>{LESSON}: feedback</title>" in english
    heading = f"{ro('Score: {points} / {top}').format(points=3, top=5)}{ro(', provisional')}"
    assert (
        f"{ROMANIAN} ({heading})" in romanian and f"{LESSON} (Score: 3 / 5, provisional)" in english
    )
    visible = ro("{name}, visible test").format(name=ROMANIAN_EXERCISE_1)
    assert f"{visible}</a> ({ro('Score')}: 1,0 / 1,0)" in romanian
    assert f"{EXERCISE_1}, visible test</a> (Score: 1.0 / 1.0)" in english
    assert (
        f"{ro('{name}, your answer').format(name=ROMANIAN_EXERCISE_2)}</a> ({ro('not marked yet')})"
        in romanian
    )
    assert f"({ro('Top')})" in romanian and "(Top)" in english
    assert ro("Hidden tests: passed") in romanian and "Hidden tests: passed" in english
    assert ro("Hidden tests: failed: {error}").format(error="AssertionError: ") in failed
    for english_word in ("Hidden tests", "Score:", "your answer", "not marked yet", "(Top)"):
        assert english_word not in romanian + failed, english_word
    # The visible test's message, from the Romanian kernel.
    assert "trebuie să fie 6" in failed


def test_the_export_has_both_editions_and_one_column_per_lesson_across_them(course):
    course, outputs = course
    by_lesson = csv_rows(course, "grades-by-lesson.csv")
    assert by_lesson[0][:3] == ["student", LESSON, ROMANIAN]
    rows = {row[0]: row for row in by_lesson[1:]}
    assert rows["ana"][1:3] == ["3", "no submission"]
    assert rows["bogdan"][1:3] == ["no submission", "3"]
    by_exercise = csv_rows(course, "grades-by-exercise.csv")
    assert f"{LESSON}: {EXERCISE_1}" in by_exercise[0]
    assert f"{ROMANIAN}: {EXERCISE_1}" in by_exercise[0]
    across = csv_rows(course, "grades-across-editions.csv")
    assert across[0] == ["student", LESSON, "editions"]
    assert across[1:] == [
        ["ana", "3", f"{LESSON}: en"],
        ["bogdan", "3", f"{LESSON}: ro"],
        ["carmen", "0", f"{LESSON}: ro"],
        ["dan", "0", f"{LESSON}: en"],
        ["elena", "0", f"{LESSON}: ro"],
    ]
    assert "grades-across-editions.csv" in outputs["export"]


def test_the_report_puts_the_lessons_editions_side_by_side(course):
    course, _ = course
    summary = report.summarise(course)
    (exercise_1,) = [row for row in summary["editions"] if row["exercise"] == EXERCISE_1]
    assert exercise_1["lesson"] == LESSON
    assert exercise_1["editions"] == {
        "en": {"share": pytest.approx(3 / 6), "students": 2},
        "ro": {"share": pytest.approx(3 / 9), "students": 3},
    }
    page = (course / "grading" / "report" / "index.html").read_text(encoding="utf-8")
    assert "One lesson in two editions" in page
    assert f"{LESSON}: {EXERCISE_1}</td><td>50% (2)</td><td>33% (3)</td>" in page
    assert f"{ROMANIAN}" in page  # the table of students has both assignments


def test_a_romanian_instructor_reads_the_report_in_romanian(course, monkeypatch):
    """The report's own words follow the instructor's edition; the students' ids, the
    lessons and the table's cells are shown as they are."""
    course, _ = course
    monkeypatch.setenv("INCENTIVES_EDITION", "ro")
    summary = report.summarise(course)
    specs = report.charts(summary)
    page = report.page(summary, specs, "")
    assert '<html lang="ro">' in page
    for words in (
        "Class report",
        "Submissions that need a human look",
        "One lesson in two editions, exercise by exercise",
    ):
        assert translation(words, "ro") != words and translation(words, "ro") in page, words
        assert words not in page, words
    assert "5 studenți pe lista clasei" in page and "bogdan" in page and ROMANIAN in page
    title = "How the class scored, lesson by lesson"
    assert specs["scores-by-lesson"]["title"] == translation(title, "ro") != title
    assert f"{LESSON}: {ROMANIAN_EXERCISE_1}</td><td>50% (2)</td><td>33% (3)</td>" in page
