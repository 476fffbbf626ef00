"""Due dates, extensions and the late policy, from grading/deadlines.toml.

    # grading/deadlines.toml
    timezone = "Europe/Bucharest"   # for due dates written without an offset
    late_policy = "per-day"         # "flag", "zero" or "per-day"
    penalty_per_day = 0.10          # per-day: share of the points lost per day started

    [due]
    "00-start-here" = "2026-10-05 23:59"
    "01-two-departments" = "2026-10-12 23:59"

    [extensions]                    # student -> lesson -> extra time
    s001 = { "01-two-departments" = "2 days" }

A submission's time is nbgrader's: the ``timestamp.txt`` in its folder (written by
``nbgrader submit``, or by ``course collect`` from an LMS download). Late work is always
flagged in ``course grade``'s table; the policy says what it costs: "flag" nothing, "zero"
every point, "per-day" ``penalty_per_day`` of the points for each day started late (never
more than the points). Before grading, the due dates and extensions are written into the
gradebook, where nbgrader computes lateness from them; the penalty is taken from the final
score (hand marks included) where grades are read out: ``incentives.course.late_penalty``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FILE = Path("grading") / "deadlines.toml"
POLICIES = ("flag", "zero", "per-day")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(minutes?|hours?|days?|weeks?)\s*$")


class DeadlineError(ValueError):
    """grading/deadlines.toml cannot be used; the message names the key and the problem."""


@dataclass(frozen=True)
class Deadlines:
    due: dict[str, dt.datetime] = field(default_factory=dict)  # aware, UTC
    extensions: dict[str, dict[str, dt.timedelta]] = field(default_factory=dict)
    policy: str = "flag"
    penalty_per_day: float = 0.0
    timezone: str = "UTC"  # the zone of due dates and of LMS downloads' file times


def _when(text, key: str, zone: ZoneInfo) -> dt.datetime:
    if isinstance(text, dt.datetime):
        moment = text
    else:
        try:
            moment = dt.datetime.fromisoformat(str(text).strip())
        except ValueError:
            raise DeadlineError(
                f"{key}: {text!r} is not a date and time such as '2026-10-05 23:59'"
            ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(dt.UTC)


def _duration(text, key: str) -> dt.timedelta:
    found = _DURATION.match(str(text))
    if not found:
        raise DeadlineError(
            f"{key}: {text!r} is not a length of time such as '2 days' or '36 hours'"
        )
    number, unit = float(found.group(1)), found.group(2).rstrip("s")
    return dt.timedelta(**{f"{unit}s": number})


def parse(text: str, name: str = str(FILE)) -> Deadlines:
    """The deadlines of a deadlines.toml text.

    Raises:
        DeadlineError: naming the key: not TOML, an unknown time zone or policy, a due date
            or an extension that cannot be read, a penalty outside 0..1.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DeadlineError(f"{name}: not valid TOML ({error})") from None
    try:
        zone = ZoneInfo(data.get("timezone", "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        raise DeadlineError(
            f"{name}: timezone {data.get('timezone')!r} is not a time zone"
        ) from None
    policy = data.get("late_policy", "flag")
    if policy not in POLICIES:
        raise DeadlineError(
            f"{name}: late_policy must be one of {', '.join(POLICIES)}; got {policy!r}"
        )
    per_day = data.get("penalty_per_day", 0.0)
    if not isinstance(per_day, int | float) or isinstance(per_day, bool) or not 0 <= per_day <= 1:
        raise DeadlineError(f"{name}: penalty_per_day must be a share from 0 to 1; got {per_day!r}")
    due = {
        lesson: _when(when, f"{name}, due.{lesson}", zone)
        for lesson, when in data.get("due", {}).items()
    }
    extensions = {}
    for student, lessons in data.get("extensions", {}).items():
        if not isinstance(lessons, dict):
            raise DeadlineError(f"{name}, extensions.{student}: expected {{ lesson = '2 days' }}")
        extensions[student] = {
            lesson: _duration(extra, f"{name}, extensions.{student}.{lesson}")
            for lesson, extra in lessons.items()
        }
    return Deadlines(due, extensions, policy, float(per_day), zone.key)


def load(root: Path) -> Deadlines | None:
    """The course's deadlines, or None when grading/deadlines.toml does not exist."""
    path = Path(root) / FILE
    if not path.is_file():
        return None
    return parse(path.read_text(encoding="utf-8"), str(FILE))


def record(deadlines: Deadlines, db_url: str, submitted=()) -> None:
    """Write the due dates and extensions into the gradebook, where nbgrader reads them.

    nbgrader keeps an extension on a submission: one is granted where the submission is in
    the gradebook or in ``submitted`` (``(student, lesson)`` pairs about to be graded).
    """
    from nbgrader.api import MissingEntry

    from incentives.course.nbgrader_tools import gradebook as open_gradebook

    submitted = set(submitted)
    with open_gradebook(db_url) as gradebook:
        for lesson, when in deadlines.due.items():
            try:
                assignment = gradebook.find_assignment(lesson)
            except MissingEntry:
                continue  # a lesson not released yet
            assignment.duedate = when.replace(tzinfo=None)  # nbgrader stores naive UTC
        gradebook.db.commit()
        for student, lessons in deadlines.extensions.items():
            gradebook.update_or_create_student(student)
            for lesson, extra in lessons.items():
                if lesson not in deadlines.due:
                    continue
                try:
                    gradebook.find_submission(lesson, student)
                except MissingEntry:
                    if (student, lesson) not in submitted:
                        continue
                    gradebook.add_submission(lesson, student)
                gradebook.grant_extension(lesson, student, minutes=extra.total_seconds() / 60)


def penalty(policy: str, per_day: float, score: float, seconds_late: float) -> float:
    """Points a late submission loses under the policy (0 when on time)."""
    if seconds_late <= 0 or policy == "flag":
        return 0.0
    if policy == "zero":
        return float(score)
    days = math.ceil(seconds_late / 86_400)
    return min(float(score), float(score) * per_day * days)


def late_text(seconds_late: float) -> str:
    """'1 day 3 h' style."""
    days, rest = divmod(int(seconds_late), 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes = rest // 60
    parts = [f"{days} day{'s' * (days != 1)}"] if days else []
    if hours or days:
        parts.append(f"{hours} h")
    if not days:
        parts.append(f"{minutes} min")
    return " ".join(parts)
