"""Grade a class: every submission autograded by parallel workers, one writer to the gradebook.

nbgrader grades one submission at a time, and its SQLite gradebook is unsafe with several
writers (a "database is locked" during autograde deletes that student's autograded folder
and stops the run). ``course grade`` therefore runs nbgrader in worker processes that never
touch the course's gradebook:

1. The gradebook is copied once (a *snapshot*) at the start of the batch.
2. Each submission is graded by one of N long-lived worker processes (:class:`Worker`)
   against its own copy of the snapshot (so cell ids match), writing its autograded
   notebook into a scratch folder. A kernel that cannot start (a port clash) is retried
   once; a worker that runs past a submission's time limit, or dies, is replaced and the
   submission flagged.
3. The worker reads its results back out of its copy; the main process alone writes each
   finished submission into the course's gradebook, in one transaction per submission:
   the automatic scores, comments and the submission's time. Then the autograded folder
   is moved into grading/autograded/.

A hand mark (a score, extra credit or a comment entered in the Formgrader) belongs to the
answer it was given to: the answer as last graded, which the Formgrader showed. Each merge
records a hash of every graded cell's answer (:func:`answer_digests`); when a written
answer's text (or, for a test cell, the code of the answers it tests) differs from the one
marked, the mark is set aside (:func:`set_aside`): cleared from the gradebook, so that the
cell needs a hand mark again and the student never sees the old mark as current, and kept
in graded.json's ``history`` with the submission flagged. Otherwise it is kept. No late
penalty is written: it is taken from the final score where grades are read out
(:mod:`incentives.instructor.late_penalty`), so grading again, before or after hand marking,
leaves the same gradebook.

Every submission is checked first; one that cannot be graded (not a notebook, a missing
notebook) is flagged with a reason and the batch goes on; its files are never changed. A
record of what was graded (grading/graded.json: each submission's files' digest) lets a
second run grade only new or changed submissions unless ``force``. The final gradebook
equals a sequential run's whatever the order in which workers finish (tested).

Nothing is lost if the grader is killed (tested with ``kill -9`` mid-batch). A batch that
will change a SQLite gradebook first copies it to grading/backups/ (the last
:data:`BACKUPS_KEPT`). Each finished submission is recorded in four steps, each atomic: its
autograded folder moved into place; its results written into the record as *pending*
(a temporary file renamed over the record); the gradebook transaction; the record marked
graded. The next run grades again a submission killed before its pending record (nothing of
it reached the gradebook), and finishes the merge of one killed after it from the record
alone, without grading it twice. Scratch folders of a killed batch are removed by the next.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from incentives.instructor import deadlines as course_deadlines
from incentives.instructor import nbgrader_tools, sandbox

STATE_FILE = Path("grading") / "graded.json"
BACKUP_FOLDER = Path("grading") / "backups"
BACKUPS_KEPT = 5
PORT_CLASH = ("Address already in use", "Kernel died before replying", "kernel_info reply")
DEFAULT_CELL_TIMEOUT = 60
WORKER_UNSET = ("COURSE_GRADEBOOK_URL",)
NO_SANDBOX_FLAG = (
    "graded without a sandbox (--no-sandbox): its code could reach this machine's files"
)


class SandboxUnavailable(RuntimeError):
    """No sandbox can start on this machine, and grading without one was not asked for."""


@dataclass(frozen=True)
class Submission:
    """One student's folder for one lesson, ``grading/submitted/<student>/<lesson>/``."""

    student: str
    lesson: str
    folder: Path

    @property
    def key(self) -> str:
        return f"{self.student}/{self.lesson}"

    def digest(self) -> str:
        """A hash of every file in the folder (names and bytes): changes when they do."""
        hashed = hashlib.sha256()
        for path in sorted(p for p in self.folder.rglob("*") if p.is_file()):
            if ".ipynb_checkpoints" in path.parts:
                continue
            hashed.update(str(path.relative_to(self.folder)).encode() + b"\0")
            hashed.update(path.read_bytes() + b"\0")
        return hashed.hexdigest()


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


def find_submissions(root: Path, lessons=None, students=None) -> list[Submission]:
    """Every ``grading/submitted/<student>/<lesson>/`` folder of the given lessons and
    students (all by default), sorted by student then lesson."""
    submitted = Path(root) / "grading" / "submitted"
    found = []
    if not submitted.is_dir():
        return found
    for student in sorted(p for p in submitted.iterdir() if p.is_dir()):
        if students and student.name not in students:
            continue
        for lesson in sorted(p for p in student.iterdir() if p.is_dir()):
            if lessons and lesson.name not in lessons:
                continue
            found.append(Submission(student.name, lesson.name, lesson))
    return found


def precheck(submission: Submission, expected: list[str]) -> tuple[list[str], bool]:
    """Problems a person should know of before grading, and whether grading can go on.

    Args:
        submission: The submission.
        expected: The lesson's notebook names (``00-start-here.ipynb``).

    Returns:
        ``(flags, gradable)``: a submission whose only notebook is renamed, or whose
        notebook is not valid JSON, is not gradable; extra notebooks are only flagged.
    """
    flags = []
    present = sorted(p.name for p in submission.folder.glob("*.ipynb"))
    for name in expected:
        path = submission.folder / name
        if not path.is_file():
            others = [p for p in present if p not in expected]
            hint = f" (found {', '.join(others)}: renamed?)" if others else ""
            flags.append(f"no {name} in the submission{hint}")
            continue
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            flags.append(f"{name} is not a notebook: not valid JSON ({error})")
    gradable = not flags
    extra = [p for p in present if p not in expected]
    if extra and gradable:
        flags.append(f"extra notebook(s) not graded: {', '.join(extra)}")
    return flags, gradable


def library_patches(notebook_path: Path) -> list[str]:
    """Lines of the answer cells that change an imported module (``module.name = ...``,
    ``setattr(module, ...)``, ``sys.modules[...] = ...``): a way to fool a test that calls the
    course library. Each is returned as "cell <grade_id>: <the line>"."""
    import ast

    try:
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return []
    imported: set[str] = {"sys", "builtins"}
    found = []
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") != "code" or not meta.get("solution"):
            continue
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for alias in node.names:
                    imported.add((alias.asname or alias.name).split(".")[0])
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("setattr", "delattr")
                and node.args
            ):
                targets = [node.args[0]]
            for target in targets:
                root = target
                while isinstance(root, ast.Attribute | ast.Subscript):
                    root = root.value
                patched = root is not target or isinstance(node, ast.Call)
                if patched and isinstance(root, ast.Name) and root.id in imported:
                    line = source.splitlines()[node.lineno - 1].strip()
                    found.append(f"cell {meta.get('grade_id')}: {line}")
    return found


# What an answer needs none of: ways to change how the cells after it run (the hidden tests
# among them), such as wrapping every later cell in try/except or catching its errors.
KERNEL_HOOKS = (
    "get_ipython",
    "input_transformers",
    "ast_transformers",
    "events.register",
    "set_custom_exc",
    "showtraceback",
    "excepthook",
    "settrace",
    "setprofile",
    "sys.stderr",
)


def kernel_hooks(notebook_path: Path) -> list[str]:
    """Lines of the answer cells that hook into the kernel (IPython's transformers, events or
    traceback display, ``sys.excepthook``, a tracer): the hidden tests run in the student's
    kernel after the answer, so such a hook can silence a failing one. Each is returned as
    "cell <grade_id>: <the line>"."""
    try:
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return []
    found = []
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not meta.get("solution"):
            continue
        for line in "".join(cell.get("source", "")).splitlines():
            code = line.split("#", 1)[0]
            if any(hook in code for hook in KERNEL_HOOKS):
                found.append(f"cell {meta.get('grade_id')}: {line.strip()}")
    return found


def autograded_flags(notebook_path: Path, cell_timeout: float) -> list[str]:
    """What a person should look at in an autograded notebook: cells stopped at their time
    limit, and test cells that wrote to stderr (nbgrader scores those 0)."""
    try:
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return [f"{notebook_path.name}: the autograded notebook cannot be read"]
    flags = []
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        name = meta.get("grade_id") or f"#{number}"
        outputs = cell.get("outputs", [])
        if any(o.get("ename") == "CellTimeoutError" for o in outputs):
            flags.append(f"cell {name} ran past its {cell_timeout:g} s limit and was stopped")
        is_test = meta.get("grade") and not meta.get("solution")
        if is_test and any(o.get("name") == "stderr" for o in outputs):
            flags.append(f"test cell {name} wrote to stderr (a warning?), which nbgrader scores 0")
        errors = [o for o in outputs if o.get("output_type") == "error"]
        for limit, says in SANDBOX_LIMITS:
            if any(says(o.get("ename", ""), o.get("evalue", "")) for o in errors):
                flags.append(f"cell {name} {limit}")
    return flags


# What a cell's error says when it ran into one of the sandbox's limits.
SANDBOX_LIMITS = (
    (
        "ran out of memory (the sandbox's limit)",
        lambda ename, evalue: ename == "MemoryError" or "Cannot allocate memory" in evalue,
    ),
    (
        "filled its scratch space (the sandbox's limit)",
        lambda ename, evalue: "No space left on device" in evalue or "File too large" in evalue,
    ),
    (
        "hit the sandbox's limit on processes",
        lambda ename, evalue: (
            ename == "BlockingIOError" or "Resource temporarily unavailable" in evalue
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# The worker: one submission, its own gradebook copy, its own scratch folder
# ---------------------------------------------------------------------------------------------


def _worker_config(root: Path, db_path: Path, scratch: Path, args: dict):
    config = nbgrader_tools.load_config(root)
    config.CourseDirectory.db_url = f"sqlite:///{db_path}"
    config.CourseDirectory.autograded_directory = str(scratch / "autograded")
    config.Execute.timeout = int(args["cell_timeout"])
    # Every output is collected when the last cell has run: stop the kernel at once rather
    # than wait for it to shut itself down (about a third of a second of an idle core).
    config.Execute.shutdown_kernel = "immediate"
    # No late penalty is written at grading time: it is taken from the final score (hand
    # marks included) where grades are read out (incentives.instructor.late_penalty).
    from incentives.instructor import autograde

    config.Autograde.autograde_preprocessors = autograde.preprocessors(args.get("sandboxed", True))
    return config


def work(args: dict) -> dict:
    """Autograde one submission in this process (the worker's side); returns a JSON-able
    ``{"ok": bool, "log": str, "retried": bool}``."""
    root, db_path, scratch = Path(args["root"]), Path(args["db"]), Path(args["scratch"])
    config = _worker_config(root, db_path, scratch, args)
    retried = False
    for attempt in (1, 2):
        try:
            result = nbgrader_tools._api(config).autograde(
                args["lesson"], args["student"], force=True, create=True
            )
        except Exception as error:  # noqa: BLE001 (reported, never raised)
            result = {"success": False, "log": "", "error": repr(error)}
        log = "\n".join(filter(None, [result.get("log"), result.get("error")]))
        if result.get("success") or attempt == 2 or not any(s in log for s in PORT_CLASH):
            done = {"ok": bool(result.get("success")), "log": log, "retried": retried}
            if done["ok"]:  # the results travel back as data: the writer opens no copy
                autograded = scratch / "autograded" / args["student"] / args["lesson"]
                submission = Submission(args["student"], args["lesson"], autograded)
                done["results"] = extract(f"sqlite:///{db_path}", submission)
            return done
        retried = True  # a kernel that could not start: once more, on fresh ports
    raise AssertionError("unreachable")


class Worker:
    """A long-lived grading process: ``python -m incentives.instructor.grading --serve``.

    It reads one job (JSON) per line and answers one result per line, so Python and
    nbgrader are imported once per worker, not once per submission. A job that runs past
    its time limit, or a worker that dies, costs only that job: the process is killed and
    a fresh one started for the next.
    """

    def __init__(self):
        self._start()

    def _start(self) -> None:
        # The workers need no database server: they grade against copies of the gradebook.
        env = {k: v for k, v in os.environ.items() if k not in WORKER_UNSET}
        env["PYTHONUNBUFFERED"] = "1"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "incentives.instructor.grading", "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        self.lines: queue.Queue = queue.Queue()
        self.reader = threading.Thread(
            target=self._read, args=(self.process, self.lines), daemon=True
        )
        self.reader.start()

    @staticmethod
    def _read(process, lines) -> None:
        for line in process.stdout:
            lines.put(line)
        lines.put(None)  # the worker is gone

    def run(self, job: dict, time_limit: float) -> dict:
        try:
            self.process.stdin.write(json.dumps(job) + "\n")
            self.process.stdin.flush()
            line = self.lines.get(timeout=time_limit)
        except queue.Empty:
            self.restart()
            return {"ok": False, "log": f"stopped after {time_limit:.0f} s", "timeout": True}
        except (BrokenPipeError, OSError) as error:
            self.restart()
            return {"ok": False, "log": f"the worker could not take the job: {error}"}
        if line is None:
            code = self.process.wait()
            self.restart()
            return {"ok": False, "log": f"the worker exited with {code}"}
        return json.loads(line)

    def restart(self) -> None:
        self.close()
        self._start()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.process.stdin.close()
        with contextlib.suppress(Exception):
            self.process.wait(timeout=5)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=5)  # it reads to the end of the worker's output, then stops
        with contextlib.suppress(Exception):
            self.process.stdout.close()


def serve() -> None:
    """The worker's loop: a job per line on stdin, a result per line on stdout. Anything
    else the grading prints goes to stderr, so the results stay one clean line each."""
    results = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    for line in sys.stdin:
        if line.strip():
            results.write(json.dumps(work(json.loads(line))) + "\n")


# ---------------------------------------------------------------------------------------------
# The writer: merge a worker's grades into the course's gradebook
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Merged:
    """What a merge wrote: the autograded points, their maximum, and how late the submission
    was (seconds past its due date and extension; its penalty is taken from the final score
    where grades are read out: :mod:`incentives.instructor.late_penalty`)."""

    score: float
    max_score: float
    seconds_late: float


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def answer_digests(notebook_path: Path) -> dict[str, str]:
    """A hash of what each graded or answer cell of a notebook holds: an answer's own text
    (written or code); for a test cell, the answer cells above it (those since the previous
    group of test cells).

    A hand mark belongs to the answer it was given to: when its hash changes, the mark is set
    aside (:func:`set_aside`). Empty when the notebook cannot be read.
    """
    try:
        notebook = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    digests: dict[str, str] = {}
    answers: list[str] = []
    after_test = False
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        source = "".join(cell.get("source", ""))
        if meta.get("solution"):
            if after_test:
                answers, after_test = [], False
            digests[meta.get("grade_id")] = _hash(source)
            if not meta.get("grade"):
                answers.append(source)
        elif meta.get("grade"):
            digests[meta.get("grade_id")] = _hash("\0".join(answers))
            after_test = True
    return digests


def extract(worker_url: str, submission: Submission) -> dict:
    """A submission's automatic results in a worker's gradebook, as plain JSON-able data:
    what :func:`apply` writes into the master. ``submission.folder`` is where its autograded
    notebooks are, for the hashes of its answers (:func:`answer_digests`)."""
    with nbgrader_tools.gradebook(worker_url) as source:
        graded = source.find_submission(submission.lesson, submission.student)
        notebooks = []
        for notebook in graded.notebooks:
            answers = {c.name for c in notebook.notebook.solution_cells}
            notebooks.append(
                {
                    "name": notebook.name,
                    "flagged": bool(notebook.flagged),
                    "grades": [
                        {
                            "name": g.name,
                            "auto_score": g.auto_score,
                            "needs_manual_grade": bool(g.needs_manual_grade),
                            "max_score": float(g.max_score),
                            "test": g.name not in answers,
                        }
                        for g in notebook.grades
                    ],
                    "comments": [
                        {"name": c.name, "auto_comment": c.auto_comment} for c in notebook.comments
                    ],
                    "answers": answer_digests(submission.folder / f"{notebook.name}.ipynb"),
                }
            )
        return {
            "timestamp": graded.timestamp.isoformat() if graded.timestamp else None,
            "seconds_late": float(graded.total_seconds_late or 0.0),
            "notebooks": notebooks,
        }


def _cell_key(notebook: str, grade_id: str) -> str:
    return f"{notebook}/{grade_id}"


def answers_of(results: dict) -> dict[str, str]:
    """The answers' hashes in :func:`extract`'s results, by "notebook/grade_id"."""
    return {
        _cell_key(notebook["name"], name): digest
        for notebook in results.get("notebooks", [])
        for name, digest in notebook.get("answers", {}).items()
    }


def hand_marks(master, submission: Submission) -> dict[str, dict]:
    """The hand marks on a submission in the gradebook (a URL or an open ``Gradebook``), as
    the Formgrader writes them: ``"notebook/grade_id" -> {"score", "extra_credit",
    "comment", "max_score"}`` for each cell given a score, extra credit or a comment."""
    if isinstance(master, str):
        with nbgrader_tools.gradebook(master) as opened:
            return hand_marks(opened, submission)
    from nbgrader.api import MissingEntry

    try:
        graded = master.find_submission(submission.lesson, submission.student)
    except MissingEntry:
        return {}
    marks: dict[str, dict] = {}
    for notebook in graded.notebooks:
        comments = {c.name: c.manual_comment for c in notebook.comments if c.manual_comment}
        for grade in notebook.grades:
            comment = comments.pop(grade.name, None)
            if grade.manual_score is None and grade.extra_credit is None and comment is None:
                continue
            marks[_cell_key(notebook.name, grade.name)] = _mark(
                grade.manual_score, grade.extra_credit, comment, grade.max_score
            )
        for name, comment in comments.items():  # a comment on an answer cell without points
            marks[_cell_key(notebook.name, name)] = _mark(None, None, comment, None)
    return marks


def _number(value) -> float | None:
    return None if value is None else float(value)


def _mark(score, extra_credit, comment, max_score) -> dict:
    return {
        "score": _number(score),
        "extra_credit": _number(extra_credit),
        "comment": comment,
        "max_score": _number(max_score),
    }


def set_aside(marks: dict[str, dict], results: dict, previous: dict[str, str]) -> list[dict]:
    """The hand marks to set aside because the answer they were given to has changed.

    A hand mark in the gradebook at a merge was given to the answers as last merged
    (``previous``: the version the Formgrader showed): a mark whose cell's hash differs in
    the new ``results`` is set aside. A cell whose hash is unknown either side (a course
    graded before hashes were kept) keeps its mark.

    Returns:
        One entry per mark set aside, ``{"cell": "notebook/grade_id", "score",
        "extra_credit", "comment", "max_score"}``, sorted by cell.
    """
    new = answers_of(results)
    aside = []
    for key, mark in sorted(marks.items()):
        before, now = previous.get(key), new.get(key)
        if before is not None and now is not None and before != now:
            aside.append({"cell": key, **mark})
    return aside


def apply(master, results: dict, submission: Submission, aside=()) -> Merged:
    """Write :func:`extract`'s results into the master gradebook (a database URL, or one the
    writer keeps open) in one transaction.

    Hand marks (manual scores, extra credit, comments) are kept, except those in ``aside``
    (:func:`set_aside`), which are cleared where the gradebook still holds them as recorded:
    such a written answer needs a hand mark again. No late penalty is written (it is taken
    from the final score where grades are read out).
    """
    if isinstance(master, str):
        with nbgrader_tools.gradebook(master) as target:
            return apply(target, results, submission, aside)
    import datetime as dt

    from nbgrader.api import MissingEntry

    target, db = master, master.db
    score = max_score = 0.0
    clear = {entry["cell"]: entry for entry in aside}
    try:
        target.update_or_create_student(submission.student)
        try:
            into = target.find_submission(submission.lesson, submission.student)
        except MissingEntry:
            into = target.add_submission(submission.lesson, submission.student)
        stamp = results["timestamp"]
        into.timestamp = dt.datetime.fromisoformat(stamp) if stamp else None
        for notebook in results["notebooks"]:
            mirror = target.find_submission_notebook(
                notebook["name"], submission.lesson, submission.student
            )
            mirror.late_submission_penalty = None
            mirror.flagged = notebook["flagged"]
            grades = {g.name: g for g in mirror.grades}
            comments = {c.name: c for c in mirror.comments}
            for name in grades.keys() | comments.keys():
                entry = clear.get(_cell_key(notebook["name"], name))
                if entry:
                    _clear_mark(grades.get(name), comments.get(name), entry)
            for grade in notebook["grades"]:
                kept = grades[grade["name"]]
                kept.auto_score = grade["auto_score"]
                kept.needs_manual_grade = (
                    grade["needs_manual_grade"] if kept.manual_score is None else False
                )
                if grade["test"]:  # a test cell: autograded points
                    score += grade["auto_score"] or 0.0
                    max_score += grade["max_score"]
            for comment in notebook["comments"]:
                comments[comment["name"]].auto_comment = comment["auto_comment"]
        db.commit()
    except Exception:
        db.rollback()
        raise
    return Merged(score, max_score, results["seconds_late"])


def _clear_mark(grade, comment, entry: dict) -> None:
    """Clear a hand mark set aside, where it is still the one recorded (a mark entered since
    belongs to the new answer and stays)."""
    now = (
        grade.manual_score if grade else None,
        grade.extra_credit if grade else None,
        (comment.manual_comment or None) if comment else None,
    )
    if now != (entry["score"], entry["extra_credit"], entry["comment"]):
        return
    if grade is not None:
        grade.manual_score = None
        grade.extra_credit = None
    if comment is not None:
        comment.manual_comment = None


def merge(master, worker_url: str, submission: Submission, aside=()) -> Merged:
    """Copy one submission's automatic results from a worker's gradebook into the master:
    :func:`extract` then :func:`apply`."""
    return apply(master, extract(worker_url, submission), submission, aside)


# ---------------------------------------------------------------------------------------------
# The batch
# ---------------------------------------------------------------------------------------------


def read_state(root: Path) -> dict:
    """What ``course grade`` last recorded per submission ("student/lesson" keys)."""
    path = Path(root) / STATE_FILE
    if path.is_file():
        with contextlib.suppress(json.JSONDecodeError):
            return json.loads(path.read_text(encoding="utf-8"))
    return {}


def _write_state(root: Path, state: dict) -> None:
    """Replace the record in one step: a reader (or a run after a crash) sees the old one or
    the new one, never half of either."""
    path = Path(root) / STATE_FILE
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as out:
        out.write(json.dumps(state, indent=1, sort_keys=True))
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


def _sqlite_copy(source: Path, target: Path) -> Path:
    """A consistent copy of a SQLite database with SQLite's backup API: it waits for a
    writer's transaction, and rolls back one a crash left half done (a hot journal), where
    copying the file would copy it half done."""
    import sqlite3

    reading, writing = sqlite3.connect(source), sqlite3.connect(target)
    try:
        reading.backup(writing)
    finally:
        writing.close()
        reading.close()
    return target


def backup_gradebook(root: Path, master_url: str) -> Path | None:
    """Copy a SQLite gradebook to ``grading/backups/gradebook-<time>.db`` before a batch
    changes it, keeping the last :data:`BACKUPS_KEPT`; the copy, or None for a database
    server (whose backups are the server's business)."""
    if not master_url.startswith("sqlite:///"):
        return None
    source = Path(master_url.removeprefix("sqlite:///"))
    if not source.is_file():
        return None
    folder = Path(root) / BACKUP_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    import datetime as dt

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"gradebook-{stamp}.db"
    partial = folder / f".{target.name}.partial"
    _sqlite_copy(source, partial)
    os.replace(partial, target)
    for old in sorted(folder.glob("gradebook-*.db"))[:-BACKUPS_KEPT]:
        old.unlink()
    return target


def copy_gradebook(source_url: str, target: Path) -> Path:
    """A SQLite copy of the gradebook at ``source_url`` (SQLite or a database server), row
    for row, so that its assignments, notebooks and cells keep their ids."""
    import sqlalchemy as sa
    from nbgrader.api import Base

    if source_url.startswith("sqlite:///"):
        return _sqlite_copy(Path(source_url.removeprefix("sqlite:///")), target)
    with nbgrader_tools.gradebook(f"sqlite:///{target}"):
        pass  # nbgrader creates the schema
    source, copy = sa.create_engine(source_url), sa.create_engine(f"sqlite:///{target}")
    try:
        with source.connect() as reading, copy.begin() as writing:
            for table in reversed(Base.metadata.sorted_tables):
                writing.execute(table.delete())
            for table in Base.metadata.sorted_tables:
                rows = [dict(row._mapping) for row in reading.execute(sa.select(table))]
                if rows:
                    writing.execute(table.insert(), rows)
    finally:
        source.dispose()
        copy.dispose()
    return target


def _scratch_parent() -> str | None:
    """Where the workers' gradebook copies and notebooks live while they grade: memory
    (/dev/shm) where the machine has it, since they are thrown away (nbgrader commits to
    its gradebook many times per submission, and each commit waits for the disk)."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


SCRATCH_PREFIX = "course-grade-"


def _remove_orphaned_scratch(parent: str | None) -> None:
    """Remove the scratch folders of batches that were killed (their grader's process is
    gone): each holds a copy of the gradebook, in memory where /dev/shm is used."""
    for folder in Path(parent or tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*"):
        try:
            if folder.stat().st_uid != os.getuid():
                continue
            pid = int((folder / "grader.pid").read_text())
            os.kill(pid, 0)  # raises if no such process
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, ValueError):
            continue  # another user's, being made, or not ours to judge


def _remember(
    state: dict, submission: Submission, digest: str, result: Result, answers=None, history=None
) -> None:
    """Record a result in the state: a graded one is not graded again while its files stay
    the same; one that could not be graded is, next time (it may have been a passing
    problem). The class report reads the flags from here. ``answers`` (the hashes of the
    answers as merged, :func:`answer_digests`) and ``history`` (hand marks set aside) are
    kept from the record unless given."""
    known = state.get(submission.key, {})
    state[submission.key] = {
        "digest": digest,
        "graded": result.graded,
        "result": {"score": result.score, "max_score": result.max_score, "flags": result.flags},
        "answers": known.get("answers", {}) if answers is None else answers,
        "history": known.get("history", []) if history is None else history,
    }


def _finish(root, master, state, submission, digest, result, pending, deadlines) -> None:
    """Merge a graded submission whose autograded folder is in place: its results recorded
    as pending, the gradebook transaction, then the record marked graded (see the module's
    docstring). ``pending`` is ``{"results": ..., "flags": ...}`` from the worker; the hand
    marks to set aside are decided before the transaction and recorded with it, so that a
    merge finished after a crash sets aside the same marks and loses none of them."""
    known = state.get(submission.key, {})
    answers, history = known.get("answers", {}), known.get("history", [])
    if "aside" not in pending:
        marks = hand_marks(master, submission)
        pending["aside"] = set_aside(marks, pending["results"], answers)
    state[submission.key] = {
        "digest": digest,
        "graded": False,
        "pending": pending,
        "answers": answers,
        "history": history,
    }
    _write_state(root, state)
    merged = apply(master, pending["results"], submission, pending["aside"])
    result.flags = (
        list(pending["flags"])
        + [_set_aside_text(entry) for entry in pending["aside"]]
        + _lateness(merged, deadlines)
    )
    result.score, result.max_score = merged.score, merged.max_score
    result.status = "flagged" if result.flags else "graded"
    answers = {**answers, **answers_of(pending["results"])}
    _remember(state, submission, digest, result, answers, history + pending["aside"])
    _write_state(root, state)


def mark_text(entry: dict) -> str:
    """A hand mark set aside, in words: "2/2, extra credit 1: 'Names the cost.'"."""
    parts = []
    if entry.get("score") is not None:
        top = entry.get("max_score")
        parts.append(f"{entry['score']:g}" + (f"/{top:g}" if top is not None else ""))
    if entry.get("extra_credit"):
        parts.append(f"extra credit {entry['extra_credit']:g}")
    text = ", ".join(parts) or "a comment"
    return text + (f": {entry['comment']!r}" if entry.get("comment") else "")


def _set_aside_text(entry: dict) -> str:
    name = entry["cell"].split("/", 1)[-1]
    return (
        f"cell {name}: the answer changed since it was marked ({mark_text(entry)}); "
        "that mark is kept in grading/graded.json's history, mark the new answer"
    )


def _expected_notebooks(db_url: str, lesson: str) -> list[str] | None:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gradebook:
        try:
            return sorted(f"{n.name}.ipynb" for n in gradebook.find_assignment(lesson).notebooks)
        except MissingEntry:
            return None


def _time_limit(submission: Submission, cell_timeout: float) -> float:
    """A whole submission's limit: every code cell at its limit, plus a kernel's start."""
    cells = 0
    for path in submission.folder.glob("*.ipynb"):
        with contextlib.suppress(Exception):
            notebook = json.loads(path.read_text(encoding="utf-8"))
            cells += sum(1 for c in notebook.get("cells", []) if c.get("cell_type") == "code")
    return 60.0 + (cells + 2) * cell_timeout


def grade(
    root: Path,
    *,
    lessons=None,
    students=None,
    workers: int | None = None,
    force: bool = False,
    cell_timeout: float = DEFAULT_CELL_TIMEOUT,
    report=None,
    sandboxed: bool = True,
) -> list[Result]:
    """Autograde every submission of ``lessons`` by ``students`` (all by default).

    Args:
        root: The course root.
        lessons, students: Which submissions; all by default.
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
    if sandboxed and sandbox.unavailable():
        raise SandboxUnavailable(
            f"{sandbox.unavailable()}. Grading runs students' code, so it runs it in a sandbox; "
            "to grade without one anyway: course grade --no-sandbox"
        )
    nbgrader_tools.scripts_on_path()
    config = nbgrader_tools.load_config(root)
    master_url = config.CourseDirectory.db_url
    course_deadlines.load(root, master_url)  # a DeadlineError before anything is written
    workers = max(1, workers or os.cpu_count() or 1)
    state = read_state(root)
    found = find_submissions(root, lessons, students)
    # Workers take a second or two to import nbgrader: start them while the batch is checked.
    pool_workers = [Worker() for _ in range(min(workers, len(found)))]
    try:
        batch = _grade_batch(
            root, found, pool_workers, state, master_url, force, cell_timeout, report, sandboxed
        )
        batch.sandbox = sandbox.problems() if sandboxed else None
        return batch
    finally:
        for worker in pool_workers:
            worker.close()


def _grade_batch(
    root, found, pool_workers, state, master_url, force, cell_timeout, report, sandboxed
) -> list[Result]:
    """:func:`grade`'s batch, on workers already started (which it does not close)."""
    results: dict[str, Result] = {}
    todo = []
    digests = {s.key: s.digest() for s in found}
    changing = [
        s
        for s in found
        if force
        or not state.get(s.key, {}).get("graded")
        or state[s.key].get("digest") != digests[s.key]
    ]
    backup = backup_gradebook(root, master_url) if changing else None
    expected: dict[str, list[str]] = {}  # each lesson's notebooks, read once
    for lesson in sorted({s.lesson for s in found}):
        if _expected_notebooks(master_url, lesson) is None:
            nbgrader_tools.generate_lessons(root, ids=[lesson])  # records it in the gradebook
        expected[lesson] = _expected_notebooks(master_url, lesson) or []
    deadlines = course_deadlines.load(root) or course_deadlines.Deadlines()
    course_deadlines.record(deadlines, master_url, {(s.student, s.lesson) for s in found})
    interrupted = []  # graded by a killed batch, merge not recorded as done
    for submission in found:
        flags, gradable = precheck(submission, expected[submission.lesson])
        digest = digests[submission.key]
        known = state.get(submission.key, {})
        if not force and known.get("graded") and known.get("digest") == digest:
            results[submission.key] = Result(
                submission.student, submission.lesson, "unchanged", **known["result"]
            )
            continue
        autograded = root / "grading" / "autograded" / submission.student / submission.lesson
        if known.get("pending") and known.get("digest") == digest and autograded.is_dir():
            interrupted.append((submission, digest, known["pending"]))
            continue
        if not gradable:
            results[submission.key] = Result(
                submission.student, submission.lesson, "flagged", flags=flags
            )
            _remember(state, submission, digest, results[submission.key])
            continue
        todo.append((submission, flags, digest, _time_limit(submission, cell_timeout)))

    _write_state(root, state)
    if interrupted:
        with nbgrader_tools.gradebook(master_url) as master:
            for submission, digest, pending in interrupted:
                result = Result(submission.student, submission.lesson, "graded")
                _finish(root, master, state, submission, digest, result, pending, deadlines)
                results[submission.key] = result
    lock = threading.Lock()
    _remove_orphaned_scratch(_scratch_parent())
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=_scratch_parent()) as tmp:
        scratch_root = Path(tmp)
        (scratch_root / "grader.pid").write_text(str(os.getpid()))
        snapshot = scratch_root / "snapshot.db"
        if todo:
            copy_gradebook(master_url, snapshot)

        def one(item):
            submission, flags, digest, time_limit = item
            scratch = scratch_root / f"{submission.student}__{submission.lesson}"
            scratch.mkdir()
            db = scratch / "gradebook.db"
            shutil.copy2(snapshot, db)
            started = time.perf_counter()
            worker = idle.get()
            try:
                outcome = worker.run(
                    {
                        "root": str(root),
                        "db": str(db),
                        "scratch": str(scratch),
                        "lesson": submission.lesson,
                        "student": submission.student,
                        "cell_timeout": cell_timeout,
                        "sandboxed": sandboxed,
                    },
                    time_limit,
                )
            finally:
                idle.put(worker)
            seconds = time.perf_counter() - started
            result = Result(
                submission.student, submission.lesson, "graded", flags=list(flags), seconds=seconds
            )
            result.log = outcome.get("log", "")
            if outcome.get("retried"):
                result.flags.append("a kernel could not start at first; graded on the retry")
            if not sandboxed:
                result.flags.append(NO_SANDBOX_FLAG)
                for notebook in outcome.get("results", {}).get("notebooks", []):
                    notebook["flagged"] = True  # nbgrader's own flag, seen in formgrader
            with lock:  # one writer
                if not outcome.get("ok"):
                    result.status = "flagged"
                    result.flags.append(_failure_reason(outcome))
                    _remember(state, submission, digest, result)
                    _write_state(root, state)
                else:
                    for notebook in _move_autograded(root, scratch, submission):
                        result.flags += autograded_flags(notebook, cell_timeout)
                        result.flags += _remove_quoted_hidden_tests(notebook)
                    for notebook in sorted(submission.folder.glob("*.ipynb")):
                        result.flags += [
                            f"changes the course library, which may fool its checks: {line}"
                            for line in library_patches(notebook)
                        ]
                        result.flags += [
                            f"changes how later cells run, which may hide a failing test: {line}"
                            for line in kernel_hooks(notebook)
                        ]
                    pending = {"results": outcome["results"], "flags": result.flags}
                    _finish(root, master, state, submission, digest, result, pending, deadlines)
                results[submission.key] = result
            shutil.rmtree(scratch, ignore_errors=True)
            if report:
                report(result)
            return result

        for _key, result in sorted(results.items()):
            if report:
                report(result)
        pool_size = min(len(pool_workers), len(todo))
        stack = contextlib.ExitStack()
        idle: queue.Queue = queue.Queue()
        for worker in pool_workers[:pool_size]:
            idle.put(worker)
        # The longest first, so that the last jobs are short and no worker waits long.
        todo.sort(key=lambda item: item[3], reverse=True)
        try:
            master = stack.enter_context(nbgrader_tools.gradebook(master_url))  # one writer
            with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, pool_size)) as pool:
                for future in concurrent.futures.as_completed([pool.submit(one, i) for i in todo]):
                    future.result()
        finally:
            stack.close()
    server = bool(changing) and not master_url.startswith("sqlite:///")
    return Batch([results[s.key] for s in found], backup=backup, server=server)


class Batch(list):
    """:func:`grade`'s results, one :class:`Result` per submission; ``backup``: the copy of
    the gradebook made before the batch changed it (None if nothing changed, or for a
    database server); ``server``: the batch changed a database server's gradebook."""

    def __init__(self, results=(), backup: Path | None = None, server: bool = False):
        super().__init__(results)
        self.backup = backup
        self.server = server
        self.sandbox: list[str] | None = []  # what the sandbox lacked; None: not used


def _lateness(merged: Merged, deadlines) -> list[str]:
    """A flag for a late submission: how late, and what the policy will take off (a share of
    the final score, hand marks included, taken where grades are read out)."""
    if not merged.seconds_late:
        return []
    from incentives.instructor import late_penalty

    late = course_deadlines.late_text(merged.seconds_late)
    return [f"late by {late} ({late_penalty.describe(deadlines, merged.seconds_late)})"]


def _failure_reason(outcome: dict) -> str:
    log = outcome.get("log", "")
    if outcome.get("timeout"):
        return f"grading was {log}: a cell may loop for ever"
    if "DeadKernelError" in log or "Kernel died" in log:
        return "the kernel died while running the notebook (does a cell exit Python?)"
    if "CellTimeoutError" in log or "timed out" in log:
        return "a cell ran past its time limit"
    last = [line for line in log.splitlines() if line.strip()][-1:] or ["no log"]
    return f"nbgrader could not grade it: {last[0][:300]}"


def _remove_quoted_hidden_tests(notebook_path: Path) -> list[str]:
    """Clear from an autograded notebook any output, outside the hidden tests' own cells,
    that quotes their code (a submission that caught it as it ran and printed it later),
    and flag it."""
    from incentives.instructor import feedback

    try:
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return []
    quoting = feedback.quote_hidden_tests(notebook, remove=True)
    if not quoting:
        return []
    temporary = notebook_path.with_suffix(".tmp")
    temporary.write_text(json.dumps(notebook, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, notebook_path)
    return [
        f"cell {name} printed a hidden test's code (removed from its output)" for name in quoting
    ]


def _move_autograded(root: Path, scratch: Path, submission: Submission) -> list[Path]:
    """Move the worker's autograded folder into grading/autograded/; its notebooks."""
    made = scratch / "autograded" / submission.student / submission.lesson
    target = root / "grading" / "autograded" / submission.student / submission.lesson
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(made), str(target))
    return sorted(target.glob("*.ipynb"))


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


if __name__ == "__main__":
    serve()
