"""nbgrader's late-submission plugin for the course's late policy (grading/deadlines.toml).

`course grade`'s workers name it in their nbgrader configuration; it lives apart from
``incentives.course.deadlines`` so that importing the `course` command does not import
nbgrader.
"""

from __future__ import annotations

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Enum, Float

from incentives.course.deadlines import POLICIES, penalty


class CoursePenalty(LateSubmissionPlugin):
    """nbgrader's late-submission plugin for the course's policy (see :func:`penalty`)."""

    policy = Enum(POLICIES, default_value="flag").tag(config=True)
    per_day = Float(0.0).tag(config=True)

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        return penalty(self.policy, self.per_day, score, total_seconds_late) or None
