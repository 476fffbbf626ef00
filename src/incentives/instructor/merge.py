"""The gradebook merge: a worker's results written into the course's gradebook.

A worker grades against its own copy of the gradebook; :func:`extract` reads a submission's
automatic results out of that copy as plain data, and :func:`apply` writes them into the
course's gradebook in one transaction (:func:`merge` does both). Only the batch's one writer
applies, so the gradebook never has two writers.

A hand mark (a score, extra credit or a comment entered in the Formgrader) belongs to the
answer it was given to: the answer as last graded, which the Formgrader showed. Each merge
records a hash of every graded cell's answer (:func:`answer_digests`); when a written
answer's text (or, for a test cell, the code of the answers it tests) differs from the one
marked, the mark is set aside (:func:`set_aside`): cleared from the gradebook, so that the
cell needs a hand mark again, and kept in the record's history
(:mod:`incentives.instructor.record`). Otherwise it is kept.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from incentives.instructor import nbgrader_tools
from incentives.instructor.submissions import Submission


@dataclass(frozen=True)
class Merged:
    """What a merge wrote: the autograded points, their maximum, and how late the submission
    was (seconds past its due date and extension; its penalty is taken from the final score
    where grades are read out: :mod:`incentives.instructor.late_penalty`)."""

    score: float
    max_score: float
    seconds_late: float


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def answer_digests(notebook_path: Path) -> dict[str, str]:
    """A hash of what each graded or answer cell of a notebook holds: an answer's own text
    (written or code); for a test cell, the answer cells above it (those since the previous
    group of test cells).

    A hand mark belongs to the answer it was given to: when its hash changes, the mark is set
    aside (:func:`set_aside`). Empty when the notebook cannot be read.
    """
    try:
        notebook = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    digests: dict[str, str] = {}
    answers: list[str] = []
    after_test = False
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        source = "".join(cell.get("source", ""))
        if meta.get("solution"):
            if after_test:
                answers, after_test = [], False
            digests[meta.get("grade_id")] = _hash(source)
            if not meta.get("grade"):
                answers.append(source)
        elif meta.get("grade"):
            digests[meta.get("grade_id")] = _hash("\0".join(answers))
            after_test = True
    return digests


def extract(worker_url: str, submission: Submission) -> dict:
    """A submission's automatic results in a worker's gradebook, as plain JSON-able data:
    what :func:`apply` writes into the master. ``submission.folder`` is where its autograded
    notebooks are, for the hashes of its answers (:func:`answer_digests`)."""
    with nbgrader_tools.gradebook(worker_url) as source:
        graded = source.find_submission(submission.lesson, submission.student)
        notebooks = []
        for notebook in graded.notebooks:
            answers = {c.name for c in notebook.notebook.solution_cells}
            notebooks.append(
                {
                    "name": notebook.name,
                    "flagged": bool(notebook.flagged),
                    "grades": [
                        {
                            "name": g.name,
                            "auto_score": g.auto_score,
                            "needs_manual_grade": bool(g.needs_manual_grade),
                            "max_score": float(g.max_score),
                            "test": g.name not in answers,
                        }
                        for g in notebook.grades
                    ],
                    "comments": [
                        {"name": c.name, "auto_comment": c.auto_comment} for c in notebook.comments
                    ],
                    "answers": answer_digests(submission.folder / f"{notebook.name}.ipynb"),
                }
            )
        return {
            "timestamp": graded.timestamp.isoformat() if graded.timestamp else None,
            "seconds_late": float(graded.total_seconds_late or 0.0),
            "notebooks": notebooks,
        }


def _cell_key(notebook: str, grade_id: str) -> str:
    return f"{notebook}/{grade_id}"


def answers_of(results: dict) -> dict[str, str]:
    """The answers' hashes in :func:`extract`'s results, by "notebook/grade_id"."""
    return {
        _cell_key(notebook["name"], name): digest
        for notebook in results.get("notebooks", [])
        for name, digest in notebook.get("answers", {}).items()
    }


def hand_marks(master, submission: Submission) -> dict[str, dict]:
    """The hand marks on a submission in the gradebook (a URL or an open ``Gradebook``), as
    the Formgrader writes them: ``"notebook/grade_id" -> {"score", "extra_credit",
    "comment", "max_score"}`` for each cell given a score, extra credit or a comment."""
    if isinstance(master, str):
        with nbgrader_tools.gradebook(master) as opened:
            return hand_marks(opened, submission)
    from nbgrader.api import MissingEntry

    try:
        graded = master.find_submission(submission.lesson, submission.student)
    except MissingEntry:
        return {}
    marks: dict[str, dict] = {}
    for notebook in graded.notebooks:
        comments = {c.name: c.manual_comment for c in notebook.comments if c.manual_comment}
        for grade in notebook.grades:
            comment = comments.pop(grade.name, None)
            if grade.manual_score is None and grade.extra_credit is None and comment is None:
                continue
            marks[_cell_key(notebook.name, grade.name)] = mark_entry(
                grade.manual_score, grade.extra_credit, comment, grade.max_score
            )
        for name, comment in comments.items():  # a comment on an answer cell without points
            marks[_cell_key(notebook.name, name)] = mark_entry(None, None, comment, None)
    return marks


def _number(value) -> float | None:
    return None if value is None else float(value)


def mark_entry(score, extra_credit, comment, max_score) -> dict:
    """A hand mark as :func:`hand_marks` gives it (each value a float or None, the comment
    text or None)."""
    return {
        "score": _number(score),
        "extra_credit": _number(extra_credit),
        "comment": comment,
        "max_score": _number(max_score),
    }


def set_aside(marks: dict[str, dict], results: dict, previous: dict[str, str]) -> list[dict]:
    """The hand marks to set aside because the answer they were given to has changed.

    A hand mark in the gradebook at a merge was given to the answers as last merged
    (``previous``: the version the Formgrader showed): a mark whose cell's hash differs in
    the new ``results`` is set aside. A cell whose hash is unknown either side (a course
    graded before hashes were kept) keeps its mark.

    Returns:
        One entry per mark set aside, ``{"cell": "notebook/grade_id", "score",
        "extra_credit", "comment", "max_score"}``, sorted by cell.
    """
    new = answers_of(results)
    aside = []
    for key, mark in sorted(marks.items()):
        before, now = previous.get(key), new.get(key)
        if before is not None and now is not None and before != now:
            aside.append({"cell": key, **mark})
    return aside


def apply(master, results: dict, submission: Submission, aside=()) -> Merged:
    """Write :func:`extract`'s results into the master gradebook (a database URL, or one the
    writer keeps open) in one transaction.

    Hand marks (manual scores, extra credit, comments) are kept, except those in ``aside``
    (:func:`set_aside`), which are cleared where the gradebook still holds them as recorded:
    such a written answer needs a hand mark again. No late penalty is written (it is taken
    from the final score where grades are read out).
    """
    if isinstance(master, str):
        with nbgrader_tools.gradebook(master) as target:
            return apply(target, results, submission, aside)
    import datetime as dt

    from nbgrader.api import MissingEntry

    target, db = master, master.db
    score = max_score = 0.0
    clear = {entry["cell"]: entry for entry in aside}
    try:
        target.update_or_create_student(submission.student)
        try:
            into = target.find_submission(submission.lesson, submission.student)
        except MissingEntry:
            into = target.add_submission(submission.lesson, submission.student)
        stamp = results["timestamp"]
        into.timestamp = dt.datetime.fromisoformat(stamp) if stamp else None
        for notebook in results["notebooks"]:
            mirror = target.find_submission_notebook(
                notebook["name"], submission.lesson, submission.student
            )
            mirror.late_submission_penalty = None
            mirror.flagged = notebook["flagged"]
            grades = {g.name: g for g in mirror.grades}
            comments = {c.name: c for c in mirror.comments}
            for name in grades.keys() | comments.keys():
                entry = clear.get(_cell_key(notebook["name"], name))
                if entry:
                    _clear_mark(grades.get(name), comments.get(name), entry)
            for grade in notebook["grades"]:
                kept = grades[grade["name"]]
                kept.auto_score = grade["auto_score"]
                kept.needs_manual_grade = (
                    grade["needs_manual_grade"] if kept.manual_score is None else False
                )
                if grade["test"]:  # a test cell: autograded points
                    score += grade["auto_score"] or 0.0
                    max_score += grade["max_score"]
            for comment in notebook["comments"]:
                comments[comment["name"]].auto_comment = comment["auto_comment"]
        db.commit()
    except Exception:
        db.rollback()
        raise
    return Merged(score, max_score, results["seconds_late"])


def _clear_mark(grade, comment, entry: dict) -> None:
    """Clear a hand mark set aside, where it is still the one recorded (a mark entered since
    belongs to the new answer and stays)."""
    now = (
        grade.manual_score if grade else None,
        grade.extra_credit if grade else None,
        (comment.manual_comment or None) if comment else None,
    )
    if now != (entry["score"], entry["extra_credit"], entry["comment"]):
        return
    if grade is not None:
        grade.manual_score = None
        grade.extra_credit = None
    if comment is not None:
        comment.manual_comment = None


def merge(master, worker_url: str, submission: Submission, aside=()) -> Merged:
    """Copy one submission's automatic results from a worker's gradebook into the master:
    :func:`extract` then :func:`apply`."""
    return apply(master, extract(worker_url, submission), submission, aside)


def mark_text(entry: dict) -> str:
    """A hand mark set aside, in words: "2/2, extra credit 1: 'Names the cost.'"."""
    parts = []
    if entry.get("score") is not None:
        top = entry.get("max_score")
        parts.append(f"{entry['score']:g}" + (f"/{top:g}" if top is not None else ""))
    if entry.get("extra_credit"):
        parts.append(f"extra credit {entry['extra_credit']:g}")
    text = ", ".join(parts) or "a comment"
    return text + (f": {entry['comment']!r}" if entry.get("comment") else "")


def set_aside_text(entry: dict) -> str:
    """The flag of a hand mark set aside (an entry of :func:`set_aside`)."""
    name = entry["cell"].split("/", 1)[-1]
    return (
        f"cell {name}: the answer changed since it was marked ({mark_text(entry)}); "
        "that mark is kept in grading/graded.json's history, mark the new answer"
    )
