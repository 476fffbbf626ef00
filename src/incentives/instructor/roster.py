"""The class list: students read from a CSV file into the course's gradebook.

``course roster students.csv`` reads one student per row with the columns ``id`` (required;
the student's folder name under grading/submitted/), ``first_name``, ``last_name`` and
``email`` (optional; a spreadsheet's "First name" style headers are accepted too; other
columns are ignored, but one that is a near miss of these, such as ``frist_name``, is
refused rather than dropped without a word). Every row is checked before anything is
written, so a bad file changes nothing; students already in the gradebook are updated,
never removed, and their grades are kept. Only the columns the file has are updated (a
list of ids and e-mails leaves the names as they were), and a student whose details did
not change is counted as unchanged.

An LMS's own export is recognised by its columns, and its internal numeric id is never
taken for the student's:

- Canvas (gradebook export: "Student", "ID", "SIS User ID", "SIS Login ID", "Section",
  ...): the id is the SIS Login ID (its part before the @ if it is an e-mail address), else
  the SIS User ID; Canvas's "ID" is kept in nbgrader's ``lms_user_id``. The "Points
  Possible" row and Canvas's test student are skipped.
- Moodle (grader report or participants export: "First name", "Last name" or "Surname",
  "ID number", "Email address", ...): the id is the Username where there is one, else the
  e-mail address's part before the @, else the ID number.

The column the ids come from must be filled in on every row, so that one class is never
filed under two kinds of id.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import io
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

COLUMNS = ("id", "first_name", "last_name", "email")
# Headers a spreadsheet or an LMS may use for the same columns.
ALIASES = {
    "id": ("id", "student_id", "student id", "username", "user name", "login"),
    "first_name": ("first_name", "first name", "given name", "firstname"),
    "last_name": ("last_name", "last name", "surname", "family name", "lastname"),
    "email": ("email", "e-mail", "email address", "e-mail address"),
}
CANVAS_IDS = ("sis login id", "sis user id")  # in the order they are tried
CANVAS_SKIPPED = ("points possible", "student, test", "test student")
# A student id names a folder (grading/submitted/<id>): letters, digits, '.', '_', '-'.
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class RosterError(ValueError):
    """A class list that cannot be imported; the message names the file, row and problem."""


@dataclass(frozen=True)
class Student:
    id: str
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    lms_user_id: str | None = None  # an LMS's own number for the student (Canvas's "ID")


@dataclass(frozen=True)
class ClassList:
    """A class list as read: the students, the layout recognised ("course", "Canvas" or
    "Moodle"), the column their ids come from, and which of the gradebook's details the
    file holds (only those are updated)."""

    students: list[Student]
    layout: str
    id_column: str
    details: tuple[str, ...]


@dataclass(frozen=True)
class Imported:
    """What an import did, by student id."""

    added: list[str]
    updated: list[str]
    unchanged: list[str]


def _decode(source: Path | str | bytes, name: str | None) -> tuple[str, str]:
    if isinstance(source, Path):
        name = name or source.name
        raw = source.read_bytes()
    else:
        raw = source if isinstance(source, bytes) else str(source).encode("utf-8")
        name = name or "the class list"
    try:
        return raw.decode("utf-8-sig"), name
    except UnicodeDecodeError as error:
        raise RosterError(
            f"{name}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None


def _layout(lowered: dict[str, str]) -> str:
    if any(h in lowered for h in CANVAS_IDS) or {"student", "id"} <= set(lowered):
        return "Canvas"
    if "id number" in lowered or ("email address" in lowered and "first name" in lowered):
        return "Moodle"
    return "course"


def _misspelt(header: list[str], name: str) -> None:
    """Refuse a column whose name is a near miss of one the course reads (``frist_name``):
    its values would be dropped without a word. Other columns are left alone."""
    known = [alias for aliases in ALIASES.values() for alias in aliases]
    for column in header:
        label = column.strip().lower()
        close = difflib.get_close_matches(label, known, n=1, cutoff=0.8)
        if label and label not in known and close:
            raise RosterError(
                f"{name}: column {column.strip()!r} is not one the course reads; did you mean "
                f"{close[0]!r}? (the columns: {', '.join(COLUMNS)})"
            )


def _local_part(value: str) -> str:
    return value.split("@")[0] if EMAIL.match(value) else value


def _split_name(full: str) -> tuple[str | None, str | None]:
    """Canvas's "Last, First" (or "First Last") as (first, last)."""
    if "," in full:
        last, first = (part.strip() for part in full.split(",", 1))
    else:
        first, _, last = full.strip().rpartition(" ")
    return first or None, last or None


def _rows(text: str, name: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the non-blank rows (numbered as a spreadsheet does, header = 1), each
    as lowered header -> stripped value."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise RosterError(f"{name}: empty file; expected a header row ({', '.join(COLUMNS)})")
    lowered = [h.strip().lower() for h in header]
    rows = []
    for number, row in enumerate(reader, start=2):
        values = {h: (row[i] if i < len(row) else "").strip() for i, h in enumerate(lowered)}
        if any(values.values()):
            rows.append((number, values))
    return header, rows


def _id_source(header, lowered, rows, layout, name):
    """(the header the ids come from, how to turn a cell into an id)."""
    present = set(lowered)
    if layout == "Canvas":
        candidates = [(h, _local_part) for h in CANVAS_IDS if h in present]
    else:
        generic = [(a, str) for a in ALIASES["id"] if a in present][:1]
        emails = [(a, _local_part) for a in ALIASES["email"] if a in present][:1]
        numbers = [("id number", str)] if "id number" in present else []
        candidates = generic + emails + numbers if layout == "Moodle" else generic
    for column, convert in candidates:
        if all(values.get(column) for _, values in rows):
            return column, convert
    shown = ", ".join(map(repr, header))
    if layout == "Canvas":
        missing = next((n for n, v in rows if not any(v.get(c) for c, _ in candidates)), None)
        where = f"row {missing} has" if missing else "it has"
        raise RosterError(
            f"{name} (a Canvas export): {where} no SIS Login ID or SIS User ID, and Canvas's "
            "'ID' is its own internal number, not a student id: export the gradebook with "
            "the SIS columns, or add an 'id' column"
        )
    if candidates:
        column = candidates[0][0]
        missing = next(n for n, v in rows if not v.get(column))
        raise RosterError(f"{name}, row {missing}: the id is empty ({column!r})")
    raise RosterError(
        f"{name}: no 'id' column; the header is {shown}. "
        f"Expected the columns {', '.join(COLUMNS)} (only id is required)."
    )


def _student(values, lowered_map, layout, id_column, convert) -> Student:
    def first(column: str) -> str | None:
        found = next((a for a in ALIASES[column] if a in lowered_map), None)
        return (values.get(found) or None) if found else None

    email = first("email")
    first_name, last_name = first("first_name"), first("last_name")
    lms_id = None
    if layout == "Canvas":
        first_name, last_name = _split_name(values.get("student", ""))
        login = values.get(id_column, "")
        email = email or (login if EMAIL.match(login) else None)
        lms_id = values.get("id") or None
    return Student(convert(values[id_column]), first_name, last_name, email, lms_id)


def _details(lowered_map, layout, id_column) -> tuple[str, ...]:
    """The gradebook details (first_name, last_name, email, lms_user_id) the file holds."""
    if layout == "Canvas":
        held = ["first_name", "last_name", "lms_user_id"]
        if id_column == "sis login id" or any(a in lowered_map for a in ALIASES["email"]):
            held.append("email")
        return tuple(held)
    return tuple(c for c in COLUMNS[1:] if any(a in lowered_map for a in ALIASES[c]))


def read_class_list(source: Path | str | bytes, name: str | None = None) -> ClassList:
    """A class list (a path, or the file's bytes or text), checked row by row.

    Raises:
        RosterError: naming the file, the row (as a spreadsheet numbers it, header = row 1)
            and the problem: no id column (or, in a Canvas export, no SIS id), an empty or
            unusable id, the same id twice, a malformed e-mail address, or no student.
    """
    text, name = _decode(source, name)
    header, rows = _rows(text, name)
    lowered = [h.strip().lower() for h in header]
    lowered_map = {h: h for h in lowered}
    layout = _layout(lowered_map)
    if layout == "course":
        _misspelt(header, name)
    if layout == "Canvas":
        rows = [
            (n, v)
            for n, v in rows
            if v.get("student", "").lower() not in CANVAS_SKIPPED
            and not v.get("student", "").lower().startswith("points possible")
        ]
    if not rows:
        raise RosterError(f"{name}: no student rows under the header")
    id_column, convert = _id_source(header, lowered, rows, layout, name)
    students: list[Student] = []
    seen: dict[str, int] = {}
    for row_number, values in rows:
        student = _student(values, lowered_map, layout, id_column, convert)
        if not STUDENT_ID.match(student.id):
            raise RosterError(
                f"{name}, row {row_number}: id {student.id!r} cannot name a folder; use "
                "letters, digits, '.', '_' and '-' only"
            )
        if student.id in seen:
            raise RosterError(
                f"{name}, row {row_number}: id {student.id!r} is already on row {seen[student.id]}"
            )
        if student.email and not EMAIL.match(student.email):
            raise RosterError(
                f"{name}, row {row_number}: {student.email!r} is not an e-mail address"
            )
        seen[student.id] = row_number
        students.append(student)
    shown = next(h for h in header if h.strip().lower() == id_column).strip()
    if convert is _local_part and layout == "Moodle":
        shown += " (before the @)"
    return ClassList(students, layout, shown, _details(lowered_map, layout, id_column))


def read_roster(source: Path | str | bytes, name: str | None = None) -> list[Student]:
    """The students of a class list (see :func:`read_class_list`)."""
    return read_class_list(source, name).students


def class_list(db_url: str) -> list[Student]:
    """The students in the gradebook at ``db_url``, read without writing: an SQLite
    gradebook that does not exist yet is not created (and holds nobody)."""
    if db_url.startswith("sqlite:///"):
        path = Path(db_url.removeprefix("sqlite:///"))
        if not path.is_file():
            return []
        query = "SELECT id, first_name, last_name, email, lms_user_id FROM student ORDER BY id"
        try:
            with contextlib.closing(
                sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            ) as connection:
                return [Student(*row) for row in connection.execute(query)]
        except sqlite3.OperationalError:
            return []  # no student table yet
    from incentives.instructor.nbgrader_tools import gradebook

    with gradebook(db_url) as opened:
        return [
            Student(s.id, s.first_name, s.last_name, s.email, s.lms_user_id)
            for s in opened.students
        ]


def student_ids(db_url: str) -> set[str]:
    """The ids of :func:`class_list`."""
    return {student.id for student in class_list(db_url)}


def import_roster(
    db_url: str, students: list[Student], details: tuple[str, ...] = COLUMNS[1:]
) -> Imported:
    """Add the students to the gradebook at ``db_url``, or update those already in it.

    Args:
        db_url: The gradebook.
        students: The class list.
        details: Which details the class list holds (:attr:`ClassList.details`); the others
            are left as the gradebook has them.

    Returns:
        Who was added, updated (a detail changed) and left unchanged.
    """
    from incentives.instructor.nbgrader_tools import gradebook as open_gradebook
    from incentives.instructor.nbgrader_tools import new_gradebook

    if db_url.startswith("sqlite:///") and not Path(db_url.removeprefix("sqlite:///")).exists():
        new_gradebook(Path(db_url.removeprefix("sqlite:///")))  # without nbgrader's 4 s alembic
    done = Imported([], [], [])
    with open_gradebook(db_url) as gradebook:
        known = {s.id: s for s in gradebook.students}
        for student in students:
            values = {d: getattr(student, d) for d in details}
            current = known.get(student.id)
            if current is None:
                gradebook.add_student(student.id, **values)
                done.added.append(student.id)
            elif any(getattr(current, d) != v for d, v in values.items()):
                gradebook.update_or_create_student(student.id, **values)
                done.updated.append(student.id)
            else:
                done.unchanged.append(student.id)
    return done
