"""The grader's sandbox: what a graded kernel sees, may do and may use
(src/incentives/instructor/sandbox.py), and a grader that refuses to run without one.

The whole-batch tests with hostile submissions are in tests/instructor/test_hostile_submissions.py;
here one sandboxed kernel is asked, cell by cell, what it can reach."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, repository_copy, require_sandbox

from incentives.course import cli
from incentives.instructor import batch, flagging, nbgrader_tools, record, sandbox
from incentives.instructor.kernels import SandboxedKernelManager

# ---------------------------------------------------------------------------------------------
# The command line and the environment, without starting anything
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"), [("memory_mb", 0), ("processes", 2), ("scratch_mb", -1), ("memory_mb", 1.5)]
)
def test_a_limit_out_of_range_is_refused_with_its_name(field, value):
    with pytest.raises(ValueError, match=field):
        sandbox.Limits(**{field: value})


def test_the_kernel_keeps_only_the_variables_it_needs():
    launching = {
        "COURSE_GRADEBOOK_URL": "postgresql+psycopg://grader:secret@db/course",
        "JUPYTERHUB_API_TOKEN": "abc",
        "AWS_SECRET_ACCESS_KEY": "xyz",
        "HOME": "/root",
        "PATH": "/root/bin:/usr/bin",
        "PYTHONPATH": "/work/main",
        "NBGRADER_EXECUTION": "autograde",
        "INCENTIVES_STATIC_PAGE": "1",
        "LC_ALL": "C.UTF-8",
    }
    env = sandbox.kernel_environment(launching)
    assert "secret" not in json.dumps(env) and "abc" not in json.dumps(env)
    assert not {"COURSE_GRADEBOOK_URL", "JUPYTERHUB_API_TOKEN", "AWS_SECRET_ACCESS_KEY"} & set(env)
    assert "PYTHONPATH" not in env
    assert env["HOME"] == sandbox.HOME and "/root" not in env["PATH"]
    assert env["NBGRADER_EXECUTION"] == "autograde"
    assert env["INCENTIVES_STATIC_PAGE"] == "1" and env["LC_ALL"] == "C.UTF-8"


def test_the_command_binds_the_library_and_data_read_only_and_nothing_else_of_the_course(
    tmp_path,
):
    sockets = tmp_path / "sockets"
    sockets.mkdir()
    line = sandbox.command(
        sys.executable,
        "m",
        ["-f", str(sockets / "k.json")],
        workdir=tmp_path,
        sockets=sockets,
        bwrap="/usr/bin/bwrap",
    )
    assert {"--unshare-all", "--clearenv", "--die-with-parent"} <= set(line)
    binds = [
        (line[i], line[i + 1], line[i + 2])
        for i, arg in enumerate(line)
        if arg in ("--bind", "--ro-bind")
    ]
    writable = [source for kind, source, _ in binds if kind == "--bind"]
    assert writable == [str(sockets)], "only the kernel's own sockets are writable"
    course = [Path(source) for _, source, _ in binds if Path(source).is_relative_to(ROOT)]
    allowed = [ROOT / "src", ROOT / "data", ROOT / ".venv"]
    assert course and all(any(p.is_relative_to(a) for a in allowed) for p in course), course
    assert (str(tmp_path), sandbox.SUBMISSION) in [(s, d) for _, s, d in binds]
    scratch = max(i for i, arg in enumerate(line) if line[i : i + 2] == ["--tmpfs", "/sandbox"])
    assert line[scratch - 2 : scratch] == ["--size", str(sandbox.Limits().scratch_mb << 20)]


# ---------------------------------------------------------------------------------------------
# A grader that cannot sandbox refuses, and says what to install
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def no_bwrap(monkeypatch):
    monkeypatch.setattr(sandbox, "find_bwrap", lambda: None)
    sandbox.unavailable.cache_clear()
    yield
    sandbox.unavailable.cache_clear()


def test_without_bubblewrap_course_grade_refuses_before_touching_anything(
    no_bwrap, tmp_path, capsys
):
    course = tmp_path / "course"
    (course / "grading" / "submitted" / "ana" / "00-start-here").mkdir(parents=True)
    shutil.copy(ROOT / "grading" / "nbgrader_config.py", course / "grading")
    before = sorted(p.relative_to(course) for p in course.rglob("*"))
    with pytest.raises(batch.SandboxUnavailable, match="bubblewrap") as refused:
        batch.grade(course)
    assert "apt-get install bubblewrap" in str(refused.value)
    assert "--no-sandbox" in str(refused.value)
    assert cli.main(["--root", str(course), "grade"]) == 2
    said = capsys.readouterr().err
    assert "bubblewrap (bwrap) is not installed" in said and "--no-sandbox" in said
    assert sorted(p.relative_to(course) for p in course.rglob("*")) == before


def test_without_bubblewrap_a_sandboxed_kernel_refuses_to_start(no_bwrap):
    manager = SandboxedKernelManager(kernel_name="python3")
    with pytest.raises(RuntimeError, match="outside a sandbox.*COURSE_GRADE_WITHOUT_SANDBOX"):
        asyncio.run(manager.start_kernel())
    asyncio.run(manager.cleanup_resources())


def test_the_summary_says_whether_the_code_ran_in_a_sandbox():
    sandboxed = batch.Batch([])
    assert "ran in a sandbox" in batch.summary(sandboxed)
    open_ = batch.Batch([])
    open_.sandbox = None
    assert "NOT SANDBOXED" in batch.summary(open_)
    partial = batch.Batch([])
    partial.sandbox = ["no process limit"]
    assert "sandboxed, but: no process limit" in batch.summary(partial)


# ---------------------------------------------------------------------------------------------
# One sandboxed kernel, asked what it can reach
# ---------------------------------------------------------------------------------------------

PROBE = r"""
import json, os, socket, sys
seen = {}
seen["cwd"] = os.getcwd()
seen["files"] = sorted(os.listdir("."))
seen["env"] = dict(os.environ)
seen["root"] = sorted(os.listdir("/"))
course = COURSE
seen["course"] = sorted(os.listdir(course)) if os.path.isdir(course) else None
seen["pids"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
try:
    socket.create_connection(("127.0.0.1", PORT), timeout=2).close()
    seen["net"] = "connected"
except OSError as error:
    seen["net"] = type(error).__name__
try:
    open(os.path.join(sys.prefix, "planted.txt"), "w")
    seen["venv"] = "written"
except OSError as error:
    seen["venv"] = type(error).__name__
with open("answer.txt", "w") as out:
    out.write("changed")
print(json.dumps(seen))
"""

HOG = """
try:
    hog = bytearray(3 * 2**30)
    print("allocated")
    del hog
except MemoryError:
    print("MemoryError")
"""

FILLER = """
import os
written = 0
try:
    with open("fill.bin", "wb") as out:
        while written < 2**30:
            out.write(b"x" * 2**20)
            out.flush()
            written += 2**20
except OSError as error:
    print(error.strerror, written >> 20)
os.remove("fill.bin")
"""

FORKS = """
import os, time
children = []
try:
    for _ in range(1000):
        pid = os.fork()
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        children.append(pid)
    print("forked", len(children))
except OSError as error:
    print(type(error).__name__, len(children))
for pid in children:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
"""


async def _run(client, code: str, timeout: float = 60) -> str:
    said = []

    def keep(message):
        content = message["content"]
        if message["msg_type"] == "stream":
            said.append(content["text"])
        elif message["msg_type"] == "error":
            said.append(f"{content['ename']}: {content['evalue']}")

    await client.execute_interactive(code, output_hook=keep, timeout=timeout)
    return "".join(said).strip()


@pytest.fixture(scope="module")
def probed(tmp_path_factory):
    """One sandboxed kernel's answers to PROBE, HOG, FILLER, FORKS and an interrupt, with a
    secret in the grader's environment and a server listening on the grader's loopback."""
    require_sandbox()
    work = tmp_path_factory.mktemp("submission")
    (work / "answer.txt").write_text("as submitted")
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    env = {**os.environ, "COURSE_GRADEBOOK_URL": "postgresql://grader:s3cr3t@127.0.0.1/x"}

    async def ask():
        manager = SandboxedKernelManager(kernel_name="python3")
        await manager.start_kernel(cwd=str(work), env=env)
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            code = PROBE.replace("COURSE", repr(str(ROOT))).replace("PORT", str(port))
            answers = {"probe": json.loads(await _run(client, code))}
            for name, cell in (("hog", HOG), ("filler", FILLER), ("forks", FORKS)):
                answers[name] = await _run(client, cell)
            client.execute("import time\nwhile True:\n    time.sleep(0.05)")
            await asyncio.sleep(1)
            await manager.interrupt_kernel()
            reply = await client.get_shell_msg(timeout=20)
            answers["interrupted"] = reply["content"].get("ename")
            answers["after"] = await _run(client, "print(6 * 7)")
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)
        answers["sockets_left"] = manager._sockets.exists()
        return answers

    try:
        answers = asyncio.run(ask())
    finally:
        listener.close()
    answers["submitted"] = (work / "answer.txt").read_text()
    answers["planted"] = (Path(sys.prefix) / "planted.txt").exists()
    return answers


@pytest.mark.slow
def test_the_kernel_works_on_a_copy_of_its_folder_and_the_original_is_unchanged(probed):
    assert probed["probe"]["cwd"] == sandbox.WORK
    assert probed["probe"]["files"] == ["answer.txt"]
    assert probed["submitted"] == "as submitted"


@pytest.mark.slow
def test_the_kernel_sees_no_course_folder_no_secret_and_no_process_of_the_grader(probed):
    seen = probed["probe"]
    assert seen["course"] is None or set(seen["course"]) <= {"src", "data", ".venv"}
    assert "COURSE_GRADEBOOK_URL" not in seen["env"]
    assert "s3cr3t" not in json.dumps(seen)
    assert len(seen["pids"]) <= 3, seen["pids"]  # the sandbox's init, the kernel, a child
    assert not {"grading", "solutions", "lessons"} & set(seen["root"])


@pytest.mark.slow
def test_the_kernel_reaches_no_server_of_the_grader_and_writes_no_library(probed):
    assert probed["probe"]["net"] == "ConnectionRefusedError"
    assert probed["probe"]["venv"] in ("OSError", "PermissionError")
    assert not probed["planted"]


@pytest.mark.slow
def test_memory_disk_and_processes_are_limited(probed):
    assert probed["hog"] == "MemoryError"
    strerror, megabytes = probed["filler"].rsplit(" ", 1)
    assert strerror == "No space left on device"
    assert 0 < int(megabytes) <= sandbox.Limits().scratch_mb
    kind, count = probed["forks"].split()
    assert kind == "BlockingIOError" and int(count) < sandbox.Limits().processes


@pytest.mark.slow
def test_an_interrupt_stops_the_cell_and_the_kernel_goes_on(probed):
    assert probed["interrupted"] == "KeyboardInterrupt"
    assert probed["after"] == "42"
    assert not probed["sockets_left"]


# ---------------------------------------------------------------------------------------------
# Grading without a sandbox, when asked: said everywhere
# ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_grading_with_no_sandbox_flags_every_result_and_the_gradebooks_notebook(tmp_path):
    course = repository_copy(tmp_path / "course")
    lesson, name = "00-start-here", "00-start-here.ipynb"
    folder = course / "grading" / "submitted" / "ana" / lesson
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / lesson / name, folder / name)
    env = {k: v for k, v in os.environ.items() if k != "COURSE_GRADEBOOK_URL"}
    course_command = Path(sys.executable).parent / "course"
    run = subprocess.run(
        [str(course_command), "grade", "--no-sandbox", "--workers", "1"],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "NOT SANDBOXED" in run.stdout and flagging.NO_SANDBOX_FLAG in run.stdout
    state = record.read_state(course)
    assert flagging.NO_SANDBOX_FLAG in state["ana/00-start-here"]["result"]["flags"]
    assert (
        state["ana/00-start-here"]["result"]["score"]
        == state["ana/00-start-here"]["result"]["max_score"]
    )
    url = nbgrader_tools.load_config(course).CourseDirectory.db_url
    with nbgrader_tools.gradebook(url) as book:
        notebook = book.find_submission_notebook(name.removesuffix(".ipynb"), lesson, "ana")
        assert notebook.flagged


def test_an_output_that_quotes_a_hidden_test_is_cleared_and_flagged(tmp_path):
    """A submission can catch a hidden test's code as the kernel runs it (an IPython hook)
    and print it in a later cell: the grader clears those lines and flags the cell, and the
    feedback never shows them."""
    from incentives.instructor import feedback

    hidden = "### BEGIN HIDDEN TESTS\nassert cost_per_lead(900, 30) == 30.0\n### END HIDDEN TESTS\n"
    stolen = "caught: assert cost_per_lead(900, 30) == 30.0\nnothing else\n"
    notebook = {
        "cells": [
            {"cell_type": "code", "source": "x = 1", "metadata": {}, "outputs": []},
            {"cell_type": "code", "source": hidden, "metadata": {}, "outputs": []},
            {
                "cell_type": "code",
                "source": "print(caught)",
                "metadata": {"nbgrader": {"grade_id": "later_answer"}},
                "outputs": [{"output_type": "stream", "name": "stdout", "text": stolen}],
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(notebook))
    flags = flagging.remove_quoted_hidden_tests(path)
    assert flags == ["cell later_answer printed a hidden test's code (removed from its output)"]
    text = json.loads(path.read_text())["cells"][2]["outputs"][0]["text"]
    assert "cost_per_lead(900, 30)" not in text and "nothing else" in text
    assert feedback.REMOVED in text
    assert flagging.remove_quoted_hidden_tests(path) == []  # nothing left to clear
    notebook["cells"][2]["outputs"][0]["text"] = stolen
    shown = feedback.shown(notebook)
    assert "cost_per_lead(900, 30)" not in json.dumps(shown)


def test_an_answer_that_hooks_into_the_kernel_is_flagged(tmp_path):
    """The hidden tests run in the student's kernel after the answers: an answer that wraps
    later cells (an IPython transformer) or silences their errors can hide a failing test,
    which no sandbox prevents. The grader flags such lines for a person to read."""
    answer = {"nbgrader": {"solution": True, "grade_id": "cost_answer"}}
    cells = [
        ("def cost_per_lead(budget, leads):\n    return budget / leads", answer),
        (
            "ip = get_ipython()\nip.input_transformers_post.append(wrap)  # every cell\n"
            "sys.excepthook = quiet",
            {"nbgrader": {"solution": True, "grade_id": "hider_answer"}},
        ),
        ("get_ipython().run_line_magic('matplotlib', 'inline')", {}),  # not an answer
    ]
    notebook = {
        "cells": [
            {"cell_type": "code", "source": s, "metadata": m, "outputs": []} for s, m in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(notebook))
    assert flagging.kernel_hooks(path) == [
        "cell hider_answer: ip = get_ipython()",
        "cell hider_answer: ip.input_transformers_post.append(wrap)  # every cell",
        "cell hider_answer: sys.excepthook = quiet",
    ]
    notebook["cells"] = notebook["cells"][:1]
    path.write_text(json.dumps(notebook))
    assert flagging.kernel_hooks(path) == []
