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
score (hand marks included) where grades are read out: ``incentives.instructor.late_penalty``.

The file is checked like data before anything is written: a key that is not one of the
above (``late_polcy``), a lesson not in solutions/, a student neither on the class list nor
in grading/submitted/, a due date without a time of day, a penalty the policy ignores, an
extension of a lesson with no due date: each is one line naming the file, its line and the
key (:class:`DeadlineError`; ``course`` exits 1), and the gradebook is left as it was.
"""

from __future__ import annotations

import datetime as dt
import difflib
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
    """grading/deadlines.toml cannot be used; the message is one line naming the file, the
    line and the key, and the problem."""


@dataclass(frozen=True)
class Deadlines:
    due: dict[str, dt.datetime] = field(default_factory=dict)  # aware, UTC
    extensions: dict[str, dict[str, dt.timedelta]] = field(default_factory=dict)
    policy: str = "flag"
    penalty_per_day: float = 0.0
    timezone: str = "UTC"  # the zone of due dates and of LMS downloads' file times


# The file's schema: each top-level key and what it holds; [due] and [extensions] are checked
# entry by entry below.
KEYS = {
    "timezone": "a time zone name such as 'Europe/Bucharest'",
    "late_policy": f"one of {', '.join(POLICIES)}",
    "penalty_per_day": "a share from 0 to 1",
    "due": "a table [due] of lesson = 'YYYY-MM-DD HH:MM'",
    "extensions": "a table [extensions] of student = { lesson = '2 days' }",
}
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key_path(line: str, at: int) -> tuple[tuple[str, ...], int]:
    """The dotted key starting at ``line[at]`` (bare or quoted parts) and where it ends."""
    parts = []
    while True:
        while at < len(line) and line[at] in " \t":
            at += 1
        if at < len(line) and line[at] in "\"'":
            close = line.find(line[at], at + 1)
            if close < 0:
                break
            parts.append(line[at + 1 : close])
            at = close + 1
        else:
            found = _BARE_KEY.match(line, at)
            if not found:
                break
            parts.append(found.group())
            at = found.end()
        while at < len(line) and line[at] in " \t":
            at += 1
        if at < len(line) and line[at] == ".":
            at += 1
            continue
        break
    return tuple(parts), at


def _inline_keys(line: str, at: int, table: tuple[str, ...]) -> dict[tuple[str, ...], int]:
    """The keys of an inline table ``{ a = 1, "b" = '2 days' }`` opening at ``line[at]``,
    mapped to 0 (the caller puts its line number)."""
    found = {}
    at += 1
    while at < len(line):
        path, at = _key_path(line, at)
        if not path or at >= len(line) or line[at] != "=":
            break
        found[table + path] = 0
        at += 1
        depth, quote = 0, None
        while at < len(line):  # skip the value, up to the next ',' or '}' of this table
            char = line[at]
            if quote:
                quote = None if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char in "[{":
                depth += 1
            elif char in "]}":
                if depth == 0:
                    break
                depth -= 1
            elif char == "," and depth == 0:
                break
            at += 1
        if at >= len(line) or line[at] == "}":
            break
        at += 1
    return found


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Where each key of a TOML text is written: ``("due", "00-start-here") -> line``
    (numbered from 1), for the key paths of table headers, ``key = value`` lines and inline
    tables on one line (all this file uses)."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            table, _ = _key_path(line, line.count("[", 0, 2))
            lines.setdefault(table, number)
            continue
        path, at = _key_path(line, 0)
        if not path or at >= len(line) or line[at] != "=":
            continue
        lines.setdefault(table + path, number)
        value = line[at + 1 :].lstrip()
        if value.startswith("{"):
            inner = _inline_keys(value, 0, table + path)
            for key in inner:
                lines.setdefault(key, number)
    return lines


class _Where:
    """Names a key of the file with its line: ``grading/deadlines.toml, line 7: due.x``."""

    def __init__(self, name: str, text: str):
        self.name = name
        self.lines = key_lines(text)

    def at(self, *path: str) -> str:
        """The file and the line of ``path`` (or of the nearest table around it)."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return f"{self.name}, line {self.lines[path[:end]]}"
        return self.name

    def __call__(self, *path: str) -> str:
        return f"{self.at(*path)}: {'.'.join(path)}"


def _when(value, key: str, zone: ZoneInfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    else:
        if isinstance(value, dt.date | dt.time):
            value = value.isoformat()
        try:
            moment = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise DeadlineError(
                f"{key}: {value!r} is not a date and time such as '2026-10-05 23:59'"
            ) from None
        if not re.search(r"\d[T ]\d", str(value)):
            raise DeadlineError(
                f"{key}: {value!r} has no time of day; write it, e.g. '{value} 23:59' "
                "(without one it is due at the day's first minute)"
            )
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


def _toml(text: str, name: str) -> dict:
    """The file's data, or a one-line DeadlineError with the line of a syntax error."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        if found:
            line, message = found.group(1), message[: found.start()]
            message += f" (column {found.group(2)})"
        else:
            line = str(max(1, len(text.splitlines())))
            message = re.sub(r"\s*\(at end of document\)$", " (at the end of the file)", message)
        raise DeadlineError(f"{name}, line {line}: not valid TOML: {message}") from None


def _unknown_key(key: str, known, where: str) -> DeadlineError:
    close = difflib.get_close_matches(key, list(known), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return DeadlineError(f"{where}: unknown key {key!r} ({hint}known: {', '.join(known)})")


def _share(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise DeadlineError(f"{where} must be a share from 0 to 1; got {value!r}")
    return float(value)


def _table(data: dict, key: str, where: _Where) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise DeadlineError(f"{where(key)} must be {KEYS[key]}; got {value!r}")
    return value


def _named(kind: str, value: str, known, hint: str) -> str | None:
    """None if ``value`` is among ``known`` (or nothing is known to check against)."""
    if known is None or value in known:
        return None
    listed = ", ".join(sorted(known)) or "none"
    return f"no {kind} {value!r} {hint} ({kind}s: {listed})"


def parse(text: str, name: str = str(FILE), lessons=None, students=None) -> Deadlines:
    """The deadlines of a deadlines.toml text, checked against the file's schema.

    Args:
        text: The file's text.
        name: The file's name in messages.
        lessons: The course's lesson ids; a due date or extension for another is an error
            (None: not checked).
        students: The ids of the class list; an extension for anyone else is an error
            (None: not checked).

    Raises:
        DeadlineError: one line naming the file, the line and the key: not TOML (with the
            line of the mistake), an unknown key, time zone, policy, lesson or student, a
            due date or an extension that cannot be read, a penalty outside 0..1, a penalty
            that the policy would ignore, an extension of a lesson with no due date.
    """
    data = _toml(text, name)
    where = _Where(name, text)
    for key in data:
        if key not in KEYS:
            raise _unknown_key(key, KEYS, where.at(key))
    zone_name = data.get("timezone", "UTC")
    try:
        zone = ZoneInfo(zone_name) if isinstance(zone_name, str) else None
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
    if zone is None:
        raise DeadlineError(f"{where('timezone')}: {zone_name!r} is not a time zone")
    policy = data.get("late_policy", "flag")
    if policy not in POLICIES:
        raise DeadlineError(
            f"{where('late_policy')} must be one of {', '.join(POLICIES)}; got {policy!r}"
        )
    per_day = _share(data.get("penalty_per_day", 0.0), where("penalty_per_day"))
    if "penalty_per_day" in data and policy != "per-day":
        raise DeadlineError(
            f"{where('penalty_per_day')} is set but late_policy is {policy!r}, which ignores it: "
            'set late_policy = "per-day" or remove penalty_per_day'
        )
    if policy == "per-day" and per_day == 0:
        raise DeadlineError(
            f'{where("late_policy")} is "per-day" but penalty_per_day is 0 or missing: '
            "give the share of the points lost per day, e.g. penalty_per_day = 0.10"
        )
    due = {}
    for lesson, when in _table(data, "due", where).items():
        problem = _named("lesson", lesson, lessons, "in solutions/")
        if problem:
            raise DeadlineError(f"{where('due', lesson)}: {problem}")
        due[lesson] = _when(when, where("due", lesson), zone)
    extensions = {}
    for student, granted in _table(data, "extensions", where).items():
        if not isinstance(granted, dict):
            raise DeadlineError(
                f"{where('extensions', student)}: expected {{ lesson = '2 days' }}; got {granted!r}"
            )
        problem = _named(
            "student",
            student,
            students,
            "on the class list (course roster) or in grading/submitted/",
        )
        if problem:
            raise DeadlineError(f"{where('extensions', student)}: {problem}")
        extensions[student] = {}
        for lesson, extra in granted.items():
            key = where("extensions", student, lesson)
            extensions[student][lesson] = _duration(extra, key)
            problem = _named("lesson", lesson, lessons, "in solutions/")
            if problem:
                raise DeadlineError(f"{key}: {problem}")
            if lesson not in due:
                raise DeadlineError(
                    f"{key}: {lesson} has no due date in [due], so the extension would do nothing"
                )
    return Deadlines(due, extensions, policy, per_day, zone.key)


def known_students(root: Path, db_url: str) -> set[str]:
    """Who may be named in [extensions]: the class list in the gradebook at ``db_url``
    (read without changing it) and everyone with a folder in grading/submitted/."""
    from incentives.instructor import roster

    submitted = Path(root) / "grading" / "submitted"
    folders = {p.name for p in submitted.iterdir() if p.is_dir()} if submitted.is_dir() else set()
    return roster.student_ids(db_url) | folders


def load(root: Path, db_url: str | None = None) -> Deadlines | None:
    """The course's deadlines, checked against its lessons (solutions/) and students (see
    :func:`known_students`; the gradebook is ``db_url``, by default the configuration's);
    None when grading/deadlines.toml does not exist.

    Raises:
        DeadlineError: see :func:`parse`.
    """
    root = Path(root)
    path = root / FILE
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DeadlineError(
            f"{FILE}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    if db_url is None:
        from incentives.instructor import nbgrader_tools

        db_url = nbgrader_tools.load_config(root).CourseDirectory.db_url
    solutions = root / "solutions"
    lessons = {p.name for p in solutions.iterdir() if p.is_dir()} if solutions.is_dir() else None
    return parse(text, str(FILE), lessons, known_students(root, db_url))


def record(deadlines: Deadlines, db_url: str, submitted=()) -> None:
    """Write the due dates and extensions into the gradebook, where nbgrader reads them.

    nbgrader keeps an extension on a submission: one is granted where the submission is in
    the gradebook or in ``submitted`` (``(student, lesson)`` pairs about to be graded).
    """
    from nbgrader.api import MissingEntry

    from incentives.instructor.nbgrader_tools import gradebook as open_gradebook

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
    """'1 day 3 h' style, in the current edition ('1 zi 3 h')."""
    from incentives.i18n import ngettext

    days, rest = divmod(int(seconds_late), 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes = rest // 60
    parts = [ngettext("{n} day", "{n} days", days).format(n=days)] if days else []
    if hours or days:
        parts.append(f"{hours} h")
    if not days:
        parts.append(f"{minutes} min")
    return " ".join(parts)
