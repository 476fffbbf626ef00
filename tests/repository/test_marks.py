"""How the suite marks its tests: ``slow`` by folder, and a test that runs a notebook or
starts a kernel or a server without being marked slow fails, so it cannot slow
`make test-fast` unnoticed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from types import SimpleNamespace

import pytest
from conftest import (
    LONGEST_FILES,
    NOT_MARKED_SLOW,
    ROOT,
    STARTED,
    TESTS,
    in_slow_folder,
    pytest_collection_modifyitems,
    slow_but_unmarked,
)


def test_a_test_in_a_slow_folder_is_slow_at_any_depth():
    assert in_slow_folder(TESTS / "build" / "test_install.py")
    assert in_slow_folder(TESTS / "end_to_end" / "hub" / "test_hub.py")
    assert not in_slow_folder(TESTS / "model" / "test_sales.py")
    assert not in_slow_folder(TESTS / "notebooks.py")  # a file, not a folder
    assert not in_slow_folder(ROOT / "notebooks" / "test_elsewhere.py")  # not under tests/


def item(*fixtures: str, slow: bool = False):
    """A stand-in for a collected test: its fixtures and whether it is marked slow."""
    marks = {"slow": object()} if slow else {}
    return SimpleNamespace(fixturenames=list(fixtures), get_closest_marker=marks.get)


def test_a_test_that_runs_a_notebook_must_be_marked_slow():
    assert slow_but_unmarked(item("tmp_path", "executed")) == "it uses the fixture 'executed'"
    assert slow_but_unmarked(item("chromium")) == "it uses the fixture 'chromium'"
    assert slow_but_unmarked(item("executed", slow=True)) is None
    assert slow_but_unmarked(item("tmp_path")) is None


def test_every_kernel_this_process_starts_is_noted(tmp_path):
    from jupyter_client.provisioning import local_provisioner

    with pytest.raises(OSError):  # no such program: nothing starts, the attempt is noted
        local_provisioner.launch_kernel([str(tmp_path / "python"), "-m", "ipykernel_launcher"])
    noted = list(STARTED)
    STARTED.clear()  # this test started nothing after all
    assert noted == [f"a kernel ({tmp_path / 'python'} -m ipykernel_launcher)"]


UNMARKED = """
import sys

import pytest
from tests.harness import free_port, running_server


def test_fast_but_starts_a_server(tmp_path):
    port = free_port()
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
    with running_server(command, port, tmp_path / "log", status_path="/"):
        pass


def test_fast_but_runs_a_notebook(executed):
    pass


@pytest.mark.slow
def test_slow_and_marked_so(tmp_path):
    port = free_port()
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
    with running_server(command, port, tmp_path / "log", status_path="/"):
        pass
"""


@pytest.mark.slow
def test_an_unmarked_test_that_starts_a_server_or_runs_a_notebook_fails(tmp_path):
    """The suite's conftest, loaded as a plugin, on a file of three tests outside tests/."""
    (tmp_path / "test_unmarked.py").write_text(textwrap.dedent(UNMARKED))
    env = {**os.environ, "PYTHONPATH": f"{TESTS}{os.pathsep}{ROOT}"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "conftest", "-p", "no:xdist", "-p"]
        + ["no:cacheprovider", "-q", "-o", "markers=slow", f"--rootdir={tmp_path}", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = run.stdout
    assert out.splitlines()[-1].startswith("1 failed, 1 passed, 1 error"), out + run.stderr
    # the server's test fails once it has run; the notebook's before it runs
    assert "FAILED test_unmarked.py::test_fast_but_starts_a_server" in out
    assert "ERROR test_unmarked.py::test_fast_but_runs_a_notebook" in out
    said = " ".join(out.split())
    assert f"{NOT_MARKED_SLOW}: it started a server (python" in said
    assert f"{NOT_MARKED_SLOW}: it uses the fixture 'executed'" in said


def test_every_file_listed_as_long_is_a_test_file():
    """A long file renamed or moved away would silently lose its place at the front."""
    names = {path.name for path in TESTS.rglob("test_*.py")}
    assert sorted(set(LONGEST_FILES) - names) == []


def test_an_xdist_worker_collects_the_longest_files_first():
    def collected(name):
        return SimpleNamespace(path=TESTS / name, fixturenames=[], add_marker=lambda mark: None)

    items = [collected(n) for n in ("test_a.py", "test_check.py", "test_b.py", "test_grading.py")]
    alone = list(items)
    pytest_collection_modifyitems(SimpleNamespace(), alone)
    assert alone == items  # one process: the order is left alone
    pytest_collection_modifyitems(SimpleNamespace(workerinput={}), items)
    names = [item.path.name for item in items]
    assert names == ["test_grading.py", "test_check.py", "test_a.py", "test_b.py"]
