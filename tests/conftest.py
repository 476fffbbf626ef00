"""Shared fixtures: the repository's paths and notebooks executed once per test session."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest
from nbclient import NotebookClient

from benchmarks.servers import CHROMIUM, free_port, running_server  # noqa: F401 (tests use them)
from benchmarks.servers import FLAGS as CHROMIUM_FLAGS
from incentives.instructor.kernels import private_kernel_config

ROOT = Path(__file__).resolve().parent.parent
ALL_LESSON_IDS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())
LESSON_IDS = ALL_LESSON_IDS
# For a focused run while writing a lesson, INCENTIVES_TEST_LESSONS="04-cloakroom 05-..."
# runs the per-lesson tests on those lessons only. `make test` never sets it.
if os.environ.get("INCENTIVES_TEST_LESSONS"):
    LESSON_IDS = [i for i in ALL_LESSON_IDS if i in os.environ["INCENTIVES_TEST_LESSONS"].split()]
CHECK_RUN_DIR = ROOT / "tests" / "fixtures" / "check_run"


def check_run(month: str = "2025-09", plan=None):
    """DOMAIN.md's check run as a model company, read from tests/fixtures/check_run: one gate
    and one part lead type, 3 reps x 120 h, the parts campaign from July, tiered revenue."""
    from incentives.model.companies import company_from

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
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=allow_errors,
        store_widget_state=True,
        resources={"metadata": {"path": str(path.parent)}},
        config=private_kernel_config(),
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


# ---------------------------------------------------------------------------------------------
# PostgreSQL: a real server that a test starts on 127.0.0.1, and stops
# ---------------------------------------------------------------------------------------------


def missing_postgres(reason: str) -> None:
    """Skip (outside CI) naming what is missing; under CI (``CI=true``) it must be there."""
    if os.environ.get("CI") == "true":
        raise AssertionError(f"CI=true, but {reason} (.ci/run installs postgresql)")
    pytest.skip(reason)


def postgres_programs() -> str:
    """The folder of PostgreSQL's initdb and pg_ctl (skips, or fails under CI, without)."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(folder, "initdb")):
            return folder
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(found)
    missing_postgres("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    return ""


@contextlib.contextmanager
def postgres_server(password: str | None = None):
    """A fresh PostgreSQL cluster on 127.0.0.1 with an empty database ``gradebook``: yields
    its URL (``postgresql+psycopg://course_test[:password]@127.0.0.1:<port>/gradebook``).
    Without a password the server trusts every connection; with one, it asks for it."""
    pytest.importorskip("psycopg", reason="the psycopg driver is not installed (make test)")
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
            missing_postgres("running as root and no 'postgres' account to run the server as")
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(home, "postgres")
        shutil.chown(data, "postgres")
    port = free_port()
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


def require_chromium() -> None:
    """Skip (outside CI) when Debian's chromium is missing; under CI it must be there."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            raise AssertionError("CI=true but /usr/bin/chromium is missing (.ci/run installs it)")
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")


@pytest.fixture
def browser_page():
    """A headless Chromium page, and the list of requests it makes off this machine."""
    from playwright.sync_api import sync_playwright

    require_chromium()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
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
