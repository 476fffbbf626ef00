"""How long a lesson takes, from what it asks: its words and its exercises and labs.

The course states each lesson's time ("This lesson takes about 40 minutes."); a test
recomputes it from the notebook with :func:`estimate_minutes` and fails when the stated
time is off by more than a quarter.
"""

from __future__ import annotations

import re

WORDS_PER_MINUTE = 200  # reading
MINUTES_PER_AUTOGRADED_ANSWER = 4  # an answer cell a test grades: think, type, run, fix
MINUTES_PER_WRITTEN_ANSWER = 8  # a few sentences graded by hand
MINUTES_PER_LAB = 5  # a lab shown to the learner, moved and read
STATED = re.compile(r"takes about (\d+) minutes")
LAB = re.compile(r"\b[A-Z][A-Za-z]*Lab\(")
WORD = re.compile(r"[A-Za-z0-9']+")


def _grading(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def estimate_minutes(nb) -> float:
    """Minutes the lesson takes: its prose read at ``WORDS_PER_MINUTE``, plus each answer
    and each lab at the minutes above."""
    words = sum(
        len(WORD.findall(cell.source))
        for cell in nb.cells
        if cell.cell_type == "markdown" and not _grading(cell).get("solution")
    )
    answers = [cell for cell in nb.cells if _grading(cell).get("solution")]
    autograded = sum(1 for cell in answers if cell.cell_type == "code")
    written = sum(1 for cell in answers if cell.cell_type == "markdown")
    labs = sum(len(LAB.findall(cell.source)) for cell in nb.cells if cell.cell_type == "code")
    return (
        words / WORDS_PER_MINUTE
        + autograded * MINUTES_PER_AUTOGRADED_ANSWER
        + written * MINUTES_PER_WRITTEN_ANSWER
        + labs * MINUTES_PER_LAB
    )


def stated_minutes(nb) -> int | None:
    """The time the lesson states ("takes about N minutes"), or None."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = STATED.search(cell.source)
            if found:
                return int(found.group(1))
    return None
