"""Grade a class: every submission autograded by parallel workers, one writer to the gradebook.

nbgrader grades one submission at a time, and its SQLite gradebook is unsafe with several
writers (a "database is locked" during autograde deletes that student's autograded folder
and stops the run). ``course grade`` therefore runs nbgrader in worker processes that never
touch the course's gradebook:

1. The gradebook is copied once (a *snapshot*) at the start of the batch.
2. Each submission is graded by one of N long-lived worker processes
   (:class:`incentives.instructor.workers.Worker`) against its own copy of the snapshot (so
   cell ids match), writing its autograded notebook into a scratch folder. A kernel that
   cannot start (a port clash) is retried once; a worker that runs past a submission's time
   limit, or dies, is replaced and the submission flagged.
3. The worker reads its results back out of its copy; the main process alone writes each
   finished submission into the course's gradebook, in one transaction per submission
   (:mod:`incentives.instructor.merge`): the automatic scores, comments and the submission's
   time. Then the autograded folder is moved into grading/autograded/.

A hand mark belongs to the answer it was given to: a mark whose answer has changed since it
was marked is set aside (:func:`incentives.instructor.merge.set_aside`), cleared from the
gradebook and kept in graded.json's ``history`` with the submission flagged. No late
penalty is written: it is taken from the final score where grades are read out
(:mod:`incentives.instructor.late_penalty`), so grading again, before or after hand marking,
leaves the same gradebook.

Every submission is checked first (:func:`incentives.instructor.submissions.precheck`); one
that cannot be graded (not a notebook, a missing notebook) is flagged with a reason and the
batch goes on; its files are never changed. A record of what was graded
(:mod:`incentives.instructor.record`: each submission's files' digest) lets a second run
grade only new or changed submissions unless ``force``. The final gradebook equals a
sequential run's whatever the order in which workers finish (tested).

Nothing is lost if the grader is killed (tested with ``kill -9`` mid-batch). A batch that
will change a SQLite gradebook first copies it to grading/backups/
(:mod:`incentives.instructor.backups`). Each finished submission is recorded in four steps,
each atomic (:func:`finish`): its autograded folder moved into place; its results written
into the record as *pending* (a temporary file renamed over the record); the gradebook
transaction; the record marked graded. The next run grades again a submission killed
before its pending record (nothing of it reached the gradebook), and finishes the merge of
one killed after it from the record alone, without grading it twice. Scratch folders of a
killed batch are removed by the next.

:func:`grade` runs the batch as named steps: the sandbox checked (:func:`_refuse_unsandboxed`),
the gradebook backed up, the lessons and deadlines recorded in it
(:func:`_lesson_notebooks`, :func:`_record_deadlines`), each submission sorted
(:func:`_plan`), the merges a killed batch left finished (:func:`_finish_interrupted`), and
the rest graded on the workers (:func:`_grade_on_workers`, one :func:`_grade_one` per
submission).
"""

from __future__ import annotations

import concurrent.futures
import os
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from incentives.instructor import (
    backups,
    flagging,
    merge,
    nbgrader_tools,
    record,
    sandbox,
    submissions,
)
from incentives.instructor import deadlines as course_deadlines
from incentives.instructor.submissions import Submission
from incentives.instructor.workers import (
    SCRATCH_PREFIX,
    Worker,
    remove_orphaned_scratch,
    scratch_parent,
)

DEFAULT_CELL_TIMEOUT = 60
AUTOGRADED = Path("grading") / "autograded"


class SandboxUnavailable(RuntimeError):
    """No sandbox can start on this machine, and grading without one was not asked for."""


@dataclass
class Result:
    """What became of one submission.

    ``status`` is "graded" (scores in the gradebook), "flagged" (not graded, or graded
    with something a person should look at: see ``flags``) or "unchanged" (graded before,
    files not changed since). ``score``/``max_score`` are the autograded points.
    """

    student: str
    lesson: str
    status: str
    score: float | None = None
    max_score: float | None = None
    flags: list[str] = field(default_factory=list)
    seconds: float = 0.0
    log: str = ""

    @property
    def graded(self) -> bool:
        return self.score is not None


class Batch(list):
    """:func:`grade`'s results, one :class:`Result` per submission; ``backup``: the copy of
    the gradebook made before the batch changed it (None if nothing changed, or for a
    database server); ``server``: the batch changed a database server's gradebook."""

    def __init__(self, results=(), backup: Path | None = None, server: bool = False):
        super().__init__(results)
        self.backup = backup
        self.server = server
        self.sandbox: list[str] | None = []  # what the sandbox lacked; None: not used


def grade(
    root: Path,
    found: list[Submission] | None = None,
    *,
    workers: int | None = None,
    force: bool = False,
    cell_timeout: float = DEFAULT_CELL_TIMEOUT,
    report=None,
    sandboxed: bool = True,
) -> Batch:
    """Autograde the submissions ``found`` (by default, every one in grading/submitted/).

    Args:
        root: The course root.
        found: The submissions to grade, as :func:`incentives.instructor.submissions.find`
            gives them; None grades every one.
        workers: Parallel worker processes (default: the machine's cores).
        force: Grade again submissions whose files have not changed since they were graded.
        cell_timeout: Seconds a cell may run before it is stopped (its tests then fail).
        report: Called with each :class:`Result` as it is done (progress).
        sandboxed: Run each submission's kernel in the sandbox
            (:mod:`incentives.instructor.sandbox`). False grades without one, and flags every
            submission graded so, in the results and in the gradebook.

    Returns:
        One :class:`Result` per submission, in (student, lesson) order. The batch always
        completes: a submission that cannot be graded is flagged, never raised.

    Raises:
        SandboxUnavailable: ``sandboxed`` and no sandbox can start here (before anything is
            graded or changed); its message names what is missing.
        DeadlineError: grading/deadlines.toml is wrong (before anything is changed).
    """
    root = Path(root).resolve()
    _refuse_unsandboxed(sandboxed)
    nbgrader_tools.scripts_on_path()
    master_url = nbgrader_tools.load_config(root).CourseDirectory.db_url
    course_deadlines.load(root, master_url)  # a DeadlineError before anything is written
    found = submissions.find(root) if found is None else found
    count = max(1, workers or os.cpu_count() or 1)
    # Workers take a second or two to import nbgrader: start them while the batch is checked.
    pool = [Worker() for _ in range(min(count, len(found)))]
    try:
        batch = _grade_batch(root, found, pool, master_url, force, cell_timeout, report, sandboxed)
        batch.sandbox = sandbox.problems() if sandboxed else None
        return batch
    finally:
        for worker in pool:
            worker.close()


def _refuse_unsandboxed(sandboxed: bool) -> None:
    """Stop before anything is graded or changed when a sandbox is asked for and cannot
    start here."""
    if sandboxed and sandbox.unavailable():
        raise SandboxUnavailable(
            f"{sandbox.unavailable()}. Grading runs students' code, so it runs it in a sandbox; "
            "to grade without one anyway: course grade --no-sandbox"
        )


@dataclass
class _Job:
    """A submission for the workers: its flags so far, its files' digest, its time limit."""

    submission: Submission
    flags: list[str]
    digest: str
    time_limit: float


@dataclass
class _Plan:
    """What the batch does with the submissions found: the ``results`` known without
    grading (unchanged since graded, or not gradable), the merges a killed batch left
    ``interrupted`` (submission, digest, pending record), and the jobs ``todo``."""

    results: dict[str, Result] = field(default_factory=dict)
    interrupted: list[tuple[Submission, str, dict]] = field(default_factory=list)
    todo: list[_Job] = field(default_factory=list)


@dataclass
class _Run:
    """One batch as it runs: the record and results that its one writer keeps (under
    ``lock``), and, once the workers start, their queue and the scratch folder."""

    root: Path
    state: dict
    deadlines: course_deadlines.Deadlines
    results: dict[str, Result]
    report: Callable[[Result], None] | None
    cell_timeout: float
    sandboxed: bool
    lock: threading.Lock = field(default_factory=threading.Lock)
    master: object = None  # the course's gradebook, open while the workers grade
    idle: queue.Queue = field(default_factory=queue.Queue)  # workers free for a job
    scratch: Path | None = None  # this batch's scratch folder, with the snapshot in it


def _grade_batch(root, found, pool, master_url, force, cell_timeout, report, sandboxed) -> Batch:
    """:func:`grade`'s steps, on workers already started (which it does not close)."""
    state = record.read_state(root)
    digests = {s.key: s.digest() for s in found}
    changing = [s for s in found if force or not _unchanged(state, s, digests[s.key])]
    backup = backups.backup_gradebook(root, master_url) if changing else None
    expected = _lesson_notebooks(root, master_url, found)
    deadlines = _record_deadlines(root, master_url, found)
    plan = _plan(root, found, digests, state, expected, force, cell_timeout)
    record.write_state(root, state)
    run = _Run(root, state, deadlines, plan.results, report, cell_timeout, sandboxed)
    _finish_interrupted(run, master_url, plan.interrupted)
    _grade_on_workers(run, master_url, plan.todo, pool)
    server = bool(changing) and not master_url.startswith("sqlite:///")
    return Batch([plan.results[s.key] for s in found], backup=backup, server=server)


def _unchanged(state: dict, submission: Submission, digest: str) -> bool:
    """Whether the record holds ``submission`` as graded with these very files."""
    known = state.get(submission.key, {})
    return bool(known.get("graded")) and known.get("digest") == digest


def _lesson_notebooks(root: Path, master_url: str, found) -> dict[str, list[str]]:
    """Each lesson's notebook names, read once; a lesson the gradebook lacks is generated
    first, which records it there (a translated edition's, ``00-start-here-ro``, is built
    from its English solution and catalog: :func:`incentives.instructor.translated_lessons.
    build`)."""
    from incentives.instructor import translated_lessons

    expected: dict[str, list[str]] = {}
    for lesson in sorted({s.lesson for s in found}):
        if submissions.expected_notebooks(master_url, lesson) is None:
            language = translated_lessons.edition_of(lesson)
            english = translated_lessons.english_lesson(lesson)
            if english != lesson and (Path(root) / "solutions" / english).is_dir():
                translated_lessons.build(root, [english], language=language, record=True)
            else:
                nbgrader_tools.generate_lessons(root, ids=[lesson])  # records it
        expected[lesson] = submissions.expected_notebooks(master_url, lesson) or []
    return expected


def _record_deadlines(root: Path, master_url: str, found) -> course_deadlines.Deadlines:
    """The course's deadlines, written into the gradebook for the submissions found."""
    deadlines = course_deadlines.load(root) or course_deadlines.Deadlines()
    course_deadlines.record(deadlines, master_url, {(s.student, s.lesson) for s in found})
    return deadlines


def _plan(root, found, digests, state, expected, force, cell_timeout) -> _Plan:
    """Sort the submissions found: graded before and unchanged (their result as recorded),
    a merge a killed batch left pending, not gradable (flagged, and recorded so), or a job
    for the workers; the longest jobs first, so that the last are short and no worker
    waits long."""
    plan = _Plan()
    for submission in found:
        flags, gradable = submissions.precheck(submission, expected[submission.lesson])
        digest = digests[submission.key]
        known = state.get(submission.key, {})
        if not force and _unchanged(state, submission, digest):
            plan.results[submission.key] = Result(
                submission.student, submission.lesson, "unchanged", **known["result"]
            )
            continue
        autograded = root / AUTOGRADED / submission.student / submission.lesson
        if known.get("pending") and known.get("digest") == digest and autograded.is_dir():
            plan.interrupted.append((submission, digest, known["pending"]))
            continue
        if not gradable:
            result = Result(submission.student, submission.lesson, "flagged", flags=flags)
            plan.results[submission.key] = result
            record.remember(state, submission, digest, result)
            continue
        time_limit = submissions.time_limit(submission, cell_timeout)
        plan.todo.append(_Job(submission, flags, digest, time_limit))
    plan.todo.sort(key=lambda job: job.time_limit, reverse=True)
    return plan


def _finish_interrupted(run: _Run, master_url: str, interrupted) -> None:
    """Finish the merges a killed batch left pending, from the record alone."""
    if not interrupted:
        return
    with nbgrader_tools.gradebook(master_url) as master:
        for submission, digest, pending in interrupted:
            result = Result(submission.student, submission.lesson, "graded")
            finish(run.root, master, run.state, submission, digest, result, pending, run.deadlines)
            run.results[submission.key] = result


def _grade_on_workers(run: _Run, master_url: str, todo: list[_Job], pool: list[Worker]) -> None:
    """Grade the jobs on the workers, each against a copy of one snapshot of the gradebook,
    and merge each as it is done into the gradebook, kept open by the one writer."""
    remove_orphaned_scratch(scratch_parent())
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=scratch_parent()) as tmp:
        run.scratch = Path(tmp)
        (run.scratch / "grader.pid").write_text(str(os.getpid()))
        if todo:
            backups.copy_gradebook(master_url, run.scratch / "snapshot.db")
        for _key, result in sorted(run.results.items()):
            if run.report:
                run.report(result)
        size = min(len(pool), len(todo))
        for worker in pool[:size]:
            run.idle.put(worker)
        with (
            nbgrader_tools.gradebook(master_url) as run.master,  # one writer
            concurrent.futures.ThreadPoolExecutor(max_workers=max(1, size)) as threads,
        ):
            jobs = [threads.submit(_grade_one, run, job) for job in todo]
            for future in concurrent.futures.as_completed(jobs):
                future.result()


def _grade_one(run: _Run, job: _Job) -> Result:
    """Grade one job on the next idle worker, in a scratch folder of its own with its own
    copy of the snapshot, then merge it as the one writer."""
    submission = job.submission
    scratch = run.scratch / f"{submission.student}__{submission.lesson}"
    scratch.mkdir()
    db = scratch / "gradebook.db"
    shutil.copy2(run.scratch / "snapshot.db", db)
    task = {
        "root": str(run.root),
        "db": str(db),
        "scratch": str(scratch),
        "lesson": submission.lesson,
        "student": submission.student,
        "cell_timeout": run.cell_timeout,
        "sandboxed": run.sandboxed,
    }
    started = time.perf_counter()
    worker = run.idle.get()
    try:
        outcome = worker.run(task, job.time_limit)
    finally:
        run.idle.put(worker)
    seconds = time.perf_counter() - started
    result = Result(
        submission.student, submission.lesson, "graded", flags=list(job.flags), seconds=seconds
    )
    result.log = outcome.get("log", "")
    if outcome.get("retried"):
        result.flags.append("a kernel could not start at first; graded on the retry")
    if not run.sandboxed:
        result.flags.append(flagging.NO_SANDBOX_FLAG)
        for notebook in outcome.get("results", {}).get("notebooks", []):
            notebook["flagged"] = True  # nbgrader's own flag, seen in formgrader
    with run.lock:  # one writer
        _write(run, job, scratch, outcome, result)
        run.results[submission.key] = result
    shutil.rmtree(scratch, ignore_errors=True)
    if run.report:
        run.report(result)
    return result


def _write(run: _Run, job: _Job, scratch: Path, outcome: dict, result: Result) -> None:
    """The writer's part of a job: a failure recorded as flagged, or the autograded folder
    moved into place, its flags found and the merge finished (:func:`finish`)."""
    submission = job.submission
    if not outcome.get("ok"):
        result.status = "flagged"
        result.flags.append(flagging.failure_reason(outcome))
        record.remember(run.state, submission, job.digest, result)
        record.write_state(run.root, run.state)
        return
    autograded = _move_autograded(run.root, scratch, submission)
    submitted = sorted(submission.folder.glob("*.ipynb"))
    result.flags += flagging.after_grading(autograded, submitted, run.cell_timeout)
    pending = {"results": outcome["results"], "flags": result.flags}
    finish(run.root, run.master, run.state, submission, job.digest, result, pending, run.deadlines)


def _move_autograded(root: Path, scratch: Path, submission: Submission) -> list[Path]:
    """Move the worker's autograded folder into grading/autograded/; its notebooks."""
    made = scratch / "autograded" / submission.student / submission.lesson
    target = root / AUTOGRADED / submission.student / submission.lesson
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(made), str(target))
    return sorted(target.glob("*.ipynb"))


def finish(root, master, state, submission, digest, result, pending, deadlines) -> None:
    """Merge a graded submission whose autograded folder is in place: its results recorded
    as pending, the gradebook transaction, then the record marked graded (see the module's
    docstring). ``pending`` is ``{"results": ..., "flags": ...}`` from the worker; the hand
    marks to set aside are decided before the transaction and recorded with it, so that a
    merge finished after a crash sets aside the same marks and loses none of them."""
    known = state.get(submission.key, {})
    answers, history = known.get("answers", {}), known.get("history", [])
    if "aside" not in pending:
        marks = merge.hand_marks(master, submission)
        pending["aside"] = merge.set_aside(marks, pending["results"], answers)
    state[submission.key] = {
        "digest": digest,
        "graded": False,
        "pending": pending,
        "answers": answers,
        "history": history,
    }
    record.write_state(root, state)
    merged = merge.apply(master, pending["results"], submission, pending["aside"])
    result.flags = (
        list(pending["flags"])
        + [merge.set_aside_text(entry) for entry in pending["aside"]]
        + _lateness(merged, deadlines)
    )
    result.score, result.max_score = merged.score, merged.max_score
    result.status = "flagged" if result.flags else "graded"
    answers = {**answers, **merge.answers_of(pending["results"])}
    record.remember(state, submission, digest, result, answers, history + pending["aside"])
    record.write_state(root, state)


def _lateness(merged: merge.Merged, deadlines) -> list[str]:
    """A flag for a late submission: how late, and what the policy will take off (a share of
    the final score, hand marks included, taken where grades are read out)."""
    if not merged.seconds_late:
        return []
    from incentives.instructor import late_penalty

    late = course_deadlines.late_text(merged.seconds_late)
    return [f"late by {late} ({late_penalty.describe(deadlines, merged.seconds_late)})"]


def summary(results: list[Result]) -> str:
    """A table of the batch: one row per submission, then the totals."""
    lines = [
        "| student | lesson | status | score | seconds | flags |",
        "| --- | --- | --- | ---: | ---: | --- |",
    ]
    for r in results:
        score = f"{r.score:g} / {r.max_score:g}" if r.graded else "-"
        lines.append(
            f"| {r.student} | {r.lesson} | {r.status} | {score} | {r.seconds:.1f} | "
            f"{'; '.join(r.flags)} |"
        )
    counts = {s: sum(r.status == s for r in results) for s in ("graded", "flagged", "unchanged")}
    lines.append(
        f"\n{len(results)} submissions: {counts['graded']} graded, {counts['flagged']} flagged, "
        f"{counts['unchanged']} unchanged since the last run"
    )
    limits = getattr(results, "sandbox", [])
    if limits is None:
        lines.append("NOT SANDBOXED (--no-sandbox): the students' code ran with your rights")
    elif limits:
        lines.append("sandboxed, but: " + "; ".join(limits))
    else:
        lines.append("each submission's code ran in a sandbox (see grading/README.md)")
    backup = getattr(results, "backup", None)
    if backup:
        lines.append(f"gradebook backed up before the batch to {backup}")
    elif getattr(results, "server", False):
        lines.append("gradebook on a database server: no copy made (back it up with its tools)")
    return "\n".join(lines)
