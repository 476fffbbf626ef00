"""How long autograding takes, and how big an autograded notebook is.

    make bench      (or only this one: python -m benchmarks grading)

A temporary course gets SUBMISSIONS copies of lesson 01's solution, one per student, and
one ``nbgrader autograde`` call grades them all, as an instructor would after collecting a
class. Targets: at most 30 s for 10 submissions, at most 200 KB per autograded notebook.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from incentives.instructor import nbgrader_tools

ROOT = Path(__file__).resolve().parent.parent
LESSON = "01-two-departments"
SUBMISSIONS = 10


def measure(submissions: int = SUBMISSIONS) -> tuple[float, int]:
    """Seconds for one autograde call over ``submissions`` students, and the size in bytes
    of the largest autograded notebook."""
    with tempfile.TemporaryDirectory() as folder:
        course = Path(folder)
        shutil.copytree(ROOT / "solutions", course / "solutions")
        (course / "grading").mkdir()
        nbgrader_tools.generate_lessons(ROOT, course_root=course, ids=[LESSON])
        config = nbgrader_tools.load_config(ROOT, course_root=course)
        for index in range(1, submissions + 1):
            shutil.copytree(
                ROOT / "solutions" / LESSON,
                course / "grading" / "submitted" / f"student{index:02d}" / LESSON,
            )
        start = time.perf_counter()
        nbgrader_tools.autograde(config, LESSON, "*")
        seconds = time.perf_counter() - start
        graded = list((course / "grading" / "autograded").glob(f"*/{LESSON}/*.ipynb"))
        if len(graded) != submissions:
            raise RuntimeError(f"autograded {len(graded)} of {submissions} submissions")
        return seconds, max(path.stat().st_size for path in graded)


def table(submissions: int = SUBMISSIONS) -> str:
    seconds, size = measure(submissions)
    return "\n".join(
        [
            "| lesson | submissions | one autograde call (s) | s per submission "
            "| largest autograded notebook (KB) |",
            "| --- | ---: | ---: | ---: | ---: |",
            f"| {LESSON} | {submissions} | {seconds:.1f} | {seconds / submissions:.2f} "
            f"| {size / 1000:.0f} |",
        ]
    )
