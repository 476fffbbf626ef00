"""Lesson 00 in Romanian, built from the English solution and its catalog, runs top to
bottom, and nbgrader gives the same points to the same answers in both editions: the
solution full marks, the untouched lesson none, a misconceived answer the same partial
score (the hidden tests are the same code, their messages aside). Every other translated
lesson's solution, blank, rigged and blank-equivalent submissions are graded in both editions
by tests/instructor/test_grading.py."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from conftest import ROOT, execute

from incentives.instructor import batch, nbgrader_tools, translated_lessons

pytestmark = pytest.mark.slow

LESSON = "00-start-here"
ROMANIAN = translated_lessons.assignment_id(LESSON, "ro")
# Divides the leads by the budget: the visible test says so, in the lesson's language.
UPSIDE_DOWN = """def cost_per_lead(budget_eur, leads):
    if leads <= 0:
        raise ValueError("no leads")
    return leads / budget_eur
"""
# Rounds the cost to whole euros: passes the visible test (EUR 6 a lead), not the hidden ones.
MISCONCEIVED = """def cost_per_lead(budget_eur, leads):
    if leads <= 0:
        raise ValueError("no leads")
    return round(budget_eur / leads)
"""


STUDENTS = ("solution", "blank", "misconceived", "upside-down")


def with_answer(notebook_path, target, source: str) -> None:
    """A copy of a student's lesson with its answer cell holding ``source``."""
    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:
        if cell.id == "cost-per-lead-answer":
            cell.source = source
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course with lesson 00 in both editions, both recorded in its one gradebook."""
    course = tmp_path_factory.mktemp("bilingual")
    shutil.copytree(ROOT / "solutions" / LESSON, course / "solutions" / LESSON)
    (course / "grading").mkdir()
    shutil.copy(ROOT / "grading" / "nbgrader_config.py", course / "grading")
    shutil.copytree(ROOT / "translations", course / "translations")
    nbgrader_tools.generate_lessons(ROOT, course_root=course, ids=[LESSON])
    built = translated_lessons.build(course, [LESSON], record=True)
    assert built == [ROMANIAN]
    return course


@pytest.fixture(scope="module")
def scores(course):
    """Each submission autograded by the course's grader, cell scores by grade id."""
    built = course / "build" / "ro"
    submitted = course / "grading" / "submitted"
    sources = {
        (LESSON, "solution"): course / "solutions" / LESSON / f"{LESSON}.ipynb",
        (LESSON, "blank"): course / "lessons" / LESSON / f"{LESSON}.ipynb",
        (ROMANIAN, "solution"): built / "solutions" / ROMANIAN / f"{ROMANIAN}.ipynb",
        (ROMANIAN, "blank"): built / "lessons" / ROMANIAN / f"{ROMANIAN}.ipynb",
    }
    for (lesson, student), path in sources.items():
        shutil.copy(
            path, (submitted / student / lesson).mkdir(parents=True) or submitted / student / lesson
        )
    for lesson, blank in (
        (LESSON, sources[LESSON, "blank"]),
        (ROMANIAN, sources[ROMANIAN, "blank"]),
    ):
        with_answer(blank, submitted / "misconceived" / lesson / blank.name, MISCONCEIVED)
        with_answer(blank, submitted / "upside-down" / lesson / blank.name, UPSIDE_DOWN)
    results = batch.grade(course)
    assert [r for r in results if not r.graded] == []
    config = nbgrader_tools.load_config(course)
    graded = [(lesson, student) for lesson in (LESSON, ROMANIAN) for student in STUDENTS]
    return {
        (lesson, student): {
            c.grade_id: (c.score, c.max_score)
            for c in nbgrader_tools.cell_scores(config, lesson, student)
        }
        for lesson, student in graded
    }


def test_the_romanian_lesson_runs_top_to_bottom(course, monkeypatch):
    monkeypatch.setenv("INCENTIVES_EDITION", "ro")
    path = course / "build" / "ro" / "solutions" / ROMANIAN / f"{ROMANIAN}.ipynb"
    notebook = execute(path, allow_errors=False)
    (margin,) = [c for c in notebook.cells if c.id == "gross-margin-example"]
    assert margin.outputs[0]["data"]["text/plain"] == "1120.0"
    assert "Începe aici" in notebook.cells[0].source


def test_the_romanian_student_lesson_has_romanian_stubs_and_no_hidden_tests(course):
    path = course / "build" / "ro" / "lessons" / ROMANIAN / f"{ROMANIAN}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    cells = {c.id: c for c in notebook.cells}
    stub = "    # SCRIE CODUL TĂU AICI\n    raise NotImplementedError()"
    assert cells["cost-per-lead-answer"].source.endswith(stub)
    assert cells["reflection-answer"].source == "SCRIE RĂSPUNSUL TĂU AICI"
    hidden = cells["cost-per-lead-hidden-test"].source
    assert hidden.startswith('"""Teste ascunse') and "_math" not in hidden


@pytest.mark.parametrize("student", STUDENTS)
def test_the_same_answers_earn_the_same_points_in_both_editions(scores, student):
    english, romanian = scores[LESSON, student], scores[ROMANIAN, student]
    assert romanian == english
    autograded = {k: v for k, v in english.items() if k != "lose_money_reflection"}
    expected = {
        "solution": {"cost_per_lead_visible": (1.0, 1.0), "cost_per_lead_hidden": (2.0, 2.0)},
        "blank": {"cost_per_lead_visible": (0.0, 1.0), "cost_per_lead_hidden": (0.0, 2.0)},
        "misconceived": {"cost_per_lead_visible": (1.0, 1.0), "cost_per_lead_hidden": (0.0, 2.0)},
        "upside-down": {"cost_per_lead_visible": (0.0, 1.0), "cost_per_lead_hidden": (0.0, 2.0)},
    }[student]
    assert autograded == expected


def test_each_edition_grades_in_its_own_language(course, scores):
    """The grader runs a Romanian lesson's kernel in the Romanian edition: the visible test's
    message, from the library, is Romanian there and English in the English lesson."""

    def visible_error(lesson: str) -> str:
        folder = course / "grading" / "autograded" / "upside-down" / lesson
        (notebook,) = [nbformat.read(p, as_version=4) for p in folder.glob("*.ipynb")]
        (cell,) = [c for c in notebook.cells if c.id == "cost-per-lead-visible-test"]
        return cell.outputs[0]["evalue"]

    assert visible_error(LESSON).startswith("cost_per_lead(1_800, 300) should be 6; got 0.166667")
    assert visible_error(ROMANIAN) == (
        "cost_per_lead(1_800, 300) trebuie să fie 6; s-a obținut 0.166667. "
        "Împarte bugetul la numărul de leaduri."
    )
    assert translated_lessons.edition_of(ROMANIAN) == "ro"
    assert translated_lessons.edition_of(LESSON) == "en"
