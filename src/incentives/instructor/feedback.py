"""Feedback for students: each test's result and message, never the hidden tests' code.

nbgrader's feedback is the autograded notebook as HTML, and the autograded notebook holds
the hidden tests (autograde puts them back to run them), both as source and inside the
traceback of a failing one. ``course feedback`` first writes a *shown* copy of each
autograded notebook, in which every cell that holds hidden tests says only "Hidden tests:
passed" or "Hidden tests: failed: AssertionError: <its message>", then has nbgrader turn
those copies into HTML with the scores (grading/feedback/<student>/<lesson>/).

The page is the course's own template (feedback_templates/feedback): each test and
answer is named after its exercise ("Exercise 1: cost per lead (3 points), hidden tests"),
a written answer not marked yet (or whose mark was set aside because the answer changed)
says "not marked yet", never "0 / 3", and the total is the export's: hand marks included,
the late penalty taken once from the final score, marked provisional while an answer waits
for its mark. The page loads nothing from anywhere (no MathJax, which the lessons do not
need; a Content-Security-Policy forbids any fetch an output might ask for).

A page speaks its submission's edition: a Romanian lesson's (``00-start-here-ro``) feedback
is in Romanian, its own words included (the labels, "Hidden tests: passed", the total, the
late line: the library's catalog), whatever the edition the instructor runs ``course`` in.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from incentives.i18n import N_, _, edition, formatted, ngettext
from incentives.instructor import nbgrader_tools, translated_lessons

# The course's feedback template: nbgrader's API asks for a template named "feedback", found
# first in TEMPLATES (nbgrader's own is not on the path then).
TEMPLATES = Path(__file__).parent / "feedback_templates"

# Spelled in two parts so that this file holds no marker (see incentives.instructor.release).
HIDDEN = "BEGIN " + "HIDDEN TESTS"
PLACEHOLDER = N_("# Hidden tests: their code is not shown to students.")


REMOVED = "[a line of a hidden test's code: not shown]"
SHORTEST_QUOTE = 8  # characters: shorter lines ("assert x", ")") say nothing of a test


def hidden_lines(notebook) -> set[str]:
    """The lines of the hidden tests in an autograded notebook, stripped (those long enough
    to tell a test apart: see :data:`SHORTEST_QUOTE`)."""
    lines = set()
    for cell in notebook.get("cells", []):
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "code" and HIDDEN in source:
            lines |= {ln.strip() for ln in source.splitlines() if len(ln.strip()) >= SHORTEST_QUOTE}
    return lines - {f"### {HIDDEN}", "### END " + "HIDDEN TESTS"}


def _output_texts(output) -> list[tuple[dict, str]]:
    """(container, key) pairs of an output's texts: stream text, error parts, display data."""
    found = []
    if "text" in output:
        found.append((output, "text"))
    for key in ("evalue",):
        if key in output:
            found.append((output, key))
    data = output.get("data", {})
    for key in data:
        if key.startswith("text/"):
            found.append((data, key))
    return found


def quote_hidden_tests(notebook, lines: set[str] | None = None, *, remove: bool = False):
    """The grade ids (or cell numbers) of the cells, other than the hidden tests' own,
    whose outputs quote a line of a hidden test (a submission that caught the tests' code
    as it ran and printed it later). With ``remove``, those lines are replaced by
    :data:`REMOVED` in place."""
    lines = hidden_lines(notebook) if lines is None else lines
    quoting = []
    if not lines:
        return quoting
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if "".join(cell.get("source", "")).find(HIDDEN) >= 0:
            continue
        for output in cell.get("outputs", []):
            texts = _output_texts(output)
            if output.get("traceback"):
                texts += [(output["traceback"], i) for i in range(len(output["traceback"]))]
            for holder, key in texts:
                value = holder[key]
                text = "".join(value) if isinstance(value, list) else str(value)
                kept = text.splitlines(keepends=True)
                hits = [i for i, ln in enumerate(kept) if any(h in ln for h in lines)]
                if not hits:
                    continue
                name = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                quoting.append(name or f"#{number}")
                if remove:
                    for i in hits:
                        kept[i] = REMOVED + ("\n" if kept[i].endswith("\n") else "")
                    holder[key] = "".join(kept)
    return sorted(set(quoting), key=quoting.index)


def _label(cell, exercise: str | None, hidden: bool) -> str:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    name = exercise or meta.get("grade_id", "")
    if meta.get("solution"):
        return _("{name}, your answer").format(name=name)
    if hidden:
        return _("{name}, hidden tests").format(name=name)
    return _("{name}, visible test").format(name=name)


def _points(value: float) -> str:
    """Points as ``{:g}`` writes them, with the edition's decimal mark (2.5; 2,5)."""
    return formatted(value, "g")


def words() -> dict[str, str]:
    """The feedback page's own words and language, in the current edition (the template
    reads them from the notebook's ``metadata.course_words``)."""
    return {
        "lang": edition(),
        "feedback": _("feedback"),
        "score": _("Score"),
        "not_marked": _("not marked yet"),
        "comment_on": _("Comment on"),
        "comments": _("Comments:"),
        "top": _("Top"),
        "decimal": formatted(0.5, ".1f")[1],
    }


def shown(notebook, exercises: dict[str, str] | None = None, unmarked=()):
    """A copy of an autograded notebook with every hidden test's code and traceback
    replaced by its result (and, for a failure, the error's type and message), and any
    other output that quotes a hidden test's line cleared of it.

    Args:
        notebook: The autograded notebook (a dict or a NotebookNode).
        exercises: ``grade_id -> exercise label`` (:func:`incentives.instructor.export.
            exercise_of_cells`): each graded or answer cell is labelled after its exercise
            in ``metadata.course.label``, which the feedback page shows.
        unmarked: Grade ids of the answers not marked yet (``metadata.course.unmarked``).
    """
    import nbformat

    notebook = nbformat.from_dict(notebook)
    quote_hidden_tests(notebook, remove=True)
    unmarked = set(unmarked)
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        hidden = cell.cell_type == "code" and HIDDEN in cell.source
        if meta.get("grade_id") and (meta.get("grade") or meta.get("solution")):
            name = meta["grade_id"]
            cell.metadata["course"] = {
                "label": _label(cell, (exercises or {}).get(name), hidden),
                "unmarked": name in unmarked,
            }
        if not hidden:
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            error = errors[0]
            message = f": {error.get('evalue')}" if error.get("evalue") else ""
            text = _("Hidden tests: failed: {error}").format(error=f"{error.get('ename')}{message}")
            text += "\n"
        else:
            text = _("Hidden tests: passed") + "\n"
        cell.source = _(PLACEHOLDER)
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    return notebook


def page_facts(grades, lateness: dict, policy, student: str, lesson: str, notebook: str) -> dict:
    """The feedback page's total, provisional note and late line for one notebook, from the
    same grades as the export (:class:`incentives.instructor.export.Grades`)."""
    from incentives.instructor import deadlines, late_penalty

    rows = [r for r in grades.rows if (r.student, r.lesson) == (student, lesson)]
    mine = [r for r in rows if r.notebook == notebook]
    if not mine:
        return {}
    lost = grades.penalties.get((student, lesson), 0.0)
    whole_lesson = len({r.notebook for r in rows}) == 1
    points = sum(r.score for r in mine) - (lost if whole_lesson else 0.0)
    top = sum(r.max_score for r in mine)
    total = _("Score: {points} / {top}").format(points=_points(max(0.0, points)), top=_points(top))
    facts = {"total": total}
    waiting = sum(r.needs_grading for r in mine)
    if waiting:
        facts["total"] += _(", provisional")
        facts["provisional"] = ngettext(
            "Provisional: {count} written answer not marked yet; the score will change when it is.",
            "Provisional: {count} written answers not marked yet; the score will change "
            "when they are.",
            waiting,
        ).format(count=waiting)
    seconds = lateness.get((student, lesson))
    if seconds:
        cost = _("-{points} points").format(points=_points(lost)) if lost else _("no points taken")
        late = _("Late by {time}: {cost} ({policy})")
        if not whole_lesson:
            late = _("Late by {time}: {cost} from the lesson's total ({policy})")
        facts["late"] = late.format(
            time=deadlines.late_text(seconds),
            cost=cost,
            policy=late_penalty.describe(policy, seconds),
        )
    return facts


def _config(root: Path, scratch: Path):
    config = nbgrader_tools.load_config(root)
    config.CourseDirectory.autograded_directory = str(scratch)
    config.HTMLExporter.template_name = "feedback"
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]
    return config


def generate(root: Path, lessons=None, students=None) -> list[Path]:
    """Write the HTML feedback of every autograded submission (of ``lessons`` and
    ``students``, all by default); returns the HTML files written."""
    import nbformat

    from incentives.instructor import export, late_penalty

    root = Path(root).resolve()
    autograded = root / "grading" / "autograded"
    written = []
    if not autograded.is_dir():
        return written
    with tempfile.TemporaryDirectory(prefix="course-feedback-") as tmp:
        scratch = Path(tmp) / "autograded"
        config = _config(root, scratch)
        db_url = config.CourseDirectory.db_url
        grades = export.read(root, db_url)
        lateness = late_penalty.lateness(db_url)
        policy = late_penalty.policy_of(root)
        api = nbgrader_tools.api(config)
        labels: dict[str, dict[str, str]] = {}
        for student_dir in sorted(p for p in autograded.iterdir() if p.is_dir()):
            if students and student_dir.name not in students:
                continue
            for lesson_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
                if lessons and lesson_dir.name not in lessons:
                    continue
                student, lesson = student_dir.name, lesson_dir.name
                language = translated_lessons.edition_of(lesson)
                exercises = labels.setdefault(
                    lesson, export.exercise_of_cells(root, lesson, language)
                )
                target = scratch / student / lesson
                shutil.copytree(lesson_dir, target)
                for path in target.glob("*.ipynb"):
                    unmarked = {
                        r.grade_id
                        for r in grades.rows
                        if (r.student, r.lesson, r.notebook) == (student, lesson, path.stem)
                        and r.needs_grading
                    }
                    with translated_lessons.in_edition(language):
                        page = shown(nbformat.read(path, as_version=4), exercises, unmarked)
                        facts = page_facts(grades, lateness, policy, student, lesson, path.stem)
                        page.metadata["course_words"] = words()
                    if facts:
                        page.metadata["course_feedback"] = facts
                    nbformat.write(page, path)
                nbgrader_tools.require_success(
                    api.generate_feedback(lesson, student, force=True),
                    f"feedback for {student}/{lesson}",
                )
                out = root / "grading" / "feedback" / student / lesson
                written += sorted(out.glob("*.html"))
    return written


def to_exchange(root: Path, written: list[Path]) -> tuple[str | None, list[str]]:
    """Release the feedback of the lessons of ``written`` (:func:`generate`'s pages) to
    nbgrader's exchange, where the course sets one (a hub's), for the students to fetch.

    Returns:
        The exchange's folder and the lessons whose feedback was released; ``(None, [])``
        where there is no exchange.

    Raises:
        NbgraderError: nbgrader's release failed (with its log).
    """
    exchange, nbgrader = nbgrader_tools.exchange_api(root)
    if not exchange:
        return None, []
    lessons = sorted({path.parts[-2] for path in written})
    for lesson in lessons:
        nbgrader_tools.require_success(
            nbgrader.release_feedback(lesson), f"release feedback {lesson}"
        )
    return exchange, lessons
