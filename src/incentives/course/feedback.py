"""Feedback for students: each test's result and message, never the hidden tests' code.

nbgrader's feedback is the autograded notebook as HTML, and the autograded notebook holds
the hidden tests (autograde puts them back to run them), both as source and inside the
traceback of a failing one. ``course feedback`` first writes a *shown* copy of each
autograded notebook, in which every cell that holds hidden tests says only "Hidden tests:
passed" or "Hidden tests: failed: AssertionError: <its message>", then has nbgrader turn
those copies into HTML with the scores (grading/feedback/<student>/<lesson>/).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from incentives.course import nbgrader_tools

# Spelled in two parts so that this file holds no marker (see incentives.course.release).
HIDDEN = "BEGIN " + "HIDDEN TESTS"
PLACEHOLDER = "# Hidden tests: their code is not shown to students."


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


def shown(notebook):
    """A copy of an autograded notebook with every hidden test's code and traceback
    replaced by its result (and, for a failure, the error's type and message), and any
    other output that quotes a hidden test's line cleared of it."""
    import nbformat

    notebook = nbformat.from_dict(notebook)
    quote_hidden_tests(notebook, remove=True)
    for cell in notebook.cells:
        if cell.cell_type != "code" or HIDDEN not in cell.source:
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            error = errors[0]
            message = f": {error.get('evalue')}" if error.get("evalue") else ""
            text = f"Hidden tests: failed: {error.get('ename')}{message}\n"
        else:
            text = "Hidden tests: passed\n"
        cell.source = PLACEHOLDER
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    return notebook


def generate(root: Path, lessons=None, students=None) -> list[Path]:
    """Write the HTML feedback of every autograded submission (of ``lessons`` and
    ``students``, all by default); returns the HTML files written."""
    import nbformat

    root = Path(root).resolve()
    autograded = root / "grading" / "autograded"
    written = []
    if not autograded.is_dir():
        return written
    with tempfile.TemporaryDirectory(prefix="course-feedback-") as tmp:
        scratch = Path(tmp) / "autograded"
        config = nbgrader_tools.load_config(root)
        config.CourseDirectory.autograded_directory = str(scratch)
        api = nbgrader_tools._api(config)
        for student_dir in sorted(p for p in autograded.iterdir() if p.is_dir()):
            if students and student_dir.name not in students:
                continue
            for lesson_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
                if lessons and lesson_dir.name not in lessons:
                    continue
                target = scratch / student_dir.name / lesson_dir.name
                shutil.copytree(lesson_dir, target)
                for path in target.glob("*.ipynb"):
                    nbformat.write(shown(nbformat.read(path, as_version=4)), path)
                nbgrader_tools._check(
                    api.generate_feedback(lesson_dir.name, student_dir.name, force=True),
                    f"feedback for {student_dir.name}/{lesson_dir.name}",
                )
                out = root / "grading" / "feedback" / student_dir.name / lesson_dir.name
                written += sorted(out.glob("*.html"))
    return written
