"""Grades out of the gradebook: student x lesson and student x exercise, as CSV files.

A cell's score is nbgrader's: the manual score where a person gave one, else the automatic
one; a written answer nobody has marked yet counts 0 and is listed in ``needs_grading``.
Exercises are read off the solution notebooks: each graded cell belongs to the
"## Exercise N (P points): ..." heading above it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

EXERCISE = re.compile(r"^## Exercise (\d+) \(\d+ points?\)", re.M)


@dataclass(frozen=True)
class CellGrade:
    student: str
    lesson: str
    notebook: str
    grade_id: str
    exercise: str
    score: float
    max_score: float
    needs_grading: bool


def exercise_of_cells(root: Path, lesson: str) -> dict[str, str]:
    """``grade_id -> "Exercise N"`` for every graded cell of a lesson's solution notebooks."""
    import nbformat

    found = {}
    for path in sorted((Path(root) / "solutions" / lesson).glob("*.ipynb")):
        current = "outside an exercise"
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                heading = EXERCISE.search(cell.source)
                if heading:
                    current = f"Exercise {heading.group(1)}"
                elif cell.source.startswith("## "):
                    current = "outside an exercise"
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade"):
                found[meta["grade_id"]] = current
    return found


def cell_grades(root: Path, db_url: str) -> list[CellGrade]:
    """Every graded cell of every submission in the gradebook, sorted."""
    from nbgrader.api import Gradebook

    exercises: dict[str, dict[str, str]] = {}
    rows = []
    with Gradebook(db_url) as gradebook:
        for assignment in gradebook.assignments:
            lesson = assignment.name
            exercises.setdefault(lesson, exercise_of_cells(root, lesson))
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        rows.append(
                            CellGrade(
                                student=submission.student.id,
                                lesson=lesson,
                                notebook=notebook.name,
                                grade_id=grade.name,
                                exercise=exercises[lesson].get(grade.name, "outside an exercise"),
                                score=float(grade.score or 0.0),
                                max_score=float(grade.max_score),
                                needs_grading=bool(grade.needs_manual_grade),
                            )
                        )
    return sorted(rows, key=lambda r: (r.student, r.lesson, r.notebook, r.grade_id))


def _exercise_order(label: str) -> tuple[int, str]:
    number = re.search(r"\d+", label)
    return (int(number.group()) if number else 10_000, label)


def late_penalties(db_url: str) -> dict[tuple[str, str], float]:
    """Points each late submission lost under the late policy, by (student, lesson)."""
    from nbgrader.api import Gradebook

    lost = {}
    with Gradebook(db_url) as gradebook:
        for assignment in gradebook.assignments:
            for submission in assignment.submissions:
                if submission.late_submission_penalty:
                    key = (submission.student.id, assignment.name)
                    lost[key] = float(submission.late_submission_penalty)
    return lost


def tables(
    rows: list[CellGrade], penalties: dict[tuple[str, str], float] | None = None
) -> tuple[list[list], list[list]]:
    """The two tables, header first: student x lesson (after late penalties, listed in
    ``late_penalties``) and student x exercise (points as scored)."""
    penalties = penalties or {}
    students = sorted({r.student for r in rows})
    lessons = sorted({r.lesson for r in rows})
    exercises = sorted(
        {(r.lesson, r.exercise) for r in rows}, key=lambda k: (k[0], _exercise_order(k[1]))
    )
    by_lesson: dict[tuple[str, str], float] = {}
    by_exercise: dict[tuple[str, str, str], float] = {}
    pending: dict[str, list[str]] = {}
    for r in rows:
        by_lesson[r.student, r.lesson] = by_lesson.get((r.student, r.lesson), 0.0) + r.score
        key = (r.student, r.lesson, r.exercise)
        by_exercise[key] = by_exercise.get(key, 0.0) + r.score
        if r.needs_grading:
            pending.setdefault(r.student, []).append(f"{r.lesson}/{r.grade_id}")
    for (student, lesson), lost in penalties.items():
        if (student, lesson) in by_lesson:
            by_lesson[student, lesson] = max(0.0, by_lesson[student, lesson] - lost)
    lesson_table = [["student", *lessons, "total", "needs_grading", "late_penalties"]]
    for student in students:
        scores = [by_lesson.get((student, lesson)) for lesson in lessons]
        total = sum(s for s in scores if s is not None)
        late = [
            f"{lesson} -{penalties[student, lesson]:g}"
            for lesson in lessons
            if penalties.get((student, lesson))
        ]
        lesson_table.append(
            [
                student,
                *_cells(scores),
                _number(total),
                " ".join(pending.get(student, [])),
                " ".join(late),
            ]
        )
    exercise_table = [["student", *(f"{lesson}: {label}" for lesson, label in exercises)]]
    for student in students:
        scores = [by_exercise.get((student, lesson, label)) for lesson, label in exercises]
        exercise_table.append([student, *_cells(scores)])
    return lesson_table, exercise_table


def _number(value: float) -> str:
    return f"{value:g}"


def _cells(scores) -> list[str]:
    """A score, or empty where the student submitted nothing."""
    return ["" if s is None else _number(s) for s in scores]


def write_csv(path: Path, table: list[list]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(table)
    return path


def export(root: Path, db_url: str, folder: Path) -> tuple[Path, Path]:
    """Write ``grades-by-lesson.csv`` and ``grades-by-exercise.csv`` into ``folder``."""
    lesson_table, exercise_table = tables(cell_grades(root, db_url), late_penalties(db_url))
    return (
        write_csv(Path(folder) / "grades-by-lesson.csv", lesson_table),
        write_csv(Path(folder) / "grades-by-exercise.csv", exercise_table),
    )


# ---------------------------------------------------------------------------------------------
# An LMS's own gradebook: fill in the grade columns of a CSV exported from it
# ---------------------------------------------------------------------------------------------

LMS_LAYOUTS = ("canvas", "moodle")
# Columns that identify a student, per layout, in the order they are tried.
_IDENTITY = {
    "canvas": ("SIS User ID", "SIS Login ID", "ID"),
    "moodle": ("ID number", "Email address", "Username"),
}


class LmsError(ValueError):
    """A gradebook export that cannot be filled in; the message names the problem."""


def _student_keys(student) -> set[str]:
    keys = {student.id.lower()}
    if student.email:
        keys |= {student.email.lower(), student.email.split("@")[0].lower()}
    return keys


def fill_lms(
    layout: str, template: Path, scores: dict[tuple[str, str], float], students
) -> tuple[list[list[str]], list[str], list[str]]:
    """The rows of an LMS gradebook export with each lesson's column filled in.

    Args:
        layout: "canvas" or "moodle".
        template: The CSV exported from the LMS's gradebook (its header names each
            assignment; a column whose header holds a lesson id, such as
            "01-two-departments (4521)" or "Assignment: 01-two-departments (Real)", is
            filled).
        scores: ``(student id, lesson) -> points``, as in the student x lesson export.
        students: The class list (``roster.Student``), to match the LMS's rows.

    Returns:
        ``(rows, filled_columns, unmatched_rows)``: every row and column of the template
        kept as it was except the lesson cells of matched students.

    Raises:
        LmsError: for an unknown layout, a file that is not such an export (no identity
            column), or one with no column for any lesson.
    """
    if layout not in LMS_LAYOUTS:
        raise LmsError(f"layout must be one of {', '.join(LMS_LAYOUTS)}; got {layout!r}")
    with Path(template).open(newline="", encoding="utf-8-sig") as handle:
        rows = [list(row) for row in csv.reader(handle)]
    if not rows:
        raise LmsError(f"{Path(template).name} is empty")
    header = rows[0]
    identity = [header.index(c) for c in _IDENTITY[layout] if c in header]
    if not identity:
        raise LmsError(
            f"{Path(template).name} is not a {layout} gradebook export: none of the columns "
            f"{', '.join(_IDENTITY[layout])}"
        )
    lessons = sorted({lesson for _, lesson in scores})
    columns = {i: lesson for i, name in enumerate(header) for lesson in lessons if lesson in name}
    if not columns:
        raise LmsError(
            f"{Path(template).name} has no column for any lesson ({', '.join(lessons)}): "
            "create the assignments in the LMS with the lesson ids in their names"
        )
    owners = {}
    for student in students:
        for key in _student_keys(student):
            owners[key] = student.id
    unmatched = []
    for row in rows[1:]:
        cells = [row[i].strip().lower() for i in identity if i < len(row)]
        if layout == "canvas" and row and row[0].strip() == "Points Possible":
            continue
        if not any(cells):
            continue
        owner = next((owners[c] for c in cells if c in owners), None)
        if owner is None:
            unmatched.append(", ".join(c for c in cells if c))
            continue
        for index, lesson in columns.items():
            if (owner, lesson) in scores:
                while len(row) <= index:
                    row.append("")
                row[index] = _number(scores[owner, lesson])
    return rows, [header[i] for i in columns], unmatched


def lesson_scores(root: Path, db_url: str) -> dict[tuple[str, str], float]:
    """``(student, lesson) -> points`` after late penalties, as in grades-by-lesson.csv."""
    table, _ = tables(cell_grades(root, db_url), late_penalties(db_url))
    lessons = table[0][1:-3]
    scores = {}
    for row in table[1:]:
        for lesson, cell in zip(lessons, row[1:], strict=False):
            if cell != "":
                scores[row[0], lesson] = float(cell)
    return scores
