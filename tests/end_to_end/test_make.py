"""The Makefile's promises: `make lab` serves the student's copies of the lessons in a student's
lab, `make instructor` the course with the Formgrader, and a second run installs nothing."""

from __future__ import annotations

import http.cookiejar
import json
import re
import subprocess
import urllib.error
import urllib.request

import pytest
from conftest import ROOT, free_port, get, repository_copy, running_server

VENV = ROOT / ".venv"
needs_make_env = pytest.mark.usefixtures("make", "venv_made_by_make")


@needs_make_env
def test_second_run_installs_nothing():
    stamps = [".venv/.installed-lab", ".venv/.installed-test"]
    # npm's test tools (axe-core), where npm could install them
    stamps += [".venv/.installed-npm"] if (VENV / ".installed-npm").exists() else []
    for stamp in stamps:
        question = subprocess.run(["make", "--question", stamp], cwd=ROOT)
        assert question.returncode == 0, f"make would rebuild {stamp} (and reinstall)"
    dry_run = subprocess.run(
        ["make", "--dry-run", "test"], cwd=ROOT, capture_output=True, text=True
    )
    assert "pip" not in dry_run.stdout, dry_run.stdout
    assert "npm ci" not in dry_run.stdout or len(stamps) == 2, dry_run.stdout


@needs_make_env
def test_the_fast_loop_lints_and_runs_every_test_not_marked_slow():
    dry_run = subprocess.run(
        ["make", "--dry-run", "test-fast"], cwd=ROOT, capture_output=True, text=True
    )
    commands = dry_run.stdout.splitlines()
    assert any("ruff check" in c for c in commands), commands
    assert any("ruff format --check" in c for c in commands), commands
    (pytest_run,) = [c for c in commands if "pytest" in c]
    assert '-m "not slow"' in pytest_run


@needs_make_env
@pytest.mark.parametrize(
    ("setting", "expected"),
    [([], "-n 2 --dist loadfile --no-loadscope-reorder"), (["TEST_WORKERS=0"], "-p no:xdist")],
)
def test_make_test_runs_the_files_on_two_processes_unless_told_otherwise(setting, expected):
    dry_run = subprocess.run(
        ["make", "--dry-run", "test", *setting], cwd=ROOT, capture_output=True, text=True
    )
    (pytest_run,) = [c for c in dry_run.stdout.splitlines() if "bin/pytest" in c]
    assert expected in pytest_run


STUDENT_HIDDEN = {
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
}


def jupyter_lab_command(target: str, *settings: str) -> str:
    """The `jupyter lab` command line `make TARGET` would run, from its environment settings."""
    dry_run = subprocess.run(
        ["make", "--dry-run", target, *settings], cwd=ROOT, capture_output=True, text=True
    ).stdout
    (line,) = [line for line in dry_run.splitlines() if "jupyter lab" in line]
    return line[line.index("JUPYTER_PREFER_ENV_PATH=") :].strip()


def test_make_lab_and_make_instructor_run_one_jupyter_lab_command_line(tmp_path):
    student = jupyter_lab_command("lab", f"WORK={tmp_path}", "PORT=8123", "LAB_ARGS=--x=1")
    instructor = jupyter_lab_command("instructor", "PORT=8123", "LAB_ARGS=--x=1")
    assert student.replace(f"root_dir={tmp_path}", "root_dir=ROOT") == instructor.replace(
        f"root_dir={ROOT}", "root_dir=ROOT"
    )
    for option in (
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port=8123",
        "--ServerApp.port_retries=0",
        "--KernelManager.transport=ipc",
        "--x=1",
    ):
        assert option in student.split(), (option, student)


def test_one_list_of_the_students_disabled_plugins_serves_lab_binder_and_hub():
    """jupyter/student/ is the student's lab: `make lab` and binder/start put it on Jupyter's
    configuration path, and so does the hub for a student (as tests/end_to_end/test_jupyterhub.py
    checks); no other file of the course names the plugins it turns off."""
    student = ROOT / "jupyter" / "student"
    listed = json.loads((student / "labconfig" / "page_config.json").read_text())
    assert set(listed["disabledExtensions"]) == STUDENT_HIDDEN
    dry_run = subprocess.run(
        ["make", "--dry-run", "lab"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    assert f"JUPYTER_CONFIG_PATH='{student}'" in dry_run
    for plugin in STUDENT_HIDDEN:
        named = subprocess.run(
            ["git", "grep", "--untracked", "-l", "-F", plugin, "--", ".", ":!tests"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.split()
        assert named == ["jupyter/student/labconfig/page_config.json"], (plugin, named)


def page_config(page: str) -> dict:
    return json.loads(
        re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1)
    )


def lessons_status() -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "lessons"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    """`make lab` on a free port, with a temporary work folder; yields (base URL, the log of
    what it printed)."""
    port = free_port()
    folder = tmp_path_factory.mktemp("lab")
    log = folder / "make-lab.log"
    command = ["make", "lab", f"PORT={port}", f"WORK={folder / 'work'}"]
    with running_server(command, port, log) as base:
        yield base, log


@pytest.mark.slow
@needs_make_env
def test_make_lab_serves_jupyterlab_on_the_students_copies(lab_server):
    base, log = lab_server
    assert f"http://127.0.0.1:{base.rsplit(':', 1)[1]}/lab" in log.read_text()
    assert "new lesson: 00-start-here/00-start-here.ipynb" in log.read_text()
    status, page = get(f"{base}/lab")
    assert status == 200
    status, listing = get(f"{base}/api/contents/")
    names = {item["name"] for item in json.loads(listing)["content"]}
    assert names == {p.name for p in (ROOT / "lessons").iterdir() if p.is_dir()}


@pytest.mark.slow
@needs_make_env
def test_make_lab_is_a_students_lab(lab_server):
    """nbgrader's instructor panels are off; the Assignments tab and Validate stay."""
    base, _log = lab_server
    config = page_config(get(f"{base}/lab")[1])
    extensions = {e["name"] for e in config["federated_extensions"]}
    assert "@jupyter/nbgrader" in extensions
    disabled = {d for d in config.get("disabledExtensions", []) if "nbgrader" in str(d)}
    assert disabled == STUDENT_HIDDEN
    # the Formgrader's server extension is not loaded either; the assignment list's is
    with pytest.raises(urllib.error.HTTPError) as missing:
        get(f"{base}/formgrader")
    with missing.value:
        assert missing.value.code == 404
    try:
        get(f"{base}/assignments")
    except urllib.error.HTTPError as answered:
        with answered:
            assert answered.code != 404


@pytest.mark.slow
@needs_make_env
def test_the_students_edit_survives_a_second_make_lab(tmp_path):
    """A student edits a notebook in the lab, stops it and runs `make lab` again: the edit
    is still there, and lessons/ in the repository is untouched."""
    assert lessons_status() == "", "lessons/ has uncommitted changes before the test"
    folder, path = tmp_path / "work", "02-gates-and-parts/02-gates-and-parts.ipynb"
    for run in (1, 2):
        port = free_port()
        command = ["make", "lab", f"PORT={port}", f"WORK={folder}"]
        with running_server(command, port, tmp_path / f"make-lab-{run}.log") as base:
            model = json.loads(get(f"{base}/api/contents/{path}?content=1")[1])
            sources = ["".join(c["source"]) for c in model["content"]["cells"]]
            if run == 1:
                assert "# my answer, kept" not in "".join(sources)
                model["content"]["cells"][0]["source"] = "# my answer, kept\n" + sources[0]
                body = {"type": "notebook", "format": "json", "content": model["content"]}
                put(f"{base}/api/contents/{path}", body)
            else:
                assert sources[0].startswith("# my answer, kept\n")
    assert "# my answer, kept" in (folder / path).read_text()
    assert "# my answer, kept" not in (ROOT / "lessons" / path).read_text()
    assert lessons_status() == ""


def put(url: str, body: dict) -> int:
    """PUT ``body`` as JSON, with the XSRF cookie and header Jupyter asks of a browser."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    opener.open(url.split("/api/", 1)[0] + "/lab", timeout=10).read()
    xsrf = next(c.value for c in cookies if c.name == "_xsrf")
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode("utf-8"),
        method="PUT",
        headers={"Content-Type": "application/json", "X-XSRFToken": xsrf},
    )
    with opener.open(request, timeout=10) as response:
        return response.status


@pytest.mark.slow
@needs_make_env
def test_make_instructor_serves_the_course_root_with_the_formgrader(tmp_path):
    """In a fresh clone (a copy of the repository with this environment: no gradebook yet),
    the Formgrader makes the course's gradebook and lists the lessons."""
    course = repository_copy(tmp_path / "course")
    assert not (course / "grading" / "gradebook.db").exists()
    port = free_port()
    venv = ROOT / ".venv"
    # -o: this environment is never reinstalled from the copy
    command = ["make", "-C", str(course), "-o", f"{venv}/.installed-lab", "instructor"]
    command += [f"VENV={venv}", f"PORT={port}"]
    with running_server(command, port, tmp_path / "make-instructor.log") as base:
        status, listing = get(f"{base}/api/contents/")
        names = {item["name"] for item in json.loads(listing)["content"]}
        assert {"solutions", "lessons", "grading"} <= names
        config = page_config(get(f"{base}/lab")[1])
        disabled = [d for d in config.get("disabledExtensions", []) if "nbgrader" in str(d)]
        assert disabled == []
        status, formgrader = get(f"{base}/formgrader")
        assert status == 200
        assert "marketing-vs-sales" in formgrader or "00-start-here" in formgrader
        status, assignments = get(f"{base}/formgrader/api/assignments")
        assert "00-start-here" in {a["name"] for a in json.loads(assignments)}
    assert (course / "grading" / "gradebook.db").exists()


@pytest.mark.slow
@needs_make_env
def test_make_lab_does_not_fetch_jupyter_news(lab_server):
    base, _log = lab_server
    _status, body = get(f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification")
    # jupyter/overrides.json changes the defaults, which the schema reports.
    defaults = {k: v.get("default") for k, v in json.loads(body)["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false"
    assert defaults["checkForUpdates"] is False
