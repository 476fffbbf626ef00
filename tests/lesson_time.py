"""How long a lesson takes, from what it asks: its words, its cells, its exercises and labs.

The course states each lesson's time ("This lesson takes about 40 minutes."); a test
recomputes it from the solution notebook with :func:`estimate_minutes` and fails when the
stated time is off by more than a quarter, or when a lesson runs past
:data:`MOST_MINUTES` (split it into parts that stand alone, or trim it).

The rates are meant for planning a class, not for a fast reader:

- prose at 130 words a minute: technical English, often read in a second language;
- 1 minute per demonstration code cell (read it, run it, look at what it shows);
- 10 minutes per autograded coding exercise (think, type, run, read the feedback, fix);
- 12 minutes per written answer, 30 for a memo (a prompt that asks for 200 words or more);
- 6 minutes per lab (move its controls, read its status line and charts).
"""

from __future__ import annotations

import re

WORDS_PER_MINUTE = 130
MINUTES_PER_DEMONSTRATION_CELL = 1
MINUTES_PER_AUTOGRADED_EXERCISE = 10
MINUTES_PER_WRITTEN_ANSWER = 12
MINUTES_PER_MEMO = 30
MEMO_WORDS = 200  # a written answer whose prompt asks for at least this many words is a memo
MINUTES_PER_LAB = 6
MOST_MINUTES = 100  # the longest a lesson may take; a longer one is split or trimmed

STATED = re.compile(r"takes about (\d+) minutes")
LAB = re.compile(r"\b[A-Z][A-Za-z]*Lab\(")
WORD = re.compile(r"[A-Za-z0-9']+")
# "200-350 words", "200 to 350 words", "at least 250 words": the largest number counts.
WORD_COUNT = re.compile(r"(\d[\d,]*)(?:\s*(?:-|–|to)\s*(\d[\d,]*))?\s+words")


def _grading(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _asks_for_a_memo(prompt: str) -> bool:
    """Whether an exercise's prompt asks for :data:`MEMO_WORDS` words or more."""
    counts = [
        int(number.replace(",", ""))
        for found in WORD_COUNT.finditer(prompt)
        for number in found.groups()
        if number
    ]
    return bool(counts) and max(counts) >= MEMO_WORDS


def parts(nb) -> dict[str, int]:
    """What the lesson asks of a learner, counted: ``words`` of prose, ``demonstrations``
    (code cells that are neither an answer nor a test), ``autograded`` exercises (answer
    cells graded by tests), ``written`` answers, ``memos`` and ``labs``."""
    counted = dict.fromkeys(
        ("words", "demonstrations", "autograded", "written", "memos", "labs"), 0
    )
    prompt = ""
    for cell in nb.cells:
        grading = _grading(cell)
        if cell.cell_type == "markdown" and not grading.get("solution"):
            counted["words"] += len(WORD.findall(cell.source))
            prompt = cell.source
        elif cell.cell_type == "markdown":
            counted["memos" if _asks_for_a_memo(prompt) else "written"] += 1
        elif grading.get("solution"):
            counted["autograded"] += 1
        elif not grading.get("grade"):
            counted["demonstrations"] += 1
        if cell.cell_type == "code":
            counted["labs"] += len(LAB.findall(cell.source))
    return counted


def estimate_minutes(nb) -> float:
    """Minutes the lesson takes a learner, from :func:`parts` at the rates above."""
    counted = parts(nb)
    return (
        counted["words"] / WORDS_PER_MINUTE
        + counted["demonstrations"] * MINUTES_PER_DEMONSTRATION_CELL
        + counted["autograded"] * MINUTES_PER_AUTOGRADED_EXERCISE
        + counted["written"] * MINUTES_PER_WRITTEN_ANSWER
        + counted["memos"] * MINUTES_PER_MEMO
        + counted["labs"] * MINUTES_PER_LAB
    )


def stated_minutes(nb) -> int | None:
    """The time the lesson states ("takes about N minutes"), or None."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = STATED.search(cell.source)
            if found:
                return int(found.group(1))
    return None
