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


def shown(notebook):
    """A copy of an autograded notebook with every hidden test's code and traceback
    replaced by its result (and, for a failure, the error's type and message)."""
    import nbformat

    notebook = nbformat.from_dict(notebook)
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
