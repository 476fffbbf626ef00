"""A class graded three ways: nbgrader's sequential autograde, and `course grade --workers 2`
with the sandbox and without it.

    make bench      (or only this one: python -m benchmarks class_grading)

Identical temporary courses get the same SUBMISSIONS generated submissions spread across
the lessons: complete, partial (the first answer blanked), blank (the lesson as released)
and broken (every answer cell a syntax error). One is graded by ``nbgrader autograde`` with
the course's own ``grading/nbgrader_config.py`` (so each kernel runs in the sandbox, as for
an instructor who runs nbgrader by hand), one call per lesson, one submission after
another. The others by ``course grade`` with two worker processes: with the sandbox (the
default) and with ``--no-sandbox``. All use this checkout's library.

The machine's speed varies while it runs (on a shared one, two- or threefold), so each
of the three is made ROUNDS times, the order reversed every other round (sandbox, no
sandbox, nbgrader; then nbgrader, no sandbox, sandbox): a steady drift then weighs on every
kind alike. Other work on the machine only ever adds time, so each target is judged on the
fastest run of each kind, the least disturbed; the table also gives the ratio of the means,
and the sandbox's cost round by round (each sandboxed run against its neighbour without).
Where it can (as root) the benchmark also counts each run's CPU seconds, its processes and
kernels together, in a cgroup of its own (:func:`cpu_clock`): the sandbox's cost in both.

Targets on the 2-core machine: the sandbox costs at most 10% of the grading time,
``course grade --workers 2`` (sandboxed) at least 1.8 times as fast as nbgrader's sequential
autograde, every run's scores identical (the student x exercise export), and each of
nbgrader's kernels started in the sandbox.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import nbformat
from sqlalchemy.exc import SAWarning

from incentives.instructor import batch, export, nbgrader_tools, sandbox

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
    """The runs in the order they are made: ``rounds`` rounds of "sandbox", "plain" and
    "sequential", every other one reversed."""
    kinds = ("sandbox", "plain", "sequential")
    return [kind for i in range(rounds) for kind in (kinds if i % 2 == 0 else kinds[::-1])]


def _cpu_cgroup() -> tuple[Path, str] | None:
    """This process's cgroup folder of a hierarchy that counts CPU time (version 1's
    ``cpuacct``, else version 2's), and the name of its counter file; None where there is
    none this user may make a cgroup in."""
    own = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for name in controllers.split(",") if controllers else ["v2"]:
            own[name] = path.lstrip("/")
    candidates = []
    if "cpuacct" in own:
        candidates.append((Path("/sys/fs/cgroup/cpuacct") / own["cpuacct"], "cpuacct.usage"))
    if "v2" in own:
        for mount in (Path("/sys/fs/cgroup/unified"), Path("/sys/fs/cgroup")):
            candidates.append((mount / own["v2"], "cpu.stat"))
    for folder, counter in candidates:
        if (folder / counter).is_file() and os.access(folder, os.W_OK):
            return folder, counter
    return None


def _cpu_seconds(counter: Path) -> float:
    text = counter.read_text()
    if counter.name == "cpu.stat":  # version 2: "usage_usec <microseconds>"
        fields = dict(line.split() for line in text.splitlines())
        return int(fields["usage_usec"]) / 1e6
    return int(text) / 1e9  # version 1's cpuacct.usage: nanoseconds


@contextlib.contextmanager
def cpu_clock():
    """Count the CPU seconds of this process and of every process it starts in the block
    (the grader, its workers, their kernels, sandboxed or not) in a cgroup made for it:
    the load of a shared machine changes them far less than wall time. Yields a list that
    gets the seconds at the end; it stays empty where no cgroup can be made (as a rule,
    for anyone but root)."""
    spent: list[float] = []
    found = _cpu_cgroup()
    group = None
    if found is not None:
        parent, counter = found
        group = parent / f"bench-class-{os.getpid()}-{time.monotonic_ns()}"
        try:
            group.mkdir()
            (group / "cgroup.procs").write_text(str(os.getpid()))
        except OSError:
            with contextlib.suppress(OSError):
                group.rmdir()
            group = None
    try:
        yield spent
    finally:
        if group is not None:
            spent.append(_cpu_seconds(group / counter))
            (parent / "cgroup.procs").write_text(str(os.getpid()))
            for _ in range(100):  # the last kernels are ending
                try:
                    group.rmdir()
                    break
                except OSError:
                    time.sleep(0.05)


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
                nbgrader_tools.api(config).autograde(lesson, "*", force=True, create=True)
            return time.perf_counter() - start, len(started)
    finally:
        sandbox.command = build


def _parallel(course: Path, submissions: int, workers: int, sandboxed: bool) -> float:
    start = time.perf_counter()
    results = batch.grade(course, workers=workers, force=True, sandboxed=sandboxed)
    seconds = time.perf_counter() - start
    if len(results) != submissions:
        raise RuntimeError(f"course grade returned {len(results)} of {submissions}")
    return seconds


def measure(submissions: int = SUBMISSIONS, workers: int = WORKERS, rounds: int = ROUNDS) -> dict:
    """Grade the class in :func:`order`; the seconds of each run by kind, wall and CPU (None
    where :func:`cpu_clock` cannot count them), the number of nbgrader's kernels started in
    the sandbox, and whether every run's export is the same."""
    with tempfile.TemporaryDirectory(prefix="bench-class-") as folder:
        courses = {kind: Path(folder) / kind for kind in ("sequential", "sandbox", "plain")}
        lessons = make_course(courses["sequential"], submissions)
        for kind in ("sandbox", "plain"):  # the same lessons, gradebook and submissions
            shutil.copytree(courses["sequential"], courses[kind], symlinks=True)
        seconds: dict[str, list[float]] = {kind: [] for kind in courses}
        cpu: dict[str, list[float]] = {kind: [] for kind in courses}
        exports = []
        sandboxed_kernels = []
        for kind in order(rounds):
            with cpu_clock() as used:
                if kind == "sequential":
                    spent, kernels = _sequential(courses[kind], lessons)
                    sandboxed_kernels.append(kernels)
                else:
                    spent = _parallel(courses[kind], submissions, workers, kind == "sandbox")
            seconds[kind].append(spent)
            cpu[kind] += used
            exports.append(_exported(courses[kind]))
        return {
            "submissions": submissions,
            "lessons": len(lessons),
            "workers": workers,
            "order": order(rounds),
            "seconds": seconds,
            "cpu": cpu if all(cpu.values()) else None,
            "sandboxed_kernels": sandboxed_kernels,
            "identical": all(each == exports[0] for each in exports),
        }


def overheads(runs: dict[str, list[float]]) -> tuple[float, float, list[float]]:
    """The sandbox's cost as a fraction of the time without it: from the fastest run of each
    kind, from their means, and in each round (a sandboxed run against the one without made
    next to it)."""
    fastest = min(runs["sandbox"]) / min(runs["plain"]) - 1
    mean = statistics.mean(runs["sandbox"]) / statistics.mean(runs["plain"]) - 1
    each = [s / p - 1 for s, p in zip(runs["sandbox"], runs["plain"], strict=True)]
    return fastest, mean, each


def _each(values: list[float], form: str) -> str:
    return ", ".join(format(value, form) for value in values)


def render(measured: dict) -> str:
    """The table of :func:`measure`'s figures, each target with "yes" or "NO"."""
    n, workers, cpu = measured["submissions"], measured["workers"], measured["cpu"]
    runs = measured["seconds"]
    fastest = {kind: min(each) for kind, each in runs.items()}
    speedup = fastest["sequential"] / fastest["sandbox"]
    mean_speedup = statistics.mean(runs["sequential"]) / statistics.mean(runs["sandbox"])
    kernels = measured["sandboxed_kernels"]

    def ok(good: bool) -> str:
        return "yes" if good else "NO"

    def cost(seconds: dict[str, list[float]], what: str) -> str:
        overhead, mean, each = overheads(seconds)
        return (
            f"| the sandbox's cost in {what}: course grade with it against --no-sandbox "
            f"| <= {MAX_OVERHEAD:.0%} | {overhead:+.1%} (means: {mean:+.1%}; each round: "
            f"{_each(each, '+.1%')}) | {ok(overhead <= MAX_OVERHEAD)} |"
        )

    labels = {
        "sequential": "nbgrader autograde, sequential (sandboxed: grading/nbgrader_config.py)",
        "sandbox": f"course grade --workers {workers}",
        "plain": f"course grade --workers {workers} --no-sandbox",
    }
    lines = [
        "| run | submissions | seconds, each run | CPU seconds, each run "
        "| s per submission, fastest run |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, label in labels.items():
        used = _each(cpu[kind], ".1f") if cpu else "-"
        lines.append(
            f"| {label} | {n} | {_each(runs[kind], '.1f')} | {used} | {fastest[kind] / n:.2f} |"
        )
    lines += [
        "",
        "| measure (fastest run of each kind) | target | measured | within target |",
        "| --- | --- | --- | --- |",
        cost(runs, "time"),
        cost(cpu, "CPU time")
        if cpu
        else "| the sandbox's cost in CPU time | <= 10% | not counted (needs a cgroup: root) | - |",
        f"| speed-up: nbgrader's sequential autograde against course grade --workers "
        f"{workers} | >= {MIN_SPEEDUP} | {speedup:.2f} (means: {mean_speedup:.2f}) "
        f"| {ok(speedup >= MIN_SPEEDUP)} |",
        f"| identical scores in all {len(measured['order'])} runs (student x exercise "
        f"export) | yes | {ok(measured['identical'])} | {ok(measured['identical'])} |",
        f"| nbgrader's kernels started in the sandbox, each run | {n} of {n} "
        f"| {_each(kernels, 'd')} of {n} | {ok(all(k == n for k in kernels))} |",
        "",
        f"{measured['lessons']} lessons; runs in this order: {', '.join(measured['order'])}; "
        "CPU seconds: the run's processes and kernels together, counted in a cgroup",
    ]
    return "\n".join(lines)


def table(submissions: int = SUBMISSIONS, workers: int = WORKERS, rounds: int = ROUNDS) -> str:
    return render(measure(submissions, workers, rounds))
