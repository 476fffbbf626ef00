"""The submissions of a class: each student's folder for each lesson, found in one place.

``course collect`` (or an instructor's copy) puts each submission in
``grading/submitted/<student>/<lesson>/``; :func:`find` lists them for ``course grade``,
:func:`precheck` says whether one can be graded at all, and :func:`time_limit` how long its
grading may take.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

FOLDER = Path("grading") / "submitted"


@dataclass(frozen=True)
class Submission:
    """One student's folder for one lesson, ``grading/submitted/<student>/<lesson>/``."""

    student: str
    lesson: str
    folder: Path

    @property
    def key(self) -> str:
        return f"{self.student}/{self.lesson}"

    def digest(self) -> str:
        """A hash of every file in the folder (names and bytes): changes when they do."""
        hashed = hashlib.sha256()
        for path in sorted(p for p in self.folder.rglob("*") if p.is_file()):
            if ".ipynb_checkpoints" in path.parts:
                continue
            hashed.update(str(path.relative_to(self.folder)).encode() + b"\0")
            hashed.update(path.read_bytes() + b"\0")
        return hashed.hexdigest()


def find(root: Path, lessons=None, students=None) -> list[Submission]:
    """Every ``grading/submitted/<student>/<lesson>/`` folder of the given lessons and
    students (all by default), sorted by student then lesson."""
    submitted = Path(root) / FOLDER
    found = []
    if not submitted.is_dir():
        return found
    for student in sorted(p for p in submitted.iterdir() if p.is_dir()):
        if students and student.name not in students:
            continue
        for lesson in sorted(p for p in student.iterdir() if p.is_dir()):
            if lessons and lesson.name not in lessons:
                continue
            found.append(Submission(student.name, lesson.name, lesson))
    return found


def precheck(submission: Submission, expected: list[str]) -> tuple[list[str], bool]:
    """Problems a person should know of before grading, and whether grading can go on.

    Args:
        submission: The submission.
        expected: The lesson's notebook names (``00-start-here.ipynb``).

    Returns:
        ``(flags, gradable)``: a submission whose only notebook is renamed, or whose
        notebook is not valid JSON, is not gradable; extra notebooks are only flagged.
    """
    flags = []
    present = sorted(p.name for p in submission.folder.glob("*.ipynb"))
    for name in expected:
        path = submission.folder / name
        if not path.is_file():
            others = [p for p in present if p not in expected]
            hint = f" (found {', '.join(others)}: renamed?)" if others else ""
            flags.append(f"no {name} in the submission{hint}")
            continue
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            flags.append(f"{name} is not a notebook: not valid JSON ({error})")
    gradable = not flags
    extra = [p for p in present if p not in expected]
    if extra and gradable:
        flags.append(f"extra notebook(s) not graded: {', '.join(extra)}")
    return flags, gradable


def expected_notebooks(db_url: str, lesson: str) -> list[str] | None:
    """The names of ``lesson``'s notebooks (``00-start-here.ipynb``) in the gradebook at
    ``db_url``; None when the gradebook does not know the lesson."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gradebook:
        try:
            return sorted(f"{n.name}.ipynb" for n in gradebook.find_assignment(lesson).notebooks)
        except MissingEntry:
            return None


def time_limit(submission: Submission, cell_timeout: float) -> float:
    """A whole submission's limit: every code cell at its limit, plus a kernel's start."""
    cells = 0
    for path in submission.folder.glob("*.ipynb"):
        with contextlib.suppress(Exception):
            notebook = json.loads(path.read_text(encoding="utf-8"))
            cells += sum(1 for c in notebook.get("cells", []) if c.get("cell_type") == "code")
    return 60.0 + (cells + 2) * cell_timeout
