"""The pieces that let one class mix the editions, without a kernel: a submission carried
from one edition into the other, a Romanian lesson's id on a grading command's line, the
export's column per lesson across editions and the exercises' labels in either language."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from conftest import ROOT

from incentives.course import cli
from incentives.instructor import commands, export, translated_lessons
from incentives.instructor.export import CellGrade, Grades


def lesson(*answers: tuple[str, str]) -> nbformat.NotebookNode:
    """A notebook of one prose cell and an answer cell per ``(grade_id, source)``."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_markdown_cell("Prose"))
    for grade_id, source in answers:
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["nbgrader"] = {"grade_id": grade_id, "solution": True, "grade": False}
        notebook.cells.append(cell)
    return notebook


ENGLISH = lesson(("a", "# YOUR CODE HERE"), ("b", "# YOUR CODE HERE"))
ROMANIAN = lesson(("a", "# SCRIE CODUL TĂU AICI"), ("b", "# SCRIE CODUL TĂU AICI"))
ROMANIAN.cells[0].source = "Proză"


def test_a_carried_submission_keeps_its_answers_and_the_romanian_stubs_elsewhere():
    submission = lesson(("a", "x = 1"), ("b", "# YOUR CODE HERE"))
    carried = translated_lessons.carry(submission, ENGLISH, ROMANIAN)
    assert [c.source for c in carried.cells] == ["Proză", "x = 1", "# SCRIE CODUL TĂU AICI"]
    assert ROMANIAN.cells[1].source == "# SCRIE CODUL TĂU AICI"  # the lesson is not changed


def test_an_answer_with_no_cell_in_the_other_edition_is_refused_by_name():
    with pytest.raises(ValueError, match="no answer cell c in the translated lesson"):
        translated_lessons.carry(lesson(("c", "x = 1")), ENGLISH, ROMANIAN)


def test_an_assignment_names_its_english_lesson():
    assert translated_lessons.english_lesson("00-start-here-ro") == "00-start-here"
    assert translated_lessons.english_lesson("00-start-here") == "00-start-here"


def test_grading_commands_take_a_romanian_lessons_id_short_or_whole():
    given = ["00-ro", "00-start-here-ro", "01"]
    assert commands.graded_lesson_ids(ROOT, given) == [
        "00-start-here-ro",
        "00-start-here-ro",
        "01-two-departments",
    ]
    with pytest.raises(FileNotFoundError, match="no single lesson '99'"):
        commands.graded_lesson_ids(ROOT, ["99-ro"])


def grade(student: str, lesson: str, score: float) -> CellGrade:
    return CellGrade(student, lesson, lesson, "g", "Exercise 1", score, 3.0, False)


def test_the_export_gives_each_lesson_one_column_across_its_editions():
    grades = Grades(
        [
            grade("ana", "00-start-here", 3),
            grade("bo", "00-start-here-ro", 2),
            grade("cy", "00-start-here", 1),
            grade("cy", "00-start-here-ro", 2.5),
        ],
        students=["ana", "bo", "cy", "dee"],
    )
    assert export.across_editions(grades) == [
        ["student", "00-start-here", "editions"],
        ["ana", "3", "00-start-here: en"],
        ["bo", "2", "00-start-here: ro"],
        ["cy", "2.5", "00-start-here: en 1, ro 2.5"],
        ["dee", "no submission", ""],
    ]
    english_only = Grades([grade("ana", "00-start-here", 3)])
    assert export.across_editions(english_only) is None


def test_an_exercise_label_takes_the_editions_words_and_plural():
    with translated_lessons.in_edition("ro"):
        labels = [export.exercise_label(1, "costul per lead", n) for n in (1, 3, 20)]
    assert labels == [
        "Exercițiul 1: costul per lead (1 punct)",
        "Exercițiul 1: costul per lead (3 puncte)",
        "Exercițiul 1: costul per lead (20 de puncte)",
    ]
    assert export.exercise_label(2, "", 1) == "Exercise 2 (1 point)"


def test_both_editions_of_a_lesson_share_its_exercise_labels():
    english = export.exercise_of_cells(ROOT, "00-start-here", "en")
    assert export.exercise_of_cells(ROOT, "00-start-here-ro", "en") == english
    romanian = export.exercise_of_cells(ROOT, "00-start-here-ro", "ro")
    assert english["cost_per_lead_hidden"] == "Exercise 1: cost per lead (3 points)"
    assert romanian["cost_per_lead_hidden"] == "Exercițiul 1: costul per lead (3 puncte)"
    assert romanian.keys() == english.keys()


@pytest.mark.slow  # starts the grader's worker processes
def test_grading_a_lesson_with_no_romanian_catalog_stops_with_a_clear_message(tmp_path, capsys):
    """`course grade` builds a Romanian lesson it has not recorded yet; a lesson whose
    catalog is missing stops it before anything is graded, in one line naming the lesson."""
    for name in ("solutions/01-two-departments", "grading/nbgrader_config.py"):
        source, target = ROOT / name, tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
    submitted = tmp_path / "grading" / "submitted" / "ana" / "01-two-departments-ro"
    submitted.mkdir(parents=True)
    (submitted / "01-two-departments-ro.ipynb").write_text("{}")

    code = cli.main(["--root", str(tmp_path), "grade", "01-ro", "--no-sandbox"])

    assert code == 2
    error = capsys.readouterr().err
    assert error.startswith("course: 01-two-departments cannot be built in 'ro'")
    assert not (tmp_path / "grading" / "autograded").exists()
