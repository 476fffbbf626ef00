"""The class list: students read from a CSV file into the course's gradebook.

``course roster students.csv`` reads one student per row with the columns ``id`` (required;
the student's folder name under grading/submitted/), ``first_name``, ``last_name`` and
``email`` (optional; an LMS export's "First name" style headers are accepted too). Every
row is checked before anything is written, so a bad file changes nothing; students already
in the gradebook are updated, never removed, and their grades are kept.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

COLUMNS = ("id", "first_name", "last_name", "email")
# Headers an LMS or a spreadsheet may use for the same columns.
ALIASES = {
    "id": ("id", "student_id", "student id", "username", "user name", "login"),
    "first_name": ("first_name", "first name", "given name", "firstname"),
    "last_name": ("last_name", "last name", "surname", "family name", "lastname"),
    "email": ("email", "e-mail", "email address", "e-mail address"),
}
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


def _header_map(fieldnames: list[str], name: str) -> dict[str, str]:
    """Our column -> the file's header, or a RosterError naming what is missing."""
    found = {}
    lowered = {(h or "").strip().lower(): h for h in fieldnames}
    for column, aliases in ALIASES.items():
        for alias in aliases:
            if alias in lowered:
                found[column] = lowered[alias]
                break
    if "id" not in found:
        raise RosterError(
            f"{name}: no 'id' column; the header is {', '.join(map(repr, fieldnames))}. "
            f"Expected the columns {', '.join(COLUMNS)} (only id is required)."
        )
    return found


def read_roster(source: Path | str | bytes, name: str | None = None) -> list[Student]:
    """The students of a class list (a path, or the file's bytes or text).

    Raises:
        RosterError: naming the file, the row (as a spreadsheet numbers it, header = row 1)
            and the problem: no id column, an empty or unusable id, the same id twice, a
            malformed e-mail address, or no student at all.
    """
    if isinstance(source, Path):
        name = name or source.name
        raw = source.read_bytes()
    else:
        raw = source if isinstance(source, bytes) else str(source).encode("utf-8")
        name = name or "the class list"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RosterError(
            f"{name}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise RosterError(f"{name}: empty file; expected a header row ({', '.join(COLUMNS)})")
    headers = _header_map(list(reader.fieldnames), name)
    students: list[Student] = []
    seen: dict[str, int] = {}
    for row_number, row in enumerate(reader, start=2):
        values = {c: (row.get(h) or "").strip() for c, h in headers.items()}
        if not any(values.values()):
            continue  # a blank line
        student_id = values["id"]
        if not student_id:
            raise RosterError(f"{name}, row {row_number}: the id is empty")
        if not STUDENT_ID.match(student_id):
            raise RosterError(
                f"{name}, row {row_number}: id {student_id!r} cannot name a folder; use letters, "
                "digits, '.', '_' and '-' only"
            )
        if student_id in seen:
            raise RosterError(
                f"{name}, row {row_number}: id {student_id!r} is already on row {seen[student_id]}"
            )
        email = values.get("email") or None
        if email and not EMAIL.match(email):
            raise RosterError(f"{name}, row {row_number}: {email!r} is not an e-mail address")
        seen[student_id] = row_number
        students.append(
            Student(
                student_id,
                values.get("first_name") or None,
                values.get("last_name") or None,
                email,
            )
        )
    if not students:
        raise RosterError(f"{name}: no student rows under the header")
    return students


def import_roster(db_url: str, students: list[Student]) -> tuple[int, int]:
    """Add or update the students in the gradebook at ``db_url``; returns (added, updated)."""
    from nbgrader.api import Gradebook

    from incentives.course.nbgrader_tools import scripts_on_path

    scripts_on_path()
    added = updated = 0
    with Gradebook(db_url) as gradebook:
        known = {s.id for s in gradebook.students}
        for student in students:
            details = {
                "first_name": student.first_name,
                "last_name": student.last_name,
                "email": student.email,
            }
            gradebook.update_or_create_student(student.id, **details)
            if student.id in known:
                updated += 1
            else:
                added += 1
    return added, updated
