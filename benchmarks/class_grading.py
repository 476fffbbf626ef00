"""A class graded three ways: nbgrader's sequential autograde, and `course grade --workers 2`
with the sandbox and without it.

    make bench      (or: python -m benchmarks.class_grading)

Identical temporary courses get the same SUBMISSIONS generated submissions spread across
the lessons: complete, partial (the first answer blanked), blank (the lesson as released)
and broken (every answer cell a syntax error). One is graded by ``nbgrader autograde`` with
the course's own ``grading/nbgrader_config.py`` (so each kernel runs in the sandbox, as for
an instructor who runs nbgrader by hand), one call per lesson, one submission after
another. The others by ``course grade`` with two worker processes: with the sandbox (the
default) and with ``--no-sandbox``. All use this checkout's library.

The machine's speed varies while it runs, so the parallel runs are repeated ROUNDS times
and ordered around the sequential one, sandbox and no sandbox alternating (for two rounds:
sandbox, no sandbox, nbgrader, no sandbox, sandbox): a steady drift then weighs on every
kind alike. Each ratio is taken from the mean seconds of its kind, and the sandbox's cost
also pair by pair (each sandboxed run against its neighbour without).

Targets on the 2-core machine: the sandbox costs at most 10% of the grading time,
``course grade --workers 2`` (sandboxed) at least 1.8 times as fast as nbgrader's sequential
autograde, every run's scores identical (the student x exercise export), and each of
nbgrader's kernels started in the sandbox.
"""

from __future__ import annotations

import math
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import nbformat
from sqlalchemy.exc import SAWarning

from incentives.course import export, grading, nbgrader_tools, sandbox

ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS = 40
KINDS = ("complete", "partial", "blank", "broken")
WORKERS = 2
ROUNDS = 2
MAX_OVERHEAD = 0.10
MIN_SPEEDUP = 1.8


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


def order(rounds: int) -> list[str]:
    """The runs in the order they are made: ``rounds`` pairs of "sandbox" and "plain",
    alternating which comes first, with "sequential" in the middle."""
    pairs = [("sandbox", "plain") if i % 2 == 0 else ("plain", "sandbox") for i in range(rounds)]
    half = math.ceil(rounds / 2)
    return [*sum(pairs[:half], ()), "sequential", *sum(pairs[half:], ())]


def _sequential(course: Path, lessons: list[str]) -> tuple[float, int]:
    """nbgrader's autograde of the whole class, one lesson after another, with the course's
    own configuration; its seconds and how many of its kernels started in the sandbox."""
    config = nbgrader_tools.load_config(course)
    started = []
    build = sandbox.command

    def counted(*args, **kwargs):
        started.append(1)
        return build(*args, **kwargs)

    sandbox.command = counted  # kernels.SandboxedKernelManager builds its command here
    try:
        with warnings.catch_warnings():
            # nbgrader's API warns about how it builds gradebook rows (course grade hides it)
            warnings.simplefilter("ignore", SAWarning)
            start = time.perf_counter()
            for lesson in lessons:
                nbgrader_tools._api(config).autograde(lesson, "*", force=True, create=True)
            return time.perf_counter() - start, len(started)
    finally:
        sandbox.command = build


def _parallel(course: Path, submissions: int, workers: int, sandboxed: bool) -> float:
    start = time.perf_counter()
    results = grading.grade(course, workers=workers, force=True, sandboxed=sandboxed)
    seconds = time.perf_counter() - start
    if len(results) != submissions:
        raise RuntimeError(f"course grade returned {len(results)} of {submissions}")
    return seconds


def measure(submissions: int = SUBMISSIONS, workers: int = WORKERS, rounds: int = ROUNDS) -> dict:
    """Grade the class in :func:`order`; the seconds of each run by kind, the number of
    nbgrader's kernels started in the sandbox, and whether every run's export is the same."""
    with tempfile.TemporaryDirectory(prefix="bench-class-") as folder:
        courses = {kind: Path(folder) / kind for kind in ("sequential", "sandbox", "plain")}
        lessons = make_course(courses["sequential"], submissions)
        for kind in ("sandbox", "plain"):  # the same lessons, gradebook and submissions
            shutil.copytree(courses["sequential"], courses[kind], symlinks=True)
        seconds: dict[str, list[float]] = {kind: [] for kind in courses}
        exports = []
        sandboxed_kernels = 0
        for kind in order(rounds):
            if kind == "sequential":
                spent, sandboxed_kernels = _sequential(courses[kind], lessons)
            else:
                spent = _parallel(courses[kind], submissions, workers, kind == "sandbox")
            seconds[kind].append(spent)
            exports.append(_exported(courses[kind]))
        return {
            "submissions": submissions,
            "lessons": len(lessons),
            "workers": workers,
            "order": order(rounds),
            "seconds": seconds,
            "sandboxed_kernels": sandboxed_kernels,
            "identical": all(each == exports[0] for each in exports),
        }


def pair_overheads(measured: dict) -> list[float]:
    """The sandbox's cost in each round: a sandboxed run against the run without the sandbox
    made next to it, as a fraction of the latter."""
    runs = measured["seconds"]
    return [s / p - 1 for s, p in zip(runs["sandbox"], runs["plain"], strict=True)]


def render(measured: dict) -> str:
    """The table of :func:`measure`'s figures, each target with "yes" or "NO"."""
    n, workers = measured["submissions"], measured["workers"]
    mean = {kind: statistics.mean(runs) for kind, runs in measured["seconds"].items()}
    overhead = mean["sandbox"] / mean["plain"] - 1
    speedup = mean["sequential"] / mean["sandbox"]
    pairs = ", ".join(f"{each:+.1%}" for each in pair_overheads(measured))
    kernels = measured["sandboxed_kernels"]

    def ok(good: bool) -> str:
        return "yes" if good else "NO"

    labels = {
        "sequential": "nbgrader autograde, sequential (sandboxed: grading/nbgrader_config.py)",
        "sandbox": f"course grade --workers {workers}",
        "plain": f"course grade --workers {workers} --no-sandbox",
    }
    lines = [
        "| run | submissions | seconds, each run | mean s per submission |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, label in labels.items():
        runs = ", ".join(f"{s:.1f}" for s in measured["seconds"][kind])
        lines.append(f"| {label} | {n} | {runs} | {mean[kind] / n:.2f} |")
    lines += [
        "",
        "| measure | target | measured | within target |",
        "| --- | --- | --- | --- |",
        f"| the sandbox's cost: course grade with it against --no-sandbox | <= "
        f"{MAX_OVERHEAD:.0%} | {overhead:+.1%} (each round: {pairs}) "
        f"| {ok(overhead <= MAX_OVERHEAD)} |",
        f"| speed-up: nbgrader's sequential autograde against course grade --workers "
        f"{workers} | >= {MIN_SPEEDUP} | {speedup:.2f} | {ok(speedup >= MIN_SPEEDUP)} |",
        f"| identical scores in all {len(measured['order'])} runs (student x exercise "
        f"export) | yes | {ok(measured['identical'])} | {ok(measured['identical'])} |",
        f"| nbgrader's kernels started in the sandbox | {n} of {n} | {kernels} of {n} "
        f"| {ok(kernels == n)} |",
        "",
        f"{measured['lessons']} lessons; runs in this order: {', '.join(measured['order'])}",
    ]
    return "\n".join(lines)


def table(submissions: int = SUBMISSIONS, workers: int = WORKERS, rounds: int = ROUNDS) -> str:
    return render(measure(submissions, workers, rounds))


def main() -> int:
    print(
        "A class graded by nbgrader and by course grade, with and without the sandbox "
        "(benchmarks/class_grading.py)\n"
    )
    print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
