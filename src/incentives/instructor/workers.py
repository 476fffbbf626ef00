"""The grading workers: long-lived processes that each autograde one submission at a time.

nbgrader's gradebook is unsafe with several writers, so a worker never touches the course's
gradebook: each job grades one submission against its own copy of the gradebook, in its own
scratch folder, and answers with the submission's results as data
(:func:`incentives.instructor.merge.extract`), which the batch's one writer merges
(:mod:`incentives.instructor.batch`). A kernel that cannot start (a port clash) is retried
once; a worker that runs past a job's time limit, or dies, is replaced.

The scratch folders live in memory (/dev/shm) where the machine has it
(:func:`scratch_parent`); those of a killed batch are removed by the next
(:func:`remove_orphaned_scratch`).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from incentives.i18n import ENVIRONMENT_VARIABLE
from incentives.instructor import merge, nbgrader_tools, translated_lessons
from incentives.instructor.submissions import Submission

PORT_CLASH = ("Address already in use", "Kernel died before replying", "kernel_info reply")
WORKER_UNSET = ("COURSE_GRADEBOOK_URL",)


def _worker_config(root: Path, db_path: Path, scratch: Path, args: dict):
    """The course's nbgrader configuration for one job: the job's gradebook copy, scratch
    folder, time limit per cell and sandbox."""
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
    # The kernel speaks the lesson's edition: a Romanian lesson's visible tests and labs
    # answer in Romanian (the sandbox passes INCENTIVES_* variables on to the kernel).
    os.environ[ENVIRONMENT_VARIABLE] = translated_lessons.edition_of(args["lesson"])
    retried = False
    for attempt in (1, 2):
        try:
            result = nbgrader_tools.api(config).autograde(
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
                done["results"] = merge.extract(f"sqlite:///{db_path}", submission)
            return done
        retried = True  # a kernel that could not start: once more, on fresh ports
    raise AssertionError("unreachable")


class Worker:
    """A long-lived grading process: ``python -m incentives.instructor.workers --serve``.

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
            [sys.executable, "-m", "incentives.instructor.workers", "--serve"],
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
        """Grade one job (:func:`work`'s argument) in the worker; its answer, or a failed
        one when the worker runs past ``time_limit`` seconds or dies (then replaced)."""
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
        """Replace the worker's process by a fresh one."""
        self.close()
        self._start()

    def close(self) -> None:
        """Stop the worker's process (killed if it does not end by itself)."""
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


def scratch_parent() -> str | None:
    """Where the workers' gradebook copies and notebooks live while they grade: memory
    (/dev/shm) where the machine has it, since they are thrown away (nbgrader commits to
    its gradebook many times per submission, and each commit waits for the disk)."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


SCRATCH_PREFIX = "course-grade-"


def remove_orphaned_scratch(parent: str | None) -> None:
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


if __name__ == "__main__":
    serve()
