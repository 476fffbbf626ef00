"""A class on JupyterHub, end to end on one machine.

deploy/jupyterhub/jupyterhub_config.py, the documented configuration, runs a real
JupyterHub on 127.0.0.1 with configurable-http-proxy, for an instructor and two students,
each a real OS account that this test makes (and removes afterwards). The instructor
releases lesson 00 into nbgrader's exchange with `course release`; each student fetches it,
answers it (one correctly, one not) and submits it through nbgrader's Assignments extension
on the student's own server, over the proxy, with the student's own token; the instructor
collects, grades and exports with `course`, and the student x exercise export holds the
expected scores.

Outside CI the end-to-end tests skip, naming what is missing, when they are not run as root
(they make OS accounts), when configurable-http-proxy (npm) is not on PATH, or when the
course environment lies in a folder closed to other accounts (pyenv's Python under /root)
and `setfacl` (Debian's acl) is missing to open it to the test's accounts alone. Under CI
(`CI=true`) they must run: .ci/run installs both.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from conftest import (
    ROOT,
    free_port,
    missing,
    repository_copy,
    require_program,
    running_server,
)

from incentives.instructor import nbgrader_tools

LESSON = "00-start-here"
COURSE_ID = "marketing-vs-sales"
HUB_CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
INSTRUCTOR = "mvs-test-instructor"
CORRECT, WRONG = STUDENTS = ("mvs-test-student-a", "mvs-test-student-b")
ACCOUNTS = (INSTRUCTOR, *STUDENTS)
# The comment (GECOS field) of every account this test makes: an account of one of these
# names without it is someone else's, and the test leaves it alone.
MARK = "made by tests/end_to_end/test_jupyterhub.py"
# The course environment: the one running the tests (make test's .venv, with jupyterhub).
COURSE_ENV = Path(sys.prefix)
# The wrong student's answer: the ratio upside down (leads per euro, not euros per lead).
WRONG_ANSWER = "def cost_per_lead(budget_eur, leads):\n    return leads / budget_eur\n"


# ---------------------------------------------------------------------------------------------
# The configuration itself, without a hub (fast)
# ---------------------------------------------------------------------------------------------


def load_hub_config(tmp_path, monkeypatch, **settings):
    from traitlets.config.loader import PyFileConfigLoader

    monkeypatch.setenv("COURSE_EXCHANGE", str(tmp_path / "exchange"))
    monkeypatch.setenv("COURSE_HUB_STATE", str(tmp_path / "hub"))
    monkeypatch.setenv("COURSE_HUB_RUNTIME", str(tmp_path / "runtime"))
    for key, value in settings.items():
        monkeypatch.setenv(key, value)
    return PyFileConfigLoader(HUB_CONFIG.name, path=str(HUB_CONFIG.parent)).load_config()


def spawned_environment(config, user: str, groups: list[str]) -> dict[str, str]:
    """The environment the configuration's pre-spawn hook gives ``user``'s server."""
    spawner = SimpleNamespace(
        user=SimpleNamespace(name=user, groups=[SimpleNamespace(name=g) for g in groups]),
        environment=dict(config.Spawner.environment),
    )
    config.Spawner.pre_spawn_hook(spawner)
    return spawner.environment


def test_the_hub_gives_instructors_the_formgrader_and_students_the_student_configuration(
    tmp_path, monkeypatch
):
    me = pwd.getpwuid(os.getuid()).pw_name  # any existing account stands for the instructor
    config = load_hub_config(
        tmp_path,
        monkeypatch,
        COURSE_HUB_INSTRUCTORS=me,
        COURSE_HUB_STUDENTS="ana, bo",
        COURSE_ENV="/opt/course",
    )
    assert config.Authenticator.allowed_users == {me, "ana", "bo"}
    assert config.JupyterHub.load_groups == {"instructors": {"users": [me]}}
    assert config.Spawner.cmd == ["/opt/course/bin/jupyterhub-singleuser"]
    assert config.Spawner.environment["PATH"].startswith("/opt/course/bin:")
    assert "services" not in config.JupyterHub  # the test client exists only when asked for

    common = str(ROOT / "deploy" / "jupyterhub" / "jupyter")
    student = spawned_environment(config, "ana", groups=[])
    assert student["JUPYTER_CONFIG_PATH"] == f"{ROOT / 'jupyter' / 'student'}:{common}"
    assert "COURSE_ROOT" not in student
    instructor = spawned_environment(config, me, groups=["instructors"])
    assert instructor["JUPYTER_CONFIG_PATH"] == common
    assert instructor["COURSE_ROOT"] == os.path.join(pwd.getpwnam(me).pw_dir, COURSE_ID)
    assert instructor["COURSE_EXCHANGE"] == str(tmp_path / "exchange")


def test_the_hub_makes_the_exchange_writable_by_all_with_the_sticky_bit(tmp_path, monkeypatch):
    load_hub_config(tmp_path, monkeypatch)
    assert stat.S_IMODE((tmp_path / "exchange").stat().st_mode) == 0o1777
    assert stat.S_IMODE((tmp_path / "hub").stat().st_mode) == 0o700


def test_course_takes_the_exchange_from_the_hub(monkeypatch):
    assert nbgrader_tools.exchange_root(nbgrader_tools.load_config(ROOT)) is None
    monkeypatch.setenv("COURSE_EXCHANGE", "/srv/class/exchange")
    assert nbgrader_tools.exchange_root(nbgrader_tools.load_config(ROOT)) == "/srv/class/exchange"


# ---------------------------------------------------------------------------------------------
# OS accounts, and a passage to the course environment for them
# ---------------------------------------------------------------------------------------------


def run(command: list[str], **options) -> str:
    done = subprocess.run(command, capture_output=True, text=True, **options)
    assert done.returncode == 0, f"{command}: {done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def existing_account(name: str):
    """The account ``name``, or None."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def make_accounts(homes: Path, made: list[str]) -> None:
    """Make the test's accounts, adding each to ``made`` once made. A leftover of an
    interrupted run (an account with the test's mark) is removed first; any other account of
    one of the names stops the test before anything is made, and is left alone."""
    for name in ACCOUNTS:
        account = existing_account(name)
        if account and account.pw_gecos != MARK:
            missing(f"an account named {name} exists and this test did not make it")
    for name in ACCOUNTS:
        if existing_account(name):
            remove_account(name)
        home = homes / name
        run(["useradd", "--create-home", "--home-dir", str(home), "--comment", MARK, name])
        made.append(name)


def remove_account(name: str) -> None:
    """Stop what runs as ``name`` (the test's own account), then delete it and its home."""
    uid = pwd.getpwnam(name).pw_uid
    for pid in processes_of(uid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    run(["userdel", "--remove", name])


def processes_of(uid: int) -> list[int]:
    """The ids of the processes running as ``uid``."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            lines = status.read_text().splitlines()
            uids = next(line.split()[1:] for line in lines if line.startswith("Uid:"))
            if str(uid) in uids:
                found.append(int(status.parent.name))
    return found


def closed_folders(paths: list[Path]) -> list[Path]:
    """The folders on the way to ``paths`` (and those that are folders) that other accounts
    may not pass through."""
    closed = []
    for path in map(Path.resolve, paths):
        on_the_way = [*reversed(path.parents), *([path] if path.is_dir() else [])]
        for folder in on_the_way:
            if not folder.stat().st_mode & stat.S_IXOTH and folder not in closed:
                closed.append(folder)
    return closed


@contextlib.contextmanager
def passage(folders: list[Path], names: list[str]):
    """Let the accounts ``names``, and no other, pass through ``folders`` (enter, not list)
    until the block ends; then each folder is as it was."""
    if folders and shutil.which("setfacl") is None:
        missing(
            f"the course environment lies beyond {folders[0]}, closed to other accounts, "
            "and setfacl (Debian's acl) is not installed to open it to the test's accounts"
        )
    opened = []
    try:
        for folder in folders:
            mode = folder.stat().st_mode
            had_acl = bool(run(["getfacl", "--skip-base", "--absolute-names", str(folder)]))
            entries = ",".join(f"u:{name}:x" for name in names)
            run(["setfacl", "-m", entries, str(folder)])
            opened.append((folder, mode, had_acl))
        yield
    finally:
        for folder, mode, had_acl in opened:
            if had_acl:
                run(["setfacl", "-x", ",".join(f"u:{name}" for name in names), str(folder)])
            else:
                run(["setfacl", "-b", str(folder)])
                os.chmod(folder, stat.S_IMODE(mode))


# ---------------------------------------------------------------------------------------------
# The hub's REST API and the users' servers, over the proxy
# ---------------------------------------------------------------------------------------------


def request(method: str, url: str, token: str, body=None) -> tuple[int, Message, bytes]:
    """One HTTP request with a JupyterHub or server token; (status, headers, body)."""
    data = None if body is None else json.dumps(body).encode()
    sent = urllib.request.Request(url, data=data, method=method)
    sent.add_header("Authorization", f"token {token}")
    if data is not None:
        sent.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(sent, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


def call(method: str, url: str, token: str, body=None, expect=(200, 201)):
    """The JSON answer of a request that must succeed."""
    status, _, answer = request(method, url, token, body)
    assert status in expect, f"{method} {url}: {status} {answer[:2000]!r}"
    return json.loads(answer) if answer else None


@dataclass
class Hub:
    """A running hub: its URL, the test client's token and each user's own token."""

    url: str
    token: str
    base: Path  # the test's folder: homes, exchange, the hub's state and log
    tokens: dict[str, str] = field(default_factory=dict)

    def api(self, method: str, path: str, body=None, expect=(200, 201)):
        """A request to the hub's REST API with the test client's token."""
        return self._call(method, f"{self.url}/hub/api{path}", self.token, body, expect)

    def server(self, user: str, method: str, path: str, body=None):
        """A request to ``user``'s own server, over the proxy, with ``user``'s token."""
        return self._call(method, f"{self.url}/user/{user}{path}", self.tokens[user], body)

    def _call(self, method, url, token, body, expect=(200, 201)):
        try:
            return call(method, url, token, body, expect)
        except AssertionError as error:  # the hub's log holds the servers' too
            log = (self.base / "hub.log").read_text(errors="replace").splitlines()
            raise AssertionError(f"{error}\nthe hub's log ends:\n" + "\n".join(log[-40:])) from None

    def wait_until_routed(self, timeout: float = 30) -> None:
        """Until the proxy routes to the hub (before that, the proxy itself answers 404)."""
        deadline = time.monotonic() + timeout
        while request("GET", f"{self.url}/hub/api/", self.token)[0] != 200:
            assert time.monotonic() < deadline, "the proxy never routed to the hub"
            time.sleep(0.2)

    def start_servers(self, users, timeout: float = 60) -> None:
        for user in users:
            self.api("POST", f"/users/{user}/server", expect=(201, 202))
        deadline = time.monotonic() + timeout
        waiting = set(users)
        while waiting:
            for user in sorted(waiting):
                if self.api("GET", f"/users/{user}")["servers"].get("", {}).get("ready"):
                    waiting.discard(user)
            assert time.monotonic() < deadline, f"servers of {sorted(waiting)} not ready"
            time.sleep(0.3)

    def stop_servers(self, users) -> None:
        for user in users:
            request("DELETE", f"{self.url}/hub/api/users/{user}/server", self.token)


def instructor_home() -> Path:
    return Path(pwd.getpwnam(INSTRUCTOR).pw_dir)


@pytest.fixture(scope="module")
def hub():
    """The documented hub, for the test's accounts, with everyone's server running."""
    if os.geteuid() != 0:
        missing("not root: the test makes OS accounts for its hub users")
    for program in ("useradd", "userdel", "runuser"):
        require_program(program)
    require_program("configurable-http-proxy", "with npm")
    if not (COURSE_ENV / "bin" / "jupyterhub").exists():
        missing(f"jupyterhub is not installed in {COURSE_ENV} (make test installs it)")
    # Not pytest's own temporary folder: as root it is closed to other accounts.
    base = Path(tempfile.mkdtemp(prefix="course-hub-"))
    base.chmod(0o755)
    (base / "home").mkdir(mode=0o755)
    made: list[str] = []
    try:
        make_accounts(base / "home", made)
        needed = [Path(sys.executable), COURSE_ENV, ROOT]
        with passage(closed_folders(needed), made):
            probe = "import incentives, jupyterhub, nbgrader"
            run(["runuser", "-u", CORRECT, "--", sys.executable, "-c", probe])
            # The instructor's course: a clone of the repository in the instructor's home.
            course = repository_copy(instructor_home() / COURSE_ID)
            run(["chown", "-R", f"{INSTRUCTOR}:", str(course)])
            yield from running_hub(base)
    finally:
        for name in made:
            remove_account(name)
        shutil.rmtree(base, ignore_errors=True)


def stop_proxy(pid_file: Path) -> None:
    """Stop the proxy that the hub started, if the hub left it running (as it does when
    stopped while it starts up)."""
    with contextlib.suppress(OSError, ValueError):
        pid = int(pid_file.read_text())
        if b"configurable-http-proxy" in Path(f"/proc/{pid}/cmdline").read_bytes():
            os.kill(pid, signal.SIGTERM)


def running_hub(base: Path):
    token = secrets.token_hex(32)
    port = free_port()
    settings = {
        "COURSE_HUB_INSTRUCTORS": INSTRUCTOR,
        "COURSE_HUB_STUDENTS": " ".join(STUDENTS),
        "COURSE_ENV": str(COURSE_ENV),
        "COURSE_EXCHANGE": str(base / "exchange"),
        "COURSE_HUB_STATE": str(base / "hub"),
        "COURSE_HUB_RUNTIME": str(base / "runtime"),
        "COURSE_HUB_BIND_URL": f"http://127.0.0.1:{port}",
        "COURSE_HUB_API_URL": f"http://127.0.0.1:{free_port()}",
        "COURSE_PROXY_API_URL": f"http://127.0.0.1:{free_port()}",
        "COURSE_HUB_TEST_TOKEN": token,
    }
    command = [str(COURSE_ENV / "bin" / "jupyterhub"), "-f", str(HUB_CONFIG)]
    with contextlib.ExitStack() as stack:
        stack.callback(stop_proxy, base / "hub" / "jupyterhub-proxy.pid")  # runs last
        with pytest.MonkeyPatch.context() as patch:  # the hub's environment, not the tests'
            for key, value in settings.items():
                patch.setenv(key, value)
            url = stack.enter_context(
                running_server(command, port, base / "hub.log", base, status_path="/hub/api/")
            )
        hub = Hub(url, token, base)
        # Stopped before the hub (an exit stack runs its callbacks last first).
        stack.callback(hub.stop_servers, ACCOUNTS)
        hub.wait_until_routed()
        hub.start_servers(ACCOUNTS)
        for user in ACCOUNTS:
            hub.tokens[user] = hub.api("POST", f"/users/{user}/tokens", {"note": "test"})["token"]
        yield hub


# ---------------------------------------------------------------------------------------------
# The class
# ---------------------------------------------------------------------------------------------


def page_config(hub: Hub, user: str) -> dict:
    """The JupyterLab page configuration ``user``'s server sends with /lab."""
    status, _, page = request("GET", f"{hub.url}/user/{user}/lab", hub.tokens[user])
    assert status == 200, page[:2000]
    found = re.search(
        rb'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S
    )
    assert found, "no page configuration in JupyterLab's page"
    return json.loads(found.group(1))


@pytest.mark.slow
def test_the_instructor_has_the_formgrader_and_students_only_the_assignments(hub):
    for student in STUDENTS:
        disabled = page_config(hub, student)["disabledExtensions"]
        assert "@jupyter/nbgrader:formgrader" in disabled
        assert "@jupyter/nbgrader:assignment-list" not in disabled
        status, _, _ = request("GET", f"{hub.url}/user/{student}/formgrader", hub.tokens[student])
        assert status == 404  # the server extension is off, not only its tab
    assert "@jupyter/nbgrader:formgrader" not in page_config(hub, INSTRUCTOR)["disabledExtensions"]
    # The Formgrader serves the course in the instructor's home...
    names = [a["name"] for a in hub.server(INSTRUCTOR, "GET", "/formgrader/api/assignments")]
    assert names == nbgrader_tools.assignment_ids(ROOT)
    # ...and forbids being framed (JupyterHub 4.1+), so it opens in its own browser tab.
    url = f"{hub.url}/user/{INSTRUCTOR}/formgrader/manage_assignments"
    status, headers, _ = request("GET", url, hub.tokens[INSTRUCTOR])
    assert status == 200
    assert "frame-ancestors 'none'" in headers.get("Content-Security-Policy", "")


@pytest.mark.slow
def test_a_students_kernel_listens_on_no_tcp_port_even_with_a_python3_of_their_own(hub):
    """A student's server does not own the course environment, so Jupyter would prefer a
    `python3` kernelspec in the student's home (plain ipykernel: one TCP port); the hub puts
    the environment's first, whose kernels (the course's launcher) listen on none."""
    from test_kernels import LAUNCHER, bound_kernel, listening_tcp_ports

    student = CORRECT
    home = Path(pwd.getpwnam(student).pw_dir)
    own = home / ".local" / "share" / "jupyter" / "kernels" / "python3"
    own.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (own / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "Python 3"}))
    run(["chown", "-R", f"{student}:", str(home / ".local")])
    kernel = hub.server(student, "POST", "/api/kernels", {"name": "python3"})
    try:
        runtime = hub.base / "runtime" / str(pwd.getpwnam(student).pw_uid)
        process = bound_kernel(runtime / f"kernel-{kernel['id']}.json")
        assert process.uids().real == pwd.getpwnam(student).pw_uid
        assert LAUNCHER in process.cmdline(), process.cmdline()
        assert listening_tcp_ports(process.pid) == []
    finally:
        url = f"{hub.url}/user/{student}/api/kernels/{kernel['id']}"
        request("DELETE", url, hub.tokens[student])
        shutil.rmtree(home / ".local" / "share" / "jupyter" / "kernels")


def as_instructor(hub: Hub, *arguments: str) -> str:
    """Run `course ARGUMENTS` as the instructor, in the course, with a server's environment."""
    home = instructor_home()
    environment = {
        "HOME": str(home),
        "USER": INSTRUCTOR,
        "PATH": f"{COURSE_ENV / 'bin'}:/usr/bin:/bin",
        "COURSE_EXCHANGE": str(hub.base / "exchange"),
    }
    command = [sys.executable, "-m", "incentives.course.cli", *arguments]
    settings = [f"{key}={value}" for key, value in environment.items()]
    return run(
        ["runuser", "-u", INSTRUCTOR, "--", "env", "-i", *settings, *command],
        cwd=home / COURSE_ID,
        timeout=300,
    )


def answer(notebook: dict, answers: dict[str, str]) -> dict:
    """``notebook`` with the answer cells named in ``answers`` (grade id -> source) filled."""
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    return notebook


def solution_answers() -> dict[str, str]:
    """Every answer cell of lesson 00's solution, as a student would write it (no markers)."""
    solution = nbformat.read(ROOT / "solutions" / LESSON / f"{LESSON}.ipynb", as_version=4)
    return {
        cell.metadata.nbgrader["grade_id"]: "\n".join(
            line
            for line in cell.source.splitlines()
            if "### BEGIN" not in line and "### END" not in line
        )
        for cell in solution.cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }


def autograded_maximum() -> float:
    """Lesson 00's autograded points, from its solution: the graded cells that are tests."""
    solution = nbformat.read(ROOT / "solutions" / LESSON / f"{LESSON}.ipynb", as_version=4)
    graded = [c.metadata.get("nbgrader", {}) for c in solution.cells]
    return sum(m["points"] for m in graded if m.get("grade") and not m.get("solution"))


def fetch_answer_and_submit(hub: Hub, student: str, answers: dict[str, str]) -> None:
    """What a student does in the Assignments tab and the notebook, over the proxy."""
    lesson = {"course_id": COURSE_ID, "assignment_id": LESSON}
    listed = hub.server(student, "GET", f"/assignments?course_id={COURSE_ID}")
    assert [a["assignment_id"] for a in listed["value"] if a["status"] == "released"] == [LESSON]
    fetched = hub.server(student, "POST", "/assignments/fetch", lesson)
    assert [a["status"] for a in fetched["value"]] == ["fetched"], fetched
    path = f"/api/contents/{LESSON}/{LESSON}.ipynb"
    notebook = hub.server(student, "GET", f"{path}?content=1")["content"]
    model = {"type": "notebook", "format": "json", "content": answer(notebook, answers)}
    hub.server(student, "PUT", path, model)
    submitted = hub.server(student, "POST", "/assignments/submit", lesson)
    assert submitted.get("success", True) is not False, submitted
    statuses = {
        a["status"]
        for a in hub.server(student, "GET", "/assignments?course_id=" + COURSE_ID)["value"]
    }
    assert "submitted" in statuses


@pytest.mark.slow
def test_a_class_releases_fetches_submits_collects_grades_and_exports_on_jupyterhub(hub):
    out = as_instructor(hub, "release", LESSON)
    assert f"released {LESSON} to the exchange" in out

    fetch_answer_and_submit(hub, CORRECT, solution_answers())
    fetch_answer_and_submit(hub, WRONG, {"cost_per_lead_answer": WRONG_ANSWER})
    # Real accounts: each submission belongs to its student, and a student cannot even list
    # the others' submissions.
    inbound = hub.base / "exchange" / COURSE_ID / "inbound"
    owners = {pwd.getpwuid(p.stat().st_uid).pw_name for p in inbound.iterdir()}
    assert owners == set(STUDENTS)
    peek = subprocess.run(["runuser", "-u", WRONG, "--", "ls", str(inbound)], capture_output=True)
    assert peek.returncode != 0

    out = as_instructor(hub, "collect", LESSON)
    for student in STUDENTS:
        assert f"  {student}: the exchange" in out, out
    assert f"  new          {len(STUDENTS)}  " in out, out
    # nbgrader checks that each submission belongs to the account it names.
    assert "cheating attempt" not in out
    out = as_instructor(hub, "grade", "--workers", "2")
    assert f"{CORRECT} {LESSON}: 3/3" in out and f"{WRONG} {LESSON}: 0/3" in out, out
    as_instructor(hub, "export")
    export = instructor_home() / COURSE_ID / "grading" / "export" / "grades-by-exercise.csv"
    with export.open() as table:
        rows = {row.pop("student"): row for row in csv.DictReader(table)}

    maximum = autograded_maximum()
    assert maximum == 3  # lesson 00's table in grading/README.md
    (exercise,) = [c for c in rows[CORRECT] if c.startswith(f"{LESSON}: Exercise 1")]
    assert set(rows) == set(STUDENTS)
    # Written answers are still to be marked ("not marked yet"): the totals are autograded points.
    correct, wrong = (
        sum(float(score) for score in rows[s].values() if score.replace(".", "", 1).isdigit())
        for s in STUDENTS
    )
    assert float(rows[CORRECT][exercise]) == correct == maximum
    assert wrong == 0 < maximum
