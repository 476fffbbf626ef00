"""A class graded into a PostgreSQL gradebook: a real server, started here on 127.0.0.1.

Outside CI the test skips, naming what is missing, when PostgreSQL's server programs are not
installed (Debian's `postgresql` package; `.ci/run` installs it) or, as root, there is no
`postgres` account to run the server as (PostgreSQL refuses to run as root). Under CI
(`CI=true`) it must run.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT, free_port, repository_copy

from incentives.course import cli, export, grading, nbgrader_tools

pytestmark = pytest.mark.slow

LESSON = "00-start-here"


def missing(reason: str):
    if os.environ.get("CI") == "true":
        raise AssertionError(f"CI=true, but {reason} (.ci/run installs postgresql)")
    pytest.skip(reason)


def server_programs() -> str:
    """The folder of PostgreSQL's initdb and pg_ctl."""
    for pattern in ("/usr/lib/postgresql/*/bin",):
        for folder in sorted(glob.glob(pattern), reverse=True):
            if os.path.exists(os.path.join(folder, "initdb")):
                return folder
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(found)
    missing("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    return ""


@pytest.fixture(scope="module")
def postgres_url():
    """A fresh PostgreSQL cluster on 127.0.0.1, its database URL; stopped afterwards."""
    pytest.importorskip("psycopg", reason="the psycopg driver is not installed (make test)")
    programs = server_programs()
    as_user: list[str] = []
    # Not under pytest's own temporary folder: as root that folder is closed to other
    # accounts, and the server runs as 'postgres'.
    home = Path(tempfile.mkdtemp(prefix="course-postgres-"))
    data = home / "data"
    data.mkdir()
    if os.geteuid() == 0:
        known = subprocess.run(["id", "postgres"], capture_output=True).returncode == 0
        if shutil.which("runuser") is None or not known:
            missing("running as root and no 'postgres' account to run the server as")
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(home, "postgres")
        shutil.chown(data, "postgres")
    port = free_port()

    def run(*command):
        done = subprocess.run([*as_user, *command], capture_output=True, text=True)
        assert done.returncode == 0, f"{command[0]} failed: {done.stderr or done.stdout}"
        return done

    run(f"{programs}/initdb", "-D", str(data), "-U", "course_test", "--auth=trust", "-E", "UTF8")
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
        yield f"postgresql+psycopg://course_test@127.0.0.1:{port}/gradebook"
    finally:
        run(f"{programs}/pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(home, ignore_errors=True)


def test_a_class_is_graded_into_postgresql_and_exported(postgres_url, tmp_path, monkeypatch):
    import psycopg

    course = repository_copy(tmp_path / "course")
    monkeypatch.setenv("COURSE_GRADEBOOK_URL", postgres_url)
    assert nbgrader_tools.load_config(course).CourseDirectory.db_url == postgres_url

    (tmp_path / "class.csv").write_text("id,first_name,last_name\nana,Ana,Pop\nbo,Bo,Ene\n")
    assert cli.main(["--root", str(course), "roster", str(tmp_path / "class.csv")]) == 0
    submitted = course / "grading" / "submitted"
    shutil.copytree(ROOT / "solutions" / LESSON, submitted / "ana" / LESSON)
    shutil.copytree(ROOT / "lessons" / LESSON, submitted / "bo" / LESSON)

    results = {r.student: r for r in grading.grade(course, workers=2, cell_timeout=30)}

    assert results["ana"].score == 3 and results["bo"].score == 0
    assert not (course / "grading" / "gradebook.db").exists()  # nothing went to SQLite
    by_lesson, _ = export.tables(export.cell_grades(course, postgres_url))
    assert [row[:2] for row in by_lesson[1:]] == [["ana", "3"], ["bo", "0"]]
    plain = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as connection:
        (count,) = connection.execute("select count(*) from submitted_assignment").fetchone()
        (names,) = connection.execute("select count(*) from student").fetchone()
    assert count == 2 and names == 2
