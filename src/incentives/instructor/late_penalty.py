"""Late penalties: a share of the final score, taken once, where grades are read out.

The final score of a submission is the sum of its graded cells as they stand (a hand mark
where a person gave one, else the automatic score), so a penalty does not depend on whether
`course grade` ran before or after the written answers were marked, nor on how often: nothing
is frozen in the gradebook at grading time. The export, the class report and the feedback
all take the penalty from :func:`penalties`, the one place it is computed.

How late a submission was is nbgrader's reading of the gradebook: its time against the
lesson's due date plus the student's extension, which `course grade` writes there from
grading/deadlines.toml before each batch. The policy ("flag", "zero" or "per-day") is read
from grading/deadlines.toml when grades are read out.
"""

from __future__ import annotations

from pathlib import Path

from incentives.instructor import deadlines as course_deadlines


def policy_of(root: Path) -> course_deadlines.Deadlines:
    """The course's late policy: grading/deadlines.toml's, or "flag" (no penalty) without one."""
    return course_deadlines.load(root) or course_deadlines.Deadlines()


def share(deadlines: course_deadlines.Deadlines, seconds_late: float) -> float:
    """The share of the final score a submission this late loses (0 to 1)."""
    return course_deadlines.penalty(deadlines.policy, deadlines.penalty_per_day, 1.0, seconds_late)


def describe(deadlines: course_deadlines.Deadlines, seconds_late: float) -> str:
    """What the policy takes off, in words: "policy per-day: -50% of the final score"."""
    from incentives.i18n import _, percent

    lost = share(deadlines, seconds_late)
    cost = _("-{share} of the final score").format(share=percent(lost)) if lost else _("no penalty")
    return _("policy {policy}: {cost}").format(policy=deadlines.policy, cost=cost)


def lateness(db_url: str) -> dict[tuple[str, str], float]:
    """Seconds each late submission in the gradebook came in after its due date (and the
    student's extension), by (student, lesson)."""
    from incentives.instructor.nbgrader_tools import gradebook

    late = {}
    with gradebook(db_url) as opened:
        for assignment in opened.assignments:
            for submission in assignment.submissions:
                seconds = float(submission.total_seconds_late or 0.0)
                if seconds > 0:
                    late[submission.student.id, assignment.name] = seconds
    return late


def penalties(
    scores: dict[tuple[str, str], float],
    late: dict[tuple[str, str], float],
    deadlines: course_deadlines.Deadlines,
) -> dict[tuple[str, str], float]:
    """Points each late submission loses: the policy's share of its final score.

    Args:
        scores: ``(student, lesson) -> final score`` before any penalty.
        late: ``(student, lesson) -> seconds late`` (:func:`lateness`).
        deadlines: The policy (:func:`policy_of`).

    Returns:
        ``(student, lesson) -> points lost``, for late submissions that lose any.
    """
    lost = {}
    for key, seconds in late.items():
        if key not in scores:
            continue
        points = course_deadlines.penalty(
            deadlines.policy, deadlines.penalty_per_day, scores[key], seconds
        )
        if points:
            lost[key] = points
    return lost
