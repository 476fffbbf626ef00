"""What every test shares: the repository's paths, the system parts a test needs (skipped
outside CI, naming what is missing; failed under CI), the marks (`slow` by folder, `browser`
by fixture, and a failure for a slow test left unmarked), notebooks executed once per session,
a PostgreSQL server and a Chromium page. The servers and the browser's harness are in
tests/harness.py, which benchmarks/ uses too."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn
from urllib.parse import urlparse

import pytest

from incentives.instructor.kernels import private_kernel_config
from tests.harness import CHROMIUM, STARTED, free_port, running_server  # noqa: F401 (tests use them)
from tests.harness import FLAGS as CHROMIUM_FLAGS

if TYPE_CHECKING:
    import nbformat

ROOT = Path(__file__).resolve().parent.parent
ALL_LESSON_IDS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())
LESSON_IDS = ALL_LESSON_IDS
# For a focused run while writing a lesson, INCENTIVES_TEST_LESSONS="04-cloakroom 05-..."
# runs the per-lesson tests on those lessons only. `make test` never sets it.
if os.environ.get("INCENTIVES_TEST_LESSONS"):
    LESSON_IDS = [i for i in ALL_LESSON_IDS if i in os.environ["INCENTIVES_TEST_LESSONS"].split()]
CHECK_RUN_DIR = ROOT / "tests" / "fixtures" / "check_run"


# ---------------------------------------------------------------------------------------------
# System parts: skip outside CI naming what is missing; under CI it must be there
# ---------------------------------------------------------------------------------------------


def missing(what: str) -> NoReturn:
    """Stop the test for want of a part of the system: skip it, naming the part, or under CI
    (``CI=true``), where .ci/run installs every part the tests use, fail it.

    Args:
        what: what is missing, said so that a reader knows what to install, e.g.
            "bubblewrap is not installed".
    """
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true, but {what} (.ci/run installs what the tests need)", pytrace=False)
    pytest.skip(what)


def require_program(name: str, package: str | None = None) -> str:
    """The path of the program ``name`` on PATH (skips, or fails under CI, without it).

    Args:
        name: the command, e.g. "make".
        package: the package that installs it, when its name is not the command's.
    """
    found = shutil.which(name)
    if found is None:
        missing(f"{name} is not on PATH" + (f" (install {package})" if package else ""))
    return found


def require_sandbox() -> None:
    """Skip, or fail under CI, where bubblewrap cannot start the grader's sandbox here."""
    from incentives.instructor import sandbox

    reason = sandbox.unavailable()
    if reason:
        missing(f"the grader's sandbox cannot start: {reason}")


def require_make_environment() -> Path:
    """The .venv that `make` made and installed the tests' packages into (skips, or fails
    under CI, where `make test` runs the tests, when the tests run in another)."""
    venv = ROOT / ".venv"
    if not (venv / ".installed-test").exists():
        missing(f"{venv} was not made by `make` (run the tests with `make test`)")
    return venv


@pytest.fixture(scope="session")
def make() -> str:
    """GNU make's path (skips, or fails under CI, without it)."""
    return require_program("make")


@pytest.fixture(scope="session")
def venv_made_by_make() -> Path:
    """The .venv `make` made (see ``require_make_environment``)."""
    return require_make_environment()


# ---------------------------------------------------------------------------------------------
# Marks: `slow` by folder, `browser` by fixture; a test that starts a kernel or a server, or
# runs a notebook, must be slow (`make test-fast` leaves slow tests out)
# ---------------------------------------------------------------------------------------------

TESTS = ROOT / "tests"
# The folders of tests/ whose every test is slow: a test placed in one needs no mark of its
# own. Elsewhere (tests/ mirrors the package, so a folder holds fast and slow tests of one
# part) a slow test carries @pytest.mark.slow, and a test that starts a kernel, a server or
# a browser without it fails.
SLOW_FOLDERS = ("end_to_end", "build")
# Fixtures that run a notebook, start a kernel or a server, or drive a browser: a test that
# uses one, directly or through another fixture, must be slow.
SLOW_FIXTURES = ("executed", "chromium")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives Chromium (set on every test using the chromium fixture)"
    )
    import_jsonschema_without_the_iri_grammar()
    record_kernel_starts()


def import_jsonschema_without_the_iri_grammar() -> None:
    """Import jsonschema (nbformat, nbclient and nbgrader import it) before any test module
    does, with the optional ``rfc3987_syntax`` package hidden, as a course kernel does
    (``incentives.views.live.load_altair``): jsonschema builds that package's grammar, seconds
    of CPU in every test process, only to check strings of the "iri" format, which no test
    checks. The package imports normally afterwards."""
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None  # an import of it raises ImportError
    try:
        import jsonschema  # noqa: F401
    finally:
        del sys.modules["rfc3987_syntax"]


def in_slow_folder(path: Path) -> bool:
    """Whether a test file lies in one of SLOW_FOLDERS (at any depth under tests/)."""
    path = path.resolve()
    folders = path.relative_to(TESTS).parts[:-1] if path.is_relative_to(TESTS) else ()
    return any(folder in SLOW_FOLDERS for folder in folders)


# About how long the longest test files run, in seconds (`make test --durations=100` on the
# 2-core machine, with other work on it: what counts is their order). Under xdist
# (`--dist loadfile --no-loadscope-reorder`) the workers take the files in the order collected;
# conftest collects these first, longest first, so the short files fill the gaps at the end.
# (xdist's own order, the files with most tests first, left long files of few tests, such as
# the exchange's, to run alone at the end.) A file not listed counts as short.
LONGEST_FILES = {
    "test_grading.py": 710,
    "test_hostile_submissions.py": 460,
    "test_jupyterhub.py": 300,
    "test_check.py": 250,
    "test_exchange.py": 205,
    "test_grading_faults.py": 205,
    "test_term.py": 190,
    "test_bench.py": 185,
    "test_class_grading.py": 175,
    "test_browser.py": 140,
    "test_setup.py": 135,
    "test_wrong_answers.py": 130,
    "test_notebooks.py": 120,
    "test_no_make.py": 105,
    "test_release.py": 90,
    "test_postgres.py": 90,
    "test_sandbox.py": 75,
    "test_make.py": 70,
    "test_charts.py": 60,
    "test_romanian_edition.py": 60,
    "test_grading_robustness.py": 60,
    "test_kernels.py": 40,
    "test_romanian_lesson.py": 35,
    "test_site.py": 55,
    "test_live_chart.py": 27,
    "test_site_browser.py": 25,
    "test_binder.py": 25,
    "test_mixed_class.py": 25,
}


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` deselects
def pytest_collection_modifyitems(config, items):
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if in_slow_folder(item.path):
            item.add_marker(pytest.mark.slow)
        if "chromium" in fixtures:
            item.add_marker(pytest.mark.browser)
    if hasattr(config, "workerinput"):  # an xdist worker: the longest files first
        items.sort(key=lambda item: -LONGEST_FILES.get(item.path.name, 0))


def slow_but_unmarked(item) -> str | None:
    """Why a test not marked slow should be (it uses a slow fixture), or None."""
    if item.get_closest_marker("slow"):
        return None
    used = [name for name in SLOW_FIXTURES if name in getattr(item, "fixturenames", ())]
    return f"it uses the fixture {used[0]!r}" if used else None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """Before the test's fixtures: a slow test left unmarked fails, and a browser test looks
    for Chromium before any fixture starts a server or grades a class for its page."""
    STARTED.clear()
    reason = slow_but_unmarked(item)
    if reason:
        pytest.fail(f"{NOT_MARKED_SLOW}: {reason}", pytrace=False)
    if item.get_closest_marker("browser"):
        require_chromium()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After the test: if it (or its fixtures) started a kernel or a server, it must be slow."""
    result = yield
    if STARTED and not item.get_closest_marker("slow"):
        pytest.fail(f"{NOT_MARKED_SLOW}: it started {STARTED[0]}", pytrace=False)
    return result


NOT_MARKED_SLOW = (
    "this test is slow but not marked so, and would slow `make test-fast`: move it into a "
    f"slow folder of tests/ ({', '.join(SLOW_FOLDERS)}) or mark it @pytest.mark.slow"
)


def record_kernel_starts() -> None:
    """Note every kernel this process starts (jupyter_client's one way to launch a kernel) in
    STARTED, the harness's list of what the running test started."""
    from jupyter_client.provisioning import local_provisioner

    launch = local_provisioner.launch_kernel
    if getattr(launch, "records_starts", False):
        return

    def recorded(cmd, **kwargs):
        STARTED.append(f"a kernel ({' '.join(map(str, cmd[:3]))})")
        return launch(cmd, **kwargs)

    recorded.records_starts = True
    local_provisioner.launch_kernel = recorded


def check_run(month: str = "2025-09", plan=None):
    """The check run (docs/model.md) as a model company, read from tests/fixtures/check_run:
    one gate and one part lead type, 3 reps x 120 h, the parts campaign from July, tiered
    revenue."""
    from incentives.model.build import company_from

    return company_from(CHECK_RUN_DIR, month=month, plan=plan)


def check_run_lead_types():
    """The check run's two lead types, ``(GATE, PART)``."""
    return check_run().lead_types


def notebooks(folder: str) -> list[Path]:
    """Every notebook under ``folder`` (``solutions`` or ``lessons``), checkpoints excluded."""
    return sorted(
        p for p in (ROOT / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_exercise_cell(cell) -> bool:
    """An answer cell or a test cell: the cells allowed to fail in an unanswered lesson."""
    meta = nbgrader_meta(cell)
    return bool(meta.get("solution") or meta.get("grade"))


def execute(path: Path, *, allow_errors: bool) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh kernel, from its own folder, as a student would."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=allow_errors,
        store_widget_state=True,
        resources={"metadata": {"path": str(path.parent)}},
        config=private_kernel_config(),
        shutdown_kernel="immediate",  # every output is in: no need to wait for it to stop
    )
    client.execute()
    return nb


@pytest.fixture(scope="session")
def executed():
    """``executed(path, allow_errors)``: a notebook's executed copy, run once per session."""
    cache: dict[tuple[Path, bool], nbformat.NotebookNode] = {}

    def run(path: Path, allow_errors: bool = False) -> nbformat.NotebookNode:
        key = (path, allow_errors)
        if key not in cache:
            cache[key] = execute(path, allow_errors=allow_errors)
        return cache[key]

    return run


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode("utf-8")


def normalised(spec: dict) -> dict:
    """A Vega-Lite spec with its one dataset renamed "data" (and every reference to it), so
    that a lab's updated spec and a freshly built chart compare equal."""
    (name,) = spec["datasets"]

    def walk(node):
        if isinstance(node, dict):
            if node == {"name": name}:
                return {"name": "data"}
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    renamed = walk({key: value for key, value in spec.items() if key != "datasets"})
    renamed["datasets"] = {"data": spec["datasets"][name]}
    return renamed


def assert_shows_fresh_chart(live, builder, *args) -> None:
    """Assert that a lab's live chart, after its updates, shows exactly what a freshly built
    chart would: ``builder(*args)``, e.g. ``charts.scorecards, outcome.scorecards()``."""
    assert normalised(live.spec) == normalised(builder(*args).to_dict())


def repository_copy(destination: Path) -> Path:
    """The repository's files as a clone would have them (tracked, plus new files not
    ignored): no .venv, no work folder, no caches, whatever else lies in this folder."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """The library's wheel, built from a clean copy of this checkout as a release would be
    (setuptools' build/ folder in a working copy can hold files of an older layout)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("src", "data"):
        shutil.copytree(
            ROOT / folder, source / folder, ignore=shutil.ignore_patterns("*.pyc", "*.egg-info")
        )
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--wheel-dir", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("incentives-*.whl")
    return path


# ---------------------------------------------------------------------------------------------
# PostgreSQL: a real server that a test starts on 127.0.0.1, and stops
# ---------------------------------------------------------------------------------------------


def postgres_programs() -> str:
    """The folder of PostgreSQL's initdb and pg_ctl (skips, or fails under CI, without)."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(folder, "initdb")):
            return folder
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(found)
    missing("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    return ""


@contextlib.contextmanager
def postgres_server(password: str | None = None):
    """A fresh PostgreSQL cluster on 127.0.0.1 with an empty database ``gradebook``: yields
    its URL (``postgresql+psycopg://course_test[:password]@127.0.0.1:<port>/gradebook``).
    Without a password the server trusts every connection; with one, it asks for it."""
    try:
        import psycopg  # noqa: F401 (the gradebook's driver, in make test's environment)
    except ImportError:
        missing("the psycopg driver is not installed (make test installs it)")
    programs = postgres_programs()
    as_user: list[str] = []
    # Not under pytest's own temporary folder: as root that folder is closed to other
    # accounts, and the server runs as 'postgres'.
    home = Path(tempfile.mkdtemp(prefix="course-postgres-"))
    data = home / "data"
    data.mkdir()
    if os.geteuid() == 0:
        known = subprocess.run(["id", "postgres"], capture_output=True).returncode == 0
        if shutil.which("runuser") is None or not known:
            shutil.rmtree(home, ignore_errors=True)
            missing("running as root and no 'postgres' account to run the server as")
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(home, "postgres")
        shutil.chown(data, "postgres")
    port = free_port()
    STARTED.append("a PostgreSQL server")
    env = dict(os.environ, PGPASSWORD=password) if password else None

    def run(*command):
        done = subprocess.run([*as_user, *command], capture_output=True, text=True, env=env)
        assert done.returncode == 0, f"{command[0]} failed: {done.stderr or done.stdout}"
        return done

    auth = ["--auth=trust"]
    if password:
        secret = home / "password"
        secret.write_text(password)
        if as_user:
            shutil.chown(secret, "postgres")
        auth = ["--auth=scram-sha-256", f"--pwfile={secret}"]
    run(f"{programs}/initdb", "-D", str(data), "-U", "course_test", *auth, "-E", "UTF8")
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {data}"
    log = data / "server.log"
    run(f"{programs}/pg_ctl", "-D", str(data), "-o", options, "-l", str(log), "-w", "start")
    try:
        run(
            f"{programs}/createdb",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "course_test",
            "gradebook",
        )
        user = f"course_test:{password}" if password else "course_test"
        yield f"postgresql+psycopg://{user}@127.0.0.1:{port}/gradebook"
    finally:
        run(f"{programs}/pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(home, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Real-browser tests: Debian's chromium driven by playwright, nothing loaded off this machine
# ---------------------------------------------------------------------------------------------

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def require_chromium() -> Path:
    """Debian's chromium (skips, or fails under CI, without it)."""
    if not CHROMIUM.exists():
        missing(f"Debian's chromium is not installed ({CHROMIUM} is missing)")
    return CHROMIUM


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's chromium. A fixture that starts a server for a browser to open asks for it
    first, so the server is not started in vain; every test that asks for it, directly or
    through another fixture, is marked ``browser``."""
    return require_chromium()


@pytest.fixture
def browser_page(chromium):
    """A headless Chromium page, and the list of requests it makes off this machine."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield page, off_machine_requests(page)
        browser.close()


def off_machine_requests(page) -> list[str]:
    """Start recording every request to a host other than this machine."""
    seen: list[str] = []

    def note(request):
        url = urlparse(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in LOCAL_HOSTS:
            seen.append(request.url)

    page.on("request", note)
    return seen
