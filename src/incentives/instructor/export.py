"""Grades out of the gradebook: student x lesson and student x exercise, as CSV files.

A cell's score is nbgrader's: the hand mark where a person gave one, else the automatic one.
A written answer nobody has marked yet (or whose answer changed after its mark: see
:func:`incentives.instructor.merge.set_aside`) counts 0, is listed in ``needs_grading`` and
makes the student's total *provisional*. Every student of the class list has a row, with
"no submission" where there is none. Late penalties are a share of the final score, taken
here (:mod:`incentives.instructor.late_penalty`). Exercises are read off the solution notebooks:
each graded cell belongs to the "## Exercise N (P points): title" heading above it.

A class may mix the editions: a Romanian lesson (``00-start-here-ro``) is an assignment of
its own, with its own column, and its exercises take its English lesson's labels (the same
grade ids), so the two editions of an exercise sit side by side in the by-exercise table;
``grades-across-editions.csv`` gives each lesson one column whatever the edition taken.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

EXERCISE = re.compile(r"^## Exercise (\d+) \((\d+) points?\):?[ \t]*(.*)$", re.M)
# An exercise's heading in any edition ("## Exercițiul 1 (3 puncte): costul per lead"): its title.
HEADING = re.compile(r"^## \S+ \d+ \(\d+ [^)\n]*\):?[ \t]*(.*)$", re.M)
NO_SUBMISSION = "no submission"
NOT_MARKED = "not marked yet"
OUTSIDE = "outside an exercise"


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


def exercise_of_cells(root: Path, lesson: str, language: str | None = None) -> dict[str, str]:
    """``grade_id -> "Exercise N: title (P points)"`` for every graded cell of a lesson's
    solution notebooks.

    A translated edition's assignment (``00-start-here-ro``) has its English lesson's graded
    cells, the same grade ids, so both editions of an exercise take the same label.

    Args:
        root: The course root.
        lesson: The assignment id, in either edition.
        language: The labels' language ("Exercițiul 1: costul per lead (3 puncte)", its
            title from the lesson's catalog); the current edition by default.
    """
    import nbformat

    from incentives.i18n import edition
    from incentives.instructor import catalogs, translated_lessons

    english = translated_lessons.english_lesson(lesson)
    language = language or edition()
    texts = {} if language == "en" else catalogs.translations(root, english, language)
    found = {}
    with translated_lessons.in_edition(language):
        for path in sorted((Path(root) / "solutions" / english).glob("*.ipynb")):
            current = OUTSIDE
            for cell in nbformat.read(path, as_version=4).cells:
                if cell.cell_type == "markdown":
                    heading = EXERCISE.search(cell.source)
                    if heading:
                        number, points, title = heading.groups()
                        own = HEADING.search(texts.get(cell.get("id"), ""))
                        title = (own.group(1) if own else title).strip()
                        current = exercise_label(int(number), title, int(points))
                    elif cell.source.startswith("## "):
                        current = OUTSIDE
                meta = cell.get("metadata", {}).get("nbgrader", {})
                if meta.get("grade"):
                    found[meta["grade_id"]] = current
    return found


def exercise_label(number: int, title: str, points: int) -> str:
    """ "Exercise 1: cost per lead (3 points)", in the current edition."""
    from incentives.i18n import ngettext

    if title:
        text = ngettext(
            "Exercise {number}: {title} ({points} point)",
            "Exercise {number}: {title} ({points} points)",
            points,
        )
    else:
        text = ngettext(
            "Exercise {number} ({points} point)", "Exercise {number} ({points} points)", points
        )
    return text.format(number=number, title=title, points=points)


def cell_grades(root: Path, db_url: str) -> list[CellGrade]:
    """Every graded cell of every submission in the gradebook, sorted."""
    from incentives.instructor.nbgrader_tools import gradebook

    exercises: dict[str, dict[str, str]] = {}
    rows = []
    with gradebook(db_url) as opened:
        for assignment in opened.assignments:
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
                                exercise=exercises[lesson].get(grade.name, OUTSIDE),
                                score=float(grade.score or 0.0),
                                max_score=float(grade.max_score),
                                needs_grading=bool(grade.needs_manual_grade),
                            )
                        )
    return sorted(rows, key=lambda r: (r.student, r.lesson, r.notebook, r.grade_id))


def class_list(db_url: str) -> list[str]:
    """Every student in the gradebook (the class list, and anyone who submitted), by id."""
    from incentives.instructor.nbgrader_tools import gradebook

    with gradebook(db_url) as opened:
        return sorted(s.id for s in opened.students)


def _exercise_order(label: str) -> tuple[int, str]:
    number = re.search(r"\d+", label)
    return (int(number.group()) if number else 10_000, label)


def lesson_points(rows: list[CellGrade]) -> dict[tuple[str, str], float]:
    """``(student, lesson) -> points`` before any late penalty (an unmarked answer counts 0)."""
    points: dict[tuple[str, str], float] = {}
    for r in rows:
        points[r.student, r.lesson] = points.get((r.student, r.lesson), 0.0) + r.score
    return points


def late_penalties(root: Path, db_url: str, rows: list[CellGrade]) -> dict[tuple[str, str], float]:
    """Points each late submission loses: the late policy's share of its final score."""
    from incentives.instructor import late_penalty

    return late_penalty.penalties(
        lesson_points(rows), late_penalty.lateness(db_url), late_penalty.policy_of(root)
    )


def hand_mark_history(root: Path) -> dict[tuple[str, str, str], list[dict]]:
    """Hand marks set aside because their answer changed, by (student, lesson,
    "notebook/grade_id"), oldest first (from grading/graded.json)."""
    from incentives.instructor import record

    found: dict[tuple[str, str, str], list[dict]] = {}
    for key, entry in record.read_state(root).items():
        student, _, lesson = key.partition("/")
        for mark in entry.get("history", []):
            found.setdefault((student, lesson, mark["cell"]), []).append(mark)
    return found


@dataclass
class Grades:
    """What the exports are made of, read once from the gradebook."""

    rows: list[CellGrade]
    students: list[str] = field(default_factory=list)
    penalties: dict[tuple[str, str], float] = field(default_factory=dict)
    history: dict[tuple[str, str, str], list[dict]] = field(default_factory=dict)

    def lesson_scores(self) -> dict[tuple[str, str], float]:
        """``(student, lesson) -> points`` after late penalties, for every submission."""
        return {
            key: max(0.0, points - self.penalties.get(key, 0.0))
            for key, points in lesson_points(self.rows).items()
        }

    def provisional(self) -> dict[tuple[str, str], list[str]]:
        """``(student, lesson) -> grade ids`` of the answers not marked yet."""
        found: dict[tuple[str, str], list[str]] = {}
        for r in self.rows:
            if r.needs_grading:
                found.setdefault((r.student, r.lesson), []).append(r.grade_id)
        return found

    def pending_text(self, r: CellGrade) -> str:
        """ "lesson/grade_id", with the mark set aside when its answer changed."""
        from incentives.instructor.merge import mark_text

        text = f"{r.lesson}/{r.grade_id}"
        earlier = self.history.get((r.student, r.lesson, f"{r.notebook}/{r.grade_id}"))
        if earlier:
            text += f" (answer changed after its mark {mark_text(earlier[-1])})"
        return text


def read(root: Path, db_url: str) -> Grades:
    """Everything the exports need, from the gradebook and grading/graded.json."""
    rows = cell_grades(root, db_url)
    return Grades(
        rows=rows,
        students=class_list(db_url),
        penalties=late_penalties(root, db_url, rows),
        history=hand_mark_history(root),
    )


def tables(grades: Grades | list[CellGrade]) -> tuple[list[list], list[list]]:
    """The two tables, header first: student x lesson (after late penalties, listed in
    ``late_penalties``) and student x exercise (points as scored, each column named with
    its maximum). Every student has a row; "no submission" where there is none; a total
    with an answer not marked yet is "provisional" in the ``status`` column."""
    if not isinstance(grades, Grades):
        grades = Grades(list(grades))
    rows = grades.rows
    students = sorted({*grades.students, *(r.student for r in rows)})
    lessons = sorted({r.lesson for r in rows})
    exercises = sorted(
        {(r.lesson, r.exercise) for r in rows}, key=lambda k: (k[0], _exercise_order(k[1]))
    )
    scores = grades.lesson_scores()
    provisional = grades.provisional()
    by_exercise: dict[tuple[str, str, str], float] = {}
    unmarked_exercises: set[tuple[str, str, str]] = set()
    pending: dict[str, list[str]] = {}
    for r in rows:
        key = (r.student, r.lesson, r.exercise)
        by_exercise[key] = by_exercise.get(key, 0.0) + r.score
        if r.needs_grading:
            unmarked_exercises.add(key)
            pending.setdefault(r.student, []).append(grades.pending_text(r))

    def status(student: str) -> str:
        return "provisional" if any(s == student for s, _ in provisional) else "final"

    lesson_table = [["student", *lessons, "total", "status", "needs_grading", "late_penalties"]]
    for student in students:
        got = [scores.get((student, lesson)) for lesson in lessons]
        late = [
            f"{lesson} -{grades.penalties[student, lesson]:g}"
            for lesson in lessons
            if grades.penalties.get((student, lesson))
        ]
        lesson_table.append(
            [
                student,
                *(NO_SUBMISSION if s is None else _number(s) for s in got),
                _number(sum(s for s in got if s is not None)),
                status(student),
                "; ".join(pending.get(student, [])),
                " ".join(late),
            ]
        )
    exercise_table = [["student", *(f"{lesson}: {label}" for lesson, label in exercises), "status"]]
    for student in students:
        cells = []
        for lesson, label in exercises:
            key = (student, lesson, label)
            if key not in by_exercise:
                cells.append(NO_SUBMISSION)
            elif key in unmarked_exercises:
                cells.append(NOT_MARKED)
            else:
                cells.append(_number(by_exercise[key]))
        exercise_table.append([student, *cells, status(student)])
    return lesson_table, exercise_table


def _number(value: float) -> str:
    return f"{round(value, 4):g}"


def across_editions(grades: Grades) -> list[list] | None:
    """Student x lesson with a lesson's editions in one column (``00-start-here`` and
    ``00-start-here-ro``, the same exercises and grade ids): the points of the student's
    submission in either edition, after late penalties, and an ``editions`` column saying
    which (``00-start-here: ro``); a student who handed in both editions gets the better
    score, both listed (``00-start-here: en 3, ro 5``). None when no submission is of a
    translated edition (the by-lesson table says it all).
    """
    from incentives.instructor.translated_lessons import edition_of, english_lesson

    scores = grades.lesson_scores()
    if all(edition_of(lesson) == "en" for _, lesson in scores):
        return None
    students = sorted({*grades.students, *(s for s, _ in scores)})
    lessons = sorted({english_lesson(lesson) for _, lesson in scores})
    table = [["student", *lessons, "editions"]]
    for student in students:
        cells, editions = [], []
        for lesson in lessons:
            got = {
                edition_of(assignment): points
                for (who, assignment), points in scores.items()
                if who == student and english_lesson(assignment) == lesson
            }
            cells.append(_number(max(got.values())) if got else NO_SUBMISSION)
            if len(got) == 1:
                editions.append(f"{lesson}: {next(iter(got))}")
            elif got:
                both = ", ".join(f"{e} {_number(v)}" for e, v in sorted(got.items()))
                editions.append(f"{lesson}: {both}")
        table.append([student, *cells, "; ".join(editions)])
    return table


def write_csv(path: Path, table: list[list]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(table)
    return path


def export(root: Path, db_url: str, folder: Path, grades: Grades | None = None) -> tuple[Path, ...]:
    """Write ``grades-by-lesson.csv`` and ``grades-by-exercise.csv`` into ``folder``, and
    for a class with submissions of a translated edition ``grades-across-editions.csv``
    (:func:`across_editions`)."""
    grades = grades or read(root, db_url)
    lesson_table, exercise_table = tables(grades)
    written = (
        write_csv(Path(folder) / "grades-by-lesson.csv", lesson_table),
        write_csv(Path(folder) / "grades-by-exercise.csv", exercise_table),
    )
    editions = across_editions(grades)
    if editions is not None:
        written += (write_csv(Path(folder) / "grades-across-editions.csv", editions),)
    return written


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


@dataclass
class LmsFill:
    """An LMS gradebook export with the lessons' columns filled in (:func:`fill_lms`)."""

    rows: list[list[str]]  # every row of the template, lesson cells of matched students filled
    columns: list[str]  # the headers of the columns filled
    unmatched: list[str] = field(default_factory=list)  # LMS rows no student of the list matches
    missing: list[str] = field(default_factory=list)  # students of the list with no LMS row
    no_submission: list[tuple[str, str]] = field(default_factory=list)  # cells left as they were
    provisional: list[tuple[str, str]] = field(default_factory=list)  # filled with --provisional


def pairs_text(cells: list[tuple[str, str]]) -> str:
    shown = ", ".join(f"{student} {lesson}" for student, lesson in cells[:5])
    more = f" and {len(cells) - 5} more" if len(cells) > 5 else ""
    return f"{shown}{more}"


def fill_lms(
    layout: str,
    template: Path,
    scores: dict[tuple[str, str], float],
    students,
    provisional=(),
    allow_provisional: bool = False,
) -> LmsFill:
    """The rows of an LMS gradebook export with each lesson's column filled in.

    Args:
        layout: "canvas" or "moodle".
        template: The CSV exported from the LMS's gradebook (its header names each
            assignment; a column whose header holds a lesson id, such as
            "01-two-departments (4521)" or "Assignment: 01-two-departments (Real)", is
            filled).
        scores: ``(student id, lesson) -> points``, as in the student x lesson export.
        students: The class list (``roster.Student``), to match the LMS's rows.
        provisional: ``(student id, lesson)`` pairs whose total is provisional (an answer
            not marked yet).
        allow_provisional: Fill provisional totals in anyway (``--provisional``).

    Returns:
        The filled rows: every row and column of the template kept as it was except the
        lesson cells of matched students with a submission.

    Raises:
        LmsError: for an unknown layout, a file that is not such an export (no identity
            column), one with no column for any lesson, or a provisional total to fill in
            without ``allow_provisional``. Nothing is returned, so nothing is written.
    """
    if layout not in LMS_LAYOUTS:
        raise LmsError(f"layout must be one of {', '.join(LMS_LAYOUTS)}; got {layout!r}")
    try:
        with Path(template).open(newline="", encoding="utf-8-sig") as handle:
            rows = [list(row) for row in csv.reader(handle)]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise LmsError(f"{Path(template).name} cannot be read as a CSV file ({error})") from None
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
    provisional = set(provisional)
    filled = LmsFill(rows, [header[i] for i in columns])
    seen = set()
    for row in rows[1:]:
        cells = [row[i].strip().lower() for i in identity if i < len(row)]
        if layout == "canvas" and row and row[0].strip() == "Points Possible":
            continue
        if not any(cells):
            continue
        owner = next((owners[c] for c in cells if c in owners), None)
        if owner is None:
            filled.unmatched.append(", ".join(c for c in cells if c))
            continue
        seen.add(owner)
        for index, lesson in columns.items():
            if (owner, lesson) not in scores:
                filled.no_submission.append((owner, lesson))
                continue
            if (owner, lesson) in provisional:
                filled.provisional.append((owner, lesson))
            while len(row) <= index:
                row.append("")
            row[index] = _number(scores[owner, lesson])
    filled.missing = sorted({s.id for s in students} - seen)
    if filled.provisional and not allow_provisional:
        raise LmsError(
            f"{len(filled.provisional)} total(s) are provisional, with written answers not "
            f"marked yet ({pairs_text(filled.provisional)}): mark them in the "
            "Formgrader, or fill them in anyway with --provisional; nothing written"
        )
    return filled


def lesson_scores(root: Path, db_url: str) -> dict[tuple[str, str], float]:
    """``(student, lesson) -> points`` after late penalties, as in grades-by-lesson.csv."""
    return read(root, db_url).lesson_scores()
