"""The grading standard of docs/writing-lessons.md, "Writing an exercise", read off the
lessons: visible tests carry at most a third of an exercise's points, data exercises grade
a function on tables built in the test, and each lesson states the time it really takes."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest
from conftest import ALL_LESSON_IDS, LESSON_IDS, ROOT
from lesson_time import (
    MOST_MINUTES,
    estimate_minutes,
    parts,
    stated_minutes,
)

EXERCISE = re.compile(r"^## Exercise (\d+) \((\d+) points?\)", re.M)


def solution(lesson: str):
    (path,) = (ROOT / "solutions" / lesson).glob("*.ipynb")
    return nbformat.read(path, as_version=4)


def exercises(nb) -> list[dict]:
    """Each exercise: its heading's points and its graded cells, in order."""
    found = []
    for cell in nb.cells:
        heading = EXERCISE.search(cell.source) if cell.cell_type == "markdown" else None
        if heading:
            found.append(
                {"number": int(heading.group(1)), "points": int(heading.group(2)), "cells": []}
            )
        elif cell.cell_type == "markdown" and cell.source.startswith("## "):
            found.append(None)  # a section that is not an exercise ends the last one
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if found and found[-1] is not None and (meta.get("grade") or meta.get("solution")):
            found[-1]["cells"].append(cell)
    return [e for e in found if e is not None]


def grading(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_hidden(cell) -> bool:
    return "BEGIN HIDDEN TESTS" in cell.source


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_every_exercise_heading_counts_its_points(lesson):
    for exercise in exercises(solution(lesson)):
        points = sum(grading(c).get("points") or 0 for c in exercise["cells"])
        assert points == exercise["points"], exercise["number"]


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_visible_tests_carry_at_most_a_third_of_an_exercises_points(lesson):
    for exercise in exercises(solution(lesson)):
        visible = sum(
            grading(c).get("points") or 0
            for c in exercise["cells"]
            if c.cell_type == "code" and grading(c).get("grade") and not is_hidden(c)
        )
        assert 3 * visible <= exercise["points"], (
            f"{lesson}, exercise {exercise['number']}: visible tests give {visible} of "
            f"{exercise['points']} points"
        )


def graded_function(exercise) -> str | None:
    """The function an exercise asks for, when its hidden tests call it on a table they
    build (``pd.DataFrame(...)``), else None."""
    answers = [c for c in exercise["cells"] if c.cell_type == "code" and grading(c).get("solution")]
    names = {
        node.name
        for cell in answers
        for node in ast.parse(cell.source).body
        if isinstance(node, ast.FunctionDef)
    }
    for cell in exercise["cells"]:
        if is_hidden(cell) and "DataFrame(" in cell.source:
            for name in names:
                if re.search(rf"\b{name}\(", cell.source):
                    return name
    return None


def test_half_the_data_exercises_grade_a_function_on_tables_built_in_the_test():
    autograded = [
        e
        for lesson in ALL_LESSON_IDS
        if lesson[:2] in ("01", "02", "03")
        for e in exercises(solution(lesson))
        if any(c.cell_type == "code" and grading(c).get("solution") for c in e["cells"])
    ]
    functions = [e for e in autograded if graded_function(e)]
    assert autograded and 2 * len(functions) >= len(autograded), (
        f"{len(functions)} of {len(autograded)} autograded exercises grade a function"
    )


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_each_lesson_states_the_time_it_takes(lesson):
    nb = solution(lesson)
    stated, estimate = stated_minutes(nb), estimate_minutes(nb)
    assert stated is not None, f"{lesson} does not say how long it takes"
    assert abs(stated - estimate) <= 0.25 * estimate, (
        f"{lesson} says {stated} minutes; its words, exercises and labs take about {estimate:.0f}"
    )


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_no_lesson_takes_more_than_100_minutes(lesson):
    estimate = estimate_minutes(solution(lesson))
    assert estimate <= MOST_MINUTES, (
        f"{lesson} takes about {estimate:.0f} minutes: split it into parts that stand alone"
    )


def is_written(cell) -> bool:
    """An answer graded by hand: a markdown cell that is both graded and a solution."""
    return cell.cell_type == "markdown" and bool(grading(cell).get("grade"))


def course_exercises() -> dict[str, list]:
    """Lessons 01-06 (the course proper; 00 is the first hour): each lesson's exercises,
    split into those graded by hidden tests and those graded by hand."""
    found = {"autograded": [], "written": []}
    for lesson in ALL_LESSON_IDS:
        if not "01" <= lesson[:2] <= "06":
            continue
        for exercise in exercises(solution(lesson)):
            cells = exercise["cells"]
            if any(is_hidden(c) for c in cells) and any(
                c.cell_type == "code" and grading(c).get("solution") for c in cells
            ):
                found["autograded"].append((lesson, exercise["number"]))
            if any(is_written(c) for c in cells):
                found["written"].append((lesson, exercise["number"]))
    return found


def test_the_course_has_25_autograded_exercises_and_5_written_answers():
    found = course_exercises()
    assert len(found["autograded"]) >= 25, found["autograded"]
    assert len(found["written"]) >= 5, found["written"]


@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_every_written_answer_has_a_rubric(lesson):
    written = [grading(c)["grade_id"] for c in solution(lesson).cells if is_written(c)]
    if not written:
        return
    rubric = ROOT / "grading" / "rubrics" / f"{lesson}.md"
    assert rubric.is_file(), f"{lesson} has answers graded by hand but no {rubric.name}"
    text = rubric.read_text(encoding="utf-8")
    for grade_id in written:
        assert f"`{grade_id}`" in text, f"the rubric of {lesson} does not name {grade_id}"
    assert "points |" in text, f"{rubric.name} has no table of levels (points per level)"


def test_lesson_time_counts_prose_cells_exercises_memos_and_labs():
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    def graded(cell, **nbgrader):
        cell.metadata["nbgrader"] = nbgrader
        return cell

    nb = new_notebook(
        cells=[
            new_markdown_cell(" ".join(["word"] * 260)),  # 2 minutes at 130 words a minute
            new_code_cell("lab = CommissionLab()\nlab"),  # a demonstration and a lab: 1 + 6
            new_code_cell("x = 1"),  # a demonstration: 1
            graded(new_code_cell("answer = 1"), solution=True, grade=False),  # 10
            graded(new_code_cell("assert answer"), grade=True, points=1),  # part of the 10
            new_markdown_cell("Explain in 3 or 4 sentences."),  # 6 words
            graded(new_markdown_cell("An answer."), solution=True, grade=True),  # 12
            new_markdown_cell("Write a memo of 200-350 words."),  # 7 words
            graded(new_markdown_cell("A memo."), solution=True, grade=True),  # a memo: 30
        ]
    )

    assert parts(nb) == {
        "words": 273,
        "demonstrations": 2,
        "autograded": 1,
        "written": 1,
        "memos": 1,
        "labs": 1,
    }
    assert estimate_minutes(nb) == pytest.approx(273 / 130 + 2 + 10 + 12 + 30 + 6)
