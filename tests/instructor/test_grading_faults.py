"""Nothing lost under faults: `course grade` killed with kill -9 mid-batch and run again ends
as a batch never interrupted would; the gradebook is backed up first; submitted work is never
changed; a crashed writer's SQLite journal does not reach a copy."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, repository_copy
from test_class_grading import partial

from incentives.instructor import backups, export, nbgrader_tools, record, workers

LESSON = "00-start-here"
NAME = f"{LESSON}.ipynb"
COURSE = Path(sys.executable).parent / "course"
GRADABLE = [f"s{n:02d}" for n in range(1, 11)]  # enough that two workers take a while


def class_of(course: Path) -> Path:
    """Ten gradable submissions (complete, blank, partial in turn), a notebook that is not
    valid JSON and an answer that loops past its cell's time limit."""
    submitted = course / "grading" / "submitted"
    source = ROOT / "solutions" / LESSON / NAME
    for number, student in enumerate(GRADABLE):
        folder = submitted / student / LESSON
        if number % 3 == 2:
            partial(LESSON, folder)
            continue
        folder.mkdir(parents=True)
        kind = "solutions" if number % 3 == 0 else "lessons"
        (folder / NAME).write_bytes((ROOT / kind / LESSON / NAME).read_bytes())
    broken = submitted / "broken" / LESSON
    broken.mkdir(parents=True)
    raw = source.read_text(encoding="utf-8")
    (broken / NAME).write_text(raw[: len(raw) // 2], encoding="utf-8")
    nb = nbformat.read(source, as_version=4)
    answer = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
    answer.source += "\nwhile True:\n    pass"
    (submitted / "loops" / LESSON).mkdir(parents=True)
    nbformat.write(nb, submitted / "loops" / LESSON / NAME)
    return course


def hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def course_grade(course: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "COURSE_GRADEBOOK_URL"}
    return subprocess.Popen(
        [str(COURSE), "grade", "--workers", "2", "--cell-timeout", "3"],
        cwd=course,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: the grader and its workers
    )


def merged(course: Path) -> tuple[int, int]:
    """Submissions the record shows merged, and those pending (results on their way in)."""
    entries = record.read_state(course).values()
    return sum(bool(e.get("graded")) for e in entries), sum("pending" in e for e in entries)


def outcome(course: Path) -> dict:
    """What a batch leaves: every cell's score, the autograded files, the record."""
    db_url = nbgrader_tools.load_config(course).CourseDirectory.db_url
    scores = sorted(
        (g.student, g.lesson, g.grade_id, g.score, g.max_score)
        for g in export.cell_grades(course, db_url)
    )
    autograded = course / "grading" / "autograded"
    files = sorted(str(p.relative_to(autograded)) for p in autograded.rglob("*") if p.is_file())
    state = record.read_state(course)
    return {"scores": scores, "autograded": files, "state": state}


def duplicates(course: Path) -> list:
    with sqlite3.connect(course / "grading" / "gradebook.db") as db:
        found = db.execute(
            "SELECT assignment_id, student_id, COUNT(*) FROM submitted_assignment "
            "GROUP BY assignment_id, student_id HAVING COUNT(*) > 1"
        ).fetchall()
        found += db.execute(
            "SELECT notebook_id, cell_id, COUNT(*) FROM grade "
            "GROUP BY notebook_id, cell_id HAVING COUNT(*) > 1"
        ).fetchall()
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    return found


@pytest.fixture(scope="module")
def batches(tmp_path_factory):
    """The same class graded twice: once straight through, once killed mid-batch (kill -9 of
    the grader's whole process group) and started again."""
    base = tmp_path_factory.mktemp("faults")
    straight = class_of(repository_copy(base / "straight"))
    killed = class_of(repository_copy(base / "killed"))
    submitted_before = hashes(killed / "grading" / "submitted")

    started = time.perf_counter()
    run = course_grade(straight)
    log, _ = run.communicate(timeout=600)
    assert run.returncode == 0, log
    straight_seconds = time.perf_counter() - started

    started = time.perf_counter()
    run = course_grade(killed)
    try:
        while sum(merged(killed)) < 1 and run.poll() is None:
            time.sleep(0.02)
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.communicate()
    at_kill = merged(killed)
    killed_pid = run.pid
    submitted_after_kill = hashes(killed / "grading" / "submitted")
    run = course_grade(killed)
    rerun_log, _ = run.communicate(timeout=600)
    assert run.returncode == 0, rerun_log
    killed_seconds = time.perf_counter() - started
    print(f"straight {straight_seconds:.1f} s; killed and rerun {killed_seconds:.1f} s")
    return {
        "straight": straight,
        "killed": killed,
        "killed_pid": killed_pid,
        "at_kill": at_kill,
        "log": log,
        "rerun_log": rerun_log,
        "submitted": (submitted_before, submitted_after_kill),
    }


@pytest.mark.slow
def test_a_batch_killed_and_run_again_equals_one_never_interrupted(batches):
    straight, killed = batches["straight"], batches["killed"]
    graded, pending = batches["at_kill"]
    assert 1 <= graded + pending < len(GRADABLE), "the kill came before or after the batch"
    first, second = outcome(straight), outcome(killed)
    assert first["scores"] == second["scores"]
    assert {s for s, *_ in first["scores"]} == {*GRADABLE, "loops"}
    assert first["autograded"] == second["autograded"]
    assert first["state"] == second["state"]
    assert all("pending" not in entry for entry in second["state"].values())
    assert len(second["state"]) == len(GRADABLE) + 2
    assert duplicates(straight) == [] and duplicates(killed) == []
    # the rerun grades only what the killed batch had not merged
    assert f"{len(GRADABLE) + 2} submissions:" in batches["rerun_log"]
    assert f"{graded} unchanged since the last run" in batches["rerun_log"]


@pytest.mark.slow
def test_grading_never_changes_submitted_work(batches):
    before, after_kill = batches["submitted"]
    assert before == after_kill
    assert hashes(batches["killed"] / "grading" / "submitted") == before
    straight = batches["straight"] / "grading" / "submitted"
    assert hashes(straight) == before  # the same class, graded straight through


@pytest.mark.slow
def test_the_gradebook_is_backed_up_before_each_batch_and_the_summary_names_it(batches):
    folder = batches["killed"] / "grading" / "backups"
    copies = sorted(folder.glob("gradebook-*.db"))
    # the fresh course had no gradebook before its first batch: one copy, before the rerun
    assert len(copies) == 1
    graded, pending = batches["at_kill"]
    with sqlite3.connect(copies[0]) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        (rows,) = db.execute("SELECT COUNT(*) FROM submitted_assignment").fetchone()
    assert graded <= rows <= graded + pending  # the gradebook as the killed batch left it
    assert f"gradebook backed up before the batch to {copies[-1]}" in batches["rerun_log"]
    assert not list(folder.glob(".*partial"))


@pytest.mark.slow
def test_the_killed_batch_leaves_no_scratch_folder(batches):
    parent = Path(workers.scratch_parent() or "/tmp")
    owners = [
        f.read_text() for f in parent.glob(f"{workers.SCRATCH_PREFIX}*/grader.pid") if f.is_file()
    ]
    assert str(batches["killed_pid"]) not in owners


def test_only_the_last_backups_are_kept(tmp_path):
    db = tmp_path / "grading" / "gradebook.db"
    db.parent.mkdir()
    sqlite3.connect(db).close()
    made = [backups.backup_gradebook(tmp_path, f"sqlite:///{db}") for _ in range(7)]
    kept = sorted((tmp_path / "grading" / "backups").glob("gradebook-*.db"))
    assert kept == made[-backups.BACKUPS_KEPT :]
    assert backups.backup_gradebook(tmp_path, "postgresql+psycopg://u@host/db") is None


CRASH = """
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA cache_size = 1")  # spill the changed pages into the file before commit
db.execute("BEGIN")
db.execute("UPDATE t SET v = randomblob(2000)")
os._exit(0)  # killed mid-transaction: a hot journal stays beside the file
"""


def test_a_copy_rolls_back_what_a_killed_writer_left_half_done(tmp_path):
    db = tmp_path / "gradebook.db"
    with sqlite3.connect(db) as making:
        making.execute("CREATE TABLE t (n INTEGER, v BLOB)")
        making.executemany("INSERT INTO t VALUES (?, zeroblob(2000))", [(n,) for n in range(500)])
    making.close()
    clean = db.read_bytes()
    subprocess.run([sys.executable, "-c", CRASH, str(db)], check=True)
    assert (tmp_path / "gradebook.db-journal").is_file()
    assert db.read_bytes() != clean  # a plain file copy would hold the half-done update
    for copy in (
        backups.copy_gradebook(f"sqlite:///{db}", tmp_path / "copy.db"),
        backups.backup_gradebook(tmp_path, f"sqlite:///{db}"),
    ):
        with sqlite3.connect(copy) as reading:
            assert reading.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            blobs = reading.execute("SELECT COUNT(*) FROM t WHERE v = zeroblob(2000)").fetchone()
        assert blobs == (500,)
