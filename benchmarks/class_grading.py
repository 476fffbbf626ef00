"""A class graded two ways: nbgrader's plain sequential autograde, and `course grade --workers 2`.

    make bench      (or: python -m benchmarks.class_grading)

Two identical temporary courses get the same SUBMISSIONS generated submissions spread across
the lessons: complete, partial (the first answer blanked), blank (the lesson as released)
and broken (every answer cell a syntax error). One is graded by ``nbgrader autograde``, one
call per lesson, one submission after another; the other by ``course grade`` with two
worker processes. Both use this checkout's library. Target on the 2-core machine: the
parallel run at least 1.8 times as fast, with identical scores (student x exercise export).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from incentives.course import export, grading, nbgrader_tools

ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS = 40
KINDS = ("complete", "partial", "blank", "broken")
WORKERS = 2


def _answer_cells(nb):
    return [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("solution")]


def _write(course: Path, kind: str, lesson: str, folder: Path) -> None:
    (source,) = (course / ("lessons" if kind == "blank" else "solutions") / lesson).glob("*.ipynb")
    nb = nbformat.read(source, as_version=4)
    answers = [c for c in _answer_cells(nb) if c.cell_type == "code"]
    if kind == "partial" and answers:
        answers[0].source = "# YOUR CODE HERE\nraise NotImplementedError()"
    if kind == "broken":
        for cell in answers:
            cell.source = "this is not Python ((("
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / source.name)


def make_course(target: Path, submissions: int) -> list[str]:
    """A course folder with lessons generated and ``submissions`` submissions; its lessons."""
    shutil.copytree(ROOT / "solutions", target / "solutions")
    (target / "grading").mkdir(parents=True)
    shutil.copy(ROOT / "grading" / "nbgrader_config.py", target / "grading")
    lessons = nbgrader_tools.generate_lessons(target)
    count = len(lessons)
    for index in range(submissions):
        lesson = lessons[index % count]
        student = f"s{index // count:02d}"
        kind = KINDS[(index // count) % len(KINDS)]
        _write(target, kind, lesson, target / "grading" / "submitted" / student / lesson)
    return lessons


def _exported(course: Path):
    db_url = nbgrader_tools.load_config(course).CourseDirectory.db_url
    return export.tables(export.cell_grades(course, db_url))


def measure(submissions: int = SUBMISSIONS, workers: int = WORKERS) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-class-") as folder:
        sequential, parallel = Path(folder) / "sequential", Path(folder) / "parallel"
        lessons = make_course(sequential, submissions)
        make_course(parallel, submissions)

        config = nbgrader_tools.load_config(sequential)
        start = time.perf_counter()
        for lesson in lessons:
            nbgrader_tools._api(config).autograde(lesson, "*", force=True, create=True)
        plain = time.perf_counter() - start

        start = time.perf_counter()
        results = grading.grade(parallel, workers=workers)
        ours = time.perf_counter() - start
        if len(results) != submissions:
            raise RuntimeError(f"course grade returned {len(results)} of {submissions}")
        return {
            "submissions": submissions,
            "lessons": len(lessons),
            "sequential": plain,
            "parallel": ours,
            "identical": _exported(sequential) == _exported(parallel),
        }


def table(submissions: int = SUBMISSIONS, workers: int = WORKERS) -> str:
    m = measure(submissions, workers)
    n = m["submissions"]
    ratio = m["sequential"] / m["parallel"]
    return "\n".join(
        [
            "| run | submissions | seconds | s per submission |",
            "| --- | ---: | ---: | ---: |",
            f"| nbgrader autograde, sequential | {n} | {m['sequential']:.1f} "
            f"| {m['sequential'] / n:.2f} |",
            f"| course grade --workers {workers} | {n} | {m['parallel']:.1f} "
            f"| {m['parallel'] / n:.2f} |",
            "",
            f"speed-up {ratio:.2f} (target >= 1.8 on 2 cores); identical scores: "
            f"{'yes' if m['identical'] else 'NO'}; {m['lessons']} lessons",
        ]
    )


def main() -> int:
    print("A class graded sequentially and in parallel (benchmarks/class_grading.py)\n")
    print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
