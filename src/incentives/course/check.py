"""``course check``: a self-learner grades their own notebook with the hidden tests.

A learner working alone has the visible tests in each lesson; the hidden ones live in
solutions/. ``course check LESSON [NOTEBOOK]`` grades the learner's copy (by default
``work/LESSON/LESSON.ipynb``, as ``course work`` made it) exactly as ``course grade`` grades a
class, but in a throwaway course in a temporary folder: its own copy of the lesson's
solution and of the nbgrader configuration, its own gradebook, one student ("self-check").
Of the course's grading/, only nbgrader_config.py is read: its gradebook, submissions,
autograded notebooks and feedback are never opened or written.

It reports each autograded cell's points and, for a failing test, only its error's last
line ("AssertionError: ..."), never the hidden test's code; and it keeps nbgrader's HTML
feedback (hidden tests replaced by their results, see :mod:`incentives.instructor.feedback`)
in the work folder, ``work/feedback/LESSON/``.

A Romanian lesson (``00-start-here-ro``, or ``00-ro``; or ``--edition ro``), the learner's
copy ``work/00-start-here-ro/00-start-here-ro.ipynb`` as ``make lab EDITION=ro`` made it, is
graded against the Romanian solution built from the English one and its catalog
(:func:`incentives.instructor.translated_lessons.build`, in the temporary course), its kernel
running with ``INCENTIVES_EDITION=ro``, and its feedback page is in Romanian (the feedback
module writes each page in its submission's edition).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from incentives.course import work
from incentives.i18n.editions import EDITIONS, N_, translation
from incentives.i18n.formats import formatted
from incentives.instructor import (
    batch,
    catalogs,
    feedback,
    flagging,
    nbgrader_tools,
    submissions,
    translated_lessons,
    workers,
)

STUDENT = "self-check"
"""The one student of the temporary course."""

# What an error with no message of its own means in a lesson.
HINTS = {
    "NotImplementedError": N_(
        "the answer is still the stub: put your code in place of `raise NotImplementedError()`"
    ),
}
# The report's words, in the checked lesson's edition (a Romanian lesson: Romanian).
PASSED, FAILED = N_("passed"), N_("FAILED")
STARTED = N_("Checking {notebook} with the tests of {lesson}, hidden ones included...")
AUTOGRADED = N_("Autograded: {score} / {max_score} points")
BY_HAND = N_("Marked by a person, not checked here: {marked}")
NOTE = N_("Note: {note}")
FEEDBACK = N_("Feedback (HTML, hidden tests shown only as results): {path}")
WROTE_TO_STDERR = N_("the test wrote to stderr (a warning?), which scores 0")
NO_MESSAGE = N_("no points (nbgrader gave no error message)")
MISSING_CELL = N_("the test cell is missing from the notebook (deleted?)")


def language_of(lesson: str) -> str:
    """The edition a lesson is in: "ro" for a Romanian lesson (``<lesson>-ro``), else "en"."""
    return "ro" if lesson.endswith("-ro") else "en"


def said(text: str, lesson: str, /, **values) -> str:
    """One of the report's texts in ``lesson``'s edition, its ``{placeholders}`` filled."""
    return translation(text, language_of(lesson)).format(**values)


def started_line(notebook: Path, lesson: str) -> str:
    """The line printed before a check starts."""
    return said(STARTED, lesson, notebook=shown_path(notebook), lesson=lesson)


FEEDBACK_FOLDER = "feedback"
"""Where, in the work folder, the HTML feedback is kept (``work/feedback/LESSON/``)."""


class CheckError(Exception):
    """The notebook cannot be checked; the message says why, in one sentence or two."""


@dataclass(frozen=True)
class Exercise:
    """One autograded (test) cell's result.

    ``message`` is the failing test's error, its last line (``AssertionError: ...``);
    None when the test passed.
    """

    grade_id: str
    score: float
    max_score: float
    message: str | None = None

    @property
    def passed(self) -> bool:
        return self.score >= self.max_score


@dataclass
class Check:
    """What ``course check`` found: the autograded cells in notebook order, the answers a
    person grades (not checked here, ``grade_id -> max points``), notes worth a look (a
    test that wrote to stderr, a cell stopped at its time limit...) and the HTML feedback."""

    lesson: str
    notebook: Path
    exercises: list[Exercise]
    by_hand: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    feedback: list[Path] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(e.score for e in self.exercises)

    @property
    def max_score(self) -> float:
        return sum(e.max_score for e in self.exercises)


def require_full_course(root: Path) -> None:
    """Raise :class:`CheckError` unless ``root`` holds the hidden tests and nbgrader's
    configuration (the student edition holds neither)."""
    if not (root / "solutions").is_dir() or not (root / nbgrader_tools.CONFIG_FILE).is_file():
        raise CheckError(
            f"`course check` needs the full course repository (solutions/ with the hidden "
            f"tests, and {nbgrader_tools.CONFIG_FILE.as_posix()}), which this copy, {root}, "
            "does not hold: it is the student edition, whose visible tests still check "
            "your answers in each lesson."
        )


def check(
    root: Path,
    lesson_id: str,
    notebook: Path | None = None,
    work_folder: Path | None = None,
    started: Callable[[str, Path], None] | None = None,
    edition: str | None = None,
) -> Check:
    """Grade a learner's notebook with the lesson's hidden tests, in a temporary course.

    Args:
        root: The course root (the full repository, with solutions/).
        lesson_id: The lesson's folder name, or the start of it (``"02"``); a translated
            edition's with its language after it (``"00-start-here-ro"``, ``"00-ro"``).
        notebook: The notebook to check (default: the work folder's copy of the lesson).
        work_folder: The learner's work folder (default: ``root/work``); the HTML feedback
            is kept in its ``feedback/LESSON/`` folder.
        started: Called with the lesson id and the notebook once both are found, as the
            grading starts (for a progress line).
        edition: The lesson's edition (``"ro"``: ``"00"`` is then ``00-start-here-ro``);
            by default the one ``lesson_id`` names (English without a language after it).

    Returns:
        The :class:`Check`: points per autograded cell, failing tests' messages, feedback.

    Raises:
        CheckError: the student edition, an unknown lesson or edition, a lesson with no
            complete catalog in the edition asked for, a missing notebook or one that is not
            a notebook, or a notebook nbgrader could not run to the end.
    """
    root = Path(root).resolve()
    require_full_course(root)
    work_folder = Path(work_folder) if work_folder else root / "work"
    lesson, notebook, name = _find_notebook(root, lesson_id, notebook, work_folder, edition)
    if started:
        started(lesson, notebook)
    with tempfile.TemporaryDirectory(prefix="course-check-", dir=workers.scratch_parent()) as tmp:
        course = _temporary_course(root, lesson, Path(tmp))
        submitted = course / "grading" / "submitted" / STUDENT / lesson
        submitted.mkdir(parents=True)
        shutil.copyfile(notebook, submitted / name)
        # The learner's own code on the learner's own machine, as in JupyterLab: no sandbox
        # (which bubblewrap, on Linux only, would need), and no flag saying so.
        (result,) = batch.grade(course, workers=1, sandboxed=False)
        result.flags = [f for f in result.flags if f != flagging.NO_SANDBOX_FLAG]
        if not result.graded:
            raise CheckError(f"cannot check {notebook}: {'; '.join(result.flags)}")
        db_url = nbgrader_tools.load_config(course).CourseDirectory.db_url
        scores = nbgrader_tools.cell_scores_at(db_url, lesson, STUDENT)
        found = Check(
            lesson,
            notebook,
            _exercises(course / "grading" / "autograded" / STUDENT / lesson / name, scores, lesson),
            by_hand={s.grade_id: s.max_score for s in scores if s.kind == "manual"},
            notes=result.flags,
        )
        kept = work_folder / FEEDBACK_FOLDER / lesson
        for html in feedback.generate(course, lessons=[lesson], students=[STUDENT]):
            kept.mkdir(parents=True, exist_ok=True)
            found.feedback.append(Path(shutil.copyfile(html, kept / html.name)))
    return found


def find_lesson(root: Path, lesson_id: str, edition: str | None = None) -> str:
    """The assignment ``lesson_id`` names in ``edition``: ``00`` is ``00-start-here``;
    ``00-ro``, ``00-start-here-ro`` or ``00`` with ``edition="ro"`` is ``00-start-here-ro``.

    Raises:
        CheckError: an unknown lesson (the message lists the lessons), an edition that is
            not the course's, or a lesson not translated (completely) into the edition.
    """
    if edition is not None and edition not in EDITIONS:
        raise CheckError(f"{edition!r} is not an edition of the course: {_editions()}")
    named = next(
        (lang for lang in translated_lessons.languages() if lesson_id.endswith(f"-{lang}")), None
    )
    stem = lesson_id.removesuffix(f"-{named}") if named else lesson_id
    if named and edition and named != edition:
        raise CheckError(
            f"{lesson_id} is a lesson of the {named!r} edition, not of the {edition!r} one"
        )
    try:
        english = work.find_lesson(root / "solutions", stem)
    except FileNotFoundError as error:
        other = _unknown_edition(root, lesson_id)
        raise CheckError(other or str(error)) from None
    language = named or edition or EDITIONS[0]
    if language == EDITIONS[0]:
        return english
    catalog = catalogs.catalog_path(root, english, language)
    if not catalog.is_file():
        have = ", ".join(translated_lessons.translated_lessons(root, language)) or "none yet"
        raise CheckError(
            f"{english} has no {language!r} edition: no catalog "
            f"{catalog.relative_to(root).as_posix()} (the lessons translated: {have})"
        )
    problems = catalogs.problems(root, english, language)
    if problems:
        raise CheckError(
            f"{english} cannot be checked in {language!r}: its catalog "
            f"{catalog.relative_to(root).as_posix()} has {len(problems)} entries to fix "
            f"(`course translations check {english}` lists them)"
        )
    return translated_lessons.assignment_id(english, language)


def _editions() -> str:
    return "the editions are " + ", ".join(EDITIONS)


def _unknown_edition(root: Path, lesson_id: str) -> str | None:
    """Why ``lesson_id`` names no lesson when it is a lesson's with an edition the course
    does not have after it (``00-start-here-fr``); None otherwise."""
    stem, dash, language = lesson_id.rpartition("-")
    if not dash or not language.isalpha() or len(language) != 2 or not stem:
        return None
    try:
        work.find_lesson(root / "solutions", stem)
    except FileNotFoundError:
        return None
    return f"{lesson_id}: {language!r} is not an edition of the course ({_editions()})"


def _find_notebook(
    root: Path, lesson_id: str, notebook: Path | None, work_folder: Path, edition: str | None
) -> tuple[str, Path, str]:
    """The lesson, the notebook to check (the work folder's copy by default) and the name it
    is graded under; :class:`CheckError` for an unknown lesson or edition or a notebook that
    is missing or not a notebook, before anything is graded."""
    lesson = find_lesson(root, lesson_id, edition)
    english = translated_lessons.english_lesson(lesson)
    if english != lesson:  # a translated lesson's one notebook is named after it
        expected = [f"{lesson}.ipynb"]
    else:
        expected = sorted(p.name for p in (root / "solutions" / lesson).glob("*.ipynb"))
    if not expected:
        raise CheckError(f"the lesson {lesson} has no notebook in solutions/{lesson}/")
    if notebook is None:
        notebook = work_folder / lesson / expected[0]
        if not notebook.exists():
            language = translated_lessons.edition_of(lesson)
            made_by = (
                f"`make lab EDITION={language}` (or `course work --edition {language}`)"
                if english != lesson
                else "`make lab` (or `course work`)"
            )
            raise CheckError(
                f"no notebook at {notebook}, your copy of the lesson: {made_by} makes it, or "
                "give the path of the notebook to check"
            )
    notebook = Path(notebook)
    if notebook.is_dir():
        raise CheckError(f"{notebook} is a folder: give the notebook's path (its .ipynb file)")
    if not notebook.is_file():
        raise CheckError(f"no notebook at {notebook}")
    flags, gradable = submissions.precheck(
        submissions.Submission(STUDENT, lesson, notebook.parent), [notebook.name]
    )
    if gradable:
        flags, gradable = _is_notebook(notebook)
    if not gradable:
        raise CheckError(f"cannot check {notebook}: {flags[0]}")
    return lesson, notebook, _submitted_name(notebook, expected)


def _submitted_name(notebook: Path, expected: list[str]) -> str:
    """The lesson's notebook name the learner's notebook is graded as: its own name if it is
    one of the lesson's, else the lesson's only one."""
    if notebook.name in expected:
        return notebook.name
    if len(expected) == 1:
        return expected[0]
    raise CheckError(
        f"the lesson has several notebooks ({', '.join(expected)}): "
        f"name {notebook.name} after the one it answers"
    )


def _is_notebook(path: Path) -> tuple[list[str], bool]:
    """:func:`submissions.precheck`'s answer for a JSON file, which may still not be a notebook
    (read cheaply: nbformat is slow to import, and the grading has not started yet)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "nbformat" in data and isinstance(data.get("cells"), list):
        return [], True
    return ["it is JSON, but not a notebook (no nbformat version and list of cells)"], False


def _temporary_course(root: Path, lesson: str, course: Path) -> Path:
    """A course in ``course`` holding the lesson's solution and the course's nbgrader
    configuration, bound to its own gradebook whatever ``COURSE_GRADEBOOK_URL`` says.

    A translated lesson's course holds its English solution and catalog, from which its
    solution is built and recorded in that gradebook (``build/<language>/solutions/``); the
    feedback reads its exercises' names there too."""
    english = translated_lessons.english_lesson(lesson)
    shutil.copytree(root / "solutions" / english, course / "solutions" / english)
    config = course / nbgrader_tools.CONFIG_FILE
    config.parent.mkdir(parents=True)
    own = f"sqlite:///{nbgrader_tools.new_gradebook(course / 'grading' / 'gradebook.db')}"
    text = (root / nbgrader_tools.CONFIG_FILE).read_text(encoding="utf-8")
    config.write_text(
        f"{text}\n# course check: a temporary course with its own gradebook.\n"
        f"c.CourseDirectory.db_url = {own!r}\n",
        encoding="utf-8",
    )
    if english != lesson:
        language = translated_lessons.edition_of(lesson)
        catalog = catalogs.catalog_path(course, english, language)
        catalog.parent.mkdir(parents=True)
        shutil.copyfile(catalogs.catalog_path(root, english, language), catalog)
        translated_lessons.build(course, [english], language=language, record=True)
    return course


def _exercises(autograded: Path, scores, lesson: str) -> list[Exercise]:
    """The autograded cells, in notebook order, with each failing test's message (ours in
    ``lesson``'s edition)."""
    points = {s.grade_id: s for s in scores if s.kind == "autograded"}
    cells = json.loads(autograded.read_text(encoding="utf-8")).get("cells", [])
    exercises = []
    for cell in cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id not in points:
            continue
        score = points.pop(grade_id)
        exercises.append(
            Exercise(grade_id, score.score or 0.0, score.max_score, _message(cell, score, lesson))
        )
    # A test cell the learner deleted is not in the notebook, but is still graded (0).
    for grade_id, score in points.items():
        message = said(MISSING_CELL, lesson)
        exercises.append(Exercise(grade_id, score.score or 0.0, score.max_score, message))
    return exercises


def _message(cell: dict, score, lesson: str) -> str | None:
    """A failing test's error as its traceback's last line says it, or why it scored 0."""
    if (score.score or 0.0) >= score.max_score:
        return None
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            name, value = str(output.get("ename")), str(output.get("evalue") or "").strip()
            if value:
                return f"{name}: {value}"
            return f"{name}: {said(HINTS[name], lesson)}" if name in HINTS else name
    if any(o.get("name") == "stderr" for o in cell.get("outputs", [])):
        return said(WROTE_TO_STDERR, lesson)
    return said(NO_MESSAGE, lesson)


def shown_path(path: Path) -> str:
    """A path as the learner typed it: relative to the current folder where it is under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def summary(found: Check) -> str:
    """The learner's report: one line per autograded cell with each failure's message under
    it, the total, the answers a person marks, notes and where the HTML feedback is."""
    lesson, language = found.lesson, language_of(found.lesson)

    def points(value: float) -> str:
        return formatted(value, "g", language)

    width = max((len(e.grade_id) for e in found.exercises), default=0)
    lines = []
    for exercise in found.exercises:
        mark = said(PASSED if exercise.passed else FAILED, lesson)
        scored = f"{points(exercise.score)} / {points(exercise.max_score)}"
        lines.append(f"  {exercise.grade_id:<{width}}  {scored:>9}  {mark}")
        if exercise.message:
            lines += [f"      {line}" for line in exercise.message.splitlines()]
    total = said(AUTOGRADED, lesson, score=points(found.score), max_score=points(found.max_score))
    lines += ["", total]
    if found.by_hand:
        marked = ", ".join(f"{g} ({points(p)})" for g, p in found.by_hand.items())
        lines.append(said(BY_HAND, lesson, marked=marked))
    lines += [said(NOTE, lesson, note=note) for note in found.notes]
    for path in found.feedback:
        lines.append(said(FEEDBACK, lesson, path=shown_path(path)))
    return "\n".join(lines)
